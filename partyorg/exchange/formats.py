"""Reading and writing the two files of interchange format v2: JSON Lines and the workbook.

Pure file work: records in, records out, no database. Both readers stream: they yield
``(Location, Record)`` for every good row and, once the whole file has been read, raise
:class:`ExchangeError` listing every problem found (at most :data:`MAX_PROBLEMS`). A loader that
consumes the stream inside one transaction therefore rolls back on a bad file.

JSON Lines (for systems)::

    {"format": "partyorg", "version": 2}
    {"type": "locality", "code": "00004", "name": "Phường Ba Đình", "kind": "commune"}
    ...

Enum fields carry the code value (``"commune"``), dates ``YYYY-MM-DD``, datetimes ISO 8601 with
offset, booleans JSON booleans. A field equal to its default is omitted on write; a field absent
(or ``null``) on read takes its default.

The workbook (for people): a sheet "Thông tin" (format, version), then one sheet per record
type with the Vietnamese names of :data:`SHEETS` and the headers of their :class:`Column`\\ s.
Enum cells hold the Vietnamese label, booleans "Có"/"Không", dates real Excel dates shown
dd/mm/yyyy. Datetimes ("Thời điểm ghi") are ISO 8601 *text* with offset
(``2024-05-01T08:30:00+07:00``): an Excel date-time cannot hold a time zone, text round-trips
exactly. On read, a datetime without offset (text or an Excel date-time) is Vietnam time, UTC+7.

An empty cell in a column that is present means an empty value ("", no date, "Không"); a column
left out of a sheet entirely takes the field's default (so a missing "Dân tộc" column means Kinh).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, fields
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from partyorg.accounts.stamps import Stamp, stamp_properties
from partyorg.core.interchange import Column, Kind, Sheet, basis_columns, recorded_columns
from partyorg.exchange import registry
from partyorg.exchange.records import (
    BY_TYPE,
    FORMAT_NAME,
    FORMAT_VERSION,
    READ_VERSIONS,
    RECORD_TYPES,
    ExchangeError,
    Location,
    Problem,
    Record,
)
from partyorg.members import interchange as member_records
from partyorg.organizations import interchange as tree_records

__all__ = [
    "GUIDE_SHEET",
    "INFO_SHEET",
    "MAX_PROBLEMS",
    "NOT_PARTYORG",
    "SHEETS",
    "VN_TZ",
    "Column",
    "Sheet",
    "column_header",
    "read_file",
    "read_jsonl",
    "read_workbook",
    "write_file",
    "write_jsonl",
    "write_template",
    "write_workbook",
]

MAX_PROBLEMS = 1000
VN_TZ = timezone(timedelta(hours=7))  # Vietnam has kept UTC+7 since 1975; no daylight saving
INFO_SHEET = "Thông tin"
GUIDE_SHEET = "Hướng dẫn"
# Problems said in several places (msgids, translated where a problem is noted).
NOT_A_FORMAT = gettext_noop("Tệp không phải định dạng %(name)s phiên bản %(oldest)s đến %(newest)s")
_VERSIONS = {"name": FORMAT_NAME, "oldest": min(READ_VERSIONS), "newest": max(READ_VERSIONS)}
NOT_PARTYORG = NOT_A_FORMAT % _VERSIONS  # as the source reads
MISSING_VALUE = gettext_noop("Thiếu giá trị bắt buộc")
DATE_FORMAT = "dd/mm/yyyy"
YES, NO = "Có", "Không"


# -- the mapping: field -> column -------------------------------------------------------------


_basis = basis_columns
_recorded = recorded_columns


# The records exchange loads itself, then the kits' records, in file order.
SHEETS: tuple[Sheet, ...] = tree_records.SHEETS + member_records.SHEETS + registry.sheets()
SHEET_OF: dict[type[Record], Sheet] = {s.record: s for s in SHEETS}
_FIELDS_OF: dict[type[Record], frozenset[str]] = {
    s.record: frozenset(c.field for c in s.columns) for s in SHEETS
}
assert tuple(SHEET_OF) == RECORD_TYPES


def column_header(record_type: type[Record] | str, field_name: str) -> str:
    """The Vietnamese header of a record field ("event", "effective_on" -> "Ngày hiệu lực").

    For callers (the loader) that report problems by field name; an unknown field comes back as is.
    """
    cls = BY_TYPE[record_type] if isinstance(record_type, str) else record_type
    for column in SHEET_OF[cls].columns:
        if column.field == field_name:
            return column.header
    return field_name


@functools.cache
def _plan(record_type: str) -> tuple[tuple[Column, bool], ...]:
    """The columns of a record type with whether each is required, worked out once."""
    sheet = SHEET_OF[BY_TYPE[record_type]]
    return tuple((column, sheet.required(column)) for column in sheet.columns)


# -- enums (lazily: the TextChoices live in models, which need Django set up) -----------------


@functools.cache
def _choices(enum: str) -> tuple[tuple[str, str], ...]:
    """(value, Vietnamese label) pairs of a TextChoices class, in declaration order."""
    from django.utils import translation

    from partyorg.members import models as members
    from partyorg.organizations import models as organizations

    classes: dict[str, Any] = {
        "LocalityKind": organizations.LocalityKind,
        "LocalityChangeKind": organizations.LocalityChangeKind,
        "OrgKind": organizations.OrgKind,
        "OrgSector": organizations.OrgSector,
        "OrgChangeKind": organizations.OrgChangeKind,
        "Sex": members.Sex,
        "GeneralEducation": members.GeneralEducation,
        "EventKind": members.EventKind,
        "ExitGround": members.ExitGround,
        **registry.enums(),
    }
    with translation.override(None):  # the Vietnamese source labels, whatever the active language
        return tuple((str(value), str(label)) for value, label in classes[enum].choices)


@functools.cache
def _enum_lookup(enum: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in _choices(enum):
        table[_fold(label)] = value
        table[_fold(value)] = value
    return table


@functools.cache
def _enum_label(enum: str) -> dict[str, str]:
    return dict(_choices(enum))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# -- values -----------------------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_EMPTY = object()
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COUNT = re.compile(r"\d{1,3}(\.\d{3})+|\d+")
_DMY_TIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TRUE = {"có", "x", "1", "true"}
_FALSE = {"không", "0", "false"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _shown(raw: object) -> str:
    """A raw cell value as an officer would read it back in an error message."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, time):  # a time of day as the sheet shows it: 08:30, not 08:30:00
        return raw.strftime("%H:%M:%S" if raw.second else "%H:%M")
    if isinstance(raw, str):
        return _nfc(raw)
    return str(raw)


