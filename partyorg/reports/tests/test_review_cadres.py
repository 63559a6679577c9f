"""The review report's cadre section takes its figures from the cadre records once a unit under
the organization keeps them (issue 16: "its sections for cadre work … take figures as soon as those
records exist"); without them it asks people to write it.

Hand-made: the Ban Tổ chức of partyorg.testing's province (partyorg/cadres/tests/cast.py) with four
staff on 30/06/2017: two masters and two bachelors; political theory "cao cấp" (1) and "cử nhân" (1)
— one bucket, 2 —, "trung cấp" (1), and one with "sơ cấp" who began "cao cấp" on 05/09/2016,
studying it on 30/06/2017. Nobody appointed, rotated or trained in the half-year.
"""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.cadres import services
from partyorg.cadres.models import Programme
from partyorg.cadres.services import Course
from partyorg.cadres.tests.cast import ENTERED, build, hire
from partyorg.reports import review
from partyorg.reports.statistics import Period
from partyorg.reports.tests.test_cadres_statistics import holds

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)


def test_without_cadre_records_the_section_is_left_to_write():
    tree = testing.build_tree()
    (paragraph,) = review.draft(tree.province, H1_2017).section("I").part("3.").paragraphs
    assert paragraph.startswith("[Công tác nhận xét, đánh giá")


def test_the_cadre_section_says_the_staff_from_the_records():
    cast = build()
    people = [testing.person(f"Cán bộ {i}", birth_date=date(1975 + i, 3, 1)) for i in range(4)]
    for who in people:
        hire(who, cast.commission, on=date(2012, 1, 2), department=cast.departments[0])
    for who, degree in zip(people, ("master", "master", "bachelor", "bachelor"), strict=True):
        holds(who, Programme.DEGREE, degree, date(2010, 6, 30))
    for who, level in zip(people, ("senior", "bachelor", "intermediate", "elementary"), strict=True):
        holds(who, Programme.POLITICAL_THEORY, level, date(2011, 6, 30))
    services.start_training(
        people[3],
        Course(Programme.POLITICAL_THEORY, "senior", mode="part_time"),
        on=date(2016, 9, 5),
        **ENTERED,
    )
    said, work, asked = review.draft(cast.tree.province, H1_2017).section("I").part("3.").paragraphs
    assert said == (
        "Đến ngày 30/06/2017, các cơ quan, đơn vị có 4 cán bộ, công chức, viên chức, người lao động. "
        "Về trình độ chuyên môn: 0 tiến sĩ, 2 thạc sĩ, 2 cử nhân. Về lý luận chính trị: 2 đồng chí có "
        "trình độ cao cấp, cử nhân; 1 trung cấp; 1 đồng chí đang học cao cấp, cử nhân."
    )
    assert work.startswith("Trong kỳ, bổ nhiệm, bổ nhiệm lại 0 lượt cán bộ; luân chuyển 0 lượt; 0 cán bộ")
    assert asked.startswith("[")
