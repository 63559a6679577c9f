"""The recruitment pipeline's own rules (phát triển đảng viên), RULES.md §2.2 and §2.3.

Age, education and the decision and ceremony deadlines are in :mod:`partyorg.rules.admission`; the
probation and recognition deadlines in :mod:`partyorg.rules.probation`. This module adds what the
steps before the decision need: the awareness-course certificate's validity, the staleness of the
file, the introducers' eligibility and number, the cell's vote, and the decision and recognition
deadlines as checks. Pure functions of dates and values.

Sources and tags:

* Introducer: an official member who worked with the applicant ≥ 12 months — Charter Art. 4 [V].
* Number of introducers (two members, or one member beside the Youth Union's or trade union's
  resolution) — Charter Art. 4 from background knowledge, not in RULES.md [U] → ``config``.
* Certificate validity 60 months — secondary sources [P] (RULES.md §2.2, §9 item 13) → ``config``.
* File staleness 12 months — secondary source [P] → ``config``.
* Cell vote: two thirds of the cell's official members — for admission [P] (Charter Art. 4 as
  RULES.md restates it) → ``config``; for recognition [V] (QĐ 29 §4.2c).
* Sympathizer period before verification — one committee's practice [P], off by default.
* Decision deadline 60 (+30) working days — QĐ 29 §4.3.1 [V]; recognition proposal within 30 working
  days after probation ends — QĐ 29 §4.2a [V]; recognition decision 30 (+30) — QĐ 29 §4.3.1 [V].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from partyorg.rules import admission, config, probation
from partyorg.rules._dates import add_months, completed_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import (
    CHARTER,
    HD_61_BTGTW,
    HPU2_PIPELINE,
    LSX_CERTIFICATE,
    LUATDUONGGIA_FILE,
    QD_29,
    RULES_MD,
)

INTRODUCER_OFFICIAL_RULE = Rule(
    "recruitment.introducer_official",
    "Người giới thiệu phải là đảng viên chính thức",
    CHARTER.at("Điều 4", "§2.2"),
    Confidence.VERIFIED,
)
INTRODUCER_WORKED_TOGETHER_RULE = Rule(
    "recruitment.introducer_worked_together",
    "Người giới thiệu phải cùng công tác với người vào Đảng ít nhất một năm",
    CHARTER.at("Điều 4", "§2.2"),
    Confidence.VERIFIED,
)
INTRODUCERS_NUMBER_RULE = Rule(
    "recruitment.introducers_number",
    "Người vào Đảng phải được hai đảng viên chính thức giới thiệu; nơi có tổ chức Đoàn hoặc công đoàn, "
    "được nghị quyết giới thiệu của tổ chức đó và một đảng viên chính thức (có thể cấu hình)",
    RULES_MD.at("§2.2 (Điều lệ Điều 4, chưa trích dẫn)", "§2.2"),
    Confidence.UNVERIFIED,
)
AWARENESS_COURSE_RULE = Rule(
    "recruitment.awareness_course",
    "Người vào Đảng phải học lớp bồi dưỡng nhận thức về Đảng và có giấy chứng nhận",
    HD_61_BTGTW.at("chương trình 50 tiết", "§2.2"),
    Confidence.VERIFIED,
)
CERTIFICATE_VALIDITY_RULE = Rule(
    "recruitment.certificate_validity",
    "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng có giá trị 60 tháng (có thể cấu hình)",
    LSX_CERTIFICATE.at("", "§2.2"),
    Confidence.PARTIAL,
)
FILE_STALENESS_RULE = Rule(
    "recruitment.file_staleness",
    "Quá 12 tháng kể từ khi lập hồ sơ mà chi bộ chưa xét thì phải làm lại giấy giới thiệu, nghị quyết "
    "giới thiệu của Đoàn, công đoàn (có thể cấu hình)",
    LUATDUONGGIA_FILE.at("", "§2.2"),
    Confidence.PARTIAL,
)
ADMISSION_VOTE_RULE = Rule(
    "recruitment.admission_vote",
    "Nghị quyết đề nghị kết nạp phải được ít nhất hai phần ba số đảng viên chính thức của chi bộ tán thành "
    "(có thể cấu hình)",
    CHARTER.at("Điều 4", "§2.2"),
    Confidence.PARTIAL,
)
RECOGNITION_VOTE_RULE = Rule(
    "recruitment.recognition_vote",
    "Đề nghị công nhận đảng viên chính thức phải được ít nhất hai phần ba số đảng viên chính thức tán thành",
    QD_29.at("§4.2c", "§2.3"),
    Confidence.VERIFIED,
)
SYMPATHIZER_PERIOD_RULE = Rule(
    "recruitment.sympathizer_period",
    "Thời gian là đối tượng cảm tình Đảng trước khi thẩm tra lý lịch (thực tiễn cơ sở, có thể cấu hình)",
    HPU2_PIPELINE.at("", "§2.2"),
    Confidence.PARTIAL,
)
RECOGNITION_PROPOSAL_WINDOW_RULE = Rule(
    "recruitment.recognition_window",
    "Chi bộ xét đề nghị công nhận chính thức khi đảng viên dự bị hết 12 tháng dự bị",
    QD_29.at("§4.2a", "§2.3"),
    Confidence.VERIFIED,
)
PIPELINE_ORDER_RULE = Rule(
    "recruitment.order",
    "Trình tự các bước phát triển đảng viên",
    QD_29.at("§4.3", "§2.2"),
    Confidence.VERIFIED,
)

MEMBER = "member"
YOUTH_UNION = "youth_union"
TRADE_UNION = "trade_union"
INTRODUCER_KINDS = (MEMBER, YOUTH_UNION, TRADE_UNION)


def certificate_valid_until(certificate_on: date) -> date:
    """The last day the awareness-course certificate counts: 60 months after it [P], configurable."""
    return add_months(certificate_on, config.DEFAULTS.awareness_certificate_valid_months)


def check_certificate_valid(certificate_on: date | None, considered_on: date) -> None:
    """The cell considers an applicant holding a certificate of the awareness course still valid.

    Course: HD 61-HD/BTGTW (16/06/2022) [V]; validity 60 months from secondary sources [P]
    (RULES.md §2.2, §9 item 13). The certificate must be dated on or before the consideration.
    """
    if certificate_on is None or certificate_on > considered_on:
        raise RuleViolation(
            AWARENESS_COURSE_RULE,
            _(
                "Người vào Đảng chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng khi chi bộ xét "
                "ngày %(day)s."
            )
            % {"day": fmt(considered_on)},
        )
    until = certificate_valid_until(certificate_on)
    if considered_on > until:
        months = config.DEFAULTS.awareness_certificate_valid_months
        raise RuleViolation(
            CERTIFICATE_VALIDITY_RULE,
            _(
                "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày %(issued)s chỉ có giá "
                "trị %(months)s tháng (đến %(until)s); chi bộ xét ngày %(day)s thì người vào Đảng "
                "phải học lại."
            )
            % {
                "issued": fmt(certificate_on),
                "months": months,
                "until": fmt(until),
                "day": fmt(considered_on),
            },
        )


def file_valid_until(made_on: date) -> date:
    """The last day a document of the file (introduction, union resolution) counts: 12 months [P]."""
    return add_months(made_on, config.DEFAULTS.admission_file_valid_months)


def check_file_fresh(document: str, made_on: date, considered_on: date) -> None:
    """Refuse a document of the file made more than 12 months before the cell considers it [P].
    ``document`` names it, in the user's language."""
    until = file_valid_until(made_on)
    if considered_on > until:
        months = config.DEFAULTS.admission_file_valid_months
        raise RuleViolation(
            FILE_STALENESS_RULE,
            _(
                "%(document)s lập ngày %(made)s đã quá %(months)s tháng (hết hạn %(until)s) khi chi bộ xét "
                "ngày %(day)s; phải làm lại."
            )
            % {
                "document": document,
                "made": fmt(made_on),
                "months": months,
                "until": fmt(until),
                "day": fmt(considered_on),
            },
        )