def _is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _to_text(raw: object) -> str:
    if isinstance(raw, str):
        return _nfc(raw)
    if isinstance(raw, bool):
        return YES if raw else NO
    return _shown(raw)


def _to_date(raw: object) -> date:
    if type(raw) is str and len(raw) == 10 and raw[4] == "-":  # ISO, as JSON Lines writes it
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass  # reported below with the usual message
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = _nfc(raw)
        found = _DMY.fullmatch(text)
        if found:
            day, month, year = (int(g) for g in found.groups())
        elif found := _YMD.fullmatch(text):
            year, month, day = (int(g) for g in found.groups())
        else:
            raise _Invalid(_("Ngày không hợp lệ: %(value)s") % {"value": text})
        try:
            return date(year, month, day)
        except ValueError:
            raise _Invalid(_("Ngày không hợp lệ: %(value)s") % {"value": text}) from None
    if isinstance(raw, time):
        # A cell typed as a date before 01/01/1900 in LibreOffice and saved as .xlsx: the file holds a
        # day number below 1 (15/03/1895 is -1751), and the workbook reader (python-calamine 0.9.1)
        # hands over only its time of day, 00:00 for a date alone; the day is lost here, so the
        # officer is told how to type it. Excel has no dates before 1900 and keeps such a date as
        # the text typed, which is read above; a .ods file keeps the date itself.
        if raw != time():
            reason = _(
                "Ngày không hợp lệ (ô chỉ còn giờ %(time)s): ngày trước 01/01/1900 không lưu được trong ô "
                "kiểu ngày của tệp Excel; gõ ngày dưới dạng chữ, ví dụ 15/03/1895, hoặc lưu tệp dạng .ods"
            ) % {"time": _shown(raw)}
        else:
            reason = _(
                "Ngày không hợp lệ: ngày trước 01/01/1900 không lưu được trong ô kiểu ngày của tệp "
                "Excel; gõ ngày dưới dạng chữ, ví dụ 15/03/1895, hoặc lưu tệp dạng .ods"
            )
        raise _Invalid(reason)
    raise _Invalid(_("Ngày không hợp lệ: %(value)s") % {"value": _shown(raw)})


