"""Thresholds for forming party organizations and electing cell committees, RULES.md §1.2 and §1.3.

All counts of official members exclude probationary members (RULES.md §8 item 4).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import CHARTER, QD_29, THINHVUONG_ORGANIZATION

MIN_OFFICIAL_MEMBERS = 3
GRASSROOTS_COMMITTEE_MIN_MEMBERS = 30
CELL_COMMITTEE_MIN_OFFICIAL = 9

MIN_OFFICIAL_MEMBERS_RULE = Rule(
    "organization.min_official_members",
    "Đơn vị có từ ba đảng viên chính thức trở lên thì lập tổ chức đảng; mỗi chi bộ có ít nhất 3 đảng viên "
    "chính thức",
    CHARTER.at("Điều 21(2), Điều 24(1)", "§1.2"),
    Confidence.VERIFIED,
)
GRASSROOTS_COMMITTEE_RULE = Rule(
    "organization.grassroots_committee",
    "Tổ chức cơ sở đảng có từ 30 đảng viên trở lên lập đảng bộ cơ sở; dưới 30 đảng viên lập chi bộ cơ sở",
    CHARTER.at("Điều 21(3)", "§1.2"),
    Confidence.VERIFIED,
)
GRASSROOTS_EXCEPTION_RULE = Rule(
    "organization.grassroots_exception",
    "Trường hợp ngoại lệ (từ 30 đảng viên nhưng không lập đảng bộ, dưới 30 đảng viên nhưng lập đảng bộ, đảng "
    "bộ bộ phận) phải được cấp ủy cấp trên có thẩm quyền đồng ý bằng văn bản",
    THINHVUONG_ORGANIZATION.at("", "§1.2"),
    Confidence.PARTIAL,
)
CELL_COMMITTEE_RULE = Rule(
    "organization.cell_committee",
    "Chi bộ có từ 9 đảng viên chính thức trở lên bầu chi ủy; dưới 9 đảng viên chính thức bầu bí thư, nếu cần "
    "bầu phó bí thư",
    QD_29.at("mục 24", "§1.3"),
    Confidence.VERIFIED,
)


def check_can_form_organization(official_members: int) -> None:
    """Refuse to form a party organization (or a cell) with fewer than 3 official members.

    Source: Charter Art. 21(2) and Art. 24(1) [V]. With fewer, the direct superior sends the members to a
    suitable grassroots organization.
    """
    if official_members < MIN_OFFICIAL_MEMBERS:
        raise RuleViolation(
            MIN_OFFICIAL_MEMBERS_RULE,
            _(
                "Đơn vị có %(official)s đảng viên chính thức, chưa đủ 3 đảng viên chính thức để lập "
                "tổ chức đảng; cấp ủy cấp trên trực tiếp giới thiệu đảng viên sinh hoạt ở tổ chức cơ sở đảng "
                "thích hợp."
            )
            % {"official": official_members},
        )


def expected_grassroots_kind(members: int) -> str:
    """ "grassroots_committee" (đảng bộ cơ sở) from 30 members, else "grassroots_cell" (chi bộ cơ sở).

    Source: Charter Art. 21(3) [V]. Exceptions exist with written agreement of the competent superior [P]
    (:data:`GRASSROOTS_EXCEPTION_RULE`): this is the expected kind, not a refusal.
    """
    # [U] interpretation: ``members`` counts official and probationary members, because Art. 21(3) says
    # "đảng viên" where Art. 21(2) and Art. 24 say "đảng viên chính thức".
    if members >= GRASSROOTS_COMMITTEE_MIN_MEMBERS:
        return "grassroots_committee"
    return "grassroots_cell"


def needs_cell_committee(official_members: int) -> bool:
    """True when a cell elects a cell committee (chi ủy): 9 official members or more (QĐ 29 item 24) [V]."""
    return official_members >= CELL_COMMITTEE_MIN_OFFICIAL
