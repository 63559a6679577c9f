"""The review report as text for a terminal and as an editable Word document in the shape of a
Party document (A4, Times New Roman 14, margins 20/20/30/20 mm, the issuer top left over "*", "ĐẢNG
CỘNG SẢN VIỆT NAM" top right, page numbers from page 2), with the table by unit as an appendix on
a page of its own; and as PDF through LibreOffice when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from partyorg.core.formats import vn_number
from partyorg.reports.review.draft import REPORT, UNIT_COLUMNS, UNIT_NOTE, ReviewDraft, Section, UnitRow
from partyorg.reports.word import PLACEHOLDER, centered, times, two_columns, vietnamese_normal

MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"


# -- plain text ------------------------------------------------------------------------------------------


def _text_section(section: Section, lines: list[str]) -> None:
    lines += ["", section.heading, *section.paragraphs]
    for part in section.parts:
        _text_section(part, lines)


def text(draft: ReviewDraft) -> str:
    """The report for a terminal: heading, title, sections, attachments, recipients, table by unit."""
    lines = [
        *draft.issuer.lines,
        "*",
        draft.issuer.number_line,
        MOTTO,
        draft.date_line,
        "",
        REPORT,
        draft.subject,
        "",
        *draft.preamble,
    ]
    for section in draft.sections:
        _text_section(section, lines)
    if draft.attachments:
        lines += ["", ATTACHED, *(f"- {name}" for name in draft.attachments)]
    lines += ["", "Nơi nhận:", *_recipients(draft), "", *draft.issuer.signer]
    if draft.units and draft.total is not None:
        lines += ["", APPENDIX, _appendix_title(draft), "\t".join(("TT", "Đơn vị", *UNIT_COLUMNS))]
        for i, row in enumerate(draft.units, start=1):
            lines.append("\t".join((str(i), row.name, *_cells(row))))
        lines += ["\t".join(("", draft.total.name, *_cells(draft.total))), UNIT_NOTE]
    return "\n".join(lines) + "\n"


ATTACHED = "Kèm theo báo cáo các biểu thống kê:"
APPENDIX = "PHỤ LỤC"


def _recipients(draft: ReviewDraft) -> list[str]:
    names = draft.issuer.recipients
    return [f"- {name}{'' if i == len(names) - 1 else ','}" for i, name in enumerate(names)]


def _appendix_title(draft: ReviewDraft) -> str:
    return f"Số liệu công tác đảng viên theo đơn vị {draft.named.name}"


def _cells(row: UnitRow) -> tuple[str, ...]:
    values = (
        row.opening,
        row.admitted,
        row.moved_in,
        row.moved_out,
        row.left,
        row.closing,
        row.recognized,
        row.cell_congresses,
    )
    return tuple(vn_number(v) for v in values)


# -- Word ------------------------------------------------------------------------------------------------

BODY_SIZE = Pt(14)
TITLE_STYLE = "Tiêu đề báo cáo"
PLACEHOLDER_STYLE = "Phần cần viết"


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = vietnamese_normal(document, BODY_SIZE.pt)
    body = styles["Body Text"]
    times(body)
    body_format = body.paragraph_format
    body_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body_format.first_line_indent = Cm(1.27)
    body_format.space_before, body_format.space_after = Pt(0), Pt(6)
    body_format.line_spacing = 1.15
    heading = styles["Heading 1"]
    times(heading)
    heading.font.size, heading.font.bold = BODY_SIZE, True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading_format = heading.paragraph_format
    heading_format.space_before, heading_format.space_after = Pt(12), Pt(6)
    heading_format.keep_with_next = True
    for name, italic in (("Heading 2", False), ("Heading 3", True)):
        sub = styles[name]
        times(sub)
        sub.font.size, sub.font.bold, sub.font.italic = BODY_SIZE, True, italic
        sub.font.color.rgb = RGBColor(0, 0, 0)
        sub_format = sub.paragraph_format
        sub_format.space_before, sub_format.space_after = Pt(6), Pt(3)
        sub_format.first_line_indent = Cm(1.27)
        sub_format.keep_with_next = True
    title = styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    times(title)
    title.font.bold, title.font.size = True, BODY_SIZE
    title_format = title.paragraph_format
    title_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_format.space_before, title_format.space_after = Pt(18), Pt(0)
    title_format.keep_with_next = True
    placeholder = styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
    placeholder.font.italic = True


def _write(paragraph: Paragraph, words: str) -> None:
    """Text with its [placeholders] in the placeholder character style (italic)."""
    for piece in PLACEHOLDER.split(words):
        if piece:
            paragraph.add_run(piece, style=PLACEHOLDER_STYLE if PLACEHOLDER.fullmatch(piece) else None)


def _keep_together(cell: _Cell) -> None:
    """The row holding ``cell`` is never split across two pages."""
    row = cell._tc.getparent()
    properties = row.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _page_numbers(document: DocxDocument) -> None:
    """Page numbers at the top centre from the second page on, as on a party document."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "2"
    run.append(shown)
    field.append(run)
    paragraph._p.append(field)


LEVEL_STYLES = ("Heading 1", "Heading 2", "Heading 3")


def _write_section(document: DocxDocument, section: Section, level: int) -> None:
    document.add_paragraph(section.heading, style=LEVEL_STYLES[min(level, 2)])
    for words in section.paragraphs:
        _write(document.add_paragraph(style="Body Text"), words)
    for part in section.parts:
        _write_section(document, part, level + 1)


