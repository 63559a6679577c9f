"""Dues records as they travel in an interchange file: the record kit of the dues app.

Three record types, in file order: what a member's dues rest on from a month on (a basis), an
exemption or reduction (a relief), and what a member paid for a month (a payment). Each is written
through :mod:`partyorg.dues.services`, so a file is held to the same rules as the pages; a
correction is a new record naming the one it corrects, a withdrawal one that takes it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
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
from partyorg.core.records import LegalBasis
from partyorg.dues import services, summary
from partyorg.dues.models import (
    DuesBasis,
    DuesCategory,
    DuesPayment,
    DuesRelief,
    PaymentChannel,
    ReliefGround,
)
from partyorg.organizations.models import Organization
from partyorg.rules.dues import month_end


@dataclass(frozen=True, kw_only=True)
class DuesBasisRecord(Record):
    """What a member's dues rest on from a month on (``dues.DuesBasis``)."""

    TYPE = "dues_basis"
    LABEL = gettext_lazy("Căn cứ đóng đảng phí")
    KEY = "uid"
    uid: str
    person: str
    from_month: date  # the first day of the month
    category: str  # DuesCategory value
    recorded_at: datetime
    recorded_by: str
    amount: int | None = None
    region: int | None = None  # minimum-wage region 1–4
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DuesReliefRecord(Record):
    """An exemption or reduction of dues (``dues.DuesRelief``)."""

    TYPE = "dues_relief"
    LABEL = gettext_lazy("Miễn, giảm đảng phí")
    KEY = "uid"
    uid: str
    person: str
    ground: str  # ReliefGround value
    percent: int
    first_month: date
    decided_by: str  # organization code
    recorded_at: datetime
    recorded_by: str
    last_month: date | None = None
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DuesPaymentRecord(Record):
    """What a member paid for a month, collected by a cell (``dues.DuesPayment``)."""

    TYPE = "dues_payment"
    LABEL = gettext_lazy("Đảng phí đã nộp")
    KEY = "uid"
    uid: str
    person: str
    organization: str  # the collecting cell
    month: date  # the first day of the month paid for
    amount: int
    paid_on: date
    recorded_at: datetime
    recorded_by: str
    channel: str = "cash"  # PaymentChannel value
    receipt_number: str = ""  # of the receipt or voucher, when there is one
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        DuesBasisRecord,
        "Căn cứ đóng đảng phí",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của căn cứ", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên", width=16),
            Column("from_month", "Từ tháng", "date", "Ngày đầu tháng bắt đầu áp dụng", width=13),
            Column("category", "Đối tượng", "enum", enum="DuesCategory", width=40),
            *recorded_columns(),
            Column(
                "amount",
                "Số tiền làm căn cứ",
                "optint",
                "Lương đóng BHXH, lương hưu, trợ cấp (đồng); ở nước ngoài: mức đóng hằng tháng",
                width=14,
            ),
            Column("region", "Vùng", "optint", "Vùng lương tối thiểu 1–4 của nơi sinh hoạt", width=8),
            Column("corrects", "Sửa cho", meaning="Mã căn cứ trước đó mà bản ghi này sửa hoặc hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy căn cứ được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        DuesReliefRecord,
        "Miễn, giảm đảng phí",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của quyết định miễn, giảm", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên", width=16),
            Column("ground", "Lý do", "enum", enum="ReliefGround", width=36),
            Column("percent", "Tỷ lệ (%)", "int", "100: miễn; 30, 50, 70: giảm", width=8),
            Column("first_month", "Từ tháng", "date", "Ngày đầu tháng", width=13),
            Column("decided_by", "Tổ chức quyết định", meaning="Mã tổ chức đảng quyết định", width=20),
            *recorded_columns(),
            Column("last_month", "Đến tháng", "date", "Ngày đầu tháng cuối; trống: khi còn lý do", width=13),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã quyết định trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy quyết định được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        DuesPaymentRecord,
        "Đảng phí đã nộp",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của khoản nộp", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên", width=16),
            Column("organization", "Chi bộ thu", meaning="Mã chi bộ thu đảng phí", width=20),
            Column("month", "Tháng", "date", "Ngày đầu tháng được nộp", width=13),
            Column("amount", "Số tiền (đồng)", "int", width=12),
            Column("paid_on", "Ngày nộp", "date", width=13),
            *recorded_columns(),
            Column("channel", "Hình thức nộp", "enum", enum="PaymentChannel", width=28),
            Column(
                "receipt_number",
                "Số biên lai",
                meaning="Số biên lai thu đảng phí hoặc số chứng từ nộp qua cổng dịch vụ công (nếu có)",
                width=16,
            ),
            Column(
                "corrects", "Sửa cho", meaning="Mã khoản nộp trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy khoản nộp được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


class DuesKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        DuesBasisRecord: DuesBasis,
        DuesReliefRecord: DuesRelief,
        DuesPaymentRecord: DuesPayment,
    }
    enums: ClassVar[dict[str, Any]] = {
        "DuesCategory": DuesCategory,
        "ReliefGround": ReliefGround,
        "PaymentChannel": PaymentChannel,
    }

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {DuesBasis: basis_record, DuesRelief: relief_record, DuesPayment: payment_record}

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A basis or relief by the member at the end of its first month; a payment at the
        collecting cell on the day paid (the deciding committee of a relief is named, not edited)."""
        if isinstance(record, DuesBasisRecord):
            judge.person(record.person, month_end(record.from_month))
        elif isinstance(record, DuesReliefRecord):
            judge.person(record.person, month_end(record.first_month))
        elif isinstance(record, DuesPaymentRecord):
            judge.org("organization", record.organization, record.paid_on)

    # -- import ------------------------------------------------------------------------------
    def first_days(self, location: Location | None, r: Record, *names: str) -> bool:
        """True when the months named are written as their first day (as the dues app stores them)."""
        ok = True
        for name in names:
            day: date | None = getattr(r, name)
            if day is not None and day.day != 1:
                self.work.problem(
                    location, r, name, _("Ghi ngày đầu tháng: %(day)s") % {"day": vn_date(day.replace(day=1))}
                )
                ok = False
        return ok

    # Runs of bases and of payments go through services.record_bases and record_payments (the
    # checks of record_basis and record_payment, what they read read once for the run); anything
    # unusual (an unknown person or cell, a month not written as its first day) returns False: the
    # run then goes a record at a time, which says what is wrong.
    batched = frozenset({"dues_basis", "dues_payment"})

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        work = self.work
        kind = items[0][1].TYPE
        person_ids = {r.person: work.person_id(r.person) for _, r in items}  # type: ignore[attr-defined]
        if None in person_ids.values():
            return False
        people = work.people(pk for pk in person_ids.values() if pk is not None)
        if kind == "dues_basis":
            if any(r.from_month.day != 1 for _, r in items):  # type: ignore[attr-defined]
                return False
            bases = [
                services.BasisInput(
                    people[person_ids[r.person]],  # type: ignore[index]
                    r.from_month,
                    r.category,
                    r.recorded_by,
                    r.amount,
                    r.region,
                    r.note,
                    r.recorded_at,
                    r.uid,
                )
                for _, r in items
                if isinstance(r, DuesBasisRecord)
            ]
            return work.written_batch(items, lambda: services.record_bases(bases))
        if kind != "dues_payment":
            return False
        cells = {r.organization: work.org_id(r.organization) for _, r in items}  # type: ignore[attr-defined]
        if None in cells.values() or any(r.month.day != 1 for _, r in items):  # type: ignore[attr-defined]
            return False
        orgs = {o.pk: o for o in Organization.objects.filter(pk__in=set(cells.values()))}
        payments = [
            services.PaymentInput(
                people[person_ids[r.person]],  # type: ignore[index]
                orgs[cells[r.organization]],  # type: ignore[index]
                r.month,
                r.amount,
                r.paid_on,
                r.recorded_by,
                r.channel,
                r.receipt_number,
                r.note,
                r.recorded_at,
                r.uid,
            )
            for _, r in items
            if isinstance(r, DuesPaymentRecord)
        ]
        return work.written_batch(items, lambda: services.record_payments(payments))

    def apply_dues_basis(self, location: Location | None, r: DuesBasisRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        corrects = work.by_uid(DuesBasis, location, r, "corrects", gettext_noop("căn cứ đóng đảng phí"))
        if (
            not self.first_days(location, r, "from_month")
            or person is None
            or (r.corrects and corrects is None)
        ):
            return
        call: Callable[[], DuesBasis]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã căn cứ bị hủy"))
                return
            wrong = corrects
            call = lambda: services.withdraw_basis.within(  # noqa: E731
                wrong, recorded_by=r.recorded_by, note=r.note, recorded_at=r.recorded_at, uid=r.uid
            )
        else:
            call = lambda: services.record_basis.within(  # noqa: E731
                person,
                from_month=r.from_month,
                category=r.category,
                amount=r.amount,
                region=r.region,
                recorded_by=r.recorded_by,
                note=r.note,
                corrects=corrects,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        work.written(location, r, call)

    def apply_dues_relief(self, location: Location | None, r: DuesReliefRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        decider = work.org(location, r, "decided_by")
        corrects = work.by_uid(DuesRelief, location, r, "corrects", gettext_noop("quyết định miễn, giảm"))
        if (
            not self.first_days(location, r, "first_month", "last_month")
            or person is None
            or decider is None
            or (r.corrects and corrects is None)
        ):
            return
        call: Callable[[], DuesRelief]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã quyết định miễn, giảm bị hủy"))
                return
            wrong = corrects
            call = lambda: services.withdraw_relief.within(  # noqa: E731
                wrong, recorded_by=r.recorded_by, note=r.note, recorded_at=r.recorded_at, uid=r.uid
            )
        else:
            call = lambda: services.record_relief.within(  # noqa: E731
                person,
                ground=r.ground,
                percent=r.percent,
                first_month=r.first_month,
                last_month=r.last_month,
                decided_by=decider,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                note=r.note,
                corrects=corrects,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        work.written(location, r, call)

    def apply_dues_payment(self, location: Location | None, r: DuesPaymentRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        cell = work.org(location, r, "organization")
        corrects = work.by_uid(DuesPayment, location, r, "corrects", gettext_noop("khoản nộp"))
        if (
            not self.first_days(location, r, "month")
            or person is None
            or cell is None
            or (r.corrects and corrects is None)
        ):
            return
        call: Callable[[], DuesPayment]
        if r.withdrawn:
            if corrects is None:
                work.problem(location, r, "corrects", _("Cần mã khoản nộp bị hủy"))
                return
            wrong = corrects
            call = lambda: services.withdraw_payment.within(  # noqa: E731
                wrong, recorded_by=r.recorded_by, note=r.note, recorded_at=r.recorded_at, uid=r.uid
            )
        else:
            call = lambda: services.record_payment.within(  # noqa: E731
                person,
                month=r.month,
                amount=r.amount,
                paid_on=r.paid_on,
                organization=cell,
                recorded_by=r.recorded_by,
                channel=r.channel,
                receipt_number=r.receipt_number,
                note=r.note,
                corrects=corrects,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        work.written(location, r, call)


def basis_record(b: DuesBasis, codes: Codes) -> DuesBasisRecord:
    return DuesBasisRecord(
        **shared_fields(b, codes, DuesBasisRecord),
        person=codes.person(b.person_id),
        from_month=b.from_month,
        category=b.category,
        amount=b.amount,
        region=b.region,
    )


def relief_record(r: DuesRelief, codes: Codes) -> DuesReliefRecord:
    return DuesReliefRecord(
        **shared_fields(r, codes, DuesReliefRecord),
        person=codes.person(r.person_id),
        ground=r.ground,
        percent=r.percent,
        first_month=r.first_month,
        decided_by=codes.org(r.decided_by_id),
        last_month=r.last_month,
    )


def payment_record(p: DuesPayment, codes: Codes) -> DuesPaymentRecord:
    return DuesPaymentRecord(
        **shared_fields(p, codes, DuesPaymentRecord),
        person=codes.person(p.person_id),
        organization=codes.org(p.organization_id),
        month=p.month,
        amount=p.amount,
        paid_on=p.paid_on,
        channel=p.channel,
        receipt_number=p.receipt_number,
    )


KITS = (DuesKit,)
# A load keeps the stored monthly dues once, at its end, not with each batch (exchange.registry).
DEFERRED = (summary.deferred,)
