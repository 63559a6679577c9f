"""The health endpoint, ``/suc-khoe/`` ("sức khỏe"): what a monitor, a load balancer or a systemd
watchdog asks a running partyorg, without signing in.

It answers JSON::

    {"status": "ok", "database": true, "pending_migrations": 0, "version": "0.1.0",
     "worker": {"alive": true, "workers": 1, "last_beat_seconds": 4, "in_server": false},
     "jobs": {"queued": 0, "running": 1, "failed_last_day": 0, "oldest_queued_seconds": null}}

with 200 when the database answers and its schema is this partyorg's, and 503 otherwise:
``"status": "database-unreachable"`` (``database`` false, ``pending_migrations`` null) or
``"status": "migrations-pending"`` (the code was upgraded and ``partyorg migrate`` has not run;
pages that touch the new tables would fail). It names nothing else: no error text, no host, no
database name, nothing of the records. It is exempt from the redirect to HTTPS (settings), so that
a monitor on the machine itself can ask ``http://127.0.0.1:8000/suc-khoe/``.

``worker`` and ``jobs`` (:func:`partyorg.jobs.runner.worker_state`, when the database answers and
is up to date): whether a ``partyorg worker`` beat recently (or runs a job now), and how many
background jobs wait, run, and failed in the last day. A worker that is not alive leaves the status
``ok`` and the answer 200 (the pages still serve); ``?worker=1`` asks for 503 ``"worker-missing"``
then, for a monitor that only reads the status code (not under the development server, which runs
its jobs itself).
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import metadata
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from partyorg.jobs.runner import worker_state

logger = logging.getLogger(__name__)


@cache
def version() -> str:
    try:
        return metadata.version("partyorg")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def pending_migrations() -> int:
    """The migrations of this partyorg not yet applied to the database (0 when up to date).
    Raises DatabaseError when the database does not answer."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    try:
        pending: int | None = pending_migrations()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        pending = None
    if pending is None:
        status = "database-unreachable"
    elif pending:
        status = "migrations-pending"
    else:
        status = "ok"
    answer: dict[str, Any] = {
        "status": status,
        "database": pending is not None,
        "pending_migrations": pending,
        "version": version(),
    }
    if status == "ok":
        try:
            answer.update(worker_state())
        except DatabaseError:
            logger.exception("Health check: the jobs could not be read")
        else:
            needed = request.GET.get("worker") == "1" and not answer["worker"]["in_server"]
            if needed and not answer["worker"]["alive"]:
                answer["status"] = status = "worker-missing"
    return JsonResponse(
        answer,
        status=200 if status == "ok" else 503,
        json_dumps_params={"ensure_ascii": False},
    )
