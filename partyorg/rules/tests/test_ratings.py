"""Annual review and quality rating: RULES.md §3 (with §2.8, §2.9, §2.10)."""

from datetime import date
from decimal import Decimal

import pytest

from partyorg.rules import config
from partyorg.rules import ratings as r
from partyorg.rules.base import RuleViolation


@pytest.mark.parametrize(
    ("reviewed_on", "regime"),
    [
        pytest.param(date(2014, 9, 25), "hd27_2014", id="RULES §3.1: HD 27-HD/BTCTW signed 25/09/2014"),
        pytest.param(date(2016, 12, 20), "hd27_2014", id="RULES §3.1: year 2016, TSVM era"),
        pytest.param(date(2018, 3, 7), "hd27_2014", id="RULES §3.1: day before QĐ 132"),
        pytest.param(date(2018, 3, 8), "qd132_2018", id="RULES §3.1: QĐ 132-QĐ/TW 08/03/2018"),
        pytest.param(date(2023, 10, 3), "qd132_2018", id="RULES §3.1: day before QĐ 124"),
        pytest.param(date(2023, 10, 4), "qd124_2023", id="RULES §3.1: QĐ 124-QĐ/TW 04/10/2023"),
        pytest.param(date(2025, 8, 29), "qd124_2023", id="RULES §3.1: day before QĐ 366"),
        pytest.param(date(2025, 8, 30), "qd366_2025", id="RULES §3.1: QĐ 366-QĐ/TW 30/08/2025"),
    ],
)
def test_the_regime_is_chosen_by_the_review_day(reviewed_on: date, regime: str) -> None:
    assert r.regime_on(reviewed_on).code == regime


def test_no_regime_before_2014() -> None:
    """RULES.md §3.1 names no regime before HD 27-HD/BTCTW (25/09/2014)."""
    with pytest.raises(RuleViolation) as excinfo:
        r.regime_on(date(2013, 12, 20))
    assert excinfo.value.message == (
        "Chưa có quy định đánh giá, xếp loại nào trong hệ thống cho ngày 20/12/2013 "
        "(sớm nhất là Hướng dẫn 27-HD/BTCTW ngày 25/09/2014)."
    )


def test_organization_levels_changed_in_2018() -> None:
    """RULES.md §3.1: TSVM / Yếu kém (HD 27, 2014) became four levels of task completion (QĐ 132)."""
    assert r.regime_on(date(2017, 12, 20)).organization_levels == (
        r.CLEAN_STRONG,
        r.GOOD,
        r.FULFILLED,
        r.WEAK,
    )
    with pytest.raises(RuleViolation):
        r.check_level(r.regime_on(date(2019, 12, 20)), r.CLEAN_STRONG, r.ORGANIZATION)
    assert r.regime_on(date(2017, 12, 20)).label(r.EXCELLENT) == "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"
    assert r.regime_on(date(2019, 12, 20)).label(r.EXCELLENT) == "Hoàn thành xuất sắc nhiệm vụ"


def test_quarterly_reviews_only_from_366() -> None:
    """RULES.md §3.2, QĐ 366-QĐ/TW: "theo nhiệm kỳ, hằng năm, hằng quý hoặc khi cần thiết"."""
    assert r.check_period(date(2025, 12, 20), r.QUARTER).code == "qd366_2025"
    with pytest.raises(RuleViolation) as excinfo:
        r.check_period(date(2024, 12, 20), r.QUARTER)
    assert excinfo.value.code == "ratings.periods_2025"
    assert excinfo.value.message == (
        "Ngày 20/12/2024 chỉ đánh giá, xếp loại hằng năm; đánh giá theo quý có từ Quy định 366-QĐ/TW "
        "ngày 30/08/2025."
    )


