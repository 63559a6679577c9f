"""Stocks: who was a member on a day, in an organization's subtree as it stood that day."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, When

from partyorg.core.known import known_moment
from partyorg.members import facts, stock
from partyorg.members.models import (
    PATH_DEPTH,
    EventKind,
    FactKind,
    MembershipEvent,
    MembershipInterval,
    MemberStatus,
    Person,
    Sex,
    StockFact,
    StockSnapshot,
)
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.reports import breakdown_summary
from partyorg.reports.models import BreakdownCount, BreakdownFact
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.reports.statistics.scope import subtree_on

MAJORITY_ETHNICITY = stock.MAJORITY_ETHNICITY


@dataclass(frozen=True)
class Membership:
    """The headline stock of the membership form (RULES.md §6.2, form 3) on a day."""

    on: date
    total: PeopleFigure
    probationary: PeopleFigure
    women: PeopleFigure
    ethnic_minority: PeopleFigure
    religious: PeopleFigure
    youth_union: PeopleFigure
    exempt: PeopleFigure


def members_on(root: Organization, on: date) -> PeopleFigure:
    """Members held on ``on`` by ``root`` or anything under it that day. Temporary placements are
    not counted at the temporary organization (RULES.md §2.7): they are not intervals. Counted on
    the fast path (``partyorg.members.stock``); the people are fetched when the figure is opened."""
    counts = fast_counts(root, on)
    if counts is None:
        return members_scan(root, on)
    return PeopleFigure(count=counts["total"], load=lambda: fact_people(root, on, "total"))


def membership_on(root: Organization, on: date) -> Membership:
    """Every headline stock of ``root`` on ``on``: counted on the fast path, people on demand."""
    counts = fast_counts(root, on)
    if counts is None:
        return membership_scan(root, on)

    def people(name: str) -> Callable[[], frozenset[int]]:
        return lambda: fact_people(root, on, name)

    return Membership(
        on=on, **{name: PeopleFigure(count=counts[name], load=people(name)) for name in HEADLINE}
    )


def fact_people(root: Organization, on: date, name: str) -> frozenset[int]:
    """The people of one headline figure of :func:`fast_counts` (``total`` or a flag): the stock
    facts valid that day under ``root`` in its column of that day, one indexed read (the plain
    scan would list every organization of the subtree, 300.000 for the nation)."""
    depth = stock.depth_on(root.pk, on)
    if depth is None:
        return frozenset()
    facts = StockFact.objects.filter(valid_on(on), **{f"a{depth}": root.pk})
    if name != "total":
        facts = facts.filter(**{name: True})
    return frozenset(facts.values_list("person_id", flat=True))


def fast_counts(root: Organization, on: date) -> dict[str, int] | None:
    """The headline counts of ``root``'s subtree on ``on`` from its last snapshot and the facts
    since; None when ``root`` stands deeper than the facts' columns (then the plain scan counts)."""
    depth = stock.depth_on(root.pk, on)
    if depth is None:
        return dict.fromkeys(stock.FIELDS, 0)  # not standing that day: nobody
    if depth >= PATH_DEPTH:
        return None
    since, base = stock.last_snapshot(root.pk, on)
    depths = {depth}
    if since is not None and since != on:
        then = stock.depth_on(root.pk, since)
        if then is not None:
            depths.add(then)
    if max(depths) >= PATH_DEPTH:
        return None
    return stock.counts_on(root.pk, on, depths, since, base)


def year_ends(root: Organization, on: date) -> list[tuple[date, int]]:
    """Members of ``root``'s subtree on every 31/12 before ``on`` (each as the tree stood that
    day), read off the yearly snapshots of the fast path in one query: the picture of a dashboard.
    Empty for an organization deeper than the facts' columns, which has no snapshots."""
    rows = StockSnapshot.objects.filter(
        organization_id=root.pk, day__lt=on, day__in=stock.SNAPSHOT_DAYS, total__gt=0
    ).order_by("day")
    return list(rows.values_list("day", "total"))


