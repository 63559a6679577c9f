"""Issue 13: a cell's officer wrote the record of anyone the cell had ever admitted, wherever they
were now. Every write path, tried by the secretary of the cell that admitted a member who has since
moved to the neighbouring cell: "not found" (404) or a form error that names nothing they may not
see, and nothing written. Cast: partyorg.testing (T.H.X.1 cell A, T.H.X.2 cell B, T.H.S school).

Nguyễn Thị Đi was admitted in cell A (decision 02/03/2015, ceremony 12/03/2015), transferred out to
cell B on 20/02/2021 and presented there on 01/03/2021: cell B holds her from 20/02/2021. Lò Văn
Pọm, admitted with her, stays in cell A (what cell A may still write, to show each path works).
Cell A still sees Đi's record (her years there are its history), read-only. Today is 15/01/2026."""

import uuid
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.api.tokens import issue_token
from partyorg.committees import services as committees
from partyorg.committees.models import PositionRecord
from partyorg.core.records import LegalBasis
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.dues import services as dues
from partyorg.dues.models import DuesBasis, DuesPayment, DuesRelief
from partyorg.exchange.formats import write_file
from partyorg.jobs import imports as jobs
from partyorg.meetings.models import Attendance, Meeting
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.models import CandidateStep
from partyorg.web.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 1, 15, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BASIS = LegalBasis("01-NQ/CB", date(2025, 1, 10), "Chi bộ bản Na Ten")
NOT_FOUND = "Không tìm thấy đảng viên có mã này"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def cast(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(jobs, "BACKGROUND", False)  # an import runs in the request that starts it
    settings.MEDIA_ROOT = str(tmp_path / "media")
    tree = testing.build_tree()
    di = testing.person("Nguyễn Thị Đi", sex="female")
    testing.admit(di, tree.cell_a, date(2015, 3, 2))
    testing.record(di, K.TRANSFER_OUT, date(2021, 2, 20), other_organization=tree.cell_b)
    testing.record(di, K.TRANSFER_IN, date(2021, 3, 1), organization=tree.cell_b)
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    for who in (di, pom):
        dues.record_basis(
            who, from_month=date(2025, 1, 1), category="civil_servant", amount=5_000_000, recorded_by="t"
        )
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
    committees.record_congress(
        tree.cell_a,
        kind="regular",
        held_on=date(2025, 3, 5),
        term_first_year=2025,
        term_last_year=2027,
        legal_basis=BASIS,
        recorded_by="t",
    )
    ratings.open_cycle(
        tree.cell_a, year=2025, reviewed_on=date(2025, 12, 15), legal_basis=BASIS, recorded_by="t"
    )
    return SimpleNamespace(
        tree=tree,
        di=di,
        pom=pom,
        dung=dung,
        old=testing.client_for(tree.cell_a, Role.EDIT, "bithu.a"),
        holder=testing.client_for(tree.cell_b, Role.EDIT, "bithu.b"),
    )


def written_about(person):
    """Everything partyorg keeps that is about ``person`` (or names them), counted."""
    return (
        MembershipEvent.objects.filter(person=person).count(),
        CandidateStep.objects.filter(person=person).count(),
        PositionRecord.objects.filter(person=person).count(),
        MemberRating.objects.filter(person=person).count(),
        Attendance.objects.filter(person=person).count(),
        DuesPayment.objects.filter(person=person).count(),
        DuesBasis.objects.filter(person=person).count(),
        DuesRelief.objects.filter(person=person).count(),
        DisciplinaryMeasure.objects.filter(person=person).count(),
        Commendation.objects.filter(person=person).count(),
    )


def test_the_old_cell_sees_her_page_but_is_offered_nothing_to_record(cast):
    """The page offered cell A "Ghi sự kiện" and "Chuyển sinh hoạt đi" for her (issue 13)."""
    record = reverse("record", args=[cast.di.code])
    page = cast.old.get(reverse("member", args=[cast.di.code]))
    assert page.status_code == 200 and "Nguyễn Thị Đi" in page.content.decode()
    assert record not in page.content.decode()
    assert record in cast.holder.get(reverse("member", args=[cast.di.code])).content.decode()
    own = reverse("record", args=[cast.pom.code])
    assert own in cast.old.get(reverse("member", args=[cast.pom.code])).content.decode()


def test_the_old_cell_records_no_event_of_any_kind(cast):
    """Every kind the page records (died, removed, transfer out among them), each well formed: 404,
    nothing written. Before the fix the death was recorded and closed her membership."""
    url = reverse("record", args=[cast.di.code])
    assert cast.old.get(url).status_code == 404
    before = written_about(cast.di)
    basis = {"basis_number": "99-QĐ/TEST", "basis_date": "01/12/2025", "basis_issuer": "Chi bộ bản Na Ten"}
    for kind in [k for k in K if k not in (K.ORG_REASSIGNED, K.VOIDED)]:  # those a page records
        data = {
            "kind": kind,
            "effective_on": "01/12/2025",
            "organization": "",
            "other_organization": "",
            **basis,
        }
        if kind in (K.TRANSFER_OUT, K.TEMPORARY_TRANSFER):
            data["other_organization"] = cast.tree.school.code
        if kind in (K.ADMISSION_DECIDED, K.READMISSION_DECIDED, K.TRANSFER_IN, K.RESTORED):
            data["organization"] = cast.tree.cell_a.code
        if kind == K.REMOVED:
            data["detail"] = "unexcused_absence"
        if kind == K.BADGE_AWARDED:
            data["detail"] = "10"
        assert cast.old.post(url, data).status_code == 404, kind
    assert written_about(cast.di) == before
    died = {"kind": "died", "effective_on": "01/12/2025", **basis}
    assert cast.holder.post(url, died).status_code == 302  # the cell holding her records it
    assert cast.old.post(reverse("record", args=[cast.pom.code]), died).status_code == 302


def test_the_old_cell_cannot_import_an_event_for_her(cast, tmp_path):
    """The web import holds every record against the uploader's scope: her death, sent by cell A,
    is refused for her code on its day, and nothing is loaded."""
    path = tmp_path / "dot1.xlsx"
    at = datetime(2025, 12, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
    died = EventRecord(uid=str(uuid.uuid4()), person=cast.di.code, kind=K.DIED,
                       effective_on=date(2025, 12, 1), recorded_at=at, recorded_by="bithu.a",
                       basis_number="99-QĐ/TEST")  # fmt: skip
    write_file([died], path)
    before = written_about(cast.di)
    response = cast.old.post(reverse("imports"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302
    job = ImportJob.objects.order_by("-pk").first()
    cast.old.post(reverse("import_check", args=[job.pk]))
    cast.old.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert [p.split(": ", 1)[1] for p in job.problems] == [
        f"Người có mã “{cast.di.code}” ngoài phạm vi được giao (ngày 01/12/2025)"
    ]
    assert written_about(cast.di) == before


def test_the_old_cell_cannot_name_her_introducer_mentor_or_secretary(cast):
    """Naming her in cell A's records (its candidate's introducer or mentor, its secretary) is a
    form error "not found", as for a code outside the scope; Pọm may be named."""
    before = written_about(cast.di)
    step = reverse("candidate_step", args=[cast.dung.uid])
    introducer = {"kind": "introducer", "effective_on": "01/03/2025", "introducer_kind": "member",
                  "person": cast.di.code, "since": "01/01/2020"}  # fmt: skip
    mentor = {"kind": "sympathizer", "effective_on": "01/03/2025", "person": cast.di.code, **basis_of()}
    seat = reverse("work_position", args=[cast.tree.cell_a.code])
    secretary = {"person": cast.di.code, "position": "secretary", "starts_on": "01/06/2025",
                 "method": "appointed", **basis_of()}  # fmt: skip
    for url, data in ((step, introducer), (step, mentor), (seat, secretary)):
        response = cast.old.post(url, data)
        assert response.status_code == 200 and NOT_FOUND in response.content.decode(), (url, data["person"])
    assert written_about(cast.di) == before
    response = cast.old.post(seat, {**secretary, "person": cast.pom.code})
    assert response.status_code == 302 and PositionRecord.objects.filter(person=cast.pom).exists()


def basis_of():
    return {"basis_number": "05-QĐ/ĐU", "basis_date": "01/03/2025", "basis_issuer": "Đảng ủy xã Nà Tấu"}


def test_the_old_cell_cannot_rate_mark_collect_from_or_discipline_her(cast):
    """Ratings, a meeting's absences and dues payments take the members of cell A's roster, and
    dues bases, reliefs, measures and commendations a member cell A holds on the day: she is none
    of these. Each answer is 404 or a form error, and nothing is written about her; the very same
    forms for Pọm are written (so each of them could have written)."""
    before = written_about(cast.di)
    for url, data in writes(cast, cast.di):
        response = cast.old.post(url, data)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert written_about(cast.di) == before, url
    assert not Meeting.objects.exists() and not DuesPayment.objects.exists()
    pom = written_about(cast.pom)
    for url, data in writes(cast, cast.pom):
        assert cast.old.post(url, data).status_code == 302, url
    # One rating, attendance, payment, basis, relief, measure and commendation more for him.
    assert [b - a for a, b in zip(pom, written_about(cast.pom), strict=True)][3:] == [1] * 7
    assert written_about(cast.di) == before


def writes(cast, di):
    """Each write that takes a member, for ``di``, as cell A's secretary sends it."""
    a = cast.tree.cell_a.code
    return [
        (
            reverse("work_rate_members", args=[a]) + "?nam=2025",
            {f"level_{di.pk}": "good", f"score_{di.pk}": "80"},
        ),
        (
            reverse("work_meeting_new", args=[a]),
            {"held_on": "10/06/2025", "kind": "regular", "duration_minutes": "90",
             f"att_{di.pk}": "unexcused"},
        ),
        (
            reverse("work_dues_pay", args=[a]) + "?thang=05/2025",
            {f"amount_{di.pk}": "50000", f"full_{di.pk}": "on", "paid_on": "28/05/2025", "channel": "cash"},
        ),
        (
            reverse("work_dues_basis", args=[a]),
            {"person": di.code, "from_month": "06/2025", "category": "civil_servant", "amount": "6000000"},
        ),
        (
            reverse("work_relief_new", args=[a]),
            {"person": di.code, "ground": "hardship", "percent": "50", "first_month": "06/2025",
             "last_month": "12/2025", "decided_by": cast.tree.commune.code, **basis_of()},
        ),
        (
            reverse("work_measure_new", args=[a]),
            {"person": di.code, "sanction": "reprimand", "decided_on": "10/06/2025",
             "deciding_body": "Chi bộ bản Na Ten"},
        ),
        (
            reverse("work_commend", args=[a]),
            {"person": di.code, "title": "Giấy khen", "awarded_on": "10/06/2025",
             "awarding_body": "Đảng ủy xã Nà Tấu", "years": "1"},
        ),
    ]  # fmt: skip


def test_the_api_only_reads_and_the_old_cell_reads_her_record(cast):
    """The API has no write: every method but GET (and HEAD, OPTIONS) is refused on each route.
    Cell A's secretary reads her record through it (VIEW, as on the page); nothing changes."""
    _, token = issue_token(testing.user_with("api.a", (cast.tree.cell_a, Role.EDIT)), "kiểm thử")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    member = f"/api/members/{cast.di.code}"
    routes = ["/api/organizations", f"/api/organizations/{cast.tree.cell_a.code}",
              f"/api/organizations/{cast.tree.cell_a.code}/figures", "/api/members", member]  # fmt: skip
    before = written_about(cast.di)
    for route in routes:
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(route, {}, content_type="application/json").status_code == 405, (route, method)
    read = client.get(member)
    assert read.status_code == 200 and read.json()["code"] == cast.di.code
    assert written_about(cast.di) == before
