"""Forms 2, 2B, 3 and 4 row for row (RULES.md §6.2 [P], the reconstruction of the 2017–2021 forms),
their figures hand-worked on the cast (partyorg.testing), and the people they have no row for."""

from datetime import date

import pytest
from openpyxl import load_workbook

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.members.models import Person
from partyorg.reports.documents import admissions, ethnicity, layout, membership, problems_for, sheet_for
from partyorg.reports.statistics import Period

pytestmark = pytest.mark.django_db
H1_2017 = Period.half_year(2017, 1)

# RULES.md §6.2: the occupation list of forms 2 and 3, in its order (15 rows: civil servants of the
# state and of the Party/Front/mass organizations from district level up; commune civil servants
# and part-time workers; hamlet part-time workers; public employees; non-public employees;
# enterprise managers, indirect staff and direct workers; farmers, foresters, fishers; army and
# police; university students; pupils; others).
OCCUPATION = [
    "- Cán bộ, công chức cơ quan nhà nước tính từ cấp huyện trở lên",
    "- Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị - xã hội"
    " tính từ cấp huyện trở lên",
    "- Cán bộ, công chức; người hoạt động không chuyên trách ở xã, phường, thị trấn",
    "- Người hoạt động không chuyên trách ở thôn, tổ dân phố, bản (ấp, khóm)",
    "- Viên chức trong các đơn vị sự nghiệp công lập",
    "- Người lao động trong các đơn vị sự nghiệp ngoài công lập",
    "- Lãnh đạo, quản lý và lao động trong các doanh nghiệp, chia ra:",
    "+ Người lãnh đạo, quản lý doanh nghiệp",
    "+ Nhân viên, người gián tiếp sản xuất",
    "+ Công nhân, lao động trực tiếp sản xuất",
    "- Người làm nông, lâm, ngư nghiệp",
    "- Sỹ quan, chiến sỹ quân đội và công an (lực lượng vũ trang)",
    "- Sinh viên",
    "- Học sinh",
    "- Khác (lao động hợp đồng, tự do …)",
]
# RULES.md §6.2: age bands 18–30, 31–35, 36–40, 41–45, 46–50, 51–55, 56–60, > 60, average age.
AGE = [
    "- Từ 18 đến 30 tuổi",
    "- Từ 31 đến 35 tuổi",
    "- Từ 36 đến 40 tuổi",
    "- Từ 41 đến 45 tuổi",
    "- Từ 46 đến 50 tuổi",
    "- Từ 51 đến 55 tuổi",
    "- Từ 56 đến 60 tuổi",
    "- Trên 60 tuổi",
    "- Tuổi bình quân",
]
# RULES.md §6.2: education literate, primary, lower secondary, upper secondary; professional
# technical worker/elementary, intermediate, college, university, master, doctor; academic title.
EDUCATION = ["- Biết đọc, biết viết chữ quốc ngữ", "- Tiểu học", "- Trung học cơ sở", "- Trung học phổ thông"]
PROFESSIONAL = [
    "- Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp",
    "- Trung cấp",
    "- Cao đẳng",
    "- Đại học",
    "- Thạc sĩ",
    "- Tiến sĩ",
]
TITLES = ["- Phó giáo sư", "- Giáo sư"]

