"""The database the README's command builds (``python3 dev.py demo`` runs ``partyorg demo``): the
province and its yearly work (congresses, candidates, meetings, ratings and discipline, dues), built
once for the module by the command itself on a clock standing on 06/12/2026, holds the seed figures
(issue 15: the yearly work's expulsions had taken the province to 35.675 members on 30/06/2017).

Seeds (``/work/shared/seeds/``): 000 — Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017; 001 — Báo Điện
Biên Phủ, 26/01/2018; 002 — Báo Điện Biên Phủ, 17/02/2017. test_dienbien checks the province as
loaded, before the yearly work; here the figures are counted again through the statistics module
once the whole demo stands, and the command's own check is read from what it printed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from partyorg.demo.figures import ARTICLE_000, ARTICLE_001, ARTICLE_002, seed_figures
from partyorg.demo.structure import RECORDED_BY
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.members.replay import logs
from partyorg.members.timeline import HistoryConflict, fold
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports.statistics import (
    Period,
    hamlets_cleared,
    hamlets_on,
    members_flow,
    members_on,
    organizations_on,
)

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # the demo built on 06/12/2026
H1_2017 = Period.half_year(2017, 1)
YEAR_2017 = Period(date(2017, 1, 1), date(2018, 1, 1))


@pytest.fixture(scope="module")
def printed(built_once) -> Iterator[str]:
    """What ``partyorg demo --no-serve`` printed while building the demo into the empty database."""
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=True), built_once():
        call_command("demo", "--no-serve", stdout=out)
        # The foreign keys of every row the yearly work wrote, checked once here: on PostgreSQL the
        # checks wait, deferred, to the end of the transaction, and each test's end would run them
        # all again (some 30 s a test) inside its own rolled-back savepoint.
        connection.check_constraints()
        yield out.getvalue()


def org(name: str) -> Organization:
    return OrgVersion.objects.filter(name=name).select_related("organization").first().organization


@pytest.fixture
def root(printed) -> Organization:
    return Organization.objects.get(
        pk=OrgVersion.objects.filter(kind=OrgKind.PROVINCE).values("organization")[:1]
    )


def test_the_command_prints_each_seed_figure_beside_the_article(printed):
    assert "Số liệu của tỉnh mẫu theo hồ sơ, bên cạnh số liệu các bài báo:" in printed
    # 000: "nâng tổng số đảng viên toàn Đảng bộ tỉnh lên 35.676 đảng viên"
    assert "Tổng số đảng viên — Đảng bộ tỉnh Điện Biên, 30/06/2017: 35.676 (bài báo: 35.676)" in printed
    # 001: "nâng tổng số đảng viên lên 3.040 người"
    assert "Tổng số đảng viên — Đảng bộ huyện Điện Biên Đông, 31/12/2017: 3.040 (bài báo: 3.040)" in printed
    for source in (ARTICLE_000, ARTICLE_001, ARTICLE_002):
        assert f"  {source}\n" in printed


def test_every_seed_figure_the_command_checks_holds(printed):
    figures = seed_figures()
    assert [f.what for f in figures if not f.ok] == []
    # Hand-counted from partyorg.demo.figures: 000 gives 8 stated figures for the province (the
    # published total 646 left out, its parts kept), 2 for Nậm Pồ and Mường Nhé and their 2 hamlets
    # cleared; 001 gives 4 for Điện Biên Đông and 1 for its education committee (its staff is not
    # counted by records); 002 gives 2 for the Chi bộ Ban Tổ chức Tỉnh ủy.
    by_source = [sum(f.source == s for f in figures) for s in (ARTICLE_000, ARTICLE_001, ARTICLE_002)]
    assert by_source == [12, 5, 2]


# -- the figures again, through the statistics module ------------------------------------------------


def test_province_members_on_30_06_2017(root):
    # 000: "nâng tổng số đảng viên toàn Đảng bộ tỉnh lên 35.676 đảng viên"
    assert members_on(root, date(2017, 6, 30)).value == 35_676


def test_province_admissions_first_half_2017(root):
    # 000: "6 tháng đầu năm, toàn tỉnh kết nạp mới 1.072 đảng viên"
    assert members_flow(root, H1_2017).entries["admitted"].value == 1_072


def test_hamlets_without_members(root):
    # 000: "Số thôn, bản “trắng” đảng viên giảm từ 60/1813 bản xuống còn 51/1813 bản"
    before, after = hamlets_on(root, date(2016, 12, 31)), hamlets_on(root, date(2017, 6, 30))
    assert (before.without_members.value, after.without_members.value, after.all.value) == (60, 51, 1_813)


def test_grassroots_organizations_30_06_2017(root):
    # 000: "646 tổ chức cơ sở Đảng, trong đó có 419 chi bộ cơ sở, 225 đảng bộ cơ sở" (the parts),
    # "và 2.601 chi bộ trực thuộc đảng bộ cơ sở"
    counts = organizations_on(root, date(2017, 6, 30))
    assert (counts.grassroots_committees.value, counts.grassroots_cells.value, counts.cells.value) == (
        225,
        419,
        2_601,
    )


@pytest.mark.parametrize(
    ("district", "admitted", "cleared"),
    [("Đảng bộ huyện Nậm Pồ", 143, 5), ("Đảng bộ huyện Mường Nhé", 166, 1)],
)
def test_nam_po_and_muong_nhe_first_half_2017(printed, district, admitted, cleared):
    # 000: "Đảng bộ huyện Nậm Pồ (kết nạp 143 đảng viên mới, xóa 5 bản “trắng” đảng viên), Đảng bộ
    # huyện Mường Nhé (kết nạp 166 đảng viên mới, xóa 1 bản “trắng” đảng viên)"
    assert members_flow(org(district), H1_2017).entries["admitted"].value == admitted
    assert hamlets_cleared(org(district), H1_2017).value == cleared


def test_dien_bien_dong(printed):
    # 001: "Từ chỗ 2.805 đảng viên … (cuối tháng 9/2016 …)", "nâng tổng số đảng viên lên 3.040
    # người", "Trong năm, toàn Ðảng bộ đã kết nạp 160 đảng viên mới", "Ðảng bộ huyện không còn bản
    # chưa có đảng viên."
    district = org("Đảng bộ huyện Điện Biên Đông")
    assert members_on(district, date(2016, 9, 30)).value == 2_805
    assert members_on(district, date(2017, 12, 31)).value == 3_040
    assert members_flow(district, YEAR_2017).entries["admitted"].value == 160
    assert hamlets_on(district, date(2017, 12, 31)).without_members.value == 0
    # "605 đảng viên/1.820 cán bộ, giáo viên"
    education = org("Đảng bộ Phòng Giáo dục và Đào tạo huyện Điện Biên Đông")
    assert members_on(education, date(2017, 12, 31)).value == 605


def test_org_commission_cell(printed):
    # 002: "Chi bộ Ban Tổ chức Tỉnh ủy (BTCTU) hiện có 25 đảng viên"
    assert members_on(org("Chi bộ Ban Tổ chức Tỉnh ủy"), date(2017, 2, 17)).value == 25


# -- the yearly work leaves the members' logs as the province recorded them ---------------------------


def test_the_yearly_work_expels_only_whom_the_province_expelled(printed):
    # Every expulsion in the logs is the province's (recorded by its loader), and those of the
    # reviewed years 2016–2025 carry their disciplinary measure, linked, decided on the event's day.
    expulsions = MembershipEvent.objects.filter(kind=EventKind.EXPELLED)
    assert set(expulsions.values_list("recorded_by", flat=True)) == {RECORDED_BY}
    reviewed = expulsions.filter(effective_on__year__gte=2016, effective_on__year__lte=2025)
    measures = DisciplinaryMeasure.objects.filter(sanction="expulsion")
    assert reviewed.count() > 20  # a few a year in a province of 35.000 members
    assert set(measures.values_list("event_id", flat=True)) == set(reviewed.values_list("pk", flat=True))
    assert not measures.exclude(decided_on=F("event__effective_on")).exists()


def test_every_log_replays_and_no_badge_follows_an_exit(printed):
    # The replay refuses a badge to one not a member that day (RULES.md §2.6): every person's log,
    # the yearly work's events included, replays without a conflict.
    conflicts = []
    for person_id, facts in logs():
        try:
            fold(facts)
        except HistoryConflict as conflict:
            conflicts.append((person_id, str(conflict)))
    assert conflicts == []
    assert MembershipEvent.objects.filter(kind=EventKind.BADGE_AWARDED).count() > 1_000
