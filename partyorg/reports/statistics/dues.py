"""Party dues in figures (RULES.md §4): dues due against collected under an organization over a period,
the members in arrears, the exempt members, and the three-months-in-a-year warnings (§2.9).

Amounts are VND; each figure carries the people behind it. The organizations counted are ``root``'s
subtree as it stood at the end of each month (the tree changed on 01/07/2025, RULES.md §8 item 6).
Computed by :mod:`partyorg.dues.queries`, which says who owes which month where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from partyorg.dues.queries import (
    MemberArrears,
    MemberMonth,
    NonPaymentWarning,
    arrears_of,
    member_months_in_scope,
    warnings_of,
)
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.figures import PeopleFigure, Period
from partyorg.reports.statistics.scope import subtree_on
from partyorg.rules import dues as rules

__all__ = [
    "DuesCollection",
    "dues_collection",
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


def dues_collection(root: Organization, period: Period, *, as_of: date | None = None) -> DuesCollection:
    """Due against collected under ``root`` for the months of ``period``; payments made by ``as_of``
    (default: the period's end, or today when earlier)."""
    as_of = as_of or _default_as_of(period)
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