# RULES.md §6.2 form 2-BTCTW: totals and within them ethnic minority, Youth Union member,
# private-enterprise owner, family-planning violator, spouse of a foreigner, re-admitted; by
# occupation, age band, general education, professional level, academic title; the grassroots
# committees and grassroots cells, each with "admitted someone" and "no more candidates left".
FORM_2_ROWS = [
    "I. Tổng số đảng viên mới kết nạp",
    "- Dân tộc thiểu số",
    "- Đoàn viên Đoàn TNCS Hồ Chí Minh",
    "- Chủ doanh nghiệp tư nhân",
    "- Quần chúng vi phạm chính sách kế hoạch hóa gia đình",
    "- Có quan hệ hôn nhân với người nước ngoài",
    "- Kết nạp lại",
    "II. Phân tích đảng viên mới kết nạp",
    "1. Nghề nghiệp",
    *OCCUPATION,
    "2. Tuổi đời",
    *AGE,
    "3. Trình độ giáo dục phổ thông",
    *EDUCATION,
    "4. Trình độ chuyên môn nghiệp vụ",
    *PROFESSIONAL,
    "5. Chức danh khoa học",
    *TITLES,
    "III. Số tổ chức cơ sở đảng có đến cuối kỳ báo cáo",
    "1. Đảng bộ cơ sở",
    "+ Có kết nạp đảng viên",
    "+ Không còn quần chúng",
    "2. Chi bộ cơ sở",
    "+ Có kết nạp đảng viên",
    "+ Không còn quần chúng",
]
# RULES.md §6.2 form 3-BTCTW: women, probationary, ethnic minority, religious, Youth Union member,
# private-enterprise owner, spouse of a foreigner; occupation (a working; b retired, of which
# exempt); age band; admission period (before 19/8/1945; 19/8/1945–20/7/1954; 21/7/1954–30/4/1975;
# from 1/5/1975); general education; professional level; academic title; political theory (sơ
# cấp, trung cấp, cao cấp/cử nhân). Ethnicity and religion are form 4's.
FORM_3_ROWS = [
    "I. Tổng số đảng viên",
    "Trong đó: Nữ",
    "Đảng viên dự bị",
    "Dân tộc thiểu số",
    "Tôn giáo",
    "Đoàn viên Đoàn TNCS Hồ Chí Minh",
    "Chủ doanh nghiệp tư nhân",
    "Có quan hệ hôn nhân với người nước ngoài",
    "II. Phân tích đội ngũ đảng viên",
    "1. Nghề nghiệp",
    "a. Đang làm việc",
    *OCCUPATION,
    "b. Đã nghỉ hưu",
    "Trong đó: được miễn công tác và sinh hoạt đảng",
    "2. Tuổi đời",
    *AGE,
    "3. Thời gian vào Đảng",
    "- Trước ngày 19/8/1945",
    "- Từ ngày 19/8/1945 đến ngày 20/7/1954",
    "- Từ ngày 21/7/1954 đến ngày 30/4/1975",
    "- Từ ngày 01/5/1975 trở lại đây",
    "4. Trình độ giáo dục phổ thông",
    *EDUCATION,
    "5. Trình độ chuyên môn nghiệp vụ",
    *PROFESSIONAL,
    "6. Chức danh khoa học",
    *TITLES,
    "7. Trình độ lý luận chính trị",
    "- Sơ cấp",
    "- Trung cấp",
    "- Cao cấp, cử nhân",
]
# The 54 ethnic groups in the General Statistics Office's order (Quyết định 121-TCTK/PPCĐ,
# 02/03/1979, codes 01–54), then "other" and "foreign origin"; the religions of form 4.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Hoa", "Khmer", "Mường", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ngái", "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
    "Ra Glai", "Xtiêng", "Bru - Vân Kiều", "Thổ", "Giáy", "Cơ Tu", "Giẻ Triêng", "Mạ", "Khơ Mú", "Co",
    "Tà Ôi", "Chơ Ro", "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "La Ha", "Phù Lá",
    "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La",
    "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm", "Dân tộc khác", "Q.tịch gốc nước ngoài",
]  # fmt: skip
RELIGIONS = [
    "Phật giáo",
    "Công giáo",
    "Tin lành",
    "Cao Đài",
    "Phật giáo Hòa Hảo",
    "Hồi giáo",
    "Tôn giáo khác",
]
FORM_4_ROWS = [
    ("I.", "Dân tộc"),
    *((str(i), name) for i, name in enumerate(ETHNIC_GROUPS, start=1)),
    ("II.", "Tôn giáo"),
    *((str(i), name) for i, name in enumerate(RELIGIONS, start=1)),
]


