"""Configurable defaults for the rules that RULES.md marks [P] (partial) or [U] (unverified).

A [V] rule is written in code. A [P] or [U] number lives here, so a deployment can correct it without
touching the rule modules: call :func:`configure` once at start-up (for example from settings), and the
rules read ``config.DEFAULTS`` at call time.

====================================================  ==========  ===  ====================================
Setting                                               Default     Tag  Why it is configurable
====================================================  ==========  ===  ====================================
``extra_days_off``                                    empty       —    package may miss a decision (1)
``extra_working_days``                                empty       —    swap working days not known (1)
``admission_age_by_calendar_month``                   False       [U]  day-level age counting unstated (2)
``badge_posthumous_early_months``                     12          [P]  secondary source only (3)
``temporary_abroad_min_months``                       3           [P]  provincial handbook only (4)
``temporary_abroad_max_months`` (excluded)            12          [P]  provincial handbook only (4)
``readmission_family_planning_waiting_months``        36          [U]  Ban Bí thư rule not retrieved (5)
``awareness_certificate_valid_months``                60          [P]  secondary sources only (6)
``admission_file_valid_months``                       12          [P]  secondary source only (7)
``admission_vote_threshold`` (share of officials)     (2, 3)      [P]  restated for recognition (8)
``sympathizer_min_months`` (0: not checked)           0           [P]  local practice only (9)
``admission_member_introducers``                      2           [U]  not in RULES.md (10)
``admission_member_introducers_with_union``           1           [U]  not in RULES.md (10)
``party_age_gaps_by_day_count``                       False       [U]  gap arithmetic unstated (11)
``thematic_meetings_per_quarter``                     1           [P]  secondary source only (M1)
``absence_warning_consecutive_months``                False       [U]  counting unstated (M2)
``absence_warning_every_meeting_kind``                False       [U]  which meetings count (M3)
``committee_term_years``                              5           [P]  Charter Art. 22 not read (C1)
``committee_term_delay_months``                       12          [P]  old Charter, upper levels (C2)
``pilot_cell_term_delay_months``                      6           [U]  pilot silent on it (C3)
``leaders_must_be_official``                          True        [U]  rule not quoted (C4)
``rating_new_member_min_months``                      6           [P]  third-party form only (R1)
``rating_new_member_counts_from_ceremony``            False       [U]  start day unstated (R2)
``rating_excellent_quota_percent_2023`` (None: off)   20          [U]  QĐ 124 quota not read (R3)
``rating_excellent_quota_percent_2025`` (None: off)   20          [U]  HD 43 quota not read (R3)
``rating_quota_base_includes_excellent``              True        [U]  base of the 20% unclear (R4)
``rating_366_disciplined_not_fulfilled``              True        [P]  state mirror only (R5)
``rating_consecutive_not_fulfilled_years``            2           [U]  equivalence unverified (R6)
``discipline_vote_threshold_light``                   (1, 2)      [P]  commentary only (D1)
``discipline_vote_threshold_heavy``                   (2, 3)      [P]  commentary only (D1)
====================================================  ==========  ===  ====================================

The dues tables ([U] regional minimum wages, [U] retirement ages, [P] fixed amounts of QĐ 342, [U]
rounding and the others of RULES.md §4) live beside their rules, dated, in
:mod:`partyorg.rules.dues_config`, documented in ``docs/dues.md``.

(1) The ``holidays`` package follows the Labour Code and known government decisions; a deployment adds
    a day off (a Tết arrangement) or a weekend working day (a swap day) that the package lacks.
(2) "đủ 18 / đủ 60 tuổi (tính theo tháng)" does not say how the day within the month counts (RULES.md
    §2.1, §9 item 8). False counts completed months to the day; True counts calendar months only (born
    in 03/2000 → 18 during all of 03/2018).
(3) Posthumous badges may be early by at most 12 months (RULES.md §2.6, luatminhkhue.vn).
(4) Temporary transfer abroad for 3 to < 12 months (RULES.md §2.7, Bình Thuận handbook).
(5) Exits for family-planning violations follow "quy định riêng của Ban Bí thư", not retrieved
    (RULES.md §2.12); the general 36 months is assumed.
(6) Validity of the party-awareness course certificate (RULES.md §2.2, §9 item 13: lsx.vn, ezlearning).
(7) A file not considered by the cell within 12 months must have its introductions and the Youth Union
    or trade-union resolution redone (RULES.md §2.2, luatduonggia.vn).
(8) The cell's admission resolution needs two thirds of its official members (Charter Art. 4 as
    RULES.md §2.2 gives it, [P]); the same share for recognition is [V] (QĐ 29 §4.2c) and not configurable.
(9) "≥ 1 year as sympathizer before background verification" is one grassroots committee's practice
    (RULES.md §2.2 step 3, hpu2.edu.vn); a deployment that follows it sets 12.
(10) How many official members must introduce the applicant (two; one beside the Youth Union's or trade
    union's resolution) is Charter Art. 4 from background knowledge: RULES.md §2.2 names the introducer's
    conditions and forms 3-KNĐ/4-KNĐ but not the number.
(11) RULES.md §2.4 says which periods party age loses, not how a gap is subtracted. False (shipped):
    a gap is a calendar span, subtracted in years, months and days, so a one-year gap costs one year
    with or without a 29 February (admitted 01/10/1989, gap 01/03/1995–01/03/1996: 29 years on
    01/10/2019). True: a gap costs its number of days (the same member: 28 years 11 months 29 days),
    the arithmetic partyorg used before. Month ends and several gaps: :mod:`partyorg.rules.party_age`.
    It moves every date computed from party age: badge due dates and early-award windows, the day the
    50-year dues exemption starts.
(M1) "Sinh hoạt chuyên đề ít nhất mỗi quý một lần" (RULES.md §5 [P]: a school cell's page; the central
    source, HD 12-HD/BTCTW of 2018, was not read). A combined meeting (thematic held with the regular one)
    counts for the quarter.
(M2) The removal ground "bỏ sinh hoạt đảng ba tháng trong năm" (RULES.md §2.9 [V]) does not say whether the
    three months must be consecutive; RULES.md §2.9 (a) says count non-consecutive months of the calendar
    year unless told otherwise. True counts only the longest run of consecutive months.
(M3) Which absences make a month "bỏ sinh hoạt": by default an unexcused absence from the month's regular
    (or combined) meeting; True counts an unexcused absence from any meeting (thematic, extraordinary).
(C1) Terms of grassroots organizations and above are 5 years in practice (cycles 2015–2020, 2020–2025,
    2025–2030); the exact Charter Art. 22 wording was not retrieved (RULES.md §1.4, §9 item 1).
(C2) A congress may be later than its term by at most 12 months with the superior's consent: the old
    Charter text for provincial and district levels (RULES.md §1.4 [P]), extended to grassroots
    organizations [U]. A term is overdue after its due day plus these months.
(C3) The 2025 pilot (cell congress once in 5 years, QĐ 294, RULES.md §1.4 [V]) says nothing about the
    6-month shift of Charter Art. 24(3); the default keeps it.
(C4) A secretary, deputy secretary or committee member must be an official member: probationary
    members do not count for the 9-member threshold (RULES.md §1.3 note, §8 item 4) and, by the
    Charter as generally known, may not stand for election; RULES.md does not quote that text.
(R1) Members admitted less than 6 months before the review are not rated: a third-party template of
    statistics form 6F lists them (RULES.md §3.3 [P], §8 item 9). 0 rates everybody.
(R2) "Mới kết nạp" is counted from the admission decision (the day party age starts, RULES.md §2.4);
    True counts from the admission ceremony (the start of probation) instead.
(R3) The 20% excellent-member quota is [V] for QĐ 132 (HD 16/21, 2018–2023) and hard-coded there; whether
    QĐ 124 (2023) and HD 43 (2025) keep it is [U] (RULES.md §3.1, §3.2, §9 item 4). None switches it off.
(R4) "≤ 20% của số đảng viên Hoàn thành tốt nhiệm vụ": True counts the excellent ones in the base (they
    are chosen among the good ones: "100% hoàn thành tốt nhiệm vụ, trong đó 13,04% xuất sắc"); False counts
    only the members rated exactly "Hoàn thành tốt".
(R5) Under QĐ 366 "disciplined in the evaluation year" as a ground for "Không hoàn thành" comes from the
    state mirror of the scale (Nghị định 335/2025, RULES.md §3.2 [P]); applied to members and organizations.
(R6) "Hai năm liền vi phạm tư cách đảng viên" (removal ground, RULES.md §2.9) is commonly read as two
    consecutive years rated "Không hoàn thành nhiệm vụ" (§9 item 9 [U]); members are flagged, not removed.
(D1) Discipline votes (RULES.md §2.10 [P], baolamdong.vn): reprimand and warning need more than 1/2,
    removal from post and expulsion more than 2/3, of all members entitled to vote (not those present).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class RuleDefaults:
    """The configurable numbers; see the module docstring for each one's source and tag."""

    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    admission_age_by_calendar_month: bool = False
    badge_posthumous_early_months: int = 12
    temporary_abroad_min_months: int = 3
    temporary_abroad_max_months: int = 12
    readmission_family_planning_waiting_months: int = 36
    awareness_certificate_valid_months: int = 60
    admission_file_valid_months: int = 12
    admission_vote_threshold: tuple[int, int] = (2, 3)
    sympathizer_min_months: int = 0
    admission_member_introducers: int = 2
    admission_member_introducers_with_union: int = 1
    party_age_gaps_by_day_count: bool = False
    thematic_meetings_per_quarter: int = 1
    absence_warning_consecutive_months: bool = False
    absence_warning_every_meeting_kind: bool = False
    committee_term_years: int = 5
    committee_term_delay_months: int = 12
    pilot_cell_term_delay_months: int = 6
    leaders_must_be_official: bool = True
    rating_new_member_min_months: int = 6
    rating_new_member_counts_from_ceremony: bool = False
    rating_excellent_quota_percent_2023: int | None = 20
    rating_excellent_quota_percent_2025: int | None = 20
    rating_quota_base_includes_excellent: bool = True
    rating_366_disciplined_not_fulfilled: bool = True
    rating_consecutive_not_fulfilled_years: int = 2
    discipline_vote_threshold_light: tuple[int, int] = (1, 2)
    discipline_vote_threshold_heavy: tuple[int, int] = (2, 3)


DEFAULTS = RuleDefaults()


def configure(**overrides: Any) -> RuleDefaults:
    """Replace :data:`DEFAULTS` by a copy with ``overrides`` applied; unknown names raise ``TypeError``.

    Date sets may be given as any iterable of dates; they are stored as frozensets.
    """
    global DEFAULTS
    for name in ("extra_days_off", "extra_working_days"):
        if name in overrides:
            overrides[name] = frozenset(overrides[name])
    DEFAULTS = replace(DEFAULTS, **overrides)
    return DEFAULTS


def reset() -> RuleDefaults:
    """Restore the shipped defaults (used by tests and by a deployment that re-reads its settings)."""
    global DEFAULTS
    DEFAULTS = RuleDefaults()
    return DEFAULTS
