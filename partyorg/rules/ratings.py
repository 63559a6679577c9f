"""Annual review and quality rating (kiểm điểm, đánh giá, xếp loại chất lượng), RULES.md §3, §2.8, §2.10.

Four regimes, chosen by the day of the review (never by a setting), as RULES.md §3.1 dates them:

=============  ==========================================  ===========================  =============
regime         documents                                   in force                     score
=============  ==========================================  ===========================  =============
``hd27_2014``  HD 27-HD/BTCTW (25/09/2014), "TSVM" era     25/09/2014 – 07/03/2018      organizations
``qd132_2018`` QĐ 132-QĐ/TW (08/03/2018), HD 16, HD 21     08/03/2018 – 03/10/2023      none
``qd124_2023`` QĐ 124-QĐ/TW (04/10/2023), HD 25            04/10/2023 – 29/08/2025      none
``qd366_2025`` QĐ 366-QĐ/TW (30/08/2025), HD 43, KL 198    from 30/08/2025              100 points
=============  ==========================================  ===========================  =============

Levels are stored as codes (``excellent`` … ``not_fulfilled``; ``clean_strong`` and ``weak`` for
organizations before 2018); each regime gives their Vietnamese labels. A review held before
25/09/2014 is refused: RULES.md names no earlier regime.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import config
from partyorg.rules._dates import completed_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import (
    FORM_6F_TEMPLATE,
    HD_21_2019,
    HD_27_2014,
    HD_43_2025,
    ND_335_2025,
    QD_124,
    QD_132,
    QD_366,
    RULES_MD,
)

# -- levels -------------------------------------------------------------------------------------

EXCELLENT = "excellent"
GOOD = "good"
FULFILLED = "fulfilled"
NOT_FULFILLED = "not_fulfilled"
CLEAN_STRONG = "clean_strong"  # trong sạch vững mạnh (organizations, 2014 era)
WEAK = "weak"  # yếu kém (organizations, 2014 era)

# Rank of a level, best = 4, across regimes. [U] interpretation: "trong sạch vững mạnh" (2014) is set
# level with "hoàn thành xuất sắc" (2018 on) because the 2018 guidance kept "TSVM tiêu biểu" as the award
# of organizations rated excellent (RULES.md §3.1); streaks across 2017/2018 rely on it.
RANK = {CLEAN_STRONG: 4, EXCELLENT: 4, GOOD: 3, FULFILLED: 2, NOT_FULFILLED: 1, WEAK: 1}

# The labels are marked for translation but stay plain strings (stored, exported, compared); a refusal
# translates the ones it names.
LABELS = {
    EXCELLENT: gettext_noop("Hoàn thành xuất sắc nhiệm vụ"),
    GOOD: gettext_noop("Hoàn thành tốt nhiệm vụ"),
    FULFILLED: gettext_noop("Hoàn thành nhiệm vụ"),
    NOT_FULFILLED: gettext_noop("Không hoàn thành nhiệm vụ"),
    CLEAN_STRONG: gettext_noop("Trong sạch vững mạnh"),
    WEAK: gettext_noop("Yếu kém"),
}
# [U] RULES.md §3.1: the 2014 member labels rest on "đủ tư cách / vi phạm tư cách"; the exact wording
# was not retrieved. These are the labels in common use under HD 27 (2014).
LABELS_2014_MEMBERS = {
    EXCELLENT: gettext_noop("Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"),
    GOOD: gettext_noop("Đủ tư cách, hoàn thành tốt nhiệm vụ"),
    FULFILLED: gettext_noop("Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế"),
    NOT_FULFILLED: gettext_noop("Vi phạm tư cách hoặc không hoàn thành nhiệm vụ"),
}

MEMBER = "member"
ORGANIZATION = "organization"

# Review periods (RULES.md §3.2: from QĐ 366 "theo nhiệm kỳ, hằng năm, hằng quý hoặc khi cần thiết").
YEAR = "year"
QUARTER = "quarter"
TERM = "term"
AD_HOC = "ad_hoc"
PERIOD_LABELS = {
    YEAR: gettext_noop("năm"),
    QUARTER: gettext_noop("quý"),
    TERM: gettext_noop("nhiệm kỳ"),
    AD_HOC: gettext_noop("khi cần thiết"),
}

# -- the regimes --------------------------------------------------------------------------------

REGIME_2014_RULE = Rule(
    "ratings.regime_2014",
    "Đánh giá, xếp loại theo Hướng dẫn 27-HD/BTCTW: tổ chức đảng Trong sạch vững mạnh, Hoàn thành tốt "
    "nhiệm vụ, Hoàn thành nhiệm vụ, Yếu kém (chấm điểm)",
    HD_27_2014.at("toàn văn", "§3.1"),
    Confidence.VERIFIED,
    valid_from=date(2014, 9, 25),
    valid_until=date(2018, 3, 8),
)
REGIME_2018_RULE = Rule(
    "ratings.regime_2018",
    "Đánh giá, xếp loại theo Quy định 132-QĐ/TW: Hoàn thành xuất sắc, Hoàn thành tốt, Hoàn thành, "
    "Không hoàn thành nhiệm vụ",
    QD_132.at("toàn văn; HD 16-HD/BTCTW, HD 21-HD/BTCTW", "§3.1"),
    Confidence.VERIFIED,
    valid_from=date(2018, 3, 8),
    valid_until=date(2023, 10, 4),
)
REGIME_2023_RULE = Rule(
    "ratings.regime_2023",
    "Đánh giá, xếp loại theo Quy định 124-QĐ/TW: bốn mức như Quy định 132",
    QD_124.at("Điều 12; HD 25-HD/BTCTW", "§3.1"),
    Confidence.VERIFIED,
    valid_from=date(2023, 10, 4),
    valid_until=date(2025, 8, 30),
)
REGIME_2025_RULE = Rule(
    "ratings.regime_2025",
    "Đánh giá, xếp loại theo Quy định 366-QĐ/TW: bốn mức trên thang điểm 100",
    QD_366.at("toàn văn; HD 43-HD/BTCTW", "§3.1, §3.2"),
    Confidence.VERIFIED,
    valid_from=date(2025, 8, 30),
)
SCORE_2025_RULE = Rule(
    "ratings.score_2025",
    "Thang điểm 100: từ 90 điểm Hoàn thành xuất sắc; từ 70 đến dưới 90 Hoàn thành tốt; từ 50 đến dưới 70 "
    "Hoàn thành; dưới 50 Không hoàn thành nhiệm vụ",
    QD_366.at("Điều 11", "§3.1, §3.2"),
    Confidence.VERIFIED,
    valid_from=date(2025, 8, 30),
)
PERIODS_2025_RULE = Rule(
    "ratings.periods_2025",
    "Từ Quy định 366-QĐ/TW đánh giá theo nhiệm kỳ, hằng năm, hằng quý hoặc khi cần thiết; trước đó hằng năm",
    QD_366.at("toàn văn", "§3.2"),
    Confidence.VERIFIED,
)
SCORE_ORG_2014_RULE = Rule(
    "ratings.score_org_2014",
    "Tổ chức đảng dưới 50 điểm xếp loại Yếu kém",
    HD_27_2014.at("toàn văn", "§3.1"),
    Confidence.VERIFIED,
    valid_from=date(2014, 9, 25),
    valid_until=date(2018, 3, 8),
)


@dataclass(frozen=True)
class Regime:
    code: str
    rule: Rule
    member_levels: tuple[str, ...]  # best first
    organization_levels: tuple[str, ...]
    member_scored: bool  # a member's rating carries a score (and must)
    organization_scored: bool  # an organization's rating may carry a score
    periods: frozenset[str]

    def label(self, level: str, subject: str = MEMBER) -> str:
        if self.code == "hd27_2014" and subject == MEMBER:
            return LABELS_2014_MEMBERS[level]
        return LABELS[level]

    def levels(self, subject: str) -> tuple[str, ...]:
        return self.member_levels if subject == MEMBER else self.organization_levels


FOUR_LEVELS = (EXCELLENT, GOOD, FULFILLED, NOT_FULFILLED)
REGIMES = (
    Regime(
        "hd27_2014",
        REGIME_2014_RULE,
        FOUR_LEVELS,
        (CLEAN_STRONG, GOOD, FULFILLED, WEAK),
        member_scored=False,
        organization_scored=True,
        periods=frozenset({YEAR}),
    ),
    Regime("qd132_2018", REGIME_2018_RULE, FOUR_LEVELS, FOUR_LEVELS, False, False, frozenset({YEAR})),
    Regime("qd124_2023", REGIME_2023_RULE, FOUR_LEVELS, FOUR_LEVELS, False, False, frozenset({YEAR})),
    Regime(
        "qd366_2025",
        REGIME_2025_RULE,
        FOUR_LEVELS,
        FOUR_LEVELS,
        member_scored=True,
        organization_scored=True,
        periods=frozenset({YEAR, QUARTER, TERM, AD_HOC}),
    ),
)


def regime_on(reviewed_on: date) -> Regime:
    """The regime of a review held on ``reviewed_on`` (RULES.md §3.1, by date)."""
    for regime in REGIMES:
        if regime.rule.in_force_on(reviewed_on):
            return regime
    raise RuleViolation(
        REGIME_2014_RULE,
        _(
            "Chưa có quy định đánh giá, xếp loại nào trong hệ thống cho ngày %(day)s "
            "(sớm nhất là Hướng dẫn 27-HD/BTCTW ngày 25/09/2014)."
        )
        % {"day": fmt(reviewed_on)},
    )


def check_period(reviewed_on: date, period: str) -> Regime:
    """Quarterly, per-term and ad-hoc reviews exist only from QĐ 366 (30/08/2025) [V]."""
    regime = regime_on(reviewed_on)
    if period not in PERIOD_LABELS:
        raise ValueError(f"unknown review period: {period!r}")
    if period not in regime.periods:
        raise RuleViolation(
            PERIODS_2025_RULE,
            _(
                "Ngày %(day)s chỉ đánh giá, xếp loại hằng năm; đánh giá theo "
                "%(period)s có từ Quy định 366-QĐ/TW ngày 30/08/2025."
            )
            % {"day": fmt(reviewed_on), "period": _(PERIOD_LABELS[period])},
        )
    return regime


def _about(who: str, message: str) -> str:
    """The message of a refusal about one member among many rated at once, naming them first."""
    return _("%(who)s: %(message)s") % {"who": who, "message": message} if who else message


def check_level(regime: Regime, level: str, subject: str, *, who: str = "") -> None:
    """``who``: the member rated ("Nguyễn Văn An (DB000001)"), named in the refusal, since a cell's
    roster is rated in one form."""
    if level not in regime.levels(subject):
        allowed = ", ".join(_(regime.label(x, subject)) for x in regime.levels(subject))
        label = _(LABELS[level]) if level in LABELS else level  # an unknown code is shown as it is
        raise RuleViolation(
            regime.rule,
            _about(
                who,
                _("Mức xếp loại “%(level)s” không có trong quy định đang áp dụng; các mức là: %(allowed)s.")
                % {"level": label, "allowed": allowed},
            ),
        )


def level_for_score(score: Decimal) -> str:
    """The level a 100-point score gives under QĐ 366 Art. 11 [V]."""
    if score >= 90:
        return EXCELLENT
    if score >= 70:
        return GOOD
    if score >= 50:
        return FULFILLED
    return NOT_FULFILLED


def check_score(regime: Regime, level: str, score: Decimal | None, subject: str, *, who: str = "") -> None:
    """A score where the regime has one, none where it has none, and a level the score allows.

    QĐ 366 [V]: a level above what the score gives is refused; a lower one is allowed, because each
    level also needs conditions besides the score (for "xuất sắc": ≥ 30% of tasks above requirement;
    "Không hoàn thành" also on a disqualifying condition) that partyorg does not record.
    HD 27 (2014) [V]: an organization under 50 points is "Yếu kém".
    ``who``: the member rated, named in the refusal (with the missing score said as such).
    """
    scored = regime.member_scored if subject == MEMBER else regime.organization_scored

    def whom() -> str:  # translated only when a refusal is written (the demo rates 467.000 times)
        return _("đảng viên") if subject == MEMBER else _("tổ chức đảng")

    if score is None:
        if scored and regime.code == "qd366_2025":
            rule = _("Theo Quy định 366-QĐ/TW phải ghi điểm (thang 100) khi xếp loại %(whom)s.") % {
                "whom": whom()
            }
            if who:
                rule = _("Chưa ghi điểm của %(who)s. %(rule)s") % {"who": who, "rule": rule}
            raise RuleViolation(SCORE_2025_RULE, rule)
        return
    if not scored:
        raise RuleViolation(
            regime.rule,
            _about(
                who,
                _("Quy định đánh giá, xếp loại đang áp dụng không chấm điểm %(whom)s; bỏ trống điểm.")
                % {"whom": whom()},
            ),
        )
    if not Decimal(0) <= score <= Decimal(100):
        raise RuleViolation(
            SCORE_2025_RULE, _about(who, _("Điểm %(score)s ngoài thang 0–100.") % {"score": score})
        )
    if regime.code == "qd366_2025":
        allowed = level_for_score(score)
        if RANK[level] > RANK[allowed]:
            raise RuleViolation(
                SCORE_2025_RULE,
                _about(
                    who,
                    _("%(score)s điểm chỉ đạt mức “%(allowed)s”, không thể xếp loại “%(level)s”.")
                    % {"score": score, "allowed": _(LABELS[allowed]), "level": _(LABELS[level])},
                ),
            )
    elif regime.code == "hd27_2014" and score < 50 and level != WEAK:
        raise RuleViolation(
            SCORE_ORG_2014_RULE,
            _("Tổ chức đảng đạt %(score)s điểm (dưới 50) phải xếp loại “Yếu kém”.") % {"score": score},
        )


# -- who is rated (RULES.md §3.3, §2.8) ---------------------------------------------------------

EXEMPT_RULE = Rule(
    "ratings.exempt_not_rated",
    "Đảng viên được miễn công tác và sinh hoạt đảng không đánh giá, xếp loại",
    HD_21_2019.at("toàn văn; HD 16-HD/BTCTW", "§3.3, §2.8"),
    Confidence.VERIFIED,
)
SUSPENDED_RULE = Rule(
    "ratings.suspended_not_rated",
    "Đảng viên bị đình chỉ sinh hoạt đảng không đánh giá, xếp loại (từ Hướng dẫn 21-HD/BTCTW)",
    HD_21_2019.at("toàn văn", "§3.3"),
    Confidence.VERIFIED,
    valid_from=date(2019, 10, 18),
)
NEW_MEMBER_RULE = Rule(
    "ratings.new_member_not_rated",
    "Đảng viên mới kết nạp dưới 6 tháng không phải kiểm điểm, xếp loại (có thể cấu hình)",
    FORM_6F_TEMPLATE.at("mẫu 6F", "§3.3, §8 mục 9"),
    Confidence.PARTIAL,
)
NEW_MEMBER_DATE_RULE = Rule(
    "ratings.new_member_counted_from",
    "Thời gian “mới kết nạp” tính từ ngày quyết định kết nạp (có thể cấu hình: từ ngày lễ kết nạp)",
    RULES_MD.at("diễn giải", "§3.3"),
    Confidence.UNVERIFIED,
)
# Exempt members are excluded in every regime: RULES.md §3.3 states the exclusion without a start date
# (only the suspended one is dated "since HD 21"), although the page it quotes is of 2018–2019.

EXEMPT = "exempt"
SUSPENDED = "suspended"
NEW_MEMBER = "new_member"
EXCLUSION_LABELS = {
    EXEMPT: gettext_noop("Được miễn công tác và sinh hoạt đảng"),
    SUSPENDED: gettext_noop("Bị đình chỉ sinh hoạt đảng"),
    NEW_MEMBER: gettext_noop("Mới kết nạp dưới 6 tháng"),
}


@dataclass(frozen=True)
class Exclusion:
    reason: str  # EXEMPT, SUSPENDED, NEW_MEMBER
    rule: Rule
    text: str  # Vietnamese, with the dates


def exclusion(
    reviewed_on: date,
    *,
    exempt: bool,
    suspended: bool,
    admitted_on: date | None,
    ceremony_on: date | None = None,
) -> Exclusion | None:
    """Why a member held by the reviewing organization on ``reviewed_on`` is not rated, or None.

    ``admitted_on`` is the last admission (or re-admission) decision, ``ceremony_on`` its ceremony.
    Probationary members are rated (RULES.md §3.3 [P]: they are not in the exclusion list). A committee
    member suspended only from committee activity is rated: partyorg's suspension flag is suspension from
    party activity (event ``SUSPENDED``).
    """
    if exempt:
        return Exclusion(EXEMPT, EXEMPT_RULE, _("Được miễn công tác và sinh hoạt đảng: không xếp loại."))
    if suspended and SUSPENDED_RULE.in_force_on(reviewed_on):
        return Exclusion(SUSPENDED, SUSPENDED_RULE, _("Bị đình chỉ sinh hoạt đảng: không xếp loại."))
    start = ceremony_on if config.DEFAULTS.rating_new_member_counts_from_ceremony else admitted_on
    months = config.DEFAULTS.rating_new_member_min_months
    if start is not None and months and completed_months(start, reviewed_on) < months:
        return Exclusion(
            NEW_MEMBER,
            NEW_MEMBER_RULE,
            _(
                "Mới kết nạp ngày %(start)s, chưa đủ %(months)s tháng đến ngày kiểm điểm %(day)s: "
                "không xếp loại."
            )
            % {"start": fmt(start), "months": months, "day": fmt(reviewed_on)},
        )
    return None


# -- discipline and the member's level (RULES.md §3.3, §2.10) -------------------------------------

DISCIPLINED_2019_RULE = Rule(
    "ratings.disciplined_not_fulfilled_2019",
    "Đảng viên bị xử lý kỷ luật trong năm xếp loại “Không hoàn thành nhiệm vụ” (một vi phạm chỉ tính "
    "một lần)",
    HD_21_2019.at("toàn văn", "§3.3, §2.10"),
    Confidence.VERIFIED,
    valid_from=date(2019, 10, 18),
    valid_until=date(2023, 10, 4),
)
DISCIPLINED_2023_RULE = Rule(
    "ratings.disciplined_not_fulfilled_2023",
    "Đảng viên bị xử lý kỷ luật trong năm xếp loại “Không hoàn thành nhiệm vụ”, trừ trường hợp tự phát hiện "
    "và khắc phục xong hậu quả",
    QD_124.at("Điều 12", "§3.1, §3.3"),
    Confidence.VERIFIED,
    valid_from=date(2023, 10, 4),
    valid_until=date(2025, 8, 30),
)
DISCIPLINED_2025_RULE = Rule(
    "ratings.disciplined_not_fulfilled_2025",
    "Bị xử lý kỷ luật trong năm đánh giá là điều kiện xếp loại “Không hoàn thành nhiệm vụ” (theo nguồn đối "
    "chiếu; có thể cấu hình)",
    ND_335_2025.at("điều kiện không hoàn thành nhiệm vụ", "§3.2"),
    Confidence.PARTIAL,
    valid_from=date(2025, 8, 30),
)


def discipline_rule_on(reviewed_on: date) -> Rule | None:
    """The rule that makes a disciplined member "Không hoàn thành" on ``reviewed_on``, if any.

    None before HD 21 (18/10/2019): RULES.md cites no earlier text for it.
    """
    for rule in (DISCIPLINED_2019_RULE, DISCIPLINED_2023_RULE):
        if rule.in_force_on(reviewed_on):
            return rule
    if (
        DISCIPLINED_2025_RULE.in_force_on(reviewed_on)
        and config.DEFAULTS.rating_366_disciplined_not_fulfilled
    ):
        return DISCIPLINED_2025_RULE
    return None


def check_discipline(
    reviewed_on: date,
    level: str,
    *,
    measures: list[tuple[date, bool]],
    who: str = "",
) -> None:
    """Refuse a level above "Không hoàn thành" for a member disciplined in the year (``who``: the
    member, named in the refusal).

    ``measures``: (decision day, self-detected and remedied) of the member's measures that count for
    this review: decided in the reviewed year and not already counted in an earlier year's rating
    ("một vi phạm chỉ tính một lần", HD 21). The QĐ 124 exception applies only while QĐ 124 is in force.
    """
    rule = discipline_rule_on(reviewed_on)
    if rule is None or level == NOT_FULFILLED:
        return
    counted = [day for day, remedied in measures if not (remedied and rule is DISCIPLINED_2023_RULE)]
    if counted:
        raise RuleViolation(
            rule,
            _about(
                who,
                _(
                    "Đảng viên bị xử lý kỷ luật ngày %(day)s trong năm đánh giá phải xếp loại "
                    "“Không hoàn thành nhiệm vụ”."
                )
                % {"day": fmt(max(counted))},
            ),
        )


# -- the excellent quota (RULES.md §3.1, §3.2, §8 item 9, §9 item 4) ------------------------------

QUOTA_2018_RULE = Rule(
    "ratings.excellent_quota_2018",
    "Số đảng viên Hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số đảng viên Hoàn thành tốt nhiệm vụ "
    "trong từng tổ chức cơ sở đảng",
    HD_21_2019.at("toàn văn; HD 16-HD/BTCTW", "§3.1, §3.2"),
    Confidence.VERIFIED,
    valid_from=date(2018, 3, 8),
    valid_until=date(2023, 10, 4),
)
QUOTA_2023_RULE = Rule(
    "ratings.excellent_quota_2023",
    "Tỷ lệ đảng viên Hoàn thành xuất sắc nhiệm vụ theo Quy định 124-QĐ/TW (mặc định 20%, có thể cấu hình)",
    QD_124.at("HD 25-HD/BTCTW", "§3.1"),
    Confidence.UNVERIFIED,
    valid_from=date(2023, 10, 4),
    valid_until=date(2025, 8, 30),
)
QUOTA_2025_RULE = Rule(
    "ratings.excellent_quota_2025",
    "Tỷ lệ đảng viên Hoàn thành xuất sắc nhiệm vụ theo Quy định 366-QĐ/TW (mặc định 20%, có thể cấu hình)",
    HD_43_2025.at("toàn văn", "§3.2, §9 mục 4"),
    Confidence.UNVERIFIED,
    valid_from=date(2025, 8, 30),
)
QUOTA_BASE_RULE = Rule(
    "ratings.excellent_quota_base",
    "Cơ số 20%: số đảng viên Hoàn thành tốt nhiệm vụ trở lên (kể cả xuất sắc, có thể cấu hình)",
    RULES_MD.at("diễn giải", "§3.1"),
    Confidence.UNVERIFIED,
)


def quota_on(reviewed_on: date) -> tuple[Rule, int] | None:
    """(rule, percent) of the excellent-member quota on ``reviewed_on``; None when RULES.md has none
    (the 2014 era) or a deployment has switched a [U] quota off."""
    if QUOTA_2018_RULE.in_force_on(reviewed_on):
        return QUOTA_2018_RULE, 20
    for rule, percent in (
        (QUOTA_2023_RULE, config.DEFAULTS.rating_excellent_quota_percent_2023),
        (QUOTA_2025_RULE, config.DEFAULTS.rating_excellent_quota_percent_2025),
    ):
        if rule.in_force_on(reviewed_on):
            return (rule, percent) if percent is not None else None
    return None


def quota_base(counts: Mapping[str, int]) -> int:
    """The number the quota is a share of, from the count of members per level."""
    good = counts.get(GOOD, 0)
    return good + counts.get(EXCELLENT, 0) if config.DEFAULTS.rating_quota_base_includes_excellent else good


def check_excellent_quota(
    reviewed_on: date, counts: Mapping[str, int], *, grassroots_name: str, waiting: int = 0
) -> None:
    """Excellent members ≤ the quota's percent of the quota base, in one grassroots organization.

    ``counts``: members per level of the grassroots organization's whole review (every cell of it).
    ``waiting``: its members still to be rated. Cells rate one after another, so a rating is refused
    only when the quota would be exceeded even if every member still waiting were rated "good": the
    refusal then cannot depend on the order the cells are rated in.
    """
    quota = quota_on(reviewed_on)
    if quota is None:
        return
    rule, percent = quota
    excellent = counts.get(EXCELLENT, 0)
    base = quota_base(counts) + waiting
    if excellent * 100 > percent * base:
        allowed = percent * base // 100
        values = {"org": grassroots_name, "excellent": excellent, "percent": percent, "base": base}
        values |= {"waiting": waiting, "allowed": allowed}
        if waiting:
            message = _(
                "%(org)s: %(excellent)s đảng viên Hoàn thành xuất sắc nhiệm vụ vượt quá %(percent)s%% của "
                "%(base)s đảng viên Hoàn thành tốt nhiệm vụ trở lên, kể cả %(waiting)s đảng viên "
                "chưa xếp loại (tối đa %(allowed)s)."
            )
        else:
            message = _(
                "%(org)s: %(excellent)s đảng viên Hoàn thành xuất sắc nhiệm vụ vượt quá %(percent)s%% của "
                "%(base)s đảng viên Hoàn thành tốt nhiệm vụ trở lên (tối đa %(allowed)s)."
            )
        raise RuleViolation(rule, message % values)


# -- an organization's rating (RULES.md §3.1, §3.2, §3.3) ----------------------------------------

ORG_MEMBERS_2014_RULE = Rule(
    "ratings.org_members_2014",
    "Chi bộ có trên 1/2 số đảng viên xếp loại Không hoàn thành nhiệm vụ thì xếp loại Yếu kém",
    HD_27_2014.at("toàn văn", "§3.1"),
    Confidence.VERIFIED,
    valid_from=date(2014, 9, 25),
    valid_until=date(2018, 3, 8),
)
ORG_SUBORDINATES_2014_RULE = Rule(
    "ratings.org_subordinates_2014",
    "Đảng bộ có trên 1/3 số tổ chức đảng trực thuộc xếp loại Yếu kém thì xếp loại Yếu kém",
    HD_27_2014.at("toàn văn", "§3.1"),
    Confidence.VERIFIED,
    valid_from=date(2014, 9, 25),
    valid_until=date(2018, 3, 8),
)
ORG_LEADERSHIP_2019_RULE = Rule(
    "ratings.org_leadership_disciplined_2019",
    "Tập thể có thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên xếp loại Không hoàn thành nhiệm vụ",
    HD_21_2019.at("toàn văn", "§3.3"),
    Confidence.VERIFIED,
    valid_from=date(2019, 10, 18),
    valid_until=date(2023, 10, 4),
)
ORG_EXCELLENT_2025_RULE = Rule(
    "ratings.org_excellent_2025",
    "Tập thể Hoàn thành xuất sắc nhiệm vụ: không có đơn vị trực thuộc hoặc thành viên lãnh đạo bị kỷ luật",
    QD_366.at("Điều 11(1)", "§3.2"),
    Confidence.VERIFIED,
    valid_from=date(2025, 8, 30),
)
ORG_DISCIPLINED_2025_RULE = Rule(
    "ratings.org_disciplined_2025",
    "Tổ chức đảng bị xử lý kỷ luật trong năm đánh giá xếp loại Không hoàn thành nhiệm vụ (theo nguồn đối "
    "chiếu; có thể cấu hình)",
    ND_335_2025.at("điều kiện không hoàn thành nhiệm vụ", "§3.2"),
    Confidence.PARTIAL,
    valid_from=date(2025, 8, 30),
)


@dataclass(frozen=True)
class OrgFacts:
    """What an organization's rating depends on, counted for the same review."""

    members_rated: int = 0
    members_not_fulfilled: int = 0
    subordinates_rated: int = 0
    subordinates_weak: int = 0  # rated "Yếu kém" / "Không hoàn thành"
    subordinates_disciplined: int = 0  # subordinate organizations disciplined in the year
    leadership_disciplined: int = 0  # leadership members disciplined in the year (any sanction)
    leadership_warned_or_more: int = 0  # … with a warning or a heavier sanction
    disciplined: bool = False  # the organization itself disciplined in the year


