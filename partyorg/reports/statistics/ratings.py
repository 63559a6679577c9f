"""Rating figures for an organization's subtree and a year (RULES.md §3): members per level with
their denominator, who was excluded and why, organizations per level, and organizations rated at
least a level for several years in a row.

What "hoàn thành tốt nhiệm vụ trở lên" counts, and over what. Reports write "100% đảng viên hoàn
thành tốt nhiệm vụ, trong đó có 13,04% hoàn thành xuất sắc": "trong đó" makes the excellent members
a part of the first figure, so :attr:`MemberRatings.good_or_better` counts "Hoàn thành xuất sắc" and
"Hoàn thành tốt" together (the 2018–2023 quota is also taken among the "good" ones, RULES.md §3.1).
Both shares are over the members **rated** (:attr:`MemberRatings.rated`): the members the reviewing
organizations held on their review day, less those not rated (exempt, suspended, admitted less than
6 months before, RULES.md §3.3), less those still waiting for a rating. The excluded and the waiting
are reported beside it, never hidden in the denominator. Worked example (the issue's done-when test):
25 members, 1 exempt and 1 admitted 3 months earlier → 23 rated; 3 excellent and 20 good →
"100% … hoàn thành tốt nhiệm vụ trở lên, trong đó 13,04% xuất sắc" (3/23 = 13,04%).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q, QuerySet

from partyorg.core.formats import vn_number, vn_percent
from partyorg.core.known import known_moment
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.ratings import summary
from partyorg.ratings.models import MemberRatingLine, ReviewCycle, ReviewPeriod
from partyorg.ratings.queries import levels_of, organization_ratings_in_force, rosters
from partyorg.reports.statistics.figures import OrgFigure, PeopleFigure
from partyorg.reports.statistics.scope import ids_in, subtree_on
from partyorg.rules import ratings as rules

MEMBER_LEVELS = (rules.EXCELLENT, rules.GOOD, rules.FULFILLED, rules.NOT_FULFILLED)
ORG_LEVELS = (
    rules.CLEAN_STRONG,
    rules.EXCELLENT,
    rules.GOOD,
    rules.FULFILLED,
    rules.NOT_FULFILLED,
    rules.WEAK,
)


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def percent_text(part: int, whole: int) -> str:
    """``13,04%``: two decimals, as the reports write shares of members."""
    value = share(part, whole)
    return vn_percent(float(value * 100), 2) if value is not None else "—"


@dataclass(frozen=True)
class MemberRatings:
    """Members' ratings of ``year`` (or one quarter or term) under ``root``."""

    root_id: int
    year: int
    period: str
    on_roster: PeopleFigure  # held by a reviewing organization on its review day
    excluded: dict[str, PeopleFigure]  # reason (rules.ratings EXEMPT, SUSPENDED, NEW_MEMBER) -> people
    waiting: PeopleFigure  # must be rated, not rated yet
    rated: PeopleFigure  # the denominator of every share below
    by_level: dict[str, PeopleFigure]
    cycles: int = 0
    regimes: frozenset[str] = field(default_factory=frozenset)
    counted_good_or_better: PeopleFigure | None = None  # counted with the others on the fast path

    @property
    def good_or_better(self) -> PeopleFigure:
        """ "Hoàn thành tốt nhiệm vụ trở lên": excellent and good together (see the module docstring)."""
        if self.counted_good_or_better is not None:
            return self.counted_good_or_better
        return PeopleFigure(self.by_level[rules.EXCELLENT].person_ids | self.by_level[rules.GOOD].person_ids)

    def share(self, level: str) -> Fraction | None:
        return share(self.by_level[level].value, self.rated.value)

    def percent(self, level: str) -> str:
        return percent_text(self.by_level[level].value, self.rated.value)

    @property
    def good_or_better_percent(self) -> str:
        return percent_text(self.good_or_better.value, self.rated.value)

    def sentence(self) -> str:
        """The report's sentence, with its denominator and what it leaves out."""
        if not self.rated.value:
            return f"Năm {self.year} chưa có đảng viên được xếp loại."
        text = (
            f"{self.good_or_better_percent} đảng viên hoàn thành tốt nhiệm vụ trở lên, trong đó có "
            f"{self.percent(rules.EXCELLENT)} hoàn thành xuất sắc nhiệm vụ; "
            f"{self.percent(rules.FULFILLED)} hoàn thành nhiệm vụ; "
            f"{self.percent(rules.NOT_FULFILLED)} không hoàn thành nhiệm vụ "
            f"(trên {vn_number(self.rated.value)} đảng viên được xếp loại"
        )
        left = [
            f"{vn_number(fig.value)} {rules.EXCLUSION_LABELS[reason].lower()}"
            for reason, fig in self.excluded.items()
            if fig.value
        ]
        if self.waiting.value:
            left.append(f"{vn_number(self.waiting.value)} chưa xếp loại")
        return text + (f"; không tính {', '.join(left)})." if left else ").")


