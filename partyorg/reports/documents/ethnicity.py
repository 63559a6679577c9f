"""Form 4 — Đảng viên chia theo dân tộc, tôn giáo (the members on the period's last day), and form
2B — the same for the members admitted in the period (RULES.md §6.2 [P]: "4-BTCTW (and 2b)").

Columns TT | Tên dân tộc, tôn giáo | Tổng số | Trong đó: nữ | Tỷ lệ (%), the share of women in each
group (5 = 4 × 100 / 3). Rows: the 54 ethnic groups in the order of the General Statistics Office's
list, Kinh first, then "Dân tộc khác" and "Q.tịch gốc nước ngoài"; then the religions
(:mod:`partyorg.reports.documents.categories`). Each section's first line is its total, a sum of
its lines. A member of no religion is in no religion's line; a member whose ethnicity is not
recorded is in none either, and :func:`problems` names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization
from partyorg.reports.documents import breakdowns, categories, layout
from partyorg.reports.documents.breakdowns import Unplaced
from partyorg.reports.statistics import PeopleFigure, Period, membership_breakdown
from partyorg.reports.statistics.admissions import admissions_in

FORM_CODE = "Biểu số 4-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ ĐẢNG VIÊN CHIA THEO DÂN TỘC, TÔN GIÁO"
ADMITTED_FORM_CODE = "Biểu số 2B-BTCTW"  # [P] RULES.md §6.2 names a "2b" only
ADMITTED_TITLE = "THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP CHIA THEO DÂN TỘC, TÔN GIÁO"
HEADERS = ("Tổng số", "Trong đó: nữ", "Tỷ lệ (%)")
COMPUTED: tuple[layout.Computed | None, ...] = (None, None, layout.Ratio(1, 0))
NUMBERS = ("1", "2", "3", "4", "5 = 4×100/3")
ETHNIC_ROWS = (*categories.ETHNIC_GROUPS, categories.OTHER_ETHNICITY, categories.FOREIGN_ORIGIN)


def lines(
    ethnicity: Mapping[str, PeopleFigure], religion: Mapping[str, PeopleFigure], women: frozenset[int]
) -> tuple[list[layout.Line], breakdowns.Placed]:
    """The form's lines from the people by stored ethnicity and religion (value -> people), and the
    people whose ethnicity is in no line."""
    ethnic = breakdowns.place_values(ethnicity, categories.ethnic_row)
    faiths = breakdowns.place_values(religion, categories.religion_row, blank_is_unknown=False)
    found = []
    for code, title, key, rows, placed in (
        ("I.", "Dân tộc", "E", ETHNIC_ROWS, ethnic),
        ("II.", "Tôn giáo", "R", categories.RELIGIONS, faiths),
    ):
        keys = tuple(f"{key}{i}" for i in range(1, len(rows) + 1))
        items = [
            layout.Line(
                str(i),
                name,
                layout.complete((len(ids := placed.rows.get(name, set())), len(ids & women)), COMPUTED),
                1,
                keys[i - 1],
            )
            for i, name in enumerate(rows, start=1)
        ]
        total = tuple(sum(line.values[c] or 0 for line in items) for c in (0, 1))
        found.append(layout.Line(code, title, layout.complete(total, COMPUTED), 0, key, keys))
        found += items
    return found, ethnic


def _sheet(
    root: Organization, period: Period | date, code: str, title: str, form_lines: list[layout.Line]
) -> layout.Sheet:
    framed = layout.frame(root, period)
    return layout.Sheet(
        organization_name=framed.organization_name,
        form_code=code,
        title=framed.title(title),
        subtitle=framed.subtitle,
        headers=HEADERS,
        widths=(11, 11, 11),
        formats=(layout.COUNT, layout.COUNT, layout.PERCENT),
        lines=form_lines,
        masthead=framed.masthead,
        label_header="Tên dân tộc, tôn giáo",
        numbers=NUMBERS,
        computed=COMPUTED,
        place=framed.place,
        report_day=framed.report_day,
        label_width=40,
        code_header="TT",
        code_width=6,
    )


def members(root: Organization, on: date) -> tuple[list[layout.Line], list[Unplaced]]:
    found = membership_breakdown(root, on)
    form_lines, ethnic = lines(found.by["ethnicity"], found.by["religion"], found.women.person_ids)
    return form_lines, ethnic.problems("Biểu 4", "Dân tộc")


def admitted(root: Organization, period: Period) -> tuple[list[layout.Line], list[Unplaced]]:
    found = admissions_in(root, period)
    form_lines, ethnic = lines(found.by["ethnicity"], found.by["religion"], found.women.person_ids)
    return form_lines, ethnic.problems("Biểu 2B", "Dân tộc")


def sheet(root: Organization, period: Period | date) -> layout.Sheet:
    """Form 4 of ``root``: its members on the period's last day (or on a day)."""
    on = period if isinstance(period, date) else period.closing_day
    return _sheet(root, period, FORM_CODE, TITLE, members(root, on)[0])


def admitted_sheet(root: Organization, period: Period) -> layout.Sheet:
    """Form 2B of ``root``: the members admitted in the period."""
    return _sheet(root, period, ADMITTED_FORM_CODE, ADMITTED_TITLE, admitted(root, period)[0])


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, on), path, place=place, signed_on=signed_on)
