"""Correcting or voiding an organization change on the web, as a new row (cast: partyorg.testing:
T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school; cell A holds Pọm, cell B holds Dung)."""

from datetime import date

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.members.services import members_of, merge_organizations
from partyorg.organizations import services as org_services
from partyorg.organizations.models import OrgChange, OrgChangeKind
from partyorg.organizations.queries import version_on

pytestmark = pytest.mark.django_db

DAY = date(2024, 10, 1)
WHO = {"legal_basis": testing.BASIS, "recorded_by": testing.OFFICER}
client_for = testing.client_for


@pytest.fixture
def cast():
    tree = testing.build_tree()
    pom, dung = testing.person("Lò Văn Pọm"), testing.person("Hà Thị Dung", sex="female")
    testing.admit(pom, tree.cell_a, date(2010, 4, 5))
    testing.admit(dung, tree.cell_b, date(2014, 6, 2))
    return tree, pom, dung


def amend_url(change):
    return reverse("orgchange_amend", args=[change.uid])


def test_a_wrong_rename_is_corrected_from_the_organization_s_history(cast):
    tree, _, _ = cast
    wrong = org_services.rename(tree.cell_b, "Chi bộ bản Co Sảnn", effective_on=DAY, **WHO)
    approver = client_for(tree.commune, Role.APPROVE, "duyet")
    history = approver.get(reverse("organization", args=[tree.cell_b.code])).content.decode()
    assert amend_url(wrong) in history
    response = approver.post(
        amend_url(wrong), {"action": "correct", "new_name": "Chi bộ bản Cò Sản", "note": "Sai chính tả"}
    )
    assert response.status_code == 302, response.content.decode()
    fixed = OrgChange.objects.get(corrects=wrong)
    assert (fixed.kind, fixed.recorded_by, fixed.note) == (OrgChangeKind.RENAMED, "duyet", "Sai chính tả")
    assert version_on(tree.cell_b, DAY).name == "Chi bộ bản Cò Sản"
    # The corrected one offers nothing more; the page of a corrected change is not found.
    assert approver.get(amend_url(wrong)).status_code == 404


def test_a_merger_is_voided_and_its_members_go_back(cast):
    tree, _, dung = cast
    merger = merge_organizations([tree.cell_a, tree.cell_b], tree.cell_a, effective_on=DAY, **WHO)
    approver = client_for(tree.commune, Role.APPROVE, "duyet")
    page = approver.get(amend_url(merger)).content.decode()
    assert 'value="void"' in page and 'value="correct"' not in page  # a merger moved members
    refused = approver.post(amend_url(merger), {"action": "correct", "note": "x"})
    assert refused.status_code == 200 and not OrgChange.objects.filter(corrects=merger).exists()
    response = approver.post(amend_url(merger), {"action": "void", "note": "Chưa có quyết định"})
    assert response.status_code == 302
    assert OrgChange.objects.get(corrects=merger).kind == OrgChangeKind.VOIDED
    assert set(members_of([tree.cell_b.pk], DAY)) == {dung.pk}
    assert MembershipEvent.objects.filter(person=dung, kind=K.VOIDED).count() == 1


def test_nobody_corrects_a_change_they_do_not_approve_on_its_day_and_today(cast):
    """An editor of the commune, an approver of the school, an approver of cell B alone when the
    change also names cell A: not found, and nothing written. A refusal of the service is shown."""
    tree, _, _ = cast
    merger = merge_organizations([tree.cell_a, tree.cell_b], tree.cell_a, effective_on=DAY, **WHO)
    rename = org_services.rename(tree.school, "Chi bộ Trường THCS số 1", effective_on=DAY, **WHO)
    for client in (
        client_for(tree.commune, Role.EDIT, "capnhat"),
        client_for(tree.school, Role.APPROVE, "truong"),
        client_for(tree.cell_b, Role.APPROVE, "chibob"),
    ):
        assert client.get(amend_url(merger)).status_code == 404
        assert client.post(amend_url(merger), {"action": "void", "note": "x"}).status_code == 404
    assert client_for(tree.commune, Role.APPROVE, "xa").get(amend_url(rename)).status_code == 404
    assert not OrgChange.objects.filter(kind=OrgChangeKind.VOIDED).exists()
    approver = client_for(tree.district, Role.APPROVE, "huyen")
    same = approver.post(amend_url(rename), {"action": "correct", "note": "không đổi gì"})
    assert "Bị từ chối: Bản sửa không khác gì bản ghi cần sửa." in same.content.decode()
