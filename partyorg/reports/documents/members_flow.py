"""Form 1 — Thống kê tăng, giảm đảng viên (members in and out), this period beside the same period
of last year, row for row as the official form (RULES.md §6.2 [P]): A the members carried over
from the end of the previous period, B the increases (1 admission, 2 transfers in: a from another
province, b from another district of the province, 3 restoration), C the decreases (1 death,
2 expulsion, 3 removal and of which probationary, 4 voluntary exit, 5 transfers out split as the
transfers in), D = A + B − C the members on the list at the end of the period.

Where the transfers come from. partyorg keeps one province's records: a member who arrives from
no organization of the records comes from another province (a.), one who comes from another
organization of the records from another district of the province (b.) [P]. For a province the
between-district lines are the sums of its direct subordinates' forms (its districts, and the
province-level committees beside them), as a province adds up the forms its districts send; its
other lines are its own, which the sums equal. After 01/07/2025 there are no districts (RULES.md
§1.5, QĐ 294-QĐ/TW): the b. lines count the moves between the province's direct subordinate
committees (communes, wards, special zones and the province-level committees), and the form's note
says so.

Moves with a reorganization of the tree (a cell moved to another district, the 2025 reform) are
neither a transfer nor an admission, but they change the list: partyorg prints them as B.4 and
C.6 "Chuyển theo sắp xếp tổ chức" only in a period that has some, since D = A + B − C needs them
then [P: the official form has no such line]. Members who predate the records (an opening,
``EventKind.OPENED``) enter the list on the day the records begin: in a period that holds such a day
they are printed as B.5 "Đảng viên từ trước khi có hồ sơ" (B.4 when B.4 is not printed), neither
admitted nor transferred, for the same reason [P].

Last year across a merger. An organization that did not stand at the end of last year's period (a
province made of two on 01/07/2025) compares with the organizations that stood then in its place,
its predecessors by the successor links partyorg records (``organizations.queries.standing_for``),
their columns added up line by line, each counted as its own form would count it. An organization
that stood then keeps its own column, the ones it absorbed since having come in as moves. [P]
RULES.md is silent on comparisons across a merger; moves between two predecessors count as the
transfer out of one and in to the other, as their own forms sent them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partyorg.organizations.models import Organization, OrgKind, OrgVersion
from partyorg.organizations.queries import standing_for, version_on
from partyorg.reports.documents import layout
from partyorg.reports.statistics import MembersFlow, Period, members_flow

FORM_CODE = "Biểu số 1-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN"
HEADERS = ("Kỳ này", "Cùng kỳ năm trước", "(%) kỳ này so với cùng kỳ năm trước")
COMPUTED = (None, None, layout.Ratio(0, 1))
REFORM_DAY = date(2025, 7, 1)  # no district level from this day (RULES.md §1.5)
REFORM_NOTE = (
    "Từ ngày 01/07/2025 không còn cấp huyện (Quy định 294-QĐ/TW; sắp xếp tổ chức bộ máy "
    "2025): dòng “b. Huyện khác trong tỉnh” ghi số đảng viên chuyển giữa các đảng bộ trực thuộc "
    "Tỉnh ủy (xã, phường, đặc khu và các đảng bộ trực thuộc khác)."
)
UNSPLIT_NOTE = (
    "Trong kỳ có tổ chức đảng chuyển về trực thuộc Tỉnh ủy theo sắp xếp tổ chức: chưa tách được số "
    "chuyển giữa các huyện, các đảng bộ trực thuộc (dòng b. ghi 0); số chuyển qua ranh giới tỉnh ghi ở "
    "dòng a."
)
OPENED_NOTE = (
    "Dòng “Đảng viên từ trước khi có hồ sơ” ghi đảng viên kết nạp trước ngày bắt đầu có hồ sơ, được đưa "
    "vào danh sách từ ngày đó (không phải kết nạp mới, chuyển đến), để D = A + B − C."
)
REORGANIZED_NOTE = (
    "Dòng “Chuyển theo sắp xếp tổ chức” ghi đảng viên đến, đi cùng tổ chức đảng được sắp xếp lại "
    "(không phải chuyển sinh hoạt đảng), để D = A + B − C."
)


@dataclass(frozen=True)
class Counts:
    """The figures of one column of form 1."""

    opening: int
    admitted: int
    in_from_province: int  # a. Tỉnh khác chuyển đến
    in_from_district: int  # b. Huyện khác trong tỉnh chuyển đến
    restored: int
    reorganized_in: int
    opened: int  # members who predate the records, from the day the records begin
    died: int
    expelled: int
    removed: int
    removed_probationary: int
    withdrew: int
    out_to_province: int
    out_to_district: int
    reorganized_out: int
    closing: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def counts_of(flow: MembersFlow) -> Counts:
    e, x = flow.entries, flow.exits
    from_province = flow.transfers_in_from_outside.value
    to_province = flow.transfers_out_to_outside.value
    return Counts(
        opening=flow.opening.value,
        admitted=flow.admissions.value,
        in_from_province=from_province,
        in_from_district=e["transferred_in"].value - from_province,
        restored=e["restored"].value,
        reorganized_in=e["reorganized"].value,
        opened=e["opened"].value,
        died=x["died"].value,
        expelled=x["expelled"].value,
        removed=x["removed"].value,
        removed_probationary=flow.removed_probationary.value,
        withdrew=x["withdrew"].value,
        out_to_province=to_province,
        out_to_district=x["transferred_out"].value - to_province,
        reorganized_out=x["reorganized"].value,
        closing=flow.closing.value,
    )


@dataclass(frozen=True)
class Row:
    code: str  # the number printed before the label: "A.", "1.", "a."; "" for an "of which" line
    label: str
    this: int
    last: int
    level: int = 0  # indentation: 0 heading, 1 line, 2 "of which"
    key: str = ""
    adds: tuple[str, ...] = ()

    @property
    def percent(self) -> float | None:
        """This period as a percentage of the same period last year; None when last year was 0."""
        return layout.Ratio(0, 1).value((self.this, self.last))


# (code, label, level, key, adds, the figure) — the official rows in order.
ROWS: tuple[tuple[str, str, int, str, tuple[str, ...], str], ...] = (
    ("A.", "Tổng số đảng viên cuối kỳ trước chuyển sang", 0, "A", (), "opening"),
    ("B.", "Đảng viên tăng trong kỳ", 0, "B", ("B1", "B2", "B3", "B4", "B5"), ""),
    ("1.", "Kết nạp", 1, "B1", (), "admitted"),
    ("2.", "Chuyển đến", 1, "B2", ("B2a", "B2b"), ""),
    ("a.", "Tỉnh khác chuyển đến", 2, "B2a", (), "in_from_province"),
    ("b.", "Huyện khác trong tỉnh chuyển đến", 2, "B2b", (), "in_from_district"),
    ("3.", "Phục hồi đảng tịch", 1, "B3", (), "restored"),
    ("4.", "Chuyển theo sắp xếp tổ chức", 1, "B4", (), "reorganized_in"),
    ("5.", "Đảng viên từ trước khi có hồ sơ", 1, "B5", (), "opened"),
    ("C.", "Đảng viên giảm trong kỳ", 0, "C", ("C1", "C2", "C3", "C4", "C5", "C6"), ""),
    ("1.", "Từ trần", 1, "C1", (), "died"),
    ("2.", "Khai trừ", 1, "C2", (), "expelled"),
    ("3.", "Xóa tên", 1, "C3", (), "removed"),
    ("", "Trong đó: Đảng viên dự bị", 2, "", (), "removed_probationary"),
    ("4.", "Xin ra khỏi Đảng", 1, "C4", (), "withdrew"),
    ("5.", "Chuyển đi", 1, "C5", ("C5a", "C5b"), ""),
    ("a.", "Chuyển đi tỉnh khác", 2, "C5a", (), "out_to_province"),
    ("b.", "Chuyển đi huyện khác trong tỉnh", 2, "C5b", (), "out_to_district"),
    ("6.", "Chuyển theo sắp xếp tổ chức", 1, "C6", (), "reorganized_out"),
    ("D.", "Đảng viên trong danh sách cuối kỳ báo cáo", 0, "D", ("A", "B", "-C"), ""),
)
# Printed only in a period that has some (see the module's docstring).
REORGANIZED_KEYS = frozenset({"B4", "C6"})
OPENED_KEYS = frozenset({"B5"})


@dataclass(frozen=True)
class MembersFlowForm:
    organization_name: str
    period: Period
    this: Counts
    last: Counts
    frame: layout.Frame | None = None
    after_reform: bool = False  # a province's form of a period after 01/07/2025 (the b. lines)
    split: bool = True  # False: a province's between-district lines could not be counted

    @property
    def reorganized(self) -> bool:
        """Whether either column has moves with a reorganization (then B.4 and C.6 are printed)."""
        return any(c.reorganized_in or c.reorganized_out for c in (self.this, self.last))

    @property
    def opened(self) -> bool:
        """Whether either column has members who predate the records (then B.5 is printed)."""
        return any(c.opened for c in (self.this, self.last))

    def rows(self) -> list[Row]:
        shown = [
            r
            for r in ROWS
            if not (r[3] in REORGANIZED_KEYS and not self.reorganized)
            and not (r[3] in OPENED_KEYS and not self.opened)
        ]
        if not self.reorganized:  # B.5 takes the number of the B.4 not printed
            shown = [("4.", *r[1:]) if r[3] == "B5" else r for r in shown]
        keys = {key for _, _, _, key, _, _ in shown if key}
        spec = {key: (adds, figure) for _, _, _, key, adds, figure in shown if key}

        def value(key: str, counts: Counts) -> int:
            adds, figure = spec[key]
            if figure:
                return int(getattr(counts, figure))
            return sum(-value(k[1:], counts) if k[0] == "-" else value(k, counts) for k in present(adds))

        def present(adds: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(k for k in adds if k.lstrip("-") in keys)

        rows = []
        for code, label, level, key, adds, figure in shown:
            this, last = (value(key, c) if key else int(getattr(c, figure)) for c in (self.this, self.last))
            rows.append(Row(code, label, this, last, level, key, present(adds)))
        return rows

    @property
    def note(self) -> str:
        notes = [REFORM_NOTE] if self.after_reform else []
        if not self.split:
            notes.append(UNSPLIT_NOTE)
        if self.reorganized:
            notes.append(REORGANIZED_NOTE)
        if self.opened:
            notes.append(OPENED_NOTE)
        return "Ghi chú: " + " ".join(notes) if notes else ""


def _subordinates(root: Organization, period: Period) -> list[Organization]:
    """The organizations directly under ``root`` on some day of the period."""
    ids = (
        OrgVersion.objects.filter(parent=root, valid_from__lte=period.closing_day)
        .exclude(valid_until__lte=period.opening_day)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    return list(Organization.objects.filter(pk__in=set(ids)).order_by("pk"))


def counts(root: Organization, period: Period, kind: str) -> tuple[Counts, bool]:
    """One column of ``root``'s form 1, and whether its between-district lines could be counted.
    A province's own transfers across its border are all from or to another province (a.); its
    between-district lines (b.) are the sums of its direct subordinates' forms, its other lines its
    own, which those sums equal. In a period where an organization came to stand directly under
    the province (the 2025 reform) the sums count its members twice: the b. lines stay 0, and the
    form's note says they could not be counted."""
    own = counts_of(members_flow(root, period))
    if kind != OrgKind.PROVINCE:
        return own, True
    fields = {name: getattr(own, name) for name in own.__dataclass_fields__}
    fields["in_from_province"] += fields.pop("in_from_district")
    fields["out_to_province"] += fields.pop("out_to_district")
    children = [counts_of(members_flow(child, period)) for child in _subordinates(root, period)]
    summed = sum(children[1:], children[0]) if children else None
    if summed is None or (summed.opening, summed.closing) != (own.opening, own.closing):
        return Counts(**fields, in_from_district=0, out_to_district=0), summed is None
    fields |= {"reorganized_in": summed.reorganized_in, "reorganized_out": summed.reorganized_out}
    return Counts(
        **fields, in_from_district=summed.in_from_district, out_to_district=summed.out_to_district
    ), True


