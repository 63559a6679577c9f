"""Bulk inserts for loads and rebuilds, below the ORM.

``bulk_create`` spends most of its time preparing each value of each row through the field
machinery and, on SQLite, splitting batches at 999 parameters. A load writes millions of rows of a
handful of models whose columns are plain (integers, text, dates, datetimes, uuids), so this module
adapts each column once per type and hands whole batches to ``executemany`` (SQLite) or to ``COPY``
(PostgreSQL). It writes exactly what Django would write (the round-trip tests compare the two); use
it only for those plain models.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

Adapter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


# Dates and times repeat across rows (a load's events share their days): each is turned into text
# once. A date and a datetime never compare equal, and aware datetimes are keyed by their instant.
@functools.lru_cache(maxsize=1 << 16)
def _sqlite_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@functools.lru_cache(maxsize=1 << 16)
def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    # Django keeps aware datetimes in SQLite as naive UTC text.
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _sqlite_uuid(value: uuid.UUID | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 36:  # canonical text, as loads validate it
        return value.replace("-", "")
    return (value if isinstance(value, uuid.UUID) else uuid.UUID(value)).hex


def _postgres_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(value)


def _adapter(field: models.Field[Any, Any]) -> Adapter:
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime if sqlite else _identity
    if isinstance(field, models.DateField):
        return _sqlite_date if sqlite else _identity
    if isinstance(field, models.UUIDField):
        return _sqlite_uuid if sqlite else _postgres_uuid
    return _identity


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, so rows can be written with known ids.

    SQLite: after the current maximum (the load holds the write lock: transaction_mode IMMEDIATE).
    PostgreSQL: drawn from the column's own sequence, safe beside other writers."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


def insert(model: type[models.Model], objs: Sequence[models.Model], *, with_ids: bool = False) -> None:
    """INSERT ``objs`` (unsaved instances). With ``with_ids`` their ``pk`` is allocated first and
    set on them, as ``bulk_create`` would."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    if with_ids:
        for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
            obj.pk = pk
    names = [f.attname for f in fields]
    insert_rows(model, names, ([getattr(obj, name) for name in names] for obj in objs))


def insert_rows(
    model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]], batch_size: int = 5000
) -> int:
    """INSERT plain rows whose values follow ``attnames`` (``person_id``, not ``person``)."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    adapters = [_adapter(f) for f in fields]
    plain = all(a is _identity for a in adapters)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if connection.vendor == "postgresql":
        return _copy(
            model,
            fields,
            rows if plain else ([a(v) for a, v in zip(adapters, row, strict=True)] for row in rows),
        )
    count = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row if plain else [adapt(v) for adapt, v in zip(adapters, row, strict=True)])
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(
    model: type[models.Model], fields: Sequence[models.Field[Any, Any]], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL's COPY: one stream for the whole batch instead of a statement per row."""
    return _copy_into(model._meta.db_table, [f.column for f in fields], rows)


def _copy_into(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    # The raw psycopg cursor bypasses Django's error translation: wrap it, so that callers catch
    # django.db.IntegrityError as for any other query.
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def insert_plain(
    table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], dates: Sequence[int] = ()
) -> None:
    """INSERT rows into a table that no model describes (a temporary one); the values at the
    positions ``dates`` are dates."""
    if connection.vendor == "postgresql":
        _copy_into(table, columns, rows)
        return
    quote = connection.ops.quote_name
    adapted = [[_sqlite_date(v) if i in dates else v for i, v in enumerate(row)] for row in rows]
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({placeholders})",
            adapted,
        )


def one_writer(key: int) -> None:
    """Hold the derived tables ``key`` stands for to the end of the transaction: on PostgreSQL an
    advisory lock, so that two transactions refreshing overlapping people do not each apply their
    difference to what the other has not committed yet; SQLite writes one transaction at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    """``ids`` without repeats, in order, ``size`` at a time (one statement's parameters)."""
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), size):
        yield ordered[at : at + size]


def analyze(*model_classes: type[models.Model]) -> None:
    """Refresh the query planner's statistics of these models' tables after a bulk write. SQLite
    keeps none until ANALYZE runs, and without them picks the index of the first column it can
    (measured on the demo province: the probationary members of the province through
    ``stockfact (a0, valid_from)`` instead of ``(a0, valid_until)``, 60 ms instead of 2 ms).
    ``analysis_limit`` samples each index so that this stays well under a second on a national
    database. PostgreSQL's autovacuum would get there later; after a load the figures are wanted
    now. Only the tables named: a database-wide ANALYZE on a PostgreSQL server busy with another
    database's load waited there for more than 22 minutes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        for model in model_classes:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def without_indexes(*model_classes: type[models.Model]) -> Iterator[None]:
    """Drop the indexes of these models' tables that no constraint needs (unique and primary
    keys stay), and make them again on the way out: a bulk write then builds each index once,
    sorted, instead of inserting every row into every index. Run inside or outside a transaction;
    on PostgreSQL pending deferred foreign-key checks are run first, as an index may not be made
    while they wait."""
    saved: list[str] = []
    with connection.cursor() as cursor:
        _check_constraints_now(cursor)
        for model in model_classes:
            for name, sql in _droppable_indexes(cursor, model._meta.db_table):
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                saved.append(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            _check_constraints_now(cursor)
            for sql in saved:
                cursor.execute(sql)


def _check_constraints_now(cursor: Any) -> None:
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _droppable_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """(name, the statement that makes it) of ``table``'s indexes that back no constraint."""
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [table],
        )
    else:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            " WHERE t.relname = %s AND t.relkind = 'r' AND pg_table_is_visible(t.oid)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
    return [(name, sql) for name, sql in cursor.fetchall()]
