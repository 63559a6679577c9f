"""``partyorg worker`` end to end: a real worker process takes an import queued as the page queues
it, is killed (SIGKILL) in the middle of the load, and is started again; the job is found dead
and run again, and the database holds all of the file, never a part of it. On SQLite, and on
PostgreSQL when the suite runs there (.ci/run runs both)."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from partyorg.jobs.imports import copy_sqlite

ROOT = Path(__file__).resolve().parents[3]
PARTYORG = "import sys; from partyorg.cli import main; main(['partyorg', *sys.argv[1:]])"
# A generated province of this many members loads in some seconds (about 2.000 people, 9.000
# events), within the busy timeout of a cell secretary's write on SQLite.
MEMBERS = 1500
# Long enough to be killed in the middle: 1.500 was loaded whole on an idle machine's PostgreSQL
# before the test could see the load running.
KILLED_MEMBERS = 4000


def env_for(url: str, media: Path, **more: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "partyorg.jobs.tests.settings",
        "PARTYORG_TEST_MEDIA": str(media),
        "PARTYORG_LANG": "vi",
        **more,
    }
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "PARTYORG_JOBS_IN_PROCESS"):
        env.pop(name, None)
    return env


def run(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, *args] if args[0] == "-m" else [sys.executable, "-c", PARTYORG, *args]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, django_db_setup, django_db_blocker):
    """A database with partyorg's tables and nothing else, to copy (:func:`empty_database`): on
    SQLite a copy of the test database (migrated once for the run) made before any test opens a
    transaction on it, as ``("sqlite", path)``; on PostgreSQL a database of its own, migrated, as
    ``(admin connection, name, URL of a database of that server)``."""
    with django_db_blocker.unblock():
        test_db = connections[DEFAULT_DB_ALIAS]
        if test_db.vendor == "sqlite":
            path = tmp_path_factory.mktemp("worker") / "partyorg.sqlite3"
            copy_sqlite(test_db, path)
            yield ("sqlite", path)
            return
        import psycopg

        name = f"{test_db.settings_dict['NAME']}_worker"
        server = {
            "host": test_db.settings_dict["HOST"] or "localhost",
            "port": test_db.settings_dict["PORT"] or 5432,
            "user": test_db.settings_dict["USER"],
            "password": test_db.settings_dict["PASSWORD"] or None,
        }
        with psycopg.connect(dbname=test_db.settings_dict["NAME"], autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
            credentials = quote(server["user"] or "")
            if server["password"]:
                credentials += ":" + quote(server["password"])
            url = f"postgres://{credentials}@{server['host']}:{server['port']}/"
            run(env_for(url + name, tmp_path_factory.mktemp("migrate")), "migrate", "-v0")
            yield (admin, name, url)
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database(migrated, tmp_path, request):
    """A fresh copy of :func:`migrated` for one test, as a URL (PostgreSQL: made from it as a
    template, dropped after)."""
    if migrated[0] == "sqlite":
        path = tmp_path / "partyorg.sqlite3"
        shutil.copy(migrated[1], path)
        yield f"sqlite:///{path}"
        return
    admin, template, url = migrated
    name = f"{template}_{request.node.name[5:30]}".lower()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield url + name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Database:
    """Reads the scratch database from the test's process, with the database's own client."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite:")

    def connect(self) -> Any:
        if self.sqlite:
            return sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=0.05, isolation_level=None)
        import psycopg

        return psycopg.connect(self.url.replace("postgres://", "postgresql://"), autocommit=True)

    def one(self, sql: str) -> tuple[Any, ...]:
        with self.connect() as db:
            return tuple(db.execute(sql).fetchone())

    def job(self) -> dict[str, Any]:
        names = ("status", "phase", "done", "attempts", "worker", "reason", "task_id")
        row = self.one(f"SELECT {', '.join(names)} FROM jobs_job ORDER BY id DESC LIMIT 1")
        return dict(zip(names, row, strict=True))

    def upload(self) -> tuple[Any, ...]:
        return self.one("SELECT status, problems FROM web_importjob ORDER BY id DESC LIMIT 1")

    def people(self) -> int:
        return int(self.one("SELECT COUNT(*) FROM members_person")[0])

    def loading(self) -> bool:
        """Whether the worker is in the middle of the load: on SQLite its transaction holds the
        write lock (a write of our own is refused at once); on PostgreSQL its beat has written the
        load's phase with some records done."""
        if not self.sqlite:
            job = self.job()
            return job["phase"] == "loading" and int(job["done"] or 0) > 0
        if self.job()["status"] != "running" or self.upload()[0] != "running":
            return False
        db = self.connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            return "locked" in str(error)
        finally:
            db.close()


