"""Form 3 — Đội ngũ đảng viên (members on the list at the end of the period) with its breakdowns,
each as a count and a share of the total."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization
from partyorg.reports.documents import layout
from partyorg.reports.statistics import membership_breakdown, membership_on

FORM_CODE = "Biểu số 3-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "ĐỘI NGŨ ĐẢNG VIÊN"
SECTIONS = (
    ("II", "Chia theo tuổi đời", "age"),
    ("III", "Chia theo thời gian vào Đảng", "admission_period"),
    ("IV", "Chia theo dân tộc", "ethnicity"),
    ("V", "Chia theo tôn giáo", "religion"),
    ("VI", "Chia theo trình độ giáo dục phổ thông", "general_education"),
    ("VII", "Chia theo trình độ chuyên môn nghiệp vụ", "professional_level"),
    ("VIII", "Chia theo trình độ lý luận chính trị", "political_theory"),
    ("IX", "Chia theo nghề nghiệp", "occupation"),
)


def lines(root: Organization, on: date) -> list[layout.Line]:
    stock = membership_on(root, on)
    breakdown = membership_breakdown(root, on)
    total = stock.total.value
    rows = [
        layout.share_line("I", "Tổng số đảng viên", total, total, 0),
        layout.share_line("", "Trong đó: nữ", stock.women.value, total, 2),
        layout.share_line("", "Trong đó: dự bị", stock.probationary.value, total, 2),
        layout.share_line("", "Trong đó: dân tộc thiểu số", stock.ethnic_minority.value, total, 2),
        layout.share_line("", "Trong đó: có đạo", stock.religious.value, total, 2),
        layout.share_line("", "Trong đó: đoàn viên", stock.youth_union.value, total, 2),
        layout.share_line("", "Trong đó: được miễn công tác và sinh hoạt đảng", stock.exempt.value, total, 2),
        *layout.breakdown_lines(SECTIONS, breakdown.by, total, layout.VALUE_LABELS),
    ]
    rows.append(layout.Line("X", "Tuổi đời bình quân", (breakdown.average_age, None), 0))
    return rows


def sheet(root: Organization, on: date) -> layout.Sheet:
    return layout.stock_sheet(
        root,
        on,
        form_code=FORM_CODE,
        title=TITLE,
        headers=("Số lượng", "Tỷ lệ %"),
        widths=(12, 10),
        formats=("General", "0.00"),
        lines=lines(root, on),
    )


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, on), path, place=place, signed_on=signed_on)
