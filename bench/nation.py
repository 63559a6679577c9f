"""The national benchmark (issue 4): ``python3 dev.py bench --suite nation [--members 5600000]``.

For each database: generates the nation once (``partyorg.generator.nation``) into
``bench/out/nation-<members>.sqlite3`` or the PostgreSQL database ``partyorg_bench_nation_<members>``,
and reuses it afterwards (a ``.done`` file beside says it is complete); times a full rebuild of
the stock tables; then times each figure in a fresh process (median and worst over several dates,
each as the tree stood that day) beside the plain scan of the same rows, and the peak memory of
each process. ``python -m bench.nation <step> <database url> <members>`` runs one step alone.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
# Dates for "any date": half-year ends and random days of the 20 years, as the tree stood then.
SEED = 4
Figure = Callable[[date], object]


def dates(count: int) -> list[date]:
    rng = random.Random(SEED)
    days = [date(2016, 6, 30), date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30)]
    days += [date(2006, 7, 1) + timedelta(days=rng.randrange(7300)) for _ in range(max(0, count - len(days)))]
    return days[:count]


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()


def generate(url: str, members: int) -> dict[str, Any]:
    setup(url)
    from django.core.management import call_command

    from partyorg.generator.nation import write_nation

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = write_nation(
        members, workers=os.cpu_count() or 1, report=lambda line: print(line, file=sys.stderr, flush=True)
    )
    return {**counts, "seconds": round(time.perf_counter() - started)}


def copy(url: str, members: int) -> dict[str, Any]:
    """The generated nation copied from its SQLite file into the PostgreSQL database ``url``, row
    for row (COPY); the stock tables are made there by the rebuild step. Both databases hold the
    same nation, made once (the generation is the slow part, and the same rows make the two
    columns comparable)."""
    import sqlite3

    setup(url)
    from django.core.management import call_command
    from django.db import connection, transaction

    from partyorg.core import bulk
    from partyorg.generator.nation import reset_sequences
    from partyorg.members.models import MembershipEvent, MembershipInterval, Person
    from partyorg.organizations.models import Organization, OrgChange, OrgChangeItem, OrgVersion

    call_command("migrate", verbosity=0)
    source = sqlite3.connect(OUT / f"nation-{members}.sqlite3")
    started = time.perf_counter()
    copied: dict[str, Any] = {}
    for model in (
        Organization,
        OrgChange,
        OrgChangeItem,
        OrgVersion,
        Person,
        MembershipEvent,
        MembershipInterval,
    ):
        table = model._meta.db_table
        rows = source.execute(f'SELECT * FROM "{table}"')
        columns = ", ".join(f'"{c[0]}"' for c in rows.description)
        with bulk.without_indexes(model), transaction.atomic(), connection.cursor() as cursor:
            # The rows were checked when SQLite wrote them: no foreign-key trigger per copied row
            # (29 million deferred checks at COMMIT otherwise). Needs a superuser, as a bench does.
            cursor.execute("SET LOCAL session_replication_role = replica")
            _copy_rows(cursor, f'COPY "{table}" ({columns}) FROM STDIN', rows)
        copied[table] = source.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        print(f"{table}: {copied[table]}", file=sys.stderr, flush=True)
    reset_sequences(
        Organization, OrgChange, OrgChangeItem, OrgVersion, Person, MembershipEvent, MembershipInterval
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a load, now
    return {**copied, "seconds": round(time.perf_counter() - started)}


def _copy_rows(cursor: Any, sql: str, rows: Any) -> None:
    with cursor.cursor.copy(sql) as stream:
        while batch := rows.fetchmany(10_000):
            for row in batch:
                stream.write_row(row)


def rebuild(url: str, members: int) -> dict[str, Any]:
    """The full rebuild of what the figures are computed from: the stock facts and snapshots."""
    setup(url)
    from django.core.management import call_command
    from django.db import connection, transaction

    from partyorg.members import stock

    call_command("migrate", verbosity=0)  # a dataset made before the last migration (not timed)
    started = time.perf_counter()
    with transaction.atomic():
        facts = stock.rebuild()
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":  # what autovacuum does after a large write, now (not timed):
        with connection.cursor() as cursor:  # the visibility map lets the counts read the indexes only
            cursor.execute("VACUUM ANALYZE members_stockfact, members_stocksnapshot")
    return {"facts": facts, "seconds": round(seconds, 1)}


def _timed(run: Callable[[date], object], days: list[date], warm_up: bool = True) -> tuple[float, float]:
    """Median and worst milliseconds of ``run`` over ``days`` (after one warm-up)."""
    if warm_up:
        run(days[0])
    times = []
    for day in days:
        started = time.perf_counter()
        run(day)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def plain_scan(root: Any, first: date, last: date) -> tuple[int, int, int]:
    """The floor a figure is compared with: the same rows read and grouped by the database in one
    statement, the subtree of ``root`` on ``last`` found by a recursive query. Every interval of
    the subtree overlapping ``[first, last]``: (valid on ``last``, of women among them, beginning
    or ending inside). For a stock, ``first`` = ``last``."""
    from django.db import connection

    from partyorg.members.models import MembershipInterval, Person
    from partyorg.organizations.models import OrgVersion

    versions, intervals, people = (m._meta.db_table for m in (OrgVersion, MembershipInterval, Person))
    valid = "v.valid_from <= %s AND (v.valid_until IS NULL OR v.valid_until > %s)"
    on_last = "i.valid_from <= %s AND (i.valid_until IS NULL OR i.valid_until > %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE down(org) AS (SELECT CAST(%s AS BIGINT) UNION"
            f" SELECT v.organization_id FROM {versions} v JOIN down ON v.parent_id = down.org WHERE {valid})"
            f" SELECT SUM(CASE WHEN {on_last} THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {on_last} AND p.sex = 'female' THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN i.valid_from >= %s OR i.valid_until <= %s THEN 1 ELSE 0 END)"
            f" FROM {intervals} i JOIN {people} p ON p.id = i.person_id"
            f" WHERE i.organization_id IN (SELECT org FROM down)"
            f" AND i.valid_from <= %s AND (i.valid_until IS NULL OR i.valid_until > %s)",
            [root.pk, last, last, last, last, last, last, first, last, last, first],
        )
        row = cursor.fetchone()
    return tuple(int(v or 0) for v in row)  # type: ignore[return-value]


def figures(url: str, members: int, runs: int = 7, scans: int = 1) -> list[dict[str, Any]]:
    """Each figure at each scope: median and worst over ``runs`` dates, the plain scan's median
    over ``scans`` of them."""
    setup(url)

    from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
    from partyorg.reports.statistics import Period, members_flow, membership_on
    from partyorg.reports.statistics.stocks import people_under

    Scope = Callable[[date], Organization]
    days = dates(runs)
    nation = Organization.objects.get(code="TW")

    def largest(kind: str, on: date) -> Organization:
        """The organization of ``kind`` with the most members on ``on``."""
        versions = OrgVersion.objects.filter(valid_on(on), kind=kind).values_list(
            "organization_id", flat=True
        )
        from partyorg.members.models import StockSnapshot

        best = (
            StockSnapshot.objects.filter(organization_id__in=list(versions), day=date(on.year - 1, 12, 31))
            .order_by("-total")
            .values_list("organization_id", flat=True)
            .first()
        )
        assert best is not None
        return Organization.objects.get(pk=best)

    # A province and a grassroots organization that stand on every day timed: before the reform
    # for the days before it, after for the others (the same figure, the tree of each day).
    def across_the_reform(kind_before: str, kind_after: str) -> Scope:
        old, new = largest(kind_before, date(2025, 6, 30)), largest(kind_after, date(2026, 6, 30))
        return lambda day: old if day < date(2025, 7, 1) else new

    scopes: dict[str, Scope] = {
        "nation": lambda day: nation,
        "province": across_the_reform(OrgKind.PROVINCE, OrgKind.PROVINCE),
        "grassroots": across_the_reform(OrgKind.GRASSROOTS_COMMITTEE, OrgKind.COMMUNE),
    }
    rows: list[dict[str, Any]] = []

    def row(figure: str, scope: str, fast: Figure, plain: Figure | None = None) -> None:
        median, worst = _timed(fast, days)
        record: dict[str, Any] = {"figure": figure, "scope": scope, "median_ms": median, "worst_ms": worst}
        if plain is not None:
            record["plain_ms"] = _timed(plain, days[:scans], warm_up=False)[0]
        rows.append(record)
        print(json.dumps(record), file=sys.stderr, flush=True)

    def half(day: date) -> Period:
        return Period.half_year(day.year, 1 if day.month <= 6 else 2)

    for name, org in scopes.items():
        row(
            "form 3 (membership on a day)",
            name,
            lambda day, org=org: membership_on(org(day), day).women.value,  # type: ignore[misc]
            lambda day, org=org: plain_scan(org(day), day, day),  # type: ignore[misc]
        )
    for name in ("nation", "province"):
        org = scopes[name]
        row(
            "form 1 (members flow, half-year)",
            name,
            lambda day, org=org: members_flow(org(half(day).closing_day), half(day)),  # type: ignore[misc]
            lambda day, org=org: plain_scan(  # type: ignore[misc]
                org(half(day).closing_day), half(day).opening_day, half(day).closing_day
            ),
        )
    for name in ("nation", "province"):
        org = scopes[name]

        def first_page(day: date, org: Scope = org) -> object:
            people, _ = people_under(org(day), day)
            return list(people.order_by("search_key", "pk").values_list("code", "full_name")[:50])

        def opened(day: date, org: Scope = org) -> object:
            return membership_on(org(day), day).women.person_ids

        row("first page of people (members list)", name, first_page)
        if name != "nation":  # the nation's women are two million ids: nobody opens that list whole
            row("figure opened into its people (women)", name, opened)

    rows.append(latency(days[:3], nation))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for record in rows:
        record["peak_mib"] = round(peak)
    return rows


def latency(days: list[date], nation: Any) -> dict[str, Any]:
    """A recorded event shows in the next query: a member (one whose last interval is open, so
    nothing is recorded after it) dies; the nation's total on that day is one less at once. Rolled
    back afterwards, so the dataset stays as generated."""
    from django.db import transaction

    from partyorg.core.records import LegalBasis
    from partyorg.members import services
    from partyorg.members.models import EventKind, MembershipInterval, Person
    from partyorg.organizations.models import Organization
    from partyorg.reports.statistics import membership_on

    latency: list[float] = []
    for day in days:
        with transaction.atomic():
            interval = (
                MembershipInterval.objects.filter(
                    valid_from__lte=day, valid_until__isnull=True, in_transit=False
                )
                .order_by("person_id")
                .first()
            )
            assert interval is not None
            person = Person.objects.get(pk=interval.person_id)
            before_total = membership_on(nation, day).total.value
            started = time.perf_counter()
            services.record_event.within(
                person,
                EventKind.DIED,
                day,
                organization=Organization(pk=interval.organization_id),
                legal_basis=LegalBasis("", None, ""),
                recorded_by="bench",
            )
            shown = membership_on(nation, day).total.value
            latency.append((time.perf_counter() - started) * 1000)
            assert shown == before_total - 1, (shown, before_total)
            transaction.set_rollback(True)
    return {
        "figure": "event recorded → figure shows it",
        "scope": "nation",
        "median_ms": statistics.median(latency),
        "worst_ms": max(latency),
    }


def latency_only(url: str, members: int) -> list[dict[str, Any]]:
    setup(url)
    from partyorg.organizations.models import Organization

    return [latency(dates(3), Organization.objects.get(code="TW"))]


STEPS = {"generate": generate, "copy": copy, "rebuild": rebuild, "figures": figures, "latency": latency_only}

if __name__ == "__main__":
    step, url, members = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(json.dumps(STEPS[step](url, members)))  # type: ignore[operator]
