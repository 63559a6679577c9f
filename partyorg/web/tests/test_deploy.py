"""Django's deployment checks pass with the production settings (debug off, a real secret key)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

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
