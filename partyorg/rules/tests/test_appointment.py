"""Appointment, nomination, committee, rotation, terms and notices: RULES.md §11.5, §11.6, §11.14, §11.15.

Retirement months are those of RULES.md §11.10 (ND 135; see test_retirement.py): a man born 02/1965
retires in 08/2026, one born 10/1964 in 04/2026, one born 04/1966 in 04/2028 (62).
"""

from datetime import date

import pytest

from partyorg.rules import cadre_config
from partyorg.rules.appointment import (
    DIRECT_SUPERIOR,
    EXTEND_TO_RETIREMENT,
    GRASSROOTS,
    PROVINCIAL,
    PUBLIC_EMPLOYEE,
    REAPPOINT,
    REAPPOINT_TO_RETIREMENT,
    RETIRES,
    check_appointment_age,
    check_committee_age,
    check_discipline_waiting,
    check_in_planning,
    check_rotation_age,
    committee_reference_month,
    discipline_waiting_until,
    reappointment_notice,
    reappointment_path,
    term_until,
)
from partyorg.rules.base import RuleViolation
from partyorg.rules.retirement import FEMALE, MALE, retirement

BORN_02_1965 = retirement(MALE, 1965, 2)  # retires 08/2026 (61 y 6 m)
BORN_10_1964 = retirement(MALE, 1964, 10)  # retires 04/2026 (61 y 6 m), pension from 01/05/2026


def test_the_hd_06_example_has_exactly_five_years_and_is_eligible() -> None:
    """KL 08-KL/TW + HD 06-HD/BTCTW worked example [V] (RULES.md §11.5): a man born 02/1965, retirement age
    61 y 6 m, in 08/2021 has exactly 60 months left: eligible. A month later he is not."""
    check = check_appointment_age(BORN_02_1965, date(2021, 8, 20))
    assert check is not None and check.rule.code == "appointment.age_kl08"
    assert (check.months_left, check.months_required, check.passed) == (60, 60, True)
    with pytest.raises(RuleViolation) as refused:
        check_appointment_age(BORN_02_1965, date(2021, 9, 1), who="Lò Văn Minh")
    assert refused.value.code == "appointment.age_kl08"
    assert refused.value.message == (
        "Lò Văn Minh: Còn 59 tháng công tác đến tháng nghỉ hưu 08/2026 (tính tại ngày nhận tờ trình và hồ sơ "
        "01/09/2021); bổ nhiệm lần đầu, bổ nhiệm hoặc giới thiệu ứng cử chức vụ cao hơn cần đủ 60 tháng."
    )


def test_before_kl_08_the_age_was_counted_to_a_fixed_60() -> None:
    """RULES.md §11.0 [P] (QĐ 105, "fixed 60/55" until KL 08 from 01/08/2021): the same man, dossier of
    15/07/2021, is counted to 60 years (02/2025): 43 months, refused; two weeks later he passes."""
    with pytest.raises(RuleViolation) as refused:
        check_appointment_age(BORN_02_1965, date(2021, 7, 15))
    assert refused.value.code == "appointment.age_105"
    assert "Còn 43 tháng công tác đến tháng nghỉ hưu 02/2025" in refused.value.message


def test_each_period_is_judged_by_its_own_rule() -> None:
    """RULES.md §11.15 #1: a 2023 dossier under QĐ 80 [V], one of 10/2025 under QĐ 377 ([U] months,
    RULES.md §11.16 #1), one of 2016 under none RULES.md names."""
    with pytest.raises(RuleViolation) as refused:  # 03/2023 → 04/2026: 37 months
        check_appointment_age(BORN_10_1964, date(2023, 3, 10))
    assert refused.value.code == "appointment.age_80"
    woman = retirement(FEMALE, 1975, 5)  # 60 years, 05/2035: 115 months from 10/2025
    check = check_appointment_age(woman, date(2025, 10, 15))
    assert check is not None and (check.rule.code, check.months_left) == ("appointment.age_377", 115)
    assert check_appointment_age(BORN_10_1964, date(2016, 6, 1)) is None


