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

``seed_figures`` reads them back from a database the demo built and sets each beside what the
records give (``partyorg demo`` prints them and stops if one differs).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from partyorg.demo.structure import CLEARED_H1_2017, MUONG_NHE, NAM_PO, RECORDED_BY
from partyorg.generator.province import TZ
from partyorg.reports.interchange import EnteredFigureRecord

_NAMESPACE = uuid.UUID("6f1c1d2e-5b7a-4f0e-9a39-0d1e2b3c4d5e")

ARTICLE_000 = "Ban Tổ chức Tỉnh ủy Điện Biên, 04/07/2017"
ARTICLE_001 = "Báo Điện Biên Phủ, 26/01/2018"
ARTICLE_002 = "Báo Điện Biên Phủ, 17/02/2017"
# Seed 003, about Ban Tổ chức Tỉnh ủy Bắc Giang, undated ("năm 2018 là năm sơ kết giữa nhiệm kỳ"): its
# staff sentence is what the demo's own Ban Tổ chức holds on 30/06/2018 (partyorg.demo.cadres).
ARTICLE_003 = "“Ba điểm nhấn” trong công tác tổ chức xây dựng đảng của Bắc Giang, 2018"


def entered_figures(
    province: str,
    dien_bien_dong: str,
    education: str,
    org_commission: str,
    nam_po: str,
    muong_nhe: str,
) -> Iterator[EnteredFigureRecord]:
    """The entered figures, given the codes of the demo's organizations."""
    h1_2017 = (date(2017, 1, 1), date(2017, 6, 30))
    year_2016 = (date(2016, 1, 1), date(2016, 12, 31))
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
        # "Đảng bộ huyện Nậm Pồ (kết nạp 143 đảng viên mới …)", "Đảng bộ huyện Mường Nhé (kết nạp 166 …)"
        (nam_po, "stated", "admissions", 143, *h1_2017, ARTICLE_000),
        (muong_nhe, "stated", "admissions", 166, *h1_2017, ARTICLE_000),
        (dien_bien_dong, "target", "admissions", 100, *year_2017, ARTICLE_001),
        (dien_bien_dong, "stated", "admissions", 160, *year_2017, ARTICLE_001),
        # "Từ chỗ 2.805 đảng viên … (cuối tháng 9/2016 …)", "nâng tổng số đảng viên lên 3.040 người",
        # "Ðảng bộ huyện không còn bản chưa có đảng viên."
        (dien_bien_dong, "stated", "members", 2805, None, date(2016, 9, 30), ARTICLE_001),
        (dien_bien_dong, "stated", "members", 3040, None, date(2017, 12, 31), ARTICLE_001),
        (dien_bien_dong, "stated", "hamlets_without_members", 0, None, date(2017, 12, 31), ARTICLE_001),
        (education, "stated", "members", 605, None, date(2017, 12, 31), ARTICLE_001),
        (education, "stated", "staff", 1820, None, date(2017, 12, 31), ARTICLE_001),
        (org_commission, "stated", "members", 25, None, date(2017, 2, 17), ARTICLE_002),
        # "Năm 2016, Chi bộ đã giới thiệu … và 1 đoàn viên ưu tú được kết nạp Đảng."
        (org_commission, "stated", "admissions", 1, *year_2016, ARTICLE_002),
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


# -- the articles' figures against a database the demo built -----------------------------------------


@dataclass(frozen=True)
class SeedFigure:
    """One figure of a seed article beside what the records of the demo give."""

    what: str  # what is counted, for which organization, on which day or over which period
    stated: int
    counted: int
    source: str

    @property
    def ok(self) -> bool:
        return self.counted == self.stated


