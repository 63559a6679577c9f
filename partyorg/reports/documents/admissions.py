"""Form 2 — Đảng viên mới kết nạp (members admitted in the period), this period only: who they
are on their ceremony day, and how many grassroots organizations admitted someone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization
from partyorg.organizations.queries import version_on
from partyorg.reports.documents import layout
from partyorg.reports.statistics import Period
from partyorg.reports.statistics.admissions import admissions_in

FORM_CODE = "Biểu số 2-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "ĐẢNG VIÊN MỚI KẾT NẠP"
SECTIONS = (
    ("II", "Chia theo tuổi đời (ngày kết nạp)", "age"),
    ("III", "Chia theo trình độ giáo dục phổ thông", "general_education"),
    ("IV", "Chia theo trình độ chuyên môn nghiệp vụ", "professional_level"),
    ("V", "Chia theo nghề nghiệp", "occupation"),
)


def lines(root: Organization, period: Period) -> list[layout.Line]:
    found = admissions_in(root, period)
    total = found.admitted.value
    rows = [
        layout.share_line("I", "Tổng số đảng viên mới kết nạp", total, total, 0),
        layout.share_line("", "Trong đó: nữ", found.women.value, total, 2),
        layout.share_line("", "Trong đó: dân tộc thiểu số", found.ethnic_minority.value, total, 2),
        layout.share_line("", "Trong đó: đoàn viên", found.youth_union.value, total, 2),
        layout.share_line(
            "", "Trong đó: chủ doanh nghiệp tư nhân", found.private_business_owners.value, total, 2
        ),
        layout.share_line("", "Trong đó: kết nạp lại", found.readmitted.value, total, 2),
        *layout.breakdown_lines(SECTIONS, found.by, total, layout.VALUE_LABELS),
    ]
    rows.append(
        layout.Line(
            "VI", "Tổ chức cơ sở đảng có kết nạp đảng viên", (found.grassroots_that_admitted.value, None), 0
        )
    )
    return rows


def sheet(root: Organization, period: Period) -> layout.Sheet:
    version = version_on(root, period.closing_day)
    return layout.Sheet(
        organization_name=version.name if version else root.code,
        form_code=FORM_CODE,
        title=TITLE,
        subtitle=layout.period_subtitle(period),
        headers=("Số lượng", "Tỷ lệ %"),
        widths=(12, 10),
        formats=("General", "0.00"),
        lines=lines(root, period),
    )


def write_xlsx(
    root: Organization, period: Period, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, period), path, place=place, signed_on=signed_on)
