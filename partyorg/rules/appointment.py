"""Appointment, re-appointment, nomination, committee membership and rotation: the dated checks of
RULES.md §11.5, §11.6 (and §11.14, §11.15 #1, #2, #6).

Every age check counts the whole months left to the person's **actual retirement month** (ND 135,
:mod:`partyorg.rules.retirement`) from the month of the rule's own reference day, by the rule in force
that day (RULES.md §11.15 #2):

=====================  =================================  ==========================================
check                  reference day                      rule (by that day)
=====================  =================================  ==========================================
appointment to a       the day the organization           QĐ 105 (from 19/12/2017, 60/55 fixed) [P];
first or higher post,  commission receives the            KL 08 + HD 06 from 01/08/2021 [V]; QĐ 80
nomination to one      submission and dossier             from 18/08/2022 [V]; QĐ 377 from 08/10/2025
                                                          ([U] months, RULES.md §11.16 #1): ≥ 60 months
committee (2025–2030)  the month that level's congress    CT 45 [V]: first time ≥ 60, re-election ≥ 48
                       starts (04/2025 … 03/2026)         (provincial deputy secretaries 42) months
rotation               the day of departure               QĐ 98 Art. 5 [V] / QĐ 65 [P]: ≥ 120 months,
                                                          ≥ 60 in the non-local / two-term cases
=====================  =================================  ==========================================

No age condition applies to an equivalent or lower post [V]. A dossier received before QĐ 105 is not
checked: RULES.md names no earlier rule.

Terms (``[start, until)``, half-open as everywhere in partyorg): 5 years per appointment ([P], a setting),
never past the retirement. A candidate for a higher post must be in the planning (QĐ 377 Art. 34 [V],
from 08/10/2025). Re-appointment notice: ≥ 90 **working days** before the term ends under QĐ 377
[V]; 90 calendar days for a state post (a setting, RULES.md §11.14) and before QĐ 377 [P]. Near
retirement (ND 115 Art. 49, [V] viên chức, [P] others): < 60 months left when the term ends → the new
term runs to retirement; < 24 → the post is extended to retirement instead. After discipline (QĐ 377,
[P]): a higher post only 24 / 36 / 60 months after a reprimand / warning / removal from post.

Public API::

    AgeCheck(rule, reference_on, retirement, months_left, months_required).passed
    appointment_age_rule(dossier_received_on: date) -> Rule | None
    check_appointment_age(retirement: Retirement, dossier_received_on: date, *, higher_post: bool = True,
                          who: str = "") -> AgeCheck | None
    check_in_planning(proposed_on: date, *, planned: bool, higher_post: bool = True, who: str = "",
                      position_label: str = "") -> None                 # QĐ 377 Art. 34
    committee_reference_month(level: str) -> date       # GRASSROOTS, DIRECT_SUPERIOR, NEW_COMMUNE,
                                                        # PROVINCIAL, PEOPLE_COUNCIL_COMMITTEE
    check_committee_age(retirement: Retirement, level: str, *, first_time: bool,
                        provincial_deputy_secretary: bool = False, who: str = "") -> AgeCheck
    check_rotation_age(retirement: Retirement, departure_on: date, *, one_term_case: bool = False,
                       who: str = "") -> AgeCheck | None
    term_until(start: date, retirement: Retirement | None = None) -> date
    reappointment_notice(until: date, *, state_post: bool = False) -> Notice  # .due_on, .rule
    reappointment_path(retirement: Retirement, current_until: date, *, category: str = "") -> Path
    discipline_waiting_until(sanction: str, effective_on: date) -> date | None
    check_discipline_waiting(proposed_on: date, disciplines: Iterable[tuple[str, date]], *,
                             who: str = "") -> None

Each ``check_*`` raises :class:`~partyorg.rules.base.RuleViolation` (Vietnamese, naming ``who``, the
rule and its source) and otherwise returns what it measured, so a page can show the months left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import cadre_config, config
from partyorg.rules import retirement as retirement_rules  # its Rule constants stay registered there
from partyorg.rules._dates import add_months, add_years, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.cadre_documents import (
    CT_45,
    KL_08,
    ND_115_2020,
    ND_138_2020,
    QD_65,
    QD_80,
    QD_98,
    QD_105,
    QD_377,
    QD_727_BNV,
)
from partyorg.rules.calendar import is_working_day
from partyorg.rules.discipline import LABELS as SANCTION_LABELS
from partyorg.rules.retirement import FEMALE, Retirement, months_to_retirement, retirement_at_age

ONE_TERM_MONTHS = 60  # "trọn một nhiệm kỳ": a 5-year term

# -- appointment and nomination to a higher post (RULES.md §11.5) -----------------------------------

KL_08_FROM = date(2021, 8, 1)
QD_80_FROM = date(2022, 8, 18)
QD_377_FROM = date(2025, 10, 8)

APPOINTMENT_AGE_105_RULE = Rule(
    "appointment.age_105",
    "Bổ nhiệm lần đầu, bổ nhiệm hoặc giới thiệu ứng cử chức vụ cao hơn: còn đủ 60 tháng công tác tính đến "
    "tuổi nghỉ hưu 60 (nam), 55 (nữ)",
    QD_105.at("tuổi bổ nhiệm, giới thiệu ứng cử", "§11.0, §11.5"),
    Confidence.PARTIAL,
    valid_from=date(2017, 12, 19),
    valid_until=KL_08_FROM,
)
APPOINTMENT_AGE_KL08_RULE = Rule(
    "appointment.age_kl08",
    "Bổ nhiệm lần đầu, bổ nhiệm hoặc giới thiệu ứng cử chức vụ cao hơn: còn đủ 60 tháng công tác đến tháng "
    "nghỉ hưu theo lộ trình, tính tại thời điểm cơ quan tổ chức cán bộ nhận được tờ trình và hồ sơ",
    KL_08.at("Hướng dẫn 06-HD/BTCTW ngày 26/07/2021", "§11.5, §11.15 mục 2"),
    Confidence.VERIFIED,
    valid_from=KL_08_FROM,
    valid_until=QD_80_FROM,
)
APPOINTMENT_AGE_80_RULE = Rule(
    "appointment.age_80",
    "Bổ nhiệm lần đầu, bổ nhiệm hoặc giới thiệu ứng cử chức vụ cao hơn: còn đủ 60 tháng công tác đến tháng "
    "nghỉ hưu theo lộ trình, tính tại thời điểm nhận được tờ trình và hồ sơ (như Kết luận 08-KL/TW)",
    QD_80.at("tuổi bổ nhiệm; Kết luận 08-KL/TW, Hướng dẫn 06-HD/BTCTW", "§11.5, §11.15 mục 1"),
    Confidence.VERIFIED,
    valid_from=QD_80_FROM,
    valid_until=QD_377_FROM,
)
APPOINTMENT_AGE_377_RULE = Rule(
    "appointment.age_377",
    "Bổ nhiệm lần đầu, bổ nhiệm hoặc giới thiệu ứng cử chức vụ cao hơn theo Quy định 377-QĐ/TW: số tháng "
    "công tác còn lại đến tháng nghỉ hưu (mặc định 60 tháng như Kết luận 08; chưa đối chiếu nguyên văn, có "
    "thể cấu hình)",
    QD_377.at("Điều 34", "§11.5, §11.16 mục 1"),
    Confidence.UNVERIFIED,
    valid_from=QD_377_FROM,
)
_APPOINTMENT_AGE_RULES = (
    APPOINTMENT_AGE_105_RULE,
    APPOINTMENT_AGE_KL08_RULE,
    APPOINTMENT_AGE_80_RULE,
    APPOINTMENT_AGE_377_RULE,
)


def about(who: str, message: str) -> str:
    """A refusal's message naming the person first ("Nguyễn Văn An: …"), or as it is."""
    return _("%(who)s: %(message)s") % {"who": who, "message": message} if who else message


