"""Exported files carry who made them, when and within which scope (issue 19): the full export
(``partyorg export``, JSON Lines and workbook) and the reports page's downloads (a form as Excel,
the review draft as Word). The stamp of an interchange file is ignored by the reader: the stamped
file loads back.

Cast: partyorg.testing (T province, T.H.X commune, T.H.X.1 cell); Hường of cell T.H.X.1."""

import json
from datetime import date, datetime
from io import BytesIO, StringIO

import docx
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.stamps import STAMP_SHEET
from partyorg.exchange.formats import INFO_SHEET, read_file

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 9, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def tree():
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    return tree


@pytest.fixture
def os_user(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "quantri")
    monkeypatch.setattr("socket.gethostname", lambda: "may-chu-tinh")


def test_the_full_export_as_json_lines_carries_its_stamp_in_the_header_and_loads_back(
    tree, tmp_path, os_user
):
    target = tmp_path / "toan-bo.jsonl"
    with time_machine.travel(NOW, tick=False):
        call_command("export", str(target), stdout=StringIO())
    header = json.loads(target.read_text(encoding="utf-8").splitlines()[0])
    assert header["format"] == "partyorg"
    assert header["exported"] == {
        "by": "quantri",
        "at": "2026-06-15T09:30:00+07:00",
        "scope": "toàn bộ cơ sở dữ liệu (dòng lệnh partyorg export)",
        "from": "may-chu-tinh",
        "what": "Toàn bộ hồ sơ",
    }
    records = list(read_file(target))  # the reader takes the stamped header as any header
    assert any(r.TYPE == "person" and r.full_name == "Nguyễn Thị Hường" for _loc, r in records)


def test_the_full_export_as_a_workbook_carries_its_stamp_on_the_info_sheet(tree, tmp_path, os_user):
    target = tmp_path / "toan-bo.xlsx"
    with time_machine.travel(NOW, tick=False):
        call_command("export", str(target), stdout=StringIO())
    wb = load_workbook(target, read_only=True)
    info = {row[0]: row[1] for row in wb[INFO_SHEET].iter_rows(values_only=True)}
    assert info["Người xuất"] == "quantri" and info["Thời điểm xuất"] == "15/06/2026 09:30:00"
    assert info["Xuất từ"] == "may-chu-tinh"
    assert wb.properties.creator == "quantri"
    assert wb.properties.created == datetime(2026, 6, 15, 2, 30)  # UTC
    assert STAMP_SHEET not in wb.sheetnames  # the reader knows only its own sheets
    wb.close()
    assert any(r.TYPE == "person" for _loc, r in read_file(target))


def test_a_form_downloaded_from_the_reports_page_carries_the_user_the_time_and_the_scope(tree):
    officer = testing.client_for(tree.commune, Role.VIEW, "canbo.xa")
    query = {"org": tree.commune.code, "from": "01/01/2017", "to": "30/06/2017", "on": "30/06/2017"}
    with time_machine.travel(NOW, tick=False):
        response = officer.get(
            reverse("report_download", args=["members-flow", "xlsx"]), query, REMOTE_ADDR="10.0.0.7"
        )
    assert response.status_code == 200
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames[-1] == STAMP_SHEET and len(wb.sheetnames) >= 2  # the form's sheet kept first
    stamp = dict(wb[STAMP_SHEET].iter_rows(values_only=True))
    assert stamp["Người xuất"] == "canbo.xa" and stamp["Xuất từ"] == "10.0.0.7"
    assert stamp["Phạm vi được giao"] == "Đảng ủy xã Nà Tấu"
    assert stamp["Nội dung"].startswith(f"members-flow-{tree.commune.code}-20170101-20170630")
    assert wb.properties.creator == "canbo.xa" and "15/06/2026 09:30:00" in wb.properties.description


def test_the_review_draft_carries_the_stamp_in_its_properties_and_last_line(tree):
    officer = testing.client_for(tree.commune, Role.VIEW, "canbo.xa2")
    query = {"org": tree.commune.code, "from": "01/01/2017", "to": "30/06/2017", "on": "30/06/2017"}
    with time_machine.travel(NOW, tick=False):
        response = officer.get(reverse("report_download", args=["review", "docx"]), query)
    assert response.status_code == 200
    document = docx.Document(BytesIO(b"".join(response.streaming_content)))
    assert document.core_properties.author == "canbo.xa2"
    assert document.paragraphs[-1].text.startswith("Xuất bởi canbo.xa2 lúc 15/06/2026 09:30:00")
