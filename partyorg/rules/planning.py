"""Cadre planning (quy hoạch cán bộ), RULES.md §11.4, §11.14 "Planning review", §11.15 #4.

By the rule in force on the day of the planning decision (or of the review):

* at most 3 cadres per position and 3 positions per cadre at the same level: QĐ 377 (from 08/10/2025)
  [V]; under QĐ 50 (27/12/2021–07/10/2025) the same, [U] (a setting, ``planning_limits_before_377``);
* only a position higher than every post the cadre holds, never the post itself: HD 16 (from
  15/02/2022) and QĐ 377 [V];
* not at the same time as a proposal to appoint or nominate the cadre: QĐ 377 [V];
* working time for at least one full term (60 months, a setting) to the actual retirement month,
  counted at the start of the planned term ([U] RULES.md §11.16 #1, #2; QĐ 50 wording [V]);
* automatic exit (*đương nhiên ra khỏi quy hoạch*): over the planning age, disciplined (reprimand or
  heavier), concluded not to meet the position's political standard: QĐ 50 [V], kept by QĐ 377 [P].

Planning decided before these documents is not judged (RULES.md gives no earlier text). Ranks follow
the post catalogue of ``partyorg.cadres``: **1 is the highest**.

Public API::

    PlanningEntry(person: str, position: str, level: str = "")   # one row: person × position
    check_planning_limits(on: date, entries: Collection[PlanningEntry], added: PlanningEntry, *,
                          who: str = "", position_label: str = "") -> None
    limit_findings(on: date, entries: Collection[PlanningEntry]) -> list[Finding]
    check_higher_position(on: date, *, planned_position: str, planned_rank: int,
                          held: Collection[tuple[str, int]], who: str = "", position_label: str = "")
    check_not_with_appointment(on: date, *, appointment_proposed: bool, who: str = "") -> None
    term_start(first_year: int) -> date                   # [U] 01/01 of the term's first year
    planning_age_reference(decided_on: date, planned_term_start: date) -> date
    check_planning_age(retirement: Retirement, decided_on: date, planned_term_start: date, *,
                       who: str = "") -> AgeCheck | None
    planning_age_limit_on(retirement: Retirement) -> date  # first day with less than the months
    planning_exit(retirement: Retirement, *, decided_on: date, planned_term_start: date, on: date,
                  disciplines: Iterable[tuple[str, date]] = (),
                  political_standard_failed_on: date | None = None) -> PlanningExit | None

``Finding`` is :class:`partyorg.rules.committees.Finding` (rule, message). ``PlanningExit`` (frozen):
``reason`` ("over_age", "discipline", "political_standard": ``cadres.models.PlanningExit`` values),
``on`` (the day it takes effect), ``rule``, ``message``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules import cadre_config
from partyorg.rules._dates import fmt
from partyorg.rules.appointment import AgeCheck, about
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.cadre_documents import HD_16_2022, QD_50, QD_377
from partyorg.rules.committees import Finding
from partyorg.rules.discipline import LABELS as SANCTION_LABELS
from partyorg.rules.retirement import Retirement, month_index

QD_50_FROM = date(2021, 12, 27)
QD_377_FROM = date(2025, 10, 8)
MAX_PEOPLE_PER_POSITION = 3
MAX_POSITIONS_PER_PERSON = 3

LIMITS_377_RULE = Rule(
    "planning.limits_377",
    "Mỗi chức danh quy hoạch không quá ba cán bộ, một cán bộ quy hoạch không quá ba chức danh ở cùng cấp",
    QD_377.at("quy hoạch cán bộ", "§11.4, §11.14"),
    Confidence.VERIFIED,
    valid_from=QD_377_FROM,
)
LIMITS_50_RULE = Rule(
    "planning.limits_50",
    "Mỗi chức danh quy hoạch không quá ba cán bộ, một cán bộ không quá ba chức danh (như Quy định 377; "
    "chưa đối chiếu nguyên văn Quy định 50, có thể cấu hình)",
    QD_50.at("quy hoạch cán bộ", "§11.4"),
    Confidence.UNVERIFIED,
    valid_from=QD_50_FROM,
    valid_until=QD_377_FROM,
)
HIGHER_16_RULE = Rule(
    "planning.only_higher_16",
    "Chỉ quy hoạch chức danh cao hơn chức danh đang đảm nhiệm",
    HD_16_2022.at("quy hoạch chức danh cao hơn", "§11.4, §11.15 mục 4"),
    Confidence.VERIFIED,
    valid_from=date(2022, 2, 15),
    valid_until=QD_377_FROM,
)
HIGHER_377_RULE = Rule(
    "planning.only_higher_377",
    "Chỉ quy hoạch chức danh cao hơn chức danh đang đảm nhiệm",
    QD_377.at("quy hoạch cán bộ", "§11.4, §11.15 mục 4"),
    Confidence.VERIFIED,
    valid_from=QD_377_FROM,
)
NOT_WITH_APPOINTMENT_RULE = Rule(
    "planning.not_with_appointment",
    "Không thực hiện quy hoạch đồng thời với việc đề xuất bổ nhiệm, giới thiệu cán bộ ứng cử",
    QD_377.at("quy hoạch cán bộ", "§11.4, §11.15 mục 4"),
    Confidence.VERIFIED,
    valid_from=QD_377_FROM,
)
AGE_50_RULE = Rule(
    "planning.age_50",
    "Cán bộ quy hoạch phải đủ tuổi công tác ít nhất trọn một nhiệm kỳ kế tiếp, tính đến tháng nghỉ hưu, tại "
    "thời điểm bắt đầu nhiệm kỳ quy hoạch (cách tính chưa xác minh, có thể cấu hình)",
    QD_50.at("tuổi quy hoạch; Hướng dẫn 16-HD/BTCTW chuyên đề 7", "§11.4, §11.16 mục 2"),
    Confidence.UNVERIFIED,
    valid_from=QD_50_FROM,
    valid_until=QD_377_FROM,
)
AGE_377_RULE = Rule(
    "planning.age_377",
    "Tuổi quy hoạch theo Quy định 377-QĐ/TW: mặc định ít nhất trọn một nhiệm kỳ như Quy định 50 (chưa đối "
    "chiếu nguyên văn, có thể cấu hình)",
    QD_377.at("tuổi quy hoạch", "§11.4, §11.16 mục 1"),
    Confidence.UNVERIFIED,
    valid_from=QD_377_FROM,
)
EXIT_50_RULE = Rule(
    "planning.automatic_exit_50",
    "Đương nhiên ra khỏi quy hoạch: quá tuổi quy hoạch; bị kỷ luật từ khiển trách trở lên; được kết luận "
    "không đảm bảo tiêu chuẩn chính trị",
    QD_50.at("đưa ra khỏi quy hoạch", "§11.4"),
    Confidence.VERIFIED,
    valid_from=QD_50_FROM,
    valid_until=QD_377_FROM,
)
EXIT_377_RULE = Rule(
    "planning.automatic_exit_377",
    "Đương nhiên ra khỏi quy hoạch: quá tuổi quy hoạch; bị kỷ luật từ khiển trách trở lên; được kết luận "
    "không đảm bảo tiêu chuẩn chính trị (như Quy định 50)",
    QD_377.at("đưa ra khỏi quy hoạch", "§11.4"),
    Confidence.PARTIAL,
    valid_from=QD_377_FROM,
)


def _first_known(on: date, *rules: Rule) -> Rule | None:
    return next((rule for rule in rules if rule.known_on(on)), None)


# -- 3 × 3 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningEntry:
    """One row of a planning list for one term: ``person`` × ``position`` (any stable keys); ``level``:
    the level the position belongs to, within which a person holds at most three positions."""

    person: str
    position: str
    level: str = ""


def limits_rule(on: date) -> Rule | None:
    """The rule limiting planning to 3 × 3 on ``on``, if any."""
    if LIMITS_377_RULE.known_on(on):
        return LIMITS_377_RULE
    if LIMITS_50_RULE.known_on(on) and cadre_config.DEFAULTS.planning_limits_before_377:
        return LIMITS_50_RULE
    return None


def _people_message(position: str, count: int) -> str:
    return _(
        "Chức danh %(position)s có %(count)s cán bộ trong quy hoạch; mỗi chức danh quy hoạch không quá "
        "%(max)s cán bộ."
    ) % {"position": position, "count": count, "max": MAX_PEOPLE_PER_POSITION}


def _positions_message(count: int) -> str:
    return _(
        "Được quy hoạch %(count)s chức danh cùng cấp; một cán bộ quy hoạch không quá %(max)s chức danh ở "
        "cùng cấp."
    ) % {"count": count, "max": MAX_POSITIONS_PER_PERSON}


def check_planning_limits(
    on: date,
    entries: Collection[PlanningEntry],
    added: PlanningEntry,
    *,
    who: str = "",
    position_label: str = "",
) -> None:
    """Refuse ``added`` when, with the open ``entries`` of the same term, a position would have more
    than three cadres or the person more than three positions at one level (RULES.md §11.4)."""
    rule = limits_rule(on)
    if rule is None:
        return
    rows = set(entries) | {added}
    people = len({e.person for e in rows if e.position == added.position})
    if people > MAX_PEOPLE_PER_POSITION:
        raise RuleViolation(rule, _people_message(position_label or added.position, people))
    positions = len({e.position for e in rows if e.person == added.person and e.level == added.level})
    if positions > MAX_POSITIONS_PER_PERSON:
        raise RuleViolation(rule, about(who, _positions_message(positions)))


def limit_findings(on: date, entries: Collection[PlanningEntry]) -> list[Finding]:
    """The yearly review's flags (RULES.md §11.14): every position with more than three cadres and every
    person with more than three positions at one level, keyed as the entries are."""
    rule = limits_rule(on)
    if rule is None:
        return []
    rows = set(entries)
    people = Counter(e.position for e in {(e.person, e.position): e for e in rows}.values())
    positions = Counter(
        (e.person, e.level) for e in {(e.person, e.position, e.level): e for e in rows}.values()
    )
    findings = [
        Finding(rule, _people_message(position, count))
        for position, count in sorted(people.items())
        if count > MAX_PEOPLE_PER_POSITION
    ]
    findings += [
        Finding(rule, about(person, _positions_message(count)))
        for (person, _level), count in sorted(positions.items())
        if count > MAX_POSITIONS_PER_PERSON
    ]
    return findings


# -- only higher, not with an appointment -----------------------------------------------------------


def check_higher_position(
    on: date,
    *,
    planned_position: str,
    planned_rank: int,
    held: Collection[tuple[str, int]],
    who: str = "",
    position_label: str = "",
) -> None:
    """Refuse planning for a post the cadre holds or for one not higher than every post held.
    ``held``: (position, rank) of the posts held on ``on``; rank 1 is the highest."""
    rule = _first_known(on, HIGHER_16_RULE, HIGHER_377_RULE)
    if rule is None or not held:
        return
    label = position_label or planned_position
    if planned_position in {position for position, _rank in held}:
        raise RuleViolation(
            rule,
            about(
                who,
                _("Đang đảm nhiệm chức danh %(position)s: chỉ quy hoạch chức danh cao hơn.")
                % {"position": label},
            ),
        )
    highest = min(rank for _position, rank in held)
    if planned_rank >= highest:
        raise RuleViolation(
            rule,
            about(
                who,
                _(
                    "Chức danh %(position)s không cao hơn chức danh đang đảm nhiệm: chỉ quy hoạch chức danh "
                    "cao hơn."
                )
                % {"position": label},
            ),
        )


def check_not_with_appointment(on: date, *, appointment_proposed: bool, who: str = "") -> None:
    """Refuse planning added while the same cadre is proposed for appointment or nomination."""
    if appointment_proposed and NOT_WITH_APPOINTMENT_RULE.known_on(on):
        raise RuleViolation(
            NOT_WITH_APPOINTMENT_RULE,
            about(
                who,
                _(
                    "Đang trong quy trình đề xuất bổ nhiệm, giới thiệu ứng cử: không thực hiện quy hoạch "
                    "đồng thời."
                ),
            ),
        )


# -- age -----------------------------------------------------------------------------------------------


def term_start(first_year: int) -> date:
    """The start of a planned term named by its years ("2026–2031" → 01/01/2026).

    # [U] interpretation (RULES.md §11.16 #2): the congress or election month of the new term is not
    # known when planning; the first day of its first year is taken. A caller who knows the month passes
    # it instead.
    """
    return date(first_year, 1, 1)


def planning_age_reference(decided_on: date, planned_term_start: date) -> date:
    """The day the planning age is counted at: the planned term's start, or the decision's day
    (``planning_age_at_term_start``, [U] RULES.md §11.16 #2)."""
    at_start = cadre_config.DEFAULTS.planning_age_at_term_start  # [U] RULES.md §11.16 #2
    return planned_term_start if at_start else decided_on


def _age_rule(on: date) -> Rule | None:
    return _first_known(on, AGE_50_RULE, AGE_377_RULE)


def _age_check(retirement: Retirement, decided_on: date, planned_term_start: date) -> AgeCheck | None:
    rule = _age_rule(decided_on)
    if rule is None:
        return None
    reference = planning_age_reference(decided_on, planned_term_start)
    return AgeCheck.at(
        rule, reference, retirement, cadre_config.DEFAULTS.planning_min_months
    )  # [U] §11.16 #1


def _age_message(check: AgeCheck) -> str:
    return _(
        "Còn %(left)s tháng công tác đến tháng nghỉ hưu %(month)s (tính tại %(reference)s); quy hoạch cần đủ "
        "tuổi công tác ít nhất trọn một nhiệm kỳ (%(required)s tháng)."
    ) % (check.values() | {"reference": fmt(check.reference_on)})


def check_planning_age(
    retirement: Retirement, decided_on: date, planned_term_start: date, *, who: str = ""
) -> AgeCheck | None:
    """Refuse planning a cadre without a full term of working time at the reference day."""
    check = _age_check(retirement, decided_on, planned_term_start)
    if check is not None and not check.passed:
        raise RuleViolation(check.rule, about(who, _age_message(check)))
    return check


def planning_age_limit_on(retirement: Retirement) -> date:
    """The first day of the month from which fewer than the planning months are left: a term starting
    then (or a decision then, by the setting) can no longer plan the cadre."""
    index = month_index(retirement.month) - cadre_config.DEFAULTS.planning_min_months + 1
    return date(index // 12, index % 12 + 1, 1)


# -- automatic exit ---------------------------------------------------------------------------------

OVER_AGE = "over_age"  # the values of partyorg.cadres.models.PlanningExit
DISCIPLINE = "discipline"
POLITICAL_STANDARD = "political_standard"


@dataclass(frozen=True)
class PlanningExit:
    reason: str
    on: date
    rule: Rule
    message: str


def planning_exit(
    retirement: Retirement,
    *,
    decided_on: date,
    planned_term_start: date,
    on: date,
    disciplines: Iterable[tuple[str, date]] = (),
    political_standard_failed_on: date | None = None,
) -> PlanningExit | None:
    """Why a planned cadre is out of the planning on ``on``, the earliest reason first, or None.

    ``disciplines``: (sanction code, day it took effect) of the sanctions that count (taking effect
    after the planning decision, or still in force on it: the caller knows when a sanction expires; after
    that the level "may consider" planning again, RULES.md §11.4). Over age: the age check failing at its
    reference day (from the decision day when counted at the term start, else from the month the months
    run short).
    """
    rule = _first_known(on, EXIT_50_RULE, EXIT_377_RULE)
    if rule is None:
        return None
    exits: list[PlanningExit] = []
    check = _age_check(retirement, decided_on, planned_term_start)
    if check is not None:
        if cadre_config.DEFAULTS.planning_age_at_term_start:
            over_on = decided_on if not check.passed else None
        else:
            over_on = max(decided_on, planning_age_limit_on(retirement))
        if over_on is not None and over_on <= on:
            check = AgeCheck.at(
                check.rule, max(check.reference_on, over_on), retirement, check.months_required
            )
            message = _("Ra khỏi quy hoạch từ ngày %(day)s: quá tuổi quy hoạch. %(age)s") % {
                "day": fmt(over_on),
                "age": _age_message(check),
            }
            exits.append(PlanningExit(OVER_AGE, over_on, rule, message))
    for sanction, effective_on in disciplines:
        if effective_on <= on:
            day = max(effective_on, decided_on)
            message = _(
                "Ra khỏi quy hoạch từ ngày %(day)s: bị kỷ luật “%(sanction)s” (hiệu lực ngày %(effective)s)."
            )
            values = {
                "day": fmt(day),
                "sanction": _(SANCTION_LABELS.get(sanction, sanction)),
                "effective": fmt(effective_on),
            }
            exits.append(PlanningExit(DISCIPLINE, day, rule, message % values))
    if political_standard_failed_on is not None and political_standard_failed_on <= on:
        day = max(political_standard_failed_on, decided_on)
        message = _("Ra khỏi quy hoạch từ ngày %(day)s: được kết luận không đảm bảo tiêu chuẩn chính trị.")
        exits.append(PlanningExit(POLITICAL_STANDARD, day, rule, message % {"day": fmt(day)}))
    return min(exits, key=lambda e: e.on, default=None)
