"""One person from outstanding candidate to official member, on the real 2017 and 2026 calendars.

Every deadline below was counted by hand on the Vietnamese calendar (Tết 26/01–01/02/2017 and
16–20/02/2026, Giỗ Tổ, 30/04–01/05, the observed days) and the code must agree. The rules:
RULES.md §2.1 (age), §2.2 (pipeline, decision 60 + 30 working days, ceremony 30), §2.3 (probation
12 months, proposal 30 working days after it, decision 30 + 30, recognition effective at the end
of the 12 months).
"""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind, MembershipEvent, MemberStatus
from partyorg.members.queries import person_on
from partyorg.members.services import Override
from partyorg.recruitment import queries, services
from partyorg.recruitment.models import CandidateStage, CandidateStep, IntroducedBy, IntroducerKind
from partyorg.recruitment.tests.cast import resolved, veterans
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db
BY = "bantochuc.huyen"


def basis(number: str, on: date | None, issuer: str) -> LegalBasis:
    return LegalBasis(number, on, issuer)


def test_from_candidate_to_official_member_2017() -> None:
    tree = testing.build_tree()
    a, b, _ = veterans(tree.cell_a)
    cell_basis = basis("05-NQ/CB", date(2017, 1, 9), "Chi bộ bản Na Ten")

    candidate = services.add_new_candidate(
        tree.cell_a,
        code="QC0001",
        full_name="Lò Thị Hoa",
        sex="female",
        birth_date=date(1995, 6, 10),
        general_education="upper_secondary",
        introduced_by=IntroducedBy.YOUTH_UNION,
        introduced_on=date(2016, 3, 15),
        introducing_body="Đoàn TNCS Hồ Chí Minh xã Nà Tấu",
        recorded_by=BY,
    )
    services.record_course(
        candidate,
        date(2016, 5, 20),
        legal_basis=basis("123/GCN", date(2016, 5, 20), "Trung tâm Bồi dưỡng chính trị huyện"),
        recorded_by=BY,
    )
    services.record_sympathizer(
        candidate,
        date(2016, 6, 1),
        mentor=a,
        legal_basis=cell_basis,
        recorded_by=BY,
    )
    services.record_application(candidate, date(2016, 11, 1), recorded_by=BY)
    services.record_introducer(
        candidate,
        date(2016, 12, 5),
        kind=IntroducerKind.MEMBER,
        introducer=a,
        worked_together_since=date(2015, 1, 1),
        recorded_by=BY,
    )
    services.record_introducer(
        candidate,
        date(2016, 12, 5),
        kind=IntroducerKind.YOUTH_UNION,
        legal_basis=basis("07-NQ/ĐTN", date(2016, 12, 5), "BCH Đoàn xã Nà Tấu"),
        recorded_by=BY,
    )
    services.record_verification(
        candidate, date(2016, 12, 20), legal_basis=basis("", None, "Đảng ủy xã Nà Tấu"), recorded_by=BY
    )
    # The cell counts its official members itself: the three veterans (RULES.md §2.2 step 6).
    resolution = services.record_cell_resolution(
        candidate, date(2017, 1, 9), votes_for=3, votes_against=0, legal_basis=cell_basis, recorded_by=BY
    )
    assert resolution.votes_total == 3

    # Due list a week later: the decision, 60 working days from Mon 09/01/2017, counted by hand past
    # Tết (26/01–01/02) and Giỗ Tổ (06/04): Tue 11/04/2017; with the special 30 more: Thu 25/05/2017.
    (item,) = queries.due([tree.cell_a.pk], date(2017, 1, 16), 120)
    assert (item.person.full_name, item.step, item.deadline, item.latest, item.overdue) == (
        "Lò Thị Hoa",
        CandidateStage.DECIDED,
        date(2017, 4, 11),
        date(2017, 5, 25),
        False,
    )
    assert queries.due([tree.cell_a.pk], date(2017, 1, 16), 30) == []  # not within 30 days
    assert queries.due([tree.cell_a.pk], date(2017, 4, 12), 0)[0].overdue

    decision = services.record_decision(
        candidate,
        date(2017, 1, 20),
        received_on=date(2017, 1, 23),
        deciding_organization=tree.district,
        legal_basis=basis("112-QĐ/HU", date(2017, 1, 20), "Ban Thường vụ Huyện ủy Mường Khoa"),
        recorded_by=BY,
    )
    event = decision.membership_event
    assert event is not None and event.kind == EventKind.ADMISSION_DECIDED
    assert (event.effective_on, event.organization_id, event.basis_number) == (
        date(2017, 1, 20),
        tree.cell_a.pk,
        "112-QĐ/HU",
    )

    # Ceremony: 30 working days from receiving the decision (Mon 23/01/2017), by hand past Tết:
    # Mon 13/03/2017. The day after is refused with its message.
    (item,) = queries.due([tree.cell_a.pk], date(2017, 2, 1), 60)
    assert (item.step, item.deadline) == (CandidateStage.CEREMONY, date(2017, 3, 13))
    ceremony_basis = basis("112-QĐ/HU", date(2017, 1, 20), "Ban Thường vụ Huyện ủy Mường Khoa")
    with pytest.raises(RuleViolation) as refused:
        services.record_ceremony(candidate, date(2017, 3, 14), legal_basis=ceremony_basis, recorded_by=BY)
    assert refused.value.code == "admission.ceremony_deadline"
    assert refused.value.message == (
        "Lễ kết nạp ngày 14/03/2017 quá thời hạn 30 ngày làm việc kể từ ngày nhận quyết định kết nạp "
        "(23/01/2017, hạn cuối 13/03/2017); chi bộ phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý."
    )
    assert not CandidateStep.objects.filter(kind=CandidateStage.CEREMONY).exists()
    ceremony = services.record_ceremony(
        candidate, date(2017, 3, 13), legal_basis=ceremony_basis, recorded_by=BY
    )
    person = candidate.person
    today = person_on(person, date(2017, 3, 13))
    assert (today.is_member, today.status, today.organization and today.organization.organization_id) == (
        True,
        MemberStatus.PROBATIONARY,
        tree.cell_a.pk,
    )
    # The member log measures from the decision's date (10/03/2017): the step says why it is on time.
    assert ceremony.membership_event is not None
    assert ceremony.membership_event.override_rule == "admission.ceremony_deadline"

    # Probation ends Tue 13/03/2018; the proposal is due 30 working days later: Tue 24/04/2018
    # (by hand; Giỗ Tổ 2018 is the day after, 25/04).
    (item,) = queries.due([tree.cell_a.pk], date(2018, 3, 1), 60)
    assert (item.step, item.deadline, item.candidate) == (
        CandidateStage.RECOGNITION_PROPOSED,
        date(2018, 4, 24),
        candidate,
    )
    with pytest.raises(RuleViolation) as early:
        services.record_recognition_proposal(
            candidate, date(2018, 3, 12), votes_for=3, votes_against=0, legal_basis=cell_basis, recorded_by=BY
        )
    assert early.value.code == "recruitment.recognition_window"
    services.record_recognition_proposal(
        candidate,
        date(2018, 3, 20),
        votes_for=3,
        votes_against=0,
        legal_basis=basis("09-NQ/CB", date(2018, 3, 20), "Chi bộ bản Na Ten"),
        recorded_by=BY,
    )
    # The committee: 30 working days from 20/03/2018 (by hand: Fri 04/05/2018).
    (item,) = queries.due([tree.cell_a.pk], date(2018, 3, 21), 60)
    assert (item.step, item.deadline) == (CandidateStage.RECOGNIZED, date(2018, 5, 4))
    recognition = services.record_recognition(
        candidate,
        date(2018, 4, 10),
        deciding_organization=tree.district,
        legal_basis=basis("301-QĐ/HU", date(2018, 4, 10), "Ban Thường vụ Huyện ủy Mường Khoa"),
        recorded_by=BY,
    )
    # Official from the end of the 12 months, not from the decision (QĐ 29 §4.2b).
    assert recognition.membership_event is not None
    assert recognition.membership_event.effective_on == date(2018, 3, 13)
    assert person_on(person, date(2018, 3, 12)).status == MemberStatus.PROBATIONARY
    official = person_on(person, date(2018, 3, 13))
    assert official.status == MemberStatus.OFFICIAL
    assert official.first_decision_on == date(2017, 1, 20)  # party age from the decision (§8 item 1)
    assert queries.due([tree.cell_a.pk], date(2018, 4, 11), 365) == []
    kinds = list(MembershipEvent.objects.filter(person=person).order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.ADMISSION_DECIDED, EventKind.ADMISSION_CEREMONY, EventKind.RECOGNIZED_OFFICIAL]
    assert b is not None


