"""Who reaches cadre records (partyorg.cadres.access): the cadre role of its own, over the units of
an organization's subtree and the cadres it manages; a member-records officer without it and a user
of a neighbouring subtree reach nothing, and every record type is tried by both for EDIT."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.cadres import services
from partyorg.cadres.access import CadreScope, OutOfScope
from partyorg.cadres.models import (
    Employment,
    EmploymentEnd,
    HoldingMode,
    PlanningEntry,
    PostHolding,
    Programme,
    StaffCategory,
    StaffingQuota,
    StateLevel,
    StateRating,
    TrainingEnrolment,
)
from partyorg.cadres.services import Course
from partyorg.cadres.tests.cast import ENTERED, Cast, build, cadre_user, hire, post

pytestmark = pytest.mark.django_db

DAY = date(2020, 6, 30)


def records(cast: Cast) -> dict[type, object]:
    """One record of each type about a cadre of the school (under the district, beside the commune)."""
    who = testing.person("Lường Văn Khánh")
    job = hire(who, cast.school, on=date(2015, 3, 1), category=StaffCategory.PUBLIC_EMPLOYEE)
    holding = services.appoint(
        who,
        post("truong_phong_huyen"),
        cast.school,
        on=date(2018, 1, 1),
        mode=HoldingMode.APPOINTED,
        **ENTERED,
    )
    course = services.start_training(
        who,
        Course(Programme.POLITICAL_THEORY, "intermediate"),
        on=date(2019, 1, 1),
        **ENTERED,
    )
    rating = services.rate_state(
        who,
        cast.school,
        year=2019,
        rated_on=date(2019, 12, 10),
        level=StateLevel.GOOD,
        **ENTERED,
    )
    entry = services.plan(
        who,
        post("chu_tich_ubnd_huyen"),
        cast.school,
        term_first_year=2020,
        term_last_year=2025,
        on=date(2019, 5, 1),
        **ENTERED,
    )
    quota = services.set_staffing(
        cast.school, year=2020, approved=40, decided_on=date(2019, 12, 1), **ENTERED
    )
    return {
        Employment: job,
        PostHolding: holding,
        TrainingEnrolment: course,
        StateRating: rating,
        PlanningEntry: entry,
        StaffingQuota: quota,
    }


def test_the_cadre_role_of_the_district_reaches_every_record_of_its_units() -> None:
    cast = build()
    made = records(cast)
    scope = CadreScope(cadre_user("tccb.huyen", cast.tree.district), DAY)
    assert scope.unit("THCS", Role.EDIT) == cast.school
    assert scope.cadre(made[Employment].person.code, Role.EDIT) == made[Employment].person  # type: ignore[attr-defined]
    for model, record in made.items():
        assert scope.cadre_record(model, record.uid, Role.EDIT, amend=True) == record  # type: ignore[attr-defined]


def test_a_member_records_officer_without_the_cadre_role_reaches_no_cadre_record() -> None:
    """Cadre records are more sensitive than member records: a role of their own (issue 17)."""
    cast = build()
    made = records(cast)
    officer = testing.user_with("dangvien.tinh", (cast.tree.province, Role.APPROVE))
    for role in (Role.VIEW, Role.EDIT):
        scope = CadreScope(officer, DAY)
        with pytest.raises(OutOfScope):
            scope.unit("THCS", role)
        with pytest.raises(OutOfScope):
            scope.cadre(made[Employment].person.code, role)  # type: ignore[attr-defined]
        for model, record in made.items():
            with pytest.raises(OutOfScope):
                scope.cadre_record(model, record.uid, role)  # type: ignore[attr-defined]


def test_a_user_of_a_neighbouring_subtree_reaches_no_cadre_record() -> None:
    cast = build()
    made = records(cast)
    scope = CadreScope(cadre_user("tccb.xa", cast.tree.commune, Role.APPROVE), DAY)
    with pytest.raises(OutOfScope):
        scope.unit("THCS", Role.EDIT)
    for model, record in made.items():
        with pytest.raises(OutOfScope):
            scope.cadre_record(model, record.uid, Role.EDIT, amend=True)  # type: ignore[attr-defined]
    assert not CadreScope(scope.user, DAY).reaches_cadre(made[Employment].person_id, Role.VIEW)  # type: ignore[attr-defined]


def test_the_managing_body_reaches_the_cadres_it_manages_not_their_unit() -> None:
    """Management level (phân cấp quản lý, RULES.md §11.1): the body whose pool a cadre belongs to
    decides about them, so it reaches them wherever they work."""
    cast = build()
    who = testing.person()
    hire(who, cast.school, on=date(2015, 3, 1), managed_by=cast.tree.commune)
    scope = CadreScope(cadre_user("tccb.xa", cast.tree.commune), DAY)
    assert scope.cadre(who.code, Role.EDIT) == who
    with pytest.raises(OutOfScope):
        scope.unit("THCS")


def test_a_unit_keeps_seeing_the_cadres_it_employed_but_no_longer_changes_them() -> None:
    cast = build()
    who = testing.person()
    job = hire(who, cast.district_committee, on=date(2015, 3, 1))
    services.end_employment(job, on=date(2019, 1, 1), reason=EmploymentEnd.TRANSFERRED, **ENTERED)
    hire(who, cast.commission, on=date(2019, 1, 1))
    district = CadreScope(cadre_user("tccb.huyen", cast.tree.district), DAY)
    assert district.cadre(who.code, Role.VIEW) == who
    with pytest.raises(OutOfScope):
        district.cadre(who.code, Role.EDIT)
    # The spell is the unit's own record: the unit may still correct it; the cadre's new records are
    # the new unit's.
    assert district.cadre_record(Employment, job.uid, Role.EDIT, amend=True) == job
    course = services.start_training(who, Course(Programme.IT, "Cơ bản"), on=date(2019, 5, 1), **ENTERED)
    with pytest.raises(OutOfScope):
        district.cadre_record(TrainingEnrolment, course.uid, Role.EDIT)
    assert district.cadre_record(TrainingEnrolment, course.uid, Role.VIEW) == course


def test_a_revoked_grant_reaches_nothing() -> None:
    cast = build()
    made = records(cast)
    user = cadre_user("tccb.huyen", cast.tree.district)
    user.cadre_grants.update(revoked_at=timezone.now())
    with pytest.raises(OutOfScope):
        CadreScope(user, DAY).cadre_record(Employment, made[Employment].uid, Role.VIEW)  # type: ignore[attr-defined]


def test_a_superuser_reaches_every_cadre_record() -> None:
    cast = build()
    made = records(cast)
    admin = User.objects.create_superuser("quantri", password="x")
    scope = CadreScope(admin, DAY)
    for model, record in made.items():
        assert scope.cadre_record(model, record.uid, Role.ADMINISTER) == record  # type: ignore[attr-defined]


def test_an_administrator_gives_the_cadre_role_over_their_organizations_only() -> None:
    """Who may give the cadre role: an administrator of the organization today, as for the member
    records' roles (accounts.services.give_role); another subtree's administrator is refused as if the
    organization did not exist. Taken back, the grant stays and reaches nothing."""
    cast = build()
    made = records(cast)
    admin = testing.user_with("quantri.huyen", (cast.tree.district, Role.ADMINISTER))
    neighbour = testing.user_with("quantri.xa", (cast.tree.commune, Role.ADMINISTER))
    User.objects.create_user("tccb", password="x")
    with pytest.raises(OutOfScope):
        services.give_cadre_role(neighbour, "tccb", "T.H", Role.EDIT)
    grant = services.give_cadre_role(admin, "tccb", "T.H", Role.EDIT)
    assert grant.granted_by == "quantri.huyen"
    user = User.objects.get(username="tccb")
    assert CadreScope(user, DAY).cadre_record(Employment, made[Employment].uid, Role.EDIT)  # type: ignore[attr-defined]
    services.take_cadre_role(grant, revoked_by="quantri.huyen")
    with pytest.raises(OutOfScope):
        CadreScope(user, DAY).cadre_record(Employment, made[Employment].uid, Role.VIEW)  # type: ignore[attr-defined]
