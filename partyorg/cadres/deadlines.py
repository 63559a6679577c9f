"""A cadre's deadlines on a day (RULES.md §11.14), read from the records and worked out by
:mod:`partyorg.rules.cadre_deadlines`: the terms of the posts held, the re-appointment notice, the
retirement and its alerts, the planning age limit, the end of a service commitment after training,
the end of a discipline's waiting period. The dashboard of the unit that manages the cadre lists
them (pages: a later session)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from fractions import Fraction

from partyorg.cadres import queries, services
from partyorg.cadres.models import (
    HoldingMode,
    PlanningEntry,
    PostSphere,
    SpellKind,
    StatePeriod,
    StateRating,
    TrainingEnrolment,
    TrainingOutcome,
)
from partyorg.discipline.queries import measures_in_force
from partyorg.members.models import Person
from partyorg.rules import cadre_deadlines, planning, state_ratings, training
from partyorg.rules.committees import Finding

__all__ = ["deadlines_of", "dismissal_review_of", "due_planning_exits", "facts_of", "refunds_on_leaving"]


def facts_of(person: Person, on: date) -> cadre_deadlines.CadreFacts:
    """What the deadline rules need of ``person`` on ``on``, from the records in force."""
    held = queries.ranked_posts(person.pk, on)
    category = (
        queries.employments_on(on).filter(person=person).values_list("category", flat=True).first() or ""
    )
    posts = [
        cadre_deadlines.PostFacts(
            post=h.post.title,
            started_on=h.effective_on,
            until=h.term_ends_on,
            state_post=h.post.sphere == PostSphere.STATE,
            category=category,
            appointed=h.mode != HoldingMode.ELECTED,
        )
        for h in held
    ]
    entries = [
        cadre_deadlines.PlanningFacts(
            position=e.post.title,
            decided_on=e.effective_on,
            term_start=planning.term_start(e.term_first_year),
        )
        for e in queries.planning_on(on).filter(person=person)
    ]
    commitments = [
        cadre_deadlines.CommitmentFacts(
            course=end.field_of_study or end.level or end.get_programme_display(),
            started_on=end.ends.effective_on if end.ends is not None else end.effective_on,
            ended_on=end.effective_on,
            until=end.commitment_until,
        )
        for end in TrainingEnrolment.objects.in_force()
        .filter(
            person=person,
            kind=SpellKind.ENDED,
            outcome=TrainingOutcome.COMPLETED,
            commitment_until__isnull=False,
        )
        .select_related("ends")
    ]
    disciplines = list(
        measures_in_force().filter(person=person, decided_on__lte=on).values_list("sanction", "decided_on")
    )
    return cadre_deadlines.CadreFacts(
        birth_date=person.birth_date,
        sex=person.sex,
        posts=posts,
        planning=entries,
        commitments=commitments,
        disciplines=disciplines,
    )


def deadlines_of(
    person: Person, on: date, *, horizon: date | None = None
) -> list[cadre_deadlines.CadreDeadline]:
    """The deadlines of ``person`` as they stand on ``on`` (up to ``horizon`` when given)."""
    return cadre_deadlines.cadre_deadlines(facts_of(person, on), on, horizon=horizon)


def dismissal_review_of(person: Person, year: int, on: date) -> Finding | None:
    """The second consecutive year the state rated ``person`` "not completed" (up to ``year``) calls
    for a dismissal review (QĐ 41, QĐ 377; RULES.md §11.3, §11.7), by the rule in force on ``on``."""
    levels = dict(
        StateRating.objects.in_force()
        .filter(person=person, period=StatePeriod.YEAR, year__lte=year)
        .exclude(level="")
        .values_list("year", "level")
    )
    return state_ratings.dismissal_review(levels, year, on)


def due_planning_exits(
    on: date, *, units: Collection[int] | None = None
) -> list[tuple[PlanningEntry, planning.PlanningExit]]:
    """The planning entries open on ``on`` (of ``units`` when given) that are automatically out
    (đương nhiên ra khỏi quy hoạch, RULES.md §11.4: over the planning age, disciplined), each with
    the exit the rules give (reason, day, rule, message): the yearly review's list, recorded with
    :func:`partyorg.cadres.services.exit_planning` (``reason=exit.reason, on=exit.on``). A sanction
    counts when it took effect after the planning decision (one before it, still in force on it,
    would need its expiry, which partyorg does not keep yet)."""
    rows = queries.planning_on(on).select_related("person")
    entries = list(rows.filter(unit_id__in=units) if units is not None else rows)
    sanctions: dict[int, list[tuple[str, date]]] = {}
    for person_id, sanction, decided_on in (
        measures_in_force()
        .filter(person_id__in={e.person_id for e in entries}, decided_on__lte=on)
        .values_list("person_id", "sanction", "decided_on")
    ):
        sanctions.setdefault(person_id, []).append((sanction, decided_on))
    due = []
    for entry in entries:
        found = planning.planning_exit(
            services.retirement_of_person(entry.person),
            decided_on=entry.effective_on,
            planned_term_start=planning.term_start(entry.term_first_year),
            on=on,
            disciplines=[(s, d) for s, d in sanctions.get(entry.person_id, []) if d >= entry.effective_on],
        )
        if found is not None:
            due.append((entry, found))
    return due


def refunds_on_leaving(person: Person, left_on: date) -> list[tuple[TrainingEnrolment, Fraction]]:
    """The courses whose service commitment ``person`` would leave unserved on ``left_on`` (their
    first day out), each with the share of its cost to refund (ND 101/2017, ND 171/2025; RULES.md
    §11.8, ``partyorg.rules.training.refund_share``): the unserved days over the commitment's,
    counted from the course's end. The ENDED rows (with their commitment) are returned."""
    owed = []
    for end in TrainingEnrolment.objects.in_force().filter(
        person=person,
        kind=SpellKind.ENDED,
        outcome=TrainingOutcome.COMPLETED,
        commitment_until__gt=left_on,
    ):
        assert end.commitment_until is not None
        share = training.refund_share(end.effective_on, end.commitment_until, left_on)
        if share:
            owed.append((end, share))
    return owed
