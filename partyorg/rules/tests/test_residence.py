"""Working members' ties with their place of residence: RULES.md §2.13 (QĐ 213-QĐ/TW 02/01/2020,
HD 33-HD/BTCTW 30/10/2020)."""

from datetime import date

import pytest

from partyorg.rules import residence as r
from partyorg.rules.base import RuleViolation


def test_only_the_regular_category_owes_a_yearly_comment() -> None:
    """RULES.md §2.13, QĐ 213 [V] yearly comments; HD 33 [V]: the two other categories get none."""
    assert r.needs_yearly_comment(r.REGULAR, 2024)
    assert not r.needs_yearly_comment(r.EXEMPT_FROM_RESIDENCE_ACTIVITIES, 2024)
    assert not r.needs_yearly_comment(r.NOT_INTRODUCED, 2024)


def test_years_before_qd_213_are_not_judged() -> None:
    """RULES.md §2.13: QĐ 213 of 02/01/2020 replaced QĐ 76 (2000), which RULES.md does not cover."""
    assert not r.needs_yearly_comment(r.REGULAR, 2019)
    assert r.needs_yearly_comment(r.REGULAR, 2020)


def test_a_comment_for_an_exempt_member_is_refused() -> None:
    """RULES.md §2.13, HD 33-HD/BTCTW [V]: comments only when needed for personnel work."""
    r.check_comment_expected(r.REGULAR, 2025)
    with pytest.raises(RuleViolation) as excinfo:
        r.check_comment_expected(r.EXEMPT_FROM_RESIDENCE_ACTIVITIES, 2025)
    assert excinfo.value.code == "residence.no_comment_categories"
    assert excinfo.value.message.startswith("Đảng viên thuộc diện miễn sinh hoạt nơi cư trú")


def test_a_comment_is_not_written_before_its_year() -> None:
    """RULES.md §2.13, QĐ 213 [V]: the comment is on the year ("định kỳ hằng năm")."""
    r.check_comment_year(2025, date(2025, 12, 1))
    with pytest.raises(RuleViolation) as excinfo:
        r.check_comment_year(2025, date(2024, 12, 31))
    assert (
        excinfo.value.message == "Nhận xét năm 2025 không thể ghi ngày 31/12/2024, trước khi năm đó bắt đầu."
    )
