"""Organization changes as commands: each one durable transaction; the rules the pages alone
applied (a rename to the same name); a split that creates its organizations itself, so a refused
split leaves none behind; a change corrected or voided as a new row (cast: partyorg.testing:
T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school)."""

from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.members.queries import person_on
from partyorg.organizations import queries
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization, OrgChange, OrgChangeKind, OrgKind
from partyorg.organizations.services import OrgChangeError, OrgState

pytestmark = pytest.mark.django_db

ON = date(2020, 1, 1)
WHO = {"legal_basis": testing.BASIS, "recorded_by": testing.OFFICER}


@pytest.fixture
def tree():
    return testing.build_tree()


def held_by(person, day):
    """The code of the organization holding ``person`` on ``day``."""
    return Organization.objects.get(pk=person_on(person, day).organization.organization_id).code


def test_every_command_is_its_own_transaction(tree):
    """A command inside a caller's transaction refuses to run rather than commit with it; the same
    command ``within`` a larger one runs as part of it."""
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        org_services.rename(tree.cell_a, "Chi bộ mới", effective_on=ON, **WHO)
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        services.record_event(testing.person(), K.ADMISSION_DECIDED, ON, organization=tree.cell_a, **WHO)
    with transaction.atomic():
        org_services.rename.within(tree.cell_a, "Chi bộ mới", effective_on=ON, **WHO)
    assert queries.version_on(tree.cell_a, ON).name == "Chi bộ mới"


def test_a_rename_to_the_name_of_the_day_is_refused_by_the_service(tree):
    with pytest.raises(OrgChangeError, match="Tên mới trùng với tên hiện tại") as refused:
        org_services.rename(tree.cell_a, " Chi bộ bản Na Ten ", effective_on=ON, **WHO)
    assert refused.value.field == "new_name"
    assert not OrgChange.objects.filter(kind=OrgChangeKind.RENAMED).exists()


def test_a_refused_split_leaves_no_organization_and_the_corrected_one_goes_through(tree):
    """Issue 14: the command line created the new organizations before the split, outside any
    transaction; refused for a member left out, they stayed, and the corrected retry failed on
    their codes. Now the split creates them: refused, nothing is left; retried, it is recorded."""
    a, b = testing.person(), testing.person("Lường Thị Mai", sex="female")
    testing.admit(a, tree.cell_a, date(2012, 4, 2))
    testing.admit(b, tree.cell_a, date(2013, 4, 2))
    parts = [
        ("T.H.X.1a", OrgState("Chi bộ bản Na Ten 1", OrgKind.CELL, tree.commune)),
        ("T.H.X.1b", OrgState("Chi bộ bản Na Ten 2", OrgKind.CELL, tree.commune)),
    ]
    with pytest.raises(OrgChangeError, match="Còn 1 đảng viên chưa được phân"):
        services.split_organization(tree.cell_a, parts, {a.pk: "T.H.X.1a"}, effective_on=ON, **WHO)
    assert not Organization.objects.filter(code__startswith="T.H.X.1").exclude(code="T.H.X.1").exists()
    services.split_organization(
        tree.cell_a, parts, {a.pk: "T.H.X.1a", b.pk: "T.H.X.1b"}, effective_on=ON, **WHO
    )
    assert held_by(b, ON) == "T.H.X.1b"
    with pytest.raises(OrgChangeError, match=r"Mã tổ chức T\.H\.X\.2 đã tồn tại"):  # a code taken
        services.split_organization(
            Organization.objects.get(code="T.H.X.1a"),
            [("T.H.X.2", OrgState("Chi bộ khác", OrgKind.CELL, tree.commune))],
            {a.pk: "T.H.X.2"},
            effective_on=date(2021, 1, 1),
            **WHO,
        )


