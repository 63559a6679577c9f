from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.accounts.models import ReadKind
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import Scope
from partyorg.dues.queries import cell_dues
from partyorg.meetings.findings import absence_findings, meeting_findings
from partyorg.meetings.queries import cells_among
from partyorg.members.models import Person
from partyorg.members.queries import DueGroup, MemberDue, deadlines_under, member_due_groups, named
from partyorg.organizations.models import Organization, OrgKind
from partyorg.organizations.queries import version_on
from partyorg.reports.statistics import Period, hamlets_on, members_flow, members_on, membership_on
from partyorg.reports.statistics.entered import Achievement, Change, achievement
from partyorg.reports.statistics.ratings import member_ratings
from partyorg.reports.statistics.stocks import year_ends
from partyorg.rules.dues import month_start
from partyorg.web.views.work import name_of, names_on, page_of, subtree_in

SOON = timedelta(days=60)  # deadlines shown when due within this many days (or overdue)
FLAT_AT_MOST = 20  # up to this many deadlines are listed one a row; more are grouped


@dataclass(frozen=True)
class Due:
    person_code: str
    person_name: str
    organization: str
    what: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class Panel:
    org: Organization
    name: str
    members: int
    probationary: int
    since_new_year: Change
    admitted: int
    plan: Achievement | None
    hamlets: tuple[int, int] | None  # (without members, all)
    warnings: bool  # the organization's warnings from the yearly work are shown (asked for after the page)
    chart: dict[str, list[str] | list[int]]  # members at each year end, then on the day


def dashboard(request: HttpRequest) -> HttpResponse:
    on: date = request.on  # type: ignore[attr-defined]
    scope = request.scope  # type: ignore[attr-defined]
    panels = [_panel(org, on) for org in scope.roots()]
    return render(request, "web/dashboard.html", {"panels": panels})


def deadlines(request: HttpRequest, code: str) -> HttpResponse:
    """The deadlines of one organization of the dashboard, asked for by the page once it is shown
    (htmx): up to :data:`FLAT_AT_MOST` one a row; more grouped by what is due and the organization
    right under this one that holds the people on the day (a province's 886 made a page 44.700 px
    tall), a page of groups at a time. ``?viec=…&don-vi=…`` asks for the people of one group, a page
    at a time: shown under the group's row (htmx), or as a page of its own. ``?canh-bao=1`` asks for
    the organization's warnings from the yearly work (:func:`_warnings`)."""
    on: date = request.on  # type: ignore[attr-defined]
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org = scope.organization(code)
    if request.GET.get("canh-bao"):
        # The warnings of the yearly work come in a request of their own: a commune's dues take longer
        # than its deadlines.
        warnings = _warnings(scope, org, on)
        if warnings and warnings.lines:  # they may name people (dues, absences)
            log_read(request, ReadKind.WARNINGS, organization=org)
        return render(request, "web/dashboard_warnings.html", {"org": org, "warnings": warnings})
    rows = deadlines_under(org, on, due_by=on + SOON)
    kind, unit_code = request.GET.get("viec", ""), request.GET.get("don-vi", "")
    if kind or unit_code:
        return _group(request, org, rows, kind, unit_code)
    context: dict[str, object] = {"org": org, "count": len(rows)}
    if len(rows) <= FLAT_AT_MOST:
        context["due"] = _listed(rows, on)
        if rows:  # the people of the deadlines, by name (the groups below name none)
            log_read(request, ReadKind.DEADLINES, organization=org)
    else:
        groups = page_of(request, member_due_groups(rows, on))
        context.update(groups=groups, rows=_group_rows(org, groups, on), here=_here(org, on))
    return render(request, "web/dashboard_due.html", context)


@dataclass(frozen=True)
class GroupRow:
    group: DueGroup
    unit_name: str
    url: str  # the people of the group

    @property
    def overdue(self) -> bool:
        return self.group.overdue > 0


def _here(org: Organization, on: date, **params: str) -> str:
    return reverse("dashboard_due", args=[org.code]) + "?" + urlencode({"on": f"{on:%d/%m/%Y}", **params})


