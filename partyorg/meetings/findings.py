"""What the rules of RULES.md §5 and §2.9 find in the meetings of a set of cells over a period.

Every finding carries the rule's code, its Vietnamese message (with the cell or the member named)
and its citation; the pages and ``partyorg meeting check`` list them. Only complete months and
quarters are judged (one that has not ended yet may still get its meeting), and only for cells that
existed, as cells, from its first to its last day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from partyorg.meetings.models import Meeting
from partyorg.meetings.queries import AbsenceRecord, absence_records, last_day_of, meetings_in
from partyorg.members.models import Person
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, OrgVersion
from partyorg.rules import meetings as rules
from partyorg.rules.base import RuleViolation

__all__ = ["CellHistory", "Finding", "absence_findings", "complete_months", "meeting_findings"]


@dataclass(frozen=True)
class Finding:
    code: str  # the rule's code, e.g. "meetings.regular_monthly"
    organization_id: int
    period: str  # "03/2025", "Quý 1/2025", "25/11/2025", "2025"
    message: str  # Vietnamese, naming the cell or the member
    citation: str
    person_id: int | None = None
    meeting_id: int | None = None


def _finding(violation: RuleViolation, org_id: int, period: str, subject: str, **ids: int | None) -> Finding:
    return Finding(
        violation.code,
        org_id,
        period,
        f"{subject}: {violation.message}",
        violation.rule.citation,
        **ids,
    )


def complete_months(start: date, end: date, today: date) -> list[tuple[int, int]]:
    """Complete months ``(year, month)`` inside ``[start, end)`` that ended before ``today``."""
    found = []
    year, month = start.year, start.month
    while date(year, month, 1) < end:
        first, last = date(year, month, 1), last_day_of(year, month)
        if first >= start and last < end and last < today:
            found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


class CellHistory:
    """The versions of some organizations over a period, to ask "was it a cell all that time?"."""

    def __init__(self, org_ids: Collection[int], start: date, end: date) -> None:
        self.versions: dict[int, list[OrgVersion]] = defaultdict(list)
        for version in (
            OrgVersion.objects.filter(organization_id__in=org_ids, valid_from__lt=end)
            .exclude(valid_until__lte=start)
            .only("organization_id", "valid_from", "valid_until", "kind", "name")
        ):
            self.versions[version.organization_id].append(version)

    def _on(self, org_id: int, day: date) -> OrgVersion | None:
        return next((v for v in self.versions[org_id] if v.holds_on(day)), None)

    def cell_throughout(self, org_id: int, first: date, last: date) -> bool:
        ends = (self._on(org_id, first), self._on(org_id, last))
        return all(v is not None and v.kind in MEMBER_HOLDING_KINDS for v in ends)

    def name(self, org_id: int, day: date) -> str:
        version = self._on(org_id, day)
        if version is None and self.versions[org_id]:
            version = self.versions[org_id][-1]
        return version.name if version else str(org_id)

    def ids(self) -> list[int]:
        return sorted(self.versions)


def meeting_findings(
    org_ids: Collection[int], start: date, end: date, *, today: date | None = None
) -> list[Finding]:
    """Months without a regular meeting, quarters without enough thematic ones and meetings shorter
    than the minimum in force on their day, for the cells among ``org_ids`` over ``[start, end)``."""
    today = today or timezone.localdate()
    cells = CellHistory(org_ids, start, end)
    kinds: dict[tuple[int, int, int], list[str]] = defaultdict(list)  # (cell, year, month) → kinds
    findings: list[Finding] = []
    meetings = meetings_in(cells.ids(), start, end).values_list(
        "pk", "organization_id", "kind", "held_on", "duration_minutes"
    )
    for pk, org_id, kind, held_on, minutes in meetings.order_by("held_on", "pk"):
        kinds[org_id, held_on.year, held_on.month].append(kind)
        try:
            rules.check_duration(kind, held_on, minutes)
        except RuleViolation as violation:
            findings.append(
                _finding(violation, org_id, f"{held_on:%d/%m/%Y}", cells.name(org_id, held_on), meeting_id=pk)
            )
    months = complete_months(start, end, today)
    for org_id in cells.ids():
        for year, month in months:
            first, last = date(year, month, 1), last_day_of(year, month)
            if not cells.cell_throughout(org_id, first, last):
                continue
            try:
                rules.check_regular_held(year, month, kinds[org_id, year, month])
            except RuleViolation as violation:
                findings.append(_finding(violation, org_id, f"{month:02d}/{year}", cells.name(org_id, last)))
        quarters = _complete_quarters(months)
        for year, quarter in quarters:
            first = date(year, 3 * quarter - 2, 1)
            last = last_day_of(year, 3 * quarter)
            if not cells.cell_throughout(org_id, first, last):
                continue
            held = [k for m in range(3 * quarter - 2, 3 * quarter + 1) for k in kinds[org_id, year, m]]
            try:
                rules.check_thematic_held(year, quarter, held)
            except RuleViolation as violation:
                findings.append(
                    _finding(violation, org_id, f"Quý {quarter}/{year}", cells.name(org_id, last))
                )
    return findings


def _complete_quarters(months: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(year, quarter)`` whose three months are all among ``months``."""
    have = set(months)
    return sorted(
        {(y, rules.quarter_of(date(y, m, 1))) for y, m in months}
        - {(y, rules.quarter_of(date(y, m, 1))) for y, m in _quarter_months(have) if (y, m) not in have}
    )


def _quarter_months(months: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every month of the quarters that ``months`` touch."""
    return {(y, q) for y, m in months for q in range(3 * ((m - 1) // 3) + 1, 3 * ((m - 1) // 3) + 4)}


def absence_findings(org_ids: Collection[int], year: int) -> list[Finding]:
    """Members with unexcused absences from the meetings of ``org_ids`` in ``year`` that reach the
    removal ground (RULES.md §2.9): a warning for the cell, which proposes; it removes nobody."""
    records = absence_records(year, org_ids=org_ids)
    names = dict(
        Person.objects.filter(pk__in=list(records)).values_list("pk", "full_name")
    )  # one query for the names
    where = _last_cells(records)
    findings = []
    for person_id, record in sorted(records.items()):
        try:
            rules.check_unexcused_absences(year, record.months)
        except RuleViolation as violation:
            findings.append(
                _finding(
                    violation,
                    where[person_id],
                    str(year),
                    f"Đồng chí {names.get(person_id, person_id)}",
                    person_id=person_id,
                    meeting_id=record.meeting_ids[-1],
                )
            )
    return findings


def _last_cells(records: dict[int, AbsenceRecord]) -> dict[int, int]:
    """person id → the cell of the last meeting behind their record."""
    last_meeting = {p: r.meeting_ids[-1] for p, r in records.items()}
    org_of = dict(
        Meeting.objects.filter(pk__in=set(last_meeting.values())).values_list("pk", "organization_id")
    )
    return {p: org_of[m] for p, m in last_meeting.items()}
