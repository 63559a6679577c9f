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