def count_of(counts: dict[str, int], status: str, sex: str) -> int | None:
    """Members of one status or one sex, from the headline counts of :func:`fast_counts` (the
    other status or sex is the total less it); None when both are asked for, which the counts do
    not hold."""
    if status in MemberStatus.values and sex in Sex.values:
        return None
    if status == MemberStatus.PROBATIONARY:
        return counts["probationary"]
    if status == MemberStatus.OFFICIAL:
        return counts["total"] - counts["probationary"]
    if sex == Sex.FEMALE:
        return counts["women"]
    if sex in Sex.values:
        return counts["total"] - counts["women"]
    return counts["total"]


# Up to this many members, a list starts from the organization's people rather than from the names.
SMALL_LIST = 5_000


def people_under(
    root: Organization, on: date, status: str = "", sex: str = ""
) -> tuple[QuerySet[Person], int | None]:
    """The members of ``root``'s subtree on ``on`` (of one status or sex when given) as a query
    of people to be sorted and paged, and their number when the fast counts know it. Above
    ``SMALL_LIST`` members the query walks the people in name order and keeps those with a stock
    fact under ``root`` that day, so a page of a sorted list costs about as many probes as it has
    rows, whatever the size of the province or the nation; a smaller organization's people are taken
    from its facts (walking every person in name order for a cell of 20 would read them all). An
    organization deeper than the facts' columns is read from the intervals, without a number."""
    depth = stock.depth_on(root.pk, on)
    if depth is None or depth >= PATH_DEPTH:
        held = MembershipInterval.objects.filter(valid_on(on), organization_id__in=subtree_on(root, on))
        if status in MemberStatus.values:
            held = held.filter(status=status)
        people = Person.objects.filter(pk__in=held.values("person_id"))
        return (people.filter(sex=sex) if sex in Sex.values else people), None
    facts = StockFact.objects.filter(valid_on(on), **{f"a{depth}": root.pk})
    if status in MemberStatus.values:
        facts = facts.filter(probationary=status == MemberStatus.PROBATIONARY)
    counts = fast_counts(root, on)
    if counts is not None and counts["total"] > SMALL_LIST:
        people = Person.objects.filter(Exists(facts.filter(person_id=OuterRef("pk"))))
    else:
        # A few thousand ids, read first: PostgreSQL otherwise walked every person in name order
        # probing their facts, 100 ms for a province of 1.500 (an array of ids and a sort: ~3).
        people = Person.objects.filter(pk__in=list(facts.values_list("person_id", flat=True)))
    if sex in Sex.values:
        people = people.filter(sex=sex)
    return people, None if counts is None else count_of(counts, status, sex)


def members_scan(root: Organization, on: date) -> PeopleFigure:
    """``members_on`` the plain way: the subtree's ids, every interval valid that day. The fast
    path is tested and benchmarked against it."""
    org_ids = subtree_on(root, on)
    rows = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
    return PeopleFigure(frozenset(rows.values_list("person_id", flat=True)))


HEADLINE = stock.FIELDS  # total and the flags, in the order of form 3


def membership_scan(root: Organization, on: date) -> Membership:
    """``membership_on`` the plain way, in one query, with the people."""
    org_ids = subtree_on(root, on)
    rows = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids).values_list(
        "person_id",
        "status",
        "is_exempt",
        *stock.PERSON_ATTRIBUTES,
    )
    dated = facts.periods_for(rows.values("person_id"), (FactKind.RELIGION, FactKind.YOUTH_UNION))
    groups: dict[str, set[int]] = defaultdict(set)
    for person_id, status, exempt, sex, ethnicity, religion, youth in rows.iterator(chunk_size=5000):
        if person_id in dated:  # as they stood that day
            kinds = dated[person_id]
            if FactKind.RELIGION in kinds:
                religion = facts.value_in(kinds[FactKind.RELIGION], on)
            if FactKind.YOUTH_UNION in kinds:
                youth = facts.value_in(kinds[FactKind.YOUTH_UNION], on) == facts.YES
        groups["total"].add(person_id)
        if status == MemberStatus.PROBATIONARY:
            groups["probationary"].add(person_id)
        if sex == Sex.FEMALE:
            groups["women"].add(person_id)
        if ethnicity and ethnicity != MAJORITY_ETHNICITY:
            groups["ethnic_minority"].add(person_id)
        if religion:
            groups["religious"].add(person_id)
        if youth:
            groups["youth_union"].add(person_id)
        if exempt:
            groups["exempt"].add(person_id)
    return Membership(on=on, **{name: PeopleFigure(frozenset(groups[name])) for name in HEADLINE})


