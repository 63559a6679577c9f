"""Entering a figure (a target, a staff headcount, a figure stated elsewhere), correcting it and
withdrawing it; marking a form as sent up, and taking the mark back: each an appended row (see
``partyorg.reports.models``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Refused
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import version_on
from partyorg.reports.documents import FORMS, sheet_for
from partyorg.reports.models import Bound, EnteredFigure, FigureKind, Indicator, SentReport
from partyorg.reports.statistics.figures import Period

__all__ = [
    "FigureRefused",
    "SentReportRefused",
    "correct_figure",
    "enter_figure",
    "record_sent_report",
    "send_report",
    "shape_problems",
    "withdraw_figure",
    "withdraw_sent_report",
]

# Indicators counted over a period rather than on a day.
PERIOD_INDICATORS = frozenset({Indicator.ADMISSIONS})


class FigureRefused(Refused):
    """The entry is not well formed; the message is in the user's language (Vietnamese msgids)."""


def shape_problems(
    kind: str,
    indicator: str,
    first_day: date | None,
    last_day: date,
    *,
    bound: str = Bound.EXACT,
    base_day: date | None = None,
    change_percent: str = "",
) -> list[str]:
    """What is wrong with an entry's kind, indicator, dates, bound and change, in the user's
    language (empty when fine). Shared by the service and the interchange loader."""
    problems = []
    if kind not in FigureKind.values:
        problems.append(_("Loại số liệu không hợp lệ: %(kind)s") % {"kind": kind})
    if indicator not in Indicator.values:
        problems.append(_("Chỉ tiêu không hợp lệ: %(indicator)s") % {"indicator": indicator})
    if kind == FigureKind.TARGET and indicator != Indicator.ADMISSIONS:
        problems.append(_("Chỉ tiêu kế hoạch chỉ nhập cho kết nạp đảng viên"))
    if indicator in PERIOD_INDICATORS or kind == FigureKind.TARGET:
        if first_day is None:
            problems.append(_("Số liệu trong một kỳ cần cả “từ ngày” và “đến ngày”"))
    elif first_day is not None:
        problems.append(_("Số liệu tại một ngày chỉ ghi “đến ngày” (bỏ trống “từ ngày”)"))
    if first_day is not None and first_day > last_day:
        problems.append(
            _("“Từ ngày” %(first)s sau “đến ngày” %(last)s")
            % {"first": vn_date(first_day), "last": vn_date(last_day)}
        )
    problems += change_problems(kind, indicator, first_day, last_day, bound, base_day, change_percent)
    return problems


def change_problems(
    kind: str,
    indicator: str,
    first_day: date | None,
    last_day: date,
    bound: str,
    base_day: date | None,
    change_percent: str,
) -> list[str]:
    """A bound ("hơn 74.600") and a change in percent ("tăng 70,01% so với năm 2010") belong to a
    stated figure on a day; a change needs both its base day, before the figure's day, and its
    percent, a signed decimal ("70.01", "-3.5")."""
    problems: list[str] = []
    if bound not in Bound.values:
        problems.append(_("Mức của số liệu không hợp lệ: %(bound)s") % {"bound": bound})
    stated = kind == FigureKind.STATED
    if not stated and (bound or base_day or change_percent):
        problems.append(_("Chỉ số liệu đã nêu mới ghi mức “hơn”, “ít nhất” hoặc mức thay đổi"))
        return problems
    if (base_day is None) != (not change_percent):
        problems.append(_("Mức thay đổi cần cả “so với ngày” và “thay đổi (%)”"))
    elif base_day is not None:
        if first_day is not None or indicator in PERIOD_INDICATORS:
            problems.append(_("Mức thay đổi chỉ ghi cho số liệu tại một ngày"))
        if base_day >= last_day:
            problems.append(
                _("“So với ngày” %(base)s phải trước “đến ngày” %(last)s")
                % {"base": vn_date(base_day), "last": vn_date(last_day)}
            )
        if not _is_decimal(change_percent):
            problems.append(
                _("Mức thay đổi (%%) không phải một số thập phân có dấu như “70.01” hay “-3.5”: %(text)s")
                % {"text": change_percent}
            )
    if bound == Bound.UNSTATED and base_day is None:
        problems.append(_("Số liệu không nêu số thì phải nêu mức thay đổi"))
    return problems


