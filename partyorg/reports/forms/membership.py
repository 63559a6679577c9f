"""Form 3 — Đội ngũ đảng viên (members on the list at the end of the period) with its breakdowns,
each as a count and a share of the total."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partyorg.members.models import GeneralEducation
from partyorg.organizations.models import Organization
from partyorg.reports.forms import layout
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
_LABELS = {"general_education": {value: str(label) for value, label in GeneralEducation.choices}}


def lines(root: Organization, on: date) -> list[layout.Line]:
    stock = membership_on(root, on)
    breakdown = membership_breakdown(root, on)
    total = stock.total.value

    def line(code: str, label: str, value: int, level: int) -> layout.Line:
        return layout.Line(code, label, (value, round(100 * value / total, 2) if total else None), level)

    rows = [
        line("I", "Tổng số đảng viên", total, 0),
        line("", "Trong đó: nữ", stock.women.value, 2),
        line("", "Trong đó: dự bị", stock.probationary.value, 2),
        line("", "Trong đó: dân tộc thiểu số", stock.ethnic_minority.value, 2),
        line("", "Trong đó: có đạo", stock.religious.value, 2),
        line("", "Trong đó: đoàn viên", stock.youth_union.value, 2),
        line("", "Trong đó: được miễn công tác và sinh hoạt đảng", stock.exempt.value, 2),
    ]
    for code, title, name in SECTIONS:
        rows.append(layout.Line(code, title, (None, None), 0))
        labels = _LABELS.get(name, {})
        for label, figure in breakdown.by[name].items():
            rows.append(line("", labels.get(label, label), figure.value, 1))
    rows.append(layout.Line("X", "Tuổi đời bình quân", (breakdown.average_age, None), 0))
    return rows


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    sheet = layout.stock_sheet(
        root,
        on,
        form_code=FORM_CODE,
        title=TITLE,
        headers=("Số lượng", "Tỷ lệ %"),
        widths=(12, 10),
        formats=("General", "0.00"),
        lines=lines(root, on),
    )
    layout.write_xlsx(sheet, path, place=place, signed_on=signed_on)