@dataclass(frozen=True)
class AgeCheck:
    """What an age check measured: the months left to retirement at the reference day, and the rule."""

    rule: Rule
    reference_on: date
    retirement: Retirement
    months_left: int
    months_required: int

    @property
    def passed(self) -> bool:
        return self.months_left >= self.months_required

    @classmethod
    def at(cls, rule: Rule, reference_on: date, retirement: Retirement, required: int) -> AgeCheck:
        return cls(rule, reference_on, retirement, months_to_retirement(retirement, reference_on), required)

    def values(self) -> dict[str, object]:
        """The figures every age refusal names: months left, retirement month, months required."""
        return {
            "left": max(self.months_left, 0),
            "month": f"{self.retirement.month:%m/%Y}",
            "required": self.months_required,
        }


def appointment_age_rule(dossier_received_on: date) -> Rule | None:
    """The age rule of an appointment or nomination whose dossier reached the commission that day."""
    for rule in _APPOINTMENT_AGE_RULES:
        if rule.known_on(dossier_received_on):
            return rule
    return None


def _fixed_age_retirement(retirement: Retirement) -> Retirement:
    """Retirement at 60 (men) / 55 (women), the fixed ages before KL 08-KL/TW (RULES.md §11.0)."""
    months = 55 * 12 if retirement.sex == FEMALE else 60 * 12
    return retirement_at_age(retirement.born, retirement.sex, months, retirement_rules.AGE_RULE)


