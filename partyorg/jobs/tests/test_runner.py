"""The job runner on its own: queueing through django-tasks, liveness of a job's process, what
becomes of a job whose process died, and the rebuild queued as a job (partyorg/jobs/runner.py)."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from partyorg import testing
from partyorg.jobs import runner
from partyorg.jobs.models import Job, JobStatus
from partyorg.members.models import MembershipInterval

DEAD = f"{socket.gethostname()}:{2**22 + 1}:1"  # above Linux's largest process id: no such process


class Recorder:
    """A handler that notes what it was asked (named on the jobs by its dotted path)."""

    runs: list[int] = []
    stops: list[tuple[int, str]] = []

    def run(self, job: Job) -> None:
        runner.note("working", 3, 4)
        self.runs.append(job.subject)

    def stopped(self, job: Job, reason: str) -> None:
        self.stops.append((job.subject, reason))


RECORDER = Recorder()
HANDLER = f"{__name__}.RECORDER"


@pytest.fixture(autouse=True)
def fresh_recorder():
    Recorder.runs, Recorder.stops = [], []


def dead_job(subject: int, attempts: int = 1, **values: object) -> Job:
    row = {
        "kind": "test",
        "handler": HANDLER,
        "subject": subject,
        "status": JobStatus.RUNNING,
        "worker": DEAD,
        "attempts": attempts,
        "enqueued_at": timezone.now(),
        "started_at": timezone.now(),
    }
    return Job.objects.create(**(row | values))


@pytest.mark.django_db
def test_a_job_is_queued_as_a_django_task_and_run_by_whoever_takes_it():
    job = runner.enqueue(HANDLER, kind="test", subject=7)
    assert job.status == JobStatus.QUEUED and job.task_id
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY and task.task_path == "partyorg.jobs.runner.run_job"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}

    assert runner.run(job.pk, beat=False) == JobStatus.DONE  # what partyorg worker calls
    job.refresh_from_db()
    assert (job.status, job.attempts, job.worker) == (JobStatus.DONE, 1, runner.this_process())
    assert (job.phase, job.done, job.total) == ("working", 3, 4)  # its last note
    assert Recorder.runs == [7]
    assert runner.run(job.pk, beat=False) == "not queued"  # a second taker finds it taken
    assert Recorder.runs == [7]


@pytest.mark.django_db
def test_a_wrong_handler_is_refused_when_queued_not_in_the_worker():
    with pytest.raises(ImportError):
        runner.enqueue("partyorg.jobs.nothing.HERE", kind="test")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_process_is_alive_while_it_runs_and_its_id_is_not_taken_by_another():
    me = runner.this_process()
    job = Job(worker=me)
    assert runner.alive(job)
    host, pid, ticks = me.rsplit(":", 2)
    assert not runner.alive(Job(worker=DEAD))
    # The same process id started at another time: another program since.
    assert not runner.alive(Job(worker=f"{host}:{pid}:{int(ticks) + 1}"))


def test_a_process_on_another_machine_is_alive_while_its_heartbeat_is_fresh(settings):
    settings.PARTYORG_JOBS_STALE_SECONDS = 120
    now = timezone.now()
    elsewhere = "may-khac.tinhuy.vn:4242:99"
    assert runner.alive(Job(worker=elsewhere, heartbeat_at=now - timedelta(seconds=119)), now)
    assert not runner.alive(Job(worker=elsewhere, heartbeat_at=now - timedelta(seconds=121)), now)
    assert not runner.alive(Job(worker=elsewhere, heartbeat_at=None), now)


@pytest.mark.django_db
def test_a_job_whose_process_died_is_queued_again_then_failed_with_its_reason(settings):
    """PARTYORG_JOBS_RESUMES (default 1): a first death queues the job again as a new task; a job
    that already died that many times fails, its handler told why; a live job is left alone."""
    settings.PARTYORG_JOBS_RESUMES = 1
    first = dead_job(1, task_id="")
    task = runner.run_job.enqueue(0)
    dead_job(2, attempts=2, task_id=task.id)
    DBTaskResult.objects.filter(id=task.id).update(status=TaskResultStatus.RUNNING)
    live = dead_job(3, worker=runner.this_process())

    found = {job.subject: job for job in runner.recover()}
    assert set(found) == {1, 2}
    assert found[1].status == JobStatus.QUEUED and found[1].worker == ""
    assert DBTaskResult.objects.get(id=found[1].task_id).status == TaskResultStatus.READY
    assert "lần chạy thứ 1" in found[1].reason and "Đã xếp hàng chạy lại" in found[1].reason
    assert found[2].status == JobStatus.FAILED and "lần chạy thứ 2" in found[2].reason
    assert Recorder.stops == [(2, found[2].reason)]
    assert DBTaskResult.objects.get(id=task.id).status == TaskResultStatus.FAILED  # the dead run's task
    live.refresh_from_db()
    assert live.status == JobStatus.RUNNING
    assert runner.recover() == []  # found once
    assert first.pk == found[1].pk


@pytest.mark.django_db(transaction=True)
def test_the_development_server_runs_its_jobs_in_a_thread_taking_them_from_the_queue(settings, erasable_logs):
    """Under runserver (PARTYORG_JOBS_IN_PROCESS), the queued task is taken by the server process
    itself: marked running in django-tasks' table before the thread starts, so that a worker
    running beside it never takes it too; done, it is marked successful."""
    settings.PARTYORG_JOBS_IN_PROCESS = True
    job = runner.enqueue(HANDLER, kind="test", subject=9)
    task = DBTaskResult.objects.get(id=job.task_id)
    deadline = timezone.now() + timedelta(seconds=20)
    while task.status != TaskResultStatus.SUCCESSFUL and timezone.now() < deadline:
        task.refresh_from_db()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Recorder.runs == [9]
    assert task.status == TaskResultStatus.SUCCESSFUL and task.worker_ids[0].startswith(socket.gethostname())


def test_only_the_development_server_runs_jobs_in_its_own_process(settings, monkeypatch):
    monkeypatch.delenv("PARTYORG_JOBS_IN_PROCESS", raising=False)
    monkeypatch.setattr("sys.argv", ["django", "runserver", "--noreload"])
    assert runner.in_process()
    monkeypatch.setattr("sys.argv", ["partyorg", "serve"])
    assert not runner.in_process()
    settings.PARTYORG_JOBS_IN_PROCESS = True
    assert runner.in_process()


@pytest.mark.django_db
def test_partyorg_rebuild_in_background_queues_the_rebuild_for_the_worker():
    """`partyorg rebuild --in-background`: a job queued for partyorg worker; once run, the derived
    rows are those of the logs again (the cast's one admitted member: one interval)."""
    tree = testing.build_tree()
    testing.admit(testing.person("Lò Văn Một"), tree.cell_a, date(2015, 3, 2))
    MembershipInterval.objects.all().delete()
    out = StringIO()
    call_command("rebuild", "--in-background", stdout=out)
    job = Job.objects.get()
    assert job.handler == "partyorg.jobs.rebuild.REBUILD" and job.status == JobStatus.QUEUED
    assert f"việc số {job.pk}" in out.getvalue()
    assert not MembershipInterval.objects.exists()

    runner.run(job.pk, beat=False)
    job.refresh_from_db()
    assert (
        job.status == JobStatus.DONE and job.options["intervals"] == MembershipInterval.objects.count() >= 1
    )
