"""Party dues in figures (RULES.md §4): dues due against collected under an organization over a period,
the members in arrears, the exempt members, and the three-months-in-a-year warnings (§2.9).

Amounts are VND; each figure carries the people behind it. The organizations counted are ``root``'s
subtree as it stood at the end of each month (the tree changed on 01/07/2025, RULES.md §8 item 6).
Computed by :mod:`partyorg.dues.queries`, which says who owes which month where.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from partyorg.core.known import known_moment
from partyorg.dues import summary
from partyorg.dues.models import DuesMonth, DuesOrgMonth
from partyorg.dues.queries import (
    MemberArrears,
    MemberMonth,
    NonPaymentWarning,
    arrears_from,
    arrears_of,
    member_months_in_scope,
    member_payments,
    warnings_of,
)
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.figures import PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on, tree_change_days
from partyorg.rules import dues as rules

__all__ = [
    "DuesCollection",
    "dues_collection",
    "dues_collection_scan",
    "exempt_members",
    "members_in_arrears",
    "months_of",
    "non_payment_warnings_under",
]


def months_of(period: Period) -> list[date]:
    """The months whose first day falls in the period: 01/2026–06/2026 for the first half of 2026."""
    first = rules.month_start(period.start)
    if first < period.start:
        first = rules.shift_month(first, 1)
    return [month for month in rules.months_between(first, period.closing_day) if month in period]


def _rows(root: Organization, period: Period, as_of: date | None) -> list[MemberMonth]:
    months = months_of(period)
    if not months:
        return []
    return member_months_in_scope(
        lambda month: subtree_on(root, rules.month_end(month)), months[0], months[-1], as_of=as_of
    )


@dataclass(frozen=True)
class DuesCollection:
    """Dues of the members held under ``root`` for the months of ``period``.

    ``due``: the amounts due (computed); ``collected``: every payment made for those member-months
    (voluntary extra included); ``paid_toward_due``: collected, capped at each month's due;
    ``shortfall``: due minus paid, over the months ended by ``as_of``. ``collected_share`` is
    ``collected / due`` (the denominator is ``due``)."""

    period: Period
    as_of: date
    months: tuple[date, ...]
    due: int
    collected: int
    paid_toward_due: int
    shortfall: int
    liable: PeopleFigure  # owed dues for at least one month
    in_arrears: PeopleFigure
    exempt: PeopleFigure  # exempt (≥ 50 years of party age, or a 100% relief) in at least one month
    not_computed: PeopleFigure  # a month whose due could not be computed (no basis, no region …)
    arrears: tuple[MemberArrears, ...]

    @property
    def collected_share(self) -> float | None:
        return self.collected / self.due if self.due else None


def _default_as_of(period: Period) -> date:
    return min(period.end, timezone.localdate() + timedelta(days=1))


def dues_collection_scan(root: Organization, period: Period, *, as_of: date | None = None) -> DuesCollection:
    """:func:`dues_collection` computed member-month by member-month (the plain scan the stored
    monthly dues are checked against)."""
    return dues_collection(root, period, as_of=as_of, plain=True)


class _LazyPeople(PeopleFigure):
    """A count of people read only when someone asks for it (or for the people): the stored
    monthly dues add amounts up quickly, but counting distinct people over a province's
    200.000 member-months is what the figure's sentences never need."""

    __slots__ = ()

    def __init__(self, load: Callable[[], frozenset[int]]) -> None:
        super().__init__(count=-1, load=load)

    @property
    def value(self) -> int:
        return len(self.person_ids)


def _stored_scope(root: Organization, months: list[date]) -> dict[date, frozenset[int]] | None:
    """The organizations owed under ``root`` in each month (its subtree at the month's end), or None
    when the figure must be computed: months outside those held, or records read as known on a past
    moment (a stored row cannot tell what was known then)."""
    held = summary.coverage()
    if known_moment() is not None or held is None or months[0] < held[0] or months[-1] > held[1]:
        return None
    # a day a version begins or ends, from after the first month's end to the last one's, included
    changes = tree_change_days(rules.month_end(months[0]), rules.month_end(months[-1]) + timedelta(days=1))
    scopes: dict[date, frozenset[int]] = {}
    for index, month in enumerate(months):
        end = rules.month_end(month)
        previous = rules.month_end(months[index - 1]) if index else None
        if previous is not None and not any(previous < day <= end for day in changes):
            scopes[month] = scopes[months[index - 1]]  # the tree did not change in between
        else:
            scopes[month] = subtree_on(root, end)
    return scopes


def _where(scopes: dict[date, frozenset[int]]) -> tuple[str, list[date]]:
    """The SQL condition "owed under the root in one of these months", the organization ids written
    into it as numbers: Django would prepare the province's 3.000 ids one by one as parameters, which
    costs more than the query itself."""
    by_scope: dict[frozenset[int], list[date]] = defaultdict(list)
    for month, org_ids in scopes.items():
        by_scope[org_ids].append(month)
    parts: list[str] = []
    params: list[date] = []
    for org_ids, scope_months in by_scope.items():
        if org_ids:
            ids = ",".join(str(int(pk)) for pk in sorted(org_ids))
            parts.append(
                f"(month IN ({','.join(['%s'] * len(scope_months))}) AND organization_id IN ({ids}))"
            )
            params.extend(scope_months)
    return " OR ".join(parts) or "1 = 0", params


