"""The yearly records of a file go through their apps' batch services a run at a time
(``RecordKit.apply_run``): the same rows as a record at a time, the same refusals at the same rows,
and the stored summaries the services keep (meetings' tallies, the stored monthly dues) as the plain
scan counts them."""

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from partyorg.cards.tests import test_interchange as register
from partyorg.committees import services as committees
from partyorg.committees.interchange import CongressRecord, SeatRecord
from partyorg.committees.models import Congress, CongressKind, Position, PositionRecord
from partyorg.committees.queries import official_members_of
from partyorg.core.interchange import Location, RecordKit
from partyorg.dues import services as dues
from partyorg.dues import summary as dues_summary
from partyorg.dues.interchange import DuesPaymentRecord
from partyorg.exchange import registry
from partyorg.exchange.dump import dump
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.tests import test_ratings_discipline_dues as year_of_reviews
from partyorg.exchange.tests import test_yearly_work as year_of_work
from partyorg.meetings import services as meetings
from partyorg.meetings import summary as meeting_summary
from partyorg.meetings.interchange import MeetingRecord
from partyorg.meetings.models import MeetingTally
from partyorg.members.interchange import PersonRecord
from partyorg.members.models import Person
from partyorg.ratings import services as ratings
from partyorg.ratings.interchange import MemberRatingRecord

pytestmark = pytest.mark.django_db


class Discard(Exception):
    pass


@pytest.fixture
def records() -> list:
    try:
        with transaction.atomic():
            year_of_reviews.build_year()
            found = list(dump())
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return found


@pytest.fixture
def work_records() -> list:
    try:
        with transaction.atomic():
            year_of_work.build_year()
            found = list(dump())
            raise Discard
    except Discard:
        pass
    return found


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


@contextmanager
def one_at_a_time() -> Iterator[None]:
    """Every kit applies its records a record at a time (the path before batches)."""
    kept = {kit: kit.batched for kit in registry.kits()}
    try:
        for kit in registry.kits():
            kit.batched = frozenset()
        yield
    finally:
        for kit, batched in kept.items():
            kit.batched = batched


@contextmanager
def calls(module: Any, name: str) -> Iterator[list[int]]:
    """Count the calls of ``module.name`` (each call's number of items)."""
    original: Callable[..., Any] = getattr(module, name)
    seen: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        items = args[0]
        seen.append(sum(len(entries) for _cycle, entries in items) if name == "rate_many" else len(items))
        return original(*args, **kwargs)

    setattr(module, name, counted)
    try:
        yield seen
    finally:
        setattr(module, name, original)


def loaded_both_ways(records: list) -> tuple[list, list]:
    """The database dumped after loading ``records`` in batches, then a record at a time."""
    found = []
    for batches in (True, False):
        try:
            with transaction.atomic():
                if batches:
                    load(located(records))
                else:
                    with one_at_a_time():
                        load(located(records))
                found.append(list(dump()))
                raise Discard
        except Discard:
            pass
    return found[0], found[1]


def test_every_yearly_kit_of_the_busiest_types_declares_its_batches() -> None:
    """The record types a province's file holds by the hundred thousand go a run at a time."""
    batched = {t for kit in registry.kits() for t in kit.batched}
    assert batched >= {
        "congress",
        "position",
        "meeting",
        "review_cycle",
        "member_rating",
        "organization_rating",
        "dues_basis",
        "dues_payment",
        "party_card",
    }


@pytest.fixture
def card_records() -> list:
    try:
        with transaction.atomic():
            register.build()
            found = list(dump())
            raise Discard
    except Discard:
        pass
    return found


def test_batches_write_what_a_record_at_a_time_writes(
    records: list, work_records: list, card_records: list
) -> None:
    for year in (records, work_records, card_records):
        batched, single = loaded_both_ways(year)
        assert batched == single == year


