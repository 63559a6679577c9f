"""Background jobs: queued through the Django Tasks API, run by ``partyorg worker``, kept in
partyorg's own :class:`~partyorg.jobs.models.Job` rows, and safe across restarts.

**Queue.** :func:`enqueue` writes a :class:`Job` and queues the task :func:`run_job` for it on
django-tasks' database backend (``django_tasks_db``: a table of partyorg's own database, SQLite or
PostgreSQL, no broker). ``partyorg worker`` (django-tasks-db's ``db_worker``) takes the task and
:func:`run` takes the job: it writes its process (``host:pid:start``) on the row and calls the
job's handler, an object named by a dotted path (:class:`Handler`: ``run(job)``; ``stopped(job,
reason)`` when the job will not finish).

**Progress.** The handler calls :func:`note` (phase, done, total). A thread of the running process
(:class:`_Beat`) writes the last note and a heartbeat to the job's row every
:data:`BEAT_SECONDS`, on a connection of its own, so that any page of any server process shows
them. On PostgreSQL it always lands. On SQLite a load's transaction holds the database's only
write lock: the beat waits at most :data:`SQLITE_BEAT_WAIT_MS` and tries again later, so during a
load the row keeps the phase noted before it and the page says since when it has been loading.

**Restarts.** A job's process may die mid-job (a restart, an out-of-memory kill, kill -9). Its
transaction dies with it (SQLite rolls the journal back, PostgreSQL the session's transaction):
what it was writing is not in the database. :func:`recover` — run by ``partyorg worker`` when it
starts and every :data:`RECOVER_SECONDS` after, and by the pages for a job they show — finds a
running job whose process is gone: on this machine, a process id that no longer runs (or runs
another program since); on another machine, a heartbeat older than
``PARTYORG_JOBS_STALE_SECONDS``. Such a job is queued again (``PARTYORG_JOBS_RESUMES`` times,
default once: an import is idempotent, so its second run writes the whole file) or failed, with
its reason on the row and told to its handler.

**Without a worker.** Django's development server (``runserver``, which ``partyorg demo`` starts)
runs the jobs it queues in a thread of its own process (:func:`in_process`), taking the task from
the queue first so that a worker running beside it never runs it twice: the demo needs no second
process, and a demo server stopped mid-job leaves a job that the next look at it finds dead. A
production server (``partyorg serve``) never does: its jobs wait for ``partyorg worker``.
"""

from __future__ import annotations

import contextvars
import logging
import os
import socket
import sys
import threading
import time
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import OperationalError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from partyorg.jobs.models import Job, JobStatus, WorkerBeat

__all__ = [
    "BACKGROUND",
    "Handler",
    "enqueue",
    "in_process",
    "note",
    "recover",
    "run",
    "run_job",
    "this_process",
    "worker_beat",
    "worker_state",
]

logger = logging.getLogger(__name__)

# Tests switch this off to run a job in the call that queues it, on the test's connection.
BACKGROUND = True
BEAT_SECONDS = 2.0
SQLITE_BEAT_WAIT_MS = 200
RECOVER_SECONDS = 30.0
WORKER_BEAT_SECONDS = 15.0  # a worker's beat (WorkerBeat), idle or busy, for the health endpoint
WRITE_ATTEMPTS = 30


class Handler(Protocol):
    """What runs a kind of job (a module-level object, named on the job by its dotted path)."""

    def run(self, job: Job) -> None: ...

    def stopped(self, job: Job, reason: str) -> None:
        """The job will not finish (its process died and it is not taken again, or it failed):
        write ``reason`` where its subject's page shows it."""
        ...


# -- processes --------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the program's name; None if there is no such process
    or no /proc."""
    try:
        text = open(f"/proc/{pid}/stat", encoding="ascii", errors="replace").read()  # noqa: SIM115
    except OSError:
        return None
    return text[text.rfind(")") + 2 :].split()


def _start_ticks(pid: int) -> str:
    fields = _stat(pid)
    return fields[19] if fields else ""  # field 22 of stat: when the process started


def this_process() -> str:
    """``host:pid:start``: the process that takes a job (its start time tells a process id used
    again by another program apart)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_start_ticks(os.getpid())}"