def texts(sheet):
    return [line.text for line in sheet.lines]


def values(sheet):
    """Line text -> (this period, last year, %); a repeated text keeps its first line."""
    found = {}
    for line in sheet.lines:
        found.setdefault(line.text, line.values)
    return found


def with_values(person, **fields):
    Person.objects.filter(pk=person.pk).update(**fields)
    person.refresh_from_db()
    return person


def test_form_3_rows_figures_and_the_people_it_has_no_row_for(tmp_path):
    """Hand-worked for the district on 30/06/2017 beside 30/06/2016: a, a Thái woman born
    01/01/1990, farmer, professional level not recorded, theory sơ cấp, admitted 2012; b born
    01/01/1980, teacher (a public employee), university with a master's degree recorded as his
    degree, theory trung cấp, admitted 2005; c born 01/01/1950, retired and exempt since 2015,
    professional trung cấp, theory cao cấp, admitted 1970 elsewhere and transferred in. All three
    finished upper secondary. Ages 27, 37, 67 (mean 43,7); a year before 26, 36, 66 (42,7)."""
    tree = testing.build_tree()
    a = with_values(
        testing.person("Lò Thị Hoa", sex="female", birth_date=date(1990, 1, 1)),
        ethnicity="Thái",
        occupation="Nông dân",
        political_theory="Sơ cấp",
    )
    b = with_values(
        testing.person("Nguyễn Văn Bình", birth_date=date(1980, 1, 1)),
        occupation="Giáo viên",
        professional_level="Đại học",
        academic_title="Thạc sĩ",
        political_theory="Trung cấp",
    )
    c = with_values(
        testing.person("Cầm Văn Ơn", birth_date=date(1950, 1, 1)),
        occupation="Hưu trí",
        professional_level="Trung cấp",
        political_theory="Cao cấp",
    )
    testing.admit(a, tree.cell_a, date(2012, 3, 1))
    testing.admit(b, tree.school, date(2005, 3, 1))
    testing.record(c, K.ADMISSION_DECIDED, date(1970, 3, 2))
    testing.record(c, K.ADMISSION_CEREMONY, date(1970, 3, 12))
    testing.record(c, K.RECOGNIZED_OFFICIAL, date(1971, 3, 12))
    testing.record(c, K.TRANSFER_IN, date(2001, 5, 2), organization=tree.cell_b)
    testing.record(c, K.EXEMPTED, date(2015, 1, 5))
    sheet = membership.sheet(tree.district, H1_2017)
    assert texts(sheet) == FORM_3_ROWS
    found = values(sheet)
    assert found["I. Tổng số đảng viên"] == (3, 3, 100.0)
    assert found["Trong đó: Nữ"][:2] == (1, 1) and found["Dân tộc thiểu số"][:2] == (1, 1)
    assert found["Có quan hệ hôn nhân với người nước ngoài"] == (None, None, None)  # not recorded
    assert found["a. Đang làm việc"][:2] == (2, 2)  # a farmer, a public employee
    assert found["- Người làm nông, lâm, ngư nghiệp"][:2] == (1, 1)
    assert found["- Viên chức trong các đơn vị sự nghiệp công lập"][:2] == (1, 1)
    assert found["b. Đã nghỉ hưu"][:2] == (1, 1)
    assert found["Trong đó: được miễn công tác và sinh hoạt đảng"][:2] == (1, 1)
    assert [found[row][0] for row in AGE] == [1, 0, 1, 0, 0, 0, 0, 1, 43.7]
    assert found["- Tuổi bình quân"] == (43.7, 42.7, round(100 * 43.7 / 42.7, 2))
    assert (
        found["- Từ ngày 21/7/1954 đến ngày 30/4/1975"][0] == 1
        and found["- Từ ngày 01/5/1975 trở lại đây"][0] == 2
    )
    assert found["- Trung học phổ thông"][0] == 3
    assert [found[row][0] for row in PROFESSIONAL] == [0, 1, 0, 0, 1, 0]  # c trung cấp, b master; a unknown
    assert [found[row][0] for row in ("- Sơ cấp", "- Trung cấp", "- Cao cấp, cử nhân")] == [1, 1, 1]
    problems = membership.problems(tree.district, H1_2017)
    assert [(p.what, p.people.person_ids) for p in problems] == [
        ("Trình độ chuyên môn nghiệp vụ: chưa rõ", frozenset({a.pk}))
    ]
    path = tmp_path / "bieu3.xlsx"
    layout.write_xlsx(sheet, path)
    ws = load_workbook(path).active
    row = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    working = row["a. Đang làm việc"]
    assert ws.cell(working, 2).value.startswith(f"=B{working + 1}+B{working + 2}+")
    assert ws.cell(row["- Tuổi bình quân"], 2).number_format == "0.0"


