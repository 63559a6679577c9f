"""Production serving: the health endpoint, `partyorg serve` end to end under gunicorn, and the JSON
log lines (partyorg/web/views/health.py, partyorg/cli/management/commands/serve.py,
partyorg/ops/logs.py)."""

import http.client
import json
import logging
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from partyorg import testing
from partyorg.ops.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[3]
PARTYORG = [sys.executable, "-c", "from partyorg.cli import main; main()"]


# The health endpoint


@pytest.mark.django_db
def test_health_answers_json_without_signing_in(client):
    response = client.get("/suc-khoe/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok" and body["database"] is True and body["pending_migrations"] == 0
    assert re.fullmatch(r"\d+\.\d+\.\d+.*|unknown", body["version"])


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not_answer(client, caplog):
    refused = OperationalError("could not connect to server: secret-host.internal port 5432")
    with mock.patch.object(connections[DEFAULT_DB_ALIAS], "cursor", side_effect=refused):
        response = client.get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "database-unreachable",
        "database": False,
        "pending_migrations": None,
        "version": response.json()["version"],
    }
    assert b"secret-host" not in response.content  # the error is logged, never answered
    assert "does not answer" in caplog.text


@pytest.mark.django_db
def test_health_answers_503_while_migrations_are_pending(client):
    with mock.patch.object(MigrationExecutor, "migration_plan", return_value=[("m1", False), ("m2", False)]):
        response = client.get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json()["status"] == "migrations-pending"
    assert response.json()["database"] is True and response.json()["pending_migrations"] == 2


@pytest.mark.django_db
def test_health_refuses_writes(client):
    assert client.post("/suc-khoe/").status_code == 405


# The JSON log lines


def _line(record):
    text = JsonFormatter().format(record)
    assert "\n" not in text
    return json.loads(text)


def test_json_log_lines_are_one_json_object_each():
    record = logging.LogRecord("partyorg.x", logging.WARNING, __file__, 1, "Đã nạp %s người", (3,), None)
    entry = _line(record)
    assert entry["level"] == "WARNING" and entry["logger"] == "partyorg.x"
    assert entry["message"] == "Đã nạp 3 người"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])

    try:
        raise ValueError("dòng 1\ndòng 2")
    except ValueError:
        failed = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Lỗi", (), sys.exc_info())
    assert "ValueError: dòng 1\ndòng 2" in _line(failed)["exception"]


@pytest.mark.django_db
def test_json_log_lines_name_the_request_and_the_user_once_known():
    request = RequestFactory().get("/dang-vien/X/", REMOTE_ADDR="10.0.0.5")
    request.user = testing.user_with("tinhuy")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None)
    record.request = request
    record.status_code = 404
    entry = _line(record)
    assert entry | {"time": ""} == {
        "time": "",
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /x",
        "path": "/dang-vien/X/",
        "method": "GET",
        "remote": "10.0.0.5",
        "status": 404,
        "user": "tinhuy",
    }
    request.user = AnonymousUser()
    assert "user" not in _line(record)


def test_json_log_lines_never_look_the_user_up():
    from django.utils.functional import SimpleLazyObject

    def lookup():
        raise AssertionError("the log line asked for the user")

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lookup)
    record = logging.LogRecord("django.security", logging.ERROR, __file__, 1, "Bad", (), None)
    record.request = request
    assert "user" not in _line(record) and _line(record)["path"] == "/"


def test_json_log_lines_read_gunicorns_access_records():
    atoms = {"h": "127.0.0.1", "m": "GET", "U": "/suc-khoe/", "s": "200", "M": 12, "a": "curl"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s", (), None)
    record.args = atoms  # as gunicorn logs it: a mapping for its format
    entry = _line(record)
    assert entry["message"] == "GET /suc-khoe/"
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"]) == (
        "GET",
        "/suc-khoe/",
        200,
        12,
    )


# `partyorg serve`, end to end


