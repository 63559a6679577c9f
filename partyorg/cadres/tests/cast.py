"""The cadre tests' cast, on the small tree of :mod:`partyorg.testing`: the province's Ban Tổ chức
with its four departments (the seed article's, RULES.md §11.13), and the district's People's
Committee; users holding the cadre role, the member-records role, or a neighbouring subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.cadres import catalogue, services
from partyorg.cadres.models import (
    CadreGrant,
    Employment,
    Post,
    StaffCategory,
    Unit,
    UnitBloc,
    UnitKind,
    UnitLevel,
)
from partyorg.members.models import Person
from partyorg.organizations.models import Organization

BY = testing.OFFICER
BASIS = testing.BASIS
# What every command of the tests is entered with: the keyword-only legal basis and officer.
ENTERED: dict[str, Any] = {"legal_basis": BASIS, "recorded_by": BY}
FOUNDED = date(2000, 1, 1)

DEPARTMENTS = (
    ("BTC.TCDV", "Phòng Tổ chức đảng - đảng viên"),
    ("BTC.TCCB", "Phòng Tổ chức - cán bộ"),
    ("BTC.CSDT", "Phòng Chính sách và đào tạo"),
    ("BTC.BVCT", "Phòng Bảo vệ chính trị nội bộ"),
)


@dataclass
class Cast:
    tree: testing.Tree
    commission: Unit  # Ban Tổ chức Tỉnh ủy
    departments: list[Unit]
    district_committee: Unit  # UBND huyện Mường Khoa
    school: Unit  # a unit under the school's grassroots cell (the neighbouring subtree of the commune)


def unit(
    code: str,
    name: str,
    org: Organization,
    *,
    kind: str = UnitKind.PARTY_BODY,
    parent: Unit | None = None,
    bloc: str = UnitBloc.PARTY,
    level: str = UnitLevel.PROVINCE,
) -> Unit:
    return services.create_unit.within(
        code,
        name,
        kind=kind,
        bloc=bloc,
        level=level,
        organization=org,
        founded_on=FOUNDED,
        parent=parent,
        legal_basis=BASIS,
        recorded_by=BY,
    )


def build() -> Cast:
    tree = testing.build_tree()
    catalogue.load()
    commission = unit("BTC", "Ban Tổ chức Tỉnh ủy", tree.province)
    departments = [
        unit(code, name, tree.province, kind=UnitKind.DEPARTMENT, parent=commission)
        for code, name in DEPARTMENTS
    ]
    district = unit(
        "UBND.H",
        "Ủy ban nhân dân huyện Mường Khoa",
        tree.district,
        kind=UnitKind.PEOPLES_COMMITTEE,
        bloc=UnitBloc.GOVERNMENT,
        level=UnitLevel.DISTRICT,
    )
    school = unit(
        "THCS",
        "Trường THCS Mường Khoa",
        tree.school,
        kind=UnitKind.PUBLIC_SERVICE,
        bloc=UnitBloc.GOVERNMENT,
        level=UnitLevel.DISTRICT,
    )
    return Cast(tree, commission, departments, district, school)


def hire(person: Person, unit: Unit, on: date = date(2015, 3, 1), **kwargs: Any) -> Employment:
    """``person`` works in ``unit`` from ``on``, a civil servant unless ``category`` says otherwise."""
    kwargs.setdefault("category", StaffCategory.CIVIL_SERVANT)
    return services.start_employment(person, unit, on=on, **ENTERED, **kwargs)


def post(code: str) -> Post:
    return Post.objects.get(code=code)


def cadre_user(name: str, org: Organization, role: int = Role.EDIT) -> User:
    """A user holding the cadre role ``role`` over ``org`` (and nothing of the member records)."""
    user = User.objects.create_user(name, password="x")
    CadreGrant.objects.create(
        user=user, organization=org, role=role, granted_at=timezone.now(), granted_by="t"
    )
    return user
