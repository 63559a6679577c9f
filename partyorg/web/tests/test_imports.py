"""Importing a file from the web: upload, check, report, apply (cast: partyorg.testing: T province,
T.H district, T.H.X commune with cells T.H.X.1 and T.H.X.2, T.H.S the district's school).

The background work runs in the request that starts it (``partyorg.jobs.imports.BACKGROUND``
off), on the test's connection; the browser test at the end runs it in its thread, as the server does."""

import csv
import io
import socket
import uuid
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Assignment, Role
from partyorg.dues.interchange import DuesPaymentRecord
from partyorg.dues.models import DuesPayment
from partyorg.exchange.formats import write_file
from partyorg.exchange.load import LoadReport
from partyorg.exchange.report import FINDINGS_HEADER, FindingsFile, LoadFinding
from partyorg.jobs import imports as jobs
from partyorg.jobs import runner
from partyorg.jobs.models import Job, JobStatus
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent, MembershipInterval, Person
from partyorg.rules import organization as org_rules
from partyorg.rules.base import RuleViolation
from partyorg.web.models import ImportJob, ImportStatus
from partyorg.web.tests.browser import browser_page, screenshot, sign_in
from partyorg.web.views import imports

AT = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def in_the_request(monkeypatch, settings, tmp_path):
    """Jobs run in the request that starts them; uploads go to a temporary directory."""
    monkeypatch.setattr(jobs, "BACKGROUND", False)
    monkeypatch.setattr(runner, "BACKGROUND", False)  # and a job found dead runs again here too
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cast(db, in_the_request):
    tree = testing.build_tree()
    pom = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    return tree, pom


client_for = testing.client_for


def event(person, kind, on, **fields):
    return EventRecord(
        uid=str(uuid.uuid4()),
        person=person,
        kind=kind,
        effective_on=on,
        recorded_at=AT,
        recorded_by="xa",
        **fields,
    )


def new_member(code="M0001", org="T.H.X.1"):
    """Mai, decided on 01/03/2024 in ``org``, her ceremony on 11/03/2024."""
    return [
        PersonRecord(code=code, full_name="Lường Thị Mai", sex="female", birth_date=date(1990, 4, 2)),
        event(code, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=org, basis_number="05-QĐ/ĐU"),
        event(code, K.ADMISSION_CEREMONY, date(2024, 3, 11)),
    ]


def workbook(tmp_path, records, name="dot1.xlsx"):
    path = tmp_path / name
    write_file(records, path)
    return path


def upload(client, path):
    with path.open("rb") as data:
        response = client.post(reverse("imports"), {"file": SimpleUploadedFile(path.name, data.read())})
    assert response.status_code == 302, response.content.decode()
    return ImportJob.objects.order_by("-pk").first()


