"""The records of the party's yearly work in the interchange files: candidates and their steps, source
plans, congresses and positions, meetings with their absences, residence ties and comments. Each is
loaded through its app's services (RULES.md §2.2, §1.3–1.4, §5, §2.13), all or nothing, idempotent."""

import dataclasses
from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.committees import services as committees
from partyorg.committees.interchange import CongressRecord, SeatRecord
from partyorg.committees.models import Congress, CongressKind, Method, Position, PositionRecord
from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.scope_check import out_of_scope
from partyorg.meetings import services as meetings
from partyorg.meetings.interchange import (
    AbsenceRecord,
    MeetingRecord,
    ResidenceCommentRecord,
    ResidenceTieRecord,
)
from partyorg.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, ResidenceTie
from partyorg.members.interchange import PersonRecord
from partyorg.members.models import MembershipEvent, Person
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.interchange import CandidateRecord, CandidateStepRecord, SourcePlanRecord
from partyorg.recruitment.models import Candidate, CandidateStage, CandidateStep, SourcePlan
from partyorg.recruitment.tests.cast import resolved, veterans

pytestmark = pytest.mark.django_db

BY = testing.OFFICER
DECISION = LegalBasis("05-QĐ/HU", date(2017, 5, 2), "Ban Thường vụ Huyện ủy")
KINDS = (
    CandidateRecord,
    CandidateStepRecord,
    SourcePlanRecord,
    CongressRecord,
    SeatRecord,
    MeetingRecord,
    AbsenceRecord,
    ResidenceTieRecord,
    ResidenceCommentRecord,
)


class Discard(Exception):
    pass


def build_year() -> None:
    """Built inside the fixture's own transaction, so the durable commands are called ``.within``.
    A cell's year: a candidate taken to the ceremony and a stopped one, a source plan and its
    correction, a congress with its secretary and an ended seat, meetings with absences (one
    corrected), a residence tie with its comment."""
    tree = testing.build_tree()
    old = veterans(tree.cell_a, 3)
    veterans(tree.cell_b, 1)
    candidate = resolved(tree)
    recruitment.record_decision.within(
        candidate,
        date(2017, 1, 20),
        deciding_organization=tree.district,
        legal_basis=DECISION,
        recorded_by=BY,
    )
    recruitment.record_ceremony.within(candidate, date(2017, 2, 3), legal_basis=DECISION, recorded_by=BY)
    other = recruitment.add_new_candidate.within(
        tree.cell_b,
        code="QC9002",
        full_name="Lò Thị Ủn",
        sex="female",
        birth_date=date(1995, 1, 1),
        introduced_by="trade_union",
        introduced_on=date(2018, 3, 1),
        recorded_by=BY,
        introducing_body="Công đoàn trường",
    )
    recruitment.stop.within(other, date(2018, 9, 1), reason="declined", recorded_by=BY)
    plan = recruitment.set_source_plan.within(tree.cell_a, 2025, 3, recorded_by=BY)
    recruitment.set_source_plan.within(tree.cell_a, 2025, 4, recorded_by=BY, corrects=plan, note="Bổ sung")
    congress = committees.record_congress.within(
        tree.cell_a,
        kind=CongressKind.REGULAR,
        held_on=date(2017, 5, 12),
        term_first_year=2017,
        term_last_year=2020,
        legal_basis=DECISION,
        recorded_by=BY,
    )
    seat = committees.start_position.within(
        old[0],
        tree.cell_a,
        Position.SECRETARY,
        starts_on=congress.held_on,
        method=Method.ELECTED,
        congress=congress,
        legal_basis=DECISION,
        recorded_by=BY,
    )
    committees.end_position.within(seat, ended_on=date(2019, 6, 1), legal_basis=DECISION, recorded_by=BY)
    first = meetings.record_meeting.within(
        tree.cell_a,
        kind=MeetingKind.REGULAR,
        held_on=date(2024, 3, 5),
        duration_minutes=90,
        recorded_by=BY,
        absences={old[1]: meetings.Absence(AttendanceStatus.EXCUSED, "Ốm")},
    )
    meetings.correct_meeting.within(first, recorded_by=BY, note="Sai thời lượng", duration_minutes=120)
    meetings.record_meeting.within(
        tree.cell_a,
        kind=MeetingKind.THEMATIC,
        held_on=date(2024, 3, 20),
        duration_minutes=150,
        recorded_by=BY,
        absences={old[2]: meetings.Absence(AttendanceStatus.UNEXCUSED)},
    )
    tie = meetings.tie_residence.within(
        old[1],
        tree.cell_b,
        started_on=date(2020, 1, 6),
        address="Bản Co Sản",
        legal_basis=DECISION,
        recorded_by=BY,
    )
    meetings.record_residence_comment.within(
        tie, year=2023, commented_on=date(2023, 12, 10), content="Gương mẫu nơi cư trú", recorded_by=BY
    )


