"""A cell serving several hamlets, a grassroots committee answering for a second commune (issue 15:
"a cell serving several hamlets, today one locality and a flag"). The figures are worked by hand
from RULES.md §1.2 [P] (a hamlet with fewer than 3 official members meets in a combined cell with a
neighbouring hamlet, "chi bộ ghép / sinh hoạt ghép") and §6.3 [P] (hamlets without party members as
"x/total", hamlets without a cell, cells meeting as combined cells).

The cast: Xã Nà Tấu with three hamlets. Bản Na Ten has its own cell and a member living there; the
combined cell is located in Bản Co Sản, where a member lives, and also serves Bản Pá Khoang, where
nobody lives, from 01/01/2017 (recorded; the cell's own locality is its first hamlet)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.organizations import localities as services
from partyorg.organizations.localities import LocalityRefused, served_on
from partyorg.organizations.models import Locality, LocalityChangeKind, LocalityKind, OrgKind, OrgSector
from partyorg.reports.statistics import hamlets_on

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("15-QĐ/ĐU", date(2016, 12, 20), "Đảng ủy xã Nà Tấu")
BY = "bantochuc.huyen"
SERVED_FROM = date(2017, 1, 1)


def cast():
    commune_place = services.create_locality(
        "01", "Xã Nà Tấu", LocalityKind.COMMUNE, created_on=None, legal_basis=BASIS, recorded_by=BY
    )
    hamlets = [
        services.create_locality(
            f"01.{i}",
            name,
            LocalityKind.HAMLET,
            created_on=None,
            parent=commune_place,
            legal_basis=BASIS,
            recorded_by=BY,
        )
        for i, name in enumerate(("Bản Na Ten", "Bản Co Sản", "Bản Pá Khoang"))
    ]
    commune = testing.found(
        "X",
        "Đảng ủy xã Nà Tấu",
        OrgKind.GRASSROOTS_COMMITTEE,
        None,
        locality=commune_place,
        sector=OrgSector.COMMUNE,
    )
    own = testing.found("X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune, locality=hamlets[0])
    shared = testing.found(
        "X.2", "Chi bộ ghép Co Sản – Pá Khoang", OrgKind.CELL, commune, locality=hamlets[1], is_combined=True
    )
    for org, hamlet in ((own, hamlets[0]), (shared, hamlets[1])):
        who = testing.person()
        who.home_locality = hamlet
        who.save()
        testing.admit(who, org, date(2010, 3, 1))
    served = services.serve_locality(
        shared, hamlets[2], valid_from=SERVED_FROM, legal_basis=BASIS, recorded_by=BY
    )
    return commune, shared, hamlets, served


def names(figure) -> set[str]:
    return {h.name for h in figure.localities()}


def test_each_hamlet_a_combined_cell_serves_is_counted_as_the_day_stood():
    commune, shared, hamlets, _served = cast()
    before = hamlets_on(commune, date(2016, 12, 31))
    assert (before.without_members.value, before.without_members.total) == (1, 3)  # Pá Khoang
    assert names(before.without_own_cell) == {"Bản Co Sản", "Bản Pá Khoang"}
    assert names(before.combined) == {"Bản Co Sản"}  # served from 01/01/2017 only
    after = hamlets_on(commune, date(2017, 6, 30))
    assert names(after.combined) == {"Bản Co Sản", "Bản Pá Khoang"}  # 2/3 meet in a combined cell
    assert after.combined.total == 3
    assert names(after.without_own_cell) == {"Bản Co Sản", "Bản Pá Khoang"}
    assert names(after.without_members) == {"Bản Pá Khoang"}
    assert [Locality.objects.get(pk=pk).name for pk in served_on(shared, date(2017, 6, 30))] == [
        "Bản Co Sản",
        "Bản Pá Khoang",
    ]
    assert served_on(shared, date(2016, 12, 31)) == [hamlets[1].pk]


def test_a_served_hamlet_corrected_or_withdrawn_changes_the_past_figures():
    commune, _shared, _hamlets, served = cast()
    later = services.correct_served(
        served, legal_basis=BASIS, recorded_by=BY, note="Sai ngày", valid_from=date(2017, 7, 1)
    )
    assert hamlets_on(commune, date(2017, 6, 30)).combined.value == 1
    assert hamlets_on(commune, date(2017, 7, 1)).combined.value == 2
    with pytest.raises(LocalityRefused, match="đã được sửa hoặc hủy"):
        services.correct_served(served, legal_basis=BASIS, recorded_by=BY, valid_from=date(2018, 1, 1))
    services.correct_served(later, legal_basis=BASIS, recorded_by=BY, note="Nhập nhầm", withdrawn=True)
    assert hamlets_on(commune, date(2020, 1, 1)).combined.value == 1


def test_a_cell_that_did_not_stand_that_day_cannot_serve():
    _commune, shared, hamlets, _served = cast()
    with pytest.raises(LocalityRefused, match=r"X\.2 không tồn tại vào ngày 01/01/1990"):
        services.serve_locality(
            shared, hamlets[0], valid_from=date(1990, 1, 1), legal_basis=BASIS, recorded_by=BY
        )


def test_a_grassroots_committee_answering_for_a_second_commune_counts_its_hamlets_as_the_tree_stood():
    """From 01/07/2025 the commune committee also answers for Xã Mường Khoa: Bản Huổi Lóng lies under
    it then, Bản Pú Nhi only from 01/01/2026 (attached that day). Nobody lives in either, nor in Pá
    Khoang: 2/4 without members on 01/07/2025 (Pá Khoang, Huổi Lóng), 3/5 on 01/01/2026 (and Pú
    Nhi); before 01/07/2025, 1/3 (Pá Khoang)."""
    commune, _shared, _hamlets, _served = cast()
    muong_khoa = services.create_locality(
        "02", "Xã Mường Khoa", LocalityKind.COMMUNE, created_on=None, legal_basis=BASIS, recorded_by=BY
    )
    services.create_locality(
        "02.1",
        "Bản Huổi Lóng",
        LocalityKind.HAMLET,
        created_on=None,
        parent=muong_khoa,
        legal_basis=BASIS,
        recorded_by=BY,
    )
    pu_nhi = services.create_locality(
        "02.2", "Bản Pú Nhi", LocalityKind.HAMLET, created_on=None, legal_basis=BASIS, recorded_by=BY
    )
    services.record_locality_change(
        pu_nhi,
        LocalityChangeKind.ATTACHED,
        effective_on=date(2026, 1, 1),
        parent=muong_khoa,
        legal_basis=BASIS,
        recorded_by=BY,
    )
    services.serve_locality(
        commune, muong_khoa, valid_from=date(2025, 7, 1), legal_basis=BASIS, recorded_by=BY
    )
    on = hamlets_on(commune, date(2025, 7, 1))
    assert (on.without_members.value, on.without_members.total) == (2, 4)
    assert names(on.without_members) == {"Bản Pá Khoang", "Bản Huổi Lóng"}
    later = hamlets_on(commune, date(2026, 1, 1))
    assert (later.without_members.value, later.without_members.total) == (3, 5)
    earlier = hamlets_on(commune, date(2025, 6, 30))
    assert (earlier.without_members.value, earlier.without_members.total) == (1, 3)
