"""Adding records of the yearly work from the web pages: a new outstanding candidate introduced to a
cell, and a member's dues relief decided on application (and its withdrawal, a new row that says
why; the withdrawn one stays). As the commune's officer, as the neighbouring school's secretary and
as a viewer of the commune (cast: partyorg.testing: T.H.X commune, T.H.X.1 cell A, T.H.S school)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core.records import LegalBasis
from partyorg.dues import services as dues
from partyorg.dues.models import DuesRelief
from partyorg.members.models import Person
from partyorg.recruitment.models import Candidate, CandidateStep

pytestmark = pytest.mark.django_db

ON = "30/06/2025"


@pytest.fixture
def cast():
    """Hường, an official member of cell A since 2016; Giáo, the school's member."""
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    return SimpleNamespace(tree=tree, huong=huong, teacher=teacher)


def officer(tree):
    return testing.client_for(tree.commune, Role.EDIT, "xa")


def neighbour(tree):
    return testing.client_for(tree.school, Role.ADMINISTER, "truong")


def viewer(tree):
    return testing.client_for(tree.commune, Role.VIEW, "xem")


def with_day(url, day=ON):
    return url + ("&" if "?" in url else "?") + f"on={day}"


# -- a new candidate ------------------------------------------------------------------------------


def new_candidate(cell_code="T.H.X.1", code="QC-0001"):
    return {
        "organization": cell_code, "code": code, "full_name": "Lò Thị Mai", "sex": "female",
        "birth_date": "12/08/2003", "ethnicity": "Thái", "religion": "", "general_education":
        "upper_secondary", "occupation": "Giáo viên mầm non", "is_youth_union_member": "on",
        "introduced_by": "youth_union", "introduced_on": "20/06/2025",
        "introducing_body": "Chi đoàn bản Na Ten", "basis_number": "05-GT/CĐ", "basis_date": "18/06/2025",
        "basis_issuer": "Chi đoàn bản Na Ten", "note": "",
    }  # fmt: skip


def test_the_candidates_page_links_the_new_candidate_form_for_an_officer_only(cast):
    url = with_day(reverse("work_candidates", args=[cast.tree.commune.code]))
    new = reverse("work_candidate_new", args=[cast.tree.commune.code])
    assert new in officer(cast.tree).get(url).content.decode()
    assert new not in viewer(cast.tree).get(url).content.decode()


def test_the_officer_adds_a_new_candidate_to_a_cell(cast):
    client = officer(cast.tree)
    url = with_day(reverse("work_candidate_new", args=[cast.tree.commune.code]))
    form = client.get(url).content.decode()
    # The commune's two cells are offered, not the commune itself (candidates belong to a cell).
    assert 'value="T.H.X.1"' in form and 'value="T.H.X.2"' in form and 'value="T.H.X"' not in form
    response = client.post(url, new_candidate())
    assert response.status_code == 302, response.content.decode()[-3000:]
    made = Candidate.objects.select_related("person").get()
    assert response["Location"] == reverse("candidate", args=[made.uid])
    assert (made.organization_id, made.introduced_by, made.introduced_on, made.introducing_body) == (
        cast.tree.cell_a.pk, "youth_union", date(2025, 6, 20), "Chi đoàn bản Na Ten"
    )  # fmt: skip
    person = made.person
    assert (person.code, person.full_name, person.sex, person.birth_date, person.ethnicity) == (
        "QC-0001", "Lò Thị Mai", "female", date(2003, 8, 12), "Thái"
    )  # fmt: skip
    assert (person.general_education, person.occupation, person.is_youth_union_member) == (
        "upper_secondary", "Giáo viên mầm non", True
    )  # fmt: skip
    step = CandidateStep.objects.get(candidate=made)
    assert (step.kind, step.basis_number, step.recorded_by) == ("introduced", "05-GT/CĐ", "xa")
    listed = client.get(with_day(reverse("work_candidates", args=[cast.tree.commune.code]))).content.decode()
    assert "Lò Thị Mai" in listed


