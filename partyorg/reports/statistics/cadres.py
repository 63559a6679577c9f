"""Figures of cadre work: the staff of units on a day, by category, professional qualification,
political theory (and who is studying it), age band, women, ethnic minority and party members
(RULES.md §11.12 form 8B's rows, §11.13). Each figure is a :class:`PeopleFigure`: its people
behind it.

Who counts: the people with an employment open on the day (``partyorg.cadres``) in one of the units
asked for or a department of one (at any depth), each once (form 8B counts people, RULES.md §11.15
#3). Qualifications are those completed by the day (the highest degree; the highest political
theory), derived from the training records; "đang học" are the courses begun and not ended that
day. Political theory counts "cao cấp" and "cử nhân" as one bucket, as the forms do (§11.15 #7).

The seed sentence (Ban Tổ chức Tỉnh ủy Bắc Giang, 2018): "31 cán bộ, nhân viên … 23 thạc sĩ, 6 cử nhân
… 19 đồng chí có trình độ cao cấp, cử nhân; 6 trung cấp; 3 đồng chí đang học cao cấp, cử nhân" is
``staff.total``, ``staff.degree["master"]``, ``staff.degree["bachelor"]``,
``staff.theory[SENIOR_OR_BACHELOR]``, ``staff.theory["intermediate"]`` and
``staff.studying_theory[SENIOR_OR_BACHELOR]`` (``partyorg/reports/tests/test_cadres_statistics.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from partyorg.cadres import queries
from partyorg.cadres.models import DegreeLevel, Programme, StaffCategory, StaffingQuota, TheoryLevel, Unit
from partyorg.members.models import MembershipInterval, Person
from partyorg.members.stock import MAJORITY_ETHNICITY
from partyorg.organizations.models import Organization, OrgVersion
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.reports.statistics.scope import ids_in

__all__ = [
    "AGE_BANDS",
    "NO_LEVEL",
    "SENIOR_OR_BACHELOR",
    "Staff",
    "Staffing",
    "orgs_under",
    "people_in",
    "staff_of",
    "staff_under",
    "staffing",
    "unit_ids_under",
]

SENIOR_OR_BACHELOR = "senior_or_bachelor"  # "cao cấp, cử nhân": one bucket in every form
NO_LEVEL = "none"  # no completed level of that kind by the day
# Form 8B's age bands (RULES.md §11.12): label, lowest and highest completed years (None: open).
AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("≤ 30", None, 30),
    ("31–35", 31, 35),
    ("36–40", 36, 40),
    ("41–45", 41, 45),
    ("46–50", 46, 50),
    ("51–55", 51, 55),
    ("56–60", 56, 60),
    ("> 60", 61, None),
)
THEORY_BUCKET = {
    TheoryLevel.SENIOR.value: SENIOR_OR_BACHELOR,
    TheoryLevel.BACHELOR.value: SENIOR_OR_BACHELOR,
    TheoryLevel.INTERMEDIATE.value: TheoryLevel.INTERMEDIATE.value,
    TheoryLevel.ELEMENTARY.value: TheoryLevel.ELEMENTARY.value,
}
THEORY_BUCKETS = (SENIOR_OR_BACHELOR, TheoryLevel.INTERMEDIATE.value, TheoryLevel.ELEMENTARY.value, NO_LEVEL)
DEGREE_BUCKETS = (*reversed(DegreeLevel.values), NO_LEVEL)


@dataclass(frozen=True)
class Staff:
    """The staff of some units on a day and their make-up; every figure with its people."""

    on: date
    unit_ids: frozenset[int]
    total: PeopleFigure
    category: dict[str, PeopleFigure]  # StaffCategory value -> people
    degree: dict[str, PeopleFigure]  # highest degree completed (DegreeLevel value, or NO_LEVEL)
    theory: dict[str, PeopleFigure]  # SENIOR_OR_BACHELOR, intermediate, elementary, NO_LEVEL
    studying_theory: dict[str, PeopleFigure]  # the bucket of the political theory being studied
    studying: PeopleFigure  # anyone with a course open that day
    age: dict[str, PeopleFigure]  # AGE_BANDS labels
    women: PeopleFigure
    ethnic_minority: PeopleFigure
    party_members: PeopleFigure
    mean_age: float | None


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _band(years: int) -> str:
    for label, low, high in AGE_BANDS:
        if (low is None or years >= low) and (high is None or years <= high):
            return label
    raise AssertionError(years)  # pragma: no cover - the bands cover every age


EMPLOYMENT_UNIT = '"cadres_employment"."unit_id"'
EMPLOYMENT_DEPARTMENT = '"cadres_employment"."department_id"'


def people_in(person_ids: Collection[int]) -> QuerySet[Any]:
    """The people of ``person_ids`` as a subquery (``person_id__in=people_in(ids)``), their ids written
    as numbers (:func:`~partyorg.reports.statistics.scope.ids_in`): a province's staff, thousands of
    ids, sent as a query's parameters would cost Django more than the query (and once an id list
    was a subquery of the open employments, each query computed them again). The column is not
    qualified: Django renames the table inside a subquery, and the subquery reads only this one."""
    return Person.objects.extra(where=[ids_in('"id"', person_ids)]).values("pk")


def staff_of(units: Iterable[Unit | int], on: date) -> Staff:
    """The staff of ``units`` (and their departments) on ``on``: employed in one of them, or in a
    department of one (``Employment.department``)."""
    roots = [u if isinstance(u, int) else u.pk for u in units]
    return _staff(queries.unit_subtree(roots, on), on)


def _staff(unit_ids: frozenset[int], on: date) -> Staff:
    """The staff employed on ``on`` in ``unit_ids`` (units and departments already expanded)."""
    category: dict[str, set[int]] = defaultdict(set)
    held = queries.employments_on(on).extra(
        where=[f"({ids_in(EMPLOYMENT_UNIT, unit_ids)} OR {ids_in(EMPLOYMENT_DEPARTMENT, unit_ids)})"]
    )
    who: dict[int, tuple[date, str, str]] = {}
    for person_id, kind, birth, sex, ethnicity in held.values_list(
        "person_id", "category", "person__birth_date", "person__sex", "person__ethnicity"
    ):
        category[kind].add(person_id)
        who[person_id] = (birth, sex, ethnicity)
    people = frozenset(who)
    staff = people_in(people)
    levels = queries.highest_levels(staff, on)
    degree: dict[str, set[int]] = defaultdict(set)
    theory: dict[str, set[int]] = defaultdict(set)
    for person_id in people:
        degree[levels[Programme.DEGREE].get(person_id, NO_LEVEL)].add(person_id)
        theory[THEORY_BUCKET.get(levels[Programme.POLITICAL_THEORY].get(person_id, ""), NO_LEVEL)].add(
            person_id
        )
    studying: set[int] = set()
    studying_theory: dict[str, set[int]] = defaultdict(set)
    for person_id, programme, level in queries.studying_on(on, person_ids=staff).values_list(
        "person_id", "programme", "level"
    ):
        studying.add(person_id)
        if programme == Programme.POLITICAL_THEORY and level in THEORY_BUCKET:
            studying_theory[THEORY_BUCKET[level]].add(person_id)
    age: dict[str, set[int]] = defaultdict(set)
    women: set[int] = set()
    minority: set[int] = set()
    years_total = 0
    for person_id, (birth, sex, ethnicity) in who.items():
        years = _age(birth, on)
        years_total += years
        age[_band(years)].add(person_id)
        if sex == "female":
            women.add(person_id)
        if ethnicity and ethnicity != MAJORITY_ETHNICITY:
            minority.add(person_id)
    members = set(
        MembershipInterval.objects.filter(person_id__in=staff, valid_from__lte=on)
        .exclude(valid_until__lte=on)
        .values_list("person_id", flat=True)
    )

    def figures(groups: dict[str, set[int]], keys: Iterable[str]) -> dict[str, PeopleFigure]:
        return {key: PeopleFigure(frozenset(groups.get(key, ()))) for key in keys}

    return Staff(
        on=on,
        unit_ids=unit_ids,
        total=PeopleFigure(people),
        category=figures(category, StaffCategory.values),
        degree=figures(degree, DEGREE_BUCKETS),
        theory=figures(theory, THEORY_BUCKETS),
        studying_theory=figures(studying_theory, THEORY_BUCKETS[:3]),
        studying=PeopleFigure(frozenset(studying)),
        age=figures(age, [label for label, _, _ in AGE_BANDS]),
        women=PeopleFigure(frozenset(women)),
        ethnic_minority=PeopleFigure(frozenset(minority)),
        party_members=PeopleFigure(frozenset(members)),
        mean_age=years_total / len(people) if people else None,
    )


def orgs_under(root: Organization, on: date, orgs: Collection[int]) -> frozenset[int]:
    """Those of ``orgs`` that stand in ``root``'s subtree on ``on`` (``root`` itself when it stood
    that day): what ``orgs & subtree_on(root, on)`` gives, read upwards from ``orgs``, in one
    recursive query up the versions valid that day. The units stand at a few hundred organizations
    and a province's subtree is thousands: the climb reads a few hundred rows where the subtree read
    every organization (10 ms of the 50 ms of a province's staff, measured on the demo province)."""
    if not orgs:
        return frozenset()
    table = OrgVersion._meta.db_table
    valid = "v.valid_from <= %s AND (v.valid_until IS NULL OR v.valid_until > %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE up(org, at) AS ("
            f" SELECT v.organization_id, v.organization_id FROM {table} v"
            f" WHERE {ids_in('v.organization_id', orgs)} AND {valid}"
            f" UNION SELECT up.org, v.parent_id FROM {table} v JOIN up ON v.organization_id = up.at"
            f" WHERE v.parent_id IS NOT NULL AND {valid}) SELECT org FROM up WHERE at = %s"
            f" AND EXISTS (SELECT 1 FROM {table} v WHERE v.organization_id = %s AND {valid})",
            [on, on, on, on, root.pk, root.pk, on, on],
        )
        return frozenset(org for (org,) in cursor.fetchall())


