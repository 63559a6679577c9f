"""Commands of the annual review: open a cycle, rate its members and the organization, correct or
withdraw a rating. Each command is one transaction that checks the rules of the regime in force on
the review day (``partyorg.rules.ratings``) and appends rows; nothing is updated.

Rules refuse with :class:`~partyorg.rules.base.RuleViolation` (Vietnamese, citing the document); an
officer may record a refused rating anyway with an :class:`Override` naming the rule's code and a
reason, kept with the rating. A rating that contradicts the records (not a member that day, rated
twice) is refused with :class:`RatingRefused`.

Every command takes the new rows' ``uid`` and ``recorded_at`` (an import keeps the file's; by
default a fresh uid and now), so the import calls them directly (:mod:`partyorg.ratings.interchange`).
Each single command (:func:`open_cycle`, :func:`rate_members`, :func:`correct_member_rating`,
:func:`withdraw_member_rating`, :func:`rate_organization`) is one durable transaction
(:func:`partyorg.core.commands.command`); the import, inside its own, calls them ``.within``.

The many-cycle forms (:func:`open_cycles`, :func:`rate_many`, :func:`rate_organizations`) read what
they need in a few queries and insert in bulk: they serve the province's whole review (and the demo).
They are atomic but not durable: the demo calls them inside a transaction of its own.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core import bulk
from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Override, Refused, overridable
from partyorg.discipline.queries import measures_in_force, member_measures_in_year
from partyorg.members.models import Person
from partyorg.organizations.models import GRASSROOTS_KINDS, Organization, OrgVersion, valid_on
from partyorg.ratings import summary
from partyorg.ratings.models import MemberRating, OrganizationRating, ReviewCycle, ReviewPeriod
from partyorg.ratings.queries import (
    RosterLine,
    grassroots_of,
    member_ratings_in_force,
    organization_ratings_in_force,
    ratings_of,
    rosters,
    yearly_levels,
)
from partyorg.rules import discipline as discipline_rules
from partyorg.rules import ratings as rules
from partyorg.rules.base import RuleViolation

__all__ = [
    "OrgRatingEntry",
    "Override",
    "RatingEntry",
    "RatingRefused",
    "correct_member_rating",
    "open_cycle",
    "open_cycles",
    "rate_many",
    "rate_members",
    "rate_organization",
    "rate_organizations",
    "withdraw_member_rating",
]


class RatingRefused(Refused):
    """The rating contradicts the records; the message is Vietnamese."""


@dataclass(frozen=True)
class RatingEntry:
    person: Person
    level: str
    score: Decimal | None = None
    note: str = ""
    override: Override | None = None
    uid: uuid.UUID | str | None = None  # the rating's uid (an import keeps the file's); None: a fresh one
    recorded_at: datetime | None = None  # when it was recorded (an import keeps the file's); None: the call's


@dataclass(frozen=True)
class OrgRatingEntry:
    cycle: ReviewCycle
    level: str
    score: Decimal | None = None
    # The leadership members (cấp ủy, bí thư …) whose discipline in the year bears on the rating
    # (HD 21, QĐ 366): the committees app knows them; the caller passes them.
    leadership: Collection[Person] = field(default_factory=tuple)
    note: str = ""
    override: Override | None = None
    uid: uuid.UUID | str | None = None
    recorded_at: datetime | None = None  # when it was recorded (an import keeps the file's); None: the call's


# -- cycles -----------------------------------------------------------------------------------


def _check_dates(year: int, reviewed_on: date, period: str, period_number: int) -> None:
    if period == ReviewPeriod.YEAR and not year <= reviewed_on.year <= year + 1:
        raise RatingRefused(
            _("Kiểm điểm năm %(year)s phải tổ chức trong năm %(year)s hoặc đầu năm %(next)s (ngày %(day)s).")
            % {"year": year, "next": year + 1, "day": vn_date(reviewed_on)}
        )
    if period == ReviewPeriod.QUARTER:
        if not 1 <= period_number <= 4:
            raise RatingRefused(_("Quý phải từ 1 đến 4 (đã ghi %(number)s).") % {"number": period_number})
        if reviewed_on < date(year, 3 * period_number - 2, 1):
            raise RatingRefused(
                _("Ngày kiểm điểm %(day)s trước khi quý %(number)s/%(year)s bắt đầu.")
                % {"day": vn_date(reviewed_on), "number": period_number, "year": year}
            )


def _grassroots(orgs: Sequence[Organization], on: date) -> dict[int, int | None]:
    """organization id -> its grassroots organization's id on ``on``; every id must exist that day."""
    if len(orgs) <= 20:
        found: dict[int, int | None] = {}
        for org in orgs:
            if not OrgVersion.objects.filter(valid_on(on), organization=org).exists():
                raise RatingRefused(
                    _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.")
                    % {"code": org.code, "day": vn_date(on)}
                )
            grassroots = grassroots_of(org, on)
            found[org.pk] = grassroots.pk if grassroots else None
        return found
    tree = {
        org_id: (kind, parent_id)
        for org_id, kind, parent_id in OrgVersion.objects.filter(valid_on(on)).values_list(
            "organization_id", "kind", "parent_id"
        )
    }
    found = {}
    for org in orgs:
        if org.pk not in tree:
            raise RatingRefused(
                _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.") % {"code": org.code, "day": vn_date(on)}
            )
        at: int | None = org.pk
        found[org.pk] = None
        while at is not None and at in tree:
            kind, parent = tree[at]
            if kind in GRASSROOTS_KINDS:
                found[org.pk] = at
                break
            at = parent
    return found