def check_appointment_age(
    retirement: Retirement, dossier_received_on: date, *, higher_post: bool = True, who: str = ""
) -> AgeCheck | None:
    """Refuse a first appointment or an appointment / nomination to a higher post with fewer than the
    required months left (RULES.md §11.5). None when no age condition applies: an equivalent or lower
    post [V], or a dossier older than every rule RULES.md names."""
    if not higher_post:
        return None
    rule = appointment_age_rule(dossier_received_on)
    if rule is None:
        return None
    if rule is APPOINTMENT_AGE_105_RULE:
        retirement = _fixed_age_retirement(retirement)
    required = (
        cadre_config.DEFAULTS.appointment_min_months_377
        if rule is APPOINTMENT_AGE_377_RULE
        else ONE_TERM_MONTHS
    )
    check = AgeCheck(
        rule, dossier_received_on, retirement, months_to_retirement(retirement, dossier_received_on), required
    )
    if not check.passed:
        raise RuleViolation(
            rule,
            about(
                who,
                _(
                    "Còn %(left)s tháng công tác đến tháng nghỉ hưu %(month)s (tính tại ngày nhận tờ trình "
                    "và hồ sơ %(day)s); bổ nhiệm lần đầu, bổ nhiệm hoặc giới thiệu ứng cử chức vụ cao hơn "
                    "cần đủ %(required)s tháng."
                )
                % (check.values() | {"day": fmt(dossier_received_on)}),
            ),
        )
    return check


IN_PLANNING_RULE = Rule(
    "appointment.in_planning_377",
    "Bổ nhiệm, giới thiệu ứng cử chức vụ cao hơn: nhân sự tại chỗ phải có trong quy hoạch chức danh đó hoặc "
    "chức danh tương đương, cao hơn; nhân sự từ nơi khác phải có trong quy hoạch chức danh tương đương hoặc "
    "cao hơn; trường hợp đặc biệt do cấp có thẩm quyền quyết định",
    QD_377.at("Điều 34", "§11.5"),
    Confidence.VERIFIED,
    valid_from=QD_377_FROM,
)


