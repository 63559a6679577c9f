"""One cadre's working life, from recruitment to dismissal (issue 17, done-when), every date and
refusal worked by hand from RULES.md §11.

Quàng Văn Thắng, a man born 15/05/1980: his retirement is the end of 05/2042 (ND 135/2020, RULES.md
§11.10: born from 04/1966 a man retires at 62). Recruited to the provincial Ban Tổ chức on 01/03/2008.
A master's degree 2012–2014; "cao cấp" political theory 2016–2018 (studying on 30/06/2017). Planned
on 01/03/2019 for deputy head of the commission, term 2020–2025. Dossier received 10/04/2020, appointed
01/05/2020: 265 months left (04/2020 → 05/2042) ≥ 60 (KL 08 was not yet in force; QĐ 105 counts to 60:
05/2040, 241 months ≥ 60); his term runs 5 years, to 01/05/2025 ([P]); he leaves the planning, appointed.
Rated "không hoàn thành nhiệm vụ" for 2023 and 2024 (ND 90/2020): the second year calls for a dismissal
review (QĐ 41-QĐ/TW, RULES.md §11.3, §11.7 ground 4). Dismissed (miễn nhiệm) on 15/01/2025.
"""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.cadres import queries, services
from partyorg.cadres.deadlines import dismissal_review_of
from partyorg.cadres.models import (
    HoldingMode,
    PlanningExit,
    PostEnd,
    Programme,
    StateLevel,
    TrainingOutcome,
)
from partyorg.cadres.services import CadreRefused, Course
from partyorg.cadres.tests.cast import ENTERED, build, hire, post
from partyorg.reports.statistics.cadres import SENIOR_OR_BACHELOR, staff_of
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db


def test_one_cadre_from_recruitment_to_dismissal() -> None:
    cast = build()
    who = testing.person("Quàng Văn Thắng", birth_date=date(1980, 5, 15))
    assert services.retirement_of_person(who).retires_on == date(2042, 5, 31)

    hire(who, cast.commission, on=date(2008, 3, 1), department=cast.departments[1], rank="Chuyên viên")
    master = services.start_training(
        who,
        Course(Programme.DEGREE, "master", "Quản lý công", mode="part_time"),
        on=date(2012, 9, 1),
        **ENTERED,
    )
    services.end_training(master, on=date(2014, 9, 1), outcome=TrainingOutcome.COMPLETED, **ENTERED)
    theory = services.start_training(
        who,
        Course(Programme.POLITICAL_THEORY, "senior"),
        on=date(2016, 9, 5),
        **ENTERED,
    )
    assert staff_of([cast.commission], date(2017, 6, 30)).studying_theory[SENIOR_OR_BACHELOR].person_ids == {
        who.pk
    }
    services.end_training(theory, on=date(2018, 8, 20), outcome=TrainingOutcome.COMPLETED, **ENTERED)

    deputy = post("pho_truong_ban_tinh_uy")
    entry = services.plan(
        who,
        deputy,
        cast.commission,
        term_first_year=2020,
        term_last_year=2025,
        on=date(2019, 3, 1),
        **ENTERED,
    )
    holding = services.appoint(
        who,
        deputy,
        cast.commission,
        on=date(2020, 5, 1),
        mode=HoldingMode.APPOINTED,
        dossier_received_on=date(2020, 4, 10),
        **ENTERED,
    )
    assert holding.term_ends_on == date(2025, 5, 1)
    services.exit_planning(entry, on=date(2020, 5, 1), reason=PlanningExit.APPOINTED, **ENTERED)
    assert [h.post.code for h in queries.ranked_posts(who.pk, date(2020, 5, 1))] == ["pho_truong_ban_tinh_uy"]

    for year in (2023, 2024):
        services.rate_state(
            who,
            cast.commission,
            year=year,
            rated_on=date(year, 12, 10),
            level=StateLevel.NOT_FULFILLED,
            **ENTERED,
        )
    assert dismissal_review_of(who, 2023, date(2023, 12, 11)) is None
    review = dismissal_review_of(who, 2024, date(2024, 12, 11))
    assert review is not None and "41-QĐ/TW" in review.rule.citation
    with pytest.raises(CadreRefused) as twice:
        services.rate_state(
            who,
            cast.commission,
            year=2024,
            rated_on=date(2024, 12, 12),
            level=StateLevel.FULFILLED,
            **ENTERED,
        )
    assert (
        twice.value.message
        == f"Quàng Văn Thắng ({who.code}) đã được đánh giá kỳ này (2024); hãy sửa bản ghi đã có."
    )

    services.end_post(holding, on=date(2025, 1, 15), reason=PostEnd.DISMISSED, **ENTERED)
    assert not queries.ranked_posts(who.pk, date(2025, 1, 15))
    with pytest.raises(CadreRefused) as again:
        services.end_post(holding, on=date(2025, 2, 1), reason=PostEnd.DISMISSED, **ENTERED)
    assert again.value.message == f"Chức vụ của Quàng Văn Thắng ({who.code}) đã kết thúc."
    # After QĐ 377 (08/10/2025) a higher post needs the planning for it (Art. 34): he has none.
    with pytest.raises(RuleViolation) as unplanned:
        services.appoint(
            who,
            post("truong_ban_tinh_uy"),
            cast.commission,
            on=date(2025, 12, 1),
            mode=HoldingMode.APPOINTED,
            dossier_received_on=date(2025, 11, 3),
            **ENTERED,
        )
    assert unplanned.value.message.startswith(
        f"Quàng Văn Thắng ({who.code}): Chưa có trong quy hoạch chức danh"
    )
    assert "377-QĐ/TW" in str(unplanned.value)


