"""The import job runner: a check or a load of an uploaded interchange file, run in a thread of
the server process, one file at a time, with its progress for the page that polls it.

A check reads the file, holds every record against the uploader's scope
(:func:`partyorg.exchange.scope_check.out_of_scope`) and runs :func:`~partyorg.exchange.load.load`
in a transaction that is then rolled back, so the officer sees exactly what would be created, what
is already there, and every problem, before anything is written. Applying runs the same load for
real, once more after the same scope check (the scope may have changed since).

The load is one transaction: on SQLite it holds the database's only write lock until it ends, so
writing progress to the job's row from another connection would wait for that lock (ECOSYSTEM.md,
pitfall 1) — and on PostgreSQL it would need a second connection for nothing. So a running job's
progress lives in Django's cache, keyed by the job's id, and the row is written only between
phases, outside the load's transaction: its status, the total once the file has been read, and the
report at the end. A server with several processes shows the phase from the row and the numbers
only in the process that runs the job.

The rows themselves belong to whoever keeps the jobs (the web's ``ImportJob``): the runner reads
and writes them through a :class:`JobStore`, so that nothing here depends on the pages. The
statuses it writes are the values of ``partyorg.web.models.ImportStatus`` (:data:`CHECKED` …).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.accounts.scope import Scope
from partyorg.exchange.formats import read_file
from partyorg.exchange.load import LoadReport, load
from partyorg.exchange.records import ExchangeError, Location, Problem, Record
from partyorg.exchange.report import FindingGroup
from partyorg.exchange.scope_check import out_of_scope
from partyorg.organizations.models import Organization

__all__ = [
    "BACKGROUND",
    "CHECKED",
    "DONE",
    "FAILED",
    "PHASES",
    "REFUSED",
    "JobRow",
    "JobStore",
    "apply_job",
    "check_job",
    "note_progress",
    "read_progress",
    "start",
]

logger = logging.getLogger(__name__)

# Tests switch this off to run a job in the request that starts it, on the test's connection.
BACKGROUND = True
PROGRESS_EVERY = 500  # records between two progress notes
PROGRESS_SECONDS = 24 * 60 * 60
SAVE_ATTEMPTS = 30
FINDING_GROUPS = 500  # groups of findings (rule, organization) kept with a job

# What the runner makes of a job (the values of partyorg.web.models.ImportStatus).
CHECKED, REFUSED, DONE, FAILED = "checked", "refused", "done", "failed"

PHASES = {
    "waiting": gettext_lazy("Đang chờ lượt: một tệp khác đang được kiểm tra hoặc nạp"),
    "reading": gettext_lazy("Đọc tệp và kiểm tra phạm vi được giao"),
    "trial": gettext_lazy("Chạy thử (không ghi gì)"),
    "loading": gettext_lazy("Nạp các bản ghi"),
    "finishing": gettext_lazy("Dựng lại quá trình của từng người và kiểm tra toàn bộ"),
}

# One job at a time in this process: on SQLite two loads would wait on each other's write lock.
_one_at_a_time = threading.Lock()


class JobRow(Protocol):
    """What the runner reads of a job's row."""

    pk: Any
    user: Any  # the uploader, whose scope today the file is held against
    file_name: str  # as uploaded: every problem names it
    progress_total: int  # the records counted by the check
    MAX_PROBLEMS: int  # problems kept with the job (all of them are counted)

    @property
    def path(self) -> Path: ...  # where the uploaded file is kept

    @property
    def findings_path(self) -> Path: ...  # where every finding of its last check or load is kept


class JobStore(Protocol):
    """Where the jobs' rows are kept: the runner fetches a job by id and writes its row."""

    def get(self, job_pk: int) -> JobRow: ...

    def update(self, job_pk: int, **values: Any) -> None: ...


Work = Callable[["JobStore", JobRow], None]


# -- progress -------------------------------------------------------------------------------------


def _progress_key(job_pk: int) -> str:
    return f"partyorg:import:{job_pk}"


def note_progress(job_pk: int, phase: str, done: int, total: int) -> None:
    cache.set(_progress_key(job_pk), {"phase": phase, "done": done, "total": total}, PROGRESS_SECONDS)


