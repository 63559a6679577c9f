"""The organization picker: as an officer types a name (without diacritics) or a code in a field
that takes an organization's code, the organizations that match are listed under it; choosing one
puts its code in the field (``web/widgets/org_picker.html``, ``static/web/picker.js``). Without
JavaScript the field still takes a code.

What the list reaches is the field's (``?pham-vi=``, set by the form, never widened by the page):

- ``edit``: organizations the user may change on the day (the organization an event puts a person
  in or happens at; the view refuses any other);
- ``approve``: organizations the user approves changes of on the day (the organization changes);
- ``any``: every organization standing on the day, for a field that names one outside the user's
  subtrees by nature: the other end of a transfer, the committee deciding an admission. It shows
  names and codes only (no people, no figures); such a field already takes any existing code.

The day is the form's ``effective_on`` when typed, else the page's day: a scoped field lists what
the user reaches on the day the record takes effect, as the view checks it."""

from __future__ import annotations

import re
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partyorg.accounts.middleware import parse_day
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.core.text import fold_vi
from partyorg.organizations.models import OrgVersion, valid_on
from partyorg.organizations.queries import display_names

REACH = {"edit": Role.EDIT, "approve": Role.APPROVE}
ANY = "any"
SHOWN = 15
SHORTEST = 2  # letters typed before anything is listed


def query_of(request: HttpRequest) -> str:
    """What was typed: ``?q=``, else the value of the field named by ``?truong=`` (htmx sends the
    field under its own name); in a field of several codes, the part after the last comma."""
    field = request.GET.get("truong", "")
    text = request.GET.get("q") or (request.GET.get(field, "") if field else "")
    if request.GET.get("nhieu"):
        text = re.split(r"[,;]", text)[-1]
    return text.strip()


def matching(
    query: str, on: date, org_ids: frozenset[int] | None, limit: int = SHOWN
) -> list[tuple[int, str]]:
    """(id, code) of the organizations standing on ``on`` among ``org_ids`` (None: all) whose name
    without diacritics contains ``query`` folded, or whose code begins with it: the code typed
    whole first, then the names that begin with it, then by name (the search of the organizations
    page, by name or code)."""
    key = fold_vi(query)
    if len(key) < SHORTEST:
        return []
    versions = OrgVersion.objects.filter(valid_on(on))
    if org_ids is not None:
        versions = versions.filter(organization_id__in=org_ids)
    found = []
    for org_id, name, code in versions.values_list("organization_id", "name", "organization__code"):
        folded, folded_code = fold_vi(name), fold_vi(code)
        if key in folded or folded_code.startswith(key):
            found.append(((folded_code != key, not folded.startswith(key), folded, code), org_id, code))
    found.sort()
    return [(org_id, code) for _rank, org_id, code in found[:limit]]


def organizations(request: HttpRequest) -> HttpResponse:
    """The options of the picker for what was typed: a fragment of buttons, each with a code."""
    day = parse_day(request.GET.get("effective_on")) or request.on  # type: ignore[attr-defined]
    reach = request.GET.get("pham-vi", "edit")
    org_ids = None if reach == ANY else Scope(request.user, day).org_ids(REACH.get(reach, Role.EDIT))
    query = query_of(request)
    found = matching(query, day, org_ids)
    names = display_names([org_id for org_id, _code in found], day)
    return render(
        request,
        "web/org_picks.html",
        {
            "query": query,
            "short": len(fold_vi(query)) < SHORTEST,
            "day": day,
            "scoped": org_ids is not None,
            "found": [(code, names.get(org_id, code)) for org_id, code in found],
        },
    )