def check_in_planning(
    proposed_on: date, *, planned: bool, higher_post: bool = True, who: str = "", position_label: str = ""
) -> None:
    """Refuse a proposal, on or after 08/10/2025, for a candidate not in the planning the position asks
    (QĐ 377 Art. 34 [V]). ``planned``: the caller's answer for this candidate (a local one: planned for
    the position or an equivalent or higher one; one from elsewhere: for an equivalent or higher one). A
    special case decided by the appointing level is an override naming the rule."""
    if planned or not higher_post or not IN_PLANNING_RULE.known_on(proposed_on):
        return
    raise RuleViolation(
        IN_PLANNING_RULE,
        about(
            who,
            _(
                "Chưa có trong quy hoạch chức danh %(position)s hoặc chức danh tương đương, cao hơn: chỉ bổ "
                "nhiệm, giới thiệu ứng cử khi có trong quy hoạch (trường hợp đặc biệt do cấp có thẩm quyền "
                "quyết định)."
            )
            % {"position": position_label or _("được đề xuất")},
        ),
    )


# -- committee membership, 2025–2030 (RULES.md §11.5, CT 45) -----------------------------------------

GRASSROOTS = "grassroots"
DIRECT_SUPERIOR = "direct_superior"
NEW_COMMUNE = "new_commune"
PROVINCIAL = "provincial"
PEOPLE_COUNCIL_COMMITTEE = "people_council_committee"

# The month each level's congress (or, for People's Council/Committee posts, the election) starts.
COMMITTEE_REFERENCE_MONTHS = {
    GRASSROOTS: date(2025, 4, 1),
    DIRECT_SUPERIOR: date(2025, 6, 1),
    NEW_COMMUNE: date(2025, 7, 1),
    PROVINCIAL: date(2025, 9, 1),
    PEOPLE_COUNCIL_COMMITTEE: date(2026, 3, 1),
}
LEVEL_LABELS = {
    GRASSROOTS: gettext_noop("cấp cơ sở"),
    DIRECT_SUPERIOR: gettext_noop("cấp trên trực tiếp cơ sở"),
    NEW_COMMUNE: gettext_noop("xã, phường mới"),
    PROVINCIAL: gettext_noop("cấp tỉnh"),
    PEOPLE_COUNCIL_COMMITTEE: gettext_noop("chức danh HĐND, UBND"),
}
COMMITTEE_FIRST_TIME_MONTHS = ONE_TERM_MONTHS
COMMITTEE_REELECTION_MONTHS = 48
COMMITTEE_REELECTION_PROVINCIAL_DEPUTY_MONTHS = 42

COMMITTEE_AGE_RULE = Rule(
    "appointment.committee_age_ct45",
    "Tuổi tham gia cấp ủy nhiệm kỳ 2025–2030: lần đầu còn đủ một nhiệm kỳ, tái cử còn ít nhất 48 tháng (phó "
    "bí thư cấp tỉnh 42 tháng), tính tại tháng bắt đầu đại hội cấp đó",
    CT_45.at("độ tuổi tham gia cấp ủy", "§11.5, §11.14"),
    Confidence.VERIFIED,
)


def committee_reference_month(level: str) -> date:
    """First day of the month CT 45 counts ages at for ``level`` (RULES.md §11.5 [V])."""
    try:
        return COMMITTEE_REFERENCE_MONTHS[level]
    except KeyError:
        raise ValueError(f"unknown committee level: {level!r}") from None


def check_committee_age(
    retirement: Retirement,
    level: str,
    *,
    first_time: bool,
    provincial_deputy_secretary: bool = False,
    who: str = "",
) -> AgeCheck:
    """Refuse a committee candidate of the 2025–2030 term without the working time CT 45 asks."""
    reference = committee_reference_month(level)
    if first_time:
        required = COMMITTEE_FIRST_TIME_MONTHS
    elif provincial_deputy_secretary:
        required = COMMITTEE_REELECTION_PROVINCIAL_DEPUTY_MONTHS
    else:
        required = COMMITTEE_REELECTION_MONTHS
    check = AgeCheck(
        COMMITTEE_AGE_RULE, reference, retirement, months_to_retirement(retirement, reference), required
    )
    if not check.passed:
        kind = _("tham gia lần đầu") if first_time else _("tái cử")
        raise RuleViolation(
            COMMITTEE_AGE_RULE,
            about(
                who,
                _(
                    "Còn %(left)s tháng công tác đến tháng nghỉ hưu %(month)s (tính tại tháng %(reference)s, "
                    "%(level)s); %(kind)s cấp ủy nhiệm kỳ 2025–2030 cần đủ %(required)s tháng."
                )
                % (
                    check.values()
                    | {"reference": f"{reference:%m/%Y}", "level": _(LEVEL_LABELS[level]), "kind": kind}
                ),
            ),
        )
    return check


