"""Organization changes on the web: previewed without writing, then applied through the services
(cast: partyorg.testing: T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school).

Hand-worked: on 30/09/2024 cell A (T.H.X.1, Chi bộ bản Na Ten) holds 2 members (Hường, Pọm) and
cell B (T.H.X.2, Chi bộ bản Co Sản) holds 3 (Dung, Sáu, Mới); the school holds 1 (Giáo). Every
change takes effect on 01/10/2024.
"""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Assignment, Role
from partyorg.members.models import MembershipEvent, Person
from partyorg.members.services import members_of
from partyorg.organizations.models import Organization, OrgChange
from partyorg.organizations.queries import version_on
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

pytestmark = pytest.mark.django_db

DAY = date(2024, 10, 1)
BEFORE = date(2024, 9, 30)
BASIS = {
    "effective_on": "01/10/2024",
    "basis_number": "25-QĐ/ĐU",
    "basis_date": "20/09/2024",
    "basis_issuer": "Đảng ủy xã Nà Tấu",
}


def make_cast():
    tree = testing.build_tree()
    people = {}
    for name, org, decided in (
        ("Nguyễn Thị Hường", tree.cell_a, date(2015, 3, 2)),
        ("Lò Văn Pọm", tree.cell_a, date(2010, 4, 5)),
        ("Hà Thị Dung", tree.cell_b, date(2014, 6, 2)),
        ("Lường Văn Sáu", tree.cell_b, date(2013, 8, 1)),
        ("Quàng Văn Mới", tree.cell_b, date(2016, 1, 8)),
        ("Lò Văn Giáo", tree.school, date(2012, 5, 2)),
    ):
        people[name] = testing.person(name, sex="female" if "Thị" in name else "male")
        testing.admit(people[name], org, decided)
    return tree, people


@pytest.fixture
def cast():
    return make_cast()


client_for = testing.client_for


def url(org):
    return reverse("orgchange", args=[org.code]) + "?on=30/09/2024"


def post(client, org, kind, action="preview", **fields):
    return client.post(url(org), {"kind": kind, "action": action, **BASIS, **fields})


def preview_then_apply(client, org, kind, **fields):
    preview = post(client, org, kind, **fields)
    assert preview.status_code == 200 and preview.context["outcome"] is not None, preview.content.decode()
    digest = preview.context["outcome"].digest
    return preview, post(client, org, kind, action="apply", digest=digest, **fields)


def names_at(org, on):
    return sorted(Person.objects.filter(pk__in=members_of([org.pk], on)).values_list("full_name", flat=True))


def written():
    return OrgChange.objects.count(), MembershipEvent.objects.count(), Organization.objects.count()


def test_the_link_is_shown_only_to_an_approver(cast):
    tree, _ = cast
    page = client_for(tree.commune, Role.APPROVE, "duyet").get(
        reverse("organization", args=[tree.cell_b.code])
    )
    assert reverse("orgchange_link", args=[tree.cell_b.code]) in page.content.decode()  # loaded by htmx
    approver = Client()
    approver.force_login(User.objects.get(username="duyet"))
    link = approver.get(reverse("orgchange_link", args=[tree.cell_b.code])).content.decode()
    assert "Thay đổi tổ chức" in link and reverse("orgchange", args=[tree.cell_b.code]) in link
    editor = client_for(tree.commune, Role.EDIT, "capnhat")
    assert (
        "Thay đổi tổ chức"
        not in editor.get(reverse("orgchange_link", args=[tree.cell_b.code])).content.decode()
    )
    assert editor.get(reverse("orgchange_link", args=[tree.school.code])).status_code == 404


def test_a_rename_is_applied_from_its_day(cast):
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    preview, applied = preview_then_apply(officer, tree.cell_a, "rename", new_name="Chi bộ bản Na Ten Mới")
    row = preview.context["outcome"].orgs[0]
    assert (row.code, row.before.name, row.after.name, row.changed) == (
        "T.H.X.1",
        "Chi bộ bản Na Ten",
        "Chi bộ bản Na Ten Mới",
        frozenset({"name"}),
    )
    assert applied.status_code == 302 and applied.url == "/to-chuc/T.H.X.1/?on=01/10/2024"
    assert version_on(tree.cell_a, BEFORE).name == "Chi bộ bản Na Ten"
    assert version_on(tree.cell_a, DAY).name == "Chi bộ bản Na Ten Mới"
    change = OrgChange.objects.latest("pk")
    assert (change.basis_number, change.basis_issuer, change.recorded_by) == (
        "25-QĐ/ĐU",
        "Đảng ủy xã Nà Tấu",
        "duyet",
    )
    page = officer.get(applied.url).content.decode()
    assert "Đã ghi thay đổi tổ chức: đổi tên Chi bộ bản Na Ten, ngày hiệu lực 01/10/2024" in page


