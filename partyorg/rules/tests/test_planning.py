"""Cadre planning: RULES.md §11.4, §11.14 "Planning review", §11.15 #4 (QĐ 50, HD 16, QĐ 377).

Retirement months by RULES.md §11.10 (ND 135): men born 03/1967 → 03/2029, 10/1966 → 10/2028,
10/1970 → 10/2032 (all at 62), 02/1965 → 08/2026.
"""

from datetime import date
from typing import Any

import pytest

from partyorg.rules import cadre_config
from partyorg.rules.base import RuleViolation
from partyorg.rules.planning import (
    DISCIPLINE,
    OVER_AGE,
    POLITICAL_STANDARD,
    PlanningEntry,
    check_higher_position,
    check_not_with_appointment,
    check_planning_age,
    check_planning_limits,
    limit_findings,
    planning_age_limit_on,
    planning_exit,
    term_start,
)
from partyorg.rules.retirement import MALE, retirement

AFTER_377 = date(2025, 11, 1)
UNDER_50 = date(2023, 6, 1)
PCT = "Phó Chủ tịch UBND tỉnh"
THREE_ON_PCT = [PlanningEntry(person, PCT, "tỉnh") for person in ("A", "B", "C")]


def test_at_most_three_cadres_per_position() -> None:
    """QĐ 377 [V] (RULES.md §11.4): "mỗi chức danh … không quá ba cán bộ": a fourth is refused."""
    check_planning_limits(AFTER_377, THREE_ON_PCT[:2], THREE_ON_PCT[2])
    with pytest.raises(RuleViolation) as refused:
        check_planning_limits(AFTER_377, THREE_ON_PCT, PlanningEntry("D", PCT, "tỉnh"))
    assert refused.value.code == "planning.limits_377"
    assert refused.value.message == (
        "Chức danh Phó Chủ tịch UBND tỉnh có 4 cán bộ trong quy hoạch; mỗi chức danh quy hoạch "
        "không quá 3 cán bộ."
    )


def test_at_most_three_positions_per_cadre_at_one_level() -> None:
    """QĐ 377 [V] (RULES.md §11.4): "một cán bộ quy hoạch không quá ba chức danh ở cùng cấp"."""
    held = [PlanningEntry("A", position, "tỉnh") for position in ("P1", "P2", "P3")]
    with pytest.raises(RuleViolation) as refused:
        check_planning_limits(AFTER_377, held, PlanningEntry("A", "P4", "tỉnh"), who="Lò Văn Minh")
    assert refused.value.message == (
        "Lò Văn Minh: Được quy hoạch 4 chức danh cùng cấp; một cán bộ quy hoạch không quá 3 chức danh "
        "ở cùng cấp."
    )
    check_planning_limits(AFTER_377, held, PlanningEntry("A", "P4", "xã"))  # another level


def test_the_limits_before_377_are_a_setting_and_older_planning_is_not_judged() -> None:
    """[U] (cadre_config K7): QĐ 50 is read with the same limits by default; off, or before QĐ 50
    (27/12/2021), a fourth cadre passes."""
    with pytest.raises(RuleViolation) as refused:
        check_planning_limits(UNDER_50, THREE_ON_PCT, PlanningEntry("D", PCT, "tỉnh"))
    assert refused.value.code == "planning.limits_50"
    check_planning_limits(date(2020, 6, 1), THREE_ON_PCT, PlanningEntry("D", PCT, "tỉnh"))
    cadre_config.configure(planning_limits_before_377=False)
    check_planning_limits(UNDER_50, THREE_ON_PCT, PlanningEntry("D", PCT, "tỉnh"))


