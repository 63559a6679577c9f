"""What the web keeps of its own: the files officers upload to import (:class:`ImportJob`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def import_dir() -> Path:
    """Where uploaded files are kept: ``MEDIA_ROOT/imports`` when a media root is set, else
    ``var/imports`` beside the ``partyorg`` package (ignored by git). Read at each use, so a test
    (or a deployment) that sets ``MEDIA_ROOT`` moves it."""
    root = str(getattr(settings, "MEDIA_ROOT", "") or "")
    base = Path(root) if root else Path(settings.BASE_DIR).parent / "var"
    return base / "imports"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên, chưa kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, sẵn sàng nạp")
    REFUSED = "refused", _("Không nạp được")
    RUNNING = "running", _("Đang nạp")
    DONE = "done", _("Đã nạp")
    FAILED = "failed", _("Nạp không thành công, không có dữ liệu nào được ghi")


class ImportJob(models.Model):
    """One uploaded interchange file and what became of it: checked (read, held against the
    uploader's scope, loaded in a transaction that was rolled back), then applied.

    ``counts`` holds the load report (``created`` and ``unchanged`` by record type, ``seconds``);
    ``problems`` the reasons a check or a load refused the file, as the officer reads them (at most
    :data:`MAX_PROBLEMS`, ``problem_count`` all of them); ``findings`` the data-quality findings
    of a load. ``progress_done``/``progress_total`` are written at the boundaries of each phase;
    between them a running job's progress is in the cache (see ``partyorg.web.views.imports``).
    """

    MAX_PROBLEMS = 1000
    MAX_FINDINGS = 200

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="import_jobs")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    stored_name = models.CharField(max_length=80, unique=True)
    size = models.PositiveBigIntegerField(_("kích thước"))
    created_at = models.DateTimeField(_("tải lên lúc"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu nạp lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list, blank=True)
    finding_count = models.PositiveIntegerField(default=0)
    finding_rules = models.JSONField(default=list, blank=True)  # [title, code, count], most first

    class Meta:
        verbose_name = _("lần nạp tệp")
        verbose_name_plural = _("các lần nạp tệp")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def path(self) -> Path:
        return import_dir() / self.stored_name

    @property
    def findings_path(self) -> Path:
        """Every data-quality finding of the last check or load, one a row (CSV)."""
        return import_dir() / f"{Path(self.stored_name).stem}.phat-hien.csv"

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.RUNNING)

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.CHECKED and self.problem_count == 0
