"""A generated nation, written straight into an empty database: ``write_nation(members, seed)``.

The structure of the Party as issue 4 describes it for the benchmark: one central root, 63
provincial committees until 30/06/2025 and 34 from 01/07/2025 (eleven go on unchanged, 52 merge
into 23 new ones), districts until 30/06/2025, commune committees (about three merge into one new
commune committee under the province on 01/07/2025), and the grassroots organizations of agencies
and enterprises; at 5,6 million members about 52.000 grassroots organizations, 250.000 cells and
20 years of events (01/07/2006 – 30/06/2026). Every number scales with ``members``, so a test can
make a small nation of the same shape.

Why not through the interchange format: the province generator's records pass the loader's checks
at ~8.000 events a second, an hour a database for a nation. This writes the same kinds of rows in
bulk, each from the log the way partyorg derives it: the organization log (one founding change,
one restructuring change) folded into versions by ``organizations.services.rebuild_versions``;
people and their membership events; each person's intervals folded from their events by
``members.timeline.fold`` (what the services and ``partyorg rebuild`` use); then the stock tables
(``members.stock.rebuild``). The lives are drawn so that the fold accepts them; the admission rules
(ages, deadlines) are not checked here. No localities (hamlets) are written: the hamlet figures are
not part of the national benchmark.
"""

from __future__ import annotations

import multiprocessing
import random
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction

from partyorg.core import bulk
from partyorg.core.text import fold_vi
from partyorg.generator import names as N
from partyorg.members import stock
from partyorg.members.models import EventKind as E
from partyorg.members.models import MembershipEvent, MembershipInterval, Person
from partyorg.members.replay import INTERVAL_COLUMNS, interval_rows
from partyorg.members.timeline import Fact, fold
from partyorg.organizations.models import Organization, OrgChange, OrgChangeItem, OrgChangeKind
from partyorg.organizations.models import OrgKind as K
from partyorg.organizations.models import OrgSector as S
from partyorg.organizations.services import rebuild_versions

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RECORDED_BY = "bantochuc.trunguong"
EPOCH = date(1930, 1, 1)  # the organizations are founded then, before any admission
START, UNTIL = date(2006, 7, 1), date(2026, 6, 30)
REFORM = date(2025, 7, 1)  # QĐ 294-QĐ/TW: 34 provinces, no districts (RULES.md §1.1, §1.5)
NATION = 5_600_000
PROVINCES, PROVINCES_AFTER = 63, 34
# Per million members on the last day (issue 4: 52.000 grassroots, 250.000 cells, 5,6 M members).
COMMUNES_PER_MILLION = 10_600 / 5.6
OTHER_GRASSROOTS_PER_MILLION = 41_400 / 5.6
HAMLET_CELLS_PER_COMMUNE, OFFICE_CELLS_PER_COMMUNE = 9, 3
COMMUNES_PER_DISTRICT = 15
CELLS_PER_GRASSROOTS_COMMITTEE = 6
GRASSROOTS_COMMITTEE_SHARE = 0.4  # the rest of the non-commune grassroots are grassroots cells
# Members at START and admitted after it, as shares of ``members``; with the exits below the
# nation ends near ``members`` (measured: see tests/test_nation.py).
AT_START_SHARE, ADMITTED_SHARE = 0.55, 0.70
TRANSFER_PER_YEAR, ELSEWHERE_SHARE = 0.02, 0.2
LEAVE_PER_YEAR = 0.001  # removed or withdrawn
ETHNICITIES = (("Kinh", 850), ("Tày", 25), ("Thái", 25), ("Mường", 20), ("Khmer", 15), ("Hoa", 8),
               ("Nùng", 15), ("Mông", 15), ("Dao", 12), ("Gia Rai", 5), ("Ê Đê", 5), ("Chăm", 5))  # fmt: skip
RELIGIONS = (("", 940), ("Phật giáo", 35), ("Công giáo", 20), ("Tin Lành", 5))


@dataclass(eq=False)
class Unit:
    """An organization of the generated tree: its id, versions (from, parent, name, kind, sector)
    and, for a member-holding one, its province before the reform."""

    id: int
    code: str
    states: list[tuple[date, Unit | None, str, str, str]] = field(default_factory=list)
    ends: date | None = None
    province: int = -1


