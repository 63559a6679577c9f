"""The read log of a province, "Nhật ký truy cập" (issue 19): who read which person's file, list,
document or export, when and from where, newest first, a page at a time, filtered by reader, kind
of read, person and day. Its administrators' only (:func:`partyorg.accounts.reads.may_see_log`);
anyone else is answered as if it did not exist (404), as the change log ("Nhật ký thay đổi") is."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partyorg.accounts.middleware import parse_day
from partyorg.accounts.models import ReadKind
from partyorg.accounts.reads import log_of
from partyorg.accounts.scope import Scope
from partyorg.organizations.queries import display_names, version_on

PAGE_SIZE = 50


def access_log(request: HttpRequest, code: str) -> HttpResponse:
    """The reads of the organization's records: of the people who were ever members in its
    subtree (as the tree stands on the day), and of the lists and documents of its organizations;
    at the top of the tree, every read, the export of the whole database included."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org, reads = log_of(scope, code)
    version = version_on(org, scope.on)
    reader = request.GET.get("nguoi-doc", "").strip()
    if reader:
        reads = reads.filter(username=reader)
    person = request.GET.get("ho-so", "").strip()
    if person:
        reads = reads.filter(person__code=person)
    kind = request.GET.get("loai", "")
    if kind in ReadKind.values:
        reads = reads.filter(kind=kind)
    else:
        kind = ""
    day = parse_day(request.GET.get("ngay"))
    if day is not None:
        start = timezone.make_aware(datetime.combine(day, time()))
        reads = reads.filter(at__gte=start, at__lt=start + timedelta(days=1))
    listed = reads.select_related("person", "organization").order_by("-at", "-pk")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    names = display_names({r.organization_id for r in page if r.organization_id}, scope.on)
    return render(
        request,
        "web/access_log.html",
        {
            "org": org,
            "name": version.name if version else org.code,
            "page": page,
            "rows": [(r, names.get(r.organization_id or 0, "")) for r in page],
            "reader": reader,
            "kind": kind,
            "kinds": ReadKind.choices,
            "person": person,
            "day": f"{day:%d/%m/%Y}" if day else "",
        },
    )
