"""The staff figures of cadre work (partyorg.reports.statistics.cadres), and the seed's staff
sentence reproduced from hand-made records (issue 17, done-when)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.cadres import services
from partyorg.cadres.models import Employment, EmploymentEnd, Programme, StaffCategory, Unit
from partyorg.cadres.services import Course
from partyorg.cadres.tests.cast import ENTERED, build, hire
from partyorg.members.models import Person
from partyorg.organizations import services as org_services
from partyorg.reports.statistics.cadres import (
    NO_LEVEL,
    SENIOR_OR_BACHELOR,
    orgs_under,
    staff_of,
    staff_under,
    staffing,
)
from partyorg.reports.statistics.scope import subtree_on

pytestmark = pytest.mark.django_db

ON = date(2018, 6, 30)


def employ(who: Person, unit: Unit, department: Unit, category: str = StaffCategory.CIVIL_SERVANT) -> None:
    hire(who, unit, department=department, on=date(2012, 1, 2), category=category)


def holds(who: Person, programme: str, level: str, on: date) -> None:
    """A qualification completed on ``on`` (declared with its proof: the course began before the records)."""
    services.start_training(
        who,
        Course(programme, level),
        on=on,
        start_known=False,
        completed_on=on,
        **ENTERED,
    )


def test_the_seed_staff_sentence_comes_out_of_the_records() -> None:
    """Seed 003 (Ban Tổ chức Tỉnh ủy Bắc Giang, 2018): "31 cán bộ, nhân viên. Về trình độ chuyên môn, có
    23 thạc sĩ, 6 cử nhân. Về lý luận chính trị: 19 đồng chí có trình độ cao cấp, cử nhân; 6 trung cấp;
    3 đồng chí đang học cao cấp, cử nhân", in four departments (RULES.md §11.13).

    Hand-made records, the split the article leaves open chosen here: 31 staff in the four departments
    (28 civil servants, 3 on labour contracts: a driver, a clerk, a guard); 23 masters, 6 bachelors, 2
    with a vocational diploma; political theory 15 "cao cấp" + 4 "cử nhân" (one bucket: 19), 6 "trung
    cấp", and 3 with "sơ cấp" who began "cao cấp" on 05/09/2017 (part-time, two years), so on 30/06/2018
    they are studying it; 3 without any (the contract staff). One more person left the commission on
    01/03/2018 and is not counted."""
    cast = build()
    people = [testing.person(f"Cán bộ {i + 1:02d}", birth_date=date(1970 + i % 20, 3, 1)) for i in range(31)]
    for i, who in enumerate(people):
        category = StaffCategory.CONTRACT if i >= 28 else StaffCategory.CIVIL_SERVANT
        employ(who, cast.commission, cast.departments[i % 4], category)
    for who in people[:23]:
        holds(who, Programme.DEGREE, "master", date(2010, 6, 30))
    for who in people[23:29]:
        holds(who, Programme.DEGREE, "bachelor", date(2005, 6, 30))
    for who in people[29:]:
        holds(who, Programme.DEGREE, "vocational", date(2000, 6, 30))
    for i, who in enumerate(people[:19]):
        holds(who, Programme.POLITICAL_THEORY, "senior" if i < 15 else "bachelor", date(2014, 6, 30))
    for who in people[19:25]:
        holds(who, Programme.POLITICAL_THEORY, "intermediate", date(2011, 6, 30))
    studying = people[25:28]
    for who in studying:
        holds(who, Programme.POLITICAL_THEORY, "elementary", date(2009, 6, 30))
        services.start_training(
            who,
            Course(Programme.POLITICAL_THEORY, "senior", mode="part_time"),
            on=date(2017, 9, 5),
            planned_end_on=date(2019, 9, 5),
            **ENTERED,
        )
    gone = testing.person("Đã chuyển công tác")
    job = hire(gone, cast.commission, on=date(2010, 1, 4))
    services.end_employment(job, on=date(2018, 3, 1), reason=EmploymentEnd.TRANSFERRED, **ENTERED)
    holds(gone, Programme.DEGREE, "master", date(2010, 6, 30))

    staff = staff_of([cast.commission], ON)
    sentence = (
        staff.total.value,
        staff.degree["master"].value,
        staff.degree["bachelor"].value,
        staff.theory[SENIOR_OR_BACHELOR].value,
        staff.theory["intermediate"].value,
        staff.studying_theory[SENIOR_OR_BACHELOR].value,
    )
    assert sentence == (31, 23, 6, 19, 6, 3)
    assert staff.studying_theory[SENIOR_OR_BACHELOR].person_ids == {p.pk for p in studying}
    assert staff.total.person_ids == {p.pk for p in people}
    assert (
        staff.category[StaffCategory.CIVIL_SERVANT].value,
        staff.category[StaffCategory.CONTRACT].value,
    ) == (28, 3)
    assert (staff.theory["elementary"].value, staff.theory[NO_LEVEL].value) == (3, 3)
    # The four departments are the commission's: each holds its share of the staff.
    assert [staff_of([d], ON).total.value for d in cast.departments] == [8, 8, 8, 7]
    # The same figures through the province's subtree: the commission is its only unit with staff.
    assert staff_under(cast.tree.province, ON).total == staff.total
    # A year and a half later the three have finished: "đang học" is a state on a day.
    for who in studying:
        course = who.trainings.get(level="senior", kind="started")
        services.end_training(course, on=date(2019, 8, 20), outcome="completed", **ENTERED)
    later = staff_of([cast.commission], date(2019, 12, 31))
    assert (later.theory[SENIOR_OR_BACHELOR].value, later.studying_theory[SENIOR_OR_BACHELOR].value) == (
        22,
        0,
    )


def test_age_bands_women_minorities_and_party_members_are_counted_on_the_day() -> None:
    """Form 8B's rows (RULES.md §11.12): age in completed years on the day, by its bands; women;
    ethnic minority (not Kinh); party members that day. Hand-made: four staff of the district's
    People's Committee on 31/12/2020."""
    cast = build()
    on = date(2020, 12, 31)
    young = testing.person("Lò Thị Xuân", sex="female", birth_date=date(1990, 12, 31))  # 30 on the day
    turning = testing.person("Quàng Văn Đông", birth_date=date(1990, 1, 1))  # 30
    older = testing.person("Nguyễn Văn Hạ", birth_date=date(1960, 1, 1))  # 60
    oldest = testing.person("Trần Văn Thu", birth_date=date(1959, 6, 1))  # 61
    Person.objects.filter(pk__in=[young.pk, turning.pk]).update(ethnicity="Thái")
    testing.admit(older, cast.tree.cell_a, date(2000, 5, 1))
    for who in (young, turning, older, oldest):
        hire(who, cast.district_committee, on=date(2015, 1, 5))
    staff = staff_of([cast.district_committee], on)
    assert {label: f.value for label, f in staff.age.items() if f.value} == {"≤ 30": 2, "56–60": 1, "> 60": 1}
    assert staff.women.person_ids == {young.pk}
    assert staff.ethnic_minority.person_ids == {young.pk, turning.pk}
    assert staff.party_members.person_ids == {older.pk}
    assert staff.mean_age == (30 + 30 + 60 + 61) / 4


