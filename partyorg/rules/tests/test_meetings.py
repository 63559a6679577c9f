"""Cell meetings: RULES.md §5 (Charter Art. 24(2), HD 42-HD/BTCTW 28/10/2025, thematic [P]) and the
attendance ground for removal, RULES.md §2.9 (Charter Art. 8, QĐ 29-QĐ/TW §8.1; counting [U])."""

from datetime import date

import pytest

from partyorg.rules import config
from partyorg.rules import meetings as m
from partyorg.rules.base import Confidence, RuleViolation


def test_a_month_with_only_a_thematic_meeting_has_no_regular_meeting() -> None:
    """RULES.md §5, Charter Art. 24(2) [V]: the thematic meeting does not replace the monthly one."""
    with pytest.raises(RuleViolation) as excinfo:
        m.check_regular_held(2025, 3, [m.THEMATIC, m.EXTRAORDINARY])
    assert excinfo.value.code == "meetings.regular_monthly"
    assert excinfo.value.message == (
        "Tháng 03/2025 chi bộ không sinh hoạt thường kỳ; chi bộ phải họp thường lệ mỗi tháng một lần."
    )
    assert "Điều lệ Đảng" in str(excinfo.value)


@pytest.mark.parametrize("kind", [m.REGULAR, m.COMBINED])
def test_a_regular_or_combined_meeting_is_the_month_s_meeting(kind: str) -> None:
    """RULES.md §5, Charter Art. 24(2) and HD 42 (combined = thematic held with the regular one)."""
    m.check_regular_held(2025, 3, [kind])


def test_a_quarter_needs_one_thematic_meeting_by_default() -> None:
    """RULES.md §5 [P] (mnhoabinhvb.haiphong.edu.vn): at least once a quarter; combined counts."""
    m.check_thematic_held(2025, 1, [m.REGULAR, m.REGULAR, m.COMBINED])
    with pytest.raises(RuleViolation) as excinfo:
        m.check_thematic_held(2025, 2, [m.REGULAR, m.REGULAR, m.REGULAR, m.EXTRAORDINARY])
    assert (
        excinfo.value.message
        == "Quý 2/2025 chi bộ sinh hoạt chuyên đề 0 lần, ít hơn mức tối thiểu 1 lần mỗi quý."
    )
    assert excinfo.value.rule.confidence is Confidence.PARTIAL


def test_the_thematic_count_is_configurable() -> None:
    """RULES.md §5 [P]: config.thematic_meetings_per_quarter."""
    config.configure(thematic_meetings_per_quarter=2)
    with pytest.raises(RuleViolation):
        m.check_thematic_held(2025, 1, [m.THEMATIC])
    m.check_thematic_held(2025, 1, [m.THEMATIC, m.COMBINED])


@pytest.mark.parametrize(
    ("kind", "held_on", "minimum"),
    [
        pytest.param(m.REGULAR, date(2025, 10, 27), None, id="HD 42: no minimum the day before 28/10/2025"),
        pytest.param(m.REGULAR, date(2025, 10, 28), 90, id="HD 42: 90 minutes from 28/10/2025"),
        pytest.param(m.THEMATIC, date(2026, 3, 10), 90, id="HD 42: 90 minutes for a thematic meeting"),
        pytest.param(m.COMBINED, date(2026, 3, 10), 120, id="HD 42: 120 minutes when held together"),
        pytest.param(m.EXTRAORDINARY, date(2026, 3, 10), None, id="HD 42: not for an extraordinary one"),
    ],
)
def test_minimum_duration_is_chosen_by_date(kind: str, held_on: date, minimum: int | None) -> None:
    """RULES.md §5, HD 42-HD/BTCTW 28/10/2025 [V]."""
    assert m.minimum_duration(kind, held_on) == minimum


def test_a_short_combined_meeting_after_hd_42_is_refused_with_its_message() -> None:
    """RULES.md §5, HD 42-HD/BTCTW 28/10/2025 [V]: 119 minutes < 120."""
    m.check_duration(m.COMBINED, date(2025, 12, 5), 120)
    m.check_duration(m.COMBINED, date(2025, 10, 1), 60)  # before HD 42: not judged
    with pytest.raises(RuleViolation) as excinfo:
        m.check_duration(m.COMBINED, date(2025, 12, 5), 119)
    assert excinfo.value.message == (
        "Buổi sinh hoạt thường kỳ kết hợp chuyên đề ngày 05/12/2025 kéo dài 119 phút, "
        "dưới thời lượng tối thiểu 120 phút."
    )
    assert "Hướng dẫn 42-HD/BTCTW ngày 28/10/2025" in str(excinfo.value)


def test_three_non_consecutive_months_in_a_calendar_year_warn() -> None:
    """RULES.md §2.9 [V] "ba tháng trong năm"; §2.9 (a) [U]: non-consecutive months of the calendar year."""
    m.check_unexcused_absences(2025, [2, 2, 9])  # two months only, however many meetings
    with pytest.raises(RuleViolation) as excinfo:
        m.check_unexcused_absences(2025, [2, 5, 9])
    assert excinfo.value.code == "meetings.absence_removal"
    assert excinfo.value.message == (
        "Đảng viên vắng sinh hoạt chi bộ không có lý do 3 tháng trong năm 2025 (tháng 02, 05, 09): "
        "đủ căn cứ để chi bộ xem xét, đề nghị xóa tên "
        "(bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng)."
    )
    assert "Quy định 29-QĐ/TW" in str(excinfo.value)


def test_consecutive_counting_is_a_configurable_reading() -> None:
    """RULES.md §2.9 (a) [U]: config.absence_warning_consecutive_months counts the longest run."""
    config.configure(absence_warning_consecutive_months=True)
    assert m.counted_absence_months([2, 5, 9]) == 1
    m.check_unexcused_absences(2025, [2, 5, 9])
    with pytest.raises(RuleViolation):
        m.check_unexcused_absences(2025, [4, 5, 6])


def test_only_regular_meetings_count_toward_the_ground_by_default() -> None:
    """RULES.md §2.9 [U]: which absences count (config.absence_warning_every_meeting_kind)."""
    assert m.absence_counts(m.REGULAR) and m.absence_counts(m.COMBINED)
    assert not m.absence_counts(m.THEMATIC) and not m.absence_counts(m.EXTRAORDINARY)
    config.configure(absence_warning_every_meeting_kind=True)
    assert m.absence_counts(m.EXTRAORDINARY)
