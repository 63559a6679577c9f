"""Cell meetings over a period, for an organization's subtree (RULES.md §5, §2.9).

"100% chi bộ duy trì sinh hoạt thường kỳ hằng tháng", "tỷ lệ đảng viên dự sinh hoạt bình quân 92,4%":
each figure carries the cells, meetings, attendance rows or people behind it, and a share its
denominator. The subtree is the tree as it stood on the period's closing day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from partyorg.core.known import known_moment
from partyorg.meetings.findings import complete_months
from partyorg.meetings.models import Attendance, AttendanceStatus
from partyorg.meetings.queries import absence_records, last_day_of, meetings_in_force
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgVersion
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import ids_in, subtree_on
from partyorg.rules import meetings as rules

TALLY = ("tally__present", "tally__excused", "tally__unexcused")  # meetings.summary's stored counts
STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)

__all__ = ["AttendanceRate", "MeetingFigure", "MeetingsFigures", "meeting_figures", "meeting_figures_scan"]


@dataclass(frozen=True)
class MeetingFigure:
    """A count of meetings in force, and which, with the count per kind."""

    meeting_ids: frozenset[int]
    by_kind: dict[str, int]

    @property
    def value(self) -> int:
        return len(self.meeting_ids)

    def __int__(self) -> int:
        return self.value


@dataclass(frozen=True)
class AttendanceRate:
    """Present over expected, pooled over the meetings: Σ present / Σ members on the meetings'
    lists (each meeting's list is who was expected that day, ``meetings.queries.expected_for``).
    Pooled, not the mean of each meeting's rate, so that a cell of 40 weighs more than one of 4."""

    present: int
    expected: int  # the denominator: attendance rows
    excused: int
    unexcused: int
    meeting_ids: frozenset[int]

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


def meeting_figures(
    root: Organization, period: Period, *, today: date | None = None, plain: bool = False
) -> MeetingsFigures:
    """The meeting figures of ``root``'s subtree (as it stood on ``period.closing_day``) over ``period``.

    Attendance is summed from each meeting's stored tally; counted line by line when ``plain``, and
    when the records are read as known on a past moment (``core.known``: a meeting recorded since
    is not there, nor its tally's share).

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
    meetings = meetings_in_force().filter(held_on__gte=period.start, held_on__lt=period.end)
    meetings = meetings.extra(where=[ids_in('"meetings_meeting"."organization_id"', cells)])
    regular_months: set[tuple[int, int, int]] = set()
    by_kind: dict[str, int] = {}
    ids = set()
    tallied = not plain and known_moment() is None
    columns = ("pk", "organization_id", "kind", "held_on")
    # on the fast path each meeting comes with its stored tally, in the same query
    tally = [0, 0, 0]  # present, excused, unexcused
    for pk, org_id, kind, held_on, *counted in meetings.values_list(*columns, *(TALLY if tallied else ())):
        if counted:
            tally = [total + (n or 0) for total, n in zip(tally, counted, strict=True)]
        ids.add(pk)
        by_kind[kind] = by_kind.get(kind, 0) + 1
        if rules.counts_as_regular(kind):
            regular_months.add((org_id, held_on.year, held_on.month))
    judged: set[int] = set()
    missed: set[int] = set()
    for org_id in cells:
        for year, month in months:
            first, last = (
                _kind_on(versions[org_id], date(year, month, 1)),
                _kind_on(versions[org_id], last_day_of(year, month)),
            )
            if first in MEMBER_HOLDING_KINDS and last in MEMBER_HOLDING_KINDS:  # a cell all month
                judged.add(org_id)
                if (org_id, year, month) not in regular_months:
                    missed.add(org_id)
    counts = dict(zip(STATUSES, tally, strict=True)) if tallied else _attendance_scan(ids)
    warned: set[int] = set()
    for year in range(period.start.year, period.closing_day.year + 1):
        records = absence_records(year, org_ids=cells, before=period.end)
        warned |= {person_id for person_id, record in records.items() if record.warned}
    return MeetingsFigures(
        period=period,
        months_judged=tuple(months),
        cells=OrgFigure(frozenset(judged)),
        cells_every_regular=OrgFigure(frozenset(judged - missed)),
        meetings=MeetingFigure(frozenset(ids), by_kind),
        attendance=AttendanceRate(
            present=counts.get(AttendanceStatus.PRESENT, 0),
            expected=sum(counts.values()),
            excused=counts.get(AttendanceStatus.EXCUSED, 0),
            unexcused=counts.get(AttendanceStatus.UNEXCUSED, 0),
            meeting_ids=frozenset(ids),
        ),
        absence_warnings=PeopleFigure(frozenset(warned)),
    )
