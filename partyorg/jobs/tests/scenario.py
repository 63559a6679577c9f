"""A partyorg process of its own for the worker tests, on the database of ``DATABASE_URL``, with
``DJANGO_SETTINGS_MODULE=partyorg.jobs.tests.settings`` (uploads under ``PARTYORG_TEST_MEDIA``).

``python -m partyorg.jobs.tests.scenario file MEMBERS PATH``: a generated province of MEMBERS
members (:func:`partyorg.generator.generate_province`, seed 1) as a JSON Lines file; prints how
many people it holds.

``python -m partyorg.jobs.tests.scenario apply PATH``: a superuser ``quantri``, the file kept as an
upload already checked without a problem, and its apply queued, as the import page's "Áp dụng"
does (a background job for ``partyorg worker``); prints the upload's id. ``check PATH``: the same
file uploaded, its check queued ("Kiểm tra").

``python -m partyorg.jobs.tests.scenario secretary STOP OUT``: the small tree of
:mod:`partyorg.testing`, then, until the file ``STOP`` exists, the secretary of its cell Chi bộ bản
Na Ten records one cell meeting after another (``meetings.services.record_meeting``, each on a day
of its own), writing to OUT one JSON line a meeting: when it began (epoch seconds), how long it
took, and the error if it failed.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path


def file(members: int, path: Path) -> None:
    from partyorg.exchange.formats import write_file
    from partyorg.generator import generate_province
    from partyorg.members.interchange import PersonRecord

    records = list(generate_province(members, seed=1))
    write_file(records, path)
    print(sum(isinstance(r, PersonRecord) for r in records))


def upload(path: Path, *, checked: bool) -> None:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from partyorg.web import import_jobs
    from partyorg.web.models import ImportJob, ImportStatus, import_dir

    user = User.objects.filter(username="quantri").first() or User.objects.create_superuser(
        "quantri", password="mat-khau-du-dai"
    )
    stored = f"{uuid.uuid4().hex}{path.suffix}"
    import_dir().mkdir(parents=True, exist_ok=True)
    shutil.copy(path, import_dir() / stored)
    job = ImportJob.objects.create(
        user=user,
        file_name=path.name,
        stored_name=stored,
        size=path.stat().st_size,
        created_at=timezone.now(),
        status=ImportStatus.CHECKED if checked else ImportStatus.UPLOADED,
        checked_at=timezone.now() if checked else None,
    )
    assert import_jobs.apply(job) if checked else import_jobs.check(job)
    print(job.pk)


def secretary(stop: Path, out: Path) -> None:
    import json
    import time
    from datetime import date, timedelta

    from partyorg import testing
    from partyorg.meetings import services
    from partyorg.meetings.models import MeetingKind

    tree = testing.build_tree()
    with out.open("a") as lines:
        n = 0
        while not stop.exists():
            began = time.time()
            error = ""
            try:
                services.record_meeting(
                    tree.cell_a,
                    kind=MeetingKind.REGULAR,
                    held_on=date(2001, 1, 1) + timedelta(days=n),
                    duration_minutes=90,
                    recorded_by="bithu",
                )
            except Exception as failed:
                error = str(failed)
            lines.write(json.dumps({"began": began, "took": time.time() - began, "error": error}) + "\n")
            lines.flush()
            n += 1
            time.sleep(0.1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.jobs.tests.settings")
    import django

    django.setup()
    if sys.argv[1] == "file":
        file(int(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1] == "secretary":
        secretary(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        upload(Path(sys.argv[2]), checked=sys.argv[1] == "apply")
