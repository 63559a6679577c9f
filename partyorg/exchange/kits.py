"""Loading the records of the apps' record kits (the party's yearly work: recruitment, congresses
and positions, meetings, residence ties, ratings, discipline and commendation, dues) through the
apps' own services, so that an import applies the same rules as the command line and the pages.

The loader hands these records over during its pass (:meth:`KitWork.add`) and calls
:meth:`KitWork.apply` once the people's membership periods are rebuilt (the services read them:
who is an official member, who is expected at a meeting). They are then applied in the order they
were recorded (``recorded_at``, then the file's order of types, then row order), an order in which
the services accepted them: a correction after what it corrects, an ending after its start, a
comment after its tie. A kit may put a record after the others of its moment
(:meth:`KitWork.last_of_its_moment`).

Each kit's ``apply_<type>`` calls its app's service with the file's ``uid`` and ``recorded_at``
through :meth:`KitWork.written`; a refusal (any :class:`~partyorg.core.records.Refused`, a rule's
``RuleViolation`` included) is a problem at the record's sheet and row, and the whole file is
refused. A uid already in the database is compared with the record and skipped (loading twice adds
nothing). :class:`KitWork` is the :class:`~partyorg.core.interchange.Loading` the kits see; it
names no app's model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import fields
from typing import Any, Protocol, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.core.interchange import Location, Record, RecordKit, is_uuid, recorded_at
from partyorg.core.records import Refused
from partyorg.exchange import registry
from partyorg.exchange.dump import Codes
from partyorg.members.models import Person
from partyorg.organizations.models import Organization

M = TypeVar("M", bound=Model)

RUN = 5000  # records of one type applied together, at most (RecordKit.apply_run)
UID_CHUNK = 900  # uids asked in one query (SQLite's limit on parameters)
# What a service refuses with: a problem at the record's row, never a crash.
REFUSALS: tuple[type[Exception], ...] = (Refused, IntegrityError)
# An override is kept only when a rule needed it: not compared.
NOT_COMPARED = frozenset({"override_rule", "override_reason"})
CHANGED = gettext_noop(
    "Bản ghi đã có trong cơ sở dữ liệu với nội dung khác; hãy ghi một bản sửa thay vì sửa trực tiếp"
)
# What a code names, in "Không tìm thấy … có mã …" (msgids, as the loader's).
ORGANIZATION = gettext_noop("tổ chức đảng")
PERSON = gettext_noop("người")


class _Refused(Exception):
    """A record was refused: the derived rows that wait are not made (the load is rolled back)."""


class Loader(Protocol):
    """What :class:`KitWork` needs of the load it is part of (``partyorg.exchange.load``)."""

    orgs: dict[str, int]  # code -> id
    persons: dict[str, int]
    current_type: type[Record]
    problems: list[Any]

    def problem(self, location: Location | None, field_name: str, reason: str) -> None: ...

    def ref(
        self, table: dict[str, int], value: str, location: Location | None, field_name: str, what: str
    ) -> int | None: ...

    def first_time(self, location: Location | None, key: str) -> bool: ...

    def count(self, what: str, created: bool) -> None: ...


def _differs(r: Record, stored: Record) -> str | None:
    """The first field where ``r`` says something else than ``stored``; None when they agree. A
    field the kit's service works out (``RecordKit.computed``) left empty in the file agrees."""
    kit = registry.kit_of(type(r))
    computed = kit.computed.get(type(r), frozenset()) if kit else frozenset()
    for f in fields(r):
        mine, theirs = getattr(r, f.name), getattr(stored, f.name)
        if f.name in NOT_COMPARED or mine == theirs or (f.name in computed and mine in (None, "")):
            continue
        return f.name
    return None


