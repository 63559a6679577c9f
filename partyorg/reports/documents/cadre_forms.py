"""The personnel statistics forms 8B, 9A–9C, 10, 11, 12A–12C and 13 (RULES.md §11.12, Biểu BTCTW),
laid out as :class:`~partyorg.reports.documents.layout.Sheet`: rows and columns as the table gives
them, with their two-level headers. Every number comes from
:mod:`partyorg.reports.statistics.cadre_forms`; a form only arranges them.

[P] RULES.md §11.12, §11.16 #7: the forms are an unofficial reconstruction (thanhvu16/quan_ly_can_bo,
2020–2022) whose codes and rows were not checked against HD 11-HD/BTCTW (2021); the reference repo
mislabels the provincial planning form "12B" (§11.15 #12): here the letter follows the level (A
province, B district, C commune). What the reconstruction leaves open is a configurable default,
in the deployment's ``PARTYORG_CADRE_FORMS`` (:data:`DEFAULTS`):

- ``contract_68_bases``: the contract bases form 8B's "Hợp đồng 68" row counts (§11.15 #9: the basis
  is data; ND 68/2000 was replaced, [P]);
- ``post_columns``: which catalogue posts each post column of forms 9 and 12 counts (the catalogue's
  codes are a deployment's; QĐ 368's per-position list below the province was not read, [U]);
- ``rotation_directions``: the levels behind each of form 11's ten directions ([P]; "ban sang ban"
  has none by default);
- ``appointment_modes``: the modes form 13 counts as appointments (bổ nhiệm, bổ nhiệm lại);
- ``district_until``: the last day of the district level (30/06/2025, RULES.md §1.5): a form whose
  day is later has no district columns (§11.15 #8); whether HD 11 was re-issued for two-level
  government is [U].

A cell partyorg keeps no record for (academic titles, nominations for election, classes opened, the
positions added for rotation, a post column with no post of the catalogue) stays empty, never 0,
and the form's note says so.

Units: forms 8B, 9, 10 count people (each once a cell); forms 11, 12, 13 count lượt người
(RULES.md §11.15 #3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from partyorg.cadres.models import (
    DegreeLevel,
    HoldingMode,
    ManagementLevel,
    Programme,
    RankClass,
    StaffCategory,
    StudyMode,
    StudyPlace,
    TheoryLevel,
    UnitBloc,
    UnitLevel,
)
from partyorg.organizations.models import Organization
from partyorg.reports.documents import layout
from partyorg.reports.statistics import cadre_forms as stats
from partyorg.reports.statistics.cadres import AGE_BANDS, SENIOR_OR_BACHELOR
from partyorg.reports.statistics.figures import Period

__all__ = ["DEFAULTS", "sheet_for"]

PROV, DIST, COMM = UnitLevel.PROVINCE.value, UnitLevel.DISTRICT.value, UnitLevel.COMMUNE.value

# The post columns of forms 9 and 12 per level: (group, header, key); the keys' posts are in
# DEFAULTS["post_columns"]. Forms 12 add the inspection commission; 9A/12A the NA delegation. The
# headers are abbreviated (:data:`ABBREVIATIONS`, in the form's note) so that 16–18 columns stay
# readable on an A4 portrait page.
_COMMITTEE: tuple[tuple[str, str, str], ...] = (
    ("Cấp ủy", "BCH", "bch"),
    ("Cấp ủy", "BTV", "btv"),
    ("Cấp ủy", "UB KT", "ubkt"),
    ("Bí thư, phó bí thư", "BT", "bi_thu"),
    ("Bí thư, phó bí thư", "Phó BT", "pho_bi_thu"),
    ("HĐND", "CT", "ct_hdnd"),
    ("HĐND", "Phó CT", "pct_hdnd"),
    ("UBND", "CT", "ct_ubnd"),
    ("UBND", "Phó CT", "pct_ubnd"),
)


def _heads(group: str, key: str) -> tuple[tuple[str, str, str], ...]:
    """A group's head and deputy columns ("T", "P")."""
    return ((group, "T", f"truong_{key}"), (group, "P", f"pho_{key}"))


