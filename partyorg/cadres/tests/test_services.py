"""The cadre records through their commands: units, employment, posts, training, state ratings and
planning, each appended, ended, corrected and withdrawn, never edited (RULES.md §11.13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.cadres import queries, services
from partyorg.cadres.models import (
    Employment,
    EmploymentEnd,
    HoldingMode,
    PlanningExit,
    PostEnd,
    Programme,
    RatingSystem,
    StateLevel,
    TrainingOutcome,
)
from partyorg.cadres.services import CadreRefused, Course
from partyorg.cadres.tests.cast import ENTERED, build, hire, post
from partyorg.core.records import Override
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db


def test_a_unit_has_its_departments_and_its_names_over_time() -> None:
    cast = build()
    assert queries.unit_subtree([cast.commission.pk], date(2018, 6, 30)) == {
        cast.commission.pk,
        *(d.pk for d in cast.departments),
    }
    services.rename_unit(cast.commission, "Ban Tổ chức Tỉnh ủy Hòa Sơn", on=date(2020, 1, 1), **ENTERED)
    assert queries.unit_name_on(cast.commission, date(2019, 12, 31)) == "Ban Tổ chức Tỉnh ủy"
    assert queries.unit_name_on(cast.commission, date(2020, 1, 1)) == "Ban Tổ chức Tỉnh ủy Hòa Sơn"
    assert queries.unit_name_on(cast.commission, date(1999, 12, 31)) is None


def test_a_unit_with_people_still_working_cannot_be_dissolved() -> None:
    cast = build()
    who = testing.person("Quàng Văn Chính")
    job = hire(who, cast.district_committee)
    with pytest.raises(CadreRefused) as refused:
        services.dissolve_unit(cast.district_committee, on=date(2025, 7, 1), **ENTERED)
    assert refused.value.message == (
        f"Quàng Văn Chính ({who.code}) vẫn công tác tại đơn vị UBND.H vào ngày 01/07/2025: "
        "hãy kết thúc trước khi giải thể."
    )
    services.end_employment(job, on=date(2025, 7, 1), reason=EmploymentEnd.RESTRUCTURED, **ENTERED)
    services.dissolve_unit(cast.district_committee, on=date(2025, 7, 1), **ENTERED)
    assert queries.unit_name_on(cast.district_committee, date(2025, 7, 1)) is None
    assert (
        queries.unit_name_on(cast.district_committee, date(2025, 6, 30)) == "Ủy ban nhân dân huyện Mường Khoa"
    )


def test_an_employment_is_a_spell_ended_by_a_later_row() -> None:
    cast = build()
    who = testing.person("Lò Thị Hoa", sex="female")
    job = hire(
        who,
        cast.commission,
        department=cast.departments[1],
        rank="Chuyên viên chính",
        rank_code="01.002",
        salary_step=3,
        salary_coefficient=Decimal("5.08"),
        managed_by=cast.tree.province,
    )
    assert list(queries.employments_on(date(2015, 3, 1))) == [job]
    assert not queries.employments_on(date(2015, 2, 28)).exists()
    with pytest.raises(CadreRefused) as refused:
        hire(who, cast.district_committee, on=date(2016, 1, 1))
    assert refused.value.message == (
        f"Lò Thị Hoa ({who.code}) đang công tác tại BTC từ ngày 01/03/2015: hãy kết thúc quá trình đó trước."
    )
    end = services.end_employment(job, on=date(2016, 1, 1), reason=EmploymentEnd.TRANSFERRED, **ENTERED)
    assert (end.kind, end.ends, end.unit, end.rank) == ("ended", job, cast.commission, "Chuyên viên chính")
    hire(who, cast.district_committee, on=date(2016, 1, 1))
    assert [e.unit for e in queries.employments_on(date(2016, 1, 1))] == [cast.district_committee]
    with pytest.raises(CadreRefused):
        services.end_employment(job, on=date(2017, 1, 1), reason=EmploymentEnd.RETIRED, **ENTERED)


def test_a_department_must_belong_to_the_unit() -> None:
    cast = build()
    who = testing.person()
    with pytest.raises(CadreRefused) as refused:
        hire(who, cast.district_committee, department=cast.departments[0])
    assert "BTC.TCDV không phải là phòng của Ủy ban nhân dân huyện Mường Khoa" in refused.value.message


def test_a_withdrawn_end_reopens_the_spell_and_a_correction_replaces_the_row() -> None:
    cast = build()
    who = testing.person()
    job = hire(who, cast.commission, salary_step=2)
    end = services.end_employment(job, on=date(2019, 1, 1), reason=EmploymentEnd.VOLUNTARY, **ENTERED)
    with pytest.raises(CadreRefused):  # the start cannot change under its end
        services.correct(job, changes={"salary_step": 3}, note="Nhập sai bậc", **ENTERED)
    services.withdraw(end, note="Quyết định bị hủy", **ENTERED)
    assert list(queries.employments_on(date(2020, 1, 1))) == [job]
    fixed = services.correct(job, changes={"salary_step": 3}, note="Nhập sai bậc", **ENTERED)
    assert [(e.pk, e.salary_step) for e in queries.employments_on(date(2020, 1, 1))] == [(fixed.pk, 3)]
    assert Employment.objects.count() == 4  # nothing was edited or deleted


def test_the_log_refuses_updates_and_deletes() -> None:
    cast = build()
    job = hire(testing.person(), cast.commission)
    for statement in (lambda: Employment.objects.filter(pk=job.pk).update(rank="x"), lambda: job.delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()


def test_a_term_is_five_years_and_several_posts_rank_by_the_highest() -> None:
    """Term: 5 years a appointment (ND 138/2020, QĐ 80/377; RULES.md §11.5 [P]). Several posts: the
    person is placed by the highest (QĐ 368-QĐ/TW, RULES.md §11.1 [V]), by the catalogue's rank."""
    cast = build()
    who = testing.person("Mùa A Sử", birth_date=date(1975, 4, 10))
    hire(who, cast.commission)
    deputy = services.appoint(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2016, 4, 1),
        mode=HoldingMode.APPOINTED,
        **ENTERED,
    )
    assert deputy.term_ends_on == date(2021, 4, 1)
    member = services.appoint(
        who,
        post("tinh_uy_vien"),
        cast.commission,
        on=date(2020, 10, 15),
        mode=HoldingMode.ELECTED,
        concurrent=True,
        **ENTERED,
    )
    assert [h.pk for h in queries.ranked_posts(who.pk, date(2020, 12, 31))] == [member.pk, deputy.pk]
    with pytest.raises(CadreRefused) as refused:
        services.appoint(
            who,
            post("tinh_uy_vien"),
            cast.commission,
            on=date(2021, 1, 1),
            mode=HoldingMode.ELECTED,
            **ENTERED,
        )
    assert refused.value.message == (
        f"Mùa A Sử ({who.code}) đang giữ chức vụ Tỉnh ủy viên tại Ban Tổ chức Tỉnh ủy vào ngày 01/01/2021."
    )
    services.end_post(deputy, on=date(2021, 4, 1), reason=PostEnd.REAPPOINTED, **ENTERED)
    again = services.appoint(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2021, 4, 1),
        mode=HoldingMode.REAPPOINTED,
        **ENTERED,
    )
    assert [h.pk for h in queries.ranked_posts(who.pk, date(2021, 4, 1))] == [member.pk, again.pk]


