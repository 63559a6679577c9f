"""The tree as it travels in an interchange file: localities and their links, organizations and the
changes that shape them (the records and their sheets).

An administrative unit travels as its log (``locality_change``: every change with its decision,
corrections pointing at the rows they correct), then as its rows of today (``locality``,
``locality_parent``), which a reader can take in at a glance and which a file of version 1 carries
alone. :class:`LocalityLoading` reads both: a log row is stored as it is; a unit's row or a link
that the database does not hold yet becomes its first log rows; one that differs from what the log
makes of the unit becomes a correction (an end date added or changed, a link's end), recorded by the
import and said so in the load's notes.

exchange's loader writes these itself, in bulk (``partyorg/exchange/load.py``): the tree must stand
before any other record can name it, and a province's tree loads in one pass. The yearly work, by
contrast, goes through each app's record kit (``partyorg/core/interchange.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.core import bulk
from partyorg.core.interchange import (
    Codes,
    Column,
    Judge,
    Location,
    Record,
    RecordKit,
    Sheet,
    basis_columns,
    is_uuid,
    recorded_columns,
    shared_fields,
)
from partyorg.core.records import LegalBasis, Refused
from partyorg.organizations import localities as services
from partyorg.organizations.localities import (
    CHANGE_FIELDS,
    check_change,
    fold_locality,
    rebuild_localities,
)
from partyorg.organizations.models import (
    LOCALITY_ATTRIBUTE_KINDS,
    LOCALITY_END_KINDS,
    Locality,
    LocalityChange,
    LocalityChangeKind,
    LocalityKind,
    OrgChange,
    OrgChangeItem,
    ServedLocality,
)

VALID_FROM = Column("valid_from", "Hiệu lực từ", "date", "Ngày bắt đầu; trống nếu không rõ", width=13)
VALID_UNTIL = Column(
    "valid_until", "Hết hiệu lực từ", "date", "Ngày đầu tiên không còn hiệu lực; trống nếu còn", width=15
)


@dataclass(frozen=True)
class LocalityChangeRecord(Record):
    """One row of an administrative unit's log (``LocalityChange``)."""

    TYPE = "locality_change"
    LABEL = gettext_lazy("Thay đổi đơn vị hành chính")
    KEY = "uid"
    uid: str
    locality: str  # code
    kind: str  # LocalityChangeKind value
    recorded_at: datetime
    recorded_by: str
    effective_on: date | None = None
    until: date | None = None
    name: str = ""
    level: str = ""  # LocalityKind value
    is_ethnic_minority_area: bool = False
    parent: str = ""  # locality code
    successor: str = ""  # locality code
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier locality_change
    withdrawn: bool = False
    note: str = ""


@dataclass(frozen=True)
class LocalityRecord(Record):
    TYPE = "locality"
    LABEL = gettext_lazy("Đơn vị hành chính")
    KEY = "code"
    code: str
    name: str
    kind: str  # LocalityKind value
    valid_from: date | None = None
    valid_until: date | None = None  # exclusive
    is_ethnic_minority_area: bool = False


@dataclass(frozen=True)
class LocalityParentRecord(Record):
    TYPE = "locality_parent"
    LABEL = gettext_lazy("Quan hệ trực thuộc hành chính")
    KEY = "locality"

    @property
    def key(self) -> str:
        return f"{self.locality}>{self.parent}@{self.valid_from}"

    locality: str
    parent: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class OrganizationRecord(Record):
    TYPE = "organization"
    LABEL = gettext_lazy("Tổ chức đảng")
    KEY = "code"
    code: str


@dataclass(frozen=True)
class OrgChangeRecord(Record):
    TYPE = "org_change"
    LABEL = gettext_lazy("Thay đổi tổ chức")
    KEY = "uid"
    uid: str
    kind: str  # OrgChangeKind value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier org_change
    note: str = ""


