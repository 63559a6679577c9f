"""Names that are ambiguous alone carry their parent's (issue 13: "Chi bộ Văn phòng" twice in one
search, duplicate names on the ratings page, names without their cell on "nhiều năm không hoàn
thành").

The cast (partyorg.testing) with a second commune and two cells named "Chi bộ Văn phòng", one under
each commune; the second is founded on 01/01/2015, so before that day the first one's name is its
own::

    Huyện ủy Mường Khoa
    ├── Đảng ủy xã Nà Tấu ── Chi bộ bản Na Ten, Chi bộ bản Co Sản, Chi bộ Văn phòng (2000)
    ├── Đảng ủy xã Mường Tùng ── Chi bộ Văn phòng (2015)
    └── Chi bộ Trường THCS Mường Khoa
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.organizations.models import OrgKind, OrgSector
from partyorg.organizations.queries import display_names
from partyorg.ratings import services as ratings
from partyorg.ratings.models import RatingLevel
from partyorg.ratings.services import RatingEntry
from partyorg.web.views.work import name_of, names_on

pytestmark = pytest.mark.django_db

OFFICE = "Chi bộ Văn phòng"
IN_NA_TAU = "Chi bộ Văn phòng — Đảng ủy xã Nà Tấu"
IN_MUONG_TUNG = "Chi bộ Văn phòng — Đảng ủy xã Mường Tùng"


@pytest.fixture
def cast():
    tree = testing.build_tree()
    other = testing.found(
        "T.H.Y",
        "Đảng ủy xã Mường Tùng",
        OrgKind.GRASSROOTS_COMMITTEE,
        tree.district,
        sector=OrgSector.COMMUNE,
    )
    office_a = testing.found("T.H.X.3", OFFICE, OrgKind.CELL, tree.commune)
    office_b = testing.found("T.H.Y.1", OFFICE, OrgKind.CELL, other, on=date(2015, 1, 1))
    return SimpleNamespace(tree=tree, other=other, office_a=office_a, office_b=office_b)


def test_a_shared_name_carries_its_parent_and_a_unique_one_does_not(cast, django_assert_max_num_queries):
    ids = [cast.office_a.pk, cast.office_b.pk, cast.tree.cell_a.pk, cast.tree.commune.pk]
    with django_assert_max_num_queries(2):
        names = display_names(ids, date(2020, 6, 30))
    assert names == {
        cast.office_a.pk: IN_NA_TAU,
        cast.office_b.pk: IN_MUONG_TUNG,
        cast.tree.cell_a.pk: "Chi bộ bản Na Ten",
        cast.tree.commune.pk: "Đảng ủy xã Nà Tấu",
    }


def test_a_name_is_qualified_when_another_organization_bears_it_that_day_even_off_the_list(cast):
    """Only the Nà Tấu cell is asked for: still qualified, as the other one stands that day too."""
    assert display_names([cast.office_a.pk], date(2020, 6, 30)) == {cast.office_a.pk: IN_NA_TAU}
    assert names_on([cast.office_a.pk], date(2020, 6, 30)) == {cast.office_a.pk: IN_NA_TAU}
    assert name_of(cast.office_b, date(2020, 6, 30)) == IN_MUONG_TUNG


def test_before_the_second_cell_was_founded_the_name_was_its_own(cast):
    assert display_names([cast.office_a.pk], date(2014, 12, 31)) == {cast.office_a.pk: OFFICE}
    assert name_of(cast.office_a, date(2014, 12, 31)) == OFFICE


def test_the_search_shows_both_cells_with_their_committee(cast):
    district = testing.client_for(cast.tree.district, Role.VIEW, "huyen")
    page = district.get(reverse("organizations"), {"q": "van phong", "on": "30/06/2020"}).content.decode()
    assert IN_NA_TAU in page and IN_MUONG_TUNG in page
    unique = district.get(reverse("organizations"), {"q": "na ten", "on": "30/06/2020"}).content.decode()
    assert ">Chi bộ bản Na Ten<" in unique


def test_a_neighbour_finds_neither_cell(cast):
    neighbour = testing.client_for(cast.tree.school, Role.ADMINISTER, "truong")
    page = neighbour.get(reverse("organizations"), {"q": "van phong", "on": "30/06/2020"}).content.decode()
    assert OFFICE not in page and "Không có tổ chức nào" in page


def rate_not_fulfilled(cell, who, years):
    for year in years:
        cycle = ratings.open_cycle(
            cell, year=year, reviewed_on=date(year, 12, 18), legal_basis=testing.BASIS, recorded_by="t"
        )
        ratings.rate_members(
            cycle, [RatingEntry(who, RatingLevel.NOT_FULFILLED)], legal_basis=testing.BASIS, recorded_by="t"
        )


def test_the_ratings_page_tells_the_two_cells_apart_and_names_the_cell_of_each_flagged_member(cast):
    """Rated "Không hoàn thành nhiệm vụ" in 2020 and 2021: flagged in 2021 (RULES.md §2.9 ground 4,
    two years in a row, [U]), each shown with the cell that rated them."""
    an = testing.person("Lò Văn An")
    testing.admit(an, cast.office_a, date(2010, 3, 1))
    binh = testing.person("Quàng Văn Bình")
    testing.admit(binh, cast.office_b, date(2016, 3, 1))
    rate_not_fulfilled(cast.office_a, an, (2020, 2021))
    rate_not_fulfilled(cast.office_b, binh, (2020, 2021))
    district = testing.client_for(cast.tree.district, Role.VIEW, "huyen")
    query = {"nam": "2021", "on": "30/06/2022"}
    page = district.get(reverse("work_ratings", args=[cast.tree.district.code]), query).content.decode()
    assert IN_NA_TAU in page and IN_MUONG_TUNG in page
    figures = district.get(reverse("work_rating_figures", args=[cast.tree.district.code]), query)
    listed = figures.content.decode()
    assert f'Lò Văn An</a><span class="muted">, {IN_NA_TAU}</span>' in listed
    assert f'Quàng Văn Bình</a><span class="muted">, {IN_MUONG_TUNG}</span>' in listed
