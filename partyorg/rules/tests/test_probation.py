"""Probation and official recognition: RULES.md §2.3."""

from datetime import date

import pytest

from partyorg.rules.base import RuleViolation
from partyorg.rules.party_age import party_age
from partyorg.rules.probation import (
    check_recognition_date,
    probation_end,
    recognition_decision_deadline,
    recognition_effective_on,
    recognition_proposal_deadline,
)


@pytest.mark.parametrize(
    ("ceremony_on", "end"),
    [
        pytest.param(date(2015, 7, 26), date(2016, 7, 26), id="HD 01-HD/TW 2016 example: 26/7/2015"),
        pytest.param(date(2024, 2, 29), date(2025, 2, 28), id="Charter Art. 5(1) [U] 29/02 → 28/02"),
        pytest.param(date(2023, 12, 31), date(2024, 12, 31), id="Charter Art. 5(1): year end"),
    ],
)
def test_probation_lasts_12_months_from_the_ceremony(ceremony_on: date, end: date) -> None:
    assert probation_end(ceremony_on) == end
    assert recognition_effective_on(ceremony_on) == end


def test_hd01_2016_example_party_age_counts_from_the_decision() -> None:
    """HD 01-HD/TW (2016), RULES.md §2.4 [V]: admitted 26/7/2015, recognized 26/7/2016, party age from
    26/7/2015 — one full year on the recognition day, although probation started at the ceremony."""
    admitted = date(2015, 7, 26)
    recognized = recognition_effective_on(admitted)
    assert recognized == date(2016, 7, 26)
    assert party_age(admitted, [], recognized).years == 1


def test_recognition_effective_date_does_not_follow_a_late_meeting() -> None:
    """QĐ 29-QĐ/TW §4.2b [V]: recognized at the end of the 12 months even if the cell meets late."""
    check_recognition_date(date(2015, 7, 26), date(2016, 7, 26))
    with pytest.raises(RuleViolation) as excinfo:
        check_recognition_date(date(2015, 7, 26), date(2016, 8, 15))
    assert excinfo.value.code == "probation.recognition_effective"
    assert excinfo.value.message == (
        "Đảng viên dự bị được công nhận chính thức đúng thời điểm hết 12 tháng dự bị (26/07/2016, "
        "lễ kết nạp ngày 26/07/2015), không phải ngày 15/08/2016."
    )


def test_cell_proposal_deadline_is_30_working_days_after_probation() -> None:
    """QĐ 29-QĐ/TW §4.2a [V]: probation ends 26/07/2016 → proposal by 07/09/2016 (02/09 skipped)."""
    assert recognition_proposal_deadline(date(2015, 7, 26)) == date(2016, 9, 7)


def test_recognition_decision_deadline_is_30_plus_30_working_days() -> None:
    """QĐ 29-QĐ/TW §4.3.1 [V]: resolution 10/02/2026 → due 31/03/2026, latest 15/05/2026 (across Tết,
    Giỗ Tổ observed 27/04/2026, 30/04 and 01/05)."""
    assert recognition_decision_deadline(date(2026, 2, 10)) == (date(2026, 3, 31), date(2026, 5, 15))
