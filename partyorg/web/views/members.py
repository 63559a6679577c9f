from __future__ import annotations

import tempfile
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from functools import cached_property
from pathlib import Path

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partyorg.accounts import otp
from partyorg.accounts.middleware import parse_day
from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import Scope
from partyorg.accounts.stamps import stamp_of
from partyorg.cadres.access import CadreScope
from partyorg.core.known import end_of_day, seen_as_of
from partyorg.core.text import fold_vi
from partyorg.exchange.person_file import write_person_file
from partyorg.members import stock
from partyorg.members.models import (
    PATH_DEPTH,
    MembershipEvent,
    MembershipInterval,
    MemberStatus,
    Person,
    Sex,
)
from partyorg.members.profile import profile_on
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.reports.statistics.scope import subtree_on
from partyorg.reports.statistics.stocks import people_under

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def members(request: HttpRequest) -> HttpResponse:
    """Members on the day among the organizations the user reaches, with filters and a search by
    name without diacritics ("nguyen thi huong"), card number or identity number."""
    scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    sex = request.GET.get("sex", "")
    org_code = request.GET.get("org", "").strip()
    root = scope.organization(org_code) if org_code else None
    roots = [root] if root is not None else scope.roots()
    people, count = _listing(scope, on, root, roots, status, sex)
    if q:
        people = people.filter(
            Q(search_key__contains=fold_vi(q)) | Q(card_number=q) | Q(identity_number=q) | Q(code=q)
        )
        count = None
    listed = people.order_by("search_key", "pk").only("code", "full_name", "sex", "birth_date")
    page = Paginator(listed, PAGE_SIZE) if count is None else _CountedPaginator(listed, PAGE_SIZE, count)
    rows = page.get_page(request.GET.get("page"))
    where = dict(
        MembershipInterval.objects.filter(valid_on(on), person_id__in=[p.pk for p in rows]).values_list(
            "person_id", "organization_id"
        )
    )
    names = dict(
        OrgVersion.objects.filter(valid_on(on), organization_id__in=set(where.values())).values_list(
            "organization_id", "name"
        )
    )
    # The list is logged under the organization it was drawn from (the one asked for, or the user's
    # only top organization), so that the administrators above it see it in their read log.
    log_read(
        request,
        ReadKind.MEMBER_LIST,
        organization=roots[0] if len(roots) == 1 else None,
        detail=_list_detail(q, status, sex, org_code, rows),
    )
    context = {
        "rows": [(p, names.get(where.get(p.pk, 0), "")) for p in rows],
        "page": rows,
        "q": q,
        "status": status,
        "sex": sex,
        "org": org_code,
        "statuses": MemberStatus.choices,
        "sexes": Sex.choices,
    }
    template = "web/members_rows.html" if getattr(request, "htmx", False) else "web/members.html"
    return render(request, template, context)


def _list_detail(q: str, status: str, sex: str, org_code: str, rows: Page) -> str:  # type: ignore[type-arg]
    """What the list showed, as the read log keeps it: the search typed, the filters, the page
    and how many people it named."""
    parts = [_("tìm “%(q)s”") % {"q": q}] if q else []
    if org_code:
        parts.append(_("tổ chức %(code)s") % {"code": org_code})
    if status in MemberStatus.values:
        parts.append(str(MemberStatus(status).label))
    if sex in Sex.values:
        parts.append(str(Sex(sex).label))
    parts.append(_("trang %(page)s, %(n)s người") % {"page": rows.number, "n": len(rows.object_list)})
    return "; ".join(parts)


