"""The results of the yearly review (form 6F, *Kết quả kiểm điểm tự phê bình và phê bình*, RULES.md
§6.2 [P] and §3.3): the collectives and the members of a subtree who had to review a year, who did,
who did not, and why not, read off the ratings records (:mod:`partyorg.ratings`).

What each figure counts, and where RULES.md is unsure:

- **Collectives** (*tập thể*): the organizations of the subtree on 31/12 of the year whose kind is in
  :data:`COLLECTIVE_KINDS` must review; those rated for the year (an organization rating in force)
  did. RULES.md §3.2 says a rating rests on the collective, its subordinate organizations and all
  its members, not which collectives a form 6 counts: by default the grassroots organizations and
  the sub-committees and cells under them ([P]; ``settings.PARTYORG_FORM6["collective_kinds"]``
  changes it, e.g. to add the district committees). A collective not rated that was **newly
  formed** (its first day less than ``new_collective_months`` months before 31/12, 6 by default,
  the members' span of RULES.md §3.3 [P]; RULES.md gives none for collectives) is "thành lập mới".
- **Members**: those the reviewing organizations held on their review day (the roster of
  :func:`partyorg.ratings.queries.rosters`), and the members held on 31/12 by an organization of the
  subtree that opened no review that year (they had to review and did not, for no reason recorded).
  A member rated did review; not rated, they did not, with the reasons RULES.md §3.3 gives: admitted
  less than 6 months before ([P]), exempt, suspended ([V]); the rest without a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Min

from partyorg.members.models import MembershipInterval
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.organizations.queries import subtree_kinds
from partyorg.ratings.models import ReviewCycle, ReviewPeriod
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure
from partyorg.reports.statistics.ratings import member_ratings, organization_ratings
from partyorg.rules import ratings as rules
from partyorg.rules._dates import add_months

COLLECTIVE_KINDS = frozenset(
    {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.SUB_COMMITTEE, OrgKind.CELL}
)
NEW_COLLECTIVE_MONTHS = 6


def _setting(name: str, default: Any) -> Any:
    """A deployment's choice in ``settings.PARTYORG_FORM6`` (see the module docstring), else ``default``."""
    return getattr(settings, "PARTYORG_FORM6", {}).get(name, default)


@dataclass(frozen=True)
class ReviewResults:
    """Form 6's figures for the yearly review of ``year`` under ``root``."""

    root_id: int
    year: int
    collectives_due: OrgFigure
    collectives_reviewed: OrgFigure
    collectives_new: OrgFigure  # of those not reviewed
    members_due: PeopleFigure
    members_reviewed: PeopleFigure
    members_excluded: dict[str, PeopleFigure]  # rules.ratings NEW_MEMBER, EXEMPT, SUSPENDED
    members_without_review: PeopleFigure  # members of an organization that opened no review

    @property
    def collectives_not_reviewed(self) -> OrgFigure:
        return OrgFigure(self.collectives_due.organization_ids - self.collectives_reviewed.organization_ids)

    @property
    def members_not_reviewed(self) -> PeopleFigure:
        return PeopleFigure(self.members_due.person_ids - self.members_reviewed.person_ids)


def review_results(root: Organization, year: int) -> ReviewResults:
    """The yearly review of ``year`` by ``root``'s subtree as it stood on 31/12 of ``year``."""
    last_day = date(year, 12, 31)
    kinds = frozenset(_setting("collective_kinds", COLLECTIVE_KINDS))
    months = int(_setting("new_collective_months", NEW_COLLECTIVE_MONTHS))
    tree = subtree_kinds(root, last_day)
    due = {org_id for org_id, kind, _ in tree if kind in kinds}
    rated = organization_ratings(root, year, on=last_day).rated.organization_ids & due
    founded = dict(
        OrgVersion.objects.filter(organization_id__in=list(due - rated))
        .values("organization_id")
        .annotate(first=Min("valid_from"))
        .values_list("organization_id", "first")
    )
    threshold = add_months(last_day, -months)
    new = {org_id for org_id, first in founded.items() if first > threshold}
    members = member_ratings(root, year, on=last_day)
    reviewing = set(
        ReviewCycle.objects.filter(
            organization_id__in=[org_id for org_id, _, _ in tree], year=year, period=ReviewPeriod.YEAR
        ).values_list("organization_id", flat=True)
    )
    silent = [org_id for org_id, _, _ in tree if org_id not in reviewing]
    unreviewed = frozenset(
        MembershipInterval.objects.filter(valid_on(last_day), organization_id__in=silent).values_list(
            "person_id", flat=True
        )
    )
    return ReviewResults(
        root_id=root.pk,
        year=year,
        collectives_due=OrgFigure(frozenset(due)),
        collectives_reviewed=OrgFigure(frozenset(rated)),
        collectives_new=OrgFigure(frozenset(new)),
        members_due=PeopleFigure(members.on_roster.person_ids | unreviewed),
        members_reviewed=members.rated,
        members_excluded={reason: members.excluded[reason] for reason in rules.EXCLUSION_LABELS},
        members_without_review=PeopleFigure(unreviewed - members.on_roster.person_ids),
    )
