"""A :class:`~partyorg.reports.documents.layout.Sheet` as an A4 portrait PDF, the same paper form as the
workbook: rendered from ``reports/form.html`` by WeasyPrint.

WeasyPrint needs the system's Pango library, so it is imported only when a PDF is written: the rest
of partyorg (and the Excel forms) works on a machine without it."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine, Template

from partyorg.reports.documents import layout

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


class PdfUnavailableError(RuntimeError):
    """WeasyPrint cannot run here (the system libraries it loads are missing)."""


@cache
def _template() -> Template:
    # An engine of its own: partyorg.reports is not an installed app, and the form needs no
    # context processors, request or settings.
    return Engine(dirs=[str(TEMPLATES)]).get_template("reports/form.html")


# The last lines of the table that go with the signatures to a new page rather than leave them
# alone on one.
TAIL_LINES = 3


def _row(sheet: layout.Sheet, line: layout.Line) -> dict[str, Any]:
    return {
        "code": line.code,
        "text": sheet.label_of(line),
        "level": line.level,
        "values": [
            layout.display_value(value, sheet.format_of(line, column))
            for column, value in enumerate(line.values)
        ],
    }


def html(sheet: layout.Sheet, *, place: str = "", signed_on: date | None = None) -> str:
    """The form as a standalone HTML page (all styles inline)."""
    total = sum(sheet.column_widths)
    rows = [_row(sheet, line) for line in sheet.lines]
    keep = min(TAIL_LINES, max(len(rows) - 1, 0))
    groups, column = [], 0
    for words, span in sheet.groups:
        groups.append({"words": words, "span": span, "headers": sheet.headers[column : column + span]})
        column += span
    top, right, bottom, left = layout.MARGINS_MM
    context: dict[str, Any] = {
        "masthead": sheet.masthead_lines,
        "form_code": sheet.form_code,
        "title": sheet.title,
        "subtitle": sheet.subtitle,
        "margins": f"{top}mm {right}mm {bottom}mm {left}mm",
        # Pre-formatted: the template engine would localize a float into "12,5%", which is not CSS.
        "widths": [f"{100 * width / total:.2f}%" for width in sheet.column_widths],
        "signer_width": "46%",
        "fixed": sheet.column_headers[: sheet.fixed_columns],
        "code_column": bool(sheet.code_header),
        "headers": sheet.column_headers,
        "groups": groups,
        "numbers": sheet.column_numbers,
        "rows": rows[: len(rows) - keep],
        "tail": rows[len(rows) - keep :],
        "note": sheet.note,
        "dateline": layout.sheet_dateline(sheet, place, signed_on),
        "signers": layout.SIGNERS,
        "hints": layout.SIGNING_HINTS,
    }
    return _template().render(Context(context))


def write_pdf(sheet: layout.Sheet, path: Path, *, place: str = "", signed_on: date | None = None) -> None:
    """Write the form to ``path`` as PDF; :class:`PdfUnavailableError` when Pango is missing."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except OSError as error:  # cffi could not load libpango / libpangoft2
        raise PdfUnavailableError(
            "Không tạo được tệp PDF: WeasyPrint cần thư viện Pango của hệ thống. "
            f"Trên Debian/Ubuntu, hãy cài: apt-get install {PANGO_PACKAGES} ({error})"
        ) from error
    # Everything the page needs is inline; the fetcher refuses every URL, so rendering never
    # reaches the network or the file system whatever text the records hold.
    weasyprint.HTML(
        string=html(sheet, place=place, signed_on=signed_on),
        base_url=TEMPLATES.as_uri(),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols=()),
    ).write_pdf(path)
