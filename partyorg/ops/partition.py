"""The stock facts partitioned by province, a deployment step on PostgreSQL (``partyorg partition``).

Every figure reads :class:`~partyorg.members.models.StockFact` filtered by one ancestor column
(``a{k} = X``). Partitioned by ``LIST (a1)`` — in a national deployment ``a1`` is the province —
a province's figures read its own partition only, and the nation's read all of them, one
partition after another or in parallel; the queries do not change. :func:`partition` makes one
partition per value of ``a1`` present in the facts or standing under a root in the organizations'
versions, plus a ``DEFAULT`` partition for the rest (a province founded later, the facts of the
root itself, whose ``a1`` is empty); :func:`unpartition` makes the plain table again. Each runs in
one transaction, keeps every row and ``id``, and makes the model's indexes again (on the
partitioned table: one per partition), the foreign key to the person and the checks.

What Django needs: nothing of the table's constraints, only its columns. The ORM reads and writes
a fact by ``id`` (the services delete a person's facts by ``person_id`` and insert new ones,
``partyorg rebuild`` deletes all and inserts with one ``INSERT … SELECT``). PostgreSQL requires
a unique key of a partitioned table to include the partition column, so the key is ``(id, a1)``;
``a1`` stays nullable (a fact of the root itself has none), so the key is a ``UNIQUE NULLS NOT
DISTINCT`` constraint rather than a primary key (whose columns must be ``NOT NULL``). ``id``
stays unique in practice: every one comes from the table's sequence, which the partitioned table
keeps (an ordinary sequence owned by the column: PostgreSQL 15 has no identity column on a
partitioned table).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

from partyorg.members.models import StockFact
from partyorg.members.stock import LOCK_KEY  # the rebuild's lock: no rebuild meanwhile
from partyorg.organizations.models import OrgVersion

TABLE = StockFact._meta.db_table
KEY = f"{TABLE}_pkey"  # the name of the key in both shapes (primary key, or unique (id, a1))


class NotPostgreSQL(Exception):
    """Partitioning is PostgreSQL's: SQLite has none."""


@dataclass(frozen=True)
class Outcome:
    partitions: int  # 0 once the table is plain again
    rows: int
    seconds: float


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind FROM pg_class c WHERE c.relname = %s AND pg_table_is_visible(c.oid)", [TABLE]
        )
        row = cursor.fetchone()
    return bool(row and row[0] == "p")


def partitions() -> list[tuple[str, str, int]]:
    """(name, bound, estimated rows) of each partition, the default last."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), GREATEST(c.reltuples, 0)::bigint"
            " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
            " WHERE p.relname = %s AND pg_table_is_visible(p.oid)"
            " ORDER BY pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.relname",
            [TABLE],
        )
        return [(name, bound, int(rows)) for name, bound, rows in cursor.fetchall()]


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise NotPostgreSQL(connection.vendor)


def _provinces(cursor: object) -> list[int]:
    """The values of ``a1``: those in the facts, and every organization that stands (or stood)
    directly under a root, so that a province with no member yet has its partition too."""
    version = OrgVersion._meta.db_table
    cursor.execute(  # type: ignore[attr-defined]
        f"SELECT a1 FROM {TABLE} WHERE a1 IS NOT NULL GROUP BY a1"
        f" UNION SELECT v.organization_id FROM {version} v JOIN {version} p"
        f"  ON p.organization_id = v.parent_id AND p.parent_id IS NULL"
    )
    return sorted(int(row[0]) for row in cursor.fetchall())  # type: ignore[attr-defined]


def _indexes(cursor: object) -> list[str]:
    """The statements that make the table's indexes that back no constraint (the model's), as
    the catalogue has them, for the table as a whole (a partitioned index is shown ``ON ONLY``)."""
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid"
        " WHERE t.relname = %s AND pg_table_is_visible(t.oid)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        " ORDER BY 1",
        [TABLE],
    )
    return [sql.replace(" ON ONLY ", " ON ", 1) for (sql,) in cursor.fetchall()]  # type: ignore[attr-defined]


def _foreign_keys(cursor: object) -> list[tuple[str, str]]:
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT c.conname, pg_get_constraintdef(c.oid)"
        " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " WHERE t.relname = %s AND pg_table_is_visible(t.oid) AND c.contype = 'f' ORDER BY 1",
        [TABLE],
    )
    return list(cursor.fetchall())  # type: ignore[attr-defined]


def _lock(cursor: object) -> None:
    """No write of the facts meanwhile: the refresh of a person and the rebuild wait (the rebuild
    takes the stock's advisory lock; every write takes the table's lock, which this holds)."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])  # type: ignore[attr-defined]
    # A table with pending deferred foreign-key checks (facts written earlier in this transaction)
    # may not be dropped: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # type: ignore[attr-defined]
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # type: ignore[attr-defined]
    cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")  # type: ignore[attr-defined]