POST_COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    PROV: (
        *_COMMITTEE,
        ("Đoàn ĐBQH", "TĐ", "truong_doan_qh"),
        ("Đoàn ĐBQH", "Phó TĐ", "pho_doan_qh"),
        *_heads("Ban Đảng, MTTQ, đoàn thể", "ban"),
        *_heads("Sở, ban, ngành", "so"),
        *_heads("Đơn vị sự nghiệp", "sn"),
    ),
    DIST: (
        *_COMMITTEE,
        *_heads("Ban Đảng, MTTQ, đoàn thể", "ban"),
        *_heads("Phòng, ban", "so"),
        *_heads("Đơn vị sự nghiệp", "sn"),
    ),
    COMM: (*_COMMITTEE, *_heads("MTTQ, đoàn thể", "ban")),
}
ABBREVIATIONS = (
    "BCH: Ban Chấp hành; BTV: Ban Thường vụ; UB KT: Ủy ban Kiểm tra; BT: bí thư; CT: chủ tịch; "
    "TĐ: trưởng đoàn; T: cấp trưởng; P: cấp phó"
)
ONLY_IN_PLANNING = frozenset({"ubkt"})  # the inspection commission: a column of forms 12 only

DEFAULTS: dict[str, Any] = {
    "contract_68_bases": ("68/2000",),
    "post_columns": {
        PROV: {
            "bch": ("tinh_uy_vien",),
            "btv": ("uv_btv_tinh_uy",),
            "bi_thu": ("bi_thu_tinh_uy",),
            "pho_bi_thu": ("pho_bi_thu_tinh_uy",),
            "ct_hdnd": ("chu_tich_hdnd_tinh",),
            "pct_hdnd": ("pho_chu_tich_hdnd_tinh",),
            "ct_ubnd": ("chu_tich_ubnd_tinh",),
            "pct_ubnd": ("pho_chu_tich_ubnd_tinh",),
            "truong_ban": ("truong_ban_tinh_uy", "chu_tich_mttq_tinh", "truong_doan_the_tinh"),
            "pho_ban": ("pho_truong_ban_tinh_uy", "pho_chu_tich_mttq_tinh"),
            "truong_so": ("giam_doc_so",),
            "pho_so": ("pho_giam_doc_so",),
        },
        DIST: {
            "btv": ("uv_btv_huyen_uy",),
            "bi_thu": ("bi_thu_huyen_uy",),
            "pho_bi_thu": ("pho_bi_thu_huyen_uy",),
            "ct_hdnd": ("chu_tich_hdnd_huyen",),
            "ct_ubnd": ("chu_tich_ubnd_huyen",),
            "pct_ubnd": ("pho_chu_tich_ubnd_huyen",),
            "truong_so": ("truong_phong_huyen",),
            "pho_so": ("pho_truong_phong_huyen",),
        },
        COMM: {
            "bi_thu": ("bi_thu_dang_uy_xa",),
            "pho_bi_thu": ("pho_bi_thu_dang_uy_xa",),
            "ct_hdnd": ("chu_tich_hdnd_xa",),
            "ct_ubnd": ("chu_tich_ubnd_xa",),
            "pct_ubnd": ("pho_chu_tich_ubnd_xa",),
            "truong_ban": ("chu_tich_mttq_xa", "truong_doan_the_xa"),
        },
    },
    # (header, level left, level reached, a district direction)
    "rotation_directions": (
        ("Trung ương về tỉnh", "central", PROV),
        ("Tỉnh về huyện", PROV, DIST),
        ("Huyện lên tỉnh", DIST, PROV),
        ("Huyện sang huyện", DIST, DIST),
        ("Ngành sang ngành", PROV, PROV),
        ("Tỉnh về xã", PROV, COMM),
        ("Huyện về xã", DIST, COMM),
        ("Xã lên huyện", COMM, DIST),
        ("Xã sang xã", COMM, COMM),
        ("Ban sang ban", "", ""),
    ),
    "appointment_modes": stats.APPOINTMENT_MODES,
    "district_until": date(2025, 6, 30),
}


def config() -> dict[str, Any]:
    """The defaults with the deployment's ``PARTYORG_CADRE_FORMS`` over them."""
    return {**DEFAULTS, **getattr(settings, "PARTYORG_CADRE_FORMS", {})}


def has_districts(on: date) -> bool:
    """A form of ``on`` has district columns while the district level stood (RULES.md §11.15 #8)."""
    until: date = config()["district_until"]
    return on <= until


def form_day(period: Period) -> date:
    """The day of a yearly form's stock: the period's last day (31/12 for a year, §11.14)."""
    return period.closing_day


# -- the rows ------------------------------------------------------------------------------------


Test = stats.Trait