def check_organization(reviewed_on: date, level: str, score: Decimal | None, facts: OrgFacts) -> None:
    """Refuse an organization's level that its members, subordinates or discipline do not allow."""
    regime = regime_on(reviewed_on)
    check_level(regime, level, ORGANIZATION)
    check_score(regime, level, score, ORGANIZATION)
    if ORG_MEMBERS_2014_RULE.in_force_on(reviewed_on) and level != WEAK:
        if facts.members_not_fulfilled * 2 > facts.members_rated:
            raise RuleViolation(
                ORG_MEMBERS_2014_RULE,
                _(
                    "Chi bộ có %(not_fulfilled)s/%(rated)s đảng viên xếp loại "
                    "“Không hoàn thành nhiệm vụ” (trên 1/2) phải xếp loại “Yếu kém”."
                )
                % {"not_fulfilled": facts.members_not_fulfilled, "rated": facts.members_rated},
            )
        if facts.subordinates_weak * 3 > facts.subordinates_rated:
            raise RuleViolation(
                ORG_SUBORDINATES_2014_RULE,
                _(
                    "Đảng bộ có %(weak)s/%(rated)s tổ chức đảng trực thuộc "
                    "xếp loại “Yếu kém” (trên 1/3) phải xếp loại “Yếu kém”."
                )
                % {"weak": facts.subordinates_weak, "rated": facts.subordinates_rated},
            )
    if (
        ORG_LEADERSHIP_2019_RULE.in_force_on(reviewed_on)
        and level != NOT_FULFILLED
        and facts.leadership_warned_or_more
    ):
        raise RuleViolation(
            ORG_LEADERSHIP_2019_RULE,
            _(
                "Tập thể có %(warned)s thành viên lãnh đạo bị kỷ luật từ cảnh cáo "
                "trở lên phải xếp loại “Không hoàn thành nhiệm vụ”."
            )
            % {"warned": facts.leadership_warned_or_more},
        )
    if (
        ORG_DISCIPLINED_2025_RULE.in_force_on(reviewed_on)
        and level != NOT_FULFILLED
        and facts.disciplined
        and config.DEFAULTS.rating_366_disciplined_not_fulfilled
    ):
        raise RuleViolation(
            ORG_DISCIPLINED_2025_RULE,
            _("Tổ chức đảng bị xử lý kỷ luật trong năm đánh giá phải xếp loại “Không hoàn thành nhiệm vụ”."),
        )
    if (
        ORG_EXCELLENT_2025_RULE.in_force_on(reviewed_on)
        and level == EXCELLENT
        and (facts.subordinates_disciplined or facts.leadership_disciplined)
    ):
        raise RuleViolation(
            ORG_EXCELLENT_2025_RULE,
            _(
                "Không thể xếp loại “Hoàn thành xuất sắc nhiệm vụ”: %(subordinates)s "
                "tổ chức trực thuộc và %(leaders)s thành viên lãnh đạo bị kỷ luật "
                "trong năm."
            )
            % {"subordinates": facts.subordinates_disciplined, "leaders": facts.leadership_disciplined},
        )


