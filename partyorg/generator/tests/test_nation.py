"""The generated nation (``partyorg.generator.nation``, the dataset of the national benchmark): its
shape before and after 01/07/2025, rows that equal what partyorg derives from the logs written,
and the fast path equal to the plain scan on it. The fast path before and after a reorganization
and a correcting event recorded later is tested on a generated province in
``partyorg/reports/tests/test_fast_path.py``."""

from collections.abc import Iterator
from datetime import date

import pytest

from partyorg.generator import nation
from partyorg.members import replay, services
from partyorg.members.models import MembershipEvent, MembershipInterval, StockFact, StockSnapshot
from partyorg.members.stock import FACT_COLUMNS, FIELDS
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.reports.statistics.stocks import membership_on, membership_scan
from partyorg.reports.tests.test_fast_path import assert_fast_equals_scan

pytestmark = pytest.mark.django_db

MEMBERS = 4_000


@pytest.fixture(scope="module")
def small_nation(built_once) -> Iterator[dict[str, int]]:
    """Written once for the module; the rebuild of the third test is rolled back with it."""
    with built_once():
        yield nation.write_nation(MEMBERS, seed=2, batch=1_500, report=lambda line: None)


def standing(kind: str, on: date) -> int:
    return OrgVersion.objects.filter(valid_on(on), kind=kind).count()


def test_the_shape_of_the_nation_before_and_after_the_restructuring(small_nation):
    """Issue 4: 63 provinces until 30/06/2025 and 34 from 01/07/2025; the districts end then
    (QĐ 294-QĐ/TW, RULES.md §1.1, §1.5) and the commune committees stand under the provinces."""
    eve, day = date(2025, 6, 30), date(2025, 7, 1)
    assert standing(OrgKind.PROVINCE, eve) == 63 and standing(OrgKind.PROVINCE, day) == 34
    assert standing(OrgKind.DISTRICT, eve) > 0 and standing(OrgKind.DISTRICT, day) == 0
    communes = OrgVersion.objects.filter(valid_on(day), kind=OrgKind.COMMUNE)
    assert communes.exists() and not communes.exclude(parent__versions__kind=OrgKind.PROVINCE).exists()
    assert standing(OrgKind.COMMUNE, eve) == 0
    # Every member-holding organization stands on both days: the cells moved, none ended.
    holders = [OrgKind.CELL, OrgKind.GRASSROOTS_CELL]
    assert set(
        OrgVersion.objects.filter(valid_on(eve), kind__in=holders).values_list("organization_id", flat=True)
    ) == set(
        OrgVersion.objects.filter(valid_on(day), kind__in=holders).values_list("organization_id", flat=True)
    )


def test_about_the_members_asked_for_on_the_last_day(small_nation):
    """The shares of members on 01/07/2006 and admitted after are drawn so that, with the deaths
    and the other exits, the nation ends near the number asked for (within 10%)."""
    root = Organization.objects.get(code="TW")
    total = membership_on(root, nation.UNTIL).total.value
    assert abs(total - MEMBERS) <= MEMBERS // 10, total
    assert small_nation["events"] > 3 * small_nation["people"]


def test_what_it_wrote_is_what_partyorg_derives_from_the_logs(small_nation):
    """Versions, intervals, stock facts and snapshots as written equal a rebuild of each from the
    organization and membership logs (``partyorg rebuild``)."""

    def derived() -> tuple[object, ...]:
        return (
            set(
                OrgVersion.objects.values_list(
                    "organization_id", "valid_from", "valid_until", "parent_id", "kind"
                )
            ),
            sorted(MembershipInterval.objects.values_list(*replay.INTERVAL_COLUMNS)),
            sorted(StockFact.objects.values_list(*FACT_COLUMNS)),
            set(StockSnapshot.objects.filter(total__gt=0).values_list("organization_id", "day", *FIELDS)),
        )

    written = derived()
    services.rebuild_all()
    assert derived() == written
    assert MembershipEvent.objects.count() == small_nation["events"]


def test_fast_path_equals_the_plain_scan_on_the_nation(small_nation):
    """Every organization above the cells and a sample of cells, on days before, across and after
    the restructuring (hand-picked) — the figures of the benchmark, checked."""
    days = [date(2006, 7, 1), date(2012, 3, 15), date(2024, 12, 31), date(2025, 6, 30), date(2025, 7, 1)]
    days += [date(2025, 11, 30), date(2026, 6, 30)]
    # The central committee, the provinces and 120 other committees drawn each day (every one of
    # the nation's took some eight minutes of the suite), and 40 cells.
    assert assert_fast_equals_scan(days, sample=40, upper_sample=120) > 7 * (63 + 120)
    root = Organization.objects.get(code="TW")
    for day in days:
        fast, scan = membership_on(root, day), membership_scan(root, day)
        assert fast.women.value == scan.women.value and fast.total.value == scan.total.value
