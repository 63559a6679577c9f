"""Which organizations a figure covers: an organization's subtree as it stood on a day."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from partyorg.organizations.models import Organization, OrgVersion
from partyorg.organizations.queries import subtree_ids


def subtree_on(root: Organization, on: date) -> frozenset[int]:
    """``root`` and everything under it on ``on``; empty when ``root`` did not exist that day."""
    if (
        not OrgVersion.objects.filter(organization=root, valid_from__lte=on)
        .exclude(valid_until__lte=on)
        .exists()
    ):
        return frozenset()
    return frozenset(subtree_ids(root, on))


def ids_in(column: str, ids: Collection[int]) -> str:
    """``column IN (…)`` with the ids written as numbers, for ``QuerySet.extra(where=…)``: Django
    would prepare a province's 3.000 organization ids one by one as parameters, costing more than
    the query. The ids are integers (``int()`` of each), so nothing else reaches the statement."""
    return f"{column} IN ({','.join(str(int(pk)) for pk in sorted(ids))})" if ids else "1 = 0"


def tree_change_days(start: date, end: date) -> list[date]:
    """Days in ``(start, end)`` on which some organization's version begins or ends: the only days
    a subtree can change."""
    days = set(
        OrgVersion.objects.filter(valid_from__gt=start, valid_from__lt=end).values_list(
            "valid_from", flat=True
        )
    )
    ends = OrgVersion.objects.filter(valid_until__gt=start, valid_until__lt=end).values_list(
        "valid_until", flat=True
    )
    days |= {day for day in ends if day is not None}
    return sorted(days)