def test_a_cadre_disciplined_after_planning_is_due_to_leave_it() -> None:
    """RULES.md §11.4 (QĐ 50 [V], kept by QĐ 377 [P]): disciplined (khiển trách or more) → đương nhiên ra
    khỏi quy hoạch. Hand-made: a deputy head, a party member, planned on 01/11/2025 for head of the
    commission (term 2030–2035), reprimanded on 02/03/2026: on 01/04/2026 the review lists him, out
    from 02/03/2026 for discipline; recorded, he is no longer in the planning."""
    from partyorg.cadres.deadlines import due_planning_exits
    from partyorg.discipline import services as discipline

    cast = build()
    who = testing.person("Lường Văn Khởi", birth_date=date(1982, 7, 9))
    testing.admit(who, cast.tree.cell_a, date(2008, 5, 1))
    hire(who, cast.commission, on=date(2010, 1, 4))
    services.appoint(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2020, 1, 1),
        mode=HoldingMode.APPOINTED,
        **ENTERED,
    )
    entry = services.plan(
        who,
        post("truong_ban_tinh_uy"),
        cast.commission,
        term_first_year=2030,
        term_last_year=2035,
        on=date(2025, 11, 1),
        **ENTERED,
    )
    assert due_planning_exits(date(2026, 4, 1)) == []
    discipline.discipline_member(who, "reprimand", date(2026, 3, 2), **ENTERED)
    [(listed, out)] = due_planning_exits(date(2026, 4, 1), units=[cast.commission.pk])
    assert (listed, out.reason, out.on) == (entry, PlanningExit.DISCIPLINE, date(2026, 3, 2))
    services.exit_planning(entry, on=out.on, reason=out.reason, **ENTERED)
    assert not queries.planning_on(date(2026, 4, 1)).exists()


def test_leaving_before_the_service_commitment_ends_owes_the_unserved_share() -> None:
    """ND 171/2025 (RULES.md §11.8 [V]): a commitment to serve after training, refunded pro rata when
    leaving early. Hand-made: a master's completed on 01/07/2025 with a commitment to 01/07/2031 (3 ×
    2 years: 2.191 days, 29/02/2028 among them); leaving on 01/07/2028 leaves 1.095 days unserved
    (2028–2031 has no 29 February): 1.095/2.191 of the cost, a day short of half."""
    from fractions import Fraction

    from partyorg.cadres.deadlines import refunds_on_leaving

    cast = build()
    who = testing.person("Lò Văn Sơn", birth_date=date(1990, 2, 1))
    hire(who, cast.commission, on=date(2015, 3, 1))
    course = services.start_training(who, Course(Programme.DEGREE, "master"), on=date(2023, 7, 1), **ENTERED)
    end = services.end_training(
        course,
        on=date(2025, 7, 1),
        outcome=TrainingOutcome.COMPLETED,
        commitment_until=date(2031, 7, 1),
        **ENTERED,
    )
    assert refunds_on_leaving(who, date(2028, 7, 1)) == [(end, Fraction(1095, 2191))]
    assert refunds_on_leaving(who, date(2031, 7, 1)) == []
