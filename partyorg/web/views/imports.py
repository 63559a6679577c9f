"""Importing an interchange file from the web: upload, check, see the report, apply.

A check reads the file, holds every record against the uploader's scope
(:func:`partyorg.exchange.scope_check.out_of_scope`) and runs :func:`~partyorg.exchange.load.load`
in a transaction that is then rolled back, so the officer sees exactly what would be created, what
is already there, and every problem, before anything is written. Applying runs the same load for
real, once more after the same scope check (the scope may have changed since).

Both run in a thread of the server process, one file at a time, and the job page polls their
progress. The load is one transaction: on SQLite it holds the database's only write lock until it
ends, so writing progress to the job's row from another connection would wait for that lock
(ECOSYSTEM.md, pitfall 1) — and on PostgreSQL it would need a second connection for nothing. So a
running job's progress lives in Django's cache, keyed by the job's id, and the row is written only
between phases, outside the load's transaction: its status, the total once the file has been
read, and the report at the end. A server with several processes shows the phase from the row and
the numbers only in the process that runs the job.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from partyorg.accounts.scope import Scope
from partyorg.core.formats import vn_number
from partyorg.exchange.formats import read_file
from partyorg.exchange.load import LoadReport, load
from partyorg.exchange.records import ExchangeError, Location, Problem, Record
from partyorg.exchange.report import FindingGroup, record_counts
from partyorg.exchange.scope_check import out_of_scope
from partyorg.organizations.models import Organization
from partyorg.web.models import ImportJob, ImportStatus, import_dir

logger = logging.getLogger(__name__)

# Tests switch this off to run a job in the request that starts it, on the test's connection.
BACKGROUND = True
MAX_SIZE = 50 * 1024 * 1024
SUFFIXES = (".xlsx", ".jsonl")
PROGRESS_EVERY = 500  # records between two progress notes
PROGRESS_SECONDS = 24 * 60 * 60
RECENT = 20  # jobs listed on the upload page
SAVE_ATTEMPTS = 30
FINDING_GROUPS = 500  # groups of findings (rule, organization) kept with a job

PHASES = {
    "waiting": gettext_lazy("Đang chờ lượt: một tệp khác đang được kiểm tra hoặc nạp"),
    "reading": gettext_lazy("Đọc tệp và kiểm tra phạm vi được giao"),
    "trial": gettext_lazy("Chạy thử (không ghi gì)"),
    "loading": gettext_lazy("Nạp các bản ghi"),
    "finishing": gettext_lazy("Dựng lại quá trình của từng người và kiểm tra toàn bộ"),
}

# One job at a time in this process: on SQLite two loads would wait on each other's write lock.
_one_at_a_time = threading.Lock()


# -- progress -------------------------------------------------------------------------------------


def _progress_key(job_pk: int) -> str:
    return f"partyorg:import:{job_pk}"


def note_progress(job_pk: int, phase: str, done: int, total: int) -> None:
    cache.set(_progress_key(job_pk), {"phase": phase, "done": done, "total": total}, PROGRESS_SECONDS)


def read_progress(job: ImportJob) -> dict[str, Any]:
    """The phase and counts of a busy job: from the cache while its thread notes them, else what
    its row says."""
    noted = cache.get(_progress_key(job.pk))
    if not isinstance(noted, dict):
        noted = {"phase": "", "done": job.progress_done, "total": job.progress_total}
    total, done = noted["total"], noted["done"]
    return {
        "phase": PHASES.get(noted["phase"], job.get_status_display()),
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else None,
        # No count to show: waiting for the lock, reading a file of unknown length, or the
        # loader's work after the last record (folding every person's log, the checks).
        "indeterminate": not total or noted["phase"] in ("waiting", "finishing"),
    }


class _Counted:
    """Passes the file's rows on, noting how many went by; a read error is kept, not raised, so
    that what the scope check found before it is not lost."""

    def __init__(self, job_pk: int, phase: str, total: int = 0) -> None:
        self.job_pk, self.phase, self.total = job_pk, phase, total
        self.count = 0
        self.error: ExchangeError | None = None

    def over(
        self, rows: Iterable[tuple[Location | None, Record]], *, keep_error: bool = False
    ) -> Iterator[tuple[Location | None, Record]]:
        note_progress(self.job_pk, self.phase, 0, self.total)
        try:
            for row in rows:
                self.count += 1
                if self.count % PROGRESS_EVERY == 0:
                    note_progress(self.job_pk, self.phase, self.count, self.total)
                yield row
        except ExchangeError as error:
            if not keep_error:
                raise
            self.error = error
        if self.phase in ("trial", "loading"):  # all read: the loader now folds and checks the whole
            note_progress(self.job_pk, "finishing", self.count, self.total)
        else:
            note_progress(self.job_pk, self.phase, self.count, self.total)


# -- the work -------------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def _trial_load(rows: Iterable[tuple[Location | None, Record]]) -> LoadReport:
    """Load for real inside a transaction, then roll it back: the report of what a load would do."""
    report: LoadReport | None = None
    try:
        with transaction.atomic():
            report = load(rows)
            raise _DryRun
    except _DryRun:
        pass
    assert report is not None
    return report


def _read(job: ImportJob) -> Iterator[tuple[Location, Record]]:
    """The uploaded file's records, every row named by the file's name as uploaded (it is stored
    under another)."""
    return read_file(job.path, job.file_name)


def _scope_problems(job: ImportJob, total: int) -> tuple[list[Problem], int]:
    """The problems of reading the file and of holding it against the uploader's scope today;
    and how many records were read."""
    scope = Scope(job.user, timezone.localdate())
    counted = _Counted(job.pk, "reading", total)
    try:
        problems = out_of_scope(counted.over(_read(job), keep_error=True), scope)
    except ExchangeError as error:  # not a partyorg file at all, or an unsupported one
        return error.problems, counted.count
    return (counted.error.problems if counted.error else []) + problems, counted.count


def _save(job_pk: int, **values: Any) -> None:
    """Write to the job's row, outside any load's transaction. A write refused because the
    database is locked is tried again: a job whose last status is lost would stay busy for ever
    although its load committed. (SQLite waits its busy timeout first, but not when connections
    share a cache, as in Django's in-memory test database: there it refuses at once.)"""
    for attempt in range(SAVE_ATTEMPTS):
        try:
            ImportJob.objects.filter(pk=job_pk).update(**values)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == SAVE_ATTEMPTS - 1:
                raise
            time.sleep(0.2)


def _refuse(job: ImportJob, status: str, problems: list[Problem], records: int, **more: Any) -> None:
    _save(
        job.pk,
        status=status,
        problems=[p.named(job.file_name) for p in problems[: ImportJob.MAX_PROBLEMS]],
        problem_count=len(problems),
        progress_done=records,
        progress_total=records,
        finished_at=timezone.now(),
        **more,
    )


def _finding_groups(report: LoadReport, user: Any) -> list[dict[str, Any]]:
    """The load's findings grouped by rule and organization (the first FINDING_GROUPS), each
    marked with whether the uploader reaches its organization on the group's last day: a load
    judges every cell its people were ever in, and a cell outside the uploader's scope is shown
    only as a number."""
    groups: list[FindingGroup] = report.finding_groups.groups()[:FINDING_GROUPS]
    ids = dict(
        Organization.objects.filter(code__in={g.organization for g in groups if g.organization}).values_list(
            "code", "pk"
        )
    )
    scopes: dict[Any, Scope] = {}
    kept = []
    for group in groups:
        values = group.as_json()
        org_id = ids.get(group.organization)
        if org_id is None or group.last_on is None:  # about people of the file, not an organization
            values["in_scope"] = True
        else:
            scope = scopes.setdefault(group.last_on, Scope(user, group.last_on))
            values["in_scope"] = scope.can(org_id)
        kept.append(values)
    return kept


def _report_values(report: LoadReport, records: int, user: Any) -> dict[str, Any]:
    return {
        "counts": {
            "created": dict(report.created),
            "unchanged": dict(report.unchanged),
            "seconds": round(report.seconds, 1),
            "finding_groups": len(report.finding_groups),
        },
        "findings": _finding_groups(report, user),
        "finding_count": report.finding_count,
        "finding_rules": [
            [rule.title, rule.code, count] for rule, count in report.findings_by_rule.most_common()
        ],
        "problems": [],
        "problem_count": 0,
        "progress_done": records,
        "progress_total": records,
    }


def check_job(job: ImportJob) -> None:
    """Read, hold against the scope, load and roll back; the job becomes CHECKED (with the
    report) or REFUSED (with the problems)."""
    problems, records = _scope_problems(job, 0)
    now = timezone.now()
    if problems:
        _refuse(job, ImportStatus.REFUSED, problems, records, checked_at=now)
        return
    _save(job.pk, progress_done=0, progress_total=records)
    try:
        report = _trial_load(_Counted(job.pk, "trial", records).over(_read(job)))
    except ExchangeError as error:
        _refuse(job, ImportStatus.REFUSED, error.problems, records, checked_at=now)
        return
    _save(job.pk, status=ImportStatus.CHECKED, checked_at=now, **_report_values(report, records, job.user))


def apply_job(job: ImportJob) -> None:
    """Hold the file against the scope again, then load it: DONE, or FAILED with nothing written."""
    _save(job.pk, started_at=timezone.now())
    problems, records = _scope_problems(job, job.progress_total)
    if problems:
        _refuse(job, ImportStatus.FAILED, problems, records)
        return
    try:
        report = load(_Counted(job.pk, "loading", records).over(_read(job)))
    except ExchangeError as error:  # the database changed since the check
        _refuse(job, ImportStatus.FAILED, error.problems, records)
        return
    _save(
        job.pk,
        status=ImportStatus.DONE,
        finished_at=timezone.now(),
        **_report_values(report, records, job.user),
    )


def _run(job_pk: int, work: Callable[[ImportJob], None]) -> None:
    """Do ``work`` for the job when no other job runs; any unexpected error fails the job."""
    note_progress(job_pk, "waiting", 0, 0)
    try:
        with _one_at_a_time:
            work(ImportJob.objects.select_related("user").get(pk=job_pk))
    except Exception:
        logger.exception("import job %s", job_pk)
        reason = _("Lỗi hệ thống khi xử lý tệp; không có dữ liệu nào được ghi. Hãy báo quản trị.")
        _save(
            job_pk, status=ImportStatus.FAILED, problems=[reason], problem_count=1, finished_at=timezone.now()
        )
    finally:
        cache.delete(_progress_key(job_pk))
        if BACKGROUND:
            connection.close()  # this thread's own connection


def _start(job_pk: int, work: Callable[[ImportJob], None]) -> None:
    if BACKGROUND:
        threading.Thread(target=_run, args=(job_pk, work), name=f"import-{job_pk}", daemon=True).start()
    else:
        _run(job_pk, work)


# -- pages ----------------------------------------------------------------------------------------


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


def _store(upload: UploadedFile, user_id: int) -> ImportJob:
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()
    stored = f"{uuid.uuid4().hex}{suffix}"
    with (directory / stored).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return ImportJob.objects.create(
        user_id=user_id,
        file_name=Path(upload.name or stored).name[:255],
        stored_name=stored,
        size=upload.size or 0,
        created_at=timezone.now(),
    )


def _visible(request: HttpRequest) -> QuerySet[ImportJob]:
    """A job is seen by whoever uploaded it and by superusers; for anyone else it does not exist."""
    jobs = ImportJob.objects.select_related("user")
    return jobs if getattr(request.user, "is_superuser", False) else jobs.filter(user_id=_user_id(request))


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = _visible(request).filter(pk=pk).first()
    if job is None:
        raise Http404("no such import")
    return job


@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file; the recent uploads."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = _store(form.cleaned_data["file"], _user_id(request))
        return redirect("import_job", pk=job.pk)
    jobs = _visible(request).order_by("-created_at", "-pk")[:RECENT]
    return render(request, "web/imports.html", {"form": form, "jobs": jobs})


@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "web/import_job.html", _context(request, job))


