"""Marking a form as sent and comparing it, through the pages: who may write, who may see.

The district's officer (EDIT over Huyện ủy Mường Khoa) marks form 1 of the first half of 2026 as
sent; a death of 10/05/2026 recorded afterwards shows on the comparison, the member named. A cell's
secretary of another commune cell can neither mark the district's form, see the mark nor take it
back; a viewer of the district sees it but cannot take it back."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import EventKind
from partyorg.reports.models import SentReport

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
User = get_user_model()
QUERY = {"org": "T.H", "from": "01/01/2026", "to": "30/06/2026"}


def mark_url(form: str = "members-flow") -> str:
    return f"{reverse('report_mark_sent', args=[form])}?org=T.H&from=01/01/2026&to=30/06/2026"


@pytest.fixture
def district():
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=HANOI), tick=False):
        tree = testing.build_tree()
        members = [testing.person(name) for name in ("Lò Văn An", "Lò Văn Bình")]
        for member in members:
            testing.admit(member, tree.cell_a, date(2016, 3, 1))
        yield tree, members


def test_the_district_marks_form_1_sent_and_later_sees_the_late_death(district):
    tree, (_an, binh) = district
    officer = testing.client_for(tree.district, Role.EDIT, "huyen")
    response = officer.post(mark_url())
    sent = SentReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sent_report", args=[sent.uid])
    assert (sent.form, sent.first_day, sent.last_day, sent.recorded_by) == (
        "members-flow",
        date(2026, 1, 1),
        date(2026, 6, 30),
        "huyen",
    )
    page = officer.get(response["Location"]).content.decode()
    assert "Số liệu hôm nay không khác số liệu đã gửi." in page
    with time_machine.travel(datetime(2026, 12, 6, 9, 0, tzinfo=HANOI), tick=False):
        testing.record(binh, EventKind.DIED, date(2026, 5, 10))
        officer.force_login(User.objects.get(username="huyen"))  # five months on: a new session
        page = officer.get(reverse("sent_report", args=[sent.uid])).content.decode()
        assert "Hôm nay 3 dòng khác số liệu đã gửi." in page  # C, C.1 and D
        assert "Lò Văn Bình" in page and "Từ trần ngày 10/05/2026" in page and "Lò Văn An" not in page
        listing = officer.get(reverse("reports"), QUERY).content.decode()
        assert reverse("sent_report", args=[sent.uid]) in listing


def test_who_may_not_reach_the_district_neither_marks_sees_nor_withdraws(district):
    tree, _ = district
    officer = testing.client_for(tree.district, Role.EDIT, "huyen")
    officer.post(mark_url())
    sent = SentReport.objects.get()
    page = reverse("sent_report", args=[sent.uid])
    cell = testing.client_for(tree.cell_b, Role.EDIT, "bithu")
    assert cell.post(mark_url()).status_code == 404
    assert cell.get(page).status_code == 404
    assert cell.post(page, {"note": "nhầm"}).status_code == 404
    viewer = testing.client_for(tree.district, Role.VIEW, "xem")
    assert viewer.get(page).status_code == 200
    assert "Hủy ghi nhận" not in viewer.get(page).content.decode()
    assert viewer.post(mark_url()).status_code == 404
    assert viewer.post(page, {"note": "nhầm"}).status_code == 404
    assert SentReport.objects.count() == 1  # nobody without EDIT wrote anything
    # The officer may take it back, with a reason; without one the page says why.
    assert officer.post(page, {"note": ""}).status_code == 302
    assert SentReport.objects.count() == 1
    officer.post(page, {"note": "Đánh dấu nhầm biểu"})
    assert SentReport.objects.in_force().count() == 0 and SentReport.objects.count() == 2
    assert officer.get(page).status_code == 404  # a mark taken back is no longer shown


def test_an_unknown_form_is_refused_with_a_message(district):
    tree, _ = district
    officer = testing.client_for(tree.district, Role.EDIT, "huyen")
    response = officer.post(mark_url("bieu-9"), follow=True)
    assert "Không có biểu “bieu-9”" in response.content.decode()
    assert not SentReport.objects.exists()
