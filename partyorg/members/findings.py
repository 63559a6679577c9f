"""Which rules each event of a person's log must satisfy, in one place.

Services refuse a new event that breaks one (unless the officer records a reasoned override);
the import loads recorded history that breaks one and lists it as a data-quality finding.
Both call :func:`rule_findings`, so they check the same things.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipInterval, MemberStatus
from partyorg.members.timeline import EXITS, Fact
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, OrgVersion
from partyorg.rules import admission, badges, opening, probation, readmission, transfers
from partyorg.rules import organization as org_rules
from partyorg.rules.base import RuleViolation

# An exit event's kind is its ground for the re-admission rule unless the event names one
# (MembershipEvent.exit_ground); its detail is free text and says nothing to the rule.
_EXIT_GROUND = {K.WITHDRAWN: "withdrawal", K.REMOVED: "other", K.EXPELLED: "other"}


@dataclass(frozen=True)
class PersonFacts:
    """The personal attributes the rules read."""

    birth_date: date
    general_education: str = ""
    exception_area: bool = False


@dataclass(frozen=True)
class Finding:
    fact: Fact
    violation: RuleViolation


def rule_findings(person: PersonFacts, facts: Sequence[Fact]) -> list[Finding]:
    """Every rule broken by ``facts`` (the effective log, in applied order). An event is judged by
    the rules known on its own date (:meth:`~partyorg.rules.base.Rule.known_on`): a ceremony of
    1991 is not measured against a regulation of 2025."""
    findings: list[Finding] = []
    decision_on: date | None = None
    first_decision_on: date | None = None
    ceremony_on: date | None = None
    transfer_out_on: date | None = None
    last_exit: Fact | None = None
    readmissions = 0
    gaps: list[tuple[date, date]] = []  # as the fold counts them: exits to re-admission, interruptions
    interrupted_on: date | None = None
    awarded: set[int] = set()

    def check(fact: Fact, rule_check: object, *args: object, **kwargs: object) -> None:
        try:
            rule_check(*args, **kwargs)  # type: ignore[operator]
        except RuleViolation as violation:
            if violation.rule.known_on(fact.effective_on):
                findings.append(Finding(fact, violation))

    for fact in facts:
        kind = fact.kind
        if kind in (K.ADMISSION_DECIDED, K.READMISSION_DECIDED):
            decision_on = fact.effective_on
            first_decision_on = first_decision_on or fact.effective_on
            check(fact, admission.check_admission_age, person.birth_date, fact.effective_on)
            if person.general_education:
                check(
                    fact,
                    admission.check_general_education,
                    person.general_education,
                    exception_area=person.exception_area,
                )
            if kind == K.READMISSION_DECIDED and last_exit is not None:
                gaps.append((last_exit.effective_on, fact.effective_on))
                check(
                    fact,
                    readmission.check_readmission,
                    exit_on=last_exit.effective_on,
                    exit_ground=last_exit.exit_ground or _EXIT_GROUND.get(K(last_exit.kind), "other"),
                    decided_on=fact.effective_on,
                    previous_readmissions=readmissions,
                )
                readmissions += 1
        elif kind == K.OPENED:
            # A member from before the records: the admission was not ours to judge (its conditions
            # were checked where it happened); what the opening does not know is named, and what it
            # knows is used as a recorded admission would be (partyorg.rules.opening).
            probationary = (fact.detail or MemberStatus.OFFICIAL) == MemberStatus.PROBATIONARY
            check(fact, opening.check_admission_known, fact.effective_on, fact.admitted_on)
            check(fact, opening.check_ceremony_known, fact.effective_on, probationary, fact.ceremony_on)
            decision_on = first_decision_on = fact.admitted_on
            ceremony_on = fact.ceremony_on
            if ceremony_on is not None and fact.recognized_on is not None:
                check(fact, probation.check_recognition_date, ceremony_on, fact.recognized_on)
        elif kind == K.ADMISSION_CEREMONY and decision_on is not None:
            ceremony_on = fact.effective_on
            check(fact, admission.check_ceremony_on_time, decision_on, fact.effective_on)
        elif kind == K.RECOGNIZED_OFFICIAL and ceremony_on is not None:
            check(fact, probation.check_recognition_date, ceremony_on, fact.effective_on)
        elif kind == K.TRANSFER_OUT:
            transfer_out_on = fact.effective_on if fact.other_organization_id else None
        elif kind == K.TRANSFER_IN and transfer_out_on is not None:
            check(fact, transfers.check_transfer_reported_on_time, transfer_out_on, fact.effective_on)
            transfer_out_on = None
        elif kind == K.BADGE_AWARDED and first_decision_on is not None and fact.detail.isdigit():
            milestone = int(fact.detail)
            check(
                fact,
                badges.check_badge_award,
                first_decision_on,
                list(gaps),
                milestone,
                fact.effective_on,
                posthumous=last_exit is not None and last_exit.kind == K.DIED,
            )
            awarded.add(milestone)
        elif kind == K.INTERRUPTED:
            interrupted_on = fact.effective_on
        elif kind == K.INTERRUPTION_ENDED and interrupted_on is not None:
            gaps.append((interrupted_on, fact.effective_on))
            interrupted_on = None
        elif kind in EXITS:
            last_exit = fact
        elif kind == K.RESTORED:
            last_exit = None
    return findings


@dataclass(frozen=True)
class SmallCell:
    """An organization holding members that had too few official members at a year end."""

    organization_id: int
    name: str
    day: date
    violation: RuleViolation


def small_cells(person_ids: Collection[int] | None, today: date, *, few: int = 20_000) -> Iterator[SmallCell]:
    """Cells with fewer than 3 official members at a year end before ``today`` (RULES.md §1.2 [V],
    Charter Art. 21(2)), among the cells ``person_ids`` were ever in (all cells when None or at
    least ``few`` people). A cell with nobody recorded at all that day is not judged: before the
    records begin, an empty cell says more about the records than about the cell. One pass over
    the intervals, counted at every year end they cover."""
    official: Counter[tuple[int, int]] = Counter()
    anybody: set[tuple[int, int]] = set()
    intervals = MembershipInterval.objects.all()
    cells = OrgVersion.objects.filter(kind__in=MEMBER_HOLDING_KINDS).values_list(
        "organization_id", "name", "valid_from", "valid_until"
    )
    if person_ids is not None and len(person_ids) < few:  # only the cells these people were ever in
        mine = set(intervals.filter(person_id__in=person_ids).values_list("organization_id", flat=True))
        intervals = intervals.filter(organization_id__in=mine)
        cells = cells.filter(organization_id__in=mine)
    rows = intervals.values_list("organization_id", "valid_from", "valid_until", "status")
    for org_id, start, end, status in rows.iterator(chunk_size=5000):
        last = (end - timedelta(days=1)).year if end else today.year - 1
        for year in range(start.year, min(last, today.year - 1) + 1):
            if start <= date(year, 12, 31) and (end is None or date(year, 12, 31) < end):
                anybody.add((org_id, year))
                if status == MemberStatus.OFFICIAL:
                    official[org_id, year] += 1
    for org_id, name, start, end in cells:
        for year in range(start.year, today.year):
            day = date(year, 12, 31)
            if (org_id, year) not in anybody or not (start <= day and (end is None or day < end)):
                continue
            try:
                org_rules.check_can_form_organization(official[org_id, year])
            except RuleViolation as violation:
                if violation.rule.known_on(day):  # not a year end before its source was signed
                    yield SmallCell(org_id, name, day, violation)
