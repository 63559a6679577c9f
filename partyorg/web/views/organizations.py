from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partyorg.accounts.models import Role
from partyorg.core.text import fold_vi
from partyorg.organizations.localities import served_by
from partyorg.organizations.models import Locality, OrgVersion, valid_on
from partyorg.organizations.queries import display_names, history, path, version_on
from partyorg.reports.statistics import Hamlets, hamlets_on, membership_on, organizations_on
from partyorg.reports.statistics.stocks import members_by_child


def organizations(request: HttpRequest) -> HttpResponse:
    """The tree starts at the user's organization (or lists them when there are several), and a
    search by name among the organizations the user reaches on the day."""
    scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()
    roots = scope.roots()
    if not query and len(roots) == 1:
        return redirect("organization", code=roots[0].code)
    found: list[OrgVersion] = []
    if query:
        key = fold_vi(query)
        versions = OrgVersion.objects.filter(
            valid_on(on), organization_id__in=scope.org_ids()
        ).select_related("organization")
        found = sorted(
            (v for v in versions if key in fold_vi(v.name) or key == fold_vi(v.organization.code)),
            key=lambda v: fold_vi(v.name),
        )[:200]
    listed = found if query else [v for v in (version_on(r, on) for r in roots) if v]
    # A name shared by another organization shows its parent too ("Chi bộ Văn phòng — Đảng ủy …").
    names = display_names([v.organization_id for v in listed], on)
    rows = sorted(
        ((v, names.get(v.organization_id, v.name)) for v in listed), key=lambda row: fold_vi(row[1])
    )
    return render(request, "web/organizations.html", {"query": query, "rows": rows})


HAMLETS_LISTED = 300  # a commune's or a district's hamlets are listed on the page; a province's are not


def _hamlet_rows(hamlets: Hamlets) -> list[tuple[Locality, bool, bool, bool]]:
    """Each hamlet of the figure, by name: (hamlet, a member lives there, it has its own cell, it
    meets in a combined cell)."""
    places = Locality.objects.filter(pk__in=hamlets.all.locality_ids)
    return [
        (
            place,
            place.pk not in hamlets.without_members.locality_ids,
            place.pk not in hamlets.without_own_cell.locality_ids,
            place.pk in hamlets.combined.locality_ids,
        )
        for place in sorted(places, key=lambda p: fold_vi(p.name))
    ]


def organization(request: HttpRequest, code: str) -> HttpResponse:
    """One organization as it stood on the day: where it sits, what is under it with their members,
    its figures and its history."""
    scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    org = scope.organization(code)
    version = version_on(org, on)
    context: dict[str, object] = {
        "org": org,
        "version": version,
        "changes": history(org),
        "can_administer": scope.can(org.pk, Role.ADMINISTER),
        "can_approve": scope.can(org.pk, Role.APPROVE),  # the history's changes may be corrected
    }
    if version is not None:
        reached = scope.org_ids()
        crumbs = [v for v in path(org, on)[:-1] if v.organization_id in reached]
        counts = members_by_child(org, on)
        children = sorted(
            OrgVersion.objects.filter(valid_on(on), parent=org).select_related("organization"),
            key=lambda v: fold_vi(v.name),
        )
        hamlets = hamlets_on(org, on)
        context.update(
            crumbs=crumbs,
            children=[(child, counts.get(child.organization_id)) for child in children],
            direct=counts.get(org.pk),
            stock=membership_on(org, on),
            units=organizations_on(org, on),
            hamlets=hamlets,
            served=served_by(org, on),
            hamlet_rows=_hamlet_rows(hamlets) if hamlets and hamlets.all.value <= HAMLETS_LISTED else None,
        )
    return render(request, "web/organization.html", context)
