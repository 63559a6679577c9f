"""Form 2 — Thống kê đảng viên mới kết nạp (members admitted in the period), this period beside the
same period last year, row for row as RULES.md §6.2 [P] lists it: the total and of which ethnic
minority, Youth Union members, private-enterprise owners, family-planning violators, spouses of a
foreigner and re-admitted; by occupation (the 15 rows of the official list), age band and mean
age at the ceremony, general education, professional level and academic title; and the grassroots
committees and grassroots cells on the period's last day, each with those that admitted someone
and those with nobody left to admit ("không còn quần chúng").

The people are read as they stood on their ceremony day (their dated facts). An admitted member
whose value is not recorded or not in the official list is in no row (:func:`problems` names
them). partyorg records neither a violation of the family-planning policy by someone admitted,
nor marriage to a foreigner, nor whether a grassroots organization has anyone left to admit: those
rows are printed without a figure, and the note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization, OrgKind
from partyorg.reports.documents import breakdowns, categories, layout
from partyorg.reports.documents.breakdowns import Figure, Placed, Spec, Unplaced
from partyorg.reports.statistics import OrgFigure, Period
from partyorg.reports.statistics.admissions import Admissions, admissions_in
from partyorg.reports.statistics.sectors import grassroots_by_kind

FORM_CODE = "Biểu số 2-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP"
FORM = "Biểu 2"

SPEC: list[Spec] = [
    ("I.", "Tổng số đảng viên mới kết nạp", 0, "total", ()),
    ("-", "Dân tộc thiểu số", 1, "minority", ()),
    ("-", "Đoàn viên Đoàn TNCS Hồ Chí Minh", 1, "youth", ()),
    ("-", "Chủ doanh nghiệp tư nhân", 1, "owners", ()),
    ("-", "Quần chúng vi phạm chính sách kế hoạch hóa gia đình", 1, "family_planning", ()),
    ("-", "Có quan hệ hôn nhân với người nước ngoài", 1, "foreign_spouse", ()),
    ("-", "Kết nạp lại", 1, "readmitted", ()),
    ("II.", "Phân tích đảng viên mới kết nạp", 0, "", ()),
    ("1.", "Nghề nghiệp", 0, "", ()),
    *breakdowns.rows_spec(categories.OCCUPATIONS, "o:"),
    ("2.", "Tuổi đời", 0, "", ()),
    *[("-", label, 1, "a:" + key, ()) for key, label, _, _ in categories.AGE_BANDS],
    ("-", categories.MEAN_AGE, 1, "mean_age", ()),
    ("3.", "Trình độ giáo dục phổ thông", 0, "", ()),
    *breakdowns.rows_spec(categories.EDUCATION, "e:"),
    ("4.", "Trình độ chuyên môn nghiệp vụ", 0, "", ()),
    *breakdowns.rows_spec(categories.PROFESSIONAL, "s:"),
    ("5.", "Chức danh khoa học", 0, "", ()),
    *breakdowns.rows_spec(categories.TITLES, "t:"),
    ("III.", "Số tổ chức cơ sở đảng có đến cuối kỳ báo cáo", 0, "", ()),
    ("1.", "Đảng bộ cơ sở", 0, "committees", ()),
    ("+", "Có kết nạp đảng viên", 2, "committees_admitting", ()),
    ("+", "Không còn quần chúng", 2, "committees_exhausted", ()),
    ("2.", "Chi bộ cơ sở", 0, "cells", ()),
    ("+", "Có kết nạp đảng viên", 2, "cells_admitting", ()),
    ("+", "Không còn quần chúng", 2, "cells_exhausted", ()),
]
NOTE = (
    "Ghi chú: các dòng “Quần chúng vi phạm chính sách kế hoạch hóa gia đình”, “Có quan hệ hôn nhân "
    "với người nước ngoài” và “Không còn quần chúng” để trống: partyorg chưa ghi các thông tin này. "
    "Đảng viên mới chưa rõ nghề nghiệp, trình độ không tính vào các dòng phân tích; danh sách để bổ "
    "sung hồ sơ in kèm (partyorg report … hoặc trang Báo cáo)."
)


@dataclass(frozen=True)
class Column:
    figures: dict[str, Figure]
    problems: list[Unplaced]


def placed(found: Admissions) -> dict[str, Placed]:
    """Each breakdown of the people admitted in the official rows, by the prefix of its keys."""
    return breakdowns.common(found.by)


def column(root: Organization, period: Period) -> Column:
    found = admissions_in(root, period)
    standing = grassroots_by_kind(root, period.closing_day)
    people = placed(found)
    figures: dict[str, Figure] = {
        "total": found.admitted.value,
        "minority": found.ethnic_minority.value,
        "youth": found.youth_union.value,
        "owners": found.private_business_owners.value,
        "readmitted": found.readmitted.value,
        "mean_age": found.mean_age,
        "committees": standing[OrgKind.GRASSROOTS_COMMITTEE],
        "committees_admitting": found.admitted_by_kind.get(OrgKind.GRASSROOTS_COMMITTEE, OrgFigure()).value,
        "cells": standing[OrgKind.GRASSROOTS_CELL],
        "cells_admitting": found.admitted_by_kind.get(OrgKind.GRASSROOTS_CELL, OrgFigure()).value,
    }
    # Someone retired admitted: no row of the working list; a row of "other" is not his either.
    for prefix, placed_people in people.items():
        for key, ids in placed_people.rows.items():
            if prefix == "o:" and key == categories.RETIRED:
                placed_people.unplaced.setdefault("Hưu trí", set()).update(ids)
                continue
            figures[prefix + key] = len(ids)
    for _, _, _, key, adds in SPEC:
        if key[:2] in people and not adds:
            figures.setdefault(key, 0)
    names = {
        "o:": "Nghề nghiệp",
        "e:": "Trình độ giáo dục phổ thông",
        "s:": "Trình độ chuyên môn nghiệp vụ",
    }
    return Column(figures, [p for prefix, name in names.items() for p in people[prefix].problems(FORM, name)])


def lines(root: Organization, period: Period) -> list[layout.Line]:
    this, last = column(root, period), column(root, period.a_year_earlier())
    return breakdowns.comparison_lines(SPEC, this.figures, last.figures, {"mean_age": layout.MEAN})


def problems(root: Organization, period: Period) -> list[Unplaced]:
    """The people admitted in the period who are in no row of a breakdown of form 2."""
    return column(root, period).problems


def sheet(root: Organization, period: Period) -> layout.Sheet:
    return breakdowns.comparison_sheet(
        layout.frame(root, period), FORM_CODE, TITLE, lines(root, period), NOTE
    )


def write_xlsx(
    root: Organization, period: Period, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, period), path, place=place, signed_on=signed_on)
