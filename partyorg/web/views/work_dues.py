"""Party dues of a cell for a month or a period: each member's amount due with its explanation,
what was paid, who owes what and the three-month warnings; recording a cell's collection for a month
(only what the officer confirms or types), a member's basis, and a member's relief decided on application
(withdrawn by a new row that says why; the withdrawn one stays). Above a cell, the arrears per cell are
loaded after the page (htmx) and only for a subtree of a grassroots organization's size: the
province's collection is a report's figure (``reports.statistics.dues``), not a page's."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.accounts.scope import OutOfScope, owner_of
from partyorg.core.formats import vn_number
from partyorg.core.forms import parse_month
from partyorg.dues import services
from partyorg.dues.forms import BasisForm, Owed, PaymentsForm, ReliefForm
from partyorg.dues.models import DuesRelief, PaymentChannel
from partyorg.dues.queries import (
    arrears_by_cell,
    cell_dues,
    collects_dues,
    member_months,
    member_under,
    owing_since,
    payments_of,
    reliefs_over,
    roster_of,
    usual_decider,
)
from partyorg.dues.services import DuesRefused
from partyorg.members.models import Person
from partyorg.organizations.models import Organization
from partyorg.rules import dues as rules
from partyorg.rules.base import RuleViolation
from partyorg.web.views.work import (
    Withdrawal,
    editable_on,
    log_people_list,
    name_of,
    names_on,
    not_found_message,
    on_of,
    page_of,
    scope_of,
    subtree_in,
    withdrawal_page,
    withdrawn,
)

MAX_MONTHS = 12
# Above this many organizations, per-cell arrears are a report's figure, not a page's.
MAX_ORGS_FOR_ARREARS = 150


def _months(request: HttpRequest) -> tuple[date, date]:
    """``?tu=mm/yyyy`` … ``?den=mm/yyyy``; by default the page's month; at most twelve months."""
    on = on_of(request)
    first = parse_month(request.GET.get("tu")) or rules.month_start(on)
    last = parse_month(request.GET.get("den")) or first
    if last < first:
        last = first
    months = rules.months_between(first, last)
    return first, months[:MAX_MONTHS][-1]


def dues(request: HttpRequest, code: str) -> HttpResponse:
    """A cell's dues for the months shown: each member's months (due, how, paid, by whom and when), and
    who owes what (``queries.cell_dues``: one definition of owing for every figure of the page)."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    first, last = _months(request)
    context: dict[str, object] = {
        "org": org,
        "name": name_of(org, on),
        "first": first,
        "last": last,
        "is_cell": collects_dues(org, on),
        "can_edit": scope.can(org.pk, Role.EDIT),
    }
    if context["is_cell"]:
        months = {"first": f"{first:%m/%Y}", "last": f"{last:%m/%Y}"}
        log_people_list(request, org, _("Đảng phí từ %(first)s đến %(last)s") % months)
        page = cell_dues([org.pk], first, last, as_of=on)
        people = Person.objects.only("code", "full_name").in_bulk(
            {r.person_id for r in page.rows} | {a.person_id for a in page.owing}
        )
        by_person = roster_of(page, as_of=on)
        members = sorted(by_person.items(), key=lambda item: people[item[0]].full_name)
        reliefs = reliefs_over(by_person, first, last)
        deciders = names_on({r.decided_by_id for r in reliefs if r.decided_by_id}, on)
        context.update(
            {
                "reliefs": [
                    (people[r.person_id], r, deciders.get(r.decided_by_id or 0, "")) for r in reliefs
                ],
                "members": [(people[pid], months) for pid, months in members],
                "due": page.due,
                "paid": page.paid,
                "since": page.since,
                "owing": [(people[a.person_id], a) for a in page.owing],
                "warnings": [(people[w.person_id], w) for w in page.warnings],
                "channels": dict(PaymentChannel.choices),
            }
        )
    return render(request, "web/work_dues.html", context)


def cells(request: HttpRequest, code: str) -> HttpResponse:
    """The arrears per cell under an organization (asked for by the dues page once shown), only for
    a subtree of at most a grassroots organization's size; over the months a cell's page counts who
    owes (``queries.owing_since`` to the last month shown), so that both say the same."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    first, last = _months(request)
    ids = subtree_in(scope, org)
    if len(ids) > MAX_ORGS_FOR_ARREARS:
        return render(request, "web/work_dues_cells.html", {"org": org, "too_large": True})
    since = owing_since(first, last)
    found = arrears_by_cell(ids, since, last, as_of=on)
    names = names_on(found, on)
    codes = dict(Organization.objects.filter(pk__in=list(found)).values_list("pk", "code"))
    rows = sorted(found.values(), key=lambda c: (-c.shortfall, names.get(c.organization_id, "")))
    page = page_of(request, rows)
    return render(
        request,
        "web/work_dues_cells.html",
        {
            "org": org,
            "page": page,
            "rows": [(c, names.get(c.organization_id, ""), codes.get(c.organization_id, "")) for c in page],
            "first": first,
            "last": last,
            "since": since,
        },
    )


