"""Party age: RULES.md §2.4 (QĐ 24-QĐ/TW §4.5.1, Charter Art. 5(4)).

How a gap is subtracted is not in RULES.md §2.4 ([U], ``config.party_age_gaps_by_day_count``): the
tests below say which reading they hold for, or run under both (the ``by_day_count`` fixture).
"""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.test import override_settings

from partyorg.rules import ALL_RULES, Confidence, config, dues
from partyorg.rules._dates import add_months
from partyorg.rules.badges import BadgeDue, check_badge_award, next_badge
from partyorg.rules.base import RuleViolation
from partyorg.rules.party_age import (
    PARTY_AGE_GAP_ARITHMETIC_RULE,
    PartyAge,
    completed_years,
    counted_date,
    date_reaching,
    gap_span,
    net_party_days,
    party_age,
)

# RULES.md §2.4 worked example: admitted 01/10/1989, one year of transfer interruption.
ADMITTED_1989 = date(1989, 10, 1)
ONE_YEAR_INTERRUPTION = [(date(2000, 1, 1), date(2001, 1, 1))]  # [01/01/2000, 01/01/2001): 366 days
# Issue 15: the same member with a one-year gap holding 29/02/1996 (366 days), and the year after (365).
LEAP_YEAR_GAP = [(date(1995, 3, 1), date(1996, 3, 1))]
COMMON_YEAR_GAP = [(date(1996, 3, 1), date(1997, 3, 1))]


@pytest.fixture(params=[True, False], ids=["day count", "calendar"])
def by_day_count(request: pytest.FixtureRequest) -> bool:
    """Runs the test under both readings of RULES.md §2.4 [U]; the value says which one is on."""
    config.configure(party_age_gaps_by_day_count=request.param)
    return bool(request.param)


@pytest.fixture
def day_count() -> None:
    config.configure(party_age_gaps_by_day_count=True)


@pytest.fixture
def calendar_span() -> None:
    config.configure(party_age_gaps_by_day_count=False)


def test_worked_example_not_30_years_on_01_10_2019(by_day_count: bool) -> None:
    """RULES.md §2.4 [V] (thukyluat worked example): admitted 01/10/1989 with one year of transfer
    interruption has NOT reached 30 years on 01/10/2019, under both readings. The gap 2000 holds 366
    days: counting days, 01/10/2019 counts as 30/09/2018 (28 full years); counting a calendar year, as
    01/10/2018 (29). Either way 30 years come on 01/10/2020: 01/10/2019 + 366 days or + 1 year."""
    on_2019 = completed_years(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2019, 10, 1))
    assert on_2019 == (28 if by_day_count else 29)
    assert date_reaching(ADMITTED_1989, ONE_YEAR_INTERRUPTION, 30) == date(2020, 10, 1)
    assert completed_years(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2020, 9, 30)) == 29
    assert completed_years(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2020, 10, 1)) == 30


def test_party_age_in_years_months_days(by_day_count: bool) -> None:
    """QĐ 24-QĐ/TW §4.5.1 [V], RULES.md §2.4 [U] arithmetic: the worked example on 01/10/2019.

    Hand-worked: 01/10/1989 → 01/10/2018 is 29 × 365 + 7 leap days (1992 … 2016) = 10.592 days.
    Day count: 01/10/2019 less 366 days is 30/09/2018: 28 years 11 months 29 days, 10.591 days.
    Calendar: 01/10/2019 less 1 year is 01/10/2018: 29 years 0 months 0 days, 10.592 days."""
    age = party_age(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2019, 10, 1))
    if by_day_count:
        assert age == PartyAge(years=28, months=11, days=29, net_days=10591)
    else:
        assert age == PartyAge(years=29, months=0, days=0, net_days=10592)
    assert age.net_days == net_party_days(ADMITTED_1989, ONE_YEAR_INTERRUPTION, date(2019, 10, 1))