@pytest.mark.parametrize(
    ("score", "level"),
    [
        pytest.param("90", r.EXCELLENT, id="QĐ 366 Art. 11: 90 is excellent"),
        pytest.param("89.99", r.GOOD, id="QĐ 366: just under 90 is good"),
        pytest.param("70", r.GOOD, id="QĐ 366: 70 is good"),
        pytest.param("69.5", r.FULFILLED, id="QĐ 366: under 70 is fulfilled"),
        pytest.param("50", r.FULFILLED, id="QĐ 366: 50 is fulfilled"),
        pytest.param("49.99", r.NOT_FULFILLED, id="QĐ 366: under 50 is not fulfilled"),
    ],
)
def test_the_100_point_scale(score: str, level: str) -> None:
    assert r.level_for_score(Decimal(score)) == level


def test_score_under_366_caps_the_level_but_may_be_lowered() -> None:
    """RULES.md §3.2 [V]: a level needs its score *and* other conditions; a higher level is refused."""
    regime = r.regime_on(date(2025, 12, 20))
    r.check_score(regime, r.GOOD, Decimal("93"), r.MEMBER)  # < 30% of tasks above requirement
    with pytest.raises(RuleViolation) as excinfo:
        r.check_score(regime, r.EXCELLENT, Decimal("85"), r.MEMBER)
    assert excinfo.value.message == (
        "85 điểm chỉ đạt mức “Hoàn thành tốt nhiệm vụ”, không thể xếp loại “Hoàn thành xuất sắc nhiệm vụ”."
    )
    with pytest.raises(RuleViolation) as excinfo:
        r.check_score(regime, r.GOOD, None, r.MEMBER)
    assert (
        excinfo.value.message == "Theo Quy định 366-QĐ/TW phải ghi điểm (thang 100) khi xếp loại đảng viên."
    )


def test_no_score_before_366_for_members() -> None:
    """RULES.md §3.1: the 2018–2025 regimes have no member score."""
    with pytest.raises(RuleViolation):
        r.check_score(r.regime_on(date(2020, 12, 20)), r.GOOD, Decimal("80"), r.MEMBER)
    r.check_score(r.regime_on(date(2020, 12, 20)), r.GOOD, None, r.MEMBER)


def test_exclusions_exempt_suspended_new_member() -> None:
    """RULES.md §3.3: exempt [V], suspended since HD 21 (18/10/2019) [V], admitted < 6 months [P]."""
    day = date(2016, 12, 20)
    exempt = r.exclusion(day, exempt=True, suspended=False, admitted_on=date(1990, 1, 1))
    assert exempt is not None and exempt.reason == r.EXEMPT and exempt.rule is r.EXEMPT_RULE
    # Suspended members were still rated before HD 21.
    assert r.exclusion(day, exempt=False, suspended=True, admitted_on=date(1990, 1, 1)) is None
    later = r.exclusion(date(2019, 12, 20), exempt=False, suspended=True, admitted_on=date(1990, 1, 1))
    assert later is not None and later.reason == r.SUSPENDED
    new = r.exclusion(day, exempt=False, suspended=False, admitted_on=date(2016, 9, 1))
    assert new is not None and new.reason == r.NEW_MEMBER
    assert (
        new.text
        == "Mới kết nạp ngày 01/09/2016, chưa đủ 6 tháng đến ngày kiểm điểm 20/12/2016: không xếp loại."
    )
    assert r.exclusion(day, exempt=False, suspended=False, admitted_on=date(2016, 6, 20)) is None  # 6 months
    # Probationary members are rated (RULES.md §3.3 [P]): nothing in exclusion() looks at the status.


def test_new_member_months_are_configurable() -> None:
    """RULES.md §3.3 [P]: the 6 months come from a third-party form; 0 rates everybody."""
    config.configure(rating_new_member_min_months=0)
    assert (
        r.exclusion(date(2016, 12, 20), exempt=False, suspended=False, admitted_on=date(2016, 12, 1)) is None
    )
    config.configure(rating_new_member_min_months=6, rating_new_member_counts_from_ceremony=True)
    assert (
        r.exclusion(
            date(2016, 12, 20),
            exempt=False,
            suspended=False,
            admitted_on=date(2016, 5, 1),
            ceremony_on=date(2016, 7, 1),
        )
        is not None
    )


