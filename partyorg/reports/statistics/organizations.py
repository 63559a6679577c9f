"""Organizations on a day: grassroots organizations by kind, sub-committees, cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.reports.statistics.figures import OrgFigure
from partyorg.reports.statistics.scope import subtree_on


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
    org_ids = subtree_on(root, on) - {root.pk}
    rows = OrgVersion.objects.filter(valid_on(on), organization_id__in=org_ids).values_list(
        "organization_id", "kind", "is_combined"
    )
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
