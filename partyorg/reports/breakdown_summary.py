"""Form 3's breakdowns on the fast path (issue 18): the stored facts and month-end counts
(:class:`~partyorg.reports.models.BreakdownFact`, :class:`~partyorg.reports.models.BreakdownCount`)
that ``reports.statistics.stocks.membership_breakdown`` counts from instead of reading every member
of the subtree with his dated facts.

* A **breakdown fact** is a member's stock fact (``members.StockFact``: an interval with the line of
  ancestors of its organization) cut again on the days a dated fact form 3 reads changes (religion,
  education, professional level, political theory, occupation, academic title: ``members.facts``),
  carrying those values, the person's ethnicity, sex, birth date and private-enterprise ownership,
  the exemption of the interval and the period of the first admission decision. Adjacent pieces
  that carry the same values are one fact.
* A **count** is the number of members an organization's subtree held on a month end (the stock's
  ``MONTH_DAYS``) by one value of one breakdown, for the organizations of the top ``COLUMNS``
  columns (the province and the districts, or communes from 01/07/2025, in a provincial deployment;
  the nation and the provinces in the nation's). Deeper organizations are small: their facts of the
  day are read and grouped.

Members of X on D by a value = the count on S (the last month end on or before D) + the facts of X
that began in (S, D] − those that ended in (S, D], as the headline stocks are counted. The age is
the one figure that moves without a record: a member changes band on a birthday. The counts of S
therefore hold the bands on S of those whose band does not change before the next month end, and,
for those whose band does, the band they leave, the band they enter and the day (``move``); the sum
of the ages on S and how many birthdays fall on each day up to the next month end (``bday``) give
the mean age on any day of the month. The facts carry the birth date, and the facts that began or
ended since S are binned on D itself.

Kept current in the same transaction as the change: ``members.signals.stock_refreshed`` is sent
when the stock's facts of some people were made again (an event recorded or corrected, a person's
record corrected, a reorganization that moved their organization's line, a load) and when a dated
fact of a person was recorded, corrected or withdrawn; their breakdown facts are made again and the
counts moved by the difference. A rebuild of the stock (``partyorg rebuild``, a large load) rebuilds
these tables. Nothing is held on a database migrated to these tables until the first such change
or rebuild: until then form 3 counts the plain way, as it does when the records are read as known
on a past moment.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Min

from partyorg.core import bulk
from partyorg.core.known import known_moment
from partyorg.members import stock
from partyorg.members.models import (
    PATH_DEPTH,
    EventKind,
    FactKind,
    MembershipEvent,
    Person,
    StockFact,
)
from partyorg.members.periods import Period, periods_for, value_in
from partyorg.reports.models import BREAKDOWN_DEPTH, BreakdownCount, BreakdownFact, BreakdownsHeld

__all__ = [
    "COLUMNS",
    "DAYS",
    "FACT_COLUMNS",
    "age_on",
    "band_of",
    "difference",
    "fact_rows",
    "held",
    "on_stock_refreshed",
    "rebuild",
    "refresh",
]

assert BREAKDOWN_DEPTH == PATH_DEPTH

# The organizations of columns a0 … a{COLUMNS-1} have counts on every month end of DAYS.
COLUMNS = 2
DAYS: tuple[date, ...] = stock.MONTH_DAYS

# Kept in step with reports.statistics.stocks (which reads this module: it may not import it).
AGE_BANDS = ((18, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, 200))
ADMISSION_STARTS = (date(1945, 8, 19), date(1954, 7, 21), date(1975, 5, 1))  # periods' boundaries
DATED_KINDS: tuple[str, ...] = (
    FactKind.RELIGION,
    FactKind.GENERAL_EDUCATION,
    FactKind.PROFESSIONAL_LEVEL,
    FactKind.POLITICAL_THEORY,
    FactKind.OCCUPATION,
    FactKind.ACADEMIC_TITLE,
)
VALUES = (
    "ethnicity",
    "religion",
    "general_education",
    "professional_level",
    "political_theory",
    "occupation",
    "academic_title",
)
FACT_COLUMNS = (
    "person_id",
    "valid_from",
    "valid_until",
    "depth",
    *(f"a{k}" for k in range(PATH_DEPTH)),
    "birth_date",
    "admission",
    *VALUES,
    "women",
    "owner",
    "exempt",
)
FactRow = tuple[Any, ...]  # values in FACT_COLUMNS order
BIRTH, ADMISSION = 4 + PATH_DEPTH, 5 + PATH_DEPTH
FIRST_VALUE = 6 + PATH_DEPTH
WOMEN, OWNER, EXEMPT = FIRST_VALUE + len(VALUES), FIRST_VALUE + len(VALUES) + 1, FIRST_VALUE + len(VALUES) + 2
JOINT = "\x1f"  # between the two values of a joint key (professional level and academic title)


def held() -> bool:
    """Whether the tables were built (else form 3 counts the plain way)."""
    return BreakdownsHeld.objects.exists()


# -- ages ------------------------------------------------------------------------------------------


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on`` (as ``stocks.age_on``)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def band_of(age: int) -> int:
    """The index of the age band of form 3 holding ``age``; -1 for none (under 18)."""
    for index, (low, high) in enumerate(AGE_BANDS):
        if low <= age <= high:
            return index
    return -1


BAND_OF_AGE = tuple(band_of(age) for age in range(202))


def _band(age: int) -> int:
    return BAND_OF_AGE[age] if 0 <= age < len(BAND_OF_AGE) else -1


def _birthday(birth: date, year: int) -> date:
    """The day of ``year`` on which somebody born on ``birth`` is a year older: 1 March for 29
    February in a common year (``age_on`` compares month and day)."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def _next_birthday(birth: date, after: date, before: date) -> date | None:
    """The day in (``after``, ``before``) on which the age goes up, if any (a window under a year)."""
    for year in (after.year, after.year + 1):
        day = _birthday(birth, year)
        if after < day < before:
            return day
    return None