# -- rotation (RULES.md §11.6) ------------------------------------------------------------------------

ROTATION_98_RULE = Rule(
    "appointment.rotation_age_98",
    "Cán bộ luân chuyển phải còn ít nhất 10 năm công tác (2 nhiệm kỳ) tại thời điểm luân chuyển; trường hợp "
    "luân chuyển để bố trí không là người địa phương hoặc giữ chức quá 2 nhiệm kỳ: còn ít nhất một nhiệm kỳ",
    QD_98.at("Điều 5", "§11.6"),
    Confidence.VERIFIED,
    valid_from=date(2017, 10, 7),
    valid_until=date(2022, 4, 28),
)
ROTATION_65_RULE = Rule(
    "appointment.rotation_age_65",
    "Cán bộ luân chuyển còn ít nhất 10 năm công tác (một nhiệm kỳ với trường hợp không là người địa phương, "
    "quá 2 nhiệm kỳ) tại thời điểm luân chuyển (như Quy định 98; có thể cấu hình)",
    QD_65.at("Điều 4, đối tượng luân chuyển", "§11.6, §11.16 mục 3"),
    Confidence.PARTIAL,
    valid_from=date(2022, 4, 28),
)


def check_rotation_age(
    retirement: Retirement, departure_on: date, *, one_term_case: bool = False, who: str = ""
) -> AgeCheck | None:
    """Refuse a rotation whose cadre has too little working time left at departure (RULES.md §11.6).
    ``one_term_case``: moved to avoid a local appointee or a third consecutive term as head. None before
    QĐ 98 (07/10/2017): RULES.md gives no date for NQ 11's rule."""
    rule = next((r for r in (ROTATION_98_RULE, ROTATION_65_RULE) if r.known_on(departure_on)), None)
    if rule is None:
        return None
    defaults = cadre_config.DEFAULTS  # QĐ 65's numbers: [P]; [U] RULES.md §11.16 #3
    if rule is ROTATION_98_RULE:
        required = ONE_TERM_MONTHS if one_term_case else 2 * ONE_TERM_MONTHS
    else:
        required = defaults.rotation_one_term_months_65 if one_term_case else defaults.rotation_min_months_65
    check = AgeCheck.at(rule, departure_on, retirement, required)
    if not check.passed:
        raise RuleViolation(
            rule,
            about(
                who,
                _(
                    "Còn %(left)s tháng công tác đến tháng nghỉ hưu %(month)s (tính tại ngày đi luân chuyển "
                    "%(day)s); luân chuyển cần đủ %(required)s tháng."
                )
                % (check.values() | {"day": fmt(departure_on)}),
            ),
        )
    return check


# -- terms, notice, re-appointment (RULES.md §11.5, §11.14) -------------------------------------------

