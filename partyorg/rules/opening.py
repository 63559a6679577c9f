"""Members who predate the records (issue 15): what an opening balance can and cannot tell.

A province's records begin on some day; its members of that day were admitted before it, elsewhere
or in a time whose papers partyorg never held. Their log begins with an *opening*
(``EventKind.OPENED``): a member, official or probationary, of an organization from a day, with the
admission decision (RULES.md §2.4: the start of party age), the admission ceremony (§2.3: the start
of probation) and the recognition as far as they are known. From that day the member counts in
every figure exactly as one admitted there; before it, in none (the records did not hold them).

What RULES.md does not say, and what partyorg does [U]:

- **Admission day unknown.** §2.4 counts party age from the admission decision and, with no
  decision on file, from the admission date printed on the party card [V]; it says nothing of a
  member whose day is known from neither. partyorg computes nothing it would have to guess: no
  party age, no badge due (§2.6), no 50-year dues exemption (§4); the member is named among the
  data-quality findings (:data:`ADMISSION_UNKNOWN_RULE`) until the day is recorded (a correction of
  the opening that gives it).
- **Ceremony day unknown for a probationary member.** Probation runs 12 months from the ceremony
  (§2.3): without it the recognition's due day and the checks of a recognition on time cannot be
  computed; the member is named among the findings (:data:`CEREMONY_UNKNOWN_RULE`).
- **Gaps before the opening.** Party age subtracts the gaps (§2.4); an opening says nothing of gaps
  before its day, so partyorg subtracts none there (the party card's admission day already answers
  for them in practice) and the gaps recorded after the opening as for anyone.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules._dates import fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import RULES_MD

ADMISSION_UNKNOWN_RULE = Rule(
    "opening.admission_unknown",
    "Đảng viên từ trước khi có hồ sơ chưa rõ ngày quyết định kết nạp: chưa tính được tuổi đảng, Huy hiệu "
    "Đảng và miễn đóng đảng phí khi đủ 50 năm tuổi đảng (tuổi đảng tính từ ngày quyết định kết nạp; "
    "không có quyết định thì theo ngày kết nạp ghi trên thẻ đảng viên)",
    RULES_MD.at("", "§2.4"),
    Confidence.UNVERIFIED,
)
CEREMONY_UNKNOWN_RULE = Rule(
    "opening.ceremony_unknown",
    "Đảng viên dự bị từ trước khi có hồ sơ chưa rõ ngày lễ kết nạp: chưa tính được ngày hết 12 tháng dự "
    "bị và thời hạn xét công nhận đảng viên chính thức",
    RULES_MD.at("", "§2.3"),
    Confidence.UNVERIFIED,
)
GAPS_BEFORE_RULE = Rule(
    "opening.no_gaps_before",
    "Tuổi đảng của đảng viên từ trước khi có hồ sơ: không trừ thời gian gián đoạn nào trước ngày có hồ sơ "
    "(hồ sơ không ghi), trừ các thời gian gián đoạn ghi sau ngày đó như mọi đảng viên",
    RULES_MD.at("", "§2.4"),
    Confidence.UNVERIFIED,
)

# Findings that say what cannot be computed, not that something was done wrong: the services record
# an opening that raises them without an override (members.services.record_event).
NOTICES = frozenset({ADMISSION_UNKNOWN_RULE.code, CEREMONY_UNKNOWN_RULE.code})


def check_admission_known(opened_on: date, admitted_on: date | None) -> None:
    """Refuses an opening of ``opened_on`` that does not know its admission decision's day."""
    if admitted_on is None:
        raise RuleViolation(
            ADMISSION_UNKNOWN_RULE,
            _(
                "Đảng viên từ trước khi có hồ sơ (từ ngày %(day)s) chưa rõ ngày quyết định kết nạp: chưa "
                "tính được tuổi đảng và Huy hiệu Đảng"
            )
            % {"day": fmt(opened_on)},
        )


def check_ceremony_known(opened_on: date, probationary: bool, ceremony_on: date | None) -> None:
    """Refuses a probationary opening that does not know its admission ceremony's day."""
    if probationary and ceremony_on is None:
        raise RuleViolation(
            CEREMONY_UNKNOWN_RULE,
            _(
                "Đảng viên dự bị từ trước khi có hồ sơ (từ ngày %(day)s) chưa rõ ngày lễ kết nạp: chưa "
                "tính được ngày hết 12 tháng dự bị"
            )
            % {"day": fmt(opened_on)},
        )