def test_issue_example_a_one_year_gap_costs_one_year_by_calendar(calendar_span: None) -> None:
    """RULES.md §2.4 [U] calendar reading (issue 15): admitted 01/10/1989, gap 01/03/1995–01/03/1996.

    Hand-worked: the gap is 12 months 0 days (01/03/1995 + 12 months = 01/03/1996). 01/10/2019 less 12
    months is 01/10/2018: 29 years 0 months 0 days, 10.592 days (see above). 30 years: 01/10/2019 +
    12 months = 01/10/2020."""
    on = date(2019, 10, 1)
    assert gap_span(*LEAP_YEAR_GAP[0]) == (12, 0)
    assert counted_date(ADMITTED_1989, LEAP_YEAR_GAP, on) == date(2018, 10, 1)
    assert party_age(ADMITTED_1989, LEAP_YEAR_GAP, on) == PartyAge(29, 0, 0, 10592)
    assert date_reaching(ADMITTED_1989, LEAP_YEAR_GAP, 30) == date(2020, 10, 1)


def test_issue_example_a_one_year_gap_costs_366_days_by_day_count(day_count: None) -> None:
    """RULES.md §2.4 [U] day-count reading, the same member: the gap holds 29/02/1996, 366 days.

    Hand-worked: 01/10/2019 less 366 days is 30/09/2018: 28 years 11 months 29 days, 10.591 days.
    30 years: 01/10/2019 + 366 days = 01/10/2020 (29/02/2020 lies between)."""
    on = date(2019, 10, 1)
    assert counted_date(ADMITTED_1989, LEAP_YEAR_GAP, on) == date(2018, 9, 30)
    assert party_age(ADMITTED_1989, LEAP_YEAR_GAP, on) == PartyAge(28, 11, 29, 10591)
    assert date_reaching(ADMITTED_1989, LEAP_YEAR_GAP, 30) == date(2020, 10, 1)


def test_a_leap_year_gap_and_a_common_year_gap_cost_the_same_by_calendar(calendar_span: None) -> None:
    """RULES.md §2.4 [U] calendar reading: one year with 29/02 (1995–1996, 366 days) and one without
    (1996–1997, 365 days) both cost one year: 29 years 0 months 0 days on 01/10/2019, 30 years on
    01/10/2020."""
    on = date(2019, 10, 1)
    leap, common = party_age(ADMITTED_1989, LEAP_YEAR_GAP, on), party_age(ADMITTED_1989, COMMON_YEAR_GAP, on)
    assert leap == common == PartyAge(29, 0, 0, 10592)
    assert date_reaching(ADMITTED_1989, LEAP_YEAR_GAP, 30) == date(2020, 10, 1)
    assert date_reaching(ADMITTED_1989, COMMON_YEAR_GAP, 30) == date(2020, 10, 1)


def test_a_leap_year_gap_costs_a_day_more_by_day_count(day_count: None) -> None:
    """RULES.md §2.4 [U] day-count reading: the 365-day gap leaves 01/10/2019 at 01/10/2018 (29 years)
    and brings 30 years 365 days after 01/10/2019, on 30/09/2020 (2020 has a 29 February); the
    366-day gap leaves 28 years 11 months 29 days and 30 years on 01/10/2020."""
    on = date(2019, 10, 1)
    assert party_age(ADMITTED_1989, COMMON_YEAR_GAP, on) == PartyAge(29, 0, 0, 10592)
    assert party_age(ADMITTED_1989, LEAP_YEAR_GAP, on) == PartyAge(28, 11, 29, 10591)
    assert date_reaching(ADMITTED_1989, COMMON_YEAR_GAP, 30) == date(2020, 9, 30)
    assert date_reaching(ADMITTED_1989, LEAP_YEAR_GAP, 30) == date(2020, 10, 1)


def test_a_365_day_gap_moves_the_anniversary_365_days(day_count: None) -> None:
    """RULES.md §2.4 [V], QĐ 24 §4.5.1, day-count reading [U]: each gap day counts once;
    15/03/2005–15/03/2006 is 365 days, and 365 days after 01/10/2019 is 30/09/2020 because 2020 has a
    29 February. By calendar it is one year: 01/10/2020."""
    gap = [(date(2005, 3, 15), date(2006, 3, 15))]
    assert date_reaching(ADMITTED_1989, gap, 30) == date(2020, 9, 30)
    config.configure(party_age_gaps_by_day_count=False)
    assert date_reaching(ADMITTED_1989, gap, 30) == date(2020, 10, 1)


