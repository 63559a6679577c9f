"""The demo province's cadre work (công tác cán bộ, RULES.md §11, issue 17), 2010–2026, through
:mod:`partyorg.cadres.services` (every step checked by the rules of cadre work, the whole part one
transaction: each service is called ``.within`` it, so a refused step is undone alone).

What it makes:

* **The provincial Ban Tổ chức Tỉnh ủy** (unit ``BTC``) and its four departments (Tổ chức đảng – đảng
  viên; Tổ chức – cán bộ; Chính sách và đào tạo; Bảo vệ chính trị nội bộ), staffed by the members of
  Chi bộ Ban Tổ chức Tỉnh ủy while they are in that cell (and working age) and by a few staff who are
  not party members. Fitted so that the records give, through ``reports.statistics.cadres``:
  30 staff on 17/02/2017, the cell's 25 members and 5 others (Báo Điện Biên Phủ, 17/02/2017: "25 đảng
  viên, chiếm 83,3% tổng số cán bộ": an agency's cell is its staff, ``partyorg.demo.people`` makes its
  members of working age that day);
  and on 30/06/2018 the seed sentence of the Bắc Giang article (seed 003, 2018: "31 cán bộ, nhân viên
  … 23 thạc sĩ, 6 cử nhân … 19 đồng chí có trình độ cao cấp, cử nhân; 6 trung cấp; 3 đồng chí đang
  học cao cấp, cử nhân"). Issue 17 speaks of 30 staff; the seed's 31 on the seed's day is followed (the
  article gives no day: its "năm 2018 là năm sơ kết giữa nhiệm kỳ" places it in 2018, read as
  30/06/2018). Its leaders (Trưởng ban, three deputies, heads and deputies of the departments) are
  appointed and re-appointed every five years, planned for the terms 2020–2025, 2025–2030 (and
  2030–2035 from 2026, QĐ 377), rated by the state each year; a few are rotated to districts (2024)
  and to new communes (2025).
* **The leaders of every district and commune** — party committee (Bí thư, Phó Bí thư: the
  committees' own secretaries and first deputies, ``partyorg.demo.committees``) and People's
  Committee (Chủ tịch, Phó Chủ tịch: drawn from the same committee's other members) — over the
  congress terms 2015–2020, 2020–2025 and, after 01/07/2025, the 45 new communes; each with an
  employment (cán bộ) in the unit of the post, their degree and political theory (some studying),
  state ratings 2021–2025, planning for 2020–2025 and 2025–2030, and their retirement (ND 135, the
  month ``rules.retirement`` gives) ending post and employment. The secretary chairs the People's
  Council (HĐND) of the same level concurrently from its first session of 2016 (``COUNCIL_TERMS``,
  [U]), with no employment of its own there.
* **The district departments** (``DISTRICT_DEPARTMENTS``: Phòng Nội vụ, Phòng Tài chính - Kế hoạch of
  every district): a head and a deputy appointed from 2015–2016 among the district committee's other
  members, with the rules of appointment checked (``services.appoint``: 60 months to the pension at
  the dossier), re-appointed every five years, the deputy planned for the head, until the departments
  are dissolved on 01/07/2025 (their staff to the district seat's new commune).
* **The 2025 reform**: district and old commune posts end on 01/07/2025 "sắp xếp tổ chức bộ máy",
  their units are dissolved; those who lead a new commune move there, others move to the new commune
  their commune went into (or, from a district, to the province's Sở Nội vụ), and those with less than
  60 months to retirement leave under ND 178/2024 ("nghỉ do sắp xếp tổ chức bộ máy"). Planning of
  units that no longer stand ends that day.
* A commune vice chair rated "không hoàn thành nhiệm vụ" in 2022 and 2023 is dismissed (miễn nhiệm,
  QĐ 41 Art. 3: two consecutive years) in 2024.

Deterministic for ``seed`` and ``today``: the work runs to the day before ``today`` (by default to
30/06/2026). No member record is touched: only cadre records, and Persons for the staff who are not
party members (no membership, so no member figure moves).
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.db import transaction

from partyorg.cadres import catalogue, services
from partyorg.cadres.models import (
    DegreeLevel,
    Employment,
    EmploymentEnd,
    EmploymentStart,
    HoldingMode,
    ManagementLevel,
    PlanningEntry,
    PlanningExit,
    Post,
    PostEnd,
    PostHolding,
    Programme,
    RankClass,
    StaffCategory,
    StateLevel,
    StateRating,
    StudyMode,
    TheoryLevel,
    TrainingEnrolment,
    TrainingOutcome,
    Unit,
    UnitBloc,
    UnitKind,
    UnitLevel,
    UnitVersion,
)
from partyorg.cadres.services import Course
from partyorg.committees.models import Position, PositionRecord, RecordKind
from partyorg.core import bulk
from partyorg.core.records import LegalBasis
from partyorg.generator.province import TZ
from partyorg.members.models import MembershipInterval, Person
from partyorg.members.services import create_person
from partyorg.organizations.models import Organization, OrgKind, OrgSector, OrgVersion
from partyorg.organizations.queries import subtree_during, subtree_ids
from partyorg.rules.retirement import months_to_retirement

__all__ = ["BTC", "DEPARTMENTS", "SEED_DAY", "STAFF_2017", "populate"]

LAST_DAY = date(2026, 6, 30)
REFORM = date(2025, 7, 1)
START = date(2010, 1, 1)
SEED_DAY = date(2018, 6, 30)  # seed 003 ("năm 2018 là năm sơ kết giữa nhiệm kỳ"), read as 30/06/2018
STAFF_2017 = date(2017, 2, 17)  # Báo Điện Biên Phủ, 17/02/2017: 30 staff, 25 of them party members
STAFF_2017_COUNT = 30
# Seed 003: 31 staff; degrees 23 master, 6 bachelor (2 others); political theory 19 "cao cấp, cử
# nhân", 6 intermediate (6 others), 3 of the others studying "cao cấp" on the day.
SEED = {"staff": 31, "master": 23, "bachelor": 6, "senior": 19, "intermediate": 6, "studying": 3}

PROVINCE_COMMITTEE = "Ban Thường vụ Tỉnh ủy Điện Biên"
BTC = "BTC"
DEPARTMENTS = (
    ("BTC.TCDDV", "Phòng Tổ chức đảng - đảng viên"),
    ("BTC.TCCB", "Phòng Tổ chức - cán bộ"),
    ("BTC.CSDT", "Phòng Chính sách và đào tạo"),
    ("BTC.BVCTNB", "Phòng Bảo vệ chính trị nội bộ"),
)
CELL = "Chi bộ Ban Tổ chức Tỉnh ủy"
SNV = "SNV"  # Sở Nội vụ: where district cadres moved to the province go
COMMUNE_SECTORS = (OrgSector.COMMUNE, OrgSector.WARD, OrgSector.TOWNSHIP)
RATED_YEARS = range(2021, 2026)  # leaders' state ratings (ND 90/2020 + ND 48/2023)
# Two departments of every district People's Committee (phòng chuyên môn), each with a head and a
# deputy appointed by the district (diện Ban Thường vụ Huyện ủy quản lý), until 30/06/2025.
DISTRICT_DEPARTMENTS = (("NV", "Phòng Nội vụ"), ("TCKH", "Phòng Tài chính - Kế hoạch"))
# The People's Councils' terms 2016–2021, 2021–2026 and 2026–2031 from their first sessions ([U] the
# days: the first sessions followed the elections of 22/05/2016, 23/05/2021 and 15/03/2026 by a few
# weeks; the demo takes one day for all): the party secretary chairs the People's Council of the same
# level concurrently (bí thư đồng thời là chủ tịch HĐND: [U] a practice RULES.md does not state, the
# demo's choice, from the first session of 2016 in every district and commune).
COUNCIL_TERMS = (date(2016, 6, 24), date(2021, 6, 24), date(2026, 3, 26))
COUNCIL_CHAIR = {"bi_thu_huyen_uy": "chu_tich_hdnd_huyen", "bi_thu_dang_uy_xa": "chu_tich_hdnd_xa"}
BTC_RATED_YEARS = range(2014, 2026)
FAMILY = ("Lò", "Quàng", "Lường", "Cà", "Nguyễn", "Trần", "Hoàng", "Vì", "Tòng", "Phạm", "Lê", "Đỗ")
MIDDLE = {"male": ("Văn", "Đức", "Minh", "Quang"), "female": ("Thị", "Thu", "Thanh", "Ngọc")}
GIVEN = ("Hùng", "Lan", "Hà", "Sơn", "Thảo", "Tuấn", "Hương", "Dũng", "Mai", "Bình", "Yến", "Cường")


def _at(day: date) -> datetime:
    """When a step of ``day`` is recorded: that morning (the records are as known then)."""
    return datetime.combine(day, clock(8, 0), tzinfo=TZ)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


@dataclass
class Holding:
    person: int
    post: str
    unit: str
    start: date
    end: date | None
    mode: str = HoldingMode.ELECTED
    end_reason: str = PostEnd.TERM_ENDED
    dossier: date | None = None
    basis: str = ""
    concurrent: bool = False  # kiêm nhiệm: no employment of its own


@dataclass
class Job:
    person: int
    unit: str
    start: date
    end: date | None
    category: str = StaffCategory.CADRE
    start_reason: str = EmploymentStart.ELECTED
    end_reason: str = EmploymentEnd.TRANSFERRED
    department: str | None = None
    management_level: str = ""
    managed_by: int | None = None
    rank_class: str = ""
    contract_basis: str = ""


@dataclass
class Life:
    """What the demo knows of a cadre: born, sex, the pension's first day (ND 135)."""

    pk: int
    born: date
    sex: str
    pension_from: date
    retirement: Any
    busy: list[tuple[date, date]] = field(default_factory=list)

    def free(self, start: date, end: date | None) -> bool:
        stop = end or date.max
        return all(stop <= a or start >= b for a, b in self.busy)

    def working(self, start: date) -> bool:
        """Working age on ``start``: 25 or older, and not yet retired (ND 135)."""
        return _add_years(self.born, 25) <= start < self.pension_from


