"""``partyorg.demo.work.populate``, what ``partyorg demo`` runs after loading the province, on the
small tree of ``partyorg.testing``: every part runs after the one before and makes something."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partyorg import testing
from partyorg.demo import work

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # the demo built on 06/12/2026


def test_every_part_of_the_yearly_work_runs_in_turn() -> None:
    tree = testing.build_tree()
    for i in range(30):
        who = testing.person(f"Đảng viên {i}", sex="female" if i % 2 else "male")
        testing.admit(who, (tree.cell_a, tree.cell_b, tree.school)[i % 3], date(2008 + i % 5, 3, 1))
    with time_machine.travel(TODAY, tick=True):  # the meetings: the months of 01/2025–06/2026 over by today
        parts = list(work.populate(seed=11))
    assert [name for name, _, _ in parts] == [name for name, _ in work.PARTS]
    for name, counts, seconds in parts:
        assert any(n > 0 for n in counts.values()), name
        assert seconds >= 0
