"""The documents the rules cite, as number + date + issuer (RULES.md §0: numbers restart every term)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.rules.base import Source


@dataclass(frozen=True)
class Document:
    """A governing document; :meth:`at` makes the :class:`Source` of one of its sections."""

    name: str
    signed_on: date | None
    issuer: str

    def at(self, section: str, rules_md: str) -> Source:
        return Source(self.name, self.signed_on, self.issuer, section=section, rules_md=rules_md)


_BCHTW = "Ban Chấp hành Trung ương"
_BBT = "Ban Bí thư"
_BCT = "Bộ Chính trị"

# The Charter was adopted by the 11th Congress in 01/2011 (RULES.md §0.1 gives the month); the day is
# the Congress's last, 19/01/2011, when it adopted the Charter [P]: not in RULES.md. A rule resting on
# it judges no history before that day (Rule.known_on): RULES.md lists no earlier Charter, although
# the 2006 one had the same three-member cell and the same admission age [U].
CHARTER = Document(
    "Điều lệ Đảng Cộng sản Việt Nam (Đại hội XI, 2011)",
    date(2011, 1, 19),
    "Đại hội đại biểu toàn quốc lần thứ XI",
)
QD_29 = Document("Quy định 29-QĐ/TW", date(2016, 7, 25), _BCHTW)
QD_24 = Document("Quy định 24-QĐ/TW", date(2021, 7, 30), _BCHTW)
QD_232 = Document("Quy định 232-QĐ/TW", date(2025, 1, 20), _BCHTW)
QD_294 = Document("Quy định 294-QĐ/TW", date(2025, 5, 26), _BCHTW)  # in force from 01/07/2025
HD_01_2016 = Document("Hướng dẫn 01-HD/TW", date(2016, 9, 20), _BBT)
HD_01_2021 = Document("Hướng dẫn 01-HD/TW", date(2021, 9, 28), _BBT)

# [P] secondary sources RULES.md relies on where no central text was retrieved.
LUATMINHKHUE_BADGES = Document(
    "luatminhkhue.vn: Hồ sơ xét tặng Huy hiệu Đảng (nguồn thứ cấp)", None, "Luật Minh Khuê"
)
BINH_THUAN_HANDBOOK = Document(
    "Sổ tay đảng viên, Đảng bộ Khối tỉnh Bình Thuận (nguồn thứ cấp)", None, "Đảng ủy Khối tỉnh Bình Thuận"
)
THINHVUONG_ORGANIZATION = Document(
    "thinhvuongvietnam.com: Tổ chức cơ sở đảng (nguồn thứ cấp)", None, "thinhvuongvietnam.com"
)

# Recruitment pipeline (RULES.md §2.2): the course programme, and [P] secondary sources.
HD_61_BTGTW = Document("Hướng dẫn 61-HD/BTGTW", date(2022, 6, 16), "Ban Tuyên giáo Trung ương")
LSX_CERTIFICATE = Document(
    "lsx.vn, ezlearning.edu.vn: Thời hạn giấy chứng nhận cảm tình Đảng (nguồn thứ cấp)", None, "lsx.vn"
)
LUATDUONGGIA_FILE = Document(
    "luatduonggia.vn: Thời hạn hồ sơ đề nghị kết nạp (nguồn thứ cấp)", None, "Luật Dương Gia"
)
HPU2_PIPELINE = Document(
    "hpu2.edu.vn: Quy trình xét kết nạp Đảng (thực tiễn cơ sở, nguồn thứ cấp)",
    None,
    "Đảng ủy Trường ĐHSP Hà Nội 2",
)

# Congresses and committees (RULES.md §1.3–1.5): the 2025 restructuring guidance and the [P] source of
# the 2020 congress round.
HD_31_BTCTW = Document("Hướng dẫn 31-HD/BTCTW", date(2025, 4, 23), "Ban Tổ chức Trung ương")
TVS_CONGRESS_2020 = Document(
    "tvs.vuc.vn: Chuẩn bị thật tốt đại hội đảng bộ các cấp (sách điện tử, nguồn thứ cấp)", None, "tvs.vuc.vn"
)

# Cell meetings and residence ties (RULES.md §5, §2.13).
HD_42_2025 = Document("Hướng dẫn 42-HD/BTCTW", date(2025, 10, 28), "Ban Tổ chức Trung ương")
QD_213 = Document("Quy định 213-QĐ/TW", date(2020, 1, 2), "Bộ Chính trị")
HD_33_2020 = Document("Hướng dẫn 33-HD/BTCTW", date(2020, 10, 30), "Ban Tổ chức Trung ương")
HOABINH_THEMATIC = Document(
    "mnhoabinhvb.haiphong.edu.vn: Sinh hoạt chi bộ chuyên đề (nguồn thứ cấp)",
    None,
    "Chi bộ trường MN Hòa Bình",
)

# Where RULES.md itself gives no document: interpretations of this project, tagged [U].
RULES_MD = Document("RULES.md (diễn giải của hệ thống, chưa có văn bản gốc)", None, "partyorg")

# Annual review and ratings (RULES.md §3), discipline (§2.10): the four rating regimes and their guidance.
HD_27_2014 = Document("Hướng dẫn 27-HD/BTCTW", date(2014, 9, 25), "Ban Tổ chức Trung ương")
QD_132 = Document("Quy định 132-QĐ/TW", date(2018, 3, 8), "Bộ Chính trị")
HD_16_2018 = Document("Hướng dẫn 16-HD/BTCTW", date(2018, 9, 24), "Ban Tổ chức Trung ương")
HD_21_2019 = Document("Hướng dẫn 21-HD/BTCTW", date(2019, 10, 18), "Ban Tổ chức Trung ương")
QD_124 = Document("Quy định 124-QĐ/TW", date(2023, 10, 4), "Bộ Chính trị")
QD_366 = Document("Quy định 366-QĐ/TW", date(2025, 8, 30), "Bộ Chính trị")
HD_43_2025 = Document("Hướng dẫn 43-HD/BTCTW", date(2025, 10, 31), "Ban Tổ chức Trung ương")
# Amended by QĐ 264-QĐ/TW (14/02/2025). Issued by the Politburo: RULES.md names no issuer, and its
# source (thuvienphapluat 41466) says "Ban Chấp hành Trung ương", but the regulation's own signature
# block ("T/M Bộ Chính trị", signed by the Standing member of the Secretariat) and the press of the day
# (Báo Gia Lai, Báo Khánh Hòa, 07/2022: "Bộ Chính trị ban hành Quy định số 69-QĐ/TW") name the
# Politburo, as does its replacing QĐ 102-QĐ/TW and QĐ 07-QĐi/TW "của Bộ Chính trị khóa XII" [P].
QD_69 = Document("Quy định 69-QĐ/TW", date(2022, 7, 6), _BCT)
# [P] sources of the rating and discipline pages: a third-party statistics form, the state mirror of
# QĐ 366 for civil servants, and a provincial newspaper's commentary on discipline votes.
FORM_6F_TEMPLATE = Document(
    "Mẫu thống kê 6F (mẫu biểu không chính thức: “Đảng viên mới kết nạp dưới 6 tháng”)", None, "nguồn thứ cấp"
)
ND_335_2025 = Document("Nghị định 335/2025/NĐ-CP (đánh giá công chức, nguồn đối chiếu)", None, "Chính phủ")
BAOLAMDONG_DISCIPLINE = Document(
    "baolamdong.vn: Tìm hiểu về hình thức kỷ luật, xóa tên đảng viên (bình luận, nguồn thứ cấp)",
    None,
    "Báo Lâm Đồng",
)
