"""What the meeting figures read instead of every meeting and attendance line, all derived:

* :class:`~partyorg.meetings.models.MeetingTally`, each meeting's attendance lines counted: written
  with the meeting, rebuilt from the lines at any time (:func:`rebuild`), compared with them by a test;
* :class:`~partyorg.meetings.models.MeetingMonth`, the meetings in force of an organization, month
  and kind with their tallies summed, and :class:`~partyorg.meetings.models.AbsenceMonth`, who was
  absent without excuse from them: kept current in the same transaction as each meeting written,
  corrected or withdrawn (:func:`write_tallies` calls :func:`refresh`, which takes many meetings at
  once, so a batch path calls it once), made again from the meetings at any time
  (:func:`rebuild_months`, ``partyorg rebuild``) and compared with them by a test.

Nothing is held in the months before the first meeting written after those tables came (a database
migrated to them): that write builds them all, and until then the figures count the plain way, as
they do when the records are read as known on a past moment (``core.known``). A reorganization
changes nothing here: the rows are an organization's own; which organizations a figure takes is
the tree as it stood on its day, read when the figure is asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import Coalesce

from partyorg.core import bulk
from partyorg.core.known import known_moment
from partyorg.meetings.models import (
    AbsenceMonth,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingMonth,
    MeetingMonthsHeld,
    MeetingTally,
)

__all__ = [
    "ABSENCE_COLUMNS",
    "MONTH_COLUMNS",
    "computed_months",
    "counted",
    "held",
    "month_of",
    "next_month",
    "on_derived_refreshed",
    "rebuild",
    "rebuild_months",
    "refresh",
    "stored_months",
    "write_tallies",
]

STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)


def write_tallies(meetings: Sequence[Meeting], lines: Sequence[Iterable[tuple[int, str, str]]]) -> None:
    """The tallies of newly written ``meetings`` from their lines ``(person id, status, reason)``."""
    rows = []
    for meeting, meeting_lines in zip(meetings, lines, strict=True):
        by_status: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for _person_id, status, _reason in meeting_lines:
            by_status[status] += 1
        rows.append((meeting.pk, *(by_status[s] for s in STATUSES)))
    bulk.insert_rows(MeetingTally, ("meeting_id", "present", "excused", "unexcused"), rows)
    refresh([meeting.pk for meeting in meetings])


def counted(meeting_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int, int]]:
    """Meeting id → (present, excused, unexcused) counted from the attendance lines (the plain way)."""
    rows = Attendance.objects.all()
    if meeting_ids is not None:
        rows = rows.filter(meeting_id__in=list(meeting_ids))
    found: dict[int, dict[str, int]] = {}
    for meeting_id, status, n in (
        rows.values_list("meeting_id", "status")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "status", "n")
    ):
        found.setdefault(meeting_id, {})[status] = n
    return {pk: tuple(by.get(s, 0) for s in STATUSES) for pk, by in found.items()}  # type: ignore[misc]


def rebuild() -> int:
    """Every meeting's tally again from its lines; returns how many meetings."""
    MeetingTally.objects.all().delete()
    lines = counted()
    ids = list(Meeting.objects.values_list("pk", flat=True))
    bulk.insert_rows(
        MeetingTally,
        ("meeting_id", "present", "excused", "unexcused"),
        ((pk, *lines.get(pk, (0, 0, 0))) for pk in ids),
    )
    return len(ids)


# -- the months ---------------------------------------------------------------------------------

MONTH_COLUMNS = ("organization_id", "month", "kind", "meetings", "present", "excused", "unexcused")
ABSENCE_COLUMNS = ("organization_id", "month", "kind", "person_id")
CHUNK = 2000
MonthRow = tuple[int, date, str, int, int, int, int]  # MONTH_COLUMNS
AbsenceRow = tuple[int, date, str, int]  # ABSENCE_COLUMNS


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def held() -> bool:
    """Whether the months hold every meeting (else the figures count the plain way)."""
    return MeetingMonthsHeld.objects.exists()


