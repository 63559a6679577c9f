"""The meeting figures (partyorg.reports.statistics.meetings) and the two commands, on a hand-made
quarter of the small tree."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.meetings import services
from partyorg.meetings.models import AttendanceStatus, Meeting, MeetingKind, ResidenceComment
from partyorg.meetings.services import Absence
from partyorg.members.models import Person
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.meetings import meeting_figures

pytestmark = pytest.mark.django_db

BY = testing.OFFICER
UNEXCUSED = Absence(AttendanceStatus.UNEXCUSED)


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def _members(cell: Organization, n: int, prefix: str) -> list[Person]:
    found = []
    for i in range(n):
        p = testing.person(f"{prefix} {i}")
        testing.admit(p, cell, date(2010, 3, 1))
        found.append(p)
    return found


def test_figures_of_a_quarter_worked_by_hand(tree: testing.Tree) -> None:
    """RULES.md §5 (monthly regular meeting) and §2.9 (3 months in a year). Hand-worked Q1/2025:
    cell A (4 members) meets every month, member a0 unexcused every time; cell B (2 members) misses
    February; the school (1 member) meets every month and holds a thematic meeting.
    Meetings: 3 + 2 + 4 = 9. Attendance rows: 4×3 + 2×2 + 1×4 = 20, of which 3 unexcused: 17/20 = 85%.
    Cells with every regular meeting: A and the school, 2 of 3. Warned: a0 only."""
    a = _members(tree.cell_a, 4, "Lò Văn A")
    _members(tree.cell_b, 2, "Lò Văn B")
    _members(tree.school, 1, "Lò Văn S")
    for month in (1, 2, 3):
        services.record_meeting(
            tree.cell_a,
            kind=MeetingKind.REGULAR,
            held_on=date(2025, month, 5),
            duration_minutes=90,
            absences={a[0]: UNEXCUSED},
            recorded_by=BY,
        )
        services.record_meeting(
            tree.school,
            kind=MeetingKind.REGULAR,
            held_on=date(2025, month, 6),
            duration_minutes=90,
            recorded_by=BY,
        )
        if month != 2:
            services.record_meeting(
                tree.cell_b,
                kind=MeetingKind.REGULAR,
                held_on=date(2025, month, 7),
                duration_minutes=90,
                recorded_by=BY,
            )
    services.record_meeting(
        tree.school, kind=MeetingKind.THEMATIC, held_on=date(2025, 3, 20), duration_minutes=90, recorded_by=BY
    )
    figures = meeting_figures(
        tree.province, Period(date(2025, 1, 1), date(2025, 4, 1)), today=date(2025, 5, 1)
    )
    assert figures.meetings.value == 9 and figures.meetings.by_kind == {"regular": 8, "thematic": 1}
    assert (figures.attendance.present, figures.attendance.expected) == (17, 20)
    assert figures.attendance.share == pytest.approx(85.0)
    assert figures.attendance.rows().count() == 20
    assert figures.cells.organization_ids == {tree.cell_a.pk, tree.cell_b.pk, tree.school.pk}
    assert figures.cells_every_regular.organization_ids == {tree.cell_a.pk, tree.school.pk}
    assert set(figures.absence_warnings.people()) == {a[0]}
    # Only the district's subtree: the same cells (the tree is province > district > …).
    assert (
        meeting_figures(
            tree.commune, Period(date(2025, 1, 1), date(2025, 4, 1)), today=date(2025, 5, 1)
        ).meetings.value
        == 5
    )


def test_meeting_commands_add_list_and_check(tree: testing.Tree, tmp_path: Path) -> None:
    a = _members(tree.cell_a, 3, "Lò Văn A")
    out = StringIO()
    call_command(
        "meeting",
        "add",
        "--org",
        tree.cell_a.code,
        "--on",
        "05/11/2025",
        "--minutes",
        "80",
        "--absent",
        f"{a[0].code}:excused:ốm,{a[1].code}:unexcused",
        "--by",
        BY,
        stdout=out,
    )
    assert "có mặt 1/3" in out.getvalue()
    sheet = tmp_path / "diemdanh.csv"
    sheet.write_text(
        f"mã,tình trạng,lý do\n{a[2].code},vắng không có lý do,\n{a[0].code},có mặt,\n", encoding="utf-8"
    )
    call_command(
        "meeting",
        "add",
        "--org",
        tree.cell_a.code,
        "--on",
        "03/12/2025",
        "--minutes",
        "95",
        "--kind",
        "combined",
        "--attendance-file",
        str(sheet),
        "--by",
        BY,
        stdout=StringIO(),
    )
    statuses = dict(
        Meeting.objects.get(held_on=date(2025, 12, 3)).attendances.values_list("person_id", "status")
    )
    assert statuses == {a[0].pk: "present", a[1].pk: "present", a[2].pk: "unexcused"}
    out = StringIO()
    call_command(
        "meeting",
        "list",
        "--org",
        tree.province.code,
        "--from",
        "01/10/2025",
        "--to",
        "31/12/2025",
        stdout=out,
    )
    assert "05/11/2025  Chi bộ bản Na Ten  Sinh hoạt thường kỳ  80 phút  có mặt 1/3" in out.getvalue()
    out = StringIO()
    call_command(
        "meeting",
        "check",
        "--org",
        tree.commune.code,
        "--from",
        "01/10/2025",
        "--to",
        "31/12/2025",
        stdout=out,
    )
    text = out.getvalue()
    assert "[meetings.regular_monthly] 10/2025  Chi bộ bản Co Sản" in text
    assert "[meetings.minimum_duration] 05/11/2025  Chi bộ bản Na Ten" in text  # 80 < 90 (HD 42)
    assert "[meetings.minimum_duration] 03/12/2025" in text  # combined: 95 < 120 (HD 42)
    with pytest.raises(CommandError, match="Không tìm thấy người có mã NOPE"):
        call_command(
            "meeting",
            "add",
            "--org",
            tree.cell_a.code,
            "--on",
            "05/11/2025",
            "--minutes",
            "90",
            "--absent",
            "NOPE:excused",
        )


def test_residence_commands_tie_comment_and_list_missing(tree: testing.Tree) -> None:
    """RULES.md §2.13, QĐ 213: the yearly comment of the residence cell."""
    (teacher,) = _members(tree.school, 1, "Cô giáo")
    call_command(
        "residence",
        "tie",
        "--person",
        teacher.code,
        "--org",
        tree.cell_a.code,
        "--on",
        "01/02/2021",
        "--address",
        "Bản Na Ten",
        "--basis-number",
        "12-GGT/ĐU",
        "--by",
        BY,
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("residence", "list", "--org", tree.school.code, "--year", "2025", "--missing", stdout=out)
    assert (
        f"{teacher.code}  Cô giáo 0  công tác: Chi bộ Trường THCS Mường Khoa; cư trú: Chi bộ bản Na Ten"
        in out.getvalue()
    )
    call_command(
        "residence",
        "comment",
        "--person",
        teacher.code,
        "--year",
        "2025",
        "--on",
        "10/12/2025",
        "--content",
        "Gương mẫu, tích cực ở nơi cư trú",
        "--by",
        BY,
        stdout=StringIO(),
    )
    assert ResidenceComment.objects.get().sent_to_id == tree.school.pk
    out = StringIO()
    call_command("residence", "list", "--org", tree.school.code, "--year", "2025", "--missing", stdout=out)
    assert out.getvalue().strip() == "Tổng: 0"
    with pytest.raises(CommandError, match="Bị từ chối: Đã có nhận xét năm 2025"):
        call_command(
            "residence",
            "comment",
            "--person",
            teacher.code,
            "--year",
            "2025",
            "--on",
            "11/12/2025",
            "--content",
            "x",
        )