def admission_index(decided: date | None) -> int:
    """The index of form 3's admission period of the first decision; the last for unknown."""
    if decided is None:
        return len(ADMISSION_STARTS) + 1
    return bisect.bisect_right(ADMISSION_STARTS, decided)


# -- the facts -------------------------------------------------------------------------------------


PERSON_COLUMNS = (
    "pk",
    "birth_date",
    "ethnicity",
    "religion",
    "general_education",
    "professional_level",
    "political_theory",
    "occupation",
    "academic_title",
    "sex",
    "is_private_business_owner",
)
STOCK_COLUMNS = ("person_id", "valid_from", "valid_until", "depth", *(f"a{k}" for k in range(PATH_DEPTH)))


def fact_rows(person_ids: Collection[int]) -> list[FactRow]:
    """The breakdown facts of these people, from their stock facts, their row, their dated facts
    and their first admission decision, in (person, start) order."""
    ids = list(person_ids)
    people = {row[0]: row[1:] for row in Person.objects.filter(pk__in=ids).values_list(*PERSON_COLUMNS)}
    dated = periods_for(ids, DATED_KINDS)
    decided = first_decisions(ids)
    facts = StockFact.objects.filter(person_id__in=ids).values_list(*STOCK_COLUMNS, "women", "exempt")
    by_person: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in facts:
        by_person[row[0]].append(row)
    out: list[FactRow] = []
    for person_id in sorted(by_person):
        person = people[person_id]
        out += _facts_of(
            sorted(by_person[person_id], key=lambda r: r[1]),
            person,
            dated.get(person_id, {}),
            admission_index(decided.get(person_id)),
        )
    return out


def first_decisions(person_ids: list[int]) -> dict[int, date]:
    """Each person's first admission (or re-admission) decision, as form 3's plain scan reads it:
    for a member who predates the records, the decision his opening gives, when it is known."""
    events = MembershipEvent.objects.filter(person_id__in=person_ids)
    decisions = events.filter(kind__in=[EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED])
    first = dict(
        decisions.values_list("person_id")
        .annotate(first=Min("effective_on"))
        .values_list("person_id", "first")
    )
    openings = events.filter(kind=EventKind.OPENED, admitted_on__isnull=False).values_list("person_id")
    for person_id, day in openings.annotate(first=Min("admitted_on")).values_list("person_id", "first"):
        first[person_id] = min(day, first.get(person_id, day))
    return first


