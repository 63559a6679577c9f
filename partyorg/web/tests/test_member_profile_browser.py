"""The member page on a day in a real browser (issue 15): the commune's officer opens Lò Văn Pọm's
file, types a day in "Ngày xem" and sees where he lived, his professional level and occupation that
day; opens a fact's periods and rows; then looks at it as known at the end of 31/12/2017; the
school's officer gets "not found". Cast and hand-worked values: partyorg.members.tests.test_profile
(see browser.py for the browser)."""

from __future__ import annotations

import pytest
import time_machine

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.tests.test_profile import TODAY, build_mover
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

PASSWORD = "mat-khau-du-dai"


@pytest.mark.django_db(transaction=True)
def test_an_officer_looks_at_a_member_on_a_past_day_and_as_known_then(live_server, erasable_logs):
    # The cast is recorded as of 01/06/2026; the browser then runs on the real clock (a frozen one
    # would have the browser drop the session's cookie as expired).
    with time_machine.travel(TODAY, tick=False):
        cast = build_mover()
    testing.user_with("xa", (cast.tree.commune, Role.VIEW), password=PASSWORD)
    testing.user_with("truong", (cast.tree.school, Role.ADMINISTER), password=PASSWORD)
    with browser_page() as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/dang-vien/{cast.pom.code}/")
        page.fill("main form.filters input[name=on]", "30/06/2018")
        page.click("main form.filters button")
        assert "Hồ sơ như tại ngày 30/06/2018" in page.locator("main p.period").inner_text()
        residence = page.locator("#fact-residence").inner_text()
        assert "Bản Co Sản, Xã Nà Tấu" in residence and "01/03/2018 – nay" in residence
        assert "Nông dân" in page.locator("#fact-occupation").inner_text()
        assert "Trung cấp" in page.locator("#fact-professional_level").inner_text()
        page.locator("#fact-occupation summary").click()
        assert page.locator("#fact-occupation tr.corrected").count() == 1
        assert page.locator("#fact-occupation tr.corrected").inner_text().startswith("01/09/2021")
        screenshot(page, "member-profile-on-day")

        page.fill("main form.filters input[name=known]", "31/12/2017")
        page.click("main form.filters button")
        said = page.locator("main p.period").inner_text()
        assert "Hồ sơ như tại ngày 30/06/2018, như đã biết đến hết ngày 31/12/2017" in said
        assert "Bản Na Ten, Xã Nà Tấu" in page.locator("#fact-residence").inner_text()
        assert "Chi bộ bản Na Ten" in page.locator("dl.profile").inner_text()
        screenshot(page, "member-profile-known-on")
        page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "truong")
        response = page.goto(f"{live_server.url}/dang-vien/{cast.pom.code}/?on=30/06/2018")
        assert response is not None and response.status == 404