def test_disciplined_in_the_year_is_not_fulfilled_from_hd21() -> None:
    """RULES.md §3.3, §2.10: HD 21-HD/BTCTW (18/10/2019) [V]; nothing earlier is cited."""
    measures = [(date(2020, 5, 4), False)]
    with pytest.raises(RuleViolation) as excinfo:
        r.check_discipline(date(2020, 12, 20), r.GOOD, measures=measures)
    assert excinfo.value.code == "ratings.disciplined_not_fulfilled_2019"
    assert excinfo.value.message == (
        "Đảng viên bị xử lý kỷ luật ngày 04/05/2020 trong năm đánh giá phải xếp loại "
        "“Không hoàn thành nhiệm vụ”."
    )
    r.check_discipline(date(2020, 12, 20), r.NOT_FULFILLED, measures=measures)
    r.check_discipline(date(2016, 12, 20), r.GOOD, measures=[(date(2016, 5, 4), False)])


def test_qd124_exception_self_detected_and_remedied() -> None:
    """RULES.md §3.1: QĐ 124-QĐ/TW "trừ trường hợp tự phát hiện và khắc phục xong hậu quả" [V]."""
    r.check_discipline(date(2024, 12, 20), r.GOOD, measures=[(date(2024, 3, 1), True)])
    with pytest.raises(RuleViolation):
        r.check_discipline(date(2024, 12, 20), r.GOOD, measures=[(date(2024, 3, 1), False)])
    # Under QĐ 366 [P] the exception is not stated: it no longer helps.
    with pytest.raises(RuleViolation) as excinfo:
        r.check_discipline(date(2025, 12, 20), r.GOOD, measures=[(date(2025, 3, 1), True)])
    assert excinfo.value.code == "ratings.disciplined_not_fulfilled_2025"
    config.configure(rating_366_disciplined_not_fulfilled=False)
    r.check_discipline(date(2025, 12, 20), r.GOOD, measures=[(date(2025, 3, 1), False)])


def test_excellent_quota_2018_is_20_percent_of_the_good() -> None:
    """RULES.md §3.1 [V] (HD 16/HD 21): excellent ≤ 20% of "good" in each grassroots organization.
    Worked: 4 excellent + 16 good = 20 good or better → at most 4."""
    day = date(2019, 12, 20)
    r.check_excellent_quota(day, {r.EXCELLENT: 4, r.GOOD: 16}, grassroots_name="Đảng ủy xã Nà Tấu")
    with pytest.raises(RuleViolation) as excinfo:
        r.check_excellent_quota(day, {r.EXCELLENT: 5, r.GOOD: 16}, grassroots_name="Đảng ủy xã Nà Tấu")
    assert excinfo.value.message == (
        "Đảng ủy xã Nà Tấu: 5 đảng viên Hoàn thành xuất sắc nhiệm vụ vượt quá 20% của 21 đảng viên "
        "Hoàn thành tốt nhiệm vụ trở lên (tối đa 4)."
    )
    config.configure(rating_quota_base_includes_excellent=False)  # [U] the other reading: 16 → 3
    with pytest.raises(RuleViolation):
        r.check_excellent_quota(day, {r.EXCELLENT: 4, r.GOOD: 16}, grassroots_name="x")


def test_no_quota_in_2014_and_a_configurable_one_after_2023() -> None:
    """RULES.md §3.1: no quota in the 2014 era; under QĐ 124 and 366 it is [U] (default 20%)."""
    r.check_excellent_quota(date(2016, 12, 20), {r.EXCELLENT: 5, r.GOOD: 5}, grassroots_name="x")
    with pytest.raises(RuleViolation) as excinfo:
        r.check_excellent_quota(date(2025, 12, 20), {r.EXCELLENT: 2, r.GOOD: 4}, grassroots_name="x")
    assert excinfo.value.code == "ratings.excellent_quota_2025"
    config.configure(rating_excellent_quota_percent_2025=None)
    r.check_excellent_quota(date(2025, 12, 20), {r.EXCELLENT: 2, r.GOOD: 4}, grassroots_name="x")


