"""The import job: a check or a load of an uploaded interchange file, queued as a background
job (:mod:`partyorg.jobs.runner`: ``partyorg worker`` runs it; the development server in a thread
of its own), one file at a time in a process, with its progress on its :class:`~partyorg.jobs.models.Job`.

A check reads the file, holds every record against the uploader's scope
(:func:`partyorg.exchange.scope_check.out_of_scope`) and runs :func:`~partyorg.exchange.load.load`
in a transaction that is then rolled back, so the officer sees exactly what would be created, what
is already there, and every problem, before anything is written. Applying runs the same load for
real, once more after the same scope check (the scope may have changed since).

The load is one transaction, so a file is written whole or not at all, also when the process
running it dies (the transaction dies with it); the job found dead is run again once
(``PARTYORG_JOBS_RESUMES``: the load is idempotent, the second run writes the whole file) or
failed with its reason. On SQLite that transaction holds the database's only write lock until
it ends: the job's row is written between phases, outside it (its status, the total once the file
has been read, the report at the end), and its progress, written by the runner's beat, stays at
the phase noted before the load until the load commits (ECOSYSTEM.md, pitfall 1).

The uploaded files' rows belong to whoever keeps them (the web's ``ImportJob``): the job reads and
writes them through a :class:`JobStore`, named on the job by its dotted path, so that nothing here
depends on the pages. The statuses it writes are the values of ``partyorg.web.models.ImportStatus``
(:data:`CHECKED` …).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.accounts.scope import Scope
from partyorg.exchange.formats import read_file
from partyorg.exchange.load import LoadReport, load
from partyorg.exchange.records import ExchangeError, Location, Problem, Record
from partyorg.exchange.report import FindingGroup
from partyorg.exchange.scope_check import out_of_scope
from partyorg.jobs import runner
from partyorg.jobs.models import Job, JobStatus
from partyorg.organizations.models import Organization

__all__ = [
    "BACKGROUND",
    "CHECKED",
    "DONE",
    "FAILED",
    "IMPORT",
    "PHASES",
    "REFUSED",
    "JobRow",
    "JobStore",
    "apply_job",
    "check_job",
    "read_progress",
    "start",
]

logger = logging.getLogger(__name__)

# Tests switch this off to run a job in the request that starts it, on the test's connection.
BACKGROUND = True
PROGRESS_EVERY = 500  # records between two progress notes
SAVE_ATTEMPTS = 30
FINDING_GROUPS = 500  # groups of findings (rule, organization) kept with a job

# What the runner makes of a job (the values of partyorg.web.models.ImportStatus).
CHECKED, REFUSED, DONE, FAILED = "checked", "refused", "done", "failed"

PHASES = {
    "queued": gettext_lazy("Đang chờ tiến trình nền (partyorg worker) nhận việc"),
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


def read_progress(job: Job | None, done: int, total: int, status: str) -> dict[str, Any]:
    """The phase and counts of a busy import, as its last background ``job`` (if any) wrote
    them; else what the import's row says (``done`` and ``total`` of its records, its ``status``
    as shown). ``since`` is when the job began its run, ``resumed`` why it was run again, and
    ``held`` whether its counts wait for the load's transaction to commit (SQLite, whose one
    write lock the load holds: the beat cannot write them during it)."""
    phase = ""
    since = None
    if job is not None and job.status == JobStatus.QUEUED:
        phase = "queued"
    elif job is not None and job.status == JobStatus.RUNNING:
        phase, since, done, total = job.phase or "waiting", job.started_at, job.done, job.total
    held = phase == "loading" and connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
    return {
        "phase": PHASES.get(phase, status),
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else None,
        # No count to show: waiting for a worker or the lock, reading a file of unknown length, the
        # load's counts held until it commits, or the loader's work after the last record (folding
        # every person's log, the checks).
        "indeterminate": not total or held or phase in ("queued", "waiting", "finishing"),
        "held": held,
        "since": since,
        "resumed": job.reason if job is not None and job.attempts >= 1 and job.reason else "",
        "in_process": runner.in_process(),
    }


class _Counted:
    """Passes the file's rows on, noting how many went by; a read error is kept, not raised, so
    that what the scope check found before it is not lost."""

    def __init__(self, phase: str, total: int = 0) -> None:
        self.phase, self.total = phase, total
        self.count = 0
        self.error: ExchangeError | None = None

    def over(
        self, rows: Iterable[tuple[Location | None, Record]], *, keep_error: bool = False
    ) -> Iterator[tuple[Location | None, Record]]:
        runner.note(self.phase, 0, self.total)
        try:
            for row in rows:
                self.count += 1
                if self.count % PROGRESS_EVERY == 0:
                    runner.note(self.phase, self.count, self.total)
                yield row
        except ExchangeError as error:
            if not keep_error:
                raise
            self.error = error
        if self.phase in ("trial", "loading"):  # all read: the loader now folds and checks the whole
            runner.note("finishing", self.count, self.total)
        else:
            runner.note(self.phase, self.count, self.total)


# -- the work -------------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def _trial_load(rows: Iterable[tuple[Location | None, Record]], findings_to: Path) -> LoadReport:
    """Load for real inside a transaction, then roll it back: the report of what a load would do.
    On SQLite the trial runs on a copy of the database (:func:`_on_a_copy`), so that the check of
    a large file never holds the write lock the pages' writes wait for."""
    report: LoadReport | None = None
    with _on_a_copy():
        try:
            with transaction.atomic():
                report = load(rows, findings_to=findings_to)
                raise _DryRun
        except _DryRun:
            pass
    assert report is not None
    return report