def _to_int(raw: object) -> int:
    """A count: a whole number, not negative; "1.820" (Vietnamese thousands) is 1820."""
    if isinstance(raw, bool):
        raise _Invalid(_("Số không hợp lệ: %(value)s") % {"value": _shown(raw)})
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and _COUNT.fullmatch(text := _nfc(raw)):
        raw = int(text.replace(".", ""))
    if isinstance(raw, int) and raw >= 0:
        return raw
    raise _Invalid(_("Số không hợp lệ: %(value)s (cần số nguyên không âm)") % {"value": _shown(raw)})


def _to_datetime(raw: object) -> datetime:
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, date):
        value = datetime(raw.year, raw.month, raw.day)  # noqa: DTZ001 (made aware below)
    elif isinstance(raw, str):
        text = _nfc(raw)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            found = _DMY_TIME.fullmatch(text)
            try:
                if not found:
                    value = datetime.combine(_to_date(text), datetime.min.time())
                else:
                    d, m, y, hh, mm, ss = found.groups()
                    value = datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0))  # noqa: DTZ001
            except (ValueError, _Invalid):
                raise _Invalid(_("Thời điểm không hợp lệ: %(value)s") % {"value": text}) from None
    else:
        raise _Invalid(_("Thời điểm không hợp lệ: %(value)s") % {"value": _shown(raw)})
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


def _to_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        folded = _fold(raw)
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    raise _Invalid(
        _("Giá trị không hợp lệ: %(value)s (cho phép: %(allowed)s)")
        % {"value": _shown(raw), "allowed": f"{YES}, {NO}"}
    )


def _to_enum(raw: object, enum: str) -> str:
    if type(raw) is str:
        return _enum_text(raw, enum)
    return _enum_text(_to_text(raw), enum)


@functools.lru_cache(maxsize=4096)  # a file repeats a few dozen values millions of times
def _enum_text(raw: str, enum: str) -> str:
    text = _to_text(raw)
    value = _enum_lookup(enum).get(_fold(text))
    if value is None:
        allowed = ", ".join(label for _, label in _choices(enum))
        raise _Invalid(
            _("Giá trị không hợp lệ: %(value)s (cho phép: %(allowed)s)") % {"value": text, "allowed": allowed}
        )
    return value


def _parse(raw: object, column: Column) -> Any:
    """A cell or JSON value as the field's Python value; ``_EMPTY`` when there is none."""
    if _is_empty(raw):
        return _EMPTY
    if isinstance(raw, list | dict):
        raise _Invalid(_("Giá trị không hợp lệ: %(value)s") % {"value": json.dumps(raw, ensure_ascii=False)})
    if column.kind == "date":
        return _to_date(raw)
    if column.kind == "datetime":
        return _to_datetime(raw)
    if column.kind == "bool":
        return _to_bool(raw)
    if column.kind in ("int", "optint"):
        return _to_int(raw)
    if column.kind == "enum":
        return _to_enum(raw, column.enum)
    return _to_text(raw)


_EMPTY_VALUE: dict[Kind, Any] = {
    "int": 0,
    "optint": None,
    "text": "",
    "enum": "",
    "date": None,
    "datetime": None,
    "bool": False,
}