def test_2014_cell_with_over_half_not_fulfilled_is_weak() -> None:
    """RULES.md §3.1 (HD 27, 2014) [V]: "chi bộ có trên 1/2 số đảng viên … Không hoàn thành" → Yếu kém;
    "Đảng bộ có trên 1/3 số tổ chức đảng trực thuộc … Yếu kém" → Yếu kém; < 50 points → Yếu kém."""
    day = date(2016, 12, 20)
    r.check_organization(day, r.GOOD, None, r.OrgFacts(members_rated=10, members_not_fulfilled=5))
    with pytest.raises(RuleViolation) as excinfo:
        r.check_organization(day, r.GOOD, None, r.OrgFacts(members_rated=10, members_not_fulfilled=6))
    assert excinfo.value.message == (
        "Chi bộ có 6/10 đảng viên xếp loại “Không hoàn thành nhiệm vụ” (trên 1/2) phải xếp loại “Yếu kém”."
    )
    r.check_organization(day, r.WEAK, None, r.OrgFacts(members_rated=10, members_not_fulfilled=6))
    with pytest.raises(RuleViolation) as excinfo:
        r.check_organization(day, r.FULFILLED, None, r.OrgFacts(subordinates_rated=6, subordinates_weak=3))
    assert excinfo.value.code == "ratings.org_subordinates_2014"
    r.check_organization(day, r.FULFILLED, None, r.OrgFacts(subordinates_rated=6, subordinates_weak=2))
    with pytest.raises(RuleViolation) as excinfo:
        r.check_organization(day, r.FULFILLED, Decimal("45"), r.OrgFacts())
    assert excinfo.value.code == "ratings.score_org_2014"


def test_collective_with_a_warned_leader_is_not_fulfilled_under_hd21() -> None:
    """RULES.md §3.3 [V] (HD 21): a leadership member disciplined with a warning or more."""
    with pytest.raises(RuleViolation) as excinfo:
        r.check_organization(date(2020, 12, 20), r.GOOD, None, r.OrgFacts(leadership_warned_or_more=1))
    assert excinfo.value.code == "ratings.org_leadership_disciplined_2019"


def test_366_excellent_collective_has_nobody_disciplined() -> None:
    """RULES.md §3.2 [V] (QĐ 366 Art. 11(1)): no subordinate unit or leadership member disciplined."""
    day = date(2025, 12, 20)
    r.check_organization(day, r.EXCELLENT, Decimal("95"), r.OrgFacts())
    with pytest.raises(RuleViolation) as excinfo:
        r.check_organization(day, r.EXCELLENT, Decimal("95"), r.OrgFacts(subordinates_disciplined=1))
    assert excinfo.value.code == "ratings.org_excellent_2025"
    r.check_organization(day, r.GOOD, Decimal("95"), r.OrgFacts(subordinates_disciplined=1))
    with pytest.raises(RuleViolation) as excinfo:
        r.check_organization(day, r.GOOD, Decimal("80"), r.OrgFacts(disciplined=True))
    assert excinfo.value.code == "ratings.org_disciplined_2025"  # [P] NĐ 335 mirror


def test_two_consecutive_years_not_fulfilled_are_flagged() -> None:
    """RULES.md §2.9 ground 4 read as two "Không hoàn thành" years in a row (§9 item 9 [U])."""
    levels = {2019: r.GOOD, 2020: r.NOT_FULFILLED, 2021: r.NOT_FULFILLED}
    assert r.flag_for_review(levels, 2021)
    assert not r.flag_for_review(levels, 2020)
    assert not r.flag_for_review({2019: r.NOT_FULFILLED, 2021: r.NOT_FULFILLED}, 2021)  # 2020 missing
    config.configure(rating_consecutive_not_fulfilled_years=3)
    assert not r.flag_for_review(levels, 2021)
