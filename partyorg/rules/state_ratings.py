"""The state's rating of cadres, civil servants and public employees (đánh giá, xếp loại chất lượng cán
bộ, công chức, viên chức), RULES.md §11.3, §11.14, §11.15 #5: kept apart from the party's rating of
members (:mod:`partyorg.rules.ratings`, QĐ 366), with which it shares only the four level codes.

Regimes, chosen by the **last day of the period rated** (the 2020 year is rated under ND 90, in force
20/08/2020; the 2025 year under ND 90, 2026 months under ND 335):

==============  ==========================================  =================  ====================  ===
code            documents                                   period ends        periods               tag
==============  ==========================================  =================  ====================  ===
``nd56_2015``   ND 56/2015 + ND 88/2017                     before 20/08/2020  year                  [U]
``nd90_2020``   ND 90/2020, ND 48/2023 (from 15/09/2023)    from 20/08/2020    year                  [V]
``nd335_2025``  ND 335/2025, 100 points (công chức)         from 01/01/2026    month, quarter, year  [V]
==============  ==========================================  =================  ====================  ===

From 2026 only the categories of ``state_rating_nd335_categories`` (công chức) move to ND 335; viên chức
and cán bộ stay under ND 90 ([U] RULES.md §11.16 #6, a setting). ND 56 is checked for its four levels only:
RULES.md names it, not its conditions.

Conditions (each with its rule): worked < 6 months in the year → reviewed, not rated (ND 48 [V]; ND 335 [P],
a setting), maternity leave excepted; absent 3 to < 6 months → not "good" or better (ND 48 [V]); disciplined
in the year → "not completed" (ND 48 [V]; ND 335: reprimand or more for a public-duty violation [V]);
ND 335 also: < 50 points, a concluded ideological or ethical decline, a leader's corruption or waste in the
unit they manage [V]; score thresholds ≥ 90 / 70 / 50 [V]; 30 + 70 points [V]. Excellent ≤ 20 % of those
rated "good" in the agency and in each group of similar tasks (ND 335 [V], ND 90 [P], a setting; base
without the excellent ones [U], a setting), except units the competent level allows. Two consecutive years
"not completed" → a dismissal (miễn nhiệm) review: QĐ 41 [V], QĐ 377 [P].

Public API::

    regime_for(category: str, year: int, period: str = YEAR, number: int = 0) -> Regime
    period_end(year: int, period: str = YEAR, number: int = 0) -> date
    level_for_score(score: Decimal) -> str                               # ND 335 thresholds
    Facts(months_worked=12, maternity_leave=False, months_absent=0, disciplined_on=None,
          declined=False, leader_corruption=False)
    exclusion(regime: Regime, year: int, facts: Facts) -> Finding | None   # reviewed, not rated
    check_state_rating(category: str, year: int, level: str, *, period: str = YEAR, number: int = 0,
                       score: Decimal | None = None, general_points: Decimal | None = None,
                       task_points: Decimal | None = None, facts: Facts | None = None,
                       who: str = "") -> Regime
    check_excellent_cap(category: str, year: int, counts: Mapping[str, int], *, group: str = "",
                        exception: bool = False, waiting: int = 0) -> None
    dismissal_review(levels_by_year: Mapping[int, str], year: int, on: date) -> Finding | None
    rating_deadline(year: int) -> date                                  # 15/12, before the party's

``Regime`` (frozen): ``code``, ``rule``, ``periods``, ``scored``; ``label(level)``.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import cadre_config
from partyorg.rules._dates import fmt
from partyorg.rules.appointment import about
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.cadre_documents import ND_48_2023, ND_56_2015, ND_90_2020, ND_335, QD_41, QD_377
from partyorg.rules.committees import Finding
from partyorg.rules.ratings import EXCELLENT, FULFILLED, GOOD, LABELS, NOT_FULFILLED, not_fulfilled_streak

ND_90_FROM = date(2020, 8, 20)
ND_48_FROM = date(2023, 9, 15)
ND_335_FROM = date(2026, 1, 1)

# The categories of partyorg.cadres.models.StaffCategory that the state rates.
CADRE = "cadre"
CIVIL_SERVANT = "civil_servant"
PUBLIC_EMPLOYEE = "public_employee"
RATED_CATEGORIES = frozenset({CADRE, CIVIL_SERVANT, PUBLIC_EMPLOYEE})

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
PERIOD_LABELS = {YEAR: gettext_noop("năm"), QUARTER: gettext_noop("quý"), MONTH: gettext_noop("tháng")}
LEVELS = (EXCELLENT, GOOD, FULFILLED, NOT_FULFILLED)  # best first
_RANK = {level: len(LEVELS) - i for i, level in enumerate(LEVELS)}

REGIME_56_RULE = Rule(
    "state_ratings.regime_56",
    "Đánh giá, xếp loại cán bộ, công chức, viên chức theo Nghị định 56/2015/NĐ-CP, Nghị định 88/2017/NĐ-CP "
    "(bốn mức; điều kiện chưa có trong RULES.md)",
    ND_56_2015.at("", "§11.0, §11.3"),
    Confidence.UNVERIFIED,
    valid_until=ND_90_FROM,
)
REGIME_90_RULE = Rule(
    "state_ratings.regime_90",
    "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức hằng năm: Hoàn thành xuất sắc, Hoàn thành "
    "tốt, Hoàn thành, Không hoàn thành nhiệm vụ",
    ND_90_2020.at("toàn văn; Nghị định 48/2023/NĐ-CP", "§11.3"),
    Confidence.VERIFIED,
    valid_from=ND_90_FROM,
)
REGIME_335_RULE = Rule(
    "state_ratings.regime_335",
    "Đánh giá, xếp loại chất lượng công chức theo tháng, quý, năm trên thang điểm 100 (30 điểm tiêu chí "
    "chung, 70 điểm kết quả thực hiện nhiệm vụ)",
    ND_335.at("toàn văn", "§11.3"),
    Confidence.VERIFIED,
    valid_from=ND_335_FROM,
)
SCORE_335_RULE = Rule(
    "state_ratings.score_335",
    "Từ 90 điểm Hoàn thành xuất sắc; từ 70 đến dưới 90 Hoàn thành tốt; từ 50 đến dưới 70 Hoàn thành; dưới 50 "
    "Không hoàn thành nhiệm vụ",
    ND_335.at("ngưỡng xếp loại", "§11.3"),
    Confidence.VERIFIED,
    valid_from=ND_335_FROM,
)
SHORT_SERVICE_48_RULE = Rule(
    "state_ratings.short_service_48",
    "Công tác dưới 6 tháng trong năm: đánh giá nhưng không xếp loại (trừ nghỉ chế độ thai sản)",
    ND_48_2023.at("", "§11.3, §11.15 mục 5"),
    Confidence.VERIFIED,
    valid_from=ND_48_FROM,
)
SHORT_SERVICE_335_RULE = Rule(
    "state_ratings.short_service_335",
    "Công tác dưới 6 tháng trong năm: đánh giá nhưng không xếp loại (như Nghị định 48/2023; có thể cấu hình)",
    ND_335.at("", "§11.15 mục 5"),
    Confidence.PARTIAL,
    valid_from=ND_335_FROM,
)
ABSENCE_48_RULE = Rule(
    "state_ratings.absence_48",
    "Nghỉ từ 3 tháng đến dưới 6 tháng trong năm: được xếp loại nhưng không xếp loại Hoàn thành tốt trở lên",
    ND_48_2023.at("", "§11.3"),
    Confidence.VERIFIED,
    valid_from=ND_48_FROM,
)
DISCIPLINED_48_RULE = Rule(
    "state_ratings.disciplined_48",
    "Bị kỷ luật trong năm đánh giá: xếp loại Không hoàn thành nhiệm vụ",
    ND_48_2023.at("", "§11.3"),
    Confidence.VERIFIED,
    valid_from=ND_48_FROM,
)
NOT_COMPLETED_335_RULE = Rule(
    "state_ratings.not_completed_335",
    "Xếp loại Không hoàn thành nhiệm vụ: dưới 50 điểm; bị kết luận suy thoái tư tưởng chính trị, đạo đức; bị "
    "kỷ luật từ khiển trách trở lên trong năm do vi phạm khi thi hành công vụ; người đứng đầu để xảy ra tham "
    "nhũng, lãng phí ở đơn vị trực tiếp quản lý",
    ND_335.at("trường hợp không hoàn thành nhiệm vụ", "§11.3"),
    Confidence.VERIFIED,
    valid_from=ND_335_FROM,
)
QUOTA_90_RULE = Rule(
    "state_ratings.excellent_cap_90",
    "Số được xếp loại Hoàn thành xuất sắc nhiệm vụ không quá 20% số được xếp loại Hoàn thành tốt nhiệm vụ "
    "theo từng nhóm đối tượng có nhiệm vụ tương đồng (có thể cấu hình)",
    ND_90_2020.at("tỷ lệ xuất sắc", "§11.3, §11.15 mục 5"),
    Confidence.PARTIAL,
    valid_from=ND_90_FROM,
)
QUOTA_335_RULE = Rule(
    "state_ratings.excellent_cap_335",
    "Số được xếp loại Hoàn thành xuất sắc nhiệm vụ không quá 20% số được xếp loại Hoàn thành tốt nhiệm vụ "
    "trong cơ quan và trong từng nhóm có nhiệm vụ tương đồng (trừ đơn vị được cấp có thẩm quyền cho phép)",
    ND_335.at("tỷ lệ xuất sắc", "§11.3, §11.15 mục 5"),
    Confidence.VERIFIED,
    valid_from=ND_335_FROM,
)
TWO_YEARS_41_RULE = Rule(
    "state_ratings.two_years_41",
    "Hai năm liên tiếp xếp loại Không hoàn thành nhiệm vụ: căn cứ xem xét miễn nhiệm",
    QD_41.at("căn cứ miễn nhiệm", "§11.3, §11.7, §11.14"),
    Confidence.VERIFIED,
    valid_from=date(2021, 11, 3),
    valid_until=date(2025, 10, 8),
)
TWO_YEARS_377_RULE = Rule(
    "state_ratings.two_years_377",
    "Hai năm liên tiếp xếp loại Không hoàn thành nhiệm vụ: căn cứ xem xét miễn nhiệm (như Quy định 41)",
    QD_377.at("miễn nhiệm", "§11.3, §11.14"),
    Confidence.PARTIAL,
    valid_from=date(2025, 10, 8),
)
TIMING_RULE = Rule(
    "state_ratings.timing",
    "Đánh giá, xếp loại chất lượng hằng năm hoàn thành trước ngày 15/12, trước đánh giá đảng viên",
    ND_48_2023.at("thời điểm đánh giá", "§11.3, §11.14"),
    Confidence.VERIFIED,
)

SHORT_SERVICE_MONTHS = 6
ABSENCE_MONTHS = 3
EXCELLENT_CAP_PERCENT_335 = 20
GENERAL_POINTS, TASK_POINTS = Decimal(30), Decimal(70)


@dataclass(frozen=True)
class Regime:
    code: str  # the values of partyorg.cadres.models.RatingSystem
    rule: Rule
    periods: frozenset[str]
    scored: bool

    def label(self, level: str) -> str:
        return LABELS[level]


ND56 = Regime("nd56_2015", REGIME_56_RULE, frozenset({YEAR}), scored=False)
ND90 = Regime("nd90_2020", REGIME_90_RULE, frozenset({YEAR}), scored=False)
ND335 = Regime("nd335_2025", REGIME_335_RULE, frozenset({YEAR, QUARTER, MONTH}), scored=True)


def period_end(year: int, period: str = YEAR, number: int = 0) -> date:
    """The last day of a period: the year, quarter ``number`` (1–4) or month ``number`` (1–12)."""
    if period == YEAR:
        return date(year, 12, 31)
    if period == QUARTER and 1 <= number <= 4:
        month = 3 * number
    elif period == MONTH and 1 <= number <= 12:
        month = number
    else:
        raise ValueError(f"unknown period: {period!r} {number!r}")
    return date(year, month, calendar.monthrange(year, month)[1])


def regime_for(category: str, year: int, period: str = YEAR, number: int = 0) -> Regime:
    """The regime rating a person of ``category`` for the period (RULES.md §11.0, §11.3). Only cadres,
    civil servants and public employees are rated (the scope the decrees name): any other category, a
    labour contract, is refused by the regime of the period."""
    end = period_end(year, period, number)
    nd335_categories = cadre_config.DEFAULTS.state_rating_nd335_categories  # [U] RULES.md §11.16 #6
    if end >= ND_335_FROM and category in nd335_categories:
        regime = ND335
    elif end >= ND_90_FROM:
        regime = ND90
    else:
        regime = ND56
    if category not in RATED_CATEGORIES:
        raise RuleViolation(
            regime.rule,
            _("Chỉ cán bộ, công chức, viên chức được đánh giá, xếp loại chất lượng theo quy định này."),
        )
    if period not in regime.periods:
        raise RuleViolation(
            regime.rule,
            _("Quy định áp dụng cho kỳ này chỉ đánh giá, xếp loại hằng năm; không đánh giá theo %(period)s.")
            % {"period": _(PERIOD_LABELS[period])},
        )
    return regime


_THRESHOLDS = ((Decimal(90), EXCELLENT), (Decimal(70), GOOD), (Decimal(50), FULFILLED))


def level_for_score(score: Decimal) -> str:
    """The level a 100-point score gives under ND 335 [V]."""
    return next((level for floor, level in _THRESHOLDS if score >= floor), NOT_FULFILLED)


@dataclass(frozen=True)
class Facts:
    """What a person's state rating depends on, for the year rated."""

    months_worked: int = 12  # months of work in the year
    maternity_leave: bool = False  # the months not worked were maternity leave
    months_absent: int = 0  # months absent from work in the year (leave, illness…)
    disciplined_on: date | None = None  # a sanction (reprimand or more) decided in the year
    declined: bool = False  # ND 335: concluded ideological, political or ethical decline
    leader_corruption: bool = False  # ND 335: corruption or waste in a unit the leader directly manages


