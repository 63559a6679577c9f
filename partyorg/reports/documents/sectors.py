"""Form 5 — Thống kê tổ chức đảng và đảng viên trong các loại hình cơ sở (organizations and members
by the type of their grassroots organization), row for row as RULES.md §6.2 [P] lists the 11
types: 1 communes, 2 wards, 3 townships, 4 Party, Front and mass-organization agencies, 5 state
agencies, 6 service units (a public, b non-public), 7 army, 8 police, 9 enterprises and
co-operatives (a with state capital: 100%, from 50%, under 50%; b outside the state sector:
joint-stock, private, limited liability, partnership, foreign-invested and of which wholly
foreign; c co-operatives), 10 abroad, 11 other; "Cộng" at the bottom. Columns: the grassroots
organizations (2 = 3 + 4: grassroots committees, grassroots cells), the organizations under a
grassroots committee (sub-committees, subordinate cells), and the members.

What the records hold. An organization's sector (``OrgVersion.sector``) says which of the 11 types
and the a/b/c of rows 6 and 9, but not an enterprise's capital: the state's share, or whether a
non-state enterprise is joint-stock, private, limited or a partnership. That is read off the
enterprise's name as registered ("Công ty cổ phần …", "Công ty TNHH MTV …": the forms of the Law on
Enterprises 2020 that a name must carry) [P]: a state enterprise named as a single-member limited
company is wholly state-owned (the only form the law gives a state enterprise of 100%); one named
as a joint-stock company holds a share partyorg cannot tell, and goes to the data-quality list, as
does any grassroots organization whose sector is not recorded or whose name says none of these.
They stay in the total of their type (rows 9, 9.a, 9.b and "Cộng" count them), so the form still
holds every member; only the row under it lacks them, and the form's note says how many. Whether a
foreign-invested enterprise is wholly foreign is not recorded: that "of which" row is left empty.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path

from partyorg.core.text import fold_vi
from partyorg.organizations.models import Organization, OrgSector
from partyorg.reports.documents import layout
from partyorg.reports.statistics import Period
from partyorg.reports.statistics.sectors import Grassroots, SectorCounts, grassroots_on

FORM_CODE = "Biểu số 5-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN TRONG CÁC LOẠI HÌNH CƠ SỞ"
HEADERS = (
    "Tổng số",
    "Đảng bộ cơ sở",
    "Chi bộ cơ sở",
    "Đảng bộ bộ phận",
    "Chi bộ trực thuộc",
    "Tổng số đảng viên",
)
GROUPS = (("Số tổ chức cơ sở đảng", 3), ("Tổ chức đảng trực thuộc đảng bộ cơ sở", 2), ("", 1))
NUMBERS = ("1", "2 = 3 + 4", "3", "4", "5", "6", "7")
COMPUTED: tuple[layout.Computed | None, ...] = (layout.Total((1, 2)), None, None, None, None, None)

# (code, label, level, key, adds) in the order of the form; a row with no ``adds`` is a leaf that
# grassroots organizations are placed in (by ROW_OF_SECTOR and the name rules below).
ROWS: tuple[tuple[str, str, int, str, tuple[str, ...]], ...] = (
    ("1.", "Xã", 0, "1", ()),
    ("2.", "Phường", 0, "2", ()),
    ("3.", "Thị trấn", 0, "3", ()),
    ("4.", "Cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị - xã hội", 0, "4", ()),
    ("5.", "Cơ quan nhà nước", 0, "5", ()),
    ("6.", "Đơn vị sự nghiệp", 0, "6", ("6a", "6b")),
    ("a.", "Công lập", 1, "6a", ()),
    ("b.", "Ngoài công lập", 1, "6b", ()),
    ("7.", "Quân đội", 0, "7", ()),
    ("8.", "Công an", 0, "8", ()),
    ("9.", "Doanh nghiệp và hợp tác xã", 0, "9", ("9a", "9b", "9c")),
    ("a.", "Doanh nghiệp có vốn nhà nước", 1, "9a", ("9a1", "9a2", "9a3", "9a?")),
    ("-", "Nhà nước nắm giữ 100% vốn điều lệ", 2, "9a1", ()),
    ("-", "Nhà nước nắm giữ từ 50% vốn điều lệ trở lên", 2, "9a2", ()),
    ("-", "Nhà nước nắm giữ dưới 50% vốn điều lệ", 2, "9a3", ()),
    ("b.", "Doanh nghiệp ngoài khu vực nhà nước", 1, "9b", ("9b1", "9b2", "9b3", "9b4", "9b5", "9b?")),
    ("-", "Công ty cổ phần", 2, "9b1", ()),
    ("-", "Doanh nghiệp tư nhân", 2, "9b2", ()),
    ("-", "Công ty trách nhiệm hữu hạn", 2, "9b3", ()),
    ("-", "Công ty hợp danh", 2, "9b4", ()),
    ("-", "Doanh nghiệp có vốn đầu tư nước ngoài", 2, "9b5", ()),
    ("", "Trong đó: 100% vốn nước ngoài", 2, "", ()),
    ("c.", "Hợp tác xã", 1, "9c", ()),
    ("10.", "Tổ chức cơ sở đảng ở ngoài nước", 0, "10", ()),
    ("11.", "Loại hình cơ sở khác", 0, "11", ()),
    ("", "Cộng (1 + … + 11)", 0, "total", ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")),
)
SPEC = {key: adds for _, _, _, key, adds in ROWS if key}
# Rows that count organizations placed in no row under them (the type is known, the row under it
# is not): their figures are in the parent's total but not printed as a line.
HIDDEN = ("9a?", "9b?")
ROW_OF_SECTOR = {
    OrgSector.COMMUNE: "1",
    OrgSector.WARD: "2",
    OrgSector.TOWNSHIP: "3",
    OrgSector.PARTY_AGENCY: "4",
    OrgSector.STATE_AGENCY: "5",
    OrgSector.PUBLIC_SERVICE: "6a",
    OrgSector.NONPUBLIC_SERVICE: "6b",
    OrgSector.ARMY: "7",
    OrgSector.POLICE: "8",
    OrgSector.FOREIGN_ENTERPRISE: "9b5",
    OrgSector.COOPERATIVE: "9c",
    OrgSector.ABROAD: "10",
    OrgSector.OTHER: "11",
}
# The enterprise's legal form in its name (folded, without diacritics) -> its row [P]; the first
# that matches. A deployment that records otherwise changes these.
STATE_NAME_ROWS = ((r"\btnhh (mtv|mot thanh vien)\b", "9a1"),)
NONSTATE_NAME_ROWS = (
    (r"\b(co phan|cp|ctcp)\b", "9b1"),
    (r"\b(doanh nghiep tu nhan|dntn)\b", "9b2"),
    (r"\b(tnhh|trach nhiem huu han)\b", "9b3"),
    (r"\bhop danh\b", "9b4"),
)


def row_of(grassroots: Grassroots) -> str:
    """The leaf row of a grassroots organization; "9a?" or "9b?" for an enterprise whose row under
    its type partyorg cannot tell from its name, "" when its sector is not recorded."""
    if grassroots.sector in ROW_OF_SECTOR:
        return ROW_OF_SECTOR[OrgSector(grassroots.sector)]
    rules = {
        OrgSector.STATE_ENTERPRISE.value: (STATE_NAME_ROWS, "9a?"),
        OrgSector.NONSTATE_ENTERPRISE.value: (NONSTATE_NAME_ROWS, "9b?"),
    }.get(grassroots.sector)
    if rules is None:
        return ""
    name = fold_vi(grassroots.name)
    patterns, unknown = rules
    return next((row for pattern, row in patterns if re.search(pattern, name)), unknown)


@dataclass(frozen=True)
class SectorsForm:
    on: date
    by_row: dict[str, SectorCounts]
    unplaced: tuple[Grassroots, ...]  # no row at all (sector not recorded)
    unsplit: tuple[Grassroots, ...]  # an enterprise whose row under its type is not known

    def counts(self, key: str) -> SectorCounts:
        adds = SPEC.get(key, ())
        if not adds:
            return self.by_row.get(key, SectorCounts())
        total = SectorCounts()
        for part in adds:
            total = total + self.counts(part)
        return total

    def lines(self) -> list[layout.Line]:
        lines = []
        for code, label, level, key, adds in ROWS:
            counts = astuple(self.counts(key)) if key else (None,) * 5
            # A total over organizations not all placed in the lines under it is a plain value:
            # a formula over those lines would leave them out.
            whole = not any(part in HIDDEN and part in self.by_row for part in adds)
            shown = tuple(a for a in adds if a not in HIDDEN) if whole else ()
            lines.append(layout.Line(code, label, layout.complete(counts, COMPUTED), level, key, shown))
        return lines

    @property
    def note(self) -> str:
        parts = []
        if self.unsplit:
            parts.append(
                f"{len(self.unsplit)} doanh nghiệp chưa xác định được loại hình chi tiết (tỷ lệ vốn nhà "
                "nước, loại hình công ty) được tính vào dòng 9.a, 9.b và dòng Cộng nhưng chưa vào dòng "
                "chi tiết"
            )
        if self.unplaced:
            parts.append(f"{len(self.unplaced)} tổ chức cơ sở đảng chưa ghi loại hình, chưa tính vào biểu")
        return ("Ghi chú: " + "; ".join(parts) + ".") if parts else ""


def build(root: Organization, on: date) -> SectorsForm:
    by_row: dict[str, SectorCounts] = {}
    unplaced, unsplit = [], []
    for grassroots in grassroots_on(root, on):
        row = row_of(grassroots)
        if not row:
            unplaced.append(grassroots)
            continue
        if row in HIDDEN:
            unsplit.append(grassroots)
        by_row[row] = by_row.get(row, SectorCounts()) + grassroots.counts
    return SectorsForm(on, by_row, tuple(unplaced), tuple(unsplit))


def lines(root: Organization, on: date) -> list[layout.Line]:
    return build(root, on).lines()


def sheet(root: Organization, period: Period | date) -> layout.Sheet:
    framed = layout.frame(root, period)
    form = build(root, framed.report_day)
    return layout.Sheet(
        organization_name=framed.organization_name,
        form_code=FORM_CODE,
        title=framed.title(TITLE),
        subtitle=framed.subtitle,
        headers=HEADERS,
        widths=(7, 7, 7, 7, 7, 8),
        formats=(layout.COUNT,) * len(HEADERS),
        lines=form.lines(),
        masthead=framed.masthead,
        label_header="Loại hình tổ chức cơ sở đảng",
        groups=GROUPS,
        numbers=NUMBERS,
        computed=COMPUTED,
        note=form.note,
        place=framed.place,
        report_day=framed.report_day,
        label_width=50,
    )


def write_xlsx(
    root: Organization, on: date, path: Path, *, place: str = "", signed_on: date | None = None
) -> None:
    layout.write_xlsx(sheet(root, on), path, place=place, signed_on=signed_on)
