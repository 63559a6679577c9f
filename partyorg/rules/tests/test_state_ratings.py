"""The state rating of cadres, civil servants and public employees: RULES.md §11.3, §11.14, §11.15 #5
(ND 90/2020, ND 48/2023, ND 335/2025; QĐ 41 and QĐ 377 for two bad years). Kept apart from the party
rating (test_ratings.py)."""

from datetime import date
from decimal import Decimal

import pytest

from partyorg.rules import cadre_config
from partyorg.rules.base import RuleViolation
from partyorg.rules.ratings import EXCELLENT, FULFILLED, GOOD, NOT_FULFILLED
from partyorg.rules.state_ratings import (
    MONTH,
    ND56,
    ND90,
    ND335,
    QUARTER,
    Facts,
    check_excellent_cap,
    check_state_rating,
    dismissal_review,
    level_for_score,
    rating_deadline,
    regime_for,
)


@pytest.mark.parametrize(
    ("category", "year", "period", "number", "regime"),
    [
        pytest.param("civil_servant", 2019, "year", 0, ND56, id="§11.0: 2019 under ND 56/88 [U]"),
        pytest.param("civil_servant", 2020, "year", 0, ND90, id="§11.0: ND 90 in force 20/08/2020"),
        pytest.param("civil_servant", 2025, "year", 0, ND90, id="§11.0: 2025 still ND 90"),
        pytest.param("civil_servant", 2026, "year", 0, ND335, id="§11.0: ND 335 from 01/01/2026"),
        pytest.param("civil_servant", 2026, MONTH, 1, ND335, id="§11.3: ND 335 monthly"),
        pytest.param("civil_servant", 2026, QUARTER, 2, ND335, id="§11.3: ND 335 quarterly"),
        pytest.param("public_employee", 2026, "year", 0, ND90, id="§11.16 #6 [U]: viên chức stay on ND 90"),
        pytest.param("cadre", 2026, "year", 0, ND90, id="§11.0: ND 335 is for công chức only"),
    ],
)
def test_the_regime_is_chosen_by_the_end_of_the_period(
    category: str, year: int, period: str, number: int, regime: object
) -> None:
    assert regime_for(category, year, period, number) is regime


def test_monthly_ratings_exist_only_under_nd_335_and_the_categories_are_a_setting() -> None:
    """RULES.md §11.3 [V] (ND 90 yearly; ND 335 monthly or quarterly), §11.16 #6 [U]."""
    with pytest.raises(RuleViolation) as refused:
        regime_for("civil_servant", 2025, MONTH, 11)
    assert refused.value.code == "state_ratings.regime_90"
    cadre_config.configure(state_rating_nd335_categories=["civil_servant", "public_employee"])
    assert regime_for("public_employee", 2026) is ND335
    with pytest.raises(RuleViolation) as refused:  # a labour contract is outside the decrees' scope
        regime_for("contract", 2026)
    assert refused.value.code == "state_ratings.regime_90"


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (Decimal(90), EXCELLENT),
        (Decimal("89.99"), GOOD),
        (Decimal(70), GOOD),
        (Decimal("69.5"), FULFILLED),
        (Decimal(50), FULFILLED),
        (Decimal("49.99"), NOT_FULFILLED),
    ],
)
def test_nd_335_thresholds(score: Decimal, level: str) -> None:
    """ND 335 [V] (RULES.md §11.3): ≥ 90 excellent; 70–< 90 good; 50–< 70 completed; < 50 not."""
    assert level_for_score(score) == level


