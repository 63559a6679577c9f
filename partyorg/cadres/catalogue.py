"""The default post catalogue: the posts partyorg knows from the start, with their rank.

QĐ 368-QĐ/TW (08/09/2025, RULES.md §11.1, [V] for the principle) groups positions (I: key and
senior leaders; II, III: managed by the Politburo, the Secretariat; IV: the frame for positions a
committee manages) and places a person with several posts by the highest. Its per-position list
below the provincial level was not retrieved ([U] RULES.md §11.16 #10), so the ranks here are
partyorg's reading of the usual order (party above state above Front and mass organizations at
one level; heads above deputies; a level above the one below it): a configurable default, [P].
A deployment changes them in the ``Post`` table (``rank``: 1 is the highest); :func:`load` only
adds the posts that are missing and never changes a rank a deployment set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from partyorg.cadres.models import ManagementLevel, Post, PostSphere, UnitLevel

__all__ = ["DEFAULT_POSTS", "DefaultPost", "load"]


@dataclass(frozen=True)
class DefaultPost:
    code: str
    title: str
    sphere: str
    level: str
    rank: int
    group: str = "IV"
    is_head: bool = False
    is_elected: bool = False
    management_level: str = ""


P, S, F, M = PostSphere.PARTY, PostSphere.STATE, PostSphere.FRONT, PostSphere.MASS
PROV, DIST, COMM = UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE
BCT, BBT, BTV_T, BTV_H, CS, CQ = (
    ManagementLevel.POLITBURO,
    ManagementLevel.SECRETARIAT,
    ManagementLevel.PROVINCIAL_STANDING,
    ManagementLevel.DISTRICT_STANDING,
    ManagementLevel.GRASSROOTS,
    ManagementLevel.AGENCY,
)

# One post a row (fmt: off keeps the table a table):
# code, title, sphere, level, rank (1: highest), group (QĐ 368), head, elected, whose cadres
# fmt: off
_ROWS: tuple[tuple[Any, ...], ...] = (
    # the province
    ("bi_thu_tinh_uy", "Bí thư Tỉnh ủy", P, PROV, 10, "II", True, True, BCT),
    ("pho_bi_thu_tinh_uy", "Phó Bí thư Tỉnh ủy", P, PROV, 20, "III", False, True, BBT),
    ("chu_tich_hdnd_tinh", "Chủ tịch HĐND tỉnh", S, PROV, 21, "III", True, True, BBT),
    ("chu_tich_ubnd_tinh", "Chủ tịch UBND tỉnh", S, PROV, 22, "III", True, True, BBT),
    ("uv_btv_tinh_uy", "Ủy viên Ban Thường vụ Tỉnh ủy", P, PROV, 30, "IV", False, True, BTV_T),
    ("pho_chu_tich_ubnd_tinh", "Phó Chủ tịch UBND tỉnh", S, PROV, 31, "IV", False, True, BTV_T),
    ("pho_chu_tich_hdnd_tinh", "Phó Chủ tịch HĐND tỉnh", S, PROV, 32, "IV", False, True, BTV_T),
    ("tinh_uy_vien", "Tỉnh ủy viên", P, PROV, 40, "IV", False, True, BTV_T),
    ("truong_ban_tinh_uy", "Trưởng ban của Tỉnh ủy", P, PROV, 41, "IV", True, False, BTV_T),
    ("chu_tich_mttq_tinh", "Chủ tịch Ủy ban MTTQ tỉnh", F, PROV, 42, "IV", True, True, BTV_T),
    ("giam_doc_so", "Giám đốc sở, thủ trưởng cơ quan chuyên môn", S, PROV, 43, "IV", True, False, BTV_T),
    ("pho_truong_ban_tinh_uy", "Phó Trưởng ban của Tỉnh ủy", P, PROV, 50, "IV", False, False, BTV_T),
    ("pho_chu_tich_mttq_tinh", "Phó Chủ tịch Ủy ban MTTQ tỉnh", F, PROV, 51, "IV", False, True, BTV_T),
    ("pho_giam_doc_so", "Phó Giám đốc sở", S, PROV, 52, "IV", False, False, BTV_T),
    ("truong_doan_the_tinh", "Người đứng đầu tổ chức chính trị - xã hội tỉnh",
     M, PROV, 53, "IV", True, True, BTV_T),
    ("truong_phong_tinh", "Trưởng phòng (cấp tỉnh)", P, PROV, 60, "IV", True, False, CQ),
    ("pho_truong_phong_tinh", "Phó Trưởng phòng (cấp tỉnh)", P, PROV, 70, "IV", False, False, CQ),
    # the district (until 30/06/2025)
    ("bi_thu_huyen_uy", "Bí thư Huyện ủy", P, DIST, 44, "IV", True, True, BTV_T),
    ("pho_bi_thu_huyen_uy", "Phó Bí thư Huyện ủy", P, DIST, 54, "IV", False, True, BTV_T),
    ("chu_tich_ubnd_huyen", "Chủ tịch UBND huyện", S, DIST, 55, "IV", True, True, BTV_T),
    ("chu_tich_hdnd_huyen", "Chủ tịch HĐND huyện", S, DIST, 56, "IV", True, True, BTV_T),
    ("uv_btv_huyen_uy", "Ủy viên Ban Thường vụ Huyện ủy", P, DIST, 61, "IV", False, True, BTV_H),
    ("pho_chu_tich_ubnd_huyen", "Phó Chủ tịch UBND huyện", S, DIST, 62, "IV", False, True, BTV_H),
    ("truong_phong_huyen", "Trưởng phòng, ban cấp huyện", S, DIST, 71, "IV", True, False, BTV_H),
    ("pho_truong_phong_huyen", "Phó Trưởng phòng, ban cấp huyện", S, DIST, 80, "IV", False, False, BTV_H),
    # the commune
    ("bi_thu_dang_uy_xa", "Bí thư Đảng ủy xã", P, COMM, 63, "IV", True, True, BTV_T),
    ("pho_bi_thu_dang_uy_xa", "Phó Bí thư Đảng ủy xã", P, COMM, 72, "IV", False, True, BTV_T),
    ("chu_tich_ubnd_xa", "Chủ tịch UBND xã", S, COMM, 73, "IV", True, True, BTV_T),
    ("chu_tich_hdnd_xa", "Chủ tịch HĐND xã", S, COMM, 74, "IV", True, True, BTV_T),
    ("pho_chu_tich_ubnd_xa", "Phó Chủ tịch UBND xã", S, COMM, 81, "IV", False, True, CS),
    ("chu_tich_mttq_xa", "Chủ tịch Ủy ban MTTQ xã", F, COMM, 82, "IV", True, True, CS),
    ("truong_doan_the_xa", "Người đứng đầu tổ chức chính trị - xã hội xã", M, COMM, 90, "IV", True, True, CS),
)
# fmt: on

DEFAULT_POSTS: tuple[DefaultPost, ...] = tuple(DefaultPost(*row) for row in _ROWS)


def load() -> list[Post]:
    """Add the default posts the catalogue lacks (by code); returns those added."""
    have = set(Post.objects.values_list("code", flat=True))
    added = [Post(**asdict(p)) for p in DEFAULT_POSTS if p.code not in have]
    Post.objects.bulk_create(added)
    return added