@transaction.atomic
def open_cycles(
    orgs: Sequence[Organization],
    *,
    year: int,
    reviewed_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    period: str = ReviewPeriod.YEAR,
    period_number: int = 0,
    note: str = "",
    recorded_at: datetime | None = None,
    uids: Sequence[uuid.UUID | str | None] = (),
) -> list[ReviewCycle]:
    """Open the review of ``year`` (or of a quarter, a term, an occasion) for each organization,
    held on ``reviewed_on``. The day chooses the regime (RULES.md §3.1). ``uids``: the cycles'
    uids, one per organization (an import keeps the file's); by default fresh ones."""
    regime = rules.check_period(reviewed_on, period)
    if period == ReviewPeriod.YEAR:
        period_number = 0
    _check_dates(year, reviewed_on, period, period_number)
    grassroots = _grassroots(orgs, reviewed_on)
    taken = set(
        ReviewCycle.objects.filter(
            organization__in=orgs, year=year, period=period, period_number=period_number
        ).values_list("organization_id", flat=True)
    )
    if taken:
        codes = ", ".join(sorted(o.code for o in orgs if o.pk in taken)[:5])
        raise RatingRefused(
            _("Đã có đợt kiểm điểm %(period)s %(year)s của: %(codes)s.")
            % {"period": rules.PERIOD_LABELS[period], "year": year, "codes": codes}
        )
    at = recorded_at or timezone.now()
    cycles = [
        ReviewCycle(
            **stamp(uids[i] if uids else None, at),
            organization=org,
            grassroots_id=grassroots[org.pk],
            year=year,
            period=period,
            period_number=period_number,
            reviewed_on=reviewed_on,
            regime=regime.code,
            note=note,
            recorded_by=recorded_by,
            **legal_basis.as_fields(),
        )
        for i, org in enumerate(orgs)
    ]
    bulk.insert(ReviewCycle, cycles, with_ids=True)
    summary.refresh([cycle.pk for cycle in cycles])  # the figures' roster lines, in the same transaction
    return cycles


