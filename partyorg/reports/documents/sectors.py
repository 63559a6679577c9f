"""Form 5 — Tổ chức đảng và đảng viên trong các loại hình cơ sở (organizations and members by
sector of grassroots organization)."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization, OrgSector
from partyorg.reports.documents import layout
from partyorg.reports.statistics.sectors import NO_SECTOR, SectorCounts, organizations_by_sector

FORM_CODE = "Biểu số 5-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN TRONG CÁC LOẠI HÌNH CƠ SỞ"
HEADERS = ("Đảng bộ cơ sở", "Chi bộ cơ sở", "Đảng bộ bộ phận", "Chi bộ trực thuộc", "Đảng viên")


def lines(root: Organization, on: date) -> list[layout.Line]:
    by_sector = organizations_by_sector(root, on)
    rows = []
    total = [0] * len(HEADERS)
    sectors = [(value, str(label)) for value, label in OrgSector.choices] + [
        (NO_SECTOR, "Chưa ghi loại hình")
    ]
    for index, (value, label) in enumerate(sectors, start=1):
        counts = astuple(by_sector.get(value, SectorCounts()))
        if value == NO_SECTOR and not any(counts):
            continue
        total = [a + b for a, b in zip(total, counts, strict=True)]
        rows.append(layout.Line(str(index), label, counts, 1))
    return [layout.Line("", "Tổng số", tuple(total), 0), *rows]


def sheet(root: Organization, on: date) -> layout.Sheet:
    return layout.stock_sheet(
        root,
        on,
        form_code=FORM_CODE,
        title=TITLE,
        headers=HEADERS,
        widths=(10, 10, 10, 10, 10),
        formats=("#,##0",) * len(HEADERS),
        lines=lines(root, on),
    )


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, on), path, place=place, signed_on=signed_on)
