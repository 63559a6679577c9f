"""Commands of accounts: roles given and taken back.

A role has no date: it holds from the moment it is given until it is taken back, so who may give
or take it is decided on today's tree (:func:`administered`). Each command is one durable
transaction; the trail is the assignment itself (``granted_at``/``granted_by``,
``revoked_at``/``revoked_by``: a role taken back stays, as the record of who could do what when),
which the audit page lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import OutOfScope, Scope

__all__ = ["NewUser", "administered", "give_role", "take_role"]


@dataclass(frozen=True)
class NewUser:
    """Who to create when the user named does not exist yet."""

    full_name: str = ""
    password: str = ""


def administered(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """``user``'s scope today, when they administer any organization; else :class:`OutOfScope`."""
    scope = Scope(user, timezone.localdate())
    if not scope.org_ids(Role.ADMINISTER):
        raise OutOfScope("not an administrator")
    return scope


def give_role(
    by: AbstractBaseUser, username: str, organization_code: str, role: int, *, new: NewUser | None = None
) -> Assignment:
    """``username`` holds ``role`` over the organization of ``organization_code`` from now on, given
    by ``by``, who must administer that organization today (else :class:`OutOfScope`, as if it did
    not exist). A user not known yet is created with ``new``'s name and password, which must pass
    the password validators (else ``ValidationError``, and nothing is written)."""
    org = administered(by).organization(organization_code, Role.ADMINISTER)
    User = get_user_model()
    with transaction.atomic(durable=True):
        user = User.objects.filter(username=username).first()
        if user is None:
            new = new or NewUser()
            validate_password(new.password)
            user = User.objects.create_user(username, password=new.password, first_name=new.full_name)
        return Assignment.objects.create(
            user=user,
            organization=org,
            role=Role(role),
            granted_at=timezone.now(),
            granted_by=by.get_username(),
        )


def take_role(by: AbstractBaseUser, assignment_id: int) -> Assignment:
    """Take back a role still held, over an organization ``by`` administers today (else
    :class:`OutOfScope`). The assignment stays, marked with who took it back and when."""
    scope = administered(by)
    with transaction.atomic(durable=True):
        assignment = (
            Assignment.objects.select_for_update()
            .filter(
                pk=assignment_id, organization_id__in=scope.org_ids(Role.ADMINISTER), revoked_at__isnull=True
            )
            .select_related("user")
            .first()
        )
        if assignment is None:
            raise OutOfScope(str(assignment_id))
        assignment.revoked_at = timezone.now()
        assignment.revoked_by = by.get_username()
        assignment.save(update_fields=["revoked_at", "revoked_by"])
        return assignment