@dataclass(frozen=True)
class RowSpec:
    """A line: its number, words, level (0 heading, 1 line, 2 "of which"), and what it counts: a
    trait of :mod:`~partyorg.reports.statistics.cadre_forms` (None: everybody), :data:`MEAN` (the
    mean age), :data:`HEADING` (a heading: no values) or :data:`NOT_KEPT` (what partyorg keeps no
    record for: empty)."""

    code: str
    label: str
    test: Test | str = None
    level: int = 1


MEAN, NOT_KEPT, HEADING = "mean", "not_kept", "heading"  # HEADING: a heading line, no values


def _degree(*levels: str) -> tuple[str, ...]:
    return tuple(stats.degree_trait(level) for level in levels)


def _theory(bucket: str) -> str:
    return stats.theory_trait(bucket)


def _age(label: str) -> str:
    return stats.age_trait(label)


def _other_contract(traits: frozenset[str]) -> bool:
    return stats.category_trait(StaffCategory.CONTRACT) in traits and stats.CONTRACT_68 not in traits


FORM_8B_ROWS: tuple[RowSpec, ...] = (
    RowSpec("I", "Tổng số người hưởng lương ngân sách", None, 0),
    RowSpec(
        "1",
        "Cán bộ, công chức",
        (stats.category_trait(StaffCategory.CADRE), stats.category_trait(StaffCategory.CIVIL_SERVANT)),
    ),
    RowSpec("2", "Viên chức", stats.category_trait(StaffCategory.PUBLIC_EMPLOYEE)),
    RowSpec("3", "Hợp đồng 68", stats.CONTRACT_68),
    RowSpec("4", "Hợp đồng khác", _other_contract),
    RowSpec("II", "Trong đó", HEADING, 0),
    RowSpec("1", "Nữ", stats.WOMEN),
    RowSpec("2", "Dân tộc thiểu số", stats.MINORITY),
    RowSpec("3", "Đảng viên", stats.PARTY_MEMBER),
    RowSpec("III", "Độ tuổi", HEADING, 0),
    *(RowSpec("-", f"Từ {label}" if "–" in label else label, _age(label)) for label, _, _ in AGE_BANDS),
    RowSpec("-", "Tuổi bình quân", MEAN),
    RowSpec("IV", "Ngạch công chức", HEADING, 0),
    RowSpec("1", "Chuyên viên cao cấp và tương đương", stats.rank_trait(RankClass.SENIOR_SPECIALIST)),
    RowSpec("2", "Chuyên viên chính và tương đương", stats.rank_trait(RankClass.PRINCIPAL_SPECIALIST)),
    RowSpec("3", "Chuyên viên và tương đương", stats.rank_trait(RankClass.SPECIALIST)),
    RowSpec("4", "Cán sự và tương đương", stats.rank_trait(RankClass.OFFICER)),
    RowSpec("5", "Nhân viên", stats.rank_trait(RankClass.STAFF)),
    RowSpec("V", "Hạng viên chức", HEADING, 0),
    RowSpec("1", "Hạng I", stats.rank_trait(RankClass.CLASS_I)),
    RowSpec("2", "Hạng II", stats.rank_trait(RankClass.CLASS_II)),
    RowSpec("3", "Hạng III", stats.rank_trait(RankClass.CLASS_III)),
    RowSpec("4", "Hạng IV", stats.rank_trait(RankClass.CLASS_IV)),
    RowSpec("5", "Hạng V", stats.rank_trait(RankClass.CLASS_V)),
    RowSpec("VI", "Trình độ chuyên môn", HEADING, 0),
    RowSpec("1", "Dưới cao đẳng", _degree(DegreeLevel.VOCATIONAL)),
    RowSpec("2", "Cao đẳng", _degree(DegreeLevel.COLLEGE)),
    RowSpec("3", "Đại học", _degree(DegreeLevel.BACHELOR)),
    RowSpec("4", "Thạc sĩ", _degree(DegreeLevel.MASTER)),
    RowSpec("5", "Tiến sĩ", _degree(DegreeLevel.DOCTOR)),
    RowSpec("VII", "Học hàm", HEADING, 0),
    RowSpec("1", "Phó Giáo sư", NOT_KEPT),
    RowSpec("2", "Giáo sư", NOT_KEPT),
    RowSpec("VIII", "Lý luận chính trị", HEADING, 0),
    RowSpec("1", "Sơ cấp", _theory(TheoryLevel.ELEMENTARY)),
    RowSpec("2", "Trung cấp", _theory(TheoryLevel.INTERMEDIATE)),
    RowSpec("3", "Cao cấp, cử nhân", _theory(SENIOR_OR_BACHELOR)),
)


