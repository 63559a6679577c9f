"""The yearly-work pages that name people are in the read log (issue 19, as the member list and
search are): ratings, the form rating a cell's members, a meeting's attendance, the members expected
at a meeting, the meetings' checks with their absentees, residence ties, a cell's dues and the
month's collection, the candidates (and those due) and a candidate's file, commendations and
discipline, congresses and position holders, the party-card register. One row a request, under the
organization the list was drawn from, its detail naming the list; a refused look-up (a neighbour's
404) reads nothing.

Cast: ``test_query_counts.small`` (partyorg.testing's tree; Hường, Pọm and Dự in cell A "T.H.X.1",
Dung a candidate of cell A, cell A's meeting of 12/05/2026 and review of 2025, dues paid January to
April 2026), read by the commune's administrator on 15/06/2026."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import ReadEntry, ReadKind, Role
from partyorg.web.tests.test_query_counts import ON, TODAY, small

pytestmark = pytest.mark.django_db

CELL, COMMUNE = "T.H.X.1", "T.H.X"


def at(name, arg, query=""):
    """The page's address with ``query`` and the day of every page of the cast."""
    return f"{reverse(name, args=[arg])}?{query + '&' if query else ''}on={ON}"


def pages(c):
    """(url, organization logged, detail's start) of each page that names people."""
    return [
        (at("work_ratings", CELL, "nam=2025"), CELL, "Đánh giá, xếp loại chất lượng năm 2025"),
        (at("work_ratings", COMMUNE, "nam=2025"), COMMUNE, "Đánh giá, xếp loại chất lượng năm 2025"),
        (at("work_rate_members", CELL, "nam=2025"), CELL, "Đánh giá đảng viên năm 2025 (ghi)"),
        (at("work_meeting", c.meeting.uid), CELL, "Điểm danh buổi sinh hoạt ngày 12/05/2026"),
        (at("work_attendance", CELL, "held_on=12/06/2026"), CELL, "Đảng viên dự sinh hoạt ngày 12/06/2026"),
        (at("work_findings", COMMUNE), COMMUNE, "Kiểm tra sinh hoạt chi bộ và vắng mặt"),
        (at("work_residence", COMMUNE), COMMUNE, "Đảng viên sinh hoạt nơi cư trú, nhận xét năm 2025"),
        (at("work_dues", CELL, "tu=01/2026&den=06/2026"), CELL, "Đảng phí từ 01/2026 đến 06/2026"),
        (at("work_dues_pay", CELL, "thang=05/2026"), CELL, "Thu đảng phí tháng 05/2026"),
        (at("work_candidates", COMMUNE), COMMUNE, "Quần chúng phát triển đảng"),
        (at("work_discipline", COMMUNE), COMMUNE, "Khen thưởng và kỷ luật đảng viên"),
        (at("work_committees", CELL), CELL, "Đại hội, cấp ủy và người giữ chức vụ"),
        (at("work_cards", COMMUNE), COMMUNE, "Sổ thẻ đảng viên"),
        (
            at("work_candidates", COMMUNE, "den-han=1&ngay=90"),
            COMMUNE,
            "Quần chúng có việc đến hạn trong 90 ngày",
        ),
    ]


@time_machine.travel(TODAY, tick=False)
def test_each_yearly_work_list_is_logged_once_under_its_organization():
    c = small()
    client = Client()
    client.force_login(c.admin)
    for url, org_code, detail in pages(c):
        before = ReadEntry.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        logged = list(ReadEntry.objects.order_by("pk")[before:])
        assert len(logged) == 1, url
        entry = logged[0]
        assert (entry.kind, entry.username, entry.organization.code) == (
            ReadKind.MEMBER_LIST,
            "quantri",
            org_code,
        )
        assert entry.detail.startswith(f"{detail} — {url.split('?')[0]}?"), (url, entry.detail)
    # A POST that records is not a read of the list (the page it leads to is).
    before = ReadEntry.objects.count()
    client.post(at("work_dues_pay", CELL, "thang=05/2026"))
    assert ReadEntry.objects.filter(kind=ReadKind.MEMBER_LIST).count() == before


@time_machine.travel(TODAY, tick=False)
def test_a_candidates_file_is_logged_as_a_read_of_that_persons_file():
    c = small()
    client = Client()
    client.force_login(c.admin)
    assert client.get(reverse("candidate", args=[c.dung.uid]), {"on": ON}).status_code == 200
    entry = ReadEntry.objects.get()
    assert (entry.kind, entry.person, entry.detail) == (
        ReadKind.PERSON,
        c.dung.person,
        "Hồ sơ quần chúng phát triển đảng",
    )


@time_machine.travel(TODAY, tick=False)
def test_a_neighbour_is_refused_every_list_and_nothing_is_logged():
    c = small()
    neighbour = testing.client_for(c.tree.school, Role.ADMINISTER, "truong")
    for url, _org, _detail in pages(c):
        assert neighbour.get(url).status_code == 404, url
    assert neighbour.get(reverse("candidate", args=[c.dung.uid]), {"on": ON}).status_code == 404
    assert not ReadEntry.objects.exists()