def last_year(root: Organization, period: Period, kind: str) -> tuple[Counts, bool]:
    """The column "Cùng kỳ năm trước" of ``root``'s form 1 for ``period``: its own, or, when it did not
    stand at the end of last year's period, its predecessors' added up (see the module's text)."""
    earlier = period.a_year_earlier()
    stood = standing_for(root, earlier.closing_day)
    if stood in ([], [root.pk]):
        return counts(root, earlier, kind)
    columns = []
    for predecessor in Organization.objects.filter(pk__in=stood).order_by("pk"):
        version = version_on(predecessor, earlier.closing_day)
        columns.append(counts(predecessor, earlier, version.kind if version else ""))
    total = sum((c for c, _ in columns[1:]), columns[0][0])
    return total, all(split for _, split in columns)


def build(root: Organization, period: Period) -> MembersFlowForm:
    framed = layout.frame(root, period)
    version = version_on(root, period.closing_day) or version_on(root, period.opening_day)
    kind = version.kind if version else ""
    this, this_split = counts(root, period, kind)
    last, last_split = last_year(root, period, kind)
    return MembersFlowForm(
        framed.organization_name,
        period,
        this,
        last,
        framed,
        after_reform=kind == OrgKind.PROVINCE and period.start >= REFORM_DAY,
        split=this_split and last_split,
    )