class CadreDemo:
    def __init__(self, seed: int, recorded_by: str, last_day: date) -> None:
        self.rng = random.Random(f"{seed}/cadres")
        self.recorded_by = recorded_by
        self.last = last_day
        self.counts: Counter[str] = Counter()
        self.lives: dict[int, Life] = {}
        self.units: dict[str, Unit] = {}
        self.posts = {p.code: p for p in Post.objects.all()}
        self.holdings: list[Holding] = []
        self.jobs: list[Job] = []
        self.numbers = 0
        self.persons: dict[int, Person] = {}
        self.ended_units: list[str] = []
        self.forced: dict[tuple[int, int], str] = {}  # (person, year) -> the state rating given
        self.planned: list[Any] = []
        self.dismissed: int | None = None
        self.declared: list[tuple[Person, Course, date, LegalBasis]] = []
        self.planning: list[services.NewPlanning] = []
        self.theory: dict[int, str] = {}  # the political theory declared
        # district -> its members' intervals (person, born, from, until, organization), by person
        self.district_members: dict[int, list[tuple[int, date, date, date | None, int]]] = {}

    # -- basics -----------------------------------------------------------------------------------

    def basis(self, day: date, issuer: str = PROVINCE_COMMITTEE, kind: str = "QĐ/TU") -> LegalBasis:
        self.numbers += 1
        return LegalBasis(f"{100 + self.numbers}-{kind}", day, issuer)

    def logged(self, day: date, issuer: str = PROVINCE_COMMITTEE) -> dict[str, Any]:
        return {
            "legal_basis": self.basis(day, issuer),
            "recorded_by": self.recorded_by,
            "recorded_at": _at(day),
        }

    def life(self, pk: int) -> Life:
        found = self.lives.get(pk)
        if found is None:
            person = self.persons.get(pk) or Person.objects.get(pk=pk)
            self.persons[pk] = person
            retires = services.retirement_of_person(person)
            found = Life(pk, person.birth_date, person.sex, retires.pension_from, retires)
            self.lives[pk] = found
        return found

    def load_lives(self, pks: set[int]) -> None:
        for person in Person.objects.filter(pk__in=pks - set(self.persons)):
            self.persons[person.pk] = person
        for pk in pks:
            self.life(pk)

    def due(self, day: date | None) -> bool:
        return day is not None and day <= self.last

    # -- units ------------------------------------------------------------------------------------

    def unit(
        self,
        code: str,
        name: str,
        *,
        kind: str,
        bloc: str,
        level: str,
        org: Organization,
        on: date,
        parent: Unit | None = None,
    ) -> Unit:
        made = services.create_unit.within(
            code,
            name,
            kind=kind,
            bloc=bloc,
            level=level,
            organization=org,
            founded_on=on,
            parent=parent,
            **self.logged(on),
        )
        self.units[code] = made
        self.counts["units"] += 1
        return made


# -- reading the province ---------------------------------------------------------------------------


@dataclass
class Seat:
    person: int
    position: str
    start: date
    end: date | None
    congress: int


@dataclass
class Place:
    """A district, an old commune (to 30/06/2025) or a new commune (from 01/07/2025)."""

    org: Organization
    name: str  # "huyện Điện Biên Đông", "xã Thanh Minh"
    level: str
    founded: date
    ended: date | None
    locality: str
    seats: dict[int, list[Seat]] = field(default_factory=dict)  # congress id -> seats
    district: Organization | None = None


def _place_name(org_name: str) -> str:
    return org_name.removeprefix("Đảng bộ ").strip()


def _places() -> tuple[Organization, list[Place], list[Place], list[Place]]:
    versions = OrgVersion.objects.select_related("organization", "locality").order_by("valid_from")
    province = versions.filter(kind=OrgKind.PROVINCE).first()
    assert province is not None
    districts: dict[int, Place] = {}
    old: list[Place] = []
    new: list[Place] = []
    for v in versions.filter(kind=OrgKind.DISTRICT):
        found = districts.setdefault(
            v.organization_id,
            Place(
                v.organization,
                _place_name(v.name),
                UnitLevel.DISTRICT,
                v.valid_from,
                v.valid_until,
                v.locality.code if v.locality else "",
            ),
        )
        found.ended = v.valid_until  # the last version's end
    for v in versions.filter(kind=OrgKind.GRASSROOTS_COMMITTEE, sector__in=COMMUNE_SECTORS):
        if v.parent_id in districts and not any(p.org.pk == v.organization_id for p in old):
            place = Place(
                v.organization,
                _place_name(v.name),
                UnitLevel.COMMUNE,
                v.valid_from,
                v.valid_until,
                v.locality.code if v.locality else "",
            )
            place.district = districts[v.parent_id].org
            old.append(place)
    for v in versions.filter(kind=OrgKind.COMMUNE):
        if not any(p.org.pk == v.organization_id for p in new):
            new.append(
                Place(
                    v.organization,
                    _place_name(v.name),
                    UnitLevel.COMMUNE,
                    v.valid_from,
                    v.valid_until,
                    (v.locality.code if v.locality else "").removesuffix("-2025"),
                )
            )
    every = [*districts.values(), *old, *new]
    by_org = {p.org.pk: p for p in every}
    starts = PositionRecord.objects.in_force().filter(kind=RecordKind.STARTED, organization_id__in=by_org)
    ends = dict(
        PositionRecord.objects.in_force()
        .filter(kind=RecordKind.ENDED, organization_id__in=by_org)
        .values_list("ends_id", "effective_on")
    )
    for pk, person, org, position, start, congress in starts.values_list(
        "pk", "person_id", "organization_id", "position", "effective_on", "congress_id"
    ):
        # an appointed committee (the new communes of 01/07/2025) has no congress: its day stands for it
        term = congress if congress is not None else -start.toordinal()
        by_org[org].seats.setdefault(term, []).append(Seat(person, position, start, ends.get(pk), term))
    order: list[str] = [
        Position.SECRETARY,
        Position.DEPUTY_SECRETARY,
        Position.STANDING_MEMBER,
        Position.MEMBER,
    ]
    for place in every:
        for seats in place.seats.values():
            seats.sort(key=lambda s: (order.index(s.position), s.person))
    return province.organization, list(districts.values()), old, new


# -- the leaders of districts and communes ----------------------------------------------------------

