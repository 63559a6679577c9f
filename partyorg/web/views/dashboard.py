from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.organizations.services import version_on
from partyorg.reports.statistics import Period, hamlets_on, members_flow, members_on, membership_on
from partyorg.reports.statistics.entered import Achievement, Change, achievement
from partyorg.rules import probation, transfers

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
    due: list[Due]


def dashboard(request: HttpRequest) -> HttpResponse:
    on: date = request.on  # type: ignore[attr-defined]
    scope = request.scope  # type: ignore[attr-defined]
    panels = [_panel(org, on, scope.org_ids()) for org in scope.roots()]
    return render(request, "web/dashboard.html", {"panels": panels})


def _panel(org: Organization, on: date, org_ids: frozenset[int]) -> Panel:
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
        due=_deadlines(stock.total.person_ids, on),
    )


def _deadlines(person_ids: frozenset[int], on: date) -> list[Due]:
    """Recognitions to propose (probation ending) and transfers not yet reported at the
    destination, due within SOON or overdue, for the members of the panel on the day."""
    held = MembershipInterval.objects.filter(valid_on(on), person_id__in=person_ids).select_related("person")
    found: list[tuple[MembershipInterval, str, date]] = []
    probationary = {i.person_id: i for i in held.filter(status=MemberStatus.PROBATIONARY)}
    ceremonies = MembershipEvent.objects.filter(
        person_id__in=probationary,
        kind=EventKind.ADMISSION_CEREMONY,
        effective_on__lte=on,
        corrections__isnull=True,
    ).values_list("person_id", "effective_on")
    last_ceremony: dict[int, date] = {}
    for person_id, day in ceremonies:
        last_ceremony[person_id] = max(day, last_ceremony.get(person_id, day))
    for person_id, ceremony in last_ceremony.items():
        due = probation.recognition_proposal_deadline(ceremony)
        if due <= on + SOON:
            found.append((probationary[person_id], "Xét công nhận đảng viên chính thức", due))
    in_transit = {i.person_id: i for i in held.filter(in_transit=True)}
    outs = MembershipEvent.objects.filter(
        person_id__in=in_transit, kind=EventKind.TRANSFER_OUT, effective_on__lte=on, corrections__isnull=True
    ).values_list("person_id", "effective_on")
    last_out: dict[int, date] = {}
    for person_id, day in outs:
        last_out[person_id] = max(day, last_out.get(person_id, day))
    for person_id, day in last_out.items():
        due = transfers.transfer_report_deadline(day)
        found.append((in_transit[person_id], "Trình giấy giới thiệu sinh hoạt đảng ở nơi đến", due))
    names = dict(
        OrgVersion.objects.filter(
            valid_on(on), organization_id__in={i.organization_id for i, _, _ in found}
        ).values_list("organization_id", "name")
    )
    rows = [
        Due(i.person.code, i.person.full_name, names.get(i.organization_id, ""), what, due, on > due)
        for i, what, due in found
    ]
    return sorted(rows, key=lambda d: (d.due_on, d.person_name))