@dataclass(frozen=True)
class OrgChangeItemRecord(Record):
    TYPE = "org_change_item"
    LABEL = gettext_lazy("Chi tiết thay đổi tổ chức")
    KEY = "change"

    @property
    def key(self) -> str:
        return f"{self.change}/{self.organization}"

    change: str  # uid
    organization: str  # code
    ends: bool = False
    name: str = ""
    kind: str = ""  # OrgKind value
    parent: str = ""  # organization code
    sector: str = ""  # OrgSector value
    is_combined: bool = False
    locality: str = ""  # locality code
    successor: str = ""  # organization code


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        LocalityChangeRecord,
        "Thay đổi đơn vị hành chính",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của thay đổi", width=38),
            Column("locality", "Đơn vị", meaning="Mã đơn vị hành chính được thay đổi", width=12),
            Column(
                "kind",
                "Loại thay đổi",
                "enum",
                "Loại thay đổi đơn vị hành chính",
                enum="LocalityChangeKind",
                width=26,
            ),
            *recorded_columns(),
            Column(
                "effective_on",
                "Ngày hiệu lực",
                "date",
                "Ngày thay đổi có hiệu lực; trống: từ trước khi có hồ sơ (thành lập, trực thuộc)",
                width=13,
            ),
            Column(
                "until",
                "Hết hiệu lực từ",
                "date",
                "Trực thuộc: ngày đầu tiên không còn trực thuộc; trống: đến lần trực thuộc sau "
                "hoặc khi đơn vị chấm dứt",
                width=15,
            ),
            Column("name", "Tên", meaning="Thành lập, đổi tên: tên đơn vị từ ngày hiệu lực", width=30),
            Column(
                "level", "Cấp", "enum", "Thành lập, đổi tên: cấp hành chính", enum="LocalityKind", width=22
            ),
            Column(
                "is_ethnic_minority_area", "Vùng DTTS", "bool", "Vùng đồng bào dân tộc thiểu số", width=11
            ),
            Column(
                "parent", "Đơn vị cấp trên", meaning="Trực thuộc: mã đơn vị hành chính cấp trên", width=16
            ),
            Column("successor", "Nhập vào đơn vị", meaning="Nhập vào đơn vị khác: mã đơn vị nhận", width=16),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã thay đổi trước đó mà dòng này sửa hoặc hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy thay đổi ghi ở cột “Sửa cho”", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        LocalityRecord,
        "Đơn vị hành chính",
        (
            Column("code", "Mã", meaning="Mã thống kê của đơn vị (nhập dạng chữ để giữ số 0 đầu)", width=12),
            Column("name", "Tên", meaning="Tên đơn vị", width=30),
            Column("kind", "Cấp", "enum", "Cấp hành chính", enum="LocalityKind", width=22),
            VALID_FROM,
            VALID_UNTIL,
            Column(
                "is_ethnic_minority_area", "Vùng DTTS", "bool", "Vùng đồng bào dân tộc thiểu số", width=11
            ),
        ),
    ),
    Sheet(
        LocalityParentRecord,
        "Trực thuộc hành chính",
        (
            Column("locality", "Đơn vị", meaning="Mã đơn vị hành chính cấp dưới", width=12),
            Column("parent", "Đơn vị cấp trên", meaning="Mã đơn vị hành chính cấp trên", width=16),
            VALID_FROM,
            VALID_UNTIL,
        ),
    ),
    Sheet(
        OrganizationRecord,
        "Tổ chức đảng",
        (
            Column(
                "code",
                "Mã",
                meaning="Mã tổ chức đảng; tên, loại, cấp trên ghi ở trang “Chi tiết thay đổi”",
                width=20,
            ),
        ),
    ),
    Sheet(
        OrgChangeRecord,
        "Thay đổi tổ chức",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của thay đổi", width=38),
            Column("kind", "Loại thay đổi", "enum", "Loại thay đổi", enum="OrgChangeKind", width=24),
            Column("effective_on", "Ngày hiệu lực", "date", "Ngày thay đổi có hiệu lực", width=13),
            *recorded_columns(),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã thay đổi trước đó mà thay đổi này sửa hoặc hủy", width=38
            ),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        OrgChangeItemRecord,
        "Chi tiết thay đổi",
        (
            Column(
                "change", "Thuộc thay đổi tổ chức", meaning="Mã thay đổi (trang “Thay đổi tổ chức”)", width=38
            ),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng được thay đổi", width=20),
            Column("ends", "Chấm dứt", "bool", "Có: tổ chức chấm dứt từ ngày hiệu lực", width=10),
            Column("name", "Tên", meaning="Tên tổ chức từ ngày hiệu lực", width=36),
            Column("kind", "Loại tổ chức", "enum", "Loại tổ chức từ ngày hiệu lực", enum="OrgKind", width=30),
            Column("parent", "Cấp trên trực tiếp", meaning="Mã tổ chức cấp trên trực tiếp", width=20),
            Column(
                "sector", "Loại hình cơ sở", "enum", "Loại hình của tổ chức cơ sở", enum="OrgSector", width=30
            ),
            Column("is_combined", "Chi bộ ghép", "bool", "Chi bộ ghép", width=12),
            Column(
                "locality", "Đơn vị hành chính", meaning="Mã đơn vị hành chính nơi tổ chức đóng", width=18
            ),
            Column(
                "successor",
                "Tổ chức kế thừa",
                meaning=(
                    "Mã tổ chức nhận đảng viên khi tổ chức chấm dứt: người còn ở đó mà tệp không chuyển "
                    "đi được chuyển sang tổ chức này; tổ chức chấm dứt còn đảng viên mà không có tổ "
                    "chức kế thừa thì tệp bị từ chối"
                ),
                width=20,
            ),
        ),
    ),
)


