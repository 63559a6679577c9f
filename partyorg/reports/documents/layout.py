"""The paper frame every form shares, as the Central Organization Commission's forms are laid out
(RULES.md §6.1–6.2 [P]; the frames follow the reconstruction of the 2017–2021 forms):

- top left the issuing body, in capitals, with a "*" under it ("TỈNH ỦY ĐIỆN BIÊN / BAN TỔ CHỨC /
  *"), top right the form code ("Biểu số 1-BTCTW");
- the title with the period as officers write it ("THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN 6 THÁNG ĐẦU NĂM
  2017"); a period that has no such name gets a line "Từ ngày … đến ngày …";
- one "Tiêu chí" column whose lines are numbered as on paper (A., 1., a., -, +), the value columns
  with their headers (two levels where the form has them), and the row of column numbers
  ("1 | 2 | 3 | 4 = 2×100/3");
- an optional note under the table, the date line ("Điện Biên, ngày 30 tháng 06 năm 2017": the
  place worked out from the organization, the day the period's report day) and the signature
  block of the preparer and the head of the Ban Tổ chức.

A form builds a :class:`Sheet`; a writer puts it on paper: :func:`write_xlsx` here (A4 portrait,
margins set, totals and percentages as Excel formulas so the workbook keeps adding up when an
officer corrects a cell), :func:`partyorg.reports.documents.pdf.write_pdf` as PDF. The values of
every line are computed by partyorg as well, so the PDF, the pages and the tests read the same
numbers the formulas give. The words and widths both writers print are defined here once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from partyorg.core.formats import vn_date, vn_number
from partyorg.members.models import GeneralEducation
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import path as org_path
from partyorg.organizations.queries import version_on
from partyorg.reports.review.naming import (
    configured_issuer,
    date_line,
    issuer_for,
    period_name,
    split_locality,
)
from partyorg.reports.statistics.figures import PeopleFigure, Period

FONT = "Times New Roman"
# The one criteria column ("Tiêu chí") before the value columns, its width in Excel characters.
LABEL_HEADER = "Tiêu chí"
LABEL_WIDTH = 52
# Kept for callers of the earlier frame (a code column beside the label); no form prints it now.
CODE_HEADER, CODE_WIDTH = "Mã", 7
# The signature block: who signs on the left and on the right, and what each writes (the wording
# of the forms' own signature block, RULES.md §6.1: preparer with phone, head with seal).
SIGNERS = ("NGƯỜI LẬP BIỂU", "TRƯỞNG BAN")
SIGNING_HINTS = (
    "(Ký, ghi rõ họ tên, số điện thoại di động và cố định)",
    "(Ký, đóng dấu, ghi rõ họ và tên)",
)
# Counts are written "#,##0": Excel and LibreOffice group the thousands by the reader's locale, so a
# vi-VN reader sees 35.675 (checked in LibreOffice 7 with the vi-VN locale); a literal "#.##0"
# would be read as decimals by every reader. Percentages "0.00": 83,33 for a vi-VN reader.
COUNT, PERCENT, MEAN = "#,##0", "0.00", "0.0"
# A4 portrait margins in millimetres (top, right, bottom, left), the Vietnamese administrative
# document's (Nghị định 30/2020/NĐ-CP, Phụ lục I: top and bottom 20–25, left 30–35, right 15–20),
# narrowed on the left so the widest form keeps its columns readable.
MARGINS_MM = (20, 15, 20, 25)


@dataclass(frozen=True)
class Line:
    code: str  # the number printed before the label: "A.", "1.", "a.", "-", "+"; "" for none
    label: str
    values: tuple[int | float | None, ...]
    level: int = 0  # 0 heading (bold), 1 line, 2 "of which" (italic)
    key: str = ""  # a name other lines' formulas use ("A", "B1")
    adds: tuple[str, ...] = ()  # keys whose sum this line is in the count columns; "-K" subtracts
    number_format: str = ""  # the count columns' format on this line when not the column's

    @property
    def text(self) -> str:
        """What the "Tiêu chí" column prints: the number, then the label."""
        return f"{self.code} {self.label}" if self.code else self.label


@dataclass(frozen=True)
class Ratio:
    """A column computed from two others of its line, in percent: numerator × 100 / denominator,
    empty when the denominator is 0 or blank (indexes into the value columns)."""

    numerator: int
    denominator: int

    def value(self, values: Sequence[int | float | None]) -> float | None:
        top, bottom = values[self.numerator], values[self.denominator]
        if top is None or not bottom:
            return None
        return round(100 * top / bottom, 2)


@dataclass(frozen=True)
class Total:
    """A column that is the sum of other columns of its line ("2 = 3 + 4")."""

    columns: tuple[int, ...]

    def value(self, values: Sequence[int | float | None]) -> int | float | None:
        parts = [values[i] for i in self.columns]
        return None if all(p is None for p in parts) else sum(p or 0 for p in parts)


Computed = Ratio | Total


@dataclass(frozen=True)
class Sheet:
    organization_name: str
    form_code: str
    title: str
    subtitle: str
    headers: tuple[str, ...]  # of the value columns, after "Tiêu chí"
    widths: tuple[int, ...]  # of the value columns
    formats: tuple[str, ...]  # number format of each value column
    lines: Sequence[Line]
    masthead: tuple[str, ...] = ()  # the issuer's lines top left; the organization's name if none
    label_header: str = LABEL_HEADER
    # The upper level of a two-level header: (words, number of value columns it spans); a group
    # with no words leaves its columns' headers over both levels.
    groups: tuple[tuple[str, int], ...] = ()
    numbers: tuple[str, ...] = ()  # the column-number row, "Tiêu chí" first; "1", "2", … if none
    computed: tuple[Computed | None, ...] = ()  # per value column; None: a count
    note: str = ""  # printed under the table
    place: str = ""  # of the date line, unless the writer is given one
    report_day: date | None = None  # the date line's day, unless the writer is given one
    label_width: int = LABEL_WIDTH
    # A column of its own for the lines' numbers ("TT"), before the label; else the number is
    # printed before the label in one column.
    code_header: str = ""
    code_width: int = CODE_WIDTH

    @property
    def masthead_lines(self) -> tuple[str, ...]:
        return self.masthead or (self.organization_name.upper(),)

    @property
    def unit_heading(self) -> str:
        """The first line of the issuer top left, in capitals."""
        return self.masthead_lines[0]

    @property
    def fixed_columns(self) -> int:
        """The columns before the values: "Tiêu chí", or "TT" and the name."""
        return 2 if self.code_header else 1

    @property
    def column_headers(self) -> tuple[str, ...]:
        return (*((self.code_header,) if self.code_header else ()), self.label_header, *self.headers)

    @property
    def column_widths(self) -> tuple[int, ...]:
        """Every column's width in Excel characters; the PDF shares them out in proportion."""
        return (*((self.code_width,) if self.code_header else ()), self.label_width, *self.widths)

    @property
    def column_numbers(self) -> tuple[str, ...]:
        return self.numbers or tuple(str(i) for i in range(1, len(self.headers) + self.fixed_columns + 1))

    def label_of(self, line: Line) -> str:
        """What the label column prints of ``line``: its number too, unless it has its own column."""
        return line.label if self.code_header else line.text

    def computed_at(self, column: int) -> Computed | None:
        return self.computed[column] if column < len(self.computed) else None

    def format_of(self, line: Line, column: int) -> str:
        if line.number_format and self.computed_at(column) is None:
            return line.number_format
        return self.formats[column]


