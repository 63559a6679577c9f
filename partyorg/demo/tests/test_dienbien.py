"""The demo province reproduces the seed figures, through the statistics module, on their dates.

Seeds (``/work/shared/seeds/``): 000 — Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017 (first half of
2017); 001 — Báo Điện Biên Phủ, 26/01/2018 (Điện Biên Đông, 2017); 002 — Báo Điện Biên Phủ,
17/02/2017 (Chi bộ Ban Tổ chức Tỉnh ủy).

The province is loaded once for the module, inside a transaction rolled back at the end, on a clock
frozen at 06/12/2026 (the loader judges the cells at every year end before today). A successful
load shows that every person's events fold without HistoryConflict (the loader refuses a file
otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partyorg.core.formats import vn_percent
from partyorg.core.interchange import Record
from partyorg.demo import dienbien_province
from partyorg.exchange.load import load
from partyorg.exchange.records import RECORD_TYPES
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import MembershipEvent, Person
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.organizations.queries import version_on
from partyorg.reports.checks import stated_checks
from partyorg.reports.statistics import (
    Period,
    hamlets_cleared,
    hamlets_on,
    members_flow,
    members_on,
    membership_on,
    organizations_on,
)
from partyorg.reports.statistics.entered import achievement, share_of_staff
from partyorg.rules.organization import MIN_OFFICIAL_MEMBERS_RULE

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)
YEAR_2017 = Period(date(2017, 1, 1), date(2018, 1, 1))


# The day the clock stands on for the whole module: a demo built on 06/12/2026 (its records still
# end on 30/06/2026, the default). The figures must not change with the real date.
TODAY = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@dataclass
class Stream:
    """What the loader was given, seen on its way: the first thousand records, how many people and
    events, and the first record out of ``RECORD_TYPES`` order (none expected)."""

    first: list[Record] = field(default_factory=list)
    people: int = 0
    events: int = 0
    out_of_order: tuple[int, Record] | None = None

    def watch(self, records: Iterator[Record]) -> Iterator[tuple[None, Record]]:
        order = {t: i for i, t in enumerate(RECORD_TYPES)}
        last = 0
        for i, record in enumerate(records):
            if i < 1000:
                self.first.append(record)
            if order[type(record)] < last and self.out_of_order is None:
                self.out_of_order = (i, record)
            last = max(last, order[type(record)])
            self.people += isinstance(record, PersonRecord)
            self.events += isinstance(record, EventRecord)
            yield None, record


@pytest.fixture(scope="module")
def stream() -> Stream:
    return Stream()


@pytest.fixture(scope="module")
def province(built_once, stream):
    # The clock runs on from TODAY (the records' times stay in order); the day stays TODAY.
    with time_machine.travel(TODAY, tick=True), built_once():
        yield load(stream.watch(dienbien_province()))


def org(name: str) -> Organization:
    return OrgVersion.objects.filter(name=name).select_related("organization").first().organization


@pytest.fixture
def root(province):
    return Organization.objects.get(
        pk=OrgVersion.objects.filter(kind=OrgKind.PROVINCE).values("organization")[:1]
    )


def test_every_cell_keeps_three_official_members_at_each_year_end(province):
    # Charter Art. 21(2), 24(1) (RULES.md §1.2): "mỗi chi bộ có ít nhất 3 đảng viên chính thức". The
    # loader reports every cell below that at a year end since it first held anybody; the demo's
    # history keeps the rule it checks (it gave 56.443 such findings, most from before 2010, when the
    # records hold only those still members in 2010).
    assert province.findings_by_rule[MIN_OFFICIAL_MEMBERS_RULE] == 0


# -- 000: Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017 ------------------------------------------------


def test_province_members_on_30_06_2017(root):
    # 000: "nâng tổng số đảng viên toàn Đảng bộ tỉnh lên 35.676 đảng viên"
    assert members_on(root, date(2017, 6, 30)).value == 35_676


def test_province_admissions_first_half_2017(root):
    # 000: "6 tháng đầu năm, toàn tỉnh kết nạp mới 1.072 đảng viên"
    assert members_flow(root, H1_2017).entries["admitted"].value == 1_072


def test_hamlets_without_members_31_12_2016(root):
    # 000: "Số thôn, bản “trắng” đảng viên giảm từ 60/1813 bản ..."
    hamlets = hamlets_on(root, date(2016, 12, 31))
    assert (hamlets.without_members.value, hamlets.all.value) == (60, 1_813)


def test_hamlets_without_members_30_06_2017(root):
    # 000: "... xuống còn 51/1813 bản"
    hamlets = hamlets_on(root, date(2017, 6, 30))
    assert (hamlets.without_members.value, hamlets.all.value) == (51, 1_813)


def test_grassroots_committees_30_06_2017(root):
    # 000: "toàn tỉnh có 646 tổ chức cơ sở Đảng, trong đó có 419 chi bộ cơ sở, 225 đảng bộ cơ sở"
    # (419 + 225 = 644, not 646: the parts are reproduced, not the published total.)
    assert organizations_on(root, date(2017, 6, 30)).grassroots_committees.value == 225


def test_grassroots_cells_30_06_2017(root):
    # 000: "trong đó có 419 chi bộ cơ sở"
    assert organizations_on(root, date(2017, 6, 30)).grassroots_cells.value == 419


def test_cells_under_grassroots_committees_30_06_2017(root):
    # 000: "và 2.601 chi bộ trực thuộc đảng bộ cơ sở"
    assert organizations_on(root, date(2017, 6, 30)).cells.value == 2_601


def test_nam_po_admissions_first_half_2017(province):
    # 000: "Đảng bộ huyện Nậm Pồ (kết nạp 143 đảng viên mới, xóa 5 bản “trắng” đảng viên)"
    assert members_flow(org("Đảng bộ huyện Nậm Pồ"), H1_2017).entries["admitted"].value == 143


def test_nam_po_hamlets_cleared_first_half_2017(province):
    # 000: "Đảng bộ huyện Nậm Pồ (kết nạp 143 đảng viên mới, xóa 5 bản “trắng” đảng viên)"
    assert hamlets_cleared(org("Đảng bộ huyện Nậm Pồ"), H1_2017).value == 5


def test_muong_nhe_admissions_first_half_2017(province):
    # 000: "Đảng bộ huyện Mường Nhé (kết nạp 166 đảng viên mới, xóa 1 bản “trắng” đảng viên)"
    assert members_flow(org("Đảng bộ huyện Mường Nhé"), H1_2017).entries["admitted"].value == 166


def test_muong_nhe_hamlets_cleared_first_half_2017(province):
    # 000: "Đảng bộ huyện Mường Nhé (kết nạp 166 đảng viên mới, xóa 1 bản “trắng” đảng viên)"
    assert hamlets_cleared(org("Đảng bộ huyện Mường Nhé"), H1_2017).value == 1


# -- 001: Báo Điện Biên Phủ, 26/01/2018 -------------------------------------------------------------


def test_dien_bien_dong_members_end_of_september_2016(province):
    # 001: "Từ chỗ 2.805 đảng viên trong toàn Ðảng bộ (cuối tháng 9/2016 - thời điểm ban hành Nghị quyết)"
    assert members_on(org("Đảng bộ huyện Điện Biên Đông"), date(2016, 9, 30)).value == 2_805


def test_dien_bien_dong_members_end_of_2017(province):
    # 001: "nâng tổng số đảng viên lên 3.040 người"; "đến nay đã tăng lên 3.040 đảng viên"
    assert members_on(org("Đảng bộ huyện Điện Biên Đông"), date(2017, 12, 31)).value == 3_040


def test_dien_bien_dong_admissions_2017(province):
    # 001: "Trong năm, toàn Ðảng bộ đã kết nạp 160 đảng viên mới"
    assert members_flow(org("Đảng bộ huyện Điện Biên Đông"), YEAR_2017).entries["admitted"].value == 160


def test_dien_bien_dong_no_hamlet_without_members_end_of_2017(province):
    # 001: "Ðảng bộ huyện không còn bản chưa có đảng viên."
    assert hamlets_on(org("Đảng bộ huyện Điện Biên Đông"), date(2017, 12, 31)).without_members.value == 0


def test_dien_bien_dong_education_cells(province):
    # 001: "Hiện nay, toàn ngành có 56 chi bộ và 1 chi bộ ghép" (the sector is modelled as one
    # grassroots committee, Đảng bộ Phòng Giáo dục và Đào tạo huyện Điện Biên Đông)
    counts = organizations_on(
        org("Đảng bộ Phòng Giáo dục và Đào tạo huyện Điện Biên Đông"), date(2017, 12, 31)
    )
    assert (counts.cells.value, counts.combined_cells.value) == (57, 1)


def test_dien_bien_dong_education_members(province):
    # 001: "605 đảng viên/1.820 cán bộ, giáo viên" (the staff: test_education_members_among_staff)
    education = org("Đảng bộ Phòng Giáo dục và Đào tạo huyện Điện Biên Đông")
    assert members_on(education, date(2017, 12, 31)).value == 605


# -- 002: Báo Điện Biên Phủ, 17/02/2017 -------------------------------------------------------------


def test_org_commission_cell_members(province):
    # 002: "Chi bộ Ban Tổ chức Tỉnh ủy (BTCTU) hiện có 25 đảng viên"
    cell = org("Chi bộ Ban Tổ chức Tỉnh ủy")
    assert OrgVersion.objects.get(organization=cell).parent.versions.first().kind == OrgKind.BLOC
    assert members_on(cell, date(2017, 2, 17)).value == 25


def test_org_commission_cell_admission_2016(province):
    # 002: "Năm 2016, Chi bộ đã giới thiệu ... và 1 đoàn viên ưu tú được kết nạp Đảng."
    cell = org("Chi bộ Ban Tổ chức Tỉnh ủy")
    assert members_flow(cell, Period(date(2016, 1, 1), date(2017, 1, 1))).entries["admitted"].value == 1


# -- the figures beside the articles' plans, staff and published totals (partyorg.demo.figures) -----


def test_province_admissions_against_the_year_plan(root):
    # 000: "kết nạp mới 1.072 đảng viên … (đạt 53,6%)": 1.072 of a plan of 2.000 (worked back)
    progress = achievement(root, date(2017, 6, 30))
    assert (progress.admitted.value, progress.target.value) == (1_072, 2_000)
    assert vn_percent(progress.ratio.percent) == "53,6%"


def test_dien_bien_dong_admissions_against_its_plan(province):
    # 001: "kết nạp 160 đảng viên mới, đạt 160% kế hoạch"
    progress = achievement(org("Đảng bộ huyện Điện Biên Đông"), date(2017, 12, 31))
    assert vn_percent(progress.ratio.percent, 0) == "160%"


def test_education_members_among_staff(province):
    # 001: "605 đảng viên/1.820 cán bộ, giáo viên"
    share = share_of_staff(org("Đảng bộ Phòng Giáo dục và Đào tạo huyện Điện Biên Đông"), date(2017, 12, 31))
    assert (share.part, share.whole) == (605, 1_820)


def test_org_commission_members_among_staff(province):
    # 002: "25 đảng viên, chiếm 83,3% tổng số cán bộ, công nhân, viên chức cơ quan"
    share = share_of_staff(org("Chi bộ Ban Tổ chức Tỉnh ủy"), date(2017, 2, 17))
    assert vn_percent(share.percent) == "83,3%"


def test_the_cross_checks_show_the_articles_contradiction(root):
    # 000: "646 tổ chức cơ sở Đảng, trong đó có 419 chi bộ cơ sở, 225 đảng bộ cơ sở" (= 644)
    checks = {c.code: c for c in stated_checks(root, H1_2017)}
    assert not checks["stated.parts.grassroots_organizations"].ok
    assert "= 644" in checks["stated.parts.grassroots_organizations"].message
    assert not checks["stated.grassroots_organizations"].ok
    assert [code for code, c in checks.items() if not c.ok] == [
        "stated.grassroots_organizations",
        "stated.parts.grassroots_organizations",
    ]  # every other stated figure of 30/06/2017 is what the records give


# -- the province as a whole -----------------------------------------------------------------------


def test_the_2025_restructuring(root, province):
    after = date(2025, 7, 1)
    assert not OrgVersion.objects.filter(
        kind=OrgKind.DISTRICT, valid_from__lte=after, valid_until=None
    ).exists()
    assert OrgVersion.objects.filter(kind=OrgKind.COMMUNE, parent=root, valid_from=after).count() == 45
    assert hamlets_on(root, date(2025, 7, 1)).all.value == 1_813
    # Nobody leaves the province by the restructuring: no exit "reorganized" that day.
    assert members_flow(root, Period(after, date(2025, 7, 2))).exits["reorganized"].value == 0


def test_shares_are_those_of_dien_bien(root):
    # Of the 35.676 members of 30/06/2017 (seed 000), the seed (2017) gives 13.915 women (39,0%) and
    # 28.290 members of ethnic minorities (79,3%), shares like those of Điện Biên.
    stock = membership_on(root, date(2017, 6, 30))
    assert (stock.total.value, stock.women.value, stock.ethnic_minority.value) == (35_676, 13_915, 28_290)


def test_same_seed_same_records(province, stream):
    # The records loaded (the default seed, 2017) again: the first thousand are the same.
    assert stream.first == list(islice(dienbien_province(), 1000))


def test_records_come_in_record_types_order(province, stream):
    assert stream.out_of_order is None
    # Every person and event given became a row; among the people, the 35.676 members of
    # 30/06/2017 (seed 000) and those who left before or came after.
    assert (stream.people, stream.events) == (Person.objects.count(), MembershipEvent.objects.count())
    assert stream.people > 35_676


# -- the members-flow identity on the demo province --------------------------------------------------


def test_the_identity_holds_for_the_province_and_districts_every_half_year_since_2010(root):
    """Form 1: closing = opening + in − out (D = A + B − C), for the province and every district
    committee it had, in every half-year from 2010 to the first half of 2026."""
    districts = Organization.objects.filter(
        pk__in=OrgVersion.objects.filter(kind=OrgKind.DISTRICT).values("organization")
    )
    halves = [Period.half_year(year, half) for year in range(2010, 2026) for half in (1, 2)]
    halves.append(Period.half_year(2026, 1))
    checked = 0
    for org in [root, *districts]:
        for period in halves:
            if version_on(org, period.opening_day) or version_on(org, period.closing_day):
                flow = members_flow(org, period)
                assert flow.identity_holds, (org.code, period)
                checked += 1
    # Hand-counted: the province in all 33 half-years; each of the 10 district committees (standing
    # until 30/06/2025) in 32, the last being the second half of 2025, whose opening stock is of
    # 30/06/2025.
    assert len(districts) == 10
    assert checked == 33 + 10 * 32


@pytest.mark.parametrize("period", [Period.half_year(2017, 1), Period.half_year(2025, 2)])
def test_the_identity_holds_for_every_organization(province, period):
    """Every organization standing at either end of the half-year, cells included: the first half
    of 2017 (the seed articles) and the second half of 2025 (the restructuring of 01/07/2025)."""
    standing = set(
        OrgVersion.objects.filter(valid_from__lt=period.end)
        .exclude(valid_until__lte=period.opening_day)
        .values_list("organization_id", flat=True)
    )
    assert len(standing) > 2_000
    for org in Organization.objects.filter(pk__in=standing):
        flow = members_flow(org, period)
        assert flow.identity_holds, (org.code, period)