# -- a row as its record (exchange's exporter) -----------------------------------------------------


def locality_change_record(
    row: LocalityChange, codes: dict[int, str], uids: dict[int, str]
) -> LocalityChangeRecord:
    """``codes``: locality id → code; ``uids``: the corrected rows' id → uid."""
    return LocalityChangeRecord(
        uid=str(row.uid),
        locality=codes[row.locality_id],
        kind=row.kind,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        effective_on=row.effective_on,
        until=row.until,
        name=row.name,
        level=row.level,
        is_ethnic_minority_area=row.is_ethnic_minority_area,
        parent=codes.get(row.parent_id or 0, ""),
        successor=codes.get(row.successor_id or 0, ""),
        basis_number=row.basis_number,
        basis_date=row.basis_date,
        basis_issuer=row.basis_issuer,
        corrects=uids.get(row.corrects_id or 0, ""),
        withdrawn=row.withdrawn,
        note=row.note,
    )


def locality_record(loc: Locality) -> LocalityRecord:
    return LocalityRecord(
        **{name: getattr(loc, name) for name in LocalityRecord.field_names()},
    )


def change_record(change: OrgChange, codes: Codes) -> OrgChangeRecord:
    return OrgChangeRecord(
        **shared_fields(change, codes, OrgChangeRecord), kind=change.kind, effective_on=change.effective_on
    )


def change_item_record(item: OrgChangeItem, codes: Codes, localities: dict[int, str]) -> OrgChangeItemRecord:
    """``localities``: locality id → code."""
    return OrgChangeItemRecord(
        change=codes.uid(OrgChange, item.change_id),
        organization=codes.org(item.organization_id),
        ends=item.ends,
        name=item.name,
        kind=item.kind,
        parent=codes.org(item.parent_id),
        sector=item.sector,
        is_combined=item.is_combined,
        locality=localities.get(item.locality_id or 0, ""),
        successor=codes.org(item.successor_id),
    )


# -- a file's localities as log rows (exchange's loader) --------------------------------------------

#: Who records the rows an import writes for a unit's row or link of the file.
IMPORT_RECORDER = "partyorg (nạp tệp)"
LOCALITY = gettext_noop("đơn vị hành chính")
LOCALITY_CHANGE = gettext_noop("thay đổi đơn vị hành chính")
LOCALITY_KINDS = frozenset(LocalityKind.values)
CHANGE_KINDS = frozenset(LocalityChangeKind.values)
CHANGED = gettext_noop(
    "Bản ghi đã có trong cơ sở dữ liệu với nội dung khác; hãy ghi một bản sửa thay vì sửa trực tiếp"
)


