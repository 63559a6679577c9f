"""Commands of the recruitment pipeline: one step, one transaction, one appended row.

Each command replays the candidate's steps (:mod:`partyorg.recruitment.pipeline`), checks the rules
of the step (:mod:`partyorg.rules.admission`, :mod:`partyorg.rules.recruitment`,
:mod:`partyorg.rules.probation`) and appends a :class:`CandidateStep`. A rule refuses with its
Vietnamese :class:`~partyorg.rules.base.RuleViolation` unless the officer gives an
:class:`~partyorg.core.records.Override` naming that rule with a reason, which is kept on the
step. A step that contradicts the pipeline itself (a ceremony without a decision) is refused with
:class:`StepRefused`. The decision, the ceremony and the recognition append the person's membership
events through :func:`partyorg.members.services.record_event`, so the member's record opens from
the pipeline without typing anything twice.

A wrong step is corrected by calling the same command again with ``corrects=`` the wrong step (the
checks then read the pipeline without it), or withdrawn by :func:`void_step`.

Every command takes ``uid`` and ``recorded_at`` (a fresh uid and now when not given): an import
keeps the file's (:mod:`partyorg.recruitment.interchange`). A step that records a member's event
takes the event already in the log instead (``existing_event``), as an import that carries it.

Each command is one durable transaction (:func:`partyorg.core.commands.command`); a larger one
calls a smaller one ``.within`` (a new candidate is added so, a withdrawal voids the member's event
so), and so do the import and the demo, inside transactions of their own. The module has no batch
command: the demo records its candidates one by one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from partyorg.core.commands import command
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Override, Refused, overridable
from partyorg.members import services as members
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus, Person
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgKind, valid_on
from partyorg.organizations.queries import path, version_on
from partyorg.recruitment.models import (
    Candidate,
    CandidateStage,
    CandidateStep,
    IntroducedBy,
    IntroducerKind,
    SourcePlan,
    StopReason,
)
from partyorg.recruitment.pipeline import PipelineState, StepFact, fold
from partyorg.rules import admission, probation
from partyorg.rules import recruitment as rules
from partyorg.rules._dates import fmt

S = CandidateStage

__all__ = [
    "Introduction",
    "LegalBasis",
    "Override",
    "PlanRefused",
    "StepRefused",
    "add_candidate",
    "add_new_candidate",
    "official_members_of",
    "record_application",
    "record_cell_resolution",
    "record_ceremony",
    "record_course",
    "record_decision",
    "record_introducer",
    "record_recognition",
    "record_recognition_proposal",
    "record_sympathizer",
    "record_verification",
    "set_source_plan",
    "state_of",
    "stop",
    "void_step",
]


class StepRefused(Refused):
    """The step contradicts the candidate's pipeline; the message is Vietnamese."""


class PlanRefused(Refused):
    """The source plan entry is not well formed; the message is Vietnamese."""


@dataclass(frozen=True)
class Introduction:
    """The introduction step of a new candidate as an import carries it: its own uid, when and by
    whom it was recorded, its note (else the candidate's stamp, and the introducing body as note)."""

    uid: uuid.UUID | str
    recorded_at: datetime
    recorded_by: str
    note: str


# --- reading the pipeline ---------------------------------------------------------------------


def step_facts(candidate_ids: list[int]) -> dict[int, list[StepFact]]:
    """candidate id -> its steps as facts, in two queries' worth of rows (steps, introducers' names)."""
    rows = CandidateStep.objects.filter(candidate_id__in=candidate_ids).values_list(
        "candidate_id",
        "pk",
        "kind",
        "effective_on",
        "detail",
        "person__full_name",
        "basis_issuer",
        "received_on",
        "corrects_id",
    )
    found: dict[int, list[StepFact]] = {pk: [] for pk in candidate_ids}
    for candidate_id, pk, kind, day, detail, name, issuer, received, corrects in rows:
        found[candidate_id].append(StepFact(pk, kind, day, detail, name or issuer, received, corrects))
    return found


