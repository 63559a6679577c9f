"""The read log (issue 19: "every read of a person's file appears in the access log"): each place that
shows people writes one row naming what was read, who read it and from where; a refused look-up
writes nothing; the rows cannot be changed or removed.

Cast: partyorg.testing (T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school);
Hường is a member of cell T.H.X.1 since 2015, read on 30/06/2017 by the commune's officer."""

from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import ReadChannel, ReadEntry, ReadKind, Role
from partyorg.api.tokens import issue_token

pytestmark = pytest.mark.django_db

ON = "30/06/2017"
NOW = datetime(2026, 6, 15, 9, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/120"


@pytest.fixture
def cast():
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    return tree, huong


def officer(tree, role=Role.EDIT, name="xa"):
    return testing.client_for(tree.commune, role, name)


def only_read() -> ReadEntry:
    """The one row written; failing when none or more than one was."""
    (entry,) = ReadEntry.objects.all()
    return entry


@pytest.mark.parametrize("page", ["member", "record", "person_attributes"])
def test_the_member_page_and_its_tabs_write_one_row_naming_the_person_the_reader_and_where(cast, page):
    tree, huong = cast
    client = officer(tree)
    with time_machine.travel(NOW, tick=False):
        response = client.get(
            reverse(page, args=[huong.code]),
            {"on": ON},
            REMOTE_ADDR="10.1.2.3",
            HTTP_USER_AGENT=BROWSER,
        )
    assert response.status_code == 200
    entry = only_read()
    assert (entry.kind, entry.person_id, entry.username, entry.user.username) == (
        ReadKind.PERSON,
        huong.pk,
        "xa",
        "xa",
    )
    assert (entry.channel, entry.address, entry.agent) == (ReadChannel.WEB, "10.1.2.3", BROWSER)
    assert entry.at == NOW and entry.on == date(2017, 6, 30)
    assert entry.detail.startswith(reverse(page, args=[huong.code]))


def test_a_person_out_of_reach_is_not_found_and_nothing_is_recorded_as_read(cast):
    tree, huong = cast
    neighbour = testing.client_for(tree.school, Role.ADMINISTER, "truong")
    assert neighbour.get(reverse("member", args=[huong.code]), {"on": ON}).status_code == 404
    assert not ReadEntry.objects.exists()


def test_the_api_member_and_member_list_write_one_row_each_not_one_a_person(cast):
    tree, huong = cast
    newcomer = testing.person("Quàng Văn Mới")
    testing.admit(newcomer, tree.cell_b, date(2017, 1, 9), recognize=False)
    user = testing.user_with("tichhop", (tree.commune, Role.VIEW))
    _, token = issue_token(user, "kiểm thử")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    detail = client.get(reverse("api:member", args=[huong.code]), {"on": ON}, REMOTE_ADDR="10.9.9.9")
    assert detail.status_code == 200
    entry = only_read()
    assert (entry.kind, entry.person_id, entry.username, entry.channel, entry.address) == (
        ReadKind.PERSON,
        huong.pk,
        "tichhop",
        ReadChannel.API,
        "10.9.9.9",
    )
    listed = client.get(reverse("api:members"), {"on": ON, "org": tree.commune.code})
    assert listed.json()["count"] == 2  # Hường and Mới: two people, one row
    assert ReadEntry.objects.count() == 2
    entry = ReadEntry.objects.latest("pk")
    assert (entry.kind, entry.person_id) == (ReadKind.MEMBER_LIST, None)
    assert f"org={tree.commune.code}" in entry.detail


def test_a_document_download_writes_one_row_naming_its_organization_and_day(cast):
    tree, _ = cast
    client = officer(tree, Role.VIEW, "xem")
    query = {"org": tree.commune.code, "from": "01/01/2017", "to": ON, "on": ON}
    response = client.get(reverse("report_download", args=["members-flow", "xlsx"]), query)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = only_read()
    assert (entry.kind, entry.organization_id, entry.on) == (
        ReadKind.DOCUMENT,
        tree.commune.pk,
        date(2017, 6, 30),  # the period's closing day
    )
    assert entry.detail == f"members-flow-{tree.commune.code}-20170101-20170630.xlsx"


def test_the_dashboard_lists_of_people_due_write_one_row_when_they_name_people(cast):
    """Mới's ceremony was on 19/01/2017 (testing.admit: ten days after the decision of 09/01/2017):
    his recognition is due in January 2018 and the commune's list names him on 15/01/2018 (as
    test_dashboard.py's probationers); on 30/06/2017 it names nobody and nothing is written."""
    tree, _ = cast
    newcomer = testing.person("Quàng Văn Mới")
    testing.admit(newcomer, tree.cell_b, date(2017, 1, 9), recognize=False)
    client = officer(tree, Role.VIEW, "xem")
    due = reverse("dashboard_due", args=[tree.commune.code])
    assert client.get(due, {"on": ON}).status_code == 200
    assert not ReadEntry.objects.exists()
    listed = client.get(due, {"on": "15/01/2018"}).content.decode()
    assert newcomer.full_name in listed
    entry = only_read()
    assert (entry.kind, entry.organization_id, entry.person_id) == (
        ReadKind.DEADLINES,
        tree.commune.pk,
        None,
    )
    group = {"on": "15/01/2018", "viec": "probation.recognition_deadline", "don-vi": tree.cell_b.code}
    assert newcomer.full_name in client.get(due, group).content.decode()
    assert ReadEntry.objects.latest("pk").organization_id == tree.cell_b.pk
    assert ReadEntry.objects.count() == 2


def test_the_dashboard_warnings_write_one_row_when_there_are_warnings(cast):
    """Cell A (Hường's) has held no meeting in 2017: its warnings list the months without a regular
    meeting (RULES.md §5: monthly, Charter Art. 24(2)), one read of the cell."""
    tree, _ = cast
    client = officer(tree, Role.VIEW, "xem")
    due = reverse("dashboard_due", args=[tree.cell_a.code])
    html = client.get(due, {"on": ON, "canh-bao": "1"}).content.decode()
    assert "Tháng chưa sinh hoạt thường kỳ" in html
    entry = only_read()
    assert (entry.kind, entry.organization_id) == (ReadKind.WARNINGS, tree.cell_a.pk)


def test_the_person_command_writes_one_row_with_the_system_user_and_the_machine(cast, monkeypatch):
    _, huong = cast
    monkeypatch.setattr("getpass.getuser", lambda: "canbo")
    call_command("person", huong.code, "--on", ON, stdout=StringIO())
    entry = only_read()
    assert (entry.kind, entry.person_id, entry.username, entry.user, entry.channel, entry.on) == (
        ReadKind.PERSON,
        huong.pk,
        "canbo",
        None,
        ReadChannel.CLI,
        date(2017, 6, 30),
    )
    assert entry.agent.startswith("partyorg person @ ") and entry.address is None


def test_the_export_command_writes_one_row_for_the_whole_database(cast, tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "canbo")
    target = tmp_path / "all.jsonl"
    call_command("export", str(target), stdout=StringIO())
    entry = only_read()
    assert (entry.kind, entry.person, entry.organization, entry.username) == (
        ReadKind.EXPORT,
        None,
        None,
        "canbo",
    )
    assert str(target) in entry.detail


def test_the_log_refuses_to_be_changed_or_emptied(cast):
    tree, huong = cast
    officer(tree).get(reverse("member", args=[huong.code]), {"on": ON})
    entry = only_read()
    for sql in (
        f"UPDATE accounts_readentry SET username = 'ai' WHERE id = {entry.pk}",
        f"DELETE FROM accounts_readentry WHERE id = {entry.pk}",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert only_read().username == "xa"