def exclusion(regime: Regime, year: int, facts: Facts) -> Finding | None:
    """Why a person is reviewed but not rated for ``year`` (fewer than 6 months of work), or None."""
    end = period_end(year)
    if regime is ND335:
        if not cadre_config.DEFAULTS.state_rating_short_service_nd335:
            return None
        rule = SHORT_SERVICE_335_RULE
    else:
        rule = SHORT_SERVICE_48_RULE
    if not rule.in_force_on(end) or facts.maternity_leave or facts.months_worked >= SHORT_SERVICE_MONTHS:
        return None
    return Finding(
        rule,
        _("Công tác %(months)s tháng trong năm %(year)s (dưới 6 tháng): chỉ đánh giá, không xếp loại.")
        % {"months": facts.months_worked, "year": year},
    )


def _disciplined_in(facts: Facts, year: int, end: date) -> date | None:
    """The day of a sanction in the year rated, up to the end of the period, or None."""
    day = facts.disciplined_on
    return day if day is not None and day.year == year and day <= end else None


def _refuse_above(rule: Rule, level: str, ceiling: str, reason: str, who: str) -> None:
    if _RANK[level] > _RANK[ceiling]:
        raise RuleViolation(
            rule,
            about(
                who,
                _("%(reason)s: không thể xếp loại “%(level)s”.")
                % {"reason": reason, "level": _(LABELS[level])},
            ),
        )


