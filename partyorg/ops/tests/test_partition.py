"""``partyorg partition stockfacts``: the stock facts partitioned by ``LIST (a1)`` on PostgreSQL keep
every row, id and index; the services and ``partyorg rebuild`` write to the partitioned table, and
the fast path still gives the plain scan's figures; ``--undo`` makes the plain table again. SQLite
has no partitioning: the command refuses and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from partyorg import testing
from partyorg.exchange.load import load
from partyorg.generator import generate_province
from partyorg.members import stock
from partyorg.members.models import EventKind, MembershipInterval, Person, StockFact
from partyorg.ops import partition
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports.statistics.figures import Period
from partyorg.reports.tests.test_fast_path import assert_fast_equals_scan, assert_flows_equal, fact_table

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"
on_postgresql = pytest.mark.skipif(
    not POSTGRESQL,
    reason="partitioning is PostgreSQL's: this runs when the suite runs on PostgreSQL (.ci/run runs both)",
)


def indexes_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


def facts_with_ids() -> list[tuple]:
    return sorted(StockFact.objects.values_list("id", *stock.FACT_COLUMNS))


def a_member_on(day: date) -> MembershipInterval:
    interval = (
        MembershipInterval.objects.filter(valid_from__lte=day, valid_until__isnull=True, in_transit=False)
        .order_by("person_id")
        .first()
    )
    assert interval is not None
    return interval


@on_postgresql
def test_partitioned_facts_keep_their_rows_and_indexes_take_writes_and_give_the_plain_figures():
    load((None, r) for r in generate_province(400, seed=11))
    before = facts_with_ids()
    declared = {index.name for index in StockFact._meta.indexes}
    assert declared <= indexes_of(StockFact._meta.db_table)

    outcome = partition.partition()

    assert partition.is_partitioned()
    # One partition per district-level organization of the province (a1: the units under the
    # root), and the default one.
    a1_values = {a1 for (a1,) in StockFact.objects.values_list("a1").distinct() if a1 is not None}
    parts = partition.partitions()
    assert outcome.partitions == len(parts) >= len(a1_values) + 1
    assert parts[-1][1] == "DEFAULT"
    assert outcome.rows == len(before)
    assert facts_with_ids() == before  # every row, with its id
    assert declared <= indexes_of(StockFact._meta.db_table)
    first_partition = next(name for name, bound, _ in parts if bound != "DEFAULT")
    assert len(indexes_of(first_partition)) == len(declared) + 1  # and the key (id, a1)
    assert partition.partition().seconds == 0.0  # a second run changes nothing

    # Writes through the services: a new member admitted, a member dies, a member moves.
    cell = OrgVersion.objects.filter(kind=OrgKind.CELL, valid_until__isnull=True).first()
    assert cell is not None
    newcomer = testing.person("Lò Thị Mới")
    testing.admit(newcomer, cell.organization, date(2024, 3, 2))
    dying = a_member_on(date(2024, 1, 1))
    testing.record(
        Person.objects.get(pk=dying.person_id),
        EventKind.DIED,
        date(2024, 5, 1),
        organization=Organization(pk=dying.organization_id),
    )
    assert StockFact.objects.filter(person=newcomer).exists()
    assert max(i for i, *_ in facts_with_ids()) > max(i for i, *_ in before)  # the sequence goes on

    days = [date(2023, 12, 31), date(2024, 3, 2), date(2024, 5, 1), date(2024, 6, 30), date(2025, 7, 1)]
    assert assert_fast_equals_scan(days, sample=40) > 100
    assert assert_flows_equal((Period.half_year(2024, 1), Period.half_year(2025, 2))) > 10

    # partyorg rebuild on the partitioned table makes the same rows the services kept.
    kept = fact_table()
    stock.rebuild()
    assert partition.is_partitioned()
    assert fact_table() == kept
    assert assert_fast_equals_scan([date(2024, 6, 30)], sample=40) > 40

    # --undo: the plain table again, its rows and ids, its primary key and identity.
    rebuilt = facts_with_ids()
    undone = partition.unpartition()
    assert not partition.is_partitioned()
    assert undone.rows == len(rebuilt) and facts_with_ids() == rebuilt
    assert declared | {f"{StockFact._meta.db_table}_pkey"} <= indexes_of(StockFact._meta.db_table)
    testing.admit(testing.person("Lò Văn Sau"), cell.organization, date(2024, 9, 2))
    assert max(i for i, *_ in facts_with_ids()) > max(i for i, *_ in rebuilt)
    assert assert_fast_equals_scan([date(2024, 9, 2)], sample=40) > 40


@on_postgresql
def test_the_command_partitions_says_so_and_undoes(capsys):
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2015, 7, 26))
    call_command("partition", "stockfacts")
    assert "Đã chia bảng dữ kiện theo cột a1" in capsys.readouterr().out
    call_command("partition", "stockfacts", "--status")
    assert "được chia thành" in capsys.readouterr().out
    call_command("partition", "stockfacts", "--undo")
    assert "Đã gộp bảng dữ kiện lại" in capsys.readouterr().out
    call_command("partition", "stockfacts", "--undo")
    assert "không có gì thay đổi" in capsys.readouterr().out


@pytest.mark.skipif(POSTGRESQL, reason="the refusal is SQLite's; PostgreSQL partitions (tests above)")
def test_sqlite_is_refused_and_nothing_changes():
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2015, 7, 26))
    count = StockFact.objects.count()
    with pytest.raises(partition.NotPostgreSQL):
        partition.partition()
    with pytest.raises(CommandError, match="Chỉ PostgreSQL mới chia bảng"):
        call_command("partition", "stockfacts")
    assert not partition.is_partitioned()
    assert StockFact.objects.count() == count > 0