def leader_rows(level: str, *, planning: bool) -> tuple[RowSpec, ...]:
    """Form 9's rows (RULES.md §11.12), form 12's "as form 9 (+ cao đẳng)"; the commune's 9C adds
    cao đẳng and sơ cấp."""
    commune = level == COMM
    return (
        RowSpec("1", "Tổng số", None, 0),
        RowSpec("2", "Nữ", stats.WOMEN),
        RowSpec("3", "Dân tộc thiểu số", stats.MINORITY),
        RowSpec("4", "Độ tuổi", HEADING, 0),
        *(RowSpec("-", label, _age(label)) for label, _, _ in stats.LEADER_AGE_BANDS),
        RowSpec("5", "Trình độ chuyên môn", HEADING, 0),
        *((RowSpec("-", "Cao đẳng", _degree(DegreeLevel.COLLEGE)),) if commune or planning else ()),
        RowSpec("-", "Đại học", _degree(DegreeLevel.BACHELOR)),
        RowSpec("-", "Trên đại học", _degree(DegreeLevel.MASTER, DegreeLevel.DOCTOR)),
        RowSpec("6", "Học hàm", HEADING, 0),
        RowSpec("-", "Phó Giáo sư", NOT_KEPT),
        RowSpec("-", "Giáo sư", NOT_KEPT),
        RowSpec("7", "Lý luận chính trị", HEADING, 0),
        *((RowSpec("-", "Sơ cấp", _theory(TheoryLevel.ELEMENTARY)),) if commune else ()),
        RowSpec("-", "Trung cấp", _theory(TheoryLevel.INTERMEDIATE)),
        RowSpec("-", "Cao cấp, cử nhân", _theory(SENIOR_OR_BACHELOR)),
    )


FORM_11_ROWS: tuple[RowSpec, ...] = (
    RowSpec("1", "Tổng số", None, 0),
    RowSpec("2", "Nữ", stats.WOMEN),
    RowSpec("3", "Dân tộc thiểu số", stats.MINORITY),
    RowSpec("4", "Tôn giáo", stats.RELIGION),
    RowSpec("5", "Chức danh bố trí thêm để luân chuyển", NOT_KEPT),
    RowSpec("6", "Độ tuổi", HEADING, 0),
    *(RowSpec("-", label, _age(label)) for label, _, _ in stats.LEADER_AGE_BANDS),
    RowSpec("7", "Trình độ chuyên môn", HEADING, 0),
    RowSpec("-", "Trung cấp", _degree(DegreeLevel.VOCATIONAL)),
    RowSpec("-", "Cao đẳng", _degree(DegreeLevel.COLLEGE)),
    RowSpec("-", "Đại học", _degree(DegreeLevel.BACHELOR)),
    RowSpec("-", "Trên đại học", _degree(DegreeLevel.MASTER, DegreeLevel.DOCTOR)),
    RowSpec("8", "Lý luận chính trị", HEADING, 0),
    RowSpec("-", "Sơ cấp", _theory(TheoryLevel.ELEMENTARY)),
    RowSpec("-", "Trung cấp", _theory(TheoryLevel.INTERMEDIATE)),
    RowSpec("-", "Cao cấp, cử nhân", _theory(SENIOR_OR_BACHELOR)),
)

# Form 10's rows: (number, words, level, which courses: (programme, level, place or mode); "*" any).
Courses = tuple[tuple[str, str, str], ...]
_D, _T = Programme.DEGREE.value, Programme.POLITICAL_THEORY.value
_PLACES = (
    (StudyPlace.DOMESTIC, "Trong nước"),
    (StudyPlace.ABROAD, "Nước ngoài"),
    (StudyPlace.JOINT, "Liên kết"),
)
# "Không tập trung" counts part-time and online courses ([P]: the form knows two modes).
_MODES = (
    ((StudyMode.FULL_TIME.value,), "Tập trung"),
    ((StudyMode.PART_TIME.value, StudyMode.ONLINE.value), "Không tập trung"),
)


