"""Cell meetings (sinh hoạt chi bộ), RULES.md §5, and the attendance ground for removal, §2.9.

Regular meeting every month: Charter Art. 24(2) [V] ("Chi bộ, chi uỷ họp thường lệ mỗi tháng một lần").
Thematic meeting at least once a quarter, not replacing the monthly one: [P] (a school cell's page;
the central guidance, HD 12-HD/BTCTW of 18/01/2018, was not read), so the number is
``config.thematic_meetings_per_quarter``.
Minimum length: HD 42-HD/BTCTW (28/10/2025) [V]: 90 minutes, 120 when the thematic and the regular
meetings are held together. No minimum before 28/10/2025 is known (RULES.md §5, §9 item 11), so
earlier meetings are not judged on length.
Removal warning: "bỏ sinh hoạt đảng … ba tháng trong năm" without a legitimate reason (Charter Art. 8,
QĐ 29-QĐ/TW §8.1, unchanged in QĐ 24) [V]; how the three months are counted is [U] (RULES.md §2.9 (a)).

These functions take kinds, dates and numbers; who attended and which meetings exist is the business
of ``partyorg.meetings``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import config
from partyorg.rules._dates import fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import CHARTER, HD_42_2025, HOABINH_THEMATIC, QD_29, RULES_MD

# The meeting kinds, as partyorg.meetings.models.MeetingKind stores them (rules import no ORM).
REGULAR = "regular"
THEMATIC = "thematic"
COMBINED = "combined"  # the thematic meeting held together with the regular one
EXTRAORDINARY = "extraordinary"
KINDS = (REGULAR, THEMATIC, COMBINED, EXTRAORDINARY)

REGULAR_MONTHLY_RULE = Rule(
    "meetings.regular_monthly",
    "Chi bộ, chi ủy họp thường lệ mỗi tháng một lần",
    CHARTER.at("Điều 24 khoản 2", "§5"),
    Confidence.VERIFIED,
)
THEMATIC_QUARTERLY_RULE = Rule(
    "meetings.thematic_quarterly",
    "Chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần; sinh hoạt chuyên đề không thay thế sinh hoạt "
    "thường kỳ hằng tháng",
    HOABINH_THEMATIC.at("", "§5"),
    Confidence.PARTIAL,
)
MINIMUM_DURATION_RULE = Rule(
    "meetings.minimum_duration",
    "Thời lượng sinh hoạt chi bộ tối thiểu 90 phút; sinh hoạt chuyên đề kết hợp sinh hoạt thường kỳ "
    "tối thiểu 120 phút",
    HD_42_2025.at("", "§5"),
    Confidence.VERIFIED,
    valid_from=date(2025, 10, 28),
)
ABSENCE_REMOVAL_RULE = Rule(
    "meetings.absence_removal",
    "Đảng viên bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng thì chi bộ xem xét, "
    "đề nghị xóa tên",
    QD_29.at("§8.1", "§2.9"),  # Charter Art. 8; unchanged in QĐ 24
    Confidence.VERIFIED,
)
ABSENCE_COUNTING_RULE = Rule(
    "meetings.absence_counting",
    "Cách đếm “ba tháng trong năm”: các tháng trong năm dương lịch, không cần liên tiếp "
    "(diễn giải, có thể cấu hình)",
    RULES_MD.at("§9", "§2.9"),
    Confidence.UNVERIFIED,
)

MINIMUM_MINUTES = 90
MINIMUM_MINUTES_COMBINED = 120
REMOVAL_ABSENCE_MONTHS = 3

# Marked for translation, kept plain strings; a refusal translates the one it names.
KIND_LABELS = {
    REGULAR: gettext_noop("sinh hoạt thường kỳ"),
    THEMATIC: gettext_noop("sinh hoạt chuyên đề"),
    COMBINED: gettext_noop("sinh hoạt thường kỳ kết hợp chuyên đề"),
    EXTRAORDINARY: gettext_noop("sinh hoạt bất thường"),
}


def counts_as_regular(kind: str) -> bool:
    """A combined meeting is the month's regular meeting held together with a thematic one (HD 42)."""
    return kind in (REGULAR, COMBINED)


def counts_as_thematic(kind: str) -> bool:
    """A combined meeting is also the thematic one; a regular meeting alone is not (RULES.md §5 [P])."""
    return kind in (THEMATIC, COMBINED)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def check_regular_held(year: int, month: int, kinds_held: Collection[str]) -> None:
    """Refuse a month in which the cell held no regular (or combined) meeting. Charter Art. 24(2) [V]."""
    if not any(counts_as_regular(kind) for kind in kinds_held):
        raise RuleViolation(
            REGULAR_MONTHLY_RULE,
            _(
                "Tháng %(month)02d/%(year)s chi bộ không sinh hoạt thường kỳ; "
                "chi bộ phải họp thường lệ mỗi tháng một lần."
            )
            % {"month": month, "year": year},
        )