POSTS: dict[str, tuple[str, str, str, str]] = {
    UnitLevel.DISTRICT: (
        "bi_thu_huyen_uy",
        "pho_bi_thu_huyen_uy",
        "chu_tich_ubnd_huyen",
        "pho_chu_tich_ubnd_huyen",
    ),
    UnitLevel.COMMUNE: (
        "bi_thu_dang_uy_xa",
        "pho_bi_thu_dang_uy_xa",
        "chu_tich_ubnd_xa",
        "pho_chu_tich_ubnd_xa",
    ),
}


def _unit_words(place: Place) -> tuple[str, str]:
    """The names of a place's party committee and People's Committee (as units)."""
    name = place.name
    for word, committee in (("thành phố ", "Thành ủy "), ("thị xã ", "Thị ủy "), ("huyện ", "Huyện ủy ")):
        if place.level == UnitLevel.DISTRICT and name.startswith(word):
            return committee + name.removeprefix(word), "Ủy ban nhân dân " + name
    return "Đảng ủy " + name, "Ủy ban nhân dân " + name


def _leaders(demo: CadreDemo, place: Place, party: str, people: str) -> None:
    """The place's leaders for each congress term: the secretary and first deputy of its committee
    (elected at the congress), the People's Committee chair and vice chairs among the other members
    (elected by the People's Council after the congress, [U] the day: 20 days later). One who
    reaches the pension during the term leaves the post that day (ND 135) and the committee elects
    another of its members (bầu bổ sung); one past working age at the congress is passed over for
    the next member in rank."""
    bi_thu, pho_bi_thu, chu_tich, pho_chu_tich = POSTS[place.level]
    for seats in place.seats.values():
        held_on = min(s.start for s in seats)
        if held_on < date(2015, 1, 1):
            continue
        ends = [s.end for s in seats]
        term_end = None if None in ends else max(e for e in ends if e is not None)
        demo.load_lives({s.person for s in seats})
        used: set[int] = set()

        secretaries = [s for s in seats if s.position == Position.SECRETARY]
        deputies = [s for s in seats if s.position == Position.DEPUTY_SECRETARY]
        others = [s for s in seats if s.position in (Position.STANDING_MEMBER, Position.MEMBER)]
        term = (demo, used, term_end)
        _fill(term, bi_thu, party, held_on, [*secretaries, *deputies, *others])
        _fill(term, pho_bi_thu, party, held_on, [*deputies, *others])
        elected = held_on + timedelta(days=0 if held_on == REFORM else 20)
        _fill(term, chu_tich, people, elected, [*deputies, *others])
        for _vice in range(2 if place.level == UnitLevel.DISTRICT else 1):
            _fill(term, pho_chu_tich, people, elected, others)


def _fill(
    term: tuple[CadreDemo, set[int], date | None], post: str, unit: str, start: date, candidates: list[Seat]
) -> None:
    """``post`` held from ``start`` to the term's end by the first candidate of working age and free,
    and on their pension by the next, and so on."""
    demo, used, term_end = term
    while start < (term_end or date.max) and start <= demo.last:
        chosen = next(
            (
                seat
                for seat in candidates
                if seat.person not in used
                and demo.lives[seat.person].working(start)
                and demo.lives[seat.person].free(start, term_end)
            ),
            None,
        )
        if chosen is None:
            return
        life = demo.lives[chosen.person]
        used.add(chosen.person)
        end = term_end
        reason = PostEnd.RESTRUCTURED if end == REFORM else PostEnd.TERM_ENDED
        if life.pension_from < (end or date.max):
            end, reason = life.pension_from, PostEnd.RETIRED
        life.busy.append((start, end or date.max))
        demo.holdings.append(Holding(chosen.person, post, unit, start, end, end_reason=reason))
        if reason != PostEnd.RETIRED or end is None:
            return
        start = end  # the next one from the pension's first day


def _jobs_of_leaders(demo: CadreDemo, successors: dict[str, str], provinces: dict[str, str]) -> None:
    """Each leader's employment (cán bộ): in the unit of their posts from the first post there, until
    they hold a post elsewhere; after a post they stay in the unit as staff ([U]) until the pension or
    01/07/2025. Across that day: moved to the new commune of their commune (from a district: the
    province's Sở Nội vụ, or the district seat's new commune), or out under ND 178/2024 with less than
    60 months to the pension; those who lead a new commune move to it."""
    by_person: dict[int, list[Holding]] = defaultdict(list)
    for h in demo.holdings:
        # a rotated cadre keeps their employment; a post held concurrently has none of its own
        if h.mode != HoldingMode.ROTATED and not h.concurrent:
            by_person[h.person].append(h)
    for pk, held in by_person.items():
        held.sort(key=lambda h: h.start)
        life = demo.lives[pk]
        spans: list[list[Any]] = []  # [unit, start, end of the last post, how it ended]
        for h in held:
            if spans and spans[-1][0] == h.unit:
                spans[-1][2:] = [h.end, h.end_reason]
            else:
                spans.append([h.unit, h.start, h.end, h.end_reason])
        made: list[Job] = []
        for i, (unit, start, _post_end, reason) in enumerate(spans):
            nxt = spans[i + 1][1] if i + 1 < len(spans) else None
            moved_to = ""
            if reason == PostEnd.RETIRED:
                stop, why = life.pension_from, EmploymentEnd.RETIRED
            elif nxt is not None:
                stop, why = nxt, EmploymentEnd.TRANSFERRED
            else:
                closes = REFORM if unit in demo.ended_units else date.max
                stop = min(closes, life.pension_from)
                why = EmploymentEnd.RETIRED if stop == life.pension_from else EmploymentEnd.TRANSFERRED
                if stop == REFORM and why != EmploymentEnd.RETIRED:
                    left = months_to_retirement(life.retirement, REFORM)
                    if 0 <= left < 60:
                        why = EmploymentEnd.RESTRUCTURED  # ND 178/2024
                    else:
                        moved_to = successors.get(unit) or provinces.get(unit) or ""
            made.append(
                Job(
                    pk,
                    unit,
                    start,
                    None if stop > demo.last else stop,
                    end_reason=why,
                    start_reason=EmploymentStart.ELECTED if i == 0 else EmploymentStart.TRANSFERRED_IN,
                    management_level=_management(demo, unit, start),
                )
            )
            if moved_to:
                pension = life.pension_from if life.pension_from <= demo.last else None
                made.append(
                    Job(
                        pk,
                        moved_to,
                        REFORM,
                        pension,
                        end_reason=EmploymentEnd.RETIRED,
                        start_reason=EmploymentStart.TRANSFERRED_IN,
                        management_level=_management(demo, moved_to, REFORM),
                    )
                )
        demo.jobs += made


def _management(demo: CadreDemo, unit: str, on: date) -> str:
    level = demo.units[unit].level
    if unit.startswith("PH.") or (level == UnitLevel.COMMUNE and on < REFORM):
        return ManagementLevel.DISTRICT_STANDING
    if level == UnitLevel.PROVINCE:
        return ManagementLevel.AGENCY
    return ManagementLevel.PROVINCIAL_STANDING


def _department_unit(place: Place, key: str) -> str:
    return f"PH.{place.org.code}.{key}"


def _district_appointments(demo: CadreDemo, districts: list[Place]) -> None:
    """The heads and deputies of each district's departments (DISTRICT_DEPARTMENTS): first appointed
    (bổ nhiệm) over 2015–2019, so that re-appointments fall in every year, among the district
    committee's members of the day (Huyện ủy viên) and then the district's other party members, who
    hold no other post and have at least 66 months to the pension a month before, when the dossier is
    received (the rule asks 60: QĐ 105, KL 08, QĐ 80); re-appointed every five years; one who retires
    is followed a month later by another; every post ends on 01/07/2025, the departments dissolved
    with their district. Posts the district's Ban Thường vụ manages: form 13's district column."""
    for d, place in enumerate(districts):
        used: set[int] = set()
        for k, (key, _) in enumerate(DISTRICT_DEPARTMENTS):
            unit = _department_unit(place, key)
            for n, post in enumerate(("truong_phong_huyen", "pho_truong_phong_huyen")):
                first = date(2015 + (d + 2 * k + n) % 5, 3 + (2 * d + 5 * k + 3 * n) % 9, 1)
                while first < REFORM and first <= demo.last:
                    person = _district_cadre(demo, place, first, used)
                    if person is None:
                        break
                    used.add(person)
                    stop = _appointed(demo, person, post, unit, first, REFORM)
                    if stop is None or stop >= REFORM:
                        break
                    first = stop + timedelta(days=30)


