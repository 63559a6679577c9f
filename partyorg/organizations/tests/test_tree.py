"""The tree as it stood on a date, before and after changes (cast: partyorg.testing)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.members.queries import person_on
from partyorg.organizations import queries
from partyorg.organizations import services as org_services
from partyorg.organizations.models import OrgChange, OrgKind, OrgVersion
from partyorg.organizations.services import OrgChangeError, OrgState

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)


@pytest.fixture
def tree():
    return testing.build_tree()


def shape(root, on):
    """The subtree as (depth, name, kind) rows, the way the literal below writes it."""
    return [(depth, v.name, v.kind) for depth, v in queries.subtree(root, on).walk()]


BEFORE_2025 = [
    (0, "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE),
    (1, "Huyện ủy Mường Khoa", OrgKind.DISTRICT),
    (2, "Chi bộ Trường THCS Mường Khoa", OrgKind.GRASSROOTS_CELL),
    (2, "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE),
    (3, "Chi bộ bản Co Sản", OrgKind.CELL),
    (3, "Chi bộ bản Na Ten", OrgKind.CELL),
]


def apply_2025_reform(tree):
    """01/07/2025 (RULES.md §1.1 [V], QĐ 294): the district ends; the commune committee moves
    under the province and becomes the direct superior of grassroots organizations; the school's
    cell moves under the commune."""
    commune = org_services.current_state(tree.commune, REFORM)
    school = org_services.current_state(tree.school, REFORM)
    return services.restructure(
        REFORM,
        [
            (tree.district, None),
            (
                tree.commune,
                OrgState(**{**commune.__dict__, "kind": OrgKind.COMMUNE, "parent": tree.province}),
            ),
            (tree.school, OrgState(**{**school.__dict__, "parent": tree.commune})),
        ],
        successors={},
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )


def test_the_tree_on_a_date_is_the_tree_as_it_stood(tree):
    assert shape(tree.province, date(2017, 6, 30)) == BEFORE_2025
    assert queries.subtree(tree.province, date(1999, 12, 31)) is None


def test_the_2025_reform_changes_today_and_leaves_2017_as_it_was(tree):
    pom = testing.person()
    testing.admit(pom, tree.school, date(2012, 4, 2))
    before = (
        shape(tree.province, date(2017, 6, 30)),
        person_on(pom, date(2017, 6, 30)).organization.organization_id,
        [v.name for v in queries.path(tree.school, date(2017, 6, 30))],
    )
    apply_2025_reform(tree)
    after = (
        shape(tree.province, date(2017, 6, 30)),
        person_on(pom, date(2017, 6, 30)).organization.organization_id,
        [v.name for v in queries.path(tree.school, date(2017, 6, 30))],
    )
    assert after == before
    assert shape(tree.province, REFORM) == [
        (0, "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE),
        (1, "Đảng ủy xã Nà Tấu", OrgKind.COMMUNE),
        (2, "Chi bộ bản Co Sản", OrgKind.CELL),
        (2, "Chi bộ bản Na Ten", OrgKind.CELL),
        (2, "Chi bộ Trường THCS Mường Khoa", OrgKind.GRASSROOTS_CELL),
    ]
    assert [v.name for v in queries.path(tree.school, REFORM)] == [
        "Tỉnh ủy Hòa Sơn",
        "Đảng ủy xã Nà Tấu",
        "Chi bộ Trường THCS Mường Khoa",
    ]


def test_an_organization_cannot_end_while_it_still_has_subordinates(tree):
    with pytest.raises(OrgChangeError, match="vẫn còn tổ chức trực thuộc"):
        services.restructure(
            REFORM,
            [(tree.district, None)],
            successors={},
            legal_basis=testing.BASIS,
            recorded_by=testing.OFFICER,
        )
    assert not OrgChange.objects.filter(effective_on=REFORM).exists()


def test_a_merger_moves_the_members_with_their_history(tree):
    a, b = testing.person(), testing.person("Lường Thị Mai", sex="female")
    testing.admit(a, tree.cell_a, date(2012, 4, 2))
    testing.admit(b, tree.cell_b, date(2013, 4, 2))
    change = services.merge_organizations(
        [tree.cell_a, tree.cell_b],
        tree.cell_a,
        effective_on=date(2020, 1, 1),
        target_state=OrgState("Chi bộ bản Na Ten – Co Sản", OrgKind.CELL, tree.commune, is_combined=True),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    assert person_on(b, date(2019, 12, 31)).organization.name == "Chi bộ bản Co Sản"
    assert person_on(b, date(2020, 1, 1)).organization.name == "Chi bộ bản Na Ten – Co Sản"
    assert b.events.get(kind=K.ORG_REASSIGNED).org_change == change
    assert not a.events.filter(kind=K.ORG_REASSIGNED).exists()  # already in the surviving cell
    assert queries.version_on(tree.cell_b, date(2020, 1, 1)) is None


def test_a_split_refuses_to_leave_a_member_behind(tree):
    a, b = testing.person(), testing.person("Lường Thị Mai", sex="female")
    testing.admit(a, tree.cell_a, date(2012, 4, 2))
    testing.admit(b, tree.cell_a, date(2013, 4, 2))
    north = OrgState("Chi bộ bản Na Ten 1", OrgKind.CELL, tree.commune)
    south = OrgState("Chi bộ bản Na Ten 2", OrgKind.CELL, tree.commune)
    from partyorg.organizations.models import Organization

    n, s = Organization.objects.create(code="T.H.X.1a"), Organization.objects.create(code="T.H.X.1b")
    with pytest.raises(OrgChangeError, match="Còn 1 đảng viên chưa được phân về tổ chức mới: Lường Thị Mai"):
        services.split_organization(
            tree.cell_a,
            [(n, north), (s, south)],
            {a.pk: n},
            effective_on=date(2020, 1, 1),
            legal_basis=testing.BASIS,
            recorded_by=testing.OFFICER,
        )
    services.split_organization(
        tree.cell_a,
        [(n, north), (s, south)],
        {a.pk: n, b.pk: s},
        effective_on=date(2020, 1, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    assert person_on(b, date(2020, 1, 1)).organization.name == "Chi bộ bản Na Ten 2"


def test_rename_and_history_and_a_voided_change(tree):
    change = org_services.rename(
        tree.cell_a,
        "Chi bộ bản Na Ten mới",
        effective_on=date(2018, 5, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    assert queries.version_on(tree.cell_a, date(2018, 4, 30)).name == "Chi bộ bản Na Ten"
    assert queries.version_on(tree.cell_a, date(2018, 5, 1)).name == "Chi bộ bản Na Ten mới"
    assert [c.kind for c, _ in queries.history(tree.cell_a)] == ["founded", "renamed"]
    OrgChange.objects.create(
        kind="voided",
        effective_on=change.effective_on,
        corrects=change,
        recorded_at=change.recorded_at,
        recorded_by="bantochuc.tinh",
    )
    org_services.rebuild_versions()
    assert queries.version_on(tree.cell_a, date(2019, 1, 1)).name == "Chi bộ bản Na Ten"
    assert OrgVersion.objects.filter(organization=tree.cell_a).count() == 1


def test_moving_an_organization_under_its_own_subordinate_is_refused(tree):
    with pytest.raises(OrgChangeError, match="chính cấp dưới"):
        org_services.move(
            tree.commune,
            tree.cell_a,
            effective_on=date(2020, 1, 1),
            legal_basis=testing.BASIS,
            recorded_by=testing.OFFICER,
        )


def test_a_change_dated_before_a_later_recorded_change_is_refused(tree):
    """Each change states an organization's whole state from its day on: recording an earlier one
    after a later one would silently undo the later one."""
    org_services.rename(
        tree.school,
        "Chi bộ Trường THCS số 1",
        effective_on=date(2026, 3, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    with pytest.raises(OrgChangeError, match="đã có thay đổi ngày 01/03/2026"):
        services.dissolve_organization(
            tree.school,
            effective_on=date(2026, 1, 1),
            successor=None,
            legal_basis=testing.BASIS,
            recorded_by=testing.OFFICER,
        )
    assert queries.version_on(tree.school, date(2026, 6, 1)).name == "Chi bộ Trường THCS số 1"


@pytest.mark.django_db
def test_the_subtree_during_a_period_follows_each_day_a_unit_stood_under_the_root():
    """subtree_during: the school's cell moves from Huyện ủy Mường Khoa to a second district on
    01/07/2020, and a cell founded under it on 01/01/2021 never stood under Mường Khoa. Asked for
    2019–2020 both districts' trees as they were; asked for 2021 Mường Khoa holds neither."""
    tree = testing.build_tree()
    other = testing.found("T.K", "Huyện ủy Khoa Lâm", OrgKind.DISTRICT, tree.province)
    org_services.move.within(
        tree.school,
        other,
        effective_on=date(2020, 7, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    late = testing.found("T.K.1", "Chi bộ mới", OrgKind.CELL, tree.school, on=date(2021, 1, 1))
    everything = {tree.district.pk, tree.commune.pk, tree.cell_a.pk, tree.cell_b.pk}
    assert queries.subtree_during(tree.district, date(2019, 1, 1), date(2021, 1, 1)) == everything | {
        tree.school.pk
    }
    assert queries.subtree_during(tree.district, date(2021, 1, 1), date(2022, 1, 1)) == everything
    assert queries.subtree_during(other, date(2019, 1, 1), date(2022, 1, 1)) == {
        other.pk,
        tree.school.pk,
        late.pk,
    }
    assert queries.subtree_during(other, date(2019, 1, 1), date(2020, 7, 1)) == {other.pk}
