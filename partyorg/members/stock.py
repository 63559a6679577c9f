"""The fast path of the stock figures: members of any organization's subtree on any day, counted
from a snapshot (yearly; monthly for the top two levels) plus the facts that began and ended since,
without walking the tree.

Two derived tables (``members/models.py``), rebuilt from the log-derived rows at any time:

* :class:`~partyorg.members.models.StockFact` — every membership interval cut where its
  organization's line of ancestors changes, carrying that line (``a0`` root … ``a{depth}`` the
  organization) and the member's flags. "X's subtree on D" is the facts with ``a{depth of X on D}
  = X``: the tree as it stood on D is in the rows, so a reorganization recorded later does not
  change a past figure.
* :class:`~partyorg.members.models.StockSnapshot` — per organization, the counts on every 31/12 of
  ``SNAPSHOT_YEARS``, and on every month end for the organizations in the top ``MONTHLY_COLUMNS``
  columns (the nation and the provinces; in a provincial deployment the province and the units
  under it), whose partial year would hold too many facts. A row is written only where the count
  is not zero.

Members of X on D = snapshot(X, S) + facts of X starting in (S, D] − facts of X ending in (S, D],
S the last snapshot row of X on or before D: a fact valid on S and still on D is in the snapshot;
one that began after S and still holds on D is added; one that ended in between is taken away (and
added, if it also began in between). This holds for any day S whose row is exact, so a snapshot day
without a row (nobody there) only makes the period longer. A person holds one interval a day, so a
count of facts is a count of people. X's depth may change between S and D (01/07/2025: commune
committees moved up a level): the facts are looked up in every column X stood in over the period.

Kept current in the same transaction as the change that moves a figure: a recorded event refreshes
its person's facts (``members.services.write_derived``), a change of the tree refreshes the facts
of every interval whose line it changed (``organizations.signals.versions_rebuilt``), a load
refreshes what it touched; each refresh applies the difference of the old and new facts to the
snapshots. ``rebuild()`` makes both tables again from scratch (``partyorg rebuild``).
"""

from __future__ import annotations

import bisect
import calendar
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from partyorg.core import bulk
from partyorg.members.models import (
    PATH_DEPTH,
    STOCK_FLAGS,
    FactKind,
    MembershipEvent,
    MembershipInterval,
    MemberStatus,
    Person,
    Sex,
    StockFact,
    StockSnapshot,
)
from partyorg.members.periods import YES, Period, periods_for, value_in
from partyorg.members.signals import derived_refreshed, stock_refreshed
from partyorg.organizations.models import OrgVersion
from partyorg.organizations.queries import line_on

MAJORITY_ETHNICITY = "Kinh"


# Snapshots on 31/12 of these years. A day after the last takes the last snapshot and the facts
# since; a day before the first counts facts from the beginning (few, so long ago). Move the end
# forward as years pass.
SNAPSHOT_YEARS = range(2000, 2031)
SNAPSHOT_DAYS = tuple(date(year, 12, 31) for year in SNAPSHOT_YEARS)
# Month ends from the first 31/12 to the last, for the organizations in columns a0 … a{n-1}.
MONTHLY_COLUMNS = 2
MONTH_DAYS = tuple(
    date(year, month, calendar.monthrange(year, month)[1])
    for year in SNAPSHOT_YEARS
    for month in range(1, 13)
    if date(year, month, 1) > SNAPSHOT_DAYS[0] or month == 12
)
FIELDS = ("total", *STOCK_FLAGS)
FACT_COLUMNS = (
    "person_id",
    "valid_from",
    "valid_until",
    "depth",
    *(f"a{k}" for k in range(PATH_DEPTH)),
    *STOCK_FLAGS,
)

# What the flags are read from, on an interval's person (in the order ``_flags`` takes them).
PERSON_ATTRIBUTES = ("person__sex", "person__ethnicity", "person__religion", "person__is_youth_union_member")
Line = tuple[int, ...]  # root … organization
FactRow = tuple[Any, ...]  # a StockFact row, its values in FACT_COLUMNS order


# -- the lines of ancestors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    valid_from: date
    valid_until: date | None
    line: Line


