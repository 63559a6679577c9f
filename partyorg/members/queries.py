"""Questions about a person on a date, answered from their folded log."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus, Person
from partyorg.members.services import timeline_of
from partyorg.members.timeline import Timeline
from partyorg.organizations.models import Organization, OrgVersion, valid_on
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


def due_in(org_ids: Collection[int], on: date) -> list[tuple[Person, str, str, date]]:
    """(person, organization name, what, due day) for the members held on ``on`` by ``org_ids``
    whose recognition as official is to be proposed (probationary, RULES.md §2.3) or whose transfer
    letter is still to be presented at the destination (in transit, §2.6): one query for the
    members, one for their last ceremony or transfer out, whatever the number of members."""
    held = {
        interval.person_id: interval
        for interval in MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
        .filter(Q(status=MemberStatus.PROBATIONARY) | Q(in_transit=True))
        .select_related("person")
        .only("person_id", "organization_id", "status", "in_transit", "person__code", "person__full_name")
    }
    events = MembershipEvent.objects.filter(
        person_id__in=held,
        kind__in=(EventKind.ADMISSION_CEREMONY, EventKind.TRANSFER_OUT),
        effective_on__lte=on,
        corrections__isnull=True,
    ).values_list("person_id", "kind", "effective_on")
    last: dict[tuple[int, str], date] = {}
    for person_id, kind, day in events:
        last[person_id, kind] = max(day, last.get((person_id, kind), day))
    names = dict(
        OrgVersion.objects.filter(
            valid_on(on), organization_id__in={i.organization_id for i in held.values()}
        ).values_list("organization_id", "name")
    )
    found = []
    for person_id, interval in held.items():
        name = names.get(interval.organization_id, "")
        if interval.in_transit and (person_id, EventKind.TRANSFER_OUT) in last:
            due = transfers.transfer_report_deadline(last[person_id, EventKind.TRANSFER_OUT])
            found.append((interval.person, name, "Trình giấy giới thiệu sinh hoạt đảng ở nơi đến", due))
        if interval.status == MemberStatus.PROBATIONARY and (person_id, EventKind.ADMISSION_CEREMONY) in last:
            due = probation.recognition_proposal_deadline(last[person_id, EventKind.ADMISSION_CEREMONY])
            found.append((interval.person, name, "Xét công nhận đảng viên chính thức", due))
    return found
