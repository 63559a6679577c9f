"""Form 1 as numbers and as a workbook (cast: partyorg.testing)."""

from datetime import date

import pytest
from openpyxl import load_workbook

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.reports.forms import members_flow
from partyorg.reports.statistics import Period

pytestmark = pytest.mark.django_db


def test_form_1_puts_this_period_beside_last_year_and_adds_up(tmp_path):
    """Hand-worked for the commune: H1 2016 one admission (the probationary member e); H1 2017 one
    admission (c) and one death (d). Opening 2017: a, d, e = 3; closing 3 + 1 − 1 = 3."""
    tree = testing.build_tree()
    a, c, d, e = (testing.person(n) for n in ("A Lò", "C Cầm", "D Lường", "E Vì"))
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(d, tree.cell_a, date(2010, 3, 1))
    testing.admit(e, tree.cell_b, date(2016, 3, 1))
    testing.admit(c, tree.cell_b, date(2017, 3, 1), recognize=False)
    testing.record(d, K.DIED, date(2017, 4, 4))
    form = members_flow.build(tree.commune, Period.half_year(2017, 1))
    rows = {row.label: row for row in form.rows()}
    assert (rows["Đảng viên đầu kỳ"].this, rows["Kết nạp"].this, rows["Từ trần"].this) == (3, 1, 1)
    assert rows["Đảng viên cuối kỳ (D = A + B − C)"].this == 3
    assert (rows["Kết nạp"].last, rows["Đảng viên cuối kỳ (D = A + B − C)"].last) == (1, 3)
    assert rows["Kết nạp"].percent == 100.0 and rows["Từ trần"].percent is None  # none died in 2016
    path = tmp_path / "bieu1.xlsx"
    members_flow.write_xlsx(form, path, place="Mường Khoa", signed_on=date(2017, 7, 4))
    sheet = load_workbook(path).active
    cells = {
        sheet.cell(r, 2).value.strip(): (sheet.cell(r, 3).value, sheet.cell(r, 4).value)
        for r in range(7, 7 + len(form.rows()))
    }
    assert cells["Kết nạp"] == (1, 1) and cells["Từ trần"] == (1, 0)
    assert sheet["A3"].value == "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN" and sheet["E1"].value == "Biểu số 1-BTCTW"
    assert sheet["A4"].value == "Từ ngày 01/01/2017 đến ngày 30/06/2017"
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Mường Khoa, ngày 04 tháng 07 năm 2017" in texts and "TRƯỞNG BAN TỔ CHỨC" in texts