@dataclass
class Nation:
    root: Unit
    provinces: list[Unit]  # before the reform
    provinces_after: list[Unit]
    units: list[Unit]
    holders: list[Unit]  # the member-holding organizations (cells, grassroots cells)
    holders_of: list[list[Unit]]  # per province before the reform


def draw(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*table, strict=True)
    chosen: str = rng.choices(values, weights)[0]
    return chosen


def build_tree(members: int, rng: random.Random) -> Nation:
    """The organizations, before and after the reform, sized for ``members``."""
    units: list[Unit] = []

    def unit(code: str, *state: Any) -> Unit:
        u = Unit(len(units) + 1, code, [(EPOCH, *state)])
        units.append(u)
        return u

    root = unit("TW", None, "Đảng Cộng sản Việt Nam", K.CENTRAL, "")
    weights = [rng.lognormvariate(0, 0.55) for _ in range(PROVINCES)]
    weights[0] *= 4  # two large cities
    weights[1] *= 3
    total_weight = sum(weights)
    millions = members / 1_000_000
    provinces, holders, holders_of = [], [], []
    order = list(range(PROVINCES))
    rng.shuffle(order)
    # 11 provinces go on; 52 merge: 6 groups of three and 17 of two -> 23 new provinces.
    groups = [order[:11][i : i + 1] for i in range(11)]
    rest = order[11:]
    groups += [rest[i : i + 3] for i in range(0, 18, 3)] + [rest[i : i + 2] for i in range(18, 52, 2)]
    for p in range(PROVINCES):
        province = unit(f"T{p + 1:02d}", root, f"Đảng bộ tỉnh {p + 1:02d}", K.PROVINCE, "")
        provinces.append(province)
        share = weights[p] / total_weight * millions
        communes = max(2, round(share * COMMUNES_PER_MILLION))
        others = max(2, round(share * OTHER_GRASSROOTS_PER_MILLION))
        own: list[Unit] = []
        districts = [
            unit(
                f"T{p + 1:02d}H{d + 1:02d}",
                province,
                f"Đảng bộ huyện {d + 1:02d} tỉnh {p + 1:02d}",
                K.DISTRICT,
                "",
            )
            for d in range(max(1, round(communes / COMMUNES_PER_DISTRICT)))
        ]
        for c in range(communes):
            district = districts[c % len(districts)]
            commune = unit(
                f"{district.code}X{c + 1:03d}", district, f"Đảng bộ xã {c + 1:03d} ({district.code})",
                K.GRASSROOTS_COMMITTEE, S.COMMUNE,
            )  # fmt: skip
            for h in range(HAMLET_CELLS_PER_COMMUNE + OFFICE_CELLS_PER_COMMUNE):
                label = f"thôn {h + 1:02d}" if h < HAMLET_CELLS_PER_COMMUNE else f"cơ quan {h + 1:02d}"
                own.append(unit(f"{commune.code}C{h + 1:02d}", commune, f"Chi bộ {label}", K.CELL, ""))
        for g in range(others):
            district = districts[g % len(districts)]
            code = f"{district.code}D{g + 1:04d}"
            if rng.random() < GRASSROOTS_COMMITTEE_SHARE:
                committee = unit(
                    code, district, f"Đảng bộ cơ quan {g + 1:04d}", K.GRASSROOTS_COMMITTEE, S.STATE_AGENCY
                )
                for c in range(CELLS_PER_GRASSROOTS_COMMITTEE):
                    own.append(unit(f"{code}C{c + 1}", committee, f"Chi bộ {c + 1}", K.CELL, ""))
            else:
                own.append(
                    unit(code, district, f"Chi bộ cơ quan {g + 1:04d}", K.GRASSROOTS_CELL, S.STATE_AGENCY)
                )
        for cell in own:
            cell.province = p
        holders += own
        holders_of.append(own)
    after = _restructure(units, root, provinces, groups, unit)
    return Nation(root, provinces, after, units, holders, holders_of)


