"""Training of cadres: RULES.md §11.8 (ND 101/2017, ND 171/2025, KL 09-KL/TW)."""

from datetime import date
from fractions import Fraction

import pytest

from partyorg.rules.base import RuleViolation
from partyorg.rules.ratings import EXCELLENT, FULFILLED, GOOD
from partyorg.rules.training import (
    CONFIRMATION,
    DIPLOMA,
    check_postgraduate_dispatch,
    refund_share,
    theory_proof_counts,
)

GOOD_YEARS = {2022: GOOD, 2023: EXCELLENT, 2024: GOOD}


def test_a_civil_servant_sent_to_postgraduate_training() -> None:
    """ND 101/2017 [V] (RULES.md §11.8): 5 years' service, 2022–2023 good or better, 40 years old on
    01/09/2024 (born 10/05/1984: 41 only from 10/05/2025)."""
    rule = check_postgraduate_dispatch(
        date(2024, 9, 1), date(1984, 5, 10), service_months=60, levels_by_year=GOOD_YEARS
    )
    assert rule is not None and rule.code == "training.postgraduate_101"


def test_the_age_limit_went_from_40_to_45_on_01_07_2025() -> None:
    """ND 101 → ND 171 [V] (RULES.md §11.8): born 10/05/1983 is 41 on 01/09/2024 (refused), 42 on
    01/09/2025 under ND 171 (at most 45: passes); the limit is for the first dispatch only."""
    with pytest.raises(RuleViolation) as refused:
        check_postgraduate_dispatch(
            date(2024, 9, 1),
            date(1983, 5, 10),
            service_months=60,
            levels_by_year=GOOD_YEARS,
            who="Cà Thị Lan",
        )
    assert refused.value.code == "training.postgraduate_101"
    assert refused.value.message == (
        "Cà Thị Lan: Ngày 01/09/2024 đã quá 40 tuổi; cử đi đào tạo sau đại học lần đầu không quá 40 tuổi."
    )
    rule = check_postgraduate_dispatch(
        date(2025, 9, 1), date(1983, 5, 10), service_months=72, levels_by_year=GOOD_YEARS
    )
    assert rule is not None and rule.code == "training.postgraduate_171"
    check_postgraduate_dispatch(
        date(2024, 9, 1), date(1983, 5, 10), service_months=60, levels_by_year=GOOD_YEARS, first_time=False
    )


def test_service_and_two_good_years_before_the_dispatch() -> None:
    """ND 101 [V]: ≥ 3 years' service; the 2 years before the dispatch "good" or better ([U] which years:
    the two calendar years before)."""
    with pytest.raises(RuleViolation) as refused:
        check_postgraduate_dispatch(
            date(2024, 9, 1), date(1990, 1, 1), service_months=30, levels_by_year=GOOD_YEARS
        )
    assert refused.value.message == "Mới có 30 tháng công tác; cần đủ 3 năm (36 tháng)."
    with pytest.raises(RuleViolation) as refused:
        check_postgraduate_dispatch(
            date(2024, 9, 1),
            date(1990, 1, 1),
            service_months=60,
            levels_by_year={2022: GOOD, 2023: FULFILLED},
        )
    assert refused.value.message == (
        "Năm 2023 chưa xếp loại Hoàn thành tốt nhiệm vụ trở lên; cần 2 năm liên tục liền kề (2022, 2023)."
    )
    assert (
        check_postgraduate_dispatch(date(2016, 9, 1), date(1990, 1, 1), service_months=0, levels_by_year={})
        is None
    )


def test_the_refund_for_leaving_before_the_commitment_is_served() -> None:
    """RULES.md §11.8 [V] (all if dropped out, no diploma or dismissed; pro-rata after), [U] by days:
    a commitment 01/09/2025–01/09/2029 (1.461 days, 2028 a leap year) left on 01/09/2027 leaves 731."""
    commitment = (date(2025, 9, 1), date(2029, 9, 1))
    assert refund_share(*commitment, date(2027, 9, 1)) == Fraction(731, 1461)
    assert refund_share(*commitment, date(2027, 9, 1), training_failed=True) == 1
    assert refund_share(*commitment, date(2025, 8, 1)) == 1
    assert refund_share(*commitment, date(2029, 9, 1)) == 0


def test_a_confirmation_of_political_theory_counts_if_issued_before_09_07_2021() -> None:
    """KL 09-KL/TW (2021) [V] (RULES.md §11.8, §11.15 #7): "giấy xác nhận" before 09/07/2021 = diploma."""
    assert theory_proof_counts(CONFIRMATION, date(2021, 7, 8))
    assert not theory_proof_counts(CONFIRMATION, date(2021, 7, 9))
    assert theory_proof_counts(DIPLOMA, date(2024, 1, 1))
    with pytest.raises(ValueError):
        theory_proof_counts("certificate", date(2020, 1, 1))
