"""Stated figures of the new kinds (the organizations right under one, sub-committees, district
and commune committees), a stated lower bound ("hơn 74.600") and a stated change in percent
("tăng 70,01% so với năm 2010"), each against the records: hand-worked on the test cast."""

from datetime import date
from decimal import Decimal

import pytest

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.reports.checks import check_report
from partyorg.reports.models import Bound, EnteredFigure, FigureKind, Indicator
from partyorg.reports.services import enter_figure
from partyorg.reports.statistics import Period
from partyorg.reports.statistics.entered import (
    Change,
    check_stated,
    percent_like,
    stated_words,
    value_agrees,
)

pytestmark = pytest.mark.django_db

ON = date(2017, 12, 31)


@pytest.fixture
def tree():
    return testing.build_tree()


def test_the_new_kinds_of_figure_are_checked_against_the_records(tree):
    """Hand-worked on the cast on 31/12/2017: right under the province, 1 committee (the district)
    and no cell; right under the district, 1 committee (the commune) and 1 cell (the school); the
    province has 1 district committee, no commune committee (before 01/07/2025) and no
    sub-committee. Stated: 1 committee right under the province (right), 2 cells right under the
    district (wrong: 1), 0 sub-committees, 1 district and 0 commune committees (right)."""
    for org, indicator, value in (
        (tree.province, Indicator.DIRECT_COMMITTEES, 1),
        (tree.district, Indicator.DIRECT_CELLS, 2),
        (tree.province, Indicator.SUB_COMMITTEES, 0),
        (tree.province, Indicator.DISTRICT_COMMITTEES, 1),
        (tree.province, Indicator.COMMUNE_COMMITTEES, 0),
    ):
        enter_figure(
            org, kind=FigureKind.STATED, indicator=indicator, value=value, last_day=ON, recorded_by="cb"
        )
    period = Period.half_year(2017, 2)
    province = {c.code: c for c in check_report(tree.province, period) if c.code.startswith("stated.")}
    assert {code: c.ok for code, c in province.items()} == {
        "stated.direct_committees": True,
        "stated.sub_committees": True,
        "stated.district_committees": True,
        "stated.commune_committees": True,
    }
    district = {c.code: c for c in check_report(tree.district, period) if c.code.startswith("stated.")}
    assert not district["stated.direct_cells"].ok
    assert district["stated.direct_cells"].message == (
        "Chi bộ trực thuộc (ngay dưới tổ chức): số đã nêu 2, số theo hồ sơ 1"
    )


def figure(org, value, *, bound="", base_day=None, change="", indicator=Indicator.MEMBERS):
    """A stated figure as entered (not saved: the check reads it as it is)."""
    return EnteredFigure(
        organization=org,
        kind=FigureKind.STATED,
        indicator=indicator,
        value=value,
        last_day=ON,
        bound=bound,
        base_day=base_day,
        change_percent=change,
    )


def test_a_lower_bound_agrees_with_any_larger_value():
    """ "Hơn 74.600" is more than 74.600 (seed 003); "ít nhất" includes the value itself."""
    assert value_agrees(figure(None, 74_600, bound=Bound.MORE_THAN), 74_601)
    assert not value_agrees(figure(None, 74_600, bound=Bound.MORE_THAN), 74_600)
    assert value_agrees(figure(None, 74_600, bound=Bound.AT_LEAST), 74_600)
    assert not value_agrees(figure(None, 74_600, bound=Bound.AT_LEAST), 74_599)
    assert value_agrees(figure(None, 74_600), 74_600) and not value_agrees(figure(None, 74_600), 74_601)
    assert value_agrees(figure(None, 0, bound=Bound.UNSTATED), 12)


def test_the_records_percent_is_rounded_as_the_report_rounded_its_own():
    """200/3 = 66,666…%: "66,67" to two decimals, "66,7" to one, "67" to none (half up, in
    decimals: 1/8 = 12,5% is 13 against "13", and 70,005% is 70,01 against "70,01")."""
    assert percent_like(Change(5, 3), Decimal("66.67")) == Decimal("66.67")
    assert percent_like(Change(5, 3), Decimal("66.7")) == Decimal("66.7")
    assert percent_like(Change(5, 3), Decimal("67")) == Decimal("67")
    assert percent_like(Change(9, 8), Decimal("13")) == Decimal("13")
    assert percent_like(Change(170_005, 100_000), Decimal("70.01")) == Decimal("70.01")
    assert percent_like(Change(39, 40), Decimal("-3")) == Decimal("-3")  # −2,5% rounds away from 0
    assert percent_like(Change(4, 0), Decimal("10")) is None


