"""Form 3's breakdowns on their fast path (``reports.breakdown_summary``, issue 18) give exactly
the plain scan's figures (``membership_breakdown_scan``: every age band, admission period,
ethnicity, religion, education, professional level with the title, political theory, occupation,
academic title, the mean age, the women, owners and exempt), for every organization above the cells
and a sample of cells on many days, on a generated province with dated facts recorded about its
members, before and after a reorganization, a correcting event and a corrected and a withdrawn
fact; the incrementally kept tables equal a rebuild; and the age moves on a birthday (hand-worked)."""

import random
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from partyorg import testing
from partyorg.exchange.load import load
from partyorg.generator import generate_province
from partyorg.members import facts, stock
from partyorg.members.models import EventKind, FactKind, MembershipInterval, Person
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports import breakdown_summary
from partyorg.reports.models import BreakdownCount, BreakdownFact
from partyorg.reports.statistics.stocks import (
    Breakdown,
    fast_breakdown,
    membership_breakdown,
    membership_breakdown_scan,
)
from partyorg.reports.tests.test_fast_path import move_a_cell_and_correct_a_ceremony

pytestmark = pytest.mark.django_db

BY: dict[str, Any] = {"legal_basis": testing.BASIS, "recorded_by": testing.OFFICER}


def figures(found: Breakdown) -> tuple:
    """Every count of a breakdown, and the mean age."""
    return (
        found.total.value,
        found.average_age,
        found.women.value,
        found.private_business_owners.value,
        found.exempt.value,
        {name: {label: f.value for label, f in labels.items()} for name, labels in found.by.items()},
        {key: f.value for key, f in found.professional.items()},
        {key: f.value for key, f in found.exempt_by_occupation.items()},
    )


def people(found: Breakdown) -> tuple:
    return (
        found.total.person_ids,
        found.exempt.person_ids,
        {name: {label: f.person_ids for label, f in labels.items()} for name, labels in found.by.items()},
        {key: f.person_ids for key, f in found.professional.items()},
    )


def days_to_check(seed: int) -> list[date]:
    """Month ends (the counts' days) and the days just after, the 01/07/2025 restructuring, a 29
    February and random days: each costs a plain scan of every organization checked."""
    rng = random.Random(seed)
    days = [date(2010, 12, 31), date(2011, 1, 1), date(2016, 2, 29), date(2019, 6, 17), date(2025, 6, 30)]
    days += [date(2025, 7, 1), date(2026, 3, 1), date(1999, 6, 30)]
    days += [date(2004, 1, 1) + timedelta(days=rng.randrange(8000)) for _ in range(4)]
    return days


