"""Congress terms, committees and leadership positions (đại hội, nhiệm kỳ, cấp ủy, bí thư), RULES.md
§1.3, §1.4 and §1.5.

Terms (RULES.md §1.4):

* a subordinate cell (*chi bộ trực thuộc*, also under a sub-committee) holds its congress "năm năm hai
  lần" — twice in five years, a term of two or three calendar years — earlier or later by at most 6 months
  with the grassroots committee's consent: Charter Art. 24(3) [V], until 30/06/2025;
* from 01/07/2025 (QĐ 294-QĐ/TW) the pilot: a cell congress once every 5 years [V];
* every other organization (grassroots and above): 5-year terms [P] (Charter Art. 22 wording not retrieved,
  RULES.md §9 item 1), later by at most 12 months [P] (old Charter, for provincial and district levels;
  extended to grassroots by this system [U]). Both numbers are configurable (:mod:`partyorg.rules.config`).

A term is named by its years, "nhiệm kỳ 2017–2020". # [U] interpretation: the next congress is due on the
anniversary of the term's opening in its last year (a cell elected on 12/05/2017 for 2017–2020 is due on
12/05/2020), and the rule that fixes the length is the one in force on the day the term opened: a cell
elected for 2025–2027 before 01/07/2025 keeps its 2027 date; RULES.md does not say whether the pilot
lengthens terms already running.

Committees and positions (RULES.md §1.3): a cell elects a cell committee (*chi ủy*) only from 9 official
members, with at most 7 members, a secretary and one deputy; below 9 official members it elects a secretary
and, if needed, one deputy (QĐ 29 item 24, restated in QĐ 294; Charter Art. 24(4)) [V]. Probationary members
do not count (RULES.md §8 item 4). The superior committee may appoint a secretary, deputy or committee member
"khi thật cần thiết" [V]; from 01/07 to 15/08/2025 the provinces appointed the committees of the new commune
committees for 2025–2030 (HD 31-HD/BTCTW, RULES.md §1.5) [V].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules import config
from partyorg.rules._dates import add_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import CHARTER, HD_31_BTCTW, QD_29, QD_294, RULES_MD, TVS_CONGRESS_2020

PILOT_FROM = date(2025, 7, 1)  # QĐ 294-QĐ/TW in force (RULES.md §0.1, §1.4)

# Organization kinds as plain strings: rules import no ORM (values of organizations.models.OrgKind).
CELL = "cell"
GRASSROOTS_CELL = "grassroots_cell"
CELL_KINDS = frozenset({CELL, GRASSROOTS_CELL})

CELL_TERM_YEARS = (2, 3)  # "năm năm hai lần": two terms in five years
CELL_TERM_SHIFT_MONTHS = 6
PILOT_CELL_TERM_YEARS = 5
CELL_COMMITTEE_MIN_OFFICIAL = 9
CELL_COMMITTEE_MAX_MEMBERS = 7
CELL_MAX_DEPUTIES = 1

CELL_TERM_RULE = Rule(
    "committees.cell_term",
    "Đại hội chi bộ trực thuộc đảng ủy cơ sở, đảng ủy bộ phận: năm năm hai lần; có thể sớm hoặc muộn hơn "
    "nhưng không quá 6 tháng, do đảng ủy cơ sở quyết định",
    CHARTER.at("Điều 24(3)", "§1.4"),
    Confidence.VERIFIED,
    valid_until=date(2025, 7, 1),
)
CELL_TERM_PILOT_RULE = Rule(
    "committees.cell_term_pilot",
    "Thí điểm đại hội chi bộ 5 năm một lần (từ 01/07/2025)",
    QD_294.at("thí điểm đại hội chi bộ", "§1.4"),
    Confidence.VERIFIED,
    valid_from=PILOT_FROM,
)
TERM_RULE = Rule(
    "committees.term",
    "Nhiệm kỳ đại hội tổ chức cơ sở đảng và cấp trên: 5 năm (có thể cấu hình)",
    CHARTER.at("Điều 22 (chưa đối chiếu nguyên văn)", "§1.4, §9 mục 1"),
    Confidence.PARTIAL,
)
TERM_DELAY_RULE = Rule(
    "committees.term_delay",
    "Đại hội có thể sớm hoặc muộn hơn nhiệm kỳ với sự đồng ý của cấp ủy cấp trên, nhưng không muộn quá "
    "12 tháng (có thể cấu hình)",
    CHARTER.at("Điều lệ (bản cũ), đại hội cấp tỉnh, cấp huyện", "§1.4"),
    Confidence.PARTIAL,
)
PILOT_CELL_DELAY_RULE = Rule(
    "committees.cell_term_pilot_delay",
    "Thời gian đại hội chi bộ được muộn hơn nhiệm kỳ thí điểm 5 năm (diễn giải, có thể cấu hình)",
    RULES_MD.at("", "§1.4"),
    Confidence.UNVERIFIED,
    valid_from=PILOT_FROM,
)
CONGRESS_ROUND_2020_RULE = Rule(
    "committees.congress_round_2020",
    "Vòng đại hội nhiệm kỳ 2020–2025: cơ sở từ tháng 4/2020, xong trước 30/6/2020",
    TVS_CONGRESS_2020.at("tr. 109 (theo Chỉ thị 35-CT/TW)", "§1.4"),
    Confidence.PARTIAL,
)
CELL_COMMITTEE_RULE = Rule(
    "committees.cell_committee",
    "Chi bộ có từ 9 đảng viên chính thức trở lên bầu chi ủy, rồi bầu bí thư và một phó bí thư trong số chi "
    "ủy viên; dưới 9 đảng viên chính thức bầu bí thư, nếu cần bầu một phó bí thư",
    QD_29.at("mục 24 (nhắc lại trong Quy định 294-QĐ/TW)", "§1.3"),
    Confidence.VERIFIED,
)
CELL_COMMITTEE_SIZE_RULE = Rule(
    "committees.cell_committee_size",
    "Chi bộ đông đảng viên bầu không quá 7 chi ủy viên",
    QD_29.at("mục 24", "§1.3"),
    Confidence.VERIFIED,
)
CELL_DEPUTY_RULE = Rule(
    "committees.cell_deputy",
    "Chi bộ có một phó bí thư",
    QD_29.at("mục 24", "§1.3"),
    Confidence.VERIFIED,
)
APPOINTMENT_RULE = Rule(
    "committees.appointment",
    "Khi thật cần thiết, cấp ủy cấp trên trực tiếp chỉ định bí thư, phó bí thư, chi ủy viên (bằng quyết "
    "định)",
    QD_29.at("mục 24", "§1.3"),
    Confidence.VERIFIED,
)
APPOINTED_TERM_2025_RULE = Rule(
    "committees.appointed_term_2025",
    "Sắp xếp năm 2025: cấp tỉnh chỉ định ban chấp hành, ban thường vụ, bí thư đảng bộ xã, phường, đặc khu "
    "mới nhiệm kỳ 2025–2030",
    HD_31_BTCTW.at("thành lập đảng bộ xã, phường, đặc khu", "§1.5"),
    Confidence.VERIFIED,
)
HOLDER_OFFICIAL_RULE = Rule(
    "committees.holder_official",
    "Bí thư, phó bí thư, cấp ủy viên phải là đảng viên chính thức (diễn giải: đảng viên dự bị không có quyền "
    "ứng cử; có thể cấu hình)",
    RULES_MD.at("§8 mục 4", "§1.3"),
    Confidence.UNVERIFIED,
)
STANDING_COMMITTEE_RULE = Rule(
    "committees.standing_committee",
    "Chỉ đảng ủy (cơ sở trở lên) có ban thường vụ; chi bộ có chi ủy",
    RULES_MD.at("§1.3 (kiến thức chung)", "§1.3"),
    Confidence.UNVERIFIED,
)


@dataclass(frozen=True)
class Finding:
    """Something to look at, not a refusal: ``message`` is Vietnamese, ``rule`` says which rule."""

    rule: Rule
    message: str


def is_subordinate_cell(kind: str) -> bool:
    """A cell under a grassroots committee or a sub-committee (OrgKind.CELL)."""
    return kind == CELL


def term_rule(kind: str, opened_on: date) -> Rule:
    """The rule fixing the length of a term of an organization of ``kind`` opened on ``opened_on``."""
    if is_subordinate_cell(kind):
        return CELL_TERM_PILOT_RULE if CELL_TERM_PILOT_RULE.in_force_on(opened_on) else CELL_TERM_RULE
    return TERM_RULE


def allowed_term_years(kind: str, opened_on: date) -> tuple[int, ...]:
    """How many calendar years a term's name may span ("2017–2020": 3) for ``kind`` on ``opened_on``."""
    rule = term_rule(kind, opened_on)
    if rule is CELL_TERM_RULE:
        return CELL_TERM_YEARS
    if rule is CELL_TERM_PILOT_RULE:
        return (PILOT_CELL_TERM_YEARS,)
    return (config.DEFAULTS.committee_term_years,)


