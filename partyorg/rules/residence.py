"""Working members and their place of residence (QĐ 213-QĐ/TW, 02/01/2020), RULES.md §2.13.

Members working in agencies, enterprises, public-service units or the armed forces attend their
workplace cell and keep regular contact with the party organization where they live; the residence
cell comments on them every year [V]. HD 33-HD/BTCTW (30/10/2020) sets two categories apart: members
introduced to the residence organization but exempt from residence activities get no yearly comment,
and some are not introduced at all [V].
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules._dates import fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import HD_33_2020, QD_213

# The categories, as partyorg.meetings.models.TieCategory stores them.
REGULAR = "regular"  # keeps contact and is commented on every year
EXEMPT_FROM_RESIDENCE_ACTIVITIES = "exempt"  # HD 33 (a): introduced, no yearly comment
NOT_INTRODUCED = "not_introduced"  # HD 33 (b): army and police on special duty
CATEGORIES = (REGULAR, EXEMPT_FROM_RESIDENCE_ACTIVITIES, NOT_INTRODUCED)

YEARLY_COMMENT_RULE = Rule(
    "residence.yearly_comment",
    "Định kỳ hằng năm tổ chức lấy ý kiến nhận xét của chi ủy, chi bộ nơi cư trú đối với đảng viên "
    "đang công tác",
    QD_213.at("", "§2.13"),
    Confidence.VERIFIED,
    valid_from=date(2020, 1, 2),
)
NO_COMMENT_CATEGORIES_RULE = Rule(
    "residence.no_comment_categories",
    "Đảng viên được giới thiệu về nơi cư trú nhưng miễn sinh hoạt nơi cư trú không lấy nhận xét hằng năm; "
    "một số đảng viên không giới thiệu về nơi cư trú",
    HD_33_2020.at("", "§2.13"),
    Confidence.VERIFIED,
    valid_from=date(2020, 10, 30),
)


def needs_yearly_comment(category: str, year: int) -> bool:
    """Whether the residence cell must comment on a member of ``category`` for ``year``.

    QĐ 213 [V] from 2020; the two exempt categories of HD 33 only from its date (30/10/2020): for 2020
    itself the year ends after HD 33, so they are exempt for 2020 too. QĐ 76 (2000), which QĐ 213
    replaced, is not in RULES.md: years before 2020 are not judged.
    """
    if not YEARLY_COMMENT_RULE.in_force_on(date(year, 12, 31)):
        return False
    return category == REGULAR


def check_comment_expected(category: str, year: int) -> None:
    """Refuse a yearly comment for a member the residence cell does not comment on (HD 33 [V])."""
    if category != REGULAR:
        raise RuleViolation(
            NO_COMMENT_CATEGORIES_RULE,
            _(
                "Đảng viên thuộc diện miễn sinh hoạt nơi cư trú hoặc không giới thiệu về nơi cư trú: "
                "không lấy nhận xét hằng năm (năm %(year)s); chỉ lấy ý kiến khi cần cho công tác cán bộ, "
                "khen thưởng, kỷ luật."
            )
            % {"year": year},
        )


def check_comment_year(year: int, commented_on: date) -> None:
    """A comment for ``year`` is written during or after that year (earlier comments, under QĐ 76 of
    2000, may be recorded too: only the yearly obligation is judged, and only from QĐ 213)."""
    if commented_on < date(year, 1, 1):
        raise RuleViolation(
            YEARLY_COMMENT_RULE,
            _("Nhận xét năm %(year)s không thể ghi ngày %(day)s, trước khi năm đó bắt đầu.")
            % {"year": year, "day": fmt(commented_on)},
        )
