"""Demo ratings and discipline: the yearly reviews 2016–2025 of the demo province (to the year before
the one the demo is built in, when ``partyorg demo`` passes the day), through the ratings and
discipline services.

Each year every cell and grassroots cell holding members opens its review on 18/12 and rates its
members; then cells, grassroots cells and grassroots committees are rated. Each member and each
organization carries a steady "quality" drawn once, so the same people and cells tend to keep their
level from year to year (a few cells are "nhiều năm liên tục hoàn thành tốt nhiệm vụ"). The shares
come out near what provincial reports state: most members "Hoàn thành tốt", about 10–15% "Hoàn thành
xuất sắc" (never above the excellent quota of each grassroots organization), a few "Không hoàn
thành". Disciplinary measures each year (reprimands, warnings, a removal from post now and then)
make their members "Không hoàn thành" that year. The expulsions are the province's own:
every expulsion of a reviewed year already in the members' logs (``partyorg.demo.people`` plans them
with the other exits, and the seed figures count them) gets its disciplinary measure, linked to that
event and on its legal basis. The yearly work expels nobody else, so no figure of the province moves
and no later event of a member (a transfer, a badge) is left after an exit.
From 2025 (QĐ 366) every rating carries its 100-point score.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from partyorg.core.records import LegalBasis
from partyorg.discipline import services as discipline
from partyorg.discipline.services import DisciplineRefused
from partyorg.members.models import EventKind, MembershipEvent, MemberStatus, Person
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.ratings import services
from partyorg.ratings.models import ReviewCycle
from partyorg.ratings.queries import RosterLine, rosters
from partyorg.ratings.services import OrgRatingEntry, RatingEntry
from partyorg.rules import ratings as rules
from partyorg.rules.base import RuleViolation

YEARS = range(2016, 2026)
REVIEW_DAY = (12, 18)
MEMBER_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
SCORE_RANGES = {
    rules.EXCELLENT: (90, 98),
    rules.GOOD: (70, 89),
    rules.FULFILLED: (50, 69),
    rules.NOT_FULFILLED: (30, 49),
}


def _level(quality: float, roll: float) -> str:
    """A member's level from their steady quality (0–1) and this year's roll (0–1)."""
    value = 0.55 * quality + 0.45 * roll
    if value > 0.765:
        return rules.EXCELLENT
    if value > 0.17:
        return rules.GOOD
    if value > 0.07:
        return rules.FULFILLED
    return rules.NOT_FULFILLED


def _org_level(quality: float, roll: float, era_2014: bool) -> str:
    value = 0.6 * quality + 0.4 * roll
    if value > 0.68:
        return rules.CLEAN_STRONG if era_2014 else rules.EXCELLENT
    if value > 0.16:
        return rules.GOOD
    if value > 0.04:
        return rules.FULFILLED
    return rules.WEAK if era_2014 else rules.NOT_FULFILLED


def _score(level: str, rng: random.Random) -> Decimal:
    low, high = SCORE_RANGES[level]
    return Decimal(rng.randint(low * 2, high * 2)) / 2


def populate(*, seed: int = 2017, recorded_by: str = "demo", today: date | None = None) -> dict[str, int]:
    """Add the yearly reviews 2016–2025 (given the day the demo is built, ``today``: 2016 to the year
    before) and a few disciplinary measures to a database that holds the demo province; deterministic
    for ``seed``. Returns counts of what was made."""
    rng = random.Random(f"{seed}/ratings")
    quality: dict[int, float] = defaultdict(rng.random)
    org_quality: dict[int, float] = {}
    people: dict[int, Person] = {}
    counts: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    for year in YEARS if today is None else range(YEARS.start, today.year):
        day = date(year, *REVIEW_DAY)
        basis = LegalBasis(f"{rng.randint(10, 99)}-KL/ĐU", day, "Đảng ủy cơ sở")
        versions = list(
            OrgVersion.objects.filter(valid_on(day)).values_list("organization_id", "kind", "parent_id")
        )
        if not versions:
            continue
        holders = [Organization(pk=org_id) for org_id, kind, _ in versions if kind in MEMBER_KINDS]
        committees = [
            Organization(pk=org_id) for org_id, kind, _ in versions if kind == OrgKind.GRASSROOTS_COMMITTEE
        ]
        cycles = services.open_cycles(
            holders + committees, year=year, reviewed_on=day, legal_basis=basis, recorded_by=recorded_by
        )
        counts["cycles"] += len(cycles)
        member_cycles = cycles[: len(holders)]
        lines = rosters(member_cycles)  # the measures change nobody's membership: read once
        disciplined = _discipline(lines, year, rng, recorded_by, counts)
        batches = []
        by_grassroots: dict[int, list[list[str]]] = defaultdict(list)
        for cycle in member_cycles:
            levels = []
            rated = [line for line in lines[cycle.pk] if line.must_be_rated]
            for line in rated:
                if line.person_id in disciplined:
                    levels.append(rules.NOT_FULFILLED)
                else:
                    levels.append(_level(quality[line.person_id], rng.random()))
            by_grassroots[cycle.grassroots_id or cycle.organization_id].append(levels)
            batches.append((cycle, rated, levels))
        for groups in by_grassroots.values():
            _cap_excellent(groups, day)
        # The people rated, with the names a refusal gives, each read once for all the years.
        missing = {line.person_id for _, rated, _ in batches for line in rated} - people.keys()
        people.update(Person.objects.only("full_name", "code").in_bulk(missing))
        scored = rules.regime_on(day).member_scored
        entries = [
            (
                cycle,
                [
                    RatingEntry(people[line.person_id], level, _score(level, rng) if scored else None)
                    for line, level in zip(rated, levels, strict=True)
                ],
            )
            for cycle, rated, levels in batches
            if rated
        ]
        made = services.rate_many(entries, legal_basis=basis, recorded_by=recorded_by)
        counts["member_ratings"] += len(made)
        # Organizations: the cells first, then the grassroots committees that read their ratings.
        for group in (member_cycles, cycles[len(holders) :]):
            counts["organization_ratings"] += _rate_organizations(
                group, day, rng, org_quality, basis, recorded_by
            )
    counts["seconds"] = round(time.perf_counter() - started)
    return dict(counts)


def _cap_excellent(groups: list[list[str]], day: date) -> None:
    """Demote the last excellent members of a grassroots organization to "good" until the quota of
    the regime holds (RULES.md §3.1, §3.2)."""
    quota = rules.quota_on(day)
    if quota is None:
        return
    _, percent = quota
    flat = [level for levels in groups for level in levels]
    excellent = flat.count(rules.EXCELLENT)
    allowed = percent * (excellent + flat.count(rules.GOOD)) // 100
    for levels in reversed(groups):
        for i in reversed(range(len(levels))):
            if excellent <= allowed:
                return
            if levels[i] == rules.EXCELLENT:
                levels[i] = rules.GOOD
                excellent -= 1


def _discipline(
    lines: dict[int, list[RosterLine]],
    year: int,
    rng: random.Random,
    recorded_by: str,
    counts: dict[str, int],
) -> set[int]:
    """About 1 member in 500 reprimanded, warned or removed from a post in the year (some 70 in the
    province), and the measure of each expulsion the members' logs hold for the year (some 16): an
    expulsion is about one measure in five. Returns who."""
    pool = sorted((line.person_id, line.status) for ls in lines.values() for line in ls if line.must_be_rated)
    chosen = rng.sample(pool, min(len(pool), max(1, len(pool) // 500)))
    people = Person.objects.in_bulk([pid for pid, _ in chosen])
    done: set[int] = set()
    for person_id, status in chosen:
        roll = rng.random()
        if status == MemberStatus.PROBATIONARY or roll < 0.55:
            sanction = "reprimand"
        elif roll < 0.9:
            sanction = "warning"
        else:
            sanction = "removal_from_post"
        decided_on = date(year, rng.randint(2, 10), rng.randint(1, 28))
        basis = LegalBasis(f"{rng.randint(100, 999)}-QĐ/UBKT", decided_on, "Ủy ban Kiểm tra Đảng ủy")
        try:
            discipline.discipline_member(
                people[person_id],
                sanction,
                decided_on,
                post="Phó Bí thư chi bộ" if sanction == "removal_from_post" else "",
                violation_on=date(year, 1, 15),
                legal_basis=basis,
                recorded_by=recorded_by,
            )
        except (DisciplineRefused, RuleViolation):
            continue  # not a member that day
        counts["disciplinary_measures"] += 1
        done.add(person_id)
    done |= _expulsions(year, rng, recorded_by, counts)
    return done


def _expulsions(year: int, rng: random.Random, recorded_by: str, counts: dict[str, int]) -> set[int]:
    """The measure of every expulsion of ``year`` in the members' logs (an event nobody corrected),
    decided on the event's day on its legal basis and linked to it, as an import links a measure to
    the expulsion its file carries: the member's history and the figures stay as they were."""
    events = (
        MembershipEvent.objects.filter(kind=EventKind.EXPELLED, effective_on__year=year, corrects=None)
        .exclude(corrections__isnull=False)
        .select_related("person")
        .order_by("effective_on", "pk")
    )
    done: set[int] = set()
    for event in events:
        try:
            discipline.discipline_member(
                event.person,
                "expulsion",
                event.effective_on,
                event=event,
                violation_on=event.effective_on - timedelta(days=rng.randint(30, 240)),
                legal_basis=LegalBasis.of(event),
                recorded_by=recorded_by,
            )
        except (DisciplineRefused, RuleViolation):
            continue  # a probationary member: reprimand or warning only (RULES.md §2.3)
        counts["disciplinary_measures"] += 1
        counts["expulsions"] += 1
        done.add(event.person_id)
    return done