def state_of(
    candidate: Candidate, on: date | None = None, *, without: CandidateStep | None = None
) -> PipelineState:
    """The candidate's state from its effective steps (dated on or before ``on``), leaving out
    ``without`` (the step a correction replaces)."""
    facts = step_facts([candidate.pk])[candidate.pk]
    if without is not None:
        facts = [f for f in facts if f.id != without.pk]
    return fold(facts, on)


def official_members_of(org: Organization, on: date) -> int:
    """Official members held by ``org`` on ``on`` (not in transit): the denominator of the cell's vote."""
    return (
        MembershipInterval.objects.filter(
            valid_on(on), organization=org, status=MemberStatus.OFFICIAL, in_transit=False
        )
        .values("person_id")
        .distinct()
        .count()
    )


def is_official_member(person: Person, on: date) -> bool:
    return MembershipInterval.objects.filter(
        valid_on(on), person=person, status=MemberStatus.OFFICIAL
    ).exists()


# --- shared checks ------------------------------------------------------------------------------


class _Checks:
    """Runs rule checks (:func:`~partyorg.core.records.overridable`), letting through the one rule
    the officer overrode with a reason; the override is kept on the step only when a rule needed it."""

    def __init__(self, override: Override | None) -> None:
        self.override = override
        self.used = False

    def __call__(self, check: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        if overridable(lambda: check(*args, **kwargs), self.override):
            self.used = True

    @property
    def kept(self) -> Override | None:
        return self.override if self.used else None


def _open_state(candidate: Candidate, on: date, corrects: CandidateStep | None) -> PipelineState:
    if corrects is not None:
        if corrects.candidate_id != candidate.pk:
            raise StepRefused(_("Bước cần sửa không thuộc hồ sơ của quần chúng này."))
        if corrects.corrections.exists():
            raise StepRefused(_("Bước này đã được sửa hoặc hủy; hãy sửa bản ghi mới nhất."))
    if on < candidate.introduced_on:
        raise StepRefused(
            _("Ngày %(day)s trước ngày quần chúng được giới thiệu (%(introduced)s).")
            % {"day": fmt(on), "introduced": fmt(candidate.introduced_on)}
        )
    state = state_of(candidate, without=corrects)
    if state.stopped is not None:
        raise StepRefused(
            _("Hồ sơ đã dừng xem xét từ ngày %(day)s.") % {"day": fmt(state.stopped.effective_on)}
        )
    return state


def _once(state: PipelineState, kind: str) -> None:
    if kind in state.last:
        raise StepRefused(
            _("Đã ghi “%(step)s” ngày %(day)s; hãy sửa bản ghi đó thay vì ghi thêm.")
            % {"step": CandidateStage(kind).label, "day": fmt(state.last[kind].effective_on)}
        )


def _requires(state: PipelineState, kind: str, on: date, what: str) -> StepFact:
    step = state.last.get(kind)
    if step is None:
        raise StepRefused(
            _("Chưa có “%(step)s”; chưa thể ghi %(what)s.")
            % {"step": CandidateStage(kind).label, "what": what}
        )
    if step.effective_on > on:
        raise StepRefused(
            _("%(what)s ngày %(day)s trước “%(step)s” ngày %(then)s.")
            % {
                "what": what[:1].upper() + what[1:],
                "day": fmt(on),
                "step": CandidateStage(kind).label,
                "then": fmt(step.effective_on),
            }
        )
    return step


def _append(
    candidate: Candidate,
    kind: str,
    on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    checks: _Checks | None = None,
    corrects: CandidateStep | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
    **fields: Any,
) -> CandidateStep:
    return CandidateStep.objects.create(
        candidate=candidate,
        kind=kind,
        effective_on=on,
        **legal_basis.as_fields(),
        **stamp(uid, recorded_at),
        recorded_by=recorded_by,
        corrects=corrects,
        **Override.fields_of(checks.kept if checks else None),
        note=note,
        **fields,
    )


# --- the candidate ------------------------------------------------------------------------------


@command
def add_candidate(
    person: Person,
    organization: Organization,
    *,
    introduced_by: str,
    introduced_on: date,
    recorded_by: str,
    introducing_body: str = "",
    legal_basis: LegalBasis | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
    introduction: Introduction | None = None,
) -> Candidate:
    """Record ``person`` as an outstanding candidate of the cell ``organization`` (RULES.md §2.2 step 1),
    with its introduction step (stamped as ``introduction`` says, else as the candidate)."""
    if introduced_by not in IntroducedBy.values:
        raise StepRefused(_("Tổ chức giới thiệu không hợp lệ: %(value)s.") % {"value": introduced_by})
    version = version_on(organization, introduced_on)
    if version is None:
        raise StepRefused(
            _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.")
            % {"code": organization.code, "day": fmt(introduced_on)}
        )
    if version.kind not in MEMBER_HOLDING_KINDS:
        raise StepRefused(
            _("Quần chúng ưu tú được giới thiệu về một chi bộ; %(name)s là %(kind)s.")
            % {"name": version.name, "kind": OrgKind(version.kind).label.lower()}
        )
    timeline = members.timeline_of(person)
    if timeline.first_decision_on is not None and timeline.first_decision_on <= introduced_on:
        raise StepRefused(
            _(
                "%(name)s đã có quyết định kết nạp ngày %(day)s; kết nạp lại theo quy định riêng "
                "(RULES.md §2.12), không qua danh sách quần chúng ưu tú."
            )
            % {"name": person.full_name, "day": fmt(timeline.first_decision_on)}
        )
    for other in Candidate.objects.filter(person=person):
        state = state_of(other)
        if state.stopped is None and state.stage != S.RECOGNIZED:
            raise StepRefused(
                _("%(name)s đang là quần chúng ưu tú của tổ chức %(code)s từ ngày %(day)s.")
                % {"name": person.full_name, "code": other.organization.code, "day": fmt(other.introduced_on)}
            )
    candidate = Candidate.objects.create(
        person=person,
        organization=organization,
        introduced_by=introduced_by,
        introduced_on=introduced_on,
        introducing_body=introducing_body,
        note=note,
        **stamp(uid, recorded_at),
        recorded_by=recorded_by,
    )
    _append(
        candidate,
        S.INTRODUCED,
        introduced_on,
        legal_basis=legal_basis or LegalBasis(),
        recorded_by=introduction.recorded_by if introduction else recorded_by,
        organization=organization,
        detail=introduced_by,
        note=introduction.note if introduction else introducing_body,
        uid=introduction.uid if introduction else None,
        recorded_at=introduction.recorded_at if introduction else candidate.recorded_at,
    )
    return candidate


@command
def add_new_candidate(
    organization: Organization,
    *,
    code: str,
    full_name: str,
    sex: str,
    birth_date: date,
    introduced_by: str,
    introduced_on: date,
    recorded_by: str,
    introducing_body: str = "",
    legal_basis: LegalBasis | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
    **person_attributes: Any,
) -> Candidate:
    """Create the person (``members.services.create_person``) and record them as a candidate.

    A code already used is refused without saying so: the person it names may be outside what
    the officer may see, and "already there" would tell them it exists. (The web page names the
    person when the officer does see them.)"""
    if Person.objects.filter(code=code).exists():
        raise StepRefused(_("Mã hồ sơ %(code)s không dùng được; hãy chọn mã khác.") % {"code": code})
    person = members.create_person(
        code=code, full_name=full_name, sex=sex, birth_date=birth_date, **person_attributes
    )
    return add_candidate.within(
        person,
        organization,
        introduced_by=introduced_by,
        introduced_on=introduced_on,
        recorded_by=recorded_by,
        introducing_body=introducing_body,
        legal_basis=legal_basis,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
    )


# --- the file -----------------------------------------------------------------------------------


@command
def record_course(
    candidate: Candidate,
    certificate_on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    corrects: CandidateStep | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The awareness course's certificate (HD 61-HD/BTGTW): its date, number and issuer (the
    political centre) as the legal basis. Its validity is checked when the cell considers the file."""
    _open_state(candidate, certificate_on, corrects)
    return _append(
        candidate,
        S.AWARENESS_COURSE,
        certificate_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        corrects=corrects,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def record_sympathizer(
    candidate: Candidate,
    on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    mentor: Person | None = None,
    corrects: CandidateStep | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The cell takes the candidate as a sympathizer (cảm tình Đảng) and assigns a member to help
    (RULES.md §2.2 step 3, [P]); the mentor is recorded, not judged."""
    _open_state(candidate, on, corrects)
    return _append(
        candidate,
        S.SYMPATHIZER,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        corrects=corrects,
        note=note,
        person=mentor,
        organization=candidate.organization,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def record_application(
    candidate: Candidate,
    on: date,
    *,
    recorded_by: str,
    legal_basis: LegalBasis | None = None,
    corrects: CandidateStep | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The application (đơn xin vào Đảng) and personal history (lý lịch) are handed in."""
    _open_state(candidate, on, corrects)
    return _append(
        candidate,
        S.APPLICATION,
        on,
        legal_basis=legal_basis or LegalBasis(),
        recorded_by=recorded_by,
        corrects=corrects,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def record_introducer(
    candidate: Candidate,
    on: date,
    *,
    kind: str,
    recorded_by: str,
    legal_basis: LegalBasis | None = None,
    introducer: Person | None = None,
    worked_together_since: date | None = None,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """An introduction: by an official member who has worked with the applicant ≥ 12 months
    (Charter Art. 4 [V], checked against the member records on ``on``), or a Youth Union / trade
    union resolution (its number, date and issuing committee as the legal basis)."""
    state = _open_state(candidate, on, corrects)
    basis = legal_basis or LegalBasis()
    checks = _Checks(override)
    if kind not in IntroducerKind.values:
        raise StepRefused(_("Loại giới thiệu không hợp lệ: %(value)s.") % {"value": kind})
    if kind == IntroducerKind.MEMBER:
        if introducer is None:
            raise StepRefused(_("Cần ghi đảng viên giới thiệu."))
        if introducer.pk == candidate.person_id:
            raise StepRefused(_("Người vào Đảng không thể tự giới thiệu mình."))
        if any(i.kind == rules.MEMBER and i.name == introducer.full_name for i in state.introductions):
            raise StepRefused(_("%(name)s đã giới thiệu người này.") % {"name": introducer.full_name})
        checks(
            rules.check_member_introducer,
            introducer.full_name,
            official_on_day=is_official_member(introducer, on),
            worked_together_since=worked_together_since,
            introduced_on=on,
        )
    elif not basis.issuer:
        raise StepRefused(_("Nghị quyết giới thiệu cần ghi Ban Chấp hành Đoàn hoặc Công đoàn ban hành."))
    return _append(
        candidate,
        S.INTRODUCER,
        on,
        legal_basis=basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        detail=kind,
        person=introducer if kind == IntroducerKind.MEMBER else None,
        since=worked_together_since,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def record_verification(
    candidate: Candidate,
    on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """Background verification (thẩm tra lý lịch) concluded; the conclusion goes in ``note``."""
    state = _open_state(candidate, on, corrects)
    checks = _Checks(override)
    checks(rules.check_sympathizer_period, state.on(S.SYMPATHIZER), on)
    return _append(
        candidate,
        S.VERIFIED,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        organization=candidate.organization,
        uid=uid,
        recorded_at=recorded_at,
    )


# --- the cell, the decision, the ceremony ------------------------------------------------------------


@command
def record_cell_resolution(
    candidate: Candidate,
    on: date,
    *,
    votes_for: int,
    votes_against: int,
    legal_basis: LegalBasis,
    recorded_by: str,
    votes_total: int | None = None,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The cell's resolution proposing admission, with its vote. Checks, on the day the cell
    considers the file: age and education (QĐ 24 §1.1.1), the course certificate and its validity,
    the introductions (number, freshness), the background verification, and two thirds of the
    cell's official members approving (``votes_total`` defaults to the official members the records
    hold in the cell that day)."""
    state = _open_state(candidate, on, corrects)
    _once(state, S.CELL_RESOLVED)
    person = candidate.person
    checks = _Checks(override)
    checks(admission.check_admission_age, person.birth_date, on)
    if person.general_education:
        facts = members.person_facts(person)
        checks(
            admission.check_general_education, facts.general_education, exception_area=facts.exception_area
        )
    checks(rules.check_certificate_valid, state.on(S.AWARENESS_COURSE), on)
    checks(rules.check_introducers, [i for i in state.introductions if i.made_on <= on], on)
    _requires(state, S.APPLICATION, on, _("nghị quyết của chi bộ"))
    _requires(state, S.VERIFIED, on, _("nghị quyết của chi bộ"))
    total = official_members_of(candidate.organization, on) if votes_total is None else votes_total
    checks(rules.check_admission_vote, votes_for, votes_against, total)
    return _append(
        candidate,
        S.CELL_RESOLVED,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        organization=candidate.organization,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_total=total,
        uid=uid,
        recorded_at=recorded_at,
    )


def _member_event(
    candidate: Candidate,
    kind: str,
    on: date,
    *,
    existing: MembershipEvent | None,
    wrong: CandidateStep | None,
    legal_basis: LegalBasis,
    recorded_by: str,
    override: Override | None,
    note: str,
    **fields: Any,
) -> MembershipEvent:
    """Record the member's event of a step, or link the one already in the log (``existing``)."""
    if existing is not None:
        if existing.person_id != candidate.person_id or existing.kind != kind or existing.effective_on != on:
            raise StepRefused(
                _("Sự kiện đã có không khớp: cần “%(kind)s” ngày %(day)s của %(name)s.")
                % {"kind": EventKind(kind).label, "day": fmt(on), "name": candidate.person.full_name}
            )
        return existing
    return members.record_event.within(
        candidate.person,
        kind,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        corrects=wrong.membership_event if wrong is not None else None,
        override=override,
        note=note,
        **fields,
    )


@command
def record_decision(
    candidate: Candidate,
    on: date,
    *,
    deciding_organization: Organization,
    legal_basis: LegalBasis,
    recorded_by: str,
    received_on: date | None = None,
    extended: bool = False,
    existing_event: MembershipEvent | None = None,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The competent committee's admission decision, within 60 working days of the cell's resolution
    (+30 in a special case: ``extended``), QĐ 29 §4.3.1 [V]. Appends the person's
    ``ADMISSION_DECIDED`` event at the candidate's cell (the organization the decision puts them in;
    the deciding committee is the step's organization and the decision's issuer). ``received_on``:
    the day the cell received the decision, from which the ceremony's 30 working days run."""
    state = _open_state(candidate, on, corrects)
    _once(state, S.DECIDED)
    resolved = _requires(state, S.CELL_RESOLVED, on, _("quyết định kết nạp"))
    received = received_on or on
    if received < on:
        raise StepRefused(
            _("Ngày nhận quyết định (%(received)s) trước ngày quyết định (%(day)s).")
            % {"received": fmt(received), "day": fmt(on)}
        )
    cell_path = [v.organization_id for v in path(candidate.organization, on)]
    if deciding_organization.pk not in cell_path[:-1]:
        raise StepRefused(
            _("Tổ chức %(code)s không phải cấp ủy cấp trên của chi bộ %(cell)s vào ngày %(day)s.")
            % {"code": deciding_organization.code, "cell": candidate.organization.code, "day": fmt(on)}
        )
    checks = _Checks(override)
    checks(rules.check_decision_on_time, resolved.effective_on, on, extended=extended)
    event = _member_event(
        candidate,
        EventKind.ADMISSION_DECIDED,
        on,
        existing=existing_event,
        wrong=corrects,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        override=override,
        note=note,
        organization=candidate.organization,
    )
    return _append(
        candidate,
        S.DECIDED,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        organization=deciding_organization,
        received_on=received,
        extended=extended,
        membership_event=event,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def record_ceremony(
    candidate: Candidate,
    on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    existing_event: MembershipEvent | None = None,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The admission ceremony, within 30 working days of receiving the decision (QĐ 232 §4.1 [V]);
    later only with the direct superior's consent (an override with its reason). Appends the
    person's ``ADMISSION_CEREMONY`` event: from this day they are a probationary member."""
    state = _open_state(candidate, on, corrects)
    _once(state, S.CEREMONY)
    decided = _requires(state, S.DECIDED, on, _("lễ kết nạp"))
    received = decided.received_on or decided.effective_on
    if on < received:
        raise StepRefused(
            _("Lễ kết nạp ngày %(day)s trước ngày chi bộ nhận quyết định (%(received)s).")
            % {"day": fmt(on), "received": fmt(received)}
        )
    checks = _Checks(override)
    checks(admission.check_ceremony_on_time, received, on)
    member_override = override
    if member_override is None and on > admission.ceremony_deadline(decided.effective_on):
        # The member log measures the 30 working days from the decision's date; the pipeline knows
        # the day the cell received it, which is what QĐ 232 §4.1 counts from.
        member_override = Override(
            admission.CEREMONY_DEADLINE_RULE.code,
            f"Đúng hạn 30 ngày làm việc kể từ ngày chi bộ nhận quyết định ({fmt(received)}).",
        )
    event = _member_event(
        candidate,
        EventKind.ADMISSION_CEREMONY,
        on,
        existing=existing_event,
        wrong=corrects,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        override=member_override,
        note=note,
    )
    return _append(
        candidate,
        S.CEREMONY,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        organization=candidate.organization,
        membership_event=event,
        uid=uid,
        recorded_at=recorded_at,
    )


# --- probation and recognition -----------------------------------------------------------------


@command
def record_recognition_proposal(
    candidate: Candidate,
    on: date,
    *,
    votes_for: int,
    votes_against: int,
    legal_basis: LegalBasis,
    recorded_by: str,
    votes_total: int | None = None,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The cell's resolution proposing recognition as official, once the 12 months of probation are
    over (QĐ 29 §4.2a: within 30 working days; a late one is still recorded, §4.2b), approved by two
    thirds of the cell's official members (QĐ 29 §4.2c [V])."""
    state = _open_state(candidate, on, corrects)
    _once(state, S.RECOGNITION_PROPOSED)
    ceremony = _requires(state, S.CEREMONY, on, _("đề nghị công nhận chính thức"))
    checks = _Checks(override)
    checks(rules.check_recognition_proposal_window, ceremony.effective_on, on)
    total = official_members_of(candidate.organization, on) if votes_total is None else votes_total
    checks(rules.check_recognition_vote, votes_for, votes_against, total)
    return _append(
        candidate,
        S.RECOGNITION_PROPOSED,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        organization=candidate.organization,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_total=total,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def record_recognition(
    candidate: Candidate,
    on: date,
    *,
    deciding_organization: Organization,
    legal_basis: LegalBasis,
    recorded_by: str,
    extended: bool = False,
    existing_event: MembershipEvent | None = None,
    corrects: CandidateStep | None = None,
    override: Override | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The competent committee's recognition decision of ``on``, within 30 (+30) working days of the
    cell's proposal (QĐ 29 §4.3.1 [V]). The person's ``RECOGNIZED_OFFICIAL`` event takes effect at
    the end of the 12 months of probation, whatever the decision's date (QĐ 29 §4.2b [V])."""
    state = _open_state(candidate, on, corrects)
    _once(state, S.RECOGNIZED)
    proposed = _requires(state, S.RECOGNITION_PROPOSED, on, _("quyết định công nhận chính thức"))
    ceremony = state.last[S.CEREMONY]
    checks = _Checks(override)
    checks(rules.check_recognition_decision_on_time, proposed.effective_on, on, extended=extended)
    event = _member_event(
        candidate,
        EventKind.RECOGNIZED_OFFICIAL,
        probation.recognition_effective_on(ceremony.effective_on),
        existing=existing_event,
        wrong=corrects,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        override=override,
        note=note,
    )
    return _append(
        candidate,
        S.RECOGNIZED,
        on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        checks=checks,
        corrects=corrects,
        note=note,
        organization=deciding_organization,
        extended=extended,
        membership_event=event,
        uid=uid,
        recorded_at=recorded_at,
    )


# --- stopping, withdrawing ------------------------------------------------------------------------


@command
def stop(
    candidate: Candidate,
    on: date,
    *,
    reason: str,
    recorded_by: str,
    legal_basis: LegalBasis | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """The candidate leaves the pipeline (declined, not proposed, refused, moved away…)."""
    if reason not in StopReason.values:
        raise StepRefused(_("Lý do dừng không hợp lệ: %(value)s.") % {"value": reason})
    state = _open_state(candidate, on, None)
    if state.stage in (S.CEREMONY, S.RECOGNITION_PROPOSED, S.RECOGNIZED):
        raise StepRefused(
            _(
                "Người này đã là đảng viên; việc xóa tên đảng viên dự bị ghi vào hồ sơ đảng viên "
                "(RULES.md §2.3)."
            )
        )
    return _append(
        candidate,
        S.STOPPED,
        on,
        legal_basis=legal_basis or LegalBasis(),
        recorded_by=recorded_by,
        note=note,
        detail=reason,
        uid=uid,
        recorded_at=recorded_at,
    )


@command
def void_step(
    wrong: CandidateStep,
    *,
    recorded_by: str,
    note: str,
    legal_basis: LegalBasis | None = None,
    event_voided: bool = False,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CandidateStep:
    """Withdraw a step recorded in error; a step that recorded a member's event voids that event too,
    unless ``event_voided``: an import voids it on its own sheet, before the step."""
    if not note.strip():
        raise StepRefused(_("Cần ghi lý do hủy bản ghi."))
    if wrong.kind in (S.INTRODUCED, S.VOIDED):
        raise StepRefused(_("Không thể hủy bản ghi này; hãy ghi “Dừng xem xét” hoặc sửa bản ghi."))
    if wrong.corrections.exists():
        raise StepRefused(_("Bước này đã được sửa hoặc hủy; hãy sửa bản ghi mới nhất."))
    basis = legal_basis or LegalBasis()
    event = wrong.membership_event
    if event is not None and event_voided:
        if not event.corrections.exists():
            raise StepRefused(_("Sự kiện của đảng viên mà bước này đã ghi chưa được hủy."))
    elif event is not None:
        # The event as it stands now: a paper issued for it, or a correction, wrote a later row.
        standing = members.row_in_force(event)
        if standing.kind != EventKind.VOIDED:
            members.void_event.within(standing, recorded_by=recorded_by, legal_basis=basis, note=note)
    return _append(
        wrong.candidate,
        S.VOIDED,
        wrong.effective_on,
        legal_basis=basis,
        recorded_by=recorded_by,
        corrects=wrong,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
    )


# --- the source plan ------------------------------------------------------------------------------


@command
def set_source_plan(
    organization: Organization,
    year: int,
    planned: int,
    *,
    recorded_by: str,
    legal_basis: LegalBasis | None = None,
    corrects: SourcePlan | None = None,
    withdrawn: bool = False,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> SourcePlan:
    """Enter (or correct, or withdraw) how many candidates ``organization`` plans to prepare in ``year``."""
    if planned < 0:
        raise PlanRefused(_("Số quần chúng dự kiến không được âm."))
    if (
        version_on(organization, date(year, 12, 31)) is None
        and version_on(organization, date(year, 1, 1)) is None
    ):
        raise PlanRefused(
            _("Tổ chức %(code)s không tồn tại trong năm %(year)s.")
            % {"code": organization.code, "year": year}
        )
    if corrects is not None:
        if corrects.corrections.exists():
            raise PlanRefused(_("Kế hoạch này đã được sửa; hãy sửa bản ghi mới nhất."))
        if (corrects.organization_id, corrects.year) != (organization.pk, year):
            raise PlanRefused(_("Bản sửa phải cùng tổ chức và cùng năm với kế hoạch được sửa."))
    elif SourcePlan.objects.filter(organization=organization, year=year, corrections__isnull=True).exists():
        raise PlanRefused(
            _("Tổ chức %(code)s đã có kế hoạch tạo nguồn năm %(year)s; hãy sửa kế hoạch đó.")
            % {"code": organization.code, "year": year}
        )
    basis = legal_basis or LegalBasis()
    return SourcePlan.objects.create(
        organization=organization,
        year=year,
        planned=planned,
        corrects=corrects,
        withdrawn=withdrawn,
        note=note,
        **basis.as_fields(),
        **stamp(uid, recorded_at),
        recorded_by=recorded_by,
    )
