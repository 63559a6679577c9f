"""Forms 8B, 9, 10, 11, 12, 13 (RULES.md §11.12, Biểu BTCTW [P]: an unofficial reconstruction,
thanhvu16/quan_ly_can_bo) from cadre records made through the cadre services, worked by hand.

The cast (partyorg.cadres.tests.cast: Tỉnh ủy Hòa Sơn, its Ban Tổ chức "BTC"; Huyện ủy Mường Khoa;
Đảng ủy xã Nà Tấu), plus: the Tỉnh ủy itself "TU", Ủy ban MTTQ tỉnh "MTTQ.T" (Front bloc), the
district's Ban Tổ chức "BTC.H" (party bloc, district level), the commune's People's Committee
"UBND.X". People, on 31/12/2024 (ages in completed years):

- An (woman, Thái, born 01/05/1990, 34): civil servant at BTC, chuyên viên; master; trung cấp LLCT
  declared 2015, then cao cấp LLCT part-time 01/01/2023–30/06/2024 (form 10); Phó Trưởng ban from
  01/03/2024 (appointed: form 13); planned on 01/05/2024 for three posts of the 2025–2030 term:
  Trưởng ban, Chủ tịch MTTQ tỉnh, Giám đốc sở (form 12: three lượt, one person).
- Bình (man, born 01/01/1970, 54): cán bộ at BTC, chuyên viên cao cấp; bachelor; cao cấp LLCT; a
  party member (admitted 2000); Trưởng ban from 01/01/2019, re-appointed 01/01/2024 (form 13), and
  elected to the Tỉnh ủy's Ban Thường vụ 01/10/2020: two posts (form 9 counts him in both
  columns); planned for Phó Bí thư Tỉnh ủy 01/05/2024.
- Cường (man, born 01/03/2000, 24): contract at BTC under "Nghị định 68/2000/NĐ-CP" (form 8B's
  "Hợp đồng 68"); a knowledge-update course 01/03–01/04/2024 (form 10, not a leader).
- Dũng (man, born 01/02/1962, 62): contract at MTTQ.T under ND 111/2022 ("Hợp đồng khác"); trung cấp
  LLCT.
- Em (woman, born 01/07/1980, 44): viên chức hạng III at BTC.H (district).
- Phong (man, born 01/06/1985, 39): Trưởng phòng at UBND huyện from 01/01/2020, rotated on
  01/09/2024 to Phó Chủ tịch UBND xã (form 11: district → commune). Government bloc: not in 8B.
- Giang: civil servant at BTC until 01/06/2024: gone by 31/12/2024.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from partyorg import testing
from partyorg.cadres import services
from partyorg.cadres.models import (
    EmploymentEnd,
    HoldingMode,
    PostEnd,
    Programme,
    RankClass,
    StaffCategory,
    TrainingOutcome,
    UnitBloc,
    UnitKind,
    UnitLevel,
)
from partyorg.cadres.services import Course
from partyorg.cadres.tests.cast import BASIS, BY, build, post, unit
from partyorg.members import services as members
from partyorg.members.models import Person
from partyorg.reports.documents import cadre_forms as forms
from partyorg.reports.documents import layout, pdf
from partyorg.reports.statistics import cadre_forms as stats
from partyorg.reports.statistics.figures import PeopleFigure, Period

pytestmark = pytest.mark.django_db

Y2024 = Period(date(2024, 1, 1), date(2025, 1, 1))
Y2025 = Period(date(2025, 1, 1), date(2026, 1, 1))


def someone(name: str, birth: date, sex: str = "male", **attributes: str) -> Person:
    return members.create_person(
        code=f"C{abs(hash(name)) % 10**6:06d}", full_name=name, sex=sex, birth_date=birth, **attributes
    )


def hire(who: Person, where, on: date, category: str, **kwargs):
    return services.start_employment(
        who, where, on=on, category=category, legal_basis=BASIS, recorded_by=BY, **kwargs
    )


def holds(who: Person, programme: str, level: str, on: date) -> None:
    services.start_training(
        who,
        Course(programme, level),
        on=on,
        start_known=False,
        completed_on=on,
        legal_basis=BASIS,
        recorded_by=BY,
    )


def course(who: Person, c: Course, start: date, end: date) -> None:
    taken = services.start_training(who, c, on=start, planned_end_on=end, legal_basis=BASIS, recorded_by=BY)
    services.end_training(taken, on=end, outcome=TrainingOutcome.COMPLETED, legal_basis=BASIS, recorded_by=BY)


def appoint(who: Person, code: str, where, on: date, mode: str = HoldingMode.APPOINTED, **kwargs):
    return services.appoint(
        who, post(code), where, on=on, mode=mode, legal_basis=BASIS, recorded_by=BY, **kwargs
    )


def plan(who: Person, code: str, where) -> None:
    services.plan(
        who,
        post(code),
        where,
        term_first_year=2025,
        term_last_year=2030,
        on=date(2024, 5, 1),
        legal_basis=BASIS,
        recorded_by=BY,
    )


@pytest.fixture
def world():
    cast = build()
    tree = cast.tree
    committee = unit("TU", "Tỉnh ủy Hòa Sơn", tree.province, kind=UnitKind.PARTY_COMMITTEE)
    front = unit("MTTQ.T", "Ủy ban MTTQ tỉnh", tree.province, kind=UnitKind.FRONT, bloc=UnitBloc.FRONT_MASS)
    district_btc = unit("BTC.H", "Ban Tổ chức Huyện ủy", tree.district, level=UnitLevel.DISTRICT)
    commune_pc = unit(
        "UBND.X",
        "Ủy ban nhân dân xã Nà Tấu",
        tree.commune,
        kind=UnitKind.PEOPLES_COMMITTEE,
        bloc=UnitBloc.GOVERNMENT,
        level=UnitLevel.COMMUNE,
    )
    an = someone("Lò Thị An", date(1990, 5, 1), "female", ethnicity="Thái")
    binh = someone("Nguyễn Văn Bình", date(1970, 1, 1))
    cuong = someone("Trần Văn Cường", date(2000, 3, 1))
    dung = someone("Lê Văn Dũng", date(1962, 2, 1))
    em = someone("Phạm Thị Em", date(1980, 7, 1), "female")
    phong = someone("Vì Văn Phong", date(1985, 6, 1), religion="Công giáo")
    giang = someone("Hà Văn Giang", date(1975, 1, 1))

    hire(an, cast.commission, date(2015, 1, 5), StaffCategory.CIVIL_SERVANT, rank_class=RankClass.SPECIALIST)
    hire(binh, cast.commission, date(2010, 1, 4), StaffCategory.CADRE, rank_class=RankClass.SENIOR_SPECIALIST)
    hire(
        cuong,
        cast.commission,
        date(2022, 1, 4),
        StaffCategory.CONTRACT,
        contract_basis="Nghị định 68/2000/NĐ-CP",
    )
    hire(dung, front, date(2005, 1, 4), StaffCategory.CONTRACT, contract_basis="Nghị định 111/2022/NĐ-CP")
    hire(em, district_btc, date(2008, 1, 4), StaffCategory.PUBLIC_EMPLOYEE, rank_class=RankClass.CLASS_III)
    hire(phong, cast.district_committee, date(2010, 1, 4), StaffCategory.CIVIL_SERVANT)
    gone = hire(giang, cast.commission, date(2010, 1, 4), StaffCategory.CIVIL_SERVANT)
    services.end_employment(
        gone, on=date(2024, 6, 1), reason=EmploymentEnd.TRANSFERRED, legal_basis=BASIS, recorded_by=BY
    )
    testing.admit(binh, tree.cell_a, date(2000, 5, 1))

    holds(an, Programme.DEGREE, "master", date(2014, 6, 30))
    holds(an, Programme.POLITICAL_THEORY, "intermediate", date(2015, 6, 30))
    course(
        an,
        Course(Programme.POLITICAL_THEORY, "senior", mode="part_time"),
        date(2023, 1, 1),
        date(2024, 6, 30),
    )
    holds(binh, Programme.DEGREE, "bachelor", date(1992, 6, 30))
    holds(binh, Programme.POLITICAL_THEORY, "senior", date(2008, 6, 30))
    holds(dung, Programme.POLITICAL_THEORY, "intermediate", date(2000, 6, 30))
    course(cuong, Course(Programme.COURSE, "knowledge_update"), date(2024, 3, 1), date(2024, 4, 1))

    first = appoint(
        binh, "truong_ban_tinh_uy", cast.commission, date(2019, 1, 1), dossier_received_on=date(2018, 12, 1)
    )
    services.end_post(
        first, on=date(2024, 1, 1), reason=PostEnd.REAPPOINTED, legal_basis=BASIS, recorded_by=BY
    )
    appoint(binh, "truong_ban_tinh_uy", cast.commission, date(2024, 1, 1), HoldingMode.REAPPOINTED)
    appoint(binh, "uv_btv_tinh_uy", committee, date(2020, 10, 1), HoldingMode.ELECTED)
    appoint(
        an, "pho_truong_ban_tinh_uy", cast.commission, date(2024, 3, 1), dossier_received_on=date(2024, 2, 1)
    )
    for code in ("truong_ban_tinh_uy", "chu_tich_mttq_tinh", "giam_doc_so"):
        plan(an, code, cast.commission)
    plan(binh, "pho_bi_thu_tinh_uy", committee)

    old = appoint(
        phong,
        "truong_phong_huyen",
        cast.district_committee,
        date(2020, 1, 1),
        dossier_received_on=date(2019, 12, 1),
    )
    services.end_post(old, on=date(2024, 9, 1), reason=PostEnd.ROTATED, legal_basis=BASIS, recorded_by=BY)
    appoint(phong, "pho_chu_tich_ubnd_xa", commune_pc, date(2024, 9, 1), HoldingMode.ROTATED)
    return cast, {"an": an, "binh": binh, "cuong": cuong, "dung": dung, "em": em, "phong": phong}


def table(sheet: layout.Sheet) -> list[tuple[str, str]]:
    return [(line.code, line.label) for line in sheet.lines]


def values(sheet: layout.Sheet) -> dict[str, tuple[int | float | None, ...]]:
    """label -> values; a label printed twice keeps its first line (tests name unique ones)."""
    found: dict[str, tuple[int | float | None, ...]] = {}
    for line in sheet.lines:
        found.setdefault(line.label, line.values)
    return found


# -- form 8B ------------------------------------------------------------------------------------------

# RULES.md §11.12 row 8B: "total; CB-CC / VC / HĐ 68 / other; women, minority, party members; age ≤ 30,
# 31–35, 36–40, 41–45, 46–50, 51–55, 56–60, > 60, mean; civil-service rank (chuyên viên cao cấp, chính,
# chuyên viên, cán sự, nhân viên); viên chức class I–V; professional (< cao đẳng, cao đẳng, đại học, thạc
# sĩ, tiến sĩ); PGS, GS; LLCT (sơ, trung, cao cấp-cử nhân)", in that order.
FORM_8B_ROWS = [
    ("I", "Tổng số người hưởng lương ngân sách"),
    ("1", "Cán bộ, công chức"),
    ("2", "Viên chức"),
    ("3", "Hợp đồng 68"),
    ("4", "Hợp đồng khác"),
    ("II", "Trong đó"),
    ("1", "Nữ"),
    ("2", "Dân tộc thiểu số"),
    ("3", "Đảng viên"),
    ("III", "Độ tuổi"),
    ("-", "≤ 30"),
    ("-", "Từ 31–35"),
    ("-", "Từ 36–40"),
    ("-", "Từ 41–45"),
    ("-", "Từ 46–50"),
    ("-", "Từ 51–55"),
    ("-", "Từ 56–60"),
    ("-", "> 60"),
    ("-", "Tuổi bình quân"),
    ("IV", "Ngạch công chức"),
    ("1", "Chuyên viên cao cấp và tương đương"),
    ("2", "Chuyên viên chính và tương đương"),
    ("3", "Chuyên viên và tương đương"),
    ("4", "Cán sự và tương đương"),
    ("5", "Nhân viên"),
    ("V", "Hạng viên chức"),
    ("1", "Hạng I"),
    ("2", "Hạng II"),
    ("3", "Hạng III"),
    ("4", "Hạng IV"),
    ("5", "Hạng V"),
    ("VI", "Trình độ chuyên môn"),
    ("1", "Dưới cao đẳng"),
    ("2", "Cao đẳng"),
    ("3", "Đại học"),
    ("4", "Thạc sĩ"),
    ("5", "Tiến sĩ"),
    ("VII", "Học hàm"),
    ("1", "Phó Giáo sư"),
    ("2", "Giáo sư"),
    ("VIII", "Lý luận chính trị"),
    ("1", "Sơ cấp"),
    ("2", "Trung cấp"),
    ("3", "Cao cấp, cử nhân"),
]


def test_form_8b_has_the_rows_and_columns_of_rules_11_12(world) -> None:
    """RULES.md §11.12 8B: columns total (3 = 4 + 8), province (4 = 5+6+7: party bodies, attached
    public-service units, Front & mass orgs), district (8 = 9+10+11, same split)."""
    cast, _ = world
    sheet = forms.form_8b(cast.tree.province, Y2024)
    assert table(sheet) == FORM_8B_ROWS
    assert sheet.headers == ("Tổng số", *("Cộng", "Cơ quan Đảng", "Đơn vị sự nghiệp", "MTTQ, đoàn thể") * 2)
    assert sheet.groups == (("", 1), ("Cấp tỉnh", 4), ("Cấp huyện", 4))
    assert sheet.numbers[2:] == (
        "3 = 4 + 8",
        "4 = 5 + 6 + 7",
        "5",
        "6",
        "7",
        "8 = 9 + 10 + 11",
        "9",
        "10",
        "11",
    )


def test_form_8b_2024_counts_people_by_bloc_and_level_as_worked_by_hand(world) -> None:
    """31/12/2024, budget-paid staff of the Party and Front blocs: An, Bình, Cường at BTC (province,
    party), Dũng at MTTQ.T (province, Front), Em at BTC.H (district, party). Phong works for a
    government unit (not this bloc), Giang left on 01/06/2024. Mean age (34+54+24+62+44)/5 = 43,6.
    "Hợp đồng 68" is Cường's contract basis (§11.15 #9), Dũng's ND 111 contract is "khác"."""
    cast, _ = world
    v = values(forms.form_8b(cast.tree.province, Y2024))
    #                                              tot  P  Đ  SN MT  H  Đ  SN MT
    assert v["Tổng số người hưởng lương ngân sách"] == (5, 4, 3, 0, 1, 1, 1, 0, 0)
    assert v["Cán bộ, công chức"] == (2, 2, 2, 0, 0, 0, 0, 0, 0)
    assert v["Viên chức"] == (1, 0, 0, 0, 0, 1, 1, 0, 0)
    assert v["Hợp đồng 68"] == (1, 1, 1, 0, 0, 0, 0, 0, 0)
    assert v["Hợp đồng khác"] == (1, 1, 0, 0, 1, 0, 0, 0, 0)
    assert v["Nữ"] == (2, 1, 1, 0, 0, 1, 1, 0, 0)
    assert v["Dân tộc thiểu số"] == (1, 1, 1, 0, 0, 0, 0, 0, 0)
    assert v["Đảng viên"] == (1, 1, 1, 0, 0, 0, 0, 0, 0)
    assert [v[k][0] for k in ("≤ 30", "Từ 31–35", "Từ 41–45", "Từ 51–55", "> 60")] == [1, 1, 1, 1, 1]
    assert v["Tuổi bình quân"][0] == 43.6
    assert v["Chuyên viên cao cấp và tương đương"][0] == 1
    assert v["Chuyên viên và tương đương"][0] == 1
    assert v["Hạng III"] == (1, 0, 0, 0, 0, 1, 1, 0, 0)
    assert (v["Thạc sĩ"][0], v["Đại học"][0], v["Tiến sĩ"][0]) == (1, 1, 0)
    # "Cao cấp, cử nhân" one bucket (§11.15 #7): An's cao cấp (finished 30/06/2024) and Bình's.
    assert (v["Cao cấp, cử nhân"][0], v["Trung cấp"][0]) == (2, 1)
    assert v["Phó Giáo sư"] == (None,) * 9  # not kept: empty, never 0
    assert v["Trong đó"] == (None,) * 9  # a heading


def test_form_8b_2025_has_no_district_columns(world) -> None:
    """RULES.md §11.15 #8: from 01/07/2025 there is no district level; a 2025 form has no district
    columns, and its total is the province's (Em, at the district, is no longer in it)."""
    cast, _ = world
    sheet = forms.form_8b(cast.tree.province, Y2025)
    assert sheet.headers == ("Tổng số", "Cộng", "Cơ quan Đảng", "Đơn vị sự nghiệp", "MTTQ, đoàn thể")
    assert "CẤP HUYỆN" not in sheet.title and sheet.title.endswith("NĂM 2025")
    assert values(sheet)["Tổng số người hưởng lương ngân sách"] == (4, 4, 3, 0, 1)
    assert table(sheet) == FORM_8B_ROWS


