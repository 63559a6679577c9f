"""Đảng bộ tỉnh Điện Biên: administrative units, hamlets and the party organization tree.

The districts and communes before 01/07/2025 and the 45 communes from that day are the real ones
(``data/dienbien_units.json``, see ``data/README.md``). Hamlets are generated: exactly 1.813 on
30/06/2017, as the seed article of 04/07/2017 says (``60/1813 bản``).

The tree on 30/06/2017 has exactly the seed's parts: 225 grassroots committees, 419 grassroots
cells and 2.601 cells under grassroots committees. (The article's "646 tổ chức cơ sở Đảng"
contradicts 225 + 419 = 644; we follow the parts.) Counted the way the statistics module counts
them (every organization under the provincial committee on the day):

* grassroots committees: 129 commune committees, 4 per district (government agencies, military,
  police, health centre), the education committee of Điện Biên Đông, and provincial committees
  under the blocs, as many as needed for 225;
* grassroots cells: 13 district agencies per district, the provincial cells of the blocs, and
  district schools (outside Điện Biên Đông), as many as needed for 419;
* cells: hamlet cells, three cells per commune (office, military, health station), the cells of the
  committees; the number of combined hamlet cells (*chi bộ ghép*, one cell for two hamlets) makes
  the total 2.601.

Điện Biên Đông's education sector ("toàn ngành có 56 chi bộ và 1 chi bộ ghép; 605 đảng viên",
Báo Điện Biên Phủ 26/01/2018) is modelled as one grassroots committee, *Đảng bộ Phòng Giáo dục và
Đào tạo huyện Điện Biên Đông*, with 56 cells (the Phòng's own and 55 schools') and one combined cell
of two kindergartens. [U] In reality the schools may be grassroots cells under the district
committee; one committee makes the sector one organization a report can be asked about.

[U] Simplifications: the 2024 legacy units stand for the whole of 2010–2025 (Nậm Pồ was in fact
split from Mường Nhé in 2012, and a few communes were split or renamed); organizations standing in
2010 are founded on ``EPOCH``, so that members admitted long before 2010 have an organization to be
admitted into. On 01/07/2025 (one RESTRUCTURED change): district committees and the 129 commune
committees end, 45 commune committees (OrgKind.COMMUNE) are founded under the province, every cell
of an old commune committee becomes a grassroots cell of the new one, district-level organizations
go under the commune committee of the district seat (military and police: the provincial
military and police committees).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from partyorg.core.interchange import Record
from partyorg.generator.province import TZ
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import LocalityKind, OrgChangeKind, OrgKind, OrgSector

DATA = Path(__file__).parent / "data" / "dienbien_units.json"
PROVINCE_CODE = "11"
PROVINCE_NAME = "Điện Biên"
PROVINCE_COMMITTEE = "Ban Thường vụ Tỉnh ủy Điện Biên"
ORG_COMMISSION = "Ban Tổ chức Tỉnh ủy Điện Biên"
RECORDED_BY = "bantochuc.dienbien"
EPOCH = date(1949, 1, 1)
START = date(2010, 1, 1)
UNTIL = date(2026, 6, 30)
REFORM = date(2025, 7, 1)
DAY = timedelta(days=1)

HAMLETS = 1813
GRASSROOTS_COMMITTEES = 225
GRASSROOTS_CELLS = 419
CELLS = 2601
ON = date(2017, 6, 30)  # the day the organization counts hold

NAM_PO, MUONG_NHE, DIEN_BIEN_DONG = "103", "096", "101"
# Hamlets without members on 31/12/2016 by district, and how many of them get their first member
# in the first half of 2017 (04/07/2017: "giảm từ 60/1813 bản xuống còn 51/1813 bản"; Nậm Pồ
# "xóa 5 bản trắng", Mường Nhé "xóa 1 bản trắng"). Điện Biên Đông clears its last one in the second
# half of 2017 (26/01/2018: "Đảng bộ huyện không còn bản chưa có đảng viên").
WHITE_2016 = {"103": 22, "096": 18, "097": 8, "098": 6, "101": 2, "100": 2, "099": 2}
CLEARED_H1_2017 = {"103": 5, "096": 1, "097": 1, "098": 1, "101": 1}
STILL_WHITE_IN_2026 = 6  # the others get their first member between 07/2017 and 2023

# The district seat: its 2025 commune receives the district-level organizations.
SEAT_2025 = {
    "094": "03127",
    "095": "03151",
    "096": "03160",
    "097": "03172",
    "098": "03217",
    "099": "03253",
    "100": "03334",
    "101": "03203",
    "102": "03256",
    "103": "03169",
}
# Ethnic mix of a district's rural population (people living in its hamlets).
DISTRICT_PROFILE = {
    "094": "city",
    "095": "thai",
    "096": "mong_south",
    "097": "mong",
    "098": "mong",
    "099": "thai",
    "100": "thai_valley",
    "101": "mong",
    "102": "thai",
    "103": "mong",
}
PROFILES: dict[str, tuple[tuple[str, float], ...]] = {
    "city": (("Kinh", 55), ("Thái", 34), ("Mông", 5), ("Tày", 2), ("Mường", 2), ("Khơ Mú", 1), ("Lào", 1)),
    "thai": (("Thái", 66), ("Mông", 18), ("Kinh", 8), ("Khơ Mú", 6), ("Dao", 1), ("Lào", 1)),
    "thai_valley": (("Thái", 62), ("Kinh", 18), ("Mông", 10), ("Lào", 5), ("Khơ Mú", 4), ("Tày", 1)),
    "mong": (("Mông", 74), ("Thái", 13), ("Kinh", 4), ("Khơ Mú", 5), ("Dao", 3), ("Xinh Mun", 1)),
    "mong_south": (("Mông", 64), ("Hà Nhì", 9), ("Thái", 9), ("Kinh", 5), ("Dao", 8), ("Khơ Mú", 5)),
    "district_agency": (("Kinh", 30), ("Thái", 42), ("Mông", 22), ("Khơ Mú", 3), ("Tày", 2), ("Dao", 1)),
    "province_agency": (("Kinh", 46), ("Thái", 36), ("Mông", 12), ("Tày", 3), ("Mường", 2), ("Khơ Mú", 1)),
    "forces": (("Kinh", 42), ("Thái", 34), ("Mông", 18), ("Tày", 2), ("Mường", 2), ("Khơ Mú", 2)),
}

_THAI_FIRST = (
    "Na",
    "Nà",
    "Huổi",
    "Nậm",
    "Co",
    "Pá",
    "Phiêng",
    "Noong",
    "Hua",
    "Pom",
    "Xôm",
    "Bó",
    "Lọng",
    "Púng",
    "Hát",
    "Món",
    "Tin",
    "Ten",
    "Kéo",
    "Hin",
    "Bua",
    "Nghịu",
    "Tọ",
    "Khá",
    "Mển",
)
_THAI_SECOND = (
    "Sang",
    "Hẹ",
    "Cang",
    "Nưa",
    "Lếch",
    "Lay",
    "Pết",
    "Hịa",
    "Khoang",
    "Lót",
    "Luông",
    "Mạ",
    "Ún",
    "Pao",
    "Tâu",
    "Chăn",
    "Xa",
    "Hỏm",
    "Ló",
    "Cọ",
    "Đắng",
    "Hon",
    "Luống",
    "Phung",
    "Muông",
    "Sản",
    "Tấu",
    "Ten",
    "Pục",
    "Lịch",
)
_MONG_FIRST = (
    "Háng",
    "Sín",
    "Tả",
    "Pú",
    "Sình",
    "Trống",
    "Lồng",
    "Phì",
    "Dề",
    "Ma",
    "Tìa",
    "Pắc",
    "Làng",
    "Xá",
    "Chua",
    "Phình",
    "Huổi",
    "Nậm",
    "Giàng",
    "Thào",
    "Lù",
    "Sư",
    "Xí",
    "Pa",
)
_MONG_SECOND = (
    "Chua",
    "Lìa",
    "Sung",
    "Dình",
    "Phàng",
    "Giàng",
    "Sang",
    "Sáng",
    "Lụ",
    "Thàng",
    "Vư",
    "Chá",
    "Cáy",
    "Há",
    "Chớ",
    "Khua",
    "Pao",
    "Hồ",
    "Nhè",
    "Chải",
    "Tinh",
    "Dao",
    "Phìn",
    "Sa",
    "Sủ",
    "Lừ",
    "Mý",
)


@dataclass(eq=False)
class Place:
    code: str
    name: str
    kind: str
    valid_from: date | None = None
    valid_until: date | None = None
    ethnic: bool = True
    links: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    district: str = ""  # legacy district code (hamlets, communes)
    commune: Place | None = None  # a hamlet's legacy commune
    white_until: date | None = None  # a hamlet without members until this day (None: never white)
    profile: str = ""


@dataclass(eq=False)
class State:
    name: str
    kind: str
    parent: Org | None
    sector: str = ""
    locality: str = ""
    combined: bool = False


@dataclass(eq=False)
class Org:
    code: str
    state: State
    founded: date = EPOCH
    after: State | None = None  # its state from REFORM, when the reform changes it
    ends: date | None = None
    successor: Org | None = None
    weight: float = 0.0  # > 0: holds members; its share of them
    category: str = "agency"  # decides sex, occupation and education shares
    profile: str = "province_agency"
    district: str = ""  # legacy district code, "" for provincial organizations
    homes: tuple[Place, ...] = ()  # the hamlets a residential cell serves
    commune: Place | None = None
    committee: str = ""  # who decides (standing committee of the nearest district/bloc/commune)
    committee_after: str = ""
    suffix: str = "HU"

    @property
    def name(self) -> str:
        return self.state.name

    def exists(self, day: date) -> bool:
        return self.founded <= day and (self.ends is None or day < self.ends)

    def state_on(self, day: date) -> State:
        return self.after if self.after is not None and day >= REFORM else self.state


@dataclass
class District:
    place: Place
    org: Org
    short: str  # "Điện Biên Đông"
    label: str  # "huyện", "thành phố", "thị xã"
    communes: list[Commune] = field(default_factory=list)


@dataclass
class Commune:
    place: Place
    org: Org
    short: str
    word: str  # "xã", "phường", "thị trấn"
    hamlets: list[Place] = field(default_factory=list)


_GCOM, _GCELL, _CELL = OrgKind.GRASSROOTS_COMMITTEE.value, OrgKind.GRASSROOTS_CELL.value, OrgKind.CELL.value
S = OrgSector

# Per district: grassroots committees (name, sector, category, cells) ...
_DISTRICT_COMMITTEES: tuple[tuple[str, OrgSector, str, tuple[str, ...]], ...] = (
    (
        "Đảng bộ Cơ quan chính quyền {unit}",
        S.STATE_AGENCY,
        "agency",
        (
            "Chi bộ Văn phòng HĐND và UBND",
            "Chi bộ Phòng Tài chính – Kế hoạch",
            "Chi bộ Phòng Nội vụ",
            "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
            "Chi bộ Phòng Lao động – Thương binh và Xã hội",
            "Chi bộ Phòng Tài nguyên và Môi trường",
            "Chi bộ Phòng Văn hóa và Thông tin",
            "Chi bộ Phòng Y tế",
            "Chi bộ Phòng Tư pháp",
            "Chi bộ Phòng Kinh tế và Hạ tầng",
            "Chi bộ Phòng Dân tộc",
        ),
    ),
    (
        "Đảng bộ Quân sự {unit}",
        S.ARMY,
        "military",
        ("Chi bộ Cơ quan Ban Chỉ huy", "Chi bộ Trung đội Cơ động", "Chi bộ Kho vũ khí"),
    ),
    (
        "Đảng bộ Công an {unit}",
        S.POLICE,
        "police",
        (
            "Chi bộ Tham mưu – Tổng hợp",
            "Chi bộ An ninh",
            "Chi bộ Cảnh sát hình sự",
            "Chi bộ Cảnh sát giao thông",
            "Chi bộ Cảnh sát quản lý hành chính",
            "Chi bộ Cơ quan Cảnh sát điều tra",
        ),
    ),
    (
        "Đảng bộ Trung tâm Y tế {unit}",
        S.PUBLIC_SERVICE,
        "health",
        (
            "Chi bộ Khối Hành chính",
            "Chi bộ Khoa Khám bệnh – Cấp cứu",
            "Chi bộ Khoa Nội – Nhi",
            "Chi bộ Khoa Ngoại – Sản",
            "Chi bộ Khoa Dược – Cận lâm sàng",
            "Chi bộ Phòng khám đa khoa khu vực",
        ),
    ),
)
# ... and grassroots cells (name, sector, category).
_DISTRICT_CELLS: tuple[tuple[str, OrgSector, str], ...] = (
    ("Chi bộ Cơ quan {committee}", S.PARTY_AGENCY, "agency"),
    ("Chi bộ Khối Mặt trận Tổ quốc và các đoàn thể {unit}", S.PARTY_AGENCY, "agency"),
    ("Chi bộ Viện Kiểm sát nhân dân {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Tòa án nhân dân {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Chi cục Thi hành án dân sự {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Chi cục Thuế {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Kho bạc Nhà nước {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Bảo hiểm xã hội {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Hạt Kiểm lâm {unit}", S.STATE_AGENCY, "agency"),
    ("Chi bộ Trung tâm Văn hóa – Thể thao {unit}", S.PUBLIC_SERVICE, "agency"),
    (
        "Chi bộ Chi nhánh Ngân hàng Nông nghiệp và Phát triển nông thôn {unit}",
        S.STATE_ENTERPRISE,
        "enterprise",
    ),
    ("Chi bộ Trường Trung học phổ thông {short}", S.PUBLIC_SERVICE, "school"),
    ("Chi bộ Trường Phổ thông Dân tộc nội trú {unit}", S.PUBLIC_SERVICE, "school"),
)

_Unit = tuple[str, str, OrgSector, str, tuple[str, ...]]  # name, kind, sector, category, cells
_DEPTS = ("Chi bộ Văn phòng", "Chi bộ Phòng Kế hoạch – Tài chính", "Chi bộ Phòng Nghiệp vụ")
_BORDER_POSTS = (
    "A Pa Chải",
    "Sín Thầu",
    "Leng Su Sìn",
    "Chung Chải",
    "Mường Nhé",
    "Nậm Kè",
    "Si Pa Phìn",
    "Mường Pồn",
    "Mường Mươn",
    "Huổi Puốc",
    "Thanh Luông",
    "Tây Trang",
    "Nà Bủng",
    "Ma Thì Hồ",
    "Chiềng Sơ",
    "Mường Lói",
)
# Provincial blocs: (name, sector, category, profile, units). Grassroots committees come first in each
# bloc's list of units only as needed: the total of grassroots committees decides how many are kept.
_BLOCS: tuple[tuple[str, str, str, tuple[_Unit, ...]], ...] = (
    (
        "Đảng bộ Khối Dân chính Đảng tỉnh",
        "agency",
        "province_agency",
        (
            ("Chi bộ Ban Tổ chức Tỉnh ủy", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Ban Tuyên giáo Tỉnh ủy", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Cơ quan Ủy ban Kiểm tra Tỉnh ủy", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Ban Dân vận Tỉnh ủy", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Ban Nội chính Tỉnh ủy", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Báo Điện Biên Phủ", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Tỉnh đoàn", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Hội Liên hiệp Phụ nữ tỉnh", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Hội Nông dân tỉnh", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Hội Cựu chiến binh tỉnh", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Liên đoàn Lao động tỉnh", _GCELL, S.PARTY_AGENCY, "agency", ()),
            ("Chi bộ Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Tư pháp", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Nội vụ", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Tài chính", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Kế hoạch và Đầu tư", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Công Thương", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Xây dựng", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Khoa học và Công nghệ", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Sở Thông tin và Truyền thông", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Ban Dân tộc tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Thanh tra tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Cục Thống kê tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Kho bạc Nhà nước tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Bảo hiểm xã hội tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Tòa án nhân dân tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Viện Kiểm sát nhân dân tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Cục Thi hành án dân sự tỉnh", _GCELL, S.STATE_AGENCY, "agency", ()),
            ("Chi bộ Trường Chính trị tỉnh", _GCELL, S.PUBLIC_SERVICE, "school", ()),
            ("Chi bộ Đài Phát thanh và Truyền hình tỉnh", _GCELL, S.PUBLIC_SERVICE, "agency", ()),
            ("Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh", _GCELL, S.PUBLIC_SERVICE, "health", ()),
            (
                "Đảng bộ Văn phòng Tỉnh ủy",
                _GCOM,
                S.PARTY_AGENCY,
                "agency",
                (
                    "Chi bộ Phòng Tổng hợp",
                    "Chi bộ Phòng Hành chính – Lưu trữ",
                    "Chi bộ Phòng Tài chính – Đảng vụ",
                ),
            ),
            ("Đảng bộ Văn phòng UBND tỉnh", _GCOM, S.STATE_AGENCY, "agency", _DEPTS),
            (
                "Đảng bộ Sở Giáo dục và Đào tạo",
                _GCOM,
                S.STATE_AGENCY,
                "school",
                (
                    "Chi bộ Văn phòng Sở",
                    "Chi bộ Trường THPT Chuyên Lê Quý Đôn",
                    "Chi bộ Trường THPT Phan Đình Giót",
                    "Chi bộ Trường THPT Thành phố Điện Biên Phủ",
                    "Chi bộ Trung tâm Giáo dục thường xuyên tỉnh",
                ),
            ),
            (
                "Đảng bộ Bệnh viện Đa khoa tỉnh",
                _GCOM,
                S.PUBLIC_SERVICE,
                "health",
                (
                    "Chi bộ Khối Hành chính",
                    "Chi bộ Khoa Ngoại",
                    "Chi bộ Khoa Nội",
                    "Chi bộ Khoa Nhi",
                    "Chi bộ Khoa Sản",
                    "Chi bộ Khối Cận lâm sàng",
                ),
            ),
            (
                "Đảng bộ Sở Y tế",
                _GCOM,
                S.STATE_AGENCY,
                "health",
                (
                    "Chi bộ Văn phòng Sở",
                    "Chi bộ Bệnh viện Y học cổ truyền",
                    "Chi bộ Bệnh viện Phổi",
                    "Chi bộ Bệnh viện Tâm thần",
                ),
            ),
            (
                "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn",
                _GCOM,
                S.STATE_AGENCY,
                "agency",
                (
                    "Chi bộ Văn phòng Sở",
                    "Chi bộ Chi cục Kiểm lâm",
                    "Chi bộ Chi cục Thủy lợi",
                    "Chi bộ Chi cục Phát triển nông thôn",
                ),
            ),
            ("Đảng bộ Sở Giao thông vận tải", _GCOM, S.STATE_AGENCY, "agency", _DEPTS),
            (
                "Đảng bộ Sở Văn hóa, Thể thao và Du lịch",
                _GCOM,
                S.STATE_AGENCY,
                "agency",
                (
                    "Chi bộ Văn phòng Sở",
                    "Chi bộ Bảo tàng tỉnh",
                    "Chi bộ Đoàn Nghệ thuật tỉnh",
                    "Chi bộ Thư viện tỉnh",
                ),
            ),
            ("Đảng bộ Sở Tài nguyên và Môi trường", _GCOM, S.STATE_AGENCY, "agency", _DEPTS),
            ("Đảng bộ Sở Lao động – Thương binh và Xã hội", _GCOM, S.STATE_AGENCY, "agency", _DEPTS),
            (
                "Đảng bộ Cục Thuế tỉnh",
                _GCOM,
                S.STATE_AGENCY,
                "agency",
                ("Chi bộ Văn phòng Cục", "Chi bộ Phòng Kiểm tra thuế", "Chi bộ Phòng Tuyên truyền – Hỗ trợ"),
            ),
            (
                "Đảng bộ Trường Cao đẳng Sư phạm Điện Biên",
                _GCOM,
                S.PUBLIC_SERVICE,
                "school",
                ("Chi bộ Khoa Tự nhiên", "Chi bộ Khoa Xã hội", "Chi bộ Khối Phòng ban"),
            ),
            (
                "Đảng bộ Trường Cao đẳng Kinh tế – Kỹ thuật Điện Biên",
                _GCOM,
                S.PUBLIC_SERVICE,
                "school",
                ("Chi bộ Khoa Kinh tế", "Chi bộ Khoa Kỹ thuật", "Chi bộ Khối Phòng ban"),
            ),
            (
                "Đảng bộ Trường Cao đẳng Y tế Điện Biên",
                _GCOM,
                S.PUBLIC_SERVICE,
                "school",
                ("Chi bộ Khoa Điều dưỡng", "Chi bộ Khối Phòng ban"),
            ),
            (
                "Đảng bộ Ban Quản lý dự án các công trình xây dựng tỉnh",
                _GCOM,
                S.PUBLIC_SERVICE,
                "agency",
                _DEPTS,
            ),
            ("Đảng bộ Chi nhánh Ngân hàng Nhà nước tỉnh", _GCOM, S.STATE_AGENCY, "agency", _DEPTS),
        ),
    ),
    (
        "Đảng bộ Khối Doanh nghiệp tỉnh",
        "enterprise",
        "province_agency",
        (
            (
                "Chi bộ Công ty TNHH MTV Xổ số kiến thiết Điện Biên",
                _GCELL,
                S.STATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            (
                "Chi bộ Công ty cổ phần Môi trường và Đô thị Điện Biên",
                _GCELL,
                S.NONSTATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            (
                "Chi bộ Công ty cổ phần Sách và Thiết bị trường học",
                _GCELL,
                S.NONSTATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            ("Chi bộ Công ty TNHH MTV Quản lý thủy nông", _GCELL, S.STATE_ENTERPRISE, "enterprise", ()),
            (
                "Chi bộ Công ty cổ phần Quản lý và Xây dựng giao thông",
                _GCELL,
                S.NONSTATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            (
                "Chi bộ Ngân hàng TMCP Ngoại thương chi nhánh Điện Biên",
                _GCELL,
                S.STATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            (
                "Chi bộ Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Điện Biên",
                _GCELL,
                S.STATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            ("Chi bộ Công ty cổ phần Xây dựng Điện Biên", _GCELL, S.NONSTATE_ENTERPRISE, "enterprise", ()),
            ("Chi bộ Công ty cổ phần Cao su Điện Biên", _GCELL, S.NONSTATE_ENTERPRISE, "enterprise", ()),
            ("Chi bộ Công ty Xăng dầu Điện Biên", _GCELL, S.STATE_ENTERPRISE, "enterprise", ()),
            (
                "Chi bộ Ngân hàng Chính sách xã hội chi nhánh Điện Biên",
                _GCELL,
                S.STATE_ENTERPRISE,
                "enterprise",
                (),
            ),
            ("Chi bộ Công ty cổ phần Thủy điện Thác Trắng", _GCELL, S.NONSTATE_ENTERPRISE, "enterprise", ()),
            ("Chi bộ Công ty cổ phần Vận tải Điện Biên", _GCELL, S.NONSTATE_ENTERPRISE, "enterprise", ()),
            (
                "Đảng bộ Công ty Điện lực Điện Biên",
                _GCOM,
                S.STATE_ENTERPRISE,
                "enterprise",
                (
                    "Chi bộ Văn phòng Công ty",
                    "Chi bộ Phòng Kỹ thuật",
                    "Chi bộ Điện lực Thành phố",
                    "Chi bộ Điện lực Tuần Giáo",
                    "Chi bộ Điện lực Mường Chà",
                ),
            ),
            (
                "Đảng bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh",
                _GCOM,
                S.STATE_ENTERPRISE,
                "enterprise",
                ("Chi bộ Hội sở tỉnh", "Chi bộ Phòng Giao dịch Him Lam", "Chi bộ Phòng Kế toán – Ngân quỹ"),
            ),
            (
                "Đảng bộ Viễn thông Điện Biên",
                _GCOM,
                S.STATE_ENTERPRISE,
                "enterprise",
                ("Chi bộ Văn phòng", "Chi bộ Trung tâm Điều hành thông tin", "Chi bộ Trung tâm Kinh doanh"),
            ),
            (
                "Đảng bộ Bưu điện tỉnh",
                _GCOM,
                S.STATE_ENTERPRISE,
                "enterprise",
                ("Chi bộ Văn phòng", "Chi bộ Bưu điện Thành phố", "Chi bộ Trung tâm Khai thác – Vận chuyển"),
            ),
            (
                "Đảng bộ Công ty cổ phần Cấp nước Điện Biên",
                _GCOM,
                S.NONSTATE_ENTERPRISE,
                "enterprise",
                ("Chi bộ Văn phòng", "Chi bộ Xí nghiệp Nước Thành phố", "Chi bộ Xí nghiệp Nước Tuần Giáo"),
            ),
            (
                "Đảng bộ Ngân hàng TMCP Công thương chi nhánh Điện Biên",
                _GCOM,
                S.STATE_ENTERPRISE,
                "enterprise",
                ("Chi bộ Phòng Khách hàng", "Chi bộ Phòng Tổng hợp"),
            ),
        ),
    ),
    (
        "Đảng bộ Quân sự tỉnh",
        "military",
        "forces",
        (
            ("Chi bộ Đại đội Trinh sát", _GCELL, S.ARMY, "military", ()),
            ("Chi bộ Đại đội Công binh", _GCELL, S.ARMY, "military", ()),
            ("Chi bộ Kho Kỹ thuật", _GCELL, S.ARMY, "military", ()),
            (
                "Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh",
                _GCOM,
                S.ARMY,
                "military",
                (
                    "Chi bộ Phòng Tham mưu",
                    "Chi bộ Phòng Chính trị",
                    "Chi bộ Phòng Hậu cần",
                    "Chi bộ Phòng Kỹ thuật",
                ),
            ),
            (
                "Đảng bộ Trung đoàn 741",
                _GCOM,
                S.ARMY,
                "military",
                (
                    "Chi bộ Cơ quan Trung đoàn",
                    "Chi bộ Tiểu đoàn 1",
                    "Chi bộ Tiểu đoàn 2",
                    "Chi bộ Tiểu đoàn 3",
                    "Chi bộ Đại đội Thông tin",
                    "Chi bộ Đại đội Pháo binh",
                ),
            ),
            (
                "Đảng bộ Trường Quân sự tỉnh",
                _GCOM,
                S.ARMY,
                "military",
                ("Chi bộ Khoa Chiến thuật", "Chi bộ Khoa Chính trị", "Chi bộ Khối Phòng ban"),
            ),
            (
                "Đảng bộ Đoàn Kinh tế – Quốc phòng 379",
                _GCOM,
                S.ARMY,
                "military",
                (
                    "Chi bộ Cơ quan Đoàn",
                    "Chi bộ Đội Sản xuất 1",
                    "Chi bộ Đội Sản xuất 2",
                    "Chi bộ Đội Sản xuất 3",
                ),
            ),
        ),
    ),
    (
        "Đảng bộ Công an tỉnh",
        "police",
        "forces",
        (
            ("Chi bộ Phòng Hậu cần", _GCELL, S.POLICE, "police", ()),
            ("Chi bộ Phòng Hồ sơ", _GCELL, S.POLICE, "police", ()),
            ("Chi bộ Phòng Công tác Đảng và Công tác chính trị", _GCELL, S.POLICE, "police", ()),
            ("Chi bộ Phòng Kỹ thuật hình sự", _GCELL, S.POLICE, "police", ()),
            ("Chi bộ Phòng Quản lý xuất nhập cảnh", _GCELL, S.POLICE, "police", ()),
            (
                "Đảng bộ Phòng Tham mưu",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội Tổng hợp", "Chi bộ Đội Pháp chế"),
            ),
            (
                "Đảng bộ Phòng An ninh chính trị nội bộ",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội 1", "Chi bộ Đội 2"),
            ),
            ("Đảng bộ Phòng An ninh kinh tế", _GCOM, S.POLICE, "police", ("Chi bộ Đội 1", "Chi bộ Đội 2")),
            (
                "Đảng bộ Phòng Cảnh sát hình sự",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội 1", "Chi bộ Đội 2", "Chi bộ Đội 3"),
            ),
            (
                "Đảng bộ Phòng Cảnh sát điều tra tội phạm về ma túy",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội 1", "Chi bộ Đội 2", "Chi bộ Đội 3"),
            ),
            (
                "Đảng bộ Phòng Cảnh sát giao thông",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội Tuần tra", "Chi bộ Đội Đăng ký xe", "Chi bộ Trạm Tuần Giáo"),
            ),
            (
                "Đảng bộ Phòng Cảnh sát cơ động",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đại đội 1", "Chi bộ Đại đội 2", "Chi bộ Đại đội 3"),
            ),
            (
                "Đảng bộ Phòng Cảnh sát phòng cháy chữa cháy",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội Chữa cháy", "Chi bộ Đội Tham mưu"),
            ),
            (
                "Đảng bộ Trại tạm giam",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Phân trại 1", "Chi bộ Phân trại 2"),
            ),
            (
                "Đảng bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội 1", "Chi bộ Đội 2"),
            ),
            ("Đảng bộ Phòng Cảnh sát kinh tế", _GCOM, S.POLICE, "police", ("Chi bộ Đội 1", "Chi bộ Đội 2")),
            (
                "Đảng bộ Phòng Cảnh sát môi trường",
                _GCOM,
                S.POLICE,
                "police",
                ("Chi bộ Đội 1", "Chi bộ Đội 2"),
            ),
            ("Đảng bộ Phòng An ninh đối ngoại", _GCOM, S.POLICE, "police", ("Chi bộ Đội 1", "Chi bộ Đội 2")),
        ),
    ),
    (
        "Đảng bộ Bộ đội Biên phòng tỉnh",
        "military",
        "forces",
        (
            ("Chi bộ Đội Đặc nhiệm phòng, chống ma túy và tội phạm", _GCELL, S.ARMY, "military", ()),
            ("Chi bộ Hải đội", _GCELL, S.ARMY, "military", ()),
            (
                "Đảng bộ Cơ quan Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                _GCOM,
                S.ARMY,
                "military",
                (
                    "Chi bộ Phòng Tham mưu",
                    "Chi bộ Phòng Chính trị",
                    "Chi bộ Phòng Hậu cần – Kỹ thuật",
                    "Chi bộ Phòng Phòng chống ma túy",
                ),
            ),
            *(
                (
                    f"Đảng bộ Đồn Biên phòng {post}",
                    _GCOM,
                    S.ARMY,
                    "military",
                    (
                        "Chi bộ Chỉ huy",
                        "Chi bộ Đội Vận động quần chúng",
                        "Chi bộ Đội Tuần tra",
                        "Chi bộ Trạm Kiểm soát Biên phòng",
                    ),
                )
                for post in _BORDER_POSTS
            ),
        ),
    ),
)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += DAY
    return day


def recorded_at(rng: random.Random, day: date) -> datetime:
    """When a record of ``day`` was entered: that day at 09:00 (+07:00), up to 20 days later."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=TZ) + timedelta(days=rng.randint(0, 20))


