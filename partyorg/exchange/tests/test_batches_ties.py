"""Residence ties and their yearly comments in a file go through the meetings app's batch services
(record_residence_ties, record_residence_comments) a run at a time, with the single commands'
checks (tie_residence, record_residence_comment): the same rows, and a refusal at its own row."""

import dataclasses
from datetime import date

import pytest

from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.tests.test_batches import calls, loaded_both_ways, located, work_records
from partyorg.meetings import services as meetings
from partyorg.meetings.interchange import ResidenceCommentRecord, ResidenceTieRecord
from partyorg.meetings.models import ResidenceComment, ResidenceTie
from partyorg.organizations.interchange import OrganizationRecord

pytestmark = pytest.mark.django_db

__all__ = ["work_records"]  # the fixture, shared with test_batches

SECOND_TIE = "8f0a6c1e-3b2d-4e5f-9a7b-1c2d3e4f5a60"
SECOND_COMMENT = "2b4d6f80-1a3c-4e5f-8a9b-0c1d2e3f4a50"


def _tie(records: list) -> ResidenceTieRecord:
    return next(r for r in records if isinstance(r, ResidenceTieRecord))


def test_ties_and_comments_go_through_their_batch_services(work_records: list) -> None:
    with (
        calls(meetings, "record_residence_ties") as tied,
        calls(meetings, "record_residence_comments") as commented,
    ):
        load(located(work_records))
    assert tied == [sum(isinstance(r, ResidenceTieRecord) for r in work_records)] == [1]
    assert commented == [sum(isinstance(r, ResidenceCommentRecord) for r in work_records)] == [1]
    stored = ResidenceTie.objects.get()
    assert str(stored.uid) == _tie(work_records).uid  # the file's uid and moment kept
    assert stored.recorded_at == _tie(work_records).recorded_at
    comment = ResidenceComment.objects.get()
    assert comment.commented_by_id == stored.residence_organization_id
    assert comment.sent_to_id is not None  # the member's cell on the day, as the single command finds it


def test_a_second_open_tie_of_a_member_in_the_same_run_is_refused_at_its_row(work_records: list) -> None:
    """One tie at a time (QĐ 213, RULES.md §2.13, as tie_residence checks it): the batch sees the
    first tie of the run; the second is refused, naming its row, and nothing loads."""
    tie = _tie(work_records)
    again = dataclasses.replace(tie, uid=SECOND_TIE, started_on=date(2021, 3, 1))
    records = [*work_records, again]
    with pytest.raises(ExchangeError) as refused:
        load(located(records))
    row = len(records) + 1
    assert any(
        str(p).startswith(f"Tệp, dòng {row}") and "đang có mối liên hệ" in str(p)
        for p in refused.value.problems
    )
    assert not ResidenceTie.objects.exists()


def test_a_tie_that_ended_leaves_room_for_the_next_in_the_same_batch(work_records: list) -> None:
    """A tie that ends before the next starts is no obstacle (RULES.md §2.13, _open_ties): both go
    through one call of the batch service, as the single command would take them."""
    records = list(work_records)
    at = next(i for i, r in enumerate(records) if isinstance(r, ResidenceTieRecord))
    first = dataclasses.replace(records[at], ended_on=date(2021, 6, 1))
    later = dataclasses.replace(
        first, uid=SECOND_TIE, started_on=date(2022, 1, 1), ended_on=None, address="Bản Mới"
    )
    records[at : at + 1] = [first, later]
    with calls(meetings, "record_residence_ties") as tied:
        load(located(records))
    assert tied == [2]
    assert sorted(ResidenceTie.objects.values_list("started_on", "ended_on")) == [
        (date(2020, 1, 6), date(2021, 6, 1)),
        (date(2022, 1, 1), None),
    ]


def test_a_tie_ending_before_it_starts_is_refused_at_its_row(work_records: list) -> None:
    records = list(work_records)
    at = next(i for i, r in enumerate(records) if isinstance(r, ResidenceTieRecord))
    records[at] = dataclasses.replace(records[at], ended_on=records[at].started_on)
    with pytest.raises(ExchangeError) as refused:
        load(located(records))
    assert any(
        str(p).startswith(f"Tệp, dòng {at + 2}") and "Ngày kết thúc phải sau" in str(p)
        for p in refused.value.problems
    )


def test_a_second_comment_of_a_year_in_the_same_run_is_refused_at_its_row(work_records: list) -> None:
    """One comment a member and year (record_residence_comment's check; a replacement is a
    correction): the batch sees the first comment of the run."""
    comment = next(r for r in work_records if isinstance(r, ResidenceCommentRecord))
    again = dataclasses.replace(comment, uid=SECOND_COMMENT, content="Lần hai")
    records = [*work_records, again]
    with pytest.raises(ExchangeError) as refused:
        load(located(records))
    row = len(records) + 1
    assert any(
        str(p).startswith(f"Tệp, dòng {row}") and "Đã có nhận xét năm 2023" in str(p)
        for p in refused.value.problems
    )
    assert not ResidenceComment.objects.exists()


def test_a_comment_naming_another_commenting_organization_keeps_it(work_records: list) -> None:
    """The commenting organization given in the file is what the batch stores, as the single
    command stores it (an empty one is the tie's residence organization)."""
    tie = _tie(work_records)
    other = next(
        r.code
        for r in work_records
        if isinstance(r, OrganizationRecord) and r.code != tie.residence_organization
    )
    records = [
        dataclasses.replace(r, commented_by=other) if isinstance(r, ResidenceCommentRecord) else r
        for r in work_records
    ]
    batched, single = loaded_both_ways(records)
    assert batched == single
    assert [r.commented_by for r in batched if isinstance(r, ResidenceCommentRecord)] == [other]
