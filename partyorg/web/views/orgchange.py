"""Organization changes on the web: rename, move, merge, split, dissolve, each previewed before it
is applied.

The page never reimplements a change. It builds a *plan* — a call of the organization or member
service with the organizations the user may approve on the effective day — and runs it twice:
"Xem trước" runs it inside a transaction that is always rolled back, after reading what it wrote
(the organizations' versions and the members' reassignments), and "Áp dụng" runs it again and
commits, but only when what it wrote is exactly what the officer was shown
(:func:`partyorg.core.commands.rehearse`; the plans call the commands ``.within`` it). The rules
of a change are the services' (a rename to the same name, a taken code); who may make it, the
scope's (a split needs APPROVE over the parent: :meth:`Scope.can_split`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partyorg.accounts.middleware import parse_day
from partyorg.accounts.models import Role
from partyorg.accounts.scope import OnTheDayAndToday, OutOfScope, Scope
from partyorg.core.commands import rehearse
from partyorg.core.formats import vn_date
from partyorg.core.text import fold_vi
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.members.services import (
    EventRefused,
    dissolve_organization,
    members_of,
    merge_organizations,
    split_organization,
    void_org_change,
)
from partyorg.organizations.models import (
    Organization,
    OrgChange,
    OrgChangeItem,
    OrgChangeKind,
    OrgVersion,
    valid_on,
)
from partyorg.organizations.queries import version_on
from partyorg.organizations.services import (
    CORRECTABLE,
    OrgChangeError,
    OrgState,
    correct_change,
    current_state,
    move,
    rename,
)
from partyorg.rules.base import RuleViolation
from partyorg.web.forms_orgchange import (
    FROM,
    VOID,
    AmendChangeForm,
    ChangeForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
)


@dataclass(frozen=True)
class Plan:
    """A service call ready to run, and the organization whose page shows its result."""

    run: Callable[[], OrgChange]
    lands_on: Organization


@dataclass(frozen=True)
class Kind:
    label: str
    form: type[ChangeForm]


def kinds() -> dict[str, Kind]:
    return {
        "rename": Kind(_("Đổi tên"), RenameForm),
        "move": Kind(_("Chuyển cấp trên trực tiếp"), MoveForm),
        "merge": Kind(_("Sáp nhập"), MergeForm),
        "split": Kind(_("Chia tách"), SplitForm),
        "dissolve": Kind(_("Giải thể"), DissolveForm),
    }


# --- what a change does, read back from the database -----------------------------------------


@dataclass(frozen=True)
class Standing:
    """An organization as it stands on one day."""

    name: str
    kind: str
    parent: str  # the parent's name that day; "" at the top of the tree
    members: int  # held directly (members_of)


@dataclass(frozen=True)
class OrgRow:
    code: str
    before: Standing | None  # the day before the change
    after: Standing | None  # the effective day

    @property
    def verb(self) -> str:
        if self.before is None:
            return _("Thành lập")
        if self.after is None:
            return _("Chấm dứt hoạt động")
        if self.changed == {"members"}:
            return (
                _("Nhận đảng viên") if self.after.members > self.before.members else _("Chuyển đảng viên đi")
            )
        return _("Thay đổi")

    @property
    def changed(self) -> frozenset[str]:
        """The fields that differ, for the template to mark."""
        if self.before is None or self.after is None:
            return frozenset()
        return frozenset(k for k, v in asdict(self.before).items() if asdict(self.after)[k] != v)


@dataclass(frozen=True)
class Move:
    code: str
    name: str
    source: str
    target: str


@dataclass(frozen=True)
class Outcome:
    kind: str
    effective_on: date
    orgs: tuple[OrgRow, ...]
    moves: tuple[Move, ...]
    digest: str = field(default="", compare=False)

    @property
    def day_before(self) -> date:
        return self.effective_on - timedelta(days=1)

    @property
    def flows(self) -> list[tuple[str, str, int]]:
        """How many members go from where to where."""
        counted = Counter((m.source, m.target) for m in self.moves)
        return [(source, target, n) for (source, target), n in counted.items()]


def _standings(org_ids: set[int], on: date) -> dict[int, Standing]:
    versions = list(OrgVersion.objects.filter(valid_on(on), organization_id__in=org_ids))
    parent_ids = {v.parent_id for v in versions if v.parent_id}
    parents = dict(
        OrgVersion.objects.filter(valid_on(on), organization_id__in=parent_ids).values_list(
            "organization_id", "name"
        )
    )
    counts = Counter(members_of(org_ids, on).values())
    return {
        v.organization_id: Standing(
            v.name, str(v.get_kind_display()), parents.get(v.parent_id or 0, ""), counts[v.organization_id]
        )
        for v in versions
    }


def read_outcome(change: OrgChange, kind: str, fingerprint: str) -> Outcome:
    """What ``change`` did, as the tree stood the day before and stands on its day: the
    organizations it names, those that receive members, and every member it reassigned."""
    on = change.effective_on
    org_ids = set(OrgChangeItem.objects.filter(change=change).values_list("organization_id", flat=True))
    events = list(
        MembershipEvent.objects.filter(org_change=change, kind=EventKind.ORG_REASSIGNED).select_related(
            "person"
        )
    )
    for event in events:
        org_ids.update(i for i in (event.organization_id, event.other_organization_id) if i)
    codes = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "code"))
    before, after = _standings(org_ids, on - timedelta(days=1)), _standings(org_ids, on)

    def name(org_id: int | None, standing: dict[int, Standing]) -> str:
        known = standing.get(org_id or 0)
        return known.name if known else codes.get(org_id or 0, "")

    rows = tuple(
        sorted((OrgRow(codes[i], before.get(i), after.get(i)) for i in org_ids), key=lambda r: r.code)
    )
    moves = tuple(
        sorted(
            (
                Move(
                    e.person.code,
                    e.person.full_name,
                    name(e.other_organization_id, before),
                    name(e.organization_id, after),
                )
                for e in events
            ),
            key=lambda m: (fold_vi(m.source), fold_vi(m.target), fold_vi(m.name), m.code),
        )
    )
    outcome = Outcome(kind, on, rows, moves)
    text = json.dumps([fingerprint, asdict(outcome)], default=str, sort_keys=True)
    return Outcome(kind, on, rows, moves, hashlib.sha256(text.encode()).hexdigest())


def carry_out(plan: Plan, kind: str, fingerprint: str, *, apply_if: str | None) -> tuple[Outcome, bool]:
    """Run ``plan`` through the service and read back what it wrote. The preview is exact without
    a second copy of the services' logic: the service really runs, in a transaction rolled back
    after its versions and reassignments are read (:func:`~partyorg.core.commands.rehearse`).
    Applying runs the same way and commits only when the outcome is the one previewed
    (``apply_if``, its digest): if the data or the records changed since, it is rolled back too
    and shown again. Returns the outcome and whether it was committed."""
    return rehearse(
        lambda: read_outcome(plan.run(), kind, fingerprint),
        lambda outcome: apply_if is not None and outcome.digest == apply_if,
    )


# --- plans: the service call, with organizations the user approves on the day ---------------


class _Invalid(Exception):
    """The form carries the error."""


def _approved(scope: Scope, code: str, form: forms.Form, field_name: str) -> Organization:
    """An organization the user approves on the effective day; anything else is "not found",
    whether it does not exist or lies outside the user's subtrees."""
    try:
        return scope.organization(code.strip(), Role.APPROVE)
    except OutOfScope:
        form.add_error(
            field_name,
            _("Không tìm thấy tổ chức %(code)s trong phạm vi được giao vào ngày %(on)s")
            % {"code": code.strip(), "on": vn_date(scope.on)},
        )
        raise _Invalid from None


