"""Cell meetings over a period, for an organization's subtree (RULES.md §5, §2.9).

"100% chi bộ duy trì sinh hoạt thường kỳ hằng tháng", "tỷ lệ đảng viên dự sinh hoạt bình quân 92,4%":
each figure carries the cells, meetings, attendance rows or people behind it, and a share its
denominator. The subtree is the tree as it stood on the period's closing day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from partyorg.core.known import known_moment
from partyorg.meetings import summary
from partyorg.meetings.findings import complete_months
from partyorg.meetings.models import (
    AbsenceMonth,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingMonth,
)
from partyorg.meetings.queries import absence_records, last_day_of, meetings_in_force
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgVersion
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import ids_in, subtree_on
from partyorg.rules import meetings as rules

TALLY = ("tally__present", "tally__excused", "tally__unexcused")  # meetings.summary's stored counts
STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)

__all__ = ["AttendanceRate", "MeetingFigure", "MeetingsFigures", "meeting_figures", "meeting_figures_scan"]


class MeetingFigure:
    """A count of meetings in force, and which, with the count per kind. On the fast path the
    count comes from the stored months and the meetings are fetched when the figure is opened."""

    __slots__ = ("_ids", "_load", "by_kind")

    def __init__(
        self,
        meeting_ids: frozenset[int] | None = None,
        by_kind: dict[str, int] | None = None,
        *,
        load: Callable[[], frozenset[int]] | None = None,
    ) -> None:
        self._ids = meeting_ids if meeting_ids is not None or load is not None else frozenset()
        self._load = load
        self.by_kind = by_kind or {}

    @property
    def meeting_ids(self) -> frozenset[int]:
        if self._ids is None:
            assert self._load is not None
            self._ids = self._load()
        return self._ids

    @property
    def value(self) -> int:
        return len(self._ids) if self._ids is not None else sum(self.by_kind.values())

    def __int__(self) -> int:
        return self.value

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MeetingFigure)
            and self.by_kind == other.by_kind
            and self.meeting_ids == other.meeting_ids
        )

    def __hash__(self) -> int:
        return hash(self.meeting_ids)

    def __repr__(self) -> str:
        return f"MeetingFigure(value={self.value}, by_kind={self.by_kind})"


@dataclass(frozen=True)
class AttendanceRate:
    """Present over expected, pooled over the meetings: Σ present / Σ members on the meetings'
    lists (each meeting's list is who was expected that day, ``meetings.queries.expected_for``).
    Pooled, not the mean of each meeting's rate, so that a cell of 40 weighs more than one of 4."""

    present: int
    expected: int  # the denominator: attendance rows
    excused: int
    unexcused: int
    meetings: MeetingFigure

    @property
    def meeting_ids(self) -> frozenset[int]:
        return self.meetings.meeting_ids

    @property
    def share(self) -> float | None:
        """Percent present, None when nobody was expected."""
        return 100 * self.present / self.expected if self.expected else None

    def rows(self) -> QuerySet[Attendance]:
        """The attendance rows behind the figure (``expected`` of them)."""
        return Attendance.objects.filter(meeting_id__in=self.meeting_ids)


@dataclass(frozen=True)
class MeetingsFigures:
    period: Period
    months_judged: tuple[tuple[int, int], ...]  # complete months of the period, already over
    cells: OrgFigure  # cells judged: a cell through at least one of those months
    cells_every_regular: OrgFigure  # of them: a regular (or combined) meeting in every month judged
    meetings: MeetingFigure
    attendance: AttendanceRate
    absence_warnings: PeopleFigure  # unexcused absence 3 months in a year (RULES.md §2.9)

    @property
    def cells_every_regular_share(self) -> float | None:
        return 100 * self.cells_every_regular.value / self.cells.value if self.cells.value else None


def _attendance_scan(meeting_ids: Collection[int]) -> dict[str, int]:
    """The attendance lines of the meetings counted by status: the plain way."""
    return dict(
        Attendance.objects.filter(meeting_id__in=list(meeting_ids))
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


Versions = list[tuple[date, date | None, str]]


def _versions(org_ids: Collection[int], period: Period) -> dict[int, Versions]:
    """Each organization's versions over ``period``: (from, until, kind), in one query."""
    found: dict[int, Versions] = defaultdict(list)
    rows = (
        OrgVersion.objects.filter(valid_from__lt=period.end)
        .exclude(valid_until__lte=period.start)
        .extra(where=[ids_in('"organizations_orgversion"."organization_id"', org_ids)])
        .values_list("organization_id", "valid_from", "valid_until", "kind")
    )
    for org_id, start, until, kind in rows:
        found[org_id].append((start, until, kind))
    return found


def _kind_on(versions: Versions, day: date) -> str | None:
    """The kind of the version holding on ``day`` (as ``findings.CellHistory``), or None."""
    return next(
        (kind for start, until, kind in versions if start <= day and (until is None or day < until)), None
    )


def meeting_figures_scan(root: Organization, period: Period, *, today: date | None = None) -> MeetingsFigures:
    """:func:`meeting_figures` counting every attendance line (the plain scan the fast path is
    checked against)."""
    return meeting_figures(root, period, today=today, plain=True)


def _judged_months(versions: Versions, months: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The months of ``months`` the organization was a cell (a member-holding kind) all month."""
    if len(versions) == 1 and months:  # one version over the period: a cell all of it, or none of it
        start, until, kind = versions[0]
        first, last = date(*months[0], 1), last_day_of(*months[-1])
        if start <= first and (until is None or last < until):
            return set(months) if kind in MEMBER_HOLDING_KINDS else set()
    return {
        (year, month)
        for year, month in months
        if _kind_on(versions, date(year, month, 1)) in MEMBER_HOLDING_KINDS
        and _kind_on(versions, last_day_of(year, month)) in MEMBER_HOLDING_KINDS
    }


def _full_months(period: Period) -> tuple[date, date]:
    """``[first, end)``: the whole months inside ``period`` (first == end when there is none)."""
    first = summary.month_of(period.start)
    if first < period.start:
        first = summary.next_month(first)
    end = max(first, summary.month_of(period.end))
    return first, end


def _meetings_in(cells: Collection[int], start: date, end: date) -> QuerySet[Meeting]:
    meetings = meetings_in_force().filter(held_on__gte=start, held_on__lt=end)
    return meetings.extra(where=[ids_in('"meetings_meeting"."organization_id"', cells)])


def _absence_months(year: int, cells: Collection[int], before: date, stored: bool) -> dict[int, set[int]]:
    """person → the months (1–12) of ``year`` with an unexcused absence that counts (RULES.md §2.9),
    at meetings of ``cells`` held before ``before``: the whole months from the stored absences and
    the days of a month cut by ``before`` from the lines when ``stored``, else all from the lines."""
    start, end = date(year, 1, 1), min(date(year + 1, 1, 1), before)
    if not stored:
        return {p: set(r.months) for p, r in absence_records(year, org_ids=cells, before=end).items()}
    found: dict[int, set[int]] = defaultdict(set)
    whole_end = summary.month_of(end)
    kinds = [kind for kind in MeetingKind.values if rules.absence_counts(kind)]
    rows = (
        AbsenceMonth.objects.filter(month__gte=start, month__lt=whole_end, kind__in=kinds)
        .extra(where=[ids_in('"meetings_absencemonth"."organization_id"', cells)])
        .values_list("person_id", "month")
    )
    for person_id, month in rows:
        found[person_id].add(month.month)
    if whole_end < end:  # the days of the last month up to ``before``
        days = _meetings_in(cells, whole_end, end).filter(kind__in=kinds)  # a month's: a few thousand
        lines = Attendance.objects.filter(
            status=AttendanceStatus.UNEXCUSED, meeting_id__in=list(days.values_list("pk", flat=True))
        )
        for person_id in lines.values_list("person_id", flat=True):
            found[person_id].add(whole_end.month)
    return found


def meeting_figures(
    root: Organization, period: Period, *, today: date | None = None, plain: bool = False
) -> MeetingsFigures:
    """The meeting figures of ``root``'s subtree (as it stood on ``period.closing_day``) over ``period``.

    The whole months of the period are read from the stored months (``meetings.summary``: the
    meetings in force of each organization, month and kind with their attendance summed, and who
    was absent without excuse), the days before the first and after the last whole month from the
    meetings and their stored tallies; the meetings themselves are fetched when the figure is
    opened. Counted meeting by meeting, line by line when ``plain``, when the months are not held
    yet, and when the records are read as known on a past moment (``core.known``: a meeting recorded
    since is not there).

    Absence warnings: the members whose unexcused absences from meetings of the subtree reach three
    months of a calendar year touched by the period, counting that year from 1 January up to the
    period's end (RULES.md §2.9 counts per calendar year [U]).
    """
    today = today or timezone.localdate()
    org_ids = subtree_on(root, period.closing_day)
    versions = _versions(org_ids, period)
    cells = {
        org_id
        for org_id, rows in versions.items()
        if (kind := _kind_on(rows, period.closing_day)) is not None and kind in MEMBER_HOLDING_KINDS
    }
    months = complete_months(period.start, period.end, today)
    judged_months = {org_id: _judged_months(versions[org_id], months) for org_id in cells}
    judged = {org_id for org_id, found in judged_months.items() if found}
    stored = not plain and known_moment() is None and summary.held()
    by_kind: dict[str, int] = defaultdict(int)
    tally = [0, 0, 0]  # present, excused, unexcused
    regular_months: set[tuple[int, int, int]] = set()
    if stored:
        first, end = _full_months(period)
        edges = [(period.start, period.end)] if first >= end else [(period.start, first), (end, period.end)]
        rows = (
            MeetingMonth.objects.filter(month__gte=first, month__lt=end)
            .extra(where=[ids_in('"meetings_meetingmonth"."organization_id"', cells)])
            .values_list("kind")
            .annotate(n=Sum("meetings"), p=Sum("present"), e=Sum("excused"), u=Sum("unexcused"))
            .values_list("kind", "n", "p", "e", "u")
        )
        for kind, n, *counted in rows:
            by_kind[kind] += n
            tally = [total + c for total, c in zip(tally, counted, strict=True)]
        # The cells' months with a regular (or combined) meeting among the months judged: counted
        # per cell for the cells judged every month (a cell misses one if it has fewer), listed for
        # the few judged some months only (the tree changed during the period).
        regular = [kind for kind in MeetingKind.values if rules.counts_as_regular(kind)]
        whole = {org_id for org_id in judged if len(judged_months[org_id]) == len(months)}
        with_regular = MeetingMonth.objects.filter(
            kind__in=regular, month__in=[date(y, m, 1) for y, m in months]
        )
        counted_months = dict(
            with_regular.extra(where=[ids_in('"meetings_meetingmonth"."organization_id"', whole)])
            .values_list("organization_id")
            .annotate(n=Count("month", distinct=True))
            .values_list("organization_id", "n")
        )
        regular_months = {
            (org_id, year, month)
            for org_id in whole
            if counted_months.get(org_id) == len(months)
            for year, month in months
        }
        if some := judged - whole:
            partly = (
                with_regular.extra(where=[ids_in('"meetings_meetingmonth"."organization_id"', some)])
                .values_list("organization_id", "month")
                .distinct()
            )
            regular_months |= {(org_id, month.year, month.month) for org_id, month in partly}
        for start, stop in edges:
            if start < stop:
                for kind, *counted in _meetings_in(cells, start, stop).values_list("kind", *TALLY):
                    by_kind[kind] += 1
                    tally = [total + (c or 0) for total, c in zip(tally, counted, strict=True)]
        meetings = MeetingFigure(
            by_kind=dict(by_kind),
            load=lambda: frozenset(
                _meetings_in(cells, period.start, period.end).values_list("pk", flat=True)
            ),
        )
        counts: dict[str, int] = dict(zip(STATUSES, tally, strict=True))
    else:
        # each meeting with its stored tally in the same query, unless counted line by line
        tallied = not plain and known_moment() is None
        ids = set()
        for pk, org_id, kind, held_on, *counted in _meetings_in(cells, period.start, period.end).values_list(
            "pk", "organization_id", "kind", "held_on", *(TALLY if tallied else ())
        ):
            ids.add(pk)
            by_kind[kind] += 1
            if counted:
                tally = [total + (c or 0) for total, c in zip(tally, counted, strict=True)]
            if rules.counts_as_regular(kind):
                regular_months.add((org_id, held_on.year, held_on.month))
        meetings = MeetingFigure(frozenset(ids), dict(by_kind))
        counts = dict(zip(STATUSES, tally, strict=True)) if tallied else _attendance_scan(ids)
    missed = {
        org_id
        for org_id in judged
        if any((org_id, year, month) not in regular_months for year, month in judged_months[org_id])
    }
    warned: set[int] = set()
    for year in range(period.start.year, period.closing_day.year + 1):
        found = _absence_months(year, cells, period.end, stored)
        warned |= {
            person_id
            for person_id, ms in found.items()
            if rules.counted_absence_months(ms) >= rules.REMOVAL_ABSENCE_MONTHS
        }
    return MeetingsFigures(
        period=period,
        months_judged=tuple(months),
        cells=OrgFigure(frozenset(judged)),
        cells_every_regular=OrgFigure(frozenset(judged - missed)),
        meetings=meetings,
        attendance=AttendanceRate(
            present=counts.get(AttendanceStatus.PRESENT, 0),
            expected=sum(counts.values()),
            excused=counts.get(AttendanceStatus.EXCUSED, 0),
            unexcused=counts.get(AttendanceStatus.UNEXCUSED, 0),
            meetings=meetings,
        ),
        absence_warnings=PeopleFigure(frozenset(warned)),
    )
