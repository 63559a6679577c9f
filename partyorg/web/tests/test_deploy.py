"""Django's deployment checks pass with the production settings (debug off, a real secret key); the
demo server runs with debug off too, over plain HTTP on the machine itself."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "PARTYORG_DEBUG": "0",
        "PARTYORG_SECRET_KEY": secrets.token_urlsafe(64),
        "PARTYORG_ALLOWED_HOSTS": "partyorg.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "partyorg.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests of this process, never deployed
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "PARTYORG_DEBUG": "0",
        "PARTYORG_SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "partyorg.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0 and "PARTYORG_SECRET_KEY must be set" in result.stderr


def _demo_settings(tmp_path, *names):
    env = {
        **os.environ,
        "PARTYORG_DEMO": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "partyorg.settings",
    }
    for name in ("PARTYORG_DEBUG", "PARTYORG_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    code = f"from django.conf import settings; print(*(getattr(settings, n) for n in {names!r}), sep='\\n')"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[: len(names)]


def test_the_demo_runs_with_debug_off_over_plain_http_with_a_key_of_its_own(tmp_path):
    """PARTYORG_DEMO=1 (the demo server): debug off, no HTTPS redirect nor HTTPS-only cookies (the
    demo is plain HTTP on the machine itself), and a secret key made on the first start, kept beside
    the database for the owner only, and the same on the next start."""
    debug, redirect, secure, key = _demo_settings(
        tmp_path, "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECRET_KEY"
    )
    assert (debug, redirect, secure) == ("False", "False", "False")
    kept = tmp_path / "demo.sqlite3-secret-key"
    assert kept.read_text().strip() == key and len(key) >= 50 and key != "insecure-development-key"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert _demo_settings(tmp_path, "SECRET_KEY") == [key]


def test_the_demo_server_shows_no_debug_page_and_serves_its_static_files(tmp_path):
    """The server `partyorg demo` starts (its own command line and environment): the sign-in page
    over plain HTTP, the stylesheet served by the app itself with debug off, and an unknown address
    answered by partyorg's page, never Django's list of the application's addresses."""
    from partyorg.cli.management.commands.demo import server_command

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv, env = server_command("127.0.0.1", port)
    assert env["PARTYORG_DEMO"] == "1" and "PARTYORG_DEBUG" not in env
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/dang-nhap/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with urllib.request.urlopen(base + "/dang-nhap/", timeout=5) as response:
            assert response.url == base + "/dang-nhap/"  # not sent to https://
            assert "Đăng nhập" in response.read().decode()
        with urllib.request.urlopen(base + "/static/web/partyorg.css", timeout=5) as response:
            assert response.status == 200 and ".bar" in response.read().decode()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/khong-co-trang-nay/", timeout=5)
        page = missing.value.read().decode()
        assert missing.value.code == 404 and "<h1>Không tìm thấy</h1>" in page
        assert "URLconf" not in page and "Traceback" not in page
    finally:
        server.terminate()
        server.wait(timeout=10)