def sheet(form: MembersFlowForm) -> layout.Sheet:
    """The form on paper: "Kỳ này", "Cùng kỳ năm trước" under "Thực hiện", and the percentage."""
    framed = form.frame
    return layout.Sheet(
        organization_name=form.organization_name,
        form_code=FORM_CODE,
        title=framed.title(TITLE) if framed else TITLE,
        subtitle=framed.subtitle if framed else layout.period_subtitle(form.period),
        headers=HEADERS,
        widths=(12, 12, 14),
        formats=(layout.COUNT, layout.COUNT, layout.PERCENT),
        lines=[
            layout.Line(r.code, r.label, (r.this, r.last, r.percent), r.level, r.key, r.adds)
            for r in form.rows()
        ],
        masthead=framed.masthead if framed else (),
        groups=(("Thực hiện", 2), ("", 1)),
        numbers=("1", "2", "3", "4 = 2×100/3"),
        computed=COMPUTED,
        note=form.note,
        place=framed.place if framed else "",
        report_day=framed.report_day if framed else None,
    )


def write_xlsx(form: MembersFlowForm, path: Path, *, place: str = "", signed_on: date | None = None) -> None:
    """The form as a one-sheet workbook."""
    layout.write_xlsx(sheet(form), path, place=place, signed_on=signed_on)
