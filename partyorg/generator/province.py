"""The generated province's structure: administrative units, the party organization tree and its
change log, with the hamlet mergers of 2019–2020 and the restructuring of 01/07/2025.

Before 01/07/2025: province → districts (a city, a town in larger provinces, mountain districts)
→ communes (wards, townships, communes) → hamlets (tổ dân phố, thôn, bản). The party tree follows
it: the provincial committee; district committees; per commune a grassroots committee with one
cell per hamlet (a few combined cells, a few hamlets without a cell) and cells of the commune's
agencies, schools and forces; district-level agencies, schools, forces and enterprises as
grassroots cells or committees (some with a sub-committee); and provincial bloc committees with
their own grassroots organizations.

On 01/07/2025 (one RESTRUCTURED change) the districts end, communes merge about three into one,
the new commune committees sit directly under the province, and every cell under a commune
committee becomes a grassroots cell of the new one. No member-holding cell ends then.

Organizations exist from a founding date. The tree that stands at ``start`` is founded at the
province's ``epoch`` (``start`` minus 62 years): see ``partyorg/generator/__init__.py`` [U].
"""

from __future__ import annotations

import bisect
import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from partyorg.core.interchange import Record
from partyorg.generator import names as N
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import LocalityKind, OrgChangeKind, OrgKind, OrgSector

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RECORDED_BY = "bantochuc.tinh"
PROVINCE_CODE = "11"
PROVINCE_NAME = "Sơn Lâm"
PROVINCE_COMMITTEE = ("Ban Thường vụ Tỉnh ủy Sơn Lâm", "TU")
ORG_COMMISSION = "Ban Tổ chức Tỉnh ủy Sơn Lâm"
REFORM = date(2025, 7, 1)  # QĐ 294-QĐ/TW: no district level from this day (RULES.md §1.1, §1.5)
HAMLET_MERGE_DAYS = (date(2019, 7, 1), date(2019, 10, 1), date(2020, 1, 1), date(2020, 4, 1))
DAY = timedelta(days=1)

Decider = tuple[str, str]  # an issuing body and the suffix of its document numbers (…-QĐ/HU)
Basis = tuple[str, date | None, str]  # legal basis: number, date, issuer


@dataclass(eq=False)
class Place:
    """A locality and its parent links (parent code, valid from, valid until)."""

    code: str
    name: str
    kind: str
    valid_from: date | None = None
    valid_until: date | None = None
    ethnic: bool = False
    links: list[tuple[str, date | None, date | None]] = field(default_factory=list)


@dataclass(eq=False)
class OrgState:
    """What an organization is from a change on: every field of an org change item."""

    name: str
    kind: str
    parent: Org | None
    sector: str = ""
    locality: str = ""
    combined: bool = False


@dataclass(eq=False)
class Org:
    code: str
    state: OrgState  # as founded
    founded: date
    weight: float = 0.0  # > 0: a cell that holds members; its share of them
    category: str = "agency"  # the kind of unit: decides sex, occupation and education shares
    profile: str = "agency"  # the ethnic mix of its members (names.ETHNIC_PROFILES)
    ethnic_area: bool = False
    district: int = -1
    committee: Decider = ("", "")  # its own committee, as the issuer of its decisions
    homes: tuple[str, ...] = ()  # the hamlets a residential cell serves (two for a combined cell)
    after: OrgState | None = None  # its state from REFORM, when the reform changes it
    committee_after: Decider | None = None  # its committee from REFORM, when that changes
    ends: date | None = None  # merged into ``successor`` on this day (hamlet mergers)
    successor: Org | None = None
    end_change: str = ""
    deciders: tuple[Decider, Decider] = (("", ""), ("", ""))  # for a cell: before / from REFORM

    @property
    def name(self) -> str:
        return self.state.name

    def valid(self, first: date, last: date) -> bool:
        """Exists (as a member-holding cell) on every day of [first, last]."""
        return self.founded <= first and (self.ends is None or last < self.ends)


@dataclass(eq=False)
class _Commune:
    place: Place
    org: Org
    word: str  # xã, phường, thị trấn
    name: str
    hamlets: list[Place]


@dataclass(eq=False)
class _District:
    place: Place
    org: Org
    name: str
    communes: list[_Commune]


@dataclass(eq=False)
class _Change:
    uid: str
    kind: str
    effective_on: date
    basis: Basis
    note: str = ""
    items: list[OrgChangeItemRecord] = field(default_factory=list)


_GC, _GCOM = OrgKind.GRASSROOTS_CELL.value, OrgKind.GRASSROOTS_COMMITTEE.value
_Unit = tuple[str, str, OrgSector, str, tuple[str, ...]]  # name, kind, sector, category, its cells