def test_a_wrong_rename_is_corrected_by_a_new_row(tree):
    """Renamed on 01/05/2018 with a typo and the wrong day: the correction says 01/06/2018 and the
    right name; the wrong change stays in the log, replaced."""
    wrong = org_services.rename(tree.cell_a, "Chi bộ bản Na Tenn", effective_on=date(2018, 5, 1), **WHO)
    fixed = org_services.correct_change(
        wrong, effective_on=date(2018, 6, 1), name="Chi bộ bản Nà Ten", note="Sai tên và ngày", **WHO
    )
    assert fixed.corrects == wrong and fixed.kind == OrgChangeKind.RENAMED
    assert queries.version_on(tree.cell_a, date(2018, 5, 15)).name == "Chi bộ bản Na Ten"
    assert queries.version_on(tree.cell_a, date(2018, 6, 1)).name == "Chi bộ bản Nà Ten"
    assert OrgChange.objects.filter(pk=wrong.pk).exists()
    with pytest.raises(OrgChangeError, match="đã được sửa hoặc hủy"):
        org_services.correct_change(wrong, name="Khác", note="lần hai", **WHO)
    with pytest.raises(OrgChangeError, match="không khác"):
        org_services.correct_change(fixed, note="không đổi gì", **WHO)


def test_a_wrong_move_is_corrected_and_a_later_change_must_be_corrected_first(tree):
    wrong = org_services.move(tree.cell_b, tree.school, effective_on=date(2019, 1, 1), **WHO)
    later = org_services.rename(tree.cell_b, "Chi bộ bản Co Sản mới", effective_on=date(2019, 6, 1), **WHO)
    with pytest.raises(OrgChangeError, match="hãy sửa thay đổi đó trước"):
        org_services.correct_change(wrong, parent=tree.district, note="Sai cấp trên", **WHO)
    services.void_org_change(later, note="Nhập nhầm", **WHO)
    org_services.correct_change(wrong, parent=tree.district, note="Sai cấp trên", **WHO)
    assert queries.version_on(tree.cell_b, date(2019, 6, 1)).parent == tree.district
    assert queries.version_on(tree.cell_b, date(2019, 6, 1)).name == "Chi bộ bản Co Sản"


def test_a_merger_voided_puts_back_the_cells_and_their_members(tree):
    a, b = testing.person(), testing.person("Lường Thị Mai", sex="female")
    testing.admit(a, tree.cell_a, date(2012, 4, 2))
    testing.admit(b, tree.cell_b, date(2013, 4, 2))
    merger = services.merge_organizations([tree.cell_a, tree.cell_b], tree.cell_a, effective_on=ON, **WHO)
    assert held_by(b, ON) == tree.cell_a.code
    voiding = services.void_org_change(merger, note="Chưa có quyết định", **WHO)
    assert voiding.kind == OrgChangeKind.VOIDED and voiding.corrects == merger
    assert queries.version_on(tree.cell_b, ON) is not None
    assert held_by(b, ON) == tree.cell_b.code
    moved = MembershipEvent.objects.get(person=b, kind=K.ORG_REASSIGNED)
    assert moved.corrections.get().kind == K.VOIDED  # a new row; the reassignment stays in the log
    with pytest.raises(OrgChangeError, match="đã được sửa hoặc hủy"):
        services.void_org_change(merger, note="lần hai", **WHO)


def test_a_change_is_not_voided_under_what_was_recorded_since(tree):
    """A split whose new cell has admitted someone since: voiding it would leave that record in a
    cell that never existed, so it is refused, and nothing of the voiding is kept."""
    a = testing.person()
    testing.admit(a, tree.cell_a, date(2012, 4, 2))
    split = services.split_organization(
        tree.cell_a,
        [("T.H.X.1a", OrgState("Chi bộ bản Na Ten 1", OrgKind.CELL, tree.commune))],
        {a.pk: "T.H.X.1a"},
        effective_on=ON,
        **WHO,
    )
    newcomer = testing.person("Lò Thị Mới", sex="female")
    testing.admit(newcomer, Organization.objects.get(code="T.H.X.1a"), date(2021, 3, 1))
    with pytest.raises(OrgChangeError, match="Lò Thị Mới"):
        services.void_org_change(split, note="Nhầm", **WHO)
    assert not OrgChange.objects.filter(kind=OrgChangeKind.VOIDED).exists()
    assert held_by(a, ON) == "T.H.X.1a"
