"""The pages of ratings, discipline and dues, as the commune's officer and as a user of the
neighbouring subtree (the school's secretary), and the obvious attacks (cast: partyorg.testing)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core.records import LegalBasis
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.dues import services as dues
from partyorg.dues.models import DuesBasis, DuesPayment
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating, OrganizationRating, ReviewCycle

pytestmark = pytest.mark.django_db

ON = "30/06/2025"
BASIS = LegalBasis("01-NQ/CB", date(2024, 12, 15), "Chi bộ bản Na Ten")


@pytest.fixture
def cast():
    """Hường and Pọm, official members of cell A since 2016, civil servants paying on a salary of
    5.000.000 đ from 01/2025; the review of 2024 of cell A opened on 15/12/2024; Giáo, the
    school's member."""
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    for who in (huong, pom):
        dues.record_basis(
            who, from_month=date(2025, 1, 1), category="civil_servant", amount=5_000_000, recorded_by="t"
        )
    cycle = ratings.open_cycle(
        tree.cell_a, year=2024, reviewed_on=date(2024, 12, 15), legal_basis=BASIS, recorded_by="t"
    )
    return SimpleNamespace(tree=tree, huong=huong, pom=pom, teacher=teacher, cycle=cycle)


def officer(tree):
    return testing.client_for(tree.commune, Role.EDIT, "xa")


def neighbour(tree):
    return testing.client_for(tree.school, Role.ADMINISTER, "truong")


def pages(tree):
    a, c = tree.cell_a.code, tree.commune.code
    return [
        reverse("work_ratings", args=[c]) + "?nam=2024",
        reverse("work_ratings", args=[a]) + "?nam=2024",
        reverse("work_rating_figures", args=[c]) + "?nam=2024",
        reverse("work_cycle_new", args=[a]),
        reverse("work_rate_members", args=[a]) + "?nam=2024",
        reverse("work_rate_org", args=[a]) + "?nam=2024",
        reverse("work_discipline", args=[c]),
        reverse("work_measure_new", args=[c]),
        reverse("work_dues", args=[a]) + "?tu=01/2025&den=06/2025",
        reverse("work_dues", args=[c]),
        reverse("work_dues_cells", args=[c]),
        reverse("work_dues_pay", args=[a]) + "?thang=06/2025",
        reverse("work_dues_basis", args=[a]),
    ]


def with_day(url):
    return url + ("&" if "?" in url else "?") + f"on={ON}"


def test_every_page_is_shown_to_the_commune_officer(cast):
    client = officer(cast.tree)
    for url in pages(cast.tree):
        response = client.get(with_day(url))
        assert response.status_code == 200, url
    index = client.get(reverse("work_org", args=[cast.tree.commune.code])).content.decode()
    assert "Xếp loại chất lượng" in index and "Đảng phí" in index and "Kỷ luật, khen thưởng" in index
    roster = client.get(with_day(pages(cast.tree)[1])).content.decode()
    assert "Nguyễn Thị Hường" in roster and "Chưa xếp loại" in roster
    owed = client.get(with_day(pages(cast.tree)[8])).content.decode()
    assert "50.000" in owed  # 1% of 5.000.000 đ a month


def test_a_neighbour_reaches_no_page(cast):
    client = neighbour(cast.tree)
    for url in pages(cast.tree):
        assert client.get(with_day(url)).status_code == 404, url
    assert client.get(reverse("work_ratings", args=["KHONG-CO"])).status_code == 404


def writes(tree, pom):
    a, c = tree.cell_a.code, tree.commune.code
    return [
        (reverse("work_cycle_new", args=[a]), {"year": "2025", "reviewed_on": "20/06/2025"}),
        (reverse("work_rate_members", args=[a]) + "?nam=2024", {f"level_{pom.pk}": "good"}),
        (reverse("work_rate_org", args=[a]) + "?nam=2024", {"level": "good"}),
        (
            reverse("work_measure_new", args=[c]),
            {"person": pom.code, "sanction": "reprimand", "decided_on": "10/06/2025",
             "deciding_body": "Chi bộ bản Na Ten"},
        ),
        (
            reverse("work_dues_pay", args=[a]) + "?thang=05/2025",
            {f"amount_{pom.pk}": "50000", "paid_on": "28/05/2025", "channel": "cash"},
        ),
        (
            reverse("work_dues_basis", args=[a]),
            {"person": pom.code, "from_month": "06/2025", "category": "civil_servant", "amount": "6000000"},
        ),
    ]  # fmt: skip


def counts():
    return (
        ReviewCycle.objects.count(),
        MemberRating.objects.count(),
        OrganizationRating.objects.count(),
        DisciplinaryMeasure.objects.count(),
        DuesPayment.objects.count(),
        DuesBasis.objects.count(),
    )


def test_a_neighbour_writes_nothing(cast):
    client = neighbour(cast.tree)
    before = counts()
    for url, data in writes(cast.tree, cast.pom):
        assert client.post(with_day(url), data).status_code == 404, url
    assert counts() == before


def test_a_viewer_of_the_commune_writes_nothing(cast):
    client = testing.client_for(cast.tree.commune, Role.VIEW, "xem")
    before = counts()
    for url, data in writes(cast.tree, cast.pom):
        assert client.post(with_day(url), data).status_code == 404, url
    assert counts() == before


