"""Discipline of organizations and members: RULES.md §2.10 and §2.3."""

import pytest

from partyorg.rules import config
from partyorg.rules import discipline as d
from partyorg.rules.base import RuleViolation


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        pytest.param(
            d.ORGANIZATION, {d.REPRIMAND, d.WARNING, d.DISSOLUTION}, id="QĐ 69 Art. 7: organization"
        ),
        pytest.param(
            d.OFFICIAL,
            {d.REPRIMAND, d.WARNING, d.REMOVAL_FROM_POST, d.EXPULSION},
            id="QĐ 69 Art. 7: official",
        ),
        pytest.param(d.PROBATIONARY, {d.REPRIMAND, d.WARNING}, id="RULES §2.3, §2.10: probationary"),
    ],
)
def test_sanctions_by_target(target: str, allowed: set[str]) -> None:
    for sanction in d.LABELS:
        if sanction in allowed:
            d.check_sanction(sanction, target, post="Bí thư chi bộ")
        else:
            with pytest.raises(RuleViolation):
                d.check_sanction(sanction, target, post="Bí thư chi bộ")


def test_probationary_member_cannot_be_expelled() -> None:
    """RULES.md §2.3 [V] (Bình Thuận handbook): only reprimand or warning during probation."""
    with pytest.raises(RuleViolation) as excinfo:
        d.check_sanction(d.EXPULSION, d.PROBATIONARY)
    assert excinfo.value.code == "discipline.probationary"
    assert excinfo.value.message == (
        "Không thể áp dụng hình thức “Khai trừ” với đảng viên dự bị; chỉ được: khiển trách, cảnh cáo."
    )


def test_removal_from_post_needs_a_post() -> None:
    """RULES.md §2.10 [V]: "cách chức, if holding one"."""
    with pytest.raises(RuleViolation) as excinfo:
        d.check_sanction(d.REMOVAL_FROM_POST, d.OFFICIAL)
    assert excinfo.value.code == "discipline.removal_needs_post"


def test_vote_thresholds_over_all_entitled_voters() -> None:
    """RULES.md §2.10 [P]: > 1/2 for reprimand and warning, > 2/3 for removal and expulsion, over all
    members entitled to vote. Worked: 9 entitled → warning needs 5, expulsion needs 7."""
    d.check_vote(d.WARNING, votes_for=5, entitled=9)
    with pytest.raises(RuleViolation):
        d.check_vote(d.WARNING, votes_for=4, entitled=8)  # exactly half is not more than half
    d.check_vote(d.EXPULSION, votes_for=7, entitled=9)
    with pytest.raises(RuleViolation) as excinfo:
        d.check_vote(d.EXPULSION, votes_for=6, entitled=9)  # exactly 2/3
    assert excinfo.value.message == (
        "Kỷ luật “Khai trừ” cần trên 2/3 tổng số thành viên có quyền biểu quyết; mới có 6/9 đồng ý."
    )
    config.configure(discipline_vote_threshold_heavy=(1, 2))
    d.check_vote(d.EXPULSION, votes_for=6, entitled=9)
