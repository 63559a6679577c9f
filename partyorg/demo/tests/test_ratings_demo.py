"""``partyorg.demo.ratings.populate`` on the small tree of ``partyorg.testing`` (not the whole demo)."""

from __future__ import annotations

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
    assert counts["member_ratings"] == member_ratings_in_force().count() >= 350
    assert organization_ratings_in_force().count() == 40
    for year in demo.YEARS:
        figure = member_ratings(tree.province, year)
        assert figure.waiting.value == 0
        assert figure.good_or_better.value >= figure.rated.value // 2
    # 2025 carries scores (QĐ 366), 2016 does not (HD 27).
    assert not member_ratings_in_force().filter(cycle__year=2025, score__isnull=True).exists()
    assert not member_ratings_in_force().filter(cycle__year=2016, score__isnull=False).exists()
    assert organization_ratings_in_force().filter(cycle__year=2016, level=rules.EXCELLENT).count() == 0
