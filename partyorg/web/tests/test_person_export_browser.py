"""One person's data in a real browser (issue 19, Decree 13/2023): the cell's officer opens a
member's page, downloads "Xuất mọi dữ liệu về người này", and the province's administrator finds
the export on "Nhật ký truy cập" filtered by its kind; an officer of another cell gets "not found"
(see browser.py for the browser)."""

from datetime import date

import pytest
from openpyxl import load_workbook

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.stamps import STAMP_SHEET
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit

PASSWORD = "mat-khau-du-dai"


@pytest.mark.django_db(transaction=True)
def test_the_cells_officer_exports_a_members_data_and_the_province_sees_it_logged(
    live_server, tmp_path, erasable_logs
):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    testing.user_with("bithu.a", (tree.cell_a, Role.EDIT), password=PASSWORD)
    testing.user_with("bithu.b", (tree.cell_b, Role.ADMINISTER), password=PASSWORD)
    testing.user_with("quantri.tinh", (tree.province, Role.ADMINISTER), password=PASSWORD)
    with browser_page() as page:
        sign_in(page, live_server.url, "bithu.a")
        page.goto(f"{live_server.url}/dang-vien/{huong.code}/")
        screenshot(page, "member-export-button")
        with page.expect_download() as caught:
            page.get_by_role("link", name="Xuất mọi dữ liệu về người này (Excel)").click()
        download = caught.value
        assert download.suggested_filename.startswith(f"ho-so-{huong.code}-")
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        wb = load_workbook(path)
        assert wb.sheetnames == ["Hồ sơ", "Sự kiện đảng viên", STAMP_SHEET]
        assert dict(wb[STAMP_SHEET].iter_rows(values_only=True))["Người xuất"] == "bithu.a"
        page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "bithu.b")
        response = page.goto(f"{live_server.url}/dang-vien/{huong.code}/xuat.xlsx")
        assert response is not None and response.status == 404
        page.goto(f"{live_server.url}/")
        page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "quantri.tinh")
        page.goto(f"{live_server.url}/to-chuc/{tree.province.code}/nhat-ky-truy-cap/")
        page.select_option("form.filters select[name=loai]", label="Xuất hồ sơ một người")
        submit(page, "form.filters button")
        rows = page.locator("table.list tbody tr")
        assert rows.count() == 1
        text = rows.first.inner_text()
        assert "bithu.a" in text and huong.full_name in text and "127.0.0.1" in text
        screenshot(page, "access-log-person-export")