class _Collector:
    """The problems of one read, capped: past the cap, reading stops."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, location: Location | None, field: str, reason: str) -> None:
        self.problems.append(Problem(location, field, reason))
        if len(self.problems) >= MAX_PROBLEMS:
            raise ExchangeError(self.problems)

    def finish(self) -> None:
        if self.problems:
            raise ExchangeError(self.problems)


def _build(
    sheet: Sheet,
    values: dict[str, object],
    location: Location,
    problems: _Collector,
) -> Record | None:
    """A record from raw values by field name; None after problems.

    A field absent from ``values`` takes its default; a field present but empty takes the empty
    value of its kind ("", None, False), which differs only for ``ethnicity`` (default Kinh)."""
    kwargs: dict[str, Any] = {}
    ok = True
    for column, required in _plan(sheet.record.TYPE):
        if column.field not in values:
            if required:
                problems.add(location, column.header, _(MISSING_VALUE))
                ok = False
            continue
        try:
            value = _parse(values[column.field], column)
        except _Invalid as bad:
            problems.add(location, column.header, bad.reason)
            ok = False
            continue
        if value is _EMPTY:
            if required:
                problems.add(location, column.header, _(MISSING_VALUE))
                ok = False
            else:
                kwargs[column.field] = _EMPTY_VALUE[column.kind]
            continue
        kwargs[column.field] = value
    return sheet.record(**kwargs) if ok else None


# -- JSON Lines ---------------------------------------------------------------------------------


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return _aware(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


def _check_order(record: Record, last: int) -> int:
    try:
        index = RECORD_TYPES.index(type(record))
    except ValueError:
        raise TypeError(f"not an interchange record: {record!r}") from None
    if index < last:
        raise ValueError(
            f"records must come in RECORD_TYPES order: {record.TYPE!r} after {RECORD_TYPES[last].TYPE!r}"
        )
    return index


def write_jsonl(records: Iterable[Record], path: Path, stamp: Stamp | None = None) -> int:
    """Write a JSON Lines file, one record a line after the header; return how many records. A
    ``stamp`` (who made the file, when, within which scope) goes in the header as ``"exported"``,
    which the reader ignores."""
    count = 0
    last = 0
    header: dict[str, object] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if stamp is not None:
        header["exported"] = stamp.as_json()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for record in records:
            last = _check_order(record, last)
            line: dict[str, object] = {"type": record.TYPE}
            for f in fields(record):
                value = getattr(record, f.name)
                if f.default is not MISSING and value == f.default and type(value) is type(f.default):
                    continue
                line[f.name] = _json_value(value)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl(path: Path, name: str = "") -> Iterator[tuple[Location, Record]]:
    """Yield the records of a JSON Lines file; raise ExchangeError at the end if any was bad.
    Lines are named by ``name`` (the name the officer knows the file by), else the file's."""
    problems = _Collector()
    source = name or path.name
    last = 0
    header_seen = False
    with path.open("rb") as data:
        for number, raw_line in enumerate(data, start=1):
            location = Location(source, number)
            try:
                text = raw_line.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                problems.add(location, "", _("Dòng không phải văn bản UTF-8"))
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as bad:
                if not header_seen:
                    raise ExchangeError([Problem(location, "", _not_partyorg())]) from None
                problems.add(location, "", _("JSON không hợp lệ (cột %(column)s)") % {"column": bad.colno})
                continue
            if not header_seen:
                if not _is_header(obj):
                    raise ExchangeError([Problem(location, "", _not_partyorg())])
                header_seen = True
                continue
            if not isinstance(obj, dict):
                problems.add(location, "", _("Dòng phải là một đối tượng JSON"))
                continue
            kind = obj.pop("type", None)
            if _is_empty(kind):
                problems.add(location, "type", _(MISSING_VALUE))
                continue
            cls = BY_TYPE.get(kind) if isinstance(kind, str) else None
            if cls is None:
                allowed = ", ".join(BY_TYPE)
                problems.add(
                    location,
                    "type",
                    _("Loại bản ghi không xác định: %(type)s (cho phép: %(allowed)s)")
                    % {"type": kind, "allowed": allowed},
                )
                continue
            index = RECORD_TYPES.index(cls)
            if index < last:
                problems.add(
                    location,
                    "type",
                    _("Sai thứ tự: bản ghi “%(type)s” phải đứng trước mọi bản ghi “%(later)s”")
                    % {"type": cls.TYPE, "later": RECORD_TYPES[last].TYPE},
                )
                continue
            last = index
            sheet = SHEET_OF[cls]
            known = _FIELDS_OF[cls]
            unknown = [k for k in obj if k not in known]
            for key in unknown:
                problems.add(location, str(key), _("Trường không xác định"))
            if unknown:
                continue
            values = {k: v for k, v in obj.items() if v is not None}
            record = _build(sheet, values, location, problems)
            if record is not None:
                yield location, record
    if not header_seen:
        raise ExchangeError([Problem(Location(source, 1), "", _not_partyorg())])
    problems.finish()


def _not_partyorg() -> str:
    return _(NOT_A_FORMAT) % _VERSIONS


def _is_header(obj: object) -> bool:
    if not isinstance(obj, dict):
        return False
    version = obj.get("version")
    return (
        obj.get("format") == FORMAT_NAME
        and isinstance(version, int)
        and not isinstance(version, bool)
        and version in READ_VERSIONS
    )


