"""Configurable defaults for the rules that RULES.md marks [P] (partial) or [U] (unverified).

A [V] rule is written in code. A [P] or [U] number lives here, so a deployment can correct it without
touching the rule modules: call :func:`configure` once at start-up (for example from settings), and the
rules read ``config.DEFAULTS`` at call time.

====================================================  ==========  ===  ====================================
Setting                                               Default     Tag  Why it is configurable
====================================================  ==========  ===  ====================================
``extra_days_off``                                    empty       —    package may miss a decision (1)
``extra_working_days``                                empty       —    swap working days not known (1)
``admission_age_by_calendar_month``                   False       [U]  day-level age counting unstated (2)
``badge_posthumous_early_months``                     12          [P]  secondary source only (3)
``temporary_abroad_min_months``                       3           [P]  provincial handbook only (4)
``temporary_abroad_max_months`` (excluded)            12          [P]  provincial handbook only (4)
``readmission_family_planning_waiting_months``        36          [U]  Ban Bí thư rule not retrieved (5)
====================================================  ==========  ===  ====================================

(1) The ``holidays`` package follows the Labour Code and known government decisions; a deployment adds
    a day off (a Tết arrangement) or a weekend working day (a swap day) that the package lacks.
(2) "đủ 18 / đủ 60 tuổi (tính theo tháng)" does not say how the day within the month counts (RULES.md
    §2.1, §9 item 8). False counts completed months to the day; True counts calendar months only (born
    in 03/2000 → 18 during all of 03/2018).
(3) Posthumous badges may be early by at most 12 months (RULES.md §2.6, luatminhkhue.vn).
(4) Temporary transfer abroad for 3 to < 12 months (RULES.md §2.7, Bình Thuận handbook).
(5) Exits for family-planning violations follow "quy định riêng của Ban Bí thư", not retrieved
    (RULES.md §2.12); the general 36 months is assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class RuleDefaults:
    """The configurable numbers; see the module docstring for each one's source and tag."""

    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    admission_age_by_calendar_month: bool = False
    badge_posthumous_early_months: int = 12
    temporary_abroad_min_months: int = 3
    temporary_abroad_max_months: int = 12
    readmission_family_planning_waiting_months: int = 36


DEFAULTS = RuleDefaults()


def configure(**overrides: Any) -> RuleDefaults:
    """Replace :data:`DEFAULTS` by a copy with ``overrides`` applied; unknown names raise ``TypeError``.

    Date sets may be given as any iterable of dates; they are stored as frozensets.
    """
    global DEFAULTS
    for name in ("extra_days_off", "extra_working_days"):
        if name in overrides:
            overrides[name] = frozenset(overrides[name])
    DEFAULTS = replace(DEFAULTS, **overrides)
    return DEFAULTS


def reset() -> RuleDefaults:
    """Restore the shipped defaults (used by tests and by a deployment that re-reads its settings)."""
    global DEFAULTS
    DEFAULTS = RuleDefaults()
    return DEFAULTS
