"""One cadre through the rules of cadre work, every date and refusal worked by hand from RULES.md §11.

Lò Văn Minh, a man born 14/03/1978: the ND 135 schedule asks 62 years from 2028, so he retires at the end
of 31/03/2040 (§11.10). A civil servant ("Chuyên viên", rank 9; 1 is the highest) from 2019, he is planned
in 2022 for Phó Chủ tịch UBND xã Nà Tấu (rank 5), studies for a master's degree, is appointed in 2024,
is rated "not completed" in 2024 and, reprimanded, in 2025, leaves the planning, is called for a dismissal
review, and waits two years after the reprimand before a higher post.
"""

from datetime import date
from decimal import Decimal

import pytest

from partyorg.rules import appointment, cadre_deadlines, planning, state_ratings
from partyorg.rules.base import RuleViolation
from partyorg.rules.ratings import FULFILLED, NOT_FULFILLED
from partyorg.rules.retirement import MALE, retirement_of

PCT = "Phó Chủ tịch UBND xã Nà Tấu"
BORN = date(1978, 3, 14)


def test_one_cadre_from_planning_to_a_dismissal_review() -> None:
    minh = retirement_of(BORN, MALE)
    assert (minh.retires_on, minh.pension_from) == (date(2040, 3, 31), date(2040, 4, 1))

    # Planning of 10/03/2022 for the 2026–2031 term (QĐ 50, HD 16): at 01/01/2026 he has 14 years 2
    # months = 170 months to 03/2040, more than a term; a higher post; two others planned for it.
    decided_on, start = date(2022, 3, 10), planning.term_start(2026)
    age = planning.check_planning_age(minh, decided_on, start, who="Lò Văn Minh")
    assert age is not None and (age.months_left, age.rule.code) == (170, "planning.age_50")
    others = [planning.PlanningEntry(p, PCT, "xã") for p in ("DB000101", "DB000102")]
    planning.check_planning_limits(decided_on, others, planning.PlanningEntry("DB000100", PCT, "xã"))
    held = [("Chuyên viên", 9)]
    planning.check_higher_position(decided_on, planned_position=PCT, planned_rank=5, held=held)
    with pytest.raises(RuleViolation) as refused:  # HD 16: never the post he holds
        planning.check_higher_position(decided_on, planned_position="Chuyên viên", planned_rank=9, held=held)
    assert refused.value.code == "planning.only_higher_16"

    # A master's degree 01/09/2022–01/09/2024 under ND 101: 24 months × 2 → serves until 31/08/2028.
    until, rule = cadre_deadlines.service_commitment_until(date(2022, 9, 1), date(2024, 9, 1)) or (None, None)
    assert until == date(2028, 9, 1) and rule is not None and rule.code == "cadre_deadlines.commitment_101"

    # The dossier reaches the commission on 05/01/2024 (QĐ 80): 16 years 2 months = 194 months left.
    check = appointment.check_appointment_age(minh, date(2024, 1, 5), who="Lò Văn Minh")
    assert check is not None and (check.months_left, check.rule.code) == (194, "appointment.age_80")
    post_until = appointment.term_until(date(2024, 2, 1), minh)
    assert post_until == date(2029, 2, 1)  # 5 years ([P]), far from retirement

    # 2024 (ND 90 + ND 48): "not completed". 2025: reprimanded from 20/06/2025, so "completed" is refused.
    state_ratings.check_state_rating("civil_servant", 2024, NOT_FULFILLED)
    reprimand = date(2025, 6, 20)
    with pytest.raises(RuleViolation) as refused:
        state_ratings.check_state_rating(
            "civil_servant",
            2025,
            FULFILLED,
            facts=state_ratings.Facts(disciplined_on=reprimand),
            who="Lò Văn Minh",
        )
    assert refused.value.code == "state_ratings.disciplined_48"
    assert refused.value.message == (
        "Lò Văn Minh: Bị kỷ luật ngày 20/06/2025 trong năm đánh giá: không thể xếp loại “Hoàn thành "
        "nhiệm vụ”."
    )
    with pytest.raises(RuleViolation):  # ND 90 has no 100-point score
        state_ratings.check_state_rating("civil_servant", 2025, NOT_FULFILLED, score=Decimal(40))
    state_ratings.check_state_rating(
        "civil_servant", 2025, NOT_FULFILLED, facts=state_ratings.Facts(disciplined_on=reprimand)
    )

    # The reprimand takes him out of the planning that day (QĐ 50, still in force on 01/07/2025).
    out = planning.planning_exit(
        minh,
        decided_on=decided_on,
        planned_term_start=start,
        on=date(2025, 7, 1),
        disciplines=[("reprimand", reprimand)],
    )
    assert out is not None and (out.reason, out.on, out.rule.code) == (
        "discipline",
        reprimand,
        "planning.automatic_exit_50",
    )

    # Two consecutive years "not completed": a dismissal review (QĐ 41 ground 4, under QĐ 377 [P]).
    review = state_ratings.dismissal_review(
        {2024: NOT_FULFILLED, 2025: NOT_FULFILLED}, 2025, date(2025, 12, 15)
    )
    assert review is not None and review.rule.code == "state_ratings.two_years_377"

    # His deadlines on 01/01/2026, before the dismissal, up to 2030: the reprimand's 24 months (QĐ 377 [P])
    # end on 20/06/2027; the commitment on 31/08/2028; the state post's term on 31/01/2029, notified 90
    # days before: 02/11/2028, for a re-appointment (133 months left in 02/2029).
    facts = cadre_deadlines.CadreFacts(
        BORN,
        MALE,
        posts=[cadre_deadlines.PostFacts(PCT, date(2024, 2, 1), state_post=True, category="civil_servant")],
        commitments=[
            cadre_deadlines.CommitmentFacts("Thạc sĩ Quản lý công", date(2022, 9, 1), date(2024, 9, 1))
        ],
        disciplines=[("reprimand", reprimand)],
    )
    found = cadre_deadlines.cadre_deadlines(facts, date(2026, 1, 1), horizon=date(2030, 1, 1))
    assert [(d.code, d.due_on) for d in found] == [
        ("discipline_waiting_end", date(2027, 6, 20)),
        ("commitment_end", date(2028, 8, 31)),
        ("reappointment_notice", date(2028, 11, 2)),
        ("term_ending", date(2029, 1, 31)),
    ]
    assert "(còn 133 tháng đến nghỉ hưu): Bổ nhiệm lại (thời hạn 5 năm)" in found[2].title

    # Dismissed on 15/01/2026; proposed for a higher post on 01/03/2027, inside the 24 months.
    with pytest.raises(RuleViolation) as refused:
        appointment.check_discipline_waiting(date(2027, 3, 1), [("reprimand", reprimand)], who="Lò Văn Minh")
    assert refused.value.message == (
        "Lò Văn Minh: Bị kỷ luật “Khiển trách” từ ngày 20/06/2025: chỉ được đề xuất chức vụ cao hơn từ ngày "
        "20/06/2027."
    )
    appointment.check_discipline_waiting(date(2027, 6, 20), [("reprimand", reprimand)])
