"""The stored roster lines of the review cycles (:class:`~partyorg.ratings.models.MemberRatingLine`):
for every cycle, the members its organization held on the review day, why each is not rated ("" when
they must be) and the level of their rating in force ("" when not rated yet), as
:func:`partyorg.ratings.queries.rosters` and :func:`~partyorg.ratings.queries.levels_of` work them out.
The members' ratings of a province's year are counted from these rows in one grouped query
(``reports.statistics.ratings.member_ratings``) instead of every roster worked out again.

Kept current in the same transaction as each write they depend on:

* cycles opened (``ratings.services``): the lines of those cycles (:func:`refresh`: a batch of many
  cycles calls it once);
* members rated, a rating corrected or withdrawn: the levels of those cycles' lines
  (:func:`levels_changed`, once for a batch);
* a person's derived rows refreshed (a membership event, an admission that makes them a new member,
  exemption, suspension, a reorganization that moved them, a correction of their record:
  ``members.signals.derived_refreshed``): their lines in every cycle again (:func:`refresh_people`);
  after a rebuild of everyone's, all of them.

Nothing is held before the first rating record after this table came (a database migrated to it):
that record builds the lines of every cycle, and until then the figures count the plain way, as they
do when the records are read as known on a past moment (``core.known``). ``rebuild()`` makes the
table again from the records (``partyorg rebuild``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from partyorg.core import bulk
from partyorg.core.known import known_moment
from partyorg.members.models import MembershipInterval
from partyorg.ratings.models import MemberRatingLine, MemberRatingLinesHeld, ReviewCycle
from partyorg.ratings.queries import levels_of, member_ratings_in_force, rosters

__all__ = [
    "COLUMNS",
    "computed_rows",
    "held",
    "levels_changed",
    "on_derived_refreshed",
    "rebuild",
    "refresh",
    "refresh_people",
    "stored_rows",
]

COLUMNS = ("cycle_id", "person_id", "exclusion", "level", "repeated")  # ``repeated``: see _mark_repeated
Row = tuple[int, int, str, str, bool]
CHUNK = 2000  # cycles or people a statement


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ids = sorted(set(ids))
    for at in range(0, len(ids), size):
        yield ids[at : at + size]


def held() -> bool:
    """Whether the lines hold every cycle (else the figures count the plain way)."""
    return MemberRatingLinesHeld.objects.exists()


def _lines(cycles: list[ReviewCycle], person_ids: Collection[int] | None = None) -> list[Row]:
    """The roster lines of ``cycles`` (of ``person_ids`` only, when given), worked out from the records."""
    if not cycles:
        return []
    lines = rosters(cycles, person_ids)
    levels = levels_of(cycles)
    return [
        (
            cycle_id,
            line.person_id,
            line.exclusion.reason if line.exclusion is not None else "",
            levels.get(cycle_id, {}).get(line.person_id, ""),
            False,  # marked after they are written (_mark_repeated)
        )
        for cycle_id, found in lines.items()
        for line in found
    ]


def _cycles(ids: Collection[int]) -> list[ReviewCycle]:
    fields = ("pk", "organization_id", "reviewed_on", "year", "period", "period_number")
    return list(ReviewCycle.objects.filter(pk__in=list(ids)).only(*fields))


def _by_year(cycles: Iterable[ReviewCycle]) -> Iterator[list[ReviewCycle]]:
    """Cycles in groups of one year each (the rosters of a group read the intervals of its span)."""
    years: dict[int, list[ReviewCycle]] = defaultdict(list)
    for cycle in cycles:
        years[cycle.reviewed_on.year].append(cycle)
    for year in sorted(years):
        yield years[year]


def _mark_repeated(person_ids: Collection[int] | None = None) -> None:
    """Set ``repeated`` on the lines (of these people, or everyone's) of a person with another line in
    a cycle of the same year, period and number, and clear it elsewhere."""
    if person_ids is None:
        _mark(MemberRatingLine.objects.all())
        return
    for chunk in _chunks(person_ids):
        _mark(MemberRatingLine.objects.filter(person_id__in=chunk))


def _mark_repeated_in(cycles: Iterable[ReviewCycle]) -> None:
    """``repeated`` again on the lines of the periods of ``cycles`` (their year, period and number):
    the only lines whose mark a change of these cycles' lines can change. A province's year is
    grouped in one statement, not once for each chunk of its members (each with all their years)."""
    for year, period, number in sorted({(c.year, c.period, c.period_number) for c in cycles}):
        periods = {"cycle__year": year, "cycle__period": period, "cycle__period_number": number}
        _mark(MemberRatingLine.objects.filter(**periods))


def _mark(lines: QuerySet[MemberRatingLine]) -> None:
    """``repeated`` set on the lines of ``lines`` whose person has another among them in a cycle of
    the same year, period and number, and cleared on the others (``lines``: all the lines of these
    people or of these periods, so that the other line is among them)."""
    key = ("person_id", "cycle__year", "cycle__period", "cycle__period_number")
    counted = lines.values_list(*key).annotate(n=Count("pk")).values_list(*key, "n")
    twice = {row[:4] for row in counted if row[4] > 1}
    marked = set(lines.filter(repeated=True).values_list("pk", flat=True))
    wanted: set[int] = set()
    if twice:
        for pk, *found in lines.filter(person_id__in={k[0] for k in twice}).values_list("pk", *key):
            if tuple(found) in twice:
                wanted.add(pk)
    for value, pks in ((True, wanted - marked), (False, marked - wanted)):
        for part in _chunks(pks):
            MemberRatingLine.objects.filter(pk__in=part).update(repeated=value)


def rebuild() -> int:
    """Every cycle's lines again from the records; returns the lines written."""
    MemberRatingLine.objects.all().delete()
    MemberRatingLinesHeld.objects.all().delete()
    written = 0
    cycles = ReviewCycle.objects.only("pk", "organization_id", "reviewed_on").order_by("pk")
    with bulk.without_indexes(MemberRatingLine):
        for group in _by_year(cycles):
            written += bulk.insert_rows(MemberRatingLine, COLUMNS, _lines(group))
    _mark_repeated()
    MemberRatingLinesHeld.objects.create()
    return written


def refresh(cycle_ids: Collection[int]) -> None:
    """The lines of these cycles again (after they were opened, or their members rated, a rating
    corrected or withdrawn). The first call on a database without lines builds every cycle's."""
    if known_moment() is not None:
        return  # a look back in time, rolled back: the stored rows are not read then
    if not held():
        rebuild()
        return
    refreshed: list[ReviewCycle] = []
    for chunk in _chunks(cycle_ids):
        MemberRatingLine.objects.filter(cycle_id__in=chunk).delete()
        cycles = _cycles(chunk)
        refreshed += cycles
        for group in _by_year(cycles):
            bulk.insert_rows(MemberRatingLine, COLUMNS, _lines(group))
    _mark_repeated_in(refreshed)


def levels_changed(cycle_ids: Collection[int]) -> None:
    """Members of these cycles were rated, or a rating corrected or withdrawn: the level of each of
    their lines again, the rosters as they were (what a province's ratings recorded at once cost:
    no roster worked out again)."""
    if known_moment() is not None:
        return
    if not held():
        rebuild()
        return
    same_line = {"cycle_id": OuterRef("cycle_id"), "person_id": OuterRef("person_id")}
    in_force = member_ratings_in_force().filter(**same_line)
    level = Coalesce(Subquery(in_force.values("level")[:1]), Value(""))
    for chunk in _chunks(cycle_ids):  # one statement a chunk: the database looks each level up
        MemberRatingLine.objects.filter(cycle_id__in=chunk).update(level=level)


def _cycles_of_people(person_ids: Collection[int]) -> list[ReviewCycle]:
    """The cycles whose review day falls in an interval of one of these people at its organization:
    the rosters they are on."""
    spans: dict[int, list[tuple[object, object]]] = defaultdict(list)
    for org_id, start, until in MembershipInterval.objects.filter(person_id__in=list(person_ids)).values_list(
        "organization_id", "valid_from", "valid_until"
    ):
        spans[org_id].append((start, until))
    found = []
    for chunk in _chunks(spans):
        for cycle in ReviewCycle.objects.filter(organization_id__in=chunk).only(
            "pk", "organization_id", "reviewed_on"
        ):
            if any(
                start <= cycle.reviewed_on and (until is None or cycle.reviewed_on < until)  # type: ignore[operator]
                for start, until in spans[cycle.organization_id]
            ):
                found.append(cycle)
    return found


def refresh_people(person_ids: Collection[int]) -> None:
    """These people's lines in every cycle again (after their membership records changed)."""
    if known_moment() is not None or not held():
        return
    for chunk in _chunks(person_ids):
        MemberRatingLine.objects.filter(person_id__in=chunk).delete()
        for group in _by_year(_cycles_of_people(chunk)):
            bulk.insert_rows(MemberRatingLine, COLUMNS, _lines(group, chunk))
        _mark_repeated(chunk)


def on_derived_refreshed(sender: object, person_ids: frozenset[int] | None, **kwargs: object) -> None:
    """``members.signals.derived_refreshed``: these people's memberships changed (None: everyone's)."""
    if known_moment() is not None:
        return
    if person_ids is None:
        if held() or ReviewCycle.objects.exists():
            rebuild()
    else:
        refresh_people(person_ids)


def stored_rows() -> set[Row]:
    """Every stored line as a tuple of :data:`COLUMNS` (for the test that they agree with the records)."""
    return set(MemberRatingLine.objects.values_list(*COLUMNS))


def computed_rows() -> set[Row]:
    """What :func:`stored_rows` should hold, worked out from the records."""
    cycles = list(
        ReviewCycle.objects.only("pk", "organization_id", "reviewed_on", "year", "period", "period_number")
    )
    key = {c.pk: (c.year, c.period, c.period_number) for c in cycles}
    rows = [row for group in _by_year(cycles) for row in _lines(group)]
    seen = Counter((row[1], key[row[0]]) for row in rows)
    return {(*row[:4], seen[row[1], key[row[0]]] > 1) for row in rows}


def lines_of(cycles: Q | Collection[int]) -> Q:
    """The lines of the cycles a filter on :class:`ReviewCycle` selects (or of these cycle ids)."""
    if isinstance(cycles, Q):
        return Q(cycle__in=ReviewCycle.objects.filter(cycles).values("pk"))
    return Q(cycle_id__in=list(cycles))