def test_form_2_rows_and_figures_at_the_ceremony_beside_last_year():
    """Hand-worked for the commune, first half of 2017 beside 2016: Én, a Thái woman born
    01/06/1996, a Youth Union member and farmer, professional level not recorded, ceremony 11/03/2017
    (age 20); Lả born 01/06/1983, a commune civil servant with trung cấp, ceremony 13/04/2017 (age
    33): mean 26,5. In 2016 one man born 17/05/1980, ceremony 11/04/2016 (age 35). The commune
    committee is the one grassroots committee and admitted someone both years."""
    tree = testing.build_tree()
    en = with_values(
        testing.person("Lò Thị Én", sex="female", birth_date=date(1996, 6, 1)),
        ethnicity="Thái",
        occupation="Nông dân",
        is_youth_union_member=True,
    )
    la = with_values(
        testing.person("Quàng Văn Lả", birth_date=date(1983, 6, 1)),
        occupation="Cán bộ, công chức cấp xã",
        professional_level="Trung cấp",
    )
    testing.admit(en, tree.cell_a, date(2017, 3, 1), recognize=False)
    testing.admit(la, tree.cell_b, date(2017, 4, 3), recognize=False)
    testing.admit(testing.person(), tree.cell_b, date(2016, 4, 1))
    sheet = admissions.sheet(tree.commune, H1_2017)
    assert texts(sheet) == FORM_2_ROWS
    found = values(sheet)
    assert found["I. Tổng số đảng viên mới kết nạp"] == (2, 1, 200.0)
    assert found["- Dân tộc thiểu số"][:2] == (1, 0) and found["- Đoàn viên Đoàn TNCS Hồ Chí Minh"][:2] == (
        1,
        0,
    )
    assert found["- Quần chúng vi phạm chính sách kế hoạch hóa gia đình"] == (None, None, None)
    assert found["- Người làm nông, lâm, ngư nghiệp"][:2] == (1, 0)
    assert found["- Cán bộ, công chức; người hoạt động không chuyên trách ở xã, phường, thị trấn"][:2] == (
        1,
        0,
    )
    assert found["- Từ 18 đến 30 tuổi"][:2] == (1, 0) and found["- Từ 31 đến 35 tuổi"] == (1, 1, 100.0)
    assert found["- Tuổi bình quân"][:2] == (26.5, 35.0)
    assert found["- Trung cấp"][:2] == (1, 0)
    assert found["1. Đảng bộ cơ sở"][:2] == (1, 1) and found["+ Có kết nạp đảng viên"][:2] == (1, 1)
    assert found["+ Không còn quần chúng"] == (None, None, None)  # not recorded
    assert found["2. Chi bộ cơ sở"][:2] == (0, 0)
    assert [(p.what, p.people.person_ids) for p in admissions.problems(tree.commune, H1_2017)] == [
        ("Trình độ chuyên môn nghiệp vụ: chưa rõ", frozenset({en.pk}))
    ]


