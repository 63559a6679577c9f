"""Transfers of party activity (chuyển sinh hoạt đảng), RULES.md §2.7.

Official transfer: QĐ 29-QĐ/TW §6.3.1, QĐ 24, and QĐ 294-QĐ/TW §6.3.1 from 01/07/2025 (who issues the
letter changed in 2025; the 60 and 30 working days did not) [V].
Temporary transfer: QĐ 24 / QĐ 232-QĐ/TW §6.3.2 [V]; abroad: provincial handbook only [P].
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import config
from partyorg.rules._dates import add_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.calendar import add_working_days
from partyorg.rules.documents import BINH_THUAN_HANDBOOK, QD_24, QD_29

START_DEADLINE_RULE = Rule(
    "transfers.start_deadline",
    "Trong 60 ngày làm việc kể từ ngày quyết định có hiệu lực hoặc thay đổi nơi cư trú, đảng viên phải làm "
    "thủ tục chuyển sinh hoạt đảng chính thức",
    QD_29.at("§6.3.1", "§2.7"),  # the same 60 days in QĐ 24 and QĐ 294 §6.3.1
    Confidence.VERIFIED,
)
REPORT_DEADLINE_RULE = Rule(
    "transfers.report_deadline",
    "Trong 30 ngày làm việc kể từ ngày giới thiệu, đảng viên phải xuất trình giấy giới thiệu sinh hoạt đảng "
    "với chi ủy nơi chuyển đến",
    QD_29.at("§6.3.1", "§2.7"),  # the same 30 days in QĐ 24 and QĐ 294 §6.3.1
    Confidence.VERIFIED,
)
TEMPORARY_PERIOD_RULE = Rule(
    "transfers.temporary_period",
    "Sinh hoạt đảng tạm thời: thay đổi nơi cư trú, nơi làm việc từ 3 tháng đến dưới 1 năm; đi học tập trung "
    "trong nước từ 3 tháng đến 2 năm",
    QD_24.at("§6.3.2", "§2.7"),  # restated in QĐ 232 §6.3.2
    Confidence.VERIFIED,
)
TEMPORARY_ABROAD_RULE = Rule(
    "transfers.temporary_abroad",
    "Sinh hoạt đảng tạm thời ở ngoài nước: từ 3 tháng đến dưới 12 tháng",
    BINH_THUAN_HANDBOOK.at("", "§2.7"),
    Confidence.PARTIAL,
)
TEMPORARY_NOT_COUNTED = Rule(
    "transfers.temporary_not_counted",
    "Đảng viên sinh hoạt đảng tạm thời không tính vào đảng số của tổ chức đảng nơi sinh hoạt tạm thời",
    QD_24.at("§6.3.2", "§2.7"),  # restated in QĐ 232 §6.3.2
    Confidence.VERIFIED,
)

START_WORKING_DAYS = 60
REPORT_WORKING_DAYS = 30

# reason → (minimum months, maximum months, maximum included?, Vietnamese wording)
# The wordings are marked for translation and translated where the refusal uses them.
_TEMPORARY_PERIODS = {
    "work_or_residence": (
        3,
        12,
        False,
        gettext_noop("thay đổi nơi cư trú, nơi làm việc: từ 3 tháng đến dưới 1 năm"),
    ),
    "study": (3, 24, True, gettext_noop("đi học tập trung trong nước: từ 3 tháng đến 2 năm")),
}
TEMPORARY_REASONS = ("work_or_residence", "study", "abroad")


def transfer_start_deadline(effective_on: date) -> date:
    """Last day to start an official transfer: 60 working days after the decision takes effect [V]."""
    return add_working_days(effective_on, START_WORKING_DAYS)


def transfer_report_deadline(letter_issued_on: date) -> date:
    """Last day to present the introduction letter at the destination: 30 working days after issue [V]."""
    return add_working_days(letter_issued_on, REPORT_WORKING_DAYS)


def check_transfer_reported_on_time(letter_issued_on: date, reported_on: date) -> None:
    """Refuse a late report: the member or organization at fault must report the reason (QĐ 294 §6.3.1)."""
    deadline = transfer_report_deadline(letter_issued_on)
    if reported_on > deadline:
        raise RuleViolation(
            REPORT_DEADLINE_RULE,
            _(
                "Đảng viên xuất trình giấy giới thiệu sinh hoạt đảng ngày %(day)s, quá thời hạn "
                "30 ngày làm việc kể từ ngày giới thiệu (%(issued)s, hạn cuối %(deadline)s); "
                "đảng viên hoặc tổ chức đảng có lỗi phải báo cáo rõ lý do."
            )
            % {"day": fmt(reported_on), "issued": fmt(letter_issued_on), "deadline": fmt(deadline)},
        )


def check_temporary_transfer_period(start: date, expected_end: date, *, reason: str) -> None:
    """Refuse a temporary transfer whose expected length does not fit its reason.

    "work_or_residence": 3 months to < 1 year; "study" (full-time in Vietnam): 3 months to 2 years
    (QĐ 232 §6.3.2) [V]; "abroad": 3 to < 12 months by default (config, [P]).
    # [U] interpretation: ``expected_end`` is the last day written on the letter, inclusive, so the length
    # is [start, expected_end + 1 day): 01/01–31/03 is exactly 3 months, 01/01–31/12 is a full year.
    """
    if reason == "abroad":
        minimum = config.DEFAULTS.temporary_abroad_min_months
        maximum = config.DEFAULTS.temporary_abroad_max_months
        max_included = False
        wording = _("ra nước ngoài: từ %(minimum)s tháng đến dưới %(maximum)s tháng") % {
            "minimum": minimum,
            "maximum": maximum,
        }
        rule = TEMPORARY_ABROAD_RULE
    elif reason in _TEMPORARY_PERIODS:
        minimum, maximum, max_included, wording = _TEMPORARY_PERIODS[reason]
        wording = _(wording)
        rule = TEMPORARY_PERIOD_RULE
    else:
        raise ValueError(f"unknown temporary transfer reason: {reason!r}")
    end_exclusive = expected_end + timedelta(days=1)
    too_short = end_exclusive < add_months(start, minimum)
    limit = add_months(start, maximum)
    too_long = end_exclusive > limit if max_included else end_exclusive >= limit
    if too_short or too_long:
        raise RuleViolation(
            rule,
            _(
                "Thời gian sinh hoạt đảng tạm thời từ %(start)s đến %(end)s không phù hợp; "
                "trường hợp %(wording)s."
            )
            % {"start": fmt(start), "end": fmt(expected_end), "wording": wording},
        )
