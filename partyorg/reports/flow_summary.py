"""Form 1's moves on the fast path (issue 18): the labelled moves of every member across the border of
the subtree of each organization of the top columns (:class:`~partyorg.reports.models.FlowMove`),
and their counts by month and label (:class:`~partyorg.reports.models.FlowCount`), that
``reports.statistics.flows.members_flow`` adds up for the whole months of a period instead of
finding and labelling every move of the nation's half-year again.

* A **move** is read off the stock's facts (``members.StockFact``) as ``members_flow`` reads it: a
  fact with X in its line that begins on D is an entry into X's subtree unless the same person's
  fact ending on D had X in its line too (a transfer within the subtree, a recognition, a cell moved
  within it); an exit likewise. Here X is each organization of the fact's top ``COLUMNS`` columns
  (the nation and the provinces; in a provincial deployment the province and its districts, or
  communes from 01/07/2025). Each move is labelled by the person's events of the day
  (:func:`classify`, the one labelling form 1 has, used by the plain scan too).
* A **count** is the number of moves of one label (``+admitted`` … ``-reorganized``, and the "of
  which" lines ``+from_outside``, ``-to_outside``, ``-removed_probationary``) across the border of
  one organization in one month (by the day of the move: an exit is dated the day the member no
  longer belongs).

The counts are read only for an organization that stood in the top columns on every day of the
period (a commune committee moved up a level on 01/07/2025 was not, before); the partial months at
either end of a period are read off the facts. Kept current in the same transaction as the change:
``members.signals.stock_refreshed`` is sent when the stock's facts of some people were made again (an
event recorded or corrected, a reorganization that moved their line, a load) — their moves are made
again and the counts moved by the difference; after a rebuild of the stock (None: ``partyorg
rebuild``, a large load) both tables are made again. A move's label reads only its person's records
(events, intervals), so the changed people are all whose moves can change. Nothing is held on a
database migrated to these tables until the first such change or rebuild: until then form 1 reads
its moves off the facts, as it does when the records are read as known on a past moment.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, Sum

from partyorg.core import bulk
from partyorg.core.known import known_moment
from partyorg.members import stock
from partyorg.members.models import (
    PATH_DEPTH,
    EventKind,
    MembershipEvent,
    MembershipInterval,
    MemberStatus,
    StockFact,
)
from partyorg.reports.models import FlowCount, FlowMove, FlowsHeld

__all__ = [
    "COLUMNS",
    "ENTRY_REASONS",
    "EXIT_REASONS",
    "classify",
    "counts",
    "held",
    "in_top_columns",
    "move_rows",
    "moves",
    "on_stock_refreshed",
    "rebuild",
    "refresh",
]

# Why a person entered (B of form 1) or left (C of form 1).
ENTRY_REASONS = ("admitted", "readmitted", "transferred_in", "restored", "reorganized", "opened")
EXIT_REASONS = ("died", "expelled", "removed", "withdrew", "transferred_out", "reorganized")
# The "of which" line of a reason, when a move is one of it.
DETAIL = {
    (True, "transferred_in"): "+from_outside",  # from outside partyorg's records
    (False, "removed"): "-removed_probationary",  # from the probationary list
    (False, "transferred_out"): "-to_outside",  # to outside partyorg's records
}

COLUMNS = 2  # the organizations of columns a0 … a{COLUMNS-1} have counts

Move = tuple[int, date]  # person, day
Labelled = tuple[int, date, str, bool]  # person, day, reason, of the "of which" line


def label(entry: bool, reason: str) -> str:
    return ("+" if entry else "-") + reason


def labels_of(entry: bool, reason: str, detail: bool) -> tuple[str, ...]:
    """The counts a move adds to: its reason's, and its "of which" line's."""
    return (label(entry, reason), DETAIL[entry, reason]) if detail else (label(entry, reason),)


# -- labelling -----------------------------------------------------------------------------------

PEOPLE_PER_QUERY = 20_000


class _Event(NamedTuple):
    kind: str
    other_organization_id: int | None


def effective_events(
    person_ids: Collection[int], within: tuple[date, date] | None
) -> tuple[dict[tuple[int, date], dict[str, _Event]], dict[int, list[date]]]:
    """The events of these people by (person, day) and kind (on the days of ``[start, end)`` when
    given), and the days of each one's re-admission decisions; corrected and voided events left
    out. One query a batch of people (SQLite takes at most 32.766 values in a statement; a nation's
    half-year moves 400.000)."""
    rows: list[tuple[int, int, str, date, int | None, int | None]] = []
    ordered = sorted(person_ids)
    for i in range(0, len(ordered), PEOPLE_PER_QUERY):
        rows += MembershipEvent.objects.filter(person_id__in=ordered[i : i + PEOPLE_PER_QUERY]).values_list(
            "pk", "person_id", "kind", "effective_on", "other_organization_id", "corrects_id"
        )
    rows.sort()  # in the order recorded
    corrected = {corrects for *_, corrects in rows if corrects is not None}
    found: dict[tuple[int, date], dict[str, _Event]] = defaultdict(dict)
    readmitted: dict[int, list[date]] = defaultdict(list)
    for pk, person_id, kind, day, other_id, _ in rows:
        if pk in corrected or kind == EventKind.VOIDED:
            continue
        if kind == EventKind.READMISSION_DECIDED:
            readmitted[person_id].append(day)
        if within is None or within[0] <= day < within[1]:
            found[person_id, day][kind] = _Event(kind, other_id)  # the last recorded of a kind
    return found, readmitted


def classify(
    entries: Iterable[Move], exits: Iterable[tuple[int, date, str]], within: tuple[date, date] | None
) -> tuple[list[Labelled], list[Labelled]]:
    """Each entry and exit labelled by the events of its person and day (``within``: the days of
    the moves, to read fewer events; None: any day): form 1's reasons, and whether the move is
    one of the "of which" lines (a transfer from or to outside the records, a removal of a member
    on probation, ``exits`` carrying the status held just before leaving)."""
    entries, exits = list(entries), list(exits)
    people = {p for p, _ in entries} | {p for p, _, _ in exits}
    events, readmitted = effective_events(people, within)
    labelled_in: list[Labelled] = []
    arrivals: list[Move] = []
    for person_id, day in entries:
        kinds = events.get((person_id, day), {})
        if EventKind.ADMISSION_CEREMONY in kinds:
            again = any(d <= day for d in readmitted.get(person_id, ()))
            reason = "readmitted" if again else "admitted"
        elif EventKind.RESTORED in kinds:
            reason = "restored"
        elif EventKind.OPENED in kinds:
            reason = "opened"
        elif EventKind.TRANSFER_IN in kinds or EventKind.TRANSFER_OUT in kinds:
            reason = "transferred_in"
            if EventKind.TRANSFER_IN in kinds and EventKind.TRANSFER_OUT not in kinds:
                arrivals.append((person_id, day))
        else:
            reason = "reorganized"  # an organization change moved them, or the tree itself moved
        labelled_in.append((person_id, day, reason, False))
    from_outside = set(_from_outside(arrivals))
    labelled_in = [
        (p, d, reason, reason == "transferred_in" and (p, d) in from_outside)
        for p, d, reason, _ in labelled_in
    ]
    labelled_out: list[Labelled] = []
    for person_id, day, status in exits:
        kinds = events.get((person_id, day), {})
        detail = False
        if EventKind.DIED in kinds:
            reason = "died"
        elif EventKind.EXPELLED in kinds:
            reason = "expelled"
        elif EventKind.REMOVED in kinds:
            reason = "removed"
            detail = status == MemberStatus.PROBATIONARY
        elif EventKind.WITHDRAWN in kinds:
            reason = "withdrew"
        elif EventKind.TRANSFER_OUT in kinds:
            reason = "transferred_out"
            detail = not kinds[EventKind.TRANSFER_OUT].other_organization_id
        else:
            reason = "reorganized"
        labelled_out.append((person_id, day, reason, detail))
    return labelled_in, labelled_out


def _from_outside(arrivals: list[Move]) -> list[Move]:
    """The transfers in from outside partyorg's records: the day before, nobody held the person.
    One query a batch of people."""
    if not arrivals:
        return []
    spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    people = sorted({person_id for person_id, _ in arrivals})
    latest = max(day for _, day in arrivals)
    for i in range(0, len(people), PEOPLE_PER_QUERY):
        held_rows = MembershipInterval.objects.filter(
            person_id__in=people[i : i + PEOPLE_PER_QUERY], valid_from__lt=latest
        ).values_list("person_id", "valid_from", "valid_until")
        for person_id, valid_from, valid_until in held_rows:
            spans[person_id].append((valid_from, valid_until))
    return [
        (person_id, day)
        for person_id, day in arrivals
        if not any(
            a <= day - timedelta(days=1) and (b is None or b > day - timedelta(days=1))
            for a, b in spans[person_id]
        )
    ]


# -- the moves of people -------------------------------------------------------------------------

FACT_FIELDS = (
    "person_id",
    "valid_from",
    "valid_until",
    *(f"a{k}" for k in range(PATH_DEPTH)),
    "probationary",
)
MOVE_COLUMNS = ("person_id", "day", "entry", "reason", "detail", "o0", "o1")
MoveRow = tuple[Any, ...]  # values in MOVE_COLUMNS order
Orgs = tuple[int | None, ...]  # the organization of each top column the move crosses the border of


def _crossings(
    facts: Iterable[tuple[Any, ...]],
) -> tuple[dict[Move, Orgs], dict[tuple[int, date, str], Orgs]]:
    """The entries and exits of the top columns' organizations in these facts (all of each of
    their people): a fact's organization of a top column that was not in the line of the same
    person's fact ending the day it begins is entered that day; left likewise."""
    by_person: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for fact in facts:
        by_person[fact[0]].append(fact)
    entries: dict[Move, Orgs] = {}
    exits: dict[tuple[int, date, str], Orgs] = {}
    for person_id, own in by_person.items():
        ending: dict[date, set[int]] = defaultdict(set)
        starting: dict[date, set[int]] = defaultdict(set)
        for fact in own:
            line = {org for org in fact[3 : 3 + PATH_DEPTH] if org is not None}
            starting[fact[1]] |= line
            if fact[2] is not None:
                ending[fact[2]] |= line
        for fact in own:
            top = fact[3 : 3 + COLUMNS]
            before = ending.get(fact[1], set())
            entered = tuple(org if org is not None and org not in before else None for org in top)
            if any(org is not None for org in entered):
                entries[person_id, fact[1]] = entered
            if fact[2] is None:
                continue
            after = starting.get(fact[2], set())
            left = tuple(org if org is not None and org not in after else None for org in top)
            if any(org is not None for org in left):
                status = MemberStatus.PROBATIONARY if fact[-1] else MemberStatus.OFFICIAL
                exits[person_id, fact[2], str(status)] = left
    return entries, exits


