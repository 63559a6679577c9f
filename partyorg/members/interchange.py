"""People and their membership events as they travel in an interchange file (the records, their
sheets, a row as its record and a record as its row's columns). exchange's loader writes them
itself, in bulk, and folds each person's log once (``partyorg/exchange/load.py``). The dated facts
about people travel through a record kit (:class:`PersonFactKit`), written by
:mod:`partyorg.members.facts` like the yearly work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.core.interchange import (
    DUMP_CHUNK,
    Codes,
    Column,
    Judge,
    Location,
    Record,
    RecordKit,
    Sheet,
    basis_columns,
    recorded_columns,
    shared_fields,
)
from partyorg.core.records import LegalBasis
from partyorg.members import facts
from partyorg.members.models import GROUNDED_EXITS, EventKind, FactKind, MembershipEvent, Person, PersonFact
from partyorg.organizations.models import Locality, OrgChange


@dataclass(frozen=True)
class PersonRecord(Record):
    TYPE = "person"
    LABEL = gettext_lazy("Người")
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
    LABEL = gettext_lazy("Sự kiện")
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
    exit_ground: str = ""  # ExitGround value, on a removal, expulsion or withdrawal
    consent_number: str = ""  # a re-admission's second legal basis: the superior's consent
    consent_date: date | None = None
    consent_issuer: str = ""
    # An opening (kind ``opened``): the days before the records, as far as known
    admitted_on: date | None = None
    ceremony_on: date | None = None
    recognized_on: date | None = None


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        PersonRecord,
        "Người",
        (
            Column("code", "Mã", meaning="Mã hồ sơ của người", width=16),
            Column("full_name", "Họ và tên", width=28),
            Column("sex", "Giới tính", "enum", enum="Sex", width=10),
            Column("birth_date", "Ngày sinh", "date", width=12),
            Column("ethnicity", "Dân tộc", meaning="Bỏ cột thì mặc định Kinh", width=12),
            Column("religion", "Tôn giáo", width=12),
            Column("general_education", "Giáo dục phổ thông", "enum", enum="GeneralEducation", width=20),
            Column("professional_level", "Chuyên môn nghiệp vụ", width=20),
            Column("academic_title", "Học hàm, học vị", width=16),
            Column("political_theory", "Lý luận chính trị", width=18),
            Column("occupation", "Nghề nghiệp", width=20),
            Column(
                "identity_number",
                "Số định danh cá nhân",
                meaning="Số CCCD/định danh, nhập dạng chữ",
                width=20,
            ),
            Column("dossier_number", "Số lý lịch đảng viên", width=20),
            Column("card_number", "Số thẻ đảng viên", width=18),
            Column("is_youth_union_member", "Đoàn viên", "bool", "Đoàn viên Đoàn TNCS Hồ Chí Minh", width=10),
            Column("is_private_business_owner", "Chủ doanh nghiệp tư nhân", "bool", width=12),
            Column(
                "home_locality",
                "Nơi cư trú",
                meaning="Mã đơn vị hành chính nơi cư trú (xét điều kiện vùng DTTS)",
                width=12,
            ),
        ),
    ),
    Sheet(
        EventRecord,
        "Sự kiện",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của sự kiện", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của người (trang “Người”)", width=16),
            Column("kind", "Loại sự kiện", "enum", enum="EventKind", width=30),
            Column("effective_on", "Ngày hiệu lực", "date", "Ngày sự kiện có hiệu lực", width=13),
            *recorded_columns(),
            Column(
                "organization",
                "Tổ chức",
                meaning="Mã tổ chức đảng nơi người được đưa vào hoặc nơi sự kiện xảy ra",
                width=20,
            ),
            Column(
                "other_organization",
                "Tổ chức liên quan",
                meaning="Mã tổ chức đầu kia (nơi chuyển đến/chuyển đi, nơi sinh hoạt tạm thời)",
                width=20,
            ),
            Column(
                "external_place",
                "Nơi ngoài hệ thống",
                meaning="Tên nơi đầu kia khi không có trong hệ thống",
                width=30,
            ),
            Column(
                "detail",
                "Chi tiết",
                meaning="Chi tiết thêm (ví dụ: loại huy hiệu); lý do ra khỏi Đảng ghi ở cột riêng",
                width=20,
            ),
            *basis_columns(),
            Column(
                "corrects",
                "Sửa cho",
                meaning="Mã sự kiện trước đó của cùng người mà sự kiện này sửa hoặc hủy",
                width=38,
            ),
            Column(
                "org_change",
                "Thuộc thay đổi tổ chức",
                meaning="Mã thay đổi tổ chức gây ra sự kiện (chuyển theo tổ chức)",
                width=38,
            ),
            Column(
                "override_rule", "Quy định được vượt qua", meaning="Mã quy định được phép vượt qua", width=20
            ),
            Column("override_reason", "Lý do", meaning="Lý do vượt qua quy định", width=30),
            Column("note", "Ghi chú", width=30),
            Column(
                "exit_ground",
                "Lý do ra khỏi Đảng",
                "enum",
                meaning="Chỉ ghi cho xóa tên, khai trừ, ra khỏi Đảng: lý do, chọn trong danh sách "
                "(căn cứ xét kết nạp lại); để trống thì xóa tên, khai trừ coi là “Lý do khác”, "
                "ra khỏi Đảng coi là “Làm đơn xin ra khỏi Đảng”",
                enum="ExitGround",
                width=30,
            ),
            Column(
                "consent_number",
                "Số văn bản đồng ý",
                meaning="Chỉ ghi cho quyết định kết nạp lại: số văn bản đồng ý của ban thường vụ tỉnh ủy "
                "(hoặc tương đương)",
            ),
            Column(
                "consent_date", "Ngày văn bản đồng ý", "date", "Ngày ký văn bản đồng ý kết nạp lại", width=13
            ),
            Column(
                "consent_issuer",
                "Cơ quan đồng ý",
                meaning="Cơ quan ban hành văn bản đồng ý kết nạp lại",
                width=30,
            ),
            Column(
                "admitted_on",
                "Ngày kết nạp (trước khi có hồ sơ)",
                "date",
                "Chỉ ghi cho “Đảng viên từ trước khi có hồ sơ”: ngày quyết định kết nạp (tính tuổi đảng; "
                "không có quyết định thì ngày kết nạp ghi trên thẻ đảng viên); trống: chưa rõ",
                width=13,
            ),
            Column(
                "ceremony_on",
                "Ngày lễ kết nạp (trước khi có hồ sơ)",
                "date",
                "Chỉ ghi cho “Đảng viên từ trước khi có hồ sơ”: ngày lễ kết nạp (bắt đầu 12 tháng dự bị); "
                "trống: chưa rõ",
                width=13,
            ),
            Column(
                "recognized_on",
                "Ngày công nhận chính thức (trước khi có hồ sơ)",
                "date",
                "Chỉ ghi cho “Đảng viên từ trước khi có hồ sơ” là đảng viên chính thức: ngày công nhận "
                "chính thức; trống: chưa rõ",
                width=13,
            ),
        ),
    ),
)


# -- dated facts about people: a record kit, written through members.facts -------------------------


@dataclass(frozen=True, kw_only=True)
class PersonFactRecord(Record):
    """A fact about a person that holds from ``valid_from`` (empty: since before the records) until
    the next fact of its kind (``members.PersonFact``)."""

    TYPE = "person_fact"
    LABEL = gettext_lazy("Thông tin theo thời gian")
    KEY = "uid"
    uid: str
    person: str  # person code
    kind: str  # FactKind value
    recorded_at: datetime
    recorded_by: str
    valid_from: date | None = None
    value: str = ""
    locality: str = ""  # locality code: the hamlet or residential group of a residence
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the fact this row corrects or withdraws
    withdrawn: bool = False
    note: str = ""


FACT_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        PersonFactRecord,
        "Thông tin theo thời gian",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của thông tin", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của người", width=16),
            Column("kind", "Loại thông tin", "enum", enum="FactKind", width=22),
            *recorded_columns(),
            Column(
                "valid_from",
                "Từ ngày",
                "date",
                "Ngày thông tin bắt đầu đúng; trống: từ trước khi có hồ sơ. Đúng đến ngày của thông "
                "tin sau cùng loại",
                width=13,
            ),
            Column(
                "value",
                "Giá trị",
                meaning="Trình độ, nghề nghiệp, tôn giáo, họ tên…; đoàn viên: true hoặc false; giáo dục "
                "phổ thông: mã trong danh sách",
                width=24,
            ),
            Column("locality", "Nơi cư trú", meaning="Nơi cư trú: mã thôn, bản, tổ dân phố", width=16),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã thông tin mà bản ghi này sửa hoặc hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy thông tin được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


class PersonFactKit(RecordKit):
    sheets = FACT_SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {PersonFactRecord: PersonFact}
    enums: ClassVar[dict[str, Any]] = {"FactKind": FactKind}

    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {PersonFact: fact_record}

    @classmethod
    def dump(cls, codes: Codes) -> Iterator[Record]:
        """The facts in the order they were recorded, each with its hamlet's code (one query)."""
        facts_in_order = PersonFact.objects.select_related("locality").order_by("id")
        for fact in facts_in_order.iterator(chunk_size=DUMP_CHUNK):
            yield fact_record(fact, codes)

    def judge(self, judge: Judge, record: Record) -> None:
        """A fact about a person, by the person on its day (on the day it was recorded, for a fact
        from an unknown start)."""
        if isinstance(record, PersonFactRecord):
            judge.person(record.person, record.valid_from or record.recorded_at.date())

    def apply_person_fact(self, location: Location | None, r: PersonFactRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        corrects = work.by_uid(PersonFact, location, r, "corrects", gettext_noop("thông tin"))
        locality = Locality.objects.filter(code=r.locality).first() if r.locality else None
        if r.locality and locality is None:
            work.problem(
                location,
                r,
                "locality",
                _("Không tìm thấy %(what)s có mã “%(code)s”")
                % {"what": _("đơn vị hành chính"), "code": r.locality},
            )
            return
        if person is None or (r.corrects and corrects is None):
            return
        basis, by = LegalBasis.of(r), r.recorded_by
        call: Callable[[], PersonFact]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã thông tin bị hủy"))
                return
            wrong = corrects
            call = lambda: facts.withdraw_fact.within(  # noqa: E731
                wrong, recorded_by=by, note=r.note, legal_basis=basis, uid=r.uid, recorded_at=r.recorded_at
            )
        elif corrects is not None:
            fixed = corrects
            if fixed.person_id != person.pk or fixed.kind != r.kind:
                work.problem(location, r, "corrects", _("Thông tin được sửa phải của cùng người, cùng loại"))
                return
            call = lambda: facts.correct_fact.within(  # noqa: E731
                fixed,
                valid_from=r.valid_from,
                value=r.value,
                locality=locality,
                legal_basis=basis,
                recorded_by=by,
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
            )
        else:
            call = lambda: facts.record_fact.within(  # noqa: E731
                person,
                r.kind,
                r.valid_from,
                value=r.value,
                locality=locality,
                legal_basis=basis,
                recorded_by=by,
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
            )
        work.written(location, r, call)


def fact_record(f: PersonFact, codes: Codes) -> PersonFactRecord:
    return PersonFactRecord(
        **shared_fields(f, codes, PersonFactRecord),
        person=codes.person(f.person_id),
        kind=f.kind,
        valid_from=f.valid_from,
        value=f.value,
        locality=f.locality.code if f.locality is not None else "",
    )


KITS = (PersonFactKit,)


# -- people and events: a row as its record, a record as its row's columns (exchange's loader
# and exporter write them in bulk) --------------------------------------------------------------

# A person's fields stored as they are; the home locality is stored as its id.
PERSON_OWN = tuple(name for name in PersonRecord.field_names() if name != "home_locality")
# An event's references by code or uid, and the column each is stored in as an id.
EVENT_REFS = {
    "person": "person_id",
    "organization": "organization_id",
    "other_organization": "other_organization_id",
    "corrects": "corrects_id",
    "org_change": "org_change_id",
}
EVENT_COLUMNS = tuple(EVENT_REFS.get(name, name) for name in EventRecord.field_names())


def person_record(p: Person, localities: Mapping[int, str]) -> PersonRecord:
    """``localities``: locality id → code."""
    return PersonRecord(
        **{name: getattr(p, name) for name in PERSON_OWN},
        home_locality=localities.get(p.home_locality_id or 0, ""),
    )


def event_record(e: MembershipEvent, codes: Codes) -> EventRecord:
    own = {name: getattr(e, name) for name in EventRecord.field_names() if name not in EVENT_REFS}
    return EventRecord(
        **{**own, **shared_fields(e, codes, EventRecord)},
        person=codes.person(e.person_id),
        organization=codes.org(e.organization_id),
        other_organization=codes.org(e.other_organization_id),
        org_change=codes.uid(OrgChange, e.org_change_id),
    )


def event_columns(r: EventRecord, refs: Mapping[str, int | None]) -> dict[str, Any]:
    """The event's column values (:data:`EVENT_COLUMNS`): its own fields as they are, each reference
    as the id ``refs`` gives it (``refs["person"]`` …)."""
    return {
        EVENT_REFS.get(name, name): refs.get(name) if name in EVENT_REFS else getattr(r, name)
        for name in EventRecord.field_names()
    }


def event_problems(r: EventRecord) -> list[tuple[str, str]]:
    """(field, reason) of what an event record says that its kind does not allow."""
    problems = []
    if r.exit_ground and r.kind not in GROUNDED_EXITS:
        problems.append(
            (
                "exit_ground",
                _("Lý do ra khỏi Đảng chỉ ghi cho xóa tên, khai trừ, ra khỏi Đảng (người %(person)s)")
                % {"person": r.person},
            )
        )
    if (r.consent_number or r.consent_date or r.consent_issuer) and r.kind != EventKind.READMISSION_DECIDED:
        problems.append(
            (
                "consent_number",
                _("Văn bản đồng ý của cấp trên chỉ ghi cho quyết định kết nạp lại (người %(person)s)")
                % {"person": r.person},
            )
        )
    for name in ("admitted_on", "ceremony_on", "recognized_on"):
        if getattr(r, name) is not None and r.kind != EventKind.OPENED:
            problems.append(
                (
                    name,
                    _(
                        "Ngày kết nạp, lễ kết nạp, công nhận chính thức trước khi có hồ sơ chỉ ghi cho "
                        "“Đảng viên từ trước khi có hồ sơ” (người %(person)s)"
                    )
                    % {"person": r.person},
                )
            )
    return problems
