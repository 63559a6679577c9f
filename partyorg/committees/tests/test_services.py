"""Congresses, terms and positions through the services, on the small tree of ``partyorg.testing``.

Each rule the services apply is named with its RULES.md section; the rule functions themselves are tested
in ``partyorg/rules/tests/test_committees.py``."""

from datetime import date

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.committees.models import Congress, CongressKind, Method, Position, PositionRecord
from partyorg.committees.queries import (
    leadership_on,
    overdue_on,
    subordinate_cell_congresses,
    term_on,
)
from partyorg.committees.services import (
    CommitteeRefused,
    NewCongress,
    NewSeat,
    Override,
    correct_congress,
    elect_leadership,
    end_position,
    record_congress,
    record_many,
    start_position,
    withdraw_congress,
    withdraw_position,
)
from partyorg.core.records import LegalBasis
from partyorg.members.models import Person
from partyorg.organizations.models import Organization
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

OFFICER = "bantochuc.huyen"
NO_BASIS = LegalBasis()
DECISION = LegalBasis("15-QĐ/ĐU", date(2017, 5, 2), "Đảng ủy xã Nà Tấu")


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def members(org: Organization, officials: int, probationary: int = 0) -> list[Person]:
    """``officials`` members admitted in 2010 (official since 2011) and ``probationary`` admitted on
    01/03/2017 (probationary until 11/03/2018)."""
    people = []
    for i in range(officials):
        who = testing.person(f"Lò Văn Chính {i}")
        testing.admit(who, org, date(2010, 3, 1))
        people.append(who)
    for i in range(probationary):
        who = testing.person(f"Quàng Thị Dự {i}")
        testing.admit(who, org, date(2017, 3, 1), recognize=False)
        people.append(who)
    return people


def congress(org: Organization, held_on: date, first: int, last: int, **kwargs: object) -> Congress:
    fields: dict[str, object] = {"kind": CongressKind.REGULAR, "legal_basis": NO_BASIS, **kwargs}
    return record_congress(
        org,
        held_on=held_on,
        term_first_year=first,
        term_last_year=last,
        recorded_by=OFFICER,
        **fields,  # type: ignore[arg-type]
    )


def seat(person: Person, org: Organization, position: str, at: Congress, **kwargs: object) -> PositionRecord:
    fields: dict[str, object] = {"legal_basis": NO_BASIS, **kwargs}
    return start_position(
        person,
        org,
        position,
        starts_on=at.held_on,
        method=Method.ELECTED,
        congress=at,
        recorded_by=OFFICER,
        **fields,  # type: ignore[arg-type]
    )


# -- congresses and terms (RULES.md §1.4) ------------------------------------------------------------------


def test_a_cell_term_of_five_years_before_the_pilot_is_refused(tree: testing.Tree) -> None:
    """Charter Art. 24(3) [V]: a subordinate cell holds its congress twice in five years."""
    with pytest.raises(RuleViolation) as excinfo:
        congress(tree.cell_a, date(2017, 5, 12), 2017, 2022)
    assert excinfo.value.code == "committees.cell_term"
    assert not Congress.objects.exists()


def test_a_cell_term_of_five_years_under_the_pilot_is_accepted(tree: testing.Tree) -> None:
    """QĐ 294-QĐ/TW (from 01/07/2025) [V]: pilot, a cell congress once every 5 years."""
    made = congress(tree.cell_a, date(2025, 9, 10), 2025, 2030)
    term = term_on(tree.cell_a, date(2026, 1, 1))
    assert term is not None and term.congress == made
    assert term.due_on == date(2030, 9, 10)


def test_a_late_congress_needs_an_override_naming_the_rule(tree: testing.Tree) -> None:
    """Charter Art. 24(3) [V]: later by at most 6 months with the grassroots committee's consent."""
    congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    with pytest.raises(RuleViolation) as excinfo:
        congress(tree.cell_a, date(2020, 12, 1), 2020, 2022)
    assert excinfo.value.code == "committees.cell_term"
    late = congress(
        tree.cell_a,
        date(2020, 12, 1),
        2020,
        2022,
        override=Override("committees.cell_term", "Dịch COVID-19, đảng ủy đồng ý lùi đại hội"),
    )
    assert late.override_rule == "committees.cell_term"
    assert late.override_reason == "Dịch COVID-19, đảng ủy đồng ý lùi đại hội"


