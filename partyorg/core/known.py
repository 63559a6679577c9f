"""Records as known on a past moment: the second time axis read back (issue 15, DESIGN.md).

Every record carries when it entered partyorg (``recorded_at``). A figure "as known on" a day counts
only what had been recorded by the end of that day, so last year's report can be made again as it
was sent, and its difference from today's figure explained by the records made since.

This module holds the moment being looked back to, for the length of a ``with`` block, in a
context variable; :meth:`partyorg.core.models.CorrectableQuerySet.in_force` reads it, so every
query of the correctable records (ratings, meetings, dues, congresses, candidates, discipline,
facts, entered figures) sees the rows recorded by then, with the corrections recorded by then.
The logs' derived rows (membership intervals, stock facts, organization versions) are made again
for that moment by :func:`partyorg.members.known.as_known_on`, which sets this as well: use that.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

_moment: ContextVar[datetime | None] = ContextVar("partyorg_known_moment", default=None)


def known_moment() -> datetime | None:
    """The moment the records are being read as known on, or None: as known now."""
    return _moment.get()


@contextmanager
def seen_as_of(moment: datetime) -> Iterator[None]:
    """Within the block, ``in_force()`` keeps only rows recorded by ``moment``."""
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)


def end_of_day(day: date) -> datetime:
    """The first moment after ``day`` in the deployment's time zone: "as known on 31/12/2017" counts
    what had been recorded by 23:59:59 that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
