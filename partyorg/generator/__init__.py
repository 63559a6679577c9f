"""Synthetic data: a generated province of party organizations and members, as interchange records.

``generate_province(members)`` yields the records of a fictional north-western province (Tỉnh Sơn
Lâm, code 11) with about ``members`` party members on ``until``: its administrative units, its
party organization tree through the hamlet mergers of 2019–2020 and the restructuring of
01/07/2025, every member's history from admission (or arrival) to ``until``, and the province's
yearly admission plans.
``python -m partyorg.generator 150000`` times a run.

[U] The organizations standing at ``start`` are founded (FOUNDED changes) at ``start`` minus 62
years, not at ``start``: members admitted before ``start`` need admission events, and an event may
only refer to an organization that exists on its date. Nothing else is recorded before ``start``.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from partyorg.core.interchange import Record
from partyorg.reports.interchange import EnteredFigureRecord

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
    yield from admission_targets(province.root.code, plan(members, seed, start, until), seed, until)


def admission_targets(
    root: str, entries: Iterable[tuple[str, date]], seed: int, until: date
) -> Iterator[EnteredFigureRecord]:
    """The province's admission plan for each whole year: the planned admissions of the year
    (a ceremony follows a few weeks after the day planned) over an achievement between 85% and
    115%, as plans are met or missed."""
    from partyorg.generator.people import ADMITTED
    from partyorg.generator.province import RECORDED_BY, TZ

    rng = random.Random(f"{seed}/targets")
    per_year = Counter(day.year for kind, day in entries if kind == ADMITTED)
    for year in sorted(per_year):
        if date(year, 12, 31) > until:
            break
        yield EnteredFigureRecord(
            uid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            organization=root,
            kind="target",
            indicator="admissions",
            value=max(1, round(per_year[year] / rng.uniform(0.85, 1.15))),
            first_day=date(year, 1, 1),
            last_day=date(year, 12, 31),
            recorded_at=datetime(year, 1, 15, 9, 0, tzinfo=TZ),
            recorded_by=RECORDED_BY,
            source=f"Kế hoạch phát triển đảng viên năm {year}",
        )
