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
these tables, made by the database in grouped statements (:func:`rebuild`; the person-by-person
path, :func:`rebuild_in_python`, makes the same rows and the tests hold them equal). Nothing is
held on a database migrated to these tables until the first such change or rebuild: until then
form 3 counts the plain way, as it does when the records are read as known on a past moment.
"""

from __future__ import annotations

import bisect
import calendar
from collections import Counter, defaultdict
from collections.abc import Collection
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
    PersonFactPeriod,
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
    "rebuild_in_python",
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
    bulk.one_writer(LOCK_KEY)
    for chunk in bulk.chunks(person_ids, CHUNK):
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


def rebuild_in_python() -> int:
    """Both tables made in Python, person by person (:func:`fact_rows`, the path the incremental
    refresh takes), as they were made before :func:`rebuild` made them in the database: kept as the
    plain way the tests compare the database's tables with. Returns the facts written.
    The counts are running sums: each fact adds its values from the first month end it holds on
    and takes them away from the first it no longer holds on; the age's keys are worked out on each
    month end from the birth dates held then."""
    bulk.one_writer(LOCK_KEY)
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


# -- the rebuild, made by the database ------------------------------------------------------------------
#
# The same tables as rebuild_in_python, in a few grouped statements per part instead of a walk of
# every stock fact in Python (a nation's 25 million): the facts by INSERT … SELECT from the stock's
# facts cut again on the days of the dated facts and merged where nothing changes, the counts by
# grouped INSERT … SELECT from the facts' running sums. The temporary tables are dropped at the end.

TEMPORARY: tuple[str, ...] = ("bd_first", "bd_cut", "bd_has", "bd_piece", "bd_days", "bd_delta")
TEMPORARY += ("bd_change", "bd_run", "bd_year", "bd_aged", "bd_agekeys", "bd_md", "bd_date", "bd_cross")
NEVER = "'9999-12-31'"
# A month index (year × 12 + month − 1) of DAYS[0]: DAYS[i] is the month end of month FIRST_MONTH + i.
FIRST_MONTH = DAYS[0].year * 12 + DAYS[0].month - 1
assert all(d.year * 12 + d.month - 1 == FIRST_MONTH + i for i, d in enumerate(DAYS))


def rebuild() -> int:
    """Both tables from the stock's facts and the people's records, made by the database (the same
    rows as :func:`rebuild_in_python`); returns the facts written."""
    bulk.one_writer(LOCK_KEY)
    BreakdownFact.objects.all().delete()
    BreakdownCount.objects.all().delete()
    BreakdownsHeld.objects.all().delete()
    with connection.cursor() as cursor:
        for table in TEMPORARY:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        with bulk.without_indexes(BreakdownFact):
            written = _facts_in_database(cursor)
        _counts_in_database(cursor)
        for table in TEMPORARY:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    BreakdownsHeld.objects.create()
    bulk.analyze(BreakdownFact, BreakdownCount)
    return written


def _sql_date_parts(column: str) -> tuple[str, str, str]:
    """Year, month and day of a date column as integers, in the database's dialect."""
    if connection.vendor == "sqlite":  # dates are ISO text
        return tuple(  # type: ignore[return-value]
            f"CAST(substr({column}, {at}, {n}) AS INTEGER)" for at, n in ((1, 4), (6, 2), (9, 2))
        )
    return tuple(  # type: ignore[return-value]
        f"CAST(EXTRACT({part} FROM {column}) AS INTEGER)" for part in ("YEAR", "MONTH", "DAY")
    )


def _sql_iso(column: str) -> str:
    """A date column as ISO text (``date.isoformat``)."""
    return column if connection.vendor == "sqlite" else f"to_char({column}, 'YYYY-MM-DD')"


def _sql_text(literal: str) -> str:
    return "'" + literal.replace("'", "''") + "'"


def _sql_band(age: str) -> str:
    """The index of the age band of form 3 holding ``age`` (an SQL integer); -1 for none."""
    whens = " ".join(
        f"WHEN {age} BETWEEN {low} AND {high} THEN {i}" for i, (low, high) in enumerate(AGE_BANDS)
    )
    return f"CASE {whens} ELSE -1 END"


def _sql_day_index(column: str) -> str:
    """``bisect_left(DAYS, column)``: the index of the first month end on or after the day (the
    month end of its own month), from 0 before DAYS[0] to len(DAYS) after the last."""
    year, month, _ = _sql_date_parts(column)
    index = f"({year} * 12 + {month} - 1 - {FIRST_MONTH})"
    return f"CASE WHEN {index} < 0 THEN 0 WHEN {index} > {len(DAYS)} THEN {len(DAYS)} ELSE {index} END"


