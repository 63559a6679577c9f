"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from partyorg.core import append_only

# The rows derived from the logs, which refer to them.
DERIVED_TABLES = ("members_membershipinterval", "members_temporaryplacement", "organizations_orgversion")
# The append-only tables (their migrations install the triggers), children before parents.
LOG_TABLES = (
    "members_membershipevent",
    "reports_enteredfigure",
    "organizations_orgchangeitem",
    "organizations_orgchange",
)


@pytest.fixture
def erasable_logs() -> Iterator[None]:
    """For tests with ``transaction=True`` (the live server): Django empties the database after
    such a test with DELETE on SQLite, which the append-only triggers refuse. Empty the logs here
    first, with the triggers lifted for that moment only."""
    yield
    with connection.schema_editor() as editor:
        for table in LOG_TABLES:
            append_only.uninstall(editor, table)
    with connection.cursor() as cursor:
        for table in DERIVED_TABLES + LOG_TABLES:
            cursor.execute(f'DELETE FROM "{table}"')
    with connection.schema_editor() as editor:
        for table in LOG_TABLES:
            append_only.install(editor, table)
