"""Congress terms, committees and positions: RULES.md §1.3, §1.4 and §1.5 (Charter Art. 24, QĐ 29 item 24,
QĐ 294, HD 31-HD/BTCTW)."""

from datetime import date

import pytest

from partyorg.rules import committees, config
from partyorg.rules.base import Confidence, RuleViolation
from partyorg.rules.committees import (
    check_appointment_basis,
    check_cell_committee_size,
    check_committee_allowed,
    check_congress_in_time,
    check_deputies,
    check_holder_official,
    check_standing_committee,
    check_term_years,
    is_term_overdue,
    leadership_findings,
    overdue_finding,
    term_due_on,
    term_latest_on,
    term_rule,
)


def _refused(call: object, *args: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as excinfo:
        call(*args)  # type: ignore[operator]
    return excinfo.value


# -- terms: RULES.md §1.4 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "opened_on", "code"),
    [
        pytest.param("cell", date(2017, 5, 12), "committees.cell_term", id="Charter Art. 24(3): cell 2017"),
        pytest.param("cell", date(2025, 6, 30), "committees.cell_term", id="Charter Art. 24(3): 30/06/2025"),
        pytest.param("cell", date(2025, 7, 1), "committees.cell_term_pilot", id="QĐ 294 pilot: 01/07/2025"),
        pytest.param("grassroots_cell", date(2017, 5, 12), "committees.term", id="§1.4 [P]: grassroots cell"),
        pytest.param("grassroots_committee", date(2020, 5, 1), "committees.term", id="§1.4 [P]: đảng ủy"),
        pytest.param("commune", date(2025, 7, 1), "committees.term", id="§1.4 [P]: commune committee 2025"),
    ],
)
def test_the_term_rule_is_chosen_by_kind_and_by_the_opening_date(
    kind: str, opened_on: date, code: str
) -> None:
    assert term_rule(kind, opened_on).code == code


def test_the_pilot_rule_is_verified_and_dated_from_qd_294() -> None:
    """RULES.md §1.4: "thí điểm đại hội chi bộ 5 năm một lần", QĐ 294-QĐ/TW in force 01/07/2025 [V]."""
    rule = committees.CELL_TERM_PILOT_RULE
    assert rule.confidence is Confidence.VERIFIED
    assert rule.valid_from == date(2025, 7, 1)
    assert rule.source.document == "Quy định 294-QĐ/TW"
    assert committees.CELL_TERM_RULE.valid_until == date(2025, 7, 1)
    assert committees.TERM_RULE.confidence is Confidence.PARTIAL  # §9 item 1: Art. 22 not read


@pytest.mark.parametrize(
    ("kind", "opened_on", "first", "last", "code"),
    [
        pytest.param("cell", date(2017, 5, 12), 2017, 2020, None, id="Art. 24(3): 2017–2020 (3 years)"),
        pytest.param("cell", date(2015, 5, 12), 2015, 2017, None, id="Art. 24(3): 2015–2017 (2 years)"),
        pytest.param(
            "cell", date(2017, 5, 12), 2017, 2022, "committees.cell_term", id="Art. 24(3): 5 years refused"
        ),
        pytest.param("cell", date(2025, 9, 1), 2025, 2030, None, id="QĐ 294 pilot: 2025–2030"),
        pytest.param(
            "cell", date(2025, 9, 1), 2025, 2027, "committees.cell_term_pilot", id="QĐ 294: 2025–2027 refused"
        ),
        pytest.param("grassroots_committee", date(2020, 5, 1), 2020, 2025, None, id="§1.4 [P]: 5 years"),
        pytest.param(
            "grassroots_committee", date(2020, 5, 1), 2020, 2023, "committees.term", id="§1.4 [P]: 3 refused"
        ),
    ],
)
def test_term_years_follow_the_rule_in_force_when_the_term_opened(
    kind: str, opened_on: date, first: int, last: int, code: str | None
) -> None:
    if code is None:
        check_term_years(kind, opened_on, first, last)
    else:
        assert _refused(check_term_years, kind, opened_on, first, last).code == code