def test_studying_is_a_state_on_a_day_and_levels_come_from_completed_courses() -> None:
    """RULES.md §11.8, §11.13: "đang học" between a course's start and its end; current levels derived
    from completed enrolments, or declared with proof."""
    cast = build()
    who = testing.person()
    hire(who, cast.commission)
    services.start_training(
        who,
        Course(Programme.DEGREE, "bachelor", "Luật"),
        on=date(2002, 6, 30),
        start_known=False,
        completed_on=date(2002, 6, 30),
        **ENTERED,
    )
    senior = services.start_training(
        who,
        Course(Programme.POLITICAL_THEORY, "senior", mode="part_time"),
        on=date(2017, 9, 5),
        planned_end_on=date(2019, 9, 5),
        **ENTERED,
    )
    assert set(queries.studying_on(date(2018, 6, 30)).values_list("person_id", flat=True)) == {who.pk}
    assert not queries.studying_on(date(2017, 9, 4)).exists()
    services.end_training(
        senior,
        on=date(2019, 8, 20),
        outcome=TrainingOutcome.COMPLETED,
        certificate="Bằng cao cấp LLCT",
        **ENTERED,
    )
    assert not queries.studying_on(date(2019, 8, 20)).exists()
    levels = queries.highest_levels([who.pk], date(2019, 12, 31))
    assert levels[Programme.DEGREE] == {who.pk: "bachelor"}
    assert levels[Programme.POLITICAL_THEORY] == {who.pk: "senior"}
    assert queries.highest_levels([who.pk], date(2019, 8, 19))[Programme.POLITICAL_THEORY] == {}
    with pytest.raises(CadreRefused) as refused:
        services.start_training(who, Course(Programme.DEGREE, "senior"), on=date(2020, 1, 1), **ENTERED)
    assert (
        refused.value.message
        == f"Trình độ senior không thuộc loại Chuyên môn (bằng cấp) (Lò Văn Pọm ({who.code}))."
    )