def org_lines(org_ids: Collection[int] | None = None) -> dict[int, list[Segment]]:
    """Every organization's line of ancestors over time (only these organizations' when given),
    as segments with a constant line (adjacent versions with the same line, e.g. a rename, make
    one segment).

    Walked up one window of time at a time: an organization's line over a window is its parent's
    line over the part of the window that version covers. Parent links can point both ways at
    different times (A under B, later B under A), never at the same time (the services refuse a
    cycle), so the windows shrink to where the links hold together and the walk ends."""
    versions = _versions(org_ids)
    memo: dict[tuple[int, date, date | None], list[Segment]] = {}

    def lines_of(org_id: int, a: date, b: date | None, depth: int = 0) -> list[Segment]:
        """``org_id``'s line over ``[a, b)``."""
        key = (org_id, a, b)
        if key in memo:
            return memo[key]
        found: list[Segment] = []
        if depth <= 64:  # a guard only: a cycle at one time cannot be recorded
            for start, end, parent_id in versions.get(org_id, []):
                lo, hi = max(a, start), _earliest(b, end)
                if hi is not None and lo >= hi:
                    continue
                if parent_id is None:
                    found.append(Segment(lo, hi, (org_id,)))
                    continue
                for above in lines_of(parent_id, lo, hi, depth + 1):
                    found.append(Segment(above.valid_from, above.valid_until, (*above.line, org_id)))
        memo[key] = _merged(found)
        return memo[key]

    wanted = versions if org_ids is None else [org_id for org_id in org_ids if org_id in versions]
    return {org_id: lines_of(org_id, date.min, None) for org_id in wanted}


