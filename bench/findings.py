"""Times of the import's findings page (issue 15) on the demo province: ``python -m bench.findings
DATABASE_URL``, on a database the demo built (or a copy of one: everything the bench writes, a
job and two users, is rolled back at the end; the findings file goes to a temporary directory).

A findings file as large as the demo's own (56.443 findings of the 3-official-members rule, on
31/12 of 1995–2024, about the province's cells) is read by the page ``/nap-tep/<id>/phat-hien/``
for a superuser (no scope check) and for the province's officer who uploaded it (each finding held
against the scope on its day), unfiltered, on its 500th page, and filtered by year and by a name.
Median of several runs after one warm-up, printed as a table and, last, as JSON."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date

FINDINGS = 56_443


class _RolledBack(Exception):
    pass


def main() -> None:
    if len(sys.argv) > 1:
        os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="partyorg-bench-")
    results: list[dict[str, object]] = []
    try:
        with transaction.atomic():
            _run(results)
            raise _RolledBack
    except _RolledBack:
        pass
    print(json.dumps(results, ensure_ascii=False))


def _run(results: list[dict[str, object]]) -> None:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from partyorg.accounts.models import Assignment, Role
    from partyorg.exchange.report import FindingsFile, LoadFinding
    from partyorg.organizations.models import OrgKind, OrgVersion
    from partyorg.rules import organization as org_rules
    from partyorg.web.models import ImportJob, ImportStatus

    rule = org_rules.MIN_OFFICIAL_MEMBERS_RULE
    versions = OrgVersion.objects
    cells = list(
        versions.filter(kind=OrgKind.GRASSROOTS_CELL).values_list("organization__code", "name").distinct()
    )
    province = versions.filter(kind=OrgKind.PROVINCE).values_list("organization_id", flat=True).first()
    if province is None:
        raise SystemExit("no province in this database: run it on the demo's")
    root = User.objects.create_superuser("bench-root", password="x")
    officer = User.objects.create_user("bench-tinh", password="x")
    Assignment.objects.create(
        user=officer, organization_id=province, role=Role.EDIT, granted_at=timezone.now(), granted_by="bench"
    )
    job = ImportJob.objects.create(
        user=officer, file_name="tinh.jsonl", stored_name="bench.jsonl", size=1, created_at=timezone.now()
    )
    job.findings_path.parent.mkdir(parents=True, exist_ok=True)
    every = FindingsFile(job.findings_path)
    written = 0
    while written < FINDINGS:
        for code, name in cells:
            for year in range(1995, 2025):
                text = f"{name}, ngày 31/12/{year}: chưa đủ 3 đảng viên chính thức"
                every.write(LoadFinding(rule, code, name, date(year, 12, 31), text))
                written += 1
                if written == FINDINGS:
                    break
            if written == FINDINGS:
                break
    every.close(keep=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED, finding_count=written, finding_rules=[[rule.title, rule.code, written]]
    )
    url = f"/nap-tep/{job.pk}/phat-hien/"
    print(f"{'người đọc':<12} {'lọc':<24} {'số dòng':>8} {'trung vị (s)':>12}")
    for who, user in (("quản trị", root), ("tỉnh", officer)):
        client = Client()
        client.force_login(user)
        for label, params in (
            ("", {}),
            ("trang 500", {"page": "500"}),
            ("năm 2017", {"nam": "2017"}),
            ("tên “muong lay”", {"to-chuc": "muong lay"}),
        ):
            client.get(url, params, secure=True)
            times = []
            total = 0
            for _ in range(3):
                started = time.perf_counter()
                response = client.get(url, params, secure=True)
                times.append(time.perf_counter() - started)
                total = response.context["total"]
            median = statistics.median(times)
            print(f"{who:<12} {label:<24} {total:>8} {median:>12.2f}")
            results.append({"reader": who, "filter": label, "rows": total, "median_s": round(median, 3)})


if __name__ == "__main__":
    main()
