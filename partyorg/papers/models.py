"""The register of papers an issuing body prints from a member's record (sổ đăng ký văn bản).

A :class:`Paper` is one numbered paper: an admission decision, a recognition decision, a transfer
letter (official or temporary), a removal or expulsion decision. Its number runs on in the register
of its issuing body (the organization whose committee signs, the body's symbol, the kind's symbol,
the numbering period) and is never given twice: a paper withdrawn is answered by a new row that
``corrects`` it with ``withdrawn`` set, and the number stays taken. The table is append-only
(database triggers, :mod:`partyorg.core.append_only`).

``content`` keeps every line the paper printed, so that downloading it again prints the same paper
whatever is recorded later; ``event`` is the membership event that carries the paper's number, date
and issuer as its legal basis.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, RecordedFields


class PaperKind(models.TextChoices):
    ADMISSION = "admission", _("Quyết định kết nạp đảng viên")
    RECOGNITION = "recognition", _("Quyết định công nhận đảng viên chính thức")
    TRANSFER = "transfer", _("Giấy giới thiệu sinh hoạt đảng chính thức")
    TEMPORARY_TRANSFER = "temporary_transfer", _("Giấy giới thiệu sinh hoạt đảng tạm thời")
    REMOVAL = "removal", _("Quyết định xóa tên đảng viên")
    EXPULSION = "expulsion", _("Quyết định khai trừ đảng viên")


class Paper(Correctable, RecordedFields):
    """One paper of an issuing body's register. Never updated, never deleted."""

    scope_path = "person"  # whose it is (Scope.record)
    scope_day = "issued_on"
    kind = models.CharField(_("loại văn bản"), max_length=30, choices=PaperKind.choices)
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="papers")
    # The event whose legal basis this paper is (the correcting row that carries its number).
    event = models.ForeignKey("members.MembershipEvent", models.PROTECT, related_name="papers")
    issuer = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="papers")
    body_name = models.CharField(_("cơ quan ban hành"), max_length=200)  # "Huyện ủy Mường Khoa"
    body_symbol = models.CharField(_("ký hiệu cơ quan"), max_length=20)  # "HU"
    kind_symbol = models.CharField(_("ký hiệu loại văn bản"), max_length=10)  # "QĐ", "GGT"
    period = models.CharField(_("kỳ đánh số"), max_length=40)  # "2026", or a committee's term
    number = models.PositiveIntegerField(_("số"))
    issued_on = models.DateField(_("ngày ban hành"))
    content = models.JSONField(_("nội dung"))

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        indexes = [models.Index(fields=["issuer", "issued_on"]), models.Index(fields=["person", "kind"])]
        constraints = [
            # A number is given once in its register: the one guard against two officers numbering
            # at the same moment (the service retries with the next number). A withdrawal repeats
            # the number of the paper it withdraws.
            models.UniqueConstraint(
                fields=["issuer", "body_symbol", "kind_symbol", "period", "number"],
                condition=Q(withdrawn=False),
                name="paper_number_given_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_number} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def full_number(self) -> str:
        """The number as printed and cited: "125-QĐ/HU"."""
        return f"{self.number}-{self.kind_symbol}/{self.body_symbol}"