def test_an_appointed_term_needs_the_superiors_decision(tree: testing.Tree) -> None:
    """RULES.md §1.5, HD 31-HD/BTCTW [V]: committees of 2025–2030 appointed by the province."""
    with pytest.raises(RuleViolation):
        congress(tree.commune, date(2025, 7, 1), 2025, 2030, kind=CongressKind.APPOINTED)
    appointed = congress(
        tree.commune,
        date(2025, 7, 1),
        2025,
        2030,
        kind=CongressKind.APPOINTED,
        legal_basis=LegalBasis("321-QĐ/TU", date(2025, 6, 30), "Ban Thường vụ Tỉnh ủy"),
    )
    assert appointed.legal_basis == "321-QĐ/TU ngày 30/06/2025 của Ban Thường vụ Tỉnh ủy"


def test_an_extraordinary_congress_belongs_to_the_running_term(tree: testing.Tree) -> None:
    with pytest.raises(CommitteeRefused):
        congress(tree.commune, date(2017, 3, 1), 2015, 2020, kind=CongressKind.EXTRAORDINARY)
    opened = congress(tree.commune, date(2015, 5, 20), 2015, 2020)
    congress(tree.commune, date(2017, 3, 1), 2015, 2020, kind=CongressKind.EXTRAORDINARY)
    term = term_on(tree.commune, date(2018, 1, 1))
    assert term is not None and term.congress == opened  # the extraordinary congress opens no term


def test_a_term_is_recorded_once_and_corrected_by_a_new_row(tree: testing.Tree) -> None:
    wrong = congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    with pytest.raises(CommitteeRefused, match="đã có đại hội nhiệm kỳ 2017–2020"):
        congress(tree.cell_a, date(2017, 6, 1), 2017, 2020)
    right = correct_congress(
        wrong, recorded_by=OFFICER, legal_basis=NO_BASIS, note="Sai ngày", held_on=date(2017, 6, 2)
    )
    assert right.corrects == wrong
    term = term_on(tree.cell_a, date(2018, 1, 1))
    assert term is not None and term.congress == right
    with pytest.raises(CommitteeRefused):
        correct_congress(wrong, recorded_by=OFFICER, legal_basis=NO_BASIS, note="lần hai")