@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment the job page polls; once the job is no longer busy, the whole page reloads."""
    job = _job(request, pk)
    if not job.is_busy:
        if getattr(request, "htmx", False):
            return HttpResponseClientRefresh()
        return redirect("import_job", pk=job.pk)
    return render(request, "web/import_progress.html", {"job": job, "progress": read_progress(job)})


def _act(
    request: HttpRequest,
    pk: int,
    allowed: dict[str, Any],
    work: Callable[[ImportJob], None],
    **start: Any,
) -> HttpResponse:
    """Move the uploader's own job from an ``allowed`` state into its busy one (``start``; only
    one request can) and start ``work``."""
    job = _job(request, pk)
    if job.user_id != _user_id(request):
        raise Http404("not the uploader")
    started = ImportJob.objects.filter(pk=job.pk, **allowed).update(
        progress_done=0, problems=[], problem_count=0, finished_at=None, **start
    )
    if started:
        _start(job.pk, work)
    else:
        messages.info(request, _("Tệp này không ở trạng thái cho phép thao tác đó."))
    return redirect("import_job", pk=job.pk)


@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    again = (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.REFUSED, ImportStatus.FAILED)
    return _act(
        request,
        pk,
        {"status__in": again},
        check_job,
        status=ImportStatus.CHECKING,
        counts={},
        findings=[],
        finding_count=0,
        finding_rules=[],
    )


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    allowed = {"status": ImportStatus.CHECKED, "problem_count": 0}
    return _act(request, pk, allowed, apply_job, status=ImportStatus.RUNNING)


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


def _context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
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
        "progress": read_progress(job) if job.is_busy else None,
        "more_problems": job.problem_count - len(job.problems),
        "finding_rules": _findings_by_rule(request, job),
        "legacy_findings": legacy,
    }
