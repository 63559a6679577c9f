"""The pipeline's commands: who may be a candidate, what each step refuses, corrections, stops,
source plans. Rules cited: RULES.md §2.2 (pipeline, introducers: Charter Art. 4), §2.3."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.members.queries import person_on
from partyorg.recruitment import services
from partyorg.recruitment.models import (
    Candidate,
    CandidateStage,
    CandidateStep,
    IntroducedBy,
    IntroducerKind,
    SourcePlan,
    StopReason,
)
from partyorg.recruitment.services import StepRefused
from partyorg.recruitment.tests.cast import BY, resolved, veterans
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db
NONE = LegalBasis()


def new(tree: testing.Tree, code: str = "QC1", on: date = date(2016, 1, 4)) -> Candidate:
    return services.add_new_candidate(
        tree.cell_a,
        code=code,
        full_name="Vì Văn Bình",
        sex="male",
        birth_date=date(1992, 2, 2),
        introduced_by=IntroducedBy.YOUTH_UNION,
        introduced_on=on,
        recorded_by=BY,
    )


def test_a_candidate_belongs_to_a_cell_not_a_committee() -> None:
    tree = testing.build_tree()
    person = testing.person("Lò Văn Sáng")
    with pytest.raises(StepRefused) as refused:
        services.add_candidate(
            person,
            tree.commune,
            introduced_by=IntroducedBy.YOUTH_UNION,
            introduced_on=date(2016, 1, 4),
            recorded_by=BY,
        )
    assert (
        str(refused.value)
        == "Quần chúng ưu tú được giới thiệu về một chi bộ; Đảng ủy xã Nà Tấu là đảng bộ cơ sở."
    )


def test_a_member_or_an_open_candidate_cannot_be_added_again() -> None:
    tree = testing.build_tree()
    (member,) = veterans(tree.cell_a, 1)
    with pytest.raises(StepRefused, match="đã có quyết định kết nạp ngày 01/03/2010"):
        services.add_candidate(
            member,
            tree.cell_a,
            introduced_by=IntroducedBy.OTHER,
            introduced_on=date(2016, 1, 4),
            recorded_by=BY,
        )
    candidate = new(tree)
    with pytest.raises(StepRefused, match=r"đang là quần chúng ưu tú của tổ chức T\.H\.X\.1"):
        services.add_candidate(
            candidate.person,
            tree.cell_b,
            introduced_by=IntroducedBy.OTHER,
            introduced_on=date(2016, 6, 1),
            recorded_by=BY,
        )
    services.stop(candidate, date(2016, 5, 1), reason=StopReason.MOVED, recorded_by=BY)
    again = services.add_candidate(
        candidate.person,
        tree.cell_b,
        introduced_by=IntroducedBy.OTHER,
        introduced_on=date(2016, 6, 1),
        recorded_by=BY,
    )
    assert services.state_of(again).stage == CandidateStage.INTRODUCED
    with pytest.raises(StepRefused, match="đã dừng xem xét từ ngày 01/05/2016"):
        services.record_application(candidate, date(2016, 6, 1), recorded_by=BY)


def test_the_introducer_must_be_official_in_the_member_records() -> None:
    """Charter Art. 4 [V], RULES.md §2.2: read from the member's intervals on the day."""
    tree = testing.build_tree()
    probationary = testing.person("Lường Thị Dự Bị")
    testing.admit(probationary, tree.cell_a, date(2016, 1, 4), recognize=False)
    candidate = new(tree)
    with pytest.raises(RuleViolation) as refused:
        services.record_introducer(
            candidate,
            date(2016, 6, 1),
            kind=IntroducerKind.MEMBER,
            introducer=probationary,
            worked_together_since=date(2014, 1, 1),
            recorded_by=BY,
        )
    assert refused.value.code == "recruitment.introducer_official"
    with pytest.raises(StepRefused, match="không thể tự giới thiệu"):
        services.record_introducer(
            candidate,
            date(2016, 6, 1),
            kind=IntroducerKind.MEMBER,
            introducer=candidate.person,
            recorded_by=BY,
        )
    with pytest.raises(StepRefused, match="cần ghi Ban Chấp hành"):
        services.record_introducer(
            candidate, date(2016, 6, 1), kind=IntroducerKind.YOUTH_UNION, recorded_by=BY
        )


def test_the_cell_resolution_checks_the_whole_file() -> None:
    """RULES.md §2.2: certificate (HD 61), introducers, verification and the vote, in that order."""
    tree = testing.build_tree()
    a, b, _ = veterans(tree.cell_a)
    candidate = new(tree)

    def resolve(on: date = date(2017, 1, 9), votes_for: int = 3) -> CandidateStep:
        return services.record_cell_resolution(
            candidate, on, votes_for=votes_for, votes_against=0, legal_basis=NONE, recorded_by=BY
        )

    with pytest.raises(RuleViolation) as no_course:
        resolve()
    assert no_course.value.code == "recruitment.awareness_course"
    services.record_course(candidate, date(2016, 3, 1), legal_basis=NONE, recorded_by=BY)
    with pytest.raises(RuleViolation) as no_introducers:
        resolve()
    assert no_introducers.value.message == "Hồ sơ cần 2 đảng viên chính thức giới thiệu; hiện có 0."
    for introducer in (a, b):
        services.record_introducer(
            candidate,
            date(2016, 1, 5),
            kind=IntroducerKind.MEMBER,
            introducer=introducer,
            worked_together_since=date(2012, 1, 1),
            recorded_by=BY,
        )
    with pytest.raises(RuleViolation) as stale:  # 05/01/2016 + 12 months < 09/01/2017 (RULES §2.2 [P])
        resolve()
    assert stale.value.code == "recruitment.file_staleness"
    with pytest.raises(StepRefused, match="Chưa có “Đơn xin vào Đảng, lý lịch”"):
        resolve(date(2016, 12, 1))
    services.record_application(candidate, date(2016, 10, 1), recorded_by=BY)
    with pytest.raises(StepRefused, match="Chưa có “Thẩm tra lý lịch”"):
        resolve(date(2016, 12, 1))
    services.record_verification(candidate, date(2016, 11, 1), legal_basis=NONE, recorded_by=BY)
    with pytest.raises(RuleViolation) as vote:  # 1 of 3 official members (RULES §2.2 [P])
        resolve(date(2016, 12, 1), votes_for=1)
    assert vote.value.code == "recruitment.admission_vote"
    step = resolve(date(2016, 12, 1), votes_for=2)
    assert (step.votes_for, step.votes_total) == (2, 3)
    with pytest.raises(StepRefused, match="hãy sửa bản ghi đó"):
        resolve(date(2016, 12, 2))


