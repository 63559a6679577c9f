"""What forms 2 and 3 share: the stored values of a breakdown put in the official rows
(:mod:`partyorg.reports.documents.categories`), the people left out of them for the data-quality
list, and the lines "Kỳ này | Cùng kỳ năm trước | %" of a list of rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from partyorg.reports.documents import categories, layout
from partyorg.reports.documents.categories import Row
from partyorg.reports.statistics.figures import PeopleFigure
from partyorg.reports.statistics.stocks import AGE_BANDS, UNKNOWN

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


def common(by: Mapping[str, Mapping[str, PeopleFigure]]) -> dict[str, Placed]:
    """The breakdowns forms 2 and 3 share, in the official rows, by the prefix of their line keys:
    occupation, age band, education, professional level (a master's or doctor's degree recorded
    as the academic title outranks the level) and academic title."""
    titles = values_of(by["academic_title"])
    professional = Placed()
    for person_id, level in values_of(by["professional_level"]).items():
        row = categories.professional_row(level, titles.get(person_id, ""))
        if row is not None:
            professional.rows.setdefault(row, set()).add(person_id)
        elif level:
            professional.unplaced.setdefault(level, set()).add(person_id)
        else:
            professional.unknown.add(person_id)
    placed = {
        key: place_values(by[name], rule, blank_is_unknown=blank) for key, name, rule, blank in _columns()
    }
    found = {**placed, "s:": professional}
    return {prefix: found[prefix] for prefix in PREFIXES}


EDUCATION_KEYS = frozenset(r.key for r in categories.EDUCATION)


PREFIXES = ("o:", "a:", "e:", "s:", "t:")  # the form's order of the columns placed


def _columns() -> list[tuple[str, str, Callable[[str], str | None], bool]]:
    """(prefix, breakdown, the row of a value, a blank is unknown) of the columns :func:`common` and
    :func:`common_counts` place the same way (the professional level, placed with the title, aside)."""
    ages = {label: key for (label, _, _), (key, *_) in zip(AGE_BANDS, categories.AGE_BANDS, strict=True)}
    return [
        ("o:", "occupation", lambda v: categories.place(v, categories.OCCUPATION_RULES), True),
        ("a:", "age", ages.get, True),
        ("e:", "general_education", lambda v: v if v in EDUCATION_KEYS else None, True),
        ("t:", "academic_title", lambda v: categories.place(v, categories.TITLE_RULES), False),
    ]


# -- the same on counts: form 3 from the fast path (issue 18) ---------------------------------------


def union(figures: Sequence[PeopleFigure]) -> PeopleFigure:
    """The people of several figures of one breakdown (disjoint: a person has one value), counted
    without fetching them."""
    parts = list(figures)
    return PeopleFigure(
        count=sum(f.value for f in parts), load=lambda: frozenset().union(*(f.person_ids for f in parts))
    )


@dataclass
class Counted:
    """:class:`Placed` on counts: members by official row, the people in none fetched when named."""

    rows: dict[str, list[PeopleFigure]] = field(default_factory=dict)
    unknown: list[PeopleFigure] = field(default_factory=list)
    unplaced: dict[str, list[PeopleFigure]] = field(default_factory=dict)

    def count(self, key: str) -> int:
        return sum(f.value for f in self.rows.get(key, ()))

    def problems(self, form: str, dimension: str) -> list[Unplaced]:
        """As :meth:`Placed.problems`, the same lines."""
        found = []
        if sum(f.value for f in self.unknown):
            what = _("%(dimension)s: chưa rõ") % {"dimension": dimension}
            found.append(Unplaced(form, what, union(self.unknown)))
        for value, figures in sorted(self.unplaced.items()):
            if not sum(f.value for f in figures):
                continue
            what = _("%(dimension)s: “%(value)s” không có trong danh mục của biểu") % {
                "dimension": dimension,
                "value": value,
            }
            found.append(Unplaced(form, what, union(figures)))
        return found


def count_values(
    by: Mapping[str, PeopleFigure], rule: Callable[[str], str | None], *, blank_is_unknown: bool = True
) -> Counted:
    """:func:`place_values` on counts."""
    counted = Counted()
    for value, figure in by.items():
        if not figure.value:
            continue
        if value in (UNKNOWN, ""):
            if blank_is_unknown:
                counted.unknown.append(figure)
            continue
        row = rule(value)
        if row is None:
            counted.unplaced.setdefault(value, []).append(figure)
        else:
            counted.rows.setdefault(row, []).append(figure)
    return counted


def common_counts(
    by: Mapping[str, Mapping[str, PeopleFigure]], professional: Mapping[tuple[str, str], PeopleFigure]
) -> dict[str, Counted]:
    """:func:`common` on counts: ``professional`` holds the members by (level, title), "" for none."""
    levels = Counted()
    for (level, title), figure in professional.items():
        if not figure.value:
            continue
        row = categories.professional_row(level, title)
        if row is not None:
            levels.rows.setdefault(row, []).append(figure)
        elif level:
            levels.unplaced.setdefault(level, []).append(figure)
        else:
            levels.unknown.append(figure)
    counted = {
        key: count_values(by[name], rule, blank_is_unknown=blank) for key, name, rule, blank in _columns()
    }
    found = {**counted, "s:": levels}
    return {prefix: found[prefix] for prefix in PREFIXES}


def comparison_sheet(
    framed: layout.Frame, form_code: str, title: str, lines: Sequence[layout.Line], note: str
) -> layout.Sheet:
    """A form of "Kỳ này | Cùng kỳ năm trước | %" (forms 2 and 3) in its frame."""
    return layout.Sheet(
        organization_name=framed.organization_name,
        form_code=form_code,
        title=framed.title(title),
        subtitle=framed.subtitle,
        headers=HEADERS,
        widths=(10, 10, 12),
        formats=FORMATS,
        lines=lines,
        masthead=framed.masthead,
        groups=GROUPS,
        numbers=NUMBERS,
        computed=COMPUTED,
        note=note,
        place=framed.place,
        report_day=framed.report_day,
        label_width=60,
    )
