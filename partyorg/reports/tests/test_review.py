"""The review report draft (sơ kết / tổng kết) as text and as .docx, on a hand-worked cast.

The cast (partyorg.testing's tree, founded 01/01/2000) and what happens to it::

    a  Lò Văn Pọm        cell A, admitted 2010                  member throughout
    b  Quàng Văn Bình    cell B, admitted 2010                  transferred out of the records 15/03/2017
    c  Cầm Văn Sương     school, admitted 2012                  died 04/04/2017
    d  Nguyễn Đức Hường  admitted 1995 elsewhere                transferred in to the school 01/02/2017
    e  Lò Thị Én         woman, Thái, Youth Union               admitted at cell A, ceremony 11/03/2017
    f  Vì Văn Khoa       Youth Union                            admitted at the school, ceremony 12/05/2017
    r  Hà Văn Thắm       Tày; cell A 2005, removed 02/01/2012   re-admitted at cell A, ceremony 26/01/2017
    g  Quàng Thị Xuân    woman; cell B, ceremony 13/10/2016     probationary throughout 2017
    h  Lường Văn Chiến   cell A, admitted 2001                  exempt since 01/06/2015
    i  Tòng Văn Ính      cell A, ceremony 11/03/2016            recognized 11/03/2017
    j  Điêu Văn Ích      school, ceremony 14/04/2016            recognized 14/04/2017
    k  Lò Văn Khương     admitted 1985 elsewhere, cell A 2000   30-year badge 19/05/2017, exempt 01/06/2017

The yearly review of 2016 (20/12/2016, the 2014 regime): the school rates c good and j excellent,
and is itself rated good. Congresses in the first half of 2017: cell A (a subordinate cell) on
20/03/2017 and the school (a grassroots cell) on 10/05/2017, for the terms 2017–2020 and 2017–2022.

The tree changes in the first half of 2017: cells A and B merge into a combined cell on 01/04/2017
(B's members go with it), and a new grassroots cell (the district hospital) is founded on 02/05/2017.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document

from partyorg import testing
from partyorg.committees.models import CongressKind
from partyorg.committees.services import record_congress
from partyorg.dues import services as dues
from partyorg.meetings import services as meetings
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.organizations.models import (
    Locality,
    LocalityKind,
    LocalityParent,
    OrgKind,
    OrgSector,
    OrgVersion,
)
from partyorg.organizations.services import OrgState
from partyorg.ratings import services as ratings
from partyorg.ratings.services import RatingEntry
from partyorg.reports import review
from partyorg.reports.statistics import Period
from partyorg.rules import ratings as levels

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)
# The forms sent with the report: the interfaces pass reports.documents.FORMS.
ATTACHED = ("Biểu 1 — Tăng, giảm đảng viên", "Biểu 5 — Tổ chức đảng và đảng viên theo loại hình")


def person(name, *, sex="male", born=date(1980, 5, 17), ethnicity="Kinh", youth=False):
    who = testing.person(name, sex=sex, birth_date=born)
    who.ethnicity, who.is_youth_union_member = ethnicity, youth
    who.save()
    return who


def build_cast():
    tree = testing.build_tree()
    a, b, c = person("Lò Văn Pọm"), person("Quàng Văn Bình"), person("Cầm Văn Sương")
    d = person("Nguyễn Đức Hường", born=date(1970, 1, 1))
    e = person("Lò Thị Én", sex="female", born=date(1995, 4, 10), ethnicity="Thái", youth=True)
    f = person("Vì Văn Khoa", born=date(1993, 8, 1), youth=True)
    r = person("Hà Văn Thắm", born=date(1975, 3, 3), ethnicity="Tày")
    g = person("Quàng Thị Xuân", sex="female", born=date(1990, 2, 2))
    h = person("Lường Văn Chiến", born=date(1950, 1, 1))
    i, j = person("Tòng Văn Ính"), person("Điêu Văn Ích")
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(b, tree.cell_b, date(2010, 3, 1))
    testing.admit(c, tree.school, date(2012, 4, 2))
    testing.admit(h, tree.cell_a, date(2001, 3, 1))
    testing.record(h, K.EXEMPTED, date(2015, 6, 1))
    testing.admit(r, tree.cell_a, date(2005, 1, 3))
    testing.record(r, K.REMOVED, date(2012, 1, 2), detail="other")
    testing.admit(i, tree.cell_a, date(2016, 3, 1))  # ceremony 11/03/2016: first half of 2016
    testing.admit(j, tree.school, date(2016, 4, 4))  # ceremony 14/04/2016: first half of 2016
    testing.admit(g, tree.cell_b, date(2016, 10, 3), recognize=False)  # ceremony 13/10/2016
    k = person("Lò Văn Khương", born=date(1950, 1, 1))
    testing.record(k, K.ADMISSION_DECIDED, date(1985, 3, 2))  # before partyorg's records
    testing.record(k, K.ADMISSION_CEREMONY, date(1985, 3, 12))
    testing.record(k, K.RECOGNIZED_OFFICIAL, date(1986, 3, 12))
    testing.record(k, K.TRANSFER_IN, date(2000, 1, 1), organization=tree.cell_a)
    cycle = ratings.open_cycle(
        tree.school, year=2016, reviewed_on=date(2016, 12, 20), legal_basis=testing.BASIS, recorded_by="t"
    )
    ratings.rate_members(
        cycle,
        [RatingEntry(c, levels.GOOD), RatingEntry(j, levels.EXCELLENT)],
        legal_basis=testing.BASIS,
        recorded_by="t",
    )
    ratings.rate_organization(cycle, levels.GOOD, legal_basis=testing.BASIS, recorded_by="t")
    # The first half of 2017.
    testing.record(r, K.READMISSION_DECIDED, date(2017, 1, 16), organization=tree.cell_a)
    testing.record(r, K.ADMISSION_CEREMONY, date(2017, 1, 26))
    testing.record(d, K.ADMISSION_DECIDED, date(1995, 3, 2))  # before partyorg's records
    testing.record(d, K.ADMISSION_CEREMONY, date(1995, 3, 12))
    testing.record(d, K.RECOGNIZED_OFFICIAL, date(1996, 3, 12))
    testing.record(d, K.TRANSFER_IN, date(2017, 2, 1), organization=tree.school)
    testing.admit(e, tree.cell_a, date(2017, 3, 1), recognize=False)  # ceremony 11/03/2017
    # A subordinate cell's term is 2 or 3 years, a grassroots organization's 5 (RULES.md §1.4).
    for org, day, last in ((tree.cell_a, date(2017, 3, 20), 2020), (tree.school, date(2017, 5, 10), 2022)):
        record_congress(
            org,
            kind=CongressKind.REGULAR,
            held_on=day,
            term_first_year=2017,
            term_last_year=last,
            legal_basis=testing.BASIS,
            recorded_by="t",
        )
    testing.record(b, K.TRANSFER_OUT, date(2017, 3, 15), external_place="Đảng bộ tỉnh Lai Châu")
    services.merge_organizations(
        [tree.cell_a, tree.cell_b],
        tree.cell_a,
        effective_on=date(2017, 4, 1),
        target_state=OrgState("Chi bộ ghép Na Ten – Co Sản", OrgKind.CELL, tree.commune, is_combined=True),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    testing.record(c, K.DIED, date(2017, 4, 4))
    testing.found(
        "T.H.B",
        "Chi bộ Bệnh viện huyện Mường Khoa",
        OrgKind.GRASSROOTS_CELL,
        tree.district,
        on=date(2017, 5, 2),
        sector=OrgSector.PUBLIC_SERVICE,
    )
    testing.admit(f, tree.school, date(2017, 5, 2), recognize=False)  # ceremony 12/05/2017
    testing.record(k, K.BADGE_AWARDED, date(2017, 5, 19), detail="30")
    testing.record(k, K.EXEMPTED, date(2017, 6, 1))
    return tree


@pytest.fixture(scope="class")
def cast(built_once):
    """Built once for the class's tests, which only read it."""
    with built_once():
        yield build_cast()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def building(draft: review.ReviewDraft, letter: str) -> tuple[str, ...]:
    """The paragraphs of part ``letter`` of "2. Công tác xây dựng tổ chức cơ sở đảng và đảng viên"."""
    return draft.section("I").part("2.").part(f"{letter})").paragraphs


