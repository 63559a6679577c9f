"""Reads: who is expected at a cell's meeting, the meetings in force, absences, residence ties.

Who is expected (RULES.md §5, §2.7, §2.8) comes from the members' derived rows:

- the members of the cell that day (:class:`MembershipInterval`), except those whose temporary
  activity place that day (:class:`TemporaryPlacement`) is elsewhere: temporary members attend at
  their temporary cell (QĐ 24 / QĐ 232 §6.3.2), and a member placed outside partyorg (abroad, another
  province) is expected nowhere in it;
- plus the members placed there temporarily;
- minus, in both cases, members exempt from work and activities (``is_exempt``: "không bắt buộc
  sinh hoạt", RULES.md §2.8), members suspended from party activity (``is_suspended``: they may not
  attend while suspended, interpretation of "đình chỉ sinh hoạt đảng") and members in transit
  (``in_transit``: held at the destination but not yet presented there, RULES.md §2.7).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from partyorg.meetings.models import Attendance, AttendanceStatus, Meeting, ResidenceComment, ResidenceTie
from partyorg.members.models import MembershipInterval, Person, TemporaryPlacement
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgVersion, valid_on
from partyorg.rules import meetings as rules
from partyorg.rules import residence as residence_rules

__all__ = [
    "AbsenceRecord",
    "absence_records",
    "attendance_counts",
    "cells_among",
    "comments_in_force",
    "expected_attendees",
    "expected_for",
    "meetings_in",
    "meetings_in_force",
    "missing_comments",
    "ties_in_force",
]


def _overlaps(start: date, end: date) -> Q:
    """Rows whose ``[valid_from, valid_until)`` meets ``[start, end]``."""
    return Q(valid_from__lte=end) & (Q(valid_until__isnull=True) | Q(valid_until__gt=start))


def _holds(valid_from: date, valid_until: date | None, day: date) -> bool:
    return valid_from <= day and (valid_until is None or day < valid_until)


def expected_for(pairs: Iterable[tuple[int, date]]) -> dict[tuple[int, date], set[int]]:
    """For each (cell id, day): the ids of the persons expected at a meeting of that cell that day.

    Three queries whatever the number of pairs (the intervals of the cells over the days' span, the
    temporary placements at them or of their members, the intervals of the temporarily placed),
    then a walk in Python: what the demo's 30.000 members × 18 months need.
    """
    days_by_cell: dict[int, set[date]] = defaultdict(set)
    for cell_id, day in pairs:
        days_by_cell[cell_id].add(day)
    found: dict[tuple[int, date], set[int]] = {
        (cell_id, day): set() for cell_id, days in days_by_cell.items() for day in days
    }
    if not found:
        return found
    first = min(day for _, day in found)
    last = max(day for _, day in found)
    span = _overlaps(first, last)
    cells = list(days_by_cell)
    columns = ("person_id", "organization_id", "valid_from", "valid_until")
    intervals = list(
        MembershipInterval.objects.filter(span, organization_id__in=cells).values_list(
            *columns, "is_exempt", "is_suspended", "in_transit"
        )
    )
    members = {row[0] for row in intervals}
    placements = list(
        TemporaryPlacement.objects.filter(span)
        .filter(Q(organization_id__in=cells) | Q(person_id__in=members))
        .values_list(*columns)
    )
    placed_by_person: dict[int, list[tuple[int | None, date, date | None]]] = defaultdict(list)
    for person_id, org_id, start, until in placements:
        placed_by_person[person_id].append((org_id, start, until))

    def placed_on(person_id: int, day: date) -> tuple[bool, int | None]:
        for org_id, start, until in placed_by_person.get(person_id, ()):
            if _holds(start, until, day):
                return True, org_id
        return False, None

    for person_id, org_id, start, until, exempt, suspended, transit in intervals:
        if exempt or suspended or transit:
            continue
        for day in days_by_cell[org_id]:
            if _holds(start, until, day) and not placed_on(person_id, day)[0]:
                found[org_id, day].add(person_id)
    # The temporarily placed: expected at their temporary cell while they are members able to attend.
    incoming = {p for p, org_id, _, _ in placements if org_id in days_by_cell}
    if incoming:
        able: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for person_id, start, until in MembershipInterval.objects.filter(
            span, person_id__in=incoming, is_exempt=False, is_suspended=False, in_transit=False
        ).values_list("person_id", "valid_from", "valid_until"):
            able[person_id].append((start, until))
        for person_id, org_id, start, until in placements:
            if org_id not in days_by_cell:
                continue
            for day in days_by_cell[org_id]:
                if _holds(start, until, day) and any(_holds(s, u, day) for s, u in able[person_id]):
                    found[org_id, day].add(person_id)
    return found


def expected_attendees(cell: Organization, day: date) -> QuerySet[Person]:
    """The persons expected at a meeting of ``cell`` on ``day`` (see the module docstring)."""
    ids = expected_for([(cell.pk, day)])[cell.pk, day]
    return Person.objects.filter(pk__in=ids).order_by("full_name", "code")


def cells_among(org_ids: Collection[int], on: date) -> set[int]:
    """The organizations of ``org_ids`` that hold members directly (cells) on ``on``."""
    return set(
        OrgVersion.objects.filter(
            valid_on(on), organization_id__in=org_ids, kind__in=MEMBER_HOLDING_KINDS
        ).values_list("organization_id", flat=True)
    )


def meetings_in_force() -> QuerySet[Meeting]:
    """Meetings nobody corrected and not withdrawn."""
    return Meeting.objects.in_force()


def meetings_in(org_ids: Collection[int], start: date, end: date) -> QuerySet[Meeting]:
    """Meetings in force of ``org_ids`` held in ``[start, end)``."""
    return meetings_in_force().filter(organization_id__in=org_ids, held_on__gte=start, held_on__lt=end)


def attendance_counts(meeting_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """Meeting id → its attendance lines counted by status (``AttendanceStatus`` values, a status
    nobody had left out) and ``"expected"``, all of them: one grouped query for a page of meetings
    (not a join over every meeting)."""
    counted: dict[int, dict[str, int]] = {pk: {} for pk in meeting_ids}
    for meeting_id, status, n in (
        Attendance.objects.filter(meeting_id__in=list(counted))
        .values_list("meeting_id", "status")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "status", "n")
    ):
        counted[meeting_id][status] = n
    for by_status in counted.values():
        by_status["expected"] = sum(by_status.values())
    return counted


@dataclass(frozen=True)
class AbsenceRecord:
    """A member's unexcused absences that count toward the removal ground in one year."""

    person_id: int
    year: int
    months: tuple[int, ...]  # the months (1–12) with a counted unexcused absence
    meeting_ids: tuple[int, ...]  # the meetings behind them

    @property
    def counted_months(self) -> int:
        return rules.counted_absence_months(self.months)

    @property
    def warned(self) -> bool:
        return self.counted_months >= rules.REMOVAL_ABSENCE_MONTHS