def wait(what: Callable[[], bool], timeout: float, every: float = 0.2) -> None:
    ends = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < ends, f"not reached in {timeout} s"
        time.sleep(every)


def finished(worker: subprocess.Popen[bytes], database: Database) -> bool:
    """The last job is done or failed (its upload's row is written first), or the worker died."""
    return worker.poll() is not None or database.job()["status"] not in ("queued", "running")


def instant(value: str | datetime) -> float:
    """A time read from the database: PostgreSQL's aware, SQLite's text in UTC."""
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(value).replace(tzinfo=UTC).timestamp()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", PARTYORG, "worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db  # (the test database set up, for the fixture to copy)
@pytest.mark.skipif(
    sys.platform == "win32", reason="SIGKILL and /proc: the worker's liveness is read from the system"
)
def test_a_worker_killed_mid_import_is_found_on_its_restart_and_the_file_loads_whole(
    empty_database, tmp_path
):
    media = tmp_path / "media"
    env = env_for(empty_database, media)
    database = Database(empty_database)
    data = tmp_path / "tinh.jsonl"
    people = int(run(env, "-m", "partyorg.jobs.tests.scenario", "file", str(KILLED_MEMBERS), str(data)))
    assert people > 1000
    run(env, "-m", "partyorg.jobs.tests.scenario", "apply", str(data))
    assert database.job()["status"] == "queued" and database.upload()[0] == "running"

    # SQLite: copies of the database left by checks killed mid-way; the worker removes those whose
    # process is gone when it starts, and leaves a running one's.
    copies = []
    if database.sqlite:
        name = empty_database.removeprefix("sqlite:///")
        copies = [Path(f"{name}.kiem-tra-{pid}-x") for pid in (2**22 + 1, os.getpid())]
        for copy in copies:
            copy.write_text("")

    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait(lambda: worker.poll() is not None or database.loading(), timeout=240, every=0.05)
        assert worker.poll() is None, log.read_text()
        assert [copy.exists() for copy in copies] == ([False, True] if copies else [])
        for copy in copies:
            copy.unlink(missing_ok=True)
        time.sleep(0.5)  # well inside the load
        assert database.upload()[0] == "running", "the load ended before the kill: make KILLED_MEMBERS larger"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    # Killed mid-load: its transaction died with it, nothing of the file is in the database, and
    # the job still says it is running, in a process that no longer exists.
    assert database.people() == 0
    killed = database.job()
    assert killed["status"] == "running" and killed["attempts"] == 1

    worker = start_worker(env, log)
    try:
        # The upload's row is written done, then its job's.
        wait(lambda: finished(worker, database), 300)
        assert worker.poll() is None, log.read_text()
        status, problems = database.upload()
        assert status == "done", (problems, log.read_text())
        assert database.people() == people  # the whole file, once
        resumed = database.job()
        assert resumed["status"] == "done" and resumed["attempts"] == 2
        assert resumed["worker"] != killed["worker"]
        assert "đã dừng giữa chừng" in str(resumed["reason"]) and "Đã xếp hàng chạy lại" in str(
            resumed["reason"]
        )
        # django-tasks' own rows: the killed run's task marked failed, the second one successful.
        tasks = database.one(
            "SELECT SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN status = 'SUCCESSFUL' THEN 1 ELSE 0 END) FROM django_tasks_database_dbtaskresult"
        )
        assert tuple(int(n) for n in tasks) == (1, 1)
    finally:
        worker.send_signal(signal.SIGTERM)  # a worker with nothing to do stops at once
        worker.wait(timeout=30)
    assert worker.returncode == 0, log.read_text()
    text = log.read_text()
    assert "bị ngắt giữa chừng" in text and "partyorg worker đang chạy" in text