@dataclass(frozen=True)
class Introduction:
    """One introduction in the file: by an official member, or a union's resolution."""

    kind: str  # MEMBER, YOUTH_UNION or TRADE_UNION
    made_on: date
    name: str  # the member's name, or the union body


def check_member_introducer(
    name: str, *, official_on_day: bool, worked_together_since: date | None, introduced_on: date
) -> None:
    """The introducer is an official member on the day of the introduction and has worked with the
    applicant for at least 12 months. Charter Art. 4 [V] (RULES.md §2.2)."""
    if not official_on_day:
        raise RuleViolation(
            INTRODUCER_OFFICIAL_RULE,
            _("Người giới thiệu %(name)s không phải là đảng viên chính thức vào ngày %(day)s.")
            % {"name": name, "day": fmt(introduced_on)},
        )
    months = completed_months(worked_together_since, introduced_on) if worked_together_since else 0
    if worked_together_since is None or months < 12:
        values: dict[str, object] = {"name": name, "day": fmt(introduced_on)}
        if worked_together_since:
            message = _(
                "Người giới thiệu %(name)s phải cùng công tác với người vào Đảng ít nhất 12 tháng "
                "tính đến ngày giới thiệu %(day)s (từ %(since)s, mới %(months)s tháng)."
            )
            values |= {"since": fmt(worked_together_since), "months": months}
        else:
            message = _(
                "Người giới thiệu %(name)s phải cùng công tác với người vào Đảng ít nhất 12 tháng "
                "tính đến ngày giới thiệu %(day)s."
            )
        raise RuleViolation(INTRODUCER_WORKED_TOGETHER_RULE, message % values)


