"""The pages a cell's secretary uses on a phone fit a phone (issue 13): Chromium at 390×844, signed in
as cell A's officer; no page scrolls sideways (a table too wide scrolls inside its place), the
header takes a line and a half (the menu folds under "Menu") and the menu opens and leads on.
Screenshots are kept in test-artifacts/ (phone-*.png)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core.records import LegalBasis
from partyorg.dues import services as dues
from partyorg.meetings import services as meetings
from partyorg.ratings import services as ratings
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

PHONE = {"width": 390, "height": 844}
NAMES = [
    ("Nguyễn Thị Thanh Hường", "female"),
    ("Lò Văn Pọm", "male"),
    ("Quàng Thị Phương Thảo", "female"),
    ("Hoàng Trọng Nghĩa Đức", "male"),
]


def _cell_with_a_years_work(tree):
    people = []
    for name, sex in NAMES:
        who = testing.person(name, sex=sex)
        testing.admit(who, tree.cell_a, date(2012, 3, 2))
        dues.record_basis(
            who, from_month=date(2025, 1, 1), category="civil_servant", amount=8_170_000, recorded_by="t"
        )
        people.append(who)
    for month in (4, 5, 6):
        meetings.record_meeting(
            tree.cell_a,
            kind="regular",
            held_on=date(2026, month, 10),
            duration_minutes=120,
            agenda="Sinh hoạt thường kỳ tháng",
            recorded_by="t",
        )
    ratings.open_cycle(
        tree.cell_a,
        year=2025,
        reviewed_on=date(2025, 12, 15),
        legal_basis=LegalBasis("01-NQ/CB", date(2025, 12, 15), "Chi bộ bản Na Ten"),
        recorded_by="t",
    )
    return people


@pytest.mark.django_db(transaction=True)
def test_a_cells_pages_fit_a_phone(live_server, erasable_logs):
    tree = testing.build_tree()
    first = _cell_with_a_years_work(tree)[0]
    testing.user_with(
        "chibo", (tree.cell_a, Role.EDIT), password="mat-khau-du-dai", first_name="Bí thư Chi bộ bản Na Ten"
    )
    a = tree.cell_a.code
    pages = {
        "dashboard": "/",
        "members": "/dang-vien/",
        "timeline": f"/dang-vien/{first.code}/",
        "record": f"/dang-vien/{first.code}/ghi/",
        "meetings": f"/cong-tac/{a}/sinh-hoat/?tu=01/01/2026&den=30/06/2026",
        "meeting-form": f"/cong-tac/{a}/sinh-hoat/ghi/",
        "dues": f"/cong-tac/{a}/dang-phi/?tu=01/01/2026&den=06/2026",
        "dues-form": f"/cong-tac/{a}/dang-phi/nop/?thang=05/2026",
        "ratings-form": f"/cong-tac/{a}/xep-loai/dang-vien/?nam=2025",
    }
    with browser_page() as desktop:
        page = desktop.context.browser.new_page(viewport=PHONE, locale="vi-VN")
        sign_in(page, live_server.url, "chibo")
        for name, address in pages.items():
            response = page.goto(live_server.url + address)
            assert response is not None and response.status == 200, name
            page.wait_for_load_state("networkidle")  # the parts fetched after the page (htmx)
            screenshot(page, f"phone-{name}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name}: the page is {width} px wide"
            header = page.locator("header.bar").bounding_box()
            assert header is not None and header["height"] <= 100, f"{name}: header {header}"
            assert not page.locator("header nav.menu").is_visible()
            # No input outside a table reaches past the right edge of the screen (in a table too
            # wide, they are reached by scrolling the table).
            overflowing = page.evaluate(
                "[...document.querySelectorAll('main input, main select, main textarea')]"
                ".filter(e => !e.closest('table'))"
                ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).length"
            )
            assert overflowing == 0, f"{name}: {overflowing} inputs past the edge"

        # The menu opens under "Menu" and leads on; the day stays in sight meanwhile.
        page.goto(live_server.url + "/")
        page.click("header label.menu-button")
        assert page.locator("header nav.menu").is_visible()
        assert page.locator("header form.on input[name=on]").is_visible()
        screenshot(page, "phone-menu-open")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.click("header nav.menu >> text=Đảng viên")
        page.wait_for_url(live_server.url + "/dang-vien/")
        assert not page.locator("header nav.menu").is_visible()

        # The wide tables scroll inside their place: the timeline's last column is reached by
        # scrolling the table, not the page.
        page.goto(f"{live_server.url}/dang-vien/{first.code}/")
        table = page.locator("main table.list").first
        assert table.evaluate("t => t.scrollWidth > t.clientWidth")
        table.evaluate("t => t.scrollLeft = t.scrollWidth")
        screenshot(page, "phone-timeline-scrolled")
        assert page.evaluate("window.scrollX") == 0
