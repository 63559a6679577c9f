"""Party badges (Huy hiệu Đảng), RULES.md §2.6.

Milestones and early award: HD 01-HD/TW (28/09/2021) item 18 [V]. The 45-year badge exists from
QĐ 29-QĐ/TW (25/07/2016) [V]. Posthumous early award: secondary source only [P], configurable.
Eligibility uses net party age with gaps subtracted (:mod:`partyorg.rules.party_age`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules import config
from partyorg.rules._dates import add_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import HD_01_2021, LUATMINHKHUE_BADGES, QD_29
from partyorg.rules.party_age import Gap, date_reaching

MILESTONES_RULE = Rule(
    "badges.milestones",
    "Huy hiệu Đảng xét tặng ở các mốc 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90 năm tuổi Đảng",
    HD_01_2021.at("mục 18", "§2.6"),
    Confidence.VERIFIED,
)
BADGE_45_RULE = Rule(
    "badges.45_years",
    "Huy hiệu 45 năm tuổi Đảng có từ Quy định 29-QĐ/TW",
    QD_29.at("", "§2.6"),
    Confidence.VERIFIED,
    valid_from=date(2016, 7, 25),
)
ELIGIBILITY_RULE = Rule(
    "badges.eligibility",
    "Đảng viên đủ tuổi Đảng (đã trừ thời gian gián đoạn) theo mốc mới được xét tặng Huy hiệu Đảng",
    HD_01_2021.at("mục 18", "§2.6"),
    Confidence.VERIFIED,
)
EARLY_AWARD_RULE = Rule(
    "badges.early_seriously_ill",
    "Đảng viên bị bệnh hiểm nghèo được xét tặng sớm: tối đa 12 tháng (mốc 30–65 năm), "
    "24 tháng (mốc 70–90 năm)",
    HD_01_2021.at("mục 18", "§2.6"),
    Confidence.VERIFIED,
)
POSTHUMOUS_RULE = Rule(
    "badges.posthumous",
    "Truy tặng Huy hiệu Đảng sớm tối đa 12 tháng",
    LUATMINHKHUE_BADGES.at("", "§2.6"),
    Confidence.PARTIAL,
)

MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
BADGE_45_FROM = date(2016, 7, 25)
EARLY_MONTHS_UP_TO_65 = 12
EARLY_MONTHS_FROM_70 = 24


@dataclass(frozen=True)
class BadgeDue:
    """The next badge: the date the member reaches the milestone, and the earliest date a seriously ill
    member may receive it (``due_on`` minus the 12- or 24-month early window)."""

    milestone: int
    due_on: date
    earliest_on: date


def milestones_on(on: date) -> tuple[int, ...]:
    """The milestones that exist on ``on``: the 45-year badge only from 25/07/2016 (QĐ 29-QĐ/TW).

    # [U] interpretation: before 25/07/2016 the other milestones are assumed to be the same; RULES.md
    # only records that QĐ 29 introduced the 45-year badge.
    """
    if on >= BADGE_45_FROM:
        return MILESTONES
    return tuple(m for m in MILESTONES if m != 45)


def seriously_ill_early_months(milestone: int) -> int:
    """Early-award window for a seriously ill member: 12 months for 30–65 years, 24 for 70–90 [V]."""
    return EARLY_MONTHS_FROM_70 if milestone >= 70 else EARLY_MONTHS_UP_TO_65


def next_badge(
    first_decision_on: date, gaps: Sequence[Gap], on: date, *, awarded: Collection[int] = ()
) -> BadgeDue | None:
    """The next badge to prepare for on ``on``, or None when none is left.

    # [U] interpretation: the smallest milestone existing on ``on`` that is not awarded and is above the
    # highest milestone already awarded. A milestone passed without an award is still returned (its
    # ``due_on`` is then in the past: it is overdue, e.g. the 45-year badge for members who passed 45
    # years before 25/07/2016 but had not reached 50). A lower milestone skipped after a higher one was
    # awarded is not offered again. Callers wanting every overdue badge call this again with it awarded.
    """
    highest = max(awarded, default=0)
    for milestone in milestones_on(on):
        if milestone in awarded or milestone <= highest:
            continue
        due_on = date_reaching(first_decision_on, gaps, milestone)
        earliest_on = add_months(due_on, -seriously_ill_early_months(milestone))
        return BadgeDue(milestone, due_on, earliest_on)
    return None


def check_badge_award(
    first_decision_on: date,
    gaps: Sequence[Gap],
    milestone: int,
    awarded_on: date,
    *,
    seriously_ill: bool = False,
    posthumous: bool = False,
) -> None:
    """Refuse a badge that does not exist on ``awarded_on`` or is awarded before the member may receive it.

    A member receives the badge once the net party age reaches the milestone; a seriously ill member up to
    12 months early (30–65) or 24 months early (70–90) [V]; posthumously up to
    ``config.badge_posthumous_early_months`` (12) early [P].
    """
    if milestone not in MILESTONES:
        listed = ", ".join(str(m) for m in MILESTONES)
        raise RuleViolation(
            MILESTONES_RULE,
            _("Không có Huy hiệu %(milestone)s năm tuổi Đảng; các mốc xét tặng: %(listed)s.")
            % {"milestone": milestone, "listed": listed},
        )
    if milestone not in milestones_on(awarded_on):
        raise RuleViolation(
            BADGE_45_RULE,
            _("Huy hiệu 45 năm tuổi Đảng chỉ có từ ngày %(since)s; không xét tặng ngày %(day)s.")
            % {"since": fmt(BADGE_45_FROM), "day": fmt(awarded_on)},
        )
    due_on = date_reaching(first_decision_on, gaps, milestone)
    if awarded_on >= due_on:
        return
    # [U] interpretation: a member both seriously ill and deceased gets the longer of the two windows.
    windows: list[tuple[int, Rule]] = []
    if seriously_ill:
        windows.append((seriously_ill_early_months(milestone), EARLY_AWARD_RULE))
    if posthumous:
        windows.append((config.DEFAULTS.badge_posthumous_early_months, POSTHUMOUS_RULE))
    if not windows:
        raise RuleViolation(
            ELIGIBILITY_RULE,
            _(
                "Đảng viên chưa đủ %(milestone)s năm tuổi Đảng (đủ vào ngày %(due)s); chỉ đảng viên bị bệnh "
                "hiểm nghèo hoặc truy tặng mới được xét tặng sớm."
            )
            % {"milestone": milestone, "due": fmt(due_on)},
        )
    months, rule = max(windows, key=lambda window: window[0])
    earliest_on = add_months(due_on, -months)
    if awarded_on < earliest_on:
        raise RuleViolation(
            rule,
            _(
                "Huy hiệu %(milestone)s năm tuổi Đảng chỉ được xét tặng sớm tối đa %(months)s tháng: "
                "sớm nhất ngày %(earliest)s (đủ %(milestone)s năm tuổi Đảng ngày %(due)s)."
            )
            % {"milestone": milestone, "months": months, "earliest": fmt(earliest_on), "due": fmt(due_on)},
        )
