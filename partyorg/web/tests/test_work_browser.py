"""The yearly-work pages in a real browser (Debian's Chromium through Playwright; see browser.py):
a commune officer records a candidate's step (refused first, then with a reason), a position and a
meeting with an excused absence, and the screenshots are kept in test-artifacts/."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.meetings.models import Attendance, Meeting
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.models import CandidateStep
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


@pytest.mark.django_db(transaction=True)
def test_recording_a_step_a_position_and_a_meeting(live_server, erasable_logs):
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    dung = recruitment.add_new_candidate(
        tree.cell_a,
        code="QC0001",
        full_name="Hà Thị Dung",
        sex="female",
        birth_date=date(2000, 4, 2),
        introduced_by="youth_union",
        introduced_on=date(2025, 1, 10),
        introducing_body="Chi đoàn bản Na Ten",
        recorded_by="bithu",
    )
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")
        page.goto(live_server.url + "/?on=30/06/2025")

        # The menu leads to the commune's yearly work, then to its candidates.
        page.click("nav >> text=Công tác đảng")
        assert page.locator("h1").inner_text() == "Công tác đảng — Đảng ủy xã Nà Tấu"
        screenshot(page, "work-index")
        page.click("text=Phát triển đảng viên")
        assert "Hà Thị Dung" in page.locator("table.list").nth(1).inner_text()
        screenshot(page, "work-candidates")
        page.click("text=Hà Thị Dung")
        assert page.locator("h1").inner_text() == "Hà Thị Dung"

        # The next step: the course certificate, then an introducer refused by the 12-month rule.
        page.click("text=Ghi bước tiếp theo")
        page.fill("input[name=effective_on]", "20/02/2025")
        page.fill("input[name=basis_number]", "125/GCN")
        page.fill("input[name=basis_issuer]", "Trung tâm Chính trị huyện")
        page.click("form.record button")
        assert "Đã ghi: Giấy chứng nhận lớp bồi dưỡng" in page.locator(".messages").inner_text()
        page.click("text=Ghi bước khác")
        page.click("nav.kinds >> text=Giới thiệu người vào Đảng")
        page.fill("input[name=effective_on]", "01/03/2025")
        page.fill("input[name=person]", pom.code)
        page.fill("input[name=since]", "01/01/2025")
        page.click("form.record button")
        assert "Bị từ chối theo quy định" in page.locator(".refusal").inner_text()
        screenshot(page, "work-step-refused")
        page.fill("textarea[name=override_reason]", "Cùng sinh hoạt chi đoàn từ năm 2023")
        page.click("form.record button.override")
        assert "Đã ghi: Giới thiệu người vào Đảng" in page.locator(".messages").inner_text()
        assert "Cùng sinh hoạt chi đoàn từ năm 2023" in page.locator("table.list").inner_text()
        screenshot(page, "work-candidate")
        assert CandidateStep.objects.filter(candidate=dung, kind="introducer").exists()

        # A position: Pọm appointed secretary of cell A.
        page.goto(f"{live_server.url}/cong-tac/{tree.cell_a.code}/cap-uy/")
        page.click(".actions >> text=Ghi người giữ chức")
        page.fill("input[name=person]", pom.code)
        page.select_option("select[name=position]", "secretary")
        page.fill("input[name=starts_on]", "01/06/2025")
        page.select_option("select[name=method]", "appointed")
        page.fill("input[name=basis_number]", "15-QĐ/ĐU")
        page.fill("input[name=basis_issuer]", "Đảng ủy xã Nà Tấu")
        screenshot(page, "work-position-form")
        page.click("form.record button")
        assert (
            "Đã ghi: Lò Văn Pọm giữ chức Bí thư từ ngày 01/06/2025" in page.locator(".messages").inner_text()
        )
        screenshot(page, "work-committees")

        # A meeting of cell A: the day brings the expected members; Hường excused.
        page.goto(f"{live_server.url}/cong-tac/{tree.cell_a.code}/sinh-hoat/")
        page.click("text=Ghi buổi sinh hoạt")
        page.fill("input[name=held_on]", "10/06/2025")
        page.press("input[name=held_on]", "Tab")
        page.wait_for_selector("#attendance >> text=10/06/2025")
        page.select_option(f"select[name=att_{huong.pk}]", "excused")
        page.fill(f"input[name=reason_{huong.pk}]", "Đi công tác")
        page.select_option("select[name=kind]", "combined")
        page.fill("input[name=duration_minutes]", "120")
        page.fill(
            "textarea[name=agenda]",
            "Kiểm điểm công tác tháng 5; chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh",
        )
        screenshot(page, "work-meeting-form")
        page.click("form.record button")
        assert (
            "Đã ghi: Sinh hoạt thường kỳ kết hợp chuyên đề ngày 10/06/2025"
            in page.locator(".messages").inner_text()
        )
        screenshot(page, "work-meeting")
        made = Meeting.objects.get(held_on=date(2025, 6, 10))
        assert Attendance.objects.get(meeting=made, person=huong).status == "excused"
        page.click("text=Sinh hoạt chi bộ —")
        screenshot(page, "work-meetings")