def test_the_logs_refuse_update_and_delete(tree: testing.Tree) -> None:
    made = congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    seat(members(tree.cell_a, 1)[0], tree.cell_a, Position.SECRETARY, made)
    for query in (Congress.objects.filter(pk=made.pk), PositionRecord.objects.all()):
        with pytest.raises(DatabaseError), transaction.atomic():
            query.update(note="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        Congress.objects.filter(pk=made.pk).delete()


def test_overdue_terms_on_a_day(tree: testing.Tree) -> None:
    """Charter Art. 24(3) [V] for the cell (6 months), RULES.md §1.4 [P] for the đảng ủy (12 months)."""
    congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    congress(tree.commune, date(2015, 5, 20), 2015, 2020)
    scope = [tree.commune.pk, tree.cell_a.pk, tree.cell_b.pk]
    assert overdue_on(scope, date(2020, 11, 12)) == []
    late = overdue_on(scope, date(2020, 11, 13))
    assert [(o.version.organization, o.term.label if o.term else None) for o in late] == [
        (tree.cell_a, "2017–2020")
    ]
    assert late[0].message == (
        "Quá hạn đại hội: nhiệm kỳ 2017–2020 (từ 12/05/2017) phải tổ chức đại hội chậm nhất ngày 12/11/2020."
    )
    unknown = overdue_on(scope, date(2021, 5, 21), include_unknown=True)
    assert [(o.version.organization, o.term is None) for o in unknown] == [
        (tree.commune, False),
        (tree.cell_a, False),
        (tree.cell_b, True),
    ]


# -- "Đại hội chi bộ trực thuộc nhiệm kỳ 2017–2020" -------------------------------------------------------


def test_the_cell_round_of_2017_2020_lists_held_and_missing(tree: testing.Tree) -> None:
    """Hand-made: Na Ten held its 2017–2020 congress (recorded wrong, then corrected); Co Sản held only
    its 2015–2017 one; the school is a grassroots cell, not a subordinate cell; a withdrawn congress of
    Co Sản does not count."""
    congress(tree.cell_a, date(2015, 4, 10), 2015, 2017)
    congress(tree.cell_b, date(2015, 4, 12), 2015, 2017)
    wrong = congress(tree.cell_a, date(2017, 4, 2), 2017, 2020)
    right = correct_congress(
        wrong, recorded_by=OFFICER, legal_basis=NO_BASIS, note="Sai ngày", held_on=date(2017, 4, 9)
    )
    mistaken = congress(tree.cell_b, date(2017, 4, 20), 2017, 2020)
    withdraw_congress(mistaken, recorded_by=OFFICER, note="Nhập nhầm: chi bộ chưa đại hội")
    congress(tree.school, date(2015, 6, 1), 2015, 2020)

    round_ = subordinate_cell_congresses(tree.province, 2017, 2020)
    assert round_.on == date(2017, 12, 31)
    assert [(v.organization, c) for v, c in round_.held] == [(tree.cell_a, right)]
    assert [v.organization for v in round_.missing] == [tree.cell_b]
    below_commune = subordinate_cell_congresses(tree.commune, 2015, 2017)
    assert [v.organization for v, _ in below_commune.held] == [tree.cell_a, tree.cell_b]
    assert below_commune.missing == []


# -- positions (RULES.md §1.3) ------------------------------------------------------------------------------


def test_secretary_and_deputy_of_a_small_cell_and_no_committee(tree: testing.Tree) -> None:
    """QĐ 29 item 24 [V]: below 9 official members a cell elects a secretary and, if needed, one deputy,
    and no cell committee."""
    people = members(tree.cell_a, 8)
    at = congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    secretary = seat(people[0], tree.cell_a, Position.SECRETARY, at)
    seat(people[1], tree.cell_a, Position.DEPUTY_SECRETARY, at)
    with pytest.raises(RuleViolation) as excinfo:
        seat(people[2], tree.cell_a, Position.DEPUTY_SECRETARY, at)
    assert excinfo.value.code == "committees.cell_deputy"
    with pytest.raises(RuleViolation) as excinfo:
        seat(people[2], tree.cell_a, Position.MEMBER, at)
    assert excinfo.value.code == "committees.cell_committee"
    with pytest.raises(CommitteeRefused, match="đang có bí thư"):
        seat(people[3], tree.cell_a, Position.SECRETARY, at)
    leadership = leadership_on(tree.cell_a, date(2018, 1, 1))
    assert leadership.secretary == secretary
    assert [s.person for s in leadership.deputies] == [people[1]]
    assert not leadership.has_committee
    assert leadership_on(tree.cell_a, date(2017, 5, 11)).seats == []


def test_a_cell_of_nine_official_members_elects_a_committee_probationers_do_not_count(
    tree: testing.Tree,
) -> None:
    """QĐ 29 item 24, Charter Art. 24(4) [V]: 9 official members; probationary ones do not count
    (RULES.md §8 item 4); a probationary member is not elected ([U], config.leaders_must_be_official)."""
    people = members(tree.cell_a, 8, probationary=2)
    at = congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    with pytest.raises(RuleViolation) as excinfo:
        seat(people[0], tree.cell_a, Position.MEMBER, at)
    assert excinfo.value.code == "committees.cell_committee"
    with pytest.raises(RuleViolation) as excinfo:
        seat(people[8], tree.cell_a, Position.SECRETARY, at)
    assert excinfo.value.code == "committees.holder_official"

    ninth = members(tree.cell_a, 1)[0]
    at_b = congress(tree.cell_b, date(2017, 5, 20), 2017, 2020)
    with pytest.raises(CommitteeRefused, match=r"không sinh hoạt ở T\.H\.X\.2"):
        seat(ninth, tree.cell_b, Position.SECRETARY, at_b)
    for who in (*people[:6], ninth):
        seat(who, tree.cell_a, Position.MEMBER, at)
    leadership = leadership_on(tree.cell_a, date(2017, 6, 1))
    assert leadership.has_committee and len(leadership.committee_seats) == 7
    with pytest.raises(RuleViolation) as excinfo:
        seat(people[7], tree.cell_a, Position.SECRETARY, at)  # an 8th seat of the chi ủy
    assert excinfo.value.code == "committees.cell_committee_size"


def test_a_seat_ends_by_a_new_row_and_a_new_congress_ends_the_old_leadership(tree: testing.Tree) -> None:
    people = members(tree.cell_a, 5)
    first = congress(tree.cell_a, date(2017, 5, 12), 2017, 2020)
    secretary = seat(people[0], tree.cell_a, Position.SECRETARY, first)
    deputy = seat(people[1], tree.cell_a, Position.DEPUTY_SECRETARY, first)
    with pytest.raises(CommitteeRefused):
        end_position(deputy, ended_on=date(2017, 5, 12), legal_basis=NO_BASIS, recorded_by=OFFICER)
    ended = end_position(
        deputy, ended_on=date(2018, 9, 1), legal_basis=DECISION, recorded_by=OFFICER, note="Chuyển công tác"
    )
    assert ended.ends == deputy
    with pytest.raises(CommitteeRefused, match="đã được ghi thôi"):
        end_position(deputy, ended_on=date(2018, 10, 1), legal_basis=NO_BASIS, recorded_by=OFFICER)
    assert leadership_on(tree.cell_a, date(2018, 8, 31)).deputies == [deputy]
    assert leadership_on(tree.cell_a, date(2018, 9, 1)).deputies == []
    # A withdrawn ending reopens the seat.
    withdraw_position(ended, recorded_by=OFFICER, note="Nhập nhầm người")
    assert leadership_on(tree.cell_a, date(2019, 1, 1)).deputies == [deputy]

    second = congress(tree.cell_a, date(2020, 5, 12), 2020, 2022)
    new = elect_leadership(
        second, secretary=people[2], deputies=[people[0]], legal_basis=NO_BASIS, recorded_by=OFFICER
    )
    assert [r.position for r in new] == [Position.SECRETARY, Position.DEPUTY_SECRETARY]
    before, after = (
        leadership_on(tree.cell_a, date(2020, 5, 11)),
        leadership_on(tree.cell_a, date(2020, 5, 12)),
    )
    assert before.secretary == secretary
    assert after.secretary is not None and after.secretary.person == people[2]
    assert [s.person for s in after.deputies] == [people[0]]


def test_an_appointed_secretary_needs_a_decision(tree: testing.Tree) -> None:
    """QĐ 29 item 24 [V]: "cấp ủy cấp trên trực tiếp chỉ định bí thư, phó bí thư, chi ủy viên"."""
    people = members(tree.cell_a, 3)
    with pytest.raises(RuleViolation):
        start_position(
            people[0],
            tree.cell_a,
            Position.SECRETARY,
            starts_on=date(2019, 1, 2),
            method=Method.APPOINTED,
            legal_basis=NO_BASIS,
            recorded_by=OFFICER,
        )
    appointed = start_position(
        people[0],
        tree.cell_a,
        Position.SECRETARY,
        starts_on=date(2019, 1, 2),
        method=Method.APPOINTED,
        legal_basis=DECISION,
        recorded_by=OFFICER,
    )
    assert appointed.congress is None
    with pytest.raises(CommitteeRefused, match="không phải là đảng viên"):
        start_position(
            testing.person("Người ngoài Đảng"),
            tree.cell_a,
            Position.DEPUTY_SECRETARY,
            starts_on=date(2019, 1, 2),
            method=Method.APPOINTED,
            legal_basis=DECISION,
            recorded_by=OFFICER,
        )


def test_record_many_checks_the_rules_and_writes_in_bulk(tree: testing.Tree) -> None:
    """The bulk path (the demo) applies the same rules: Charter Art. 24(3), QĐ 29 item 24."""
    people = members(tree.cell_a, 2)
    ok = [
        NewCongress(tree.cell_a.pk, "cell", CongressKind.REGULAR, date(2015, 4, 10), 2015, 2017, 2),
        NewCongress(tree.cell_a.pk, "cell", CongressKind.REGULAR, date(2017, 4, 10), 2017, 2020, 2),
    ]
    seats = [
        NewSeat(people[0].pk, 0, Position.SECRETARY, True, 2, ends_on=date(2017, 4, 10)),
        NewSeat(people[1].pk, 1, Position.SECRETARY, True, 2),
    ]
    assert record_many(ok, seats, recorded_by=OFFICER) == (2, 3)
    assert leadership_on(tree.cell_a, date(2016, 1, 1)).person_ids == {people[0].pk}
    assert leadership_on(tree.cell_a, date(2018, 1, 1)).person_ids == {people[1].pk}
    held = subordinate_cell_congresses(tree.commune, 2017, 2020).held
    assert [c.held_on for _, c in held] == [date(2017, 4, 10)]
    bad = [NewCongress(tree.cell_b.pk, "cell", CongressKind.REGULAR, date(2017, 4, 10), 2017, 2022)]
    with pytest.raises(RuleViolation):
        record_many(bad, [], recorded_by=OFFICER)
    committee_of_two = [NewSeat(people[0].pk, 0, Position.MEMBER, True, 2)]
    with pytest.raises(RuleViolation):
        record_many(ok[:1], committee_of_two, recorded_by=OFFICER)
