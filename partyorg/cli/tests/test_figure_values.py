"""`partyorg figure` reads a count the Vietnamese way (the dot groups thousands) and refuses
anything else in Vietnamese, naming the option and the value as typed."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partyorg import testing
from partyorg.reports.models import EnteredFigure, Indicator

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_value_written_with_thousands_dots_is_entered_and_a_stated_count_checked():
    """Seed 004: "29.738 đảng viên" stated for the province; the cast's province has no member."""
    testing.build_tree()
    run("figure", "enter", "--org", "T", "--indicator", "members", "--value", "29.738", "--to", "31/12/2017")
    assert EnteredFigure.objects.get().value == 29_738
    checked = run("stats", "check", "--org", "T", "--from", "01/07/2017", "--to", "31/12/2017")
    assert "✗ Tổng số đảng viên: số đã nêu 29.738, số theo hồ sơ 0" in checked
    with pytest.raises(CommandError, match=r"--value.*“29,7” không phải là số nguyên không âm"):
        run(
            "figure", "enter", "--org", "T", "--indicator", "members", "--value", "29,7", "--to", "31/12/2017"
        )
    assert EnteredFigure.objects.count() == 1


def test_the_new_kinds_of_figure_are_entered_from_the_command_line():
    """ "22 đảng bộ trực thuộc" (seed 003) is entered as direct_committees; the cast's province has
    one committee right under it on 31/12/2017 (the district)."""
    testing.build_tree()
    run(
        "figure",
        "enter",
        "--org",
        "T",
        "--indicator",
        "direct_committees",
        "--value",
        "22",
        "--to",
        "31/12/2017",
    )
    figure = EnteredFigure.objects.get()
    assert (figure.indicator, figure.last_day) == (Indicator.DIRECT_COMMITTEES, date(2017, 12, 31))
    checked = run("stats", "check", "--org", "T", "--from", "01/07/2017", "--to", "31/12/2017")
    assert "✗ Đảng bộ trực thuộc (ngay dưới tổ chức): số đã nêu 22, số theo hồ sơ 1" in checked
