"""Cadre work on the pages (issue 17): under the menu "Cán bộ", shown only to users holding the
cadre role (``partyorg.cadres.access``: a :class:`~partyorg.cadres.models.CadreGrant`; a
member-records officer without it reaches none of these pages, every one answering 404).

- the units the user reaches, and a unit's staff on the day with the figures of
  :mod:`partyorg.reports.statistics.cadres` (each count opening the people behind it) beside the
  approved staffing of the year;
- a cadre's file: employment, posts, training, state ratings, planning and deadlines. Every open
  of it is written to the read log (``accounts.reads.log_read``, kind ``cadre_file``), which the
  province's administrators read on "Nhật ký truy cập";
- the deadlines of the cadres of the units the user manages, on one page;
- the forms recording an appointment, a course and a state rating, through
  :mod:`partyorg.cadres.services`; a rule's refusal is shown in Vietnamese on the form, with
  "Vẫn ghi, có lý do".

Who may do what is decided by :class:`~partyorg.cadres.access.CadreScope` only, on the step's own
day for a write (the cadre and the unit must both be the user's with EDIT that day).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import OutOfScope
from partyorg.cadres import queries, services
from partyorg.cadres.access import CadreScope
from partyorg.cadres.deadlines import deadlines_of
from partyorg.cadres.models import (
    CadreGrant,
    DegreeLevel,
    Employment,
    HoldingMode,
    PlanningEntry,
    Post,
    PostHolding,
    Programme,
    SpellKind,
    StaffCategory,
    StaffingQuota,
    StateLevel,
    StateManagementLevel,
    StateRating,
    StudyMode,
    TheoryLevel,
    TrainingEnrolment,
    Unit,
)
from partyorg.cadres.services import CadreRefused, Course
from partyorg.core.formats import vn_date
from partyorg.core.forms import LegalBasisForm, VietnameseDateField
from partyorg.core.records import Override
from partyorg.members.models import Person
from partyorg.reports.statistics.cadres import (
    AGE_BANDS,
    DEGREE_BUCKETS,
    NO_LEVEL,
    SENIOR_OR_BACHELOR,
    THEORY_BUCKETS,
    Staff,
    staff_of,
)
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.rules.base import RuleViolation
from partyorg.web.forms import RuleOverride

DEADLINE_MONTHS = 12  # the deadlines page looks a year ahead (retirement alerts at 12 and 6 months)
DEADLINE_PEOPLE = 2000  # a province's managed cadres; past this the page says it stopped


def cadre_scope(request: HttpRequest) -> CadreScope:
    """The user's cadre scope on the page's day (one a request)."""
    found: CadreScope | None = getattr(request, "cadre_scope", None)
    if found is None:
        found = CadreScope(request.user, request.on)  # type: ignore[attr-defined]
        request.cadre_scope = found  # type: ignore[attr-defined]
    if not found.grants:
        raise Http404  # no cadre role: these pages do not exist for the user
    return found


def has_cadre_role(user: Any) -> bool:
    """Does ``user`` hold the cadre role anywhere (the menu's "Cán bộ")?"""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return CadreGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).exists()


# -- figures ----------------------------------------------------------------------------------------


def _labels() -> dict[str, dict[str, str]]:
    theory = {
        SENIOR_OR_BACHELOR: _("Cao cấp, cử nhân"),
        TheoryLevel.INTERMEDIATE.value: str(TheoryLevel.INTERMEDIATE.label),
        TheoryLevel.ELEMENTARY.value: str(TheoryLevel.ELEMENTARY.label),
        NO_LEVEL: _("Chưa qua đào tạo"),
    }
    return {
        "category": {k: str(v) for k, v in StaffCategory.choices},
        "degree": {**{k: str(v) for k, v in DegreeLevel.choices}, NO_LEVEL: _("Chưa qua đào tạo")},
        "theory": theory,
        "studying_theory": theory,
        "age": {label: label for label, _low, _high in AGE_BANDS},
    }


def _groups(staff: Staff) -> list[tuple[str, str, list[tuple[str, str, PeopleFigure]]]]:
    """The page's tables: (key, heading, [(figure key, label, figure)])."""
    labels = _labels()

    def rows(key: str, figures: dict[str, PeopleFigure], order: tuple[str, ...] | list[str]) -> Any:
        return [(f"{key}.{k}", labels[key][k], figures[k]) for k in order if k in figures]

    return [
        ("category", _("Loại cán bộ"), rows("category", staff.category, StaffCategory.values)),
        ("degree", _("Trình độ chuyên môn"), rows("degree", staff.degree, DEGREE_BUCKETS)),
        ("theory", _("Lý luận chính trị"), rows("theory", staff.theory, THEORY_BUCKETS)),
        (
            "studying_theory",
            _("Đang học lý luận chính trị"),
            rows("studying_theory", staff.studying_theory, THEORY_BUCKETS[:3]),
        ),
        ("age", _("Độ tuổi"), rows("age", staff.age, [label for label, _low, _high in AGE_BANDS])),
        (
            "other",
            _("Khác"),
            [
                ("total", _("Tổng số"), staff.total),
                ("studying", _("Đang học (mọi loại đào tạo)"), staff.studying),
                ("women", _("Nữ"), staff.women),
                ("ethnic_minority", _("Dân tộc thiểu số"), staff.ethnic_minority),
                ("party_members", _("Đảng viên"), staff.party_members),
            ],
        ),
    ]


def _figure(staff: Staff, key: str) -> tuple[str, PeopleFigure] | None:
    """The figure of ``key`` ("degree.master", "women"…) and its label; None when there is none."""
    for _group, _heading, rows in _groups(staff):
        for found, label, figure in rows:
            if found == key:
                return label, figure
    return None


def _people(person_ids: Any, on: date) -> list[dict[str, Any]]:
    """The people of ``person_ids`` with their category and highest post on ``on``: four queries
    whatever their number."""
    people = list(Person.objects.filter(pk__in=person_ids).order_by("full_name", "code"))
    ids = [p.pk for p in people]
    category = dict(queries.employments_on(on).filter(person_id__in=ids).values_list("person_id", "category"))
    posts: dict[int, list[PostHolding]] = defaultdict(list)
    for holding in queries.posts_on(on, person_ids=ids):
        posts[holding.person_id].append(holding)
    labels = dict(StaffCategory.choices)
    return [
        {
            "person": p,
            "category": labels.get(category.get(p.pk, ""), ""),
            "post": min(posts[p.pk], key=lambda h: (h.post.rank, h.effective_on, h.pk)).post.title
            if posts[p.pk]
            else "",
        }
        for p in people
    ]


# -- pages ------------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The units standing under the user's organizations on the day (top units, departments
    under their unit's page)."""
    scope = cadre_scope(request)
    standing = queries.units_on(scope.on)
    org_ids = scope.org_ids(Role.VIEW)
    units = [
        (u, standing[u.pk])
        for u in Unit.objects.filter(pk__in=standing, organization_id__in=org_ids, parent__isnull=True)
    ]
    units.sort(key=lambda pair: pair[1])
    return render(request, "web/cadres.html", {"units": units})


def unit(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's staff on the day: the figures (each opening its people, ``?xem=<figure>``), the
    approved staffing of the year beside, and the staff with their highest post."""
    scope = cadre_scope(request)
    found = scope.unit(code)
    on = scope.on
    staff = staff_of([found], on)
    # The approved staffing of the day's year, all categories (NQ 39: what streamlining is measured by).
    approved = (
        StaffingQuota.objects.in_force()
        .filter(unit=found, year=on.year, category="")
        .order_by("-decided_on", "-pk")
        .values_list("approved", flat=True)
        .first()
    )
    key = request.GET.get("xem", "")
    opened = _figure(staff, key) if key else None
    shown = opened[1] if opened else staff.total
    names = queries.units_on(on)
    departments = [(d, names[d.pk]) for d in Unit.objects.filter(parent=found, pk__in=names).order_by("code")]
    return render(
        request,
        "web/cadres_unit.html",
        {
            "unit": found,
            "name": names.get(found.pk, found.code),
            "staff": staff,
            "groups": _groups(staff),
            "approved": approved,
            "over": None if approved is None else staff.total.value - approved,
            "short": None if approved is None else max(0, approved - staff.total.value),
            "key": key if opened else "",
            "opened_label": opened[0] if opened else _("Toàn bộ cán bộ"),
            "rows": _people(shown.person_ids, on),
            "departments": departments,
        },
    )


def _in_force(model: Any, person: Person) -> list[Any]:
    return list(model.objects.in_force().filter(person=person).order_by("effective_on", "pk"))


def _spells(rows: list[Any]) -> list[tuple[Any, Any]]:
    """STARTED rows with their ENDED row (or None), oldest first."""
    ends = {r.ends_id: r for r in rows if r.kind == SpellKind.ENDED}
    return [(r, ends.get(r.pk)) for r in rows if r.kind == SpellKind.STARTED]


LEVELS: dict[str, dict[str, Any]] = {
    Programme.POLITICAL_THEORY: dict(TheoryLevel.choices),
    Programme.DEGREE: dict(DegreeLevel.choices),
    Programme.STATE_MANAGEMENT: dict(StateManagementLevel.choices),
}


def _with_level_labels(spells: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Each course's level as its label ("Cao cấp", "Thạc sĩ"); free text as it was typed."""
    for start, _end in spells:
        start.level_label = str(LEVELS.get(start.programme, {}).get(start.level, start.level))
    return spells


def cadre(request: HttpRequest, code: str) -> HttpResponse:
    """A cadre's file. The open is recorded in the read log (who, when, what, from where)."""
    scope = cadre_scope(request)
    person = scope.cadre(code)
    on = scope.on
    employments = _spells(
        list(
            Employment.objects.in_force()
            .filter(person=person)
            .select_related("unit", "department")
            .order_by("effective_on", "pk")
        )
    )
    current = next(
        (start for start, end in reversed(employments) if end is None or end.effective_on > on), None
    )
    log_read(
        request,
        ReadKind.CADRE_FILE,
        person=person,
        organization=current.unit.organization if current else None,
        detail=_("Hồ sơ cán bộ %(who)s") % {"who": services.who(person)},
    )
    names = queries.units_on(on)
    holdings = _spells(
        list(
            PostHolding.objects.in_force()
            .filter(person=person)
            .select_related("post", "unit")
            .order_by("effective_on", "pk")
        )
    )
    for start, _end in holdings:
        # term_ends_on is the first day after the term (half-open); the page shows its last day
        start.term_last_day = start.term_ends_on - timedelta(days=1) if start.term_ends_on else None
    return render(
        request,
        "web/cadres_file.html",
        {
            "person": person,
            "names": names,
            "employments": employments,
            "holdings": holdings,
            "trainings": _with_level_labels(_spells(_in_force(TrainingEnrolment, person))),
            "ratings": list(
                StateRating.objects.in_force()
                .filter(person=person)
                .select_related("unit")
                .order_by("-year", "-period_number")
            ),
            "planning": _spells(
                list(
                    PlanningEntry.objects.in_force()
                    .filter(person=person)
                    .select_related("post", "unit")
                    .order_by("effective_on", "pk")
                )
            ),
            "deadlines": deadlines_of(person, on),
            "retirement": services.retirement_of_person(person),
            "can_edit": scope.reaches_cadre(person.pk, Role.EDIT),
        },
    )


def deadlines(request: HttpRequest) -> HttpResponse:
    """The deadlines of every cadre of the units the user manages (employed there or managed by
    one of the user's organizations), due within a year or overdue, soonest first."""
    scope = cadre_scope(request)
    on = scope.on
    horizon = on + timedelta(days=366 * DEADLINE_MONTHS // 12)
    people = list(
        Person.objects.filter(scope.cadres(Role.VIEW)).order_by("full_name", "code")[: DEADLINE_PEOPLE + 1]
    )
    log_read(request, ReadKind.DEADLINES, detail=_("Việc đến hạn của cán bộ"))
    rows = []
    for person in people[:DEADLINE_PEOPLE]:
        for due in deadlines_of(person, on, horizon=horizon):
            rows.append((due, person))
    rows.sort(key=lambda row: (row[0].due_on, row[1].full_name))
    return render(
        request,
        "web/cadres_deadlines.html",
        {"rows": rows, "horizon": horizon, "more": len(people) > DEADLINE_PEOPLE},
    )


# -- forms ------------------------------------------------------------------------------------------


class _StepForm(LegalBasisForm, RuleOverride):
    """A step's form: its own fields, the decision, the note, and the override of a rule's refusal."""

    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, max_length=500)

    def entered(self, request: HttpRequest) -> dict[str, Any]:
        """What every command takes besides the step (once the form is valid): the decision, who
        records it, the note and the override of a rule's refusal."""
        data = self.cleaned_data
        rule = data.get("override_rule") or ""
        return {
            "legal_basis": self.legal_basis(),
            "recorded_by": request.user.get_username(),
            "note": data.get("note") or "",
            "override": Override(rule, data.get("override_reason") or "") if rule else None,
        }


class AppointForm(_StepForm):
    unit = forms.ChoiceField(label=gettext_lazy("Cơ quan, đơn vị"))
    post = forms.ChoiceField(label=gettext_lazy("Chức vụ"))
    mode = forms.ChoiceField(label=gettext_lazy("Hình thức"), choices=HoldingMode.choices)
    on = VietnameseDateField(label=gettext_lazy("Ngày nhận chức"))
    dossier_received_on = VietnameseDateField(
        label=gettext_lazy("Ngày nhận tờ trình, hồ sơ"),
        required=False,
        help_text=gettext_lazy("ngày tính tuổi bổ nhiệm; để trống thì tính tại ngày nhận chức"),
    )
    term_ends_on = VietnameseDateField(
        label=gettext_lazy("Hết thời hạn giữ chức vụ"),
        required=False,
        help_text=gettext_lazy("để trống: 5 năm, không quá tháng nghỉ hưu"),
    )
    concurrent = forms.BooleanField(label=gettext_lazy("Kiêm nhiệm"), required=False)
    field_order = ["unit", "post", "mode", "on", "dossier_received_on", "term_ends_on", "concurrent"]

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        posts = [(p.code, p.title) for p in Post.objects.order_by("rank", "title")]
        self.fields["post"].choices = posts  # type: ignore[attr-defined]


class TrainingForm(_StepForm):
    programme = forms.ChoiceField(label=gettext_lazy("Loại đào tạo"), choices=Programme.choices)
    # The levels the forms count, grouped by programme (the service checks that the level belongs
    # to the programme); other programmes (languages, IT, courses) name theirs in "Chuyên ngành".
    level = forms.ChoiceField(
        label=gettext_lazy("Trình độ"),
        required=False,
        choices=[
            ("", "—"),
            (gettext_lazy("Lý luận chính trị"), TheoryLevel.choices),
            (gettext_lazy("Chuyên môn (bằng cấp)"), DegreeLevel.choices),
            (gettext_lazy("Quản lý nhà nước"), StateManagementLevel.choices),
        ],
    )
    field_of_study = forms.CharField(label=gettext_lazy("Chuyên ngành"), required=False, max_length=200)
    institution = forms.CharField(label=gettext_lazy("Cơ sở đào tạo"), required=False, max_length=200)
    mode = forms.ChoiceField(
        label=gettext_lazy("Hình thức học"), choices=[("", "—"), *StudyMode.choices], required=False
    )
    on = VietnameseDateField(label=gettext_lazy("Ngày bắt đầu"))
    planned_end_on = VietnameseDateField(label=gettext_lazy("Dự kiến kết thúc"), required=False)
    completed_on = VietnameseDateField(
        label=gettext_lazy("Ngày hoàn thành"), required=False, help_text=gettext_lazy("nếu đã học xong")
    )
    dispatched = forms.BooleanField(label=gettext_lazy("Được cử đi đào tạo"), required=False)
    field_order = [
        "programme",
        "level",
        "field_of_study",
        "institution",
        "mode",
        "on",
        "planned_end_on",
        "completed_on",
        "dispatched",
    ]


class RatingForm(_StepForm):
    unit = forms.ChoiceField(label=gettext_lazy("Cơ quan đánh giá"))
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=1990, max_value=2100)
    rated_on = VietnameseDateField(label=gettext_lazy("Ngày đánh giá"))
    level = forms.ChoiceField(
        label=gettext_lazy("Xếp loại"), choices=[("", "—"), *StateLevel.choices], required=False
    )
    score = forms.DecimalField(label=gettext_lazy("Điểm"), required=False, max_digits=5, decimal_places=2)
    not_rated = forms.BooleanField(
        label=gettext_lazy("Chỉ nhận xét, không xếp loại"),
        required=False,
        help_text=gettext_lazy("công tác dưới 6 tháng trong năm"),
    )
    field_order = ["unit", "year", "rated_on", "level", "score", "not_rated"]

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


def _editable_units(scope: CadreScope) -> list[tuple[str, str]]:
    """The units (departments included) the user may record in on the day, by name."""
    standing = queries.units_on(scope.on)
    org_ids = scope.org_ids(Role.EDIT)
    found = Unit.objects.filter(pk__in=standing, organization_id__in=org_ids).values_list("pk", "code")
    return sorted(((code, standing[pk]) for pk, code in found), key=lambda pair: pair[1])


def _on_the_day(scope: CadreScope, code: str, day: date) -> tuple[Person, CadreScope] | None:
    """The cadre of ``code`` when the user may change their records on ``day``; else None."""
    then = scope.on_day(day)
    try:
        return then.cadre(code, Role.EDIT), then
    except OutOfScope:
        return None


def _step_page(
    request: HttpRequest,
    code: str,
    *,
    title: str,
    make_form: Callable[..., _StepForm],
    day_field: str,
    write: Callable[[Person, CadreScope, dict[str, Any], _StepForm], Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """A step recorded about a cadre: GET shows the form; POST checks the user reaches the cadre
    (and the unit, in ``write``) with EDIT on the step's day, then calls the service. A rule's
    refusal comes back on the form with "Vẫn ghi, có lý do"; any other refusal as the form's error."""
    scope = cadre_scope(request)
    person = scope.cadre(code, Role.EDIT)
    refusal: RuleViolation | None = None
    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            reached = _on_the_day(scope, code, data[day_field])
            if reached is None:
                form.add_error(
                    day_field,
                    _("%(who)s không thuộc phạm vi được giao ngày %(day)s")
                    % {"who": services.who(person), "day": vn_date(data[day_field])},
                )
            else:
                try:
                    row = write(reached[0], reached[1], data, form)
                except RuleViolation as violation:
                    refusal = violation
                    form = make_form(initial={**request.POST.dict(), "override_rule": violation.code})
                except (CadreRefused, OutOfScope) as refused:
                    form.add_error(
                        None,
                        str(refused)
                        if isinstance(refused, CadreRefused)
                        else _("Đơn vị ngoài phạm vi được giao"),
                    )
                else:
                    messages.success(request, done(row))
                    return redirect("cadre", code=person.code)
    else:
        form = make_form(initial={day_field: scope.on})
    return render(
        request,
        "web/cadres_form.html",
        {"person": person, "title": title, "form": form, "fields": list(form), "refusal": refusal},
    )


@require_http_methods(["GET", "POST"])
def appoint(request: HttpRequest, code: str) -> HttpResponse:
    units = _editable_units(cadre_scope(request))

    def write(person: Person, then: CadreScope, data: dict[str, Any], form: _StepForm) -> PostHolding:
        post = Post.objects.filter(code=data["post"]).first()
        if post is None:
            raise CadreRefused(_("Không có chức vụ này trong danh mục"))
        return services.appoint(
            person,
            post,
            then.unit(data["unit"], Role.EDIT),
            on=data["on"],
            mode=data["mode"],
            term_ends_on=data["term_ends_on"],
            dossier_received_on=data["dossier_received_on"],
            concurrent=data["concurrent"],
            **form.entered(request),
        )

    return _step_page(
        request,
        code,
        title=_("Ghi bổ nhiệm, nhận chức vụ"),
        make_form=lambda *a, **k: AppointForm(*a, units=units, **k),
        day_field="on",
        write=write,
        done=lambda h: (
            _("Đã ghi: %(post)s từ ngày %(day)s") % {"post": h.post.title, "day": vn_date(h.effective_on)}
        ),
    )


@require_http_methods(["GET", "POST"])
def train(request: HttpRequest, code: str) -> HttpResponse:
    def write(person: Person, then: CadreScope, data: dict[str, Any], form: _StepForm) -> TrainingEnrolment:
        return services.start_training(
            person,
            Course(
                data["programme"],
                level=data["level"].strip(),
                field_of_study=data["field_of_study"],
                institution=data["institution"],
                mode=data["mode"],
            ),
            on=data["on"],
            planned_end_on=data["planned_end_on"],
            completed_on=data["completed_on"],
            dispatched=data["dispatched"],
            **form.entered(request),
        )

    return _step_page(
        request,
        code,
        title=_("Ghi đào tạo, bồi dưỡng"),
        make_form=TrainingForm,
        day_field="on",
        write=write,
        done=lambda t: (
            _("Đã ghi: %(course)s từ ngày %(day)s")
            % {"course": t.get_programme_display(), "day": vn_date(t.effective_on)}
        ),
    )


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, code: str) -> HttpResponse:
    units = _editable_units(cadre_scope(request))

    def write(person: Person, then: CadreScope, data: dict[str, Any], form: _StepForm) -> StateRating:
        return services.rate_state(
            person,
            then.unit(data["unit"], Role.EDIT),
            year=data["year"],
            rated_on=data["rated_on"],
            level=data["level"],
            score=data["score"],
            not_rated=data["not_rated"],
            **form.entered(request),
        )

    def make(*args: Any, **kwargs: Any) -> RatingForm:
        initial = kwargs.get("initial")
        if initial is not None and "year" not in initial:
            initial["year"] = cadre_scope(request).on.year - (1 if cadre_scope(request).on.month < 10 else 0)
        return RatingForm(*args, units=units, **kwargs)

    return _step_page(
        request,
        code,
        title=_("Ghi đánh giá, xếp loại cán bộ"),
        make_form=make,
        day_field="rated_on",
        write=write,
        done=lambda r: (
            _("Đã ghi đánh giá năm %(year)s: %(level)s")
            % {"year": r.year, "level": r.get_level_display() or _("chỉ nhận xét, không xếp loại")}
        ),
    )


__all__ = ["appoint", "cadre", "deadlines", "has_cadre_role", "index", "rate", "train", "unit"]