def _plan(kind: str, form: ChangeForm, org: Organization, scope: Scope, by: str) -> Plan:
    data = form.cleaned_data
    on: date = data["effective_on"]
    basis = form.legal_basis()
    note: str = data.get("note", "")
    if kind == "rename":
        new_name = data["new_name"]
        return Plan(
            lambda: rename.within(org, new_name, effective_on=on, legal_basis=basis, recorded_by=by), org
        )
    if kind == "move":
        parent = _approved(scope, data["new_parent"], form, "new_parent")
        new_kind = data["new_kind"] or None
        return Plan(
            lambda: move.within(
                org, parent, effective_on=on, new_kind=new_kind, legal_basis=basis, recorded_by=by
            ),
            org,
        )
    if kind == "merge":
        others = [_approved(scope, code, form, "others") for code in data["codes"]]
        if org in others:
            form.add_error("others", _("Không thể sáp nhập một tổ chức với chính nó"))
            raise _Invalid
        sources, target = (others, org) if data["direction"] == FROM else ([org], others[0])
        return Plan(
            lambda: merge_organizations.within(
                sources, target, effective_on=on, legal_basis=basis, recorded_by=by, note=note
            ),
            target,
        )
    if kind == "dissolve":
        successor = _approved(scope, data["successor"], form, "successor") if data["successor"] else None
        return Plan(
            lambda: dissolve_organization.within(
                org, effective_on=on, successor=successor, legal_basis=basis, recorded_by=by, note=note
            ),
            successor or org,
        )
    assert isinstance(form, SplitForm)
    return _split_plan(form, org, scope, by)