def test_a_decision_from_a_unit_that_is_not_a_superior_is_refused() -> None:
    tree = testing.build_tree()
    veterans(tree.cell_a)
    candidate = resolved(tree)
    with pytest.raises(StepRefused, match="không phải cấp ủy cấp trên"):
        services.record_decision(
            candidate, date(2017, 1, 20), deciding_organization=tree.cell_b, legal_basis=NONE, recorded_by=BY
        )
    with pytest.raises(StepRefused, match="Chưa có “Quyết định kết nạp”"):
        services.record_ceremony(candidate, date(2017, 1, 25), legal_basis=NONE, recorded_by=BY)


def test_late_decision_needs_the_special_extension() -> None:
    """QĐ 29 §4.3.1 [V]: 60 working days from 09/01/2017 end 11/04/2017 (worked in the rule tests)."""
    tree = testing.build_tree()
    veterans(tree.cell_a)
    candidate = resolved(tree)
    with pytest.raises(RuleViolation):
        services.record_decision(
            candidate,
            date(2017, 4, 12),
            deciding_organization=tree.district,
            legal_basis=NONE,
            recorded_by=BY,
        )
    step = services.record_decision(
        candidate,
        date(2017, 4, 12),
        extended=True,
        deciding_organization=tree.district,
        legal_basis=NONE,
        recorded_by=BY,
    )
    assert step.extended and step.override_rule == ""


def test_correcting_a_decision_corrects_the_members_event() -> None:
    tree = testing.build_tree()
    veterans(tree.cell_a)
    candidate = resolved(tree)
    wrong = services.record_decision(
        candidate, date(2017, 1, 20), deciding_organization=tree.district, legal_basis=NONE, recorded_by=BY
    )
    right = services.record_decision(
        candidate,
        date(2017, 1, 19),
        deciding_organization=tree.district,
        legal_basis=LegalBasis("12-QĐ/HU", date(2017, 1, 19), "BTV Huyện ủy"),
        recorded_by=BY,
        corrects=wrong,
    )
    assert right.corrects == wrong
    assert right.membership_event is not None and right.membership_event.corrects == wrong.membership_event
    assert services.state_of(candidate).last[CandidateStage.DECIDED].effective_on == date(2017, 1, 19)
    assert person_on(candidate.person, date(2017, 1, 25)).first_decision_on == date(2017, 1, 19)
    with pytest.raises(StepRefused, match="đã được sửa"):
        services.void_step(wrong, recorded_by=BY, note="nhầm")
    services.void_step(right, recorded_by=BY, note="Quyết định bị thu hồi")
    state = services.state_of(candidate)
    assert state.stage == CandidateStage.CELL_RESOLVED
    assert person_on(candidate.person, date(2017, 1, 25)).first_decision_on is None
    kinds = list(MembershipEvent.objects.filter(person=candidate.person).values_list("kind", flat=True))
    assert kinds.count(EventKind.VOIDED) == 1


def test_steps_are_append_only_in_the_database() -> None:
    tree = testing.build_tree()
    candidate = new(tree)
    step = CandidateStep.objects.get(candidate=candidate)
    with pytest.raises(DatabaseError), transaction.atomic():
        CandidateStep.objects.filter(pk=step.pk).update(note="sửa lén")
    with pytest.raises(DatabaseError), transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).delete()


def test_a_member_cannot_be_stopped_as_a_candidate() -> None:
    tree = testing.build_tree()
    veterans(tree.cell_a)
    candidate = resolved(tree)
    services.record_decision(
        candidate, date(2017, 1, 20), deciding_organization=tree.district, legal_basis=NONE, recorded_by=BY
    )
    services.record_ceremony(candidate, date(2017, 2, 10), legal_basis=NONE, recorded_by=BY)
    with pytest.raises(StepRefused, match="đã là đảng viên"):
        services.stop(candidate, date(2017, 3, 1), reason=StopReason.OTHER, recorded_by=BY)


def test_source_plan_is_corrected_by_a_new_row() -> None:
    tree = testing.build_tree()
    plan = services.set_source_plan(tree.cell_a, 2017, 3, recorded_by=BY)
    with pytest.raises(services.PlanRefused, match="đã có kế hoạch tạo nguồn năm 2017"):
        services.set_source_plan(tree.cell_a, 2017, 4, recorded_by=BY)
    fixed = services.set_source_plan(tree.cell_a, 2017, 4, recorded_by=BY, corrects=plan)
    assert list(SourcePlan.objects.filter(corrections__isnull=True)) == [fixed]
