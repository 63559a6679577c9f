"""The cadre records as they travel in an interchange file: the record kit of the cadres app.

Nine record types, in file order: a unit (with its first name), a later name or dissolution of a
unit, a unit's approved staffing, an employment, a post held, a training course, a state rating, a
planning entry and a planning review. Each is written through :mod:`partyorg.cadres.services`, so a
file is held to the same checks as the commands: a record naming ``corrects`` corrects that row
(``withdrawn``: takes it back), an ENDED record names in ``ends`` the start it ends.

Units are named by their codes, posts by their catalogue codes (the catalogue is the deployment's
table, not part of a file), people and organizations by their codes, other records by uid.
A decimal travels as text ("5.08", "92.5").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, TypeVar

from django.db.models import Min, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.cadres import catalogue, services
from partyorg.cadres.models import (
    Employment,
    EmploymentEnd,
    EmploymentStart,
    HoldingMode,
    ManagementLevel,
    PlanningEntry,
    PlanningExit,
    PlanningReview,
    Post,
    PostEnd,
    PostHolding,
    Programme,
    RankClass,
    RatingSystem,
    SpellKind,
    StaffCategory,
    StaffingQuota,
    StateLevel,
    StatePeriod,
    StateRating,
    StudyMode,
    StudyPlace,
    TrainingEnrolment,
    TrainingOutcome,
    Unit,
    UnitBloc,
    UnitKind,
    UnitLevel,
    UnitVersion,
)
from partyorg.core.interchange import (
    DUMP_CHUNK,
    SHARED_FIELDS,
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
from partyorg.core.records import LegalBasis, Override

R = TypeVar("R", bound=Record)

# Modes of appointment the rules of appointment check (services.record_spells refuses them): such a
# post is recorded alone, with services.appoint.
RULED = frozenset({HoldingMode.APPOINTED, HoldingMode.DESIGNATED, HoldingMode.ROTATED})

# Every record but the unit ends with the shared fields (core.interchange.SHARED_FIELDS), in the
# order of its sheet's columns. Each declares them itself: a record's fields are its sheet's columns in
# order (exchange/tests/test_formats.py), and a base class would put them first.


@dataclass(frozen=True, kw_only=True)
class UnitRecord(Record):
    """A unit founded, with its first name (``cadres.Unit`` and its first ``UnitVersion``)."""

    TYPE = "cadre_unit"
    LABEL = gettext_lazy("Cơ quan, đơn vị")
    KEY = "uid"
    code: str
    uid: str
    name: str
    version_uid: str  # the uid of its first name (a UnitVersion), so later records may correct it
    kind: str
    bloc: str
    level: str
    organization: str
    founded_on: date
    recorded_at: datetime
    recorded_by: str
    parent: str = ""
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class UnitVersionRecord(Record):
    """A unit's later name, or its dissolution (``cadres.UnitVersion``)."""

    TYPE = "cadre_unit_version"
    LABEL = gettext_lazy("Tên, giải thể đơn vị")
    KEY = "uid"
    uid: str
    unit: str
    name: str
    valid_from: date
    dissolved: bool = False
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class StaffingQuotaRecord(Record):
    """A unit's approved staffing for a year (``cadres.StaffingQuota``)."""

    TYPE = "staffing_quota"
    LABEL = gettext_lazy("Biên chế được giao")
    KEY = "uid"
    uid: str
    unit: str
    year: int
    approved: int
    decided_on: date
    category: str = ""
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class EmploymentRecord(Record):
    """An employment begun or ended (``cadres.Employment``)."""

    TYPE = "employment"
    LABEL = gettext_lazy("Quá trình công tác")
    KEY = "uid"
    uid: str
    kind: str
    ends: str = ""
    person: str
    unit: str
    category: str
    effective_on: date
    department: str = ""
    contract_basis: str = ""
    budget_paid: bool = True
    rank: str = ""
    rank_code: str = ""
    rank_class: str = ""
    salary_step: int | None = None
    salary_coefficient: str = ""
    management_level: str = ""
    managed_by: str = ""
    start_reason: str = ""
    end_reason: str = ""
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class PostHoldingRecord(Record):
    """A post taken or left (``cadres.PostHolding``)."""

    TYPE = "post_holding"
    LABEL = gettext_lazy("Chức vụ đảm nhiệm")
    KEY = "uid"
    uid: str
    kind: str
    ends: str = ""
    person: str
    post: str
    unit: str
    effective_on: date
    mode: str = ""
    concurrent: bool = False
    term_ends_on: date | None = None
    dossier_received_on: date | None = None
    end_reason: str = ""
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class TrainingRecord(Record):
    """A course begun or ended (``cadres.TrainingEnrolment``)."""

    TYPE = "training"
    LABEL = gettext_lazy("Đào tạo, bồi dưỡng")
    KEY = "uid"
    uid: str
    kind: str
    ends: str = ""
    person: str
    programme: str
    effective_on: date
    level: str = ""
    field_of_study: str = ""
    institution: str = ""
    mode: str = ""
    place: str = ""
    start_known: bool = True
    planned_end_on: date | None = None
    outcome: str = ""
    certificate: str = ""
    is_confirmation: bool = False
    commitment_until: date | None = None
    dispatched: bool = False
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class StateRatingRecord(Record):
    """The state's rating of a person for a period (``cadres.StateRating``)."""

    TYPE = "state_rating"
    LABEL = gettext_lazy("Đánh giá, xếp loại cán bộ (Nhà nước)")
    KEY = "uid"
    uid: str
    person: str
    unit: str
    system: str
    year: int
    period: str
    rated_on: date
    period_number: int = 0
    level: str = ""
    score: str = ""
    not_rated: bool = False
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class PlanningEntryRecord(Record):
    """A planning entry or exit (``cadres.PlanningEntry``)."""

    TYPE = "planning_entry"
    LABEL = gettext_lazy("Quy hoạch cán bộ")
    KEY = "uid"
    uid: str
    kind: str
    ends: str = ""
    person: str
    post: str
    unit: str
    term_first_year: int
    term_last_year: int
    effective_on: date
    end_reason: str = ""
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class PlanningReviewRecord(Record):
    """A unit's yearly review of its planning (``cadres.PlanningReview``)."""

    TYPE = "planning_review"
    LABEL = gettext_lazy("Rà soát quy hoạch")
    KEY = "uid"
    uid: str
    unit: str
    term_first_year: int
    term_last_year: int
    year: int
    reviewed_on: date
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


