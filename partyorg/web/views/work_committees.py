"""Congresses and leadership of an organization: who leads it on the day, its term and whether it is
overdue, its congress history; recording a congress, the start and the end of a position."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.committees import forms, services
from partyorg.committees.forms import EndPositionForm
from partyorg.committees.models import Congress, PositionRecord, RecordKind
from partyorg.committees.queries import (
    congresses_in_force,
    ending_of,
    leadership_on,
    records_in_force,
    term_on,
)
from partyorg.committees.services import CommitteeRefused
from partyorg.core.formats import vn_date
from partyorg.rules.base import RuleViolation
from partyorg.web.forms import RuleOverride
from partyorg.web.views.work import (
    Withdrawal,
    basis_of,
    editable_on,
    log_people_list,
    name_of,
    on_of,
    override_of,
    person_in,
    scope_of,
    withdrawal_page,
    withdrawn,
)


# A rule's refusal may be passed with a reason, kept on the record: the forms with the two buttons.
class CongressForm(forms.CongressForm, RuleOverride):
    pass


class CongressCorrectionForm(forms.CongressCorrectionForm, RuleOverride):
    pass


class PositionForm(forms.PositionForm, RuleOverride):
    pass


def congress_label(congress: Congress) -> str:
    """ "Đại hội nhiệm kỳ 2025–2027 (05/03/2025)"."""
    return f"{congress.get_kind_display()} {congress.term_label} ({vn_date(congress.held_on)})"


def committees(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    log_people_list(request, org, _("Đại hội, cấp ủy và người giữ chức vụ"))
    term = term_on(org, on)
    congresses = (
        Congress.objects.filter(organization=org).prefetch_related("corrections").order_by("held_on", "pk")
    )
    in_force = set(congresses_in_force().filter(organization=org).values_list("pk", flat=True))
    positions = (
        records_in_force()
        .filter(organization=org)
        .select_related("person", "ends")
        .order_by("effective_on", "pk")
    )
    return render(
        request,
        "web/work_committees.html",
        {
            "org": org,
            "name": name_of(org, on),
            "leadership": leadership_on(org, on),
            "term": term,
            "overdue": term.is_overdue(on) if term else None,
            "finding": term.finding(on) if term else None,
            "congresses": [(c, c.pk in in_force) for c in congresses],
            "positions": positions,
            "can_edit": scope.can(org.pk, Role.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def record_congress(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    refusal: RuleViolation | None = None
    if request.method == "POST":
        form = CongressForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, org.pk, data["held_on"])
            try:
                congress = services.record_congress(
                    org,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    term_first_year=data["term_first_year"],
                    term_last_year=data["term_last_year"],
                    legal_basis=basis_of(data),
                    recorded_by=request.user.get_username(),
                    note=data["note"],
                    override=override_of(data),
                )
            except RuleViolation as violation:
                refusal = violation
                form = CongressForm(initial={**request.POST.dict(), "override_rule": violation.code})
            except CommitteeRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Đã ghi: %(what)s") % {"what": congress_label(congress)})
                return redirect("work_committees", code=org.code)
    else:
        on = on_of(request)
        form = CongressForm(
            initial={"held_on": on, "term_first_year": on.year, "term_last_year": on.year + 5}
        )
    return render(
        request,
        "web/work_record.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "title": _("Ghi đại hội, chỉ định cấp ủy"),
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def start_position(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    refusal: RuleViolation | None = None
    congresses = list(congresses_in_force().filter(organization=org).order_by("-held_on", "-pk"))
    choices = [(str(c.pk), congress_label(c)) for c in congresses]
    if request.method == "POST":
        form = PositionForm(request.POST, congresses=choices)
        if form.is_valid():
            data = form.cleaned_data
            on_the_day = editable_on(request, org.pk, data["starts_on"])
            person = person_in(on_the_day, data["person"])
            congress = next((c for c in congresses if str(c.pk) == data["congress"]), None)
            if person is None:
                form.add_error("person", _("Không tìm thấy đảng viên có mã này trong phạm vi được giao"))
            else:
                try:
                    seat = services.start_position(
                        person,
                        org,
                        data["position"],
                        starts_on=data["starts_on"],
                        method=data["method"],
                        congress=congress,
                        legal_basis=basis_of(data),
                        recorded_by=request.user.get_username(),
                        note=data["note"],
                        override=override_of(data),
                    )
                except RuleViolation as violation:
                    refusal = violation
                    form = PositionForm(
                        initial={**request.POST.dict(), "override_rule": violation.code}, congresses=choices
                    )
                except CommitteeRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi: %(name)s giữ chức %(position)s từ ngày %(day)s")
                        % {
                            "name": person.full_name,
                            "position": seat.get_position_display(),
                            "day": vn_date(seat.effective_on),
                        },
                    )
                    return redirect("work_committees", code=org.code)
    else:
        form = PositionForm(
            initial={"starts_on": on_of(request), "congress": choices[0][0] if choices else ""},
            congresses=choices,
        )
    return render(
        request,
        "web/work_record.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "title": _("Ghi người giữ chức"),
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def end_position(request: HttpRequest, uid: UUID) -> HttpResponse:
    started = PositionRecord.objects.filter(kind=RecordKind.STARTED).select_related("person", "organization")
    start = scope_of(request).record(started, uid, Role.EDIT)
    org = start.organization
    if request.method == "POST":
        form = EndPositionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, org.pk, data["ended_on"])
            try:
                services.end_position(
                    start,
                    ended_on=data["ended_on"],
                    legal_basis=basis_of(data),
                    recorded_by=request.user.get_username(),
                    note=data["note"],
                )
            except CommitteeRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("Đã ghi: %(name)s thôi giữ chức %(position)s từ ngày %(day)s")
                    % {
                        "name": start.person.full_name,
                        "position": start.get_position_display(),
                        "day": vn_date(data["ended_on"]),
                    },
                )
                return redirect("work_committees", code=org.code)
    else:
        form = EndPositionForm(initial={"ended_on": on_of(request)})
    return render(
        request,
        "web/work_record.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "title": _("Ghi thôi giữ chức: %(name)s, %(position)s")
            % {"name": start.person.full_name, "position": start.get_position_display()},
            "form": form,
            "fields": list(form),
            "refusal": None,
            "ended": ending_of(start),
        },
    )


def _congress_to_amend(request: HttpRequest, uid: UUID) -> Congress:
    """A congress the user may correct or withdraw (on the page's day and on the day it was held)."""
    return scope_of(request).record(
        Congress.objects.select_related("organization"), uid, Role.EDIT, amend=True
    )


@require_http_methods(["GET", "POST"])
def correct_congress(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Correct a congress (kind, day, term, legal basis), with the reason; the service checks the
    corrected congress against the rules as a new one and keeps the wrong one, marked as corrected."""
    wrong = _congress_to_amend(request, uid)
    org = wrong.organization
    refusal: RuleViolation | None = None
    if request.method == "POST":
        form = CongressCorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, org.pk, data["held_on"])
            try:
                congress = services.correct_congress(
                    wrong,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    term_first_year=data["term_first_year"],
                    term_last_year=data["term_last_year"],
                    legal_basis=basis_of(data),
                    recorded_by=request.user.get_username(),
                    note=data["note"],
                    override=override_of(data),
                )
            except RuleViolation as violation:
                refusal = violation
                form = CongressCorrectionForm(
                    initial={**request.POST.dict(), "override_rule": violation.code}
                )
            except CommitteeRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Đã sửa: %(what)s") % {"what": congress_label(congress)})
                return redirect("work_committees", code=org.code)
    else:
        form = CongressCorrectionForm(
            initial={
                "kind": wrong.kind,
                "held_on": wrong.held_on,
                "term_first_year": wrong.term_first_year,
                "term_last_year": wrong.term_last_year,
                "basis_number": wrong.basis_number,
                "basis_date": wrong.basis_date,
                "basis_issuer": wrong.basis_issuer,
            }
        )
    return render(
        request,
        "web/work_record.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "title": _("Sửa bản ghi: %(what)s") % {"what": congress_label(wrong)},
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw_congress(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a congress recorded in error, with the reason (the seats elected at it first)."""
    wrong = _congress_to_amend(request, uid)
    org = wrong.organization
    url = reverse("work_committees", args=[org.code])
    return withdrawal_page(
        request,
        Withdrawal(
            organization=org,
            title=_("Hủy bỏ bản ghi: %(what)s") % {"what": congress_label(wrong)},
            back=(url, _("Đại hội, cấp ủy")),
            facts=[(_("Căn cứ"), wrong.basis_number or "—"), (_("Người ghi"), wrong.recorded_by)],
            done=withdrawn(congress_label(wrong)),
            then=url,
            withdraw=lambda data, by: services.withdraw_congress(wrong, note=data["note"], recorded_by=by),
            refused=(CommitteeRefused,),
        ),
    )


@require_http_methods(["GET", "POST"])
def withdraw_position(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a position record (a start or an ending) entered in error, with the reason; a
    withdrawn ending reopens the seat."""
    wrong = scope_of(request).record(
        PositionRecord.objects.select_related("person", "organization"), uid, Role.EDIT, amend=True
    )
    org = wrong.organization
    what = _("%(record)s: %(name)s, %(position)s từ ngày %(day)s") % {
        "record": wrong.get_kind_display(),
        "name": wrong.person.full_name,
        "position": wrong.get_position_display(),
        "day": vn_date(wrong.effective_on),
    }
    url = reverse("work_committees", args=[org.code])
    return withdrawal_page(
        request,
        Withdrawal(
            organization=org,
            title=_("Hủy bỏ bản ghi chức vụ"),
            back=(url, _("Đại hội, cấp ủy")),
            facts=[(_("Bản ghi"), what), (_("Căn cứ"), wrong.basis_number or "—")],
            done=withdrawn(what),
            then=url,
            withdraw=lambda data, by: services.withdraw_position(wrong, note=data["note"], recorded_by=by),
            refused=(CommitteeRefused,),
        ),
    )
