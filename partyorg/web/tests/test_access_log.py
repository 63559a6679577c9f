"""The page "Nhật ký truy cập" (issue 19): a province's administrators (and superusers) see who read
which person's file, list or document, filtered by reader, person and day, a page at a time; anyone
else is answered 404, as the change log's page answers (test_access.py).

Cast: partyorg.testing (T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school);
Hường of cell T.H.X.1 and Giáo of the school, read by the commune's and the school's officers."""

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import ReadEntry, ReadKind, Role
from partyorg.organizations.models import OrgKind
from partyorg.web.views.access_log import PAGE_SIZE

pytestmark = pytest.mark.django_db

ON = "30/06/2017"
MORNING = datetime(2026, 6, 15, 9, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))
NEXT_DAY = datetime(2026, 6, 16, 8, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def cast():
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    giao = testing.person("Lò Văn Giáo")
    testing.admit(giao, tree.school, date(2012, 5, 2))
    return tree, huong, giao


def read_log(client, org, **params):
    return client.get(reverse("access_log", args=[org.code]), {"on": ON, **params})


@pytest.fixture
def reads(cast):
    """Hường read by the commune's officer on 15/06/2026, Giáo by the school's on 16/06/2026."""
    tree, huong, giao = cast
    commune = testing.client_for(tree.commune, Role.EDIT, "xa")
    school = testing.client_for(tree.school, Role.EDIT, "truong")
    with time_machine.travel(MORNING, tick=False):
        assert commune.get(reverse("member", args=[huong.code]), {"on": ON}).status_code == 200
    with time_machine.travel(NEXT_DAY, tick=False):
        assert school.get(reverse("member", args=[giao.code]), {"on": ON}).status_code == 200
    return cast


def test_only_superusers_and_the_provinces_administrators_see_the_read_log(reads):
    tree, _, _ = reads
    # Administrators below the province (a commune's, a district's) have the change log, not this.
    commune_admin = testing.client_for(tree.commune, Role.ADMINISTER, "quantri.xa")
    assert commune_admin.get(reverse("audit", args=[tree.commune.code]), {"on": ON}).status_code == 200
    assert read_log(commune_admin, tree.commune).status_code == 404
    assert read_log(commune_admin, tree.province).status_code == 404
    district_admin = testing.client_for(tree.district, Role.ADMINISTER, "quantri.huyen")
    assert read_log(district_admin, tree.district).status_code == 404
    # The province's officer who may approve but not administer.
    approver = testing.client_for(tree.province, Role.APPROVE, "duyet.tinh")
    assert read_log(approver, tree.province).status_code == 404
    # The province's administrator and a superuser.
    province_admin = testing.client_for(tree.province, Role.ADMINISTER, "quantri.tinh")
    assert read_log(province_admin, tree.province).status_code == 200
    superuser = Client()
    superuser.force_login(User.objects.create_superuser("root", password="x"))
    assert read_log(superuser, tree.province).status_code == 200
    # The link from the organization page, beside the change log's, for them alone.
    link = reverse("access_log", args=[tree.province.code])
    assert link in province_admin.get(reverse("organization", args=[tree.province.code])).content.decode()
    page = commune_admin.get(reverse("organization", args=[tree.commune.code]), {"on": ON}).content.decode()
    assert reverse("audit", args=[tree.commune.code]) in page and "nhat-ky-truy-cap" not in page


def test_every_read_of_a_persons_file_appears_with_who_when_and_the_person(reads):
    tree, huong, giao = reads
    admin = testing.client_for(tree.province, Role.ADMINISTER, "quantri.tinh")
    page = read_log(admin, tree.province).content.decode()
    expected = ("<td>xa</td>", "<td>truong</td>", huong.full_name, huong.code, giao.full_name)
    for text in (*expected, "15/06/2026 09:30", "16/06/2026 08:00"):
        assert text in page, text
    assert page.index(giao.full_name) < page.index(huong.full_name)  # newest first


def test_the_filters_by_reader_person_and_day(reads):
    tree, huong, giao = reads
    admin = testing.client_for(tree.province, Role.ADMINISTER, "quantri.tinh")
    by_reader = read_log(admin, tree.province, **{"nguoi-doc": "truong"}).content.decode()
    assert giao.full_name in by_reader and huong.full_name not in by_reader
    by_person = read_log(admin, tree.province, **{"ho-so": huong.code}).content.decode()
    assert huong.full_name in by_person and giao.full_name not in by_person
    # 16/06/2026 in Vietnam's time (the read at 08:00 +07:00 is 01:00 UTC that day).
    by_day = read_log(admin, tree.province, ngay="16/06/2026").content.decode()
    assert giao.full_name in by_day and huong.full_name not in by_day
    nothing = read_log(admin, tree.province, ngay="14/06/2026").content.decode()
    assert "Chưa có lượt đọc nào" in nothing


def test_the_log_is_paged_and_its_queries_do_not_grow_with_the_rows(reads):
    tree, huong, _ = reads
    admin = testing.client_for(tree.province, Role.ADMINISTER, "quantri.tinh")
    read_log(admin, tree.province)  # what Django reads once per process

    def counted() -> int:
        with CaptureQueriesContext(connection) as caught:
            assert read_log(admin, tree.province).status_code == 200
        return len(caught)

    before = counted()
    commune = testing.client_for(tree.commune, Role.EDIT, "xa2")
    for _ in range(PAGE_SIZE + 5):
        commune.get(reverse("member", args=[huong.code]), {"on": ON})
    assert counted() == before
    first = read_log(admin, tree.province).content.decode()
    assert "Trang 1/2" in first
    second = read_log(admin, tree.province, page=2).content.decode()
    assert "Trang 2/2" in second and ReadEntry.objects.filter(kind=ReadKind.PERSON).count() == PAGE_SIZE + 7


def test_a_province_under_the_centre_sees_the_reads_of_its_own_people_and_documents_only(reads):
    """A national deployment: the centre (the top of the tree) sees every read; a province under it
    the reads of people who were members in it and of its organizations' documents and lists."""
    _, huong, giao = reads
    centre = testing.found("TW", "Trung ương", OrgKind.CENTRAL, None)
    other = testing.found("P", "Tỉnh ủy Sơn Hà", OrgKind.PROVINCE, centre)
    cell = testing.found("P.1", "Chi bộ Bản Mới", OrgKind.GRASSROOTS_CELL, other)
    lan = testing.person("Cầm Thị Lan", sex="female")
    testing.admit(lan, cell, date(2010, 5, 2))
    reader = testing.client_for(other, Role.VIEW, "doc.p")
    assert reader.get(reverse("member", args=[lan.code]), {"on": ON}).status_code == 200
    form = reverse("report_download", args=["members-flow", "xlsx"])
    period = {"org": cell.code, "from": "01/01/2017", "to": ON, "on": ON}
    assert reader.get(form, period).status_code == 200
    mine = read_log(testing.client_for(other, Role.ADMINISTER, "quantri.p"), other).content.decode()
    assert lan.full_name in mine and "Chi bộ Bản Mới" in mine and "Biểu mẫu, báo cáo" in mine
    assert huong.full_name not in mine and giao.full_name not in mine
    everything = read_log(testing.client_for(centre, Role.ADMINISTER, "quantri.tw"), centre).content.decode()
    assert all(p.full_name in everything for p in (lan, huong, giao))


def test_a_search_of_the_members_list_is_logged_with_what_was_typed_and_filtered_by_kind(reads):
    """Every list that names people is a read: the members list and its search (one row a
    request, the query and filters as its detail, under the organization it was drawn from)."""
    tree, huong, _ = reads
    commune = testing.client_for(tree.commune, Role.EDIT, "xa3")
    with time_machine.travel(NEXT_DAY, tick=False):
        listed = commune.get(reverse("members"), {"on": ON, "q": "nguyen thi huong", "status": "official"})
    assert listed.status_code == 200 and huong.full_name in listed.content.decode()
    entry = ReadEntry.objects.get(kind=ReadKind.MEMBER_LIST, username="xa3")
    assert entry.organization == tree.commune  # the user's only top organization
    assert entry.detail == "tìm “nguyen thi huong”; Chính thức; trang 1, 1 người"
    admin = testing.client_for(tree.province, Role.ADMINISTER, "quantri.tinh")
    lists = read_log(admin, tree.province, loai=ReadKind.MEMBER_LIST).content.decode()
    assert "tìm “nguyen thi huong”" in lists and "<td>xa3</td>" in lists
    assert huong.code not in lists  # the person reads are filtered out
    people = read_log(admin, tree.province, loai=ReadKind.PERSON).content.decode()
    assert huong.code in people and "nguyen thi huong" not in people
    unknown = read_log(admin, tree.province, loai="nothing").content.decode()  # ignored, not an error
    assert huong.code in unknown and "nguyen thi huong" in unknown


def test_a_search_that_the_scope_refuses_reads_nothing(reads):
    """A list asked for an organization outside the user's scope is a 404, and is not logged."""
    tree, _, _ = reads
    school = testing.client_for(tree.school, Role.EDIT, "truong2")
    assert school.get(reverse("members"), {"on": ON, "org": tree.cell_a.code}).status_code == 404
    assert not ReadEntry.objects.filter(username="truong2").exists()
