"""Importing an interchange file from the web: upload, check, see the report, apply.

The pages only start jobs and read them: the work (a check, a load, their progress) is the job
runner's (:mod:`partyorg.jobs.imports`), the uploaded files and their rows the web's import jobs'
(:mod:`partyorg.web.import_jobs`).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from partyorg.accounts import otp
from partyorg.core.formats import vn_number
from partyorg.core.text import fold_vi
from partyorg.exchange.report import FINDINGS_HEADER, record_counts
from partyorg.jobs.imports import last_job, read_progress
from partyorg.jobs.models import Job
from partyorg.web import import_jobs
from partyorg.web.models import ImportJob

MAX_SIZE = 50 * 1024 * 1024
SUFFIXES = (".xlsx", ".jsonl")
RECENT = 20  # jobs listed on the upload page


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp (.xlsx hoặc .jsonl, tối đa 50 MB)"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .jsonl"))
        if (upload.size or 0) > MAX_SIZE:
            raise forms.ValidationError(_("Tệp lớn hơn 50 MB"))
        return upload


def _user_id(request: HttpRequest) -> int:
    """Every page needs a signed-in user (LoginRequiredMiddleware), so there is one."""
    pk = request.user.pk
    assert pk is not None
    return int(pk)


def _visible(request: HttpRequest) -> QuerySet[ImportJob]:
    """A job is seen by whoever uploaded it and by superusers; for anyone else it does not exist."""
    jobs = ImportJob.objects.select_related("user")
    return jobs if getattr(request.user, "is_superuser", False) else jobs.filter(user_id=_user_id(request))


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = _visible(request).filter(pk=pk).first()
    if job is None:
        raise Http404("no such import")
    return job


def _with_run(request: HttpRequest, pk: int) -> tuple[ImportJob, Job | None]:
    """The import and its last background job. A busy import whose job's process is gone (a
    restart, a kill) is found so here: its job is queued again or failed with its reason, and the
    import read again."""
    job = _job(request, pk)
    run = last_job(job.pk)
    if job.is_busy and run is not None and not run.is_busy:
        job.refresh_from_db()
    return job, run


@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file; the recent uploads."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_jobs.keep_upload(form.cleaned_data["file"], _user_id(request))
        return redirect("import_job", pk=job.pk)
    jobs = _visible(request).order_by("-created_at", "-pk")[:RECENT]
    return render(request, "web/imports.html", {"form": form, "jobs": jobs})


@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    job, run = _with_run(request, pk)
    return render(request, "web/import_job.html", _context(request, job, run))


@require_GET
@otp.for_export
def findings(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every finding of the job's last check or load that the reader may see, as a CSV file;
    with the findings page's filters (rule, organization, year), those it shows."""
    job = _job(request, pk)
    if not job.findings_path.exists():
        raise Http404("no findings kept")
    rows = import_jobs.findings_seen_by(job, request.user)
    chosen = _finding_filters(request)
    if any(chosen.values()):  # the findings page's filters, when it asks
        rows = itertools.chain([list(FINDINGS_HEADER)], _filtered(rows, chosen))
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phat-hien-{job.pk}.csv"'
    return response


FINDINGS_PAGE = 100  # findings a page of the findings page


@require_GET
def findings_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every finding of the job's last check or load that the reader may see
    (:func:`~partyorg.web.import_jobs.findings_seen_by`), one a row, filtered by rule, organization
    (its code, or a part of its name typed without diacritics) and year, a page at a time; the
    same rows as the CSV file, which the page offers filtered the same way. A job is the
    uploader's and the superusers' only (404 for anyone else)."""
    job = _job(request, pk)
    if not job.findings_path.exists():
        raise Http404("no findings kept")
    chosen = _finding_filters(request)
    rows = _filtered(import_jobs.findings_seen_by(job, request.user), chosen)
    number = _page_number(request.GET.get("page"))
    start = (number - 1) * FINDINGS_PAGE
    shown: list[list[str]] = []
    total = 0
    for row in rows:
        if start <= total < start + FINDINGS_PAGE:
            shown.append(row)
        total += 1
    pages = max(1, -(-total // FINDINGS_PAGE))
    return render(
        request,
        "web/import_findings.html",
        {
            "job": job,
            "rows": shown,
            "total": total,
            "number": min(number, pages),
            "pages": pages,
            "previous": _query(request, number - 1) if number > 1 else "",
            "next": _query(request, number + 1) if number < pages else "",
            "download": _query(request, None),
            "rules": [(code, title, count) for title, code, count in job.finding_rules],
            **chosen,
        },
    )


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _query(request: HttpRequest, page: int | None) -> str:
    """The request's filters, with another page (None: without a page)."""
    query = request.GET.copy()
    query.pop("page", None)
    if page is not None:
        query["page"] = str(page)
    return query.urlencode()


