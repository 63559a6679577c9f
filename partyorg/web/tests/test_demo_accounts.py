"""The demo's sign-ins (``partyorg.demo.accounts``): an administrator of the province, who sees the
users page and the audit trail, beside the province officer and the cell secretary, who do not.

The demo province itself takes minutes to build; its accounts need only a province and the cell
named ``CELL_NAME``, so they are made here on the test cast's province (partyorg.testing), with
that cell founded under it. Sign-ins go through the sign-in page with the printed password."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Assignment, Role
from partyorg.demo.accounts import CELL_NAME, PASSWORD, ensure_demo_users
from partyorg.organizations.models import OrgKind
from partyorg.web.tests.browser import browser_page, screenshot, sign_in


def demo_cast() -> testing.Tree:
    tree = testing.build_tree()
    cell = testing.found("T.BTC", CELL_NAME, OrgKind.GRASSROOTS_CELL, tree.province)
    testing.admit(testing.person("Lò Văn Pọm"), cell, date(2015, 3, 2))
    return tree


def signed_in(username: str) -> Client:
    """A client signed in through the sign-in page with the demo's password."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


@pytest.mark.django_db
def test_the_demo_has_an_administrator_of_the_province():
    tree = demo_cast()
    users = ensure_demo_users()
    assert [(u, p) for u, p, _ in users] == [
        ("quantri", PASSWORD),
        ("bantochuc", PASSWORD),
        ("bithu", PASSWORD),
    ]
    assert "Tỉnh ủy Hòa Sơn" in users[0][2]
    quantri = User.objects.get(username="quantri")
    assert not quantri.is_superuser and not quantri.is_staff  # the administer role is enough
    assert list(Assignment.objects.filter(user=quantri).values_list("organization_id", "role")) == [
        (tree.province.pk, Role.ADMINISTER)
    ]
    ensure_demo_users()  # each start of the demo: nothing made twice
    assert Assignment.objects.filter(user__username__in=["quantri", "bantochuc", "bithu"]).count() == 3


@pytest.mark.django_db
def test_the_demo_command_prints_the_administrator():
    demo_cast()
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert f"Đăng nhập quantri / {PASSWORD}" in out.getvalue()


@pytest.mark.django_db
def test_only_the_administrator_sees_users_and_the_audit_trail():
    tree = demo_cast()
    ensure_demo_users()
    audit = reverse("audit", args=[tree.province.code])
    admin = signed_in("quantri")
    shown = admin.get(reverse("users")).content.decode()
    assert "bantochuc" in shown and "bithu" in shown and CELL_NAME in shown
    assert admin.get(audit).status_code == 200
    assert 'href="/nguoi-dung/"' in admin.get(reverse("home")).content.decode()
    for username in ("bantochuc", "bithu"):
        other = signed_in(username)
        assert other.get(reverse("users")).status_code == 404
        assert other.get(audit).status_code == 404
        assert 'href="/nguoi-dung/"' not in other.get(reverse("home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_administrators_users_page_in_a_browser(live_server, erasable_logs):
    demo_cast()
    ensure_demo_users()
    with browser_page() as browser:
        browser.set_viewport_size({"width": 1366, "height": 900})
        sign_in(browser, live_server.url, "quantri", PASSWORD)
        browser.click("nav >> text=Người dùng")
        table = browser.locator("table").first.inner_text()
        assert "bantochuc" in table and "bithu" in table and "quantri" in table
        screenshot(browser, "demo-administrator-users")
        browser.set_viewport_size({"width": 390, "height": 844})
        screenshot(browser, "demo-administrator-users-phone")