def _versions(org_ids: Collection[int] | None) -> dict[int, list[tuple[date, date | None, int | None]]]:
    """(from, until, parent) of every version of these organizations and of all their ancestors
    at any time (of every organization when None): one query a level up, so that refreshing one
    person does not read the versions of the whole nation."""
    versions: dict[int, list[tuple[date, date | None, int | None]]] = defaultdict(list)
    rows = OrgVersion.objects.values_list("organization_id", "valid_from", "valid_until", "parent_id")
    if org_ids is None:
        for org_id, start, end, parent_id in rows.iterator(chunk_size=10_000):
            versions[org_id].append((start, end, parent_id))
    else:
        wanted, asked = set(org_ids), set()
        while wanted:
            for org_id, start, end, parent_id in rows.filter(organization_id__in=wanted):
                versions[org_id].append((start, end, parent_id))
            asked |= wanted
            wanted = {p for rows_of in versions.values() for *_, p in rows_of if p is not None} - asked
    for rows_of in versions.values():
        rows_of.sort(key=lambda v: v[0])
    return versions


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _merged(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if out and out[-1].valid_until == s.valid_from and out[-1].line == s.line:
            out[-1] = Segment(out[-1].valid_from, s.valid_until, s.line)
        else:
            out.append(s)
    return out


# -- facts ---------------------------------------------------------------------------------------


def _flags(person: tuple[str, str, str, bool], status: str, exempt: bool) -> tuple[bool, ...]:
    sex, ethnicity, religion, youth = person
    return (
        status == MemberStatus.PROBATIONARY,
        sex == Sex.FEMALE,
        bool(ethnicity) and ethnicity != MAJORITY_ETHNICITY,
        bool(religion),
        bool(youth),
        bool(exempt),
    )


def fact_rows_of(person_ids: Collection[int] | None, lines: dict[int, list[Segment]]) -> Iterator[FactRow]:
    """The facts of these people (all people when None), from their intervals and the lines. The
    member's attributes come with each interval (a join), so memory does not grow with the people."""
    intervals = MembershipInterval.objects.all()
    if person_ids is not None:
        intervals = intervals.filter(person_id__in=person_ids)
    rows = intervals.values_list(
        "person_id",
        "organization_id",
        "valid_from",
        "valid_until",
        "status",
        "is_exempt",
        *PERSON_ATTRIBUTES,
    )
    dated = periods_for(person_ids, DATED_ATTRIBUTES)
    for person_id, org_id, start, end, status, exempt, *person in rows.iterator(chunk_size=5000):
        pieces = _pieces(start, end, tuple(person), dated[person_id]) if person_id in dated else None
        for piece_start, piece_end, attributes in pieces or [(start, end, tuple(person))]:
            flags = _flags(attributes, status, exempt)
            for segment in lines.get(org_id, []):
                a = max(piece_start, segment.valid_from)
                b = _earliest(piece_end, segment.valid_until)
                if b is not None and a >= b:
                    continue
                line = segment.line[:PATH_DEPTH]
                path = line + (None,) * (PATH_DEPTH - len(line))
                yield (person_id, a, b, len(segment.line) - 1, *path, *flags)


# The attributes the facts count that dated facts about people may change (members.facts): the
# person's religion and Youth Union membership, by their place in PERSON_ATTRIBUTES.
DATED_ATTRIBUTES: dict[str, int] = {FactKind.RELIGION: 2, FactKind.YOUTH_UNION: 3}


def _pieces(
    start: date, end: date | None, person: tuple[Any, ...], dated: dict[str, list[Period]]
) -> list[tuple[date, date | None, tuple[Any, ...]]]:
    """[start, end) cut at the days a dated attribute changes, each piece with the attributes that
    held over it (a day before the first known value: none)."""
    days = {p[0] for periods in dated.values() for p in periods if p[0] is not None}
    cuts = sorted(d for d in days if start < d and (end is None or d < end))
    pieces = []
    for a, b in zip([start, *cuts], [*cuts, end], strict=True):
        attributes = list(person)
        for kind, periods in dated.items():
            value = value_in(periods, a)
            attributes[DATED_ATTRIBUTES[kind]] = value == YES if kind == FactKind.YOUTH_UNION else value
        pieces.append((a, b, tuple(attributes)))
    return pieces


def snapshot_days(column: int) -> tuple[date, ...]:
    """The snapshot days of the organizations in column ``a{column}``."""
    return MONTH_DAYS if column < MONTHLY_COLUMNS else SNAPSHOT_DAYS


def _contributions(facts: Iterable[FactRow], sign: int) -> dict[tuple[int, date], Counter[str]]:
    """What ``facts`` add (sign 1) or take away (-1) on every snapshot day and ancestor."""
    out: dict[tuple[int, date], Counter[str]] = defaultdict(Counter)
    for fact in facts:
        start, end = fact[1], fact[2]
        flags = fact[4 + PATH_DEPTH :]
        for column, org in enumerate(fact[4 : 4 + PATH_DEPTH]):
            if org is None:
                continue
            days = snapshot_days(column)
            first = bisect.bisect_left(days, start)
            last = len(days) if end is None else bisect.bisect_left(days, end)
            for day in days[first:last]:  # start <= day < end
                counts = out[org, day]
                counts["total"] += sign
                for name, flag in zip(STOCK_FLAGS, flags, strict=True):
                    if flag:
                        counts[name] += sign
    return out


# -- keeping the tables current ------------------------------------------------------------------


# One writer of the stock tables at a time on PostgreSQL (SQLite has one writer anyway): two
# transactions refreshing overlapping people would each apply their difference to what the other
# had not committed yet. Held to the end of the transaction.
LOCK_KEY = 0x5061_7274_794F_7267 & 0x7FFF_FFFF_FFFF_FFFF  # "PartyOrg"


def rebuild() -> int:
    """Both tables from scratch; returns the number of facts."""
    bulk.one_writer(LOCK_KEY)
    StockFact.objects.all().delete()
    StockSnapshot.objects.all().delete()
    with bulk.without_indexes(StockFact):  # a bulk load: each index built once, at the end
        written = _facts_in_database(org_lines())
    _snapshots_from_facts()
    # After a rebuild (a large load) most of the data is new: the stock's tables and those it is
    # made from.
    bulk.analyze(StockFact, StockSnapshot, MembershipInterval, MembershipEvent, Person, OrgVersion)
    derived_refreshed.send(sender=MembershipInterval, person_ids=None)
    stock_refreshed.send(sender=StockFact, person_ids=None)
    return written


LINES_TABLE = "partyorg_stock_lines"


def _facts_in_database(lines: dict[int, list[Segment]]) -> int:
    """Every fact, made by the database in one statement: the organizations' lines go to a
    temporary table, then each interval is joined with the lines of its organization over the
    part of its period each covers, and with its person's attributes. The same facts as
    :func:`fact_rows_of` (which the per-person refresh uses), at the database's speed instead of
    Python's: a nation's 25 million facts in minutes."""
    paths = ", ".join(f"a{k} BIGINT" for k in range(PATH_DEPTH))
    rows = []
    for org_id, segments in lines.items():
        for s in segments:
            line = s.line[:PATH_DEPTH]
            rows.append(
                (
                    org_id,
                    s.valid_from,
                    s.valid_until,
                    len(s.line) - 1,
                    *line,
                    *(None,) * (PATH_DEPTH - len(line)),
                )
            )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {LINES_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {LINES_TABLE} (organization_id BIGINT,"
            f" valid_from DATE, valid_until DATE, depth INTEGER, {paths})"
        )
        columns = (
            "organization_id",
            "valid_from",
            "valid_until",
            "depth",
            *(f"a{k}" for k in range(PATH_DEPTH)),
        )
        bulk.insert_plain(LINES_TABLE, columns, rows, dates=(1, 2))
        cursor.execute(f"CREATE INDEX {LINES_TABLE}_org ON {LINES_TABLE} (organization_id)")
        interval, person, fact = (
            MembershipInterval._meta.db_table,
            Person._meta.db_table,
            StockFact._meta.db_table,
        )
        never = "'9999-12-31'"
        flags = {
            "probationary": f"i.status = '{MemberStatus.PROBATIONARY}'",
            "women": f"p.sex = '{Sex.FEMALE}'",
            "ethnic_minority": f"p.ethnicity <> '' AND p.ethnicity <> '{MAJORITY_ETHNICITY}'",
            "religious": "p.religion <> ''",
            "youth_union": "p.is_youth_union_member",
            "exempt": "i.is_exempt",
        }
        assert tuple(flags) == STOCK_FLAGS
        as_bool = ", ".join(f"CASE WHEN {condition} THEN TRUE ELSE FALSE END" for condition in flags.values())
        cursor.execute(
            f"INSERT INTO {fact} ({', '.join(FACT_COLUMNS)}) "
            f"SELECT i.person_id,"
            f" CASE WHEN i.valid_from > l.valid_from THEN i.valid_from ELSE l.valid_from END,"
            f" CASE WHEN i.valid_until IS NULL THEN l.valid_until"
            f"  WHEN l.valid_until IS NULL THEN i.valid_until"
            f"  WHEN i.valid_until < l.valid_until THEN i.valid_until ELSE l.valid_until END,"
            f" l.depth, {', '.join(f'l.a{k}' for k in range(PATH_DEPTH))}, {as_bool}"
            f" FROM {interval} i JOIN {LINES_TABLE} l ON l.organization_id = i.organization_id"
            f"  AND l.valid_from < COALESCE(i.valid_until, {never})"
            f"  AND COALESCE(l.valid_until, {never}) > i.valid_from"
            f" JOIN {person} p ON p.id = i.person_id"
        )
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {LINES_TABLE}")
    return int(written)


def _snapshots_from_facts() -> None:
    """Every snapshot row, from the facts in one pass per ancestor column: the database groups the
    facts by organization and by the snapshot period they begin and end in, and the counts on each
    snapshot day are the running sums of those (began minus ended). A fact valid on a day names
    the organization's column of that day, so one organization's rows from two columns never fall
    on the same day: each column's rows are written as they come, without merging."""
    table = StockFact._meta.db_table
    flags = ", ".join(f"SUM(s * {flag})" for flag in STOCK_FLAGS)
    as_int = ", ".join(f"CASE WHEN {flag} THEN 1 ELSE 0 END AS {flag}" for flag in STOCK_FLAGS)
    rows: list[tuple[Any, ...]] = []
    for k in range(PATH_DEPTH):
        days = snapshot_days(k)
        monthly = days is MONTH_DAYS
        began, ended = _period_sql("valid_from", monthly), _period_sql("valid_until", monthly)
        sql = (
            f"SELECT org, period, SUM(s), {flags} FROM ("
            f" SELECT a{k} AS org, {began} AS period, 1 AS s, {as_int} FROM {table} WHERE a{k} IS NOT NULL"
            f" UNION ALL SELECT a{k}, {ended}, -1, {as_int} FROM {table}"
            f" WHERE a{k} IS NOT NULL AND valid_until IS NOT NULL"
            f") changes GROUP BY org, period ORDER BY org, period"
        )
        first = SNAPSHOT_YEARS[0] * (12 if monthly else 1) + (11 if monthly else 0)
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql)
            org: int | None = None
            running = [0] * len(FIELDS)
            at = 0  # the next snapshot day to write for ``org``
            while batch := cursor.fetchmany(10_000):
                for row_org, period, *change in batch:
                    index = max(0, int(period) - first)  # the first snapshot day on or after it
                    if row_org != org:
                        _write_running(rows, org, days, running, at, len(days))
                        org, running, at = row_org, [0] * len(FIELDS), index
                    _write_running(rows, org, days, running, at, min(index, len(days)))
                    at = max(at, index)
                    for i, value in enumerate(change):
                        running[i] += int(value)
                    if len(rows) >= 10_000:
                        bulk.insert_rows(StockSnapshot, SNAPSHOT_COLUMNS, rows)
                        rows.clear()
            _write_running(rows, org, days, running, at, len(days))
    bulk.insert_rows(StockSnapshot, SNAPSHOT_COLUMNS, rows)


SNAPSHOT_COLUMNS = ("organization_id", "day", *FIELDS)


def _write_running(
    rows: list[tuple[Any, ...]], org: int | None, days: tuple[date, ...], running: list[int], a: int, b: int
) -> None:
    """Rows for ``org`` on ``days[a:b]``, over which its counts stay ``running``."""
    if org is None or running[0] <= 0:
        return
    for day in days[a:b]:
        rows.append((org, day, *running))


def _period_sql(column: str, monthly: bool) -> str:
    """The year (or year × 12 + month − 1) of a date column, in the database's dialect."""
    if connection.vendor == "sqlite":  # dates are ISO text
        year = f"CAST(substr({column}, 1, 4) AS INTEGER)"
        month = f"CAST(substr({column}, 6, 2) AS INTEGER)"
    else:
        year = f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
        month = f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"({year} * 12 + {month} - 1)" if monthly else year


# Past this many people to refresh, the whole stock is made again: differences cost four times a
# rebuild on a province's reform (a generated province of 30.000 members, 2 cores: 81 s against 23 s
# for rebuilding every derived row).
REBUILD_ABOVE = 20_000


def refresh(person_ids: Collection[int] = (), org_ids: Collection[int] = ()) -> None:
    """Make the facts of these people, and of everyone who was ever in a subtree whose line of
    ancestors these organizations' changes may have moved, agree with their intervals again, and
    move the snapshots by the difference."""
    bulk.one_writer(LOCK_KEY)
    people = set(person_ids)
    if not org_ids:  # the lines of these people's organizations only, not of the whole nation
        held: set[int] = set()
        for chunk in bulk.chunks(people, 2000):
            intervals = MembershipInterval.objects.filter(person_id__in=chunk)
            held |= set(intervals.values_list("organization_id", flat=True))
        lines = org_lines(held)
    else:
        lines = org_lines()
        touched = set(org_ids)
        # Under a touched organization now (new lines), or then (the old facts name it).
        below = {org for org, segments in lines.items() if any(touched & set(s.line) for s in segments)}
        old_people = StockFact.objects.filter(_in_any_column(touched)).values_list("person_id", flat=True)
        people |= set(old_people)
        people |= set(
            MembershipInterval.objects.filter(organization_id__in=below).values_list("person_id", flat=True)
        )
    if not people:
        return
    if len(people) >= REBUILD_ABOVE:  # most of a province: made again, not moved by differences
        rebuild()
        return
    if person_ids:
        derived_refreshed.send(sender=MembershipInterval, person_ids=frozenset(person_ids))
    for chunk in bulk.chunks(people, 2000):
        old = Counter(
            tuple(row) for row in StockFact.objects.filter(person_id__in=chunk).values_list(*FACT_COLUMNS)
        )
        new = Counter(fact_rows_of(chunk, lines))
        if old == new:
            continue
        StockFact.objects.filter(person_id__in=chunk).delete()
        bulk.insert_rows(StockFact, FACT_COLUMNS, list(new.elements()))
        _add_to_snapshots(
            _contributions((old - new).elements(), -1), _contributions((new - old).elements(), 1)
        )
    stock_refreshed.send(sender=StockFact, person_ids=frozenset(people))


def on_versions_rebuilt(sender: object, org_ids: Collection[int] | None, **kwargs: object) -> None:
    """The tree changed: refresh the facts under the organizations it changed (all: rebuild)."""
    if org_ids is None:
        return  # a full rebuild of versions is followed by a full rebuild of the facts
    refresh(org_ids=org_ids)


def _in_any_column(org_ids: Collection[int]) -> Q:
    condition = Q()
    for k in range(PATH_DEPTH):
        condition |= Q(**{f"a{k}__in": list(org_ids)})
    return condition


UPSERT_ROWS = 500  # rows of one upsert statement (9 parameters a row, far under SQLite's limit)


def _add_to_snapshots(*parts: dict[tuple[int, date], Counter[str]]) -> None:
    """Add the parts' changes to the snapshots, creating the rows missing. One upsert statement per
    UPSERT_ROWS rows (``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``, SQLite and
    PostgreSQL alike): atomic against another writer as the row-by-row UPDATE it replaces, which
    sent one statement per organization and day (14.000 for a cast of 45 events)."""
    total: dict[tuple[int, date], Counter[str]] = defaultdict(Counter)
    for part in parts:
        for key, counts in part.items():
            total[key].update(counts)
    rows: list[tuple[int | date, ...]] = [
        (org_id, day, *(counts.get(name, 0) for name in FIELDS))
        for (org_id, day), counts in sorted(total.items())  # one order for every writer
        if any(counts.get(name, 0) for name in FIELDS)
    ]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(StockSnapshot._meta.db_table)
    columns = ", ".join(quote(c) for c in ("organization_id", "day", *FIELDS))
    added = ", ".join(f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in FIELDS)
    one = "(" + ", ".join(["%s"] * (2 + len(FIELDS))) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start : start + UPSERT_ROWS]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({quote('organization_id')}, {quote('day')}) DO UPDATE SET {added}",
                [value for row in chunk for value in row],
            )