def _facts_in_database(cursor: Any) -> int:
    """Every breakdown fact in one INSERT … SELECT (after three small temporary tables): the same
    rows as :func:`fact_rows` for everybody. Each stock fact is cut on the days its person's dated
    facts of ``DATED_KINDS`` begin or end (``bd_piece``); each piece takes the value of each kind
    holding on its first day, or the person's row's for a kind without dated facts; adjacent pieces
    of a person whose columns are equal make one fact (a run of equal rows, numbered by a running
    sum of where a new one starts)."""
    person, period, event = (
        Person._meta.db_table,
        PersonFactPeriod._meta.db_table,
        MembershipEvent._meta.db_table,
    )
    stock_table, fact = StockFact._meta.db_table, BreakdownFact._meta.db_table
    kinds = ", ".join(_sql_text(k) for k in DATED_KINDS)
    paths = [f"a{k}" for k in range(PATH_DEPTH)]
    # The first admission decision (first_decisions): decided or re-admission decided, or an
    # opening's day of admission.
    decided = ", ".join(_sql_text(k) for k in (EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED))
    cursor.execute("CREATE TEMPORARY TABLE bd_first (person_id BIGINT PRIMARY KEY, decided DATE)")
    cursor.execute(
        f"INSERT INTO bd_first SELECT person_id, MIN(d) FROM ("
        f" SELECT person_id, effective_on AS d FROM {event} WHERE kind IN ({decided})"
        f" UNION ALL SELECT person_id, admitted_on FROM {event}"
        f" WHERE kind = {_sql_text(EventKind.OPENED)} AND admitted_on IS NOT NULL"
        f") e GROUP BY person_id"
    )
    # The days a dated value may change, and which kinds each person has dated facts of.
    cursor.execute("CREATE TEMPORARY TABLE bd_cut (person_id BIGINT, day DATE)")
    cursor.execute(
        f"INSERT INTO bd_cut SELECT person_id, valid_from FROM {period}"
        f" WHERE kind IN ({kinds}) AND valid_from IS NOT NULL"
        f" UNION SELECT person_id, valid_until FROM {period}"
        f" WHERE kind IN ({kinds}) AND valid_until IS NOT NULL"
    )
    cursor.execute("CREATE INDEX bd_cut_person ON bd_cut (person_id, day)")
    has = ", ".join(f"MAX(CASE WHEN kind = {_sql_text(k)} THEN 1 ELSE 0 END)" for k in DATED_KINDS)
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_has (person_id BIGINT PRIMARY KEY, "
        + ", ".join(f"k{i} INTEGER" for i in range(len(DATED_KINDS)))
        + ")"
    )
    cursor.execute(
        f"INSERT INTO bd_has SELECT person_id, {has} FROM {period} WHERE kind IN ({kinds}) GROUP BY person_id"
    )
    # The stock's facts cut at those days: each piece runs to the next cut or the fact's end.
    carried = ", ".join(["depth", *paths, "women", "exempt"])
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_piece (person_id BIGINT, valid_from DATE, valid_until DATE,"
        f" depth INTEGER, {', '.join(f'{a} BIGINT' for a in paths)}, women BOOLEAN, exempt BOOLEAN)"
    )
    cursor.execute(
        f"INSERT INTO bd_piece SELECT person_id, a,"
        f" COALESCE(LEAD(a) OVER (PARTITION BY sid ORDER BY a), valid_until), {carried} FROM ("
        f" SELECT s.id AS sid, s.person_id, s.valid_from AS a, s.valid_until,"
        f" {', '.join(f's.{c}' for c in carried.split(', '))} FROM {stock_table} s"
        f" UNION ALL SELECT s.id, s.person_id, c.day, s.valid_until,"
        f" {', '.join(f's.{c}' for c in carried.split(', '))} FROM {stock_table} s"
        f" JOIN bd_cut c ON c.person_id = s.person_id AND c.day > s.valid_from"
        f" AND c.day < COALESCE(s.valid_until, {NEVER})"
        f") x"
    )
    # Each piece's values: the dated value holding on its first day for a kind the person has
    # dated facts of ("" before the first), else the row's. The periods of a kind do not overlap.
    joins, values = [], []
    for i, kind in enumerate(DATED_KINDS):
        joins.append(
            f" LEFT JOIN {period} f{i} ON f{i}.person_id = x.person_id AND f{i}.kind = {_sql_text(kind)}"
            f" AND (f{i}.valid_from IS NULL OR f{i}.valid_from <= x.valid_from)"
            f" AND (f{i}.valid_until IS NULL OR x.valid_from < f{i}.valid_until)"
        )
        values.append(f"CASE WHEN h.k{i} = 1 THEN COALESCE(f{i}.value, '') ELSE COALESCE(p.{kind}, '') END")
    assert tuple(DATED_KINDS) == VALUES[1:]  # the row's fields are named as the kinds
    starts = " ".join(
        f"WHEN fd.decided < '{day.isoformat()}' THEN {i}" for i, day in enumerate(ADMISSION_STARTS)
    )
    unknown, latest = len(ADMISSION_STARTS) + 1, len(ADMISSION_STARTS)
    admission = f"CASE WHEN fd.decided IS NULL THEN {unknown} {starts} ELSE {latest} END"
    valued = (
        f"SELECT x.person_id, x.valid_from, x.valid_until, x.depth, {', '.join(f'x.{a}' for a in paths)},"
        f" p.birth_date, {admission} AS admission, COALESCE(p.ethnicity, '') AS ethnicity,"
        + ", ".join(f"{v} AS {name}" for v, name in zip(values, VALUES[1:], strict=True))
        + f", x.women, p.is_private_business_owner AS owner, x.exempt"
        f" FROM bd_piece x JOIN {person} p ON p.id = x.person_id"
        f" LEFT JOIN bd_first fd ON fd.person_id = x.person_id"
        f" LEFT JOIN bd_has h ON h.person_id = x.person_id" + "".join(joins)
    )
    # Merged: a piece continues the previous one when it begins the day that one ends and every
    # column from the depth on is the same.
    same = FACT_COLUMNS[3:]
    continues = " AND ".join(
        ["LAG(valid_until) OVER back = valid_from"]
        + [f"LAG({c}) OVER back IS NOT DISTINCT FROM {c}" for c in same]
    )
    cursor.execute(
        f"INSERT INTO {fact} ({', '.join(FACT_COLUMNS)})"
        f" SELECT person_id, MIN(valid_from),"
        f" CASE WHEN COUNT(valid_until) = COUNT(*) THEN MAX(valid_until) END,"
        f" {', '.join(same)} FROM ("
        f"  SELECT m.*, SUM(fresh) OVER (PARTITION BY person_id ORDER BY valid_from"
        f"   ROWS UNBOUNDED PRECEDING) AS run"
        f"  FROM (SELECT v.*, CASE WHEN {continues} THEN 0 ELSE 1 END AS fresh FROM ({valued}) v"
        f"   WINDOW back AS (PARTITION BY person_id ORDER BY valid_from)) m"
        f" ) r GROUP BY person_id, run, {', '.join(same)}"
    )
    written = int(cursor.rowcount)
    return written