def check_thematic_held(year: int, quarter: int, kinds_held: Collection[str]) -> None:
    """Refuse a quarter with fewer thematic (or combined) meetings than required. RULES.md §5 [P]."""
    required = config.DEFAULTS.thematic_meetings_per_quarter
    held = sum(1 for kind in kinds_held if counts_as_thematic(kind))
    if held < required:
        raise RuleViolation(
            THEMATIC_QUARTERLY_RULE,
            _(
                "Quý %(quarter)s/%(year)s chi bộ sinh hoạt chuyên đề %(held)s lần, "
                "ít hơn mức tối thiểu %(required)s lần mỗi quý."
            )
            % {"quarter": quarter, "year": year, "held": held, "required": required},
        )


def minimum_duration(kind: str, held_on: date) -> int | None:
    """Minutes a meeting must last on ``held_on``, or None when no minimum applies.

    HD 42-HD/BTCTW from 28/10/2025 [V]: 90 minutes, 120 for a combined meeting. Before 28/10/2025 no
    minimum is known. An extraordinary meeting is called for one matter; HD 42 as RULES.md gives it
    speaks of the cell's regular and thematic meetings, so none is applied to it (interpretation).
    The committee's own rule for small cells (HD 42) is not modelled: a finding there is for the officer.
    """
    if not MINIMUM_DURATION_RULE.in_force_on(held_on) or kind == EXTRAORDINARY:
        return None
    return MINIMUM_MINUTES_COMBINED if kind == COMBINED else MINIMUM_MINUTES


def check_duration(kind: str, held_on: date, minutes: int) -> None:
    """Refuse a meeting shorter than the minimum in force on its day (HD 42-HD/BTCTW, 28/10/2025)."""
    minimum = minimum_duration(kind, held_on)
    if minimum is not None and minutes < minimum:
        raise RuleViolation(
            MINIMUM_DURATION_RULE,
            _(
                "Buổi %(kind)s ngày %(day)s kéo dài %(minutes)s phút, "
                "dưới thời lượng tối thiểu %(minimum)s phút."
            )
            % {"kind": _(KIND_LABELS[kind]), "day": fmt(held_on), "minutes": minutes, "minimum": minimum},
        )


def absence_counts(kind: str) -> bool:
    """Whether an unexcused absence from a meeting of ``kind`` makes its month one of "bỏ sinh hoạt".

    [U] RULES.md §2.9: by default the month's regular (or combined) meeting, the one every member must
    attend; ``config.absence_warning_every_meeting_kind`` counts every meeting.
    """
    return config.DEFAULTS.absence_warning_every_meeting_kind or counts_as_regular(kind)


def counted_absence_months(months: Iterable[int]) -> int:
    """How many of the months (1–12) of one calendar year count toward the removal ground.

    [U] RULES.md §2.9 (a): distinct months, not necessarily consecutive (default); with
    ``config.absence_warning_consecutive_months`` the longest run of consecutive months.
    """
    distinct = sorted(set(months))
    if not config.DEFAULTS.absence_warning_consecutive_months:
        return len(distinct)
    longest = run = 0
    previous = None
    for month in distinct:
        run = run + 1 if previous is not None and month == previous + 1 else 1
        longest = max(longest, run)
        previous = month
    return longest


def check_unexcused_absences(year: int, months: Iterable[int]) -> None:
    """Warn (raise) when a member's unexcused absences reach three months of ``year``.

    Charter Art. 8, QĐ 29-QĐ/TW §8.1 [V]: a ground for the cell to consider removal (xóa tên), not a
    removal: the cell proposes and the competent committee decides (HD 01-HD/TW §11.1).
    """
    distinct = sorted(set(months))
    if counted_absence_months(distinct) >= REMOVAL_ABSENCE_MONTHS:
        listed = ", ".join(f"{m:02d}" for m in distinct)
        raise RuleViolation(
            ABSENCE_REMOVAL_RULE,
            _(
                "Đảng viên vắng sinh hoạt chi bộ không có lý do %(count)s tháng trong năm %(year)s "
                "(tháng %(months)s): đủ căn cứ để chi bộ xem xét, đề nghị xóa tên "
                "(bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng)."
            )
            % {"count": len(distinct), "year": year, "months": listed},
        )
