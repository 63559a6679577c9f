"""The papers' pages: from the member page to a numbered paper and its downloads, and every path
refused to a user of another subtree (partyorg/accounts/scope.py: out of scope is "not found")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import MembershipEvent
from partyorg.papers.models import Paper
from partyorg.papers.tests.cast import Story, admitted_and_recognized, transferred
from partyorg.papers.tests.test_services import in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def story() -> Story:
    return admitted_and_recognized()


def issue_url(story: Story, event: MembershipEvent) -> str:
    return f"/dang-vien/{story.person.code}/van-ban/{event.uid}/in/"


def issue_admission(officer: Client, story: Story) -> Any:
    """The district's officer presses "Cấp số và in" on the admission decision's form as filled."""
    data = {"issuer": story.tree.district.pk, "body_name": "Huyện ủy Mường Khoa", "body_symbol": "HU"}
    return officer.post(issue_url(story, story.decision), {**data, "place": "Mường Khoa"})


def test_an_officer_issues_the_admission_decision_from_the_member_page(story: Story) -> None:
    officer = testing.client_for(story.tree.district, Role.EDIT, "huyen")
    part = officer.get(f"/dang-vien/{story.person.code}/van-ban/?on=07/12/2026").content.decode()
    assert "In quyết định kết nạp" in part and "In quyết định công nhận chính thức" in part
    form = officer.get(issue_url(story, story.decision)).content.decode()
    assert 'value="Huyện ủy Mường Khoa"' in form and 'value="HU"' in form and 'value="Mường Khoa"' in form
    response = issue_admission(officer, story)
    (paper,) = Paper.objects.all()
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{paper.uid}/"
    assert (paper.full_number, paper.issued_on, paper.event.basis_number) == (
        "1-QĐ/HU",
        date(2017, 1, 20),
        "1-QĐ/HU",
    )
    page = officer.get(f"/van-ban/{paper.uid}/").content.decode()
    assert "Quyết định kết nạp đảng viên số 1-QĐ/HU" in page and "Thu hồi văn bản" in page
    word = officer.get(f"/van-ban/{paper.uid}/tai.docx")
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert word["Content-Disposition"] == 'attachment; filename="admission-1-qd-hu-20170120.docx"'
    pdf = officer.get(f"/van-ban/{paper.uid}/tai.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The form of the event now citing it opens the paper instead of numbering it again.
    assert officer.get(issue_url(story, paper.event))["Location"] == f"/van-ban/{paper.uid}/"
    # On the member page the event now shows its paper instead of the button.
    part = officer.get(f"/dang-vien/{story.person.code}/van-ban/?on=07/12/2026").content.decode()
    assert "số 1-QĐ/HU" in part and "In quyết định kết nạp" not in part


def test_the_recognition_decision_takes_the_day_of_the_recorded_step(story: Story) -> None:
    officer = testing.client_for(story.tree.district, Role.EDIT, "huyen")
    form = officer.get(issue_url(story, story.recognition)).content.decode()
    assert 'value="05/03/2018"' in form  # the district's decision recorded in the candidate's steps


def test_a_user_of_another_subtree_is_refused_everywhere(story: Story) -> None:
    officer = testing.client_for(story.tree.district, Role.EDIT, "huyen")
    issue_admission(officer, story)
    (paper,) = Paper.objects.all()
    outsider = testing.client_for(story.tree.school, Role.ADMINISTER, "truong")
    for url in (
        f"/dang-vien/{story.person.code}/van-ban/",
        issue_url(story, story.recognition),
        f"/van-ban/{paper.uid}/",
        f"/van-ban/{paper.uid}/tai.docx",
        f"/van-ban/{paper.uid}/tai.pdf",
    ):
        assert outsider.get(url).status_code == 404, url
    data = {
        "issuer": story.tree.school.pk,
        "body_name": "Chi bộ",
        "body_symbol": "CB",
        "place": "x",
        "issued_on": "05/03/2018",
    }
    assert outsider.post(issue_url(story, story.recognition), data).status_code == 404
    assert outsider.post(f"/van-ban/{paper.uid}/thu-hoi/", {"note": "x"}).status_code == 404
    assert Paper.objects.count() == 1 and not Paper.objects.filter(withdrawn=True).exists()


def test_a_cell_secretary_sees_the_paper_but_cannot_number_the_committees_register(story: Story) -> None:
    """The cell may change its member's record, not the register of the committee above it."""
    cell = testing.client_for(story.tree.cell_a, Role.EDIT, "chibo")
    part = cell.get(f"/dang-vien/{story.person.code}/van-ban/").content.decode()
    assert "In quyết định" not in part and "chưa có văn bản" in part
    data = {"issuer": story.tree.district.pk, "body_name": "Huyện ủy", "body_symbol": "HU", "place": "x"}
    assert cell.get(issue_url(story, story.decision)).status_code == 404
    assert cell.post(issue_url(story, story.decision), data).status_code == 404
    assert not Paper.objects.exists()