def test_form_8b_people_are_counted_once_with_the_rows_behind(world) -> None:
    cast, people = world
    tally = stats.budget_staff_on(cast.tree.province, date(2024, 12, 31), contract_68_bases=("68/2000",))
    blocs = [k for k in tally.columns if not k.endswith(":government")]
    figure = tally.figure(blocs)
    assert isinstance(figure, PeopleFigure)
    assert figure.person_ids == {people[k].pk for k in ("an", "binh", "cuong", "dung", "em")}
    # The government bloc is kept apart: form 8B does not read it.
    assert tally.figure(["district:government"]).person_ids == {people["phong"].pk}


# -- form 9 -------------------------------------------------------------------------------------------

# RULES.md §11.12 9A/9B/9C rows: "total; women; minority; age ≤ 40, 41–50, > 50; education (đại học,
# trên đại học; 9C adds cao đẳng); PGS, GS; LLCT (trung cấp, cao cấp-cử nhân; 9C adds sơ cấp)".
FORM_9_ROWS = [
    ("1", "Tổng số"),
    ("2", "Nữ"),
    ("3", "Dân tộc thiểu số"),
    ("4", "Độ tuổi"),
    ("-", "≤ 40"),
    ("-", "41–50"),
    ("-", "> 50"),
    ("5", "Trình độ chuyên môn"),
    ("-", "Đại học"),
    ("-", "Trên đại học"),
    ("6", "Học hàm"),
    ("-", "Phó Giáo sư"),
    ("-", "Giáo sư"),
    ("7", "Lý luận chính trị"),
    ("-", "Trung cấp"),
    ("-", "Cao cấp, cử nhân"),
]


