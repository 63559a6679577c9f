"""Admission conditions and deadlines: RULES.md §2.1 and §2.2."""

from datetime import date

import pytest

from partyorg.rules import admission, config
from partyorg.rules.admission import (
    admission_age_is_boundary_case,
    admission_decision_deadline,
    age_in_months,
    ceremony_deadline,
    check_admission_age,
    check_ceremony_on_time,
    check_general_education,
)
from partyorg.rules.base import RuleViolation


@pytest.mark.parametrize(
    ("birth", "on", "months"),
    [
        pytest.param(date(2000, 3, 15), date(2018, 3, 14), 215, id="RULES §2.1: day before 18th birthday"),
        pytest.param(date(2000, 3, 15), date(2018, 3, 15), 216, id="RULES §2.1: 18th birthday"),
        pytest.param(date(2000, 2, 29), date(2018, 2, 28), 216, id="RULES §2.1 [U]: 29/02 birth, 28/02"),
        pytest.param(date(2000, 1, 31), date(2000, 2, 29), 1, id="RULES §2.1 [U]: 31/01 + 1 month"),
        pytest.param(date(2000, 3, 15), date(1999, 1, 1), 0, id="RULES §2.1: before birth"),
    ],
)
def test_age_in_months_counts_completed_months(birth: date, on: date, months: int) -> None:
    assert age_in_months(birth, on) == months


@pytest.mark.parametrize(
    ("birth", "considered_on", "rule_code"),
    [
        pytest.param(date(2000, 3, 15), date(2018, 3, 14), "admission.age", id="QĐ 24 §1.1.1: 17y11m"),
        pytest.param(date(2000, 3, 15), date(2018, 3, 15), None, id="QĐ 24 §1.1.1: exactly 18"),
        pytest.param(date(1960, 3, 15), date(2020, 3, 15), None, id="QĐ 24 §1.1.1: exactly 60"),
        pytest.param(date(1960, 3, 15), date(2020, 4, 14), None, id="QĐ 24 §1.1.1: 60y0m (720 months)"),
        pytest.param(
            date(1960, 3, 15), date(2020, 4, 15), "admission.age_over_60", id="QĐ 24 §1.1.1: 721 months"
        ),
    ],
)
def test_admission_age_boundaries(birth: date, considered_on: date, rule_code: str | None) -> None:
    if rule_code is None:
        check_admission_age(birth, considered_on)
    else:
        with pytest.raises(RuleViolation) as excinfo:
            check_admission_age(birth, considered_on)
        assert excinfo.value.code == rule_code


def test_under_18_message() -> None:
    """QĐ 24-QĐ/TW §1.1.1 [V]: the exact Vietnamese refusal for a 17-year-old."""
    with pytest.raises(RuleViolation) as excinfo:
        check_admission_age(date(2000, 3, 15), date(2018, 3, 14))
    assert excinfo.value.message == (
        "Người vào Đảng phải đủ 18 tuổi (tính theo tháng) khi chi bộ xét kết nạp; "
        "ngày 14/03/2018 mới 17 tuổi 11 tháng."
    )
    assert "Quy định 24-QĐ/TW ngày 30/07/2021, §1.1.1" in str(excinfo.value)


def test_over_60_message_names_the_provincial_committee() -> None:
    """QĐ 24-QĐ/TW §1.1.1 [V]: over 60 the provincial-level committee decides."""
    with pytest.raises(RuleViolation) as excinfo:
        check_admission_age(date(1960, 3, 15), date(2020, 4, 15))
    assert excinfo.value.rule is admission.AGE_OVER_60_RULE
    assert excinfo.value.message == (
        "Người vào Đảng đã quá 60 tuổi (ngày 15/04/2020: 60 tuổi 1 tháng); "
        "việc kết nạp do cấp ủy trực thuộc Trung ương xem xét, quyết định."
    )