def _facts_of(
    stock_facts: list[tuple[Any, ...]],
    person: tuple[Any, ...],
    dated: dict[str, list[Period]],
    admission: int,
) -> list[FactRow]:
    birth, ethnicity, *row_values, _sex, owner = person
    cuts = sorted({d for periods in dated.values() for p in periods for d in (p[0], p[1]) if d is not None})
    out: list[FactRow] = []
    for fact in stock_facts:
        start, end = fact[1], fact[2]
        women, exempt = fact[-2], fact[-1]
        inside = [d for d in cuts if start < d and (end is None or d < end)]
        for a, b in zip([start, *inside], [*inside, end], strict=True):
            values = [
                value_in(dated[kind], a) if kind in dated else (held or "")
                for kind, held in zip(DATED_KINDS, row_values, strict=True)
            ]
            person_id = fact[0]
            row = (
                person_id,
                a,
                b,
                *fact[3 : 4 + PATH_DEPTH],
                birth,
                admission,
                ethnicity or "",
                *values,
                bool(women),
                bool(owner),
                bool(exempt),
            )
            previous = out[-1] if out else None
            if (
                previous is not None
                and previous[0] == person_id
                and previous[2] == a
                and previous[3:] == row[3:]
            ):
                out[-1] = (*previous[:2], b, *previous[3:])
            else:
                out.append(row)
    return out


# -- what a fact adds to the counts of a month end ------------------------------------------------------


def constant_keys(fact: FactRow) -> list[tuple[str, str]]:
    """The (dimension, value) a fact counts in whatever the day: everything but the age."""
    keys = [("total", ""), ("admission", str(fact[ADMISSION]))]
    values = dict(zip(VALUES, fact[FIRST_VALUE : FIRST_VALUE + len(VALUES)], strict=True))
    keys += [(name, value) for name, value in values.items()]
    keys.append(("professional", values["professional_level"] + JOINT + values["academic_title"]))
    if fact[WOMEN]:
        keys.append(("women", ""))
    if fact[OWNER]:
        keys.append(("owner", ""))
    if fact[EXEMPT]:
        keys += [("exempt", ""), ("exempt_occupation", values["occupation"])]
    return keys


def age_keys(birth: date, day: date, until: date) -> list[tuple[str, str, int]]:
    """(dimension, value, n) a member born on ``birth`` adds to the counts of ``day``, read on any
    day before ``until`` (the next month end): his age, and his band unless it changes before then
    (then the bands he leaves and enters and the day), and the day his age goes up, if before then."""
    age = age_on(birth, day)
    keys = [("agesum", "", age)]
    older = _next_birthday(birth, day, until)
    band = _band(age)
    if older is None:
        keys.append(("age", str(band), 1))
        return keys
    keys.append(("bday", older.isoformat(), 1))
    entered = _band(age + 1)
    if entered == band:
        keys.append(("age", str(band), 1))
    else:
        keys.append(("move", f"{band}|{entered}|{older.isoformat()}", 1))
    return keys


def window_end(index: int) -> date:
    """The day after the last day the counts of ``DAYS[index]`` are read for: the next month end."""
    return DAYS[index + 1] if index + 1 < len(DAYS) else DAYS[index] + timedelta(days=31)


Key = tuple[int, date, str, str]  # organization, month end, dimension, value


