from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import OutOfScope, Scope
from partyorg.core.formats import vn_date
from partyorg.core.records import LegalBasis
from partyorg.members.models import PersonCorrection
from partyorg.members.services import (
    PERSON_ATTRIBUTES,
    EventRefused,
    Override,
    PersonRefused,
    correct_person,
    next_kinds,
    record_event,
)
from partyorg.organizations.models import Organization
from partyorg.rules.base import RuleViolation
from partyorg.web.forms import EventForm, PersonForm


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, code: str) -> HttpResponse:
    """Record the next event of a person the user may edit. A rule's refusal is shown with its
    Vietnamese reason; the officer may then record it anyway with a reason, which is kept."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    person = scope.person(code, Role.EDIT)
    log_read(request, ReadKind.PERSON, person=person)
    # What can follow the person's history on the page's day, by the same replay that refuses the rest.
    kinds = next_kinds(person, on)
    refusal: RuleViolation | None = None
    if request.method == "POST":
        form = EventForm(request.POST, kinds=kinds)
        if form.is_valid():
            data = form.cleaned_data
            on_the_day = scope.on_day(data["effective_on"])
            # Not found, when the user may edit this person today and not on that day.
            on_the_day.person(code, Role.EDIT)
            try:
                event = record_event(
                    person,
                    data["kind"],
                    data["effective_on"],
                    organization=_editable(on_the_day, data["organization"], form, "organization"),
                    other_organization=_named(data["other_organization"], form),
                    external_place=data["external_place"],
                    detail=data["detail"],
                    exit_ground=data.get("exit_ground", ""),
                    consent=form.consent(),
                    note=data["note"],
                    override=Override(data["override_rule"], data["override_reason"])
                    if data["override_rule"]
                    else None,
                    legal_basis=LegalBasis(data["basis_number"], data["basis_date"], data["basis_issuer"]),
                    recorded_by=request.user.get_username(),
                )
            except _Invalid:
                pass  # the form carries the error
            except RuleViolation as violation:
                refusal = violation
                # Shown again with what was typed, the rule named, and room for a reason.
                form = EventForm(
                    initial={**request.POST.dict(), "override_rule": violation.code}, kinds=kinds
                )
            except EventRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"Đã ghi: {event.get_kind_display()} ngày {vn_date(event.effective_on)}",
                )
                return redirect("member", code=person.code)
    else:
        form = EventForm(initial={"kind": request.GET.get("kind", ""), "effective_on": on}, kinds=kinds)
    return render(
        request,
        "web/record.html",
        {"person": person, "form": form, "refusal": refusal, "on": on, "nothing_next": not kinds},
    )


class _Invalid(Exception):
    pass


def _editable(scope: Scope, code: str, form: EventForm, field: str) -> Organization | None:
    """The organization the event puts the person in or happens at: one the user may edit."""
    if not code:
        return None
    try:
        return scope.organization(code.strip(), Role.EDIT)
    except OutOfScope:
        form.add_error(field, "Không tìm thấy tổ chức có mã này trong phạm vi được giao")
        raise _Invalid from None


def _named(code: str, form: EventForm) -> Organization | None:
    """The other end of a transfer may be anywhere: the officer names it from the letter."""
    if not code:
        return None
    org = Organization.objects.filter(code=code.strip()).first()
    if org is None:
        form.add_error("other_organization", "Không tìm thấy tổ chức có mã này")
        raise _Invalid
    return org


@require_http_methods(["GET", "POST"])
def attributes(request: HttpRequest, code: str) -> HttpResponse:
    """Correct who a person is as recorded (a name misspelt, a wrong birth date or card number), by
    an officer who may change their record that day: the corrected values replace the recorded
    ones and a row keeps both, with the reason (``members.services.correct_person``)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    person = scope.person(code, Role.EDIT)
    log_read(request, ReadKind.PERSON, person=person)
    form = PersonForm(request.POST or None, initial=model_to_dict(person, fields=PERSON_ATTRIBUTES))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correct_person(
                person,
                form.changes(),
                recorded_by=request.user.get_username(),
                note=data["note"],
                legal_basis=LegalBasis(data["basis_number"], data["basis_date"], data["basis_issuer"]),
            )
        except PersonRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Đã sửa thông tin cá nhân"))
            return redirect("member", code=person.code)
    labels = {name: form.fields[name].label or name for name in PERSON_ATTRIBUTES}
    corrections = [
        (c, [(labels.get(name, name), before, after) for name, (before, after) in c.changes.items()])
        for c in PersonCorrection.objects.filter(person=person).order_by("-recorded_at", "-pk")
    ]
    return render(
        request, "web/person_attributes.html", {"person": person, "form": form, "corrections": corrections}
    )