@dataclass(frozen=True)
class Frame:
    """What a form takes from its organization and period: who issues it, the title's period,
    the period line, the place and day of the date line."""

    masthead: tuple[str, ...]
    organization_name: str
    period_words: str  # "6 THÁNG ĐẦU NĂM 2017"; "" when the period has no such name
    subtitle: str
    place: str
    report_day: date

    def title(self, words: str) -> str:
        return f"{words} {self.period_words}" if self.period_words else words


def stock_subtitle(on: date) -> str:
    """The period line of a form of figures on one day."""
    return f"Có đến ngày {vn_date(on)}"


def period_subtitle(period: Period) -> str:
    """The period line of a form of figures over a period (its last day, not the exclusive end)."""
    return f"Từ ngày {vn_date(period.start)} đến ngày {vn_date(period.closing_day)}"


def period_words(period: Period) -> str:
    """The period as officers title a form with it, in capitals ("6 THÁNG ĐẦU NĂM 2017", "NĂM
    2017", "QUÝ I NĂM 2017"), named as the review report names it; "" for any other period."""
    name = period_name(period).name
    return "" if name.startswith("từ ngày") else name.upper()


def frame(root: Organization, period: Period | date) -> Frame:
    """The frame of ``root``'s form for ``period`` (a flow) or on a day (a stock: ``period`` a
    date, or a period whose figures are those of its last day). The issuer top left is the review
    report's (:func:`partyorg.reports.review.naming.issuer_for`, with the deployment's
    ``PARTYORG_REVIEW_ISSUERS``): a province's or district's Ban Tổ chức ("TỈNH ỦY ĐIỆN BIÊN / BAN
    TỔ CHỨC"), any other organization's committee under the party organization above it. The
    place is the locality of the organization or the nearest one above it that day, without its
    kind ("Tỉnh Điện Biên" → "Điện Biên"), as the review report writes it."""
    if isinstance(period, date):
        closing, words, subtitle = period, "", stock_subtitle(period)
    else:
        closing, words = period.closing_day, period_words(period)
        subtitle = "" if words else period_subtitle(period)
        if not words and period.start == closing:
            subtitle = stock_subtitle(closing)
    version = version_on(root, closing)
    if version is None and not isinstance(period, date):
        version = version_on(root, period.opening_day)
    chain = org_path(root, version.valid_from if version and version.valid_from > closing else closing)
    parent = chain[-2] if len(chain) > 1 else None
    locality = next((v.locality for v in reversed(chain) if v.locality is not None), None)
    return Frame(
        masthead=configured_issuer(root.code, issuer_for(version, parent)).lines,
        organization_name=version.name if version else root.code,
        period_words=words,
        subtitle=subtitle,
        place=split_locality(locality.name)[1] if locality else "",
        report_day=closing,
    )