def test_form_4_and_2b_count_members_and_women_by_ethnicity_and_religion(tmp_path):
    """Hand-worked for the commune on 30/06/2017: Hoa, a Thái Catholic woman; Pọm, Thái; Bình,
    Kinh; Súa written "H'Mông" (the Mông of the official list); Vừ, ethnicity not recorded (named
    for completion, in no line). Ethnic groups 4 (1 woman: 25,00%), Thái 2 with 1 woman (50,00%);
    religion: Catholic 1, a woman (100,00%). Form 2B of 2017: Hoa admitted then, alone."""
    tree = testing.build_tree()
    hoa = with_values(testing.person("Lò Thị Hoa", sex="female"), ethnicity="Thái", religion="Công giáo")
    pom = with_values(testing.person("Lò Văn Pọm"), ethnicity="Thái")
    binh = testing.person("Nguyễn Văn Bình")
    sua = with_values(testing.person("Giàng A Súa"), ethnicity="H'Mông")
    vu = with_values(testing.person("Vừ A Dính"), ethnicity="")
    for who in (pom, binh, sua, vu):
        testing.admit(who, tree.cell_a, date(2010, 3, 1))
    testing.admit(hoa, tree.cell_b, date(2017, 2, 1), recognize=False)
    sheet = ethnicity.sheet(tree.commune, H1_2017)
    assert [(line.code, line.label) for line in sheet.lines] == FORM_4_ROWS
    assert sheet.column_headers == ("TT", "Tên dân tộc, tôn giáo", "Tổng số", "Trong đó: nữ", "Tỷ lệ (%)")
    found = {(line.code, line.label): line.values for line in sheet.lines}
    assert found["I.", "Dân tộc"] == (4, 1, 25.0)
    assert found["1", "Kinh"] == (1, 0, 0.0) and found["3", "Thái"] == (2, 1, 50.0)
    assert found["8", "Mông"] == (1, 0, 0.0) and found["2", "Tày"] == (0, 0, None)
    assert found["II.", "Tôn giáo"] == (1, 1, 100.0) and found["2", "Công giáo"] == (1, 1, 100.0)
    assert [(p.what, p.people.person_ids) for p in problems_for("ethnicity", tree.commune, H1_2017)] == [
        ("Dân tộc: chưa rõ", frozenset({vu.pk}))
    ]
    path = tmp_path / "bieu4.xlsx"
    layout.write_xlsx(sheet, path)
    ws = load_workbook(path).active
    row = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    thai = row["Thái"]
    assert (ws.cell(thai, 1).value, ws.cell(thai, 3).value) == ("3", 2)
    assert ws.cell(thai, 5).value == f'=IF(N(C{thai})=0,"",D{thai}*100/C{thai})'
    assert ws.cell(row["Dân tộc"], 3).value == f"=C{row['Kinh']}+" + "+".join(
        f"C{row[name]}" for name in ETHNIC_GROUPS[1:]
    )
    admitted = sheet_for("admissions-ethnicity", tree.commune, H1_2017)
    assert admitted.form_code == "Biểu số 2B-BTCTW"
    assert [(line.code, line.label) for line in admitted.lines] == FORM_4_ROWS
    found = {(line.code, line.label): line.values for line in admitted.lines}
    assert found["I.", "Dân tộc"] == (1, 1, 100.0) and found["3", "Thái"] == (1, 1, 100.0)


def test_the_report_command_names_the_people_a_form_has_no_row_for(tmp_path):
    """Form 3 of the commune on 30/06/2017: Pọm's occupation is not recorded and Bình's reads
    "Thợ săn", which is not in the official list; both are named under their reason."""
    from io import StringIO

    from django.core.management import call_command

    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    binh = with_values(testing.person("Nguyễn Văn Bình"), occupation="Thợ săn")
    for who in (pom, binh):
        testing.admit(who, tree.cell_a, date(2010, 3, 1))
    out = StringIO()
    call_command(
        "report",
        "membership",
        org=tree.commune.code,
        last_day=date(2017, 6, 30),
        out=tmp_path / "b3.xlsx",
        stdout=out,
    )
    printed = out.getvalue()
    assert "Cần bổ sung hồ sơ (không tính vào dòng nào của biểu):" in printed
    assert f"  Nghề nghiệp: chưa rõ: 1\n    {pom.code}  Lò Văn Pọm" in printed
    assert (
        f"  Nghề nghiệp: “Thợ săn” không có trong danh mục của biểu: 1\n    {binh.code}  Nguyễn Văn Bình"
        in printed
    )


