"""Flows: who entered and who left an organization's subtree in a period, and why.

Form 1 (members in and out, RULES.md §6.2) rests on the identity *closing = opening + in − out*.
It holds here by construction: the flows are read off the same derived intervals as the stocks,
as the moments a person's membership crosses the border of the subtree, the tree taken as it stood
on each day (a cell moved out of a district on 01/07/2025 is an exit from that district that day).
Each move is then labelled by the event that caused it on that day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from django.db.models import Q

from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus
from partyorg.organizations.models import Organization, valid_on
from partyorg.reports.statistics.figures import MovesFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on, tree_change_days

# Why a person entered (B of form 1) or left (C of form 1).
ENTRY_REASONS = ("admitted", "readmitted", "transferred_in", "restored", "reorganized")
EXIT_REASONS = ("died", "expelled", "removed", "withdrew", "transferred_out", "reorganized")
ENTRY_LABELS = {
    "admitted": "Kết nạp mới",
    "readmitted": "Kết nạp lại",
    "transferred_in": "Chuyển đến",
    "restored": "Phục hồi đảng tịch",
    "reorganized": "Chuyển theo tổ chức (đến)",
}
EXIT_LABELS = {
    "died": "Từ trần",
    "expelled": "Khai trừ",
    "removed": "Xóa tên",
    "withdrew": "Ra khỏi Đảng",
    "transferred_out": "Chuyển đi",
    "reorganized": "Chuyển theo tổ chức (đi)",
}


@dataclass(frozen=True)
class MembersFlow:
    root: Organization
    period: Period
    opening: PeopleFigure
    closing: PeopleFigure
    entries: dict[str, MovesFigure]
    exits: dict[str, MovesFigure]
    removed_probationary: MovesFigure  # of the removals: from the probationary list
    transfers_in_from_outside: MovesFigure  # of the transfers in: from outside partyorg's records
    transfers_out_to_outside: MovesFigure  # of the transfers out: to outside partyorg's records

    @property
    def admissions(self) -> MovesFigure:
        """Admitted and re-admitted: "kết nạp" of form 1, the people of form 2."""
        return MovesFigure(self.entries["admitted"].moves + self.entries["readmitted"].moves)

    @property
    def entered(self) -> int:
        return sum(f.value for f in self.entries.values())

    @property
    def left(self) -> int:
        return sum(f.value for f in self.exits.values())

    @property
    def identity_holds(self) -> bool:
        """D = A + B − C (form 1)."""
        return self.closing.value == self.opening.value + self.entered - self.left


def _scope_segments(root: Organization, period: Period) -> list[tuple[date, date, frozenset[int]]]:
    """``[from, until)`` stretches from the opening day to the end of the period, each with the
    subtree as it stood then."""
    days = [period.opening_day, *tree_change_days(period.opening_day, period.end), period.end]
    return [(a, b, subtree_on(root, a)) for a, b in pairwise(days)]


def members_flow(root: Organization, period: Period) -> MembersFlow:
    segments = _scope_segments(root, period)
    all_ids = frozenset().union(*(ids for _, _, ids in segments))
    first, end = period.opening_day, period.end
    intervals = MembershipInterval.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=first),
        organization_id__in=all_ids,
        valid_from__lt=end,
    ).values_list("person_id", "organization_id", "valid_from", "valid_until", "status")

    # Each person's stretches inside the subtree, clipped to [opening day, end), then merged.
    pieces: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for person_id, org_id, valid_from, valid_until, status in intervals.iterator(chunk_size=5000):
        for seg_from, seg_until, ids in segments:
            if org_id not in ids:
                continue
            a = max(valid_from, seg_from)
            b = min(valid_until or end, seg_until)
            if a < b:
                pieces[person_id].append((a, b, status))
    opening: set[int] = set()
    closing: set[int] = set()
    entries: list[tuple[int, date]] = []
    exits: list[tuple[int, date, str]] = []  # with the status held just before leaving
    for person_id, stretch in pieces.items():
        stretch.sort()
        merged: list[tuple[date, date, str]] = []
        for a, b, status in stretch:
            if merged and merged[-1][1] == a:
                merged[-1] = (merged[-1][0], b, status)  # the status held at the end counts
            else:
                merged.append((a, b, status))
        for a, b, status in merged:
            if a <= first:
                opening.add(person_id)
            else:
                entries.append((person_id, a))
            if b >= end:
                closing.add(person_id)
            else:
                exits.append((person_id, b, str(status)))
    return _label(root, period, opening, closing, entries, exits)


def _effective_events(person_ids: set[int], period: Period) -> dict[tuple[int, date], list[MembershipEvent]]:
    """The events of these people in the period, corrected ones left out, by (person, day)."""
    corrected = MembershipEvent.objects.filter(corrects__isnull=False, person_id__in=person_ids).values(
        "corrects_id"
    )
    events = (
        MembershipEvent.objects.filter(
            person_id__in=person_ids, effective_on__gte=period.start, effective_on__lt=period.end
        )
        .exclude(kind=EventKind.VOIDED)
        .exclude(pk__in=corrected)
        .order_by("id")
    )
    found: dict[tuple[int, date], list[MembershipEvent]] = defaultdict(list)
    for event in events:
        found[event.person_id, event.effective_on].append(event)
    return found


def _label(
    root: Organization,
    period: Period,
    opening: set[int],
    closing: set[int],
    entries: list[tuple[int, date]],
    exits: list[tuple[int, date, str]],
) -> MembersFlow:
    people = {p for p, _ in entries} | {p for p, _, _ in exits}
    events = _effective_events(people, period)
    readmitted = set(
        MembershipEvent.objects.filter(person_id__in=people, kind=EventKind.READMISSION_DECIDED)
        .exclude(pk__in=MembershipEvent.objects.filter(corrects__isnull=False).values("corrects_id"))
        .values_list("person_id", "effective_on")
    )
    entry_moves: dict[str, list[tuple[int, date]]] = {reason: [] for reason in ENTRY_REASONS}
    exit_moves: dict[str, list[tuple[int, date]]] = {reason: [] for reason in EXIT_REASONS}
    from_outside: list[tuple[int, date]] = []
    to_outside: list[tuple[int, date]] = []
    removed_probationary: list[tuple[int, date]] = []
    for person_id, day in entries:
        kinds = {e.kind: e for e in events.get((person_id, day), [])}
        if EventKind.ADMISSION_CEREMONY in kinds:
            again = any(p == person_id and d <= day for p, d in readmitted)
            reason = "readmitted" if again else "admitted"
        elif EventKind.RESTORED in kinds:
            reason = "restored"
        elif EventKind.TRANSFER_IN in kinds or EventKind.TRANSFER_OUT in kinds:
            reason = "transferred_in"
            arrival = kinds.get(EventKind.TRANSFER_IN)
            if arrival is not None and EventKind.TRANSFER_OUT not in kinds and _from_outside(arrival):
                from_outside.append((person_id, day))
        else:
            reason = "reorganized"  # an organization change moved them, or the tree itself moved
        entry_moves[reason].append((person_id, day))
    for person_id, day, status in exits:
        kinds = {e.kind: e for e in events.get((person_id, day), [])}
        if EventKind.DIED in kinds:
            reason = "died"
        elif EventKind.EXPELLED in kinds:
            reason = "expelled"
        elif EventKind.REMOVED in kinds:
            reason = "removed"
            if status == MemberStatus.PROBATIONARY:
                removed_probationary.append((person_id, day))
        elif EventKind.WITHDRAWN in kinds:
            reason = "withdrew"
        elif EventKind.TRANSFER_OUT in kinds:
            reason = "transferred_out"
            if not kinds[EventKind.TRANSFER_OUT].other_organization_id:
                to_outside.append((person_id, day))
        else:
            reason = "reorganized"
        exit_moves[reason].append((person_id, day))
    return MembersFlow(
        root=root,
        period=period,
        opening=PeopleFigure(frozenset(opening)),
        closing=PeopleFigure(frozenset(closing)),
        entries={r: MovesFigure(tuple(m)) for r, m in entry_moves.items()},
        exits={r: MovesFigure(tuple(m)) for r, m in exit_moves.items()},
        removed_probationary=MovesFigure(tuple(removed_probationary)),
        transfers_in_from_outside=MovesFigure(tuple(from_outside)),
        transfers_out_to_outside=MovesFigure(tuple(to_outside)),
    )


def _from_outside(arrival: MembershipEvent) -> bool:
    """A transfer in from outside partyorg's records: the day before, nobody held the person."""
    day_before = arrival.effective_on - timedelta(days=1)
    return not MembershipInterval.objects.filter(valid_on(day_before), person_id=arrival.person_id).exists()
