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
    """The service's refusal (``add_new_candidate``: a person's code is unique; choose that person
    instead), shown on the form in Vietnamese with everything typed kept."""
    client = officer(cast.tree)
    url = with_day(reverse("work_candidate_new", args=[cast.tree.commune.code]))
    page = client.post(url, new_candidate(code=cast.huong.code))
    assert page.status_code == 200
    shown = page.content.decode()
    assert f"Mã hồ sơ {cast.huong.code} đã có; hãy chọn người đó thay vì tạo mới." in shown
    assert 'value="Lò Thị Mai"' in shown and 'value="12/08/2003"' in shown
    assert 'value="Chi đoàn bản Na Ten"' in shown and 'value="05-GT/CĐ"' in shown
    assert not Candidate.objects.exists() and Person.objects.count() == 2


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
