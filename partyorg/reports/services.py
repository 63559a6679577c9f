"""Entering a figure (a target, a staff headcount, a figure stated elsewhere), correcting it and
withdrawing it: each an appended row (see ``partyorg.reports.models``)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_date
from partyorg.core.records import LegalBasis, Refused
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import version_on
from partyorg.reports.models import EnteredFigure, FigureKind, Indicator

__all__ = ["FigureRefused", "correct_figure", "enter_figure", "shape_problems", "withdraw_figure"]

# Indicators counted over a period rather than on a day.
PERIOD_INDICATORS = frozenset({Indicator.ADMISSIONS})


class FigureRefused(Refused):
    """The entry is not well formed; the message is in the user's language (Vietnamese msgids)."""


def shape_problems(kind: str, indicator: str, first_day: date | None, last_day: date) -> list[str]:
    """What is wrong with an entry's kind, indicator and dates, in the user's language (empty when fine).
    Shared by the service and the interchange loader."""
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
    return problems


def _check_organization(org: Organization, last_day: date) -> None:
    if version_on(org, last_day) is None:
        raise FigureRefused(
            _("Tổ chức %(code)s không tồn tại vào ngày %(day)s")
            % {"code": org.code, "day": vn_date(last_day)}
        )


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
) -> EnteredFigure:
    problems = shape_problems(kind, indicator, first_day, last_day)
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
        )


def correct_figure(
    wrong: EnteredFigure, *, value: int, recorded_by: str, note: str = "", source: str | None = None
) -> EnteredFigure:
    """Replace ``wrong`` with the same entry carrying ``value``; ``wrong`` stays in the log."""
    return enter_figure(
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
    )


def withdraw_figure(wrong: EnteredFigure, *, recorded_by: str, note: str) -> EnteredFigure:
    """Take ``wrong`` back altogether (it was never stated, or entered for the wrong organization)."""
    if not note:
        raise FigureRefused(_("Cần ghi lý do hủy số liệu"))
    return enter_figure(
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
    )