def process_runs(pid: int) -> bool:
    """Whether a process of this id runs on this machine (of any start time)."""
    return _lives(pid, "")


def _lives(pid: int, ticks: str) -> bool:
    if os.path.isdir("/proc"):
        fields = _stat(pid)
        return fields is not None and fields[0] not in ("Z", "X") and (not ticks or fields[19] == ticks)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale_after() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "PARTYORG_JOBS_STALE_SECONDS", 120)))


def alive(job: Job, now: datetime | None = None) -> bool:
    """Whether the process that took ``job`` still runs: asked of the system when it runs on this
    machine, read from its heartbeat when on another."""
    host, _sep, rest = job.worker.rpartition(":")
    host, _sep, pid = host.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return _lives(int(pid), rest)
    now = now or timezone.now()
    return job.heartbeat_at is not None and now - job.heartbeat_at < _stale_after()


def in_process() -> bool:
    """Whether this process runs the jobs it queues itself: under Django's development server
    (``runserver``), unless ``PARTYORG_JOBS_IN_PROCESS`` (setting or environment) says otherwise."""
    chosen = getattr(settings, "PARTYORG_JOBS_IN_PROCESS", None)
    if chosen is None and "PARTYORG_JOBS_IN_PROCESS" in os.environ:
        chosen = os.environ["PARTYORG_JOBS_IN_PROCESS"].lower() in {"1", "true", "yes", "on"}
    if chosen is None:
        return len(sys.argv) > 1 and sys.argv[1] == "runserver"
    return bool(chosen)


# -- the workers' beat ------------------------------------------------------------------------


def worker_beat(started_at: datetime, *, stopped: bool = False) -> None:
    """This worker process is alive (or, ``stopped``, has stopped as asked): its row of
    :class:`WorkerBeat` written. Rows of workers stopped or silent for a week are removed."""
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker=this_process()[:120],
        defaults={"started_at": started_at, "beat_at": now, "stopped_at": now if stopped else None},
    )
    if not stopped:
        WorkerBeat.objects.filter(beat_at__lt=now - timedelta(days=7)).delete()