def _training_rows() -> tuple[tuple[str, str, int, Courses], ...]:
    rows: list[tuple[str, str, int, Courses]] = [("I", "ĐÀO TẠO", 0, ((_D, "*", "*"), (_T, "*", "*")))]
    rows.append(("1", "Chuyên môn", 0, ((_D, "*", "*"),)))
    for level, words in (
        (DegreeLevel.BACHELOR, "Đại học"),
        (DegreeLevel.MASTER, "Thạc sĩ"),
        (DegreeLevel.DOCTOR, "Tiến sĩ"),
    ):
        rows.append(("-", words, 1, ((_D, level.value, "*"),)))
        rows.extend(
            ("+", place_words, 2, ((_D, level.value, place.value),)) for place, place_words in _PLACES
        )
    rows.append(("2", "Lý luận chính trị", 0, ((_T, "*", "*"),)))
    for theory, words in (
        (TheoryLevel.INTERMEDIATE, "Trung cấp"),
        (TheoryLevel.SENIOR, "Cao cấp"),
        (TheoryLevel.BACHELOR, "Cử nhân"),
    ):
        rows.append(("-", words, 1, ((_T, theory.value, "*"),)))
        rows.extend(
            ("+", mode_words, 2, tuple((_T, theory.value, m) for m in modes)) for modes, mode_words in _MODES
        )
    course, qlnn = Programme.COURSE.value, Programme.STATE_MANAGEMENT.value
    rows += [
        ("II", "BỒI DƯỠNG", 0, tuple((p, "*", "*") for p in BOI_DUONG_PROGRAMMES)),
        ("1", "Lý luận, nghiệp vụ công tác xây dựng Đảng", 1, ((course, "party_building", "*"),)),
        ("2", "Nghiệp vụ công tác dân vận, đoàn thể", 1, ((course, "mass_mobilization", "*"),)),
        ("3", "Quản lý nhà nước", 1, ((qlnn, "*", "*"),)),
        ("-", "Trong nước", 2, ((qlnn, "*", StudyPlace.DOMESTIC.value),)),
        ("-", "Nước ngoài", 2, ((qlnn, "*", StudyPlace.ABROAD.value),)),
        ("4", "Quản lý kinh tế", 1, ((course, "economic_management", "*"),)),
        ("5", "Ngoại ngữ", 1, ((Programme.FOREIGN_LANGUAGE.value, "*", "*"),)),
        ("6", "Tin học", 1, ((Programme.IT.value, "*", "*"),)),
        ("7", "Cập nhật kiến thức", 1, ((course, "knowledge_update", "*"),)),
        ("8", "Kiến thức quốc phòng - an ninh", 1, ((Programme.DEFENCE_SECURITY.value, "*", "*"),)),
        *(
            ("-", f"Đối tượng {n}", 2, ((Programme.DEFENCE_SECURITY.value, str(n), "*"),))
            for n in range(1, 5)
        ),
    ]
    return tuple(rows)


BOI_DUONG_PROGRAMMES = (
    Programme.COURSE.value,
    Programme.STATE_MANAGEMENT.value,
    Programme.FOREIGN_LANGUAGE.value,
    Programme.IT.value,
    Programme.DEFENCE_SECURITY.value,
)
FORM_10_ROWS = _training_rows()

FORM_13_ROWS: tuple[RowSpec, ...] = (
    RowSpec("1", "Bổ nhiệm", None, 0),
    RowSpec("", "Trong đó: bổ nhiệm lại", HoldingMode.REAPPOINTED.value, 2),
    RowSpec("2", "Giới thiệu ứng cử", NOT_KEPT, 0),
)

