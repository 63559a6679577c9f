"""The papers of one member's party life, and the legal basis they give the events (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg.committees.models import Method, Position
from partyorg.committees.services import start_position
from partyorg.core.records import LegalBasis
from partyorg.members import facts
from partyorg.members.models import EventKind, ExitGround, FactKind
from partyorg.members.services import record_event, row_in_force
from partyorg.organizations.models import Locality, LocalityKind, LocalityParent
from partyorg.papers.models import Paper, PaperKind
from partyorg.papers.services import PaperRefused, issue_paper, withdraw_paper
from partyorg.papers.tests.cast import BY, NONE, admitted_and_recognized, transferred

pytestmark = pytest.mark.django_db


in_force = row_in_force  # the row of the log that stands for an event now


def test_one_member_through_admission_recognition_and_transfer() -> None:
    """Admission decision → recognition decision → transfer letter: each event then cites the number
    and date printed, its issuer the body that signed, and the register's numbers run on."""
    story = admitted_and_recognized()
    tree = story.tree

    admission = issue_paper(story.decision, issuer=tree.district, recorded_by=BY)
    assert (admission.kind, admission.full_number, admission.issued_on) == (
        PaperKind.ADMISSION,
        "1-QĐ/HU",
        date(2017, 1, 20),  # the decision's day is the event's (RULES.md §2.14)
    )
    decision = in_force(story.decision)
    assert decision.corrects_id == story.decision.pk and admission.event_id == decision.pk
    assert (decision.basis_number, decision.basis_date, decision.basis_issuer) == (
        "1-QĐ/HU",
        date(2017, 1, 20),
        "Huyện ủy Mường Khoa",
    )
    assert (decision.kind, decision.effective_on, decision.organization_id) == (
        EventKind.ADMISSION_DECIDED,
        date(2017, 1, 20),
        tree.cell_a.pk,
    )

    recognition = issue_paper(
        story.recognition, issuer=tree.district, issued_on=date(2018, 3, 5), recorded_by=BY
    )
    recognized = in_force(story.recognition)
    assert recognized.effective_on == date(2018, 2, 10)  # the end of the 12 months (QĐ 29 §4.2b)
    assert (recognized.basis_number, recognized.basis_date) == ("1-QĐ/HU", date(2018, 3, 5))
    assert recognition.period == "2018"  # a new year, a new run of numbers (the default, [U])

    transfer_out = transferred(story)
    letter = issue_paper(transfer_out, issuer=tree.district, recorded_by=BY)
    moved = in_force(transfer_out)
    assert (letter.full_number, moved.basis_number, moved.basis_date) == (
        "1-GGT/HU",
        "1-GGT/HU",
        date(2018, 9, 3),
    )

    # A letter withdrawn keeps its number; the next one runs on, and the event cites only it.
    withdrawal = withdraw_paper(letter, recorded_by=BY, note="Ghi sai nơi chuyển đến")
    assert withdrawal.withdrawn and withdrawal.corrects_id == letter.pk and withdrawal.number == 1
    assert in_force(transfer_out).basis_number == ""
    again = issue_paper(in_force(transfer_out), issuer=tree.district, recorded_by=BY)
    assert again.full_number == "2-GGT/HU"
    assert in_force(transfer_out).basis_number == "2-GGT/HU"
    assert [p.full_number for p in Paper.objects.in_force().order_by("pk")] == [
        "1-QĐ/HU",
        "1-QĐ/HU",
        "2-GGT/HU",
    ]

    # The member's state is unchanged by the corrections: official at the school from 03/09/2018.
    intervals = list(story.person.intervals.order_by("valid_from").values_list("organization_id", "status"))
    assert intervals[-1] == (tree.school.pk, "official")


