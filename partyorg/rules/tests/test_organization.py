"""Organization thresholds: RULES.md §1.2 and §1.3 (Charter Art. 21, 24; QĐ 29 item 24)."""

import pytest

from partyorg.rules.base import RuleViolation
from partyorg.rules.organization import (
    check_can_form_organization,
    expected_grassroots_kind,
    needs_cell_committee,
)


@pytest.mark.parametrize(
    ("official_members", "refused"),
    [
        pytest.param(0, True, id="Charter Art. 21(2): 0 official members"),
        pytest.param(2, True, id="Charter Art. 21(2): 2 official members"),
        pytest.param(3, False, id="Charter Art. 21(2): 3 official members"),
        pytest.param(10, False, id="Charter Art. 21(2): 10 official members"),
    ],
)
def test_three_official_members_to_form_an_organization(official_members: int, refused: bool) -> None:
    if refused:
        with pytest.raises(RuleViolation):
            check_can_form_organization(official_members)
    else:
        check_can_form_organization(official_members)


def test_too_few_official_members_message() -> None:
    """Charter Art. 21(2) [V]: the exact Vietnamese message."""
    with pytest.raises(RuleViolation) as excinfo:
        check_can_form_organization(2)
    assert excinfo.value.code == "organization.min_official_members"
    assert excinfo.value.message == (
        "Đơn vị có 2 đảng viên chính thức, chưa đủ 3 đảng viên chính thức để lập tổ chức đảng; "
        "cấp ủy cấp trên trực tiếp giới thiệu đảng viên sinh hoạt ở tổ chức cơ sở đảng thích hợp."
    )


@pytest.mark.parametrize(
    ("members", "kind"),
    [
        pytest.param(3, "grassroots_cell", id="Charter Art. 21(3): 3 members"),
        pytest.param(29, "grassroots_cell", id="Charter Art. 21(3): 29 members"),
        pytest.param(30, "grassroots_committee", id="Charter Art. 21(3): 30 members"),
        pytest.param(500, "grassroots_committee", id="Charter Art. 21(3): 500 members"),
    ],
)
def test_expected_grassroots_kind(members: int, kind: str) -> None:
    assert expected_grassroots_kind(members) == kind


@pytest.mark.parametrize(
    ("official_members", "expected"),
    [
        pytest.param(8, False, id="QĐ 29 item 24: 8 official → secretary only"),
        pytest.param(9, True, id="QĐ 29 item 24: 9 official → cell committee"),
    ],
)
def test_cell_committee_from_nine_official_members(official_members: int, expected: bool) -> None:
    assert needs_cell_committee(official_members) is expected