# -- the workbook: writing ----------------------------------------------------------------------

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: object, column: Column) -> object:
    if column.kind == "enum":
        return _enum_label(column.enum).get(str(value), value) if value else None
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "datetime":
        return _aware(value).isoformat() if isinstance(value, datetime) else None
    if column.kind == "date":
        return value  # a date cell, formatted by the caller
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value or None
    return value


def _widths(ws: WriteOnlyWorksheet, widths: Iterable[int]) -> None:
    """Column widths; a write-only sheet takes them before its first row."""
    dimensions = cast(Any, ws).column_dimensions  # set up at run time, missing from the stubs
    for i, width in enumerate(widths, start=1):
        dimensions[get_column_letter(i)].width = width


def _header_row(ws: WriteOnlyWorksheet, headers: Iterable[str]) -> list[Cell]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = _BOLD
        cells.append(cell)
    return cells


def _new_sheet(wb: Workbook, sheet: Sheet) -> WriteOnlyWorksheet:
    ws: WriteOnlyWorksheet = wb.create_sheet(sheet.name)
    _widths(ws, (max(c.width, len(c.header) + 2) for c in sheet.columns))
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, (c.header for c in sheet.columns)))
    return ws


def _data_row(ws: WriteOnlyWorksheet, record: Record, sheet: Sheet) -> list[object]:
    row: list[object] = []
    for column in sheet.columns:
        value = _cell_value(getattr(record, column.field), column)
        if column.kind == "date" and value is not None:
            cell = WriteOnlyCell(ws)
            cell.value = cast(date, value)
            cell.number_format = DATE_FORMAT
            row.append(cell)
        elif isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # text, never a formula or an error code
            row.append(cell)
        else:
            row.append(value)
    return row


def _info_sheet(wb: Workbook, stamp: Stamp | None = None) -> None:
    ws: WriteOnlyWorksheet = wb.create_sheet(INFO_SHEET)
    _widths(ws, (16, 100))
    created = datetime.now(VN_TZ).replace(microsecond=0).isoformat()
    explanation = (
        "Tệp trao đổi dữ liệu tổ chức đảng và đảng viên. Mỗi trang tính là một loại bản ghi, "
        "dòng 1 là tiêu đề cột; ngày ghi dd/mm/yyyy. Xem trang “Hướng dẫn” của tệp mẫu "
        "(partyorg template) hoặc tài liệu “interchange”."
    )
    for label, value in (
        ("Định dạng", FORMAT_NAME),
        ("Phiên bản", FORMAT_VERSION),
        ("Thời điểm tạo", created),
        ("Mô tả", explanation),
        *(stamp.rows() if stamp is not None else ()),
    ):
        key = WriteOnlyCell(ws, value=label)
        key.font = _BOLD
        ws.append([key, value])
    if stamp is not None:
        stamp_properties(wb, stamp, title="Tệp trao đổi dữ liệu partyorg")


def _allowed(column: Column) -> str:
    if column.kind == "enum":
        return "; ".join(label for _, label in _choices(column.enum))
    return {
        "date": f"Ngày, dạng {DATE_FORMAT}",
        "datetime": "Thời điểm ISO 8601 có múi giờ, ví dụ 2024-05-01T08:30:00+07:00",
        "bool": f"{YES} / {NO}",
        "int": "Số nguyên không âm, ví dụ 1820 hoặc 1.820",
        "optint": "Số nguyên không âm, hoặc để trống",
        "text": "Chữ",
    }[column.kind]


def _guide_sheet(wb: Workbook) -> None:
    ws: WriteOnlyWorksheet = wb.create_sheet(GUIDE_SHEET)
    headers = ("Trang tính", "Cột", "Trường (JSON)", "Bắt buộc", "Giá trị cho phép", "Ý nghĩa")
    _widths(ws, (22, 26, 26, 10, 60, 60))
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, headers))
    for sheet in SHEETS:
        for column in sheet.columns:
            row: list[object] = [
                sheet.name,
                column.header,
                column.field,
                YES if sheet.required(column) else NO,
                _allowed(column),
                column.meaning,
            ]
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=cast(str, value))
                cell.alignment = _WRAP
                cells.append(cell)
            ws.append(cells)