def _group_rows(org: Organization, groups: Iterable[DueGroup], on: date) -> list[GroupRow]:
    """The groups of the page with the names (the parent's too when ambiguous) and codes of their
    organizations."""
    groups = list(groups)
    ids = {g.unit_id for g in groups}
    names = names_on(ids, on)
    codes = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "code"))
    return [
        GroupRow(g, names.get(g.unit_id, ""), _here(org, on, viec=g.kind, **{"don-vi": codes[g.unit_id]}))
        for g in groups
    ]


def _group(
    request: HttpRequest, org: Organization, rows: list[MemberDue], kind: str, unit_code: str
) -> HttpResponse:
    """The people of one group of deadlines (what, organization under ``org``), a page at a time."""
    on: date = request.on  # type: ignore[attr-defined]
    scope: Scope = request.scope  # type: ignore[attr-defined]
    unit = scope.organization(unit_code)  # out of the user's scope: 404
    members = [row for row in rows if row.unit_id == unit.pk and row.kind == kind]
    members.sort(key=lambda row: (row.due_on, row.person_id))
    page = page_of(request, members)
    log_read(request, ReadKind.DEADLINES, organization=unit)
    # Under the group's row (htmx), or a page of its own (opened without htmx, or in a new tab).
    partial = bool(getattr(request, "htmx", False))
    template = "web/dashboard_due_group.html" if partial else "web/dashboard_group.html"
    return render(
        request,
        template,
        {
            "org": org,
            "name": name_of(org, on),
            "unit_name": name_of(unit, on),
            "partial": partial,
            "what": members[0].what if members else "",
            "count": len(members),
            "page": page,
            "due": _listed(page.object_list, on),
            "here": _here(org, on, viec=kind, **{"don-vi": unit_code}),
        },
    )


# -- an organization's own warnings from the yearly work ---------------------------------------------

# Above this many organizations the warnings are the pages' of the yearly work (as the dues page's
# arrears per cell), not the dashboard's: a cell's or a grassroots organization's are read in a few
# queries, a province's would be a report.
MAX_ORGS_FOR_WARNINGS = 150
TOO_LARGE_FOR_WARNINGS = frozenset({OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.BLOC})
SHOWN_PERIODS = 6

MEETING_LABELS = {
    "meetings.regular_monthly": gettext_lazy("Tháng chưa sinh hoạt thường kỳ"),
    "meetings.thematic_quarterly": gettext_lazy("Quý chưa sinh hoạt chuyên đề"),
    "meetings.minimum_duration": gettext_lazy("Buổi sinh hoạt ngắn hơn thời lượng tối thiểu"),
    "meetings.absence_removal": gettext_lazy("Đảng viên bỏ sinh hoạt ba tháng trong năm không có lý do"),
}


@dataclass(frozen=True)
class WorkWarning:
    title: str
    count: int
    detail: str  # the months, quarters or people, the first few of them
    url: str  # the page of the yearly work that lists them


@dataclass(frozen=True)
class Warnings:
    year: int
    lines: list[WorkWarning]