def test_the_printed_facts_come_from_the_record() -> None:
    story = admitted_and_recognized()
    paper = issue_paper(story.decision, issuer=story.tree.district, recorded_by=BY)
    content = paper.content
    assert content["heading"] == ["ĐẢNG BỘ TỈNH HÒA SƠN", "HUYỆN ỦY MƯỜNG KHOA"]
    assert content["number_line"] == "Số 1-QĐ/HU"
    assert content["date_line"] == "Mường Khoa, ngày 20 tháng 01 năm 2017"
    assert (content["title"], content["subtitle"]) == ("QUYẾT ĐỊNH", "kết nạp đảng viên")
    # The documents in force on 20/01/2017 (RULES.md §0.1): QĐ 29 (2016), HD 01 (2016), HD 12 (2012).
    assert content["grounds"][:4] == [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "Căn cứ Quy định số 29-QĐ/TW, ngày 25/07/2016 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng;",
        "Căn cứ Hướng dẫn số 01-HD/TW, ngày 20/09/2016 của Ban Bí thư hướng dẫn một số vấn đề cụ thể "
        "thi hành Điều lệ Đảng;",
        "Căn cứ Hướng dẫn số 12-HD/BTCTW, ngày 17/05/2012 của Ban Tổ chức Trung ương về một số vấn đề cụ thể "
        "nghiệp vụ công tác đảng viên;",
    ]
    assert (
        content["grounds"][4]
        == "Xét Nghị quyết ngày 09/01/2017 của Chi bộ bản Na Ten đề nghị kết nạp đảng viên;"
    )
    assert content["collective"] == "BAN THƯỜNG VỤ HUYỆN ỦY MƯỜNG KHOA"
    first = content["paragraphs"][0]
    names = " và đồng chí ".join(p.full_name for p in story.introducers)
    assert first == (
        f"Điều 1. Kết nạp Cầm Văn Ún, sinh ngày 01/01/1990, vào Đảng Cộng sản Việt Nam. "
        f"Người giới thiệu: đồng chí {names}."
    )
    assert "sinh hoạt tại Chi bộ bản Na Ten; thời gian dự bị 12 tháng" in content["paragraphs"][1]
    assert (content["on_behalf"], content["signer_title"], content["signer_name"]) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "[Họ và tên]",  # no secretary recorded for the district
    )


def test_a_paper_is_refused_twice_and_for_a_number_typed_by_hand() -> None:
    story = admitted_and_recognized()
    issue_paper(story.decision, issuer=story.tree.district, recorded_by=BY)
    with pytest.raises(PaperRefused) as refused:
        issue_paper(story.decision, issuer=story.tree.district, recorded_by=BY)
    assert (
        refused.value.message == "Sự kiện này của Cầm Văn Ún (QC9001) đã được sửa: hãy in từ bản ghi đã sửa."
    )
    with pytest.raises(PaperRefused) as refused:
        issue_paper(in_force(story.decision), issuer=story.tree.district, recorded_by=BY)
    assert refused.value.message == "Quyết định kết nạp đảng viên của Cầm Văn Ún (QC9001) đã in: số 1-QĐ/HU."
    typed = record_event(
        story.person,
        EventKind.TRANSFER_OUT,
        date(2018, 9, 3),
        organization=story.tree.cell_a,
        other_organization=story.tree.school,
        legal_basis=LegalBasis("15-GGT/HU", date(2018, 9, 3), "Huyện ủy Mường Khoa"),
        recorded_by=BY,
    )
    with pytest.raises(PaperRefused) as refused:
        issue_paper(typed, issuer=story.tree.district, recorded_by=BY)
    assert refused.value.message == (
        "Sự kiện này của Cầm Văn Ún (QC9001) đã có căn cứ 15-GGT/HU ngày 03/09/2018 của Huyện ủy Mường Khoa: "
        "văn bản đã ban hành, không cấp số mới cho nó."
    )


def test_the_issuer_must_stand_above_the_members_cell() -> None:
    story = admitted_and_recognized()
    with pytest.raises(PaperRefused) as refused:
        issue_paper(story.decision, issuer=story.tree.school, recorded_by=BY)
    assert refused.value.message == (
        "T.H.S không phải cấp ủy của nơi Cầm Văn Ún (QC9001) sinh hoạt vào ngày 20/01/2017."
    )
    assert not Paper.objects.exists()


