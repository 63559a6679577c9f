"""Every figure partyorg reports, as read-only queries over (organization subtree, day or period).

Pages, exports, the API and the CLI call these functions and never count for themselves. Each
figure carries the rows behind it (``people()`` or the ids), with exactly as many rows as its value.
"""

from partyorg.reports.statistics.figures import MovesFigure, OrgFigure, PeopleFigure, Period
from partyorg.reports.statistics.flows import ENTRY_REASONS, EXIT_REASONS, MembersFlow, members_flow
from partyorg.reports.statistics.hamlets import Hamlets, LocalityFigure, hamlets_cleared, hamlets_on
from partyorg.reports.statistics.organizations import (
    DirectlyUnder,
    Organizations,
    directly_under,
    organizations_on,
)
from partyorg.reports.statistics.stocks import (
    Breakdown,
    Membership,
    members_on,
    membership_breakdown,
    membership_on,
)

__all__ = [
    "ENTRY_REASONS",
    "EXIT_REASONS",
    "Breakdown",
    "DirectlyUnder",
    "Hamlets",
    "LocalityFigure",
    "MembersFlow",
    "Membership",
    "MovesFigure",
    "OrgFigure",
    "Organizations",
    "PeopleFigure",
    "Period",
    "directly_under",
    "hamlets_cleared",
    "hamlets_on",
    "members_flow",
    "members_on",
    "membership_breakdown",
    "membership_on",
    "organizations_on",
]
