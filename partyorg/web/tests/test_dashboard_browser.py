"""The dashboard and the members list in a real browser (Debian's Chromium through Playwright; see
browser.py), on a desktop (1366 wide) and a phone (390×844): a district's deadlines grouped by what
and organization, a group opened and paged; a cell secretary's dashboard with the cell's warnings;
the members list's second page. Screenshots are kept in test-artifacts/ (dashboard-*.png,
members-page-2.png)."""

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.web.tests.browser import browser_page, screenshot, sign_in
from partyorg.web.tests.test_dashboard import make_cell_work, make_five_members, make_probationers

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def fits(page, selector: str) -> bool:
    """The element and each of its tables are no wider than the window, and none scrolls sideways."""
    return bool(
        page.evaluate(
            """(selector) => { const e = document.querySelector(selector);
             return [e, ...e.querySelectorAll('table')].every(t =>
                 t.getBoundingClientRect().right <= window.innerWidth + 1
                 && t.scrollWidth <= t.clientWidth + 1); }""",
            selector,
        )
    )


def height(page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


@pytest.mark.django_db(transaction=True)
def test_the_district_dashboard_groups_its_deadlines_and_opens_a_group(
    live_server, erasable_logs, monkeypatch
):
    """Nga and Mới of the commune, Thầy of the school are due for the proposal of their recognition
    on 15/01/2018 (RULES.md §2.3; see the fixture): above the limit (one here) the district's
    dashboard shows two groups, the commune's (2) and the school's (1); the commune's opens under
    its row, one person a page, and its next page shows Mới. The page stays short (a province's 886
    rows made 44.700 px)."""
    from partyorg.web.views import dashboard, work

    tree, _ = make_probationers()
    monkeypatch.setattr(dashboard, "FLAT_AT_MOST", 1)
    monkeypatch.setattr(work, "PAGE_SIZE", 1)
    testing.user_with(
        "huyen", (tree.district, Role.APPROVE), password="mat-khau-du-dai", first_name="Cán bộ huyện"
    )
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "huyen")
        page.goto(live_server.url + "/?on=15/01/2018")
        page.wait_for_selector("table.due-groups")
        assert (
            "Việc đến hạn trong 60 ngày hoặc quá hạn: 3" in page.locator("section.due h2").first.inner_text()
        )
        groups = page.locator("table.due-groups > tbody > tr:not([hidden]):not(.due-kind)")
        # One a page here: the groups are paged too, the most pressing (the commune's) first.
        assert groups.count() == 1 and "Trang 1/2" in page.locator("section.due > nav.pager").inner_text()
        assert "Đảng ủy xã Nà Tấu" in groups.nth(0).inner_text() and "2" in groups.nth(0).inner_text()
        page.click("table.due-groups >> text=Đảng ủy xã Nà Tấu")
        opened = page.locator("tr.due-people")
        opened.wait_for()
        assert "Lò Thị Nga" in opened.inner_text() and "Quàng Văn Mới" not in opened.inner_text()
        opened.locator("text=Sau ›").click()
        page.wait_for_function(
            "() => document.querySelector('tr.due-people').innerText.includes('Quàng Văn Mới')"
        )
        assert "Lò Thị Nga" not in page.locator("tr.due-people").inner_text()
        screenshot(page, "dashboard-district-group-opened")
        page.click("section.due > nav.pager >> text=Sau ›")
        page.wait_for_function(
            "() => document.querySelector('table.due-groups').innerText"
            ".includes('Chi bộ Trường THCS Mường Khoa')"
        )
        assert groups.count() == 1 and "Đảng ủy xã Nà Tấu" not in groups.nth(0).inner_text()
        assert height(page) < 3000
        screenshot(page, "dashboard-district-groups")

        monkeypatch.setattr(work, "PAGE_SIZE", 50)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/?on=15/01/2018")
        page.wait_for_selector("table.due-groups")
        assert groups.count() == 2
        page.click("table.due-groups >> text=Chi bộ Trường THCS Mường Khoa")
        page.locator("tr.due-people").wait_for()
        assert "Cầm Văn Thầy" in page.locator("tr.due-people").inner_text()
        assert fits(page, "section.due")
        assert height(page) < 4000
        screenshot(page, "dashboard-district-groups-phone")


@pytest.mark.django_db(transaction=True)
def test_a_cell_secretary_s_dashboard_shows_the_cell_s_warnings(live_server, erasable_logs):
    """The figures of the fixture (test_dashboard.make_cell_work): on 30/06/2025 cell A's secretary sees
    Hường warned for three months of dues, two members owing, five months without a regular meeting,
    two quarters without a thematic one, two members not rated for 2024, and no hamlets figure; the
    dues warning leads to the dues page."""
    tree = make_cell_work()
    testing.user_with("bithu", (tree.cell_a, Role.EDIT), password="mat-khau-du-dai", first_name="Bí thư")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "bithu")
        page.goto(live_server.url + "/?on=30/06/2025")
        page.wait_for_selector("ul.work-warnings")
        text = page.locator("section.warnings").inner_text()
        assert "Cảnh báo công tác đảng của tổ chức: 5" in text
        assert "Tháng chưa sinh hoạt thường kỳ: 5 — 01/2025, 02/2025, 03/2025, 04/2025, 06/2025" in text
        assert "Đảng viên chưa được xếp loại năm 2024: 2" in text
        assert "thôn, bản chưa có đảng viên" not in page.content()
        screenshot(page, "dashboard-cell-warnings")

        page.set_viewport_size(PHONE)
        page.reload()
        page.wait_for_selector("ul.work-warnings")
        assert fits(page, "section.warnings") and fits(page, "section.due")
        screenshot(page, "dashboard-cell-warnings-phone")
        page.click("ul.work-warnings >> text=Đảng viên không nộp đảng phí ba tháng trong năm")
        page.wait_for_url("**/dang-phi/**")
        assert "Đảng phí" in page.locator("h1").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_members_list_goes_to_its_second_page(live_server, erasable_logs, monkeypatch):
    """Three a page: "Trang sau" leads to Dũng and Giang, with the status filter kept."""
    from partyorg.web.views import members

    monkeypatch.setattr(members, "PAGE_SIZE", 3)
    five_members = make_five_members()
    testing.user_with("huyen", (five_members.district, Role.VIEW), password="mat-khau-du-dai")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "huyen")
        page.goto(live_server.url + "/dang-vien/?on=30/06/2025&status=official")
        assert "Trang 1/2" in page.locator(".pager").inner_text()
        page.click("text=Trang sau")
        page.wait_for_url("**page=2**")
        rows = page.locator("#rows tbody").inner_text()
        assert "Lò Văn Dũng" in rows and "Lò Văn Giang" in rows and "Lò Văn An" not in rows
        assert "Quàng Văn Mới" not in rows and "status=official" in page.url
        assert "Trang 2/2" in page.locator(".pager").inner_text()
        screenshot(page, "members-page-2")
