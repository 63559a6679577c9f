"""Calendar arithmetic shared by the rule modules: months, years and the dd/mm/yyyy format.

Vietnamese legal texts count "12 tháng", "36 tháng", "30 năm" from a date to the same day of the month
later. When that day does not exist (a period starting on 29/02 or 31/01), the period ends on the last
day of the target month.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day of the month ``months`` later (or earlier), clamped to the month's last day.

    # [U] interpretation: 29/02 + 12 months = 28/02 of the next year, 31/01 + 1 month = 28 or 29/02.
    RULES.md gives no day rule; this is the usual civil-law reading of a period "in months".
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_years(start: date, years: int) -> date:
    """The same day ``years`` calendar years later; 29/02 becomes 28/02 in a common year."""
    return add_months(start, 12 * years)


def completed_months(start: date, on: date) -> int:
    """Whole months from ``start`` to ``on``: the largest m with add_months(start, m) <= on (0 if none)."""
    if on < start:
        return 0
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if add_months(start, months) > on:
        months -= 1
    return months


def fmt(d: date) -> str:
    """A date as Vietnamese documents write it: 30/06/2017."""
    return f"{d:%d/%m/%Y}"
