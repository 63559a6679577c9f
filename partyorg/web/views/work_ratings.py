"""Ratings of a year (kiểm điểm, đánh giá, xếp loại chất lượng): an organization's review cycle, its
roster with who is excluded and why, each member's rating (with the score of the 100-point scale
from 30/08/2025), the organization's own rating and those of its subordinate organizations; the
year's figures (loaded after the page: over a province they read every cycle's roster) with the
members flagged after consecutive years "Không hoàn thành"; opening a cycle, rating the cell's
roster in one form and rating the organization, a rule's refusal recorded anyway with a reason."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.models import Role
from partyorg.members.models import Person
from partyorg.organizations.models import Organization
from partyorg.ratings import forms, services
from partyorg.ratings.forms import CycleForm
from partyorg.ratings.models import MemberRating, RatingLevel, ReviewCycle
from partyorg.ratings.queries import (
    RosterLine,
    cycles_for,
    flagged_for_review,
    not_fulfilled_by,
    organization_levels,
    organization_ratings_in_force,
    ratings_of,
    roster,
    still_to_rate,
)
from partyorg.ratings.services import RatingRefused
from partyorg.reports.statistics.ratings import member_ratings, organization_ratings
from partyorg.rules import ratings as rules
from partyorg.rules.base import RuleViolation
from partyorg.web.forms import RuleOverride
from partyorg.web.forms_work import WithdrawWithBasisForm
from partyorg.web.views.work import (
    Withdrawal,
    basis_of,
    editable_on,
    int_param,
    log_people_list,
    name_of,
    names_on,
    on_of,
    override_of,
    page_of,
    scope_of,
    subtree_in,
    withdrawal_page,
)

FLAGGED_SHOWN = 100


# The forms of the ratings app, with the override of a rule's refusal (the page's two buttons).
class RateMembersForm(forms.RateMembersForm, RuleOverride):
    pass


class RateOrganizationForm(forms.RateOrganizationForm, RuleOverride):
    pass


class RatingCorrectionForm(forms.RatingCorrectionForm, RuleOverride):
    pass


def _year(request: HttpRequest) -> int:
    """``?nam=``; by default the year whose review is the latest held by the page's day (reviews are
    held in December or early in the next year)."""
    on = on_of(request)
    return int_param(request, "nam", on.year if on.month == 12 else on.year - 1, 1990, 2100)


def _cycle(org: Organization, year: int) -> ReviewCycle | None:
    return cycles_for([org.pk], year).first()


def _cycle_or_404(org: Organization, year: int) -> ReviewCycle:
    """The organization's review of the year, which a rating page needs; "not found" without one."""
    return get_object_or_404(cycles_for([org.pk], year))


def _lines(cycle: ReviewCycle) -> list[tuple[RosterLine, Person]]:
    lines = roster(cycle)
    people = Person.objects.only("code", "full_name").in_bulk([line.person_id for line in lines])
    found = [(line, people[line.person_id]) for line in lines]
    found.sort(key=lambda row: (row[1].full_name.split()[-1:], row[1].full_name))
    return found


def _member_levels(cycle: ReviewCycle) -> list[tuple[str, str]]:
    regime = rules.regime_on(cycle.reviewed_on)
    return [(level, regime.label(level)) for level in regime.levels(rules.MEMBER)]


