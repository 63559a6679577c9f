"""A person's attributes recorded wrong, corrected as a new row (members.services.correct_person),
from the command line and the member's page, by an officer who may change their record (cast:
partyorg.testing: T.H.X commune, T.H.X.1/.2 cells, T.H.S school)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import Person, PersonCorrection
from partyorg.members.services import PersonRefused, correct_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pon", birth_date=date(1980, 5, 17))
    testing.admit(pom, tree.cell_a, date(2010, 4, 5))
    return tree, pom


def test_a_correction_keeps_the_values_before_and_after_and_the_record_takes_the_new(cast):
    _, pom = cast
    done = correct_person(
        pom,
        {"full_name": "Lò Văn Pọm", "birth_date": date(1980, 7, 15), "sex": "male"},
        recorded_by="bantochuc",
        note="Sai chính tả và ngày sinh theo giấy khai sinh",
    )
    assert done.changes == {  # the sex did not change: not recorded
        "full_name": ["Lò Văn Pon", "Lò Văn Pọm"],
        "birth_date": ["1980-05-17", "1980-07-15"],
    }
    pom.refresh_from_db()
    assert (pom.full_name, pom.birth_date, pom.search_key) == ("Lò Văn Pọm", date(1980, 7, 15), "lo van pom")
    with pytest.raises(DatabaseError), transaction.atomic():  # kept as it was written
        PersonCorrection.objects.filter(pk=done.pk).update(note="x")


def test_what_a_correction_cannot_do_is_refused_and_nothing_is_written(cast):
    _, pom = cast
    for changes, note, message in (
        ({"full_name": "Lò Văn Pọm"}, " ", "lý do"),
        ({"code": "X1"}, "đổi mã", "code"),
        ({"full_name": "Lò Văn Pon"}, "không đổi", "Không có gì khác"),
        ({"sex": "other"}, "sai", "giới tính"),
    ):
        with pytest.raises(PersonRefused, match=message):
            correct_person(pom, changes, recorded_by="t", note=note)
    assert not PersonCorrection.objects.exists()
    assert Person.objects.get(pk=pom.pk).full_name == "Lò Văn Pon"


def test_the_command_line_corrects_a_person(cast):
    _, pom = cast
    out = StringIO()
    call_command(
        "correct",
        "--person",
        pom.code,
        "--set",
        "full_name=Lò Văn Pọm",
        "--set",
        "birth_date=15/07/1980",
        "--note",
        "Theo giấy khai sinh",
        stdout=out,
    )
    assert "full_name, birth_date" in out.getvalue()
    assert Person.objects.get(pk=pom.pk).birth_date == date(1980, 7, 15)
    with pytest.raises(CommandError, match="TRƯỜNG=GIÁ_TRỊ"):
        call_command("correct", "--person", pom.code, "--set", "code=X", "--note", "x")


def test_the_page_corrects_only_for_an_officer_who_may_change_the_record(cast):
    tree, pom = cast
    url = reverse("person_attributes", args=[pom.code])
    for client in (
        testing.client_for(tree.cell_b, Role.EDIT, "chibob"),  # another cell
        testing.client_for(tree.commune, Role.VIEW, "xem"),  # sees, does not change
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"full_name": "X", "note": "x"}).status_code == 404
    assert not PersonCorrection.objects.exists()
    officer = testing.client_for(tree.commune, Role.EDIT, "xa")
    assert url in officer.get(reverse("member", args=[pom.code])).content.decode()
    page = officer.get(url)
    fields = page.context["form"].initial
    response = officer.post(
        url,
        {
            **{k: v for k, v in fields.items() if v is not None},
            "birth_date": "17/05/1980",
            "full_name": "Lò Văn Pọm",
            "note": "Sai chính tả",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert PersonCorrection.objects.get().changes == {"full_name": ["Lò Văn Pon", "Lò Văn Pọm"]}
    assert "Họ và tên: Lò Văn Pon → Lò Văn Pọm" in officer.get(url).content.decode()
