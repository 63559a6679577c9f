"""One person's data for that person (issue 19; Decree 13/2023/NĐ-CP, Điều 14: the data subject
may ask for the personal data kept about them): the member page's "Xuất mọi dữ liệu về người này"
and ``partyorg person CODE --export FILE.xlsx`` write a workbook of everything partyorg holds about
the person, stamped with who made it, when, from where and within which scope, and log it in the
read log. A user who may not read the person is answered 404 and nothing is logged.

Cast: partyorg.testing (T province, T.H.X commune, T.H.X.1 cell, T.H.S school); Hường of cell
T.H.X.1, admitted 02/03/2015 (decision, ceremony, recognition), commended in 2020; cadre records from
partyorg/cadres/tests/cast.py (Hường hired by the district's people's committee)."""

from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partyorg import testing
from partyorg.accounts.models import Assignment, ReadChannel, ReadEntry, ReadKind, Role
from partyorg.accounts.stamps import STAMP_SHEET
from partyorg.cadres.tests import cast as cadre_cast
from partyorg.discipline.services import commend
from partyorg.exchange.person_file import DERIVED, LEFT_OUT, person_tables
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 9, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def huong():
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    commend(
        title="Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền",
        awarded_on=date(2020, 12, 20),
        awarding_body="Đảng ủy xã",
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
        person=huong,
    )
    return tree, huong


def download(client: Client, person: Person):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("member_export", args=[person.code]), REMOTE_ADDR="10.1.2.3")


def workbook(response):
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def rows(ws):
    return [tuple(c for c in row if c is not None) for row in ws.iter_rows(values_only=True) if any(row)]


def test_every_table_that_names_a_person_is_exported_or_said_to_be_derived():
    """A new app's records about a person reach the export unless listed as derived (rebuilt from
    the records exported) or as not the person's (the read log)."""
    from django.apps import apps

    naming = {
        m._meta.label
        for m in apps.get_models()
        if any(f.name == "person" and f.related_model is Person for f in m._meta.concrete_fields)
    }
    exported = {m._meta.label for m in person_tables(with_cadres=True)}
    assert naming == exported | DERIVED | LEFT_OUT
    assert not exported & (DERIVED | LEFT_OUT)
    assert {
        "members.MembershipEvent",
        "ratings.MemberRating",
        "meetings.Attendance",
        "dues.DuesPayment",
    } <= exported
    assert {"recruitment.CandidateStep", "discipline.DisciplinaryMeasure", "cards.PartyCard"} <= exported
    assert "cadres.Employment" in exported
    assert not any(
        label.startswith("cadres.") for label in (m._meta.label for m in person_tables(with_cadres=False))
    )


def test_the_cells_officer_downloads_the_persons_data_stamped_and_logged(huong):
    tree, person = huong
    testing.user_with("bithu.a", (tree.cell_a, Role.EDIT), first_name="Lò", last_name="Văn Bí")
    client = Client()
    client.force_login(User.objects.get(username="bithu.a"))
    response = download(client, person)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ho-so-{person.code}-20260615.xlsx"'
    wb = workbook(response)
    assert wb.sheetnames == ["Hồ sơ", "Sự kiện đảng viên", "Khen thưởng", STAMP_SHEET]
    profile = rows(wb["Hồ sơ"])
    assert profile[0] == (f"Dữ liệu partyorg lưu về Nguyễn Thị Hường ({person.code})",)
    line = "Xuất bởi bithu.a (Lò Văn Bí) lúc 15/06/2026 09:30:00 từ 10.1.2.3; phạm vi: Chi bộ bản Na Ten"
    assert profile[1] == (line,)
    assert ("Họ và tên", "Nguyễn Thị Hường") in profile and ("Ngày sinh", "17/05/1980") in profile
    assert ("Tình trạng hôm nay (15/06/2026)", "Chính thức") in profile
    # The kinds of records without any row are named, not given empty sheets.
    (empty,) = [r for r in profile if r[0] == "Không có bản ghi nào về người này"]
    assert "Kỷ luật" in empty[1] and "Thẻ đảng viên" in empty[1]
    events = rows(wb["Sự kiện đảng viên"])
    assert events[0] == (line,)
    header = events[1]
    assert header[:3] == ("Loại sự kiện", "Ngày hiệu lực", "Tổ chức đảng")
    assert header[3:] == (
        "Số văn bản",
        "Ngày văn bản",
        "Cơ quan ban hành",
        "Thời điểm ghi",
        "Người ghi",
        "Mã bản ghi",
    )
    assert "Sửa cho bản ghi" not in header  # a column empty in every row is left out
    sheet = wb["Sự kiện đảng viên"]
    kinds = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert [k["Loại sự kiện"] for k in kinds] == [
        "Quyết định kết nạp",
        "Lễ kết nạp",
        "Công nhận đảng viên chính thức",
    ]
    assert (
        kinds[0]["Ngày hiệu lực"] == "02/03/2015"
        and kinds[0]["Tổ chức đảng"] == "Chi bộ bản Na Ten (T.H.X.1)"
    )
    assert kinds[0]["Số văn bản"] == testing.BASIS.number
    assert "Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền" in rows(wb["Khen thưởng"])[2]
    assert dict(rows(wb[STAMP_SHEET]))["Người xuất"] == "bithu.a (Lò Văn Bí)"
    assert wb.properties.creator == "bithu.a (Lò Văn Bí)" and wb.properties.description == line
    assert wb.properties.created == datetime(2026, 6, 15, 2, 30)  # UTC
    (entry,) = ReadEntry.objects.filter(kind=ReadKind.PERSON_EXPORT)
    assert (entry.username, entry.person, str(entry.address), entry.channel) == (
        "bithu.a",
        person,
        "10.1.2.3",
        ReadChannel.WEB,
    )
    assert entry.at == NOW and entry.detail == f"Hồ sơ của Nguyễn Thị Hường ({person.code})"


