"""`partyorg stats summary`: the organizations right under one by kind, the upper levels, the
named hamlet lists, form 1's B.2a and C.5a and the badges reached, in text and JSON; hand-worked on
the test cast (partyorg.testing), the clock frozen where today matters."""

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.organizations.models import Locality, LocalityKind, LocalityParent, OrgKind, OrgSector

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tree():
    """The cast, with a bloc (and its grassroots cell) right under the province."""
    cast = testing.build_tree()
    bloc = testing.found("T.K", "Đảng ủy Khối cơ quan tỉnh", OrgKind.BLOC, cast.province)
    testing.found(
        "T.K.1", "Chi bộ Sở Tài chính", OrgKind.GRASSROOTS_CELL, bloc, sector=OrgSector.STATE_AGENCY
    )
    return cast


def test_the_summary_prints_the_committees_right_under_and_the_upper_levels(tree):
    """Hand-worked: right under the province on 30/06/2017 stand the district and the bloc: "2 đảng
    bộ trực thuộc", no cell; its subtree holds 1 district and 1 bloc committee, no commune committee
    (those come with the 2025 reform). Right under the district: the commune's grassroots committee
    and the school's grassroots cell."""
    printed = run("stats", "summary", "--org", "T", "--on", "30/06/2017")
    assert (
        "Trực thuộc: 2 đảng bộ, 0 chi bộ (1 đảng bộ huyện, quận, thị xã; "
        "1 đảng bộ khối, cơ quan, lực lượng vũ trang)" in printed
    )
    assert "Cấp trên cơ sở: 1 đảng bộ huyện; 0 đảng bộ xã, phường, đặc khu; 1 đảng bộ khối" in printed
    data = json.loads(run("stats", "summary", "--org", "T", "--on", "30/06/2017", "--json"))
    assert data["directly_under"] == {
        "committees": 2,
        "cells": 0,
        "by_kind": {"district": 1, "bloc": 1},
    }
    assert (data["district_committees"], data["commune_committees"], data["bloc_committees"]) == (1, 0, 1)
    district = json.loads(run("stats", "summary", "--org", "T.H", "--on", "30/06/2017", "--json"))
    assert district["directly_under"] == {
        "committees": 1,
        "cells": 1,
        "by_kind": {"grassroots_committee": 1, "grassroots_cell": 1},
    }
    printed = run("stats", "summary", "--org", "T.H.X.1", "--on", "30/06/2017")
    assert "Trực thuộc: 0 đảng bộ, 0 chi bộ\n" in printed and "Cấp trên cơ sở" not in printed


