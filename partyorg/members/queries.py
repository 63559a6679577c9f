"""Questions about a person on a date, answered from their folded log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from partyorg.members.models import EventKind, MemberStatus, Person
from partyorg.members.services import timeline_of
from partyorg.members.timeline import Timeline
from partyorg.organizations.models import Organization, OrgVersion
from partyorg.organizations.services import version_on
from partyorg.rules import admission, badges, party_age, probation, transfers


@dataclass(frozen=True)
class Deadline:
    code: str
    title: str  # Vietnamese
    due_on: date
    overdue: bool


@dataclass
class PersonOnDate:
    person: Person
    on: date
    is_member: bool
    status: str  # MemberStatus value, "" when not a member
    organization: OrgVersion | None
    in_transit: bool
    is_exempt: bool
    is_suspended: bool
    temporary_organization: OrgVersion | None
    temporary_place: str
    first_decision_on: date | None
    party_age: party_age.PartyAge | None  # only for official members (RULES.md §2.4)
    recognition_due_on: date | None
    next_badge: badges.BadgeDue | None
    deadlines: list[Deadline] = field(default_factory=list)
    deceased: bool = False

    @property
    def status_label(self) -> str:
        if self.deceased:
            return "Đã từ trần"
        if not self.is_member:
            return "Không phải đảng viên"
        return str(MemberStatus(self.status).label)


def _org_version(org_id: int | None, on: date) -> OrgVersion | None:
    if not org_id:
        return None
    return version_on(Organization(pk=org_id), on)


def person_on(person: Person, on: date, timeline: Timeline | None = None) -> PersonOnDate:
    t = timeline or timeline_of(person)
    state = t.state_on(on)
    gaps = t.closed_gaps(on)
    official = state.member and state.status == MemberStatus.OFFICIAL
    age = party_age.party_age(t.first_decision_on, gaps, on) if official and t.first_decision_on else None
    ceremony = t.last(EventKind.ADMISSION_CEREMONY, before=on)
    recognition_due = (
        probation.recognition_effective_on(ceremony.effective_on)
        if state.member and state.status == MemberStatus.PROBATIONARY and ceremony
        else None
    )
    next_badge = (
        badges.next_badge(t.first_decision_on, gaps, on, awarded=t.badges)
        if state.member and t.first_decision_on
        else None
    )
    result = PersonOnDate(
        person=person,
        on=on,
        is_member=state.member,
        status=state.status if state.member else "",
        organization=_org_version(state.organization_id, on),
        in_transit=state.in_transit,
        is_exempt=state.exempt,
        is_suspended=state.suspended,
        temporary_organization=_org_version(state.temporary_organization_id, on),
        temporary_place=state.temporary_place,
        first_decision_on=t.first_decision_on,
        party_age=age,
        recognition_due_on=recognition_due,
        next_badge=next_badge,
        deceased=state.deceased,
    )
    result.deadlines = open_deadlines(t, on)
    return result


def open_deadlines(t: Timeline, on: date) -> list[Deadline]:
    """Deadlines still open on ``on``: ceremony, recognition proposal, transfer report."""
    state = t.state_on(on)
    found: list[Deadline] = []
    if state.pending_since is not None:
        due = admission.ceremony_deadline(state.pending_since)
        found.append(Deadline("admission.ceremony_deadline", "Tổ chức lễ kết nạp", due, on > due))
    ceremony = t.last(EventKind.ADMISSION_CEREMONY, before=on)
    if state.member and state.status == MemberStatus.PROBATIONARY and ceremony:
        due = probation.recognition_proposal_deadline(ceremony.effective_on)
        found.append(
            Deadline("probation.recognition_deadline", "Xét công nhận đảng viên chính thức", due, on > due)
        )
    if state.in_transit:
        out = t.last(EventKind.TRANSFER_OUT, before=on)
        if out is not None:
            due = transfers.transfer_report_deadline(out.effective_on)
            found.append(
                Deadline(
                    "transfers.report_deadline",
                    "Trình giấy giới thiệu sinh hoạt đảng ở nơi đến",
                    due,
                    on > due,
                )
            )
    return found
