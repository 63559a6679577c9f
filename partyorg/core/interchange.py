"""The record kit: how an app declares its record types to the interchange files.

Every record type of partyorg has one home, its app. Besides the model, its services and its page
form, the app declares in its ``interchange`` module how the record travels in a file (the
workbook for people, JSON Lines for systems):

- the **record**: a frozen dataclass (:class:`Record`) whose fields are the file's columns, naming
  other records by codes and uids, never by database ids;
- its **sheet**: the Vietnamese sheet name and columns (:class:`Sheet`, :class:`Column`);
- **to-record**: a row of the database as a record (what an export writes; what a record already
  stored is compared with on import);
- **apply**: a record of a file written through the app's own services, so an import applies the
  same rules as the pages and the command line.

An app gathers these in a :class:`RecordKit` subclass, listed in the module's ``KITS``.
:mod:`partyorg.exchange` collects the kits (the apps of ``settings.PARTYORG_RECORD_APPS``, in file
order) and does the rest: reading and writing the
formats, loading the tree and the people, the scope check, the order records are applied in. This
module is below every app: it names no model of any app.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    from django.db.models import Model

__all__ = [
    "Codes",
    "Column",
    "Judge",
    "Kind",
    "Loading",
    "Location",
    "Record",
    "RecordKit",
    "Sheet",
    "basis_columns",
    "is_uuid",
    "recorded_columns",
    "runs_by",
]

M = TypeVar("M", bound="Model")
R = TypeVar("R", bound="Record")

DUMP_CHUNK = 5000  # rows read at a time when a kit dumps a table

Kind = Literal["text", "int", "optint", "date", "datetime", "bool", "enum"]


def is_uuid(value: str) -> bool:
    """Is ``value`` a uid as files write them (a UUID in its canonical lower-case form)?"""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


@dataclass(frozen=True)
class Record:
    """One record of an interchange file. ``TYPE`` is its name in the file; ``KEY`` the field that
    identifies it (a uid for log entries, a code for things with codes)."""

    TYPE: ClassVar[str]
    KEY: ClassVar[str]
    LABEL: ClassVar[Any] = ""  # the name officers read (a lazy Vietnamese string), e.g. in a load's counts

    @property
    def key(self) -> str:
        return str(getattr(self, self.KEY))

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def required(cls, name: str) -> bool:
        """Must a file give this field? (it has no default)"""
        for f in fields(cls):
            if f.name == name:
                return f.default is MISSING and f.default_factory is MISSING
        raise KeyError(name)


@dataclass(frozen=True)
class Location:
    """Where a record came from, for error messages: a sheet and row, or a file and line."""

    source: str  # sheet name ("Sự kiện") or file name
    row: int  # 1-based row or line number
    file: str = ""  # the workbook's name when it was given one (an upload): then source is its sheet

    def __str__(self) -> str:
        if self.file:
            return f"{self.file}, trang “{self.source}”, dòng {self.row}"
        return f"{self.source}, dòng {self.row}"


@dataclass(frozen=True)
class Column:
    """One field of a record type as a workbook column."""

    field: str
    header: str  # Vietnamese, as written in row 1 of the sheet
    kind: Kind = "text"
    meaning: str = ""
    enum: str = ""  # name of the TextChoices class, for kind "enum" (a kit's ``enums`` names it)
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    """One record type as a workbook sheet."""

    record: type[Record]
    name: str
    columns: tuple[Column, ...]

    def required(self, column: Column) -> bool:
        return self.record.required(column.field)


def basis_columns() -> tuple[Column, ...]:
    """The three columns of a legal basis (``basis_number``, ``basis_date``, ``basis_issuer``)."""
    return (
        Column("basis_number", "Số văn bản", meaning="Số văn bản làm căn cứ"),
        Column("basis_date", "Ngày văn bản", "date", "Ngày ký văn bản làm căn cứ", width=13),
        Column("basis_issuer", "Cơ quan ban hành", meaning="Cơ quan ban hành văn bản", width=30),
    )


def recorded_columns() -> tuple[Column, ...]:
    """When and by whom a record was entered (``recorded_at``, ``recorded_by``)."""
    return (
        Column("recorded_at", "Thời điểm ghi", "datetime", "Lúc bản ghi được nhập", width=27),
        Column("recorded_by", "Người ghi", meaning="Tài khoản hoặc tên người nhập", width=18),
    )


class Codes(Protocol):
    """Database ids as the codes and uids records use (what an export and a comparison need)."""

    def org(self, pk: int | None) -> str: ...

    def person(self, pk: int | None) -> str: ...

    def uid(self, model: type[Model], pk: int | None) -> str: ...


class Loading(Protocol):
    """What a kit's ``apply`` may ask of the load it is part of (:mod:`partyorg.exchange.kits`).

    Every lookup that fails records a problem at the record's row and returns None; the kit then
    returns without writing. A refusal of a service called through :meth:`written` is a problem too.
    The whole file is refused when any problem was found.
    """

    def problem(self, location: Location | None, record: Record, field_name: str, reason: str) -> None: ...

    def org(self, location: Location | None, record: Record, field_name: str) -> Any: ...

    def person(self, location: Location | None, record: Record, field_name: str) -> Any: ...

    def by_uid(
        self, model: type[M], location: Location | None, record: Record, field_name: str, what: str
    ) -> M | None: ...

    def known(self, location: Location | None, record: Any) -> bool: ...

    def compare(self, location: Location | None, record: Record, stored: Record) -> None: ...

    def record_of(self, obj: Model) -> Record: ...

    def written(
        self,
        location: Location | None,
        record: Record,
        call: Callable[[], M],
        capture: Callable[[M], Any] | None = None,
    ) -> tuple[M, Any] | None: ...

    def count(self, record_type: str, created: bool) -> None: ...

    def remember(self, uid: str) -> None:
        """``uid`` was written along with another record (a candidate's introduction step): when
        its own record comes, it is counted as created, not compared."""

    # -- a run of records at a time (RecordKit.apply_batch) ---------------------------------------
    def fresh(self, items: list[tuple[Location | None, Any]]) -> list[tuple[Location | None, Any, bool]]:
        """The records of a run keyed by uid, each with whether it is new (not yet in the
        database), asked of the run at once; a bad or repeated uid is a problem, as :meth:`known`
        says it (that record is left out)."""
        ...

    def ids(self, model: type[Model], uids: Iterable[str]) -> dict[str, int]:
        """The database ids of the rows of ``model`` with these uids (one query a chunk)."""
        ...

    def org_id(self, code: str) -> int | None:
        """The id of the organization ``code`` (loaded or in the file), None when unknown."""
        ...

    def person_id(self, code: str) -> int | None:
        """The id of the person ``code``, None when unknown."""
        ...

    def people(self, ids: Iterable[int]) -> dict[int, Any]:
        """The people (``members.Person``) of these ids, read once for the load."""
        ...

    def written_batch(self, items: list[tuple[Location | None, Any]], call: Callable[[], Any]) -> bool:
        """Write a run of new records through a batch service (``call``) in a savepoint; True, and
        each counted as created, when it wrote them; False, with nothing written and no problem
        noted, when the service refused (the kit then applies them one at a time, so that the
        refusal is a problem at its own row)."""
        ...


class Judge(Protocol):
    """What a kit tells an upload's scope check about one record (:mod:`partyorg.exchange.scope_check`):
    which organization or person it is about, on which day. The uploader must be able to edit each
    on that day (:class:`~partyorg.accounts.scope.Scope`, role EDIT); the check says why not."""

    def org(self, field_name: str, code: str, day: date) -> None:
        """The organization ``code`` (given in ``field_name``) must be the uploader's on ``day``."""

    def person(self, code: str, day: date) -> None:
        """The person ``code`` must be one the uploader reaches on ``day``."""


class RecordKit:
    """One app's record types as they travel in a file. An app subclasses it in its ``interchange``
    module; :mod:`partyorg.exchange` makes one instance per load.

    Subclasses declare:

    - ``sheets``: the record types with their sheets, in the order a file holds them (every
      reference points to a record of an earlier type, or an earlier record of the same type);
    - ``models``: the model each record type is stored as (for records keyed by ``uid``);
    - ``enums``: the TextChoices classes the columns name (``Column.enum``);
    - ``computed``: fields the service works out when the file leaves them empty (an empty cell
      then matches what was stored);
    - :meth:`dump` and :meth:`to_record`: the database as records;
    - ``apply_<TYPE>`` methods, one per record type, called in the order the records were recorded.
    """

    sheets: ClassVar[tuple[Sheet, ...]] = ()
    models: ClassVar[dict[type[Record], type[Model]]] = {}
    enums: ClassVar[dict[str, Any]] = {}
    computed: ClassVar[dict[type[Record], frozenset[str]]] = {}

    def __init__(self, work: Loading | None = None) -> None:
        """One instance per pass over a file: a load (``work``) or an upload's scope check (None).
        A kit keeps there what one record tells about the next (a candidate's cell for its steps)."""
        self._work = work

    @property
    def work(self) -> Loading:
        assert self._work is not None, "a kit writes only during a load"
        return self._work

    @classmethod
    def record_types(cls) -> tuple[type[Record], ...]:
        return tuple(sheet.record for sheet in cls.sheets)

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        """Each of the kit's tables with its to-record (a row as its record), in file order."""
        raise NotImplementedError

    @classmethod
    def dump(cls, codes: Codes) -> Iterator[Record]:
        """Every row of the app's tables as records, each table in the order it was written."""
        for model, convert in cls.converters().items():
            for obj in model._default_manager.order_by("id").iterator(chunk_size=DUMP_CHUNK):
                yield convert(obj, codes)

    @classmethod
    def to_record(cls, obj: Model, codes: Codes) -> Record:
        """One row as its record."""
        return cls.converters()[type(obj)](obj, codes)

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """Tell ``judge`` which organizations and people ``record`` is about, on which day."""
        raise NotImplementedError

    # -- import ------------------------------------------------------------------------------
    def add(self, location: Location | None, record: Record) -> bool:
        """Take ``record`` during the file's pass. True: apply it later, in recorded order; False:
        the kit keeps it itself (a meeting's absences, applied with their meeting)."""
        return True

    def check(self) -> None:
        """After the pass, before anything is applied: problems only the whole file shows."""

    def apply(self, location: Location | None, record: Record) -> None:
        handler: Callable[[Location | None, Any], None] = getattr(self, f"apply_{record.TYPE}")
        handler(location, record)

    # -- import, a run at a time -------------------------------------------------------------
    # Record types (``TYPE``) whose runs the kit writes through its app's batch services.
    batched: ClassVar[frozenset[str]] = frozenset()

    def plain(self, record: Record) -> bool:
        """May ``record`` go in a batch? By default a new record that corrects and withdraws
        nothing; the others (and every record of a type not in ``batched``) go one at a time."""
        return not getattr(record, "corrects", "") and not getattr(record, "withdrawn", False)

    def apply_run(self, items: list[tuple[Location | None, Record]]) -> None:
        """Apply a run of records of one type that follow each other in recorded order. Their uids
        are looked up at once (:meth:`Loading.fresh`); of a type in ``batched``, the plain ones not
        yet stored go in batches (:meth:`apply_batch`); any other record is applied alone, after
        the batch before it, so the order of the run is kept."""
        if not items:
            return
        first = items[0][1]
        if type(first) not in self.models or first.KEY != "uid":  # not a row keyed by its uid
            for location, record in items:
                self.apply(location, record)
            return
        batched = first.TYPE in self.batched
        batch: list[tuple[Location | None, Record]] = []
        for location, record, new in self.work.fresh(items):  # every uid of the run in one query
            if batched and new and self.plain(record):
                batch.append((location, record))
                continue
            self._batch(batch)
            batch = []
            self.apply(location, record)
        self._batch(batch)

    def _batch(self, items: list[tuple[Location | None, Record]]) -> None:
        if items and not self.apply_batch(items):
            for location, record in items:  # refused: find which, and why, one at a time
                self.apply(location, record)

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        """Write new plain records of one type through the app's batch service, with the same
        checks as its single commands (:meth:`Loading.written_batch`). False when the batch was
        refused or a reference is unknown: the records are then applied one at a time."""
        return False


def runs_by(
    items: list[tuple[Location | None, R]], key: Callable[[R], Any]
) -> Iterator[list[tuple[Location | None, R]]]:
    """The items cut where ``key`` of their record changes (a batch service writes one recorder,
    one legal basis …), in their order."""
    run: list[tuple[Location | None, R]] = []
    for item in items:
        if run and key(run[0][1]) != key(item[1]):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def recorded_at(record: Record) -> datetime:
    """When a record of the yearly work was recorded (every such record has ``recorded_at``)."""
    value = getattr(record, "recorded_at")  # noqa: B009
    assert isinstance(value, datetime)
    return value


SHARED_FIELDS = (
    "uid",
    "recorded_at",
    "recorded_by",
    "basis_number",
    "basis_date",
    "basis_issuer",
    "corrects",
    "withdrawn",
    "note",
    "override_rule",
    "override_reason",
)


def shared_fields(obj: Model, codes: Codes, record_type: type[Record]) -> dict[str, Any]:
    """The fields of :data:`SHARED_FIELDS` that ``record_type`` declares, as the row ``obj`` has them:
    ``uid`` as text, ``corrects`` as the uid of the row it corrects (same table), the others as they
    are. A kit's to-record spreads them and writes only the record's own fields."""
    declared = {f.name for f in fields(record_type)}
    values: dict[str, Any] = {}
    for name in SHARED_FIELDS:
        if name not in declared:
            continue
        if name == "uid":
            values[name] = str(getattr(obj, "uid"))  # noqa: B009
        elif name == "corrects":
            values[name] = codes.uid(type(obj), getattr(obj, "corrects_id"))  # noqa: B009
        else:
            values[name] = getattr(obj, name)
    return values
