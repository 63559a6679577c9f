"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django.db import connection, transaction
from django.utils import translation
from pytest_django import DjangoDbBlocker

from partyorg.core import append_only


@pytest.fixture(autouse=True)
def in_vietnamese() -> Iterator[None]:
    """Every test starts in partyorg's language. The active language belongs to the thread: a test
    that switches it (``partyorg --lang en``, a page asked for in English) would otherwise leave the
    next test of its worker reading English refusals."""
    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def built_once(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Callable[[], AbstractContextManager[None]]:
    """For a module- or class-scoped fixture that builds something heavy once (a province, a
    nation) for tests that read it::

        @pytest.fixture(scope="module")
        def province(built_once):
            with built_once():
                yield load(...)

    The build is made inside a transaction rolled back when the fixture ends, so the next module
    starts from an empty database. Each test runs inside it in a transaction of its own, rolled
    back after the test (pytest-django), so a test that writes leaves the build as it found it.
    The outer block counts as a test case's, as Django's ``setUpTestData`` does, so a durable
    command may run inside the build and inside the tests. A module-scoped build stands until the
    module's last test on that worker has run: when other tests of the module need an empty
    database, scope it to a class holding the tests that read it."""

    @contextmanager
    def kept() -> Iterator[None]:
        with django_db_blocker.unblock():
            block = transaction.atomic()
            block._from_testcase = True  # type: ignore[attr-defined]
            with block:
                try:
                    yield
                finally:
                    transaction.set_rollback(True)

    return kept


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
