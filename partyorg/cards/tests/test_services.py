"""The card register's commands (RULES.md §2.5) on the small cast of partyorg.testing: Pọm admitted
by decision on 02/03/2015, ceremony 12/03/2015, official from 12/03/2016; Hường admitted on
01/06/2016, still probationary until 11/06/2017."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from partyorg import testing
from partyorg.cards import services
from partyorg.cards.models import CardAction, PartyCard
from partyorg.cards.queries import card_on
from partyorg.cards.services import CardRefused
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind, Person

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("125-QĐ/HU", date(2016, 4, 20), "Ban Thường vụ Huyện ủy Mường Khoa")


@pytest.fixture
def cast():
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_b, date(2016, 6, 1))
    return tree, pom, huong


def card(person, action, on, number="", **kwargs):
    return services.record_card(
        person, action, on, number=number, legal_basis=BASIS, recorded_by="t", **kwargs
    )


def test_a_card_is_issued_to_an_official_member_and_its_number_copied_to_the_person(cast):
    tree, pom, _ = cast
    row = card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    assert (row.organization_id, row.issued_by) == (tree.cell_a.pk, "Ban Thường vụ Huyện ủy Mường Khoa")
    assert Person.objects.get(pk=pom.pk).card_number == "11000001"
    assert card_on(pom.pk, date(2016, 5, 9)) is None
    assert card_on(pom.pk, date(2016, 5, 10)) == row


def test_a_probationary_member_gets_no_card(cast):
    """RULES.md §2.5 [V], QĐ 29-QĐ/TW §6.1a: a card only for an official member, on the day it is
    issued. Hường is probationary until 11/06/2017 (ceremony 11/06/2016 + 12 months)."""
    _, _, huong = cast
    with pytest.raises(CardRefused) as refused:
        card(huong, CardAction.ISSUED, date(2017, 6, 10), "11000002")
    assert refused.value.message == (
        "Nguyễn Thị Hường không phải là đảng viên chính thức vào ngày 10/06/2017: thẻ đảng viên chỉ "
        "phát cho đảng viên chính thức (QĐ 29-QĐ/TW §6.1a)."
    )
    assert card(huong, CardAction.ISSUED, date(2017, 6, 11), "11000002").number == "11000002"


def test_a_member_holds_one_card_at_a_time(cast):
    _, pom, _ = cast
    first = card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    with pytest.raises(CardRefused) as refused:
        card(pom, CardAction.ISSUED, date(2017, 1, 5), "11000009")
    assert "đang giữ thẻ số 11000001 (từ ngày 10/05/2016)" in refused.value.message
    lost = card(pom, CardAction.REISSUED, date(2017, 1, 5), "11000001", reason="Mất khi đi rừng")
    assert card_on(pom.pk, date(2017, 1, 4)) == first and card_on(pom.pk, date(2017, 1, 5)) == lost
    damaged = card(pom, CardAction.EXCHANGED, date(2018, 2, 1), "11000003")
    assert card_on(pom.pk, date(2019, 1, 1)) == damaged
    assert Person.objects.get(pk=pom.pk).card_number == "11000003"


def test_a_replacement_needs_a_card_held(cast):
    """Chỉ thị 51-CT/TW (08/08/2025), RULES.md §2.5 [V]: the nationwide exchange is only for official
    members who already have a card."""
    _, pom, _ = cast
    with pytest.raises(CardRefused) as refused:
        card(pom, CardAction.RENEWED, date(2025, 8, 20), "01000001")
    assert refused.value.message == (
        "Lò Văn Pọm chưa có thẻ trong sổ vào ngày 20/08/2025: chỉ cấp lại, đổi thẻ cho đảng viên đã "
        "được phát thẻ (Chỉ thị 51-CT/TW ngày 08/08/2025)."
    )
    with pytest.raises(CardRefused):
        card(pom, CardAction.TAKEN_BACK, date(2025, 8, 20))


def test_a_number_belongs_to_one_person(cast):
    _, pom, huong = cast
    card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    with pytest.raises(CardRefused) as refused:
        card(huong, CardAction.ISSUED, date(2017, 7, 1), "11000001")
    assert refused.value.message == (
        "Số thẻ 11000001 đã được ghi cho một đảng viên khác: mỗi số thẻ chỉ của một người."
    )
    with pytest.raises(CardRefused, match="Cần ghi số thẻ"):
        card(huong, CardAction.ISSUED, date(2017, 7, 1), "  ")


def test_a_card_taken_back_after_an_expulsion_frees_the_member_for_a_new_card_later(cast):
    """RULES.md §2.5 says nothing of taking a card back: partyorg records it when the officer does,
    the member's last organization keeps the line, and the number is the card's held."""
    tree, pom, _ = cast
    card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    testing.record(pom, EventKind.EXPELLED, date(2019, 3, 1))
    back = card(pom, CardAction.TAKEN_BACK, date(2019, 3, 15), reason="Khai trừ")
    assert (back.number, back.organization_id) == ("11000001", tree.cell_a.pk)
    assert card_on(pom.pk, date(2019, 3, 15)) is None
    assert Person.objects.get(pk=pom.pk).card_number == "11000001"  # the last card handed out
    with pytest.raises(CardRefused, match="không phải là đảng viên chính thức"):
        card(pom, CardAction.ISSUED, date(2019, 4, 1), "11000007")


def test_acts_are_recorded_in_the_order_of_their_days(cast):
    _, pom, _ = cast
    card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    card(pom, CardAction.REISSUED, date(2018, 1, 5), "11000001")
    with pytest.raises(CardRefused) as refused:
        card(pom, CardAction.EXCHANGED, date(2017, 6, 1), "11000002")
    assert "đã có việc ngày 05/01/2018 của Lò Văn Pọm, sau ngày 01/06/2017" in refused.value.message


def test_a_wrong_row_is_corrected_by_a_new_row_and_withdrawn_by_another(cast):
    _, pom, _ = cast
    wrong = card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000010")
    right = services.correct_card(
        wrong,
        action=CardAction.ISSUED,
        effective_on=date(2016, 5, 12),
        number="11000001",
        legal_basis=BASIS,
        recorded_by="t",
        note="Nhập sai số thẻ",
    )
    assert list(PartyCard.objects.in_force()) == [right]
    assert Person.objects.get(pk=pom.pk).card_number == "11000001"
    with pytest.raises(CardRefused, match="đã được sửa hoặc hủy"):
        services.withdraw_card(wrong, recorded_by="t", note="x")
    later = card(pom, CardAction.REISSUED, date(2017, 1, 5), "11000001")
    with pytest.raises(CardRefused, match="hủy các dòng sau trước"):
        services.withdraw_card(right, recorded_by="t", note="Không có việc phát thẻ")
    services.withdraw_card(later, recorded_by="t", note="Ghi nhầm người")
    services.withdraw_card(right, recorded_by="t", note="Không có việc phát thẻ")
    assert not PartyCard.objects.in_force().exists()
    assert PartyCard.objects.count() == 5


def test_the_register_is_append_only(cast):
    _, pom, _ = cast
    row = card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyCard.objects.filter(pk=row.pk).update(number="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyCard.objects.filter(pk=row.pk).delete()


def test_numbers_on_the_records_are_adopted_as_cards_issued_on_recognition(cast):
    """Pọm's number typed before the register becomes a card issued on the day of his recognition
    (12/03/2016) by cell a; Xuân, probationary, has no recognition and is left alone; two people
    carrying the same number are left for an officer; a second pass writes nothing."""
    tree, pom, _ = cast
    xuan = testing.person("Lò Văn Xuân")
    testing.admit(xuan, tree.cell_a, date(2016, 6, 1), recognize=False)
    twin_a, twin_b = testing.person("Lò Thị A"), testing.person("Lò Thị B")
    for who in (twin_a, twin_b):
        testing.admit(who, tree.cell_b, date(2015, 3, 2))
    for who, number in ((pom, "11000001"), (xuan, "11000002"), (twin_a, "11000009"), (twin_b, "11000009")):
        Person.objects.filter(pk=who.pk).update(card_number=number)
    adopted = services.adopt_card_numbers(recorded_by="t")
    assert adopted == services.Adopted(1, ("11000009",))
    row = PartyCard.objects.get()
    assert (row.person_id, row.action, row.effective_on, row.organization_id, row.number) == (
        pom.pk,
        CardAction.ISSUED,
        date(2016, 3, 12),
        tree.cell_a.pk,
        "11000001",
    )
    assert services.adopt_card_numbers(recorded_by="t").written == 0
    with pytest.raises(CardRefused, match="đang giữ thẻ số 11000001"):
        card(pom, CardAction.ISSUED, date(2017, 1, 5), "11000001")


def test_the_card_number_is_corrected_in_the_register_once_it_holds_a_card(cast):
    """cards.models: Person.card_number copies the register's last card; a correction of the person's
    record may change it only while the register holds no card of the person (Hường), and nothing is
    written when it is refused (Pọm)."""
    from partyorg.members.models import PersonCorrection
    from partyorg.members.services import PersonRefused, correct_person

    _, pom, huong = cast
    card(pom, CardAction.ISSUED, date(2016, 5, 10), "11000001")
    with pytest.raises(PersonRefused, match="theo sổ phát thẻ là 11000001"):
        correct_person(pom, {"card_number": "11000077"}, recorded_by="t", note="gõ nhầm")
    assert Person.objects.get(pk=pom.pk).card_number == "11000001"
    assert not PersonCorrection.objects.filter(person=pom).exists()
    # the rest of a person's record is still corrected there
    correct_person(pom, {"full_name": "Lò Văn Pộm"}, recorded_by="t", note="sai dấu")
    correct_person(huong, {"card_number": "11000002"}, recorded_by="t", note="số thẻ cũ")
    assert Person.objects.get(pk=huong.pk).card_number == "11000002"


def test_a_refusal_reads_in_english_for_an_english_session(cast):
    """The refusals go through gettext: the English catalog has them (issue 16's register)."""
    from django.utils import translation

    _, _, huong = cast
    with translation.override("en"), pytest.raises(CardRefused) as refused:
        card(huong, CardAction.ISSUED, date(2017, 6, 10), "11000002")
    assert refused.value.message == (
        "Nguyễn Thị Hường was not an official member on 10/06/2017: party cards are issued to official "
        "members only (QĐ 29-QĐ/TW §6.1a)."
    )
