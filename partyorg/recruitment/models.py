"""The recruitment pipeline (phát triển đảng viên), RULES.md §2.2 and §2.3.

A :class:`Candidate` is an outstanding non-member (quần chúng ưu tú) a cell prepares for admission:
a :class:`~partyorg.members.models.Person` in a cell, introduced by the Youth Union, the trade union
or otherwise. What happened to the candidate since is a list of :class:`CandidateStep` rows, one per
step (course certificate, sympathizer, application, introducers, background verification, the cell's
resolution with its vote, the decision, the ceremony, the recognition proposal and decision); the
candidate's stage is folded from them (:mod:`partyorg.recruitment.pipeline`). The decision, the
ceremony and the recognition also append the person's membership events, which open the member's
record. A cell's :class:`SourcePlan` is how many candidates it plans to prepare in a year; the
admission *target* is an entered figure (``reports.EnteredFigure``), not this.

All three tables are append-only (database triggers): a wrong row is answered by a new row whose
``corrects`` points at it; a ``VOIDED`` step or a ``withdrawn`` plan takes it back.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import (
    Correctable,
    CorrectableManager,
    LegalBasisFields,
    OverrideFields,
    RecordedFields,
)


class IntroducedBy(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    TRADE_UNION = "trade_union", _("Công đoàn")
    OTHER = "other", _("Khác (chi bộ, đoàn thể khác)")


class CandidateStage(models.TextChoices):
    """The kinds of step, in pipeline order (GLOSSARY: ``CandidateStage``)."""

    INTRODUCED = "introduced", _("Quần chúng ưu tú được giới thiệu")
    AWARENESS_COURSE = "awareness_course", _("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng")
    SYMPATHIZER = "sympathizer", _("Đối tượng cảm tình Đảng, phân công đảng viên giúp đỡ")
    APPLICATION = "application", _("Đơn xin vào Đảng, lý lịch")
    INTRODUCER = "introducer", _("Giới thiệu người vào Đảng")
    VERIFIED = "verified", _("Thẩm tra lý lịch")
    CELL_RESOLVED = "cell_resolved", _("Nghị quyết đề nghị kết nạp của chi bộ")
    DECIDED = "decided", _("Quyết định kết nạp")
    CEREMONY = "ceremony", _("Lễ kết nạp")
    RECOGNITION_PROPOSED = "recognition_proposed", _("Chi bộ đề nghị công nhận đảng viên chính thức")
    RECOGNIZED = "recognized", _("Quyết định công nhận đảng viên chính thức")
    STOPPED = "stopped", _("Dừng xem xét")
    VOIDED = "voided", _("Hủy bản ghi nhập sai")


class StopReason(models.TextChoices):
    DECLINED = "declined", _("Người vào Đảng không tiếp tục")
    NOT_PROPOSED = "not_proposed", _("Chi bộ không đề nghị kết nạp")
    REFUSED = "refused", _("Cấp ủy có thẩm quyền không kết nạp")
    MOVED = "moved", _("Chuyển nơi công tác, cư trú")
    REMOVED_PROBATIONARY = "removed_probationary", _("Xóa tên trong danh sách đảng viên dự bị")
    OTHER = "other", _("Lý do khác")


class IntroducerKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên chính thức")
    YOUTH_UNION = "youth_union", _("Nghị quyết của Ban Chấp hành Đoàn cơ sở")
    TRADE_UNION = "trade_union", _("Nghị quyết của Ban Chấp hành Công đoàn cơ sở")


class Candidate(RecordedFields):
    """An outstanding candidate (quần chúng ưu tú) of a cell. Never updated."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "introduced_on"
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="candidacies")
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="candidates")
    introduced_by = models.CharField(_("giới thiệu bởi"), max_length=20, choices=IntroducedBy.choices)
    introduced_on = models.DateField(_("ngày giới thiệu"))
    introducing_body = models.CharField(_("tổ chức giới thiệu"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quần chúng ưu tú")
        indexes = [
            models.Index(fields=["organization", "introduced_on"]),
            models.Index(fields=["person"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.organization_id} {self.introduced_on:%d/%m/%Y}"


class CandidateStep(LegalBasisFields, RecordedFields, OverrideFields):
    """One step of a candidate's pipeline. Never updated, never deleted.

    ``effective_on`` is the day of the step (the certificate's date, the resolution's, the decision's,
    the ceremony's). The legal basis is the document the step rests on (certificate, resolution,
    decision: number + date + issuer). ``organization`` is who acted (the cell, the deciding
    committee); ``person`` the introducer or mentor. ``membership_event`` is the member's event the
    step recorded (decision, ceremony, recognition).
    """

    scope_path = "candidate__organization"  # whose it is (Scope.record)
    scope_day = "effective_on"
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(Candidate, models.PROTECT, related_name="steps")
    kind = models.CharField(_("bước"), max_length=30, choices=CandidateStage.choices)
    effective_on = models.DateField(_("ngày"))
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey("members.Person", models.PROTECT, null=True, blank=True, related_name="+")
    # Introducer kind, stop reason: the one value a kind needs.
    detail = models.CharField(_("chi tiết"), max_length=100, blank=True)
    since = models.DateField(_("cùng công tác từ"), null=True, blank=True)  # an introducer's
    received_on = models.DateField(_("ngày nhận quyết định"), null=True, blank=True)  # a decision's
    extended = models.BooleanField(_("gia hạn (trường hợp đặc biệt)"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("tán thành"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(_("tổng số đảng viên chính thức"), null=True, blank=True)
    membership_event = models.ForeignKey(
        "members.MembershipEvent", models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước phát triển đảng viên")
        indexes = [
            models.Index(fields=["candidate", "effective_on"]),
            models.Index(fields=["kind", "effective_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class SourcePlan(LegalBasisFields, RecordedFields, Correctable):
    """A cell's (or committee's) source plan (kế hoạch tạo nguồn): how many outstanding candidates it
    plans to prepare in ``year``. Not the admission target (an entered figure in ``reports``).
    ``SourcePlan.objects.in_force()``: the plans nobody corrected, and not withdrawals."""

    # RecordedFields comes first among the bases: its manager would win (the stubs see a clash).
    objects = CorrectableManager()  # type: ignore[misc, assignment]

    scope_path = "organization"  # whose it is (Scope.record)
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="source_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    planned = models.PositiveIntegerField(_("số quần chúng ưu tú dự kiến tạo nguồn"))

    class Meta:
        verbose_name = _("kế hoạch tạo nguồn")
        indexes = [models.Index(fields=["organization", "year"])]
        constraints = [models.CheckConstraint(condition=Q(year__gte=1930), name="source_plan_year")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}: {self.planned}"
