"""docs/interchange.md tells officers in which order one person's events of one day are applied;
the page must say what the fold does (members/timeline.py DAY_ORDER, which sorts by day, rank and
recording order)."""

import re
from pathlib import Path

from partyorg.members.timeline import DAY_ORDER

DOCS = Path(__file__).resolve().parents[3] / "docs" / "interchange.md"


def test_the_page_lists_every_kind_with_the_folds_rank():
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("#### Events of one person on one day", 1)[1].split("\n### ", 1)[0]
    listed = {kind: int(rank) for rank, kind in re.findall(r"^\| (\d+) \| `(\w+)` \|", section, re.M)}
    assert listed == {str(kind): rank for kind, rank in DAY_ORDER.items()}
