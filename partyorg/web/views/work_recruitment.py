"""The recruitment pipeline's pages: the candidates of an organization's subtree on the day by stage,
what is due in the next days, a new candidate introduced to a cell, a candidate's steps, recording
the next step, the source plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import Scope
from partyorg.core.formats import vn_date
from partyorg.members.services import EventRefused
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgVersion, valid_on
from partyorg.organizations.queries import path, version_on
from partyorg.recruitment import forms, services
from partyorg.recruitment.forms import STEP_KINDS, CandidateForm, SourcePlanForm
from partyorg.recruitment.models import Candidate, CandidateStage, CandidateStep
from partyorg.recruitment.pipeline import CANDIDATE_STAGES
from partyorg.recruitment.queries import (
    candidates_in,
    due,
    due_groups,
    due_in_group,
    latest_plan,
    overdue_count,
    plan_history,
    planned_by,
)
from partyorg.recruitment.services import PlanRefused, StepRefused
from partyorg.reports.statistics.recruitment import (
    grassroots_without_candidates,
    pipeline_on,
    source_plan_progress,
)
from partyorg.rules.base import RuleViolation
from partyorg.web.forms import OrganizationPicker, RuleOverride
from partyorg.web.views.work import (
    basis_of,
    editable_on,
    int_param,
    log_people_list,
    name_of,
    names_on,
    on_of,
    override_of,
    page_of,
    person_in,
    scope_of,
    subtree_in,
)

S = CandidateStage


class StepForm(forms.StepForm, RuleOverride):
    """A step with the override of a rule's refusal, and the deciding committee picked among every
    organization standing on the day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deciding"]
        picker = OrganizationPicker("any")
        picker.attrs.update(field.widget_attrs(picker))
        field.widget = picker


# The step that usually comes next after each stage (the introducers come with the application).
NEXT = {
    S.INTRODUCED: S.AWARENESS_COURSE,
    S.AWARENESS_COURSE: S.SYMPATHIZER,
    S.SYMPATHIZER: S.APPLICATION,
    S.APPLICATION: S.INTRODUCER,
    S.VERIFIED: S.CELL_RESOLVED,
    S.CELL_RESOLVED: S.DECIDED,
    S.DECIDED: S.CEREMONY,
    S.CEREMONY: S.RECOGNITION_PROPOSED,
    S.RECOGNITION_PROPOSED: S.RECOGNIZED,
}


