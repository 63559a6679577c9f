"""A generated province through the import path: the 01/07/2025 reform leaves 2017 as it was, and a
bad row in a 10.000-row file changes nothing."""

import dataclasses
from collections import Counter
from datetime import date

import pytest

from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.generator import generate_province
from partyorg.members import services
from partyorg.members.interchange import EventRecord
from partyorg.members.models import MembershipEvent, MembershipInterval, Person
from partyorg.members.queries import person_on
from partyorg.organizations import queries
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization, OrgKind, OrgSector, OrgVersion, valid_on
from partyorg.organizations.services import OrgState

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)
COMMUNE_SECTORS = {OrgSector.COMMUNE, OrgSector.WARD, OrgSector.TOWNSHIP}


def answers_about(on):
    """Every question about a date: the tree, who was where with which status, and a sample of
    people's full answers."""
    province = Organization.objects.get(
        pk=OrgVersion.objects.filter(kind=OrgKind.PROVINCE).values("organization")[:1]
    )
    tree = [(d, v.organization.code, v.name, v.kind) for d, v in queries.subtree(province, on).walk()]
    held = Counter(
        MembershipInterval.objects.filter(valid_on(on)).values_list("organization__code", "status")
    )
    people = [
        (a.status, a.organization and a.organization.organization_id, a.party_age, a.next_badge, a.deadlines)
        for a in (person_on(p, on) for p in Person.objects.order_by("code")[::97])
    ]
    return tree, held, people


def reform_states(on):
    """The 01/07/2025 reform as an officer records it (RULES.md §1.1 [V], QĐ 294): district
    committees end; commune committees go under the province and become direct superiors of
    grassroots organizations; everything else under a district goes under the province."""
    province = OrgVersion.objects.get(valid_on(on), kind=OrgKind.PROVINCE).organization
    districts = list(
        OrgVersion.objects.filter(valid_on(on), kind=OrgKind.DISTRICT).select_related("organization")
    )
    states = [(d.organization, None) for d in districts]
    for child in OrgVersion.objects.filter(valid_on(on), parent__in=[d.organization for d in districts]):
        state = org_services.current_state(child.organization, on)
        is_commune = child.kind == OrgKind.GRASSROOTS_COMMITTEE and child.sector in COMMUNE_SECTORS
        states.append(
            (
                child.organization,
                OrgState(
                    **{
                        **state.__dict__,
                        "parent": province,
                        "kind": OrgKind.COMMUNE if is_commune else state.kind,
                    }
                ),
            )
        )
    return states


def test_the_2025_reform_of_a_generated_province_leaves_every_2017_answer_unchanged():
    load((None, r) for r in generate_province(1500, seed=3, until=date(2025, 6, 30)))
    assert OrgVersion.objects.filter(valid_on(REFORM), kind=OrgKind.DISTRICT).exists()
    before = answers_about(date(2017, 6, 30))
    services.restructure(
        REFORM,
        reform_states(REFORM),
        successors={},
        legal_basis=LegalBasis("294-QĐ/TW", date(2025, 5, 26), "Ban Chấp hành Trung ương"),
        recorded_by="bantochuc.tinh",
    )
    assert answers_about(date(2017, 6, 30)) == before
    assert not OrgVersion.objects.filter(valid_on(REFORM), kind=OrgKind.DISTRICT).exists()
    assert OrgVersion.objects.filter(valid_on(REFORM), kind=OrgKind.COMMUNE).exists()
    services.rebuild_all()
    assert answers_about(date(2017, 6, 30)) == before


def test_a_bad_row_in_a_10000_row_file_changes_nothing():
    records = list(generate_province(1500, seed=5))
    events = [i for i, r in enumerate(records) if isinstance(r, EventRecord)]
    assert len(records) >= 10_000, len(records)
    bad_at = events[len(events) // 2]
    records[bad_at] = dataclasses.replace(records[bad_at], person="P-KHÔNG-CÓ")
    rows = [(Location("tinh.jsonl", i + 2), r) for i, r in enumerate(records)]
    with pytest.raises(ExchangeError) as refused:
        load(rows)
    assert [str(p) for p in refused.value.problems] == [
        f"tinh.jsonl, dòng {bad_at + 2}, cột “Người”: Không tìm thấy người có mã “P-KHÔNG-CÓ”"
    ]
    assert not Person.objects.exists() and not MembershipEvent.objects.exists()
    assert not Organization.objects.exists()
