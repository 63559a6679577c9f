"""The second factor (accounts.otp, accounts.views): who must give a code or set up an app, what
they reach until then, the set-up and the code step, each acting on the signed-in user's own device
only, and `partyorg otp reset`.

Cast (partyorg.testing): T province, T.H district, T.H.X commune, T.H.X.1/.2 cells."""

import time
from datetime import date
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partyorg import testing
from partyorg.accounts import otp
from partyorg.accounts.models import Role, SecondFactorEvent, SecondFactorEventKind

pytestmark = pytest.mark.django_db

SETUP = "/xac-thuc/thiet-lap/"
VERIFY = "/xac-thuc/ma/"


@pytest.fixture
def tree():
    return testing.build_tree()


@pytest.fixture
def required(settings):
    settings.PARTYORG_REQUIRE_SECOND_FACTOR = True


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def code_of(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The code the user's app shows now (``ahead``: that of a later 30-second step)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"


def with_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="partyorg", confirmed=True)


# -- who must ----------------------------------------------------------------------------------------


def test_the_requirement_is_off_unless_set_and_then_nobody_is_asked(tree, settings):
    """Off by default (the demo, the suite): an administrator without an app reaches every page."""
    assert settings.PARTYORG_REQUIRE_SECOND_FACTOR is False
    admin = testing.user_with("quantri", (tree.district, Role.ADMINISTER))
    assert not otp.required_for(admin)
    client = signed_in(admin)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("members")).status_code == 200


def test_with_the_requirement_superusers_and_administrators_must_have_a_second_factor(tree, required):
    administrators = [
        User.objects.create_superuser("root", password="x"),
        testing.user_with("quantri", (tree.cell_a, Role.ADMINISTER)),
        testing.user_with("hai.vai", (tree.district, Role.VIEW), (tree.cell_b, Role.ADMINISTER)),
    ]
    others = [testing.user_with(f"u{role}", (tree.province, role)) for role in (1, 2, 3)]
    revoked = testing.user_with("cu", (tree.commune, Role.ADMINISTER))
    revoked.assignments.update(revoked_at="2026-01-01T00:00:00Z", revoked_by="t")
    assert [otp.required_for(u) for u in administrators] == [True, True, True]
    assert [otp.required_for(u) for u in [*others, revoked]] == [False, False, False, False]


def test_an_administrator_without_a_device_reaches_only_the_set_up(tree, required):
    client = signed_in(testing.user_with("quantri", (tree.district, Role.ADMINISTER)))
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == SETUP
    members = client.get(reverse("members") + "?q=an")
    assert members.status_code == 302 and members["Location"] == SETUP + "?next=%2Fdang-vien%2F%3Fq%3Dan"
    assert client.get(reverse("users"))["Location"].startswith(SETUP)
    assert client.post(reverse("record", args=["P1"]), {})["Location"] == SETUP  # a write too
    # The code step has nothing to ask yet: it sends them to the set-up.
    assert client.get(VERIFY)["Location"] == SETUP
    # A part of a page (htmx): the whole page goes to the set-up.
    part = client.get(reverse("members"), headers={"HX-Request": "true"})
    assert part.status_code == 204 and part["HX-Redirect"].startswith(SETUP)
    # The API with the session's cookie: refused, in words.
    api = client.get("/api/organizations")
    assert api.status_code == 403 and "xác thực hai lớp" in api.json()["detail"]
    # The set-up page, the language switch and signing out are open.
    setup_page = client.get(SETUP)
    assert setup_page.status_code == 200
    # Its header offers no menu, no day: only signing out and the language.
    html = setup_page.content.decode()
    assert 'href="/dang-vien/"' not in html and 'name="on"' not in html and "Đăng xuất" in html
    assert client.post(reverse("set_language"), {"language": "vi"}).status_code == 302
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_other_users_are_not_asked_even_with_the_requirement(tree, required):
    client = signed_in(testing.user_with("bithu", (tree.cell_a, Role.APPROVE)))
    assert client.get(reverse("home")).status_code == 200


def test_a_user_with_a_device_gives_a_code_whatever_the_setting(tree):
    user = testing.user_with("bithu", (tree.cell_a, Role.EDIT))
    with_device(user)
    client = signed_in(user)
    page = client.get(reverse("members"))
    assert page.status_code == 302 and page["Location"] == VERIFY + "?next=%2Fdang-vien%2F"
    assert client.get(SETUP)["Location"] == VERIFY  # no second app behind the first one's back