def _listing(
    scope: Scope, on: date, root: Organization | None, roots: list[Organization], status: str, sex: str
) -> tuple[QuerySet[Person], int | None]:
    """The people listed, and their number when the fast path knows it without counting rows.

    Under one organization (the one asked for, or the user's only top organization) standing
    within the stock facts' columns: :func:`~partyorg.reports.statistics.stocks.people_under`.
    Otherwise, the intervals of every organization the user reaches. ``roots``: the one asked
    for, or the user's top organizations."""
    depth = stock.depth_on(roots[0].pk, on) if len(roots) == 1 else None
    if depth is None or depth >= PATH_DEPTH:
        within = subtree_on(root, on) if root is not None else None
        status = status if status in MemberStatus.values else ""
        people = Person.objects.filter(scope.people_on(within=within, status=status))
        return (people.filter(sex=sex) if sex in Sex.values else people), None
    return people_under(roots[0], on, status, sex)


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """Pages of a list whose number of rows is already known: nothing is counted again."""

    def __init__(self, rows: QuerySet[Person], per_page: int, known: int) -> None:
        super().__init__(rows, per_page)
        self.known = known

    @cached_property
    def count(self) -> int:
        return self.known


@require_GET
@otp.for_export
def member_export(request: HttpRequest, code: str) -> FileResponse:
    """Everything partyorg holds about one person, as a workbook for that person (Decree 13/2023:
    the data subject may ask for their data), for a user who may read the person's file (anyone
    else: 404, nothing logged). The cadre records are in it only for a user who reaches the
    person's cadre file. Logged in the read log as the export of one person's data; the file
    carries who made it, when, from where and within which scope."""
    scope = request.scope  # type: ignore[attr-defined]
    person = scope.person(code)
    with_cadres = CadreScope(request.user, timezone.localdate()).reaches_cadre(person.pk)
    what = _("Hồ sơ của %(name)s (%(code)s)") % {"name": person.full_name, "code": person.code}
    stamp = stamp_of(request, what=what)
    log_read(request, ReadKind.PERSON_EXPORT, person=person, detail=stamp.what)
    folder = Path(tempfile.mkdtemp(prefix="partyorg-"))
    filename = f"ho-so-{person.code}-{timezone.localdate():%Y%m%d}.xlsx"
    path = folder / filename
    write_person_file(person, path, stamp, with_cadres=with_cadres)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = XLSX
    path.unlink()  # the open file stays readable until the response is sent
    folder.rmdir()
    return response


def member(request: HttpRequest, code: str) -> HttpResponse:
    """A person on the day (``?on=``, the day of every page): status, organization, party age,
    deadlines, each dated fact about them as it held that day with the periods it held and the rows
    recorded for it (issue 15), and every event of their record with its legal basis (corrected
    events shown struck through, with their correction). With ``?known=`` (as on the reports page),
    all of it as known at the end of that day: only what had been recorded by then."""
    scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    person = scope.person(code)
    known_day = parse_day(request.GET.get("known"))
    log_read(request, ReadKind.PERSON, person=person, detail=_known_detail(request, known_day))
    known_at = end_of_day(known_day) if known_day is not None else None
    profile = profile_on(person, on, known_at=known_at)
    veil: AbstractContextManager[None] = nullcontext() if known_at is None else seen_as_of(known_at)
    with veil:  # the events as known then: those recorded later are not there
        events = list(
            MembershipEvent.objects.filter(person=person)
            .select_related("organization", "other_organization", "corrects")
            .prefetch_related("corrections")
            .order_by("effective_on", "recorded_at", "pk")
        )
    reached = scope.org_ids()
    # Names only of organizations the user reaches; the others are said to be outside the scope.
    named = ({e.organization_id for e in events} | {e.other_organization_id for e in events}) & reached
    names = dict(
        OrgVersion.objects.filter(organization_id__in=named)
        .order_by("valid_from")
        .values_list("organization_id", "name")
    )
    return render(
        request,
        "web/member.html",
        {
            "person": profile.person,
            "profile": profile,
            "state": profile.state,
            "known_day": known_day,
            "events": events,
            "names": names,
            "reached": reached,
            "can_edit": known_day is None and scope.reaches_person(person.pk, Role.EDIT),
        },
    )


def _known_detail(request: HttpRequest, known_day: date | None) -> str:
    """The read log's detail of a person's file read as known on a past day: the path, and the day
    said in words (a reader of the log need not parse the query)."""
    if known_day is None:
        return ""
    said = _("như đã biết đến hết ngày %(day)s") % {"day": f"{known_day:%d/%m/%Y}"}
    return f"{request.get_full_path()} ({said})"
