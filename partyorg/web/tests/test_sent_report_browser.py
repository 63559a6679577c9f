"""A form marked as sent and compared later, in a real browser (Debian's Chromium through
Playwright; see browser.py). On 03/07/2026 the district's officer marks form 1 of the first half of
2026 as sent from the reports page; on 06/12/2026, after a death of 10/05/2026 was recorded, he
opens it again from "Biểu đã gửi" and finds the three lines that moved and the member behind them.
Screenshots in test-artifacts/."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import EventKind
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db(transaction=True)
def test_a_form_marked_sent_then_compared_after_a_late_death(live_server, erasable_logs):
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=HANOI), tick=True):
        tree = testing.build_tree()
        members = [testing.person(name) for name in ("Lò Văn An", "Lò Văn Bình", "Lò Thị Cúc")]
        for member in members:
            testing.admit(member, tree.cell_a, date(2016, 3, 1))
        testing.user_with("huyen", (tree.district, Role.EDIT), password="mat-khau-du-dai")
        with browser_page() as page:
            sign_in(page, live_server.url, "huyen")
            page.goto(f"{live_server.url}/bao-cao/?org=T.H&from=01/01/2026&to=30/06/2026")
            page.locator("tr", has_text="Biểu 1 — Tăng, giảm đảng viên").locator(
                "text=Ghi nhận đã gửi"
            ).click()
            assert page.locator("h1").inner_text() == "Biểu đã gửi: Biểu 1 — Tăng, giảm đảng viên"
            assert "Số liệu hôm nay không khác số liệu đã gửi." in page.locator("main").inner_text()
    with time_machine.travel(datetime(2026, 12, 6, 9, 0, tzinfo=HANOI), tick=True):
        testing.record(members[1], EventKind.DIED, date(2026, 5, 10))
        with browser_page() as page:
            page.set_viewport_size({"width": 1366, "height": 900})
            sign_in(page, live_server.url, "huyen")
            page.goto(f"{live_server.url}/bao-cao/?org=T.H&from=01/01/2026&to=30/06/2026")
            page.click("table.sent-list >> text=So sánh với số liệu hôm nay")
            body = page.locator("main").inner_text()
            assert "Hôm nay 3 dòng khác số liệu đã gửi." in body
            changed = page.locator("table.sent tr.changed")
            assert changed.count() == 3
            assert "Từ trần" in changed.nth(1).inner_text()
            late = page.locator("table.late").inner_text()
            assert "Lò Văn Bình" in late and "Từ trần ngày 10/05/2026" in late and "Lò Văn An" not in late
            screenshot(page, "sent-report-compared")
            # The reports page as known on the day it was sent: form 1 reads as sent, D = 3.
            page.goto(f"{live_server.url}/bao-cao/?org=T.H&from=01/01/2026&to=30/06/2026")
            page.fill("input[name=known]", "03/07/2026")
            submit(page, "form.filters button[type=submit]")
            assert "Số liệu như đã biết đến hết ngày 03/07/2026" in page.locator("p.known-on").inner_text()
            closing = page.locator("main table.list tr", has_text="cuối kỳ").last.inner_text()
            assert "\t3\t" in closing + "\t"
            assert page.locator("button", has_text="Ghi nhận đã gửi").count() == 0
            screenshot(page, "reports-known-on")
