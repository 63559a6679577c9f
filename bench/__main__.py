"""Benchmarks: ``python3 dev.py bench [--members 50000 150000] [--databases sqlite postgres]``.

Loading a province: a generated province is written to a JSON Lines file, then loaded with
``partyorg import`` into a new, empty database, in a separate process whose wall time and peak
memory (the operating system's maximum resident set size) are measured. Events per second are the
loaded events over that wall time, schema creation included.

PostgreSQL is the server named by ``BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); each run creates and drops its own database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PARTYORG = Path(sys.executable).parent / "partyorg"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory in MiB of that one child process (``wait4``), and its output."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if child.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return wall, usage.ru_maxrss / 1024, output


def postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_benchmark(members: list[int], databases: list[str], workdir: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for count in members:
        data = workdir / f"tinh-{count}.jsonl"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'gen.sqlite3'}"}
        generated = subprocess.run(
            [sys.executable, "-c", GENERATE, str(count), str(data)], env=env, capture_output=True, text=True
        )
        if generated.returncode:
            raise SystemExit(generated.stderr)
        events = sum(1 for line in data.open() if '"type": "event"' in line or '"type":"event"' in line)
        for database in databases:
            if database == "sqlite":
                url = f"sqlite:///{workdir / f'load-{count}.sqlite3'}"
            else:
                url = postgres_database(f"partyorg_bench_{count}")
            wall, peak, _ = run_measured(
                [str(PARTYORG), "import", str(data)], {**os.environ, "DATABASE_URL": url}
            )
            rows.append(
                {
                    "members": count,
                    "database": database,
                    "events": events,
                    "seconds": round(wall, 1),
                    "events_per_second": round(events / wall),
                    "peak_mib": round(peak),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
            if database == "postgres":
                drop_postgres_database(f"partyorg_bench_{count}")
    return rows


GENERATE = """
import sys, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
django.setup()
from pathlib import Path
from partyorg.exchange.formats import write_file
from partyorg.generator import generate_province
write_file(generate_province(int(sys.argv[1]), seed=1), Path(sys.argv[2]))
"""


def print_table(rows: list[dict[str, object]]) -> None:
    print()
    print(
        f"partyorg load benchmark — {date.today():%d/%m/%Y}, {os.cpu_count()} cores, "  # noqa: DTZ011
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    print(f"{'members':>9} {'database':<9} {'events':>9} {'seconds':>8} {'events/s':>9} {'peak MiB':>9}")
    for row in rows:
        print(
            f"{row['members']:>9} {row['database']:<9} {row['events']:>9} {row['seconds']:>8} "
            f"{row['events_per_second']:>9} {row['peak_mib']:>9}"
        )


STATS = """
import json, sys
from bench.stats import main
print(json.dumps(main(sys.argv[1], built=len(sys.argv) > 2)))
"""


def stats_suite(databases: list[str], demo: Path | None = None) -> None:
    """Each database in its own process: Django reads DATABASE_URL once. ``demo``: a SQLite demo
    database built before, copied (never written) for the SQLite run instead of building one."""
    print(f"partyorg statistics on the demo province — {date.today():%d/%m/%Y}, {os.cpu_count()} cores")  # noqa: DTZ011
    print(f"{'figure':<34} {'scope':<9} {'database':<9} {'median ms':>10} {'p95 ms':>9} {'plain/fast':>10}")
    with tempfile.TemporaryDirectory(prefix="partyorg-bench-") as workdir:
        for database in databases:
            url = (
                f"sqlite:///{workdir}/stats.sqlite3"
                if database == "sqlite"
                else postgres_database(f"partyorg_bench_stats_{os.getpid()}")
            )
            built = database == "sqlite" and demo is not None
            if database == "sqlite" and demo is not None:
                import sqlite3

                with sqlite3.connect(demo) as original, sqlite3.connect(f"{workdir}/stats.sqlite3") as copy:
                    original.backup(copy)
            result = subprocess.run(
                [sys.executable, "-c", STATS, url, *(["built"] if built else [])],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if result.returncode:
                raise SystemExit(result.stderr)
            fast = 0.0
            for name, scope, median, worst in json.loads(result.stdout.strip().splitlines()[-1]):
                ratio = f"{median / fast:.0f}×" if name.strip() == "plain scan" and fast else ""
                fast = median
                print(
                    f"{name:<34} {scope:<9} {database:<9} {median:>10.1f} {worst:>9.1f} {ratio:>10}",
                    flush=True,
                )
            if database == "postgres":
                drop_postgres_database(f"partyorg_bench_stats_{os.getpid()}")


def reform_suite(members: int, databases: list[str]) -> None:
    """The 2025 reform of a generated province on each database, each in its own process."""
    print(f"the 01/07/2025 reform of a generated province of {members} members — {date.today():%d/%m/%Y}")  # noqa: DTZ011
    with tempfile.TemporaryDirectory(prefix="partyorg-bench-") as workdir:
        for database in databases:
            url = (
                f"sqlite:///{workdir}/reform.sqlite3"
                if database == "sqlite"
                else postgres_database("partyorg_bench_reform")
            )
            result = subprocess.run(
                [sys.executable, "-m", "bench.reform", url, str(members)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if result.returncode:
                raise SystemExit(result.stderr)
            seconds = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{database:<9} load {seconds['load']:.1f} s, reform {seconds['reform']:.1f} s, "
                f"every derived row rebuilt {seconds['rebuild_all']:.1f} s",
                flush=True,
            )
            if database == "postgres":
                drop_postgres_database("partyorg_bench_reform")


def nation_suite(members: int, databases: list[str]) -> None:
    """The national benchmark (``bench/nation.py``): the dataset made once per database and kept,
    a full rebuild of the stock tables timed, then every figure; each step a process of its own
    whose wall time and peak memory are measured."""
    from bench import nation

    nation.OUT.mkdir(exist_ok=True)
    sqlite = f"sqlite:///{nation.OUT / f'nation-{members}.sqlite3'}"
    urls = {"sqlite": sqlite, "postgres": POSTGRES.rsplit("/", 1)[0] + f"/partyorg_bench_nation_{members}"}

    def step(name: str, database: str) -> tuple[Any, float, float]:
        args = [sys.executable, "-m", "bench.nation", name, urls[database], str(members)]
        wall, peak, output = run_measured(args, {**os.environ, "PYTHONPATH": str(ROOT)})
        return json.loads(output.strip().splitlines()[-1]), wall, peak

    made: dict[str, str] = {}
    for database in ["sqlite", *(d for d in databases if d == "postgres")]:  # PostgreSQL copies SQLite
        done = nation.OUT / f"nation-{members}.{database}.done"
        if not done.exists():
            if database == "postgres":
                postgres_database(f"partyorg_bench_nation_{members}")
            result, wall, peak = step("generate" if database == "sqlite" else "copy", database)
            done.write_text(json.dumps({**result, "wall_s": round(wall), "peak_mib": round(peak)}))
        made[database] = done.read_text()
    rows: list[tuple[str, ...]] = []
    for database in databases:
        print(f"{database}: the dataset as made: {made[database]}", flush=True)
        result, wall, peak = step("rebuild", database)
        rows.append(
            (
                "full rebuild of the stock tables",
                "nation",
                database,
                f"{wall * 1000:.0f}",
                "",
                "",
                "",
                f"{peak:.0f}",
            )
        )
        figures, _, peak = step("figures", database)
        for f in figures:
            plain = f.get("plain_ms")
            ratio = f"{plain / f['median_ms']:.0f}×" if plain else ""
            rows.append(
                (f["figure"], f["scope"], database, f"{f['median_ms']:.1f}", f"{f['worst_ms']:.1f}",
                 f"{plain:.0f}" if plain else "", ratio, f"{peak:.0f}")
            )  # fmt: skip
    today = date.today()  # noqa: DTZ011
    print(
        f"\npartyorg national benchmark — {members} members asked, {today:%d/%m/%Y}, {os.cpu_count()} cores"
    )
    header = ("figure", "scope", "database", "median ms", "worst ms", "plain ms", "ratio", "peak MiB")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print(
            "  ".join(
                str(v).ljust(w) if i < 3 else str(v).rjust(w)
                for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )


def reload_suite(demo: Path, databases: list[str]) -> None:
    """A province's full export loaded again into an empty database of each kind: the demo database
    ``demo`` (SQLite, as ``partyorg demo`` builds it; copied, never written) is exported to JSON Lines,
    each empty database is migrated, the file imported, then exported again and compared with the
    first file line by line. Each step is a process of its own whose wall time and peak memory are
    measured."""
    if not demo.exists():
        raise SystemExit(f"{demo}: no demo database (partyorg demo builds one)")
    print(f"a full export of {demo} loaded again — {date.today():%d/%m/%Y}, {os.cpu_count()} cores")  # noqa: DTZ011
    with tempfile.TemporaryDirectory(prefix="partyorg-bench-") as workdir:
        work = Path(workdir)
        source = work / "demo.sqlite3"
        import sqlite3

        with sqlite3.connect(demo) as original, sqlite3.connect(source) as copy:
            original.backup(copy)  # a consistent copy, also while the demo is in use
        exported = work / "export.jsonl"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{source}", "PYTHONPATH": str(ROOT)}
        wall, peak, _ = run_measured([str(PARTYORG), "export", str(exported)], env)
        records = sum(1 for _ in exported.open()) - 1
        size = exported.stat().st_size / 1e6
        print(
            f"export    {records:>10,} records, {size:.0f} MB: {wall:.0f} s, peak {peak:.0f} MiB", flush=True
        )
        for database in databases:
            url = (
                f"sqlite:///{work / 'reload.sqlite3'}"
                if database == "sqlite"
                else postgres_database("partyorg_bench_reload")
            )
            env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
            run_measured([str(PARTYORG), "migrate", "-v0"], env)  # empty: the load adds the posts' catalogue
            cpu = os.times()
            wall, peak, output = run_measured([str(PARTYORG), "import", str(exported)], env)
            used = os.times()
            seconds = used.children_user + used.children_system - cpu.children_user - cpu.children_system
            again = work / f"again-{database}.jsonl"
            run_measured([str(PARTYORG), "export", str(again)], env)
            same = _same_lines(exported, again)
            print(
                f"{database:<9} import {wall:.0f} s wall ({seconds:.0f} s of CPU), peak {peak:.0f} MiB; "
                f"exported again: {same}",
                flush=True,
            )
            if database != "sqlite":
                drop_postgres_database("partyorg_bench_reload")
            else:
                for leftover in work.glob("reload.sqlite3*"):
                    leftover.unlink()
            if output.strip():
                print("  " + output.strip().splitlines()[-1])


def _same_lines(first: Path, second: Path) -> str:
    """How two exports compare, the header aside: the same file, the same records in another
    order, or different."""
    with first.open() as a, second.open() as b:
        one, two = a.readlines()[1:], b.readlines()[1:]
    if one == two:
        return "the same file"
    return "the same records in another order" if sorted(one) == sorted(two) else "DIFFERENT"


def cadres_suite(demo: Path) -> None:
    """``bench/cadres.py`` on a copy of a demo database built before (SQLite), in its own process."""
    with tempfile.TemporaryDirectory(prefix="partyorg-bench-") as workdir:
        copy = Path(workdir) / "cadres.sqlite3"
        shutil.copyfile(demo, copy)
        url = f"sqlite:///{copy}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "partyorg.settings"}
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], check=True, cwd=ROOT, env=env)
        result = subprocess.run(
            [sys.executable, "-m", "bench.cadres", url], capture_output=True, text=True, cwd=ROOT
        )
        if result.returncode:
            raise SystemExit(result.stderr)
        print("\n".join(result.stdout.strip().splitlines()[:-1]), flush=True)  # the table, not its JSON


def main() -> None:
    parser = argparse.ArgumentParser(prog="python3 dev.py bench", description=__doc__)
    parser.add_argument(
        "--suite",
        choices=["load", "stats", "nation", "reform", "reload", "scale", "cadres"],
        default="load",
        help="load: loading provinces; stats: figures and pages on the demo province; nation: the national "
        "dataset (--members, default 5.600.000) and its figures; reform: the 2025 reform of a generated "
        "province (--members, default 30.000); reload: the demo province's full export loaded again "
        "into empty databases (--demo); scale: a generated nation (--members, default 1.000.000) on "
        "PostgreSQL clusters of its own, its figures with and without partitioning, and read from a "
        "streaming replica (--events: the events whose lag is measured; --keep: keep the clusters); "
        "cadres: the cadre figures and forms 8B–13 on a copy of a built demo database (--demo, SQLite)",
    )
    parser.add_argument("--members", type=int, nargs="+", default=None)
    parser.add_argument(
        "--demo",
        type=Path,
        default=None,
        help="reload: the demo database to export (default partyorg.sqlite3); stats: a demo database built "
        "before, copied for the SQLite run instead of building one",
    )
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    if options.suite == "scale":
        from bench import scale

        scale.run((options.members or [1_000_000])[0], options.events, keep=options.keep)
        return
    if options.suite == "stats":
        stats_suite(options.databases, options.demo)
        return
    if options.suite == "cadres":
        cadres_suite(options.demo or ROOT / "partyorg.sqlite3")
        return
    if options.suite == "reform":
        reform_suite((options.members or [30_000])[0], options.databases)
        return
    if options.suite == "reload":
        reload_suite(options.demo or ROOT / "partyorg.sqlite3", options.databases)
        return
    if options.suite == "nation":
        nation_suite((options.members or [5_600_000])[0], options.databases)
        return
    with tempfile.TemporaryDirectory(prefix="partyorg-bench-") as workdir:
        rows = load_benchmark(sorted(options.members or [50_000, 150_000]), options.databases, Path(workdir))
    print_table(rows)


if __name__ == "__main__":
    main()
