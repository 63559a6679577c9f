"""Entered figures (targets, staff headcounts, stated figures) beside the computed ones, on hand-worked
cases (cast: partyorg.testing)."""

from datetime import UTC, date, datetime

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.core.formats import vn_percent
from partyorg.members.models import EventKind as K
from partyorg.reports.checks import check_report
from partyorg.reports.models import EnteredFigure, FigureKind, Indicator
from partyorg.reports.services import FigureRefused, correct_figure, enter_figure, withdraw_figure
from partyorg.reports.statistics import Period
from partyorg.reports.statistics.entered import achievement, members_since, share_of_staff, staff_on

pytestmark = pytest.mark.django_db

OFFICER = "cb.tochuc"


@pytest.fixture
def tree():
    return testing.build_tree()


def stated(org, indicator, value, last_day, first_day=None, **kwargs):
    return enter_figure(
        org,
        kind=FigureKind.STATED,
        indicator=indicator,
        value=value,
        last_day=last_day,
        first_day=first_day,
        recorded_by=OFFICER,
        **kwargs,
    )


def admit_many(cell, days):
    for i, day in enumerate(days):
        testing.admit(testing.person(f"Người {i}"), cell, day, recognize=False)


def test_achievement_counts_admissions_from_the_start_of_the_target_period(tree):
    """Hand-worked: a target of 5 for 2017; 2 admitted in 2016 (outside), 3 in the first half of
    2017 and 1 in the second. On 30/06/2017 it is 3/5 = 60%, on 31/12/2017 4/5 = 80%. The seed's
    "1.072 … (đạt 53,6%)" is the same sum: 1.072 / 2.000 = 53,6%."""
    enter_figure(
        tree.commune,
        kind=FigureKind.TARGET,
        indicator=Indicator.ADMISSIONS,
        value=5,
        first_day=date(2017, 1, 1),
        last_day=date(2017, 12, 31),
        recorded_by=OFFICER,
        source="Nghị quyết Đảng ủy xã năm 2017",
    )
    admit_many(
        tree.cell_a,
        [date(2016, 3, 1), date(2016, 9, 1), date(2017, 2, 1), date(2017, 4, 3), date(2017, 6, 1)],
    )
    admit_many(tree.cell_b, [date(2017, 9, 4)])
    half = achievement(tree.commune, date(2017, 6, 30))
    assert half is not None
    assert (half.ratio.part, half.ratio.whole) == (3, 5)
    assert half.admitted.people().count() == 3
    year = achievement(tree.commune, date(2017, 12, 31))
    assert year is not None and year.ratio.percent == 80
    # A flow the caller already has is used when it is the right one, and ignored otherwise.
    from partyorg.reports.statistics import members_flow

    h1 = members_flow(tree.commune, Period.half_year(2017, 1))
    assert achievement(tree.commune, date(2017, 6, 30), h1).admitted == half.admitted
    other = members_flow(tree.district, Period.half_year(2017, 1))
    assert achievement(tree.commune, date(2017, 6, 30), other).admitted == half.admitted
    assert achievement(tree.commune, date(2018, 1, 2)) is None  # no target for 2018
    assert achievement(tree.district, date(2017, 6, 30)) is None  # targets are per organization


def test_share_of_staff_uses_the_latest_headcount_on_or_before_the_day(tree):
    """Seed 002: "25 đảng viên, chiếm 83,3% tổng số cán bộ" is 25 / 30. Hand-worked smaller: 2
    members of the school on 01/06/2017; staff 4 stated on 01/01/2017 and 8 on 01/09/2017."""
    admit_many(tree.school, [date(2010, 3, 1), date(2012, 5, 2)])
    assert share_of_staff(tree.school, date(2017, 6, 1)) is None
    stated(tree.school, Indicator.STAFF, 4, date(2017, 1, 1))
    stated(tree.school, Indicator.STAFF, 8, date(2017, 9, 1))
    june = share_of_staff(tree.school, date(2017, 6, 1))
    assert june is not None and (june.part, june.whole, june.percent) == (2, 4, 50)
    october = share_of_staff(tree.school, date(2017, 10, 1))
    assert october is not None and october.percent == 25
    assert staff_on(tree.school, date(2016, 12, 31)) is None
    assert vn_percent(25 / 30 * 100, 1) == "83,3%"