def named(draft: review.ReviewDraft, title: str) -> tuple[str, ...]:
    """The paragraphs of the part of section I.2 headed ``title`` (its letter depends on what is left out)."""
    return next(p for p in draft.section("I").part("2.").parts if p.heading.endswith(title)).paragraphs


def headings(section: review.Section) -> list[str]:
    return [part.heading for part in section.parts]


@pytest.mark.parametrize(
    ("first", "last", "name", "lead", "title"),
    [
        (
            date(2017, 1, 1),
            date(2017, 6, 30),
            "6 tháng đầu năm 2017",
            "6 tháng đầu năm",
            "6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2017",
        ),
        (
            date(2017, 1, 1),
            date(2017, 3, 31),
            "quý I năm 2017",
            "Quý I năm 2017",
            "quý I, phương hướng, nhiệm vụ quý II năm 2017",
        ),
        (
            date(2017, 1, 1),
            date(2017, 9, 30),
            "9 tháng đầu năm 2017",
            "9 tháng đầu năm",
            "9 tháng đầu năm, phương hướng, nhiệm vụ 3 tháng cuối năm 2017",
        ),
        (
            date(2017, 7, 1),
            date(2017, 12, 31),
            "6 tháng cuối năm 2017",
            "6 tháng cuối năm",
            "6 tháng cuối năm 2017, phương hướng, nhiệm vụ năm 2018",
        ),
        (
            date(2017, 1, 1),
            date(2017, 12, 31),
            "năm 2017",
            "Năm 2017",
            "năm 2017, phương hướng, nhiệm vụ năm 2018",
        ),
        (
            date(2017, 1, 2),
            date(2017, 6, 30),
            "từ ngày 02/01/2017 đến ngày 30/06/2017",
            "Từ ngày 02/01/2017 đến ngày 30/06/2017",
            "từ ngày 02/01/2017 đến ngày 30/06/2017, phương hướng, nhiệm vụ thời gian tới",
        ),
    ],
)
def test_periods_are_named_as_reports_name_them(first, last, name, lead, title):
    named = review.period_name(Period.between(first, last))
    assert (named.name, named.lead, named.title) == (name, lead, title)