def move_rows(facts: Iterable[tuple[Any, ...]]) -> list[MoveRow]:
    """The labelled moves of the people of these facts (``FACT_FIELDS``, all of each person's)."""
    entries, exits = _crossings(facts)
    labelled_in, labelled_out = classify(entries, exits, None)
    out: list[MoveRow] = [
        (p, day, True, reason, detail, *entries[p, day]) for p, day, reason, detail in labelled_in
    ]
    orgs_out = {(p, day): orgs for (p, day, _), orgs in exits.items()}
    out += [(p, day, False, reason, detail, *orgs_out[p, day]) for p, day, reason, detail in labelled_out]
    return out


def _people_rows(person_ids: Collection[int]) -> list[MoveRow]:
    facts = StockFact.objects.filter(person_id__in=list(person_ids)).values_list(*FACT_FIELDS)
    return move_rows(facts)


Key = tuple[int, date, str]  # organization, month, label


def _month(day: date) -> date:
    return day.replace(day=1)


def _add(rows: Iterable[MoveRow], sign: int, into: Counter[Key]) -> None:
    for _person, day, entry, reason, detail, *orgs in rows:
        month = _month(day)
        names = labels_of(entry, reason, detail)
        for org in orgs:
            if org is not None:
                for name in names:
                    into[org, month, name] += sign


