"""The day every page is seen on ("tại ngày") and the user's :class:`~partyorg.accounts.scope.Scope`
for that day, set on each request before any view runs; and the language of the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from partyorg.accounts.scope import Scope

SESSION_KEY = "partyorg_on"


def parse_day(text: str | None) -> date | None:
    """``30/06/2017`` or ``2017-06-30``; None when empty or not a date."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime((text or "").strip(), pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


class ScopeMiddleware:
    """``request.on``: the ``?on=`` of the request, else the day chosen earlier in the session,
    else today. ``request.scope``: what the user reaches on that day. A page's ``?on=`` is
    remembered in the session; an htmx request's is used for that request only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = parse_day(request.GET.get("on"))
        # Only a page the user opens remembers its day. A part of a page fetched after it (htmx)
        # carries the day of the page it belongs to and may finish after the user has moved on
        # to another day: had it written the session, the next page would show the older day.
        remembers = hasattr(request, "session") and request.headers.get("HX-Request") != "true"
        if remembers and chosen is not None:
            if request.session.get(SESSION_KEY) != chosen.isoformat():
                request.session[SESSION_KEY] = chosen.isoformat()
        elif remembers and "on" in request.GET:
            request.session.pop(SESSION_KEY, None)  # an empty picker means today
        remembered = parse_day(request.session.get(SESSION_KEY)) if hasattr(request, "session") else None
        on = chosen or remembered or timezone.localdate()
        request.on = on  # type: ignore[attr-defined]
        request.scope = SimpleLazyObject(lambda: Scope(request.user, on))  # type: ignore[attr-defined]
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """Pages in Vietnamese unless the user chose another language with the switch in the header
    (Django's ``set_language``, which keeps the choice in a cookie). A browser set to English is not
    taken for a choice: officers share machines and browsers whose language they did not pick.
    The API keeps Django's reading of ``Accept-Language``: there a client asks for what it needs."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.path_info.startswith("/api/"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
