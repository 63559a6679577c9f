"""Cell meetings: the meetings of an organization's cells in a period with their attendance, the
figures of the period, recording a meeting (everyone expected is present unless marked absent), the
findings of the rules of RULES.md §5 and §2.9, and the residence ties owing their yearly comment."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partyorg.accounts.middleware import parse_day
from partyorg.accounts.models import Role
from partyorg.core.formats import vn_date
from partyorg.meetings.findings import absence_findings, meeting_findings
from partyorg.meetings.forms import MeetingCorrectionForm, MeetingForm, absences_of, attendance_marks
from partyorg.meetings.models import Attendance, Meeting, MeetingKind
from partyorg.meetings.queries import (
    attendance_counts,
    cells_among,
    expected_attendees,
    meetings_in,
    missing_comments,
    ties_of,
)
from partyorg.meetings.services import (
    MeetingRefused,
    correct_meeting,
    record_meeting,
    withdraw_meeting,
)
from partyorg.members.models import Person
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization
from partyorg.organizations.queries import version_on
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.meetings import meeting_figures
from partyorg.web.views.work import (
    Withdrawal,
    editable_on,
    int_param,
    log_people_list,
    name_of,
    names_on,
    on_of,
    page_of,
    scope_of,
    subtree_in,
    withdrawal_page,
    withdrawn,
)


def _period(request: HttpRequest) -> Period:
    """``?tu=`` … ``?den=`` (both days included); by default from 1 January to the page's day."""
    on = on_of(request)
    start = parse_day(request.GET.get("tu")) or date(on.year, 1, 1)
    last = parse_day(request.GET.get("den")) or on
    if last < start:
        last = start
    return Period(start, last + timedelta(days=1))


def _is_cell(org: Organization, on: date) -> bool:
    version = version_on(org, on)
    return version is not None and version.kind in MEMBER_HOLDING_KINDS


def meetings(request: HttpRequest, code: str) -> HttpResponse:
    """The meetings held by the cells under an organization in a period, each with its attendance
    counted in one grouped query, and the period's figures with their denominators."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    period = _period(request)
    cells = cells_among(subtree_in(scope, org), on)
    listed = meetings_in(cells, period.start, period.end).order_by("-held_on", "-pk")
    page = page_of(request, listed)  # type: ignore[arg-type]
    names = names_on({m.organization_id for m in page}, on)
    counted = attendance_counts([m.pk for m in page])
    return render(
        request,
        "web/work_meetings.html",
        {
            "org": org,
            "name": name_of(org, on),
            "period": period,
            "page": page,
            "rows": [(m, names.get(m.organization_id, ""), counted[m.pk]) for m in page],
            "is_cell": _is_cell(org, on),
            "can_edit": scope.can(org.pk, Role.EDIT),
        },
    )


def figures(request: HttpRequest, code: str) -> HttpResponse:
    """The period's figures, asked for by the meetings page once it is shown (htmx): over a
    province's three thousand cells they take longer than the list."""
    scope = scope_of(request)
    org = scope.organization(code)
    period = _period(request)
    return render(
        request,
        "web/work_meeting_figures.html",
        {"org": org, "period": period, "figures": meeting_figures(org, period)},
    )


def meeting(request: HttpRequest, uid: UUID) -> HttpResponse:
    """One meeting with who came and who did not."""
    scope = scope_of(request)
    found = scope.record(Meeting, uid, Role.VIEW)
    log_people_list(
        request,
        found.organization,
        _("Điểm danh buổi sinh hoạt ngày %(day)s") % {"day": vn_date(found.held_on)},
    )
    rows = (
        Attendance.objects.filter(meeting=found)
        .select_related("person")
        .order_by("person__search_key", "person_id")
    )
    return render(
        request,
        "web/work_meeting.html",
        {
            "meeting": found,
            "cell": name_of(found.organization, found.held_on),
            "org": found.organization,
            "rows": rows,
            "corrected": found.corrections.exists(),
            "can_edit": not found.withdrawn and scope.can(found.organization_id, Role.EDIT),
        },
    )


def _expected(cell: Organization, day: date) -> list[Person]:
    return list(expected_attendees(cell, day).only("code", "full_name", "pk"))


