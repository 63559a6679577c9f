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

The tree changes in the first half of 2017: cells A and B merge into a combined cell on 01/04/2017
(B's members go with it), and a new grassroots cell (the district hospital) is founded on 02/05/2017.
"""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from partyorg import testing
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.organizations.models import Locality, LocalityKind, LocalityParent, OrgKind, OrgSector
from partyorg.organizations.services import OrgState
from partyorg.reports import review
from partyorg.reports.statistics import Period

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)


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
    # The first half of 2017.
    testing.record(r, K.READMISSION_DECIDED, date(2017, 1, 16), organization=tree.cell_a)
    testing.record(r, K.ADMISSION_CEREMONY, date(2017, 1, 26))
    testing.record(d, K.ADMISSION_DECIDED, date(1995, 3, 2))  # before partyorg's records
    testing.record(d, K.ADMISSION_CEREMONY, date(1995, 3, 12))
    testing.record(d, K.RECOGNIZED_OFFICIAL, date(1996, 3, 12))
    testing.record(d, K.TRANSFER_IN, date(2017, 2, 1), organization=tree.school)
    testing.admit(e, tree.cell_a, date(2017, 3, 1), recognize=False)  # ceremony 11/03/2017
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
    return tree


@pytest.fixture(scope="class")
def cast(built_once):
    """Built once for the class's tests, which only read it."""
    with built_once():
        yield build_cast()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def section(draft: review.ReviewDraft, number: str) -> tuple[str, ...]:
    return next(s.paragraphs for s in draft.sections if s.heading.startswith(f"{number}. "))


@pytest.mark.parametrize(
    ("first", "last", "name", "lead"),
    [
        (date(2017, 1, 1), date(2017, 3, 31), "quý I năm 2017", "Quý I năm 2017"),
        (date(2017, 1, 1), date(2017, 9, 30), "9 tháng đầu năm 2017", "9 tháng đầu năm"),
        (date(2017, 7, 1), date(2017, 12, 31), "6 tháng cuối năm 2017", "6 tháng cuối năm"),
        (date(2017, 1, 2), date(2017, 6, 30), "từ ngày 02/01/2017 đến ngày 30/06/2017", "Từ ngày 02/01/2017"),
        (date(2016, 7, 1), date(2017, 6, 30), "từ ngày 01/07/2016 đến ngày 30/06/2017", "Từ ngày 01/07/2016"),
    ],
)
def test_periods_are_named_as_reports_name_them(first, last, name, lead):
    named = review.period_name(Period.between(first, last))
    assert named.name == name and named.lead.startswith(lead)


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
    assert section(draft, "I") == (
        "Đến ngày 30/06/2017, Đảng ủy xã Nà Tấu có 2 chi bộ trực thuộc. "
        "Trong tổng số chi bộ có 1 chi bộ ghép.",
    )
    assert section(draft, "II") == (
        "6 tháng đầu năm, Đảng ủy xã Nà Tấu kết nạp mới 1 đảng viên, nâng tổng số đảng viên lên 3 đảng "
        "viên. Trong số đảng viên được kết nạp có 1 đảng viên nữ (100,0%), 1 đảng viên là người dân tộc "
        "thiểu số (100,0%). Cùng kỳ năm trước không kết nạp đảng viên.",
    )
    assert draft.sections[3].heading == "IV. THÔN, BẢN CHƯA CÓ ĐẢNG VIÊN"
    assert draft.sections[3].paragraphs == (
        "Số thôn, bản “trắng” đảng viên giảm từ 1/3 xuống còn 0/3. Trong kỳ đã xóa được 1 thôn, bản "
        "“trắng” đảng viên. Đến ngày 30/06/2017, Đảng ủy xã Nà Tấu không còn thôn, bản chưa có đảng viên. "
        "Còn 2/3 thôn, bản chưa có chi bộ riêng.",
    )


class TestOnTheCast:
    def test_the_half_year_draft_words_the_figures_as_the_reports_do(self, cast):
        draft = review.draft(cast.province, H1_2017)
        assert draft.title == "BÁO CÁO Sơ kết công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2017"
        assert (draft.unit_name, draft.date_line) == ("Tỉnh ủy Hòa Sơn", "…, ngày … tháng … năm …")
        assert [s.heading for s in draft.sections] == [
            "I. CÔNG TÁC XÂY DỰNG TỔ CHỨC CƠ SỞ ĐẢNG",
            "II. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN",
            "III. CÔNG TÁC QUẢN LÝ ĐẢNG VIÊN",
            # no hamlets section: no organization of the cast has a locality
            "IV. ĐÁNH GIÁ CHUNG",
            "V. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017",
        ]
        # On 30/06/2017: grassroots committees = the commune (1); grassroots cells = the school and the
        # hospital founded 02/05/2017 (2); cells = the combined Na Ten – Co Sản (1), which on 31/12/2016
        # were cells A and B (2). Sectors: the commune "xã", the school and the hospital public service.
        assert section(draft, "I") == (
            "Đến ngày 30/06/2017, toàn tỉnh có 3 tổ chức cơ sở đảng (1 đảng bộ cơ sở, 2 chi bộ cơ sở) và "
            "1 chi bộ trực thuộc đảng bộ cơ sở. Trong tổng số chi bộ có 1 chi bộ ghép.",
            "Theo loại hình, tổ chức cơ sở đảng gồm: xã 1; đơn vị sự nghiệp công lập 2.",
            "So với ngày 31/12/2016, số tổ chức cơ sở đảng tăng 1 (từ 2 lên 3); "
            "số chi bộ trực thuộc đảng bộ cơ sở giảm 1 (từ 2 xuống 1).",
        )
        # Admitted at a ceremony in the half year: e and f new, r re-admitted = 3; of them e a woman
        # (1/3 = 33,3%), e (Thái) and r (Tày) ethnic minority (2/3 = 66,7%), e and f Youth Union (66,7%).
        # Opening on 31/12/2016: a, b, c, g, h, i, j = 7; closing 7 + 4 in (r, d, e, f) - 2 out (b, c) = 9.
        # Same period of 2016: i and j = 2, so 3 is 50,0% more. Grassroots organizations that admitted:
        # the commune (r and e, in cell A) and the school (f) = 2.
        assert section(draft, "II") == (
            "6 tháng đầu năm, toàn tỉnh kết nạp mới 2 đảng viên và kết nạp lại 1 đảng viên, nâng tổng số "
            "đảng viên toàn Đảng bộ tỉnh lên 9 đảng viên. Trong số đảng viên được kết nạp có 1 đảng viên nữ "
            "(33,3%), 2 đảng viên là người dân tộc thiểu số (66,7%), 2 đoàn viên thanh niên (66,7%). Số đảng "
            "viên được kết nạp tăng 50,0% so với cùng kỳ năm trước (2 đảng viên). Trong kỳ có 2 tổ chức "
            "cơ sở đảng kết nạp được đảng viên.",
        )
        # The 9 on 30/06/2017: probationary e, f, r (probation again) and g = 4 (44,4%); women e, g = 2
        # (22,2%); ethnic minority e, r = 2; Youth Union e, f = 2; exempt h = 1 (11,1%). The moves other
        # than admissions: d transferred in, b transferred out, c died.
        assert section(draft, "III") == (
            "Đến ngày 30/06/2017, toàn Đảng bộ tỉnh có 9 đảng viên, trong đó 4 đảng viên dự bị (44,4%), "
            "2 đảng viên nữ (22,2%), 2 đảng viên là người dân tộc thiểu số (22,2%), 2 đảng viên là đoàn viên "
            "thanh niên (22,2%), 1 đảng viên được miễn công tác và sinh hoạt đảng (11,1%).",
            "Tổng số đảng viên đầu kỳ (ngày 31/12/2016) là 7; trong kỳ tăng 4, giảm 2; cuối kỳ (ngày "
            "30/06/2017) là 9 đảng viên. Trong kỳ, tiếp nhận 1 đảng viên chuyển sinh hoạt đảng chính thức "
            "đến; chuyển sinh hoạt đảng chính thức đi 1 đảng viên; 1 đảng viên từ trần.",
        )
        assert section(draft, "IV")[0].startswith("[Đánh giá chung: ")
        assert any(p.startswith("[Nguyên nhân ") for p in section(draft, "IV"))
        assert section(draft, "V")[0].startswith("[Phương hướng, nhiệm vụ 6 tháng cuối năm 2017")
        # Zero figures say nothing: nobody expelled, removed or withdrawn, no religious member.
        printed = review.text(draft)
        for absent in ("khai trừ", "xóa tên", "ra khỏi Đảng", "có đạo", "chủ doanh nghiệp", "phục hồi"):
            assert absent not in printed
        assert printed.startswith(
            "TỈNH ỦY HÒA SƠN\nĐẢNG CỘNG SẢN VIỆT NAM\n…, ngày … tháng … năm …\n\nBÁO CÁO\n"
        )
        assert "\nII. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN\n6 tháng đầu năm, toàn tỉnh kết nạp mới 2" in printed

    def test_a_half_year_without_moves_keeps_its_headlines_and_drops_the_zero_clauses(self, cast):
        """The second half of 2017: nothing happens. The same period of 2016 admitted g (13/10/2016)."""
        draft = review.draft(cast.province, Period.half_year(2017, 2))
        assert draft.title == "BÁO CÁO Sơ kết công tác tổ chức xây dựng Đảng 6 tháng cuối năm 2017"
        assert section(draft, "I") == (
            "Đến ngày 31/12/2017, toàn tỉnh có 3 tổ chức cơ sở đảng (1 đảng bộ cơ sở, 2 chi bộ cơ sở) và "
            "1 chi bộ trực thuộc đảng bộ cơ sở. Trong tổng số chi bộ có 1 chi bộ ghép.",
            "Theo loại hình, tổ chức cơ sở đảng gồm: xã 1; đơn vị sự nghiệp công lập 2.",
        )  # no change since 30/06/2017: no "So với ngày" sentence
        assert section(draft, "II") == (
            "6 tháng cuối năm, toàn tỉnh chưa kết nạp được đảng viên mới; tổng số đảng viên toàn Đảng bộ "
            "tỉnh đến ngày 31/12/2017 là 9 đảng viên. Số đảng viên được kết nạp giảm 100,0% so với cùng kỳ "
            "năm trước (1 đảng viên).",
        )
        assert section(draft, "III")[1] == (
            "Tổng số đảng viên đầu kỳ (ngày 30/06/2017) là 9; cuối kỳ (ngày 31/12/2017) là 9 đảng viên. "
            "Trong kỳ không có đảng viên chuyển đến, chuyển đi, từ trần hoặc ra khỏi Đảng."
        )
        assert section(draft, "V")[0].startswith("[Phương hướng, nhiệm vụ năm 2018")

    def test_a_year_is_a_tong_ket_and_any_other_period_is_named_by_its_days(self, cast):
        year = review.draft(cast.province, Period(date(2017, 1, 1), date(2018, 1, 1)))
        assert year.title == "BÁO CÁO Tổng kết công tác tổ chức xây dựng Đảng năm 2017"
        # 2017: r, e, f as in the first half, nothing in the second; 2016: i, j and g = 3.
        assert section(year, "II")[0].startswith(
            "Năm 2017, toàn tỉnh kết nạp mới 2 đảng viên và kết nạp lại 1 đảng viên, nâng tổng số đảng viên "
            "toàn Đảng bộ tỉnh lên 9 đảng viên. "
        )
        assert "Số đảng viên được kết nạp bằng cùng kỳ năm trước (3 đảng viên)." in section(year, "II")[0]
        assert year.sections[-1].heading == "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2018"
        spring = review.draft(cast.province, Period.between(date(2017, 3, 1), date(2017, 5, 31)))
        assert spring.title == (
            "BÁO CÁO Sơ kết công tác tổ chức xây dựng Đảng từ ngày 01/03/2017 đến ngày 31/05/2017"
        )
        # Opening on 28/02/2017: a, b, c, d, g, h, i, j, r = 9; e and f admitted, b and c gone: 9 again,
        # so the stock is stated, not "raised". Same days of 2016: i and j.
        assert section(spring, "II")[0].startswith(
            "Từ ngày 01/03/2017 đến ngày 31/05/2017, toàn tỉnh kết nạp mới 2 đảng viên; tổng số đảng viên "
            "toàn Đảng bộ tỉnh đến ngày 31/05/2017 là 9 đảng viên. "
        )
        assert "bằng cùng kỳ năm trước (2 đảng viên)" in section(spring, "II")[0]
        assert spring.sections[-1].heading == "V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"

    def test_a_district_speaks_of_itself_as_a_whole_and_names_its_most_admitting_organizations(self, cast):
        """The district holds the whole cast, so its figures are the province's; under it the commune
        admitted 2 (r, e), the school 1 (f), the new hospital none."""
        draft = review.draft(cast.district, H1_2017)
        assert section(draft, "II") == (
            "6 tháng đầu năm, toàn huyện kết nạp mới 2 đảng viên và kết nạp lại 1 đảng viên, nâng tổng số "
            "đảng viên toàn Đảng bộ huyện lên 9 đảng viên. Trong số đảng viên được kết nạp có 1 đảng viên nữ "
            "(33,3%), 2 đảng viên là người dân tộc thiểu số (66,7%), 2 đoàn viên thanh niên (66,7%). Số đảng "
            "viên được kết nạp tăng 50,0% so với cùng kỳ năm trước (2 đảng viên). Trong kỳ có 2 tổ chức "
            "cơ sở đảng kết nạp được đảng viên.",
            "Các tổ chức đảng trực thuộc kết nạp được nhiều đảng viên nhất: Đảng ủy xã Nà Tấu (kết nạp 2 "
            "đảng viên), Chi bộ Trường THCS Mường Khoa (kết nạp 1 đảng viên).",
        )
        assert section(draft, "III")[0].startswith("Đến ngày 30/06/2017, toàn Đảng bộ huyện có 9 đảng viên")

    def test_the_docx_reopens_with_the_title_the_figures_and_times_new_roman(self, cast, tmp_path):
        draft = review.draft(cast.province, H1_2017)
        path = tmp_path / "bao-cao-so-ket.docx"
        review.write_docx(draft, path)
        document = Document(str(path))
        texts = [p.text for p in document.paragraphs]
        assert draft.title in [t.replace("\n", " ") for t in texts]
        headline = next(p for p in document.paragraphs if p.text.startswith("6 tháng đầu năm, toàn tỉnh"))
        assert "nâng tổng số đảng viên toàn Đảng bộ tỉnh lên 9 đảng viên." in headline.text
        assert headline.style.name == "Body Text"
        assert "II. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN" in [
            p.text for p in document.paragraphs if p.style.name == "Heading 1"
        ]
        cells = [c.text for c in document.tables[0].rows[0].cells]
        assert cells[0].startswith("TỈNH ỦY HÒA SƠN") and cells[1].startswith("ĐẢNG CỘNG SẢN VIỆT NAM")
        normal = document.styles["Normal"]
        fonts = normal.element.rPr.rFonts
        assert normal.font.name == "Times New Roman"
        assert {fonts.get(f"{{{W}}}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
            "Times New Roman"
        }
        for name in ("Heading 1", "Body Text"):  # no theme font left to override it
            assert document.styles[name].element.rPr.rFonts.get(f"{{{W}}}asciiTheme") is None
        page = document.sections[0]
        sizes = (page.page_width, page.page_height, page.left_margin, page.right_margin, page.top_margin)
        assert [round(size.mm) for size in sizes] == [210, 297, 30, 20, 20]  # stored in twentieths of a point
        # The placeholders are italic runs of their own style, the figures plain.
        placeholder = next(p for p in document.paragraphs if p.text.startswith("[Nguyên nhân"))
        assert all(run.style.name == "Phần cần viết" and run.style.font.italic for run in placeholder.runs)
        preamble = next(p for p in document.paragraphs if p.text.startswith("Thực hiện ["))
        assert [run.style.name == "Phần cần viết" for run in preamble.runs] == [False, True, False]