def test_a_candidate_with_a_code_already_used_is_refused_and_the_form_kept(cast):
    """A person's code is unique: the officer, who sees Hường, is told the code is hers, with a
    link to her record, on the form in Vietnamese with everything typed kept."""
    client = officer(cast.tree)
    url = with_day(reverse("work_candidate_new", args=[cast.tree.commune.code]))
    page = client.post(url, new_candidate(code=cast.huong.code))
    assert page.status_code == 200
    shown = page.content.decode()
    link = f'<a href="{reverse("member", args=[cast.huong.code])}">Nguyễn Thị Hường</a>'
    assert f"Mã hồ sơ {cast.huong.code} đã dùng cho {link}; hãy chọn mã khác" in shown
    assert 'value="Lò Thị Mai"' in shown and 'value="12/08/2003"' in shown
    assert 'value="Chi đoàn bản Na Ten"' in shown and 'value="05-GT/CĐ"' in shown
    assert not Candidate.objects.exists() and Person.objects.count() == 2


def test_a_code_used_outside_the_scope_gets_a_neutral_refusal(cast):
    """The school's secretary types Hường's code (she is the commune's, out of his sight): refused
    without telling him that the code exists or whose it is, nothing written. His own member's
    code names that member."""
    school = neighbour(cast.tree)
    url = with_day(reverse("work_candidate_new", args=[cast.tree.school.code]))
    page = school.post(url, new_candidate("T.H.S", code=cast.huong.code))
    assert page.status_code == 200
    shown = page.content.decode()
    assert f"Mã hồ sơ {cast.huong.code} không dùng được; hãy chọn mã khác." in shown
    assert "Hường" not in shown and "đã có" not in shown and "đã dùng" not in shown
    assert not Candidate.objects.exists() and Person.objects.count() == 2
    own = school.post(url, new_candidate("T.H.S", code=cast.teacher.code)).content.decode()
    assert f"Mã hồ sơ {cast.teacher.code} đã dùng cho" in own and "Lò Văn Giáo" in own
    assert not Candidate.objects.exists()


def test_a_neighbour_and_a_viewer_cannot_add_a_candidate(cast):
    url = with_day(reverse("work_candidate_new", args=[cast.tree.commune.code]))
    school = neighbour(cast.tree)
    for client in (school, viewer(cast.tree)):
        assert client.get(url).status_code == 404
        assert client.post(url, new_candidate()).status_code == 404
    # From their own page, the school's secretary is not offered cell A either.
    own = with_day(reverse("work_candidate_new", args=[cast.tree.school.code]))
    page = school.post(own, new_candidate())
    assert page.status_code == 200 and 'value="T.H.X.1"' not in page.content.decode()
    assert not Candidate.objects.exists() and Person.objects.count() == 2


# -- a dues relief --------------------------------------------------------------------------------

# Reliefs on application are judged by Quy định 01-QĐ/TW from 02/2026 (RULES.md §4.1).
IN_2026 = "15/03/2026"


def relief(person, decided_by="T.H.X"):
    return {
        "person": person.code, "ground": "hardship", "percent": "50", "first_month": "03/2026",
        "last_month": "08/2026", "decided_by": decided_by, "basis_number": "07-QĐ/ĐU",
        "basis_date": "10/03/2026", "basis_issuer": "Đảng ủy xã Nà Tấu", "note": "Nhà bị lũ cuốn",
    }  # fmt: skip


def relief_writes(c, wrong):
    return [
        (reverse("work_relief_new", args=[c.tree.cell_a.code]), relief(c.huong)),
        (reverse("work_relief_withdraw", args=[wrong.uid]), {"note": "Ghi nhầm người"}),
    ]


def recorded_relief(c):
    return dues.record_relief(
        c.huong,
        ground="hardship",
        percent=50,
        first_month=date(2026, 3, 1),
        last_month=date(2026, 8, 1),
        decided_by=c.tree.commune,
        legal_basis=LegalBasis("07-QĐ/ĐU", date(2026, 3, 10), "Đảng ủy xã Nà Tấu"),
        recorded_by="t",
    )


def test_the_dues_page_links_the_relief_form_for_an_officer_only(cast):
    url = with_day(reverse("work_dues", args=[cast.tree.cell_a.code]), IN_2026)
    new = reverse("work_relief_new", args=[cast.tree.cell_a.code])
    shown = officer(cast.tree).get(url).content.decode()
    assert f'href="{new}"' in shown and f'href="{new}?dv={cast.huong.code}"' in shown
    assert new not in viewer(cast.tree).get(url).content.decode()


