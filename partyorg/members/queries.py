"""Questions about a person on a date, answered from their folded log."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from partyorg.members import stock
from partyorg.members.models import (
    PATH_DEPTH,
    EventKind,
    MembershipEvent,
    MembershipInterval,
    MemberStatus,
    Person,
    StockFact,
)
from partyorg.members.services import timeline_of
from partyorg.members.timeline import Timeline
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.organizations.services import subtree_ids, version_on
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


Held = tuple[int, int, str, bool]  # person, organization, status, in transit: an interval on the day


def due_in(
    org_ids: Collection[int], on: date, due_by: date | None = None
) -> list[tuple[Person, str, str, date]]:
    """(person, organization name, what, due day) for the members held on ``on`` by ``org_ids``
    whose recognition as official is to be proposed (probationary, RULES.md §2.3) or whose transfer
    letter is still to be presented at the destination (in transit, §2.6); only those due by
    ``due_by`` when it is given (overdue ones included)."""
    held = list(
        MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
        .filter(Q(status=MemberStatus.PROBATIONARY) | Q(in_transit=True))
        .values_list("person_id", "organization_id", "status", "in_transit")
    )
    return _due(held, on, due_by)


def due_under(
    root: Organization, on: date, due_by: date | None = None
) -> list[tuple[Person, str, str, date]]:
    """:func:`due_in` for ``root``'s subtree as it stood on ``on``, found without listing the
    subtree: the probationary members from the stock facts (``members.stock``), the members in
    transit from the few intervals flagged so; then their intervals of the day."""
    depth = stock.depth_on(root.pk, on)
    if depth is None:
        return []
    if depth >= PATH_DEPTH:
        return due_in(subtree_ids(root, on), on, due_by)
    facts = StockFact.objects.filter(**{f"a{depth}": root.pk}, probationary=True)
    # Two queries rather than one with OR: each then walks the index (a{depth}, valid_until). The
    # start is checked in the database for the facts that ended (read back and checked here, those
    # of the later years cost 60 ms on the demo province) and here for the open ones (asked in the
    # database, SQLite walks (a{depth}, valid_from) instead: every fact begun before the day).
    open_now = facts.filter(valid_until__isnull=True).values_list("person_id", "valid_from")
    probationary = {person_id for person_id, valid_from in open_now if valid_from <= on}
    probationary.update(
        facts.filter(valid_until__gt=on, valid_from__lte=on).values_list("person_id", flat=True)
    )
    # Likewise two queries on the small partial index of the members in transit.
    in_transit = MembershipInterval.objects.filter(valid_from__lte=on, in_transit=True)
    transit = set(in_transit.filter(valid_until__isnull=True).values_list("person_id", flat=True)) | set(
        in_transit.filter(valid_until__gt=on).values_list("person_id", flat=True)
    )
    if transit:  # those under the root that day
        transit &= set(
            StockFact.objects.filter(
                valid_on(on), **{f"a{depth}": root.pk}, person_id__in=transit
            ).values_list("person_id", flat=True)
        )
    held = list(
        MembershipInterval.objects.filter(valid_on(on), person_id__in=probationary | transit).values_list(
            "person_id", "organization_id", "status", "in_transit"
        )
    )
    return _due(held, on, due_by)


def _due(held: list[Held], on: date, due_by: date | None) -> list[tuple[Person, str, str, date]]:
    """The deadlines of these intervals: one query for the people's recognition and transfer
    events (by person: every event of theirs, the two kinds kept here, which is quicker than the
    index on kind when the people are a few thousand), one for the names of those due by
    ``due_by``, one for their organizations' names."""
    people = {person_id for person_id, *_ in held}
    events = list(
        MembershipEvent.objects.filter(person_id__in=people).values_list(
            "pk", "person_id", "kind", "effective_on", "corrects_id"
        )
    )
    corrected = {corrects for *_, corrects in events if corrects is not None}
    last: dict[tuple[int, str], date] = {}
    for pk, person_id, kind, day, _ in events:
        if kind in _DEADLINE_KINDS and day <= on and pk not in corrected:
            last[person_id, kind] = max(day, last.get((person_id, kind), day))
    found: list[tuple[int, int, str, date]] = []
    for person_id, org_id, status, in_transit in held:
        if in_transit and (person_id, EventKind.TRANSFER_OUT) in last:
            due = transfers.transfer_report_deadline(last[person_id, EventKind.TRANSFER_OUT])
            found.append((person_id, org_id, "Trình giấy giới thiệu sinh hoạt đảng ở nơi đến", due))
        if status == MemberStatus.PROBATIONARY and (person_id, EventKind.ADMISSION_CEREMONY) in last:
            due = probation.recognition_proposal_deadline(last[person_id, EventKind.ADMISSION_CEREMONY])
            found.append((person_id, org_id, "Xét công nhận đảng viên chính thức", due))
    if due_by is not None:
        found = [row for row in found if row[3] <= due_by]
    persons = Person.objects.only("code", "full_name").in_bulk({person_id for person_id, *_ in found})
    names = dict(
        OrgVersion.objects.filter(
            valid_on(on), organization_id__in={org_id for _, org_id, *_ in found}
        ).values_list("organization_id", "name")
    )
    return [(persons[p], names.get(org_id, ""), what, due) for p, org_id, what, due in found]


_DEADLINE_KINDS = frozenset({EventKind.ADMISSION_CEREMONY, EventKind.TRANSFER_OUT})