def _write_workbook(records: Iterable[Record], path: Path, *, guide: bool, stamp: Stamp | None = None) -> int:
    wb = Workbook(write_only=True)
    _info_sheet(wb, stamp)
    if guide:
        _guide_sheet(wb)
    sheets = {sheet.record: (sheet, _new_sheet(wb, sheet)) for sheet in SHEETS}
    count = 0
    for record in records:
        try:
            sheet, ws = sheets[type(record)]
        except KeyError:
            raise TypeError(f"not an interchange record: {record!r}") from None
        ws.append(_data_row(ws, record, sheet))
        count += 1
    wb.save(path)
    return count


def write_workbook(records: Iterable[Record], path: Path, stamp: Stamp | None = None) -> int:
    """Write the .xlsx workbook in one streaming pass; return how many records. A ``stamp`` goes
    in the sheet "Thông tin" and the workbook's properties."""
    return _write_workbook(records, path, guide=False, stamp=stamp)


def write_template(path: Path) -> None:
    """Write the empty workbook: "Thông tin", "Hướng dẫn" and every sheet with its headers only."""
    _write_workbook((), path, guide=True)


# -- the workbook: reading ----------------------------------------------------------------------


def _sheet_lookup() -> dict[str, Sheet]:
    table: dict[str, Sheet] = {}
    for sheet in SHEETS:
        table[_fold(sheet.name)] = sheet
        table[_fold(sheet.record.TYPE)] = sheet
    return table


def _column_lookup(sheet: Sheet) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in sheet.columns:
        table[_fold(column.header)] = column
        table[_fold(column.field)] = column
    return table


def read_workbook(path: Path, name: str = "") -> Iterator[tuple[Location, Record]]:
    """Yield the records of a workbook, sheet by sheet in RECORD_TYPES order; raise ExchangeError
    at the end if any row was bad. Given a ``name`` (the name the officer knows the file by, when
    it is stored under another), rows are named by it too."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError) as bad:
        reason = _("Không đọc được tệp bảng tính: %(error)s") % {"error": bad}
        raise ExchangeError([Problem(None, "", reason)]) from None
    try:
        yield from _read_workbook(wb, name, _EarlyDates(path))
    finally:
        wb.close()


class _EarlyDates:
    """The dates before 01/01/1900 of a workbook's date cells, read again with openpyxl. A cell
    typed as such a date in LibreOffice and saved as .xlsx holds a day number below 1 (15/03/1895
    is -1751); python-calamine hands over only its time of day, openpyxl the date. Read only when a
    sheet has such a cell, once a sheet: rare, and slower than calamine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sheets: dict[str, dict[tuple[int, int], date]] = {}

    def on(self, sheet_name: str, row: int, column: int) -> date | None:
        """The date of the cell (row from 1, column from 0), if it is one before 1900."""
        if sheet_name not in self._sheets:
            self._sheets[sheet_name] = self._read(sheet_name)
        return self._sheets[sheet_name].get((row, column))

    def _read(self, sheet_name: str) -> dict[tuple[int, int], date]:
        if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            return {}
        wb = load_workbook(self.path, read_only=True, data_only=True)
        try:
            early: dict[tuple[int, int], date] = {}
            for r, row in enumerate(wb[sheet_name].iter_rows(values_only=True), start=1):
                for c, value in enumerate(row):
                    if isinstance(value, datetime) and value.year < 1900:
                        early[r, c] = value.date()
            return early
        finally:
            wb.close()


def _read_workbook(
    wb: Any, file: str = "", early: _EarlyDates | None = None
) -> Iterator[tuple[Location, Record]]:
    names: list[str] = list(wb.sheet_names)
    folded = {_fold(n): n for n in names}
    info = folded.get(_fold(INFO_SHEET))
    if info is None or not _info_ok(wb.get_sheet_by_name(info)):
        raise ExchangeError([Problem(None, "", _not_partyorg())])
    problems = _Collector()
    lookup = _sheet_lookup()
    found: dict[type[Record], str] = {}
    for name in names:
        key = _fold(name)
        if key in (_fold(INFO_SHEET), _fold(GUIDE_SHEET)):
            continue
        sheet = lookup.get(key)
        if sheet is None:
            allowed = ", ".join(s.name for s in SHEETS)
            problems.add(
                None,
                "",
                _("Trang tính không xác định: %(sheet)s (cho phép: %(allowed)s)")
                % {"sheet": _nfc(name), "allowed": allowed},
            )
        elif sheet.record in found:
            problems.add(
                None,
                "",
                _("Trang tính trùng loại: %(first)s và %(second)s")
                % {"first": found[sheet.record], "second": _nfc(name)},
            )
        else:
            found[sheet.record] = name
    for sheet in SHEETS:
        if sheet.record in found:
            name = found[sheet.record]
            yield from _read_sheet(wb.get_sheet_by_name(name), sheet, problems, file, early, name)
    problems.finish()