def check_introducers(introductions: Sequence[Introduction], considered_on: date) -> None:
    """Enough introductions, each still fresh when the cell considers the file.

    [U] the number (two members, or one beside a union's resolution) is Charter Art. 4 from
    background knowledge; RULES.md §2.2 does not give it. Both numbers are in ``config``.
    """
    for intro in introductions:
        if intro.kind == MEMBER:
            document = _("Giấy giới thiệu của đảng viên %(name)s") % {"name": intro.name}
        else:
            document = _("Nghị quyết giới thiệu của %(name)s") % {"name": intro.name}
        check_file_fresh(document, intro.made_on, considered_on)
    members = sum(1 for i in introductions if i.kind == MEMBER)
    unions = any(i.kind != MEMBER for i in introductions)
    defaults = config.DEFAULTS
    needed = (
        defaults.admission_member_introducers_with_union if unions else defaults.admission_member_introducers
    )
    if members < needed:
        if unions:
            message = _(
                "Hồ sơ cần nghị quyết giới thiệu của Đoàn hoặc công đoàn và %(needed)s đảng viên chính thức "
                "giới thiệu; hiện có %(members)s."
            )
        else:
            message = _("Hồ sơ cần %(needed)s đảng viên chính thức giới thiệu; hiện có %(members)s.")
        raise RuleViolation(INTRODUCERS_NUMBER_RULE, message % {"needed": needed, "members": members})


def _check_vote(
    rule: Rule, share: tuple[int, int], what: str, votes_for: int, votes_against: int, total: int
) -> None:
    if votes_for < 0 or votes_against < 0 or votes_for + votes_against > total:
        raise RuleViolation(
            rule,
            _(
                "Số phiếu không hợp lệ: %(for)s tán thành, %(against)s không tán thành trên tổng số "
                "%(total)s đảng viên chính thức."
            )
            % {"for": votes_for, "against": votes_against, "total": total},
        )
    numerator, denominator = share
    if total == 0 or votes_for * denominator < numerator * total:
        raise RuleViolation(
            rule,
            _(
                "%(what)s phải được ít nhất %(num)s/%(den)s số đảng viên chính thức của chi bộ "
                "tán thành; chỉ có %(for)s/%(total)s tán thành."
            )
            % {"what": what, "num": numerator, "den": denominator, "for": votes_for, "total": total},
        )


def check_admission_vote(votes_for: int, votes_against: int, total_official: int) -> None:
    """Two thirds of the cell's official members approve the admission resolution.

    Charter Art. 4 as RULES.md §2.2 restates it [P]; the share is ``config.admission_vote_threshold``.
    """
    _check_vote(
        ADMISSION_VOTE_RULE,
        config.DEFAULTS.admission_vote_threshold,
        _("Nghị quyết đề nghị kết nạp"),
        votes_for,
        votes_against,
        total_official,
    )


def check_recognition_vote(votes_for: int, votes_against: int, total_official: int) -> None:
    """Two thirds of the cell's official members approve the recognition: QĐ 29 §4.2c [V].
    After three votes without it, the superior decides (RULES.md §2.3)."""
    _check_vote(
        RECOGNITION_VOTE_RULE,
        (2, 3),
        _(
            "Nghị quyết đề nghị công nhận đảng viên chính thức (sau 3 lần biểu quyết không đạt, cấp ủy cấp "
            "trên quyết định)"
        ),
        votes_for,
        votes_against,
        total_official,
    )


