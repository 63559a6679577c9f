"""The members of Đảng bộ tỉnh Điện Biên, 2010–2026, planned so that the seed figures come out exactly.

How the plan reaches each figure (the tests check every one through the statistics module):

1. **Admissions** are placed, not drawn: for every half-year and every district (and the provincial
   blocs as one more scope) a number of ceremonies is fixed first. H1 2017: 1.072 in the province,
   143 in Nậm Pồ, 166 in Mường Nhé; 2017: 160 in Điện Biên Đông (70 + 90). Admissions count on the
   ceremony day, as the fold makes the person a member then; re-admissions are a flow of their
   own ("readmitted") and do not count.
2. **Hamlets without members** are residence-based (``Person.home_locality``). Every hamlet that has a
   cell gets an *anchor*: a member living there since before 2010 who stays until 2018 at least.
   Nobody lives in a "white" hamlet until the admission that clears it (``Place.white_until``:
   that ceremony's day): 60 white on 31/12/2016, 9 cleared in H1 2017 (5 in Nậm Pồ, 1 in Mường Nhé),
   Điện Biên Đông's last one in H2 2017. The clearing admissions are among the placed admissions.
3. **Stocks** are fitted after a free simulation, in date order, with changes that leave every
   earlier figure and every flow unchanged:
   the education committee of Điện Biên Đông on 31/12/2017 (605) and Điện Biên Đông on 30/09/2016
   (2.805) by adding or leaving out members who were there since before 2010 and stay until 2018;
   Điện Biên Đông on 31/12/2017 (3.040) by the number of its admissions in October–December 2016
   (a figure no seed states); the province on 30/06/2017 (35.676) by adding or leaving out members
   since before 2010 outside Điện Biên Đông.
4. **Chi bộ Ban Tổ chức Tỉnh ủy** is scripted: 25 members on 17/02/2017, one of them admitted in 2016
   (Báo Điện Biên Phủ 17/02/2017), every one of working age that day, 30 to 52: an agency's cell is
   its staff ("25 đảng viên, chiếm 83,3% tổng số cán bộ, công nhân, viên chức cơ quan"; the Ban's
   staff in ``partyorg.demo.cadres``).
5. **Every cell holds 3 official members** at each year end since it first held anybody (Charter
   Art. 21(2), 24(1), the rule the loader checks): before the fit, pioneers (official members
   transferred in from another province, who leave once the others are three) stand for the members
   the records lost before 2010, and a cell that falls below three later gets official members
   transferred in that year (a cell founded after 2010, on its founding day); the fit leaves out
   no member a cell needs from 2009 on; after it, pioneers again, who all leave before 2016, so that
   no seed figure moves (``Plan._support``).

The plan (every life as a short list of dated events) is kept in memory, about 60.000 lives; the
records are made from it one person at a time: persons first, then events, each from a random stream
of its own (``{seed}/person/{n}``, ``{seed}/events/{n}``).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from partyorg.demo.structure import (
    DAY,
    DIEN_BIEN_DONG,
    MUONG_NHE,
    NAM_PO,
    ORG_COMMISSION,
    PROFILES,
    PROVINCE_CODE,
    PROVINCE_COMMITTEE,
    RECORDED_BY,
    REFORM,
    START,
    UNTIL,
    Org,
    Place,
    Structure,
    _weekday,
    recorded_at,
)
from partyorg.generator import names as N
from partyorg.generator.people import _badge_day, correction_record, random_uid
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind, GeneralEducation, Sex
from partyorg.rules._dates import add_months
from partyorg.rules.badges import BADGE_45_FROM, MILESTONES
from partyorg.rules.organization import MIN_OFFICIAL_MEMBERS
from partyorg.rules.party_age import date_reaching

K = EventKind
K_DECIDED, K_CEREMONY, K_OFFICIAL = (
    K.ADMISSION_DECIDED.value,
    K.ADMISSION_CEREMONY.value,
    K.RECOGNIZED_OFFICIAL.value,
)
K_OUT, K_IN, K_EXEMPT, K_REMOVED = (
    K.TRANSFER_OUT.value,
    K.TRANSFER_IN.value,
    K.EXEMPTED.value,
    K.REMOVED.value,
)
K_EXPELLED, K_WITHDRAWN, K_DIED = K.EXPELLED.value, K.WITHDRAWN.value, K.DIED.value
K_READMIT, K_BADGE, K_VOIDED = K.READMISSION_DECIDED.value, K.BADGE_AWARDED.value, K.VOIDED.value
_DAY_ORDER = {
    K_DECIDED: 0,
    K_READMIT: 0,
    K_CEREMONY: 1,
    K_OUT: 2,
    K_IN: 3,
    K_OFFICIAL: 4,
    K_EXEMPT: 7,
    K_BADGE: 8,
    K_REMOVED: 9,
    K_EXPELLED: 9,
    K_WITHDRAWN: 9,
    K_DIED: 10,
}
EXITS = frozenset({K_REMOVED, K_EXPELLED, K_WITHDRAWN, K_DIED})

# The seed figures.
PROVINCE_MEMBERS_2017 = 35_676  # 30/06/2017
PROVINCE_ADMITTED_H1_2017 = 1_072
DISTRICT_ADMITTED_H1_2017 = {NAM_PO: 143, MUONG_NHE: 166}
DBD_MEMBERS = {date(2016, 9, 30): 2_805, date(2017, 12, 31): 3_040}
DBD_ADMITTED_2017 = (70, 90)  # H1, H2: 160 in 2017
EDUCATION_MEMBERS = 605  # 31/12/2017
ORG_CELL_MEMBERS, ORG_CELL_DAY = 25, date(2017, 2, 17)
ORG_CELL_AGES = (30, 52)  # the Ban's staff: of working age on ORG_CELL_DAY, admitted at 20 or later
PROTECT = date(2018, 1, 1)  # anchors and fitted members stay at least until this day
PIONEERS_UNTIL = date(2016, 1, 1)  # after the fit, pioneers leave before this day (before any seed's day)

YEARLY_ADMISSIONS = {
    2010: 1850,
    2011: 1900,
    2012: 1950,
    2013: 1980,
    2014: 2000,
    2015: 2040,
    2016: 2080,
    2017: 2150,
    2018: 2100,
    2019: 2050,
    2020: 1950,
    2021: 1900,
    2022: 1950,
    2023: 1900,
    2024: 1850,
    2025: 1800,
    2026: 1800,
}
ARRIVALS_PER_YEAR = 110
SCOPE_BOOST = {NAM_PO: 1.7, MUONG_NHE: 1.7}
GOMPERTZ_B, GOMPERTZ_G = 2.6e-5, 0.1
INITIAL_SCALE = 0.66  # members in 2010 per unit of cell weight (the fit corrects the total)

INITIAL, ADMITTED, ARRIVED = "initial", "admitted", "arrived"
_OTHER_PROVINCES = tuple(p for p in N.OTHER_PROVINCES_BEFORE_2025 if "Điện Biên" not in p)
_OTHER_PROVINCES_2025 = tuple(p for p in N.OTHER_PROVINCES_FROM_2025 if "Điện Biên" not in p)
_FEMALE = {
    "hamlet": 0.38,
    "commune_office": 0.42,
    "school": 0.72,
    "kindergarten": 0.96,
    "health": 0.66,
    "military": 0.06,
    "police": 0.16,
    "agency": 0.5,
    "enterprise": 0.38,
}
_OCCUPATION = {
    "hamlet": N.Choice((("Nông dân", 80), ("Lao động tự do", 8), ("Kinh doanh", 6), ("Công nhân", 6))),
    "commune_office": N.Choice((("Cán bộ, công chức cấp xã", 1),)),
    "school": N.Choice((("Giáo viên", 1),)),
    "kindergarten": N.Choice((("Giáo viên", 1),)),
    "health": N.Choice((("Viên chức y tế", 1),)),
    "military": N.Choice((("Quân nhân", 1),)),
    "police": N.Choice((("Công an nhân dân", 1),)),
    "agency": N.Choice((("Cán bộ, công chức", 70), ("Viên chức", 30))),
    "enterprise": N.Choice((("Công nhân", 40), ("Nhân viên doanh nghiệp", 60))),
}
_OFFICE_SKILL = N.Choice((("Trung cấp", 22), ("Cao đẳng", 18), ("Đại học", 55), ("Thạc sĩ", 5)))
_RURAL_SKILL = N.Choice((("", 75), ("Sơ cấp", 12), ("Trung cấp", 11), ("Cao đẳng", 1), ("Đại học", 1)))
_THEORY_OFFICE = N.Choice((("Sơ cấp", 40), ("Trung cấp", 45), ("Cao cấp", 12), ("Cử nhân", 3)))
_THEORY_RURAL = N.Choice((("", 40), ("Sơ cấp", 57), ("Trung cấp", 3)))
_RELIGIONS = {ethnicity: N.Choice(table) for ethnicity, table in N.RELIGIONS.items()}
_ETHNIC = {profile: N.Choice(table) for profile, table in PROFILES.items()}

Ev = tuple[date, str, Org | None, Org | None, str, str]  # day, kind, organization, other, external, detail


@dataclass(eq=False, slots=True)
class Life:
    index: int
    entry: str
    birth: date
    female: bool
    home: Place
    org: Org  # where the person entered
    events: list[Ev] = field(default_factory=list)
    anchor: bool = False
    moved: bool = False  # changed organization inside the province at some time
    first_exit: date | None = None
    fitted: bool = False  # may be left out by the fit

    def org_on(self, day: date) -> Org | None:
        """The organization that holds the person on ``day`` (None: not a member in the province)."""
        current: Org | None = None
        for ev_day, kind, org, other, _external, _detail in self.events:
            if ev_day > day:
                break
            if kind == K_CEREMONY or (kind == K_IN and current is None):
                current = org
            elif kind == K_OUT:
                current = other
            elif kind in EXITS:
                current = None
        return current


def _of_working_age(life: Life, day: date) -> None:
    """Make ``life`` between ORG_CELL_AGES years old on ``day`` (the staff of an agency), without a
    draw, so that no other life of the plan changes: the birth moves by whole years (an age past the
    upper bound folds back into the range, one under it becomes the lower bound), an admission before
    2010 moves with it to the age of 20 when it came earlier, and the exemption for age (miễn sinh
    hoạt, 70 and over) the person no longer reaches is dropped."""
    low, high = ORG_CELL_AGES
    born = life.birth
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if low <= age <= high:
        return
    years = age - (low if age < low else high - (age - high) % (high - low + 1))
    life.birth = _years_later(born, years)
    earliest = _years_later(life.birth, 20)
    admission = [e for e in life.events if e[0] < START and e[1] in (K_DECIDED, K_CEREMONY, K_OFFICIAL)]
    gap = (earliest - min((e[0] for e in admission), default=earliest)).days
    shift = timedelta(days=max(0, -(-gap // 7) * 7))  # whole weeks: a decision stays on its weekday
    assert all(e[0] + shift < START for e in admission)  # still a member since before 2010
    life.events = [
        (e[0] + shift, *e[1:]) if e in admission else e
        for e in life.events
        if not (e[1] == K_EXEMPT and e[0] < _years_later(life.birth, 70))
    ]


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


def _spans(life: Life) -> Iterator[tuple[Org, date, date | None, bool]]:
    """Where the person is held, from when until when (exclusive) and whether as an official member:
    as the loader's membership intervals count them (held at the destination from a transfer out)."""
    org: Org | None = None
    since, official = START, False
    for day, kind, where, other, _external, detail in sorted(
        life.events, key=lambda e: (e[0], _DAY_ORDER[e[1]])
    ):
        if kind in (K_CEREMONY, K_OUT, K_OFFICIAL) or (kind == K_IN and org is None):
            if org is not None and since < day:
                yield org, since, day, official
            if kind == K_CEREMONY:
                org, official = where, False
            elif kind == K_IN:
                org, official = where, detail == "official"
            elif kind == K_OUT:
                org = other
            elif org is not None:
                official = True
            since = day
        elif kind in EXITS:
            if org is not None and since < day:
                yield org, since, day, official
            org = None
    if org is not None:
        yield org, since, None, official


