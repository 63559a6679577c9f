"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from partyorg.core import append_only


@pytest.fixture
def erasable_logs() -> Iterator[None]:
    """For tests with ``transaction=True`` (the live server): Django empties the database after
    such a test with DELETE on SQLite, which the append-only triggers refuse. Empty every table
    here first, in one transaction (the foreign keys are checked at its end), with the triggers of
    every log lifted for that moment only."""
    yield
    logs = append_only.tables(connection)
    with connection.schema_editor() as editor:
        for table in logs:
            append_only.uninstall(editor, table)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f'DELETE FROM "{table}"')
    with connection.schema_editor() as editor:
        for table in logs:
            append_only.install(editor, table)
