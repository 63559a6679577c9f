"""Form 7 — Nghiệp vụ công tác đảng viên (RULES.md §6.2, row 7-BTCTW [P]): its rows as the table
gives them, and its figures on a small district worked by hand.

The district (all founded 1970)::

    Tỉnh ủy Hòa Sơn
    └── Huyện ủy Mường Khoa (district)
        ├── Đảng ủy xã Nà Tấu (grassroots committee)
        │   ├── Chi bộ bản Na Ten (cell a)
        │   └── Chi bộ bản Co Sản (cell b)
        └── Chi bộ Trường THCS (grassroots cell, "school")

A (cell a, admitted 02/03/1987): badge 30 years on 19/05/2017; card issued 01/05/1990, reissued for
loss 10/06/2017; "Bằng khen" and "Giấy khen" in 2017; temporary transfer to the school 01/04/2017.
B (cell b, admitted 02/03/1976): badge 40 years 19/05/2016; card issued 01/05/1990, exchanged for
damage 01/08/2016; "Giấy khen" in 2016.
C (school, admitted 02/03/1977): badge 40 years 19/05/2017; transferred out of the province 01/07/2017.
D (cell b, admitted 02/03/1987): a badge 30 years recorded 19/05/2017, then voided.
E (cell a, admitted 10/01/2016, official 20/01/2017): card issued 15/03/2017; temporary transfer to
a place outside partyorg 01/05/2017.
Organizations commended in 2017: the district "Cờ thi đua", the commune "Bằng khen", the school
"Tổ chức cơ sở đảng trong sạch vững mạnh tiêu biểu" (no kind of award in its words), cell a
"Giấy khen".
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.cards import services as cards
from partyorg.cards.models import CardAction
from partyorg.core.records import LegalBasis
from partyorg.discipline import services as discipline
from partyorg.members import services as members
from partyorg.members.models import EventKind
from partyorg.organizations.models import Organization, OrgKind, OrgSector
from partyorg.reports.documents import FORMS
from partyorg.reports.documents import member_work as form7
from partyorg.reports.statistics.badges import badges_reached
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.member_work import award_of

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("12-QĐ/HU", date(2017, 5, 19), "Ban Thường vụ Huyện ủy")
SINCE = date(1970, 1, 1)
YEAR_2017 = Period(date(2017, 1, 1), date(2018, 1, 1))

# RULES.md §6.2 row 7-BTCTW, the rows of the reconstructed form (thanhvu16/quan_ly_can_bo, 7.blade.php)
# in their order: (number, words). The last three rows partyorg does not keep.
OFFICIAL_ROWS = [
    ("I.", "Khen thưởng tổ chức đảng và đảng viên trong năm"),
    ("1.", "Khen thưởng tổ chức đảng"),
    ("a)", "Số tổ chức đảng cấp trên trực tiếp cơ sở được khen, chia ra:"),
    ("-", "Tặng cờ"),
    ("-", "Tặng bằng khen"),
    ("b)", "Số tổ chức cơ sở đảng được khen, chia ra:"),
    ("-", "Tặng cờ"),
    ("-", "Tặng bằng khen"),
    ("-", "Tặng giấy khen"),
    ("c)", "Số đảng bộ bộ phận trực thuộc đảng ủy cơ sở được khen, chia ra:"),
    ("-", "Tặng bằng khen"),
    ("-", "Tặng giấy khen"),
    ("d)", "Số chi bộ trực thuộc đảng bộ cơ sở được khen, chia ra:"),
    ("-", "Tặng bằng khen"),
    ("-", "Tặng giấy khen"),
    ("2.", "Số đảng viên được khen, chia ra:"),
    ("-", "Tặng bằng khen"),
    ("-", "Tặng giấy khen"),
    ("II.", "Tặng huy hiệu Đảng trong năm"),
    *[("-", f"Huy hiệu Đảng {m} năm") for m in (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)],
    ("III.", "Phát thẻ đảng viên trong năm"),
    ("1.", "Số thẻ đảng viên được phát cho đảng viên chính thức"),
    ("2.", "Số thẻ đảng viên được cấp lại cho đảng viên do mất"),
    ("3.", "Số thẻ đảng viên được đổi lại cho đảng viên do bị hỏng"),
    ("IV.", "Giới thiệu sinh hoạt Đảng trong năm"),
    ("1.", "Số lượt đảng viên chuyển sinh hoạt đảng tạm thời"),
    ("-", "Giới thiệu chuyển đi"),
    ("-", "Tiếp nhận chuyển đến"),
    ("2.", "Số lượt đảng viên chuyển sinh hoạt đảng chính thức"),
    ("-", "Giới thiệu chuyển đi"),
    ("-", "Tiếp nhận chuyển đến"),
    ("3.", "Một số nội dung liên quan đến giới thiệu sinh hoạt đảng"),
    ("-", "Số đảng viên nơi khác chuyển sinh hoạt đảng đến chưa đúng quy định"),
    ("-", "Số đảng viên giới thiệu sinh hoạt đảng đi chưa đúng quy định"),
    ("-", "Số trường hợp phát hiện giả mạo qua giới thiệu sinh hoạt đảng"),
]


def found(code, name, kind, parent, sector=""):
    return testing.found(code, name, kind, parent, on=SINCE, sector=sector)


@pytest.fixture
def district():
    province = found("T", "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE, None)
    district = found("T.H", "Huyện ủy Mường Khoa", OrgKind.DISTRICT, province)
    commune = found("T.H.X", "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE, district, OrgSector.COMMUNE)
    cell_a = found("T.H.X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune)
    cell_b = found("T.H.X.2", "Chi bộ bản Co Sản", OrgKind.CELL, commune)
    school = found("T.H.S", "Chi bộ Trường THCS", OrgKind.GRASSROOTS_CELL, district, OrgSector.PUBLIC_SERVICE)
    people = {}
    for name, org, admitted in (
        ("A", cell_a, date(1987, 3, 2)),
        ("B", cell_b, date(1976, 3, 2)),
        ("C", school, date(1977, 3, 2)),
        ("D", cell_b, date(1987, 3, 2)),
        ("E", cell_a, date(2016, 1, 10)),
    ):
        people[name] = testing.person(f"Đảng viên {name}")
        testing.admit(people[name], org, admitted)
    a, b, c, d, e = (people[k] for k in "ABCDE")
    testing.record(a, EventKind.BADGE_AWARDED, date(2017, 5, 19), detail="30")
    testing.record(b, EventKind.BADGE_AWARDED, date(2016, 5, 19), detail="40")
    testing.record(c, EventKind.BADGE_AWARDED, date(2017, 5, 19), detail="40")
    wrong = testing.record(d, EventKind.BADGE_AWARDED, date(2017, 5, 19), detail="30")
    members.void_event.within(wrong, recorded_by="t", legal_basis=BASIS, note="Nhầm người")
    testing.record(c, EventKind.TRANSFER_OUT, date(2017, 7, 1), external_place="Tỉnh Lai Châu")
    testing.record(
        a, EventKind.TEMPORARY_TRANSFER, date(2017, 4, 1), other_organization=school, detail="study"
    )
    testing.record(e, EventKind.TEMPORARY_TRANSFER, date(2017, 5, 1), external_place="Hà Nội", detail="study")
    for who, action, on, number in (
        (a, CardAction.ISSUED, date(1990, 5, 1), "01"),
        (b, CardAction.ISSUED, date(1990, 5, 1), "02"),
        (b, CardAction.EXCHANGED, date(2016, 8, 1), "02"),
        (e, CardAction.ISSUED, date(2017, 3, 15), "05"),
        (a, CardAction.REISSUED, date(2017, 6, 10), "01"),
    ):
        cards.record_card.within(who, action, on, number=number, legal_basis=BASIS, recorded_by="t")
    for title, on, target in (
        ("Cờ thi đua của Tỉnh ủy", date(2017, 2, 3), {"organization": district}),
        ("Bằng khen của Tỉnh ủy", date(2017, 2, 3), {"organization": commune}),
        ("Tổ chức cơ sở đảng trong sạch vững mạnh tiêu biểu", date(2017, 2, 3), {"organization": school}),
        ("Giấy khen của Đảng ủy xã", date(2017, 2, 3), {"organization": cell_a}),
        ("Bằng khen của Tỉnh ủy", date(2017, 2, 3), {"person": a}),
        ("Giấy khen của Huyện ủy", date(2017, 9, 2), {"person": a}),
        ("Giấy khen của Huyện ủy", date(2016, 9, 2), {"person": b}),
    ):
        discipline.commend.within(
            title=title, awarded_on=on, awarding_body="Tỉnh ủy", legal_basis=BASIS, recorded_by="t", **target
        )
    return district, commune


def test_form_7_has_the_rows_of_rules_6_2_in_their_order(district):
    rows = form7.build(district[0], YEAR_2017).rows()
    assert [(r.code, r.label) for r in rows] == OFFICIAL_ROWS
    note = form7.sheet(form7.build(district[0], YEAR_2017)).note
    assert all(f"“{label}”" in note for _, label in OFFICIAL_ROWS[-3:])
    assert note.endswith("để trống: partyorg chưa ghi các thông tin này.")
    assert all(r.this is None and r.last is None for r in rows[-3:])  # not kept: empty, never 0


def test_form_7_of_the_district_as_worked_by_hand(district):
    """See the module docstring for the cast; each value counted by hand."""
    rows = form7.build(district[0], YEAR_2017).rows()
    got = [(r.this, r.last) for r in rows]
    assert got == [
        (None, None),  # I
        (None, None),  # 1
        (1, 0), (1, 0), (0, 0),  # a: the district, a flag
        (2, 0), (0, 0), (1, 0), (0, 0),  # b: the commune (bằng khen) and the school (no kind named)
        (0, 0), (0, 0), (0, 0),  # c: no sub-committee
        (1, 0), (0, 0), (1, 0),  # d: cell a, giấy khen
        (1, 1), (1, 0), (1, 1),  # 2: A twice (one member); last year B, giấy khen
        (None, None),  # II
        (1, 0), (1, 1), *[(0, 0)] * 10,  # 30: A (D's voided); 40: C, last year B
        (None, None),  # III
        (1, 0), (1, 0), (0, 1),  # E issued; A reissued; B exchanged in 2016
        (None, None), (None, None),  # IV, 1
        (1, 0), (0, 0),  # E to Hà Nội (A's to the school stays inside the district)
        (None, None),
        (1, 0), (0, 0),  # C to Lai Châu
        (None, None), (None, None), (None, None), (None, None),
    ]  # fmt: skip
    percents = {r.label: r.percent for r in rows if r.percent is not None}
    assert percents == {
        "Số đảng viên được khen, chia ra:": 100.0,  # 1 × 100 / 1
        "Tặng giấy khen": 100.0,
        "Huy hiệu Đảng 40 năm": 100.0,
        "Số thẻ đảng viên được đổi lại cho đảng viên do bị hỏng": 0.0,  # 0 × 100 / 1
    }


def test_the_commune_sees_both_temporary_transfers_leave(district):
    _, commune = district
    rows = form7.build(commune, YEAR_2017).rows()
    temporary_out = rows[OFFICIAL_ROWS.index(("-", "Giới thiệu chuyển đi"))]
    assert (temporary_out.this, temporary_out.last) == (2, 0)


def test_form_7_badges_agree_with_the_badge_statistics(district):
    """The badges form 7 counts in 2017 for the commune are those the badge statistics
    (:func:`badges_reached`) find awarded by 31/12/2017 and not yet by 31/12/2016 (its members stayed)."""
    _, commune = district
    form = form7.build(commune, YEAR_2017)
    before, after = badges_reached(commune, date(2016, 12, 31)), badges_reached(commune, date(2017, 12, 31))
    for milestone, figure in form.this.badges.items():
        grown = after.awarded[milestone].person_ids - before.awarded[milestone].person_ids
        assert figure.person_ids == grown, milestone
    assert sum(f.value for f in form.this.badges.values()) == 1


def test_a_commendation_is_sorted_by_the_words_of_its_title():
    assert [award_of(t) for t in ("Cờ thi đua", "Bằng khen của Tỉnh ủy", "Giấy khen", "Công nhận TSVM")] == [
        "flag", "merit", "paper", None,
    ]  # fmt: skip
    assert award_of("Đảng bộ cơ sở") is None  # "cơ" is not "cờ"


def test_forms_6_and_7_download_from_the_reports_page_within_the_scope(district):
    """The district's officer downloads both forms as workbooks and PDF (the PDF skipped where
    WeasyPrint cannot run); the school's secretary, another subtree, gets "not found"."""
    assert FORMS["review-results"].startswith("Biểu 6") and FORMS["member-work"].startswith("Biểu 7")
    root = district[0]
    client = testing.client_for(root, Role.VIEW, "huyen")
    query = f"?org={root.code}&from=01/01/2017&to=31/12/2017&on=31/12/2017"
    for name, title in (("review-results", "KẾT QUẢ KIỂM ĐIỂM"), ("member-work", "NGHIỆP VỤ CÔNG TÁC")):
        got = client.get(reverse("report_download", args=[name, "xlsx"]) + query)
        assert got.status_code == 200, name
        ws = load_workbook(BytesIO(b"".join(got.streaming_content))).active
        texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
        assert any(title in t for t in texts), name
        try:
            import weasyprint  # type: ignore[import-untyped]  # noqa: F401
        except OSError:
            continue
        got = client.get(reverse("report_download", args=[name, "pdf"]) + query)
        assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF"), name
    school = Organization.objects.get(code="T.H.S")
    other = testing.client_for(school, Role.ADMINISTER, "truong")
    assert other.get(reverse("report_download", args=["member-work", "xlsx"]) + query).status_code == 404
