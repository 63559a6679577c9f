"""The pages of the party's yearly work (candidates, congresses and positions, meetings), as the user
they are for and as a user of a neighbouring subtree, and the obvious attacks (cast:
partyorg.testing: T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school).

The neighbour is the school's secretary: whatever belongs to the commune is "not found" for them
(404), and nothing they post is written."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.committees import services as committees
from partyorg.committees.models import Congress, PositionRecord
from partyorg.core.records import LegalBasis
from partyorg.meetings import services as meetings
from partyorg.meetings.models import Attendance, Meeting
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.models import CandidateStep, SourcePlan

pytestmark = pytest.mark.django_db

ON = "30/06/2025"
BASIS = LegalBasis("01-NQ/CB", date(2025, 1, 10), "Chi bộ bản Na Ten")


@pytest.fixture
def cast():
    """Hường and Pọm, official members of cell A since 2016; Dung, a candidate of cell A since
    10/01/2025 with her course certificate; a congress of cell A in 2025 that elected Hường
    secretary; a regular meeting of cell A on 12/05/2025; Giáo, the school's member."""
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    dung = recruitment.add_new_candidate(
        tree.cell_a,
        code="QC0001",
        full_name="Hà Thị Dung",
        sex="female",
        birth_date=date(2000, 4, 2),
        introduced_by="youth_union",
        introduced_on=date(2025, 1, 10),
        recorded_by="t",
        general_education="upper_secondary",
    )
    recruitment.record_course(dung, date(2025, 2, 20), legal_basis=BASIS, recorded_by="t")
    congress = committees.record_congress(
        tree.cell_a,
        kind="regular",
        held_on=date(2025, 3, 5),
        term_first_year=2025,
        term_last_year=2027,  # cells: twice in five years until 30/06/2025 (RULES.md §1.4)
        legal_basis=BASIS,
        recorded_by="t",
    )
    seat = committees.start_position(
        huong,
        tree.cell_a,
        "secretary",
        starts_on=date(2025, 3, 5),
        method="elected",
        congress=congress,
        legal_basis=BASIS,
        recorded_by="t",
    )
    meeting = meetings.record_meeting(
        tree.cell_a, kind="regular", held_on=date(2025, 5, 12), duration_minutes=120, recorded_by="t"
    )
    return SimpleNamespace(
        tree=tree,
        huong=huong,
        pom=pom,
        teacher=teacher,
        dung=dung,
        congress=congress,
        seat=seat,
        meeting=meeting,
    )


def officer(tree):
    return testing.client_for(tree.commune, Role.EDIT, "xa")


def neighbour(tree):
    return testing.client_for(tree.school, Role.ADMINISTER, "truong")


def pages(tree, dung, seat, meeting):
    """Every page of the yearly work about the commune or its cells."""
    a, c = tree.cell_a.code, tree.commune.code
    return [
        reverse("work_org", args=[c]),
        reverse("work_candidates", args=[c]),
        reverse("work_plan", args=[c]),
        reverse("candidate", args=[dung.uid]),
        reverse("candidate_step", args=[dung.uid]),
        reverse("work_committees", args=[a]),
        reverse("work_congress", args=[a]),
        reverse("work_position", args=[a]),
        reverse("work_position_end", args=[seat.uid]),
        reverse("work_meetings", args=[c]),
        reverse("work_meeting_new", args=[a]),
        reverse("work_meeting_figures", args=[c]),
        reverse("work_attendance", args=[a]),
        reverse("work_meeting", args=[meeting.uid]),
        reverse("work_findings", args=[c]),
        reverse("work_residence", args=[c]),
    ]