def _split_plan(form: SplitForm, org: Organization, scope: Scope, by: str) -> Plan:
    data = form.cleaned_data
    on: date = data["effective_on"]
    parts: dict[str, tuple[str, str, str]] = data["parts"]
    version = version_on(org, on)
    # The new organizations start under the parent: creating them is the parent's business.
    if version is None:
        raise OrgChangeError(
            _("Tổ chức %(code)s không tồn tại vào ngày %(on)s.") % {"code": org.code, "on": vn_date(on)}
        )
    if version.parent is None or not scope.can_split(org):
        form.add_error(
            None, _("Chia tách cần quyền duyệt đối với cấp trên trực tiếp, nơi đặt các tổ chức mới")
        )
        raise _Invalid
    chosen = {
        person.pk: parts[where][0]
        for person in form.members
        if (where := data.get(form.member_field(person))) in parts
    }

    def run() -> OrgChange:
        base = current_state(org, on)
        # New organizations by their codes: the service creates them in the change's transaction.
        targets = [
            (code, OrgState(**{**base.__dict__, "name": name, "kind": kind}))
            for code, name, kind in parts.values()
        ]
        return split_organization.within(
            org,
            targets,
            dict(chosen),
            effective_on=on,
            legal_basis=form.legal_basis(),
            recorded_by=by,
            note=data["note"],
        )

    return Plan(run, version.parent)


# --- the pages -------------------------------------------------------------------------------


def _members_held(org: Organization, on: date) -> list[Person]:
    """The members a split must place: those the organization holds on the effective day before
    the change (``members_of``), which is what the service checks. The day before would miss
    someone arriving on the day itself, whom the service would then refuse as unplaced."""
    people = Person.objects.filter(pk__in=list(members_of([org.pk], on)))
    return sorted(people, key=lambda p: (fold_vi(p.full_name), p.code))


def _fingerprint(form: ChangeForm) -> str:
    """The typed data, so that applying after an edit shows the preview again."""
    return json.dumps(sorted(form.cleaned_data.items()), default=str)