# -- two consecutive years (RULES.md §2.9 ground 4, §9 item 9) ----------------------------------

CONSECUTIVE_RULE = Rule(
    "ratings.consecutive_not_fulfilled",
    "Hai năm liền xếp loại Không hoàn thành nhiệm vụ: đưa ra xem xét (căn cứ xóa tên “hai năm liền vi phạm "
    "tư cách đảng viên”; việc đồng nhất hai khái niệm chưa được xác minh)",
    RULES_MD.at("§2.9 mục 4, §9 mục 9", "§2.9, §9"),
    Confidence.UNVERIFIED,
)


def not_fulfilled_streak(levels_by_year: Mapping[int, str], year: int) -> int:
    """Consecutive years up to ``year`` rated "Không hoàn thành nhiệm vụ" (or "Yếu kém")."""
    streak = 0
    while RANK.get(levels_by_year.get(year - streak, ""), 0) == 1:
        streak += 1
    return streak


def flag_for_review(levels_by_year: Mapping[int, str], year: int) -> bool:
    """True when the member must be considered for removal: the [U] reading of §2.9 ground 4."""
    return (
        not_fulfilled_streak(levels_by_year, year) >= config.DEFAULTS.rating_consecutive_not_fulfilled_years
    )


__all__ = [
    "CLEAN_STRONG",
    "EXCELLENT",
    "FULFILLED",
    "GOOD",
    "NOT_FULFILLED",
    "WEAK",
    "Exclusion",
    "OrgFacts",
    "Regime",
    "check_discipline",
    "check_excellent_quota",
    "check_level",
    "check_organization",
    "check_period",
    "check_score",
    "exclusion",
    "flag_for_review",
    "level_for_score",
    "regime_on",
]