def dateline(place: str, signed_on: date | None) -> str:
    """The line above the signatures, "Điện Biên, ngày 04 tháng 7 năm 2017", written as the review
    report writes it; today by default."""
    return date_line(place, signed_on or date.today())  # noqa: DTZ011 - a calendar date on paper


def sheet_dateline(sheet: Sheet, place: str = "", signed_on: date | None = None) -> str:
    """The date line of ``sheet``: the place and day given, else the sheet's own."""
    return dateline(place or sheet.place, signed_on or sheet.report_day)


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


def complete(
    counts: Sequence[int | float | None], computed: Sequence[Computed | None]
) -> tuple[int | float | None, ...]:
    """A line's values: the counts given in order for the count columns, then every computed
    column worked out from them (the value partyorg prints beside the workbook's formula)."""
    given = iter(counts)
    values: list[int | float | None] = [None if c is not None else next(given) for c in computed]
    for column, how in enumerate(computed):
        if how is not None:
            values[column] = how.value(values)
    return tuple(values)


# -- the workbook ---------------------------------------------------------------------------------------


def _formula(sheet: Sheet, line: Line, column: int, row: int, rows: Mapping[str, int]) -> str | None:
    """The Excel formula of one cell, None when the cell holds a plain value."""
    first = sheet.fixed_columns + 1  # the first value column
    letter = get_column_letter(column + first)
    how = sheet.computed_at(column)
    if isinstance(how, Ratio):
        if all(v is None for i, v in enumerate(line.values) if sheet.computed_at(i) is None):
            return None  # a heading without figures
        top = f"{get_column_letter(how.numerator + first)}{row}"
        bottom = f"{get_column_letter(how.denominator + first)}{row}"
        return f'=IF(N({bottom})=0,"",{top}*100/{bottom})'
    if isinstance(how, Total):
        if line.values[column] is None:
            return None
        return "=" + "+".join(f"{get_column_letter(i + first)}{row}" for i in how.columns)
    if line.adds and line.values[column] is not None:
        terms = []
        for key in line.adds:
            sign, name = ("-", key[1:]) if key.startswith("-") else ("+", key)
            terms.append(f"{sign}{letter}{rows[name]}")
        return "=" + "".join(terms).lstrip("+")
    return None


