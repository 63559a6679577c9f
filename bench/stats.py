"""Times of the statistics module on the demo province (Điện Biên, ~56.500 people, 205.000 events):
``python -m bench --suite stats``. Builds the demo into a new database of each kind, then times each
figure (median and worst of several runs, in one process, after one warm-up)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date

FIGURES = "figure"


def time_figures(runs: int = 7) -> list[tuple[str, str, float, float]]:
    """(figure, scope, median ms, worst ms) for the figures of the seed articles."""
    from partyorg.organizations.models import Organization
    from partyorg.reports.statistics import (
        Period,
        hamlets_on,
        members_flow,
        members_on,
        membership_on,
        organizations_on,
    )

    province = Organization.objects.get(code="T00001")
    district = Organization.objects.get(code="H00405")  # Đảng bộ huyện Điện Biên Đông
    on, half = date(2017, 6, 30), Period.half_year(2017, 1)
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("members_on", "province", lambda: members_on(province, on)),
        ("membership_on", "province", lambda: membership_on(province, on)),
        ("organizations_on", "province", lambda: organizations_on(province, on)),
        ("hamlets_on", "province", lambda: hamlets_on(province, on)),
        ("members_flow (half-year)", "province", lambda: members_flow(province, half)),
        ("membership_on", "district", lambda: membership_on(district, on)),
        ("members_flow (half-year)", "district", lambda: members_flow(district, half)),
    ]
    rows = []
    for name, scope, run in cases:
        run()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        rows.append((name, scope, statistics.median(times), max(times)))
    return rows


def main(database_url: str) -> list[tuple[str, str, float, float]]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from partyorg.demo import dienbien_province
    from partyorg.exchange.load import load

    call_command("migrate", verbosity=0)
    load((None, record) for record in dienbien_province())
    return time_figures()