# fmt: off
# A commune's own cells besides its hamlets': (name, category, weight, sector once a grassroots cell)
_COMMUNE_CELLS = (
    ("Chi bộ Cơ quan {unit}", "commune_office", 1.0, OrgSector.STATE_AGENCY),
    ("Chi bộ Quân sự {unit}", "military", 0.3, OrgSector.ARMY),
    ("Chi bộ Công an {unit}", "police", 0.4, OrgSector.POLICE),  # regular commune police: 2018–2021
    ("Chi bộ Trường Tiểu học {name}", "school", 0.55, OrgSector.PUBLIC_SERVICE),
    ("Chi bộ Trường Trung học cơ sở {name}", "school", 0.55, OrgSector.PUBLIC_SERVICE),
    ("Chi bộ Trạm Y tế {unit}", "health", 0.35, OrgSector.PUBLIC_SERVICE),
    ("Chi bộ Trường Mầm non {name}", "kindergarten", 0.4, OrgSector.PUBLIC_SERVICE),
)
# District-level grassroots organizations; the last two are founded after ``start``.
_DISTRICT_UNITS: tuple[_Unit, ...] = (
    ("Chi bộ Cơ quan {committee}", _GC, OrgSector.PARTY_AGENCY, "agency", ()),
    ("Chi bộ Khối Mặt trận Tổ quốc và các đoàn thể {unit}", _GC, OrgSector.PARTY_AGENCY, "agency", ()),
    ("Đảng bộ Cơ quan chính quyền {unit}", _GCOM, OrgSector.STATE_AGENCY, "agency", (
        "Chi bộ Văn phòng HĐND và UBND", "Chi bộ Phòng Tài chính – Kế hoạch",
        "Chi bộ Phòng Giáo dục và Đào tạo", "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
        "Chi bộ Phòng Nội vụ – Lao động")),
    ("Đảng bộ Trung tâm Y tế {unit}", _GCOM, OrgSector.PUBLIC_SERVICE, "health", (
        "Chi bộ Khối Hành chính", "Chi bộ Khoa Khám bệnh – Cấp cứu", "Chi bộ Khoa Nội – Nhi",
        "Chi bộ Khoa Ngoại – Sản")),
    ("Chi bộ Trường Trung học phổ thông {name}", _GC, OrgSector.PUBLIC_SERVICE, "school", ()),
    ("Chi bộ Trường Phổ thông Dân tộc nội trú {unit}", _GC, OrgSector.PUBLIC_SERVICE, "school", ()),
    ("Đảng bộ Quân sự {unit}", _GCOM, OrgSector.ARMY, "military", (
        "Chi bộ Cơ quan Ban Chỉ huy", "Chi bộ Trung đội Cơ động")),
    ("Đảng bộ Công an {unit}", _GCOM, OrgSector.POLICE, "police", (
        "Chi bộ Tham mưu – Tổng hợp", "Chi bộ An ninh", "Chi bộ Cảnh sát hình sự",
        "Chi bộ Cảnh sát giao thông")),
    ("Chi bộ Chi nhánh Ngân hàng Nông nghiệp và Phát triển nông thôn {unit}", _GC, OrgSector.STATE_ENTERPRISE,
     "enterprise", ()),
    ("Chi bộ Ban Quản lý rừng phòng hộ {name}", _GC, OrgSector.PUBLIC_SERVICE, "agency", ()),
    ("Chi bộ Hợp tác xã Nông nghiệp {name}", _GC, OrgSector.COOPERATIVE, "cooperative", ()),
    ("Chi bộ Công ty TNHH Xây dựng {name}", _GC, OrgSector.NONSTATE_ENTERPRISE, "enterprise", ()),
)
_DISTRICT_UNITS_LATER = 2
# Provincial blocs: (name, suffix, category, units); a unit may have a sub-committee with cells.
_BLOCS: tuple[tuple[str, str, str, tuple[tuple[_Unit, tuple[str, tuple[str, ...]] | None], ...]], ...] = (
    ("Đảng bộ Khối các cơ quan tỉnh", "ĐUK", "agency", (
        (("Chi bộ Văn phòng Tỉnh ủy", _GC, OrgSector.PARTY_AGENCY, "agency", ()), None),
        (("Đảng bộ Sở Giáo dục và Đào tạo", _GCOM, OrgSector.STATE_AGENCY, "agency", (
            "Chi bộ Văn phòng Sở", "Chi bộ Phòng Giáo dục Trung học",
            "Chi bộ Phòng Giáo dục Tiểu học – Mầm non")), None),
        (("Đảng bộ Bệnh viện Đa khoa tỉnh", _GCOM, OrgSector.PUBLIC_SERVICE, "health", (
            "Chi bộ Khối Hành chính", "Chi bộ Khoa Ngoại")),
         ("Đảng bộ bộ phận Khối Nội", (
             "Chi bộ Khoa Nội tổng hợp", "Chi bộ Khoa Nhi", "Chi bộ Khoa Truyền nhiễm"))),
        (("Chi bộ Ban Tổ chức Tỉnh ủy", _GC, OrgSector.PARTY_AGENCY, "agency", ()), None),
        (("Chi bộ Sở Tư pháp", _GC, OrgSector.STATE_AGENCY, "agency", ()), None),
        (("Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", _GCOM, OrgSector.STATE_AGENCY, "agency", (
            "Chi bộ Văn phòng Sở", "Chi bộ Chi cục Thủy lợi")),
         ("Đảng bộ bộ phận Chi cục Kiểm lâm", ("Chi bộ Văn phòng Chi cục", "Chi bộ Đội Kiểm lâm cơ động"))),
        (("Chi bộ Trường Chính trị tỉnh", _GC, OrgSector.PUBLIC_SERVICE, "school", ()), None),
        (("Đảng bộ Trường Cao đẳng Sơn Lâm", _GCOM, OrgSector.PUBLIC_SERVICE, "school", (
            "Chi bộ Khoa Sư phạm", "Chi bộ Khoa Kỹ thuật", "Chi bộ Phòng Đào tạo")), None),
        (("Chi bộ Sở Tài chính", _GC, OrgSector.STATE_AGENCY, "agency", ()), None),
        (("Chi bộ Báo Sơn Lâm", _GC, OrgSector.PUBLIC_SERVICE, "agency", ()), None),
    )),
    ("Đảng bộ Khối Doanh nghiệp tỉnh", "ĐUK", "enterprise", (
        (("Đảng bộ Công ty Điện lực Sơn Lâm", _GCOM, OrgSector.STATE_ENTERPRISE, "enterprise", (
            "Chi bộ Văn phòng Công ty", "Chi bộ Phòng Kỹ thuật",
            "Chi bộ Đội Quản lý vận hành lưới điện")), None),
        (("Chi bộ Công ty cổ phần Cấp nước Sơn Lâm", _GC, OrgSector.STATE_ENTERPRISE, "enterprise",
          ()), None),
        (("Chi bộ Công ty TNHH MTV Xổ số kiến thiết Sơn Lâm", _GC, OrgSector.STATE_ENTERPRISE, "enterprise",
          ()), None),
        (("Chi bộ Công ty cổ phần Xi măng Sơn Lâm", _GC, OrgSector.NONSTATE_ENTERPRISE, "enterprise",
          ()), None),
        (("Chi bộ Công ty cổ phần Thủy điện Nậm Pục", _GC, OrgSector.NONSTATE_ENTERPRISE, "enterprise",
          ()), None),
        (("Chi bộ Công ty TNHH Chế biến nông sản Việt – Lào", _GC, OrgSector.FOREIGN_ENTERPRISE, "enterprise",
          ()), None),
    )),
    ("Đảng bộ Quân sự tỉnh", "ĐU", "military", (
        (("Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh", _GCOM, OrgSector.ARMY, "military", (
            "Chi bộ Phòng Tham mưu", "Chi bộ Phòng Chính trị", "Chi bộ Phòng Hậu cần – Kỹ thuật")), None),
        (("Đảng bộ Trung đoàn Bộ binh 741", _GCOM, OrgSector.ARMY, "military", (
            "Chi bộ Đại đội 1", "Chi bộ Đại đội 2", "Chi bộ Đại đội 3")), None),
    )),
    ("Đảng bộ Công an tỉnh", "ĐU", "police", (
        (("Đảng bộ Phòng Cảnh sát hình sự", _GCOM, OrgSector.POLICE, "police", (
            "Chi bộ Đội Trọng án", "Chi bộ Đội Tổng hợp")), None),
        (("Chi bộ Phòng An ninh chính trị nội bộ", _GC, OrgSector.POLICE, "police", ()), None),
        (("Chi bộ Phòng Cảnh sát giao thông", _GC, OrgSector.POLICE, "police", ()), None),
        (("Chi bộ Phòng Tham mưu", _GC, OrgSector.POLICE, "police", ()), None),
    )),
)
_LATER_ENTERPRISES = {  # founded after ``start``
    "Chi bộ Công ty cổ phần Thủy điện Nậm Pục", "Chi bộ Công ty TNHH Chế biến nông sản Việt – Lào",
}
# fmt: on


