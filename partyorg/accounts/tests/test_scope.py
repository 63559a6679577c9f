"""The scope: a user's subtrees as the tree stood on the day, and the people they reach
(cast: partyorg.testing: T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school)."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import OutOfScope, Scope, last_holder, pending_decision
from partyorg.members.models import EventKind as K
from partyorg.members.models import Person
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization, OrgKind

pytestmark = pytest.mark.django_db

ON = date(2020, 1, 1)


@pytest.fixture
def tree():
    return testing.build_tree()


user_with = testing.user_with


def test_a_user_reaches_the_subtrees_of_their_assignments_and_nothing_else(tree):
    secretary = user_with("bithu", (tree.cell_a, Role.EDIT))
    scope = Scope(secretary, ON)
    assert scope.org_ids() == {tree.cell_a.pk}
    assert scope.organization("T.H.X.1", Role.EDIT) == tree.cell_a
    for code in ("T.H.X.2", "T.H.X", "T", "NO-SUCH-CODE"):
        with pytest.raises(OutOfScope):
            scope.organization(code)
    with pytest.raises(OutOfScope):
        scope.organization("T.H.X.1", Role.APPROVE)  # the role is not enough
    officer = user_with("huyen", (tree.district, Role.VIEW), (tree.commune, Role.EDIT))
    scope = Scope(officer, ON)
    assert scope.org_ids() == {
        tree.district.pk,
        tree.commune.pk,
        tree.cell_a.pk,
        tree.cell_b.pk,
        tree.school.pk,
    }
    assert scope.org_ids(Role.EDIT) == {tree.commune.pk, tree.cell_a.pk, tree.cell_b.pk}
    assert scope.roots() == [tree.district]


def test_revoked_assignments_and_anonymous_users_reach_nothing(tree):
    user = user_with("cu", (tree.province, Role.ADMINISTER))
    Assignment.objects.update(revoked_at=timezone.now(), revoked_by="admin")
    assert Scope(user, ON).org_ids() == frozenset()
    from django.contrib.auth.models import AnonymousUser

    assert Scope(AnonymousUser(), ON).org_ids() == frozenset()


def test_the_subtree_is_the_one_of_the_day(tree):
    """Hand-worked: cell B moves from the commune to the district's school on 01/07/2021. An
    officer of the commune reaches it in 2020 and not in 2022; the school's, the other way round."""
    org_services.move(
        tree.cell_b,
        tree.school,
        effective_on=date(2021, 7, 1),
        legal_basis=testing.BASIS,
        recorded_by="admin",
    )
    commune = user_with("xa", (tree.commune, Role.VIEW))
    school = user_with("truong", (tree.school, Role.VIEW))
    assert Scope(commune, date(2020, 1, 1)).can(tree.cell_b.pk)
    assert not Scope(commune, date(2022, 1, 1)).can(tree.cell_b.pk)
    assert not Scope(school, date(2020, 1, 1)).can(tree.cell_b.pk)
    assert Scope(school, date(2022, 1, 1)).can(tree.cell_b.pk)


def test_people_are_reached_where_they_were(tree):
    """Hand-worked: A is a member of cell A from 2015; B of cell B from 2015, transferred to the
    school's cell on 01/03/2019 (the school is outside the commune); C of cell B, died 2018."""
    a, b, c = testing.person("Lò Văn A"), testing.person("Lò Văn B"), testing.person("Lò Văn C")
    for who, cell in ((a, tree.cell_a), (b, tree.cell_b), (c, tree.cell_b)):
        testing.admit(who, cell, date(2015, 3, 2))
    testing.record(b, K.TRANSFER_OUT, date(2019, 2, 20), other_organization=tree.school)
    testing.record(b, K.TRANSFER_IN, date(2019, 3, 1), organization=tree.school)
    testing.record(c, K.DIED, date(2018, 5, 5))
    commune = Scope(user_with("xa", (tree.commune, Role.EDIT)), ON)
    school = Scope(user_with("truong", (tree.school, Role.EDIT)), ON)
    cell_a = Scope(user_with("chibo", (tree.cell_a, Role.EDIT)), ON)
    assert commune.reaches_person(a.pk) and commune.reaches_person(b.pk) and commune.reaches_person(c.pk)
    assert school.reaches_person(b.pk) and not school.reaches_person(a.pk) and not school.reaches_person(c.pk)
    assert cell_a.reaches_person(a.pk) and not cell_a.reaches_person(b.pk)
    assert not Scope(user_with("xa2", (tree.commune, Role.VIEW)), ON).reaches_person(a.pk, Role.EDIT)
    # On the day, the members list: B is no longer the commune's.
    assert set(Person.objects.filter(commune.people_on())) == {a}
    assert set(Person.objects.filter(school.people_on())) == {b}
    with pytest.raises(OutOfScope):
        school.person(a.code)
    assert school.person(b.code) == b


