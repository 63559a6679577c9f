"""Retirement month: RULES.md §11.10 (Bộ luật Lao động 2019 Art. 169, Nghị định 135/2020/NĐ-CP)."""

from datetime import date

import pytest

from partyorg.rules import cadre_config
from partyorg.rules.retirement import (
    AGE_RULE,
    FEMALE,
    FEMALE_LEADER_RULE,
    MALE,
    months_to_retirement,
    required_age_months,
    retirement,
    retirement_of,
)


@pytest.mark.parametrize(
    ("sex", "year", "months"),
    [
        pytest.param(MALE, 2020, 720, id="§11.10: men 60 before 2021"),
        pytest.param(FEMALE, 2020, 660, id="§11.10: women 55 before 2021"),
        pytest.param(MALE, 2021, 723, id="§11.10: men 60 y 3 m in 2021"),
        pytest.param(FEMALE, 2021, 664, id="§11.10: women 55 y 4 m in 2021"),
        pytest.param(MALE, 2028, 744, id="§11.10: men 62 in 2028"),
        pytest.param(MALE, 2040, 744, id="§11.10: men stay at 62"),
        pytest.param(FEMALE, 2035, 720, id="§11.10: women 60 in 2035"),
        pytest.param(FEMALE, 2034, 716, id="§11.10: women 59 y 8 m in 2034"),
    ],
)
def test_the_nd_135_schedule_by_year(sex: str, year: int, months: int) -> None:
    """BLLĐ 2019 Art. 169, ND 135 Appendix I [V]: +3 months a year (men), +4 (women) from 2021."""
    assert required_age_months(sex, year) == months


@pytest.mark.parametrize(
    ("sex", "birth_year", "birth_month", "retirement_month", "age"),
    [
        pytest.param(MALE, 1961, 1, date(2021, 4, 1), "60 tuổi 3 tháng", id="§11.10: M 01/1961 → 04/2021"),
        pytest.param(FEMALE, 1966, 1, date(2021, 5, 1), "55 tuổi 4 tháng", id="§11.10: F 01/1966 → 05/2021"),
        pytest.param(MALE, 1963, 1, date(2023, 10, 1), "60 tuổi 9 tháng", id="§11.10: M 01/1963 → 10/2023"),
        pytest.param(MALE, 1964, 10, date(2026, 4, 1), "61 tuổi 6 tháng", id="§11.10: M 10/1964 → 04/2026"),
        pytest.param(MALE, 1965, 2, date(2026, 8, 1), "61 tuổi 6 tháng", id="§11.10 HD 06: M 02/1965"),
        pytest.param(FEMALE, 1970, 1, date(2027, 5, 1), "57 tuổi 4 tháng", id="§11.10: F 01/1970 → 05/2027"),
        pytest.param(MALE, 1966, 4, date(2028, 4, 1), "62 tuổi", id="§11.10: M from 04/1966 → 62"),
        pytest.param(MALE, 1966, 3, date(2027, 12, 1), "61 tuổi 9 tháng", id="§11.10: M 03/1966 → 61 y 9 m"),
        pytest.param(FEMALE, 1975, 5, date(2035, 5, 1), "60 tuổi", id="§11.10: F from 05/1975 → 60"),
        pytest.param(FEMALE, 1975, 4, date(2034, 12, 1), "59 tuổi 8 tháng", id="§11.10: F 04/1975 59y8m"),
        pytest.param(MALE, 1958, 7, date(2018, 7, 1), "60 tuổi", id="§11.10: before 2021 men at 60"),
    ],
)
def test_the_checked_examples_of_rules_md(
    sex: str, birth_year: int, birth_month: int, retirement_month: date, age: str
) -> None:
    """RULES.md §11.10 "Checked examples" [V] (computed, matching the ND 135 tables and HD 06)."""
    result = retirement(sex, birth_year, birth_month)
    assert result.month == retirement_month
    assert result.age == age
    assert result.rule is AGE_RULE


def test_retirement_is_the_end_of_the_months_last_day_and_the_pension_starts_next_month() -> None:
    """ND 135 [V] (RULES.md §11.10 "Moment"): M 10/1964 retires at the end of 30/04/2026."""
    result = retirement_of(date(1964, 10, 17), MALE)
    assert result.retires_on == date(2026, 4, 30)
    assert result.pension_from == date(2026, 5, 1)
    assert not result.is_retired(date(2026, 4, 30))
    assert result.is_retired(date(2026, 5, 1))


def test_a_birth_month_that_is_not_known_counts_as_january() -> None:
    """ND 135 [V] (RULES.md §11.10, §11.15 #2): a man born "1965", month unknown, counts as 01/1965: 61 y 6
    m (the 2026 age, 720 + 3 × 6 months) reached in 07/2026. Born 07/1965 he would reach 61 y 6 m in
    01/2027, when 2027 asks 61 y 9 m: 04/2027."""
    unknown = retirement_of(date(1965, 7, 1), MALE, birth_month_known=False)
    assert unknown.born == date(1965, 1, 1)
    assert (unknown.month, unknown.age) == (date(2026, 7, 1), "61 tuổi 6 tháng")
    known = retirement_of(date(1965, 7, 1), MALE)
    assert (known.month, known.age) == (date(2027, 4, 1), "61 tuổi 9 tháng")


def test_months_left_are_counted_by_month_as_hd_06_does() -> None:
    """HD 06-HD/BTCTW worked example [V] (RULES.md §11.5): a man born 02/1965 has exactly 5 years left in
    08/2021, whatever the day."""
    result = retirement(MALE, 1965, 2)
    assert months_to_retirement(result, date(2021, 8, 1)) == 60
    assert months_to_retirement(result, date(2021, 8, 31)) == 60
    assert months_to_retirement(result, date(2021, 9, 1)) == 59
    assert months_to_retirement(result, date(2026, 9, 1)) == -1


def test_female_leaders_retire_later_only_when_configured() -> None:
    """ND 83/2022 [U] (RULES.md §11.10, §11.16 #8): off by default; with 60 years configured a woman born
    01/1970 in a listed post retires in 01/2030 instead of 05/2027."""
    assert retirement(FEMALE, 1970, 1, senior_female_post=True).month == date(2027, 5, 1)
    cadre_config.configure(female_leader_retirement_months=720)
    raised = retirement(FEMALE, 1970, 1, senior_female_post=True)
    assert raised.month == date(2030, 1, 1)
    assert raised.rule is FEMALE_LEADER_RULE
    # Not for a man, not for a woman whose post is not listed, not when the schedule is already later.
    assert retirement(MALE, 1970, 1, senior_female_post=True).month == date(2032, 1, 1)
    assert retirement(FEMALE, 1970, 1).month == date(2027, 5, 1)
    assert retirement(FEMALE, 1976, 1, senior_female_post=True).rule is AGE_RULE


def test_unknown_sex_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        required_age_months("other", 2025)


def test_a_deployment_sets_the_nd_83_age_in_partyorg_cadres() -> None:
    """rules/cadre_config.py (K1, [U] RULES.md §11.16 #8): PARTYORG_CADRES reaches the rule at start-up."""
    from django.apps import apps
    from django.test import override_settings

    with override_settings(PARTYORG_CADRES={"female_leader_retirement_months": 720}):
        apps.get_app_config("core").ready()
    assert retirement(FEMALE, 1970, 1, senior_female_post=True).month == date(2030, 1, 1)
