"""The members' ratings counted from the stored roster lines (``ratings.summary``) agree with the
rosters worked out from the records (issue 18), for every organization of the small tree of
``partyorg.testing``, every year and several days the subtree is taken on, before and after ratings
recorded, a rating corrected and one withdrawn, a member exempted, a transfer, an admission that
makes a new member, and a reorganization; and the stored lines are those a rebuild from the records
makes. Figures read as known on a past moment take the plain path.

The figures compared are whole :class:`MemberRatings`: every count and the people behind it. The
exclusions are RULES.md §3.3's (exempt from work and activities [V], HD 16/21; admitted less than 6
months before the review day [P], form 6F); the tests compare two ways of counting the same records,
so they need no hand-worked totals beyond the one of ``test_a_known_moment_takes_the_plain_path``.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from partyorg import testing
from partyorg.core.known import end_of_day, seen_as_of
from partyorg.members.models import EventKind, Person
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization
from partyorg.ratings import queries, services, summary
from partyorg.ratings.models import MemberRating, MemberRatingLine, RatingLevel
from partyorg.ratings.services import RatingEntry
from partyorg.reports.statistics.ratings import MemberRatings, member_ratings, member_ratings_scan

pytestmark = pytest.mark.django_db

BY = testing.OFFICER
E, G, F, N = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.FULFILLED, RatingLevel.NOT_FULFILLED
YEARS = (2016, 2017, 2018)
DAYS = (None, date(2016, 12, 31), date(2017, 6, 30), date(2018, 12, 31), date(2019, 3, 1))


def fields(f: MemberRatings) -> tuple[object, ...]:
    return (
        f.on_roster.value,
        f.on_roster.person_ids,
        {reason: (fig.value, fig.person_ids) for reason, fig in f.excluded.items()},
        (f.waiting.value, f.waiting.person_ids),
        (f.rated.value, f.rated.person_ids),
        {level: (fig.value, fig.person_ids) for level, fig in f.by_level.items()},
        (f.good_or_better.value, f.good_or_better.person_ids),
        f.cycles,
        f.regimes,
        f.sentence(),
    )


def orgs(tree: testing.Tree) -> list[Organization]:
    return [tree.province, tree.district, tree.commune, tree.cell_a, tree.cell_b, tree.school]


def assert_agree(tree: testing.Tree) -> int:
    """Fast and plain agree for every organization, year and day; how many had someone rated."""
    assert summary.held()
    compared = 0
    for org in orgs(tree):
        for year in YEARS:
            for on in DAYS:
                fast = member_ratings(org, year, on=on)
                plain = member_ratings_scan(org, year, on=on)
                assert fields(fast) == fields(plain), (org.code, year, on)
                compared += bool(plain.rated.value)
    assert summary.stored_rows() == summary.computed_rows()  # kept current: what the records make
    return compared


def members(org: Organization, count: int, prefix: str, admitted: date = date(2010, 3, 1)) -> list[Person]:
    people = []
    for i in range(count):
        who = testing.person(f"{prefix} {i + 1}")
        testing.admit(who, org, admitted)
        people.append(who)
    return people


def review(
    tree: testing.Tree,
    year: int,
    levels: dict[Organization, list[str]],
    days: dict[Organization, date] | None = None,
) -> None:
    """Open the year's cycle of each cell on 20/12 (or its day in ``days``) and rate its roster in
    order with ``levels`` (a member left without a level waits)."""
    for cell, given in levels.items():
        day = (days or {}).get(cell, date(year, 12, 20))
        cycle = services.open_cycle(
            cell, year=year, reviewed_on=day, legal_basis=testing.BASIS, recorded_by=BY
        )
        roster = [
            line for line in sorted(queries.rosters([cycle])[cycle.pk], key=lambda line: line.person_id)
        ]
        entries = [
            RatingEntry(Person.objects.get(pk=line.person_id), level)
            for line, level in zip([line for line in roster if line.must_be_rated], given, strict=False)
        ]
        if entries:
            services.rate_members(cycle, entries, legal_basis=testing.BASIS, recorded_by=BY)


def test_stored_roster_lines_agree_with_the_rosters_worked_out() -> None:
    tree = testing.build_tree()
    a = members(tree.cell_a, 6, "Chi bộ A")
    b = members(tree.cell_b, 4, "Chi bộ B")
    school = members(tree.school, 3, "Trường")
    assert not summary.held()  # nothing held before the first rating record
    testing.record(a[0], EventKind.EXEMPTED, date(2015, 4, 2))  # exempt: excluded (HD 16/21)
    late = testing.person("Lò Thị Mai", birth_date=date(1995, 2, 3), sex="female")
    testing.admit(late, tree.cell_b, date(2016, 9, 1), recognize=False)  # new member in 2016's review
    review(tree, 2016, {tree.cell_a: [E, G, G, F], tree.cell_b: [G, G, N, F], tree.school: [E, G, G]})
    assert summary.held() and MemberRatingLine.objects.exists()
    assert assert_agree(tree) > 10

    # 2017: cell A rated in full, a rating corrected and one withdrawn; cell B left waiting.
    review(tree, 2017, {tree.cell_a: [G, G, G, G, F], tree.school: [E, E, G], tree.cell_b: []})
    rating = MemberRating.objects.filter(cycle__year=2017, person=a[1]).get()
    services.correct_member_rating(rating, level=E, legal_basis=testing.BASIS, recorded_by=BY, note="sửa")
    withdrawn = MemberRating.objects.filter(cycle__year=2017, person=a[2]).get()
    services.withdraw_member_rating(withdrawn, legal_basis=testing.BASIS, recorded_by=BY, note="nhầm")
    assert assert_agree(tree) > 10

    # Membership records change after the reviews: a member of cell B exempted from 01/12/2017 (the
    # 2017 roster reads it), one transferred from cell A to the school before the 2017 review, and a
    # member of the school admitted again late in 2018; then a reorganization recorded later moves
    # cell B under the district from 01/06/2017.
    testing.record(b[1], EventKind.EXEMPTED, date(2017, 12, 1))
    testing.record(a[4], EventKind.TRANSFER_OUT, date(2017, 11, 20), other_organization=tree.school)
    testing.record(a[4], EventKind.TRANSFER_IN, date(2017, 11, 25), organization=tree.school)
    # One of cell B moves to the school on 22/12/2018, after cell B's review and before the
    # school's on 28/12: on both rosters of 2018, counted once in the province's figures.
    testing.record(b[2], EventKind.TRANSFER_OUT, date(2018, 12, 21), other_organization=tree.school)
    testing.record(b[2], EventKind.TRANSFER_IN, date(2018, 12, 22), organization=tree.school)
    review(
        tree,
        2018,
        {tree.cell_a: [G, G], tree.cell_b: [F, G, E], tree.school: [G, G, G, F, G]},
        {tree.school: date(2018, 12, 28)},
    )
    assert MemberRatingLine.objects.filter(person=b[2], repeated=True).count() == 2
    org_services.move(
        tree.cell_b, tree.district, effective_on=date(2017, 6, 1), legal_basis=testing.BASIS, recorded_by=BY
    )
    assert school[0].pk in member_ratings(tree.school, 2018).on_roster.person_ids
    assert assert_agree(tree) > 10

    # Kept current write by write, the lines are what a rebuild from scratch makes.
    stored = summary.stored_rows()
    summary.rebuild()
    assert summary.stored_rows() == stored


def test_a_known_moment_takes_the_plain_path() -> None:
    """Cell A's 3 members reviewed on 20/12/2016, rated on 05/01/2017: as known at the end of
    04/01/2017 the roster is there (the cycle was opened before) but nobody was rated yet, which the
    stored lines cannot know, so the figure is worked out from the records as known then."""
    tree = testing.build_tree()
    people = members(tree.cell_a, 3, "A")
    with time_machine.travel(date(2016, 12, 21), tick=False):
        cycle = services.open_cycle(
            tree.cell_a, year=2016, reviewed_on=date(2016, 12, 20), legal_basis=testing.BASIS, recorded_by=BY
        )
    with time_machine.travel(date(2017, 1, 5), tick=False):
        services.rate_members(
            cycle, [RatingEntry(p, G) for p in people], legal_basis=testing.BASIS, recorded_by=BY
        )
    now = member_ratings(tree.province, 2016)
    assert (now.on_roster.value, now.rated.value, now.waiting.value) == (3, 3, 0)
    with seen_as_of(end_of_day(date(2017, 1, 4))):
        then = member_ratings(tree.province, 2016)
        assert (then.on_roster.value, then.rated.value, then.waiting.value) == (3, 0, 3)