def read_progress(job_pk: int, done: int, total: int, status: str) -> dict[str, Any]:
    """The phase and counts of a busy job: from the cache while its thread notes them, else what
    its row says (``done`` and ``total`` of its records, its ``status`` as shown)."""
    noted = cache.get(_progress_key(job_pk))
    if not isinstance(noted, dict):
        noted = {"phase": "", "done": done, "total": total}
    total, done = noted["total"], noted["done"]
    return {
        "phase": PHASES.get(noted["phase"], status),
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else None,
        # No count to show: waiting for the lock, reading a file of unknown length, or the
        # loader's work after the last record (folding every person's log, the checks).
        "indeterminate": not total or noted["phase"] in ("waiting", "finishing"),
    }


class _Counted:
    """Passes the file's rows on, noting how many went by; a read error is kept, not raised, so
    that what the scope check found before it is not lost."""

    def __init__(self, job_pk: int, phase: str, total: int = 0) -> None:
        self.job_pk, self.phase, self.total = job_pk, phase, total
        self.count = 0
        self.error: ExchangeError | None = None

    def over(
        self, rows: Iterable[tuple[Location | None, Record]], *, keep_error: bool = False
    ) -> Iterator[tuple[Location | None, Record]]:
        note_progress(self.job_pk, self.phase, 0, self.total)
        try:
            for row in rows:
                self.count += 1
                if self.count % PROGRESS_EVERY == 0:
                    note_progress(self.job_pk, self.phase, self.count, self.total)
                yield row
        except ExchangeError as error:
            if not keep_error:
                raise
            self.error = error
        if self.phase in ("trial", "loading"):  # all read: the loader now folds and checks the whole
            note_progress(self.job_pk, "finishing", self.count, self.total)
        else:
            note_progress(self.job_pk, self.phase, self.count, self.total)


# -- the work -------------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def _trial_load(rows: Iterable[tuple[Location | None, Record]], findings_to: Path) -> LoadReport:
    """Load for real inside a transaction, then roll it back: the report of what a load would do."""
    report: LoadReport | None = None
    try:
        with transaction.atomic():
            report = load(rows, findings_to=findings_to)
            raise _DryRun
    except _DryRun:
        pass
    assert report is not None
    return report


def _read(job: JobRow) -> Iterator[tuple[Location, Record]]:
    """The uploaded file's records, every row named by the file's name as uploaded (it is stored
    under another)."""
    return read_file(job.path, job.file_name)


def _scope_problems(job: JobRow, total: int) -> tuple[list[Problem], int]:
    """The problems of reading the file and of holding it against the uploader's scope today;
    and how many records were read."""
    scope = Scope(job.user, timezone.localdate())
    counted = _Counted(job.pk, "reading", total)
    try:
        problems = out_of_scope(counted.over(_read(job), keep_error=True), scope)
    except ExchangeError as error:  # not a partyorg file at all, or an unsupported one
        return error.problems, counted.count
    return (counted.error.problems if counted.error else []) + problems, counted.count


def _save(store: JobStore, job_pk: int, **values: Any) -> None:
    """Write to the job's row, outside any load's transaction. A write refused because the
    database is locked is tried again: a job whose last status is lost would stay busy for ever
    although its load committed. (SQLite waits its busy timeout first, but not when connections
    share a cache, as in Django's in-memory test database: there it refuses at once.)"""
    for attempt in range(SAVE_ATTEMPTS):
        try:
            store.update(job_pk, **values)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == SAVE_ATTEMPTS - 1:
                raise
            time.sleep(0.2)


def _refuse(
    store: JobStore, job: JobRow, status: str, problems: list[Problem], records: int, **more: Any
) -> None:
    _save(
        store,
        job.pk,
        status=status,
        problems=[p.named(job.file_name) for p in problems[: job.MAX_PROBLEMS]],
        problem_count=len(problems),
        progress_done=records,
        progress_total=records,
        finished_at=timezone.now(),
        **more,
    )


