"""The party-card register of an organization's subtree (RULES.md §2.5): the cards issued, reissued,
exchanged and taken back in a period, recording one act on a member's card, and withdrawing a row
entered in error (the row stays, answered by the withdrawal)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.cards import services
from partyorg.cards.forms import CardForm
from partyorg.cards.models import PartyCard
from partyorg.cards.queries import cards_for
from partyorg.cards.services import CardRefused
from partyorg.core.formats import vn_date
from partyorg.reports.statistics.scope import subtree_on
from partyorg.web.views.work import (
    Withdrawal,
    editable_on,
    log_people_list,
    name_of,
    names_on,
    not_found_message,
    on_of,
    page_of,
    person_in,
    scope_of,
    subtree_in,
    withdrawal_page,
    withdrawn,
)
from partyorg.web.views.work_meetings import _period


def cards(request: HttpRequest, code: str) -> HttpResponse:
    """The register's rows in force of the organization's subtree in the period, newest first."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    period = _period(request)
    log_people_list(request, org, _("Sổ thẻ đảng viên"))
    rows = cards_for(subtree_in(scope, org), start=period.start, end=period.end).order_by(
        "-effective_on", "-pk"
    )
    page = page_of(request, rows)  # type: ignore[arg-type]
    names = names_on({row.organization_id for row in page}, on)
    return render(
        request,
        "cards/work_cards.html",
        {
            "org": org,
            "name": name_of(org, on),
            "period": period,
            "page": page,
            "rows": [(row, names.get(row.organization_id, "")) for row in page],
            "can_edit": scope.can(org.pk, Role.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def record_card(request: HttpRequest, code: str) -> HttpResponse:
    """One act on the card of a member the user may change on its day, held that day by the
    organization's subtree (a card taken back from a former member: held last by it)."""
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if request.method == "POST":
        form = CardForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            day = data["effective_on"]
            person = person_in(editable_on(request, org.pk, day), data["person"])
            held = None
            if person is not None:
                membership = services.held_by(person, day)
                held = membership[0] if membership else services.last_held_by(person, day)
            if person is None or held is None or held not in subtree_on(org, day):
                form.add_error("person", not_found_message())
            else:
                try:
                    row = services.record_card(person, recorded_by=request.user.get_username(), **form.card())
                except CardRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi: %(name)s, %(what)s số %(number)s ngày %(day)s")
                        % {
                            "name": person.full_name,
                            "what": row.get_action_display().lower(),
                            "number": row.number,
                            "day": vn_date(row.effective_on),
                        },
                    )
                    return redirect("work_cards", code=org.code)
    else:
        form = CardForm(initial={"effective_on": on})
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Ghi sổ phát thẻ đảng viên"),
            "back": (reverse("work_cards", args=[org.code]), _("Thẻ đảng viên")),
            "form": form,
            "fields": list(form),
            "refusal": None,
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw_card(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a row of the register entered in error, with the reason."""
    wrong = scope_of(request).record(
        PartyCard.objects.select_related("person", "organization"), uid, Role.EDIT, amend=True
    )
    org = wrong.organization
    what = _("%(what)s số %(number)s ngày %(day)s") % {
        "what": wrong.get_action_display(),
        "number": wrong.number,
        "day": vn_date(wrong.effective_on),
    }
    url = reverse("work_cards", args=[org.code])
    return withdrawal_page(
        request,
        Withdrawal(
            organization=org,
            title=_("Hủy bỏ dòng sổ phát thẻ"),
            back=(url, _("Thẻ đảng viên")),
            facts=[(_("Đảng viên"), wrong.person.full_name), (_("Việc"), what)],
            done=withdrawn(what),
            then=url,
            withdraw=lambda data, by: services.withdraw_card(wrong, recorded_by=by, note=data["note"]),
            refused=(CardRefused,),
        ),
    )
