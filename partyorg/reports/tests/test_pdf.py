"""The forms as PDF (WeasyPrint), read back with poppler's pdftotext and pdfinfo (cast: partyorg.testing).

Every figure below is worked out by hand from the records each test builds."""

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.reports.documents import layout, members_flow, membership, pdf
from partyorg.reports.statistics import Period

ON_CI = os.environ.get("CI") == "true"


def _unavailable(message):
    """Skip on a developer's machine that lacks a system package; fail on CI, which must have it."""
    if ON_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def poppler():
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        _unavailable("pdftotext/pdfinfo not found: install the Debian package poppler-utils")


@pytest.fixture
def weasyprint_ready():
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except OSError as error:
        _unavailable(f"WeasyPrint cannot load Pango ({error}): install libpango-1.0-0 libpangoft2-1.0-0")


def text_lines(path):
    """The PDF's text, one printed line per item, spaces collapsed (table cells joined by one space)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    text = unicodedata.normalize("NFC", out.stdout)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def info(path):
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(re.findall(r"^([^:]+):\s+(.*)$", out, re.MULTILINE))


def test_display_values_are_written_the_vietnamese_way():
    assert layout.display_value(1072, "#,##0") == "1.072"
    assert layout.display_value(83.33, "0.00") == "83,33" and layout.display_value(100.0, "0.00") == "100,00"
    assert layout.display_value(43.7, "General") == "43,7" and layout.display_value(3, "General") == "3"
    assert layout.display_value(None, "0.00") == ""


@pytest.mark.django_db
def test_form_1_as_pdf_is_one_a4_page_with_the_figures(tmp_path, poppler, weasyprint_ready):
    """The records of test_forms' form 1, the commune in H1 2017 beside H1 2016:
    - this period: opening a, d, e = 3; admitted c = 1 (entered 1); d died = 1 (left 1);
      closing 3 + 1 − 1 = 3;
    - last year: opening a, d = 2; admitted e = 1 (entered 1); nobody left; closing 2 + 1 = 3;
    - %: 3/2 = 150,00; 1/1 = 100,00; deaths 1 against 0 last year, so no percentage; 3/3 = 100,00.
    """
    tree = testing.build_tree()
    a, c, d, e = (testing.person(n) for n in ("A Lò", "C Cầm", "D Lường", "E Vì"))
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(d, tree.cell_a, date(2010, 3, 1))
    testing.admit(e, tree.cell_b, date(2016, 3, 1))
    testing.admit(c, tree.cell_b, date(2017, 3, 1), recognize=False)
    testing.record(d, K.DIED, date(2017, 4, 4))
    path = tmp_path / "bieu1.pdf"
    sheet = members_flow.sheet(members_flow.build(tree.commune, Period.half_year(2017, 1)))
    pdf.write_pdf(sheet, path, place="Mường Khoa", signed_on=date(2017, 7, 4))

    assert path.read_bytes().startswith(b"%PDF")
    assert (info(path)["Pages"], info(path)["Page size"]) == ("1", "595.276 x 841.89 pts (A4)")
    lines = text_lines(path)
    # The issuer top left over "*", the form code top right, the title with the period.
    assert lines[:4] == [
        "ĐẢNG BỘ HUYỆN MƯỜNG KHOA Biểu số 1-BTCTW",
        "ĐẢNG ỦY XÃ NÀ TẤU",
        "*",
        "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN 6 THÁNG ĐẦU NĂM 2017",
    ]
    assert "1 2 3 4 = 2×100/3" in lines  # the column-number row
    assert "A. Tổng số đảng viên cuối kỳ trước chuyển sang 3 2 150,00" in lines
    assert "B. Đảng viên tăng trong kỳ 1 1 100,00" in lines
    assert "1. Kết nạp 1 1 100,00" in lines
    assert "1. Từ trần 1 0" in lines
    assert "D. Đảng viên trong danh sách cuối kỳ báo cáo 3 3 100,00" in lines
    assert "Mường Khoa, ngày 04 tháng 7 năm 2017" in lines
    assert "NGƯỜI LẬP BIỂU TRƯỞNG BAN" in lines
    assert lines[-1] == "Trang 1/1"


@pytest.mark.django_db
def test_form_3_as_pdf_shows_the_breakdowns(tmp_path, poppler, weasyprint_ready):
    """The district on 30/06/2017 beside 30/06/2016: three members, one a Thái woman (born 1990,
    age 27), two Kinh men (born 1980 and 1950, ages 37 and 67), all with upper secondary
    education. Average age (27 + 37 + 67) / 3 = 43,67 → 43,7, a year before 42,7."""
    tree = testing.build_tree()
    a = testing.person("Lò Thị Hoa", sex="female", birth_date=date(1990, 1, 1))
    a.ethnicity = "Thái"
    a.save()
    b = testing.person("Nguyễn Văn Bình", birth_date=date(1980, 1, 1))
    c = testing.person("Cầm Văn Ơn", birth_date=date(1950, 1, 1))
    testing.admit(a, tree.cell_a, date(2012, 3, 1))
    testing.admit(b, tree.school, date(2005, 3, 1))
    testing.record(c, K.ADMISSION_DECIDED, date(1970, 3, 2))
    testing.record(c, K.ADMISSION_CEREMONY, date(1970, 3, 12))
    testing.record(c, K.RECOGNIZED_OFFICIAL, date(1971, 3, 12))
    testing.record(c, K.TRANSFER_IN, date(2001, 5, 2), organization=tree.cell_b)
    path = tmp_path / "bieu3.pdf"
    pdf.write_pdf(membership.sheet(tree.district, date(2017, 6, 30)), path, signed_on=date(2017, 7, 4))

    assert (info(path)["Pages"], info(path)["Page size"]) == ("2", "595.276 x 841.89 pts (A4)")
    lines = text_lines(path)
    assert lines[:5] == [
        "HUYỆN ỦY MƯỜNG KHOA Biểu số 3-BTCTW",
        "BAN TỔ CHỨC",
        "*",
        "THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN",
        "Có đến ngày 30/06/2017",
    ]
    for line in (
        "I. Tổng số đảng viên 3 3 100,00",  # the same three on 30/06/2016
        "Trong đó: Nữ 1 1 100,00",  # a
        "Đảng viên dự bị 0 0",  # all three recognized: no percentage of 0
        "Dân tộc thiểu số 1 1 100,00",  # a, Thái
        "- Từ 18 đến 30 tuổi 1 1 100,00",  # a, 27 (26 a year before)
        "- Từ 36 đến 40 tuổi 1 1 100,00",  # b, 37 (36)
        "- Trên 60 tuổi 1 1 100,00",  # c, 67 (66)
        "- Tuổi bình quân 43,7 42,7 102,34",  # 43,7 × 100 / 42,7
        "- Từ ngày 21/7/1954 đến ngày 30/4/1975 1 1 100,00",  # c, decided 02/03/1970
        "- Từ ngày 01/5/1975 trở lại đây 2 2 100,00",  # a (2012) and b (2005)
        "- Trung học phổ thông 3 3 100,00",  # the cast's default education
        "…, ngày 04 tháng 7 năm 2017",  # no place given
        "NGƯỜI LẬP BIỂU TRƯỞNG BAN",
        "Trang 2/2",
    ):
        assert line in lines, line
    second = lines[lines.index("Trang 1/2") + 1 :]
    assert "- Cao cấp, cử nhân 0 0" in second  # the last lines went over with the signatures


def test_a_long_form_repeats_its_header_and_keeps_the_signatures_with_the_table(
    tmp_path, poppler, weasyprint_ready
):
    """A hand-built sheet of 60 lines (more than one page holds): the header row is printed again
    on page 2, the signatures are not left alone on a page, numbers are grouped the Vietnamese way
    and the unit's name is printed as text, never read as markup."""
    sheet = layout.Sheet(
        organization_name="Đảng bộ Khối <b>Doanh nghiệp</b> & Cơ quan",
        form_code="Biểu số 9-TEST",
        title="BIỂU THỬ",
        subtitle=layout.stock_subtitle(date(2017, 6, 30)),
        headers=("Số lượng", "Tỷ lệ %"),
        widths=(12, 10),
        formats=("#,##0", "0.00"),
        lines=[layout.Line(str(i), f"Dòng {i}", (1000 + i, 83.333), 1) for i in range(60)],
    )
    path = tmp_path / "long.pdf"
    pdf.write_pdf(sheet, path, place="Điện Biên Phủ", signed_on=date(2017, 7, 4))

    assert info(path)["Pages"] == "2"
    lines = text_lines(path)
    end_of_first = lines.index("Trang 1/2") + 1  # page 1's footer
    first, second = lines[:end_of_first], lines[end_of_first:]
    assert first[:2] == ["ĐẢNG BỘ KHỐI <B>DOANH NGHIỆP</B> & CƠ Biểu số 9-TEST", "QUAN"]
    assert "Có đến ngày 30/06/2017" in first
    assert first.count("Tiêu chí Số lượng Tỷ lệ %") == 1 and second[0] == "Tiêu chí Số lượng Tỷ lệ %"
    assert "0 Dòng 0 1.000 83,33" in first and "59 Dòng 59 1.059 83,33" in second
    assert second[-5:] == [
        "Điện Biên Phủ, ngày 04 tháng 7 năm 2017",
        "NGƯỜI LẬP BIỂU TRƯỞNG BAN",
        "(Ký, ghi rõ họ tên, số điện thoại di động và cố (Ký, đóng dấu, ghi rõ họ và tên)",
        "định)",
        "Trang 2/2",
    ]


