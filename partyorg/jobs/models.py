"""A piece of background work as partyorg keeps it: what it is, how far it got, who runs it and
whether that process still lives.

The queue itself is django-tasks' (``django_tasks_db``: its ``DBTaskResult`` rows in the same
database, taken by ``partyorg worker``); it knows a task's status but neither its progress nor
whether the process that took it is still there (ECOSYSTEM.md, pitfall 2). A :class:`Job` keeps
both, so that any page of any server process shows them, and so that a job whose process died
(a restart, a kill -9) is found and resumed or failed with its reason (:mod:`partyorg.jobs.runner`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ tiến trình nền nhận việc")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class Job(models.Model):
    """One run of a piece of work: ``handler`` names (as a dotted path) the object that does it,
    ``subject`` the id of what it works on (an uploaded file's ``ImportJob``…), ``options`` what
    else it needs. ``worker`` is the process that took it (``host:pid:start``), ``heartbeat_at``
    when that process last said it was alive; ``attempts`` how many times a process took it (a
    job resumed after its process died is taken again)."""

    kind = models.CharField(_("loại việc"), max_length=40)
    handler = models.CharField(max_length=200)
    subject = models.PositiveBigIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result it was queued as
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(_("xếp hàng lúc"))
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)  # why it stopped or was taken again, as shown
    log = models.JSONField(default=list, blank=True)  # [[time ISO, text]]: taken, interrupted, resumed

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("các việc chạy nền")
        indexes = [
            models.Index(fields=["handler", "subject"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class WorkerBeat(models.Model):
    """A ``partyorg worker`` process saying it is alive, idle or busy: written when it starts and
    every ``partyorg.jobs.runner.WORKER_BEAT_SECONDS`` while it runs, ``stopped_at`` when it stops
    as asked. The health endpoint reads the last beat (``partyorg.web.views.health``). ``worker``
    is the process as the jobs name it (``host:pid:start``)."""

    worker = models.CharField(max_length=120, unique=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhịp của tiến trình nền")
        verbose_name_plural = _("nhịp của các tiến trình nền")

    def __str__(self) -> str:
        return f"{self.worker} {self.beat_at:%d/%m/%Y %H:%M:%S}"