class KitWork:
    """The kits' records of one load: collected during the pass, applied at its end."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.records: list[tuple[int, Location | None, Record]] = []
        self.made: set[str] = set()  # uids written along with another record (an introduction)
        self.org_objects: dict[int, Organization] = {}
        self.person_objects: dict[int, Person] = {}
        self.kits: dict[type[RecordKit], RecordKit] = {kit: kit(self) for kit in registry.kits()}
        self.models: dict[type[Record], type[Model]] = {
            t: model for kit in self.kits for t, model in kit.models.items()
        }
        self.claimed: dict[str, bool] = {}  # keys read by fresh(), not yet applied: new?
        self.empty: set[type[Model]] = set()  # the kits' tables empty when their records began
        self._codes: tuple[tuple[int, int], Codes] | None = None  # (sizes of the loader's tables, codes)

    def kit(self, record: Record) -> RecordKit:
        kit = registry.kit_of(type(record))
        assert kit is not None, f"no record kit declares {record.TYPE!r}"
        return self.kits[kit]

    # -- during the pass -------------------------------------------------------------------------
    def add(self, location: Location | None, record: Record) -> None:
        if self.kit(record).add(location, record):
            self.records.append((len(self.records), location, record))

    # -- what a kit may ask (core.interchange.Loading) --------------------------------------------
    def problem(self, location: Location | None, record: Record, field_name: str, reason: str) -> None:
        self.loader.current_type = type(record)
        self.loader.problem(location, field_name, reason)

    def org(self, location: Location | None, r: Record, field_name: str) -> Organization | None:
        code = getattr(r, field_name)
        self.loader.current_type = type(r)
        pk = self.loader.ref(self.loader.orgs, code, location, field_name, ORGANIZATION)
        if pk is None:
            return None
        if pk not in self.org_objects:
            self.org_objects[pk] = Organization.objects.get(pk=pk)
        return self.org_objects[pk]

    def person(self, location: Location | None, r: Record, field_name: str) -> Person | None:
        code = getattr(r, field_name)
        self.loader.current_type = type(r)
        pk = self.loader.ref(self.loader.persons, code, location, field_name, PERSON)
        if pk is None:
            return None
        if pk not in self.person_objects:
            self.person_objects[pk] = Person.objects.get(pk=pk)
        return self.person_objects[pk]

    def by_uid(
        self, model: type[M], location: Location | None, r: Record, field_name: str, what: str
    ) -> M | None:
        """The object of ``model`` whose uid the field holds; a problem when there is none. ``what``
        names the object, a msgid (``gettext_noop("đại hội")``), translated with the problem."""
        value = getattr(r, field_name)
        if not value:
            return None
        found = model._default_manager.filter(uid=value).first() if is_uuid(value) else None
        if found is None:
            self.problem(
                location,
                r,
                field_name,
                _("Không tìm thấy %(what)s có mã “%(code)s”") % {"what": _(what), "code": value},
            )
        return found

    def known(self, location: Location | None, r: Any) -> bool:
        """True when ``r`` is new and well keyed; a record already stored is compared and counted."""
        claim = self.claimed.pop(f"{r.TYPE}:{r.uid}", None)  # keyed already by :meth:`fresh`
        if claim is True:  # new (its batch refused, or it is not plain): applied alone
            return False
        if claim is None:
            if not is_uuid(r.uid):
                self.problem(location, r, "uid", _("Mã (uid) không hợp lệ"))
                return True
            if not self.loader.first_time(location, f"{r.TYPE}:{r.uid}"):
                return True
        stored = self.models[type(r)]._default_manager.filter(uid=r.uid).first()
        if stored is None:
            return False
        if r.uid in self.made:
            self.loader.count(r.TYPE, True)
            return True
        self.compare(location, r, self.record_of(stored))
        return True

    def record_of(self, obj: Model) -> Record:
        sizes = (len(self.loader.orgs), len(self.loader.persons))
        if self._codes is None or self._codes[0] != sizes:  # made again only when a code was added
            self._codes = (
                sizes,
                Codes(
                    {pk: code for code, pk in self.loader.orgs.items()},
                    {pk: code for code, pk in self.loader.persons.items()},
                ),
            )
        codes = self._codes[1]
        for kit in self.kits:
            if type(obj) in kit.models.values():
                return kit.to_record(obj, codes)
        raise TypeError(f"no record kit stores {type(obj).__name__}")

    def compare(self, location: Location | None, r: Record, stored: Record) -> None:
        if _differs(r, stored) is not None:
            self.problem(location, r, "", _(CHANGED))
            return
        self.loader.count(r.TYPE, False)

    def written(
        self,
        location: Location | None,
        r: Record,
        call: Callable[[], M],
        capture: Callable[[M], Any] | None = None,
    ) -> tuple[M, Any] | None:
        """Write ``r`` through its service (``call``, which stores the file's uid and recorded_at);
        a refusal is a problem at the record's row. A withdrawal must say what the row it takes back
        said. Counted as created."""
        try:
            with transaction.atomic():
                obj = call()
                captured = capture(obj) if capture else None
        except REFUSALS as refused:
            self.problem(location, r, "", str(refused))
            return None
        if getattr(r, "withdrawn", False):
            self.withdrawal_kept(location, r, obj)
        self.loader.count(r.TYPE, True)
        return obj, captured

    def withdrawal_kept(self, location: Location | None, r: Record, written: Model) -> None:
        """A withdrawal copies the record it takes back: the file must say the same."""
        field_name = _differs(r, self.record_of(written))
        if field_name is not None:
            self.problem(location, r, field_name, _("Bản hủy phải ghi đúng nội dung của bản ghi bị hủy"))

    def count(self, record_type: str, created: bool) -> None:
        self.loader.count(record_type, created)

    # -- a run at a time (RecordKit.apply_run) -----------------------------------------------------
    def fresh(self, items: list[tuple[Location | None, Any]]) -> list[tuple[Location | None, Any, bool]]:
        """The well-keyed records of the run, each with whether it is new (not stored), with one
        query for the run; a bad or repeated uid is a problem here, as :meth:`known` says it. Each
        is claimed: :meth:`known` of the record applied alone does not key it twice."""
        if not items:
            return []
        model = self.models[type(items[0][1])]
        keyed = []
        for location, r in items:
            if not is_uuid(r.uid):
                self.problem(location, r, "uid", _("Mã (uid) không hợp lệ"))
            elif self.loader.first_time(location, f"{r.TYPE}:{r.uid}"):
                keyed.append((location, r))
        stored = {str(uid) for uid in self.stored_uids(model, [r.uid for _, r in keyed])}
        found = []
        for location, r in keyed:
            new = r.uid not in stored
            self.claimed[f"{r.TYPE}:{r.uid}"] = new
            found.append((location, r, new))
        return found

    def stored_uids(self, model: type[Model], uids: list[str]) -> list[Any]:
        if model in self.empty:  # empty when the kits began: only what this load wrote is there
            return [u for u in uids if u in self.made]
        found: list[Any] = []
        for start in range(0, len(uids), UID_CHUNK):
            chunk = uids[start : start + UID_CHUNK]
            found.extend(model._default_manager.filter(uid__in=chunk).values_list("uid", flat=True))
        return found

    def ids(self, model: type[Model], uids: Iterable[str]) -> dict[str, int]:
        wanted = sorted({u for u in uids if u and is_uuid(u)})
        found: dict[str, int] = {}
        for start in range(0, len(wanted), UID_CHUNK):
            chunk = wanted[start : start + UID_CHUNK]
            found.update(
                (str(uid), pk)
                for uid, pk in model._default_manager.filter(uid__in=chunk).values_list("uid", "id")
            )
        return found

    def org_id(self, code: str) -> int | None:
        return self.loader.orgs.get(code)

    def person_id(self, code: str) -> int | None:
        return self.loader.persons.get(code)

    def people(self, ids: Iterable[int]) -> dict[int, Person]:
        missing = sorted({pk for pk in ids if pk not in self.person_objects})
        for start in range(0, len(missing), UID_CHUNK):
            chunk = missing[start : start + UID_CHUNK]
            self.person_objects.update((p.pk, p) for p in Person.objects.filter(pk__in=chunk))
        return self.person_objects

    def written_batch(self, items: list[tuple[Location | None, Any]], call: Callable[[], Any]) -> bool:
        try:
            with transaction.atomic():
                call()
        except REFUSALS:
            return False
        for _location, r in items:
            self.claimed.pop(f"{r.TYPE}:{r.uid}", None)
            self.loader.count(r.TYPE, True)
        return True

    def remember(self, uid: str) -> None:
        self.made.add(uid)

    def last_of_its_moment(self, record: Record) -> bool:
        """Whether ``record`` goes after every other record recorded at the same moment, whatever
        its type's place in the file (the kit's ``last_of_its_moment``: a unit dissolved after the
        ends of the employments in it, which the dissolution needs and an export lists after it)."""
        asked = getattr(self.kit(record), "last_of_its_moment", None)
        return bool(asked(record)) if asked is not None else False

    # -- after the pass --------------------------------------------------------------------------
    def apply(self) -> None:
        """Every record, in recorded order, a run of one type at a time. The apps' derived rows that
        wait (``registry.deferrals``: the stored monthly dues) are made once at the end, and not at
        all when a record was refused (the load is then rolled back)."""
        for kit in self.kits.values():
            kit.check()
        self.empty = {model for model in set(self.models.values()) if not model._default_manager.exists()}
        order = {t: i for i, t in enumerate(registry.record_types())}
        try:
            with ExitStack() as waiting:
                for deferred in registry.deferrals():
                    waiting.enter_context(deferred())
                run: list[tuple[Location | None, Record]] = []
                last = len(order)
                for _index, location, record in sorted(
                    self.records,
                    key=lambda item: (
                        recorded_at(item[2]),
                        last if self.last_of_its_moment(item[2]) else order[type(item[2])],
                        item[0],
                    ),
                ):
                    if run and (type(run[0][1]) is not type(record) or len(run) >= RUN):
                        self.kit(run[0][1]).apply_run(run)
                        run = []
                    run.append((location, record))
                if run:
                    self.kit(run[0][1]).apply_run(run)
                if self.loader.problems:
                    raise _Refused
        except _Refused:
            pass
        self.records.clear()
