"""The demo's party cards (partyorg/demo/cards.py) on the small tree of partyorg.testing: a card for
each member whose recognition is recorded, on its day, with the number of the demo's pattern."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.cards.models import CardAction, PartyCard
from partyorg.demo import cards

pytestmark = pytest.mark.django_db


def test_the_demo_numbers_cards_after_the_record():
    assert cards.number_for("DB000042") == "110000042"


def test_each_member_recognized_gets_a_card_on_the_day_of_recognition():
    tree = testing.build_tree()
    pom, xuan = testing.person("Lò Văn Pọm"), testing.person("Lò Văn Xuân")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))  # ceremony 12/03/2015, official 12/03/2016
    testing.admit(xuan, tree.cell_a, date(2016, 6, 1), recognize=False)
    assert cards.populate(recorded_by="demo") == {"thẻ đảng viên": 1, "số thẻ trùng": 0}
    card = PartyCard.objects.get()
    assert (card.person_id, card.action, card.effective_on) == (pom.pk, CardAction.ISSUED, date(2016, 3, 12))
    assert card.number == cards.number_for(pom.code)
