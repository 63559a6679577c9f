"""The health endpoint reports the background worker (issue 19): whether a ``partyorg worker``
beat recently or runs a job now, and how many jobs wait, run and failed in the last day, without
internals; ``?worker=1`` turns a missing worker into a 503 for a monitor that reads only the code
(partyorg/web/views/health.py, partyorg/jobs/runner.py ``worker_state``)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from partyorg.jobs import runner
from partyorg.jobs.models import Job, JobStatus, WorkerBeat

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 9, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))


def health(client, **params):
    response = client.get("/suc-khoe/", params)
    return response.status_code, response.json()


def beat(seconds_ago: float, worker: str = "may-chu:4242:1", **more) -> WorkerBeat:
    return WorkerBeat.objects.create(
        worker=worker,
        started_at=NOW - timedelta(hours=1),
        beat_at=NOW - timedelta(seconds=seconds_ago),
        **more,
    )


def job(status: str, *, worker: str = "", finished: datetime | None = None) -> Job:
    return Job.objects.create(
        kind="import.apply",
        handler="partyorg.jobs.imports.IMPORT",
        status=status,
        worker=worker,
        enqueued_at=NOW - timedelta(minutes=10),
        finished_at=finished,
    )


@time_machine.travel(NOW, tick=False)
def test_no_worker_ever_is_said_and_only_a_monitor_that_asks_gets_a_503(client):
    code, body = health(client)
    assert code == 200 and body["status"] == "ok"
    assert body["worker"] == {"alive": False, "workers": 0, "last_beat_seconds": None, "in_server": False}
    assert body["jobs"] == {"queued": 0, "running": 0, "failed_last_day": 0, "oldest_queued_seconds": None}
    code, body = health(client, worker="1")
    assert code == 503 and body["status"] == "worker-missing"


@time_machine.travel(NOW, tick=False)
def test_a_worker_that_beat_within_the_stale_time_is_alive_and_one_silent_longer_is_not(client):
    """PARTYORG_JOBS_STALE_SECONDS defaults to 120 s (docs/deployment.md); a worker beats every 15 s."""
    beat(5)
    code, body = health(client, worker="1")
    assert code == 200 and body["worker"]["alive"] is True
    assert body["worker"]["workers"] == 1 and body["worker"]["last_beat_seconds"] == 5
    WorkerBeat.objects.all().delete()
    beat(121)
    code, body = health(client, worker="1")
    assert code == 503 and body["worker"]["alive"] is False and body["worker"]["last_beat_seconds"] == 121
    with override_settings(PARTYORG_JOBS_STALE_SECONDS=300):
        assert health(client, worker="1")[0] == 200


@time_machine.travel(NOW, tick=False)
def test_a_worker_stopped_as_asked_is_not_alive(client):
    beat(3, stopped_at=NOW - timedelta(seconds=3))
    code, body = health(client, worker="1")
    assert code == 503 and body["worker"]["workers"] == 0 and body["worker"]["last_beat_seconds"] is None


@time_machine.travel(NOW, tick=False)
def test_a_worker_holding_a_job_whose_beat_waits_for_the_write_lock_is_alive(client):
    """On SQLite a load holds the write lock, so the worker's beat cannot land during it: a running
    job whose process runs (here, this test's own process) says the worker lives."""
    beat(600)
    job(JobStatus.RUNNING, worker=runner.this_process())
    code, body = health(client, worker="1")
    assert code == 200 and body["worker"]["alive"] is True and body["jobs"]["running"] == 1


@time_machine.travel(NOW, tick=False)
def test_the_jobs_queued_running_and_failed_in_the_last_day_are_counted(client):
    job(JobStatus.QUEUED)
    job(JobStatus.QUEUED)
    job(JobStatus.RUNNING, worker="another-machine:1:1")  # beat long ago: found dead, but still counted
    job(JobStatus.DONE, finished=NOW - timedelta(minutes=1))
    job(JobStatus.FAILED, finished=NOW - timedelta(hours=23))
    job(JobStatus.FAILED, finished=NOW - timedelta(hours=25))  # more than a day ago
    _code, body = health(client)
    assert body["jobs"] == {"queued": 2, "running": 1, "failed_last_day": 1, "oldest_queued_seconds": 600}
    assert body["worker"]["alive"] is False


def test_the_answer_names_nothing_of_the_machine_or_the_records(client):
    beat(1, worker="bi-mat.tinhuy.vn:4242:1")
    job(JobStatus.FAILED, finished=timezone.now())
    response = client.get("/suc-khoe/")
    assert b"bi-mat" not in response.content and b"import" not in response.content
    assert set(response.json()) == {"status", "database", "pending_migrations", "version", "worker", "jobs"}


@override_settings(PARTYORG_JOBS_IN_PROCESS=True)
def test_the_development_server_runs_its_jobs_itself_and_needs_no_worker(client):
    code, body = health(client, worker="1")
    assert code == 200 and body["worker"] == {**body["worker"], "alive": False, "in_server": True}


@pytest.mark.django_db(transaction=True)
def test_partyorg_worker_beats_when_it_starts_and_says_when_it_stops(client):
    call_command("worker", "--batch")
    (row,) = WorkerBeat.objects.all()
    assert row.worker == runner.this_process() and row.stopped_at is not None
    assert row.started_at <= row.beat_at == row.stopped_at
    assert health(client)[1]["worker"]["alive"] is False  # stopped