def test_form_9_rows_and_post_columns_follow_rules_11_12(world) -> None:
    """9A columns: BCH, BTV; secretary, deputies; People's Council chair, vice; People's Committee
    chair, vice; NA delegation head, deputy; heads/deputies of Party bodies-Front-mass orgs; of
    departments; of public-service units. 9C adds cao đẳng and sơ cấp rows, has no NA delegation."""
    cast, _ = world
    a = forms.form_9(cast.tree.province, Y2024, UnitLevel.PROVINCE)
    assert table(a) == FORM_9_ROWS
    assert [g for g, _ in a.groups] == [
        "Cấp ủy",
        "Bí thư, phó bí thư",
        "HĐND",
        "UBND",
        "Đoàn ĐBQH",
        "Ban Đảng, MTTQ, đoàn thể",
        "Sở, ban, ngành",
        "Đơn vị sự nghiệp",
    ]
    assert a.headers[:2] == ("BCH", "BTV") and len(a.headers) == 16
    c = forms.form_9(cast.tree.province, Y2024, UnitLevel.COMMUNE)
    labels = [label for _, label in table(c)]
    assert labels.index("Cao đẳng") < labels.index("Đại học")
    assert labels.index("Sơ cấp") < labels.index("Trung cấp")
    assert "Đoàn ĐBQH" not in [g for g, _ in c.groups]