def _info_ok(ws: Any) -> bool:
    info: dict[str, object] = {}
    for row in ws.to_python(skip_empty_area=False):
        if len(row) >= 2 and isinstance(row[0], str):
            info[_fold(row[0])] = row[1]
    name, version = info.get(_fold("Định dạng")), info.get(_fold("Phiên bản"))
    if not isinstance(name, str) or _fold(name) != FORMAT_NAME:
        return False
    if isinstance(version, bool):
        return False
    if isinstance(version, str):
        return version.strip() in {str(v) for v in READ_VERSIONS}
    return isinstance(version, int | float) and version in READ_VERSIONS


def _read_sheet(
    ws: Any,
    sheet: Sheet,
    problems: _Collector,
    file: str = "",
    early: _EarlyDates | None = None,
    sheet_name: str = "",
) -> Iterator[tuple[Location, Record]]:
    source = sheet.name
    header_location = Location(source, 1, file)
    rows = iter(ws.iter_rows())  # from row 1 on, even when the first rows are empty
    header = next(rows, None)
    if header is None:
        return  # an empty sheet: no records
    if all(_is_empty(v) for v in header):
        problems.add(header_location, "", _("Dòng 1 phải là dòng tiêu đề cột"))
        return
    lookup = _column_lookup(sheet)
    positions: dict[int, Column] = {}
    seen: set[str] = set()
    ok = True
    for i, cell in enumerate(header):
        if _is_empty(cell):
            continue
        text = _to_text(cell)
        column = lookup.get(_fold(text))
        if column is None:
            problems.add(header_location, text, _("Cột không xác định"))
            ok = False
        elif column.field in seen:
            problems.add(header_location, column.header, _("Cột bị lặp lại"))
            ok = False
        else:
            seen.add(column.field)
            positions[i] = column
    for column in sheet.columns:
        if column.field not in seen and sheet.required(column):
            problems.add(header_location, column.header, _("Thiếu cột bắt buộc"))
            ok = False
    if not ok:
        return
    for number, row in enumerate(rows, start=2):
        if all(_is_empty(v) for v in row):
            continue
        location = Location(source, number, file)
        values: dict[str, object] = {}
        stray = False
        for i, value in enumerate(row):
            column = positions.get(i)
            if column is not None:
                if column.kind == "date" and isinstance(value, time) and early is not None:
                    value = early.on(sheet_name, number, i) or value  # a date before 1900
                values[column.field] = value
            elif not _is_empty(value):
                stray = True
        if stray:
            problems.add(location, "", _("Có giá trị trong cột không có tiêu đề"))
            continue
        record = _build(sheet, values, location, problems)
        if record is not None:
            yield location, record


# -- by suffix ------------------------------------------------------------------------------------

_READ_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def _unsupported(path: Path) -> ExchangeError:
    suffix = path.suffix or path.name
    reason = _("Loại tệp không hỗ trợ: %(suffix)s (dùng .xlsx hoặc .jsonl)") % {"suffix": suffix}
    return ExchangeError([Problem(None, "", reason)])


def read_file(path: Path, name: str = "") -> Iterator[tuple[Location, Record]]:
    """Read a .jsonl or workbook (.xlsx; also .xls, .xlsm, .ods) file by its suffix. ``name`` is
    the name the officer knows the file by, when it is stored under another (an upload): every
    problem and finding names it."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(path, name)
    if suffix in _READ_WORKBOOK_SUFFIXES:
        return read_workbook(path, name)
    raise _unsupported(path)


def write_file(records: Iterable[Record], path: Path, stamp: Stamp | None = None) -> int:
    """Write a .jsonl or .xlsx file by its suffix, stamped with ``stamp`` if given (who made it,
    when, within which scope); return how many records."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return write_jsonl(records, path, stamp)
    if suffix == ".xlsx":
        return write_workbook(records, path, stamp)
    raise _unsupported(path)
