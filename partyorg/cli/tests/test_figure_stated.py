"""`partyorg figure` for stated figures that bound their value ("hơn 74.600") or state a change in
percent ("tăng 70,01% so với năm 2010"), and the cross-check that sets them against the records;
hand-worked on the test cast (partyorg.testing)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partyorg import testing
from partyorg.cli.arguments import ValueRefused
from partyorg.cli.management.commands.figure import change_percent, stated_value
from partyorg.reports.models import Bound, EnteredFigure

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("29.738", ("", 29_738)),
        ("29738", ("", 29_738)),
        ("hơn 74.600", (Bound.MORE_THAN, 74_600)),
        ("Trên  74.600", (Bound.MORE_THAN, 74_600)),
        ("ít nhất 1.000", (Bound.AT_LEAST, 1_000)),
    ],
)
def test_a_typed_value_may_bound_the_figure(typed, read):
    assert stated_value(typed) == read


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("+70,01%", "70.01"), ("70,01", "70.01"), ("tăng 70,01%", "70.01"), ("giảm 3,5%", "-3.5"), ("-3", "-3")],
)
def test_a_typed_change_is_kept_with_its_decimals(typed, kept):
    assert change_percent(typed) == kept


def test_a_change_that_is_not_a_percent_is_refused_quoting_it():
    with pytest.raises(ValueRefused, match="“70,01,5%” không phải là mức thay đổi theo phần trăm"):
        change_percent("70,01,5%")
    with pytest.raises(CommandError, match=r"--value.*“khoảng 3” không phải là số nguyên không âm"):
        run("figure", "enter", "--org", "T", "--indicator", "members", "--value", "khoảng 3",
            "--to", "31/12/2017")  # fmt: skip


def test_stated_bounds_and_changes_are_entered_listed_and_checked_against_the_records():
    """Hand-worked: 2 members admitted in 2005, 1 in 2015, so the province has 2 members on
    31/12/2010 and 3 on 31/12/2017: +50%. Stated for 31/12/2017: "hơn 2" members, "+50%" since
    31/12/2010 (both right); then corrected to "tăng 60%" (wrong: the check says so)."""
    tree = testing.build_tree()
    for name in ("A", "B"):
        testing.admit(testing.person(name), tree.cell_a, date(2005, 3, 1))
    testing.admit(testing.person("C"), tree.cell_a, date(2015, 3, 1))
    entered = run(
        "figure", "enter", "--org", "T", "--indicator", "members", "--value", "hơn 2", "--change", "+50%",
        "--base", "31/12/2010", "--to", "31/12/2017", "--source", "Báo cáo tổng kết 2017",
    )  # fmt: skip
    uid = entered.split()[-1]
    figure = EnteredFigure.objects.get(uid=uid)
    assert (figure.bound, figure.value, figure.base_day, figure.change_percent) == (
        Bound.MORE_THAN, 2, date(2010, 12, 31), "50"
    )  # fmt: skip
    assert "hơn 2, +50% so với ngày 31/12/2010  (Báo cáo tổng kết 2017)" in run(
        "figure", "list", "--org", "T"
    )
    checked = run("stats", "check", "--org", "T", "--from", "01/07/2017", "--to", "31/12/2017")
    assert (
        "✓ Tổng số đảng viên: số đã nêu hơn 2, +50% so với ngày 31/12/2010 (Báo cáo tổng kết 2017), "
        "số theo hồ sơ 3, +50%" in checked
    )
    run("figure", "correct", "--uid", uid, "--change", "tăng 60%", "--note", "theo bản in")
    checked = run("stats", "check", "--org", "T", "--from", "01/07/2017", "--to", "31/12/2017")
    assert "✗ Tổng số đảng viên: số đã nêu hơn 2, +60% so với ngày 31/12/2010" in checked
    assert "số theo hồ sơ 3, +50%" in checked
    # A change alone: the count was not stated.
    run("figure", "enter", "--org", "T.H", "--indicator", "members", "--change", "+50%",
        "--base", "31/12/2010", "--to", "31/12/2017")  # fmt: skip
    assert "+50% so với ngày 31/12/2010" in run("figure", "list", "--org", "T.H")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--change", "+50%"), "Mức thay đổi cần cả “so với ngày” và “thay đổi (%)”"),
        (("--value", "3", "--change", "5", "--base", "31/12/2018"), "“So với ngày” 31/12/2018 phải trước"),
        (
            ("--kind", "target", "--indicator", "admissions", "--value", "hơn 3", "--from", "01/01/2017"),
            "Chỉ số liệu đã nêu mới ghi mức “hơn”",
        ),
    ],
)
def test_a_malformed_bound_or_change_is_refused_in_vietnamese(args, message):
    testing.build_tree()
    base = ("figure", "enter", "--org", "T", "--to", "31/12/2017")
    if "--indicator" not in args:
        base += ("--indicator", "members")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*base, *args)
    assert not EnteredFigure.objects.exists()
