from __future__ import annotations

import tempfile
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partyorg.accounts import otp
from partyorg.accounts.middleware import parse_day
from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import Scope
from partyorg.accounts.stamps import stamp_file, stamp_of
from partyorg.core.known import end_of_day
from partyorg.core.records import LegalBasis
from partyorg.members.known import KnownOn, as_known_on
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import display_names
from partyorg.reports import review
from partyorg.reports.checks import check_report, is_over, last_complete_half_year
from partyorg.reports.documents import FORMS, layout, members_flow, pdf, sheet_for
from partyorg.reports.models import SentReport
from partyorg.reports.sent import compare, sent_for
from partyorg.reports.services import SentReportRefused, send_report, withdraw_sent_report
from partyorg.reports.statistics import Period

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _choice(request: HttpRequest) -> tuple[Organization, Period]:
    """The organization (through the scope) and the period asked for; by default the user's first
    organization and the last half-year over before the day being viewed (the current one has
    only what was recorded so far), or the current one for an organization the user does not reach
    at the start of the last (founded since, for instance)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    code = request.GET.get("org", "").strip()
    if code:
        org = scope.organization(code)
    else:
        roots = scope.roots()
        if not roots:
            raise Http404("no organization")
        org = roots[0]
    first, last = parse_day(request.GET.get("from")), parse_day(request.GET.get("to"))
    if first is None or last is None or last < first:
        choices = [last_complete_half_year(on), Period.half_year(on.year, 1 if on.month <= 6 else 2)]
    else:
        choices = [Period.between(first, last)]
    # The figures are of the tree at both ends of the period: the user must reach it on both days.
    period = next(
        (p for p in choices if all(scope.on_day(day).can(org.pk) for day in (p.opening_day, p.closing_day))),
        choices[-1],
    )
    scope.require(org.pk, on=(period.opening_day, period.closing_day))  # else not found
    return org, period


def _known_on(request: HttpRequest) -> AbstractContextManager[KnownOn | None]:
    """The figures as known at the end of the day the page asks for (``known``), or as known now."""
    day = parse_day(request.GET.get("known"))
    return nullcontext() if day is None else as_known_on(end_of_day(day))


def reports(request: HttpRequest) -> HttpResponse:
    """Pick organization and period (and, to see them as they were known then, a past day); see
    form 1 and the cross-checks on screen; download the forms (Excel, PDF) and the review draft."""
    org, period = _choice(request)
    scope: Scope = request.scope  # type: ignore[attr-defined]
    names = display_names([org.pk], period.closing_day)
    sent = list(sent_for({org.pk})[:20])
    query = f"org={org.code}&from={period.start:%d/%m/%Y}&to={period.closing_day:%d/%m/%Y}"
    with _known_on(request) as known:
        known_day = parse_day(request.GET.get("known"))
        if known_day is not None:
            query += f"&known={known_day:%d/%m/%Y}"
        return render(
            request,
            "web/reports.html",
            {
                "org": org,
                "name": names.get(org.pk, org.code),
                "period": period,
                "half": _half_year_of(period),
                "over": is_over(period),
                "form": members_flow.build(org, period),
                "checks": check_report(org, period),
                "forms": FORMS,
                "query": query,
                "known": known,
                "known_day": known_day,
                "may_send": known is None and scope.can(org.pk, Role.EDIT),
                "sent": sent,
            },
        )


@require_POST
def mark_sent(request: HttpRequest, name: str) -> HttpResponse:
    """Mark form ``name`` of the organization and period (the page's query) as sent up: partyorg
    keeps its lines as printed now. EDIT over the organization on both ends of the period."""
    org, period = _choice(request)
    scope: Scope = request.scope  # type: ignore[attr-defined]
    scope.require(org.pk, Role.EDIT, on=(period.opening_day, period.closing_day))
    basis = LegalBasis(request.POST.get("basis_number", "").strip()[:60], None, "")
    try:
        sent = send_report(org, name, period, recorded_by=request.user.get_username(), basis=basis)
    except SentReportRefused as refused:
        messages.error(request, str(refused))
        return redirect(f"{reverse('reports')}?{request.GET.urlencode()}")
    messages.success(request, _("Đã ghi nhận %(title)s đã gửi") % {"title": FORMS[name]})
    return redirect("sent_report", uid=sent.uid)


@require_http_methods(["GET", "POST"])
def sent_report(request: HttpRequest, uid: str) -> HttpResponse:
    """A form as sent beside today's for the same period, and the people recorded since; a POST
    with a reason takes the mark back (EDIT, on the page's day and the report's last day)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    role = Role.EDIT if request.method == "POST" else Role.VIEW
    sent = scope.record(SentReport.objects.in_force().select_related("organization"), uid, role, amend=True)
    if request.method == "POST":
        try:
            withdraw_sent_report(
                sent, recorded_by=request.user.get_username(), note=request.POST.get("note", "")
            )
        except SentReportRefused as refused:
            messages.error(request, str(refused))
            return redirect("sent_report", uid=uid)
        messages.success(request, _("Đã hủy ghi nhận đã gửi"))
        return redirect(f"{reverse('reports')}?org={sent.organization.code}")
    log_read(request, ReadKind.DOCUMENT, organization=sent.organization, on=sent.last_day, detail=sent.title)
    comparison = compare(sent)
    return render(
        request,
        "web/sent_report.html",
        {
            "sent": sent,
            "form_title": FORMS.get(sent.form, sent.title),
            "name": display_names([sent.organization_id], sent.last_day).get(sent.organization_id, ""),
            "comparison": comparison,
            "rows": [(line, comparison.cells(line)) for line in comparison.lines],
            "changed": len(comparison.changed_lines),
            "may_withdraw": scope.can(sent.organization_id, Role.EDIT),
        },
    )


def _half_year_of(period: Period) -> str:
    """The period named the way reports name it: "6 tháng đầu năm 2026", "năm 2026"; else nothing."""
    year = period.start.year
    if period == Period.half_year(year, 1):
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if period == Period.half_year(year, 2):
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if period == Period.between(date(year, 1, 1), date(year, 12, 31)):
        return _("năm %(year)s") % {"year": year}
    return ""


@otp.for_export
def download(request: HttpRequest, name: str, extension: str) -> FileResponse:
    """One form as Excel or PDF, or the review draft as .docx, for the organization and period."""
    org, period = _choice(request)
    if (name == "review") != (extension == "docx") or extension not in CONTENT_TYPES:
        raise Http404(name)
    if name != "review" and name not in FORMS:
        raise Http404(name)
    folder = Path(tempfile.mkdtemp(prefix="partyorg-"))
    filename = f"{name}-{org.code}-{period.start:%Y%m%d}-{period.closing_day:%Y%m%d}.{extension}"
    path = folder / filename
    log_read(request, ReadKind.DOCUMENT, organization=org, on=period.closing_day, detail=filename)
    with _known_on(request):
        if name == "review":
            review.write_docx(review.draft(org, period, attachments=tuple(FORMS.values())), path)
        else:
            sheet = sheet_for(name, org, period)
            (pdf.write_pdf if extension == "pdf" else layout.write_xlsx)(sheet, path)
    stamp_file(path, stamp_of(request, what=filename))  # who made it, when, their scope (issue 19)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = CONTENT_TYPES[extension]
    path.unlink()  # the open file stays readable until the response is sent
    folder.rmdir()
    return response
