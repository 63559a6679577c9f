"""The dues pages of a cell: the month's collection records only what the officer confirmed or
typed, the page's figures of who owes share one definition, the explanation is the rule's own, and
nobody outside the cell writes anything (issue 13). Data through the services (partyorg.testing).

The hand-worked example (``cast``), cell A (Chi bộ bản Na Ten), seen on 15/06/2026:

* Hường, Pọm and Dung are civil servants paying on a salary of 5.000.000, 4.200.000 and 3.000.000 đ
  from 01/2026: 1% of it a month — QĐ 342 for 01/2026 (RULES.md §4.2 [V], 1% of the monthly salary),
  QĐ 01 from 02/2026 (§4.1 [V], 1% of the previous month's insured salary, the same amount here):
  50.000, 42.000 and 30.000 đ a month;
* Hường paid 01–05/2026 in full; Pọm paid 01 and 02 in full, 21.000 đ for 03 and nothing for 04 and
  05; Dung paid 01–04 and nothing for 05; nobody has paid 06, not over on 15/06.

So two members owe (months due, over, not paid in full, up to the month shown): Pọm 03, 04 and 05
(21.000 + 42.000 + 42.000 = 105.000 đ), Dung 05 (30.000 đ); one of them, Pọm, owes three months of
2026 — the ground for the cell to consider removal (RULES.md §2.9, §4.1 [V]: "3 months in a year").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.dues import queries, services
from partyorg.dues.models import DuesPayment
from partyorg.dues.services import Collected, DuesRefused, MemberRefused

pytestmark = pytest.mark.django_db

ON = "15/06/2026"
TODAY = datetime(2026, 6, 15, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


def m(year: int, month: int) -> date:
    return date(year, month, 1)


def pay(who, month: date, amount: int, cell) -> None:
    services.record_payment(
        who, month=month, amount=amount, paid_on=month.replace(day=25), organization=cell, recorded_by="t"
    )


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def cast(frozen):
    tree = testing.build_tree()
    people = {}
    for name, salary, sex in (
        ("Nguyễn Thị Hường", 5_000_000, "female"),
        ("Lò Văn Pọm", 4_200_000, "male"),
        ("Hà Thị Dung", 3_000_000, "female"),
    ):
        who = testing.person(name, sex=sex)
        testing.admit(who, tree.cell_a, date(2015, 3, 2))
        services.record_basis(
            who, from_month=m(2026, 1), category="civil_servant", amount=salary, recorded_by="t"
        )
        people[name.split()[-1]] = who
    huong, pom, dung = people["Hường"], people["Pọm"], people["Dung"]
    for month in range(1, 6):
        pay(huong, m(2026, month), 50_000, tree.cell_a)
    pay(pom, m(2026, 1), 42_000, tree.cell_a)
    pay(pom, m(2026, 2), 42_000, tree.cell_a)
    pay(pom, m(2026, 3), 21_000, tree.cell_a)
    for month in range(1, 5):
        pay(dung, m(2026, month), 30_000, tree.cell_a)
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    return SimpleNamespace(tree=tree, huong=huong, pom=pom, dung=dung, teacher=teacher)


def officer(tree):
    return testing.client_for(tree.cell_a, Role.EDIT, "bithu")


def pay_url(tree, month: str) -> str:
    return reverse("work_dues_pay", args=[tree.cell_a.code]) + f"?thang={month}&on={ON}"


def page_url(tree, first: str, last: str) -> str:
    return reverse("work_dues", args=[tree.cell_a.code]) + f"?tu={first}&den={last}&on={ON}"


class FormFields(HTMLParser):
    """What a browser sends for the page's POST form as served: its inputs' values (checked boxes
    only) and each select's selected option."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("method") == "post"
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.data[a["name"]] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif self.inside and tag == "select":
            self.select = a.get("name")
        elif self.select and tag == "option" and ("selected" in a or self.select not in self.data):
            self.data[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def served(client, url: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    return parser.data


def row_of(page: str, person) -> str:
    """The table row of ``person``'s amount field."""
    at = page.index(f'name="amount_{person.pk}"')
    return page[page.rindex("<tr", 0, at) : page.index("</tr>", at)]


# -- 1. the month's collection -----------------------------------------------------------------------


def test_the_form_as_served_records_only_the_amount_typed(cast):
    """Issue 13: the form was prefilled with every member's amount due, so changing one amount and
    saving recorded everyone. Served now, it holds no amount; sent as served with Pọm's 42.000 đ for
    April typed, it records that one payment, says so, and the page shows who paid what."""
    client = officer(cast.tree)
    url = pay_url(cast.tree, "04/2026")
    data = served(client, url)
    assert {k: v for k, v in data.items() if k.startswith(("amount_", "full_")) and v} == {}
    before = DuesPayment.objects.count()
    data[f"amount_{cast.pom.pk}"] = "42.000"
    response = client.post(url, data, follow=True)
    assert DuesPayment.objects.count() == before + 1
    made = DuesPayment.objects.latest("pk")
    assert (made.person_id, made.month, made.amount, made.organization_id, made.recorded_by) == (
        cast.pom.pk,
        m(2026, 4),
        42_000,
        cast.tree.cell_a.pk,
        "bithu",
    )
    page = response.content.decode()
    assert "Đã ghi đảng phí tháng 04/2026 của 1 đảng viên: Lò Văn Pọm 42.000 đ" in page
    # The page of April after saving: who paid what, Pọm's 42.000 đ on the form's day (the month's end).
    paid = {row.person_id: row.paid for _p, months in response.context["members"] for row, _pays in months}
    assert paid == {cast.huong.pk: 50_000, cast.pom.pk: 42_000, cast.dung.pk: 30_000}
    assert "nộp 42.000 đ ngày 30/04/2026" in page


def test_the_box_records_what_is_still_due(cast):
    """ "Nộp đủ" beside Pọm's March records what he still owed for it (42.000 − 21.000), Hường's
    box is not offered (she paid March in full), and the form shows what each has paid."""
    client = officer(cast.tree)
    march = client.get(pay_url(cast.tree, "03/2026")).content.decode()
    assert f'name="full_{cast.pom.pk}"' in march and "Nộp đủ 21.000\xa0đ" in row_of(march, cast.pom)
    assert f'name="full_{cast.huong.pk}"' not in march
    assert "đã nộp 50.000" in row_of(march, cast.huong) and "đã nộp đủ" in row_of(march, cast.huong)
    data = served(client, pay_url(cast.tree, "03/2026"))
    data[f"full_{cast.pom.pk}"] = "on"
    before = DuesPayment.objects.count()
    response = client.post(pay_url(cast.tree, "03/2026"), data)
    assert response.status_code == 302
    assert DuesPayment.objects.count() == before + 1
    assert DuesPayment.objects.latest("pk").amount == 21_000


def test_a_bad_amount_is_shown_on_its_row_and_nothing_is_written(cast):
    """Pọm's amount typed "21,5" (a comma is the decimal sign) while Dung's box is ticked: the error
    is on Pọm's row with what was typed, Dung's box stays ticked, nothing is written."""
    client = officer(cast.tree)
    url = pay_url(cast.tree, "05/2026")
    data = served(client, url)
    data.update({f"amount_{cast.pom.pk}": "21,5", f"full_{cast.dung.pk}": "on"})
    before = DuesPayment.objects.count()
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and DuesPayment.objects.count() == before
    pom_row = row_of(page, cast.pom)
    assert "Lò Văn Pọm: số tiền không hợp lệ" in pom_row and 'value="21,5"' in pom_row
    assert re.search(rf'name="full_{cast.dung.pk}"[^>]*checked', page)
    assert "số tiền không hợp lệ" not in row_of(page, cast.dung)


def test_a_box_and_a_different_amount_on_one_row_are_refused(cast):
    client = officer(cast.tree)
    url = pay_url(cast.tree, "05/2026")
    data = served(client, url) | {f"full_{cast.pom.pk}": "on", f"amount_{cast.pom.pk}": "20000"}
    before = DuesPayment.objects.count()
    page = client.post(url, data).content.decode()
    assert DuesPayment.objects.count() == before
    assert "Lò Văn Pọm: đã đánh dấu “Nộp đủ” 42.000 đ nhưng ghi 20.000 đ" in row_of(page, cast.pom)


def test_an_empty_form_records_nothing(cast):
    client = officer(cast.tree)
    url = pay_url(cast.tree, "05/2026")
    before = DuesPayment.objects.count()
    page = client.post(url, served(client, url)).content.decode()
    assert DuesPayment.objects.count() == before
    assert "Chưa ghi đảng viên nào đã nộp" in page


@pytest.mark.parametrize("who", ["cell_b", "school", "viewer"])
def test_nobody_outside_the_cell_writes_a_payment(cast, who):
    """The neighbouring cell's officer (cell B, the same commune), the school's and a viewer of cell A:
    404 on the form and on its POST, nothing written."""
    tree = cast.tree
    client = {
        "cell_b": lambda: testing.client_for(tree.cell_b, Role.EDIT, "bithu_b"),
        "school": lambda: testing.client_for(tree.school, Role.ADMINISTER, "truong"),
        "viewer": lambda: testing.client_for(tree.cell_a, Role.VIEW, "xem"),
    }[who]()
    url = pay_url(tree, "05/2026")
    before = DuesPayment.objects.count()
    assert client.get(url).status_code == 404
    data = {f"amount_{cast.pom.pk}": "42000", "paid_on": "31/05/2026", "channel": "cash"}
    assert client.post(url, data).status_code == 404
    assert DuesPayment.objects.count() == before


def test_a_member_of_another_cell_is_not_written_through_the_form(cast):
    """A forged field for the school's member is no line of cell A's form: nothing is recorded for him."""
    client = officer(cast.tree)
    url = pay_url(cast.tree, "05/2026")
    data = served(client, url) | {f"amount_{cast.teacher.pk}": "42000", f"amount_{cast.pom.pk}": "42000"}
    assert client.post(url, data).status_code == 302
    assert not DuesPayment.objects.filter(person=cast.teacher).exists()


def test_the_month_is_recorded_all_or_nothing(cast):
    """The service: a member who owes the month elsewhere is refused by name and nothing of the list
    is written; an empty list is refused; a valid list is written whole."""
    before = DuesPayment.objects.count()
    with pytest.raises(MemberRefused) as refused:
        services.record_month(
            cast.tree.cell_a,
            m(2026, 5),
            [Collected(cast.pom, 42_000), Collected(cast.teacher, 30_000)],
            paid_on=date(2026, 5, 31),
            channel="cash",
            recorded_by="t",
        )
    assert refused.value.person_id == cast.teacher.pk and "Lò Văn Giáo" in str(refused.value)
    assert DuesPayment.objects.count() == before
    with pytest.raises(DuesRefused):
        services.record_month(
            cast.tree.cell_a, m(2026, 5), [], paid_on=date(2026, 5, 31), channel="cash", recorded_by="t"
        )
    made = services.record_month(
        cast.tree.cell_a,
        m(2026, 5),
        [Collected(cast.pom, 42_000), Collected(cast.dung, 30_000)],
        paid_on=date(2026, 5, 31),
        channel="portal",
        recorded_by="t",
    )
    assert [(p.person_id, p.amount, p.channel) for p in made] == [
        (cast.pom.pk, 42_000, "portal"),
        (cast.dung.pk, 30_000, "portal"),
    ]
    assert DuesPayment.objects.count() == before + 2


# -- 2. one figure of who owes ------------------------------------------------------------------------


def test_who_owes_is_one_query_with_one_definition(cast):
    """The hand-worked example of the module's docstring."""
    page = queries.cell_dues([cast.tree.cell_a.pk], m(2026, 6), m(2026, 6), as_of=date(2026, 6, 15))
    assert page.since == m(2026, 1)
    assert [(a.person_id, a.months, a.shortfall) for a in page.owing] == [
        (cast.pom.pk, (m(2026, 3), m(2026, 4), m(2026, 5)), 105_000),
        (cast.dung.pk, (m(2026, 5),), 30_000),
    ]
    assert [(w.person_id, w.months) for w in page.warnings] == [(cast.pom.pk, (3, 4, 5))]
    assert (page.due, page.paid) == (122_000, 0)  # June: 50.000 + 42.000 + 30.000, nothing paid yet
    # Up to March only Pọm's March is owed, and no warning.
    march = queries.cell_dues([cast.tree.cell_a.pk], m(2026, 3), m(2026, 3), as_of=date(2026, 6, 15))
    assert [(a.person_id, a.months, a.shortfall) for a in march.owing] == [
        (cast.pom.pk, (m(2026, 3),), 21_000)
    ]
    assert march.warnings == []


def test_the_page_says_who_owes_beside_the_warning(cast):
    """Issue 13: the page of June said "0 đảng viên còn nợ" beside "… không nộp đủ" (the first counted
    only the months shown that were over, the second the year): now 2 owe, 1 of them three months."""
    client = officer(cast.tree)
    response = client.get(page_url(cast.tree, "06/2026", "06/2026"))
    page = response.content.decode()
    assert [p.pk for p, _a in response.context["owing"]] == [cast.pom.pk, cast.dung.pk]
    assert [p.pk for p, _w in response.context["warnings"]] == [cast.pom.pk]
    cards = re.findall(r'<div class="value">([^<]*)</div><div class="label">([^<]*)</div>', page)
    assert ("2", "đảng viên còn nợ: có tháng từ 01/2026 đến 06/2026 đã qua mà chưa nộp đủ") in cards
    assert ("1", "trong số đó, đảng viên chưa nộp đủ 3 tháng trong năm 2026") in cards
    assert "105.000 đ" in page and "30.000 đ" in page


def test_the_commune_counts_the_cells_debts_as_the_cell_does(cast):
    """Above the cell, the commune's table per cell counts over the same months as the cell's page:
    cell A's two members owe 105.000 + 30.000 đ."""
    client = testing.client_for(cast.tree.commune, Role.VIEW, "xa")
    url = reverse("work_dues_cells", args=[cast.tree.commune.code]) + f"?tu=06/2026&den=06/2026&on={ON}"
    response = client.get(url)
    [(cell, _name, code)] = response.context["rows"]
    assert code == cast.tree.cell_a.code
    assert (cell.members_in_arrears, cell.shortfall) == ({cast.pom.pk, cast.dung.pk}, 135_000)
    assert "tháng đã qua từ 01/2026 đến 06/2026" in response.content.decode()


# -- 3. the rule's own explanation ---------------------------------------------------------------------


def test_the_explanation_is_formatted_by_the_rule(cast):
    """A farmer of region I below retirement age pays 0,3% of the regional minimum wage from 02/2026
    (RULES.md §4.1 [V]; 5.310.000 đ in 2026, rules.dues_config [U]): 15.930 đ; the page prints the
    rate as the rule does, "0,3%", never "0.3%"."""
    farmer = testing.person("Lò Thị Mai", sex="female", birth_date=date(1990, 1, 1))
    testing.admit(farmer, cast.tree.cell_a, date(2015, 3, 2))
    services.record_basis(farmer, from_month=m(2026, 2), category="farmer", region=1, recorded_by="t")
    page = officer(cast.tree).get(page_url(cast.tree, "04/2026", "04/2026")).content.decode()
    assert "0,3% × 5.310.000 đ" in page and "0.3%" not in page
    due = queries.due_for(farmer, m(2026, 4))
    assert due.amount == 15_930
    assert due.formula.startswith("0,3% × 5.310.000 đ (lương tối thiểu vùng I tháng 04/2026")
    assert due.formula in page and "15.930" in page
