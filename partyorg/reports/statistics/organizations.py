"""Organizations on a day: grassroots organizations by kind, sub-committees, cells; the upper
levels (district, commune, bloc committees) in a subtree; and the organizations right under one
organization, by kind ("14 đảng bộ trực thuộc Tỉnh ủy")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.organizations.queries import subtree_kinds
from partyorg.reports.statistics.figures import OrgFigure

# What the reports call a "đảng bộ" (a committee organization, with organizations under it) and a
# "chi bộ" (a cell, holding members), whatever its level (GLOSSARY.md, RULES.md §1.1–1.2).
COMMITTEE_KINDS = (
    OrgKind.PROVINCE,
    OrgKind.DISTRICT,
    OrgKind.COMMUNE,
    OrgKind.BLOC,
    OrgKind.GRASSROOTS_COMMITTEE,
    OrgKind.SUB_COMMITTEE,
)
CELL_KINDS = (OrgKind.GRASSROOTS_CELL, OrgKind.CELL)


@dataclass(frozen=True)
class Organizations:
    """The organization counts of a report (RULES.md §6.2, form 5 columns), and the upper levels
    under the organization asked about (RULES.md §1.1)."""

    on: date
    grassroots_committees: OrgFigure  # đảng bộ cơ sở
    grassroots_cells: OrgFigure  # chi bộ cơ sở
    sub_committees: OrgFigure  # đảng bộ bộ phận
    cells: OrgFigure  # chi bộ trực thuộc
    combined_cells: OrgFigure  # chi bộ ghép (among the cells of either kind)
    districts: OrgFigure  # đảng bộ huyện, quận, thị xã (until 30/06/2025)
    communes: OrgFigure  # đảng bộ xã, phường, đặc khu above the grassroots (from 01/07/2025)
    blocs: OrgFigure  # đảng bộ khối, cơ quan, lực lượng vũ trang

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
        districts=OrgFigure(frozenset(by_kind[OrgKind.DISTRICT])),
        communes=OrgFigure(frozenset(by_kind[OrgKind.COMMUNE])),
        blocs=OrgFigure(frozenset(by_kind[OrgKind.BLOC])),
    )


@dataclass(frozen=True)
class DirectlyUnder:
    """The organizations whose direct superior is one organization on a day, by kind.

    ``committees`` is "đảng bộ trực thuộc" (the seed articles: "14 đảng bộ trực thuộc Tỉnh ủy",
    "22 đảng bộ trực thuộc"): every committee organization right under it, whatever its level.
    [U] RULES.md does not define which kinds such a count takes in (whether a grassroots committee
    or a bloc placed right under a province is one of them); partyorg takes every "đảng bộ" kind and
    gives each kind apart (``by_kind``), so a report that counts otherwise reads its own sum."""

    on: date
    by_kind: dict[str, OrgFigure]  # every OrgKind value, an empty figure for a kind not there

    @property
    def committees(self) -> OrgFigure:
        """Đảng bộ trực thuộc: the committee organizations right under (:data:`COMMITTEE_KINDS`)."""
        return OrgFigure(frozenset().union(*(self.by_kind[k].organization_ids for k in COMMITTEE_KINDS)))

    @property
    def cells(self) -> OrgFigure:
        """Chi bộ trực thuộc: the cells right under, grassroots cells and subordinate cells alike."""
        return OrgFigure(frozenset().union(*(self.by_kind[k].organization_ids for k in CELL_KINDS)))

    @property
    def total(self) -> int:
        return sum(figure.value for figure in self.by_kind.values())


def directly_under(root: Organization, on: date) -> DirectlyUnder:
    """The organizations whose direct superior was ``root`` on ``on`` (the tree of that day), by
    kind; none when ``root`` did not stand that day. One query."""
    found: dict[str, set[int]] = {kind: set() for kind in OrgKind.values}
    rooted = OrgVersion.objects.filter(valid_on(on), organization=root).exists()
    if rooted:
        rows = OrgVersion.objects.filter(valid_on(on), parent=root).values_list("organization_id", "kind")
        for org_id, kind in rows:
            found[kind].add(org_id)
    return DirectlyUnder(on, {kind: OrgFigure(frozenset(ids)) for kind, ids in found.items()})
