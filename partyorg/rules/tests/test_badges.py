"""Party badges: RULES.md §2.6 (HD 01-HD/TW 2021 item 18, QĐ 29-QĐ/TW)."""

from datetime import date

import pytest

from partyorg.rules import config
from partyorg.rules.badges import BadgeDue, check_badge_award, milestones_on, next_badge
from partyorg.rules.base import RuleViolation


def test_45_year_badge_exists_only_from_25_07_2016() -> None:
    """QĐ 29-QĐ/TW (25/07/2016) [V]: the 45-year badge did not exist on 24/07/2016."""
    assert 45 not in milestones_on(date(2016, 7, 24))
    assert milestones_on(date(2016, 7, 25)) == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


def test_45_year_badge_refused_before_2016() -> None:
    """QĐ 29-QĐ/TW [V]: a 45-year badge dated 02/09/2015 is refused with the exact message."""
    with pytest.raises(RuleViolation) as excinfo:
        check_badge_award(date(1969, 5, 19), [], 45, date(2015, 9, 2))
    assert excinfo.value.code == "badges.45_years"
    assert excinfo.value.message == (
        "Huy hiệu 45 năm tuổi Đảng chỉ có từ ngày 25/07/2016; không xét tặng ngày 02/09/2015."
    )


def test_unknown_milestone_refused() -> None:
    """HD 01-HD/TW 2021 item 18 [V]: there is no 35-year badge."""
    with pytest.raises(RuleViolation) as excinfo:
        check_badge_award(date(1980, 1, 1), [], 35, date(2020, 1, 1))
    assert excinfo.value.code == "badges.milestones"


# First decision 03/02/1990, no gap: 30 years on 03/02/2020, 70 years on 03/02/2060.
FIRST = date(1990, 2, 3)


@pytest.mark.parametrize(
    ("milestone", "awarded_on", "seriously_ill", "posthumous", "refused_by"),
    [
        pytest.param(30, date(2020, 2, 3), False, False, None, id="HD 01 item 18: on the due date"),
        pytest.param(
            30, date(2020, 2, 2), False, False, "badges.eligibility", id="HD 01 item 18: a day early"
        ),
        pytest.param(30, date(2019, 2, 3), True, False, None, id="HD 01 item 18: ill, 12 months early"),
        pytest.param(
            30, date(2019, 2, 2), True, False, "badges.early_seriously_ill", id="HD 01 item 18: ill, 12m+1d"
        ),
        pytest.param(70, date(2058, 2, 3), True, False, None, id="HD 01 item 18: ill, 70y, 24 months early"),
        pytest.param(
            70, date(2058, 2, 2), True, False, "badges.early_seriously_ill", id="HD 01 item 18: 70y, 24m+1d"
        ),
        pytest.param(65, date(2054, 2, 3), True, False, None, id="HD 01 item 18: ill, 65y, 12 months"),
        pytest.param(
            65, date(2054, 2, 2), True, False, "badges.early_seriously_ill", id="HD 01 item 18: 65y, 12m+1d"
        ),
        pytest.param(30, date(2019, 2, 3), False, True, None, id="RULES §2.6 [P]: posthumous 12 months"),
        pytest.param(
            70, date(2058, 2, 3), False, True, "badges.posthumous", id="RULES §2.6 [P]: posthumous 70y 24m"
        ),
        pytest.param(70, date(2058, 2, 3), True, True, None, id="RULES §2.6 [U]: ill and posthumous: longer"),
    ],
)
def test_early_award_windows(
    milestone: int, awarded_on: date, seriously_ill: bool, posthumous: bool, refused_by: str | None
) -> None:
    if refused_by is None:
        check_badge_award(
            FIRST, [], milestone, awarded_on, seriously_ill=seriously_ill, posthumous=posthumous
        )
    else:
        with pytest.raises(RuleViolation) as excinfo:
            check_badge_award(
                FIRST, [], milestone, awarded_on, seriously_ill=seriously_ill, posthumous=posthumous
            )
        assert excinfo.value.code == refused_by


