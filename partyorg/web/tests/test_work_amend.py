"""Correcting and withdrawing the records of the yearly work from the web pages (a correction or a
withdrawal is a new row the service appends; the wrong one stays), as the commune's officer, as the
neighbouring school's secretary and as a viewer of the commune (cast: partyorg.testing: T.H.X
commune, T.H.X.1 cell A, T.H.S school)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.committees import services as committees
from partyorg.committees.models import Congress, PositionRecord
from partyorg.core.records import LegalBasis
from partyorg.discipline import services as discipline
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.meetings import services as meetings
from partyorg.meetings.models import Attendance, Meeting
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating

pytestmark = pytest.mark.django_db

ON = "30/06/2025"
BASIS = LegalBasis("01-NQ/CB", date(2025, 1, 10), "Chi bộ bản Na Ten")


@pytest.fixture
def cast():
    """Hường and Pọm, official members of cell A since 2016; a regular meeting of cell A on
    12/05/2025 (120 minutes, both present); the congress of cell A on 05/03/2025 (term 2025–2027)
    that elected Hường secretary; the review of 2024 of cell A (15/12/2024) that rated both "Hoàn
    thành tốt nhiệm vụ"; Giáo, the school's member."""
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    meeting = meetings.record_meeting(
        tree.cell_a,
        kind="regular",
        held_on=date(2025, 5, 12),
        duration_minutes=120,
        agenda="Sinh hoạt tháng 5",
        recorded_by="t",
    )
    congress = committees.record_congress(
        tree.cell_a,
        kind="regular",
        held_on=date(2025, 3, 5),
        term_first_year=2025,
        term_last_year=2027,
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
    cycle = ratings.open_cycle(
        tree.cell_a, year=2024, reviewed_on=date(2024, 12, 15), legal_basis=BASIS, recorded_by="t"
    )
    rated = ratings.rate_members(
        cycle,
        [ratings.RatingEntry(huong, "good"), ratings.RatingEntry(pom, "good")],
        legal_basis=LegalBasis("02-BB/CB", date(2024, 12, 15), "Chi bộ bản Na Ten"),
        recorded_by="t",
    )
    return SimpleNamespace(
        tree=tree,
        huong=huong,
        pom=pom,
        teacher=teacher,
        meeting=meeting,
        congress=congress,
        seat=seat,
        rating={r.person_id: r for r in rated}[pom.pk],
    )


def officer(tree):
    return testing.client_for(tree.commune, Role.EDIT, "xa")


def neighbour(tree):
    return testing.client_for(tree.school, Role.ADMINISTER, "truong")


def viewer(tree):
    return testing.client_for(tree.commune, Role.VIEW, "xem")


def with_day(url):
    return url + ("&" if "?" in url else "?") + f"on={ON}"


# -- meetings ---------------------------------------------------------------------------------------


def meeting_writes(c):
    return [
        (
            reverse("work_meeting_correct", args=[c.meeting.uid]),
            {"held_on": "13/05/2025", "kind": "regular", "duration_minutes": "150",
             "agenda": "Sinh hoạt tháng 5", "note": "Ghi nhầm ngày",
             f"att_{c.pom.pk}": "excused", f"reason_{c.pom.pk}": "Ốm"},
        ),
        (reverse("work_meeting_withdraw", args=[c.meeting.uid]), {"note": "Không họp"}),
    ]  # fmt: skip


def test_the_officer_corrects_a_meeting_and_the_wrong_one_stays(cast):
    client = officer(cast.tree)
    shown = client.get(with_day(reverse("work_meeting", args=[cast.meeting.uid]))).content.decode()
    assert reverse("work_meeting_correct", args=[cast.meeting.uid]) in shown
    form = client.get(with_day(reverse("work_meeting_correct", args=[cast.meeting.uid]))).content.decode()
    assert 'value="12/05/2025"' in form and 'value="120"' in form and "Sinh hoạt tháng 5" in form
    url, data = meeting_writes(cast)[0]
    response = client.post(with_day(url), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Meeting.objects.count() == 2
    wrong = Meeting.objects.get(pk=cast.meeting.pk)
    assert (wrong.held_on, wrong.duration_minutes) == (date(2025, 5, 12), 120)  # unchanged
    made = Meeting.objects.get(corrects=wrong)
    assert (made.held_on, made.duration_minutes, made.note, made.recorded_by) == (
        date(2025, 5, 13), 150, "Ghi nhầm ngày", "xa"
    )  # fmt: skip
    marked = Attendance.objects.filter(meeting=made).values_list("person_id", "status", "reason")
    assert sorted(marked) == sorted([(cast.huong.pk, "present", ""), (cast.pom.pk, "excused", "Ốm")])
    assert Attendance.objects.filter(meeting=wrong).count() == 2  # the wrong meeting's rows stay
    listed = client.get(with_day(reverse("work_meetings", args=[cast.tree.commune.code]))).content.decode()
    # Only the corrected meeting is in force: 13/05, Hường present of the two expected, Pọm excused.
    assert "13/05/2025" in listed and "12/05/2025" not in listed and ">1/2<" in listed
    old = client.get(with_day(reverse("work_meeting", args=[wrong.uid]))).content.decode()
    assert "Bản ghi này đã được sửa hoặc hủy." in old
    assert reverse("work_meeting_correct", args=[wrong.uid]) not in old


def test_the_officer_withdraws_a_meeting_with_a_reason(cast):
    client = officer(cast.tree)
    url = with_day(reverse("work_meeting_withdraw", args=[cast.meeting.uid]))
    assert "Sinh hoạt tháng 5" in client.get(url).content.decode()
    empty = client.post(url, {"note": "  "})
    assert empty.status_code == 200 and Meeting.objects.count() == 1
    response = client.post(url, {"note": "Chi bộ không họp, ghi nhầm"})
    assert response.status_code == 302
    withdrawal = Meeting.objects.get(corrects=cast.meeting)
    assert (withdrawal.withdrawn, withdrawal.note, withdrawal.held_on) == (
        True, "Chi bộ không họp, ghi nhầm", date(2025, 5, 12)
    )  # fmt: skip
    assert Meeting.objects.filter(pk=cast.meeting.pk, withdrawn=False).exists()
    assert (
        "Đã hủy bỏ: Sinh hoạt thường kỳ ngày 12/05/2025"
        in client.get(with_day(reverse("work_meetings", args=[cast.tree.commune.code]))).content.decode()
    )
    listed = client.get(with_day(reverse("work_meetings", args=[cast.tree.commune.code]))).content.decode()
    assert "12/05/2025" not in listed.split("Các buổi sinh hoạt")[1]
    # Withdrawing it again is refused by the service, in Vietnamese.
    again = client.post(url, {"note": "Lần nữa"}).content.decode()
    assert "Buổi sinh hoạt này đã được sửa; hãy sửa bản ghi mới nhất." in again
    assert Meeting.objects.count() == 2


def test_a_refused_meeting_correction_keeps_what_was_typed(cast):
    """The school's teacher is not expected at cell A: the correction is refused with the reason,
    and the day, the duration, the agenda, the reason for the correction and the marks stay."""
    client = officer(cast.tree)
    url = with_day(reverse("work_meeting_correct", args=[cast.meeting.uid]))
    data = {"held_on": "14/05/2025", "kind": "thematic", "duration_minutes": "95",
            "agenda": "Chuyên đề học tập tư tưởng", "note": "Sai loại buổi",
            f"att_{cast.pom.pk}": "unexcused", f"att_{cast.teacher.pk}": "unexcused"}  # fmt: skip
    refused = client.post(url, data)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "không thuộc danh sách phải dự sinh hoạt của chi bộ ngày 14/05/2025" in page
    assert 'value="14/05/2025"' in page and 'value="95"' in page
    assert "Chuyên đề học tập tư tưởng" in page and "Sai loại buổi" in page
    assert '<option value="thematic" selected>' in page
    assert '<option value="unexcused" selected>' in page  # Pọm's mark
    assert Meeting.objects.count() == 1


def test_a_neighbour_and_a_viewer_cannot_correct_or_withdraw_a_meeting(cast):
    looker = viewer(cast.tree)
    for client in (neighbour(cast.tree), looker):
        for url, data in meeting_writes(cast):
            assert client.get(with_day(url)).status_code == 404, url
            assert client.post(with_day(url), data).status_code == 404, url
    assert Meeting.objects.count() == 1 and Attendance.objects.count() == 2
    shown = looker.get(with_day(reverse("work_meeting", args=[cast.meeting.uid]))).content.decode()
    assert reverse("work_meeting_correct", args=[cast.meeting.uid]) not in shown


# -- congresses and positions ------------------------------------------------------------------------


def committee_writes(c):
    return [
        (
            reverse("work_congress_correct", args=[c.congress.uid]),
            {"kind": "regular", "held_on": "06/03/2025", "term_first_year": "2025", "term_last_year": "2027",
             "basis_number": "01-NQ/CB", "note": "Ghi nhầm ngày đại hội"},
        ),
        (reverse("work_congress_withdraw", args=[c.congress.uid]), {"note": "Ghi nhầm"}),
        (reverse("work_position_withdraw", args=[c.seat.uid]), {"note": "Ghi nhầm người"}),
    ]  # fmt: skip


def test_the_officer_corrects_a_congress_and_the_wrong_one_stays(cast):
    client = officer(cast.tree)
    board = client.get(with_day(reverse("work_committees", args=[cast.tree.cell_a.code]))).content.decode()
    assert reverse("work_congress_correct", args=[cast.congress.uid]) in board
    assert reverse("work_position_withdraw", args=[cast.seat.uid]) in board
    url, data = committee_writes(cast)[0]
    form = client.get(with_day(url)).content.decode()
    assert 'value="05/03/2025"' in form and 'value="01-NQ/CB"' in form
    response = client.post(with_day(url), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    wrong = Congress.objects.get(pk=cast.congress.pk)
    made = Congress.objects.get(corrects=wrong)
    assert wrong.held_on == date(2025, 3, 5) and Congress.objects.count() == 2
    assert (made.held_on, made.term_label, made.note, made.recorded_by) == (
        date(2025, 3, 6), "2025–2027", "Ghi nhầm ngày đại hội", "xa"
    )  # fmt: skip
    board = client.get(with_day(reverse("work_committees", args=[cast.tree.cell_a.code]))).content.decode()
    # The corrected congress is the only one with the actions; the wrong row is listed, struck.
    assert reverse("work_congress_correct", args=[made.uid]) in board
    assert reverse("work_congress_correct", args=[wrong.uid]) not in board
    assert 'class="corrected"><td>05/03/2025' in board


def test_a_congress_with_a_seat_elected_at_it_is_not_withdrawn_and_the_reason_stays(cast):
    """The service refuses to withdraw a congress while a seat elected at it is in force: the
    refusal is shown in Vietnamese with the reason typed still in the form. Once Hường's seat is
    withdrawn, the congress can be."""
    client = officer(cast.tree)
    url = with_day(reverse("work_congress_withdraw", args=[cast.congress.uid]))
    refused = client.post(url, {"note": "Đại hội chưa được tổ chức"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Còn chức vụ được bầu tại đại hội này; hãy hủy các bản ghi chức vụ trước." in page
    assert "Đại hội chưa được tổ chức</textarea>" in page
    assert Congress.objects.count() == 1
    seat = with_day(reverse("work_position_withdraw", args=[cast.seat.uid]))
    assert "Nguyễn Thị Hường" in client.get(seat).content.decode()
    assert client.post(seat, {"note": "Đại hội chưa được tổ chức"}).status_code == 302
    assert client.post(url, {"note": "Đại hội chưa được tổ chức"}).status_code == 302
    withdrawn = PositionRecord.objects.get(corrects=cast.seat)
    assert (withdrawn.withdrawn, withdrawn.person_id, PositionRecord.objects.count()) == (
        True,
        cast.huong.pk,
        2,
    )
    assert Congress.objects.get(corrects=cast.congress).withdrawn
    assert Congress.objects.filter(pk=cast.congress.pk, withdrawn=False).exists()
    board = client.get(with_day(reverse("work_committees", args=[cast.tree.cell_a.code]))).content.decode()
    assert "chưa có" in board  # no secretary any more
    assert "Chưa có dữ liệu đại hội, nhiệm kỳ." in board


def test_a_neighbour_and_a_viewer_cannot_correct_or_withdraw_a_congress_or_a_seat(cast):
    looker = viewer(cast.tree)
    for client in (neighbour(cast.tree), looker):
        for url, data in committee_writes(cast):
            assert client.get(with_day(url)).status_code == 404, url
            assert client.post(with_day(url), data).status_code == 404, url
    assert (Congress.objects.count(), PositionRecord.objects.count()) == (1, 1)
    board = looker.get(with_day(reverse("work_committees", args=[cast.tree.cell_a.code]))).content.decode()
    assert reverse("work_congress_withdraw", args=[cast.congress.uid]) not in board


# -- ratings -------------------------------------------------------------------------------------------


def rating_writes(c):
    return [
        (reverse("work_rating_correct", args=[c.rating.uid]), {"level": "fulfilled", "note": "Nhầm mức"}),
        (reverse("work_rating_withdraw", args=[c.rating.uid]), {"note": "Không thuộc diện xếp loại"}),
    ]


def test_the_officer_corrects_a_rating_and_the_figures_follow(cast):
    """Pọm was rated "Hoàn thành tốt" by mistake: corrected to "Hoàn thành nhiệm vụ", 1 of the 2
    rated members of the commune is "tốt" or better (50,00%)."""
    client = officer(cast.tree)
    year = "?nam=2024"
    roster = client.get(
        with_day(reverse("work_ratings", args=[cast.tree.cell_a.code]) + year)
    ).content.decode()
    assert reverse("work_rating_correct", args=[cast.rating.uid]) in roster
    url, data = rating_writes(cast)[0]
    form = client.get(with_day(url)).content.decode()
    assert "Lò Văn Pọm" in form and 'value="02-BB/CB"' in form
    assert '<option value="good" selected>' in form
    response = client.post(with_day(url), {**data, "basis_number": "03-BB/CB"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    made = MemberRating.objects.get(corrects=cast.rating)
    assert (made.level, made.note, made.basis_number, made.recorded_by) == (
        "fulfilled",
        "Nhầm mức",
        "03-BB/CB",
        "xa",
    )
    assert MemberRating.objects.get(pk=cast.rating.pk).level == "good" and MemberRating.objects.count() == 3
    figures = client.get(
        with_day(reverse("work_rating_figures", args=[cast.tree.commune.code]) + year)
    ).content.decode()
    assert "50,00% đảng viên hoàn thành tốt nhiệm vụ trở lên" in figures


def test_the_officer_withdraws_a_rating(cast):
    client = officer(cast.tree)
    url, data = rating_writes(cast)[1]
    assert client.post(with_day(url), data).status_code == 302
    withdrawal = MemberRating.objects.get(corrects=cast.rating)
    assert (withdrawal.withdrawn, withdrawal.note, withdrawal.person_id) == (True, data["note"], cast.pom.pk)
    roster = client.get(
        with_day(reverse("work_ratings", args=[cast.tree.cell_a.code]) + "?nam=2024")
    ).content.decode()
    assert "Chưa xếp loại" in roster  # Pọm is waiting for a rating again
    again = client.post(with_day(url), data).content.decode()
    assert "Xếp loại này đã được sửa hoặc hủy." in again and MemberRating.objects.count() == 3


def test_a_neighbour_and_a_viewer_cannot_correct_or_withdraw_a_rating(cast):
    for client in (neighbour(cast.tree), viewer(cast.tree)):
        for url, data in rating_writes(cast):
            assert client.get(with_day(url)).status_code == 404, url
            assert client.post(with_day(url), data).status_code == 404, url
    assert MemberRating.objects.count() == 2


# -- discipline and commendations ----------------------------------------------------------------------


def expel_and_commend(c):
    """Pọm expelled by the commune's committee on 10/06/2025; Hường commended on 20/06/2025."""
    measure = discipline.discipline_member(
        c.pom,
        "expulsion",
        date(2025, 6, 10),
        legal_basis=LegalBasis("12-QĐ/ĐU", date(2025, 6, 10), "Đảng ủy xã Nà Tấu"),
        deciding_body="Đảng ủy xã Nà Tấu",
        recorded_by="t",
    )
    award = discipline.commend(
        title="Giấy khen",
        awarded_on=date(2025, 6, 20),
        awarding_body="Đảng ủy xã Nà Tấu",
        legal_basis=BASIS,
        recorded_by="t",
        person=c.huong,
    )
    return measure, award


def discipline_writes(c, measure, award):
    return [
        (
            reverse("work_measure_withdraw", args=[measure.uid]),
            {"note": "Hủy theo khiếu nại", "basis_number": "20-QĐ/HU"},
        ),
        (reverse("work_commendation_withdraw", args=[award.uid]), {"note": "Ghi nhầm người"}),
        (
            reverse("work_commend", args=[c.tree.commune.code]),
            {"person": c.pom.code, "title": "Giấy khen", "awarded_on": "01/06/2025",
             "awarding_body": "Đảng ủy xã Nà Tấu", "years": "1"},
        ),
    ]  # fmt: skip


def test_the_officer_withdraws_an_expulsion_and_the_members_event_is_voided(cast):
    measure, _award = expel_and_commend(cast)
    client = officer(cast.tree)
    listed = client.get(with_day(reverse("work_discipline", args=[cast.tree.commune.code]))).content.decode()
    assert reverse("work_measure_withdraw", args=[measure.uid]) in listed
    url, data = discipline_writes(cast, measure, _award)[0]
    response = client.post(with_day(url), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    withdrawal = DisciplinaryMeasure.objects.get(corrects=measure)
    assert (withdrawal.withdrawn, withdrawal.note, withdrawal.basis_number) == (
        True,
        "Hủy theo khiếu nại",
        "20-QĐ/HU",
    )
    assert DisciplinaryMeasure.objects.filter(pk=measure.pk, withdrawn=False).exists()
    expelled = MembershipEvent.objects.get(person=cast.pom, kind=EventKind.EXPELLED)
    assert MembershipEvent.objects.filter(corrects=expelled, kind=EventKind.VOIDED).count() == 1
    listed = client.get(with_day(reverse("work_discipline", args=[cast.tree.commune.code]))).content.decode()
    assert "Khai trừ" not in listed.split("<h2>")[1]  # the discipline table no longer lists it


def test_the_officer_records_and_withdraws_commendations(cast):
    _measure, award = expel_and_commend(cast)
    client = officer(cast.tree)
    url = with_day(reverse("work_commend", args=[cast.tree.cell_a.code]))
    member = {"person": cast.huong.code, "title": "Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu",
              "awarded_on": "25/06/2025", "awarding_body": "Đảng ủy xã Nà Tấu", "for_year": "2024",
              "years": "1"}  # fmt: skip
    assert client.post(url, member).status_code == 302
    cell = {**member, "person": "", "title": "Chi bộ trong sạch vững mạnh tiêu biểu", "years": "5"}
    assert client.post(url, cell).status_code == 302
    made = {c.title: c for c in Commendation.objects.exclude(pk=award.pk)}
    first = made["Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu"]
    second = made["Chi bộ trong sạch vững mạnh tiêu biểu"]
    assert (first.person_id, first.organization_id, first.for_year) == (
        cast.huong.pk,
        cast.tree.cell_a.pk,
        2024,
    )
    assert (second.person_id, second.organization_id, second.years) == (None, cast.tree.cell_a.pk, 5)
    listed = client.get(with_day(reverse("work_discipline", args=[cast.tree.cell_a.code]))).content.decode()
    assert "(5 năm liền)" in listed
    withdraw, data = discipline_writes(cast, _measure, award)[1]
    assert client.post(with_day(withdraw), data).status_code == 302
    assert Commendation.objects.get(corrects=award).withdrawn and Commendation.objects.count() == 4
    assert (
        "Giấy khen</td>"
        not in client.get(with_day(reverse("work_discipline", args=[cast.tree.cell_a.code]))).content.decode()
    )


def test_a_commendation_of_someone_outside_the_scope_is_refused_and_the_form_kept(cast):
    client = officer(cast.tree)
    url = with_day(reverse("work_commend", args=[cast.tree.commune.code]))
    data = {"person": cast.teacher.code, "title": "Bằng khen của Tỉnh ủy", "awarded_on": "25/06/2025",
            "awarding_body": "Tỉnh ủy", "years": "1"}  # fmt: skip
    page = client.post(url, data).content.decode()
    assert "Không tìm thấy đảng viên có mã này trong phạm vi được giao" in page and "Lò Văn Giáo" not in page
    assert 'value="Bằng khen của Tỉnh ủy"' in page and 'value="25/06/2025"' in page
    assert not Commendation.objects.exists()


def test_a_neighbour_and_a_viewer_cannot_withdraw_or_commend(cast):
    measure, award = expel_and_commend(cast)
    for client in (neighbour(cast.tree), viewer(cast.tree)):
        for url, data in discipline_writes(cast, measure, award):
            assert client.get(with_day(url)).status_code == 404, url
            assert client.post(with_day(url), data).status_code == 404, url
    assert (DisciplinaryMeasure.objects.count(), Commendation.objects.count()) == (1, 1)
    assert not MembershipEvent.objects.filter(kind=EventKind.VOIDED).exists()
