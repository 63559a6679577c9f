"""Structured logs: with ``PARTYORG_LOG_FORMAT=json`` (partyorg/settings.py) every log record is
written as one JSON object on one line, for a log collector (journald, Loki, Elasticsearch…) to read
without parsing text::

    {"time": "2026-12-07T06:30:00.123+00:00", "level": "WARNING", "logger": "django.request",
     "message": "Not Found: /dang-vien/X/", "path": "/dang-vien/X/", "method": "GET",
     "status": 404, "user": "tinhuy", "remote": "10.0.0.5"}

Always ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``; when the record knows the
request (Django's ``django.request`` and ``django.security`` records carry it), its ``path``,
``method``, ``remote`` address, ``status`` and the ``user`` signed in — only when the request has
already looked the user up: a log line never asks the database. gunicorn's access records (its
format's values are the record's arguments) give ``method``, ``path``, ``status``, ``duration_ms``
and ``remote``. An exception's traceback goes in ``exception``, as one string.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.utils.functional import SimpleLazyObject, empty

__all__ = ["JsonFormatter"]

# gunicorn's access log atoms (gunicorn.glogging.Logger.atoms) → our names.
GUNICORN_ATOMS = {"m": "method", "U": "path", "s": "status", "M": "duration_ms", "h": "remote"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(request_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    request = getattr(record, "request", None)
    if request is not None:
        fields["path"] = getattr(request, "path", None)
        fields["method"] = getattr(request, "method", None)
        fields["remote"] = getattr(request, "META", {}).get("REMOTE_ADDR")
        user = known_user(request)
        if user:
            fields["user"] = user
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
        for atom, name in GUNICORN_ATOMS.items():
            value = record.args.get(atom)
            if value in (None, "-"):
                continue
            fields[name] = (
                int(str(value)) if name in ("status", "duration_ms") and str(value).isdigit() else value
            )
    return {name: value for name, value in fields.items() if value is not None}


def known_user(request: object) -> str | None:
    """The username of the request's user if it is signed in and was already looked up."""
    user = getattr(request, "user", None)
    if user is None or (
        isinstance(user, SimpleLazyObject) and object.__getattribute__(user, "_wrapped") is empty
    ):
        return None
    try:
        return str(user.get_username()) if user.is_authenticated else None
    except Exception:  # a log line never fails for a field it could not read
        return None
