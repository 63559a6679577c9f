from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import Scope
from partyorg.members.models import MembershipEvent, MembershipInterval
from partyorg.organizations.models import OrgChangeItem
from partyorg.organizations.queries import version_on
from partyorg.reports.models import EnteredFigure
from partyorg.reports.statistics.scope import subtree_on

LIMIT = 300


@dataclass(frozen=True)
class Entry:
    at: datetime
    by: str
    what: str
    detail: str
    link: str = ""  # a person's code, when the entry is about a person


def audit(request: HttpRequest, code: str) -> HttpResponse:
    """Administrators: every change recorded about an organization's subtree (as it stands on the
    day), newest first: organization changes, the events of everyone who was ever a member there,
    entered figures, roles given and taken back — who recorded each and when."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org = scope.organization(code, Role.ADMINISTER)
    ids = subtree_on(org, scope.on)
    entries: list[Entry] = []
    for item in (
        OrgChangeItem.objects.filter(organization_id__in=ids)
        .select_related("change", "organization")
        .order_by("-change__recorded_at")[:LIMIT]
    ):
        change = item.change
        entries.append(
            Entry(
                change.recorded_at,
                change.recorded_by,
                f"{change.get_kind_display()} ({change.effective_on:%d/%m/%Y})",
                f"{item.organization.code}: {'chấm dứt' if item.ends else item.name}",
            )
        )
    for event in (
        MembershipEvent.objects.filter(
            Q(organization_id__in=ids)
            | Q(other_organization_id__in=ids)
            | Q(person_id__in=MembershipInterval.objects.filter(organization_id__in=ids).values("person_id"))
        )
        .select_related("person")
        .order_by("-recorded_at")[:LIMIT]
    ):
        entries.append(
            Entry(
                event.recorded_at,
                event.recorded_by,
                f"{event.get_kind_display()} ({event.effective_on:%d/%m/%Y})",
                event.person.full_name
                + (f" — vượt quy định {event.override_rule}" if event.override_rule else ""),
                event.person.code,
            )
        )
    for figure in EnteredFigure.objects.filter(organization_id__in=ids).order_by("-recorded_at")[:LIMIT]:
        entries.append(Entry(figure.recorded_at, figure.recorded_by, figure.get_kind_display(), str(figure)))
    assignments = Assignment.objects.filter(organization_id__in=ids).select_related("user")
    for assignment in assignments.order_by("-granted_at")[:LIMIT]:
        entries.append(
            Entry(
                assignment.granted_at,
                assignment.granted_by,
                "Giao vai trò",
                f"{assignment.user} — {assignment.get_role_display()}",
            )
        )
        if assignment.revoked_at:
            entries.append(
                Entry(assignment.revoked_at, assignment.revoked_by, "Thu hồi vai trò", f"{assignment.user}")
            )
    entries.sort(key=lambda e: e.at, reverse=True)
    version = version_on(org, scope.on)
    return render(
        request,
        "web/audit.html",
        {"org": org, "name": version.name if version else org.code, "entries": entries[:LIMIT]},
    )
