"""Roles given and taken back (accounts.services): by an administrator of the organization today,
in one durable transaction, the assignment itself the trail.

Cast (partyorg.testing): T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partyorg import testing
from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import OutOfScope
from partyorg.accounts.services import NewUser, give_role, take_role

pytestmark = pytest.mark.django_db

STRONG = "Na-Ten-2025!x"


@pytest.fixture
def tree():
    return testing.build_tree()


def test_an_administrator_gives_a_role_creating_the_user_and_takes_it_back(tree):
    admin = testing.user_with("quantri", (tree.commune, Role.ADMINISTER))
    given = give_role(admin, "bithu.a", tree.cell_a.code, Role.EDIT, new=NewUser("Bí thư bản Na Ten", STRONG))
    assert (given.user.username, given.user.first_name) == ("bithu.a", "Bí thư bản Na Ten")
    assert given.user.check_password(STRONG)
    assert (given.organization_id, given.role, given.granted_by, given.revoked_at) == (
        tree.cell_a.pk,
        Role.EDIT,
        "quantri",
        None,
    )
    again = give_role(admin, "bithu.a", tree.cell_b.code, Role.VIEW)  # a known user: no password asked
    assert again.user == given.user and User.objects.filter(username="bithu.a").count() == 1
    taken = take_role(admin, given.pk)
    given.refresh_from_db()
    assert taken.revoked_by == given.revoked_by == "quantri" and given.revoked_at is not None
    assert Assignment.objects.filter(user__username="bithu.a").count() == 2  # the taken one stays
    with pytest.raises(OutOfScope):  # taken back already
        take_role(admin, given.pk)


def test_nobody_gives_or_takes_a_role_outside_what_they_administer_and_nothing_is_written(tree):
    admin = testing.user_with("quantri", (tree.commune, Role.ADMINISTER))
    approver = testing.user_with("duyet", (tree.province, Role.APPROVE))
    neighbour = testing.user_with("truong", (tree.school, Role.ADMINISTER))
    before = Assignment.objects.count()
    for by, code in ((admin, tree.school.code), (admin, tree.district.code), (approver, tree.cell_a.code)):
        with pytest.raises(OutOfScope):
            give_role(by, "moi", code, Role.VIEW, new=NewUser("Mới", STRONG))
    mine = Assignment.objects.get(user=admin)
    with pytest.raises(OutOfScope):
        take_role(neighbour, mine.pk)
    with pytest.raises(OutOfScope):
        take_role(approver, mine.pk)
    assert Assignment.objects.count() == before and not User.objects.filter(username="moi").exists()
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_a_weak_password_refuses_the_new_user_and_the_role(tree):
    admin = testing.user_with("quantri", (tree.commune, Role.ADMINISTER))
    with pytest.raises(ValidationError):
        give_role(admin, "moi", tree.cell_a.code, Role.VIEW, new=NewUser("Mới", "123"))
    assert not User.objects.filter(username="moi").exists()
    assert not Assignment.objects.filter(organization=tree.cell_a).exists()


def test_a_role_is_given_in_a_transaction_of_its_own(tree):
    """Durable: a caller's transaction cannot swallow it (Django's TestCase lets a test's own
    wrapping atomic through, not one opened by a caller)."""
    admin = testing.user_with("quantri", (tree.commune, Role.ADMINISTER))
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        give_role(admin, "moi", tree.cell_a.code, Role.VIEW, new=NewUser("Mới", STRONG))
