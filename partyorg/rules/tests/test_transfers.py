"""Transfers of party activity: RULES.md §2.7 (QĐ 294 §6.3.1, QĐ 232 §6.3.2)."""

from datetime import date

import pytest

from partyorg.rules import config
from partyorg.rules.base import RuleViolation
from partyorg.rules.transfers import (
    check_temporary_transfer_period,
    check_transfer_reported_on_time,
    transfer_report_deadline,
    transfer_start_deadline,
)


def test_start_deadline_is_60_working_days() -> None:
    """QĐ 294-QĐ/TW §6.3.1 [V]: decision effective 01/07/2025 → start by 25/09/2025 (01–02/09 skipped)."""
    assert transfer_start_deadline(date(2025, 7, 1)) == date(2025, 9, 25)


def test_report_deadline_is_30_working_days_across_tet() -> None:
    """QĐ 294-QĐ/TW §6.3.1 [V]: letter of 02/02/2026 → report by 23/03/2026 (Tết 16–20/02 skipped)."""
    assert transfer_report_deadline(date(2026, 2, 2)) == date(2026, 3, 23)
    check_transfer_reported_on_time(date(2026, 2, 2), date(2026, 3, 23))


def test_late_report_message() -> None:
    """QĐ 294-QĐ/TW §6.3.1 [V]: the exact Vietnamese message for a late report."""
    with pytest.raises(RuleViolation) as excinfo:
        check_transfer_reported_on_time(date(2026, 2, 2), date(2026, 3, 24))
    assert excinfo.value.code == "transfers.report_deadline"
    assert excinfo.value.message == (
        "Đảng viên xuất trình giấy giới thiệu sinh hoạt đảng ngày 24/03/2026, quá thời hạn 30 ngày làm việc "
        "kể từ ngày giới thiệu (02/02/2026, hạn cuối 23/03/2026); đảng viên hoặc tổ chức đảng có lỗi phải "
        "báo cáo rõ lý do."
    )


@pytest.mark.parametrize(
    ("start", "expected_end", "reason", "ok"),
    [
        pytest.param(
            date(2025, 1, 1), date(2025, 3, 31), "work_or_residence", True, id="QĐ 232 §6.3.2: 3 months"
        ),
        pytest.param(
            date(2025, 1, 1), date(2025, 3, 30), "work_or_residence", False, id="QĐ 232 §6.3.2: < 3m"
        ),
        pytest.param(
            date(2025, 1, 1), date(2025, 12, 30), "work_or_residence", True, id="QĐ 232 §6.3.2: < 1y"
        ),
        pytest.param(
            date(2025, 1, 1), date(2025, 12, 31), "work_or_residence", False, id="QĐ 232 §6.3.2: 1y"
        ),
        pytest.param(date(2025, 1, 1), date(2026, 12, 31), "study", True, id="QĐ 232 §6.3.2: study 2 years"),
        pytest.param(date(2025, 1, 1), date(2027, 1, 1), "study", False, id="QĐ 232 §6.3.2: study > 2y"),
        pytest.param(date(2025, 1, 1), date(2025, 3, 30), "study", False, id="QĐ 232 §6.3.2: study < 3m"),
        pytest.param(date(2025, 1, 1), date(2025, 12, 30), "abroad", True, id="RULES §2.7 [P]: abroad < 12m"),
        pytest.param(date(2025, 1, 1), date(2025, 12, 31), "abroad", False, id="RULES §2.7 [P]: abroad 12m"),
        pytest.param(date(2025, 1, 1), date(2025, 2, 28), "abroad", False, id="RULES §2.7 [P]: abroad < 3m"),
    ],
)
def test_temporary_transfer_period(start: date, expected_end: date, reason: str, ok: bool) -> None:
    if ok:
        check_temporary_transfer_period(start, expected_end, reason=reason)
    else:
        with pytest.raises(RuleViolation):
            check_temporary_transfer_period(start, expected_end, reason=reason)


def test_temporary_transfer_message() -> None:
    """QĐ 232-QĐ/TW §6.3.2 [V]: the exact message for a work transfer of a full year."""
    with pytest.raises(RuleViolation) as excinfo:
        check_temporary_transfer_period(date(2025, 1, 1), date(2025, 12, 31), reason="work_or_residence")
    assert excinfo.value.code == "transfers.temporary_period"
    assert excinfo.value.message == (
        "Thời gian sinh hoạt đảng tạm thời từ 01/01/2025 đến 31/12/2025 không phù hợp; trường hợp thay đổi "
        "nơi cư trú, nơi làm việc: từ 3 tháng đến dưới 1 năm."
    )


def test_abroad_period_is_configurable() -> None:
    """RULES.md §2.7 [P]: config.temporary_abroad_max_months."""
    config.configure(temporary_abroad_max_months=24)
    check_temporary_transfer_period(date(2025, 1, 1), date(2025, 12, 31), reason="abroad")


def test_unknown_reason_is_a_programming_error() -> None:
    """QĐ 232-QĐ/TW §6.3.2: the reasons are work_or_residence, study, abroad."""
    with pytest.raises(ValueError):
        check_temporary_transfer_period(date(2025, 1, 1), date(2025, 6, 1), reason="holiday")