# Form 3 bands (RULES.md §6.2 [P], reconstruction of the 2017–2021 forms).
AGE_BANDS = (
    ("18–30", 18, 30),
    ("31–35", 31, 35),
    ("36–40", 36, 40),
    ("41–45", 41, 45),
    ("46–50", 46, 50),
    ("51–55", 51, 55),
    ("56–60", 56, 60),
    ("Trên 60", 61, 200),
)
ADMISSION_PERIODS = (
    ("Trước 19/8/1945", date(1, 1, 1), date(1945, 8, 19)),
    ("19/8/1945 – 20/7/1954", date(1945, 8, 19), date(1954, 7, 21)),
    ("21/7/1954 – 30/4/1975", date(1954, 7, 21), date(1975, 5, 1)),
    ("Từ 01/5/1975", date(1975, 5, 1), date(9999, 12, 31)),
)
UNKNOWN = "Chưa rõ"


@dataclass(frozen=True)
class Breakdown:
    """Form 3's breakdowns of the members on a day: each a dict label -> people, in form order."""

    on: date
    total: PeopleFigure
    by: dict[str, dict[str, PeopleFigure]]
    average_age: float | None
    women: PeopleFigure = field(default_factory=PeopleFigure)
    private_business_owners: PeopleFigure = field(default_factory=PeopleFigure)
    exempt: PeopleFigure = field(default_factory=PeopleFigure)  # from work and activities that day
    # (professional level, academic title) -> people, "" for none or unknown: the level's row of form
    # 3 reads both (a master's degree recorded as the title outranks the level)
    professional: dict[tuple[str, str], PeopleFigure] = field(default_factory=dict)
    # occupation (as ``by["occupation"]``) -> the exempt members of it: retired and exempt
    exempt_by_occupation: dict[str, PeopleFigure] = field(default_factory=dict)


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# The dated kinds a breakdown reads, in the order of its row after birth date and ethnicity.
BREAKDOWN_KINDS: tuple[str, ...] = (
    FactKind.RELIGION,
    FactKind.GENERAL_EDUCATION,
    FactKind.PROFESSIONAL_LEVEL,
    FactKind.POLITICAL_THEORY,
    FactKind.OCCUPATION,
    FactKind.ACADEMIC_TITLE,
)


def membership_breakdown(root: Organization, on: date) -> Breakdown:
    """:func:`membership_breakdown_scan` on the fast path (``reports.breakdown_summary``): the
    counts of the last month end and the facts since for the top organizations, the facts of the
    day for the others; the people of a figure are fetched when it is opened. The plain scan when
    the tables are not built, when the records are read as known on a past moment, and for an
    organization deeper than the facts' columns."""
    if known_moment() is None and breakdown_summary.held():
        found = fast_breakdown(root, on)
        if found is not None:
            return found
    return membership_breakdown_scan(root, on)


def membership_breakdown_scan(root: Organization, on: date) -> Breakdown:
    """Members of ``root``'s subtree on ``on`` by age band, ethnicity, religion, education,
    professional level, political theory, occupation, academic title and degree, and admission
    period (the first admission decision; members whose decision is not on file are counted
    under "Chưa rõ"); each as the stored values read, as they stood that day. Beside them the
    women, the private-enterprise owners and the members exempt from work and activities."""
    org_ids = subtree_on(root, on)
    # each member's first admission (or re-admission) decision, read in the same query; for a
    # member who predates the records, the decision their opening gives (none when it is unknown)
    first_decided = (
        MembershipEvent.objects.filter(
            Q(kind__in=[EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED])
            | Q(kind=EventKind.OPENED, admitted_on__isnull=False),
            person_id=OuterRef("person_id"),
        )
        .annotate(decided=Case(When(kind=EventKind.OPENED, then=F("admitted_on")), default=F("effective_on")))
        .order_by("decided")
        .values("decided")[:1]
    )
    held = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
    rows = held.annotate(first_decided=Subquery(first_decided)).values_list(
        "person_id",
        "person__birth_date",
        "person__ethnicity",
        "person__religion",
        "person__general_education",
        "person__professional_level",
        "person__political_theory",
        "person__occupation",
        "person__academic_title",
        "person__sex",
        "person__is_private_business_owner",
        "is_exempt",
        "first_decided",
    )
    people: dict[int, tuple[Any, ...]] = {}
    first_decision: dict[int, date] = {}
    flags: dict[str, set[int]] = {"women": set(), "owners": set(), "exempt": set()}
    for row in rows.iterator(chunk_size=5000):
        people[row[0]] = row[1:9]
        if row[12] is not None:
            first_decision[row[0]] = row[12]
        for name, on_row in zip(
            ("women", "owners", "exempt"), (row[9] == Sex.FEMALE, row[10], row[11]), strict=True
        ):
            if on_row:
                flags[name].add(row[0])
    dated = facts.periods_for(held.values("person_id"), BREAKDOWN_KINDS)
    for person_id, kinds in dated.items():  # the attributes as they stood that day
        if person_id in people:
            values = list(people[person_id])
            for kind, periods in kinds.items():
                values[BREAKDOWN_KINDS.index(kind) + 2] = facts.value_in(periods, on)
            people[person_id] = tuple(values)
    groups: dict[str, dict[str, set[int]]] = {
        "age": {label: set() for label, _, _ in AGE_BANDS},
        "admission_period": {label: set() for label in [*(p[0] for p in ADMISSION_PERIODS), UNKNOWN]},
        "ethnicity": defaultdict(set),
        "religion": defaultdict(set),
        "general_education": defaultdict(set),
        "professional_level": defaultdict(set),
        "political_theory": defaultdict(set),
        "occupation": defaultdict(set),
        "academic_title": defaultdict(set),
    }
    ages = []
    professional: dict[tuple[str, str], set[int]] = defaultdict(set)
    exempt_by_occupation: dict[str, set[int]] = defaultdict(set)
    for person_id, (
        birth,
        ethnicity,
        religion,
        education,
        professional_value,
        theory,
        occupation,
        title,
    ) in people.items():
        age = age_on(birth, on)
        ages.append(age)
        for label, low, high in AGE_BANDS:
            if low <= age <= high:
                groups["age"][label].add(person_id)
        decided = first_decision.get(person_id)
        period = next(
            (label for label, start, end in ADMISSION_PERIODS if decided and start <= decided < end), UNKNOWN
        )
        groups["admission_period"][period].add(person_id)
        for name, value in (
            ("ethnicity", ethnicity),
            ("religion", religion or "Không"),
            ("general_education", education),
            ("professional_level", professional_value),
            ("political_theory", theory),
            ("occupation", occupation),
            ("academic_title", title),
        ):
            groups[name][value or UNKNOWN].add(person_id)
        professional[known_or_blank(professional_value), known_or_blank(title)].add(person_id)
        if person_id in flags["exempt"]:
            exempt_by_occupation[occupation or UNKNOWN].add(person_id)
    by = {
        name: {label: PeopleFigure(frozenset(ids)) for label, ids in labels.items()}
        for name, labels in groups.items()
    }
    return Breakdown(
        on,
        PeopleFigure(frozenset(people)),
        by,
        round(sum(ages) / len(ages), 1) if ages else None,
        women=PeopleFigure(frozenset(flags["women"])),
        private_business_owners=PeopleFigure(frozenset(flags["owners"])),
        exempt=PeopleFigure(frozenset(flags["exempt"])),
        professional={key: PeopleFigure(frozenset(ids)) for key, ids in professional.items()},
        exempt_by_occupation={key: PeopleFigure(frozenset(ids)) for key, ids in exempt_by_occupation.items()},
    )


