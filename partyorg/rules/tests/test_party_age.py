"""Party age: RULES.md §2.4 (QĐ 24-QĐ/TW §4.5.1, Charter Art. 5(4))."""

from datetime import date

import pytest

from partyorg.rules.party_age import (
    PartyAge,
    completed_years,
    date_reaching,
    net_party_days,
    party_age,
)

# RULES.md §2.4 worked example: admitted 01/10/1989, one year of transfer interruption.
ADMITTED_1989 = date(1989, 10, 1)
ONE_YEAR_INTERRUPTION = [(date(2000, 1, 1), date(2001, 1, 1))]  # [01/01/2000, 01/01/2001): 366 days


def test_worked_example_not_30_years_on_01_10_2019() -> None:
    """RULES.md §2.4 [V] (thukyluat worked example): admitted 01/10/1989 with one year of transfer
    interruption has NOT reached 30 years on 01/10/2019. Under our definition it reaches 30 years on
    01/10/2020: the 366 gap days push the anniversary 366 days later."""
    assert completed_years(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2019, 10, 1)) == 28
    assert date_reaching(ADMITTED_1989, ONE_YEAR_INTERRUPTION, 30) == date(2020, 10, 1)
    assert completed_years(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2020, 9, 30)) == 29
    assert completed_years(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2020, 10, 1)) == 30


def test_a_365_day_gap_moves_the_anniversary_365_days() -> None:
    """RULES.md §2.4 [V], QĐ 24 §4.5.1: each gap day counts once; 15/03/2005–15/03/2006 is 365 days, and
    365 days after 01/10/2019 is 30/09/2020 because 2020 has a 29 February."""
    gap = [(date(2005, 3, 15), date(2006, 3, 15))]
    assert date_reaching(ADMITTED_1989, gap, 30) == date(2020, 9, 30)


@pytest.mark.parametrize(
    ("first", "gaps", "years", "reached"),
    [
        pytest.param(date(1989, 10, 1), [], 30, date(2019, 10, 1), id="QĐ 24 §4.5.1: no gap, same day"),
        pytest.param(date(1988, 2, 29), [], 30, date(2018, 2, 28), id="QĐ 24 §4.5.1 [U]: 29/02 → 28/02"),
        pytest.param(
            date(1989, 10, 1),
            [(date(1980, 1, 1), date(1985, 1, 1))],
            30,
            date(2019, 10, 1),
            id="QĐ 24 §4.5.1: gap before the decision is ignored",
        ),
        pytest.param(
            date(1989, 10, 1),
            [(date(2030, 1, 1), date(2031, 1, 1))],
            30,
            date(2019, 10, 1),
            id="QĐ 24 §4.5.1: gap after the date is ignored",
        ),
        pytest.param(
            date(1989, 10, 1),
            [(date(2019, 9, 1), date(2019, 11, 1))],
            30,
            date(2019, 12, 1),
            id="QĐ 24 §4.5.1: gap across the anniversary (61 days)",
        ),
        pytest.param(
            date(1989, 10, 1),
            [(date(2000, 1, 1), date(2000, 7, 1)), (date(2000, 3, 1), date(2001, 1, 1))],
            30,
            date(2020, 10, 1),
            id="QĐ 24 §4.5.1: overlapping gaps count once",
        ),
    ],
)
def test_date_reaching(first: date, gaps: list[tuple[date, date]], years: int, reached: date) -> None:
    assert date_reaching(first, gaps, years) == reached
    assert completed_years(first, gaps, reached) == years
    assert completed_years(first, gaps, date.fromordinal(reached.toordinal() - 1)) == years - 1


def test_readmitted_member_counts_from_the_first_decision_minus_the_gap() -> None:
    """RULES.md §2.4 [V] and §2.12: a member admitted 15/05/2000, removed 01/06/2010, re-admitted by a
    decision of 01/06/2014 counts from 15/05/2000 minus the 4 years (1461 days) outside the Party."""
    first = date(2000, 5, 15)
    gaps = [(date(2010, 6, 1), date(2014, 6, 1))]
    on = date(2025, 5, 15)
    assert net_party_days(first, gaps, on) == (on - first).days - 1461
    assert party_age(first, gaps, on) == PartyAge(
        years=21, months=0, days=0, net_days=(on - first).days - 1461
    )
    assert date_reaching(first, gaps, 30) == date(2034, 5, 15)


def test_overturned_wrongful_expulsion_is_continuous() -> None:
    """RULES.md §2.4 [V]: an overturned wrongful expulsion is not a gap; the caller passes none."""
    first = date(1995, 3, 3)
    assert completed_years(first, [], date(2025, 3, 3)) == 30


def test_party_age_in_years_months_days() -> None:
    """QĐ 24-QĐ/TW §4.5.1 [V]: the worked example on 01/10/2019 is 28 years 11 months 29 days."""
    age = party_age(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2019, 10, 1))
    assert age == PartyAge(years=28, months=11, days=29, net_days=10591)
    assert age.net_days == net_party_days(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2019, 10, 1))


def test_no_party_age_before_the_decision() -> None:
    """Charter Art. 5(4) [V]: party age starts on the date written in the admission decision."""
    assert net_party_days(date(2020, 1, 1), [], date(2019, 1, 1)) == 0
    assert party_age(date(2020, 1, 1), [], date(2020, 1, 1)) == PartyAge(0, 0, 0, 0)


def test_a_reversed_gap_is_a_programming_error() -> None:
    """QĐ 24-QĐ/TW §4.5.1: a gap is a half-open period [start, end) with start < end."""
    with pytest.raises(ValueError):
        net_party_days(date(2000, 1, 1), [(date(2010, 1, 1), date(2009, 1, 1))], date(2020, 1, 1))
