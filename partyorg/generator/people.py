"""Members' lives in the generated province, and the event records that tell them.

A plan (:func:`plan`) says who enters and when: the members already there at ``start``, then
each year's admissions and arrivals from other provinces, sized so that membership grows to about
the number asked for. :class:`Lives` simulates one person at a time from a plan entry, drawing
from its own random stream: the same stream replayed gives the same lives, so the persons pass
and the events pass of :func:`partyorg.generator.generate_province` need not keep anybody's
history in memory. :class:`Writer` turns a life into event records: it resolves the person's
cell on each day (hamlet mergers move members with ``ORG_REASSIGNED``), adds a few corrected and
voided entries, and the legal basis of each event.

Every history must fold without :class:`~partyorg.members.timeline.HistoryConflict`; the rules
of ``partyorg.members.findings`` are followed except for a deliberate ``BREACH`` share.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from partyorg.generator import names as N
from partyorg.generator.province import (
    DAY,
    ORG_COMMISSION,
    PROVINCE_CODE,
    PROVINCE_COMMITTEE,
    RECORDED_BY,
    REFORM,
    Basis,
    Org,
    Province,
    recorded_at,
)
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind, GeneralEducation, Sex
from partyorg.members.timeline import DAY_ORDER
from partyorg.rules._dates import add_months
from partyorg.rules.badges import BADGE_45_FROM, MILESTONES
from partyorg.rules.party_age import date_reaching

BADGE_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))  # 3/2, 19/5, 2/9, 7/11

# Plain strings, so records compare and serialize as plain values.
K_DECIDED = EventKind.ADMISSION_DECIDED.value
K_CEREMONY = EventKind.ADMISSION_CEREMONY.value
K_OFFICIAL = EventKind.RECOGNIZED_OFFICIAL.value
K_OUT = EventKind.TRANSFER_OUT.value
K_IN = EventKind.TRANSFER_IN.value
K_TEMP = EventKind.TEMPORARY_TRANSFER.value
K_TEMP_END = EventKind.TEMPORARY_RETURN.value
K_EXEMPT = EventKind.EXEMPTED.value
K_EXEMPT_END = EventKind.EXEMPTION_ENDED.value
K_SUSPEND = EventKind.SUSPENDED.value
K_SUSPEND_END = EventKind.SUSPENSION_ENDED.value
K_INTERRUPT = EventKind.INTERRUPTED.value
K_INTERRUPT_END = EventKind.INTERRUPTION_ENDED.value
K_REMOVED = EventKind.REMOVED.value
K_EXPELLED = EventKind.EXPELLED.value
K_WITHDRAWN = EventKind.WITHDRAWN.value
K_DIED = EventKind.DIED.value
K_READMIT = EventKind.READMISSION_DECIDED.value
K_RESTORED = EventKind.RESTORED.value
K_REASSIGNED = EventKind.ORG_REASSIGNED.value
K_BADGE = EventKind.BADGE_AWARDED.value
K_VOIDED = EventKind.VOIDED.value

# fmt: off
# Same-day order of the fold, so that the stream order of a person's events is the order the fold
# applies them in.
_DAY_ORDER = {kind.value: order for kind, order in DAY_ORDER.items()}
_EXITS = frozenset({K_REMOVED, K_EXPELLED, K_WITHDRAWN, K_DIED})

# Rates are per year unless said otherwise. GROWTH is the net growth of membership they give,
# measured (the tests check the count on ``until``); the plan sizes the initial membership with it.
ADMISSION_RATE = 0.036  # admissions / members
TRANSFER_IN_RATE = 0.003  # arrivals from other provinces / members
GROWTH = 0.0205
GOMPERTZ_B, GOMPERTZ_G = 2.6e-5, 0.1  # death hazard B·exp(G·age): about 1% of members a year
BREACH = 0.005  # late ceremonies, late transfer reports, recognitions off the 12-month date
PROBATION_FAILED = 0.015  # removed from the probationary list
READMITTED = 0.3  # of removals with the ground "other"
RESTORED_SHARE = 0.12  # of expulsions without a conviction

INITIAL, ADMITTED, ARRIVED = "initial", "admitted", "arrived"

# Share of women by kind of unit (older cohorts: fewer).
_FEMALE = {
    "hamlet": 0.36, "commune_office": 0.4, "school": 0.68, "kindergarten": 0.95, "health": 0.62,
    "military": 0.04, "police": 0.12, "agency": 0.46, "enterprise": 0.3, "cooperative": 0.35,
}
_OFFICE = N.Choice((("Trung cấp", 20), ("Cao đẳng", 15), ("Đại học", 57), ("Thạc sĩ", 8)))
_RURAL_SKILL = N.Choice((("", 70), ("Sơ cấp", 10), ("Trung cấp", 15), ("Cao đẳng", 3), ("Đại học", 2)))
_THEORY_OFFICE = N.Choice((("Sơ cấp", 40), ("Trung cấp", 45), ("Cao cấp", 12), ("Cử nhân", 3)))
_THEORY_RURAL = N.Choice((("", 35), ("Sơ cấp", 60), ("Trung cấp", 5)))
_OCCUPATIONS = {
    "hamlet": N.Choice((("Nông dân", 72), ("Lao động tự do", 12), ("Kinh doanh", 8), ("Công nhân", 8))),
    "commune_office": N.Choice((("Cán bộ, công chức cấp xã", 1),)),
    "school": N.Choice((("Giáo viên", 1),)),
    "kindergarten": N.Choice((("Giáo viên", 1),)),
    "health": N.Choice((("Viên chức y tế", 1),)),
    "military": N.Choice((("Quân nhân", 1),)),
    "police": N.Choice((("Công an nhân dân", 1),)),
    "agency": N.Choice((("Cán bộ, công chức", 70), ("Viên chức", 30))),
    "enterprise": N.Choice((("Công nhân", 50), ("Nhân viên doanh nghiệp", 50))),
    "cooperative": N.Choice((("Xã viên hợp tác xã", 1),)),
}
_RELIGIONS = {ethnicity: N.Choice(table) for ethnicity, table in N.RELIGIONS.items()}
_EXIT = N.Choice((("abandoned", 45), ("removed_other", 20), ("expelled", 23), ("withdrawn", 12)))
_BIRTH_PROVINCES = ("011", "001", "012", "014", "010", "015", "025", "019")  # of identity numbers
# fmt: on


@dataclass(eq=False, slots=True)
class _Ev:
    day: date
    kind: str
    org: Org | None = None
    other: Org | None = None
    external: str = ""
    detail: str = ""
    change: str = ""  # org change uid (ORG_REASSIGNED)
    wrong_day: date | None = None  # first recorded with this day, then corrected
    duplicate: bool = False  # recorded twice by mistake; the second entry is voided


@dataclass(eq=False)
class _Life:
    code: str
    birth: date
    female: bool
    home: Org
    events: list[_Ev] = field(default_factory=list)
    periods: list[list[date | None]] = field(default_factory=list)  # in-province membership [from, to)
    gaps: list[list[date | None]] = field(default_factory=list)  # not counted in party age
    first_decision: date | None = None
    official: bool = False
    readmitted: bool = False
    restored: bool = False
    exempt: bool = False
    term_kind: str = ""
    term_detail: str = ""
    term_external: str = ""


class Lives:
    """Simulates one person at a time; the same ``seed`` replays the same lives."""

    def __init__(self, province: Province, seed: str) -> None:
        self.p = province
        self.rng = random.Random(seed)
        self.start, self.until = province.start, province.until

    # -- dates -----------------------------------------------------------------------------------

    def _days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=self.rng.randint(lo, hi))

    def _clear(self, day: date) -> date:
        """Move off a hamlet-merge day, so no transfer or exit coincides with a reassignment."""
        while day in self.p.merge_days:
            day += DAY
        return day

    def _age(self, life: _Life, day: date) -> float:
        return (day - life.birth).days / 365.25

    # -- one person ------------------------------------------------------------------------------

    def person(self, index: int, kind: str, day: date) -> tuple[PersonRecord, _Life]:
        rng, p = self.rng, self.p
        home = p.initial.pick(rng) if kind == INITIAL else (p.pick(rng, day, day) or p.initial.pick(rng))
        decision: date | None = None
        if kind == INITIAL:  # party age on ``start``: many old members
            x = rng.random()
            years = (
                rng.uniform(0.05, 20)
                if x < 0.55
                else rng.uniform(20, 40)
                if x < 0.89
                else rng.uniform(40, 61)
            )
            age = self._admission_age()
            if age + years > 92:
                years = max(0.05, 92 - age - rng.uniform(0, 5))
            decision = _weekday(self.start - timedelta(days=int(years * 365.25)))
            birth = decision - timedelta(days=int(age * 365.25))
        elif kind == ADMITTED:
            decision = day
            birth = day - timedelta(days=int(self._admission_age() * 365.25))
        else:
            birth = day - timedelta(days=int(rng.uniform(23, 55) * 365.25))
        female_share = _FEMALE[home.category] * (0.6 if birth.year < 1960 else 1.0)
        female = rng.random() < female_share
        life = _Life(f"P{index:07d}", birth, female, home)
        ethnicity = N.ETHNIC_CHOICES[home.profile].pick(rng)
        full_name = N.full_name(rng, ethnicity, female)
        if decision is not None:
            self._admission(life, decision)
        else:
            self._arrival(life, day)
        self._badges(life)
        record = self._person_record(index, life, ethnicity, full_name)
        return record, life

    def _admission_age(self) -> float:
        rng = self.rng
        x = rng.random()
        if x < 0.002:
            return rng.uniform(60.2, 62.5)  # a few admitted over 60 (a decision of the province)
        if x < 0.06:
            return rng.uniform(35, 55)
        return 18.05 + 17.0 * float(rng.random() ** 1.6)  # mostly in their twenties

    def _person_record(self, index: int, life: _Life, ethnicity: str, full_name: str) -> PersonRecord:
        rng, home = self.rng, life.home
        office = home.category not in ("hamlet", "cooperative")
        born = life.birth.year
        minority_area = home.ethnic_area and ethnicity != "Kinh"
        x = rng.random()
        if ethnicity == "Kinh" or born >= 1985:
            education = GeneralEducation.UPPER_SECONDARY if x < 0.85 else GeneralEducation.LOWER_SECONDARY
        elif minority_area:
            education = (
                GeneralEducation.UPPER_SECONDARY
                if x < 0.45
                else GeneralEducation.LOWER_SECONDARY
                if x < 0.9
                else GeneralEducation.PRIMARY
                if x < 0.985
                else GeneralEducation.LITERATE
            )
        else:
            education = GeneralEducation.UPPER_SECONDARY if x < 0.6 else GeneralEducation.LOWER_SECONDARY
        if office:
            education = GeneralEducation.UPPER_SECONDARY
        skill = _OFFICE.pick(rng) if office else _RURAL_SKILL.pick(rng)
        title = ""
        if skill == "Thạc sĩ":
            skill, title = "Đại học", "Thạc sĩ"
        elif office and rng.random() < 0.004:
            skill, title = "Đại học", "Tiến sĩ"
        age_at_end = (self.until - life.birth).days / 365.25
        occupation = "Hưu trí" if age_at_end >= 62 else _OCCUPATIONS[home.category].pick(rng)
        religion = _RELIGIONS[ethnicity].pick(rng) if ethnicity in _RELIGIONS else ""
        residential = home if home.category == "hamlet" else self.p.residential.pick(rng)
        residence = residential.homes[rng.randrange(len(residential.homes))]
        century = (0 if born < 2000 else 2) + (1 if life.female else 0)
        birth_province = (
            "011" if rng.random() < 0.85 else _BIRTH_PROVINCES[rng.randrange(len(_BIRTH_PROVINCES))]
        )
        identity = f"{birth_province}{century}{born % 100:02d}{(index * 7919 + 104729) % 1_000_000:06d}"
        return PersonRecord(
            code=life.code,
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
            identity_number=identity,
            dossier_number=f"{PROVINCE_CODE}.{index:07d}",
            card_number=f"{PROVINCE_CODE}{index:07d}" if life.official else "",
            is_youth_union_member=age_at_end < 30 and rng.random() < 0.7,
            is_private_business_owner=home.category == "hamlet" and rng.random() < 0.005,
            home_locality=residence,
        )

    # -- histories -------------------------------------------------------------------------------

    def _add(
        self,
        life: _Life,
        day: date,
        kind: str,
        *,
        org: Org | None = None,
        other: Org | None = None,
        external: str = "",
        detail: str = "",
    ) -> None:
        life.events.append(_Ev(day, kind, org, other, external, detail))

    def _admission(self, life: _Life, decision: date, *, readmission: bool = False) -> None:
        """Decision, ceremony, then probation: recognition exactly 12 months after the ceremony."""
        rng = self.rng
        if life.first_decision is None:
            life.first_decision = decision
        self._add(
            life, decision, K_READMIT if readmission else K_DECIDED, org=None if readmission else life.home
        )
        late = rng.random() < BREACH
        ceremony = self._clear(decision + (self._days(65, 110) if late else self._days(5, 40)))
        if ceremony > self.until:
            return
        self._add(life, ceremony, K_CEREMONY)
        self._member_from(life, ceremony, probation=True)

    def _arrival(self, life: _Life, day: date) -> None:
        """A member coming from another province with a transfer letter."""
        probationary = self.rng.random() < 0.1
        places = N.OTHER_PROVINCES_BEFORE_2025 if day < REFORM else N.OTHER_PROVINCES_FROM_2025
        origin = places[self.rng.randrange(len(places))]
        self._add(
            life,
            day,
            K_IN,
            org=life.home,
            external=origin,
            detail="probationary" if probationary else "official",
        )
        if probationary:
            self._member_from(life, day, probation=True, recognition=day + self._days(30, 330))
        else:
            life.official = True
            self._member_from(life, day, probation=False)

    def _member_from(
        self, life: _Life, since: date, *, probation: bool, recognition: date | None = None
    ) -> None:
        """One stretch of membership in the province, from ``since`` to its end (or ``until``)."""
        rng, until = self.rng, self.until
        life.exempt = False
        life.periods.append([since, None])
        end, life.term_kind, life.term_detail, life.term_external = self._terminal(
            life, max(since, self.start)
        )
        walk_from = since
        if probation:
            probation_end = recognition or add_months(since, 12)
            if end < probation_end and life.term_kind == K_DIED:
                self._finish(life, end)
                return
            if probation_end > until:
                return
            if recognition is None and rng.random() < PROBATION_FAILED:
                failed = self._clear(probation_end + self._days(10, 60))
                if failed <= until:
                    life.term_kind, life.term_detail = K_REMOVED, "probation_failed"
                    self._finish(life, failed, after=False)
                return
            official_on = probation_end
            if recognition is None and rng.random() < BREACH:
                official_on = probation_end + self._days(7, 40)
            if official_on > until:
                return
            self._add(life, official_on, K_OFFICIAL)
            life.official = True
            end = max(end, official_on + self._days(1, 400))
            walk_from = official_on
        end = self._walk(life, max(walk_from, self.start), end)
        if end <= until:
            self._finish(life, end)

    def _terminal(self, life: _Life, since: date) -> tuple[date, str, str, str]:
        """When and how this stretch of membership ends: death, exit, or a move out of the province."""
        rng = self.rng
        age = max(self._age(life, since), 18.0)
        grown = math.exp(GOMPERTZ_G * age) + rng.expovariate(1.0) * GOMPERTZ_G / GOMPERTZ_B
        death = _after(since, math.log(grown) / GOMPERTZ_G - age)
        exit_on = _after(since, rng.expovariate(0.0025 if age < 60 else 0.001))
        out_on = _after(since, rng.expovariate(0.004 if age < 55 else 0.0012))
        first = min(death, exit_on, out_on)
        if first == death:
            return self._clear(death), K_DIED, "", ""
        if first == out_on:
            places = N.OTHER_PROVINCES_BEFORE_2025 if out_on < REFORM else N.OTHER_PROVINCES_FROM_2025
            return self._clear(out_on), K_OUT, "", places[rng.randrange(len(places))]
        reason = _EXIT.pick(rng)
        if reason == "abandoned":
            return self._clear(exit_on), K_REMOVED, "abandoned_activity", ""
        if reason == "removed_other":
            return self._clear(exit_on), K_REMOVED, "other", ""
        if reason == "withdrawn":
            return self._clear(exit_on), K_WITHDRAWN, "withdrawal", ""
        conviction = rng.random()
        detail = (
            ""
            if conviction < 0.7
            else "corruption_conviction"
            if conviction < 0.85
            else "serious_crime_conviction"
        )
        return self._clear(exit_on), K_EXPELLED, detail, ""

    def _walk(self, life: _Life, t: date, end: date) -> date:
        """Transfers, temporary transfers, exemptions, interruptions and suspensions in [t, end)."""
        rng, until = self.rng, self.until
        retire_age = 55.0 if life.female else 60.0
        retired = self._age(life, t) >= retire_age
        while True:
            age = self._age(life, t)
            exempt = life.exempt
            rates = (
                0.0 if exempt else (0.022 if age < 55 else 0.004),  # official transfer
                0.0 if exempt else (0.010 if age < 50 else 0.002),  # temporary transfer
                0.0 if exempt else 0.10 if age >= 70 else 0.03 if age >= 65 else 0.004 if age >= 60 else 0.0,
                0.04 if exempt else 0.0,  # exemption ends
                0.0008,  # interruption
                0.0 if exempt else 0.0003,  # suspension
            )
            total = sum(rates)
            next_age = next((a for a in (50.0, 55.0, 60.0, 65.0, 70.0) if a > age), None)
            boundary = life.birth + timedelta(days=int(next_age * 365.25) + 1) if next_age else None
            t_next = _after(t, rng.expovariate(total))
            if boundary is not None and t_next > boundary:
                t = boundary
                if not retired and self._age(life, t) >= retire_age:
                    retired = True
                    if life.home.category != "hamlet" and rng.random() < 0.6:  # retires to a residence cell
                        day = self._clear(t + self._days(15, 120))
                        if day < end and day <= until:
                            t, end = self._transfer(life, day, end, residential=True)
                continue
            if t_next >= end or t_next > until:
                return end
            day = self._clear(t_next)
            x = rng.random() * total
            if x < rates[0]:
                t, end = self._transfer(life, day, end)
            elif x < rates[0] + rates[1]:
                t = self._temporary(life, day, end)
            elif x < sum(rates[:3]):
                self._add(life, day, K_EXEMPT)
                life.exempt, t = True, day
            elif x < sum(rates[:4]):
                self._add(life, day, K_EXEMPT_END)
                life.exempt, t = False, day
            elif x < sum(rates[:5]):
                back = self._clear(day + self._days(90, 540))
                self._add(life, day, K_INTERRUPT)
                if back < end and back <= until:
                    self._add(life, back, K_INTERRUPT_END)
                    life.gaps.append([day, back])
                else:
                    life.gaps.append([day, None])
                t = back
            else:
                self._add(life, day, K_SUSPEND)
                if rng.random() < 0.4:
                    expelled = self._clear(day + self._days(60, 240))
                    if expelled < end:
                        life.term_kind, life.term_detail, life.term_external = K_EXPELLED, "", ""
                        return expelled
                    return end
                back = self._clear(day + self._days(60, 360))
                if back < end and back <= until:
                    self._add(life, back, K_SUSPEND_END)
                t = back

    def _transfer(self, life: _Life, day: date, end: date, *, residential: bool = False) -> tuple[date, date]:
        """An official transfer inside the province: out, then presented at the destination."""
        rng = self.rng
        late = rng.random() < BREACH
        arrive = self._clear(day + (self._days(65, 140) if late else self._days(3, 40)))
        dest = self.p.pick(rng, day, arrive, home=life.home, residential=residential)
        if dest is None:
            return day, end
        self._add(life, day, K_OUT, other=dest)
        if life.term_kind != K_DIED and day < end <= arrive:
            end = arrive + self._days(1, 60)  # no exit or move while the letter is on its way
        if arrive < end and arrive <= self.until:
            self._add(life, arrive, K_IN, org=dest)
        life.home = dest
        return arrive, end

    def _temporary(self, life: _Life, day: date, end: date) -> date:
        rng = self.rng
        x = rng.random()
        reason = "work_or_residence" if x < 0.6 else "study" if x < 0.9 else "abroad"
        back = self._clear(add_months(day, rng.randint(3, 11)) + self._days(0, 20))
        if reason == "study":
            back = self._clear(add_months(day, rng.randint(4, 20)))
        place: Org | None = None
        external = ""
        if reason == "work_or_residence" and rng.random() < 0.6:
            place = self.p.pick(rng, day, back, home=life.home)
        if place is None:
            pool = {"study": N.STUDY_PLACES, "abroad": N.ABROAD_PLACES}.get(
                reason, N.OTHER_PROVINCES_BEFORE_2025 if day < REFORM else N.OTHER_PROVINCES_FROM_2025
            )
            external = pool[rng.randrange(len(pool))]
        self._add(life, day, K_TEMP, other=place, external=external, detail=reason)
        if back < end and back <= self.until:
            self._add(life, back, K_TEMP_END)
        return back

    def _finish(self, life: _Life, day: date, *, after: bool = True) -> None:
        """The end of a stretch: death, exit or a move out; then perhaps re-admission or restoration."""
        rng, until = self.rng, self.until
        kind = life.term_kind
        life.periods[-1][1] = day
        if kind == K_OUT:
            self._add(life, day, K_OUT, external=life.term_external)
            return
        self._add(life, day, kind, detail=life.term_detail)
        if kind == K_DIED:
            return
        life.gaps.append([day, None])
        if not after:
            return
        if (
            kind == K_REMOVED
            and life.term_detail == "other"
            and not life.readmitted
            and rng.random() < READMITTED
        ):
            early = rng.random() < 0.05  # a few re-admitted before the 36 months are over
            decided = _weekday(add_months(day, rng.randint(26, 35) if early else rng.randint(36, 60)))
            if decided <= until and self._age(life, decided) < 60:
                life.readmitted = True
                life.gaps[-1][1] = decided
                self._admission(life, decided, readmission=True)
        elif (
            kind == K_EXPELLED
            and not life.term_detail
            and not life.restored
            and rng.random() < RESTORED_SHARE
        ):
            restored = self._clear(day + self._days(90, 450))
            if restored <= until:
                life.restored = True
                life.gaps.pop()
                self._add(life, restored, K_RESTORED)
                self._member_from(life, restored, probation=False)

    def _badges(self, life: _Life) -> None:
        """Party badges on 3/2, 19/5, 2/9 or 7/11 once the net party age reaches the milestone."""
        first = life.first_decision
        if first is None or not life.periods:
            return
        gaps = [(s, e if e is not None else self.until + DAY) for s, e in life.gaps if s is not None]
        gaps = [(s, e) for s, e in gaps if e > s]
        for milestone in MILESTONES:
            if add_months(first, 12 * milestone) > self.until:
                break
            due = date_reaching(first, gaps, milestone)
            if due < self.start - timedelta(days=120) or (milestone == 45 and due < BADGE_45_FROM):
                continue  # awarded before the records begin, or before the 45-year badge existed
            award = _badge_day(max(due, self.start))
            if award > self.until:
                break
            if any(s is not None and s <= award and (e is None or award < e) for s, e in life.periods):
                self._add(life, award, K_BADGE, detail=str(milestone))


def _after(day: date, years: float) -> date:
    """``years`` (capped at 150) after ``day``, at least one day after it."""
    return day + timedelta(days=int(min(years, 150.0) * 365.25) + 1)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += DAY
    return day


def _badge_day(due: date) -> date:
    for year in (due.year, due.year + 1):
        for month, day in BADGE_DAYS:
            candidate = date(year, month, day)
            if candidate >= due:
                return candidate
    raise AssertionError("unreachable")  # pragma: no cover


# ----------------------------------------------------------------------------------------------
# From a life to records
# ----------------------------------------------------------------------------------------------


class Writer:
    """Turns a simulated life into event records: resolves organizations (the person's cell on each
    day, with hamlet mergers), adds a few corrections and a voided duplicate, and the legal basis."""

    def __init__(self, province: Province, seed: str) -> None:
        self.p = province
        self.rng = random.Random(seed)

    def events(self, life: _Life) -> list[EventRecord]:
        resolved = self._resolve(life)
        self._mistakes(resolved)
        return self._records(life, resolved)

    def _resolve(self, life: _Life) -> list[_Ev]:
        events = sorted(life.events, key=lambda e: (e.day, _DAY_ORDER[e.kind]))
        out: list[_Ev] = []
        home: Org | None = None
        member = False
        until = self.p.until

        def merges(before: date) -> None:
            nonlocal home
            while home is not None and home.ends is not None and home.ends <= before:
                successor = home.successor
                if member and successor is not None:
                    out.append(_Ev(home.ends, K_REASSIGNED, org=successor, change=home.end_change))
                home = successor

        for event in events:
            merges(event.day)
            kind = event.kind
            if kind == K_DECIDED or (kind == K_IN and event.org is not None):
                home = event.org
            elif kind == K_OUT:
                event.org = home
                home = event.other
            if kind != K_IN and kind != K_DECIDED and kind != K_OUT:
                event.org = home
            if kind in (K_CEREMONY, K_IN, K_RESTORED):
                member = True
            elif kind in _EXITS:
                member = False
            out.append(event)
        merges(until)
        out.sort(key=lambda e: (e.day, _DAY_ORDER[e.kind]))
        return out

    def _mistakes(self, events: list[_Ev]) -> None:
        """A few events recorded with a wrong date and corrected later; a duplicate badge voided."""
        rng = self.rng
        if rng.random() < 0.004 and len(events) >= 2:
            i = rng.randrange(len(events))
            event = events[i]
            if event.kind in (K_DECIDED, K_CEREMONY, K_IN, K_TEMP, K_TEMP_END, K_EXEMPT, K_DIED, K_OFFICIAL):
                wrong = event.day + timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 20))
                low = events[i - 1].day if i > 0 else date.min
                high = events[i + 1].day if i + 1 < len(events) else min(self.p.until + DAY, date.max)
                orgs = [o for o in (event.org, event.other) if o is not None]
                around = low < min(wrong, event.day) and max(wrong, event.day) < high
                if around and wrong >= self.p.epoch and all(org.valid(wrong, wrong) for org in orgs):
                    event.wrong_day = wrong
        badges = [i for i, e in enumerate(events) if e.kind == K_BADGE]
        if badges and rng.random() < 0.03:
            i = badges[rng.randrange(len(badges))]
            original = events[i]
            events.insert(
                i + 1, _Ev(original.day, K_BADGE, original.org, detail=original.detail, duplicate=True)
            )

    def _records(self, life: _Life, events: list[_Ev]) -> list[EventRecord]:
        rng = self.rng
        records: list[EventRecord] = []
        letter: Basis = ("", None, "")  # the last transfer letter
        decision: Basis = ("", None, "")  # the last admission decision
        for event in events:
            org = event.org
            basis = decision if event.kind == K_CEREMONY else self._basis(event, org, letter)
            if event.kind == K_OUT:
                letter = basis
            elif event.kind in (K_DECIDED, K_READMIT):
                decision = basis
            day = event.wrong_day or event.day
            recorded = recorded_at(rng, max(day, basis[1] or day))
            record = EventRecord(
                uid=self._uid(),
                person=life.code,
                kind=event.kind,
                effective_on=day,
                recorded_at=recorded,
                recorded_by=RECORDED_BY,
                organization=org.code if org else "",
                other_organization=event.other.code if event.other else "",
                external_place=event.external,
                detail=event.detail,
                basis_number=basis[0],
                basis_date=basis[1],
                basis_issuer=basis[2],
                org_change=event.change,
            )
            records.append(record)
            if event.wrong_day is not None:
                records.append(self._fix(record, event.day, kind=event.kind))
            elif event.duplicate:
                records.append(self._fix(record, event.day, kind=K_VOIDED))
        return records

    def _fix(self, wrong: EventRecord, day: date, *, kind: str) -> EventRecord:
        return correction_record(wrong, day, kind=kind, rng=self.rng)

    def _uid(self) -> str:
        return random_uid(self.rng)

    def _basis(self, event: _Ev, org: Org | None, letter: Basis) -> Basis:
        rng, kind, day = self.rng, event.kind, event.day
        if kind in (K_DIED, K_INTERRUPT, K_INTERRUPT_END, K_TEMP_END):
            return "", None, ""
        if kind == K_REASSIGNED:
            return self.p.change_by_uid[event.change].basis
        if kind == K_BADGE:
            return (
                f"{rng.randint(100, 3000)}-QĐ/TU",
                day - timedelta(days=rng.randint(3, 20)),
                PROVINCE_COMMITTEE[0],
            )
        if kind == K_IN and event.external:
            return (
                f"{rng.randint(1, 900)}-GGT/BTCTU",
                day - timedelta(days=rng.randint(3, 30)),
                f"Ban Tổ chức {event.external.removeprefix('Đảng bộ ')}",
            )
        if kind == K_IN and letter[0]:
            return letter
        if org is None:
            return "", None, ""
        if kind in (K_EXEMPT, K_EXEMPT_END):
            return f"{rng.randint(1, 60)}-NQ/CB", day - timedelta(days=rng.randint(0, 5)), org.name
        issuer, suffix = org.deciders[1 if day >= REFORM and self.p.reform else 0]
        if kind in (K_OUT, K_TEMP):
            return f"{rng.randint(1, 1500)}-GGT/{suffix}", day, issuer
        if kind == K_OFFICIAL:  # decided after the 12 months, effective at their end (QĐ 29 §4.2b)
            return f"{rng.randint(1, 1500)}-QĐ/{suffix}", day + timedelta(days=rng.randint(5, 40)), issuer
        return f"{rng.randint(1, 1500)}-QĐ/{suffix}", day - timedelta(days=rng.randint(0, 5)), issuer


# ----------------------------------------------------------------------------------------------
# The plan and the entry point
# ----------------------------------------------------------------------------------------------


def plan(members: int, seed: int, start: date, until: date) -> Iterator[tuple[str, date]]:
    """Who enters and when: initial members at ``start``, then each year's admissions and arrivals,
    sized so that membership grows to about ``members`` on ``until``."""
    rng = random.Random(f"{seed}/plan")
    years = (until - start).days / 365.25
    initial = max(1, round(members / math.exp(GROWTH * years)))
    for _ in range(initial):
        yield INITIAL, start
    for year in range(start.year, until.year + 1):
        first, last = max(start, date(year, 1, 1)), min(until, date(year, 12, 31))
        if first > last:
            continue
        span = (last - first).days + 1
        middle = ((first - start).days + span / 2) / 365.25
        expected = initial * math.exp(GROWTH * middle) * span / 365.25
        entries = [
            (ADMITTED, _weekday(first + timedelta(days=rng.randrange(span))))
            for _ in range(round(ADMISSION_RATE * expected * rng.uniform(0.9, 1.1)))
        ]
        entries += [
            (ARRIVED, _weekday(first + timedelta(days=rng.randrange(span))))
            for _ in range(round(TRANSFER_IN_RATE * expected))
        ]
        entries.sort(key=lambda entry: entry[1])
        for kind, day in entries:
            if day <= until:
                yield kind, day


def random_uid(rng: random.Random) -> str:
    """A uid drawn from the generator's own stream (never uuid4: the output must be reproducible)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def correction_record(wrong: EventRecord, day: date, *, kind: str, rng: random.Random) -> EventRecord:
    """The correcting event of ``wrong``: the same content on the right ``day``, or VOIDED for an
    entry recorded twice. Shared by the generic generator and the Điện Biên demo."""
    recorded = wrong.recorded_at + timedelta(days=rng.randint(15, 200), hours=rng.randint(0, 7))
    voided = kind == K_VOIDED
    return EventRecord(
        uid=random_uid(rng),
        person=wrong.person,
        kind=kind,
        effective_on=day,
        recorded_at=recorded,
        recorded_by=RECORDED_BY,
        organization="" if voided else wrong.organization,
        other_organization="" if voided else wrong.other_organization,
        external_place="" if voided else wrong.external_place,
        detail="" if voided else wrong.detail,
        basis_number=f"{rng.randint(1, 300)}-CV/BTCTU",
        basis_date=recorded.date(),
        basis_issuer=ORG_COMMISSION,
        corrects=wrong.uid,
        note="Hủy bản ghi nhập trùng" if voided else "Sửa ngày hiệu lực ghi sai",
    )