@command
def open_cycle(
    org: Organization,
    *,
    year: int,
    reviewed_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    period: str = ReviewPeriod.YEAR,
    period_number: int = 0,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> ReviewCycle:
    """Open one organization's review (a batch of one of :func:`open_cycles`)."""
    return open_cycles(
        [org],
        year=year,
        reviewed_on=reviewed_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        period=period,
        period_number=period_number,
        note=note,
        recorded_at=recorded_at,
        uids=[uid],
    )[0]


# -- member ratings ---------------------------------------------------------------------------


def _counted_measures(
    cycles: Sequence[ReviewCycle], person_ids: set[int]
) -> dict[tuple[int, int], list[tuple[date, bool]]]:
    """(year, person id) -> (decision day, self-remedied) of the measures that count for that year's
    rating: decided in the year, unless the violation was of an earlier year already rated
    "Không hoàn thành" ("một vi phạm chỉ tính một lần", HD 21, RULES.md §3.3)."""
    found: dict[tuple[int, int], list[tuple[date, bool]]] = {}
    for year in {c.year for c in cycles}:
        measures = member_measures_in_year(person_ids, year)
        earlier = {
            (pid, m.violation_on.year)
            for pid, ms in measures.items()
            for m in ms
            if m.violation_on is not None and m.violation_on.year < year
        }
        levels = yearly_levels({pid for pid, _ in earlier}, {y for _, y in earlier}) if earlier else {}
        for pid, ms in measures.items():
            found[year, pid] = [
                (m.decided_on, m.self_remedied)
                for m in ms
                if not (
                    m.violation_on is not None
                    and m.violation_on.year < year
                    and levels.get(pid, {}).get(m.violation_on.year) == rules.NOT_FULFILLED
                )
            ]
    return found


def _quota_key(cycle: ReviewCycle) -> tuple[int, int, str, int]:
    return (cycle.grassroots_id or cycle.organization_id, cycle.year, cycle.period, cycle.period_number)


def _check_quotas(
    cycles: dict[int, ReviewCycle],
    new: Sequence[tuple[ReviewCycle, RatingEntry]],
    replaced: Sequence[MemberRating] = (),
    *,
    lines: dict[int, list[RosterLine]] | None = None,
    rated: dict[int, dict[int, MemberRating]] | None = None,
) -> None:
    """The excellent quota of each grassroots organization touched, counting its ratings in force,
    less ``replaced``, plus ``new``, with its members still waiting (RULES.md §3.1, §3.2). All the
    groups are read together: one query for their cycles, their rosters and their ratings.
    ``lines`` and ``rated``: the rosters and ratings in force of cycles the caller has read already
    (a batch), not read again."""
    groups: dict[tuple[int, int, str, int], list[tuple[ReviewCycle, RatingEntry]]] = defaultdict(list)
    for cycle, entry in new:
        if rules.quota_on(cycle.reviewed_on) is not None:
            groups[_quota_key(cycle)].append((cycle, entry))
    if not groups:
        return
    units = {key[0] for key in groups}
    members = ReviewCycle.objects.filter(
        Q(grassroots_id__in=units) | Q(grassroots__isnull=True, organization_id__in=units),
        year__in={key[1] for key in groups},
    )
    in_group: dict[tuple[int, int, str, int], list[ReviewCycle]] = defaultdict(list)
    for cycle in members:
        if _quota_key(cycle) in groups:
            in_group[_quota_key(cycle)].append(cycle)
    every = [c for cs in in_group.values() for c in cs]
    lines, rated = dict(lines or {}), dict(rated or {})
    unread = [c for c in every if c.pk not in lines]
    lines.update(rosters(unread))
    rated.update(ratings_of(unread))
    redone = {(m.cycle_id, m.person_id) for m in replaced}
    days = {items[0][0].reviewed_on for items in groups.values()}
    names = {
        (org_id, day): name
        for day in days
        for org_id, name in OrgVersion.objects.filter(valid_on(day), organization_id__in=units).values_list(
            "organization_id", "name"
        )
    }
    for key, items in groups.items():
        rating_now = {(c.pk, e.person.pk) for c, e in items}
        counts: Counter[str] = Counter()
        waiting = 0
        for cycle in in_group[key]:
            done = rated.get(cycle.pk, {})
            counts.update(
                r.level
                for pid, r in done.items()
                if (cycle.pk, pid) not in redone and (cycle.pk, pid) not in rating_now
            )
            waiting += sum(
                1
                for line in lines[cycle.pk]
                if line.must_be_rated
                and line.person_id not in done
                and (cycle.pk, line.person_id) not in rating_now
            )
        counts.update(entry.level for _, entry in items)
        day = items[0][0].reviewed_on
        name = names.get((key[0], day), str(key[0]))
        overrides = [e.override for _, e in items if e.override is not None]
        overridable(
            partial(rules.check_excellent_quota, day, counts, grassroots_name=name, waiting=waiting),
            next((o for o in overrides if o.reason.strip()), None),
        )


@transaction.atomic
def rate_many(
    batches: Sequence[tuple[ReviewCycle, Sequence[RatingEntry]]],
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    recorded_at: datetime | None = None,
) -> list[MemberRating]:
    """Rate members in many cycles at once: each entry checked against the roster of its cycle
    (who must be rated, RULES.md §3.3), the regime's levels and score (§3.1, §3.2), the member's
    discipline in the year (§3.3, §2.10); then the excellent quota of each grassroots organization."""
    cycles = [cycle for cycle, _ in batches]
    lines = rosters(cycles)
    existing = ratings_of(cycles)
    person_ids = {entry.person.pk for _, entries in batches for entry in entries}
    measures = _counted_measures(cycles, person_ids)
    at = recorded_at or timezone.now()
    rows: list[MemberRating] = []
    new: list[tuple[ReviewCycle, RatingEntry]] = []
    for cycle, entries in batches:
        regime = rules.regime_on(cycle.reviewed_on)
        roster = {line.person_id: line for line in lines[cycle.pk]}
        seen: set[int] = set()
        for entry in entries:
            person = entry.person
            line = roster.get(person.pk)
            if line is None:
                raise RatingRefused(
                    _("%(name)s không sinh hoạt tại tổ chức này vào ngày kiểm điểm %(day)s.")
                    % {"name": person.full_name, "day": vn_date(cycle.reviewed_on)}
                )
            if person.pk in existing.get(cycle.pk, {}) or person.pk in seen:
                raise RatingRefused(
                    _("%(name)s đã được xếp loại trong đợt kiểm điểm này; hãy sửa xếp loại đã ghi.")
                    % {"name": person.full_name}
                )
            seen.add(person.pk)
            if line.exclusion is not None:
                overridable(_excluded(line.exclusion, f"{person.full_name} ({person.code})"), entry.override)
            _check_member(cycle, regime, entry, measures.get((cycle.year, person.pk), []))
            new.append((cycle, entry))
            rows.append(
                MemberRating(
                    **stamp(entry.uid, entry.recorded_at or at),
                    cycle=cycle,
                    person=person,
                    level=entry.level,
                    score=entry.score,
                    note=entry.note,
                    **Override.fields_of(entry.override),
                    recorded_by=recorded_by,
                    **legal_basis.as_fields(),
                )
            )
    _check_quotas({c.pk: c for c in cycles}, new, lines=lines, rated=existing)
    bulk.insert(MemberRating, rows, with_ids=True)
    summary.levels_changed([c.pk for c in cycles])  # the figures' roster lines, in the same transaction
    return rows


def _excluded(why: rules.Exclusion, name: str) -> Callable[[], None]:
    def refuse() -> None:
        raise RuleViolation(why.rule, f"{name}: {why.text}")

    return refuse


def _check_member(
    cycle: ReviewCycle, regime: rules.Regime, entry: RatingEntry, measures: list[tuple[date, bool]]
) -> None:
    who = f"{entry.person.full_name} ({entry.person.code})"  # a cell's roster is rated at once
    overridable(lambda: rules.check_level(regime, entry.level, rules.MEMBER, who=who), entry.override)
    overridable(
        lambda: rules.check_score(regime, entry.level, entry.score, rules.MEMBER, who=who), entry.override
    )
    overridable(
        lambda: rules.check_discipline(cycle.reviewed_on, entry.level, measures=measures, who=who),
        entry.override,
    )


@command
def rate_members(
    cycle: ReviewCycle,
    entries: Sequence[RatingEntry],
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    recorded_at: datetime | None = None,
) -> list[MemberRating]:
    """Rate members of one cycle; rate the whole cell at once so the excellent quota sees them all."""
    return rate_many(
        [(cycle, entries)], legal_basis=legal_basis, recorded_by=recorded_by, recorded_at=recorded_at
    )


@command
def correct_member_rating(
    wrong: MemberRating,
    *,
    level: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    score: Decimal | None = None,
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> MemberRating:
    """Replace a rating in force with a corrected one; the wrong row stays, marked as corrected."""
    wrong = MemberRating.objects.select_for_update().select_related("cycle", "person").get(pk=wrong.pk)
    if wrong.withdrawn or wrong.corrections.exists():
        raise RatingRefused(_("Xếp loại này đã được sửa hoặc hủy; hãy sửa bản ghi mới nhất."))
    cycle = wrong.cycle
    entry = RatingEntry(wrong.person, level, score, note, override)
    measures = _counted_measures([cycle], {wrong.person_id})
    _check_member(
        cycle, rules.regime_on(cycle.reviewed_on), entry, measures.get((cycle.year, wrong.person_id), [])
    )
    _check_quotas({cycle.pk: cycle}, [(cycle, entry)], replaced=[wrong])
    corrected = MemberRating.objects.create(
        **stamp(uid, recorded_at),
        cycle=cycle,
        person=wrong.person,
        level=level,
        score=score,
        corrects=wrong,
        note=note,
        **Override.fields_of(override),
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )
    summary.levels_changed([cycle.pk])  # the figures' roster lines, in the same transaction
    return corrected


@command
def withdraw_member_rating(
    wrong: MemberRating,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> MemberRating:
    """Take a rating back (the member should not have been rated)."""
    if not note.strip():
        raise RatingRefused(_("Cần ghi lý do hủy xếp loại."))
    wrong = MemberRating.objects.select_for_update().get(pk=wrong.pk)
    if wrong.withdrawn or wrong.corrections.exists():
        raise RatingRefused(_("Xếp loại này đã được sửa hoặc hủy."))
    withdrawal = MemberRating.objects.create(
        **stamp(uid, recorded_at),
        cycle_id=wrong.cycle_id,
        person_id=wrong.person_id,
        level=wrong.level,
        score=wrong.score,
        corrects=wrong,
        withdrawn=True,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )
    summary.levels_changed([wrong.cycle_id])  # the figures' roster lines, in the same transaction
    return withdrawal


# -- organization ratings ---------------------------------------------------------------------


def organization_facts(entries: Sequence[OrgRatingEntry]) -> dict[int, rules.OrgFacts]:
    """cycle id -> what its organization's rating depends on, from the records in force: its
    members' ratings in the cycle, its subordinates' ratings of the same period, and discipline in
    the year of the subordinates, the leadership and the organization itself."""
    cycles = [e.cycle for e in entries]
    members: dict[int, Counter[str]] = defaultdict(Counter)
    for cycle_id, level, n in (
        member_ratings_in_force()
        .filter(cycle__in=[c.pk for c in cycles])
        .values_list("cycle_id", "level")
        .annotate(n=Count("pk"))
        .values_list("cycle_id", "level", "n")
    ):
        members[cycle_id][level] += n
    children: dict[int, set[int]] = defaultdict(set)
    by_day: dict[date, list[ReviewCycle]] = defaultdict(list)
    for cycle in cycles:
        by_day[cycle.reviewed_on].append(cycle)
    for day, day_cycles in by_day.items():
        kids: dict[int, set[int]] = defaultdict(set)
        for org_id, parent_id in OrgVersion.objects.filter(
            valid_on(day), parent_id__in=[c.organization_id for c in day_cycles]
        ).values_list("organization_id", "parent_id"):
            kids[parent_id].add(org_id)
        for cycle in day_cycles:
            children[cycle.pk] = kids[cycle.organization_id]
    all_children = set().union(*children.values()) if children else set()
    child_levels: dict[tuple[int, int, str, int], str] = {}
    for org_id, year, period, number, level in (
        organization_ratings_in_force()
        .filter(cycle__organization_id__in=all_children, cycle__year__in={c.year for c in cycles})
        .values_list(
            "cycle__organization_id", "cycle__year", "cycle__period", "cycle__period_number", "level"
        )
    ):
        child_levels[org_id, year, period, number] = level
    years = {c.year for c in cycles}
    start, end = date(min(years), 1, 1), date(max(years) + 1, 1, 1)
    org_measures: dict[int, list[date]] = defaultdict(list)
    for org_id, day in (
        measures_in_force()
        .filter(person__isnull=True, decided_on__gte=start, decided_on__lt=end)
        .filter(organization_id__in=all_children | {c.organization_id for c in cycles})
        .values_list("organization_id", "decided_on")
    ):
        org_measures[org_id].append(day)
    facts = {}
    for entry in entries:
        cycle = entry.cycle
        counts = members[cycle.pk]
        key = (cycle.period, cycle.period_number)
        rated_children = [
            child_levels[child, cycle.year, *key]
            for child in children[cycle.pk]
            if (child, cycle.year, *key) in child_levels
        ]
        leaders = (
            member_measures_in_year({p.pk for p in entry.leadership}, cycle.year) if entry.leadership else {}
        )
        facts[cycle.pk] = rules.OrgFacts(
            members_rated=sum(counts.values()),
            members_not_fulfilled=counts[rules.NOT_FULFILLED],
            subordinates_rated=len(rated_children),
            subordinates_weak=sum(1 for level in rated_children if rules.RANK[level] == 1),
            subordinates_disciplined=sum(
                1 for child in children[cycle.pk] if any(d.year == cycle.year for d in org_measures[child])
            ),
            leadership_disciplined=len(leaders),
            leadership_warned_or_more=sum(
                1
                for ms in leaders.values()
                if any(
                    discipline_rules.SEVERITY[m.sanction]
                    >= discipline_rules.SEVERITY[discipline_rules.WARNING]
                    for m in ms
                )
            ),
            disciplined=any(d.year == cycle.year for d in org_measures[cycle.organization_id]),
        )
    return facts


@transaction.atomic
def rate_organizations(
    entries: Sequence[OrgRatingEntry],
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    recorded_at: datetime | None = None,
) -> list[OrganizationRating]:
    """Rate organizations, each in its own cycle. Rate the subordinates first: an organization's
    facts are read from the ratings already recorded (RULES.md §3.1 2014 rules, §3.2, §3.3)."""
    taken = set(
        organization_ratings_in_force()
        .filter(cycle__in=[e.cycle.pk for e in entries])
        .values_list("cycle_id", flat=True)
    )
    facts = organization_facts(entries)
    at = recorded_at or timezone.now()
    rows = []
    for entry in entries:
        cycle = entry.cycle
        if cycle.pk in taken:
            raise RatingRefused(
                _("Tổ chức này đã được xếp loại trong đợt kiểm điểm này; hãy sửa xếp loại đã ghi.")
            )
        taken.add(cycle.pk)
        overridable(
            lambda entry=entry, cycle=cycle: rules.check_organization(  # type: ignore[misc]
                cycle.reviewed_on, entry.level, entry.score, facts[cycle.pk]
            ),
            entry.override,
        )
        rows.append(
            OrganizationRating(
                **stamp(entry.uid, entry.recorded_at or at),
                cycle=cycle,
                level=entry.level,
                score=entry.score,
                note=entry.note,
                **Override.fields_of(entry.override),
                recorded_by=recorded_by,
                **legal_basis.as_fields(),
            )
        )
    bulk.insert(OrganizationRating, rows, with_ids=True)
    return rows


@command
def rate_organization(
    cycle: ReviewCycle,
    level: str,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    score: Decimal | None = None,
    leadership: Collection[Person] = (),
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> OrganizationRating:
    """Rate one organization (a batch of one of :func:`rate_organizations`)."""
    return rate_organizations(
        [OrgRatingEntry(cycle, level, score, tuple(leadership), note, override, uid)],
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        recorded_at=recorded_at,
    )[0]