class Province:
    """The administrative units, the organization tree and its change log, built in memory."""

    def __init__(self, members: int, rng: random.Random, start: date, until: date) -> None:
        self.rng = rng
        self.start, self.until = start, until
        self.epoch = date(start.year - 62, 1, 1)
        self.reform = start < REFORM <= until
        self.places: list[Place] = []
        self.orgs: list[Org] = []
        self.changes: list[_Change] = []
        self.districts: list[_District] = []
        self.blocs: dict[str, Org] = {}
        self.merge_days: set[date] = set()
        self._serial = 0
        self._communes = 0
        self._highland = N.place_names(rng, highland=True)
        self._lowland = N.place_names(rng, highland=False)
        self._build(members)
        self.change_by_uid = {change.uid: change for change in self.changes}
        self.cells = [org for org in self.orgs if org.weight > 0]
        for cell in self.cells:
            cell.deciders = (_decider(cell, after=False), _decider(cell, after=self.reform))
        self.residential = _Picker([cell for cell in self.cells if cell.category == "hamlet"])
        self.initial = _Picker([cell for cell in self.cells if cell.founded <= start])
        self._everywhere = _Picker(self.cells)
        by_district: dict[int, list[Org]] = {}
        for cell in self.cells:
            by_district.setdefault(cell.district, []).append(cell)
        self._near = {district: _Picker(cells) for district, cells in by_district.items()}

    def pick(
        self,
        rng: random.Random,
        first: date,
        last: date,
        *,
        home: Org | None = None,
        residential: bool = False,
    ) -> Org | None:
        """A member-holding cell valid over [first, last], by weight; in ``home``'s district half
        the time; None when none is found quickly."""
        if residential:
            picker = self.residential
        elif home is not None and home.district >= 0 and rng.random() < 0.5:
            picker = self._near[home.district]
        else:
            picker = self._everywhere
        for _ in range(40):
            cell = picker.pick(rng)
            if cell is not home and cell.valid(first, last):
                return cell
        return None

    def records(self) -> Iterator[Record]:
        for place in self.places:
            yield LocalityRecord(
                place.code, place.name, place.kind, place.valid_from, place.valid_until, place.ethnic
            )
        for place in self.places:
            for parent, valid_from, valid_until in place.links:
                yield LocalityParentRecord(place.code, parent, valid_from, valid_until)
        for org in self.orgs:
            yield OrganizationRecord(org.code)
        for change in self.changes:
            number, basis_date, issuer = change.basis
            yield OrgChangeRecord(
                change.uid,
                change.kind,
                change.effective_on,
                recorded_at(self.rng, change.effective_on),
                RECORDED_BY,
                number,
                basis_date,
                issuer,
                note=change.note,
            )
        for change in self.changes:
            yield from change.items

    # -- helpers -----------------------------------------------------------------------------------

    def _uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _name(self, highland: bool) -> str:
        pool = self._highland if highland else self._lowland
        if pool:
            return pool.pop()
        self._serial += 1  # pragma: no cover - only for a province far larger than a real one
        return f"{'Nà' if highland else 'Tân'} {self._serial}"  # pragma: no cover

    def _later(self, first: date, last: date) -> date:
        """A founding day in [first, last] within (start, until]; start when there is none."""
        lo, hi = max(first, self.start + DAY), min(last, self.until)
        if lo > hi:
            return self.start if first <= self.start else self.until
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def _org(
        self,
        prefix: str,
        state: OrgState,
        founded: date | None = None,
        *,
        weight: float = 0.0,
        category: str = "agency",
        profile: str = "agency",
        ethnic_area: bool = False,
        district: int = -1,
        committee: Decider = ("", ""),
        homes: tuple[str, ...] = (),
    ) -> Org:
        self._serial += 1
        if founded is not None and founded > self.start:
            weight *= 3  # a new unit fills up with members transferred in
        org = Org(
            f"{prefix}{self._serial:05d}",
            state,
            founded or self.epoch,
            weight,
            category,
            profile,
            ethnic_area,
            district,
            committee,
            homes,
        )
        self.orgs.append(org)
        return org

    # -- the tree as it stands at start --------------------------------------------------------------

    def _build(self, members: int) -> None:
        self.places.append(Place(PROVINCE_CODE, f"Tỉnh {PROVINCE_NAME}", LocalityKind.PROVINCE.value))
        self.root = self._org(
            "T",
            OrgState(f"Đảng bộ tỉnh {PROVINCE_NAME}", OrgKind.PROVINCE.value, None, locality=PROVINCE_CODE),
            committee=PROVINCE_COMMITTEE,
        )
        self._build_blocs(members)
        end = REFORM if self.reform else None
        count = max(2, round(members / 5000))
        for d in range(count):
            city, town = d == 0, d == 1 and count >= 5
            name = PROVINCE_NAME if city else self._name(highland=not town)
            label, word = (
                ("thành phố", "Thành ủy") if city else ("thị xã", "Thị ủy") if town else ("huyện", "Huyện ủy")
            )
            mountainous = not (city or town)
            place = Place(
                f"{100 + d:03d}",
                f"{label.capitalize()} {name}",
                LocalityKind.DISTRICT.value,
                valid_until=end,
                ethnic=mountainous,
            )
            place.links.append((PROVINCE_CODE, None, end))
            self.places.append(place)
            org = self._org(
                "H",
                OrgState(f"Đảng bộ {label} {name}", OrgKind.DISTRICT.value, self.root, locality=place.code),
                committee=(f"Ban Thường vụ {word} {name}", "HU" if label == "huyện" else "ThU"),
                district=d,
            )
            district = _District(place, org, name, [])
            self.districts.append(district)
            district.communes = self._build_communes(
                d, district, city=city, town=town, mountainous=mountainous
            )
            self._build_district_units(d, district, f"{label} {name}", f"{word} {name}")
        if self.reform:
            self._restructure()
        self._found_all()
        self.changes.sort(key=lambda change: change.effective_on)  # stable: foundings in tree order

    def _build_communes(
        self, d: int, district: _District, *, city: bool, town: bool, mountainous: bool
    ) -> list[_Commune]:
        rng = self.rng
        end = REFORM if self.reform else None
        communes: list[_Commune] = []
        for i in range(rng.randint(8, 12) if city else rng.randint(12, 18)):
            if city or (town and i < 4):
                word, sector, profile = "phường", OrgSector.WARD, "city" if city else "lowland"
            elif i == 0 and not town:  # the district seat
                word, sector, profile = "thị trấn", OrgSector.TOWNSHIP, "lowland"
            else:
                word, sector = "xã", OrgSector.COMMUNE
                profile = N.HIGHLAND_PROFILES.pick(rng) if mountainous else "lowland"
            name = self._name(highland=profile in ("thai", "mong", "dao"))
            self._communes += 1
            code = f"{3000 + self._communes:05d}"
            place = Place(
                code,
                f"{word.capitalize()} {name}",
                LocalityKind.COMMUNE.value,
                valid_until=end,
                ethnic=mountainous,
            )
            place.links.append((district.place.code, None, end))
            self.places.append(place)
            org = self._org(
                "X",
                OrgState(f"Đảng bộ {word} {name}", _GCOM, district.org, sector.value, code),
                committee=(f"Đảng ủy {word} {name}", "ĐU"),
                district=d,
                profile=profile,
                ethnic_area=mountainous,
            )
            commune = _Commune(place, org, word, name, [])
            commune.hamlets = self._build_hamlets(d, commune, profile, mountainous)
            communes.append(commune)
        return communes

    def _build_hamlets(self, d: int, commune: _Commune, profile: str, mountainous: bool) -> list[Place]:
        rng = self.rng
        count = rng.randint(8, 15)
        urban = commune.word in ("phường", "thị trấn")
        highland = profile in ("thai", "mong", "dao")
        first, second = (
            (N.HIGHLAND_FIRST, N.HIGHLAND_SECOND) if highland else (N.LOWLAND_FIRST, N.LOWLAND_SECOND)
        )
        used: set[str] = set()
        hamlets: list[Place] = []
        for j in range(1, count + 1):
            if urban:
                name = f"Tổ dân phố {j}"
            else:
                base = ""
                while not base or base in used or base.split()[0] == base.split()[1]:
                    base = f"{first[rng.randrange(len(first))]} {second[rng.randrange(len(second))]}"
                used.add(base)
                name = f"{'Bản' if highland else 'Thôn'} {base}"
            place = Place(f"{commune.place.code}{j:02d}", name, LocalityKind.HAMLET.value, ethnic=mountainous)
            place.links.append((commune.place.code, None, None))
            hamlets.append(place)
            self.places.append(place)
        white = {"mong": 0.05, "dao": 0.05, "thai": 0.02}.get(profile, 0.0)
        cells: list[tuple[Org, Place]] = []
        homes: tuple[str, ...]
        j = 0
        while j < count:
            hamlet = hamlets[j]
            if rng.random() < white:  # thôn, bản "trắng": no cell and no member lives there
                j += 1
                continue
            label = hamlet.name[0].lower() + hamlet.name[1:]
            if j + 1 < count and rng.random() < 0.08:  # chi bộ ghép: one cell for two hamlets
                other = (
                    hamlets[j + 1].name.rsplit(" ", 1)[1] if urban else hamlets[j + 1].name.split(" ", 1)[1]
                )
                state = OrgState(
                    f"Chi bộ {label} – {other}", OrgKind.CELL.value, commune.org, "", hamlet.code, True
                )
                weight, homes, j = 1.3, (hamlet.code, hamlets[j + 1].code), j + 2
            else:
                state = OrgState(f"Chi bộ {label}", OrgKind.CELL.value, commune.org, "", hamlet.code)
                weight, homes, j = 1.0, (hamlet.code,), j + 1
            cell = self._org(
                "C",
                state,
                weight=weight * _spread(rng),
                category="hamlet",
                profile=profile,
                ethnic_area=mountainous,
                district=d,
                homes=homes,
            )
            cells.append((cell, hamlet))
        unit = f"{commune.word} {commune.name}"
        for template, category, weight, _sector in _COMMUNE_CELLS:
            if category == "kindergarten" and rng.random() < 0.5:
                continue
            founded = self._later(date(2018, 7, 1), date(2021, 6, 30)) if category == "police" else None
            state = OrgState(
                template.format(unit=unit, name=commune.name),
                OrgKind.CELL.value,
                commune.org,
                "",
                commune.place.code,
            )
            self._org(
                "C",
                state,
                founded,
                weight=weight * _spread(rng),
                category=category,
                profile=profile,
                ethnic_area=mountainous,
                district=d,
            )
        self._merge_hamlets(d, commune.org, cells)
        return hamlets

    def _merge_hamlets(self, d: int, committee: Org, cells: list[tuple[Org, Place]]) -> None:
        """In 2019–2020 some hamlets merged into a neighbour: the absorbed hamlet and its cell end,
        and its members move to the neighbour's cell (ORG_REASSIGNED, written by the people pass)."""
        rng = self.rng
        day = HAMLET_MERGE_DAYS[d % len(HAMLET_MERGE_DAYS)]
        if not self.start < day <= self.until or rng.random() > 0.3 or len(cells) < 2:
            return
        basis = (
            f"{rng.randint(1, 400)}-QĐ/ĐU",
            day - timedelta(days=rng.randint(0, 10)),
            committee.committee[0],
        )
        change = _Change(
            self._uid(), OrgChangeKind.MERGED.value, day, basis, "Sáp nhập thôn, bản; hợp nhất chi bộ"
        )
        taken: set[int] = set()
        for i in rng.sample(range(1, len(cells)), k=min(len(cells) - 1, rng.randint(1, 2))):
            (cell, hamlet), (target, _) = cells[i], cells[i - 1]
            if cell.state.combined or target.state.combined or taken & {i, i - 1}:
                continue
            taken.update((i, i - 1))
            cell.ends, cell.successor, cell.end_change = day, target, change.uid
            hamlet.valid_until = day
            hamlet.links[-1] = (hamlet.links[-1][0], None, day)
            change.items.append(OrgChangeItemRecord(change.uid, cell.code, ends=True, successor=target.code))
        if change.items:
            self.merge_days.add(day)
            self.changes.append(change)

    def _build_district_units(self, d: int, district: _District, unit: str, committee: str) -> None:
        rng = self.rng
        profile = "city" if d == 0 else "agency"
        for i, (template, kind, sector, category, cells) in enumerate(_DISTRICT_UNITS):
            later = i >= len(_DISTRICT_UNITS) - _DISTRICT_UNITS_LATER
            if later and rng.random() < 0.5:
                continue
            founded = self._later(date(2010, 1, 1), date(2022, 12, 31)) if later else None
            name = template.format(unit=unit, name=district.name, committee=committee)
            org = self._org(
                "D",
                OrgState(name, kind, district.org, sector.value, district.place.code),
                founded,
                weight=0.75 * _spread(rng) if kind == _GC else 0.0,
                category=category,
                profile=profile,
                district=d,
                committee=(name.replace("Đảng bộ", "Đảng ủy", 1), "ĐU"),
            )
            police = None
            if category == "police" and d % 3 == 0:  # a few sub-committees (đảng bộ bộ phận)
                state = OrgState("Đảng bộ bộ phận Cảnh sát", OrgKind.SUB_COMMITTEE.value, org)
                police = self._org(
                    "B", state, founded, committee=("Đảng ủy bộ phận Cảnh sát", "ĐU"), district=d
                )
            for cell_name in cells:
                parent = police if police is not None and "Cảnh sát" in cell_name else org
                self._org(
                    "C",
                    OrgState(cell_name, OrgKind.CELL.value, parent),
                    founded,
                    weight=0.7 * _spread(rng),
                    category=category,
                    profile=profile,
                    district=d,
                )

    def _build_blocs(self, members: int) -> None:
        rng = self.rng
        size = 2 + members // 12000
        for bloc_name, suffix, category, units in _BLOCS:
            committee = (f"Ban Thường vụ {bloc_name.replace('Đảng bộ', 'Đảng ủy', 1)}", suffix)
            bloc = self._org(
                "K",
                OrgState(bloc_name, OrgKind.BLOC.value, self.root, "", PROVINCE_CODE),
                committee=committee,
            )
            self.blocs[category] = bloc
            for (name, kind, sector, unit_category, cells), sub in units[:size]:
                founded = (
                    self._later(date(2011, 1, 1), date(2020, 12, 31)) if name in _LATER_ENTERPRISES else None
                )
                org = self._org(
                    "D",
                    OrgState(name, kind, bloc, sector.value, PROVINCE_CODE),
                    founded,
                    weight=0.75 * _spread(rng) if kind == _GC else 0.0,
                    category=unit_category,
                    committee=(name.replace("Đảng bộ", "Đảng ủy", 1), "ĐU"),
                )
                for cell_name in cells:
                    self._org(
                        "C",
                        OrgState(cell_name, OrgKind.CELL.value, org),
                        founded,
                        weight=0.8 * _spread(rng),
                        category=unit_category,
                    )
                if sub is not None:
                    sub_name, sub_cells = sub
                    sub_org = self._org(
                        "B",
                        OrgState(sub_name, OrgKind.SUB_COMMITTEE.value, org),
                        founded,
                        committee=(sub_name.replace("Đảng bộ", "Đảng ủy", 1), "ĐU"),
                    )
                    for cell_name in sub_cells:
                        self._org(
                            "C",
                            OrgState(cell_name, OrgKind.CELL.value, sub_org),
                            founded,
                            weight=0.7 * _spread(rng),
                            category=unit_category,
                        )

    # -- 01/07/2025 ----------------------------------------------------------------------------------

    def _restructure(self) -> None:
        """One RESTRUCTURED change on 01/07/2025. Its items: the new commune committees (their
        first state), then every organization that moves or changes kind, then the ends (old
        commune committees with their successor, district committees)."""
        rng = self.rng
        basis = (f"{rng.randint(1800, 2400)}-QĐ/TU", date(2025, 6, 30), PROVINCE_COMMITTEE[0])
        note = "Sắp xếp tổ chức đảng theo mô hình chính quyền địa phương hai cấp (QĐ 294-QĐ/TW)"
        change = _Change(self._uid(), OrgChangeKind.RESTRUCTURED.value, REFORM, basis, note)
        created: list[OrgChangeItemRecord] = []
        ended: list[OrgChangeItemRecord] = []
        successor_of: dict[int, Org] = {}  # id(old commune committee) -> its committee from REFORM
        seat_of: dict[int, Org] = {}  # district -> the commune committee of its seat from REFORM
        for d, district in enumerate(self.districts):
            groups: list[list[_Commune]] = []
            while sum(map(len, groups)) < len(district.communes):
                done = sum(map(len, groups))
                size = 1 if rng.random() < 0.1 else rng.choice((2, 3, 3, 3, 4))
                groups.append(district.communes[done : done + size])
            for g, group in enumerate(groups):
                first = group[0]
                ward = first.word == "phường"
                word, sector = ("phường", OrgSector.WARD.value) if ward else ("xã", OrgSector.COMMUNE.value)
                if len(group) == 1:  # an unchanged commune: its committee goes on, under the province
                    committee, place = first.org, first.place
                    place.valid_until = None
                    place.links.append((PROVINCE_CODE, REFORM, None))
                    committee.after = OrgState(
                        committee.name, OrgKind.COMMUNE.value, self.root, committee.state.sector, place.code
                    )
                    committee.committee_after = (f"Ban Thường vụ {committee.committee[0]}", "ĐU")
                else:
                    name = (
                        district.name if g == 0 and d > 0 else first.name
                    )  # the seat takes the district's name
                    self._communes += 1
                    place = Place(
                        f"{3000 + self._communes:05d}",
                        f"{word.capitalize()} {name}",
                        LocalityKind.COMMUNE.value,
                        valid_from=REFORM,
                        ethnic=any(c.place.ethnic for c in group),
                    )
                    place.links.append((PROVINCE_CODE, REFORM, None))
                    self.places.append(place)
                    state = OrgState(
                        f"Đảng bộ {word} {name}", OrgKind.COMMUNE.value, self.root, sector, place.code
                    )
                    committee = self._org(
                        "X",
                        state,
                        REFORM,
                        committee=(f"Ban Thường vụ Đảng ủy {word} {name}", "ĐU"),
                        district=d,
                        profile=first.org.profile,
                        ethnic_area=place.ethnic,
                    )
                    created.append(_item(change.uid, committee, state))
                    for old in group:
                        ended.append(
                            OrgChangeItemRecord(change.uid, old.org.code, ends=True, successor=committee.code)
                        )
                        for hamlet in old.hamlets:
                            if hamlet.valid_until is None:
                                hamlet.links[-1] = (old.place.code, None, REFORM)
                                hamlet.links.append((place.code, REFORM, None))
                for old in group:
                    successor_of[id(old.org)] = committee
                if g == 0:
                    seat_of[d] = committee
            ended.append(OrgChangeItemRecord(change.uid, district.org.code, ends=True))
        moved: list[OrgChangeItemRecord] = []
        for org in self.orgs:
            state, parent = org.state, org.state.parent
            if parent is None or org.founded >= REFORM or org.ends is not None:
                continue
            if org.after is not None:  # an unchanged commune committee
                moved.append(_item(change.uid, org, org.after))
            elif id(parent) in successor_of:
                # [U] Whether hamlet (and commune agency) cells directly under a commune committee
                # count as grassroots cells after QĐ 294 is not stated in RULES.md; we make them
                # GRASSROOTS_CELL, with the sector of their unit (a hamlet cell: its area's).
                committee = successor_of[id(parent)]
                locality = (
                    state.locality
                    if org.category == "hamlet"
                    else (committee.after or committee.state).locality
                )
                org.after = OrgState(
                    state.name, _GC, committee, _cell_sector(org, parent), locality, state.combined
                )
                moved.append(_item(change.uid, org, org.after))
            elif parent.state.kind == OrgKind.DISTRICT and id(org) not in successor_of:
                # [U] RULES.md does not say where each district-level unit went on 01/07/2025: army
                # and police go to the provincial committee of their force, the others to the new
                # commune of the district seat.
                target = self.blocs.get(org.category) if org.category in ("military", "police") else None
                target = target or seat_of[org.district]
                locality = (target.after or target.state).locality
                org.after = OrgState(state.name, state.kind, target, state.sector, locality)
                moved.append(_item(change.uid, org, org.after))
        change.items = created + moved + ended
        self.changes.append(change)

    def _found_all(self) -> None:
        """One FOUNDED change per organization, except the commune committees the reform creates."""
        rng = self.rng
        for org in self.orgs:
            if org.founded >= REFORM and org.state.kind == OrgKind.COMMUNE:
                continue
            parent = org.state.parent
            issuer, suffix = parent.committee if parent is not None else ("Ban Bí thư Trung ương Đảng", "TW")
            day = org.founded
            basis = (f"{rng.randint(1, 900)}-QĐ/{suffix}", day - timedelta(days=rng.randint(0, 15)), issuer)
            change = _Change(self._uid(), OrgChangeKind.FOUNDED.value, day, basis)
            change.items.append(_item(change.uid, org, org.state))
            self.changes.append(change)