def test_a_state_rating_takes_the_system_of_its_day_and_comes_once_a_period() -> None:
    """ND 90/2020 until 31/12/2025, ND 335/2025 from 01/01/2026 for civil servants, by quarter too,
    85 points "good" (70–< 90), and excellent at most 20 % of good: the first excellent of a unit
    with no "good" is refused (RULES.md §11.3 [V], partyorg.rules.state_ratings)."""
    cast = build()
    who = testing.person()
    hire(who, cast.commission)
    old = services.rate_state(
        who,
        cast.commission,
        year=2025,
        rated_on=date(2025, 12, 10),
        level=StateLevel.GOOD,
        **ENTERED,
    )
    assert old.system == RatingSystem.ND90_2020
    new = services.rate_state(
        who,
        cast.commission,
        year=2026,
        rated_on=date(2026, 4, 5),
        period="quarter",
        period_number=1,
        level=StateLevel.GOOD,
        score=Decimal("85"),
        **ENTERED,
    )
    assert new.system == RatingSystem.ND335_2025
    colleague = testing.person("Lò Văn Khum")
    hire(colleague, cast.commission)
    with pytest.raises(RuleViolation) as capped:
        services.rate_state(
            colleague,
            cast.commission,
            year=2026,
            rated_on=date(2026, 4, 5),
            period="quarter",
            period_number=1,
            level=StateLevel.EXCELLENT,
            score=Decimal("95"),
            **ENTERED,
        )
    assert capped.value.code == "state_ratings.excellent_cap_335"
    with pytest.raises(CadreRefused) as refused:
        services.rate_state(
            who,
            cast.commission,
            year=2025,
            rated_on=date(2025, 12, 12),
            level=StateLevel.FULFILLED,
            **ENTERED,
        )
    assert (
        refused.value.message
        == f"Lò Văn Pọm ({who.code}) đã được đánh giá kỳ này (2025); hãy sửa bản ghi đã có."
    )
    fixed = services.correct(old, changes={"level": StateLevel.FULFILLED}, note="Sai mức", **ENTERED)
    assert list(queries.state_ratings_in_force().filter(year=2025)) == [fixed]
    with pytest.raises(CadreRefused):
        services.rate_state(
            who,
            cast.commission,
            year=2024,
            rated_on=date(2024, 12, 12),
            level=StateLevel.GOOD,
            not_rated=True,
            **ENTERED,
        )


def test_a_planning_entry_is_once_per_post_and_term_and_leaves_with_its_reason() -> None:
    cast = build()
    who = testing.person()
    hire(who, cast.commission)
    entry = services.plan(
        who,
        post("truong_ban_tinh_uy"),
        cast.commission,
        term_first_year=2025,
        term_last_year=2030,
        on=date(2023, 3, 1),
        **ENTERED,
    )
    with pytest.raises(CadreRefused) as refused:
        services.plan(
            who,
            post("truong_ban_tinh_uy"),
            cast.commission,
            term_first_year=2025,
            term_last_year=2030,
            on=date(2024, 3, 1),
            **ENTERED,
        )
    assert refused.value.message == (
        f"Lò Văn Pọm ({who.code}) đã được quy hoạch chức danh Trưởng ban của Tỉnh ủy nhiệm kỳ 2025–2030."
    )
    services.exit_planning(entry, on=date(2024, 3, 1), reason=PlanningExit.DISCIPLINE, **ENTERED)
    assert not queries.planning_on(date(2024, 3, 1)).exists()
    assert queries.planning_on(date(2024, 2, 29)).get() == entry