def test_every_write_succeeds_for_the_commune_officer(cast):
    client = officer(cast.tree)
    before = counts()
    for url, data in writes(cast.tree, cast.pom):
        response = client.post(with_day(url), data)
        assert response.status_code == 302, (url, response.content.decode()[-3000:])
    assert [b - a for a, b in zip(before, counts(), strict=True)] == [1, 1, 1, 1, 1, 1]
    payment = DuesPayment.objects.get()
    assert (payment.person_id, payment.amount, payment.month) == (cast.pom.pk, 50000, date(2025, 5, 1))
    assert MemberRating.objects.get().recorded_by == "xa"


def test_forged_posts_without_a_csrf_token_are_refused(cast):
    user = testing.user_with("xa", (cast.tree.commune, Role.EDIT))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = counts()
    for url, data in writes(cast.tree, cast.pom):
        assert client.post(with_day(url), data).status_code == 403, url
    assert counts() == before


def test_a_member_outside_the_scope_is_not_found(cast):
    client = officer(cast.tree)
    url = with_day(reverse("work_measure_new", args=[cast.tree.commune.code]))
    data = {"person": cast.teacher.code, "sanction": "reprimand", "decided_on": "10/06/2025"}
    page = client.post(url, data).content.decode()
    assert "Không tìm thấy đảng viên có mã này" in page and "Lò Văn Giáo" not in page
    basis = with_day(reverse("work_dues_basis", args=[cast.tree.cell_a.code]))
    page = client.post(basis, {"person": cast.teacher.code, "from_month": "06/2025", "category": "farmer"})
    assert "Không tìm thấy đảng viên có mã này" in page.content.decode()
    assert not DisciplinaryMeasure.objects.exists() and DuesBasis.objects.count() == 2


def test_a_refused_rating_can_be_recorded_with_a_reason(cast):
    """Both members excellent in a cell of two: the excellent quota refuses, in Vietnamese; with a
    reason the ratings are recorded and the reason kept."""
    client = officer(cast.tree)
    huong, pom = cast.huong, cast.pom
    url = with_day(reverse("work_rate_members", args=[cast.tree.cell_a.code]) + "?nam=2024")
    data = {f"level_{huong.pk}": "excellent", f"level_{pom.pk}": "excellent"}
    refused = client.post(url, data)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Bị từ chối theo quy định" in page, page[-3000:]
    assert not MemberRating.objects.exists()
    rule = page.split('name="override_rule" value="')[1].split('"')[0]
    assert "Cần ghi lý do" in client.post(url, {**data, "override_rule": rule}).content.decode()
    accepted = client.post(url, {**data, "override_rule": rule, "override_reason": "Cấp ủy cấp trên đồng ý"})
    assert accepted.status_code == 302
    assert set(MemberRating.objects.values_list("override_reason", flat=True)) == {"Cấp ủy cấp trên đồng ý"}
    shown = client.get(with_day(reverse("work_ratings", args=[cast.tree.cell_a.code]) + "?nam=2024"))
    assert "Cấp ủy cấp trên đồng ý" in shown.content.decode()
    figures = client.get(
        with_day(reverse("work_rating_figures", args=[cast.tree.commune.code]) + "?nam=2024")
    )
    assert "100,00% đảng viên hoàn thành tốt nhiệm vụ trở lên" in figures.content.decode()


def test_an_expulsion_becomes_the_members_event(cast):
    client = officer(cast.tree)
    url = with_day(reverse("work_measure_new", args=[cast.tree.commune.code]))
    data = {"person": cast.pom.code, "sanction": "expulsion", "decided_on": "10/06/2025",
            "deciding_body": "Đảng ủy xã Nà Tấu", "basis_number": "12-QĐ/ĐU"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert MembershipEvent.objects.filter(person=cast.pom, kind=EventKind.EXPELLED).exists()
    listed = client.get(with_day(reverse("work_discipline", args=[cast.tree.commune.code]))).content.decode()
    assert "Lò Văn Pọm" in listed and "Khai trừ" in listed


def test_script_in_text_fields_is_only_text(cast):
    client = officer(cast.tree)
    evil = '<script>alert("x")</script>'
    url = with_day(reverse("work_measure_new", args=[cast.tree.commune.code]))
    data = {"person": cast.pom.code, "sanction": "reprimand", "decided_on": "10/06/2025", "note": evil}
    assert client.post(url, data).status_code == 302
    listed = client.get(with_day(reverse("work_discipline", args=[cast.tree.commune.code]))).content.decode()
    assert evil not in listed and "&lt;script&gt;" in listed
    org = with_day(reverse("work_rate_org", args=[cast.tree.cell_a.code]) + "?nam=2024")
    assert client.post(org, {"level": "good", "note": evil}).status_code == 302
    refused = client.post(
        with_day(reverse("work_dues_pay", args=[cast.tree.cell_a.code]) + "?thang=05/2025"),
        {f"amount_{cast.pom.pk}": evil, "paid_on": "28/05/2025", "channel": "cash"},
    ).content.decode()
    assert evil not in refused and not DuesPayment.objects.exists()
    assert client.get(reverse("work_dues", args=["' OR '1'='1"])).status_code == 404
