"""A paper laid out as officers print it: a Word document to edit (.docx, python-docx) and a PDF to
sign (WeasyPrint, as :mod:`partyorg.reports.documents.pdf` prints the forms).

Both lay out the lines :mod:`partyorg.papers.content` composed and the register kept, in the shape
of a party paper (Hướng dẫn 36-HD/VPTW, [P]: secondary sources): A4, Times New Roman, the issuing
body and the number top left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date top right, the title
in the middle, the "Căn cứ …" lines, who decides, the articles, then "Nơi nhận" left and the
signature block right. A party paper carries the Party's heading where a state paper carries the
national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); the two are never printed together.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from django.template import Context, Engine, Template
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from partyorg.reports.documents.pdf import PANGO_PACKAGES, PdfUnavailableError

__all__ = ["PdfUnavailableError", "docx_bytes", "html", "pdf_bytes"]

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
FONT = "Times New Roman"
TEMPLATES = Path(__file__).resolve().parent / "templates"
PLACEHOLDER = re.compile(r"(\[[^\]]*\])")  # what the officer writes in: italic


# -- Word ------------------------------------------------------------------------------------------


def _font(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(0)


def _runs(
    paragraph: Paragraph, words: str, *, size: float = 14, bold: bool = False, italic: bool = False
) -> None:
    for piece in PLACEHOLDER.split(words):
        if piece:
            run = paragraph.add_run(piece)
            run.font.size, run.bold = Pt(size), bold
            run.italic = italic or bool(PLACEHOLDER.fullmatch(piece))


def _centered(
    cell: _Cell | Any,
    words: str,
    *,
    first: bool = False,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(paragraph, words, size=size, bold=bold, italic=italic)
    if underline:
        for run in paragraph.runs:
            run.underline = True
    return paragraph


def _two_columns(document: Any, widths: tuple[float, float]) -> tuple[_Cell, _Cell]:
    """A borderless one-row table: two blocks side by side, as party papers place them."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), widths, strict=True):
        column.width = cell.width = Mm(width)
    return left, right


def docx_bytes(content: dict[str, Any]) -> bytes:
    """The paper as a Word document."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _font(document)

    left, right = _two_columns(document, (75, 90))
    heading = content["heading"]
    for i, line in enumerate(heading):
        _centered(
            left, line, first=i == 0, size=13 if i < len(heading) - 1 else 14, bold=i == len(heading) - 1
        )
    _centered(left, "*")
    _centered(left, content["number_line"], size=13)
    _centered(right, PARTY, first=True, size=15, bold=True, underline=True)
    _centered(right, "")
    _centered(right, content["date_line"], italic=True)

    title = _centered(document, content["title"], size=16, bold=True)
    title.paragraph_format.space_before = Pt(18)
    if content["subtitle"]:
        _centered(document, content["subtitle"], bold=True)
    _centered(document, "-----")
    if content["addressee"]:
        addressee = _centered(document, content["addressee"], bold=True)
        addressee.paragraph_format.space_before = Pt(6)
    body = []
    for line in content["grounds"]:
        body.append(("- " + line, False, True))
    if content["collective"]:
        body.append((content["collective"], True, False))
        body.append(("QUYẾT ĐỊNH", True, False))
    for line in content["paragraphs"]:
        body.append((line, False, False))
    for words, centered, grounds in body:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        if centered:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(paragraph, words, bold=True)
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        article = re.match(r"(Điều \d+\.)(.*)", words)
        if article:
            _runs(paragraph, article.group(1), bold=True)
            _runs(paragraph, article.group(2))
        else:
            _runs(paragraph, words, italic=grounds)

    document.add_paragraph()
    left, right = _two_columns(document, (80, 85))
    received = left.paragraphs[0]
    _runs(received, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in content["recipients"]:
        _runs(left.add_paragraph(), f"- {line}", size=11)
    _centered(right, content["on_behalf"], first=True, bold=True)
    _centered(right, content["signer_title"], bold=True)
    _centered(right, "(Ký, đóng dấu)", size=12, italic=True)
    for _ in range(3):
        _centered(right, "")
    _centered(right, content["signer_name"], bold=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# -- PDF -------------------------------------------------------------------------------------------


@cache
def _template() -> Template:
    return Engine(dirs=[str(TEMPLATES)]).get_template("papers/document.html")


def html(content: dict[str, Any]) -> str:
    """The paper as a standalone HTML page (all styles inline), for WeasyPrint."""

    def marked(words: str) -> list[tuple[str, bool]]:
        return [(piece, bool(PLACEHOLDER.fullmatch(piece))) for piece in PLACEHOLDER.split(words) if piece]

    paragraphs = []
    for line in content["paragraphs"]:
        article = re.match(r"(Điều \d+\.)(.*)", line)
        paragraphs.append(
            {"lead": article.group(1), "rest": marked(article.group(2))}
            if article
            else {"lead": "", "rest": marked(line)}
        )
    context = {
        **content,
        "party": PARTY,
        "paragraph_list": paragraphs,
        "ground_list": [marked(g) for g in content["grounds"]],
    }
    return _template().render(Context(context))


def pdf_bytes(content: dict[str, Any]) -> bytes:
    """The paper as PDF; :class:`PdfUnavailableError` when Pango is missing."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except OSError as error:  # cffi could not load libpango / libpangoft2
        raise PdfUnavailableError(
            "Không tạo được tệp PDF: WeasyPrint cần thư viện Pango của hệ thống. "
            f"Trên Debian/Ubuntu, hãy cài: apt-get install {PANGO_PACKAGES} ({error})"
        ) from error
    # Everything the page needs is inline; the fetcher refuses every URL, so rendering never
    # reaches the network or the file system whatever text the records hold.
    written: bytes = weasyprint.HTML(
        string=html(content),
        base_url=TEMPLATES.as_uri(),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols=()),
    ).write_pdf()
    return written
