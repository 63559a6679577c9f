"""Re-admission (kết nạp lại), RULES.md §2.12.

QĐ 24-QĐ/TW §3.5 (30/07/2021), restated in QĐ 232-QĐ/TW (20/01/2025) and QĐ 294-QĐ/TW §3.5 (from
01/07/2025) [V]: at least 36 months after leaving (60 months after the criminal record is cleared for a
less serious crime), only once, never for five grounds. The procedure is that of a first admission, with
probation, and party age counts from the first decision (:mod:`partyorg.rules.party_age`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import config
from partyorg.rules._dates import add_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import QD_24, QD_232

# How a person left the Party (the exit event kinds of the member log).
EXIT_KINDS = ("removed", "expelled", "withdrawn", "died")

# Why they left, as far as re-admission cares.
EXIT_GROUNDS = (
    "abandoned_activity",  # tự bỏ sinh hoạt đảng
    "withdrawal",  # làm đơn xin ra khỏi Đảng
    "withdrawal_family_hardship",  # … vì hoàn cảnh gia đình đặc biệt khó khăn: the exception of point 2
    "disunity",  # gây mất đoàn kết nội bộ nghiêm trọng
    "corruption_conviction",  # bị kết án vì tội tham nhũng
    "serious_crime_conviction",  # bị kết án về tội nghiêm trọng trở lên
    "less_serious_crime_conviction",  # bị án hình sự về tội ít nghiêm trọng
    "family_planning",  # vi phạm chính sách dân số và kế hoạch hóa gia đình
    "other",
)

# The five grounds that exclude re-admission, in the order of the text. The wording of point 5 is the
# QĐ 232 wording quoted in RULES.md §2.12 ("bị kết án về tội nghiêm trọng trở lên"). Secondary pages quote
# the same words for QĐ 29 and QĐ 24, and "bị kết án hình sự về tội phạm nghiêm trọng trở lên" for QĐ 294:
# the change is one of wording, the set of excluded people is the same, so one table serves every period
# and only the cited document follows the date.
# Marked for translation, kept plain strings; the refusal translates the ground it names.
EXCLUDED_GROUNDS = {
    "abandoned_activity": gettext_noop("tự bỏ sinh hoạt đảng"),
    "withdrawal": gettext_noop(
        "làm đơn xin ra khỏi Đảng (trừ trường hợp vì lý do gia đình đặc biệt khó khăn)"
    ),
    "disunity": gettext_noop("gây mất đoàn kết nội bộ nghiêm trọng"),
    "corruption_conviction": gettext_noop("bị kết án vì tội tham nhũng"),
    "serious_crime_conviction": gettext_noop("bị kết án về tội nghiêm trọng trở lên"),
}

WAITING_RULE = Rule(
    "readmission.waiting",
    "Kết nạp lại sau ít nhất 36 tháng kể từ khi ra khỏi Đảng; người bị án hình sự về tội ít nghiêm trọng sau "
    "60 tháng kể từ ngày được xóa án tích",
    QD_24.at("§3.5.1", "§2.12"),
    Confidence.VERIFIED,
)
FAMILY_PLANNING_RULE = Rule(
    "readmission.family_planning",
    "Người ra khỏi Đảng do vi phạm chính sách dân số và kế hoạch hóa gia đình: theo quy định riêng "
    "của Ban Bí thư (thời gian chờ có thể cấu hình)",
    QD_24.at("§3.5.1", "§2.12"),
    Confidence.UNVERIFIED,
)
ONCE_RULE = Rule(
    "readmission.once",
    "Chỉ xem xét kết nạp lại một lần",
    QD_24.at("§3.5", "§2.12"),
    Confidence.VERIFIED,
)
EXCLUDED_GROUNDS_RULE_QD24 = Rule(
    "readmission.excluded_grounds",
    "Không xem xét kết nạp lại người ra khỏi Đảng vì một trong năm lý do",
    QD_24.at("§3.5.2", "§2.12"),
    Confidence.VERIFIED,
    valid_until=date(2025, 1, 20),
)
EXCLUDED_GROUNDS_RULE = Rule(
    "readmission.excluded_grounds_232",
    "Không xem xét kết nạp lại người ra khỏi Đảng vì một trong năm lý do (điểm 5: bị kết án về tội nghiêm "
    "trọng trở lên)",
    QD_232.at("§3.5.2", "§2.12"),
    Confidence.VERIFIED,
    valid_from=date(2025, 1, 20),
)

WAITING_MONTHS = 36
WAITING_MONTHS_AFTER_RECORD_CLEARED = 60


def excluded_grounds_rule_on(on: date) -> Rule:
    """The version of the excluded-grounds rule in force on ``on``: QĐ 24, then QĐ 232 from 20/01/2025.

    # [U] interpretation: before QĐ 24 (30/07/2021) we cite QĐ 24 too; QĐ 29 had the same five grounds
    # according to secondary pages, but RULES.md does not record its text.
    """
    return EXCLUDED_GROUNDS_RULE if EXCLUDED_GROUNDS_RULE.in_force_on(on) else EXCLUDED_GROUNDS_RULE_QD24


def check_readmission(
    *,
    exit_on: date,
    exit_ground: str,
    decided_on: date,
    previous_readmissions: int,
    record_cleared_on: date | None = None,
    difficult_family_reasons: bool = False,
) -> None:
    """Refuse a re-admission decided on ``decided_on`` that the rules forbid.

    Checks, in order: only once; the five excluded grounds (withdrawal allowed for very difficult family
    reasons); the waiting time (36 months after ``exit_on``; for a less serious crime also 60 months after
    ``record_cleared_on``; for family planning ``config.readmission_family_planning_waiting_months`` [U]).
    """
    if exit_ground not in EXIT_GROUNDS:
        raise ValueError(f"unknown exit ground: {exit_ground!r}")
    if previous_readmissions >= 1:
        raise RuleViolation(
            ONCE_RULE, _("Người này đã được kết nạp lại một lần; chỉ xem xét kết nạp lại một lần.")
        )
    # A withdrawal for very difficult family reasons is not excluded: said at the re-admission
    # (``difficult_family_reasons``) or recorded with the exit as its own ground.
    family_exception = exit_ground == "withdrawal" and difficult_family_reasons
    if exit_ground in EXCLUDED_GROUNDS and not family_exception:
        raise RuleViolation(
            excluded_grounds_rule_on(decided_on),
            _("Không xem xét kết nạp lại người trước đây ra khỏi Đảng vì lý do: %(ground)s.")
            % {"ground": _(EXCLUDED_GROUNDS[exit_ground])},
        )

    rule = WAITING_RULE
    months = WAITING_MONTHS
    if exit_ground == "family_planning":
        # [U] interpretation: the Ban Bí thư's special rules were not retrieved; the general waiting time
        # applies unless the deployment configures another one.
        rule = FAMILY_PLANNING_RULE
        months = config.DEFAULTS.readmission_family_planning_waiting_months
    earliest = add_months(exit_on, months)
    reason = _("%(months)s tháng kể từ ngày ra khỏi Đảng (%(day)s)") % {"months": months, "day": fmt(exit_on)}

    if exit_ground == "less_serious_crime_conviction":
        if record_cleared_on is None:
            raise RuleViolation(
                WAITING_RULE,
                _(
                    "Người bị án hình sự về tội ít nghiêm trọng chỉ được xem xét kết nạp lại sau 60 tháng "
                    "kể từ ngày được xóa án tích; chưa có ngày xóa án tích."
                ),
            )
        # [U] interpretation: both periods must have passed (36 months after leaving and 60 months after the
        # record is cleared); in practice the second is the later one.
        after_record = add_months(record_cleared_on, WAITING_MONTHS_AFTER_RECORD_CLEARED)
        if after_record > earliest:
            earliest = after_record
            reason = _("60 tháng kể từ ngày được xóa án tích (%(day)s)") % {"day": fmt(record_cleared_on)}

    if decided_on < earliest:
        raise RuleViolation(
            rule,
            _("Chưa đủ thời gian để xem xét kết nạp lại: phải sau %(reason)s, tức từ ngày %(earliest)s.")
            % {"reason": reason, "earliest": fmt(earliest)},
        )
