"""Holding a file against the uploader's scope (cast: partyorg.testing: T province, T.H district,
T.H.X commune with cells T.H.X.1 and T.H.X.2, T.H.S the district's school).

The commune's officer edits the commune's subtree; the school's secretary is the neighbour."""

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.scope_check import out_of_scope
from partyorg.members import services
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind as K
from partyorg.organizations import services as org_services
from partyorg.organizations.interchange import (
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import OrgChange
from partyorg.reports.interchange import EnteredFigureRecord

pytestmark = pytest.mark.django_db

AT = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
TODAY = date(2026, 1, 5)
REFUSED_PERSON = re.compile(r"Người có mã “(.+?)” ngoài phạm vi được giao \(ngày (.+?)\)")


@pytest.fixture
def cast():
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    return tree, pom, teacher


def user_with(org, role=Role.EDIT, name="xa"):
    return testing.user_with(name, (org, role))


def event(person, kind, on, organization="", other_organization="", **fields):
    return EventRecord(
        uid=str(uuid.uuid4()),
        person=person,
        kind=kind,
        effective_on=on,
        recorded_at=AT,
        recorded_by="xa",
        organization=organization,
        other_organization=other_organization,
        **fields,
    )


def rows(*records):
    return [(Location(r.TYPE, i + 2), r) for i, r in enumerate(records)]


def refused(user, *records, on=TODAY):
    return [str(p) for p in out_of_scope(rows(*records), Scope(user, on))]


def new_member(code="M1", org="T.H.X.1"):
    return (
        PersonRecord(code=code, full_name="Lường Thị Mai", sex="female", birth_date=date(1990, 4, 2)),
        event(code, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=org),
        event(code, K.ADMISSION_CEREMONY, date(2024, 3, 11)),
    )


def test_a_new_member_of_the_users_own_cell_passes(cast):
    tree, _, _ = cast
    assert refused(user_with(tree.commune), *new_member()) == []
    assert refused(user_with(tree.cell_a, name="bithu"), *new_member()) == []


def test_the_neighbour_is_refused_and_an_unknown_code_reads_the_same(cast):
    tree, _, _ = cast
    neighbour = user_with(tree.school, Role.ADMINISTER, "truong")
    assert refused(neighbour, *new_member()) == [
        "event, dòng 3, cột “Tổ chức”: Tổ chức “T.H.X.1” ngoài phạm vi được giao (ngày 01/03/2024)"
    ]
    # A code that does not exist is refused in the very same words: guessing tells nothing.
    assert refused(neighbour, *new_member(org="KHONG-CO")) == [
        "event, dòng 3, cột “Tổ chức”: Tổ chức “KHONG-CO” ngoài phạm vi được giao (ngày 01/03/2024)"
    ]


def test_viewing_is_not_editing(cast):
    tree, _, _ = cast
    assert len(refused(user_with(tree.commune, Role.VIEW), *new_member())) == 1


def test_the_other_end_of_a_transfer_may_be_anywhere_but_not_of_other_events(cast):
    tree, pom, _ = cast
    officer = user_with(tree.commune)
    day = date(2025, 6, 2)
    assert refused(officer, event(pom.code, K.TRANSFER_OUT, day, other_organization="T.H.S")) == []
    assert refused(officer, event(pom.code, K.TEMPORARY_TRANSFER, day, other_organization="T.H.S")) == []
    assert refused(
        officer, event(pom.code, K.ORG_REASSIGNED, day, organization="T.H.X.2", other_organization="T.H.S")
    ) == ["event, dòng 2, cột “Tổ chức liên quan”: Tổ chức “T.H.S” ngoài phạm vi được giao (ngày 01/06/2025)"]
    # The destination receiving the transfer must be the user's own.
    assert len(refused(officer, event(pom.code, K.TRANSFER_IN, day, organization="T.H.S"))) == 1


def test_an_event_of_someone_else_s_member_is_refused_even_without_an_organization(cast):
    tree, pom, teacher = cast
    officer = user_with(tree.commune)
    assert refused(officer, event(teacher.code, K.DIED, date(2020, 1, 1))) == [
        f"event, dòng 2, cột “Người”: Người có mã “{teacher.code}” ngoài phạm vi được giao (ngày 01/01/2020)"
    ]
    assert refused(officer, event(pom.code, K.DIED, date(2020, 1, 1))) == []


def test_a_person_is_judged_on_the_event_s_own_day(cast):
    """Pọm was decided on 02/03/2015 in cell A: before that day nobody reaches him."""
    tree, pom, _ = cast
    officer = user_with(tree.commune)
    assert len(refused(officer, event(pom.code, K.EXEMPTED, date(2015, 3, 1)))) == 1
    assert refused(officer, event(pom.code, K.EXEMPTED, date(2015, 3, 2))) == []  # the decision
    assert refused(officer, event(pom.code, K.EXEMPTED, date(2019, 3, 2))) == []


def test_people_and_organizations_already_recorded_must_be_the_user_s(cast):
    tree, pom, teacher = cast
    officer = user_with(tree.commune)
    person = PersonRecord(
        code=teacher.code, full_name="Lò Văn Giáo", sex="male", birth_date=date(1980, 5, 17)
    )
    assert refused(officer, OrganizationRecord("T.H.S"), OrganizationRecord("T.H.X.1"), person) == [
        "organization, dòng 2, cột “Mã”: Tổ chức “T.H.S” ngoài phạm vi được giao (ngày 05/01/2026)",
        f"person, dòng 4, cột “Mã”: Người có mã “{teacher.code}” ngoài phạm vi được giao (ngày 05/01/2026)",
    ]
    mine = PersonRecord(code=pom.code, full_name="Lò Văn Pọm", sex="male", birth_date=date(1980, 5, 17))
    assert refused(officer, mine, OrganizationRecord("T.H.X")) == []


def change(uid, on):
    return OrgChangeRecord(uid=uid, kind="founded", effective_on=on, recorded_at=AT, recorded_by="xa")


def test_a_cell_founded_in_the_file_under_the_user_s_committee_may_take_members(cast):
    """Changes of the tree need APPROVE, as on the pages; an editor may not found a cell."""
    tree, _, _ = cast
    editor = user_with(tree.commune, name="bien.tap")
    officer = user_with(tree.commune, Role.APPROVE)
    uid = str(uuid.uuid4())
    founded = (
        OrganizationRecord("T.H.X.3"),
        change(uid, date(2024, 1, 2)),
        OrgChangeItemRecord(
            change=uid, organization="T.H.X.3", name="Chi bộ bản Mới", kind="cell", parent="T.H.X"
        ),
    )
    assert refused(officer, *founded, *new_member(org="T.H.X.3")) == []
    assert any("Cấp trên trực tiếp" in p for p in refused(editor, *founded))
    under_school = (
        OrganizationRecord("T.H.S.1"),
        change(uid, date(2024, 1, 2)),
        OrgChangeItemRecord(change=uid, organization="T.H.S.1", name="Tổ", kind="cell", parent="T.H.S"),
    )
    assert refused(officer, *under_school, *new_member(org="T.H.S.1")) == [
        "organization, dòng 2, cột “Mã”: Tổ chức “T.H.S.1” ngoài phạm vi được giao (ngày 05/01/2026)",
        "org_change_item, dòng 4, cột “Cấp trên trực tiếp”: "
        "Tổ chức “T.H.S” ngoài phạm vi được giao (ngày 02/01/2024)",
        "event, dòng 6, cột “Tổ chức”: Tổ chức “T.H.S.1” ngoài phạm vi được giao (ngày 01/03/2024)",
    ]


def test_roots_and_administrative_units_are_for_superusers(cast):
    tree, _, _ = cast
    officer = user_with(tree.province, Role.ADMINISTER)
    uid = str(uuid.uuid4())
    records = (
        LocalityRecord(code="99", name="Tỉnh Mới", kind="province"),
        OrganizationRecord("R"),
        change(uid, date(2024, 1, 2)),
        OrgChangeItemRecord(change=uid, organization="R", name="Tỉnh ủy Mới", kind="province"),
    )
    problems = refused(officer, *records)
    assert problems[0] == "locality, dòng 2: Chỉ quản trị hệ thống được nạp đơn vị hành chính"
    assert (
        "org_change_item, dòng 5, cột “Cấp trên trực tiếp”: "
        "Chỉ quản trị hệ thống được lập tổ chức không có cấp trên trực tiếp"
    ) in problems
    root = User.objects.create_superuser("root", password="x")
    assert refused(root, *records) == []


def test_correcting_a_recorded_change_or_figure_needs_what_they_named(cast):
    tree, _, _ = cast
    officer = user_with(tree.commune)
    school_change = OrgChange.objects.get(items__organization=tree.school)
    correction = OrgChangeRecord(
        uid=str(uuid.uuid4()),
        kind="voided",
        effective_on=school_change.effective_on,
        recorded_at=AT,
        recorded_by="xa",
        corrects=str(school_change.uid),
    )
    problems = refused(officer, correction)
    assert problems and all("ngoài phạm vi được giao" in p and "“Sửa cho”" in p for p in problems)
    figure = EnteredFigureRecord(
        uid=str(uuid.uuid4()),
        organization="T.H.S",
        kind="target",
        indicator="admissions",
        value=3,
        first_day=date(2024, 1, 1),
        last_day=date(2024, 12, 31),
        recorded_at=AT,
        recorded_by="xa",
    )
    assert len(refused(officer, figure)) == 1
    assert refused(officer, EnteredFigureRecord(**{**figure.__dict__, "organization": "T.H.X"})) == []


def test_the_tree_of_the_event_s_day_decides(cast):
    """Cell B moves from the commune to the school on 01/01/2020: the commune's officer edits
    it before that day, the school's secretary from that day on."""
    tree, _, _ = cast
    org_services.move(
        tree.cell_b, tree.school, effective_on=date(2020, 1, 1), legal_basis=testing.BASIS, recorded_by="t"
    )
    commune, school = user_with(tree.commune), user_with(tree.school, name="truong")
    person = new_member()[0]
    before = (person, event("M1", K.ADMISSION_DECIDED, date(2019, 12, 31), organization="T.H.X.2"))
    after = (person, event("M1", K.ADMISSION_DECIDED, date(2020, 1, 1), organization="T.H.X.2"))
    assert refused(commune, *before) == [] and len(refused(school, *before)) == 1
    assert len(refused(commune, *after)) == 1 and refused(school, *after) == []


def test_people_are_judged_as_scope_reaches_person_judges_them(cast):
    """The batch judgement agrees with Scope.reaches_person for every user, person and day."""
    tree, pom, teacher = cast
    org_services.move(
        tree.cell_b, tree.school, effective_on=date(2020, 1, 1), legal_basis=testing.BASIS, recorded_by="t"
    )
    mover = testing.person("Quàng Văn Đi")
    testing.admit(mover, tree.cell_b, date(2016, 4, 1))
    testing.record(mover, K.TRANSFER_OUT, date(2018, 2, 1), other_organization=tree.cell_a)
    testing.record(mover, K.TRANSFER_IN, date(2018, 2, 12), organization=tree.cell_a)
    pending = testing.person("Hà Thị Chờ", sex="female")
    testing.record(pending, K.ADMISSION_DECIDED, date(2019, 5, 1), organization=tree.cell_b)
    users = [
        user_with(tree.commune, name="xa"),
        user_with(tree.cell_b, name="b"),
        user_with(tree.school, name="truong"),
        user_with(tree.district, Role.VIEW, name="xem"),
    ]
    days = [date(2011, 1, 1), date(2015, 3, 5), date(2016, 4, 1), date(2018, 2, 5), date(2019, 5, 1)]
    days += [date(2019, 12, 31), date(2020, 1, 1), date(2025, 1, 1)]
    people = [pom, teacher, mover, pending]
    for user in users:
        records = [event(p.code, K.BADGE_AWARDED, day) for p in people for day in days]
        judged = [REFUSED_PERSON.search(p).groups() for p in refused(user, *records)]
        expected = [
            (p.code, f"{day:%d/%m/%Y}")
            for p in people
            for day in days
            if not Scope(user, day).reaches_person(p.pk, Role.EDIT)
        ]
        assert judged == expected, user.username


def test_a_province_sized_file_costs_queries_per_batch_not_per_record(cast, django_assert_max_num_queries):
    tree, pom, _ = cast
    officer = user_with(tree.commune)
    start = date(2015, 4, 1)
    records = [
        event(pom.code, K.BADGE_AWARDED, start + timedelta(days=i), organization="T.H.X.1")
        for i in range(3000)
    ]
    with django_assert_max_num_queries(40):
        assert refused(officer, *records) == []


def test_a_merger_of_the_user_s_own_cells_judges_the_ended_cell_on_its_last_day(cast):
    """Cell B merges into cell A on 01/01/2024: B stands until 31/12/2023, and its members are
    moved from it (ORG_REASSIGNED, other_organization = B) on the day of the merger."""
    tree, _, _ = cast
    member = testing.person("Quàng Văn Bản")
    testing.admit(member, tree.cell_b, date(2016, 4, 1))
    uid = str(uuid.uuid4())
    merger = (
        OrgChangeRecord(
            uid=uid, kind="merged", effective_on=date(2024, 1, 1), recorded_at=AT, recorded_by="xa"
        ),
        OrgChangeItemRecord(change=uid, organization="T.H.X.2", ends=True, successor="T.H.X.1"),
        event(
            member.code,
            K.ORG_REASSIGNED,
            date(2024, 1, 1),
            organization="T.H.X.1",
            other_organization="T.H.X.2",
            org_change=uid,
        ),
    )
    assert refused(user_with(tree.commune, Role.APPROVE), *merger) == []  # a change of the tree: APPROVE
    assert len(refused(user_with(tree.school, name="truong"), *merger)) == 5  # every code, and the person


def test_an_event_already_recorded_is_not_judged_again(cast):
    """A re-imported export: a decision later corrected to another day leaves a day on which
    Scope.reaches_person reaches the person nowhere; loading the recorded event writes nothing."""
    tree, _, _ = cast
    ha = testing.person("Hà Thị Sửa", sex="female")
    wrong = testing.record(ha, K.ADMISSION_DECIDED, date(2016, 3, 1), organization=tree.cell_a)
    services.correct_event(
        wrong, effective_on=date(2016, 3, 8), recorded_by="t", legal_basis=testing.BASIS, note="Sai ngày"
    )
    testing.record(ha, K.ADMISSION_CEREMONY, date(2016, 3, 18))
    officer = user_with(tree.commune)
    assert not Scope(officer, date(2016, 3, 1)).reaches_person(ha.pk, Role.EDIT)
    recorded = [r for r in dump() if isinstance(r, EventRecord) and r.person == ha.code]
    assert len(recorded) == 3 and refused(officer, *recorded) == []
    # Not so for a new event on that day, nor for the neighbour, who never reaches Hà.
    assert len(refused(officer, event(ha.code, K.BADGE_AWARDED, date(2016, 3, 1)))) == 1
    assert len(refused(user_with(tree.school, name="truong"), *recorded)) == 2 + 3  # 2 name cell A


def test_a_dated_fact_about_someone_else_s_member_is_refused(cast):
    """A fact about a person (members' record kit, sheet “Thông tin theo thời gian”) is the
    person's: the commune's officer may date his own member's move, not the school's teacher's."""
    from partyorg.members.interchange import PersonFactRecord

    tree, pom, teacher = cast
    officer = user_with(tree.commune)

    def fact(person):
        return PersonFactRecord(
            uid=str(uuid.uuid4()),
            person=person,
            kind="occupation",
            recorded_at=AT,
            recorded_by="xa",
            valid_from=date(2020, 9, 1),
            value="Hưu trí",
        )

    assert refused(officer, fact(teacher.code)) == [
        f"person_fact, dòng 2, cột “Người”: Người có mã “{teacher.code}” ngoài phạm vi được giao "
        "(ngày 01/09/2020)"
    ]
    assert refused(officer, fact(pom.code)) == []
