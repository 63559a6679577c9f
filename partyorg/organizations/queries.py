"""Read helpers for the tree as it stood on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from partyorg.core.text import fold_vi
from partyorg.organizations.models import (
    GRASSROOTS_KINDS,
    Organization,
    OrgChange,
    OrgChangeItem,
    OrgVersion,
    valid_on,
)
from partyorg.organizations.services import subtree_ids, version_on

__all__ = ["OrgNode", "history", "path", "subtree", "subtree_ids", "version_on", "versions_on"]


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
        .order_by("change__effective_on", "change_id")
    )
    return [(item.change, item) for item in items]