def agreeing_records():
    """The cast with three members since 2010 in the commune's cells and the school, one since 2011
    who died on 04/04/2017, and two admitted on 01/02/2017 (a cell of the commune, the school)."""
    tree = testing.build_tree()
    died = testing.person("Lường Văn Chết")
    for org in (tree.cell_a, tree.cell_b, tree.school):
        testing.admit(testing.person(), org, date(2010, 3, 1))
    testing.admit(died, tree.cell_a, date(2011, 3, 1))
    testing.record(died, K.DIED, date(2017, 4, 4))
    for org in (tree.cell_a, tree.school):
        testing.admit(testing.person(), org, date(2017, 2, 1), recognize=False)
    return tree


def test_the_printed_forms_agree_with_each_other():
    """The cross-checks of reports/checks.py read off the printed forms of the province, first half
    of 2017: form 1's D = form 3's total = form 4's ethnic total = form 5's members, and form 2's
    total = form 1's admissions. Records: three members since 2010 in the commune's cells and the
    school and one since 2011 who died on 04/04/2017, two admitted in 2017: D = 4 + 2 − 1 = 5."""
    tree = agreeing_records()

    def line(name, text):
        return values(sheet_for(name, tree.province, H1_2017))[text][0]

    closing = line("members-flow", "D. Đảng viên trong danh sách cuối kỳ báo cáo")
    assert closing == 5
    assert line("membership", "I. Tổng số đảng viên") == closing
    assert line("ethnicity", "I. Dân tộc") == closing
    members = sheet_for("organizations", tree.province, H1_2017).lines[-1].values[-1]
    assert members == closing
    assert line("admissions", "I. Tổng số đảng viên mới kết nạp") == line("members-flow", "1. Kết nạp") == 2
    assert line("admissions-ethnicity", "I. Dân tộc") == 2


def test_libreoffice_works_the_formulas_out_to_partyorgs_figures(tmp_path):
    """Every form's workbook, recomputed by LibreOffice (its formulas: totals, D = A + B − C,
    percentages), holds the figures partyorg prints, line by line. Records as in
    test_the_printed_forms_agree_with_each_other, and a Thái woman admitted in 2016."""
    import csv
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tree = agreeing_records()
    testing.admit(
        with_values(testing.person("Lò Thị Ỏi", sex="female"), ethnicity="Thái"),
        tree.cell_b,
        date(2016, 2, 1),
    )
    sheets = {}
    for name in (
        "members-flow",
        "admissions",
        "admissions-ethnicity",
        "membership",
        "ethnicity",
        "organizations",
    ):
        sheets[name] = sheet_for(name, tree.province, H1_2017)
        layout.write_xlsx(sheets[name], tmp_path / f"{name}.xlsx")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
            "--outdir",
            str(tmp_path / "csv"),
            *(str(tmp_path / f"{name}.xlsx") for name in sheets),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for name, sheet in sheets.items():
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8") as file:
            rows = list(csv.reader(file))
        fixed = sheet.fixed_columns
        at: dict[tuple[str, ...], list[list[str]]] = {}
        for row in rows:  # a label printed twice ("+ Có kết nạp đảng viên") in its order
            at.setdefault(tuple(row[:fixed]), []).append(row[fixed:])
        for line in sheet.lines:
            key = (line.code, line.label) if fixed == 2 else (line.text,)
            computed = at[key].pop(0)
            for value, cell in zip(line.values, computed, strict=False):
                if value is None:
                    assert cell == "", (name, line.text)
                else:
                    assert abs(float(cell) - value) < 0.01, (name, line.text, cell, value)