def _is_decimal(text: str) -> bool:
    """A signed decimal written with a dot, as ``EnteredFigure.change_percent`` keeps it."""
    body = text[1:] if text and text[0] in "+-" else text
    whole, _dot, decimals = body.partition(".")
    return whole.isdigit() and (not _dot or decimals.isdigit()) and len(text) <= 12


def _check_organization(org: Organization, last_day: date) -> None:
    if version_on(org, last_day) is None:
        raise FigureRefused(
            _("Tổ chức %(code)s không tồn tại vào ngày %(day)s")
            % {"code": org.code, "day": vn_date(last_day)}
        )


@command
def enter_figure(
    org: Organization,
    *,
    kind: str,
    indicator: str,
    value: int,
    last_day: date,
    first_day: date | None = None,
    source: str = "",
    basis: LegalBasis | None = None,
    recorded_by: str,
    recorded_at: datetime | None = None,
    note: str = "",
    corrects: EnteredFigure | None = None,
    withdrawn: bool = False,
    bound: str = Bound.EXACT,
    base_day: date | None = None,
    change_percent: str = "",
    uid: str | None = None,
) -> EnteredFigure:
    """Append a figure about ``org`` on ``last_day`` (or the period ``first_day``–``last_day``); with
    ``corrects``, the figure that replaces (or, ``withdrawn``, takes back) that one. ``uid`` and
    ``recorded_at`` are a file's, when an import writes it."""
    problems = shape_problems(
        kind, indicator, first_day, last_day, bound=bound, base_day=base_day, change_percent=change_percent
    )
    if value < 0:
        problems.append(_("Giá trị không được âm"))
    if problems:
        raise FigureRefused("; ".join(problems))
    _check_organization(org, last_day)
    basis = basis or LegalBasis()
    with transaction.atomic():
        if corrects is not None:
            corrects = EnteredFigure.objects.select_for_update().get(pk=corrects.pk)
            if corrects.corrections.exists():
                raise FigureRefused(_("Số liệu này đã được sửa; hãy sửa bản ghi mới nhất"))
            if (corrects.organization_id, corrects.indicator) != (org.pk, indicator):
                raise FigureRefused(_("Bản sửa phải cùng tổ chức và cùng chỉ tiêu với số liệu được sửa"))
        return EnteredFigure.objects.create(
            **({"uid": uid} if uid else {}),
            organization=org,
            kind=kind,
            indicator=indicator,
            value=value,
            first_day=first_day,
            last_day=last_day,
            source=source,
            basis_number=basis.number,
            basis_date=basis.issued_on,
            basis_issuer=basis.issuer,
            recorded_at=recorded_at or timezone.now(),
            recorded_by=recorded_by,
            note=note,
            corrects=corrects,
            withdrawn=withdrawn,
            bound=bound,
            base_day=base_day,
            change_percent=change_percent,
        )


@command
def correct_figure(
    wrong: EnteredFigure,
    *,
    value: int,
    recorded_by: str,
    note: str = "",
    source: str | None = None,
    bound: str | None = None,
    change_percent: str | None = None,
) -> EnteredFigure:
    """Replace ``wrong`` with the same entry carrying ``value`` (and, when given, another bound or
    change in percent); ``wrong`` stays in the log."""
    return enter_figure.within(
        wrong.organization,
        kind=wrong.kind,
        indicator=wrong.indicator,
        value=value,
        first_day=wrong.first_day,
        last_day=wrong.last_day,
        source=wrong.source if source is None else source,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        bound=wrong.bound if bound is None else bound,
        base_day=wrong.base_day,
        change_percent=wrong.change_percent if change_percent is None else change_percent,
    )