class LocalityLoader(Protocol):
    """What :class:`LocalityLoading` needs of the load it is part of (``partyorg.exchange.load``)."""

    localities: dict[str, int]  # code -> id, shared with the loader

    def problem(self, location: Location | None, field_name: str, reason: str) -> None: ...

    def first_time(self, location: Location | None, key: str) -> bool: ...

    def count(self, what: str, created: bool) -> None: ...


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else _("trống")


class LocalityLoading:
    """The localities of one file, read in its order and written when they end (:meth:`finish`).

    Log rows (``locality_change``) are kept as the file gives them. A unit's row (``locality``) or a
    link (``locality_parent``), the form version 1 knows, is compared with what the log makes of the
    unit, as stored and as the file's own log rows before it left it: the same, it is counted as
    already there; new, it becomes the unit's first log rows; different, a correction of the row it
    comes from (a corrected start or name, an end added or moved, a link's end). Taking an end away
    is refused: it is recorded as a withdrawal on the log's sheet, where it is seen as one. A unit
    whose log rows the same file gives must agree with them."""

    def __init__(self, loader: LocalityLoader) -> None:
        self.loader = loader
        self.pending: list[LocalityChange] = []
        self.by_uid: dict[str, LocalityChange] = {}  # the file's new rows
        self.logs: dict[int, list[LocalityChange]] = {}  # unit id -> its rows in force, as read so far
        self.logged: set[int] = set()  # units the file's log rows touched
        self.touched: set[int] = set()
        self.notes: list[str] = []
        self.codes: dict[int, str] = {}  # unit id -> code, of the loader's table
        self.now = timezone.now()
        self.done = False

    # -- helpers ---------------------------------------------------------------------------------
    def ref(self, code: str, location: Location | None, field_name: str) -> int | None:
        if not code:
            return None
        found = self.loader.localities.get(code)
        if found is None:
            self.loader.problem(
                location,
                field_name,
                _("Không tìm thấy %(what)s có mã “%(code)s”") % {"what": _(LOCALITY), "code": code},
            )
        return found

    def log_of(self, unit_id: int) -> list[LocalityChange]:
        if unit_id not in self.logs:
            self.logs[unit_id] = list(
                LocalityChange.objects.in_force().filter(locality_id=unit_id).order_by("id")
            )
        return self.logs[unit_id]

    def new_unit(self, code: str, name: str, level: str) -> int:
        unit = Locality.objects.create(code=code, name=name, kind=level)
        self.loader.localities[code] = unit.pk
        self.logs[unit.pk] = []
        return unit.pk

    def add(self, row: LocalityChange, location: Location | None, field_name: str = "") -> bool:
        """Keep a new row for :meth:`finish`, after the checks a service makes; False with a problem."""
        row.locality = Locality(pk=row.locality_id, code=self.code_of(row.locality_id))
        try:
            check_change(row, ancestors=False)
        except Refused as refused:
            self.loader.problem(location, field_name, refused.message)
            return False
        self.pending.append(row)
        log = self.log_of(row.locality_id)
        if row.corrects is not None:
            wrong = row.corrects
            log[:] = [r for r in log if not (r is wrong or (r.pk is not None and r.pk == wrong.pk))]
        if not row.withdrawn:
            log.append(row)
        self.touched.add(row.locality_id)
        return True

    def end_of(self, unit_id: int) -> date | None:
        """The day a unit ends, as its log read so far makes it (or as stored, without a log)."""
        attributes, _links = fold_locality(self.log_of(unit_id))
        if attributes is None:
            return Locality.objects.filter(pk=unit_id).values_list("valid_until", flat=True).first()
        end = attributes["valid_until"]
        return end if isinstance(end, date) else None

    def corrected(self, row: LocalityChange) -> bool:
        """Has ``row`` been corrected already, in the database or by the file?"""
        if row.pk is not None and LocalityChange.objects.filter(corrects_id=row.pk).exists():
            return True
        return any(
            p.corrects is row or (row.pk is not None and p.corrects_id == row.pk) for p in self.pending
        )

    def code_of(self, unit_id: int) -> str:
        if len(self.codes) != len(self.loader.localities):
            self.codes = {pk: code for code, pk in self.loader.localities.items()}
        return self.codes.get(unit_id, "")

    def imported(self, **values: Any) -> LocalityChange:
        """A row the import writes for a unit's row or link of the file."""
        return LocalityChange(**values, recorded_at=self.now, recorded_by=IMPORT_RECORDER, **stamp_uid())

    def correction(self, wrong: LocalityChange, **changes: Any) -> LocalityChange:
        values = {name: getattr(wrong, name) for name in CHANGE_FIELDS}
        values.update(changes)
        row = self.imported(**values)
        row.corrects = wrong
        return row

    def note(self, location: Location | None, code: str, what: str) -> None:
        where = f"{location}: " if location else ""
        self.notes.append(
            _("%(where)sđơn vị hành chính %(code)s được sửa theo tệp: %(what)s")
            % {"where": where, "code": code, "what": what}
        )

    # -- the records ---------------------------------------------------------------------------
    def change(self, location: Location | None, r: LocalityChangeRecord) -> None:
        if not is_uuid(r.uid):
            self.loader.problem(location, "uid", _("Mã thay đổi (uid) không hợp lệ"))
            return
        if not self.loader.first_time(location, f"locality_change:{r.uid}"):
            return
        if r.kind not in CHANGE_KINDS:
            self.loader.problem(location, "kind", _("Giá trị không hợp lệ: %(value)s") % {"value": r.kind})
            return
        if r.level and r.level not in LOCALITY_KINDS:
            self.loader.problem(location, "level", _("Giá trị không hợp lệ: %(value)s") % {"value": r.level})
            return
        stored = LocalityChange.objects.filter(uid=r.uid).first()
        unit = self.loader.localities.get(r.locality)
        if unit is None and stored is None and r.kind == LocalityChangeKind.CREATED:
            if not r.name or not r.level:  # a new unit's name and level come with its creation
                self.loader.problem(location, "name" if not r.name else "level", _("Thiếu giá trị bắt buộc"))
                return
            unit = self.new_unit(r.locality, r.name, r.level)
        elif unit is None:
            self.ref(r.locality, location, "locality")
        parent = self.ref(r.parent, location, "parent")
        successor = self.ref(r.successor, location, "successor")
        corrects: LocalityChange | None = None
        if r.corrects:
            corrects = self.by_uid.get(r.corrects) or LocalityChange.objects.filter(uid=r.corrects).first()
            if corrects is None:
                self.loader.problem(
                    location,
                    "corrects",
                    _("Không tìm thấy %(what)s có mã “%(code)s”")
                    % {"what": _(LOCALITY_CHANGE), "code": r.corrects},
                )
        if unit is None or (r.parent and parent is None) or (r.successor and successor is None):
            return
        if r.corrects and corrects is None:
            return
        values = {
            "locality_id": unit,
            "kind": r.kind,
            "effective_on": r.effective_on,
            "until": r.until,
            "name": r.name,
            "level": r.level,
            "is_ethnic_minority_area": r.is_ethnic_minority_area,
            "parent_id": parent,
            "successor_id": successor,
            "recorded_at": r.recorded_at,
            "recorded_by": r.recorded_by,
            "basis_number": r.basis_number,
            "basis_date": r.basis_date,
            "basis_issuer": r.basis_issuer,
            "corrects_id": corrects.pk if corrects is not None else None,
            "withdrawn": r.withdrawn,
            "note": r.note,
        }
        if stored is not None:
            if all(getattr(stored, name) == value for name, value in values.items()):
                self.loader.count("locality_change", False)
            else:
                self.loader.problem(location, "", _(CHANGED))
            return
        if corrects is not None and (corrects.withdrawn or corrects.locality_id != unit):
            self.loader.problem(
                location, "corrects", _("Chỉ sửa được một thay đổi của cùng đơn vị, chưa bị hủy")
            )
            return
        row = LocalityChange(uid=r.uid, **values)
        row.corrects = corrects
        if corrects is not None and self.corrected(corrects):
            self.loader.problem(
                location, "corrects", _("Thay đổi này đã được sửa; hãy sửa bản ghi sau cùng của nó.")
            )
            return
        if self.add(row, location):
            self.by_uid[r.uid] = row
            self.logged.add(unit)
            self.loader.count("locality_change", True)

    def locality(self, location: Location | None, r: LocalityRecord) -> None:
        if r.kind not in LOCALITY_KINDS:
            self.loader.problem(location, "kind", _("Giá trị không hợp lệ: %(value)s") % {"value": r.kind})
            return
        if not self.loader.first_time(location, f"locality:{r.code}"):
            return
        unit = self.loader.localities.get(r.code)
        common = {"is_ethnic_minority_area": r.is_ethnic_minority_area, "name": r.name, "level": r.kind}
        if unit is None:
            unit = self.new_unit(r.code, r.name, r.kind)
            ok = self.add(
                self.imported(
                    locality_id=unit, kind=LocalityChangeKind.CREATED, effective_on=r.valid_from, **common
                ),
                location,
            )
            if ok and r.valid_until is not None:
                self.add(
                    self.imported(
                        locality_id=unit, kind=LocalityChangeKind.ENDED, effective_on=r.valid_until
                    ),
                    location,
                    "valid_until",
                )
            self.loader.count("locality", True)
            return
        log = self.log_of(unit)
        attributes, _links = fold_locality(log)
        if attributes is None:  # a unit written before its log: as it stands
            stored = Locality.objects.get(pk=unit)
            attributes = {
                name: getattr(stored, name) for name in ("name", "kind", "valid_from", "valid_until")
            }
            attributes["is_ethnic_minority_area"] = stored.is_ethnic_minority_area
        given = {
            "name": r.name,
            "kind": r.kind,
            "valid_from": r.valid_from,
            "valid_until": r.valid_until,
            "is_ethnic_minority_area": r.is_ethnic_minority_area,
        }
        differ = [name for name, value in given.items() if attributes[name] != value]
        if not differ:
            self.loader.count("locality", False)
            return
        if unit in self.logged:
            self.loader.problem(
                location, differ[0], _("Khác với nhật ký thay đổi của đơn vị này trong cùng tệp")
            )
            return
        if "valid_until" in differ and r.valid_until is None:
            self.loader.problem(
                location,
                "valid_until",
                _(
                    "Đơn vị %(code)s đã chấm dứt từ %(day)s; để hủy việc chấm dứt, ghi một dòng có cột "
                    "“Hủy” ở trang “Thay đổi đơn vị hành chính”"
                )
                % {"code": r.code, "day": _day(attributes["valid_until"])},
            )
            return
        ordered = sorted(log, key=lambda row: (row.effective_on or date.min, row.recorded_at))
        described: list[str] = []
        if {"name", "kind", "is_ethnic_minority_area", "valid_from"} & set(differ):
            created = next((row for row in ordered if row.kind == LocalityChangeKind.CREATED), None)
            last = next((row for row in reversed(ordered) if row.kind in LOCALITY_ATTRIBUTE_KINDS), None)
            if created is None:
                row = self.imported(
                    locality_id=unit, kind=LocalityChangeKind.CREATED, effective_on=r.valid_from, **common
                )
            elif last is not created and "valid_from" in differ:
                self.loader.problem(
                    location,
                    "valid_from",
                    _("Đơn vị đã đổi tên; hãy sửa ở trang “Thay đổi đơn vị hành chính”"),
                )
                return
            else:
                target = last or created
                row = self.correction(
                    target,
                    effective_on=r.valid_from if target is created else target.effective_on,
                    **common,
                )
            if not self.add(row, location):
                return
            described.extend(
                f"{column_label(LocalityRecord, name)} {_display(attributes[name])} → {_display(given[name])}"
                for name in differ
                if name != "valid_until"
            )
        if "valid_until" in differ:
            end = next((row for row in reversed(ordered) if row.kind in LOCALITY_END_KINDS), None)
            if end is None:
                row = self.imported(
                    locality_id=unit, kind=LocalityChangeKind.ENDED, effective_on=r.valid_until
                )
            else:
                row = self.correction(end, effective_on=r.valid_until)
            if not self.add(row, location, "valid_until"):
                return
            described.append(
                f"{column_label(LocalityRecord, 'valid_until')} {_day(attributes['valid_until'])} → "
                f"{_day(r.valid_until)}"
            )
        self.loader.count("locality_change", True)
        self.note(location, r.code, "; ".join(described))

    def link(self, location: Location | None, r: LocalityParentRecord) -> None:
        child = self.ref(r.locality, location, "locality")
        parent = self.ref(r.parent, location, "parent")
        if child is None or parent is None:
            return
        _attributes, links = fold_locality(self.log_of(child))
        found = next(
            (
                (row, until)
                for row, start, until in links
                if row.parent_id == parent and start == r.valid_from
            ),
            None,
        )
        if found is None:
            row = self.imported(
                locality_id=child,
                kind=LocalityChangeKind.ATTACHED,
                effective_on=r.valid_from,
                until=r.valid_until,
                parent_id=parent,
            )
            if self.add(row, location):
                self.loader.count("locality_parent", True)
            return
        source, until = found
        same: tuple[date | None, ...] = (until, source.until)
        if child in self.logged:  # an export: its links as derived, cut where their parent ended
            parent_end = self.end_of(parent)
            if parent_end is not None and (until is None or until > parent_end):
                same += (parent_end,)
        if r.valid_until in same:
            self.loader.count("locality_parent", False)
            return
        if child in self.logged:
            self.loader.problem(
                location, "valid_until", _("Khác với nhật ký thay đổi của đơn vị này trong cùng tệp")
            )
            return
        if r.valid_until is None:
            self.loader.problem(
                location,
                "valid_until",
                _(
                    "Đơn vị %(code)s đã thôi trực thuộc %(parent)s từ %(day)s; để hủy, ghi một dòng sửa ở "
                    "trang “Thay đổi đơn vị hành chính”"
                )
                % {"code": r.locality, "parent": r.parent, "day": _day(until)},
            )
            return
        if self.add(self.correction(source, until=r.valid_until), location, "valid_until"):
            self.loader.count("locality_change", True)
            self.note(
                location,
                r.locality,
                _("trực thuộc %(parent)s đến %(old)s → %(new)s")
                % {"parent": r.parent, "old": _day(until), "new": _day(r.valid_until)},
            )

    # -- the end of the localities ------------------------------------------------------------
    def finish(self) -> list[str]:
        """Write the rows kept, make the units' derived rows again; the notes for the load's report."""
        if self.done:
            return []
        self.done = True
        if self.pending:
            ids = bulk.allocate_ids(LocalityChange, len(self.pending))
            for row, pk in zip(self.pending, ids, strict=True):
                row.pk = pk
            for row in self.pending:
                if row.corrects is not None:
                    row.corrects_id = row.corrects.pk
            names = [f.attname for f in LocalityChange._meta.concrete_fields]
            bulk.insert_rows(
                LocalityChange, names, ([getattr(row, n) for n in names] for row in self.pending)
            )
        if self.touched:
            rebuild_localities(self.touched)
        return self.notes