def test_the_yearly_review_flags_both_limits_once() -> None:
    """RULES.md §11.14 "Planning review" [V]: > 3 people on a position, > 3 positions of a person; a row
    given twice counts once."""
    rows = [*THREE_ON_PCT, PlanningEntry("D", PCT, "tỉnh"), PlanningEntry("D", PCT, "tỉnh")]
    rows += [PlanningEntry("A", position, "tỉnh") for position in ("P2", "P3", "P4")]
    findings = limit_findings(AFTER_377, rows)
    assert [f.message for f in findings] == [
        "Chức danh Phó Chủ tịch UBND tỉnh có 4 cán bộ trong quy hoạch; mỗi chức danh quy hoạch "
        "không quá 3 cán bộ.",
        "A: Được quy hoạch 4 chức danh cùng cấp; một cán bộ quy hoạch không quá 3 chức danh ở cùng cấp.",
    ]
    assert {f.rule.code for f in findings} == {"planning.limits_377"}
    assert limit_findings(AFTER_377, THREE_ON_PCT) == []


@pytest.mark.parametrize(
    ("planned", "rank", "refused_with"),
    [
        pytest.param("Chủ tịch UBND xã", 4, None, id="HD 16/377: a higher post"),
        pytest.param("Phó Chủ tịch UBND xã", 5, "Đang đảm nhiệm chức danh", id="HD 16/377: own post"),
        pytest.param("Trưởng phòng", 5, "không cao hơn", id="HD 16/377: same rank"),
        pytest.param("Chuyên viên", 9, "không cao hơn", id="HD 16/377: lower"),
    ],
)
def test_only_higher_positions(planned: str, rank: int, refused_with: str | None) -> None:
    """HD 16-HD/BTCTW, QĐ 377 [V] (RULES.md §11.4, §11.15 #4): a Phó Chủ tịch UBND xã (rank 5; 1 is the
    highest) is planned only for a higher post."""
    held = [("Phó Chủ tịch UBND xã", 5)]
    if refused_with is None:
        check_higher_position(AFTER_377, planned_position=planned, planned_rank=rank, held=held)
        return
    with pytest.raises(RuleViolation) as refused:
        check_higher_position(AFTER_377, planned_position=planned, planned_rank=rank, held=held)
    assert refused_with in refused.value.message
    assert refused.value.code == "planning.only_higher_377"


def test_only_higher_is_dated() -> None:
    """HD 16 (15/02/2022) [V]: planning of 2020 for one's own post is not judged; of 2023 it is."""
    held = [("Phó Chủ tịch UBND xã", 5)]
    check_higher_position(
        date(2020, 5, 1), planned_position="Phó Chủ tịch UBND xã", planned_rank=5, held=held
    )
    with pytest.raises(RuleViolation) as refused:
        check_higher_position(UNDER_50, planned_position="Phó Chủ tịch UBND xã", planned_rank=5, held=held)
    assert refused.value.code == "planning.only_higher_16"


def test_not_together_with_an_appointment_proposal() -> None:
    """QĐ 377 [V] (RULES.md §11.4, §11.15 #4): "Không thực hiện quy hoạch đồng thời với việc đề xuất bổ
    nhiệm"."""
    with pytest.raises(RuleViolation) as refused:
        check_not_with_appointment(AFTER_377, appointment_proposed=True, who="Lò Văn Minh")
    assert refused.value.message == (
        "Lò Văn Minh: Đang trong quy trình đề xuất bổ nhiệm, giới thiệu ứng cử: không thực hiện quy "
        "hoạch đồng thời."
    )
    check_not_with_appointment(AFTER_377, appointment_proposed=False)
    check_not_with_appointment(date(2025, 6, 1), appointment_proposed=True)  # before QĐ 377


def test_planning_age_is_one_full_term_at_the_start_of_the_planned_term() -> None:
    """QĐ 50 wording [V], reference and QĐ 377 [U] (RULES.md §11.4, §11.16 #1, #2): planned on 15/11/2025
    for 2026–2031 (start 01/01/2026): born 10/1970 has 81 months, born 03/1967 only 38."""
    check = check_planning_age(retirement(MALE, 1970, 10), date(2025, 11, 15), term_start(2026))
    assert check is not None and (check.months_left, check.rule.code) == (81, "planning.age_377")
    with pytest.raises(RuleViolation) as refused:
        check_planning_age(retirement(MALE, 1967, 3), date(2025, 11, 15), term_start(2026))
    assert refused.value.message == (
        "Còn 38 tháng công tác đến tháng nghỉ hưu 03/2029 (tính tại 01/01/2026); quy hoạch cần đủ tuổi "
        "công tác ít nhất trọn một nhiệm kỳ (60 tháng)."
    )
    assert check_planning_age(retirement(MALE, 1967, 3), date(2020, 1, 1), term_start(2020)) is None