def test_a_first_appointment_needs_60_months_to_retirement_and_a_reappointment_runs_to_it() -> None:
    """RULES.md §11.10 checked example: a man born 10/1964 retires at 61 y 6 m, end of 04/2026 (ND
    135/2020). Appointed deputy head on 01/06/2018 (dossier 10/05/2018, QĐ 105: 60 months to the fixed
    age 60, 10/2024: 77 months, eligible). A first or higher appointment with the dossier received on
    01/06/2023 leaves 34 months: refused under QĐ 80 (KL 08, 60 months, RULES.md §11.5); an override
    naming the rule records it with the reason. Re-appointed on 01/06/2023, no age condition (same
    post) and the new term runs to the pension's first day, 01/05/2026 (ND 115 Art. 49, §11.5)."""
    cast = build()
    who = testing.person("Lò Văn Minh", birth_date=date(1964, 10, 20))
    hire(who, cast.commission)
    first = services.appoint(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2018, 6, 1),
        mode=HoldingMode.APPOINTED,
        dossier_received_on=date(2018, 5, 10),
        **ENTERED,
    )
    assert first.term_ends_on == date(2023, 6, 1)
    higher = post("truong_ban_tinh_uy")
    with pytest.raises(RuleViolation) as refused:
        services.appoint(
            who,
            higher,
            cast.commission,
            on=date(2023, 6, 1),
            mode=HoldingMode.APPOINTED,
            dossier_received_on=date(2023, 6, 1),
            **ENTERED,
        )
    assert refused.value.message.startswith(
        f"Lò Văn Minh ({who.code}): Còn 34 tháng công tác đến tháng nghỉ hưu 04/2026"
    )
    services.end_post(first, on=date(2023, 6, 1), reason=PostEnd.REAPPOINTED, **ENTERED)
    again = services.appoint(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2023, 6, 1),
        mode=HoldingMode.REAPPOINTED,
        **ENTERED,
    )
    assert again.term_ends_on == date(2026, 5, 1)
    special = Override(refused.value.code, "Trường hợp đặc biệt do Ban Thường vụ quyết định")
    forced = services.appoint(
        who,
        higher,
        cast.commission,
        on=date(2023, 7, 1),
        mode=HoldingMode.APPOINTED,
        dossier_received_on=date(2023, 6, 1),
        override=special,
        **ENTERED,
    )
    assert (forced.override_rule, forced.term_ends_on) == (refused.value.code, date(2026, 5, 1))


def test_planning_takes_three_people_a_position_and_only_a_higher_post() -> None:
    """QĐ 377-QĐ/TW (08/10/2025), RULES.md §11.4 [V]: at most three cadres planned for a position;
    only a position higher than the posts the cadre holds (partyorg.rules.planning). Hand-made: four
    deputies of the commission (born 1980, far from retirement) planned on 01/11/2025 for head of the
    commission, term 2030–2035; the fourth is refused; the head himself cannot be planned for his post."""
    cast = build()
    head = post("truong_ban_tinh_uy")
    deputies = []
    for i in range(4):
        who = testing.person(f"Phó Trưởng ban {i + 1}")
        hire(who, cast.commission)
        services.appoint(
            who,
            post("pho_truong_ban_tinh_uy"),
            cast.commission,
            on=date(2020, 1, 1),
            mode=HoldingMode.APPOINTED,
            **ENTERED,
        )
        deputies.append(who)
    for who in deputies[:3]:
        services.plan(
            who,
            head,
            cast.commission,
            term_first_year=2030,
            term_last_year=2035,
            on=date(2025, 11, 1),
            **ENTERED,
        )
    with pytest.raises(RuleViolation) as refused:
        services.plan(
            deputies[3],
            head,
            cast.commission,
            term_first_year=2030,
            term_last_year=2035,
            on=date(2025, 11, 1),
            **ENTERED,
        )
    assert refused.value.code.startswith("planning.")
    assert refused.value.message.startswith("Chức danh Trưởng ban của Tỉnh ủy có 4 cán bộ trong quy hoạch")
    chief = testing.person("Trưởng ban")
    hire(chief, cast.commission)
    services.appoint(
        chief,
        head,
        cast.commission,
        on=date(2021, 1, 1),
        mode=HoldingMode.APPOINTED,
        **ENTERED,
    )
    with pytest.raises(RuleViolation) as own:
        services.plan(
            chief,
            post("pho_truong_ban_tinh_uy"),
            cast.commission,
            term_first_year=2030,
            term_last_year=2035,
            on=date(2025, 11, 1),
            **ENTERED,
        )
    assert "Trưởng ban" in own.value.message and own.value.code.startswith("planning.")


