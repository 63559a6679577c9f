"""Figures the review report needs that no other statistic gives (RULES.md §2.3, §2.6, §2.8, §1.4):
member events of a period by kind (official recognitions, badges by milestone, exemptions), the
congresses held by the kind of organization that held them, whether any dues or meetings were
recorded for a period at all, and the figures of cadre work and internal political protection,
which partyorg does not keep yet.

An event belongs to ``root``'s subtree when the person was held there on the event's day (the
tree as it stood that day), or when the event names an organization of the subtree (a badge
awarded after death names the organization that proposed it). A corrected event counts as its
correction; a withdrawn one (``VOIDED``) not at all: the rule of :mod:`partyorg.reports.statistics.flows`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import cast

from django.db.models import Exists, OuterRef, Q

from partyorg.committees.models import Congress
from partyorg.dues.models import DuesPayment
from partyorg.meetings.models import Meeting
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval
from partyorg.organizations.models import Organization, OrgVersion
from partyorg.reports.statistics.cadre_forms import (
    EventFigure,
    appointment_modes,
    appointments_in,
    rotations_in,
    trainings_in,
)
from partyorg.reports.statistics.cadres import Staff, staff_under
from partyorg.reports.statistics.committees import congresses_held
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on, tree_change_days

__all__ = [
    "CadreFigures",
    "CongressesByKind",
    "MemberWork",
    "ProtectionFigures",
    "cadre_figures",
    "congresses_by_kind",
    "dues_recorded_from",
    "meetings_recorded_from",
    "member_work",
    "protection_figures",
    "rating_year",
]


@dataclass(frozen=True)
class MemberWork:
    """What was done for members under ``root`` in ``period``, each figure the people it concerns:
    recognized as official members (RULES.md §2.3), awarded a party badge, by milestone in years
    (§2.6, the event's ``detail``), exempted from work and activities (§2.8)."""

    period: Period
    recognized: PeopleFigure
    badges: dict[int, PeopleFigure]  # milestone -> people awarded it, milestones ascending
    exempted: PeopleFigure

    @property
    def badges_awarded(self) -> int:
        return sum(figure.value for figure in self.badges.values())


def _events_in(root: Organization, period: Period, kinds: frozenset[str]) -> list[tuple[int, str, str]]:
    """(person, kind, detail) of the events of ``kinds`` in ``period`` under ``root``, in force."""
    candidates = MembershipEvent.objects.filter(
        kind__in=kinds, effective_on__gte=period.start, effective_on__lt=period.end
    )
    # The later event that corrects (or voids) one takes its place; a correction of a kind counted
    # here is itself a candidate.
    replaced = MembershipEvent.objects.filter(corrects=OuterRef("pk"))
    candidates = candidates.exclude(Exists(replaced))
    days = [period.start, *tree_change_days(period.start, period.end), period.end]
    found: list[tuple[int, str, str]] = []
    for first, until in pairwise(days):
        ids = subtree_on(root, first)
        if not ids:
            continue
        held = MembershipInterval.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("effective_on")),
            person_id=OuterRef("person_id"),
            organization_id__in=ids,
            valid_from__lte=OuterRef("effective_on"),
        )
        found += (
            candidates.filter(effective_on__gte=first, effective_on__lt=until)
            .filter(Q(organization_id__in=ids) | Exists(held))
            .values_list("person_id", "kind", "detail")
        )
    return found


def member_work(root: Organization, period: Period) -> MemberWork:
    """Recognitions, badges and exemptions under ``root`` in ``period``. Three queries a stretch of
    the period in which the tree did not change (usually one stretch)."""
    kinds = frozenset({EventKind.RECOGNIZED_OFFICIAL, EventKind.BADGE_AWARDED, EventKind.EXEMPTED})
    people: dict[str, set[int]] = defaultdict(set)
    badges: dict[int, set[int]] = defaultdict(set)
    for person_id, kind, detail in _events_in(root, period, kinds):
        if kind == EventKind.BADGE_AWARDED:
            badges[int(detail) if detail.isdigit() else 0].add(person_id)
        else:
            people[kind].add(person_id)
    return MemberWork(
        period=period,
        recognized=PeopleFigure(frozenset(people[EventKind.RECOGNIZED_OFFICIAL])),
        badges={m: PeopleFigure(frozenset(ids)) for m, ids in sorted(badges.items())},
        exempted=PeopleFigure(frozenset(people[EventKind.EXEMPTED])),
    )


