"""The recruitment record kit (recruitment/interchange.py): a file's candidates, steps and plans are
written by the recruitment services under the file's uid and recorded_at; a step that recorded a
member's event is taken back only with that event voided on the sheet "Sự kiện" of the file."""

import dataclasses
import uuid
from datetime import UTC, date, datetime

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.recruitment import services
from partyorg.recruitment.interchange import CandidateStepRecord, SourcePlanRecord
from partyorg.recruitment.models import CandidateStage, CandidateStep
from partyorg.recruitment.tests.cast import BY, resolved, veterans

pytestmark = pytest.mark.django_db

DECISION = LegalBasis("05-QĐ/HU", date(2017, 5, 2), "Ban Thường vụ Huyện ủy")


class Discard(Exception):
    pass


def build() -> None:
    """A candidate whose decision of 20/01/2017 was recorded and then voided (its admission event
    with it); a source plan of 2025, withdrawn."""
    tree = testing.build_tree()
    veterans(tree.cell_a, 3)
    candidate = resolved(tree)
    decision = services.record_decision.within(
        candidate,
        date(2017, 1, 20),
        deciding_organization=tree.district,
        legal_basis=DECISION,
        recorded_by=BY,
    )
    services.void_step.within(decision, recorded_by=BY, note="Nhập nhầm quyết định")
    plan = services.set_source_plan.within(tree.cell_a, 2025, 3, recorded_by=BY)
    services.set_source_plan.within(
        tree.cell_a, 2025, 3, recorded_by=BY, corrects=plan, withdrawn=True, note="Hủy"
    )


@pytest.fixture
def records() -> list:
    try:
        with transaction.atomic():
            build()
            found = list(dump())
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return found


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


def test_a_voided_decision_and_a_withdrawn_plan_load_as_they_were(records: list) -> None:
    report = load(located(records))
    assert list(dump()) == records
    assert report.created["candidate"] == 1
    assert report.created["candidate_step"] == sum(isinstance(r, CandidateStepRecord) for r in records)
    assert report.created["source_plan"] == 2
    voided = CandidateStep.objects.get(kind=CandidateStage.VOIDED)
    # The admission event was voided once, on the sheet "Sự kiện": not a second time by the step.
    assert MembershipEvent.objects.filter(kind=EventKind.VOIDED).count() == 1
    assert voided.corrects is not None and voided.corrects.kind == CandidateStage.DECIDED


def test_a_void_of_a_step_whose_event_the_file_keeps_is_refused(records: list) -> None:
    decided = next(
        r for r in records if isinstance(r, CandidateStepRecord) and r.kind == CandidateStage.DECIDED
    )
    kept = [r for r in records if not (isinstance(r, EventRecord) and r.corrects == decided.membership_event)]
    rows = located(kept)
    with pytest.raises(ExchangeError) as refused:
        load(rows)
    void_row = next(
        loc.row for loc, r in rows if isinstance(r, CandidateStepRecord) and r.kind == CandidateStage.VOIDED
    )
    found = [str(p) for p in refused.value.problems]
    assert any(
        p.startswith(f"Tệp, dòng {void_row}") and f"Sự kiện “{decided.membership_event}”" in p for p in found
    ), found
    assert not Person.objects.exists()


def test_an_introduction_step_unlike_its_candidate_is_refused(records: list) -> None:
    """The introduction step is written with its candidate: the file's must say the same day."""
    step = next(
        r for r in records if isinstance(r, CandidateStepRecord) and r.kind == CandidateStage.INTRODUCED
    )
    moved = dataclasses.replace(step, effective_on=date(2016, 1, 5))
    with pytest.raises(ExchangeError, match=f"Bước giới thiệu “{step.uid}” phải cùng ngày"):
        load(located([moved if r is step else r for r in records]))
    assert not Person.objects.exists()


def test_a_plan_year_out_of_range_is_refused(records: list) -> None:
    plan = next(r for r in records if isinstance(r, SourcePlanRecord) and not r.corrects)
    bad = dataclasses.replace(plan, year=1900)
    with pytest.raises(ExchangeError, match="Năm không hợp lệ: 1900"):
        load(located([bad if r is plan else r for r in records]))
    assert not Person.objects.exists()


def test_a_step_keeps_the_uid_and_time_it_is_given() -> None:
    tree = testing.build_tree()
    veterans(tree.cell_a, 3)
    candidate = resolved(tree)
    uid, at = uuid.uuid4(), datetime(2017, 1, 21, 3, 0, tzinfo=UTC)
    step = services.record_decision(
        candidate,
        date(2017, 1, 20),
        deciding_organization=tree.district,
        legal_basis=DECISION,
        recorded_by=BY,
        uid=uid,
        recorded_at=at,
    )
    step.refresh_from_db()
    assert (step.uid, step.recorded_at) == (uid, at)
