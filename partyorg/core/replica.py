"""Reads of figures and report pages from a streaming replica, when one is configured.

``PARTYORG_REPLICA_URL`` (a PostgreSQL hot standby of the primary, e.g. made by ``pg_basebackup
-R``) adds the ``replica`` database. Reads go to it only inside :func:`reading_replica`, and never:

* outside that block — a page that writes, the services, the commands all read the primary;
* inside a transaction on the primary (what is read there is about to be written);
* after a write in the same block (the request then reads what it wrote).

:class:`ReplicaReadsMiddleware` opens the block for the pages that only read figures and reports
(``GET`` of the views named in ``PARTYORG_REPLICA_VIEWS``), unless the browser recorded something in
the last ``PARTYORG_REPLICA_FRESH_SECONDS`` seconds: every request that writes (a ``POST``, …)
answers with a short-lived cookie, and while it lives the officer's pages read the primary. Why
this way rather than "every read that is not in a transaction": the officer who has just recorded
an admission opens the figures next and must see it, and a replica is a fraction of a second
behind (``bench --suite scale`` measures it). A cookie follows the officer across the server's
processes; a list of views keeps the replica to the pages whose reads are heavy and harmless to
be a second late.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

REPLICA = "replica"
WROTE_COOKIE = "partyorg_wrote"


class _Block:
    __slots__ = ("wrote",)

    def __init__(self) -> None:
        self.wrote = False


_block: ContextVar[_Block | None] = ContextVar("partyorg_replica_block", default=None)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_replica() -> Iterator[None]:
    """Reads inside go to the replica (when one is configured; see the module)."""
    token = _block.set(_Block())
    try:
        yield
    finally:
        _block.reset(token)


class ReplicaRouter:
    """Django's database router: the ``replica`` for reads inside :func:`reading_replica`, the
    primary (``default``) for everything else; migrations only on the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        block = _block.get()
        if block is None or block.wrote or not configured():
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        block = _block.get()
        if block is not None:
            block.wrote = True
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Opens :func:`reading_replica` for a ``GET`` of a figures or report page when the browser
    wrote nothing lately; marks the browser after a request that writes. Placed after the
    authentication: the user and the session are read from the primary before the block."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.views = frozenset(getattr(settings, "PARTYORG_REPLICA_VIEWS", ()))
        self.fresh = int(getattr(settings, "PARTYORG_REPLICA_FRESH_SECONDS", 30))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            if response.status_code < 400:
                response.set_cookie(
                    WROTE_COOKIE, str(int(time.time())), max_age=self.fresh, httponly=True, samesite="Lax"
                )
            return response
        if not self._to_replica(request):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None:
            bool(user.is_authenticated)  # the user (and the session) read from the primary now
        with reading_replica():
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                return response  # its body is read later, outside the block: from the primary
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                render()  # a template's lazy querysets read inside the block
            return response

    def _to_replica(self, request: HttpRequest) -> bool:
        if not configured() or request.COOKIES.get(WROTE_COOKIE):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in self.views
