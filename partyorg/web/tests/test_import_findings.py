"""The import's data-quality findings page (issue 15: "all findings go to a file, a page with
filters"): every finding of a job's check, one a row, filtered by rule, organization (code, or a
part of its name without diacritics) and year, 100 a page, within the reader's scope; the CSV file
downloads the same rows, filtered alike.

Cast: partyorg.testing (T.H.X commune with its cells T.H.X.1 "Chi bộ bản Na Ten" and T.H.X.2, and the
school T.H.S outside the commune), the commune's officer who uploaded the file. Findings written by
hand into the job's findings file: 100 of the 3-official-members rule about Na Ten (31/12 of
2001–2020, five a year), 60 of the admission age rule about T.H.X.2 in 2019, 40 about the school."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.exchange.report import FINDINGS_HEADER, FindingsFile, LoadFinding
from partyorg.rules import admission as admission_rules
from partyorg.rules import organization as org_rules
from partyorg.web.models import ImportJob, ImportStatus
from partyorg.web.tests.browser import browser_page, screenshot, sign_in, submit
from partyorg.web.tests.test_imports import cast, in_the_request, new_member, upload, workbook  # noqa: F401
from partyorg.web.views.imports import FINDINGS_PAGE

MIN3 = org_rules.MIN_OFFICIAL_MEMBERS_RULE
AGE = admission_rules.AGE_RULE


def write_findings(job):
    job.findings_path.parent.mkdir(parents=True, exist_ok=True)
    every = FindingsFile(job.findings_path)
    for year in range(2001, 2021):
        for n in range(5):
            text = f"Chi bộ bản Na Ten, ngày 31/12/{year}: chưa đủ 3 đảng viên chính thức ({n})"
            every.write(LoadFinding(MIN3, "T.H.X.1", "Chi bộ bản Na Ten", date(year, 12, 31), text))
    for n in range(60):
        every.write(
            LoadFinding(AGE, "T.H.X.2", "Chi bộ bản Pá Khoang", date(2019, 5, 2), f"Người {n}: dưới 18 tuổi")
        )
    for n in range(40):
        every.write(LoadFinding(MIN3, "T.H.S", "Chi bộ Trường THCS", date(2019, 12, 31), f"Trường {n}"))
    every.close(keep=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED,
        finding_count=200,
        finding_rules=[[MIN3.title, MIN3.code, 140], [AGE.title, AGE.code, 60]],
    )


@pytest.fixture
def job(cast, tmp_path):  # noqa: F811
    tree, _ = cast
    officer = testing.client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    write_findings(job)
    return tree, officer, job


def findings_page(client, job, **params):
    return client.get(reverse("import_findings_page", args=[job.pk]), params)


def test_the_uploader_sees_every_finding_in_scope_a_page_at_a_time(job):
    _tree, officer, job = job
    response = findings_page(officer, job)
    assert response.status_code == 200
    context = response.context
    assert context["total"] == 160  # 100 + 60; the school's 40 are outside the commune
    assert context["pages"] == 2 and len(context["rows"]) == FINDINGS_PAGE
    assert context["rows"][0][2:5] == ["T.H.X.1", "Chi bộ bản Na Ten", "31/12/2001"]
    last = findings_page(officer, job, page=2).context
    assert len(last["rows"]) == 60 and last["rows"][-1][5] == "Người 59: dưới 18 tuổi"
    assert "Trường" not in response.content.decode()
    assert findings_page(officer, job, page="x").context["number"] == 1
    assert findings_page(officer, job, page=99).context["rows"] == []


def test_the_filters_by_rule_organization_and_year(job):
    _tree, officer, job = job
    by_rule = findings_page(officer, job, **{"quy-dinh": AGE.code}).context
    assert by_rule["total"] == 60 and {r[0] for r in by_rule["rows"]} == {AGE.code}
    by_code = findings_page(officer, job, **{"to-chuc": "T.H.X.1"}).context
    assert by_code["total"] == 100
    by_name = findings_page(officer, job, **{"to-chuc": "pa khoang"}).context  # no diacritics
    assert by_name["total"] == 60
    by_year = findings_page(officer, job, nam="2019").context
    assert by_year["total"] == 65  # Na Ten's five of 31/12/2019 and the sixty of 02/05/2019
    both = findings_page(officer, job, **{"quy-dinh": MIN3.code, "nam": "2019"}).context
    assert both["total"] == 5
    page = findings_page(officer, job, **{"quy-dinh": MIN3.code, "nam": "2019"}).content.decode()
    assert "5 phát hiện" in page and "khớp bộ lọc" in page
    assert findings_page(officer, job, nam="19").context["total"] == 160  # not a year: no filter
    assert findings_page(officer, job, **{"to-chuc": "T.H.S"}).context["total"] == 0  # out of scope


def test_the_csv_downloads_the_rows_the_filters_show(job):
    _tree, officer, job = job
    response = officer.get(reverse("import_findings", args=[job.pk]), {"quy-dinh": MIN3.code, "nam": "2019"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == list(FINDINGS_HEADER) and len(rows) == 6
    assert {r[4] for r in rows[1:]} == {"31/12/2019"}
    page = findings_page(officer, job, **{"quy-dinh": MIN3.code, "nam": "2019"}).content.decode()
    assert f'href="/nap-tep/{job.pk}/phat-hien.csv?quy-dinh={MIN3.code}&amp;nam=2019"' in page


def test_another_officer_gets_not_found_and_a_superuser_sees_everything(job):
    tree, _officer, job = job
    other = testing.client_for(tree.commune, Role.ADMINISTER, "quantri.xa")
    assert findings_page(other, job).status_code == 404
    assert findings_page(Client(), job).status_code == 302  # to the sign-in page
    root = Client()
    root.force_login(User.objects.create_superuser("root", password="x"))
    assert findings_page(root, job).context["total"] == 200


def test_the_job_page_links_the_findings_page_and_each_group_to_its_rows(cast, tmp_path):  # noqa: F811
    """A real check: Na Ten has fewer than 3 official members on 31/12 of 2015–2025 (RULES.md §1.2)."""
    tree, _ = cast
    officer = testing.client_for(tree.commune, Role.EDIT, "xa")
    job = upload(officer, workbook(tmp_path, new_member()))
    officer.post(reverse("import_check", args=[job.pk]))
    page = officer.get(reverse("import_job", args=[job.pk])).content.decode()
    assert f'href="/nap-tep/{job.pk}/phat-hien/"' in page
    assert f"/nap-tep/{job.pk}/phat-hien/?quy-dinh={MIN3.code}&amp;to-chuc=T.H.X.1" in page
    shown = findings_page(officer, job, **{"quy-dinh": MIN3.code, "to-chuc": "T.H.X.1"}).context
    assert shown["total"] == 11


@pytest.mark.django_db(transaction=True)
def test_the_findings_page_in_a_browser(live_server, erasable_logs, in_the_request, tmp_path):  # noqa: F811
    tree = testing.build_tree()
    testing.user_with("canbo.xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai")
    job = ImportJob.objects.create(
        user=User.objects.get(username="canbo.xa"),
        file_name="dot1.xlsx",
        stored_name="x.xlsx",
        size=1,
        created_at=timezone.now(),
    )
    write_findings(job)
    with browser_page() as page:
        sign_in(page, live_server.url, "canbo.xa")
        page.goto(f"{live_server.url}/nap-tep/{job.pk}/phat-hien/")
        assert page.locator("h1").inner_text() == "Phát hiện về chất lượng dữ liệu"
        assert page.locator("table.findings tbody tr").count() == FINDINGS_PAGE
        page.select_option("form.filters select[name=quy-dinh]", value=AGE.code)
        page.fill("form.filters input[name=to-chuc]", "pa khoang")
        page.fill("form.filters input[name=nam]", "2019")
        submit(page, "form.filters button")
        assert page.locator("table.findings tbody tr").count() == 60
        assert "60 phát hiện" in page.locator("main, body").first.inner_text()
        screenshot(page, "import-findings")
        page.goto(f"{live_server.url}/nap-tep/{job.pk}/phat-hien/")
        page.click("text=Sau ›")
        assert "Trang 2/2" in page.locator("nav.pager").inner_text()