def known_or_blank(value: str) -> str:
    """A stored value, "" when none or unknown (as ``documents.breakdowns.values_of`` reads it)."""
    return "" if value in ("", UNKNOWN) else value


def members_by_child(root: Organization, on: date) -> dict[int, PeopleFigure]:
    """Members on ``on`` of each organization directly under ``root`` (with its subtree), in one
    grouped query over the stock facts; ``root``'s own members (not in any child) under
    ``root.pk``. The people of each are fetched when that figure is opened."""
    depth = stock.depth_on(root.pk, on)
    if depth is None:
        return {}
    if depth + 1 >= PATH_DEPTH:
        return members_by_child_scan(root, on)
    column, below = f"a{depth}", f"a{depth + 1}"
    valid = Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gt=on))
    facts = StockFact.objects.filter(valid, **{column: root.pk})
    children = list(
        OrgVersion.objects.filter(valid_on(on), parent=root).values_list("organization_id", flat=True)
    )
    counts = _child_counts(root, on, depth, children)

    def people(child: int) -> Callable[[], frozenset[int]]:
        def load() -> frozenset[int]:
            own: dict[str, int | None] = {below: None if child == root.pk else child}
            return frozenset(facts.filter(**own).values_list("person_id", flat=True))

        return load

    return {child: PeopleFigure(count=n, load=people(child)) for child, n in counts.items()}


def _child_counts(root: Organization, on: date, depth: int, children: list[int]) -> dict[int, int]:
    """Members of each child's subtree on ``on``, and ``root``'s own under ``root.pk``, the way
    :func:`fast_counts` counts one organization but for all the children at once: their snapshots
    on the last 31/12, plus the facts that began, minus those that ended since, grouped by the
    column the children stand in. A child that stood elsewhere (or at another depth) on that 31/12
    is counted alone. ``root``'s own members are its total less its children's."""
    total = fast_counts(root, on)
    since = stock.snapshot_day(on)
    if total is None or since is None:
        return _child_counts_grouped(root, on, depth, children)
    below = f"a{depth + 1}"
    parents_then = dict(
        OrgVersion.objects.filter(valid_on(since), organization_id__in=children).values_list(
            "organization_id", "parent_id"
        )
    )
    same_depth = stock.depth_on(root.pk, since) == depth
    settled = [c for c in children if same_depth and parents_then.get(c) == root.pk]
    counts = dict.fromkeys(children, 0)
    counts.update(
        StockSnapshot.objects.filter(organization_id__in=settled, day=since).values_list(
            "organization_id", "total"
        )
    )
    if since != on:
        facts = StockFact.objects.filter(**{f"{below}__in": settled})
        began = facts.filter(valid_from__gt=since, valid_from__lte=on)
        ended = facts.filter(valid_until__gt=since, valid_until__lte=on)
        for rows, sign in ((began, 1), (ended, -1)):
            for child, n in rows.values_list(below).annotate(n=Count("pk")).values_list(below, "n"):
                counts[child] += sign * n
    for child in set(children) - set(settled):
        alone = fast_counts(Organization(pk=child), on)
        counts[child] = (
            alone["total"] if alone is not None else members_scan(Organization(pk=child), on).value
        )
    counts[root.pk] = total["total"] - sum(counts[c] for c in children)
    return counts


def _child_counts_grouped(root: Organization, on: date, depth: int, children: list[int]) -> dict[int, int]:
    """:func:`_child_counts` before the first snapshot: every fact valid that day, grouped."""
    column, below = f"a{depth}", f"a{depth + 1}"
    valid = Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gt=on))
    facts = StockFact.objects.filter(valid, **{column: root.pk})
    counts: dict[int, int] = dict.fromkeys(children, 0)
    counts[root.pk] = 0
    for child, n in facts.values_list(below).annotate(n=Count("pk")).values_list(below, "n"):
        counts[root.pk if child is None else child] = n
    return counts


