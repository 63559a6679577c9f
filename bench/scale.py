"""Beyond one server (issue 18): ``python3 dev.py bench --suite scale [--members 1000000]``.

In one run, on PostgreSQL clusters of its own (``bench/clusters.py``: a primary on port 5434 and
a streaming replica on 5433, both under ``/tmp/partyorg-scale`` and removed at the end unless
``--keep``):

1. a generated nation (``partyorg.generator.nation``) written into the primary, once (reused while
   the cluster is kept);
2. form 3 (members on a day) and form 1 (members in and out in a half-year) of the nation and of
   its largest province, median and worst over several days, with the stock facts as a plain
   table, then after ``partyorg partition stockfacts`` (``LIST (a1)``, one partition a province),
   checking the figures are the same; the time of the step and of its undo;
3. a replica made by ``pg_basebackup -R``, the reads pointed at it (``PARTYORG_REPLICA_URL``, the
   figures read inside ``reading_replica()``): the same figures timed on the replica, and the lag
   from an event recorded on the primary (a member dies) to the nation's figure showing it on the
   replica, median and worst over ``--events`` events.

``python -m bench.scale <members> <events> [--keep]`` runs it alone.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench import clusters

ROOT = Path(__file__).resolve().parent.parent


def database(members: int) -> str:
    return f"partyorg_nation_{members}"


def ensure_nation(members: int) -> dict[str, Any]:
    """The primary running and the nation in it (generated on first use, ~25 min a million)."""
    clusters.primary()
    done = clusters.HOME / f"nation-{members}.done"
    if done.exists():
        return dict(json.loads(done.read_text()))
    url = clusters.url(clusters.PRIMARY_PORT, database(members))
    subprocess.run(
        [str(clusters.BIN / "psql"), "-h", "127.0.0.1", "-p", str(clusters.PRIMARY_PORT), "-U", "postgres",
         "-c", f"DROP DATABASE IF EXISTS {database(members)}", "-c", f"CREATE DATABASE {database(members)}"],
        check=True, capture_output=True,
    )  # fmt: skip
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bench.nation", "generate", url, str(members)],
        check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    made = {**json.loads(out.stdout.strip().splitlines()[-1]), "wall_s": round(time.perf_counter() - started)}
    done.write_text(json.dumps(made))
    return made


def _timed(run: Callable[[date], object], days: list[date]) -> tuple[float, float, list[object]]:
    run(days[0])  # warm-up
    times, values = [], []
    for day in days:
        started = time.perf_counter()
        values.append(run(day))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), values


def measure(members: int, events: int) -> list[dict[str, Any]]:
    os.environ["DATABASE_URL"] = clusters.url(clusters.PRIMARY_PORT, database(members))
    os.environ["PARTYORG_REPLICA_URL"] = clusters.url(clusters.REPLICA_PORT, database(members))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.nation import dates
    from partyorg.core.replica import reading_replica
    from partyorg.members.models import StockSnapshot
    from partyorg.ops import partition
    from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
    from partyorg.reports.statistics import Period, members_flow, membership_on

    rows: list[dict[str, Any]] = []

    def note(record: dict[str, Any]) -> None:
        rows.append(record)
        print(json.dumps(record), file=sys.stderr, flush=True)

    def vacuum() -> None:  # what autovacuum does after a large write, now (not timed)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE members_stockfact")

    def largest_province(on: date) -> Organization:
        provinces = OrgVersion.objects.filter(valid_on(on), kind=OrgKind.PROVINCE).values_list(
            "organization_id", flat=True
        )
        best = (
            StockSnapshot.objects.filter(organization_id__in=list(provinces), day=date(on.year - 1, 12, 31))
            .order_by("-total")
            .values_list("organization_id", flat=True)
            .first()
        )
        assert best is not None
        return Organization.objects.get(pk=best)

    days = dates(5)
    nation = Organization.objects.get(code="TW")
    before, after = largest_province(date(2025, 6, 30)), largest_province(date(2026, 6, 30))

    def province(day: date) -> Organization:
        return before if day < date(2025, 7, 1) else after

    def half(day: date) -> Period:
        return Period.half_year(day.year, 1 if day.month <= 6 else 2)

    figures: dict[tuple[str, str], Callable[[date], object]] = {
        ("form 3 (members on a day)", "nation"): lambda d: membership_on(nation, d).total.value,
        ("form 3 (members on a day)", "province"): lambda d: membership_on(province(d), d).total.value,
        ("form 1 (members flow, half-year)", "nation"): lambda d: members_flow(nation, half(d)).closing.value,
        ("form 1 (members flow, half-year)", "province"): lambda d: (
            members_flow(province(half(d).closing_day), half(d)).closing.value
        ),
    }

    def time_figures(shape: str, on_replica: bool = False) -> dict[tuple[str, str], list[object]]:
        values = {}
        for (figure, scope), run in figures.items():
            if on_replica:

                def run_there(d: date, run: Callable[[date], object] = run) -> object:
                    with reading_replica():
                        return run(d)

                median, worst, values[figure, scope] = _timed(run_there, days)
            else:
                median, worst, values[figure, scope] = _timed(run, days)
            note({"figure": figure, "scope": scope, "shape": shape, "median_ms": median, "worst_ms": worst})
        return values

    if partition.is_partitioned():  # left by an interrupted run
        partition.unpartition()
    vacuum()
    plain = time_figures("plain table, primary")
    done = partition.partition()
    vacuum()
    note({"figure": "partyorg partition stockfacts", "scope": f"{done.partitions} partitions",
          "shape": f"step, {done.rows} facts", "median_ms": done.seconds * 1000,
          "worst_ms": None})  # fmt: skip
    partitioned = time_figures("partitioned, primary")
    assert partitioned == plain, "the figures differ once partitioned"

    clusters.replica()
    on_replica = time_figures("partitioned, replica", on_replica=True)
    assert on_replica == plain, "the replica's figures differ"
    note(lag(events, nation))

    undone = partition.unpartition()
    note({"figure": "partyorg partition stockfacts --undo", "scope": f"{undone.rows} facts", "shape": "step",
          "median_ms": undone.seconds * 1000, "worst_ms": None})  # fmt: skip
    return rows


def lag(events: int, nation: Any) -> dict[str, Any]:
    """A member dies on the primary (recorded through the services, committed); the time until
    the nation's total on that day, read on the replica, is one less. Each event another member."""
    from django.db import transaction

    from partyorg.core.records import LegalBasis
    from partyorg.core.replica import reading_replica
    from partyorg.members import services
    from partyorg.members.models import EventKind, MembershipInterval, Person
    from partyorg.organizations.models import Organization
    from partyorg.reports.statistics import membership_on

    day = date(2026, 6, 30)
    open_intervals = MembershipInterval.objects.filter(
        valid_from__lte=date(2026, 1, 1), valid_until__isnull=True, in_transit=False
    ).order_by("person_id")[:events]
    lags: list[float] = []
    for interval in open_intervals:
        with reading_replica():
            before = membership_on(nation, day).total.value
        with transaction.atomic():
            services.record_event.within(
                Person.objects.get(pk=interval.person_id),
                EventKind.DIED,
                day,
                organization=Organization(pk=interval.organization_id),
                legal_basis=LegalBasis("", None, ""),
                recorded_by="bench",
            )
        committed = time.perf_counter()
        assert membership_on(nation, day).total.value == before - 1  # the primary at once
        while True:
            with reading_replica():
                shown = membership_on(nation, day).total.value
            if shown == before - 1:
                break
            if time.perf_counter() - committed > 60:
                raise SystemExit("the replica did not show the event within a minute")
        lags.append((time.perf_counter() - committed) * 1000)
    return {
        "figure": "event recorded on the primary → figure on the replica",
        "scope": f"nation, {len(lags)} events",
        "shape": "lag",
        "median_ms": statistics.median(lags),
        "worst_ms": max(lags),
    }


