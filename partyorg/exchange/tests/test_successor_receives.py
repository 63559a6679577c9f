"""A file that ends an organization holding members: the successor it names receives them, or the
file is refused naming them. A member belongs to exactly one organization while a member (Charter
Art. 9(1): every member is in a cell; RULES.md §1.2) — the loader must never let one drop out of
every figure while the person's page still calls him "Chính thức"."""

import dataclasses
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.jobs import imports as jobs
from partyorg.members import services
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent, MembershipInterval
from partyorg.organizations.interchange import OrgChangeItemRecord
from partyorg.organizations.models import OrgVersion, valid_on
from partyorg.web.models import ImportJob

pytestmark = pytest.mark.django_db

ENDS = date(2015, 1, 1)


class Discard(Exception):
    pass


def held_on(day):
    return sorted(
        MembershipInterval.objects.filter(valid_on(day)).values_list("person__code", "organization__code")
    )


@pytest.fixture
def exported():
    """Cell B (three members) dissolved on 01/01/2015 into cell A, as the page records it: the
    change and one reassignment a member. Returns the records and who was where after."""
    try:
        with transaction.atomic():
            tree = testing.build_tree()
            for i in range(3):
                testing.admit(testing.person(f"Đảng viên B{i}"), tree.cell_b, date(2005, 3, 1 + i))
            testing.admit(testing.person("Đảng viên A"), tree.cell_a, date(2005, 4, 1))
            services.dissolve_organization.within(
                tree.cell_b,
                effective_on=ENDS,
                successor=tree.cell_a,
                legal_basis=testing.BASIS,
                recorded_by=testing.OFFICER,
            )
            records, after = list(dump()), held_on(ENDS)
            raise Discard
    except Discard:
        pass
    return records, after


def without_moves(records):
    rows = [r for r in records if not (isinstance(r, EventRecord) and r.kind == K.ORG_REASSIGNED)]
    assert len(rows) == len(records) - 3
    return rows


def located(records):
    return [(Location("tệp.jsonl", i + 2), r) for i, r in enumerate(records)]


def test_the_successor_receives_members_the_file_did_not_move(exported):
    records, after = exported
    report = load(located(without_moves(records)))
    # The same as the page's dissolution: all four members in cell A on the day, none lost.
    assert held_on(ENDS) == after
    assert len(after) == 4 and {org for _, org in after} == {"T.H.X.1"}
    moved = MembershipEvent.objects.filter(kind=K.ORG_REASSIGNED)
    assert moved.count() == 3
    assert {m.other_organization.code for m in moved} == {"T.H.X.2"}
    assert report.created["event"] == len([r for r in records if isinstance(r, EventRecord)])
    assert [note for note in report.notes if "tổ chức kế thừa" in note] == [
        "3 đảng viên của Chi bộ bản Co Sản (T.H.X.2), chấm dứt ngày 01/01/2015, được chuyển sang "
        "tổ chức kế thừa Chi bộ bản Na Ten (T.H.X.1)"
    ]  # beside it, the note on attributes without a date (exchange.undated)


def test_an_end_without_successor_that_leaves_members_behind_is_refused_naming_them(exported):
    records, _ = exported
    rows = [
        dataclasses.replace(r, successor="") if isinstance(r, OrgChangeItemRecord) and r.ends else r
        for r in without_moves(records)
    ]
    with pytest.raises(ExchangeError) as refused:
        load(located(rows))
    text = str(refused.value)
    assert "Tổ chức T.H.X.2 (Chi bộ bản Co Sản) chấm dứt ngày 01/01/2015" in text
    assert "còn 3 đảng viên chưa được chuyển đi" in text
    assert "Đảng viên B0" in text and "Đảng viên B2" in text
    assert "dòng" in text  # the change's line in the file
    assert not OrgVersion.objects.exists()


def test_the_command_and_the_import_page_say_who_was_moved(exported, tmp_path, settings, monkeypatch):
    records, _ = exported
    path = tmp_path / "giai-the.jsonl"
    write_file(without_moves(records), path)
    said = "3 đảng viên của Chi bộ bản Co Sản (T.H.X.2), chấm dứt ngày 01/01/2015, được chuyển sang"

    # The page: an administrator uploads and checks the file (a trial, rolled back).
    monkeypatch.setattr(jobs, "BACKGROUND", False)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    root = Client()
    root.force_login(User.objects.create_superuser("root", password="x"))
    root.post(reverse("imports"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    job = ImportJob.objects.get()
    root.post(reverse("import_check", args=[job.pk]))
    assert said in root.get(reverse("import_job", args=[job.pk])).content.decode()
    assert not MembershipEvent.objects.exists()

    out = StringIO()
    call_command("import", str(path), stdout=out)
    assert said in out.getvalue()
