"""Sessions bound to the browser (issue 19): a session cookie replayed from another browser signs
nobody in.

The first page a signed-in session asks for keeps a digest of the browser's User-Agent in the
session; a later request of that session from a browser with another User-Agent ends the session
(the user signs in again) and is logged on ``partyorg.security``. The address is not bound: an
officer's address changes between the office and a phone's network within a working day.

A User-Agent can be copied along with the cookie, so this is a second lock, not the first: the cookie
is HttpOnly, Secure behind HTTPS, SameSite=Lax, and dies with the browser and after a working day
(settings.py).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SESSION_KEY = "partyorg_browser"
logger = logging.getLogger("partyorg.security")


def browser_of(request: HttpRequest) -> str:
    """A digest of the request's User-Agent (the session keeps no text the browser sent)."""
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha256(agent.encode("utf-8", "replace")).hexdigest()[:32]


class BrowserBoundSessionMiddleware:
    """After ``AuthenticationMiddleware``: a signed-in session used from another browser is ended."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            seen = browser_of(request)
            held = request.session.get(SESSION_KEY)
            if held is None:
                request.session[SESSION_KEY] = seen
            elif held != seen:
                logger.warning(
                    "session of %s used from another browser (%s): ended",
                    request.user.get_username(),
                    request.META.get("REMOTE_ADDR", ""),
                )
                logout(request)  # the login-required middleware then asks for a sign-in
        return self.get_response(request)