def stamp_uid() -> dict[str, Any]:
    return {"uid": uuid.uuid4()}


def column_label(record: type[Record], field_name: str) -> str:
    for sheet in SHEETS:
        if sheet.record is record:
            for column in sheet.columns:
                if column.field == field_name:
                    return column.header
    return field_name


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, date) or value is None:
        return _day(value)
    return str(value)


# -- the localities an organization serves: the organizations app's record kit --------------------


@dataclass(frozen=True, kw_only=True)
class ServedLocalityRecord(Record):
    """A locality an organization answered for beside its own (``organizations.ServedLocality``)."""

    TYPE = "served_locality"
    LABEL = gettext_lazy("Địa bàn phụ trách")
    KEY = "uid"
    uid: str
    organization: str  # code
    locality: str  # locality code
    valid_from: date
    recorded_at: datetime
    recorded_by: str
    valid_until: date | None = None
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the row this one corrects or, with ``withdrawn``, takes back
    withdrawn: bool = False
    note: str = ""


KIT_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        ServedLocalityRecord,
        "Địa bàn phụ trách",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của dòng", width=38),
            Column(
                "organization", "Tổ chức", meaning="Mã tổ chức đảng (chi bộ ghép, đảng bộ cơ sở)", width=20
            ),
            Column(
                "locality",
                "Đơn vị hành chính",
                meaning=(
                    "Mã thôn, bản, tổ dân phố hoặc xã mà tổ chức phụ trách, ngoài đơn vị nơi tổ chức đóng"
                ),
                width=18,
            ),
            Column("valid_from", "Từ ngày", "date", "Ngày bắt đầu phụ trách", width=13),
            *recorded_columns(),
            Column(
                "valid_until",
                "Đến ngày",
                "date",
                "Ngày đầu tiên không còn phụ trách; trống nếu còn",
                width=13,
            ),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã dòng mà dòng này sửa hoặc hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy dòng được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