def difference(old: Counter[FactRow], new: Counter[FactRow]) -> Counter[Key]:
    """What replacing the facts ``old`` by ``new`` (one person's, or a few people's) changes in the
    counts of every month end and organization of the top columns. Cut at every day a fact of
    either begins or ends, each piece of time holds the same facts throughout: where the values
    held differ, their difference is added to each month end of the piece, the ages' keys only
    when the birth dates held differ. A value corrected from 2018 moves the counts of that value
    from 2018, not every key of every month end of the member's life."""
    signed = [(row, -n) for row, n in old.items()] + [(row, n) for row, n in new.items()]
    cuts = sorted({d for row, _ in signed for d in (row[1], row[2]) if d is not None})
    out: Counter[Key] = Counter()
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        first = bisect.bisect_left(DAYS, a)
        last = len(DAYS) if b is None else bisect.bisect_left(DAYS, b)
        if first >= last:
            continue
        values: Counter[tuple[int, str, str]] = Counter()
        births: Counter[tuple[int, date]] = Counter()
        for row, n in signed:
            if row[1] <= a and (row[2] is None or row[2] > a):
                for org in row[4 : 4 + COLUMNS]:
                    if org is not None:
                        for dimension, value in constant_keys(row):
                            values[org, dimension, value] += n
                        births[org, row[BIRTH]] += n
        changed = [(key, n) for key, n in values.items() if n]
        born = [(key, n) for key, n in births.items() if n]
        for index in range(first, last):
            day = DAYS[index]
            for (org, dimension, value), n in changed:
                out[org, day, dimension, value] += n
            for (org, birth), n in born:
                for dimension, value, each in age_keys(birth, day, window_end(index)):
                    out[org, day, dimension, value] += each * n
    return out


# -- keeping the tables current --------------------------------------------------------------------------

# Past this many people (a reorganization of a district, a load), both tables are made again:
# moving the counts of every month end by each one's difference costs more.
REBUILD_ABOVE = 5_000
LOCK_KEY = 0x4272_6561_6B64_6F77  # "Breakdow": one writer of these tables at a time on PostgreSQL
CHUNK = 2000
UPSERT_ROWS = 500


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), size):
        yield ordered[at : at + size]


def on_stock_refreshed(sender: object, person_ids: frozenset[int] | None, **kwargs: object) -> None:
    """``members.signals.stock_refreshed``: these people's facts (None: everyone's) again."""
    if person_ids is None:
        if known_moment() is None:
            rebuild()
        return
    refresh(person_ids)


def refresh(person_ids: Collection[int]) -> None:
    """These people's breakdown facts again, and the counts moved by the difference. The first call
    on a database without the tables builds them whole."""
    if known_moment() is not None:
        return  # a look back in time, rolled back: the stored rows are not read then
    if not held() or len(person_ids) >= REBUILD_ABOVE:
        rebuild()
        return
    _lock()
    for chunk in _chunks(person_ids):
        stored = BreakdownFact.objects.filter(person_id__in=chunk).values_list(*FACT_COLUMNS)
        old = Counter(tuple(row) for row in stored)
        new = Counter(fact_rows(chunk))
        if old == new:
            continue
        BreakdownFact.objects.filter(person_id__in=chunk).delete()
        bulk.insert_rows(BreakdownFact, FACT_COLUMNS, list(new.elements()))
        # Only what the top columns see: a move between two cells of one district changes no count.
        old_top, new_top = _top(old), _top(new)
        _add_to_counts(difference(old_top, new_top))


def _top(facts: Counter[FactRow]) -> Counter[FactRow]:
    """The facts as the counts see them: the person, the period, the top columns and the values."""
    projected: Counter[FactRow] = Counter()
    hidden = (None,) * (PATH_DEPTH - COLUMNS)
    for row, n in facts.items():
        projected[(*row[:3], 0, *row[4 : 4 + COLUMNS], *hidden, *row[4 + PATH_DEPTH :])] += n
    return projected