def worker_state(now: datetime | None = None) -> dict[str, Any]:
    """What the health endpoint says of the workers and the jobs, without internals: whether a
    worker is alive (it beat within ``PARTYORG_JOBS_STALE_SECONDS``, or a job it runs still runs:
    on SQLite a load holds the write lock its beat waits for), how long ago the last beat was, how
    many workers beat, and the jobs queued, running and failed in the last day, and how long the
    oldest queued job has waited (a queue no worker takes grows old)."""
    now = now or timezone.now()
    stale = _stale_after()
    beats = list(WorkerBeat.objects.filter(stopped_at__isnull=True).values_list("beat_at", flat=True))
    live = [at for at in beats if now - at < stale]
    last = max(beats, default=None)
    counts = dict(Job.objects.values_list("status").annotate(n=models.Count("id")).order_by())
    running = Job.objects.filter(status=JobStatus.RUNNING).exclude(worker="")
    busy = counts.get(JobStatus.RUNNING, 0) and any(alive(job, now) for job in running)
    oldest = (
        Job.objects.filter(status=JobStatus.QUEUED)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return {
        "worker": {
            "alive": bool(live or busy),
            "workers": len(live),
            "last_beat_seconds": max(0, round((now - last).total_seconds())) if last else None,
            "in_server": in_process(),
        },
        "jobs": {
            "queued": counts.get(JobStatus.QUEUED, 0),
            "running": counts.get(JobStatus.RUNNING, 0),
            "failed_last_day": Job.objects.filter(
                status=JobStatus.FAILED, finished_at__gte=now - timedelta(days=1)
            ).count(),
            "oldest_queued_seconds": max(0, round((now - oldest).total_seconds())) if oldest else None,
        },
    }


# -- progress ---------------------------------------------------------------------------------


class _Beat:
    """The running job's last note, written with a heartbeat to its row by a thread of its own."""

    def __init__(self, job_pk: int, worker: str) -> None:
        self.job_pk, self.worker = job_pk, worker
        self.values: dict[str, Any] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def note(self, phase: str, done: int, total: int) -> None:
        self.values = {"phase": phase, "done": done, "total": total}

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name=f"job-{self.job_pk}-beat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        try:
            while not self._stop.wait(BEAT_SECONDS):
                self.write()
        finally:
            connection.close()  # this thread's own

    def write(self) -> bool:
        """One beat; False when the database's write lock was not had in time (SQLite)."""
        try:
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                connection.connection.execute(f"PRAGMA busy_timeout = {SQLITE_BEAT_WAIT_MS}")
            Job.objects.filter(pk=self.job_pk, worker=self.worker, status=JobStatus.RUNNING).update(
                heartbeat_at=timezone.now(), **self.values
            )
        except OperationalError as error:
            if "locked" not in str(error):
                logger.warning("job %s: heartbeat not written: %s", self.job_pk, error)
            return False
        return True


_current: contextvars.ContextVar[_Beat | None] = contextvars.ContextVar("partyorg_job_beat", default=None)


def note(phase: str, done: int, total: int, *, now: bool = False) -> None:
    """The running job's progress: its phase (a key its page knows), records done of total. With
    ``now``, outside a transaction, written to its row at once (the phase a long transaction is
    about to begin, which the beat could not write during it on SQLite)."""
    beat = _current.get()
    if beat is not None:
        beat.note(phase, done, total)
        if now and not connection.in_atomic_block:
            _update(
                Job.objects.filter(pk=beat.job_pk, worker=beat.worker),
                heartbeat_at=timezone.now(),
                **beat.values,
            )


def _update(rows: Any, **values: Any) -> int:
    """``rows.update(**values)``, tried again while the database says it is locked: SQLite waits its
    busy timeout first, but not when connections share a cache (Django's in-memory test database),
    where it refuses at once; a job whose last status is lost would look busy for ever."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return int(rows.update(**values))
        except OperationalError as error:
            if "locked" not in str(error) or attempt == WRITE_ATTEMPTS - 1 or connection.in_atomic_block:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


# -- queueing and running ---------------------------------------------------------------------


def _log(job: Job, text: str) -> list[list[str]]:
    return [*job.log, [timezone.now().isoformat(), text]]


def enqueue(
    handler: str, *, kind: str, subject: int = 0, options: dict[str, Any] | None = None, here: bool = False
) -> Job:
    """Queue a job for ``handler`` (a dotted path to a :class:`Handler`); with ``here`` (or
    :data:`BACKGROUND` off), run it in the caller instead, on its connection, with no beat."""
    import_string(handler)  # a wrong path fails here, not in the worker
    here = here or not BACKGROUND
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, handler=handler, subject=subject, options=options or {}, enqueued_at=timezone.now()
        )
        if not here:
            _queue(job)
    if here:
        run(job.pk, beat=False)
    return Job.objects.get(pk=job.pk)


def _queue(job: Job) -> None:
    """Queue the task that runs ``job`` (in the caller's transaction); under the development
    server, run it in a thread of this process once that transaction commits."""
    result = run_job.enqueue(job.pk)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    if in_process():
        transaction.on_commit(lambda: _run_here(job.pk, job.task_id))


def _run_here(job_pk: int, task_id: str) -> None:
    """Take the job's task from the queue (so no worker runs it too) and run it in a thread."""
    from django_tasks_db.models import DBTaskResult

    taken = _update(
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.READY),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        worker_ids=[this_process()[:64]],
    )
    if not taken:
        return

    def work() -> None:
        try:
            run(job_pk)
            _update(
                DBTaskResult.objects.filter(id=task_id),
                status=TaskResultStatus.SUCCESSFUL,
                finished_at=timezone.now(),
            )
        except Exception:
            logger.exception("job %s", job_pk)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"job-{job_pk}", daemon=True).start()


@task()
def run_job(job_id: int) -> str:
    """The task ``partyorg worker`` runs for a job: :func:`run`."""
    return run(job_id)


