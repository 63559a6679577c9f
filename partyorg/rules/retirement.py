"""Retirement month (tuổi nghỉ hưu, thời điểm nghỉ hưu), RULES.md §11.10: behind every age check of cadres.

Bộ luật Lao động 2019 Art. 169 + Nghị định 135/2020/NĐ-CP (Appendix I) [V]: under normal working
conditions men retire at 60 years 3 months in 2021, then 3 months later each year up to 62 (2028); women
at 55 years 4 months in 2021, then 4 months later each year up to 60 (2035); before 2021 men 60, women 55.
The required age is the one of the calendar year in which it is reached, at month precision: the
retirement month is the first month ``t`` from the birth month with ``months(t − birth) ≥ req(sex,
year(t))``. Retirement is the end of the last day of that month; the pension starts the next month. A
birth month that is not known counts as January (01/01 of the birth year) [V].

ND 83/2022 (women in listed senior posts may retire later) is [U] for the extra years: off unless
``female_leader_retirement_months`` is set in :mod:`partyorg.rules.cadre_config`.

Public API::

    required_age_months(sex: str, year: int) -> int
    retirement(sex: str, birth_year: int, birth_month: int | None = None, *,
               senior_female_post: bool = False) -> Retirement
    retirement_of(birth_date: date, sex: str, *, birth_month_known: bool = True,
                  senior_female_post: bool = False) -> Retirement
    retirement_at_age(born: date, sex: str, age_months: int, rule: Rule) -> Retirement
    month_index(d: date) -> int                      # months since year 0, for month arithmetic
    months_to_retirement(retirement: Retirement, on: date) -> int   # month precision, may be < 0
    age_label(months: int) -> str                    # "61 tuổi 6 tháng"

``Retirement`` (frozen): ``born`` (first day of the birth month counted), ``sex``, ``age_months`` (the
required age), ``month`` (first day of the retirement month), ``retires_on`` (its last day),
``pension_from`` (first day of the next month), ``rule``; ``is_retired(on)``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _

from partyorg.rules import cadre_config
from partyorg.rules.base import Confidence, Rule
from partyorg.rules.cadre_documents import LABOUR_CODE_2019, ND_83_2022, ND_135_2020

MALE = "male"  # as members.models.Sex stores it
FEMALE = "female"

AGE_RULE = Rule(
    "retirement.age",
    "Tuổi nghỉ hưu trong điều kiện lao động bình thường: nam 60 tuổi 3 tháng, nữ 55 tuổi 4 tháng năm 2021, "
    "mỗi năm tăng 3 tháng (nam, đến 62 tuổi năm 2028) và 4 tháng (nữ, đến 60 tuổi năm 2035); tính theo năm "
    "đủ tuổi, chính xác đến tháng",
    LABOUR_CODE_2019.at("Điều 169; Nghị định 135/2020/NĐ-CP, Phụ lục I", "§11.10"),
    Confidence.VERIFIED,
)
MOMENT_RULE = Rule(
    "retirement.moment",
    "Thời điểm nghỉ hưu là kết thúc ngày cuối cùng của tháng đủ tuổi nghỉ hưu; lương hưu hưởng từ ngày "
    "đầu tháng liền kề",
    ND_135_2020.at("thời điểm nghỉ hưu", "§11.10"),
    Confidence.VERIFIED,
)
UNKNOWN_MONTH_RULE = Rule(
    "retirement.unknown_birth_month",
    "Không xác định được ngày, tháng sinh thì lấy ngày 01 tháng 01 của năm sinh",
    ND_135_2020.at("thời điểm nghỉ hưu", "§11.10, §11.15 mục 2"),
    Confidence.VERIFIED,
)
FEMALE_LEADER_RULE = Rule(
    "retirement.female_leaders",
    "Cán bộ nữ giữ một số chức vụ lãnh đạo được nghỉ hưu ở tuổi cao hơn (số năm chưa xác minh; có thể "
    "cấu hình)",
    ND_83_2022.at("danh mục chức vụ", "§11.10, §11.16 mục 8"),
    Confidence.UNVERIFIED,
)

_FIRST_YEAR = 2021  # the schedule's first step (ND 135)
_MEN_BEFORE, _MEN_STEP, _MEN_MAX = 60 * 12, 3, 62 * 12
_WOMEN_BEFORE, _WOMEN_STEP, _WOMEN_MAX = 55 * 12, 4, 60 * 12


def required_age_months(sex: str, year: int) -> int:
    """The retirement age in months for ``sex`` reaching it in ``year`` (RULES.md §11.10 algorithm)."""
    steps = max(0, year - (_FIRST_YEAR - 1))
    if sex == MALE:
        return min(_MEN_BEFORE + _MEN_STEP * steps, _MEN_MAX)
    if sex == FEMALE:
        return min(_WOMEN_BEFORE + _WOMEN_STEP * steps, _WOMEN_MAX)
    raise ValueError(f"unknown sex: {sex!r}")


def month_index(d: date) -> int:
    """Months since year 0: the difference of two indexes is a distance in whole calendar months."""
    return d.year * 12 + d.month - 1


def _month_of(index: int) -> date:
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def age_label(months: int) -> str:
    """An age as RULES.md writes it: 738 → "61 tuổi 6 tháng", 720 → "60 tuổi"."""
    years, rest = divmod(months, 12)
    if rest:
        return _("%(years)s tuổi %(months)s tháng") % {"years": years, "months": rest}
    return _("%(years)s tuổi") % {"years": years}


@dataclass(frozen=True)
class Retirement:
    """When a person retires under ND 135, at month precision (RULES.md §11.10)."""

    born: date  # first day of the birth month counted (01/01 when the month is not known)
    sex: str
    age_months: int  # the required age, reached in ``month``
    month: date  # first day of the retirement month
    retires_on: date  # last day of that month: retirement is the end of this day
    pension_from: date  # first day of the next month
    rule: Rule  # AGE_RULE, or FEMALE_LEADER_RULE when ND 83 raised the age

    @property
    def age(self) -> str:
        return age_label(self.age_months)

    def is_retired(self, on: date) -> bool:
        """True from the pension's first day: the retirement day itself is still a working day."""
        return on >= self.pension_from