def test_form_9_counts_a_leader_with_two_posts_in_both_columns(world) -> None:
    """31/12/2024: Bình is Trưởng ban (column "Ban Đảng … Trưởng") and in the Ban Thường vụ (BTV):
    one person in each (RULES.md §11.15 #10); An is Phó Trưởng ban. Columns with no post of the
    catalogue (the NA delegation) stay empty."""
    cast, _ = world
    sheet = forms.form_9(cast.tree.province, Y2024, UnitLevel.PROVINCE)
    total = dict(zip(sheet.headers, values(sheet)["Tổng số"], strict=True))
    columns = list(zip(sheet.headers, values(sheet)["Tổng số"], strict=True))
    assert columns[1] == ("BTV", 1)
    assert columns[10] == ("T", 1) and columns[11] == ("P", 1)  # Ban Đảng, MTTQ, đoàn thể: trưởng, phó
    assert columns[8] == ("TĐ", None)  # trưởng đoàn ĐBQH
    assert total["BCH"] == 0
    women = list(zip(sheet.headers, values(sheet)["Nữ"], strict=True))
    assert women[11] == ("P", 1) and women[10] == ("T", 0)
    assert values(sheet)["> 50"][1] == 1  # Bình, 54


# -- form 12 ------------------------------------------------------------------------------------------