def _cycles(
    root: Organization, year: int, period: str, period_number: int, on: date | None
) -> list[ReviewCycle]:
    scope = subtree_on(root, on or date(year, 12, 31))
    return list(
        ReviewCycle.objects.filter(
            organization_id__in=scope, year=year, period=period, period_number=period_number
        ).only("pk", "organization_id", "reviewed_on", "regime")
    )


def member_ratings(
    root: Organization,
    year: int,
    *,
    period: str = ReviewPeriod.YEAR,
    period_number: int = 0,
    on: date | None = None,
    plain: bool = False,
) -> MemberRatings:
    """The members' ratings of the review cycles held by ``root``'s subtree (as it stood on ``on``,
    by default 31/12 of ``year``) for ``year``.

    Counted from the stored roster lines (``ratings.summary``) in a few grouped queries, the people
    fetched when a figure is opened; worked out from the records, every roster again, when ``plain``,
    when the lines are not held yet, and when the records are read as known on a past moment."""
    if not plain and known_moment() is None and summary.held():
        return _member_ratings_stored(root, year, period, period_number, on)
    cycles = _cycles(root, year, period, period_number, on)
    lines = rosters(cycles)
    levels = levels_of(cycles)
    on_roster: set[int] = set()
    excluded: dict[str, set[int]] = {reason: set() for reason in rules.EXCLUSION_LABELS}
    waiting: set[int] = set()
    by_level: dict[str, set[int]] = {level: set() for level in MEMBER_LEVELS}
    for cycle in cycles:
        rated_here = levels.get(cycle.pk, {})
        for line in lines[cycle.pk]:
            on_roster.add(line.person_id)
            level = rated_here.get(line.person_id)
            if level is not None:  # rated (an overridden exclusion is rated, and counted so)
                by_level[level].add(line.person_id)
            elif line.exclusion is not None:
                excluded[line.exclusion.reason].add(line.person_id)
            else:
                waiting.add(line.person_id)
    rated = set().union(*by_level.values())
    return MemberRatings(
        root_id=root.pk,
        year=year,
        period=period,
        on_roster=PeopleFigure(frozenset(on_roster)),
        excluded={reason: PeopleFigure(frozenset(ids)) for reason, ids in excluded.items()},
        waiting=PeopleFigure(frozenset(waiting)),
        rated=PeopleFigure(frozenset(rated)),
        by_level={level: PeopleFigure(frozenset(ids)) for level, ids in by_level.items()},
        cycles=len(cycles),
        regimes=frozenset(c.regime for c in cycles),
    )


def member_ratings_scan(
    root: Organization,
    year: int,
    *,
    period: str = ReviewPeriod.YEAR,
    period_number: int = 0,
    on: date | None = None,
) -> MemberRatings:
    """:func:`member_ratings` worked out from the records (the plain scan the fast path is checked
    against)."""
    return member_ratings(root, year, period=period, period_number=period_number, on=on, plain=True)


def _people(lines: QuerySet[MemberRatingLine]) -> Callable[[], frozenset[int]]:
    return lambda: frozenset(lines.values_list("person_id", flat=True).distinct())


def _member_ratings_stored(
    root: Organization, year: int, period: str, period_number: int, on: date | None
) -> MemberRatings:
    """:func:`member_ratings` counted from the stored lines: each figure a count of distinct people,
    as the scan's sets are (a member on two cycles' rosters counts once in each figure)."""
    scope = subtree_on(root, on or date(year, 12, 31))
    cycles = list(
        ReviewCycle.objects.filter(year=year, period=period, period_number=period_number)
        .extra(where=[ids_in('"ratings_reviewcycle"."organization_id"', scope)])
        .values_list("pk", "regime")
    )
    lines = MemberRatingLine.objects.extra(
        where=[ids_in('"ratings_memberratingline"."cycle_id"', [pk for pk, _ in cycles])]
    )
    unrated, rated = Q(level=""), ~Q(level="")
    conditions = {
        "on_roster": Q(),
        "rated": rated,
        "good_or_better": Q(level__in=[rules.EXCELLENT, rules.GOOD]),
        "waiting": unrated & Q(exclusion=""),
        **{f"level_{level}": Q(level=level) for level in MEMBER_LEVELS},
        **{f"excluded_{reason}": unrated & Q(exclusion=reason) for reason in rules.EXCLUSION_LABELS},
    }
    # Every figure in one pass over the lines, each line one person: unless someone is on two of
    # these rosters (moved between two review days), then each figure counts distinct people.
    counted = lines.aggregate(
        repeated=Count("pk", filter=Q(repeated=True)),
        **{name: Count("pk", filter=c) if c else Count("pk") for name, c in conditions.items()},
    )
    if counted["repeated"]:
        counted = lines.aggregate(
            **{
                name: Count("person_id", distinct=True, filter=c) if c else Count("person_id", distinct=True)
                for name, c in conditions.items()
            }
        )

    def figure(count: int, rows: QuerySet[MemberRatingLine]) -> PeopleFigure:
        return PeopleFigure(count=count, load=_people(rows))

    return MemberRatings(
        root_id=root.pk,
        year=year,
        period=period,
        on_roster=figure(counted["on_roster"], lines),
        excluded={
            reason: figure(counted[f"excluded_{reason}"], lines.filter(unrated, exclusion=reason))
            for reason in rules.EXCLUSION_LABELS
        },
        waiting=figure(counted["waiting"], lines.filter(unrated, exclusion="")),
        rated=figure(counted["rated"], lines.filter(rated)),
        by_level={
            level: figure(counted[f"level_{level}"], lines.filter(level=level)) for level in MEMBER_LEVELS
        },
        cycles=len(cycles),
        regimes=frozenset(regime for _, regime in cycles),
        counted_good_or_better=figure(
            counted["good_or_better"], lines.filter(level__in=[rules.EXCELLENT, rules.GOOD])
        ),
    )


