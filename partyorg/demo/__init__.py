"""The demo data of partyorg: Đảng bộ tỉnh Điện Biên, 2010 – the day before it is built (30/06/2026 in tests).

``dienbien_province()`` yields the interchange records (``partyorg.exchange.records``, in
``RECORD_TYPES`` order) of a generated but realistic provincial party organization on the real
administrative units of Điện Biên, whose figures reproduce, through ``partyorg.reports.statistics``,
the numbers of the seed articles (Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017; Báo Điện Biên Phủ,
26/01/2018 and 17/02/2017). ``partyorg.demo.structure`` and ``partyorg.demo.people`` say how.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from partyorg.core.interchange import Record

__all__ = ["dienbien_province"]


def dienbien_province(*, seed: int = 2017, until: date | None = None) -> Iterator[Record]:
    """Every record of the demo province up to ``until`` (by default 30/06/2026, ``UNTIL``; ``partyorg
    demo`` passes the day before it builds), deterministic for ``seed`` and ``until``: localities,
    organizations and their changes, then persons, then events. The seed figures are fitted for any
    ``seed`` and ``until`` (the plan asserts it can fit them; tested for the defaults and a later day)."""
    # The event and organization kinds live in Django model modules: import them once Django is set up.
    from partyorg.demo.figures import entered_figures
    from partyorg.demo.people import Plan, Writer
    from partyorg.demo.structure import DIEN_BIEN_DONG, MUONG_NHE, NAM_PO, UNTIL, Structure

    structure = Structure(random.Random(f"{seed}/structure"))
    plan = Plan(structure, seed, until=until or UNTIL)
    yield from structure.records()
    writer = Writer(plan, seed)
    for life in plan.lives:
        yield writer.person(life)
    for life in plan.lives:
        yield from writer.events(life)
    org_commission = structure.org_commission_cell()
    assert org_commission is not None
    district = {d.place.code: d.org.code for d in structure.districts}
    yield from entered_figures(
        province=structure.root.code,
        dien_bien_dong=district[DIEN_BIEN_DONG],
        education=structure.education.code,
        org_commission=org_commission.code,
        nam_po=district[NAM_PO],
        muong_nhe=district[MUONG_NHE],
    )
