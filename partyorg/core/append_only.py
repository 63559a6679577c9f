"""Database triggers that make a table append-only, on SQLite and on PostgreSQL.

The application never updates or deletes a log row; these triggers make the database refuse it
too, so a stray ``UPDATE`` from a shell or a bug is stopped where it happens. ``TRUNCATE`` on
PostgreSQL (what Django's test flush uses) is not a row change and is not blocked: removing a whole
database is an administrator's act, not an edit of history.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

MESSAGE = "partyorg: nhật ký chỉ được ghi thêm, không được sửa hoặc xóa (append-only log)"


def install(schema_editor: BaseDatabaseSchemaEditor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for action in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f'CREATE TRIGGER "{table}_no_{action.lower()}" BEFORE {action} ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION partyorg_refuse_change() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; END; "
            "$$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION partyorg_refuse_change();"
        )
    else:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(vendor)


def uninstall(schema_editor: BaseDatabaseSchemaEditor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for action in ("update", "delete"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_{action}"')
    elif vendor == "postgresql":
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')


def tables(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables that carry the triggers now, whichever migration installed them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master"
                " WHERE type = 'trigger' AND name = tbl_name || '_no_delete'"
            )
        else:
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = c.relname || '_append_only'"
            )
        return sorted(row[0] for row in cursor.fetchall())
