"""Demo dues: the bases of the demo province's members and their payments for 07/2025 – 06/2026 (six
months under QĐ 342, six under QĐ 01-QĐ/TW), or to the month before the day the demo is built
(``partyorg demo`` passes it), through the dues services.

Each member of a cell in the period gets a basis from their occupation (the demo's ``Person.occupation``):
civil servants, teachers, soldiers and police on a salary, workers in enterprises on a wage, "Hưu trí" on a
pension, farmers, the self-employed and traders outside insurance, and young members out of work as
students. Members living in Thành phố Điện Biên Phủ are in minimum-wage region III, the others in region
IV (a demo simplification of the decree's list). A third of the salaried get a raise from 01/2026, so
02/2026 shows QĐ 01's "previous month's salary". A few farmers get a hardship reduction or a poor-household
exemption decided by the upper committee.

Payments: most members pay each month's due in full at their cell's monthly meeting (some more than due,
some through the Portal from 02/2026); a few pay one month late; about 2% leave three or more months of
2026 unpaid (arrears and the three-months warning of RULES.md §2.9), and a few stop paying in 03/2026.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Q

from partyorg.core.records import LegalBasis
from partyorg.dues import services, summary
from partyorg.dues.models import DuesMonth, PaymentChannel
from partyorg.dues.queries import warnings_of
from partyorg.dues.services import BasisRow, DuesRefused, PaymentRow
from partyorg.members.models import MembershipInterval, Person
from partyorg.organizations.models import (
    MEMBER_HOLDING_KINDS,
    Locality,
    LocalityParent,
    Organization,
    OrgVersion,
)
from partyorg.rules import dues as rules
from partyorg.rules.base import RuleViolation

FIRST = date(2025, 7, 1)
LAST = date(2026, 6, 1)
BASIS_FROM = date(2025, 1, 1)
CITY_CODES = ("094", "03127-2025")  # Thành phố Điện Biên Phủ; Phường Điện Biên Phủ after 01/07/2025

SALARIED = {
    "Cán bộ, công chức cấp xã": (5_000_000, 9_000_000),
    "Giáo viên": (6_000_000, 12_000_000),
    "Viên chức y tế": (6_000_000, 12_000_000),
    "Quân nhân": (8_000_000, 16_000_000),
    "Công an nhân dân": (8_000_000, 16_000_000),
    "Cán bộ, công chức": (6_000_000, 15_000_000),
    "Viên chức": (6_000_000, 12_000_000),
}
ENTERPRISE = {"Công nhân": (5_000_000, 9_000_000), "Nhân viên doanh nghiệp": (6_000_000, 14_000_000)}
FARMING = {"Nông dân"}


def _city_localities() -> set[int]:
    """Thành phố Điện Biên Phủ and every unit that was ever under it."""
    found = set(Locality.objects.filter(code__in=CITY_CODES).values_list("pk", flat=True))
    links = list(LocalityParent.objects.values_list("locality_id", "parent_id"))
    grew = True
    while grew:
        more = {child for child, parent in links if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def _round(amount: int, step: int = 10_000) -> int:
    return max(step, amount // step * step)


def _basis(
    occupation: str, birth: date, region: int, rng: random.Random, last: date = LAST
) -> tuple[str, int | None, int | None]:
    """(category, amount, region) of a member from their occupation."""
    if occupation in SALARIED:
        return rules.CIVIL_SERVANT, _round(rng.randint(*SALARIED[occupation]), 1_000), None
    if occupation in ENTERPRISE:
        return rules.ENTERPRISE, _round(rng.randint(*ENTERPRISE[occupation]), 1_000), None
    if occupation == "Hưu trí":
        return rules.PENSIONER, _round(rng.randint(3_500_000, 9_000_000), 1_000), None
    if (last.year - birth.year) < 23 and rng.random() < 0.5:
        return rules.STUDENT, None, None
    if occupation in FARMING:
        return rules.FARMER, None, region
    return rules.OTHER, None, region


def populate(*, seed: int = 2017, recorded_by: str = "demo", today: date | None = None) -> dict[str, int]:
    """Add dues bases, a few reliefs and the payments of 07/2025–06/2026 (given the day the demo is
    built, ``today``: of 07/2025 to the month before) to a database holding the demo province;
    deterministic for ``seed`` and ``today``. Returns counts of what was made."""
    rng = random.Random(f"{seed}/dues")
    last = LAST if today is None else rules.shift_month(rules.month_start(today), -1)
    end = rules.month_end(last)
    cells = set(
        OrgVersion.objects.filter(kind__in=MEMBER_HOLDING_KINDS, valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=FIRST))
        .values_list("organization_id", flat=True)
    )
    starts: dict[int, date] = {}
    ends: dict[int, date | None] = {}  # the end of each one's last period in the months (None: open)
    for person_id, start, until in (
        MembershipInterval.objects.filter(organization_id__in=cells, valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=FIRST))
        .values_list("person_id", "valid_from", "valid_until")
    ):
        starts[person_id] = min(start, starts.get(person_id, start))
        known = ends.get(person_id, date.min)
        ends[person_id] = None if until is None or known is None else max(known, until)
    city = _city_localities()
    people = sorted(
        Person.objects.filter(pk__in=starts).values_list("pk", "birth_date", "occupation", "home_locality_id")
    )
    bases: list[BasisRow] = []
    kinds: dict[int, str] = {}
    for pk, birth, occupation, home in people:
        region = 3 if home in city else 4
        category, amount, region_of = _basis(occupation, birth, region, rng, last)
        kinds[pk] = category
        since = max(BASIS_FROM, rules.month_start(starts[pk]))
        bases.append(BasisRow(pk, since, category, amount, region_of))
        # The raise only for who is still a member from 01/2026 (dues.services.record_basis), asked
        # after the draw, so that the random sequence and the rest of the demo stay as they were.
        member_in_2026 = ends[pk] is None or ends[pk] > date(2026, 1, 1)  # type: ignore[operator]
        if (
            category in rules.INSURED
            and amount
            and since < date(2026, 1, 1)
            and rng.random() < 0.33
            and member_in_2026
        ):
            raised = _round(amount * rng.randint(105, 112) // 100, 1_000)
            bases.append(BasisRow(pk, date(2026, 1, 1), category, raised, None))
    made_bases = services.record_bases_bulk(bases, recorded_by=recorded_by)
    made_reliefs = _reliefs(kinds, rng, recorded_by)

    cell_day = {cell: rng.randint(3, 25) for cell in sorted(cells)}
    habits = {pk: rng.random() for pk, *_ in people}
    portal = {pk: rng.random() < 0.2 for pk, *_ in people}
    skipped: dict[int, set[date]] = {}
    for pk, habit in habits.items():
        if habit < 0.02:  # arrears: three to five of the last six months (of 2026) unpaid
            months = rules.months_between(max(date(2026, 1, 1), rules.shift_month(last, -5)), last)
            skipped[pk] = set(rng.sample(months, rng.randint(3, 5)))
        elif habit < 0.03:  # stopped paying three months before the last (in 03/2026)
            skipped[pk] = set(rules.months_between(rules.shift_month(last, -3), last))
    payments: list[PaymentRow] = []
    rows = _owed(cells, last)
    for row in rows:
        if row.amount_due == 0 or row.month in skipped.get(row.person_id, ()):
            continue
        day = row.month + timedelta(days=cell_day.get(row.organization_id, 10) - 1)
        habit = habits.get(row.person_id, 0.5)
        if 0.03 <= habit < 0.07 and rng.random() < 0.15:  # paid with next month's
            day = rules.shift_month(row.month, 1) + timedelta(days=cell_day.get(row.organization_id, 10) - 1)
        amount = row.amount_due
        if habit > 0.97:  # pays more than due, voluntarily (RULES.md §4.1)
            amount = _round(amount + 9_999)
        channel = PaymentChannel.PORTAL if portal[row.person_id] and row.month >= rules.QD_01_FROM else "cash"
        payments.append(PaymentRow(row.person_id, row.organization_id, row.month, amount, day, channel))
    made_payments = services.record_payments_bulk(payments, recorded_by=recorded_by)
    # The warnings as of the month after the last (01/07/2026), from the rows in hand (the same as
    # non_payment_warnings would read).
    as_of = rules.shift_month(last, 1)
    paid: dict[tuple[int, date], int] = defaultdict(int)
    for payment in payments:
        if payment.paid_on <= as_of:
            paid[payment.person_id, payment.month] += payment.amount
    in_year = [
        replace(row, paid=paid[row.person_id, row.month]) for row in rows if row.month.year == last.year
    ]
    warnings = warnings_of(in_year, last.year, as_of)
    return {
        "members": len(people),
        "bases": made_bases,
        "reliefs": made_reliefs,
        "payments": made_payments,
        "members_skipping": len(skipped),
        "non_payment_warnings": len(warnings),
    }


@dataclass(frozen=True)
class _Owed:
    """A member-month of the stored monthly dues, as the payments drawn and the warnings read it."""

    person_id: int
    month: date
    organization_id: int
    amount_due: int
    paid: int = 0

    @property
    def shortfall(self) -> int:
        return max(0, self.amount_due - self.paid)


def _owed(cells: set[int], last: date) -> list[_Owed]:
    """The member-months of FIRST–``last`` owed to ``cells``, from the stored monthly dues that the bases
    and reliefs just recorded have made (``dues.summary``: what ``dues.queries.member_months`` computes,
    not computed a second time), in the order of person and month."""
    held = summary.coverage()
    assert held is not None and held[0] <= FIRST and last <= held[1], held  # the bases built them
    rows = DuesMonth.objects.filter(organization_id__in=cells, month__gte=FIRST, month__lte=last)
    return [
        _Owed(person_id, month, org_id, due or 0)
        for person_id, month, org_id, due in rows.order_by("person_id", "month").values_list(
            "person_id", "month", "organization_id", "due"
        )
    ]


def _reliefs(kinds: dict[int, str], rng: random.Random, recorded_by: str) -> int:
    """A few farmers relieved from 03/2026: a 50% hardship reduction for six months, or a poor-household
    exemption, decided by the committee above their cell (QĐ 01, RULES.md §4.1)."""
    farmers = sorted(pk for pk, kind in kinds.items() if kind in (rules.FARMER, rules.OTHER))
    chosen = rng.sample(farmers, min(len(farmers), max(1, len(farmers) // 300)))
    day = date(2026, 3, 1)
    made = 0
    by_parent: dict[int, int] = defaultdict(int)
    for index, pk in enumerate(chosen):
        person = Person.objects.get(pk=pk)
        interval = (
            MembershipInterval.objects.filter(person_id=pk, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
            .first()
        )
        version = (
            OrgVersion.objects.filter(organization_id=interval.organization_id, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
            .first()
            if interval
            else None
        )
        if version is None:
            continue
        grassroots = version.kind != "cell"
        decider_id = version.organization_id if grassroots else version.parent_id
        if decider_id is None:
            continue
        decider = Organization.objects.get(pk=decider_id)
        by_parent[decider.pk] += 1
        basis = LegalBasis(f"{by_parent[decider.pk]:02d}-QĐ/ĐU", date(2026, 2, 26), "Đảng ủy cấp trên")
        hardship = index % 3 != 0
        try:
            services.record_relief(
                person,
                ground=rules.HARDSHIP if hardship else rules.POOR_HOUSEHOLD,
                percent=50 if hardship else 100,
                first_month=day,
                last_month=date(2026, 8, 1) if hardship else None,
                decided_by=decider,
                legal_basis=basis,
                recorded_by=recorded_by,
            )
            made += 1
        except (RuleViolation, DuesRefused):
            continue
    return made
