"""The language of the pages (issue 13): Vietnamese whatever the browser's language, English once the
user chooses it with the switch in the header (kept in a cookie), back to Vietnamese the same way;
the API still follows the client's Accept-Language."""

import pytest
from django.test import Client

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.mark.django_db
def test_a_browser_set_to_english_gets_vietnamese_until_the_user_chooses():
    """Before: LocaleMiddleware read Accept-Language, and an English browser got English pages."""
    client = Client(**ENGLISH_BROWSER)
    page = client.get("/dang-nhap/").content.decode()
    assert '<html lang="vi">' in page and "<h1>Đăng nhập</h1>" in page and "Log in" not in page
    # The switch: English, with the page to come back to.
    assert 'name="language" value="en"' in page and 'value="English"' in page
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/dang-nhap/"})
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
    assert response.cookies["django_language"].value == "en"
    page = client.get("/dang-nhap/").content.decode()
    assert '<html lang="en">' in page and "<h1>Log in</h1>" in page
    assert 'name="language" value="vi"' in page and 'value="Tiếng Việt"' in page
    # Back to Vietnamese, even from an English browser.
    client.post("/ngon-ngu/", {"language": "vi", "next": "/dang-nhap/"})
    assert "<h1>Đăng nhập</h1>" in client.get("/dang-nhap/").content.decode()


@pytest.mark.django_db
def test_the_choice_holds_on_every_page_of_a_signed_in_user():
    tree = testing.build_tree()
    client = testing.client_for(tree.commune, Role.VIEW, "xa")
    client.defaults.update(ENGLISH_BROWSER)
    assert ">Tổng quan</a>" in client.get("/").content.decode()
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    page = client.get(f"/to-chuc/{tree.commune.code}/").content.decode()
    assert ">Overview</a>" in page and ">Tổng quan</a>" not in page
    # A language nobody offers is not taken: Vietnamese.
    client.cookies["django_language"] = "fr"
    assert ">Tổng quan</a>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_api_follows_the_clients_accept_language():
    response = Client().get("/api/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert Client().get("/api/openapi.json")["Content-Language"] == "vi"


@pytest.mark.django_db(transaction=True)
def test_switching_the_language_in_a_browser_set_to_english(live_server, erasable_logs):
    """Chromium set to English: the sign-in page in Vietnamese; "English" in the header turns the
    pages English, also after signing in; "Tiếng Việt" turns them back."""
    tree = testing.build_tree()
    testing.user_with("xa", (tree.commune, Role.VIEW), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as vietnamese:
        page = vietnamese.context.browser.new_page(locale="en-US", viewport={"width": 1366, "height": 900})
        page.goto(live_server.url + "/dang-nhap/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator("h1").inner_text() == "Đăng nhập"
        screenshot(page, "language-english-browser-signin")
        page.click("header .lang input[value=English]")
        assert page.locator("h1").inner_text() == "Log in"
        sign_in(page, live_server.url, "xa")
        assert page.locator("header nav.menu a").first.inner_text() == "Overview"
        screenshot(page, "language-chosen-english")
        page.click("header .lang input[value='Tiếng Việt']")
        assert page.locator("header nav.menu a").first.inner_text() == "Tổng quan"
        assert page.locator("html").get_attribute("lang") == "vi"
