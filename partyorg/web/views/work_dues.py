"""Party dues of a cell for a month or a period: each member's amount due with its explanation,
what was paid, the arrears and the three-month warnings; recording a cell's collection for a month
(prefilled with what is still due), a member's basis, and a member's relief decided on application
(withdrawn by a new row that says why; the withdrawn one stays). Above a cell, the arrears per cell are
loaded after the page (htmx) and only for a subtree of a grassroots organization's size: the
province's collection is a report's figure (``reports.statistics.dues``), not a page's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.accounts.scope import OutOfScope
from partyorg.discipline.services import member_on
from partyorg.dues import services
from partyorg.dues.models import DuesRelief
from partyorg.dues.queries import (
    MemberMonth,
    arrears_by_cell,
    arrears_of,
    member_months,
    payments_in_force,
    reliefs_in_force,
    warnings_of,
)
from partyorg.dues.services import DuesRefused
from partyorg.members.models import Person
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgKind
from partyorg.organizations.services import version_on
from partyorg.reports.statistics.scope import subtree_on
from partyorg.rules import dues as rules
from partyorg.rules.base import RuleViolation
from partyorg.web.forms_yearly import BasisForm, PaymentsForm, ReliefForm, parse_month
from partyorg.web.views.work import (
    Withdrawal,
    amendable,
    basis_of,
    editable_on,
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


def _is_cell(org: Organization, on: date) -> bool:
    version = version_on(org, on)
    return version is not None and version.kind in MEMBER_HOLDING_KINDS


def explain(row: MemberMonth) -> str:
    """How the amount due was reached, in Vietnamese."""
    due = row.due
    if due is None:
        return row.problem
    parts = []
    if due.rate is not None and due.base is not None:
        parts.append(f"{due.rate.normalize():f}% × {rules.vnd(due.base)} ({due.base_label})")
    else:
        parts.append(due.rule.title)
    if due.relief is not None:
        parts.append(
            f"{_('giảm')} {due.relief.percent}%{' — ' + due.relief.label if due.relief.label else ''}"
        )
    parts.extend(due.notes)
    return "; ".join(parts)


def dues(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    first, last = _months(request)
    context: dict[str, object] = {
        "org": org,
        "name": name_of(org, on),
        "first": first,
        "last": last,
        "is_cell": _is_cell(org, on),
        "can_edit": scope.can(org.pk, Role.EDIT),
    }
    if context["is_cell"]:
        rows = member_months([org.pk], first, last, as_of=on)
        year_rows = (
            member_months(
                [org.pk], date(last.year, 1, 1), rules.month_start(min(on, date(last.year, 12, 31))), as_of=on
            )
            if last.year <= on.year
            else []
        )
        people = Person.objects.only("code", "full_name").in_bulk(
            {r.person_id for r in rows} | {r.person_id for r in year_rows}
        )
        by_person: dict[int, list[tuple[MemberMonth, str]]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r.month):
            by_person[row.person_id].append((row, explain(row)))
        members = sorted(by_person.items(), key=lambda item: people[item[0]].full_name)
        payments = (
            payments_in_force()
            .filter(person_id__in=list(by_person), month__gte=first, month__lte=last)
            .order_by("paid_on", "pk")
            .values_list("person_id", "month", "amount", "paid_on", "channel")
        )
        paid_by: dict[int, list[tuple[date, int, date, str]]] = defaultdict(list)
        for person_id, month, amount, paid_on, channel in payments:
            paid_by[person_id].append((month, amount, paid_on, channel))
        reliefs = list(
            reliefs_in_force()
            .filter(person_id__in=list(by_person), first_month__lte=last)
            .filter(Q(last_month__isnull=True) | Q(last_month__gte=first))
            .order_by("first_month", "pk")
        )
        deciders = names_on({r.decided_by_id for r in reliefs if r.decided_by_id}, on)
        context.update(
            {
                "reliefs": [
                    (people[r.person_id], r, deciders.get(r.decided_by_id or 0, "")) for r in reliefs
                ],
                "members": [(people[pid], months, paid_by.get(pid, [])) for pid, months in members],
                "due": sum(r.amount_due for r in rows),
                "paid": sum(r.paid for r in rows),
                "arrears": [(people[a.person_id], a) for a in arrears_of(rows, on)],
                "warnings": [(people[w.person_id], w) for w in warnings_of(year_rows, last.year, on)],
            }
        )
    return render(request, "web/work_dues.html", context)


def cells(request: HttpRequest, code: str) -> HttpResponse:
    """The arrears per cell under an organization (asked for by the dues page once shown), only for
    a subtree of at most a grassroots organization's size."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    first, last = _months(request)
    ids = subtree_in(scope, org)
    if len(ids) > MAX_ORGS_FOR_ARREARS:
        return render(request, "web/work_dues_cells.html", {"org": org, "too_large": True})
    found = arrears_by_cell(ids, first, last, as_of=on)
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
        },
    )


