"""Times of the statistics module and of the pages on the demo province (Điện Biên, ~56.500 people,
205.000 events): ``python -m bench --suite stats``. Builds the demo into a new database of each
kind, then times each figure, and each page rendered at the server for a signed-in province officer
and cell secretary (Django's test client: the whole request, middleware and template included,
no network), median and 95th percentile of several runs in one process after one warm-up."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date

FIGURES = "figure"


def timed(
    cases: list[tuple[str, str, Callable[[], object]]], runs: int
) -> list[tuple[str, str, float, float]]:
    rows = []
    for name, scope, run in cases:
        run()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        rows.append(
            (name, scope, statistics.median(times), times[min(len(times) - 1, round(0.95 * len(times)))])
        )
    return rows


def time_pages(runs: int = 20) -> list[tuple[str, str, float, float]]:
    """(page, user, median ms, p95 ms): each page as the demo's users see it, on 30/06/2017."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from partyorg.accounts.models import Assignment
    from partyorg.demo.accounts import ensure_demo_users
    from partyorg.members.models import MembershipInterval
    from partyorg.organizations.models import Organization

    settings.ALLOWED_HOSTS = ["testserver"]
    ensure_demo_users()
    from partyorg.core.runtime import settle

    settle()  # as partyorg/wsgi.py does in a server process
    officer, secretary = Client(), Client()
    officer.force_login(User.objects.get(username="bantochuc"))
    secretary.force_login(User.objects.get(username="bithu"))
    cell = Organization.objects.get(pk=Assignment.objects.get(user__username="bithu").organization_id)
    member = MembershipInterval.objects.filter(organization=cell).select_related("person").first()
    assert member is not None
    on = "?on=30/06/2017"

    def page(client: Client, url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    return timed(
        [
            ("page: dashboard", "province", page(officer, f"/{on}")),
            ("  its deadlines (htmx)", "province", page(officer, f"/tong-quan/T00001/viec-den-han/{on}")),
            ("page: organization", "province", page(officer, f"/to-chuc/T00001/{on}")),
            ("page: organization", "district", page(officer, f"/to-chuc/H00405/{on}")),
            ("page: members, page 1", "province", page(officer, f"/dang-vien/{on}")),
            ("page: members, search", "province", page(officer, f"/dang-vien/{on}&q=lo+thi")),
            ("page: member", "province", page(officer, f"/dang-vien/{member.person.code}/{on}")),
            ("page: dashboard", "cell", page(secretary, f"/{on}")),
            ("page: members", "cell", page(secretary, f"/dang-vien/{on}")),
        ],
        runs,
    )


def time_figures(runs: int = 7) -> list[tuple[str, str, float, float]]:
    """(figure, scope, median ms, p95 ms) for the figures of the seed articles."""
    from partyorg.organizations.models import Organization, OrgVersion
    from partyorg.reports.documents import membership
    from partyorg.reports.statistics import (
        Period,
        hamlets_on,
        members_flow,
        members_on,
        membership_on,
        organizations_on,
    )
    from partyorg.reports.statistics.entered import achievement, share_of_staff
    from partyorg.reports.statistics.flows import members_flow_scan
    from partyorg.reports.statistics.stocks import members_scan, membership_scan

    province = Organization.objects.get(code="T00001")
    org_commission = OrgVersion.objects.get(name="Chi bộ Ban Tổ chức Tỉnh ủy").organization
    district = Organization.objects.get(code="H00405")  # Đảng bộ huyện Điện Biên Đông
    on, half = date(2017, 6, 30), Period.half_year(2017, 1)
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("members_on", "province", lambda: members_on(province, on).value),
        ("  plain scan", "province", lambda: members_scan(province, on).value),
        ("membership_on", "province", lambda: membership_on(province, on).women.value),
        ("  plain scan", "province", lambda: membership_scan(province, on).women.value),
        ("organizations_on", "province", lambda: organizations_on(province, on)),
        ("hamlets_on", "province", lambda: hamlets_on(province, on)),
        ("hamlets_on 31/12/2016", "province", lambda: hamlets_on(province, date(2016, 12, 31))),
        ("form 3, every line", "province", lambda: membership.lines(province, on)),
        ("members_flow (half-year)", "province", lambda: members_flow(province, half)),
        ("  plain scan", "province", lambda: members_flow_scan(province, half)),
        ("membership_on", "district", lambda: membership_on(district, on).women.value),
        ("  plain scan", "district", lambda: membership_scan(district, on).women.value),
        ("membership_on", "cell", lambda: membership_on(org_commission, on).women.value),
        ("  plain scan", "cell", lambda: membership_scan(org_commission, on).women.value),
        ("membership_on, opened", "province", lambda: membership_on(province, on).women.person_ids),
        ("members_flow (half-year)", "district", lambda: members_flow(district, half)),
        ("achievement (plan)", "province", lambda: achievement(province, on)),
        ("share_of_staff", "cell", lambda: share_of_staff(org_commission, date(2017, 2, 17))),
    ]
    return timed(cases, runs)