def test_calendar_month_counting_is_configurable() -> None:
    """RULES.md §2.1 and §9 item 8 [U]: counting by calendar month admits the whole birthday month."""
    birth, considered_on = date(2000, 3, 15), date(2018, 3, 1)
    assert admission_age_is_boundary_case(birth, considered_on)
    with pytest.raises(RuleViolation):
        check_admission_age(birth, considered_on)
    config.configure(admission_age_by_calendar_month=True)
    check_admission_age(birth, considered_on)
    # Under the calendar-month reading, the whole month after the 60th birthday month is over 60.
    with pytest.raises(RuleViolation):
        check_admission_age(date(1960, 3, 15), date(2020, 4, 1))


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        pytest.param(date(2000, 3, 15), date(2018, 3, 1), True, id="RULES §2.1 [U]: 18th birthday month"),
        pytest.param(date(2000, 3, 15), date(2018, 3, 20), False, id="RULES §2.1 [U]: after 18th birthday"),
        pytest.param(date(1960, 3, 15), date(2020, 4, 1), True, id="RULES §2.1 [U]: month after 60"),
        pytest.param(date(1980, 3, 15), date(2020, 4, 1), False, id="RULES §2.1 [U]: aged 40"),
    ],
)
def test_boundary_cases_are_flagged(birth: date, on: date, expected: bool) -> None:
    assert admission_age_is_boundary_case(birth, on) is expected


@pytest.mark.parametrize(
    ("level", "exception_area", "refused"),
    [
        pytest.param("literate", False, True, id="QĐ 24 §1.1.1: literate refused"),
        pytest.param("primary", False, True, id="QĐ 24 §1.1.1: primary refused"),
        pytest.param("lower_secondary", False, False, id="QĐ 24 §1.1.1: lower secondary accepted"),
        pytest.param("upper_secondary", False, False, id="QĐ 24 §1.1.1: upper secondary accepted"),
        pytest.param("primary", True, False, id="QĐ 24 §1.1.1 [U]: exception area accepts primary"),
        pytest.param("literate", True, False, id="QĐ 24 §1.1.1 [U]: exception area accepts literate"),
    ],
)
def test_general_education(level: str, exception_area: bool, refused: bool) -> None:
    if refused:
        with pytest.raises(RuleViolation) as excinfo:
            check_general_education(level, exception_area=exception_area)
        assert excinfo.value.rule is admission.EDUCATION_RULE
    else:
        check_general_education(level, exception_area=exception_area)


def test_education_message() -> None:
    """QĐ 24-QĐ/TW §1.1.1 [V]: the exact Vietnamese refusal for a primary-school level."""
    with pytest.raises(RuleViolation) as excinfo:
        check_general_education("primary", exception_area=False)
    assert excinfo.value.message == (
        "Người vào Đảng phải tốt nghiệp trung học cơ sở trở lên (trình độ hiện tại: tiểu học); "
        "chỉ miền núi, hải đảo, vùng đồng bào dân tộc thiểu số, vùng đặc biệt khó khăn được xét ngoại lệ "
        "theo hướng dẫn của Ban Bí thư."
    )


def test_unknown_education_level_is_a_programming_error() -> None:
    """RULES.md §6.2: the four general education levels of the statistics forms."""
    with pytest.raises(ValueError):
        check_general_education("university", exception_area=False)


def test_decision_deadline_is_60_plus_30_working_days_across_tet() -> None:
    """QĐ 29-QĐ/TW §4.3.1 [V]: resolution 05/01/2026 → due 06/04/2026 (Tết 16–20/02 skipped), latest
    21/05/2026 (Giỗ Tổ observed 27/04, 30/04 and 01/05 skipped)."""
    assert admission_decision_deadline(date(2026, 1, 5)) == (date(2026, 4, 6), date(2026, 5, 21))


def test_ceremony_deadline_is_30_working_days() -> None:
    """QĐ 232-QĐ/TW §4.1 [V]: decision received 26/01/2026 → ceremony by 16/03/2026 (across Tết)."""
    assert ceremony_deadline(date(2026, 1, 26)) == date(2026, 3, 16)
    check_ceremony_on_time(date(2026, 1, 26), date(2026, 3, 16))


def test_late_ceremony_needs_the_direct_superior() -> None:
    """QĐ 232-QĐ/TW §4.1 [V]: one day late is refused, with the exact Vietnamese message."""
    with pytest.raises(RuleViolation) as excinfo:
        check_ceremony_on_time(date(2026, 1, 26), date(2026, 3, 17))
    assert excinfo.value.code == "admission.ceremony_deadline"
    assert excinfo.value.message == (
        "Lễ kết nạp ngày 17/03/2026 quá thời hạn 30 ngày làm việc kể từ ngày nhận quyết định kết nạp "
        "(26/01/2026, hạn cuối 16/03/2026); chi bộ phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý."
    )