def unit_ids_under(root: Organization, on: date, standing: Collection[int]) -> frozenset[int]:
    """The units (not departments) of ``standing`` whose organization stands in ``root``'s subtree
    on ``on``. The units are few: read them all and match them here, rather than send a province's
    subtree to the database as a list."""
    units = [
        (pk, org)
        for pk, org in Unit.objects.filter(parent__isnull=True).values_list("pk", "organization_id")
        if pk in standing
    ]
    under = orgs_under(root, on, {org for _, org in units})
    return frozenset(pk for pk, org in units if org in under)


def staff_under(root: Organization, on: date) -> Staff:
    """The staff of every unit standing under ``root``'s subtree on ``on`` (a province's, a
    commune's cadres)."""
    standing = queries.units_on(on)
    return _staff(queries.unit_subtree(unit_ids_under(root, on, standing), on, standing=standing), on)


@dataclass(frozen=True)
class Staffing:
    """A unit's approved staffing for a year (biên chế được giao, in all categories or one) beside
    the staff it had on 31/12 of that year: what payroll streamlining is measured by (NQ 39-NQ/TW,
    RULES.md §11.9). ``approved`` is None when no decision was recorded for the year."""

    unit_id: int
    year: int
    category: str
    approved: int | None
    actual: PeopleFigure

    @property
    def over(self) -> int | None:
        """Staff beyond the approved number (negative: vacancies); None without a decision."""
        return None if self.approved is None else self.actual.value - self.approved


def staffing(unit: Unit, year: int, *, category: str = "") -> Staffing:
    """The approved staffing of ``unit`` for ``year`` and its staff on 31/12 (in ``category`` when
    given), departments included."""
    approved = (
        StaffingQuota.objects.in_force()
        .filter(unit=unit, year=year, category=category)
        .values_list("approved", flat=True)
        .first()
    )
    staff = staff_of([unit], date(year, 12, 31))
    actual = staff.category[category] if category else staff.total
    return Staffing(unit.pk, year, category, approved, actual)
