"""The localities an organization serves travel in the interchange file ("Địa bàn phụ trách", the
organizations app's record kit): exported, loaded into an empty database to the same file, held to
the uploader's scope, and a unit's log row refused to anyone but an administrator. Cast:
partyorg.testing's tree (T province, T.H district, T.H.X commune with cells T.H.X.1 and T.H.X.2,
T.H.S the district's school)."""

import uuid
from datetime import date, datetime

import pytest
from django.db import transaction
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.scope_check import out_of_scope
from partyorg.organizations import localities as services
from partyorg.organizations.interchange import LocalityChangeRecord, ServedLocalityRecord
from partyorg.organizations.models import LocalityKind, OrgChangeKind, ServedLocality

pytestmark = pytest.mark.django_db

AT = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
BASIS = LegalBasis("15-QĐ/ĐU", date(2016, 12, 20), "Đảng ủy xã Nà Tấu")
BY = "bantochuc.huyen"


class Discard(Exception):
    pass


def build(tree):
    commune = services.create_locality.within(
        "01", "Xã Nà Tấu", LocalityKind.COMMUNE, created_on=None, legal_basis=BASIS, recorded_by=BY
    )
    hamlets = [
        services.create_locality.within(
            f"01.{i}",
            name,
            LocalityKind.HAMLET,
            created_on=None,
            parent=commune,
            legal_basis=BASIS,
            recorded_by=BY,
        )
        for i, name in enumerate(("Bản Co Sản", "Bản Pá Khoang"))
    ]
    served = services.serve_locality.within(
        tree.cell_b, hamlets[1], valid_from=date(2017, 1, 1), legal_basis=BASIS, recorded_by=BY
    )
    services.correct_served.within(
        served, legal_basis=BASIS, recorded_by=BY, note="Sai ngày", valid_from=date(2017, 7, 1)
    )
    return hamlets


def test_served_localities_reload_into_an_empty_database_to_the_same_file(tmp_path):
    first = tmp_path / "first.jsonl"
    try:
        with transaction.atomic():
            tree = testing.build_tree()
            build(tree)
            write_file(dump(), first)
            raise Discard
    except Discard:
        pass
    assert not ServedLocality.objects.exists()
    report = load(read_file(first))
    assert report.created["served_locality"] == 2
    kept = ServedLocality.objects.in_force().get()
    assert (kept.locality.code, kept.valid_from, kept.corrects.valid_from) == (
        "01.1",
        date(2017, 7, 1),
        date(2017, 1, 1),
    )
    second = tmp_path / "second.jsonl"
    write_file(dump(), second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_an_upload_may_give_served_localities_only_for_the_uploaders_organizations():
    tree = testing.build_tree()
    build(tree)
    school = testing.user_with("truong", (tree.school, Role.EDIT))
    commune = testing.user_with("xa", (tree.commune, Role.EDIT))
    row = ServedLocalityRecord(
        uid=str(uuid.uuid4()),
        organization="T.H.X.2",
        locality="01.0",
        valid_from=date(2020, 1, 1),
        recorded_at=AT,
        recorded_by="truong",
    )
    rows = [(Location(row.TYPE, 2), row)]
    assert out_of_scope(rows, Scope(commune, date(2026, 1, 5))) == []
    refused = [str(p) for p in out_of_scope(rows, Scope(school, date(2026, 1, 5)))]
    assert len(refused) == 1 and "T.H.X.2" in refused[0]
    unit_row = LocalityChangeRecord(
        uid=str(uuid.uuid4()),
        locality="01.0",
        kind="ended",
        recorded_at=AT,
        recorded_by="xa",
        effective_on=date(2025, 7, 1),
    )
    refused = [
        str(p)
        for p in out_of_scope([(Location(unit_row.TYPE, 2), unit_row)], Scope(commune, date(2026, 1, 5)))
    ]
    assert len(refused) == 1 and "quản trị hệ thống" in refused[0]


def test_a_served_row_for_a_cell_founded_later_is_refused_naming_the_cell():
    tree = testing.build_tree()
    hamlets = build(tree)
    founded = tree.cell_a.change_items.get(change__kind=OrgChangeKind.FOUNDED).change
    row = ServedLocalityRecord(
        uid=str(uuid.uuid4()),
        organization="T.H.X.1",
        locality=hamlets[0].code,
        valid_from=date(founded.effective_on.year - 1, 1, 1),
        recorded_at=AT,
        recorded_by=BY,
    )
    with pytest.raises(ExchangeError, match=r"T\.H\.X\.1 không tồn tại"):
        load([(Location(row.TYPE, 2), row)])
    assert not ServedLocality.objects.filter(organization=tree.cell_a).exists()
