"""The paper layout every form shares: unit name and form code, title, period line, a bordered
table, and the signature block; one A4 page wide. A form builds a :class:`Sheet`; a writer puts it
on paper: :func:`write_xlsx` here, :func:`partyorg.reports.documents.pdf.write_pdf` as PDF. The words
and widths both writers print are defined here once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from partyorg.core.formats import vn_date, vn_number
from partyorg.members.models import GeneralEducation
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import version_on
from partyorg.reports.statistics.figures import PeopleFigure, Period

FONT = "Times New Roman"
# The two fixed columns before the value columns, with their widths in Excel characters.
CODE_HEADER, LABEL_HEADER = "Mã", "Chỉ tiêu"
CODE_WIDTH, LABEL_WIDTH = 7, 46
# The signature block: who signs on the left and on the right, and what each writes.
SIGNERS = ("NGƯỜI LẬP BIỂU", "TRƯỞNG BAN TỔ CHỨC")
SIGNING_HINTS = ("(Ký, ghi rõ họ tên, số điện thoại)", "(Ký tên, đóng dấu)")


@dataclass(frozen=True)
class Line:
    code: str  # "A", "B.1", "" for an "of which" line
    label: str
    values: tuple[int | float | None, ...]
    level: int = 0  # 0 heading (bold), 1 line, 2 "of which"


@dataclass(frozen=True)
class Sheet:
    organization_name: str
    form_code: str
    title: str
    subtitle: str
    headers: tuple[str, ...]  # after "Mã" and "Chỉ tiêu"
    widths: tuple[int, ...]  # of the value columns
    formats: tuple[str, ...]  # number format of each value column
    lines: Sequence[Line]

    @property
    def unit_heading(self) -> str:
        """The unit's name as printed top left: in capitals."""
        return self.organization_name.upper()

    @property
    def column_headers(self) -> tuple[str, ...]:
        return (CODE_HEADER, LABEL_HEADER, *self.headers)

    @property
    def column_widths(self) -> tuple[int, ...]:
        """Every column's width in Excel characters; the PDF shares them out in proportion."""
        return (CODE_WIDTH, LABEL_WIDTH, *self.widths)


def stock_subtitle(on: date) -> str:
    """The period line of a form of figures on one day."""
    return f"Có đến ngày {vn_date(on)}"


def period_subtitle(period: Period) -> str:
    """The period line of a form of figures over a period (its last day, not the exclusive end)."""
    return f"Từ ngày {vn_date(period.start)} đến ngày {vn_date(period.closing_day)}"


def dateline(place: str, signed_on: date | None) -> str:
    """The line above the signatures, "Điện Biên Phủ, ngày 04 tháng 07 năm 2017"; today by default."""
    when = signed_on or date.today()  # noqa: DTZ011 - a calendar date on paper
    return f"{place or '…'}, ngày {when.day:02d} tháng {when.month:02d} năm {when.year}"


def display_value(value: int | float | None, number_format: str) -> str:
    """A value as printed on paper, the Vietnamese way ("1.072", "83,33"), following the column's
    Excel number format: as many decimals as it shows ("0.00"), a float in "General" as stored."""
    if value is None:
        return ""
    if "." in number_format:
        decimals = len(number_format.partition(".")[2].rstrip("%"))
    elif number_format == "General" and isinstance(value, float) and not value.is_integer():
        decimals = len(repr(value).partition(".")[2])
    else:
        decimals = 0
    return vn_number(value, decimals)


def write_xlsx(sheet: Sheet, path: Path, *, place: str = "", signed_on: date | None = None) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet.form_code.replace("Biểu số ", "Biểu ")
    bold, normal = Font(name=FONT, bold=True, size=12), Font(name=FONT, size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centered = Alignment(horizontal="center", vertical="center", wrap_text=True)
    columns = 2 + len(sheet.headers)
    last = get_column_letter(columns)
    for index, width in enumerate(sheet.column_widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws["A1"] = sheet.unit_heading
    ws[f"{last}1"] = sheet.form_code
    ws["A1"].font = ws[f"{last}1"].font = bold
    for row, text, font in (
        (3, sheet.title, Font(name=FONT, bold=True, size=14)),
        (4, sheet.subtitle, normal),
    ):
        ws.merge_cells(f"A{row}:{last}{row}")
        ws[f"A{row}"] = text
        ws[f"A{row}"].font, ws[f"A{row}"].alignment = font, centered
    for col, text in enumerate(sheet.column_headers, start=1):
        cell = ws.cell(row=6, column=col, value=text)
        cell.font, cell.alignment, cell.border = bold, centered, box
    ws.row_dimensions[6].height = 32
    for at, line in enumerate(sheet.lines, start=7):
        for col, value in enumerate((line.code, "    " * line.level + line.label, *line.values), start=1):
            cell = ws.cell(row=at, column=col, value=value)
            cell.font, cell.border = (bold if line.level == 0 else normal), box
            if col > 2:
                cell.number_format = sheet.formats[col - 3]
    end = 7 + len(sheet.lines) + 1
    italic = Font(name=FONT, italic=True, size=11)
    signature = Alignment(horizontal="center", vertical="center")
    block = (
        (0, None, dateline(place, signed_on), normal),
        (1, *SIGNERS, bold),
        (2, *SIGNING_HINTS, italic),
    )
    for offset, left, right, font in block:
        at = end + offset
        ws.merge_cells(start_row=at, start_column=3, end_row=at, end_column=columns)
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


def stock_sheet(
    root: Organization,
    on: date,
    *,
    form_code: str,
    title: str,
    headers: tuple[str, ...],
    widths: tuple[int, ...],
    formats: tuple[str, ...],
    lines: Sequence[Line],
) -> Sheet:
    """A form of figures on one day ("Có đến ngày …"), headed with the organization's name then."""
    version = version_on(root, on)
    return Sheet(
        organization_name=version.name if version else root.code,
        form_code=form_code,
        title=title,
        subtitle=stock_subtitle(on),
        headers=headers,
        widths=widths,
        formats=formats,
        lines=lines,
    )


def share_line(code: str, label: str, value: int, total: int, level: int) -> Line:
    """A count and its share of ``total`` in percent (2 decimals; empty when the total is 0)."""
    return Line(code, label, (value, round(100 * value / total, 2) if total else None), level)


def breakdown_lines(
    sections: Sequence[tuple[str, str, str]],
    by: Mapping[str, Mapping[str, PeopleFigure]],
    total: int,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Line]:
    """For each (code, title, name) a heading, then one line per group of ``by[name]`` with its
    share; ``labels[name]`` turns stored values into the words of the form."""
    lines: list[Line] = []
    for code, title, name in sections:
        lines.append(Line(code, title, (None, None), 0))
        words = (labels or {}).get(name, {})
        lines += [
            share_line("", words.get(key, key), figure.value, total, 1) for key, figure in by[name].items()
        ]
    return lines


# Stored values shown by their Vietnamese label in the forms.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "general_education": {value: str(label) for value, label in GeneralEducation.choices}
}
