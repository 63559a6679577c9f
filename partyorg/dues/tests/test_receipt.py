"""A dues payment's receipt number (số biên lai, chứng từ): the service keeps it, a correction and a
withdrawal carry it, the interchange file takes it there and back, and a cell's collection page
records it on the member's line and shows it where the payments are listed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core import append_only
from partyorg.dues import services
from partyorg.dues.interchange import DuesPaymentRecord
from partyorg.dues.models import DuesPayment
from partyorg.dues.services import Collected, DuesRefused
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.members.models import Person
from partyorg.web.tests.test_work_dues import served

pytestmark = pytest.mark.django_db
BY = "chibo.nat"
MAY = date(2026, 5, 1)
TODAY = datetime(2026, 6, 15, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def member(tree: testing.Tree, name: str = "Lò Văn Pọm") -> Person:
    who = testing.person(name)
    testing.admit(who, tree.cell_a, date(2015, 3, 2))
    services.record_basis.within(
        who, from_month=date(2026, 1, 1), category="civil_servant", amount=4_200_000, recorded_by=BY
    )
    return who


def paid(tree: testing.Tree, who: Person, receipt_number: str = "") -> DuesPayment:
    return services.record_payment.within(
        who,
        month=MAY,
        amount=42_000,
        paid_on=date(2026, 5, 25),
        organization=tree.cell_a,
        receipt_number=receipt_number,
        recorded_by=BY,
    )


def test_the_service_keeps_the_receipt_number_and_a_correction_carries_it(tree: testing.Tree) -> None:
    pom = member(tree)
    payment = paid(tree, pom, receipt_number=" BL-0012 ")
    assert DuesPayment.objects.get(pk=payment.pk).receipt_number == "BL-0012"  # as typed, without the spaces
    # A correction of the amount keeps the receipt; one of the receipt keeps the amount.
    more = services.correct_payment(payment, amount=50_000, recorded_by=BY, note="thu thêm")
    assert (more.amount, more.receipt_number) == (50_000, "BL-0012")
    renumbered = services.correct_payment(more, receipt_number="BL-0013", recorded_by=BY, note="ghi nhầm số")
    assert (renumbered.amount, renumbered.receipt_number) == (50_000, "BL-0013")
    gone = services.withdraw_payment(renumbered, recorded_by=BY, note="ghi nhầm người")
    assert gone.withdrawn and gone.receipt_number == "BL-0013"
    # Without one, it is empty (the payments recorded before the field, too).
    assert paid(tree, pom).receipt_number == ""


def test_a_receipt_number_longer_than_30_characters_is_refused(tree: testing.Tree) -> None:
    pom = member(tree)
    before = DuesPayment.objects.count()
    with pytest.raises(DuesRefused, match="Số biên lai, chứng từ dài quá 30 ký tự"):
        paid(tree, pom, receipt_number="X" * 31)
    assert paid(tree, pom, receipt_number="X" * 30).receipt_number == "X" * 30
    assert DuesPayment.objects.count() == before + 1


def test_a_months_collection_records_each_members_receipt(tree: testing.Tree) -> None:
    pom, dung = member(tree), member(tree, "Hà Thị Dung")
    made = services.record_month(
        tree.cell_a,
        MAY,
        [Collected(pom, 42_000, "BL-0101"), Collected(dung, 30_000)],
        paid_on=date(2026, 5, 31),
        channel="cash",
        recorded_by=BY,
    )
    assert [(p.person_id, p.receipt_number) for p in made] == [(pom.pk, "BL-0101"), (dung.pk, "")]


def test_the_payment_table_keeps_its_triggers_after_the_new_column() -> None:
    """The migration that adds the column remakes the table on SQLite and puts the triggers back."""
    assert "dues_duespayment" in append_only.tables(connection)


class Discard(Exception):
    pass


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_receipt_number_round_trips_through_the_file(tmp_path, suffix: str) -> None:
    """Dumped, written, read back and loaded into an empty database, the payment has its receipt."""
    try:
        with transaction.atomic():
            tree = testing.build_tree()
            pom = member(tree)
            paid(tree, pom, receipt_number="BL-0012")
            paid(tree, pom)
            records = list(dump())
            raise Discard
    except Discard:
        pass
    assert not DuesPayment.objects.exists()
    payments = [r for r in records if isinstance(r, DuesPaymentRecord)]
    assert sorted(r.receipt_number for r in payments) == ["", "BL-0012"]
    path = tmp_path / f"tep{suffix}"
    write_file(records, path)
    report = load(read_file(path))
    assert report.created["dues_payment"] == 2
    assert sorted(DuesPayment.objects.values_list("receipt_number", flat=True)) == ["", "BL-0012"]
    assert list(dump()) == records


# -- the page ----------------------------------------------------------------------------------------

ON = "15/06/2026"


@pytest.fixture
def page_tree():
    with time_machine.travel(TODAY, tick=False):
        tree = testing.build_tree()
        yield tree, member(tree), member(tree, "Hà Thị Dung")


def test_the_collection_page_records_the_receipt_and_the_dues_page_shows_it(page_tree) -> None:
    tree, pom, dung = page_tree
    client = testing.client_for(tree.cell_a, Role.EDIT, "bithu")
    url = reverse("work_dues_pay", args=[tree.cell_a.code]) + f"?thang=05/2026&on={ON}"
    data = served(client, url)
    assert f"receipt_{pom.pk}" in data and f"receipt_{dung.pk}" in data  # one receipt box a member
    # A receipt on a line without an amount is refused, on that line; nothing is written.
    data[f"receipt_{dung.pk}"] = "BL-0102"
    refused = client.post(url, data | {f"amount_{pom.pk}": "42.000"})
    assert refused.status_code == 200 and not DuesPayment.objects.filter(month=MAY).exists()
    assert (
        "Hà Thị Dung: có số biên lai nhưng chưa đánh dấu “Nộp đủ” hoặc ghi số tiền"
        in refused.content.decode()
    )
    # Pọm's amount with his receipt, Dung's "Nộp đủ" with hers.
    data |= {f"amount_{pom.pk}": "42.000", f"receipt_{pom.pk}": "BL-0101", f"full_{dung.pk}": "on"}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    written = dict(DuesPayment.objects.filter(month=MAY).values_list("person_id", "receipt_number"))
    assert written == {pom.pk: "BL-0101", dung.pk: "BL-0102"}
    page = response.content.decode()  # the dues page of May, where the payments are listed
    assert "nộp 42.000 đ ngày 31/05/2026 (Nộp tiền mặt tại chi bộ), biên lai số BL-0101" in page
    assert "biên lai số BL-0102" in page
    # The collection page lists them beside each member's line as well.
    again = client.get(url).content.decode()
    assert "42.000&nbsp;đ 31/05/2026, biên lai số BL-0101" in again
