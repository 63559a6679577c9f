"""The stored monthly dues (:class:`~partyorg.dues.models.DuesMonth`): every member-month owed over
the months :class:`~partyorg.dues.models.DuesCoverage` names, as :func:`partyorg.dues.queries.member_months`
computes it, with the payments in force for it.

Kept current in the same transaction as each write it depends on:

* a basis or relief recorded (``dues.services``): that person's months are computed again;
* a payment recorded (``dues.services``): that member-month's ``paid`` and ``last_paid_on`` are
  added up again in the database (one statement, so a load of a province's payments stays cheap);
* a person's derived rows refreshed (a membership event, a reorganization that moved them, a
  correction of their record: ``members.signals.derived_refreshed``): their months again; after a
  rebuild of everyone's, all of them.

Nothing is held before the first dues record: the first one builds the table, from its month (or
the earliest recorded) to December of the following year. Figures of months outside it, and figures
read as known on a past moment (``core.known``), take the plain path. ``rebuild()`` makes the table
again from the records (``partyorg rebuild``; run it in a new year to move the last month on).

A load of a file (``exchange``) writes its dues records inside :func:`deferred`: the months are not
kept per batch then, only the people touched noted, and made once as the block ends (a rebuild when
the tables were empty or most people were touched), in the load's transaction. Nothing in a load
reads the stored months (the dues services check the records themselves).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from partyorg.core import bulk
from partyorg.core.known import known_moment
from partyorg.dues import queries
from partyorg.dues.models import DuesBasis, DuesCoverage, DuesMonth, DuesOrgMonth, DuesPayment, DuesRelief
from partyorg.members.models import MembershipInterval
from partyorg.rules import dues as rules

__all__ = [
    "computed_rows",
    "coverage",
    "deferred",
    "on_derived_refreshed",
    "payment_recorded",
    "rebuild",
    "refresh",
    "stored_rows",
    "stored_totals",
]

COLUMNS = (
    "person_id", "month", "organization_id", "official", "due", "exempt", "paid", "last_paid_on", "short"
)  # fmt: skip
Row = tuple[int, date, int, bool, int | None, bool, int, date | None, int]
TOTALS = ("organization_id", "month", "due", "paid", "toward")
EVERYONE = -1  # noted by a deferred block for "every person's months" (a rebuild of the derived rows)
# Within :func:`deferred`: the people whose months wait to be made again; None outside one.
_waiting: ContextVar[set[int] | None] = ContextVar("partyorg_dues_deferred", default=None)


def coverage() -> tuple[date, date] | None:
    """(first month, last month) held, or None when nothing is held yet."""
    row = DuesCoverage.objects.values_list("first_month", "last_month").first()
    return (row[0], row[1]) if row else None


def _first_record_month() -> date | None:
    months = [
        DuesBasis.objects.aggregate(m=Min("from_month"))["m"],
        DuesRelief.objects.aggregate(m=Min("first_month"))["m"],
        DuesPayment.objects.aggregate(m=Min("month"))["m"],
    ]
    found = [m for m in months if m is not None]
    return rules.month_start(min(found)) if found else None


Paid = dict[tuple[int, date], tuple[int, date]]


def _payments(person_ids: Collection[int], first: date, last: date) -> Paid:
    """(person, month) → (paid in force, the latest day paid), every payment whenever made."""
    found: Paid = {}
    for chunk in queries._chunks(person_ids):
        rows = (
            DuesPayment.objects.in_force()
            .filter(person_id__in=chunk, month__gte=first, month__lte=last)
            .values_list("person_id", "month")
            .annotate(total=Sum("amount"), latest=Max("paid_on"))
        )
        for person_id, month, total, latest in rows:
            found[person_id, month] = (int(total), latest)
    return found


def _row(person_id: int, month: date, org_id: int, official: bool, due: int | None, exempt: bool, paid: int,
         latest: date | None) -> Row:  # fmt: skip
    return (person_id, month, org_id, official, due, exempt, paid, latest, max(0, (due or 0) - paid))


def _computed(person_ids: Collection[int], first: date, last: date) -> list[Row]:
    months = rules.months_between(first, last)
    owed = queries._owed_months(queries._intervals(person_ids, first, rules.month_end(last)), months)
    payments = _payments(list(owed), first, last)
    paid = {key: total for key, (total, _latest) in payments.items()}
    return [
        _row(
            row.person_id,
            row.month,
            row.organization_id,
            row.official,
            row.due.amount if row.due is not None else None,
            row.exempt,
            row.paid,
            payments.get((row.person_id, row.month), (0, None))[1],
        )
        for row in queries._compute(owed, first, last, None, paid)
    ]


def _stored(person_ids: Collection[int]) -> list[Row]:
    return list(DuesMonth.objects.filter(person_id__in=list(person_ids)).values_list(*COLUMNS))


def _move_totals(old: Iterable[Row], new: Iterable[Row]) -> None:
    """Move the organization-month totals by what replacing ``old`` rows by ``new`` ones changed."""
    delta: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for rows, sign in ((old, -1), (new, 1)):
        for _person, month, org_id, _official, due, _exempt, paid, _latest, _short in rows:
            moved = delta[org_id, month]
            moved[0] += sign * (due or 0)
            moved[1] += sign * paid
            moved[2] += sign * min(paid, due or 0)
    changed = {key: moved for key, moved in delta.items() if any(moved)}
    if not changed:
        return
    # The rows touched are read, deleted and written again with the difference added: a few
    # statements for a chunk of people, not one UPDATE an organization-month.
    existing = {
        (org_id, month): (pk, due, paid, toward)
        for pk, org_id, month, due, paid, toward in DuesOrgMonth.objects.filter(
            month__in={m for _, m in changed}, organization_id__in={o for o, _ in changed}
        ).values_list("pk", *TOTALS)
        if (org_id, month) in changed
    }
    for chunk in queries._chunks(row[0] for row in existing.values()):
        DuesOrgMonth.objects.filter(pk__in=chunk).delete()
    totals = []
    for (org_id, month), (due, paid, toward) in changed.items():
        _pk, *was = existing.get((org_id, month), (None, 0, 0, 0))
        totals.append((org_id, month, was[0] + due, was[1] + paid, was[2] + toward))
    bulk.insert_rows(DuesOrgMonth, TOTALS, totals)


def _replace(person_ids: Collection[int], new: list[Row]) -> None:
    old: list[Row] = []
    for chunk in queries._chunks(person_ids):
        old += _stored(chunk)
        DuesMonth.objects.filter(person_id__in=chunk).delete()
    bulk.insert_rows(DuesMonth, COLUMNS, new)
    _move_totals(old, new)


def _members_during(first: date, last: date) -> set[int]:
    """Everyone who was a member on some day of the months ``first``–``last``."""
    return set(
        MembershipInterval.objects.filter(valid_from__lte=rules.month_end(last))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
        .values_list("person_id", flat=True)
    )


def rebuild() -> int:
    """Both tables again from the records; returns the member-months written."""
    DuesMonth.objects.all().delete()
    DuesOrgMonth.objects.all().delete()
    DuesCoverage.objects.all().delete()
    first = _first_record_month()
    if first is None:
        return 0
    last = date(timezone.localdate().year, 12, 1)
    if last < first:
        last = date(first.year, 12, 1)
    DuesCoverage.objects.create(first_month=first, last_month=last)
    people = _members_during(first, last)
    written = 0
    with bulk.without_indexes(DuesMonth):
        for chunk in queries._chunks(people):
            written += bulk.insert_rows(DuesMonth, COLUMNS, _computed(chunk, first, last))
    bulk.insert_rows(DuesOrgMonth, TOTALS, _totals(DuesMonth.objects.all()))
    return written


def _noted(person_ids: Collection[int] | None) -> bool:
    """True, with the people noted, inside :func:`deferred` (None: everyone)."""
    waiting = _waiting.get()
    if waiting is None:
        return False
    waiting.update([EVERYONE] if person_ids is None else person_ids)
    return True


@contextmanager
def deferred() -> Iterator[None]:
    """Within the block the stored months are not kept at each write: the people whose records
    changed are noted, and their months made once when the block ends without an error — all of
    them again (:func:`rebuild`) when nothing was held before, a rebuild of everyone's derived rows
    was noted, or at least half the members held were touched; else those people's
    (:func:`refresh`, which adds up their payments too). A load's records go through it
    (``exchange.kits``). Blocks nest: an inner one leaves the work to the outer."""
    if _waiting.get() is not None:
        yield
        return
    waiting: set[int] = set()
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    if not waiting or known_moment() is not None:
        return
    if coverage() is None or EVERYONE in waiting:
        rebuild()
    elif 2 * len(waiting) >= DuesMonth.objects.values("person_id").distinct().count():
        rebuild()  # most of the months: made again at once, not deleted and written a person at a time
    else:
        refresh(waiting)


def refresh(person_ids: Collection[int]) -> None:
    """These people's months again (after their basis, relief or membership changed)."""
    if known_moment() is not None:
        return  # a look back in time, rolled back: the stored rows are not read then
    if _noted(person_ids):
        return
    held = coverage()
    if held is None:
        if _first_record_month() is not None:
            rebuild()  # the first dues record
        return
    for chunk in queries._chunks(person_ids):
        _replace(chunk, _computed(chunk, *held))