def test_from_candidate_to_official_member_2026() -> None:
    tree = testing.build_tree()
    a, b, c = veterans(tree.cell_b)
    cell_basis = basis("02-NQ/CB", date(2026, 2, 2), "Chi bộ bản Co Sản")
    candidate = services.add_new_candidate(
        tree.cell_b,
        code="QC0002",
        full_name="Quàng Văn Minh",
        sex="male",
        birth_date=date(2007, 12, 20),
        general_education="upper_secondary",
        introduced_by=IntroducedBy.TRADE_UNION,
        introduced_on=date(2025, 3, 1),
        recorded_by=BY,
    )
    services.record_course(
        candidate,
        date(2025, 4, 15),
        legal_basis=basis("45/GCN", date(2025, 4, 15), "Trung tâm chính trị"),
        recorded_by=BY,
    )
    services.record_application(candidate, date(2025, 12, 1), recorded_by=BY)
    # Worked together since 10/02/2025: 10 months on 05/01/2026 — refused (Charter Art. 4).
    with pytest.raises(RuleViolation) as refused:
        services.record_introducer(
            candidate,
            date(2026, 1, 5),
            kind=IntroducerKind.MEMBER,
            introducer=c,
            worked_together_since=date(2025, 2, 10),
            recorded_by=BY,
        )
    assert refused.value.message == (
        "Người giới thiệu Đảng viên 2 phải cùng công tác với người vào Đảng ít nhất 12 tháng tính đến ngày "
        "giới thiệu 05/01/2026 (từ 10/02/2025, mới 10 tháng)."
    )
    services.record_introducer(
        candidate,
        date(2026, 1, 5),
        kind=IntroducerKind.MEMBER,
        introducer=a,
        worked_together_since=date(2025, 1, 1),
        recorded_by=BY,
    )
    services.record_introducer(
        candidate,
        date(2026, 1, 5),
        kind=IntroducerKind.TRADE_UNION,
        legal_basis=basis("03-NQ/CĐ", date(2026, 1, 5), "BCH Công đoàn cơ sở"),
        recorded_by=BY,
    )
    services.record_verification(candidate, date(2026, 1, 20), legal_basis=LegalBasis(), recorded_by=BY)
    # 17 years 11 months on 19/12/2025 would be refused (QĐ 24 §1.1.1); Mon 02/02/2026 he is 18.
    with pytest.raises(RuleViolation) as too_young:
        services.record_cell_resolution(
            candidate,
            date(2025, 12, 19),
            votes_for=3,
            votes_against=0,
            legal_basis=cell_basis,
            recorded_by=BY,
        )
    assert too_young.value.code == "admission.age"
    # Two of three official members approve: exactly two thirds.
    services.record_cell_resolution(
        candidate, date(2026, 2, 2), votes_for=2, votes_against=1, legal_basis=cell_basis, recorded_by=BY
    )
    # 60 working days from Mon 02/02/2026, by hand past Tết (16–20/02), Giỗ Tổ observed (27/04) and
    # 30/04–01/05: Thu 07/05/2026.
    (item,) = queries.due([tree.cell_b.pk], date(2026, 2, 10), 90)
    assert (item.step, item.deadline, item.overdue) == (CandidateStage.DECIDED, date(2026, 5, 7), False)
    decision_basis = basis("88-QĐ/ĐU", date(2026, 5, 4), "Đảng ủy xã Nà Tấu")
    services.record_decision(
        candidate,
        date(2026, 5, 4),
        received_on=date(2026, 5, 5),
        deciding_organization=tree.commune,
        legal_basis=decision_basis,
        recorded_by=BY,
    )
    # Ceremony by Tue 16/06/2026 (30 working days from Tue 05/05/2026, by hand).
    (item,) = queries.due([tree.cell_b.pk], date(2026, 5, 6), 60)
    assert (item.step, item.deadline) == (CandidateStage.CEREMONY, date(2026, 6, 16))
    services.record_ceremony(candidate, date(2026, 5, 19), legal_basis=decision_basis, recorded_by=BY)
    # Probation ends Wed 19/05/2027; proposal by Wed 30/06/2027 (30 working days, by hand).
    (item,) = queries.due([tree.cell_b.pk], date(2027, 5, 20), 60)
    assert (item.step, item.deadline) == (CandidateStage.RECOGNITION_PROPOSED, date(2027, 6, 30))
    services.record_recognition_proposal(
        candidate, date(2027, 6, 1), votes_for=3, votes_against=0, legal_basis=cell_basis, recorded_by=BY
    )
    services.record_recognition(
        candidate,
        date(2027, 6, 15),
        deciding_organization=tree.commune,
        legal_basis=basis("140-QĐ/ĐU", date(2027, 6, 15), "Đảng ủy xã Nà Tấu"),
        recorded_by=BY,
    )
    assert person_on(candidate.person, date(2027, 5, 19)).status == MemberStatus.OFFICIAL
    assert services.state_of(candidate).stage == CandidateStage.RECOGNIZED
    assert b is not None


