"""The demo province's congresses and leadership, 2015–2026, through
:func:`partyorg.committees.services.record_many` (the rules checked on every row, the rows in bulk).

Rounds (RULES.md §1.4): grassroots organizations and above for 2015–2020 and 2020–2025 (grassroots in
April–June, districts and blocs in July–August, the province in October: Chỉ thị 35's order), subordinate
cells twice a term (2015–2017, 2017–2020, 2020–2022, 2022–2025, each on its own day of March–April), and
2025–2030 after the restructuring: the new commune committees appointed on 01/07/2025 (HD 31-HD/BTCTW,
RULES.md §1.5), every other organization's congress in July–August 2025 (cells under the QĐ 294 pilot:
once for five years), the province in October 2025.

Each congress elects a secretary, and a deputy and a committee where the rules allow (a cell's committee
only from 9 official members, RULES.md §1.3), from the official members of the organization (a cell) or of
its subtree (a committee) that day who stay members to the end of the term; their seats end at the next
congress or when the organization ends.

Some terms are missing on purpose, for the checks to find: about 3% of the cells skip the 2017–2020 round
(their 2020 congress is late, recorded with the committee's consent as an override), and about 2% of the
organizations have not held their 2025–2030 congress by 30/06/2026.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from partyorg.committees.models import CongressKind, Position
from partyorg.committees.services import NewCongress, NewSeat, record_many
from partyorg.core.records import LegalBasis
from partyorg.members.models import MembershipInterval, MemberStatus
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, OrgKind, OrgVersion

LAST_DAY = date(2026, 6, 30)
CELL_KINDS = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})
APPOINTMENT = LegalBasis("", date(2025, 6, 30), "Ban Thường vụ Tỉnh ủy Điện Biên")
LATE_2020 = (
    "committees.cell_term",
    "Chi bộ chưa đại hội nhiệm kỳ 2017–2020; đảng ủy cơ sở cho đại hội cùng vòng 2020",
)


@dataclass(frozen=True)
class Round:
    first_year: int
    last_year: int
    start: date  # the window of congress days
    days: int
    cells: bool  # a round of subordinate cells (else grassroots and above)


CELL_ROUNDS = (
    Round(2015, 2017, date(2015, 3, 1), 60, True),
    Round(2017, 2020, date(2017, 3, 1), 60, True),
    Round(2020, 2022, date(2020, 3, 1), 60, True),
    Round(2022, 2025, date(2022, 3, 1), 60, True),
)
UPPER_ROUNDS = (
    Round(2015, 2020, date(2015, 4, 1), 90, False),
    Round(2020, 2025, date(2020, 4, 1), 90, False),
)
ROUND_2025 = Round(2025, 2030, date(2025, 7, 2), 58, False)  # before a 2022 cell term runs out
LATER: dict[str, int] = {
    OrgKind.DISTRICT: 100,
    OrgKind.BLOC: 100,
    OrgKind.PROVINCE: 190,
}  # days after the round start
LATER_2025: dict[str, int] = {OrgKind.BLOC: 70, OrgKind.PROVINCE: 95}


class _Members:
    """Official-member intervals of the province, by organization, read once."""

    def __init__(self, last_day: date = LAST_DAY) -> None:
        self.last_day = last_day
        self.by_org: dict[int, list[tuple[int, date, date | None, bool]]] = defaultdict(list)
        self.spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        rows = MembershipInterval.objects.filter(valid_from__lt=last_day).exclude(
            valid_until__lt=date(2015, 1, 1)
        )
        for person, org, start, until, status in rows.values_list(
            "person_id", "organization_id", "valid_from", "valid_until", "status"
        ):
            self.by_org[org].append((person, start, until, status == MemberStatus.OFFICIAL))
            self.spans[person].append((start, until))
        for spans in self.spans.values():
            spans.sort()

    def officials(self, org_ids: list[int], on: date) -> list[int]:
        return sorted(
            {
                person
                for org in org_ids
                for person, start, until, official in self.by_org.get(org, ())
                if official and start <= on and (until is None or on < until)
            }
        )

    def member_until(self, person: int, on: date) -> date | None:
        """The end of the person's unbroken membership from ``on`` (None: still a member)."""
        end: date | None = on
        for start, until in self.spans[person]:
            if end is not None and start <= end and (until is None or until > end):
                end = until
        return end

    def stays_in(self, person: int, org: int, on: date, until: date) -> bool:
        """In ``org`` from ``on`` to ``until`` without a break (a cell's holder)."""
        reach = on
        for p, start, end, _ in sorted(self.by_org[org], key=lambda r: r[1]):
            if p == person and start <= reach and (end is None or end > reach):
                reach = end or date.max
        return reach >= until


class _Tree:
    """The versions of every organization, to ask what an organization was on a day and what is under it."""

    def __init__(self) -> None:
        self.versions: dict[int, list[OrgVersion]] = defaultdict(list)
        for v in OrgVersion.objects.order_by("valid_from"):
            self.versions[v.organization_id].append(v)
        self.starts = {org: [v.valid_from for v in vs] for org, vs in self.versions.items()}
        self._children: dict[date, dict[int, list[int]]] = {}

    def on(self, org: int, day: date) -> OrgVersion | None:
        vs = self.versions[org]
        i = bisect_right(self.starts[org], day) - 1
        if i >= 0 and (vs[i].valid_until is None or day < vs[i].valid_until):  # type: ignore[operator]
            return vs[i]
        return None

    def end(self, org: int) -> date | None:
        return self.versions[org][-1].valid_until

    def holding_under(self, org: int, day: date) -> list[int]:
        """The member-holding organizations in ``org``'s subtree on ``day`` (``org`` itself if it holds)."""
        children = self._children.get(day)
        if children is None:
            children = defaultdict(list)
            for org_id in self.versions:
                v = self.on(org_id, day)
                if v is not None and v.parent_id is not None:
                    children[v.parent_id].append(org_id)
            self._children = {day: children}
        found, stack = [], [org]
        while stack:
            current = stack.pop()
            v = self.on(current, day)
            if v is not None and v.kind in MEMBER_HOLDING_KINDS:
                found.append(current)
            stack.extend(children.get(current, ()))
        return found


