"""The tree as it travels in an interchange file: localities and their links, organizations and the
changes that shape them (the records and their sheets).

exchange's loader writes these itself, in bulk (``partyorg/exchange/load.py``): the tree must stand
before any other record can name it, and a province's tree loads in one pass. The yearly work, by
contrast, goes through each app's record kit (``partyorg/core/interchange.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy

from partyorg.core.interchange import (
    Codes,
    Column,
    Record,
    Sheet,
    basis_columns,
    recorded_columns,
    shared_fields,
)
from partyorg.organizations.models import Locality, OrgChange, OrgChangeItem

VALID_FROM = Column("valid_from", "Hiệu lực từ", "date", "Ngày bắt đầu; trống nếu không rõ", width=13)
VALID_UNTIL = Column(
    "valid_until", "Hết hiệu lực từ", "date", "Ngày đầu tiên không còn hiệu lực; trống nếu còn", width=15
)


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