def test_early_award_messages() -> None:
    """HD 01-HD/TW 2021 item 18 [V]: exact Vietnamese messages for too early and beyond the window."""
    with pytest.raises(RuleViolation) as excinfo:
        check_badge_award(FIRST, [], 30, date(2020, 2, 2))
    assert excinfo.value.message == (
        "Đảng viên chưa đủ 30 năm tuổi Đảng (đủ vào ngày 03/02/2020); chỉ đảng viên bị bệnh hiểm nghèo "
        "hoặc truy tặng mới được xét tặng sớm."
    )
    with pytest.raises(RuleViolation) as excinfo:
        check_badge_award(FIRST, [], 70, date(2058, 2, 2), seriously_ill=True)
    assert excinfo.value.message == (
        "Huy hiệu 70 năm tuổi Đảng chỉ được xét tặng sớm tối đa 24 tháng: sớm nhất ngày 03/02/2058 "
        "(đủ 70 năm tuổi Đảng ngày 03/02/2060)."
    )


def test_posthumous_window_is_configurable() -> None:
    """RULES.md §2.6 [P]: config.badge_posthumous_early_months (12 by default)."""
    config.configure(badge_posthumous_early_months=6)
    with pytest.raises(RuleViolation):
        check_badge_award(FIRST, [], 30, date(2019, 2, 3), posthumous=True)
    check_badge_award(FIRST, [], 30, date(2019, 8, 3), posthumous=True)


def test_badges_use_net_party_age() -> None:
    """RULES.md §2.4 and §2.6 [V]: the 1989 worked example gets the 30-year badge on 01/10/2020, not 2019."""
    gaps = [(date(2000, 1, 1), date(2001, 1, 1))]
    with pytest.raises(RuleViolation):
        check_badge_award(date(1989, 10, 1), gaps, 30, date(2019, 10, 1))
    check_badge_award(date(1989, 10, 1), gaps, 30, date(2020, 10, 1))
    assert next_badge(date(1989, 10, 1), gaps, date(2019, 10, 1)) == BadgeDue(
        30, date(2020, 10, 1), date(2019, 10, 1)
    )


@pytest.mark.parametrize(
    ("first", "on", "awarded", "expected"),
    [
        pytest.param(
            date(1990, 2, 3),
            date(2019, 6, 1),
            (),
            BadgeDue(30, date(2020, 2, 3), date(2019, 2, 3)),
            id="HD 01 item 18: first badge ahead",
        ),
        pytest.param(
            date(1980, 2, 3),
            date(2025, 6, 1),
            (),
            BadgeDue(30, date(2010, 2, 3), date(2009, 2, 3)),
            id="HD 01 item 18 [U]: 30 passed without award is still due",
        ),
        pytest.param(
            date(1970, 3, 1),
            date(2016, 8, 1),
            (30, 40),
            BadgeDue(45, date(2015, 3, 1), date(2014, 3, 1)),
            id="QĐ 29 [U]: 45 offered after 25/07/2016 to a member past 45",
        ),
        pytest.param(
            date(1970, 3, 1),
            date(2016, 7, 1),
            (30, 40),
            BadgeDue(50, date(2020, 3, 1), date(2019, 3, 1)),
            id="QĐ 29: no 45 badge before 25/07/2016",
        ),
        pytest.param(
            date(1960, 3, 1),
            date(2016, 8, 1),
            (30, 40, 50),
            BadgeDue(55, date(2015, 3, 1), date(2014, 3, 1)),
            id="HD 01 item 18 [U]: skipped 45 not offered after 50",
        ),
        pytest.param(
            date(1950, 1, 1),
            date(2035, 1, 1),
            (30, 40, 45, 50, 55, 60, 65, 70, 75, 80),
            BadgeDue(85, date(2035, 1, 1), date(2033, 1, 1)),
            id="HD 01 item 18: 85 years, 24-month window",
        ),
        pytest.param(date(1930, 1, 1), date(2025, 1, 1), (90,), None, id="HD 01 item 18: nothing after 90"),
    ],
)
def test_next_badge(first: date, on: date, awarded: tuple[int, ...], expected: BadgeDue | None) -> None:
    assert next_badge(first, [], on, awarded=awarded) == expected
