"""Reads over congresses and positions: the term and the leadership of an organization on a day, the
terms overdue, and the congresses of a round ("Đại hội chi bộ trực thuộc nhiệm kỳ 2017–2020").

Only rows in force count: not withdrawn, not replaced by a correction, and (for a seat) not ended by an
ending in force on the day. Queries that list things per organization take ``org_ids`` so the web layer
can pass the user's scope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from partyorg.committees.models import (
    COMMITTEE_SEATS,
    TERM_OPENING_KINDS,
    Congress,
    Position,
    PositionRecord,
    RecordKind,
)
from partyorg.members.models import MembershipInterval, MemberStatus
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.organizations.queries import subtree_ids
from partyorg.rules import committees as rules

__all__ = [
    "CellRound",
    "Leadership",
    "Term",
    "congresses_in_force",
    "leadership_of",
    "leadership_on",
    "official_members_of",
    "overdue_on",
    "records_in_force",
    "seats_on",
    "subordinate_cell_congresses",
    "term_on",
    "terms_on",
]


def congresses_in_force() -> QuerySet[Congress]:
    """Congress rows not withdrawn and not replaced by a correction."""
    return Congress.objects.in_force()


def records_in_force() -> QuerySet[PositionRecord]:
    """Position rows not withdrawn and not replaced by a correction."""
    return PositionRecord.objects.in_force()


def seats_on(on: date, org_ids: Collection[int] | None = None) -> QuerySet[PositionRecord]:
    """The ``STARTED`` rows whose seat is held on ``on`` (at ``org_ids`` when given)."""
    corrected = PositionRecord.objects.filter(corrects=OuterRef("pk"))
    ended = PositionRecord.objects.filter(
        ends=OuterRef("pk"), kind=RecordKind.ENDED, withdrawn=False, effective_on__lte=on
    ).exclude(Exists(PositionRecord.objects.filter(corrects=OuterRef("pk"))))
    rows = (
        PositionRecord.objects.filter(kind=RecordKind.STARTED, withdrawn=False, effective_on__lte=on)
        .exclude(Exists(corrected))
        .exclude(Exists(ended))
    )
    if org_ids is not None:
        rows = rows.filter(organization_id__in=list(org_ids))
    return rows


def ending_of(start: PositionRecord) -> PositionRecord | None:
    """The ending in force of a seat, if any."""
    return records_in_force().filter(ends=start, kind=RecordKind.ENDED).order_by("-pk").first()


_RANK = {p: i for i, p in enumerate(Position.values)}


@dataclass
class Leadership:
    """Who leads an organization on a day. ``seats`` are the STARTED rows, highest position first."""

    organization_id: int
    on: date
    seats: list[PositionRecord] = field(default_factory=list)

    @property
    def secretary(self) -> PositionRecord | None:
        return next((s for s in self.seats if s.position == Position.SECRETARY), None)

    @property
    def deputies(self) -> list[PositionRecord]:
        return [s for s in self.seats if s.position == Position.DEPUTY_SECRETARY]

    @property
    def committee_seats(self) -> list[PositionRecord]:
        """Plain committee members (cấp ủy viên, ủy viên ban thường vụ), beside secretary and deputies."""
        return [s for s in self.seats if s.position in COMMITTEE_SEATS]

    @property
    def has_committee(self) -> bool:
        """A committee (chi ủy, ban chấp hành) stands: some plain committee member holds a seat. A small
        cell's secretary and deputy alone are not a committee (RULES.md §1.3)."""
        return bool(self.committee_seats)

    @property
    def person_ids(self) -> frozenset[int]:
        return frozenset(s.person_id for s in self.seats)


def leadership_of(org_ids: Collection[int], on: date) -> dict[int, Leadership]:
    """Every organization of ``org_ids`` with its leadership on ``on`` (empty when nobody holds a seat)."""
    result = {org_id: Leadership(org_id, on) for org_id in org_ids}
    rows = seats_on(on, org_ids).select_related("person", "congress")
    for seat in sorted(rows, key=lambda s: (_RANK[s.position], s.effective_on, s.pk)):
        result[seat.organization_id].seats.append(seat)
    return result


def leadership_on(org: Organization, on: date) -> Leadership:
    """The secretary, the deputies and the committee of ``org`` on ``on``."""
    return leadership_of([org.pk], on)[org.pk]


@dataclass(frozen=True)
class Term:
    """The term an organization is in on a day, opened by ``congress`` (a regular congress or an
    appointment). ``kind`` is the organization's kind when the term opened: it chose the rule."""

    organization_id: int
    congress: Congress
    kind: str

    @property
    def first_year(self) -> int:
        return self.congress.term_first_year

    @property
    def last_year(self) -> int:
        return self.congress.term_last_year

    @property
    def label(self) -> str:
        return self.congress.term_label

    @property
    def opened_on(self) -> date:
        return self.congress.held_on

    @property
    def due_on(self) -> date:
        return rules.term_due_on(self.opened_on, self.last_year)

    @property
    def latest_on(self) -> date:
        return rules.term_latest_on(self.kind, self.opened_on, self.last_year)

    def is_overdue(self, on: date) -> bool:
        return rules.is_term_overdue(self.kind, self.opened_on, self.last_year, on)

    def finding(self, on: date) -> rules.Finding | None:
        return rules.overdue_finding(self.kind, self.opened_on, self.first_year, self.last_year, on)


