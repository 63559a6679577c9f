"""Form 6 — Kết quả kiểm điểm (RULES.md §6.2, row 6F-BTCTW [P]; who is not reviewed: §3.3): its rows
as the table gives them, and its figures on the small cast of partyorg.testing, worked by hand.

The yearly review of 2019, held 15/12/2019:

- cell a (Chi bộ bản Na Ten) reviews: P1 rated "Hoàn thành tốt"; P2 exempt from 01/03/2019 (RULES.md
  §3.3 [V]: not rated); P3 admitted 01/08/2019, less than 6 months before (§3.3 [P]); P4 suspended
  from 01/05/2019 (§3.3 [V]). The cell itself is rated.
- the school's grassroots cell reviews: P6 rated; the cell rated.
- cell b opens no review: its member P5 did not review, for no reason recorded.
- the commune's committee is not rated; cell c, founded 01/09/2019, is not rated (newly formed).
"""

from datetime import date

import pytest
from openpyxl import load_workbook

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind
from partyorg.organizations.models import OrgKind
from partyorg.ratings import services as ratings
from partyorg.ratings.services import RatingEntry
from partyorg.reports.documents import layout
from partyorg.reports.documents import review_results as form6
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.reviews import COLLECTIVE_KINDS

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("05-NQ/CB", date(2019, 12, 15), "Chi bộ")
REVIEWED_ON = date(2019, 12, 15)

# RULES.md §6.2 row 6F-BTCTW, the rows of the reconstructed form (thanhvu16/quan_ly_can_bo,
# 6.blade.php) in their order: (number, words). Row 4 and its parts partyorg does not keep.
OFFICIAL_ROWS = [
    ("1", "Số lượng thuộc đối tượng phải kiểm điểm tự phê bình và phê bình"),
    ("2", "Số lượng đã kiểm điểm tự phê bình và phê bình"),
    ("3", "Số lượng chưa kiểm điểm tự phê bình và phê bình"),
    ("", "Trong đó:"),
    ("3.1", "Số tập thể thành lập mới"),
    ("3.2", "Đảng viên mới kết nạp dưới 6 tháng"),
    ("", "Đảng viên được miễn công tác và sinh hoạt đảng"),
    ("", "Đảng viên bị đình chỉ sinh hoạt đảng"),
    ("4", "Số được gợi ý kiểm điểm"),
    ("", "Trong đó:"),
    ("4.1", "Thuộc diện ban thường vụ cấp ủy cấp tỉnh quản lý"),
    ("4.2", "Thuộc diện ban thường vụ cấp ủy cấp huyện quản lý"),
    ("4.3", "Thuộc diện đảng ủy cơ sở quản lý"),
]


@pytest.fixture
def tree():
    tree = testing.build_tree()
    testing.found("T.H.X.3", "Chi bộ bản Mới", OrgKind.CELL, tree.commune, on=date(2019, 9, 1))
    p1, p2, p3, p4, p5, p6 = (testing.person(f"P{i}", birth_date=date(1950, 1, 1)) for i in range(1, 7))
    for who, org in (
        (p1, tree.cell_a),
        (p2, tree.cell_a),
        (p4, tree.cell_a),
        (p5, tree.cell_b),
        (p6, tree.school),
    ):
        testing.admit(who, org, date(2010, 3, 2))
    testing.admit(p3, tree.cell_a, date(2019, 8, 1), recognize=False)
    testing.record(p2, EventKind.EXEMPTED, date(2019, 3, 1))
    testing.record(p4, EventKind.SUSPENDED, date(2019, 5, 1))
    for org, member in ((tree.cell_a, p1), (tree.school, p6)):
        cycle = ratings.open_cycle(
            org, year=2019, reviewed_on=REVIEWED_ON, legal_basis=BASIS, recorded_by="t"
        )
        ratings.rate_members(cycle, [RatingEntry(member, "good")], legal_basis=BASIS, recorded_by="t")
        ratings.rate_organization(cycle, "good", legal_basis=BASIS, recorded_by="t")
    return tree


def test_form_6_has_the_rows_of_rules_6_2_in_their_order(tree):
    rows = form6.build(tree.district, Period.half_year(2020, 1)).rows()
    assert [(r.code, r.label) for r in rows] == OFFICIAL_ROWS
    assert all(r.collectives is None and r.members is None for r in rows[8:])  # not kept: empty
    note = form6.sheet(form6.build(tree.district, Period.half_year(2020, 1))).note
    assert "dòng 4 “Số được gợi ý kiểm điểm”" in note and "partyorg chưa ghi" in note


def test_form_6_of_the_district_as_worked_by_hand(tree):
    """Collectives due: the commune, cells a, b, c and the school (5); reviewed: cell a and the
    school. Members due: P1–P4 on cell a's roster, P6 on the school's, P5 held by cell b, which
    opened no review (6); reviewed: P1 and P6."""
    form = form6.build(tree.district, Period(date(2019, 1, 1), date(2020, 1, 1)))
    assert form.results.year == 2019
    assert [(r.collectives, r.members) for r in form.rows()[:8]] == [
        (5, 6),
        (2, 2),
        (3, 4),
        (None, None),
        (1, None),  # cell c, founded 01/09/2019
        (None, 1),  # P3
        (None, 1),  # P2
        (None, 1),  # P4
    ]
    assert {p.full_name for p in form.results.members_without_review.people()} == {"P5"}


def test_form_6_of_a_half_year_reports_the_review_of_the_year_before():
    assert form6.review_year(Period.half_year(2020, 1)) == 2019
    assert form6.review_year(Period.half_year(2019, 2)) == 2019
    assert form6.review_year(Period(date(2019, 1, 1), date(2020, 1, 1))) == 2019


def test_form_6_on_paper_keeps_adding_up(tree, tmp_path):
    """Row 3 is row 1 less row 2 (the form's own arithmetic): the workbook writes it as a formula."""
    sheet = form6.sheet(form6.build(tree.cell_a, Period.half_year(2020, 1)))
    assert (sheet.form_code, sheet.title, sheet.headers) == (
        "Biểu số 6F-BTCTW",
        "THỐNG KÊ KẾT QUẢ KIỂM ĐIỂM TỰ PHÊ BÌNH VÀ PHÊ BÌNH NĂM 2019",
        ("Tập thể", "Đảng viên", "Ghi chú"),
    )
    assert [line.values for line in sheet.lines[:3]] == [(1, 4, None), (1, 1, None), (0, 3, None)]
    layout.write_xlsx(sheet, tmp_path / "bieu6.xlsx")
    ws = load_workbook(tmp_path / "bieu6.xlsx").active
    found = {
        ws.cell(row, 1).value: (ws.cell(row, 2).value, ws.cell(row, 3).value)
        for row in range(1, ws.max_row + 1)
    }
    first = next(row for row in range(1, ws.max_row + 1) if str(ws.cell(row, 1).value).startswith("1 "))
    assert found[f"3 {OFFICIAL_ROWS[2][1]}"] == (f"=B{first}-B{first + 1}", f"=C{first}-C{first + 1}")


def test_which_collectives_must_review_is_a_setting(tree, settings):
    """RULES.md §3.2 does not say which collectives form 6 counts ([P]): a deployment adds the
    district's committee to the default kinds; it was not rated, so it is one more not reviewed."""
    settings.PARTYORG_FORM6 = {"collective_kinds": [*COLLECTIVE_KINDS, OrgKind.DISTRICT]}
    rows = form6.build(tree.district, Period(date(2019, 1, 1), date(2020, 1, 1))).rows()
    assert [r.collectives for r in rows[:3]] == [6, 2, 4]
