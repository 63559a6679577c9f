"""Each paper as .docx and PDF: the lines of the register's copy, laid out as officers print them."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document

from partyorg.members.models import EventKind, ExitGround
from partyorg.members.services import record_event
from partyorg.papers.documents import docx_bytes, html, pdf_bytes
from partyorg.papers.models import Paper
from partyorg.papers.services import issue_paper
from partyorg.papers.tests.cast import BY, NONE, admitted_and_recognized, transferred

pytestmark = pytest.mark.django_db


def all_papers() -> list[Paper]:
    """The member's admission and recognition decisions, a temporary and an official transfer letter,
    and a colleague's removal and another's expulsion."""
    story = admitted_and_recognized()
    tree = story.tree
    papers = [
        issue_paper(story.decision, issuer=tree.district, recorded_by=BY),
        issue_paper(story.recognition, issuer=tree.district, issued_on=date(2018, 3, 5), recorded_by=BY),
    ]
    temporary = record_event(
        story.person,
        EventKind.TEMPORARY_TRANSFER,
        date(2018, 4, 2),
        organization=tree.cell_a,
        external_place="Đảng bộ Trường Đại học Tây Bắc",
        detail="study",
        legal_basis=NONE,
        recorded_by=BY,
    )
    papers.append(issue_paper(temporary, issuer=tree.commune, recorded_by=BY))
    record_event(story.person, EventKind.TEMPORARY_RETURN, date(2018, 8, 1), legal_basis=NONE, recorded_by=BY)
    out = transferred(story)
    papers.append(issue_paper(out, issuer=tree.district, recorded_by=BY))
    removed = record_event(
        story.introducers[0],
        EventKind.REMOVED,
        date(2018, 10, 8),
        exit_ground=ExitGround.ABANDONED_ACTIVITY,
        legal_basis=NONE,
        recorded_by=BY,
    )
    papers.append(issue_paper(removed, issuer=tree.district, recorded_by=BY))
    expelled = record_event(
        story.introducers[1], EventKind.EXPELLED, date(2018, 11, 5), legal_basis=NONE, recorded_by=BY
    )
    papers.append(issue_paper(expelled, issuer=tree.district, recorded_by=BY))
    return papers


def test_every_paper_prints_its_number_heading_and_signature_in_word() -> None:
    numbers = []
    for paper in all_papers():
        document = Document(BytesIO(docx_bytes(paper.content)))
        text = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells
        assert paper.body_name.upper() in cells
        assert f"Số {paper.full_number}" in cells
        assert paper.content["title"] in text
        assert "Nơi nhận:" in cells and "BÍ THƯ" in cells
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text + cells  # a party paper, not a state one
        numbers.append(paper.full_number)
    # Decisions and letters keep their own runs, per body and year.
    assert numbers == ["1-QĐ/HU", "1-QĐ/HU", "1-GGT/ĐU", "1-GGT/HU", "2-QĐ/HU", "3-QĐ/HU"]


def test_the_letters_and_removals_word_what_the_record_holds() -> None:
    papers = {p.kind: p.content for p in all_papers()}
    letter = papers["transfer"]
    assert letter["title"] == "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG"
    assert letter["addressee"] == "Kính gửi: Chi bộ Trường THCS Mường Khoa"
    # Presented within 30 working days of the letter (QĐ 29 §6.3.1, RULES.md §2.7), counted by hand
    # from Tue 04/09/2018 (no holiday until then: 4–7/9 four, 10–14/9 nine, 17–21/9 fourteen,
    # 24–28/9 nineteen, 1–5/10 twenty-four, 8–12/10 twenty-nine): Mon 15/10/2018.
    assert "chậm nhất ngày 15/10/2018" in letter["paragraphs"][2]
    assert (
        "là đảng viên chính thức, vào Đảng ngày 20/01/2017, chính thức ngày 10/02/2018"
        in letter["paragraphs"][0]
    )
    temporary = papers["temporary_transfer"]
    assert temporary["title"] == "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG TẠM THỜI"
    assert (
        "tạm thời đến Đảng bộ Trường Đại học Tây Bắc kể từ ngày 02/04/2018; lý do: đi học tập trung"
        in (temporary["paragraphs"][1])
    )
    removal = papers["removal"]
    assert removal["subtitle"] == "xóa tên đảng viên"
    assert removal["paragraphs"][0].endswith("kể từ ngày 08/10/2018. Lý do: Tự bỏ sinh hoạt đảng.")
    assert "[Lý do]" not in removal["paragraphs"][0]
    assert papers["expulsion"]["paragraphs"][0].endswith("Lý do: [Nội dung vi phạm].")


def test_every_paper_renders_to_pdf() -> None:
    for paper in all_papers():
        assert '<table class="top">' in html(paper.content)
        try:
            written = pdf_bytes(paper.content)
        except RuntimeError as unavailable:  # pragma: no cover - a machine without Pango
            pytest.skip(str(unavailable))
        assert written.startswith(b"%PDF")