# -- the set-up --------------------------------------------------------------------------------------


def test_the_set_up_shows_the_qr_code_and_the_secret_then_confirms_with_a_first_code(tree, required):
    admin = testing.user_with("quantri", (tree.district, Role.ADMINISTER))
    client = signed_in(admin)
    page = client.get(SETUP + "?next=/dang-vien/").content.decode()
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert otp.secret_text(device) in page
    assert client.get(SETUP).content.decode().count(otp.secret_text(device)) == 1  # the same secret

    wrong = client.post(SETUP, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert "Mã không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    time.sleep(1.1)  # django-otp waits a second after a wrong code
    done = client.post(SETUP, {"code": code_of(device), "next": "/dang-vien/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert set(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True)) == set(codes)
    (event,) = SecondFactorEvent.objects.all()
    assert (event.username, event.kind, event.by) == ("quantri", SecondFactorEventKind.SET_UP, "quantri")
    assert client.get(reverse("members")).status_code == 200  # this session is verified
    assert client.get(SETUP)["Location"] == reverse("home")


def test_a_code_of_another_users_app_sets_up_nothing(tree, required):
    admin = testing.user_with("quantri", (tree.district, Role.ADMINISTER))
    other = testing.user_with("khac", (tree.commune, Role.ADMINISTER))
    their_client = signed_in(other)
    their_client.get(SETUP)
    theirs = TOTPDevice.objects.get(user=other)
    client = signed_in(admin)
    client.get(SETUP)
    refused = client.post(SETUP, {"code": code_of(theirs)})
    assert "Mã không đúng" in refused.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("home"))["Location"] == SETUP
    assert not SecondFactorEvent.objects.exists()
    # A form field naming a device is not read: the device is always the signed-in user's.
    client.post(SETUP, {"code": code_of(theirs), "device": theirs.pk, "user": other.pk})
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


# -- the code step -----------------------------------------------------------------------------------


def test_the_code_step_takes_the_apps_code_or_a_backup_code_once(tree, required):
    admin = testing.user_with("quantri", (tree.district, Role.ADMINISTER))
    device = with_device(admin)
    backup = StaticDevice.objects.create(user=admin, name="partyorg-backup", confirmed=True)
    backup.token_set.create(token="abcd2345")

    client = signed_in(admin)
    assert client.get(reverse("home"))["Location"] == VERIFY
    wrong = client.post(VERIFY, {"code": "12345a"})
    assert wrong.status_code == 200 and "Mã không đúng hoặc đã hết hạn." in wrong.content.decode()
    time.sleep(1.1)
    done = client.post(VERIFY, {"code": code_of(device), "next": "/dang-vien/?q=an"})
    assert done["Location"] == "/dang-vien/?q=an"
    assert client.get(reverse("home")).status_code == 200

    again = signed_in(admin)
    assert again.post(VERIFY, {"code": "ABCD 2345", "next": "https://example.com/"})["Location"] == "/"
    assert again.get(reverse("home")).status_code == 200
    third = signed_in(admin)
    assert "Mã không đúng" in third.post(VERIFY, {"code": "abcd2345"}).content.decode()  # used once


def test_wrong_codes_make_the_user_wait(tree):
    user = testing.user_with("bithu", (tree.cell_a, Role.EDIT))
    device = with_device(user)
    client = signed_in(user)
    client.post(VERIFY, {"code": "000001"})
    page = client.post(VERIFY, {"code": code_of(device)}).content.decode()
    assert "Đã nhập sai nhiều lần. Hãy chờ" in page
    assert client.get(reverse("home")).status_code == 302


def test_a_code_of_another_users_app_is_refused(tree):
    user = testing.user_with("bithu", (tree.cell_a, Role.EDIT))
    with_device(user)
    theirs = with_device(testing.user_with("khac", (tree.cell_b, Role.EDIT)))
    client = signed_in(user)
    assert "Mã không đúng" in client.post(VERIFY, {"code": code_of(theirs)}).content.decode()
    assert client.get(reverse("home"))["Location"] == VERIFY
    assert TOTPDevice.objects.get(pk=theirs.pk).last_t == -1  # their app's code was not spent


# -- partyorg otp reset ------------------------------------------------------------------------------


def test_reset_removes_the_devices_and_is_recorded(tree, required, capsys):
    admin = testing.user_with("quantri", (tree.district, Role.ADMINISTER))
    device = with_device(admin)
    StaticDevice.objects.create(user=admin, name="partyorg-backup", confirmed=True)
    client = signed_in(admin)
    client.post(VERIFY, {"code": code_of(device)})
    assert client.get(reverse("home")).status_code == 200

    call_command("otp", "reset", "quantri", "--by", "bao.mat")
    assert "Đã xóa 2 thiết bị xác thực của quantri" in capsys.readouterr().out
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    (event,) = SecondFactorEvent.objects.all()
    assert (event.kind, event.by, event.detail) == (SecondFactorEventKind.RESET, "bao.mat", "2 thiết bị")
    # The session verified with the removed app is not any more: the code step sends them to set up.
    assert client.get(reverse("home"))["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == SETUP
    assert client.get(reverse("home"))["Location"] == SETUP


def test_reset_of_an_unknown_user_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có người dùng aido"):
        call_command("otp", "reset", "aido")


def test_the_pages_speak_english_when_chosen(tree):
    user = testing.user_with("bithu", (tree.cell_a, Role.EDIT))
    with_device(user)
    client = signed_in(user)
    client.cookies["django_language"] = "en"
    page = client.post(VERIFY, {"code": "000001"}).content.decode()
    assert "Authentication code" in page and "Wrong or expired code." in page
    client.get(SETUP)  # sends a user with an app to the code step, in any language
    User.objects.create_user("moi", password="x")
    newcomer = signed_in(User.objects.get(username="moi"))
    newcomer.cookies["django_language"] = "en"
    assert "Set up two-factor authentication" in newcomer.get(SETUP).content.decode()


# -- downloads that name people ------------------------------------------------------------------------


def test_with_the_requirement_a_download_naming_people_needs_a_second_factor_whoever_asks(tree, required):
    """Issue 19: "two-factor sign-in for administrators and for anyone who can export". A cell
    secretary (VIEW of his cell: not asked at sign-in) asking for one member's data is sent to set up
    an app, then gets the file; the same without the requirement needs nothing."""
    member = testing.person("Lò Thị Xuân", sex="female")
    testing.admit(member, tree.cell_a, date(2015, 3, 2))
    secretary = testing.user_with("bithu", (tree.cell_a, Role.VIEW))
    client = signed_in(secretary)
    export = reverse("member_export", args=[member.code])
    assert client.get(reverse("member", args=[member.code])).status_code == 200  # his pages as before

    asked = client.get(export)
    assert asked.status_code == 302
    assert asked["Location"] == SETUP + "?" + urlencode({"next": export, "xuat": "1"})
    page = client.get(asked["Location"]).content.decode()
    assert "Tệp bạn muốn tải có tên, thông tin của người" in page
    device = TOTPDevice.objects.get(user=secretary)
    done = client.post(SETUP, {"code": code_of(device), "next": export})
    assert done.context["next"] == export  # the backup codes' page leads back to the download
    got = client.get(export)
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")

    # In a new session he gives his app's code first, as anyone with an app does.
    assert signed_in(secretary).get(export)["Location"].startswith(VERIFY + "?next=")
    other = testing.user_with("bithu.b", (tree.cell_b, Role.VIEW))
    for path in (  # the other downloads that name people: the same step first
        reverse("report_download", args=["members-flow", "xlsx"]),
        reverse("import_findings", args=[1]),
        reverse("paper_download", args=["00000000-0000-0000-0000-000000000001", "pdf"]),
    ):
        assert signed_in(other).get(path)["Location"].startswith(SETUP + "?next=")


def test_without_the_requirement_a_download_asks_for_nothing(tree):
    member = testing.person("Lò Thị Xuân", sex="female")
    testing.admit(member, tree.cell_a, date(2015, 3, 2))
    client = signed_in(testing.user_with("bithu", (tree.cell_a, Role.VIEW)))
    assert client.get(reverse("member_export", args=[member.code])).status_code == 200
