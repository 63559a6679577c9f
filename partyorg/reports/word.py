"""The Word side of partyorg's documents (python-docx): the pieces every party paper and report is
made of, shared by the review report (``reports.review.word``) and the papers printed from a
member's record (``papers.documents``).

Times New Roman in every script slot with Vietnamese spelling; lines centred in a block with the
officer's [placeholders] in italics; two blocks side by side in a borderless table, as party
documents place the issuer and the motto, the recipients and the signature."""

from __future__ import annotations

import re
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
PLACEHOLDER = re.compile(r"(\[[^\]]*\])")  # what the officer writes in: italic


def times(style: BaseStyle) -> None:
    """Times New Roman for every script: Word takes Vietnamese letters with diacritics through the
    East-Asian or complex-script slots in some setups, and a theme font there would win."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def vietnamese_normal(document: Any, size: float) -> ParagraphStyle:
    """The document's Normal style in Times New Roman of ``size`` points, spelling checked as
    Vietnamese; returned for the caller's own spacing."""
    normal: ParagraphStyle = document.styles["Normal"]
    times(normal)
    normal.font.name, normal.font.size = FONT, Pt(size)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    return normal


def runs(
    paragraph: Paragraph, words: str, *, size: float = 14, bold: bool = False, italic: bool = False
) -> None:
    """``words`` added to ``paragraph``, its [placeholders] in italics."""
    for piece in PLACEHOLDER.split(words):
        if piece:
            run = paragraph.add_run(piece)
            run.font.size, run.bold = Pt(size), bold
            run.italic = italic or bool(PLACEHOLDER.fullmatch(piece))


def centered(
    block: _Cell | Any,
    words: str,
    *,
    first: bool = False,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Paragraph:
    """A centred line of a block (a table cell, or the document itself), with no space after it:
    the block's first paragraph when ``first``, else a new one."""
    paragraph: Paragraph = block.paragraphs[0] if first else block.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    runs(paragraph, words, size=size, bold=bold, italic=italic)
    if underline:
        for run in paragraph.runs:
            run.underline = True
    return paragraph


def two_columns(document: Any, widths: tuple[float, float]) -> tuple[_Cell, _Cell]:
    """A borderless one-row table: two blocks side by side, as party documents place them."""
    table = document.add_table(rows=1, cols=2)  # no style: "Normal Table", without borders
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), widths, strict=True):
        column.width = cell.width = Mm(width)  # the grid for Word's fixed layout, the cells for LibreOffice
    return left, right