def test_superusers_reach_every_root(tree):
    other = testing.found("Q", "Tỉnh ủy Khác", OrgKind.PROVINCE, None)
    admin = User.objects.create_superuser("root", password="x")
    scope = Scope(admin, ON)
    assert scope.can(tree.school.pk, Role.ADMINISTER) and scope.can(other.pk, Role.ADMINISTER)
    assert scope.roots() == [other, tree.province]  # by code


def test_the_role_over_one_organization_is_the_one_the_whole_list_gives(tree):
    """A page about one organization reads the role off its line of ancestors; a list reads every
    organization reached. Both give the same answer for every organization, with nested grants of
    different roles, before and after cell B moves to the school (01/07/2021), and the roots
    leave out a grant that lies under another."""
    org_services.move(
        tree.cell_b,
        tree.school,
        effective_on=date(2021, 7, 1),
        legal_basis=testing.BASIS,
        recorded_by="admin",
    )
    officer = user_with(
        "huyen", (tree.district, Role.VIEW), (tree.commune, Role.EDIT), (tree.cell_b, Role.APPROVE)
    )
    everyone = Organization.objects.all()
    for day in (date(2020, 1, 1), date(2022, 1, 1)):
        listed = Scope(officer, day)
        listed.org_ids()
        for org in everyone:
            assert Scope(officer, day).role_over(org.pk) == listed.role_over(org.pk), (org.code, day)
        assert Scope(officer, day).roots() == [tree.district]
    assert Scope(officer, date(2022, 1, 1)).role_over(tree.cell_b.pk) == Role.APPROVE
    assert Scope(officer, date(2020, 1, 1)).role_over(tree.cell_b.pk) == Role.APPROVE
    assert Scope(officer, date(2020, 1, 1)).role_over(tree.cell_a.pk) == Role.EDIT
    assert Scope(officer, date(2022, 1, 1)).role_over(tree.school.pk) == Role.VIEW
    assert Scope(officer, date(2022, 1, 1)).role_over(tree.province.pk) == 0


# -- every way a person is reached (issue 13) ------------------------------------------------------
#
# The officers below are cells' secretaries (EDIT over their own cell only) and the school's. For
# each way a person can come to an organization, the old one and the new one are asked on a day:
# may they see the person (VIEW), may they change the record (EDIT)? A cell a member has left sees
# them still; only the organization holding them on the day changes their record.


@pytest.fixture
def officers(tree):
    return {
        "a": user_with("bithu.a", (tree.cell_a, Role.EDIT)),
        "b": user_with("bithu.b", (tree.cell_b, Role.EDIT)),
        "school": user_with("bithu.truong", (tree.school, Role.EDIT)),
    }


def reach(user, person, day):
    """(VIEW, EDIT) of ``user`` over ``person`` on ``day``."""
    scope = Scope(user, day)
    return scope.reaches_person(person.pk, Role.VIEW), scope.reaches_person(person.pk, Role.EDIT)