def write_xlsx(sheet: Sheet, path: Path, *, place: str = "", signed_on: date | None = None) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet.form_code.replace("Biểu số ", "Biểu ")[:31]
    bold, normal = Font(name=FONT, bold=True, size=12), Font(name=FONT, size=12)
    italic = Font(name=FONT, italic=True, size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centered = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="center", wrap_text=True)
    fixed = sheet.fixed_columns
    columns = fixed + len(sheet.headers)
    for index, width in enumerate(sheet.column_widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    # The issuer top left (over the "*"), the form code top right.
    heading = [*sheet.masthead_lines, "*"]
    for row, words in enumerate(heading, start=1):
        ws.cell(row=row, column=1, value=words).font = bold
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=1, column=columns, value=sheet.form_code).font = bold
    ws.cell(row=1, column=columns).alignment = Alignment(horizontal="right")
    at = len(heading) + 2
    for text, font in ((sheet.title, Font(name=FONT, bold=True, size=14)), (sheet.subtitle, italic)):
        if not text:
            continue
        ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=columns)
        ws.cell(row=at, column=1, value=text).font = font
        ws.cell(row=at, column=1).alignment = centered
        ws.row_dimensions[at].height = 36 if len(text) > 60 else 20
        at += 1
    at += 1

    # The header: one or two levels, then the column numbers.
    first_header = at
    two_levels = bool(sheet.groups)
    if two_levels:
        for col, text in enumerate(sheet.column_headers[:fixed], start=1):
            ws.merge_cells(start_row=at, start_column=col, end_row=at + 1, end_column=col)
            ws.cell(row=at, column=col, value=text)
        column = fixed + 1
        for words, span in sheet.groups:
            if words:
                ws.merge_cells(start_row=at, start_column=column, end_row=at, end_column=column + span - 1)
                ws.cell(row=at, column=column, value=words)
                for offset in range(span):
                    ws.cell(
                        row=at + 1, column=column + offset, value=sheet.headers[column + offset - fixed - 1]
                    )
            else:
                for offset in range(span):
                    col = column + offset
                    ws.merge_cells(start_row=at, start_column=col, end_row=at + 1, end_column=col)
                    ws.cell(row=at, column=col, value=sheet.headers[col - fixed - 1])
            column += span
        header_rows: tuple[int, ...] = (at, at + 1)
    else:
        for col, text in enumerate(sheet.column_headers, start=1):
            ws.cell(row=at, column=col, value=text)
        header_rows = (at,)
    numbers_row = header_rows[-1] + 1
    for col, text in enumerate(sheet.column_numbers, start=1):
        ws.cell(row=numbers_row, column=col, value=text)
    for row in (*header_rows, numbers_row):
        for col in range(1, columns + 1):
            cell = ws.cell(row=row, column=col)
            cell.font, cell.alignment, cell.border = (italic if row == numbers_row else bold), centered, box
    for row in header_rows:
        ws.row_dimensions[row].height = 48 if not two_levels else 40

    # The lines, with their formulas.
    top = numbers_row + 1
    rows = {line.key: top + i for i, line in enumerate(sheet.lines) if line.key}
    for i, line in enumerate(sheet.lines):
        row = top + i
        if sheet.code_header:
            number = ws.cell(row=row, column=1, value=line.code)
            number.font, number.border = (bold if line.level == 0 else normal), box
            number.alignment = Alignment(horizontal="center", vertical="center")
        label = ws.cell(row=row, column=fixed, value=sheet.label_of(line))
        label.font = bold if line.level == 0 else italic if line.level == 2 else normal
        label.alignment = Alignment(vertical="center", wrap_text=True, indent=min(line.level, 2))
        label.border = box
        for column, value in enumerate(line.values):
            formula = _formula(sheet, line, column, row, rows)
            cell = ws.cell(
                row=row, column=column + fixed + 1, value=formula if formula is not None else value
            )
            cell.font, cell.border = (bold if line.level == 0 else normal), box
            cell.number_format = sheet.format_of(line, column)
            cell.alignment = Alignment(horizontal="right", vertical="center")
        # Times New Roman 12 fits about 1,35 characters per unit of column width: a longer label
        # wraps, and its row is made high enough for it.
        per_line = int(sheet.label_width * 1.35)
        if len(sheet.label_of(line)) > per_line:
            ws.row_dimensions[row].height = 15.75 * (1 + len(sheet.label_of(line)) // per_line)
    end = top + len(sheet.lines)

    if sheet.note:
        at = end + 1
        ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=columns)
        ws.cell(row=at, column=1, value=sheet.note).font = Font(name=FONT, italic=True, size=11)
        ws.cell(row=at, column=1).alignment = wrapped
        ws.row_dimensions[at].height = 15 * (1 + len(sheet.note) // 110)
        end = at

    # The date line and the signatures: the preparer under "Tiêu chí", the head over the values.
    hint = Font(name=FONT, italic=True, size=11)
    signature = Alignment(horizontal="center", vertical="top", wrap_text=True)
    block: tuple[tuple[int, str | None, str, Font, int], ...] = (
        (1, None, sheet_dateline(sheet, place, signed_on), italic, 18),
        (2, *SIGNERS, bold, 18),
        (3, *SIGNING_HINTS, hint, 32),
    )
    # The date line over the value columns; where they are too narrow to hold it on one line,
    # across the whole width, to the right, so it is never cut.
    narrow = sum(sheet.widths) < len(block[0][2]) * 1.1
    for offset, left, right, font, height in block:
        at = end + offset
        ws.row_dimensions[at].height = height
        if offset == 1 and narrow:
            ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=columns)
            cell = ws.cell(row=at, column=1, value=right)
            cell.font, cell.alignment = font, Alignment(horizontal="right", vertical="top")
            continue
        if fixed > 1:
            ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=fixed)
        if columns > fixed + 1:
            ws.merge_cells(start_row=at, start_column=fixed + 1, end_row=at, end_column=columns)
        for col, said in ((1, left), (fixed + 1, right)):
            if said:
                cell = ws.cell(row=at, column=col, value=said)
                cell.font, cell.alignment = font, signature

    ws.print_title_rows = f"{first_header}:{numbers_row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    top_mm, right_mm, bottom_mm, left_mm = MARGINS_MM
    ws.page_margins = PageMargins(
        left=left_mm / 25.4,
        right=right_mm / 25.4,
        top=top_mm / 25.4,
        bottom=bottom_mm / 25.4,
        header=0.3,
        footer=0.3,
    )
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)  # one page wide, as on paper
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.oddFooter is not None:
        ws.oddFooter.center.text = "Trang &P/&N"
    wb.calculation.fullCalcOnLoad = True  # Excel works the formulas out on opening
    wb.save(path)


# -- shared by the forms --------------------------------------------------------------------------------


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
    """A form of figures on one day ("Có đến ngày …"), in the frame of ``root`` that day."""
    framed = frame(root, on)
    return Sheet(
        organization_name=framed.organization_name,
        form_code=form_code,
        title=title,
        subtitle=framed.subtitle,
        headers=headers,
        widths=widths,
        formats=formats,
        lines=lines,
        masthead=framed.masthead,
        place=framed.place,
        report_day=framed.report_day,
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
