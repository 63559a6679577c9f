"""The demo province's plan built up to a later day than the default 30/06/2026, as ``partyorg demo``
builds it up to the day before it runs: the seed figures still come out, the records reach that day
and no further, and every cell keeps 3 official members at each year end (Charter Art. 21(2), 24(1),
RULES.md §1.2). Checked on the plan, in memory: the database the demo command builds is
test_demo_database's."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from partyorg.demo import people as P
from partyorg.demo.structure import DIEN_BIEN_DONG, Org, Structure

pytestmark = pytest.mark.django_db  # the event kinds are Django choices; nothing is written

LATER = date(2026, 12, 5)  # a demo built on 06/12/2026


@pytest.fixture(scope="module")
def plan() -> P.Plan:
    return P.Plan(Structure(random.Random("2017/structure")), 2017, until=LATER)


def _held(life: P.Life) -> list[tuple[Org, date, date | None, bool]]:
    """(cell, from, until, official) as the loader derives membership intervals, worked out here
    again from the events: a ceremony or a first transfer in starts a stay, a transfer out moves the
    member to the destination that day, recognition makes them official, an exit ends it."""
    stays: list[tuple[Org, date, date | None, bool]] = []
    where: Org | None = None
    since, official = date.min, False
    for day, kind, org, other, _external, detail in sorted(
        life.events, key=lambda e: (e[0], P._DAY_ORDER[e[1]])
    ):
        changes = kind in (P.K_CEREMONY, P.K_OUT, P.K_OFFICIAL, *P.EXITS) or (
            kind == P.K_IN and where is None
        )
        if not changes:
            continue
        if where is not None and since < day:
            stays.append((where, since, day, official))
        if kind == P.K_CEREMONY:
            where, official = org, False
        elif kind == P.K_IN:
            where, official = org, detail == "official"
        elif kind == P.K_OUT:
            where = other
        elif kind == P.K_OFFICIAL:
            official = True
        else:
            where = None
        since = day
    if where is not None:
        stays.append((where, since, None, official))
    return stays


def test_the_seed_figures_hold_on_a_later_day(plan):
    everyone = {*plan.holders, plan.org_cell}
    dbd = {o for o in plan.holders if o.district == DIEN_BIEN_DONG}
    # 000: 35.676 members on 30/06/2017 and 1.072 admitted in its first half.
    assert plan.count(date(2017, 6, 30), everyone) == 35_676
    admitted = [
        next(e[0] for e in life.events if e[1] == P.K_CEREMONY)
        for life in plan.lives
        if life.entry == P.ADMITTED
    ]
    assert sum(1 for day in admitted if date(2017, 1, 1) <= day <= date(2017, 6, 30)) == 1_072
    # 001: Điện Biên Đông 2.805 on 30/09/2016 and 3.040 on 31/12/2017, its education sector 605.
    assert plan.count(date(2016, 9, 30), dbd) == 2_805
    assert plan.count(date(2017, 12, 31), dbd) == 3_040
    assert plan.count(date(2017, 12, 31), plan.education_cells) == 605
    # 002: Chi bộ Ban Tổ chức Tỉnh ủy, 25 members on 17/02/2017.
    assert plan.count(date(2017, 2, 17), {plan.org_cell}) == 25


def test_the_records_reach_the_day_and_no_further(plan):
    days = [e[0] for life in plan.lives for e in life.events]
    assert max(days) <= LATER
    # Members come and go after 30/06/2026 as before it: from 01/07 to 05/12 every kind of event of
    # the same days of 2025 happens again, about as often (seed 2017: 3.390 events, 3.299 in 2025).
    after = Counter(e[1] for life in plan.lives for e in life.events if date(2026, 7, 1) <= e[0])
    a_year_before = Counter(
        e[1] for life in plan.lives for e in life.events if date(2025, 7, 1) <= e[0] <= date(2025, 12, 5)
    )
    assert set(after) == set(a_year_before)
    assert (sum(after.values()), sum(a_year_before.values())) == (3_390, 3_299)


def test_every_cell_keeps_three_official_members_at_each_year_end(plan):
    # "mỗi chi bộ có ít nhất 3 đảng viên chính thức" at each 31/12 where it holds anybody, through
    # 2026 (the state of 05/12/2026 stands for later year ends).
    official: Counter[tuple[int, int]] = Counter()
    anybody: set[tuple[int, int]] = set()
    for life in plan.lives:
        for org, start, end, is_official in _held(life):
            for year in range(start.year, 2027):
                if end is None or date(year, 12, 31) < end:
                    anybody.add((id(org), year))
                    official[id(org), year] += is_official
    short = [
        (org.name, year, official[id(org), year])
        for org in {*plan.holders, plan.org_cell}
        for year in range(max(org.founded.year, 1940), 2027)
        if (id(org), year) in anybody and official[id(org), year] < 3
    ]
    assert short == []
