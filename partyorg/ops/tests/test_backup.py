"""Backups taken while partyorg writes, and their restore (issue 19: "a backup taken during writes
restores to identical figures").

The round trip runs partyorg as an officer would, in processes of their own on scratch databases
(SQLite files; PostgreSQL databases on the test server when the suite runs on PostgreSQL): the
test database of this process is SQLite in memory, where no second connection writes beside a
reader. The figures are hand-worked from the writer (``partyorg/ops/tests/writer.py``): ``BASE``
official members admitted in 2015, and each person the writer commits is one more probationary
member with two events; the dates are in 2015 and 2020, so the backup's two days (its own and the
last year end) hold the same figures whatever day the test runs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from partyorg import testing
from partyorg.core.formats import vn_number as vn
from partyorg.members.models import Person
from partyorg.ops import backup
from partyorg.ops.tests import writer

POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
ROOT = Path(__file__).resolve().parents[3]
PARTYORG = "import sys; from partyorg.cli import main; main(['partyorg', *sys.argv[1:]])"


def run(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``partyorg ARGS`` (or ``python -m …`` when the first argument is ``-m``) on ``url``."""
    env = {**os.environ, "DATABASE_URL": url, "PARTYORG_LANG": "vi"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, *args] if args[0] == "-m" else [sys.executable, "-c", PARTYORG, *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch(request, tmp_path, django_db_setup):
    """Two empty databases of one kind, the live one and the one restored into, as URLs."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if not POSTGRESQL:
        pytest.skip("PostgreSQL's round trip runs when the suite runs on PostgreSQL (.ci/run runs both)")
    import psycopg

    test_db = connection.settings_dict
    names = [f"{test_db['NAME']}_backup_live", f"{test_db['NAME']}_backup_restored"]
    server = {
        "host": test_db["HOST"] or "localhost",
        "port": test_db["PORT"] or 5432,
        "user": test_db["USER"],
        "password": test_db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname=test_db["NAME"], autocommit=True, **server) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        credentials = quote(server["user"] or "")
        if server["password"]:
            credentials += ":" + quote(server["password"])
        yield tuple(f"postgres://{credentials}@{server['host']}:{server['port']}/{name}" for name in names)
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for(progress: Path, more_than: int, timeout: float = 120) -> int:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        done = int(progress.read_text() or 0) if progress.exists() else 0
        if done > more_than:
            return done
        time.sleep(0.05)
    raise AssertionError(f"the writer did not pass {more_than} people in {timeout} s")


def test_a_backup_taken_during_writes_restores_to_identical_figures(scratch, tmp_path):
    live, restored = scratch
    built = run(live, "-m", "partyorg.ops.tests.writer", "build", cwd=ROOT)
    assert built.returncode == 0, built.stderr

    stop, progress = tmp_path / "stop", tmp_path / "progress"
    env = {**os.environ, "DATABASE_URL": live}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    writing = subprocess.Popen(
        [sys.executable, "-m", "partyorg.ops.tests.writer", "write", str(stop), str(progress)],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        before = wait_for(progress, 2)
        made = run(live, "backup", str(tmp_path / "during.zip"), "--by", "bantochuc", cwd=tmp_path)
        after = int(progress.read_text())
        wait_for(progress, after)  # the writer goes on after the backup, too
    finally:
        stop.touch()
        _, errors = writing.communicate(timeout=120)
    assert made.returncode == 0, made.stderr
    assert writing.returncode == 0, errors  # no write failed ("database is locked") meanwhile
    assert after > before, "no write landed while the backup ran"
    total = int(progress.read_text())

    manifest = backup.read_backup(tmp_path / "during.zip").manifest
    assert stat.S_IMODE((tmp_path / "during.zip").stat().st_mode) == 0o600
    assert manifest["created_by"] == "bantochuc"
    assert manifest["database"] == ("postgresql" if live.startswith("postgres") else "sqlite")
    figures = manifest["figures"]
    today, year_end = figures["days"]
    for day in (today, year_end):
        province = figures["members"][day]["T"]
        assert province["name"] == "Tỉnh ủy Hòa Sơn"
        assert province["official"] == writer.BASE
        # The people the writer had committed when the copy was taken: all of them, each whole.
        taken = province["probationary"]
        assert before <= taken <= after < total
        assert figures["organizations"][day] == {
            "province": 1,
            "district": 1,
            "grassroots_committee": 1,
            "cell": 2,
            "grassroots_cell": 1,
        }
    events = writer.BASE * writer.EVENTS_PER_BASE_MEMBER + taken * writer.EVENTS_PER_WRITTEN
    assert figures["events"] == events
    assert figures["tables"]["members_person"] == writer.BASE + taken

    done = run(restored, "restore", str(tmp_path / "during.zip"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Số liệu khớp với bản sao lưu" in done.stdout

    # Restored again, the database holds records now: refused, and left as it was.
    again = run(restored, "restore", str(tmp_path / "during.zip"), cwd=tmp_path)
    assert again.returncode == 1
    assert "đã có dữ liệu (bảng " in again.stderr and "members_person" in again.stderr
    assert "thêm --force để thay toàn bộ dữ liệu đang có" in again.stderr
    forced = run(restored, "restore", str(tmp_path / "during.zip"), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "Số liệu khớp với bản sao lưu" in forced.stdout

    if live.startswith("postgres"):
        # PostgreSQL counts the restored database after its one transaction: a manifest claiming
        # one event more is told, naming the figure (exit status 1).
        manifest_claiming = {**manifest, "figures": {**figures, "events": figures["events"] + 1}}
        claimed = rewritten(tmp_path / "during.zip", tmp_path / "sai-so.zip", manifest=manifest_claiming)
        told = run(restored, "restore", str(claimed), "--force", cwd=tmp_path)
        assert told.returncode == 1
        assert told.stderr.strip() == (
            "Số liệu sau khôi phục KHÔNG khớp với bản sao lưu:\n"
            f"- Sự kiện của đảng viên: bản sao lưu {vn(figures['events'] + 1)}, "
            f"sau khôi phục {vn(figures['events'])}"
        )

    # The restored database, backed up in turn, carries the same figures as the backup taken.
    copy = run(restored, "backup", str(tmp_path / "restored.zip"), cwd=tmp_path)
    assert copy.returncode == 0, copy.stderr
    assert backup.read_backup(tmp_path / "restored.zip").manifest["figures"] == figures


# --- refusals: read in this process, before any database is touched ------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A real backup of a new SQLite database (the schema, no records), made once."""
    folder = tmp_path_factory.mktemp("backup")
    url = f"sqlite:///{folder / 'small.sqlite3'}"
    built = run(url, "migrate", "-v0", cwd=folder)
    assert built.returncode == 0, built.stderr
    done = run(url, "backup", str(folder / "small.zip"), cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "small.zip"


def rewritten(source: Path, to: Path, *, manifest: dict | None = None, payload: bytes | None = None) -> Path:
    """``source`` written again to ``to`` with another manifest or database part."""
    with zipfile.ZipFile(source) as archive:
        original = json.loads(archive.read(backup.MANIFEST))
        name = original["payload"]
        data = archive.read(name)
    with zipfile.ZipFile(to, "w") as archive:
        archive.writestr(name, data if payload is None else payload)
        archive.writestr(backup.MANIFEST, json.dumps(original if manifest is None else manifest))
    return to


def restore(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args)
    return str(refused.value)


@pytest.fixture
def province(db):
    """The target holds records: the test tree and one member."""
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, testing.FOUNDED)
    return tree


def test_a_file_that_is_no_backup_is_refused(tmp_path, province):
    text = tmp_path / "danh-sach.txt"
    text.write_text("Lò Văn Pọm, Chi bộ bản Na Ten\n")
    assert restore(text) == f"Tệp {text} không phải là bản sao lưu của partyorg"

    other_zip = tmp_path / "tai-lieu.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("bao-cao.docx", b"...")
    assert restore(other_zip) == f"Tệp {other_zip} không phải là bản sao lưu của partyorg"

    alien = tmp_path / "khac.zip"
    with zipfile.ZipFile(alien, "w") as archive:
        archive.writestr(backup.MANIFEST, json.dumps({"format": "other-backup"}))
    assert restore(alien) == f"Tệp {alien} không phải là bản sao lưu của partyorg"
    assert restore(tmp_path / "khong-co.zip") == f"Không có tệp {tmp_path / 'khong-co.zip'}"
    assert Person.objects.count() == 1  # nothing was touched


def test_a_damaged_backup_is_refused(made, tmp_path, province):
    # One byte of the database part changed, the archive rewritten around it: its SHA-256 differs.
    data = zipfile.ZipFile(made).read("database.sqlite3")
    flipped = data[:4096] + bytes([data[4096] ^ 0xFF]) + data[4097:]
    changed = rewritten(made, tmp_path / "doi-byte.zip", payload=flipped)
    assert restore(changed) == (
        f"Tệp sao lưu {changed} bị hỏng (database.sqlite3 không đúng mã kiểm tra SHA-256 ghi trong bản kê): "
        "không khôi phục từ tệp này"
    )

    # A byte changed in the file as it lies on disk (the compressed database): zip's own check.
    raw = bytearray(made.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    (tmp_path / "hong.zip").write_bytes(bytes(raw))
    message = restore(tmp_path / "hong.zip")
    assert message.startswith(f"Tệp sao lưu {tmp_path / 'hong.zip'} bị hỏng (")
    assert message.endswith("): không khôi phục từ tệp này")

    # Cut short (a copy that stopped half way).
    (tmp_path / "cut.zip").write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    message = restore(tmp_path / "cut.zip")
    assert message.startswith(f"Tệp sao lưu {tmp_path / 'cut.zip'} bị hỏng (")

    manifest = json.loads(zipfile.ZipFile(made).read(backup.MANIFEST))
    del manifest["sha256"]
    missing = rewritten(made, tmp_path / "thieu.zip", manifest=manifest)
    assert restore(missing) == (
        f"Tệp sao lưu {missing} bị hỏng (bản kê thiếu mục sha256): không khôi phục từ tệp này"
    )
    assert Person.objects.count() == 1


def test_a_backup_of_the_other_database_kind_is_refused(made, tmp_path, province):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = json.loads(zipfile.ZipFile(made).read(backup.MANIFEST))
    path = rewritten(made, tmp_path / "khac-loai.zip", manifest={**manifest, "database": other})
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    message = restore(path)
    assert message.startswith(
        f"{path} là bản sao lưu {names[other]}, còn cơ sở dữ liệu đích {backup.describe(connection)} "
        f"là {names[connection.vendor]}: khôi phục vào một cơ sở dữ liệu {names[other]}"
    )
    assert Person.objects.count() == 1


def test_a_backup_of_a_later_partyorg_is_refused(made, tmp_path, province):
    manifest = json.loads(zipfile.ZipFile(made).read(backup.MANIFEST))
    later = {
        **manifest,
        "database": connection.vendor,
        "partyorg": "9.0",
        "migrations": [*manifest["migrations"], "members.9999_later"],
    }
    path = rewritten(made, tmp_path / "moi-hon.zip", manifest=later)
    assert restore(path) == (
        f"{path} được sao lưu từ partyorg 9.0, mới hơn bản này (chưa biết migration members.9999_later): "
        "cài partyorg 9.0 hoặc mới hơn rồi khôi phục"
    )


@pytest.mark.skipif(POSTGRESQL, reason="the test database is PostgreSQL: its records are in the round trip")
def test_a_database_that_holds_records_is_refused(made, province):
    """The SQLite test database with the tree and a member: refused, naming the tables."""
    message = restore(made)
    assert message.startswith(f"Cơ sở dữ liệu đích {backup.describe(connection)} đã có dữ liệu (bảng ")
    assert "members_person" in message and "organizations_organization" in message
    assert Person.objects.count() == 1


def test_a_backup_never_overwrites_a_file(tmp_path):
    kept = tmp_path / "hom-qua.zip"
    kept.write_bytes(b"the backup of yesterday")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(kept))
    assert str(refused.value) == f"Tệp {kept} đã có: chọn một tên khác cho bản sao lưu mới"
    assert kept.read_bytes() == b"the backup of yesterday"


def test_without_postgresqls_client_tools_the_package_is_named(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.Refused) as refused:
        backup._tool("pg_dump")
    assert refused.value.message.startswith(
        "Không tìm thấy chương trình pg_dump, cần để sao lưu và khôi phục PostgreSQL: cài gói "
        "postgresql-client (Debian, Ubuntu: sudo apt install postgresql-client)"
    )


def test_a_copy_whose_figures_differ_from_its_manifest_is_not_restored(made, tmp_path):
    """The manifest claims one membership event more than the copy holds (its SHA-256 still
    right): on SQLite the copy is counted before it replaces anything, so the empty target stays
    empty. (On PostgreSQL the restored database is counted, and a difference is told the same way.)"""
    manifest = json.loads(zipfile.ZipFile(made).read(backup.MANIFEST))
    events = manifest["figures"]["events"]
    claimed = {**manifest, "figures": {**manifest["figures"], "events": events + 1}}
    path = rewritten(made, tmp_path / "sai-so.zip", manifest=claimed)
    target = tmp_path / "trong.sqlite3"
    refused = run(f"sqlite:///{target}", "restore", str(path), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"Không khôi phục: cơ sở dữ liệu trong {path} không khớp với số liệu ghi trong bản kê:\n"
        f"- Sự kiện của đảng viên: bản sao lưu {events + 1}, sau khôi phục {events}"
    )
    with sqlite3.connect(target) as untouched:
        assert untouched.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == []
