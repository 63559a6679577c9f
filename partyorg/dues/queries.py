"""Reading dues: the amount due per member and month (computed, explained), payments, arrears per
member and per cell, and the three-months-in-a-year warning.

Who owes a month, and where: a person who was a member (official or probationary, RULES.md §4.1 [V])
on at least one day of the month owes it, to the organization that held them on the last of those days
([U] interpretation, ``rules.dues.LIABLE_MONTH_RULE``; where dues are paid during a temporary transfer
is RULES.md §9 item 10 — here, the official organization). A payment counts for its member and month
wherever it was recorded.

The amount due is never stored: :func:`member_months` loads the bases, reliefs, payments and the few
members near 50 years of party age in a handful of queries and applies ``partyorg.rules.dues`` to each
member-month, so a corrected basis changes every month it covers at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db.models import Q, Sum

from partyorg.dues.models import DuesBasis, DuesPayment, DuesRelief
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus, Person
from partyorg.members.services import timeline_of
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgKind, valid_on
from partyorg.organizations.queries import subtree_ids, version_on
from partyorg.rules import dues as rules
from partyorg.rules._dates import add_years
from partyorg.rules.base import Rule, RuleViolation

__all__ = [
    "CellArrears",
    "CellDues",
    "MemberArrears",
    "MemberMonth",
    "NonPaymentWarning",
    "arrears",
    "arrears_by_cell",
    "arrears_from",
    "cell_dues",
    "collects_dues",
    "due_for",
    "member_months",
    "member_months_in_scope",
    "member_payments",
    "member_under",
    "months_of_person",
    "non_payment_warnings",
    "payments_of",
    "reliefs_over",
    "roster_of",
    "usual_decider",
]

CHUNK = 5000  # ids per IN list: far below SQLite's parameter limit


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(set(ids))
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass(frozen=True)
class MemberMonth:
    """One member's dues for one month: what was due (``due`` explains it; ``None`` with ``problem``
    when it cannot be computed) and what was paid for it."""

    person_id: int
    month: date
    organization_id: int  # the organization the dues are owed to (see the module docstring)
    official: bool
    due: rules.DuesDue | None
    problem: str  # Vietnamese, when ``due`` is None
    paid: int

    @property
    def amount_due(self) -> int:
        return self.due.amount if self.due else 0

    @property
    def shortfall(self) -> int:
        return max(0, self.amount_due - self.paid)

    @property
    def exempt(self) -> bool:
        return self.due is not None and self.due.exempt

    @property
    def formula(self) -> str:
        """How the amount due was reached, in short (``rules.dues.DuesDue.formula``), or why it cannot
        be computed."""
        return self.due.formula if self.due else self.problem


# (month, organization id, official) for each month a person owes
Owed = tuple[date, int, bool]


def _owed_months(
    intervals: Iterable[tuple[int, int, date, date | None, str]], months: Sequence[date]
) -> dict[int, list[Owed]]:
    """For each person, the months of ``months`` they were a member on some day of, with the
    organization holding them on the last such day and whether they were official then."""
    by_person: dict[int, list[tuple[date, date | None, int, str]]] = defaultdict(list)
    for person_id, org_id, start, until, status in intervals:
        by_person[person_id].append((start, until, org_id, status))
    owed: dict[int, list[Owed]] = {}
    for person_id, rows in by_person.items():
        rows.sort()
        found: list[Owed] = []
        for month in months:
            end = rules.month_end(month)
            holder = None
            for start, until, org_id, status in rows:
                if start <= end and (until is None or until > month):
                    holder = (org_id, status)  # the latest starting one wins
            if holder is not None:
                found.append((month, holder[0], holder[1] == MemberStatus.OFFICIAL))
        if found:
            owed[person_id] = found
    return owed


def _intervals(
    person_ids: Collection[int], first: date, last_end: date
) -> list[tuple[int, int, date, date | None, str]]:
    rows: list[tuple[int, int, date, date | None, str]] = []
    for chunk in _chunks(person_ids):
        rows.extend(
            MembershipInterval.objects.filter(person_id__in=chunk, valid_from__lte=last_end)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
            .values_list("person_id", "organization_id", "valid_from", "valid_until", "status")
        )
    return rows


def _bases(person_ids: Collection[int], last: date) -> dict[int, list[rules.Basis]]:
    found: dict[int, list[tuple[date, int, rules.Basis]]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        for pk, person_id, from_month, category, amount, region in (
            DuesBasis.objects.in_force()
            .filter(person_id__in=chunk, from_month__lte=last)
            .values_list("pk", "person_id", "from_month", "category", "amount", "region")
        ):
            found[person_id].append((from_month, pk, rules.Basis(category, amount, region, from_month)))
    return {person_id: [basis for *_, basis in sorted(rows)] for person_id, rows in found.items()}


def _basis_in(bases: Sequence[rules.Basis], month: date) -> rules.Basis | None:
    """The latest basis starting in ``month`` or before (the last recorded of a month wins)."""
    starts = [basis.from_month or date.min for basis in bases]
    index = bisect_right(starts, month)
    return bases[index - 1] if index else None


Relieving = tuple[date, date | None, int, rules.Relief]  # first month, last month, pk, relief


def _reliefs(person_ids: Collection[int], first: date, last: date) -> dict[int, list[Relieving]]:
    found: dict[int, list[Relieving]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        for row in (
            DuesRelief.objects.in_force()
            .filter(person_id__in=chunk, first_month__lte=last)
            .filter(Q(last_month__isnull=True) | Q(last_month__gte=first))
            .values_list(
                "pk",
                "person_id",
                "ground",
                "percent",
                "first_month",
                "last_month",
                "basis_number",
                "basis_date",
            )
        ):
            pk, person_id, ground, percent, first_month, last_month, number, issued = row
            label = f"quyết định {number}" + (f" ngày {issued:%d/%m/%Y}" if issued else "")
            found[person_id].append((first_month, last_month, pk, rules.Relief(percent, ground, label)))
    return found


def _relief_in(reliefs: Sequence[Relieving], month: date) -> rules.Relief | None:
    """The relief covering ``month``; of several, the latest decided (latest first month, then entry)."""
    covering = [
        (first, pk, relief)
        for first, last, pk, relief in reliefs
        if first <= month and (last is None or month <= last)
    ]
    return max(covering, key=lambda row: (row[0], row[1]))[2] if covering else None


def _facts(person_ids: Collection[int], last: date) -> dict[int, rules.MemberFacts]:
    """Birth date, sex, and the day net party age reaches 50 for those it may reach it by ``last``."""
    people: dict[int, tuple[date, str]] = {}
    for chunk in _chunks(person_ids):
        people.update(
            (pk, (birth, sex))
            for pk, birth, sex in Person.objects.filter(pk__in=chunk).values_list("pk", "birth_date", "sex")
        )
    # Only members decided at least 50 calendar years before the period's end can be 50 years old in
    # party age (gaps only delay it); fold those few timelines for the exact day (RULES.md §2.4).
    cutoff = add_years(rules.month_end(last), -rules.FIFTY_YEARS)
    decisions = (EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED)
    old: set[int] = set()
    for chunk in _chunks(person_ids):
        old.update(
            MembershipEvent.objects.filter(
                Q(kind__in=decisions, effective_on__lte=cutoff)
                | Q(kind=EventKind.OPENED, admitted_on__lte=cutoff),  # admitted before the records
                person_id__in=chunk,
            ).values_list("person_id", flat=True)
        )
    fifty: dict[int, date] = {}
    for chunk in _chunks(old):
        for person in Person.objects.filter(pk__in=chunk):
            timeline = timeline_of(person)
            if timeline.first_decision_on is not None:
                gaps = timeline.closed_gaps(rules.month_end(last))
                fifty[person.pk] = rules.fifty_years_on(timeline.first_decision_on, gaps)
    return {
        pk: rules.MemberFacts(birth_date=birth, sex=sex, fifty_years_on=fifty.get(pk))
        for pk, (birth, sex) in people.items()
    }


def _paid(
    person_ids: Collection[int], first: date, last: date, as_of: date | None
) -> dict[tuple[int, date], int]:
    paid: dict[tuple[int, date], int] = {}
    for chunk in _chunks(person_ids):
        payments = DuesPayment.objects.in_force().filter(
            person_id__in=chunk, month__gte=first, month__lte=last
        )
        if as_of is not None:
            payments = payments.filter(paid_on__lte=as_of)
        for person_id, month, total in payments.values_list("person_id", "month").annotate(
            total=Sum("amount")
        ):
            paid[person_id, month] = int(total)
    return paid


def member_payments(
    person_ids: Collection[int], first_month: date, last_month: date, *, as_of: date | None = None
) -> dict[tuple[int, date], int]:
    """(person, month) → the payments in force for the month, made by ``as_of``."""
    return _paid(person_ids, first_month, last_month, as_of)


def _compute(
    owed: dict[int, list[Owed]],
    first: date,
    last: date,
    as_of: date | None,
    paid: dict[tuple[int, date], int] | None = None,
) -> list[MemberMonth]:
    """The member-months ``owed``; ``paid``: the payments per (person, month) when already read."""
    ids = list(owed)
    bases = _bases(ids, last)
    reliefs = _reliefs(ids, first, last)
    facts = _facts(ids, last)
    if paid is None:
        paid = _paid(ids, first, last, as_of)
    result: list[MemberMonth] = []
    for person_id, months in owed.items():
        person_bases = bases.get(person_id, [])
        person_reliefs = reliefs.get(person_id, [])
        person_facts = facts[person_id]
        official_facts = {True: person_facts, False: _probationary(person_facts)}
        for month, org_id, official in months:
            try:
                due = rules.monthly_due(
                    month,
                    _basis_in(person_bases, month),
                    official_facts[official],
                    previous=_basis_in(person_bases, rules.shift_month(month, -1)),
                    relief=_relief_in(person_reliefs, month) if person_reliefs else None,
                )
                problem = ""
            except RuleViolation as refused:
                due, problem = None, refused.message
            result.append(
                MemberMonth(person_id, month, org_id, official, due, problem, paid.get((person_id, month), 0))
            )
    return result


def _probationary(facts: rules.MemberFacts) -> rules.MemberFacts:
    return rules.MemberFacts(birth_date=facts.birth_date, sex=facts.sex, official=False, fifty_years_on=None)


def member_months_in_scope(
    scope: Callable[[date], Collection[int]],
    first_month: date,
    last_month: date,
    *,
    as_of: date | None = None,
) -> list[MemberMonth]:
    """The member-months of ``first_month``–``last_month`` owed to the organizations ``scope(month)``
    returns for each month (an organization's subtree as it stood that month, say). ``as_of``: count only
    the payments made by that day."""
    months = rules.months_between(first_month, last_month)
    if not months:
        return []
    first, last = months[0], months[-1]
    scopes = {month: frozenset(scope(month)) for month in months}
    every = frozenset().union(*scopes.values())
    people: set[int] = set()
    for chunk in _chunks(every):
        people.update(
            MembershipInterval.objects.filter(
                organization_id__in=chunk, valid_from__lte=rules.month_end(last)
            )
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
            .values_list("person_id", flat=True)
        )
    owed = _owed_months(_intervals(people, first, rules.month_end(last)), months)
    owed = {
        person_id: kept
        for person_id, rows in owed.items()
        if (kept := [row for row in rows if row[1] in scopes[row[0]]])
    }
    return _compute(owed, first, last, as_of)


def member_months(
    org_ids: Collection[int], first_month: date, last_month: date, *, as_of: date | None = None
) -> list[MemberMonth]:
    """The member-months of ``first_month``–``last_month`` owed to ``org_ids`` (the user's scope)."""
    ids = frozenset(org_ids)
    return member_months_in_scope(lambda _month: ids, first_month, last_month, as_of=as_of)


def months_of_person(
    person: Person, first_month: date, last_month: date, *, as_of: date | None = None
) -> list[MemberMonth]:
    """Every month of the period ``person`` owed dues, wherever they were."""
    months = rules.months_between(first_month, last_month)
    if not months:
        return []
    owed = _owed_months(_intervals([person.pk], months[0], rules.month_end(months[-1])), months)
    return sorted(_compute(owed, months[0], months[-1], as_of), key=lambda row: row.month)


def due_for(person: Person, month: date) -> rules.DuesDue:
    """The dues ``person`` owes for ``month``, explained; :class:`RuleViolation` when it cannot be
    computed, ``ValueError`` when the person was not a member in that month."""
    rows = months_of_person(person, month, month)
    if not rows:
        raise ValueError(f"{person.full_name} không là đảng viên trong tháng {rules.month_label(month)}")
    row = rows[0]
    if row.due is None:
        rule = rules.BASIS_RULE
        raise RuleViolation(rule, row.problem)
    return row.due


# -- arrears ---------------------------------------------------------------------------------------


def _over(month: date, as_of: date) -> bool:
    """A month is in arrears only once it is over."""
    return rules.month_end(month) < as_of


@dataclass(frozen=True)
class MemberArrears:
    """A member's months (over by ``as_of``) paid less than due, and the total missing."""

    person_id: int
    organization_id: int  # where the last of these months was owed
    months: tuple[date, ...]
    shortfall: int


def arrears_of(rows: Iterable[MemberMonth], as_of: date) -> list[MemberArrears]:
    """Arrears per member from member-months; largest shortfall first."""
    return arrears_from(((r.person_id, r.month, r.organization_id, r.shortfall) for r in rows), as_of)


def arrears_from(rows: Iterable[tuple[int, date, int, int]], as_of: date) -> list[MemberArrears]:
    """Arrears per member from (person, month, organization owed, shortfall); largest first."""
    by_person: dict[int, list[tuple[date, int, int]]] = defaultdict(list)
    for person_id, month, org_id, shortfall in rows:
        if shortfall and _over(month, as_of):
            by_person[person_id].append((month, org_id, shortfall))
    found = [
        MemberArrears(
            person_id,
            max(months)[1],
            tuple(sorted(m for m, _, _ in months)),
            sum(short for _, _, short in months),
        )
        for person_id, months in by_person.items()
    ]
    return sorted(found, key=lambda a: (-a.shortfall, a.person_id))


def arrears(
    org_ids: Collection[int], first_month: date, last_month: date, *, as_of: date
) -> list[MemberArrears]:
    """Members of ``org_ids`` who paid less than due for some month of the period over by ``as_of``."""
    return arrears_of(member_months(org_ids, first_month, last_month, as_of=as_of), as_of)


@dataclass(frozen=True)
class CellArrears:
    organization_id: int
    due: int
    paid: int
    shortfall: int
    members_in_arrears: frozenset[int]


def arrears_by_cell(
    org_ids: Collection[int], first_month: date, last_month: date, *, as_of: date
) -> dict[int, CellArrears]:
    """Per organization owed: dues due, paid toward them, and missing (months over by ``as_of``)."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    people: dict[int, set[int]] = defaultdict(set)
    for row in member_months(org_ids, first_month, last_month, as_of=as_of):
        if not _over(row.month, as_of):
            continue
        total = totals[row.organization_id]
        total[0] += row.amount_due
        total[1] += min(row.paid, row.amount_due)
        total[2] += row.shortfall
        if row.shortfall:
            people[row.organization_id].add(row.person_id)
    return {
        org_id: CellArrears(org_id, due, paid, short, frozenset(people[org_id]))
        for org_id, (due, paid, short) in totals.items()
    }


@dataclass(frozen=True)
class NonPaymentWarning:
    """A member who has not paid (in full) for three months of ``year``: the cell considers removal."""

    person_id: int
    organization_id: int
    year: int
    months: tuple[int, ...]
    rule: Rule
    message: str  # Vietnamese


class OwedMonth(Protocol):
    """What the three-months warning reads of a member-month (a :class:`MemberMonth`, or a month of
    the stored monthly dues)."""

    @property
    def person_id(self) -> int: ...
    @property
    def month(self) -> date: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def shortfall(self) -> int: ...


def warnings_of(rows: Iterable[OwedMonth], year: int, as_of: date) -> list[NonPaymentWarning]:
    by_person: dict[int, list[OwedMonth]] = defaultdict(list)
    for row in rows:
        if row.month.year == year and row.shortfall and _over(row.month, as_of):
            by_person[row.person_id].append(row)
    found = []
    for person_id, months in by_person.items():
        numbers = [row.month.month for row in months]
        try:
            rules.check_non_payment(year, numbers)
        except RuleViolation as warned:
            last = max(months, key=lambda r: r.month)
            found.append(
                NonPaymentWarning(
                    person_id, last.organization_id, year, tuple(sorted(numbers)), warned.rule, warned.message
                )
            )
    return sorted(found, key=lambda w: (w.organization_id, w.person_id))


def non_payment_warnings(org_ids: Collection[int], year: int, *, as_of: date) -> list[NonPaymentWarning]:
    """RULES.md §2.9, §4.1 [V]: members of ``org_ids`` with three months of ``year`` (over by ``as_of``)
    unpaid or paid short — a ground for the cell to consider removal, when without a legitimate reason."""
    rows = member_months(org_ids, date(year, 1, 1), date(year, 12, 1), as_of=as_of)
    return warnings_of(rows, year, as_of)


# -- a cell's page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paid:
    """One payment as the roster shows it."""

    person_id: int
    month: date
    amount: int
    paid_on: date
    channel: str
    receipt_number: str  # empty when none was recorded


def payments_of(
    person_ids: Collection[int], first_month: date, last_month: date, *, as_of: date | None = None
) -> dict[int, list[Paid]]:
    """The payments in force of ``person_ids`` for the months ``first_month``–``last_month`` (made by
    ``as_of``, as :func:`member_months` counts them), per person, in the order they were paid."""
    found: dict[int, list[Paid]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        payments = DuesPayment.objects.in_force().filter(
            person_id__in=chunk, month__gte=rules.month_start(first_month), month__lte=last_month
        )
        if as_of is not None:
            payments = payments.filter(paid_on__lte=as_of)
        for row in payments.order_by("paid_on", "pk").values_list(
            "person_id", "month", "amount", "paid_on", "channel", "receipt_number"
        ):
            found[row[0]].append(Paid(*row))
    return dict(found)


@dataclass(frozen=True)
class CellDues:
    """The dues of an organization's members for the months ``first``–``last`` shown, and what they owe.

    One definition of owing, for every figure of the page: a member **owes** a month when dues were
    due for it, the month is over by ``as_of``, and less than due was paid for it by ``as_of``; the
    months counted are those from ``since`` (:func:`owing_since`: January of ``last``'s year, or
    ``first`` when earlier) to ``last``, the month shown. ``warnings`` are the members of ``owing``
    who owe three months or more of ``last``'s year (RULES.md §2.9, §4.1: a ground for the cell to
    consider removal)."""

    first: date
    last: date
    since: date
    rows: list[MemberMonth]  # the months first–last
    due: int  # of ``rows``
    paid: int  # of ``rows``, toward any amount (paying more is allowed)
    owing: list[MemberArrears]
    warnings: list[NonPaymentWarning]


def owing_since(first_month: date, last_month: date) -> date:
    """The first month counted for who owes when ``first_month``–``last_month`` are shown: January of
    the last month's year (the three-month ground counts a calendar year, RULES.md §2.9 [U] (a)), or
    the first month shown when earlier."""
    return min(rules.month_start(first_month), date(last_month.year, 1, 1))


def cell_dues(org_ids: Collection[int], first_month: date, last_month: date, *, as_of: date) -> CellDues:
    """The page of an organization's dues (see :class:`CellDues`), from one reading of member-months."""
    first, last = rules.month_start(first_month), rules.month_start(last_month)
    since = owing_since(first, last)
    rows = member_months(org_ids, since, last, as_of=as_of)
    shown = [row for row in rows if first <= row.month <= last]
    owing = arrears_of(rows, as_of)
    owed_rows = [row for row in rows if row.shortfall and _over(row.month, as_of)]
    return CellDues(
        first=first,
        last=last,
        since=since,
        rows=shown,
        due=sum(row.amount_due for row in shown),
        paid=sum(row.paid for row in shown),
        owing=owing,
        warnings=warnings_of(owed_rows, last.year, as_of),
    )


def roster_of(page: CellDues, *, as_of: date) -> dict[int, list[tuple[MemberMonth, list[Paid]]]]:
    """Each member's months of ``page`` (in month order), each with the payments made for it by
    ``as_of`` (as the page counts them), per person."""
    paid = payments_of({r.person_id for r in page.rows}, page.first, page.last, as_of=as_of)
    by_person: dict[int, list[tuple[MemberMonth, list[Paid]]]] = defaultdict(list)
    for row in sorted(page.rows, key=lambda r: r.month):
        months = [p for p in paid.get(row.person_id, []) if p.month == row.month]
        by_person[row.person_id].append((row, months))
    return dict(by_person)


def reliefs_over(person_ids: Collection[int], first_month: date, last_month: date) -> list[DuesRelief]:
    """The reliefs in force of ``person_ids`` covering some month of ``first_month``–``last_month``,
    in the order they start."""
    return list(
        DuesRelief.objects.in_force()
        .filter(person_id__in=list(person_ids), first_month__lte=last_month)
        .filter(Q(last_month__isnull=True) | Q(last_month__gte=first_month))
        .order_by("first_month", "pk")
    )


# -- who collects, who decides ----------------------------------------------------------------------


def collects_dues(org: Organization, on: date) -> bool:
    """Whether ``org`` holds members on ``on`` (a cell): dues are collected there."""
    version = version_on(org, on)
    return version is not None and version.kind in MEMBER_HOLDING_KINDS


def member_under(person: Person, org: Organization, day: date) -> bool:
    """Whether ``person`` is a member on ``day``, held by ``org`` or an organization under it
    (standing that day): whose basis or relief a page of ``org`` may record."""
    held = (
        MembershipInterval.objects.filter(valid_on(day), person=person)
        .values_list("organization_id", flat=True)
        .first()
    )
    return held is not None and version_on(org, day) is not None and held in subtree_ids(org, day)


def usual_decider(org: Organization, on: date) -> Organization:
    """Who usually decides a relief for a member of ``org`` (RULES.md §4.1, QĐ 01 [P]): a
    grassroots cell itself, a subordinate cell's superior committee."""
    version = version_on(org, on)
    if version is None or version.kind == OrgKind.GRASSROOTS_CELL or version.parent is None:
        return org
    return version.parent
