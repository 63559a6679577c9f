"""Signals of the membership records, for the apps that keep rows derived from them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent in the same transaction, once people's derived rows (membership intervals, temporary
# placements, stock facts) agree with their records again: ``person_ids`` (a frozenset), or None
# after a rebuild of everyone's. The dues app keeps its monthly dues so (``dues.summary``).
derived_refreshed = Signal()