def payment_recorded(person_ids: Collection[int]) -> None:
    """Payments of these people were recorded (or corrected): their months' ``paid``,
    ``last_paid_on`` and ``short`` set again in the database, one UPDATE a chunk of people (the
    amounts due as they were), then the totals of the organization-months they owe to added up
    again. A province's payments recorded at once rewrite no row but those columns."""
    if known_moment() is not None or _noted(person_ids):
        return
    held = coverage()
    if held is None:
        refresh(person_ids)  # the first dues record builds the tables
        return
    first, last = held
    in_force = (
        DuesPayment.objects.in_force()
        .filter(person_id=OuterRef("person_id"), month=OuterRef("month"))
        .order_by()
        .values("person_id", "month")
    )
    paid = Coalesce(Subquery(in_force.annotate(total=Sum("amount")).values("total")), Value(0))
    latest = Subquery(in_force.annotate(latest=Max("paid_on")).values("latest"))
    short = Greatest(Value(0), Coalesce(F("due"), Value(0)) - paid)
    orgs: set[int] = set()
    months: set[date] = set()
    for chunk in queries._chunks(person_ids):
        rows = DuesMonth.objects.filter(person_id__in=chunk, month__gte=first, month__lte=last)
        for org_id, month in rows.values_list("organization_id", "month").distinct():
            orgs.add(org_id)
            months.add(month)
        rows.update(paid=paid, last_paid_on=latest, short=short)
    _recount_totals(orgs, months)