# -- keeping the tables current --------------------------------------------------------------------

# Past this many people (a reorganization of a district, a load), both tables are made again.
REBUILD_ABOVE = 5_000
LOCK_KEY = 0x466C_6F77_7346_6F72  # "FlowsFor": one writer of these tables at a time on PostgreSQL
CHUNK = 2000
UPSERT_ROWS = 500


def held() -> bool:
    """Whether the tables were built (else form 1 reads its moves off the facts)."""
    return FlowsHeld.objects.exists()


def on_stock_refreshed(sender: object, person_ids: frozenset[int] | None, **kwargs: object) -> None:
    """``members.signals.stock_refreshed``: these people's facts (None: everyone's) again."""
    if person_ids is None:
        if known_moment() is None:
            rebuild()
        return
    refresh(person_ids)


def refresh(person_ids: Collection[int]) -> None:
    """These people's moves again, and the counts moved by the difference. The first call on a
    database without the tables builds them whole."""
    if known_moment() is not None:
        return  # a look back in time, rolled back: the stored rows are not read then
    if not held() or len(person_ids) >= REBUILD_ABOVE:
        rebuild()
        return
    bulk.one_writer(LOCK_KEY)
    for chunk in bulk.chunks(person_ids, CHUNK):
        stored = FlowMove.objects.filter(person_id__in=chunk).values_list(*MOVE_COLUMNS)
        old = Counter(tuple(row) for row in stored)
        new = Counter(_people_rows(chunk))
        if old == new:
            continue
        FlowMove.objects.filter(person_id__in=chunk).delete()
        bulk.insert_rows(FlowMove, MOVE_COLUMNS, list(new.elements()))
        change: Counter[Key] = Counter()
        _add((old - new).elements(), -1, change)
        _add((new - old).elements(), 1, change)
        _add_to_counts(change)


