"""Who reaches cadre records: the one access getter of the cadres app, on
:class:`~partyorg.accounts.scope.Scope`'s tree walk but with grants of its own.

Cadre records are more sensitive than member records (issue 17), so they need the cadre role, a
:class:`~partyorg.cadres.models.CadreGrant` (user, organization, role): an officer of the member
records (an ``Assignment`` alone) reaches no cadre record. With it, on a day D, a user reaches

- a unit standing under an organization of their subtree on D (``Unit.organization``);
- a cadre employed on D by such a unit, or managed by such an organization (``managed_by``: the
  body whose cadre pool they belong to, RULES.md §11.1), or holding a post in such a unit; to
  change their records (EDIT and above) that very day, to see them (VIEW) also after they left:
  a unit keeps seeing the cadres it employed, as a cell keeps seeing the members it held;
- a record about a unit (its staffing, a post held in it, a rating it gave, its planning) through
  the unit, or through the cadre it is about.

Anything out of scope is answered as if it did not exist (:class:`OutOfScope`, a 404).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property
from typing import TypeVar, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Model, Q

from partyorg.accounts.models import Role
from partyorg.accounts.scope import OutOfScope, Scope
from partyorg.cadres.models import CadreGrant, Employment, PostHolding, SpellKind, Unit
from partyorg.cadres.queries import open_on, units_on
from partyorg.members.models import Person

__all__ = ["CadreScope", "OutOfScope"]

R = TypeVar("R", bound=Model)


class CadreScope(Scope):
    """What one user reaches of the cadre records on one day (see the module docstring)."""

    @cached_property
    def grants(self) -> dict[int, int]:
        """Organization id -> the highest cadre role held over it (superusers: every root)."""
        if not self.user.is_authenticated:
            return {}
        if getattr(self.user, "is_superuser", False):
            # every root, as the member records' scope gives them
            return cast(dict[int, int], Scope.__dict__["grants"].func(self))
        held: dict[int, int] = {}
        for org_id, role in CadreGrant.objects.filter(
            user_id=self.user.pk, revoked_at__isnull=True
        ).values_list("organization_id", "role"):
            held[org_id] = max(role, held.get(org_id, 0))
        return held

    def on_day(self, day: date) -> CadreScope:
        if day == self.on:
            return self
        days: dict[date, CadreScope] = self.__dict__.setdefault("_other_cadre_days", {})
        if day not in days:
            days[day] = CadreScope(self.user, day)
        return days[day]

    # -- units -----------------------------------------------------------------------------------
    def reaches_unit(self, unit: Unit, role: Role = Role.VIEW) -> bool:
        return unit.pk in units_on(self.on) and self.can(unit.organization_id, role)

    def unit(self, code: str, role: Role = Role.VIEW) -> Unit:
        """The unit of ``code`` standing on the day under an organization the user holds ``role``
        over; else :class:`OutOfScope`."""
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not self.reaches_unit(unit, role):
            raise OutOfScope(code)
        return unit

    # -- cadres ----------------------------------------------------------------------------------
    def reaches_cadre(self, person_id: int, role: Role = Role.VIEW) -> bool:
        """Through an employment or a post open on the day (its unit's organization, or the body
        managing the cadre); to see, also through one that ended before, on its last day."""
        for org_id, managed_by in (
            open_on(Employment, self.on)
            .filter(person_id=person_id)
            .values_list("unit__organization_id", "managed_by_id")
        ):
            if self.can(org_id, role) or (managed_by is not None and self.can(managed_by, role)):
                return True
        if any(
            self.can(org_id, role)
            for org_id in open_on(PostHolding, self.on)
            .filter(person_id=person_id)
            .values_list("unit__organization_id", flat=True)
        ):
            return True
        if role > Role.VIEW:
            return False
        for end_day, org_id, managed_by in (
            Employment.objects.in_force()
            .filter(person_id=person_id, kind=SpellKind.ENDED, effective_on__lte=self.on)
            .values_list("effective_on", "unit__organization_id", "managed_by_id")
        ):
            last_day = end_day - timedelta(days=1)
            if self._reached_on(org_id, last_day, role) or (
                managed_by is not None and self._reached_on(managed_by, last_day, role)
            ):
                return True
        return False

    def cadre(self, code: str, role: Role = Role.VIEW) -> Person:
        """The person of ``code`` when the user reaches them as a cadre; else :class:`OutOfScope`."""
        person = Person.objects.filter(code=code).first()
        if person is None or not self.reaches_cadre(person.pk, role):
            raise OutOfScope(code)
        return person

    def cadres(self, role: Role = Role.VIEW) -> Q:
        """A filter on Person: the cadres employed on the day by a unit of the user's organizations
        or managed by one of them (a list's rows; one query over the user's organizations)."""
        org_ids = self.org_ids(role)
        held = open_on(Employment, self.on).filter(
            Q(unit__organization_id__in=org_ids) | Q(managed_by_id__in=org_ids)
        )
        return Q(pk__in=held.values("person_id"))

    # -- records -----------------------------------------------------------------------------------
    def cadre_record(
        self, model: type[R], uid: UUID | str, role: Role = Role.VIEW, *, amend: bool = False
    ) -> R:
        """The record of ``uid`` when the user holds ``role`` over its unit's organization or
        reaches the cadre it is about, on the scope's day and, with ``amend``, on the record's
        own day too (correcting or withdrawing asks both); else :class:`OutOfScope`."""
        try:
            found = model._default_manager.filter(uid=uid).first()
        except (ValidationError, ValueError):
            found = None
        if found is None:
            raise OutOfScope(str(uid))
        scopes: list[CadreScope] = [self]
        if amend:
            day = getattr(found, str(getattr(model, "scope_day", "")), None)
            if isinstance(day, date):
                scopes.append(self.on_day(day))
        for scope in scopes:
            if not scope._reaches_record(found, role):
                raise OutOfScope(str(uid))
        return found

    def _reaches_record(self, record: Model, role: Role) -> bool:
        unit = getattr(record, "unit", None)
        if isinstance(unit, Unit) and self.can(unit.organization_id, role):
            return True
        if isinstance(record, Unit):
            return self.can(record.organization_id, role)
        person_id = getattr(record, "person_id", None)
        return person_id is not None and self.reaches_cadre(person_id, role)
