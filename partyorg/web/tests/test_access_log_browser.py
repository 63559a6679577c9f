"""The read log in a real browser (issue 19, "every read of a person's file appears in the access log
page"): a commune's officer opens a member's file; the province's administrator finds the read on
"Nhật ký truy cập", linked from the province's page, and filters it by person and by kind (the
members lists they searched); the commune's
administrator is not shown the page (see browser.py for the browser)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit

PASSWORD = "mat-khau-du-dai"


@pytest.mark.django_db(transaction=True)
def test_a_read_of_a_members_file_appears_on_the_provinces_access_log(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    giao = testing.person("Lò Văn Giáo")
    testing.admit(giao, tree.school, date(2012, 5, 2))
    testing.user_with("canbo.xa", (tree.commune, Role.EDIT), password=PASSWORD, first_name="Cán bộ xã")
    testing.user_with("quantri.xa", (tree.commune, Role.ADMINISTER), password=PASSWORD)
    testing.user_with("quantri.tinh", (tree.province, Role.ADMINISTER), password=PASSWORD)
    testing.user_with("canbo.truong", (tree.school, Role.EDIT), password=PASSWORD)
    with browser_page() as page:
        for reader, person in (("canbo.truong", giao), ("canbo.xa", huong)):
            sign_in(page, live_server.url, reader)
            page.goto(f"{live_server.url}/dang-vien/{person.code}/")
            assert page.locator("h1").inner_text() == person.full_name
            page.goto(f"{live_server.url}/dang-vien/?q=lo+van")
            page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "quantri.xa")
        page.goto(f"{live_server.url}/to-chuc/{tree.commune.code}/")
        assert page.get_by_role("link", name="Nhật ký thay đổi: ai ghi gì, lúc nào").count() == 1
        assert page.get_by_role("link", name="Nhật ký truy cập: ai xem hồ sơ nào, lúc nào").count() == 0
        response = page.goto(f"{live_server.url}/to-chuc/{tree.province.code}/nhat-ky-truy-cap/")
        assert response is not None and response.status == 404
        page.goto(f"{live_server.url}/")
        page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "quantri.tinh")
        page.goto(f"{live_server.url}/to-chuc/{tree.province.code}/")
        page.get_by_role("link", name="Nhật ký truy cập: ai xem hồ sơ nào, lúc nào").click()
        assert page.locator("h1").inner_text() == "Nhật ký truy cập"
        reads = page.locator("table.list tbody tr", has_text="Hồ sơ một người")
        # Newest first: the commune's officer reading Hường, from this browser on this machine, then
        # the school's reading Giáo (their dashboards' lists of people may be logged between them).
        assert reads.count() == 2
        first = reads.first.inner_text()
        assert "canbo.xa" in first and huong.full_name in first and huong.code in first
        assert "127.0.0.1" in first and "Trang web" in first and "Mozilla/5.0" in first
        assert "canbo.truong" in reads.nth(1).inner_text() and giao.full_name in reads.nth(1).inner_text()
        screenshot(page, "access-log")

        page.fill("form.filters input[name=ho-so]", giao.code)
        submit(page, "form.filters button")
        assert page.locator("table.list tbody tr").count() == 1
        assert "canbo.truong" in page.locator("table.list tbody").inner_text()
        assert page.locator("form.filters input[name=ho-so]").input_value() == giao.code
        screenshot(page, "access-log-filtered")

        # By kind: the members lists the two officers searched, with what they typed.
        page.fill("form.filters input[name=ho-so]", "")
        page.select_option("form.filters select[name=loai]", label="Danh sách đảng viên")
        submit(page, "form.filters button")
        rows = page.locator("table.list tbody tr")
        assert rows.count() == 2
        assert all("tìm “lo van”" in rows.nth(i).inner_text() for i in range(2))
        assert "Hồ sơ một người" not in page.locator("table.list tbody").inner_text()
        assert page.locator("form.filters select[name=loai]").input_value() == "member_list"
        screenshot(page, "access-log-by-kind")