def check_state_rating(
    category: str,
    year: int,
    level: str,
    *,
    period: str = YEAR,
    number: int = 0,
    score: Decimal | None = None,
    general_points: Decimal | None = None,
    task_points: Decimal | None = None,
    facts: Facts | None = None,
    who: str = "",
) -> Regime:
    """Refuse a state rating its regime does not allow (RULES.md §11.3); return the regime."""
    facts = facts or Facts()
    regime = regime_for(category, year, period, number)
    if level not in LEVELS:
        raise ValueError(f"unknown level: {level!r}")
    end = period_end(year, period, number)
    if period == YEAR:
        excluded = exclusion(regime, year, facts)
        if excluded is not None:
            raise RuleViolation(excluded.rule, about(who, excluded.message))
    disciplined_on = _disciplined_in(facts, year, end)
    if regime is ND335:
        _check_score(level, score, general_points, task_points, who)
        if disciplined_on:
            reason = _("Bị kỷ luật ngày %(day)s trong kỳ đánh giá") % {"day": fmt(disciplined_on)}
            _refuse_above(NOT_COMPLETED_335_RULE, level, NOT_FULFILLED, reason, who)
        if facts.declined:
            _refuse_above(
                NOT_COMPLETED_335_RULE,
                level,
                NOT_FULFILLED,
                _("Bị kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống"),
                who,
            )
        if facts.leader_corruption:
            reason = _("Để xảy ra tham nhũng, lãng phí ở đơn vị trực tiếp quản lý")
            _refuse_above(NOT_COMPLETED_335_RULE, level, NOT_FULFILLED, reason, who)
        return regime
    if score is not None:
        raise RuleViolation(regime.rule, about(who, _("Quy định áp dụng không chấm điểm; bỏ trống điểm.")))
    if DISCIPLINED_48_RULE.in_force_on(end) and disciplined_on:
        reason = _("Bị kỷ luật ngày %(day)s trong năm đánh giá") % {"day": fmt(disciplined_on)}
        _refuse_above(DISCIPLINED_48_RULE, level, NOT_FULFILLED, reason, who)
    if ABSENCE_48_RULE.in_force_on(end) and ABSENCE_MONTHS <= facts.months_absent < SHORT_SERVICE_MONTHS:
        reason = _("Nghỉ %(months)s tháng trong năm (từ 3 đến dưới 6 tháng)") % {
            "months": facts.months_absent
        }
        _refuse_above(ABSENCE_48_RULE, level, FULFILLED, reason, who)
    return regime


