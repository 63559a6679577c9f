"""Export everything as interchange records, in the order the format promises.

The output loads back into an empty database with nothing lost: ``load(dump())`` then ``dump()``
gives the same records.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Model

from partyorg.core.interchange import Record
from partyorg.exchange import registry
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import MembershipEvent, Person
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import Locality, LocalityParent, Organization, OrgChange, OrgChangeItem

CHUNK = 5000


def dump() -> Iterator[Record]:
    localities = dict(Locality.objects.values_list("id", "code"))
    orgs = dict(Organization.objects.values_list("id", "code"))
    changes = {pk: str(uid) for pk, uid in OrgChange.objects.values_list("id", "uid")}

    for loc in Locality.objects.order_by("code").iterator(chunk_size=CHUNK):
        yield LocalityRecord(
            loc.code, loc.name, loc.kind, loc.valid_from, loc.valid_until, loc.is_ethnic_minority_area
        )
    for link in LocalityParent.objects.order_by("locality__code", "valid_from", "parent__code"):
        yield LocalityParentRecord(
            localities[link.locality_id], localities[link.parent_id], link.valid_from, link.valid_until
        )
    for pk in sorted(orgs):
        yield OrganizationRecord(orgs[pk])
    for change in OrgChange.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield OrgChangeRecord(
            uid=str(change.uid),
            kind=change.kind,
            effective_on=change.effective_on,
            recorded_at=change.recorded_at,
            recorded_by=change.recorded_by,
            basis_number=change.basis_number,
            basis_date=change.basis_date,
            basis_issuer=change.basis_issuer,
            corrects=changes[change.corrects_id] if change.corrects_id else "",
            note=change.note,
        )
    for item in OrgChangeItem.objects.order_by("change_id", "id").iterator(chunk_size=CHUNK):
        yield OrgChangeItemRecord(
            change=changes[item.change_id],
            organization=orgs[item.organization_id],
            ends=item.ends,
            name=item.name,
            kind=item.kind,
            parent=orgs.get(item.parent_id or 0, ""),
            sector=item.sector,
            is_combined=item.is_combined,
            locality=localities.get(item.locality_id or 0, ""),
            successor=orgs.get(item.successor_id or 0, ""),
        )
    people: dict[int, str] = {}
    for person in Person.objects.order_by("id").iterator(chunk_size=CHUNK):
        people[person.pk] = person.code
        yield PersonRecord(
            code=person.code,
            full_name=person.full_name,
            sex=person.sex,
            birth_date=person.birth_date,
            ethnicity=person.ethnicity,
            religion=person.religion,
            general_education=person.general_education,
            professional_level=person.professional_level,
            academic_title=person.academic_title,
            political_theory=person.political_theory,
            occupation=person.occupation,
            identity_number=person.identity_number,
            dossier_number=person.dossier_number,
            card_number=person.card_number,
            is_youth_union_member=person.is_youth_union_member,
            is_private_business_owner=person.is_private_business_owner,
            home_locality=localities.get(person.home_locality_id or 0, ""),
        )
    corrected = {
        pk: str(uid)
        for pk, uid in MembershipEvent.objects.filter(
            id__in=MembershipEvent.objects.filter(corrects__isnull=False).values("corrects_id")
        ).values_list("id", "uid")
    }
    for e in MembershipEvent.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield EventRecord(
            uid=str(e.uid),
            person=people[e.person_id],
            kind=e.kind,
            effective_on=e.effective_on,
            recorded_at=e.recorded_at,
            recorded_by=e.recorded_by,
            organization=orgs.get(e.organization_id or 0, ""),
            other_organization=orgs.get(e.other_organization_id or 0, ""),
            external_place=e.external_place,
            detail=e.detail,
            exit_ground=e.exit_ground,
            consent_number=e.consent_number,
            consent_date=e.consent_date,
            consent_issuer=e.consent_issuer,
            basis_number=e.basis_number,
            basis_date=e.basis_date,
            basis_issuer=e.basis_issuer,
            corrects=corrected.get(e.corrects_id or 0, ""),
            org_change=changes.get(e.org_change_id or 0, ""),
            override_rule=e.override_rule,
            override_reason=e.override_reason,
            note=e.note,
        )
    yield from dump_kits(Codes(orgs, people))


# -- the apps' record kits ------------------------------------------------------------------------


class Codes:
    """Database ids as the codes and uids the records use; each table's uids read once, when first
    needed."""

    def __init__(self, orgs: dict[int, str] | None = None, people: dict[int, str] | None = None) -> None:
        self.orgs = orgs if orgs is not None else dict(Organization.objects.values_list("id", "code"))
        self.people = people if people is not None else dict(Person.objects.values_list("id", "code"))
        self.uids: dict[type[Model], dict[int, str]] = {}

    def org(self, pk: int | None) -> str:
        return self.orgs.get(pk or 0, "")

    def person(self, pk: int | None) -> str:
        return self.people.get(pk or 0, "")

    def uid(self, model: type[Model], pk: int | None) -> str:
        if not pk:
            return ""
        table = self.uids.get(model)
        if table is None or pk not in table:
            table = self.uids[model] = {
                found: str(uid)
                for found, uid in model.objects.values_list("id", "uid")  # type: ignore[attr-defined]
            }
        return table.get(pk, "")


def dump_kits(codes: Codes) -> Iterator[Record]:
    """The records of the apps' kits (entered figures, dated facts, the yearly work), kit by kit in
    file order, each table in the order it was written (a correction after what it corrects, an
    ending after its start)."""
    for kit in registry.kits():
        yield from kit.dump(codes)