def _warnings(scope: Scope, org: Organization, on: date) -> Warnings | None:
    """What the yearly work of ``org``'s subtree warns about on ``on``, for an organization of a
    cell's or a grassroots organization's size (None above): members with three months of the year
    unpaid or paid short (RULES.md §2.9, §4.1, ``dues.queries``), the months and quarters without
    their meeting, short meetings and members absent three months (§5, §2.9, ``meetings.findings``),
    and the members of last year's review not rated yet, or no review opened (§3,
    ``reports.statistics.ratings``). Months are judged once over by the page's day."""
    version = version_on(org, on)
    if version is None or version.kind in TOO_LARGE_FOR_WARNINGS:
        return None
    ids = subtree_in(scope, org)
    if len(ids) > MAX_ORGS_FOR_WARNINGS:
        return None
    day = f"{on:%d/%m/%Y}"
    lines: list[WorkWarning] = []
    dues = cell_dues(ids, date(on.year, 1, 1), month_start(on), as_of=on)  # as the dues page counts
    warned, owing = dues.warnings, dues.owing
    cells = cells_among(ids, on)
    today = min(on + timedelta(days=1), timezone.localdate())  # months over by the page's day
    found = meeting_findings(cells, date(on.year, 1, 1), on + timedelta(days=1), today=today)
    found += absence_findings(cells, on.year)
    people = dict(
        Person.objects.filter(
            pk__in={w.person_id for w in warned}
            | {a.person_id for a in owing}
            | {f.person_id for f in found if f.person_id}
        ).values_list("pk", "full_name")
    )
    dues_query = urlencode({"on": day, "tu": f"01/{on.year}", "den": f"{on:%m/%Y}"})
    dues_url = f"{reverse('work_dues', args=[org.code])}?{dues_query}"
    if warned:
        lines.append(
            WorkWarning(
                _("Đảng viên không nộp đảng phí ba tháng trong năm (chi bộ xem xét, đề nghị xóa tên)"),
                len(warned),
                _first([people.get(w.person_id, "") for w in warned]),
                dues_url,
            )
        )
    if owing:
        lines.append(
            WorkWarning(
                _("Đảng viên còn nợ đảng phí các tháng đã qua trong năm"),
                len(owing),
                _first([people.get(a.person_id, "") for a in owing]),
                dues_url,
            )
        )
    # Per rule: how many findings (a cell's month, quarter or meeting; a member) and which.
    by_code: dict[str, list[str]] = {}
    for finding in found:
        what = people.get(finding.person_id, "") if finding.person_id else finding.period
        by_code.setdefault(finding.code, []).append(what)
    findings_url = reverse("work_findings", args=[org.code])
    for code, which in by_code.items():
        query = urlencode({"on": day, "tu": f"01/01/{on.year}", "den": day, "loai": code})
        lines.append(
            WorkWarning(
                str(MEETING_LABELS.get(code, code)),
                len(which),
                _first(list(dict.fromkeys(which))),
                f"{findings_url}?{query}",
            )
        )
    year = on.year - 1
    ratings = member_ratings(org, year, on=on)
    ratings_url = reverse("work_ratings", args=[org.code]) + "?" + urlencode({"on": day, "nam": str(year)})
    if not ratings.cycles:
        lines.append(
            WorkWarning(
                _("Chưa mở kỳ đánh giá, xếp loại đảng viên năm %(year)s") % {"year": year}, 0, "", ratings_url
            )
        )
    elif ratings.waiting.value:
        lines.append(
            WorkWarning(
                _("Đảng viên chưa được xếp loại năm %(year)s") % {"year": year},
                ratings.waiting.value,
                "",
                ratings_url,
            )
        )
    return Warnings(on.year, lines)


def _first(items: list[str]) -> str:
    """The first few of ``items``, then "…"."""
    shown = ", ".join(item for item in items[:SHOWN_PERIODS] if item)
    return shown + (", …" if len(items) > SHOWN_PERIODS else "")


def _panel(org: Organization, on: date) -> Panel:
    version = version_on(org, on)
    stock = membership_on(org, on)
    year_start = date(on.year, 1, 1)
    flow = members_flow(org, Period(year_start, on + timedelta(days=1)))
    hamlets = hamlets_on(org, on)
    return Panel(
        org=org,
        name=version.name if version else org.code,
        members=stock.total.value,
        probationary=stock.probationary.value,
        since_new_year=Change(stock.total.value, members_on(org, year_start - timedelta(days=1)).value),
        admitted=flow.entries["admitted"].value,
        plan=achievement(org, on, flow),
        hamlets=(hamlets.without_members.value, hamlets.all.value) if hamlets else None,
        warnings=version is not None and version.kind not in TOO_LARGE_FOR_WARNINGS,
        chart=_chart(year_ends(org, on), on, stock.total.value),
    )


def _chart(ends: list[tuple[date, int]], on: date, today: int) -> dict[str, list[str] | list[int]]:
    labels = [f"{day:%Y}" for day, _ in ends] + [f"{on:%d/%m/%Y}"]
    return {"labels": labels, "members": [total for _, total in ends] + [today]}


def _listed(rows: Iterable[MemberDue], on: date) -> list[Due]:
    """The rows, named (their people and organizations read here: a page of them), by due day."""
    listed = [
        Due(person.code, person.full_name, organization, what, due, on > due)
        for person, organization, what, due in named(list(rows), on)
    ]
    return sorted(listed, key=lambda d: (d.due_on, d.person_name))
