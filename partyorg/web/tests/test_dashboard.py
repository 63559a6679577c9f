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