@pytest.mark.parametrize(
    ("start", "end", "span"),
    [
        pytest.param(date(1995, 3, 1), date(1996, 3, 1), (12, 0), id="a year with 29/02"),
        pytest.param(date(1996, 3, 1), date(1997, 3, 1), (12, 0), id="a year without"),
        pytest.param(date(2019, 1, 31), date(2019, 2, 28), (1, 0), id="31/01 + 1 month = 28/02"),
        pytest.param(date(2019, 1, 28), date(2019, 2, 28), (1, 0), id="28/01 + 1 month = 28/02"),
        pytest.param(date(2019, 1, 31), date(2019, 3, 1), (1, 1), id="31/01 to 28/02 inclusive"),
        pytest.param(date(2020, 1, 31), date(2020, 2, 29), (1, 0), id="31/01 + 1 month = 29/02 (2020)"),
        pytest.param(date(2019, 9, 1), date(2019, 11, 1), (2, 0), id="two months"),
        pytest.param(date(2019, 9, 1), date(2019, 9, 20), (0, 19), id="19 days"),
    ],
)
def test_a_gap_span_is_whole_months_from_its_start_then_days(
    start: date, end: date, span: tuple[int, int]
) -> None:
    """RULES.md §2.4 [U] calendar reading; months as rules/_dates.py counts them (31/01 + 1 month = the
    last day of February, [U] civil-law reading)."""
    assert gap_span(start, end) == span
    months, days = span
    assert add_months(start, months) + timedelta(days=days) == end


@pytest.mark.parametrize(
    ("on", "counted"),
    [
        pytest.param(date(2019, 2, 27), date(2019, 1, 31), id="inside the gap: its start"),
        pytest.param(date(2019, 2, 28), date(2019, 1, 31), id="the gap's end: its start"),
        pytest.param(date(2019, 3, 1), date(2019, 2, 1), id="then one month back"),
        pytest.param(date(2019, 3, 27), date(2019, 2, 27), id="27/03 → 27/02"),
        pytest.param(date(2019, 3, 28), date(2019, 2, 28), id="28/03 → 28/02"),
        pytest.param(date(2019, 3, 31), date(2019, 2, 28), id="31/03 → 28/02 (stands still)"),
        pytest.param(date(2019, 4, 1), date(2019, 3, 1), id="01/04 → 01/03"),
    ],
)
def test_month_end_gap_31_01_to_28_02(calendar_span: None, on: date, counted: date) -> None:
    """RULES.md §2.4 [U] calendar reading at month ends: the gap [31/01/2019, 28/02/2019) is one month.
    Hand-worked by pushing dates forward one month (months clamped to the last day): 31/01 → 28/02,
    01/02 → 01/03, 28/02 → 28/03, 01/03 → 01/04; so 28/03–31/03 all count as 28/02. Counting days, the
    gap is 28 days and 31/03/2019 counts as 03/03/2019."""
    gap = [(date(2019, 1, 31), date(2019, 2, 28))]
    first = date(2000, 1, 1)
    assert counted_date(first, gap, on) == counted
    config.configure(party_age_gaps_by_day_count=True)
    assert counted_date(first, gap, date(2019, 3, 31)) == date(2019, 3, 3)