def test_a_member_admitted_here_who_moved_away_is_seen_not_changed_here(tree, officers):
    """Hand-worked: admitted in cell A (decision 02/03/2015, ceremony 12/03/2015), transferred out
    to cell B on 20/02/2019 and presented there on 01/03/2019. From the transfer out the member is
    held at the destination (in transit until presented: MembershipInterval.in_transit): cell A
    still sees them (VIEW) but records nothing more, cell B records what comes next. Before the
    fix, cell A changed them for ever through its admission decision (issue 13)."""
    mover = testing.person("Lò Văn Đi")
    testing.admit(mover, tree.cell_a, date(2015, 3, 2))
    testing.record(mover, K.TRANSFER_OUT, date(2019, 2, 20), other_organization=tree.cell_b)
    testing.record(mover, K.TRANSFER_IN, date(2019, 3, 1), organization=tree.cell_b)
    a, b = officers["a"], officers["b"]
    assert reach(a, mover, date(2019, 2, 19)) == (True, True)  # the last day in cell A
    assert reach(b, mover, date(2019, 2, 19)) == (False, False)
    for day in (date(2019, 2, 20), date(2019, 2, 25), date(2022, 1, 1)):  # in transit, then arrived
        assert reach(a, mover, day) == (True, False), day
        assert reach(b, mover, day) == (True, True), day
    assert reach(officers["school"], mover, date(2022, 1, 1)) == (False, False)


def test_a_member_transferred_in_from_outside_the_records_is_the_new_cell_s_from_arrival(tree, officers):
    """Hand-worked: an official member comes from another province (no admission recorded here),
    presented at cell B on 01/06/2020: cell B sees and changes them from that day, nobody before,
    and no other cell ever."""
    comer = testing.person("Lò Thị Đến", sex="female")
    testing.record(
        comer, K.TRANSFER_IN, date(2020, 6, 1), organization=tree.cell_b, external_place="Tỉnh Lai Châu"
    )
    assert reach(officers["b"], comer, date(2020, 5, 31)) == (False, False)
    assert reach(officers["b"], comer, date(2020, 6, 1)) == (True, True)
    assert reach(officers["a"], comer, date(2022, 1, 1)) == (False, False)


def test_a_temporary_place_neither_sees_nor_changes_the_member(tree, officers):
    """RULES.md §2.7: a temporary place is beside, never instead of, the official organization,
    which still holds the member (TemporaryPlacement is not a membership period). Hand-worked:
    Hùng, of cell A, is placed at the school from 05/01/2021: cell A sees and changes him, the
    school neither sees nor changes him. Sáng, admitted by the school (2012), transferred to
    cell A in 2018 and placed back at the school from 05/01/2021: the school sees her (she was
    its member) but does not change her record; before the fix it did, through its decision."""
    hung = testing.person("Lò Văn Hùng")
    testing.admit(hung, tree.cell_a, date(2015, 3, 2))
    testing.record(hung, K.TEMPORARY_TRANSFER, date(2021, 1, 5), other_organization=tree.school)
    sang = testing.person("Lò Thị Sáng", sex="female")
    testing.admit(sang, tree.school, date(2012, 5, 2))
    testing.record(sang, K.TRANSFER_OUT, date(2018, 2, 1), other_organization=tree.cell_a)
    testing.record(sang, K.TRANSFER_IN, date(2018, 2, 12), organization=tree.cell_a)
    testing.record(sang, K.TEMPORARY_TRANSFER, date(2021, 1, 5), other_organization=tree.school)
    day = date(2022, 1, 1)
    assert reach(officers["a"], hung, day) == (True, True)
    assert reach(officers["school"], hung, day) == (False, False)
    assert reach(officers["a"], sang, day) == (True, True)
    assert reach(officers["school"], sang, day) == (True, False)