def candidates(request: HttpRequest, code: str) -> HttpResponse:
    """Candidates of the cells under an organization on the day, by stage, with the figures (each with
    its denominator); what falls due in the next N days comes after the page (``?den-han=1``, htmx:
    :func:`_due_part`)."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    ids = subtree_in(scope, org)
    days = int_param(request, "ngay", 30, 0, 365)
    if request.GET.get("den-han"):
        return _due_part(request, org, ids, days)
    stage = request.GET.get("giai-doan", "")
    log_people_list(request, org, _("Quần chúng phát triển đảng"))
    rows = candidates_in(ids, on)
    if stage in CANDIDATE_STAGES:
        rows = [row for row in rows if row.stage == stage]
    page = page_of(request, rows)
    names = names_on({row.candidate.organization_id for row in page}, on)
    pipeline = pipeline_on(org, on)
    return render(
        request,
        "web/work_candidates.html",
        {
            "org": org,
            "name": name_of(org, on),
            "page": page,
            "rows": [
                (row, names.get(row.candidate.organization_id, ""), row.state.next_deadline()) for row in page
            ],
            "count": len(rows),
            "stage": stage,
            "stages": [(s, S(s).label, pipeline.by_stage[s].value) for s in CANDIDATE_STAGES],
            "total": pipeline.total.value,
            "without": grassroots_without_candidates(org, on),
            "plan": source_plan_progress(org, on.year),
            "days": days,
            "due_url": _due_url(org, on, days),
            "can_edit": scope.can(org.pk, Role.EDIT),
        },
    )


DUE_FLAT_AT_MOST = 20  # up to this many steps due are listed one a row; more are grouped


def _due_url(org: Organization, on: date, days: int, **params: str) -> str:
    query = urlencode({"on": f"{on:%d/%m/%Y}", "ngay": str(days), "den-han": "1", **params})
    return f"{reverse('work_candidates', args=[org.code])}?{query}"


def _due_part(request: HttpRequest, org: Organization, ids: frozenset[int], days: int) -> HttpResponse:
    """What falls due in the next ``days`` days under ``org`` (asked for by the candidates page once
    shown): up to :data:`DUE_FLAT_AT_MOST` one a row; more grouped by the step due and the
    organization right under ``org`` that holds the people on the day (a province's 824 were one
    table), a page of groups at a time; ``?viec=…&don-vi=…``: the people of one group, a page at a
    time, under the group's row."""
    log_people_list(request, org, _("Quần chúng có việc đến hạn trong %(days)s ngày") % {"days": days})
    scope = scope_of(request)
    on = on_of(request)
    items = due(ids, on, days)
    step, unit_code = request.GET.get("viec", ""), request.GET.get("don-vi", "")
    partial = bool(getattr(request, "htmx", False))
    context: dict[str, Any] = {"org": org, "days": days, "count": len(items)}
    if step or unit_code:
        unit = scope.organization(unit_code)  # out of the user's scope: 404
        members = due_in_group(items, org, on, step, unit)
        page = page_of(request, members)
        context.update(
            page=page,
            due=page.object_list,
            what=members[0].title if members else "",
            unit_name=name_of(unit, on),
            count=len(members),
            here=_due_url(org, on, days, viec=step, **{"don-vi": unit_code}),
            name=name_of(org, on),
            partial=partial,
        )
        # Under the group's row (htmx), or a page of its own (opened without htmx, or in a new tab).
        template = "web/work_candidates_due_group.html" if partial else "web/work_candidates_due_page.html"
        return render(request, template, context)
    context["overdue_count"] = overdue_count(items)
    if len(items) <= DUE_FLAT_AT_MOST:
        context["due"] = items
    else:
        groups = page_of(request, due_groups(items, org, on))
        ids_shown = {g.unit_id for g in groups}
        names = names_on(ids_shown, on)
        codes = dict(Organization.objects.filter(pk__in=ids_shown).values_list("pk", "code"))
        context.update(
            groups=groups,
            rows=[
                (
                    g,
                    names.get(g.unit_id, ""),
                    _due_url(org, on, days, viec=g.kind, **{"don-vi": codes[g.unit_id]}),
                )
                for g in groups
            ],
            here=_due_url(org, on, days),
        )
    return render(request, "web/work_candidates_due.html", context)


def _cells_to_edit(scope: Scope, org: Organization, on: date) -> list[tuple[str, str]]:
    """(code, name) of the cells of ``org``'s subtree on the day whose records the user changes."""
    ids = subtree_in(scope, org) & scope.org_ids(Role.EDIT)
    rows = OrgVersion.objects.filter(
        valid_on(on), organization_id__in=ids, kind__in=MEMBER_HOLDING_KINDS
    ).values_list("organization__code", "name")
    return sorted(rows, key=lambda row: row[1])


def _code_seen(scope: Scope, code: str) -> SafeString | None:
    """A code already used by a person the user sees: the refusal naming them, with a link. A
    code used by anyone else gets the service's refusal, which does not say that it is used."""
    existing = person_in(scope, code)
    if existing is None:
        return None
    link = format_html('<a href="{}">{}</a>', reverse("member", args=[existing.code]), existing.full_name)
    return format_html(
        _("Mã hồ sơ {code} đã dùng cho {person}; hãy chọn mã khác, hoặc mở hồ sơ của người này."),
        code=existing.code,
        person=link,
    )


