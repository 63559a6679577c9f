"""Times of the cadre figures on the demo province (issue 17 asks each ≤ 100 ms):
``python -m bench.cadres DATABASE_URL``, on a database the demo built (``partyorg demo --no-serve``,
or a copy of one: the figures only read it).

The figures of ``reports.statistics.cadres`` (a unit's staff on a day: category, qualifications,
political theory and who is studying it, age bands, women, ethnic minority, party members, in one
``staff_of``; the province's cadres, ``staff_under``) and forms 8B–13 as ``partyorg report`` builds
them (statistics and layout, not the file), for 2024 (with districts) and 2025 (after the reform).
Median and 95th percentile of several runs in one process after one warm-up, and the median of the
process's CPU time over the same runs (on SQLite the queries run in the process, so on a busy machine
the CPU time is what the figure would take on an idle one: the wall time waits for a core), printed
as a table with the load average and, last, as JSON."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date

from bench.stats import timed as _timed


def _with_cpu(run: Callable[[], object], spent: list[float]) -> Callable[[], object]:
    """``run``, noting the CPU milliseconds of each call in ``spent``."""

    def measured() -> object:
        started = time.process_time()
        try:
            return run()
        finally:
            spent.append((time.process_time() - started) * 1000)

    return measured


def time_cadre_figures(runs: int = 7) -> list[tuple[str, str, float, float, float]]:
    """(figure, scope, median ms, p95 ms, median CPU ms)."""
    from partyorg.cadres.models import Unit
    from partyorg.demo.cadres import BTC, SEED_DAY
    from partyorg.organizations.models import Organization
    from partyorg.reports.documents import CADRE_FORMS, cadre_forms
    from partyorg.reports.statistics import Period
    from partyorg.reports.statistics.cadres import staff_of, staff_under

    province = Organization.objects.get(code="T00001")
    ban = Unit.objects.get(code=BTC)
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("staff_of (every figure) 30/06/2018", "Ban", lambda: staff_of([ban], SEED_DAY)),
        ("  opened: the studying's people", "Ban", lambda: list(staff_of([ban], SEED_DAY).studying.people())),
        ("staff_under 31/12/2024", "province", lambda: staff_under(province, date(2024, 12, 31))),
        ("staff_under 31/12/2025", "province", lambda: staff_under(province, date(2025, 12, 31))),
    ]
    for year in (2024, 2025):
        period = Period(date(year, 1, 1), date(year + 1, 1, 1))
        for name in CADRE_FORMS:
            cases.append(
                (
                    f"{name} {year}",
                    "province",
                    lambda name=name, period=period: cadre_forms.sheet_for(name, province, period),  # type: ignore[misc]
                )
            )
    spent: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    rows = _timed([(name, scope, _with_cpu(run, spent[name])) for name, scope, run in cases], runs)
    # the first call of each is the warm-up, as for the wall times
    return [(name, scope, wall, p95, statistics.median(spent[name][1:])) for name, scope, wall, p95 in rows]


def main(database_url: str) -> list[tuple[str, str, float, float, float]]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    return time_cadre_figures()


if __name__ == "__main__":
    rows = main(sys.argv[1])
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"partyorg cadre figures on the demo province — {date.today():%d/%m/%Y}, {os.cpu_count()} cores,"  # noqa: DTZ011
        f" load average {load} at the end"
    )
    print(f"{'figure':<40} {'scope':<9} {'median ms':>10} {'p95 ms':>9} {'CPU ms':>8}")
    for name, scope, median, worst, cpu in rows:
        print(f"{name:<40} {scope:<9} {median:>10.1f} {worst:>9.1f} {cpu:>8.1f}")
    print(json.dumps(rows))