@command
def withdraw_figure(wrong: EnteredFigure, *, recorded_by: str, note: str) -> EnteredFigure:
    """Take ``wrong`` back altogether (it was never stated, or entered for the wrong organization)."""
    if not note:
        raise FigureRefused(_("Cần ghi lý do hủy số liệu"))
    return enter_figure.within(
        wrong.organization,
        kind=wrong.kind,
        indicator=wrong.indicator,
        value=wrong.value,
        first_day=wrong.first_day,
        last_day=wrong.last_day,
        source=wrong.source,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        withdrawn=True,
        bound=wrong.bound,
        base_day=wrong.base_day,
        change_percent=wrong.change_percent,
    )


# -- reports sent up -------------------------------------------------------------------------------


class SentReportRefused(Refused):
    """The mark cannot be recorded; the message is in the user's language (Vietnamese msgids)."""


@command
def send_report(
    org: Organization,
    form: str,
    period: Period,
    *,
    recorded_by: str,
    basis: LegalBasis | None = None,
    note: str = "",
    recorded_at: datetime | None = None,
) -> SentReport:
    """Mark the form ``form`` of ``org`` for ``period`` as sent up, keeping its lines as partyorg
    prints them now: what was sent, to set beside later figures (:mod:`partyorg.reports.sent`)."""
    if form not in FORMS:
        raise SentReportRefused(_("Không có biểu “%(form)s”") % {"form": form})
    sheet = sheet_for(form, org, period)
    return record_sent_report.within(
        org,
        form,
        period.start,
        period.closing_day,
        title=sheet.title,
        headers=list(sheet.headers),
        lines=[[line.code, line.label, list(line.values), line.level] for line in sheet.lines],
        recorded_by=recorded_by,
        basis=basis,
        note=note,
        recorded_at=recorded_at,
    )


@command
def record_sent_report(
    org: Organization,
    form: str,
    first_day: date,
    last_day: date,
    *,
    title: str,
    headers: list[str],
    lines: list[list[Any]],
    recorded_by: str,
    basis: LegalBasis | None = None,
    note: str = "",
    recorded_at: datetime | None = None,
    uid: str | None = None,
    corrects: SentReport | None = None,
    withdrawn: bool = False,
) -> SentReport:
    """Append a sent report with the lines given: those printed when it was sent (:func:`send_report`),
    or those a file carries (an import keeps what was sent, never prints it again); with
    ``corrects`` and ``withdrawn``, the withdrawal of that mark."""
    if form not in FORMS:
        raise SentReportRefused(_("Không có biểu “%(form)s”") % {"form": form})
    if version_on(org, last_day) is None:
        raise SentReportRefused(
            _("Tổ chức %(code)s không tồn tại vào ngày %(day)s")
            % {"code": org.code, "day": vn_date(last_day)}
        )
    if withdrawn and not note:
        raise SentReportRefused(_("Cần ghi lý do hủy"))
    if corrects is not None:
        corrects = SentReport.objects.select_for_update().get(pk=corrects.pk)
        if corrects.withdrawn or corrects.corrections.exists():
            raise SentReportRefused(_("Bản ghi này đã được sửa hoặc hủy"))
    basis = basis or LegalBasis()
    return SentReport.objects.create(
        organization=org,
        form=form,
        first_day=first_day,
        last_day=last_day,
        title=title,
        headers=headers,
        lines=lines,
        corrects=corrects,
        withdrawn=withdrawn,
        note=note,
        basis_number=basis.number,
        basis_date=basis.issued_on,
        basis_issuer=basis.issuer,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )


@command
def withdraw_sent_report(sent: SentReport, *, recorded_by: str, note: str) -> SentReport:
    """Take back a mark made by mistake (the form was not sent): a new row, the old one stays."""
    return record_sent_report.within(
        sent.organization,
        sent.form,
        sent.first_day,
        sent.last_day,
        title=sent.title,
        headers=sent.headers,
        lines=sent.lines,
        recorded_by=recorded_by,
        note=note,
        corrects=sent,
        withdrawn=True,
    )
