"""Loading the records of the party's yearly work (recruitment, congresses and positions, meetings,
residence ties, review cycles and ratings, discipline and commendation, dues) through the services of
their apps, so that an import applies the same rules as the command line and the web.

The loader hands these records over during its pass and calls :meth:`YearlyWork.apply` once the
people's membership periods are rebuilt (the services read them: who is an official member, who is
expected at a meeting). They are then replayed in the order they were recorded (``recorded_at``,
then sheet order, then file order), which is an order in which the services accepted them: a
correction after what it corrects, an ending after its start, a comment after its tie.

Each record is passed to its service inside a savepoint that is then rolled back; the row the
service wrote is then written again under the file's ``uid`` and ``recorded_at`` (the services draw
a fresh uid and take the clock). A refusal of the service (``StepRefused``, ``CommitteeRefused``, a
rule's ``RuleViolation``…) is a problem at the record's sheet and row, and the whole file is refused.
A uid already in the database is compared with the record and skipped (loading twice adds nothing).

Where a service would record a member's event the file carries on the sheet "Sự kiện" (a candidate's
decision, ceremony and recognition; an expulsion), the record names that event and the service's
checks are run without recording it again; taking such a record back needs its event voided there.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from partyorg.committees import services as committees
from partyorg.committees.models import Congress, RecordKind
from partyorg.committees.models import PositionRecord as SeatRow
from partyorg.core.formats import vn_date
from partyorg.core.interchange import RecordKit
from partyorg.core.records import LegalBasis, Refused
from partyorg.discipline import services as discipline
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.exchange import dump, registry
from partyorg.exchange.records import (
    AbsenceRecord,
    CandidateRecord,
    CandidateStepRecord,
    CommendationRecord,
    CongressRecord,
    Location,
    MeasureRecord,
    MeetingRecord,
    MemberRatingRecord,
    OrganizationRatingRecord,
    PositionRecord,
    Record,
    ResidenceCommentRecord,
    ResidenceTieRecord,
    ReviewCycleRecord,
    SourcePlanRecord,
)
from partyorg.meetings import services as meetings
from partyorg.meetings.models import Attendance, AttendanceStatus, Meeting, ResidenceComment, ResidenceTie
from partyorg.members.models import EventKind, MembershipEvent, MemberStatus, Person
from partyorg.members.services import Override
from partyorg.organizations.models import Organization
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating, OrganizationRating, ReviewCycle
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.models import Candidate, CandidateStage, CandidateStep, SourcePlan
from partyorg.rules import discipline as discipline_rules
from partyorg.rules.base import RuleViolation

if TYPE_CHECKING:
    from partyorg.exchange.load import _Loader

S = CandidateStage
M = TypeVar("M", bound=Model)

# What a service refuses with: a problem at the record's row, never a crash.
REFUSALS: tuple[type[Exception], ...] = (
    Refused,
    recruitment.StepRefused,
    recruitment.PlanRefused,
    committees.CommitteeRefused,
    meetings.MeetingRefused,
    ratings.RatingRefused,
    discipline.DisciplineRefused,
    RuleViolation,
    IntegrityError,
)
# Fields a service works out when the file leaves them empty: an empty cell matches what was stored.
COMPUTED = frozenset({"votes_total", "official_members", "commented_by"})
# … and of one record type only: a member's organization on the day, the deciding body (the issuer).
COMPUTED_OF: dict[type[Record], frozenset[str]] = {
    MeasureRecord: frozenset({"organization", "deciding_body"}),
    CommendationRecord: frozenset({"organization"}),
}
# An override is kept only when a rule needed it: not compared.
NOT_COMPARED = frozenset({"override_rule", "override_reason"})
CHANGED = "Bản ghi đã có trong cơ sở dữ liệu với nội dung khác; hãy ghi một bản sửa thay vì sửa trực tiếp"
# Steps that record the member's event: the event is on the sheet "Sự kiện", named by its uid.
EVENT_STEPS = frozenset({S.DECIDED, S.CEREMONY, S.RECOGNIZED})


class _Undo(Exception):
    pass


def _through(call: Callable[[], M], capture: Callable[[M], Any] | None = None) -> tuple[M, Any]:
    """Run a service in a savepoint and roll it back: what it would write, and ``capture`` of it."""
    box: list[tuple[M, Any]] = []
    try:
        with transaction.atomic():
            obj = call()
            box.append((obj, capture(obj) if capture else None))
            raise _Undo
    except _Undo:
        pass
    return box[0]


def _copy(obj: M, **changes: Any) -> M:
    """Write ``obj`` (a row a service made, rolled back) again, with ``changes``."""
    model = type(obj)
    values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
    values.update(changes)
    return model._default_manager.create(**values)


def _basis(r: Any) -> LegalBasis:
    return LegalBasis(r.basis_number, r.basis_date, r.basis_issuer)


def _override(r: Any) -> Override | None:
    return Override(r.override_rule, r.override_reason) if r.override_rule else None


def _checked(check: Callable[[], object], override: Override | None) -> None:
    """A rule's check, passed by an override naming the refusing rule with a reason (as the
    services do)."""
    try:
        check()
    except RuleViolation as violation:
        if override is None or override.rule != violation.code or not override.reason.strip():
            raise


def _recorded_at(record: Record) -> datetime:
    value = getattr(record, "recorded_at")  # noqa: B009 (every record of the yearly work has one)
    assert isinstance(value, datetime)
    return value


def _differs(r: Record, stored: Record) -> str | None:
    """The first field where ``r`` says something else than ``stored``; None when they agree."""
    kit = registry.kit_of(type(r))
    computed = (
        COMPUTED
        | COMPUTED_OF.get(type(r), frozenset())
        | (kit.computed.get(type(r), frozenset()) if kit else frozenset())
    )
    for f in fields(r):
        mine, theirs = getattr(r, f.name), getattr(stored, f.name)
        if f.name in NOT_COMPARED or mine == theirs or (f.name in computed and mine in (None, "")):
            continue
        return f.name
    return None


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


class YearlyWork:
    """The yearly-work records of one load: collected during the pass, applied at its end."""

    MODELS: dict[type[Record], type[Model]] = {
        CandidateRecord: Candidate,
        CandidateStepRecord: CandidateStep,
        SourcePlanRecord: SourcePlan,
        CongressRecord: Congress,
        PositionRecord: SeatRow,
        MeetingRecord: Meeting,
        ResidenceTieRecord: ResidenceTie,
        ResidenceCommentRecord: ResidenceComment,
        ReviewCycleRecord: ReviewCycle,
        MemberRatingRecord: MemberRating,
        OrganizationRatingRecord: OrganizationRating,
        MeasureRecord: DisciplinaryMeasure,
        CommendationRecord: Commendation,
    }

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.records: list[tuple[int, Location | None, Record]] = []
        self.absences: defaultdict[str, list[tuple[Location | None, AbsenceRecord]]] = defaultdict(list)
        self.introductions: dict[str, CandidateStepRecord] = {}  # candidate uid -> its introduced step
        self.made: set[str] = set()  # uids written with another record (an introduction)
        self.org_objects: dict[int, Organization] = {}
        self.person_objects: dict[int, Person] = {}
        self.kits: dict[type[RecordKit], RecordKit] = {kit: kit(self) for kit in registry.kits()}
        self.kit_models: dict[type[Record], type[Model]] = {
            t: model for kit in self.kits for t, model in kit.models.items()
        }

    def kit(self, record: Record | type[Record]) -> RecordKit | None:
        """The kit (of this load) that declares ``record``'s type; None for a type declared here."""
        kit = registry.kit_of(record if isinstance(record, type) else type(record))
        return self.kits[kit] if kit else None

    # -- during the pass -------------------------------------------------------------------------
    def add(self, location: Location | None, record: Record) -> None:
        kit = self.kit(record)
        if kit is not None:
            if kit.add(location, record):
                self.records.append((len(self.records), location, record))
            return
        if isinstance(record, AbsenceRecord):
            self.absences[record.meeting].append((location, record))
            return
        if (
            isinstance(record, CandidateStepRecord)
            and record.kind == S.INTRODUCED
            and not record.corrects
            and record.candidate not in self.introductions
        ):
            self.introductions[record.candidate] = record
        self.records.append((len(self.records), location, record))

    # -- helpers ---------------------------------------------------------------------------------
    def problem(self, location: Location | None, record: Record, field_name: str, reason: str) -> None:
        self.loader.current_type = type(record)
        self.loader.problem(location, field_name, reason)

    def org(self, location: Location | None, r: Record, field_name: str) -> Organization | None:
        code = getattr(r, field_name)
        self.loader.current_type = type(r)
        pk = self.loader.ref(self.loader.orgs, code, location, field_name, "tổ chức đảng")
        if pk is None:
            return None
        if pk not in self.org_objects:
            self.org_objects[pk] = Organization.objects.get(pk=pk)
        return self.org_objects[pk]

    def person(self, location: Location | None, r: Record, field_name: str) -> Person | None:
        code = getattr(r, field_name)
        self.loader.current_type = type(r)
        pk = self.loader.ref(self.loader.persons, code, location, field_name, "người")
        if pk is None:
            return None
        if pk not in self.person_objects:
            self.person_objects[pk] = Person.objects.get(pk=pk)
        return self.person_objects[pk]

    def by_uid(
        self, model: type[M], location: Location | None, r: Record, field_name: str, what: str
    ) -> M | None:
        value = getattr(r, field_name)
        if not value:
            return None
        found = model._default_manager.filter(uid=value).first() if _is_uuid(value) else None
        if found is None:
            self.problem(location, r, field_name, f"Không tìm thấy {what} có mã “{value}”")
        return found

    def known(self, location: Location | None, r: Any) -> bool:
        """True when ``r`` is new and well keyed; a record already stored is compared and counted."""
        if not _is_uuid(r.uid):
            self.problem(location, r, "uid", "Mã (uid) không hợp lệ")
            return True
        if not self.loader.first_time(location, f"{r.TYPE}:{r.uid}"):
            return True
        model = self.MODELS.get(type(r)) or self.kit_models[type(r)]
        stored = model.objects.filter(uid=r.uid).first()  # type: ignore[attr-defined]
        if stored is None:
            return False
        if r.uid in self.made:
            self.loader.count(r.TYPE, True)
            return True
        self.compare(location, r, self.record_of(stored))
        return True

    def record_of(self, obj: Model) -> Record:
        codes = dump.Codes(
            {pk: code for code, pk in self.loader.orgs.items()},
            {pk: code for code, pk in self.loader.persons.items()},
        )
        converters: dict[type[Model], Callable[[Any, dump.Codes], Record]] = {
            Candidate: dump.candidate_record,
            CandidateStep: dump.step_record,
            SourcePlan: dump.source_plan_record,
            Congress: dump.congress_record,
            SeatRow: dump.position_record,
            Meeting: dump.meeting_record,
            ResidenceTie: dump.tie_record,
            ResidenceComment: dump.comment_record,
            ReviewCycle: dump.cycle_record,
            MemberRating: dump.member_rating_record,
            OrganizationRating: dump.organization_rating_record,
            DisciplinaryMeasure: dump.measure_record,
            Commendation: dump.commendation_record,
        }
        for kit in self.kits:
            if type(obj) in kit.models.values():
                return kit.to_record(obj, codes)
        return converters[type(obj)](obj, codes)

    def count(self, record_type: str, created: bool) -> None:
        self.loader.count(record_type, created)

    def remember(self, uid: str) -> None:
        self.made.add(uid)

    def written(
        self,
        location: Location | None,
        r: Record,
        call: Callable[[], M],
        capture: Callable[[M], Any] | None = None,
    ) -> tuple[M, Any] | None:
        """Write ``r`` through its service (``call``, which stores the file's uid and recorded_at);
        a refusal is a problem at the record's row. A withdrawal must say what the row it takes back
        said. Counted as created."""
        try:
            with transaction.atomic():
                obj = call()
                captured = capture(obj) if capture else None
        except REFUSALS as refused:
            self.problem(location, r, "", str(refused))
            return None
        if getattr(r, "withdrawn", False):
            self.withdrawal_kept(location, r, obj)
        self.loader.count(r.TYPE, True)
        return obj, captured

    def compare(self, location: Location | None, r: Record, stored: Record) -> None:
        if _differs(r, stored) is not None:
            self.problem(
                location,
                r,
                "",
                CHANGED,
            )
            return
        self.loader.count(r.TYPE, False)

    def through(
        self,
        location: Location | None,
        r: Record,
        call: Callable[[], M],
        capture: Callable[[M], Any] | None = None,
    ) -> tuple[M, Any] | None:
        try:
            return _through(call, capture)
        except REFUSALS as refused:
            self.problem(location, r, "", str(refused))
            return None

    # -- after the pass --------------------------------------------------------------------------
    def apply(self) -> None:
        from partyorg.exchange.records import RECORD_TYPES

        handlers: dict[type[Record], Callable[[Location | None, Any], None]] = {
            CandidateRecord: self.candidate,
            CandidateStepRecord: self.step,
            SourcePlanRecord: self.source_plan,
            CongressRecord: self.congress,
            PositionRecord: self.position,
            MeetingRecord: self.meeting,
            ResidenceTieRecord: self.tie,
            ResidenceCommentRecord: self.comment,
            ReviewCycleRecord: self.cycle,
            MemberRatingRecord: self.member_rating,
            OrganizationRatingRecord: self.organization_rating,
            MeasureRecord: self.measure,
            CommendationRecord: self.commendation,
        }
        for kit in self.kits.values():
            kit.check()
        meeting_uids = {r.uid for _, _, r in self.records if isinstance(r, MeetingRecord)}
        for uid, rows in self.absences.items():
            if uid not in meeting_uids:
                for location, absence in rows:
                    self.problem(
                        location, absence, "meeting", f"Không tìm thấy buổi sinh hoạt có mã “{uid}” trong tệp"
                    )
        order = sorted(
            self.records,
            key=lambda item: (_recorded_at(item[2]), RECORD_TYPES.index(type(item[2])), item[0]),
        )
        for _, location, record in order:
            kit = self.kit(record)
            if kit is not None:
                kit.apply(location, record)
            else:
                handlers[type(record)](location, record)

    # -- recruitment -----------------------------------------------------------------------------
    def candidate(self, location: Location | None, r: CandidateRecord) -> None:
        if self.known(location, r):
            return
        person = self.person(location, r, "person")
        org = self.org(location, r, "organization")
        if person is None or org is None:
            return
        step = self.introductions.get(r.uid)
        basis = _basis(step) if step else LegalBasis()
        done = self.through(
            location,
            r,
            lambda: recruitment.add_candidate(
                person,
                org,
                introduced_by=r.introduced_by,
                introduced_on=r.introduced_on,
                recorded_by=r.recorded_by,
                introducing_body=r.introducing_body,
                legal_basis=basis,
                note=r.note,
            ),
            lambda c: CandidateStep.objects.get(candidate=c, kind=S.INTRODUCED),
        )
        if done is None:
            return
        made, introduced = done
        candidate = _copy(made, uid=r.uid, recorded_at=r.recorded_at)
        self.loader.count(r.TYPE, True)
        if step is None:
            _copy(introduced, candidate_id=candidate.pk, uid=uuid.uuid4(), recorded_at=r.recorded_at)
            return
        written = _copy(
            introduced,
            candidate_id=candidate.pk,
            uid=step.uid,
            recorded_at=step.recorded_at,
            recorded_by=step.recorded_by,
            note=step.note,
        )
        self.made.add(step.uid)
        if self.record_of(written) != step:
            self.problem(
                None,
                step,
                "",
                f"Bước giới thiệu “{step.uid}” phải cùng ngày, tổ chức và tổ chức giới thiệu với hồ sơ "
                f"quần chúng ưu tú “{r.uid}”",
            )

    def step(self, location: Location | None, r: CandidateStepRecord) -> None:
        if self.known(location, r):
            return
        candidate = self.by_uid(Candidate, location, r, "candidate", "quần chúng ưu tú")
        corrects = self.by_uid(CandidateStep, location, r, "corrects", "bước")
        org = self.org(location, r, "organization") if r.organization else None
        person = self.person(location, r, "person") if r.person else None
        event = self.by_uid(MembershipEvent, location, r, "membership_event", "sự kiện")
        if candidate is None or (r.corrects and corrects is None):
            return
        if r.kind in EVENT_STEPS and event is None:
            self.problem(location, r, "membership_event", "Cần mã sự kiện của bước này (trang “Sự kiện”)")
            return
        if r.kind in (S.DECIDED, S.RECOGNIZED) and org is None:
            self.problem(location, r, "organization", "Cần mã cấp ủy ra quyết định")
            return
        if r.kind in (S.CELL_RESOLVED, S.RECOGNITION_PROPOSED) and (
            r.votes_for is None or r.votes_against is None
        ):
            self.problem(
                location, r, "votes_for" if r.votes_for is None else "votes_against", "Thiếu số phiếu"
            )
            return
        call = self.step_call(location, r, candidate, corrects, org, person, event)
        if call is None:
            return
        done = self.through(location, r, call)
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    def step_call(
        self,
        location: Location | None,
        r: CandidateStepRecord,
        candidate: Candidate,
        corrects: CandidateStep | None,
        org: Organization | None,
        person: Person | None,
        event: MembershipEvent | None,
    ) -> Callable[[], CandidateStep] | None:
        basis, by, note, on = _basis(r), r.recorded_by, r.note, r.effective_on
        override = _override(r)
        common: dict[str, Any] = {"legal_basis": basis, "recorded_by": by, "corrects": corrects, "note": note}
        kind = r.kind
        if kind == S.AWARENESS_COURSE:
            return lambda: recruitment.record_course(candidate, on, **common)
        if kind == S.SYMPATHIZER:
            return lambda: recruitment.record_sympathizer(candidate, on, mentor=person, **common)
        if kind == S.APPLICATION:
            return lambda: recruitment.record_application(candidate, on, **common)
        if kind == S.INTRODUCER:
            return lambda: recruitment.record_introducer(
                candidate,
                on,
                kind=r.detail,
                introducer=person,
                worked_together_since=r.since,
                override=override,
                **common,
            )
        if kind == S.VERIFIED:
            return lambda: recruitment.record_verification(candidate, on, override=override, **common)
        if kind in (S.CELL_RESOLVED, S.RECOGNITION_PROPOSED):
            service = (
                recruitment.record_cell_resolution
                if kind == S.CELL_RESOLVED
                else recruitment.record_recognition_proposal
            )
            return lambda: service(
                candidate,
                on,
                votes_for=r.votes_for or 0,
                votes_against=r.votes_against or 0,
                votes_total=r.votes_total,
                override=override,
                **common,
            )
        if kind == S.DECIDED:
            assert org is not None
            return lambda: recruitment.record_decision(
                candidate,
                on,
                deciding_organization=org,
                received_on=r.received_on,
                extended=r.extended,
                existing_event=event,
                override=override,
                **common,
            )
        if kind == S.CEREMONY:
            return lambda: recruitment.record_ceremony(
                candidate, on, existing_event=event, override=override, **common
            )
        if kind == S.RECOGNIZED:
            assert org is not None
            return lambda: recruitment.record_recognition(
                candidate,
                on,
                deciding_organization=org,
                extended=r.extended,
                existing_event=event,
                override=override,
                **common,
            )
        if kind == S.STOPPED:
            return lambda: recruitment.stop(
                candidate, on, reason=r.detail, recorded_by=by, legal_basis=basis, note=note
            )
        if kind == S.VOIDED:
            return self.void_call(location, r, corrects)
        self.problem(location, r, "kind", "Bước giới thiệu ghi cùng hồ sơ ở trang “Quần chúng ưu tú”")
        return None

    def void_call(
        self, location: Location | None, r: CandidateStepRecord, wrong: CandidateStep | None
    ) -> Callable[[], CandidateStep] | None:
        if wrong is None:
            self.problem(location, r, "corrects", "Cần mã bước bị hủy")
            return None
        event = wrong.membership_event
        if event is None:
            return lambda: recruitment.void_step(
                wrong, recorded_by=r.recorded_by, note=r.note, legal_basis=_basis(r)
            )
        # The member's event the step recorded is voided on the sheet "Sự kiện" (void_step would void
        # it a second time): the checks of void_step, then the step.
        if not self.withdrawable(
            location,
            r,
            wrong,
            event,
            of_what="của bước bị hủy",
            no_reason="Cần ghi lý do hủy bản ghi.",
            already="Bước này đã được sửa hoặc hủy; hãy sửa bản ghi mới nhất.",
        ):
            return None
        return lambda: CandidateStep.objects.create(
            candidate_id=wrong.candidate_id,
            kind=S.VOIDED,
            effective_on=wrong.effective_on,
            basis_number=r.basis_number,
            basis_date=r.basis_date,
            basis_issuer=r.basis_issuer,
            recorded_at=r.recorded_at,
            recorded_by=r.recorded_by,
            corrects=wrong,
            note=r.note,
        )

    def withdrawable(
        self,
        location: Location | None,
        r: Any,
        wrong: Any,
        event: MembershipEvent,
        *,
        of_what: str,
        no_reason: str,
        already: str,
    ) -> bool:
        """May ``r`` withdraw ``wrong``, a record that wrote the member's ``event``? That event must
        be voided on the sheet "Sự kiện" of the same file, a reason given, and ``wrong`` be the
        latest of its line."""
        if not event.corrections.exists():
            reason = f"Sự kiện “{event.uid}” {of_what} phải được hủy cùng (trang “Sự kiện”)"
            self.problem(location, r, "corrects", reason)
            return False
        if not r.note.strip():
            self.problem(location, r, "note", no_reason)
            return False
        if wrong.corrections.exists():
            self.problem(location, r, "corrects", already)
            return False
        return True

    def source_plan(self, location: Location | None, r: SourcePlanRecord) -> None:
        if self.known(location, r):
            return
        org = self.org(location, r, "organization")
        corrects = self.by_uid(SourcePlan, location, r, "corrects", "kế hoạch tạo nguồn")
        if not 1930 <= r.year <= 9999:
            self.problem(location, r, "year", f"Năm không hợp lệ: {r.year}")
            return
        if org is None or (r.corrects and corrects is None):
            return
        done = self.through(
            location,
            r,
            lambda: recruitment.set_source_plan(
                org,
                r.year,
                r.planned,
                recorded_by=r.recorded_by,
                legal_basis=_basis(r),
                corrects=corrects,
                withdrawn=r.withdrawn,
                note=r.note,
            ),
        )
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    # -- congresses and positions -----------------------------------------------------------------
    def congress(self, location: Location | None, r: CongressRecord) -> None:
        if self.known(location, r):
            return
        org = self.org(location, r, "organization")
        corrects = self.by_uid(Congress, location, r, "corrects", "đại hội")
        if org is None or (r.corrects and corrects is None):
            return
        if r.withdrawn:
            if corrects is None:
                self.problem(location, r, "corrects", "Cần mã đại hội bị hủy")
                return
            wrong = corrects
            call: Callable[[], Congress] = lambda: committees.withdraw_congress(  # noqa: E731
                wrong, recorded_by=r.recorded_by, note=r.note
            )
        else:
            call = lambda: committees.record_congress(  # noqa: E731
                org,
                kind=r.kind,
                held_on=r.held_on,
                term_first_year=r.term_first_year,
                term_last_year=r.term_last_year,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                note=r.note,
                override=_override(r),
                corrects=corrects,
                recorded_at=r.recorded_at,
            )
        done = self.through(location, r, call)
        if done is None:
            return
        made = done[0]
        counted = made.official_members if r.official_members is None else r.official_members
        _copy(made, uid=r.uid, recorded_at=r.recorded_at, official_members=counted)
        self.loader.count(r.TYPE, True)

    def position(self, location: Location | None, r: PositionRecord) -> None:
        if self.known(location, r):
            return
        person = self.person(location, r, "person")
        org = self.org(location, r, "organization")
        congress = self.by_uid(Congress, location, r, "congress", "đại hội")
        start = self.by_uid(SeatRow, location, r, "ends", "bản ghi nhận chức")
        corrects = self.by_uid(SeatRow, location, r, "corrects", "bản ghi chức vụ")
        if person is None or org is None or (r.congress and congress is None) or (r.ends and start is None):
            return
        if r.corrects and not r.withdrawn:
            self.problem(
                location, r, "withdrawn", "Bản ghi chức vụ chỉ được hủy (Hủy = Có), rồi ghi lại bản ghi đúng"
            )
            return
        call: Callable[[], SeatRow]
        if r.withdrawn:
            if corrects is None:
                self.problem(location, r, "corrects", "Cần mã bản ghi chức vụ bị hủy")
                return
            wrong = corrects
            call = lambda: committees.withdraw_position(wrong, recorded_by=r.recorded_by, note=r.note)  # noqa: E731
        elif r.kind == RecordKind.ENDED:
            if start is None:
                self.problem(location, r, "ends", "Cần mã bản ghi nhận chức được kết thúc")
                return
            began = start
            call = lambda: committees.end_position(  # noqa: E731
                began,
                ended_on=r.effective_on,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                note=r.note,
                recorded_at=r.recorded_at,
            )
        else:
            call = lambda: committees.start_position(  # noqa: E731
                person,
                org,
                r.position,
                starts_on=r.effective_on,
                method=r.method,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                congress=congress,
                note=r.note,
                override=_override(r),
                recorded_at=r.recorded_at,
            )
        done = self.through(location, r, call)
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    # -- meetings and residence ties ---------------------------------------------------------------
    def meeting_absences(self, r: MeetingRecord) -> dict[int, meetings.Absence] | None:
        absences: dict[int, meetings.Absence] = {}
        ok = True
        for location, a in self.absences.get(r.uid, []):
            person = self.person(location, a, "person")
            if a.status not in (AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED):
                self.problem(location, a, "status", "Chỉ ghi người vắng; người có mặt không ghi ở trang này")
                ok = False
            elif person is not None and person.pk in absences:
                self.problem(location, a, "person", f"Người có mã “{a.person}” được ghi hai lần")
                ok = False
            elif person is not None:
                absences[person.pk] = meetings.Absence(a.status, a.reason)
            else:
                ok = False
        return absences if ok else None

    def meeting(self, location: Location | None, r: MeetingRecord) -> None:
        if self.known(location, r):
            self.check_stored_absences(r)
            return
        cell = self.org(location, r, "organization")
        corrects = self.by_uid(Meeting, location, r, "corrects", "buổi sinh hoạt")
        absences = self.meeting_absences(r)
        if cell is None or absences is None or (r.corrects and corrects is None):
            return
        call: Callable[[], Meeting]
        if corrects is not None:
            wrong = corrects
            if wrong.organization_id != cell.pk:
                self.problem(
                    location, r, "organization", "Bản sửa phải cùng chi bộ với buổi sinh hoạt được sửa"
                )
                return
            if r.withdrawn:
                call = lambda: meetings.withdraw_meeting(wrong, recorded_by=r.recorded_by, note=r.note)  # noqa: E731
            else:
                call = lambda: meetings.correct_meeting(  # noqa: E731
                    wrong,
                    recorded_by=r.recorded_by,
                    note=r.note,
                    kind=r.kind,
                    held_on=r.held_on,
                    duration_minutes=r.duration_minutes,
                    agenda=r.agenda,
                    resolution=r.resolution,
                    absences=absences,
                )
        elif r.withdrawn:
            self.problem(location, r, "corrects", "Cần mã buổi sinh hoạt bị hủy")
            return
        else:
            call = lambda: meetings.record_meeting(  # noqa: E731
                cell,
                kind=r.kind,
                held_on=r.held_on,
                duration_minutes=r.duration_minutes,
                recorded_by=r.recorded_by,
                agenda=r.agenda,
                resolution=r.resolution,
                absences=absences,
                note=r.note,
                recorded_at=r.recorded_at,
            )
        done = self.through(
            location,
            r,
            call,
            lambda m: list(Attendance.objects.filter(meeting=m).values_list("person_id", "status", "reason")),
        )
        if done is None:
            return
        made, lines = done
        meeting = _copy(made, uid=r.uid, recorded_at=r.recorded_at)
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, person_id=person_id, status=status, reason=reason)
            for person_id, status, reason in lines
        )
        self.loader.count(r.TYPE, True)
        self.loader.report.created["absence"] += len(self.absences.get(r.uid, []))

    def check_stored_absences(self, r: MeetingRecord) -> None:
        rows = self.absences.get(r.uid, [])
        if not rows:
            return
        stored = {
            (code, status, reason)
            for code, status, reason in Attendance.objects.filter(meeting__uid=r.uid)
            .exclude(status=AttendanceStatus.PRESENT)
            .values_list("person__code", "status", "reason")
        }
        for location, a in rows:
            if (a.person, a.status, a.reason) in stored:
                self.loader.count(a.TYPE, False)
            else:
                self.problem(
                    location, a, "", "Buổi sinh hoạt đã có trong cơ sở dữ liệu với danh sách vắng khác"
                )

    def tie(self, location: Location | None, r: ResidenceTieRecord) -> None:
        if self.known(location, r):
            return
        person = self.person(location, r, "person")
        org = self.org(location, r, "residence_organization")
        corrects = self.by_uid(ResidenceTie, location, r, "corrects", "mối liên hệ")
        if person is None or org is None or (r.corrects and corrects is None):
            return
        done = self.through(
            location,
            r,
            lambda: meetings.tie_residence(
                person,
                org,
                started_on=r.started_on,
                category=r.category,
                address=r.address,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                note=r.note,
                ended_on=r.ended_on,
                corrects=corrects,
                withdrawn=r.withdrawn,
            ),
        )
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    def comment(self, location: Location | None, r: ResidenceCommentRecord) -> None:
        if self.known(location, r):
            return
        tie = self.by_uid(ResidenceTie, location, r, "tie", "mối liên hệ")
        by = self.org(location, r, "commented_by") if r.commented_by else None
        corrects = self.by_uid(ResidenceComment, location, r, "corrects", "nhận xét")
        if tie is None or (r.commented_by and by is None) or (r.corrects and corrects is None):
            return
        if not 1930 <= r.year <= 9999:
            self.problem(location, r, "year", f"Năm không hợp lệ: {r.year}")
            return
        done = self.through(
            location,
            r,
            lambda: meetings.record_residence_comment(
                tie,
                year=r.year,
                commented_on=r.commented_on,
                content=r.content,
                recorded_by=r.recorded_by,
                commented_by=by,
                sent_on=r.sent_on,
                corrects=corrects,
                withdrawn=r.withdrawn,
            ),
        )
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    # -- review and ratings ----------------------------------------------------------------------
    def cycle(self, location: Location | None, r: ReviewCycleRecord) -> None:
        if self.known(location, r):
            return
        org = self.org(location, r, "organization")
        if not 1930 <= r.year <= 9999:
            self.problem(location, r, "year", f"Năm không hợp lệ: {r.year}")
            return
        if org is None:
            return
        done = self.through(
            location,
            r,
            lambda: ratings.open_cycle(
                org,
                year=r.year,
                reviewed_on=r.reviewed_on,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                period=r.period,
                period_number=r.period_number,
                note=r.note,
            ),
        )
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    def scored(self, location: Location | None, r: Any) -> tuple[Any, Decimal | None] | None:
        """``r`` with its score written as the file writes it ("92.5"), and the score; None, with a
        problem, for a score that is not a number of at most 2 decimals."""
        text = r.score.strip().replace(",", ".")
        if not text:
            return replace(r, score=""), None
        try:
            score = Decimal(text)
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or score < 0 or score >= 1000 or score != round(score, 2):
            self.problem(location, r, "score", f"Điểm không hợp lệ: {r.score} (ví dụ 92,5)")
            return None
        return replace(r, score=dump.score_text(score)), score

    def withdrawal_kept(self, location: Location | None, r: Record, written: Model) -> None:
        """A withdrawal copies the record it takes back: the file must say the same."""
        field_name = _differs(r, self.record_of(written))
        if field_name is not None:
            self.problem(location, r, field_name, "Bản hủy phải ghi đúng nội dung của bản ghi bị hủy")

    def member_rating(self, location: Location | None, r: MemberRatingRecord) -> None:
        parsed = self.scored(location, r)
        if parsed is None:
            return
        r, score = parsed
        if self.known(location, r):
            return
        cycle = self.by_uid(ReviewCycle, location, r, "cycle", "đợt kiểm điểm")
        person = self.person(location, r, "person")
        corrects = self.by_uid(MemberRating, location, r, "corrects", "xếp loại")
        if cycle is None or person is None or (r.corrects and corrects is None):
            return
        call: Callable[[], MemberRating]
        if corrects is not None:
            wrong = corrects
            if (wrong.cycle_id, wrong.person_id) != (cycle.pk, person.pk):
                self.problem(
                    location,
                    r,
                    "corrects",
                    "Bản sửa phải cùng đợt kiểm điểm và cùng đảng viên với xếp loại được sửa",
                )
                return
            if r.withdrawn:
                call = lambda: ratings.withdraw_member_rating(  # noqa: E731
                    wrong, legal_basis=_basis(r), recorded_by=r.recorded_by, note=r.note
                )
            else:
                call = lambda: ratings.correct_member_rating(  # noqa: E731
                    wrong,
                    level=r.level,
                    legal_basis=_basis(r),
                    recorded_by=r.recorded_by,
                    note=r.note,
                    score=score,
                    override=_override(r),
                )
        elif r.withdrawn:
            self.problem(location, r, "corrects", "Cần mã xếp loại bị hủy")
            return
        else:
            entry = ratings.RatingEntry(person, r.level, score, r.note, _override(r))
            call = lambda: ratings.rate_members(  # noqa: E731
                cycle, [entry], legal_basis=_basis(r), recorded_by=r.recorded_by
            )[0]
        done = self.through(location, r, call)
        if done is None:
            return
        written = _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
        if r.withdrawn:
            self.withdrawal_kept(location, r, written)
        self.loader.count(r.TYPE, True)

    def organization_rating(self, location: Location | None, r: OrganizationRatingRecord) -> None:
        parsed = self.scored(location, r)
        if parsed is None:
            return
        r, score = parsed
        if self.known(location, r):
            return
        cycle = self.by_uid(ReviewCycle, location, r, "cycle", "đợt kiểm điểm")
        if cycle is None:
            return
        if r.corrects or r.withdrawn:
            # The ratings app has no command correcting an organization's rating.
            self.problem(
                location, r, "corrects", "Xếp loại tổ chức đảng đã ghi không sửa, hủy được qua tệp nhập"
            )
            return
        done = self.through(
            location,
            r,
            lambda: ratings.rate_organization(
                cycle,
                r.level,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                score=score,
                note=r.note,
                override=_override(r),
            ),
        )
        if done is not None:
            _copy(done[0], uid=r.uid, recorded_at=r.recorded_at)
            self.loader.count(r.TYPE, True)

    # -- discipline and commendation -------------------------------------------------------------
    def measure(self, location: Location | None, r: MeasureRecord) -> None:
        if self.known(location, r):
            return
        person = self.person(location, r, "person") if r.person else None
        org = self.org(location, r, "organization") if r.organization else None
        event = self.by_uid(MembershipEvent, location, r, "membership_event", "sự kiện")
        corrects = self.by_uid(DisciplinaryMeasure, location, r, "corrects", "quyết định kỷ luật")
        if (
            (r.person and person is None)
            or (r.organization and org is None)
            or (r.membership_event and event is None)
            or (r.corrects and corrects is None)
        ):
            return
        call = self.measure_call(location, r, person, org, event, corrects)
        if call is None:
            return
        done = self.through(location, r, call)
        if done is None:
            return
        made = done[0]
        if person is not None and org is not None and made.organization_id != org.pk:
            self.problem(
                location,
                r,
                "organization",
                f"Ngày {vn_date(r.decided_on)} đảng viên “{r.person}” không sinh hoạt tại tổ chức "
                f"“{r.organization}”",
            )
            return
        written = _copy(made, uid=r.uid, recorded_at=r.recorded_at)
        if r.withdrawn:
            self.withdrawal_kept(location, r, written)
        self.loader.count(r.TYPE, True)

    def measure_call(
        self,
        location: Location | None,
        r: MeasureRecord,
        person: Person | None,
        org: Organization | None,
        event: MembershipEvent | None,
        corrects: DisciplinaryMeasure | None,
    ) -> Callable[[], DisciplinaryMeasure] | None:
        basis, by, override = _basis(r), r.recorded_by, _override(r)
        if r.withdrawn:
            return self.measure_withdrawal(location, r, corrects)
        if r.corrects:
            self.problem(
                location,
                r,
                "withdrawn",
                "Quyết định kỷ luật chỉ được hủy (Hủy = Có), rồi ghi lại quyết định đúng",
            )
            return None
        if event is not None and (person is None or r.sanction != discipline_rules.EXPULSION):
            self.problem(location, r, "membership_event", "Chỉ quyết định khai trừ đảng viên ghi kèm sự kiện")
            return None
        if person is None:
            if org is None:
                self.problem(location, r, "person", "Cần mã đảng viên hoặc mã tổ chức bị kỷ luật")
                return None
            target = org
            return lambda: discipline.discipline_organization(
                target,
                r.sanction,
                r.decided_on,
                legal_basis=basis,
                recorded_by=by,
                deciding_body=r.deciding_body,
                violation_on=r.violation_on,
                note=r.note,
                override=override,
                recorded_at=r.recorded_at,
            )
        if r.sanction == discipline_rules.EXPULSION:
            return self.expulsion_call(location, r, person, event)
        member = person
        return lambda: discipline.discipline_member(
            member,
            r.sanction,
            r.decided_on,
            legal_basis=basis,
            recorded_by=by,
            deciding_body=r.deciding_body,
            violation_on=r.violation_on,
            self_remedied=r.self_remedied,
            post=r.post,
            votes_for=r.votes_for,
            entitled_voters=r.entitled_voters,
            note=r.note,
            override=override,
            recorded_at=r.recorded_at,
        )

    def expulsion_call(
        self, location: Location | None, r: MeasureRecord, person: Person, event: MembershipEvent | None
    ) -> Callable[[], DisciplinaryMeasure] | None:
        """An expulsion whose EXPELLED event the sheet "Sự kiện" recorded (``discipline_member`` would
        record it a second time): the checks of ``discipline_member`` on the member as they were the
        day before, then the measure, linked to the event."""
        if event is None:
            self.problem(
                location,
                r,
                "membership_event",
                "Khai trừ: cần mã sự kiện khai trừ của đảng viên (trang “Sự kiện”)",
            )
            return None
        if (
            event.person_id != person.pk
            or event.kind != EventKind.EXPELLED
            or event.effective_on != r.decided_on
        ):
            self.problem(
                location,
                r,
                "membership_event",
                f"Sự kiện “{event.uid}” phải là sự kiện khai trừ đảng viên “{r.person}” "
                f"ngày {vn_date(r.decided_on)}",
            )
            return None
        held = discipline.member_on(person, r.decided_on - timedelta(days=1))
        if held is None:
            self.problem(
                location,
                r,
                "person",
                f"{person.full_name} không phải là đảng viên trước ngày {vn_date(r.decided_on)}.",
            )
            return None
        org_id, status = held
        target = (
            discipline_rules.PROBATIONARY
            if status == MemberStatus.PROBATIONARY
            else discipline_rules.OFFICIAL
        )
        override = _override(r)
        sanction, on, post = r.sanction, r.decided_on, r.post

        def record() -> DisciplinaryMeasure:
            _checked(lambda: discipline_rules.check_sanction(sanction, target, post=post, on=on), override)
            if r.violation_on is not None and r.violation_on > on:
                raise discipline.DisciplineRefused(
                    f"Ngày vi phạm {vn_date(r.violation_on)} sau ngày quyết định kỷ luật {vn_date(on)}."
                )
            votes, entitled = r.votes_for, r.entitled_voters
            if votes is not None and entitled is not None:
                _checked(
                    lambda: discipline_rules.check_vote(sanction, votes_for=votes, entitled=entitled),
                    override,
                )
            return DisciplinaryMeasure.objects.create(
                person=person,
                organization_id=org_id,
                sanction=sanction,
                decided_on=on,
                deciding_body=r.deciding_body or r.basis_issuer,
                violation_on=r.violation_on,
                self_remedied=r.self_remedied,
                post=post,
                votes_for=votes,
                entitled_voters=entitled,
                event=event,
                override_rule=override.rule if override else "",
                override_reason=override.reason if override else "",
                note=r.note,
                recorded_at=r.recorded_at,
                recorded_by=r.recorded_by,
                basis_number=r.basis_number,
                basis_date=r.basis_date,
                basis_issuer=r.basis_issuer,
            )

        return record

    def measure_withdrawal(
        self, location: Location | None, r: MeasureRecord, wrong: DisciplinaryMeasure | None
    ) -> Callable[[], DisciplinaryMeasure] | None:
        if wrong is None:
            self.problem(location, r, "corrects", "Cần mã quyết định kỷ luật bị hủy")
            return None
        event = wrong.event
        if event is None:
            return lambda: discipline.withdraw_measure(
                wrong, legal_basis=_basis(r), recorded_by=r.recorded_by, note=r.note
            )
        # The expulsion's event is voided on the sheet "Sự kiện" (withdraw_measure would void it a
        # second time): the checks of withdraw_measure, then the withdrawal.
        if not self.withdrawable(
            location,
            r,
            wrong,
            event,
            of_what="của quyết định bị hủy",
            no_reason="Cần ghi lý do hủy quyết định kỷ luật.",
            already="Quyết định kỷ luật này đã được sửa hoặc hủy.",
        ):
            return None
        return lambda: DisciplinaryMeasure.objects.create(
            person_id=wrong.person_id,
            organization_id=wrong.organization_id,
            sanction=wrong.sanction,
            decided_on=wrong.decided_on,
            deciding_body=wrong.deciding_body,
            violation_on=wrong.violation_on,
            self_remedied=wrong.self_remedied,
            post=wrong.post,
            corrects=wrong,
            withdrawn=True,
            note=r.note,
            recorded_at=r.recorded_at,
            recorded_by=r.recorded_by,
            basis_number=r.basis_number,
            basis_date=r.basis_date,
            basis_issuer=r.basis_issuer,
        )

    def commendation(self, location: Location | None, r: CommendationRecord) -> None:
        if self.known(location, r):
            return
        person = self.person(location, r, "person") if r.person else None
        org = self.org(location, r, "organization") if r.organization else None
        corrects = self.by_uid(Commendation, location, r, "corrects", "khen thưởng")
        if (
            (r.person and person is None)
            or (r.organization and org is None)
            or (r.corrects and corrects is None)
        ):
            return
        call: Callable[[], Commendation]
        if r.withdrawn:
            if corrects is None:
                self.problem(location, r, "corrects", "Cần mã khen thưởng bị hủy")
                return
            wrong = corrects
            call = lambda: discipline.withdraw_commendation(wrong, recorded_by=r.recorded_by, note=r.note)  # noqa: E731
        elif r.corrects:
            self.problem(
                location, r, "withdrawn", "Khen thưởng chỉ được hủy (Hủy = Có), rồi ghi lại khen thưởng đúng"
            )
            return
        elif person is None and org is None:
            self.problem(location, r, "person", "Cần mã đảng viên hoặc mã tổ chức được khen thưởng")
            return
        else:
            call = lambda: discipline.commend(  # noqa: E731
                title=r.title,
                awarded_on=r.awarded_on,
                awarding_body=r.awarding_body,
                legal_basis=_basis(r),
                recorded_by=r.recorded_by,
                person=person,
                organization=org if person is None else None,
                for_year=r.for_year,
                years=r.years,
                note=r.note,
            )
        done = self.through(location, r, call)
        if done is None:
            return
        made = done[0]
        if person is not None and org is not None and made.organization_id != org.pk:
            self.problem(
                location,
                r,
                "organization",
                f"Ngày {vn_date(r.awarded_on)} đảng viên “{r.person}” không sinh hoạt tại tổ chức "
                f"“{r.organization}”",
            )
            return
        written = _copy(made, uid=r.uid, recorded_at=r.recorded_at)
        if r.withdrawn:
            self.withdrawal_kept(location, r, written)
        self.loader.count(r.TYPE, True)

    # -- dues ------------------------------------------------------------------------------------
