"""partyorg's own error pages, in the user's language, never Django's technical pages.

Not found (404) is the one answer to anything the user cannot reach: a code that does not exist and
a code outside the user's scope give the same page (``Scope``'s ``OutOfScope`` is a 404), so that
guessing codes tells nothing. The page offers a way back: always the user's dashboard, and when
the address was an organization's page on a day the organization did not stand, the same page on
the nearest day it stood and the organizations that stood on the day seen in its place (its
successor, its parent) — only those the user reaches, on those days.

With debug on (a developer's server) Django would show its technical 404 page, which lists the
addresses of the application: :class:`NotFoundMiddleware` answers with partyorg's page instead.
A server error (500) is a page of its own that names nothing of the failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve, reverse

from partyorg.accounts.scope import Scope
from partyorg.organizations.models import Organization, OrgChangeItem, OrgChangeKind, OrgVersion
from partyorg.organizations.queries import path, version_on

# Pages whose ``code`` is a person's, not an organization's.
PERSON_PAGES = frozenset({"member", "record"})


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class WayBack:
    """An organization's page asked for on a day the organization did not stand."""

    name: str  # its name on ``day``
    day: date  # the nearest day it stood: its last (``ended``) or its first
    ended: bool
    same_page: str  # the page asked for, on ``day``
    successor: Link | None  # where it went (merger, restructuring), standing on the day seen
    parent: Link | None  # its nearest ancestor on ``day`` that stands on the day seen


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404, and the page :class:`NotFoundMiddleware` answers with."""
    return render(request, "404.html", {"way_back": way_back(request)}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a page that needs neither the database nor the user (either may be what
    failed), and shows nothing of the error."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))


class NotFoundMiddleware:
    """Not found is partyorg's page even with debug on: an address that matches no page, and a page
    that answers 404 (``Http404``, ``OutOfScope``). Placed after the scope, so that the page knows
    the user and the day."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:  # with debug off, Django calls handler404 itself
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                return not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return not_found(request, exception) if isinstance(exception, Http404) else None


def way_back(request: HttpRequest) -> WayBack | None:
    """For an organization's page on a day it did not stand, when the user reached it on the
    nearest day it stood; else None, and the page says nothing more than "not found"."""
    user = getattr(request, "user", None)
    on: date | None = getattr(request, "on", None)
    if user is None or not user.is_authenticated or on is None:
        return None
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    code = match.kwargs.get("code")
    if not code or match.url_name in PERSON_PAGES:
        return None
    org = Organization.objects.filter(code=code).first()
    if org is None:
        return None
    versions = list(OrgVersion.objects.filter(organization=org).order_by("valid_from"))
    if any(v.holds_on(on) for v in versions):
        return None  # it stood that day: not found for another reason (or out of scope)
    earlier = [v for v in versions if v.valid_until is not None and v.valid_until <= on]
    later = [v for v in versions if v.valid_from > on]
    if earlier:
        version, ended = earlier[-1], True
        assert version.valid_until is not None
        day = version.valid_until - timedelta(days=1)
    elif later:
        version, ended, day = later[0], False, later[0].valid_from
    else:
        return None
    if not Scope(user, day).can(org.pk):
        return None  # the user did not reach it on that day either: nothing to say
    scope = request.scope  # type: ignore[attr-defined]
    query = request.GET.copy()
    query["on"] = day.strftime("%d/%m/%Y")
    successor = _successor(org, version, on) if ended else None
    parent = next(
        (
            a.organization
            for a in reversed(path(org, day)[:-1])
            if version_on(a.organization, on) is not None and scope.can(a.organization_id)
        ),
        None,
    )
    moved_to = None
    if successor is not None and scope.can(successor.pk):
        same_kind = reverse(match.view_name, kwargs={**match.kwargs, "code": successor.code})
        moved_to = _link(successor, on, same_kind)
    above = _link(parent, on, reverse("organization", kwargs={"code": parent.code})) if parent else None
    return WayBack(
        name=version.name,
        day=day,
        ended=ended,
        same_page=f"{request.path}?{urlencode(sorted(query.items()))}",
        successor=moved_to,
        parent=above if parent != successor else None,
    )


def _successor(org: Organization, version: OrgVersion, on: date) -> Organization | None:
    """Where an ended organization went (the successor its ending change names), and where that
    one went in turn while it did not stand on ``on``."""
    current, until = org, version.valid_until
    for _ in range(16):
        if until is None:
            return None  # a guard only: successors go forward in time
        item = (
            OrgChangeItem.objects.filter(
                organization=current, ends=True, change__effective_on=until, successor__isnull=False
            )
            .exclude(change__kind=OrgChangeKind.VOIDED)
            .filter(change__corrections__isnull=True)
            .select_related("successor")
            .first()
        )
        if item is None or item.successor is None:
            return None
        current = item.successor
        if version_on(current, on) is not None:
            return current
        ended = (
            OrgVersion.objects.filter(organization=current, valid_until__lte=on)
            .order_by("-valid_until")
            .values_list("valid_until", flat=True)
            .first()
        )
        if ended is None:
            return None
        until = ended
    return None


def _link(org: Organization, on: date, url: str) -> Link | None:
    """A link to ``url`` on the day seen (named: the session may hold another day by the time the
    link is followed, after the link to the organization's last day)."""
    version = version_on(org, on)
    seen = urlencode({"on": on.strftime("%d/%m/%Y")})
    return Link(version.name, f"{url}?{seen}") if version is not None else None