def test_nd_335_needs_a_score_that_allows_the_level() -> None:
    """ND 335 [V]: 100 points = 30 general + 70 task results; 88 points cannot be "excellent"."""
    check_state_rating("civil_servant", 2026, GOOD, period=MONTH, number=3, score=Decimal(88))
    with pytest.raises(RuleViolation) as refused:
        check_state_rating(
            "civil_servant", 2026, EXCELLENT, period=MONTH, number=3, score=Decimal(88), who="Cà Thị Lan"
        )
    assert refused.value.code == "state_ratings.score_335"
    assert refused.value.message == (
        "Cà Thị Lan: 88 điểm chỉ đạt mức “Hoàn thành tốt nhiệm vụ”: không thể xếp loại “Hoàn thành xuất sắc "
        "nhiệm vụ”."
    )
    with pytest.raises(RuleViolation) as refused:
        check_state_rating("civil_servant", 2026, GOOD, period=MONTH, number=3)
    assert refused.value.code == "state_ratings.score_335"
    check_state_rating(
        "civil_servant",
        2026,
        EXCELLENT,
        score=Decimal(93),
        general_points=Decimal(28),
        task_points=Decimal(65),
    )
    with pytest.raises(RuleViolation) as refused:  # 31 general points: above the 30 of the scale
        check_state_rating(
            "civil_servant",
            2026,
            EXCELLENT,
            score=Decimal(91),
            general_points=Decimal(31),
            task_points=Decimal(60),
        )
    assert refused.value.code == "state_ratings.regime_335"
    with pytest.raises(RuleViolation):  # ND 90 has no score
        check_state_rating("civil_servant", 2024, GOOD, score=Decimal(80))


def test_fewer_than_six_months_of_work_is_reviewed_not_rated() -> None:
    """ND 48/2023 [V] (RULES.md §11.3, §11.15 #5), from 15/09/2023: 5 months in 2024 → not rated; maternity
    leave excepted; the 2022 rating, before ND 48, is not judged by it."""
    with pytest.raises(RuleViolation) as refused:
        check_state_rating("civil_servant", 2024, GOOD, facts=Facts(months_worked=5), who="Cà Thị Lan")
    assert refused.value.code == "state_ratings.short_service_48"
    assert refused.value.message == (
        "Cà Thị Lan: Công tác 5 tháng trong năm 2024 (dưới 6 tháng): chỉ đánh giá, không xếp loại."
    )
    check_state_rating("civil_servant", 2024, GOOD, facts=Facts(months_worked=5, maternity_leave=True))
    check_state_rating("civil_servant", 2022, GOOD, facts=Facts(months_worked=5))


def test_the_nd_335_exclusion_is_a_setting() -> None:
    """RULES.md §11.15 #5 [P] for ND 335 (cadre_config K14): on by default, off rates everybody."""
    facts = Facts(months_worked=4)
    with pytest.raises(RuleViolation) as refused:
        check_state_rating("civil_servant", 2026, GOOD, score=Decimal(75), facts=facts)
    assert refused.value.code == "state_ratings.short_service_335"
    cadre_config.configure(state_rating_short_service_nd335=False)
    check_state_rating("civil_servant", 2026, GOOD, score=Decimal(75), facts=facts)


def test_three_to_six_months_absent_is_at_most_completed() -> None:
    """ND 48/2023 [V] (RULES.md §11.3): absent 4 months in 2024 → rated, not "good" or better."""
    with pytest.raises(RuleViolation) as refused:
        check_state_rating("public_employee", 2024, GOOD, facts=Facts(months_absent=4))
    assert refused.value.code == "state_ratings.absence_48"
    assert refused.value.message == (
        "Nghỉ 4 tháng trong năm (từ 3 đến dưới 6 tháng): không thể xếp loại “Hoàn thành tốt nhiệm vụ”."
    )
    check_state_rating("public_employee", 2024, FULFILLED, facts=Facts(months_absent=4))


def test_disciplined_in_the_year_is_not_completed() -> None:
    """ND 48/2023 [V] and ND 335 [V] (RULES.md §11.3): a reprimand of 10/05/2024 makes 2024 "not
    completed"; one of 2023 does not count for 2024; ND 335 counts it up to the end of the period rated."""
    facts = Facts(disciplined_on=date(2024, 5, 10))
    with pytest.raises(RuleViolation) as refused:
        check_state_rating("civil_servant", 2024, FULFILLED, facts=facts)
    assert refused.value.code == "state_ratings.disciplined_48"
    check_state_rating("civil_servant", 2024, NOT_FULFILLED, facts=facts)
    check_state_rating("civil_servant", 2024, GOOD, facts=Facts(disciplined_on=date(2023, 11, 2)))
    in_february = Facts(disciplined_on=date(2026, 2, 10))
    with pytest.raises(RuleViolation) as refused:
        check_state_rating(
            "civil_servant", 2026, GOOD, period=MONTH, number=3, score=Decimal(80), facts=in_february
        )
    assert refused.value.code == "state_ratings.not_completed_335"
    check_state_rating(
        "civil_servant", 2026, GOOD, period=MONTH, number=1, score=Decimal(80), facts=in_february
    )
    with pytest.raises(RuleViolation):  # ND 335: a concluded decline
        check_state_rating("civil_servant", 2026, GOOD, score=Decimal(80), facts=Facts(declined=True))