def test_the_377_months_are_a_setting() -> None:
    """[U] RULES.md §11.16 #1: a deployment that reads QĐ 377 as 120 months sets it."""
    cadre_config.configure(appointment_min_months_377=120)
    with pytest.raises(RuleViolation) as refused:
        check_appointment_age(retirement(FEMALE, 1975, 5), date(2025, 10, 15))
    assert refused.value.code == "appointment.age_377"


def test_no_age_condition_for_an_equivalent_or_lower_post() -> None:
    """RULES.md §11.5 "Same or lower post" [V]: a man retiring in 04/2026 may be moved sideways in 2025."""
    assert check_appointment_age(BORN_10_1964, date(2025, 3, 1), higher_post=False) is None


@pytest.mark.parametrize(
    ("born", "level", "first_time", "deputy", "left", "refused"),
    [
        # 03/1967 → 62 in 03/2029; provincial congress 09/2025: 42 months.
        pytest.param((1967, 3), PROVINCIAL, False, True, 42, False, id="CT 45: provincial deputy 42 months"),
        pytest.param((1967, 3), PROVINCIAL, False, False, 42, True, id="CT 45: re-election needs 48"),
        # 04/1966 → 04/2028; grassroots 04/2025: 36 months.
        pytest.param((1966, 4), GRASSROOTS, False, False, 36, True, id="CT 45: grassroots re-election"),
        # 06/1972 → 62 in 06/2034; direct superiors 06/2025: 108 months.
        pytest.param((1972, 6), DIRECT_SUPERIOR, True, False, 108, False, id="CT 45: first time one term"),
    ],
)
def test_committee_ages_of_the_2025_2030_congresses(
    born: tuple[int, int], level: str, first_time: bool, deputy: bool, left: int, refused: bool
) -> None:
    """Chỉ thị 45-CT/TW [V] (RULES.md §11.5): first time ≥ one term, re-election ≥ 48 months (provincial
    deputy secretaries 42), at the month that level's congress starts."""
    person = retirement(MALE, *born)
    if refused:
        with pytest.raises(RuleViolation) as excinfo:
            check_committee_age(person, level, first_time=first_time, provincial_deputy_secretary=deputy)
        assert excinfo.value.code == "appointment.committee_age_ct45"
    else:
        check = check_committee_age(person, level, first_time=first_time, provincial_deputy_secretary=deputy)
        assert check.months_left == left


def test_committee_refusal_names_the_reference_month() -> None:
    """Chỉ thị 45-CT/TW [V]: 03/1967 at the provincial congress (09/2025) has 42 of 48 months."""
    with pytest.raises(RuleViolation) as refused:
        check_committee_age(retirement(MALE, 1967, 3), PROVINCIAL, first_time=False, who="Quàng Văn Bình")
    assert refused.value.message == (
        "Quàng Văn Bình: Còn 42 tháng công tác đến tháng nghỉ hưu 03/2029 (tính tại tháng 09/2025, "
        "cấp tỉnh); tái cử cấp ủy nhiệm kỳ 2025–2030 cần đủ 48 tháng."
    )
    assert committee_reference_month(PROVINCIAL) == date(2025, 9, 1)
    with pytest.raises(ValueError):
        committee_reference_month("district")


