"""A person's file as it stood on a day (issue 15): status and organization from the membership
log, and each dated fact about them (:mod:`partyorg.members.facts`) as it held that day, with the
periods it held and every row recorded for it (facts, corrections, withdrawals); and, when asked,
all of it as known at a past moment: only what had been recorded by then.

Read by the member page and the API's person endpoints. It writes nothing. "As known" for one
person is cheaper than :func:`partyorg.members.known.as_known_on` (which makes every late-recorded
person's derived rows again for a whole figure): the person's events, facts and corrections are
read as known through :func:`partyorg.core.known.seen_as_of`, the timeline and the periods are
folded in memory. What is not read as known: the names of organizations and administrative units
(the tree and the units as recorded now, as :func:`partyorg.members.queries.person_on` reads them).
"""

from __future__ import annotations

import copy
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from partyorg.core.known import seen_as_of
from partyorg.members import facts
from partyorg.members.known import fold_known
from partyorg.members.models import (
    PERSON_FIELD,
    FactKind,
    GeneralEducation,
    Person,
    PersonCorrection,
    PersonFact,
)
from partyorg.members.queries import PersonOnDate, person_on
from partyorg.members.services import facts_of
from partyorg.members.timeline import Timeline, fold
from partyorg.organizations.models import Locality, LocalityParent, valid_on

__all__ = ["FactPeriod", "FactRow", "KindOnDay", "Profile", "profile_on"]


@dataclass(frozen=True)
class FactRow:
    """One row recorded about a kind of fact: a fact, a correction of another (``corrects``), or a
    withdrawal (``withdrawn``). ``corrected_by``: the row that corrected or withdrew it, if any."""

    uid: str
    valid_from: date | None
    value: str
    shown: str  # the value as the page shows it (a label, a hamlet's name)
    locality_id: int | None
    basis_number: str
    basis_date: date | None
    basis_issuer: str
    basis: str  # number, date and issuer in one text, as the event log shows them
    note: str
    recorded_at: datetime
    recorded_by: str
    corrects: str | None
    corrected_by: str | None
    withdrawn: bool

    @property
    def in_force(self) -> bool:
        return not self.withdrawn and self.corrected_by is None


@dataclass(frozen=True)
class FactPeriod:
    """[valid_from, valid_until) over which one value held (None: open at that end)."""

    valid_from: date | None
    valid_until: date | None
    value: str
    shown: str
    locality_id: int | None
    holds: bool  # the period holding on the day asked


@dataclass(frozen=True)
class KindOnDay:
    """One kind of fact on the day: the value holding then (``shown`` as the page prints it; "" when
    none was known for that day), whether it comes from dated facts or from the person's record
    (undated, "since before the records"), the period it held, every period and every row."""

    kind: str
    label: str
    value: str
    shown: str
    locality_id: int | None
    dated: bool
    since: date | None
    until: date | None
    periods: tuple[FactPeriod, ...]
    rows: tuple[FactRow, ...]


@dataclass(frozen=True)
class Profile:
    person: Person  # its attributes as known at ``known_at`` (a copy when read as known)
    on: date
    known_at: datetime | None
    state: PersonOnDate
    kinds: tuple[KindOnDay, ...]
    set_aside: tuple[str, ...]  # events known then that contradicted the rest (members.known.fold_known)

    def kind(self, kind: str) -> KindOnDay:
        return next(k for k in self.kinds if k.kind == kind)


def profile_on(person: Person, on: date, *, known_at: datetime | None = None) -> Profile:
    """``person`` on ``on``; with ``known_at``, as known at that moment (see the module's text)."""
    veil: AbstractContextManager[None] = nullcontext() if known_at is None else seen_as_of(known_at)
    with veil:
        if known_at is None:
            timeline: Timeline = fold(facts_of(person.pk))
            set_aside: tuple[str, ...] = ()
            known = person
        else:
            timeline, set_aside = fold_known(facts_of(person.pk))
            known = _attributes_as_known(person, known_at)
        state = person_on(known, on, timeline)
        kinds = _kinds_on(known, on, known_at)
    return Profile(known, on, known_at, state, kinds, set_aside)


def _attributes_as_known(person: Person, moment: datetime) -> Person:
    """A copy of ``person`` whose attributes read as they did at ``moment``: each attribute a
    correction recorded since changed set back to its value before the first of them (as
    :func:`partyorg.members.known._undo_corrections` does in its rolled-back transaction)."""
    later = (
        PersonCorrection._base_manager.filter(person_id=person.pk, recorded_at__gte=moment)
        .order_by("recorded_at", "pk")
        .values_list("changes", flat=True)
    )
    before: dict[str, Any] = {}
    for changes in later:
        for name, (was, _after) in changes.items():
            before.setdefault(name, was)
    known = copy.copy(person)
    for name, was in before.items():
        field = cast("models.Field[Any, Any]", Person._meta.get_field(name))
        if was and field.get_internal_type() == "DateField":
            was = date.fromisoformat(was)
        setattr(known, name, field.to_python(was) if was != "" or not field.null else None)
    return known


