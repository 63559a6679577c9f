"""The demo's congresses and leadership (partyorg.demo.committees) on the small tree of partyorg.testing."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.committees.models import Congress, PositionRecord
from partyorg.committees.queries import leadership_on, subordinate_cell_congresses, term_on
from partyorg.demo.committees import populate

pytestmark = pytest.mark.django_db


def test_populate_records_every_round_and_leaders_from_official_members() -> None:
    tree = testing.build_tree()
    people = []
    for i in range(10):
        who = testing.person(f"Lò Văn {i}")
        testing.admit(who, tree.cell_a, date(2010, 3, 1))
        people.append(who)
    for i in range(3):
        who = testing.person(f"Cà Văn {i}")
        testing.admit(who, tree.cell_b, date(2010, 3, 1))
    counts = populate(seed=1)
    assert counts["congresses"] == Congress.objects.count() > 0
    assert counts["position_rows"] == PositionRecord.objects.count()

    # Cells twice a term until 2025 (Charter Art. 24(3)), once under the pilot (QĐ 294): 5 congresses
    # each (seed 1 makes none skip a round); the đảng ủy, the district, the province and the school once
    # a term: 2015, 2020, 2025.
    def years(org):
        return sorted(
            d.year for d in Congress.objects.filter(organization=org).values_list("held_on", flat=True)
        )

    for once_a_term in (tree.province, tree.district, tree.commune, tree.school):
        assert years(once_a_term) == [2015, 2020, 2025], once_a_term.code
    for cell in (tree.cell_a, tree.cell_b):
        assert years(cell) == [2015, 2017, 2020, 2022, 2025], cell.code
    assert counts["congresses"] == 4 * 3 + 2 * 5
    round_ = subordinate_cell_congresses(tree.commune, 2015, 2017)
    assert {v.organization for v, _ in round_.held} == {tree.cell_a, tree.cell_b}
    # Na Ten has 10 official members: a chi ủy (QĐ 29 item 24); Co Sản has 3: a secretary alone.
    term = term_on(tree.cell_a, date(2016, 1, 1))
    assert term is not None and term.label == "2015–2017"
    na_ten = leadership_on(tree.cell_a, date(2016, 1, 1))
    assert na_ten.secretary is not None and na_ten.has_committee and len(na_ten.seats) == 3
    assert na_ten.person_ids <= {p.pk for p in people}
    co_san = leadership_on(tree.cell_b, date(2016, 1, 1))
    assert co_san.secretary is not None and not co_san.has_committee and co_san.deputies == []
    assert populate(seed=1)["congresses"] == counts["congresses"]  # deterministic for the seed
