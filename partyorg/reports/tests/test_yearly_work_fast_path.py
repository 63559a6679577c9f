"""The yearly-work figures on their fast path agree with their plain scans (issue 18).

Dues: the stored monthly dues (``dues.summary``: a row per member-month and the totals per
organization and month, kept current in the same transaction as each write) give the same
:class:`DuesCollection` as computing every member-month from the records, for every organization of
the small tree of ``partyorg.testing``, over several periods and days of payment, before and after a
correction, a transfer and a reorganization; and the stored rows are those a rebuild from the
records makes. Figures read as known on a past moment take the plain path.

Meetings: the stored tally of each meeting's attendance gives the counts of its lines.

The amounts are those of the rules (QĐ 01-QĐ/TW, RULES.md §4.1: a student 5.000 đ a month; a farmer
0,3% of the regional minimum wage); the tests compare two ways of adding them up, so they need no
hand-worked totals beyond the one checked in ``test_known_moment_takes_the_plain_path``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import time_machine

from partyorg import testing
from partyorg.core.known import end_of_day, known_moment, seen_as_of
from partyorg.dues import services as dues_services
from partyorg.dues import summary
from partyorg.dues.models import DuesMonth
from partyorg.meetings import services as meeting_services
from partyorg.meetings import summary as meeting_summary
from partyorg.meetings.models import AttendanceStatus, MeetingKind, MeetingTally
from partyorg.meetings.services import Absence
from partyorg.members.models import EventKind, Person
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization
from partyorg.reports.statistics import dues as figures
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.meetings import meeting_figures, meeting_figures_scan
from partyorg.rules import dues_config

pytestmark = pytest.mark.django_db
BY = "chibo.nat"


def m(year: int, month: int) -> date:
    return date(year, month, 1)


@pytest.fixture(autouse=True)
def _wages() -> Iterator[None]:
    # The [U] minimum-wage table, set to the NĐ 293/2025 amounts (as partyorg/dues/tests/test_dues.py).
    dues_config.configure(regional_minimum_wage=((m(2026, 1), (5_310_000, 4_730_000, 4_140_000, 3_700_000)),))
    yield
    dues_config.reset()


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def member(cell: Organization, name: str, **kwargs: object) -> Person:
    who = testing.person(name, **kwargs)  # type: ignore[arg-type]
    testing.admit(who, cell, date(2010, 3, 1))
    return who


PERIODS = [
    Period(m(2026, 1), m(2026, 7)),  # the first half of 2026
    Period(m(2026, 2), m(2026, 4)),
    Period(m(2026, 3), m(2026, 10)),
    Period(m(2026, 6), m(2027, 1)),
]


def as_of_days(period: Period) -> list[date | None]:
    return [None, period.start + timedelta(days=40), date(2026, 6, 3), date(2026, 12, 5)]


def fields(c: figures.DuesCollection) -> tuple[object, ...]:
    return (
        c.months,
        c.as_of,
        c.due,
        c.collected,
        c.paid_toward_due,
        c.shortfall,
        c.liable.person_ids,
        c.liable.value,
        c.in_arrears.person_ids,
        c.exempt.person_ids,
        c.not_computed.person_ids,
        c.not_computed.value,
        c.arrears,
    )


def assert_agree(tree: testing.Tree) -> int:
    """Fast and plain agree for every organization, period and day of payment; how many were
    compared with something owed."""
    for period in PERIODS:  # every period is held: the fast path is the one compared
        assert figures._stored_scope(tree.province, figures.months_of(period)) is not None
    compared = 0
    for org in (tree.province, tree.district, tree.commune, tree.cell_a, tree.cell_b, tree.school):
        for period in PERIODS:
            for as_of in as_of_days(period):
                fast = figures.dues_collection(org, period, as_of=as_of)
                plain = figures.dues_collection_scan(org, period, as_of=as_of)
                assert fields(fast) == fields(plain), (org.code, period, as_of)
                compared += bool(plain.due)
    rows, totals = summary.computed_rows()
    assert summary.stored_rows() == rows  # kept current, the rows are what the records make
    assert summary.stored_totals() == totals
    return compared


@time_machine.travel(date(2026, 12, 7), tick=False)
def test_stored_monthly_dues_agree_with_the_plain_scan(tree: testing.Tree) -> None:
    student = member(tree.cell_a, "Lò Thị Mai", sex="female", birth_date=date(2005, 1, 1))
    farmer = member(tree.cell_a, "Lò Văn Pọm")
    teacher = member(tree.school, "Quàng Văn Hưng")
    unknown = member(tree.cell_b, "Cà Thị Dung", sex="female")  # no basis: not computed
    poor = member(tree.cell_b, "Tòng Văn Khiêm")
    assert summary.coverage() is None  # nothing held before the first dues record
    dues_services.record_basis(farmer, from_month=m(2025, 6), category="farmer", region=3, recorded_by=BY)
    assert summary.coverage() == (m(2025, 6), m(2026, 12))  # from the first record to the year's end
    dues_services.record_basis(student, from_month=m(2026, 2), category="student", recorded_by=BY)
    dues_services.record_basis(poor, from_month=m(2026, 1), category="farmer", region=4, recorded_by=BY)
    dues_services.record_basis(
        teacher, from_month=m(2026, 1), category="civil_servant", amount=7_000_000, recorded_by=BY
    )
    relief = dues_services.record_relief(
        poor,
        ground="poor_household",
        percent=100,
        first_month=m(2026, 3),
        last_month=m(2026, 8),
        decided_by=tree.commune,
        legal_basis=testing.BASIS,
        recorded_by=BY,
    )
    for month in (m(2026, 2), m(2026, 3), m(2026, 4), m(2026, 5)):
        dues_services.record_payment(
            student, month=month, amount=5_000, paid_on=month + timedelta(days=9), organization=tree.cell_a,
            recorded_by=BY,
        )  # fmt: skip
    # the farmer pays more than due for 02, nothing for 03, and 06 only on 02/08/2026 (late)
    dues_services.record_payment(
        farmer, month=m(2026, 2), amount=20_000, paid_on=m(2026, 2), organization=tree.cell_a, recorded_by=BY
    )
    late = dues_services.record_payment(
        farmer, month=m(2026, 6), amount=12_420, paid_on=date(2026, 8, 2), organization=tree.cell_a,
        recorded_by=BY,
    )  # fmt: skip
    dues_services.record_payments_bulk(
        [
            dues_services.PaymentRow(teacher.pk, tree.school.pk, month, 70_000, month + timedelta(days=3))
            for month in (m(2026, 1), m(2026, 2), m(2026, 3))
        ],
        recorded_by=BY,
    )
    assert assert_agree(tree) > 50
    assert DuesMonth.objects.filter(person=unknown, due__isnull=True).exists()

    # Corrections: a payment corrected, a basis corrected, a relief withdrawn.
    dues_services.correct_payment(late, amount=10_000, recorded_by=BY, note="số tiền ghi nhầm")
    wrong = dues_services.record_basis(
        student, from_month=m(2026, 6), category="other", region=3, recorded_by=BY
    )
    dues_services.withdraw_basis(wrong, recorded_by=BY, note="nhập nhầm")
    dues_services.withdraw_relief(relief, recorded_by=BY, note="hộ đã thoát nghèo")
    assert assert_agree(tree) > 50

    # A member moves to another cell (their intervals are folded again: members' signal), and a
    # reorganization recorded later: cell B moves under the district from 01/05/2026.
    testing.record(farmer, EventKind.TRANSFER_OUT, date(2026, 4, 20), other_organization=tree.school)
    testing.record(farmer, EventKind.TRANSFER_IN, date(2026, 4, 25), organization=tree.school)
    org_services.move(
        tree.cell_b,
        tree.district,
        effective_on=m(2026, 5),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    assert assert_agree(tree) > 50

    # Kept current write by write, the tables are what a rebuild from scratch makes.
    stored = (summary.stored_rows(), summary.stored_totals())
    summary.rebuild()
    assert (summary.stored_rows(), summary.stored_totals()) == stored


@time_machine.travel(date(2026, 12, 7), tick=False)
def test_known_moment_and_months_not_held_take_the_plain_path(tree: testing.Tree) -> None:
    """Two students of cell A (QĐ 01 [V], RULES.md §4.1: 5.000 đ a month): 02–03/2026 due 20.000 đ.
    One pays 02/2026; as known on a day before that payment was recorded, nothing was collected:
    the stored rows cannot know that, so the figure is computed from the records as known then
    (``core.known``: ``in_force()`` keeps the rows recorded by then)."""
    first = member(tree.cell_a, "A", birth_date=date(2005, 1, 1))
    second = member(tree.cell_a, "B", birth_date=date(2005, 1, 1))
    with time_machine.travel(date(2026, 3, 1), tick=False):
        for who in (first, second):
            dues_services.record_basis(who, from_month=m(2026, 2), category="student", recorded_by=BY)
    dues_services.record_payment(
        first, month=m(2026, 2), amount=5_000, paid_on=m(2026, 2), organization=tree.cell_a, recorded_by=BY
    )
    period = Period(m(2026, 2), m(2026, 4))
    now = figures.dues_collection(tree.province, period)
    assert (now.due, now.collected) == (20_000, 5_000)
    with seen_as_of(end_of_day(date(2026, 3, 2))):  # what partyorg.members.known.as_known_on sets
        assert known_moment() is not None
        then = figures.dues_collection(tree.province, period)
        assert (then.due, then.collected) == (20_000, 0)
        assert fields(then) == fields(figures.dues_collection_scan(tree.province, period))
    # Months before those held (the first dues record was for 02/2026) are computed too.
    earlier = figures.dues_collection(tree.province, Period(m(2026, 1), m(2026, 3)))
    assert fields(earlier) == fields(
        figures.dues_collection_scan(tree.province, Period(m(2026, 1), m(2026, 3)))
    )
    assert earlier.not_computed.person_ids == {first.pk, second.pk}  # no basis for 01/2026


def test_meeting_tallies_agree_with_the_attendance_lines(tree: testing.Tree) -> None:
    """Each meeting's stored tally is its lines counted; the figures from the tallies are those
    counted line by line, before and after a correction; a rebuild makes the same tallies."""
    people = [member(tree.cell_a, f"Người {i}") for i in range(4)]
    with time_machine.travel(date(2026, 7, 10), tick=False):
        first = meeting_services.record_meeting(
            tree.cell_a, kind=MeetingKind.REGULAR, held_on=date(2026, 5, 5), duration_minutes=90,
            recorded_by=BY, absences={people[0]: Absence(AttendanceStatus.EXCUSED, "ốm")},
        )  # fmt: skip
        meeting_services.record_meeting(
            tree.cell_a, kind=MeetingKind.COMBINED, held_on=date(2026, 6, 5), duration_minutes=120,
            recorded_by=BY, absences={people[1]: Absence(AttendanceStatus.UNEXCUSED, "")},
        )  # fmt: skip
        assert MeetingTally.objects.get(meeting=first).excused == 1
        period = Period(m(2026, 5), m(2026, 7))
        for org in (tree.province, tree.commune, tree.cell_a, tree.cell_b):
            assert meeting_figures(org, period) == meeting_figures_scan(org, period)
        meeting_services.correct_meeting(first, absences={}, recorded_by=BY, note="đủ người")
        fast = meeting_figures(tree.province, period)
        assert fast == meeting_figures_scan(tree.province, period)
        assert (fast.attendance.present, fast.attendance.excused, fast.attendance.unexcused) == (7, 0, 1)
    tallies = {t.meeting_id: (t.present, t.excused, t.unexcused) for t in MeetingTally.objects.all()}
    assert tallies == meeting_summary.counted() | {
        pk: (0, 0, 0) for pk in tallies if pk not in meeting_summary.counted()
    }
    meeting_summary.rebuild()
    assert {t.meeting_id: (t.present, t.excused, t.unexcused) for t in MeetingTally.objects.all()} == tallies
