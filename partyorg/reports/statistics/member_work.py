"""The member work of a period (form 7, *Nghiệp vụ công tác đảng viên*, RULES.md §6.2 [P]):
commendations of organizations and members, party badges awarded by milestone, party cards issued,
reissued and exchanged, and transfers of party activity out of and into the subtree.

Who counts where. Every figure is of ``root``'s subtree as it stood on the day of the act (the tree
changes over time): a commendation counts where its row says the organization or member was that
day; a badge, a card and a temporary transfer where the member was held that day (a posthumous badge:
the organization the event names). Transfers are moves across the subtree's border, as form 1 counts
them: an official transfer between two cells of the same district is no transfer of the district
(:func:`partyorg.reports.statistics.flows.members_flow`, whose B.2 and C.5 these are), and a temporary
transfer likewise.

How a commendation is sorted (RULES.md §6.2 names the rows, not the titles): by the words of its title,
"cờ" (a flag, *cờ thi đua*), else "bằng khen", else "giấy khen"; a title with none of them (a title of
"trong sạch vững mạnh tiêu biểu" alone) counts in its group's total and in no sub-row. An organization
counts by its kind on the day: "cấp trên trực tiếp cơ sở" the district, bloc and (after 01/07/2025) the
commune committees; "tổ chức cơ sở đảng" the grassroots committees and cells; "đảng bộ bộ phận" the
sub-committees; "chi bộ trực thuộc" the cells under them. A province or the centre is in no row.
Organizations and members are counted once per row (two flags in a year: one organization).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from partyorg.cards.models import CardAction
from partyorg.cards.queries import cards_in_force
from partyorg.discipline.queries import commendations_in_force
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports.statistics.figures import MovesFigure, OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.flows import PEOPLE_PER_QUERY, members_flow
from partyorg.reports.statistics.scope import subtree_on, tree_change_days
from partyorg.rules.badges import MILESTONES

# The kinds of award the form splits commendations into, in the order a title is tested.
FLAG, MERIT, PAPER = "flag", "merit", "paper"
AWARD_WORDS = (
    (FLAG, re.compile(r"\bcờ\b")),
    (MERIT, re.compile(r"bằng khen")),
    (PAPER, re.compile(r"giấy khen")),
)
# The levels of organization the form counts, by the organization's kind on the day.
UPPER, GRASSROOTS, SUB_COMMITTEE, SUBORDINATE_CELL = "upper", "grassroots", "sub_committee", "cell"
LEVEL_OF_KIND = {
    OrgKind.DISTRICT: UPPER,
    OrgKind.BLOC: UPPER,
    OrgKind.COMMUNE: UPPER,
    OrgKind.GRASSROOTS_COMMITTEE: GRASSROOTS,
    OrgKind.GRASSROOTS_CELL: GRASSROOTS,
    OrgKind.SUB_COMMITTEE: SUB_COMMITTEE,
    OrgKind.CELL: SUBORDINATE_CELL,
}
CARD_ACTIONS = (CardAction.ISSUED, CardAction.REISSUED, CardAction.EXCHANGED, CardAction.RENEWED)


def award_of(title: str) -> str | None:
    """The kind of award a commendation's title names (FLAG, MERIT, PAPER), or None."""
    lowered = title.lower()
    return next((kind for kind, words in AWARD_WORDS if words.search(lowered)), None)


@dataclass(frozen=True)
class Commended:
    """Commended in the period: a total and one figure per kind of award."""

    total: frozenset[int]
    by_award: dict[str, frozenset[int]]


@dataclass(frozen=True)
class MemberWork:
    root_id: int
    period: Period
    organizations: dict[str, Commended]  # level (UPPER …) -> organizations commended
    members: Commended  # person ids
    badges: dict[int, PeopleFigure]  # milestone -> members awarded its badge in the period
    cards: dict[str, MovesFigure]  # CardAction -> cards (person, day) handed out in the period
    temporary_out: MovesFigure
    temporary_in: MovesFigure
    transferred_out: MovesFigure
    transferred_in: MovesFigure

    def organizations_figure(self, level: str, award: str | None = None) -> OrgFigure:
        found = self.organizations[level]
        return OrgFigure(found.total if award is None else found.by_award[award])

    def members_figure(self, award: str | None = None) -> PeopleFigure:
        return PeopleFigure(self.members.total if award is None else self.members.by_award[award])


