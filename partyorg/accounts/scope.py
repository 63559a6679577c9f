"""The one access-control mechanism of partyorg: a :class:`Scope` is what one user may reach on one
day, and every page, download, search, figure and API call gets its organizations and people
through it, never by a lookup of its own.

A user holds roles over organizations (:class:`~partyorg.accounts.models.Assignment`). On a day D
they reach each such organization's subtree *as the tree stood on D*: after the 01/07/2025
restructuring an officer of a new commune reaches the cells the commune has, and looking at 2017 an
officer of a district reaches the district's cells of 2017. A person is reached when one of their
membership periods up to D was spent in an organization the user reached on that period's last day
(so a member who moved away or died stays visible where they were, and the new cell sees them
from their arrival on). To change a person's record (EDIT and above) they must be held that very
day by an organization the user may change. Someone admitted (or re-admitted) by decision but not
yet at their ceremony belongs to the organization that decided, while the ceremony is to come and
no longer (:func:`pending_decision`): once they are a member, whoever holds them does; once
they are a member no more (died, removed, transferred out of the records), whoever held them last
(:func:`last_holder`).

Anything out of scope is answered as if it did not exist (HTTP 404), so that guessing codes or ids
tells nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import cached_property
from typing import Any, TypeVar
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partyorg.accounts.models import Assignment, Role
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, Person
from partyorg.organizations.models import Organization, OrgChange, OrgVersion, valid_on
from partyorg.organizations.queries import line_on, subtree_ids, version_on

__all__ = [
    "DECISIONS",
    "OnTheDayAndToday",
    "OutOfScope",
    "PeopleReach",
    "Scope",
    "last_holder",
    "owner_of",
    "pending_decision",
]

RecordT = TypeVar("RecordT", bound=models.Model)


class OutOfScope(Http404):
    """Not found, as far as this user can tell."""


DECISIONS = (EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED)


def pending_decision(
    period_starts: Iterable[date], decisions: Iterable[tuple[date, int, int]], day: date
) -> int | None:
    """The organization awaiting a person's admission ceremony on ``day``, or None.

    ``decisions`` are the person's uncorrected admission and re-admission decisions as (effective
    day, id, organization id); ``period_starts`` the first days of their membership periods. The
    latest decision by ``day`` (the last recorded of that day) is pending when no membership period
    began between it and ``day``, both included: a ceremony, held the same day or later, opens one.
    The one judgement of :meth:`Scope.reaches_person` and of the import's scope check
    (:mod:`partyorg.exchange.scope_check`), so that they never disagree."""
    latest = max((d for d in decisions if d[0] <= day), default=None)
    if latest is None:
        return None
    decided_on, _, org_id = latest
    if any(decided_on <= start <= day for start in period_starts):
        return None
    return org_id


def last_holder(periods: Iterable[tuple[int, date, date | None]], day: date) -> tuple[int, date] | None:
    """The organization that held a former member last, and its last day, when nobody holds them on
    ``day`` (a member who died, was removed or transferred out of partyorg's records), else None.

    ``periods`` are their membership periods as (organization id, first day, end: exclusive or
    None). Whoever may change that organization as it stood on that last day keeps the person's
    record: to correct the exit, or record what comes after it (a restoration). Access, not a rule
    of the Statute: a member held by someone else on the day is never their former cell's."""
    begun = [period for period in periods if period[1] <= day]
    if not begun or any(until is None or until > day for _, _, until in begun):
        return None
    org_id, _, until = max(begun, key=lambda period: period[1])
    assert until is not None
    return org_id, until - timedelta(days=1)


class Scope:
    def __init__(self, user: AbstractBaseUser | AnonymousUser, on: date) -> None:
        self.user = user
        self.on = on
        self._role_of: dict[int, int] = {}  # organization id → role, read off its ancestors

    # -- what the user holds -----------------------------------------------------------------
    @cached_property
    def grants(self) -> dict[int, int]:
        """Organization id → the highest role held over it directly (superusers: every root)."""
        if not self.user.is_authenticated:
            return {}
        if getattr(self.user, "is_superuser", False):
            roots = OrgVersion.objects.filter(valid_on(self.on), parent__isnull=True)
            return dict.fromkeys(roots.values_list("organization_id", flat=True), Role.ADMINISTER.value)
        held: dict[int, int] = {}
        for org_id, role in Assignment.objects.filter(
            user_id=self.user.pk, revoked_at__isnull=True
        ).values_list("organization_id", "role"):
            held[org_id] = max(role, held.get(org_id, 0))
        return held

    @cached_property
    def _roles(self) -> dict[int, int]:
        """Organization id → the role the user has over it on the day (through any ancestor): every
        organization the user reaches, for the pages that list or filter by them. A province
        officer's is the whole province (3.000 organizations, one recursive query each grant)."""
        roles: dict[int, int] = {}
        existing = set(
            OrgVersion.objects.filter(valid_on(self.on), organization_id__in=self.grants).values_list(
                "organization_id", flat=True
            )
        )
        for org_id, role in sorted(self.grants.items(), key=lambda item: -item[1]):
            if org_id not in existing:
                continue
            for member_id in subtree_ids(Organization(pk=org_id), self.on):
                if roles.get(member_id, 0) < role:
                    roles[member_id] = role
        return roles

    def role_over(self, org_id: int) -> int:
        """The role over one organization: read off ``_roles`` once something has listed them,
        else from the organization's line of ancestors on the day (a query a level), which is all
        a page about one organization needs."""
        if "_roles" in self.__dict__:
            return self._roles.get(org_id, 0)
        if org_id not in self._role_of:
            line = line_on(org_id, self.on) if self.grants else None
            self._role_of[org_id] = max((self.grants.get(a, 0) for a in line or ()), default=0)
        return self._role_of[org_id]

    def can(self, org_id: int, role: Role = Role.VIEW) -> bool:
        return self.role_over(org_id) >= role

    def org_ids(self, role: Role = Role.VIEW) -> frozenset[int]:
        return frozenset(org_id for org_id, held in self._roles.items() if held >= role)

    def can_split(self, org: Organization) -> bool:
        """May the user split ``org`` on the day? The new organizations start under its parent, so
        creating them is the parent's business: APPROVE over the parent, not only over ``org``
        (a cell's officer does not found cells beside it). The question the pages and the
        commands ask before :func:`partyorg.members.services.split_organization`."""
        version = version_on(org, self.on)
        return (
            version is not None
            and version.parent_id is not None
            and self.can(org.pk, Role.APPROVE)
            and self.can(version.parent_id, Role.APPROVE)
        )

    def can_amend(self, change: OrgChange) -> bool:
        """May the user correct or void an organization change? As making it would ask: APPROVE
        over every organization it gives a state to, on its day and today
        (:class:`OnTheDayAndToday`); over every one it ends, on its last day, and over where that
        one's members went (its successor), on the change's day and today. ``self.on`` plays no
        part: a change is amended as of its own day."""
        on_the_day = OnTheDayAndToday(self.user, change.effective_on)
        last_day = Scope(self.user, change.effective_on - timedelta(days=1))
        for org_id, ends, successor_id in change.items.values_list("organization_id", "ends", "successor_id"):
            if not (last_day if ends else on_the_day).can(org_id, Role.APPROVE):
                return False
            if successor_id is not None and not on_the_day.can(successor_id, Role.APPROVE):
                return False
        return True

    @property
    def is_administrator(self) -> bool:
        """Does the user administer any organization (and so see the users page)?"""
        return any(role >= Role.ADMINISTER for role in self.grants.values())

    def roots(self) -> list[Organization]:
        """The user's top organizations on the day: those they were given that stand that day and
        are not under another of them (found from each one's ancestors, not the subtrees)."""
        standing = set(
            OrgVersion.objects.filter(valid_on(self.on), organization_id__in=self.grants).values_list(
                "organization_id", flat=True
            )
        )
        inner = set()
        if len(standing) > 1:
            for org_id in standing:
                if standing.intersection((line_on(org_id, self.on) or [])[1:]):
                    inner.add(org_id)
        return list(Organization.objects.filter(pk__in=standing - inner).order_by("code"))

    # -- lookups: out of scope is "not found" --------------------------------------------------
    def on_day(self, day: date) -> Scope:
        """The same user's scope on ``day`` (this one when it is the scope's own day)."""
        if day == self.on:
            return self
        days: dict[date, Scope] = self.__dict__.setdefault("_other_days", {})
        if day not in days:
            days[day] = Scope(self.user, day)
        return days[day]

    def _on_each_day(self, on: date | Iterable[date] | None) -> list[Scope]:
        """This scope, and the user's scope on each day of ``on``: each must grant the role."""
        days = [] if on is None else [on] if isinstance(on, date) else list(on)
        return [self, *(self.on_day(day) for day in days if day != self.on)]

    def require(
        self, org_id: int, role: Role = Role.VIEW, *, on: date | Iterable[date] | None = None
    ) -> None:
        """Nothing, when the user holds ``role`` over the organization of ``org_id`` on the scope's
        day (and on each day of ``on``); else :class:`OutOfScope`: the question of a page that
        already has the organization's id (from a record, or its own organization)."""
        if not all(scope.can(org_id, role) for scope in self._on_each_day(on)):
            raise OutOfScope(str(org_id))

    def organization(
        self, code: str, role: Role = Role.VIEW, *, on: date | Iterable[date] | None = None
    ) -> Organization:
        """The organization of ``code``, when the user holds ``role`` over it on the scope's day
        (and on each day of ``on``, when given); else :class:`OutOfScope`."""
        org = Organization.objects.filter(code=code).first()
        if org is None or not all(scope.can(org.pk, role) for scope in self._on_each_day(on)):
            raise OutOfScope(code)
        return org

    def person(self, code: str, role: Role = Role.VIEW, *, on: date | Iterable[date] | None = None) -> Person:
        """The person of ``code``, when the user reaches them with ``role`` on the scope's day (and
        on each day of ``on``, when given: changing a record dated another day needs both, as
        :meth:`reaches_person` judges each); else :class:`OutOfScope`."""
        person = Person.objects.filter(code=code).first()
        if person is None or not all(
            scope.reaches_person(person.pk, role) for scope in self._on_each_day(on)
        ):
            raise OutOfScope(code)
        return person

    def record(
        self,
        source: type[RecordT] | QuerySet[RecordT],
        uid: UUID | str,
        role: Role = Role.VIEW,
        *,
        on: date | Iterable[date] | None = None,
        amend: bool = False,
    ) -> RecordT:
        """The one access getter of a scoped record: the record of ``uid`` (from a model, or a
        queryset to narrow it or to ``select_related`` more), when the user holds ``role`` over the
        organization or person it belongs to on the scope's day; also on each day of ``on``, when
        given; and, with ``amend=True``, on the record's own day as well — "EDIT on the page's day
        and on the record's day", which correcting or withdrawing a record asks
        (``scope.record(Meeting, uid, Role.EDIT, amend=True)``). Anything else, a uid that does not
        exist or is malformed included, raises :class:`OutOfScope` (a 404).

        Each model says whose its records are, so that nothing here lists the apps' models:

        - ``scope_path``, a class attribute: the lookup path from the record to the organization
          or the person it belongs to, ending in a foreign key to ``Organization`` or ``Person``
          (``"organization"``, ``"person"``, ``"cycle__organization"``). Belonging to a person, it
          is reached as :meth:`reaches_person` judges: seen where they were, changed by who holds
          them that day.
        - ``scope_day``, a class attribute, for ``amend``: the path to the record's own day
          (``"held_on"``, ``"cycle__reviewed_on"``).
        - or, when the owner is computed rather than a field, a method ``scope_owner(self)``
          returning (organization id or None, the record's day or None): a dues relief is the
          record of the cell that held the member in its first month.

        The intermediate objects of both paths are fetched with the record (``select_related``),
        so the getter costs one query besides the scope's own."""
        queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
        model = queryset.model
        if not callable(getattr(model, "scope_owner", None)):
            related = {
                "__".join(path.split("__")[:-1])
                for path in (_declared(model, "scope_path"), getattr(model, "scope_day", None) or "")
            } - {""}
            if related:
                queryset = queryset.select_related(*related)
        try:
            found = queryset.filter(uid=uid).first()
        except (ValidationError, ValueError):  # not a uid at all
            found = None
        if found is None:
            raise OutOfScope(str(uid))
        kind, owner_id, day = owner_of(found)
        if amend and day is None:
            raise ImproperlyConfigured(f"{model.__name__} declares no scope_day: it cannot be amended")
        days = [] if on is None else [on] if isinstance(on, date) else list(on)
        if amend:
            days.append(day)  # type: ignore[arg-type]
        for scope in self._on_each_day(days):
            reached = owner_id is not None and (
                scope.can(owner_id, role) if kind == "organization" else scope.reaches_person(owner_id, role)
            )
            if not reached:
                raise OutOfScope(str(uid))
        return found

    def reaches_person(self, person_id: int, role: Role = Role.VIEW) -> bool:
        """To see a person: was one of their membership periods up to the day spent in an
        organization the user reaches, as the tree stood on that period's last day? To change
        their record (EDIT and above): are they held that very day by an organization the user
        may change? Admitted by decision and awaiting their ceremony that day, they are the deciding
        organization's (:func:`pending_decision`), for both. A cell a member has left still sees
        them; only the one holding them records what comes next, and once nobody holds them (a
        former member), the one that held them last (:func:`last_holder`)."""
        periods = list(
            MembershipInterval.objects.filter(person_id=person_id, valid_from__lte=self.on).values_list(
                "organization_id", "valid_from", "valid_until"
            )
        )
        for org_id, _start, until in periods:
            if until is None or until > self.on:  # held on the day
                if self.can(org_id, role):
                    return True
            elif role <= Role.VIEW and self._reached_on(org_id, until - timedelta(days=1), role):
                return True
        decisions = MembershipEvent.objects.filter(
            person_id=person_id,
            kind__in=DECISIONS,
            effective_on__lte=self.on,
            corrections__isnull=True,
            organization__isnull=False,
        ).values_list("effective_on", "pk", "organization_id")
        pending = pending_decision([start for _, start, _ in periods], decisions, self.on)
        if pending is not None:  # awaiting the ceremony: the deciding organization's alone
            return self.can(pending, role)
        former = last_holder(periods, self.on)
        return former is not None and self._reached_on(former[0], former[1], role)

    def _reached_on(self, org_id: int, day: date, role: Role) -> bool:
        """Is ``org_id`` under an organization the user holds ``role`` over, on ``day``?"""
        held = {org for org, r in self.grants.items() if r >= role}
        seen: set[int] = set()
        current: int | None = org_id
        while current is not None and current not in seen:
            if current in held:
                return True
            seen.add(current)
            current = (
                OrgVersion.objects.filter(Q(organization_id=current), valid_on(day))
                .values_list("parent_id", flat=True)
                .first()
            )
        return False

    def people_on(
        self, role: Role = Role.VIEW, *, within: Iterable[int] | None = None, status: str = ""
    ) -> Q:
        """A filter on Person: members of an organization the user reaches, on the day; only of
        the organizations of ``within`` when given (a subtree asked for), and only those of
        ``status`` (MemberStatus) that day when given."""
        org_ids = self.org_ids(role)
        if within is not None:
            org_ids = org_ids & frozenset(within)
        held = MembershipInterval.objects.filter(organization_id__in=org_ids, valid_from__lte=self.on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=self.on)
        )
        if status:
            held = held.filter(status=status)
        return Q(pk__in=held.values("person_id"))


