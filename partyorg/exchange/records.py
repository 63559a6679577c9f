"""The interchange format, version 2: the records a province's data is made of.

One set of records serves both files: the workbook for people (one sheet per record type,
Vietnamese headers) and JSON Lines for systems (one record per line). Both carry
``FORMAT_VERSION``; a reader reads the versions of ``READ_VERSIONS`` and refuses any other.
Records refer to each other by stable keys (codes for localities, organizations and people; uids
for log entries), never by database ids, so a file loads into any database and loads twice
without change.

The order of ``RECORD_TYPES`` is the order a file must be read in: every reference points to a
record of an earlier type, or to an earlier record of the same type (``corrects``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Every record type derives from core's Record; a Location names a row of a file.
from partyorg.core.interchange import Location as Location
from partyorg.core.interchange import Record as Record
from partyorg.exchange import registry
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.organizations.interchange import (
    LocalityChangeRecord,
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)

FORMAT_NAME = "partyorg"
# Version 2 (07/12/2026) carries what partyorg records with a date beside the person: the dated facts
# about people, the administrative units' log, the localities an organization serves, the opening of a
# member who predates the records, the yearly work, the papers and forms sent, each with when it was
# recorded (docs/interchange.md lists them). A file of version 1 is a file of version 2 without
# those: it still loads, and the attributes on its people's rows count as facts from an unknown
# start (exchange.undated says so in the load's notes).
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)


# The records exchange loads itself: the localities, the tree, the people and their events. Then the
# records the apps declare in their record kits (exchange/registry.py): entered figures, dated facts
# about people, the yearly work.
OWN_TYPES: tuple[type[Record], ...] = (
    LocalityChangeRecord,  # the units' log first: their rows of today are compared with it
    LocalityRecord,
    LocalityParentRecord,
    OrganizationRecord,
    OrgChangeRecord,
    OrgChangeItemRecord,
    PersonRecord,
    EventRecord,
)
# The records the apps declare in their record kits, loaded through the apps' services, after the rest.
KIT_TYPES: tuple[type[Record], ...] = registry.record_types()
RECORD_TYPES: tuple[type[Record], ...] = OWN_TYPES + KIT_TYPES
BY_TYPE = {t.TYPE: t for t in RECORD_TYPES}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, which field, and why, in Vietnamese."""

    location: Location | None
    field: str
    reason: str

    def __str__(self) -> str:
        return self.named(_("Tệp"))

    def named(self, file_name: str) -> str:
        """The problem as the officer reads it, a problem of the whole file under ``file_name``."""
        where = f"{self.location}" if self.location else file_name
        if self.field:
            return _("%(where)s, cột “%(column)s”: %(reason)s") % {
                "where": where,
                "column": self.field,
                "reason": self.reason,
            }
        return f"{where}: {self.reason}"


class ExchangeError(Exception):
    """A file that cannot be loaded. Nothing was changed. ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:5])
        others = len(problems) - 5
        if others > 0:
            message = ngettext(
                "Tệp không hợp lệ, không có dữ liệu nào được ghi: %(problems)s (và %(count)s lỗi khác)",
                "Tệp không hợp lệ, không có dữ liệu nào được ghi: %(problems)s (và %(count)s lỗi khác)",
                others,
            ) % {"problems": head, "count": others}
        else:
            message = _("Tệp không hợp lệ, không có dữ liệu nào được ghi: %(problems)s") % {"problems": head}
        super().__init__(message)
