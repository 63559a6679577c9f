"""The stored counts of each meeting's attendance lines (:class:`~partyorg.meetings.models.MeetingTally`):
written with the meeting, rebuilt from the lines at any time, compared with them by a test."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Count

from partyorg.core import bulk
from partyorg.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingTally

__all__ = ["counted", "rebuild", "write_tallies"]

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