def _shared_columns(what: str) -> tuple[Column, ...]:
    return (
        *recorded_columns(),
        *basis_columns(),
        Column("corrects", "Sửa cho", meaning=f"Mã {what} trước đó mà bản ghi này sửa hoặc hủy", width=38),
        Column("withdrawn", "Hủy", "bool", "Có: hủy bản ghi được sửa", width=8),
        Column("override_rule", "Quy định được vượt qua", meaning="Mã quy định được phép vượt qua", width=20),
        Column("override_reason", "Lý do", meaning="Lý do vượt qua quy định", width=30),
        Column("note", "Ghi chú", width=30),
    )


def _uid(what: str) -> Column:
    return Column("uid", "Mã", meaning=f"Mã định danh (UUID) của {what}", width=38)


def _spell(what: str) -> tuple[Column, ...]:
    return (
        Column("kind", "Loại bản ghi", "enum", "Bắt đầu hoặc kết thúc", enum="SpellKind", width=12),
        Column(
            "ends", "Kết thúc cho", meaning=f"Mã bản ghi bắt đầu {what} mà bản ghi này kết thúc", width=38
        ),
    )


PERSON = Column("person", "Người", meaning="Mã hồ sơ của người", width=16)
UNIT = Column("unit", "Đơn vị", meaning="Mã cơ quan, đơn vị", width=16)
POST = Column("post", "Chức danh", meaning="Mã chức danh trong danh mục", width=24)
EFFECTIVE = Column(
    "effective_on", "Ngày hiệu lực", "date", "Ngày bắt đầu, hoặc ngày đầu tiên đã kết thúc", width=13
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        UnitRecord,
        "Cơ quan, đơn vị",
        (
            Column("code", "Mã đơn vị", width=16),
            Column("uid", "Mã định danh", meaning="Mã định danh (UUID) của đơn vị", width=38),
            Column("name", "Tên", width=40),
            Column("version_uid", "Mã tên", meaning="Mã định danh (UUID) của tên đầu tiên", width=38),
            Column("kind", "Loại", "enum", enum="UnitKind", width=24),
            Column("bloc", "Khối", "enum", enum="UnitBloc", width=24),
            Column("level", "Cấp", "enum", enum="UnitLevel", width=12),
            Column("organization", "Tổ chức đảng", meaning="Mã tổ chức đảng mà đơn vị trực thuộc", width=16),
            Column("founded_on", "Ngày thành lập", "date", width=13),
            *recorded_columns(),
            Column("parent", "Thuộc đơn vị", meaning="Mã đơn vị mà phòng này thuộc", width=16),
            *basis_columns(),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        UnitVersionRecord,
        "Tên, giải thể đơn vị",
        (
            _uid("bản ghi"),
            UNIT,
            Column("name", "Tên", width=40),
            Column("valid_from", "Từ ngày", "date", width=13),
            Column("dissolved", "Giải thể", "bool", width=8),
            *_shared_columns("bản ghi"),
        ),
    ),
    Sheet(
        StaffingQuotaRecord,
        "Biên chế",
        (
            _uid("bản ghi biên chế"),
            UNIT,
            Column("year", "Năm", "int", width=8),
            Column("approved", "Biên chế được giao", "int", width=10),
            Column("decided_on", "Ngày giao", "date", width=13),
            Column("category", "Loại cán bộ", "enum", "Trống: tất cả", enum="StaffCategory", width=16),
            *_shared_columns("bản ghi biên chế"),
        ),
    ),
    Sheet(
        EmploymentRecord,
        "Quá trình công tác",
        (
            _uid("bản ghi"),
            *_spell("quá trình công tác"),
            PERSON,
            UNIT,
            Column("category", "Loại cán bộ", "enum", enum="StaffCategory", width=16),
            EFFECTIVE,
            Column("department", "Phòng", meaning="Mã phòng thuộc đơn vị", width=16),
            Column("contract_basis", "Căn cứ hợp đồng", width=20),
            Column("budget_paid", "Hưởng lương ngân sách", "bool", width=8),
            Column("rank", "Ngạch", width=24),
            Column("rank_code", "Mã ngạch", width=10),
            Column("rank_class", "Loại ngạch, hạng", "enum", enum="RankClass", width=20),
            Column("salary_step", "Bậc lương", "optint", width=8),
            Column("salary_coefficient", "Hệ số lương", meaning="Ví dụ 4,98", width=8),
            Column("management_level", "Phân cấp quản lý", "enum", enum="ManagementLevel", width=24),
            Column("managed_by", "Cấp quản lý", meaning="Mã tổ chức đảng quản lý cán bộ", width=16),
            Column("start_reason", "Hình thức bắt đầu", "enum", enum="EmploymentStart", width=20),
            Column("end_reason", "Lý do kết thúc", "enum", enum="EmploymentEnd", width=20),
            *_shared_columns("bản ghi"),
        ),
    ),
    Sheet(
        PostHoldingRecord,
        "Chức vụ đảm nhiệm",
        (
            _uid("bản ghi"),
            *_spell("giữ chức vụ"),
            PERSON,
            POST,
            UNIT,
            EFFECTIVE,
            Column("mode", "Hình thức", "enum", enum="HoldingMode", width=16),
            Column("concurrent", "Kiêm nhiệm", "bool", width=8),
            Column("term_ends_on", "Hết thời hạn", "date", width=13),
            Column("dossier_received_on", "Ngày nhận hồ sơ", "date", "Ngày nhận tờ trình và hồ sơ", width=13),
            Column("end_reason", "Lý do thôi giữ", "enum", enum="PostEnd", width=20),
            *_shared_columns("bản ghi"),
        ),
    ),
    Sheet(
        TrainingRecord,
        "Đào tạo, bồi dưỡng",
        (
            _uid("bản ghi"),
            *_spell("khóa học"),
            PERSON,
            Column("programme", "Loại đào tạo", "enum", enum="Programme", width=20),
            EFFECTIVE,
            Column("level", "Trình độ", width=16),
            Column("field_of_study", "Chuyên ngành", width=24),
            Column("institution", "Cơ sở đào tạo", width=30),
            Column("mode", "Hình thức học", "enum", enum="StudyMode", width=14),
            Column("place", "Nơi học", "enum", enum="StudyPlace", width=12),
            Column("start_known", "Biết ngày bắt đầu", "bool", width=8),
            Column("planned_end_on", "Dự kiến kết thúc", "date", width=13),
            Column("outcome", "Kết quả", "enum", enum="TrainingOutcome", width=14),
            Column("certificate", "Văn bằng, chứng chỉ", width=24),
            Column("is_confirmation", "Giấy xác nhận", "bool", width=8),
            Column("commitment_until", "Cam kết công tác đến", "date", width=13),
            Column("dispatched", "Được cử đi học", "bool", "Có: cơ quan cử đi đào tạo", width=8),
            *_shared_columns("bản ghi"),
        ),
    ),
    Sheet(
        StateRatingRecord,
        "Đánh giá cán bộ",
        (
            _uid("bản ghi"),
            PERSON,
            UNIT,
            Column("system", "Quy định", "enum", enum="RatingSystem", width=14),
            Column("year", "Năm", "int", width=8),
            Column("period", "Kỳ", "enum", enum="StatePeriod", width=10),
            Column("rated_on", "Ngày đánh giá", "date", width=13),
            Column("period_number", "Số kỳ", "int", "Quý 1–4, tháng 1–12; 0 với năm", width=8),
            Column("level", "Xếp loại", "enum", enum="StateLevel", width=24),
            Column("score", "Điểm", meaning="Điểm thang 100 (ví dụ 92,5)", width=8),
            Column("not_rated", "Chỉ nhận xét", "bool", "Có: nhận xét, không xếp loại", width=8),
            *_shared_columns("bản ghi"),
        ),
    ),
    Sheet(
        PlanningEntryRecord,
        "Quy hoạch",
        (
            _uid("bản ghi"),
            *_spell("quy hoạch"),
            PERSON,
            POST,
            UNIT,
            Column("term_first_year", "Nhiệm kỳ từ năm", "int", width=8),
            Column("term_last_year", "Nhiệm kỳ đến năm", "int", width=8),
            EFFECTIVE,
            Column("end_reason", "Lý do ra khỏi quy hoạch", "enum", enum="PlanningExit", width=20),
            *_shared_columns("bản ghi"),
        ),
    ),
    Sheet(
        PlanningReviewRecord,
        "Rà soát quy hoạch",
        (
            _uid("bản ghi"),
            UNIT,
            Column("term_first_year", "Nhiệm kỳ từ năm", "int", width=8),
            Column("term_last_year", "Nhiệm kỳ đến năm", "int", width=8),
            Column("year", "Năm rà soát", "int", width=8),
            Column("reviewed_on", "Ngày rà soát", "date", width=13),
            *_shared_columns("bản ghi"),
        ),
    ),
)


