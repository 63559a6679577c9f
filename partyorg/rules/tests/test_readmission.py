"""Re-admission: RULES.md §2.12 (QĐ 24-QĐ/TW §3.5, QĐ 232, QĐ 294 §3.5)."""

from datetime import date

import pytest

from partyorg.rules import config
from partyorg.rules.base import RuleViolation
from partyorg.rules.readmission import check_readmission

EXIT = date(2020, 6, 15)


@pytest.mark.parametrize(
    ("decided_on", "refused"),
    [
        pytest.param(date(2023, 6, 14), True, id="QĐ 24 §3.5.1: 36 months minus a day"),
        pytest.param(date(2023, 6, 15), False, id="QĐ 24 §3.5.1: exactly 36 months"),
    ],
)
def test_waiting_time_is_36_months(decided_on: date, refused: bool) -> None:
    def check() -> None:
        check_readmission(exit_on=EXIT, exit_ground="other", decided_on=decided_on, previous_readmissions=0)

    if refused:
        with pytest.raises(RuleViolation) as excinfo:
            check()
        assert excinfo.value.code == "readmission.waiting"
    else:
        check()


def test_waiting_time_message() -> None:
    """QĐ 24-QĐ/TW §3.5.1 [V]: the exact Vietnamese message."""
    with pytest.raises(RuleViolation) as excinfo:
        check_readmission(
            exit_on=EXIT, exit_ground="other", decided_on=date(2022, 1, 1), previous_readmissions=0
        )
    assert excinfo.value.message == (
        "Chưa đủ thời gian để xem xét kết nạp lại: phải sau 36 tháng kể từ ngày ra khỏi Đảng (15/06/2020), "
        "tức từ ngày 15/06/2023."
    )


def test_only_once() -> None:
    """QĐ 24-QĐ/TW §3.5 [V]: a person already re-admitted once cannot be re-admitted again."""
    with pytest.raises(RuleViolation) as excinfo:
        check_readmission(
            exit_on=EXIT, exit_ground="other", decided_on=date(2025, 1, 1), previous_readmissions=1
        )
    assert excinfo.value.code == "readmission.once"
    assert excinfo.value.message == "Người này đã được kết nạp lại một lần; chỉ xem xét kết nạp lại một lần."


@pytest.mark.parametrize(
    "ground",
    [
        pytest.param("abandoned_activity", id="QĐ 24 §3.5.2 (1): self-abandoned activity"),
        pytest.param("withdrawal", id="QĐ 24 §3.5.2 (2): applied to leave"),
        pytest.param("disunity", id="QĐ 24 §3.5.2 (3): serious internal disunity"),
        pytest.param("corruption_conviction", id="QĐ 24 §3.5.2 (4): corruption conviction"),
        pytest.param("serious_crime_conviction", id="QĐ 24 §3.5.2 (5): serious crime or worse"),
    ],
)
def test_excluded_grounds_are_never_readmitted(ground: str) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_readmission(
            exit_on=EXIT, exit_ground=ground, decided_on=date(2030, 1, 1), previous_readmissions=0
        )
    assert excinfo.value.code == "readmission.excluded_grounds_232"


def test_excluded_ground_cites_the_document_in_force() -> None:
    """QĐ 24 §3.5.2 until 19/01/2025, QĐ 232 §3.5.2 from 20/01/2025 (RULES.md §2.12 wording note)."""
    with pytest.raises(RuleViolation) as before:
        check_readmission(
            exit_on=date(2018, 1, 1),
            exit_ground="serious_crime_conviction",
            decided_on=date(2025, 1, 19),
            previous_readmissions=0,
        )
    assert before.value.code == "readmission.excluded_grounds"
    assert "Quy định 24-QĐ/TW" in str(before.value)
    with pytest.raises(RuleViolation) as after:
        check_readmission(
            exit_on=date(2018, 1, 1),
            exit_ground="serious_crime_conviction",
            decided_on=date(2025, 1, 20),
            previous_readmissions=0,
        )
    assert "Quy định 232-QĐ/TW" in str(after.value)
    assert after.value.message == (
        "Không xem xét kết nạp lại người trước đây ra khỏi Đảng vì lý do: "
        "bị kết án về tội nghiêm trọng trở lên."
    )


def test_withdrawal_for_very_difficult_family_reasons_may_be_readmitted() -> None:
    """QĐ 24-QĐ/TW §3.5.2 (2) [V]: except for very difficult family reasons; the 36 months still apply."""
    check_readmission(
        exit_on=EXIT,
        exit_ground="withdrawal",
        decided_on=date(2023, 6, 15),
        previous_readmissions=0,
        difficult_family_reasons=True,
    )
    with pytest.raises(RuleViolation):
        check_readmission(
            exit_on=EXIT,
            exit_ground="withdrawal",
            decided_on=date(2023, 6, 14),
            previous_readmissions=0,
            difficult_family_reasons=True,
        )


@pytest.mark.parametrize(
    ("record_cleared_on", "decided_on", "refused"),
    [
        pytest.param(None, date(2030, 1, 1), True, id="QĐ 24 §3.5.1: record not yet cleared"),
        pytest.param(date(2021, 3, 1), date(2026, 2, 28), True, id="QĐ 24 §3.5.1: 60 months minus a day"),
        pytest.param(date(2021, 3, 1), date(2026, 3, 1), False, id="QĐ 24 §3.5.1: 60 months after clearing"),
    ],
)
def test_less_serious_crime_waits_60_months_after_the_record_is_cleared(
    record_cleared_on: date | None, decided_on: date, refused: bool
) -> None:
    def check() -> None:
        check_readmission(
            exit_on=EXIT,
            exit_ground="less_serious_crime_conviction",
            decided_on=decided_on,
            previous_readmissions=0,
            record_cleared_on=record_cleared_on,
        )

    if refused:
        with pytest.raises(RuleViolation) as excinfo:
            check()
        assert excinfo.value.code == "readmission.waiting"
    else:
        check()


def test_family_planning_waiting_time_is_configurable() -> None:
    """RULES.md §2.12 [U]: Ban Bí thư special rules not retrieved; 36 months by default, configurable."""

    def check() -> None:
        check_readmission(
            exit_on=EXIT, exit_ground="family_planning", decided_on=date(2023, 6, 15), previous_readmissions=0
        )

    check()
    config.configure(readmission_family_planning_waiting_months=60)
    with pytest.raises(RuleViolation) as excinfo:
        check()
    assert excinfo.value.code == "readmission.family_planning"


def test_unknown_ground_is_a_programming_error() -> None:
    """RULES.md §2.12: exit grounds are a closed list."""
    with pytest.raises(ValueError):
        check_readmission(
            exit_on=EXIT, exit_ground="bored", decided_on=date(2030, 1, 1), previous_readmissions=0
        )