def members_by_child_scan(root: Organization, on: date) -> dict[int, PeopleFigure]:
    """``members_by_child`` the plain way: walk the subtree, read every interval of the day."""
    versions = OrgVersion.objects.filter(valid_on(on), organization_id__in=subtree_on(root, on))
    parent_of = dict(versions.values_list("organization_id", "parent_id"))
    if root.pk not in parent_of:
        return {}
    branch: dict[int, int] = {root.pk: root.pk}

    def branch_of(org_id: int) -> int:
        chain = []
        while org_id not in branch:
            chain.append(org_id)
            parent = parent_of[org_id]
            if parent == root.pk:
                branch[org_id] = org_id
                break
            org_id = parent
        for seen in chain:
            branch[seen] = branch[org_id]
        return branch[chain[0]] if chain else branch[org_id]

    groups: dict[int, set[int]] = {org_id: set() for org_id, parent in parent_of.items() if parent == root.pk}
    groups[root.pk] = set()
    rows = MembershipInterval.objects.filter(valid_on(on), organization_id__in=parent_of).values_list(
        "organization_id", "person_id"
    )
    for org_id, person_id in rows.iterator(chunk_size=5000):
        groups[branch_of(org_id)].add(person_id)
    return {org_id: PeopleFigure(frozenset(people)) for org_id, people in groups.items()}


# -- form 3's breakdowns on the fast path (issue 18) ------------------------------------------------

ADMISSION_LABELS = (*(p[0] for p in ADMISSION_PERIODS), UNKNOWN)
# The breakdowns of ``Breakdown.by`` read from a fact's values, and how a stored value is labelled.
VALUE_LABELS: dict[str, Callable[[str], str]] = {
    "ethnicity": lambda v: v or UNKNOWN,
    "religion": lambda v: v or "Không",
    "general_education": lambda v: v or UNKNOWN,
    "professional_level": lambda v: v or UNKNOWN,
    "political_theory": lambda v: v or UNKNOWN,
    "occupation": lambda v: v or UNKNOWN,
    "academic_title": lambda v: v or UNKNOWN,
}
Tally = Counter[tuple[str, str]]  # (dimension, value) -> members


def _fact_keys(fact: tuple[Any, ...], on: date) -> tuple[list[tuple[str, str]], int]:
    """The (dimension, value) one breakdown fact counts in on ``on``, and the member's age."""
    age = breakdown_summary.age_on(fact[breakdown_summary.BIRTH], on)
    return [*breakdown_summary.constant_keys(fact), ("age", str(breakdown_summary.band_of(age)))], age


def _add_fact(tally: Tally, fact: tuple[Any, ...], on: date, sign: int, ages: list[int]) -> None:
    """What one breakdown fact adds (or takes away) to the counts of ``on``."""
    keys, age = _fact_keys(fact, on)
    for key in keys:
        tally[key] += sign
    ages[0] += sign * age


class _FactPeople:
    """The people of each (dimension, value) on a day, read from the facts of the day when a figure
    is first opened (one read for every figure of the breakdown)."""

    def __init__(self, facts: QuerySet[BreakdownFact], on: date) -> None:
        self.facts, self.on = facts, on
        self.groups: dict[tuple[str, str], set[int]] | None = None

    def __call__(self, keys: list[tuple[str, str]]) -> Callable[[], frozenset[int]]:
        def load() -> frozenset[int]:
            if self.groups is None:
                self.groups = defaultdict(set)
                for fact in self.facts.values_list(*breakdown_summary.FACT_COLUMNS).iterator(chunk_size=5000):
                    for key in _fact_keys(fact, self.on)[0]:
                        self.groups[key].add(fact[0])
            return frozenset().union(*(self.groups.get(key, ()) for key in keys))

        return load