def _heading(document: DocxDocument, draft: ReviewDraft) -> None:
    left, right = two_columns(document, (75, 85))
    *above, issuer = draft.issuer.lines
    first = True
    for line in above:  # the party organization above the issuer: not bold (36-HD/VPTW [U])
        centered(left, line, first=first, size=14)
        first = False
    centered(left, issuer, first=first, size=14, bold=True)
    centered(left, "*", size=14)
    centered(left, draft.issuer.number_line, size=14)
    centered(right, MOTTO, first=True, size=15, bold=True, underline=True)
    centered(right, "", size=14)
    centered(right, draft.date_line, size=14, italic=True)


def _signature(document: DocxDocument, draft: ReviewDraft) -> None:
    document.add_paragraph()
    left, right = two_columns(document, (80, 80))
    _keep_together(left)  # the recipients and the signature never part across pages
    received = centered(left, "Nơi nhận:", first=True, size=12, bold=True, italic=False, underline=True)
    received.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for line in _recipients(draft):
        centered(left, line, size=11).alignment = WD_ALIGN_PARAGRAPH.LEFT
    first = True
    for line in draft.issuer.signer:
        centered(right, line, first=first, size=14, bold=True)
        first = False
    for _blank in range(3):
        centered(right, "", size=14)
    centered(right, "[Họ và tên]", size=14, bold=True)


def _appendix(document: DocxDocument, draft: ReviewDraft) -> None:
    if not draft.units or draft.total is None:
        return
    landscape = document.add_section(WD_SECTION.NEW_PAGE)  # a wide table: the appendix lies landscape
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    landscape.left_margin, landscape.right_margin = Mm(20), Mm(20)
    landscape.top_margin, landscape.bottom_margin = Mm(20), Mm(20)
    landscape.different_first_page_header_footer = False  # copied from the first section: numbered here
    title = document.add_paragraph(APPENDIX, style=TITLE_STYLE)
    title.paragraph_format.space_before = Pt(0)
    document.add_paragraph(_appendix_title(draft), style=TITLE_STYLE).paragraph_format.space_before = Pt(0)
    where = document.add_paragraph(style=TITLE_STYLE)
    where.paragraph_format.space_before = Pt(0)
    run = where.add_run(f"(Kèm theo Báo cáo số …-{draft.issuer.symbol} của {draft.issuer.name})")
    run.bold, run.italic = False, True
    headers = ("TT", "Đơn vị", *UNIT_COLUMNS)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (12, 69, *(22.0,) * len(UNIT_COLUMNS))  # 257 mm: the text width of a landscape page
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    rows: list[tuple[tuple[str, ...], bool]] = [
        ((str(i), row.name, *_cells(row)), False) for i, row in enumerate(draft.units, start=1)
    ]
    rows.append((("", draft.total.name, *_cells(draft.total)), True))
    for i, text_ in enumerate(headers):
        _table_cell(table.rows[0].cells[i], text_, widths[i], bold=True, centre=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page of the table
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for values, bold in rows:
        cells = table.add_row().cells
        _keep_together(cells[0])
        for i, value in enumerate(values):
            _table_cell(cells[i], value, widths[i], bold=bold, centre=i == 0, right=i >= 2)
    note = document.add_paragraph()
    note.paragraph_format.space_before = Pt(6)
    note_run = note.add_run(UNIT_NOTE)
    note_run.italic, note_run.font.size = True, Pt(11)


def _table_cell(
    cell: _Cell, words: str, width: float, *, bold: bool = False, centre: bool = False, right: bool = False
) -> None:
    cell.width = Mm(width)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER
        if centre
        else WD_ALIGN_PARAGRAPH.RIGHT
        if right
        else WD_ALIGN_PARAGRAPH.LEFT
    )
    run = paragraph.add_run(words)
    run.bold, run.font.size = bold, Pt(11)


def write_docx(draft: ReviewDraft, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    _styles(document)
    _page_numbers(document)
    _heading(document, draft)

    title = document.add_paragraph(style=TITLE_STYLE)
    title.add_run(REPORT).font.size = Pt(16)
    title.add_run().add_break()
    title.add_run(draft.subject)
    document.add_paragraph("-----", style=TITLE_STYLE).paragraph_format.space_before = Pt(0)

    for words in draft.preamble:
        _write(document.add_paragraph(style="Body Text"), words)
    for part in draft.sections:
        _write_section(document, part, 0)
    if draft.attachments:
        document.add_paragraph(ATTACHED, style="Body Text").runs[0].italic = True
        for name in draft.attachments:
            document.add_paragraph(f"- {name}", style="Body Text")
    _signature(document, draft)
    _appendix(document, draft)
    document.save(str(path))


class PdfUnavailableError(RuntimeError):
    """LibreOffice (soffice) is not installed: the report is written as .docx only."""


def write_pdf(draft: ReviewDraft, path: Path) -> None:
    """The .docx converted by LibreOffice (``soffice --headless``), which must be installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfUnavailableError(_("Cần cài LibreOffice (soffice) để ghi báo cáo ra PDF; hãy ghi ra .docx."))
    with tempfile.TemporaryDirectory(prefix="partyorg-review-") as folder:
        source = Path(folder) / f"{path.stem}.docx"
        write_docx(draft, source)
        subprocess.run(  # a fixed program on a file of our own
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.move(str(Path(folder) / f"{path.stem}.pdf"), path)