def run(job_pk: int, *, beat: bool = True) -> str:
    """Take the job if it is still queued and run its handler here, its progress written by a
    beat (unless ``beat`` is off); what became of it."""
    me = this_process()
    now = timezone.now()
    taken = _update(
        Job.objects.filter(pk=job_pk, status=JobStatus.QUEUED),
        status=JobStatus.RUNNING,
        worker=me,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        phase="",
        done=0,
        total=0,
    )
    if not taken:
        return "not queued"
    job = Job.objects.get(pk=job_pk)
    taking = _("Tiến trình %(worker)s nhận việc") % {"worker": me}
    _update(Job.objects.filter(pk=job_pk), log=_log(job, taking))
    handler: Handler = import_string(job.handler)
    beating = _Beat(job_pk, me)
    token = _current.set(beating)
    if beat:
        beating.start()
    try:
        handler.run(job)
    except Exception:
        logger.exception("job %s (%s)", job_pk, job.kind)
        reason = _("Lỗi hệ thống khi chạy việc này; không có dữ liệu nào được ghi. Hãy báo quản trị.")
        _end(job_pk, me, JobStatus.FAILED, beating.values, reason=reason)
        handler.stopped(job, reason)
        return JobStatus.FAILED
    finally:
        beating.stop()
        _current.reset(token)
    _end(job_pk, me, JobStatus.DONE, beating.values)
    return JobStatus.DONE


def _end(job_pk: int, worker: str, status: str, values: dict[str, Any], **more: Any) -> None:
    _update(
        Job.objects.filter(pk=job_pk, worker=worker),
        status=status,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        **values,
        **more,
    )


# -- restarts ---------------------------------------------------------------------------------


def _resumes() -> int:
    return int(getattr(settings, "PARTYORG_JOBS_RESUMES", 1))


def recover(jobs: Any = None) -> list[Job]:
    """The running jobs (of ``jobs``, a queryset; all of them by default) whose process is gone:
    each queued again or failed, with its reason. Returns them as they are now."""
    now = timezone.now()
    found = []
    for job in (jobs if jobs is not None else Job.objects.all()).filter(status=JobStatus.RUNNING):
        if job.worker and alive(job, now):
            continue
        outcome = _interrupted(job, now)
        if outcome is not None:
            found.append(outcome)
    return found


def _interrupted(job: Job, now: datetime) -> Job | None:
    last = timezone.localtime(job.heartbeat_at or job.started_at or now)
    reason = _(
        "Tiến trình chạy việc này đã dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị tắt), "
        "lần chạy thứ %(n)s, lần cuối còn chạy lúc %(time)s; phần đang ghi dở đã bị hủy cùng tiến "
        "trình, không có gì được ghi."
    ) % {"n": job.attempts, "time": date_format(last, "d/m/Y H:i:s")}
    handler: Handler = import_string(job.handler)
    gone = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker)
    _fail_task(job.task_id, reason)
    if job.attempts <= _resumes():
        again = _("Đã xếp hàng chạy lại.")
        with transaction.atomic():
            if not gone.update(status=JobStatus.QUEUED, worker="", reason=f"{reason} {again}"):
                return None  # another process found it first
            job.log = _log(job, f"{reason} {again}")
            Job.objects.filter(pk=job.pk).update(log=job.log)
            if BACKGROUND:
                _queue(job)
        logger.warning("job %s (%s) interrupted; queued again", job.pk, job.kind)
        if not BACKGROUND:
            run(job.pk, beat=False)
    else:
        if not _update(gone, status=JobStatus.FAILED, finished_at=now, reason=reason, log=_log(job, reason)):
            return None
        logger.warning("job %s (%s) interrupted; failed", job.pk, job.kind)
        handler.stopped(job, reason)
    return Job.objects.get(pk=job.pk)


def _fail_task(task_id: str, reason: str) -> None:
    """The dead process's task, left running in django-tasks' table, is marked failed."""
    if not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="partyorg.jobs.runner.Interrupted",
        traceback=reason,
    )


def latest(handler: str, subject: int) -> Job | None:
    """The last job of ``handler`` on ``subject``, found dead and resumed or failed first if its
    process is gone (the pages call this for the job they show)."""
    jobs = Job.objects.filter(handler=handler, subject=subject)
    job = jobs.order_by("-pk").first()
    if job is not None and job.status == JobStatus.RUNNING and not alive(job):
        recover(jobs.filter(pk=job.pk))
        job = jobs.order_by("-pk").first()
    elif job is not None and job.status == JobStatus.QUEUED and job.task_id and BACKGROUND and in_process():
        _run_here(job.pk, job.task_id)  # queued before this server started: run it now
    return job