# -- counting ------------------------------------------------------------------------------------


def depth_on(org_id: int, on: date) -> int | None:
    """How many ancestors ``org_id`` had on ``on`` (0 for a root); None when it did not stand."""
    line = line_on(org_id, on)
    return None if line is None else len(line) - 1


def snapshot_day(on: date) -> date | None:
    """The last 31/12 of ``SNAPSHOT_YEARS`` on or before ``on`` (every organization has its
    counts of that day, a missing row meaning nobody)."""
    if on < SNAPSHOT_DAYS[0]:
        return None
    year = min(on.year if (on.month, on.day) == (12, 31) else on.year - 1, SNAPSHOT_YEARS[-1])
    return date(year, 12, 31)


def last_snapshot(org_id: int, on: date) -> tuple[date | None, dict[str, int]]:
    """``org_id``'s last snapshot row on or before ``on`` with somebody in it: its day and counts
    (None and zeros when it has none: count from the beginning). Rows of nobody are passed over:
    the incremental upkeep leaves them, and on a month end that is not a year end such a row may
    only say that the organization stood too deep that day to have a monthly count."""
    rows = StockSnapshot.objects.filter(organization_id=org_id, day__lte=on, total__gt=0).order_by("-day")
    row = rows.values("day", *FIELDS).first()
    if row is None:
        return None, dict.fromkeys(FIELDS, 0)
    return row.pop("day"), row


