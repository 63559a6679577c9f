"""Read helpers for the tree as it stood on a date."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery

from partyorg.core.text import fold_vi
from partyorg.organizations.models import (
    GRASSROOTS_KINDS,
    Organization,
    OrgChange,
    OrgChangeItem,
    OrgChangeKind,
    OrgVersion,
    valid_on,
)

__all__ = [
    "QUALIFIER",
    "OrgNode",
    "display_names",
    "history",
    "lifespans",
    "line_on",
    "path",
    "standing_for",
    "stands_on",
    "stands_through",
    "subtree",
    "subtree_ids",
    "subtree_kinds",
    "version_on",
    "versions_on",
]

Span = tuple[date, date | None]  # [from, until): the days an organization stands, until exclusive

QUALIFIER = " — "  # between a name and its parent's: "Chi bộ Văn phòng — Đảng ủy Sở Y tế"


def version_on(org: Organization, on: date) -> OrgVersion | None:
    return (
        OrgVersion.objects.filter(valid_on(on), organization=org).select_related("parent", "locality").first()
    )


def line_on(org_id: int, on: date) -> list[int] | None:
    """``org_id`` and its ancestors on ``on``, from it up to its root; None when it did not stand.
    One indexed query a level. (A recursive query was slower at national scale on SQLite, whose
    planner builds a Bloom filter over all 450.000 versions at each step: 36 ms against ~1.)"""
    parents = OrgVersion.objects.filter(valid_on(on)).values_list("parent_id", flat=True)
    found: list[int | None] = list(parents.filter(organization_id=org_id)[:1])
    if not found:
        return None
    line, parent = [org_id], found[0]
    while parent is not None and len(line) <= 64:  # a guard only: a cycle at one time cannot be recorded
        line.append(parent)
        parent = next(iter(parents.filter(organization_id=parent)[:1]), None)
    return line


def subtree_ids(root: Organization, on: date) -> set[int]:
    """Ids of ``root`` and everything under it on ``on``, in one recursive query."""
    return {org_id for org_id, _, _ in subtree_kinds(root, on)}


def subtree_kinds(root: Organization, on: date) -> list[tuple[int, str, bool]]:
    """(id, kind, combined) of ``root`` and of everything under it on ``on``, in one recursive query
    down the versions valid that day (``UNION`` drops repeats, so even a cycle in bad data ends).
    ``root`` itself is listed even on a day it did not stand, with its kind empty."""
    table = OrgVersion._meta.db_table
    valid = "v.valid_from <= %s AND (v.valid_until IS NULL OR v.valid_until > %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE down(org) AS (SELECT CAST(%s AS BIGINT) UNION"
            f" SELECT v.organization_id FROM {table} v JOIN down ON v.parent_id = down.org WHERE {valid})"
            f" SELECT down.org, v.kind, v.is_combined FROM down"
            f" LEFT JOIN {table} v ON v.organization_id = down.org AND {valid}",
            [root.pk, on, on, on, on],
        )
        return [(org_id, kind or "", bool(combined)) for org_id, kind, combined in cursor.fetchall()]


def subtree_during(root: Organization, first: date, end: date) -> set[int]:
    """Ids of ``root`` and of everything under it on some day of ``[first, end)``, in one recursive
    query: each step down keeps the days both the parent's stretch and the child's version cover,
    so an organization counts only for days it really stood under ``root`` (moved in after a unit
    left, it is not taken for having been there together)."""
    table = OrgVersion._meta.db_table
    lo = "CASE WHEN v.valid_from > {lo} THEN v.valid_from ELSE {lo} END"
    hi = "CASE WHEN v.valid_until IS NULL OR v.valid_until > {hi} THEN {hi} ELSE v.valid_until END"
    overlaps = "v.valid_from < {hi} AND (v.valid_until IS NULL OR v.valid_until > {lo})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE down(org, lo, hi) AS ("
            f" SELECT v.organization_id, {lo.format(lo='%s')}, {hi.format(hi='%s')} FROM {table} v"
            f" WHERE v.organization_id = %s AND {overlaps.format(lo='%s', hi='%s')}"
            f" UNION SELECT v.organization_id, {lo.format(lo='d.lo')}, {hi.format(hi='d.hi')}"
            f" FROM {table} v JOIN down d ON v.parent_id = d.org"
            f" WHERE {overlaps.format(lo='d.lo', hi='d.hi')}) SELECT DISTINCT org FROM down",
            [first, first, end, end, root.pk, end, first],
        )
        return {org_id for (org_id,) in cursor.fetchall()}


def versions_on(on: date) -> QuerySet[OrgVersion]:
    return OrgVersion.objects.filter(valid_on(on))


def path(org: Organization, on: date) -> list[OrgVersion]:
    """From the root down to ``org``, as the tree stood on ``on``."""
    chain: list[OrgVersion] = []
    seen: set[int] = set()
    current: Organization | None = org
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        version = version_on(current, on)
        if version is None:
            break
        chain.append(version)
        current = version.parent
    return list(reversed(chain))


@dataclass
class OrgNode:
    version: OrgVersion
    children: list[OrgNode]

    @property
    def is_grassroots(self) -> bool:
        return self.version.kind in GRASSROOTS_KINDS

    def walk(self, depth: int = 0) -> list[tuple[int, OrgVersion]]:
        rows = [(depth, self.version)]
        for child in self.children:
            rows.extend(child.walk(depth + 1))
        return rows


def subtree(root: Organization, on: date) -> OrgNode | None:
    """The subtree under ``root`` on ``on`` as nested nodes, children sorted by name."""
    ids = subtree_ids(root, on)
    rows = versions_on(on).filter(organization_id__in=ids).select_related("organization")
    versions = {v.organization_id: v for v in rows}
    if root.pk not in versions:
        return None
    nodes = {org_id: OrgNode(v, []) for org_id, v in versions.items()}
    for org_id, node in nodes.items():
        parent_id = node.version.parent_id
        if org_id != root.pk and parent_id in nodes:
            nodes[parent_id].children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: fold_vi(n.version.name))  # "Đ" with the Ds, not after Z
    return nodes[root.pk]


def history(org: Organization) -> list[tuple[OrgChange, OrgChangeItem]]:
    """Every change that named ``org``, in the order they took effect, corrected ones included
    (the caller shows which were corrected: ``change.corrections``)."""
    items = (
        OrgChangeItem.objects.filter(organization=org)
        .select_related("change", "parent", "successor")
        .prefetch_related("change__corrections")  # the page asks each change whether it was corrected
        .order_by("change__effective_on", "change_id")
    )
    return [(item.change, item) for item in items]


def display_names(org_ids: Collection[int], on: date) -> dict[int, str]:
    """Organization id → the name to show for it on ``on``, with its parent's name after it when
    the name alone is ambiguous: "Chi bộ Văn phòng — Đảng ủy Sở Y tế".

    The name is the one of the version in force on ``on``, else the last begun by then, else the
    first (a record may name an organization on a day it did not stand). A name is ambiguous when
    another organization standing on ``on`` bears it too, anywhere in the database (a list may show
    the other one on its next page, or another list the user reads beside it), or when two of
    ``org_ids`` bear it. One level of parent is added, which tells apart the cells of the same name
    of different committees; two organizations of the same name under parents of the same name stay
    alike. Two queries whatever the number of ids."""
    wanted = set(org_ids)
    if not wanted:
        return {}
    parent_name = (
        OrgVersion.objects.filter(organization_id=OuterRef("parent_id"), valid_from__lte=on)
        .order_by("-valid_from")
        .values("name")[:1]
    )
    chosen: dict[int, tuple[str, str | None]] = {}
    rows = (
        OrgVersion.objects.filter(organization_id__in=wanted)
        .annotate(parent_name=Subquery(parent_name))
        .order_by("valid_from")
        .values_list("organization_id", "name", "parent_name", "valid_from")
    )
    for org_id, name, above, start in rows:
        if org_id not in chosen or start <= on:  # the last version begun by the day, else the first
            chosen[org_id] = (name, above)
    names = {name for name, _ in chosen.values()}
    shared = set(
        OrgVersion.objects.filter(valid_on(on), name__in=names)
        .values("name")
        .annotate(bearers=Count("organization_id", distinct=True))
        .filter(bearers__gt=1)
        .values_list("name", flat=True)
    )
    shared |= {name for name, times in Counter(name for name, _ in chosen.values()).items() if times > 1}
    return {
        org_id: f"{name}{QUALIFIER}{above}" if name in shared and above else name
        for org_id, (name, above) in chosen.items()
    }


def lifespans(org_ids: Collection[int] | None = None) -> dict[int, list[Span]]:
    """The periods each organization (of ``org_ids``, or all) stands, from its versions."""
    versions = (
        OrgVersion.objects.all()
        if org_ids is None
        else OrgVersion.objects.filter(organization_id__in=org_ids)
    )
    spans: dict[int, list[Span]] = defaultdict(list)
    for org_id, start, end in versions.values_list("organization_id", "valid_from", "valid_until"):
        spans[org_id].append((start, end))
    return spans


def stands_on(spans: list[Span], day: date) -> bool:
    """Does an organization with these spans stand on ``day``?"""
    return any(start <= day and (end is None or day < end) for start, end in spans)


def stands_through(spans: list[Span], start: date, end: date | None) -> bool:
    """Do the (possibly adjoining) spans cover ``[start, end)`` without a hole?"""
    reached = start
    for span_start, span_end in sorted(spans):
        if span_start > reached:
            break
        if span_end is None:
            return True
        reached = max(reached, span_end)
        if end is not None and reached >= end:
            return True
    return False


def standing_for(org: Organization, on: date) -> list[int]:
    """The organizations that stood on ``on`` in place of ``org``: ``org`` itself when it stood that
    day; else those that ended, after ``on``, naming ``org`` their successor ("Tổ chức kế thừa" of a
    merger or a restructuring), each in turn itself or its own predecessors. So a province made of
    two on 01/07/2025 compares with the two on an earlier day, not with nobody (issue 15). Empty
    when nothing stood for it. [P] RULES.md is silent on comparisons across a merger: this follows
    the successor links partyorg records, and an organization that absorbed others keeps its own
    figures for the days it stood (the absorbed ones came in as moves)."""
    found: list[int] = []
    frontier, seen = [org.pk], {org.pk}
    while frontier:
        org_id = frontier.pop()
        if stands_on(lifespans([org_id]).get(org_id, []), on):
            found.append(org_id)
            continue
        ended = (
            OrgChangeItem.objects.filter(successor_id=org_id, ends=True, change__effective_on__gt=on)
            .exclude(change__kind=OrgChangeKind.VOIDED)
            .exclude(change__corrections__isnull=False)
            .values_list("organization_id", flat=True)
        )
        for predecessor in ended:
            if predecessor not in seen:
                seen.add(predecessor)
                frontier.append(predecessor)
    return sorted(found)
