"""Congresses and leadership positions as they travel in an interchange file: the record kit of the
committees app.

Two record types, in file order: a congress opening a term, an extraordinary one, or an appointed
committee (a congress), and a person taking or leaving a seat (a position). Each is written through
:mod:`partyorg.committees.services`, so a file is held to the same rules as the pages; a congress is
corrected by a new record naming the one it corrects, a seat only withdrawn (then recorded again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.committees import services
from partyorg.committees.models import (
    Congress,
    CongressKind,
    Method,
    Position,
    PositionRecord,
    RecordKind,
)
from partyorg.core.interchange import (
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
from partyorg.core.records import LegalBasis, Override
from partyorg.organizations.models import Organization


@dataclass(frozen=True, kw_only=True)
class CongressRecord(Record):
    """A congress opening a term, an extraordinary one, or an appointed committee
    (``committees.Congress``)."""

    TYPE = "congress"
    LABEL = gettext_lazy("Đại hội")
    KEY = "uid"
    uid: str
    organization: str
    kind: str  # CongressKind value
    held_on: date
    term_first_year: int
    term_last_year: int
    recorded_at: datetime
    recorded_by: str
    official_members: int | None = None  # as recorded; empty: counted from the records on load
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SeatRecord(Record):
    """A person takes or leaves a seat: the record type "position" (a ``committees.PositionRecord``
    row; named apart from the model)."""

    TYPE = "position"
    LABEL = gettext_lazy("Chức vụ")
    KEY = "uid"
    uid: str
    kind: str  # RecordKind value: started / ended
    person: str
    organization: str
    position: str  # Position value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    method: str = ""  # Method value, for a start
    congress: str = ""  # congress uid, for an elected start
    ends: str = ""  # uid of the start an ending ends
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the record a withdrawal takes back
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


def _override_columns() -> tuple[Column, ...]:
    return (
        Column("override_rule", "Quy định được vượt qua", meaning="Mã quy định được phép vượt qua", width=20),
        Column("override_reason", "Lý do", meaning="Lý do vượt qua quy định", width=30),
    )


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        CongressRecord,
        "Đại hội",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của đại hội", width=38),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng", width=20),
            Column("kind", "Loại", "enum", enum="CongressKind", width=30),
            Column("held_on", "Ngày đại hội", "date", width=13),
            Column("term_first_year", "Nhiệm kỳ từ năm", "int", width=10),
            Column("term_last_year", "Nhiệm kỳ đến năm", "int", width=10),
            *recorded_columns(),
            Column(
                "official_members",
                "Số đảng viên chính thức",
                "optint",
                "Trống: đếm theo hồ sơ đảng viên ngày đại hội",
                width=10,
            ),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã đại hội trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy đại hội được sửa", width=8),
            *_override_columns(),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        SeatRecord,
        "Chức vụ",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của bản ghi chức vụ", width=38),
            Column("kind", "Loại bản ghi", "enum", enum="PositionRecordKind", width=18),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên", width=16),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng", width=20),
            Column("position", "Chức vụ", "enum", enum="Position", width=22),
            Column(
                "effective_on",
                "Ngày hiệu lực",
                "date",
                "Ngày nhận chức, hoặc ngày đầu tiên không còn giữ chức",
                width=13,
            ),
            *recorded_columns(),
            Column(
                "method",
                "Hình thức",
                "enum",
                "Bầu hoặc chỉ định (bản ghi nhận chức)",
                enum="Method",
                width=10,
            ),
            Column("congress", "Đại hội", meaning="Mã đại hội đã bầu (trang “Đại hội”)", width=38),
            Column(
                "ends", "Thôi giữ chức của", meaning="Mã bản ghi nhận chức mà bản ghi này kết thúc", width=38
            ),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã bản ghi chức vụ mà bản ghi này hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy bản ghi được sửa", width=8),
            *_override_columns(),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


class CommitteesKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        CongressRecord: Congress,
        SeatRecord: PositionRecord,
    }
    enums: ClassVar[dict[str, Any]] = {
        "CongressKind": CongressKind,
        "PositionRecordKind": RecordKind,
        "Position": Position,
        "Method": Method,
    }
    # The number of official members is counted on the congress day when the file leaves it empty.
    computed: ClassVar[dict[type[Record], frozenset[str]]] = {CongressRecord: frozenset({"official_members"})}

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {Congress: congress_record, PositionRecord: seat_record}

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A congress at its organization on the day held; a seat at its organization on the day it
        takes effect, and who takes a seat must be the uploader's that day (the pages ask the same)."""
        if isinstance(record, CongressRecord):
            judge.org("organization", record.organization, record.held_on)
        elif isinstance(record, SeatRecord):
            judge.org("organization", record.organization, record.effective_on)
            if record.kind == RecordKind.STARTED and not record.withdrawn:
                judge.person(record.person, record.effective_on)

    # -- import, a run at a time: the batch forms of the services (record_congresses,
    # record_seats), which check each record as the single commands do. Anything the batch
    # cannot take (an unknown reference) returns False: the run then goes a record at a time.
    batched = frozenset({"congress", "position"})

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        if items[0][1].TYPE == "congress":
            return self.record_congresses(items)
        return self.record_seats(items)

    def record_congresses(self, items: list[tuple[Location | None, Any]]) -> bool:
        work = self.work
        orgs = self.organizations({r.organization for _, r in items})
        if orgs is None:
            return False
        inputs = [
            services.CongressInput(
                orgs[r.organization],
                r.kind,
                r.held_on,
                r.term_first_year,
                r.term_last_year,
                LegalBasis.of(r),
                r.recorded_by,
                r.note,
                Override.of(r),
                r.official_members,
                r.recorded_at,
                r.uid,
            )
            for _, r in items
        ]
        return work.written_batch(items, lambda: services.record_congresses(inputs))

    def record_seats(self, items: list[tuple[Location | None, Any]]) -> bool:
        work = self.work
        orgs = self.organizations({r.organization for _, r in items})
        person_ids = {r.person: work.person_id(r.person) for _, r in items}
        congresses = work.ids(Congress, {r.congress for _, r in items if r.congress})
        if orgs is None or None in person_ids.values():
            return False
        if any(r.congress and r.congress not in congresses for _, r in items):
            return False
        by_id = {c.pk: c for c in Congress.objects.filter(pk__in=list(congresses.values()))}
        people = work.people(pk for pk in person_ids.values() if pk is not None)
        inputs: list[services.SeatInput | services.EndingInput] = []
        for _location, r in items:
            if r.kind == RecordKind.ENDED:
                if not r.ends:
                    return False
                inputs.append(
                    services.EndingInput(
                        r.ends, r.effective_on, LegalBasis.of(r), r.recorded_by, r.note, r.recorded_at, r.uid
                    )
                )
                continue
            inputs.append(
                services.SeatInput(
                    people[person_ids[r.person]],  # type: ignore[index]
                    orgs[r.organization],
                    r.position,
                    r.effective_on,
                    r.method,
                    LegalBasis.of(r),
                    r.recorded_by,
                    by_id[congresses[r.congress]] if r.congress else None,
                    r.note,
                    Override.of(r),
                    r.recorded_at,
                    r.uid,
                )
            )
        return work.written_batch(items, lambda: services.record_seats(inputs))

    def organizations(self, codes: set[str]) -> dict[str, Organization] | None:
        """The organizations of these codes; None when one is unknown."""
        ids = {code: self.work.org_id(code) for code in codes}
        if None in ids.values():
            return None
        found = {o.pk: o for o in Organization.objects.filter(pk__in=set(ids.values()))}
        return {code: found[pk] for code, pk in ids.items() if pk is not None}

    # -- import ------------------------------------------------------------------------------
    def apply_congress(self, location: Location | None, r: CongressRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        org = work.org(location, r, "organization")
        corrects = work.by_uid(Congress, location, r, "corrects", gettext_noop("đại hội"))
        if org is None or (r.corrects and corrects is None):
            return
        call: Callable[[], Congress]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã đại hội bị hủy"))
                return
            wrong = corrects
            call = lambda: services.withdraw_congress.within(  # noqa: E731
                wrong,
                recorded_by=r.recorded_by,
                note=r.note,
                official_members=r.official_members,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        else:
            call = lambda: services.record_congress.within(  # noqa: E731
                org,
                kind=r.kind,
                held_on=r.held_on,
                term_first_year=r.term_first_year,
                term_last_year=r.term_last_year,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                note=r.note,
                override=Override.of(r),
                corrects=corrects,
                official_members=r.official_members,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        work.written(location, r, call)

    def apply_position(self, location: Location | None, r: SeatRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        org = work.org(location, r, "organization")
        congress = work.by_uid(Congress, location, r, "congress", gettext_noop("đại hội"))
        start = work.by_uid(PositionRecord, location, r, "ends", gettext_noop("bản ghi nhận chức"))
        corrects = work.by_uid(PositionRecord, location, r, "corrects", gettext_noop("bản ghi chức vụ"))
        if person is None or org is None or (r.congress and congress is None) or (r.ends and start is None):
            return
        if r.corrects and not r.withdrawn:
            work.problem(
                location,
                r,
                "withdrawn",
                _("Bản ghi chức vụ chỉ được hủy (Hủy = Có), rồi ghi lại bản ghi đúng"),
            )
            return
        call: Callable[[], PositionRecord]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã bản ghi chức vụ bị hủy"))
                return
            wrong = corrects
            call = lambda: services.withdraw_position.within(  # noqa: E731
                wrong, recorded_by=r.recorded_by, note=r.note, recorded_at=r.recorded_at, uid=r.uid
            )
        elif r.kind == RecordKind.ENDED:
            if start is None:
                work.problem(location, r, "ends", _("Cần mã bản ghi nhận chức được kết thúc"))
                return
            began = start
            call = lambda: services.end_position.within(  # noqa: E731
                began,
                ended_on=r.effective_on,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                note=r.note,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        else:
            call = lambda: services.start_position.within(  # noqa: E731
                person,
                org,
                r.position,
                starts_on=r.effective_on,
                method=r.method,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                congress=congress,
                note=r.note,
                override=Override.of(r),
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        work.written(location, r, call)


def congress_record(c: Congress, codes: Codes) -> CongressRecord:
    return CongressRecord(
        **shared_fields(c, codes, CongressRecord),
        organization=codes.org(c.organization_id),
        kind=c.kind,
        held_on=c.held_on,
        term_first_year=c.term_first_year,
        term_last_year=c.term_last_year,
        official_members=c.official_members,
    )


def seat_record(p: PositionRecord, codes: Codes) -> SeatRecord:
    return SeatRecord(
        **shared_fields(p, codes, SeatRecord),
        kind=p.kind,
        person=codes.person(p.person_id),
        organization=codes.org(p.organization_id),
        position=p.position,
        effective_on=p.effective_on,
        method=p.method,
        congress=codes.uid(Congress, p.congress_id),
        ends=codes.uid(PositionRecord, p.ends_id),
    )


KITS = (CommitteesKit,)