def test_a_member_re_admitted_elsewhere_belongs_to_the_cell_that_re_admitted_them(tree, officers):
    """Hand-worked: admitted in cell A (2005), withdrew on 10/01/2008; re-admitted by the school
    (decision 01/02/2012, ceremony 11/02/2012; 36 months after leaving, RULES.md §2.4); moved to
    cell B in 2016. Cell A sees the person's whole record; while nobody holds them (2008–2012) it
    keeps their record as the cell that held them last (``last_holder``), and from the school's
    decision on changes nothing more; the school changes them from its decision until they leave
    it; then cell B."""
    back = testing.person("Lò Văn Lại")
    testing.admit(back, tree.cell_a, date(2005, 3, 2))
    testing.record(back, K.WITHDRAWN, date(2008, 1, 10))
    testing.record(back, K.READMISSION_DECIDED, date(2012, 2, 1), organization=tree.school)
    a, school, b = officers["a"], officers["school"], officers["b"]
    assert reach(a, back, date(2010, 1, 1)) == (True, True)  # left: the last holder keeps the record
    assert reach(school, back, date(2010, 1, 1)) == (False, False)
    assert reach(school, back, date(2012, 2, 5)) == (True, True)  # re-admitted, ceremony to come
    assert reach(a, back, date(2012, 2, 5)) == (True, False)
    testing.record(back, K.ADMISSION_CEREMONY, date(2012, 2, 11))
    assert reach(school, back, date(2014, 1, 1)) == (True, True)
    testing.record(back, K.TRANSFER_OUT, date(2016, 4, 1), other_organization=tree.cell_b)
    testing.record(back, K.TRANSFER_IN, date(2016, 4, 8), organization=tree.cell_b)
    day = date(2022, 1, 1)
    assert reach(school, back, day) == (True, False)
    assert reach(a, back, day) == (True, False)
    assert reach(b, back, day) == (True, True)


def test_the_deciding_cell_reaches_a_person_only_until_the_ceremony(tree, officers):
    """Hand-worked: cell B decides to admit Chờ on 01/05/2019 (RULES.md §2.1: the ceremony within
    30 working days). Until the ceremony Chờ is nobody's member, and cell B sees and changes the
    record; from the ceremony (20/05/2019) on, whoever holds Chờ does. Chờ moves to cell A on
    01/03/2020: cell B no longer changes the record. Thêm is decided by cell B on 01/06/2019 and
    the ceremony is held at cell A (the event names it) on 10/06/2019: cell B, which never held
    Thêm, neither sees nor changes the record from that day."""
    cho = testing.person("Hà Thị Chờ", sex="female")
    testing.record(cho, K.ADMISSION_DECIDED, date(2019, 5, 1), organization=tree.cell_b)
    a, b = officers["a"], officers["b"]
    assert reach(b, cho, date(2019, 4, 30)) == (False, False)  # before the decision
    assert reach(b, cho, date(2019, 5, 1)) == (True, True)
    assert reach(a, cho, date(2019, 5, 1)) == (False, False)
    testing.record(cho, K.ADMISSION_CEREMONY, date(2019, 5, 20))
    assert reach(b, cho, date(2019, 5, 19)) == (True, True)  # still pending
    assert reach(b, cho, date(2019, 6, 1)) == (True, True)  # now held by cell B
    testing.record(cho, K.TRANSFER_OUT, date(2020, 3, 1), other_organization=tree.cell_a)
    testing.record(cho, K.TRANSFER_IN, date(2020, 3, 5), organization=tree.cell_a)
    assert reach(b, cho, date(2021, 1, 1)) == (True, False)
    assert reach(a, cho, date(2021, 1, 1)) == (True, True)

    them = testing.person("Lò Văn Thêm")
    testing.record(them, K.ADMISSION_DECIDED, date(2019, 6, 1), organization=tree.cell_b)
    testing.record(them, K.ADMISSION_CEREMONY, date(2019, 6, 10), organization=tree.cell_a)
    assert reach(b, them, date(2019, 6, 9)) == (True, True)
    assert reach(b, them, date(2019, 6, 10)) == (False, False)
    assert reach(a, them, date(2019, 6, 10)) == (True, True)