@pytest.mark.parametrize(
    ("name", "kind", "committee"),
    [
        ("Đảng bộ tỉnh Điện Biên", OrgKind.PROVINCE, "Tỉnh ủy Điện Biên"),
        ("Đảng bộ thành phố Điện Biên Phủ", OrgKind.DISTRICT, "Thành ủy Điện Biên Phủ"),
        ("Đảng bộ thị xã Mường Lay", OrgKind.DISTRICT, "Thị ủy Mường Lay"),
        ("Đảng bộ huyện Nậm Pồ", OrgKind.DISTRICT, "Huyện ủy Nậm Pồ"),
        ("Đảng bộ xã Chung Chải", OrgKind.GRASSROOTS_COMMITTEE, "Đảng ủy xã Chung Chải"),
        ("Đảng bộ xã Mường Nhé", OrgKind.COMMUNE, "Đảng ủy xã Mường Nhé"),  # after 01/07/2025
        ("Đảng bộ Khối Dân chính Đảng tỉnh", OrgKind.BLOC, "Đảng ủy Khối Dân chính Đảng tỉnh"),
        ("Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE, "Tỉnh ủy Hòa Sơn"),
        ("Chi bộ Ban Tổ chức Tỉnh ủy", OrgKind.GRASSROOTS_CELL, "Chi bộ Ban Tổ chức Tỉnh ủy"),
    ],
)
def test_the_committee_of_an_organization_is_read_off_its_name(name, kind, committee):
    assert review.committee_name(name, kind) == committee


def test_the_issuer_is_the_ban_to_chuc_above_a_grassroots_organization_and_the_committee_below():
    """36-HD/VPTW as the module says [U]: a province's or a district's Ban Tổ chức issues under its
    committee; a grassroots committee or a cell under the party organization above it."""
    province = OrgVersion(name="Đảng bộ tỉnh Điện Biên", kind=OrgKind.PROVINCE)
    district = OrgVersion(name="Đảng bộ huyện Mường Nhé", kind=OrgKind.DISTRICT)
    commune = OrgVersion(name="Đảng bộ xã Chung Chải", kind=OrgKind.GRASSROOTS_COMMITTEE)
    cell = OrgVersion(name="Chi bộ bản Chung Chải", kind=OrgKind.CELL)
    ban = review.issuer_for(province, None)
    assert (ban.lines, ban.number_line, ban.name, ban.signer) == (
        ("TỈNH ỦY ĐIỆN BIÊN", "BAN TỔ CHỨC"),
        "Số …-BC/BTCTU",
        "Ban Tổ chức Tỉnh ủy Điện Biên",
        ("TRƯỞNG BAN",),
    )
    assert ban.recipients[:2] == ("Ban Tổ chức Trung ương (b/c)", "Thường trực Tỉnh ủy Điện Biên (b/c)")
    below = review.issuer_for(district, province)
    assert (below.lines, below.symbol, below.recipients[0]) == (
        ("HUYỆN ỦY MƯỜNG NHÉ", "BAN TỔ CHỨC"),
        "BC/BTCHU",
        "Ban Tổ chức Tỉnh ủy Điện Biên (b/c)",
    )
    committee = review.issuer_for(commune, district)
    assert (committee.lines, committee.symbol, committee.signer) == (
        ("ĐẢNG BỘ HUYỆN MƯỜNG NHÉ", "ĐẢNG ỦY XÃ CHUNG CHẢI"),
        "BC/ĐU",
        ("T/M ĐẢNG ỦY", "BÍ THƯ"),
    )
    assert committee.recipients == (
        "Ban Thường vụ Huyện ủy Mường Nhé (b/c)",
        "Ban Tổ chức Huyện ủy Mường Nhé",
        "Các chi bộ trực thuộc",
        "Lưu.",
    )
    own = review.issuer_for(cell, commune)
    assert (own.lines, own.symbol, own.signer) == (
        ("ĐẢNG BỘ XÃ CHUNG CHẢI", "CHI BỘ BẢN CHUNG CHẢI"),
        "BC/CB",
        ("T/M CHI BỘ", "BÍ THƯ"),
    )
    # A grassroots committee has no standing committee nor Ban Tổ chức: the cell writes to it.
    assert own.recipients == ("Đảng ủy xã Chung Chải (b/c)", "Lưu.")


def test_hamlets_without_members_and_a_grassroots_committee_named_by_its_name():
    """Hand-worked: a commune committee with three hamlets; Na Ten has its own cell and a member
    living there; Co Sản and Pá Khoang share a combined cell and only Co Sản has a member living
    there. A woman living in Pá Khoang is admitted on 16/02/2017: the white hamlets go from 1/3 to
    0/3, one cleared; Co Sản and Pá Khoang (2/3) still have no cell of their own."""
    commune_place = Locality.objects.create(code="01", name="Xã Nà Tấu", kind=LocalityKind.COMMUNE)
    hamlets = [
        Locality.objects.create(code=f"01.{i}", name=name, kind=LocalityKind.HAMLET)
        for i, name in enumerate(("Bản Na Ten", "Bản Co Sản", "Bản Pá Khoang"))
    ]
    for hamlet in hamlets:
        LocalityParent.objects.create(locality=hamlet, parent=commune_place)
    commune = testing.found(
        "X", "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE, None, locality=commune_place
    )
    own = testing.found("X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune, locality=hamlets[0])
    shared = testing.found(
        "X.2", "Chi bộ ghép Co Sản – Pá Khoang", OrgKind.CELL, commune, locality=hamlets[1], is_combined=True
    )
    for org, hamlet in ((own, hamlets[0]), (shared, hamlets[1])):
        who = testing.person()
        who.home_locality = hamlet
        who.save()
        testing.admit(who, org, date(2010, 3, 1))
    newcomer = person("Lò Thị Én", sex="female", born=date(1995, 4, 10), ethnicity="Thái")
    newcomer.home_locality = hamlets[2]
    newcomer.save()
    testing.admit(newcomer, shared, date(2017, 2, 6), recognize=False)
    draft = review.draft(commune, H1_2017)
    assert draft.date_line == "Nà Tấu, ngày … tháng … năm …"
    # No party organization above it: the committee alone, with its own symbol.
    assert (draft.issuer.lines, draft.issuer.number_line) == (("ĐẢNG ỦY XÃ NÀ TẤU",), "Số …-BC/ĐU")
    assert draft.issuer.signer == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert building(draft, "a") == (
        "Đến ngày 30/06/2017, Đảng ủy xã Nà Tấu có 2 chi bộ trực thuộc. "
        "Trong tổng số chi bộ có 1 chi bộ ghép.",
    )
    assert building(draft, "c") == (
        "6 tháng đầu năm, Đảng ủy xã Nà Tấu kết nạp mới 1 đảng viên, nâng tổng số đảng viên lên 3 đảng "
        "viên. Trong số đảng viên được kết nạp có 1 đảng viên nữ (100,0%), 1 đảng viên là người dân tộc "
        "thiểu số (100,0%). Cùng kỳ năm trước không kết nạp đảng viên.",
    )
    assert draft.section("I").part("2.").parts[-1].heading == "g) Thôn, bản chưa có đảng viên"
    assert draft.section("I").part("2.").parts[-1].paragraphs == (
        "Số thôn, bản “trắng” đảng viên giảm từ 1/3 xuống còn 0/3. Trong kỳ đã xóa được 1 thôn, bản "
        "“trắng” đảng viên. Đến ngày 30/06/2017, Đảng ủy xã Nà Tấu không còn thôn, bản chưa có đảng viên. "
        "Còn 2/3 thôn, bản chưa có chi bộ riêng.",
    )
    # A grassroots committee has no Ban Tổ chức: no section on building the Ban; no table by unit.
    assert "Công tác xây dựng ngành" not in " ".join(headings(draft.section("I")))
    assert draft.units == () and draft.total is None


def test_the_ban_s_own_cell_is_found_by_its_name_and_its_members_said():
    """Hand-worked: a province with the cell of its Ban Tổ chức (3 members since 2010, one of them
    admitted in the half year) and a district cell of one member; section 5 names the Ban's cell."""
    province = testing.found("P", "Đảng bộ tỉnh Hòa Sơn", OrgKind.PROVINCE, None)
    ban = testing.found("P.B", "Chi bộ Ban Tổ chức Tỉnh ủy", OrgKind.GRASSROOTS_CELL, province)
    other = testing.found("P.V", "Chi bộ Văn phòng Tỉnh ủy", OrgKind.GRASSROOTS_CELL, province)
    for _ in range(2):
        testing.admit(testing.person(), ban, date(2010, 3, 1))
    testing.admit(testing.person(), ban, date(2017, 2, 1), recognize=False)
    testing.admit(testing.person(), other, date(2010, 3, 1))
    draft = review.draft(province, H1_2017)
    assert draft.issuer.lines == ("TỈNH ỦY HÒA SƠN", "BAN TỔ CHỨC")
    assert draft.section("I").part("5.").heading == "5. Công tác xây dựng ngành Tổ chức xây dựng Đảng"
    assert draft.section("I").part("5.").paragraphs[0] == (
        "Đến ngày 30/06/2017, Chi bộ Ban Tổ chức Tỉnh ủy có 3 đảng viên. "
        "Trong kỳ, chi bộ kết nạp 1 đảng viên."
    )
    assert draft.section("I").part("5.").paragraphs[1].startswith("[Công tác xây dựng cơ quan, chi bộ")
    # By name: Chi bộ Ban Tổ chức (3 → 3 + 0), then Chi bộ Văn phòng (1).
    assert [(row.name, row.opening, row.admitted, row.closing) for row in draft.units] == [
        ("Chi bộ Ban Tổ chức Tỉnh ủy", 2, 1, 3),
        ("Chi bộ Văn phòng Tỉnh ủy", 1, 0, 1),
    ]
    assert draft.total is not None and (draft.total.name, draft.total.closing) == ("Toàn Đảng bộ tỉnh", 4)


def test_a_deployment_sets_the_issuer_of_an_organization(settings):
    """The [U] defaults give way to PARTYORG_REVIEW_ISSUERS, by organization code."""
    province = testing.found("P", "Đảng bộ tỉnh Hòa Sơn", OrgKind.PROVINCE, None)
    settings.PARTYORG_REVIEW_ISSUERS = {
        "P": {"symbol": "BC/BTC", "signer": ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]}
    }
    draft = review.draft(province, H1_2017, place="Hòa Bình", signed_on=date(2017, 7, 4))
    assert (draft.issuer.number_line, draft.issuer.signer) == (
        "Số …-BC/BTC",
        ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
    )
    assert draft.issuer.lines == ("TỈNH ỦY HÒA SƠN", "BAN TỔ CHỨC")  # not set: the default
    # --place is honoured; the day below 10 takes a leading zero, July none (36-HD/VPTW [U]).
    assert draft.date_line == "Hòa Bình, ngày 04 tháng 7 năm 2017"
    assert review.draft(province, H1_2017, signed_on=date(2018, 2, 14)).date_line.endswith(
        "ngày 14 tháng 02 năm 2018"
    )


class TestOnTheCast:
    def test_the_half_year_report_is_a_ban_to_chuc_report_with_the_period_s_figures(self, cast):
        draft = review.draft(cast.province, H1_2017, attachments=ATTACHED)
        assert draft.title == (
            "BÁO CÁO kết quả công tác tổ chức xây dựng Đảng 6 tháng đầu năm, phương hướng, nhiệm vụ "
            "6 tháng cuối năm 2017"
        )
        assert (draft.issuer.lines, draft.issuer.number_line) == (
            ("TỈNH ỦY HÒA SƠN", "BAN TỔ CHỨC"),
            "Số …-BC/BTCTU",
        )
        assert (draft.unit_name, draft.date_line) == ("Tỉnh ủy Hòa Sơn", "…, ngày … tháng … năm …")
        assert [s.heading for s in draft.sections] == [
            "I. KẾT QUẢ CÔNG TÁC TỔ CHỨC XÂY DỰNG ĐẢNG 6 THÁNG ĐẦU NĂM 2017",
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017",
            "III. ĐỀ XUẤT, KIẾN NGHỊ",
        ]
        assert headings(draft.section("I")) == [
            "1. Công tác tổ chức bộ máy, biên chế",
            "2. Công tác xây dựng tổ chức cơ sở đảng và đảng viên",
            "3. Công tác cán bộ",
            "4. Công tác bảo vệ chính trị nội bộ",
            "5. Công tác xây dựng ngành Tổ chức xây dựng Đảng",
            "6. Đánh giá chung",
        ]
        # No meetings and no dues recorded in 2017, no hamlets (no locality): placeholders, or nothing.
        assert headings(draft.section("I").part("2.")) == [
            "a) Xây dựng tổ chức cơ sở đảng",
            "b) Đại hội",
            "c) Sinh hoạt chi bộ",
            "d) Phát triển đảng viên",
            "e) Quản lý đảng viên",
            "f) Đánh giá, xếp loại chất lượng",
            "g) Đảng phí",
        ]
        assert draft.section("I").part("1.").paragraphs[0] == (
            "Đến ngày 30/06/2017, Đảng bộ tỉnh có 1 tổ chức đảng trực thuộc "
            "(1 đảng bộ huyện, thị xã, thành phố)."
        )
        # On 30/06/2017: grassroots committees = the commune (1); grassroots cells = the school and the
        # hospital founded 02/05/2017 (2); cells = the combined Na Ten – Co Sản (1), which on 31/12/2016
        # were cells A and B (2). Sectors: the commune "xã", the school and the hospital public service.
        assert building(draft, "a") == (
            "Đến ngày 30/06/2017, toàn tỉnh có 3 tổ chức cơ sở đảng (1 đảng bộ cơ sở, 2 chi bộ cơ sở) và "
            "1 chi bộ trực thuộc đảng bộ cơ sở. Trong tổng số chi bộ có 1 chi bộ ghép.",
            "Theo loại hình, tổ chức cơ sở đảng gồm: xã 1; đơn vị sự nghiệp công lập 2.",
            "So với ngày 31/12/2016, số tổ chức cơ sở đảng tăng 1 (từ 2 lên 3); "
            "số chi bộ trực thuộc đảng bộ cơ sở giảm 1 (từ 2 xuống 1).",
        )
        # Cell A (a subordinate cell) on 20/03/2017, the school (a grassroots cell) on 10/05/2017; the
        # terms they open fall due in 2020, and none fell due in the half year.
        assert building(draft, "b") == (
            "6 tháng đầu năm, toàn tỉnh đã tổ chức 2 đại hội (1 đại hội chi bộ trực thuộc, 1 đại hội chi bộ "
            "cơ sở).",
        )
        assert building(draft, "c") == ("[Việc duy trì nền nếp, chất lượng sinh hoạt chi bộ …]",)
        # Admitted at a ceremony in the half year: e and f new, r re-admitted = 3; of them e a woman
        # (1/3 = 33,3%), e (Thái) and r (Tày) ethnic minority (2/3 = 66,7%), e and f Youth Union (66,7%).
        # Opening on 31/12/2016: a, b, c, g, h, i, j, k = 8; closing 8 + 4 in (r, d, e, f) - 2 out (b, c)
        # = 10. Same period of 2016: i and j = 2, so 3 is 50,0% more. Grassroots organizations that
        # admitted: the commune (r and e, in cell A) and the school (f) = 2.
        assert building(draft, "d") == (
            "6 tháng đầu năm, toàn tỉnh kết nạp mới 2 đảng viên và kết nạp lại 1 đảng viên, nâng tổng số "
            "đảng viên toàn Đảng bộ tỉnh lên 10 đảng viên. Trong số đảng viên được kết nạp có 1 đảng viên nữ "
            "(33,3%), 2 đảng viên là người dân tộc thiểu số (66,7%), 2 đoàn viên thanh niên (66,7%). Số đảng "
            "viên được kết nạp tăng 50,0% so với cùng kỳ năm trước (2 đảng viên). Trong kỳ có 2 tổ chức "
            "cơ sở đảng kết nạp được đảng viên.",
        )
        # The 10 on 30/06/2017: probationary e, f, r (probation again) and g = 4 (40,0%); women e, g = 2
        # (20,0%); ethnic minority e, r = 2; Youth Union e, f = 2; exempt h and k = 2 (20,0%). The moves
        # other than admissions: d transferred in, b transferred out, c died. Member work of the half
        # year (RULES.md §2.3, §2.6, §2.8): i (11/03/2017) and j (14/04/2017) recognized, k's 30-year
        # badge (19/05/2017), k exempted (01/06/2017).
        assert building(draft, "e") == (
            "Đến ngày 30/06/2017, toàn Đảng bộ tỉnh có 10 đảng viên, trong đó 4 đảng viên dự bị (40,0%), "
            "2 đảng viên nữ (20,0%), 2 đảng viên là người dân tộc thiểu số (20,0%), 2 đảng viên là đoàn viên "
            "thanh niên (20,0%), 2 đảng viên được miễn công tác và sinh hoạt đảng (20,0%).",
            "Tổng số đảng viên đầu kỳ (ngày 31/12/2016) là 8; trong kỳ tăng 4, giảm 2; cuối kỳ (ngày "
            "30/06/2017) là 10 đảng viên. Trong kỳ, tiếp nhận 1 đảng viên chuyển sinh hoạt đảng chính thức "
            "đến; chuyển sinh hoạt đảng chính thức đi 1 đảng viên; 1 đảng viên từ trần.",
            "Trong kỳ, công nhận đảng viên chính thức cho 2 đảng viên dự bị; trao tặng 1 Huy hiệu Đảng; "
            "1 đảng viên được miễn công tác và sinh hoạt đảng.",
            "(Số liệu theo từng đơn vị tại Phụ lục kèm theo.)",
        )
        # The review of 2016 (the last year ended by 30/06/2017): the school rated good (1 of 1); c good
        # and j excellent, 2 rated (RULES.md §3; 1/2 = 50,00%).
        assert building(draft, "f") == (
            "Kết quả đánh giá, xếp loại tổ chức đảng năm 2016: trong 1 tổ chức đảng được xếp loại có 1 tổ "
            "chức hoàn thành tốt nhiệm vụ (100,00%).",
            "Kết quả xếp loại đảng viên năm 2016: 100,00% đảng viên hoàn thành tốt nhiệm vụ trở lên, "
            "trong đó có 50,00% hoàn thành xuất sắc nhiệm vụ; 0,00% hoàn thành nhiệm vụ; 0,00% không hoàn "
            "thành nhiệm vụ (trên 2 đảng viên được xếp loại).",
        )
        assert building(draft, "g") == ("[Kết quả thu, nộp, quản lý và sử dụng đảng phí …]",)
        # Cadre work and internal political protection: no records yet, so people write them.
        assert draft.section("I").part("3.").paragraphs[0].startswith("[Công tác nhận xét, đánh giá")
        assert draft.section("I").part("4.").paragraphs[0].startswith("[Công tác thẩm định")
        # The cast has no "Chi bộ Ban Tổ chức": section 5 is left to people.
        assert draft.section("I").part("5.").paragraphs == (
            "[Công tác xây dựng cơ quan, chi bộ; bồi dưỡng nghiệp vụ cho cán bộ làm công tác tổ chức …]",
        )
        assert draft.section("II").paragraphs[0].startswith("[Phương hướng, nhiệm vụ, giải pháp 6 tháng cuối")
        assert draft.attachments[0] == "Biểu 1 — Tăng, giảm đảng viên"
        assert draft.issuer.recipients[-1] == "Lưu."
        # The table by unit: the district holds the whole cast; 8 + 3 + 1 − 1 − 1 = 10; cell A's congress.
        assert draft.units == (review.UnitRow("Huyện ủy Mường Khoa", 8, 3, 1, 1, 1, 10, 2, 1),)
        assert draft.total == review.UnitRow("Toàn Đảng bộ tỉnh", 8, 3, 1, 1, 1, 10, 2, 1)
        # Zero figures say nothing: nobody expelled, removed or withdrawn, no religious member.
        printed = review.text(draft)
        for absent in ("khai trừ", "xóa tên", "ra khỏi Đảng", "có đạo", "chủ doanh nghiệp", "phục hồi"):
            assert absent not in printed.split("PHỤ LỤC")[0].replace(
                "Từ trần, khai trừ, xóa tên, ra khỏi Đảng", ""
            )
        assert printed.startswith(
            "TỈNH ỦY HÒA SƠN\nBAN TỔ CHỨC\n*\nSố …-BC/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "…, ngày … tháng … năm …\n\nBÁO CÁO\nkết quả công tác"
        )

    def test_the_district_table_has_a_row_per_organization_directly_under_it(self, cast):
        """Directly under the district on 30/06/2017, by name: the hospital (founded 02/05/2017,
        nobody), the school (c, j on 31/12/2016; f admitted, d in, c died: j, d, f; j recognized; its
        own congress is a grassroots cell's), the commune (a, b, g, h, i, k; r and e admitted, b out: 7;
        i recognized; cell A's congress). Each row keeps closing = opening + in − out."""
        draft = review.draft(cast.district, H1_2017)
        assert (draft.issuer.lines, draft.issuer.symbol) == (
            ("HUYỆN ỦY MƯỜNG KHOA", "BAN TỔ CHỨC"),
            "BC/BTCHU",
        )
        assert draft.issuer.recipients[0] == "Ban Tổ chức Tỉnh ủy Hòa Sơn (b/c)"
        assert draft.units == (
            review.UnitRow("Chi bộ Bệnh viện huyện Mường Khoa", 0, 0, 0, 0, 0, 0, 0, 0),
            review.UnitRow("Chi bộ Trường THCS Mường Khoa", 2, 1, 1, 0, 1, 3, 1, 0),
            review.UnitRow("Đảng ủy xã Nà Tấu", 6, 2, 0, 1, 0, 7, 1, 1),
        )
        assert all(row.balances for row in draft.units)
        assert draft.total == review.UnitRow("Toàn Đảng bộ huyện", 8, 3, 1, 1, 1, 10, 2, 1)
        # The district speaks of itself as a whole and names its most admitting organizations.
        assert building(draft, "d")[1] == (
            "Các tổ chức đảng trực thuộc kết nạp được nhiều đảng viên nhất: Đảng ủy xã Nà Tấu (kết nạp 2 "
            "đảng viên), Chi bộ Trường THCS Mường Khoa (kết nạp 1 đảng viên)."
        )

    def test_a_half_year_without_moves_keeps_its_headlines_and_drops_the_zero_clauses(self, cast):
        """The second half of 2017: nothing happens. The same period of 2016 admitted g (13/10/2016)."""
        draft = review.draft(cast.province, Period.half_year(2017, 2))
        assert draft.subject == (
            "kết quả công tác tổ chức xây dựng Đảng 6 tháng cuối năm 2017, phương hướng, nhiệm vụ năm 2018"
        )
        assert (
            building(draft, "a")[-1]
            == "Theo loại hình, tổ chức cơ sở đảng gồm: xã 1; đơn vị sự nghiệp công lập 2."
        )
        assert headings(draft.section("I").part("2."))[1] == "b) Sinh hoạt chi bộ"  # no congress held
        assert building(draft, "c") == (
            "6 tháng cuối năm, toàn tỉnh chưa kết nạp được đảng viên mới; tổng số đảng viên toàn Đảng bộ "
            "tỉnh đến ngày 31/12/2017 là 10 đảng viên. Số đảng viên được kết nạp giảm 100,0% so với cùng kỳ "
            "năm trước (1 đảng viên).",
        )
        assert building(draft, "d")[1:] == (
            "Tổng số đảng viên đầu kỳ (ngày 30/06/2017) là 10; cuối kỳ (ngày 31/12/2017) là 10 đảng viên. "
            "Trong kỳ không có đảng viên chuyển đến, chuyển đi, từ trần hoặc ra khỏi Đảng.",
            "(Số liệu theo từng đơn vị tại Phụ lục kèm theo.)",
        )
        # Closing on 31/12/2017: the review of 2017 itself, which nobody held.
        assert building(draft, "e") == (
            "[Kết quả kiểm điểm, đánh giá, xếp loại tổ chức đảng và đảng viên năm 2017 …]",
        )
        assert draft.section("II").heading == "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2018"

    def test_the_docx_reopens_with_the_heading_the_figures_the_table_and_times_new_roman(
        self, cast, tmp_path
    ):
        draft = review.draft(cast.province, H1_2017, attachments=ATTACHED)
        path = tmp_path / "bao-cao.docx"
        review.write_docx(draft, path)
        document = Document(str(path))
        heading = [c.text for c in document.tables[0].rows[0].cells]
        assert heading[0] == "TỈNH ỦY HÒA SƠN\nBAN TỔ CHỨC\n*\nSố …-BC/BTCTU"
        assert heading[1] == "ĐẢNG CỘNG SẢN VIỆT NAM\n\n…, ngày … tháng … năm …"
        texts = [p.text for p in document.paragraphs]
        assert f"BÁO CÁO\n{draft.subject}" in texts
        headline = next(p for p in document.paragraphs if p.text.startswith("6 tháng đầu năm, toàn tỉnh kết"))
        assert "nâng tổng số đảng viên toàn Đảng bộ tỉnh lên 10 đảng viên." in headline.text
        assert headline.style.name == "Body Text"
        styled = {(p.style.name, p.text) for p in document.paragraphs}
        assert ("Heading 1", "III. ĐỀ XUẤT, KIẾN NGHỊ") in styled
        assert ("Heading 2", "2. Công tác xây dựng tổ chức cơ sở đảng và đảng viên") in styled
        assert ("Heading 3", "d) Phát triển đảng viên") in styled
        assert ("Body Text", "- Biểu 5 — Tổ chức đảng và đảng viên theo loại hình") in styled
        signature = [c.text for c in document.tables[1].rows[0].cells]
        assert signature[0].startswith("Nơi nhận:\n- Ban Tổ chức Trung ương (b/c),") and signature[
            0
        ].endswith("- Lưu.")
        assert signature[1].startswith("TRƯỞNG BAN") and signature[1].endswith("[Họ và tên]")
        # The recipients and the signature stay on one page (the row cannot split).
        assert document.tables[1].rows[0]._tr.trPr.find(f"{{{W}}}cantSplit") is not None
        table = document.tables[2]
        assert [c.text for c in table.rows[0].cells][:3] == ["TT", "Đơn vị", "Đảng viên đầu kỳ"]
        assert [c.text for c in table.rows[1].cells] == [
            "1",
            "Huyện ủy Mường Khoa",
            "8",
            "3",
            "1",
            "1",
            "1",
            "10",
            "2",
            "1",
        ]
        assert [c.text for c in table.rows[2].cells][1:3] == ["Toàn Đảng bộ tỉnh", "8"]
        normal = document.styles["Normal"]
        fonts = normal.element.rPr.rFonts
        assert normal.font.name == "Times New Roman"
        assert {fonts.get(f"{{{W}}}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
            "Times New Roman"
        }
        for name in ("Heading 1", "Heading 2", "Heading 3", "Body Text"):  # no theme font left over
            assert document.styles[name].element.rPr.rFonts.get(f"{{{W}}}asciiTheme") is None
        page = document.sections[0]
        sizes = (page.page_width, page.page_height, page.left_margin, page.right_margin, page.top_margin)
        assert [round(size.mm) for size in sizes] == [210, 297, 30, 20, 20]  # stored in twentieths of a point
        # The placeholders are italic runs of their own style, the figures plain.
        placeholder = next(p for p in document.paragraphs if p.text.startswith("[Nguyên nhân"))
        assert all(run.style.name == "Phần cần viết" and run.style.font.italic for run in placeholder.runs)
        preamble = next(p for p in document.paragraphs if p.text.startswith("Thực hiện ["))
        assert [run.style.name == "Phần cần viết" for run in preamble.runs] == [False, True, False]


@time_machine.travel(datetime(2026, 4, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_meetings_and_dues_are_worded_when_the_period_s_records_exist():
    """Hand-worked, the commune in the first quarter of 2026 (today 10/04/2026), whose meetings and
    dues are recorded from February only: two students in cell A since 2024 (5.000 đ a month each
    from 02/2026, QĐ 01-QĐ/TW, RULES.md §4.1 [V]); cell A meets on 10/02 (both present) and 10/03 (B
    absent without excuse), cell B never (RULES.md §5): over February and March 1 of the 2 cells met
    every month (50,0%), 3 present of 4 expected (75,0%). A pays both months (10.000 đ), B nothing:
    10.000 of 20.000 đ (50,0%), B short 10.000 đ. January, without records, is not judged."""
    tree = testing.build_tree()
    payer = person("Lò Văn A", born=date(2005, 1, 1))
    debtor = person("Lò Văn B", born=date(2005, 1, 1))
    for who in (payer, debtor):
        testing.admit(who, tree.cell_a, date(2024, 3, 1))
        dues.record_basis(who, from_month=date(2026, 2, 1), category="student", recorded_by="t")
    for month in (2, 3):
        dues.record_payment(
            payer,
            month=date(2026, month, 1),
            amount=5_000,
            paid_on=date(2026, month, 5),
            organization=tree.cell_a,
            recorded_by="t",
        )
        meetings.record_meeting(
            tree.cell_a,
            kind="regular",
            held_on=date(2026, month, 10),
            duration_minutes=90,
            recorded_by="t",
            absences={debtor: meetings.Absence("unexcused")} if month == 3 else None,
        )
    draft = review.draft(tree.commune, Period.between(date(2026, 1, 1), date(2026, 3, 31)))
    assert named(draft, "Sinh hoạt chi bộ") == (
        "Từ tháng 02/2026 (tháng đầu tiên có số liệu trên hệ thống), "
        "1/2 chi bộ (50,0%) duy trì sinh hoạt thường kỳ hằng tháng (2 tháng đã qua của kỳ). Các chi bộ đã "
        "tổ chức 2 cuộc sinh hoạt; tỷ lệ đảng viên dự sinh hoạt bình quân 75,0%.",
        "[Chất lượng sinh hoạt chi bộ, sinh hoạt chuyên đề …]",
    )
    assert named(draft, "Đảng phí") == (
        "Từ tháng 02/2026 (tháng đầu tiên có số liệu trên hệ thống), "
        "đảng phí thu được 10.000 đồng trên 20.000 đồng phải nộp (50,0%). Còn 1 đảng viên nộp chưa đủ, "
        "thiếu 10.000 đồng.",
    )


def test_the_pdf_is_the_docx_through_libreoffice(tmp_path):
    """When LibreOffice is installed the report prints to PDF; a commune of one cell."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2017, 3, 1), recognize=False)
    path = tmp_path / "bao-cao.pdf"
    review.write_pdf(review.draft(tree.district, H1_2017), path)
    assert path.read_bytes().startswith(b"%PDF")