def attendance(request: HttpRequest, code: str) -> HttpResponse:
    """The members expected at a meeting of the cell on the typed day (the form asks again when the
    day changes, through htmx, sending the marks made so far: those of people still expected stay)."""
    scope = scope_of(request)
    cell = scope.organization(code, Role.EDIT)
    day = parse_day(request.GET.get("held_on")) or on_of(request)
    log_people_list(request, cell, _("Đảng viên dự sinh hoạt ngày %(day)s") % {"day": vn_date(day)})
    return render(
        request,
        "web/work_attendance.html",
        {"people": _expected(cell, day), "day": day, "marks": attendance_marks(request.GET)},
    )


def _ask_attendance(form: MeetingForm, cell: Organization) -> None:
    """A new day asks for who is expected that day (htmx swaps the attendance list)."""
    form.fields["held_on"].widget.attrs.update(
        {
            "hx-get": reverse("work_attendance", args=[cell.code]),
            "hx-trigger": "change",
            "hx-include": "#attendance",
            "hx-target": "#attendance",
            "hx-swap": "outerHTML",
        }
    )


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, code: str) -> HttpResponse:
    """Record a meeting of a cell: day, kind, duration, agenda; the absent members excused or not,
    everyone else expected that day present."""
    scope = scope_of(request)
    cell = scope.organization(code, Role.EDIT)
    on = on_of(request)
    marks: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        form = MeetingForm(request.POST)
        marks = attendance_marks(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            editable_on(request, cell.pk, data["held_on"])
            absences = absences_of(marks)
            try:
                made = record_meeting(
                    cell,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    duration_minutes=data["duration_minutes"],
                    agenda=data["agenda"],
                    resolution=data["resolution"],
                    absences=absences,
                    note=data["note"],
                    recorded_by=request.user.get_username(),
                )
            except MeetingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("Đã ghi: %(kind)s ngày %(day)s")
                    % {"kind": made.get_kind_display(), "day": vn_date(made.held_on)},
                )
                return redirect("work_meeting", uid=made.uid)
        day = form.cleaned_data.get("held_on") if form.is_bound and hasattr(form, "cleaned_data") else None
    else:
        form = MeetingForm(initial={"held_on": on, "kind": MeetingKind.REGULAR, "duration_minutes": 90})
        day = None
    day = day or on
    _ask_attendance(form, cell)
    return render(
        request,
        "web/work_meeting_form.html",
        {
            "org": cell,
            "name": name_of(cell, on),
            "form": form,
            "people": _expected(cell, day),
            "day": day,
            "marks": marks,
            "is_cell": _is_cell(cell, day),
        },
    )


