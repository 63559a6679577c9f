"""Reading the review cycles: who must be rated and who is excluded (from the membership records),
the ratings in force, and the members flagged after consecutive years "Không hoàn thành"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, Person
from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgVersion, valid_on
from partyorg.ratings.models import MemberRating, OrganizationRating, ReviewCycle, ReviewPeriod
from partyorg.rules import config
from partyorg.rules import ratings as rules


@dataclass(frozen=True)
class RosterLine:
    """A member the reviewing organization holds on the review day: rated, or excluded and why."""

    person_id: int
    status: str  # MemberStatus value
    exclusion: rules.Exclusion | None

    @property
    def must_be_rated(self) -> bool:
        return self.exclusion is None


def member_ratings_in_force() -> QuerySet[MemberRating]:
    """Ratings neither corrected nor withdrawn."""
    return MemberRating.objects.in_force()


def organization_ratings_in_force() -> QuerySet[OrganizationRating]:
    return OrganizationRating.objects.in_force()


def grassroots_of(org: Organization, on: date) -> Organization | None:
    """The grassroots organization at or above ``org`` on ``on`` (the unit of the excellent quota)."""
    org_id: int | None = org.pk
    for _ in range(12):  # deeper than any tree partyorg holds
        if org_id is None:
            return None
        version = OrgVersion.objects.filter(valid_on(on), organization_id=org_id).values_list(
            "kind", "parent_id"
        )
        row = version.first()
        if row is None:
            return None
        kind, parent_id = row
        if kind in GRASSROOTS_KINDS:
            return Organization(pk=org_id)
        org_id = parent_id
    return None


ADMISSION_KINDS = (EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED, EventKind.ADMISSION_CEREMONY)


def _window_start(day: date) -> date:
    return day - timedelta(days=31 * (rules_months() + 1))


def _admission_events(person_ids: set[int], first: date, last: date) -> dict[int, list[tuple[date, str]]]:
    """person -> their admission, re-admission and ceremony events (not corrected) in ``(first, last]``,
    each (effective day, kind).

    Many people (a province's review): the admissions of the window, found by kind and date, then
    kept for these people; few (a cell): their own events."""
    rows_qs = MembershipEvent.objects.filter(
        kind__in=ADMISSION_KINDS, effective_on__gt=first, effective_on__lte=last
    )
    if len(person_ids) <= 2000:
        rows_qs = rows_qs.filter(person_id__in=person_ids)
    rows = [
        row for row in rows_qs.values_list("pk", "person_id", "kind", "effective_on") if row[1] in person_ids
    ]
    corrected = set(
        MembershipEvent.objects.filter(corrects_id__in=[row[0] for row in rows]).values_list(
            "corrects_id", flat=True
        )
    )
    found: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for pk, person_id, kind, on in rows:
        if pk not in corrected:
            found[person_id].append((on, kind))
    # Members who predate the records: the admission and ceremony their opening gives (rules.opening).
    openings = MembershipEvent.objects.filter(
        Q(admitted_on__gt=first, admitted_on__lte=last) | Q(ceremony_on__gt=first, ceremony_on__lte=last),
        kind=EventKind.OPENED,
        corrections__isnull=True,
    )
    if len(person_ids) <= 2000:
        openings = openings.filter(person_id__in=person_ids)
    for person_id, decided, ceremony in openings.values_list("person_id", "admitted_on", "ceremony_on"):
        for day, kind in ((decided, EventKind.ADMISSION_DECIDED), (ceremony, EventKind.ADMISSION_CEREMONY)):
            if person_id in person_ids and day is not None and first < day <= last:
                found[person_id].append((day, kind))
    return found


def _admitted_before(events: list[tuple[date, str]], day: date) -> tuple[date | None, date | None]:
    """(last admission or re-admission decision, last ceremony) of ``events`` in the months before
    ``day``: enough to know who was admitted less than the configured months before it."""
    start = _window_start(day)
    decided: date | None = None
    ceremony: date | None = None
    for on, kind in events:
        if start < on <= day:
            if kind == EventKind.ADMISSION_CEREMONY:
                ceremony = max(on, ceremony) if ceremony else on
            else:
                decided = max(on, decided) if decided else on
    return decided, ceremony


def _admissions(person_ids: set[int], day: date) -> dict[int, tuple[date | None, date | None]]:
    """person -> (last admission or re-admission decision, its ceremony) in the months before ``day``."""
    events = _admission_events(person_ids, _window_start(day), day)
    return {person_id: _admitted_before(found, day) for person_id, found in events.items()}


def rules_months() -> int:
    return config.DEFAULTS.rating_new_member_min_months


ROSTER_COLUMNS = (
    "person_id", "organization_id", "status", "is_exempt", "is_suspended", "valid_from", "valid_until"
)  # fmt: skip


def rosters(
    cycles: Iterable[ReviewCycle], person_ids: Collection[int] | None = None
) -> dict[int, list[RosterLine]]:
    """cycle id -> the members its organization holds on its review day, each rated or excluded
    (only ``person_ids`` among them when given: the lines of a few people, ``ratings.summary``).

    One query for the intervals over the span of the review days and one for the recent admissions,
    whatever the number of cycles and days, so the whole province's cycles of a year cost a few
    queries. Temporary placements are not counted at the temporary organization (RULES.md §2.7):
    the official organization rates its members.
    """
    cycles = list(cycles)
    found: dict[int, list[RosterLine]] = {cycle.pk: [] for cycle in cycles}
    if not cycles:
        return found
    days_of: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for cycle in cycles:
        days_of[cycle.organization_id].append((cycle.reviewed_on, cycle.pk))
    first = min(cycle.reviewed_on for cycle in cycles)
    last = max(cycle.reviewed_on for cycle in cycles)
    intervals = MembershipInterval.objects.filter(organization_id__in=list(days_of), valid_from__lte=last)
    if person_ids is not None:
        intervals = intervals.filter(person_id__in=list(person_ids))
    rows = intervals.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first)).values_list(
        "person_id", "organization_id", "status", "is_exempt", "is_suspended", "valid_from", "valid_until"
    )
    held: list[tuple[int, int, str, bool, bool, date, int]] = []
    for person_id, org_id, status, exempt, suspended, start, until in rows:
        for day, cycle_id in days_of[org_id]:
            if start <= day and (until is None or day < until):
                held.append((person_id, org_id, status, exempt, suspended, day, cycle_id))
    events = _admission_events({row[0] for row in held}, _window_start(first), last)
    for person_id, _org_id, status, exempt, suspended, day, cycle_id in sorted(held):
        recent = events.get(person_id)
        decided, ceremony = _admitted_before(recent, day) if recent else (None, None)
        why = (
            rules.exclusion(
                day, exempt=exempt, suspended=suspended, admitted_on=decided, ceremony_on=ceremony
            )
            if exempt or suspended or decided or ceremony
            else None  # nothing that could exclude them (rules.ratings.exclusion gives None)
        )
        found[cycle_id].append(RosterLine(person_id, status, why))
    return found


def roster(cycle: ReviewCycle) -> list[RosterLine]:
    return rosters([cycle])[cycle.pk]


def cycles_for(
    org_ids: Collection[int], year: int, *, period: str = ReviewPeriod.YEAR, period_number: int = 0
) -> QuerySet[ReviewCycle]:
    return ReviewCycle.objects.filter(
        organization_id__in=list(org_ids), year=year, period=period, period_number=period_number
    )


def levels_of(cycles: Iterable[ReviewCycle]) -> dict[int, dict[int, str]]:
    """cycle id -> person id -> the level of the member rating in force (no rows made into objects:
    what the figures of a province's year read)."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    rows = member_ratings_in_force().filter(cycle_id__in=[c.pk for c in cycles])
    for cycle_id, person_id, level in rows.values_list("cycle_id", "person_id", "level"):
        found[cycle_id][person_id] = level
    return found


def ratings_of(cycles: Iterable[ReviewCycle]) -> dict[int, dict[int, MemberRating]]:
    """cycle id -> person id -> the member rating in force."""
    found: dict[int, dict[int, MemberRating]] = defaultdict(dict)
    for rating in member_ratings_in_force().filter(cycle__in=[c.pk for c in cycles]):
        found[rating.cycle_id][rating.person_id] = rating
    return found


def organization_levels(cycles: Iterable[ReviewCycle]) -> dict[int, str]:
    """cycle id -> the level of its organization's rating in force (cycles not rated are absent)."""
    rows = organization_ratings_in_force().filter(cycle__in=[c.pk for c in cycles])
    return dict(rows.values_list("cycle_id", "level"))


def still_to_rate(lines: Iterable[RosterLine], rated: Collection[int]) -> int:
    """How many of a roster's members must be rated and are not (``rated``: the ids of those who are)."""
    return sum(1 for line in lines if line.must_be_rated and line.person_id not in rated)


def not_fulfilled_by(person_ids: Collection[int], org_ids: Collection[int], year: int) -> dict[int, int]:
    """person id -> the organization (of ``org_ids``) that rated them "Không hoàn thành nhiệm vụ" in
    its review of ``year`` (the one to consider them for removal)."""
    return dict(
        member_ratings_in_force()
        .filter(
            person_id__in=list(person_ids),
            cycle__organization_id__in=list(org_ids),
            cycle__year=year,
            cycle__period=ReviewPeriod.YEAR,
            level=rules.NOT_FULFILLED,
        )
        .values_list("person_id", "cycle__organization_id")
    )


def yearly_levels(person_ids: Collection[int], years: Collection[int]) -> dict[int, dict[int, str]]:
    """person id -> year -> level of their yearly rating in force (the last cycle's, if several)."""
    rows = (
        member_ratings_in_force()
        .filter(person_id__in=list(person_ids), cycle__period=ReviewPeriod.YEAR, cycle__year__in=list(years))
        .order_by("cycle__reviewed_on", "pk")
        .values_list("person_id", "cycle__year", "level")
    )
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for person_id, year, level in rows:
        found[person_id][year] = level
    return found


def flagged_for_review(org_ids: Collection[int], year: int) -> QuerySet[Person]:
    """Members rated "Không hoàn thành nhiệm vụ" in ``year`` by ``org_ids`` and in the years before,
    as many in a row as ``rating_consecutive_not_fulfilled_years`` (RULES.md §2.9 ground 4, [U]):
    to be considered for removal (xóa tên) by the cell, not removed by partyorg."""
    span = config.DEFAULTS.rating_consecutive_not_fulfilled_years
    now = set(
        member_ratings_in_force()
        .filter(
            cycle__organization_id__in=list(org_ids),
            cycle__year=year,
            cycle__period=ReviewPeriod.YEAR,
            level=rules.NOT_FULFILLED,
        )
        .values_list("person_id", flat=True)
    )
    levels = yearly_levels(now, range(year - span + 1, year + 1))
    return Person.objects.filter(pk__in=[p for p in now if rules.flag_for_review(levels[p], year)])
