"""Export everything as interchange records, in the order the format promises.

The output loads back into an empty database with nothing lost: ``load(dump())`` then ``dump()``
gives the same records.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Model

from partyorg.core.interchange import Record
from partyorg.exchange import registry
from partyorg.members.interchange import event_record, person_record
from partyorg.members.models import MembershipEvent, Person
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    OrganizationRecord,
    change_item_record,
    change_record,
    locality_change_record,
    locality_record,
)
from partyorg.organizations.models import (
    Locality,
    LocalityChange,
    LocalityParent,
    Organization,
    OrgChange,
    OrgChangeItem,
)

CHUNK = 5000


def dump() -> Iterator[Record]:
    localities = dict(Locality.objects.values_list("id", "code"))
    codes = Codes(dict(Organization.objects.values_list("id", "code")), {})
    corrected_units = LocalityChange.objects.filter(corrects__isnull=False).values("corrects_id")
    unit_uids = {
        pk: str(uid)
        for pk, uid in LocalityChange.objects.filter(id__in=corrected_units).values_list("id", "uid")
    }
    for row in LocalityChange.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield locality_change_record(row, localities, unit_uids)
    for loc in Locality.objects.order_by("code").iterator(chunk_size=CHUNK):
        yield locality_record(loc)
    for link in LocalityParent.objects.order_by("locality__code", "valid_from", "parent__code"):
        yield LocalityParentRecord(
            localities[link.locality_id], localities[link.parent_id], link.valid_from, link.valid_until
        )
    for pk in sorted(codes.orgs):
        yield OrganizationRecord(codes.orgs[pk])
    for change in OrgChange.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield change_record(change, codes)
    for item in OrgChangeItem.objects.order_by("change_id", "id").iterator(chunk_size=CHUNK):
        yield change_item_record(item, codes, localities)
    for person in Person.objects.order_by("id").iterator(chunk_size=CHUNK):
        codes.people[person.pk] = person.code
        yield person_record(person, localities)
    # Only the corrected events' uids are needed (all of them would be one per event).
    corrected = MembershipEvent.objects.filter(corrects__isnull=False).values("corrects_id")
    codes.uids[MembershipEvent] = {
        pk: str(uid) for pk, uid in MembershipEvent.objects.filter(id__in=corrected).values_list("id", "uid")
    }
    for e in MembershipEvent.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield event_record(e, codes)
    yield from dump_kits(codes)


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
