"""Temporary suspension, stepping down, resignation and dismissal: the deadlines of RULES.md §11.7 and
§11.14 ("Suspension expiry", "Resignation/dismissal handling").

* Temporary suspension (tạm đình chỉ công tác), not a sanction: at most 15 working days, extendable by
  at most 15, in the "necessary" case: QĐ 148 (23/05/2024) [V], then QĐ 377 (from 08/10/2025), which
  replaced it, [P] for the same numbers; civil servants ≤ 15 working days (ND 116/2024, ND 138 Art. 68a,
  from 17/09/2024) [V]. The serious-violation case is longer, by how much is [U] (RULES.md §11.16 #4,
  ``suspension_serious_working_days``).
* Stepping down, resignation, dismissal under QĐ 377 [V]: the proposal within 10 working days of the day
  the grounds are sufficient; the decision within 10 working days of the proposal, at most 15.

Working days are those of :mod:`partyorg.rules.calendar`. Before these documents nothing is computed
(RULES.md gives no earlier numbers).

Public API::

    suspension_until(start: date, *, extended: bool = False, civil_servant: bool = False,
                     serious: bool = False) -> Period | None     # .last_day, .rule
    dismissal_timeline(grounds_on: date) -> Timeline | None      # .propose_by, .decide_by,
                                                                 # .decide_by_at_most, .rule
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from partyorg.rules import cadre_config
from partyorg.rules.base import Confidence, Rule
from partyorg.rules.cadre_documents import ND_116_2024, QD_148, QD_377
from partyorg.rules.calendar import add_working_days

QD_377_FROM = date(2025, 10, 8)
SUSPENSION_WORKING_DAYS = 15
SUSPENSION_EXTENSION_WORKING_DAYS = 15
PROPOSE_WITHIN_WORKING_DAYS = 10
DECIDE_WITHIN_WORKING_DAYS = 10
DECIDE_AT_MOST_WORKING_DAYS = 15

SUSPENSION_148_RULE = Rule(
    "stepping_down.suspension_148",
    "Tạm đình chỉ công tác (không phải hình thức kỷ luật) trong trường hợp cần thiết: không quá 15 ngày làm "
    "việc, gia hạn không quá 15 ngày làm việc",
    QD_148.at("thời hạn tạm đình chỉ", "§11.7, §11.14"),
    Confidence.VERIFIED,
    valid_from=date(2024, 5, 23),
    valid_until=QD_377_FROM,
)
SUSPENSION_377_RULE = Rule(
    "stepping_down.suspension_377",
    "Tạm đình chỉ công tác trong trường hợp cần thiết: không quá 15 ngày làm việc, gia hạn không quá 15 ngày "
    "làm việc (như Quy định 148)",
    QD_377.at("tạm đình chỉ công tác", "§11.7, §11.14"),
    Confidence.PARTIAL,
    valid_from=QD_377_FROM,
)
SUSPENSION_CIVIL_SERVANT_RULE = Rule(
    "stepping_down.suspension_civil_servant",
    "Tạm đình chỉ công tác đối với công chức: không quá 15 ngày làm việc",
    ND_116_2024.at("Nghị định 138/2020/NĐ-CP Điều 68a", "§11.7"),
    Confidence.VERIFIED,
    valid_from=date(2024, 9, 17),
)
SUSPENSION_SERIOUS_RULE = Rule(
    "stepping_down.suspension_serious",
    "Tạm đình chỉ công tác khi có dấu hiệu vi phạm nghiêm trọng: thời hạn dài hơn (chưa xác minh; có thể cấu "
    "hình)",
    QD_377.at("tạm đình chỉ công tác", "§11.7, §11.16 mục 4"),
    Confidence.UNVERIFIED,
)
TIMELINE_377_RULE = Rule(
    "stepping_down.timeline_377",
    "Thôi giữ chức vụ, từ chức, miễn nhiệm: đề xuất trong 10 ngày làm việc kể từ khi có đủ căn cứ; quyết "
    "định trong 10 ngày làm việc, có thể kéo dài nhưng không quá 15 ngày làm việc",
    QD_377.at("thời hạn xem xét", "§11.7, §11.14"),
    Confidence.VERIFIED,
    valid_from=QD_377_FROM,
)


@dataclass(frozen=True)
class Period:
    last_day: date  # the last day of the suspension
    rule: Rule


def _working_days_from(start: date, n: int) -> date:
    """The n-th working day of a period that starts on ``start`` (``start`` counts when it is one).

    # [U] interpretation: "không quá 15 ngày làm việc" from the day the suspension takes effect counts
    # that day; RULES.md does not say.
    """
    return add_working_days(start - timedelta(days=1), n)


def suspension_until(
    start: date, *, extended: bool = False, civil_servant: bool = False, serious: bool = False
) -> Period | None:
    """The last day of a temporary suspension that starts on ``start`` (RULES.md §11.7, §11.14)."""
    if serious:
        days = cadre_config.DEFAULTS.suspension_serious_working_days  # [U] RULES.md §11.16 #4
        return Period(_working_days_from(start, days), SUSPENSION_SERIOUS_RULE) if days else None
    if civil_servant and SUSPENSION_CIVIL_SERVANT_RULE.known_on(start):
        return Period(_working_days_from(start, SUSPENSION_WORKING_DAYS), SUSPENSION_CIVIL_SERVANT_RULE)
    rule = next((r for r in (SUSPENSION_148_RULE, SUSPENSION_377_RULE) if r.known_on(start)), None)
    if rule is None:
        return None
    days = SUSPENSION_WORKING_DAYS + (SUSPENSION_EXTENSION_WORKING_DAYS if extended else 0)
    return Period(_working_days_from(start, days), rule)


@dataclass(frozen=True)
class Timeline:
    propose_by: date
    decide_by: date  # 10 working days after the proposal is due
    decide_by_at_most: date  # extended: 15 working days
    rule: Rule


def dismissal_timeline(grounds_on: date) -> Timeline | None:
    """When stepping down, resignation or dismissal must be proposed and decided, from the day the grounds
    are sufficient (QĐ 377 [V]); the decision's days run from the last day of the proposal."""
    if not TIMELINE_377_RULE.known_on(grounds_on):
        return None
    propose_by = add_working_days(grounds_on, PROPOSE_WITHIN_WORKING_DAYS)
    return Timeline(
        propose_by,
        add_working_days(propose_by, DECIDE_WITHIN_WORKING_DAYS),
        add_working_days(propose_by, DECIDE_AT_MOST_WORKING_DAYS),
        TIMELINE_377_RULE,
    )
