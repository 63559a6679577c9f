"""``partyorg.demo.ratings.populate`` on the small tree of ``partyorg.testing`` (not the whole demo)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from partyorg import testing
from partyorg.demo import ratings as demo
from partyorg.ratings.queries import member_ratings_in_force, organization_ratings_in_force
from partyorg.reports.statistics.ratings import member_ratings
from partyorg.rules import ratings as rules

pytestmark = pytest.mark.django_db


def test_populate_rates_every_year_within_the_rules_and_is_deterministic() -> None:
    tree = testing.build_tree()
    for i in range(40):
        who = testing.person(f"Đảng viên {i}")
        testing.admit(who, (tree.cell_a, tree.cell_b, tree.school)[i % 3], date(2008 + i % 5, 3, 1))
    counts = demo.populate(seed=7)
    # 3 member-holding organizations and 1 grassroots committee, 10 years
    assert counts["cycles"] == 40
    assert counts["organization_ratings"] == 40
    # Worked out for seed 7: every one of the 40 must be rated each of the 10 years (official since
    # 2009–2013, none exempt), a disciplined member too, unless expelled before the year's review.
    # One member a year is disciplined (40 // 1.500, at least 1); two are expelled: Đảng viên 39 on
    # 18/02/2021 (rated 2016–2020, 5 times) and Đảng viên 1 on 11/06/2023 (2016–2022, 7 times).
    assert (counts["disciplinary_measures"], counts["expulsions"]) == (10, 2)
    rated = Counter(member_ratings_in_force().values_list("person__full_name", flat=True))
    assert {name: n for name, n in rated.items() if n != 10} == {"Đảng viên 39": 5, "Đảng viên 1": 7}
    assert counts["member_ratings"] == member_ratings_in_force().count() == 40 * 10 - 5 - 3
    assert organization_ratings_in_force().count() == 40
    for year in demo.YEARS:
        figure = member_ratings(tree.province, year)
        assert figure.waiting.value == 0
        assert figure.good_or_better.value >= figure.rated.value // 2
    # 2025 carries scores (QĐ 366), 2016 does not (HD 27).
    assert not member_ratings_in_force().filter(cycle__year=2025, score__isnull=True).exists()
    assert not member_ratings_in_force().filter(cycle__year=2016, score__isnull=False).exists()
    assert organization_ratings_in_force().filter(cycle__year=2016, level=rules.EXCELLENT).count() == 0