def test_a_cadres_deadlines_come_from_the_records() -> None:
    """RULES.md §11.14 through partyorg.rules.cadre_deadlines: a man born 02/1965 retires at the end of
    08/2026 (ND 135, §11.10 checked example); appointed deputy head on 01/09/2021 (dossier 01/08/2021:
    exactly 60 months left, HD 06's example, eligible) his term runs to the pension, 01/09/2026, so
    the term ends on 31/08/2026 and the retirement on 31/08/2026."""
    from partyorg.cadres.deadlines import deadlines_of

    cast = build()
    who = testing.person("Điêu Chính Tới", birth_date=date(1965, 2, 14))
    hire(who, cast.commission)
    services.appoint(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2021, 9, 1),
        mode=HoldingMode.APPOINTED,
        dossier_received_on=date(2021, 8, 1),
        **ENTERED,
    )
    due = {d.code: d.due_on for d in deadlines_of(who, date(2026, 1, 5))}
    assert due["retirement"] == date(2026, 8, 31)
    assert due["term_ending"] == date(2026, 8, 31)


def test_a_civil_servant_sent_to_a_masters_needs_three_years_of_service() -> None:
    """ND 101/2017 (in force until 30/06/2025), RULES.md §11.8 [V]: a civil servant sent to postgraduate
    training needs ≥ 3 years' service, the two years before rated "good" or better, and at most 40 years
    at the first dispatch. Hand-made: born 12/04/1988, recruited 01/03/2017, rated good for 2019 and
    2020: sent on 01/09/2021 (54 months of service) it passes; a colleague recruited 01/03/2019 has 30
    months on 01/09/2021 and is refused, unless an override names the rule."""
    cast = build()
    first = testing.person("Cà Văn Hùng", birth_date=date(1988, 4, 12))
    second = testing.person("Cà Thị Lan", sex="female", birth_date=date(1990, 1, 3))
    hire(first, cast.commission, on=date(2017, 3, 1))
    hire(second, cast.commission, on=date(2019, 3, 1))
    for who in (first, second):
        for year in (2019, 2020):
            services.rate_state(
                who,
                cast.commission,
                year=year,
                rated_on=date(year, 12, 10),
                level=StateLevel.GOOD,
                **ENTERED,
            )
    master = Course(Programme.DEGREE, "master", "Quản lý công")
    services.start_training(first, master, on=date(2021, 9, 1), dispatched=True, **ENTERED)
    with pytest.raises(RuleViolation) as refused:
        services.start_training(second, master, on=date(2021, 9, 1), dispatched=True, **ENTERED)
    assert refused.value.message.startswith(f"Cà Thị Lan ({second.code}):")
    assert "101/2017" in str(refused.value)
    kept = services.start_training(
        second,
        master,
        on=date(2021, 9, 1),
        dispatched=True,
        **ENTERED,
        override=Override(refused.value.code, "Cơ quan tự chi trả một phần"),
    )
    assert kept.override_rule == refused.value.code
    # Not sent by the agency (at her own cost): no condition.
    services.start_training(second, Course(Programme.DEGREE, "doctor"), on=date(2021, 10, 1), **ENTERED)


def test_a_political_theory_confirmation_counts_only_before_9_july_2021() -> None:
    """KL 09-KL/TW, RULES.md §11.8 [V]: a "giấy xác nhận trình độ" of political theory issued before
    09/07/2021 counts as the level; one issued later does not (partyorg.rules.training)."""
    cast = build()
    early, late = testing.person("Xác nhận sớm"), testing.person("Xác nhận muộn")
    for who, day in ((early, date(2021, 7, 8)), (late, date(2021, 7, 9))):
        hire(who, cast.commission)
        services.start_training(
            who,
            Course(Programme.POLITICAL_THEORY, "senior", is_confirmation=True),
            on=day,
            start_known=False,
            completed_on=day,
            **ENTERED,
        )
    assert queries.highest_levels([early.pk, late.pk], date(2022, 1, 1))[Programme.POLITICAL_THEORY] == {
        early.pk: "senior"
    }