def test_the_officer_records_a_relief_and_the_dues_page_shows_it(cast):
    client = officer(cast.tree)
    url = with_day(reverse("work_relief_new", args=[cast.tree.cell_a.code]), IN_2026)
    form = client.get(url + f"&dv={cast.huong.code}").content.decode()
    # Cell A is a subordinate cell: the commune's committee decides (prefilled), from the page's month.
    assert f'value="{cast.huong.code}"' in form and 'value="T.H.X"' in form and 'value="03/2026"' in form
    response = client.post(url, relief(cast.huong))
    assert response.status_code == 302, response.content.decode()[-3000:]
    made = DuesRelief.objects.get()
    assert (made.person_id, made.ground, made.percent, made.first_month, made.last_month) == (
        cast.huong.pk, "hardship", 50, date(2026, 3, 1), date(2026, 8, 1)
    )  # fmt: skip
    assert (made.decided_by_id, made.basis_number, made.recorded_by, made.withdrawn) == (
        cast.tree.commune.pk, "07-QĐ/ĐU", "xa", False
    )  # fmt: skip
    page = client.get(with_day(response["Location"], IN_2026)).content.decode()
    listed = page.split("Miễn, giảm đảng phí theo đơn")[1]
    assert "Khó khăn khác" in listed and "50%" in listed and "Đảng ủy xã Nà Tấu" in listed
    assert reverse("work_relief_withdraw", args=[made.uid]) in listed


def test_a_relief_decided_by_a_subordinate_cell_itself_is_refused_and_the_form_kept(cast):
    """RULES.md §4.1 (Quy định 01-QĐ/TW, [P], rule dues.01.relief_decider): a subordinate cell's
    member is relieved by the upper committee; only a grassroots cell decides for its own members."""
    client = officer(cast.tree)
    url = with_day(reverse("work_relief_new", args=[cast.tree.cell_a.code]), IN_2026)
    page = client.post(url, relief(cast.huong, decided_by="T.H.X.1"))
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Miễn, giảm đảng phí cho đảng viên của chi bộ này do cấp ủy cấp trên quyết định." in shown
    assert 'value="T.H.X.1"' in shown and 'value="03/2026"' in shown and 'value="08/2026"' in shown
    assert 'value="07-QĐ/ĐU"' in shown and "Nhà bị lũ cuốn" in shown
    assert '<option value="hardship" selected>' in shown
    assert not DuesRelief.objects.exists()


def test_the_officer_withdraws_a_relief_and_the_withdrawn_one_stays(cast):
    wrong = recorded_relief(cast)
    client = officer(cast.tree)
    url = with_day(reverse("work_relief_withdraw", args=[wrong.uid]), IN_2026)
    form = client.get(url).content.decode()
    assert "Nguyễn Thị Hường" in form and "50% từ tháng 03/2026" in form
    assert client.post(url, {"note": ""}).status_code == 200 and DuesRelief.objects.count() == 1
    response = client.post(url, {"note": "Ghi nhầm người"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert DuesRelief.objects.count() == 2
    kept = DuesRelief.objects.get(pk=wrong.pk)
    assert (kept.withdrawn, kept.percent, kept.note, kept.recorded_by) == (False, 50, "", "t")
    made = DuesRelief.objects.get(corrects=wrong)
    assert (made.withdrawn, made.note, made.recorded_by) == (True, "Ghi nhầm người", "xa")
    page = client.get(with_day(response["Location"], IN_2026)).content.decode()
    assert "Miễn, giảm đảng phí theo đơn" not in page
    # Withdrawn twice? The withdrawal is not found, and the withdrawn relief is refused as replaced.
    again = client.post(with_day(reverse("work_relief_withdraw", args=[made.uid]), IN_2026), {"note": "x"})
    assert again.status_code == 404
    refused = client.post(url, {"note": "Lần nữa"}).content.decode()
    assert "Bản ghi này đã được sửa; hãy sửa bản ghi mới nhất." in refused and "Lần nữa" in refused
    assert DuesRelief.objects.count() == 2


def test_a_neighbour_and_a_viewer_cannot_record_or_withdraw_a_relief(cast):
    wrong = recorded_relief(cast)
    for client in (neighbour(cast.tree), viewer(cast.tree)):
        for url, data in relief_writes(cast, wrong):
            assert client.get(with_day(url, IN_2026)).status_code == 404, url
            assert client.post(with_day(url, IN_2026), data).status_code == 404, url
    assert list(DuesRelief.objects.values_list("pk", "withdrawn")) == [(wrong.pk, False)]
