"""Form 1 — Thống kê tăng, giảm đảng viên (members in and out), this period beside the same period
of last year, as rows and as an Excel workbook laid out like the paper form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties

from partyorg.core.formats import vn_date
from partyorg.organizations.models import Organization
from partyorg.organizations.services import version_on
from partyorg.reports.statistics import MembersFlow, Period, members_flow

FORM_CODE = "Biểu số 1-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN"


@dataclass(frozen=True)
class Row:
    code: str  # "A", "B", "B.1", ...
    label: str
    this: int
    last: int
    level: int = 0  # indentation: 0 heading, 1 line, 2 "of which"

    @property
    def percent(self) -> float | None:
        """This period as a percentage of the same period last year; None when last year was 0."""
        return round(100 * self.this / self.last, 2) if self.last else None


def _rows_of(flow: MembersFlow) -> list[tuple[str, str, int, int]]:
    e, x = flow.entries, flow.exits
    return [
        ("A", "Đảng viên đầu kỳ", flow.opening.value, 0),
        ("B", "Tăng trong kỳ", flow.entered, 0),
        ("B.1", "Kết nạp", e["admitted"].value + e["readmitted"].value, 1),
        ("", "Trong đó: kết nạp lại", e["readmitted"].value, 2),
        ("B.2", "Chuyển đến", e["transferred_in"].value, 1),
        ("", "Trong đó: từ ngoài đảng bộ (ngoài hệ thống)", flow.transfers_in_from_outside.value, 2),
        ("B.3", "Phục hồi đảng tịch", e["restored"].value, 1),
        ("B.4", "Chuyển theo sắp xếp tổ chức (đến)", e["reorganized"].value, 1),
        ("C", "Giảm trong kỳ", flow.left, 0),
        ("C.1", "Từ trần", x["died"].value, 1),
        ("C.2", "Khai trừ", x["expelled"].value, 1),
        ("C.3", "Xóa tên", x["removed"].value, 1),
        ("", "Trong đó: xóa tên đảng viên dự bị", flow.removed_probationary.value, 2),
        ("C.4", "Xin ra khỏi Đảng", x["withdrew"].value, 1),
        ("C.5", "Chuyển đi", x["transferred_out"].value, 1),
        ("", "Trong đó: ra ngoài đảng bộ (ngoài hệ thống)", flow.transfers_out_to_outside.value, 2),
        ("C.6", "Chuyển theo sắp xếp tổ chức (đi)", x["reorganized"].value, 1),
        ("D", "Đảng viên cuối kỳ (D = A + B − C)", flow.closing.value, 0),
    ]


@dataclass(frozen=True)
class MembersFlowForm:
    organization_name: str
    period: Period
    this: MembersFlow
    last: MembersFlow

    def rows(self) -> list[Row]:
        return [
            Row(code, label, this, last, level)
            for (code, label, this, level), (_, _, last, _) in zip(
                _rows_of(self.this), _rows_of(self.last), strict=True
            )
        ]


def same_period_last_year(period: Period) -> Period:
    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29/02
            return day.replace(year=day.year - 1, day=28)

    return Period(back(period.start), back(period.end))


def build(root: Organization, period: Period) -> MembersFlowForm:
    version = version_on(root, period.closing_day) or version_on(root, period.opening_day)
    name = version.name if version else root.code
    return MembersFlowForm(
        name, period, members_flow(root, period), members_flow(root, same_period_last_year(period))
    )


def write_xlsx(form: MembersFlowForm, path: Path, *, place: str = "", signed_on: date | None = None) -> None:
    """The form as a one-sheet workbook: header, form code, the table with "Kỳ này",
    "Cùng kỳ năm trước" and "%", and the signature block."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Biểu 1"
    bold = Font(name="Times New Roman", bold=True, size=12)
    normal = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centered = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, width in zip("ABCDE", (7, 46, 11, 13, 9), strict=True):
        ws.column_dimensions[column].width = width
    ws["A1"], ws["E1"] = form.organization_name.upper(), FORM_CODE
    ws["A1"].font, ws["E1"].font = bold, bold
    ws.merge_cells("A3:E3")
    ws["A3"] = TITLE
    ws["A3"].font, ws["A3"].alignment = Font(name="Times New Roman", bold=True, size=14), centered
    ws.merge_cells("A4:E4")
    ws["A4"] = f"Từ ngày {vn_date(form.period.start)} đến ngày {vn_date(form.period.closing_day)}"
    ws["A4"].font, ws["A4"].alignment = normal, centered
    header = ("Mã", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "%")
    for col, text in enumerate(header, start=1):
        cell = ws.cell(row=6, column=col, value=text)
        cell.font, cell.alignment, cell.border = bold, centered, box
    for i, row in enumerate(form.rows(), start=7):
        values = (row.code, "    " * row.level + row.label, row.this, row.last, row.percent)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=i, column=col, value=value)
            cell.font, cell.border = (bold if row.level == 0 else normal), box
            if col >= 3:
                cell.number_format = "#,##0" if col < 5 else "0.00"
    ws.row_dimensions[6].height = 32
    end = 7 + len(form.rows()) + 1
    when = signed_on or date.today()  # noqa: DTZ011 - a calendar date on paper
    signature = Alignment(horizontal="center", vertical="center")
    lines = (
        (0, None, f"{place or '…'}, ngày {when.day:02d} tháng {when.month:02d} năm {when.year}", normal),
        (1, "NGƯỜI LẬP BIỂU", "TRƯỞNG BAN TỔ CHỨC", bold),
        (
            2,
            "(Ký, ghi rõ họ tên, số điện thoại)",
            "(Ký tên, đóng dấu)",
            Font(name="Times New Roman", italic=True, size=11),
        ),
    )
    for offset, left, right, font in lines:
        at = end + offset
        ws.merge_cells(start_row=at, start_column=3, end_row=at, end_column=5)
        for col, words in ((2, left), (3, right)):
            if words:
                cell = ws.cell(row=at, column=col, value=words)
                cell.font, cell.alignment = font, signature
    ws.print_title_rows = "6:6"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)  # one page wide, as on paper
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    wb.save(path)