def _day(r: Round, kind: str, offset: int) -> date:
    later = LATER_2025 if r is ROUND_2025 else LATER
    extra = later.get(kind, 0) if not r.cells else 0
    return r.start + timedelta(days=extra + offset % r.days)


def _plan(tree: _Tree, rng: random.Random) -> list[NewCongress]:
    congresses: list[NewCongress] = []
    appointed = 0
    for org in sorted(tree.versions):
        offset = rng.randrange(365)  # the organization's own day in each window
        skip_2017 = rng.random() < 0.03
        skip_2025 = rng.random() < 0.02
        chain: list[tuple[Round, date, str]] = []
        for r in (*CELL_ROUNDS, *UPPER_ROUNDS):
            version = tree.on(org, r.start)
            if version is None:
                continue
            day = _day(r, version.kind, offset)
            version = tree.on(org, day)
            if version is None or version.kind == OrgKind.CENTRAL:
                continue
            if (version.kind == OrgKind.CELL) != r.cells:
                continue
            if r.cells and r.first_year == 2017 and skip_2017:
                continue
            chain.append((r, day, version.kind))
        if not skip_2025:
            version = tree.on(org, ROUND_2025.start)
            if version is not None and version.kind != OrgKind.CENTRAL:
                if version.kind == OrgKind.COMMUNE and version.valid_from == date(2025, 7, 1):
                    appointed += 1
                    basis = LegalBasis(f"{1000 + appointed}-QĐ/TU", APPOINTMENT.issued_on, APPOINTMENT.issuer)
                    congresses.append(
                        NewCongress(
                            org,
                            version.kind,
                            CongressKind.APPOINTED,
                            date(2025, 7, 1),
                            2025,
                            2030,
                            legal_basis=basis,
                        )
                    )
                else:
                    day = _day(ROUND_2025, version.kind, offset)
                    if tree.on(org, day) is not None:
                        chain.append((ROUND_2025, day, version.kind))
        previous_first = 0
        for r, day, kind in sorted(chain, key=lambda c: c[1]):
            late = r.cells and r.first_year == 2020 and previous_first == 2015
            congresses.append(
                NewCongress(
                    org,
                    kind,
                    CongressKind.REGULAR,
                    day,
                    r.first_year,
                    r.last_year,
                    override_rule=LATE_2020[0] if late else "",
                    override_reason=LATE_2020[1] if late else "",
                )
            )
            previous_first = r.first_year
    return congresses


def _seats(
    congresses: list[NewCongress], tree: _Tree, members: _Members, rng: random.Random
) -> list[NewSeat]:
    next_day: dict[int, date | None] = {}
    by_org: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(congresses):
        by_org[c.organization_id].append(i)
    for indexes in by_org.values():
        indexes.sort(key=lambda i: congresses[i].held_on)
        for i, j in zip(indexes, [*indexes[1:], None], strict=True):
            next_day[i] = congresses[j].held_on if j is not None else None
    seats: list[NewSeat] = []
    for i, c in enumerate(congresses):
        end = next_day[i] or tree.end(c.organization_id)
        is_cell = c.org_kind in CELL_KINDS
        scope = [c.organization_id] if is_cell else tree.holding_under(c.organization_id, c.held_on)
        officials = members.officials(scope, c.held_on)
        if not officials:
            continue
        horizon = end or members.last_day
        if is_cell:
            staying = [p for p in officials if members.stays_in(p, c.organization_id, c.held_on, horizon)]
        else:
            staying = [p for p in officials if (members.member_until(p, c.held_on) or date.max) >= horizon]
        if not staying:
            continue
        rng.shuffle(staying)
        n = len(officials)
        if is_cell:
            size = 1 if n < 5 else 2 if n < 9 else (3 if n < 20 else 5)
            positions = [Position.SECRETARY, Position.DEPUTY_SECRETARY] + [Position.MEMBER] * (size - 2)
        else:
            size = min(n, 7 + n // 80, 15)
            deputies = 2 if size >= 11 else 1
            standing = 3 if size >= 9 else 0
            positions = (
                [Position.SECRETARY]
                + [Position.DEPUTY_SECRETARY] * deputies
                + [Position.STANDING_MEMBER] * standing
                + [Position.MEMBER] * max(0, size - 1 - deputies - standing)
            )
        for person, position in zip(staying, positions[:size], strict=False):
            seats.append(NewSeat(person, i, position, True, n, ends_on=end))
    return seats


def populate(*, seed: int = 2017, recorded_by: str = "demo", today: date | None = None) -> dict[str, int]:
    """Congresses and seats for the demo province (see the module docstring); returns the counts.
    Given the day the demo is built (``today``), leaders are chosen among those who stay members up
    to the day before, not only up to 30/06/2026."""
    started = time.monotonic()
    rng = random.Random(f"{seed}/committees")
    tree = _Tree()
    members = _Members(LAST_DAY if today is None else today - timedelta(days=1))
    congresses = _plan(tree, rng)
    seats = _seats(congresses, tree, members, rng)
    made, rows = record_many(congresses, seats, recorded_by=recorded_by)
    return {
        "congresses": made,
        "appointed": sum(1 for c in congresses if c.kind == CongressKind.APPOINTED),
        "seats": len(seats),
        "position_rows": rows,
        "seconds": round(time.monotonic() - started),
    }