def findings(request: HttpRequest, code: str) -> HttpResponse:
    """What the rules find in the meetings of the cells under an organization over a period (months
    without a regular meeting, quarters without a thematic one, short meetings) and, for the year of
    the period's end, members whose unexcused absences reach the removal ground."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    period = _period(request)
    ids = subtree_in(scope, org)
    cells = cells_among(ids, on)
    kind = request.GET.get("loai", "")
    today = min(on + timedelta(days=1), timezone.localdate())  # months over by the page's day
    found = meeting_findings(cells, period.start, period.end, today=today)
    found += absence_findings(cells, period.closing_day.year)  # names the members absent
    log_people_list(request, org, _("Kiểm tra sinh hoạt chi bộ và vắng mặt"))
    kinds = sorted({f.code for f in found})
    if kind:
        found = [f for f in found if f.code == kind]
    found.sort(key=lambda f: (f.code, f.organization_id, f.period))
    page = page_of(request, found)
    names = names_on({f.organization_id for f in page}, on)
    return render(
        request,
        "web/work_findings.html",
        {
            "org": org,
            "name": name_of(org, on),
            "period": period,
            "page": page,
            "rows": [(f, names.get(f.organization_id, "")) for f in page],
            "count": len(found),
            "cells": len(cells),
            "kinds": kinds,
            "kind": kind,
        },
    )


def residence(request: HttpRequest, code: str) -> HttpResponse:
    """The working members of an organization's subtree tied with the place they live (QĐ 213) on
    the day, and those whose yearly comment is missing for a year (by default the one before)."""
    scope = scope_of(request)
    on = on_of(request)
    org = scope.organization(code)
    ids = subtree_in(scope, org)
    year = int_param(request, "nam", on.year - 1, 1930, 2100)
    missing = missing_comments(ids, year)
    ties = ties_of(ids, on)
    log_people_list(request, org, _("Đảng viên sinh hoạt nơi cư trú, nhận xét năm %(year)s") % {"year": year})
    page = page_of(request, missing)
    outside = _("ngoài phạm vi được giao")
    # Names only of the organizations the user reaches: where a member lives may be outside the scope.
    shown = ({t.residence_organization_id for t, _ in page} | {c for _, c in page if c}) & scope.org_ids()
    names = names_on(shown, on)
    return render(
        request,
        "web/work_residence.html",
        {
            "org": org,
            "name": name_of(org, on),
            "year": year,
            "ties": len(ties),
            "count": len(missing),
            "page": page,
            "rows": [
                (t, names.get(t.residence_organization_id, outside), names.get(c or 0, outside))
                for t, c in page
            ],
        },
    )


def _meeting_to_amend(request: HttpRequest, uid: UUID) -> Meeting:
    """A meeting the user may correct or withdraw (their cell's, on the page's day and on the day it
    was held); else 404."""
    return scope_of(request).record(
        Meeting.objects.select_related("organization"), uid, Role.EDIT, amend=True
    )


def _meeting_label(found: Meeting) -> str:
    return _("%(kind)s ngày %(day)s") % {"kind": found.get_kind_display(), "day": vn_date(found.held_on)}


@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Correct a meeting: the whole record again (day, kind, duration, agenda, who was absent), with
    the reason. The service appends the corrected meeting; the wrong one stays, marked as corrected."""
    wrong = _meeting_to_amend(request, uid)
    cell = wrong.organization
    on = on_of(request)
    if request.method == "POST":
        form = MeetingCorrectionForm(request.POST)
        marks = attendance_marks(request.POST)
        valid = form.is_valid()
        day = form.cleaned_data.get("held_on")
        if valid:
            data = form.cleaned_data
            editable_on(request, cell.pk, data["held_on"])  # the corrected day is a write of that day
            try:
                made = correct_meeting(
                    wrong,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    duration_minutes=data["duration_minutes"],
                    agenda=data["agenda"],
                    resolution=data["resolution"],
                    absences=absences_of(marks),
                    note=data["note"],
                    recorded_by=request.user.get_username(),
                )
            except MeetingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Đã sửa: %(what)s") % {"what": _meeting_label(made)})
                return redirect("work_meeting", uid=made.uid)
    else:
        form = MeetingCorrectionForm(
            initial={
                "held_on": wrong.held_on,
                "kind": wrong.kind,
                "duration_minutes": wrong.duration_minutes,
                "agenda": wrong.agenda,
                "resolution": wrong.resolution,
            }
        )
        marks = {
            person_id: (status, reason)
            for person_id, status, reason in wrong.attendances.values_list("person_id", "status", "reason")
        }
        day = wrong.held_on
    day = day or wrong.held_on
    _ask_attendance(form, cell)
    return render(
        request,
        "web/work_meeting_form.html",
        {
            "org": cell,
            "name": name_of(cell, on),
            "title": _("Sửa buổi sinh hoạt: %(what)s") % {"what": _meeting_label(wrong)},
            "form": form,
            "people": _expected(cell, day),
            "day": day,
            "marks": marks,
            "is_cell": _is_cell(cell, day),
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a meeting that did not take place (or belongs to another cell), with the reason."""
    wrong = _meeting_to_amend(request, uid)
    cell = wrong.organization
    return withdrawal_page(
        request,
        Withdrawal(
            organization=cell,
            title=_("Hủy bỏ buổi sinh hoạt: %(what)s") % {"what": _meeting_label(wrong)},
            back=(reverse("work_meeting", args=[wrong.uid]), _("Sinh hoạt chi bộ")),
            facts=[
                (_("Thời lượng"), _("%(n)s phút") % {"n": wrong.duration_minutes}),
                (_("Nội dung"), wrong.agenda or "—"),
                (_("Người ghi"), wrong.recorded_by),
            ],
            done=withdrawn(_meeting_label(wrong)),
            then=reverse("work_meetings", args=[cell.code]),
            withdraw=lambda data, by: withdraw_meeting(wrong, note=data["note"], recorded_by=by),
            refused=(MeetingRefused,),
        ),
    )