@require_http_methods(["GET", "POST"])
def orgchange(request: HttpRequest, code: str) -> HttpResponse:
    """Choose a kind of change, fill it in, see what it will do, apply it."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    day: date = request.on  # type: ignore[attr-defined]
    org = scope.organization(code, Role.APPROVE)
    available = kinds()
    kind = request.POST.get("kind", "") if request.method == "POST" else request.GET.get("kind", "")
    context: dict[str, Any] = {
        "org": org,
        "version": version_on(org, day),
        "kinds": available,
        "kind": kind,
    }
    if kind not in available:
        return render(request, "web/orgchange.html", context)
    form_class = available[kind].form
    extra: dict[str, Any] = {}
    if request.method == "POST":
        on = parse_day(request.POST.get("effective_on"))
        on_the_day = OnTheDayAndToday(request.user, on) if on else scope
        on_the_day.organization(code, Role.APPROVE)  # approving today is not approving on that day
        if form_class is SplitForm:
            extra = {
                "members": _members_held(org, on_the_day.on),
                "source_kind": _kind_of(org, on_the_day.on),
            }
        form = form_class(request.POST, **extra)
        outcome: Outcome | None = None
        if form.is_valid():
            try:
                plan = _plan(kind, form, org, on_the_day, request.user.get_username())
                outcome, applied = carry_out(
                    plan,
                    available[kind].label,
                    _fingerprint(form),
                    apply_if=request.POST.get("digest", "")
                    if request.POST.get("action") == "apply"
                    else None,
                )
            except _Invalid:
                pass
            except OrgChangeError as refused:
                if refused.field in form.fields:  # about one field of the form: shown there
                    form.add_error(refused.field, str(refused))
                else:
                    form.add_error(None, _("Bị từ chối: %(why)s") % {"why": refused})
            except (EventRefused, RuleViolation) as refused:
                form.add_error(None, _("Bị từ chối: %(why)s") % {"why": refused})
            else:
                if applied:
                    before = version_on(org, outcome.day_before)
                    messages.success(
                        request,
                        _("Đã ghi thay đổi tổ chức: %(kind)s %(org)s, ngày hiệu lực %(on)s")
                        % {
                            "kind": outcome.kind.lower(),
                            "org": before.name if before else org.code,
                            "on": vn_date(outcome.effective_on),
                        },
                    )
                    page = reverse("organization", args=[plan.lands_on.code])
                    return redirect(f"{page}?on={vn_date(outcome.effective_on)}")
                # Applied with data or records that differ from the preview: shown again instead.
                context["stale"] = request.POST.get("action") == "apply" and bool(request.POST.get("digest"))
        context.update(form=form, outcome=outcome)
    else:
        if form_class is SplitForm:
            extra = {"members": _members_held(org, day), "source_kind": _kind_of(org, day)}
        context["form"] = form_class(initial={"effective_on": day}, **extra)
    context["split"] = form_class is SplitForm
    return render(request, "web/orgchange.html", context)


def _kind_of(org: Organization, on: date) -> str:
    version = version_on(org, on)
    return version.kind if version else ""


@require_GET
def link(request: HttpRequest, code: str) -> HttpResponse:
    """The "Thay đổi tổ chức" link of an organization's page, loaded by htmx: only for a user who
    approves over the organization on the page's day (the page's own view does not say)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org = scope.organization(code)
    return render(
        request, "web/orgchange_link.html", {"org": org, "can_change": scope.can(org.pk, Role.APPROVE)}
    )


# --- correcting or voiding a change ----------------------------------------------------------


def scope_of(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined,no-any-return]


def _change_to_amend(request: HttpRequest, uid: UUID) -> tuple[OrgChange, list[OrgChangeItem]]:
    """A change still in force that the user may amend (:meth:`Scope.can_amend`: as making it
    would ask, on its day and today); anything else is not found."""
    change = OrgChange.objects.filter(uid=uid).exclude(kind=OrgChangeKind.VOIDED).first()
    if change is None or change.corrections.exists():
        raise Http404("no such change")
    if not scope_of(request).can_amend(change):
        raise Http404("no such change")
    return change, list(change.items.select_related("organization").order_by("organization__code"))


@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Correct a change recorded wrong (its day, the name, the parent, the kind) or void it, as a
    new row that names it (:func:`~partyorg.organizations.services.correct_change`,
    :func:`~partyorg.members.services.void_org_change`): what "correct that change first" asks."""
    change, items = _change_to_amend(request, uid)
    form = AmendChangeForm(request.POST or None, correctable=change.kind in CORRECTABLE)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "legal_basis": form.legal_basis(),
            "recorded_by": request.user.get_username(),
            "note": data["note"],
        }
        try:
            if data["action"] == VOID:
                void_org_change(change, **common)
            else:
                on = data.get("effective_on") or change.effective_on
                on_the_day = OnTheDayAndToday(request.user, on)
                for item in items:  # moved to another day: approved on that day too
                    on_the_day.require(item.organization_id, Role.APPROVE)  # else not found
                parent = (
                    _approved(on_the_day, data["new_parent"], form, "new_parent")
                    if data.get("new_parent")
                    else None
                )
                correct_change(
                    change,
                    effective_on=on,
                    name=data.get("new_name") or None,
                    parent=parent,
                    kind=data.get("new_kind") or None,
                    **common,
                )
        except _Invalid:
            pass
        except (OrgChangeError, EventRefused, RuleViolation) as refused:
            form.add_error(None, _("Bị từ chối: %(why)s") % {"why": refused})
        else:
            messages.success(
                request,
                _("Đã ghi: %(action)s %(change)s ngày %(on)s")
                % {
                    "action": _("hủy") if data["action"] == VOID else _("sửa"),
                    "change": change.get_kind_display().lower(),
                    "on": vn_date(change.effective_on),
                },
            )
            return redirect("organization", code=items[0].organization.code if items else "")
    return render(request, "web/orgchange_amend.html", {"change": change, "items": items, "form": form})