def _add_to_counts(change: Counter[Key]) -> None:
    """Add ``change`` to the counts, making the rows missing (``INSERT … ON CONFLICT … DO UPDATE``)."""
    rows = [
        (org, day, dimension, value, n) for (org, day, dimension, value), n in sorted(change.items()) if n
    ]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(BreakdownCount._meta.db_table)
    columns = ("organization_id", "day", "dimension", "value", "n")
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    key = ", ".join(quote(c) for c in columns[:4])
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
    """Both tables from the stock's facts and the people's records; returns the facts written.
    The counts are running sums: each fact adds its values from the first month end it holds on
    and takes them away from the first it no longer holds on; the age's keys are worked out on each
    month end from the birth dates held then."""
    _lock()
    BreakdownFact.objects.all().delete()
    BreakdownCount.objects.all().delete()
    BreakdownsHeld.objects.all().delete()
    # organization -> month-end index -> what changes there: (dimension, value) or a birth date
    changes: dict[int, dict[int, Counter[Any]]] = defaultdict(lambda: defaultdict(Counter))
    written = 0
    people = StockFact.objects.values_list("person_id", flat=True).distinct().order_by("person_id")
    with bulk.without_indexes(BreakdownFact):
        batch: list[int] = []
        for person_id in people.iterator(chunk_size=10_000):
            batch.append(person_id)
            if len(batch) >= CHUNK:
                written += _write_facts(batch, changes)
                batch = []
        written += _write_facts(batch, changes)
    rows: list[tuple[Any, ...]] = []
    for org, by_index in changes.items():
        running = _Running()
        for index in range(min(by_index, default=len(DAYS)), len(DAYS)):
            running.update(by_index.get(index, Counter()))
            if running.values["total", ""] <= 0:
                continue
            rows += running.rows(org, index)
            if len(rows) >= 20_000:
                bulk.insert_rows(BreakdownCount, COUNT_COLUMNS, rows)
                rows = []
    bulk.insert_rows(BreakdownCount, COUNT_COLUMNS, rows)
    BreakdownsHeld.objects.create()
    bulk.analyze(BreakdownFact, BreakdownCount)
    return written


COUNT_COLUMNS = ("organization_id", "day", "dimension", "value", "n")


def _write_facts(person_ids: list[int], changes: dict[int, dict[int, Counter[Any]]]) -> int:
    if not person_ids:
        return 0
    facts = fact_rows(person_ids)
    bulk.insert_rows(BreakdownFact, FACT_COLUMNS, facts)
    for fact in facts:
        start, end = fact[1], fact[2]
        first = bisect.bisect_left(DAYS, start)
        last = len(DAYS) if end is None else bisect.bisect_left(DAYS, end)
        if first >= last:
            continue
        keys = [*constant_keys(fact), fact[BIRTH]]
        for org in fact[4 : 4 + COLUMNS]:
            if org is None:
                continue
            at = changes[org]
            began, ended = at[first], at[last] if last < len(DAYS) else None
            for key in keys:
                began[key] += 1
                if ended is not None:
                    ended[key] -= 1
    return len(facts)


class _Running:
    """An organization's members on a month end, running from one to the next: the counts of the
    values, and the birth dates by year and month and, within a month, by day."""

    def __init__(self) -> None:
        self.values: Counter[tuple[str, str]] = Counter()
        self.by_year_month: Counter[tuple[int, int]] = Counter()
        self.by_month: dict[int, Counter[date]] = defaultdict(Counter)

    def update(self, change: Counter[Any]) -> None:
        for key, n in change.items():
            if isinstance(key, date):
                self.by_year_month[key.year, key.month] += n
                self.by_month[key.month][key] += n
            else:
                self.values[key] += n

    def rows(self, org: int, index: int) -> list[tuple[Any, ...]]:
        """The rows of ``org`` on ``DAYS[index]``. A birth date outside the month of the day and the
        months of the window's birthdays (29 February's is 1 March in a common year) gives its age
        by year and month alone: those are counted by year and month, the others one by one."""
        day, until = DAYS[index], window_end(index)
        counts = Counter({key: n for key, n in self.values.items() if n})
        # By day: the births of the window's birthdays; of the day's month only 29 February (a
        # birthday on 1 March in a common year, after 28 February); the rest by year and month.
        by_day = {until.month, *((2,) if 2 in (day.month, until.month - 1) else ())}
        bands: Counter[int] = Counter()
        age_sum = 0
        for (year, month), n in self.by_year_month.items():
            if n == 0 or month in by_day:
                continue
            age = day.year - year - (month > day.month)
            bands[_band(age)] += n
            age_sum += age * n
        for month in by_day:
            for birth, n in self.by_month[month].items():
                if n == 0:
                    continue
                for dimension, value, each in age_keys(birth, day, until):
                    counts[dimension, value] += each * n
        for band, n in bands.items():
            counts["age", str(band)] += n
        counts["agesum", ""] += age_sum
        return [(org, day, dimension, value, n) for (dimension, value), n in counts.items() if n]
