"""Form 1 — Thống kê tăng, giảm đảng viên (members in and out), this period beside the same period
of last year, as rows and as a :class:`~partyorg.reports.documents.layout.Sheet` laid out like the paper
form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization
from partyorg.organizations.queries import version_on
from partyorg.reports.documents import layout
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
        ("B.1", "Kết nạp", flow.admissions.value, 1),
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


def build(root: Organization, period: Period) -> MembersFlowForm:
    version = version_on(root, period.closing_day) or version_on(root, period.opening_day)
    name = version.name if version else root.code
    return MembersFlowForm(
        name, period, members_flow(root, period), members_flow(root, period.a_year_earlier())
    )


def sheet(form: MembersFlowForm) -> layout.Sheet:
    """The form on paper: "Kỳ này", "Cùng kỳ năm trước" and "%"."""
    return layout.Sheet(
        organization_name=form.organization_name,
        form_code=FORM_CODE,
        title=TITLE,
        subtitle=layout.period_subtitle(form.period),
        headers=("Kỳ này", "Cùng kỳ năm trước", "%"),
        widths=(11, 13, 9),
        formats=("#,##0", "#,##0", "0.00"),
        lines=[layout.Line(r.code, r.label, (r.this, r.last, r.percent), r.level) for r in form.rows()],
    )


def write_xlsx(form: MembersFlowForm, path: Path, *, place: str = "", signed_on: date | None = None) -> None:
    """The form as a one-sheet workbook."""
    layout.write_xlsx(sheet(form), path, place=place, signed_on=signed_on)