def test_every_page_is_shown_to_the_commune_officer(cast):
    tree, dung, seat, meeting = cast.tree, cast.dung, cast.seat, cast.meeting
    client = officer(tree)
    for url in pages(tree, dung, seat, meeting):
        response = client.get(url, {"on": ON})
        assert response.status_code == 200, url
    assert client.get(reverse("work"), {"on": ON}).url == reverse("work_org", args=[tree.commune.code])
    listed = client.get(reverse("work_candidates", args=[tree.commune.code])).content.decode()
    assert "Hà Thị Dung" in listed and "Giấy chứng nhận lớp bồi dưỡng" in listed
    board = client.get(reverse("work_committees", args=[tree.cell_a.code])).content.decode()
    assert "Nguyễn Thị Hường" in board and "2025–2027" in board
    held = client.get(reverse("work_meetings", args=[tree.commune.code])).content.decode()
    assert "12/05/2025" in held and "2/2" in held  # both members expected, both present
    assert client.get(reverse("work_overdue"), {"on": ON}).status_code == 200


def test_a_neighbour_reaches_no_page_of_the_commune(cast):
    tree, dung, seat, meeting = cast.tree, cast.dung, cast.seat, cast.meeting
    client = neighbour(tree)
    for url in pages(tree, dung, seat, meeting):
        assert client.get(url, {"on": ON}).status_code == 404, url
    assert client.get(reverse("work"), {"org": tree.commune.code}).status_code == 404
    overdue = client.get(reverse("work_overdue"), {"on": ON, "chua-ghi": "1"}).content.decode()
    assert "Na Ten" not in overdue and "Nà Tấu" not in overdue
    # Guessing: codes that do not exist are answered the same way.
    assert client.get(reverse("work_candidates", args=["KHONG-CO"])).status_code == 404
    own = client.get(reverse("work_candidates", args=[tree.school.code]), {"on": ON})
    assert own.status_code == 200 and "Hà Thị Dung" not in own.content.decode()


def writes(tree, dung, seat, member):
    """Every write of the yearly work, with a well-formed form, about the commune's cell A."""
    a = tree.cell_a.code
    return [
        (reverse("candidate_step", args=[dung.uid]), {"kind": "application", "effective_on": "01/03/2025"}),
        (reverse("work_plan", args=[a]), {"year": "2025", "planned": "3"}),
        (
            reverse("work_congress", args=[a]),
            {"kind": "extraordinary", "held_on": "01/06/2025", "term_first_year": "2025",
             "term_last_year": "2027"},
        ),
        (
            reverse("work_position", args=[a]),
            {"person": member.code, "position": "deputy_secretary", "starts_on": "01/06/2025",
             "method": "appointed", "basis_number": "5-QĐ/ĐU"},
        ),
        (reverse("work_position_end", args=[seat.uid]), {"ended_on": "01/06/2025"}),
        (
            reverse("work_meeting_new", args=[a]),
            {"held_on": "10/06/2025", "kind": "regular", "duration_minutes": "90", "agenda": "x"},
        ),
    ]  # fmt: skip


def counts():
    return (
        CandidateStep.objects.count(),
        SourcePlan.objects.count(),
        Congress.objects.count(),
        PositionRecord.objects.count(),
        Meeting.objects.count(),
    )


def test_a_neighbour_writes_nothing(cast):
    tree, pom, dung, seat = cast.tree, cast.pom, cast.dung, cast.seat
    client = neighbour(tree)
    before = counts()
    for url, data in writes(tree, dung, seat, pom):
        assert client.post(f"{url}?on={ON}", data).status_code == 404, url
    assert counts() == before


def test_a_viewer_of_the_commune_writes_nothing(cast):
    tree, pom, dung, seat = cast.tree, cast.pom, cast.dung, cast.seat
    client = testing.client_for(tree.commune, Role.VIEW, "xem")
    before = counts()
    for url, data in writes(tree, dung, seat, pom):
        assert client.post(f"{url}?on={ON}", data).status_code == 404, url
    assert counts() == before


def test_every_write_succeeds_for_the_commune_officer(cast):
    tree, pom, dung, seat = cast.tree, cast.pom, cast.dung, cast.seat
    client = officer(tree)
    before = counts()
    for url, data in writes(tree, dung, seat, pom):
        response = client.post(f"{url}?on={ON}", data)
        assert response.status_code == 302, (url, response.content.decode()[-3000:])
    assert [b - a for a, b in zip(before, counts(), strict=True)] == [1, 1, 1, 2, 1]
    step = CandidateStep.objects.get(kind="application")
    assert (step.recorded_by, step.effective_on) == ("xa", date(2025, 3, 1))