def _recount_totals(orgs: Collection[int], months: Collection[date]) -> None:
    """The organization-month totals of ``orgs`` × ``months`` added up again from the stored months."""
    if not orgs or not months:
        return
    for chunk in queries._chunks(orgs):
        DuesOrgMonth.objects.filter(organization_id__in=chunk, month__in=list(months)).delete()
        rows = DuesMonth.objects.filter(organization_id__in=chunk, month__in=list(months))
        bulk.insert_rows(DuesOrgMonth, TOTALS, _totals(rows))


def _totals(rows: QuerySet[DuesMonth]) -> list[tuple[int, date, int, int, int]]:
    """The organization-month totals of ``rows``: due, paid, and paid toward the due."""
    return list(
        rows.order_by()
        .values_list("organization_id", "month")
        .annotate(
            total_due=Coalesce(Sum("due"), Value(0)),
            total_paid=Sum("paid"),
            total_toward=Sum(Least(F("paid"), Coalesce(F("due"), Value(0)))),
        )
    )


def on_derived_refreshed(sender: object, person_ids: frozenset[int] | None, **kwargs: object) -> None:
    """``members.signals.derived_refreshed``: these people's memberships changed (None: everyone's)."""
    if known_moment() is not None:
        return
    if _waiting.get() is not None and (person_ids is None or DuesCoverage.objects.exists()):
        _noted(person_ids)
        return
    if person_ids is None:
        rebuild()  # held from the first dues record, if there is one (a database migrated to it)
    elif DuesCoverage.objects.exists():
        refresh(person_ids)


def stored_rows() -> set[Row]:
    """Every stored row as a tuple of :data:`COLUMNS` (for the test that they agree with the records)."""
    return set(DuesMonth.objects.values_list(*COLUMNS))


def stored_totals() -> set[tuple[int, date, int, int, int]]:
    """Every organization-month total, zeros left out (for the same test)."""
    rows = DuesOrgMonth.objects.values_list(*TOTALS)
    return {row for row in rows if any(row[2:])}


def computed_rows() -> tuple[set[Row], set[tuple[int, date, int, int, int]]]:
    """What :func:`stored_rows` and :func:`stored_totals` should hold, computed from the records."""
    held = coverage()
    if held is None:
        return set(), set()
    rows = set(_computed(_members_during(*held), *held))
    totals: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for _person, month, org_id, _official, due, _exempt, paid, _latest, _short in rows:
        total = totals[org_id, month]
        total[0] += due or 0
        total[1] += paid
        total[2] += min(paid, due or 0)
    return rows, {(o, m, *t) for (o, m), t in totals.items() if any(t)}  # type: ignore[misc]
