"""Configurable tables of the dues rules (đảng phí, RULES.md §4) where RULES.md is [P] or [U].

Like :mod:`partyorg.rules.config`, but for dues only (kept apart so that the dated tables stay
together): a [V] rate is written in :mod:`partyorg.rules.dues`; a [P] or [U] number or table lives
here, and a deployment corrects it in its settings (``PARTYORG_DUES``), which
:func:`configure` applies at start-up (``partyorg/core/apps.py``). ``docs/dues.md`` says the same.

=============================================  ====================  ===  ===================================
Setting                                        Default               Tag  Why it is configurable
=============================================  ====================  ===  ===================================
``regional_minimum_wage``                      NĐ 74/2024, 293/2025  [U]  amounts not in RULES.md (1)
``retirement_age_months``                      Labour Code 2019      [U]  schedule not in RULES.md (2)
``fixed_342_vnd`` (farmer, student, other)     2.000 each            [P]  only the range is known (3)
``past_working_age_share_342_percent``         50                    [P]  secondary source (4)
``abroad_monthly_vnd`` (None: from the basis)  None                  [U]  rates abroad not found (5)
``rounding_vnd``                               1                     [U]  RULES.md silent (6)
``exempt_from_month_after_50_years``           False                 [U]  month of the 50th year (7)
``check_relief_decider``                       True                  [P]  who decides is [P] (8)
``non_payment_warning_consecutive_months``     False                 [U]  counting unstated (9)
=============================================  ====================  ===  ===================================

(1) Quy định 01-QĐ/TW (2026) takes a percentage of "the regional monthly minimum wage where the member
    attends" (RULES.md §4.1 [V]); the wage itself is set by government decree (Nghị định 293/2025/NĐ-CP in
    2026, RULES.md §4.2 note), whose amounts RULES.md does not give. Defaults, from background knowledge,
    to check against the decrees: from 01/07/2024 (NĐ 74/2024) 4.960.000 / 4.410.000 / 3.860.000 /
    3.450.000 VND for regions I–IV; from 01/01/2026 (NĐ 293/2025) 5.310.000 / 4.730.000 / 4.140.000 /
    3.700.000. Rows are (first day in force, (I, II, III, IV)); the row in force on a month's first day
    applies. A later decree is one more row.
(2) "Below / at or above retirement age" (QĐ 01, RULES.md §4.1 [V]) and "past working age" (QĐ 342, §4.2
    [P]) need the retirement age, which RULES.md does not give (§2.8 [U]). Default from background
    knowledge (Labour Code 2012, then Labour Code 2019 Art. 169): men 60 and women 55 years until 2020;
    from 2021 men 60 years 3 months, +3 months a year up to 62 (2028), women 55 years 4 months, +4 months a
    year up to 60 (2035). Rows are (from year, months for men, months for women); a member has reached it
    in a month when their age in completed months at the month's last day is at least that of the year.
(3) QĐ 342: other members in the country (farmers, pupils and students, others) pay "2.000 to 30.000 VND
    per month by category" (RULES.md §4.2 [P]); the amount per category was set by each provincial
    committee and is not known here. Default: the lower end of the range for each category.
(4) QĐ 342: members past working age in those categories pay 50% of the working-age amount (§4.2 [P]).
(5) Rates for members abroad are [U] under both rules (RULES.md §4.1, §4.2, §9 item 6). None: the amount
    recorded in the member's basis (set by the competent committee) is the monthly dues.
(6) RULES.md gives no rounding; 1 rounds the computed amount half up to the đồng (VND has no subunit).
    A province that rounds to 100 or 1.000 đồng sets it here.
(7) "≥ 50 years of party age" exempts (QĐ 01 [V]) without saying from which month. False: the month in
    which the 50th anniversary of net party age falls is already exempt; True: from the month after.
(8) Reductions are "decided by the upper committee for a subordinate cell; a grassroots cell decides
    itself" (§4.1 [P]). True refuses a reduction decided by another organization; False records any.
(9) "Không đóng đảng phí ba tháng trong năm" (§2.9, §4.1 [V]): by default distinct months of the calendar
    year, not necessarily consecutive (§2.9 (a)); True counts the longest run of consecutive months.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

MinimumWageRow = tuple[date, tuple[int, int, int, int]]
RetirementRow = tuple[int, int, int]


def _labour_code_schedule() -> tuple[RetirementRow, ...]:
    rows: list[RetirementRow] = [(0, 60 * 12, 55 * 12)]
    for year in range(2021, 2036):
        steps = year - 2020
        rows.append((year, min(60 * 12 + 3 * steps, 62 * 12), min(55 * 12 + 4 * steps, 60 * 12)))
    return tuple(rows)


@dataclass(frozen=True)
class DuesDefaults:
    """The configurable dues tables; see the module docstring for each one's source and tag."""

    regional_minimum_wage: tuple[MinimumWageRow, ...] = (
        (date(2024, 7, 1), (4_960_000, 4_410_000, 3_860_000, 3_450_000)),
        (date(2026, 1, 1), (5_310_000, 4_730_000, 4_140_000, 3_700_000)),
    )
    retirement_age_months: tuple[RetirementRow, ...] = _labour_code_schedule()
    fixed_342_vnd: tuple[tuple[str, int], ...] = (("farmer", 2_000), ("student", 2_000), ("other", 2_000))
    past_working_age_share_342_percent: int = 50
    abroad_monthly_vnd: int | None = None
    rounding_vnd: int = 1
    exempt_from_month_after_50_years: bool = False
    check_relief_decider: bool = True
    non_payment_warning_consecutive_months: bool = False


DEFAULTS = DuesDefaults()


def configure(**overrides: Any) -> DuesDefaults:
    """Replace :data:`DEFAULTS` by a copy with ``overrides`` applied; unknown names raise ``TypeError``."""
    global DEFAULTS
    if "regional_minimum_wage" in overrides:
        rows = overrides["regional_minimum_wage"]
        overrides["regional_minimum_wage"] = tuple(sorted((day, tuple(wages)) for day, wages in rows))
    for name in ("retirement_age_months", "fixed_342_vnd"):
        if name in overrides:
            overrides[name] = tuple(tuple(row) for row in overrides[name])
    DEFAULTS = replace(DEFAULTS, **overrides)
    return DEFAULTS


def reset() -> DuesDefaults:
    """Restore the shipped defaults (tests; a deployment that re-reads its settings)."""
    global DEFAULTS
    DEFAULTS = DuesDefaults()
    return DEFAULTS
