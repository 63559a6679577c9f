"""Flows: who entered and who left an organization's subtree in a period, and why.

Form 1 (members in and out, RULES.md §6.2) rests on the identity *closing = opening + in − out*.
It holds here by construction: the flows are read off the same derived intervals as the stocks,
as the moments a person's membership crosses the border of the subtree, the tree taken as it stood
on each day (a cell moved out of a district on 01/07/2025 is an exit from that district that day).
Each move is then labelled by the event that caused it on that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db.models import Exists, OuterRef, Q

from partyorg.core.known import known_moment
from partyorg.members import stock
from partyorg.members.models import (
    PATH_DEPTH,
    MembershipInterval,
    MemberStatus,
    StockFact,
)
from partyorg.organizations.models import Organization
from partyorg.reports import flow_summary
from partyorg.reports.flow_summary import ENTRY_REASONS, EXIT_REASONS, PEOPLE_PER_QUERY
from partyorg.reports.statistics.figures import MovesFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on, tree_change_days
from partyorg.reports.statistics.stocks import members_on

__all__ = [
    "ENTRY_LABELS",
    "ENTRY_REASONS",
    "EXIT_LABELS",
    "EXIT_REASONS",
    "PEOPLE_PER_QUERY",
    "MembersFlow",
    "members_flow",
    "members_flow_scan",
]

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


class _DeferredMoves(MovesFigure):
    """A count of moves from the stored counts (``reports.flow_summary``); the moves themselves are
    fetched when the figure is opened (the form names people on demand), and agree with the count
    (tested)."""

    _count: int
    _load: Callable[[], tuple[tuple[int, date], ...]]

    def __init__(self, count: int, load: Callable[[], tuple[tuple[int, date], ...]]) -> None:
        object.__setattr__(self, "_count", count)
        object.__setattr__(self, "_load", load)

    @property
    def moves(self) -> tuple[tuple[int, date], ...]:
        return self._load()

    @property
    def value(self) -> int:
        return self._count

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MovesFigure) and self.moves == other.moves

    def __hash__(self) -> int:
        return hash(self.moves)

    def __repr__(self) -> str:
        return f"MovesFigure(value={self.value})"


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
        admitted, readmitted = self.entries["admitted"], self.entries["readmitted"]
        return _DeferredMoves(admitted.value + readmitted.value, lambda: admitted.moves + readmitted.moves)

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
    scan (:func:`members_flow_scan`) when ``root`` stands deeper than the facts' columns. The
    whole months of the period are counted from the stored monthly counts
    (``partyorg.reports.flow_summary``) when ``root`` stood in their top columns throughout (the
    nation, a province, a district): the moves are then only found and labelled when a figure is
    opened."""
    if known_moment() is None:
        stored = _stored_flow(root, period)
        if stored is not None:
            return stored
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


def _label(
    root: Organization,
    period: Period,
    opening: PeopleFigure,
    closing: PeopleFigure,
    entries: list[tuple[int, date]],
    exits: list[tuple[int, date, str]],
) -> MembersFlow:
    moves = _labelled(entries, exits, period)
    return MembersFlow(
        root=root,
        period=period,
        opening=opening,
        closing=closing,
        entries={r: MovesFigure(moves[flow_summary.label(True, r)]) for r in ENTRY_REASONS},
        exits={r: MovesFigure(moves[flow_summary.label(False, r)]) for r in EXIT_REASONS},
        removed_probationary=MovesFigure(moves["-removed_probationary"]),
        transfers_in_from_outside=MovesFigure(moves["+from_outside"]),
        transfers_out_to_outside=MovesFigure(moves["-to_outside"]),
    )


def _labelled(
    entries: list[tuple[int, date]], exits: list[tuple[int, date, str]], period: Period
) -> defaultdict[str, tuple[tuple[int, date], ...]]:
    """The moves by label (``flow_summary.labels_of``: ``+admitted`` … ``-reorganized``, and the
    "of which" lines), in the order found."""
    labelled_in, labelled_out = flow_summary.classify(entries, exits, (period.start, period.end))
    found: defaultdict[str, list[tuple[int, date]]] = defaultdict(list)
    for entry, labelled in ((True, labelled_in), (False, labelled_out)):
        for person_id, day, reason, detail in labelled:
            for name in flow_summary.labels_of(entry, reason, detail):
                found[name].append((person_id, day))
    return defaultdict(tuple, {name: tuple(moves) for name, moves in found.items()})


def _whole_months(period: Period) -> tuple[date, date] | None:
    """The first days of the first and after the last whole month of the period, if it has one."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    end = period.end.replace(day=1)
    return (first, end) if first < end else None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _stored_flow(root: Organization, period: Period) -> MembersFlow | None:
    """Form 1 of ``root`` from the stored monthly counts of its whole months and the moves of the
    days before and after them read off the facts; None when they do not serve (no whole month,
    ``root`` not in the top columns on every day of the period, nothing stored yet)."""
    months = _whole_months(period)
    if months is None or not flow_summary.held():
        return None
    if not flow_summary.in_top_columns(root.pk, period.opening_day, period.closing_day):
        return None
    counted = flow_summary.counts(root.pk, *months)
    parts: list[defaultdict[str, tuple[tuple[int, date], ...]]] = []
    for start, end in ((period.start, months[0]), (months[1], period.end)):
        if start >= end:
            continue
        part = Period(start, end)
        moves = _moves_from_facts(root, part)
        if moves is None:  # not on the stored path's organizations
            return None
        parts.append(_labelled(*moves, part))
        counted.update({name: len(found) for name, found in parts[-1].items()})

    def load(name: str) -> tuple[tuple[int, date], ...]:
        """The moves of one label (when a figure is opened): the stored moves of the whole
        months, and those of the days before and after them."""
        stored = flow_summary.moves(root.pk, *months, name)
        return stored + tuple(move for found in parts for move in found[name])

    def figure(name: str) -> MovesFigure:
        return _DeferredMoves(counted[name], lambda: load(name))

    return MembersFlow(
        root=root,
        period=period,
        opening=members_on(root, period.opening_day),
        closing=members_on(root, period.closing_day),
        entries={r: figure(flow_summary.label(True, r)) for r in ENTRY_REASONS},
        exits={r: figure(flow_summary.label(False, r)) for r in EXIT_REASONS},
        removed_probationary=figure("-removed_probationary"),
        transfers_in_from_outside=figure("+from_outside"),
        transfers_out_to_outside=figure("-to_outside"),
    )