TRIAL_COPY = ".kiem-tra-"  # the trial's copy: DATABASE.kiem-tra-PID-RANDOM


def remove_trial_copies() -> list[Path]:
    """SQLite: the copies of trials whose process died before removing them (a kill mid-check);
    removed, and returned. A copy of a process still running is left alone."""
    main = connections[DEFAULT_DB_ALIAS]
    if main.vendor != "sqlite" or main.is_in_memory_db():  # type: ignore[attr-defined]
        return []
    database = Path(str(main.settings_dict["NAME"]))
    removed = []
    for copy in database.parent.glob(f"{database.name}{TRIAL_COPY}*"):
        pid = copy.name[len(database.name) + len(TRIAL_COPY) :].split("-", 1)[0]
        if pid.isdigit() and not runner.process_runs(int(pid)):
            copy.unlink(missing_ok=True)
            removed.append(copy)
    return removed


def copy_sqlite(database: Any, path: Path) -> None:
    """A copy of the SQLite ``database`` (a Django connection) into the file ``path``, by SQLite's
    online backup: a consistent snapshot, taken while other connections go on writing."""
    database.ensure_connection()
    target = sqlite3.connect(path)
    try:
        database.connection.backup(target)
    finally:
        target.close()


@contextmanager
def _on_a_copy() -> Iterator[None]:
    """SQLite: this thread's default connection pointed, for the block, at a copy of the database
    made with SQLite's online backup (a consistent snapshot, taken while the pages go on writing),
    kept beside it and removed after. Elsewhere (PostgreSQL, whose writers do not wait on one
    lock; an in-memory database) the block runs on the database itself."""
    main = connections[DEFAULT_DB_ALIAS]
    name = str(main.settings_dict["NAME"])
    if main.vendor != "sqlite" or main.is_in_memory_db() or not Path(name).exists():  # type: ignore[attr-defined]
        yield
        return
    copy = Path(f"{name}{TRIAL_COPY}{os.getpid()}-{uuid.uuid4().hex}")
    copy_sqlite(main, copy)
    trial = main.__class__({**main.settings_dict, "NAME": str(copy)}, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = trial
    try:
        yield
    finally:
        trial.close()
        connections[DEFAULT_DB_ALIAS] = main
        for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            leftover.unlink(missing_ok=True)


def _read(job: JobRow) -> Iterator[tuple[Location, Record]]:
    """The uploaded file's records, every row named by the file's name as uploaded (it is stored
    under another)."""
    return read_file(job.path, job.file_name)


def _scope_problems(job: JobRow, total: int) -> tuple[list[Problem], int]:
    """The problems of reading the file and of holding it against the uploader's scope today;
    and how many records were read."""
    scope = Scope(job.user, timezone.localdate())
    counted = _Counted("reading", total)
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
        report = _trial_load(_Counted("trial", records).over(_read(job)), job.findings_path)
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
    runner.note("loading", 0, records, now=True)  # before the load's transaction begins
    try:
        report = load(_Counted("loading", records).over(_read(job)), findings_to=job.findings_path)
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
    """Do ``work`` for the import when no other import of this process runs; any unexpected error
    fails the import."""
    runner.note("waiting", 0, 0)
    try:
        with _one_at_a_time:
            work(store, store.get(job_pk))
    except Exception:
        logger.exception("import job %s", job_pk)
        reason = _("Lỗi hệ thống khi xử lý tệp; không có dữ liệu nào được ghi. Hãy báo quản trị.")
        _save(store, job_pk, status=FAILED, problems=[reason], problem_count=1, finished_at=timezone.now())


def _path(thing: Any) -> str:
    return f"{thing.__module__}.{thing.__qualname__}"


class ImportHandler:
    """The runner's handler of import jobs: the job's ``subject`` is the import's row, its options
    name the :class:`JobStore` class and the work (:func:`check_job` or :func:`apply_job`)."""

    def _store(self, job: Job) -> JobStore:
        store: JobStore = import_string(job.options["store"])()
        return store

    def run(self, job: Job) -> None:
        _run(self._store(job), job.subject, import_string(job.options["work"]))

    def stopped(self, job: Job, reason: str) -> None:
        _save(
            self._store(job),
            job.subject,
            status=FAILED,
            problems=[reason],
            problem_count=1,
            finished_at=timezone.now(),
        )


IMPORT = ImportHandler()
HANDLER = _path(ImportHandler)[: -len("ImportHandler")] + "IMPORT"  # its dotted path, for the job rows
KINDS = {"check_job": "import.check", "apply_job": "import.apply"}


def start(store: JobStore, job_pk: int, work: Work) -> Job:
    """Queue ``work`` (:func:`check_job` or :func:`apply_job`) for the import ``job_pk`` as a
    background job; with :data:`BACKGROUND` off (tests), run it in the caller."""
    return runner.enqueue(
        HANDLER,
        kind=KINDS.get(work.__name__, "import"),
        subject=job_pk,
        options={"store": _path(type(store)), "work": _path(work)},
        here=not BACKGROUND,
    )


def last_job(job_pk: int) -> Job | None:
    """The import's last background job, found dead first if its process is gone."""
    return runner.latest(HANDLER, job_pk)