def time_yearly_work(runs: int = 7, plain_runs: int = 2) -> list[tuple[str, str, float, float]]:
    """The yearly-work figures and the breakdowns of forms 2, 3 and 5 of the province (issue 18),
    each on its fast path and, below it, the plain scan of the same figure where there is one (fewer
    runs: the dues' plain scan takes seconds)."""
    from partyorg.organizations.models import Organization
    from partyorg.reports.documents import admissions, membership
    from partyorg.reports.statistics import Period
    from partyorg.reports.statistics.dues import dues_collection, dues_collection_scan
    from partyorg.reports.statistics.meetings import meeting_figures, meeting_figures_scan
    from partyorg.reports.statistics.ratings import member_ratings, member_ratings_scan
    from partyorg.reports.statistics.sectors import organizations_by_sector
    from partyorg.reports.statistics.stocks import membership_breakdown, membership_breakdown_scan

    province = Organization.objects.get(code="T00001")
    district = Organization.objects.get(code="H00405")
    half = Period.half_year(2026, 1)  # the demo's dues and meetings run to 06/2026
    on, first_half = date(2017, 6, 30), Period.half_year(2017, 1)
    mid_month = date(2017, 7, 14)  # from the counts of 30/06 and the facts since
    rows = []
    cases: list[tuple[str, str, Callable[[], object], Callable[[], object] | None]] = [
        (
            "dues due vs collected (half-year)",
            "province",
            lambda: dues_collection(province, half).collected,
            lambda: dues_collection_scan(province, half).collected,
        ),
        (
            "cell meetings (half-year)",
            "province",
            lambda: meeting_figures(province, half).attendance.share,
            lambda: meeting_figures_scan(province, half).attendance.share,
        ),
        (
            "members' ratings of 2025",
            "province",
            lambda: member_ratings(province, 2025).sentence(),
            lambda: member_ratings_scan(province, 2025).sentence(),
        ),
        (
            "form 3's breakdowns",
            "province",
            lambda: membership_breakdown(province, on).total.value,
            lambda: membership_breakdown_scan(province, on).total.value,
        ),
        (
            "form 3's breakdowns",
            "district",
            lambda: membership_breakdown(district, on).total.value,
            lambda: membership_breakdown_scan(district, on).total.value,
        ),
        (
            "form 3's breakdowns, 14/07/2017",
            "province",
            lambda: membership_breakdown(province, mid_month).total.value,
            lambda: membership_breakdown_scan(province, mid_month).total.value,
        ),
        ("form 3, every line and breakdown", "province", lambda: membership.lines(province, on), None),
        ("form 3, every line and breakdown", "district", lambda: membership.lines(district, on), None),
        ("form 2 (half-year), every line", "province", lambda: admissions.lines(province, first_half), None),
        ("form 5, sectors", "province", lambda: organizations_by_sector(province, on), None),
    ]
    for name, scope, fast, plain in cases:
        rows += timed([(name, scope, fast)], runs)
        if plain is not None:
            rows += timed([("  plain scan", scope, plain)], plain_runs)
    return rows


def time_command_line(database_url: str, runs: int = 5) -> list[tuple[str, str, float, float]]:
    """``partyorg --help`` and form 1 of the province written to xlsx, each a process of its own
    from start to exit (wall time): what an officer waits for at the command line."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    partyorg = str(Path(sys.executable).parent / "partyorg")
    env = {**os.environ, "DATABASE_URL": database_url}
    rows = []
    with tempfile.TemporaryDirectory(prefix="partyorg-bench-") as out:
        form = [partyorg, "report", "members-flow", "--org", "T00001", "--from", "01/01/2017", "--to",
                "30/06/2017", "--out", f"{out}/bieu-1.xlsx"]  # fmt: skip
        for name, scope, args in [
            ("partyorg --help", "", [partyorg, "--help"]),
            ("form 1 to xlsx", "province", form),
        ]:
            subprocess.run(args, env=env, check=True, capture_output=True)  # warm the file cache
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                subprocess.run(args, env=env, check=True, capture_output=True)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            rows.append((f"command: {name}", scope, statistics.median(times), times[-1]))
    return rows


def main(database_url: str, built: bool = False) -> list[tuple[str, str, float, float]]:
    """Build the demo into the empty database ``database_url`` and time it; ``built``: the database
    is a copy of a demo built before (``--demo``), migrated and its derived tables made again."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if built:
        from django.db import transaction

        from partyorg.meetings import summary as meetings_summary
        from partyorg.ratings import summary as ratings_summary
        from partyorg.reports import breakdown_summary

        with transaction.atomic():  # what `partyorg rebuild` makes of the yearly work's summaries
            ratings_summary.rebuild()
            meetings_summary.rebuild_months()
            breakdown_summary.rebuild()  # form 3's breakdowns (a copy from before they came)
    else:
        from django.utils import timezone

        from partyorg.demo import dienbien_province
        from partyorg.demo.work import populate
        from partyorg.exchange.load import load

        load((None, record) for record in dienbien_province())
        for _step in populate(today=timezone.localdate()):  # the yearly work, as `partyorg demo` adds it
            pass
    return time_figures() + time_yearly_work() + time_command_line(database_url) + time_pages()
