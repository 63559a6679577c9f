"""Admission conditions and deadlines (kết nạp đảng viên), RULES.md §2.1 and §2.2.

Age and education: QĐ 24-QĐ/TW §1.1.1 (30/07/2021), same in QĐ 232-QĐ/TW (20/01/2025).
Decision deadline: QĐ 29-QĐ/TW §4.3.1 (25/07/2016), same in QĐ 232 §4.3.1.
Ceremony deadline: QĐ 232 §4.1 and HD 01-HD/TW (28/09/2021).
Texts before QĐ 29 and the detailed successor of HD 01 (2021) were not checked (RULES.md §0, §9).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import config
from partyorg.rules._dates import completed_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.calendar import add_working_days
from partyorg.rules.documents import QD_24, QD_29, QD_232, RULES_MD

AGE_RULE = Rule(
    "admission.age",
    "Tuổi đời người vào Đảng: từ đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng) khi chi bộ xét kết nạp",
    QD_24.at("§1.1.1", "§2.1"),
    Confidence.VERIFIED,
)
AGE_OVER_60_RULE = Rule(
    "admission.age_over_60",
    "Người vào Đảng trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định",
    QD_24.at("§1.1.1", "§2.1"),
    Confidence.VERIFIED,
)
AGE_COUNTING_RULE = Rule(
    "admission.age_counting",
    "Cách tính tuổi theo tháng đến từng ngày (diễn giải, có thể cấu hình)",
    RULES_MD.at("§9 mục 8", "§2.1"),
    Confidence.UNVERIFIED,
)
EDUCATION_RULE = Rule(
    "admission.education",
    "Người vào Đảng phải tốt nghiệp trung học cơ sở trở lên",
    QD_24.at("§1.1.1", "§2.1"),
    Confidence.VERIFIED,
)
EDUCATION_EXCEPTION_RULE = Rule(
    "admission.education_exception",
    "Ngoại lệ về học vấn ở miền núi, hải đảo, vùng đồng bào dân tộc thiểu số, vùng khó khăn "
    "theo hướng dẫn của Ban Bí thư",
    QD_24.at("§1.1.1", "§2.1"),
    Confidence.UNVERIFIED,
)
DECISION_DEADLINE_RULE = Rule(
    "admission.decision_deadline",
    "Cấp ủy có thẩm quyền quyết định kết nạp trong 60 ngày làm việc kể từ ngày chi bộ có nghị quyết "
    "(trường hợp đặc biệt gia hạn tối đa 30 ngày làm việc)",
    QD_29.at("§4.3.1", "§2.2"),
    Confidence.VERIFIED,
)
CEREMONY_DEADLINE_RULE = Rule(
    "admission.ceremony_deadline",
    "Chi bộ tổ chức lễ kết nạp trong 30 ngày làm việc kể từ ngày nhận quyết định kết nạp",
    QD_232.at("§4.1", "§2.2"),
    Confidence.VERIFIED,
)
MIN_AGE_MONTHS = 18 * 12
MAX_AGE_MONTHS = 60 * 12

DECISION_WORKING_DAYS = 60
DECISION_EXTENSION_WORKING_DAYS = 30
CEREMONY_WORKING_DAYS = 30

# General education levels of the statistics forms (RULES.md §6.2), lowest first.
EDUCATION_LEVELS = ("literate", "primary", "lower_secondary", "upper_secondary")
# Marked for translation, kept plain strings (other modules read them); translated where a message uses them.
EDUCATION_LABELS = {
    "literate": gettext_noop("biết đọc, biết viết"),
    "primary": gettext_noop("tiểu học"),
    "lower_secondary": gettext_noop("trung học cơ sở"),
    "upper_secondary": gettext_noop("trung học phổ thông"),
}
MIN_EDUCATION_LEVEL = "lower_secondary"


def age_in_months(birth_date: date, on: date) -> int:
    """Completed months of age on ``on``: a month is complete on the same day of the month as the birth.

    Born 29/02 or 31/xx: the month completes on the last day of shorter months (see ``_dates.add_months``).
    """
    return completed_months(birth_date, on)


def _calendar_month_age(birth_date: date, on: date) -> int:
    """Age in months ignoring the day: born in 03/2000, 216 months for the whole of 03/2018."""
    return (on.year - birth_date.year) * 12 + (on.month - birth_date.month)


def _admission_age_months(birth_date: date, considered_on: date) -> int:
    # [U] interpretation: "tính theo tháng" does not say how the day within the month counts (RULES §2.1,
    # §9 item 8). By default we count completed months to the day (strict for the lower bound: nobody is
    # considered before their 18th birthday). config.admission_age_by_calendar_month switches to calendar
    # months; admission_age_is_boundary_case() flags the dates where the two readings disagree.
    if config.DEFAULTS.admission_age_by_calendar_month:
        return _calendar_month_age(birth_date, considered_on)
    return age_in_months(birth_date, considered_on)


def admission_age_is_boundary_case(birth_date: date, considered_on: date) -> bool:
    """True when the two readings of "tính theo tháng" give different answers: review by hand (RULES §2.1)."""
    by_day = age_in_months(birth_date, considered_on)
    by_month = _calendar_month_age(birth_date, considered_on)
    return (by_day >= MIN_AGE_MONTHS) != (by_month >= MIN_AGE_MONTHS) or (by_day > MAX_AGE_MONTHS) != (
        by_month > MAX_AGE_MONTHS
    )


def check_admission_age(birth_date: date, considered_on: date) -> None:
    """Full 18 to full 60 years, counted in months, on the day the cell considers the application.

    Source: QĐ 24-QĐ/TW §1.1.1 (from 30/07/2021), same in QĐ 232 and QĐ 294 [V]. Exactly 720 months
    ("đủ 60 tuổi") is still allowed; from the 721st month the provincial-level committee
    (cấp ủy trực thuộc Trung ương) must decide, which an officer records as an override with a reason.
    """
    months = _admission_age_months(birth_date, considered_on)
    years, rest = divmod(months, 12)
    if months < MIN_AGE_MONTHS:
        raise RuleViolation(
            AGE_RULE,
            _(
                "Người vào Đảng phải đủ 18 tuổi (tính theo tháng) khi chi bộ xét kết nạp; "
                "ngày %(day)s mới %(years)s tuổi %(months)s tháng."
            )
            % {"day": fmt(considered_on), "years": years, "months": rest},
        )
    if months > MAX_AGE_MONTHS:
        raise RuleViolation(
            AGE_OVER_60_RULE,
            _(
                "Người vào Đảng đã quá 60 tuổi (ngày %(day)s: %(years)s tuổi %(months)s tháng); "
                "việc kết nạp do cấp ủy trực thuộc Trung ương xem xét, quyết định."
            )
            % {"day": fmt(considered_on), "years": years, "months": rest},
        )


def check_general_education(level: str, *, exception_area: bool) -> None:
    """Lower-secondary diploma or higher, except in the areas the Ban Bí thư guidance names.

    Source: QĐ 24-QĐ/TW §1.1.1 [V]; the exception details are [U].
    """
    if level not in EDUCATION_LEVELS:
        raise ValueError(f"unknown general education level: {level!r}")
    # [U] interpretation: in an exception area (miền núi, hải đảo, vùng đồng bào dân tộc thiểu số, vùng đặc
    # biệt khó khăn, other cases) we accept any level: the minimum there is set by Ban Bí thư guidance that
    # RULES.md did not retrieve, so the officer who ticks the exception answers for it.
    if exception_area:
        return
    if EDUCATION_LEVELS.index(level) < EDUCATION_LEVELS.index(MIN_EDUCATION_LEVEL):
        raise RuleViolation(
            EDUCATION_RULE,
            _(
                "Người vào Đảng phải tốt nghiệp trung học cơ sở trở lên (trình độ hiện tại: "
                "%(level)s); chỉ miền núi, hải đảo, vùng đồng bào dân tộc thiểu số, "
                "vùng đặc biệt khó khăn được xét ngoại lệ theo hướng dẫn của Ban Bí thư."
            )
            % {"level": _(EDUCATION_LABELS[level])},
        )


def admission_decision_deadline(cell_resolution_on: date) -> tuple[date, date]:
    """(due, latest): 60 working days after the cell's resolution, up to 30 more in special cases.

    Source: QĐ 29-QĐ/TW §4.3.1 (from 25/07/2016), same in QĐ 232 §4.3.1 [V].
    """
    due = add_working_days(cell_resolution_on, DECISION_WORKING_DAYS)
    latest = add_working_days(due, DECISION_EXTENSION_WORKING_DAYS)
    return due, latest


def ceremony_deadline(decision_received_on: date) -> date:
    """Last day for the admission ceremony: 30 working days after the cell receives the decision.

    Source: QĐ 232-QĐ/TW §4.1 (from 20/01/2025) and HD 01-HD/TW (28/09/2021) [V].
    """
    return add_working_days(decision_received_on, CEREMONY_WORKING_DAYS)


def check_ceremony_on_time(decision_received_on: date, ceremony_on: date) -> None:
    """Refuse a ceremony after the 30-working-day deadline: it needs the direct superior's consent."""
    deadline = ceremony_deadline(decision_received_on)
    if ceremony_on > deadline:
        raise RuleViolation(
            CEREMONY_DEADLINE_RULE,
            _(
                "Lễ kết nạp ngày %(day)s quá thời hạn 30 ngày làm việc kể từ ngày nhận quyết định "
                "kết nạp (%(received)s, hạn cuối %(deadline)s); chi bộ phải báo cáo và được "
                "cấp ủy cấp trên trực tiếp đồng ý."
            )
            % {"day": fmt(ceremony_on), "received": fmt(decision_received_on), "deadline": fmt(deadline)},
        )