def _rate_organizations(
    cycles: list[ReviewCycle],
    day: date,
    rng: random.Random,
    org_quality: dict[int, float],
    basis: LegalBasis,
    recorded_by: str,
) -> int:
    regime = rules.regime_on(day)
    era_2014 = regime.code == "hd27_2014"
    entries = []
    for cycle in cycles:
        quality = org_quality.setdefault(cycle.organization_id, rng.random())
        entries.append(OrgRatingEntry(cycle, _org_level(quality, rng.random(), era_2014)))
    facts = services.organization_facts(entries)
    fixed = []
    lowest = regime.organization_levels[-1]
    for entry in entries:
        level = entry.level
        for candidate in (level, rules.FULFILLED, lowest):
            score = (
                _score(_score_level(candidate), rng) if regime.organization_scored and not era_2014 else None
            )
            try:
                rules.check_organization(day, candidate, score, facts[entry.cycle.pk])
            except RuleViolation:
                continue
            fixed.append(OrgRatingEntry(entry.cycle, candidate, score))
            break
    return len(services.rate_organizations(fixed, legal_basis=basis, recorded_by=recorded_by))


def _score_level(level: str) -> str:
    return {rules.CLEAN_STRONG: rules.EXCELLENT, rules.WEAK: rules.NOT_FULFILLED}.get(level, level)