@require_http_methods(["GET", "POST"])
def record_payments(request: HttpRequest, code: str) -> HttpResponse:
    """A cell's collection for one month: what each member paid, as the officer confirms it ("đã nộp
    đủ") or types it; nothing prefilled, an empty line records nothing (``services.record_month``)."""
    scope = scope_of(request)
    cell = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if not collects_dues(cell, on):
        raise Http404(code)  # dues are recorded at a cell
    month = parse_month(request.GET.get("thang")) or rules.month_start(on)
    rows = member_months([cell.pk], month, month)  # every payment of the month, whenever made
    people = Person.objects.only("code", "full_name").in_bulk([r.person_id for r in rows])
    rows.sort(key=lambda r: (people[r.person_id].full_name, r.person_id))
    roster = [Owed(r.person_id, people[r.person_id].full_name, r.shortfall) for r in rows]
    if request.method == "GET":
        log_people_list(request, cell, _("Thu đảng phí tháng %(month)s") % {"month": f"{month:%m/%Y}"})
    if request.method == "POST":
        form = PaymentsForm(request.POST, roster=roster)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, cell.pk, data["paid_on"])
            try:
                made = services.record_month(
                    cell,
                    month,
                    form.collected(people),
                    paid_on=data["paid_on"],
                    channel=data["channel"],
                    recorded_by=request.user.get_username(),
                )
            except DuesRefused as refused:
                form.refused(refused)
            else:
                who = "; ".join(f"{p.person.full_name} {vn_number(p.amount)} đ" for p in made)
                messages.success(
                    request,
                    _("Đã ghi đảng phí tháng %(month)s của %(n)s đảng viên: %(who)s")
                    % {"month": rules.month_label(month), "n": len(made), "who": who},
                )
                url = reverse("work_dues", args=[cell.code])
                return redirect(f"{url}?tu={month:%m/%Y}&den={month:%m/%Y}")
    else:
        form = PaymentsForm(
            roster=roster, initial={"paid_on": min(on, rules.month_end(month)), "channel": "cash"}
        )
    paid = payments_of(people, month, month)
    lines = [(people[r.person_id], r, paid.get(r.person_id, []), form.line(r.person_id)) for r in rows]
    return render(
        request,
        "web/work_dues_pay.html",
        {
            "org": cell,
            "name": name_of(cell, on),
            "month": month,
            "lines": lines,
            "form": form,
            "fields": [form["paid_on"], form["channel"]],
            "channels": dict(PaymentChannel.choices),
        },
    )


@require_http_methods(["GET", "POST"])
def record_basis(request: HttpRequest, code: str) -> HttpResponse:
    """A member's dues basis from a month on (category, salary or pension, minimum-wage region)."""
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if request.method == "POST":
        form = BasisForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            day = rules.month_end(data["from_month"])
            on_the_day = editable_on(request, org.pk, day)
            try:
                person: Person | None = on_the_day.person(data["person"].strip(), Role.EDIT)
            except OutOfScope:
                person = None
            if person is None or not member_under(person, org, day):
                form.add_error("person", not_found_message())
            else:
                try:
                    services.record_basis(
                        person,
                        from_month=data["from_month"],
                        category=data["category"],
                        amount=data["amount"],
                        region=data["region"],
                        note=data["note"],
                        recorded_by=request.user.get_username(),
                    )
                except DuesRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi căn cứ đóng đảng phí của %(name)s từ tháng %(month)s")
                        % {"name": person.full_name, "month": rules.month_label(data["from_month"])},
                    )
                    return redirect("work_dues", code=org.code)
    else:
        form = BasisForm(initial={"from_month": rules.month_start(on), "person": request.GET.get("dv", "")})
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Ghi căn cứ đóng đảng phí"),
            "back": (reverse("work_dues", args=[org.code]), _("Đảng phí")),
            "form": form,
            "fields": list(form),
            "refusal": None,
        },
    )