def _check_score(
    level: str, score: Decimal | None, general: Decimal | None, tasks: Decimal | None, who: str
) -> None:
    if score is None:
        raise RuleViolation(
            SCORE_335_RULE, about(who, _("Theo Nghị định 335/2025/NĐ-CP phải ghi điểm (thang 100)."))
        )
    if not Decimal(0) <= score <= Decimal(100):
        raise RuleViolation(
            SCORE_335_RULE, about(who, _("Điểm %(score)s ngoài thang 0–100.") % {"score": score})
        )
    if (
        general is not None
        and tasks is not None
        and not (0 <= general <= GENERAL_POINTS and 0 <= tasks <= TASK_POINTS and general + tasks == score)
    ):
        raise RuleViolation(
            REGIME_335_RULE,
            about(
                who,
                _(
                    "Điểm %(score)s phải bằng điểm tiêu chí chung (tối đa 30) cộng điểm kết quả thực "
                    "hiện nhiệm vụ (tối đa 70): %(general)s + %(tasks)s."
                )
                % {"score": score, "general": general, "tasks": tasks},
            ),
        )
    allowed = level_for_score(score)
    reason = _("%(score)s điểm chỉ đạt mức “%(allowed)s”") % {"score": score, "allowed": _(LABELS[allowed])}
    _refuse_above(SCORE_335_RULE, level, allowed, reason, who)


