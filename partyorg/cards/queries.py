"""Reading the card register: the rows in force, the card a member holds on a day, an
organization's register over a period."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import QuerySet

from partyorg.cards.models import HANDED_OUT, CardAction, PartyCard


def cards_in_force() -> QuerySet[PartyCard]:
    """Rows neither corrected nor withdrawn."""
    return PartyCard.objects.in_force()


def history_of(person_id: int, *, excluding: int | None = None) -> list[PartyCard]:
    """The person's rows in force, in the order of their days (then of their recording);
    ``excluding``: leave out one row (the one a correction replaces)."""
    rows = cards_in_force().filter(person_id=person_id)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return list(rows.order_by("effective_on", "pk"))


def held_in(history: list[PartyCard], on: date) -> PartyCard | None:
    """The card a member holds on ``on`` according to ``history`` (their rows in force, in order):
    the last card handed out on or before that day, unless a taking back followed it."""
    held: PartyCard | None = None
    for row in history:
        if row.effective_on > on:
            break
        held = row if row.action in HANDED_OUT else None
    return held


def card_on(person_id: int, on: date) -> PartyCard | None:
    """The card ``person_id`` holds on ``on`` (None: no card in the register that day)."""
    return held_in(history_of(person_id), on)


def cards_for(
    org_ids: Collection[int], *, start: date | None = None, end: date | None = None
) -> QuerySet[PartyCard]:
    """The register lines in force of ``org_ids`` dated in ``[start, end)``."""
    rows = cards_in_force().filter(organization_id__in=list(org_ids))
    if start is not None:
        rows = rows.filter(effective_on__gte=start)
    if end is not None:
        rows = rows.filter(effective_on__lt=end)
    return rows.select_related("person").order_by("effective_on", "pk")


def holders_of(number: str) -> set[int]:
    """The people whose rows in force carry ``number``."""
    return set(cards_in_force().filter(number=number).values_list("person_id", flat=True))


def last_number(person_id: int) -> str | None:
    """The number of the person's last card handed out in the register (None: the register has none)."""
    row = (
        cards_in_force()
        .filter(person_id=person_id, action__in=[a.value for a in HANDED_OUT])
        .order_by("-effective_on", "-pk")
        .values_list("number", flat=True)
        .first()
    )
    return row


__all__ = [
    "CardAction",
    "card_on",
    "cards_for",
    "cards_in_force",
    "held_in",
    "history_of",
    "holders_of",
    "last_number",
]
