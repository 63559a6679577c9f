"""Adding records of the yearly work in a real browser (Debian's Chromium through Playwright; see
browser.py): a commune officer introduces a new candidate to cell A from the candidates page, and
records a member's dues relief from cell A's dues page (first refused as decided by the cell itself,
then decided by the commune) and withdraws it; screenshots are kept in test-artifacts/ (add-*.png)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.dues.models import DuesRelief
from partyorg.recruitment.models import Candidate
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


@pytest.mark.django_db(transaction=True)
def test_adding_a_candidate(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")

        page.goto(f"{live_server.url}/cong-tac/{tree.commune.code}/phat-trien-dang/?on=30/06/2025")
        page.click(".actions >> text=Thêm quần chúng ưu tú")
        page.select_option("select[name=organization]", tree.cell_a.code)
        page.fill("input[name=code]", "QC-0001")
        page.fill("input[name=full_name]", "Lò Thị Mai")
        page.select_option("select[name=sex]", "female")
        page.fill("input[name=birth_date]", "12/08/2003")
        page.fill("input[name=ethnicity]", "Thái")
        page.check("input[name=is_youth_union_member]")
        page.select_option("select[name=introduced_by]", "youth_union")
        page.fill("input[name=introduced_on]", "20/06/2025")
        page.fill("input[name=introducing_body]", "Chi đoàn bản Na Ten")
        page.fill("input[name=basis_number]", "05-GT/CĐ")
        screenshot(page, "add-candidate-form")
        page.click("form.record button")
        assert "Đã ghi quần chúng ưu tú Lò Thị Mai" in page.locator(".messages").inner_text()
        screenshot(page, "add-candidate-done")
        made = Candidate.objects.select_related("person").get()
        assert (made.person.full_name, made.organization_id) == ("Lò Thị Mai", tree.cell_a.pk)
        page.goto(f"{live_server.url}/cong-tac/{tree.commune.code}/phat-trien-dang/?on=30/06/2025")
        assert "Lò Thị Mai" in page.locator("table.list").nth(1).inner_text()
        screenshot(page, "add-candidates-list")


@pytest.mark.django_db(transaction=True)
def test_recording_and_withdrawing_a_dues_relief(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")

        page.goto(f"{live_server.url}/cong-tac/{tree.cell_a.code}/dang-phi/?on=15/03/2026")
        page.click("table.dues >> text=miễn, giảm")
        assert page.input_value("input[name=person]") == huong.code
        assert page.input_value("input[name=decided_by]") == tree.commune.code
        page.select_option("select[name=ground]", "hardship")
        page.fill("input[name=percent]", "50")
        page.fill("input[name=first_month]", "03/2026")
        page.fill("input[name=last_month]", "08/2026")
        page.fill("input[name=decided_by]", tree.cell_a.code)  # the cell itself: refused
        page.fill("input[name=basis_number]", "07-QĐ/ĐU")
        page.fill("textarea[name=note]", "Nhà bị lũ cuốn")
        page.click("form.record button")
        assert "do cấp ủy cấp trên quyết định" in page.locator(".errorlist").inner_text()
        assert page.input_value("input[name=last_month]") == "08/2026"
        screenshot(page, "add-relief-refused")
        page.fill("input[name=decided_by]", tree.commune.code)
        page.click("form.record button")
        assert "Đã ghi miễn, giảm đảng phí của Nguyễn Thị Hường" in page.locator(".messages").inner_text()
        assert "Khó khăn khác" in page.locator("table.reliefs").inner_text()
        screenshot(page, "add-relief-listed")
        made = DuesRelief.objects.get()
        assert (made.percent, made.decided_by_id) == (50, tree.commune.pk)

        page.click("table.reliefs >> text=Huỷ bỏ")
        page.fill("textarea[name=note]", "Ghi nhầm người")
        screenshot(page, "add-relief-withdraw")
        page.click("form.record button")
        assert "Đã hủy bỏ" in page.locator(".messages").inner_text()
        assert page.locator("table.reliefs").count() == 0
        screenshot(page, "add-relief-after")
        assert DuesRelief.objects.get(corrects=made).withdrawn
