"""Correcting a meeting in a real browser (Debian's Chromium through Playwright; see browser.py): a
commune officer opens cell A's meeting of 12/05/2025, corrects its day and marks Pọm absent with a
reason, then withdraws a meeting that did not take place; screenshots are kept in test-artifacts/."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.meetings import services as meetings
from partyorg.meetings.models import Attendance, Meeting
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


@pytest.mark.django_db(transaction=True)
def test_correcting_and_withdrawing_a_meeting(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    wrong = meetings.record_meeting(
        tree.cell_a,
        kind="regular",
        held_on=date(2025, 5, 12),
        duration_minutes=120,
        agenda="Sinh hoạt tháng 5",
        recorded_by="t",
    )
    extra = meetings.record_meeting(
        tree.cell_a, kind="regular", held_on=date(2025, 6, 2), duration_minutes=60, recorded_by="t"
    )
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/cong-tac/{tree.commune.code}/sinh-hoat/?on=30/06/2025")
        page.wait_for_selector(".cards")
        screenshot(page, "amend-meetings-list")
        page.click("text=12/05/2025")
        page.click(".actions >> text=Sửa")
        assert page.input_value("input[name=held_on]") == "12/05/2025"
        page.fill("input[name=held_on]", "13/05/2025")
        page.fill("input[name=duration_minutes]", "150")  # leaving the day asks who is expected then
        page.wait_for_selector("legend:has-text('13/05/2025')")  # the list of that day is in place
        page.select_option(f"select[name=att_{pom.pk}]", "excused")
        page.fill(f"input[name=reason_{pom.pk}]", "Ốm")
        page.fill("textarea[name=note]", "Ghi nhầm ngày sinh hoạt")
        screenshot(page, "amend-meeting-form")
        page.click("form.record button")
        assert "Đã sửa: Sinh hoạt thường kỳ ngày 13/05/2025" in page.locator(".messages").inner_text()
        screenshot(page, "amend-meeting-corrected")
        made = Meeting.objects.get(corrects=wrong)
        assert (made.held_on, made.duration_minutes) == (date(2025, 5, 13), 150)
        assert Attendance.objects.get(meeting=made, person=pom).reason == "Ốm"

        # The meeting of 02/06/2025 did not take place: withdrawn from the list, with the reason.
        page.goto(f"{live_server.url}/cong-tac/{tree.commune.code}/sinh-hoat/?on=30/06/2025")
        page.click(f"a[href='/sinh-hoat/{extra.uid}/huy-bo/']")
        page.fill("textarea[name=note]", "Chi bộ không họp, ghi nhầm")
        screenshot(page, "amend-meeting-withdraw")
        page.click("form.record button")
        assert "Đã hủy bỏ" in page.locator(".messages").inner_text()
        table = page.locator("table.list").last.inner_text()
        assert "13/05/2025" in table and "02/06/2025" not in table
        screenshot(page, "amend-meetings-after")
        assert Meeting.objects.get(corrects=extra).withdrawn