def _district_cadre(demo: CadreDemo, place: Place, on: date, used: set[int]) -> int | None:
    """Who is appointed on ``on`` in a district: a member of its committee that day (not its
    secretaries), else a member of one of its party organizations aged 30 to 50 (the lowest codes
    first), who holds no post from then to 01/07/2025 and has 66 months to the pension a month before
    ``on``."""
    seats = [
        seat.person
        for seats in place.seats.values()
        for seat in seats
        if seat.start <= on
        and (seat.end is None or on < seat.end)
        and seat.position in (Position.STANDING_MEMBER, Position.MEMBER)
    ]
    if place.org.pk not in demo.district_members:  # read once a district: its members 2015–2025
        demo.district_members[place.org.pk] = list(
            MembershipInterval.objects.filter(
                organization_id__in=subtree_during(place.org, date(2015, 1, 1), REFORM)
            )
            .order_by("person_id", "valid_from")
            .values_list("person_id", "person__birth_date", "valid_from", "valid_until", "organization_id")
        )
    under = subtree_ids(place.org, on)
    members = (
        person
        for person, born, since, until, org in demo.district_members[place.org.pk]
        if since <= on
        and (until is None or on < until)
        and org in under
        and _add_years(born, 30) <= on < _add_years(born, 50)
    )
    for group in (seats, members):
        for person in group:
            if person in used:
                continue
            demo.load_lives({person})
            life = demo.lives[person]
            if (
                life.working(on)
                and life.free(on, REFORM)
                and months_to_retirement(life.retirement, on - timedelta(days=30)) >= 66
            ):
                return person
    return None


def _appointed(demo: CadreDemo, person: int, post: str, unit: str, first: date, until: date) -> date | None:
    """``post`` held from ``first`` by appointment, re-appointed every five years, to ``until`` (the
    unit's end) or the pension; a term ending in the year of the reform is extended to it (kéo dài
    thời gian giữ chức vụ, [U] the demo's choice: no new term for a post about to be dissolved). The
    holdings are added to the demo's; returns the day the post ended (None: still held)."""
    life = demo.lives[person]
    start, mode = first, HoldingMode.APPOINTED
    while True:
        stop, reason = _add_years(start, 5), PostEnd.REAPPOINTED
        if stop.year == until.year:
            reason = PostEnd.TERM_ENDED
        if life.pension_from <= stop:
            stop, reason = life.pension_from, PostEnd.RETIRED
        if until <= stop:
            stop, reason = until, PostEnd.RESTRUCTURED
        end = None if stop > demo.last else stop
        demo.holdings.append(
            Holding(person, post, unit, start, end, mode, reason, dossier=start - timedelta(days=30))
        )
        life.busy.append((start, end or date.max))
        if end is None or reason not in (PostEnd.REAPPOINTED, PostEnd.TERM_ENDED):
            return end
        start = stop
        mode = HoldingMode.REAPPOINTED if reason == PostEnd.REAPPOINTED else HoldingMode.EXTENDED


def _council_chairs(demo: CadreDemo) -> None:
    """The party secretary of each district and commune chairs its People's Council concurrently
    (COUNCIL_TERMS, [U]): from the first session of a term, or from the day they became secretary,
    to the end of the council's term, or the day they stop being secretary (and for the same
    reason)."""
    windows = [*zip(COUNCIL_TERMS, [*COUNCIL_TERMS[1:], None], strict=True)]
    for h in [h for h in demo.holdings if h.post in COUNCIL_CHAIR]:
        council = "HD." + h.unit.removeprefix("DU.")
        for opens, closes in windows:
            start = max(h.start, opens)
            stop = min(h.end or date.max, closes or date.max)
            if start >= stop or start > demo.last:
                continue
            ended = stop if stop < date.max and stop <= demo.last else None
            reason = h.end_reason if ended is not None and ended == h.end else PostEnd.TERM_ENDED
            demo.holdings.append(
                Holding(
                    h.person, COUNCIL_CHAIR[h.post], council, start, ended, end_reason=reason, concurrent=True
                )
            )
            demo.counts["council_chairs"] += 1


# -- the Ban Tổ chức --------------------------------------------------------------------------------


def _cell_spells(cell: Organization) -> dict[int, list[tuple[date, date | None]]]:
    spells: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for person, start, until in (
        MembershipInterval.objects.filter(organization=cell)
        .order_by("valid_from")
        .values_list("person_id", "valid_from", "valid_until")
    ):
        spells[person].append((start, until))
    return spells


def _new_person(demo: CadreDemo, n: int, born: date, sex: str) -> int:
    family = demo.rng.choice(FAMILY)
    name = f"{family} {demo.rng.choice(MIDDLE[sex])} {demo.rng.choice(GIVEN)}"
    ethnicity = "Thái" if family in ("Lò", "Quàng", "Lường", "Cà", "Vì", "Tòng") else "Kinh"
    person = create_person(code=f"CB{n:05d}", full_name=name, sex=sex, birth_date=born, ethnicity=ethnicity)
    demo.persons[person.pk] = person
    demo.life(person.pk)
    demo.counts["staff_not_members"] += 1
    return person.pk


def _staff_on(jobs: list[Job], on: date) -> set[int]:
    return {j.person for j in jobs if j.start <= on and (j.end is None or on < j.end)}


def _org_commission(demo: CadreDemo, cell: Organization, province: Organization) -> list[Job]:
    """The Ban Tổ chức's staff spells, fitted to 30 on 17/02/2017 and 31 on 30/06/2018."""
    rng = demo.rng
    jobs: list[Job] = []
    spells = _cell_spells(cell)
    demo.load_lives(set(spells))
    for pk, runs in sorted(spells.items()):
        life = demo.lives[pk]
        first_start = runs[0][0]
        start = max(first_start, START)
        if first_start > START and rng.random() < 0.5:  # on the staff before being admitted
            earlier = first_start - timedelta(days=rng.randrange(200, 900))
            start = max(START, earlier if first_start <= STAFF_2017 or earlier > STAFF_2017 else first_start)
        start = max(start, _add_years(life.born, 25))  # a young member joins the staff at 25 ([U])
        end = runs[-1][1]
        reason = EmploymentEnd.TRANSFERRED
        if life.pension_from <= (end or date.max):
            end, reason = life.pension_from, EmploymentEnd.RETIRED
        if not life.working(start) or (end is not None and end <= start):
            continue
        if end is not None and end > demo.last:
            end = None
        jobs.append(
            Job(pk, BTC, start, end, StaffCategory.CIVIL_SERVANT, EmploymentStart.RECRUITED_EXAM, reason)
        )
    n = 0

    def hire(start: date, end: date | None, *, contract: bool = False) -> Job:
        nonlocal n
        n += 1
        sex = "female" if rng.random() < 0.45 else "male"
        born = date(rng.randrange(1972, 1992), rng.randrange(1, 13), rng.randrange(1, 28))
        pk = _new_person(demo, n, born, sex)
        life = demo.lives[pk]
        if life.pension_from <= (end or date.max):
            end = life.pension_from
        if end is not None and end > demo.last:
            end = None
        job = Job(
            pk,
            BTC,
            start,
            end,
            StaffCategory.CONTRACT if contract else StaffCategory.CIVIL_SERVANT,
            EmploymentStart.RECRUITED_SELECTION,
            EmploymentEnd.RETIRED if end == life.pension_from else EmploymentEnd.TRANSFERRED,
            contract_basis="Nghị định 68/2000/NĐ-CP" if contract else "",
        )
        jobs.append(job)
        return job

    missing = STAFF_2017_COUNT - len(_staff_on(jobs, STAFF_2017))
    assert missing >= 2, missing
    for i in range(missing):  # two drivers on contract (Hợp đồng 68), civil servants
        hire(date(2010 + i % 4, 3 + i % 9, 2), None, contract=i < 2)
    have = len(_staff_on(jobs, SEED_DAY))
    for i in range(SEED["staff"] - have):
        hire(date(2017, 9, 5) + timedelta(days=30 * i), None)
    if have > SEED["staff"]:
        leaving = [j for j in jobs if j.contract_basis == "" and j.person not in spells and j.end is None]
        for j, i in zip(leaving, range(have - SEED["staff"]), strict=False):
            j.end = date(2018, 3, 1) + timedelta(days=7 * i)
    assert len(_staff_on(jobs, SEED_DAY)) == SEED["staff"]
    assert len(_staff_on(jobs, STAFF_2017)) == STAFF_2017_COUNT
    # after the seed's day: each departure replaced a few months later
    for job in sorted(
        [j for j in jobs if j.end is not None and j.end > SEED_DAY], key=lambda j: j.end or date.max
    ):
        assert job.end is not None
        day = job.end + timedelta(days=rng.randrange(60, 150))
        if day <= demo.last and len(_staff_on(jobs, day)) < SEED["staff"]:
            hire(day, None)
    departments = [code for code, _ in DEPARTMENTS]
    for i, job in enumerate(sorted(jobs, key=lambda j: (j.start, j.person))):
        job.department = departments[i % len(departments)]
        job.managed_by = province.pk
        job.management_level = ManagementLevel.AGENCY
        if job.category == StaffCategory.CIVIL_SERVANT:
            job.rank_class = rng.choice(
                (RankClass.PRINCIPAL_SPECIALIST, RankClass.SPECIALIST, RankClass.SPECIALIST)
            )
        elif job.category == StaffCategory.CONTRACT:
            job.rank_class = RankClass.STAFF
    return jobs


