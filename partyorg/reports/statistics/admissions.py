"""New admissions in a period (form 2, RULES.md §6.2 [P]): who was admitted (or re-admitted), their
profile on the day of their ceremony, and the grassroots organizations that admitted someone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q

from partyorg.members import facts
from partyorg.members.models import FactKind, MembershipInterval, Person, Sex
from partyorg.members.periods import Period as FactPeriod
from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgVersion
from partyorg.reports.statistics.figures import MovesFigure, OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.flows import members_flow, members_flow_scan
from partyorg.reports.statistics.scope import ids_in
from partyorg.reports.statistics.stocks import AGE_BANDS, MAJORITY_ETHNICITY, UNKNOWN, age_on


@dataclass(frozen=True)
class Admissions:
    period: Period
    admitted: MovesFigure  # new and re-admitted, at the ceremony
    readmitted: MovesFigure
    women: PeopleFigure
    ethnic_minority: PeopleFigure
    youth_union: PeopleFigure
    private_business_owners: PeopleFigure
    # age (at the ceremony), general_education, professional_level, occupation, academic_title,
    # ethnicity, religion ("" for none): the stored values as they stood at the ceremony
    by: dict[str, dict[str, PeopleFigure]]
    grassroots_that_admitted: OrgFigure
    mean_age: float | None = None  # at the ceremony
    # of the grassroots organizations that admitted someone: by kind (grassroots committee, cell)
    admitted_by_kind: dict[str, OrgFigure] = field(default_factory=dict)


# The dated facts about people an admission's breakdown reads, as they stood at the ceremony.
ADMISSION_KINDS = (
    FactKind.YOUTH_UNION,
    FactKind.GENERAL_EDUCATION,
    FactKind.PROFESSIONAL_LEVEL,
    FactKind.OCCUPATION,
    FactKind.ACADEMIC_TITLE,
    FactKind.RELIGION,
)


def admissions_in(root: Organization, period: Period) -> Admissions:
    """The people admitted into ``root``'s subtree in ``period`` (form 1's admissions), read as
    they stood at their ceremony, and the grassroots organizations that admitted them."""
    flow = members_flow(root, period)
    moves = flow.admissions.moves
    people, grassroots = _admitted(moves, period)
    dated: dict[int, dict[str, list[FactPeriod]]] = {}
    ids = sorted({person_id for person_id, _ in moves})
    for i in range(0, len(ids), PEOPLE_PER_QUERY):
        # the ids written into the statement (``scope.ids_in``), unqualified: Django renames the
        # subquery's table
        these = Person.objects.extra(where=[ids_in('"id"', ids[i : i + PEOPLE_PER_QUERY])]).values("pk")
        dated.update(facts.periods_for(these, ADMISSION_KINDS))
    return _figures(period, moves, flow.entries["readmitted"], people, dated, grassroots)


def admissions_in_scan(root: Organization, period: Period) -> Admissions:
    """:func:`admissions_in` the plain way: form 1's plain scan, each person's profile and the
    grassroots above each organization entered read one query at a time
    (:func:`_grassroots_of_scan`). The faster one is tested against it."""
    flow = members_flow_scan(root, period)
    moves = flow.admissions.moves
    day_of = dict(moves)
    people = Person.objects.filter(pk__in=day_of).values_list(*PERSON_COLUMNS)
    dated = facts.periods_for(list(day_of), ADMISSION_KINDS)
    grassroots = _grassroots_of_scan(moves, period)
    return _figures(period, moves, flow.entries["readmitted"], people, dated, grassroots)


# A person's values form 2 reads, in the order ``_figures`` takes them.
PERSON_COLUMNS = (
    "pk",
    "sex",
    "birth_date",
    "ethnicity",
    "is_youth_union_member",
    "is_private_business_owner",
    "general_education",
    "professional_level",
    "occupation",
    "academic_title",
    "religion",
)
# Person ids written into one statement at most (``scope.ids_in``): a nation's half-year admits
# about a hundred thousand.
PEOPLE_PER_QUERY = 20_000
# The organization entered and the three above it, read in the same statement: a grassroots
# organization, a cell under one, a cell under a sub-committee.
LEVELS = 4


def _admitted(
    moves: tuple[tuple[int, date], ...], period: Period
) -> tuple[list[tuple[Any, ...]], dict[int, str]]:
    """The people admitted (their ``PERSON_COLUMNS``) and the grassroots organizations above the
    organizations they entered, on the day, with their kind that day (:func:`_grassroots_of_scan`).

    One statement reads each interval begun in the period by someone admitted, with its person and
    the versions of its organization and of the three above it on its first day; the ids are
    written into it (``scope.ids_in``): Django would prepare a province's thousand ids one by one
    as parameters, costing more than the query. Someone whose four organizations are none of the
    grassroots and whose fourth stands under another is looked up the plain way, as is anyone
    without an interval of that day (not seen in a consistent record)."""
    wanted, day_of = set(moves), dict(moves)
    ids = sorted(day_of)
    interval, version = MembershipInterval._meta.db_table, OrgVersion._meta.db_table
    person = Person._meta.db_table
    on_day = "{v}.valid_from <= i.valid_from AND ({v}.valid_until IS NULL OR {v}.valid_until > i.valid_from)"
    joins = f" JOIN {person} p ON p.id = i.person_id"
    joins += f" LEFT JOIN {version} v0 ON v0.organization_id = i.organization_id AND {on_day.format(v='v0')}"
    for k in range(1, LEVELS):
        joins += f" LEFT JOIN {version} v{k} ON v{k}.organization_id = v{k - 1}.parent_id"
        joins += f" AND {on_day.format(v=f'v{k}')}"
    columns = ", ".join(
        ["p.id", *(f"p.{name}" for name in PERSON_COLUMNS[1:]), "i.valid_from"]
        + [f"v{k}.organization_id, v{k}.kind" for k in range(LEVELS)]
        + [f"v{LEVELS - 1}.parent_id"]
    )
    people: dict[int, tuple[Any, ...]] = {}
    found: dict[int, str] = {}
    deeper: list[tuple[int, date]] = []
    width = len(PERSON_COLUMNS)
    for i in range(0, len(ids), PEOPLE_PER_QUERY):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {interval} i{joins}"
                f" WHERE {ids_in('i.person_id', ids[i : i + PEOPLE_PER_QUERY])}"
                f" AND i.valid_from >= %s AND i.valid_from < %s",
                [period.start, period.end],
            )
            rows = cursor.fetchall()
        for row in rows:
            person_id, day = row[0], row[width]
            if (person_id, day) not in wanted:
                continue  # an interval begun by a transfer, a recognition, a reorganization
            if day == day_of[person_id]:
                people[person_id] = row[:width]
            line = row[width + 1 : width + 1 + 2 * LEVELS]
            level = next((k for k in range(LEVELS) if line[2 * k + 1] in GRASSROOTS_KINDS), None)
            if level is not None:
                found[line[2 * level]] = line[2 * level + 1]
            elif row[-1] is not None and line[-2] is not None:
                deeper.append((person_id, day))
    unseen = [(person_id, day) for person_id, day in moves if person_id not in people]
    if unseen:
        people.update(
            (row[0], row)
            for row in Person.objects.filter(pk__in={p for p, _ in unseen}).values_list(*PERSON_COLUMNS)
        )
    if deeper or unseen:
        found.update(_grassroots_of_scan((*deeper, *unseen), period))
    return list(people.values()), found


def _figures(
    period: Period,
    moves: tuple[tuple[int, date], ...],
    readmitted: MovesFigure,
    people: Iterable[tuple[Any, ...]],
    dated: dict[int, dict[str, list[FactPeriod]]],
    grassroots: dict[int, str],
) -> Admissions:
    day_of = dict(moves)
    groups: dict[str, set[int]] = defaultdict(set)
    by: dict[str, dict[str, set[int]]] = {
        "age": {label: set() for label, _, _ in AGE_BANDS},
        "general_education": defaultdict(set),
        "professional_level": defaultdict(set),
        "occupation": defaultdict(set),
        "academic_title": defaultdict(set),
        "ethnicity": defaultdict(set),
        "religion": defaultdict(set),
    }
    ages: list[int] = []
    for (
        pk,
        sex,
        birth,
        ethnicity,
        youth,
        owner,
        education,
        professional,
        occupation,
        title,
        religion,
    ) in people:
        if pk in dated:  # as they stood on the day of the ceremony
            kinds, day = dated[pk], day_of[pk]
            if FactKind.YOUTH_UNION in kinds:
                youth = facts.value_in(kinds[FactKind.YOUTH_UNION], day) == facts.YES
            if FactKind.GENERAL_EDUCATION in kinds:
                education = facts.value_in(kinds[FactKind.GENERAL_EDUCATION], day)
            if FactKind.PROFESSIONAL_LEVEL in kinds:
                professional = facts.value_in(kinds[FactKind.PROFESSIONAL_LEVEL], day)
            if FactKind.OCCUPATION in kinds:
                occupation = facts.value_in(kinds[FactKind.OCCUPATION], day)
            if FactKind.ACADEMIC_TITLE in kinds:
                title = facts.value_in(kinds[FactKind.ACADEMIC_TITLE], day)
            if FactKind.RELIGION in kinds:
                religion = facts.value_in(kinds[FactKind.RELIGION], day)
        if sex == Sex.FEMALE:
            groups["women"].add(pk)
        if ethnicity and ethnicity != MAJORITY_ETHNICITY:
            groups["ethnic_minority"].add(pk)
        if youth:
            groups["youth_union"].add(pk)
        if owner:
            groups["private_business_owners"].add(pk)
        age = age_on(birth, day_of[pk])
        ages.append(age)
        by["ethnicity"][ethnicity or UNKNOWN].add(pk)
        by["religion"][religion or ""].add(pk)
        for label, low, high in AGE_BANDS:
            if low <= age <= high:
                by["age"][label].add(pk)
        for name, value in (
            ("general_education", education),
            ("professional_level", professional),
            ("occupation", occupation),
            ("academic_title", title),
        ):
            by[name][value or UNKNOWN].add(pk)
    return Admissions(
        period=period,
        admitted=MovesFigure(moves),
        readmitted=readmitted,
        women=PeopleFigure(frozenset(groups["women"])),
        ethnic_minority=PeopleFigure(frozenset(groups["ethnic_minority"])),
        youth_union=PeopleFigure(frozenset(groups["youth_union"])),
        private_business_owners=PeopleFigure(frozenset(groups["private_business_owners"])),
        by={
            name: {label: PeopleFigure(frozenset(ids)) for label, ids in labels.items()}
            for name, labels in by.items()
        },
        grassroots_that_admitted=OrgFigure(frozenset(grassroots)),
        mean_age=round(sum(ages) / len(ages), 1) if ages else None,
        admitted_by_kind={
            kind: OrgFigure(frozenset(g for g, k in grassroots.items() if k == kind))
            for kind in GRASSROOTS_KINDS
        },
    )


def _grassroots_of_scan(moves: tuple[tuple[int, date], ...], period: Period) -> dict[int, str]:
    """The grassroots organization above the organization each person entered, on that day, with
    its kind that day, walked up a level a query."""
    entered = MembershipInterval.objects.filter(
        person_id__in={p for p, _ in moves}, valid_from__gte=period.start, valid_from__lt=period.end
    ).values_list("person_id", "valid_from", "organization_id")
    at = {(person_id, day): org_id for person_id, day, org_id in entered}
    # The versions of the organizations entered and of those above them, a level a query (a
    # handful), not every organization's of the period.
    versions: dict[int, list[tuple[date, date | None, int | None, str]]] = defaultdict(list)
    during = OrgVersion.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=period.start), valid_from__lt=period.end
    )
    wanted = set(at.values())
    for _ in range(12):  # deeper than any tree partyorg holds
        if not wanted:
            break
        parents = set()
        for org_id, start, end, parent_id, kind in during.filter(organization_id__in=wanted).values_list(
            "organization_id", "valid_from", "valid_until", "parent_id", "kind"
        ):
            versions[org_id].append((start, end, parent_id, kind))
            if parent_id is not None:
                parents.add(parent_id)
        wanted = parents - set(versions)
    found: dict[int, str] = {}
    for person_id, day in moves:
        current = at.get((person_id, day))
        for _ in range(10):  # the tree is a handful of levels deep
            version = next(
                (v for v in versions.get(current or 0, []) if v[0] <= day and (v[1] is None or day < v[1])),
                None,
            )
            if version is None:
                break
            if version[3] in GRASSROOTS_KINDS:
                found[current or 0] = version[3]
                break
            current = version[2]
    return found
