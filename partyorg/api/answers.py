"""What each endpoint answers, as the pages do (``partyorg.web.views``): organizations and people
are looked up through the user's :class:`~partyorg.accounts.scope.Scope` only (out of scope is
:class:`~partyorg.accounts.scope.OutOfScope`, a 404), and every figure comes from
``partyorg.reports.statistics``."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from partyorg.accounts.scope import OutOfScope, Scope
from partyorg.api import schemas
from partyorg.core.known import seen_as_of
from partyorg.core.text import fold_vi
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, Person
from partyorg.members.profile import KindOnDay, profile_on
from partyorg.organizations.models import Locality, Organization, OrgVersion, valid_on
from partyorg.organizations.queries import path, version_on
from partyorg.reports.statistics import (
    ENTRY_REASONS,
    EXIT_REASONS,
    Period,
    hamlets_on,
    members_flow,
    membership_on,
    organizations_on,
)
from partyorg.reports.statistics.scope import subtree_on


def _organization(version: OrgVersion, reached: frozenset[int]) -> schemas.Organization:
    """The parent is named only when the user reaches it: above their top organization there is
    nothing for them (the page's breadcrumbs stop there too)."""
    parent_code = version.parent.code if version.parent is not None and version.parent_id in reached else None
    return schemas.Organization(
        code=version.organization.code,
        name=version.name,
        kind=version.kind,
        parent_code=parent_code,
        sector=version.sector,
        is_combined=version.is_combined,
    )


def _ref(version: OrgVersion) -> schemas.OrgRef:
    return schemas.OrgRef(code=version.organization.code, name=version.name, kind=version.kind)


def organizations(scope: Scope, *, q: str, limit: int, offset: int) -> schemas.OrganizationPage:
    """The organizations the user reaches on the day, by name (diacritics folded), then code; ``q``
    finds a part of the name or the whole code, as the search of the organizations page."""
    reached = scope.org_ids()
    versions = OrgVersion.objects.filter(valid_on(scope.on), organization_id__in=reached).select_related(
        "organization", "parent"
    )
    key = fold_vi(q)
    rows = sorted(
        (v for v in versions if not key or key in fold_vi(v.name) or key == fold_vi(v.organization.code)),
        key=lambda v: (fold_vi(v.name), v.organization.code),
    )
    return schemas.OrganizationPage(
        on=scope.on,
        count=len(rows),
        limit=limit,
        offset=offset,
        items=[_organization(v, reached) for v in rows[offset : offset + limit]],
    )


def organization(scope: Scope, code: str) -> schemas.OrganizationDetail:
    """One organization on the day: where it sits (from the user's top organization down) and what
    is directly under it."""
    org = scope.organization(code)
    version = version_on(org, scope.on)
    if version is None:  # cannot happen: a reached organization exists that day
        raise OutOfScope(code)
    version.organization = org
    reached = scope.org_ids()
    above = path(org, scope.on)
    children = OrgVersion.objects.filter(valid_on(scope.on), parent=org).select_related("organization")
    return schemas.OrganizationDetail(
        **_organization(version, reached).model_dump(),
        on=scope.on,
        valid_from=version.valid_from,
        valid_until=version.valid_until,
        path=[_ref(v) for v in above if v.organization_id in reached],
        children=[_ref(v) for v in sorted(children, key=lambda v: (fold_vi(v.name), v.organization.code))],
    )


def figures(scope: Scope, code: str, period: tuple[date, date] | None) -> schemas.Figures:
    """The headline figures of the organization's subtree on the day and, for a period, form 1.

    A flow covers the subtree as it stood on each day of the period, so the user must reach the
    organization at both ends of the period too, not only on the day: a cell moved under the
    user's organization since then had members the user does not reach (their scope says so)."""
    org = scope.organization(code)
    stock = membership_on(org, scope.on)
    units = organizations_on(org, scope.on)
    hamlets = hamlets_on(org, scope.on)
    flow = None
    if period is not None:
        first, last = period
        for day in (first, last):
            Scope(scope.user, day).organization(code)
        moves = members_flow(org, Period.between(first, last))
        flow = schemas.MembersFlow(
            first_day=first,
            last_day=last,
            opening=moves.opening.value,
            entries=schemas.EntryCounts(**{r: moves.entries[r].value for r in ENTRY_REASONS}),
            exits=schemas.ExitCounts(**{r: moves.exits[r].value for r in EXIT_REASONS}),
            entered=moves.entered,
            left=moves.left,
            closing=moves.closing.value,
            identity_holds=moves.identity_holds,
        )
    return schemas.Figures(
        code=org.code,
        on=scope.on,
        membership=schemas.MembershipCounts(
            total=stock.total.value,
            probationary=stock.probationary.value,
            women=stock.women.value,
            ethnic_minority=stock.ethnic_minority.value,
            religious=stock.religious.value,
            youth_union=stock.youth_union.value,
            exempt=stock.exempt.value,
        ),
        organizations=schemas.OrganizationCounts(
            grassroots=units.grassroots,
            grassroots_committees=units.grassroots_committees.value,
            grassroots_cells=units.grassroots_cells.value,
            sub_committees=units.sub_committees.value,
            cells=units.cells.value,
            combined_cells=units.combined_cells.value,
        ),
        hamlets=None
        if hamlets is None
        else schemas.HamletCounts(
            all=hamlets.all.value,
            without_members=hamlets.without_members.value,
            without_own_cell=hamlets.without_own_cell.value,
        ),
        flow=flow,
    )


def members(scope: Scope, *, q: str, org: str, limit: int, offset: int) -> schemas.MemberPage:
    """Members on the day among the organizations the user reaches, as the members page: ``q`` is
    a part of the name without diacritics, or a whole card number, identity number or code; ``org``
    narrows to an organization's subtree (looked up through the scope)."""
    org_ids = scope.org_ids()
    if org:
        org_ids = org_ids & subtree_on(scope.organization(org), scope.on)
    held = MembershipInterval.objects.filter(valid_on(scope.on), organization_id__in=org_ids)
    people = Person.objects.filter(pk__in=held.values("person_id"))
    q = q.strip()
    if q:
        exact = Q(card_number=q) | Q(identity_number=q) | Q(code=q)
        key = fold_vi(q)
        # A query of only diacritics folds to "", which every name contains.
        people = people.filter(Q(search_key__contains=key) | exact if key else exact)
    count = people.count()
    rows = list(
        people.order_by("search_key", "pk").only("code", "full_name", "sex", "birth_date")[
            offset : offset + limit
        ]
    )
    where = {
        person_id: (org_code, status)
        for person_id, org_code, status in held.filter(person_id__in=[p.pk for p in rows]).values_list(
            "person_id", "organization__code", "status"
        )
    }
    return schemas.MemberPage(
        on=scope.on,
        count=count,
        limit=limit,
        offset=offset,
        items=[
            schemas.Member(
                code=p.code,
                full_name=p.full_name,
                sex=p.sex,
                birth_date=p.birth_date,
                status=where[p.pk][1],
                organization_code=where[p.pk][0],
            )
            for p in rows
        ],
    )


def member(scope: Scope, code: str, known_at: datetime | None = None) -> schemas.MemberDetail:
    """A person on the day and their whole record, as the member page shows it: every event with
    its legal basis, corrected ones included and marked, and each dated fact holding that day;
    with ``known_at``, as known at that moment (``partyorg.members.profile``)."""
    person = scope.person(code)
    profile = profile_on(person, scope.on, known_at=known_at)
    state = profile.state
    reached = scope.org_ids()

    def code_of(org: Organization | None) -> str | None:
        """An organization's code only when the user reaches it (as on the member page)."""
        return org.code if org is not None and org.pk in reached else None

    veil: AbstractContextManager[None] = nullcontext() if known_at is None else seen_as_of(known_at)
    with veil:  # the events as known then
        events = list(
            MembershipEvent.objects.filter(person=person)
            .select_related("organization", "other_organization", "corrects")
            .order_by("effective_on", "recorded_at", "pk")
        )
    corrected = {e.corrects_id for e in events if e.corrects_id is not None}
    age = state.party_age
    codes = _locality_codes(profile.kinds)
    return schemas.MemberDetail(
        code=person.code,
        full_name=profile.person.full_name,
        sex=profile.person.sex,
        birth_date=profile.person.birth_date,
        on=scope.on,
        is_member=state.is_member,
        status=state.status,
        status_label=state.status_label,
        organization_code=code_of(state.organization.organization) if state.organization else None,
        in_transit=state.in_transit,
        is_exempt=state.is_exempt,
        is_suspended=state.is_suspended,
        deceased=state.deceased,
        first_decision_on=state.first_decision_on,
        party_age=None
        if age is None
        else schemas.PartyAge(years=age.years, months=age.months, days=age.days, net_days=age.net_days),
        recognition_due_on=state.recognition_due_on,
        events=[
            schemas.Event(
                uid=str(e.uid),
                effective_on=e.effective_on,
                kind=e.kind,
                kind_label=str(EventKind(e.kind).label),
                organization_code=code_of(e.organization),
                other_organization_code=code_of(e.other_organization),
                external_place=e.external_place,
                legal_basis=schemas.LegalBasis(
                    number=e.basis_number, issued_on=e.basis_date, issuer=e.basis_issuer, text=e.legal_basis
                ),
                corrects_uid=str(e.corrects.uid) if e.corrects else None,
                is_corrected=e.pk in corrected,
                recorded_at=e.recorded_at,
                recorded_by=e.recorded_by,
                admitted_on=e.admitted_on,
                ceremony_on=e.ceremony_on,
                recognized_on=e.recognized_on,
            )
            for e in events
        ],
        facts=[schemas.FactOnDay(**_on_day(k, codes)) for k in profile.kinds],
    )


def member_facts(scope: Scope, code: str, known_at: datetime | None = None) -> schemas.MemberFacts:
    """Each dated fact about a person: its value on the day, every period it held and every row
    recorded for it (facts, corrections, withdrawals), as known now or at ``known_at``."""
    person = scope.person(code)
    profile = profile_on(person, scope.on, known_at=known_at)
    codes = _locality_codes(profile.kinds)
    return schemas.MemberFacts(
        code=person.code,
        on=scope.on,
        known_on=None,
        facts=[
            schemas.FactHistory(
                **_on_day(k, codes),
                periods=[
                    schemas.FactPeriod(
                        valid_from=p.valid_from,
                        valid_until=p.valid_until,
                        value=p.value,
                        label=p.shown,
                        locality_code=codes.get(p.locality_id) if p.locality_id else None,
                        holds=p.holds,
                    )
                    for p in k.periods
                ],
                records=[
                    schemas.FactRecord(
                        uid=r.uid,
                        valid_from=r.valid_from,
                        value=r.value,
                        label=r.shown,
                        locality_code=codes.get(r.locality_id) if r.locality_id else None,
                        legal_basis=schemas.LegalBasis(
                            number=r.basis_number, issued_on=r.basis_date, issuer=r.basis_issuer, text=r.basis
                        ),
                        note=r.note,
                        corrects_uid=r.corrects,
                        corrected_by_uid=r.corrected_by,
                        withdrawn=r.withdrawn,
                        in_force=r.in_force,
                        recorded_at=r.recorded_at,
                        recorded_by=r.recorded_by,
                    )
                    for r in k.rows
                ],
            )
            for k in profile.kinds
        ],
    )


def _on_day(k: KindOnDay, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "kind": k.kind,
        "kind_label": k.label,
        "value": k.value,
        "label": k.shown,
        "locality_code": codes.get(k.locality_id) if k.locality_id else None,
        "dated": k.dated,
        "valid_from": k.since,
        "valid_until": k.until,
    }


def _locality_codes(kinds: tuple[KindOnDay, ...]) -> dict[int, str]:
    """The codes of the hamlets the facts name, in one query."""
    ids = {k.locality_id for k in kinds} | {p.locality_id for k in kinds for p in k.periods}
    ids |= {r.locality_id for k in kinds for r in k.rows}
    return dict(Locality.objects.filter(pk__in=ids - {None}).values_list("pk", "code"))