class PeopleReach:
    """:meth:`Scope.reaches_person` with EDIT, for many people and any day each: their membership
    periods and admission decisions read in two queries, each held against ``can(organization id,
    day)`` (an upload's scope check caches it per organization and day). The same judgement:
    held that very day, else awaiting a ceremony (:func:`pending_decision`), else a former member
    (:func:`last_holder`)."""

    def __init__(self, can: Callable[[int, date], bool], person_ids: set[int]) -> None:
        self.can = can
        self.intervals: defaultdict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
        self.decided: defaultdict[int, list[tuple[date, int, int]]] = defaultdict(list)
        if not person_ids:
            return
        for person_id, org_id, start, end in MembershipInterval.objects.filter(
            person_id__in=person_ids
        ).values_list("person_id", "organization_id", "valid_from", "valid_until"):
            self.intervals[person_id].append((org_id, start, end))
        for person_id, day, pk, org_id in MembershipEvent.objects.filter(
            person_id__in=person_ids,
            kind__in=DECISIONS,
            corrections__isnull=True,
            organization__isnull=False,
        ).values_list("person_id", "effective_on", "pk", "organization_id"):
            self.decided[person_id].append((day, pk, org_id))

    def reaches(self, person_id: int, day: date) -> bool:
        can, periods = self.can, self.intervals[person_id]
        if any(
            start <= day and (until is None or until > day) and can(org_id, day)
            for org_id, start, until in periods
        ):
            return True
        pending = pending_decision((start for _, start, _ in periods), self.decided[person_id], day)
        if pending is not None:  # awaiting the ceremony: the deciding organization's alone
            return can(pending, day)
        former = last_holder(periods, day)
        return former is not None and can(*former)