def _finding_filters(request: HttpRequest) -> dict[str, Any]:
    year = request.GET.get("nam", "").strip()
    return {
        "rule": request.GET.get("quy-dinh", "").strip(),
        "organization": request.GET.get("to-chuc", "").strip(),
        "year": year if year.isdigit() and len(year) == 4 else "",
    }


def _filtered(rows: Iterator[list[str]], chosen: dict[str, Any]) -> Iterator[list[str]]:
    """The findings file's rows (its header first, dropped) that match the filters: the rule's
    code, the organization's code exactly or its name folded (``fold_vi``), the year of the day."""
    rule, organization, year = chosen["rule"], chosen["organization"], chosen["year"]
    folded = fold_vi(organization)
    names: dict[str, bool] = {}  # an organization's name → whether it matches (folded once)
    next(rows, None)
    for row in rows:
        code, org_code, org_name, day = row[0], row[2], row[3], row[4]
        if rule and code != rule:
            continue
        if organization and org_code != organization:
            if org_name not in names:
                names[org_name] = folded in fold_vi(org_name)
            if not names[org_name]:
                continue
        if year and not day.endswith(f"/{year}"):
            continue
        yield row


class _Line:
    """A file-like object that hands back what the CSV writer writes, one line at a time."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"  # so that Excel reads UTF-8
    for row in rows:
        yield writer.writerow(row)


@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment the job page polls; once the job is no longer busy, the whole page reloads."""
    job, run = _with_run(request, pk)
    if not job.is_busy:
        if getattr(request, "htmx", False):
            return HttpResponseClientRefresh()
        return redirect("import_job", pk=job.pk)
    return render(request, "web/import_progress.html", {"job": job, "progress": _progress(job, run)})


def _act(request: HttpRequest, pk: int, begin: Callable[[ImportJob], bool]) -> HttpResponse:
    """Start ``begin`` (check or apply) on the uploader's own job; a job not in a state that allows
    it is left as it is, with a message."""
    job = _job(request, pk)
    if job.user_id != _user_id(request):
        raise Http404("not the uploader")
    if not begin(job):
        messages.info(request, _("Tệp này không ở trạng thái cho phép thao tác đó."))
    return redirect("import_job", pk=job.pk)


@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, import_jobs.check)


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, import_jobs.apply)


def _progress(job: ImportJob, run: Job | None) -> dict[str, Any]:
    return read_progress(run, job.progress_done, job.progress_total, str(job.get_status_display()))


def _findings_by_rule(request: HttpRequest, job: ImportJob) -> list[dict[str, Any]]:
    """The job's finding groups under their rules, in the order of ``finding_rules`` (most
    findings first). A group about an organization the uploader did not reach is counted, not
    named, except for superusers. (A job recorded before findings were grouped kept them as
    texts: those are listed to superusers, as they were.)"""
    everything = getattr(request.user, "is_superuser", False)
    rules = {
        code: {"title": title, "code": code, "count": count, "groups": [], "hidden": 0, "hidden_count": 0}
        for title, code, count in job.finding_rules
    }
    for group in job.findings:
        if not isinstance(group, dict) or group.get("code") not in rules:
            continue
        rule = rules[group["code"]]
        if group.get("in_scope") or everything:
            rule["groups"].append(group)
        else:
            rule["hidden"] += 1
            rule["hidden_count"] += group["count"]
    for rule in rules.values():
        rule["orgs"] = sum(1 for g in rule["groups"] if g["organization"]) + rule["hidden"]
        rule["unlisted"] = rule["count"] - sum(g["count"] for g in rule["groups"]) - rule["hidden_count"]
    return list(rules.values())


def _context(request: HttpRequest, job: ImportJob, run: Job | None) -> dict[str, Any]:
    counts = job.counts or {}
    rows = record_counts(counts.get("created", {}), counts.get("unchanged", {}))
    legacy = [f for f in job.findings if isinstance(f, str)]
    return {
        "job": job,
        "own": job.user_id == _user_id(request),
        "rows": [(label, created, unchanged) for _kind, label, created, unchanged in rows],
        "written": sum(created for _kind, _label, created, _unchanged in rows),
        "unchanged": sum(unchanged for _kind, _label, _created, unchanged in rows),
        "seconds": vn_number(counts.get("seconds", 0), 1) if counts else "",
        "notes": counts.get("notes", []),
        "findings_file": job.finding_count > 0 and job.findings_path.exists(),
        "progress": _progress(job, run) if job.is_busy else None,
        # A job whose process died and that was run again says so, with when and why.
        "interrupted": run.reason if run is not None and run.attempts > 1 and not run.is_busy else "",
        "more_problems": job.problem_count - len(job.problems),
        "finding_rules": _findings_by_rule(request, job),
        "legacy_findings": legacy,
    }