def term_label(first_year: int, last_year: int) -> str:
    return f"{first_year}–{last_year}"


def check_term_years(kind: str, opened_on: date, first_year: int, last_year: int) -> None:
    """Refuse a term whose years do not fit the rule in force when it opened (RULES.md §1.4)."""
    allowed = allowed_term_years(kind, opened_on)
    rule = term_rule(kind, opened_on)
    if last_year - first_year in allowed:
        return
    if rule is CELL_TERM_RULE:
        expected = _("2 hoặc 3 năm (đại hội năm năm hai lần)")
    else:
        expected = _("%(years)s năm") % {"years": allowed[0]}
    raise RuleViolation(
        rule,
        _("Nhiệm kỳ %(term)s không đúng độ dài nhiệm kỳ áp dụng ngày %(day)s: %(expected)s.")
        % {"term": term_label(first_year, last_year), "day": fmt(opened_on), "expected": expected},
    )


def term_due_on(opened_on: date, last_year: int) -> date:
    """The day the next congress is due: the anniversary of the term's opening in its last year."""
    return add_months(opened_on, 12 * (last_year - opened_on.year))


def term_delay_months(kind: str, opened_on: date) -> int:
    """How many months after :func:`term_due_on` a congress may still be held (RULES.md §1.4)."""
    rule = term_rule(kind, opened_on)
    if rule is CELL_TERM_RULE:
        return CELL_TERM_SHIFT_MONTHS
    if rule is CELL_TERM_PILOT_RULE:
        # [U] interpretation: RULES.md says nothing of a shift under the pilot; the default keeps 6 months.
        return config.DEFAULTS.pilot_cell_term_delay_months
    return config.DEFAULTS.committee_term_delay_months


