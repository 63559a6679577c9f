"""Form 4 — Đảng viên theo dân tộc và tôn giáo (members by ethnicity and religion): total and
women, each with its share of all members."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization
from partyorg.reports.documents import layout
from partyorg.reports.statistics import membership_breakdown, membership_on

FORM_CODE = "Biểu số 4-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "ĐẢNG VIÊN THEO DÂN TỘC, TÔN GIÁO"


def lines(root: Organization, on: date) -> list[layout.Line]:
    stock = membership_on(root, on)
    breakdown = membership_breakdown(root, on)
    total = stock.total.value
    women = stock.women.person_ids

    def line(code: str, label: str, people: frozenset[int], level: int) -> layout.Line:
        share = round(100 * len(people) / total, 2) if total else None
        return layout.Line(code, label, (len(people), share, len(people & women)), level)

    rows = [line("", "Tổng số đảng viên", stock.total.person_ids, 0)]
    for code, title, name in (
        ("I", "Chia theo dân tộc", "ethnicity"),
        ("II", "Chia theo tôn giáo", "religion"),
    ):
        rows.append(layout.Line(code, title, (None, None, None), 0))
        groups = sorted(breakdown.by[name].items(), key=lambda item: -item[1].value)
        rows += [line("", label, figure.person_ids, 1) for label, figure in groups]
    return rows


def sheet(root: Organization, on: date) -> layout.Sheet:
    return layout.stock_sheet(
        root,
        on,
        form_code=FORM_CODE,
        title=TITLE,
        headers=("Số lượng", "Tỷ lệ %", "Trong đó: nữ"),
        widths=(12, 10, 12),
        formats=("#,##0", "0.00", "#,##0"),
        lines=lines(root, on),
    )


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, on), path, place=place, signed_on=signed_on)
