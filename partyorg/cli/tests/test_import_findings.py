"""`partyorg import FILE --findings OUT.csv` writes every data-quality finding, one a row; without
it the command says how to ask for them. The finding: a cell below three official members at the
year ends 31/12/2024 and 31/12/2025 before today, 01/06/2026 (Charter Art. 21(2), 24(1); RULES.md
§1.2 [V])."""

import csv
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from partyorg import testing
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import write_file

pytestmark = pytest.mark.django_db


class Discard(Exception):
    pass


@pytest.fixture
def exported(tmp_path):
    try:
        with transaction.atomic():
            tree = testing.build_tree()
            testing.admit(testing.person("Hà Thị Lan", sex="female"), tree.cell_a, date(2024, 3, 1))
            path = tmp_path / "mot-nguoi.jsonl"
            write_file(dump(), path)
            raise Discard
    except Discard:
        pass
    return path


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_every_finding_goes_to_the_file_asked_for(exported, tmp_path):
    every = tmp_path / "phat-hien.csv"
    out = StringIO()
    call_command("import", str(exported), "--findings", str(every), stdout=out)
    with every.open(encoding="utf-8-sig", newline="") as kept:
        rows = list(csv.reader(kept))
    assert [r[:5] for r in rows[1:]] == [
        ["organization.min_official_members", rows[1][1], "T.H.X.1", "Chi bộ bản Na Ten", f"31/12/{year}"]
        for year in (2024, 2025)
    ]
    assert f"Mọi phát hiện, từng dòng: {every}" in out.getvalue()


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_without_the_option_the_command_says_how_to_get_them(exported):
    out = StringIO()
    call_command("import", str(exported), stdout=out)
    assert "thêm --findings TỆP.csv" in out.getvalue()
