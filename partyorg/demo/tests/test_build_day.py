"""The demo carries its work up to the day it is built (issue 13: built in 12/2026, its records
ended in 06/2026, so every cell showed no meeting and every member arrears).

``partyorg demo`` reads the day (``timezone.localdate()``) and passes it on: the province's records
run up to the day before, meetings and dues up to the month before, the yearly reviews for each
year before. The parts are tried on the small tree of ``partyorg.testing``; the province built up to
a later day is test_plan's."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from partyorg import testing
from partyorg.demo import dues, meetings, ratings
from partyorg.dues.models import DuesPayment as Payment
from partyorg.meetings.models import Meeting
from partyorg.ratings.queries import member_ratings_in_force

pytestmark = pytest.mark.django_db

BUILT = date(2026, 12, 6)
BUILT_AT = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # the clock, where it matters


@pytest.fixture(scope="class")
def cells_with_members(built_once) -> Iterator[testing.Tree]:
    """15 members in the three cells, built once for the class; what each test adds is rolled back
    after it."""
    with built_once():
        tree = testing.build_tree()
        for i in range(15):
            who = testing.person(f"Đảng viên {i}", sex="female" if i % 2 else "male")
            testing.admit(who, (tree.cell_a, tree.cell_b, tree.school)[i % 3], date(2010 + i % 5, 3, 1))
        yield tree


@pytest.mark.usefixtures("cells_with_members")
class TestOnThreeCells:
    def test_meetings_run_to_the_month_before_the_build_day(self) -> None:
        with time_machine.travel(date(2027, 2, 1)):  # the day given wins over the clock
            meetings.populate(seed=7, today=BUILT)
        months = {(d.year, d.month) for d in Meeting.objects.values_list("held_on", flat=True)}
        assert (2026, 11) in months and (2026, 7) in months  # were none after 06/2026
        assert max(months) == (2026, 11)

    def test_without_a_day_the_meetings_keep_their_last_month(self) -> None:
        with time_machine.travel(date(2027, 2, 1)):
            meetings.populate(seed=7)
        assert max(Meeting.objects.values_list("held_on", flat=True)) <= date(2026, 6, 30)

    def test_dues_run_to_the_month_before_the_build_day(self) -> None:
        with time_machine.travel(BUILT_AT, tick=False):
            counts = dues.populate(seed=7, today=BUILT)
        months = set(Payment.objects.values_list("month", flat=True))
        assert date(2026, 11, 1) in months and date(2026, 7, 1) in months
        assert max(months) == date(2026, 11, 1)
        # Most members paid November: the arrears are the few who skip (about 3%), not everybody.
        paid = Payment.objects.filter(month=date(2026, 11, 1)).values("person").distinct().count()
        assert paid >= counts["members"] - counts["members_skipping"] - 1

    def test_the_reviews_cover_each_year_before_the_build_year(self) -> None:
        with time_machine.travel(date(2027, 1, 10), tick=False):
            ratings.populate(seed=7, today=date(2027, 1, 10))
        years = set(member_ratings_in_force().values_list("cycle__year", flat=True))
        assert years == set(range(2016, 2027))  # 2026 rated once the year is over


def test_the_demo_command_passes_the_day_it_is_built(monkeypatch) -> None:
    seen: dict[str, Any] = {}

    def province(**kwargs: Any):
        seen["province"] = kwargs
        return iter(())

    def work(**kwargs: Any):
        seen["work"] = kwargs
        return iter(())

    monkeypatch.setattr("partyorg.demo.dienbien_province", province)
    monkeypatch.setattr("partyorg.demo.work.populate", work)
    monkeypatch.setattr("partyorg.demo.figures.seed_figures", list)  # nothing built, nothing to count
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 6, 9, 0))):
        call_command("demo", "--no-serve")
    assert seen == {"province": {"until": date(2026, 12, 5)}, "work": {"today": BUILT}}


def test_the_demo_command_stops_when_a_seed_figure_differs(monkeypatch) -> None:
    # Issue 15: the province came out with 35.675 members on 30/06/2017 where the article says
    # 35.676; the command says so, naming the figure, both values and the article, and fails.
    from partyorg.demo.figures import ARTICLE_000, SeedFigure

    what = "Tổng số đảng viên — Đảng bộ tỉnh Điện Biên, 30/06/2017"
    figures = [
        SeedFigure(what, 35_676, 35_675, ARTICLE_000),
        SeedFigure("Chi bộ cơ sở", 419, 419, ARTICLE_000),
    ]
    monkeypatch.setattr("partyorg.demo.dienbien_province", lambda **kwargs: iter(()))
    monkeypatch.setattr("partyorg.demo.work.populate", lambda **kwargs: iter(()))
    monkeypatch.setattr("partyorg.demo.figures.seed_figures", lambda: figures)
    out = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("demo", "--no-serve", stdout=out)
    assert str(stopped.value) == (
        "Tỉnh mẫu vừa dựng không khớp 1 số liệu của bài báo: Tổng số đảng viên — Đảng bộ tỉnh Điện Biên,"
        " 30/06/2017: theo hồ sơ 35.675, bài báo 35.676 (Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017)."
    )
    assert f"    {what}: 35.675 (bài báo: 35.676)" in out.getvalue()
    assert "    Chi bộ cơ sở: 419 (bài báo: 419)" in out.getvalue()
    assert "Đăng nhập" not in out.getvalue()  # stopped before the demo's sign-ins
