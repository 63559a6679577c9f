"""Form 2 (issue 18) read the faster way gives exactly the plain way's figures: the people admitted
with every breakdown at their ceremony and the grassroots organizations that admitted them
(``admissions_in`` against ``admissions_in_scan``), and the grassroots organizations standing on
the period's last day by kind (``grassroots_by_kind`` against ``grassroots_on``), for every
organization above the cells and a sample of cells on many half-years, on a generated province
with dated facts recorded about its members, before and after a reorganization and a correcting
event; and hand-worked casts with a sub-committee, a cell deeper than the statement reads, a
grassroots cell under a cell, a Youth Union membership that ended after the ceremony."""

import random
from datetime import date, timedelta
from typing import Any

import pytest

from partyorg import testing
from partyorg.exchange.load import load
from partyorg.generator import generate_province
from partyorg.members import facts
from partyorg.members.models import FactKind, MembershipInterval, Person
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports.documents import admissions as form_2
from partyorg.reports.statistics.admissions import Admissions, admissions_in, admissions_in_scan
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.sectors import grassroots_by_kind, grassroots_by_kind_scan
from partyorg.reports.tests.test_breakdown_fast_path import record_some_facts
from partyorg.reports.tests.test_fast_path import move_a_cell_and_correct_a_ceremony

pytestmark = pytest.mark.django_db

BY: dict[str, Any] = {"legal_basis": testing.BASIS, "recorded_by": testing.OFFICER}


def key(found: Admissions) -> tuple:
    """Every figure of form 2's admissions, with the people and organizations behind it."""
    return (
        found.period,
        sorted(found.admitted.moves),
        sorted(found.readmitted.moves),
        found.women.person_ids,
        found.ethnic_minority.person_ids,
        found.youth_union.person_ids,
        found.private_business_owners.person_ids,
        {name: {label: f.person_ids for label, f in labels.items()} for name, labels in found.by.items()},
        found.grassroots_that_admitted.organization_ids,
        found.mean_age,
        {kind: f.organization_ids for kind, f in found.admitted_by_kind.items()},
    )


def periods_to_check(seed: int) -> list[Period]:
    """A half-year of every third year from 2008 to 2026, the first and the second by turns, and both
    of 2025 (across the 01/07/2025 restructuring); a whole year, a period of several years and a
    random stretch. Each period costs a plain scan of every organization checked (the suite's time:
    about 12 periods, not every year)."""
    rng = random.Random(seed)
    periods = [Period.half_year(year, 1 + year % 2) for year in range(2008, 2027, 3)]
    periods += [Period.half_year(2025, 1), Period.half_year(2025, 2)]
    periods += [Period(date(2016, 1, 1), date(2017, 1, 1)), Period(date(2012, 3, 1), date(2019, 1, 1))]
    for _ in range(1):
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
        periods.append(Period(start, start + timedelta(days=rng.randrange(20, 400))))
    return periods