def test_the_summary_names_the_hamlets_without_members_and_without_their_own_cell():
    """Hand-worked (RULES.md §6.3 [P]): a commune of three hamlets; Na Ten has its own cell and a
    member living there; Co Sản and Pá Khoang share a combined cell, a member lives in Co Sản. On
    30/06/2017: Pá Khoang has no member; Co Sản and Pá Khoang have no cell of their own."""
    place = Locality.objects.create(code="01", name="Xã Nà Tấu", kind=LocalityKind.COMMUNE)
    hamlets = [
        Locality.objects.create(code=f"01.{i}", name=name, kind=LocalityKind.HAMLET)
        for i, name in enumerate(("Bản Na Ten", "Bản Co Sản", "Bản Pá Khoang"))
    ]
    for hamlet in hamlets:
        LocalityParent.objects.create(locality=hamlet, parent=place)
    commune = testing.found("X", "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE, None, locality=place)
    own = testing.found("X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune, locality=hamlets[0])
    shared = testing.found(
        "X.2", "Chi bộ ghép Co Sản – Pá Khoang", OrgKind.CELL, commune, locality=hamlets[1], is_combined=True
    )
    for org, hamlet in ((own, hamlets[0]), (shared, hamlets[1])):
        who = testing.person()
        who.home_locality = hamlet
        who.save()
        testing.admit(who, org, date(2010, 3, 1))
    printed = run("stats", "summary", "--org", "X", "--on", "30/06/2017")
    assert "Thôn, bản chưa có đảng viên: 1/3; chưa có chi bộ riêng: 2/3" in printed
    assert "  Chưa có đảng viên: Bản Pá Khoang (01.2)" in printed
    assert "Bản Co Sản" not in printed  # the hamlets without their own cell: in the JSON
    data = json.loads(run("stats", "summary", "--org", "X", "--on", "30/06/2017", "--json"))
    assert data["hamlets_without_members_list"] == [{"code": "01.2", "name": "Bản Pá Khoang"}]
    assert [h["name"] for h in data["hamlets_without_own_cell_list"]] == ["Bản Co Sản", "Bản Pá Khoang"]


def test_the_summary_gives_form_1_transfers_from_and_to_outside(tree):
    """Form 1's B.2a and C.5a (RULES.md §6.2 [P]: from and to another province), hand-worked: in
    the first half of 2017 one member arrives from Lai Châu (nothing recorded of them before), one
    leaves for Lai Châu, one moves between two cells of the province (neither)."""
    stays, leaves, moves = testing.person("Lò Văn Ở"), testing.person("Lò Văn Đi"), testing.person()
    for who in (stays, leaves, moves):
        testing.admit(who, tree.cell_a, date(2010, 3, 1))
    comer = testing.person("Lò Thị Đến", sex="female")
    testing.record(
        comer, K.TRANSFER_IN, date(2017, 2, 1), organization=tree.cell_b, external_place="Tỉnh Lai Châu"
    )
    testing.record(leaves, K.TRANSFER_OUT, date(2017, 3, 15), external_place="Đảng bộ tỉnh Lai Châu")
    testing.record(moves, K.TRANSFER_OUT, date(2017, 4, 1), other_organization=tree.school)
    testing.record(moves, K.TRANSFER_IN, date(2017, 4, 10), organization=tree.school)
    args = ("stats", "summary", "--org", "T", "--from", "01/01/2017", "--to", "30/06/2017")
    period = json.loads(run(*args, "--json"))["period"]
    assert (period["in"]["transferred_in"], period["out"]["transferred_out"]) == (1, 1)
    assert (period["transferred_in_from_outside"], period["transferred_out_to_outside"]) == (1, 1)
    commune = json.loads(
        run("stats", "summary", "--org", "T.H.X", "--from", "01/01/2017", "--to", "30/06/2017", "--json")
    )["period"]
    # The commune sees the move to the school as a transfer out, but not to outside the records.
    assert (commune["out"]["transferred_out"], commune["transferred_out_to_outside"]) == (2, 1)
    printed = run(*args)
    assert "    trong đó chuyển đến từ ngoài đảng bộ (B.2a): 1" in printed
    assert "    trong đó chuyển đi ra ngoài đảng bộ (C.5a): 1" in printed


@time_machine.travel(date(2018, 1, 10), tick=False)
def test_the_summary_counts_the_badges_reached_by_the_day():
    """RULES.md §2.6 [V] (HD 01-HD/TW item 18). Hand-worked: An (decided 01/10/1985) and Bình
    (01/02/1987) have reached 30 years by 31/12/2017, An's badge awarded on 03/02/2016; Châu
    (05/03/1977) has reached 40. Without --on the day is today (10/01/2018), the same figures."""
    province = testing.found("P", "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE, None, on=date(1970, 1, 1))
    cell = testing.found("P.1", "Chi bộ Cơ quan", OrgKind.GRASSROOTS_CELL, province, on=date(1970, 1, 1))
    an = testing.person("An", birth_date=date(1955, 1, 1))
    for who, decided in ((an, date(1985, 10, 1)), (testing.person("Bình"), date(1987, 2, 1))):
        testing.admit(who, cell, decided)
    testing.admit(testing.person("Châu", birth_date=date(1955, 1, 1)), cell, date(1977, 3, 5))
    testing.record(an, K.BADGE_AWARDED, date(2016, 2, 3), detail="30")
    printed = run("stats", "summary", "--org", "P", "--on", "31/12/2017", "--badges")
    assert "Đủ 30 năm tuổi Đảng: 2 đảng viên, đã tặng Huy hiệu 1, chưa tặng 1" in printed
    assert "Đủ 40 năm tuổi Đảng: 1 đảng viên, đã tặng Huy hiệu 0, chưa tặng 1" in printed
    assert "Đủ 45 năm" not in printed
    data = json.loads(run("stats", "summary", "--org", "P", "--badges", "--json"))
    assert data["on"] == "2018-01-10"
    assert data["badges"]["30"] == {"reached": 2, "awarded": 1}
    assert data["badges"]["40"] == {"reached": 1, "awarded": 0}
    assert "badges" not in json.loads(run("stats", "summary", "--org", "P", "--json"))