# The Ban's own leaders first appointed: Trưởng ban, the three deputies (the heads and deputies of
# the departments by their order)
FIRST_APPOINTED = {0: date(2014, 3, 1), 1: date(2014, 9, 1), 2: date(2016, 5, 1), 3: date(2015, 6, 1)}
QD_377 = date(2025, 10, 8)  # from this day an appointment needs the planning for the post (QĐ 377 Art. 34)


def _org_commission_posts(demo: CadreDemo, jobs: list[Job]) -> list[Holding]:
    """The Ban's leaders (Trưởng ban, three deputies, the heads and deputies of the departments),
    appointed from 2014–2018 and re-appointed every five years; one who retires or leaves is
    followed a month later by another of the staff. Each appointment's dossier is received a month
    before, the appointee with at least 66 months to the pension then (QĐ 80 / KL 08 ask 60). No
    first appointment after 07/10/2025 (QĐ 377 would ask the planning for the post: left vacant)."""
    staff = sorted(
        (j for j in jobs if j.category == StaffCategory.CIVIL_SERVANT),
        key=lambda j: demo.lives[j.person].born,
    )
    posts = [
        ("truong_ban_tinh_uy", None),
        *[("pho_truong_ban_tinh_uy", None)] * 3,
        *[("truong_phong_tinh", code) for code, _ in DEPARTMENTS],
        *[("pho_truong_phong_tinh", code) for code, _ in DEPARTMENTS],
    ]
    holdings: list[Holding] = []
    for n, (post, department) in enumerate(posts):
        # the first appointments spread over 2014–2018, so that re-appointments fall in every year
        first = FIRST_APPOINTED.get(n, date(2014 + n % 5, 3 + n % 8, 1))
        while first <= demo.last and first < QD_377:
            job = next(
                (
                    j
                    for j in staff
                    if j.start + timedelta(days=365) <= first
                    and (j.end is None or j.end > first + timedelta(days=365))
                    and demo.lives[j.person].free(first, None)
                    and months_to_retirement(demo.lives[j.person].retirement, first - timedelta(days=30))
                    >= 66
                ),
                None,
            )
            if job is None:
                break
            life = demo.lives[job.person]
            if department is not None:
                job.department = department
            elif post != "truong_phong_tinh":
                job.department = None
            start, mode = first, HoldingMode.APPOINTED
            end_of_job = job.end or date.max
            stop: date | None = None
            while True:
                until = _add_years(start, 5)
                stop, reason = until, PostEnd.REAPPOINTED
                if life.pension_from <= until:
                    stop, reason = life.pension_from, PostEnd.RETIRED
                if end_of_job <= stop:
                    stop, reason = end_of_job, PostEnd.TRANSFERRED
                if stop > demo.last:
                    stop = None
                holdings.append(
                    Holding(
                        job.person, post, BTC, start, stop, mode, reason, dossier=start - timedelta(days=30)
                    )
                )
                life.busy.append((start, stop or date.max))
                if stop is None or reason != PostEnd.REAPPOINTED:
                    break
                start, mode = stop, HoldingMode.REAPPOINTED
            if stop is None:
                break
            first = stop + timedelta(days=30)
    return holdings


