"""Configurable defaults of the cadre-work rules (công tác cán bộ, RULES.md §11) that are [P] or [U].

Like :mod:`partyorg.rules.config`, for cadre work only: a [V] rule is written in its module
(:mod:`~partyorg.rules.retirement`, :mod:`~partyorg.rules.appointment`, :mod:`~partyorg.rules.planning`,
:mod:`~partyorg.rules.state_ratings`, :mod:`~partyorg.rules.cadre_deadlines`); a [P] or [U] number or
choice lives here, and a deployment corrects it in its settings (``PARTYORG_CADRES``), which
:func:`configure` applies at start-up (``partyorg/core/apps.py``).

==============================================  ===================  ===  ====================================
Setting                                         Default              Tag  Why it is configurable
==============================================  ===================  ===  ====================================
``female_leader_retirement_months`` (None: off) None                 [U]  ND 83/2022 extra years (K1)
``appointment_min_months_377``                  60                   [U]  QĐ 377 age text not read (K2)
``appointment_term_years``                      5                    [P]  ND 138; 377/ND 170 unread (K3)
``reappointment_notice_state_working_days``     False                [P]  state posts: 90 days (K4)
``near_retirement_paths_for_all``               True                 [P]  ND 115 is for viên chức (K5)
``discipline_waiting_months``                   24 / 36 / 60         [P]  377 via a news page (K6)
``planning_limits_before_377``                  True                 [U]  3 × 3 quoted from 377 only (K7)
``planning_min_months``                         60                   [U]  QĐ 50 wording; 377 unread (K8)
``planning_age_at_term_start``                  True                 [U]  HD 16 method not read (K9)
``rotation_min_months_65``                      120                  [P]  QĐ 65 values not read (K10)
``rotation_one_term_months_65``                 60                   [P]  QĐ 65 values not read (K10)
``state_rating_nd335_categories``               ("civil_servant",)   [U]  viên chức, cán bộ from 2026 (K11)
``state_rating_quota_percent_nd90`` (None: off) 20                   [P]  ND 90 cap secondary (K12)
``state_rating_quota_base_includes_excellent``  False                [U]  base of the 20% (K13)
``state_rating_short_service_nd335``            True                 [P]  ND 335 exclusion unread (K14)
``retirement_alert_months``                     (12, 6)              —    lead times are a choice (K15)
``suspension_serious_working_days``             None                 [U]  serious-case length (K16)
==============================================  ===================  ===  ====================================

(K1) ND 83/2022 lets women in listed senior posts retire later (RULES.md §11.10 [V] list / [U] extra years;
     [U] RULES.md §11.16 #8). None: not applied. A number of months (720 for 60 years) is the age such a
     woman retires at when it is above the ND 135 schedule; the caller says whether her post is listed.
(K2) From 08/10/2025 appointment and nomination to a higher post are governed by QĐ 377, whose age text
     was not read ([U] RULES.md §11.16 #1); the default keeps the 60 months of KL 08 / QĐ 80 (§11.5 [V]).
(K3) "5 years per appointment" (ND 138; viên chức at most 5 years) is [P] for cadres and [U] under
     QĐ 377 / ND 170 ([U] RULES.md §11.16 #1, #5).
(K4) QĐ 377 notifies a cadre ≥ 90 working days before the term ends [V]; the older state rule and
     QĐ 727/BNV (2025) say 90 days (RULES.md §11.5, §11.14 "configurable to 90 calendar days for state
     posts", §11.15 #6). False: a state post counts 90 calendar days; True: 90 working days as 377.
(K5) ND 115 Art. 49 (viên chức, [V]): < 5 years left at re-appointment → the new term runs to
     retirement; < 2 years → the post is extended to retirement. [P] for cadres and civil servants
     (RULES.md §11.5, §11.14). False applies them to viên chức only.
(K6) QĐ 377: a higher post only 24 months after a reprimand, 36 after a warning, 60 after removal from
     post (RULES.md §11.5, §11.14 [P], an English news page). Rows (sanction code of
     :mod:`partyorg.rules.discipline`, months), counted from the day the sanction takes effect.
(K7) "At most 3 cadres per position, 3 positions per person at the same level" is quoted from QĐ 377
     (RULES.md §11.4 [V]); True applies the same limits to planning under QĐ 50 (27/12/2021–07/10/2025),
     which is commonly read so but not quoted in RULES.md.
(K8) Planned cadres must have working time for at least one full next term: "đủ tuổi công tác 2 nhiệm kỳ
     trở lên, ít nhất phải trọn một nhiệm kỳ kế tiếp" (QĐ 50, RULES.md §11.4 [V] wording; whether QĐ 377
     kept it [U], RULES.md §11.16 #1).
(K9) The planning age is counted at the start of the planned term (RULES.md §11.4, §11.15 #2 [U]: HD 16
     topic 7 not read, RULES.md §11.16 #2). False counts it at the day of the planning decision.
(K10) QĐ 98 Art. 5 [V]: ≥ 10 years (2 terms) of work left at departure, ≥ 1 term for the non-local and
     two-term cases; QĐ 65 (from 28/04/2022) is [P] with the same numbers ([U] RULES.md §11.16 #3).
(K11) ND 335/2025 rates công chức from 01/01/2026 (RULES.md §11.3 [V]); whether viên chức (and elected
     cán bộ) stay under ND 90 is [U] (RULES.md §11.3, §11.16 #6). The categories listed here are rated
     under ND 335 from 2026; the others stay under ND 90 / ND 48.
(K12) "Excellent ≤ 20 % of those rated good": [V] for ND 335, [P] for ND 90 (RULES.md §11.3). None
     switches the ND 90 cap off.
(K13) "≤ 20 % của số được xếp loại hoàn thành tốt": False (shipped) counts only those rated exactly
     "good", as the state text reads literally; True counts the excellent too, as the party rating does
     by default (``rating_quota_base_includes_excellent`` in :mod:`partyorg.rules.config`).
(K14) "Worked < 6 months in the year: reviewed, not rated" is ND 48/2023 [V]; RULES.md §11.15 #5 states it
     for the state rating generally, not from ND 335's text. False: ND 335 rates everybody.
(K15) Retirement alerts 12 and 6 months before the ND 135 month (RULES.md §11.14: "lead times are a
     choice").
(K16) A temporary suspension (QĐ 148, QĐ 377) lasts at most 15 working days, extendable by 15, in the
     "necessary" case [V]; the longer period of the serious-violation case was not found ([U] RULES.md
     §11.16 #4). None: no end is computed for that case; a number of working days sets it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

WaitingRow = tuple[str, int]


@dataclass(frozen=True)
class CadreDefaults:
    """The configurable numbers of cadre work; see the module docstring for each one's source and tag."""

    female_leader_retirement_months: int | None = None
    appointment_min_months_377: int = 60
    appointment_term_years: int = 5
    reappointment_notice_state_working_days: bool = False
    near_retirement_paths_for_all: bool = True
    discipline_waiting_months: tuple[WaitingRow, ...] = (
        ("reprimand", 24),
        ("warning", 36),
        ("removal_from_post", 60),
    )
    planning_limits_before_377: bool = True
    planning_min_months: int = 60
    planning_age_at_term_start: bool = True
    rotation_min_months_65: int = 120
    rotation_one_term_months_65: int = 60
    state_rating_nd335_categories: tuple[str, ...] = ("civil_servant",)
    state_rating_quota_percent_nd90: int | None = 20
    state_rating_quota_base_includes_excellent: bool = False
    state_rating_short_service_nd335: bool = True
    retirement_alert_months: tuple[int, ...] = (12, 6)
    suspension_serious_working_days: int | None = None


DEFAULTS = CadreDefaults()


def configure(**overrides: Any) -> CadreDefaults:
    """Replace :data:`DEFAULTS` by a copy with ``overrides`` applied; unknown names raise ``TypeError``."""
    global DEFAULTS
    if "discipline_waiting_months" in overrides:
        overrides["discipline_waiting_months"] = tuple(
            (str(code), int(months)) for code, months in overrides["discipline_waiting_months"]
        )
    for name in ("state_rating_nd335_categories", "retirement_alert_months"):
        if name in overrides:
            overrides[name] = tuple(overrides[name])
    DEFAULTS = replace(DEFAULTS, **overrides)
    return DEFAULTS


def reset() -> CadreDefaults:
    """Restore the shipped defaults (tests; a deployment that re-reads its settings)."""
    global DEFAULTS
    DEFAULTS = CadreDefaults()
    return DEFAULTS
