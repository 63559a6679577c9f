"""Names, ethnic groups and place-name syllables for the generated province.

Vietnamese full names are written họ + đệm + tên, in NFC. Weights are rough shares, not
statistics: Kinh surnames follow the usual frequency table (Nguyễn about 38%), and the
ethnic-minority surnames are the ones typical of the north-western mountains (Thái: Lò, Quàng,
Cầm, Lường; Mông: Giàng, Sùng, Vàng, Thào, Mùa; Dao: Bàn, Triệu; Tày: Nông, Hoàng; Mường: Bùi,
Đinh). Mông men often carry the middle name "A" (Giàng A Pó).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

Weighted = tuple[tuple[str, float], ...]


class Choice:
    """A weighted choice that draws one ``random()`` per pick (fast and reproducible)."""

    def __init__(self, table: Weighted) -> None:
        self.values = [value for value, _ in table]
        total = sum(weight for _, weight in table)
        running = 0.0
        self.cumulative: list[float] = []
        for _, weight in table:
            running += weight / total
            self.cumulative.append(running)
        self.cumulative[-1] = 1.0

    def pick(self, rng: random.Random) -> str:
        x = rng.random()
        for value, bound in zip(self.values, self.cumulative, strict=True):
            if x < bound:
                return value
        return self.values[-1]  # pragma: no cover


class NameStyle:
    """How people of one ethnic group are typically named."""

    def __init__(
        self,
        surnames: Weighted,
        middle_male: Weighted,
        middle_female: Weighted,
        given_male: Sequence[str],
        given_female: Sequence[str],
    ) -> None:
        self.surnames = Choice(surnames)
        self.middle = (Choice(middle_male), Choice(middle_female))
        self.given = (given_male, given_female)

    def full_name(self, rng: random.Random, female: bool) -> str:
        surname = self.surnames.pick(rng)
        middle = self.middle[female].pick(rng)
        pool = self.given[female]
        given = pool[rng.randrange(len(pool))]
        if given == middle:  # "Nguyễn Thanh Thanh" is rare: draw again once
            given = pool[rng.randrange(len(pool))]
        return f"{surname} {middle} {given}"


def full_name(rng: random.Random, ethnicity: str, female: bool) -> str:
    return NAME_STYLES.get(ethnicity, NAME_STYLES["Kinh"]).full_name(rng, female)


def place_names(rng: random.Random, highland: bool) -> list[str]:
    """Every two-syllable name of one style, shuffled; callers take names from the end."""
    first, second = (HIGHLAND_FIRST, HIGHLAND_SECOND) if highland else (LOWLAND_FIRST, LOWLAND_SECOND)
    names = [f"{a} {b}" for a in first for b in second if a != b]
    rng.shuffle(names)
    return names


# fmt: off
KINH_SURNAMES: Weighted = (
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 5.1), ("Huỳnh", 0.3),
    ("Phan", 4.5), ("Vũ", 3.9), ("Võ", 0.5), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8), ("Đào", 0.8), ("Lương", 0.6),
    ("Trịnh", 0.6), ("Mai", 0.5), ("Tạ", 0.4), ("Cao", 0.4), ("Lưu", 0.3), ("Hà", 0.6), ("Tô", 0.3),
    ("Đoàn", 0.5), ("Chu", 0.3), ("Lại", 0.2), ("Vương", 0.2), ("Kiều", 0.2), ("Phùng", 0.3),
    ("Tống", 0.2), ("Triệu", 0.2), ("Quách", 0.1), ("Nghiêm", 0.1), ("Khúc", 0.1), ("Lã", 0.1),
)
KINH_MIDDLE_MALE: Weighted = (
    ("Văn", 30), ("Đức", 8), ("Minh", 7), ("Quang", 6), ("Hữu", 5), ("Công", 4), ("Thanh", 5),
    ("Xuân", 4), ("Tiến", 3), ("Mạnh", 3), ("Duy", 3), ("Đình", 5), ("Quốc", 4), ("Trung", 3),
    ("Hoàng", 2), ("Ngọc", 2), ("Anh", 2), ("Thế", 3), ("Trọng", 3), ("Việt", 2), ("Bá", 2),
    ("Khắc", 1), ("Kim", 1),
)
KINH_MIDDLE_FEMALE: Weighted = (
    ("Thị", 50), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Phương", 3), ("Thùy", 4), ("Hồng", 4),
    ("Minh", 3), ("Mai", 2), ("Kim", 3), ("Bích", 2), ("Hải", 2), ("Diệu", 1), ("Khánh", 2),
    ("Hoài", 2), ("Quỳnh", 2), ("Thúy", 2),
)
GIVEN_MALE = (
    "Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Long", "Thắng", "Sơn", "Cường", "Quân", "Hiếu", "Trung",
    "Hưng", "Đức", "Tùng", "Phong", "Thành", "Bình", "Minh", "Huy", "Kiên", "Khánh", "Việt", "Tâm",
    "Toàn", "Lâm", "Hoàng", "Đạt", "Vinh", "Quang", "Thịnh", "Tú", "Chiến", "Hòa", "Lợi", "Phúc",
    "Tài", "Tiến", "Trường", "Công", "Định", "Giang", "Hiệp", "Hậu", "Khoa", "Lộc", "Mạnh", "Nghĩa",
    "Quý", "Sáng", "Thái", "Thanh", "Thuận", "Vũ", "Anh", "Bảo", "Duy", "Hào",
)
GIVEN_FEMALE = (
    "Hương", "Lan", "Hoa", "Hằng", "Huyền", "Linh", "Mai", "Nga", "Ngọc", "Trang", "Thảo", "Phương",
    "Yến", "Hà", "Hạnh", "Thủy", "Loan", "Dung", "Oanh", "Nhung", "Vân", "Chi", "Anh", "Thúy",
    "Giang", "Hiền", "Lý", "Xuân", "Liên", "Tuyết", "Quyên", "Hồng", "Nhàn", "Thơm", "Thu", "Hậu",
    "Lệ", "Minh", "Nguyệt", "Quỳnh", "Tâm", "Thanh", "Uyên", "Vy", "My", "Ngân", "Duyên", "Hòa",
)
THAI_GIVEN_MALE = (
    "Xuân", "Thanh", "Phanh", "Ươn", "Ún", "Pọm", "Chăn", "Khiêm", "Hùng", "Thương", "Tiến",
    "Sương", "Inh", "Ngoan", "Chung", "Doãn", "Duẩn", "Hặc", "Khăm", "Lả", "Ọn", "Pánh", "Phóng",
    "Piêng", "Sướng", "Thoi", "Tuấn", "Hải", "Kiên", "Biên", "Bun", "Chiến", "Chính", "Dũng",
    "Hoan", "Ngọc", "Sơn", "Thắng",
)
THAI_GIVEN_FEMALE = (
    "Ban", "Ọn", "Xiêng", "Pọm", "Hương", "Lả", "Ương", "Pẩu", "Dung", "Phương", "Ơn", "Thoa",
    "Bun", "Chiên", "En", "Hoa", "Kim", "Lan", "Liên", "Mai", "Nga", "Phăn", "Pẻng", "Sương",
    "Thanh", "Thơm", "Tiên", "Tươi", "Xuân", "Yến", "Hồng", "Ngân", "Oanh", "Diện", "Khăm",
)
MONG_GIVEN_MALE = (
    "Pó", "Dế", "Chu", "Lử", "Sử", "Tủa", "Pao", "Sếnh", "Dình", "Chứ", "Tú", "Giống", "Lầu", "Xà",
    "Nhè", "Sính", "Súa", "Chống", "Dơ", "Páo", "Cở", "Phừ", "Thề", "Vảng", "Sình", "Trư", "Khứ",
    "Tồng", "Kỷ", "Chua", "Lềnh", "Mang", "Chinh", "Dũng", "Hùng", "Minh",
)
MONG_GIVEN_FEMALE = (
    "Mỷ", "Dợ", "Sua", "Mai", "Súa", "Dê", "Xí", "Chở", "Pàng", "Máy", "Chá", "Chua", "Dúa",
    "Mẩy", "Khu", "Lan", "Mỵ", "Say", "Sinh", "Xia", "Ly", "Hoa", "Nhìa",
)
DAO_GIVEN_MALE = (
    "Tòn", "Quẩy", "Sinh", "Kiềm", "Phấy", "Chòi", "Lở", "Sài", "Tiến", "Tả", "Chàn", "Quay",
    "Phin", "Chiêu", "Dùng", "Kiêm", "Lìn", "Ngán", "Vần", "Hin", "Hùng", "Thành",
)
DAO_GIVEN_FEMALE = (
    "Mẩy", "Sảy", "Phấy", "Mai", "Chang", "Dụn", "Lìn", "Nái", "Phương", "Tá", "Xuân", "Hoa",
    "Kiều", "Ngân",
)
HANHI_GIVEN_MALE = ("Xe", "Dế", "Xá", "Phì", "Chừ", "Hừ", "Gió", "Mé", "Pà", "Khừ", "Giàng", "Chà")
HANHI_GIVEN_FEMALE = ("Chơ", "Phí", "Giá", "Mé", "Xú", "Lý", "Mơ", "Pứ", "Hừ", "Cà")

_VIET = (GIVEN_MALE, GIVEN_FEMALE)
_THAI = (THAI_GIVEN_MALE, THAI_GIVEN_FEMALE)
_MALE_VAN: Weighted = (("Văn", 85), ("Minh", 3), ("Thanh", 3), ("Đức", 3), ("Xuân", 3), ("Ngọc", 3))
_FEMALE_THI: Weighted = (("Thị", 92), ("Ngọc", 2), ("Thu", 2), ("Hồng", 2), ("Thanh", 2))

NAME_STYLES: dict[str, NameStyle] = {
    "Kinh": NameStyle(KINH_SURNAMES, KINH_MIDDLE_MALE, KINH_MIDDLE_FEMALE, *_VIET),
    "Thái": NameStyle(
        (("Lò", 20), ("Quàng", 12), ("Cầm", 10), ("Lường", 10), ("Tòng", 8), ("Lù", 6), ("Vì", 5),
         ("Điêu", 4), ("Bạc", 4), ("Hoàng", 5), ("Lê", 3), ("Lương", 4), ("Hà", 4), ("Sa", 2),
         ("Mè", 2), ("Khằm", 1)),
        _MALE_VAN, _FEMALE_THI, *_THAI,
    ),
    "Mông": NameStyle(
        (("Giàng", 20), ("Sùng", 14), ("Vàng", 14), ("Thào", 12), ("Mùa", 10), ("Lầu", 6), ("Hờ", 5),
         ("Lý", 5), ("Tráng", 3), ("Cứ", 3), ("Vừ", 4), ("Hạng", 2), ("Chá", 1), ("Mua", 2)),
        (("A", 55), ("Văn", 25), ("Seo", 10), ("Chứ", 5), ("Nhè", 5)),
        (("Thị", 100),),
        MONG_GIVEN_MALE, MONG_GIVEN_FEMALE,
    ),
    "Dao": NameStyle(
        (("Bàn", 30), ("Triệu", 25), ("Đặng", 20), ("Lý", 10), ("Phùn", 6), ("Tẩn", 5), ("Chảo", 4)),
        (("Văn", 85), ("Kim", 5), ("Phúc", 5), ("Tiến", 5)),
        _FEMALE_THI, DAO_GIVEN_MALE, DAO_GIVEN_FEMALE,
    ),
    "Tày": NameStyle(
        (("Nông", 25), ("Hoàng", 25), ("Lường", 8), ("Ma", 8), ("Hà", 10), ("Lục", 6), ("Triệu", 6),
         ("Hứa", 5), ("Lèo", 4), ("Ngôn", 3)),
        KINH_MIDDLE_MALE, KINH_MIDDLE_FEMALE, *_VIET,
    ),
    "Mường": NameStyle(
        (("Bùi", 40), ("Đinh", 25), ("Quách", 10), ("Hà", 10), ("Xa", 5), ("Bạch", 5), ("Cao", 5)),
        KINH_MIDDLE_MALE, KINH_MIDDLE_FEMALE, *_VIET,
    ),
    "Khơ Mú": NameStyle(
        (("Lò", 30), ("Quàng", 20), ("Vi", 15), ("Cụt", 15), ("Lường", 10), ("Vì", 10)),
        _MALE_VAN, _FEMALE_THI, *_THAI,
    ),
    "Lào": NameStyle((("Lò", 35), ("Vì", 25), ("Lỳ", 20), ("Cầm", 20)), _MALE_VAN, _FEMALE_THI, *_THAI),
    "Hà Nhì": NameStyle(
        (("Chu", 25), ("Pờ", 20), ("Lò", 15), ("Ly", 15), ("Lỳ", 10), ("Sừ", 5), ("Phu", 5), ("Hù", 5)),
        (("Văn", 50), ("Là", 50)), (("Thị", 60), ("Mỳ", 40)),
        HANHI_GIVEN_MALE, HANHI_GIVEN_FEMALE,
    ),
    "Xinh Mun": NameStyle(
        (("Lò", 40), ("Vì", 30), ("Lường", 20), ("Lừ", 10)), _MALE_VAN, _FEMALE_THI, *_THAI,
    ),
}

# Ethnic mix of the members of an area. A commune's profile is chosen when the province is built;
# province- and district-level agencies draw from "agency". Together with the size of each kind of
# area they give roughly Thái 37%, Mông 28%, Kinh 21% of the members (a north-western province).
ETHNIC_PROFILES: dict[str, Weighted] = {
    "city": (("Kinh", 66), ("Thái", 24), ("Tày", 3), ("Mường", 2), ("Mông", 3), ("Dao", 1), ("Khơ Mú", 1)),
    "lowland": (("Kinh", 38), ("Thái", 47), ("Mông", 6), ("Tày", 3), ("Mường", 3), ("Dao", 2), ("Khơ Mú", 1)),
    "thai": (("Thái", 72), ("Kinh", 6), ("Mông", 8), ("Khơ Mú", 8), ("Lào", 2), ("Dao", 1), ("Tày", 1),
             ("Xinh Mun", 2)),
    "mong": (("Mông", 82), ("Thái", 7), ("Kinh", 3), ("Dao", 5), ("Hà Nhì", 3)),
    "dao": (("Dao", 55), ("Mông", 22), ("Thái", 12), ("Kinh", 3), ("Hà Nhì", 5), ("Tày", 3)),
    "agency": (("Kinh", 50), ("Thái", 31), ("Mông", 10), ("Tày", 3), ("Dao", 2), ("Mường", 2), ("Khơ Mú", 2)),
}
ETHNIC_CHOICES = {profile: Choice(table) for profile, table in ETHNIC_PROFILES.items()}
# Which profile an ethnic-minority-area commune gets.
HIGHLAND_PROFILES = Choice((("thai", 50), ("mong", 44), ("dao", 6)))

# Religion of a member by ethnic group; most have none ("").
RELIGIONS: dict[str, Weighted] = {
    "Kinh": (("", 96), ("Công giáo", 2.5), ("Phật giáo", 1.5)),
    "Mông": (("", 95), ("Tin lành", 5)),
    "Dao": (("", 99), ("Tin lành", 1)),
}

# Place names: highland names of Thái/Mông origin, and Sino-Vietnamese names for the lowland.
HIGHLAND_FIRST = (
    "Nà", "Mường", "Pá", "Huổi", "Nậm", "Co", "Phiêng", "Pú", "Khe", "Sín", "Tả", "Lùng", "Háng",
    "Tủa", "Xá", "Bó", "Pa", "Mồ", "Chiềng", "Púng", "Hua", "Phìn", "Noong", "Pom", "Sá", "Lao",
    "Nặm", "Pắc", "Keo", "Hát", "Tà", "Sam", "Si", "Ẳng", "Búng",
)
HIGHLAND_SECOND = (
    "Hẩu", "Lay", "Ten", "Pồ", "Chà", "Nhè", "Sáng", "Lếch", "Chả", "Muông", "Lịch", "Mức", "Nưa",
    "Pao", "Khoang", "Chan", "Giàng", "Hồ", "Luông", "Phăng", "Cang", "Sang", "Xe", "Kè", "Chua",
    "Ló", "Tở", "Hẹ", "Lành", "Ảng", "Thín", "Pheo", "Phung", "Mùn", "Sại", "Hịa", "Nhé", "Tòng",
    "Cuổm", "Bon", "Dìn", "Chải", "Cấu", "Păn", "Nghịu", "Xôm", "Tre", "Háy", "Khương", "Pục",
)
LOWLAND_FIRST = (
    "Tân", "Thanh", "Đông", "Hòa", "An", "Phú", "Quang", "Minh", "Bình", "Hưng", "Thắng", "Tiến",
    "Trung", "Nam", "Bắc", "Kim", "Đức", "Vĩnh", "Long", "Hồng", "Xuân", "Cẩm", "Quyết", "Thống",
    "Đồng", "Hợp", "Yên", "Thịnh", "Phúc", "Ngọc",
)
LOWLAND_SECOND = (
    "Phong", "Bình", "Thịnh", "Lợi", "Hòa", "Xuân", "Thành", "Sơn", "Lâm", "Tiến", "Lập", "An",
    "Hưng", "Tân", "Kết", "Phú", "Yên", "Mỹ", "Trung", "Đoàn", "Quang", "Minh", "Thanh", "Hải",
    "Long", "Khê", "Châu", "Nhất",
)

# Party organizations outside the province: where members transfer to and come from. Yên Bái,
# Hòa Bình and Hà Giang merged into other provinces on 01/07/2025.
OTHER_PROVINCES_BEFORE_2025 = (
    "Đảng bộ tỉnh Lai Châu", "Đảng bộ tỉnh Sơn La", "Đảng bộ tỉnh Điện Biên", "Đảng bộ tỉnh Lào Cai",
    "Đảng bộ tỉnh Yên Bái", "Đảng bộ tỉnh Phú Thọ", "Đảng bộ tỉnh Hòa Bình", "Đảng bộ thành phố Hà Nội",
    "Đảng bộ tỉnh Thái Nguyên", "Đảng bộ tỉnh Hà Giang", "Đảng bộ Quân khu 2",
)
OTHER_PROVINCES_FROM_2025 = (
    "Đảng bộ tỉnh Lai Châu", "Đảng bộ tỉnh Sơn La", "Đảng bộ tỉnh Điện Biên", "Đảng bộ tỉnh Lào Cai",
    "Đảng bộ tỉnh Phú Thọ", "Đảng bộ thành phố Hà Nội", "Đảng bộ tỉnh Thái Nguyên",
    "Đảng bộ tỉnh Tuyên Quang", "Đảng bộ Quân khu 2",
)
STUDY_PLACES = (
    "Đảng bộ Học viện Chính trị quốc gia Hồ Chí Minh", "Đảng bộ Học viện Chính trị khu vực I",
    "Đảng bộ Trường Đại học Sư phạm Hà Nội", "Đảng bộ Trường Đại học Nông Lâm Thái Nguyên",
)
ABROAD_PLACES = (
    "Chi bộ Đại sứ quán Việt Nam tại Lào", "Chi bộ Tổng Lãnh sự quán Việt Nam tại Luông Pha Băng",
    "Chi bộ lưu học sinh Việt Nam tại Trung Quốc",
)
# fmt: on
