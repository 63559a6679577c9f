"""The yearly work of the demo province: congresses and leaders, candidates, cell meetings,
ratings and discipline, dues, party cards, cadre work (after the congresses: its leaders are theirs)
— added through each app's services once the province's
organizations, people and events are loaded (``partyorg demo``). Each part says in its own module
what it makes and for which years."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date

from partyorg.demo import cadres, cards, committees, dues, meetings, ratings, recruitment

PARTS: tuple[tuple[str, Callable[..., dict[str, int]]], ...] = (
    ("Đại hội, cấp ủy", committees.populate),
    ("Phát triển đảng viên", recruitment.populate),
    ("Sinh hoạt chi bộ", meetings.populate),
    ("Đánh giá, xếp loại; kỷ luật", ratings.populate),
    ("Đảng phí", dues.populate),
    ("Thẻ đảng viên", cards.populate),
    ("Công tác cán bộ", cadres.populate),
)


def populate(
    *, seed: int = 2017, recorded_by: str = "demo", today: date | None = None
) -> Iterator[tuple[str, dict[str, int], float]]:
    """Each part in turn: (its name, the counts of what it made, seconds it took).

    ``today``: the day the demo is built (``partyorg demo`` passes it): the work runs up to the day
    before, the monthly work up to the month before, the yearly reviews for each year before; without
    it, each part keeps its own last day (30/06/2026, the records' default)."""
    for name, part in PARTS:
        started = time.perf_counter()
        counts = part(seed=seed, recorded_by=recorded_by, today=today)
        yield name, counts, time.perf_counter() - started