def seed_figures() -> list[SeedFigure]:
    """The seed articles' figures, each beside what the database's records give: every figure the
    demo entered as stated from the articles (:func:`entered_figures`), counted as the reports'
    cross-checks count it (``partyorg.reports.statistics.entered.COMPUTED``), and the hamlets Nậm Pồ
    and Mường Nhé cleared in the first half of 2017, which no indicator holds. Left out: the
    published total of grassroots organizations (646, where its parts add up to 225 + 419 = 644: the
    demo follows the parts, and the reports show the contradiction). The staff of the Ban Tổ chức
    come from the cadre records (:func:`_staff_figures`), once the demo's cadre work is built."""
    from django.utils.translation import gettext as _

    from partyorg.core.formats import vn_date
    from partyorg.organizations.models import Organization, OrgKind, OrgVersion
    from partyorg.organizations.queries import version_on
    from partyorg.reports.models import FigureKind, Indicator
    from partyorg.reports.statistics import Period, hamlets_cleared
    from partyorg.reports.statistics.entered import COMPUTED, in_force

    def name(org: Organization, day: date) -> str:
        version = version_on(org, day)
        return version.name if version is not None else org.code

    figures: list[SeedFigure] = []
    stated = (
        in_force()
        .filter(kind=FigureKind.STATED, source__in=(ARTICLE_000, ARTICLE_001, ARTICLE_002))
        .exclude(indicator=Indicator.GRASSROOTS_ORGANIZATIONS)
        .select_related("organization")
        .order_by("pk")
    )
    for figure in stated:
        count = COMPUTED.get(figure.indicator)
        counted = count(figure.organization, figure) if count is not None else None
        if counted is None:
            continue
        when = vn_date(figure.last_day)
        if figure.first_day is not None:
            when = f"{vn_date(figure.first_day)}–{when}"
        what = _("%(indicator)s — %(organization)s, %(when)s") % {
            "indicator": Indicator(figure.indicator).label,
            "organization": name(figure.organization, figure.last_day),
            "when": when,
        }
        figures.append(SeedFigure(what, figure.value, counted, figure.source))
    h1_2017 = Period.half_year(2017, 1)
    for district in (NAM_PO, MUONG_NHE):
        org = Organization.objects.get(
            pk=OrgVersion.objects.filter(kind=OrgKind.DISTRICT, locality__code=district).values(
                "organization"
            )[:1]
        )
        what = _("Thôn, bản được xóa “trắng” đảng viên — %(organization)s, %(when)s") % {
            "organization": name(org, h1_2017.closing_day),
            "when": f"{vn_date(h1_2017.start)}–{vn_date(h1_2017.closing_day)}",
        }
        counted = hamlets_cleared(org, h1_2017).value
        figures.append(SeedFigure(what, CLEARED_H1_2017[district], counted, ARTICLE_000))
    figures += _staff_figures()
    sources = (ARTICLE_000, ARTICLE_001, ARTICLE_002, ARTICLE_003)
    return sorted(figures, key=lambda figure: sources.index(figure.source))  # stable: each in its order


def _staff_figures() -> list[SeedFigure]:
    """The staff of the demo's Ban Tổ chức Tỉnh ủy through ``reports.statistics.cadres.staff_of``:
    30 on 17/02/2017 (002: "25 đảng viên, chiếm 83,3% tổng số cán bộ" — 30 staff), and on 30/06/2018
    the sentence of seed 003: "31 cán bộ, nhân viên … 23 thạc sĩ, 6 cử nhân … 19 đồng chí có trình độ
    cao cấp, cử nhân; 6 trung cấp; 3 đồng chí đang học cao cấp, cử nhân". None before the cadre
    work is built (``partyorg.demo.cadres``)."""
    from partyorg.cadres.models import Unit
    from partyorg.demo.cadres import BTC, SEED, SEED_DAY, STAFF_2017, STAFF_2017_COUNT
    from partyorg.reports.statistics.cadres import SENIOR_OR_BACHELOR, staff_of

    unit = Unit.objects.filter(code=BTC).first()
    if unit is None:
        return []
    name = "Ban Tổ chức Tỉnh ủy Điện Biên"
    before, staff = staff_of([unit], STAFF_2017), staff_of([unit], SEED_DAY)
    day = f"{SEED_DAY:%d/%m/%Y}"
    return [
        SeedFigure(
            f"Cán bộ, nhân viên — {name}, {STAFF_2017:%d/%m/%Y}",
            STAFF_2017_COUNT,
            before.total.value,
            ARTICLE_002,
        ),
        SeedFigure(f"Cán bộ, nhân viên — {name}, {day}", SEED["staff"], staff.total.value, ARTICLE_003),
        SeedFigure(f"Thạc sĩ — {name}, {day}", SEED["master"], staff.degree["master"].value, ARTICLE_003),
        SeedFigure(
            f"Cử nhân (đại học) — {name}, {day}",
            SEED["bachelor"],
            staff.degree["bachelor"].value,
            ARTICLE_003,
        ),
        SeedFigure(
            f"Lý luận chính trị cao cấp, cử nhân — {name}, {day}",
            SEED["senior"],
            staff.theory[SENIOR_OR_BACHELOR].value,
            ARTICLE_003,
        ),
        SeedFigure(
            f"Lý luận chính trị trung cấp — {name}, {day}",
            SEED["intermediate"],
            staff.theory["intermediate"].value,
            ARTICLE_003,
        ),
        SeedFigure(
            f"Đang học cao cấp, cử nhân lý luận chính trị — {name}, {day}",
            SEED["studying"],
            staff.studying_theory[SENIOR_OR_BACHELOR].value,
            ARTICLE_003,
        ),
    ]