def test_a_user_outside_the_persons_scope_is_answered_404_and_nothing_is_logged(huong):
    tree, person = huong
    for org, name in ((tree.cell_b, "bithu.b"), (tree.school, "truong")):
        assert download(testing.client_for(org, Role.ADMINISTER, name), person).status_code == 404
    assert download(Client(), person).status_code == 302  # to the sign-in page
    assert not ReadEntry.objects.filter(kind=ReadKind.PERSON_EXPORT).exists()
    assert testing.client_for(tree.cell_b, Role.VIEW, "b2").post(
        reverse("member_export", args=[person.code])
    ).status_code in (404, 405)


def test_the_member_page_links_the_export(huong):
    tree, person = huong
    page = testing.client_for(tree.cell_a, Role.VIEW, "xem").get(reverse("member", args=[person.code]))
    assert reverse("member_export", args=[person.code]) in page.content.decode()


def test_the_cadre_records_only_for_a_user_who_reaches_the_cadre_file():
    """Cadre records need the cadre role (issue 17): the member records' officer gets the person's
    party records without them; a user holding both roles gets them too."""
    cast = cadre_cast.build()
    person = testing.person("Lò Thị Hoa", sex="female")
    testing.admit(person, cast.tree.cell_a, date(2010, 3, 2))
    cadre_cast.hire(person, cast.district_committee)
    officer = testing.client_for(cast.tree.province, Role.EDIT, "tinh")
    assert "Quá trình công tác" not in workbook(download(officer, person)).sheetnames
    both = cadre_cast.cadre_user("canbo.tinh", cast.tree.province)
    Assignment.objects.create(
        user=both, organization=cast.tree.province, role=Role.VIEW, granted_at=timezone.now(), granted_by="t"
    )
    client = Client()
    client.force_login(both)
    wb = workbook(download(client, person))
    assert "Quá trình công tác" in wb.sheetnames
    employment = rows(wb["Quá trình công tác"])
    assert len(employment) == 3  # the stamp line, the header, the one employment
    assert "Ủy ban nhân dân huyện Mường Khoa (UBND.H)" in employment[2]


def test_partyorg_person_export_writes_the_file_and_logs_the_command(huong, tmp_path, capsys):
    _tree, person = huong
    path = tmp_path / "ho-so.xlsx"
    with time_machine.travel(NOW, tick=False):
        call_command("person", person.code, "--export", str(path))
    assert (
        f"Đã ghi 4 bản ghi về Nguyễn Thị Hường vào {path}" in capsys.readouterr().out
    )  # 3 events, 1 commendation
    wb = load_workbook(path)
    stamp = dict(rows(wb[STAMP_SHEET]))
    assert stamp["Phạm vi được giao"] == "toàn bộ cơ sở dữ liệu (dòng lệnh partyorg person --export)"
    assert stamp["Thời điểm xuất"] == "15/06/2026 09:30:00"
    (entry,) = ReadEntry.objects.filter(kind=ReadKind.PERSON_EXPORT)
    assert entry.channel == ReadChannel.CLI and entry.person == person and str(path) in entry.detail
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("person", person.code, "--export", str(tmp_path / "ho-so.csv"))