class _Picker:
    """A weighted choice among cells."""

    def __init__(self, cells: list[Org]) -> None:
        self.cells = cells
        self.cumulative: list[float] = []
        running = 0.0
        for cell in cells:
            running += cell.weight
            self.cumulative.append(running)
        self.total = running

    def pick(self, rng: random.Random) -> Org:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.cells[min(index, len(self.cells) - 1)]


def _spread(rng: random.Random) -> float:
    return math.exp(rng.gauss(0.0, 0.35))


def _item(change: str, org: Org, state: OrgState) -> OrgChangeItemRecord:
    parent = state.parent.code if state.parent else ""
    return OrgChangeItemRecord(
        change, org.code, False, state.name, state.kind, parent, state.sector, state.combined, state.locality
    )


def _cell_sector(cell: Org, committee: Org) -> str:
    if cell.category == "hamlet":
        # [U] A residential (hamlet) cell that became a grassroots cell: the sector of its area.
        return OrgSector.WARD.value if committee.state.sector == OrgSector.WARD else OrgSector.COMMUNE.value
    return next(sector.value for _name, category, _w, sector in _COMMUNE_CELLS if category == cell.category)


def _decider(cell: Org, *, after: bool) -> Decider:
    """Who decides admissions, transfers and exits for a cell: the standing committee of the
    nearest district, bloc, commune (from the reform) or province above it.
    [U] RULES.md §1.5: whether the commune standing committee decides admissions after QĐ 294 is
    not stated; we let it, as the district standing committee did before."""
    node = cell
    while True:
        parent = (node.after if after and node.after else node.state).parent
        if parent is None:
            return PROVINCE_COMMITTEE
        kind = (parent.after if after and parent.after else parent.state).kind
        if kind in (OrgKind.DISTRICT, OrgKind.BLOC, OrgKind.COMMUNE, OrgKind.PROVINCE):
            return (parent.committee_after or parent.committee) if after else parent.committee
        node = parent


def recorded_at(rng: random.Random, day: date) -> datetime:
    """When a record of ``day`` was entered: that day at 09:00 (+07:00), up to 20 days later."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=TZ) + timedelta(days=rng.randint(0, 20))
