"""Working days (ngày làm việc): RULES.md §8 item 2, holidays from the `holidays` package (Labour Code)."""

from datetime import date

import pytest

from partyorg.rules import config
from partyorg.rules.calendar import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 2, 13), True, id="RULES §8.2: Fri 13/02/2026 before Tết is a working day"),
        pytest.param(date(2026, 2, 16), False, id="RULES §8.2: Mon 16/02/2026 Tết eve (holidays pkg)"),
        pytest.param(date(2026, 2, 17), False, id="RULES §8.2: Tue 17/02/2026 is Tết (holidays pkg)"),
        pytest.param(date(2026, 2, 20), False, id="RULES §8.2: Fri 20/02/2026 fourth day of Tết"),
        pytest.param(date(2026, 2, 23), True, id="RULES §8.2: Mon 23/02/2026 back at work"),
        pytest.param(date(2026, 4, 30), False, id="RULES §8.2: 30/04 Liberation Day"),
        pytest.param(date(2026, 5, 1), False, id="RULES §8.2: 01/05 Labour Day"),
        pytest.param(date(2026, 9, 2), False, id="RULES §8.2: 02/09 National Day"),
        pytest.param(date(2026, 8, 31), False, id="RULES §8.2: Mon 31/08/2026 substitute day off"),
        pytest.param(date(2026, 8, 22), True, id="RULES §8.2: Sat 22/08/2026 swap working day"),
        pytest.param(date(2025, 4, 26), True, id="RULES §8.2: Sat 26/04/2025 swap working day"),
        pytest.param(date(2025, 5, 2), False, id="RULES §8.2: Fri 02/05/2025 substitute day off"),
        pytest.param(date(2026, 3, 7), False, id="RULES §8.2: an ordinary Saturday"),
        pytest.param(date(2026, 3, 8), False, id="RULES §8.2: an ordinary Sunday"),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2026, 2, 13), 1, date(2026, 2, 23), id="RULES §8.2: across Tết 2026"),
        pytest.param(date(2026, 2, 12), 2, date(2026, 2, 23), id="RULES §8.2: Thu before Tết + 2"),
        pytest.param(date(2026, 4, 29), 1, date(2026, 5, 4), id="RULES §8.2: across 30/04–01/05/2026"),
        pytest.param(date(2025, 4, 29), 1, date(2025, 5, 5), id="RULES §8.2: across 30/04–02/05/2025"),
        pytest.param(date(2025, 4, 25), 1, date(2025, 4, 26), id="RULES §8.2: onto swap Saturday 2025"),
        pytest.param(date(2026, 8, 28), 1, date(2026, 9, 3), id="RULES §8.2: across 31/08–02/09/2026"),
        pytest.param(date(2026, 3, 6), 0, date(2026, 3, 6), id="RULES §8.2: zero days is the start"),
        pytest.param(date(2026, 3, 7), 1, date(2026, 3, 9), id="RULES §8.2: start on a weekend"),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_working_days_between_counts_the_half_open_interval() -> None:
    """RULES.md §8 item 2: (13/02/2026, 23/02/2026] holds one working day, Tết 16–20/02 excluded."""
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == 0
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_working_days_between_inverts_add_working_days() -> None:
    """RULES.md §8 item 2: a deadline of N working days is N working days away."""
    start = date(2025, 12, 15)
    for n in (1, 30, 60, 90):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_local_overrides_win_over_the_package() -> None:
    """RULES.md §8 item 2, config.extra_days_off / extra_working_days: a deployment corrects a year."""
    config.configure(extra_days_off={date(2026, 3, 9)}, extra_working_days=[date(2026, 3, 7)])
    assert not is_working_day(date(2026, 3, 9))
    assert is_working_day(date(2026, 3, 7))
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_negative_count_is_a_programming_error() -> None:
    """RULES.md §8 item 2: deadlines count forward only."""
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
