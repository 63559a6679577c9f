"""The record kits of the apps, collected: which record types a file may hold, in which order,
and which kit loads and dumps each.

The apps declare their kits (:class:`partyorg.core.interchange.RecordKit`) in their ``interchange``
modules, as ``KITS``; ``settings.PARTYORG_RECORD_APPS`` lists the apps in the order a file holds
their records, after the records :mod:`partyorg.exchange` loads itself (localities, the tree,
people and their events). A new record type is declared in its app's module; a
new app is also named in the setting.

An app that keeps rows derived from its records (stored monthly dues…) may declare in the same
module ``DEFERRED``: context managers under which a load writes the kits' records, so that those rows
are made once at the end of the load instead of with every batch (:func:`deferrals`).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings

from partyorg.core.interchange import Record, RecordKit, Sheet

__all__ = ["deferrals", "enums", "kit_of", "kits", "record_types", "sheets"]


def _modules() -> list[Any]:
    """The apps' ``interchange`` modules, in file order (an app may have none)."""
    names = (f"{app}.interchange" for app in settings.PARTYORG_RECORD_APPS)
    return [importlib.import_module(name) for name in names if importlib.util.find_spec(name) is not None]


@functools.cache
def kits() -> tuple[type[RecordKit], ...]:
    """The kits, in file order. An app listed without an ``interchange`` module has none."""
    return tuple(kit for module in _modules() for kit in module.KITS)


@functools.cache
def deferrals() -> tuple[Callable[[], AbstractContextManager[None]], ...]:
    """What the apps' ``DEFERRED`` name: each a context manager a load enters around the kits'
    writes; on leaving it without an error, the app makes its derived rows once, in the load's
    transaction."""
    return tuple(made for module in _modules() for made in getattr(module, "DEFERRED", ()))


@functools.cache
def record_types() -> tuple[type[Record], ...]:
    """The kits' record types, in file order."""
    return tuple(t for kit in kits() for t in kit.record_types())


@functools.cache
def sheets() -> tuple[Sheet, ...]:
    return tuple(sheet for kit in kits() for sheet in kit.sheets)


@functools.cache
def _kit_by_type() -> dict[str, type[RecordKit]]:
    return {t.TYPE: kit for kit in kits() for t in kit.record_types()}


def kit_of(record_type: type[Record] | str) -> type[RecordKit] | None:
    """The kit of a record type (by class or by its ``TYPE``); None for the records exchange loads."""
    name = record_type if isinstance(record_type, str) else record_type.TYPE
    return _kit_by_type().get(name)


@functools.cache
def enums() -> dict[str, Any]:
    """The TextChoices classes the kits' columns name."""
    table: dict[str, Any] = {}
    for kit in kits():
        table.update(kit.enums)
    return table