def test_an_anniversary_on_the_31st_is_pushed_to_the_end_of_february(calendar_span: None) -> None:
    """RULES.md §2.4 [U] calendar reading: admitted 31/01/1990, the gap [31/01/1995, 28/02/1995) is one
    month, so 30 years come on 31/01/2020 + 1 month = 29/02/2020. Hand-worked ages: 28/02/2020 counts as
    28/01/2020 (28/01 + 1 month = 28/02), 29 years 11 months 28 days; 29/02/2020 as 31/01/2020, 30 years
    0 months 0 days (29/01, 30/01 and 31/01 + 1 month are all 29/02): the age skips two days there."""
    first, gap = date(1990, 1, 31), [(date(1995, 1, 31), date(1995, 2, 28))]
    assert date_reaching(first, gap, 30) == date(2020, 2, 29)
    before, reached = party_age(first, gap, date(2020, 2, 28)), party_age(first, gap, date(2020, 2, 29))
    assert (before.years, before.months, before.days) == (29, 11, 28)
    assert (reached.years, reached.months, reached.days) == (30, 0, 0)


def test_several_gaps_each_cost_their_own_span(by_day_count: bool) -> None:
    """RULES.md §2.4 [U]: two half-year gaps, [01/01/2001, 01/07/2001) and [01/01/2003, 01/07/2003),
    181 days each. Calendar: 6 months each, so 01/10/2019 counts as 01/10/2018: 29 years 0 months 0
    days. Day count: 362 days, so 01/10/2019 counts as 04/10/2018: 29 years 0 months 3 days."""
    gaps = [(date(2001, 1, 1), date(2001, 7, 1)), (date(2003, 1, 1), date(2003, 7, 1))]
    age = party_age(ADMITTED_1989, gaps, date(2019, 10, 1))
    assert (age.years, age.months, age.days) == ((29, 0, 3) if by_day_count else (29, 0, 0))


def test_gaps_are_taken_one_by_one_the_latest_first_going_back(by_day_count: bool) -> None:
    """RULES.md §2.4 [U]: admitted 01/01/2000; a one-day gap [01/01/2010, 02/01/2010) and a one-month
    gap [01/06/2015, 01/07/2015) (30 days). On 31/03/2020, calendar: 28/02/2020 pushed over the day is
    29/02/2020, over the month 29/03/2020, no later than 31/03; 29/02/2020 would go to 01/04/2020. So
    the counted date is 28/02/2020: 20 years 1 month 27 days. Day count: 31 days back, 29/02/2020:
    20 years 1 month 28 days."""
    gaps = [(date(2010, 1, 1), date(2010, 1, 2)), (date(2015, 6, 1), date(2015, 7, 1))]
    age = party_age(date(2000, 1, 1), gaps, date(2020, 3, 31))
    assert (age.years, age.months, age.days) == ((20, 1, 28) if by_day_count else (20, 1, 27))


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
            id="QĐ 24 §4.5.1: gap across the anniversary (61 days, 2 months)",
        ),
        pytest.param(
            date(1989, 10, 1),
            [(date(2000, 1, 1), date(2000, 7, 1)), (date(2000, 3, 1), date(2001, 1, 1))],
            30,
            date(2020, 10, 1),
            id="QĐ 24 §4.5.1: overlapping gaps count once (366 days, 1 year)",
        ),
    ],
)
def test_date_reaching(
    by_day_count: bool, first: date, gaps: list[tuple[date, date]], years: int, reached: date
) -> None:
    """Rows that hold under both readings of RULES.md §2.4 [U]."""
    assert date_reaching(first, gaps, years) == reached
    assert completed_years(first, gaps, reached) == years
    assert completed_years(first, gaps, date.fromordinal(reached.toordinal() - 1)) == years - 1


FIRSTS = [date(1988, 2, 29), date(1989, 1, 31), date(1989, 10, 1), date(1990, 3, 30)]
GAP_STARTS = [date(1995, 1, 31), date(1995, 3, 31), date(1996, 2, 29), date(1996, 4, 30), date(1996, 12, 15)]
GAP_LENGTHS = [1, 27, 28, 30, 31, 59, 365, 366, 1000]


def test_the_milestone_day_and_the_age_agree_at_month_ends(by_day_count: bool) -> None:
    """RULES.md §2.4: the day a badge or the dues exemption is due (date_reaching) is the first day the
    age shown reaches it. Checked by machine for first decisions and gaps starting at month ends, under
    both readings: 30 years on that day, 29 the day before."""
    for first in FIRSTS:
        for start in GAP_STARTS:
            for length in GAP_LENGTHS:
                gaps = [(start, start + timedelta(days=length)), (date(2014, 1, 31), date(2014, 2, 28))]
                reached = date_reaching(first, gaps, 30)
                assert completed_years(first, gaps, reached) == 30, (first, gaps)
                assert completed_years(first, gaps, reached - timedelta(days=1)) == 29, (first, gaps)


