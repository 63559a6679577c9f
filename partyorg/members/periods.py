"""Reading the derived periods of dated facts about people (``PersonFactPeriod``): which value
held on a day. Read by the facts' commands (:mod:`partyorg.members.facts`), by the stock's fast
path (:mod:`partyorg.members.stock`, which the commands refresh, so it may not import them) and by
the statistics."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from partyorg.members.models import PersonFactPeriod

__all__ = ["NO", "YES", "Period", "periods_for", "value_in"]

YES, NO = "true", "false"  # the value of a yes/no fact (Youth Union membership)
Period = tuple[date | None, date | None, str, int | None]  # from, until, value, locality id


def periods_for(people: Any, kinds: Collection[str]) -> dict[int, dict[str, list[Period]]]:
    """person id -> kind -> the periods of each dated kind, for ``people`` (a query of person ids,
    ids, or None for everybody). Only people with dated facts appear; the others keep their row's
    values."""
    rows = PersonFactPeriod.objects.filter(kind__in=list(kinds))
    if people is not None:
        rows = rows.filter(person_id__in=people)
    found: dict[int, dict[str, list[Period]]] = {}
    for person_id, kind, start, until, value, locality_id in rows.values_list(
        "person_id", "kind", "valid_from", "valid_until", "value", "locality_id"
    ).iterator(chunk_size=5000):
        found.setdefault(person_id, {}).setdefault(kind, []).append((start, until, value, locality_id))
    return found


def value_in(periods: list[Period], on: date) -> str:
    """The value of the period holding on ``on``; "" before the first known (not known then)."""
    for start, until, value, _locality in periods:
        if (start is None or start <= on) and (until is None or on < until):
            return value
    return ""
