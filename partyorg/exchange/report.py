"""What a load did, as people read it: the records written by kind, and the data-quality findings
grouped by rule and organization with their years.

The loader (:mod:`partyorg.exchange.load`) fills a :class:`~partyorg.exchange.load.LoadReport`;
the web import's result page and the ``partyorg`` command's printout both read it through the
functions here, so they count and group the same way. A history recorded before the rules were
kept yields one finding per cell and year end (a cell with fewer than three official members on
every 31/12 since the 1990s): listed one a row they bury everything else, so they are shown as one
line per rule and organization, with the years as ranges ("1995–2009, 2012") and the number.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from partyorg.exchange.records import RECORD_TYPES
from partyorg.rules.base import Rule

EXAMPLES = 3  # findings kept as written for each group, for the officer to see what it is about


def record_counts(
    created: Mapping[str, int], unchanged: Mapping[str, int]
) -> list[tuple[str, str, int, int]]:
    """(kind, label, created, unchanged) for every kind of record the load met, in the file's
    order; a kind without a label (none today) is still counted, under its own name."""
    labels = {t.TYPE: t.LABEL for t in RECORD_TYPES}  # each record type says its name (LABEL)
    met = {k for k in {*created, *unchanged} if created.get(k) or unchanged.get(k)}
    kinds = [k for k in labels if k in met] + sorted(met - set(labels))
    return [(k, str(labels.get(k) or k), int(created.get(k, 0)), int(unchanged.get(k, 0))) for k in kinds]


def year_ranges(years: Iterable[int]) -> str:
    """``1995–1998, 2001, 2003–2004``: the years in order, runs of consecutive years joined."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


@dataclass(frozen=True)
class LoadFinding:
    """One finding of a load: the rule broken, the organization it is about (its code and name;
    empty when the history names none), the day, and the finding as written."""

    rule: Rule
    organization: str
    organization_name: str
    on: date
    text: str


@dataclass
class FindingGroup:
    """The findings of one rule about one organization."""

    rule: Rule
    organization: str
    organization_name: str
    count: int = 0
    years: Counter[int] = field(default_factory=Counter)
    last_on: date | None = None
    examples: list[str] = field(default_factory=list)

    @property
    def years_text(self) -> str:
        return year_ranges(self.years)

    def as_json(self) -> dict[str, Any]:
        """Plain values, to be kept with an import job."""
        return {
            "rule": self.rule.title,
            "code": self.rule.code,
            "organization": self.organization,
            "name": self.organization_name,
            "count": self.count,
            "years": self.years_text,
            "last_on": self.last_on.isoformat() if self.last_on else "",
            "examples": list(self.examples),
        }


class FindingGroups:
    """Findings gathered into groups as they come, so that a load of a million findings keeps one
    row per rule and organization."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], FindingGroup] = {}
        self.by_rule: Counter[Rule] = Counter()

    def add(self, finding: LoadFinding) -> None:
        key = (finding.rule.code, finding.organization)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = FindingGroup(
                finding.rule, finding.organization, finding.organization_name
            )
        group.count += 1
        group.years[finding.on.year] += 1
        if group.last_on is None or finding.on >= group.last_on:
            group.last_on = finding.on
            if finding.organization_name:  # the name it had most recently
                group.organization_name = finding.organization_name
        if len(group.examples) < EXAMPLES:
            group.examples.append(finding.text)
        self.by_rule[finding.rule] += 1

    def __len__(self) -> int:
        return len(self._groups)

    def groups(self) -> list[FindingGroup]:
        """The rules with the most findings first; within a rule, the organizations with the most
        findings first, then by name and code."""
        order = {rule.code: i for i, (rule, _n) in enumerate(self.by_rule.most_common())}
        return sorted(
            self._groups.values(),
            key=lambda g: (order[g.rule.code], -g.count, g.organization_name, g.organization),
        )


def group_findings(findings: Iterable[LoadFinding]) -> list[FindingGroup]:
    """Group ``findings`` by (rule, organization), each with its years and count."""
    groups = FindingGroups()
    for finding in findings:
        groups.add(finding)
    return groups.groups()


FINDINGS_HEADER = ("Mã quy định", "Quy định", "Mã tổ chức", "Tổ chức", "Ngày", "Phát hiện")


class FindingsFile:
    """Every finding of a load, one a row, in a CSV file that Excel opens (UTF-8 with its mark):
    the rule's code and title, the organization's code and name, the day, the finding as
    written. The page and the command show findings grouped; this file keeps them all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None
        self._writer: Any = None

    def write(self, finding: LoadFinding) -> None:
        if self._writer is None:
            self._file = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._file)
            self._writer.writerow(FINDINGS_HEADER)
        self._writer.writerow(
            (
                finding.rule.code,
                finding.rule.title,
                finding.organization,
                finding.organization_name,
                f"{finding.on:%d/%m/%Y}",
                finding.text,
            )
        )

    def close(self, *, keep: bool) -> None:
        """Close the file; without ``keep`` (the load was refused), remove it."""
        if self._file is not None:
            self._file.close()
        if not keep:
            self.path.unlink(missing_ok=True)