def _restructure(
    units: list[Unit], root: Unit, provinces: list[Unit], groups: list[list[int]], unit: Any
) -> list[Unit]:
    """01/07/2025: provinces merge by ``groups``; districts end; communes merge three into one
    under the province; every other grassroots organization moves under its province."""
    children: dict[int, list[Unit]] = {}
    for u in list(units):
        parent = u.states[-1][1]
        if parent is not None:
            children.setdefault(parent.id, []).append(u)
    after: list[Unit] = []
    for n, group in enumerate(groups):
        if len(group) == 1:
            new = provinces[group[0]]
        else:
            new = unit(f"TM{n + 1:02d}", root, f"Đảng bộ tỉnh mới {n + 1:02d}", K.PROVINCE, "")
            new.states[0] = (REFORM, root, new.states[0][2], K.PROVINCE, "")
        after.append(new)
        merged = 0
        for p in group:
            if new is not provinces[p]:
                provinces[p].ends = REFORM
            for district in children.get(provinces[p].id, []):
                district.ends = REFORM
                communes = [c for c in children.get(district.id, []) if c.states[0][4] == S.COMMUNE]
                for i, old in enumerate(communes):
                    if i % 3 == 0:
                        merged += 1
                        committee = unit(
                            f"{new.code}P{merged:04d}",
                            new,
                            f"Đảng bộ xã mới {merged:04d} ({new.code})",
                            K.COMMUNE,
                            S.COMMUNE,
                        )
                        committee.states[0] = (REFORM, new, committee.states[0][2], K.COMMUNE, S.COMMUNE)
                    old.ends = REFORM
                    for cell in children.get(old.id, []):
                        _, _, name, kind, sector = cell.states[-1]
                        cell.states.append((REFORM, committee, name, kind, sector))
                for other in children.get(district.id, []):
                    if other.states[0][4] != S.COMMUNE:
                        _, _, name, kind, sector = other.states[-1]
                        other.states.append((REFORM, new, name, kind, sector))
    return after


# -- people ----------------------------------------------------------------------------------------

Event = tuple[str, date, int | None, int | None, str]  # kind, day, organization, other, detail


def lives(members: int, seed: int) -> Iterator[tuple[str, date]]:
    """(who, day) of every person: "start" for a member on START (day: admission), "admitted"
    (day: the decision)."""
    rng = random.Random(f"{seed}/plan")
    for _ in range(round(members * AT_START_SHARE)):
        age_then = rng.triangular(18, 90, 40)  # age on START
        admitted_at = rng.uniform(18, min(age_then, 40))
        yield "start", START - timedelta(days=round((age_then - admitted_at) * 365.25) + 30)
    span = (UNTIL - START).days
    for _ in range(round(members * ADMITTED_SHARE)):
        yield "admitted", START + timedelta(days=rng.randrange(span))


def life(rng: random.Random, nation: Nation, day: date) -> tuple[dict[str, Any], list[Event]]:
    """One person: their attributes and their events, admitted on ``day`` (a decision)."""
    female = rng.random() < (0.45 if day.year >= 2000 else 0.25)
    age_at_admission = rng.triangular(18, 45, 24)
    birth = day - timedelta(days=round(age_at_admission * 365.25))
    ethnicity = draw(rng, ETHNICITIES)
    province = rng.randrange(len(nation.holders_of))
    own = nation.holders_of[province]
    org = own[rng.randrange(len(own))]
    ceremony = day + timedelta(days=rng.randint(7, 30))
    official = ceremony + timedelta(days=365 + rng.randint(0, 45))
    events: list[Event] = [
        (E.ADMISSION_DECIDED, day, org.id, None, ""),
        (E.ADMISSION_CEREMONY, ceremony, org.id, None, ""),
    ]
    if official <= UNTIL:
        events.append((E.RECOGNIZED_OFFICIAL, official, org.id, None, ""))
    # From the later of the ceremony and START, year by year: transfers, exemption, exit.
    at = max(ceremony + timedelta(days=1), START)
    if official > at:
        at = official + timedelta(days=1)
    exempt = False
    while at <= UNTIL:
        age = (at - birth).days / 365.25
        step = at + timedelta(days=rng.randint(1, 365))
        if step > UNTIL:
            break
        death = 0.002 if age < 60 else 0.015 if age < 70 else 0.05 if age < 80 else 0.12
        roll = rng.random()
        if roll < death:
            events.append((E.DIED, step, org.id, None, ""))
            break
        roll -= death
        if roll < LEAVE_PER_YEAR:
            events.append((E.REMOVED if rng.random() < 0.7 else E.WITHDRAWN, step, org.id, None, ""))
            break
        roll -= LEAVE_PER_YEAR
        if roll < TRANSFER_PER_YEAR and not exempt:
            if rng.random() < ELSEWHERE_SHARE:
                province = rng.randrange(len(nation.holders_of))
                own = nation.holders_of[province]
            destination = own[rng.randrange(len(own))]
            if destination is not org:
                arrived = step + timedelta(days=rng.randint(5, 40))
                events.append((E.TRANSFER_OUT, step, org.id, destination.id, ""))
                if arrived <= UNTIL:
                    events.append((E.TRANSFER_IN, arrived, destination.id, None, ""))
                org, step = destination, arrived
        elif age >= 70 and not exempt and rng.random() < 0.3:
            events.append((E.EXEMPTED, step, org.id, None, ""))
            exempt = True
        at = step + timedelta(days=1)
    person = {
        "sex": "female" if female else "male",
        "birth_date": birth,
        "ethnicity": ethnicity,
        "religion": draw(rng, RELIGIONS),
        "full_name": N.full_name(rng, ethnicity, female),
        "is_youth_union_member": birth.year >= 1990 and rng.random() < 0.6,
        "general_education": "upper_secondary",
    }
    return person, events