def fast_breakdown(root: Organization, on: date) -> Breakdown | None:
    """Form 3's breakdowns of ``root`` on ``on`` from the stored counts and facts; None when
    ``root`` stands deeper than the facts' columns (the plain scan counts)."""
    depth = stock.depth_on(root.pk, on)
    if depth is None:  # not standing that day: nobody
        nobody = _FactPeople(BreakdownFact.objects.none(), on)
        nobody.groups = {}
        return _breakdown_of(on, Counter(), 0, nobody)
    if depth >= PATH_DEPTH:
        return None
    days = breakdown_summary.DAYS
    index = bisect.bisect_right(days, on) - 1
    column = f"a{depth}"
    of_day = BreakdownFact.objects.filter(valid_on(on), **{column: root.pk})
    people = _FactPeople(of_day, on)
    if index >= 0 and on < breakdown_summary.window_end(index):
        since = days[index]
        rows = list(
            BreakdownCount.objects.filter(organization_id=root.pk, day=since).values_list(
                "dimension", "value", "n"
            )
        )
        then = stock.depth_on(root.pk, since)
        if then is not None and then < PATH_DEPTH and any(row[0] == "total" for row in rows):
            projected, age_sum = _projected(rows, on)
            ages = [age_sum]
            in_org = Q()
            for k in {depth, then}:
                in_org |= Q(**{f"a{k}": root.pk})
            facts = BreakdownFact.objects.filter(in_org)
            began = facts.filter(valid_from__gt=since, valid_from__lte=on)
            ended = facts.filter(valid_until__gt=since, valid_until__lte=on)
            for changed, sign in ((began, 1), (ended, -1)):
                for fact in changed.values_list(*breakdown_summary.FACT_COLUMNS):
                    _add_fact(projected, fact, on, sign, ages)
            return _breakdown_of(on, projected, ages[0], people)
    # Not a top organization (or no counts that month): the facts of the day, with their people.
    tally: Tally = Counter()
    age_sum = 0
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for fact in of_day.values_list(*breakdown_summary.FACT_COLUMNS).iterator(chunk_size=5000):
        keys, age = _fact_keys(fact, on)
        age_sum += age
        for key in keys:
            tally[key] += 1
            groups[key].add(fact[0])
    people.groups = groups
    return _breakdown_of(on, tally, age_sum, people)


def _projected(rows: list[tuple[str, str, int]], on: date) -> tuple[Tally, int]:
    """The counts of a month end as they stand on ``on`` (before the next month end): the bands of
    those whose band changes by then, and the birthdays passed in the sum of the ages."""
    tally: Tally = Counter()
    age_sum = 0
    today = on.isoformat()
    for dimension, value, n in rows:
        if dimension == "agesum":
            age_sum += n
        elif dimension == "bday":
            if value <= today:
                age_sum += n
        elif dimension == "move":
            left, entered, day = value.split("|")
            tally["age", entered if day <= today else left] += n
        else:
            tally[dimension, value] += n
    return tally, age_sum


def _breakdown_of(on: date, tally: Tally, age_sum: int, people: _FactPeople) -> Breakdown:
    """A :class:`Breakdown` of counts, each figure's people fetched when it is opened."""

    def figure(keys: list[tuple[str, str]]) -> PeopleFigure:
        return PeopleFigure(count=sum(tally[key] for key in keys), load=people(keys))

    def labelled(dimension: str, label: Callable[[str], str]) -> dict[str, PeopleFigure]:
        keys: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for (name, value), n in tally.items():
            if name == dimension and n:
                keys[label(value)].append((name, value))
        return {name: figure(found) for name, found in keys.items()}

    total = tally["total", ""]
    by = {
        "age": {label: figure([("age", str(i))]) for i, (label, _, _) in enumerate(AGE_BANDS)},
        "admission_period": {
            label: figure([("admission", str(i))]) for i, label in enumerate(ADMISSION_LABELS)
        },
        **{name: labelled(name, label) for name, label in VALUE_LABELS.items()},
    }
    by = {"age": by["age"], "admission_period": by["admission_period"], **by}
    professional: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for (name, value), n in tally.items():
        if name == "professional" and n:
            level, title = value.split(breakdown_summary.JOINT)
            professional[known_or_blank(level), known_or_blank(title)].append((name, value))
    return Breakdown(
        on,
        figure([("total", "")]),
        by,
        round(age_sum / total, 1) if total else None,
        figure([("women", "")]),
        figure([("owner", "")]),
        figure([("exempt", "")]),
        professional={key: figure(keys) for key, keys in professional.items()},
        exempt_by_occupation=labelled("exempt_occupation", VALUE_LABELS["occupation"]),
    )
