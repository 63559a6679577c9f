"""Questions about a person on a date, answered from their folded log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import connection
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
from partyorg.organizations.queries import subtree_ids, version_on
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
    ceremony = t.ceremony_before(on)  # recorded, or given by an opening
    recognition_due = (
        probation.recognition_effective_on(ceremony)
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
    ceremony = t.ceremony_before(on)
    if state.member and state.status == MemberStatus.PROBATIONARY and ceremony:
        due = probation.recognition_proposal_deadline(ceremony)
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

RECOGNITION = "probation.recognition_deadline"
TRANSFER_REPORT = "transfers.report_deadline"
DUE_TITLES = {
    RECOGNITION: "Xét công nhận đảng viên chính thức",
    TRANSFER_REPORT: "Trình giấy giới thiệu sinh hoạt đảng ở nơi đến",
}


@dataclass(frozen=True)
class MemberDue:
    """A member's deadline on a day: what (``kind``, one of :data:`DUE_TITLES`), by when, the
    organization holding them that day and ``unit``, the one right under the root asked about
    that holds them (the root itself for its own members): the row of the dashboard's groups."""

    person_id: int
    organization_id: int
    unit_id: int
    kind: str
    due_on: date

    @property
    def what(self) -> str:
        return DUE_TITLES[self.kind]


def due_in(
    org_ids: Collection[int], on: date, due_by: date | None = None
) -> list[tuple[Person, str, str, date]]:
    """(person, organization name, what, due day) for the members held on ``on`` by ``org_ids``
    whose recognition as official is to be proposed (probationary, RULES.md §2.3) or whose transfer
    letter is still to be presented at the destination (in transit, §2.6); only those due by
    ``due_by`` when it is given (overdue ones included)."""
    return named(_due(_held_in(org_ids, on), on, due_by), on)


def _held_in(org_ids: Collection[int], on: date) -> list[Held]:
    return list(
        MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
        .filter(Q(status=MemberStatus.PROBATIONARY) | Q(in_transit=True))
        .values_list("person_id", "organization_id", "status", "in_transit")
    )


def deadlines_under(root: Organization, on: date, due_by: date | None = None) -> list[MemberDue]:
    """The members' deadlines of :func:`due_in` for ``root``'s subtree as it stood on ``on``, each
    with the organization right under ``root`` that held the member that day, found without listing
    the subtree: the probationary members from the stock facts (``members.stock``), the members in
    transit from the few intervals flagged so; then their intervals of the day, and the facts of
    those due for the organization under ``root`` (the facts carry their line of ancestors)."""
    depth = stock.depth_on(root.pk, on)
    if depth is None:
        return []
    if depth >= PATH_DEPTH:
        found = _due(_held_in(subtree_ids(root, on), on), on, due_by)
        units = units_under(root, on)
        return [replace(row, unit_id=units.get(row.organization_id, root.pk)) for row in found]
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
    found = _due(held, on, due_by)
    if depth + 1 >= PATH_DEPTH or not found:
        return found
    unit_of = dict(
        StockFact.objects.filter(
            valid_on(on), **{f"a{depth}": root.pk}, person_id__in={row.person_id for row in found}
        ).values_list("person_id", f"a{depth + 1}")
    )
    return [replace(row, unit_id=unit_of.get(row.person_id) or root.pk) for row in found]


def _due(held: list[Held], on: date, due_by: date | None) -> list[MemberDue]:
    """The deadlines of these intervals, in one query for the people's recognition and transfer
    events (by person: every event of theirs, the two kinds kept here, which is quicker than the
    index on kind when the people are a few thousand); ``unit_id`` is left as the holding
    organization."""
    people = {person_id for person_id, *_ in held}
    events = list(
        MembershipEvent.objects.filter(person_id__in=people).values_list(
            "pk", "person_id", "kind", "effective_on", "corrects_id", "ceremony_on"
        )
    )
    corrected = {corrects for *_, corrects, _ in events if corrects is not None}
    last: dict[tuple[int, str], date] = {}
    for pk, person_id, kind, day, _, ceremony_on in events:
        if kind == EventKind.OPENED and ceremony_on is not None and day <= on and pk not in corrected:
            kind, day = EventKind.ADMISSION_CEREMONY, ceremony_on  # a ceremony before the records
        if kind in _DEADLINE_KINDS and day <= on and pk not in corrected:
            last[person_id, kind] = max(day, last.get((person_id, kind), day))
    found: list[MemberDue] = []
    for person_id, org_id, status, in_transit in held:
        if in_transit and (person_id, EventKind.TRANSFER_OUT) in last:
            due = transfers.transfer_report_deadline(last[person_id, EventKind.TRANSFER_OUT])
            found.append(MemberDue(person_id, org_id, org_id, TRANSFER_REPORT, due))
        if status == MemberStatus.PROBATIONARY and (person_id, EventKind.ADMISSION_CEREMONY) in last:
            due = probation.recognition_proposal_deadline(last[person_id, EventKind.ADMISSION_CEREMONY])
            found.append(MemberDue(person_id, org_id, org_id, RECOGNITION, due))
    if due_by is not None:
        found = [row for row in found if row.due_on <= due_by]
    return found