def test_forged_posts_without_a_csrf_token_are_refused(cast):
    tree, pom, dung, seat = cast.tree, cast.pom, cast.dung, cast.seat
    user = testing.user_with("xa", (tree.commune, Role.EDIT))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = counts()
    for url, data in writes(tree, dung, seat, pom):
        assert client.post(f"{url}?on={ON}", data).status_code == 403, url
    assert counts() == before


def test_a_write_needs_the_organization_on_its_effective_day(cast):
    """Cell A moves to the school on 01/01/2026: from then on the commune no longer changes it, even
    if the page is seen on a day it still did."""
    tree, dung = cast.tree, cast.dung
    from partyorg.organizations import services as org_services

    org_services.move(
        tree.cell_a, tree.school, effective_on=date(2026, 1, 1), legal_basis=testing.BASIS, recorded_by="t"
    )
    client = officer(tree)
    url = reverse("candidate_step", args=[dung.uid])
    response = client.post(f"{url}?on={ON}", {"kind": "application", "effective_on": "05/01/2026"})
    assert response.status_code == 404 and not CandidateStep.objects.filter(kind="application").exists()


def test_a_refused_step_explains_the_rule_and_can_be_recorded_with_a_reason(cast):
    """Charter Art. 4 (RULES.md §2.2): an introducer must have worked with the applicant for 12
    months; Pọm since 01/01/2025 only, on 01/03/2025."""
    tree, pom, dung = cast.tree, cast.pom, cast.dung
    client = officer(tree)
    url = reverse("candidate_step", args=[dung.uid]) + f"?on={ON}"
    data = {"kind": "introducer", "effective_on": "01/03/2025", "introducer_kind": "member",
            "person": pom.code, "since": "01/01/2025"}  # fmt: skip
    refused = client.post(url, data)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Bị từ chối theo quy định" in page
    assert 'value="recruitment.introducer_worked_together"' in page
    assert not CandidateStep.objects.filter(kind="introducer").exists()
    rule = {"override_rule": "recruitment.introducer_worked_together"}
    assert "Cần ghi lý do" in client.post(url, {**data, **rule}).content.decode()
    accepted = client.post(url, {**data, **rule, "override_reason": "Cùng sinh hoạt Đoàn từ 2023"})
    assert accepted.status_code == 302
    step = CandidateStep.objects.get(kind="introducer")
    assert (step.person_id, step.override_reason) == (pom.pk, "Cùng sinh hoạt Đoàn từ 2023")
    shown = client.get(reverse("candidate", args=[dung.uid])).content.decode()
    assert "Cùng sinh hoạt Đoàn từ 2023" in shown and "Lò Văn Pọm" in shown


def test_an_introducer_outside_the_scope_is_not_found(cast):
    tree, teacher, dung = cast.tree, cast.teacher, cast.dung
    client = officer(tree)
    url = reverse("candidate_step", args=[dung.uid]) + f"?on={ON}"
    data = {"kind": "introducer", "effective_on": "01/03/2025", "introducer_kind": "member",
            "person": teacher.code, "since": "01/01/2020"}  # fmt: skip
    page = client.post(url, data).content.decode()
    assert "Không tìm thấy đảng viên có mã này" in page and "Lò Văn Giáo" not in page
    assert not CandidateStep.objects.filter(kind="introducer").exists()


