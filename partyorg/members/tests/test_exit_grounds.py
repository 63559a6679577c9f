"""An exit's ground, a coded field of its own (issue 15; RULES.md §2.12 for the grounds)."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from partyorg import testing
from partyorg.core import append_only
from partyorg.members.models import EventKind as K
from partyorg.members.models import ExitGround, MembershipEvent
from partyorg.rules import readmission

pytestmark = pytest.mark.django_db

migration = importlib.import_module("partyorg.members.migrations.0008_exit_ground_own_field")


@pytest.fixture
def tree():
    return testing.build_tree()


def test_the_coded_grounds_are_those_the_readmission_rule_knows():
    assert tuple(ExitGround.values) == readmission.EXIT_GROUNDS
    assert tuple(migration.EXIT_GROUNDS) == readmission.EXIT_GROUNDS


class _Editor:
    """What append_only needs of a schema editor, on the test's own connection: SQLite's schema
    editor cannot open inside the test's transaction."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_moves_the_grounds_stored_in_detail_and_nothing_else(tree):
    """Before the field, ``detail`` held an exit's ground beside free text, a badge's milestone and a
    temporary transfer's reason: only a coded ground on a removal, expulsion or withdrawal moves."""
    ban, ca, xuan = (
        testing.person("Lò Văn Ban"),
        testing.person("Cà Văn Ca"),
        testing.person("Quàng Thị Xuân", sex="female"),
    )
    for who in (ban, ca, xuan):
        testing.admit(who, tree.cell_a, date(2001, 3, 1))
    stay = testing.record(
        xuan, K.TEMPORARY_TRANSFER, date(2005, 1, 5), other_organization=tree.cell_b, detail="study"
    )
    expelled = testing.record(ban, K.EXPELLED, date(2010, 4, 2), detail="corruption_conviction")
    removed = testing.record(ca, K.REMOVED, date(2011, 5, 3), detail="Bỏ sinh hoạt, chi bộ đã gặp 3 lần")
    withdrawn = testing.record(xuan, K.WITHDRAWN, date(2012, 6, 4), detail="withdrawal")
    with transaction.atomic():
        migration.move_grounds(apps, _Editor())
    got = {
        e.pk: (e.detail, e.exit_ground)
        for e in MembershipEvent.objects.filter(pk__in=[stay.pk, expelled.pk, removed.pk, withdrawn.pk])
    }
    assert got == {
        stay.pk: ("study", ""),
        expelled.pk: ("", "corruption_conviction"),
        removed.pk: ("Bỏ sinh hoạt, chi bộ đã gặp 3 lần", ""),
        withdrawn.pk: ("", "withdrawal"),
    }
    # The log is append-only again once the move is done (DESIGN.md invariant).
    assert "members_membershipevent" in append_only.tables(connection)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE members_membershipevent SET detail = 'x' WHERE id = {stay.pk}")
