"""The interchange's versions (issue 15): partyorg writes version 2, reads 1 and 2, refuses the rest;
the attributes a file gives without a date are said, kind by kind, to count from an unknown start."""

import json
from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import NOT_PARTYORG, read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import FORMAT_VERSION, ExchangeError
from partyorg.exchange.tests.test_load import Discard, build_cast
from partyorg.members import facts
from partyorg.members.models import FactKind, Person

pytestmark = pytest.mark.django_db

UNDATED = "Thông tin trên trang Người không kèm ngày"


def exported_file(tmp_path, *, dated_education: bool):
    """The cast of test_load (three people, each with general education "upper_secondary" on their
    row and no other attribute), with or without a dated education fact for the first, written to a
    .jsonl file; the database is then emptied again."""
    path = tmp_path / "tinh.jsonl"
    try:
        with transaction.atomic():
            build_cast()
            if dated_education:
                first = Person.objects.order_by("pk")[0]
                facts.record_fact.within(
                    first,
                    FactKind.GENERAL_EDUCATION,
                    date(2015, 6, 1),
                    value="upper_secondary",
                    legal_basis=testing.BASIS,
                    recorded_by=testing.OFFICER,
                )
            write_file(dump(), path)
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return path


def as_version(path, version):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": "partyorg", "version": FORMAT_VERSION}
    lines[0] = json.dumps({"format": "partyorg", "version": version})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def undated(report):
    return [note for note in report.notes if note.startswith(UNDATED)]


def test_partyorg_writes_version_2_and_a_version_1_file_loads_its_attributes_from_an_unknown_start(tmp_path):
    path = as_version(exported_file(tmp_path, dated_education=False), 1)
    report = load(read_file(path))
    assert report.created["person"] == 3
    # Three people, each with an education on their row and no dated fact of it (counted by hand).
    assert undated(report) == [
        f"{UNDATED} (không có dòng cùng loại ở trang Thông tin theo thời gian), được coi là đúng từ"
        " trước khi có hồ sơ, số người theo loại: giáo dục phổ thông 3"
    ]


def test_a_dated_fact_takes_its_person_out_of_the_undated_count(tmp_path):
    report = load(read_file(exported_file(tmp_path, dated_education=True)))
    [note] = undated(report)
    assert note.endswith("giáo dục phổ thông 2")  # the first person's education is dated


def test_loading_people_already_recorded_says_nothing_of_them(tmp_path):
    path = exported_file(tmp_path, dated_education=False)
    load(read_file(path))
    assert undated(load(read_file(path))) == []  # nobody new


@pytest.mark.parametrize("version", [0, 3])
def test_a_version_partyorg_does_not_know_is_refused(tmp_path, version):
    path = as_version(exported_file(tmp_path, dated_education=False), version)
    with pytest.raises(ExchangeError) as refused:
        load(read_file(path))
    assert [p.reason for p in refused.value.problems] == [NOT_PARTYORG]
    assert NOT_PARTYORG == "Tệp không phải định dạng partyorg phiên bản 1 đến 2"
    assert not Person.objects.exists()
