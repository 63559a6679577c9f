"""From the member page to a numbered admission decision, in a real browser (Debian's Chromium
through Playwright, partyorg/web/tests/browser.py). Screenshots in test-artifacts/."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.papers.models import Paper
from partyorg.papers.tests.cast import admitted_and_recognized
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db(transaction=True)
def test_an_officer_prints_the_admission_decision_from_the_member_page(live_server, erasable_logs):
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=HANOI), tick=True):
        story = admitted_and_recognized()
        testing.user_with("huyen", (story.tree.district, Role.EDIT), password="mat-khau-du-dai")
        with browser_page() as page:
            page.set_viewport_size({"width": 1280, "height": 900})
            sign_in(page, live_server.url, "huyen")
            page.goto(f"{live_server.url}/dang-vien/{story.person.code}/")
            papers = page.locator("section.papers")
            papers.locator("text=In quyết định kết nạp").wait_for()
            assert "In quyết định công nhận chính thức" in papers.inner_text()
            screenshot(page, "papers-member-page")
            papers.locator("text=In quyết định kết nạp").click()
            assert page.locator("h1").inner_text() == "Quyết định kết nạp đảng viên: Cầm Văn Ún"
            assert page.locator("input[name=body_symbol]").input_value() == "HU"
            screenshot(page, "papers-issue-form")
            page.click("text=Cấp số và in")
            assert page.locator("h1").inner_text() == "Quyết định kết nạp đảng viên số 1-QĐ/HU"
            with page.expect_download() as download:
                page.click("text=Tải PDF (để ký)")
            assert download.value.suggested_filename == "admission-1-qd-hu-20170120.pdf"
            screenshot(page, "papers-paper-page")
            page.click("text=QĐ/HU, 2017")
            assert page.locator("h1").inner_text() == "Sổ đăng ký văn bản năm 2017"
            assert "1-QĐ/HU" in page.locator("table.register").inner_text()
            screenshot(page, "papers-register")
            page.goto(f"{live_server.url}/dang-vien/{story.person.code}/")
            page.locator("section.papers >> text=số 1-QĐ/HU").wait_for()
            timeline = page.locator("table.list").last.inner_text()
            assert "1-QĐ/HU ngày 20/01/2017 của Huyện ủy Mường Khoa" in timeline
            screenshot(page, "papers-member-page-after")
        assert Paper.objects.get().event.basis_number == "1-QĐ/HU"
