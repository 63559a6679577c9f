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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from partyorg.reports.documents.pdf import PANGO_PACKAGES, PdfUnavailableError
from partyorg.reports.word import PLACEHOLDER, centered, runs, two_columns, vietnamese_normal

__all__ = ["PdfUnavailableError", "docx_bytes", "html", "pdf_bytes"]

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
TEMPLATES = Path(__file__).resolve().parent / "templates"


# -- Word ------------------------------------------------------------------------------------------


def docx_bytes(content: dict[str, Any]) -> bytes:
    """The paper as a Word document."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    vietnamese_normal(document, 14).paragraph_format.space_after = Pt(0)

    left, right = two_columns(document, (75, 90))
    heading = content["heading"]
    for i, line in enumerate(heading):
        centered(
            left, line, first=i == 0, size=13 if i < len(heading) - 1 else 14, bold=i == len(heading) - 1
        )
    centered(left, "*")
    centered(left, content["number_line"], size=13)
    centered(right, PARTY, first=True, size=15, bold=True, underline=True)
    centered(right, "")
    centered(right, content["date_line"], italic=True)

    title = centered(document, content["title"], size=16, bold=True)
    title.paragraph_format.space_before = Pt(18)
    if content["subtitle"]:
        centered(document, content["subtitle"], bold=True)
    centered(document, "-----")
    if content["addressee"]:
        addressee = centered(document, content["addressee"], bold=True)
        addressee.paragraph_format.space_before = Pt(6)
    body = []
    for line in content["grounds"]:
        body.append(("- " + line, False, True))
    if content["collective"]:
        body.append((content["collective"], True, False))
        body.append(("QUYẾT ĐỊNH", True, False))
    for line in content["paragraphs"]:
        body.append((line, False, False))
    for words, in_middle, grounds in body:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        if in_middle:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            runs(paragraph, words, bold=True)
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        article = re.match(r"(Điều \d+\.)(.*)", words)
        if article:
            runs(paragraph, article.group(1), bold=True)
            runs(paragraph, article.group(2))
        else:
            runs(paragraph, words, italic=grounds)

    document.add_paragraph()
    left, right = two_columns(document, (80, 85))
    received = left.paragraphs[0]
    runs(received, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in content["recipients"]:
        runs(left.add_paragraph(), f"- {line}", size=11)
    centered(right, content["on_behalf"], first=True, bold=True)
    centered(right, content["signer_title"], bold=True)
    centered(right, "(Ký, đóng dấu)", size=12, italic=True)
    for _ in range(3):
        centered(right, "")
    centered(right, content["signer_name"], bold=True)
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