@require_http_methods(["GET", "POST"])
def add_candidate(request: HttpRequest, code: str) -> HttpResponse:
    """A new person introduced as an outstanding candidate of a cell under the organization (RULES.md
    §2.2 step 1): the person's record is made with the candidacy, by
    :func:`partyorg.recruitment.services.add_new_candidate`. The cell must be one the user changes
    both on the page's day and on the day of the introduction."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code, Role.EDIT)
    cells = _cells_to_edit(scope, org, on)
    if request.method == "POST":
        form = CandidateForm(request.POST, cells=cells)
        if form.is_valid():
            data = form.cleaned_data
            cell = data["organization"]
            editable_on(request, cell.pk, data["introduced_on"])
            attributes = {
                name: data[name]
                for name in (
                    "ethnicity", "religion", "general_education", "occupation", "is_youth_union_member"
                )
            }  # fmt: skip
            taken = _code_seen(scope, data["code"].strip())
            if taken is not None:
                form.add_error("code", taken)
            else:
                try:
                    found = services.add_new_candidate(
                        cell,
                        code=data["code"].strip(),
                        full_name=data["full_name"].strip(),
                        sex=data["sex"],
                        birth_date=data["birth_date"],
                        introduced_by=data["introduced_by"],
                        introduced_on=data["introduced_on"],
                        introducing_body=data["introducing_body"],
                        legal_basis=basis_of(data),
                        recorded_by=request.user.get_username(),
                        note=data["note"],
                        **attributes,
                    )
                except StepRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    messages.success(
                        request,
                        _("Đã ghi quần chúng ưu tú %(name)s, giới thiệu ngày %(day)s")
                        % {"name": found.person.full_name, "day": vn_date(found.introduced_on)},
                    )
                    return redirect("candidate", uid=found.uid)
    else:
        form = CandidateForm(
            cells=cells,
            initial={
                "organization": org.code if any(c == org.code for c, _n in cells) else "",
                "introduced_on": on,
                "ethnicity": "Kinh",
            },
        )
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Thêm quần chúng ưu tú"),
            "back": (reverse("work_candidates", args=[org.code]), _("Phát triển đảng viên")),
            "form": form,
            "fields": list(form),
            "refusal": None,
        },
    )


def _candidate(scope: Scope, uid: UUID, role: Role = Role.VIEW) -> Candidate:
    """A candidate of a cell the user reaches with ``role`` on the scope's day; else not found."""
    return scope.record(Candidate.objects.select_related("person", "organization"), uid, role)


def candidate(request: HttpRequest, uid: UUID) -> HttpResponse:
    """A candidate's steps with their legal basis, who recorded them and when; the next deadline."""
    scope = scope_of(request)
    on = on_of(request)
    found = _candidate(scope, uid)
    log_read(request, ReadKind.PERSON, person=found.person, detail=_("Hồ sơ quần chúng phát triển đảng"))
    steps = list(
        CandidateStep.objects.filter(candidate=found)
        .select_related("person", "corrects")
        .prefetch_related("corrections")
        .order_by("effective_on", "recorded_at", "pk")
    )
    reached = scope.org_ids()
    names = names_on({s.organization_id for s in steps if s.organization_id in reached}, on)
    state = services.state_of(found, on)
    return render(
        request,
        "web/work_candidate.html",
        {
            "candidate": found,
            "cell": names_on([found.organization_id], on).get(found.organization_id, ""),
            "steps": [(s, names.get(s.organization_id or 0, "")) for s in steps],
            "state": state,
            "stage_label": S.STOPPED.label if state.stopped else S(state.stage).label,
            "deadline": state.next_deadline(),
            "next": NEXT.get(S(state.stage)) if state.stopped is None else None,
            "kinds": STEP_KINDS,
            "can_edit": scope.can(found.organization_id, Role.EDIT),
        },
    )


class _Invalid(Exception):
    pass


