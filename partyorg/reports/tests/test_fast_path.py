"""The fast path of the stock figures (``partyorg.members.stock``) gives exactly the plain scan's
figures (stocks, the members of each unit, and the moves of form 1), for every organization on many
days, on a generated province with its hamlet mergers, its corrections and the 01/07/2025
restructuring, before and after a reorganization and a correcting event recorded later; and the
incrementally kept tables equal a rebuild from scratch."""

import random
from datetime import date, timedelta

import pytest

from partyorg import testing
from partyorg.exchange.load import load
from partyorg.generator import generate_province
from partyorg.members import services, stock
from partyorg.members.models import EventKind, MembershipEvent, StockFact, StockSnapshot
from partyorg.organizations import services as org_services
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.flows import MembersFlow, members_flow, members_flow_scan
from partyorg.reports.statistics.stocks import (
    HEADLINE,
    fact_people,
    fast_counts,
    members_by_child,
    members_by_child_scan,
    membership_scan,
)

pytestmark = pytest.mark.django_db


def days_to_check(seed: int) -> list[date]:
    """The year ends of the snapshots (a half-year end every third year: a day that is not a
    snapshot's), the days around the restructuring and the turn of 2000, and random days. Each day
    costs a plain scan of every organization checked, so the days are few and of every kind."""
    rng = random.Random(seed)
    days = [date(y, 12, 31) for y in range(2008, 2026)]
    days += [date(y, 6, 30) for y in range(2008, 2027, 3)]
    days += [date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 2), date(2000, 1, 1), date(1999, 12, 31)]
    days += [date(2008, 1, 1) + timedelta(days=rng.randrange(6700)) for _ in range(6)]
    return days


def assert_fast_equals_scan(
    days: list[date], every: frozenset[date] = frozenset(), sample: int = 150, upper_sample: int | None = None
) -> int:
    """On the days in ``every``, every organization standing that day; on the others, every
    organization above the cells (or, with ``upper_sample``, the root, the provinces and that many
    of the others drawn at random: a nation has thousands), and a random sample of the rest."""
    checked = 0
    rng = random.Random(len(days))
    for day in days:
        standing = OrgVersion.objects.filter(valid_from__lte=day).exclude(valid_until__lte=day)
        orgs = list(Organization.objects.filter(pk__in=standing.values("organization_id")).order_by("pk"))
        uppers = standing.exclude(kind=OrgKind.CELL)
        if upper_sample is not None:
            top = set(
                uppers.filter(kind__in=(OrgKind.CENTRAL, OrgKind.PROVINCE)).values_list(
                    "organization_id", flat=True
                )
            )
            rest = sorted(set(uppers.values_list("organization_id", flat=True)) - top)
            uppers = uppers.filter(
                organization_id__in=top | set(rng.sample(rest, min(upper_sample, len(rest))))
            )
        if day not in every:
            upper = set(uppers.values_list("organization_id", flat=True))
            orgs = [o for o in orgs if o.pk in upper] + rng.sample(orgs, min(sample, len(orgs)))
        for org in orgs:
            counts = fast_counts(org, day)
            assert counts is not None, org.code
            scanned = membership_scan(org, day)
            expected = {name: getattr(scanned, name).value for name in HEADLINE}
            assert counts == expected, (org.code, day, counts, expected)
            if checked % 7 == 0:  # the people of a figure opened, from the facts
                for name in ("total", "women", "probationary"):
                    assert fact_people(org, day, name) == getattr(scanned, name).person_ids, (org.code, day)
            checked += 1
        for org in Organization.objects.filter(pk__in=uppers.values("organization_id")):
            fast = {child: figure.value for child, figure in members_by_child(org, day).items()}
            plain = {child: figure.value for child, figure in members_by_child_scan(org, day).items()}
            assert fast == plain, (org.code, day)
    return checked


# Half-years across the restructuring of 01/07/2025, the move and the correction below, and a
# period of several years.
PERIODS = (
    Period.half_year(2014, 1),
    Period.half_year(2021, 1),
    Period.half_year(2025, 1),
    Period.half_year(2025, 2),
    Period(date(2012, 3, 1), date(2019, 1, 1)),
)