def _kinds_on(person: Person, on: date, known_at: datetime | None) -> tuple[KindOnDay, ...]:
    rows = list(
        PersonFact.objects.filter(person_id=person.pk)
        .select_related("corrects")
        .order_by("recorded_at", "pk")
    )
    by_kind: dict[str, list[PersonFact]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    undated = _row_values(person, known_at, set(by_kind))
    periods = {kind: facts.periods_of(person.pk, kind) for kind in by_kind}
    localities = {undated[FactKind.RESIDENCE][1]} | {row.locality_id for row in rows}
    names = _locality_names({pk for pk in localities if pk is not None}, on)
    result = []
    for kind in FactKind:
        if kind in by_kind and periods[kind]:
            result.append(_dated(kind, by_kind[kind], periods[kind], on, names))
        else:
            value, locality_id = undated[kind]
            shown = _shown(kind, value, locality_id, names)
            recorded = tuple(_row(r, kind, by_kind.get(kind, []), names) for r in by_kind.get(kind, []))
            result.append(
                KindOnDay(kind, str(kind.label), value, shown, locality_id, False, None, None, (), recorded)
            )
    return tuple(result)


def _dated(
    kind: FactKind,
    rows: list[PersonFact],
    periods: list[tuple[date | None, date | None, str, int | None]],
    on: date,
    names: dict[int, str],
) -> KindOnDay:
    made = tuple(
        FactPeriod(
            start,
            until,
            value,
            _shown(kind, value, locality_id, names),
            locality_id,
            (start is None or start <= on) and (until is None or on < until),
        )
        for start, until, value, locality_id in periods
    )
    holding = next((p for p in made if p.holds), None)
    return KindOnDay(
        kind,
        str(kind.label),
        holding.value if holding else "",
        holding.shown if holding else "",
        holding.locality_id if holding else None,
        True,
        holding.valid_from if holding else None,
        holding.valid_until if holding else None,
        made,
        tuple(_row(r, kind, rows, names) for r in rows),
    )


def _row(row: PersonFact, kind: FactKind, rows: list[PersonFact], names: dict[int, str]) -> FactRow:
    corrected_by = next((r for r in rows if r.corrects_id == row.pk), None)
    return FactRow(
        uid=str(row.uid),
        valid_from=row.valid_from,
        value=row.value,
        shown=_shown(kind, row.value, row.locality_id, names),
        locality_id=row.locality_id,
        basis_number=row.basis_number,
        basis_date=row.basis_date,
        basis_issuer=row.basis_issuer,
        basis=row.legal_basis,
        note=row.note,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        corrects=str(row.corrects.uid) if row.corrects is not None else None,
        corrected_by=str(corrected_by.uid) if corrected_by is not None else None,
        withdrawn=row.withdrawn,
    )


def _row_values(
    person: Person, known_at: datetime | None, dated: set[str]
) -> dict[str, tuple[str, int | None]]:
    """(value, locality id) of each kind from the person's record: the fact "from an unknown start".
    As known at a moment before the first dated fact of a kind, the record then held the value
    that fact kept with no start (:func:`partyorg.members.facts.record_fact`), not today's copy."""
    values: dict[str, tuple[str, int | None]] = {}
    for kind in FactKind:
        name = PERSON_FIELD.get(kind)
        if name is None:
            values[kind] = ("", None)
        elif kind == FactKind.RESIDENCE:
            values[kind] = ("", person.home_locality_id)
        elif kind == FactKind.YOUTH_UNION:
            values[kind] = (facts.YES if person.is_youth_union_member else facts.NO, None)
        else:
            values[kind] = (str(getattr(person, name) or ""), None)
    if known_at is not None:
        kept = (  # recorded after the moment with the first dated fact: read past the manager's veil
            PersonFact._base_manager.filter(
                Q(recorded_at__gte=known_at),
                person_id=person.pk,
                valid_from__isnull=True,
                corrects__isnull=True,
            )
            .exclude(kind__in=dated)
            .order_by("recorded_at", "pk")
            .values_list("kind", "value", "locality_id")
        )
        seen: set[str] = set()
        for kept_kind, value, locality_id in kept:
            if kept_kind not in seen:
                seen.add(kept_kind)
                values[kept_kind] = (value, locality_id)
    return values


def _shown(kind: str, value: str, locality_id: int | None, names: dict[int, str]) -> str:
    """A value as a person reads it: the hamlet's name, the education's label, có/không."""
    if kind == FactKind.RESIDENCE:
        return names.get(locality_id, "") if locality_id is not None else ""
    if kind == FactKind.GENERAL_EDUCATION and value in GeneralEducation.values:
        return str(GeneralEducation(value).label)
    if kind == FactKind.YOUTH_UNION:
        return {facts.YES: _("có"), facts.NO: _("không")}.get(value, value)
    return value


def _locality_names(ids: set[int], on: date) -> dict[int, str]:
    """Each hamlet's name, with the unit it belonged to on ``on`` ("Bản Co Sản, Xã Nà Tấu")."""
    if not ids:
        return {}
    names = dict(Locality.objects.filter(pk__in=ids).values_list("pk", "name"))
    parents = dict(
        LocalityParent.objects.filter(valid_on(on, open_start=True), locality_id__in=ids).values_list(
            "locality_id", "parent__name"
        )
    )
    return {pk: f"{name}, {parents[pk]}" if pk in parents else name for pk, name in names.items()}
