"""Organizations and members by sector of their grassroots organization (form 5, RULES.md §6.2 [P]).

A sub-committee, a subordinate cell and a member count in the sector of the grassroots
organization above them on the day."""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass
from datetime import date

from django.db import connection
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


# The kinds that stand below the grassroots level or at it: every other kind stands above it.
AT_OR_BELOW_GRASSROOTS = (*sorted(GRASSROOTS_KINDS), OrgKind.SUB_COMMITTEE, OrgKind.CELL)


def grassroots_by_kind(root: Organization, on: date) -> Counter[str]:
    """How many grassroots organizations of each kind ``root``'s subtree holds on ``on``: the kinds
    of :func:`grassroots_on` (form 2's part III), without the members and the walk of every cell.

    One query walks down the levels above the grassroots (a province's fifty-odd committees) and
    counts the grassroots organizations right under them (or ``root`` itself when it is one). That
    finds them all while none stands under an organization at or below the grassroots level, which
    the tree of every deployment keeps; one query checks it for the day, and if it does not hold
    the subtree is walked to the last cell (:func:`grassroots_by_kind_scan`)."""
    table = OrgVersion._meta.db_table
    valid = "{v}.valid_from <= %s AND ({v}.valid_until IS NULL OR {v}.valid_until > %s)"
    low = ", ".join(f"'{kind}'" for kind in AT_OR_BELOW_GRASSROOTS)
    grassroots = ", ".join(f"'{kind}'" for kind in sorted(GRASSROOTS_KINDS))
    with connection.cursor() as cursor:
        # An organization at the grassroots level or above whose parent stands at or below it.
        cursor.execute(
            f"SELECT 1 FROM {table} c JOIN {table} p ON p.organization_id = c.parent_id"
            f" WHERE {valid.format(v='c')} AND {valid.format(v='p')}"
            f" AND c.kind NOT IN ('{OrgKind.SUB_COMMITTEE}', '{OrgKind.CELL}') AND p.kind IN ({low})"
            f" LIMIT 1",
            [on, on, on, on],
        )
        if cursor.fetchone() is not None:
            return grassroots_by_kind_scan(root, on)
        cursor.execute(
            f"WITH RECURSIVE up(org) AS ("
            f" SELECT v.organization_id FROM {table} v WHERE v.organization_id = %s AND {valid.format(v='v')}"
            f" UNION SELECT v.organization_id FROM {table} v JOIN up ON v.parent_id = up.org"
            f" WHERE {valid.format(v='v')} AND v.kind NOT IN ({low}))"
            f" SELECT v.kind, COUNT(*) FROM {table} v"
            f" WHERE {valid.format(v='v')} AND v.kind IN ({grassroots})"
            f" AND (v.organization_id IN (SELECT org FROM up) OR v.parent_id IN (SELECT org FROM up))"
            f" GROUP BY v.kind",
            [root.pk, on, on, on, on, on, on],
        )
        return Counter({str(kind): n for kind, n in cursor.fetchall()})


def grassroots_by_kind_scan(root: Organization, on: date) -> Counter[str]:
    """:func:`grassroots_by_kind` the plain way, from :func:`grassroots_on`."""
    return Counter(str(g.kind) for g in grassroots_on(root, on))


def organizations_by_sector(root: Organization, on: date) -> dict[str, SectorCounts]:
    """Sector value -> counts, for the sectors that have anything under ``root`` on ``on``."""
    by_sector: dict[str, SectorCounts] = {}
    for grassroots in grassroots_on(root, on):
        by_sector[grassroots.sector] = by_sector.get(grassroots.sector, SectorCounts()) + grassroots.counts
    return by_sector
