"""Recruitment records as they travel in an interchange file: the record kit of the recruitment app.

Three record types, in file order: an outstanding candidate of a cell (its introduction step, with
the legal basis, is on the next sheet), one step of a candidate's pipeline, and a cell's source
plan for a year. Each is written through :mod:`partyorg.recruitment.services`, so a file is held to
the same rules as the pages and the command line.

The steps that record a member's event (the decision, the ceremony, the recognition) name that
event, which the file carries on the sheet "Sự kiện": the step's service runs its checks and links
the event instead of recording it again. Taking such a step back needs its event voided there too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.core.interchange import (
    Codes,
    Column,
    Judge,
    Loading,
    Location,
    Record,
    RecordKit,
    Sheet,
    basis_columns,
    recorded_columns,
    shared_fields,
)
from partyorg.core.records import LegalBasis, Override
from partyorg.members.models import MembershipEvent, Person
from partyorg.organizations.models import Organization
from partyorg.recruitment import services
from partyorg.recruitment.models import (
    Candidate,
    CandidateStage,
    CandidateStep,
    IntroducedBy,
    SourcePlan,
)

S = CandidateStage
# Steps that record the member's event: the event is on the sheet "Sự kiện", named by its uid.
EVENT_STEPS = frozenset({S.DECIDED, S.CEREMONY, S.RECOGNIZED})


@dataclass(frozen=True, kw_only=True)
class CandidateRecord(Record):
    """An outstanding candidate of a cell (``recruitment.Candidate``); its introduction step, with
    the legal basis, is the step of kind ``introduced`` on the next sheet."""

    TYPE = "candidate"
    LABEL = gettext_lazy("Quần chúng ưu tú")
    KEY = "uid"
    uid: str
    person: str  # person code
    organization: str  # the cell's code
    introduced_by: str  # IntroducedBy value
    introduced_on: date
    recorded_at: datetime
    recorded_by: str
    introducing_body: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CandidateStepRecord(Record):
    """One step of a candidate's pipeline (``recruitment.CandidateStep``)."""

    TYPE = "candidate_step"
    LABEL = gettext_lazy("Bước phát triển đảng viên")
    KEY = "uid"
    uid: str
    candidate: str  # candidate uid
    kind: str  # CandidateStage value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    organization: str = ""  # who acted: the cell, the deciding committee
    person: str = ""  # the introducing member or the mentor
    detail: str = ""  # introducer kind, stop reason, the introducing body
    since: date | None = None
    received_on: date | None = None
    extended: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_total: int | None = None
    membership_event: str = ""  # uid of the member's event the step recorded
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier step of the same candidate
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SourcePlanRecord(Record):
    """A cell's source plan for a year (``recruitment.SourcePlan``)."""

    TYPE = "source_plan"
    LABEL = gettext_lazy("Kế hoạch tạo nguồn")
    KEY = "uid"
    uid: str
    organization: str
    year: int
    planned: int
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        CandidateRecord,
        "Quần chúng ưu tú",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của hồ sơ quần chúng ưu tú", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của người (trang “Người”)", width=16),
            Column("organization", "Chi bộ", meaning="Mã chi bộ chuẩn bị kết nạp", width=20),
            Column(
                "introduced_by", "Giới thiệu bởi", "enum", "Tổ chức giới thiệu", enum="IntroducedBy", width=30
            ),
            Column("introduced_on", "Ngày giới thiệu", "date", width=13),
            *recorded_columns(),
            Column("introducing_body", "Tổ chức giới thiệu", meaning="Tên chi đoàn, công đoàn…", width=30),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        CandidateStepRecord,
        "Bước phát triển đảng viên",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của bước", width=38),
            Column("candidate", "Quần chúng ưu tú", meaning="Mã hồ sơ (trang “Quần chúng ưu tú”)", width=38),
            Column("kind", "Bước", "enum", enum="CandidateStage", width=40),
            Column(
                "effective_on",
                "Ngày",
                "date",
                "Ngày của bước (chứng nhận, nghị quyết, quyết định…)",
                width=13,
            ),
            *recorded_columns(),
            Column(
                "organization",
                "Tổ chức",
                meaning="Mã tổ chức thực hiện: chi bộ, cấp ủy ra quyết định kết nạp hoặc công nhận",
                width=20,
            ),
            Column("person", "Đảng viên", meaning="Mã đảng viên giới thiệu hoặc giúp đỡ", width=16),
            Column(
                "detail",
                "Chi tiết",
                meaning="Bước giới thiệu: member, youth_union, trade_union; bước dừng: lý do",
                width=20,
            ),
            Column(
                "since", "Cùng công tác từ", "date", "Đảng viên giới thiệu cùng công tác từ ngày", width=13
            ),
            Column(
                "received_on", "Ngày nhận quyết định", "date", "Ngày chi bộ nhận quyết định kết nạp", width=13
            ),
            Column("extended", "Gia hạn", "bool", "Trường hợp đặc biệt được thêm 30 ngày làm việc", width=8),
            Column("votes_for", "Tán thành", "optint", "Số đảng viên chính thức tán thành", width=10),
            Column("votes_against", "Không tán thành", "optint", width=10),
            Column(
                "votes_total",
                "Tổng số đảng viên chính thức",
                "optint",
                "Trống: theo hồ sơ đảng viên của chi bộ ngày đó",
                width=10,
            ),
            Column(
                "membership_event",
                "Sự kiện",
                meaning="Mã sự kiện (trang “Sự kiện”) của quyết định, lễ kết nạp, công nhận chính thức",
                width=38,
            ),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã bước trước đó mà bước này sửa hoặc hủy", width=38),
            Column(
                "override_rule", "Quy định được vượt qua", meaning="Mã quy định được phép vượt qua", width=20
            ),
            Column("override_reason", "Lý do", meaning="Lý do vượt qua quy định", width=30),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        SourcePlanRecord,
        "Kế hoạch tạo nguồn",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của kế hoạch", width=38),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng", width=20),
            Column("year", "Năm", "int", width=8),
            Column(
                "planned", "Số quần chúng dự kiến", "int", "Số quần chúng ưu tú dự kiến tạo nguồn", width=10
            ),
            *recorded_columns(),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã kế hoạch trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy kế hoạch được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


class RecruitmentKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        CandidateRecord: Candidate,
        CandidateStepRecord: CandidateStep,
        SourcePlanRecord: SourcePlan,
    }
    enums: ClassVar[dict[str, Any]] = {"IntroducedBy": IntroducedBy, "CandidateStage": CandidateStage}
    # The cell's vote: an empty cell counts the official members the records hold that day.
    computed: ClassVar[dict[type[Record], frozenset[str]]] = {CandidateStepRecord: frozenset({"votes_total"})}

    def __init__(self, work: Loading | None = None) -> None:
        super().__init__(work)
        self.introductions: dict[str, CandidateStepRecord] = {}  # candidate uid -> its introduced step
        self.candidate_orgs: dict[str, str] = {}  # candidate uid -> its cell's code (a scope check)

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {Candidate: candidate_record, CandidateStep: step_record, SourcePlan: source_plan_record}

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A candidate at its cell on the day introduced; a step at the candidate's cell on the
        step's day (the deciding committee above it is named, not edited), and the member it names
        (introducer, mentor) must be the uploader's that day, as the pages ask; a source plan at its
        organization on the first day of its year."""
        if isinstance(record, CandidateRecord):
            self.candidate_orgs[record.uid] = record.organization
            judge.org("organization", record.organization, record.introduced_on)
        elif isinstance(record, CandidateStepRecord):
            code = self.candidate_orgs.get(record.candidate)
            if code is None and _is_uuid(record.candidate):
                code = (
                    Candidate.objects.filter(uid=record.candidate)
                    .values_list("organization__code", flat=True)
                    .first()
                )
            if code:
                judge.org("candidate", code, record.effective_on)
            if record.person:
                judge.person(record.person, record.effective_on)
        elif isinstance(record, SourcePlanRecord):
            # A year out of range is refused by the load; it is judged on today's date meanwhile.
            day = date(record.year, 1, 1) if 1930 <= record.year <= 9999 else timezone.localdate()
            judge.org("organization", record.organization, day)

    # -- import ------------------------------------------------------------------------------
    def add(self, location: Location | None, record: Record) -> bool:
        """A candidate's introduction step (the first of its uid, not a correction) is written
        with the candidate: remembered here until the candidate comes."""
        if (
            isinstance(record, CandidateStepRecord)
            and record.kind == S.INTRODUCED
            and not record.corrects
            and record.candidate not in self.introductions
        ):
            self.introductions[record.candidate] = record
        return True

    def apply_candidate(self, location: Location | None, r: CandidateRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        org = work.org(location, r, "organization")
        if person is None or org is None:
            return
        step = self.introductions.get(r.uid)
        introduction = (
            services.Introduction(step.uid, step.recorded_at, step.recorded_by, step.note) if step else None
        )
        done = work.written(
            location,
            r,
            lambda: services.add_candidate.within(
                person,
                org,
                introduced_by=r.introduced_by,
                introduced_on=r.introduced_on,
                recorded_by=r.recorded_by,
                introducing_body=r.introducing_body,
                legal_basis=LegalBasis.of(step) if step else LegalBasis(),
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
                introduction=introduction,
            ),
            lambda c: CandidateStep.objects.get(candidate=c, kind=S.INTRODUCED),
        )
        if done is None or step is None:
            return
        work.remember(step.uid)
        if work.record_of(done[1]) != step:
            work.problem(
                None,
                step,
                "",
                _(
                    "Bước giới thiệu “%(step)s” phải cùng ngày, tổ chức và tổ chức giới thiệu với hồ sơ "
                    "quần chúng ưu tú “%(candidate)s”"
                )
                % {"step": step.uid, "candidate": r.uid},
            )

    def apply_candidate_step(self, location: Location | None, r: CandidateStepRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        candidate = work.by_uid(Candidate, location, r, "candidate", gettext_noop("quần chúng ưu tú"))
        corrects = work.by_uid(CandidateStep, location, r, "corrects", gettext_noop("bước"))
        org = work.org(location, r, "organization") if r.organization else None
        person = work.person(location, r, "person") if r.person else None
        event = work.by_uid(MembershipEvent, location, r, "membership_event", gettext_noop("sự kiện"))
        if candidate is None or (r.corrects and corrects is None):
            return
        if r.kind in EVENT_STEPS and event is None:
            work.problem(location, r, "membership_event", _("Cần mã sự kiện của bước này (trang “Sự kiện”)"))
            return
        if r.kind in (S.DECIDED, S.RECOGNIZED) and org is None:
            work.problem(location, r, "organization", _("Cần mã cấp ủy ra quyết định"))
            return
        if r.kind in (S.CELL_RESOLVED, S.RECOGNITION_PROPOSED) and (
            r.votes_for is None or r.votes_against is None
        ):
            work.problem(
                location, r, "votes_for" if r.votes_for is None else "votes_against", _("Thiếu số phiếu")
            )
            return
        call = self.step_call(location, r, candidate, corrects, org, person, event)
        if call is not None:
            work.written(location, r, call)

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
        """The service that writes the step ``r``, with the file's uid and recorded_at."""
        on, override = r.effective_on, Override.of(r)
        common: dict[str, Any] = {
            "legal_basis": LegalBasis.of(r),
            "recorded_by": r.recorded_by,
            "corrects": corrects,
            "note": r.note,
            "uid": r.uid,
            "recorded_at": r.recorded_at,
        }
        kind = r.kind
        if kind == S.AWARENESS_COURSE:
            return lambda: services.record_course.within(candidate, on, **common)
        if kind == S.SYMPATHIZER:
            return lambda: services.record_sympathizer.within(candidate, on, mentor=person, **common)
        if kind == S.APPLICATION:
            return lambda: services.record_application.within(candidate, on, **common)
        if kind == S.INTRODUCER:
            return lambda: services.record_introducer.within(
                candidate,
                on,
                kind=r.detail,
                introducer=person,
                worked_together_since=r.since,
                override=override,
                **common,
            )
        if kind == S.VERIFIED:
            return lambda: services.record_verification.within(candidate, on, override=override, **common)
        if kind in (S.CELL_RESOLVED, S.RECOGNITION_PROPOSED):
            service = services.record_cell_resolution
            if kind == S.RECOGNITION_PROPOSED:
                service = services.record_recognition_proposal
            return lambda: service.within(
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
            return lambda: services.record_decision.within(
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
            return lambda: services.record_ceremony.within(
                candidate, on, existing_event=event, override=override, **common
            )
        if kind == S.RECOGNIZED:
            assert org is not None
            return lambda: services.record_recognition.within(
                candidate,
                on,
                deciding_organization=org,
                extended=r.extended,
                existing_event=event,
                override=override,
                **common,
            )
        if kind == S.STOPPED:
            del common["corrects"]
            return lambda: services.stop.within(candidate, on, reason=r.detail, **common)
        if kind == S.VOIDED:
            return self.void_call(location, r, corrects)
        self.work.problem(location, r, "kind", _("Bước giới thiệu ghi cùng hồ sơ ở trang “Quần chúng ưu tú”"))
        return None

    def void_call(
        self, location: Location | None, r: CandidateStepRecord, wrong: CandidateStep | None
    ) -> Callable[[], CandidateStep] | None:
        """Withdraw ``wrong``. The member's event it recorded is voided on the sheet "Sự kiện" of the
        same file (before the step): the service then checks that and voids only the step."""
        if wrong is None:
            self.work.problem(location, r, "corrects", _("Cần mã bước bị hủy"))
            return None
        event = wrong.membership_event
        if event is not None and not event.corrections.exists():
            reason = _("Sự kiện “%(uid)s” của bước bị hủy phải được hủy cùng (trang “Sự kiện”)") % {
                "uid": event.uid
            }
            self.work.problem(location, r, "corrects", reason)
            return None
        return lambda: services.void_step.within(
            wrong,
            recorded_by=r.recorded_by,
            note=r.note,
            legal_basis=LegalBasis.of(r),
            event_voided=event is not None,
            uid=r.uid,
            recorded_at=r.recorded_at,
        )

    def apply_source_plan(self, location: Location | None, r: SourcePlanRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        org = work.org(location, r, "organization")
        corrects = work.by_uid(SourcePlan, location, r, "corrects", gettext_noop("kế hoạch tạo nguồn"))
        if not 1930 <= r.year <= 9999:
            work.problem(location, r, "year", _("Năm không hợp lệ: %(year)s") % {"year": r.year})
            return
        if org is None or (r.corrects and corrects is None):
            return
        work.written(
            location,
            r,
            lambda: services.set_source_plan.within(
                org,
                r.year,
                r.planned,
                recorded_by=r.recorded_by,
                legal_basis=LegalBasis.of(r),
                corrects=corrects,
                withdrawn=r.withdrawn,
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
            ),
        )


def candidate_record(c: Candidate, codes: Codes) -> CandidateRecord:
    return CandidateRecord(
        **shared_fields(c, codes, CandidateRecord),
        person=codes.person(c.person_id),
        organization=codes.org(c.organization_id),
        introduced_by=c.introduced_by,
        introduced_on=c.introduced_on,
        introducing_body=c.introducing_body,
    )


def step_record(s: CandidateStep, codes: Codes) -> CandidateStepRecord:
    return CandidateStepRecord(
        **shared_fields(s, codes, CandidateStepRecord),
        candidate=codes.uid(Candidate, s.candidate_id),
        kind=s.kind,
        effective_on=s.effective_on,
        organization=codes.org(s.organization_id),
        person=codes.person(s.person_id),
        detail=s.detail,
        since=s.since,
        received_on=s.received_on,
        extended=s.extended,
        votes_for=s.votes_for,
        votes_against=s.votes_against,
        votes_total=s.votes_total,
        membership_event=codes.uid(MembershipEvent, s.membership_event_id),
    )


def source_plan_record(p: SourcePlan, codes: Codes) -> SourcePlanRecord:
    return SourcePlanRecord(
        **shared_fields(p, codes, SourcePlanRecord),
        organization=codes.org(p.organization_id),
        year=p.year,
        planned=p.planned,
    )


KITS = (RecruitmentKit,)
