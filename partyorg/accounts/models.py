"""Who may see and change what: a user is given organizations, each with a role, and sees and
changes only those subtrees (``partyorg.accounts.scope``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.IntegerChoices):
    """Each role includes the ones before it."""

    VIEW = 1, _("Xem")
    EDIT = 2, _("Cập nhật")
    APPROVE = 3, _("Duyệt")
    ADMINISTER = 4, _("Quản trị")


class Assignment(models.Model):
    """``user`` holds ``role`` over ``organization`` and everything under it, from ``granted_at``
    until ``revoked_at``. A revoked assignment stays, as the record of who could do what when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="assignments")
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="+")
    role = models.PositiveSmallIntegerField(_("vai trò"), choices=Role.choices)
    granted_at = models.DateTimeField(_("cấp lúc"))
    granted_by = models.CharField(_("người cấp"), max_length=150)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.CharField(_("người thu hồi"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"
