"""Party badges reached by a day (RULES.md §2.6): the members of a subtree on a day by the highest
badge milestone their net party age has reached by then, and of them those whose badge of that
milestone was awarded by then.

Party age is the rules' (:func:`partyorg.rules.party_age.date_reaching`, the gaps of each member's
log subtracted), the milestones those existing on the day (:func:`partyorg.rules.badges.milestones_on`:
the 45-year badge from 25/07/2016). Form 7 counts the badges *awarded* in a period; this counts
who *has reached* a milestone, and how many of them still wait for their badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.members.models import EventKind
from partyorg.members.replay import logs
from partyorg.members.timeline import fold
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.reports.statistics.stocks import members_on
from partyorg.rules.badges import milestones_on
from partyorg.rules.party_age import date_reaching


@dataclass(frozen=True)
class BadgesReached:
    """Milestone → the members on ``on`` whose highest milestone reached by ``on`` is it
    (``reached``), and of them those awarded that milestone's badge on or before ``on``
    (``awarded``). Every milestone existing on ``on`` is a key, with an empty figure if nobody."""

    on: date
    reached: dict[int, PeopleFigure]
    awarded: dict[int, PeopleFigure]

    def waiting(self, milestone: int) -> int:
        """Reached the milestone, its badge not awarded by the day."""
        return self.reached[milestone].value - self.awarded[milestone].value


def badges_reached(root: Organization, on: date) -> BadgesReached:
    """Each member of ``root``'s subtree on ``on`` folded from their log (one pass over their
    events): a member without a first admission decision in the log reaches nothing."""
    milestones = milestones_on(on)
    reached: dict[int, set[int]] = {m: set() for m in milestones}
    awarded: dict[int, set[int]] = {m: set() for m in milestones}
    people = members_on(root, on).person_ids
    for person_id, facts in logs(people):
        timeline = fold(facts)
        if timeline.first_decision_on is None:
            continue
        gaps = timeline.closed_gaps(on)
        highest = None
        for milestone in milestones:
            if date_reaching(timeline.first_decision_on, gaps, milestone) > on:
                break
            highest = milestone
        if highest is None:
            continue
        reached[highest].add(person_id)
        if any(
            f.kind == EventKind.BADGE_AWARDED and f.effective_on <= on and f.detail == str(highest)
            for f in timeline.facts
        ):
            awarded[highest].add(person_id)
    return BadgesReached(
        on,
        {m: PeopleFigure(frozenset(ids)) for m, ids in reached.items()},
        {m: PeopleFigure(frozenset(ids)) for m, ids in awarded.items()},
    )