@pytest.mark.django_db
def test_the_report_command_writes_pdf_by_the_suffix_and_refuses_others(tmp_path, weasyprint_ready):
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2010, 3, 1))
    out = tmp_path / "x.pdf"
    call_command("report", "membership", org=tree.district.code, last_day=date(2017, 6, 30), out=out)
    assert out.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "x.xlsx"
    call_command("report", "membership", org=tree.district.code, last_day=date(2017, 6, 30), out=xlsx)
    assert xlsx.read_bytes().startswith(b"PK")  # a workbook is a zip
    txt = tmp_path / "x.txt"
    with pytest.raises(CommandError, match=r"chỉ ghi được tệp \.xlsx \(Excel\) hoặc \.pdf \(PDF\)"):
        call_command("report", "membership", org=tree.district.code, last_day=date(2017, 6, 30), out=txt)
    assert not txt.exists()


def test_a_missing_pango_is_named_in_vietnamese(tmp_path, monkeypatch):
    """Without the system's Pango, importing WeasyPrint raises OSError; the writer names the
    packages to install instead."""
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    sheet = layout.Sheet("Chi bộ", "Biểu số 9-TEST", "BIỂU THỬ", "", (), (), (), [])
    with pytest.raises(pdf.PdfUnavailableError, match=re.escape("libpango-1.0-0 libpangoft2-1.0-0")):
        pdf.write_pdf(sheet, tmp_path / "x.pdf")


