"""The import's problems speak the officer's language: Vietnamese (the source), English from the
catalog, in the language active when the problem is found. Sheet names and column headers are the
file's own and stay Vietnamese; so, for now, does the place (``core.interchange.Location``)."""

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from partyorg.core.interchange import Location
from partyorg.exchange.formats import read_jsonl
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind, MembershipEvent

pytestmark = pytest.mark.django_db


def events_of_nobody(count: int) -> list[tuple[Location, EventRecord]]:
    """``count`` admission decisions of people the database does not know (codes P1, P2…)."""
    return [
        (
            Location("Sự kiện", row),
            EventRecord(
                uid=str(uuid.uuid4()),
                person=f"P{row - 1}",
                kind=EventKind.ADMISSION_DECIDED,
                effective_on=date(2020, 3, 2),
                recorded_at=datetime(2020, 3, 2, 1, 0, tzinfo=UTC),
                recorded_by="bantochuc.tinh",
            ),
        )
        for row in range(2, count + 2)
    ]


def refusal(rows: list[tuple[Location, EventRecord]]) -> ExchangeError:
    with pytest.raises(ExchangeError) as refused:
        load(rows)
    assert not MembershipEvent.objects.exists()
    return refused.value


def test_a_problem_reads_in_english_when_english_is_active():
    with translation.override("en"):
        error = refusal(events_of_nobody(1))
        assert str(error.problems[0]) == "Sự kiện, dòng 2, column “Người”: Not found: person with code “P1”"
    assert error.problems[0].reason == "Not found: person with code “P1”"  # worded when found
    assert str(error) == (
        "Invalid file, no data was written: Sự kiện, dòng 2, column “Người”: Not found: person with code “P1”"
    )


def test_a_problem_reads_in_vietnamese_as_before():
    with translation.override("vi"):
        error = refusal(events_of_nobody(1))
    assert str(error.problems[0]) == "Sự kiện, dòng 2, cột “Người”: Không tìm thấy người có mã “P1”"
    assert str(error).startswith("Tệp không hợp lệ, không có dữ liệu nào được ghi: Sự kiện, dòng 2")


def test_the_count_of_problems_left_out_agrees_in_english():
    with translation.override("en"):
        one_more = str(refusal(events_of_nobody(6)))
        two_more = str(refusal(events_of_nobody(7)))
    assert one_more.endswith("Not found: person with code “P5” (and 1 other problem)")
    assert two_more.endswith("(and 2 other problems)")
    with translation.override("vi"):
        assert str(refusal(events_of_nobody(7))).endswith("(và 2 lỗi khác)")


def test_a_reading_problem_keeps_its_date_as_the_file_wrote_it(tmp_path):
    path = tmp_path / "tinh.jsonl"
    event = {
        "type": "event",
        "uid": str(uuid.uuid4()),
        "person": "P1",
        "kind": "admission_decided",
        "effective_on": "31/02/2020",
        "recorded_at": "2020-03-02T08:00:00+07:00",
        "recorded_by": "bantochuc.tinh",
    }
    path.write_text(f'{{"format": "partyorg", "version": 1}}\n{json.dumps(event)}\n', encoding="utf-8")
    for language, reason in (("en", "Invalid date: 31/02/2020"), ("vi", "Ngày không hợp lệ: 31/02/2020")):
        with translation.override(language), pytest.raises(ExchangeError) as refused:
            list(read_jsonl(path))
        assert [(p.field, p.reason) for p in refused.value.problems] == [("Ngày hiệu lực", reason)]


def test_a_file_of_another_format_is_named_in_english(tmp_path):
    path = tmp_path / "khac.jsonl"
    path.write_text('{"format": "khac", "version": 1}\n', encoding="utf-8")
    with translation.override("en"), pytest.raises(ExchangeError) as refused:
        list(read_jsonl(path))
    assert [p.reason for p in refused.value.problems] == [
        "The file is not in partyorg format, version 1 to 2"
    ]
