from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partyorg.accounts.scope import Scope
from partyorg.members.queries import due_under
from partyorg.organizations.models import Organization
from partyorg.organizations.services import version_on
from partyorg.reports.statistics import Period, hamlets_on, members_flow, members_on, membership_on
from partyorg.reports.statistics.entered import Achievement, Change, achievement
from partyorg.reports.statistics.stocks import year_ends

SOON = timedelta(days=60)  # deadlines shown when due within this many days (or overdue)


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
    chart: dict[str, list[str] | list[int]]  # members at each year end, then on the day


def dashboard(request: HttpRequest) -> HttpResponse:
    on: date = request.on  # type: ignore[attr-defined]
    scope = request.scope  # type: ignore[attr-defined]
    panels = [_panel(org, on) for org in scope.roots()]
    return render(request, "web/dashboard.html", {"panels": panels})


def deadlines(request: HttpRequest, code: str) -> HttpResponse:
    """The deadlines of one organization of the dashboard, asked for by the page once it is shown
    (htmx): the list can be long and takes longer than the figures."""
    on: date = request.on  # type: ignore[attr-defined]
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org = scope.organization(code)
    return render(request, "web/dashboard_due.html", {"org": org, "due": _deadlines(org, on)})


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
        chart=_chart(year_ends(org, on), on, stock.total.value),
    )


def _chart(ends: list[tuple[date, int]], on: date, today: int) -> dict[str, list[str] | list[int]]:
    labels = [f"{day:%Y}" for day, _ in ends] + [f"{on:%d/%m/%Y}"]
    return {"labels": labels, "members": [total for _, total in ends] + [today]}


def _deadlines(org: Organization, on: date) -> list[Due]:
    """Recognitions to propose (probation ending) and transfers not yet reported at the
    destination, due within SOON or overdue, for the members of ``org``'s subtree on the day."""
    rows = [
        Due(person.code, person.full_name, organization, what, due, on > due)
        for person, organization, what, due in due_under(org, on, due_by=on + SOON)
    ]
    return sorted(rows, key=lambda d: (d.due_on, d.person_name))