@require_http_methods(["GET", "POST"])
def record_step(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Record a candidate's next step through the services. A rule's refusal is shown in Vietnamese;
    the officer may record it anyway with a reason, kept on the step."""
    scope = scope_of(request)
    found = _candidate(scope, uid, Role.EDIT)
    refusal: RuleViolation | None = None
    kind = (
        request.POST.get("kind") or request.GET.get("kind") or NEXT.get(S(services.state_of(found).stage), "")
    )
    if request.method == "POST":
        form = StepForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            kind = data["kind"]
            try:
                on_the_day = editable_on(request, found.organization_id, data["effective_on"])
                step = _record(found, data, on_the_day, form, request.user.get_username())
            except _Invalid:
                pass
            except RuleViolation as violation:
                refusal = violation
                form = StepForm(initial={**request.POST.dict(), "override_rule": violation.code})
            except (StepRefused, EventRefused) as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("Đã ghi: %(step)s ngày %(day)s")
                    % {"step": step.get_kind_display(), "day": vn_date(step.effective_on)},
                )
                return redirect("candidate", uid=found.uid)
    else:
        form = StepForm(
            initial={
                "kind": kind,
                "effective_on": on_of(request),
                "deciding": _superior(found, on_of(request)),
            }
        )
    return render(
        request,
        "web/work_step.html",
        {
            "candidate": found,
            "form": form,
            "fields": form.shown(kind or ""),
            "kind": kind,
            "kinds": STEP_KINDS,
            "refusal": refusal,
        },
    )


def _superior(found: Candidate, on: date) -> str:
    """The code of the committee above the candidate's cell (who usually decides), or ""."""
    above = [v.organization.code for v in path(found.organization, on)[:-1]]
    return above[-1] if above else ""


def _record(found: Candidate, data: dict[str, Any], scope: Scope, form: StepForm, by: str) -> CandidateStep:
    kind = data["kind"]
    on: date = data["effective_on"]
    common: dict[str, Any] = {"recorded_by": by, "note": data["note"], "legal_basis": basis_of(data)}
    overridable = {**common, "override": override_of(data)}

    def person() -> Any:
        code = (data.get("person") or "").strip()
        if not code:
            return None
        who = person_in(scope, code)
        if who is None:
            form.add_error("person", _("Không tìm thấy đảng viên có mã này trong phạm vi được giao"))
            raise _Invalid
        return who

    actions: dict[str, Callable[[], CandidateStep]] = {
        S.AWARENESS_COURSE: lambda: services.record_course(found, on, **common),
        S.SYMPATHIZER: lambda: services.record_sympathizer(found, on, mentor=person(), **common),
        S.APPLICATION: lambda: services.record_application(found, on, **common),
        S.INTRODUCER: lambda: services.record_introducer(
            found,
            on,
            kind=data["introducer_kind"] or "member",
            introducer=person(),
            worked_together_since=data["since"],
            **overridable,
        ),
        S.VERIFIED: lambda: services.record_verification(found, on, **overridable),
        S.CELL_RESOLVED: lambda: services.record_cell_resolution(
            found,
            on,
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_total=data["votes_total"],
            **overridable,
        ),
        S.DECIDED: lambda: services.record_decision(
            found,
            on,
            deciding_organization=data["deciding_organization"],
            received_on=data["received_on"],
            extended=data["extended"],
            **overridable,
        ),
        S.CEREMONY: lambda: services.record_ceremony(found, on, **overridable),
        S.RECOGNITION_PROPOSED: lambda: services.record_recognition_proposal(
            found,
            on,
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_total=data["votes_total"],
            **overridable,
        ),
        S.RECOGNIZED: lambda: services.record_recognition(
            found,
            on,
            deciding_organization=data["deciding_organization"],
            extended=data["extended"],
            **overridable,
        ),
        S.STOPPED: lambda: services.stop(found, on, reason=data["stop_reason"] or "other", **common),
    }
    return actions[kind]()


@require_http_methods(["GET", "POST"])
def source_plan(request: HttpRequest, code: str) -> HttpResponse:
    """An organization's source plan for a year against the candidates introduced that year; an
    officer who may change the organization enters or corrects it."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    year = int_param(request, "nam", on.year, 1930, 2100)
    form = SourcePlanForm(initial={"year": year})
    if request.method == "POST":
        form = SourcePlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            year = data["year"]
            day = date(year, 12, 31) if version_on(org, date(year, 12, 31)) else date(year, 1, 1)
            editable_on(request, org.pk, day)
            current = latest_plan(org, year)
            try:
                services.set_source_plan(
                    org,
                    year,
                    data["planned"],
                    recorded_by=request.user.get_username(),
                    legal_basis=basis_of(data),
                    corrects=current,
                    note=data["note"],
                )
            except PlanRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Đã ghi kế hoạch tạo nguồn năm %(year)s") % {"year": year})
                return redirect(f"{request.path}?nam={year}")
    history = plan_history(org)
    return render(
        request,
        "web/work_plan.html",
        {
            "org": org,
            "name": name_of(org, on),
            "year": year,
            "progress": source_plan_progress(org, year),
            "history": history,
            "form": form,
            "can_edit": scope.can(org.pk, Role.EDIT),
            "children": _children_plans(org, on, year),
        },
    )


def _children_plans(org: Organization, on: date, year: int) -> list[tuple[str, str, int | None]]:
    """(code, name, planned) of the organizations directly under ``org``: two queries."""
    children = list(
        OrgVersion.objects.filter(valid_on(on), parent=org).values_list(
            "organization_id", "organization__code", "name"
        )
    )
    plans = planned_by([c[0] for c in children], year)
    return sorted(((code, name, plans.get(pk)) for pk, code, name in children), key=lambda r: r[1])
