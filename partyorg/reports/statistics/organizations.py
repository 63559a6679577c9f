"""Organizations on a day: grassroots organizations by kind, sub-committees, cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.organizations.models import Organization, OrgKind
from partyorg.organizations.queries import subtree_kinds
from partyorg.reports.statistics.figures import OrgFigure


@dataclass(frozen=True)
class Organizations:
    """The organization counts of a report (RULES.md §6.2, form 5 columns)."""

    on: date
    grassroots_committees: OrgFigure  # đảng bộ cơ sở
    grassroots_cells: OrgFigure  # chi bộ cơ sở
    sub_committees: OrgFigure  # đảng bộ bộ phận
    cells: OrgFigure  # chi bộ trực thuộc
    combined_cells: OrgFigure  # chi bộ ghép (among the cells of either kind)

    @property
    def grassroots(self) -> int:
        """Grassroots organizations: the two kinds added (the parts, not a published total)."""
        return self.grassroots_committees.value + self.grassroots_cells.value


def organizations_on(root: Organization, on: date) -> Organizations:
    """Counts under ``root`` (``root`` itself excluded) as the tree stood on ``on``."""
    found = subtree_kinds(root, on)
    standing = any(org_id == root.pk and kind for org_id, kind, _ in found)
    rows = [row for row in found if row[0] != root.pk and row[1]] if standing else []
    by_kind: dict[str, set[int]] = {kind: set() for kind in OrgKind.values}
    combined: set[int] = set()
    for org_id, kind, is_combined in rows:
        by_kind[kind].add(org_id)
        if is_combined and kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL):
            combined.add(org_id)
    return Organizations(
        on=on,
        grassroots_committees=OrgFigure(frozenset(by_kind[OrgKind.GRASSROOTS_COMMITTEE])),
        grassroots_cells=OrgFigure(frozenset(by_kind[OrgKind.GRASSROOTS_CELL])),
        sub_committees=OrgFigure(frozenset(by_kind[OrgKind.SUB_COMMITTEE])),
        cells=OrgFigure(frozenset(by_kind[OrgKind.CELL])),
        combined_cells=OrgFigure(frozenset(combined)),
    )