def delay_rule(kind: str, opened_on: date) -> Rule:
    rule = term_rule(kind, opened_on)
    if rule is CELL_TERM_RULE:
        return CELL_TERM_RULE
    if rule is CELL_TERM_PILOT_RULE:
        return PILOT_CELL_DELAY_RULE
    return TERM_DELAY_RULE


def term_latest_on(kind: str, opened_on: date, last_year: int) -> date:
    """The last day the next congress may be held: due day + the allowed delay."""
    return add_months(term_due_on(opened_on, last_year), term_delay_months(kind, opened_on))


def is_term_overdue(kind: str, opened_on: date, last_year: int, on: date) -> bool:
    """True when on ``on`` the term opened on ``opened_on`` has run past its latest congress day."""
    return on > term_latest_on(kind, opened_on, last_year)


def check_congress_in_time(kind: str, opened_on: date, last_year: int, held_on: date) -> None:
    """Refuse a congress that opens the next term too early or too late after the term opened on
    ``opened_on`` ("nhiệm kỳ … đến năm ``last_year``").

    Too early: only a subordinate cell has a bound, 6 months before the due day (Charter Art. 24(3)) [V];
    RULES.md gives none for other levels. Too late: after :func:`term_latest_on`. Either may still be
    recorded with an override naming the rule (the superior's consent), as for membership events.
    """
    due = term_due_on(opened_on, last_year)
    rule = term_rule(kind, opened_on)
    if rule is CELL_TERM_RULE and held_on < add_months(due, -CELL_TERM_SHIFT_MONTHS):
        raise RuleViolation(
            CELL_TERM_RULE,
            _(
                "Đại hội chi bộ ngày %(day)s sớm hơn 6 tháng so với hạn nhiệm kỳ (%(due)s); "
                "đại hội chi bộ chỉ được sớm không quá 6 tháng, do đảng ủy cơ sở quyết định."
            )
            % {"day": fmt(held_on), "due": fmt(due)},
        )
    latest = term_latest_on(kind, opened_on, last_year)
    if held_on > latest:
        months = term_delay_months(kind, opened_on)
        raise RuleViolation(
            delay_rule(kind, opened_on),
            _(
                "Đại hội ngày %(day)s muộn quá %(months)s tháng so với hạn nhiệm kỳ (%(due)s, "
                "hạn cuối %(latest)s)."
            )
            % {"day": fmt(held_on), "months": months, "due": fmt(due), "latest": fmt(latest)},
        )


def overdue_finding(kind: str, opened_on: date, first_year: int, last_year: int, on: date) -> Finding | None:
    """A finding when the term is overdue on ``on``, else None."""
    if not is_term_overdue(kind, opened_on, last_year, on):
        return None
    latest = term_latest_on(kind, opened_on, last_year)
    return Finding(
        delay_rule(kind, opened_on),
        _(
            "Quá hạn đại hội: nhiệm kỳ %(term)s (từ %(opened)s) phải tổ chức "
            "đại hội chậm nhất ngày %(latest)s."
        )
        % {"term": term_label(first_year, last_year), "opened": fmt(opened_on), "latest": fmt(latest)},
    )


# -- committees and positions -----------------------------------------------------------------------------


def may_elect_committee(kind: str, official_members: int) -> bool:
    """A cell elects a committee only from 9 official members; other organizations always have one."""
    return kind not in CELL_KINDS or official_members >= CELL_COMMITTEE_MIN_OFFICIAL