TERM_RULE = Rule(
    "appointment.term",
    "Thời hạn giữ chức vụ mỗi lần bổ nhiệm là 5 năm (có thể cấu hình), không quá tuổi nghỉ hưu",
    ND_138_2020.at("thời hạn bổ nhiệm", "§11.5, §11.16 mục 1, 5"),
    Confidence.PARTIAL,
)
NOTICE_377_RULE = Rule(
    "appointment.reappointment_notice_377",
    "Chậm nhất 90 ngày làm việc trước khi hết thời hạn giữ chức vụ, cấp có thẩm quyền thông báo để cán bộ "
    "chuẩn bị bổ nhiệm lại",
    QD_377.at("bổ nhiệm lại", "§11.5, §11.14, §11.15 mục 6"),
    Confidence.VERIFIED,
    valid_from=QD_377_FROM,
)
NOTICE_DAYS_RULE = Rule(
    "appointment.reappointment_notice_days",
    "Chậm nhất 90 ngày trước khi hết thời hạn giữ chức vụ thông báo để chuẩn bị bổ nhiệm lại hoặc kéo dài "
    "thời gian giữ chức vụ (chức vụ chính quyền; trước Quy định 377-QĐ/TW)",
    QD_727_BNV.at("kéo dài thời gian giữ chức vụ", "§11.5, §11.14"),
    Confidence.PARTIAL,
)
NEAR_RETIREMENT_RULE = Rule(
    "appointment.near_retirement",
    "Còn dưới 5 năm công tác khi hết thời hạn: bổ nhiệm lại đến tuổi nghỉ hưu; còn dưới 2 năm: kéo dài thời "
    "gian giữ chức vụ đến tuổi nghỉ hưu",
    ND_115_2020.at("Điều 49", "§11.5, §11.14"),
    Confidence.VERIFIED,
)
NOTICE_DAYS = 90
EXTEND_BELOW_MONTHS = 24
TO_RETIREMENT_BELOW_MONTHS = ONE_TERM_MONTHS
PUBLIC_EMPLOYEE = "public_employee"  # viên chức: the category ND 115 Art. 49 is written for


def term_until(start: date, retirement: Retirement | None = None) -> date:
    """The first day after a term that starts on ``start``: 5 years later ([P], a setting), or the day
    the pension starts when the retirement comes first (the post is held to the end of the retirement
    day)."""
    until = add_years(start, cadre_config.DEFAULTS.appointment_term_years)  # [P]; [U] RULES.md §11.16 #1, #5
    if retirement is not None and retirement.pension_from < until:
        return retirement.pension_from
    return until


@dataclass(frozen=True)
class Notice:
    due_on: date  # the last day the notice may be given
    rule: Rule


def _working_days_before(last_day: date, n: int) -> date:
    """The last working day with ``n`` working days after it up to ``last_day``: a notice can only be
    given on a working day, and a notice on the n-th working day back would leave n − 1."""
    return _working_days_before_cached(last_day, n, config.DEFAULTS)


@lru_cache(maxsize=65536)  # a dashboard asks it for every cadre's post; keyed by the calendar in force
def _working_days_before_cached(last_day: date, n: int, _defaults: object) -> date:
    d = last_day
    counted = 0
    while counted < n:
        if is_working_day(d):
            counted += 1
        d -= timedelta(days=1)
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


def reappointment_notice(until: date, *, state_post: bool = False) -> Notice:
    """The last day to notify a cadre that the term ends (RULES.md §11.5, §11.14).

    # [U] interpretation: "≥ 90 (working) days before the term ends" leaves 90 (working) days after the
    # notice up to the term's last day; under QĐ 377 the notice is the last working day that does so.
    # The 377 rule applies when that day is on or after 08/10/2025; a
    # notice falling due before QĐ 377 counts 90 calendar days, as the older rule did.
    """
    last_day = until - timedelta(days=1)
    if not state_post or cadre_config.DEFAULTS.reappointment_notice_state_working_days:
        due_on = _working_days_before(last_day, NOTICE_DAYS)
        if NOTICE_377_RULE.known_on(due_on):
            return Notice(due_on, NOTICE_377_RULE)
    return Notice(last_day - timedelta(days=NOTICE_DAYS), NOTICE_DAYS_RULE)


REAPPOINT = "reappoint"
REAPPOINT_TO_RETIREMENT = "reappoint_to_retirement"
EXTEND_TO_RETIREMENT = "extend_to_retirement"
RETIRES = "retires"
PATH_LABELS = {
    REAPPOINT: gettext_noop("Bổ nhiệm lại (thời hạn 5 năm)"),
    REAPPOINT_TO_RETIREMENT: gettext_noop("Bổ nhiệm lại đến tuổi nghỉ hưu"),
    EXTEND_TO_RETIREMENT: gettext_noop("Kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu"),
    RETIRES: gettext_noop("Nghỉ hưu trước khi hết thời hạn"),
}