def in_subtree(root: Organization, period: Period) -> Callable[[int | None, date], bool]:
    """Is an organization in ``root``'s subtree as it stood on a day of ``period``? The subtree is
    read once per stretch of days between changes of the tree."""
    days = [period.start, *tree_change_days(period.start, period.end), period.end]
    stretches = [(a, b, subtree_on(root, a)) for a, b in pairwise(days)]

    def inside(org_id: int | None, day: date) -> bool:
        return org_id is not None and any(a <= day < b and org_id in ids for a, b, ids in stretches)

    return inside


def _holders(person_days: Iterable[tuple[int, date]]) -> dict[tuple[int, date], int]:
    """(person, day) -> the organization holding the person that day (absent: nobody held them)."""
    wanted = set(person_days)
    people = sorted({p for p, _ in wanted})
    found: dict[tuple[int, date], int] = {}
    by_person: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for i in range(0, len(people), PEOPLE_PER_QUERY):  # SQLite's limit of values in a statement
        rows = MembershipInterval.objects.filter(person_id__in=people[i : i + PEOPLE_PER_QUERY]).values_list(
            "person_id", "organization_id", "valid_from", "valid_until"
        )
        for person_id, org_id, start, until in rows:
            by_person[person_id].append((org_id, start, until))
    for person_id, day in wanted:
        for org_id, start, until in by_person[person_id]:
            if start <= day and (until is None or day < until):
                found[person_id, day] = org_id
                break
    return found


def _events(kind: str, period: Period) -> list[tuple[int, int, date, int | None, int | None, str]]:
    """Events of ``kind`` in the period still in force: (pk, person, day, organization, other
    organization, detail); corrected and voided ones left out."""
    rows = list(
        MembershipEvent.objects.filter(kind=kind, effective_on__gte=period.start, effective_on__lt=period.end)
        .values_list("pk", "person_id", "effective_on", "organization_id", "other_organization_id", "detail")
        .order_by("pk")
    )
    # The corrections of any of them (few: a range of the index on ``corrects``, not a list of ids
    # longer than SQLite takes in one statement).
    first = rows[0][0] if rows else 0
    corrections = MembershipEvent.objects.filter(corrects_id__gte=first)
    corrected = set(corrections.values_list("corrects_id", flat=True))
    return [row for row in rows if row[0] not in corrected]


def badges_awarded(root: Organization, period: Period) -> dict[int, PeopleFigure]:
    """Milestone -> the members of ``root``'s subtree awarded its badge on a day of ``period``."""
    inside = in_subtree(root, period)
    rows = _events(EventKind.BADGE_AWARDED, period)
    held = _holders((person, day) for _, person, day, *_ in rows)
    found: dict[int, set[int]] = {milestone: set() for milestone in MILESTONES}
    for _, person, day, org_id, _, detail in rows:
        where = held.get((person, day), org_id)
        if detail.isdigit() and int(detail) in found and inside(where, day):
            found[int(detail)].add(person)
    return {milestone: PeopleFigure(frozenset(ids)) for milestone, ids in found.items()}


def cards_handed_out(root: Organization, period: Period) -> dict[str, MovesFigure]:
    """CardAction -> the cards of the register handed out in ``period`` by ``root``'s subtree."""
    inside = in_subtree(root, period)
    found: dict[str, list[tuple[int, date]]] = {action: [] for action in CARD_ACTIONS}
    rows = cards_in_force().filter(
        action__in=list(CARD_ACTIONS), effective_on__gte=period.start, effective_on__lt=period.end
    )
    for person, day, org_id, action in rows.values_list(
        "person_id", "effective_on", "organization_id", "action"
    ):
        if inside(org_id, day):
            found[action].append((person, day))
    return {action: MovesFigure(tuple(sorted(moves))) for action, moves in found.items()}


