"""Every page, in a real browser (Debian's Chromium through Playwright; see browser.py)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import EventKind as K
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit


@pytest.mark.django_db(transaction=True)
def test_sign_in_dashboard_tree_with_the_date_and_a_search_without_diacritics(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    dung = testing.person("Hà Thị Dung", sex="female")
    testing.record(dung, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=tree.cell_a)
    late = testing.person("Quàng Văn Mới")
    testing.admit(late, tree.cell_b, date(2018, 1, 8))
    testing.user_with(
        "huyen", (tree.district, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ huyện"
    )
    with browser_page() as page:
        page.goto(live_server.url + "/")
        assert "/dang-nhap/" in page.url  # every page asks for sign-in first
        page.fill("input[name=username]", "huyen")
        page.fill("input[name=password]", "sai mat khau")
        page.click("button[type=submit]")
        assert page.locator(".errorlist").is_visible()
        screenshot(page, "login-refused")
        page.fill("input[name=password]", "mat-khau-du-dai")
        page.click("button[type=submit]")
        assert page.locator("h1").first.inner_text() == "Huyện ủy Mường Khoa"
        assert page.locator(".card .value").first.inner_text() == "2"
        page.wait_for_selector("section.due h2")  # the deadlines come after the page, through htmx
        assert page.locator("figure.chart canvas").bounding_box()["height"] > 100  # drawn by Chart.js
        screenshot(page, "dashboard")

        page.click("text=Tổ chức đảng")
        assert page.locator("h1").inner_text() == "Huyện ủy Mường Khoa"
        page.click("text=Đảng ủy xã Nà Tấu")
        assert page.locator("h1").inner_text() == "Đảng ủy xã Nà Tấu"
        assert page.locator(".card .value").first.inner_text() == "2"
        page.fill("input[name=on]", "30/06/2017")  # the date picker: the tree and figures that day
        page.click("form.on button")
        assert page.locator(".asof").inner_text() == "Số liệu và cây tổ chức tại ngày 30/06/2017"
        assert page.locator(".card .value").first.inner_text() == "1"  # Mới was admitted in 2018
        screenshot(page, "organization")

        page.click("nav >> text=Đảng viên")
        page.fill("input[name=q]", "nguyen thi huong")
        page.wait_for_function("() => document.querySelector('#rows').innerText.includes('1 người')")
        assert page.locator("#rows tbody tr").count() == 1
        screenshot(page, "members-search")
        page.click("text=Nguyễn Thị Hường")
        assert page.locator("h1").inner_text() == "Nguyễn Thị Hường"
        assert "Quyết định kết nạp" in page.locator("table.list").inner_text()
        screenshot(page, "member")

        page.get_by_role("link", name="Chuyển sinh hoạt đi").click()  # to the district's school
        page.wait_for_url("**/ghi/?kind=transfer_out")
        page.fill("input[name=effective_on]", "02/06/2025")
        page.fill("input[name=other_organization]", tree.school.code)
        page.fill("input[name=basis_number]", "15-QĐ/ĐU")
        page.click("form.record button")
        assert (
            "Đã ghi: Chuyển sinh hoạt đảng chính thức đi ngày 02/06/2025"
            in page.locator(".messages").inner_text()
        )

        # Dung was admitted by decision on 01/03/2024: on the session's day (2017) she is nobody's yet.
        page.goto(f"{live_server.url}/dang-vien/{dung.code}/ghi/?kind=admission_ceremony")
        assert page.locator("h1").inner_text() != "Ghi sự kiện"
        page.goto(f"{live_server.url}/dang-vien/{dung.code}/ghi/?kind=admission_ceremony&on=11/03/2024")
        page.fill("input[name=effective_on]", "11/03/2024")
        page.click("form.record button")
        assert "Đã ghi: Lễ kết nạp ngày 11/03/2024" in page.locator(".messages").inner_text()
        page.goto(f"{live_server.url}/dang-vien/{dung.code}/ghi/?kind=recognized_official")
        page.fill("input[name=effective_on]", "01/04/2024")  # three weeks into probation: refused
        page.click("form.record button")
        assert "Bị từ chối theo quy định" in page.locator(".refusal").inner_text()
        screenshot(page, "record-refused")

        page.click("text=Đăng xuất")
        assert "/dang-nhap/" in page.url


@pytest.mark.django_db(transaction=True)
def test_reports_users_audit_and_api_docs_in_a_browser(live_server, erasable_logs, tmp_path):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2017, 3, 1), recognize=False)
    testing.user_with(
        "quantri", (tree.commune, Role.ADMINISTER), password="mat-khau-du-dai", first_name="Quản trị xã"
    )
    with browser_page() as page:
        sign_in(page, live_server.url, "quantri")

        page.click("nav >> text=Báo cáo")
        page.fill("input[name=from]", "01/01/2017")
        page.fill("input[name=to]", "30/06/2017")
        submit(page, "form.filters button")
        assert page.locator("ul.checks li.fail").count() == 0
        screenshot(page, "reports")
        with page.expect_download() as caught:
            page.locator("table.downloads tr", has_text="Biểu 1").get_by_text("PDF").click()
        saved = tmp_path / caught.value.suggested_filename
        caught.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF") and saved.name.endswith("20170101-20170630.pdf")

        page.click("nav >> text=Người dùng")
        assert "quantri" in page.locator("table.list").inner_text()
        screenshot(page, "users")

        page.goto(f"{live_server.url}/to-chuc/{tree.commune.code}/nhat-ky/")
        assert "Lễ kết nạp" in page.locator("table.list").inner_text()
        screenshot(page, "audit")

        page.goto(f"{live_server.url}/api/docs")
        page.wait_for_selector(".opblock")  # Swagger UI, served by the app itself (no CDN)
        # The API's six operations: organizations, one, its figures, members, one, its dated facts
        assert page.locator(".opblock").count() == 6
        screenshot(page, "api-docs")
