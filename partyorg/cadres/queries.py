"""Reading the cadre records as they stood on a day: units standing and their names, the spells
(employment, posts, training, planning) open on a day, a person's posts ranked, what they studied.

A spell is open on ``on`` when its STARTED row (in force) began on or before ``on`` and no ENDED row
in force that ``ends`` it took effect on or before ``on`` (half-open, as every period of partyorg).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet

from partyorg.cadres.models import (
    DegreeLevel,
    Employment,
    PlanningEntry,
    PostHolding,
    Programme,
    SpellKind,
    StateRating,
    TheoryLevel,
    TrainingEnrolment,
    TrainingOutcome,
    Unit,
    UnitVersion,
)
from partyorg.rules import training

__all__ = [
    "DEGREE_ORDER",
    "THEORY_ORDER",
    "employments_on",
    "ended_on",
    "highest_levels",
    "open_on",
    "planning_on",
    "posts_on",
    "ranked_posts",
    "state_ratings_in_force",
    "studying_on",
    "unit_name_on",
    "unit_subtree",
    "units_on",
]

S = TypeVar("S", Employment, PostHolding, TrainingEnrolment, PlanningEntry)

# Lowest first: a person's level is the highest completed.
DEGREE_ORDER = tuple(DegreeLevel.values)
THEORY_ORDER = (TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE, TheoryLevel.SENIOR, TheoryLevel.BACHELOR)


def open_on(model: type[S], on: date) -> QuerySet[S]:
    """The STARTED rows of ``model`` in force whose spell is open on ``on``."""
    ended = model.objects.in_force().filter(kind=SpellKind.ENDED, ends=OuterRef("pk"), effective_on__lte=on)
    return (
        model.objects.in_force().filter(kind=SpellKind.STARTED, effective_on__lte=on).exclude(Exists(ended))
    )


def ended_on(start: Model) -> Model | None:
    """The ENDED row in force that ends ``start``, if any."""
    manager: Any = type(start)._default_manager
    found: Model | None = manager.in_force().filter(kind=SpellKind.ENDED, ends=start).first()
    return found


def units_on(on: date) -> dict[int, str]:
    """unit id -> its name, for every unit standing on ``on`` (founded by then, not dissolved)."""
    latest: dict[int, tuple[date, int, str, bool]] = {}
    for unit_id, valid_from, pk, name, dissolved in (
        UnitVersion.objects.in_force()
        .filter(valid_from__lte=on)
        .values_list("unit_id", "valid_from", "pk", "name", "dissolved")
    ):
        key = (valid_from, pk, name, dissolved)
        if unit_id not in latest or key[:2] > latest[unit_id][:2]:
            latest[unit_id] = key
    return {unit_id: v[2] for unit_id, v in latest.items() if not v[3]}


def unit_name_on(unit: Unit, on: date) -> str | None:
    """The unit's name on ``on``; None when it did not stand that day."""
    version = (
        UnitVersion.objects.in_force()
        .filter(unit=unit, valid_from__lte=on)
        .order_by("-valid_from", "-pk")
        .first()
    )
    return None if version is None or version.dissolved else version.name


def unit_subtree(
    roots: Iterable[int], on: date, *, standing: Collection[int] | None = None
) -> frozenset[int]:
    """The units of ``roots`` and their departments (at any depth) standing on ``on`` (``standing``:
    the units standing that day, :func:`units_on`, when the caller has read them already)."""
    if standing is None:
        standing = units_on(on)
    children: dict[int, list[int]] = defaultdict(list)
    # The departments are few: read them all and keep those standing, rather than send every unit
    # standing that day as a query's parameters.
    for pk, parent_id in Unit.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        if pk in standing:
            children[parent_id].append(pk)
    found: set[int] = set()
    todo = [r for r in roots if r in standing]
    while todo:
        at = todo.pop()
        if at not in found:
            found.add(at)
            todo.extend(children[at])
    return frozenset(found)


def employments_on(on: date, *, units: Collection[int] | None = None) -> QuerySet[Employment]:
    """Employment spells open on ``on`` (in ``units`` when given)."""
    rows = open_on(Employment, on)
    return rows.filter(unit_id__in=units) if units is not None else rows


def posts_on(on: date, *, person_ids: Collection[int] | None = None) -> QuerySet[PostHolding]:
    rows = open_on(PostHolding, on).select_related("post")
    return rows.filter(person_id__in=person_ids) if person_ids is not None else rows


def ranked_posts(person_id: int, on: date) -> list[PostHolding]:
    """The posts a person holds on ``on``, highest first (the catalogue's rank, QĐ 368: a person
    with several posts is placed by the highest, RULES.md §11.1)."""
    return sorted(posts_on(on, person_ids=[person_id]), key=lambda h: (h.post.rank, h.effective_on, h.pk))


def planning_on(on: date) -> QuerySet[PlanningEntry]:
    return open_on(PlanningEntry, on).select_related("post")


def studying_on(
    on: date, *, person_ids: Collection[int] | QuerySet[Any] | None = None
) -> QuerySet[TrainingEnrolment]:
    """Courses open on ``on`` (đang học): begun (with a known start) and not yet ended."""
    rows = open_on(TrainingEnrolment, on).filter(start_known=True)
    return rows.filter(person_id__in=person_ids) if person_ids is not None else rows


def highest_levels(person_ids: Collection[int] | QuerySet[Any], on: date) -> dict[str, dict[int, str]]:
    """programme -> person id -> the highest level completed by ``on``, for degrees and political
    theory (their orders are :data:`DEGREE_ORDER`, :data:`THEORY_ORDER`); other programmes: the
    latest completed level."""
    ends = (
        TrainingEnrolment.objects.in_force()
        .filter(
            kind=SpellKind.ENDED,
            outcome=TrainingOutcome.COMPLETED,
            effective_on__lte=on,
            person_id__in=person_ids,
        )
        .order_by("effective_on", "pk")
        .values_list("person_id", "programme", "level", "is_confirmation", "effective_on")
    )
    orders: dict[str, tuple[str, ...]] = {
        Programme.DEGREE: DEGREE_ORDER,
        Programme.POLITICAL_THEORY: THEORY_ORDER,
    }
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for person_id, programme, level, confirmation, day in ends:
        if confirmation and not training.theory_proof_counts(training.CONFIRMATION, day):
            continue  # a confirmation of political theory counts only when issued before 09/07/2021
        order = orders.get(programme)
        held = found[programme].get(person_id)
        if (
            order is None
            or held is None
            or (level in order and (held not in order or order.index(level) > order.index(held)))
        ):
            found[programme][person_id] = level
    return found


def state_ratings_in_force() -> QuerySet[StateRating]:
    return StateRating.objects.in_force()