def test_a_wrong_cell_term_says_twice_in_five_years() -> None:
    """Charter Art. 24(3) [V]: "năm năm hai lần"."""
    violation = _refused(check_term_years, "cell", date(2017, 5, 12), 2017, 2022)
    assert violation.message == (
        "Nhiệm kỳ 2017–2022 không đúng độ dài nhiệm kỳ áp dụng ngày 12/05/2017: 2 hoặc 3 năm "
        "(đại hội năm năm hai lần)."
    )
    assert "Điều 24(3)" in str(violation)


def test_the_grassroots_term_length_is_a_configurable_default() -> None:
    """RULES.md §1.4 [P], §9 item 1: 5 years by default, configurable (config.committee_term_years)."""
    config.configure(committee_term_years=4)
    check_term_years("grassroots_committee", date(2020, 5, 1), 2020, 2024)
    assert _refused(check_term_years, "grassroots_committee", date(2020, 5, 1), 2020, 2025).code == (
        "committees.term"
    )


def test_the_next_congress_is_due_on_the_anniversary_in_the_terms_last_year() -> None:
    """RULES.md §1.4 [U] interpretation (module docstring): 12/05/2017 for 2017–2020 → 12/05/2020."""
    assert term_due_on(date(2017, 5, 12), 2020) == date(2020, 5, 12)
    assert term_due_on(date(2021, 2, 3), 2025) == date(2025, 2, 3)  # a late opening keeps its last year


@pytest.mark.parametrize(
    ("kind", "opened_on", "last", "latest"),
    [
        pytest.param("cell", date(2017, 5, 12), 2020, date(2020, 11, 12), id="Art. 24(3): ≤ 6 months later"),
        pytest.param(
            "grassroots_committee", date(2015, 5, 20), 2020, date(2021, 5, 20), id="§1.4 [P]: ≤ 12 months"
        ),
        pytest.param("cell", date(2025, 9, 1), 2030, date(2031, 3, 1), id="pilot [U]: 6 months by default"),
    ],
)
def test_the_latest_congress_day(kind: str, opened_on: date, last: int, latest: date) -> None:
    assert term_latest_on(kind, opened_on, last) == latest
    assert not is_term_overdue(kind, opened_on, last, latest)
    assert is_term_overdue(kind, opened_on, last, date.fromordinal(latest.toordinal() + 1))


def test_an_overdue_term_gives_a_vietnamese_finding() -> None:
    """Charter Art. 24(3) [V]: a cell elected 12/05/2017 for 2017–2020 is overdue from 13/11/2020."""
    assert overdue_finding("cell", date(2017, 5, 12), 2017, 2020, date(2020, 11, 12)) is None
    finding = overdue_finding("cell", date(2017, 5, 12), 2017, 2020, date(2020, 11, 13))
    assert finding is not None
    assert finding.rule.code == "committees.cell_term"
    assert finding.message == (
        "Quá hạn đại hội: nhiệm kỳ 2017–2020 (từ 12/05/2017) phải tổ chức đại hội chậm nhất ngày 12/11/2020."
    )


@pytest.mark.parametrize(
    ("held_on", "code"),
    [
        pytest.param(date(2019, 11, 12), None, id="Art. 24(3): exactly 6 months early"),
        pytest.param(date(2019, 11, 11), "committees.cell_term", id="Art. 24(3): more than 6 months early"),
        pytest.param(date(2020, 11, 12), None, id="Art. 24(3): exactly 6 months late"),
        pytest.param(date(2020, 11, 13), "committees.cell_term", id="Art. 24(3): more than 6 months late"),
    ],
)
def test_a_cell_congress_may_move_by_six_months(held_on: date, code: str | None) -> None:
    if code is None:
        check_congress_in_time("cell", date(2017, 5, 12), 2020, held_on)
    else:
        violation = _refused(check_congress_in_time, "cell", date(2017, 5, 12), 2020, held_on)
        assert violation.code == code


def test_a_grassroots_congress_has_no_early_bound_but_a_late_one() -> None:
    """RULES.md §1.4: no early bound is given above cells; later by ≤ 12 months [P] (config)."""
    check_congress_in_time("grassroots_committee", date(2015, 5, 20), 2020, date(2019, 1, 1))
    violation = _refused(
        check_congress_in_time, "grassroots_committee", date(2015, 5, 20), 2020, date(2021, 6, 1)
    )
    assert violation.code == "committees.term_delay"
    assert violation.message == (
        "Đại hội ngày 01/06/2021 muộn quá 12 tháng so với hạn nhiệm kỳ (20/05/2020, hạn cuối 20/05/2021)."
    )
    config.configure(committee_term_delay_months=13)
    check_congress_in_time("grassroots_committee", date(2015, 5, 20), 2020, date(2021, 6, 1))