def print_table(members: int, made: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    print(
        f"\npartyorg beyond one server — a generated nation of {members} members asked "
        f"({made.get('people', '?')} people, {made.get('facts', '?')} facts), {date.today():%d/%m/%Y}, "  # noqa: DTZ011
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    header = ("figure", "scope", "where", "median ms", "worst ms")
    lines = [
        (r["figure"], r["scope"], r["shape"], f"{r['median_ms']:.1f}",
         "" if r["worst_ms"] is None else f"{r['worst_ms']:.1f}")
        for r in rows
    ]  # fmt: skip
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, *lines]:
        print(
            "  ".join(
                v.ljust(w) if i < 3 else v.rjust(w) for i, (v, w) in enumerate(zip(line, widths, strict=True))
            )
        )


def run(members: int, events: int, keep: bool = False) -> None:
    """The whole suite; the clusters removed at the end unless ``keep``."""
    try:
        made = ensure_nation(members)
        out = subprocess.run(
            [sys.executable, "-m", "bench.scale", "measure", str(members), str(events)],
            check=True, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        print_table(members, made, json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        if keep:
            clusters.stop(clusters.HOME / "replica")
        else:
            clusters.remove()


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        run(int(sys.argv[1]), int(sys.argv[2]), keep="--keep" in sys.argv)