def _year_ends(start: date, end: date | None, first_year: int, last_year: int) -> range:
    """The years whose 31/12 falls in ``[start, end)``, from ``first_year`` to ``last_year``."""
    last = last_year if end is None else min(last_year, end.year - 1)
    return range(max(start.year, first_year), last + 1)


def _official_year_ends(life: Life, *, since: int, until: int) -> Iterator[tuple[Org, int]]:
    for org, start, end, official in _spans(life):
        if official:
            for year in _year_ends(start, end, since, until):
                yield org, year


class Plan:
    def __init__(self, structure: Structure, seed: int, *, until: date = UNTIL) -> None:
        """The lives of the province up to ``until``, its records' last day (the seed figures fit for
        any day after 2017; the demo is built up to the day before it is built)."""
        assert until >= PROTECT, until
        self.until = until
        self.s = structure
        self.rng = random.Random(f"{seed}/plan")
        self.seed = seed
        self.lives: list[Life] = []
        self._cumulative: dict[int, tuple[list[Org], list[float]]] = {}
        org_cell = structure.org_commission_cell()
        assert org_cell is not None
        self.org_cell = org_cell
        holders = [o for o in structure.holders() if o is not org_cell]
        self.holders = holders
        self.by_scope: dict[str, list[Org]] = {}
        for org in holders:
            self.by_scope.setdefault(org.district or PROVINCE_CODE, []).append(org)
        self.hamlets_by_district: dict[str, list[Place]] = {}
        for district in structure.districts:
            self.hamlets_by_district[district.place.code] = [
                h for c in district.communes for h in c.hamlets if h.white_until is None
            ]
        self.city_hamlets = self.hamlets_by_district["094"]
        self.education_cells = {o for o in holders if o.state.parent is structure.education}
        self._build()

    # -- helpers ----------------------------------------------------------------------------------
    def _days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=self.rng.randint(lo, hi))

    def _pick(self, orgs: list[Org], day: date) -> Org:
        """A weighted choice among ``orgs`` of one that exists on ``day`` and 60 days later."""
        rng = self.rng
        cached = self._cumulative.get(id(orgs))
        if cached is None or cached[0] is not orgs:
            running, cumulative = 0.0, []
            for org in orgs:
                running += org.weight
                cumulative.append(running)
            cached = self._cumulative[id(orgs)] = (orgs, cumulative)
        cumulative = cached[1]
        later = day + timedelta(days=60)
        for _ in range(50):
            index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
            org = orgs[min(index, len(orgs) - 1)]
            if org.exists(day) and org.exists(later):
                return org
        return next(o for o in orgs if o.exists(day) and o.exists(later))

    def _home(self, org: Org) -> Place:
        rng = self.rng
        if org.homes:
            return org.homes[rng.randrange(len(org.homes))]
        pool = self.hamlets_by_district.get(org.district) or self.city_hamlets
        if org.commune is not None:
            local = [h for h in pool if h.commune is org.commune]
            if local:
                pool = local
        return pool[rng.randrange(len(pool))]

    def _admission_age(self) -> float:
        rng = self.rng
        x = rng.random()
        if x < 0.05:
            return rng.uniform(35, 50)
        return 18.2 + 16.0 * float(rng.random() ** 1.5)

    def _new(self, entry: str, org: Org, birth: date, *, home: Place | None = None) -> Life:
        rng = self.rng
        category = org.category
        female = rng.random() < _FEMALE.get(category, 0.4) * (0.6 if birth.year < 1960 else 1.0)
        life = Life(len(self.lives) + 1, entry, birth, female, home or self._home(org), org)
        self.lives.append(life)
        return life

    # -- lives ------------------------------------------------------------------------------------
    def initial(
        self, org: Org, *, anchor: bool = False, home: Place | None = None, protect: date | None = None
    ) -> Life:
        rng = self.rng
        age = self._admission_age()
        years = rng.uniform(0.1, 18) if rng.random() < 0.6 else rng.uniform(18, 50)
        if age + years > 86:
            years = max(0.1, 86 - age - rng.uniform(0, 6))
        decision = _weekday(START - timedelta(days=int(years * 365.25)))
        birth = decision - timedelta(days=int(age * 365.25))
        life = self._new(INITIAL, org, birth, home=home)
        life.anchor = anchor
        ceremony = _weekday(decision + self._days(7, 30))
        life.events += [(decision, K_DECIDED, org, None, "", ""), (ceremony, K_CEREMONY, org, None, "", "")]
        official = add_months(ceremony, 12)
        life.events.append((official, K_OFFICIAL, org, None, "", ""))
        self._live(life, org, max(START, official), protect=PROTECT if anchor else protect)
        return life

    def admitted(
        self, org: Org, ceremony: date, *, home: Place | None = None, protect: date | None = None
    ) -> Life:
        rng = self.rng
        decision = _weekday(ceremony - self._days(9, 35))
        while decision.weekday() >= 5 or decision >= ceremony:
            decision -= DAY
        birth = decision - timedelta(days=int(self._admission_age() * 365.25))
        life = self._new(ADMITTED, org, birth, home=home)
        life.events += [(decision, K_DECIDED, org, None, "", ""), (ceremony, K_CEREMONY, org, None, "", "")]
        probation_end = add_months(ceremony, 12)
        if probation_end > self.until:
            self._live(life, org, ceremony, protect=protect)
            return life
        if rng.random() < 0.015 and (protect is None or probation_end > protect):
            failed = _weekday(probation_end + self._days(10, 50))
            if failed <= self.until:
                life.events.append((failed, K_REMOVED, org, None, "", "other"))
                life.first_exit = failed
            return life
        life.events.append((probation_end, K_OFFICIAL, org, None, "", ""))
        self._live(life, org, probation_end, protect=protect)
        return life

    def arrived(self, org: Org, day: date, *, protect: date | None = None, official: bool = False) -> Life:
        rng = self.rng
        birth = day - timedelta(days=int(rng.uniform(23, 50) * 365.25))
        life = self._new(ARRIVED, org, birth)
        places = _OTHER_PROVINCES if day < REFORM else _OTHER_PROVINCES_2025
        origin = places[rng.randrange(len(places))]
        probationary = rng.random() < 0.1 and not official
        life.events.append((day, K_IN, org, None, origin, "probationary" if probationary else "official"))
        since = day
        if probationary:
            since = day + self._days(30, 300)
            if since <= self.until:
                life.events.append((since, K_OFFICIAL, org, None, "", ""))
        self._live(life, org, min(since, self.until), protect=protect)
        return life

    def _terminal(self, life: Life, since: date) -> tuple[date, str, str, str]:
        rng = self.rng
        age = max((since - life.birth).days / 365.25, 18.0)
        grown = math.exp(GOMPERTZ_G * age) + rng.expovariate(1.0) * GOMPERTZ_G / GOMPERTZ_B
        death = since + timedelta(days=int(min(math.log(grown) / GOMPERTZ_G - age, 150) * 365.25) + 1)
        office = life.org.category not in ("hamlet",)
        exit_on = since + timedelta(days=int(min(rng.expovariate(0.0022), 150) * 365.25) + 1)
        out_rate = (0.006 if office else 0.0015) if age < 55 else 0.001
        out_on = since + timedelta(days=int(min(rng.expovariate(out_rate), 150) * 365.25) + 1)
        first = min(death, exit_on, out_on)
        if first == death:
            return death, K_DIED, "", ""
        if first == out_on:
            places = _OTHER_PROVINCES if out_on < REFORM else _OTHER_PROVINCES_2025
            return out_on, K_OUT, "", places[rng.randrange(len(places))]
        x = rng.random()
        if x < 0.45:
            return exit_on, K_REMOVED, "abandoned_activity", ""
        if x < 0.7:
            return exit_on, K_REMOVED, "other", ""
        if x < 0.88:
            return exit_on, K_EXPELLED, "", ""
        return exit_on, K_WITHDRAWN, "withdrawal", ""

    def _live(
        self,
        life: Life,
        org: Org,
        since: date,
        *,
        protect: date | None,
        readmitted: bool = False,
    ) -> None:
        """Transfers, exemption and the end of one stretch of membership, from ``since``."""
        rng = self.rng
        end, kind, detail, external = self._terminal(life, since)
        if protect is not None and end < protect:
            end = protect + self._days(1, 3000)
        end = _weekday(end)
        exempt_on: date | None = _weekday(life.birth + timedelta(days=int(rng.uniform(70, 74) * 365.25)))
        if not (exempt_on and since < exempt_on < min(end, self.until) and rng.random() < 0.5):
            exempt_on = None
        stop = min(end, exempt_on or end, self.until)
        t = max(since, protect or since)
        rate = 0.025 if org.category != "hamlet" else 0.004
        while True:
            t = t + timedelta(days=int(rng.expovariate(rate) * 365.25) + 1)
            day = _weekday(t)
            arrive = _weekday(day + self._days(3, 35))
            if arrive >= stop:
                break
            if (t - life.birth).days > 58 * 365:
                continue
            local = self.by_scope.get(org.district or PROVINCE_CODE, self.holders)
            dest = self._pick(local if rng.random() < 0.7 else self.holders, arrive)
            if dest is org or not dest.exists(day):
                continue
            life.events.append((day, K_OUT, org, dest, "", ""))
            life.events.append((arrive, K_IN, dest, None, "", ""))
            life.moved = True
            org, t = dest, arrive
        if exempt_on is not None:
            life.events.append((exempt_on, K_EXEMPT, org, None, "", ""))
        if end > self.until:
            return
        life.events.append((end, kind, org, None, external, detail))
        if life.first_exit is None:
            life.first_exit = end
        if kind == K_REMOVED and detail == "other" and not readmitted and rng.random() < 0.3:
            decided = _weekday(add_months(end, rng.randint(36, 60)))
            if decided + timedelta(days=40) <= self.until and (decided - life.birth).days < 59 * 365:
                cell = self._pick(self.by_scope.get(org.district or PROVINCE_CODE, self.holders), decided)
                ceremony = _weekday(decided + self._days(7, 30))
                life.events.append((decided, K_READMIT, cell, None, "", ""))
                life.events.append((ceremony, K_CEREMONY, cell, None, "", ""))
                official = add_months(ceremony, 12)
                if official <= self.until:
                    life.events.append((official, K_OFFICIAL, cell, None, "", ""))
                    self._live(life, cell, official, protect=None, readmitted=True)
                life.moved = True

    # -- the plan ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self._org_commission()
        # Members since before 2010: anchors first (one per hamlet that has a cell), then the others.
        for org in self.holders:
            if org.founded > START:
                continue
            for hamlet in org.homes:
                self.initial(org, anchor=True, home=hamlet)
            count = round(org.weight * INITIAL_SCALE * self.rng.uniform(0.7, 1.3)) - len(org.homes)
            for _ in range(max(count, 0)):
                life = self.initial(org)
                life.fitted = True
        self._admissions()
        self._arrivals()
        self._support(fitted=False)
        self._fit()
        # The fit added members since before 2010 (and kept every cell at three from 2009 on): the
        # years before get their pioneers again.
        self._support(fitted=True)
        for i, life in enumerate(self.lives, start=1):
            life.index = i

    def _org_commission(self) -> None:
        """Chi bộ Ban Tổ chức Tỉnh ủy: 25 members on 17/02/2017, one admitted in 2016."""
        cell = self.org_cell
        protect = ORG_CELL_DAY + DAY
        people = [self.initial(cell, protect=protect) for _ in range(20)]
        people.append(self.admitted(cell, date(2012, 5, 18), protect=protect))
        people.append(self.admitted(cell, date(2014, 9, 26), protect=protect))
        people.append(
            self.admitted(cell, date(2016, 11, 25), protect=protect)
        )  # "1 đoàn viên ưu tú được kết nạp"
        people.append(self.arrived(cell, date(2011, 8, 15), protect=protect))
        people.append(self.arrived(cell, date(2015, 3, 9), protect=protect))
        for life in people:
            assert life.org_on(ORG_CELL_DAY) is cell
            _of_working_age(life, ORG_CELL_DAY)
        # Two who left before 2017: one retired to a ward cell of the city, one died.
        leaving = self.initial(cell, protect=None)
        ward_cell = next(o for o in self.by_scope["094"] if o.category == "hamlet")
        self._cut(leaving, date(2013, 10, 1))
        leaving.events += [
            (date(2013, 10, 1), K_OUT, cell, ward_cell, "", ""),
            (date(2013, 10, 15), K_IN, ward_cell, None, "", ""),
        ]
        leaving.moved = True
        died = self.initial(cell, protect=None)
        self._cut(died, date(2015, 6, 12))
        died.events.append((date(2015, 6, 12), K_DIED, cell, None, "", ""))
        assert sum(1 for life in self.lives if life.org_on(ORG_CELL_DAY) is cell) == ORG_CELL_MEMBERS

    def _cut(self, life: Life, day: date) -> None:
        life.events = [e for e in life.events if e[0] < day]
        life.first_exit = None

    def _half_years(self) -> Iterator[tuple[int, int, date, date]]:
        for year in range(START.year, self.until.year + 1):
            for half in (1, 2):
                first = date(year, 1, 1) if half == 1 else date(year, 7, 1)
                last = date(year, 6, 30) if half == 1 else date(year, 12, 31)
                if first <= self.until:
                    yield year, half, first, min(last, self.until)

    def _scope_weights(self) -> dict[str, float]:
        return {
            scope: sum(o.weight for o in orgs) * SCOPE_BOOST.get(scope, 1.0)
            for scope, orgs in self.by_scope.items()
        }

    def _admissions(self) -> None:
        rng = self.rng
        weights = self._scope_weights()
        total_weight = sum(weights.values())
        clearers: dict[tuple[str, int, int], list[Place]] = {}
        for district in self.s.districts:
            for commune in district.communes:
                for hamlet in commune.hamlets:
                    if hamlet.white_until is not None and hamlet.white_until <= self.until:
                        day = hamlet.white_until
                        key = (district.place.code, day.year, 1 if day.month <= 6 else 2)
                        clearers.setdefault(key, []).append(hamlet)
        for year, half, first, last in self._half_years():
            total = round(YEARLY_ADMISSIONS.get(year, YEARLY_ADMISSIONS[2026]) / 2 * rng.uniform(0.92, 1.08))
            counts = {scope: round(total * w / total_weight) for scope, w in weights.items()}
            if (year, half) == (2017, 1):
                fixed = {**DISTRICT_ADMITTED_H1_2017, DIEN_BIEN_DONG: DBD_ADMITTED_2017[0]}
                rest = PROVINCE_ADMITTED_H1_2017 - sum(fixed.values())
                others = {k: w for k, w in weights.items() if k not in fixed}
                counts = {**fixed, **{k: round(rest * w / sum(others.values())) for k, w in others.items()}}
                largest = max(others, key=lambda k: others[k])
                counts[largest] += PROVINCE_ADMITTED_H1_2017 - sum(counts.values())
            elif (year, half) == (2017, 2):
                counts[DIEN_BIEN_DONG] = DBD_ADMITTED_2017[1]
            for scope, count in sorted(counts.items()):
                white = clearers.get((scope, year, half), [])
                stop = last
                if (year, half, scope) == (2016, 2, DIEN_BIEN_DONG):
                    stop = date(2016, 9, 30)  # October–December 2016: the fit decides
                    count = round(count / 2)
                for hamlet in white:
                    self._clear(hamlet)
                for _ in range(count - len(white)):
                    day = _weekday(first + timedelta(days=rng.randrange((stop - first).days + 1)))
                    if day > stop:
                        day = _weekday(first)
                    org = self._pick(self.by_scope[scope], day - timedelta(days=40))
                    protect = PROTECT if (scope == DIEN_BIEN_DONG and date(2016, 9, 30) < day) else None
                    self.admitted(org, day, protect=protect)

    def _clear(self, hamlet: Place) -> None:
        """The admission that gives a white hamlet its first member: a cell of the same commune."""
        assert hamlet.white_until is not None
        cells = [o for o in self.holders if o.category == "hamlet" and o.commune is hamlet.commune]
        org = cells[self.rng.randrange(len(cells))]
        self.admitted(
            org,
            hamlet.white_until,
            home=hamlet,
            protect=max(PROTECT, hamlet.white_until + timedelta(days=730)),
        )

    def _arrivals(self) -> None:
        rng = self.rng
        for year in range(START.year, self.until.year + 1):
            for _ in range(round(ARRIVALS_PER_YEAR * rng.uniform(0.8, 1.2))):
                day = _weekday(date(year, 1, 1) + timedelta(days=rng.randrange(365)))
                if day > self.until:
                    continue
                org = self._pick(self.holders, day)
                protect = PROTECT if org.district == DIEN_BIEN_DONG and day <= date(2017, 12, 31) else None
                self.arrived(org, day, protect=protect)

    # -- three official members in every cell ----------------------------------------------------
    def _officials(self, orgs: set[Org], *, since: int) -> Counter[tuple[int, int]]:
        """Official members of each of ``orgs`` at each year end from ``since``."""
        counts: Counter[tuple[int, int]] = Counter()
        for life in self.lives:
            counts.update(
                (id(org), year)
                for org, year in _official_year_ends(life, since=since, until=self.until.year)
                if org in orgs
            )
        return counts

    def _support(self, *, fitted: bool) -> None:
        """Keep every cell at 3 official members or more at each year end where it holds anybody
        (Charter Art. 21(2), 24(1); RULES.md §1.2: the loader reports a cell below that as a finding).

        Before 2010 the records hold only those still members in 2010: a cell's first recorded
        members would stand alone for years. *Pioneers* (official members transferred in from another
        province, who leave when the others reach three) stand for those the records lost. From 2010
        on, a cell that falls below three gets official members transferred in during that year (a
        cell founded later gets them on its founding day), who live on as the others do.
        Once the seed figures are ``fitted``, pioneers help until 2015 and all leave before 2016 (the
        first figure is of 30/09/2016), and new members only from 2018 on: no seed figure changes."""
        cells = sorted([*self.holders, self.org_cell], key=lambda o: o.code)
        held: dict[int, list[tuple[date, date | None, bool]]] = {id(org): [] for org in cells}
        pioneer_years = PIONEERS_UNTIL.year if fitted else START.year

        def register(life: Life) -> None:
            for org, start, end, official in _spans(life):
                held.setdefault(id(org), []).append((start, end, official))

        for life in self.lives:
            register(life)
        for org in cells:
            spans = held[id(org)]
            if org.founded > START:  # founded with its members, whoever came later
                since = org.founded.year
            elif spans:
                since = min(start for start, _, _ in spans).year
            else:
                continue
            pioneers: list[Life] = []  # present, not in ``spans``
            for year in range(since, self.until.year + 1):
                end = date(year, 12, 31)
                first = max(date(year, 1, 1), org.founded)
                while org.exists(end):
                    present = [
                        official
                        for start, stop, official in spans
                        if start <= end and (stop is None or end < stop)
                    ]
                    short = MIN_OFFICIAL_MEMBERS - sum(present) - len(pioneers)
                    if year < pioneer_years:
                        while short < 0 and pioneers:
                            self._pioneer_leaves(pioneers.pop(0), year)
                            short += 1
                        for _ in range(max(short, 0) if present or pioneers else 0):
                            pioneers.append(self._pioneer(org, first))
                        break
                    if short <= 0:  # (a cell left with nobody is helped too, once it held anybody)
                        break
                    # (after the fit, from 2018 on: later than every seed figure)
                    assert not fitted or year >= PROTECT.year, (org.code, org.name, year)
                    for _ in range(short):
                        day = (
                            first
                            if year == org.founded.year
                            else self._day_within(first, min(end, self.until))
                        )
                        protect = (
                            PROTECT if org.district == DIEN_BIEN_DONG and day <= date(2017, 12, 31) else None
                        )
                        register(self.arrived(org, day, protect=protect, official=True))
                if year == pioneer_years - 1:
                    assert not (fitted and pioneers), (org.code, org.name, len(pioneers))
                    for life in pioneers:  # still needed in 2010: members like the others from then on
                        self._live(life, org, START, protect=None)
                        register(life)
                    pioneers = []

    def _day_within(self, first: date, last: date) -> date:
        """A working day from ``first`` to ``last`` (``first`` itself when there is none)."""
        day = first + timedelta(days=self.rng.randrange(max((last - first).days, 0) + 1))
        while day.weekday() >= 5 and day > first:
            day -= DAY
        return day

    def _pioneer(self, org: Org, first: date) -> Life:
        """An official member transferred in from another province during ``first``'s year."""
        rng = self.rng
        day = self._day_within(first, date(first.year, 12, 30))
        life = self._new(ARRIVED, org, day - timedelta(days=int(rng.uniform(25, 45) * 365.25)))
        life.events.append(
            (day, K_IN, org, None, _OTHER_PROVINCES[rng.randrange(len(_OTHER_PROVINCES))], "official")
        )
        return life

    def _pioneer_leaves(self, life: Life, year: int) -> None:
        """The pioneer leaves during ``year``, before its year end: dies, or moves to another province."""
        rng = self.rng
        day = self._day_within(max(date(year, 1, 1), life.events[0][0] + DAY), date(year, 12, 30))
        if (day - life.birth).days > 65 * 365 and rng.random() < 0.5:
            life.events.append((day, K_DIED, life.org, None, "", ""))
        else:
            external = _OTHER_PROVINCES[rng.randrange(len(_OTHER_PROVINCES))]
            life.events.append((day, K_OUT, life.org, None, external, ""))
        life.first_exit = day

    # -- the fit ----------------------------------------------------------------------------------
    def count(self, day: date, orgs: set[Org]) -> int:
        return sum(1 for life in self.lives if life.org_on(day) in orgs)

    def _removable(self, orgs: set[Org]) -> list[Life]:
        return [
            life
            for life in self.lives
            if life.fitted
            and not life.moved
            and life.org in orgs
            and (life.first_exit is None or life.first_exit >= PROTECT)
        ]

    def _adjust_initial(self, orgs: set[Org], delta: int) -> None:
        """Add ``delta`` members since before 2010 who stay until 2018 (or leave out ``-delta``)."""
        rng = self.rng
        # Only cells whose records begin before 2010: the cells that the pioneers can keep at three
        # official members until their own members are three.
        held_2009 = {
            org for life in self.lives if (org := life.org_on(START - DAY)) is not None and org in orgs
        }
        pool = sorted(held_2009, key=lambda o: o.code)
        if delta > 0:
            for _ in range(delta):
                org = self._pick(pool, START)
                life = self.initial(org, protect=PROTECT)
                life.fitted = True
        elif delta < 0:
            # Leave out only members whose cell keeps 3 official members at every year end from
            # 2009 on without them (the years before are given pioneers again afterwards).
            official = self._officials(orgs, since=START.year - 1)
            drop: set[int] = set()
            candidates = self._removable(orgs)
            for life in rng.sample(candidates, len(candidates)):
                years = [
                    (id(org), year)
                    for org, year in _official_year_ends(life, since=START.year - 1, until=self.until.year)
                ]
                if all(official[key] > MIN_OFFICIAL_MEMBERS for key in years):
                    official.subtract(years)
                    drop.add(id(life))
                    if len(drop) == -delta:
                        break
            assert len(drop) == -delta, (len(drop), delta)
            self.lives = [life for life in self.lives if id(life) not in drop]

    def _fit(self) -> None:
        dbd = {o for o in self.holders if o.district == DIEN_BIEN_DONG}
        edu = self.education_cells
        dbd_other = dbd - edu
        outside = {o for o in self.holders if o.district != DIEN_BIEN_DONG}
        (early, early_target), (late, late_target) = sorted(DBD_MEMBERS.items())
        # 1. The education committee on 31/12/2017.
        self._adjust_initial(edu, EDUCATION_MEMBERS - self.count(late, edu))
        # 2. Điện Biên Đông on 30/09/2016.
        self._adjust_initial(dbd_other, early_target - self.count(early, dbd))
        # 3. Điện Biên Đông on 31/12/2017: admissions of October–December 2016.
        missing = late_target - self.count(late, dbd)
        assert missing >= 0, missing
        cells = sorted(dbd_other, key=lambda o: o.code)
        for _ in range(missing):
            day = _weekday(date(2016, 10, 1) + self._days(0, 85))
            self.admitted(self._pick(cells, day - timedelta(days=40)), day, protect=PROTECT)
        # 4. The province on 30/06/2017.
        everyone = set(self.holders) | {self.org_cell}
        self._adjust_initial(outside, PROVINCE_MEMBERS_2017 - self.count(date(2017, 6, 30), everyone))
        self.q4_2016_admissions = missing