def test_a_move_under_the_district_with_a_new_kind(cast):
    tree, _ = cast
    officer = client_for(tree.district, Role.APPROVE, "huyen")
    preview, applied = preview_then_apply(
        officer, tree.cell_b, "move", new_parent=tree.district.code, new_kind="grassroots_cell"
    )
    row = preview.context["outcome"].orgs[0]
    assert (row.before.parent, row.after.parent) == ("Đảng ủy xã Nà Tấu", "Huyện ủy Mường Khoa")
    assert (row.before.kind, row.after.kind) == ("Chi bộ trực thuộc", "Chi bộ cơ sở")
    assert row.changed == frozenset({"parent", "kind"}) and preview.context["outcome"].moves == ()
    assert applied.status_code == 302
    assert version_on(tree.cell_b, BEFORE).parent == tree.commune
    assert version_on(tree.cell_b, DAY).parent == tree.district


def test_a_move_under_a_parent_outside_the_scope_is_not_found(cast):
    """The commune's approver names the school (the district's, not theirs) or a code that does not
    exist: the same answer, nothing written."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    before = written()
    answers = []
    for code in (tree.school.code, "T.H.KHONG"):
        response = post(officer, tree.cell_b, "move", new_parent=code)
        assert response.status_code == 200 and response.context["outcome"] is None
        answers.append(response.context["form"].errors["new_parent"][0].replace(code, "…"))
    assert answers == ["Không tìm thấy tổ chức … trong phạm vi được giao vào ngày 01/10/2024"] * 2
    assert written() == before


def test_a_merge_is_previewed_without_writing_and_then_applied(cast):
    """Cell B into cell A: B's 3 members (Dung, Sáu, Mới) go to A, which holds 2 + 3 = 5; B ends."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    before = written()
    preview = post(officer, tree.cell_b, "merge", direction="into", others=tree.cell_a.code)
    outcome = preview.context["outcome"]
    assert [(r.code, r.verb, r.before.members, r.after and r.after.members) for r in outcome.orgs] == [
        ("T.H.X.1", "Nhận đảng viên", 2, 5),
        ("T.H.X.2", "Chấm dứt hoạt động", 3, None),
    ]
    assert [(m.name, m.source, m.target) for m in outcome.moves] == [
        ("Hà Thị Dung", "Chi bộ bản Co Sản", "Chi bộ bản Na Ten"),
        ("Lường Văn Sáu", "Chi bộ bản Co Sản", "Chi bộ bản Na Ten"),
        ("Quàng Văn Mới", "Chi bộ bản Co Sản", "Chi bộ bản Na Ten"),
    ]
    assert outcome.flows == [("Chi bộ bản Co Sản", "Chi bộ bản Na Ten", 3)]
    html = preview.content.decode()
    assert "3 đảng viên chuyển sinh hoạt theo tổ chức" in html and "Áp dụng" in html
    # Nothing written by the preview, nor by an "apply" that skipped it (it only previews).
    unseen = post(officer, tree.cell_b, "merge", action="apply", direction="into", others=tree.cell_a.code)
    assert unseen.status_code == 200 and not unseen.context["stale"]
    assert written() == before
    assert names_at(tree.cell_b, DAY) == ["Hà Thị Dung", "Lường Văn Sáu", "Quàng Văn Mới"]
    assert version_on(tree.cell_b, DAY) is not None

    applied = post(
        officer,
        tree.cell_b,
        "merge",
        action="apply",
        digest=outcome.digest,
        direction="into",
        others="T.H.X.1",
    )
    assert applied.status_code == 302 and applied.url == "/to-chuc/T.H.X.1/?on=01/10/2024"
    assert names_at(tree.cell_a, DAY) == [
        "Hà Thị Dung",
        "Lò Văn Pọm",
        "Lường Văn Sáu",
        "Nguyễn Thị Hường",
        "Quàng Văn Mới",
    ]
    assert names_at(tree.cell_a, BEFORE) == ["Lò Văn Pọm", "Nguyễn Thị Hường"]
    assert names_at(tree.cell_b, BEFORE) == ["Hà Thị Dung", "Lường Văn Sáu", "Quàng Văn Mới"]
    assert version_on(tree.cell_b, DAY) is None
    assert OrgChange.objects.count() == before[0] + 1 and MembershipEvent.objects.count() == before[1] + 3
    # A second click on "Áp dụng": B no longer exists on that day, so it is not found; nothing more.
    again = post(
        officer,
        tree.cell_b,
        "merge",
        action="apply",
        digest=outcome.digest,
        direction="into",
        others="T.H.X.1",
    )
    assert again.status_code == 404 and OrgChange.objects.count() == before[0] + 1


def test_applying_after_an_edit_shows_the_preview_again(cast):
    """The digest of the preview covers the typed data: applying other data is not applying blind."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    preview = post(officer, tree.cell_b, "merge", direction="into", others=tree.cell_a.code)
    before = written()
    edited = post(
        officer,
        tree.cell_a,
        "merge",
        action="apply",
        digest=preview.context["outcome"].digest,
        direction="into",
        others=tree.cell_b.code,
    )
    assert edited.status_code == 200 and edited.context["stale"]
    assert "đã thay đổi so với lần xem trước" in edited.content.decode()
    assert written() == before


def test_merging_others_into_this_one(cast):
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    _, applied = preview_then_apply(officer, tree.cell_a, "merge", direction="from", others=tree.cell_b.code)
    assert applied.status_code == 302 and len(members_of([tree.cell_a.pk], DAY)) == 5


def test_a_split_sends_each_member_where_chosen(cast):
    """B splits into T.H.X.3 (Dung, Mới) and T.H.X.4 (Sáu)."""
    tree, people = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    form = officer.get(url(tree.cell_b), {"kind": "split"})
    assert [p.full_name for p, _ in form.context["form"].member_rows()] == [
        "Hà Thị Dung",
        "Lường Văn Sáu",
        "Quàng Văn Mới",
    ]
    fields = {
        "part1_code": "T.H.X.3",
        "part1_name": "Chi bộ bản Co Sản 1",
        "part1_kind": "cell",
        "part2_code": "T.H.X.4",
        "part2_name": "Chi bộ bản Co Sản 2",
        "part2_kind": "cell",
        "part3_kind": "cell",
        f"member_{people['Hà Thị Dung'].code}": "1",
        f"member_{people['Lường Văn Sáu'].code}": "2",
        f"member_{people['Quàng Văn Mới'].code}": "1",
    }
    # A member left without a place is asked for, before anything runs.
    missing = post(officer, tree.cell_b, "split", **{**fields, f"member_{people['Lường Văn Sáu'].code}": ""})
    assert missing.context["outcome"] is None
    before = written()
    preview = post(officer, tree.cell_b, "split", **fields)
    outcome = preview.context["outcome"]
    assert written() == before  # the new organizations too were rolled back with the preview
    assert [(r.code, r.verb, r.after and r.after.members) for r in outcome.orgs] == [
        ("T.H.X.2", "Chấm dứt hoạt động", None),
        ("T.H.X.3", "Thành lập", 2),
        ("T.H.X.4", "Thành lập", 1),
    ]
    assert outcome.flows == [
        ("Chi bộ bản Co Sản", "Chi bộ bản Co Sản 1", 2),
        ("Chi bộ bản Co Sản", "Chi bộ bản Co Sản 2", 1),
    ]
    applied = post(officer, tree.cell_b, "split", action="apply", digest=outcome.digest, **fields)
    assert applied.status_code == 302 and applied.url == "/to-chuc/T.H.X/?on=01/10/2024"
    new1, new2 = Organization.objects.get(code="T.H.X.3"), Organization.objects.get(code="T.H.X.4")
    assert names_at(new1, DAY) == ["Hà Thị Dung", "Quàng Văn Mới"]
    assert names_at(new2, DAY) == ["Lường Văn Sáu"]
    assert version_on(new1, DAY).parent == tree.commune and version_on(tree.cell_b, DAY) is None


def test_a_dissolution_without_successor_while_it_has_members_is_refused(cast):
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    before = written()
    response = post(officer, tree.cell_b, "dissolve", successor="")
    assert response.status_code == 200 and response.context["outcome"] is None
    (error,) = response.context["form"].non_field_errors()
    assert error.startswith("Bị từ chối: Còn 3 đảng viên chưa được phân về tổ chức mới: ")
    assert "Bị từ chối: Còn 3 đảng viên chưa được phân về tổ chức mới" in response.content.decode()
    assert written() == before
    # With the successor, the 3 go to cell A.
    _, applied = preview_then_apply(officer, tree.cell_b, "dissolve", successor=tree.cell_a.code)
    assert applied.url == "/to-chuc/T.H.X.1/?on=01/10/2024" and len(members_of([tree.cell_a.pk], DAY)) == 5


@pytest.mark.parametrize("who", ["editor", "neighbour"])
def test_without_approval_every_step_is_not_found(cast, who):
    """The commune's editor (EDIT only) and the school's administrator (a neighbouring subtree)
    get 404 on the page, the preview and a forged "apply"; nothing is written."""
    tree, _ = cast
    client = (
        client_for(tree.commune, Role.EDIT, "capnhat")
        if who == "editor"
        else client_for(tree.school, Role.ADMINISTER, "truong")
    )
    before = written()
    merge = {"direction": "into", "others": tree.cell_a.code}
    assert client.get(url(tree.cell_b)).status_code == 404
    assert client.get(url(tree.cell_b), {"kind": "merge"}).status_code == 404
    assert post(client, tree.cell_b, "merge", **merge).status_code == 404
    assert post(client, tree.cell_b, "merge", action="apply", digest="0" * 64, **merge).status_code == 404
    assert post(client, tree.cell_b, "dissolve", action="apply", successor="").status_code == 404
    assert written() == before


def test_the_school_cannot_merge_the_commune_into_itself(cast):
    """Approving over the target is not enough: every organization touched must be the user's."""
    tree, _ = cast
    school = client_for(tree.school, Role.APPROVE, "truong")
    before = written()
    response = post(school, tree.school, "merge", direction="from", others=tree.cell_b.code)
    assert response.status_code == 200 and response.context["outcome"] is None
    assert "Không tìm thấy tổ chức T.H.X.2 trong phạm vi được giao" in response.content.decode()
    assert written() == before