def _computed(org_ids: Collection[int] | None, month: date) -> tuple[list[MonthRow], list[AbsenceRow]]:
    """The month's rows of these organizations (of all when None), from the meetings in force."""
    meetings = Meeting.objects.in_force().filter(held_on__gte=month, held_on__lt=next_month(month))
    if org_ids is not None:
        meetings = meetings.filter(organization_id__in=list(org_ids))
    months = [
        (org_id, month, kind, n, present, excused, unexcused)
        for org_id, kind, n, present, excused, unexcused in meetings.values_list("organization_id", "kind")
        .annotate(
            n=Count("pk"),
            p=Coalesce(Sum("tally__present"), 0),
            e=Coalesce(Sum("tally__excused"), 0),
            u=Coalesce(Sum("tally__unexcused"), 0),
        )
        .values_list("organization_id", "kind", "n", "p", "e", "u")
    ]
    absences = [
        (org_id, month, kind, person_id)
        for org_id, kind, person_id in Attendance.objects.filter(
            status=AttendanceStatus.UNEXCUSED, meeting__in=meetings.values("pk")
        )
        .values_list("meeting__organization_id", "meeting__kind", "person_id")
        .distinct()
    ]
    return months, absences


def _replace(org_ids: Collection[int], month: date) -> None:
    for at in range(0, len(org_ids), CHUNK):
        chunk = sorted(org_ids)[at : at + CHUNK]
        MeetingMonth.objects.filter(month=month, organization_id__in=chunk).delete()
        AbsenceMonth.objects.filter(month=month, organization_id__in=chunk).delete()
        months, absences = _computed(chunk, month)
        bulk.insert_rows(MeetingMonth, MONTH_COLUMNS, months)
        bulk.insert_rows(AbsenceMonth, ABSENCE_COLUMNS, absences)


def rebuild_months() -> int:
    """Both month tables again from the meetings; returns the organization-month rows written."""
    MeetingMonth.objects.all().delete()
    AbsenceMonth.objects.all().delete()
    MeetingMonthsHeld.objects.all().delete()
    span = Meeting.objects.aggregate(first=Min("held_on"), last=Max("held_on"))
    written = 0
    if span["first"] is not None:
        month = month_of(span["first"])
        while month <= span["last"]:
            months, absences = _computed(None, month)
            written += bulk.insert_rows(MeetingMonth, MONTH_COLUMNS, months)
            bulk.insert_rows(AbsenceMonth, ABSENCE_COLUMNS, absences)
            month = next_month(month)
    MeetingMonthsHeld.objects.create()
    return written


def refresh(meeting_ids: Collection[int]) -> None:
    """These meetings were written (new ones, corrections, withdrawals): the months of their
    organizations, and of the meetings they correct, again from the meetings in force. The first
    call on a database without months builds them all."""
    if known_moment() is not None:
        return  # a look back in time, rolled back: the stored rows are not read then
    if not held():
        rebuild_months()
        return
    touched: dict[date, set[int]] = defaultdict(set)
    ids = sorted(set(meeting_ids))
    for at in range(0, len(ids), CHUNK):
        rows = Meeting.objects.filter(pk__in=ids[at : at + CHUNK]).values_list(
            "organization_id", "held_on", "corrects__organization_id", "corrects__held_on"
        )
        for org_id, day, corrected_org, corrected_day in rows:
            touched[month_of(day)].add(org_id)
            if corrected_day is not None:
                touched[month_of(corrected_day)].add(corrected_org)
    for month, org_ids in touched.items():
        _replace(org_ids, month)


def stored_months() -> tuple[set[MonthRow], set[AbsenceRow]]:
    """Every stored row of both tables (for the test that they agree with the meetings)."""
    return (
        set(MeetingMonth.objects.values_list(*MONTH_COLUMNS)),
        set(AbsenceMonth.objects.values_list(*ABSENCE_COLUMNS)),
    )


def computed_months() -> tuple[set[MonthRow], set[AbsenceRow]]:
    """What :func:`stored_months` should hold, from the meetings in force."""
    months: set[MonthRow] = set()
    absences: set[AbsenceRow] = set()
    span = Meeting.objects.aggregate(first=Min("held_on"), last=Max("held_on"))
    if span["first"] is not None:
        month = month_of(span["first"])
        while month <= span["last"]:
            found = _computed(None, month)
            months |= set(found[0])
            absences |= set(found[1])
            month = next_month(month)
    return months, absences


def on_derived_refreshed(sender: object, person_ids: frozenset[int] | None, **kwargs: object) -> None:
    """``members.signals.derived_refreshed``: after a rebuild of everyone's rows (None), the months
    again from the meetings, if they were held; a person's refresh changes no meeting."""
    if person_ids is None and known_moment() is None and held():
        rebuild_months()
