"""Figures on congresses and leadership (RULES.md §1.3, §1.4): congresses held and due in a period under
an organization, organizations without a secretary on a day, committee members by sex, age and ethnicity.

Each figure carries the organizations or people behind its number (``partyorg.committees`` holds the
records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.committees.models import Congress, Position
from partyorg.committees.queries import congresses_in_force, leadership_of, term_history
from partyorg.members.models import Person, Sex
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on
from partyorg.reports.statistics.stocks import AGE_BANDS, MAJORITY_ETHNICITY, age_on

__all__ = [
    "CommitteeMembers",
    "CongressFigure",
    "CongressesDue",
    "committee_members_on",
    "congresses_due",
    "congresses_held",
    "without_secretary_on",
]


def _period_scope(root: Organization, period: Period) -> frozenset[int]:
    # The subtree at both ends of the period: an organization that ended inside it (a district committee
    # on 30/06/2025) or began inside it (a new commune committee) still counts.
    return subtree_on(root, period.start) | subtree_on(root, period.closing_day)


@dataclass(frozen=True)
class CongressFigure:
    """A count of congresses, with the congresses and their organizations."""

    congress_ids: frozenset[int]
    organization_ids: frozenset[int]

    @property
    def value(self) -> int:
        return len(self.congress_ids)

    def __int__(self) -> int:
        return self.value

    def congresses(self) -> list[Congress]:
        return list(Congress.objects.filter(pk__in=self.congress_ids).order_by("held_on", "pk"))


def congresses_held(root: Organization, period: Period) -> CongressFigure:
    """Congresses (regular, extraordinary, appointments of a committee) held in ``period`` by
    organizations under ``root`` (``root`` included)."""
    rows = congresses_in_force().filter(
        organization_id__in=_period_scope(root, period), held_on__gte=period.start, held_on__lt=period.end
    )
    pairs = list(rows.values_list("pk", "organization_id"))
    return CongressFigure(frozenset(pk for pk, _ in pairs), frozenset(org for _, org in pairs))


@dataclass(frozen=True)
class CongressesDue:
    """Terms whose next congress fell due in a period: ``due`` = ``held`` + ``not_held`` (organizations)."""

    period: Period
    due: OrgFigure
    held: OrgFigure  # the next term opened before the period's end
    not_held: OrgFigure


def congresses_due(root: Organization, period: Period) -> CongressesDue:
    """Organizations under ``root`` whose term's due day (RULES.md §1.4, see
    :func:`partyorg.rules.committees.term_due_on`) falls in ``period``, and whether the congress opening
    the next term was held by the period's end."""
    terms = term_history(_period_scope(root, period))
    by_org: dict[int, list[date]] = {}
    for term in terms:
        by_org.setdefault(term.organization_id, []).append(term.opened_on)
    due: set[int] = set()
    held: set[int] = set()
    for term in terms:
        if term.due_on not in period:
            continue
        due.add(term.organization_id)
        if any(term.opened_on < day < period.end for day in by_org[term.organization_id]):
            held.add(term.organization_id)
    return CongressesDue(
        period, OrgFigure(frozenset(due)), OrgFigure(frozenset(held)), OrgFigure(frozenset(due - held))
    )


def without_secretary_on(root: Organization, on: date) -> OrgFigure:
    """Organizations under ``root`` (``root`` included) standing on ``on`` with no secretary that day."""
    org_ids = set(
        OrgVersion.objects.filter(valid_on(on), organization_id__in=subtree_on(root, on))
        .exclude(kind=OrgKind.CENTRAL)
        .values_list("organization_id", flat=True)
    )
    leaders = leadership_of(org_ids, on)
    return OrgFigure(frozenset(org for org, lead in leaders.items() if lead.secretary is None))


@dataclass(frozen=True)
class CommitteeMembers:
    """The people holding a seat (secretary, deputy, committee member) under an organization on a day."""

    on: date
    total: PeopleFigure
    secretaries: PeopleFigure
    deputies: PeopleFigure
    women: PeopleFigure
    ethnic_minority: PeopleFigure
    by_age: dict[str, PeopleFigure]


def committee_members_on(root: Organization, on: date) -> CommitteeMembers:
    """Seat holders at the organizations under ``root`` (``root`` included) on ``on``, by sex, ethnicity
    and the age bands of form 3 (a person holding seats at two organizations counts once)."""
    leaders = leadership_of(subtree_on(root, on), on)
    seats = [seat for lead in leaders.values() for seat in lead.seats]
    people = {p.pk: p for p in Person.objects.filter(pk__in={s.person_id for s in seats})}
    ages: dict[str, set[int]] = {label: set() for label, _, _ in AGE_BANDS}
    for person in people.values():
        age = age_on(person.birth_date, on)
        for label, low, high in AGE_BANDS:
            if low <= age <= high:
                ages[label].add(person.pk)
    return CommitteeMembers(
        on=on,
        total=PeopleFigure(frozenset(people)),
        secretaries=PeopleFigure(frozenset(s.person_id for s in seats if s.position == Position.SECRETARY)),
        deputies=PeopleFigure(
            frozenset(s.person_id for s in seats if s.position == Position.DEPUTY_SECRETARY)
        ),
        women=PeopleFigure(frozenset(pk for pk, p in people.items() if p.sex == Sex.FEMALE)),
        ethnic_minority=PeopleFigure(
            frozenset(pk for pk, p in people.items() if p.ethnicity and p.ethnicity != MAJORITY_ETHNICITY)
        ),
        by_age={label: PeopleFigure(frozenset(ids)) for label, ids in ages.items()},
    )