def test_rotation_needs_ten_years_at_departure() -> None:
    """QĐ 98-QĐ/TW Art. 5 [V] (RULES.md §11.6): ≥ 10 years left at departure, ≥ one term in the non-local
    case; QĐ 65 from 28/04/2022 [P] with the same numbers ([U] RULES.md §11.16 #3)."""
    # 06/1968 → 62 in 06/2030: exactly 120 months from 06/2020; 05/1968 → 05/2030: 119.
    check = check_rotation_age(retirement(MALE, 1968, 6), date(2020, 6, 1))
    assert check is not None and (check.rule.code, check.months_left) == ("appointment.rotation_age_98", 120)
    with pytest.raises(RuleViolation) as refused:
        check_rotation_age(retirement(MALE, 1968, 5), date(2020, 6, 1))
    assert refused.value.code == "appointment.rotation_age_98"
    # 10/1964 → 04/2026: 60 months from 04/2021 (one-term case passes), 47 from 05/2022 under QĐ 65.
    assert check_rotation_age(BORN_10_1964, date(2021, 4, 1), one_term_case=True) is not None
    with pytest.raises(RuleViolation) as refused:
        check_rotation_age(BORN_10_1964, date(2022, 5, 2), one_term_case=True)
    assert refused.value.code == "appointment.rotation_age_65"
    assert check_rotation_age(BORN_10_1964, date(2016, 1, 1)) is None  # before QĐ 98: no dated rule


def test_a_term_is_five_years_and_never_runs_past_retirement() -> None:
    """RULES.md §11.5 [P] (5 years per appointment, a setting) and §11.10 (the post ends with retirement)."""
    assert term_until(date(2021, 3, 1)) == date(2026, 3, 1)
    assert term_until(date(2021, 6, 1), BORN_10_1964) == date(2026, 5, 1)
    cadre_config.configure(appointment_term_years=4)
    assert term_until(date(2021, 3, 1)) == date(2025, 3, 1)


def test_the_377_notice_counts_90_working_days() -> None:
    """QĐ 377 [V] (RULES.md §11.5, §11.15 #6): a term held to Tuesday 31/08/2027. Eighteen weeks of
    weekdays back from it start on Wednesday 28/04/2027; 30/04 (Reunification Day) and 03/05 (Labour Day
    01/05 fell on a Saturday: the day off moves to Monday) are days off, so the 90th working day back is
    Monday 26/04 and the notice is due on the working day before, Friday 23/04/2027."""
    notice = reappointment_notice(date(2027, 9, 1))
    assert (notice.due_on, notice.rule.code) == (date(2027, 4, 23), "appointment.reappointment_notice_377")


def test_a_state_post_counts_90_calendar_days_unless_configured() -> None:
    """RULES.md §11.14 [V] ("configurable to 90 calendar days for state posts"), QĐ 727/BNV: 31/08/2027 − 90
    days = 02/06/2027; with the setting, as QĐ 377."""
    notice = reappointment_notice(date(2027, 9, 1), state_post=True)
    assert (notice.due_on, notice.rule.code) == (date(2027, 6, 2), "appointment.reappointment_notice_days")
    cadre_config.configure(reappointment_notice_state_working_days=True)
    assert reappointment_notice(date(2027, 9, 1), state_post=True).due_on == date(2027, 4, 23)


def test_a_notice_due_before_377_counts_calendar_days() -> None:
    """RULES.md §11.15 #1, §11.5 (older rule "chậm nhất 90 ngày" [P]): a term held to 31/12/2024 is
    notified by 02/10/2024, before QĐ 377 existed."""
    notice = reappointment_notice(date(2025, 1, 1))
    assert (notice.due_on, notice.rule.code) == (date(2024, 10, 2), "appointment.reappointment_notice_days")


@pytest.mark.parametrize(
    ("person", "current_until", "kind", "left", "until"),
    [
        pytest.param(
            BORN_10_1964, date(2025, 3, 1), EXTEND_TO_RETIREMENT, 13, date(2026, 5, 1), id="< 24: extend"
        ),
        pytest.param(
            BORN_02_1965,
            date(2023, 9, 1),
            REAPPOINT_TO_RETIREMENT,
            35,
            date(2026, 9, 1),
            id="< 60: to retirement",
        ),
        pytest.param(BORN_10_1964, date(2026, 6, 1), RETIRES, -2, None, id="retires before the term ends"),
        pytest.param(
            retirement(MALE, 1980, 4), date(2026, 1, 1), REAPPOINT, 195, date(2031, 1, 1), id="5 years"
        ),
    ],
)
def test_what_follows_a_term_near_retirement(
    person, current_until: date, kind: str, left: int, until: date | None
) -> None:
    """ND 115 Art. 49 [V] viên chức, [P] others (RULES.md §11.5, §11.14): months counted at the first day
    after the term (03/2025 → 04/2026: 13; 09/2023 → 08/2026: 35; 01/2026 → 04/2042, a man born 04/1980
    retiring at 62: 195)."""
    path = reappointment_path(person, current_until)
    assert (path.kind, path.months_left, path.until) == (kind, left, until)