# -- committees and positions: RULES.md §1.3 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "officials", "allowed"),
    [
        pytest.param("cell", 8, False, id="QĐ 29 item 24: 8 official members, no chi ủy"),
        pytest.param("cell", 9, True, id="QĐ 29 item 24: 9 official members, chi ủy"),
        pytest.param("grassroots_cell", 8, False, id="QĐ 29 item 24: grassroots cell too"),
        pytest.param("grassroots_committee", 3, True, id="§1.3: a đảng ủy always has a committee"),
    ],
)
def test_a_committee_only_from_nine_official_members(kind: str, officials: int, allowed: bool) -> None:
    if allowed:
        check_committee_allowed(kind, officials)
    else:
        violation = _refused(check_committee_allowed, kind, officials)
        assert violation.code == "committees.cell_committee"
        assert violation.message == (
            f"Chi bộ có {officials} đảng viên chính thức (dưới 9) không bầu chi ủy; chi bộ bầu bí thư, nếu "
            "cần bầu một phó bí thư."
        )


def test_a_cell_committee_has_at_most_seven_members() -> None:
    """QĐ 29 item 24 [V]: "chi bộ đông đảng viên bầu không quá 7 chi ủy viên"."""
    check_cell_committee_size("cell", 7)
    assert _refused(check_cell_committee_size, "cell", 8).code == "committees.cell_committee_size"
    check_cell_committee_size("grassroots_committee", 15)  # not a cell: RULES.md gives no size


def test_a_cell_has_one_deputy_secretary() -> None:
    """QĐ 29 item 24 [V]: one deputy; a committee's number of deputies is [U] and not checked."""
    check_deputies("cell", 1)
    violation = _refused(check_deputies, "cell", 2)
    assert violation.message == "Chi bộ chỉ có một phó bí thư (sẽ có 2 phó bí thư)."
    check_deputies("grassroots_committee", 3)


def test_a_cell_has_no_standing_committee() -> None:
    """RULES.md §1.3 [U]: standing committees in (larger) committees only."""
    assert _refused(check_standing_committee, "cell").code == "committees.standing_committee"
    check_standing_committee("grassroots_committee")


def test_a_holder_must_be_an_official_member_by_default() -> None:
    """RULES.md §1.3 note, §8 item 4 [U]: configurable (config.leaders_must_be_official)."""
    check_holder_official(True)
    violation = _refused(check_holder_official, False)
    assert violation.rule.confidence is Confidence.UNVERIFIED
    config.configure(leaders_must_be_official=False)
    check_holder_official(False)


def test_an_appointment_needs_the_superiors_decision() -> None:
    """QĐ 29 item 24 [V]: "cấp ủy cấp trên trực tiếp chỉ định"; HD 31 (2025) appointments [V]."""
    check_appointment_basis("125-QĐ/TU")
    assert _refused(check_appointment_basis, "  ").code == "committees.appointment"
    assert committees.APPOINTED_TERM_2025_RULE.source.document == "Hướng dẫn 31-HD/BTCTW"


def test_leadership_findings() -> None:
    """QĐ 29 item 24 [V]: ≥ 9 official members elect a chi ủy; one deputy; a secretary."""
    findings = leadership_findings("cell", 12, has_secretary=False, committee_size=0, deputies=2)
    assert [f.message for f in findings] == [
        "Chưa có bí thư.",
        "Chi bộ có 12 đảng viên chính thức (từ 9 trở lên) nhưng chưa có chi ủy.",
        "Chi bộ có 2 phó bí thư; chỉ có một phó bí thư.",
    ]
    assert leadership_findings("cell", 8, has_secretary=True, committee_size=0, deputies=1) == []
    shrunk = leadership_findings("cell", 7, has_secretary=True, committee_size=3, deputies=1)
    assert [f.message for f in shrunk] == ["Chi bộ có chi ủy nhưng chỉ còn 7 đảng viên chính thức (dưới 9)."]