def test_a_run_goes_through_the_batch_service_once(records: list, work_records: list) -> None:
    """Every plain record (correcting nothing) goes through its batch service; the corrections
    and withdrawals between them go alone, through the single commands."""

    def plain(kind: type) -> int:
        return sum(isinstance(r, kind) and not r.corrects and not r.withdrawn for r in records)  # type: ignore[attr-defined]

    with calls(ratings, "rate_many") as rated, calls(dues, "record_payments") as paid:
        load(located(records))
    assert sum(paid) == plain(DuesPaymentRecord) > 1
    assert max(rated) > 1 and sum(rated) == plain(MemberRatingRecord)
    with calls(committees, "record_seats") as seats, calls(meetings, "record_meetings") as held:
        load(located(work_records))
    assert sum(seats) == sum(isinstance(r, SeatRecord) for r in work_records) == 2
    assert sum(held) == sum(isinstance(r, MeetingRecord) and not r.corrects for r in work_records)


def test_the_stored_summaries_are_kept_by_the_batches(records: list, work_records: list) -> None:
    """Meetings' tallies and the stored monthly dues, written by the batch services, are what the
    plain scan counts (meetings/summary.py, dues/summary.py)."""
    load(located(work_records))
    stored = {
        m: (p, e, u)
        for m, p, e, u in MeetingTally.objects.values_list("meeting_id", "present", "excused", "unexcused")
    }
    assert stored and stored == meeting_summary.counted()
    load(located(records))
    rows, totals = dues_summary.computed_rows()
    assert rows and dues_summary.stored_rows() == rows
    assert dues_summary.stored_totals() == totals


def test_a_second_secretary_in_the_same_run_is_refused_at_its_row(work_records: list) -> None:
    """RULES.md §1.3: one secretary at a time. The second seat is refused by the check of
    start_position, which the batch sees with the first seat of the same run."""
    seat = next(r for r in work_records if isinstance(r, SeatRecord) and r.position == Position.SECRETARY)
    other = next(r.code for r in work_records if isinstance(r, PersonRecord) and r.code != seat.person)
    twice = dataclasses.replace(seat, uid="0e3a3f0c-6a55-4a39-9f5c-1d3c7f1e2b10", person=other)
    records = [*work_records, twice]
    with pytest.raises(ExchangeError) as refused:
        load(located(records))
    row = len(records) + 1
    assert any(str(p).startswith(f"Tệp, dòng {row}") and "bí thư" in str(p) for p in refused.value.problems)
    assert not PositionRecord.objects.exists()


def test_a_second_congress_of_a_term_in_the_same_run_is_refused_at_its_row(work_records: list) -> None:
    """A term has one congress (committees.services._check_congress): the batch sees the first."""
    congress = next(r for r in work_records if isinstance(r, CongressRecord))
    again = dataclasses.replace(
        congress,
        uid="5d7f1b1e-2a0c-4c55-8a9b-6f0e3c2d1a40",
        held_on=date(2017, 6, 1),
        kind=CongressKind.REGULAR,
    )
    records = [*work_records, again]
    with pytest.raises(ExchangeError) as refused:
        load(located(records))
    row = len(records) + 1
    assert any(
        str(p).startswith(f"Tệp, dòng {row}") and "đã có đại hội" in str(p) for p in refused.value.problems
    )


def test_kits_apply_runs_through_the_base_class() -> None:
    assert all(kit.apply_run is RecordKit.apply_run for kit in registry.kits())


def test_a_congress_left_without_its_count_is_counted_as_the_query_counts(work_records: list) -> None:
    """ "Số đảng viên chính thức" left empty is counted by the batch from what it read once: the
    official members held in the organization's subtree that day, as official_members_of counts."""
    records = [
        dataclasses.replace(r, official_members=None) if isinstance(r, CongressRecord) else r
        for r in work_records
    ]
    load(located(records))
    congresses = list(Congress.objects.select_related("organization"))
    assert congresses
    for c in congresses:
        assert c.official_members == official_members_of(c.organization, c.held_on, subtree=True) > 0