def temporary_transfers(root: Organization, period: Period) -> tuple[MovesFigure, MovesFigure]:
    """(out, in): temporary transfers of ``period`` from a member held by the subtree to a place
    outside it, and from outside it to an organization of it (RULES.md §2.7)."""
    inside = in_subtree(root, period)
    rows = _events(EventKind.TEMPORARY_TRANSFER, period)
    held = _holders((person, day) for _, person, day, *_ in rows)
    out: list[tuple[int, date]] = []
    into: list[tuple[int, date]] = []
    for _, person, day, org_id, other_id, _ in rows:
        home = inside(held.get((person, day), org_id), day)
        there = inside(other_id, day)
        if home and not there:
            out.append((person, day))
        elif there and not home:
            into.append((person, day))
    return MovesFigure(tuple(sorted(out))), MovesFigure(tuple(sorted(into)))


def commendations(root: Organization, period: Period) -> tuple[dict[str, Commended], Commended]:
    """(organizations by level, members) commended in ``period`` in ``root``'s subtree."""
    inside = in_subtree(root, period)
    rows = commendations_in_force().filter(awarded_on__gte=period.start, awarded_on__lt=period.end)
    levels = (UPPER, GRASSROOTS, SUB_COMMITTEE, SUBORDINATE_CELL)
    orgs: dict[str, dict[str | None, set[int]]] = {level: defaultdict(set) for level in levels}
    members: dict[str | None, set[int]] = defaultdict(set)
    found = [
        row
        for row in rows.values_list("person_id", "organization_id", "awarded_on", "title")
        if inside(row[1], row[2])
    ]
    kind_on = _kinds({org_id for person_id, org_id, _, _ in found if person_id is None})
    for person_id, org_id, day, title in found:
        award = award_of(title)
        if person_id is not None:
            members[None].add(person_id)
            if award:
                members[award].add(person_id)
            continue
        level = LEVEL_OF_KIND.get(kind_on(org_id, day))
        if level is None:
            continue
        orgs[level][None].add(org_id)
        if award:
            orgs[level][award].add(org_id)

    def commended(found: dict[str | None, set[int]]) -> Commended:
        return Commended(
            frozenset(found[None]), {award: frozenset(found[award]) for award in (FLAG, MERIT, PAPER)}
        )

    return {level: commended(orgs[level]) for level in levels}, commended(members)


def _kinds(org_ids: Collection[int]) -> Callable[[int, date], str]:
    """The kind of each of ``org_ids`` on a day, from their versions read in one query."""
    versions: dict[int, list[tuple[date | None, date | None, str]]] = defaultdict(list)
    for org_id, start, until, kind in OrgVersion.objects.filter(
        organization_id__in=list(org_ids)
    ).values_list("organization_id", "valid_from", "valid_until", "kind"):
        versions[org_id].append((start, until, kind))

    def kind_on(org_id: int, day: date) -> str:
        return next(
            (
                kind
                for start, until, kind in versions[org_id]
                if (start is None or start <= day) and (until is None or day < until)
            ),
            "",
        )

    return kind_on


def member_work(root: Organization, period: Period) -> MemberWork:
    """Form 7's figures of ``root`` over ``period``."""
    organizations, members = commendations(root, period)
    temporary_out, temporary_in = temporary_transfers(root, period)
    flow = members_flow(root, period)
    return MemberWork(
        root_id=root.pk,
        period=period,
        organizations=organizations,
        members=members,
        badges=badges_awarded(root, period),
        cards=cards_handed_out(root, period),
        temporary_out=temporary_out,
        temporary_in=temporary_in,
        transferred_out=flow.exits["transferred_out"],
        transferred_in=flow.entries["transferred_in"],
    )
