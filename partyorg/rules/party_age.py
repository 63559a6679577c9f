"""Party age (tuổi đảng), RULES.md §2.4.

Party age runs from the admission decision (QĐ 24-QĐ/TW §4.5.1; Charter Art. 5(4)), minus the periods
without party activity: expulsion, removal, exit before re-admission, lost contact, and interruption
caused by a transfer. A re-admitted member counts from the *first* decision, minus the gap. An expulsion
later overturned as wrongful is continuous: the caller simply does not pass it as a gap.

How gaps enter the computation (used consistently by every function here): the *counted date* of ``on``
is ``on`` moved back by the gap days before it. The net party age on ``on`` is the calendar difference
between the first decision and that counted date. So each day of gap delays every anniversary by one day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from partyorg.rules._dates import add_months, add_years, completed_months
from partyorg.rules.base import Confidence, Rule
from partyorg.rules.documents import CHARTER, QD_24

Gap = tuple[date, date]
"""A half-open period [start, end) that does not count towards party age."""

PARTY_AGE_START_RULE = Rule(
    "party_age.start",
    "Tuổi đảng tính từ ngày cấp có thẩm quyền ra quyết định kết nạp",
    QD_24.at("§4.5.1", "§2.4"),
    Confidence.VERIFIED,
)
PARTY_AGE_DECISION_DATE_RULE = Rule(
    "party_age.decision_date",
    "Tuổi đảng tính từ ngày ghi trong quyết định kết nạp",
    CHARTER.at("Điều 5(4)", "§2.4"),
    Confidence.VERIFIED,
)
PARTY_AGE_GAPS_RULE = Rule(
    "party_age.gaps",
    "Trừ thời gian không tham gia sinh hoạt đảng: bị khai trừ, xóa tên, mất liên lạc, gián đoạn do chuyển "
    "sinh hoạt đảng",
    QD_24.at("§4.5.1", "§2.4"),
    Confidence.VERIFIED,
)
PARTY_AGE_READMITTED_RULE = Rule(
    "party_age.readmitted",
    "Đảng viên được kết nạp lại: tuổi đảng tính từ ngày quyết định kết nạp lần đầu, trừ thời gian gián đoạn",
    QD_24.at("§4.5.1", "§2.4"),
    Confidence.VERIFIED,
)
PARTY_AGE_RESTORED_RULE = Rule(
    "party_age.restored",
    "Đảng viên bị khai trừ oan được phục hồi đảng tịch: tuổi đảng liên tục",
    QD_24.at("§4.5.1", "§2.4"),
    Confidence.VERIFIED,
)


@dataclass(frozen=True)
class PartyAge:
    """Net party age as years, months and days, plus the net number of days."""

    years: int
    months: int
    days: int
    net_days: int


def _gap_days_before(first_decision_on: date, gaps: Sequence[Gap], on: date) -> int:
    """Days in [first_decision_on, on) covered by at least one gap (overlapping gaps count once)."""
    covered: list[Gap] = []
    for start, end in sorted(gaps):
        if end <= start:
            raise ValueError(f"empty or reversed gap: {start} – {end}")
        start, end = max(start, first_decision_on), min(end, on)
        if end <= start:
            continue
        if covered and start <= covered[-1][1]:
            covered[-1] = (covered[-1][0], max(covered[-1][1], end))
        else:
            covered.append((start, end))
    return sum((end - start).days for start, end in covered)


def _counted_date(first_decision_on: date, gaps: Sequence[Gap], on: date) -> date:
    """``on`` moved back by the gap days before it: the date party age would reach without gaps."""
    return on - timedelta(days=_gap_days_before(first_decision_on, gaps, on))


def net_party_days(first_decision_on: date, gaps: Sequence[Gap], on: date) -> int:
    """Days of party age on ``on``: days since the first decision minus gap days (0 before the decision)."""
    if on <= first_decision_on:
        return 0
    return (_counted_date(first_decision_on, gaps, on) - first_decision_on).days


def date_reaching(first_decision_on: date, gaps: Sequence[Gap], years: int) -> date:
    """The first date on which the net party age is ``years`` full years.

    Without gaps: the same day ``years`` calendar years after the first decision (29/02 → 28/02). Each
    gap day before that date pushes it one day later; we iterate until the date no longer moves (it only
    moves forward, and stops at the first date whose counted date is the plain anniversary).

    RULES.md §2.4 [V] worked example: admitted 01/10/1989 with one year of transfer interruption
    (the gap [01/01/2000, 01/01/2001), 366 days) has not reached 30 years on 01/10/2019; it does on
    01/10/2020.
    """
    anniversary = add_years(first_decision_on, years)
    reached = anniversary
    while True:
        moved = anniversary + timedelta(days=_gap_days_before(first_decision_on, gaps, reached))
        if moved == reached:
            return reached
        reached = moved


def completed_years(first_decision_on: date, gaps: Sequence[Gap], on: date) -> int:
    """Full years of net party age on ``on``; consistent with :func:`date_reaching`."""
    return party_age(first_decision_on, gaps, on).years


def party_age(first_decision_on: date, gaps: Sequence[Gap], on: date) -> PartyAge:
    """Net party age on ``on`` as years, months and days.

    Computed as the calendar difference between the first decision and the counted date (``on`` moved
    back by the gap days). Moving ``on`` back, rather than the start forward, keeps
    ``completed_years(date_reaching(n)) == n`` exact across 29 February.
    """
    if on <= first_decision_on:
        return PartyAge(0, 0, 0, 0)
    counted = _counted_date(first_decision_on, gaps, on)
    months = completed_months(first_decision_on, counted)
    days = (counted - add_months(first_decision_on, months)).days
    years, rest = divmod(months, 12)
    return PartyAge(years, rest, days, (counted - first_decision_on).days)