def test_the_worker_refuses_while_migrations_are_pending(tmp_path):
    """A database that was never migrated: the worker says so in Vietnamese and takes nothing."""
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", PARTYORG, "worker", "--batch"],
        env=env_for(url, tmp_path / "media"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "chưa được nâng cấp" in done.stderr and "partyorg migrate" in done.stderr


@pytest.mark.django_db  # (the test database set up, for the fixture to copy)
def test_a_cell_secretarys_writes_land_while_a_large_file_is_checked_and_applied(empty_database, tmp_path):
    """While partyorg worker checks, then applies, a generated province's file, the secretary
    of a cell records one meeting after another (meetings.services.record_meeting). During the
    check each meeting lands within a second (SQLite: its trial load runs on a copy of the
    database). During the apply (one transaction, so that the file is written whole or not at all)
    on SQLite each waits for the load to commit, within the busy timeout (20 s): every one lands,
    none is refused as "database is locked"; on PostgreSQL none waits on the load. The longest
    waits are printed."""
    media = tmp_path / "media"
    env = env_for(empty_database, media)
    database = Database(empty_database)
    data = tmp_path / "tinh.jsonl"
    people = int(run(env, "-m", "partyorg.jobs.tests.scenario", "file", str(MEMBERS), str(data)))
    stop, meetings = tmp_path / "stop", tmp_path / "meetings.jsonl"
    writer = subprocess.Popen(
        [sys.executable, "-m", "partyorg.jobs.tests.scenario", "secretary", str(stop), str(meetings)],
        env=env,
        cwd=ROOT,
        stderr=(tmp_path / "secretary.log").open("w"),
    )
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    windows = {}
    try:
        wait(lambda: meetings.exists() and meetings.read_text().count("\n") >= 3, timeout=120)
        for work in ("check", "apply"):
            run(env, "-m", "partyorg.jobs.tests.scenario", work, str(data))
            wait(lambda: finished(worker, database), 300)
            assert worker.poll() is None, log.read_text()
            assert database.upload()[0] == ("checked" if work == "check" else "done"), log.read_text()
            windows[work] = database.one(
                "SELECT started_at, finished_at FROM jobs_job ORDER BY id DESC LIMIT 1"
            )
        time.sleep(0.5)
    finally:
        stop.touch()
        writer.wait(timeout=60)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert database.people() == people

    written = [json.loads(line) for line in meetings.read_text().splitlines()]
    assert not [w for w in written if w["error"]], (tmp_path / "secretary.log").read_text()
    longest = {}
    for work, (began, ended) in windows.items():
        start, end = (instant(t) for t in (began, ended))
        during = [w["took"] for w in written if start <= w["began"] <= end]
        assert len(during) >= 3, f"{work}: {len(during)} meetings during it ({start}–{end}, {written[:3]})"
        longest[work] = (max(during), len(during), end - start)
    print(
        "longest wait of a meeting while the file is checked: {:.2f} s ({} meetings, check {:.1f} s); "
        "applied: {:.2f} s ({} meetings, apply {:.1f} s)".format(*longest["check"], *longest["apply"])
    )
    assert longest["check"][0] < 1.0
    assert longest["apply"][0] < (20.0 if database.sqlite else 1.0)


def multipart(fields: dict[str, str], name: str, path: Path) -> tuple[bytes, str]:
    """A form with one file, encoded as a browser posts it."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{path.name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.django_db  # (the test database set up, for the fixture to copy)
@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn and SIGKILL")
def test_serve_and_worker_import_a_file_through_the_page_across_a_killed_worker(empty_database, tmp_path):
    """issue 19, done when: partyorg serve (gunicorn) and partyorg worker on a fresh database; an
    officer signs in, uploads a generated province's file through the import page, checks it and
    applies it; the worker is killed (SIGKILL) in the middle of the load and started again; the
    page then shows the file loaded, whole, and that its load was run again, and why."""
    from partyorg.web.tests.test_serve import Client, _free_port

    media = tmp_path / "media"
    password = secrets.token_urlsafe(16)
    env = env_for(
        empty_database,
        media,
        PARTYORG_SECRET_KEY=secrets.token_urlsafe(64),
        PARTYORG_BEHIND_PROXY="1",
        DJANGO_SUPERUSER_USERNAME="quantri",
        DJANGO_SUPERUSER_EMAIL="quantri@example.vn",
        DJANGO_SUPERUSER_PASSWORD=password,
    )
    # partyorg serve runs gunicorn with partyorg's own settings: uploads go to var/imports of the
    # checkout, for the worker too (removed at the end).
    env["DJANGO_SETTINGS_MODULE"] = "partyorg.settings"
    for name in ("PARTYORG_DEBUG", "PARTYORG_DEMO", "GUNICORN_CMD_ARGS"):
        env.pop(name, None)
    database = Database(empty_database)
    data = tmp_path / "tinh.jsonl"
    people = int(run(env, "-m", "partyorg.jobs.tests.scenario", "file", str(KILLED_MEMBERS), str(data)))
    run(env, "createsuperuser", "--noinput")

    port = _free_port()
    served = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-c", PARTYORG, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=tmp_path,
        stdout=served.open("w"),
        stderr=subprocess.STDOUT,
    )
    worker_log = tmp_path / "worker.log"
    worker = start_worker(env, worker_log)
    client = Client(port)

    def get(path: str) -> str:
        response, text = client.request("GET", path)
        assert response.status == 200, (path, response.status, served.read_text())
        return str(text)

    def post(path: str, form: dict[str, str]) -> str:
        response, text = client.request("POST", path, form)
        assert response.status == 302, (path, response.status, text[:500])
        return str(response.headers["Location"])

    def token(text: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        assert found, text[:500]
        return found.group(1)

    try:

        def answers() -> bool:
            assert server.poll() is None, served.read_text()
            try:
                return bool(client.request("GET", "/suc-khoe/", proxied=False)[0].status == 200)
            except OSError:
                return False

        wait(answers, 60)
        page = get("/dang-nhap/")
        post("/dang-nhap/", {"username": "quantri", "password": password, "csrfmiddlewaretoken": token(page)})

        body, content_type = multipart({"csrfmiddlewaretoken": token(get("/nap-tep/"))}, "file", data)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        origin = f"https://127.0.0.1:{port}"
        headers = {
            "Content-Type": content_type,
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + "/nap-tep/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
        }
        connection.request("POST", "/nap-tep/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 302, served.read_text()
        job_page = str(response.headers["Location"])
        assert re.fullmatch(r"/nap-tep/\d+/", job_page), job_page

        post(job_page + "kiem-tra/", {"csrfmiddlewaretoken": token(get(job_page))})
        wait(lambda: finished(worker, database), 300)
        assert "Nếu áp dụng, tệp sẽ ghi" in get(job_page), worker_log.read_text()
        post(job_page + "ap-dung/", {"csrfmiddlewaretoken": token(get(job_page))})
        wait(lambda: worker.poll() is not None or database.loading(), 240, every=0.05)
        assert worker.poll() is None, worker_log.read_text()
        assert "Nạp các bản ghi" in get(job_page)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        assert database.people() == 0

        worker = start_worker(env, worker_log)
        wait(lambda: finished(worker, database), 300)
        assert "Đã nạp" in get(job_page), worker_log.read_text()
        shown = get(job_page)
        assert "Việc này đã bị ngắt giữa chừng và được chạy lại từ đầu" in shown
        assert "lần chạy thứ 1" in shown and "không có gì được ghi" in shown
        assert database.people() == people
    finally:
        for process in (worker, server):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
        stored = database.one("SELECT stored_name FROM web_importjob ORDER BY id DESC LIMIT 1")
        if stored:
            for kept in (ROOT / "var" / "imports").glob(f"{Path(stored[0]).stem}*"):
                kept.unlink()