def ratings(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    year = _year(request)
    cycle = _cycle(org, year)
    log_people_list(request, org, _("Đánh giá, xếp loại chất lượng năm %(year)s") % {"year": year})
    rows = []
    rated: dict[int, MemberRating] = {}
    org_rating = None
    scored = False
    if cycle is not None:
        rated = ratings_of([cycle]).get(cycle.pk, {})
        rows = [(line, person, rated.get(line.person_id)) for line, person in _lines(cycle)]
        org_rating = organization_ratings_in_force().filter(cycle=cycle).order_by("-pk").first()
        scored = rules.regime_on(cycle.reviewed_on).member_scored
    # The cycles of the organizations under it, a page at a time, each with its own rating.
    ids = subtree_in(scope, org) - {org.pk}
    below = cycles_for(ids, year).select_related("organization").order_by("organization__code")
    page = page_of(request, below)  # type: ignore[arg-type]
    names = names_on({c.organization_id for c in page}, on)
    levels = organization_levels(page)
    return render(
        request,
        "web/work_ratings.html",
        {
            "org": org,
            "name": name_of(org, on),
            "year": year,
            "cycle": cycle,
            "rows": rows,
            "waiting": still_to_rate([line for line, _p, _r in rows], rated),
            "scored": scored,
            "org_rating": org_rating,
            "page": page,
            "below": [
                (
                    c,
                    names.get(c.organization_id, ""),
                    RatingLevel(levels[c.pk]).label if c.pk in levels else "",
                )
                for c in page
            ],
            "can_edit": scope.can(org.pk, Role.EDIT),
        },
    )


def figures(request: HttpRequest, code: str) -> HttpResponse:
    """The year's figures of the organization's subtree, asked for by the ratings page once shown."""
    scope = scope_of(request)
    org = scope.organization(code)
    year = _year(request)
    members = member_ratings(org, year)
    orgs = organization_ratings(org, year)
    reached = subtree_in(scope, org)
    flagged = flagged_for_review(reached, year).only("code", "full_name").order_by("pk")
    shown = list(flagged[: FLAGGED_SHOWN + 1])
    # Each with the cell that rated them "Không hoàn thành" that year (the one to consider them).
    rated_by = not_fulfilled_by([p.pk for p in shown], reached, year)
    cells = names_on(set(rated_by.values()), on_of(request))
    return render(
        request,
        "web/work_rating_figures.html",
        {
            "org": org,
            "year": year,
            "members": members,
            "excellent_percent": members.percent(rules.EXCELLENT),
            "excluded": [
                (rules.EXCLUSION_LABELS[reason], fig.value)
                for reason, fig in members.excluded.items()
                if fig.value
            ],
            "orgs": orgs,
            "org_levels": [
                (RatingLevel(level).label, fig.value, orgs.percent(level))
                for level, fig in orgs.by_level.items()
                if fig.value
            ],
            "flagged": [(p, cells.get(rated_by.get(p.pk, 0), "")) for p in shown[:FLAGGED_SHOWN]],
            "more_flagged": len(shown) > FLAGGED_SHOWN,
        },
    )


@require_http_methods(["GET", "POST"])
def open_cycle(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    if request.method == "POST":
        form = CycleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, org.pk, data["reviewed_on"])
            try:
                cycle = services.open_cycle(
                    org,
                    year=data["year"],
                    reviewed_on=data["reviewed_on"],
                    legal_basis=basis_of(data),
                    recorded_by=request.user.get_username(),
                    note=data["note"],
                )
            except (RatingRefused, RuleViolation) as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Đã mở đợt kiểm điểm: %(cycle)s") % {"cycle": str(cycle)})
                return redirect(f"{reverse('work_ratings', args=[org.code])}?nam={cycle.year}")
    else:
        year = _year(request)
        form = CycleForm(initial={"year": year, "reviewed_on": min(on, date(year, 12, 31))})
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Mở đợt kiểm điểm, xếp loại"),
            "back": (reverse("work_ratings", args=[org.code]), _("Xếp loại chất lượng")),
            "form": form,
            "fields": list(form),
            "refusal": None,
        },
    )


@require_http_methods(["GET", "POST"])
def rate_members(request: HttpRequest, code: str) -> HttpResponse:
    """One form for the cell's roster: each member not yet rated gets a level (and a score where the
    regime has one); the excluded ones are left out unless a level is chosen (then the rule refuses,
    and may be passed with a reason)."""
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    year = _year(request)
    cycle = _cycle_or_404(org, year)
    rated = ratings_of([cycle]).get(cycle.pk, {})
    lines = [(line, person) for line, person in _lines(cycle) if line.person_id not in rated]
    if request.method == "GET":
        log_people_list(request, org, _("Đánh giá đảng viên năm %(year)s (ghi)") % {"year": year})
    refusal: RuleViolation | None = None
    typed: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        levels = {level for level, _label in _member_levels(cycle)}
        form = RateMembersForm(request.POST, roster=lines, levels=levels)
        typed = form.typed
        if form.is_valid():
            editable_on(request, org.pk, cycle.reviewed_on)
            try:
                made = services.rate_members(
                    cycle,
                    form.entries(override_of(form.cleaned_data)),
                    legal_basis=form.legal_basis(),
                    recorded_by=request.user.get_username(),
                )
            except RuleViolation as violation:
                refusal = violation
                form = RateMembersForm(initial={**request.POST.dict(), "override_rule": violation.code})
            except RatingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Đã xếp loại %(n)s đảng viên") % {"n": len(made)})
                return redirect(f"{reverse('work_ratings', args=[org.code])}?nam={year}")
    else:
        form = RateMembersForm(initial={"basis_date": cycle.reviewed_on})
    return render(
        request,
        "web/work_rate_members.html",
        {
            "org": org,
            "name": name_of(org, on),
            "year": year,
            "cycle": cycle,
            "levels": _member_levels(cycle),
            "scored": rules.regime_on(cycle.reviewed_on).member_scored,
            "rows": [(line, person, typed.get(line.person_id, ("", ""))) for line, person in lines],
            # After a refusal for a missing score, the scores still empty beside a chosen level.
            "unscored": {pid for pid, (level, score) in typed.items() if level and not score.strip()}
            if refusal is not None and refusal.code == rules.SCORE_2025_RULE.code
            else set(),
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def rate_organization(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request)
    org = scope.organization(code, Role.EDIT)
    on = on_of(request)
    year = _year(request)
    cycle = _cycle_or_404(org, year)
    refusal: RuleViolation | None = None
    regime = rules.regime_on(cycle.reviewed_on)
    choices = [("", "—")] + [
        (level, regime.label(level, rules.ORGANIZATION)) for level in regime.levels(rules.ORGANIZATION)
    ]
    if request.method == "POST":
        form = RateOrganizationForm(request.POST)
        form.fields["level"].choices = choices  # type: ignore[attr-defined]
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, org.pk, cycle.reviewed_on)
            try:
                made = services.rate_organization(
                    cycle,
                    data["level"],
                    legal_basis=basis_of(data),
                    recorded_by=request.user.get_username(),
                    score=data["score"],
                    note=data["note"],
                    override=override_of(data),
                )
            except RuleViolation as violation:
                refusal = violation
                form = RateOrganizationForm(initial={**request.POST.dict(), "override_rule": violation.code})
            except RatingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request, _("Đã xếp loại tổ chức: %(level)s") % {"level": made.get_level_display()}
                )
                return redirect(f"{reverse('work_ratings', args=[org.code])}?nam={year}")
    else:
        form = RateOrganizationForm(initial={"basis_date": cycle.reviewed_on})
    form.fields["level"].choices = choices  # type: ignore[attr-defined]
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on),
            "title": _("Xếp loại tổ chức đảng năm %(year)s") % {"year": year},
            "back": (f"{reverse('work_ratings', args=[org.code])}?nam={year}", _("Xếp loại chất lượng")),
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


