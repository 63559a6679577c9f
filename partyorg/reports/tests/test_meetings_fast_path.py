"""The cell-meeting figures read from the stored months (``meetings.summary``: the meetings in force
of each organization, month and kind with their attendance summed, and who was absent without
excuse) agree with the figures counted meeting by meeting and line by line (issue 18), for every
organization of the small tree of ``partyorg.testing`` and periods of whole months, of cut months
and of days, before and after a meeting corrected, one withdrawn and a reorganization; and the
stored months are those made again from the meetings.

The absence warning is RULES.md §2.9's: unexcused absences from the month's regular meeting in 3
months of a calendar year ([U] distinct months, the default); the tests compare two ways of counting
the same records, and check the one warning the records make (three months of 2026 for one member).
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from partyorg import testing
from partyorg.core.known import end_of_day, seen_as_of
from partyorg.meetings import services, summary
from partyorg.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingMonth
from partyorg.meetings.services import Absence
from partyorg.members.models import Person
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.meetings import meeting_figures, meeting_figures_scan

pytestmark = pytest.mark.django_db
BY = "chibo.nat"
TODAY = date(2026, 12, 7)

PERIODS = [
    Period(date(2026, 1, 1), date(2026, 7, 1)),  # the first half of 2026
    Period(date(2026, 2, 1), date(2026, 4, 1)),
    Period(date(2026, 1, 15), date(2026, 6, 10)),  # cut months at both ends
    Period(date(2026, 3, 3), date(2026, 3, 25)),  # days of one month
    Period(date(2025, 12, 1), date(2027, 1, 1)),  # across a year's end
]


def members(cell: Organization, count: int, prefix: str) -> list[Person]:
    people = []
    for i in range(count):
        who = testing.person(f"{prefix} {i + 1}")
        testing.admit(who, cell, date(2010, 3, 1))
        people.append(who)
    return people


def assert_agree(tree: testing.Tree) -> int:
    """Fast and plain agree for every organization and period; how many had a meeting."""
    assert summary.held()
    compared = 0
    orgs = (tree.province, tree.district, tree.commune, tree.cell_a, tree.cell_b, tree.school)
    for org in orgs:
        for period in PERIODS:
            fast = meeting_figures(org, period, today=TODAY)
            plain = meeting_figures_scan(org, period, today=TODAY)
            assert fast == plain, (org.code, period)
            assert fast.meetings.value == plain.meetings.value
            compared += bool(plain.meetings.value)
    assert summary.stored_months() == summary.computed_months()  # kept current: what the meetings make
    return compared


def meeting(cell: Organization, kind: str, day: date, absent: dict[Person, str] | None = None) -> Meeting:
    absences = {
        who: Absence(AttendanceStatus.UNEXCUSED if why == "" else AttendanceStatus.EXCUSED, why)
        for who, why in (absent or {}).items()
    }
    return services.record_meeting(
        cell, kind=kind, held_on=day, duration_minutes=90, recorded_by=BY, absences=absences
    )


@time_machine.travel(TODAY, tick=False)
def test_stored_months_agree_with_the_meetings_counted_one_by_one() -> None:
    tree = testing.build_tree()
    a = members(tree.cell_a, 4, "A")
    b = members(tree.cell_b, 3, "B")
    members(tree.school, 2, "S")
    assert not summary.held()
    R, C, T, X = MeetingKind.REGULAR, MeetingKind.COMBINED, MeetingKind.THEMATIC, MeetingKind.EXTRAORDINARY
    for month in range(1, 7):  # cell A meets every month; a[0] absent without excuse Feb–Apr
        meeting(
            tree.cell_a, R if month % 2 else C, date(2026, month, 5), {a[0]: ""} if 2 <= month <= 4 else {}
        )
    assert summary.held() and MeetingMonth.objects.exists()
    for month in (1, 2, 4, 5, 6):  # cell B misses March; b[1] excused once
        meeting(tree.cell_b, R, date(2026, month, 12), {b[1]: "ốm"} if month == 2 else {})
    meeting(tree.cell_b, T, date(2026, 3, 20), {b[0]: ""})  # a thematic meeting is not the regular one
    meeting(tree.school, X, date(2026, 6, 9))
    meeting(tree.school, R, date(2025, 12, 10), {})
    assert assert_agree(tree) > 10
    warned = meeting_figures(tree.province, PERIODS[0], today=TODAY).absence_warnings
    assert warned.person_ids == {a[0].pk}  # three months of 2026 (RULES.md §2.9)

    # Corrections: March's meeting of cell A corrected (a[0] was there after all: two months left),
    # and cell B's February meeting withdrawn; the school's moved to another day and month.
    march = Meeting.objects.get(organization=tree.cell_a, held_on=date(2026, 3, 5))
    services.correct_meeting(march, absences={}, recorded_by=BY, note="có mặt")
    services.withdraw_meeting(
        Meeting.objects.get(organization=tree.cell_b, held_on=date(2026, 2, 12)), recorded_by=BY, note="nhầm"
    )
    school = Meeting.objects.get(organization=tree.school, held_on=date(2026, 6, 9))
    services.correct_meeting(school, held_on=date(2026, 7, 2), recorded_by=BY, note="sai ngày")
    assert assert_agree(tree) > 10
    assert not meeting_figures(tree.province, PERIODS[0], today=TODAY).absence_warnings.person_ids

    # A reorganization recorded later: cell B moves under the district from 01/04/2026; the subtree
    # of each day takes it where it stood.
    org_services.move(
        tree.cell_b, tree.district, effective_on=date(2026, 4, 1), legal_basis=testing.BASIS, recorded_by=BY
    )
    assert assert_agree(tree) > 10

    stored = summary.stored_months()
    summary.rebuild_months()
    assert summary.stored_months() == stored


def test_a_known_moment_takes_the_plain_path() -> None:
    """Cell A's meeting of 05/03/2026 recorded on 10/03 with one of 3 members absent; corrected on
    20/03 (everyone there). As known at the end of 15/03 the absence stands, which the stored months
    (now: nobody absent) cannot know, so the figure is counted from the meetings as known then."""
    tree = testing.build_tree()
    people = members(tree.cell_a, 3, "A")
    with time_machine.travel(date(2026, 3, 10), tick=False):
        first = meeting(tree.cell_a, MeetingKind.REGULAR, date(2026, 3, 5), {people[0]: ""})
    with time_machine.travel(date(2026, 3, 20), tick=False):
        services.correct_meeting(first, absences={}, recorded_by=BY, note="có mặt")
    period = Period(date(2026, 3, 1), date(2026, 4, 1))
    now = meeting_figures(tree.province, period, today=TODAY)
    assert (now.attendance.present, now.attendance.unexcused) == (3, 0)
    with seen_as_of(end_of_day(date(2026, 3, 15))):
        then = meeting_figures(tree.province, period, today=TODAY)
        assert (then.attendance.present, then.attendance.unexcused) == (2, 1)