def test_the_signatures_are_never_alone_on_the_last_page(tmp_path, poppler, weasyprint_ready):
    """Sheets of 20 to 74 lines, around where a page fills up: the page that holds the signatures
    always holds some lines of the table too (the issue found form 2's signatures alone on page
    2)."""
    for count in range(20, 75, 3):
        sheet = layout.Sheet(
            "Đảng bộ tỉnh Điện Biên",
            "Biểu số 9-TEST",
            "BIỂU THỬ",
            "",
            ("Kỳ này", "Cùng kỳ năm trước", "%"),
            (10, 10, 12),
            (layout.COUNT, layout.COUNT, layout.PERCENT),
            [layout.Line("-", f"Dòng {i}", (i, i, 100.0), 1) for i in range(count)],
            note="Ghi chú: một dòng ghi chú.",
        )
        path = tmp_path / f"{count}.pdf"
        pdf.write_pdf(sheet, path, signed_on=date(2017, 6, 30))
        lines = text_lines(path)
        pages = int(info(path)["Pages"])
        last = lines[lines.index(f"Trang {pages - 1}/{pages}") + 1 :] if pages > 1 else lines
        assert "NGƯỜI LẬP BIỂU TRƯỞNG BAN" in last, count
        assert any(line.startswith("- Dòng") for line in last), count


@pytest.mark.django_db
def test_form_5_fits_one_page_with_a_two_line_note(tmp_path, poppler, weasyprint_ready):
    """Form 5 has 26 lines, whatever the records (RULES.md §6.2: the sectors of grassroots
    organizations); with a note of two lines under it (a province whose enterprises lack their
    detail, as the demo's 2025 form had) it still prints on one A4 page with its signatures."""
    from dataclasses import replace

    from partyorg.reports.documents import sectors

    tree = testing.build_tree()
    form = sectors.sheet(tree.district, Period.between(date(2025, 1, 1), date(2025, 12, 31)))
    assert len(form.lines) == 26
    note = (
        "Ghi chú: 19 doanh nghiệp chưa xác định được loại hình chi tiết (tỷ lệ vốn nhà nước, loại hình "
        "công ty) được tính vào dòng 9.a, 9.b và dòng Cộng nhưng chưa vào dòng chi tiết."
    )
    path = tmp_path / "bieu5.pdf"
    pdf.write_pdf(replace(form, note=note), path, place="Điện Biên", signed_on=date(2025, 12, 31))
    assert info(path)["Pages"] == "1"
    assert "NGƯỜI LẬP BIỂU TRƯỞNG BAN" in text_lines(path)
