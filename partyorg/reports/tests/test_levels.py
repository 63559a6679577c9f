"""The organizations right under one organization by kind, the upper levels of a subtree, and the
badges reached by a day: hand-worked trees of the test cast (partyorg.testing)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.organizations import services as org_services
from partyorg.organizations.models import OrgKind, OrgSector
from partyorg.reports.statistics import directly_under, organizations_on
from partyorg.reports.statistics.badges import badges_reached

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)


@pytest.fixture
def tree():
    """The cast's tree, with a bloc and the province's military committee right under the province::

    T  Tỉnh ủy Hòa Sơn (province)
    ├── T.H  Huyện ủy Mường Khoa (district; dissolved 01/07/2025)
    │   ├── T.H.X  Đảng ủy xã Nà Tấu (grassroots committee; commune committee under T from 01/07/2025)
    │   │   ├── T.H.X.1, T.H.X.2  (cells)
    │   └── T.H.S  Chi bộ Trường THCS (grassroots cell; under T.H.X from 01/07/2025)
    ├── T.K  Đảng ủy Khối cơ quan (bloc)
    │   └── T.K.1  Chi bộ Sở Tài chính (grassroots cell)
    └── T.Q  Đảng ủy Quân sự tỉnh (grassroots committee)
        ├── T.Q.1  Chi bộ Cơ quan (cell)
        └── T.Q.B  Đảng bộ bộ phận Tiểu đoàn (sub-committee)
            └── T.Q.B.1  Chi bộ Đại đội 1 (cell)
    """
    cast = testing.build_tree()
    bloc = testing.found("T.K", "Đảng ủy Khối cơ quan tỉnh", OrgKind.BLOC, cast.province)
    testing.found(
        "T.K.1", "Chi bộ Sở Tài chính", OrgKind.GRASSROOTS_CELL, bloc, sector=OrgSector.STATE_AGENCY
    )
    army = testing.found(
        "T.Q", "Đảng ủy Quân sự tỉnh", OrgKind.GRASSROOTS_COMMITTEE, cast.province, sector=OrgSector.ARMY
    )
    testing.found("T.Q.1", "Chi bộ Cơ quan", OrgKind.CELL, army)
    battalion = testing.found("T.Q.B", "Đảng bộ bộ phận Tiểu đoàn", OrgKind.SUB_COMMITTEE, army)
    testing.found("T.Q.B.1", "Chi bộ Đại đội 1", OrgKind.CELL, battalion)
    return cast


def reform(cast: testing.Tree) -> None:
    """01/07/2025 (RULES.md §1.1 [V], QĐ 294): the commune committee goes right under the province
    as a commune-level committee, the school under it, the district is dissolved."""
    basis, by = testing.BASIS, testing.OFFICER
    org_services.move(
        cast.commune, cast.province, effective_on=REFORM, new_kind=OrgKind.COMMUNE, legal_basis=basis,
        recorded_by=by,
    )  # fmt: skip
    org_services.move(cast.school, cast.commune, effective_on=REFORM, legal_basis=basis, recorded_by=by)
    services.dissolve_organization(
        cast.district, effective_on=REFORM, successor=None, legal_basis=basis, recorded_by=by
    )


def counts(under) -> dict[str, int]:
    return {kind: figure.value for kind, figure in under.by_kind.items() if figure.value}


def test_the_committees_right_under_the_province_are_counted_by_kind_on_the_day(tree):
    """Hand-worked from the tree above. On 30/06/2017, right under the province: the district, the
    bloc and the military committee: 3 "đảng bộ trực thuộc", no cell. After the reform, on
    01/07/2025: the bloc, the military committee and the commune committee (the district is gone): 3
    again, of other kinds."""
    on = date(2017, 6, 30)
    under = directly_under(tree.province, on)
    assert counts(under) == {OrgKind.DISTRICT: 1, OrgKind.BLOC: 1, OrgKind.GRASSROOTS_COMMITTEE: 1}
    assert (under.committees.value, under.cells.value, under.total) == (3, 0, 3)
    district = directly_under(tree.district, on)
    assert (district.committees.value, district.cells.value) == (1, 1)  # the commune, the school
    army = directly_under(_org("T.Q"), on)
    assert counts(army) == {OrgKind.SUB_COMMITTEE: 1, OrgKind.CELL: 1}
    assert (army.committees.value, army.cells.value) == (1, 1)
    assert directly_under(tree.cell_a, on).total == 0
    reform(tree)
    before = directly_under(tree.province, date(2025, 6, 30))
    assert before.committees.value == 3 and before.by_kind[OrgKind.DISTRICT].value == 1
    after = directly_under(tree.province, REFORM)
    assert counts(after) == {OrgKind.COMMUNE: 1, OrgKind.BLOC: 1, OrgKind.GRASSROOTS_COMMITTEE: 1}
    assert after.committees.organization_ids == {tree.commune.pk, _org("T.K").pk, _org("T.Q").pk}
    commune = directly_under(tree.commune, REFORM)
    assert (commune.committees.value, commune.cells.value) == (0, 3)  # two cells and the school
    assert directly_under(tree.district, REFORM).total == 0  # dissolved that day


def test_the_upper_levels_of_a_subtree_follow_the_reform(tree):
    """Hand-worked: on 30/06/2017 the province has 1 district, 0 commune and 1 bloc committees,
    2 grassroots committees (the commune, the military), 2 grassroots cells (the school, the
    finance office), 1 sub-committee and 4 subordinate cells; on 01/07/2025 no district and 1
    commune committee, and the commune is no longer a grassroots committee."""
    on = date(2017, 6, 30)
    orgs = organizations_on(tree.province, on)
    assert (orgs.districts.value, orgs.communes.value, orgs.blocs.value) == (1, 0, 1)
    assert (orgs.grassroots_committees.value, orgs.grassroots_cells.value) == (2, 2)
    assert (orgs.sub_committees.value, orgs.cells.value) == (1, 4)
    reform(tree)
    later = organizations_on(tree.province, REFORM)
    assert (later.districts.value, later.communes.value, later.blocs.value) == (0, 1, 1)
    assert (later.grassroots_committees.value, later.grassroots_cells.value) == (1, 2)
    assert organizations_on(tree.province, on) == orgs  # the past as it stood


def _org(code: str):
    from partyorg.organizations.models import Organization

    return Organization.objects.get(code=code)


def test_badges_reached_by_a_day_count_the_highest_milestone_and_those_awarded():
    """RULES.md §2.6 [V] (HD 01-HD/TW item 18): a badge at 30, 40, 45, … years of net party age.
    Hand-worked on 30/06/2017, members of one cell founded in 1970:
    - An: decided 01/10/1985, 31 years: reached 30, its badge awarded 03/02/2016;
    - Bình: decided 01/02/1987, 30 years on 01/02/2017: reached 30, not awarded;
    - Châu: decided 05/03/1977, 40 years on 05/03/2017: reached 40 (not 30 any more), not awarded;
    - Dũng: decided 01/09/1987, 30 years only on 01/09/2017: reaches nothing by 30/06/2017.
    On 31/12/2017 Dũng has reached 30 too."""
    province = testing.found("P", "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE, None, on=date(1970, 1, 1))
    cell = testing.found("P.1", "Chi bộ Cơ quan", OrgKind.GRASSROOTS_CELL, province, on=date(1970, 1, 1))
    people = {}
    for name, decided in (
        ("An", date(1985, 10, 1)),
        ("Bình", date(1987, 2, 1)),
        ("Châu", date(1977, 3, 5)),
        ("Dũng", date(1987, 9, 1)),
    ):
        people[name] = testing.person(name, birth_date=date(1955, 1, 1))
        testing.admit(people[name], cell, decided)
    testing.record(people["An"], K.BADGE_AWARDED, date(2016, 2, 3), detail="30")
    found = badges_reached(province, date(2017, 6, 30))
    assert set(found.reached) == {30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}
    assert set(found.reached[30].people()) == {people["An"], people["Bình"]}
    assert set(found.awarded[30].people()) == {people["An"]}
    assert set(found.reached[40].people()) == {people["Châu"]}
    assert (found.waiting(30), found.waiting(40), found.reached[45].value) == (1, 1, 0)
    assert badges_reached(province, date(2017, 12, 31)).reached[30].value == 3
