"""A small cast for tests, built through the services as an officer would build it.

The tree (founded 01/01/2000)::

    Tỉnh ủy Hòa Sơn (province)
    └── Huyện ủy Mường Khoa (district, until 30/06/2025)
        ├── Đảng ủy xã Nà Tấu (grassroots committee)
        │   ├── Chi bộ bản Na Ten (cell)
        │   └── Chi bộ bản Co Sản (cell)
        └── Chi bộ Trường THCS Mường Khoa (grassroots cell)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from partyorg.accounts.models import Assignment
from partyorg.core.records import LegalBasis
from partyorg.members import services
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Locality, Organization, OrgKind, OrgSector
from partyorg.organizations.services import OrgState
from partyorg.rules.probation import recognition_effective_on

FOUNDED = date(2000, 1, 1)
OFFICER = "bantochuc.tinh"
BASIS = LegalBasis("01-QĐ/TU", date(2000, 1, 1), "Ban Thường vụ Tỉnh ủy")


@dataclass
class Tree:
    province: Organization
    district: Organization
    commune: Organization
    cell_a: Organization
    cell_b: Organization
    school: Organization


def found(
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    *,
    on: date = FOUNDED,
    sector: str = "",
    locality: Locality | None = None,
    is_combined: bool = False,
) -> Organization:
    state = OrgState(
        name=name, kind=kind, parent=parent, sector=sector, locality=locality, is_combined=is_combined
    )
    # ``within``: a test may build its cast inside a transaction of its own, rolled back after.
    return org_services.found.within(code, state, founded_on=on, legal_basis=BASIS, recorded_by=OFFICER)


def build_tree() -> Tree:
    province = found("T", "Tỉnh ủy Hòa Sơn", OrgKind.PROVINCE, None)
    district = found("T.H", "Huyện ủy Mường Khoa", OrgKind.DISTRICT, province)
    commune = found(
        "T.H.X", "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE, district, sector=OrgSector.COMMUNE
    )
    cell_a = found("T.H.X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune)
    cell_b = found("T.H.X.2", "Chi bộ bản Co Sản", OrgKind.CELL, commune)
    school = found(
        "T.H.S",
        "Chi bộ Trường THCS Mường Khoa",
        OrgKind.GRASSROOTS_CELL,
        district,
        sector=OrgSector.PUBLIC_SERVICE,
    )
    return Tree(province, district, commune, cell_a, cell_b, school)


_counter = 0


def person(
    name: str = "Lò Văn Pọm",
    *,
    birth_date: date = date(1980, 5, 17),
    sex: str = "male",
    education: str = "upper_secondary",
) -> Person:
    global _counter
    _counter += 1
    return services.create_person(
        code=f"P{_counter:06d}",
        full_name=name,
        sex=sex,
        birth_date=birth_date,
        general_education=education,
    )


def record(who: Person, kind: str, on: date, **kwargs: object) -> MembershipEvent:
    return services.record_event.within(who, kind, on, legal_basis=BASIS, recorded_by=OFFICER, **kwargs)  # type: ignore[arg-type]


def admit(
    who: Person,
    org: Organization,
    decided_on: date,
    *,
    ceremony_on: date | None = None,
    recognize: bool = True,
) -> None:
    """Decision, ceremony 10 days later unless given, and recognition at ceremony + 12 months."""
    ceremony_on = ceremony_on or date.fromordinal(decided_on.toordinal() + 10)
    record(who, EventKind.ADMISSION_DECIDED, decided_on, organization=org)
    record(who, EventKind.ADMISSION_CEREMONY, ceremony_on)
    if recognize:
        record(who, EventKind.RECOGNIZED_OFFICIAL, recognition_effective_on(ceremony_on))


def user_with(name: str, *grants: tuple[Organization, int], password: str = "x", **fields: str) -> User:
    """A user holding each (organization, role) of ``grants``, granted now by "t"."""
    user = User.objects.create_user(name, password=password, **fields)
    for org, role in grants:
        Assignment.objects.create(
            user=user, organization=org, role=role, granted_at=timezone.now(), granted_by="t"
        )
    return user


def client_for(org: Organization, role: int, name: str, password: str = "x") -> Client:
    """A test client signed in as a new user holding ``role`` over ``org``."""
    client = Client()
    client.force_login(user_with(name, (org, role), password=password))
    return client