def test_a_decision_is_pending_from_its_day_until_a_membership_period_begins():
    """Hand-worked, no database: decision of 01/05/2019 by organization 7 (id 10); the ceremony
    opens a period on 20/05/2019. Pending from 01/05 to 19/05 included, not before, not from 20/05.
    A re-admission of 01/02/2024 by organization 9 (id 30) after periods of earlier years is
    pending again; a decision and its ceremony on the same day are never pending; of two
    decisions of one day the one recorded last counts."""
    decided = [(date(2019, 5, 1), 10, 7)]
    starts = [date(2019, 5, 20)]
    assert pending_decision(starts, decided, date(2019, 4, 30)) is None
    assert pending_decision(starts, decided, date(2019, 5, 1)) == 7
    assert pending_decision(starts, decided, date(2019, 5, 19)) == 7
    assert pending_decision(starts, decided, date(2019, 5, 20)) is None
    assert pending_decision(starts, decided, date(2030, 1, 1)) is None
    assert pending_decision([], decided, date(2030, 1, 1)) == 7  # no ceremony recorded yet
    again = [*decided, (date(2024, 2, 1), 30, 9)]
    starts = [date(2019, 5, 20), date(2020, 5, 20), date(2021, 3, 1)]
    assert pending_decision(starts, again, date(2023, 1, 1)) is None
    assert pending_decision(starts, again, date(2024, 2, 1)) == 9
    assert pending_decision([date(2024, 2, 1)], [(date(2024, 2, 1), 30, 9)], date(2024, 2, 1)) is None
    same_day = [(date(2024, 2, 1), 31, 4), (date(2024, 2, 1), 30, 9)]
    assert pending_decision([], same_day, date(2024, 2, 1)) == 4


def test_a_former_member_is_changed_by_the_organization_that_held_them_last(tree, officers):
    """Hand-worked: Mất, of cell A, transferred to cell B (2019) and died there on 10/03/2021:
    nobody holds Mất from that day, and cell B, which held Mất last, may still correct the death
    (or record what comes after an exit, such as a restoration); cell A, where Mất was admitted,
    only sees the record, and the school neither sees nor changes it. Xóa, of cell A, removed on
    01/06/2020: cell A keeps the record."""
    mat = testing.person("Lò Văn Mất")
    testing.admit(mat, tree.cell_a, date(2015, 3, 2))
    testing.record(mat, K.TRANSFER_OUT, date(2019, 2, 20), other_organization=tree.cell_b)
    testing.record(mat, K.TRANSFER_IN, date(2019, 3, 1), organization=tree.cell_b)
    testing.record(mat, K.DIED, date(2021, 3, 10))
    day = date(2022, 1, 1)
    assert reach(officers["b"], mat, day) == (True, True)
    assert reach(officers["a"], mat, day) == (True, False)
    assert reach(officers["school"], mat, day) == (False, False)
    xoa = testing.person("Lò Văn Xóa")
    testing.admit(xoa, tree.cell_a, date(2015, 3, 2))
    testing.record(xoa, K.REMOVED, date(2020, 6, 1))
    assert reach(officers["a"], xoa, day) == (True, True)
    assert reach(officers["b"], xoa, day) == (False, False)


def test_the_last_holder_is_named_only_when_nobody_holds_the_person():
    """Hand-worked, no database: periods in organization 1 from 2015 to 20/02/2019 (exclusive),
    in 2 from then to 10/03/2021 (exclusive). Held on 01/01/2020: no last holder; on 10/03/2021
    and later: organization 2 on its last day, 09/03/2021; before any period: none."""
    periods = [(1, date(2015, 3, 12), date(2019, 2, 20)), (2, date(2019, 2, 20), date(2021, 3, 10))]
    assert last_holder(periods, date(2020, 1, 1)) is None
    assert last_holder(periods, date(2021, 3, 10)) == (2, date(2021, 3, 9))
    assert last_holder(periods, date(2030, 1, 1)) == (2, date(2021, 3, 9))
    assert last_holder(periods, date(2010, 1, 1)) is None
    assert last_holder([*periods, (3, date(2022, 1, 1), None)], date(2023, 1, 1)) is None