def _add_to_counts(change: Counter[Key]) -> None:
    """Add ``change`` to the counts, making the rows missing (``INSERT … ON CONFLICT … DO UPDATE``)."""
    rows = [(org, month, name, n) for (org, month, name), n in sorted(change.items()) if n]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(FlowCount._meta.db_table)
    columns = ("organization_id", "month", "label", "n")
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    key = ", ".join(quote(c) for c in columns[:3])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start : start + UPSERT_ROWS]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES "
                f"{', '.join([one] * len(chunk))} ON CONFLICT ({key}) DO UPDATE SET "
                f"{quote('n')} = {table}.{quote('n')} + excluded.{quote('n')}",
                [value for row in chunk for value in row],
            )


def rebuild() -> int:
    """Both tables from the stock's facts and the people's events; returns the moves written.
    The facts are read once, in person order, a batch of people at a time."""
    bulk.one_writer(LOCK_KEY)
    FlowMove.objects.all().delete()
    FlowCount.objects.all().delete()
    FlowsHeld.objects.all().delete()
    totals: Counter[Key] = Counter()
    written = 0
    facts = StockFact.objects.order_by("person_id", "valid_from").values_list(*FACT_FIELDS)
    with bulk.without_indexes(FlowMove):
        batch: list[tuple[Any, ...]] = []
        people = 0
        for fact in facts.iterator(chunk_size=20_000):
            if batch and fact[0] != batch[-1][0]:
                people += 1
                if people >= CHUNK:
                    written += _write_moves(batch, totals)
                    batch, people = [], 0
            batch.append(fact)
        written += _write_moves(batch, totals)
    rows = [(org, month, name, n) for (org, month, name), n in totals.items() if n]
    bulk.insert_rows(FlowCount, ("organization_id", "month", "label", "n"), rows)
    FlowsHeld.objects.create()
    bulk.analyze(FlowMove, FlowCount)
    return written


def _write_moves(facts: list[tuple[Any, ...]], totals: Counter[Key]) -> int:
    if not facts:
        return 0
    rows = move_rows(facts)
    bulk.insert_rows(FlowMove, MOVE_COLUMNS, rows)
    _add(rows, 1, totals)
    return len(rows)


# -- reading ---------------------------------------------------------------------------------------


def in_top_columns(org_id: int, first_day: date, last_day: date) -> bool:
    """Whether ``org_id`` stood in the top columns on every day it stood in ``[first_day,
    last_day]`` (and on some day): then every move across its border then is counted here."""
    segments = stock.org_lines([org_id]).get(org_id, [])
    overlapping = [
        s
        for s in segments
        if s.valid_from <= last_day and (s.valid_until is None or s.valid_until > first_day)
    ]
    return bool(overlapping) and all(len(s.line) - 1 < COLUMNS for s in overlapping)


def counts(org_id: int, first_month: date, end_month: date) -> Counter[str]:
    """The moves across ``org_id``'s border by label, in the months from ``first_month`` to before
    ``end_month`` (first days of months)."""
    rows = (
        FlowCount.objects.filter(organization_id=org_id, month__gte=first_month, month__lt=end_month)
        .values_list("label")
        .annotate(total=Sum("n"))
        .values_list("label", "total")
    )
    return Counter({name: int(total) for name, total in rows if total})


def _of_label(name: str) -> Q:
    """The stored moves counted under the label ``name``."""
    entry = name[0] == "+"
    for (detail_entry, reason), detail in DETAIL.items():
        if detail == name:
            return Q(entry=detail_entry, reason=reason, detail=True)
    return Q(entry=entry, reason=name[1:])


def moves(org_id: int, first_month: date, end_month: date, name: str) -> tuple[Move, ...]:
    """The moves of one label across ``org_id``'s border in those months (the people behind
    :func:`counts`), one indexed read of the stored moves."""
    rows = FlowMove.objects.filter(
        Q(o0=org_id) | Q(o1=org_id), _of_label(name), day__gte=first_month, day__lt=end_month
    )
    return tuple(rows.values_list("person_id", "day"))
