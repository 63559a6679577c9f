"""The reports page opens on the last complete half-year, and a check that cannot apply is neither
passed nor failed (issue 13). Cast: partyorg.testing; the clock frozen on 06/12/2026."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.organizations.models import OrgKind

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def tree():
    """Two members of cell A since 2016; six admitted to cell B in each half of 2025, none in 2026
    (a swing of −100% and 6 people against the same period last year, above the 30% and 5 people
    of partyorg.reports.checks)."""
    tree = testing.build_tree()
    for _ in range(2):
        testing.admit(testing.person(), tree.cell_a, date(2016, 3, 1))
    for decided_on in (date(2025, 3, 2), date(2025, 9, 1)):
        for _ in range(6):
            testing.admit(testing.person(), tree.cell_b, decided_on, recognize=False)
    return tree


def checks_of(page: str) -> str:
    return page.split('<ul class="checks">')[1].split("</ul>")[0]


@time_machine.travel(DAY, tick=False)
def test_the_page_opens_on_the_last_complete_half_year(tree):
    officer = testing.client_for(tree.commune, Role.VIEW, "xa")
    page = officer.get(reverse("reports")).content.decode()
    assert 'name="from" value="01/01/2026"' in page and 'name="to" value="30/06/2026"' in page
    assert "Kỳ báo cáo: 01/01/2026 – 30/06/2026 (6 tháng đầu năm 2026)" in page
    assert "Kỳ này chưa kết thúc" not in page
    assert "org=T.H.X&amp;from=01/01/2026&amp;to=30/06/2026" in page  # the downloads of that period


@time_machine.travel(DAY, tick=False)
def test_the_page_of_a_cell_fails_nothing_it_cannot_apply(tree):
    secretary = testing.client_for(tree.cell_a, Role.EDIT, "bithu")
    page = secretary.get(reverse("reports")).content.decode()
    assert "<h1>Báo cáo: Chi bộ bản Na Ten</h1>" in page
    listed = checks_of(page)
    assert "✗" not in listed and 'class="fail"' not in listed
    assert (
        '<li class="not-applicable muted">– Tổng số đảng viên của các tổ chức trực thuộc: không áp dụng, '
        "tổ chức không có tổ chức trực thuộc ngày 30/06/2026"
    ) in listed


@time_machine.travel(DAY, tick=False)
def test_the_current_half_year_says_it_is_not_over_instead_of_failing(tree):
    officer = testing.client_for(tree.commune, Role.VIEW, "xa")
    page = officer.get(reverse("reports"), {"from": "01/07/2026", "to": "31/12/2026"}).content.decode()
    assert "(6 tháng cuối năm 2026). <strong>Kỳ này chưa kết thúc" in page
    listed = checks_of(page)
    assert "✗" not in listed and "-100" not in listed
    assert "So sánh với cùng kỳ năm trước: không áp dụng, kỳ báo cáo chưa kết thúc (đến 31/12/2026)" in listed


@time_machine.travel(DAY, tick=False)
def test_a_finished_half_year_still_fails_its_swing(tree):
    """The first half of 2026 is over on 06/12/2026: none admitted against six is a failure."""
    officer = testing.client_for(tree.commune, Role.VIEW, "xa")
    listed = checks_of(officer.get(reverse("reports")).content.decode())
    assert '<li class="fail">✗ Kết nạp mới: 0 so với 6 cùng kỳ năm trước (-100,0%), cần giải trình' in listed


@time_machine.travel(DAY, tick=False)
def test_a_cell_founded_since_the_last_half_year_opens_on_the_current_one(tree):
    """Founded on 15/03/2026, the cell did not stand on 31/12/2025, the opening day of the first
    half of 2026: its secretary's page opens on the second half, not yet over."""
    new = testing.found("T.H.X.9", "Chi bộ bản Mới", OrgKind.CELL, tree.commune, on=date(2026, 3, 15))
    secretary = testing.client_for(new, Role.EDIT, "moi")
    page = secretary.get(reverse("reports")).content.decode()
    assert "Kỳ báo cáo: 01/07/2026 – 31/12/2026 (6 tháng cuối năm 2026). <strong>Kỳ này chưa kết thúc" in page
    asked = {"from": "01/01/2026", "to": "30/06/2026"}
    assert secretary.get(reverse("reports"), asked).status_code == 404  # asked for: as before


@time_machine.travel(DAY, tick=False)
def test_a_neighbour_cannot_open_the_cell_s_report(tree):
    neighbour = testing.client_for(tree.school, Role.ADMINISTER, "truong")
    assert neighbour.get(reverse("reports"), {"org": tree.cell_a.code}).status_code == 404