@dataclass(frozen=True)
class Path:
    """What follows a term: ``kind`` (REAPPOINT …), the months left when it ends, the next term's end."""

    kind: str
    months_left: int
    until: date | None  # the next term's end (exclusive); None when the cadre retires first
    rule: Rule

    @property
    def label(self) -> str:
        return _(PATH_LABELS[self.kind])


def reappointment_path(retirement: Retirement, current_until: date, *, category: str = "") -> Path:
    """Re-appointment, re-appointment to retirement or extension, counted at the first day after the term
    (ND 115 Art. 49 [V] for viên chức; for the other categories [P], ``near_retirement_paths_for_all``)."""
    left = months_to_retirement(retirement, current_until)
    if current_until >= retirement.pension_from:
        return Path(RETIRES, left, None, retirement_rules.AGE_RULE)
    near_applies = category == PUBLIC_EMPLOYEE or cadre_config.DEFAULTS.near_retirement_paths_for_all
    if near_applies and left < EXTEND_BELOW_MONTHS:
        return Path(EXTEND_TO_RETIREMENT, left, retirement.pension_from, NEAR_RETIREMENT_RULE)
    if near_applies and left < TO_RETIREMENT_BELOW_MONTHS:
        return Path(REAPPOINT_TO_RETIREMENT, left, retirement.pension_from, NEAR_RETIREMENT_RULE)
    return Path(REAPPOINT, left, term_until(current_until, retirement), TERM_RULE)


# -- after discipline (RULES.md §11.5, §11.14) ------------------------------------------------------

DISCIPLINE_WAITING_RULE = Rule(
    "appointment.discipline_waiting",
    "Cán bộ bị kỷ luật chỉ được bổ nhiệm, giới thiệu ứng cử chức vụ cao hơn sau 24 tháng (khiển trách), 36 "
    "tháng (cảnh cáo), 60 tháng (cách chức) kể từ ngày quyết định kỷ luật có hiệu lực (có thể cấu hình)",
    QD_377.at("sau kỷ luật", "§11.5, §11.14"),
    Confidence.PARTIAL,
    valid_from=QD_377_FROM,
)


def discipline_waiting_until(sanction: str, effective_on: date) -> date | None:
    """The first day a higher post may be proposed after ``sanction`` (a code of
    :mod:`partyorg.rules.discipline`); None for a sanction without a waiting period in RULES.md."""
    months = dict(cadre_config.DEFAULTS.discipline_waiting_months).get(sanction)
    return add_months(effective_on, months) if months is not None else None


def check_discipline_waiting(
    proposed_on: date, disciplines: Iterable[tuple[str, date]], *, who: str = ""
) -> None:
    """Refuse a proposal for a higher post, on or after 08/10/2025, inside a discipline's waiting period.
    ``disciplines``: (sanction code, day it took effect) of the cadre's sanctions."""
    if not DISCIPLINE_WAITING_RULE.known_on(proposed_on):
        return
    for sanction, effective_on in disciplines:
        until = discipline_waiting_until(sanction, effective_on)
        if until is not None and effective_on <= proposed_on < until:
            raise RuleViolation(
                DISCIPLINE_WAITING_RULE,
                about(
                    who,
                    _(
                        "Bị kỷ luật “%(sanction)s” từ ngày %(effective)s: chỉ được đề xuất chức vụ cao hơn "
                        "từ ngày %(until)s."
                    )
                    % {
                        "sanction": _(SANCTION_LABELS.get(sanction, sanction)),
                        "effective": fmt(effective_on),
                        "until": fmt(until),
                    },
                ),
            )


__all__ = [
    "AgeCheck",
    "Notice",
    "Path",
    "about",
    "appointment_age_rule",
    "check_appointment_age",
    "check_committee_age",
    "check_discipline_waiting",
    "check_in_planning",
    "check_rotation_age",
    "committee_reference_month",
    "discipline_waiting_until",
    "reappointment_notice",
    "reappointment_path",
    "term_until",
]