def test_form_12_counts_person_events_one_cadre_planned_for_three_posts_counts_three(world) -> None:
    """RULES.md §11.15 #3: lượt người. An is planned for Trưởng ban, Chủ tịch MTTQ tỉnh (both in the
    column "Ban Đảng, MTTQ, đoàn thể — Trưởng": 2 there) and Giám đốc sở (1); Bình for Phó Bí thư
    (1). Total 4 lượt for 2 people; women 3 (An's three)."""
    cast, people = world
    sheet = forms.form_12(cast.tree.province, Y2024, UnitLevel.PROVINCE)
    assert sheet.form_code == "Biểu số 12A-BTCTW"  # A for the province (§11.15 #12)
    row = dict(zip(sheet.headers, values(sheet)["Tổng số"], strict=False))
    assert values(sheet)["Tổng số"][0] == 4
    columns = list(zip(sheet.headers, values(sheet)["Tổng số"], strict=True))
    assert columns[0] == ("Tổng số", 4)
    assert columns[3] == ("UB KT", None)  # the inspection commission: no post in the catalogue
    assert columns[5] == ("Phó BT", 1)  # phó bí thư
    assert columns[12] == ("T", 2)  # Ban Đảng, MTTQ, đoàn thể: trưởng
    assert columns[14] == ("T", 1)  # Sở, ban, ngành: trưởng
    assert values(sheet)["Nữ"][0] == 3 and values(sheet)["Dân tộc thiểu số"][0] == 3
    assert row["BCH"] == 0
    labels = [label for _, label in table(sheet)]
    assert labels == [label for _, label in FORM_9_ROWS[:8]] + ["Cao đẳng"] + [
        label for _, label in FORM_9_ROWS[8:]
    ]  # "as form 9 (+ cao đẳng)"
    tally = stats.planning_on(cast.tree.province, date(2024, 12, 31), UnitLevel.PROVINCE)
    figure = tally.figure(tally.columns)
    assert isinstance(figure, stats.EventFigure)
    assert (figure.value, len(figure.person_ids)) == (4, 2)
    assert figure.person_ids == {people["an"].pk, people["binh"].pk}


