"""The deadlines of a cadre, from their dates: RULES.md §11.14 (and §11.5, §11.8, §11.10).

From the birth date and sex (the ND 135 retirement month, :mod:`partyorg.rules.retirement`), the posts
held (start, term end), the planning entries, the service commitments after training and the sanctions,
:func:`cadre_deadlines` lists what falls due, each with its day and rule:

==========================  =============================================================  ==============
code                        due on                                                         rule
==========================  =============================================================  ==============
``term_ending``             the last day of a post's term                                  appointment
``reappointment_notice``    90 working days before (QĐ 377), 90 days (state posts, older)  appointment
``retirement_alert``        12 and 6 months before the retirement month (a setting)        §11.14 choice
``retirement``              the last day of the retirement month; pension the next day     ND 135
``planning_age_limit``      the last day a planned cadre still has a full term left        planning
``commitment_end``          the last day of a service commitment after training            ND 101 / 171
``discipline_waiting_end``  the first day a higher post may be proposed after a sanction   QĐ 377 [P]
==========================  =============================================================  ==============

A retirement alert already passed is left out (the next one, or the retirement, stands); every other
deadline is kept when overdue, with :meth:`CadreDeadline.overdue` saying so.

Public API::

    PostFacts(post: str, started_on: date, until: date | None = None, state_post: bool = False,
              category: str = "", appointed: bool = True)
    PlanningFacts(position: str, decided_on: date, term_start: date)
    CommitmentFacts(course: str, started_on: date, ended_on: date, until: date | None = None)
    CadreFacts(birth_date, sex, birth_month_known=True, senior_female_post=False, posts=(),
               planning=(), commitments=(), disciplines=())  # disciplines: (sanction, effective_on)
    CadreDeadline(code, due_on, rule, subject="", words).title, .overdue(on) -> bool  # title built when read
    cadre_deadlines(facts: CadreFacts, on: date, *, horizon: date | None = None) -> list[CadreDeadline]
    service_commitment_until(started_on: date, ended_on: date) -> tuple[date, Rule] | None
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from partyorg.rules import appointment, cadre_config, planning
from partyorg.rules import retirement as retirement_rules
from partyorg.rules._dates import add_months, completed_months, fmt
from partyorg.rules.base import Confidence, Rule
from partyorg.rules.cadre_documents import ND_101_2017, ND_135_2020, ND_171_2025

RETIREMENT_ALERT_RULE = Rule(
    "cadre_deadlines.retirement_alert",
    "Chuẩn bị nghỉ hưu: nhắc trước 12 tháng và 6 tháng so với tháng nghỉ hưu (thời gian nhắc có thể cấu "
    "hình)",
    ND_135_2020.at("thời điểm nghỉ hưu", "§11.14"),
    Confidence.VERIFIED,
)
COMMITMENT_101_RULE = Rule(
    "cadre_deadlines.commitment_101",
    "Cam kết công tác sau đào tạo sau đại học: gấp 2 lần thời gian đào tạo",
    ND_101_2017.at("cam kết phục vụ", "§11.8, §11.14"),
    Confidence.VERIFIED,
    valid_from=date(2017, 9, 1),
    valid_until=date(2025, 7, 1),
)
COMMITMENT_171_RULE = Rule(
    "cadre_deadlines.commitment_171",
    "Cam kết công tác sau đào tạo sau đại học: gấp 3 lần thời gian đào tạo",
    ND_171_2025.at("cam kết phục vụ", "§11.8, §11.14"),
    Confidence.VERIFIED,
    valid_from=date(2025, 7, 1),
)
_COMMITMENT_MULTIPLIERS = ((COMMITMENT_101_RULE, 2), (COMMITMENT_171_RULE, 3))

TERM_ENDING = "term_ending"
REAPPOINTMENT_NOTICE = "reappointment_notice"
RETIREMENT_ALERT = "retirement_alert"
RETIREMENT = "retirement"
PLANNING_AGE_LIMIT = "planning_age_limit"
COMMITMENT_END = "commitment_end"
DISCIPLINE_WAITING_END = "discipline_waiting_end"


@dataclass(frozen=True)
class PostFacts:
    """A post held: ``until`` is the first day after its term (None: 5 years from ``started_on``, cut at
    retirement); ``appointed``: False for an elected post, which follows its congress, not a notice."""

    post: str
    started_on: date
    until: date | None = None
    state_post: bool = False
    category: str = ""
    appointed: bool = True


@dataclass(frozen=True)
class PlanningFacts:
    position: str
    decided_on: date
    term_start: date


@dataclass(frozen=True)
class CommitmentFacts:
    """Postgraduate training that binds the cadre to serve (RULES.md §11.8); ``until``: the first day
    free of the commitment when the decision states it, else computed by the decree of ``started_on``."""

    course: str
    started_on: date
    ended_on: date
    until: date | None = None


@dataclass(frozen=True)
class CadreFacts:
    birth_date: date
    sex: str
    birth_month_known: bool = True
    senior_female_post: bool = False
    posts: Sequence[PostFacts] = ()
    planning: Sequence[PlanningFacts] = ()
    commitments: Sequence[CommitmentFacts] = ()
    disciplines: Sequence[tuple[str, date]] = ()


@dataclass(frozen=True)
class CadreDeadline:
    """A day that falls due. ``title`` is built when read, in the reader's language (a dashboard computes
    thousands of deadlines and shows a few)."""

    code: str
    due_on: date
    rule: Rule
    subject: str = ""  # the post, position or course it is about
    words: Callable[[], str] = field(default=str, repr=False, compare=False)

    @property
    def title(self) -> str:
        """Vietnamese (or the active language), complete."""
        return self.words()

    def overdue(self, on: date) -> bool:
        return on > self.due_on


def service_commitment_until(started_on: date, ended_on: date) -> tuple[date, Rule] | None:
    """The first day free of the service commitment after postgraduate training from ``started_on`` to
    ``ended_on``: twice the training time (ND 101/2017) or three times (ND 171/2025, from 01/07/2025),
    by the decree in force when the training started. None before ND 101 (RULES.md gives no earlier rule).

    # [U] interpretation: the training time is counted in whole months and days (as a period in months,
    # rules/_dates.py) and multiplied as such: 24 months 10 days × 3 = 72 months 30 days after the end.
    """
    rule, factor = next(((r, k) for r, k in _COMMITMENT_MULTIPLIERS if r.in_force_on(started_on)), (None, 0))
    if rule is None:
        return None
    months = completed_months(started_on, ended_on)
    days = (ended_on - add_months(started_on, months)).days
    return add_months(ended_on, factor * months) + timedelta(days=factor * days), rule


def _post_deadlines(post: PostFacts, retirement: retirement_rules.Retirement) -> list[CadreDeadline]:
    until = post.until or appointment.term_until(post.started_on, retirement)
    last_day = until - timedelta(days=1)

    def ending() -> str:
        return _("Hết thời hạn giữ chức vụ %(post)s ngày %(day)s") % {"post": post.post, "day": fmt(last_day)}

    found = [CadreDeadline(TERM_ENDING, last_day, appointment.TERM_RULE, post.post, ending)]
    path = appointment.reappointment_path(retirement, until, category=post.category)
    if post.appointed and path.kind != appointment.RETIRES:
        notice = appointment.reappointment_notice(until, state_post=post.state_post)

        def notifying() -> str:
            return _(
                "Thông báo trước khi hết thời hạn giữ chức vụ %(post)s (còn %(months)s tháng đến nghỉ hưu): "
                "%(path)s"
            ) % {"post": post.post, "months": path.months_left, "path": path.label}

        found.append(CadreDeadline(REAPPOINTMENT_NOTICE, notice.due_on, notice.rule, post.post, notifying))
    return found


def _retirement_deadlines(retirement: retirement_rules.Retirement, on: date) -> list[CadreDeadline]:
    found = []
    month = f"{retirement.month:%m/%Y}"
    for months in cadre_config.DEFAULTS.retirement_alert_months:
        due_on = add_months(retirement.month, -months)
        if due_on >= on:

            def alert(months: int = months) -> str:
                return _("Còn %(months)s tháng đến tháng nghỉ hưu %(month)s") % {
                    "months": months,
                    "month": month,
                }

            found.append(CadreDeadline(RETIREMENT_ALERT, due_on, RETIREMENT_ALERT_RULE, words=alert))

    def retiring() -> str:
        return _("Nghỉ hưu hết ngày %(day)s (%(age)s); hưởng lương hưu từ ngày %(pension)s") % {
            "day": fmt(retirement.retires_on),
            "age": retirement.age,
            "pension": fmt(retirement.pension_from),
        }

    found.append(
        CadreDeadline(RETIREMENT, retirement.retires_on, retirement_rules.MOMENT_RULE, words=retiring)
    )
    return found


def _planning_deadlines(entry: PlanningFacts, retirement: retirement_rules.Retirement) -> list[CadreDeadline]:
    rule = next(
        (r for r in (planning.AGE_50_RULE, planning.AGE_377_RULE) if r.known_on(entry.decided_on)), None
    )
    if rule is None:
        return []
    last_day = planning.planning_age_limit_on(retirement) - timedelta(days=1)
    months = cadre_config.DEFAULTS.planning_min_months

    def limit() -> str:
        return _(
            "Hết tuổi quy hoạch chức danh %(position)s: sau ngày %(day)s còn dưới %(months)s tháng công tác"
        ) % {"position": entry.position, "day": fmt(last_day), "months": months}

    return [CadreDeadline(PLANNING_AGE_LIMIT, last_day, rule, entry.position, limit)]


def _commitment_deadlines(commitment: CommitmentFacts) -> list[CadreDeadline]:
    computed = service_commitment_until(commitment.started_on, commitment.ended_on)
    if computed is None:
        return []
    until, rule = computed
    last_day = (commitment.until or until) - timedelta(days=1)

    def ending() -> str:
        return _("Hết thời gian cam kết công tác sau đào tạo (%(course)s) ngày %(day)s") % {
            "course": commitment.course,
            "day": fmt(last_day),
        }

    return [CadreDeadline(COMMITMENT_END, last_day, rule, commitment.course, ending)]


def _waiting_deadlines(sanction: str, effective_on: date) -> list[CadreDeadline]:
    until = appointment.discipline_waiting_until(sanction, effective_on)
    if until is None or not appointment.DISCIPLINE_WAITING_RULE.known_on(until):
        return []

    def waiting() -> str:
        return _("Được xem xét bổ nhiệm, giới thiệu ứng cử chức vụ cao hơn từ ngày %(day)s") % {
            "day": fmt(until)
        }

    return [CadreDeadline(DISCIPLINE_WAITING_END, until, appointment.DISCIPLINE_WAITING_RULE, words=waiting)]


def cadre_deadlines(facts: CadreFacts, on: date, *, horizon: date | None = None) -> list[CadreDeadline]:
    """Every deadline of the cadre, by day (RULES.md §11.14); ``horizon``: only those due before it."""
    retirement = retirement_rules.retirement_of(
        facts.birth_date,
        facts.sex,
        birth_month_known=facts.birth_month_known,
        senior_female_post=facts.senior_female_post,
    )
    found: list[CadreDeadline] = []
    for post in facts.posts:
        found += _post_deadlines(post, retirement)
    found += _retirement_deadlines(retirement, on)
    for entry in facts.planning:
        found += _planning_deadlines(entry, retirement)
    for commitment in facts.commitments:
        found += _commitment_deadlines(commitment)
    for sanction, effective_on in facts.disciplines:
        found += _waiting_deadlines(sanction, effective_on)
    if horizon is not None:
        found = [d for d in found if d.due_on < horizon]
    return sorted(found, key=lambda d: (d.due_on, d.code, d.subject))
