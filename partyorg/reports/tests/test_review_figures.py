"""The review report's own figures (partyorg.reports.statistics.review_figures) on hand-made records.

The cast is partyorg.testing's tree (founded 01/01/2000); each test writes what it counts.
"""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.reports.statistics import Period
from partyorg.reports.statistics.review_figures import (
    cadre_figures,
    dues_recorded_from,
    member_work,
    protection_figures,
    rating_year,
)

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)


def test_member_work_counts_the_events_in_force_under_the_subtree_on_their_day():
    """Hand-worked. In the first half of 2017: Pọm (cell A) recognized 11/03/2017 (RULES.md §2.3,
    ceremony 11/03/2016 + 12 months); Bình (school) recognized 14/04/2017; Sương (cell A) given the
    40-year badge 19/05/2017 (RULES.md §2.6) and exempted 01/06/2017 (§2.8), the exemption then
    corrected to 01/08/2017 (out of the half); a 30-year badge to Sương on 20/05/2017 recorded in
    error and voided. The commune holds cell A, not the school."""
    tree = testing.build_tree()
    pom, binh, suong = testing.person("Lò Văn Pọm"), testing.person("Quàng Văn Bình"), testing.person()
    testing.admit(pom, tree.cell_a, date(2016, 3, 1))
    testing.admit(binh, tree.school, date(2016, 4, 4))
    testing.admit(suong, tree.cell_a, date(2001, 3, 1))
    testing.record(suong, K.BADGE_AWARDED, date(2017, 5, 19), detail="40")
    wrong_badge = testing.record(suong, K.BADGE_AWARDED, date(2017, 5, 20), detail="30")
    services.void_event.within(wrong_badge, recorded_by="t", legal_basis=testing.BASIS, note="Nhập nhầm")
    exemption = testing.record(suong, K.EXEMPTED, date(2017, 6, 1))
    services.correct_event.within(
        exemption, recorded_by="t", legal_basis=testing.BASIS, note="Sai ngày", effective_on=date(2017, 8, 1)
    )

    work = member_work(tree.province, H1_2017)
    assert work.recognized.person_ids == {pom.pk, binh.pk}
    assert {m: f.person_ids for m, f in work.badges.items()} == {40: {suong.pk}}
    assert work.badges_awarded == 1
    assert work.exempted.value == 0
    # The corrected exemption falls in the second half.
    assert member_work(tree.province, Period.half_year(2017, 2)).exempted.person_ids == {suong.pk}
    # Under the commune: cell A's people only; under the school, Bình.
    commune = member_work(tree.commune, H1_2017)
    assert (commune.recognized.person_ids, commune.badges_awarded) == ({pom.pk}, 1)
    school = member_work(tree.school, H1_2017)
    assert (school.recognized.person_ids, school.badges_awarded) == ({binh.pk}, 0)


@pytest.mark.parametrize(
    ("period", "year"),
    [
        (Period.half_year(2017, 1), 2016),  # 30/06/2017: the review of 2016
        (Period.half_year(2017, 2), 2017),  # 31/12/2017: its own year
        (Period(date(2017, 1, 1), date(2018, 1, 1)), 2017),
        (Period.between(date(2017, 1, 1), date(2017, 9, 30)), 2016),
    ],
)
def test_a_report_gives_the_review_of_the_last_year_ended_by_its_closing_day(period, year):
    assert rating_year(period) == year


def test_no_dues_recorded_and_no_cadre_records_say_nothing_rather_than_zero():
    """No cadre records under the province (none in this tree) and no internal political
    protection records (partyorg keeps none yet): None, not zeros; a period without any dues
    payment recorded has no first month of records."""
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2010, 3, 1))
    assert cadre_figures(tree.province, H1_2017) is None
    assert protection_figures(tree.province, H1_2017) is None
    assert dues_recorded_from(tree.province, H1_2017) is None