# -- building the sheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A value column: its header, its upper header, and the tally keys it reads (None: partyorg
    keeps nothing for it: empty)."""

    group: str
    header: str
    keys: tuple[str, ...] | None
    number: str = ""


def _groups(columns: Sequence[Column]) -> tuple[tuple[str, int], ...]:
    groups: list[tuple[str, int]] = []
    for column in columns:
        if groups and groups[-1][0] == column.group and column.group:
            groups[-1] = (column.group, groups[-1][1] + 1)
        else:
            groups.append((column.group, 1))
    return tuple(groups)


def _cell(tally: stats.Tally, column: Column, row: RowSpec) -> int | float | None:
    if column.keys is None or row.test in (NOT_KEPT, HEADING):
        return None
    if row.test == MEAN:
        return tally.mean_age(column.keys)
    return tally.figure(column.keys, row.test).value


def _sheet(
    root: Organization,
    period: Period,
    *,
    code: str,
    title: str,
    unit_words: str,
    columns: Sequence[Column],
    lines: list[layout.Line],
    note: str,
    stock: bool,
    widths: tuple[int, int] = (9, 34),
) -> layout.Sheet:
    """The sheet in the frame of the party forms; ``widths``: a value column's and the label's."""
    framed = layout.frame(root, form_day(period) if stock else period)
    year = form_day(period).year
    return layout.Sheet(
        organization_name=framed.organization_name,
        form_code=code,
        title=f"{title} NĂM {year}",
        subtitle=f"{framed.subtitle} (đơn vị tính: {unit_words})".strip(),
        headers=tuple(c.header for c in columns),
        widths=tuple(widths[0] for _ in columns),
        formats=tuple(layout.COUNT for _ in columns),
        lines=lines,
        masthead=framed.masthead,
        label_header="Nội dung",
        groups=_groups(columns) if any(c.group for c in columns) else (),
        numbers=("TT", "Nội dung", *(c.number or str(i + 3) for i, c in enumerate(columns))),
        note=note,
        place=framed.place,
        report_day=framed.report_day,
        label_width=widths[1],
        code_header="TT",
        code_width=6,
    )


def _lines(tally: stats.Tally, columns: Sequence[Column], rows: Sequence[RowSpec]) -> list[layout.Line]:
    return [
        layout.Line(
            row.code,
            row.label,
            tuple(_cell(tally, c, row) for c in columns),
            row.level,
            number_format=layout.MEAN if row.test == MEAN else "",
        )
        for row in rows
    ]


BLOCS = (
    (UnitBloc.PARTY.value, "Cơ quan Đảng"),
    (UnitBloc.PARTY_PUBLIC_SERVICE.value, "Đơn vị sự nghiệp"),
    (UnitBloc.FRONT_MASS.value, "MTTQ, đoàn thể"),
)
LEVEL_WORDS = {PROV: "Cấp tỉnh", DIST: "Cấp huyện", COMM: "Cấp xã"}
NOT_KEPT_NOTE = "các ô để trống là số liệu partyorg chưa ghi nhận ({what})"


def form_8b(root: Organization, period: Period) -> layout.Sheet:
    """Form 8B (RULES.md §11.12): the budget-paid staff of the Party, Front and mass-organization
    bloc on the form's day; columns total (3 = 4 + 8), the province (4 = 5 + 6 + 7: party bodies,
    their public-service units, Front and mass organizations) and, while it stood, the district
    (8 = 9 + 10 + 11). People."""
    on = form_day(period)
    levels = (PROV, DIST) if has_districts(on) else (PROV,)
    tally = stats.budget_staff_on(root, on, contract_68_bases=config()["contract_68_bases"])
    columns: list[Column] = []
    level_columns: list[Column] = []
    n = 4
    for level in levels:
        keys = tuple(f"{level}:{bloc}" for bloc, _ in BLOCS)
        parts = " + ".join(str(n + 1 + i) for i in range(len(BLOCS)))
        level_columns.append(Column(LEVEL_WORDS[level], "Cộng", keys, f"{n} = {parts}"))
        level_columns.extend(
            Column(LEVEL_WORDS[level], words, (f"{level}:{bloc}",), str(n + 1 + i))
            for i, (bloc, words) in enumerate(BLOCS)
        )
        n += len(BLOCS) + 1
    totals = " + ".join(c.number.split(" ")[0] for c in level_columns if c.header == "Cộng")
    every = tuple(k for c in level_columns if c.header == "Cộng" for k in (c.keys or ()))
    columns = [Column("", "Tổng số", every, f"3 = {totals}"), *level_columns]
    return _sheet(
        root,
        period,
        code="Biểu số 8B-BTCTW",
        title=(
            "PHÂN TÍCH CHẤT LƯỢNG NGƯỜI HƯỞNG LƯƠNG NGÂN SÁCH KHỐI ĐẢNG, MTTQ, ĐOÀN THỂ CT-XH "
            + ("CẤP TỈNH, CẤP HUYỆN" if DIST in levels else "CẤP TỈNH")
        ),
        unit_words="người",
        columns=columns,
        lines=_lines(tally, columns, FORM_8B_ROWS),
        note="Ghi chú: " + NOT_KEPT_NOTE.format(what="học hàm"),
        stock=True,
    )


def _post_columns(level: str, *, planning: bool) -> list[Column]:
    mapped = config()["post_columns"].get(level, {})
    return [
        Column(group, header, tuple(mapped[key]) if mapped.get(key) else None)
        for group, header, key in POST_COLUMNS[level]
        if planning or key not in ONLY_IN_PLANNING
    ]


LETTER = {PROV: "A", DIST: "B", COMM: "C"}


def form_9(root: Organization, period: Period, level: str) -> layout.Sheet:
    """Form 9A/9B/9C (RULES.md §11.12): the leaders of ``level`` on the form's day, by post column;
    a person counts once in each post column they hold (§11.15 #10). People."""
    on = form_day(period)
    tally = stats.leaders_on(root, on, level)
    columns = _post_columns(level, planning=False)
    return _sheet(
        root,
        period,
        code=f"Biểu số 9{LETTER[level]}-BTCTW",
        title=f"CÁN BỘ LÃNH ĐẠO, QUẢN LÝ {LEVEL_WORDS[level].upper()}",
        unit_words="người",
        columns=columns,
        lines=_lines(tally, columns, leader_rows(level, planning=False)),
        note="Ghi chú: "
        + NOT_KEPT_NOTE.format(what="học hàm; cột chưa gắn chức danh trong danh mục")
        + _district_note(level, on)
        + ". Viết tắt: "
        + ABBREVIATIONS
        + ".",
        stock=True,
        widths=(8, 16),
    )


def _district_note(level: str, on: date) -> str:
    if level == DIST and not has_districts(on):
        return "; từ 01/7/2025 không còn cấp huyện, biểu không có số liệu mới"
    return ""


def form_12(root: Organization, period: Period, level: str) -> layout.Sheet:
    """Form 12A/12B/12C (RULES.md §11.12): the planning entries of ``level`` open on the form's day,
    by post column, and their total. Lượt người: a cadre planned for three posts counts three."""
    on = form_day(period)
    tally = stats.planning_on(root, on, level)
    posts = _post_columns(level, planning=True)
    every = tuple(k for c in posts for k in (c.keys or ()))
    columns = [Column("", "Tổng số", every), *posts]
    return _sheet(
        root,
        period,
        code=f"Biểu số 12{LETTER[level]}-BTCTW",
        title=f"KẾT QUẢ QUY HOẠCH CÁN BỘ {LEVEL_WORDS[level].upper()}",
        unit_words="lượt người",
        columns=columns,
        lines=_lines(tally, columns, leader_rows(level, planning=True)),
        note="Ghi chú: "
        + NOT_KEPT_NOTE.format(what="học hàm; cột chưa gắn chức danh trong danh mục")
        + _district_note(level, on)
        + ". Viết tắt: "
        + ABBREVIATIONS
        + ".",
        stock=True,
        widths=(8, 16),
    )


def form_11(root: Organization, period: Period) -> layout.Sheet:
    """Form 11 (RULES.md §11.12, directions §11.6): the rotations of the period, total and by
    direction; the directions through the district only while it stood. Lượt người."""
    on = form_day(period)
    tally = stats.rotations_in(root, period)
    directions = [
        (words, f"{a}>{b}" if a else None)
        for words, a, b in config()["rotation_directions"]
        if has_districts(on) or DIST not in (a, b)
    ]
    columns = [
        Column("", "Tổng số", tuple(tally.columns)),
        *(Column("Chia ra", words, (key,) if key else None) for words, key in directions),
    ]
    placed = {key for _, key in directions if key}
    unplaced = sum(len(items) for key, items in tally.columns.items() if key not in placed)
    note = "Ghi chú: " + NOT_KEPT_NOTE.format(what="chức danh bố trí thêm; hướng chưa gắn cấp")
    if unplaced:
        note += f"; {unplaced} lượt chưa xác định được hướng luân chuyển (chưa ghi nơi đi)"
    return _sheet(
        root,
        period,
        code="Biểu số 11-BTCTW",
        title="KẾT QUẢ LUÂN CHUYỂN CÁN BỘ",
        unit_words="lượt người",
        columns=columns,
        lines=_lines(tally, columns, FORM_11_ROWS),
        note=note,
        stock=False,
        widths=(10, 22),
    )


MANAGEMENT_COLUMNS = (
    ("Diện Trung ương quản lý", (ManagementLevel.POLITBURO.value, ManagementLevel.SECRETARIAT.value), False),
    ("Diện BTV Tỉnh ủy quản lý", (ManagementLevel.PROVINCIAL_STANDING.value,), False),
    ("Diện BTV Huyện ủy quản lý", (ManagementLevel.DISTRICT_STANDING.value,), True),
)


def form_13(root: Organization, period: Period) -> layout.Sheet:
    """Form 13 (RULES.md §11.12): appointments of the period (of which re-appointments) by the
    management level of the post; the district's column only while it stood. Lượt người."""
    on = form_day(period)
    modes = tuple(config()["appointment_modes"])
    tally = stats.appointments_in(root, period, modes=modes)
    columns = [
        Column("", words, tuple(f"{level}:{mode}" for level in levels for mode in modes))
        for words, levels, district in MANAGEMENT_COLUMNS
        if has_districts(on) or not district
    ]
    columns.insert(0, Column("", "Tổng số", tuple(k for c in columns for k in (c.keys or ()))))
    lines = []
    for row in FORM_13_ROWS:
        values: tuple[int | float | None, ...]
        if row.test == HoldingMode.REAPPOINTED.value:  # a mode of the event, not a trait of the person
            values = tuple(
                tally.figure(tuple(k for k in (c.keys or ()) if k.endswith(f":{row.test}"))).value
                for c in columns
            )
        else:
            values = tuple(_cell(tally, c, row) for c in columns)
        lines.append(layout.Line(row.code, row.label, values, row.level))
    return _sheet(
        root,
        period,
        code="Biểu số 13-BTCTW",
        title="SỐ LƯỢT BỔ NHIỆM, GIỚI THIỆU ỨNG CỬ",
        unit_words="lượt người",
        columns=columns,
        lines=lines,
        note="Ghi chú: " + NOT_KEPT_NOTE.format(what="giới thiệu ứng cử"),
        stock=False,
    )


def _matches(key: str, courses: Courses) -> bool:
    programme, level, how = key.split(":", 2)
    return any(p == programme and lv in ("*", level) and h in ("*", how) for p, lv, h in courses)


def form_10(root: Organization, period: Period) -> layout.Sheet:
    """Form 10 (RULES.md §11.12): the people who completed a course in the period, by the level of
    the unit they worked in, each with "of which leaders" (holding a post); the classes opened are
    not kept (empty). People."""
    on = form_day(period)
    tally = stats.trainings_in(root, period)
    levels = (PROV, DIST, COMM) if has_districts(on) else (PROV, COMM)
    # value columns: (group, header, unit levels, leaders only)
    spec: list[tuple[str, str, tuple[str, ...], bool]] = [
        ("Tổng số", "Cộng", levels, False),
        ("Tổng số", "Trong đó lãnh đạo", levels, True),
    ]
    for level in levels:
        spec += [
            (LEVEL_WORDS[level], "Cộng", (level,), False),
            (LEVEL_WORDS[level], "Lãnh đạo", (level,), True),
        ]
    class_columns = ["Tổng số", "Tỉnh ủy mở"] + (["Huyện ủy mở"] if has_districts(on) else [])
    lines = []
    for code, label, level_, courses in FORM_10_ROWS:
        values: list[int | None] = []
        for _, _, unit_levels, leaders in spec:
            keys = tuple(
                k
                for k in tally.columns
                if k.split("|")[1] in unit_levels and _matches(k.split("|")[0], courses)
            )
            values.append(tally.figure(keys, stats.LEADER if leaders else None).value)
        values.extend(None for _ in class_columns)
        lines.append(layout.Line(code, label, tuple(values), level_))
    headers = [*((g, h) for g, h, _, _ in spec), *(("Số lớp", h) for h in class_columns)]
    columns = [Column(g, h, ()) for g, h in headers]
    return _sheet(
        root,
        period,
        code="Biểu số 10-BTCTW",
        title="KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ",
        unit_words="người, lớp",
        columns=columns,
        lines=lines,
        note="Ghi chú: " + NOT_KEPT_NOTE.format(what="số lớp mở"),
        stock=False,
    )


def _by_level(build: Callable[[Organization, Period, str], layout.Sheet], level: str) -> Builder:
    def built(root: Organization, period: Period) -> layout.Sheet:
        return build(root, period, level)

    return built


Builder = Callable[[Organization, Period], layout.Sheet]
_LEVEL_NAMES = (("province", PROV), ("district", DIST), ("commune", COMM))
_BUILDERS: dict[str, Builder] = {
    "cadre-staff": form_8b,
    "cadre-training": form_10,
    "cadre-rotation": form_11,
    "cadre-appointments": form_13,
    **{f"cadre-leaders-{name}": _by_level(form_9, level) for name, level in _LEVEL_NAMES},
    **{f"cadre-planning-{name}": _by_level(form_12, level) for name, level in _LEVEL_NAMES},
}


def sheet_for(name: str, root: Organization, period: Period) -> layout.Sheet:
    """The cadre form ``name`` of ``root`` for ``period`` (stocks on its last day)."""
    return _BUILDERS[name](root, period)