def load_units() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _short(name: str) -> tuple[str, str]:
    """ "Huyện Điện Biên Đông" → ("huyện", "Điện Biên Đông"); "Thị Xã Mường Lay" → ("thị xã", …)."""
    lowered = name[0].lower() + name[1:]
    for word in ("thành phố", "thị xã", "huyện", "thị trấn", "phường", "xã"):
        if lowered.lower().startswith(word + " "):
            return word, name[len(word) + 1 :]
    raise ValueError(name)


@dataclass
class _Change:
    uid: str
    kind: str
    effective_on: date
    basis: tuple[str, date, str]
    note: str = ""
    items: list[OrgChangeItemRecord] = field(default_factory=list)


class Structure:
    """Localities, the organization tree and its change log. Deterministic for a given rng."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.units = load_units()
        self.places: list[Place] = []
        self.orgs: list[Org] = []
        self.changes: list[_Change] = []
        self.districts: list[District] = []
        self.blocs: dict[str, Org] = {}
        self.new_communes: dict[str, tuple[Place, Org]] = {}
        self._serial = 0
        self._build()

    # -- helpers ----------------------------------------------------------------------------------
    def _uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _org(self, prefix: str, state: State, **kwargs: Any) -> Org:
        self._serial += 1
        org = Org(f"{prefix}{self._serial:05d}", state, **kwargs)
        self.orgs.append(org)
        return org

    def holders(self) -> list[Org]:
        return [o for o in self.orgs if o.weight > 0]

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        province = Place(
            PROVINCE_CODE, self.units["province"]["name"], LocalityKind.PROVINCE.value, ethnic=True
        )
        self.places.append(province)
        self.root = self._org(
            "T",
            State(f"Đảng bộ tỉnh {PROVINCE_NAME}", OrgKind.PROVINCE.value, None, locality=PROVINCE_CODE),
            committee=PROVINCE_COMMITTEE,
            suffix="TU",
        )
        self._build_blocs_first()
        self._build_districts()
        self._fit_counts()
        self._build_2025_communes()
        self._restructure()
        self._found_all()
        self.changes.sort(key=lambda change: change.effective_on)

    def _build_blocs_first(self) -> None:
        for name, category, profile, _units in _BLOCS:
            suffix = "ĐUK" if "Khối" in name else "ĐU"
            self.blocs[name] = self._org(
                "K",
                State(name, OrgKind.BLOC.value, self.root, "", PROVINCE_CODE),
                committee=f"Ban Thường vụ {name.replace('Đảng bộ', 'Đảng ủy', 1)}",
                suffix=suffix,
                category=category,
                profile=profile,
            )
        self.bloc_military = self.blocs["Đảng bộ Quân sự tỉnh"]
        self.bloc_police = self.blocs["Đảng bộ Công an tỉnh"]

    def _build_districts(self) -> None:
        rng = self.rng
        communes_by_district: dict[str, list[dict[str, str]]] = {}
        for commune in self.units["communes"]:
            communes_by_district.setdefault(commune["district"], []).append(commune)
        # Hamlets per commune: wards and townships have tổ dân phố, communes bản; 1.813 in all.
        raw: dict[str, int] = {}
        for commune in self.units["communes"]:
            urban = commune["type"] in ("Phường", "Thị trấn")
            raw[commune["code"]] = rng.randint(9, 18) if urban else rng.randint(9, 19)
        codes = sorted(raw)
        while sum(raw.values()) != HAMLETS:
            code = codes[rng.randrange(len(codes))]
            raw[code] += 1 if sum(raw.values()) < HAMLETS else -1
        for d in self.units["districts"]:
            label, short = _short(d["name"])
            label = "thị xã" if label == "thị xã" else label
            name = f"{label.capitalize()} {short}"
            place = Place(
                d["code"], name, LocalityKind.DISTRICT.value, valid_until=REFORM, district=d["code"]
            )
            place.links.append((PROVINCE_CODE, None, REFORM))
            self.places.append(place)
            word = {"thành phố": "Thành ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy"}[label]
            org = self._org(
                "H",
                State(f"Đảng bộ {label} {short}", OrgKind.DISTRICT.value, self.root, locality=d["code"]),
                committee=f"Ban Thường vụ {word} {short}",
                suffix="HU" if label == "huyện" else "ThU",
                district=d["code"],
            )
            district = District(place, org, short, label)
            self.districts.append(district)
            for c in communes_by_district[d["code"]]:
                district.communes.append(self._build_commune(district, c, raw[c["code"]]))
            self._build_district_units(district, word)

    def _build_commune(self, district: District, c: dict[str, str], hamlets: int) -> Commune:
        rng = self.rng
        word, short = _short(c["name"])
        place = Place(
            c["code"], c["name"], LocalityKind.COMMUNE.value, valid_until=REFORM, district=district.place.code
        )
        place.links.append((district.place.code, None, REFORM))
        self.places.append(place)
        sector = {"phường": S.WARD, "thị trấn": S.TOWNSHIP}.get(word, S.COMMUNE).value
        org = self._org(
            "X",
            State(f"Đảng bộ {word} {short}", _GCOM, district.org, sector, c["code"]),
            committee=f"Ban Thường vụ Đảng ủy {word} {short}",
            suffix="ĐU",
            district=district.place.code,
        )
        commune = Commune(place, org, short, word)
        profile = DISTRICT_PROFILE[district.place.code]
        urban = word in ("phường", "thị trấn")
        mong = (profile.startswith("mong") and rng.random() < 0.8) or (
            profile.startswith("thai") and rng.random() < 0.2
        )
        first, second = (_MONG_FIRST, _MONG_SECOND) if mong else (_THAI_FIRST, _THAI_SECOND)
        used: set[str] = set()
        for j in range(1, hamlets + 1):
            if urban:
                name = f"Tổ dân phố {j}"
            else:
                base = ""
                while not base or base in used:
                    a, b = first[rng.randrange(len(first))], second[rng.randrange(len(second))]
                    base = f"{a} {b}" if rng.random() < 0.9 else f"{a} {b} {rng.randint(1, 3)}"
                used.add(base)
                name = f"Bản {base}"
            hamlet = Place(
                f"{c['code']}{j:03d}",
                name,
                LocalityKind.HAMLET.value,
                district=district.place.code,
                commune=place,
                profile="city" if urban and district.place.code == "094" else profile,
            )
            hamlet.links.append((c["code"], None, None))  # moved to the 2025 commune later
            commune.hamlets.append(hamlet)
            self.places.append(hamlet)
        return commune

    def _build_district_units(self, district: District, word: str) -> None:
        code = district.place.code
        unit = f"{district.label} {district.short}"
        for name, sector, category, cells in _DISTRICT_COMMITTEES:
            committee = self._org(
                "D",
                State(name.format(unit=unit), _GCOM, district.org, sector.value, code),
                category=category,
                district=code,
            )
            for cell in cells:
                self._org(
                    "C",
                    State(cell, _CELL, committee),
                    weight=7.0,
                    category=category,
                    profile="district_agency",
                    district=code,
                )
        for name, sector, category in _DISTRICT_CELLS:
            self._org(
                "D",
                State(
                    name.format(unit=unit, short=district.short, committee=f"{word} {district.short}"),
                    _GCELL,
                    district.org,
                    sector.value,
                    code,
                ),
                weight=10.0,
                category=category,
                profile="district_agency",
                district=code,
            )
        if code == DIEN_BIEN_DONG:
            self._build_education(district)

    def _build_education(self, district: District) -> None:
        """Điện Biên Đông's education sector: one grassroots committee, 56 cells and 1 combined cell."""
        code = district.place.code
        self.education = self._org(
            "D",
            State(
                f"Đảng bộ Phòng Giáo dục và Đào tạo huyện {district.short}",
                _GCOM,
                district.org,
                S.STATE_AGENCY.value,
                code,
            ),
            category="school",
            district=code,
        )
        names = ["Chi bộ Phòng Giáo dục và Đào tạo"]
        for i, commune in enumerate(district.communes):
            short = commune.short
            names += [f"Chi bộ Trường Mầm non {short}", f"Chi bộ Trường Tiểu học {short}"]
            names.append(
                f"Chi bộ Trường Trung học cơ sở {short}"
                if commune.word == "thị trấn"
                else f"Chi bộ Trường Phổ thông Dân tộc bán trú Trung học cơ sở {short}"
            )
            if i < 13:
                names.append(f"Chi bộ Trường Tiểu học số 2 {short}")
        assert len(names) == 56, len(names)
        for name in names:
            commune_place = next((c.place for c in district.communes if name.endswith(c.short)), None)
            self._org(
                "C",
                State(name, _CELL, self.education, "", commune_place.code if commune_place else code),
                weight=1.0,
                category="school",
                profile="district_agency",
                district=code,
            )
        first, second = district.communes[1].short, district.communes[2].short
        self.education_combined = self._org(
            "C",
            State(
                f"Chi bộ ghép Trường Mầm non số 2 {first} – Trường Mầm non số 2 {second}",
                _CELL,
                self.education,
                "",
                district.communes[1].place.code,
                True,
            ),
            weight=0.5,
            category="school",
            profile="district_agency",
            district=code,
        )

    def _fit_counts(self) -> None:
        """Provincial committees, district schools and combined hamlet cells, as many as the seed's
        counts on 30/06/2017 need."""
        gcom = sum(1 for o in self.orgs if o.state.kind == _GCOM)
        gcell = sum(1 for o in self.orgs if o.state.kind == _GCELL)
        committees_needed = GRASSROOTS_COMMITTEES - gcom
        provincial = [
            (bloc, u)
            for bloc, (_n, _c, _p, units) in zip(self.blocs.values(), _BLOCS, strict=True)
            for u in units
        ]
        committees = [(b, u) for b, u in provincial if u[1] == _GCOM]
        assert len(committees) >= committees_needed, (len(committees), committees_needed)
        keep_units = {u[0] for b, u in committees[:committees_needed]}
        kept = [(b, u) for b, u in provincial if u[1] == _GCELL or u[0] in keep_units]
        for bloc, (name, kind, sector, category, cells) in kept:
            profile = bloc.profile
            org = self._org(
                "P",
                State(name, kind, bloc, sector.value, PROVINCE_CODE),
                weight=16.0 if kind == _GCELL else 0.0,
                category=category,
                profile=profile,
            )
            for cell in cells:
                self._org("C", State(cell, _CELL, org), weight=12.0, category=category, profile=profile)
        if self.org_commission_cell() is None:
            raise AssertionError("Chi bộ Ban Tổ chức Tỉnh ủy missing")
        gcell = sum(1 for o in self.orgs if o.state.kind == _GCELL)
        # District schools as grassroots cells (outside Điện Biên Đông), one commune at a time.
        schools_needed = GRASSROOTS_CELLS - gcell
        slots: list[tuple[District, Commune, str]] = []
        for level in (
            "Trường Phổ thông Dân tộc bán trú Trung học cơ sở",
            "Trường Tiểu học",
            "Trường Mầm non",
        ):
            for district in self.districts:
                if district.place.code == DIEN_BIEN_DONG:
                    continue
                for commune in district.communes:
                    label = "Trường Trung học cơ sở" if commune.word != "xã" and "bán trú" in level else level
                    slots.append((district, commune, label))
        assert len(slots) >= schools_needed, (len(slots), schools_needed)
        for district, commune, label in slots[:schools_needed]:
            self._org(
                "D",
                State(
                    f"Chi bộ {label} {commune.short}",
                    _GCELL,
                    district.org,
                    S.PUBLIC_SERVICE.value,
                    commune.place.code,
                ),
                weight=11.0,
                category="kindergarten" if "Mầm non" in label else "school",
                profile="district_agency",
                district=district.place.code,
            )
        # Commune cells and hamlet cells.
        other_cells = sum(1 for o in self.orgs if o.state.kind == _CELL) + 3 * sum(
            len(d.communes) for d in self.districts
        )
        whites = self._choose_whites()
        lived = sum(1 for d in self.districts for c in d.communes for h in c.hamlets if h not in whites)
        combined = lived + other_cells - CELLS
        assert 0 <= combined < lived // 10, combined
        pairs = self._combined_pairs(whites, combined)
        for district in self.districts:
            for commune in district.communes:
                self._commune_cells(district, commune, whites, pairs)

    def org_commission_cell(self) -> Org | None:
        return next((o for o in self.orgs if o.name == "Chi bộ Ban Tổ chức Tỉnh ủy"), None)

    def _choose_whites(self) -> set[Place]:
        """The hamlets without members on 31/12/2016, and the day each gets its first member."""
        rng = self.rng
        whites: set[Place] = set()
        later: list[Place] = []
        for district in self.districts:
            count = WHITE_2016.get(district.place.code, 0)
            rural = [h for c in district.communes if c.word == "xã" for h in c.hamlets]
            chosen = rng.sample(rural, count)
            cleared = CLEARED_H1_2017.get(district.place.code, 0)
            for i, hamlet in enumerate(chosen):
                whites.add(hamlet)
                if i < cleared:
                    hamlet.white_until = date(2017, 1, 9) + timedelta(days=rng.randrange(170))
                elif district.place.code == DIEN_BIEN_DONG:
                    hamlet.white_until = date(2017, 7, 10) + timedelta(days=rng.randrange(150))
                else:
                    later.append(hamlet)
        rng.shuffle(later)
        for i, hamlet in enumerate(later):
            if i < len(later) - STILL_WHITE_IN_2026:
                hamlet.white_until = date(2017, 8, 1) + timedelta(days=rng.randrange(365 * 6))
            else:
                hamlet.white_until = date.max
        for hamlet in whites:
            if hamlet.white_until != date.max:
                hamlet.white_until = _weekday(hamlet.white_until)  # type: ignore[arg-type]
        return whites

    def _combined_pairs(self, whites: set[Place], count: int) -> set[Place]:
        """The first hamlets of ``count`` pairs of neighbouring hamlets served by one combined cell."""
        rng = self.rng
        candidates = [
            h
            for d in self.districts
            for c in d.communes
            if c.word == "xã"
            for h, n in zip(c.hamlets, c.hamlets[1:], strict=False)
            if h not in whites and n not in whites and h.code[-3:] != "001"
        ]
        firsts: set[Place] = set()
        taken: set[str] = set()
        rng.shuffle(candidates)
        for hamlet in candidates:
            if len(firsts) == count:
                break
            nxt = f"{hamlet.code[:-3]}{int(hamlet.code[-3:]) + 1:03d}"
            if hamlet.code in taken or nxt in taken:
                continue
            taken.update((hamlet.code, nxt))
            firsts.add(hamlet)
        assert len(firsts) == count
        return firsts

    def _commune_cells(
        self, district: District, commune: Commune, whites: set[Place], pairs: set[Place]
    ) -> None:
        code = district.place.code
        hamlets = commune.hamlets
        j = 0
        while j < len(hamlets):
            hamlet = hamlets[j]
            if hamlet in whites:
                j += 1
                continue
            label = hamlet.name[0].lower() + hamlet.name[1:]
            if hamlet in pairs:
                other = hamlets[j + 1]
                state = State(
                    f"Chi bộ {label} – {other.name.split(' ', 1)[1]}",
                    _CELL,
                    commune.org,
                    "",
                    hamlet.code,
                    True,
                )
                homes: tuple[Place, ...] = (hamlet, other)
                j += 2
            else:
                state = State(f"Chi bộ {label}", _CELL, commune.org, "", hamlet.code)
                homes = (hamlet,)
                j += 1
            self._org(
                "C",
                state,
                weight=(14.0 if commune.word != "xã" else 8.0) * len(homes),
                category="hamlet",
                profile=hamlet.profile,
                district=code,
                homes=homes,
                commune=commune.place,
            )
        unit = f"{commune.word} {commune.short}"
        for name, category, weight in (
            (f"Chi bộ Cơ quan {unit}", "commune_office", 14.0),
            (f"Chi bộ Quân sự {unit}", "military", 4.0),
            (f"Chi bộ Trạm Y tế {unit}", "health", 3.0),
        ):
            self._org(
                "C",
                State(name, _CELL, commune.org, "", commune.place.code),
                weight=weight,
                category=category,
                profile=DISTRICT_PROFILE[code] if category != "health" else "district_agency",
                district=code,
                commune=commune.place,
            )
        # Regular police in the communes (2019–2021): cells founded after 2017.
        self._org(
            "C",
            State(f"Chi bộ Công an {unit}", _CELL, commune.org, "", commune.place.code),
            founded=_weekday(date(2019, 3, 1) + timedelta(days=self.rng.randrange(800))),
            weight=3.0,
            category="police",
            profile="forces",
            district=code,
            commune=commune.place,
        )

    # -- 01/07/2025 -------------------------------------------------------------------------------
    def _build_2025_communes(self) -> None:
        for unit in self.units["communes_2025"]:
            word, short = _short(unit["name"])
            code = f"{unit['code']}-2025"
            place = Place(code, unit["name"], LocalityKind.COMMUNE.value, valid_from=REFORM)
            place.links.append((PROVINCE_CODE, REFORM, None))
            self.places.append(place)
            sector = S.WARD.value if word == "phường" else S.COMMUNE.value
            org = self._org(
                "X",
                State(f"Đảng bộ {word} {short}", OrgKind.COMMUNE.value, self.root, sector, code),
                founded=REFORM,
                committee=f"Ban Thường vụ Đảng ủy {word} {short}",
                suffix="ĐU",
            )
            self.new_communes[unit["code"]] = (place, org)
        mapping: dict[str, str] = self.units["mapping_2025"]
        for district in self.districts:
            for commune in district.communes:
                new_place, _new_org = self.new_communes[mapping[commune.place.code]]
                for hamlet in commune.hamlets:
                    hamlet.links = [(commune.place.code, None, REFORM), (new_place.code, REFORM, None)]

    def _restructure(self) -> None:
        rng = self.rng
        basis = (f"{rng.randint(1800, 2400)}-QĐ/TU", date(2025, 6, 30), PROVINCE_COMMITTEE)
        note = "Sắp xếp tổ chức đảng theo mô hình chính quyền địa phương hai cấp (QĐ 294-QĐ/TW)"
        change = _Change(self._uid(), OrgChangeKind.RESTRUCTURED.value, REFORM, basis, note)
        mapping: dict[str, str] = self.units["mapping_2025"]
        created = [_item(change.uid, org, org.state) for _place, org in self.new_communes.values()]
        successor: dict[int, Org] = {}
        ended: list[OrgChangeItemRecord] = []
        for district in self.districts:
            for commune in district.communes:
                new_org = self.new_communes[mapping[commune.place.code]][1]
                successor[id(commune.org)] = new_org
                commune.org.ends, commune.org.successor = REFORM, new_org
                ended.append(
                    OrgChangeItemRecord(change.uid, commune.org.code, ends=True, successor=new_org.code)
                )
            district.org.ends = REFORM
            ended.append(OrgChangeItemRecord(change.uid, district.org.code, ends=True))
        seats = {d.org.code: self.new_communes[SEAT_2025[d.place.code]][1] for d in self.districts}
        moved: list[OrgChangeItemRecord] = []
        for org in self.orgs:
            state, parent = org.state, org.state.parent
            if parent is None or org.founded >= REFORM or org.ends is not None:
                continue
            if id(parent) in successor:
                target = successor[id(parent)]
                locality = state.locality if org.category == "hamlet" else target.state.locality
                sector = _cell_sector(org, parent)
                org.after = State(state.name, _GCELL, target, sector, locality, state.combined)
            elif parent.state.kind == OrgKind.DISTRICT:
                if org.category == "military":
                    target = self.bloc_military
                elif org.category == "police":
                    target = self.bloc_police
                else:
                    target = seats[parent.code]
                org.after = State(state.name, state.kind, target, state.sector, target.state.locality)
            else:
                continue
            moved.append(_item(change.uid, org, org.after))
        change.items = created + moved + ended
        self.changes.append(change)

    def _found_all(self) -> None:
        rng = self.rng
        for org in self.orgs:
            if org.founded >= REFORM:
                continue
            parent = org.state.parent
            issuer = self.decider(parent, org.founded) if parent is not None else "Ban Bí thư Trung ương Đảng"
            day = org.founded
            basis = (
                f"{rng.randint(1, 900)}-QĐ/{self._suffix(parent)}",
                day - timedelta(days=rng.randint(0, 15)),
                issuer,
            )
            change = _Change(self._uid(), OrgChangeKind.FOUNDED.value, day, basis)
            change.items.append(_item(change.uid, org, org.state))
            self.changes.append(change)

    def _suffix(self, org: Org | None) -> str:
        return org.suffix if org is not None else "TW"

    def decider(self, org: Org | None, day: date) -> str:
        """The standing committee that decides for ``org`` on ``day``: the nearest district, bloc,
        commune or province committee above it (itself included)."""
        node = org
        while node is not None:
            state = node.state_on(day)
            if state.kind in (OrgKind.DISTRICT, OrgKind.BLOC, OrgKind.COMMUNE, OrgKind.PROVINCE):
                return node.committee
            node = state.parent
        return PROVINCE_COMMITTEE

    def decider_suffix(self, org: Org | None, day: date) -> str:
        node = org
        while node is not None:
            state = node.state_on(day)
            if state.kind in (OrgKind.DISTRICT, OrgKind.BLOC, OrgKind.COMMUNE, OrgKind.PROVINCE):
                return node.suffix
            node = state.parent
        return "TU"

    def district_of(self, org: Org) -> str:
        return org.district

    # -- records ----------------------------------------------------------------------------------
    def records(self) -> list[Record]:
        out: list[Record] = []
        for place in self.places:
            out.append(
                LocalityRecord(
                    place.code, place.name, place.kind, place.valid_from, place.valid_until, place.ethnic
                )
            )
        for place in self.places:
            for parent, start, end in place.links:
                out.append(LocalityParentRecord(place.code, parent, start, end))
        out.extend(OrganizationRecord(org.code) for org in self.orgs)
        rng = self.rng
        for change in self.changes:
            out.append(
                OrgChangeRecord(
                    uid=change.uid,
                    kind=change.kind,
                    effective_on=change.effective_on,
                    recorded_at=recorded_at(rng, max(change.effective_on, change.basis[1])),
                    recorded_by=RECORDED_BY,
                    basis_number=change.basis[0],
                    basis_date=change.basis[1],
                    basis_issuer=change.basis[2],
                    note=change.note,
                )
            )
        for change in self.changes:
            out.extend(change.items)
        return out


def _item(change: str, org: Org, state: State) -> OrgChangeItemRecord:
    return OrgChangeItemRecord(
        change,
        org.code,
        False,
        state.name,
        state.kind,
        state.parent.code if state.parent else "",
        state.sector,
        state.combined,
        state.locality,
    )


_CELL_SECTORS = {
    "commune_office": S.STATE_AGENCY,
    "military": S.ARMY,
    "police": S.POLICE,
    "health": S.PUBLIC_SERVICE,
}


def _cell_sector(cell: Org, committee: Org) -> str:
    """[U] The sector of a commune's cell once it is a grassroots cell (after 01/07/2025)."""
    if cell.category == "hamlet":
        return S.WARD.value if committee.state.sector == S.WARD else S.COMMUNE.value
    return _CELL_SECTORS.get(cell.category, S.OTHER).value