def test_the_planning_age_reference_is_a_setting() -> None:
    """[U] RULES.md §11.16 #2 (HD 16 topic 7 not read): born 10/1966 (retires 10/2028), planned on
    01/03/2022 for 2025–2030 has 45 months at 01/01/2025 (refused, QĐ 50) but 79 at the decision."""
    person = retirement(MALE, 1966, 10)
    with pytest.raises(RuleViolation) as refused:
        check_planning_age(person, date(2022, 3, 1), term_start(2025))
    assert refused.value.code == "planning.age_50"
    cadre_config.configure(planning_age_at_term_start=False)
    check = check_planning_age(person, date(2022, 3, 1), term_start(2025))
    assert check is not None and check.months_left == 79
    assert planning_age_limit_on(person) == date(2023, 11, 1)  # 10/2028 − 59 months: 59 left from then


def test_automatic_exit_names_the_earliest_reason() -> None:
    """QĐ 50 [V], kept by QĐ 377 [P] (RULES.md §11.4 "Automatic exit"): a cadre planned on 15/11/2025,
    reprimanded from 10/03/2026, is out from that day; a conclusion on his political standard of
    01/02/2026 comes first."""
    person = retirement(MALE, 1970, 10)
    facts: dict[str, Any] = {"decided_on": date(2025, 11, 15), "planned_term_start": term_start(2026)}
    assert (
        planning_exit(person, on=date(2026, 3, 1), disciplines=[("reprimand", date(2026, 3, 10))], **facts)
        is None
    )
    out = planning_exit(person, on=date(2026, 4, 1), disciplines=[("reprimand", date(2026, 3, 10))], **facts)
    assert out is not None and (out.reason, out.on, out.rule.code) == (
        DISCIPLINE,
        date(2026, 3, 10),
        "planning.automatic_exit_377",
    )
    assert (
        out.message
        == "Ra khỏi quy hoạch từ ngày 10/03/2026: bị kỷ luật “Khiển trách” (hiệu lực ngày 10/03/2026)."
    )
    out = planning_exit(
        person,
        on=date(2026, 4, 1),
        disciplines=[("reprimand", date(2026, 3, 10))],
        political_standard_failed_on=date(2026, 2, 1),
        **facts,
    )
    assert out is not None and (out.reason, out.on) == (POLITICAL_STANDARD, date(2026, 2, 1))


def test_automatic_exit_over_age_when_counted_at_the_review() -> None:
    """QĐ 50 [V] with the [U] setting counting the age at the day (K9): born 10/1966, planned on
    01/03/2022, has fewer than 60 months from 01/11/2023 and is out from that day."""
    cadre_config.configure(planning_age_at_term_start=False)
    person = retirement(MALE, 1966, 10)
    facts: dict[str, Any] = {"decided_on": date(2022, 3, 1), "planned_term_start": term_start(2025)}
    assert planning_exit(person, on=date(2023, 10, 31), **facts) is None
    out = planning_exit(person, on=date(2023, 12, 1), **facts)
    assert out is not None and (out.reason, out.on, out.rule.code) == (
        OVER_AGE,
        date(2023, 11, 1),
        "planning.automatic_exit_50",
    )
    assert out.message.startswith("Ra khỏi quy hoạch từ ngày 01/11/2023: quá tuổi quy hoạch. Còn 59 tháng")
    assert planning_exit(person, on=date(2021, 6, 1), **facts) is None  # before QĐ 50