# -- form 13 ------------------------------------------------------------------------------------------


def test_form_13_appointments_of_the_year_by_management_level(world) -> None:
    """2024: An appointed Phó Trưởng ban, Bình re-appointed Trưởng ban, both posts "diện BTV Tỉnh ủy"
    (the catalogue's management level): 2 lượt, of which 1 re-appointment; Bình's election to the
    BTV (2020) and Phong's rotation are not appointments. Nominations are not kept: empty."""
    cast, _ = world
    sheet = forms.form_13(cast.tree.province, Y2024)
    assert table(sheet) == [("1", "Bổ nhiệm"), ("", "Trong đó: bổ nhiệm lại"), ("2", "Giới thiệu ứng cử")]
    assert sheet.headers == (
        "Tổng số",
        "Diện Trung ương quản lý",
        "Diện BTV Tỉnh ủy quản lý",
        "Diện BTV Huyện ủy quản lý",
    )
    v = values(sheet)
    assert v["Bổ nhiệm"] == (2, 0, 2, 0)
    assert v["Trong đó: bổ nhiệm lại"] == (1, 0, 1, 0)
    assert v["Giới thiệu ứng cử"] == (None,) * 4
    later = forms.form_13(cast.tree.province, Y2025)
    assert "Diện BTV Huyện ủy quản lý" not in later.headers  # §11.15 #8
    assert values(later)["Bổ nhiệm"] == (0, 0, 0)