@require_http_methods(["GET", "POST"])
def record_relief(request: HttpRequest, code: str) -> HttpResponse:
    """A member's exemption or reduction decided on their application (RULES.md §4.1): the ground,
    the share, the months and the deciding organization with its decision. A rule's refusal (a
    share the ground does not allow, more than 12 months, the wrong deciding organization) is shown
    with what was typed; the service takes no override for it."""
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if request.method == "POST":
        form = ReliefForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            day = rules.month_end(data["first_month"])
            on_the_day = editable_on(request, org.pk, day)
            try:
                person: Person | None = on_the_day.person(data["person"].strip(), Role.EDIT)
            except OutOfScope:
                person = None
            if person is None or not member_under(person, org, day):
                form.add_error("person", not_found_message())
            else:
                try:
                    services.record_relief(
                        person,
                        ground=data["ground"],
                        percent=data["percent"],
                        first_month=data["first_month"],
                        last_month=data["last_month"],
                        decided_by=data["decided_by"],
                        legal_basis=form.legal_basis(),
                        recorded_by=request.user.get_username(),
                        note=data["note"],
                    )
                except (DuesRefused, RuleViolation) as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi miễn, giảm đảng phí của %(name)s từ tháng %(month)s")
                        % {"name": person.full_name, "month": rules.month_label(data["first_month"])},
                    )
                    url = reverse("work_dues", args=[org.code])
                    return redirect(f"{url}?tu={data['first_month']:%m/%Y}")
    else:
        form = ReliefForm(
            initial={
                "first_month": rules.month_start(on),
                "person": request.GET.get("dv", ""),
                "decided_by": usual_decider(org, on).code,
                "percent": 100,
            }
        )
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Ghi miễn, giảm đảng phí"),
            "back": (reverse("work_dues", args=[org.code]), _("Đảng phí")),
            "form": form,
            "fields": list(form),
            "refusal": None,
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw_relief(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a relief entered in error, with the reason: a new row, the withdrawn one stays. It is
    the record of the cell that held the member in its first month (whose dues it changed)."""
    wrong = scope_of(request).record(
        DuesRelief.objects.filter(withdrawn=False).select_related("person", "decided_by"),  # not a withdrawal
        uid,
        Role.EDIT,
        amend=True,
    )
    _kind, cell_id, _day = owner_of(wrong)  # the cell whose record it is, which scope.record reached
    cell = Organization.objects.get(pk=cell_id or 0)
    what = _("%(ground)s, %(percent)s%% từ tháng %(month)s") % {
        "ground": wrong.get_ground_display(),
        "percent": wrong.percent,
        "month": rules.month_label(wrong.first_month),
    }
    url = reverse("work_dues", args=[cell.code])
    on = on_of(request)
    return withdrawal_page(
        request,
        Withdrawal(
            organization=cell,
            title=_("Hủy bỏ quyết định miễn, giảm đảng phí"),
            back=(url, _("Đảng phí")),
            facts=[
                (_("Đảng viên"), wrong.person.full_name),
                (_("Miễn, giảm"), what),
                (
                    _("Đến tháng"),
                    rules.month_label(wrong.last_month) if wrong.last_month else _("khi còn lý do"),
                ),
                (_("Cấp quyết định"), name_of(wrong.decided_by, on) if wrong.decided_by else "—"),
                (_("Căn cứ"), wrong.basis_number or "—"),
            ],
            done=withdrawn(what),
            then=f"{url}?tu={wrong.first_month:%m/%Y}",
            withdraw=lambda data, by: services.withdraw_relief(wrong, recorded_by=by, note=data["note"]),
            refused=(DuesRefused, RuleViolation),
        ),
    )
