"""Party age (tuổi đảng), RULES.md §2.4.

Party age runs from the admission decision (QĐ 24-QĐ/TW §4.5.1; Charter Art. 5(4)), minus the periods
without party activity: expulsion, removal, exit before re-admission, lost contact, and interruption
caused by a transfer. A re-admitted member counts from the *first* decision, minus the gap. An expulsion
later overturned as wrongful is continuous: the caller simply does not pass it as a gap.

How gaps enter the computation (used consistently by every function here, and so by the badges, the
dues exemption at 50 years and the person pages, which all call :func:`party_age` or
:func:`date_reaching`): a date of the member's party age is *pushed* later over each gap that starts
before it, and the *counted date* of ``on`` is the latest date whose push is no later than ``on``.
:func:`date_reaching` pushes the plain anniversary; :func:`party_age` is the calendar difference between
the first decision and the counted date. One is the exact inverse of the other, so the age shown on a
day and the day a milestone is reached always agree.

[U] interpretation (rule ``party_age.gap_arithmetic``): RULES.md §2.4 says *what* is subtracted, not
*how*, so there are two readings, chosen by ``config.party_age_gaps_by_day_count`` (``PARTYORG_RULES``):

- the calendar reading (False): a gap is a calendar span, subtracted in years, months and days, so a
  one-year gap costs one year whether or not it holds a 29 February (admitted 01/10/1989, a gap
  01/03/1995–01/03/1996: 29 years 0 months 0 days on 01/10/2019);
- the day-count reading (True): a gap costs its number of days (366 for that gap: 28 years 11 months
  29 days on 01/10/2019).

The shipped default is the calendar reading; the day-count reading is what partyorg computed before.

Both readings:

- Gaps are half-open ``[start, end)``. The part before the first decision is dropped; overlapping or
  touching gaps are merged first, so a day is never subtracted twice.
- A date up to a gap's start is not pushed; party age stands still at the gap's start during the gap.
- Several gaps push in turn, the earliest first; each costs its own span (calendar reading) or its own
  days: spans are not added together first. Two half-year gaps cost 6 months each.

The calendar reading at month ends:

- A gap's span is measured the way :mod:`partyorg.rules._dates` measures any period in months: whole
  months from its start (31/01 + 1 month = 28/02 or 29/02), then the days left. [31/01/2019,
  28/02/2019) is therefore 1 month, like [28/01/2019, 28/02/2019); [31/01/2019, 01/03/2019) (31/01 to
  28/02 inclusive) is 1 month 1 day.
- A date is pushed the same way: the months first, clamped to the month's last day, then the days; so
  a gap's start is pushed exactly to its end. Admitted 31/01/1990 with the gap [31/01/1995, 28/02/1995):
  30 years on 31/01/2020 + 1 month = 29/02/2020.
- Because months differ in length, the counted date may stand still for a few days or skip a few: after
  a one-month gap, 28/03–31/03/2019 all count as 28/02/2019 (28/02 + 1 month = 28/03, 01/03 + 1 month =
  01/04); in the example above 28/02/2020 counts as 28/01/2020 and 29/02/2020 as 31/01/2020 (29/01, 30/01
  and 31/01 + 1 month are all 29/02). Party age never decreases from one day to the next.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from partyorg.rules import config
from partyorg.rules._dates import add_months, add_years, completed_months
from partyorg.rules.base import Confidence, Rule
from partyorg.rules.documents import CHARTER, QD_24, RULES_MD

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
PARTY_AGE_GAP_ARITHMETIC_RULE = Rule(
    "party_age.gap_arithmetic",
    "Cách trừ thời gian không tham gia sinh hoạt đảng khỏi tuổi đảng: theo năm, tháng, ngày của lịch "
    "hoặc theo số ngày (diễn giải, có thể cấu hình)",
    RULES_MD.at("", "§2.4"),
    Confidence.UNVERIFIED,
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


def _merged_gaps(first_decision_on: date, gaps: Sequence[Gap]) -> list[Gap]:
    """The gaps from the first decision on, sorted, overlapping or touching ones merged into one."""
    merged: list[Gap] = []
    for start, end in sorted(gaps):
        if end <= start:
            raise ValueError(f"empty or reversed gap: {start} – {end}")
        start = max(start, first_decision_on)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def gap_span(start: date, end: date) -> tuple[int, int]:
    """The calendar span of the gap [start, end): whole months from ``start``, then the days left.

    [01/03/1995, 01/03/1996) is (12, 0) like [01/03/1996, 01/03/1997), although one holds 366 days and
    the other 365; [31/01/2019, 28/02/2019) is (1, 0) (31/01 + 1 month = 28/02, RULES.md gives no day rule).
    """
    months = completed_months(start, end)
    return months, (end - add_months(start, months)).days


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _pushed_over(day: date, gap: Gap, by_day_count: bool) -> date:
    # A date of party age pushed over one gap: unchanged up to its start; after it, later by the gap's
    # length. The calendar push adds the months first (clamped to the month's last day), then the days,
    # as gap_span measured them, so the gap's start goes exactly to its end. Non-decreasing in ``day``.
    start, end = gap
    if day <= start:
        return day
    if by_day_count:
        return day + (end - start)
    months, days = gap_span(start, end)
    return add_months(day, months) + timedelta(days=days)


def _back_over(day: date, gap: Gap, by_day_count: bool) -> date:
    # The inverse of _pushed_over: the latest date whose push is no later than ``day``. Inside the gap
    # that is the gap's start; after it, ``day`` less the gap's length.
    start, end = gap
    if day < end:
        return min(day, start)
    if by_day_count:
        return day - (end - start)
    months, days = gap_span(start, end)
    shifted = day - timedelta(days=days)
    back = add_months(shifted, -months)
    if _is_month_end(shifted):
        # Every day of a month whose push clamps to the month's last day qualifies: 29/01, 30/01 and
        # 31/01 + 1 month are all 28/02, so 28/02 less 1 month is 31/01, not 28/01.
        back = _month_end(back)
    return max(start, back)


def _counted_date(merged: Sequence[Gap], on: date, by_day_count: bool) -> date:
    """The latest date whose push over the merged gaps is no later than ``on``: ``on`` moved back over
    them, the latest gap first. Never later than ``on``, and non-decreasing in ``on``."""
    counted = on
    for gap in reversed(merged):
        counted = _back_over(counted, gap, by_day_count)
    return counted


def _by_day_count() -> bool:
    # [U] PARTY_AGE_GAP_ARITHMETIC_RULE: read at call time, so PARTYORG_RULES and tests can switch it.
    return config.DEFAULTS.party_age_gaps_by_day_count


def counted_date(first_decision_on: date, gaps: Sequence[Gap], on: date) -> date:
    """The date party age has reached on ``on``: ``on`` itself without gaps, the latest date whose push
    over the gaps is no later than ``on`` with them (see the module docstring)."""
    return _counted_date(_merged_gaps(first_decision_on, gaps), on, _by_day_count())


def net_party_days(first_decision_on: date, gaps: Sequence[Gap], on: date) -> int:
    """Days of party age on ``on``: from the first decision to the counted date (0 before the decision).

    Under the day-count reading this is the days since the first decision minus the gap days; under the
    calendar reading a gap costs its calendar span, whose length in days depends on where ``on`` falls.
    """
    if on <= first_decision_on:
        return 0
    return (counted_date(first_decision_on, gaps, on) - first_decision_on).days


def date_reaching(first_decision_on: date, gaps: Sequence[Gap], years: int) -> date:
    """The first date on which the net party age is ``years`` full years.

    Without gaps: the same day ``years`` calendar years after the first decision (29/02 → 28/02). Each gap
    that starts before that date pushes it later, the earliest gap first: by the gap's calendar span or
    by its days (the two readings of the module docstring).

    RULES.md §2.4 [V] worked example: admitted 01/10/1989 with one year of transfer interruption
    (the gap [01/01/2000, 01/01/2001)) has not reached 30 years on 01/10/2019; it does on 01/10/2020,
    under both readings.
    """
    by_day_count = _by_day_count()
    reached = add_years(first_decision_on, years)
    for gap in _merged_gaps(first_decision_on, gaps):
        reached = _pushed_over(reached, gap, by_day_count)
    return reached


def completed_years(first_decision_on: date, gaps: Sequence[Gap], on: date) -> int:
    """Full years of net party age on ``on``; consistent with :func:`date_reaching`."""
    return party_age(first_decision_on, gaps, on).years


def party_age(first_decision_on: date, gaps: Sequence[Gap], on: date) -> PartyAge:
    """Net party age on ``on`` as years, months and days.

    Computed as the calendar difference between the first decision and the counted date (``on`` moved
    back over the gaps, see the module docstring). Moving ``on`` back, rather than the start forward,
    keeps ``completed_years(date_reaching(n)) == n`` exact across 29 February.
    """
    if on <= first_decision_on:
        return PartyAge(0, 0, 0, 0)
    counted = counted_date(first_decision_on, gaps, on)
    months = completed_months(first_decision_on, counted)
    days = (counted - add_months(first_decision_on, months)).days
    years, rest = divmod(months, 12)
    return PartyAge(years, rest, days, (counted - first_decision_on).days)