def _rotations(demo: CadreDemo, jobs: list[Job], districts: list[Place], new: list[Place]) -> list[Holding]:
    """Three of the Ban's specialists rotated to district People's Committees (01/03/2024, to the
    reform) and two to new communes (01/10/2025): luân chuyển, with ten years to the pension at
    departure (QĐ 65 / QĐ 98)."""
    rotated: list[Holding] = []
    for day, places, post in (
        (date(2024, 3, 1), districts, "pho_chu_tich_ubnd_huyen"),
        (date(2025, 10, 1), new, "pho_chu_tich_ubnd_xa"),
    ):
        if day > demo.last:
            continue
        count = 3 if post.endswith("huyen") else 2
        chosen = [
            j
            for j in jobs
            if j.category == StaffCategory.CIVIL_SERVANT
            and j.start <= day
            and (j.end is None or j.end > day)
            and demo.lives[j.person].free(day, None)
            and months_to_retirement(demo.lives[j.person].retirement, day) > 130
            and not any(h.person == j.person for h in rotated)
        ][:count]
        for job, place in zip(chosen, places[1 :: max(1, len(places) // count)], strict=False):
            end = REFORM if day < REFORM else None
            unit = f"UB.{place.org.code}"
            rotated.append(
                Holding(job.person, post, unit, day, end, HoldingMode.ROTATED, PostEnd.RESTRUCTURED)
            )
    return rotated


# -- writing ----------------------------------------------------------------------------------------


# Order of the records written on one day: employments, then the posts without a rule of their own,
# then the ruled ones (an appointment needs its employment; a re-appointment follows the appointment).
_EMPLOYMENT, _UNRULED, _RULED = 0, 1, 2

Spell = tuple[services.SpellStep, services.SpellStep | None]  # a start and, if due, its end


def _write_people(demo: CadreDemo) -> None:
    """Every employment and post, in the order of their first days: those the rules of appointment
    check (appointed, rotated, and the Ban's own posts) one by one through ``appoint``, the others in
    batches (``services.record_spells``, the same checks) written before each ruled one. So the
    rows' ids follow the days, and an import, which checks the rows again one at a time in the order
    of an export (the ids'), finds each one valid: a department head's re-appointment of 2020 after
    his appointment of 2015, not before it."""
    stream: list[tuple[date, int, int, int, Spell | Holding]] = []
    province = Organization.objects.get(pk=next(j.managed_by for j in demo.jobs if j.managed_by))
    for n, job in enumerate(demo.jobs):
        if demo.due(job.start):
            stream.append((job.start, _EMPLOYMENT, job.person, n, _employ(demo, job, province)))
    for n, h in enumerate(demo.holdings):
        if not demo.due(h.start):
            continue
        demo.counts["posts"] += 1
        if h.mode in (HoldingMode.APPOINTED, HoldingMode.ROTATED) or h.unit == BTC:
            stream.append((h.start, _RULED, h.person, n, h))
        else:
            stream.append((h.start, _UNRULED, h.person, n, _hold(demo, h)))
    pending: list[Spell] = []
    for _day, kind, _person, _n, item in sorted(stream, key=lambda s: s[:4]):
        if kind != _RULED:
            assert not isinstance(item, Holding)
            pending.append(item)
            continue
        assert isinstance(item, Holding)
        _write_spells(demo, pending)
        pending = []
        person = demo.persons[item.person]
        row = services.appoint.within(
            person,
            demo.posts[item.post],
            demo.units[item.unit],
            on=item.start,
            mode=item.mode,
            dossier_received_on=item.dossier,
            **demo.logged(item.start),
        )
        if demo.due(item.end):
            assert item.end is not None
            services.end_post.within(row, on=item.end, reason=item.end_reason, **demo.logged(item.end))
    _write_spells(demo, pending)


def _write_spells(demo: CadreDemo, spells: list[Spell]) -> None:
    """One batch of starts and ends; each end points at its start's place in the batch."""
    steps: list[services.SpellStep] = []
    for begin, finish in spells:
        steps.append(begin)
        if finish is not None:
            steps.append(replace(finish, ends=len(steps) - 1))
    if steps:
        services.record_spells.within(steps, recorded_by=demo.recorded_by)


def _employ(demo: CadreDemo, job: Job, province: Organization) -> Spell:
    person = demo.persons[job.person]
    begin = services.SpellStep(
        Employment,
        person,
        job.start,
        demo.units[job.unit],
        {
            "category": job.category,
            "department": demo.units[job.department] if job.department else None,
            "start_reason": job.start_reason,
            "management_level": job.management_level,
            "managed_by": province if job.managed_by else None,
            "rank_class": job.rank_class,
            "contract_basis": job.contract_basis,
        },
        legal_basis=demo.basis(job.start),
        recorded_at=_at(job.start),
    )
    demo.counts["employments"] += 1
    if not demo.due(job.end):
        return begin, None
    assert job.end is not None
    demo.counts["nd178_exits"] += job.end_reason == EmploymentEnd.RESTRUCTURED
    demo.counts["retirements"] += job.end_reason == EmploymentEnd.RETIRED
    return begin, _ending(demo, Employment, person, job.end, 0, job.end_reason)


def _hold(demo: CadreDemo, h: Holding) -> Spell:
    person = demo.persons[h.person]
    begin = services.SpellStep(
        PostHolding,
        person,
        h.start,
        demo.units[h.unit],
        {"post": demo.posts[h.post], "mode": h.mode, "concurrent": h.concurrent},
        legal_basis=demo.basis(h.start),
        recorded_at=_at(h.start),
    )
    if not demo.due(h.end):
        return begin, None
    assert h.end is not None
    return begin, _ending(demo, PostHolding, person, h.end, 0, h.end_reason)


def _ending(demo: CadreDemo, model: Any, person: Person, on: date, start: int, reason: str) -> Any:
    return services.SpellStep(
        model, person, on, ends=start, reason=reason, legal_basis=demo.basis(on), recorded_at=_at(on)
    )


def _training(demo: CadreDemo, people: dict[int, str]) -> None:
    """Degrees and political theory held (declared with their proof), a few courses taken: people ->
    "btc" (fitted separately), "district", "commune"."""
    rng = demo.rng
    for pk, kind in sorted(people.items()):
        if kind == "btc":
            continue
        life, person = demo.lives[pk], demo.persons[pk]
        graduated = _add_years(life.born, 23)
        r = rng.random()
        if kind == "district":
            degree = DegreeLevel.MASTER if r < 0.35 else DegreeLevel.BACHELOR
            theory = TheoryLevel.SENIOR if rng.random() < 0.8 else TheoryLevel.BACHELOR
        else:
            degree = (
                DegreeLevel.BACHELOR
                if r < 0.7
                else (DegreeLevel.COLLEGE if r < 0.85 else DegreeLevel.VOCATIONAL)
            )
            theory = TheoryLevel.INTERMEDIATE if rng.random() < 0.8 else TheoryLevel.SENIOR
        _declare(demo, person, Programme.DEGREE, degree, graduated)
        _declare(demo, person, Programme.POLITICAL_THEORY, theory, _add_years(graduated, 8))
        demo.theory[pk] = theory
    # courses taken: political theory (cao cấp, part-time) by those in post on its first day, a
    # master's degree by a few district leaders; each ends completed when its day has come
    courses = (
        (date(2023, 3, 6), date(2024, 12, 20), Programme.POLITICAL_THEORY, TheoryLevel.SENIOR, 0.15),
        (date(2024, 3, 4), date(2025, 11, 28), Programme.POLITICAL_THEORY, TheoryLevel.SENIOR, 0.15),
        (date(2022, 9, 12), date(2024, 9, 20), Programme.DEGREE, DegreeLevel.MASTER, 0.3),
    )
    taking: set[int] = set()
    for start, end, programme, level, share in courses:
        still = {j.person for j in demo.jobs if j.start <= end and (j.end is None or j.end > end)}
        for job in sorted(demo.jobs, key=lambda j: (j.person, j.start)):
            if (
                job.unit == BTC
                or job.person in taking
                or job.person not in still
                or not (job.start <= start and (job.end is None or job.end > start))
            ):
                continue
            if programme == Programme.DEGREE and demo.units[job.unit].level != UnitLevel.DISTRICT:
                continue
            if demo.rng.random() < share and demo.theory.get(job.person) != TheoryLevel.SENIOR:
                taking.add(job.person)
                mode = StudyMode.PART_TIME if programme == Programme.POLITICAL_THEORY else ""
                place = "" if programme == Programme.POLITICAL_THEORY else "domestic"
                _study(demo, demo.persons[job.person], programme, level, start, end, mode=mode, place=place)


def _declare(demo: CadreDemo, person: Person, programme: str, level: str, on: date) -> None:
    """A qualification held, declared with its proof (written in one batch at the end)."""
    on = min(on, demo.last)
    demo.declared.append((person, Course(programme, level), on, demo.basis(on)))
    demo.counts["qualifications"] += 1


def _study(
    demo: CadreDemo,
    person: Person,
    programme: str,
    level: str,
    start: date,
    end: date,
    *,
    mode: str = "",
    place: str = "",
) -> None:
    if start > demo.last:
        return
    institution = (
        "Học viện Chính trị khu vực I" if programme == Programme.POLITICAL_THEORY else "Đại học Thái Nguyên"
    )
    course = services.start_training.within(
        person,
        Course(programme, level, institution=institution, mode=mode, place=place),
        on=start,
        planned_end_on=end,
        **demo.logged(start),
    )
    demo.counts["courses"] += 1
    if end <= demo.last:
        services.end_training.within(course, on=end, outcome=TrainingOutcome.COMPLETED, **demo.logged(end))


def _btc_training(demo: CadreDemo, jobs: list[Job]) -> None:
    """The Ban's staff: on 30/06/2018 exactly the seed's degrees and political theory (above), the
    others as drawn."""
    rng = demo.rng
    on_day = sorted(_staff_on(jobs, SEED_DAY), key=lambda pk: demo.lives[pk].born)
    leaders = {h.person for h in demo.holdings if h.unit == BTC}
    contract = {j.person for j in jobs if j.category == StaffCategory.CONTRACT}
    ranked = sorted(on_day, key=lambda pk: (pk in contract, pk not in leaders, demo.lives[pk].born))
    degrees = [DegreeLevel.MASTER] * SEED["master"] + [DegreeLevel.BACHELOR] * SEED["bachelor"]
    degrees += [DegreeLevel.VOCATIONAL] * (SEED["staff"] - len(degrees))
    rest = SEED["staff"] - SEED["senior"] - SEED["intermediate"]
    theories = [str(TheoryLevel.SENIOR)] * SEED["senior"] + [str(TheoryLevel.INTERMEDIATE)] * SEED[
        "intermediate"
    ]
    theories += [TheoryLevel.ELEMENTARY] * (rest - 2) + [""] * 2
    studying = 0
    for pk, degree, theory in zip(ranked, degrees, theories, strict=True):
        person, life = demo.persons[pk], demo.lives[pk]
        _declare(demo, person, Programme.DEGREE, degree, min(_add_years(life.born, 30), date(2016, 6, 30)))
        if theory:
            _declare(
                demo,
                person,
                Programme.POLITICAL_THEORY,
                theory,
                min(_add_years(life.born, 32), date(2016, 12, 30)),
            )
        if theory == TheoryLevel.INTERMEDIATE and studying < SEED["studying"]:
            studying += 1
            _study(
                demo,
                person,
                Programme.POLITICAL_THEORY,
                TheoryLevel.SENIOR,
                date(2017, 9, 11),
                date(2019, 6, 21),
                mode=StudyMode.PART_TIME,
            )
    others = {j.person for j in jobs} - set(on_day)
    for pk in sorted(others):
        person, life = demo.persons[pk], demo.lives[pk]
        _declare(
            demo,
            person,
            Programme.DEGREE,
            rng.choice((DegreeLevel.MASTER, DegreeLevel.BACHELOR)),
            _add_years(life.born, 24),
        )
        _declare(
            demo, person, Programme.POLITICAL_THEORY, TheoryLevel.INTERMEDIATE, _add_years(life.born, 28)
        )
    # later courses: two senior political theory courses ending in 2024 and 2025
    for i, pk in enumerate(sorted(_staff_on(jobs, date(2023, 3, 1)))[:4]):
        start = date(2023 + i % 2, 3, 6)
        _study(
            demo,
            demo.persons[pk],
            Programme.COURSE,
            "Bồi dưỡng lãnh đạo, quản lý cấp phòng",
            start,
            start + timedelta(days=60 + 30 * i),
            place="domestic",
        )


def _ratings(demo: CadreDemo, jobs: list[Job], unit_of: Callable[[Job], str], years: range) -> None:
    """The state's yearly rating (ND 90/2020, ND 48/2023), given on 10/12 by the unit each is employed
    in: most "hoàn thành tốt", about one in eight "xuất sắc", a few "hoàn thành". A level the rules
    refuse (the excellent cap of 20 % of "tốt", discipline in the year) gives way to the next one
    down; with less than six months' work, reviewed and not rated (``services.rate_state_many``)."""
    rng = demo.rng
    entries: list[services.NewStateRating] = []
    for year in years:
        day = date(year, 12, 10)
        if day > demo.last:
            continue
        rated: set[int] = set()
        for job in sorted(jobs, key=lambda j: (unit_of(j), j.person)):
            if job.category == StaffCategory.CONTRACT:
                continue  # contract staff are not rated by ND 90 / ND 335
            if job.start <= day and (job.end is None or job.end > day) and job.person not in rated:
                rated.add(job.person)
                r = rng.random()
                level: str = (
                    StateLevel.EXCELLENT if r < 0.12 else StateLevel.GOOD if r < 0.9 else StateLevel.FULFILLED
                )
                level = demo.forced.get((job.person, year), level)
                entries.append(
                    services.NewStateRating(
                        demo.persons[job.person],
                        demo.units[unit_of(job)],
                        year,
                        day,
                        level,
                        legal_basis=demo.basis(day),
                        recorded_at=_at(day),
                    )
                )
    down = {
        StateLevel.EXCELLENT: StateLevel.GOOD,
        StateLevel.GOOD: StateLevel.FULFILLED,
        StateLevel.FULFILLED: StateLevel.NOT_FULFILLED,
    }
    while entries:
        made, refused = services.rate_state_many.within(entries, recorded_by=demo.recorded_by)
        demo.counts["state_ratings"] += len(made)
        entries = []
        for entry, _refusal in refused:
            if entry.not_rated:
                continue
            lower = down.get(StateLevel(entry.level))
            entries.append(replace(entry, level=lower) if lower else replace(entry, level="", not_rated=True))


def _planning(demo: CadreDemo, places: list[Place], terms: tuple[tuple[int, int, date], ...]) -> None:
    """For each place and term: the holders of the lower posts on the decision day planned for the
    higher posts of the same unit (Phó Bí thư → Bí thư; Phó Chủ tịch → Chủ tịch), and one more
    committee member for each; at most two people a position, two positions a person, all checked
    by the rules (≤ 3 × 3, only higher posts, a full term to the pension; refused ones left out)."""
    from partyorg.cadres import queries

    for first, last, day in terms:
        if day > demo.last:
            continue
        held = list(
            queries.posts_on(day)
            .filter(unit__code__in=[c for c in demo.units])
            .values_list("person_id", "post__code", "unit__code")
        )
        by_unit: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for person, post, unit in held:
            by_unit[unit].append((person, post))
        for place in places:
            if not (place.founded <= day and (place.ended is None or day < place.ended)):
                continue
            pairs = [
                (f"DU.{place.org.code}", POSTS[place.level][1], POSTS[place.level][0]),
                (f"UB.{place.org.code}", POSTS[place.level][3], POSTS[place.level][2]),
            ]
            if place.level == UnitLevel.DISTRICT:  # a department's deputy for its head
                pairs += [
                    (_department_unit(place, key), "pho_truong_phong_huyen", "truong_phong_huyen")
                    for key, _ in DISTRICT_DEPARTMENTS
                ]
            for unit, lower, higher in pairs:
                if unit not in demo.units:
                    continue
                for person, post in by_unit.get(unit, ()):
                    if post == lower:
                        _plan(demo, person, higher, unit, first, last, day)


def _plan(demo: CadreDemo, person: int, post: str, unit: str, first: int, last: int, day: date) -> None:
    """One planning entry, written with the others of its kind (``services.plan_many``: the rules of
    ``plan``; those the rules refuse are left out)."""
    demo.planning.append(
        services.NewPlanning(
            demo.persons.get(person) or Person.objects.get(pk=person),
            demo.posts[post],
            demo.units[unit],
            first,
            last,
            day,
            legal_basis=demo.basis(day),
            recorded_at=_at(day),
        )
    )


def _write_planning(demo: CadreDemo) -> None:
    made, refused = services.plan_many.within(demo.planning, recorded_by=demo.recorded_by)
    demo.counts["planning_entries"] += len(made)
    demo.counts["planning_refused"] += len(refused)
    demo.planning = []


def _planning_exits(demo: CadreDemo) -> None:
    """An entry ends when its person takes the post (đã bổ nhiệm, bầu), when the planned term has
    begun (the next term's planning replaces it: "rà soát"), when its unit is dissolved on
    01/07/2025, or by the yearly review's automatic exits (over age, discipline: due_planning_exits)."""
    from partyorg.cadres import deadlines, queries

    for year in range(2018, demo.last.year + 1):
        day = date(year, 11, 15)
        if day > demo.last:
            break
        due = [
            (entry, max(found.on, entry.effective_on + timedelta(days=1)), found.reason, found.message)
            for entry, found in deadlines.due_planning_exits(day)
            if found.on <= day
        ]
        if due:  # the yearly review's decision
            services.exit_planning_many.within(due, **demo.logged(day))
            demo.counts["planning_exits"] += len(due)
    later: dict[date, list[tuple[Any, date, str, str]]] = defaultdict(list)
    taken = {(h.person, h.post, h.unit): h.start for h in demo.holdings}
    for entry in queries.planning_on(demo.last).select_related("post", "unit"):
        key = (entry.person_id, entry.post.code, entry.unit.code)
        start = planning_start(entry.term_first_year)
        if key in taken and taken[key] > entry.effective_on and taken[key] <= demo.last:
            on, reason, note = taken[key], PlanningExit.APPOINTED, ""
        elif entry.unit.code in demo.ended_units and entry.effective_on < REFORM:
            on, reason, note = (
                REFORM,
                PlanningExit.OTHER,
                "Đơn vị giải thể khi sắp xếp tổ chức bộ máy (KL 150-KL/TW)",
            )
        elif start + timedelta(days=300) <= demo.last:
            on, reason, note = (
                start + timedelta(days=300),
                PlanningExit.ANNUAL_REVIEW,
                "Nhiệm kỳ quy hoạch đã bắt đầu",
            )
        else:
            continue
        if on <= entry.effective_on:
            continue
        later[on].append((entry, on, reason, note))
    for on, exits in sorted(later.items()):
        services.exit_planning_many.within(exits, **demo.logged(on))
        demo.counts["planning_exits"] += len(exits)


def planning_start(first_year: int) -> date:
    return date(first_year, 1, 1)


def _dismissal(demo: CadreDemo) -> None:
    """QĐ 41 Art. 3 (RULES.md §11.7): a commune vice chair rated "không hoàn thành nhiệm vụ" in 2022 and
    2023 is dismissed (miễn nhiệm) on 15/03/2024."""
    if date(2024, 3, 15) > demo.last:
        return
    for h in demo.holdings:
        if (
            h.post == "pho_chu_tich_ubnd_xa"
            and h.mode == HoldingMode.ELECTED
            and h.start < date(2021, 1, 1)
            and h.end == REFORM
        ):
            demo.forced[(h.person, 2022)] = StateLevel.NOT_FULFILLED
            demo.forced[(h.person, 2023)] = StateLevel.NOT_FULFILLED
            h.end, h.end_reason = date(2024, 3, 15), PostEnd.DISMISSED
            demo.dismissed = h.person
            return


def populate(*, seed: int = 2017, recorded_by: str = "demo", today: date | None = None) -> dict[str, int]:
    """The demo's cadre records (see the module docstring); returns the counts."""
    started = time.monotonic()
    last = LAST_DAY if today is None else today - timedelta(days=1)
    demo = CadreDemo(seed, recorded_by, last)
    with transaction.atomic(durable=True):
        demo.counts["catalogue_posts"] = len(catalogue.load())
        demo.posts = {p.code: p for p in Post.objects.all()}
        # a tree that is not the demo province's (no Ban Tổ chức cell, no province): the catalogue only
        if (
            OrgVersion.objects.filter(name=CELL).exists()
            and OrgVersion.objects.filter(kind=OrgKind.PROVINCE).exists()
        ):
            _build(demo)
            # the query planner's statistics of the tables just written (SQLite keeps none until
            # ANALYZE: the province's staff were read person by person through all 68.000 persons)
            bulk.analyze(
                Unit, UnitVersion, Employment, PostHolding, TrainingEnrolment, StateRating, PlanningEntry
            )
    counts = dict(sorted(demo.counts.items()))
    counts["seconds"] = round(time.monotonic() - started)
    return counts


def _build(demo: CadreDemo) -> None:
    province, districts, old, new = _places()
    cell_version = OrgVersion.objects.filter(name=CELL).first()
    assert cell_version is not None
    # units
    btc = demo.unit(
        BTC,
        "Ban Tổ chức Tỉnh ủy Điện Biên",
        kind=UnitKind.PARTY_BODY,
        bloc=UnitBloc.PARTY,
        level=UnitLevel.PROVINCE,
        org=province,
        on=START,
    )
    for code, name in DEPARTMENTS:
        demo.unit(
            code,
            name,
            kind=UnitKind.DEPARTMENT,
            bloc=UnitBloc.PARTY,
            level=UnitLevel.PROVINCE,
            org=province,
            on=START,
            parent=btc,
        )
    demo.unit(
        SNV,
        "Sở Nội vụ tỉnh Điện Biên",
        kind=UnitKind.STATE_AGENCY,
        bloc=UnitBloc.GOVERNMENT,
        level=UnitLevel.PROVINCE,
        org=province,
        on=START,
    )
    for place in [*districts, *old, *new]:
        party, people = _unit_words(place)
        on = max(place.founded, START)
        demo.unit(
            f"DU.{place.org.code}",
            party,
            kind=UnitKind.PARTY_COMMITTEE,
            bloc=UnitBloc.PARTY,
            level=place.level,
            org=place.org,
            on=on,
        )
        demo.unit(
            f"UB.{place.org.code}",
            people,
            kind=UnitKind.PEOPLES_COMMITTEE,
            bloc=UnitBloc.GOVERNMENT,
            level=place.level,
            org=place.org,
            on=on,
        )
        demo.unit(
            f"HD.{place.org.code}",
            "Hội đồng nhân dân " + place.name,
            kind=UnitKind.PEOPLES_COUNCIL,
            bloc=UnitBloc.GOVERNMENT,
            level=place.level,
            org=place.org,
            on=on,
        )
        if place.ended is not None:
            demo.ended_units += [f"DU.{place.org.code}", f"UB.{place.org.code}", f"HD.{place.org.code}"]
        if place.level == UnitLevel.DISTRICT:
            for key, label in DISTRICT_DEPARTMENTS:
                demo.unit(
                    _department_unit(place, key),
                    f"{label} {place.name}",
                    kind=UnitKind.STATE_AGENCY,
                    bloc=UnitBloc.GOVERNMENT,
                    level=place.level,
                    org=place.org,
                    on=on,
                )
                if place.ended is not None:
                    demo.ended_units.append(_department_unit(place, key))
    # the Ban Tổ chức
    btc_jobs = _org_commission(demo, cell_version.organization, province)
    btc_posts = _org_commission_posts(demo, btc_jobs)
    rotated = _rotations(demo, btc_jobs, districts, new)
    for h in rotated:
        demo.lives[h.person].busy.append((h.start, h.end or date.max))
    # leaders of districts and communes
    for place in [*districts, *old, *new]:
        _leaders(demo, place, f"DU.{place.org.code}", f"UB.{place.org.code}")
    _district_appointments(demo, districts)
    _council_chairs(demo)
    new_by_locality = {p.locality: p for p in new}
    from partyorg.demo.structure import SEAT_2025, load_units

    mapping: dict[str, str] = load_units()["mapping_2025"]
    successors: dict[str, str] = {}
    provinces: dict[str, str] = {}
    for place in old:
        target = new_by_locality.get(mapping.get(place.locality, ""))
        if target is not None:
            successors[f"DU.{place.org.code}"] = f"DU.{target.org.code}"
            successors[f"UB.{place.org.code}"] = f"UB.{target.org.code}"
    for place in districts:
        seat = new_by_locality.get(SEAT_2025.get(place.locality, ""))
        provinces[f"DU.{place.org.code}"] = SNV
        if seat is not None:
            provinces[f"UB.{place.org.code}"] = f"UB.{seat.org.code}"
            for key, _ in DISTRICT_DEPARTMENTS:  # the departments' staff to the seat's new commune
                provinces[_department_unit(place, key)] = f"UB.{seat.org.code}"
    _dismissal(demo)
    _jobs_of_leaders(demo, successors, provinces)
    demo.holdings += btc_posts + rotated
    demo.jobs += btc_jobs
    _write_people(demo)
    if demo.due(REFORM):
        ended = [demo.units[code] for code in demo.ended_units]
        # Recorded after the staff's employments that end that morning (an import applies the
        # records of one moment in the file's order of types, a unit's versions before employments).
        logged = {**demo.logged(REFORM), "recorded_at": _at(REFORM) + timedelta(hours=1)}
        services.dissolve_units.within(ended, on=REFORM, **logged)
    # training
    kinds = {
        j.person: (
            "btc"
            if j.unit == BTC
            else "district"
            if demo.units[j.unit].level == UnitLevel.DISTRICT
            else "commune"
        )
        for j in demo.jobs
    }
    kinds.update({j.person: "btc" for j in btc_jobs})
    _btc_training(demo, btc_jobs)
    _training(demo, kinds)
    services.declare_qualifications.within(demo.declared, recorded_by=demo.recorded_by)
    # ratings
    _ratings(demo, btc_jobs, lambda j: BTC, BTC_RATED_YEARS)
    leader_jobs = [j for j in demo.jobs if j.unit != BTC]
    _ratings(demo, leader_jobs, lambda j: j.unit, RATED_YEARS)
    # planning
    _planning(demo, [*districts, *old], ((2020, 2025, date(2018, 3, 20)), (2025, 2030, date(2023, 3, 20))))
    _planning(demo, new, ((2030, 2035, date(2025, 11, 17)),))
    _btc_planning(demo)
    _write_planning(demo)
    _planning_exits(demo)


def _btc_planning(demo: CadreDemo) -> None:
    """The Ban's own planning: its deputies for Trưởng ban, its department heads for Phó Trưởng ban."""
    from partyorg.cadres import queries

    for first, last, day in (
        (2020, 2025, date(2017, 10, 16)),
        (2025, 2030, date(2022, 10, 17)),
        (2030, 2035, date(2025, 11, 17)),
    ):
        if day > demo.last:
            continue
        held = queries.posts_on(day).filter(unit__code=BTC).values_list("person_id", "post__code")
        for person, post in sorted(held):
            if post == "pho_truong_ban_tinh_uy":
                _plan(demo, person, "truong_ban_tinh_uy", BTC, first, last, day)
            elif post == "truong_phong_tinh":
                _plan(demo, person, "pho_truong_ban_tinh_uy", BTC, first, last, day)