# -- form 11 ------------------------------------------------------------------------------------------


def test_form_11_rotation_by_direction(world) -> None:
    """RULES.md §11.6 "Form 11 directions" (ten, lượt người): Phong left his district post on
    01/09/2024 for the commune: "Huyện về xã". Only rotation counts (§11.15 #11). In 2025 the district
    directions are gone (§11.15 #8)."""
    cast, _ = world
    sheet = forms.form_11(cast.tree.province, Y2024)
    assert sheet.headers == (
        "Tổng số",
        "Trung ương về tỉnh",
        "Tỉnh về huyện",
        "Huyện lên tỉnh",
        "Huyện sang huyện",
        "Ngành sang ngành",
        "Tỉnh về xã",
        "Huyện về xã",
        "Xã lên huyện",
        "Xã sang xã",
        "Ban sang ban",
    )
    assert table(sheet)[:5] == [
        ("1", "Tổng số"),
        ("2", "Nữ"),
        ("3", "Dân tộc thiểu số"),
        ("4", "Tôn giáo"),
        ("5", "Chức danh bố trí thêm để luân chuyển"),
    ]
    v = values(sheet)
    assert v["Tổng số"] == (1, 0, 0, 0, 0, 0, 0, 1, 0, 0, None)
    assert v["Tôn giáo"][0] == 1 and v["≤ 40"][0] == 1 and v["Nữ"][0] == 0
    later = forms.form_11(cast.tree.province, Y2025)
    assert later.headers == (
        "Tổng số",
        "Trung ương về tỉnh",
        "Ngành sang ngành",
        "Tỉnh về xã",
        "Xã sang xã",
        "Ban sang ban",
    )
    assert values(later)["Tổng số"][0] == 0


# -- form 10 ------------------------------------------------------------------------------------------


def test_form_10_people_trained_in_the_year(world) -> None:
    """2024: An finished cao cấp LLCT part-time on 30/06/2024, a leader then (Phó Trưởng ban since
    01/03/2024), working at the province; Cường a knowledge update (not a leader). Declared
    qualifications are not courses of the year. Classes are not kept: empty."""
    cast, _ = world
    sheet = forms.form_10(cast.tree.province, Y2024)
    assert sheet.headers[:4] == ("Cộng", "Trong đó lãnh đạo", "Cộng", "Lãnh đạo")
    assert [g for g, _ in sheet.groups] == ["Tổng số", "Cấp tỉnh", "Cấp huyện", "Cấp xã", "Số lớp"]
    v = values(sheet)
    #            tot lđ  tỉnh lđ huyện lđ xã lđ  lớp: tổng TU HU
    assert v["ĐÀO TẠO"] == (1, 1, 1, 1, 0, 0, 0, 0, None, None, None)
    assert v["Cao cấp"][:2] == (1, 1)
    assert v["Không tập trung"][:2] == (0, 0)  # the first is under "Trung cấp"
    lines = [(line.label, line.values[0]) for line in sheet.lines]
    senior = lines.index(("Cao cấp", 1))
    assert lines[senior + 1 : senior + 3] == [("Tập trung", 0), ("Không tập trung", 1)]
    assert v["BỒI DƯỠNG"][:4] == (1, 0, 1, 0)
    assert v["Cập nhật kiến thức"][:2] == (1, 0)
    assert v["Thạc sĩ"][0] == 0
    labels = [label for _, label in table(sheet)]
    assert labels[:3] == ["ĐÀO TẠO", "Chuyên môn", "Đại học"]
    assert labels[-4:] == ["Đối tượng 1", "Đối tượng 2", "Đối tượng 3", "Đối tượng 4"]
    assert "Cấp huyện" not in [g for g, _ in forms.form_10(cast.tree.province, Y2025).groups]


