"""Backups of partyorg's database, taken while partyorg runs, and their restore into an empty one.

A backup is one file, a zip archive readable by its owner only, holding

- the database: on SQLite a copy made with SQLite's online backup API (``database.sqlite3``), on
  PostgreSQL a ``pg_dump`` in its custom format (``database.pgdump``);
- its manifest (``manifest.json``): the partyorg version and the migrations applied, when and by
  whom, the database's kind, the SHA-256 of the database part, and the figures of the database as
  it was copied (:func:`figures`).

The copy is consistent while others write. On SQLite the online backup copies every page in one
step, inside one read transaction: in WAL mode writers go on meanwhile, and the copy is the database
as it stood when the step began; the figures are then counted on the copy itself. On PostgreSQL the
figures are counted in a REPEATABLE READ transaction whose snapshot ``pg_dump --snapshot`` dumps,
so the dump and its figures see the same committed writes.

A restore reads the manifest, checks the database part against its SHA-256, the kind of the target,
that the target holds no records (unless forced), and then restores in one transaction: on SQLite
the copy is checked (``PRAGMA integrity_check``, migrated to this partyorg when older, its figures
counted against the manifest's) before it replaces the target's contents in one online-backup
step; on PostgreSQL ``pg_restore`` writes the SQL that ``psql`` runs in one transaction, committed
only once ``pg_restore`` has ended well. Either way the target is left as it was or holds the whole
backup, and the restored database's figures are counted against the manifest's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_date, vn_number
from partyorg.core.records import Refused
from partyorg.members.models import MembershipEvent, MembershipInterval, MemberStatus
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on

__all__ = [
    "FORMAT",
    "Backup",
    "Restored",
    "differences",
    "figures",
    "make_backup",
    "read_backup",
    "records_held",
    "restore_backup",
]

FORMAT = "partyorg-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables that ``migrate`` itself fills: a database holding rows only there holds no records.
NOT_RECORDS = frozenset({"django_migrations", "django_content_type", "auth_permission"})
CHUNK = 1 << 20
# The tables a refusal names first: what the officer recognizes as records.
FIRST_NAMED = {
    table: rank
    for rank, table in enumerate(
        ["organizations_organization", "members_person", "members_membershipevent", "auth_user"]
    )
}


# ---------------------------------------------------------------------------------------- figures


def figures(using: str, days: Sequence[date]) -> dict[str, Any]:
    """What a restore checks: on each of ``days``, the members of each root organization (one with
    no parent that day) by status and the organizations standing by kind; the number of membership
    events; the rows of every table but those ``migrate`` fills (:data:`NOT_RECORDS`)."""
    return {
        "days": [day.isoformat() for day in days],
        "members": {day.isoformat(): _members_by_root(using, day) for day in days},
        "organizations": {day.isoformat(): _organizations_by_kind(using, day) for day in days},
        "events": MembershipEvent.objects.using(using).count(),
        "tables": _table_rows(using),
    }


def _members_by_root(using: str, day: date) -> dict[str, dict[str, Any]]:
    """{root's code: {"name": …, "official": n, "probationary": n}} on ``day``, the tree as it stood
    that day: every member held that day counts once, under the root of their organization."""
    versions = OrgVersion.objects.using(using).filter(valid_on(day))
    parent_of = dict(versions.values_list("organization_id", "parent_id"))
    root_of: dict[int, int] = {}

    def root(org_id: int) -> int:
        path: list[int] = []
        while org_id not in root_of:
            parent = parent_of.get(org_id)
            if parent is None or len(path) > len(parent_of):
                root_of[org_id] = org_id
                break
            path.append(org_id)
            org_id = parent
        for step in path:
            root_of[step] = root_of[org_id]
        return root_of[org_id]

    held = (
        MembershipInterval.objects.using(using)
        .filter(valid_on(day))
        .values_list("organization_id", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[str, int]] = {}
    for org_id, status, n in held:
        of_root = counts.setdefault(root(org_id), dict.fromkeys(MemberStatus.values, 0))
        of_root[status] = of_root.get(status, 0) + n
    for org_id, parent in parent_of.items():
        if parent is None:
            counts.setdefault(org_id, dict.fromkeys(MemberStatus.values, 0))
    names = dict(versions.filter(organization_id__in=list(counts)).values_list("organization_id", "name"))
    codes = dict(Organization.objects.using(using).filter(pk__in=list(counts)).values_list("pk", "code"))
    return {
        codes.get(org_id, str(org_id)): {"name": names.get(org_id, ""), **by_status}
        for org_id, by_status in counts.items()
    }


def _organizations_by_kind(using: str, day: date) -> dict[str, int]:
    rows = OrgVersion.objects.using(using).filter(valid_on(day)).values_list("kind").annotate(n=Count("id"))
    return {kind: n for kind, n in rows}


def _table_rows(using: str) -> dict[str, int]:
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        rows = {}
        for table in tables:
            if table in NOT_RECORDS or table.startswith("sqlite_"):
                continue  # a restore may migrate the copy forward, which writes these
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            rows[table] = int(cursor.fetchone()[0])
    return rows


def differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """Each figure of ``expected`` (the manifest's) that ``found`` (the restored database's) does not
    repeat, in Vietnamese, naming the organization, the day and both numbers."""
    lines: list[str] = []

    def differ(what: str, wanted: int | None, got: int | None) -> None:
        if wanted != got:
            lines.append(
                _("%(what)s: bản sao lưu %(expected)s, sau khôi phục %(found)s")
                % {"what": what, "expected": _count(wanted), "found": _count(got)}
            )

    for day in expected["days"]:
        shown = vn_date(date.fromisoformat(day))
        wanted_roots = expected["members"].get(day, {})
        found_roots = found["members"].get(day, {})
        for code in sorted(set(wanted_roots) | set(found_roots)):
            wanted, got = wanted_roots.get(code, {}), found_roots.get(code, {})
            name = wanted.get("name") or got.get("name") or ""
            for status in MemberStatus:
                what = _("Đảng viên %(status)s của %(code)s %(name)s ngày %(day)s") % {
                    "status": str(status.label).lower(),
                    "code": code,
                    "name": name,
                    "day": shown,
                }
                differ(what, wanted.get(status.value, 0), got.get(status.value, 0))
        wanted_kinds = expected["organizations"].get(day, {})
        found_kinds = found["organizations"].get(day, {})
        for kind in sorted(set(wanted_kinds) | set(found_kinds)):
            label = OrgKind(kind).label if kind in OrgKind.values else kind
            what = _("Tổ chức loại “%(kind)s” ngày %(day)s") % {"kind": label, "day": shown}
            differ(what, wanted_kinds.get(kind, 0), found_kinds.get(kind, 0))
    differ(_("Sự kiện của đảng viên"), expected["events"], found["events"])
    for table, rows in sorted(expected["tables"].items()):
        differ(_("Số dòng của bảng %(table)s") % {"table": table}, rows, found["tables"].get(table))
    return lines


def _count(value: int | None) -> str:
    return _("không có") if value is None else vn_number(value)


def figure_days(today: date) -> list[date]:
    """The days whose figures a backup carries: its own day and the last year end before it."""
    return [today, date(today.year - 1, 12, 31)]


# ----------------------------------------------------------------------------------------- backup


def make_backup(dest: Path, *, by: str, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write a backup of the database ``using`` to ``dest`` (a new file, readable by its owner only)
    and return its manifest. The file appears only once whole: it is written beside, then renamed."""
    connection = connections[using]
    kind = connection.vendor
    if kind not in PAYLOADS:  # pragma: no cover - settings allow only the two
        raise Refused(_("Không sao lưu được cơ sở dữ liệu loại %(kind)s") % {"kind": kind})
    if dest.exists():
        raise Refused(_("Tệp %(path)s đã có: chọn một tên khác cho bản sao lưu mới") % {"path": dest})
    if not dest.parent.is_dir():
        raise Refused(_("Không có thư mục %(path)s") % {"path": dest.parent})
    if not MigrationRecorder(connection).has_table():
        raise Refused(
            _("Cơ sở dữ liệu %(database)s chưa có bảng nào của partyorg: không có gì để sao lưu")
            % {"database": describe(connection)}
        )
    days = figure_days(timezone.localdate())
    partial = dest.with_name(dest.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        # SQLite's pages are compressed, quickly (level 1: about a third of the size); a pg_dump is
        # compressed already and is stored as it is.
        compression = zipfile.ZIP_DEFLATED if kind == "sqlite" else zipfile.ZIP_STORED
        with (
            os.fdopen(descriptor, "wb") as raw,
            zipfile.ZipFile(raw, "w", compression=compression, compresslevel=1) as archive,
        ):
            if kind == "sqlite":
                part = _backup_sqlite(connection, archive, days, dest.parent)
            else:
                part = _backup_postgresql(connection, archive, days)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "partyorg": _version(),
                "created_at": timezone.now().isoformat(),
                "created_by": by,
                "database": kind,
                **part,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _backup_sqlite(
    connection: BaseDatabaseWrapper, archive: zipfile.ZipFile, days: list[date], beside: Path
) -> dict[str, Any]:
    connection.ensure_connection()
    # The copy is as large as the database and holds the same records: in a private folder beside
    # the destination (same disk), removed at the end.
    with tempfile.TemporaryDirectory(dir=beside, prefix=".partyorg-backup-") as folder:
        staged = Path(folder) / PAYLOADS["sqlite"]
        copy = sqlite3.connect(staged)
        try:
            # pages=-1 (the default): every page in one step, in one read transaction of the source.
            connection.connection.backup(copy)
        finally:
            copy.close()
        with sqlite_alias(staged) as alias:
            migrations = _migrations(alias)
            counted = figures(alias, days)
        with staged.open("rb") as source:
            digest, size = _write_member(archive, PAYLOADS["sqlite"], source)
    return {"migrations": migrations, "payload": PAYLOADS["sqlite"], "sha256": digest, "size": size,
            "figures": counted}  # fmt: skip


def _backup_postgresql(
    connection: BaseDatabaseWrapper, archive: zipfile.ZipFile, days: list[date]
) -> dict[str, Any]:
    pg_dump = _tool("pg_dump")
    if connection.in_atomic_block:
        raise Refused(_("Không sao lưu được bên trong một giao dịch đang mở"))
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        with tempfile.TemporaryFile() as errors:
            dump = subprocess.Popen(
                [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}"],
                stdout=subprocess.PIPE,
                stderr=errors,
                env=_pg_env(connection),
            )
            assert dump.stdout is not None
            try:
                digest, size = _write_member(archive, PAYLOADS["postgresql"], dump.stdout)
            finally:
                dump.stdout.close()
                returncode = dump.wait()
            if returncode:
                raise Refused(_("pg_dump báo lỗi: %(message)s") % {"message": _read(errors)})
        # In the snapshot the dump read: the figures of what it holds, whatever was written since.
        migrations = _migrations(connection.alias)
        counted = figures(connection.alias, days)
    return {"migrations": migrations, "payload": PAYLOADS["postgresql"], "sha256": digest, "size": size,
            "figures": counted}  # fmt: skip


def _write_member(archive: zipfile.ZipFile, name: str, source: IO[bytes]) -> tuple[str, int]:
    """``source`` written to ``archive`` as ``name`` (the archive's compression; mode 0600), with
    its SHA-256 and size."""
    digest, size = hashlib.sha256(), 0
    with archive.open(name, "w", force_zip64=True) as member:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _migrations(using: str) -> list[str]:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _version() -> str:
    try:
        return metadata.version("partyorg")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout not installed
        return "?"


# ---------------------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class Backup:
    """A backup file whose manifest has been read (:func:`read_backup`)."""

    path: Path
    manifest: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.manifest["database"])

    @property
    def days(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.manifest["figures"]["days"]]


@dataclass
class Restored:
    """What a restore did: ``differences`` empty when the figures agree ("khớp")."""

    backup: Backup
    migrated: bool
    differences: list[str] = field(default_factory=list)


def _not_a_backup(path: Path) -> Refused:
    return Refused(_("Tệp %(path)s không phải là bản sao lưu của partyorg") % {"path": path})


def _damaged(path: Path, problem: str) -> Refused:
    return Refused(
        _("Tệp sao lưu %(path)s bị hỏng (%(problem)s): không khôi phục từ tệp này")
        % {"path": path, "problem": problem}
    )


def read_backup(path: Path) -> Backup:
    """The backup at ``path`` with its manifest; refused, in Vietnamese, when it is not a partyorg
    backup or its manifest cannot be read."""
    if not path.is_file():
        raise Refused(_("Không có tệp %(path)s") % {"path": path})
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise _not_a_backup(path)
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except zipfile.BadZipFile as problem:
        with path.open("rb") as start:
            if start.read(4) != b"PK\x03\x04":
                raise _not_a_backup(path) from None
        raise _damaged(path, str(problem)) from None  # a zip archive, cut short or overwritten
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as problem:
        raise _damaged(path, _("không đọc được bản kê %(name)s: %(problem)s") % {
            "name": MANIFEST, "problem": problem}) from None  # fmt: skip
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise Refused(
            _("Tệp %(path)s là bản sao lưu dạng %(version)s, bản partyorg này chỉ đọc được dạng %(known)s")
            % {"path": path, "version": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    for key in ("database", "payload", "sha256", "figures", "migrations"):
        if key not in manifest:
            raise _damaged(path, _("bản kê thiếu mục %(key)s") % {"key": key})
    if manifest["database"] not in PAYLOADS or manifest["payload"] not in names:
        raise _damaged(path, _("thiếu phần cơ sở dữ liệu %(name)s") % {"name": manifest["payload"]})
    return Backup(path, manifest)


def records_held(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The tables of the database ``using`` that hold a row (those ``migrate`` fills aside)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    held = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in NOT_RECORDS or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                held.append(table)
    return sorted(held, key=lambda table: (table not in FIRST_NAMED, FIRST_NAMED.get(table, 0), table))


def restore_backup(backup: Backup, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Restore ``backup`` into the database ``using``, which must hold no records unless ``force``
    (then everything in it is replaced). All or nothing; see the module's docstring."""
    connection = connections[using]
    beside = None
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and name != ":memory:" and "mode=memory" not in name:
        beside = Path(name).resolve().parent
    with tempfile.TemporaryDirectory(dir=beside, prefix=".partyorg-restore-") as folder:
        staged = Path(folder) / backup.manifest["payload"]
        _extract(backup, staged)
        if backup.kind != connection.vendor:
            raise Refused(
                _(
                    "%(path)s là bản sao lưu %(kind)s, còn cơ sở dữ liệu đích %(database)s là %(target)s: "
                    "khôi phục vào một cơ sở dữ liệu %(kind)s (để chuyển dữ liệu sang loại khác: "
                    "partyorg export rồi partyorg import)"
                )
                % {
                    "path": backup.path,
                    "kind": KIND_NAMES[backup.kind],
                    "database": describe(connection),
                    "target": KIND_NAMES.get(connection.vendor, connection.vendor),
                }
            )
        _refuse_newer(backup)
        if not force and (held := records_held(using)):
            raise Refused(
                _(
                    "Cơ sở dữ liệu đích %(database)s đã có dữ liệu (bảng %(tables)s): chỉ khôi phục vào "
                    "một cơ sở dữ liệu trống; thêm --force để thay toàn bộ dữ liệu đang có bằng bản sao lưu"
                )
                % {
                    "database": describe(connection),
                    "tables": ", ".join(held[:5]) + (", …" * (len(held) > 5)),
                }
            )
        if connection.vendor == "sqlite":
            return _restore_sqlite(connection, backup, staged)
        return _restore_postgresql(connection, backup, staged)


def _extract(backup: Backup, into: Path) -> None:
    """The database part of ``backup`` written to ``into``, checked against the manifest's SHA-256."""
    digest = hashlib.sha256()
    try:
        with (
            zipfile.ZipFile(backup.path) as archive,
            archive.open(backup.manifest["payload"]) as part,
            into.open("wb") as out,
        ):
            while chunk := part.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as problem:
        raise _damaged(backup.path, str(problem)) from None
    if digest.hexdigest() != backup.manifest["sha256"]:
        raise _damaged(
            backup.path,
            _("%(name)s không đúng mã kiểm tra SHA-256 ghi trong bản kê")
            % {"name": backup.manifest["payload"]},
        )


def _refuse_newer(backup: Backup) -> None:
    """A backup made by a later partyorg holds migrations this one does not know: its tables may
    not be what this code reads."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        name
        for name in backup.manifest["migrations"]
        if tuple(name.split(".", 1)) not in loader.disk_migrations
        and name.split(".", 1)[0] in loader.migrated_apps
    ]
    if unknown:
        raise Refused(
            _(
                "%(path)s được sao lưu từ partyorg %(version)s, mới hơn bản này (chưa biết migration "
                "%(migrations)s): cài partyorg %(version)s hoặc mới hơn rồi khôi phục"
            )
            % {
                "path": backup.path,
                "version": backup.manifest.get("partyorg", "?"),
                "migrations": ", ".join(unknown),
            }
        )


def _migrate(using: str) -> bool:
    """Bring the database ``using`` to this partyorg's migrations; whether there were any to run."""
    executor = MigrationExecutor(connections[using])
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", database=using, verbosity=0, interactive=False)
    return True


def _restore_sqlite(connection: BaseDatabaseWrapper, backup: Backup, staged: Path) -> Restored:
    check = sqlite3.connect(staged)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as problem:
        verdict = str(problem)
    finally:
        check.close()
    if verdict != "ok":
        raise _damaged(backup.path, verdict)
    expected = backup.manifest["figures"]
    with sqlite_alias(staged) as alias:
        migrated = _migrate(alias)
        found = differences(expected, figures(alias, backup.days))
    if found:
        raise Refused(
            _("Không khôi phục: cơ sở dữ liệu trong %(path)s không khớp với số liệu ghi trong bản kê:")
            % {"path": backup.path}
            + "\n"
            + "\n".join(f"- {line}" for line in found)
        )
    connection.ensure_connection()
    source = sqlite3.connect(staged)
    try:
        # One step: the target's pages are replaced in one write transaction of the target, all or
        # nothing; writers of the target wait for it (busy timeout) rather than see half of it.
        source.backup(connection.connection)
    finally:
        source.close()
    return Restored(backup, migrated, differences(expected, figures(connection.alias, backup.days)))


def _restore_postgresql(connection: BaseDatabaseWrapper, backup: Backup, staged: Path) -> Restored:
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    env = _pg_env(connection)
    connection.close()  # nothing of this process holds the tables while they are replaced
    # Whatever the target holds goes, in the same transaction as the restore: with --force, tables
    # of a later partyorg than the backup's would otherwise stay beside the restored ones.
    preamble = "\\set ON_ERROR_STOP on\nBEGIN;\n"
    if tables:
        preamble += f"DROP TABLE IF EXISTS {', '.join(quote(t) for t in tables)} CASCADE;\n"
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        script = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", str(staged)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=env,
        )
        runner = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--no-password", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        assert script.stdout is not None and runner.stdin is not None
        try:
            runner.stdin.write(preamble.encode())
            while chunk := script.stdout.read(CHUNK):
                runner.stdin.write(chunk)
            # COMMIT only once pg_restore has written the whole script: a script cut short is
            # never committed (psql ends at its input's end, and the transaction with it).
            if script.wait() == 0:
                runner.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:  # psql stopped at an error: nothing was committed
            script.kill()
        finally:
            script.stdout.close()
            script.wait()
            with suppress(BrokenPipeError):
                runner.stdin.close()
            runner.wait()
        if script.returncode or runner.returncode:
            failed, errors = ("pg_restore", restore_errors) if script.returncode else ("psql", psql_errors)
            raise Refused(
                _("Không khôi phục được, cơ sở dữ liệu đích vẫn như trước: %(tool)s báo lỗi: %(message)s")
                % {"tool": failed, "message": _read(errors)}
            )
    migrated = _migrate(connection.alias)
    found = differences(backup.manifest["figures"], figures(connection.alias, backup.days))
    return Restored(backup, migrated, found)


# ---------------------------------------------------------------------------------------- helpers


@contextmanager
def sqlite_alias(path: Path) -> Iterator[str]:
    """A database alias for the SQLite file ``path`` while the block runs, so that the ORM counts
    the figures of a copy (``.using(alias)``)."""
    alias = f"partyorg_copy_{os.getpid()}_{id(path)}"
    connections.settings[alias] = {
        **connections.settings[DEFAULT_DB_ALIAS],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {},
        "CONN_MAX_AGE": 0,
        "TEST": {},
    }
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def describe(connection: BaseDatabaseWrapper) -> str:
    """The database as the officer knows it: the SQLite file, or PostgreSQL's host and name."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgresql://{host}{port}/{settings['NAME']}"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Refused(
            _(
                "Không tìm thấy chương trình %(tool)s, cần để sao lưu và khôi phục PostgreSQL: cài gói "
                "postgresql-client (Debian, Ubuntu: sudo apt install postgresql-client), cùng phiên bản "
                "với máy chủ PostgreSQL hoặc mới hơn"
            )
            % {"tool": name}
        )
    return found


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment that points PostgreSQL's client tools at the database of ``connection``."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if value := (settings.get("OPTIONS") or {}).get(option):
            env[f"PG{option.upper()}"] = str(value)
    return env


def _read(errors: IO[bytes]) -> str:
    errors.seek(0)
    return errors.read().decode("utf-8", "replace").strip()[-2000:]
