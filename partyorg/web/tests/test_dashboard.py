"""The dashboard (deadlines grouped by kind and organization, an organization's own warnings from
the yearly work, the hamlets figure of the organization on the page), the candidates page's
deadlines, and the members list's pages, through Django's test client."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.web.views import members as members_view

pytestmark = pytest.mark.django_db


def names_in(html: str) -> list[str]:
    """The people listed in the members table, in order."""
    return re.findall(r'<a href="/dang-vien/[^/]+/">([^<]+)</a>', html)


def links_of(html: str, label: str) -> list[str]:
    found = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    return [unescape(href) for href, text in found if label in text]


# -- the members list's pages ----------------------------------------------------------------------


@pytest.fixture
def five_members():
    return make_five_members()


def make_five_members():
    """Five official members of cell A (admitted 2015) and one probationary member of cell B."""
    tree = testing.build_tree()
    for name in ("Lò Văn An", "Lò Văn Bình", "Lò Văn Cường", "Lò Văn Dũng", "Lò Văn Giang"):
        testing.admit(testing.person(name), tree.cell_a, date(2015, 3, 2))
    testing.admit(testing.person("Quàng Văn Mới"), tree.cell_b, date(2025, 1, 6), recognize=False)
    return tree


@pytest.mark.parametrize("org", ["", "T.H.X"])  # the user's whole scope; one organization (fast path)
def test_the_second_page_of_the_members_list_shows_the_next_people_and_keeps_the_filters(
    five_members, monkeypatch, org
):
    """Three a page: the five official members make two pages (An, Bình, Cường; Dũng, Giang). The
    "Trang sau" link was "??page=2" (Django's querystring tag already starts with "?"), so it
    stayed on page 1; it now carries the filters with the page."""
    monkeypatch.setattr(members_view, "PAGE_SIZE", 3)
    client = testing.client_for(five_members.district, Role.VIEW, "huyen")
    first = client.get(reverse("members"), {"on": "30/06/2025", "status": "official", "org": org})
    html = first.content.decode()
    assert names_in(html) == ["Lò Văn An", "Lò Văn Bình", "Lò Văn Cường"]
    assert "Trang 1/2" in html
    (following,) = links_of(html, "Trang sau")
    assert following.startswith("?") and not following.startswith("??")
    assert "status=official" in following and "page=2" in following and "on=30%2F06%2F2025" in following
    second = client.get(reverse("members") + following).content.decode()
    assert names_in(second) == ["Lò Văn Dũng", "Lò Văn Giang"]  # not Mới: still only the official ones
    assert "Trang 2/2" in second
    (previous,) = links_of(second, "Trang trước")
    assert names_in(client.get(reverse("members") + previous).content.decode())[0] == "Lò Văn An"


# -- the hamlets figure of the organization on the page ----------------------------------------------


@pytest.fixture
def places():
    """Hand-worked (RULES.md §6.3 [P]): a province whose one commune has three hamlets; a member of
    the hamlet cell lives in Na Ten, nobody in Co Sản or Pá Khoang, so 2/3 hamlets have no member.
    The province's organization-committee cell sits in the province (its locality), as the demo's
    agency cells do; the hamlet cell's locality is its hamlet."""
    from partyorg.organizations.models import Locality, LocalityKind, LocalityParent, OrgKind, OrgSector

    province_place = Locality.objects.create(code="11", name="Tỉnh Hòa Sơn", kind=LocalityKind.PROVINCE)
    commune_place = Locality.objects.create(code="11.1", name="Xã Nà Tấu", kind=LocalityKind.COMMUNE)
    LocalityParent.objects.create(locality=commune_place, parent=province_place)
    hamlets = []
    for i, name in enumerate(("Bản Na Ten", "Bản Co Sản", "Bản Pá Khoang")):
        hamlet = Locality.objects.create(code=f"11.1.{i}", name=name, kind=LocalityKind.HAMLET)
        LocalityParent.objects.create(locality=hamlet, parent=commune_place)
        hamlets.append(hamlet)
    province = testing.found("T", "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE, None, locality=province_place)
    commune = testing.found(
        "T.X",
        "Đảng ủy xã Nà Tấu",
        OrgKind.COMMUNE,
        province,
        sector=OrgSector.COMMUNE,
        locality=commune_place,
    )
    hamlet_cell = testing.found("T.X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune, locality=hamlets[0])
    agency = testing.found(
        "T.B",
        "Chi bộ Ban Tổ chức Tỉnh ủy",
        OrgKind.GRASSROOTS_CELL,
        province,
        sector=OrgSector.PARTY_AGENCY,
        locality=province_place,
    )
    villager = testing.person("Lò Văn Pọm")
    villager.home_locality = hamlets[0]
    villager.save()
    testing.admit(villager, hamlet_cell, date(2015, 3, 2))
    testing.admit(testing.person("Cầm Thị Xuân", sex="female"), agency, date(2015, 3, 2))
    return province, commune, hamlet_cell, agency


HAMLETS_LABEL = "thôn, bản chưa có đảng viên"


def hamlets_card(html: str) -> str | None:
    """The value of the hamlets card ("2/3"), None when the page has none."""
    found = re.search(r'<div class="value">([^<]+)</div><div class="label">' + HAMLETS_LABEL, html)
    return found.group(1) if found else None


def test_the_hamlets_figure_is_the_organization_s_own_or_is_not_shown(places):
    """The commune and the province answer for the commune's three hamlets (2/3 without a member);
    the agency's cell and the hamlet's cell have no territory of hamlets: their organization page
    and their secretaries' dashboards show no hamlets figure (they showed the province's 2/3)."""
    from partyorg.reports.statistics import hamlets_on

    province, commune, hamlet_cell, agency = places
    on = {"on": "30/06/2025"}
    officer = testing.client_for(province, Role.VIEW, "tinh")
    for org in (province, commune):
        assert (
            hamlets_card(officer.get(reverse("organization", args=[org.code]), on).content.decode()) == "2/3"
        )
    for org in (agency, hamlet_cell):
        page = officer.get(reverse("organization", args=[org.code]), on).content.decode()
        assert org.code in page and hamlets_card(page) is None and HAMLETS_LABEL not in page
        assert hamlets_on(org, date(2025, 6, 30)) is None
        secretary = testing.client_for(org, Role.EDIT, f"bithu-{org.code}")
        board = secretary.get(reverse("home"), on).content.decode()
        assert HAMLETS_LABEL not in board
    province_board = officer.get(reverse("home"), on).content.decode()
    assert hamlets_card(province_board) == "2/3"


# -- the dashboard's deadlines, grouped ------------------------------------------------------------


@pytest.fixture
def probationers():
    return make_probationers()


def make_probationers():
    """Three probationary members whose recognition is to be proposed (RULES.md §2.3, QĐ 29 §4.2a:
    within 30 working days after the 12 months of probation from the ceremony, ten days after the
    decision here): Nga in cell A (decided 02/01/2017), Mới in cell B (09/01/2017), both of the
    commune; Thầy in the school (16/01/2017). On 15/01/2018 all three are due within 60 days."""
    tree = testing.build_tree()
    people = {}
    for name, cell, decided in (
        ("Lò Thị Nga", tree.cell_a, date(2017, 1, 2)),
        ("Quàng Văn Mới", tree.cell_b, date(2017, 1, 9)),
        ("Cầm Văn Thầy", tree.school, date(2017, 1, 16)),
    ):
        people[name] = testing.person(name)
        testing.admit(people[name], cell, decided, recognize=False)
    return tree, people


def due_on(decided: date) -> date:
    from partyorg.rules.probation import recognition_proposal_deadline

    return recognition_proposal_deadline(date.fromordinal(decided.toordinal() + 10))


def group_rows(html: str) -> list[tuple[str, ...]]:
    """(what, organization, count, nearest) of each group of the table of groups (what is said once
    above its groups)."""
    found, what = [], ""
    for block in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        heading = re.search(r'<th colspan="3">([^<]+)</th>', block)
        if heading:
            what = heading.group(1)
            continue
        row = re.search(
            r'<td><a [^>]*>([^<]+)</a></td>\s*<td class="num">([^<]+)(?:<br>.*?)?</td>'
            r"\s*<td[^>]*>([^<]+)</td>",
            block,
            re.S,
        )
        if row:
            found.append((what, *(cell.strip() for cell in row.groups())))
    return found


def test_many_deadlines_are_grouped_by_what_and_the_organization_under_the_dashboard_s(
    probationers, monkeypatch
):
    """With more deadlines than listed one a row (one here), the district's officer sees them
    counted by what is due and the organization right under the district holding the member that
    day: the commune (Nga and Mới) and the school (Thầy), the most pressing first. A group opens
    into its people, a page at a time (one a page here); the people of the commune's group are
    Nga then Mới (in order of their due day); a group of an organization outside the user's scope
    is not found."""
    from partyorg.web.views import dashboard, work

    tree, _ = probationers
    monkeypatch.setattr(dashboard, "FLAT_AT_MOST", 1)
    officer = testing.client_for(tree.district, Role.VIEW, "huyen")
    url = reverse("dashboard_due", args=[tree.district.code])
    html = officer.get(url, {"on": "15/01/2018"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Việc đến hạn trong 60 ngày hoặc quá hạn: 3" in html
    assert group_rows(html) == [
        (
            "Xét công nhận đảng viên chính thức",
            "Đảng ủy xã Nà Tấu",
            "2",
            f"{due_on(date(2017, 1, 2)):%d/%m/%Y}",
        ),
        (
            "Xét công nhận đảng viên chính thức",
            "Chi bộ Trường THCS Mường Khoa",
            "1",
            f"{due_on(date(2017, 1, 16)):%d/%m/%Y}",
        ),
    ]
    assert "Lò Thị Nga" not in html  # the people come when a group is opened
    (commune_group,) = [
        href
        for href, text in re.findall(r'href="([^"]*)"[^>]*>([^<]*)</a>', html)
        if text == "Đảng ủy xã Nà Tấu"
    ]
    monkeypatch.setattr(work, "PAGE_SIZE", 1)
    first = officer.get(unescape(commune_group), HTTP_HX_REQUEST="true").content.decode()
    assert first.startswith("<tr") and "Lò Thị Nga" in first and "Quàng Văn Mới" not in first
    assert "Trang 1/2" in first and "2 người" in first
    second = officer.get(unescape(commune_group) + "&page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "Quàng Văn Mới" in second and "Lò Thị Nga" not in second and "Cầm Văn Thầy" not in second
    # Without htmx (a new tab), the group is a page of its own.
    page = officer.get(unescape(commune_group)).content.decode()
    assert "<h1>Xét công nhận đảng viên chính thức — Đảng ủy xã Nà Tấu</h1>" in page
    # The commune's officer asking for the school's group, or the district's list: not found.
    commune_officer = testing.client_for(tree.commune, Role.EDIT, "xa")
    school_group = unescape(commune_group).replace(tree.commune.code, tree.school.code)
    assert commune_officer.get(school_group).status_code == 404
    own = reverse("dashboard_due", args=[tree.commune.code])
    assert (
        commune_officer.get(
            own, {"on": "15/01/2018", "viec": "probation.recognition_deadline", "don-vi": tree.school.code}
        ).status_code
        == 404
    )


def test_few_deadlines_are_listed_one_a_row(probationers):
    """Up to FLAT_AT_MOST (20) deadlines, each person is named on the dashboard, as before."""
    tree, _ = probationers
    officer = testing.client_for(tree.district, Role.VIEW, "huyen")
    url = reverse("dashboard_due", args=[tree.district.code])
    html = officer.get(url, {"on": "15/01/2018"}, HTTP_HX_REQUEST="true").content.decode()
    assert all(name in html for name in ("Lò Thị Nga", "Quàng Văn Mới", "Cầm Văn Thầy"))
    assert group_rows(html) == []


def test_the_candidates_page_groups_its_steps_due_the_same_way(probationers, monkeypatch):
    """The candidates page's "due in the next N days" (here 60) lists, for probationary members
    admitted outside the pipeline, the cell's proposal of recognition (RULES.md §2.3); above the
    limit (one here) grouped by step and the organization under the page's, and a group opens into
    its people."""
    from partyorg.web.views import work_recruitment

    tree, _ = probationers
    monkeypatch.setattr(work_recruitment, "DUE_FLAT_AT_MOST", 1)
    officer = testing.client_for(tree.district, Role.VIEW, "huyen")
    url = reverse("work_candidates", args=[tree.district.code])
    page = officer.get(url, {"on": "15/01/2018", "ngay": "60"}).content.decode()
    assert 'hx-trigger="load"' in page and "Lò Thị Nga" not in page  # the steps due come after the page
    html = officer.get(
        url, {"on": "15/01/2018", "ngay": "60", "den-han": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "3 việc, trong đó 0 việc quá hạn" in html
    title = "Chi bộ xét đề nghị công nhận đảng viên chính thức"
    assert group_rows(html) == [
        (title, "Đảng ủy xã Nà Tấu", "2", f"{due_on(date(2017, 1, 2)):%d/%m/%Y}"),
        (title, "Chi bộ Trường THCS Mường Khoa", "1", f"{due_on(date(2017, 1, 16)):%d/%m/%Y}"),
    ]
    (school_group,) = [
        href
        for href, text in re.findall(r'href="([^"]*)"[^>]*>([^<]*)</a>', html)
        if text == "Chi bộ Trường THCS Mường Khoa"
    ]
    opened = officer.get(unescape(school_group), HTTP_HX_REQUEST="true").content.decode()
    assert "Cầm Văn Thầy" in opened and "Lò Thị Nga" not in opened
    neighbour = testing.client_for(tree.school, Role.ADMINISTER, "truong")
    assert neighbour.get(unescape(school_group)).status_code == 404


# -- an organization's own warnings -----------------------------------------------------------------


@pytest.fixture
def cell_work():
    return make_cell_work()


def make_cell_work():
    """Hand-worked, on 30/06/2025: Hường and Pọm, official members of cell A since 2015, civil
    servants paying on a salary of 5.000.000 đ from 01/2025, so 50.000 đ a month (1%, QĐ 342 in
    force until 31/01/2026, RULES.md §4.1). Pọm paid January to April, Hường nothing: by 30/06 the
    months January to May are over, so Hường owes five months (three months of the year unpaid: the
    warning of §2.9) and Pọm one (May). Cell A met once in 2025, on 12/05 (a regular meeting): the
    complete months January–April and June have no regular meeting (§5), and neither quarter a
    thematic one. The review of 2024 was opened on 15/12/2024 and nobody rated yet (§3)."""
    from partyorg.dues import services as dues
    from partyorg.meetings import services as meetings
    from partyorg.ratings import services as ratings

    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    pom = testing.person("Lò Văn Pọm")
    for who in (huong, pom):
        testing.admit(who, tree.cell_a, date(2015, 3, 2))
        dues.record_basis(
            who, from_month=date(2025, 1, 1), category="civil_servant", amount=5_000_000, recorded_by="t"
        )
    for month in range(1, 5):
        dues.record_payment(
            pom,
            month=date(2025, month, 1),
            amount=50_000,
            paid_on=date(2025, month, 20),
            organization=tree.cell_a,
            recorded_by="t",
        )
    meetings.record_meeting(
        tree.cell_a, kind="regular", held_on=date(2025, 5, 12), duration_minutes=120, recorded_by="t"
    )
    ratings.open_cycle(
        tree.cell_a, year=2024, reviewed_on=date(2024, 12, 15), legal_basis=testing.BASIS, recorded_by="t"
    )
    return tree


def warnings_of(html: str) -> list[str]:
    """Each warning of the dashboard as its text."""
    items = re.findall(r"<li>(.*?)</li>", html.split("Cảnh báo công tác đảng", 1)[-1], re.S)
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", item))).strip() for item in items]


def test_a_cell_s_dashboard_shows_its_own_warnings_from_the_yearly_work(cell_work):
    """The cell's secretary saw "Việc đến hạn: 0" while the dues page warned about members owing
    months: the dashboard of a cell now lists the cell's dues, meetings and ratings warnings (the
    figures of the fixture), each linking to the page that lists them; a neighbouring cell's
    officer cannot ask for them, and the province's dashboard (too large) has none."""
    tree = cell_work
    secretary = testing.client_for(tree.cell_a, Role.EDIT, "bithu")
    board = secretary.get(reverse("home"), {"on": "30/06/2025"}).content.decode()
    url = reverse("dashboard_due", args=[tree.cell_a.code])
    assert f'hx-get="{url}?on=30/06/2025&amp;canh-bao=1"' in board  # asked for after the page
    due = secretary.get(url, {"on": "30/06/2025"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Việc đến hạn trong 60 ngày hoặc quá hạn: 0" in due
    html = secretary.get(url, {"on": "30/06/2025", "canh-bao": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Cảnh báo công tác đảng của tổ chức: 5" in html
    assert warnings_of(html) == [
        "Đảng viên không nộp đảng phí ba tháng trong năm (chi bộ xem xét, đề nghị xóa tên): 1"
        " — Nguyễn Thị Hường",
        "Đảng viên còn nợ đảng phí các tháng đã qua trong năm: 2 — Nguyễn Thị Hường, Lò Văn Pọm",
        "Tháng chưa sinh hoạt thường kỳ: 5 — 01/2025, 02/2025, 03/2025, 04/2025, 06/2025",
        "Quý chưa sinh hoạt chuyên đề: 2 — Quý 1/2025, Quý 2/2025",
        "Đảng viên chưa được xếp loại năm 2024: 2",
    ]
    assert reverse("work_dues", args=[tree.cell_a.code]) in html
    assert reverse("work_findings", args=[tree.cell_a.code]) in html
    neighbour = testing.client_for(tree.cell_b, Role.EDIT, "bithu-b")
    assert neighbour.get(url, {"on": "30/06/2025", "canh-bao": "1"}).status_code == 404
    province = testing.client_for(tree.province, Role.APPROVE, "bantochuc")
    assert "canh-bao" not in province.get(reverse("home"), {"on": "30/06/2025"}).content.decode()
    too_large = reverse("dashboard_due", args=[tree.province.code])
    asked = province.get(too_large, {"on": "30/06/2025", "canh-bao": "1"}, HTTP_HX_REQUEST="true")
    assert asked.status_code == 200 and "Cảnh báo công tác đảng" not in asked.content.decode()