def kinds_on(pairs: Iterable[tuple[int, date]]) -> dict[tuple[int, date], str]:
    """The kind of each organization on each day of ``pairs``, from its versions (one query)."""
    wanted = list(pairs)
    versions: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    rows = OrgVersion.objects.filter(organization_id__in={org for org, _ in wanted}).values_list(
        "organization_id", "valid_from", "valid_until", "kind"
    )
    for org_id, start, until, kind in rows:
        versions[org_id].append((start, until, kind))
    found: dict[tuple[int, date], str] = {}
    for org_id, day in wanted:
        for start, until, kind in versions[org_id]:
            if start <= day and (until is None or day < until):
                found[(org_id, day)] = kind
                break
    return found


def _terms(congresses: Iterable[Congress]) -> list[Term]:
    rows = list(congresses)
    kinds = kinds_on((c.organization_id, c.held_on) for c in rows)
    return [Term(c.organization_id, c, kinds.get((c.organization_id, c.held_on), "")) for c in rows]


def terms_on(org_ids: Collection[int], on: date) -> dict[int, Term]:
    """The term each organization of ``org_ids`` is in on ``on``: the last term-opening congress held
    on or before ``on``. Organizations without one are left out."""
    rows = (
        congresses_in_force()
        .filter(organization_id__in=list(org_ids), held_on__lte=on, kind__in=TERM_OPENING_KINDS)
        .order_by("organization_id", "held_on", "pk")
    )
    last: dict[int, Congress] = {}
    for congress in rows:
        last[congress.organization_id] = congress
    return {term.organization_id: term for term in _terms(last.values())}


def term_on(org: Organization, on: date) -> Term | None:
    return terms_on([org.pk], on).get(org.pk)


def term_history(org_ids: Collection[int]) -> list[Term]:
    """Every term of ``org_ids``, in the order they opened."""
    rows = (
        congresses_in_force()
        .filter(organization_id__in=list(org_ids), kind__in=TERM_OPENING_KINDS)
        .order_by("organization_id", "held_on", "pk")
    )
    return _terms(rows)


@dataclass(frozen=True)
class Overdue:
    """An organization on a day whose term has run past its latest congress day, or that has no term."""

    version: OrgVersion
    term: Term | None
    on: date

    @property
    def message(self) -> str:
        if self.term is None:
            return "Chưa có dữ liệu đại hội, nhiệm kỳ."
        finding = self.term.finding(self.on)
        return finding.message if finding else ""


def overdue_on(org_ids: Collection[int], on: date, *, include_unknown: bool = False) -> list[Overdue]:
    """Organizations of ``org_ids`` standing on ``on`` whose term is overdue that day (RULES.md §1.4).

    ``include_unknown`` adds those with no term recorded at all (no congress, no appointment)."""
    versions = list(
        OrgVersion.objects.filter(valid_on(on), organization_id__in=list(org_ids))
        .exclude(kind=OrgKind.CENTRAL)
        .select_related("organization")
    )
    terms = terms_on([v.organization_id for v in versions], on)
    found: list[Overdue] = []
    for version in versions:
        term = terms.get(version.organization_id)
        if term is None:
            if include_unknown:
                found.append(Overdue(version, None, on))
        elif term.is_overdue(on):
            found.append(Overdue(version, term, on))
    return sorted(found, key=lambda o: o.version.organization.code)


def official_members_of(org: Organization, on: date, *, subtree: bool) -> int:
    """Official members held at ``org`` (or anywhere in its subtree) on ``on``: the count the 9-member
    threshold uses (probationary members do not count, RULES.md §8 item 4)."""
    org_ids = subtree_ids(org, on) if subtree else {org.pk}
    return (
        MembershipInterval.objects.filter(
            valid_on(on), organization_id__in=org_ids, status=MemberStatus.OFFICIAL
        )
        .values("person_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class CellRound:
    """The congresses of the subordinate cells under an organization for one term."""

    first_year: int
    last_year: int
    on: date  # the day the cells are taken from the tree
    held: list[tuple[OrgVersion, Congress]]
    missing: list[OrgVersion]

    @property
    def label(self) -> str:
        return f"{self.first_year}–{self.last_year}"


def subordinate_cell_congresses(
    root: Organization, first_year: int, last_year: int, *, on: date | None = None
) -> CellRound:
    """ "Đại hội chi bộ trực thuộc nhiệm kỳ ``first_year``–``last_year``": the subordinate cells of
    ``root``'s subtree (as it stood on ``on``, by default 31/12 of ``first_year``, the end of the round)
    that held the congress opening that term, and those still missing it."""
    day = on or date(first_year, 12, 31)
    ids = subtree_ids(root, day)
    cells = list(
        OrgVersion.objects.filter(valid_on(day), organization_id__in=ids, kind=OrgKind.CELL).select_related(
            "organization"
        )
    )
    congresses = congresses_in_force().filter(
        organization_id__in=[c.organization_id for c in cells],
        term_first_year=first_year,
        term_last_year=last_year,
        kind__in=TERM_OPENING_KINDS,
    )
    by_org: dict[int, Congress] = {}
    for congress in congresses.order_by("held_on", "pk"):
        by_org.setdefault(congress.organization_id, congress)
    cells.sort(key=lambda v: v.organization.code)
    held = [(v, by_org[v.organization_id]) for v in cells if v.organization_id in by_org]
    missing = [v for v in cells if v.organization_id not in by_org]
    return CellRound(first_year, last_year, day, held, missing)
