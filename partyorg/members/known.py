"""Every figure as known on a past moment (issue 15): "only what had been recorded by then counts".

:func:`as_known_on` opens a transaction that is always rolled back. In it, the derived rows of what
was recorded after the moment are made again from the records made before it:

- the organization versions of every organization a later change touched (the tree as known then),
  and with them the stock's facts of those organizations (``versions_rebuilt``);
- for every person with an event, a dated fact or a correction recorded later: the membership
  intervals and temporary placements folded from the events recorded by then, the periods of the
  dated facts in force then, the person's attributes as they read then, and the stock's facts;
- and :func:`partyorg.core.known.seen_as_of` makes ``in_force()`` of every correctable record
  (ratings, meetings, dues, congresses, candidates, discipline, entered figures) keep the rows
  recorded by then.

Every statistic, form and page then reads the database as it stood at that moment, on the same
code and the same fast path; nothing is written for good. The cost is that of the records made
since: a few late-recorded people take milliseconds; a moment before an import of the whole
province makes the province's derived rows again (seconds).

What is not made again, and why: the people's undated attributes a correction did not touch (they
were not recorded with a moment of their own before issue 15: the person's row keeps them as
today), and a dated fact's person copy when no fact of its kind was known then (the row is set back
to the value kept with no start when the first dated fact was recorded, which is what the row held
before; otherwise it keeps today's value).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db import models, transaction

from partyorg.core.known import seen_as_of
from partyorg.members import facts, replay, stock
from partyorg.members.models import (
    PERSON_FIELD,
    FactKind,
    MembershipEvent,
    Person,
    PersonCorrection,
    PersonFact,
)
from partyorg.members.timeline import Fact, HistoryConflict, Timeline, fold
from partyorg.organizations.localities import rebuild_localities, units_recorded_since
from partyorg.organizations.models import OrgChange, OrgChangeItem
from partyorg.organizations.services import rebuild_versions

__all__ = ["KnownOn", "as_known_on"]


@dataclass(frozen=True)
class KnownOn:
    """What differs at ``moment`` from now: the people and organizations whose records made after
    it were set aside; ``contradictions``: the people whose events as known then did not fold (an
    event recorded before the one it follows: a ceremony recorded before its decision), each with
    the events set aside to fold the rest, as the fold said it."""

    moment: datetime
    people: frozenset[int]
    organizations: frozenset[int]
    contradictions: tuple[tuple[int, tuple[str, ...]], ...] = ()


@contextmanager
def as_known_on(moment: datetime) -> Iterator[KnownOn]:
    """Within the block, the database reads as it stood at ``moment`` (see the module's text). The
    block writes nothing that lasts: leave it to read today's records again."""
    with transaction.atomic():
        late_changes = _late_changes(moment)
        late_events = set(
            MembershipEvent.objects.filter(recorded_at__gte=moment).values_list("person_id", flat=True)
        )
        late_facts = set(PersonFact.objects.filter(recorded_at__gte=moment).values_list("person_id", "kind"))
        corrections = list(
            PersonCorrection.objects.filter(recorded_at__gte=moment).order_by("recorded_at", "pk")
        )
        people = frozenset(late_events | {p for p, _ in late_facts} | {c.person_id for c in corrections})
        late_units = units_recorded_since(moment)
        try:
            with seen_as_of(moment):
                organizations = _tree_as_known(late_changes)
                if late_units:  # the administrative units' derived rows, from their log as known
                    rebuild_localities(late_units)
                contradictions = (
                    _people_as_known(people, late_events, late_facts, corrections) if people else []
                )
                yield KnownOn(moment, people, organizations, tuple(contradictions))
        finally:
            transaction.set_rollback(True)


def _late_changes(moment: datetime) -> set[int]:
    """The organization changes recorded at or after ``moment``, and the changes they corrected."""
    late = OrgChange.objects.filter(recorded_at__gte=moment)
    return set(late.values_list("pk", flat=True)) | {
        pk for pk in late.values_list("corrects_id", flat=True) if pk is not None
    }


def _tree_as_known(changes: set[int]) -> frozenset[int]:
    """The versions of the organizations the late changes touched, folded from the changes known
    (``rebuild_versions`` reads the log through its manager, which hides the later ones)."""
    if not changes:
        return frozenset()
    org_ids = frozenset(
        OrgChangeItem.objects.filter(change_id__in=changes).values_list("organization_id", flat=True)
    )
    rebuild_versions(org_ids)
    return org_ids


def _people_as_known(
    people: frozenset[int],
    late_events: set[int],
    late_facts: set[tuple[int, str]],
    corrections: list[PersonCorrection],
) -> list[tuple[int, tuple[str, ...]]]:
    rows = replay.DerivedRows()
    folded = set()
    contradictions = []
    for person_id, log in replay.logs(late_events):  # the events known, through the manager
        timeline, set_aside = fold_known(log)
        rows.add(person_id, timeline)
        folded.add(person_id)
        if set_aside:
            contradictions.append((person_id, set_aside))
    rows.person_ids.extend(late_events - folded)  # nothing known yet: no intervals
    rows.flush()
    by_pk = Person.objects.in_bulk(people)
    for person_id, kind in late_facts:
        person = by_pk[person_id]
        facts.rebuild_periods(person, kind)
        if not facts.periods_of(person_id, kind):
            _row_before_facts(person, kind)
    _undo_corrections(by_pk, corrections)
    stock.refresh(person_ids=people)
    return contradictions


def fold_known(log: list[Fact]) -> tuple[Timeline, tuple[str, ...]]:
    """A person's events as known at a moment, folded. Each was accepted when it was recorded, but
    the events known at a moment need not follow one another: an import or a late entry may record
    an event before the one it follows (a ceremony before its decision, a transfer in before the
    sending side's transfer out). Such an event is set aside, one at a time, until the rest folds;
    the fold's messages say which were. [P] RULES.md is silent; setting aside keeps every other
    record of the moment and names what was left out, where refusing would leave no figure."""
    set_aside: list[str] = []
    while True:
        try:
            return fold(log), tuple(set_aside)
        except HistoryConflict as conflict:
            kept = [fact for fact in log if fact.id != conflict.fact.id]
            if len(kept) == len(log):  # not an event of the log: nothing to set aside
                raise
            set_aside.append(str(conflict))
            log = kept


def _row_before_facts(person: Person, kind: str) -> None:
    """The person's copy of ``kind`` set back to what it held before its first dated fact: the value
    that fact kept as a fact with no start (:mod:`partyorg.members.facts`)."""
    name = PERSON_FIELD.get(kind)
    kept = (  # recorded after the moment with the first dated fact: read past the manager's veil
        PersonFact._base_manager.filter(
            person_id=person.pk, kind=kind, valid_from__isnull=True, corrects__isnull=True
        )
        .order_by("recorded_at", "pk")
        .values_list("value", "locality_id")
        .first()
    )
    if name is None or kept is None:
        return
    value: object
    if kind == FactKind.RESIDENCE:
        name, value = "home_locality_id", kept[1]
    elif kind == FactKind.YOUTH_UNION:
        value = kept[0] == facts.YES
    else:
        value = kept[0]
    setattr(person, name, value)
    person.save(update_fields=[name])


def _undo_corrections(by_pk: dict[int, Person], corrections: list[PersonCorrection]) -> None:
    """Each attribute a correction recorded after the moment changed, set back to its value before
    the first of them."""
    first: dict[tuple[int, str], str] = {}
    for correction in corrections:
        for name, (before, _after) in correction.changes.items():
            first.setdefault((correction.person_id, name), before)
    for (person_id, name), before in first.items():
        person = by_pk[person_id]
        field = cast("models.Field[Any, Any]", Person._meta.get_field(name))
        value = date.fromisoformat(before) if before and field.get_internal_type() == "DateField" else before
        setattr(person, name, field.to_python(value) if value != "" or not field.null else None)
        person.save(update_fields=[name])