def test_party_age_never_decreases_from_one_day_to_the_next(by_day_count: bool) -> None:
    """RULES.md §2.4: a gap stops party age, it never takes back a day already counted. Checked day by
    day through each gap and the 100 days after it, gaps starting at month ends."""
    for start in GAP_STARTS:
        for length in GAP_LENGTHS:
            gaps = [(start, start + timedelta(days=length))]
            previous = counted_date(date(1989, 1, 31), gaps, start)
            for offset in range(1, length + 100):
                counted = counted_date(date(1989, 1, 31), gaps, start + timedelta(days=offset))
                assert previous <= counted <= start + timedelta(days=offset), (gaps, offset)
                previous = counted


def test_readmitted_member_counts_from_the_first_decision_minus_the_gap(by_day_count: bool) -> None:
    """RULES.md §2.4 [V] and §2.12: a member admitted 15/05/2000, removed 01/06/2010, re-admitted by a
    decision of 01/06/2014 counts from 15/05/2000 minus the 4 years (1461 days, 29/02/2012 among them)
    outside the Party. On 15/05/2025 both readings give 15/05/2021: 21 years, 9131 − 1461 = 7670 days
    (15/05/2000 → 15/05/2025 is 25 × 365 + 6 leap days)."""
    first = date(2000, 5, 15)
    gaps = [(date(2010, 6, 1), date(2014, 6, 1))]
    on = date(2025, 5, 15)
    assert net_party_days(first, gaps, on) == (on - first).days - 1461 == 7670
    assert party_age(first, gaps, on) == PartyAge(years=21, months=0, days=0, net_days=7670)
    assert date_reaching(first, gaps, 30) == date(2034, 5, 15)


def test_overturned_wrongful_expulsion_is_continuous() -> None:
    """RULES.md §2.4 [V]: an overturned wrongful expulsion is not a gap; the caller passes none."""
    first = date(1995, 3, 3)
    assert completed_years(first, [], date(2025, 3, 3)) == 30


def test_no_party_age_before_the_decision() -> None:
    """Charter Art. 5(4) [V]: party age starts on the date written in the admission decision."""
    assert net_party_days(date(2020, 1, 1), [], date(2019, 1, 1)) == 0
    assert party_age(date(2020, 1, 1), [], date(2020, 1, 1)) == PartyAge(0, 0, 0, 0)


def test_a_reversed_gap_is_a_programming_error(by_day_count: bool) -> None:
    """QĐ 24-QĐ/TW §4.5.1: a gap is a half-open period [start, end) with start < end."""
    with pytest.raises(ValueError):
        net_party_days(date(2000, 1, 1), [(date(2010, 1, 1), date(2009, 1, 1))], date(2020, 1, 1))
    with pytest.raises(ValueError):
        date_reaching(date(2000, 1, 1), [(date(2010, 1, 1), date(2010, 1, 1))], 30)


# -- what moves with the reading ----------------------------------------------------------------------


