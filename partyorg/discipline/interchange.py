"""Disciplinary measures and commendations as they travel in an interchange file: the record kit of
the discipline app.

Two record types, in file order: a measure against a member or an organization, and a commendation
of either. Each is written through :mod:`partyorg.discipline.services`, so a file is held to the same
rules as the pages; either is taken back by a withdrawal naming it, then recorded again if need be.

An expulsion is also the member's EXPELLED event, which the file carries on its sheet "Sự kiện": the
measure names that event (``membership_event``) and the service links it instead of recording it a
second time; withdrawing the expulsion needs its event voided on that sheet too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.core.formats import vn_date
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
from partyorg.discipline import services
from partyorg.discipline.models import Commendation, DisciplinaryMeasure, Sanction
from partyorg.members.models import MembershipEvent, Person
from partyorg.organizations.models import Organization
from partyorg.rules import discipline as rules


@dataclass(frozen=True, kw_only=True)
class MeasureRecord(Record):
    """A disciplinary measure against a member or an organization (``discipline.DisciplinaryMeasure``);
    an expulsion's EXPELLED event is on the sheet "Sự kiện", named by its uid."""

    TYPE = "measure"
    LABEL = gettext_lazy("Kỷ luật")
    KEY = "uid"
    uid: str
    sanction: str  # Sanction value
    decided_on: date
    recorded_at: datetime
    recorded_by: str
    person: str = ""  # person code; empty: the measure is against ``organization``
    organization: str = ""  # the organization; for a member, the one they belonged to (computed if empty)
    deciding_body: str = ""
    violation_on: date | None = None
    self_remedied: bool = False
    post: str = ""
    votes_for: int | None = None
    entitled_voters: int | None = None
    membership_event: str = ""  # uid of the EXPELLED event of an expulsion
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the measure a withdrawal takes back
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CommendationRecord(Record):
    """A commendation of a member or an organization (``discipline.Commendation``)."""

    TYPE = "commendation"
    LABEL = gettext_lazy("Khen thưởng")
    KEY = "uid"
    uid: str
    title: str
    awarded_on: date
    awarding_body: str
    recorded_at: datetime
    recorded_by: str
    person: str = ""  # person code; empty: the organization is commended
    organization: str = ""  # the organization; for a member, the one they belonged to (computed if empty)
    for_year: int | None = None
    years: int = 1
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the commendation a withdrawal takes back
    withdrawn: bool = False
    note: str = ""


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        MeasureRecord,
        "Kỷ luật",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của quyết định kỷ luật", width=38),
            Column("sanction", "Hình thức", "enum", enum="Sanction", width=14),
            Column("decided_on", "Ngày quyết định", "date", width=13),
            *recorded_columns(),
            Column(
                "person",
                "Người",
                meaning="Mã hồ sơ của đảng viên bị kỷ luật; trống: kỷ luật tổ chức",
                width=16,
            ),
            Column(
                "organization",
                "Tổ chức",
                meaning="Mã tổ chức bị kỷ luật; với đảng viên: nơi sinh hoạt ngày quyết định "
                "(trống: theo hồ sơ)",
                width=20,
            ),
            Column("deciding_body", "Cấp quyết định", meaning="Trống: cơ quan ban hành văn bản", width=30),
            Column("violation_on", "Ngày vi phạm", "date", width=13),
            Column(
                "self_remedied",
                "Tự khắc phục",
                "bool",
                "Tự phát hiện và khắc phục xong hậu quả (QĐ 124)",
                width=8,
            ),
            Column("post", "Chức vụ bị cách", meaning="Với hình thức cách chức", width=24),
            Column("votes_for", "Tán thành", "optint", "Số thành viên biểu quyết đồng ý", width=10),
            Column("entitled_voters", "Số có quyền biểu quyết", "optint", width=10),
            Column(
                "membership_event",
                "Sự kiện",
                meaning="Khai trừ: mã sự kiện khai trừ của đảng viên (trang “Sự kiện”)",
                width=38,
            ),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã quyết định kỷ luật mà bản ghi này hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy quyết định kỷ luật được sửa", width=8),
            Column(
                "override_rule", "Quy định được vượt qua", meaning="Mã quy định được phép vượt qua", width=20
            ),
            Column("override_reason", "Lý do", meaning="Lý do vượt qua quy định", width=30),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        CommendationRecord,
        "Khen thưởng",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của khen thưởng", width=38),
            Column("title", "Hình thức khen thưởng", meaning="Giấy khen, Bằng khen, danh hiệu…", width=36),
            Column("awarded_on", "Ngày quyết định", "date", width=13),
            Column("awarding_body", "Cấp khen thưởng", width=30),
            *recorded_columns(),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên; trống: khen thưởng tổ chức", width=16),
            Column(
                "organization",
                "Tổ chức",
                meaning="Mã tổ chức được khen; với đảng viên: nơi sinh hoạt ngày quyết định "
                "(trống: theo hồ sơ)",
                width=20,
            ),
            Column("for_year", "Năm", "optint", "Năm được khen", width=8),
            Column("years", "Số năm liên tục", "int", width=8),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã khen thưởng mà bản ghi này hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy khen thưởng được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


class DisciplineKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        MeasureRecord: DisciplinaryMeasure,
        CommendationRecord: Commendation,
    }
    enums: ClassVar[dict[str, Any]] = {"Sanction": Sanction}
    # A member's organization on the day and the deciding body (the issuer) are worked out by the
    # service when the file leaves them empty.
    computed: ClassVar[dict[type[Record], frozenset[str]]] = {
        MeasureRecord: frozenset({"organization", "deciding_body"}),
        CommendationRecord: frozenset({"organization"}),
    }

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {DisciplinaryMeasure: measure_record, Commendation: commendation_record}

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A measure or a commendation of a member by the member (an expulsion on the day before: the
        member is no longer held that day), of an organization at it."""
        if isinstance(record, MeasureRecord):
            day = record.decided_on
            if record.sanction == rules.EXPULSION and record.person:
                day -= timedelta(days=1)
        elif isinstance(record, CommendationRecord):
            day = record.awarded_on
        else:
            return
        if record.person:
            judge.person(record.person, day)
        else:
            judge.org("organization", record.organization, day)

    # -- import ------------------------------------------------------------------------------
    def held_where_named(
        self,
        location: Location | None,
        r: MeasureRecord | CommendationRecord,
        made: DisciplinaryMeasure | Commendation,
        org: Organization,
        day: date,
    ) -> None:
        """A member's record naming an organization: the one the service found them in that day."""
        if r.person and made.organization_id != org.pk:
            self.work.problem(
                location,
                r,
                "organization",
                _("Ngày %(day)s đảng viên “%(person)s” không sinh hoạt tại tổ chức “%(org)s”")
                % {"day": vn_date(day), "person": r.person, "org": r.organization},
            )

    def apply_measure(self, location: Location | None, r: MeasureRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person") if r.person else None
        org = work.org(location, r, "organization") if r.organization else None
        event = work.by_uid(MembershipEvent, location, r, "membership_event", gettext_noop("sự kiện"))
        corrects = work.by_uid(
            DisciplinaryMeasure, location, r, "corrects", gettext_noop("quyết định kỷ luật")
        )
        if (
            (r.person and person is None)
            or (r.organization and org is None)
            or (r.membership_event and event is None)
            or (r.corrects and corrects is None)
        ):
            return
        call = self.measure_call(location, r, person, org, event, corrects)
        if call is None:
            return
        done = work.written(location, r, call)
        if done is not None and org is not None:
            self.held_where_named(location, r, done[0], org, r.decided_on)

    def measure_call(
        self,
        location: Location | None,
        r: MeasureRecord,
        person: Person | None,
        org: Organization | None,
        event: MembershipEvent | None,
        corrects: DisciplinaryMeasure | None,
    ) -> Callable[[], DisciplinaryMeasure] | None:
        work = self.work
        basis, by, override = LegalBasis.of(r), r.recorded_by, Override.of(r)
        if r.withdrawn:
            return self.measure_withdrawal(location, r, corrects)
        if r.corrects:
            work.problem(
                location,
                r,
                "withdrawn",
                _("Quyết định kỷ luật chỉ được hủy (Hủy = Có), rồi ghi lại quyết định đúng"),
            )
            return None
        if event is not None and (person is None or r.sanction != rules.EXPULSION):
            work.problem(
                location, r, "membership_event", _("Chỉ quyết định khai trừ đảng viên ghi kèm sự kiện")
            )
            return None
        if person is None:
            if org is None:
                work.problem(location, r, "person", _("Cần mã đảng viên hoặc mã tổ chức bị kỷ luật"))
                return None
            target = org
            return lambda: services.discipline_organization.within(
                target,
                r.sanction,
                r.decided_on,
                legal_basis=basis,
                recorded_by=by,
                deciding_body=r.deciding_body,
                violation_on=r.violation_on,
                note=r.note,
                override=override,
                uid=r.uid,
                recorded_at=r.recorded_at,
            )
        if r.sanction == rules.EXPULSION and event is None:
            # The service would record the EXPELLED event a second time: the file carries it.
            work.problem(
                location,
                r,
                "membership_event",
                _("Khai trừ: cần mã sự kiện khai trừ của đảng viên (trang “Sự kiện”)"),
            )
            return None
        member = person
        return lambda: services.discipline_member.within(
            member,
            r.sanction,
            r.decided_on,
            legal_basis=basis,
            recorded_by=by,
            deciding_body=r.deciding_body,
            violation_on=r.violation_on,
            self_remedied=r.self_remedied,
            post=r.post,
            votes_for=r.votes_for,
            entitled_voters=r.entitled_voters,
            note=r.note,
            override=override,
            event=event,
            uid=r.uid,
            recorded_at=r.recorded_at,
        )

    def measure_withdrawal(
        self, location: Location | None, r: MeasureRecord, wrong: DisciplinaryMeasure | None
    ) -> Callable[[], DisciplinaryMeasure] | None:
        if wrong is None:
            self.work.problem(location, r, "corrects", _("Cần mã quyết định kỷ luật bị hủy"))
            return None
        event = wrong.event
        if event is not None and not event.corrections.exists():
            # The expulsion's event is voided on the sheet "Sự kiện" (the service would void it a
            # second time).
            reason = _("Sự kiện “%(uid)s” của quyết định bị hủy phải được hủy cùng (trang “Sự kiện”)") % {
                "uid": event.uid
            }
            self.work.problem(location, r, "corrects", reason)
            return None
        return lambda: services.withdraw_measure.within(
            wrong,
            legal_basis=LegalBasis.of(r),
            recorded_by=r.recorded_by,
            note=r.note,
            event_voided=event is not None,
            uid=r.uid,
            recorded_at=r.recorded_at,
        )

    def apply_commendation(self, location: Location | None, r: CommendationRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person") if r.person else None
        org = work.org(location, r, "organization") if r.organization else None
        corrects = work.by_uid(Commendation, location, r, "corrects", gettext_noop("khen thưởng"))
        if (
            (r.person and person is None)
            or (r.organization and org is None)
            or (r.corrects and corrects is None)
        ):
            return
        call: Callable[[], Commendation]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã khen thưởng bị hủy"))
                return
            wrong = corrects
            call = lambda: services.withdraw_commendation.within(  # noqa: E731
                wrong, recorded_by=r.recorded_by, note=r.note, uid=r.uid, recorded_at=r.recorded_at
            )
        elif r.corrects:
            work.problem(
                location,
                r,
                "withdrawn",
                _("Khen thưởng chỉ được hủy (Hủy = Có), rồi ghi lại khen thưởng đúng"),
            )
            return
        elif person is None and org is None:
            work.problem(location, r, "person", _("Cần mã đảng viên hoặc mã tổ chức được khen thưởng"))
            return
        else:
            call = lambda: services.commend.within(  # noqa: E731
                title=r.title,
                awarded_on=r.awarded_on,
                awarding_body=r.awarding_body,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                person=person,
                organization=org if person is None else None,
                for_year=r.for_year,
                years=r.years,
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
            )
        done = work.written(location, r, call)
        if done is not None and org is not None:
            self.held_where_named(location, r, done[0], org, r.awarded_on)


def measure_record(d: DisciplinaryMeasure, codes: Codes) -> MeasureRecord:
    return MeasureRecord(
        **shared_fields(d, codes, MeasureRecord),
        sanction=d.sanction,
        decided_on=d.decided_on,
        person=codes.person(d.person_id),
        organization=codes.org(d.organization_id),
        deciding_body=d.deciding_body,
        violation_on=d.violation_on,
        self_remedied=d.self_remedied,
        post=d.post,
        votes_for=d.votes_for,
        entitled_voters=d.entitled_voters,
        membership_event=codes.uid(MembershipEvent, d.event_id),
    )


def commendation_record(c: Commendation, codes: Codes) -> CommendationRecord:
    return CommendationRecord(
        **shared_fields(c, codes, CommendationRecord),
        title=c.title,
        awarded_on=c.awarded_on,
        awarding_body=c.awarding_body,
        person=codes.person(c.person_id),
        organization=codes.org(c.organization_id),
        for_year=c.for_year,
        years=c.years,
    )


KITS = (DisciplineKit,)
