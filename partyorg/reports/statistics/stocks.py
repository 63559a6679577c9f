"""Stocks: who was a member on a day, in an organization's subtree as it stood that day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from partyorg.members.models import MembershipInterval, MemberStatus, Sex
from partyorg.organizations.models import Organization, valid_on
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.reports.statistics.scope import subtree_on

MAJORITY_ETHNICITY = "Kinh"


@dataclass(frozen=True)
class Membership:
    """The headline stock of the membership form (RULES.md §6.2, form 3) on a day."""

    on: date
    total: PeopleFigure
    probationary: PeopleFigure
    women: PeopleFigure
    ethnic_minority: PeopleFigure
    religious: PeopleFigure
    youth_union: PeopleFigure
    exempt: PeopleFigure


def members_on(root: Organization, on: date) -> PeopleFigure:
    """Members held on ``on`` by ``root`` or anything under it that day. Temporary placements are
    not counted at the temporary organization (RULES.md §2.7): they are not intervals."""
    org_ids = subtree_on(root, on)
    rows = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
    return PeopleFigure(frozenset(rows.values_list("person_id", flat=True)))


def membership_on(root: Organization, on: date) -> Membership:
    """Every headline stock of ``root`` on ``on`` in one query."""
    org_ids = subtree_on(root, on)
    rows = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids).values_list(
        "person_id",
        "status",
        "is_exempt",
        "person__sex",
        "person__ethnicity",
        "person__religion",
        "person__is_youth_union_member",
    )
    groups: dict[str, set[int]] = defaultdict(set)
    for person_id, status, exempt, sex, ethnicity, religion, youth in rows.iterator(chunk_size=5000):
        groups["total"].add(person_id)
        if status == MemberStatus.PROBATIONARY:
            groups["probationary"].add(person_id)
        if sex == Sex.FEMALE:
            groups["women"].add(person_id)
        if ethnicity and ethnicity != MAJORITY_ETHNICITY:
            groups["ethnic_minority"].add(person_id)
        if religion:
            groups["religious"].add(person_id)
        if youth:
            groups["youth_union"].add(person_id)
        if exempt:
            groups["exempt"].add(person_id)
    figures = {
        name: PeopleFigure(frozenset(groups[name]))
        for name in (
            "total",
            "probationary",
            "women",
            "ethnic_minority",
            "religious",
            "youth_union",
            "exempt",
        )
    }
    return Membership(on=on, **figures)