def test_near_retirement_paths_only_for_public_employees_when_configured() -> None:
    """RULES.md §11.5 [P] for cadres and civil servants: switched off, a civil servant is re-appointed for a
    term cut at retirement; a public employee still has the post extended."""
    cadre_config.configure(near_retirement_paths_for_all=False)
    civil = reappointment_path(BORN_10_1964, date(2025, 3, 1), category="civil_servant")
    assert (civil.kind, civil.until) == (REAPPOINT, date(2026, 5, 1))
    assert (
        reappointment_path(BORN_10_1964, date(2025, 3, 1), category=PUBLIC_EMPLOYEE).kind
        == EXTEND_TO_RETIREMENT
    )


def test_waiting_periods_after_discipline() -> None:
    """QĐ 377 [P] (RULES.md §11.5, §11.14): a higher post 24 months after a reprimand, 36 after a warning,
    60 after removal from post; proposals before 08/10/2025 are not judged by it; expulsion has none."""
    assert discipline_waiting_until("reprimand", date(2025, 11, 15)) == date(2027, 11, 15)
    assert discipline_waiting_until("warning", date(2025, 11, 15)) == date(2028, 11, 15)
    assert discipline_waiting_until("expulsion", date(2025, 11, 15)) is None
    with pytest.raises(RuleViolation) as refused:
        check_discipline_waiting(date(2026, 12, 1), [("reprimand", date(2025, 11, 15))], who="Lường Thị Hoa")
    assert refused.value.code == "appointment.discipline_waiting"
    assert refused.value.message == (
        "Lường Thị Hoa: Bị kỷ luật “Khiển trách” từ ngày 15/11/2025: chỉ được đề xuất chức vụ cao hơn "
        "từ ngày 15/11/2027."
    )
    check_discipline_waiting(date(2027, 11, 15), [("reprimand", date(2025, 11, 15))])
    with pytest.raises(RuleViolation):
        check_discipline_waiting(date(2025, 11, 1), [("removal_from_post", date(2022, 3, 1))])
    check_discipline_waiting(date(2025, 9, 1), [("removal_from_post", date(2022, 3, 1))])  # before 377
    cadre_config.configure(discipline_waiting_months=[("reprimand", 12)])
    check_discipline_waiting(date(2026, 12, 1), [("reprimand", date(2025, 11, 15))])


def test_a_candidate_for_a_higher_post_must_be_in_the_planning() -> None:
    """QĐ 377 Art. 34 [V] (RULES.md §11.5), from 08/10/2025; a special case is an override naming the rule."""
    with pytest.raises(RuleViolation) as refused:
        check_in_planning(
            date(2025, 11, 3), planned=False, who="Lò Văn Minh", position_label="Chủ tịch UBND xã"
        )
    assert refused.value.code == "appointment.in_planning_377"
    assert refused.value.message == (
        "Lò Văn Minh: Chưa có trong quy hoạch chức danh Chủ tịch UBND xã hoặc chức danh tương đương, cao "
        "hơn: chỉ bổ nhiệm, giới thiệu ứng cử khi có trong quy hoạch (trường hợp đặc biệt do cấp có thẩm "
        "quyền quyết định)."
    )
    check_in_planning(date(2025, 11, 3), planned=True)
    check_in_planning(date(2025, 11, 3), planned=False, higher_post=False)
    check_in_planning(date(2025, 9, 3), planned=False)  # before QĐ 377
