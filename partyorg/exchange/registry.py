"""The record kits of the apps, collected: which record types a file may hold, in which order,
and which kit loads and dumps each.

The apps declare their kits (:class:`partyorg.core.interchange.RecordKit`) in their ``interchange``
modules, as ``KITS``; ``settings.PARTYORG_RECORD_APPS`` lists the apps in the order a file holds
their records, after the records :mod:`partyorg.exchange` loads itself (localities, the tree,
people and their events). A new record type is declared in its app's module; a
new app is also named in the setting.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from typing import Any

from django.conf import settings

from partyorg.core.interchange import Record, RecordKit, Sheet

__all__ = ["enums", "kit_of", "kits", "record_types", "sheets"]


@functools.cache
def kits() -> tuple[type[RecordKit], ...]:
    """The kits, in file order. An app listed without an ``interchange`` module has none."""
    found: list[type[RecordKit]] = []
    for app in settings.PARTYORG_RECORD_APPS:
        name = f"{app}.interchange"
        if importlib.util.find_spec(name) is not None:
            found.extend(importlib.import_module(name).KITS)
    return tuple(found)


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