def check_committee_allowed(kind: str, official_members: int) -> None:
    """Refuse a cell committee member (chi ủy viên) in a cell with fewer than 9 official members.

    Source: QĐ 29-QĐ/TW item 24, restated in QĐ 294; Charter Art. 24(4) [V]. Probationary members do not
    count (RULES.md §8 item 4).
    """
    if not may_elect_committee(kind, official_members):
        raise RuleViolation(
            CELL_COMMITTEE_RULE,
            _(
                "Chi bộ có %(official)s đảng viên chính thức (dưới 9) không bầu chi ủy; chi bộ bầu bí "
                "thư, nếu cần bầu một phó bí thư."
            )
            % {"official": official_members},
        )


def check_cell_committee_size(kind: str, committee_size: int) -> None:
    """Refuse an eighth member of a cell committee (secretary and deputy included) [V]."""
    if kind in CELL_KINDS and committee_size > CELL_COMMITTEE_MAX_MEMBERS:
        raise RuleViolation(
            CELL_COMMITTEE_SIZE_RULE,
            _("Chi ủy có %(size)s thành viên; chi bộ bầu không quá 7 chi ủy viên.")
            % {"size": committee_size},
        )


def check_deputies(kind: str, deputies: int) -> None:
    """Refuse a second deputy secretary of a cell (``deputies``: how many there would be) [V].

    The number of deputies of a committee (đảng ủy) is not in RULES.md (§1.3 [U]) and is not checked.
    """
    if kind in CELL_KINDS and deputies > CELL_MAX_DEPUTIES:
        raise RuleViolation(
            CELL_DEPUTY_RULE,
            _("Chi bộ chỉ có một phó bí thư (sẽ có %(deputies)s phó bí thư).") % {"deputies": deputies},
        )


def check_standing_committee(kind: str) -> None:
    """Refuse a standing-committee member in a cell: a cell has a cell committee, not a standing
    committee (RULES.md §1.3, general knowledge [U])."""
    if kind in CELL_KINDS:
        raise RuleViolation(
            STANDING_COMMITTEE_RULE, _("Chi bộ không có ban thường vụ; chi bộ có chi ủy (chi ủy viên).")
        )


def check_holder_official(is_official: bool) -> None:
    """Refuse a probationary member as secretary, deputy or committee member.

    # [U] interpretation: RULES.md does not quote the rule; it rests on the Charter's distinction of
    official members (§1.3 note, §8 item 4). ``config.leaders_must_be_official`` turns it off.
    """
    if config.DEFAULTS.leaders_must_be_official and not is_official:
        raise RuleViolation(
            HOLDER_OFFICIAL_RULE,
            _(
                "Người được bầu hoặc chỉ định vào cấp ủy, làm bí thư, phó bí thư "
                "phải là đảng viên chính thức."
            ),
        )


def check_appointment_basis(decision_number: str) -> None:
    """An appointment rests on the superior committee's decision: its number is required [V]."""
    if not decision_number.strip():
        raise RuleViolation(
            APPOINTMENT_RULE,
            _(
                "Chỉ định bí thư, phó bí thư, cấp ủy viên phải có quyết định của cấp ủy cấp trên trực tiếp "
                "(ghi số, ngày, cơ quan ban hành)."
            ),
        )


def leadership_findings(
    kind: str, official_members: int, *, has_secretary: bool, committee_size: int, deputies: int
) -> list[Finding]:
    """What to look at in an organization's leadership on a day (findings, not refusals)."""
    found: list[Finding] = []
    if not has_secretary:
        found.append(Finding(CELL_COMMITTEE_RULE, _("Chưa có bí thư.")))
    if kind in CELL_KINDS:
        if official_members >= CELL_COMMITTEE_MIN_OFFICIAL and committee_size == 0:
            found.append(
                Finding(
                    CELL_COMMITTEE_RULE,
                    _("Chi bộ có %(official)s đảng viên chính thức (từ 9 trở lên) nhưng chưa có chi ủy.")
                    % {"official": official_members},
                )
            )
        if committee_size and official_members < CELL_COMMITTEE_MIN_OFFICIAL:
            found.append(
                Finding(
                    CELL_COMMITTEE_RULE,
                    _("Chi bộ có chi ủy nhưng chỉ còn %(official)s đảng viên chính thức (dưới 9).")
                    % {"official": official_members},
                )
            )
        if deputies > CELL_MAX_DEPUTIES:
            found.append(
                Finding(
                    CELL_DEPUTY_RULE,
                    _("Chi bộ có %(deputies)s phó bí thư; chỉ có một phó bí thư.") % {"deputies": deputies},
                )
            )
    return found