class Client:
    """Just enough of a browser behind a proxy that ends TLS: it says the request came over HTTPS
    (X-Forwarded-Proto, trusted with PARTYORG_BEHIND_PROXY=1), and keeps the cookies the server sets
    (HTTPS-only cookies, which urllib's cookie jar would not send over the test's plain HTTP)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, proxied=True):
        headers = {"X-Forwarded-Proto": "https"} if proxied else {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            origin = f"https://127.0.0.1:{self.port}"
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
            headers["Referer"] = origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies |= {name: morsel.value for name, morsel in cookie.items()}
        return response, text


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory, django_db_setup, django_db_blocker):
    """A SQLite file with partyorg's tables, as `partyorg migrate` leaves it. On SQLite it is a copy
    of the test database (built by the migrations once for the whole run), made with SQLite's
    backup before any test opens a transaction on it; on PostgreSQL the file is migrated."""
    path = tmp_path_factory.mktemp("serve") / "partyorg.sqlite3"
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            return path
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "partyorg.settings"}
    subprocess.run([*PARTYORG, "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=120)
    return path


def test_partyorg_serve_signs_in_serves_pages_and_hides_internals(migrated_database, tmp_path):
    started = time.monotonic()
    port = _free_port()
    secret_key = secrets.token_urlsafe(64)
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{migrated_database}",
        "PARTYORG_SECRET_KEY": secret_key,
        "PARTYORG_BEHIND_PROXY": "1",
        "PARTYORG_LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "partyorg.settings",
        "DJANGO_SUPERUSER_USERNAME": "quantri",
        "DJANGO_SUPERUSER_EMAIL": "quantri@example.vn",
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    for name in ("PARTYORG_DEBUG", "PARTYORG_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE", "GUNICORN_CMD_ARGS"):
        env.pop(name, None)
    subprocess.run([*PARTYORG, "createsuperuser", "--noinput"], env=env, cwd=ROOT, check=True, timeout=60)

    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [*PARTYORG, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Client(port)
    try:
        # The health endpoint over plain HTTP (a monitor on the machine): no redirect to HTTPS.
        deadline = time.monotonic() + 20
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                response, text = client.request("GET", "/suc-khoe/", proxied=False)
                break
            except OSError:
                assert time.monotonic() < deadline, "partyorg serve did not answer in 20 s"
                time.sleep(0.2)
        assert response.status == 200, text
        assert json.loads(text)["status"] == "ok"

        # Over plain HTTP, any page is sent to HTTPS (debug is off, production settings).
        response, _ = client.request("GET", "/dang-nhap/", proxied=False)
        assert response.status == 301 and response.headers["Location"].startswith("https://")

        response, text = client.request("GET", "/dang-nhap/")
        assert response.status == 200 and "Đăng nhập" in text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        response, text = client.request(
            "POST", "/dang-nhap/", {"username": "quantri", "password": password, "csrfmiddlewaretoken": token}
        )
        assert response.status == 302, text
        assert "sessionid" in client.cookies

        response, text = client.request("GET", "/to-chuc/")
        assert response.status == 200 and "quantri" in text

        response, text = client.request("GET", "/static/web/partyorg.css")
        assert response.status == 200 and ".bar" in text

        response, page = client.request("GET", "/khong-co-trang-nay/")
        assert response.status == 404
        assert "<h1>Không tìm thấy</h1>" in page
        for internal in ("Traceback", "URLconf", "SECRET_KEY", secret_key, "DATABASES", "settings", "sqlite"):
            assert internal not in page
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
    assert server.returncode == 0

    # PARTYORG_LOG_FORMAT=json: every line the server wrote is one JSON object.
    entries = [json.loads(line) for line in (tmp_path / "serve.log").read_text().splitlines() if line]
    assert any(e["logger"] == "gunicorn.access" and e.get("path") == "/suc-khoe/" for e in entries)
    missing = [e for e in entries if e["logger"] == "django.request" and e.get("status") == 404]
    assert missing and missing[0]["path"] == "/khong-co-trang-nay/" and missing[0]["user"] == "quantri"
    assert time.monotonic() - started < 45
