"""Access tokens for integrators: a system calls the API as one user, with ``Authorization: Bearer
<token>``, and reaches exactly what that user reaches (``partyorg.accounts.scope``).

Only the SHA-256 of a token is stored. The token itself is shown once, when it is created
(``python -m django apitoken create USERNAME --name …``); a lost token is revoked and replaced.
A plain hash is enough because a token is 256 random bits, not a password someone chose.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A token of ``user`` from ``created_at`` until ``revoked_at``. A revoked token stays, as the
    record of which system could read what, when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)  # which system holds it: "Cổng thông tin tỉnh"
    key_hash = models.CharField(_("SHA-256 của mã"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