def retirement(
    sex: str, birth_year: int, birth_month: int | None = None, *, senior_female_post: bool = False
) -> Retirement:
    """The retirement month of a person born in ``birth_month``/``birth_year`` (None: not known →
    January, [V]). ``senior_female_post``: a woman in a post listed by ND 83/2022, which only counts when
    a deployment has set ``female_leader_retirement_months`` ([U] RULES.md §11.16 #8)."""
    later_age = cadre_config.DEFAULTS.female_leader_retirement_months  # [U] RULES.md §11.16 #8
    return _retirement(sex, birth_year, birth_month or 1, senior_female_post, later_age)


@lru_cache(maxsize=8192)  # a dashboard asks it for every cadre; a few thousand birth months at most
def _retirement(
    sex: str, birth_year: int, birth_month: int, senior_female_post: bool, later_age: int | None
) -> Retirement:
    born = date(birth_year, birth_month, 1)
    raised = senior_female_post and sex == FEMALE and later_age is not None
    start = month_index(born)
    age = required_age_months(sex, birth_year)  # the smallest the schedule can require
    while True:
        reached = start + age
        needed = required_age_months(sex, reached // 12)
        if raised and later_age is not None:
            needed = max(needed, later_age)
        if age >= needed:
            break
        age += 1
    raised_by_83 = raised and age > required_age_months(sex, (start + age) // 12)
    return retirement_at_age(born, sex, age, FEMALE_LEADER_RULE if raised_by_83 else AGE_RULE)


def retirement_at_age(born: date, sex: str, age_months: int, rule: Rule) -> Retirement:
    """The retirement of a person born in the month of ``born`` at a given age in months, for a rule
    that fixes the age (the 60/55 of the rules before KL 08-KL/TW, RULES.md §11.0)."""
    start = month_index(born)
    month = _month_of(start + age_months)
    last_day = calendar.monthrange(month.year, month.month)[1]
    return Retirement(
        born=date(born.year, born.month, 1),
        sex=sex,
        age_months=age_months,
        month=month,
        retires_on=month.replace(day=last_day),
        pension_from=_month_of(start + age_months + 1),
        rule=rule,
    )


def retirement_of(
    birth_date: date, sex: str, *, birth_month_known: bool = True, senior_female_post: bool = False
) -> Retirement:
    """:func:`retirement` from a recorded birth date; ``birth_month_known=False`` when only the year is
    known (the record then holds a placeholder day and month, and January is counted)."""
    month = birth_date.month if birth_month_known else None
    return retirement(sex, birth_date.year, month, senior_female_post=senior_female_post)


def months_to_retirement(retirement: Retirement, on: date) -> int:
    """Whole months from the month of ``on`` to the retirement month (HD 06-HD/BTCTW's month precision:
    a man born 02/1965 retires in 08/2026 and has exactly 60 months left in 08/2021). Negative once past."""
    return month_index(retirement.month) - month_index(on)
