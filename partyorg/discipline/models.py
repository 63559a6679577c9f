"""Commendation (khen thưởng) and discipline (kỷ luật) of members and organizations, RULES.md §2.10.

Both are logs: the database refuses UPDATE and DELETE (``partyorg.core.append_only``). A correction is
a new row whose ``corrects`` points at the wrong one; ``withdrawn`` takes a record back (a decision
annulled, or entered in error). A measure's target is a person (``person`` set; ``organization`` is the
organization they were a member of on the day) or an organization (``person`` empty).
An expulsion is also the membership event ``EXPELLED``, recorded through
``partyorg.members.services.record_event`` and linked in ``event``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, OverrideFields, RecordedFields
from partyorg.rules import discipline as rules


class Sanction(models.TextChoices):
    REPRIMAND = rules.REPRIMAND, _("Khiển trách")
    WARNING = rules.WARNING, _("Cảnh cáo")
    REMOVAL_FROM_POST = rules.REMOVAL_FROM_POST, _("Cách chức")
    EXPULSION = rules.EXPULSION, _("Khai trừ")
    DISSOLUTION = rules.DISSOLUTION, _("Giải tán")


class DisciplinaryMeasure(Correctable, OverrideFields, LegalBasisFields, RecordedFields):
    """A measure against a member or an organization; a correctable record (``objects.in_force()``)."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "decided_on"
    person = models.ForeignKey(
        "members.Person", models.PROTECT, null=True, blank=True, related_name="disciplinary_measures"
    )
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="disciplinary_measures"
    )
    sanction = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=Sanction.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    deciding_body = models.CharField(_("cấp quyết định"), max_length=200)
    violation_on = models.DateField(_("ngày vi phạm"), null=True, blank=True)
    # QĐ 124-QĐ/TW (2023–2025): a violation the member found and fully remedied themselves does not
    # force "Không hoàn thành nhiệm vụ" (RULES.md §3.1).
    self_remedied = models.BooleanField(_("tự phát hiện và khắc phục xong hậu quả"), default=False)
    post = models.CharField(_("chức vụ bị cách"), max_length=200, blank=True)
    votes_for = models.PositiveIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    entitled_voters = models.PositiveIntegerField(
        _("số thành viên có quyền biểu quyết"), null=True, blank=True
    )
    event = models.ForeignKey(
        "members.MembershipEvent", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kỷ luật")
        indexes = [
            models.Index(fields=["organization", "decided_on"]),
            models.Index(fields=["person", "decided_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_sanction_display()} {self.decided_on:%d/%m/%Y}"


class Commendation(Correctable, LegalBasisFields, RecordedFields):
    """A commendation: a title or award (Giấy khen, Bằng khen, "đảng viên hoàn thành xuất sắc nhiệm vụ
    tiêu biểu", "tổ chức đảng trong sạch vững mạnh tiêu biểu" …) for a year or for 5 years."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "awarded_on"
    person = models.ForeignKey(
        "members.Person", models.PROTECT, null=True, blank=True, related_name="commendations"
    )
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="commendations"
    )
    title = models.CharField(_("hình thức khen thưởng"), max_length=300)
    awarded_on = models.DateField(_("ngày quyết định"))
    awarding_body = models.CharField(_("cấp khen thưởng"), max_length=200)
    for_year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    years = models.PositiveSmallIntegerField(_("số năm liên tục"), default=1)

    class Meta:
        verbose_name = _("khen thưởng")
        indexes = [
            models.Index(fields=["organization", "awarded_on"]),
            models.Index(fields=["person", "awarded_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.awarded_on:%d/%m/%Y}"