def test_a_meeting_with_absences(cast):
    tree, huong, pom, teacher = cast.tree, cast.huong, cast.pom, cast.teacher
    client = officer(tree)
    url = reverse("work_meeting_new", args=[tree.cell_a.code]) + f"?on={ON}"
    form = client.get(url, {"held_on": "10/06/2025"}).content.decode()
    assert "Lò Văn Pọm" in form and "Lò Văn Giáo" not in form
    response = client.post(
        url,
        {"held_on": "10/06/2025", "kind": "thematic", "duration_minutes": "150", "agenda": "Chuyên đề",
         f"att_{pom.pk}": "excused", f"reason_{pom.pk}": "Đi công tác", f"att_{huong.pk}": "present"},
    )  # fmt: skip
    assert response.status_code == 302
    made = Meeting.objects.get(held_on=date(2025, 6, 10))
    assert dict(Attendance.objects.filter(meeting=made).values_list("person_id", "status")) == {
        pom.pk: "excused",
        huong.pk: "present",
    }
    # Someone not expected at the cell (the school's teacher) is refused, with the reason.
    refused = client.post(
        url,
        {
            "held_on": "11/06/2025",
            "kind": "regular",
            "duration_minutes": "90",
            f"att_{teacher.pk}": "unexcused",
        },
    )
    assert "không thuộc danh sách phải dự sinh hoạt" in refused.content.decode()
    # ... named by the id that was sent, never by the code of a record outside the cell's reach.
    assert teacher.code not in refused.content.decode()
    assert not Meeting.objects.filter(held_on=date(2025, 6, 11)).exists()


def test_a_new_day_keeps_the_absences_marked_of_those_still_expected(cast):
    """The form asks again who is expected when the day changes, sending the marks made so far:
    Pọm's excused absence stays; the school's teacher, not expected at cell A, is not listed."""
    tree, pom, teacher = cast.tree, cast.pom, cast.teacher
    fragment = (
        officer(tree)
        .get(
            reverse("work_attendance", args=[tree.cell_a.code]),
            {
                "held_on": "13/06/2025",
                f"att_{pom.pk}": "excused",
                f"reason_{pom.pk}": "Ốm",
                f"att_{teacher.pk}": "unexcused",
            },
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "13/06/2025" in fragment and "Lò Văn Giáo" not in fragment
    assert '<option value="excused" selected>' in fragment and 'value="Ốm"' in fragment


def test_script_in_text_fields_is_only_text(cast):
    tree, dung = cast.tree, cast.dung
    client = officer(tree)
    evil = '<script>alert("x")</script>'
    url = reverse("work_meeting_new", args=[tree.cell_a.code]) + f"?on={ON}"
    client.post(url, {"held_on": "10/06/2025", "kind": "regular", "duration_minutes": "90", "agenda": evil})
    made = Meeting.objects.get(held_on=date(2025, 6, 10))
    page = client.get(reverse("work_meeting", args=[made.uid])).content.decode()
    assert evil not in page and "&lt;script&gt;" in page
    step_url = reverse("candidate_step", args=[dung.uid]) + f"?on={ON}"
    client.post(step_url, {"kind": "application", "effective_on": "01/03/2025", "note": evil})
    shown = client.get(reverse("candidate", args=[dung.uid])).content.decode()
    assert evil not in shown and "&lt;script&gt;" in shown
    assert client.get(reverse("work_candidates", args=["' OR '1'='1"])).status_code == 404


def test_congress_refusal_and_position_end(cast):
    """A second congress opening the same term is refused with its Vietnamese reason; the end of
    Hường's seat leaves cell A without a secretary from that day."""
    tree, seat = cast.tree, cast.seat
    client = officer(tree)
    url = reverse("work_congress", args=[tree.cell_a.code]) + f"?on={ON}"
    again = client.post(
        url, {"kind": "regular", "held_on": "01/06/2025", "term_first_year": "2025", "term_last_year": "2027"}
    )
    assert "đã có đại hội nhiệm kỳ 2025–2027" in again.content.decode()
    end = reverse("work_position_end", args=[seat.uid]) + f"?on={ON}"
    assert client.post(end, {"ended_on": "01/06/2025"}).status_code == 302
    board = client.get(reverse("work_committees", args=[tree.cell_a.code]), {"on": "02/06/2025"})
    assert "chưa có" in board.content.decode()
