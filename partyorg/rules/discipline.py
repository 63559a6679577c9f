"""Discipline (kỷ luật) of party organizations and members, RULES.md §2.10 and §2.3.

Sanctions: QĐ 69-QĐ/TW (06/07/2022) Art. 7, amended by QĐ 264-QĐ/TW (14/02/2025); QĐ 102-QĐ/TW
(15/11/2017) before it, with the same forms as far as RULES.md says. A probationary member may only be
reprimanded or warned (§2.3, §2.10). The vote thresholds are [P] (commentary), configurable.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import config
from partyorg.rules._dates import fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import BAOLAMDONG_DISCIPLINE, BINH_THUAN_HANDBOOK, QD_69

REPRIMAND = "reprimand"  # khiển trách
WARNING = "warning"  # cảnh cáo
REMOVAL_FROM_POST = "removal_from_post"  # cách chức
EXPULSION = "expulsion"  # khai trừ
DISSOLUTION = "dissolution"  # giải tán (organizations)

# Labels are marked for translation but stay plain strings (stored and exported as they are); a refusal
# translates them where it uses them.
LABELS = {
    REPRIMAND: gettext_noop("Khiển trách"),
    WARNING: gettext_noop("Cảnh cáo"),
    REMOVAL_FROM_POST: gettext_noop("Cách chức"),
    EXPULSION: gettext_noop("Khai trừ"),
    DISSOLUTION: gettext_noop("Giải tán"),
}
# Heavier sanctions rank higher ("từ cảnh cáo trở lên", RULES.md §3.3).
SEVERITY = {REPRIMAND: 1, WARNING: 2, REMOVAL_FROM_POST: 3, EXPULSION: 4, DISSOLUTION: 4}

OFFICIAL = "official"
PROBATIONARY = "probationary"
ORGANIZATION = "organization"
TARGET_LABELS = {
    OFFICIAL: gettext_noop("đảng viên chính thức"),
    PROBATIONARY: gettext_noop("đảng viên dự bị"),
    ORGANIZATION: gettext_noop("tổ chức đảng"),
}
ALLOWED = {
    ORGANIZATION: (REPRIMAND, WARNING, DISSOLUTION),
    OFFICIAL: (REPRIMAND, WARNING, REMOVAL_FROM_POST, EXPULSION),
    PROBATIONARY: (REPRIMAND, WARNING),
}

SANCTIONS_RULE = Rule(
    "discipline.sanctions",
    "Hình thức kỷ luật: tổ chức đảng — khiển trách, cảnh cáo, giải tán; đảng viên chính thức — khiển trách, "
    "cảnh cáo, cách chức, khai trừ",
    QD_69.at("Điều 7 (sửa đổi bởi Quy định 264-QĐ/TW ngày 14/02/2025)", "§2.10"),
    Confidence.VERIFIED,
)
PROBATIONARY_RULE = Rule(
    "discipline.probationary",
    "Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo; hết dự bị chi bộ vẫn xét công nhận chính "
    "thức, nếu không còn đủ tư cách thì xóa tên",
    BINH_THUAN_HANDBOOK.at("Hình thức kỷ luật", "§2.3, §2.10"),
    Confidence.VERIFIED,
)
REMOVAL_NEEDS_POST_RULE = Rule(
    "discipline.removal_needs_post",
    "Cách chức chỉ áp dụng với đảng viên đang giữ chức vụ",
    QD_69.at("Điều 7", "§2.10"),
    Confidence.VERIFIED,
)
VOTE_RULE = Rule(
    "discipline.vote",
    "Khiển trách, cảnh cáo cần trên 1/2; cách chức, khai trừ cần trên 2/3 tổng số thành viên có quyền biểu "
    "quyết (có thể cấu hình)",
    BAOLAMDONG_DISCIPLINE.at("bình luận", "§2.10"),
    Confidence.PARTIAL,
)


def check_sanction(sanction: str, target: str, *, post: str = "", on: date | None = None) -> None:
    """Refuse a sanction the target cannot receive: QĐ 69 Art. 7 [V]; probationary members §2.3 [V]."""
    if sanction not in LABELS:
        raise ValueError(f"unknown sanction: {sanction!r}")
    if sanction not in ALLOWED[target]:
        rule = PROBATIONARY_RULE if target == PROBATIONARY else SANCTIONS_RULE
        allowed = ", ".join(_(LABELS[s]).lower() for s in ALLOWED[target])
        labels = {"sanction": _(LABELS[sanction]), "target": _(TARGET_LABELS[target]), "allowed": allowed}
        if on:
            message = _(
                "Không thể áp dụng hình thức “%(sanction)s” với %(target)s (ngày %(day)s); "
                "chỉ được: %(allowed)s."
            )
            labels["day"] = fmt(on)
        else:
            message = _("Không thể áp dụng hình thức “%(sanction)s” với %(target)s; chỉ được: %(allowed)s.")
        raise RuleViolation(rule, message % labels)
    if sanction == REMOVAL_FROM_POST and not post.strip():
        raise RuleViolation(
            REMOVAL_NEEDS_POST_RULE,
            _("Cách chức chỉ áp dụng với đảng viên đang giữ chức vụ: ghi rõ chức vụ bị cách."),
        )


def check_vote(sanction: str, *, votes_for: int, entitled: int) -> None:
    """More than the threshold's share of all members entitled to vote (RULES.md §2.10 [P])."""
    heavy = SEVERITY[sanction] >= SEVERITY[REMOVAL_FROM_POST]
    num, den = (
        config.DEFAULTS.discipline_vote_threshold_heavy
        if heavy
        else config.DEFAULTS.discipline_vote_threshold_light
    )
    if entitled <= 0 or votes_for > entitled or votes_for < 0:
        raise ValueError("votes_for must be within 0..entitled, entitled > 0")
    if votes_for * den <= num * entitled:
        raise RuleViolation(
            VOTE_RULE,
            _(
                "Kỷ luật “%(sanction)s” cần trên %(num)s/%(den)s tổng số thành viên có quyền biểu quyết; "
                "mới có %(votes_for)s/%(entitled)s đồng ý."
            )
            % {
                "sanction": _(LABELS[sanction]),
                "num": num,
                "den": den,
                "votes_for": votes_for,
                "entitled": entitled,
            },
        )
