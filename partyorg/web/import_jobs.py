"""The web's import jobs: the files officers upload, kept with their :class:`ImportJob` rows, which
the import job runner (:mod:`partyorg.jobs.imports`) reads and writes through
:class:`ImportJobs`. The import pages only call these."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from partyorg.accounts.scope import Scope
from partyorg.exchange.report import FINDINGS_HEADER
from partyorg.jobs import imports as jobs
from partyorg.organizations.models import Organization
from partyorg.web.models import ImportJob, ImportStatus, import_dir

__all__ = ["ImportJobs", "apply", "check", "findings_seen_by", "keep_upload"]


class ImportJobs:
    """The rows of :class:`ImportJob`, as the job runner's :class:`~partyorg.jobs.imports.JobStore`."""

    def get(self, job_pk: int) -> ImportJob:
        return ImportJob.objects.select_related("user").get(pk=job_pk)

    def update(self, job_pk: int, **values: Any) -> None:
        ImportJob.objects.filter(pk=job_pk).update(**values)


def keep_upload(upload: UploadedFile, user_id: int) -> ImportJob:
    """Keep an uploaded file under a name of its own, and its job, not yet checked."""
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()
    stored = f"{uuid.uuid4().hex}{suffix}"
    with (directory / stored).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return ImportJob.objects.create(
        user_id=user_id,
        file_name=Path(upload.name or stored).name[:255],
        stored_name=stored,
        size=upload.size or 0,
        created_at=timezone.now(),
    )


def _begin(job: ImportJob, allowed: dict[str, Any], work: jobs.Work, **busy: Any) -> bool:
    """Move the job from an ``allowed`` state into its busy one (``busy``; only one request can)
    and start ``work``; False when it was not in such a state."""
    started = ImportJob.objects.filter(pk=job.pk, **allowed).update(
        progress_done=0, problems=[], problem_count=0, finished_at=None, **busy
    )
    if started:
        jobs.start(ImportJobs(), job.pk, work)
    return bool(started)


def check(job: ImportJob) -> bool:
    """Check the file again (or for the first time): read, hold against the scope, load and roll
    back (:func:`partyorg.jobs.imports.check_job`). False when the job is busy or done."""
    again = (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.REFUSED, ImportStatus.FAILED)
    return _begin(
        job,
        {"status__in": again},
        jobs.check_job,
        status=ImportStatus.CHECKING,
        counts={},
        findings=[],
        finding_count=0,
        finding_rules=[],
    )


def apply(job: ImportJob) -> bool:
    """Load a file checked without a problem (:func:`partyorg.jobs.imports.apply_job`). False
    when it is not in that state."""
    return _begin(
        job, {"status": ImportStatus.CHECKED, "problem_count": 0}, jobs.apply_job, status=ImportStatus.RUNNING
    )


def findings_seen_by(job: ImportJob, user: Any) -> Iterator[list[str]]:
    """The rows of the job's findings file (header first) that ``user`` may read: all of them for
    a superuser; for the uploader, those about an organization he reaches on the finding's day and
    those about no organization (the people of his own file), as the job's page shows them."""
    path = job.findings_path
    if not path.exists():
        return
    everything = getattr(user, "is_superuser", False)
    with path.open(encoding="utf-8-sig", newline="") as kept:
        rows = csv.reader(kept)
        next(rows, None)
        yield list(FINDINGS_HEADER)
        ids: dict[str, int] | None = None
        reached: dict[str, frozenset[int]] = {}
        for row in rows:
            code, day = row[2], row[4]
            if code and not everything:
                if ids is None:  # every organization's id, once (a province has a few thousand)
                    ids = dict(Organization.objects.values_list("code", "pk"))
                org_id = ids.get(code)
                # Every organization the user reaches that day, read once a day: a province's
                # findings are about thousands of cells on a few dozen days (asking the scope about
                # each organization took minutes).
                if day not in reached:
                    on = datetime.strptime(day, "%d/%m/%Y").date()  # noqa: DTZ007
                    reached[day] = Scope(user, on).org_ids()
                if org_id is None or org_id not in reached[day]:
                    continue
            yield row
