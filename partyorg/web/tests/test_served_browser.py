"""The organization page shows the localities an organization answers for and its hamlets, in a
real browser (Debian's Chromium through Playwright; see browser.py). The cast and its figures are
worked by hand in partyorg/organizations/tests/test_served_localities.py (RULES.md §1.2, §6.3 [P]):
the combined cell of Bản Co Sản also serves Bản Pá Khoang from 01/01/2017. Screenshots are kept in
test-artifacts/ (organization-served-*.png)."""

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.organizations.tests.test_served_localities import cast
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


@pytest.mark.django_db(transaction=True)
def test_the_pages_show_the_served_hamlets_as_the_day_stood(live_server, erasable_logs):
    commune, shared, _hamlets, _served = cast()
    testing.user_with("xa", (commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/to-chuc/{shared.code}/?on=30/06/2017")
        served = page.locator("#served tbody tr")
        assert served.count() == 2
        assert served.nth(0).inner_text().startswith("Bản Co Sản")
        assert "Bản Pá Khoang" in served.nth(1).inner_text()
        assert "01/01/2017" in served.nth(1).inner_text()
        assert "15-QĐ/ĐU" in served.nth(1).inner_text()
        screenshot(page, "organization-served-cell")
        page.goto(f"{live_server.url}/to-chuc/{shared.code}/?on=31/12/2016")
        assert page.locator("#served tbody tr").count() == 1  # not yet served that day

        page.goto(f"{live_server.url}/to-chuc/{commune.code}/?on=30/06/2017")
        assert "sinh hoạt ghép: 2" in page.locator(".cards").inner_text()
        page.locator("#hamlets summary").click()
        rows = {
            r.locator("td").nth(0).inner_text(): [c.inner_text() for c in r.locator("td").all()[1:]]
            for r in page.locator("#hamlets tbody tr").all()
        }
        assert rows == {
            "Bản Co Sản": ["có", "chưa có", "có"],
            "Bản Na Ten": ["có", "có", ""],
            "Bản Pá Khoang": ["chưa có", "chưa có", "có"],
        }
        screenshot(page, "organization-served-commune")
