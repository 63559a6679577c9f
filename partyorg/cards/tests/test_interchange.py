"""The card register's record kit (cards/interchange.py): a file's rows are written by the cards
services under the file's uid and recorded_at, corrections and withdrawals included, and the same
file comes out again; a row breaking a rule of the register stops the whole file."""

import dataclasses
from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.cards import services
from partyorg.cards.interchange import CardRecord
from partyorg.cards.models import CardAction, PartyCard
from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("125-QĐ/HU", date(2016, 4, 20), "Ban Thường vụ Huyện ủy Mường Khoa")


class Discard(Exception):
    pass


def build() -> None:
    """Pọm's card issued with a wrong number, corrected; lost and reissued; a reissue entered for the
    wrong day, withdrawn."""
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    wrong = services.record_card.within(
        pom, CardAction.ISSUED, date(2016, 5, 10), number="1100001", legal_basis=BASIS, recorded_by="t"
    )
    services.correct_card.within(
        wrong,
        action=CardAction.ISSUED,
        effective_on=date(2016, 5, 10),
        number="11000001",
        legal_basis=BASIS,
        recorded_by="t",
        note="Thiếu một chữ số",
    )
    lost = services.record_card.within(
        pom, CardAction.REISSUED, date(2018, 1, 5), number="11000001", legal_basis=BASIS, recorded_by="t"
    )
    services.withdraw_card.within(lost, recorded_by="t", note="Ghi nhầm ngày")
    services.record_card.within(
        pom, CardAction.REISSUED, date(2018, 2, 5), number="11000001", legal_basis=BASIS, recorded_by="t"
    )


@pytest.fixture
def records() -> list:
    try:
        with transaction.atomic():
            build()
            found = list(dump())
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return found


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


def test_the_register_loads_as_it_was_and_exports_the_same(records: list) -> None:
    cards = [r for r in records if isinstance(r, CardRecord)]
    assert [(r.action, r.number, bool(r.corrects), r.withdrawn) for r in cards] == [
        ("issued", "1100001", False, False),
        ("issued", "11000001", True, False),
        ("reissued", "11000001", False, False),
        ("reissued", "11000001", True, True),
        ("reissued", "11000001", False, False),
    ]
    report = load(located(records))
    assert report.created["party_card"] == 5
    assert list(dump()) == records
    assert PartyCard.objects.in_force().count() == 2
    assert Person.objects.get().card_number == "11000001"


def test_a_card_for_a_member_not_yet_official_stops_the_file(records: list) -> None:
    first = next(r for r in records if isinstance(r, CardRecord))
    early = dataclasses.replace(first, effective_on=date(2016, 3, 1))
    with pytest.raises(ExchangeError, match="không phải là đảng viên chính thức vào ngày 01/03/2016"):
        load(located([early if r is first else r for r in records]))
    assert not PartyCard.objects.exists()
