"""Signals of the membership records, for the apps that keep rows derived from them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent in the same transaction, once people's derived rows (membership intervals, temporary
# placements, stock facts) agree with their records again: ``person_ids`` (a frozenset), or None
# after a rebuild of everyone's. The dues app keeps its monthly dues so (``dues.summary``).
derived_refreshed = Signal()

# Sent in the same transaction once people's stock facts were made again (``members.stock``), and
# when a dated fact about a person was recorded, corrected or withdrawn (``members.facts``):
# ``person_ids`` (a frozenset), or None after a rebuild of everyone's. The reports app keeps form
# 3's breakdown counts so (``reports.breakdown_summary``).
stock_refreshed = Signal()

# Sent inside ``members.services.correct_person`` before the person's row is written: ``person`` and
# ``fields`` (a frozenset of the attributes that change). An app that keeps the home of one of these
# attributes (the party-card register keeps ``card_number``) raises ``members.services.PersonRefused``
# naming the record to correct instead; the correction is then refused whole.
person_correcting = Signal()
