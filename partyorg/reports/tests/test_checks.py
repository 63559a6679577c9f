"""The cross-checks of a report: what cannot apply is said so, neither passed nor failed (issue 13:
"flags 'tổ chức trực thuộc (0) bằng … (16)' in red for every cell"; "every check red ('-100%')" on
the current, still empty half-year). Cast: partyorg.testing."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from partyorg import testing
from partyorg.reports import checks as cross_checks
from partyorg.reports.checks import check_report, is_over, last_complete_half_year
from partyorg.reports.statistics import Period

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 12, 6, 9, 0, tzinfo=HANOI)  # the day the issue was filed


@pytest.fixture
def tree():
    """Two members of cell A (Na Ten), one of the school (a grassroots cell), since 2016."""
    tree = testing.build_tree()
    for _ in range(2):
        testing.admit(testing.person(), tree.cell_a, date(2016, 3, 1))
    testing.admit(testing.person("Lò Văn Giáo"), tree.school, date(2016, 3, 1))
    return tree


def by_code(found):
    return {c.code: c for c in found}


def test_a_cell_has_no_failure_from_the_count_of_its_subordinate_organizations(tree):
    """Cell A has no subordinate organization: the check of their sum cannot apply; nor form 5, which
    counts by the sector of grassroots organizations while cell A is below that level. The school is
    a grassroots cell: form 5 applies to it (its one member is in the public-service sector)."""
    cell = by_code(check_report(tree.cell_a, Period.half_year(2017, 1)))
    assert not any(c.failed for c in cell.values())
    assert not cell["tree.sum"].applies and not cell["tree.sum"].ok and cell["tree.sum"].mark == "–"
    assert cell["tree.sum"].message == (
        "Tổng số đảng viên của các tổ chức trực thuộc: không áp dụng, "
        "tổ chức không có tổ chức trực thuộc ngày 30/06/2017"
    )
    assert not cell["form5.members"].applies
    school = by_code(check_report(tree.school, Period.half_year(2017, 1)))
    assert not any(c.failed for c in school.values())
    assert not school["tree.sum"].applies
    assert school["form5.members"].applies and school["form5.members"].ok
    assert school["form5.members"].message == "Đảng viên trong biểu 5 (1) bằng tổng số biểu 3 (1)"


def test_an_upper_organization_with_members_of_its_own_still_fails_the_sum(tree):
    """The commune has cells: the check applies, and a member held at the commune itself fails it."""
    direct = testing.person("Vì Văn Trực")
    testing.admit(direct, tree.commune, date(2010, 3, 1))
    found = by_code(check_report(tree.commune, Period.half_year(2017, 1)))
    assert found["tree.sum"].applies and found["tree.sum"].failed
    assert found["tree.sum"].person_ids == {direct.pk}


@time_machine.travel(DAY, tick=False)
def test_a_period_not_over_is_not_compared_with_last_year(tree, monkeypatch):
    """Three admitted in the second half of 2025, none yet in the second half of 2026 (on 06/12/2026):
    −100% says only that the period is not over. Once it is (02/01/2027), the swing is a failure."""
    monkeypatch.setattr(cross_checks, "MIN_SWING", 1)  # the default (5 people) is for real units
    for _ in range(3):
        testing.admit(testing.person(), tree.cell_b, date(2025, 9, 1), recognize=False)
    period = Period.half_year(2026, 2)
    found = by_code(check_report(tree.commune, period))
    assert not any(c.failed for c in found.values())
    assert not any(code.startswith("swing.") for code in found)
    assert found["swing"].message == (
        "So sánh với cùng kỳ năm trước: không áp dụng, kỳ báo cáo chưa kết thúc (đến 31/12/2026), "
        "số liệu mới tính đến nay"
    )
    later = by_code(check_report(tree.commune, period, today=date(2027, 1, 2)))
    assert "swing" not in later
    assert later["swing.in.admitted"].failed
    assert later["swing.in.admitted"].message == (
        "Kết nạp mới: 0 so với 3 cùng kỳ năm trước (-100,0%), cần giải trình"
    )


@pytest.mark.parametrize(
    ("on", "first", "last"),
    [
        (date(2026, 12, 6), date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 6, 30), date(2025, 7, 1), date(2025, 12, 31)),  # the day itself is not over
        (date(2027, 1, 1), date(2026, 7, 1), date(2026, 12, 31)),
        (date(2026, 1, 15), date(2025, 7, 1), date(2025, 12, 31)),
    ],
)
def test_the_last_complete_half_year_before_a_day(on, first, last):
    period = last_complete_half_year(on)
    assert (period.start, period.closing_day) == (first, last)
    assert is_over(period, on) and not is_over(period, period.closing_day)


@time_machine.travel(DAY, tick=False)
def test_the_command_checks_the_last_complete_half_year_and_says_what_does_not_apply(tree):
    out = StringIO()
    call_command("stats", "check", "--org", tree.cell_a.code, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Kỳ báo cáo: 01/01/2026 – 30/06/2026"
    assert "– Tổng số đảng viên của các tổ chức trực thuộc: không áp dụng, " in out.getvalue()
    assert not any(line.startswith("✗") for line in lines)
    assert lines[-1] == "6 kiểm tra, 0 cần xem lại, 2 không áp dụng"
