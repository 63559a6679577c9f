"""Rating cells of the small tree of ``partyorg.testing``: the issue's done-when cases and the
consequences of RULES.md §3 (exclusions, discipline, quota, organization ratings, corrections)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.discipline import services as discipline
from partyorg.members.models import EventKind, Person
from partyorg.ratings import queries, services
from partyorg.ratings.models import MemberRating, RatingLevel, ReviewPeriod
from partyorg.ratings.services import OrgRatingEntry, Override, RatingEntry, RatingRefused
from partyorg.reports.statistics.ratings import member_ratings, organization_ratings, rated_at_least_years
from partyorg.rules import ratings as r
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

BY = testing.OFFICER
BASIS = testing.BASIS
E, G, F, N = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.FULFILLED, RatingLevel.NOT_FULFILLED


def members(
    org: object, count: int, *, admitted: date = date(2005, 3, 1), prefix: str = "Đảng viên"
) -> list[Person]:
    people = []
    for i in range(count):
        who = testing.person(f"{prefix} {i + 1}")
        testing.admit(who, org, admitted)  # type: ignore[arg-type]
        people.append(who)
    return people


def test_a_cell_of_25_in_2016_reproduces_100_percent_good_13_04_excellent() -> None:
    """Done-when (issue 6). Hand-made records: a cell of 25 members on its review day 20/12/2016.
    RULES.md §3.3: one is exempt from work and activities ([V], HD 16/21; exemption RULES.md §2.8) and
    one was admitted on 01/09/2016, less than 6 months before ([P], form 6F): 23 must be rated. 3 are
    rated excellent and 20 good: "100% … hoàn thành tốt nhiệm vụ trở lên, trong đó 13,04% xuất sắc"
    (3/23 = 0,1304…). The 2014 regime (HD 27-HD/BTCTW) applies and has no excellent quota."""
    tree = testing.build_tree()
    cell = tree.cell_a
    old = members(cell, 24)
    testing.record(old[0], EventKind.EXEMPTED, date(2015, 4, 2))
    new = testing.person("Lò Thị Mai", birth_date=date(1995, 2, 3), sex="female")
    testing.admit(new, cell, date(2016, 9, 1), recognize=False)

    cycle = services.open_cycle(
        cell, year=2016, reviewed_on=date(2016, 12, 20), legal_basis=BASIS, recorded_by=BY
    )
    assert cycle.regime == "hd27_2014"
    roster = queries.roster(cycle)
    assert len(roster) == 25
    excluded = {line.person_id: line.exclusion.reason for line in roster if line.exclusion}
    assert excluded == {old[0].pk: r.EXEMPT, new.pk: r.NEW_MEMBER}

    rated = old[1:]
    entries = [RatingEntry(p, E if i < 3 else G) for i, p in enumerate(rated)]
    services.rate_members(cycle, entries, legal_basis=BASIS, recorded_by=BY)

    figure = member_ratings(tree.province, 2016)
    assert (figure.on_roster.value, figure.rated.value) == (25, 23)
    assert figure.good_or_better.value == 23
    assert figure.good_or_better_percent == "100,00%"
    assert figure.percent(E) == "13,04%"
    assert figure.by_level[E].person_ids == {p.pk for p in rated[:3]}
    assert figure.excluded[r.EXEMPT].person_ids == {old[0].pk}
    assert figure.excluded[r.NEW_MEMBER].person_ids == {new.pk}
    assert figure.sentence() == (
        "100,00% đảng viên hoàn thành tốt nhiệm vụ trở lên, trong đó có 13,04% hoàn thành xuất sắc nhiệm "
        "vụ; 0,00% hoàn thành nhiệm vụ; 0,00% không hoàn thành nhiệm vụ (trên 23 đảng viên được xếp loại; "
        "không tính 1 được miễn công tác và sinh hoạt đảng, 1 mới kết nạp dưới 6 tháng)."
    )

    # The excluded are refused, with the rule's message …
    with pytest.raises(RuleViolation) as excinfo:
        services.rate_members(cycle, [RatingEntry(new, G)], legal_basis=BASIS, recorded_by=BY)
    assert excinfo.value.code == "ratings.new_member_not_rated"
    assert excinfo.value.message == (
        f"Lò Thị Mai ({new.code}): Mới kết nạp ngày 01/09/2016, chưa đủ 6 tháng đến ngày kiểm điểm "
        "20/12/2016: không xếp loại."
    )
    # … and a member is rated once per cycle.
    with pytest.raises(RatingRefused):
        services.rate_members(cycle, [RatingEntry(rated[0], G)], legal_basis=BASIS, recorded_by=BY)


def test_rating_under_the_100_point_scale_of_2025() -> None:
    """Done-when (issue 6): a review held on 22/12/2025 falls under QĐ 366-QĐ/TW (from 30/08/2025):
    a score is required and caps the level (≥ 90 excellent, 70–< 90 good, 50–< 70 fulfilled, < 50 not
    fulfilled, RULES.md §3.1, §3.2); the excellent quota is the [U] default of 20% of the good or better."""
    tree = testing.build_tree()
    people = members(tree.school, 6)
    cycle = services.open_cycle(
        tree.school, year=2025, reviewed_on=date(2025, 12, 22), legal_basis=BASIS, recorded_by=BY
    )
    assert cycle.regime == "qd366_2025"
    with pytest.raises(RuleViolation) as excinfo:
        services.rate_members(
            cycle, [RatingEntry(people[0], E, Decimal("88"))], legal_basis=BASIS, recorded_by=BY
        )
    assert excinfo.value.code == "ratings.score_2025"
    with pytest.raises(RuleViolation) as excinfo:  # 2 excellent of 6 good or better > 20%
        services.rate_members(
            cycle,
            [
                RatingEntry(p, E if i < 2 else G, Decimal("92") if i < 2 else Decimal("80"))
                for i, p in enumerate(people)
            ],
            legal_basis=BASIS,
            recorded_by=BY,
        )
    assert excinfo.value.code == "ratings.excellent_quota_2025"
    assert not MemberRating.objects.exists()  # all or nothing
    scores = ["93.5", "85", "78", "71", "70", "40"]
    levels = [E, G, G, G, G, N]  # 1 excellent of 5 good or better: 20%, the limit
    services.rate_members(
        cycle,
        [RatingEntry(p, lv, Decimal(s)) for p, lv, s in zip(people, levels, scores, strict=True)],
        legal_basis=BASIS,
        recorded_by=BY,
    )
    figure = member_ratings(tree.province, 2025)
    assert figure.rated.value == 6
    assert [figure.by_level[level].value for level in (E, G, F, N)] == [1, 4, 0, 1]
    assert figure.percent(E) == "16,67%"  # 1/6
    assert figure.good_or_better_percent == "83,33%"  # 5/6
    assert MemberRating.objects.get(person=people[0]).score == Decimal("93.50")

    services.rate_organization(cycle, G, score=Decimal("82"), legal_basis=BASIS, recorded_by=BY)
    orgs = organization_ratings(tree.province, 2025)
    assert orgs.by_level[G].organization_ids == {tree.school.pk}


def test_quarterly_cycles_only_from_366() -> None:
    """RULES.md §3.2: quarterly reviews from QĐ 366; a 2024 quarterly cycle is refused."""
    tree = testing.build_tree()
    services.open_cycle(
        tree.school,
        year=2025,
        period=ReviewPeriod.QUARTER,
        period_number=4,
        reviewed_on=date(2025, 12, 30),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    with pytest.raises(RuleViolation):
        services.open_cycle(
            tree.school,
            year=2024,
            period=ReviewPeriod.QUARTER,
            period_number=4,
            reviewed_on=date(2024, 12, 30),
            legal_basis=BASIS,
            recorded_by=BY,
        )
    with pytest.raises(RatingRefused):
        services.open_cycle(
            tree.school, year=2023, reviewed_on=date(2025, 1, 5), legal_basis=BASIS, recorded_by=BY
        )


def test_a_member_disciplined_in_2020_is_not_fulfilled() -> None:
    """RULES.md §3.3, §2.10: HD 21-HD/BTCTW (18/10/2019) [V]; the officer may override with a reason."""
    tree = testing.build_tree()
    an, binh = members(tree.school, 2)
    discipline.discipline_member(an, "warning", date(2020, 6, 3), legal_basis=BASIS, recorded_by=BY)
    cycle = services.open_cycle(
        tree.school, year=2020, reviewed_on=date(2020, 12, 18), legal_basis=BASIS, recorded_by=BY
    )
    with pytest.raises(RuleViolation) as excinfo:
        services.rate_members(cycle, [RatingEntry(an, G)], legal_basis=BASIS, recorded_by=BY)
    assert excinfo.value.message == (
        f"{an.full_name} ({an.code}): "
        "Đảng viên bị xử lý kỷ luật ngày 03/06/2020 trong năm đánh giá phải xếp loại "
        "“Không hoàn thành nhiệm vụ”."
    )
    override = Override("ratings.disciplined_not_fulfilled_2019", "Quyết định kỷ luật đang được xem xét lại")
    services.rate_members(
        cycle,
        [RatingEntry(an, G, override=override), RatingEntry(binh, G)],
        legal_basis=BASIS,
        recorded_by=BY,
    )
    assert MemberRating.objects.get(person=an).override_rule == "ratings.disciplined_not_fulfilled_2019"


def test_one_violation_counts_once() -> None:
    """HD 21 (RULES.md §3.3): a 2020 violation rated "Không hoàn thành" in 2020 and disciplined in 2021
    does not force 2021 again."""
    tree = testing.build_tree()
    (an,) = members(tree.school, 1)
    c2020 = services.open_cycle(
        tree.school, year=2020, reviewed_on=date(2020, 12, 18), legal_basis=BASIS, recorded_by=BY
    )
    services.rate_members(c2020, [RatingEntry(an, N)], legal_basis=BASIS, recorded_by=BY)
    discipline.discipline_member(
        an, "reprimand", date(2021, 2, 3), violation_on=date(2020, 10, 1), legal_basis=BASIS, recorded_by=BY
    )
    c2021 = services.open_cycle(
        tree.school, year=2021, reviewed_on=date(2021, 12, 18), legal_basis=BASIS, recorded_by=BY
    )
    services.rate_members(c2021, [RatingEntry(an, G)], legal_basis=BASIS, recorded_by=BY)


def test_excellent_quota_2019_counts_the_whole_grassroots_organization() -> None:
    """RULES.md §3.1 [V]: ≤ 20% "in each grassroots organization": the two cells of the commune share it.
    Worked: cell A 5 good, cell B 4 good + 1 excellent → 1 of 10 (10%) fine; a second excellent in cell
    A makes 2 of 10 (20%) fine; a third, 3 of 10, is refused (maximum 2)."""
    tree = testing.build_tree()
    a = members(tree.cell_a, 5, prefix="A")
    b = members(tree.cell_b, 5, prefix="B")
    day = date(2019, 12, 20)
    ca, cb = services.open_cycles(
        [tree.cell_a, tree.cell_b], year=2019, reviewed_on=day, legal_basis=BASIS, recorded_by=BY
    )
    assert ca.grassroots_id == cb.grassroots_id == tree.commune.pk
    services.rate_members(
        cb, [RatingEntry(p, E if i == 0 else G) for i, p in enumerate(b)], legal_basis=BASIS, recorded_by=BY
    )
    services.rate_members(
        ca,
        [RatingEntry(p, E if i == 0 else G) for i, p in enumerate(a[:4])],
        legal_basis=BASIS,
        recorded_by=BY,
    )
    with pytest.raises(RuleViolation) as excinfo:
        services.rate_members(ca, [RatingEntry(a[4], E)], legal_basis=BASIS, recorded_by=BY)
    assert excinfo.value.message == (
        "Đảng ủy xã Nà Tấu: 3 đảng viên Hoàn thành xuất sắc nhiệm vụ vượt quá 20% của 10 đảng viên "
        "Hoàn thành tốt nhiệm vụ trở lên (tối đa 2)."
    )
    services.rate_members(ca, [RatingEntry(a[4], G)], legal_basis=BASIS, recorded_by=BY)


def test_correction_is_a_new_row_and_the_tables_refuse_updates() -> None:
    """DESIGN.md: records are never updated; a correction points at the row it replaces."""
    tree = testing.build_tree()
    (an,) = members(tree.school, 1)
    cycle = services.open_cycle(
        tree.school, year=2019, reviewed_on=date(2019, 12, 20), legal_basis=BASIS, recorded_by=BY
    )
    (wrong,) = services.rate_members(cycle, [RatingEntry(an, F)], legal_basis=BASIS, recorded_by=BY)
    fixed = services.correct_member_rating(wrong, level=G, legal_basis=BASIS, recorded_by=BY, note="ghi nhầm")
    assert fixed.corrects_id == wrong.pk
    assert list(queries.member_ratings_in_force().values_list("level", flat=True)) == [G]
    with pytest.raises(RatingRefused):
        services.correct_member_rating(wrong, level=E, legal_basis=BASIS, recorded_by=BY, note="lần nữa")
    services.withdraw_member_rating(fixed, legal_basis=BASIS, recorded_by=BY, note="không phải xếp loại")
    assert not queries.member_ratings_in_force().exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        MemberRating.objects.filter(pk=wrong.pk).update(level=E)


def test_2016_cell_over_half_not_fulfilled_must_be_weak_and_streaks() -> None:
    """RULES.md §3.1 (HD 27, 2014) [V]: a cell with over 1/2 of its members "Không hoàn thành" is
    "Yếu kém". Then "nhiều năm liên tục": cell B rated at least good 2016–2019 (TSVM ranks with
    excellent across 2018, [U])."""
    tree = testing.build_tree()
    a = members(tree.cell_a, 3, prefix="A")
    members(tree.cell_b, 1, prefix="B")
    c16 = services.open_cycles(
        [tree.cell_a, tree.cell_b],
        year=2016,
        reviewed_on=date(2016, 12, 20),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    services.rate_members(
        c16[0],
        [RatingEntry(p, N if i < 2 else G) for i, p in enumerate(a)],
        legal_basis=BASIS,
        recorded_by=BY,
    )
    with pytest.raises(RuleViolation) as excinfo:
        services.rate_organization(c16[0], F, legal_basis=BASIS, recorded_by=BY)
    assert excinfo.value.code == "ratings.org_members_2014"
    services.rate_organizations(
        [OrgRatingEntry(c16[0], RatingLevel.WEAK), OrgRatingEntry(c16[1], RatingLevel.CLEAN_STRONG)],
        legal_basis=BASIS,
        recorded_by=BY,
    )
    # The commune: 1 of its 2 cells weak (> 1/3) → it must be weak too.
    (commune16,) = services.open_cycles(
        [tree.commune], year=2016, reviewed_on=date(2016, 12, 22), legal_basis=BASIS, recorded_by=BY
    )
    with pytest.raises(RuleViolation) as excinfo:
        services.rate_organization(commune16, G, legal_basis=BASIS, recorded_by=BY)
    assert excinfo.value.code == "ratings.org_subordinates_2014"
    for year, level in ((2017, RatingLevel.GOOD), (2018, E), (2019, G)):
        (cycle,) = services.open_cycles(
            [tree.cell_b], year=year, reviewed_on=date(year, 12, 20), legal_basis=BASIS, recorded_by=BY
        )
        services.rate_organization(cycle, level, legal_basis=BASIS, recorded_by=BY)
    assert rated_at_least_years(tree.province, 2019, 4).organization_ids == {tree.cell_b.pk}
    assert rated_at_least_years(tree.province, 2019, 4, at_least=E).organization_ids == frozenset()
    assert rated_at_least_years(tree.province, 2018, 1, at_least=E).organization_ids == {tree.cell_b.pk}
    assert rated_at_least_years(tree.province, 2016, 1, at_least=r.CLEAN_STRONG).organization_ids == {
        tree.cell_b.pk
    }


def test_two_years_not_fulfilled_are_flagged() -> None:
    """RULES.md §2.9 ground 4 / §9 item 9 [U]: flagged for the cell to consider, not removed."""
    tree = testing.build_tree()
    an, binh = members(tree.school, 2)
    for year in (2020, 2021):
        cycle = services.open_cycle(
            tree.school, year=year, reviewed_on=date(year, 12, 18), legal_basis=BASIS, recorded_by=BY
        )
        services.rate_members(
            cycle,
            [RatingEntry(an, N), RatingEntry(binh, N if year == 2021 else G)],
            legal_basis=BASIS,
            recorded_by=BY,
        )
    assert list(queries.flagged_for_review({tree.school.pk}, 2021)) == [an]
