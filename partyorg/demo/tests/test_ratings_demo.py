"""``partyorg.demo.ratings.populate`` on the small tree of ``partyorg.testing`` (not the whole demo)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from partyorg import testing
from partyorg.demo import ratings as demo
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.ratings.queries import member_ratings_in_force, organization_ratings_in_force
from partyorg.reports.statistics.ratings import member_ratings
from partyorg.rules import ratings as rules

pytestmark = pytest.mark.django_db


def test_populate_rates_every_year_within_the_rules_and_is_deterministic() -> None:
    tree = testing.build_tree()
    people = []
    for i in range(40):
        who = testing.person(f"Đảng viên {i}")
        testing.admit(who, (tree.cell_a, tree.cell_b, tree.school)[i % 3], date(2008 + i % 5, 3, 1))
        people.append(who)
    # The province's own expulsion, in the member's log before the yearly work (as the demo's plan
    # records it): Đảng viên 5, official since 2014, expelled on 12/08/2019.
    expelled = testing.record(people[5], K.EXPELLED, date(2019, 8, 12), organization=tree.school)
    counts = demo.populate(seed=7)
    # 3 member-holding organizations and 1 grassroots committee, 10 years
    assert counts["cycles"] == 40
    assert counts["organization_ratings"] == 40
    # The yearly work expels nobody: its one expulsion is the log's, given its measure, linked to the
    # event and decided on its day. Every member is rated each of the 10 years (official since
    # 2009–2013, none exempt), a disciplined member too, except Đảng viên 5 (2016–2018: 3 times).
    assert counts["expulsions"] == 1
    measure = DisciplinaryMeasure.objects.get(sanction="expulsion")
    assert (measure.event, measure.decided_on, measure.person) == (expelled, expelled.effective_on, people[5])
    assert MembershipEvent.objects.filter(kind=K.EXPELLED).count() == 1
    # Worked out for seed 7: one member a year is reprimanded, warned or removed from a post (40 //
    # 500, at least 1), and the expulsion.
    assert counts["disciplinary_measures"] == 10 + 1
    rated = Counter(member_ratings_in_force().values_list("person__full_name", flat=True))
    assert {name: n for name, n in rated.items() if n != 10} == {"Đảng viên 5": 3}
    assert counts["member_ratings"] == member_ratings_in_force().count() == 39 * 10 + 3
    assert organization_ratings_in_force().count() == 40
    for year in demo.YEARS:
        figure = member_ratings(tree.province, year)
        assert figure.waiting.value == 0
        assert figure.good_or_better.value >= figure.rated.value // 2
    # 2025 carries scores (QĐ 366), 2016 does not (HD 27).
    assert not member_ratings_in_force().filter(cycle__year=2025, score__isnull=True).exists()
    assert not member_ratings_in_force().filter(cycle__year=2016, score__isnull=False).exists()
    assert organization_ratings_in_force().filter(cycle__year=2016, level=rules.EXCELLENT).count() == 0
