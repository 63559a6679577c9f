"""The organization picker (/chon-to-chuc/): what it lists for each reach, on which day, and never an
organization outside the scope for a scoped field. Cast: partyorg.testing, with a second commune
whose cell is also named "Chi bộ bản Na Ten"."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.organizations.models import OrgKind, OrgSector

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    tree = testing.build_tree()
    other = testing.found(
        "T.H.Y",
        "Đảng ủy xã Mường Tùng",
        OrgKind.GRASSROOTS_COMMITTEE,
        tree.district,
        sector=OrgSector.COMMUNE,
    )
    twin = testing.found("T.H.Y.1", "Chi bộ bản Na Ten", OrgKind.CELL, other)
    late = testing.found("T.H.X.3", "Chi bộ bản Na Cô Sa", OrgKind.CELL, tree.commune, on=date(2020, 1, 1))
    return SimpleNamespace(base=tree, other=other, twin=twin, late=late)


def picks(client, text, reach="edit", on="30/06/2025", **extra):
    query = {"pham-vi": reach, "truong": "organization", "organization": text, "effective_on": on, **extra}
    response = client.get(reverse("org_picker"), query, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    return [part.split('"')[0] for part in page.split('data-code="')[1:]], page


def test_a_name_without_diacritics_or_a_code_lists_what_the_user_changes(tree):
    commune = testing.client_for(tree.base.commune, Role.EDIT, "xa")
    assert picks(commune, "na ten")[0] == ["T.H.X.1"]  # not the other commune's cell of that name
    # The code typed whole first, then by name: Co Sản, Na Cô Sa, Na Ten.
    assert picks(commune, "T.H.X")[0] == ["T.H.X", "T.H.X.2", "T.H.X.3", "T.H.X.1"]
    assert picks(commune, "co san")[0] == ["T.H.X.2"]
    assert picks(commune, "n")[0] == []  # one letter lists nothing yet


def test_a_neighbouring_cells_officer_is_never_offered_an_organization_outside_the_scope(tree):
    """The officer of cell B (T.H.X.2) edits that cell only: whatever is typed, with any reach a
    scoped field may ask for, nothing else is listed."""
    neighbour = testing.client_for(tree.base.cell_b, Role.EDIT, "ban-ben")
    for text in ("chi bo", "ban", "na ten", "T.H", "T", "dang uy", "huyen", "tinh", "truong"):
        for reach in ("edit", "approve", "nonsense", ""):
            listed, _page = picks(neighbour, text, reach)
            assert set(listed) <= {"T.H.X.2"}, (text, reach, listed)
    assert picks(neighbour, "chi bo")[0] == ["T.H.X.2"]
    assert picks(neighbour, "chi bo", "approve")[0] == []  # he approves nothing
    listed, page = picks(neighbour, "truong")
    assert listed == [] and "trong phạm vi được giao ngày 30/06/2025" in page


def test_the_scope_and_the_organizations_are_those_of_the_day_typed(tree):
    commune = testing.client_for(tree.base.commune, Role.EDIT, "xa")
    assert picks(commune, "na co sa", on="30/06/2025")[0] == ["T.H.X.3"]
    assert picks(commune, "na co sa", on="31/12/2019")[0] == []  # founded 01/01/2020
    # Without a day typed, the page's day.
    response = commune.get(reverse("org_picker"), {"q": "na co sa", "on": "31/12/2019"})
    assert "T.H.X.3" not in response.content.decode()


def test_an_unscoped_field_lists_every_organization_standing_that_day(tree):
    """The other end of a transfer or the deciding committee may be anywhere: names and codes of
    every organization standing on the day, a shared name told apart by its parent."""
    neighbour = testing.client_for(tree.base.cell_b, Role.EDIT, "ban-ben")
    listed, page = picks(neighbour, "na ten", "any")
    assert listed == ["T.H.X.1", "T.H.Y.1"]
    assert (
        "Chi bộ bản Na Ten — Đảng ủy xã Nà Tấu" in page
        and "Chi bộ bản Na Ten — Đảng ủy xã Mường Tùng" in page
    )
    assert picks(neighbour, "truong", "any")[0] == ["T.H.S"]
    assert picks(neighbour, "na co sa", "any", on="31/12/2019")[0] == []


def test_several_codes_search_the_last_one(tree):
    province = testing.client_for(tree.base.province, Role.APPROVE, "tinh")
    query = {"pham-vi": "approve", "truong": "others", "nhieu": "1", "others": "T.H.X.1, muong tung"}
    page = province.get(reverse("org_picker"), query).content.decode()
    assert 'data-code="T.H.Y"' in page and 'data-code="T.H.X.1"' not in page


def test_the_forms_carry_the_picker_with_their_reach(tree):
    pom = testing.person()
    testing.admit(pom, tree.base.cell_a, date(2015, 3, 2))
    commune = testing.client_for(tree.base.commune, Role.EDIT, "xa")
    page = commune.get(reverse("record", args=[pom.code]) + "?on=30/06/2025").content.decode()
    assert 'name="organization"' in page and "pham-vi=edit&amp;truong=organization" in page
    assert "pham-vi=any&amp;truong=other_organization" in page
    province = testing.client_for(tree.base.province, Role.APPROVE, "tinh")
    moving = province.get(reverse("orgchange", args=[tree.base.cell_a.code]) + "?kind=move").content.decode()
    assert "pham-vi=approve&amp;truong=new_parent" in moving
