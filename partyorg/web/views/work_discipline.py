"""Discipline and commendations of an organization's subtree in a period, and recording a measure
against a member (an expulsion also becomes the member's event: the service records it)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.accounts.scope import OutOfScope
from partyorg.core.formats import vn_date
from partyorg.discipline import services
from partyorg.discipline.queries import commendations_for, measures_for
from partyorg.discipline.services import DisciplineRefused
from partyorg.reports.statistics.scope import subtree_on
from partyorg.rules.base import RuleViolation
from partyorg.web.forms_yearly import MeasureForm
from partyorg.web.views.work import (
    basis_of,
    editable_on,
    name_of,
    names_on,
    not_found_message,
    on_of,
    override_of,
    page_of,
    scope_of,
    subtree_in,
)
from partyorg.web.views.work_meetings import _period

COMMENDATIONS_SHOWN = 50


def discipline(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    period = _period(request)
    ids = subtree_in(scope, org)
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
            on_the_day = editable_on(request, org.pk, data["decided_on"])
            try:
                person = on_the_day.person(data["person"].strip(), Role.EDIT)
            except OutOfScope:
                person = None
            held = services.member_on(person, data["decided_on"]) if person else None
            if person is None or held is None or held[0] not in subtree_on(org, data["decided_on"]):
                form.add_error("person", not_found_message())
            else:
                try:
                    measure = services.discipline_member(
                        person,
                        data["sanction"],
                        data["decided_on"],
                        legal_basis=basis_of(data),
                        recorded_by=request.user.get_username(),
                        deciding_body=data["deciding_body"],
                        violation_on=data["violation_on"],
                        self_remedied=data["self_remedied"],
                        post=data["post"],
                        votes_for=data["votes_for"],
                        entitled_voters=data["entitled_voters"],
                        note=data["note"],
                        override=override_of(data),
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
