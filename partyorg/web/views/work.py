"""The party's yearly work ("Công tác đảng"): the index page, and what its pages share.

Every page reaches its organization through ``request.scope`` (the user's scope on the page's day);
every write asks again for the role EDIT on the day the record takes effect, with
``Scope(request.user, day)``, as a member's events do (:mod:`partyorg.web.views.record`). Out of
scope is "not found" (404)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import OutOfScope, Scope
from partyorg.committees.queries import overdue_on
from partyorg.core.records import LegalBasis
from partyorg.members.models import Person
from partyorg.members.services import Override
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import display_names
from partyorg.reports.statistics.scope import subtree_on
from partyorg.web.forms_work import WithdrawForm

PAGE_SIZE = 50
T = TypeVar("T")


def scope_of(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined,no-any-return]


def on_of(request: HttpRequest) -> date:
    return request.on  # type: ignore[attr-defined,no-any-return]


def editable_on(request: HttpRequest, org_id: int, day: date) -> Scope:
    """The user's scope on ``day``, when they may change ``org_id``'s records that day; else 404."""
    scope = scope_of(request).on_day(day)
    scope.require(org_id, Role.EDIT)
    return scope


def amendable(request: HttpRequest, org_id: int, day: date) -> Scope:
    """The user's scope on ``day``, when they may correct or withdraw a record of ``org_id`` dated
    ``day``: they change ``org_id``'s records both on the page's day and on the record's own day (a
    correction is a write of that day). Else 404, as if the record did not exist. A record fetched
    by uid asks it of the one getter instead: ``scope.record(Model, uid, Role.EDIT, amend=True)``."""
    scope_of(request).require(org_id, Role.EDIT, on=day)
    return scope_of(request).on_day(day)


def person_in(scope: Scope, code: str) -> Person | None:
    """A member the user may name on the scope's day (introducer, mentor, who takes a seat): held
    that day by an organization the user may change, by their record's code (None when not found).
    A member who has left is seen where they were, not named there (issue 13)."""
    try:
        return scope.person(code.strip(), Role.EDIT)
    except OutOfScope:
        return None


def subtree_in(scope: Scope, org: Organization) -> frozenset[int]:
    """``org``'s subtree on the scope's day, as far as the scope reaches."""
    return subtree_on(org, scope.on) & scope.org_ids()


def log_people_list(request: HttpRequest, org: Organization, what: str) -> None:
    """A page of the yearly work that names people (ratings, attendance, dues, candidates, …) in the
    read log, as the member list is (issue 19): one row a request, under the organization it was
    drawn from, after the scope let the reader through; the detail says which list and its path."""
    log_read(request, ReadKind.MEMBER_LIST, organization=org, detail=f"{what} — {request.get_full_path()}")


def names_on(org_ids: Collection[int], on: date) -> dict[int, str]:
    """Organization id → its name on ``on`` (or its latest name), with its parent's when the name
    alone is ambiguous (:func:`partyorg.organizations.queries.display_names`), in two queries."""
    return display_names(org_ids, on)


def name_of(org: Organization, on: date) -> str:
    return display_names([org.pk], on).get(org.pk, org.code)


def basis_of(data: dict[str, Any]) -> LegalBasis:
    return LegalBasis(data.get("basis_number") or "", data.get("basis_date"), data.get("basis_issuer") or "")


def override_of(data: dict[str, Any]) -> Override | None:
    rule = data.get("override_rule") or ""
    return Override(rule, data.get("override_reason") or "") if rule else None


def page_of(request: HttpRequest, rows: Sequence[T]) -> Page:  # type: ignore[type-arg]
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def int_param(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return max(low, min(high, value))


# -- withdrawing a record ---------------------------------------------------------------------


def withdrawn(what: str) -> str:
    """The message after a withdrawal: "Đã hủy bỏ: <what>"."""
    return _("Đã hủy bỏ: %(what)s") % {"what": what}


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal page shows and does for one record (see :func:`withdrawal_page`).

    ``withdraw`` calls the app's service with the form's cleaned data and the user's name (who records
    the withdrawal); ``refused`` are the exceptions by which that service refuses. ``done`` is the
    message shown after the withdrawal and ``then`` the address the user goes to."""

    organization: Organization
    title: str
    back: tuple[str, str]  # (address, label) of the page the record is listed on
    facts: Sequence[tuple[str, object]]
    done: str
    then: str
    withdraw: Callable[[dict[str, Any], str], object]
    refused: tuple[type[Exception], ...]
    form: type[WithdrawForm] = WithdrawForm  # or WithdrawWithBasisForm, for a decision's document


def withdrawal_page(request: HttpRequest, withdrawal: Withdrawal) -> HttpResponse:
    """The page that withdraws a record entered in error (a meeting, a congress, a position, a rating,
    a measure, a commendation, a relief), the same for all of them.

    Records are append-only: the service does not delete nor change the wrong row, it writes a new row
    that marks it withdrawn and says why, so the reason (``note``) is required. On GET the page shows
    the record's facts and a blank form; on POST a valid form calls ``withdrawal.withdraw``; a refusal
    of the service (one of ``withdrawal.refused``) is shown on the form with what was typed, else the
    user is sent to ``withdrawal.then`` with the message ``withdrawal.done``. The caller has already
    found the record and checked that the user may amend it (:func:`amendable`)."""
    if request.method == "POST":
        form = withdrawal.form(request.POST)
        if form.is_valid():
            try:
                withdrawal.withdraw(form.cleaned_data, request.user.get_username())
            except withdrawal.refused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, withdrawal.done)
                return redirect(withdrawal.then)
    else:
        form = withdrawal.form()
    org = withdrawal.organization
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "title": withdrawal.title,
            "back": withdrawal.back,
            "facts": withdrawal.facts,
            "form": form,
            "fields": list(form),
            "refusal": None,
            "button": _("Hủy bỏ bản ghi"),
        },
    )


# -- pages ------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The user's organizations with a way into each part of the yearly work; another organization
    of the scope by its code."""
    scope = scope_of(request)
    on = on_of(request)
    code = request.GET.get("org", "").strip()
    if code:
        return redirect("work_org", code=scope.organization(code).code)
    roots = scope.roots()
    if len(roots) == 1:
        return redirect("work_org", code=roots[0].code)
    return render(request, "web/work.html", {"orgs": [(org, name_of(org, on)) for org in roots], "org": None})


def organization(request: HttpRequest, code: str) -> HttpResponse:
    """One organization's yearly work: links to its candidates, committees, meetings and ties."""
    scope = scope_of(request)
    org = scope.organization(code)
    return render(
        request,
        "web/work.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "can_edit": scope.can(org.pk, Role.EDIT),
            "orgs": [(r, name_of(r, on_of(request))) for r in scope.roots()],
        },
    )


def overdue(request: HttpRequest) -> HttpResponse:
    """Organizations under the user's whose term is overdue on the day (or has no congress recorded)."""
    scope = scope_of(request)
    on = on_of(request)
    unknown = request.GET.get("chua-ghi") == "1"
    rows = overdue_on(scope.org_ids(), on, include_unknown=unknown)
    return render(
        request,
        "web/work_overdue.html",
        {"page": page_of(request, rows), "count": len(rows), "unknown": unknown},
    )


def not_found_message() -> str:
    return _("Không tìm thấy đảng viên có mã này trong phạm vi được giao")
