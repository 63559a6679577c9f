"""Reading the discipline and commendation logs: the records in force, per organization or person."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import QuerySet

from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus
from partyorg.organizations.models import valid_on


def measures_in_force() -> QuerySet[DisciplinaryMeasure]:
    """Measures neither corrected nor withdrawn."""
    return DisciplinaryMeasure.objects.in_force()


def commendations_in_force() -> QuerySet[Commendation]:
    return Commendation.objects.in_force()


def measures_for(
    org_ids: Collection[int], *, start: date | None = None, end: date | None = None
) -> QuerySet[DisciplinaryMeasure]:
    """Measures in force decided in ``[start, end)`` against members of, or against, ``org_ids``."""
    rows = measures_in_force().filter(organization_id__in=list(org_ids))
    if start is not None:
        rows = rows.filter(decided_on__gte=start)
    if end is not None:
        rows = rows.filter(decided_on__lt=end)
    return rows.select_related("person").order_by("decided_on", "pk")


def commendations_for(
    org_ids: Collection[int], *, start: date | None = None, end: date | None = None
) -> QuerySet[Commendation]:
    rows = commendations_in_force().filter(organization_id__in=list(org_ids))
    if start is not None:
        rows = rows.filter(awarded_on__gte=start)
    if end is not None:
        rows = rows.filter(awarded_on__lt=end)
    return rows.select_related("person").order_by("awarded_on", "pk")


MANY_PEOPLE = 2000  # above this, filtered after reading rather than in the query


def member_measures_in_year(person_ids: Collection[int], year: int) -> dict[int, list[DisciplinaryMeasure]]:
    """person id -> their measures in force decided in ``year``."""
    found: dict[int, list[DisciplinaryMeasure]] = {}
    rows = measures_in_force().filter(decided_on__gte=date(year, 1, 1), decided_on__lt=date(year + 1, 1, 1))
    wanted = person_ids if isinstance(person_ids, set | frozenset) else set(person_ids)
    if len(wanted) <= MANY_PEOPLE:
        rows = rows.filter(person_id__in=list(wanted))
    # Else the year's measures, far fewer than a province's members, are read and kept for those
    # people here: a list of tens of thousands of ids costs more to send than the rows it saves.
    for measure in rows.order_by("decided_on", "pk"):
        assert measure.person_id is not None
        if measure.person_id in wanted:
            found.setdefault(measure.person_id, []).append(measure)
    return found


def disciplined_during_probation(
    org_ids: Collection[int], on: date
) -> list[tuple[MembershipInterval, DisciplinaryMeasure]]:
    """Probationary members held by ``org_ids`` on ``on`` disciplined since their admission ceremony.

    RULES.md §2.3 [V]: such a member may only have been reprimanded or warned; when the probation ends
    the cell still considers recognition, and proposes removal if the member is no longer worthy. This
    list is what the cell must weigh at that consideration.
    """
    held = {
        interval.person_id: interval
        for interval in MembershipInterval.objects.filter(
            valid_on(on), organization_id__in=list(org_ids), status=MemberStatus.PROBATIONARY
        )
    }
    if not held:
        return []
    ceremonies: dict[int, date] = {}
    events = MembershipEvent.objects.filter(
        person_id__in=held, kind=EventKind.ADMISSION_CEREMONY, effective_on__lte=on, corrections__isnull=True
    ).values_list("person_id", "effective_on")
    for person_id, day in events:
        ceremonies[person_id] = max(day, ceremonies.get(person_id, day))
    # A member who predates the records, probationary when they begin: probation from the ceremony
    # the opening gives, else from the opening's day, the first the records know (rules.opening).
    openings = MembershipEvent.objects.filter(
        person_id__in=held, kind=EventKind.OPENED, effective_on__lte=on, corrections__isnull=True
    ).values_list("person_id", "effective_on", "ceremony_on")
    for person_id, day, ceremony_on in openings:
        ceremonies.setdefault(person_id, ceremony_on or day)
    found = []
    for measure in measures_in_force().filter(person_id__in=held, decided_on__lte=on).order_by("decided_on"):
        assert measure.person_id is not None
        since = ceremonies.get(measure.person_id)
        if since is not None and measure.decided_on >= since:
            found.append((held[measure.person_id], measure))
    return found
