"""A period's arithmetic: the same period a year earlier, which form 1, the checks and the review
draft set beside this one ("cùng kỳ năm trước")."""

from datetime import date

from partyorg.reports.statistics import Period


def test_the_first_half_of_2017_is_compared_with_the_first_half_of_2016():
    assert Period.half_year(2017, 1).a_year_earlier() == Period(date(2016, 1, 1), date(2016, 7, 1))


def test_the_second_half_ends_on_new_years_day_a_year_earlier_too():
    assert Period.half_year(2017, 2).a_year_earlier() == Period(date(2016, 7, 1), date(2017, 1, 1))


def test_a_period_from_29_02_starts_on_28_02_of_the_common_year_before():
    # 29/02/2024 – 31/03/2024 typed by an officer; 2023 has no 29/02, so it starts on 28/02/2023.
    leap = Period.between(date(2024, 2, 29), date(2024, 3, 31))
    assert leap.a_year_earlier() == Period(date(2023, 2, 28), date(2023, 4, 1))


def test_january_and_february_of_a_leap_year_are_set_beside_january_and_february():
    # 01/01/2024 – 29/02/2024 is [01/01/2024, 01/03/2024): a year earlier [01/01/2023, 01/03/2023),
    # whose last day is 28/02/2023.
    earlier = Period.between(date(2024, 1, 1), date(2024, 2, 29)).a_year_earlier()
    assert earlier == Period(date(2023, 1, 1), date(2023, 3, 1))
    assert earlier.closing_day == date(2023, 2, 28)
