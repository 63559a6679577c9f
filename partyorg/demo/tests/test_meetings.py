"""The demo meetings and residence ties, on the small tree of partyorg.testing (not the province)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.demo.meetings import populate
from partyorg.meetings.models import Attendance, Meeting, ResidenceComment, ResidenceTie
from partyorg.meetings.queries import meetings_in_force

pytestmark = pytest.mark.django_db


def test_populate_fills_every_cell_month_through_the_services() -> None:
    tree = testing.build_tree()
    for cell, n in ((tree.cell_a, 6), (tree.cell_b, 5), (tree.school, 15)):
        for i in range(n):
            p = testing.person(f"Đảng viên {cell.code} {i}")
            testing.admit(p, cell, date(2012, 4, 2))
    counts = populate(seed=7)
    # 3 cells × 18 months (01/2025–06/2026, all over on the test's clock), less the ~2% skipped,
    # plus the separate thematic and extraordinary meetings.
    assert 45 <= counts["meetings"] <= 70
    assert counts["meetings"] == Meeting.objects.count() == meetings_in_force().count()
    assert counts["attendance"] == Attendance.objects.count()
    assert 0 < counts["absences"] < counts["attendance"]
    assert counts["residence_ties"] == ResidenceTie.objects.count() > 0
    assert counts["residence_comments"] == ResidenceComment.objects.count()
    # The ties link school members (working) to the hamlet cells (where they live).
    assert set(ResidenceTie.objects.values_list("residence_organization_id", flat=True)) <= {
        tree.cell_a.pk,
        tree.cell_b.pk,
    }