def test_the_scope_is_the_effective_days(cast):
    """Before 01/01/2000 the tree did not exist: approving today says nothing about that day."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.APPROVE, "duyet")
    response = officer.post(
        url(tree.cell_a),
        {"kind": "rename", "action": "preview", **BASIS, "effective_on": "01/01/1999", "new_name": "X"},
    )
    assert response.status_code == 404


def test_csrf_is_enforced(cast):
    tree, _ = cast
    user = User.objects.create_user("duyet", password="x")
    Assignment.objects.create(
        user=user, organization=tree.commune, role=Role.APPROVE, granted_at=timezone.now(), granted_by="t"
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = written()
    response = client.post(
        url(tree.cell_b), {"kind": "dissolve", "action": "apply", "successor": "T.H.X.1", **BASIS}
    )
    assert response.status_code == 403 and written() == before


@pytest.mark.django_db(transaction=True)
def test_a_merge_previewed_and_applied_in_a_browser(live_server, erasable_logs):
    tree, _ = make_cast()
    user = User.objects.create_user("duyet", password="mat-khau-du-dai", first_name="Cán bộ xã")
    Assignment.objects.create(
        user=user, organization=tree.commune, role=Role.APPROVE, granted_at=timezone.now(), granted_by="t"
    )
    with browser_page() as page:
        sign_in(page, live_server.url, "duyet")
        page.goto(f"{live_server.url}/to-chuc/{tree.cell_b.code}/?on=30/09/2024")
        page.get_by_role("link", name="Thay đổi tổ chức").click()  # loaded by htmx for an approver
        page.get_by_role("link", name="Chia tách").click()  # the split form: a select per member
        assert page.locator("fieldset.parts select").count() == 3 + 3
        screenshot(page, "orgchange-split-form")
        page.get_by_role("link", name="Sáp nhập").click()
        page.check("input[name=direction][value=into]")
        page.fill("input[name=others]", tree.cell_a.code)
        for name, value in BASIS.items():
            page.fill(f"input[name={name}]", value)
        screenshot(page, "orgchange-form")
        page.click("button[value=preview]")
        assert "3 đảng viên chuyển sinh hoạt theo tổ chức" in page.locator("#preview h3").inner_text()
        assert page.locator(".preview-moves tbody tr").count() == 3
        screenshot(page, "orgchange-preview")
        assert OrgChange.objects.count() == 6  # the founding of the six organizations only

        page.click("button[value=apply]")
        assert "Đã ghi thay đổi tổ chức: sáp nhập Chi bộ bản Co Sản" in page.locator(".messages").inner_text()
        assert page.locator("h1").inner_text() == "Chi bộ bản Na Ten"
        assert page.locator(".card .value").first.inner_text() == "5"
        screenshot(page, "orgchange-applied")
