"""Every page, in a real browser."""

import pytest

from partyorg.web.tests.browser import browser_page, screenshot


@pytest.mark.django_db(transaction=True)
def test_the_landing_page_speaks_vietnamese_and_shows_no_records(live_server):
    with browser_page() as page:
        page.goto(live_server.url + "/")
        assert page.locator("h1").inner_text() == "partyorg đang chạy"
        assert "partyorg --help" in page.content()
        assert screenshot(page, "home").stat().st_size > 0
