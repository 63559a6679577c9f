"""Entered figures (targets, headcounts, figures stated in a report) and the reports marked as
sent as they travel in an interchange file: the records, their sheets and their record kits, which
write them through :func:`partyorg.reports.services.enter_figure` and
:func:`~partyorg.reports.services.record_sent_report` (the command line's and the pages' commands).
A sent report carries its lines as they were sent (JSON in one cell): loading it never prints the
form again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

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
from partyorg.core.records import LegalBasis
from partyorg.reports.models import Bound, EnteredFigure, FigureKind, Indicator, SentReport
from partyorg.reports.services import enter_figure, record_sent_report


@dataclass(frozen=True, kw_only=True)  # keyword-only: "from" may stay empty yet come before "to"
class EnteredFigureRecord(Record):
    """A figure people enter: a target, a staff headcount, a figure stated in a report
    (``partyorg.reports.models.EnteredFigure``)."""

    TYPE = "entered_figure"
    LABEL = gettext_lazy("Số liệu nhập")
    KEY = "uid"
    uid: str
    organization: str  # organization code
    kind: str  # FigureKind value
    indicator: str  # Indicator value
    value: int
    bound: str = ""  # Bound value: "" exact, "more_than" ("hơn 74.600"), "at_least", "unstated"
    base_day: date | None = None  # the day a stated change in percent is against
    change_percent: str = ""  # the stated change, a signed decimal with a dot: "70.01", "-3.5"
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


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        EnteredFigureRecord,
        "Số liệu nhập",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của số liệu", width=38),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng", width=20),
            Column(
                "kind", "Loại", "enum", "Chỉ tiêu kế hoạch, hoặc số liệu đã nêu", enum="FigureKind", width=18
            ),
            Column("indicator", "Chỉ tiêu", "enum", enum="Indicator", width=30),
            Column("value", "Giá trị", "int", "Số nguyên không âm", width=10),
            Column(
                "bound",
                "Mức",
                "enum",
                "Trống: đúng bằng giá trị; hơn (“hơn 74.600”); ít nhất; không nêu số, chỉ nêu mức thay đổi",
                enum="Bound",
                width=14,
            ),
            Column(
                "base_day",
                "So với ngày",
                "date",
                "Số liệu đã nêu kèm mức thay đổi (“tăng 70,01% so với năm 2010”): ngày gốc",
                width=13,
            ),
            Column(
                "change_percent",
                "Thay đổi (%)",
                meaning="Mức thay đổi đã nêu so với ngày gốc, số thập phân có dấu, dấu chấm: 70.01; -3.5",
                width=12,
            ),
            Column(
                "first_day",
                "Từ ngày",
                "date",
                "Đầu kỳ (kết nạp, kế hoạch); trống nếu là số tại một ngày",
                width=13,
            ),
            Column("last_day", "Đến ngày", "date", "Cuối kỳ, hoặc ngày của số liệu", width=13),
            *recorded_columns(),
            Column("source", "Nguồn", meaning="Báo cáo, bài viết, kế hoạch nêu số liệu", width=36),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã số liệu trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy số liệu được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


@dataclass(frozen=True)
class SentReportRecord(Record):
    """A form marked as sent up, with its lines as sent (``partyorg.reports.models.SentReport``)."""

    TYPE = "sent_report"
    LABEL = gettext_lazy("Biểu đã gửi")
    KEY = "uid"
    uid: str
    organization: str  # organization code
    form: str  # a key of partyorg.reports.documents.FORMS
    first_day: date
    last_day: date
    title: str
    headers: str  # JSON: the value columns' headers
    lines: str  # JSON: [[code, label, [values…], level], …]
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier sent_report
    withdrawn: bool = False
    note: str = ""


SENT_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        SentReportRecord,
        "Biểu đã gửi",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của lần gửi", width=38),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng", width=20),
            Column("form", "Biểu", meaning="members-flow, admissions, membership, ethnicity, organizations"),
            Column("first_day", "Từ ngày", "date", "Đầu kỳ báo cáo", width=13),
            Column("last_day", "Đến ngày", "date", "Cuối kỳ báo cáo (biểu 3–5: ngày số liệu)", width=13),
            Column("title", "Tên biểu", width=30),
            Column("headers", "Tiêu đề cột", meaning="JSON: tiêu đề các cột số liệu", width=30),
            Column(
                "lines", "Các dòng", meaning="JSON: [[mã, chỉ tiêu, [giá trị…], cấp], …] như đã gửi", width=60
            ),
            *recorded_columns(),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã lần gửi trước mà bản ghi này hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy ghi nhận đã gửi", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


class EnteredFigureKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {EnteredFigureRecord: EnteredFigure}
    enums: ClassVar[dict[str, Any]] = {"FigureKind": FigureKind, "Indicator": Indicator, "Bound": Bound}

    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {EnteredFigure: figure_record}

    def judge(self, judge: Judge, record: Record) -> None:
        """A figure, by its organization on its last day; a correction also by the organization of
        the figure it corrects, on that one's day."""
        if not isinstance(record, EnteredFigureRecord):
            return
        judge.org("organization", record.organization, record.last_day)
        if not is_uuid(record.corrects):
            return  # none, or not a uid: the load says so
        corrected = EnteredFigure.objects.filter(uid=record.corrects)
        found = corrected.values_list("organization__code", "last_day").first()
        if found is not None:
            judge.org("corrects", found[0], found[1])

    def apply_entered_figure(self, location: Location | None, r: EnteredFigureRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        org = work.org(location, r, "organization")
        corrects = work.by_uid(EnteredFigure, location, r, "corrects", gettext_noop("số liệu"))
        if org is None or (r.corrects and corrects is None):
            return
        work.written(
            location,
            r,
            lambda: enter_figure.within(
                org,
                kind=r.kind,
                indicator=r.indicator,
                value=r.value,
                last_day=r.last_day,
                first_day=r.first_day,
                source=r.source,
                basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                recorded_at=r.recorded_at,
                note=r.note,
                corrects=corrects,
                withdrawn=r.withdrawn,
                bound=r.bound,
                base_day=r.base_day,
                change_percent=r.change_percent,
                uid=r.uid,
            ),
        )


def figure_record(f: EnteredFigure, codes: Codes) -> EnteredFigureRecord:
    return EnteredFigureRecord(
        **shared_fields(f, codes, EnteredFigureRecord),
        organization=codes.org(f.organization_id),
        kind=f.kind,
        indicator=f.indicator,
        value=f.value,
        bound=f.bound,
        base_day=f.base_day,
        change_percent=f.change_percent,
        first_day=f.first_day,
        last_day=f.last_day,
        source=f.source,
    )


class SentReportKit(RecordKit):
    sheets = SENT_SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {SentReportRecord: SentReport}

    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {SentReport: sent_record}

    def judge(self, judge: Judge, record: Record) -> None:
        """A report sent, by its organization on its last day."""
        if isinstance(record, SentReportRecord):
            judge.org("organization", record.organization, record.last_day)

    def apply_sent_report(self, location: Location | None, r: SentReportRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        org = work.org(location, r, "organization")
        corrects = work.by_uid(SentReport, location, r, "corrects", gettext_noop("biểu đã gửi"))
        try:
            headers, lines = json.loads(r.headers or "[]"), json.loads(r.lines or "[]")
        except ValueError:
            work.problem(location, r, "lines", _("Các dòng của biểu không phải JSON hợp lệ"))
            return
        if org is None or (r.corrects and corrects is None):
            return
        work.written(
            location,
            r,
            lambda: record_sent_report.within(
                org,
                r.form,
                r.first_day,
                r.last_day,
                title=r.title,
                headers=headers,
                lines=lines,
                recorded_by=r.recorded_by,
                basis=LegalBasis.of(r),
                note=r.note,
                recorded_at=r.recorded_at,
                uid=r.uid,
                corrects=corrects,
                withdrawn=r.withdrawn,
            ),
        )


def sent_record(sent: SentReport, codes: Codes) -> SentReportRecord:
    return SentReportRecord(
        **shared_fields(sent, codes, SentReportRecord),
        organization=codes.org(sent.organization_id),
        form=sent.form,
        first_day=sent.first_day,
        last_day=sent.last_day,
        title=sent.title,
        headers=json.dumps(sent.headers, ensure_ascii=False),
        lines=json.dumps(sent.lines, ensure_ascii=False),
    )


KITS = (EnteredFigureKit, SentReportKit)
