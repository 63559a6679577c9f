"""Training of cadres (đào tạo, bồi dưỡng), RULES.md §11.8: the conditions to send a civil servant to
postgraduate training, what a cadre who leaves early refunds, and which proofs of political theory count.

* Postgraduate training (civil servants) [V]: at least 3 years of service; the 2 consecutive years before
  rated "good" or better; at the first dispatch at most 40 years old (ND 101/2017, from 01/09/2017), 45
  (ND 171/2025, from 01/07/2025). The service commitment afterwards (2× or 3× the training time) is
  :func:`partyorg.rules.cadre_deadlines.service_commitment_until`.
* Refund [V]: the whole cost when the cadre drops out, gets no diploma, or is dismissed; after the
  training, in proportion to the commitment not served ([U] how: by days).
* Political theory proven by a confirmation (*giấy xác nhận trình độ*) instead of a diploma counts when
  issued before 09/07/2021 (KL 09-KL/TW of the Secretariat, BTCTW guidance 05/2025) [V]; KL 09's own date
  is [U] (RULES.md §11.16 #8).

Public API::

    check_postgraduate_dispatch(dispatched_on: date, birth_date: date, *, service_months: int,
                                levels_by_year: Mapping[int, str], first_time: bool = True,
                                who: str = "") -> Rule | None
    refund_share(commitment_from: date, commitment_until: date, left_on: date, *,
                 training_failed: bool = False) -> Fraction
    theory_proof_counts(proof: str, issued_on: date) -> bool     # proof: DIPLOMA or CONFIRMATION
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext as _

from partyorg.rules._dates import add_years, fmt
from partyorg.rules.appointment import about
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.cadre_documents import KL_09, ND_101_2017, ND_171_2025
from partyorg.rules.ratings import EXCELLENT, GOOD, LABELS

POSTGRADUATE_101_RULE = Rule(
    "training.postgraduate_101",
    "Cử công chức đi đào tạo sau đại học: đủ 3 năm công tác, 2 năm liên tục liền kề xếp loại Hoàn thành tốt "
    "nhiệm vụ trở lên, lần đầu không quá 40 tuổi",
    ND_101_2017.at("điều kiện đào tạo sau đại học", "§11.8"),
    Confidence.VERIFIED,
    valid_from=date(2017, 9, 1),
    valid_until=date(2025, 7, 1),
)
POSTGRADUATE_171_RULE = Rule(
    "training.postgraduate_171",
    "Cử công chức đi đào tạo sau đại học: đủ 3 năm công tác, 2 năm liên tục liền kề xếp loại Hoàn thành tốt "
    "nhiệm vụ trở lên, lần đầu không quá 45 tuổi",
    ND_171_2025.at("điều kiện đào tạo sau đại học", "§11.8"),
    Confidence.VERIFIED,
    valid_from=date(2025, 7, 1),
)
REFUND_RULE = Rule(
    "training.refund",
    "Đền bù chi phí đào tạo: toàn bộ khi tự ý bỏ học, không được cấp bằng hoặc bị cho thôi việc; sau đào tạo "
    "mà chưa phục vụ đủ thời gian cam kết: theo thời gian còn lại (cách tính theo ngày chưa xác minh)",
    ND_171_2025.at("đền bù chi phí đào tạo", "§11.8"),
    Confidence.VERIFIED,
)
THEORY_PROOF_RULE = Rule(
    "training.theory_confirmation",
    "Giấy xác nhận trình độ lý luận chính trị cấp trước ngày 09/07/2021 có giá trị tương đương bằng",
    KL_09.at("", "§11.8, §11.15 mục 7"),
    Confidence.VERIFIED,
)

SERVICE_MONTHS = 36
GOOD_YEARS = 2
MAX_AGE = {POSTGRADUATE_101_RULE: 40, POSTGRADUATE_171_RULE: 45}
CONFIRMATIONS_BEFORE = date(2021, 7, 9)
DIPLOMA = "diploma"
CONFIRMATION = "confirmation"


def check_postgraduate_dispatch(
    dispatched_on: date,
    birth_date: date,
    *,
    service_months: int,
    levels_by_year: Mapping[int, str],
    first_time: bool = True,
    who: str = "",
) -> Rule | None:
    """Refuse sending a civil servant to postgraduate training without the service, the ratings or the
    age the decree in force that day asks; return that decree's rule (None before ND 101).

    ``levels_by_year``: the state rating of each year (codes of :mod:`partyorg.rules.state_ratings`).
    # [U] interpretation: "2 năm liên tục liền kề" are the two calendar years before the year of the
    # dispatch; the age is in completed years on the day of the dispatch ("không quá 40 tuổi": 40 years
    # and some months still pass).
    """
    rule = next(
        (r for r in (POSTGRADUATE_101_RULE, POSTGRADUATE_171_RULE) if r.known_on(dispatched_on)), None
    )
    if rule is None:
        return None
    if service_months < SERVICE_MONTHS:
        raise RuleViolation(
            rule,
            about(
                who,
                _("Mới có %(months)s tháng công tác; cần đủ 3 năm (36 tháng).") % {"months": service_months},
            ),
        )
    years = [dispatched_on.year - k for k in range(GOOD_YEARS, 0, -1)]
    short = [y for y in years if levels_by_year.get(y) not in (EXCELLENT, GOOD)]
    if short:
        raise RuleViolation(
            rule,
            about(
                who,
                _(
                    "Năm %(years)s chưa xếp loại %(good)s trở lên; cần 2 năm liên tục liền kề (%(first)s, "
                    "%(last)s)."
                )
                % {
                    "years": ", ".join(str(y) for y in short),
                    "good": _(LABELS[GOOD]),
                    "first": years[0],
                    "last": years[-1],
                },
            ),
        )
    limit = MAX_AGE[rule]
    if first_time and add_years(birth_date, limit + 1) <= dispatched_on:
        raise RuleViolation(
            rule,
            about(
                who,
                _(
                    "Ngày %(day)s đã quá %(limit)s tuổi; cử đi đào tạo sau đại học lần đầu không quá "
                    "%(limit)s tuổi."
                )
                % {"day": fmt(dispatched_on), "limit": limit},
            ),
        )
    return rule


def refund_share(
    commitment_from: date, commitment_until: date, left_on: date, *, training_failed: bool = False
) -> Fraction:
    """The share of the training cost a cadre refunds on leaving on ``left_on`` (RULES.md §11.8):
    everything when ``training_failed`` (dropped out, no diploma, dismissed) or when leaving before the
    commitment starts; nothing once it is served; in between the unserved days over the commitment's."""
    if training_failed or left_on <= commitment_from:
        return Fraction(1)
    if left_on >= commitment_until:
        return Fraction(0)
    return Fraction((commitment_until - left_on).days, (commitment_until - commitment_from).days)


def theory_proof_counts(proof: str, issued_on: date) -> bool:
    """A diploma always counts; a confirmation of the level only when issued before 09/07/2021 [V]."""
    if proof == DIPLOMA:
        return True
    if proof == CONFIRMATION:
        return issued_on < CONFIRMATIONS_BEFORE
    raise ValueError(f"unknown proof: {proof!r}")
