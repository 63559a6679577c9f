"""The card register's pages (partyorg/web/views/work_cards.py) as the commune's officer, as a user
of the neighbouring subtree (the school's secretary) and as a viewer (cast: partyorg.testing)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.cards import services
from partyorg.cards.models import CardAction, PartyCard
from partyorg.core.records import LegalBasis

pytestmark = pytest.mark.django_db

ON = "?on=30/06/2017"
BASIS = LegalBasis("125-QĐ/HU", date(2016, 4, 20), "Huyện ủy Mường Khoa")


@pytest.fixture
def cast():
    """Pọm, cell a, official from 12/03/2016 with card 11000001; Xuân, cell a, official from
    12/03/2017 without a card; Giáo, the school's member, official from 2013."""
    tree = testing.build_tree()
    pom, xuan, teacher = (
        testing.person("Lò Văn Pọm"),
        testing.person("Lò Văn Xuân"),
        testing.person("Lò Văn Giáo"),
    )
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    testing.admit(xuan, tree.cell_a, date(2016, 3, 2))
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    card = services.record_card(
        pom, CardAction.ISSUED, date(2016, 5, 10), number="11000001", legal_basis=BASIS, recorded_by="t"
    )
    return SimpleNamespace(tree=tree, pom=pom, xuan=xuan, teacher=teacher, card=card)


def officer(tree):
    return testing.client_for(tree.commune, Role.EDIT, "xa")


def neighbour(tree):
    return testing.client_for(tree.school, Role.ADMINISTER, "truong")


def issue(who, day="01/06/2017", number="11000002"):
    return {"person": who.code, "action": "issued", "effective_on": day, "number": number}


def test_the_commune_officer_sees_the_register_and_records_a_card(cast):
    client = officer(cast.tree)
    page = client.get(
        reverse("work_cards", args=[cast.tree.commune.code]) + ON + "&tu=01/01/2016"
    ).content.decode()
    assert "Lò Văn Pọm" in page and "11000001" in page and "Phát thẻ (đảng viên chính thức)" in page
    index = client.get(reverse("work_org", args=[cast.tree.commune.code])).content.decode()
    assert "Thẻ đảng viên" in index
    url = reverse("work_card_new", args=[cast.tree.commune.code]) + ON
    assert client.get(url).status_code == 200
    response = client.post(url, issue(cast.xuan))
    assert response.status_code == 302, response.content.decode()[-2000:]
    made = PartyCard.objects.get(person=cast.xuan)
    assert (made.number, made.effective_on, made.recorded_by) == ("11000002", date(2017, 6, 1), "xa")


def test_a_refusal_of_the_register_is_shown_in_vietnamese(cast):
    client = officer(cast.tree)
    url = reverse("work_card_new", args=[cast.tree.commune.code]) + ON
    page = client.post(url, issue(cast.xuan, day="01/03/2017")).content.decode()
    assert "không phải là đảng viên chính thức vào ngày 01/03/2017" in page
    page = client.post(url, issue(cast.xuan, number="11000001")).content.decode()
    assert "Số thẻ 11000001 đã được ghi cho một đảng viên khác" in page
    assert not PartyCard.objects.filter(person=cast.xuan).exists()


def test_a_member_outside_the_subtree_is_not_found(cast):
    client = officer(cast.tree)
    url = reverse("work_card_new", args=[cast.tree.commune.code]) + ON
    page = client.post(url, issue(cast.teacher)).content.decode()
    assert "Không tìm thấy đảng viên có mã này" in page and "Lò Văn Giáo" not in page
    assert not PartyCard.objects.filter(person=cast.teacher).exists()


def test_a_user_of_another_subtree_reaches_nothing_and_writes_nothing(cast):
    """The school's administrator: the commune's register, its form and a row's withdrawal are not
    found (404), and nothing is written."""
    client = neighbour(cast.tree)
    commune = cast.tree.commune.code
    assert client.get(reverse("work_cards", args=[commune]) + ON).status_code == 404
    assert client.get(reverse("work_card_new", args=[commune]) + ON).status_code == 404
    assert client.post(reverse("work_card_new", args=[commune]) + ON, issue(cast.xuan)).status_code == 404
    withdraw = reverse("work_card_withdraw", args=[cast.card.uid]) + ON
    assert client.post(withdraw, {"note": "x"}).status_code == 404
    # Through its own organization, the school's user may not name the commune's member either.
    own = reverse("work_card_new", args=[cast.tree.school.code]) + ON
    page = client.post(own, issue(cast.xuan)).content.decode()
    assert "Không tìm thấy đảng viên có mã này" in page
    assert PartyCard.objects.count() == 1


def test_a_viewer_of_the_commune_writes_nothing(cast):
    client = testing.client_for(cast.tree.commune, Role.VIEW, "xem")
    commune = cast.tree.commune.code
    assert client.get(reverse("work_cards", args=[commune]) + ON).status_code == 200
    assert client.post(reverse("work_card_new", args=[commune]) + ON, issue(cast.xuan)).status_code == 404
    assert (
        client.post(reverse("work_card_withdraw", args=[cast.card.uid]) + ON, {"note": "x"}).status_code
        == 404
    )
    assert PartyCard.objects.count() == 1


def test_a_row_entered_in_error_is_withdrawn_with_its_reason(cast):
    client = officer(cast.tree)
    url = reverse("work_card_withdraw", args=[cast.card.uid]) + ON
    assert client.post(url, {"note": ""}).status_code == 200  # a reason is required
    assert PartyCard.objects.in_force().count() == 1
    response = client.post(url, {"note": "Nhập nhầm người"})
    assert response.status_code == 302
    assert not PartyCard.objects.in_force().exists()
    assert PartyCard.objects.get(withdrawn=True).note == "Nhập nhầm người"
