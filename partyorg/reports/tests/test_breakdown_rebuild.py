"""Form 3's breakdown tables made by the database (``breakdown_summary.rebuild``, grouped
statements) are the tables the Python path makes (``rebuild_in_python``, person by person, the
path of the incremental refresh): row for row, on a generated province with dated facts, and after
a reorganization, a correcting event and a corrected and a withdrawn fact."""

from datetime import date, timedelta

import pytest

from partyorg import testing
from partyorg.exchange.load import load
from partyorg.generator import generate_province
from partyorg.members import facts
from partyorg.reports import breakdown_summary
from partyorg.reports.tests.test_breakdown_fast_path import BY, count_table, fact_table, record_some_facts
from partyorg.reports.tests.test_fast_path import move_a_cell_and_correct_a_ceremony

pytestmark = pytest.mark.django_db


def both_ways() -> tuple[tuple, tuple]:
    """The tables made by the database, then by Python."""
    written = breakdown_summary.rebuild()
    in_database = (fact_table(), count_table())
    assert written == len(in_database[0])
    assert breakdown_summary.rebuild_in_python() == written
    return in_database, (fact_table(), count_table())


def test_the_database_makes_the_tables_python_makes():
    load((None, r) for r in generate_province(400, seed=11))
    record_some_facts(11)
    in_database, in_python = both_ways()
    assert len(in_database[0]) > 400 and len(in_database[1]) > 10_000
    assert in_database == in_python

    move_a_cell_and_correct_a_ceremony()
    recorded = list(facts.PersonFact.objects.filter(valid_from__isnull=False).order_by("pk")[:4])
    facts.correct_fact(
        recorded[0],
        valid_from=recorded[0].valid_from - timedelta(days=400),
        value=recorded[0].value,
        note="ngày ghi nhầm",
        **BY,
    )
    facts.withdraw_fact(recorded[1], recorded_by=testing.OFFICER, note="ghi nhầm người")
    after = both_ways()
    assert after[0] == after[1]
    assert after[0] != in_database


def test_birthdays_at_the_edges_of_the_windows():
    """Births the month-end counts treat apart (breakdown_summary.age_keys): on 29 February (a
    birthday on 1 March in a common year), on a month's last day (the birthday is the next month
    end itself, outside the window), on 1 January (the window after 31 December), and birthdays that
    cross a band (18, 31, 61) and that do not, among members from 2001 to today: the database's
    tables are Python's, and they hold those keys."""
    tree = testing.build_tree()
    births = [
        date(1996, 2, 29),
        date(1980, 2, 29),
        date(1985, 3, 31),
        date(1990, 1, 1),
        date(1990, 4, 30),
        date(1983, 12, 31),
        date(1981, 7, 15),
        date(1955, 6, 1),
        date(1962, 11, 30),
        date(1985, 5, 17),
    ]
    cells = (tree.cell_a, tree.cell_b)
    for i, born in enumerate(births):
        who = testing.person(f"Lò Văn {chr(65 + i)}", birth_date=born, sex="female" if i % 3 else "male")
        testing.admit(who, cells[i % 2], max(date(2001, 3, 2), born.replace(year=born.year + 18, day=28)))
    in_database, in_python = both_ways()
    assert in_database == in_python
    dimensions = {row[2] for row in in_database[1]}
    assert {"age", "agesum", "bday", "move", "total", "women"} <= dimensions
    moves = {row[3] for row in in_database[1] if row[2] == "move"}
    assert any(value.endswith("-03-01") for value in moves)  # 29/02/1996: 31 on 01/03/2027