def test_badge_due_dates_move_with_the_reading(by_day_count: bool) -> None:
    """RULES.md §2.6 [V] (HD 01-HD/TW 2021 item 18) on §2.4's net party age: admitted 01/10/1989, a
    365-day gap 01/03/1996–01/03/1997. Day count: 30 years on 01/10/2019 + 365 days = 30/09/2020, the
    seriously ill from 30/09/2019. Calendar: 01/10/2020, from 01/10/2019."""
    due, earliest = (
        (date(2020, 9, 30), date(2019, 9, 30)) if by_day_count else (date(2020, 10, 1), date(2019, 10, 1))
    )
    assert next_badge(ADMITTED_1989, COMMON_YEAR_GAP, date(2019, 10, 1)) == BadgeDue(30, due, earliest)
    check_badge_award(ADMITTED_1989, COMMON_YEAR_GAP, 30, due)
    check_badge_award(ADMITTED_1989, COMMON_YEAR_GAP, 30, earliest, seriously_ill=True)
    with pytest.raises(RuleViolation) as early:
        check_badge_award(ADMITTED_1989, COMMON_YEAR_GAP, 30, due - timedelta(days=1))
    assert early.value.code == "badges.eligibility"
    assert early.value.message == (
        f"Đảng viên chưa đủ 30 năm tuổi Đảng (đủ vào ngày {due:%d/%m/%Y}); chỉ đảng viên bị bệnh hiểm nghèo "
        "hoặc truy tặng mới được xét tặng sớm."
    )
    with pytest.raises(RuleViolation) as too_early:
        check_badge_award(
            ADMITTED_1989, COMMON_YEAR_GAP, 30, earliest - timedelta(days=1), seriously_ill=True
        )
    assert too_early.value.code == "badges.early_seriously_ill"


def test_the_50_year_dues_exemption_moves_with_the_reading(by_day_count: bool) -> None:
    """QĐ 01 (RULES.md §4.1 [V]) exempts from dues at 50 years of §2.4 party age, from the month the
    anniversary falls in ([U] default). Admitted 01/10/1977, a 365-day gap 01/03/1996–01/03/1997:
    50 years on 01/10/2027 + 365 days = 30/09/2028 (2028 has a 29 February) by day count, so September
    2028 is exempt; 01/10/2028 by calendar, so September still pays."""
    fifty = dues.fifty_years_on(date(1977, 10, 1), COMMON_YEAR_GAP)
    assert fifty == (date(2028, 9, 30) if by_day_count else date(2028, 10, 1))
    facts = dues.MemberFacts(birth_date=date(1955, 1, 1), sex="male", fifty_years_on=fifty)
    assert dues.exempt_by_party_age(date(2028, 9, 1), facts) is by_day_count
    assert dues.exempt_by_party_age(date(2028, 10, 1), facts) is True


# -- the setting ----------------------------------------------------------------------------------------


def test_the_gap_arithmetic_is_a_documented_unverified_rule() -> None:
    """RULES.md §2.4 names what is subtracted, not how: the reading is [U] and listed in docs/rules.md."""
    assert PARTY_AGE_GAP_ARITHMETIC_RULE in ALL_RULES
    assert PARTY_AGE_GAP_ARITHMETIC_RULE.confidence is Confidence.UNVERIFIED
    assert PARTY_AGE_GAP_ARITHMETIC_RULE.source.rules_md == "§2.4"
    assert "party_age_gaps_by_day_count" in (config.__doc__ or "")


def test_the_shipped_reading_is_the_calendar() -> None:
    """rules/config.py (11), issue 15: partyorg ships the calendar reading; a one-year gap costs a year."""
    assert config.RuleDefaults().party_age_gaps_by_day_count is False
    assert party_age(ADMITTED_1989, LEAP_YEAR_GAP, date(2019, 10, 1)) == PartyAge(29, 0, 0, 10592)


@pytest.fixture
def restored() -> Iterator[None]:
    yield
    config.reset()


def test_the_reading_follows_partyorg_rules_in_settings(restored: None) -> None:
    """rules/config.py (11) [U]: a deployment chooses the reading in PARTYORG_RULES; start-up applies it
    and every call after reads it (the issue 15 member: 29 years by calendar, 28 by day count)."""
    on = date(2019, 10, 1)
    with override_settings(PARTYORG_RULES={"party_age_gaps_by_day_count": False}):
        apps.get_app_config("core").ready()
    assert config.DEFAULTS.party_age_gaps_by_day_count is False
    assert completed_years(ADMITTED_1989, LEAP_YEAR_GAP, on) == 29
    with override_settings(PARTYORG_RULES={"party_age_gaps_by_day_count": True}):
        apps.get_app_config("core").ready()
    assert completed_years(ADMITTED_1989, LEAP_YEAR_GAP, on) == 28