def page(client, job):
    response = client.get(reverse("import_job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_valid_workbook_is_checked_shown_and_applied(cast, tmp_path):
    tree, pom = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    records = [*new_member(), event(pom.code, K.BADGE_AWARDED, date(2025, 2, 3), detail="30")]
    job = upload(officer, workbook(tmp_path, records))
    assert job.status == ImportStatus.UPLOADED and job.file_name == "dot1.xlsx"
    assert "Kiểm tra" in page(officer, job)

    assert officer.post(reverse("import_check", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.problem_count == 0
    assert job.counts["created"] == {"person": 1, "event": 3}
    assert job.progress_total == 4
    shown = page(officer, job)
    assert "Nếu áp dụng, tệp sẽ ghi" in shown and "Áp dụng" in shown
    assert '<td>Người</td><td class="num">1</td><td class="num">0</td>' in shown
    assert '<td>Sự kiện</td><td class="num">3</td><td class="num">0</td>' in shown
    assert not Person.objects.filter(code="M0001").exists()  # the trial was rolled back
    assert not MembershipEvent.objects.filter(kind=K.BADGE_AWARDED).exists()

    assert officer.post(reverse("import_apply", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.finished_at is not None
    mai = Person.objects.get(code="M0001")
    assert list(mai.events.order_by("effective_on").values_list("kind", flat=True)) == [
        "admission_decided",
        "admission_ceremony",
    ]
    assert MembershipInterval.objects.filter(person=mai, organization=tree.cell_a).exists()
    assert pom.events.filter(kind=K.BADGE_AWARDED, detail="30").exists()
    shown = page(officer, job)
    assert "Đã nạp" in shown and "Áp dụng" not in shown
    # Applying again does nothing: the job is done.
    officer.post(reverse("import_apply", args=[job.pk]))
    assert Person.objects.filter(code="M0001").count() == 1


def test_a_bad_row_is_named_by_file_sheet_row_and_column_and_nothing_is_written(cast, tmp_path):
    """The file is stored under a name of its own; the officer reads the name they uploaded."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    path = workbook(tmp_path, new_member(), "dangphi.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Sự kiện"]
    column = next(cell.column for cell in sheet[1] if cell.value == "Ngày hiệu lực")
    sheet.cell(row=3, column=column, value="31/02/2024")
    book.save(path)

    job = upload(officer, path)
    officer.post(reverse("import_check", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert job.stored_name != "dangphi.xlsx"
    expected = "dangphi.xlsx, trang “Sự kiện”, dòng 3, cột “Ngày hiệu lực”: Ngày không hợp lệ: 31/02/2024"
    assert job.problems == [expected]
    shown = page(officer, job)
    assert expected in shown and job.stored_name not in shown
    assert "không có dữ liệu nào được ghi" in shown and "Áp dụng" not in shown
    officer.post(reverse("import_apply", args=[job.pk]))  # refused: there is nothing to apply
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert not Person.objects.filter(code="M0001").exists()


def test_a_bad_line_of_a_json_lines_upload_is_named_by_the_uploaded_name(cast, tmp_path):
    """The same for a JSON Lines file, whose lines were named by the stored file's name."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    path = workbook(tmp_path, new_member(), "dangphi.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert '"effective_on": "2024-03-01"' in lines[2]  # line 3: Mai's decision
    lines[2] = lines[2].replace('"effective_on": "2024-03-01"', '"effective_on": "2024-02-31"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    job = upload(officer, path)
    officer.post(reverse("import_check", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert len(job.problems) == 1
    assert job.problems[0].startswith("dangphi.jsonl, dòng 3, cột “Ngày hiệu lực”: ")
    assert job.stored_name not in page(officer, job)


def payments(person, months, org="T.H.X.1"):
    return [
        DuesPaymentRecord(
            uid=str(uuid.uuid4()),
            person=person,
            organization=org,
            month=date(2025, month, 1),
            amount=30_000,
            paid_on=date(2025, month, 10),
            recorded_at=AT,
            recorded_by="xa",
        )
        for month in months
    ]


def test_an_import_of_dues_payments_only_reports_how_many_were_written(cast, tmp_path):
    """Three months of Hường's dues and nothing else: the result counts the 3 payments (it said
    "Tệp không có bản ghi nào", counting only the first eight kinds of record)."""
    tree, pom = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, payments(pom.code, (1, 2, 3)), "dangphi.xlsx"))
    officer.post(reverse("import_check", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert job.counts["created"] == {"dues_payment": 3}
    row = '<td>Đảng phí đã nộp</td><td class="num">3</td><td class="num">0</td>'
    shown = page(officer, job)
    assert row in shown and "Tệp không có bản ghi nào" not in shown
    assert not DuesPayment.objects.exists()  # the trial was rolled back

    officer.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert DuesPayment.objects.filter(person=pom).count() == 3
    shown = page(officer, job)
    assert "Đã ghi" in shown and row in shown

    again = upload(officer, workbook(tmp_path, payments(pom.code, (1, 2, 3)), "lai.xlsx"))
    officer.post(reverse("import_check", args=[again.pk]))
    again.refresh_from_db()
    assert again.counts["created"] == {"dues_payment": 3}  # new uids: three more payments


@time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60)), tick=False)
def test_findings_are_shown_grouped_by_rule_and_organization(cast, tmp_path):
    """Hường is Na Ten's only member since 2015 (official from 2016), Mai joins in 2024: Na Ten has
    fewer than 3 official members on every 31/12 from 2015 to 2025 (RULES.md §1.2 [V]), 11 findings
    shown as one row "2015–2025", not eleven."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    officer.post(reverse("import_check", args=[job.pk]))
    job.refresh_from_db()
    assert job.finding_count == 11
    [group] = job.findings
    assert (group["organization"], group["name"], group["years"], group["count"]) == (
        "T.H.X.1",
        "Chi bộ bản Na Ten",
        "2015–2025",
        11,
    )
    assert group["in_scope"] is True
    shown = page(officer, job)
    assert "Phát hiện về chất lượng dữ liệu: 11" in shown
    link = f"/nap-tep/{job.pk}/phat-hien/?quy-dinh={group['code']}&amp;to-chuc=T.H.X.1"
    assert f'<a href="{link}">Chi bộ bản Na Ten</a> <span class="muted">T.H.X.1</span>' in shown
    assert '<td>2015–2025</td><td class="num">11</td>' in shown
    assert shown.count("Chi bộ bản Na Ten, ngày 31/12/") == 3  # three examples, not eleven rows


def test_findings_about_an_organization_outside_the_scope_are_counted_not_named(cast, tmp_path):
    """A load judges every cell its people were ever in: the commune's officer is told that the
    school (outside the commune) has findings, not which or when; a superuser sees it named."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    report = LoadReport()
    for code, name, year in (("T.H.X.1", "Chi bộ bản Na Ten", 2020), ("T.H.S", "Chi bộ Trường THCS", 2020)):
        violation = RuleViolation(org_rules.MIN_OFFICIAL_MEMBERS_RULE, "chưa đủ 3")
        report.add_finding(violation, name, on=date(year, 12, 31), organization=(code, name))
    kept = jobs._finding_groups(report, User.objects.get(username="xa"))
    assert {g["organization"]: g["in_scope"] for g in kept} == {"T.H.X.1": True, "T.H.S": False}

    job = upload(officer, workbook(tmp_path, new_member()))
    rule = org_rules.MIN_OFFICIAL_MEMBERS_RULE
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED,
        counts={"created": {"person": 1}, "unchanged": {}, "seconds": 0.1},
        findings=kept,
        finding_count=2,
        finding_rules=[[rule.title, rule.code, 2]],
    )
    shown = page(officer, job)
    assert "Chi bộ bản Na Ten" in shown and "Chi bộ Trường THCS" not in shown and "T.H.S" not in shown
    assert "và 1 phát hiện ở 1 tổ chức ngoài phạm vi được giao" in shown
    root = Client()
    root.force_login(User.objects.create_superuser("root", password="x"))
    assert "Chi bộ Trường THCS" in page(root, job)


def test_a_history_that_contradicts_itself_is_refused_by_the_trial_load(cast, tmp_path):
    """A ceremony before any decision: only loading finds it, and the trial load writes nothing."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    person, decided, ceremony = new_member()
    early = event("M0001", K.ADMISSION_CEREMONY, date(2024, 2, 1))
    job = upload(officer, workbook(tmp_path, [person, early, decided, ceremony]))
    officer.post(reverse("import_check", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert any(
        p.startswith("dot1.xlsx, trang “Sự kiện”, dòng 2: Quá trình của Lường Thị Mai (M0001) mâu thuẫn")
        for p in job.problems
    )
    assert not Person.objects.filter(code="M0001").exists()
    assert "mâu thuẫn" in page(officer, job)


def test_the_neighbour_cannot_import_into_the_commune(cast, tmp_path):
    """The school's secretary sends events for the commune's cell: refused, nothing written, and
    the reason is the scope, in the same words as for a code that does not exist."""
    tree, pom = cast
    neighbour = client_for(tree.school, Role.ADMINISTER, "truong")
    records = [*new_member(), event(pom.code, K.BADGE_AWARDED, date(2025, 2, 3), detail="30")]
    job = upload(neighbour, workbook(tmp_path, records))
    neighbour.post(reverse("import_check", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    sheet = "dot1.xlsx, trang “Sự kiện”"
    assert job.problems == [
        f"{sheet}, dòng 2, cột “Tổ chức”: Tổ chức “T.H.X.1” ngoài phạm vi được giao (ngày 01/03/2024)",
        f"{sheet}, dòng 4, cột “Người”: Người có mã “{pom.code}” ngoài phạm vi được giao (ngày 03/02/2025)",
    ]
    assert "Tổ chức “T.H.X.1” ngoài phạm vi được giao" in page(neighbour, job)
    assert job.counts == {}  # the trial load never ran
    assert not Person.objects.filter(code="M0001").exists()
    assert not MembershipEvent.objects.filter(kind=K.BADGE_AWARDED).exists()

    unknown = upload(neighbour, workbook(tmp_path, new_member(org="KHONG-CO"), "khong.xlsx"))
    neighbour.post(reverse("import_check", args=[unknown.pk]))
    unknown.refresh_from_db()
    assert unknown.problems == [
        "khong.xlsx, trang “Sự kiện”, dòng 2, cột “Tổ chức”: "
        "Tổ chức “KHONG-CO” ngoài phạm vi được giao (ngày 01/03/2024)"
    ]


def test_a_job_is_seen_only_by_its_uploader_and_superusers(cast, tmp_path):
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    other = client_for(tree.commune, Role.ADMINISTER, "quantri")  # even over the same commune
    for name in ("import_job", "import_progress"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    for name in ("import_check", "import_apply"):
        assert other.post(reverse(name, args=[job.pk])).status_code == 404
    assert "dot1.xlsx" not in other.get(reverse("imports")).content.decode()
    assert "dot1.xlsx" in officer.get(reverse("imports")).content.decode()

    root = Client()
    root.force_login(User.objects.create_superuser("root", password="x"))
    assert "dot1.xlsx" in root.get(reverse("imports")).content.decode()
    shown = page(root, job)
    assert "dot1.xlsx" in shown and 'action="/nap-tep/' not in shown  # sees it, may not act on it
    assert root.post(reverse("import_check", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    assert officer.get(reverse("import_job", args=[job.pk + 1000])).status_code == 404


def test_an_upload_needs_a_csrf_token(cast, tmp_path):
    tree, _ = cast
    client_for(tree.commune, Role.EDIT, "xa")
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(User.objects.get(username="xa"))
    path = workbook(tmp_path, new_member())
    response = csrf.post(reverse("imports"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_only_xlsx_and_jsonl_files_and_not_too_large(cast, tmp_path, monkeypatch):
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    response = officer.post(reverse("imports"), {"file": SimpleUploadedFile("a.csv", b"x;y")})
    assert "Chỉ nhận tệp .xlsx hoặc .jsonl" in response.content.decode()
    monkeypatch.setattr(imports, "MAX_SIZE", 10)
    response = officer.post(reverse("imports"), {"file": SimpleUploadedFile("a.jsonl", b"{}" * 10)})
    assert "Tệp lớn hơn 50 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_json_lines_file_loads_too(cast, tmp_path):
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member(), "dot1.jsonl"))
    officer.post(reverse("import_check", args=[job.pk]))
    officer.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Person.objects.filter(code="M0001").exists()


def running(job, **values):
    """The import's background job, as a live worker writes it (this process stands for it)."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, progress_total=1500)
    row = {
        "kind": "import.apply",
        "handler": jobs.HANDLER,
        "subject": job.pk,
        "options": {
            "store": "partyorg.web.import_jobs.ImportJobs",
            "work": "partyorg.jobs.imports.apply_job",
        },
        "status": JobStatus.RUNNING,
        "worker": runner.this_process(),
        "attempts": 1,
        "enqueued_at": timezone.now(),
        "started_at": timezone.now(),
        "heartbeat_at": timezone.now(),
    }
    return Job.objects.create(**(row | values))


def test_the_progress_fragment_polls_while_busy_and_reloads_the_page_when_done(cast, tmp_path):
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    run = running(job, phase="trial", done=1000, total=1500)
    fragment = officer.get(reverse("import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in text and "Chạy thử (không ghi gì)" in text
    assert "1.000 trên 1.500 bản ghi (67%)" in text
    # Leaving and coming back: the page shows where the job is, read from its row.
    shown = page(officer, job)
    assert "Đang nạp" in shown and "1.000 trên 1.500 bản ghi" in shown
    # The load itself: on SQLite its transaction holds the write lock, so its counts are written
    # only once it commits, and the page says so; on PostgreSQL they are written as it goes.
    Job.objects.filter(pk=run.pk).update(phase="loading", done=0)
    text = officer.get(reverse("import_progress", args=[job.pk])).content.decode()
    assert "Nạp các bản ghi" in text
    if connection.vendor == "sqlite":
        assert "1.500 bản ghi được ghi trong một lần, tất cả hoặc không gì cả" in text
        assert "0 trên 1.500" not in text
    else:
        assert "0 trên 1.500 bản ghi (0%)" in text
    Job.objects.filter(pk=run.pk).update(phase="finishing", done=1500)
    assert "Dựng lại quá trình" in officer.get(reverse("import_progress", args=[job.pk])).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    done = officer.get(reverse("import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Refresh"] == "true"


def test_a_job_whose_process_died_is_run_again_once_then_failed_with_its_reason(cast, tmp_path, settings):
    """The page that shows a busy import finds its job's process gone (a process id that no longer
    runs: a server restarted, a kill -9): the job runs again (PARTYORG_JOBS_RESUMES, default once)
    and the file is loaded whole; a second death fails the import with the reason, nothing written."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    officer.post(reverse("import_check", args=[job.pk]))
    dead = f"{socket.gethostname()}:{2**22 + 1}:1"  # above Linux's largest process id
    running(job, worker=dead, phase="loading")
    shown = page(officer, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Person.objects.filter(code="M0001").exists()
    assert "Việc này đã bị ngắt giữa chừng và được chạy lại từ đầu" in shown
    assert "lần chạy thứ 1" in shown

    settings.PARTYORG_JOBS_RESUMES = 0
    second = upload(officer, workbook(tmp_path, new_member("M0002"), "b.xlsx"))
    officer.post(reverse("import_check", args=[second.pk]))
    running(second, worker=dead, phase="loading")
    shown = page(officer, second)
    second.refresh_from_db()
    assert second.status == ImportStatus.FAILED and not Person.objects.filter(code="M0002").exists()
    assert second.problems[0].startswith("Tiến trình chạy việc này đã dừng giữa chừng")
    assert "không có gì được ghi" in shown


def test_a_file_that_stopped_loading_since_its_check_fails_with_nothing_written(cast, tmp_path):
    """Checked, then the same people are loaded by another file: the apply finds the conflict."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    first = upload(officer, workbook(tmp_path, new_member(), "a.xlsx"))
    changed = new_member()
    changed[0] = PersonRecord(
        code="M0001", full_name="Lường Thị Mại", sex="female", birth_date=date(1990, 4, 2)
    )
    second = upload(officer, workbook(tmp_path, changed, "b.xlsx"))
    for job in (first, second):
        officer.post(reverse("import_check", args=[job.pk]))
    officer.post(reverse("import_apply", args=[first.pk]))
    officer.post(reverse("import_apply", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == ImportStatus.FAILED
    assert any("nội dung khác" in p for p in second.problems)
    assert Person.objects.get(code="M0001").full_name == "Lường Thị Mai"
    assert "Nạp không thành công" in page(officer, second)


def start_waiting(browser, button):
    """Start a job while another holds the turn: the page shows it waiting, polling. (And no page
    is drawn while the job writes its row: the in-memory SQLite of the tests shares one cache
    between connections, and refuses at once to read a table another connection is writing.)"""
    with jobs._one_at_a_time:
        browser.click(f"button:has-text('{button}')")
        # Queued, then taken by the development server's thread, which waits for the turn: polled.
        browser.wait_for_selector(".import-progress:has-text('Đang chờ lượt')")


@pytest.mark.django_db(transaction=True)
def test_upload_check_and_apply_in_a_browser(live_server, erasable_logs, tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PARTYORG_JOBS_IN_PROCESS = True  # as under the development server: no worker
    # No heartbeat: the in-memory SQLite of the tests refuses at once to read a table another
    # connection is writing, so a page drawn during a beat would fail (a file database waits).
    monkeypatch.setattr(runner, "BEAT_SECONDS", 3600)
    tree = testing.build_tree()
    User.objects.create_user("xa", password="mat-khau-du-dai", first_name="Cán bộ xã")
    Assignment.objects.create(
        user=User.objects.get(username="xa"),
        organization=tree.commune,
        role=Role.EDIT,
        granted_at=timezone.now(),
        granted_by="t",
    )
    path = workbook(tmp_path, new_member(), "ket-nap-thang-3.xlsx")
    with browser_page() as browser:
        sign_in(browser, live_server.url, "xa")

        browser.click("nav >> text=Nạp tệp")
        browser.set_input_files("input[name=file]", str(path))
        screenshot(browser, "import-upload")
        browser.click("form.upload button")
        assert browser.locator("h1").inner_text() == "ket-nap-thang-3.xlsx"

        start_waiting(browser, "Kiểm tra")
        browser.wait_for_selector("text=Nếu áp dụng, tệp sẽ ghi")  # polled, then the page reloaded
        assert "Lường Thị Mai" not in browser.content()
        counts = browser.locator("table.counts").inner_text()
        assert "Người\t1\t0" in counts and "Sự kiện\t2\t0" in counts
        screenshot(browser, "import-checked")

        with jobs._one_at_a_time:  # another file is being loaded: this one waits its turn
            browser.click("button:has-text('Áp dụng')")
            browser.wait_for_selector(".import-progress:has-text('Đang chờ lượt')")
            screenshot(browser, "import-waiting")
            job_url = browser.url
            browser.click("nav >> text=Tổng quan")  # leave, and come back: the job is where it was
            browser.goto(job_url)
            assert "Đang nạp" in browser.locator("dl.profile").inner_text()
            assert browser.locator(".import-progress[hx-trigger='every 2s']").count() == 1
        browser.wait_for_selector(".status-done:has-text('Đã nạp')")  # polled, then the page reloaded
        screenshot(browser, "import-done")

        # A file for the school, outside the commune: refused, with the reason on its row.
        browser.click("nav >> text=Nạp tệp")
        browser.set_input_files(
            "input[name=file]", str(workbook(tmp_path, new_member("M0002", "T.H.S"), "s.xlsx"))
        )
        browser.click("form.upload button")
        start_waiting(browser, "Kiểm tra")
        browser.wait_for_selector(".status-refused")
        assert browser.locator("ul.problems li").all_inner_texts() == [
            "s.xlsx, trang “Sự kiện”, dòng 2, cột “Tổ chức”: "
            "Tổ chức “T.H.S” ngoài phạm vi được giao (ngày 01/03/2024)"
        ]
        screenshot(browser, "import-refused")
    assert Person.objects.get(code="M0001").events.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_result_of_a_payments_file_in_a_browser(
    live_server, erasable_logs, tmp_path, settings, monkeypatch
):
    """Hường's dues for three months and Mai's admission: the result counts the payments beside the
    people and events, and Na Ten's year ends with fewer than 3 official members (2015 to last
    year) are one row of the findings, their years as a range."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PARTYORG_JOBS_IN_PROCESS = True  # as under the development server: no worker
    # No heartbeat: the in-memory SQLite of the tests refuses at once to read a table another
    # connection is writing, so a page drawn during a beat would fail (a file database waits).
    monkeypatch.setattr(runner, "BEAT_SECONDS", 3600)
    tree = testing.build_tree()
    pom = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    path = workbook(tmp_path, [*new_member(), *payments(pom.code, (1, 2, 3))], "dangphi.xlsx")
    last_year = date.today().year - 1
    with browser_page() as browser:
        browser.set_viewport_size({"width": 1366, "height": 900})
        sign_in(browser, live_server.url, "xa")
        browser.click("nav >> text=Nạp tệp")
        browser.set_input_files("input[name=file]", str(path))
        browser.click("form.upload button")
        browser.click("button:has-text('Kiểm tra')")
        browser.wait_for_selector("text=Nếu áp dụng, tệp sẽ ghi")
        browser.click("button:has-text('Áp dụng')")
        browser.wait_for_selector(".status-done:has-text('Đã nạp')")
        counts = browser.locator("table.counts").inner_text()
        assert "Người\t1\t0" in counts and "Sự kiện\t2\t0" in counts
        assert "Đảng phí đã nộp\t3\t0" in counts and "Cộng\t6\t0" in counts
        findings = browser.locator("table.findings").inner_text()
        assert f"Chi bộ bản Na Ten T.H.X.1\n\t2015–{last_year}\t{last_year - 2014}" in findings.replace(
            "Ví dụ\n", ""
        )
        screenshot(browser, "import-result-payments")
        browser.click("table.findings summary")  # the examples of the group
        screenshot(browser, "import-result-payments-examples")
        browser.set_viewport_size({"width": 390, "height": 844})
        screenshot(browser, "import-result-payments-phone")
    assert DuesPayment.objects.filter(person=pom).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_load_run_again_after_its_worker_died_in_a_browser(live_server, erasable_logs, tmp_path, settings):
    """The page of a file being loaded by partyorg worker (this process stands for the worker), in
    its second run after the first one's process died: the phase, the records written in one go
    (SQLite: the count waits for the commit), since when, and why it runs again."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PARTYORG_JOBS_IN_PROCESS = False  # a production server: partyorg worker runs the jobs
    tree = testing.build_tree()
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    officer = Client()
    officer.force_login(User.objects.get(username="xa"))
    job = upload(officer, workbook(tmp_path, new_member(), "ket-nap-thang-3.xlsx"))
    reason = (
        "Tiến trình chạy việc này đã dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị tắt), "
        "lần chạy thứ 1, lần cuối còn chạy lúc 07/12/2026 10:02:11; phần đang ghi dở đã bị hủy cùng "
        "tiến trình, không có gì được ghi. Đã xếp hàng chạy lại."
    )
    running(job, phase="loading", total=1500, attempts=2, reason=reason)
    with browser_page() as browser:
        sign_in(browser, live_server.url, "xa")
        browser.goto(f"{live_server.url}/nap-tep/{job.pk}/")
        progress = browser.locator(".import-progress").inner_text()
        assert "Nạp các bản ghi" in progress and "lần chạy thứ 1" in progress
        if connection.vendor == "sqlite":
            assert "1.500 bản ghi được ghi trong một lần" in progress
        assert "Máy chủ thử nghiệm" not in progress
        screenshot(browser, "import-loading-again")


def test_the_runner_writes_the_statuses_of_the_web_s_jobs():
    """The job runner (exchange) names the outcomes it writes without importing the web."""
    assert (jobs.CHECKED, jobs.REFUSED, jobs.DONE, jobs.FAILED) == (
        ImportStatus.CHECKED,
        ImportStatus.REFUSED,
        ImportStatus.DONE,
        ImportStatus.FAILED,
    )


def test_every_finding_downloads_as_csv_within_the_readers_scope(cast, tmp_path):
    """The findings file of a job: the uploader (the commune's officer) gets the rows about his
    commune's cell and none about the school outside it; a superuser gets both; another officer
    of the same commune does not reach the job at all."""
    tree, _ = cast
    officer = client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    every = FindingsFile(job.findings_path)
    rule = org_rules.MIN_OFFICIAL_MEMBERS_RULE
    for code, name in (("T.H.X.1", "Chi bộ bản Na Ten"), ("T.H.S", "Chi bộ Trường THCS")):
        every.write(LoadFinding(rule, code, name, date(2020, 12, 31), f"{name}, ngày 31/12/2020: chưa đủ 3"))
    every.close(keep=True)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED, finding_count=2)

    assert f'href="/nap-tep/{job.pk}/phat-hien.csv"' in page(officer, job)
    url = reverse("import_findings", args=[job.pk])

    def rows(client):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    seen = rows(officer)
    assert seen[0] == list(FINDINGS_HEADER)
    assert [r[2] for r in seen[1:]] == ["T.H.X.1"]
    root = Client()
    root.force_login(User.objects.create_superuser("root", password="x"))
    assert [r[2] for r in rows(root)[1:]] == ["T.H.X.1", "T.H.S"]
    other = client_for(tree.commune, Role.ADMINISTER, "quantri")
    assert other.get(url).status_code == 404