def _rating_to_amend(request: HttpRequest, uid: UUID) -> MemberRating:
    """A member's rating the user may correct or withdraw: they change the reviewing organization on
    the page's day and on the day of the review; else 404."""
    return scope_of(request).record(
        MemberRating.objects.select_related("cycle__organization", "person"), uid, Role.EDIT, amend=True
    )


def _rating_facts(found: MemberRating) -> list[tuple[str, object]]:
    facts: list[tuple[str, object]] = [
        (_("Đảng viên"), found.person.full_name),
        (_("Đợt kiểm điểm"), str(found.cycle)),
        (_("Xếp loại đang ghi"), found.get_level_display()),
    ]
    if found.score is not None:
        facts.append((_("Điểm"), found.score))
    return facts


def _ratings_of_year(found: MemberRating) -> str:
    """The ratings page of the rating's organization and year."""
    return f"{reverse('work_ratings', args=[found.cycle.organization.code])}?nam={found.cycle.year}"


def _rating_page(request: HttpRequest, found: MemberRating, context: dict[str, object]) -> HttpResponse:
    org = found.cycle.organization
    return render(
        request,
        "web/work_yearly_record.html",
        {
            "org": org,
            "name": name_of(org, on_of(request)),
            "back": (_ratings_of_year(found), _("Xếp loại chất lượng")),
            "facts": _rating_facts(found),
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
def correct_rating(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Correct a member's rating (level, score), with the reason; the service judges it against the
    rules as a new rating (a rule's refusal may be passed with a reason) and keeps the wrong one."""
    wrong = _rating_to_amend(request, uid)
    cycle = wrong.cycle
    levels = _member_levels(cycle)
    scored = rules.regime_on(cycle.reviewed_on).member_scored
    refusal: RuleViolation | None = None
    if request.method == "POST":
        form = RatingCorrectionForm(request.POST, levels=levels, scored=scored)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.correct_member_rating(
                    wrong,
                    level=data["level"],
                    score=data.get("score"),
                    legal_basis=basis_of(data),
                    recorded_by=request.user.get_username(),
                    note=data["note"],
                    override=override_of(data),
                )
            except RuleViolation as violation:
                refusal = violation
                form = RatingCorrectionForm(
                    initial={**request.POST.dict(), "override_rule": violation.code},
                    levels=levels,
                    scored=scored,
                )
            except RatingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("Đã sửa xếp loại của %(name)s") % {"name": wrong.person.full_name},
                )
                return redirect(_ratings_of_year(wrong))
    else:
        form = RatingCorrectionForm(
            initial={
                "level": wrong.level,
                "score": wrong.score,
                "basis_number": wrong.basis_number,
                "basis_date": wrong.basis_date,
                "basis_issuer": wrong.basis_issuer,
            },
            levels=levels,
            scored=scored,
        )
    return _rating_page(
        request,
        wrong,
        {
            "title": _("Sửa xếp loại: %(name)s") % {"name": wrong.person.full_name},
            "form": form,
            "fields": list(form),
            "refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw_rating(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a member's rating (the member should not have been rated), with the reason."""
    wrong = _rating_to_amend(request, uid)
    return withdrawal_page(
        request,
        Withdrawal(
            organization=wrong.cycle.organization,
            title=_("Hủy bỏ xếp loại: %(name)s") % {"name": wrong.person.full_name},
            back=(_ratings_of_year(wrong), _("Xếp loại chất lượng")),
            facts=_rating_facts(wrong),
            done=_("Đã hủy bỏ xếp loại của %(name)s") % {"name": wrong.person.full_name},
            then=_ratings_of_year(wrong),
            withdraw=lambda data, by: services.withdraw_member_rating(
                wrong, legal_basis=basis_of(data), recorded_by=by, note=data["note"]
            ),
            refused=(RatingRefused,),
            form=WithdrawWithBasisForm,
        ),
    )
