"""What forms 2 and 3 share: the stored values of a breakdown put in the official rows
(:mod:`partyorg.reports.documents.categories`), the people left out of them for the data-quality
list, and the lines "Kỳ này | Cùng kỳ năm trước | %" of a list of rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from partyorg.reports.documents import layout
from partyorg.reports.documents.categories import Row
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.reports.statistics.stocks import UNKNOWN

HEADERS = ("Kỳ này", "Cùng kỳ năm trước", "(%) kỳ này so với cùng kỳ năm trước")
GROUPS = (("Thực hiện", 2), ("", 1))
NUMBERS = ("1", "2", "3", "4 = 2×100/3")
COMPUTED: tuple[layout.Computed | None, ...] = (None, None, layout.Ratio(0, 1))
FORMATS = (layout.COUNT, layout.COUNT, layout.PERCENT)

Figure = int | float | None


@dataclass(frozen=True)
class Unplaced:
    """People a form has no row for, named for the officer to complete their records: their value
    is not recorded ("chưa rõ") or is one the official list has no row for."""

    form: str  # "Biểu 3"
    what: str  # "Trình độ chuyên môn nghiệp vụ: chưa rõ"
    people: PeopleFigure


@dataclass
class Placed:
    """People by official row, and those in none."""

    rows: dict[str, set[int]] = field(default_factory=dict)
    unknown: set[int] = field(default_factory=set)
    unplaced: dict[str, set[int]] = field(default_factory=dict)  # stored value -> people

    def count(self, key: str) -> int:
        return len(self.rows.get(key, ()))

    def problems(self, form: str, dimension: str) -> list[Unplaced]:
        found = []
        if self.unknown:
            what = _("%(dimension)s: chưa rõ") % {"dimension": dimension}
            found.append(Unplaced(form, what, PeopleFigure(frozenset(self.unknown))))
        for value, ids in sorted(self.unplaced.items()):
            what = _("%(dimension)s: “%(value)s” không có trong danh mục của biểu") % {
                "dimension": dimension,
                "value": value,
            }
            found.append(Unplaced(form, what, PeopleFigure(frozenset(ids))))
        return found


def place_values(
    by: Mapping[str, PeopleFigure], rule: Callable[[str], str | None], *, blank_is_unknown: bool = True
) -> Placed:
    """The people of ``by`` (stored value -> people, "Chưa rõ" for none) in the rows ``rule``
    gives their value; a blank value is unknown (or, ``blank_is_unknown`` False, simply no row: an
    academic title most members do not have)."""
    placed = Placed()
    for value, figure in by.items():
        ids = set(figure.person_ids)
        if not ids:
            continue
        if value in (UNKNOWN, ""):
            if blank_is_unknown:
                placed.unknown |= ids
            continue
        row = rule(value)
        if row is None:
            placed.unplaced.setdefault(value, set()).update(ids)
        else:
            placed.rows.setdefault(row, set()).update(ids)
    return placed


def values_of(by: Mapping[str, PeopleFigure]) -> dict[int, str]:
    """Person -> stored value ("" for none), from a breakdown's value -> people."""
    return {
        person_id: ("" if value == UNKNOWN else value)
        for value, figure in by.items()
        for person_id in figure.person_ids
    }


# A line of a comparison form: (code, label, level, key, adds); its figures are looked up by key
# in each column, a line with ``adds`` sums other lines (an Excel formula too).
Spec = tuple[str, str, int, str, tuple[str, ...]]


def rows_spec(rows: Sequence[Row], prefix: str, level: int = 1) -> list[Spec]:
    return [
        (
            r.code,
            r.label,
            r.level if r.level != 1 else level,
            prefix + r.key,
            tuple(prefix + a for a in r.adds),
        )
        for r in rows
    ]


def comparison_lines(
    spec: Sequence[Spec], this: Mapping[str, Figure], last: Mapping[str, Figure], formats: Mapping[str, str]
) -> list[layout.Line]:
    """The lines of ``spec`` with this period's and last year's figures and their ratio; a key
    neither column has is a row partyorg has no figure for (printed empty)."""

    def value(key: str, column: Mapping[str, Figure], adds: tuple[str, ...]) -> Figure:
        if adds:
            parts = [value(a, column, spec_of.get(a, ())) for a in adds]
            return None if all(p is None for p in parts) else sum(p or 0 for p in parts)
        return column.get(key)

    spec_of = {line[3]: line[4] for line in spec if line[3]}
    lines = []
    for code, label, level, key, adds in spec:
        counts = (value(key, this, adds), value(key, last, adds)) if key else (None, None)
        lines.append(
            layout.Line(
                code, label, layout.complete(counts, COMPUTED), level, key, adds, formats.get(key, "")
            )
        )
    return lines