# -- writing ---------------------------------------------------------------------------------------


def _columns(model: type[models.Model], given: Sequence[str]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Every column of ``model``: ``given`` first, then the others with the value Django would
    write for an unset field."""
    rest, defaults = [], []
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        rest.append(f.attname)
        defaults.append(f.get_default() if f.has_default() else (None if f.null else ""))
    return (*given, *rest), tuple(defaults)


PERSON_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "religion",
    "is_youth_union_member",
    "general_education",
)
EVENT_FIELDS = ("kind", "effective_on", "organization_id", "other_organization_id", "detail")


def write_nation(
    members: int = NATION, seed: int = 1, *, batch: int = 20_000, workers: int = 0, report: Any = print
) -> dict[str, int]:
    """Write a nation of about ``members`` members on UNTIL into an empty, migrated database;
    returns the counts written. Each batch of people is its own transaction; ``workers`` processes
    draw the lives (0: this process, as inside a test's transaction)."""
    nation = build_tree(members, random.Random(f"{seed}/structure"))
    uids = _Uids(seed)
    versions = _write_organizations(nation, uids)
    report(f"organizations {len(nation.units)}, versions {versions}, member-holding {len(nation.holders)}")
    counts = _write_people(nation, members, seed, uids, batch, workers, report)
    with transaction.atomic():
        counts["facts"] = stock.rebuild()
    return counts


def _write_organizations(nation: Nation, uids: _Uids) -> int:
    """The organization log (a founding change, the restructuring change and their items),
    folded into versions the way every change is."""
    founded, restructured = 1, 2
    change_columns, change_defaults = _columns(
        OrgChange,
        ("id", "uid", "kind", "effective_on", "recorded_at", "recorded_by", "basis_number", "basis_issuer"),
    )
    changes = [
        (founded, OrgChangeKind.FOUNDED, EPOCH, "", ""),
        (restructured, OrgChangeKind.RESTRUCTURED, REFORM, "Kết luận 137-KL/TW", "Bộ Chính trị"),
    ]
    item_columns, item_defaults = _columns(
        OrgChangeItem, ("change_id", "organization_id", "ends", "name", "kind", "parent_id", "sector")
    )
    items = []
    for u in nation.units:
        for day, parent, name, kind, sector in u.states:
            change = founded if day == EPOCH else restructured
            items.append(
                (change, u.id, False, name, kind, parent.id if parent else None, sector, *item_defaults)
            )
        if u.ends is not None:
            items.append((restructured, u.id, True, "", "", None, "", *item_defaults))
    with transaction.atomic():
        bulk.insert_rows(Organization, ("id", "code"), ((u.id, u.code) for u in nation.units))
        bulk.insert_rows(
            OrgChange,
            change_columns,
            [
                (pk, uids.next(), kind, day, _at(day), RECORDED_BY, number, issuer, *change_defaults)
                for pk, kind, day, number, issuer in changes
            ],
        )
        bulk.insert_rows(OrgChangeItem, item_columns, items)
        reset_sequences(Organization, OrgChange, OrgChangeItem)
        return rebuild_versions()


def _write_people(
    nation: Nation, members: int, seed: int, uids: _Uids, batch: int, workers: int, report: Any
) -> dict[str, int]:
    """People, their events, and the intervals folded from each one's events, ``batch`` people
    a transaction, with the tables' indexes made once at the end. The lives are drawn and folded
    in ``workers`` processes (0: in this one), each batch from its own seeds, while this process
    writes."""
    person_columns, person_defaults = _columns(Person, ("id", "code", "search_key", *PERSON_FIELDS))
    event_columns, event_defaults = _columns(
        MembershipEvent, ("id", "uid", "person_id", "recorded_at", "recorded_by", *EVENT_FIELDS)
    )
    counts = {"people": 0, "events": 0, "intervals": 0}
    first_person, event_id = _next_id(Person), _next_id(MembershipEvent)
    plan = lives(members, seed)
    jobs: list[tuple[int, int, list[date]]] = []
    while chunk := [day for _, (_who, day) in zip(range(batch), plan, strict=False)]:
        jobs.append((seed, first_person + batch * len(jobs), chunk))
    global _NATION
    _NATION = nation  # the workers are forked with it
    with bulk.without_indexes(Person, MembershipEvent, MembershipInterval), _drawing(workers) as draw:
        for people, events, intervals in draw(_draw_batch, jobs):
            rows = []
            for person_id, at, *values in events:
                rows.append((event_id, uids.next(), person_id, at, RECORDED_BY, *values, *event_defaults))
                event_id += 1
            with transaction.atomic():
                bulk.insert_rows(Person, person_columns, [(*p, *person_defaults) for p in people])
                bulk.insert_rows(MembershipEvent, event_columns, rows)
                bulk.insert_rows(MembershipInterval, INTERVAL_COLUMNS, intervals)
            counts["people"] += len(people)
            counts["events"] += len(events)
            counts["intervals"] += len(intervals)
            report(f"  {counts['people']} people, {counts['events']} events, {counts['intervals']} intervals")
    reset_sequences(Person, MembershipEvent, MembershipInterval)
    return counts


_NATION: Nation | None = None


@contextmanager
def _drawing(workers: int) -> Iterator[Callable[..., Iterator[Any]]]:
    """``map`` in this process, or its like over a pool of forked workers."""
    if workers == 0:
        yield map
        return
    connection.close()  # a connection is not to be shared with forked processes
    with multiprocessing.get_context("fork").Pool(workers) as pool:

        def ordered(function: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterator[Any]:
            """``pool.imap`` with at most two batches a worker drawn ahead of the writer: memory
            stays flat when the writer is the slower."""
            pending: deque[Any] = deque()
            for job in jobs:
                pending.append(pool.apply_async(function, (job,)))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()

        yield ordered


def _draw_batch(job: tuple[int, int, list[date]]) -> tuple[list[tuple[Any, ...]], ...]:
    """In a worker: the rows of a batch of people (events without their ids, which the writer
    gives in order), person ``first`` onwards, each life from the seed of its person."""
    seed, first, days = job
    assert _NATION is not None
    people, events, intervals = [], [], []
    for person_id, day in enumerate(days, start=first):
        attrs, drawn = life(random.Random(f"{seed}/{person_id}"), _NATION, day)
        code, key = f"DV{person_id:09d}", fold_vi(attrs["full_name"])
        people.append((person_id, code, key, *(attrs[name] for name in PERSON_FIELDS)))
        facts = []
        for order, (kind, on, org, other, detail) in enumerate(drawn):
            events.append((person_id, _at(on), kind, on, org, other, detail))
            facts.append(Fact(order, kind, on, org, other, "", detail, None))
        intervals += interval_rows(person_id, fold(facts))
    return people, events, intervals


class _Uids:
    """Increasing uids (version 4 bits, a seed prefix and a counter): unique, and written in
    index order, which a random uid is not (a random key per row into a 30-million-row index)."""

    def __init__(self, seed: int) -> None:
        self.prefix = random.Random(f"{seed}/uids").getrandbits(48) << 80
        self.count = 0

    def next(self) -> uuid.UUID:
        self.count += 1
        return uuid.UUID(int=self.prefix | self.count, version=4)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=TZ)


def _next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return int(cursor.fetchone()[0])


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After rows written with their ids: the next id the database gives follows them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(model_classes)):
            cursor.execute(sql)