def absence_records(
    year: int,
    *,
    org_ids: Collection[int] | None = None,
    person_ids: Collection[int] | None = None,
    before: date | None = None,
) -> dict[int, AbsenceRecord]:
    """Per person: the unexcused absences of ``year`` that count (RULES.md §2.9; which meeting kinds
    count: ``rules.meetings.absence_counts``), at meetings of ``org_ids`` and/or of ``person_ids``,
    held before ``before`` when given (the year so far)."""
    start, end = year_bounds(year)
    held = meetings_in_force().filter(held_on__gte=start, held_on__lt=min(end, before or end))
    rows = Attendance.objects.filter(status=AttendanceStatus.UNEXCUSED, meeting__in=held)
    if org_ids is not None:
        rows = rows.filter(meeting__organization_id__in=org_ids)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    months: dict[int, set[int]] = defaultdict(set)
    meetings: dict[int, set[int]] = defaultdict(set)
    for person_id, meeting_id, kind, held_on in rows.values_list(
        "person_id", "meeting_id", "meeting__kind", "meeting__held_on"
    ):
        if rules.absence_counts(kind):
            months[person_id].add(held_on.month)
            meetings[person_id].add(meeting_id)
    return {
        person_id: AbsenceRecord(person_id, year, tuple(sorted(ms)), tuple(sorted(meetings[person_id])))
        for person_id, ms in months.items()
    }


# -- residence ties (QĐ 213) ------------------------------------------------------------------


def ties_in_force() -> QuerySet[ResidenceTie]:
    return ResidenceTie.objects.in_force()


def comments_in_force() -> QuerySet[ResidenceComment]:
    return ResidenceComment.objects.in_force()


def work_cells(person_ids: Collection[int], on: date) -> dict[int, int]:
    """person id → the organization they officially belong to on ``on``."""
    return dict(
        MembershipInterval.objects.filter(valid_on(on), person_id__in=person_ids).values_list(
            "person_id", "organization_id"
        )
    )


def ties_of(
    org_ids: Collection[int], on: date, *, side: str = "work"
) -> list[tuple[ResidenceTie, int | None]]:
    """(tie, work cell id) for the ties holding on ``on`` whose member's work cell (``side="work"``)
    or whose residence organization (``side="residence"``) is in ``org_ids``."""
    ties = ties_in_force().filter(Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on)))
    if side == "residence":
        ties = ties.filter(residence_organization_id__in=org_ids)
        found = list(ties.select_related("person"))
        cells = work_cells({t.person_id for t in found}, on)
        return [(t, cells.get(t.person_id)) for t in found]
    if side != "work":
        raise ValueError(side)
    held = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
    found = list(ties.filter(person_id__in=held.values("person_id")).select_related("person"))
    cells = work_cells({t.person_id for t in found}, on)
    return [(t, cells.get(t.person_id)) for t in found]


def missing_comments(
    org_ids: Collection[int], year: int, *, side: str = "work"
) -> list[tuple[ResidenceTie, int | None]]:
    """The ties owing a yearly comment for ``year`` (category REGULAR, QĐ 213 [V]; not the two HD 33
    categories) with none recorded: the members whose work cell on 31/12 of ``year`` (``side="work"``),
    or whose residence organization (``side="residence"``), is in ``org_ids``. A tie that held on
    31/12 is owed a comment; one that ended during the year is not (the member left)."""
    year_end = date(year, 12, 31)
    if not residence_rules.needs_yearly_comment(residence_rules.REGULAR, year):
        return []
    commented = set(comments_in_force().filter(year=year).values_list("tie__person_id", flat=True))
    return [
        (tie, cell)
        for tie, cell in ties_of(org_ids, year_end, side=side)
        if residence_rules.needs_yearly_comment(tie.category, year) and tie.person_id not in commented
    ]


def year_bounds(year: int) -> tuple[date, date]:
    """``[01/01/year, 01/01/year+1)``."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def last_day_of(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)