# ----------------------------------------------------------------------------------------------
# From the plan to records
# ----------------------------------------------------------------------------------------------


class Writer:
    def __init__(self, plan: Plan, seed: int) -> None:
        self.plan = plan
        self.s = plan.s
        self.until = plan.until
        self.seed = seed

    def person(self, life: Life) -> PersonRecord:
        rng = random.Random(f"{self.seed}/person/{life.index}")
        org = life.org
        profile = life.home.profile if org.category == "hamlet" else org.profile
        ethnicity = _ETHNIC[profile].pick(rng)
        full_name = N.full_name(rng, ethnicity, life.female)
        office = org.category != "hamlet"
        born = life.birth.year
        x = rng.random()
        if office or ethnicity == "Kinh" or born >= 1985:
            education = (
                GeneralEducation.UPPER_SECONDARY if office or x < 0.8 else GeneralEducation.LOWER_SECONDARY
            )
        else:
            education = (
                GeneralEducation.UPPER_SECONDARY
                if x < 0.35
                else GeneralEducation.LOWER_SECONDARY
                if x < 0.85
                else GeneralEducation.PRIMARY
                if x < 0.98
                else GeneralEducation.LITERATE
            )
        skill = _OFFICE_SKILL.pick(rng) if office else _RURAL_SKILL.pick(rng)
        title = ""
        if skill == "Thạc sĩ":
            skill, title = "Đại học", "Thạc sĩ"
        age_at_end = (self.until - life.birth).days / 365.25
        occupation = "Hưu trí" if age_at_end >= 62 else _OCCUPATION[org.category].pick(rng)
        religion = _RELIGIONS[ethnicity].pick(rng) if ethnicity in _RELIGIONS else ""
        century = (0 if born < 2000 else 2) + (1 if life.female else 0)
        official = any(e[1] == K_OFFICIAL or (e[1] == K_IN and e[5] == "official") for e in life.events)
        return PersonRecord(
            code=f"DB{life.index:06d}",
            full_name=full_name,
            sex=Sex.FEMALE.value if life.female else Sex.MALE.value,
            birth_date=life.birth,
            ethnicity=ethnicity,
            religion=religion,
            general_education=education.value,
            professional_level=skill,
            academic_title=title,
            political_theory=_THEORY_OFFICE.pick(rng) if office else _THEORY_RURAL.pick(rng),
            occupation=occupation,
            identity_number=f"011{century}{born % 100:02d}{(life.index * 7919 + 104729) % 1_000_000:06d}",
            dossier_number=f"{PROVINCE_CODE}.{life.index:06d}",
            card_number=f"{PROVINCE_CODE}{life.index:07d}" if official else "",
            is_youth_union_member=age_at_end < 30 and rng.random() < 0.7,
            home_locality=life.home.code,
        )

    def events(self, life: Life) -> list[EventRecord]:
        rng = random.Random(f"{self.seed}/events/{life.index}")
        events = sorted(life.events + self._badges(life), key=lambda e: (e[0], _DAY_ORDER[e[1]]))
        records: list[EventRecord] = []
        decision: tuple[str, date | None, str] = ("", None, "")
        letter: tuple[str, date | None, str] = ("", None, "")
        person = f"DB{life.index:06d}"
        corrected = rng.random() < 0.004
        for i, (day, kind, org, other, external, detail) in enumerate(events):
            basis = self._basis(rng, kind, day, org, external)
            if kind in (K_DECIDED, K_READMIT):
                decision = basis
            elif kind == K_CEREMONY:
                basis = decision
            elif kind == K_OUT and other is not None:
                letter = basis
            elif kind == K_IN and not external:
                basis = letter
            wrong = None
            if corrected and kind == K_OFFICIAL:
                candidate = day + timedelta(days=rng.randint(1, 9))
                following = events[i + 1][0] if i + 1 < len(events) else self.until + DAY
                if candidate < following and candidate <= self.until:
                    wrong, corrected = candidate, False
            record = EventRecord(
                uid=random_uid(rng),
                person=person,
                kind=kind,
                effective_on=wrong or day,
                recorded_at=recorded_at(rng, max(wrong or day, basis[1] or day)),
                recorded_by=RECORDED_BY,
                organization=org.code if org is not None else "",
                other_organization=other.code if other is not None else "",
                external_place=external,
                detail=detail,
                basis_number=basis[0],
                basis_date=basis[1],
                basis_issuer=basis[2],
            )
            records.append(record)
            fix_kind = (
                kind if wrong is not None else K_VOIDED if kind == K_BADGE and rng.random() < 0.02 else ""
            )
            if fix_kind == K_VOIDED:
                records.append(dataclasses.replace(record, uid=random_uid(rng)))  # entered twice
            if fix_kind:
                records.append(correction_record(records[-1], day, kind=fix_kind, rng=rng))
        return records

    def _basis(
        self, rng: random.Random, kind: str, day: date, org: Org | None, external: str
    ) -> tuple[str, date | None, str]:
        if kind == K_DIED:
            return "", None, ""
        if kind == K_BADGE:
            return (
                f"{rng.randint(100, 3000)}-QĐ/TU",
                day - timedelta(days=rng.randint(3, 20)),
                PROVINCE_COMMITTEE,
            )
        if kind == K_IN and external:
            issuer = f"Ban Tổ chức {external.removeprefix('Đảng bộ ')}"
            return f"{rng.randint(1, 900)}-GGT/BTCTU", day - timedelta(days=rng.randint(3, 30)), issuer
        if kind == K_OUT and org is not None and external:
            return f"{rng.randint(1, 900)}-GGT/BTCTU", day, ORG_COMMISSION
        if org is None:
            return "", None, ""
        if kind == K_EXEMPT:
            return f"{rng.randint(1, 60)}-NQ/CB", day - timedelta(days=rng.randint(0, 5)), org.name
        issuer, suffix = self.s.decider(org, day), self.s.decider_suffix(org, day)
        if kind == K_OUT:
            return f"{rng.randint(1, 1500)}-GGT/{suffix}", day, issuer
        if kind == K_OFFICIAL:
            return f"{rng.randint(1, 1500)}-QĐ/{suffix}", day + timedelta(days=rng.randint(5, 40)), issuer
        return f"{rng.randint(1, 1500)}-QĐ/{suffix}", day - timedelta(days=rng.randint(0, 5)), issuer

    def _badges(self, life: Life) -> list[Ev]:
        """Party badges on 3/2, 19/5, 2/9 or 7/11 once the net party age reaches the milestone."""
        decisions = [e[0] for e in life.events if e[1] in (K_DECIDED,)]
        if not decisions:
            return []
        first = decisions[0]
        gaps: list[tuple[date, date]] = []
        exit_day: date | None = None
        for day, kind, *_rest in sorted(life.events, key=lambda e: (e[0], _DAY_ORDER[e[1]])):
            if kind in (K_REMOVED, K_EXPELLED, K_WITHDRAWN):
                exit_day = day
            elif kind == K_READMIT and exit_day is not None:
                gaps.append((exit_day, day))
                exit_day = None
        if exit_day is not None:
            gaps.append((exit_day, self.until + DAY))
        out: list[Ev] = []
        for milestone in MILESTONES:
            due = date_reaching(first, gaps, milestone)
            if due > self.until:
                break
            if due < START - timedelta(days=120) or (milestone == 45 and due < BADGE_45_FROM):
                continue
            award = _badge_day(max(due, START))
            if award > self.until:
                break
            org = life.org_on(award)
            if org is not None and not any(e[0] == award for e in life.events):
                out.append((award, K_BADGE, org, None, "", str(milestone)))
        return out