def assert_fast_equals_scan(days: list[date], cells: int = 12, opened_every: int = 9) -> int:
    """Every organization above the cells standing on each day and ``cells`` cells drawn at random:
    the counts, and every ``opened_every``-th organization's people too."""
    checked = 0
    rng = random.Random(len(days))
    for day in days:
        standing = OrgVersion.objects.filter(valid_from__lte=day).exclude(valid_until__lte=day)
        upper = list(standing.exclude(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        all_cells = sorted(standing.filter(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        chosen = upper + rng.sample(all_cells, min(cells, len(all_cells)))
        for org in Organization.objects.filter(pk__in=chosen).order_by("pk"):
            fast = fast_breakdown(org, day)
            assert fast is not None, org.code
            plain = membership_breakdown_scan(org, day)
            assert figures(fast) == figures(plain), (org.code, day)
            if checked % opened_every == 0:
                assert people(fast) == people(plain), (org.code, day)
            checked += 1
    return checked


def count_table() -> set[tuple]:
    rows = BreakdownCount.objects.exclude(n=0)
    return set(rows.values_list("organization_id", "day", "dimension", "value", "n"))


def fact_table() -> list[tuple]:
    return sorted(BreakdownFact.objects.values_list(*breakdown_summary.FACT_COLUMNS), key=repr)


def record_some_facts(seed: int) -> list[int]:
    """Dated facts about 60 members drawn at random: a change of education, occupation, religion,
    professional level, political theory or academic title on a day of their membership."""
    rng = random.Random(seed)
    held = list(MembershipInterval.objects.values_list("person_id", "valid_from").order_by("pk"))
    changes = (
        (FactKind.GENERAL_EDUCATION, "12/12"),
        (FactKind.OCCUPATION, "Hưu trí"),
        (FactKind.RELIGION, "Phật giáo"),
        (FactKind.PROFESSIONAL_LEVEL, "Thạc sĩ"),
        (FactKind.POLITICAL_THEORY, "Cao cấp"),
        (FactKind.ACADEMIC_TITLE, "Tiến sĩ"),
    )
    touched = []
    for person_id, start in rng.sample(held, 60):
        person = Person.objects.get(pk=person_id)
        kind, value = rng.choice(changes)
        on = start + timedelta(days=rng.randrange(30, 3000))
        if kind == FactKind.GENERAL_EDUCATION:
            value = "upper_secondary"
        facts.record_fact(person, kind, on, value=value, **BY)
        touched.append(person_id)
    return touched


@pytest.fixture(scope="class")
def province_with_facts(built_once):
    """The generated province of 900 members (seed 5), and dated facts about 60 of its members."""
    with built_once():
        load((None, r) for r in generate_province(900, seed=5))
        record_some_facts(5)
        yield


@pytest.mark.usefixtures("province_with_facts")
class TestOnAGeneratedProvince:
    PARTS = 2

    @pytest.mark.parametrize("part", range(PARTS))
    def test_fast_and_plain_agree_for_every_organization_on_many_days(self, part):
        assert breakdown_summary.held()
        days = days_to_check(5)[part :: self.PARTS]
        assert assert_fast_equals_scan(days) >= 12 * len(days)

    def test_they_agree_after_a_reorganization_a_correction_and_corrected_facts(self):
        incremental = (fact_table(), count_table())
        ceremony = move_a_cell_and_correct_a_ceremony()  # as on the stock's fast path
        recorded = list(facts.PersonFact.objects.filter(valid_from__isnull=False).order_by("pk")[:4])
        facts.correct_fact(
            recorded[0],
            valid_from=recorded[0].valid_from - timedelta(days=400),
            value=recorded[0].value,
            note="ngày ghi nhầm",
            **BY,
        )
        facts.withdraw_fact(recorded[1], recorded_by=testing.OFFICER, note="ghi nhầm người")
        later = [date(2021, 2, 28), date(2021, 3, 1), ceremony.effective_on + timedelta(days=20)]
        later += [recorded[0].valid_from - timedelta(days=200), recorded[1].valid_from, date(2026, 6, 30)]
        assert assert_fast_equals_scan(later, cells=8) > 100
        changed = (fact_table(), count_table())
        assert changed != incremental

        stock.rebuild()  # rebuilds the breakdown tables too (stock_refreshed with None)
        assert (fact_table(), count_table()) == changed


@time_machine.travel(date(2026, 12, 7), tick=False)
def test_a_member_changes_age_band_on_his_birthday():
    """Hand-worked (form 3's age bands, RULES.md §6.2 [P]): Lò Văn A, born 15/03/1990, admitted in
    cell A in 2015, is 30 (18–30) until 14/03/2021 and 31 (31–35) from 15/03/2021: between two month
    ends, so the province and the district read it from the counts of 28/02/2021. Bạc Thị B, born
    29/02/1996, is 24 on 28/02/2021 and 25 from 01/03/2021 (a common year: the birthday is 1 March).
    Mean age: (30 + 24) / 2 = 27,0 on 28/02/2021; (30 + 25) / 2 = 27,5 from 01/03/2021;
    (31 + 25) / 2 = 28,0 from 15/03/2021. The cell (deeper than the counts) reads its facts."""
    tree = testing.build_tree()
    a = testing.person("Lò Văn A", birth_date=date(1990, 3, 15))
    b = testing.person("Bạc Thị B", sex="female", birth_date=date(1996, 2, 29))
    testing.admit(a, tree.cell_a, date(2015, 3, 2))
    testing.admit(b, tree.cell_a, date(2016, 3, 2))
    expected = {
        date(2021, 2, 28): ({"18–30": 2, "31–35": 0}, 27.0),
        date(2021, 3, 1): ({"18–30": 2, "31–35": 0}, 27.5),
        date(2021, 3, 14): ({"18–30": 2, "31–35": 0}, 27.5),
        date(2021, 3, 15): ({"18–30": 1, "31–35": 1}, 28.0),
        date(2021, 3, 31): ({"18–30": 1, "31–35": 1}, 28.0),
    }
    for org in (tree.district, tree.commune, tree.cell_a):
        for on, (bands, mean) in expected.items():
            found = membership_breakdown(org, on)
            assert {label: found.by["age"][label].value for label in bands} == bands, (org.code, on)
            assert found.average_age == mean, (org.code, on)
            assert figures(found) == figures(membership_breakdown_scan(org, on))
    assert BreakdownCount.objects.filter(organization_id=tree.province.pk, dimension="move").exists()


def test_a_fact_about_education_moves_the_counts_from_its_day():
    """Hand-worked: C (lower secondary in his record) finishes upper secondary on 10/06/2020: the
    province counts him lower secondary on 09/06/2020 and upper secondary on 10/06/2020; after the
    fact is withdrawn, lower secondary again."""
    tree = testing.build_tree()
    c = testing.person("Lò Văn C", education="lower_secondary")
    testing.admit(c, tree.cell_a, date(2015, 3, 2))
    fact = facts.record_fact(c, FactKind.GENERAL_EDUCATION, date(2020, 6, 10), value="upper_secondary", **BY)

    def education(on):
        by = membership_breakdown(tree.province, on).by["general_education"]
        return {label: f.value for label, f in by.items()}

    assert education(date(2020, 6, 9)) == {"lower_secondary": 1}
    assert education(date(2020, 6, 10)) == {"upper_secondary": 1}
    facts.withdraw_fact(fact, recorded_by=testing.OFFICER, note="ghi nhầm")
    assert education(date(2020, 6, 10)) == {"lower_secondary": 1}


def test_an_opened_member_counts_in_the_admission_period_of_his_opening():
    """Hand-worked (form 3's admission periods, RULES.md §6.2 [P]; openings, issue 15): Cả, a
    member before the records, opened in cell A on 01/01/2010, admitted on 01/10/1979 (from
    01/5/1975); Hai opened in cell B without an admission day (unknown); Pọm admitted on 01/03/2005.
    On 30/06/2012 the province holds 2 from 01/5/1975 and 1 unknown, on the fast path as plainly."""
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2005, 3, 1))
    ca = testing.person("Lò Văn Cả", birth_date=date(1955, 2, 1))
    testing.record(
        ca,
        EventKind.OPENED,
        date(2010, 1, 1),
        organization=tree.cell_a,
        admitted_on=date(1979, 10, 1),
        ceremony_on=date(1979, 10, 15),
        recognized_on=date(1980, 10, 15),
    )
    hai = testing.person("Lò Thị Hai", sex="female", birth_date=date(1960, 3, 3))
    testing.record(hai, EventKind.OPENED, date(2010, 1, 1), organization=tree.cell_b)
    on = date(2012, 6, 30)
    found = membership_breakdown(tree.province, on).by["admission_period"]
    assert {label: f.value for label, f in found.items() if f.value} == {"Từ 01/5/1975": 2, "Chưa rõ": 1}
    assert found["Chưa rõ"].person_ids == {hai.pk}
    assert figures(membership_breakdown(tree.province, on)) == figures(
        membership_breakdown_scan(tree.province, on)
    )
