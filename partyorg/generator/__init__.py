"""Synthetic data: a generated province of party organizations and members, as interchange records.

``generate_province(members)`` yields the records of a fictional north-western province (Tỉnh Sơn
Lâm, code 11) with about ``members`` party members on ``until``: its administrative units, its
party organization tree through the hamlet mergers of 2019–2020 and the restructuring of
01/07/2025, and every member's history from admission (or arrival) to ``until``.
``python -m partyorg.generator 150000`` times a run.

[U] The organizations standing at ``start`` are founded (FOUNDED changes) at ``start`` minus 62
years, not at ``start``: members admitted before ``start`` need admission events, and an event may
only refer to an organization that exists on its date. Nothing else is recorded before ``start``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from partyorg.exchange.records import Record

__all__ = ["generate_province"]


def generate_province(
    members: int, *, seed: int = 1, start: date = date(2008, 1, 1), until: date = date(2026, 6, 30)
) -> Iterator[Record]:
    """A generated province of about ``members`` party members on ``until`` (±10%), as interchange
    records in ``RECORD_TYPES`` order. The same arguments give the same records.

    Memory stays small: the structure is kept, people are streamed. Persons must all come before
    events, so each life is simulated twice from the same random stream (once for the person
    record, once for the events) instead of being kept."""
    # The event and organization kinds live in Django model modules: import them once Django is set up.
    from partyorg.generator.people import Lives, Writer, plan
    from partyorg.generator.province import Province

    if members < 1 or until <= start:
        raise ValueError("members must be positive and until after start")
    province = Province(members, random.Random(f"{seed}/structure"), start, until)
    yield from province.records()
    lives = Lives(province, f"{seed}/lives")
    for index, (kind, day) in enumerate(plan(members, seed, start, until), start=1):
        yield lives.person(index, kind, day)[0]
    lives = Lives(province, f"{seed}/lives")
    writer = Writer(province, f"{seed}/records")
    for index, (kind, day) in enumerate(plan(members, seed, start, until), start=1):
        yield from writer.events(lives.person(index, kind, day)[1])
