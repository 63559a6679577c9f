"""The month's dues collection in a real browser (Debian's Chromium through Playwright; see browser.py),
on a desktop (1366 wide) and on a phone (390×844): the cell's officer opens the form, finds nothing
prefilled, types one member's amount, saves; exactly that payment is recorded, the message names it
and the dues page shows who paid what. Neither page is wider than the screen. Screenshots are kept in
test-artifacts/ (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.dues import services
from partyorg.dues.models import DuesPayment
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

SCREENS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_recording_one_members_dues(live_server, erasable_logs, screen):
    """Cell A's three civil servants (1% of 5.000.000, 4.200.000 and 3.000.000 đ from 01/2026, RULES.md
    §4.1 [V]: 50.000, 42.000 and 30.000 đ a month); Hường already paid May. The officer types Pọm's
    42.000 đ for May 2026 and nothing else: one payment."""
    tree = testing.build_tree()
    members = {}
    for name, salary, sex in (
        ("Nguyễn Thị Hường", 5_000_000, "female"),
        ("Lò Văn Pọm", 4_200_000, "male"),
        ("Hà Thị Dung", 3_000_000, "female"),
    ):
        who = testing.person(name, sex=sex)
        testing.admit(who, tree.cell_a, date(2015, 3, 2))
        services.record_basis(
            who, from_month=date(2026, 1, 1), category="civil_servant", amount=salary, recorded_by="t"
        )
        members[name.split()[-1]] = who
    huong, pom, dung = members["Hường"], members["Pọm"], members["Dung"]
    services.record_payment(
        huong,
        month=date(2026, 5, 1),
        amount=50_000,
        paid_on=date(2026, 5, 20),
        organization=tree.cell_a,
        recorded_by="t",
    )
    testing.user_with("bithu", (tree.cell_a, Role.EDIT), password="mat-khau-du-dai", first_name="Bí thư")
    width, height = SCREENS[screen]
    with browser_page() as page:
        page.set_viewport_size({"width": width, "height": height})
        sign_in(page, live_server.url, "bithu")
        page.goto(
            f"{live_server.url}/cong-tac/{tree.cell_a.code}/dang-phi/?tu=05/2026&den=05/2026&on=15/06/2026"
        )
        page.click(".actions >> text=Ghi đảng phí tháng 05/2026")
        for who in (huong, pom, dung):
            assert page.input_value(f"input[name=amount_{who.pk}]") == ""
        assert page.locator(f"input[name=full_{huong.pk}]").count() == 0  # paid in full already
        assert not page.is_checked(f"input[name=full_{pom.pk}]")
        assert "đã nộp 50.000" in page.locator("table.pay tr", has_text="Nguyễn Thị Hường").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.fill(f"input[name=amount_{pom.pk}]", "42.000")
        page.fill("input[name=paid_on]", "28/05/2026")
        screenshot(page, f"dues-form-{screen}")
        before = DuesPayment.objects.count()
        page.click("form.record button[type=submit]")
        message = page.locator(".messages").inner_text()
        assert "Đã ghi đảng phí tháng 05/2026 của 1 đảng viên: Lò Văn Pọm 42.000 đ" in message
        assert DuesPayment.objects.count() == before + 1
        made = DuesPayment.objects.latest("pk")
        assert (made.person_id, made.month, made.amount, made.paid_on) == (
            pom.pk,
            date(2026, 5, 1),
            42_000,
            date(2026, 5, 28),
        )
        roster = page.locator("table.dues").inner_text()
        assert "nộp 42.000 đ ngày 28/05/2026" in roster and "nộp 50.000 đ ngày 20/05/2026" in roster
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"dues-cell-{screen}")
