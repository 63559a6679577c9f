"""The card register in a real browser (Debian's Chromium through Playwright; see
partyorg/web/tests/browser.py): a commune officer opens "Thẻ đảng viên" from the party work page,
records a card for a member not yet official (refused in Vietnamese), then on the right day, and
sees it in the register; screenshots are kept in test-artifacts/."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.cards import services
from partyorg.cards.models import CardAction, PartyCard
from partyorg.core.records import LegalBasis
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


@pytest.mark.django_db(transaction=True)
def test_recording_a_card_in_the_register(live_server, erasable_logs):
    tree = testing.build_tree()
    pom, xuan = testing.person("Lò Văn Pọm"), testing.person("Quàng Thị Xuân", sex="female")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    testing.admit(xuan, tree.cell_b, date(2016, 3, 2))  # official from 12/03/2017
    services.record_card(
        pom,
        CardAction.ISSUED,
        date(2016, 5, 10),
        number="11000001",
        legal_basis=LegalBasis("125-QĐ/HU", date(2016, 4, 20), "Ban Thường vụ Huyện ủy Mường Khoa"),
        recorded_by="t",
    )
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/cong-tac/{tree.commune.code}/?on=30/06/2017")
        page.click("text=Thẻ đảng viên")
        page.fill("form.filters input[name=tu]", "01/01/2016")
        page.click("form.filters button")
        assert "11000001" in page.locator("table.list").inner_text()
        page.click(".actions >> text=Ghi phát thẻ")
        page.fill("input[name=person]", xuan.code)
        page.fill("input[name=effective_on]", "01/03/2017")
        page.fill("input[name=number]", "11000002")
        page.fill("input[name=basis_number]", "130-QĐ/HU")
        page.fill("input[name=basis_date]", "25/02/2017")
        page.fill("input[name=basis_issuer]", "Ban Thường vụ Huyện ủy Mường Khoa")
        page.click("form.record button")
        assert "thẻ đảng viên chỉ phát cho đảng viên chính thức" in page.content()
        screenshot(page, "cards-refused")
        page.fill("input[name=effective_on]", "20/03/2017")
        page.click("form.record button")
        assert "Đã ghi: Quàng Thị Xuân" in page.locator(".messages").inner_text()
        page.fill("form.filters input[name=tu]", "01/01/2016")
        page.click("form.filters button")
        table = page.locator("table.list").inner_text()
        assert "Quàng Thị Xuân" in table and "11000002" in table and "Lò Văn Pọm" in table
        screenshot(page, "cards-register")
    assert PartyCard.objects.get(person=xuan).effective_on == date(2017, 3, 20)
