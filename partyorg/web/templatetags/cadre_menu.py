"""The menu's "Cán bộ": shown only to users holding the cadre role (issue 17).

Every page shows the menu, so the answer is kept in the process's cache for a few minutes instead
of asking the database on every page (the pinned query counts of every page stay as they are);
giving or taking back a grant forgets it at once in this process, and in the others after
:data:`KEPT` seconds. The pages themselves never trust it: each asks
:class:`~partyorg.cadres.access.CadreScope`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.db.models.signals import post_save

from partyorg.cadres.models import CadreGrant
from partyorg.web.views.cadres import has_cadre_role as _has_cadre_role

register = template.Library()

KEPT = 300  # seconds


def _key(user_id: object) -> str:
    return f"partyorg:cadre-menu:{user_id}"


@register.filter
def has_cadre_role(request: Any) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    key = _key(user.pk)
    held = cache.get(key)
    if held is None:
        held = _has_cadre_role(user)
        cache.set(key, held, KEPT)
    return bool(held)


def _forget(sender: type[CadreGrant], instance: CadreGrant, **kwargs: Any) -> None:
    cache.delete(_key(instance.user_id))


post_save.connect(_forget, sender=CadreGrant, dispatch_uid="partyorg.web.cadre_menu")
