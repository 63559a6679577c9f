"""The content security policy (settings.CONTENT_SECURITY_POLICY) in a real browser: the main pages
and the API's Swagger page load, and the members list's htmx search runs, with no violation
reported in the console (Chromium reports each one there: "… violates the following Content
Security Policy directive …"). Screenshot: test-artifacts/csp-members-search.png."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


def csp_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_load_with_no_policy_violation(live_server, erasable_logs):
    tree = testing.build_tree()
    an = testing.person("Lò Văn An")
    testing.admit(an, tree.cell_a, date(2015, 3, 2))
    testing.admit(testing.person("Lò Văn Bình"), tree.cell_a, date(2015, 3, 2))
    testing.user_with("huyen", (tree.district, Role.ADMINISTER), password="mat-khau-du-dai")
    with browser_page() as page:
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.on("pageerror", lambda error: messages.append(str(error)))
        sign_in(page, live_server.url, "huyen")
        page.wait_for_url(live_server.url + "/")
        for path in ("/api/docs", "/", "/bao-cao/", "/nap-tep/", f"/dang-vien/{an.code}/", "/dang-vien/"):
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
        # The members list's search is htmx: typing fetches the rows and swaps them in.
        page.fill("input[name=q]", "binh")
        page.wait_for_function(
            "() => !document.querySelector('#rows').innerText.includes('Lò Văn An')"
            " && document.querySelector('#rows').innerText.includes('Lò Văn Bình')"
        )
        page.wait_for_load_state("networkidle")
        screenshot(page, "csp-members-search")
        assert csp_violations(messages) == []
        # The htmx script ran and read its configuration from the meta tag of base.html.
        assert page.evaluate("htmx.config.includeIndicatorStyles") is False
        assert not page.locator("style").count()  # htmx injected no <style>
