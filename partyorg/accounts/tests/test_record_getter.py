"""The one access getter of scoped records, ``Scope.record``: a record by uid when the user reaches
whoever it belongs to, as its model declares (``scope_path``, ``scope_day``); "EDIT on the page's
day and on the record's day" for a correction (``amend=True``).

Cast (partyorg.testing): T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school;
cell B (T.H.X.2) moves from the commune to the school on 01/07/2021."""

from datetime import date
from uuid import uuid4

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import OnTheDayAndToday, OutOfScope, Scope, owner_of
from partyorg.meetings.models import Meeting, MeetingKind
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.organizations import services as org_services
from partyorg.organizations.models import OrgChange
from partyorg.ratings.models import MemberRating, ReviewCycle

pytestmark = pytest.mark.django_db

MOVED = date(2021, 7, 1)
BEFORE, AFTER = date(2021, 3, 1), date(2022, 1, 10)

user_with = testing.user_with


@pytest.fixture
def tree():
    tree = testing.build_tree()
    org_services.move(
        tree.cell_b, tree.school, effective_on=MOVED, legal_basis=testing.BASIS, recorded_by="admin"
    )
    return tree


def meeting(cell, held_on):
    return Meeting.objects.create(
        organization=cell,
        kind=MeetingKind.REGULAR,
        held_on=held_on,
        duration_minutes=120,
        recorded_at=timezone.now(),
        recorded_by="t",
    )


def test_a_record_is_found_only_by_who_holds_the_role_over_its_organization(tree):
    held = meeting(tree.cell_a, BEFORE)
    cell_a = Scope(user_with("chiboa", (tree.cell_a, Role.EDIT)), BEFORE)
    cell_b = Scope(user_with("chibob", (tree.cell_b, Role.EDIT)), BEFORE)
    viewer = Scope(user_with("xem", (tree.commune, Role.VIEW)), BEFORE)
    assert cell_a.record(Meeting, held.uid, Role.EDIT) == held
    assert viewer.record(Meeting, held.uid) == held
    for scope, role in ((cell_b, Role.VIEW), (viewer, Role.EDIT)):
        with pytest.raises(OutOfScope):
            scope.record(Meeting, held.uid, role)
    for missing in (uuid4(), "not-a-uid"):  # what does not exist looks the same as what is out of reach
        with pytest.raises(OutOfScope):
            cell_a.record(Meeting, missing)


def test_a_queryset_narrows_what_is_found(tree):
    held = meeting(tree.cell_a, BEFORE)  # a regular meeting
    scope = Scope(user_with("chibo", (tree.cell_a, Role.EDIT)), BEFORE)
    assert scope.record(Meeting.objects.filter(kind=MeetingKind.REGULAR), held.uid, Role.EDIT) == held
    with pytest.raises(OutOfScope):
        scope.record(Meeting.objects.filter(kind=MeetingKind.THEMATIC), held.uid, Role.EDIT)


def test_amending_needs_the_role_on_the_page_s_day_and_on_the_record_s_day(tree):
    """Hand-worked: cell B's meeting of 01/03/2021 was held under the commune; by 10/01/2022 cell B
    is the school's. The commune changed it that day but no longer changes it; the school changes
    cell B now but did not then: neither may correct it on a page of 2022. On a page of May 2021
    (before the move) the commune may."""
    held = meeting(tree.cell_b, BEFORE)
    commune = user_with("xa", (tree.commune, Role.EDIT))
    school = user_with("truong", (tree.school, Role.EDIT))
    assert Scope(commune, date(2021, 5, 1)).record(Meeting, held.uid, Role.EDIT, amend=True) == held
    assert Scope(school, AFTER).record(Meeting, held.uid, Role.EDIT) == held  # without amend: the page's day
    for user in (commune, school):
        with pytest.raises(OutOfScope):
            Scope(user, AFTER).record(Meeting, held.uid, Role.EDIT, amend=True)
    # ``on`` names the days explicitly: the same as amend for this record.
    with pytest.raises(OutOfScope):
        Scope(school, AFTER).record(Meeting, held.uid, Role.EDIT, on=BEFORE)
    assert Scope(commune, date(2021, 5, 1)).record(Meeting, held.uid, Role.EDIT, on=[BEFORE]) == held


def test_the_day_before_today_scope_asks_today_too(tree):
    """OnTheDayAndToday keeps its meaning in the getter: the role on its day and today."""
    held = meeting(tree.cell_b, BEFORE)
    commune = user_with("xa", (tree.commune, Role.EDIT))
    with pytest.raises(OutOfScope):  # today cell B is the school's
        OnTheDayAndToday(commune, BEFORE).record(Meeting, held.uid, Role.EDIT)
    assert Scope(commune, BEFORE).record(Meeting, held.uid, Role.EDIT) == held


def test_a_person_s_record_is_reached_as_the_person_is(tree):
    """A membership event belongs to its person (``scope_path = "person"``): seen where they were,
    changed by who holds them that day (Scope.reaches_person)."""
    who = testing.person("Lò Văn Ẻ")
    testing.admit(who, tree.cell_b, date(2015, 3, 2))
    testing.record(who, EventKind.TRANSFER_OUT, date(2019, 2, 20), other_organization=tree.school)
    arrival = testing.record(who, EventKind.TRANSFER_IN, date(2019, 3, 1), organization=tree.school)
    commune = Scope(user_with("xa", (tree.commune, Role.EDIT)), date(2020, 1, 1))
    school = Scope(user_with("truong", (tree.school, Role.EDIT)), date(2020, 1, 1))
    assert commune.record(MembershipEvent, arrival.uid) == arrival  # seen where they were
    with pytest.raises(OutOfScope):
        commune.record(MembershipEvent, arrival.uid, Role.EDIT)  # not changed there
    assert school.record(MembershipEvent, arrival.uid, Role.EDIT, amend=True) == arrival


def test_a_path_through_a_parent_is_followed_and_fetched_with_the_record(tree):
    rating = MemberRating(cycle=ReviewCycle(organization=tree.cell_a, reviewed_on=date(2021, 12, 20)))
    assert owner_of(rating) == ("organization", tree.cell_a.pk, date(2021, 12, 20))
    held = meeting(tree.cell_a, BEFORE)
    scope = Scope(user_with("chibo", (tree.cell_a, Role.EDIT)), BEFORE)
    scope.can(tree.cell_a.pk, Role.EDIT)  # the scope's own queries, once
    with CaptureQueriesContext(connection) as queries:
        scope.record(Meeting, held.uid, Role.EDIT, amend=True)
    assert len(queries) == 1  # the record; the scope already knows the role over its cell


def test_a_model_that_does_not_say_whose_it_is_is_refused_loudly(tree):
    change = OrgChange.objects.first()
    scope = Scope(user_with("tinh", (tree.province, Role.ADMINISTER)), BEFORE)
    with pytest.raises(ImproperlyConfigured):
        scope.record(OrgChange, change.uid)


def test_a_split_is_the_parent_s_business(tree):
    """The new cells start under the commune: approving cell A is not enough to split it."""
    cell = Scope(user_with("chibo", (tree.cell_a, Role.APPROVE)), BEFORE)
    commune = Scope(user_with("xa", (tree.commune, Role.APPROVE)), BEFORE)
    editor = Scope(user_with("capnhat", (tree.commune, Role.EDIT)), BEFORE)
    assert commune.can_split(tree.cell_a)
    assert not cell.can_split(tree.cell_a) and not editor.can_split(tree.cell_a)
    assert not Scope(commune.user, BEFORE).can_split(tree.province)  # no parent to found them under
