"""Reads of the pipeline: the candidates of some organizations and their stage, and what is due.

Every function takes a set of organization ids (the caller's scope, or a subtree) so the web layer
can pass the user's scope. Deadlines are computed by the rule modules in working days.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus, Person
from partyorg.members.queries import DueGroup, group_due, units_under
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.recruitment.models import Candidate, CandidateStage, SourcePlan
from partyorg.recruitment.pipeline import PipelineState, fold
from partyorg.recruitment.services import step_facts
from partyorg.rules import probation

S = CandidateStage


@dataclass(frozen=True)
class CandidateOnDate:
    candidate: Candidate
    person: Person
    state: PipelineState

    @property
    def stage(self) -> str:
        return self.state.stage

    @property
    def stage_label(self) -> str:
        if self.state.stopped is not None:
            return f"{S.STOPPED.label} ({self.state.stopped.effective_on:%d/%m/%Y})"
        return str(S(self.state.stage).label)


def candidates_in(
    org_ids: Collection[int], on: date, *, include_closed: bool = False
) -> list[CandidateOnDate]:
    """The candidates of the cells ``org_ids`` introduced by ``on``, with their state that day;
    only those still before the ceremony and not stopped unless ``include_closed``."""
    candidates = list(
        Candidate.objects.filter(organization_id__in=list(org_ids), introduced_on__lte=on)
        .select_related("person", "organization")
        .order_by("introduced_on", "pk")
    )
    facts = step_facts([c.pk for c in candidates])
    found = []
    for candidate in candidates:
        state = fold(facts[candidate.pk], on)
        if include_closed or state.is_candidate:
            found.append(CandidateOnDate(candidate, candidate.person, state))
    return found


@dataclass(frozen=True)
class DueItem:
    """Something due for a person: the step expected, its deadline, and whether it has passed."""

    person: Person
    organization_id: int
    organization_name: str
    step: str  # the CandidateStage expected next
    title: str  # Vietnamese
    deadline: date
    latest: date  # the deadline with the special-case extension, where there is one
    overdue: bool
    candidate: Candidate | None  # None for a probationary member admitted outside the pipeline


def due(org_ids: Collection[int], today: date, days: int) -> list[DueItem]:
    """What is due or overdue at ``org_ids`` by ``today + days``: admission decisions (60 working
    days from the cell's resolution, +30), ceremonies (30 from receiving the decision), recognition
    proposals (30 after probation ends) and recognition decisions (30, +30), sorted by deadline.

    Recognition proposals cover every probationary member held by ``org_ids`` today, admitted
    through the pipeline or not (the member records say who is probationary)."""
    horizon = today + timedelta(days=days)
    ids = list(org_ids)
    items: list[tuple[int, int, str, str, date, date, Candidate | None]] = []
    candidates = list(Candidate.objects.filter(organization_id__in=ids, introduced_on__lte=today))
    facts = step_facts([c.pk for c in candidates])
    in_pipeline: set[int] = set()
    for candidate in candidates:
        state = fold(facts[candidate.pk], today)
        if state.stopped is None and state.stage in (S.CEREMONY, S.RECOGNITION_PROPOSED):
            in_pipeline.add(candidate.person_id)
        following = state.next_deadline()
        if following is not None:
            step, title, deadline, latest = following
            items.append(
                (candidate.person_id, candidate.organization_id, step, title, deadline, latest, candidate)
            )
    # Probationary members admitted before the pipeline was kept, or imported with their history.
    probationary = dict(
        MembershipInterval.objects.filter(
            valid_on(today), organization_id__in=ids, status=MemberStatus.PROBATIONARY
        ).values_list("person_id", "organization_id")
    )
    outside = set(probationary) - in_pipeline - {person_id for person_id, *_ in items}
    ceremonies = MembershipEvent.objects.filter(
        person_id__in=outside,
        kind=EventKind.ADMISSION_CEREMONY,
        effective_on__lte=today,
        corrections__isnull=True,
    ).values_list("person_id", "effective_on")
    last_ceremony: dict[int, date] = {}
    for person_id, day in ceremonies:
        last_ceremony[person_id] = max(day, last_ceremony.get(person_id, day))
    for person_id, ceremony_on in last_ceremony.items():
        deadline = probation.recognition_proposal_deadline(ceremony_on)
        items.append(
            (
                person_id,
                probationary[person_id],
                S.RECOGNITION_PROPOSED,
                "Chi bộ xét đề nghị công nhận đảng viên chính thức",
                deadline,
                deadline,
                None,
            )
        )
    items = [item for item in items if item[4] <= horizon]
    people = Person.objects.in_bulk({item[0] for item in items})
    names = dict(
        OrgVersion.objects.filter(
            valid_on(today), organization_id__in={item[1] for item in items}
        ).values_list("organization_id", "name")
    )
    found = [
        DueItem(
            person=people[person_id],
            organization_id=org_id,
            organization_name=names.get(org_id, ""),
            step=step,
            title=title,
            deadline=deadline,
            latest=latest,
            overdue=deadline < today,
            candidate=candidate,
        )
        for person_id, org_id, step, title, deadline, latest, candidate in items
    ]
    return sorted(found, key=lambda i: (i.deadline, i.organization_name, i.person.full_name))


def due_groups(items: Iterable[DueItem], root: Organization, today: date) -> list[DueGroup]:
    """:func:`due`'s items counted by the step due and the organization right under ``root`` (as the
    tree stood on ``today``) that holds the candidate or member, ``root`` itself for its own; the most
    pressing group first (:func:`partyorg.members.queries.group_due`)."""
    units = units_under(root, today)
    rows = ((i.step, i.title, units.get(i.organization_id, root.pk), i.deadline) for i in items)
    return group_due(rows, today)


def due_in_group(
    items: Iterable[DueItem], root: Organization, today: date, step: str, unit: Organization
) -> list[DueItem]:
    """The items of one group of :func:`due_groups`, in :func:`due`'s order."""
    units = units_under(root, today)
    return [i for i in items if i.step == step and units.get(i.organization_id, root.pk) == unit.pk]


def overdue_count(items: Iterable[DueItem]) -> int:
    """How many of :func:`due`'s items are past their deadline."""
    return sum(1 for item in items if item.overdue)


def latest_plan(org: Organization, year: int) -> SourcePlan | None:
    """The latest entry of ``org``'s source plan for ``year``, withdrawn or not: what a new entry
    corrects (None when there is none yet)."""
    latest = SourcePlan.objects.filter(organization=org, year=year, corrections__isnull=True)
    return latest.order_by("-pk").first()


def plan_history(org: Organization) -> list[SourcePlan]:
    """Every entry of ``org``'s source plans, corrections and withdrawals too, by year as entered."""
    return list(SourcePlan.objects.filter(organization=org).order_by("year", "pk"))


def planned_by(org_ids: Collection[int], year: int) -> dict[int, int]:
    """Organization id → the candidates it plans to prepare in ``year`` (the plan in force), for the
    organizations of ``org_ids`` that have one: one query."""
    return dict(
        SourcePlan.objects.in_force()
        .filter(organization_id__in=list(org_ids), year=year)
        .values_list("organization_id", "planned")
    )
