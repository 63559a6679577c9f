"""Probation (thời kỳ dự bị) and official recognition (công nhận đảng viên chính thức), RULES.md §2.3.

Probation starts at the admission ceremony, not at the decision (RULES.md §8 item 1); party age, by
contrast, starts at the decision (see :mod:`partyorg.rules.party_age`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules._dates import add_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.calendar import add_working_days
from partyorg.rules.documents import CHARTER, QD_29

PROBATION_LENGTH_RULE = Rule(
    "probation.length",
    "Thời kỳ dự bị 12 tháng, tính từ ngày chi bộ tổ chức lễ kết nạp",
    CHARTER.at("Điều 5(1)", "§2.3"),
    Confidence.VERIFIED,
)
RECOGNITION_EFFECTIVE_RULE = Rule(
    "probation.recognition_effective",
    "Đảng viên đủ điều kiện được công nhận chính thức đúng thời điểm hết 12 tháng dự bị",
    QD_29.at("§4.2b", "§2.3"),
    Confidence.VERIFIED,
)
RECOGNITION_PROPOSAL_DEADLINE_RULE = Rule(
    "probation.proposal_deadline",
    "Trong 30 ngày làm việc kể từ khi hết 12 tháng dự bị, chi bộ xét và đề nghị công nhận chính thức",
    QD_29.at("§4.2a", "§2.3"),
    Confidence.VERIFIED,
)
RECOGNITION_DECISION_DEADLINE_RULE = Rule(
    "probation.decision_deadline",
    "Cấp ủy có thẩm quyền quyết định công nhận chính thức trong 30 ngày làm việc kể từ ngày chi bộ có nghị "
    "quyết (trường hợp đặc biệt gia hạn tối đa 30 ngày làm việc)",
    QD_29.at("§4.3.1", "§2.3"),
    Confidence.VERIFIED,
)

PROBATION_MONTHS = 12
PROPOSAL_WORKING_DAYS = 30
DECISION_WORKING_DAYS = 30
DECISION_EXTENSION_WORKING_DAYS = 30


def probation_end(ceremony_on: date) -> date:
    """The day probation ends and the member becomes official: the ceremony's date 12 months later.

    Source: Charter Art. 5(1) [V]. Worked example of HD 01-HD/TW (2016): ceremony 26/07/2015 →
    official 26/07/2016, i.e. the same day of the month one year later.
    # [U] interpretation: a ceremony on 29/02 ends on 28/02 of the next year (the last day of the month),
    # so the probation never exceeds 12 calendar months.
    """
    return add_months(ceremony_on, PROBATION_MONTHS)


def recognition_effective_on(ceremony_on: date) -> date:
    """The effective date of recognition: the end of the 12 months, even if the cell or committee is late.

    Source: QĐ 29-QĐ/TW §4.2b (from 25/07/2016) [V].
    """
    return probation_end(ceremony_on)


def recognition_proposal_deadline(ceremony_on: date) -> date:
    """Last day for the cell's recognition resolution: 30 working days after the probation ends.

    Source: QĐ 29-QĐ/TW §4.2a (from 25/07/2016) [V].
    """
    return add_working_days(probation_end(ceremony_on), PROPOSAL_WORKING_DAYS)


def recognition_decision_deadline(cell_resolution_on: date) -> tuple[date, date]:
    """(due, latest): 30 working days after the cell's resolution, up to 30 more in special cases.

    Source: QĐ 29-QĐ/TW §4.3.1 (from 25/07/2016) [V].
    """
    due = add_working_days(cell_resolution_on, DECISION_WORKING_DAYS)
    return due, add_working_days(due, DECISION_EXTENSION_WORKING_DAYS)


def check_recognition_date(ceremony_on: date, effective_on: date) -> None:
    """Refuse a recognition effective on any day other than the end of the 12-month probation."""
    end = probation_end(ceremony_on)
    if effective_on != end:
        raise RuleViolation(
            RECOGNITION_EFFECTIVE_RULE,
            _(
                "Đảng viên dự bị được công nhận chính thức đúng thời điểm hết 12 tháng dự bị (%(end)s, "
                "lễ kết nạp ngày %(ceremony)s), không phải ngày %(day)s."
            )
            % {"end": fmt(end), "ceremony": fmt(ceremony_on), "day": fmt(effective_on)},
        )