def counts_on(
    org_id: int, on: date, depths: Collection[int], since: date | None, base: dict[str, int]
) -> dict[str, int]:
    """Members of ``org_id``'s subtree on ``on``: ``base``, the snapshot on ``since`` (None: from
    the beginning, zeros), plus the facts that began, minus those that ended, in (since, on].
    ``depths``: the organization's depth on ``since`` and on ``on`` — a fact that both began and
    ended in between adds and takes away the same wherever the organization stood, so only the
    facts valid on ``since`` (found at its depth then) and on ``on`` (at its depth on the day)
    matter."""
    in_org = Q()
    for k in depths:
        in_org |= Q(**{f"a{k}": org_id})
    aggregate = {
        "total": Count("pk"),
        **{flag: Count("pk", filter=Q(**{flag: True})) for flag in STOCK_FLAGS},
    }
    if since == on:
        return dict(base)
    if since is None:
        began = StockFact.objects.filter(in_org, valid_from__lte=on)
        ended = StockFact.objects.filter(in_org, valid_until__lte=on)
    else:
        began = StockFact.objects.filter(in_org, valid_from__gt=since, valid_from__lte=on)
        ended = StockFact.objects.filter(in_org, valid_until__gt=since, valid_until__lte=on)
    plus, minus = began.aggregate(**aggregate), ended.aggregate(**aggregate)
    return {name: base[name] + plus[name] - minus[name] for name in FIELDS}