def yearly_rows() -> dict[str, int]:
    return {
        "candidate": Candidate.objects.count(),
        "step": CandidateStep.objects.count(),
        "plan": SourcePlan.objects.count(),
        "congress": Congress.objects.count(),
        "position": PositionRecord.objects.count(),
        "meeting": Meeting.objects.count(),
        "attendance": Attendance.objects.count(),
        "tie": ResidenceTie.objects.count(),
    }


@pytest.fixture
def exported() -> list:
    try:
        with transaction.atomic():
            build_year()
            records, rows = list(dump()), yearly_rows()
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return [records, rows]


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


def test_every_kind_is_in_the_export(exported: list) -> None:
    records, _ = exported
    assert {type(r) for r in records} >= set(KINDS)


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_year_round_trips_through_both_files(exported: list, tmp_path, suffix: str) -> None:
    records, rows = exported
    path = tmp_path / f"nam{suffix}"
    write_file(records, path)
    report = load(read_file(path))
    assert list(dump()) == records
    assert yearly_rows() == rows
    for kind in KINDS:
        if kind is not AbsenceRecord:
            assert report.created[kind.TYPE] == sum(type(r) is kind for r in records), kind.TYPE
    # Present rows are made again by the service: everyone expected and not absent.
    assert Attendance.objects.filter(status=AttendanceStatus.PRESENT).exists()


def test_loading_the_same_year_twice_adds_nothing(exported: list) -> None:
    records, rows = exported
    load(located(records))
    second = load(located(records))
    assert sum(second.created.values()) == 0
    assert second.unchanged["meeting"] == 3 and second.unchanged["candidate_step"] > 0
    assert yearly_rows() == rows


def test_a_step_a_rule_refuses_loads_nothing(exported: list) -> None:
    """RULES.md §2.2 step 8 [V] (QĐ 232 §4.1): the ceremony within 30 working days of receiving the
    decision. A ceremony moved to 30/06/2017 without the superior's consent is refused by the same
    service the command line uses, at its row; nothing of the file is written."""
    records, _ = exported
    ceremony = next(
        r for r in records if isinstance(r, CandidateStepRecord) and r.kind == CandidateStage.CEREMONY
    )
    event = next(r for r in records if getattr(r, "uid", None) == ceremony.membership_event)
    late_event = dataclasses.replace(
        event, effective_on=date(2017, 6, 30), override_rule="", override_reason=""
    )
    late = dataclasses.replace(ceremony, effective_on=date(2017, 6, 30))
    changed = [late if r is ceremony else late_event if r is event else r for r in records]
    rows = located(changed)
    with pytest.raises(ExchangeError) as refused:
        load(rows)
    row = next(loc.row for loc, r in rows if r is late)
    found = [str(p) for p in refused.value.problems]
    assert any(p.startswith(f"Tệp, dòng {row}: ") and "30 ngày làm việc" in p for p in found), found
    assert not Person.objects.exists() and not Candidate.objects.exists() and not Meeting.objects.exists()


def test_an_absence_of_someone_not_expected_loads_nothing(exported: list) -> None:
    """RULES.md §5: only the members the cell expects that day are marked; a stranger is refused."""
    records, _ = exported
    absence = next(r for r in records if isinstance(r, AbsenceRecord))
    stranger = next(r for r in records if isinstance(r, PersonRecord) and r.code == "QC9002")
    bad = dataclasses.replace(absence, person=stranger.code)
    rows = located([bad if r is absence else r for r in records])
    with pytest.raises(ExchangeError, match="không thuộc danh sách phải dự sinh hoạt"):
        load(rows)
    assert not Meeting.objects.exists() and not MembershipEvent.objects.exists()


def test_a_changed_record_already_loaded_is_refused(exported: list) -> None:
    records, _ = exported
    load(located(records))
    congress = next(r for r in records if isinstance(r, CongressRecord))
    with pytest.raises(ExchangeError, match="nội dung khác"):
        load(located([dataclasses.replace(congress, term_last_year=2022)]))
    assert Congress.objects.get(uid=congress.uid).term_last_year == 2020


def test_a_web_import_of_another_cells_year_is_refused(exported: list) -> None:
    """A user who edits cell B may not import cell A's meetings, congress, plan or candidate."""
    records, _ = exported
    tree_records = [r for r in records if not isinstance(r, KINDS)]
    load(located(tree_records))
    from partyorg.organizations.models import Organization

    cell_b = Organization.objects.get(code="T.H.X.2")
    user = testing.user_with("chibo.b", (cell_b, Role.EDIT))
    mine = [r for r in records if isinstance(r, KINDS)]
    problems = out_of_scope(located(mine), Scope(user, date(2026, 1, 5)))
    text = [str(p) for p in problems]
    assert any("Tổ chức “T.H.X.1” ngoài phạm vi" in p for p in text)
    refused_rows = {p.location.row for p in problems if p.location}
    rows = located(mine)
    for loc, r in rows:
        if isinstance(r, MeetingRecord | CongressRecord | SourcePlanRecord):
            assert loc.row in refused_rows, r
    # Cell B's own stopped candidate is in scope.
    other = next(loc.row for loc, r in rows if isinstance(r, CandidateRecord) and r.organization == "T.H.X.2")
    assert other not in refused_rows