def decimal_text(value: Decimal | None) -> str:
    """A decimal as the file writes it: "5.08", "92"; empty for none."""
    return "" if value is None else f"{value.normalize():f}"


# The day a record is about, for the upload's scope check and the kit's memory of units.
DAY_FIELD = {
    UnitVersionRecord: "valid_from",
    StaffingQuotaRecord: "decided_on",
    EmploymentRecord: "effective_on",
    PostHoldingRecord: "effective_on",
    TrainingRecord: "effective_on",
    StateRatingRecord: "rated_on",
    PlanningEntryRecord: "effective_on",
    PlanningReviewRecord: "reviewed_on",
}


# What each table's to-record reads of its related rows, fetched with it by a dump.
RELATED: dict[type[Model], tuple[str, ...]] = {
    Unit: ("parent",),
    UnitVersion: ("unit",),
    StaffingQuota: ("unit",),
    Employment: ("unit", "department"),
    PostHolding: ("unit", "post"),
    StateRating: ("unit",),
    PlanningEntry: ("unit", "post"),
    PlanningReview: ("unit",),
}


class CadresKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        UnitRecord: Unit,
        UnitVersionRecord: UnitVersion,
        StaffingQuotaRecord: StaffingQuota,
        EmploymentRecord: Employment,
        PostHoldingRecord: PostHolding,
        TrainingRecord: TrainingEnrolment,
        StateRatingRecord: StateRating,
        PlanningEntryRecord: PlanningEntry,
        PlanningReviewRecord: PlanningReview,
    }
    enums: ClassVar[dict[str, Any]] = {
        "SpellKind": SpellKind,
        "UnitKind": UnitKind,
        "UnitBloc": UnitBloc,
        "UnitLevel": UnitLevel,
        "StaffCategory": StaffCategory,
        "ManagementLevel": ManagementLevel,
        "EmploymentEnd": EmploymentEnd,
        "EmploymentStart": EmploymentStart,
        "RankClass": RankClass,
        "HoldingMode": HoldingMode,
        "PostEnd": PostEnd,
        "Programme": Programme,
        "StudyMode": StudyMode,
        "StudyPlace": StudyPlace,
        "TrainingOutcome": TrainingOutcome,
        "RatingSystem": RatingSystem,
        "StatePeriod": StatePeriod,
        "StateLevel": StateLevel,
        "PlanningExit": PlanningExit,
    }

    def __init__(self, work: Any = None) -> None:
        super().__init__(work)
        self.unit_orgs: dict[str, str] = {}  # unit code -> organization code, from the file (scope check)
        self.person_units: dict[
            str, str
        ] = {}  # person code -> the unit of their latest employment in the file

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {
            Unit: unit_record,
            UnitVersion: unit_version_record,
            StaffingQuota: quota_record,
            Employment: employment_record,
            PostHolding: holding_record,
            TrainingEnrolment: training_record,
            StateRating: state_rating_record,
            PlanningEntry: planning_record,
            PlanningReview: review_record,
        }

    @classmethod
    def dump(cls, codes: Codes) -> Iterator[Record]:
        """Every row as records; a unit's first name travels with the unit, not as a version."""
        first = set(
            UnitVersion.objects.values("unit_id").annotate(first=Min("pk")).values_list("first", flat=True)
        )
        for model, convert in cls.converters().items():
            rows = model._default_manager.select_related(*RELATED.get(model, ())).order_by("id")
            for obj in rows.iterator(chunk_size=DUMP_CHUNK):
                if model is UnitVersion and obj.pk in first:
                    continue
                yield convert(obj, codes)

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A unit at its organization on its founding day; every other record at the organization
        of its unit (a course: of the person's unit) on the record's day."""
        if isinstance(record, UnitRecord):
            self.unit_orgs[record.code] = record.organization
            judge.org("organization", record.organization, record.founded_on)
            return
        day = getattr(record, DAY_FIELD[type(record)])
        unit_code = getattr(record, "unit", "")
        if isinstance(record, EmploymentRecord):
            self.person_units[record.person] = record.unit
        if isinstance(record, TrainingRecord):
            unit_code = self.person_units.get(record.person, "") or _unit_of_person(record.person, day)
        org = self.unit_orgs.get(unit_code) or _org_of_unit(unit_code)
        if org:
            judge.org("unit", org, day)
        elif isinstance(record, TrainingRecord):
            judge.person(record.person, day)

    # -- import ------------------------------------------------------------------------------
    def apply(self, location: Location | None, record: Record) -> None:
        """A record already stored is compared with the file's (``known``), never written again."""
        if not self.work.known(location, record):
            super().apply(location, record)

    # Runs of employments and posts go through services.record_spells (the checks of start_employment,
    # end_employment, appoint and end_post, the people's spells read once for the run); an appointment
    # the rules of appointment check (RULED), a record with an override, and a run with anything
    # unusual (an unknown code, a bad number) go a record at a time, in the file's order, which says
    # what is wrong.
    batched = frozenset({"employment", "post_holding"})

    def last_of_its_moment(self, record: Record) -> bool:
        """A unit's dissolution goes after the records of its moment (exchange.kits): the ends of the
        employments in it, recorded with it, come first (dissolve_unit refuses while one is open)."""
        return isinstance(record, UnitVersionRecord) and record.dissolved

    def plain(self, record: Record) -> bool:
        overridden: str = getattr(record, "override_rule", "")
        if overridden or not super().plain(record):
            return False
        if isinstance(record, PostHoldingRecord) and record.kind != SpellKind.ENDED:
            return record.mode not in RULED
        return True

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        work = self.work
        records: list[Any] = [r for _, r in items]
        model: type[Employment] | type[PostHolding] = (
            Employment if isinstance(records[0], EmploymentRecord) else PostHolding
        )
        ending = [r for r in records if r.kind == SpellKind.ENDED]
        starting = [r for r in records if r.kind != SpellKind.ENDED]
        in_run = {r.uid: i for i, r in enumerate(records) if r.kind != SpellKind.ENDED}
        stored = {
            str(row.uid): row
            for row in model._default_manager.select_related("person").filter(
                uid__in=[r.ends for r in ending if r.ends not in in_run and is_uuid(r.ends)]
            )
        }
        if any(r.ends not in in_run and r.ends not in stored for r in ending):
            return False
        units = {u.code: u for u in Unit.objects.filter(code__in=_codes(starting, "unit", "department"))}
        posts = {
            p.code: p
            for p in Post.objects.filter(code__in={r.post for r in starting if model is PostHolding})
        }
        found = {r.person: work.person_id(r.person) for r in starting}
        person_ids = {code: pk for code, pk in found.items() if pk is not None}
        if len(person_ids) < len(found):
            return False
        people = work.people(person_ids.values())
        steps: list[services.SpellStep] = []
        for r in records:
            entered = {
                "legal_basis": LegalBasis.of(r),
                "recorded_at": r.recorded_at,
                "note": r.note,
                "uid": r.uid,
                "recorded_by": r.recorded_by,
            }
            if r.kind == SpellKind.ENDED:
                start = stored.get(r.ends)
                # an end's person is its start's (a start of this run, or stored)
                person = (
                    start.person if start is not None else people[person_ids[records[in_run[r.ends]].person]]
                )
                steps.append(
                    services.SpellStep(
                        model,
                        person,
                        r.effective_on,
                        ends=in_run.get(r.ends),
                        start=start,
                        reason=r.end_reason,
                        **entered,
                    )
                )
                continue
            fields = self._spell_fields(r, units, posts)
            if fields is None or r.unit not in units:
                return False
            steps.append(
                services.SpellStep(
                    model,
                    people[person_ids[r.person]],
                    r.effective_on,
                    units[r.unit],
                    fields,
                    **entered,
                )
            )
        return work.written_batch(items, lambda: services.record_spells.within(steps, recorded_by=""))

    def _spell_fields(self, r: Any, units: dict[str, Unit], posts: dict[str, Post]) -> dict[str, Any] | None:
        """The keyword arguments of start_employment or appoint for a start of the run; None when a
        code is unknown or a number is not one (the record then goes alone, which says so)."""
        if isinstance(r, PostHoldingRecord):
            if r.post not in posts:
                return None
            return {
                "post": posts[r.post],
                "mode": r.mode,
                "concurrent": r.concurrent,
                "term_ends_on": r.term_ends_on,
                "dossier_received_on": r.dossier_received_on,
            }
        try:
            coefficient = (
                Decimal(r.salary_coefficient.strip().replace(",", "."))
                if r.salary_coefficient.strip()
                else None
            )
        except InvalidOperation:
            return None
        if coefficient is not None and (
            not coefficient.is_finite()
            or coefficient < 0
            or coefficient >= 1000
            or coefficient != round(coefficient, 2)
        ):
            return None
        managed_by = self.work.org_id(r.managed_by) if r.managed_by else None
        if (r.department and r.department not in units) or (r.managed_by and managed_by is None):
            return None
        return {
            "category": r.category,
            "department": units.get(r.department) if r.department else None,
            "contract_basis": r.contract_basis,
            "budget_paid": r.budget_paid,
            "rank": r.rank,
            "rank_code": r.rank_code,
            "rank_class": r.rank_class,
            "start_reason": r.start_reason,
            "salary_step": r.salary_step,
            "salary_coefficient": coefficient,
            "management_level": r.management_level,
            "managed_by_id": managed_by,
        }

    def _decimal(self, location: Location | None, r: Record, name: str) -> tuple[bool, Decimal | None]:
        text = str(getattr(r, name)).strip().replace(",", ".")
        if not text:
            return True, None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 or value >= 1000 or value != round(value, 2):
            self.work.problem(location, r, name, _("Số không hợp lệ: %(value)s") % {"value": text})
            return False, None
        return True, value

    def _unit(self, location: Location | None, r: Record, name: str = "unit") -> Unit | None:
        code = getattr(r, name)
        if not code:
            return None
        found = Unit.objects.filter(code=code).first()
        if found is None:
            self.work.problem(location, r, name, _("Không tìm thấy đơn vị có mã “%(code)s”") % {"code": code})
        return found

    def _post(self, location: Location | None, r: Any) -> Post | None:
        code = r.post
        found = Post.objects.filter(code=code).first()
        if found is None and any(p.code == code for p in catalogue.DEFAULT_POSTS):
            # A database the file is loaded into may not have the default catalogue yet (it is not in
            # the file; `partyorg cadres catalogue` loads it): the default posts are added then.
            catalogue.load()
            found = Post.objects.filter(code=code).first()
        if found is None:
            self.work.problem(
                location, r, "post", _("Không có chức danh mã “%(code)s” trong danh mục") % {"code": code}
            )
        return found

    def _write(
        self,
        location: Location | None,
        r: Any,
        model: type[Any],
        resolved: dict[str, Any],
        create: Callable[[], Model],
        end: Callable[[Any], Model] | None = None,
    ) -> None:
        """Write ``r``: a correction or a withdrawal of the row it ``corrects``, an end of the start
        it ``ends``, else a new record (``create``). ``resolved``: the record's references as rows
        (and its decimals as numbers); with its other own fields, what a correction carries."""
        work = self.work
        if r.corrects:
            wrong = work.by_uid(model, location, r, "corrects", gettext_noop("bản ghi"))
            if wrong is None:
                return
            if r.withdrawn:
                call: Callable[[], Model] = lambda: services.withdraw.within(wrong, **_entered(r))  # noqa: E731
            else:
                own = {name: getattr(r, name) for name in r.field_names() if name not in _NOT_CHANGED}
                call = lambda: services.correct.within(  # noqa: E731
                    wrong, changes=own | resolved, override=Override.of(r), **_entered(r)
                )
            work.written(location, r, call)
            return
        if r.withdrawn:
            work.problem(location, r, "corrects", _("Cần mã bản ghi bị hủy"))
            return
        if getattr(r, "kind", SpellKind.STARTED) == SpellKind.ENDED:
            start = work.by_uid(model, location, r, "ends", gettext_noop("bản ghi bắt đầu"))
            if start is None:
                if not getattr(r, "ends", ""):
                    work.problem(location, r, "ends", _("Cần mã bản ghi bắt đầu được kết thúc"))
                return
            assert end is not None
            work.written(location, r, lambda: end(start))
            return
        work.written(location, r, create)

    def apply_cadre_unit(self, location: Location | None, r: UnitRecord) -> None:
        work = self.work
        org = work.org(location, r, "organization")
        parent = self._unit(location, r, "parent")
        if org is None or (r.parent and parent is None):
            return
        work.written(
            location,
            r,
            lambda: services.create_unit.within(
                r.code,
                r.name,
                kind=r.kind,
                bloc=r.bloc,
                level=r.level,
                organization=org,
                founded_on=r.founded_on,
                parent=parent,
                version_uid=r.version_uid,
                **_entered(r),
            ),
        )

    def apply_cadre_unit_version(self, location: Location | None, r: UnitVersionRecord) -> None:
        unit = self._unit(location, r)
        if unit is None:
            return
        create = (
            (lambda: services.dissolve_unit.within(unit, on=r.valid_from, **_entered(r)))
            if r.dissolved
            else (lambda: services.rename_unit.within(unit, r.name, on=r.valid_from, **_entered(r)))
        )
        self._write(location, r, UnitVersion, {"unit": unit}, create)

    def apply_staffing_quota(self, location: Location | None, r: StaffingQuotaRecord) -> None:
        unit = self._unit(location, r)
        if unit is None:
            return
        self._write(
            location,
            r,
            StaffingQuota,
            {"unit": unit},
            lambda: services.set_staffing.within(
                unit,
                year=r.year,
                approved=r.approved,
                decided_on=r.decided_on,
                category=r.category,
                **_entered(r),
            ),
        )

    def apply_employment(self, location: Location | None, r: EmploymentRecord) -> None:
        work = self.work
        ok, coefficient = self._decimal(location, r, "salary_coefficient")
        person = work.person(location, r, "person")
        unit = self._unit(location, r)
        department = self._unit(location, r, "department")
        managed_by = work.org(location, r, "managed_by") if r.managed_by else None
        if (
            not ok
            or person is None
            or unit is None
            or (r.department and department is None)
            or (r.managed_by and managed_by is None)
        ):
            return
        resolved = {
            "person": person,
            "unit": unit,
            "department": department,
            "salary_coefficient": coefficient,
            "managed_by": managed_by,
        }
        self._write(
            location,
            r,
            Employment,
            resolved,
            lambda: services.start_employment.within(
                person,
                unit,
                on=r.effective_on,
                category=r.category,
                department=department,
                contract_basis=r.contract_basis,
                budget_paid=r.budget_paid,
                rank=r.rank,
                rank_code=r.rank_code,
                rank_class=r.rank_class,
                start_reason=r.start_reason,
                salary_step=r.salary_step,
                salary_coefficient=coefficient,
                management_level=r.management_level,
                managed_by=managed_by,
                override=Override.of(r),
                **_entered(r),
            ),
            lambda start: services.end_employment.within(
                start, on=r.effective_on, reason=r.end_reason, **_entered(r)
            ),
        )

    def apply_post_holding(self, location: Location | None, r: PostHoldingRecord) -> None:
        person = self.work.person(location, r, "person")
        post = self._post(location, r)
        unit = self._unit(location, r)
        if person is None or post is None or unit is None:
            return
        self._write(
            location,
            r,
            PostHolding,
            {"person": person, "post": post, "unit": unit},
            lambda: services.appoint.within(
                person,
                post,
                unit,
                on=r.effective_on,
                mode=r.mode,
                term_ends_on=r.term_ends_on,
                dossier_received_on=r.dossier_received_on,
                concurrent=r.concurrent,
                override=Override.of(r),
                **_entered(r),
            ),
            lambda start: services.end_post.within(
                start, on=r.effective_on, reason=r.end_reason, override=Override.of(r), **_entered(r)
            ),
        )

    def apply_training(self, location: Location | None, r: TrainingRecord) -> None:
        person = self.work.person(location, r, "person")
        if person is None:
            return
        course = services.Course(
            r.programme,
            r.level,
            r.field_of_study,
            r.institution,
            r.mode,
            r.place,
            r.certificate,
            r.is_confirmation,
        )
        self._write(
            location,
            r,
            TrainingEnrolment,
            {"person": person},
            lambda: services.start_training.within(
                person,
                course,
                on=r.effective_on,
                planned_end_on=r.planned_end_on,
                start_known=r.start_known,
                commitment_until=r.commitment_until,
                dispatched=r.dispatched,
                override=Override.of(r),
                **_entered(r),
            ),
            lambda start: services.end_training.within(
                start,
                on=r.effective_on,
                outcome=r.outcome,
                certificate=r.certificate,
                commitment_until=r.commitment_until,
                **_entered(r),
            ),
        )

    def apply_state_rating(self, location: Location | None, r: StateRatingRecord) -> None:
        ok, score = self._decimal(location, r, "score")
        person = self.work.person(location, r, "person")
        unit = self._unit(location, r)
        if not ok or person is None or unit is None:
            return
        self._write(
            location,
            r,
            StateRating,
            {"person": person, "unit": unit, "score": score},
            lambda: services.rate_state.within(
                person,
                unit,
                year=r.year,
                rated_on=r.rated_on,
                level=r.level,
                score=score,
                not_rated=r.not_rated,
                period=r.period,
                period_number=r.period_number,
                system=r.system,
                override=Override.of(r),
                **_entered(r),
            ),
        )

    def apply_planning_entry(self, location: Location | None, r: PlanningEntryRecord) -> None:
        person = self.work.person(location, r, "person")
        post = self._post(location, r)
        unit = self._unit(location, r)
        if person is None or post is None or unit is None:
            return
        self._write(
            location,
            r,
            PlanningEntry,
            {"person": person, "post": post, "unit": unit},
            lambda: services.plan.within(
                person,
                post,
                unit,
                term_first_year=r.term_first_year,
                term_last_year=r.term_last_year,
                on=r.effective_on,
                override=Override.of(r),
                **_entered(r),
            ),
            lambda start: services.exit_planning.within(
                start, on=r.effective_on, reason=r.end_reason, **_entered(r)
            ),
        )

    def apply_planning_review(self, location: Location | None, r: PlanningReviewRecord) -> None:
        unit = self._unit(location, r)
        if unit is None:
            return
        self._write(
            location,
            r,
            PlanningReview,
            {"unit": unit},
            lambda: services.review_planning.within(
                unit,
                term_first_year=r.term_first_year,
                term_last_year=r.term_last_year,
                year=r.year,
                reviewed_on=r.reviewed_on,
                **_entered(r),
            ),
        )


# A correction carries the record's own fields: not the shared ones, nor what a row never changes.
_NOT_CHANGED = frozenset(SHARED_FIELDS) | {"kind", "ends"}


def _entered(r: Any) -> dict[str, Any]:
    """What every command takes of the record as it was entered (its keyword-only arguments): the
    legal basis, who recorded it and when, its note and its uid."""
    return {
        "legal_basis": LegalBasis.of(r),
        "recorded_by": r.recorded_by,
        "note": r.note,
        "uid": r.uid,
        "recorded_at": r.recorded_at,
    }


def _codes(records: list[Any], *names: str) -> set[str]:
    """The codes the records give in the fields ``names`` (empty ones left out)."""
    return {code for r in records for name in names if (code := getattr(r, name, ""))}


def _org_of_unit(code: str) -> str:
    if not code:
        return ""
    return Unit.objects.filter(code=code).values_list("organization__code", flat=True).first() or ""


def _unit_of_person(code: str, day: date) -> str:
    """The unit of the person's latest employment begun by ``day`` (a course's scope check)."""
    if not code:
        return ""
    return (
        Employment.objects.in_force()
        .filter(person__code=code, kind=SpellKind.STARTED, effective_on__lte=day)
        .order_by("-effective_on", "-pk")
        .values_list("unit__code", flat=True)
        .first()
        or ""
    )


# -- to-record ----------------------------------------------------------------------------------


def _record(record_type: type[R], row: Any, codes: Codes, **given: Any) -> R:
    """``row`` as a ``record_type``: its shared fields (``core.interchange.shared_fields``), the
    fields ``given``, and every other field as the row has it, but for the references every record
    writes alike: ``person`` as the person's code, ``unit`` and ``post`` as their codes, ``ends`` as
    the uid of the start it ends."""
    values = shared_fields(row, codes, record_type) | given
    for name in record_type.field_names():
        if name in values:
            continue
        if name == "person":
            values[name] = codes.person(row.person_id)
        elif name in ("unit", "post"):
            values[name] = getattr(row, name).code
        elif name == "ends":
            values[name] = codes.uid(type(row), row.ends_id)
        else:
            values[name] = getattr(row, name)
    return record_type(**values)


def unit_record(u: Unit, codes: Codes) -> UnitRecord:
    first = UnitVersion.objects.filter(unit=u).order_by("pk").first()
    assert first is not None
    return UnitRecord(
        code=u.code,
        uid=str(u.uid),
        name=first.name,
        version_uid=str(first.uid),
        kind=u.kind,
        bloc=u.bloc,
        level=u.level,
        organization=codes.org(u.organization_id),
        founded_on=u.founded_on,
        recorded_at=u.recorded_at,
        recorded_by=u.recorded_by,
        parent=u.parent.code if u.parent is not None else "",
        basis_number=u.basis_number,
        basis_date=u.basis_date,
        basis_issuer=u.basis_issuer,
        note=first.note,
    )


def unit_version_record(v: UnitVersion, codes: Codes) -> UnitVersionRecord:
    return _record(UnitVersionRecord, v, codes)


def quota_record(q: StaffingQuota, codes: Codes) -> StaffingQuotaRecord:
    return _record(StaffingQuotaRecord, q, codes)


def employment_record(e: Employment, codes: Codes) -> EmploymentRecord:
    return _record(
        EmploymentRecord,
        e,
        codes,
        department=e.department.code if e.department is not None else "",
        salary_coefficient=decimal_text(e.salary_coefficient),
        managed_by=codes.org(e.managed_by_id) if e.managed_by_id else "",
    )


def holding_record(h: PostHolding, codes: Codes) -> PostHoldingRecord:
    return _record(PostHoldingRecord, h, codes)


def training_record(t: TrainingEnrolment, codes: Codes) -> TrainingRecord:
    return _record(TrainingRecord, t, codes)


def state_rating_record(s: StateRating, codes: Codes) -> StateRatingRecord:
    return _record(StateRatingRecord, s, codes, score=decimal_text(s.score))


def planning_record(p: PlanningEntry, codes: Codes) -> PlanningEntryRecord:
    return _record(PlanningEntryRecord, p, codes)


def review_record(p: PlanningReview, codes: Codes) -> PlanningReviewRecord:
    return _record(PlanningReviewRecord, p, codes)


KITS = (CadresKit,)