def assert_fast_equals_scan(periods: list[Period], cells: int = 10) -> tuple[int, int]:
    """Every organization above the cells standing on each period's last day and ``cells`` cells
    drawn at random; returns how many were compared and how many admitted somebody."""
    checked = admitting = 0
    rng = random.Random(len(periods))
    for period in periods:
        day = period.closing_day
        standing = OrgVersion.objects.filter(valid_from__lte=day).exclude(valid_until__lte=day)
        upper = list(standing.exclude(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        all_cells = sorted(standing.filter(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        chosen = upper + rng.sample(all_cells, min(cells, len(all_cells)))
        for org in Organization.objects.filter(pk__in=chosen).order_by("pk"):
            fast, plain = admissions_in(org, period), admissions_in_scan(org, period)
            assert key(fast) == key(plain), (org.code, period)
            assert grassroots_by_kind(org, day) == grassroots_by_kind_scan(org, day), (org.code, day)
            checked += 1
            admitting += bool(fast.grassroots_that_admitted.value)
    return checked, admitting


def record_youth_union_facts(seed: int) -> None:
    """Youth Union membership dated for 40 members drawn at random: a member since before their
    admission who left a few months after it, or who joined after it."""
    rng = random.Random(seed)
    held = list(MembershipInterval.objects.values_list("person_id", "valid_from").order_by("pk"))
    for person_id, start in rng.sample(held, 40):
        person = Person.objects.get(pk=person_id)
        facts.record_fact(person, FactKind.YOUTH_UNION, start - timedelta(days=400), value=facts.YES, **BY)
        facts.record_fact(
            person,
            FactKind.YOUTH_UNION,
            start + timedelta(days=rng.randrange(-30, 200)),
            value=facts.NO,
            **BY,
        )


@pytest.fixture(scope="class")
def province_with_facts(built_once):
    """The generated province of 900 members (seed 5), dated facts about 60 of its members and the
    Youth Union membership of 40."""
    with built_once():
        load((None, r) for r in generate_province(900, seed=5))
        record_some_facts(5)
        record_youth_union_facts(5)
        yield


@pytest.mark.usefixtures("province_with_facts")
class TestOnAGeneratedProvince:
    PARTS = 2

    @pytest.mark.parametrize("part", range(PARTS))
    def test_fast_and_plain_agree_for_every_organization_on_many_periods(self, part):
        periods = periods_to_check(5)[part :: self.PARTS]
        checked, admitting = assert_fast_equals_scan(periods)
        assert checked >= 10 * len(periods)
        assert admitting >= len(periods)  # the comparison saw admissions, not only empty figures

    def test_they_agree_after_a_reorganization_and_a_correction(self):
        ceremony = move_a_cell_and_correct_a_ceremony()
        moved = ceremony.effective_on + timedelta(days=40)
        periods = [Period.half_year(2021, 1), Period.half_year(2020, 2), Period.half_year(2021, 2)]
        periods += [Period.half_year(moved.year, 1 if moved.month < 7 else 2)]
        periods += [Period.half_year(ceremony.effective_on.year, 1 if ceremony.effective_on.month < 7 else 2)]
        checked, admitting = assert_fast_equals_scan(periods, cells=6)
        assert checked > 50 and admitting > 0


def test_a_sub_committee_a_deep_cell_and_a_youth_union_membership_ended_after_the_ceremony():
    """Hand-worked (form 2, RULES.md §6.2 [P]): the test tree, and under the commune (a grassroots
    committee) a sub-committee with a cell, and under that cell three levels of cells (deeper than
    the four levels the faster statement reads). In the first half of 2020: A admitted in cell A
    (the commune admits), B in the sub-committee's cell (the commune again), C in the deepest cell
    (the commune: found the plain way), D in the school (a grassroots cell), E a Youth Union member
    until 01/04/2020, after his ceremony of 11/03/2020. The district: 5 admitted, of them 1 in the
    Youth Union (E, as he stood at the ceremony); 2 grassroots organizations admitted (the commune,
    a committee; the school, a cell); 2 grassroots organizations stand (1 committee, 1 cell)."""
    tree = testing.build_tree()
    sub = testing.found("T.H.X.B", "Đảng bộ bộ phận bản Pá", OrgKind.SUB_COMMITTEE, tree.commune)
    sub_cell = testing.found("T.H.X.B.1", "Chi bộ bản Pá 1", OrgKind.CELL, sub)
    deep = sub_cell
    for level in range(3):
        deep = testing.found(f"T.H.X.B.1.{level}", f"Tổ {level}", OrgKind.CELL, deep)
    people = {}
    for name, org in (
        ("A", tree.cell_a),
        ("B", sub_cell),
        ("C", deep),
        ("D", tree.school),
        ("E", tree.cell_b),
    ):
        people[name] = testing.person(f"Lò Văn {name}", birth_date=date(1995, 1, 1))
        testing.admit(people[name], org, date(2020, 3, 1))
    facts.record_fact(people["E"], FactKind.YOUTH_UNION, date(2010, 1, 1), value=facts.YES, **BY)
    facts.record_fact(people["E"], FactKind.YOUTH_UNION, date(2020, 4, 1), value=facts.NO, **BY)
    period = Period.half_year(2020, 1)
    for org in (tree.province, tree.district):
        found = admissions_in(org, period)
        assert key(found) == key(admissions_in_scan(org, period))
        assert found.admitted.value == 5
        assert found.youth_union.person_ids == {people["E"].pk}
        assert found.grassroots_that_admitted.organization_ids == {tree.commune.pk, tree.school.pk}
        assert {k: f.value for k, f in found.admitted_by_kind.items()} == {
            OrgKind.GRASSROOTS_COMMITTEE: 1,
            OrgKind.GRASSROOTS_CELL: 1,
        }
        expected = {OrgKind.GRASSROOTS_COMMITTEE: 1, OrgKind.GRASSROOTS_CELL: 1}
        assert grassroots_by_kind(org, period.closing_day) == expected
        assert grassroots_by_kind_scan(org, period.closing_day) == expected
        figures = form_2.column(org, period).figures
        assert (figures["committees"], figures["committees_admitting"]) == (1, 1)
        assert (figures["cells"], figures["cells_admitting"]) == (1, 1)
        assert (figures["total"], figures["youth"]) == (5, 1)
    # The commune itself, the sub-committee and the deep cell: the commune admitted each of theirs.
    for org, admitted in ((tree.commune, 4), (sub, 2), (deep, 1)):
        found = admissions_in(org, period)
        assert key(found) == key(admissions_in_scan(org, period)), org.code
        assert found.admitted.value == admitted
        assert found.grassroots_that_admitted.organization_ids == {tree.commune.pk}
    # A grassroots organization counts itself; below the grassroots level none stands.
    assert grassroots_by_kind(tree.commune, period.closing_day) == {OrgKind.GRASSROOTS_COMMITTEE: 1}
    assert grassroots_by_kind(sub, period.closing_day) == {}
    assert grassroots_by_kind_scan(sub, period.closing_day) == {}
    # Before the tree was founded nothing stands.
    assert grassroots_by_kind(tree.district, date(1999, 12, 31)) == {}


def test_a_grassroots_cell_under_a_cell_is_counted_the_plain_way():
    """Hand-worked: a grassroots cell recorded under cell A (no deployment's tree does this; the
    faster count checks the day for it and walks the whole subtree). The district holds the commune
    and the school, and that cell: 1 committee and 2 cells, as ``grassroots_on`` counts them."""
    tree = testing.build_tree()
    testing.found("T.H.X.1.G", "Chi bộ cơ sở lạc chỗ", OrgKind.GRASSROOTS_CELL, tree.cell_a)
    on = date(2020, 6, 30)
    expected = {OrgKind.GRASSROOTS_COMMITTEE: 1, OrgKind.GRASSROOTS_CELL: 2}
    assert grassroots_by_kind_scan(tree.district, on) == expected
    assert grassroots_by_kind(tree.district, on) == expected