def flow_key(flow: MembersFlow) -> tuple:
    return (
        flow.opening.value,
        flow.closing.value,
        {reason: sorted(figure.moves) for reason, figure in flow.entries.items()},
        {reason: sorted(figure.moves) for reason, figure in flow.exits.items()},
        sorted(flow.removed_probationary.moves),
        sorted(flow.transfers_in_from_outside.moves),
        sorted(flow.transfers_out_to_outside.moves),
    )


def assert_flows_equal(periods: tuple[Period, ...]) -> int:
    """Form 1 from the facts equals form 1 from the plain scan, move by move and reason by reason,
    for every organization above the cells and a sample of cells standing at the period's end."""
    checked = 0
    rng = random.Random(7)
    for period in periods:
        standing = OrgVersion.objects.filter(valid_from__lte=period.closing_day).exclude(
            valid_until__lte=period.closing_day
        )
        upper = list(standing.exclude(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        cells = list(standing.filter(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        for org in Organization.objects.filter(pk__in=upper + rng.sample(cells, min(40, len(cells)))):
            fast = members_flow(org, period)
            assert fast.identity_holds, (org.code, period)
            assert flow_key(fast) == flow_key(members_flow_scan(org, period)), (org.code, period)
            checked += 1
    return checked


def snapshot_table() -> set[tuple]:
    return set(StockSnapshot.objects.filter(total__gt=0).values_list("organization_id", "day", *stock.FIELDS))


def fact_table() -> list[tuple]:
    return sorted(StockFact.objects.values_list(*stock.FACT_COLUMNS))


def move_a_cell_and_correct_a_ceremony() -> MembershipEvent:
    """Two changes recorded later on a loaded province: a reorganization (a commune committee's first
    cell moves under another commune committee from 01/03/2021: past figures stay, later ones follow
    the new tree) and a correcting event (somebody's admission ceremony was 40 days later). Returns
    the ceremony as it was first recorded."""
    communes = list(
        OrgVersion.objects.filter(kind=OrgKind.GRASSROOTS_COMMITTEE, valid_from__lte=date(2021, 3, 1))
        .exclude(valid_until__lte=date(2021, 3, 1))
        .values_list("organization_id", flat=True)[:2]
    )
    cell = (
        OrgVersion.objects.filter(parent_id=communes[0], valid_from__lte=date(2021, 3, 1))
        .exclude(valid_until__lte=date(2021, 3, 1))
        .first()
    )
    org_services.move(
        cell.organization,
        Organization.objects.get(pk=communes[1]),
        effective_on=date(2021, 3, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    ceremony = MembershipEvent.objects.filter(
        kind=EventKind.ADMISSION_CEREMONY, effective_on__gte=date(2015, 1, 1), corrections__isnull=True
    ).first()
    assert ceremony is not None
    services.correct_event(
        ceremony,
        effective_on=ceremony.effective_on + timedelta(days=40),
        recorded_by=testing.OFFICER,
        legal_basis=testing.BASIS,
        note="ngày lễ kết nạp ghi nhầm năm",
        override=services.Override("admission.ceremony_deadline", "sửa theo hồ sơ gốc"),
    )
    return ceremony


PARTS = 3  # the days checked on the province as loaded, in parts that can run side by side


@pytest.fixture(scope="class")
def generated_province(built_once):
    """The generated province of 900 members (seed 5), loaded once for the class's tests."""
    with built_once():
        load((None, r) for r in generate_province(900, seed=5))
        yield


@pytest.mark.usefixtures("generated_province")
class TestOnAGeneratedProvince:
    """One load shared: the parts only read; the reorganization and the correction below are
    rolled back with their test."""

    @pytest.mark.parametrize("part", range(PARTS))
    def test_fast_and_plain_agree_for_every_organization_on_many_days(self, part):
        days = days_to_check(5)[part::PARTS]
        every = frozenset({date(2014, 6, 30), date(2025, 7, 1)})
        checked = assert_fast_equals_scan(days, every=every, sample=80)
        assert checked >= 80 * len(days)  # at least the sample each day

    def test_fast_and_plain_agree_after_a_reorganization_and_a_correction_recorded_later(self):
        incremental = (fact_table(), snapshot_table())

        ceremony = move_a_cell_and_correct_a_ceremony()
        later = [
            date(2021, 2, 28),
            date(2021, 3, 1),
            ceremony.effective_on + timedelta(days=20),
            date(2026, 6, 30),
        ]
        assert assert_fast_equals_scan(later, every=frozenset({date(2021, 3, 1)})) > 1_000
        assert assert_flows_equal(PERIODS) > 300
        changed = (fact_table(), snapshot_table())
        assert changed != incremental  # the changes did move the tables

        # Kept current change by change, the tables are what a rebuild from scratch makes.
        stock.rebuild()
        assert (fact_table(), snapshot_table()) == changed


def test_a_deep_organization_is_counted_the_plain_way():
    """Deeper than the facts' columns (a0 … a6): no fast count, and the figure still comes."""
    tree = testing.build_tree()
    parent = tree.cell_a
    for level in range(5):
        parent = testing.found(f"D{level}", f"Tổ {level}", OrgKind.CELL, parent)
    assert fast_counts(parent, date(2020, 1, 1)) is None
    assert fast_counts(tree.cell_a, date(2020, 1, 1)) == dict.fromkeys(stock.FIELDS, 0)
    on = date(2020, 1, 1)
    assert {k: v.value for k, v in members_by_child(parent, on).items()} == {
        k: v.value for k, v in members_by_child_scan(parent, on).items()
    }


def test_members_by_child_opens_into_the_same_people():
    """Hand-worked: two members in cell A, one in cell B, one in the school; the district's
    children are the commune (3) and the school (1)."""
    tree = testing.build_tree()
    for who, cell in (("A", tree.cell_a), ("B", tree.cell_a), ("C", tree.cell_b), ("D", tree.school)):
        testing.admit(testing.person(f"Lò Văn {who}"), cell, date(2015, 3, 2))
    on = date(2020, 1, 1)
    fast, plain = members_by_child(tree.district, on), members_by_child_scan(tree.district, on)
    assert {k: v.value for k, v in fast.items()} == {
        tree.commune.pk: 3,
        tree.school.pk: 1,
        tree.district.pk: 0,
    }
    assert all(fast[k].person_ids == plain[k].person_ids for k in plain)


def test_links_that_point_both_ways_at_different_times():
    """Review of 23/11/2026: a chain Z0 … Z5 under the province from 2015 (each under the one
    before); Z3 moves to the province in 2018; Z0 moves under Z4 in 2019 (Z4 was under Z0 until
    2018). Every organization has a line on every day, and fast = scan."""
    tree = testing.build_tree()
    chain, parent = [], tree.province
    for i in range(6):
        parent = testing.found(
            f"Z{i}", f"Đảng bộ Z{i}", OrgKind.GRASSROOTS_COMMITTEE, parent, on=date(2015, 1, 1)
        )
        chain.append(parent)
        testing.admit(testing.person(f"Người Z{i}"), parent, date(2015, 3, 2))
    for org, new_parent, day in (
        (chain[3], tree.province, date(2018, 1, 1)),
        (chain[0], chain[4], date(2019, 1, 1)),
    ):
        org_services.move(org, new_parent, effective_on=day, legal_basis=testing.BASIS, recorded_by="t")
    lines = stock.org_lines()
    for org in chain:
        covered = lines[org.pk]
        assert covered[0].valid_from == date(2015, 1, 1) and covered[-1].valid_until is None, org.code
    days = [date(2016, 6, 30), date(2018, 6, 30), date(2019, 6, 30), date(2020, 12, 31), date(2021, 3, 3)]
    assert assert_fast_equals_scan(days, every=frozenset(days)) > 50
