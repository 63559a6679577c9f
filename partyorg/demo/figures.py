"""What the seed articles state that partyorg cannot count from records: plans and staff headcounts,
and the figures as the articles published them, entered as an officer would enter them
(``partyorg.reports.models.EnteredFigure``) so that the figures beside them and the cross-checks
show on the demo province.

Targets are worked back from the articles' percentages, and say so:

* 04/07/2017: "kết nạp mới 1.072 đảng viên … (đạt 53,6%)". [U] The article does not say 53,6% of
  what; we read it as the year's admission plan: 1.072 / 0,536 = 2.000.
* 26/01/2018: "kết nạp 160 đảng viên mới, đạt 160% kế hoạch": a plan of 100 for 2017.
* 17/02/2017: "25 đảng viên, chiếm 83,3% tổng số cán bộ, công nhân, viên chức cơ quan": a staff of
  30 (25 / 30 = 83,33%).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime

from partyorg.demo.structure import RECORDED_BY
from partyorg.generator.province import TZ
from partyorg.reports.interchange import EnteredFigureRecord

_NAMESPACE = uuid.UUID("6f1c1d2e-5b7a-4f0e-9a39-0d1e2b3c4d5e")

ARTICLE_000 = "Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017"
ARTICLE_001 = "Báo Điện Biên Phủ, 26/01/2018"
ARTICLE_002 = "Báo Điện Biên Phủ, 17/02/2017"


def entered_figures(
    province: str, dien_bien_dong: str, education: str, org_commission: str
) -> Iterator[EnteredFigureRecord]:
    """The entered figures, given the codes of the demo's organizations."""
    h1_2017 = (date(2017, 1, 1), date(2017, 6, 30))
    year_2017 = (date(2017, 1, 1), date(2017, 12, 31))
    rows: list[tuple[str, str, str, int, date | None, date, str]] = [
        # (organization, kind, indicator, value, first day, last day, source)
        (province, "target", "admissions", 2000, *year_2017, ARTICLE_000),
        (province, "stated", "admissions", 1072, *h1_2017, ARTICLE_000),
        (province, "stated", "members", 35676, None, date(2017, 6, 30), ARTICLE_000),
        (province, "stated", "hamlets_without_members", 60, None, date(2016, 12, 31), ARTICLE_000),
        (province, "stated", "hamlets_without_members", 51, None, date(2017, 6, 30), ARTICLE_000),
        (province, "stated", "hamlets", 1813, None, date(2017, 6, 30), ARTICLE_000),
        # "646 tổ chức cơ sở Đảng, trong đó có 419 chi bộ cơ sở, 225 đảng bộ cơ sở": 419 + 225 = 644,
        # kept as published so that the cross-check shows the contradiction.
        (province, "stated", "grassroots_organizations", 646, None, date(2017, 6, 30), ARTICLE_000),
        (province, "stated", "grassroots_cells", 419, None, date(2017, 6, 30), ARTICLE_000),
        (province, "stated", "grassroots_committees", 225, None, date(2017, 6, 30), ARTICLE_000),
        (province, "stated", "cells", 2601, None, date(2017, 6, 30), ARTICLE_000),
        (dien_bien_dong, "target", "admissions", 100, *year_2017, ARTICLE_001),
        (dien_bien_dong, "stated", "admissions", 160, *year_2017, ARTICLE_001),
        (dien_bien_dong, "stated", "members", 3040, None, date(2017, 12, 31), ARTICLE_001),
        (education, "stated", "members", 605, None, date(2017, 12, 31), ARTICLE_001),
        (education, "stated", "staff", 1820, None, date(2017, 12, 31), ARTICLE_001),
        (org_commission, "stated", "members", 25, None, date(2017, 2, 17), ARTICLE_002),
        (org_commission, "stated", "staff", 30, None, date(2017, 2, 17), ARTICLE_002),
    ]
    for org, kind, indicator, value, first_day, last_day, source in rows:
        published = date(int(source[-4:]), int(source[-7:-5]), int(source[-10:-8]))
        yield EnteredFigureRecord(
            uid=str(uuid.uuid5(_NAMESPACE, f"{org}/{kind}/{indicator}/{first_day}/{last_day}")),
            organization=org,
            kind=kind,
            indicator=indicator,
            value=value,
            first_day=first_day,
            last_day=last_day,
            recorded_at=datetime(published.year, published.month, published.day, 8, 0, tzinfo=TZ),
            recorded_by=RECORDED_BY,
            source=source,
        )