def test_a_stated_change_in_percent_is_checked_against_the_records_on_both_days(tree):
    """Like seed 004 ("29.738 đảng viên, tăng 70,01% so với năm 2010"), hand-worked: 3 members
    admitted in 2005 and 2 in 2015, one of the first dies in 2016, so the province has 3 members
    on 31/12/2010 and 4 on 31/12/2017: +33,33%. Stated "+33,33%" with "hơn 3" agrees; "+33,3"
    agrees; "+33,34" does not; "hơn 4" does not, whatever the change; against a day with no member
    (31/12/2000) no percent can be computed."""
    first = [testing.person(f"Người {i}") for i in range(3)]
    for who in first:
        testing.admit(who, tree.cell_a, date(2005, 3, 1))
    for i in range(2):
        testing.admit(testing.person(f"Người mới {i}"), tree.cell_b, date(2015, 3, 1))
    testing.record(first[0], K.DIED, date(2016, 5, 1))
    base = date(2010, 12, 31)
    check = check_stated(
        tree.province, figure(tree.province, 3, bound=Bound.MORE_THAN, base_day=base, change="33.33")
    )
    assert (check.computed, check.change.base, check.computed_percent) == (4, 3, Decimal("33.33"))
    assert check.value_agrees and check.change_agrees and check.agrees
    assert check_stated(tree.province, figure(tree.province, 4, base_day=base, change="33.3")).agrees
    wrong = check_stated(tree.province, figure(tree.province, 4, base_day=base, change="33.34"))
    assert (wrong.value_agrees, wrong.change_agrees, wrong.agrees) == (True, False, False)
    too_few = check_stated(
        tree.province, figure(tree.province, 4, bound=Bound.MORE_THAN, base_day=base, change="33.33")
    )
    assert (too_few.value_agrees, too_few.change_agrees, too_few.agrees) == (False, True, False)
    only_change = check_stated(
        tree.province, figure(tree.province, 0, bound=Bound.UNSTATED, base_day=base, change="33.33")
    )
    assert only_change.agrees
    empty_base = check_stated(
        tree.province, figure(tree.province, 4, base_day=date(2000, 12, 31), change="10")
    )
    assert (empty_base.change.base, empty_base.computed_percent, empty_base.change_agrees) == (0, None, False)
    assert check_stated(tree.province, figure(tree.province, 4)).change_agrees is None


def test_a_stated_figure_and_the_records_are_written_as_the_report_writes_them(tree):
    """Vietnamese numbers and signed percents (DESIGN.md: "35.676", "53,6%")."""
    base = date(2010, 12, 31)
    assert stated_words(figure(tree.province, 29_738)) == "29.738"
    assert stated_words(figure(tree.province, 74_600, bound=Bound.MORE_THAN)) == "hơn 74.600"
    assert (
        stated_words(figure(tree.province, 29_738, base_day=base, change="70.01"))
        == "29.738, +70,01% so với ngày 31/12/2010"
    )
    assert (
        stated_words(figure(tree.province, 0, bound=Bound.UNSTATED, base_day=base, change="-3.5"))
        == "-3,5% so với ngày 31/12/2010"
    )
    for who in (testing.person("A"), testing.person("B")):
        testing.admit(who, tree.cell_a, date(2005, 3, 1))
    testing.admit(testing.person("C"), tree.cell_a, date(2015, 3, 1))
    checked = check_stated(tree.province, figure(tree.province, 3, base_day=base, change="50"))
    assert (checked.computed_words(), checked.agrees) == ("3, +50%", True)
    zero = check_stated(tree.province, figure(tree.province, 3, base_day=date(2001, 1, 1), change="50"))
    assert zero.computed_words() == "3, không tính được (ngày gốc là 0)"


def test_bounds_and_changes_load_from_a_file_and_round_trip(tree):
    """The sheet "Số liệu nhập" carries the bound and the change ("hơn 74.600", "+70,01% so với
    31/12/2010"); a change that is not a signed decimal refuses the file, naming the reason."""
    from datetime import UTC, datetime

    from partyorg.exchange.dump import dump
    from partyorg.exchange.load import load
    from partyorg.exchange.records import ExchangeError
    from partyorg.reports.interchange import EnteredFigureRecord

    def record(uid, **kwargs):
        return None, EnteredFigureRecord(
            uid=f"5d0c1b1e-8a7e-4f0e-b7a9-6c3e2f1a{uid:04d}",
            organization="T",
            kind="stated",
            indicator="members",
            value=74_600,
            last_day=ON,
            recorded_at=datetime(2018, 1, 4, 8, 0, tzinfo=UTC),
            recorded_by="cb",
            **kwargs,
        )

    good = [
        record(1, bound=Bound.MORE_THAN),
        record(2, base_day=date(2010, 12, 31), change_percent="70.01"),
        record(3, bound=Bound.UNSTATED, base_day=date(2010, 12, 31), change_percent="-3.5"),
    ]
    with pytest.raises(ExchangeError) as caught:
        load([*good, record(4, base_day=date(2010, 12, 31), change_percent="70,01")])
    assert [p.reason for p in caught.value.problems] == [
        "Mức thay đổi (%) không phải một số thập phân có dấu như “70.01” hay “-3.5”: 70,01"
    ]
    assert not EnteredFigure.objects.exists()
    assert load(good).created["entered_figure"] == 3
    assert [r for r in dump() if isinstance(r, EnteredFigureRecord)] == [r for _, r in good]
    assert [stated_words(f) for f in EnteredFigure.objects.order_by("pk")] == [
        "hơn 74.600",
        "74.600, +70,01% so với ngày 31/12/2010",
        "-3,5% so với ngày 31/12/2010",
    ]
