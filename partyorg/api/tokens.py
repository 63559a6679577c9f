"""Issuing, revoking and checking API tokens (the model: :class:`partyorg.api.models.ApiToken`)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from partyorg.api.models import ApiToken

PREFIX = "po_"  # recognisable in a configuration file or a leaked log
# last_used_at is refreshed at most this often: an API read should not be a database write.
USE_RESOLUTION = timedelta(minutes=5)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row, and the token itself, which is not kept anywhere."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, key_hash=digest(token), created_at=timezone.now())
    return row, token


def revoke_token(row: ApiToken) -> ApiToken:
    """From now on the token is refused; revoking twice keeps the first moment."""
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row


def user_for_token(token: str) -> User | None:
    """The active user a token that has not been revoked belongs to; None for any other token."""
    row = (
        ApiToken.objects.filter(key_hash=digest(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= USE_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