def test_a_change_against_a_base_day(tree):
    """Hand-worked: 2 members on 31/12/2010, 5 on 31/12/2017: up 3, +150%."""
    admit_many(tree.cell_a, [date(2010, 3, 1), date(2010, 4, 1), date(2012, 3, 1), date(2014, 3, 3)])
    admit_many(tree.cell_b, [date(2016, 3, 1)])
    change = members_since(tree.commune, date(2017, 12, 31), date(2010, 12, 31))
    assert (change.now, change.base, change.difference, change.percent) == (5, 2, 3, 150)


def test_corrections_replace_and_withdrawals_remove_an_entry(tree):
    wrong = stated(tree.school, Indicator.STAFF, 40, date(2017, 1, 1))
    right = correct_figure(wrong, value=4, recorded_by=OFFICER, note="gõ nhầm")
    assert staff_on(tree.school, date(2017, 2, 1)) == right
    with pytest.raises(FigureRefused, match="đã được sửa"):
        correct_figure(wrong, value=5, recorded_by=OFFICER)
    withdraw_figure(right, recorded_by=OFFICER, note="nhập nhầm đơn vị")
    assert staff_on(tree.school, date(2017, 2, 1)) is None
    assert EnteredFigure.objects.count() == 3  # nothing was deleted


def test_the_log_of_entered_figures_is_append_only_in_the_database(tree):
    figure = stated(tree.school, Indicator.STAFF, 4, date(2017, 1, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        EnteredFigure.objects.filter(pk=figure.pk).update(value=5)
    with pytest.raises(DatabaseError), transaction.atomic():
        EnteredFigure.objects.filter(pk=figure.pk).delete()


@pytest.mark.parametrize(
    ("kind", "indicator", "first_day", "message"),
    [
        (FigureKind.TARGET, Indicator.MEMBERS, date(2017, 1, 1), "chỉ nhập cho kết nạp"),
        (FigureKind.STATED, Indicator.ADMISSIONS, None, "cần cả"),
        (FigureKind.STATED, Indicator.MEMBERS, date(2017, 1, 1), "bỏ trống"),
        (FigureKind.STATED, Indicator.ADMISSIONS, date(2018, 1, 1), "sau"),
    ],
)
def test_malformed_entries_are_refused_in_vietnamese(tree, kind, indicator, first_day, message):
    with pytest.raises(FigureRefused, match=message):
        enter_figure(
            tree.commune,
            kind=kind,
            indicator=indicator,
            value=1,
            first_day=first_day,
            last_day=date(2017, 12, 31),
            recorded_by=OFFICER,
        )
    with pytest.raises(FigureRefused, match="không tồn tại"):
        stated(tree.commune, Indicator.MEMBERS, 1, date(1990, 1, 1))


def test_stated_figures_are_checked_against_the_records_and_against_their_parts(tree):
    """Built to fail like seed 000: "646 tổ chức cơ sở Đảng, trong đó 419 chi bộ cơ sở, 225 đảng bộ
    cơ sở" (419 + 225 = 644). Here the district has 1 grassroots committee (the commune) and 1
    grassroots cell (the school): stated 3 in all, 1 + 1 as parts; and 2 members stated where the
    records hold 1 (one admitted, one died before the day)."""
    a, b = testing.person("Lò Văn A"), testing.person("Lò Văn B")
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(b, tree.cell_a, date(2010, 3, 1))
    testing.record(b, K.DIED, date(2017, 3, 1))
    on = date(2017, 6, 30)
    source = "Báo cáo 6 tháng đầu năm 2017"
    stated(tree.district, Indicator.GRASSROOTS_ORGANIZATIONS, 3, on, source=source)
    stated(tree.district, Indicator.GRASSROOTS_COMMITTEES, 1, on)
    stated(tree.district, Indicator.GRASSROOTS_CELLS, 1, on)
    stated(tree.district, Indicator.MEMBERS, 2, on)
    stated(tree.district, Indicator.ADMISSIONS, 0, on, first_day=date(2017, 1, 1))
    checks = {c.code: c for c in check_report(tree.district, Period.half_year(2017, 1))}
    assert not checks["stated.grassroots_organizations"].ok
    assert "số đã nêu 3 (Báo cáo 6 tháng đầu năm 2017), số theo hồ sơ 2" in (
        checks["stated.grassroots_organizations"].message
    )
    assert checks["stated.grassroots_committees"].ok and checks["stated.grassroots_cells"].ok
    parts = checks["stated.parts.grassroots_organizations"]
    assert not parts.ok
    assert parts.message == (
        "Tổ chức cơ sở đảng đã nêu 3, tổng các phần đã nêu Đảng bộ cơ sở 1 + Chi bộ cơ sở 1 = 2"
    )
    assert not checks["stated.members"].ok and "số theo hồ sơ 1" in checks["stated.members"].message
    assert checks["stated.admissions"].ok
    # Stated about another day or organization: not part of this report's checks.
    stated(tree.commune, Indicator.MEMBERS, 9, on)
    stated(tree.district, Indicator.MEMBERS, 9, date(2017, 6, 29))
    assert (
        sum(c.code.startswith("stated.") for c in check_report(tree.district, Period.half_year(2017, 1))) == 6
    )


def test_entered_figures_load_from_a_file_all_or_nothing_and_round_trip(tree):
    """The interchange format carries entered figures (sheet "Số liệu nhập"); a figure about an
    organization on a day it did not exist, or of an unknown organization, refuses the file."""
    from partyorg.exchange.dump import dump
    from partyorg.exchange.load import load
    from partyorg.exchange.records import ExchangeError
    from partyorg.reports.interchange import EnteredFigureRecord

    at = datetime(2017, 7, 4, 8, 0, tzinfo=UTC)

    def figure(uid, org="T.H", last_day=date(2017, 6, 30), **kwargs):
        return None, EnteredFigureRecord(
            uid=f"0b7f6a52-3c1e-4f7e-9a51-2d7a1c9e{uid:04d}",
            organization=org,
            kind="stated",
            indicator=kwargs.pop("indicator", "members"),
            value=kwargs.pop("value", 12),
            last_day=last_day,
            recorded_at=at,
            recorded_by=OFFICER,
            **kwargs,
        )

    good = [figure(1), figure(2, value=13, corrects="0b7f6a52-3c1e-4f7e-9a51-2d7a1c9e0001")]
    with pytest.raises(ExchangeError) as caught:
        load([*good, figure(3, last_day=date(1999, 1, 1)), figure(4, org="KHONG-CO")])
    reasons = [p.reason for p in caught.value.problems]
    assert any("KHONG-CO" in r for r in reasons)
    assert not EnteredFigure.objects.exists()  # nothing of the bad file was kept
    with pytest.raises(ExchangeError) as caught:
        load([*good, figure(3, last_day=date(1999, 1, 1))])
    assert [p.reason for p in caught.value.problems] == ["Tổ chức T.H không tồn tại vào ngày 01/01/1999"]
    assert load(good).created["entered_figure"] == 2
    assert load(good).unchanged["entered_figure"] == 2  # the same file twice adds nothing
    assert [r for r in dump() if isinstance(r, EnteredFigureRecord)] == [record for _, record in good]
    assert in_force_value(tree.district) == 13


def in_force_value(org):
    from partyorg.reports.statistics.entered import in_force

    return in_force().get(organization=org, indicator=Indicator.MEMBERS).value


def test_the_review_draft_writes_the_achievement_of_the_plan(tree):
    """Seed 001 writes "kết nạp 160 đảng viên mới, đạt 160% kế hoạch". Hand-worked: a plan of 4 for
    2017, 2 new members admitted in the first half: "đạt 50,0% kế hoạch"."""
    from partyorg.reports.review import draft, text

    enter_figure(
        tree.commune,
        kind=FigureKind.TARGET,
        indicator=Indicator.ADMISSIONS,
        value=4,
        first_day=date(2017, 1, 1),
        last_day=date(2017, 12, 31),
        recorded_by=OFFICER,
    )
    admit_many(tree.cell_a, [date(2017, 2, 1), date(2017, 4, 3)])
    assert "kết nạp mới 2 đảng viên, đạt 50,0% kế hoạch" in text(
        draft(tree.commune, Period.half_year(2017, 1))
    )
