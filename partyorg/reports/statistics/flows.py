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
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q

from partyorg.members import stock
from partyorg.members.models import (
    PATH_DEPTH,
    EventKind,
    MembershipEvent,
    MembershipInterval,
    MemberStatus,
    StockFact,
)
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.figures import MovesFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on, tree_change_days
from partyorg.reports.statistics.stocks import members_on

# Why a person entered (B of form 1) or left (C of form 1).
ENTRY_REASONS = ("admitted", "readmitted", "transferred_in", "restored", "reorganized", "opened")
EXIT_REASONS = ("died", "expelled", "removed", "withdrew", "transferred_out", "reorganized")
ENTRY_LABELS = {
    "admitted": "Kết nạp mới",
    "readmitted": "Kết nạp lại",
    "transferred_in": "Chuyển đến",
    "restored": "Phục hồi đảng tịch",
    "reorganized": "Chuyển theo tổ chức (đến)",
    # a member who predates the records, counted from the day the records begin (EventKind.OPENED)
    "opened": "Đảng viên từ trước khi có hồ sơ",
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
    """Form 1 of ``root`` over ``period``: the moves read off the stock facts
    (``partyorg.members.stock``), the opening and closing stocks counted on the fast path; the plain
    scan (:func:`members_flow_scan`) when ``root`` stands deeper than the facts' columns."""
    moves = _moves_from_facts(root, period)
    if moves is None:
        return members_flow_scan(root, period)
    entries, exits = moves
    opening = members_on(root, period.opening_day)
    closing = members_on(root, period.closing_day)
    return _label(root, period, opening, closing, entries, exits)


def _moves_from_facts(
    root: Organization, period: Period
) -> tuple[list[tuple[int, date]], list[tuple[int, date, str]]] | None:
    """Entries and exits of ``root``'s subtree: a fact with ``root`` in its line that begins in
    the period is an entry unless the same person's fact ending that day had ``root`` in its line
    too (a transfer inside the subtree, a recognition, a cell moved within it); an exit likewise.
    Both candidates lie in the period, so each set answers the other. None: count the plain way."""
    depths = {stock.depth_on(root.pk, day) for day in (period.opening_day, period.closing_day)}
    known = {d for d in depths if d is not None}
    if not known or max(known) >= PATH_DEPTH:
        return None
    # ``root`` may stand at another depth in the middle of the period (a level removed): look in
    # every column; a column it never stood in costs one probe of its index.
    in_root = Q()
    for k in range(PATH_DEPTH):
        in_root |= Q(**{f"a{k}": root.pk})
    facts = StockFact.objects.filter(in_root)
    # The matching is done in the database: on a day the tree itself changed (01/07/2025) every
    # member's fact is cut there, and fetching both halves of each would cost more than the probe.
    before = facts.filter(person_id=OuterRef("person_id"), valid_until=OuterRef("valid_from"))
    after = facts.filter(person_id=OuterRef("person_id"), valid_from=OuterRef("valid_until"))
    entries = list(
        facts.filter(valid_from__gte=period.start, valid_from__lt=period.end)
        .exclude(Exists(before))
        .values_list("person_id", "valid_from")
    )
    exits: list[tuple[int, date, str]] = [
        (person_id, day, MemberStatus.PROBATIONARY if probationary else MemberStatus.OFFICIAL)
        for person_id, day, probationary in facts.filter(
            valid_until__gte=period.start, valid_until__lt=period.end
        )
        .exclude(Exists(after))
        .values_list("person_id", "valid_until", "probationary")
        if day is not None  # always: the filter above asks for an end
    ]
    return entries, exits


def members_flow_scan(root: Organization, period: Period) -> MembersFlow:
    """``members_flow`` the plain way: every interval of the subtree, each stretch inside it
    clipped to the period and merged. The fast path is tested and benchmarked against it."""
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
    return _label(
        root, period, PeopleFigure(frozenset(opening)), PeopleFigure(frozenset(closing)), entries, exits
    )


PEOPLE_PER_QUERY = 20_000


class _Event(NamedTuple):
    kind: str
    other_organization_id: int | None


def _effective_events(
    person_ids: set[int], period: Period
) -> tuple[dict[tuple[int, date], dict[str, _Event]], set[tuple[int, date]]]:
    """The events of these people in the period by (person, day) and kind, and the days of their
    re-admission decisions; corrected and voided events left out. One query a batch of people
    (SQLite takes at most 32.766 values in a statement; a nation's half-year moves 400.000)."""
    rows: list[tuple[int, int, str, date, int | None, int | None]] = []
    ordered = sorted(person_ids)
    for i in range(0, len(ordered), PEOPLE_PER_QUERY):
        rows += MembershipEvent.objects.filter(person_id__in=ordered[i : i + PEOPLE_PER_QUERY]).values_list(
            "pk", "person_id", "kind", "effective_on", "other_organization_id", "corrects_id"
        )
    rows.sort()  # in the order recorded
    corrected = {corrects for *_, corrects in rows if corrects is not None}
    found: dict[tuple[int, date], dict[str, _Event]] = defaultdict(dict)
    readmitted: set[tuple[int, date]] = set()
    for pk, person_id, kind, day, other_id, _ in rows:
        if pk in corrected or kind == EventKind.VOIDED:
            continue
        if kind == EventKind.READMISSION_DECIDED:
            readmitted.add((person_id, day))
        if day in period:
            found[person_id, day][kind] = _Event(kind, other_id)  # the last recorded of a kind
    return found, readmitted


def _label(
    root: Organization,
    period: Period,
    opening: PeopleFigure,
    closing: PeopleFigure,
    entries: list[tuple[int, date]],
    exits: list[tuple[int, date, str]],
) -> MembersFlow:
    people = {p for p, _ in entries} | {p for p, _, _ in exits}
    events, readmitted = _effective_events(people, period)
    entry_moves: dict[str, list[tuple[int, date]]] = {reason: [] for reason in ENTRY_REASONS}
    exit_moves: dict[str, list[tuple[int, date]]] = {reason: [] for reason in EXIT_REASONS}
    to_outside: list[tuple[int, date]] = []
    removed_probationary: list[tuple[int, date]] = []
    arrivals: list[tuple[int, date]] = []
    for person_id, day in entries:
        kinds = events.get((person_id, day), {})
        if EventKind.ADMISSION_CEREMONY in kinds:
            again = any(p == person_id and d <= day for p, d in readmitted)
            reason = "readmitted" if again else "admitted"
        elif EventKind.RESTORED in kinds:
            reason = "restored"
        elif EventKind.OPENED in kinds:
            reason = "opened"
        elif EventKind.TRANSFER_IN in kinds or EventKind.TRANSFER_OUT in kinds:
            reason = "transferred_in"
            arrival = kinds.get(EventKind.TRANSFER_IN)
            if arrival is not None and EventKind.TRANSFER_OUT not in kinds:
                arrivals.append((person_id, day))
        else:
            reason = "reorganized"  # an organization change moved them, or the tree itself moved
        entry_moves[reason].append((person_id, day))
    for person_id, day, status in exits:
        kinds = events.get((person_id, day), {})
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
    from_outside = _from_outside(arrivals)
    return MembersFlow(
        root=root,
        period=period,
        opening=opening,
        closing=closing,
        entries={r: MovesFigure(tuple(m)) for r, m in entry_moves.items()},
        exits={r: MovesFigure(tuple(m)) for r, m in exit_moves.items()},
        removed_probationary=MovesFigure(tuple(removed_probationary)),
        transfers_in_from_outside=MovesFigure(tuple(from_outside)),
        transfers_out_to_outside=MovesFigure(tuple(to_outside)),
    )


def _from_outside(arrivals: list[tuple[int, date]]) -> list[tuple[int, date]]:
    """The transfers in from outside partyorg's records: the day before, nobody held the person.
    One query for all of them."""
    if not arrivals:
        return []
    held = MembershipInterval.objects.filter(
        person_id__in={person_id for person_id, _ in arrivals},
        valid_from__lt=max(day for _, day in arrivals),
    ).values_list("person_id", "valid_from", "valid_until")
    spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for person_id, valid_from, valid_until in held:
        spans[person_id].append((valid_from, valid_until))
    return [
        (person_id, day)
        for person_id, day in arrivals
        if not any(
            a <= day - timedelta(days=1) and (b is None or b > day - timedelta(days=1))
            for a, b in spans[person_id]
        )
    ]