def _collection_stored(
    scopes: dict[date, frozenset[int]], period: Period, months: list[date], as_of: date
) -> DuesCollection:
    """:class:`DuesCollection` from the stored organization-month totals, less what was paid after
    ``as_of`` (the member-months paid last after it, read one by one with their payments made by
    then), and the member-months short of their due, read one by one (a few thousand at most)."""
    where, params = _where(scopes)
    totals = DuesOrgMonth.objects.extra(where=[where], params=params).aggregate(
        total_due=Sum("due"), total_paid=Sum("paid"), total_toward=Sum("toward")
    )
    collected, toward = totals["total_paid"] or 0, totals["total_toward"] or 0
    rows = DuesMonth.objects.extra(where=[where], params=params)
    late = Q(last_paid_on__gt=as_of)
    over = [month for month in months if rules.month_end(month) < as_of]
    short = [
        (person_id, month, org_id, shortfall)
        for person_id, month, org_id, shortfall in rows.filter(month__in=over, short__gt=0)
        .exclude(late)
        .values_list("person_id", "month", "organization_id", "short")
    ]
    # by month and day alone (an index), the organizations kept here: few rows are paid after the day
    late_rows = [
        row
        for row in DuesMonth.objects.filter(late, month__in=months).values_list(
            "person_id", "month", "organization_id", "due", "paid"
        )
        if row[2] in scopes[row[1]]
    ]
    if late_rows:
        paid = member_payments({r[0] for r in late_rows}, months[0], months[-1], as_of=as_of)
        for person_id, month, org_id, amount, paid_since in late_rows:
            by_then = paid.get((person_id, month), 0)
            collected += by_then - paid_since
            toward += min(by_then, amount or 0) - min(paid_since, amount or 0)
            short.append((person_id, month, org_id, max(0, (amount or 0) - by_then)))
    owed = tuple(arrears_from(short, as_of))

    def people(condition: Q) -> _LazyPeople:
        return _LazyPeople(lambda: frozenset(rows.filter(condition).values_list("person_id", flat=True)))

    return DuesCollection(
        period=period,
        as_of=as_of,
        months=tuple(months),
        due=totals["total_due"] or 0,
        collected=collected,
        paid_toward_due=toward,
        shortfall=sum(a.shortfall for a in owed),
        liable=people(Q()),
        in_arrears=PeopleFigure(frozenset(a.person_id for a in owed)),
        exempt=people(Q(exempt=True)),
        not_computed=people(Q(due__isnull=True)),
        arrears=owed,
    )


def dues_collection(
    root: Organization, period: Period, *, as_of: date | None = None, plain: bool = False
) -> DuesCollection:
    """Due against collected under ``root`` for the months of ``period``; payments made by ``as_of``
    (default: the period's end, or today when earlier).

    Added up from the stored monthly dues (``dues.summary``) where they are held; computed
    member-month by member-month when ``plain``, for months not held, and as known on a past moment."""
    as_of = as_of or _default_as_of(period)
    months = months_of(period)
    scopes = None if plain or not months else _stored_scope(root, months)
    if scopes is not None:
        return _collection_stored(scopes, period, months, as_of)
    rows = _rows(root, period, as_of)
    owed = tuple(arrears_of(rows, as_of))
    return DuesCollection(
        period=period,
        as_of=as_of,
        months=tuple(months_of(period)),
        due=sum(row.amount_due for row in rows),
        collected=sum(row.paid for row in rows),
        paid_toward_due=sum(min(row.paid, row.amount_due) for row in rows),
        shortfall=sum(a.shortfall for a in owed),
        liable=PeopleFigure(frozenset(row.person_id for row in rows)),
        in_arrears=PeopleFigure(frozenset(a.person_id for a in owed)),
        exempt=PeopleFigure(frozenset(row.person_id for row in rows if row.exempt)),
        not_computed=PeopleFigure(frozenset(row.person_id for row in rows if row.due is None)),
        arrears=owed,
    )


def members_in_arrears(
    root: Organization, period: Period, *, as_of: date | None = None
) -> tuple[PeopleFigure, list[MemberArrears]]:
    """Members under ``root`` who paid less than due for a month of ``period`` ended by ``as_of``,
    with their months and amounts (largest first)."""
    as_of = as_of or _default_as_of(period)
    owed = arrears_of(_rows(root, period, as_of), as_of)
    return PeopleFigure(frozenset(a.person_id for a in owed)), owed


def exempt_members(root: Organization, period: Period) -> tuple[PeopleFigure, list[MemberMonth]]:
    """Members under ``root`` exempt from dues in a month of ``period``, with the exempt months
    (each explains its rule: 50 years of party age, or the relief decision)."""
    rows = [row for row in _rows(root, period, None) if row.exempt]
    return PeopleFigure(frozenset(row.person_id for row in rows)), rows


def non_payment_warnings_under(
    root: Organization, year: int, *, as_of: date
) -> tuple[PeopleFigure, list[NonPaymentWarning]]:
    """RULES.md §2.9, §4.1 [V]: members under ``root`` who did not pay (in full) three months of ``year``
    ended by ``as_of``."""
    found = warnings_of(_rows(root, Period(date(year, 1, 1), date(year + 1, 1, 1)), as_of), year, as_of)
    return PeopleFigure(frozenset(w.person_id for w in found)), found