def test_excellent_is_capped_at_20_percent_of_good() -> None:
    """ND 335 [V] (RULES.md §11.3, §11.15 #5): 2 excellent of 10 good pass, 3 do not; a unit the competent
    level exempts passes; people still to be rated count as good."""
    check_excellent_cap("civil_servant", 2026, {GOOD: 10, EXCELLENT: 2})
    with pytest.raises(RuleViolation) as refused:
        check_excellent_cap("civil_servant", 2026, {GOOD: 10, EXCELLENT: 3}, group="Phòng Tổ chức – cán bộ")
    assert refused.value.code == "state_ratings.excellent_cap_335"
    assert refused.value.message == (
        "Phòng Tổ chức – cán bộ: 3 người Hoàn thành xuất sắc nhiệm vụ vượt quá 20% của 10 người Hoàn "
        "thành tốt nhiệm vụ (tối đa 2)."
    )
    check_excellent_cap("civil_servant", 2026, {GOOD: 10, EXCELLENT: 3}, exception=True)
    check_excellent_cap("civil_servant", 2026, {GOOD: 10, EXCELLENT: 3}, waiting=5)


def test_the_nd_90_cap_and_its_base_are_settings() -> None:
    """ND 90 cap [P] (K12) and the base of the 20 % [U] (K13): 3 excellent, 12 good in 2024 are refused
    (20 % of 12 is 2.4); counting the excellent in the base (15) they pass; with the cap off they pass."""
    with pytest.raises(RuleViolation) as refused:
        check_excellent_cap("public_employee", 2024, {GOOD: 12, EXCELLENT: 3})
    assert refused.value.code == "state_ratings.excellent_cap_90"
    cadre_config.configure(state_rating_quota_base_includes_excellent=True)
    check_excellent_cap("public_employee", 2024, {GOOD: 12, EXCELLENT: 3})
    cadre_config.configure(
        state_rating_quota_base_includes_excellent=False, state_rating_quota_percent_nd90=None
    )
    check_excellent_cap("public_employee", 2024, {GOOD: 12, EXCELLENT: 3})


def test_two_consecutive_years_not_completed_call_for_a_dismissal_review() -> None:
    """QĐ 41 [V] ground 4 (RULES.md §11.3, §11.7, §11.14), QĐ 377 [P] from 08/10/2025."""
    found = dismissal_review({2024: NOT_FULFILLED, 2025: NOT_FULFILLED}, 2025, date(2025, 12, 20))
    assert found is not None and found.rule.code == "state_ratings.two_years_377"
    assert (
        found.message
        == "Hai năm liên tiếp 2024 và 2025 xếp loại Không hoàn thành nhiệm vụ: xem xét miễn nhiệm."
    )
    found = dismissal_review({2021: NOT_FULFILLED, 2022: NOT_FULFILLED}, 2022, date(2022, 12, 20))
    assert found is not None and found.rule.code == "state_ratings.two_years_41"
    assert dismissal_review({2023: NOT_FULFILLED, 2025: NOT_FULFILLED}, 2025, date(2025, 12, 20)) is None
    assert dismissal_review({2019: NOT_FULFILLED, 2020: NOT_FULFILLED}, 2020, date(2020, 12, 20)) is None


def test_the_yearly_state_rating_is_due_before_15_december() -> None:
    """ND 48 timing [V] (RULES.md §11.3, §11.14): before 15/12, before the party rating."""
    assert rating_deadline(2026) == date(2026, 12, 14)
