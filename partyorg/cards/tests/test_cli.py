"""``partyorg card add|list|adopt`` through ``call_command`` (cast: partyorg.testing)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.cards.models import PartyCard
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cards_are_recorded_listed_and_adopted_from_the_command_line() -> None:
    tree = testing.build_tree()
    pom, xuan = testing.person("Lò Văn Pọm"), testing.person("Lò Văn Xuân")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))  # official from 12/03/2016
    testing.admit(xuan, tree.cell_b, date(2015, 3, 2))
    basis = ("--basis-number", "125-QĐ/HU", "--basis-date", "20/04/2016", "--basis-issuer", "Huyện ủy")
    out = run(
        "card",
        "add",
        "--person",
        pom.code,
        "--kind",
        "issued",
        "--on",
        "10/05/2016",
        "--number",
        "01",
        *basis,
    )
    assert out.startswith("Đã ghi: Phát thẻ (đảng viên chính thức), thẻ số 01 ngày 10/05/2016")
    with pytest.raises(
        CommandError, match=r"Bị từ chối: .* không phải là đảng viên chính thức vào ngày 01/01/2016"
    ):
        run("card", "add", "--person", xuan.code, "--kind", "issued", "--on", "01/01/2016", "--number", "02")
    with pytest.raises(CommandError, match="Thiếu --kind, --on"):
        run("card", "add", "--person", xuan.code)
    Person.objects.filter(pk=xuan.pk).update(card_number="02")
    assert run("card", "adopt", "--org", tree.commune.code) == "Đã ghi 1 thẻ vào sổ phát thẻ\n"
    listed = run("card", "list", "--org", tree.commune.code).splitlines()
    assert [line.split()[0] for line in listed] == ["12/03/2016", "10/05/2016"]  # Xuân adopted, Pọm
    assert any("Lò Văn Pọm  125-QĐ/HU ngày 20/04/2016 của Huyện ủy" in line for line in listed)
    assert PartyCard.objects.count() == 2
