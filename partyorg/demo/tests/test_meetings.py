"""The demo meetings and residence ties, on the small tree of partyorg.testing (not the province)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partyorg import testing
from partyorg.demo.meetings import populate
from partyorg.meetings.models import Attendance, Meeting, MeetingKind, ResidenceComment, ResidenceTie
from partyorg.meetings.queries import meetings_in_force

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # the demo built on 06/12/2026


def test_populate_fills_every_cell_month_through_the_services() -> None:
    tree = testing.build_tree()
    size = {tree.cell_a: 6, tree.cell_b: 5, tree.school: 15}
    for cell, n in size.items():
        for i in range(n):
            p = testing.person(f"Đảng viên {cell.code} {i}")
            testing.admit(p, cell, date(2012, 4, 2))
    with time_machine.travel(TODAY, tick=False):  # the months over are those before today
        counts = populate(seed=7)
    # Worked out for seed 7: 3 cells × 18 months (01/2025–06/2026, all over on 06/12/2026), none
    # skipped, each its regular meeting; of the 3 × 6 cell-quarters, 15 hold the thematic meeting
    # together with the regular one of the quarter's last month and 3 apart; no extraordinary one.
    kinds = Counter(Meeting.objects.values_list("kind", flat=True))
    assert kinds == {MeetingKind.REGULAR: 39, MeetingKind.COMBINED: 15, MeetingKind.THEMATIC: 3}
    assert counts["meetings"] == 3 * 18 + 3 == Meeting.objects.count() == meetings_in_force().count()
    held = Counter(
        (m.organization_id, m.held_on.year, m.held_on.month)
        for m in Meeting.objects.exclude(kind=MeetingKind.THEMATIC)
    )
    assert set(held.values()) == {1} and len(held) == 3 * 18  # one a cell and month
    assert {month for _, _, month in held} == set(range(1, 13))
    combined = Meeting.objects.filter(kind=MeetingKind.COMBINED).values_list("held_on", flat=True)
    assert {day.month for day in combined} == {3, 6, 9, 12}  # a quarter's last month
    # Everybody was a member all along (admitted 2012): each meeting expects its whole cell.
    thematic = Meeting.objects.filter(kind=MeetingKind.THEMATIC).select_related("organization")
    assert (
        counts["attendance"]
        == Attendance.objects.count()
        == 18 * 26 + sum(size[m.organization] for m in thematic)
    )
    assert 0 < counts["absences"] < counts["attendance"]
    assert counts["residence_ties"] == ResidenceTie.objects.count() > 0
    assert counts["residence_comments"] == ResidenceComment.objects.count()
    # The ties link school members (working) to the hamlet cells (where they live).
    assert set(ResidenceTie.objects.values_list("residence_organization_id", flat=True)) <= {
        tree.cell_a.pk,
        tree.cell_b.pk,
    }
