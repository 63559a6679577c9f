"""Recording meetings and residence ties on the small tree of ``partyorg.testing``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.meetings import queries, services
from partyorg.meetings.findings import absence_findings, meeting_findings
from partyorg.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, TieCategory
from partyorg.meetings.services import Absence, MeetingRefused
from partyorg.members.models import EventKind, Person
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)
BY = testing.OFFICER
UNEXCUSED = Absence(AttendanceStatus.UNEXCUSED, "không báo")


@dataclass
class Cast:
    tree: testing.Tree
    an: Person  # official member of cell A
    binh: Person  # cell A, exempt from activities since 2024 (RULES.md §2.8)
    chi: Person  # cell A, temporarily at cell B since 2025 (RULES.md §2.7)
    dung: Person  # cell B
    em: Person  # cell A, temporarily outside partyorg since 2025


@pytest.fixture
def cast() -> Cast:
    tree = testing.build_tree()
    people = {}
    for name, cell in [
        ("an", tree.cell_a),
        ("binh", tree.cell_a),
        ("chi", tree.cell_a),
        ("dung", tree.cell_b),
    ]:
        people[name] = testing.person(f"Lò Văn {name.capitalize()}")
        testing.admit(people[name], cell, date(2010, 3, 1))
    em = testing.person("Lò Thị Em")
    testing.admit(em, tree.cell_a, date(2010, 3, 1))
    testing.record(people["binh"], EventKind.EXEMPTED, date(2024, 6, 1))
    testing.record(
        people["chi"], EventKind.TEMPORARY_TRANSFER, date(2025, 1, 5), other_organization=tree.cell_b
    )
    testing.record(em, EventKind.TEMPORARY_TRANSFER, date(2025, 1, 5), external_place="Tỉnh Lai Châu")
    return Cast(tree, people["an"], people["binh"], people["chi"], people["dung"], em)


def test_expected_attendees_follow_temporary_placements_and_exemptions(cast: Cast) -> None:
    """RULES.md §5 attendance row, §2.7 (temporary members attend at the temporary place), §2.8
    (exempt members are not required to attend)."""
    assert list(queries.expected_attendees(cast.tree.cell_a, DAY)) == [cast.an]
    assert set(queries.expected_attendees(cast.tree.cell_b, DAY)) == {cast.chi, cast.dung}
    # Before the temporary transfer Chi was expected at home; Binh before his exemption.
    before = queries.expected_for([(cast.tree.cell_a.pk, date(2024, 5, 1))])
    assert before[cast.tree.cell_a.pk, date(2024, 5, 1)] == {
        cast.an.pk,
        cast.binh.pk,
        cast.chi.pk,
        cast.em.pk,
    }


def test_a_meeting_records_everyone_expected_present_but_the_absent(cast: Cast) -> None:
    """RULES.md §5 implementation note: attendance list with present / excused / unexcused."""
    meeting = services.record_meeting(
        cast.tree.cell_b,
        kind=MeetingKind.REGULAR,
        held_on=DAY,
        duration_minutes=95,
        agenda="Kiểm điểm công tác tháng 3",
        absences={cast.chi: UNEXCUSED},
        recorded_by=BY,
    )
    rows = dict(meeting.attendances.values_list("person_id", "status"))
    assert rows == {cast.chi.pk: AttendanceStatus.UNEXCUSED, cast.dung.pk: AttendanceStatus.PRESENT}


def test_an_absence_for_someone_not_expected_is_refused(cast: Cast) -> None:
    """RULES.md §2.8: an exempt member is not on the list, so cannot be marked absent."""
    with pytest.raises(MeetingRefused) as excinfo:
        services.record_meeting(
            cast.tree.cell_a,
            kind=MeetingKind.REGULAR,
            held_on=DAY,
            duration_minutes=90,
            absences={cast.binh: UNEXCUSED},
            recorded_by=BY,
        )
    assert str(excinfo.value).startswith(
        f"Đảng viên {cast.binh.code} không thuộc danh sách phải dự sinh hoạt"
    )
    assert not Meeting.objects.exists()


def test_a_meeting_of_a_committee_or_in_the_future_is_refused(cast: Cast) -> None:
    with pytest.raises(MeetingRefused, match="không phải chi bộ"):
        services.record_meeting(
            cast.tree.commune, kind=MeetingKind.REGULAR, held_on=DAY, duration_minutes=90, recorded_by=BY
        )
    with pytest.raises(MeetingRefused, match="chưa tới"):
        services.record_meeting(
            cast.tree.cell_a,
            kind=MeetingKind.REGULAR,
            held_on=date(2999, 1, 1),
            duration_minutes=90,
            recorded_by=BY,
        )


def test_a_correction_is_a_new_meeting_and_the_old_one_stays(cast: Cast) -> None:
    """Append-only (DESIGN.md): the wrong meeting stays, the database refuses to change it."""
    wrong = services.record_meeting(
        cast.tree.cell_b, kind=MeetingKind.REGULAR, held_on=DAY, duration_minutes=60, recorded_by=BY
    )
    right = services.correct_meeting(
        wrong,
        duration_minutes=100,
        absences={cast.dung: Absence(AttendanceStatus.EXCUSED, "ốm")},
        recorded_by=BY,
        note="gõ nhầm",
    )
    assert right.corrects_id == wrong.pk
    assert list(queries.meetings_in_force()) == [right]
    assert Attendance.objects.filter(meeting=wrong).count() == 2
    assert right.attendances.get(person=cast.dung).status == AttendanceStatus.EXCUSED
    with pytest.raises(MeetingRefused, match="đã được sửa"):
        services.correct_meeting(wrong, duration_minutes=90, recorded_by=BY, note="lần hai")
    with pytest.raises(DatabaseError), transaction.atomic():
        Meeting.objects.filter(pk=wrong.pk).update(duration_minutes=90)
    with pytest.raises(DatabaseError), transaction.atomic():
        Attendance.objects.filter(meeting=wrong).delete()
    gone = services.withdraw_meeting(right, recorded_by=BY, note="không họp")
    assert gone.withdrawn and not queries.meetings_in_force().exists()


def test_checks_find_a_missing_month_a_quarter_without_thematic_and_a_short_meeting(cast: Cast) -> None:
    """RULES.md §5: monthly regular meeting (Charter Art. 24(2)), thematic each quarter [P],
    ≥ 90 minutes from 28/10/2025 (HD 42). Hand-made Q4 2025 for cell B: October regular, November
    none, December a regular meeting of 80 minutes; no thematic meeting."""
    cell = cast.tree.cell_b
    for day, minutes in [(date(2025, 10, 8), 80), (date(2025, 12, 9), 80)]:
        services.record_meeting(
            cell, kind=MeetingKind.REGULAR, held_on=day, duration_minutes=minutes, recorded_by=BY
        )
    found = meeting_findings({cell.pk}, date(2025, 10, 1), date(2026, 1, 1), today=date(2026, 2, 1))
    assert [(f.code, f.period) for f in found] == [
        ("meetings.minimum_duration", "09/12/2025"),  # 08/10 is before HD 42 (28/10/2025)
        ("meetings.regular_monthly", "11/2025"),
        ("meetings.thematic_quarterly", "Quý 4/2025"),
    ]
    assert found[1].message == (
        "Chi bộ bản Co Sản: Tháng 11/2025 chi bộ không sinh hoạt thường kỳ; "
        "chi bộ phải họp thường lệ mỗi tháng một lần."
    )
    # A month not over yet is not judged.
    assert meeting_findings({cell.pk}, date(2026, 1, 1), date(2026, 2, 1), today=date(2026, 1, 20)) == []


def test_three_months_of_unexcused_absence_warn_and_two_do_not(cast: Cast) -> None:
    """RULES.md §2.9 [V] "ba tháng trong năm", counted per calendar year, not consecutive [U]:
    Chi misses February, May and September 2025 without reason (and March excused)."""
    cell = cast.tree.cell_b
    plan = {2: UNEXCUSED, 3: Absence(AttendanceStatus.EXCUSED, "ốm"), 5: UNEXCUSED, 9: UNEXCUSED}
    for month in range(1, 10):
        absences = {cast.chi: plan[month]} if month in plan else {}
        services.record_meeting(
            cell,
            kind=MeetingKind.REGULAR,
            held_on=date(2025, month, 12),
            duration_minutes=90,
            absences=absences,
            recorded_by=BY,
        )
    # An unexcused absence from a thematic meeting does not count by default.
    services.record_meeting(
        cell,
        kind=MeetingKind.THEMATIC,
        held_on=date(2025, 4, 20),
        duration_minutes=90,
        absences={cast.dung: UNEXCUSED},
        recorded_by=BY,
    )
    records = queries.absence_records(2025, org_ids={cell.pk})
    assert records[cast.chi.pk].months == (2, 5, 9) and records[cast.chi.pk].warned
    assert cast.dung.pk not in records
    found = absence_findings({cell.pk}, 2025)
    assert [(f.person_id, f.code) for f in found] == [(cast.chi.pk, "meetings.absence_removal")]
    assert found[0].message.startswith(
        "Đồng chí Lò Văn Chi: Đảng viên vắng sinh hoạt chi bộ không có lý do 3 tháng"
    )
    assert absence_findings({cell.pk}, 2024) == []


def test_residence_tie_comment_and_missing_comments(cast: Cast) -> None:
    """RULES.md §2.13: QĐ 213 yearly comments [V]; HD 33 exempt category gets none [V]."""
    school = cast.tree.school
    teacher = testing.person("Lò Thị Giáo")
    soldier = testing.person("Lò Văn Lính")
    for p in (teacher, soldier):
        testing.admit(p, school, date(2012, 1, 5))
    tie = services.tie_residence(
        teacher,
        cast.tree.cell_a,
        started_on=date(2020, 6, 1),
        address="Bản Na Ten",
        legal_basis=testing.BASIS,
        recorded_by=BY,
    )
    services.tie_residence(
        soldier,
        cast.tree.cell_a,
        started_on=date(2020, 6, 1),
        category=TieCategory.EXEMPT,
        legal_basis=testing.BASIS,
        recorded_by=BY,
    )
    missing = queries.missing_comments({school.pk}, 2025)
    assert [(t.person_id, cell) for t, cell in missing] == [(teacher.pk, school.pk)]
    comment = services.record_residence_comment(
        tie, year=2025, commented_on=date(2025, 12, 15), content="Gương mẫu nơi cư trú", recorded_by=BY
    )
    assert comment.sent_to_id == school.pk and comment.commented_by_id == cast.tree.cell_a.pk
    assert queries.missing_comments({school.pk}, 2025) == []
    assert [
        t.person_id for t, _ in queries.missing_comments({cast.tree.cell_a.pk}, 2025, side="residence")
    ] == []
    soldier_tie = queries.ties_in_force().get(person=soldier)
    with pytest.raises(RuleViolation):
        services.record_residence_comment(
            soldier_tie, year=2025, commented_on=date(2025, 12, 15), content="x", recorded_by=BY
        )
    with pytest.raises(MeetingRefused, match="đang có mối liên hệ"):
        services.tie_residence(
            teacher, cast.tree.cell_b, started_on=date(2024, 1, 1), legal_basis=testing.BASIS, recorded_by=BY
        )
    ended = services.end_residence_tie(
        tie, ended_on=date(2025, 6, 30), legal_basis=testing.BASIS, recorded_by=BY
    )
    assert ended.corrects_id == tie.pk
    assert queries.missing_comments({school.pk}, 2026) == []  # the tie ended: nothing owed


def test_a_member_cannot_be_tied_to_their_own_cell(cast: Cast) -> None:
    with pytest.raises(MeetingRefused, match="không cần giới thiệu"):
        services.tie_residence(
            cast.an, cast.tree.cell_a, started_on=date(2021, 1, 1), legal_basis=testing.BASIS, recorded_by=BY
        )


def test_a_batch_of_meetings_is_all_or_nothing(cast: Cast) -> None:
    """The bulk path checks as the single one: one refused meeting refuses the batch."""
    good = services.MeetingInput(cast.tree.cell_b.pk, MeetingKind.REGULAR, DAY, 90)
    bad = services.MeetingInput(
        cast.tree.cell_a.pk, MeetingKind.REGULAR, DAY, 90, absences={cast.dung.pk: UNEXCUSED}
    )
    with pytest.raises(MeetingRefused, match="không thuộc danh sách phải dự"):
        services.record_meetings([good, bad], recorded_by=BY)
    assert not Meeting.objects.exists()
    (meeting,) = services.record_meetings([good], recorded_by=BY)
    assert set(meeting.attendances.values_list("person_id", flat=True)) == {cast.chi.pk, cast.dung.pk}


def test_a_batch_of_ties_refuses_a_member_s_own_cell_and_a_second_open_tie(cast: Cast) -> None:
    """QĐ 213 (RULES.md §2.13): the tie is with the organization where the member lives, not their own."""
    own = services.TieInput(cast.an.pk, cast.tree.cell_a.pk, date(2021, 1, 1))
    with pytest.raises(MeetingRefused, match="không cần giới thiệu"):
        services.record_residence_ties([own], legal_basis=testing.BASIS, recorded_by=BY)
    twice = [services.TieInput(cast.an.pk, cast.tree.cell_b.pk, date(2021, 1, 1))] * 2
    with pytest.raises(MeetingRefused, match="đang có mối liên hệ"):
        services.record_residence_ties(twice, legal_basis=testing.BASIS, recorded_by=BY)
    (tie,) = services.record_residence_ties(twice[:1], legal_basis=testing.BASIS, recorded_by=BY)
    (comment,) = services.record_residence_comments(
        [services.CommentInput(tie, 2024, date(2024, 12, 10), "Gương mẫu")], recorded_by=BY
    )
    assert comment.sent_to_id == cast.tree.cell_a.pk


def test_a_batch_and_a_single_tie_judge_alike_after_a_tie_ended(cast: Cast) -> None:
    """One tie at a time (QĐ 213, RULES.md §2.13): a tie that ended before the new one starts is no
    obstacle, for the batch (a load, the demo) as for the single command, which share their checks;
    one still open on that day is, for both."""
    (first,) = services.record_residence_ties(
        [services.TieInput(cast.an.pk, cast.tree.cell_b.pk, date(2021, 1, 1))],
        legal_basis=testing.BASIS,
        recorded_by=BY,
    )
    services.end_residence_tie(first, ended_on=date(2023, 6, 1), legal_basis=testing.BASIS, recorded_by=BY)
    still_open = services.TieInput(cast.an.pk, cast.tree.cell_b.pk, date(2023, 5, 1))
    with pytest.raises(MeetingRefused, match="đang có mối liên hệ"):
        services.record_residence_ties([still_open], legal_basis=testing.BASIS, recorded_by=BY)
    with pytest.raises(MeetingRefused, match="đang có mối liên hệ"):
        services.tie_residence(
            cast.an, cast.tree.cell_b, started_on=date(2023, 5, 1), legal_basis=testing.BASIS, recorded_by=BY
        )
    later = services.TieInput(cast.an.pk, cast.tree.cell_b.pk, date(2024, 1, 1), TieCategory.REGULAR)
    (second,) = services.record_residence_ties([later], legal_basis=testing.BASIS, recorded_by=BY)
    assert second.started_on == date(2024, 1, 1)


def test_a_batch_tie_to_an_organization_that_did_not_stand_names_its_code(cast: Cast) -> None:
    """The refusal names the organization by its code, as the single command's does (not its id)."""
    early = services.TieInput(cast.an.pk, cast.tree.cell_b.pk, date(1900, 1, 1))
    with pytest.raises(MeetingRefused, match=cast.tree.cell_b.code):
        services.record_residence_ties([early], legal_basis=testing.BASIS, recorded_by=BY)