def _counts_in_database(cursor: Any) -> None:
    """Every count, from the facts, in grouped statements: what each fact adds on the month end it
    begins by and takes away on the one it ends by (``bd_delta``, a row a top column and end),
    spread over the keys it counts in and grouped (``bd_change``), summed into runs of month ends
    over which a key stays the same (``bd_run``, a window's running sum), and each run written on
    its month ends. The birth dates are two keys: ``#bm`` the month of birth (and whether on 29
    February), which gives the age on any month end without a birthday in the window (the age is
    the whole years between the months); ``#bd`` the date, read only on the month ends whose window
    (to the next month end) holds the birthday's month, for the ``bday`` and ``move`` keys."""
    fact = BreakdownFact._meta.db_table
    count = BreakdownCount._meta.db_table
    n_days = len(DAYS)
    days = []
    for index, day in enumerate(DAYS):
        until = window_end(index)
        common = not calendar.isleap(until.year)
        days.append(
            (
                index,
                day,
                day.year,
                day.year * 12 + day.month - 1,
                day.month,
                day.day,
                until.month,
                until.day,
                int(common),
                f"{until.year:04d}-",
            )
        )
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_days (idx INTEGER PRIMARY KEY, day DATE, dyear INTEGER, dmi INTEGER,"
        " dmonth INTEGER,"
        " dday INTEGER, umonth INTEGER, uday INTEGER, ucommon INTEGER, uprefix VARCHAR(10))"
    )
    bulk.insert_plain(
        "bd_days",
        ("idx", "day", "dyear", "dmi", "dmonth", "dday", "umonth", "uday", "ucommon", "uprefix"),
        days,
        dates=(1,),
    )
    # What each fact adds (s = 1) on its first month end and takes away (-1) on the first it no
    # longer holds on, for each organization of the top columns in its line.
    year, month, day_of_month = _sql_date_parts("birth_date")
    carried = ["admission", *VALUES, "women", "owner", "exempt"]
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_delta (org BIGINT, idx INTEGER, s INTEGER, admission INTEGER, "
        + ", ".join(f"{v} VARCHAR(200)" for v in VALUES)
        + ", women BOOLEAN, owner BOOLEAN, exempt BOOLEAN, byear INTEGER, bmonth INTEGER, f29 INTEGER,"
        " birth VARCHAR(10))"
    )
    spans = (
        f"SELECT f.*, {_sql_day_index('valid_from')} AS fi,"
        f" CASE WHEN valid_until IS NULL THEN {n_days} ELSE {_sql_day_index('valid_until')} END AS li,"
        f" {year} AS byear, {month} AS bmonth,"
        f" CASE WHEN {month} = 2 AND {day_of_month} = 29 THEN 1 ELSE 0 END AS f29,"
        f" {_sql_iso('birth_date')} AS birth FROM {fact} f"
    )
    parts = []
    for k in range(COLUMNS):
        kept = (
            f"{', '.join(carried)}, byear, bmonth, f29, birth FROM spans WHERE a{k} IS NOT NULL AND fi < li"
        )
        parts.append(f"SELECT a{k}, fi, 1, {kept}")
        parts.append(f"SELECT a{k}, li, -1, {kept} AND li < {n_days}")
    cursor.execute(f"INSERT INTO bd_delta WITH spans AS ({spans}) " + " UNION ALL ".join(parts))
    # Grouped by each key of constant_keys, and by the date of birth where the age may be read
    # from it (see below).
    keys = {
        "total": ("''", ""),
        "admission": ("CAST(admission AS VARCHAR(4))", ""),
        **{v: (v, "") for v in VALUES},
        "professional": (f"professional_level || {_sql_joint()} || academic_title", ""),
        "women": ("''", " WHERE women"),
        "owner": ("''", " WHERE owner"),
        "exempt": ("''", " WHERE exempt"),
        "exempt_occupation": ("occupation", " WHERE exempt"),
        "#bd": ("birth", ""),
        "#md": ("substr(birth, 6, 5)", " WHERE f29 = 0"),
    }
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_change (org BIGINT, idx INTEGER, dim VARCHAR(20), value VARCHAR(420),"
        " n BIGINT)"
    )
    cursor.execute(
        "INSERT INTO bd_change "
        + " UNION ALL ".join(
            f"SELECT org, idx, '{dim}', {value}, SUM(s) FROM bd_delta{where} GROUP BY org, idx"
            + ("" if value == "''" else f", {value}")  # PostgreSQL groups by no constant
            for dim, (value, where) in keys.items()
        )
    )
    # Runs: from a month end where a key's count changes to the next (or the end of DAYS).
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_run (org BIGINT, dim VARCHAR(20), value VARCHAR(420), idx INTEGER,"
        " nxt INTEGER, n BIGINT)"
    )
    cursor.execute(
        f"INSERT INTO bd_run SELECT org, dim, value, idx, nxt, n FROM ("
        f" SELECT org, dim, value, idx, LEAD(idx, 1, {n_days}) OVER w AS nxt, SUM(n) OVER w AS n"
        f" FROM bd_change WINDOW w AS (PARTITION BY org, dim, value ORDER BY idx)"
        f") r WHERE n <> 0"
    )
    # The births by year, with how many in each month (29 February apart): the runs of each year.
    months = range(1, 13)
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_year (org BIGINT, byear INTEGER, idx INTEGER, nxt INTEGER, "
        + ", ".join(f"c{m} BIGINT" for m in months)
        + ")"
    )
    by_month = ", ".join(f"SUM(CASE WHEN bmonth = {m} THEN s ELSE 0 END) AS c{m}" for m in months)
    cursor.execute(
        f"INSERT INTO bd_year SELECT org, byear, idx, LEAD(idx, 1, {n_days}) OVER w,"
        + ", ".join(f"SUM(c{m}) OVER w" for m in months)
        + f" FROM (SELECT org, byear, idx, {by_month} FROM bd_delta WHERE f29 = 0 GROUP BY org, byear, idx) c"
        " WINDOW w AS (PARTITION BY org, byear ORDER BY idx)"
    )
    if connection.vendor == "postgresql":  # temporary tables have no statistics until analysed
        for table in ("bd_run", "bd_year", "bd_days"):
            cursor.execute(f"ANALYZE {table}")
    on_days = "JOIN bd_days d ON d.idx >= r.idx AND d.idx < r.nxt"
    cursor.execute(
        f"INSERT INTO {count} (organization_id, day, dimension, value, n)"
        f" SELECT r.org, d.day, r.dim, r.value, r.n FROM bd_run r {on_days} WHERE r.dim NOT IN ('#bd', '#md')"
    )
    _ages_in_database(cursor, count, on_days)


