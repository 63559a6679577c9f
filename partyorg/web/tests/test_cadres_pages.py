"""The cadre pages (issue 17): a unit's staff on a day with its figures and the people behind each,
a cadre's file (every open written to the read log), the deadlines page, and the three forms
(appointment, course, state rating), each tried by the user who may, by a user of the cadre role
over a neighbouring subtree and by a member-records officer without the cadre role.

The cast (partyorg.cadres.tests.cast): the school's unit THCS stands under the school's grassroots
organization (district Mường Khoa), beside the commune Nà Tấu; "cb.truong" holds the cadre role over
the school, "cb.xa" over the commune (the neighbouring subtree), "ql.tinh" administers the
province's member records without the cadre role.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import ReadEntry, ReadKind, Role
from partyorg.cadres import services
from partyorg.cadres.deadlines import deadlines_of
from partyorg.cadres.models import (
    DegreeLevel,
    HoldingMode,
    PostHolding,
    Programme,
    StaffCategory,
    StateRating,
    TheoryLevel,
    TrainingEnrolment,
)
from partyorg.cadres.services import Course
from partyorg.cadres.tests.cast import BASIS, BY, build, cadre_user, post
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db

DAY = date(2020, 6, 30)
TZ = timezone.get_fixed_timezone(7 * 60)
NOW = datetime(2020, 6, 30, 9, 0, tzinfo=TZ)
ON = "30/06/2020"


def employ(person: Person, unit, category: str = StaffCategory.PUBLIC_EMPLOYEE, on: date = date(2012, 9, 1)):
    return services.start_employment(
        person, unit, on=on, category=category, legal_basis=BASIS, recorded_by=BY
    )


def qualify(person: Person, programme: str, level: str, on: date) -> None:
    """A qualification held before the records (declared with its proof: no known start)."""
    services.start_training(
        person,
        Course(programme, level),
        on=on,
        start_known=False,
        completed_on=on,
        legal_basis=BASIS,
        recorded_by=BY,
    )


@pytest.fixture
def world():
    """THCS on 30/06/2020 (hand-made): Khánh (male, 17/05/1980: 40, a master since 2012, intermediate
    political theory since 2016, a party member since 2010), Hoa (female, Thái, 01/02/1990: 30, a
    bachelor, studying senior political theory since 01/09/2019), Sáng (male, 01/08/1965: 54, a
    contract, no degree recorded); approved staffing for 2020: 4."""
    cache.clear()  # the menu's answer is kept per user id, which tests reuse
    cast = build()
    khanh = testing.person("Lường Văn Khánh", birth_date=date(1980, 5, 17))
    testing.admit(khanh, cast.tree.school, date(2010, 3, 2))
    hoa = testing.person("Lò Thị Hoa", birth_date=date(1990, 2, 1), sex="female")
    Person.objects.filter(pk=hoa.pk).update(ethnicity="Thái")
    hoa.refresh_from_db()
    sang = testing.person("Quàng Văn Sáng", birth_date=date(1965, 8, 1))
    employ(khanh, cast.school)
    employ(hoa, cast.school)
    employ(sang, cast.school, StaffCategory.CONTRACT)
    qualify(khanh, Programme.DEGREE, DegreeLevel.MASTER, date(2012, 6, 1))
    qualify(khanh, Programme.POLITICAL_THEORY, TheoryLevel.INTERMEDIATE, date(2016, 6, 1))
    qualify(hoa, Programme.DEGREE, DegreeLevel.BACHELOR, date(2012, 6, 1))
    services.start_training(
        hoa,
        Course(Programme.POLITICAL_THEORY, TheoryLevel.SENIOR),
        on=date(2019, 9, 1),
        planned_end_on=date(2021, 9, 1),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    services.set_staffing(
        cast.school, year=2020, approved=4, decided_on=date(2020, 1, 5), legal_basis=BASIS, recorded_by=BY
    )
    cadre_user("cb.truong", cast.tree.school)
    cadre_user("cb.xa", cast.tree.commune)
    testing.user_with("ql.tinh", (cast.tree.province, Role.ADMINISTER))
    admin = testing.user_with("quantri.tinh", (cast.tree.province, Role.ADMINISTER))
    return cast, khanh, hoa, sang, admin


def client(name: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=name))
    return c


def get(c: Client, name: str, *args: object, query: str = "") -> Any:
    return c.get(reverse(name, args=args) + f"?on={ON}" + (f"&{query}" if query else ""))


def figure(html: str, key: str) -> str:
    """The number shown for a figure (its data-figure mark)."""
    at = html.index(f'data-figure="{key}"')
    return html[html.index(">", at) + 1 : html.index("<", at)]


@time_machine.travel(NOW, tick=False)
def test_the_units_staff_shows_each_figure_and_opens_the_people_behind_it(world):
    cast, khanh, hoa, sang, _admin = world
    page = get(client("cb.truong"), "cadres_unit", cast.school.code)
    assert page.status_code == 200
    html = page.content.decode()
    # Hand-worked from the fixture's records (RULES.md §11.12 form 8B's rows; age bands of form 8B).
    expected = {
        "category.public_employee": "2",
        "category.contract": "1",
        "degree.master": "1",
        "degree.bachelor": "1",
        "degree.none": "1",
        "theory.intermediate": "1",
        "theory.none": "2",
        "studying_theory.senior_or_bachelor": "1",
        "age.≤ 30": "1",
        "age.36–40": "1",
        "age.51–55": "1",
        "total": "3",
        "women": "1",
        "ethnic_minority": "1",
        "party_members": "1",
    }
    assert {key: figure(html, key) for key in expected} == expected
    # Approved 4, staff 3 (NQ 39's measure): one short.
    assert "Biên chế được giao năm 2020" in html and "còn thiếu 1" in html
    opened = get(
        client("cb.truong"), "cadres_unit", cast.school.code, query="xem=studying_theory.senior_or_bachelor"
    )
    rows = opened.content.decode().split('<table class="list people">')[1]
    assert hoa.full_name in rows and khanh.full_name not in rows and sang.full_name not in rows


@time_machine.travel(NOW, tick=False)
def test_the_cadre_pages_and_menu_are_for_the_cadre_role_only(world):
    cast, khanh, *_ = world
    officer = client("ql.tinh")  # administers the member records of the province, no cadre role
    home = officer.get(reverse("home") + f"?on={ON}")
    assert home.status_code == 200 and reverse("cadres") not in home.content.decode()
    for name, args in (
        ("cadres", ()),
        ("cadres_deadlines", ()),
        ("cadres_unit", (cast.school.code,)),
        ("cadre", (khanh.code,)),
        ("cadre_appoint", (khanh.code,)),
    ):
        assert get(officer, name, *args).status_code == 404, name
    mine = client("cb.truong")
    assert reverse("cadres") in mine.get(reverse("home") + f"?on={ON}").content.decode()
    # A neighbouring subtree's cadre officer sees neither the school's unit nor its cadres.
    neighbour = client("cb.xa")
    assert get(neighbour, "cadres_unit", cast.school.code).status_code == 404
    assert get(neighbour, "cadre", khanh.code).status_code == 404
    assert cast.school.code not in get(neighbour, "cadres").content.decode()
    assert cast.school.code in get(mine, "cadres").content.decode()


@time_machine.travel(NOW, tick=False)
def test_every_open_of_a_cadres_file_is_in_the_read_log_and_on_the_access_log_page(world):
    cast, khanh, hoa, _sang, _admin = world
    mine = client("cb.truong")
    before = ReadEntry.objects.filter(kind=ReadKind.CADRE_FILE).count()
    for person in (khanh, hoa, khanh):
        page = get(mine, "cadre", person.code)
        assert page.status_code == 200 and person.full_name in page.content.decode()
    reads = list(ReadEntry.objects.filter(kind=ReadKind.CADRE_FILE).order_by("pk"))[before:]
    assert [(r.username, r.person_id, r.on, r.channel) for r in reads] == [
        ("cb.truong", khanh.pk, DAY, "web"),
        ("cb.truong", hoa.pk, DAY, "web"),
        ("cb.truong", khanh.pk, DAY, "web"),
    ]
    assert all(r.organization_id == cast.tree.school.pk and r.address == "127.0.0.1" for r in reads)
    # Refused opens read nothing.
    assert get(client("cb.xa"), "cadre", khanh.code).status_code == 404
    assert ReadEntry.objects.filter(kind=ReadKind.CADRE_FILE).count() == before + 3
    log = client("quantri.tinh").get(reverse("access_log", args=[cast.tree.province.code]) + f"?on={ON}")
    assert log.status_code == 200
    assert log.content.decode().count("Hồ sơ cán bộ") >= 3


@time_machine.travel(NOW, tick=False)
def test_the_deadlines_page_lists_what_the_deadline_rules_give_for_the_managed_cadres(world):
    cast, khanh, *_ = world
    holding = services.appoint(
        khanh,
        post("truong_phong_huyen"),
        cast.school,
        on=date(2015, 9, 1),
        mode=HoldingMode.APPOINTED,
        term_ends_on=date(2020, 9, 1),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    page = get(client("cb.truong"), "cadres_deadlines")
    html = page.content.decode()
    assert page.status_code == 200
    # The term's last day, 31/08/2020 (the term ends before 01/09/2020, RULES.md §11.5), is within
    # the year ahead; so is every deadline cadres.deadlines gives Khánh up to the page's horizon.
    due = deadlines_of(khanh, DAY, horizon=date(2021, 7, 1))
    assert holding.term_ends_on == date(2020, 9, 1)
    assert any(d.due_on == date(2020, 8, 31) for d in due)
    for d in due:
        assert d.title in html
    assert "31/08/2020" in html and khanh.full_name in html
    assert ReadEntry.objects.filter(kind=ReadKind.DEADLINES, username="cb.truong").count() == 1


def appoint_form(unit: str = "THCS", on: str = ON, **extra: str) -> dict[str, str]:
    return {
        "unit": unit,
        "post": "truong_phong_huyen",
        "mode": HoldingMode.APPOINTED,
        "on": on,
        "basis_number": "12-QĐ/UBND",
        "basis_date": on,
        "basis_issuer": "UBND huyện",
        **extra,
    }


TRAINING = {
    "programme": Programme.POLITICAL_THEORY,
    "level": TheoryLevel.SENIOR,
    "on": ON,
    "planned_end_on": "30/06/2022",
    "basis_number": "5-QĐ/TU",
}
RATING = {"unit": "THCS", "year": "2019", "rated_on": "20/12/2019", "level": "good", "basis_number": "9-QĐ"}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("name", "data", "model"),
    [
        ("cadre_appoint", appoint_form(), PostHolding),
        ("cadre_train", TRAINING, TrainingEnrolment),
        ("cadre_rate", RATING, StateRating),
    ],
)
def test_each_form_writes_for_the_cadre_officer_and_refuses_the_neighbour_and_the_member_officer(
    world, name, data, model
):
    khanh = world[1]
    url = reverse(name, args=[khanh.code]) + f"?on={ON}"
    count = model.objects.count()
    for outsider in ("cb.xa", "ql.tinh"):  # neighbouring subtree; member records without the cadre role
        assert client(outsider).get(url).status_code == 404
        assert client(outsider).post(url, data).status_code == 404
        assert model.objects.count() == count, outsider
    page = client("cb.truong").post(url, data)
    assert page.status_code == 302 and page["Location"] == reverse("cadre", args=[khanh.code])
    assert model.objects.filter(person=khanh).count() > 0
    assert model.objects.latest("pk").recorded_by == "cb.truong"


@time_machine.travel(NOW, tick=False)
def test_a_unit_of_another_subtree_is_refused_on_the_form_and_nothing_is_written(world):
    khanh = world[1]
    url = reverse("cadre_appoint", args=[khanh.code]) + f"?on={ON}"
    count = PostHolding.objects.count()
    page = client("cb.truong").post(url, appoint_form(unit="BTC"))  # the province's Ban Tổ chức
    assert page.status_code == 200
    assert "BTC" not in [c for c, _n in page.context["form"].fields["unit"].choices]
    assert PostHolding.objects.count() == count


@time_machine.travel(NOW, tick=False)
def test_a_rules_refusal_is_shown_in_vietnamese_and_vẫn_ghi_có_lý_do_records_it_with_the_reason(world):
    """Sáng, born 01/08/1965, appointed on 01/06/2023 for the first time: his ND 135 retirement month
    (rules.retirement) is less than the 5 years of work QĐ 80 asks at appointment away (RULES.md
    §11.5), so the appointment is refused by the rule, and recorded only with a reason."""
    sang = world[3]
    url = reverse("cadre_appoint", args=[sang.code]) + f"?on={ON}"
    with time_machine.travel(
        datetime(2023, 6, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60)), tick=False
    ):
        mine = client("cb.truong")
        refused = mine.post(url, appoint_form(on="01/06/2023"))
        html = refused.content.decode()
        assert refused.status_code == 200
        assert "Bị từ chối theo quy định" in html and "Vẫn ghi, có lý do" in html
        assert sang.full_name in html and "Căn cứ" in html
        assert PostHolding.objects.filter(person=sang).count() == 0
        code = refused.context["refusal"].code
        done = mine.post(
            url, appoint_form(on="01/06/2023", override_rule=code, override_reason="Ban Thường vụ đồng ý")
        )
        assert done.status_code == 302
    row = PostHolding.objects.get(person=sang)
    assert (row.override_rule, row.override_reason) == (code, "Ban Thường vụ đồng ý")


def count_unit_page(c: Client, code: str) -> int:
    with CaptureQueriesContext(connection) as caught:
        assert get(c, "cadres_unit", code).status_code == 200
    return len(caught)


PINNED_UNIT_PAGE = 21


@time_machine.travel(NOW, tick=False)
def test_the_queries_of_a_units_staff_page_do_not_grow_with_its_staff(world):
    """Pinned like partyorg/web/tests/test_query_counts.py: the page asked once first (what Django
    reads once per process), then counted; counted again after five more staff with degrees, theory,
    courses, posts and party membership."""
    cast, *_ = world
    c = client("cb.truong")
    get(c, "cadres_unit", cast.school.code)
    before = count_unit_page(c, cast.school.code)
    for n in range(5):
        p = testing.person(f"Cán bộ {n}", birth_date=date(1975 + n, 3, 1), sex="female" if n % 2 else "male")
        employ(p, cast.school)
        qualify(p, Programme.DEGREE, DegreeLevel.BACHELOR, date(2000, 6, 1))
        qualify(p, Programme.POLITICAL_THEORY, TheoryLevel.INTERMEDIATE, date(2010, 6, 1))
        testing.admit(p, cast.tree.school, date(2005, 3, 2))
        services.appoint(
            p,
            post("pho_truong_phong_huyen"),
            cast.school,
            on=date(2018, 1, 1),
            mode=HoldingMode.APPOINTED,
            legal_basis=BASIS,
            recorded_by=BY,
        )
    after = count_unit_page(c, cast.school.code)
    assert (before, after) == (PINNED_UNIT_PAGE, PINNED_UNIT_PAGE)


@time_machine.travel(NOW, tick=False)
def test_the_menu_follows_a_cadre_role_given_and_taken_back_at_once(world):
    """The menu's answer is kept in the cache between pages; giving or taking back a grant forgets it."""
    cast = world[0]
    officer = client("ql.tinh")

    def menu() -> bool:
        return reverse("cadres") in officer.get(reverse("home") + f"?on={ON}").content.decode()

    assert not menu()
    grant = services.grant_cadre_role("ql.tinh", cast.tree.school, Role.VIEW, granted_by="quantri.tinh")
    assert menu() and get(officer, "cadres_unit", cast.school.code).status_code == 200
    khanh = world[1]  # the role to see is not the role to record
    file = get(officer, "cadre", khanh.code)
    assert file.status_code == 200
    assert reverse("cadre_appoint", args=[khanh.code]) not in file.content.decode()
    assert officer.post(reverse("cadre_rate", args=[khanh.code]), RATING).status_code == 404
    assert not StateRating.objects.filter(person=khanh).exists()
    services.take_cadre_role(grant, revoked_by="quantri.tinh")
    assert not menu() and get(officer, "cadres_unit", cast.school.code).status_code == 404
