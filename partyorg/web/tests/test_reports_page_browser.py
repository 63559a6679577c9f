"""The reports page and an ambiguous name in a real browser (Debian's Chromium through Playwright;
see browser.py), the clock on 06/12/2026 (issue 13): the province's officer and a cell's secretary
open "Báo cáo" from the menu on the last complete half-year, the cell with no check failed for what
it cannot have; the district's officer finds two "Chi bộ Văn phòng" told apart by their committee,
in the search and on the ratings page with its members flagged after two years "Không hoàn thành".
Screenshots in test-artifacts/."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.organizations.models import OrgKind, OrgSector
from partyorg.ratings import services as ratings
from partyorg.ratings.models import RatingLevel
from partyorg.ratings.services import RatingEntry
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit

DAY = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_the_reports_page_of_the_province_and_of_a_cell(live_server, erasable_logs):
    tree = testing.build_tree()
    for _ in range(2):
        testing.admit(testing.person(), tree.cell_a, date(2016, 3, 1))
    for decided_on in (date(2025, 3, 2), date(2026, 3, 2)):
        testing.admit(testing.person(), tree.cell_b, decided_on, recognize=False)
    testing.user_with("tinh", (tree.province, Role.VIEW), password="mat-khau-du-dai")
    testing.user_with("bithu", (tree.cell_a, Role.EDIT), password="mat-khau-du-dai")
    with time_machine.travel(DAY, tick=True), browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "tinh")
        page.click("nav >> text=Báo cáo")
        assert page.locator("h1").inner_text() == "Báo cáo: Tỉnh ủy Hòa Sơn"
        assert page.input_value("input[name=from]") == "01/01/2026"
        assert page.input_value("input[name=to]") == "30/06/2026"
        assert (
            "Kỳ báo cáo: 01/01/2026 – 30/06/2026 (6 tháng đầu năm 2026)"
            in page.locator(".period").inner_text()
        )
        checks = page.locator("ul.checks").inner_text()
        assert "✗" not in checks and "không áp dụng" not in checks
        screenshot(page, "reports-province")

        # The current half-year, asked for: not over, so not compared with last year.
        page.fill("input[name=from]", "01/07/2026")
        page.fill("input[name=to]", "31/12/2026")
        submit(page, "form.filters button")
        assert "Kỳ này chưa kết thúc" in page.locator(".period").inner_text()
        assert "✗" not in page.locator("ul.checks").inner_text()
        screenshot(page, "reports-province-current")

        page.context.clear_cookies()
        sign_in(page, live_server.url, "bithu")
        page.click("nav >> text=Báo cáo")
        assert page.locator("h1").inner_text() == "Báo cáo: Chi bộ bản Na Ten"
        assert page.input_value("input[name=from]") == "01/01/2026"
        checks = page.locator("ul.checks")
        assert "✗" not in checks.inner_text()
        assert checks.locator("li.not-applicable").count() == 2  # the subordinates' sum and form 5
        screenshot(page, "reports-cell")
        page.set_viewport_size(PHONE)
        screenshot(page, "reports-cell-phone")


@pytest.mark.django_db(transaction=True)
def test_the_search_tells_two_cells_of_the_same_name_apart(live_server, erasable_logs):
    tree = testing.build_tree()
    other = testing.found(
        "T.H.Y",
        "Đảng ủy xã Mường Tùng",
        OrgKind.GRASSROOTS_COMMITTEE,
        tree.district,
        sector=OrgSector.COMMUNE,
    )
    office_a = testing.found("T.H.X.3", "Chi bộ Văn phòng", OrgKind.CELL, tree.commune)
    office_b = testing.found("T.H.Y.1", "Chi bộ Văn phòng", OrgKind.CELL, other)
    # One member of each rated "Không hoàn thành nhiệm vụ" in 2020 and 2021: flagged in 2021.
    for cell, name in ((office_a, "Lò Văn An"), (office_b, "Quàng Văn Bình")):
        who = testing.person(name)
        testing.admit(who, cell, date(2010, 3, 1))
        for year in (2020, 2021):
            cycle = ratings.open_cycle(
                cell, year=year, reviewed_on=date(year, 12, 18), legal_basis=testing.BASIS, recorded_by="t"
            )
            ratings.rate_members(
                cycle,
                [RatingEntry(who, RatingLevel.NOT_FULFILLED)],
                legal_basis=testing.BASIS,
                recorded_by="t",
            )
    testing.user_with("huyen", (tree.district, Role.VIEW), password="mat-khau-du-dai")
    with time_machine.travel(DAY, tick=True), browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "huyen")
        page.goto(live_server.url + "/to-chuc/?q=van+phong")
        names = page.locator("table.list tbody td:first-child").all_inner_texts()
        assert names == ["Chi bộ Văn phòng — Đảng ủy xã Mường Tùng", "Chi bộ Văn phòng — Đảng ủy xã Nà Tấu"]
        screenshot(page, "organizations-search-same-name")

        # The district's ratings of 2021: both cells' cycles, and each flagged member with their cell.
        page.goto(f"{live_server.url}/cong-tac/{tree.district.code}/xep-loai/?nam=2021")
        page.wait_for_selector(".figures")
        listed = page.locator(".figures ul").inner_text()
        assert "Lò Văn An, Chi bộ Văn phòng — Đảng ủy xã Nà Tấu" in listed
        assert "Quàng Văn Bình, Chi bộ Văn phòng — Đảng ủy xã Mường Tùng" in listed
        whole = page.locator("main").inner_text()  # the cycles of the cells, and the flagged members
        assert whole.count("Chi bộ Văn phòng — Đảng ủy xã Nà Tấu") == 2
        assert whole.count("Chi bộ Văn phòng — Đảng ủy xã Mường Tùng") == 2
        screenshot(page, "ratings-same-name")
