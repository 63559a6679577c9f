"""New admissions in a period (form 2, RULES.md §6.2 [P]): who was admitted (or re-admitted), their
profile on the day of their ceremony, and the grassroots organizations that admitted someone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from partyorg.members import facts
from partyorg.members.models import FactKind, MembershipInterval, Person, Sex
from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgVersion
from partyorg.reports.statistics.figures import MovesFigure, OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.flows import members_flow
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
    flow = members_flow(root, period)
    moves = flow.admissions.moves
    day_of = dict(moves)
    people = Person.objects.filter(pk__in=day_of).values_list(
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
    dated = facts.periods_for(list(day_of), ADMISSION_KINDS)
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
    grassroots = _grassroots_of(moves, period)
    return Admissions(
        period=period,
        admitted=MovesFigure(moves),
        readmitted=flow.entries["readmitted"],
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


def _grassroots_of(moves: tuple[tuple[int, date], ...], period: Period) -> dict[int, str]:
    """The grassroots organization above the organization each person entered, on that day, with
    its kind that day."""
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