class OnTheDayAndToday(Scope):
    """The user's scope on the effective day that also holds today. A change lasts until the
    organization's next change, so one dated in the past reaches today's tree too: approving the
    organizations then is not enough, the user must approve them now as well."""

    def __init__(self, user: AbstractBaseUser | AnonymousUser, on: date) -> None:
        super().__init__(user, on)
        self.today = Scope(user, timezone.localdate())

    def can(self, org_id: int, role: Role = Role.VIEW) -> bool:
        return super().can(org_id, role) and self.today.can(org_id, role)


def _declared(model: type[models.Model], name: str) -> str:
    path = getattr(model, name, None)
    if not isinstance(path, str) or not path:
        raise ImproperlyConfigured(
            f"{model.__name__} declares no {name}: the access getter (Scope.record) cannot tell whose it is"
        )
    return path


def _walk(record: models.Model, path: str) -> Any:
    """Follow ``path`` ("cycle__reviewed_on") from ``record``; None when a link is empty."""
    value: Any = record
    for name in path.split("__"):
        value = getattr(value, name)
        if value is None:
            return None
    return value


def owner_of(record: models.Model) -> tuple[str, int | None, date | None]:
    """Whose ``record`` is, as :meth:`Scope.record` judges it: ("organization" or "person", its id,
    the record's own day), from the model's ``scope_path`` and ``scope_day`` or its
    ``scope_owner()``. The id is None when the link is empty (such a record is nobody's to reach)."""
    hook = getattr(record, "scope_owner", None)
    if callable(hook):
        org_id, day = hook()
        return "organization", org_id, day
    model = type(record)
    path = _declared(model, "scope_path")
    *hops, last = path.split("__")
    target: type[models.Model] = model
    for name in path.split("__"):
        target = target._meta.get_field(name).related_model  # type: ignore[assignment]
    if target is Organization:
        kind = "organization"
    elif target is Person:
        kind = "person"
    else:
        raise ImproperlyConfigured(
            f"{model.__name__}.scope_path {path!r} leads to neither an organization nor a person"
        )
    holder = _walk(record, "__".join(hops)) if hops else record
    owner_id = getattr(holder, f"{last}_id") if holder is not None else None
    day_path = getattr(model, "scope_day", None)
    return kind, owner_id, _walk(record, day_path) if day_path else None