def _finding_groups(report: LoadReport, user: Any) -> list[dict[str, Any]]:
    """The load's findings grouped by rule and organization (the first FINDING_GROUPS), each
    marked with whether the uploader reaches its organization on the group's last day: a load
    judges every cell its people were ever in, and a cell outside the uploader's scope is shown
    only as a number."""
    groups: list[FindingGroup] = report.finding_groups.groups()[:FINDING_GROUPS]
    ids = dict(
        Organization.objects.filter(code__in={g.organization for g in groups if g.organization}).values_list(
            "code", "pk"
        )
    )
    scopes: dict[Any, Scope] = {}
    kept = []
    for group in groups:
        values = group.as_json()
        org_id = ids.get(group.organization)
        if org_id is None or group.last_on is None:  # about people of the file, not an organization
            values["in_scope"] = True
        else:
            scope = scopes.setdefault(group.last_on, Scope(user, group.last_on))
            values["in_scope"] = scope.can(org_id)
        kept.append(values)
    return kept


def _report_values(report: LoadReport, records: int, user: Any) -> dict[str, Any]:
    return {
        "counts": {
            "created": dict(report.created),
            "unchanged": dict(report.unchanged),
            "seconds": round(report.seconds, 1),
            "finding_groups": len(report.finding_groups),
            "notes": report.notes,
        },
        "findings": _finding_groups(report, user),
        "finding_count": report.finding_count,
        "finding_rules": [
            [rule.title, rule.code, count] for rule, count in report.findings_by_rule.most_common()
        ],
        "problems": [],
        "problem_count": 0,
        "progress_done": records,
        "progress_total": records,
    }


def check_job(store: JobStore, job: JobRow) -> None:
    """Read, hold against the scope, load and roll back; the job becomes CHECKED (with the
    report) or REFUSED (with the problems)."""
    problems, records = _scope_problems(job, 0)
    now = timezone.now()
    if problems:
        _refuse(store, job, REFUSED, problems, records, checked_at=now)
        return
    _save(store, job.pk, progress_done=0, progress_total=records)
    try:
        report = _trial_load(_Counted(job.pk, "trial", records).over(_read(job)), job.findings_path)
    except ExchangeError as error:
        _refuse(store, job, REFUSED, error.problems, records, checked_at=now)
        return
    _save(store, job.pk, status=CHECKED, checked_at=now, **_report_values(report, records, job.user))


def apply_job(store: JobStore, job: JobRow) -> None:
    """Hold the file against the scope again, then load it: DONE, or FAILED with nothing written."""
    _save(store, job.pk, started_at=timezone.now())
    problems, records = _scope_problems(job, job.progress_total)
    if problems:
        _refuse(store, job, FAILED, problems, records)
        return
    try:
        report = load(_Counted(job.pk, "loading", records).over(_read(job)), findings_to=job.findings_path)
    except ExchangeError as error:  # the database changed since the check
        _refuse(store, job, FAILED, error.problems, records)
        return
    _save(
        store,
        job.pk,
        status=DONE,
        finished_at=timezone.now(),
        **_report_values(report, records, job.user),
    )


def _run(store: JobStore, job_pk: int, work: Work) -> None:
    """Do ``work`` for the job when no other job runs; any unexpected error fails the job."""
    note_progress(job_pk, "waiting", 0, 0)
    try:
        with _one_at_a_time:
            work(store, store.get(job_pk))
    except Exception:
        logger.exception("import job %s", job_pk)
        reason = _("Lỗi hệ thống khi xử lý tệp; không có dữ liệu nào được ghi. Hãy báo quản trị.")
        _save(store, job_pk, status=FAILED, problems=[reason], problem_count=1, finished_at=timezone.now())
    finally:
        cache.delete(_progress_key(job_pk))
        if BACKGROUND:
            connection.close()  # this thread's own connection


def start(store: JobStore, job_pk: int, work: Work) -> None:
    """Run ``work`` (:func:`check_job` or :func:`apply_job`) for the job: in a thread of its own,
    or, with :data:`BACKGROUND` off (tests), in the caller."""
    if BACKGROUND:
        threading.Thread(
            target=_run, args=(store, job_pk, work), name=f"import-{job_pk}", daemon=True
        ).start()
    else:
        _run(store, job_pk, work)
