"""A successor's figures on a day before it stood follow its predecessors (issue 15: across the
merger of Kon Tum into Quảng Ngãi on 01/07/2025 the new province compared with "0 đảng viên").

Hand-worked on partyorg.testing's tree: on 01/07/2025 the cells of bản Na Ten (T.H.X.1, three
members) and bản Co Sản (T.H.X.2, two members) merge into a new cell, Chi bộ bản Na Ten – Co Sản
(T.H.X.9). On 31/12/2024 T.H.X.9 did not stand: it compares with 3 + 2 = 5. A member admitted to it
on 01/09/2025 makes 6 on 31/12/2025: +1, +20,00%.
"""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.members import services as members
from partyorg.organizations.models import Organization, OrgKind
from partyorg.organizations.queries import standing_for
from partyorg.organizations.services import OrgState, new_organization
from partyorg.reports.statistics.entered import members_since

pytestmark = pytest.mark.django_db

MERGED_ON = date(2025, 7, 1)


def merged_tree():
    tree = testing.build_tree()
    for name in ("Lò Văn A", "Lò Văn B", "Lò Văn C"):
        testing.admit(testing.person(name), tree.cell_a, date(2015, 3, 2))
    for name in ("Lò Văn D", "Lò Văn E"):
        testing.admit(testing.person(name), tree.cell_b, date(2016, 4, 1))
    merged = new_organization("T.H.X.9")
    members.merge_organizations(
        [tree.cell_a, tree.cell_b],
        merged,
        effective_on=MERGED_ON,
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
        target_state=OrgState("Chi bộ bản Na Ten – Co Sản", OrgKind.CELL, tree.commune),
    )
    return tree, Organization.objects.get(code="T.H.X.9")


def test_a_new_organization_compares_with_its_predecessors_on_a_day_before_it_stood():
    tree, merged = merged_tree()
    assert standing_for(merged, date(2024, 12, 31)) == sorted([tree.cell_a.pk, tree.cell_b.pk])
    assert standing_for(merged, date(2025, 12, 31)) == [merged.pk]
    assert standing_for(tree.district, date(2024, 12, 31)) == [tree.district.pk]  # stood: itself
    testing.admit(testing.person("Lò Thị Mới"), merged, date(2025, 9, 1), recognize=False)
    change = members_since(merged, date(2025, 12, 31), date(2024, 12, 31))
    assert (change.now, change.base, change.difference) == (6, 5, 1)
    assert round(change.percent, 2) == 20.0
    # Before the predecessors themselves stood (founded 01/01/2000 in partyorg.testing): nobody.
    assert standing_for(merged, date(1999, 12, 31)) == []
    assert members_since(merged, date(2025, 12, 31), date(1999, 12, 31)).base == 0
