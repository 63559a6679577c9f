"""Form 1's moves on their fast path (``reports.flow_summary``, issue 18) give exactly the plain
scan's figures (``members_flow_scan``: every reason of B and C, the "of which" lines, A and D) for
every organization above the cells and a sample of cells, over many periods (half-years, whole years,
periods cut mid-month, a period of years), on a generated province before and after a
reorganization and a correcting event recorded later; the incrementally kept tables equal a rebuild;
the people behind a stored count are found when the figure is opened, and counting reads no event
(hand-worked)."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partyorg import testing
from partyorg.members import services, stock
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.reports import flow_summary
from partyorg.reports.models import FlowCount, FlowMove
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.flows import (
    ENTRY_REASONS,
    EXIT_REASONS,
    MembersFlow,
    _DeferredMoves,
    members_flow,
    members_flow_scan,
)
from partyorg.reports.tests.test_fast_path import (  # noqa: F401  (generated_province: its class fixture)
    generated_province,
    move_a_cell_and_correct_a_ceremony,
)

pytestmark = pytest.mark.django_db


def values(flow: MembersFlow) -> tuple:
    """Every count of form 1, read without opening a figure."""
    return (
        flow.opening.value,
        flow.closing.value,
        {reason: flow.entries[reason].value for reason in ENTRY_REASONS},
        {reason: flow.exits[reason].value for reason in EXIT_REASONS},
        flow.admissions.value,
        flow.removed_probationary.value,
        flow.transfers_in_from_outside.value,
        flow.transfers_out_to_outside.value,
    )


def moves(flow: MembersFlow) -> tuple:
    """The moves behind every figure (opening the figures)."""
    return (
        {reason: sorted(f.moves) for reason, f in flow.entries.items()},
        {reason: sorted(f.moves) for reason, f in flow.exits.items()},
        sorted(flow.admissions.moves),
        sorted(flow.removed_probationary.moves),
        sorted(flow.transfers_in_from_outside.moves),
        sorted(flow.transfers_out_to_outside.moves),
    )


# Half-years on both sides of the 01/07/2025 restructuring and of the move below (01/03/2021),
# a whole year, periods that begin or end mid-month (read partly off the facts), one month, and a
# period of years.
PERIODS = (
    Period.half_year(2009, 1),
    Period.half_year(2014, 2),
    Period.half_year(2017, 1),
    Period.half_year(2021, 1),
    Period.half_year(2025, 1),
    Period.half_year(2025, 2),
    Period(date(2018, 1, 1), date(2019, 1, 1)),
    Period.between(date(2016, 2, 17), date(2016, 11, 3)),
    Period.between(date(2020, 12, 31), date(2021, 4, 1)),
    Period(date(2023, 5, 1), date(2023, 6, 1)),
    Period(date(2012, 3, 1), date(2019, 1, 1)),
    Period.between(date(2024, 9, 9), date(2025, 9, 30)),
)


def assert_flows_equal(periods: tuple[Period, ...], cells: int = 15, opened_every: int = 4) -> int:
    """For every organization above the cells standing at the period's end and ``cells`` cells:
    the counts of form 1 on the fast path equal the plain scan's, and every ``opened_every``-th
    organization's moves too. Returns how many organizations the stored counts served."""
    stored = checked = 0
    rng = random.Random(11)
    for period in periods:
        standing = OrgVersion.objects.filter(valid_from__lte=period.closing_day).exclude(
            valid_until__lte=period.closing_day
        )
        upper = list(standing.exclude(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        all_cells = sorted(standing.filter(kind=OrgKind.CELL).values_list("organization_id", flat=True))
        chosen = upper + rng.sample(all_cells, min(cells, len(all_cells)))
        for org in Organization.objects.filter(pk__in=chosen).order_by("pk"):
            fast, plain = members_flow(org, period), members_flow_scan(org, period)
            assert fast.identity_holds, (org.code, period)
            assert values(fast) == values(plain), (org.code, period)
            if checked % opened_every == 0 or isinstance(fast.entries["admitted"], _DeferredMoves):
                assert moves(fast) == moves(plain), (org.code, period)
            stored += isinstance(fast.entries["admitted"], _DeferredMoves)
            checked += 1
    return stored


def count_table() -> set[tuple]:
    return set(FlowCount.objects.exclude(n=0).values_list("organization_id", "month", "label", "n"))


def move_table() -> list[tuple]:
    return sorted(FlowMove.objects.values_list(*flow_summary.MOVE_COLUMNS), key=repr)


@pytest.mark.usefixtures("generated_province")
class TestOnAGeneratedProvince:
    PARTS = 2

    @pytest.mark.parametrize("part", range(PARTS))
    def test_fast_and_plain_agree_for_every_organization_over_many_periods(self, part):
        assert flow_summary.held()
        periods = PERIODS[part :: self.PARTS]
        # The province and its districts (or communes after the restructuring) in every period.
        assert assert_flows_equal(periods) >= 3 * len(periods)

    def test_they_agree_after_a_reorganization_and_a_correction_and_equal_a_rebuild(self):
        incremental = (move_table(), count_table())
        ceremony = move_a_cell_and_correct_a_ceremony()
        corrected = Period(ceremony.effective_on.replace(day=1), ceremony.effective_on + timedelta(days=75))
        assert assert_flows_equal((Period.half_year(2021, 1), Period.half_year(2021, 2), corrected)) > 0
        changed = (move_table(), count_table())
        assert changed != incremental  # the changes did move the tables

        stock.rebuild()  # rebuilds the flow tables too (stock_refreshed with None)
        assert (move_table(), count_table()) == changed


def test_hand_worked_half_year_of_a_province_and_its_districts():
    """Hand-worked (form 1, RULES.md §6.2): in the province T, district H holds A (admitted
    11/12/2016), C, D and E (admitted 2015); B is admitted in H (ceremony 02/03/2017). In the first
    half of 2017 C moves to district K (10/04/2017), D dies (20/05/2017), E moves to another
    province (15/06/2017, outside the records). Province: A 4, B.1 1, C.1 1, C.5 1 of which to
    another province 1, D 3. District H: A 4, B.1 1, C.1 1, C.5 2 (1 outside), D 2. District K:
    A 0, B.2 1 (not from outside), D 1. From 15/02 to 24/05 the days before and after March–April
    are read off the facts: the province has B.1 1 and C.1 1. D's death corrected to 05/07/2017
    leaves the half-year: the province's C.1 0, D 4."""
    tree = testing.build_tree()
    district_k = testing.found("T.K", "Huyện ủy K", OrgKind.DISTRICT, tree.province)
    cell_k = testing.found("T.K.1", "Chi bộ K1", OrgKind.GRASSROOTS_CELL, district_k)
    a, b, c, d, e = (testing.person(f"Lò Văn {name}") for name in "ABCDE")
    testing.admit(a, tree.cell_a, date(2016, 12, 1))
    for who in (c, d, e):
        testing.admit(who, tree.cell_b, date(2015, 3, 2))
    testing.admit(b, tree.cell_a, date(2017, 2, 20))
    testing.record(c, EventKind.TRANSFER_OUT, date(2017, 4, 10), other_organization=cell_k)
    death = testing.record(d, EventKind.DIED, date(2017, 5, 20))
    testing.record(e, EventKind.TRANSFER_OUT, date(2017, 6, 15), external_place="Tỉnh Lai Châu")
    assert flow_summary.held()
    half = Period.half_year(2017, 1)
    zero_in, zero_out = dict.fromkeys(ENTRY_REASONS, 0), dict.fromkeys(EXIT_REASONS, 0)
    expected = {
        tree.province: (4, 3, zero_in | {"admitted": 1}, zero_out | {"died": 1, "transferred_out": 1}),
        tree.district: (4, 2, zero_in | {"admitted": 1}, zero_out | {"died": 1, "transferred_out": 2}),
        district_k: (0, 1, zero_in | {"transferred_in": 1}, zero_out),
    }
    outside = {tree.province: (0, 1), tree.district: (0, 1), district_k: (0, 0)}
    for org, (opening, closing, entries, exits) in expected.items():
        with CaptureQueriesContext(connection) as queries:
            flow = members_flow(org, half)
            found = values(flow)
        assert found[:4] == (opening, closing, entries, exits), org.code
        assert found[6:] == outside[org], org.code
        assert isinstance(flow.exits["died"], _DeferredMoves), org.code  # from the stored counts
        assert not any(MembershipEvent._meta.db_table in q["sql"] for q in queries.captured_queries)
        assert values(flow) == values(members_flow_scan(org, half))
        assert moves(flow) == moves(members_flow_scan(org, half))  # opened: the same people
    province = members_flow(tree.province, half)
    assert list(province.exits["died"].people()) == [d]
    assert province.admissions.moves == ((b.pk, date(2017, 3, 2)),)

    cut = Period.between(date(2017, 2, 15), date(2017, 5, 24))
    flow = members_flow(tree.province, cut)
    assert (flow.entries["admitted"].value, flow.exits["died"].value, flow.left) == (1, 1, 1)
    assert values(flow) == values(members_flow_scan(tree.province, cut))

    services.correct_event(
        death,
        effective_on=date(2017, 7, 5),
        recorded_by=testing.OFFICER,
        legal_basis=testing.BASIS,
        note="ngày mất ghi nhầm",
    )
    flow = members_flow(tree.province, half)
    assert (flow.exits["died"].value, flow.closing.value) == (0, 4)
    assert values(flow) == values(members_flow_scan(tree.province, half))
    assert members_flow(tree.province, Period.half_year(2017, 2)).exits["died"].value == 1


def test_a_level_moved_up_mid_period_is_read_off_the_facts():
    """A commune committee under a district until 30/06/2025 and under the province from 01/07/2025
    stands in the third column for part of 2025: its form 1 of the year is read off the facts (no
    stored counts then), the district's and the province's from the counts; all as the scan."""
    tree = testing.build_tree()
    for name in "AB":
        testing.admit(testing.person(f"Lò Văn {name}"), tree.cell_a, date(2015, 3, 2))
    testing.admit(testing.person("Lò Văn C"), tree.cell_b, date(2025, 3, 2))
    from partyorg.organizations import services as org_services

    org_services.move(
        tree.commune,
        tree.province,
        effective_on=date(2025, 7, 1),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    year = Period(date(2025, 1, 1), date(2026, 1, 1))
    commune = members_flow(tree.commune, year)
    assert not isinstance(commune.entries["admitted"], _DeferredMoves)
    assert (commune.opening.value, commune.entries["admitted"].value, commune.closing.value) == (2, 1, 3)
    district = members_flow(tree.district, year)
    assert isinstance(district.exits["reorganized"], _DeferredMoves)
    assert (district.exits["reorganized"].value, district.closing.value) == (3, 0)
    for org in (tree.province, tree.district, tree.commune):
        assert values(members_flow(org, year)) == values(members_flow_scan(org, year)), org.code