@dataclass(frozen=True)
class OrganizationRatings:
    """Organizations' ratings of ``year`` under ``root`` (``root`` itself included when rated)."""

    year: int
    rated: OrgFigure
    by_level: dict[str, OrgFigure]
    by_kind: dict[str, dict[str, OrgFigure]]  # organization kind -> level -> organizations

    def percent(self, level: str) -> str:
        return percent_text(self.by_level[level].value, self.rated.value)


def organization_ratings(
    root: Organization,
    year: int,
    *,
    period: str = ReviewPeriod.YEAR,
    period_number: int = 0,
    on: date | None = None,
) -> OrganizationRatings:
    day = on or date(year, 12, 31)
    scope = subtree_on(root, day)
    rows = organization_ratings_in_force().filter(
        cycle__organization_id__in=scope,
        cycle__year=year,
        cycle__period=period,
        cycle__period_number=period_number,
    )
    level_of = dict(rows.values_list("cycle__organization_id", "level"))
    kinds = dict(
        OrgVersion.objects.filter(valid_on(day), organization_id__in=list(level_of)).values_list(
            "organization_id", "kind"
        )
    )
    by_level: dict[str, set[int]] = {level: set() for level in ORG_LEVELS}
    by_kind: dict[str, dict[str, set[int]]] = defaultdict(lambda: {level: set() for level in ORG_LEVELS})
    for org_id, level in level_of.items():
        by_level[level].add(org_id)
        by_kind[kinds.get(org_id, "")][level].add(org_id)
    return OrganizationRatings(
        year=year,
        rated=OrgFigure(frozenset(level_of)),
        by_level={level: OrgFigure(frozenset(ids)) for level, ids in by_level.items()},
        by_kind={
            kind: {level: OrgFigure(frozenset(ids)) for level, ids in levels.items()}
            for kind, levels in by_kind.items()
        },
    )


def rated_at_least_years(
    root: Organization,
    last_year: int,
    years: int,
    *,
    at_least: str = rules.GOOD,
    kinds: frozenset[str] | None = None,
) -> OrgFigure:
    """Organizations under ``root`` (as it stood on 31/12 of ``last_year``) rated ``at_least`` in each
    of the ``years`` yearly reviews ending with ``last_year``: "chi bộ nhiều năm liên tục hoàn thành tốt
    nhiệm vụ" (``at_least=GOOD``) or "… trong sạch vững mạnh" (``at_least=CLEAN_STRONG``). Across the
    2018 change "trong sạch vững mạnh" ranks with "hoàn thành xuất sắc" (rules.ratings.RANK, [U])."""
    day = date(last_year, 12, 31)
    scope = subtree_on(root, day)
    if kinds is not None:
        scope = frozenset(
            OrgVersion.objects.filter(valid_on(day), organization_id__in=scope, kind__in=kinds).values_list(
                "organization_id", flat=True
            )
        )
    wanted = rules.RANK[at_least]
    good_years: dict[int, set[int]] = defaultdict(set)
    for org_id, year, level in (
        organization_ratings_in_force()
        .filter(
            cycle__organization_id__in=scope,
            cycle__period=ReviewPeriod.YEAR,
            cycle__year__gt=last_year - years,
            cycle__year__lte=last_year,
        )
        .values_list("cycle__organization_id", "cycle__year", "level")
    ):
        if rules.RANK[level] >= wanted:
            good_years[org_id].add(year)
    return OrgFigure(frozenset(org_id for org_id, found in good_years.items() if len(found) == years))
