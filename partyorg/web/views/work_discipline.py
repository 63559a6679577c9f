"""Discipline and commendations of an organization's subtree in a period, recording a measure
against a member (an expulsion also becomes the member's event: the service records it) and a
commendation, and withdrawing either (the withdrawn row stays; an expulsion's event is voided)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.core.formats import vn_date
from partyorg.discipline import forms, services
from partyorg.discipline.forms import CommendForm
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.discipline.queries import commendations_for, measures_for
from partyorg.discipline.services import DisciplineRefused
from partyorg.reports.statistics.scope import subtree_on
from partyorg.rules.base import RuleViolation
from partyorg.web.forms import RuleOverride
from partyorg.web.forms_work import WithdrawWithBasisForm
from partyorg.web.views.work import (
    Withdrawal,
    basis_of,
    editable_on,
    log_people_list,
    name_of,
    names_on,
    not_found_message,
    on_of,
    override_of,
    page_of,
    person_in,
    scope_of,
    subtree_in,
    withdrawal_page,
    withdrawn,
)
from partyorg.web.views.work_meetings import _period

COMMENDATIONS_SHOWN = 50


class MeasureForm(forms.MeasureForm, RuleOverride):
    """The measure's form, with the override of a rule's refusal (the page's two buttons)."""


def discipline(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    period = _period(request)
    ids = subtree_in(scope, org)
    log_people_list(request, org, _("Khen thưởng và kỷ luật đảng viên"))
    measures = (
        measures_for(ids, start=period.start, end=period.end)
        .select_related("person")
        .order_by("-decided_on", "-pk")
    )
    page = page_of(request, measures)  # type: ignore[arg-type]
    awards = list(commendations_for(ids, start=period.start, end=period.end)[: COMMENDATIONS_SHOWN + 1])
    names = names_on({m.organization_id for m in page} | {c.organization_id for c in awards}, on)
    return render(
        request,
        "web/work_discipline.html",
        {
            "org": org,
            "name": name_of(org, on),
            "period": period,
            "page": page,
            "rows": [(m, names.get(m.organization_id, "")) for m in page],
            "awards": [(c, names.get(c.organization_id, "")) for c in awards[:COMMENDATIONS_SHOWN]],
            "more_awards": len(awards) > COMMENDATIONS_SHOWN,
            "can_edit": scope.can(org.pk, Role.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def record_measure(request: HttpRequest, code: str) -> HttpResponse:
    """A measure against a member the user may change on the day of the decision, held by the
    organization's subtree that day."""
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    refusal: RuleViolation | None = None
    if request.method == "POST":
        form = MeasureForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            person = person_in(editable_on(request, org.pk, data["decided_on"]), data["person"])
            held = services.member_on(person, data["decided_on"]) if person else None
            if person is None or held is None or held[0] not in subtree_on(org, data["decided_on"]):
                form.add_error("person", not_found_message())
            else:
                try:
                    measure = services.discipline_member(
                        person,
                        recorded_by=request.user.get_username(),
                        override=override_of(data),
                        **form.measure(),
                    )
                except RuleViolation as violation:
                    refusal = violation
                    form = MeasureForm(initial={**request.POST.dict(), "override_rule": violation.code})
                except DisciplineRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi: %(name)s, %(sanction)s ngày %(day)s")
                        % {
                            "name": person.full_name,
                            "sanction": measure.get_sanction_display(),
                            "day": vn_date(measure.decided_on),
                        },
                    )
                    return redirect("work_discipline", code=org.code)
    else:
        form = MeasureForm(initial={"decided_on": on})
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Ghi kỷ luật đảng viên"),
            "back": (reverse("work_discipline", args=[org.code]), _("Kỷ luật, khen thưởng")),
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw_measure(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a measure (annulled on complaint, or entered in error), with the reason and the
    decision that annulled it; an expulsion's membership event is voided by the service."""
    wrong = scope_of(request).record(
        DisciplinaryMeasure.objects.select_related("person", "organization"), uid, Role.EDIT, amend=True
    )
    org = wrong.organization
    what = _("%(sanction)s ngày %(day)s") % {
        "sanction": wrong.get_sanction_display(),
        "day": vn_date(wrong.decided_on),
    }
    url = reverse("work_discipline", args=[org.code])
    return withdrawal_page(
        request,
        Withdrawal(
            organization=org,
            title=_("Hủy bỏ quyết định kỷ luật"),
            back=(url, _("Kỷ luật, khen thưởng")),
            facts=[
                (_("Đảng viên, tổ chức"), wrong.person.full_name if wrong.person else org.code),
                (_("Hình thức"), what),
                (_("Căn cứ"), wrong.basis_number or "—"),
            ],
            done=withdrawn(what),
            then=url,
            withdraw=lambda data, by: services.withdraw_measure(
                wrong, legal_basis=basis_of(data), recorded_by=by, note=data["note"]
            ),
            refused=(DisciplineRefused,),
            form=WithdrawWithBasisForm,
        ),
    )


@require_http_methods(["GET", "POST"])
def withdraw_commendation(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a commendation entered in error, with the reason."""
    wrong = scope_of(request).record(
        Commendation.objects.select_related("person", "organization"), uid, Role.EDIT, amend=True
    )
    org = wrong.organization
    url = reverse("work_discipline", args=[org.code])
    return withdrawal_page(
        request,
        Withdrawal(
            organization=org,
            title=_("Hủy bỏ khen thưởng"),
            back=(url, _("Kỷ luật, khen thưởng")),
            facts=[
                (_("Đảng viên, tổ chức"), wrong.person.full_name if wrong.person else org.code),
                (_("Hình thức"), f"{wrong.title} ({vn_date(wrong.awarded_on)})"),
                (_("Cấp khen thưởng"), wrong.awarding_body),
            ],
            done=withdrawn(wrong.title),
            then=url,
            withdraw=lambda data, by: services.withdraw_commendation(
                wrong, recorded_by=by, note=data["note"]
            ),
            refused=(DisciplineRefused,),
        ),
    )


@require_http_methods(["GET", "POST"])
def commend(request: HttpRequest, code: str) -> HttpResponse:
    """A commendation of a member held by the organization's subtree on the day of the decision, or
    of the organization itself (no member's code)."""
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if request.method == "POST":
        form = CommendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            on_the_day = editable_on(request, org.pk, data["awarded_on"])
            person = None
            if data["person"].strip():
                person = person_in(on_the_day, data["person"])
                held = services.member_on(person, data["awarded_on"]) if person else None
                if person is None or held is None or held[0] not in subtree_on(org, data["awarded_on"]):
                    form.add_error("person", not_found_message())
            if not form.errors:
                try:
                    award = services.commend(
                        recorded_by=request.user.get_username(),
                        person=person,
                        organization=None if person else org,
                        **form.commendation(),
                    )
                except DisciplineRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi: %(title)s ngày %(day)s")
                        % {"title": award.title, "day": vn_date(award.awarded_on)},
                    )
                    return redirect("work_discipline", code=org.code)
    else:
        form = CommendForm(initial={"awarded_on": on, "years": 1})
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Ghi khen thưởng"),
            "back": (reverse("work_discipline", args=[org.code]), _("Kỷ luật, khen thưởng")),
            "form": form,
            "fields": list(form),
            "refusal": None,
        },
    )
