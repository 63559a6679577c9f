"""Vietnamese working days (ngày làm việc) for the "within N working days" deadlines of the Party rules.

RULES.md §8 item 2: "30 / 60 ngày làm việc" are working days, so deadlines need a calendar with public
holidays. Days off are Saturdays, Sundays and the public holidays of the ``holidays`` package for
Vietnam (Labour Code holidays, including the lunar ones: Tết and Giỗ Tổ Hùng Vương, their observed
days, and the government's substitute days off). The package also knows the weekend days the government
turns into working days in exchange (e.g. Saturday 26/04/2025); those count as working days.

A deployment corrects a year with ``config.configure(extra_days_off=..., extra_working_days=...)``;
the overrides win over the package.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache

import holidays

from partyorg.rules import config


@cache
def _package_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, weekend working days) of ``year`` from the holidays package, computed once per year."""
    # Building the next year too lets a swap working day in late December, given in exchange for a
    # day off in early January, be known when asking about December.
    vn = holidays.country_holidays("VN", years=(year, year + 1))
    days_off = frozenset(d for d in vn if d.year == year)
    weekend_workdays = frozenset(d for d in vn.weekend_workdays if d.year == year)
    return days_off, weekend_workdays


def is_working_day(d: date) -> bool:
    """True when ``d`` is a working day: Monday–Friday, not a public holiday, or a swapped weekend day."""
    defaults = config.DEFAULTS
    if d in defaults.extra_working_days:
        return True
    if d in defaults.extra_days_off:
        return False
    days_off, weekend_workdays = _package_calendar(d.year)
    if d in weekend_workdays:
        return True
    return d.weekday() < 5 and d not in days_off


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is not counted; n = 0 gives ``start``).

    "Within 30 working days of X" gives the deadline ``add_working_days(X, 30)``: an act done on that
    date is still on time.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    return _add_working_days(start, n, config.DEFAULTS)


@lru_cache(maxsize=65536)  # a load asks the same deadlines many times; keyed by the config in force
def _add_working_days(start: date, n: int, _defaults: object) -> date:
    d = start
    remaining = n
    while remaining > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            remaining -= 1
    return d


def working_days_between(start: date, end: date) -> int:
    """The number of working days in (start, end]; 0 when ``end`` is not after ``start``."""
    count = 0
    d = start + timedelta(days=1)
    while d <= end:
        if is_working_day(d):
            count += 1
        d += timedelta(days=1)
    return count
