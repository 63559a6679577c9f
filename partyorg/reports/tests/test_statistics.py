"""Figures on hand-worked cases (cast: partyorg.testing) and the form-1 identity on a generated province."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.exchange.load import load
from partyorg.generator import generate_province
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.organizations.services import OrgState
from partyorg.reports.statistics import Period, members_flow, members_on, membership_on, organizations_on

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)


@pytest.fixture
def tree():
    return testing.build_tree()


def test_a_stock_counts_the_members_of_the_subtree_on_the_day(tree):
    """Hand-worked: two members of the commune's cells, one of the school; on 30/06/2017 one of the
    commune's is probationary and a woman; the school's counts for the district, not the commune."""
    a, b = testing.person("Lò Văn Pọm"), testing.person("Quàng Thị Xuân", sex="female")
    c = testing.person("Cầm Văn Sương")
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(b, tree.cell_b, date(2017, 3, 1), recognize=False)
    testing.admit(c, tree.school, date(2012, 4, 2))
    testing.record(c, K.TEMPORARY_TRANSFER, date(2017, 1, 9), other_organization=tree.cell_a)
    on = date(2017, 6, 30)
    commune = membership_on(tree.commune, on)
    assert (commune.total.value, commune.probationary.value, commune.women.value) == (2, 1, 1)
    assert set(commune.probationary.people()) == {b}
    # The temporary member is not counted at the temporary cell (RULES.md §2.7 [V], QĐ 24 §6.3.2).
    assert members_on(tree.cell_a, on).value == 1
    assert members_on(tree.district, on).value == 3
    assert members_on(tree.district, date(2009, 1, 1)).value == 0


def test_the_members_flow_labels_every_move_and_adds_up(tree):
    """Hand-worked for the commune, first half of 2017: opening 4 (a, b, d, e); b moves between the
    commune's own cells (no flow); c is admitted; d dies; e, probationary, is removed from the
    probationary list; f arrives by transfer from the school. Closing 4 + 2 − 2 = 4 (a, b, c, f)."""
    a, b, c, d, e, f = (testing.person(n) for n in ("A Lò", "B Quàng", "C Cầm", "D Lường", "E Vì", "F Hà"))
    for who in (a, b, d):
        testing.admit(who, tree.cell_a, date(2010, 3, 1))
    testing.admit(e, tree.cell_a, date(2016, 10, 3), recognize=False)
    testing.admit(f, tree.school, date(2011, 3, 1))
    testing.record(b, K.TRANSFER_OUT, date(2017, 2, 1), other_organization=tree.cell_b)
    testing.record(b, K.TRANSFER_IN, date(2017, 2, 10), organization=tree.cell_b)
    testing.admit(c, tree.cell_b, date(2017, 3, 1), recognize=False)
    testing.record(d, K.DIED, date(2017, 4, 4))
    testing.record(e, K.REMOVED, date(2017, 5, 5), detail="probation_failed")
    testing.record(f, K.TRANSFER_OUT, date(2017, 6, 1), other_organization=tree.cell_a)
    flow = members_flow(tree.commune, H1_2017)
    assert flow.opening.value == 4  # a, b, d, e on 31/12/2016
    assert {r: m.value for r, m in flow.entries.items() if m.value} == {"admitted": 1, "transferred_in": 1}
    assert {r: m.value for r, m in flow.exits.items() if m.value} == {"died": 1, "removed": 1}
    assert flow.removed_probationary.value == 1
    assert flow.closing.value == 4 and flow.identity_holds  # a, b, c, f
    assert set(flow.closing.people()) == {a, b, c, f}
    school = members_flow(tree.school, H1_2017)
    assert school.exits["transferred_out"].value == 1 and school.transfers_out_to_outside.value == 0


def test_a_reorganization_moves_members_between_subtrees_as_the_tree_stood(tree):
    """01/07/2025: the school's cell moves from the district to the commune (RULES.md §1.1 [V]).
    For the commune, the school's member enters by reorganization that day; 2017 is unchanged."""
    f = testing.person("F Hà")
    testing.admit(f, tree.school, date(2011, 3, 1))
    before = members_flow(tree.commune, H1_2017)
    org_services.move(
        tree.school,
        tree.commune,
        effective_on=date(2025, 7, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    flow = members_flow(tree.commune, Period.half_year(2025, 2))
    assert (flow.opening.value, flow.entries["reorganized"].value, flow.closing.value) == (0, 1, 1)
    assert members_flow(tree.commune, H1_2017) == before


def test_organization_counts_follow_the_tree_of_the_day(tree):
    orgs = organizations_on(tree.province, date(2017, 6, 30))
    assert (orgs.grassroots_committees.value, orgs.grassroots_cells.value, orgs.cells.value) == (1, 1, 2)
    assert orgs.grassroots == 2
    services.merge_organizations(
        [tree.cell_a, tree.cell_b],
        tree.cell_a,
        effective_on=date(2020, 1, 1),
        target_state=OrgState("Chi bộ ghép Na Ten – Co Sản", OrgKind.CELL, tree.commune, is_combined=True),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    later = organizations_on(tree.province, date(2020, 1, 1))
    assert (later.cells.value, later.combined_cells.value) == (1, 1)


def test_the_identity_holds_for_every_upper_organization_and_half_year_of_a_generated_province():
    """Form 1: D = A + B − C, for the province, every district and commune committee, every half-year
    from 2010 (the generated history includes the 01/07/2025 reform and corrections)."""
    load((None, r) for r in generate_province(1500, seed=11))
    province = Organization.objects.get(
        pk=OrgVersion.objects.filter(kind=OrgKind.PROVINCE).values("organization")[:1]
    )
    uppers = set(
        OrgVersion.objects.filter(
            kind__in=[OrgKind.DISTRICT, OrgKind.COMMUNE, OrgKind.GRASSROOTS_COMMITTEE]
        ).values_list("organization_id", flat=True)[:12]
    )
    checked = 0
    for year in range(2010, 2026):
        for half in (1, 2):
            period = Period.half_year(year, half)
            for org in [province, *Organization.objects.filter(pk__in=uppers)]:
                flow = members_flow(org, period)
                assert flow.identity_holds, (org.code, period)
                assert flow.opening == members_on(org, period.opening_day)
                assert flow.closing == members_on(org, period.closing_day)
                checked += 1
    assert checked == 32 * (1 + len(uppers))
    on = date(2026, 6, 30)
    assert (
        sum(
            members_on(o, on).value
            for o in Organization.objects.filter(
                pk__in=OrgVersion.objects.filter(valid_on(on), parent=province).values("organization")
            )
        )
        == members_on(province, on).value
    )


def test_hamlets_without_members_and_without_their_own_cell():
    """Hand-worked: a commune with three hamlets; Na Ten has its own cell and a member living there;
    Co Sản and Pá Khoang share a combined cell and only Co Sản has a member living there. So on
    30/06/2017: 1/3 without members (Pá Khoang), 2/3 without their own cell (Co Sản, Pá Khoang);
    a member moving into Pá Khoang in 2017 clears it (RULES.md §6.3 [P])."""
    from partyorg.organizations.models import Locality, LocalityKind, LocalityParent
    from partyorg.reports.statistics import hamlets_cleared, hamlets_on

    commune_place = Locality.objects.create(code="01", name="Xã Nà Tấu", kind=LocalityKind.COMMUNE)
    hamlets = [
        Locality.objects.create(code=f"01.{i}", name=n, kind=LocalityKind.HAMLET)
        for i, n in enumerate(("Bản Na Ten", "Bản Co Sản", "Bản Pá Khoang"))
    ]
    for hamlet in hamlets:
        LocalityParent.objects.create(locality=hamlet, parent=commune_place)
    commune = testing.found(
        "X", "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE, None, locality=commune_place
    )
    own = testing.found("X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune, locality=hamlets[0])
    shared = testing.found(
        "X.2", "Chi bộ ghép Co Sản – Pá Khoang", OrgKind.CELL, commune, locality=hamlets[1], is_combined=True
    )
    for org, hamlet in ((own, hamlets[0]), (shared, hamlets[1])):
        who = testing.person()
        who.home_locality = hamlet
        who.save()
        testing.admit(who, org, date(2010, 3, 1))
    found = hamlets_on(commune, date(2016, 12, 31))
    assert (found.without_members.value, found.without_members.total) == (1, 3)
    assert [h.name for h in found.without_members.localities()] == ["Bản Pá Khoang"]
    assert {h.name for h in found.without_own_cell.localities()} == {"Bản Co Sản", "Bản Pá Khoang"}
    newcomer = testing.person("Lò Thị Én", sex="female")
    newcomer.home_locality = hamlets[2]
    newcomer.save()
    testing.admit(newcomer, shared, date(2017, 2, 6), recognize=False)
    assert hamlets_cleared(commune, H1_2017).value == 1
    assert hamlets_on(commune, date(2017, 6, 30)).without_members.value == 0