def test_staffing_compares_the_approved_number_with_the_staff_at_year_end() -> None:
    """Hand-made: the district's People's Committee was given 3 posts for 2020, corrected to 2 (NQ 39,
    RULES.md §11.9: the approved staffing streamlining is measured against); it had 3 staff on
    31/12/2020: the one streamlined from 01/01/2021 (his first day out) still counts that day, not in 2021."""
    cast = build()
    people = [testing.person(f"Công chức {i}") for i in range(3)]
    for who in people:
        hire(who, cast.district_committee, on=date(2015, 1, 5))
    quota = services.set_staffing(
        cast.district_committee,
        year=2020,
        approved=3,
        decided_on=date(2019, 12, 1),
        **ENTERED,
    )
    services.correct(quota, changes={"approved": 2}, note="Giảm biên chế", **ENTERED)
    job = Employment.objects.get(person=people[0])
    services.end_employment(job, on=date(2021, 1, 1), reason=EmploymentEnd.STREAMLINED, **ENTERED)
    found = staffing(cast.district_committee, 2020)
    assert (found.approved, found.actual.value, found.over) == (2, 3, 1)
    assert staffing(cast.district_committee, 2021).approved is None
    assert staffing(cast.district_committee, 2021).actual.value == 2


def test_the_units_under_an_organization_are_those_of_its_subtree_that_day() -> None:
    """``staff_under`` finds the units by climbing from their organizations (``orgs_under``), not by
    reading the whole subtree: both must name the same organizations on every day, for every root.
    Hand-made: the test tree, with the district's school cell moved under the commune on 01/01/2019
    and a root asked about before it was founded (nobody under it)."""
    cast = build()
    tree = cast.tree
    org_services.move(
        tree.school, tree.commune, effective_on=date(2019, 1, 1), legal_basis=testing.BASIS, recorded_by="t"
    )
    every = [tree.province, tree.district, tree.commune, tree.cell_a, tree.cell_b, tree.school]
    ids = {org.pk for org in every}
    for on in (date(1999, 12, 31), date(2018, 12, 31), date(2019, 1, 1)):
        for root in every:
            assert orgs_under(root, on, ids) == ids & subtree_on(root, on), (root.code, on)
    assert orgs_under(tree.commune, date(2019, 1, 1), ids) == {
        tree.commune.pk,
        tree.cell_a.pk,
        tree.cell_b.pk,
        tree.school.pk,
    }
    assert orgs_under(tree.province, date(1999, 12, 31), ids) == frozenset()
    # The district's People's Committee counts under the district and the province, not the commune.
    who = testing.person("Lò Văn Pọm", birth_date=date(1980, 2, 1))
    hire(who, cast.district_committee, on=date(2015, 1, 5))
    counted = [staff_under(org, ON).total.person_ids for org in (tree.province, tree.district, tree.commune)]
    assert counted == [{who.pk}, {who.pk}, frozenset()]