@require_http_methods(["GET", "POST"])
def record_payments(request: HttpRequest, code: str) -> HttpResponse:
    """A cell's collection for one month: each member's amount, prefilled with what is still due."""
    scope = scope_of(request)
    cell = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if not _is_cell(cell, on):
        raise OutOfScope(code)
    month = parse_month(request.GET.get("thang")) or rules.month_start(on)
    rows = sorted(member_months([cell.pk], month, month), key=lambda r: r.person_id)
    people = Person.objects.only("code", "full_name").in_bulk([r.person_id for r in rows])
    typed: dict[int, str] = {}
    if request.method == "POST":
        form = PaymentsForm(request.POST)
        for row in rows:
            typed[row.person_id] = request.POST.get(f"amount_{row.person_id}", "").strip()
        amounts: dict[int, int] = {}
        for pid, text in typed.items():
            digits = text.replace(".", "").replace(" ", "")
            if digits:
                if not digits.isdigit():
                    form.add_error(
                        None, _("%(name)s: số tiền không hợp lệ") % {"name": people[pid].full_name}
                    )
                elif int(digits):
                    amounts[pid] = int(digits)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, cell.pk, data["paid_on"])
            if not amounts:
                form.add_error(None, _("Chưa ghi số tiền của đảng viên nào"))
            else:
                try:
                    with transaction.atomic():
                        for pid, amount in amounts.items():
                            services.record_payment(
                                people[pid],
                                month=month,
                                amount=amount,
                                paid_on=data["paid_on"],
                                organization=cell,
                                channel=data["channel"],
                                recorded_by=request.user.get_username(),
                            )
                except DuesRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi đảng phí tháng %(month)s của %(n)s đảng viên")
                        % {"month": rules.month_label(month), "n": len(amounts)},
                    )
                    url = reverse("work_dues", args=[cell.code])
                    return redirect(f"{url}?tu={month:%m/%Y}&den={month:%m/%Y}")
    else:
        form = PaymentsForm(initial={"paid_on": min(on, rules.month_end(month)), "channel": "cash"})
    lines = []
    for row in sorted(rows, key=lambda r: people[r.person_id].full_name):
        default = str(max(0, row.amount_due - row.paid)) if row.due else ""
        lines.append((people[row.person_id], row, explain(row), typed.get(row.person_id, default)))
    return render(
        request,
        "web/work_dues_pay.html",
        {"org": cell, "name": name_of(cell, on), "month": month, "lines": lines, "form": form},
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
            held = member_on(person, day) if person else None
            if person is None or held is None or held[0] not in subtree_on(org, day):
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


def _deciding_code(org: Organization, on: date) -> str:
    """Who usually decides a relief for a member of ``org`` (RULES.md §4.1, QĐ 01 [P]): a grassroots
    cell itself, a subordinate cell's superior committee."""
    version = version_on(org, on)
    if version is None or version.kind == OrgKind.GRASSROOTS_CELL or version.parent is None:
        return org.code
    return version.parent.code


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
            held = member_on(person, day) if person else None
            deciding = Organization.objects.filter(code=data["decided_by"].strip()).first()
            if person is None or held is None or held[0] not in subtree_on(org, day):
                form.add_error("person", not_found_message())
            elif deciding is None:
                form.add_error("decided_by", _("Không tìm thấy tổ chức có mã này"))
            else:
                try:
                    services.record_relief(
                        person,
                        ground=data["ground"],
                        percent=data["percent"],
                        first_month=data["first_month"],
                        last_month=data["last_month"],
                        decided_by=deciding,
                        legal_basis=basis_of(data),
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
                "decided_by": _deciding_code(org, on),
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
    wrong = DuesRelief.objects.filter(uid=uid).select_related("person", "decided_by").first()
    if wrong is None or wrong.withdrawn:  # a withdrawal is not itself withdrawn
        raise OutOfScope(uid)
    day = rules.month_end(wrong.first_month)
    held = member_on(wrong.person, day) or member_on(wrong.person, wrong.first_month)
    if held is None:
        raise OutOfScope(uid)
    amendable(request, held[0], day)
    cell = Organization.objects.get(pk=held[0])
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
