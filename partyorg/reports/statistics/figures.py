"""What every figure is: a number and the rows behind it, with exactly as many rows as the number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from partyorg.members.models import Person
from partyorg.rules._dates import add_years


@dataclass(frozen=True)
class Period:
    """Half-open ``[start, end)``. The opening stock is taken on the day before ``start``, the
    closing stock on the day before ``end``; a flow counts what happened on a day of the period.
    "The first half of 2017" is ``Period(date(2017, 1, 1), date(2017, 7, 1))``: from the stock on
    31/12/2016 to the stock on 30/06/2017."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a period ends after it starts")

    @property
    def opening_day(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def closing_day(self) -> date:
        return self.end - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        return (
            cls(date(year, 1, 1), date(year, 7, 1))
            if half == 1
            else cls(date(year, 7, 1), date(year + 1, 1, 1))
        )

    @classmethod
    def between(cls, first_day: date, last_day: date) -> Period:
        """From one day to another, both included (what an officer types: 01/01/2017 – 30/06/2017)."""
        return cls(first_day, last_day + timedelta(days=1))

    def a_year_earlier(self) -> Period:
        """The same period a year before ("cùng kỳ năm trước"), each end a calendar year back; a
        period that starts or ends on 29/02 starts or ends on 28/02 of the year before."""
        return Period(add_years(self.start, -1), add_years(self.end, -1))


class PeopleFigure:
    """A count of people, and who they are.

    Either built from the ids (``PeopleFigure(ids)``), or from a count and a way to fetch the ids
    (``PeopleFigure(count=n, load=…)``) when the count comes from the fast path and the people are
    only fetched if someone opens the figure; the two always agree (tested)."""

    __slots__ = ("_count", "_ids", "_load")

    def __init__(
        self,
        person_ids: frozenset[int] | None = None,
        *,
        count: int | None = None,
        load: Callable[[], frozenset[int]] | None = None,
    ) -> None:
        if person_ids is None and (count is None or load is None):
            person_ids = frozenset()
        self._ids = person_ids
        self._count = count
        self._load = load

    @property
    def person_ids(self) -> frozenset[int]:
        if self._ids is None:
            assert self._load is not None
            self._ids = self._load()
        return self._ids

    @property
    def value(self) -> int:
        return self._count if self._ids is None and self._count is not None else len(self.person_ids)

    def people(self) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=self.person_ids)

    def __int__(self) -> int:
        return self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PeopleFigure) and self.person_ids == other.person_ids

    def __hash__(self) -> int:
        return hash(self.person_ids)

    def __repr__(self) -> str:
        return f"PeopleFigure(value={self.value})"


@dataclass(frozen=True)
class MovesFigure:
    """A count of moves (a person entering or leaving on a day). One person may move twice in a
    period, so this counts moves, and its rows are (person, day)."""

    moves: tuple[tuple[int, date], ...] = ()

    @property
    def value(self) -> int:
        return len(self.moves)

    def people(self) -> QuerySet[Person]:
        return Person.objects.filter(pk__in={person_id for person_id, _ in self.moves})

    def __int__(self) -> int:
        return self.value


@dataclass(frozen=True)
class OrgFigure:
    """A count of organizations, and which."""

    organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def value(self) -> int:
        return len(self.organization_ids)

    def __int__(self) -> int:
        return self.value
