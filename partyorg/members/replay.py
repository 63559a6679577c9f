"""Replaying many people's logs at once: the bulk form of ``services.refresh_person``.

A rebuild replays every log (``services.rebuild_all``); an import replays the logs of the people its
file touched (``exchange.load``). Both read the logs in one ordered pass (:func:`logs`), fold each,
and write the derived rows (membership intervals, temporary placements) a batch at a time
(:class:`DerivedRows`). An import also wants to know what each replay found (:func:`replay`): a log
that contradicts itself, an event in an organization that did not stand that day, a rule the
history breaks — all of it about recorded history, so listed, never refused by a rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from partyorg.core import bulk
from partyorg.members.findings import Finding, PersonFacts, rule_findings
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, Person, TemporaryPlacement
from partyorg.members.timeline import Fact, HistoryConflict, Timeline, fold
from partyorg.organizations.queries import lifespans, stands_on

__all__ = [
    "BATCH",
    "FACT_FIELDS",
    "INTERVAL_COLUMNS",
    "PLACEMENT_COLUMNS",
    "SMALL",
    "DerivedRows",
    "Outside",
    "PersonRow",
    "Replayed",
    "interval_rows",
    "logs",
    "must_stand",
    "placement_rows",
    "replay",
]

BATCH = 5000
SMALL = 20_000  # below this many people, read only their rows; above, scan the whole table once

FACT_FIELDS = (
    "id",
    "kind",
    "effective_on",
    "organization_id",
    "other_organization_id",
    "external_place",
    "detail",
    "corrects_id",
    "exit_ground",
    "admitted_on",
    "ceremony_on",
    "recognized_on",
)


INTERVAL_COLUMNS = (
    "person_id",
    "organization_id",
    "valid_from",
    "valid_until",
    "status",
    "in_transit",
    "is_exempt",
    "is_suspended",
)
PLACEMENT_COLUMNS = ("person_id", "organization_id", "external_place", "valid_from", "valid_until")


def interval_rows(person_id: int, timeline: Timeline) -> list[tuple[object, ...]]:
    """The person's :class:`MembershipInterval` rows, as values in ``INTERVAL_COLUMNS`` order."""
    return [
        (
            person_id,
            i.organization_id,
            i.valid_from,
            i.valid_until,
            i.status,
            i.in_transit,
            i.exempt,
            i.suspended,
        )
        for i in timeline.intervals()
    ]


def placement_rows(person_id: int, timeline: Timeline) -> list[tuple[object, ...]]:
    """The person's :class:`TemporaryPlacement` rows, as values in ``PLACEMENT_COLUMNS`` order."""
    return [
        (person_id, p.organization_id, p.external_place, p.valid_from, p.valid_until)
        for p in timeline.placements()
    ]


def must_stand(
    kind: str, on: date, organization_id: int | None, other_organization_id: int | None
) -> list[tuple[str, int, date]]:
    """(field, organization id, day) of each organization an event names that must stand that day:
    the event's day, except the organization a reassignment moves people from, which ends that very
    day (the change that moves them ends it) and must stand on the day before, its last. The page's
    command (``services.record_event``) and the import judge events alike by this."""
    named: list[tuple[str, int, date]] = []
    if organization_id:
        named.append(("organization", organization_id, on))
    if other_organization_id:
        source = kind == EventKind.ORG_REASSIGNED
        named.append(("other_organization", other_organization_id, on - timedelta(days=1) if source else on))
    return named


def logs(
    person_ids: Collection[int] | None = None, *, batch: int = BATCH
) -> Iterator[tuple[int, list[Fact]]]:
    """(person id, facts in applied order) for ``person_ids`` (or everybody), in person order, in
    one pass over the log."""
    events = MembershipEvent.objects.order_by("person_id", "id")
    if person_ids is not None and len(person_ids) < SMALL:
        events = events.filter(person_id__in=person_ids)
    current: int | None = None
    facts: list[Fact] = []
    for person_id, *values in events.values_list("person_id", *FACT_FIELDS).iterator(chunk_size=batch):
        if person_ids is not None and person_id not in person_ids:
            continue
        if person_id != current:
            if current is not None:
                yield current, facts
            current, facts = person_id, []
        facts.append(Fact(*values))
    if current is not None:
        yield current, facts


