"""The fixed lists of the official forms, in their order, and how partyorg's stored values fall
into them (RULES.md §6.2 [P]: the lists of the reconstruction of the 2017–2021 forms).

partyorg stores a person's occupation, professional level, academic title and political theory as
the words an officer typed ("Nông dân", "Cán bộ, công chức cấp xã", "Đại học", "Thạc sĩ"). A form
has a fixed list of rows. :func:`place` puts each stored value in its row by the words it contains
(without diacritics, the first rule that matches); a value that matches none, and a person whose
value is not recorded, fall in no row: they are listed for the officer to complete
(:mod:`partyorg.reports.documents.quality`), never counted in a wrong row. The word rules are
partyorg's reading of how officers write these values [P]; a deployment that writes otherwise
extends them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from partyorg.core.text import fold_vi
from partyorg.members.models import GeneralEducation


@dataclass(frozen=True)
class Row:
    key: str
    code: str  # as printed: "-", "+", "a."
    label: str
    level: int = 1
    adds: tuple[str, ...] = ()  # a row that is the sum of others


# -- occupation: the official list of 15 rows, in its order --------------------------------------------
OCCUPATIONS = (
    Row("state_civil", "-", "Cán bộ, công chức cơ quan nhà nước tính từ cấp huyện trở lên"),
    Row(
        "party_civil",
        "-",
        "Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị - xã hội "
        "tính từ cấp huyện trở lên",
    ),
    Row("commune_civil", "-", "Cán bộ, công chức; người hoạt động không chuyên trách ở xã, phường, thị trấn"),
    Row("hamlet_parttime", "-", "Người hoạt động không chuyên trách ở thôn, tổ dân phố, bản (ấp, khóm)"),
    Row("public_employee", "-", "Viên chức trong các đơn vị sự nghiệp công lập"),
    Row("nonpublic_employee", "-", "Người lao động trong các đơn vị sự nghiệp ngoài công lập"),
    Row(
        "enterprise",
        "-",
        "Lãnh đạo, quản lý và lao động trong các doanh nghiệp, chia ra:",
        adds=("enterprise_manager", "enterprise_staff", "enterprise_worker"),
    ),
    Row("enterprise_manager", "+", "Người lãnh đạo, quản lý doanh nghiệp", 2),
    Row("enterprise_staff", "+", "Nhân viên, người gián tiếp sản xuất", 2),
    Row("enterprise_worker", "+", "Công nhân, lao động trực tiếp sản xuất", 2),
    Row("farmer", "-", "Người làm nông, lâm, ngư nghiệp"),
    Row("armed_forces", "-", "Sỹ quan, chiến sỹ quân đội và công an (lực lượng vũ trang)"),
    Row("university_student", "-", "Sinh viên"),
    Row("pupil", "-", "Học sinh"),
    Row("other", "-", "Khác (lao động hợp đồng, tự do …)"),
)
RETIRED = "retired"
# Folded words -> row, the first that matches. "Cán bộ, công chức" without a level is taken for a
# state civil servant of the district level and above [P]; a co-operative member is "other" [P].
OCCUPATION_RULES: tuple[tuple[str, str], ...] = (
    (r"huu tri|nghi huu", RETIRED),
    (r"khong chuyen trach (o )?(thon|to dan pho|ban|ap|khom)", "hamlet_parttime"),
    (r"(cap xa|xa, phuong|o xa|phuong, thi tran|khong chuyen trach)", "commune_civil"),
    (r"(co quan dang|mat tran|doan the)", "party_civil"),
    (r"(can bo|cong chuc)", "state_civil"),
    (r"ngoai cong lap", "nonpublic_employee"),
    (r"(vien chuc|giao vien|bac si|y si|dieu duong|giang vien)", "public_employee"),
    (r"(lanh dao|quan ly|giam doc).*doanh nghiep|giam doc|chu doanh nghiep", "enterprise_manager"),
    (r"nhan vien", "enterprise_staff"),
    (r"cong nhan|lao dong truc tiep", "enterprise_worker"),
    (r"(nong|lam|ngu) (dan|nghiep)|nong dan|lam nghiep|ngu dan", "farmer"),
    (r"quan nhan|quan doi|cong an|sy quan|si quan|chien sy|chien si|bo doi", "armed_forces"),
    (r"sinh vien", "university_student"),
    (r"hoc sinh", "pupil"),
    (r"lao dong tu do|tu do|hop dong|kinh doanh|buon ban|xa vien|noi tro|khac", "other"),
)

# -- age bands (completed years on the day) and the mean -----------------------------------------------
AGE_BANDS = (
    ("18_30", "Từ 18 đến 30 tuổi", 18, 30),
    ("31_35", "Từ 31 đến 35 tuổi", 31, 35),
    ("36_40", "Từ 36 đến 40 tuổi", 36, 40),
    ("41_45", "Từ 41 đến 45 tuổi", 41, 45),
    ("46_50", "Từ 46 đến 50 tuổi", 46, 50),
    ("51_55", "Từ 51 đến 55 tuổi", 51, 55),
    ("56_60", "Từ 56 đến 60 tuổi", 56, 60),
    ("over_60", "Trên 60 tuổi", 61, 200),
)
MEAN_AGE = "Tuổi bình quân"

# -- general education ---------------------------------------------------------------------------------
EDUCATION = (
    Row(GeneralEducation.LITERATE.value, "-", "Biết đọc, biết viết chữ quốc ngữ"),
    Row(GeneralEducation.PRIMARY.value, "-", "Tiểu học"),
    Row(GeneralEducation.LOWER_SECONDARY.value, "-", "Trung học cơ sở"),
    Row(GeneralEducation.UPPER_SECONDARY.value, "-", "Trung học phổ thông"),
)

# -- professional level, highest degree first when a person has one ------------------------------------
PROFESSIONAL = (
    Row("elementary", "-", "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp"),
    Row("intermediate", "-", "Trung cấp"),
    Row("college", "-", "Cao đẳng"),
    Row("university", "-", "Đại học"),
    Row("master", "-", "Thạc sĩ"),
    Row("doctor", "-", "Tiến sĩ"),
)
# The academic title and degree field ("học hàm, học vị") carries the master's and the doctor's
# degree, which outrank the professional level; the professional level field the rest.
DEGREE_RULES = ((r"\b(tien si|ts|tskh)\b", "doctor"), (r"\b(thac si|ths)\b", "master"))
PROFESSIONAL_RULES = (
    (r"\b(tien si|ts)\b", "doctor"),
    (r"\b(thac si|ths)\b", "master"),
    (r"dai hoc|cu nhan|ky su|bac si|kien truc su|duoc si dai hoc", "university"),
    (r"cao dang", "college"),
    (r"trung cap|trung hoc chuyen nghiep", "intermediate"),
    (r"so cap|cong nhan ky thuat|nhan vien nghiep vu|cnkt", "elementary"),
)

# -- academic titles -----------------------------------------------------------------------------------
TITLES = (Row("associate_professor", "-", "Phó giáo sư"), Row("professor", "-", "Giáo sư"))
TITLE_RULES = ((r"pho giao su|\bpgs\b", "associate_professor"), (r"giao su|\bgs\b", "professor"))

# -- political theory ----------------------------------------------------------------------------------
THEORY = (
    Row("basic", "-", "Sơ cấp"),
    Row("intermediate", "-", "Trung cấp"),
    Row("advanced", "-", "Cao cấp, cử nhân"),
)
THEORY_RULES = ((r"cao cap|cu nhan", "advanced"), (r"trung cap", "intermediate"), (r"so cap", "basic"))


@functools.lru_cache(maxsize=4096)  # a province's forms ask it of 35.000 people, with a few hundred values
def place(value: str, rules: Sequence[tuple[str, str]]) -> str | None:
    """The row of a stored value by the first rule whose pattern its folded words contain; None."""
    folded = fold_vi(value)
    return next((row for pattern, row in rules if re.search(pattern, folded)), None)


def professional_row(level: str, title: str) -> str | None:
    """The professional level's row: a master's or doctor's degree recorded as the academic title
    outranks the professional level."""
    return (
        place(title, DEGREE_RULES)
        if title and place(title, DEGREE_RULES)
        else place(level, PROFESSIONAL_RULES)
    )


# -- ethnicity and religion (forms 4 and 2B) -----------------------------------------------------------

# The 54 ethnic groups of Vietnam in the order of the General Statistics Office's list (Danh mục
# các dân tộc Việt Nam, Quyết định 121-TCTK/PPCĐ of 02/03/1979; codes 01–54), Kinh first.
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Hoa", "Khmer", "Mường", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ngái", "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
    "Ra Glai", "Xtiêng", "Bru - Vân Kiều", "Thổ", "Giáy", "Cơ Tu", "Giẻ Triêng", "Mạ", "Khơ Mú", "Co",
    "Tà Ôi", "Chơ Ro", "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "La Ha", "Phù Lá",
    "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La",
    "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
)  # fmt: skip
OTHER_ETHNICITY = "Dân tộc khác"
FOREIGN_ORIGIN = "Q.tịch gốc nước ngoài"
# Other spellings officers use, folded and without spaces or hyphens.
ETHNIC_ALIASES = {
    "hmong": "Mông", "hmông": "Mông", "khome": "Khmer", "khơme": "Khmer", "giarai": "Gia Rai",
    "ede": "Ê Đê", "bana": "Ba Na", "xodang": "Xơ Đăng", "coho": "Cơ Ho", "raglai": "Ra Glai",
    "bru": "Bru - Vân Kiều", "vankieu": "Bru - Vân Kiều", "gietrieng": "Giẻ Triêng", "colao": "Cơ Lao",
    "paythen": "Pà Thẻn", "ladu": "Ơ Đu", "odu": "Ơ Đu", "romam": "Rơ Măm",
}  # fmt: skip
# The religions of form 4, in order [P: the reconstruction lists "the religions"; these are the
# faiths with the most followers, and "Tôn giáo khác" for the rest].
RELIGIONS = (
    "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo", "Tôn giáo khác",
)  # fmt: skip
RELIGION_RULES = (
    (r"hoa hao", "Phật giáo Hòa Hảo"),
    (r"phat|buddh", "Phật giáo"),
    (r"cong giao|thien chua|catholic", "Công giáo"),
    (r"tin lanh|protestant", "Tin lành"),
    (r"cao dai", "Cao Đài"),
    (r"hoi giao|islam", "Hồi giáo"),
)
NO_RELIGION = frozenset({"", "khong"})


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold_vi(name))


ETHNIC_KEYS = {_key(name): name for name in ETHNIC_GROUPS} | {_key(k): v for k, v in ETHNIC_ALIASES.items()}


def ethnic_row(value: str) -> str | None:
    """The row of a recorded ethnicity: one of the 54 groups, "Q.tịch gốc nước ngoài" for a member
    of foreign origin, "Dân tộc khác" for another group named; None when not recorded."""
    if not value.strip():
        return None
    folded = fold_vi(value)
    if "nuoc ngoai" in folded or "quoc tich" in folded:
        return FOREIGN_ORIGIN
    return ETHNIC_KEYS.get(_key(value), OTHER_ETHNICITY)


def religion_row(value: str) -> str | None:
    """The row of a recorded religion; None for none ("" or "Không")."""
    if fold_vi(value).strip() in NO_RELIGION:
        return None
    return place(value, RELIGION_RULES) or "Tôn giáo khác"
