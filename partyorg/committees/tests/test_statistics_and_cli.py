"""Figures on congresses and leadership (partyorg.reports.statistics.committees) and the commands
``partyorg congress`` and ``partyorg position``, on hand-made records of the small tree."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.committees.models import Congress, CongressKind, Method, Position, PositionRecord
from partyorg.committees.services import record_congress, start_position
from partyorg.core.records import LegalBasis
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.committees import (
    committee_members_on,
    congresses_due,
    congresses_held,
    without_secretary_on,
)
from partyorg.reports.statistics.figures import Period

pytestmark = pytest.mark.django_db

OFFICER = "bantochuc.huyen"


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def regular(org: Organization, held_on: date, first: int, last: int) -> Congress:
    return record_congress(
        org,
        kind=CongressKind.REGULAR,
        held_on=held_on,
        term_first_year=first,
        term_last_year=last,
        legal_basis=LegalBasis(),
        recorded_by=OFFICER,
    )


def test_congresses_held_and_due_in_a_period(tree: testing.Tree) -> None:
    """Hand-worked: Na Ten and Co Sản elected in 2015 for 2015–2017 (due 10/04/2017 and 20/10/2017, Charter
    Art. 24(3)); in 2017 Na Ten holds its congress, Co Sản does not; the đảng ủy's 2015 congress is due in
    2020, not in 2017."""
    regular(tree.cell_a, date(2015, 4, 10), 2015, 2017)
    regular(tree.cell_b, date(2015, 10, 20), 2015, 2017)
    regular(tree.commune, date(2015, 5, 20), 2015, 2020)
    na_ten_2017 = regular(tree.cell_a, date(2017, 4, 3), 2017, 2020)
    year = Period(date(2017, 1, 1), date(2018, 1, 1))
    held = congresses_held(tree.province, year)
    assert held.value == 1 and held.congresses() == [na_ten_2017]
    assert held.organization_ids == {tree.cell_a.pk}
    due = congresses_due(tree.province, year)
    assert due.due.organization_ids == {tree.cell_a.pk, tree.cell_b.pk}
    assert due.held.organization_ids == {tree.cell_a.pk}
    assert due.not_held.organization_ids == {tree.cell_b.pk}
    assert congresses_held(tree.province, Period(date(2015, 1, 1), date(2016, 1, 1))).value == 3


def test_without_secretary_and_committee_members(tree: testing.Tree) -> None:
    women = testing.person("Lò Thị Xuân", sex="female", birth_date=date(1985, 2, 1))
    man = testing.person("Cà Văn Páo", birth_date=date(1960, 1, 1))
    testing.admit(women, tree.cell_a, date(2010, 3, 1))
    testing.admit(man, tree.cell_a, date(2010, 3, 1))
    Person = type(women)
    Person.objects.filter(pk=man.pk).update(ethnicity="Thái")
    at = regular(tree.cell_a, date(2017, 4, 3), 2017, 2020)
    for who, position in ((women, Position.SECRETARY), (man, Position.DEPUTY_SECRETARY)):
        start_position(
            who,
            tree.cell_a,
            position,
            starts_on=at.held_on,
            method=Method.ELECTED,
            congress=at,
            legal_basis=LegalBasis(),
            recorded_by=OFFICER,
        )
    on = date(2018, 1, 1)
    missing = without_secretary_on(tree.province, on)
    everyone = {
        tree.province.pk,
        tree.district.pk,
        tree.commune.pk,
        tree.cell_a.pk,
        tree.cell_b.pk,
        tree.school.pk,
    }
    assert missing.organization_ids == everyone - {tree.cell_a.pk}
    members = committee_members_on(tree.province, on)
    assert members.total.person_ids == {women.pk, man.pk}
    assert members.secretaries.person_ids == {women.pk}
    assert members.deputies.person_ids == {man.pk}
    assert members.women.person_ids == {women.pk}
    assert members.ethnic_minority.person_ids == {man.pk}
    assert members.by_age["31–35"].person_ids == {women.pk}  # 32 on 01/01/2018
    assert members.by_age["56–60"].person_ids == {man.pk}  # 57


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_commands_record_list_and_refuse_in_vietnamese(tree: testing.Tree) -> None:
    who = testing.person("Lò Văn Chính")
    testing.admit(who, tree.cell_a, date(2010, 3, 1))
    out = run(
        "congress", "add", "--org", "T.H.X.1", "--on", "12/05/2017", "--term", "2017-2020", "--by", OFFICER
    )
    assert out.startswith("Đã ghi: Đại hội nhiệm kỳ 2017–2020 (12/05/2017)")
    with pytest.raises(CommandError) as excinfo:
        run("congress", "add", "--org", "T.H.X.2", "--on", "12/05/2017", "--term", "2017-2022")
    assert "--override committees.cell_term" in str(excinfo.value)
    congress = Congress.objects.get()
    assert str(congress.uid) in run("congress", "list", "--org", "T.H.X.1")
    out = run(
        "position", "add", "--org", "T.H.X.1", "--person", who.code, "--position", "secretary",
        "--on", "12/05/2017", "--congress", str(congress.uid),
    )  # fmt: skip
    assert out.startswith("Đã ghi: Lò Văn Chính — Bí thư từ 12/05/2017")
    start = PositionRecord.objects.get()
    assert "Bí thư" in run("position", "list", "--org", "T.H.X.1", "--on", "01/01/2018")
    run("position", "end", "--uid", str(start.uid), "--on", "01/09/2018", "--note", "Chuyển công tác")
    assert run("position", "list", "--org", "T.H.X.1", "--on", "01/09/2018").strip() == "Chưa có bí thư."
    out = run("congress", "due", "--org", "T.H.X", "--on", "13/11/2020")
    assert "T.H.X.1" in out and out.strip().endswith("1 tổ chức quá hạn đại hội ngày 13/11/2020")
    out = run("congress", "cells", "--org", "T", "--term", "2017-2020")
    assert "đã đại hội 1/2 chi bộ" in out and "T.H.X.2" in out.split("Chưa đại hội:")[1]
