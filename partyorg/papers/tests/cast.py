"""One member from the cell's resolution to a transfer, recorded without a number: the papers give
the numbers. Built through the services (recruitment's steps record the events), as an officer would.

The cell (Chi bộ bản Na Ten, under Đảng ủy xã Nà Tấu, under Huyện ủy Mường Khoa) resolved on
09/01/2017 to propose Cầm Văn Ún, introduced by two of its official members; the district's
standing committee decided on 20/01/2017, the ceremony was held on 10/02/2017, the 12 months of
probation ended on 10/02/2018 (Điều lệ Điều 5(1), RULES.md §2.3), the cell proposed recognition on
26/02/2018 and the district decided on 05/03/2018.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.members.services import record_event
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.tests.cast import resolved, veterans

BY = "bantochuc.huyen"
NONE = LegalBasis()


@dataclass
class Story:
    tree: testing.Tree
    person: Person
    introducers: list[Person]
    decision: MembershipEvent
    recognition: MembershipEvent


def admitted_and_recognized() -> Story:
    tree = testing.build_tree()
    introducers = veterans(tree.cell_a)
    candidate = resolved(tree)
    decided = recruitment.record_decision.within(
        candidate,
        date(2017, 1, 20),
        received_on=date(2017, 1, 23),
        deciding_organization=tree.district,
        legal_basis=NONE,
        recorded_by=BY,
    )
    recruitment.record_ceremony.within(candidate, date(2017, 2, 10), legal_basis=NONE, recorded_by=BY)
    recruitment.record_recognition_proposal.within(
        candidate, date(2018, 2, 26), votes_for=3, votes_against=0, legal_basis=NONE, recorded_by=BY
    )
    recognized = recruitment.record_recognition.within(
        candidate, date(2018, 3, 5), deciding_organization=tree.district, legal_basis=NONE, recorded_by=BY
    )
    assert decided.membership_event is not None and recognized.membership_event is not None
    return Story(
        tree, candidate.person, introducers[:2], decided.membership_event, recognized.membership_event
    )


def transferred(story: Story, on: date = date(2018, 9, 3)) -> MembershipEvent:
    """The member's official transfer from the cell to the district's school, without a number."""
    return record_event(
        story.person,
        EventKind.TRANSFER_OUT,
        on,
        organization=story.tree.cell_a,
        other_organization=story.tree.school,
        legal_basis=NONE,
        recorded_by=BY,
    )