def _ages_in_database(cursor: Any, count: str, on_days: str) -> None:
    """The keys of the age (age_keys) on every month end, from the runs of the births (``bd_run``'s
    ``#bd`` by date and ``#md`` by day of the year, ``bd_year`` by year and month), in four parts
    whose rows are added up by key (``bd_agekeys``):

    * everybody not born on 29 February, by year of birth: on the month end of month M those born
      in a month up to M are (its year − the year of birth) old, the others a year less: the sum of
      the ages and the band (``age``);
    * the birthdays in the window (the next month, to the next month end), by day of the year:
      ``bday``;
    * of those, the few whose band changes on the birthday (the years of birth that reach a band's
      first age then), by date: ``move`` instead of ``age``;
    * those born on 29 February (a birthday on 1 March in a common year), by date, on every month
      end, as age_keys reads them."""
    months = range(1, 13)
    months_table = "bd_aged"
    x = "(d.dmi - r.bmi)"
    age = (
        f"CASE WHEN {x} >= 0 THEN {x} / 12 ELSE -((11 - {x}) / 12) END"
        " - CASE WHEN r.f29 = 1 AND d.dmonth = 2 AND d.dday = 28 THEN 1 ELSE 0 END"
    )
    band, entered = _sql_band("age"), _sql_band("age + 1")
    move = "CAST(b0 AS VARCHAR(4)) || '|' || CAST(b1 AS VARCHAR(4)) || '|' || older"
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_agekeys (org BIGINT, day DATE, dim VARCHAR(20), value VARCHAR(40),"
        " n BIGINT)"
    )

    def born(months_in: str) -> str:
        return " + ".join(f"CASE WHEN {m} {months_in} THEN r.c{m} ELSE 0 END" for m in months)

    # By year of birth.
    cursor.execute(f"CREATE TEMPORARY TABLE {months_table} (org BIGINT, day DATE, age INTEGER, n BIGINT)")
    cursor.execute(
        f"INSERT INTO {months_table} SELECT org, day, age, SUM(n) FROM ("
        f" SELECT r.org, d.day, d.dyear - r.byear AS age, {born('<= d.dmonth')} AS n FROM bd_year r {on_days}"
        f" UNION ALL SELECT r.org, d.day, d.dyear - r.byear - 1, {born('> d.dmonth')}"
        f" FROM bd_year r {on_days}"
        f") a GROUP BY org, day, age"
    )
    cursor.execute(
        f"INSERT INTO bd_agekeys SELECT org, day, 'agesum', '', SUM(age * n) FROM {months_table}"
        f" GROUP BY org, day"
        f" UNION ALL SELECT org, day, 'age', CAST(b0 AS VARCHAR(4)), SUM(n)"
        f" FROM (SELECT org, day, n, {band} AS b0 FROM {months_table}) a GROUP BY org, day, b0"
    )
    # The birthdays of the window, by day of the year.
    cursor.execute("CREATE INDEX bd_days_window ON bd_days (umonth, idx)")
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_md (org BIGINT, idx INTEGER, nxt INTEGER, n BIGINT, bm INTEGER,"
        " bd INTEGER, mmdd VARCHAR(5))"
    )
    cursor.execute(
        "INSERT INTO bd_md SELECT org, idx, nxt, n, CAST(substr(value, 1, 2) AS INTEGER),"
        " CAST(substr(value, 4, 2) AS INTEGER), value FROM bd_run WHERE dim = '#md'"
    )
    cursor.execute(
        "INSERT INTO bd_agekeys SELECT r.org, d.day, 'bday', d.uprefix || r.mmdd, r.n FROM bd_md r"
        " JOIN bd_days d ON d.umonth = r.bm AND d.idx >= r.idx AND d.idx < r.nxt WHERE r.bd < d.uday"
    )
    # By date: the band changed on the birthday, and 29 February.
    cursor.execute(
        "CREATE TEMPORARY TABLE bd_date (org BIGINT, idx INTEGER, nxt INTEGER, n BIGINT, byear INTEGER,"
        " bmi INTEGER, bm INTEGER, bd INTEGER, f29 INTEGER, mmdd VARCHAR(5))"
    )
    cursor.execute(
        "INSERT INTO bd_date SELECT org, idx, nxt, n, byear, byear * 12 + bm - 1, bm, bd,"
        " CASE WHEN bm = 2 AND bd = 29 THEN 1 ELSE 0 END, mmdd FROM (SELECT org, idx, nxt, n,"
        " CAST(substr(value, 1, 4) AS INTEGER) AS byear, CAST(substr(value, 6, 2) AS INTEGER) AS bm,"
        " CAST(substr(value, 9, 2) AS INTEGER) AS bd, substr(value, 6, 5) AS mmdd FROM bd_run"
        " WHERE dim = '#bd') b"
    )
    cursor.execute("CREATE INDEX bd_date_born ON bd_date (byear, bm)")
    crossing = []  # (month end, year of birth) whose birthday in the window changes the band
    for index, day in enumerate(DAYS):
        before = 0 if day.month == 12 else 1  # born in the window's month: not yet on the month end
        crossing += [(index, day.year - before - a) for a in range(202) if _band(a) != _band(a + 1)]
    cursor.execute("CREATE TEMPORARY TABLE bd_cross (idx INTEGER, byear INTEGER)")
    bulk.insert_plain("bd_cross", ("idx", "byear"), crossing)
    if connection.vendor == "postgresql":
        for table in ("bd_md", "bd_date", "bd_cross"):
            cursor.execute(f"ANALYZE {table}")
    crossed = (
        f"SELECT org, day, n, older, {band} AS b0, {entered} AS b1 FROM ("
        f" SELECT r.org, d.day, {age} AS age, r.n, d.uprefix || r.mmdd AS older FROM bd_cross c"
        f" JOIN bd_days d ON d.idx = c.idx JOIN bd_date r ON r.byear = c.byear AND r.bm = d.umonth"
        f" AND r.idx <= d.idx AND d.idx < r.nxt WHERE r.f29 = 0 AND r.bd < d.uday) c"
    )
    cursor.execute(
        f"INSERT INTO bd_agekeys SELECT org, day, 'move', {move}, n FROM ({crossed}) m"
        f" UNION ALL SELECT org, day, 'age', CAST(b0 AS VARCHAR(4)), -n FROM ({crossed}) m"
    )
    older = (
        "CASE WHEN r.bm = d.umonth AND r.bd < d.uday THEN d.uprefix || r.mmdd"
        " WHEN r.f29 = 1 AND d.umonth = 3 AND d.ucommon = 1 THEN d.uprefix || '03-01' END"
    )
    leap = (
        f"SELECT org, day, age, n, older, {band} AS b0, {entered} AS b1 FROM ("
        f" SELECT r.org, d.day, {age} AS age, r.n, {older} AS older FROM bd_date r {on_days}"
        f" WHERE r.f29 = 1) f"
    )
    cursor.execute(
        f"INSERT INTO bd_agekeys SELECT org, day, 'agesum', '', age * n FROM ({leap}) a"
        f" UNION ALL SELECT org, day, 'age', CAST(b0 AS VARCHAR(4)), n FROM ({leap}) a"
        f"  WHERE older IS NULL OR b0 = b1"
        f" UNION ALL SELECT org, day, 'bday', older, n FROM ({leap}) a WHERE older IS NOT NULL"
        f" UNION ALL SELECT org, day, 'move', {move}, n FROM ({leap}) a WHERE older IS NOT NULL AND b0 <> b1"
    )
    cursor.execute(
        f"INSERT INTO {count} (organization_id, day, dimension, value, n)"
        f" SELECT org, day, dim, value, SUM(n) FROM bd_agekeys GROUP BY org, day, dim, value"
        f" HAVING SUM(n) <> 0"
    )


def _sql_joint() -> str:
    """JOINT as an SQL expression."""
    assert chr(31) == JOINT
    return "char(31)" if connection.vendor == "sqlite" else "chr(31)"
