"""Organizations and members by sector of their grassroots organization (form 5, RULES.md §6.2 [P]).

A sub-committee, a subordinate cell and a member count in the sector of the grassroots
organization above them on the day."""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass
from datetime import date

from django.db.models import Count

from partyorg.members.models import MembershipInterval
from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgKind, OrgVersion, valid_on
from partyorg.reports.statistics.scope import ids_in, subtree_on

NO_SECTOR = ""  # a grassroots organization whose sector is not recorded


@dataclass(frozen=True)
class SectorCounts:
    grassroots_committees: int = 0
    grassroots_cells: int = 0
    sub_committees: int = 0
    cells: int = 0
    members: int = 0

    def __add__(self, other: SectorCounts) -> SectorCounts:
        return SectorCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True)
class Grassroots:
    """One grassroots organization on the day, with what counts in its sector: itself, the
    sub-committees and subordinate cells under it, and the members they hold."""

    organization_id: int
    name: str
    sector: str  # NO_SECTOR when not recorded
    counts: SectorCounts
    kind: str = OrgKind.GRASSROOTS_COMMITTEE


def grassroots_on(root: Organization, on: date) -> list[Grassroots]:
    """Every grassroots organization of ``root``'s subtree on ``on`` (``root`` itself when it is
    one), by name; none when ``root`` stands below the grassroots level."""
    org_ids = subtree_on(root, on)
    versions = {
        v[0]: v[1:]
        for v in OrgVersion.objects.filter(valid_on(on))
        .extra(where=[ids_in('"organizations_orgversion"."organization_id"', org_ids)])
        .values_list("organization_id", "parent_id", "kind", "sector", "name")
    }

    def grassroots_of(org_id: int) -> int | None:
        seen = 0
        current: int | None = org_id
        while current is not None and current in versions and seen < 20:
            parent_id, kind, _, _ = versions[current]
            if kind in GRASSROOTS_KINDS:
                return current
            current, seen = parent_id, seen + 1
        return None  # above the grassroots level

    field_of = {
        OrgKind.GRASSROOTS_COMMITTEE: "grassroots_committees",
        OrgKind.GRASSROOTS_CELL: "grassroots_cells",
        OrgKind.SUB_COMMITTEE: "sub_committees",
        OrgKind.CELL: "cells",
    }
    above = {org_id: grassroots_of(org_id) for org_id in versions}
    counts: dict[int, Counter[str]] = {g: Counter() for g in set(above.values()) if g is not None}
    for org_id, (_, kind, _, _) in versions.items():
        grassroots = above[org_id]
        if grassroots is not None and kind in field_of:
            counts[grassroots][field_of[OrgKind(kind)]] += 1
    # the members counted by organization in the database: a row an organization, not a member
    held = (
        MembershipInterval.objects.filter(valid_on(on))
        .extra(where=[ids_in('"members_membershipinterval"."organization_id"', org_ids)])
        .values_list("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    for org_id, n in held:
        holder = above.get(org_id)
        if holder is not None:
            counts[holder]["members"] += n
    found = [
        Grassroots(g, versions[g][3], str(versions[g][2] or NO_SECTOR), SectorCounts(**c), versions[g][1])
        for g, c in counts.items()
    ]
    return sorted(found, key=lambda g: (g.name, g.organization_id))


def organizations_by_sector(root: Organization, on: date) -> dict[str, SectorCounts]:
    """Sector value -> counts, for the sectors that have anything under ``root`` on ``on``."""
    by_sector: dict[str, SectorCounts] = {}
    for grassroots in grassroots_on(root, on):
        by_sector[grassroots.sector] = by_sector.get(grassroots.sector, SectorCounts()) + grassroots.counts
    return by_sector
