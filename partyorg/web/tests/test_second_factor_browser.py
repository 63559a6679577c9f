"""The second factor in a real browser, with PARTYORG_REQUIRE_SECOND_FACTOR on: an administrator
without an app reaches only the set-up page, sets one up (the code computed here from the device's
key, as the app would), signs out, signs in again and must give a code; a wrong code is refused in
Vietnamese. No page breaks the content security policy. Screenshots: test-artifacts/otp-*.png."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

SETUP = "/xac-thuc/thiet-lap/"
VERIFY = "/xac-thuc/ma/"


def code_of(device: TOTPDevice, *, ahead: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"


@pytest.mark.django_db(transaction=True)
def test_an_administrator_sets_up_a_second_factor_then_must_give_a_code(live_server, erasable_logs, settings):
    settings.PARTYORG_REQUIRE_SECOND_FACTOR = True
    tree = testing.build_tree()
    admin = testing.user_with(
        "quantri", (tree.district, Role.ADMINISTER), password="mat-khau-du-dai", first_name="Quản trị huyện"
    )
    url = live_server.url
    with browser_page() as page:
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        sign_in(page, url, "quantri")
        page.wait_for_url(url + SETUP)
        for path in ("/", "/dang-vien/", "/nguoi-dung/", VERIFY):
            page.goto(url + path)
            assert page.url.startswith(url + SETUP), path
        assert "cần thiết lập xác thực hai lớp" in page.locator("main").inner_text()
        assert page.locator(".qr svg").count() == 1
        screenshot(page, "otp-setup")

        device = TOTPDevice.objects.get(user=admin)
        assert device.confirmed is False
        page.fill("input[name=code]", code_of(device))
        page.click("main button[type=submit]")
        page.wait_for_selector("ul.backup-codes")
        assert page.locator("ul.backup-codes li").count() == 10
        screenshot(page, "otp-backup-codes")
        page.click("text=Tiếp tục")
        page.wait_for_url(url + "/")
        assert page.locator("h1").count() and page.url == url + "/"

        page.click("text=Đăng xuất")
        page.wait_for_url(url + "/dang-nhap/")
        sign_in(page, url, "quantri")
        page.wait_for_url(url + VERIFY)
        page.goto(url + "/dang-vien/")
        assert page.url.startswith(url + VERIFY)
        page.fill("input[name=code]", "12345a")
        page.click("main button[type=submit]")
        page.wait_for_selector("main .errorlist")
        assert "Mã không đúng hoặc đã hết hạn." in page.locator("main .errorlist").inner_text()
        screenshot(page, "otp-wrong-code")
        page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
        # The set-up spent this 30-second step's code: the app's next one, which the device accepts.
        page.fill("input[name=code]", code_of(device, ahead=1))
        page.click("main button[type=submit]")
        page.wait_for_url(url + "/dang-vien/")
        assert "Đảng viên" in page.locator("h1").first.inner_text()
        screenshot(page, "otp-signed-in")
    assert [m for m in messages if "Content Security Policy" in m] == []