def test_a_late_ceremony_needs_the_superiors_consent_recorded_as_an_override() -> None:
    """QĐ 232 §4.1 [V]: after 30 working days only with the direct superior's consent."""
    tree = testing.build_tree()
    veterans(tree.cell_a)
    candidate = resolved(tree)
    services.record_decision(
        candidate,
        date(2017, 1, 20),
        deciding_organization=tree.district,
        legal_basis=LegalBasis("1-QĐ/HU", date(2017, 1, 20), "BTV Huyện ủy"),
        recorded_by=BY,
    )
    consent = Override("admission.ceremony_deadline", "Huyện ủy đồng ý tại Công văn 15-CV/HU ngày 01/03/2017")
    step = services.record_ceremony(
        candidate, date(2017, 3, 20), legal_basis=LegalBasis(), recorded_by=BY, override=consent
    )
    assert (step.override_rule, step.membership_event and step.membership_event.override_rule) == (
        "admission.ceremony_deadline",
        "admission.ceremony_deadline",
    )


def test_the_steps_due_are_grouped_by_step_and_the_organization_under_the_root() -> None:
    """Probationary members admitted outside the pipeline are due for the cell's proposal of their
    recognition (RULES.md §2.3): Nga (cell A, ceremony 12/01/2017), Mới (cell B, 19/01/2017) and
    Thầy (the school, 26/01/2017). On 15/01/2018, under the district: the commune's group (two,
    nearest Nga's day) and the school's (one); the commune's group holds Nga and Mới."""
    from partyorg.rules import probation

    tree = testing.build_tree()
    for name, cell, decided in (
        ("Lò Thị Nga", tree.cell_a, date(2017, 1, 2)),
        ("Quàng Văn Mới", tree.cell_b, date(2017, 1, 9)),
        ("Cầm Văn Thầy", tree.school, date(2017, 1, 16)),
    ):
        testing.admit(testing.person(name), cell, decided, recognize=False)
    on = date(2018, 1, 15)
    items = queries.due([tree.cell_a.pk, tree.cell_b.pk, tree.school.pk], on, 60)
    groups = queries.due_groups(items, tree.district, on)
    proposal = CandidateStage.RECOGNITION_PROPOSED
    assert [(g.kind, g.unit_id, g.count, g.nearest) for g in groups] == [
        (proposal, tree.commune.pk, 2, probation.recognition_proposal_deadline(date(2017, 1, 12))),
        (proposal, tree.school.pk, 1, probation.recognition_proposal_deadline(date(2017, 1, 26))),
    ]
    commune = queries.due_in_group(
        items, tree.district, on, CandidateStage.RECOGNITION_PROPOSED, tree.commune
    )
    assert [i.person.full_name for i in commune] == ["Lò Thị Nga", "Quàng Văn Mới"]
