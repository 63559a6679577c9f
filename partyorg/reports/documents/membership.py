"""Form 3 — Thống kê đội ngũ đảng viên (the members on the list at the end of the period), this
period beside the same day a year earlier, row for row as RULES.md §6.2 [P] lists it: the total
and of which women, probationary, ethnic minority, religious, Youth Union members,
private-enterprise owners and spouses of foreigners; then by occupation (a. working, the 15 rows of
the official list; b. retired, of which exempt from work and activities), age band and mean age,
admission period, general education, professional level, academic title and political theory.
Ethnicity and religion are form 4's.

Every breakdown reads the person as they stood that day (their dated facts,
:mod:`partyorg.members.facts`). A member whose value is not recorded, or whose value is not in the
official list, is in no row: :func:`problems` names them for the officer to complete. partyorg
does not record marriage to a foreigner: that row is printed without a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization
from partyorg.reports.documents import breakdowns, categories, layout
from partyorg.reports.documents.breakdowns import Counted, Figure, Spec, Unplaced
from partyorg.reports.statistics import Breakdown, Period, membership_breakdown, membership_on
from partyorg.reports.statistics.stocks import ADMISSION_PERIODS, UNKNOWN

FORM_CODE = "Biểu số 3-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN"
FORM = "Biểu 3"

ADMISSION_ROWS = (
    ("before_1945", "Trước ngày 19/8/1945"),
    ("1945_1954", "Từ ngày 19/8/1945 đến ngày 20/7/1954"),
    ("1954_1975", "Từ ngày 21/7/1954 đến ngày 30/4/1975"),
    ("after_1975", "Từ ngày 01/5/1975 trở lại đây"),
)

SPEC: list[Spec] = [
    ("I.", "Tổng số đảng viên", 0, "total", ()),
    ("", "Trong đó: Nữ", 2, "women", ()),
    ("", "Đảng viên dự bị", 2, "probationary", ()),
    ("", "Dân tộc thiểu số", 2, "minority", ()),
    ("", "Tôn giáo", 2, "religious", ()),
    ("", "Đoàn viên Đoàn TNCS Hồ Chí Minh", 2, "youth", ()),
    ("", "Chủ doanh nghiệp tư nhân", 2, "owners", ()),
    ("", "Có quan hệ hôn nhân với người nước ngoài", 2, "foreign_spouse", ()),
    ("II.", "Phân tích đội ngũ đảng viên", 0, "", ()),
    ("1.", "Nghề nghiệp", 0, "", ()),
    (
        "a.",
        "Đang làm việc",
        1,
        "working",
        tuple("o:" + r.key for r in categories.OCCUPATIONS if r.level == 1),
    ),
    *breakdowns.rows_spec(categories.OCCUPATIONS, "o:"),
    ("b.", "Đã nghỉ hưu", 1, "retired", ()),
    ("", "Trong đó: được miễn công tác và sinh hoạt đảng", 2, "retired_exempt", ()),
    ("2.", "Tuổi đời", 0, "", ()),
    *[("-", label, 1, "a:" + key, ()) for key, label, _, _ in categories.AGE_BANDS],
    ("-", categories.MEAN_AGE, 1, "mean_age", ()),
    ("3.", "Thời gian vào Đảng", 0, "", ()),
    *[("-", label, 1, "p:" + key, ()) for key, label in ADMISSION_ROWS],
    ("4.", "Trình độ giáo dục phổ thông", 0, "", ()),
    *breakdowns.rows_spec(categories.EDUCATION, "e:"),
    ("5.", "Trình độ chuyên môn nghiệp vụ", 0, "", ()),
    *breakdowns.rows_spec(categories.PROFESSIONAL, "s:"),
    ("6.", "Chức danh khoa học", 0, "", ()),
    *breakdowns.rows_spec(categories.TITLES, "t:"),
    ("7.", "Trình độ lý luận chính trị", 0, "", ()),
    *breakdowns.rows_spec(categories.THEORY, "l:"),
]


@dataclass(frozen=True)
class Column:
    """One column of form 3: the figures by line key, and the people in no row."""

    figures: dict[str, Figure]
    problems: list[Unplaced]


def placed(breakdown: Breakdown) -> dict[str, Counted]:
    """Each breakdown of the members in the official rows, by the prefix of its line keys, counted
    (the people of a row are fetched only to name those in none)."""
    by = breakdown.by
    periods = {label: key for (label, _, _), (key, _) in zip(ADMISSION_PERIODS, ADMISSION_ROWS, strict=True)}
    return {
        **breakdowns.common_counts(by, breakdown.professional),
        "p:": breakdowns.count_values(by["admission_period"], periods.get),
        "l:": breakdowns.count_values(
            by["political_theory"], lambda v: categories.place(v, categories.THEORY_RULES)
        ),
    }


def column(root: Organization, on: date) -> Column:
    stock = membership_on(root, on)
    breakdown = membership_breakdown(root, on)
    found = placed(breakdown)
    retired = sum(f.value for f in found["o:"].rows.pop(categories.RETIRED, []))
    retired_exempt = breakdowns.count_values(
        breakdown.exempt_by_occupation, lambda v: categories.place(v, categories.OCCUPATION_RULES)
    )
    figures: dict[str, Figure] = {
        "total": stock.total.value,
        "women": stock.women.value,
        "probationary": stock.probationary.value,
        "minority": stock.ethnic_minority.value,
        "religious": stock.religious.value,
        "youth": stock.youth_union.value,
        "owners": breakdown.private_business_owners.value,
        "retired": retired,
        "retired_exempt": retired_exempt.count(categories.RETIRED),
        "mean_age": breakdown.average_age,
    }
    for prefix, counted in found.items():
        for key in counted.rows:
            figures[prefix + key] = counted.count(key)
    # A row of the official list that nobody is in is a 0, not an unknown.
    for _, _, _, key, adds in SPEC:
        if key[:2] in found and not adds:
            figures.setdefault(key, 0)
    names = {
        "o:": "Nghề nghiệp",
        "p:": "Thời gian vào Đảng",
        "e:": "Trình độ giáo dục phổ thông",
        "s:": "Trình độ chuyên môn nghiệp vụ",
        "l:": "Trình độ lý luận chính trị",
    }
    problems = [p for prefix, name in names.items() for p in found[prefix].problems(FORM, name)]
    return Column(figures, problems)


def lines(root: Organization, period: Period | date) -> list[layout.Line]:
    this, last = columns(root, period)
    return breakdowns.comparison_lines(SPEC, this.figures, last.figures, {"mean_age": layout.MEAN})


def columns(root: Organization, period: Period | date) -> tuple[Column, Column]:
    """This period's column (its last day) and last year's (the same day a year before)."""
    closing = period if isinstance(period, date) else period.closing_day
    earlier = Period.between(closing, closing).a_year_earlier().closing_day
    return column(root, closing), column(root, earlier)


def problems(root: Organization, period: Period | date) -> list[Unplaced]:
    """The members on the period's last day who are in no row of a breakdown of form 3."""
    return column(root, period if isinstance(period, date) else period.closing_day).problems


def sheet(root: Organization, period: Period | date) -> layout.Sheet:
    return breakdowns.comparison_sheet(
        layout.frame(root, period), FORM_CODE, TITLE, lines(root, period), NOTE
    )


NOTE = (
    "Ghi chú: dòng “Có quan hệ hôn nhân với người nước ngoài” để trống: partyorg chưa ghi thông tin "
    "này. Đảng viên chưa rõ nghề nghiệp, trình độ, thời gian vào Đảng không tính vào các dòng phân "
    "tích; danh sách để bổ sung hồ sơ in kèm (partyorg report … hoặc trang Báo cáo)."
)


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, on), path, place=place, signed_on=signed_on)


__all__ = ["FORM_CODE", "SPEC", "TITLE", "UNKNOWN", "columns", "lines", "problems", "sheet"]
