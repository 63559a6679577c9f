"""The recruitment pipeline in figures (RULES.md §2.2): candidates per stage under an organization on a
day, the grassroots organizations with no candidate left, and a cell's source plan against the
candidates it introduced.

The admission *target* and its achievement ("đạt 160% kế hoạch") are entered figures
(:func:`partyorg.reports.statistics.entered.achievement`); they are not repeated here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgVersion, valid_on
from partyorg.recruitment.models import Candidate, CandidateStage, SourcePlan
from partyorg.recruitment.pipeline import CANDIDATE_STAGES, fold
from partyorg.recruitment.services import step_facts
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure
from partyorg.reports.statistics.scope import subtree_on


@dataclass(frozen=True)
class Pipeline:
    """Candidates still before the ceremony and not stopped on ``on``, by stage reached; ``total``
    is their union. ``by_organization``: cell id -> its candidates."""

    on: date
    by_stage: dict[str, PeopleFigure]
    total: PeopleFigure
    by_organization: dict[int, PeopleFigure]


def _open_candidates(org_ids: frozenset[int], on: date) -> list[tuple[int, int, str]]:
    """(person id, cell id, stage) of the candidates of ``org_ids`` in the pipeline on ``on``."""
    candidates = list(
        Candidate.objects.filter(organization_id__in=org_ids, introduced_on__lte=on).values_list(
            "pk", "person_id", "organization_id"
        )
    )
    facts = step_facts([pk for pk, *_ in candidates])
    found = []
    for pk, person_id, org_id in candidates:
        state = fold(facts[pk], on)
        if state.is_candidate:
            found.append((person_id, org_id, state.stage))
    return found


def pipeline_on(root: Organization, on: date) -> Pipeline:
    """The candidates of the cells under ``root`` (as the tree stood on ``on``), by stage."""
    rows = _open_candidates(subtree_on(root, on), on)
    by_stage: dict[str, set[int]] = {stage: set() for stage in CANDIDATE_STAGES}
    by_org: dict[int, set[int]] = defaultdict(set)
    for person_id, org_id, stage in rows:
        by_stage[stage].add(person_id)
        by_org[org_id].add(person_id)
    return Pipeline(
        on=on,
        by_stage={stage: PeopleFigure(frozenset(ids)) for stage, ids in by_stage.items()},
        total=PeopleFigure(frozenset(person_id for person_id, *_ in rows)),
        by_organization={org_id: PeopleFigure(frozenset(ids)) for org_id, ids in by_org.items()},
    )


@dataclass(frozen=True)
class GrassrootsWithoutCandidates:
    """``without`` out of ``grassroots``: the share is ``without.value / grassroots.value``."""

    on: date
    without: OrgFigure
    grassroots: OrgFigure  # the denominator


def grassroots_without_candidates(root: Organization, on: date) -> GrassrootsWithoutCandidates:
    """Grassroots organizations (đảng bộ cơ sở, chi bộ cơ sở) under ``root`` on ``on`` none of whose
    cells — itself, for a grassroots cell — has a candidate in the pipeline that day (introduced, not
    stopped, ceremony not yet held): the "no source left" (hết nguồn) units of the reports.

    The definition is ours (RULES.md names the notion for hamlets only, §1.2 [P]): a candidate counts
    for the grassroots organization above its cell as the tree stood on ``on``."""
    ids = subtree_on(root, on)
    versions = dict(
        (org_id, (parent_id, kind))
        for org_id, parent_id, kind in OrgVersion.objects.filter(
            valid_on(on), organization_id__in=ids
        ).values_list("organization_id", "parent_id", "kind")
    )
    grassroots = frozenset(org_id for org_id, (_, kind) in versions.items() if kind in GRASSROOTS_KINDS)

    def grassroots_of(org_id: int | None) -> int | None:
        for _ in range(10):  # the tree is a handful of levels deep
            if org_id is None or org_id not in versions:
                return None
            if org_id in grassroots:
                return org_id
            org_id = versions[org_id][0]
        return None

    with_candidates = {grassroots_of(org_id) for _, org_id, _ in _open_candidates(ids, on)}
    return GrassrootsWithoutCandidates(
        on=on,
        without=OrgFigure(grassroots - {g for g in with_candidates if g is not None}),
        grassroots=OrgFigure(grassroots),
    )


@dataclass(frozen=True)
class SourcePlanProgress:
    """A source plan (candidates to prepare in a year) against the candidates introduced that year."""

    organization: Organization
    year: int
    planned: int | None  # None when no plan is in force
    introduced: PeopleFigure

    @property
    def percent(self) -> float | None:
        return 100 * self.introduced.value / self.planned if self.planned else None


def source_plan_progress(org: Organization, year: int) -> SourcePlanProgress:
    """The plan in force (not corrected, not withdrawn) of ``org`` for ``year``, and the candidates
    introduced to the cells under it (as the tree stood at the end of the year) that year."""
    plan = (
        SourcePlan.objects.filter(organization=org, year=year, corrections__isnull=True, withdrawn=False)
        .order_by("-pk")
        .first()
    )
    end = date(year, 12, 31)
    ids = subtree_on(org, end) or frozenset({org.pk})
    introduced = Candidate.objects.filter(
        organization_id__in=ids, introduced_on__gte=date(year, 1, 1), introduced_on__lte=end
    ).values_list("person_id", flat=True)
    return SourcePlanProgress(org, year, plan.planned if plan else None, PeopleFigure(frozenset(introduced)))


STAGE_LABELS = {stage: str(CandidateStage(stage).label) for stage in CANDIDATE_STAGES}