# -- registered, written, rendered ---------------------------------------------------------------------


def test_every_cadre_form_is_registered_and_writes_a_workbook_and_a_pdf(world, tmp_path: Path) -> None:
    from partyorg.reports.documents import CADRE_FORMS, sheet_for

    cast, _ = world
    for name in CADRE_FORMS:
        sheet = sheet_for(name, cast.tree.province, Y2024)
        out = tmp_path / f"{name}.xlsx"
        layout.write_xlsx(sheet, out)
        cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if c]
        assert sheet.title in cells
        try:
            pdf.write_pdf(sheet, tmp_path / f"{name}.pdf")
        except pdf.PdfUnavailableError:
            pytest.skip("no PDF engine")
        assert (tmp_path / f"{name}.pdf").stat().st_size > 1000


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_form_8b(world, tmp_path: Path) -> None:
    cast, _ = world
    out = tmp_path / "8b.xlsx"
    layout.write_xlsx(forms.form_8b(cast.tree.province, Y2024), out)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "8b.pdf").exists()


def test_the_report_command_writes_a_cadre_form(world, tmp_path: Path) -> None:
    """`partyorg report cadre-planning-province --org T --from 01/01/2024 --to 31/12/2024 --out …`:
    form 12A of the year, its figures those of the statistics (4 lượt)."""
    from django.core.management import CommandError, call_command

    out = tmp_path / "12a.xlsx"
    call_command(
        "report",
        "cadre-planning-province",
        "--org",
        "T",
        "--from",
        "01/01/2024",
        "--to",
        "31/12/2024",
        "--out",
        str(out),
    )
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "KẾT QUẢ QUY HOẠCH CÁN BỘ CẤP TỈNH NĂM 2024" in cells
    with pytest.raises(CommandError, match="chưa ghi nhận được là biểu đã gửi"):
        call_command(
            "report",
            "cadre-staff",
            "--org",
            "T",
            "--from",
            "01/01/2024",
            "--to",
            "31/12/2024",
            "--out",
            str(out),
            "--sent",
        )


def test_the_unsure_choices_are_settings(world, settings) -> None:
    """RULES.md §11.15 #9 ("Hợp đồng 68" is a legacy label, [P]: the basis is data), §11.16 #7 (codes
    and rows [P]) and #10 (post lists [U]), §11.15 #8 with [U] on HD 11's re-issue: each is a key of
    PARTYORG_CADRE_FORMS (a key given replaces the default whole)."""
    cast, _ = world
    settings.PARTYORG_CADRE_FORMS = {
        "contract_68_bases": ("111/2022",),
        "district_until": date(2024, 6, 30),
        "post_columns": {UnitLevel.PROVINCE: {"bch": ("tinh_uy_vien", "uv_btv_tinh_uy")}},
    }
    v = values(forms.form_8b(cast.tree.province, Y2024))
    # Dũng's ND 111 contract now fills "Hợp đồng 68", Cường's ND 68 one is "khác"; no district columns.
    assert v["Hợp đồng 68"] == (1, 1, 0, 0, 1)
    assert v["Hợp đồng khác"] == (1, 1, 1, 0, 0)
    leaders = forms.form_9(cast.tree.province, Y2024, UnitLevel.PROVINCE)
    assert values(leaders)["Tổng số"][:2] == (1, None)  # Bình in BCH through his BTV seat; BTV unmapped