def check_sympathizer_period(sympathizer_since: date | None, verified_on: date) -> None:
    """[P] local practice: some time as a sympathizer before background verification. Not checked
    unless ``config.sympathizer_min_months`` is set (RULES.md §2.2 step 3)."""
    months = config.DEFAULTS.sympathizer_min_months
    if months <= 0:
        return
    if sympathizer_since is None or completed_months(sympathizer_since, verified_on) < months:
        if sympathizer_since:
            since = _("từ %(day)s") % {"day": fmt(sympathizer_since)}
        else:
            since = _("chưa được công nhận")
        raise RuleViolation(
            SYMPATHIZER_PERIOD_RULE,
            _(
                "Đối tượng cảm tình Đảng (%(since)s) phải qua ít nhất %(months)s tháng "
                "trước khi thẩm tra lý lịch (ngày %(day)s)."
            )
            % {"since": since, "months": months, "day": fmt(verified_on)},
        )


def check_decision_on_time(cell_resolution_on: date, decided_on: date, *, extended: bool) -> None:
    """The competent committee decides within 60 working days of the cell's resolution; in a special
    case (``extended``) up to 30 more. QĐ 29 §4.3.1, same in QĐ 232 §4.3.1 [V]."""
    due, latest = admission.admission_decision_deadline(cell_resolution_on)
    if decided_on < cell_resolution_on:
        raise RuleViolation(
            PIPELINE_ORDER_RULE,
            _("Quyết định kết nạp ngày %(day)s trước nghị quyết của chi bộ ngày %(resolution)s.")
            % {"day": fmt(decided_on), "resolution": fmt(cell_resolution_on)},
        )
    if decided_on > latest or (decided_on > due and not extended):
        values = {"day": fmt(decided_on), "resolution": fmt(cell_resolution_on), "due": fmt(due)}
        values["latest"] = fmt(latest)
        if extended:
            message = _(
                "Quyết định kết nạp ngày %(day)s quá thời hạn 60 ngày làm việc kể từ nghị quyết của "
                "chi bộ ngày %(resolution)s (hạn %(due)s, gia hạn đến %(latest)s)."
            )
        else:
            message = _(
                "Quyết định kết nạp ngày %(day)s quá thời hạn 60 ngày làm việc kể từ nghị quyết của "
                "chi bộ ngày %(resolution)s (hạn %(due)s, gia hạn đến %(latest)s) "
                "(gia hạn tối đa 30 ngày làm việc chỉ trong trường hợp đặc biệt)."
            )
        raise RuleViolation(admission.DECISION_DEADLINE_RULE, message % values)


def check_recognition_proposal_window(ceremony_on: date, proposed_on: date) -> None:
    """The cell considers recognition once the 12 months of probation are over: QĐ 29 §4.2a [V].
    A late proposal is not refused: recognition still takes effect at the end of the 12 months
    (QĐ 29 §4.2b); the due list shows it overdue."""
    end = probation.probation_end(ceremony_on)
    if proposed_on < end:
        raise RuleViolation(
            RECOGNITION_PROPOSAL_WINDOW_RULE,
            _(
                "Chưa hết 12 tháng dự bị (lễ kết nạp ngày %(ceremony)s, hết dự bị ngày %(end)s); "
                "chi bộ chưa thể xét công nhận chính thức ngày %(day)s."
            )
            % {"ceremony": fmt(ceremony_on), "end": fmt(end), "day": fmt(proposed_on)},
        )


def check_recognition_decision_on_time(proposal_on: date, decided_on: date, *, extended: bool) -> None:
    """The competent committee decides on recognition within 30 working days of the cell's resolution
    (+30 in special cases): QĐ 29 §4.3.1 [V]."""
    due, latest = probation.recognition_decision_deadline(proposal_on)
    if decided_on < proposal_on:
        raise RuleViolation(
            PIPELINE_ORDER_RULE,
            _("Quyết định công nhận ngày %(day)s trước nghị quyết đề nghị của chi bộ ngày %(proposal)s.")
            % {"day": fmt(decided_on), "proposal": fmt(proposal_on)},
        )
    if decided_on > latest or (decided_on > due and not extended):
        raise RuleViolation(
            probation.RECOGNITION_DECISION_DEADLINE_RULE,
            _(
                "Quyết định công nhận đảng viên chính thức ngày %(day)s quá thời hạn 30 ngày "
                "làm việc kể từ nghị quyết của chi bộ ngày %(proposal)s (hạn %(due)s, "
                "gia hạn đến %(latest)s)."
            )
            % {"day": fmt(decided_on), "proposal": fmt(proposal_on), "due": fmt(due), "latest": fmt(latest)},
        )
