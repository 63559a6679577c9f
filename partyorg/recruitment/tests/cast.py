"""A small cast for the recruitment tests: veteran members of a cell, and a candidate ready for the
committee's decision."""

from __future__ import annotations

from datetime import date

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.members.models import MembershipInterval, MemberStatus, Person
from partyorg.organizations.models import Organization
from partyorg.recruitment import services
from partyorg.recruitment.models import Candidate, IntroducedBy, IntroducerKind

BY = "bantochuc.huyen"


def veterans(cell: Organization, n: int = 3) -> list[Person]:
    """``n`` official members of ``cell`` since 2011 (admitted 01/03/2010)."""
    people = []
    for i in range(n):
        p = testing.person(f"Đảng viên {i}")
        testing.admit(p, cell, date(2010, 3, 1))
        people.append(p)
    return people


def resolved(tree: testing.Tree, *, code: str = "QC9001", name: str = "Cầm Văn Ún") -> Candidate:
    """A candidate of cell_a (introduced by two of its official members) whose cell resolved on
    09/01/2017. The steps are called ``.within``: a test may build it inside a transaction of its own."""
    officials = list(
        MembershipInterval.objects.filter(organization=tree.cell_a, status=MemberStatus.OFFICIAL)
        .select_related("person")
        .order_by("person_id")
    )
    a, b = officials[0].person, officials[1].person
    candidate = services.add_new_candidate.within(
        tree.cell_a,
        code=code,
        full_name=name,
        sex="male",
        birth_date=date(1990, 1, 1),
        introduced_by=IntroducedBy.YOUTH_UNION,
        introduced_on=date(2016, 1, 4),
        recorded_by=BY,
    )
    services.record_course.within(candidate, date(2016, 3, 1), legal_basis=LegalBasis(), recorded_by=BY)
    services.record_application.within(candidate, date(2016, 10, 1), recorded_by=BY)
    for introducer in (a, b):
        services.record_introducer.within(
            candidate,
            date(2016, 12, 1),
            kind=IntroducerKind.MEMBER,
            introducer=introducer,
            worked_together_since=date(2012, 1, 1),
            recorded_by=BY,
        )
    services.record_verification.within(
        candidate, date(2016, 12, 20), legal_basis=LegalBasis(), recorded_by=BY
    )
    services.record_cell_resolution.within(
        candidate, date(2017, 1, 9), votes_for=3, votes_against=0, legal_basis=LegalBasis(), recorded_by=BY
    )
    return candidate