def named(rows: Collection[MemberDue], on: date) -> list[tuple[Person, str, str, date]]:
    """(person, name of the organization holding them on ``on``, what, due day) for these rows: one
    query for the people, one for the organizations' names (only the rows shown, a page of them)."""
    persons = Person.objects.only("code", "full_name").in_bulk({row.person_id for row in rows})
    names = dict(
        OrgVersion.objects.filter(
            valid_on(on), organization_id__in={row.organization_id for row in rows}
        ).values_list("organization_id", "name")
    )
    return [
        (persons[row.person_id], names.get(row.organization_id, ""), row.what, row.due_on) for row in rows
    ]


def units_under(root: Organization, on: date) -> dict[int, int]:
    """Every organization under ``root`` on ``on`` → the one right under ``root`` it stands in
    (itself for those right under it), in one recursive query down the versions valid that day;
    ``root`` maps to itself."""
    table = OrgVersion._meta.db_table
    valid = "v.valid_from <= %s AND (v.valid_until IS NULL OR v.valid_until > %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE down(org, unit) AS ("
            f" SELECT v.organization_id, v.organization_id FROM {table} v WHERE v.parent_id = %s AND {valid}"
            f" UNION SELECT v.organization_id, down.unit FROM {table} v JOIN down ON v.parent_id = down.org"
            f" WHERE {valid}) SELECT org, unit FROM down",
            [root.pk, on, on, on, on],
        )
        found = {org_id: unit_id for org_id, unit_id in cursor.fetchall()}
    found[root.pk] = root.pk
    return found


@dataclass(frozen=True)
class DueGroup:
    """Deadlines of one kind at one organization (right under the root asked about, or the root):
    how many, how many overdue, and the nearest due day."""

    kind: str
    what: str
    unit_id: int
    count: int
    overdue: int
    nearest: date


def group_due(rows: Iterable[tuple[str, str, int, date]], on: date) -> list[DueGroup]:
    """(kind, what, unit, due day) rows counted by kind and unit: the kinds in the order of their
    most pressing group, each kind's groups by their nearest due day."""
    groups: dict[tuple[str, int], list[tuple[str, date]]] = defaultdict(list)
    for kind, what, unit_id, due_on in rows:
        groups[kind, unit_id].append((what, due_on))
    found = [
        DueGroup(
            kind=kind,
            what=items[0][0],
            unit_id=unit_id,
            count=len(items),
            overdue=sum(1 for _, due_on in items if due_on < on),
            nearest=min(due_on for _, due_on in items),
        )
        for (kind, unit_id), items in groups.items()
    ]
    # Each kind together (a table shows it once above its groups): the kind with the most pressing
    # group first, then its groups by their nearest due day.
    first: dict[str, date] = {}
    for group in found:
        first[group.kind] = min(group.nearest, first.get(group.kind, group.nearest))
    return sorted(found, key=lambda g: (first[g.kind], g.kind, g.nearest, g.unit_id))


def member_due_groups(rows: Iterable[MemberDue], on: date) -> list[DueGroup]:
    """:func:`group_due` of the members' deadlines of :func:`deadlines_under`."""
    return group_due(((row.kind, row.what, row.unit_id, row.due_on) for row in rows), on)


_DEADLINE_KINDS = frozenset({EventKind.ADMISSION_CEREMONY, EventKind.TRANSFER_OUT})
