"""The scope: a user's subtrees as the tree stood on the day, and the people they reach
(cast: partyorg.testing: T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school)."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import OutOfScope, Scope
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