@dataclass
class DerivedRows:
    """The derived rows of many people, written ``batch`` intervals at a time. With ``replace``,
    each person's old rows are deleted first; a full rebuild has already deleted them all."""

    replace: bool = True
    batch: int = BATCH
    written: int = 0
    person_ids: list[int] = field(default_factory=list)
    intervals: list[tuple[object, ...]] = field(default_factory=list)
    placements: list[tuple[object, ...]] = field(default_factory=list)

    def add(self, person_id: int, timeline: Timeline) -> None:
        self.person_ids.append(person_id)
        self.intervals.extend(interval_rows(person_id, timeline))
        self.placements.extend(placement_rows(person_id, timeline))
        if len(self.intervals) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.replace:
            MembershipInterval.objects.filter(person_id__in=self.person_ids).delete()
            TemporaryPlacement.objects.filter(person_id__in=self.person_ids).delete()
        bulk.insert_rows(MembershipInterval, INTERVAL_COLUMNS, self.intervals)
        bulk.insert_rows(TemporaryPlacement, PLACEMENT_COLUMNS, self.placements)
        self.written += len(self.intervals)
        self.person_ids.clear()
        self.intervals.clear()
        self.placements.clear()


@dataclass(frozen=True)
class PersonRow:
    """What a replay's findings name and the rules read of a person."""

    pk: int
    code: str
    full_name: str
    birth_date: date
    general_education: str
    exception_area: bool | None

    @property
    def facts(self) -> PersonFacts:
        return PersonFacts(self.birth_date, self.general_education, bool(self.exception_area))


@dataclass(frozen=True)
class Outside:
    """An event naming (in ``field``) an organization that did not stand on ``day``."""

    fact: Fact
    field: str
    organization_id: int
    day: date


@dataclass
class Replayed:
    """One person's replay: the timeline, or the conflict that stopped it; the facts naming an
    organization that did not stand on their day; the rules the history breaks."""

    person: PersonRow
    timeline: Timeline | None = None
    conflict: HistoryConflict | None = None
    outside_tree: list[Outside] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _people(person_ids: Collection[int]) -> dict[int, PersonRow]:
    rows = Person.objects.values_list(
        "pk", "code", "full_name", "birth_date", "general_education", "home_locality__is_ethnic_minority_area"
    )
    if len(person_ids) < SMALL:
        rows = rows.filter(pk__in=person_ids)
    return {row[0]: PersonRow(*row) for row in rows.iterator(chunk_size=BATCH) if row[0] in person_ids}


def replay(person_ids: Collection[int], in_memory: Mapping[int, list[Fact]]) -> Iterator[Replayed]:
    """Replay the log of each of ``person_ids``. ``in_memory`` holds the whole log of people new in
    this load (so it is not read back); the others' logs are read from the database."""
    people = _people(person_ids)
    spans = lifespans()
    read_back = set(person_ids) - set(in_memory)

    def all_logs() -> Iterator[tuple[int, list[Fact]]]:
        for person_id in sorted(in_memory):
            yield person_id, in_memory[person_id]
        if read_back:
            yield from logs(read_back)

    for person_id, facts in all_logs():
        person = people[person_id]
        try:
            timeline = fold(facts)
        except HistoryConflict as conflict:
            yield Replayed(person, conflict=conflict)
            continue
        outside = [
            Outside(fact, name, org_id, day)
            for fact in timeline.facts
            for name, org_id, day in must_stand(
                fact.kind, fact.effective_on, fact.organization_id, fact.other_organization_id
            )
            if not stands_on(spans.get(org_id, []), day)
        ]
        yield Replayed(person, timeline, None, outside, rule_findings(person.facts, timeline.facts))
