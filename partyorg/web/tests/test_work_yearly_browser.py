"""Ratings, dues and discipline in a real browser (Debian's Chromium through Playwright; see
browser.py): a commune officer rates cell A's roster of 2024 (refused by the excellent quota, then
recorded with a reason), records the cell's dues for May 2025 and a reprimand; screenshots are kept
in test-artifacts/."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core.records import LegalBasis
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.dues import services as dues
from partyorg.dues.models import DuesPayment
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit


@pytest.mark.django_db(transaction=True)
def test_recording_a_rating_a_payment_and_a_measure(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    new = testing.person("Hà Thị Dung", sex="female")
    testing.admit(new, tree.cell_a, date(2024, 9, 2))  # admitted less than six months before the review
    for who, amount in ((huong, 5_000_000), (pom, 4_200_000)):
        dues.record_basis(
            who, from_month=date(2025, 1, 1), category="civil_servant", amount=amount, recorded_by="t"
        )
    ratings.open_cycle(
        tree.cell_a,
        year=2024,
        reviewed_on=date(2024, 12, 15),
        legal_basis=LegalBasis("01-NQ/CB", date(2024, 12, 15), "Chi bộ bản Na Ten"),
        recorded_by="t",
    )
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    a = tree.cell_a.code
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")
        page.goto(live_server.url + "/?on=30/06/2025")
        page.click("nav >> text=Công tác đảng")
        page.click("text=Xếp loại chất lượng")
        screenshot(page, "yearly-ratings-commune")

        # Cell A's roster of 2024: Dung is excluded (admitted in September); both others excellent.
        page.goto(f"{live_server.url}/cong-tac/{a}/xep-loai/?nam=2024")
        assert "Mới kết nạp" in page.locator("table.list").first.inner_text()
        page.click(".actions >> text=Xếp loại đảng viên")
        page.select_option(f"select[name=level_{huong.pk}]", "excellent")
        page.select_option(f"select[name=level_{pom.pk}]", "excellent")
        page.fill("input[name=basis_number]", "02-BB/CB")
        page.click("form.record button")
        assert "Bị từ chối theo quy định" in page.locator(".refusal").inner_text()
        screenshot(page, "yearly-rate-refused")
        page.fill("textarea[name=override_reason]", "Cấp ủy cấp trên đồng ý cả hai đồng chí")
        page.click("form.record button.override")
        assert "Đã xếp loại 2 đảng viên" in page.locator(".messages").inner_text()
        page.click(".actions >> text=Xếp loại tổ chức")
        page.select_option("select[name=level]", "good")
        page.click("form.record button")
        assert "Đã xếp loại tổ chức" in page.locator(".messages").inner_text()
        page.wait_for_selector(".figures")
        screenshot(page, "yearly-ratings-cell")
        assert MemberRating.objects.filter(level="excellent").count() == 2

        # Dues of May 2025: nothing is prefilled; Hường paid in full (the box), Pọm half (typed).
        page.goto(f"{live_server.url}/cong-tac/{a}/dang-phi/?tu=01/2025&den=06/2025")
        page.click(".actions >> text=Ghi đảng phí")
        page.fill("form.filters input[name=thang]", "05/2025")
        submit(page, "form.filters button")
        assert page.input_value(f"input[name=amount_{huong.pk}]") == ""
        page.check(f"input[name=full_{huong.pk}]")
        page.fill(f"input[name=amount_{pom.pk}]", "21.000")
        page.fill("input[name=paid_on]", "28/05/2025")
        screenshot(page, "yearly-dues-form")
        page.click("form.record button")
        assert "Đã ghi đảng phí tháng 05/2025 của 2 đảng viên" in page.locator(".messages").inner_text()
        screenshot(page, "yearly-dues-cell")
        assert DuesPayment.objects.filter(person=pom).get().amount == 21000
        assert DuesPayment.objects.filter(person=huong).get().amount == 50000

        # A reprimand of Pọm by the cell.
        page.goto(f"{live_server.url}/cong-tac/{tree.commune.code}/ky-luat/")
        page.click(".actions >> text=Ghi kỷ luật đảng viên")
        page.fill("input[name=person]", pom.code)
        page.select_option("select[name=sanction]", "reprimand")
        page.fill("input[name=decided_on]", "10/06/2025")
        page.fill("input[name=deciding_body]", "Chi bộ bản Na Ten")
        page.fill("input[name=basis_number]", "03-QĐ/CB")
        page.fill("textarea[name=note]", "Vi phạm quy định sinh hoạt")
        screenshot(page, "yearly-measure-form")
        page.click("form.record button")
        assert "Đã ghi: Lò Văn Pọm, Khiển trách ngày 10/06/2025" in page.locator(".messages").inner_text()
        screenshot(page, "yearly-discipline")
        assert DisciplinaryMeasure.objects.get().person_id == pom.pk