@dataclass(frozen=True)
class CongressesByKind:
    """Congresses held in a period under an organization, by the kind (``OrgKind``) of the
    organization that held it on the day it was held; ``total`` is every congress."""

    period: Period
    total: int
    by_kind: dict[str, int]
    organizations: dict[str, OrgFigure]


def congresses_by_kind(root: Organization, period: Period) -> CongressesByKind:
    """:func:`partyorg.reports.statistics.committees.congresses_held`, split by the kind of the
    organization on its congress day ("đại hội chi bộ trực thuộc": the kind ``cell``)."""
    held = congresses_held(root, period)
    rows = list(Congress.objects.filter(pk__in=held.congress_ids).values_list("organization_id", "held_on"))
    versions: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for org_id, valid_from, valid_until, kind in OrgVersion.objects.filter(
        organization_id__in=held.organization_ids
    ).values_list("organization_id", "valid_from", "valid_until", "kind"):
        versions[org_id].append((valid_from, valid_until, kind))
    counts: dict[str, int] = defaultdict(int)
    orgs: dict[str, set[int]] = defaultdict(set)
    for org_id, day in rows:
        kind = next(
            (k for a, b, k in versions[org_id] if a <= day and (b is None or day < b)),
            "",
        )
        counts[kind] += 1
        orgs[kind].add(org_id)
    return CongressesByKind(
        period, held.value, dict(counts), {k: OrgFigure(frozenset(ids)) for k, ids in orgs.items()}
    )


def rating_year(period: Period) -> int:
    """The year whose yearly review a report of ``period`` gives: the last year that ended by the
    period's closing day (the first half of 2017 gives the review of 2016, the year 2017 its own)."""
    closing = period.closing_day
    return closing.year if (closing.month, closing.day) == (12, 31) else closing.year - 1


def dues_recorded_from(root: Organization, period: Period) -> date | None:
    """The first month of ``period`` for which a dues payment is recorded under ``root`` (the
    subtree on the closing day); None when none is. Before that month partyorg does not know the
    dues (they were kept elsewhere, or not yet entered): not that nobody paid."""
    first = (
        DuesPayment.objects.filter(
            organization_id__in=subtree_on(root, period.closing_day),
            month__gte=date(period.start.year, period.start.month, 1),
            month__lt=period.end,
        )
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    )
    return first


def meetings_recorded_from(root: Organization, period: Period) -> date | None:
    """The first month of ``period`` in which a cell meeting is recorded under ``root`` (as
    :func:`dues_recorded_from`)."""
    first = (
        Meeting.objects.filter(
            organization_id__in=subtree_on(root, period.closing_day),
            held_on__gte=period.start,
            held_on__lt=period.end,
        )
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return date(first.year, first.month, 1) if first is not None else None


@dataclass(frozen=True)
class CadreFigures:
    """Cadre work of a period (RULES.md §11), from the cadres app's records: the staff of the units
    under the organization at the period's end (by degree and political theory, and who is
    studying), and the appointments, rotations and completed trainings of the period (lượt người,
    as forms 10, 11 and 13 count them)."""

    period: Period
    staff: Staff
    appointed: EventFigure
    rotated: EventFigure
    trained: PeopleFigure


def cadre_figures(root: Organization, period: Period) -> CadreFigures | None:
    """The period's cadre work under ``root`` (appointments as form 13 counts them); None when no
    unit under it keeps staff records, so the report asks people to write the section."""
    staff = staff_under(root, period.closing_day)
    if not staff.total.value:
        return None
    appointed = appointments_in(root, period, modes=appointment_modes())
    rotated = rotations_in(root, period)
    trained = trainings_in(root, period)
    return CadreFigures(
        period=period,
        staff=staff,
        appointed=cast(EventFigure, appointed.figure(appointed.columns)),
        rotated=cast(EventFigure, rotated.figure(rotated.columns)),
        trained=cast(PeopleFigure, trained.figure(trained.columns)),
    )


@dataclass(frozen=True)
class ProtectionFigures:
    """Internal political protection of a period (bảo vệ chính trị nội bộ): political background
    checks and the files concluded. Not kept by partyorg yet."""

    period: Period
    checked: PeopleFigure
    concluded: PeopleFigure


def protection_figures(root: Organization, period: Period) -> ProtectionFigures | None:
    """None: partyorg keeps no internal political protection records yet (see :func:`cadre_figures`)."""
    return None