def check_excellent_cap(
    category: str,
    year: int,
    counts: Mapping[str, int],
    *,
    group: str = "",
    exception: bool = False,
    waiting: int = 0,
) -> None:
    """Excellent ≤ 20 % of those rated "good" in one agency (or one ``group`` of similar tasks, named in
    the refusal). ``waiting``: people still to be rated, counted as "good" so that a refusal does not
    depend on the order people are rated in; ``exception``: a unit the competent level exempts."""
    regime = regime_for(category, year)
    if exception:
        return
    if regime is ND335:
        rule, percent = QUOTA_335_RULE, EXCELLENT_CAP_PERCENT_335
    elif regime is ND90 and cadre_config.DEFAULTS.state_rating_quota_percent_nd90 is not None:
        rule, percent = QUOTA_90_RULE, cadre_config.DEFAULTS.state_rating_quota_percent_nd90
    else:
        return
    excellent = counts.get(EXCELLENT, 0)
    base = counts.get(GOOD, 0) + waiting
    if cadre_config.DEFAULTS.state_rating_quota_base_includes_excellent:
        base += excellent
    if excellent * 100 > percent * base:
        raise RuleViolation(
            rule,
            about(
                group,
                _(
                    "%(excellent)s người Hoàn thành xuất sắc nhiệm vụ vượt quá %(percent)s%% của %(base)s "
                    "người Hoàn thành tốt nhiệm vụ (tối đa %(allowed)s)."
                )
                % {
                    "excellent": excellent,
                    "percent": percent,
                    "base": base,
                    "allowed": percent * base // 100,
                },
            ),
        )


def dismissal_review(levels_by_year: Mapping[int, str], year: int, on: date) -> Finding | None:
    """The second consecutive year "not completed" (by ``year``) calls for a dismissal review, by the
    rule in force on ``on``; None before QĐ 41 (RULES.md names no earlier ground) or with no streak."""
    rule = next((r for r in (TWO_YEARS_41_RULE, TWO_YEARS_377_RULE) if r.known_on(on)), None)
    if rule is None or not_fulfilled_streak(levels_by_year, year) < 2:
        return None
    return Finding(
        rule,
        _("Hai năm liên tiếp %(first)s và %(second)s xếp loại Không hoàn thành nhiệm vụ: xem xét miễn nhiệm.")
        % {"first": year - 1, "second": year},
    )


def rating_deadline(year: int) -> date:
    """The day the yearly state rating is due by (before 15/12, ND 48 timing [V]; a school may fix its
    own): the last day before 15/12."""
    return date(year, 12, 14)