def _rebuild_dependents(cursor: object, indexes: list[str], keys: list[tuple[str, str]]) -> None:
    for sql in indexes:
        cursor.execute(sql)  # type: ignore[attr-defined]
    for name, definition in keys:
        cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')  # type: ignore[attr-defined]
    cursor.execute(f"ANALYZE {TABLE}")  # type: ignore[attr-defined]


def partition() -> Outcome:
    """The facts' table made partitioned by ``LIST (a1)``, in one transaction. Refuses on SQLite
    (:class:`NotPostgreSQL`); a table already partitioned is left as it is."""
    _require_postgresql()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if is_partitioned():
            return Outcome(len(partitions()), _count(cursor), 0.0)
        _lock(cursor)
        indexes, keys = _indexes(cursor), _foreign_keys(cursor)
        provinces = _provinces(cursor)
        new = f"{TABLE}_partitioned"
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            " PARTITION BY LIST (a1)"
        )
        for a1 in provinces:
            cursor.execute(f"CREATE TABLE {TABLE}_p{a1} PARTITION OF {new} FOR VALUES IN ({a1})")
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {new} DEFAULT")
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {TABLE}")
        rows = cursor.rowcount
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")
        (last,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {TABLE}")  # its indexes, key and identity sequence with it
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        sequence = f"{TABLE}_id_seq"
        cursor.execute(f"CREATE SEQUENCE {sequence} OWNED BY {TABLE}.id")
        cursor.execute("SELECT setval(%s, %s, %s)", [sequence, max(last, 1), last > 0])
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{sequence}')")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {KEY} UNIQUE NULLS NOT DISTINCT (id, a1)")
        _rebuild_dependents(cursor, indexes, keys)
    return Outcome(len(provinces) + 1, rows, time.perf_counter() - started)


def unpartition() -> Outcome:
    """The facts' table made plain again (as the migrations make it), in one transaction; a
    plain table is left as it is."""
    _require_postgresql()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if not is_partitioned():
            return Outcome(0, _count(cursor), 0.0)
        _lock(cursor)
        indexes, keys = _indexes(cursor), _foreign_keys(cursor)
        new = f"{TABLE}_plain"
        cursor.execute(f"CREATE TABLE {new} (LIKE {TABLE} INCLUDING CONSTRAINTS)")
        cursor.execute(f"ALTER TABLE {new} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {TABLE}")
        rows = cursor.rowcount
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{new}', 'id'), GREATEST(MAX(id), 1), MAX(id) IS NOT NULL)"
            f" FROM {new}"
        )
        cursor.execute(f"DROP TABLE {TABLE}")  # its partitions, indexes, key and sequence with it
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        cursor.execute(f"ALTER SEQUENCE {new}_id_seq RENAME TO {TABLE}_id_seq")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {KEY} PRIMARY KEY (id)")
        _rebuild_dependents(cursor, indexes, keys)
    return Outcome(0, rows, time.perf_counter() - started)


def _count(cursor: object) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # type: ignore[attr-defined]
    return int(cursor.fetchone()[0])  # type: ignore[attr-defined]