def served_record(row: ServedLocality, codes: Codes) -> ServedLocalityRecord:
    return ServedLocalityRecord(
        **shared_fields(row, codes, ServedLocalityRecord),
        organization=codes.org(row.organization_id),
        locality=row.locality.code,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )


class ServedLocalityKit(RecordKit):
    sheets = KIT_SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {ServedLocalityRecord: ServedLocality}

    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {ServedLocality: served_record}

    def judge(self, judge: Judge, record: Record) -> None:
        """A row is about its organization on its first day."""
        if isinstance(record, ServedLocalityRecord):
            judge.org("organization", record.organization, record.valid_from)

    def apply_served_locality(self, location: Location | None, r: ServedLocalityRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        org = work.org(location, r, "organization")
        place = Locality.objects.filter(code=r.locality).first()
        if place is None:
            work.problem(
                location,
                r,
                "locality",
                _("Không tìm thấy %(what)s có mã “%(code)s”") % {"what": _(LOCALITY), "code": r.locality},
            )
        wrong = work.by_uid(ServedLocality, location, r, "corrects", gettext_noop("địa bàn phụ trách"))
        if org is None or place is None or (r.corrects and wrong is None):
            return
        basis = LegalBasis.of(r)
        call: Callable[[], ServedLocality]
        if wrong is not None:
            replaced = wrong
            call = lambda: services.correct_served.within(  # noqa: E731
                replaced,
                legal_basis=basis,
                withdrawn=r.withdrawn,
                valid_from=r.valid_from,
                valid_until=r.valid_until,
                ends=True,
                uid=r.uid,
                recorded_at=r.recorded_at,
                recorded_by=r.recorded_by,
                note=r.note,
            )
        else:
            call = lambda: services.serve_locality.within(  # noqa: E731
                org,
                place,
                valid_from=r.valid_from,
                valid_until=r.valid_until,
                legal_basis=basis,
                uid=r.uid,
                recorded_at=r.recorded_at,
                recorded_by=r.recorded_by,
                note=r.note,
            )
        work.written(location, r, call)


KITS = (ServedLocalityKit,)


__all__ = [
    "KITS",
    "SHEETS",
    "LocalityChangeRecord",
    "LocalityLoading",
    "LocalityParentRecord",
    "LocalityRecord",
    "OrgChangeItemRecord",
    "OrgChangeRecord",
    "OrganizationRecord",
    "ServedLocalityRecord",
    "change_item_record",
    "change_record",
    "locality_change_record",
    "locality_record",
]
