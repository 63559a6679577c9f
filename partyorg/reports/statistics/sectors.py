"""Organizations and members by sector of their grassroots organization (form 5, RULES.md §6.2 [P]).

A sub-committee, a subordinate cell and a member count in the sector of the grassroots
organization above them on the day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from partyorg.members.models import MembershipInterval
from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgKind, OrgVersion, valid_on
from partyorg.reports.statistics.scope import subtree_on

NO_SECTOR = ""  # a grassroots organization whose sector is not recorded


@dataclass(frozen=True)
class SectorCounts:
    grassroots_committees: int = 0
    grassroots_cells: int = 0
    sub_committees: int = 0
    cells: int = 0
    members: int = 0


def organizations_by_sector(root: Organization, on: date) -> dict[str, SectorCounts]:
    """Sector value -> counts, for the sectors that have anything under ``root`` on ``on``."""
    org_ids = subtree_on(root, on)
    versions = {
        v[0]: v[1:]
        for v in OrgVersion.objects.filter(valid_on(on), organization_id__in=org_ids).values_list(
            "organization_id", "parent_id", "kind", "sector"
        )
    }

    def sector_of(org_id: int) -> str | None:
        seen = 0
        current: int | None = org_id
        while current is not None and current in versions and seen < 20:
            parent_id, kind, sector = versions[current]
            if kind in GRASSROOTS_KINDS:
                return str(sector or NO_SECTOR)
            current, seen = parent_id, seen + 1
        return None  # above the grassroots level

    counts: dict[str, Counter[str]] = {}
    field_of = {
        OrgKind.GRASSROOTS_COMMITTEE: "grassroots_committees",
        OrgKind.GRASSROOTS_CELL: "grassroots_cells",
        OrgKind.SUB_COMMITTEE: "sub_committees",
        OrgKind.CELL: "cells",
    }
    sectors = {org_id: sector_of(org_id) for org_id in versions}
    for org_id, (_, kind, _) in versions.items():
        sector = sectors[org_id]
        if sector is not None and kind in field_of:
            counts.setdefault(sector, Counter())[field_of[OrgKind(kind)]] += 1
    held = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids).values_list(
        "organization_id", flat=True
    )
    for org_id in held.iterator(chunk_size=5000):
        sector = sectors.get(org_id)
        if sector is not None:
            counts.setdefault(sector, Counter())["members"] += 1
    return {sector: SectorCounts(**c) for sector, c in counts.items()}