def test_the_hamlet_and_the_secretary_come_from_the_record() -> None:
    """Where the person lived on the day of the decision (the dated residence, issue 15) and who was
    the issuing committee's secretary that day (the committees' records) are printed."""
    story = admitted_and_recognized()
    commune = Locality.objects.create(code="01", name="Xã Nà Tấu", kind=LocalityKind.COMMUNE)
    na_ten = Locality.objects.create(code="01.1", name="Bản Na Ten", kind=LocalityKind.HAMLET)
    co_san = Locality.objects.create(code="01.2", name="Bản Co Sản", kind=LocalityKind.HAMLET)
    LocalityParent.objects.create(locality=na_ten, parent=commune)
    LocalityParent.objects.create(locality=co_san, parent=commune)
    facts.record_fact(
        story.person, FactKind.RESIDENCE, date(2015, 1, 1), locality=na_ten, legal_basis=NONE, recorded_by=BY
    )
    facts.record_fact(  # moved after the decision: the decision keeps the hamlet of its day
        story.person, FactKind.RESIDENCE, date(2017, 6, 1), locality=co_san, legal_basis=NONE, recorded_by=BY
    )
    secretary = story.introducers[0]
    start_position(
        secretary,
        story.tree.district,
        Position.SECRETARY,
        starts_on=date(2015, 10, 1),
        method=Method.APPOINTED,
        legal_basis=LegalBasis("1200-QĐ/TU", date(2015, 10, 1), "Ban Thường vụ Tỉnh ủy Hòa Sơn"),
        recorded_by=BY,
    )
    paper = issue_paper(story.decision, issuer=story.tree.district, recorded_by=BY)
    assert (
        "sinh ngày 01/01/1990, nơi cư trú: Bản Na Ten, Xã Nà Tấu, vào Đảng" in paper.content["paragraphs"][0]
    )
    assert paper.content["signer_name"] == secretary.full_name


def test_a_readmission_decision_cites_the_superiors_consent() -> None:
    """Re-admission needs the provincial standing committee's written consent (QĐ 24 §3.5, RULES.md
    §2.12); the decision cites it, as recorded on the event, before the cell's proposal."""
    story = admitted_and_recognized()
    veteran = story.introducers[0]
    record_event(
        veteran,
        EventKind.REMOVED,
        date(2013, 3, 4),
        exit_ground=ExitGround.OTHER,
        legal_basis=LegalBasis("40-QĐ/HU", date(2013, 3, 4), "Huyện ủy Mường Khoa"),
        recorded_by=BY,
    )
    again = record_event(
        veteran,
        EventKind.READMISSION_DECIDED,
        date(2017, 5, 2),  # 50 months after leaving: more than the 36 (RULES.md §2.12)
        organization=story.tree.cell_a,
        consent=LegalBasis("88-CV/TU", date(2017, 4, 10), "Ban Thường vụ Tỉnh ủy Hòa Sơn"),
        legal_basis=NONE,
        recorded_by=BY,
    )
    paper = issue_paper(again, issuer=story.tree.district, recorded_by=BY)
    assert paper.content["subtitle"] == "kết nạp lại đảng viên"
    assert paper.content["grounds"][-2:] == [
        "Căn cứ Văn bản số 88-CV/TU ngày 10/04/2017 của Ban Thường vụ Tỉnh ủy Hòa Sơn đồng ý kết nạp lại;",
        "Xét đề nghị kết nạp đảng viên của Chi bộ bản Na Ten;",
    ]
    assert paper.content["paragraphs"][0].startswith("Điều 1. Kết nạp lại Đảng viên 0, sinh ngày 17/05/1980")


@pytest.mark.parametrize("withdraw_first", [False, True])
def test_a_candidates_step_is_voided_after_its_paper_was_printed(withdraw_first: bool) -> None:
    """The recognition of 05/03/2018 was recorded in error after its decision was printed: voiding
    the candidate's step voids the event as it stands (the row the paper wrote, or the one its
    withdrawal wrote), and the paper is withdrawn before or after, its number kept taken."""
    from partyorg.recruitment.models import CandidateStep
    from partyorg.recruitment.services import void_step

    story = admitted_and_recognized()
    paper = issue_paper(
        story.recognition, issuer=story.tree.district, issued_on=date(2018, 3, 5), recorded_by=BY
    )
    step = CandidateStep.objects.get(membership_event=story.recognition)
    if withdraw_first:
        withdraw_paper(paper, recorded_by=BY, note="ghi nhầm")
    void_step(step, recorded_by=BY, note="công nhận ghi nhầm người")
    assert row_in_force(story.recognition).kind == EventKind.VOIDED
    if not withdraw_first:
        withdrawal = withdraw_paper(paper, recorded_by=BY, note="ghi nhầm")
        assert withdrawal.event_id == paper.event_id  # nothing left to correct
    assert Paper.objects.filter(number=paper.number, withdrawn=True).count() == 1
    with pytest.raises(PaperRefused, match="đã thu hồi"):
        withdraw_paper(paper, recorded_by=BY, note="lần nữa")