def test_a_withdrawal_keeps_the_number_and_frees_the_event(story: Story) -> None:
    officer: Client = testing.client_for(story.tree.district, Role.EDIT, "huyen")
    issue_admission(officer, story)
    (paper,) = Paper.objects.all()
    assert officer.post(f"/van-ban/{paper.uid}/thu-hoi/", {"note": "Sai ngày sinh"}).status_code == 302
    page = officer.get(f"/van-ban/{paper.uid}/").content.decode()
    assert "Đã thu hồi" in page and "Sai ngày sinh" in page and "Thu hồi văn bản" not in page
    part = officer.get(f"/dang-vien/{story.person.code}/van-ban/").content.decode()
    assert "In quyết định kết nạp" in part


def test_the_register_lists_the_numbers_of_a_year_with_its_withdrawals(story: Story) -> None:
    officer = testing.client_for(story.tree.district, Role.EDIT, "huyen")
    issue_admission(officer, story)
    (paper,) = Paper.objects.all()
    officer.post(f"/van-ban/{paper.uid}/thu-hoi/", {"note": "Sai ngày sinh"})
    again = in_force(story.decision)  # the event as the withdrawal left it, citing nothing
    data = {"issuer": story.tree.district.pk, "body_name": "Huyện ủy Mường Khoa", "body_symbol": "HU"}
    assert officer.post(issue_url(story, again), {**data, "place": "Mường Khoa"}).status_code == 302
    page = officer.get("/to-chuc/T.H/so-van-ban/?nam=2017").content.decode()
    page = page[page.index('<table class="list register">') :]
    assert page.index("1-QĐ/HU") < page.index("đã thu hồi") < page.index("2-QĐ/HU")
    assert page.count("Cầm Văn Ún (QC9001)") == 2
    assert "chưa cấp số" in officer.get("/to-chuc/T.H/so-van-ban/?nam=2018").content.decode()
    # The school's officer reaches neither the district's register nor its papers.
    outsider = testing.client_for(story.tree.school, Role.ADMINISTER, "truong")
    assert outsider.get("/to-chuc/T.H/so-van-ban/?nam=2017").status_code == 404


def test_the_sending_committee_prints_the_transfer_letter(story: Story) -> None:
    """From the transfer's day the member is held by the destination (the school, outside the
    commune), yet the letter is the sending side's: the commune's officer prints it, numbered in
    the commune committee's register, and the school's officer cannot."""
    out = transferred(story)
    commune = testing.client_for(story.tree.commune, Role.EDIT, "xa")
    part = commune.get(f"/dang-vien/{story.person.code}/van-ban/").content.decode()
    assert "In giấy giới thiệu sinh hoạt đảng" in part
    form = commune.get(issue_url(story, out)).content.decode()
    assert 'value="Đảng ủy xã Nà Tấu"' in form and 'value="ĐU"' in form
    data = {"issuer": story.tree.commune.pk, "body_name": "Đảng ủy xã Nà Tấu", "body_symbol": "ĐU"}
    assert commune.post(issue_url(story, out), {**data, "place": "Nà Tấu"}).status_code == 302
    (letter,) = Paper.objects.all()
    assert (letter.full_number, letter.content["addressee"]) == (
        "1-GGT/ĐU",
        "Kính gửi: Chi bộ Trường THCS Mường Khoa",
    )
    school = testing.client_for(story.tree.school, Role.ADMINISTER, "truong")
    assert school.get(issue_url(story, in_force(out))).status_code == 404


def test_nobody_signed_out_reaches_a_paper(story: Story) -> None:
    officer = testing.client_for(story.tree.district, Role.EDIT, "huyen")
    issue_admission(officer, story)
    (paper,) = Paper.objects.all()
    for url in (f"/van-ban/{paper.uid}/", f"/van-ban/{paper.uid}/tai.pdf", "/to-chuc/T.H/so-van-ban/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), url
