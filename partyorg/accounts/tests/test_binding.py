"""Sessions bound to the browser (accounts.binding, issue 19): the cookie of a signed-in session,
replayed from a browser with another User-Agent, signs nobody in and ends the session.

Cast (partyorg.testing): a commune officer with VIEW over T.H.X."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role

pytestmark = pytest.mark.django_db

OFFICE = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 partyorg-office"
OTHER = "Mozilla/5.0 (Windows NT 10.0) Firefox/121.0 elsewhere"


def test_a_session_replayed_from_another_browser_is_ended(caplog):
    tree = testing.build_tree()
    client = Client()
    client.force_login(testing.user_with("xa", (tree.commune, Role.VIEW)))
    home = reverse("home")
    assert client.get(home, HTTP_USER_AGENT=OFFICE).status_code == 200
    assert client.get(reverse("members"), HTTP_USER_AGENT=OFFICE).status_code == 200  # the same browser

    stolen = Client()
    stolen.cookies = client.cookies  # the cookie copied to another browser
    with caplog.at_level(logging.WARNING, logger="partyorg.security"):
        replayed = stolen.get(home, HTTP_USER_AGENT=OTHER)
    assert replayed.status_code == 302 and replayed["Location"].startswith(reverse("login"))
    assert "session of xa used from another browser" in caplog.text
    # The session is over, for the office's browser too: its user signs in again.
    again = client.get(home, HTTP_USER_AGENT=OFFICE)
    assert again.status_code == 302 and again["Location"].startswith(reverse("login"))


def test_a_session_signed_in_and_used_from_one_browser_stays():
    tree = testing.build_tree()
    client = Client()
    client.force_login(testing.user_with("xa", (tree.commune, Role.VIEW)))
    for _ in range(3):
        assert client.get(reverse("home"), HTTP_USER_AGENT=OFFICE).status_code == 200
