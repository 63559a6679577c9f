"""The interchange format, version 1: the records a province's data is made of.

One set of records serves both files: the workbook for people (one sheet per record type,
Vietnamese headers) and JSON Lines for systems (one record per line). Both carry
``FORMAT_VERSION``; a reader refuses a file of another version. Records refer to each other by
stable keys (codes for localities, organizations and people; uids for log entries), never by
database ids, so a file loads into any database and loads twice without change.

The order of ``RECORD_TYPES`` is the order a file must be read in: every reference points to a
record of an earlier type, or to an earlier record of the same type (``corrects``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import ClassVar

FORMAT_NAME = "partyorg"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Record:
    TYPE: ClassVar[str]
    KEY: ClassVar[str]  # the field that identifies the record

    @property
    def key(self) -> str:
        return str(getattr(self, self.KEY))

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class LocalityRecord(Record):
    TYPE = "locality"
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
    KEY = "code"
    code: str


@dataclass(frozen=True)
class OrgChangeRecord(Record):
    TYPE = "org_change"
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


@dataclass(frozen=True)
class PersonRecord(Record):
    TYPE = "person"
    KEY = "code"
    code: str
    full_name: str
    sex: str  # Sex value
    birth_date: date
    ethnicity: str = "Kinh"
    religion: str = ""
    general_education: str = ""
    professional_level: str = ""
    academic_title: str = ""
    political_theory: str = ""
    occupation: str = ""
    identity_number: str = ""
    dossier_number: str = ""
    card_number: str = ""
    is_youth_union_member: bool = False
    is_private_business_owner: bool = False
    home_locality: str = ""  # locality code


@dataclass(frozen=True)
class EventRecord(Record):
    TYPE = "event"
    KEY = "uid"
    uid: str
    person: str  # person code
    kind: str  # EventKind value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    organization: str = ""  # organization code
    other_organization: str = ""
    external_place: str = ""
    detail: str = ""
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier event of the same person
    org_change: str = ""  # uid
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)  # keyword-only: "from" may stay empty yet come before "to"
class EnteredFigureRecord(Record):
    """A figure people enter: a target, a staff headcount, a figure stated in a report
    (``partyorg.reports.models.EnteredFigure``)."""

    TYPE = "entered_figure"
    KEY = "uid"
    uid: str
    organization: str  # organization code
    kind: str  # FigureKind value
    indicator: str  # Indicator value
    value: int
    first_day: date | None = None
    last_day: date
    recorded_at: datetime
    recorded_by: str
    source: str = ""
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier entered_figure
    withdrawn: bool = False
    note: str = ""


RECORD_TYPES: tuple[type[Record], ...] = (
    LocalityRecord,
    LocalityParentRecord,
    OrganizationRecord,
    OrgChangeRecord,
    OrgChangeItemRecord,
    PersonRecord,
    EventRecord,
    EnteredFigureRecord,
)
BY_TYPE = {t.TYPE: t for t in RECORD_TYPES}


@dataclass(frozen=True)
class Location:
    """Where a record came from, for error messages: a sheet and row, or a file and line."""

    source: str  # sheet name ("Sự kiện") or file name
    row: int  # 1-based row or line number

    def __str__(self) -> str:
        return f"{self.source}, dòng {self.row}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, which field, and why, in Vietnamese."""

    location: Location | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.location}" if self.location else "Tệp"
        column = f", cột “{self.field}”" if self.field else ""
        return f"{where}{column}: {self.reason}"


class ExchangeError(Exception):
    """A file that cannot be loaded. Nothing was changed. ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:5])
        more = f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""
        super().__init__(f"Tệp không hợp lệ, không có dữ liệu nào được ghi: {head}{more}")
