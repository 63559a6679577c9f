"""Load interchange records into the database: all or nothing, and idempotent.

:func:`load` reads the records once, in the file's order, checking each against what came before
it in the file and what the database already holds. A record whose key already exists with the
same content is skipped (so loading the same file twice changes nothing); with other content it
is a problem. Everything runs in one transaction: at the first problem found after the whole file
was read, the transaction is rolled back and :class:`ExchangeError` lists every problem, each
naming its sheet or line, the field and the reason, in Vietnamese.

Recorded history that breaks a rule of the Statute (a late ceremony, a cell with fewer than three
official members) is a fact that happened: it loads, and the report lists it as a data-quality
finding naming the rule. History that contradicts itself (a ceremony before any decision, an
event at an organization that did not exist that day) is a problem and loads nothing.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from partyorg.core import bulk
from partyorg.core.formats import vn_date
from partyorg.core.interchange import Location, Record, is_uuid
from partyorg.core.text import fold_vi
from partyorg.exchange.formats import column_header
from partyorg.exchange.kits import KitWork
from partyorg.exchange.records import KIT_TYPES, ExchangeError, Problem
from partyorg.exchange.report import FindingGroups, FindingsFile, LoadFinding
from partyorg.exchange.undated import undated_note
from partyorg.members import stock
from partyorg.members.findings import small_cells
from partyorg.members.interchange import (
    EVENT_COLUMNS,
    EventRecord,
    PersonRecord,
    event_columns,
    event_problems,
)
from partyorg.members.models import (
    EventKind,
    MembershipEvent,
    Person,
    Sex,
)
from partyorg.members.replay import SMALL, DerivedRows, replay
from partyorg.members.services import to_successors
from partyorg.members.timeline import Fact
from partyorg.organizations.interchange import (
    LocalityChangeRecord,
    LocalityLoading,
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import (
    Locality,
    Organization,
    OrgChange,
    OrgChangeItem,
    OrgChangeKind,
    OrgKind,
    OrgSector,
    OrgVersion,
)
from partyorg.organizations.queries import lifespans, stands_through
from partyorg.organizations.services import rebuild_versions
from partyorg.rules.base import Rule, RuleViolation

EVENT_KINDS = frozenset(EventKind.values)
SEXES = frozenset(Sex.values)
ORG_KINDS = frozenset(OrgKind.values)
ORG_CHANGE_KINDS = frozenset(OrgChangeKind.values)
ORG_SECTORS = frozenset(OrgSector.values)
MAX_PROBLEMS = 1000
LOCALITY_TYPES = (LocalityChangeRecord, LocalityRecord, LocalityParentRecord)
TREE_TYPES = (*LOCALITY_TYPES, OrganizationRecord, OrgChangeRecord, OrgChangeItemRecord)
BATCH = 5000
# What a code names, in "Không tìm thấy … có mã …" (msgids, translated with the problem).
LOCALITY = gettext_noop("đơn vị hành chính")
ORGANIZATION = gettext_noop("tổ chức đảng")
ORG_CHANGE = gettext_noop("thay đổi tổ chức")
PERSON = gettext_noop("người")
TWICE = gettext_noop("Mã “%(code)s” xuất hiện hai lần trong tệp")


@dataclass
class LoadReport:
    """What a load wrote (``created``) and found already there (``unchanged``), by record type
    (the ``TYPE`` of each record; ``absence`` the absences of the meetings), and its data-quality
    findings: all of them grouped by rule and organization (``finding_groups``), the first
    MAX_PROBLEMS as written (``findings``)."""

    created: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)
    finding_count: int = 0
    notes: list[str] = field(default_factory=list)  # what the load did beyond the file's rows
    findings_file: FindingsFile | None = field(default=None, repr=False)  # every finding, when asked
    findings_by_rule: Counter[Rule] = field(default_factory=Counter)
    finding_groups: FindingGroups = field(default_factory=FindingGroups)
    seconds: float = 0.0

    @property
    def events_per_second(self) -> float:
        return self.created["event"] / self.seconds if self.seconds else 0.0

    @property
    def written(self) -> int:
        """How many records the load wrote, of every kind."""
        return sum(self.created.values())

    def add_finding(
        self, violation: RuleViolation, where: str, *, on: date, organization: tuple[str, str] = ("", "")
    ) -> None:
        """Count by rule and group by (rule, organization) with the day's year; keep the first
        MAX_PROBLEMS texts for the officer to read. ``organization`` is (code, name)."""
        text = f"{where}: {violation}"
        self.finding_count += 1
        self.findings_by_rule[violation.rule] += 1
        finding = LoadFinding(violation.rule, organization[0], organization[1], on, text)
        self.finding_groups.add(finding)
        if self.findings_file is not None:
            self.findings_file.write(finding)
        if len(self.findings) < MAX_PROBLEMS:
            self.findings.append(text)


class _Rollback(Exception):
    pass


def load(rows: Iterable[tuple[Location | None, Record]], *, findings_to: Path | None = None) -> LoadReport:
    """Load ``rows`` (location, record) in one transaction; raise :class:`ExchangeError` and change
    nothing if any record is wrong. With ``findings_to``, every data-quality finding is written
    there too (:class:`~partyorg.exchange.report.FindingsFile`; removed if the load is refused)."""
    loader = _Loader()
    if findings_to is not None:
        loader.report.findings_file = FindingsFile(findings_to)
    started = time.perf_counter()
    kept = False
    try:
        with transaction.atomic():
            loader.run(rows)
            if loader.problems:
                raise _Rollback
        kept = True
    except _Rollback:
        raise ExchangeError(loader.problems) from None
    except ExchangeError as error:  # the file itself was malformed: report both lists
        raise ExchangeError(loader.problems + error.problems) from None
    finally:
        if loader.report.findings_file is not None:
            loader.report.findings_file.close(keep=kept)
    loader.report.seconds = time.perf_counter() - started
    return loader.report


def _same(instance: Model, values: dict[str, Any]) -> bool:
    return all(getattr(instance, name) == value for name, value in values.items() if name != "uid")


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.report = LoadReport()
        self.localities: dict[str, int] = dict(Locality.objects.values_list("code", "id"))
        self.orgs: dict[str, int] = dict(Organization.objects.values_list("code", "id"))
        self.changes: dict[str, int] = {
            str(uid): pk for uid, pk in OrgChange.objects.values_list("uid", "id")
        }
        self.persons: dict[str, int] = dict(Person.objects.values_list("code", "id"))
        self.touched_orgs: set[int] = set()
        self.touched_persons: set[int] = set()
        self.event_rows: dict[int, Location | None] = {}
        self.pending: list[tuple[Location | None, EventRecord]] = []
        self.pending_persons: list[tuple[Location | None, PersonRecord]] = []
        self.new_person_codes: set[str] = set()
        self.current_type: type[Record] = LocalityChangeRecord
        self.locality_log = LocalityLoading(self)  # the units' rows, as log rows (organizations)
        self.new_changes: set[int] = set()
        self.change_rows: dict[str, Location | None] = {}  # uid -> where the file gave a new change
        self.item_rows: dict[int, Location | None] = {}  # organization id -> its last item's row
        self.tree_done = False
        self.corrected_changes: set[int] = set()
        self.fresh = not MembershipEvent.objects.exists()  # no event can be in the database already
        self.new_person_ids: set[int] = set()
        self.memory_facts: defaultdict[int, list[Fact]] = defaultdict(list)
        self.new_objects: list[Model] = []
        self.keys_read: set[str] = set()
        self.pending_items: list[OrgChangeItem] = []
        self.kit_work = KitWork(self)
        self._codes: dict[int, str] = {}
        self._names: dict[int, list[tuple[date, date | None, str]]] = {}

    # -- helpers -----------------------------------------------------------------------------
    def problem(self, location: Location | None, field_name: str, reason: str) -> None:
        """Note a problem; the field is named by its column header, as the officer sees it."""
        if len(self.problems) < MAX_PROBLEMS:
            header = column_header(self.current_type, field_name) if field_name else ""
            self.problems.append(Problem(location, header, reason))

    def ref(
        self, table: dict[str, int], value: str, location: Location | None, field_name: str, what: str
    ) -> int | None:
        """The id of the code ``value`` in ``table``; a problem when there is none. ``what`` names
        what the code is of, a msgid (``ORGANIZATION``…), translated with the problem."""
        if not value:
            return None
        found = table.get(value)
        if found is None:
            self.problem(
                location,
                field_name,
                _("Không tìm thấy %(what)s có mã “%(code)s”") % {"what": _(what), "code": value},
            )
        return found

    def org_codes(self) -> dict[int, str]:
        """Organization id → code, of every organization known (read once, when a finding needs it)."""
        if len(self._codes) != len(self.orgs):
            self._codes = {pk: code for code, pk in self.orgs.items()}
        return self._codes

    def org_label(self, org_id: int | None, day: date) -> tuple[str, str]:
        """(code, name on ``day``) of an organization, for grouping findings; ("", "") for none."""
        if org_id is None:
            return ("", "")
        if not self._names and len(self.touched_persons) >= SMALL:  # a large load: all at once
            for pk, start, end, name in OrgVersion.objects.order_by("valid_from").values_list(
                "organization_id", "valid_from", "valid_until", "name"
            ):
                self._names.setdefault(pk, []).append((start, end, name))
        versions = self._names.get(org_id)
        if versions is None:
            versions = self._names[org_id] = list(
                OrgVersion.objects.filter(organization_id=org_id)
                .order_by("valid_from")
                .values_list("valid_from", "valid_until", "name")
            )
        name = next(
            (n for start, end, n in versions if start <= day and (end is None or day < end)),
            versions[-1][2] if versions else "",
        )
        return (self.org_codes().get(org_id, ""), name)

    def choice(
        self, value: str, allowed: Collection[str], location: Location | None, field_name: str
    ) -> None:
        if value and value not in allowed:
            self.problem(location, field_name, _("Giá trị không hợp lệ: %(value)s") % {"value": value})

    # -- the pass ----------------------------------------------------------------------------
    def run(self, rows: Iterable[tuple[Location | None, Record]]) -> None:
        handlers = {
            LocalityChangeRecord: self.locality_log.change,
            LocalityRecord: self.locality_log.locality,
            LocalityParentRecord: self.locality_log.link,
            OrganizationRecord: self.organization,
            OrgChangeRecord: self.org_change,
            OrgChangeItemRecord: self.org_change_item,
            PersonRecord: self.person,
            EventRecord: self.event,
        }
        handlers.update(dict.fromkeys(KIT_TYPES, self.kit_work.add))
        for location, record in rows:
            if type(record) is not self.current_type:
                self.flush_new()  # rows of the next type refer to these: give them ids
                if self.current_type in LOCALITY_TYPES and type(record) not in LOCALITY_TYPES:
                    self.report.notes.extend(self.locality_log.finish())
                if self.current_type in TREE_TYPES and type(record) not in TREE_TYPES:
                    self.finish_tree()  # the tree's problems before the people are read
                self.current_type = type(record)
            handlers[type(record)](location, record)  # type: ignore[operator]
            if len(self.pending) >= BATCH:
                self.flush_events()
        self.flush_new()
        self.report.notes.extend(self.locality_log.finish())
        self.finish_tree()
        self.flush_persons()
        self.current_type = EventRecord
        self.flush_events()
        if self.problems:
            return
        self.fold_people()
        self.to_successors()
        if self.touched_persons:
            # The fast path's facts and snapshots: made again when most of the data is new.
            if len(self.touched_persons) >= SMALL:
                stock.rebuild()
            else:
                stock.refresh(person_ids=self.touched_persons)
        self.cell_size_findings()
        if not self.problems:  # the services read the membership periods just rebuilt
            self.kit_work.apply()
            if (undated := undated_note(self.new_person_ids)) is not None:
                self.report.notes.append(undated)

    def flush_new(self) -> None:
        """Write the new localities, links, organizations or changes read so far, in one insert."""
        if not self.new_objects:
            return
        model = type(self.new_objects[0])
        bulk.insert(model, self.new_objects, with_ids=True)
        table = {Locality: self.localities, Organization: self.orgs, OrgChange: self.changes}.get(model)
        for obj in self.new_objects:
            if table is not None:
                key = str(obj.uid) if isinstance(obj, OrgChange) else obj.code  # type: ignore[attr-defined]
                table[key] = obj.pk
        if model is OrgChange:
            self.new_changes.update(obj.pk for obj in self.new_objects)
        self.new_objects.clear()

    def first_time(self, location: Location | None, key: str) -> bool:
        """False, with a problem, for a key already read in this file."""
        if key in self.keys_read:
            self.problem(location, "", _(TWICE) % {"code": key})
            return False
        self.keys_read.add(key)
        return True

    def organization(self, location: Location | None, r: OrganizationRecord) -> None:
        if not self.first_time(location, f"organization:{r.code}"):
            return
        if r.code in self.orgs:
            self.count("organization", False)
            return
        self.new_objects.append(Organization(code=r.code))
        self.count("organization", True)

    def org_change(self, location: Location | None, r: OrgChangeRecord) -> None:
        if not is_uuid(r.uid):
            self.problem(location, "uid", _("Mã thay đổi (uid) không hợp lệ"))
            return
        if not self.first_time(location, f"org_change:{r.uid}"):
            return
        self.choice(r.kind, ORG_CHANGE_KINDS, location, "kind")
        if r.corrects and r.corrects not in self.changes:
            self.flush_new()  # the corrected change may be among those just read
        corrects = self.ref(self.changes, r.corrects, location, "corrects", ORG_CHANGE)
        if corrects is not None:
            self.corrected_changes.add(corrects)
        values = {
            "kind": r.kind,
            "effective_on": r.effective_on,
            "recorded_at": r.recorded_at,
            "recorded_by": r.recorded_by,
            "basis_number": r.basis_number,
            "basis_date": r.basis_date,
            "basis_issuer": r.basis_issuer,
            "note": r.note,
            "corrects_id": corrects,
        }
        if r.uid in self.changes:
            self.same_or_problem(OrgChange.objects.get(uid=r.uid), values, location, "org_change")
            return
        self.new_objects.append(OrgChange(uid=r.uid, **values))
        self.change_rows[r.uid] = location
        self.count("org_change", True)

    def org_change_item(self, location: Location | None, r: OrgChangeItemRecord) -> None:
        change = self.ref(self.changes, r.change, location, "change", ORG_CHANGE)
        org = self.ref(self.orgs, r.organization, location, "organization", ORGANIZATION)
        parent = self.ref(self.orgs, r.parent, location, "parent", ORGANIZATION)
        successor = self.ref(self.orgs, r.successor, location, "successor", ORGANIZATION)
        locality = self.ref(self.localities, r.locality, location, "locality", LOCALITY)
        self.choice(r.kind, ORG_KINDS, location, "kind")
        self.choice(r.sector, ORG_SECTORS, location, "sector")
        if not r.ends and (not r.name or not r.kind):
            self.problem(location, "name" if not r.name else "kind", _("Thiếu giá trị bắt buộc"))
        if change is None or org is None:
            return
        values = {
            "ends": r.ends,
            "name": r.name,
            "kind": r.kind,
            "parent_id": parent,
            "sector": r.sector,
            "is_combined": r.is_combined,
            "locality_id": locality,
            "successor_id": successor,
        }
        if change not in self.new_changes:  # an item of a change already recorded: compare
            existing = OrgChangeItem.objects.filter(change_id=change, organization_id=org).first()
            if existing is not None:
                self.same_or_problem(existing, values, location, "org_change_item")
            else:
                self.problem(
                    location, "change", _("Không được thêm chi tiết vào một thay đổi tổ chức đã ghi")
                )
            return
        self.pending_items.append(OrgChangeItem(change_id=change, organization_id=org, **values))
        self.item_rows[org] = location
        self.touched_orgs.add(org)
        self.count("org_change_item", True)

    def flush_items(self) -> None:
        OrgChangeItem.objects.bulk_create(self.pending_items, batch_size=BATCH)
        self.pending_items.clear()

    def person(self, location: Location | None, r: PersonRecord) -> None:
        self.flush_items()
        self.choice(r.sex, SEXES, location, "sex")
        if r.code in self.new_person_codes:
            self.problem(location, "code", _(TWICE) % {"code": r.code})
            return
        self.new_person_codes.add(r.code)
        self.pending_persons.append((location, r))
        if len(self.pending_persons) >= BATCH:
            self.flush_persons()

    def flush_persons(self) -> None:
        """Compare the batch with people already recorded (one query), create the others."""
        batch = self.pending_persons
        if not batch:
            return
        known = {
            p.code: p
            for p in Person.objects.filter(code__in=[r.code for _, r in batch if r.code in self.persons])
        }
        new: list[Person] = []
        for location, r in batch:
            values = {
                f.name: getattr(r, f.name) for f in fields(r) if f.name not in ("code", "home_locality")
            }
            values["home_locality_id"] = self.ref(
                self.localities, r.home_locality, location, "home_locality", LOCALITY
            )
            if r.code in known:
                self.same_or_problem(known[r.code], values, location, "person")
            else:
                new.append(Person(code=r.code, search_key=fold_vi(r.full_name), **values))
        bulk.insert(Person, new, with_ids=True)
        self.persons.update((person.code, person.pk) for person in new)
        self.new_person_ids.update(person.pk for person in new)
        self.report.created["person"] += len(new)
        batch.clear()

    def event(self, location: Location | None, r: EventRecord) -> None:
        if self.pending_items:
            self.flush_items()
        self.flush_persons()
        if not (is_uuid(r.uid) and (not r.corrects or is_uuid(r.corrects))):
            self.problem(location, "uid", _("Mã sự kiện (uid) không hợp lệ"))
            return
        if r.corrects:
            self.flush_events()  # the corrected event is then in the database, in file order
        self.pending.append((location, r))

    def flush_events(self) -> None:
        batch = self.pending
        if not batch:
            return
        uids = [r.uid for _, r in batch]
        existing = {} if self.fresh else {str(e.uid): e for e in MembershipEvent.objects.filter(uid__in=uids)}
        corrects = {
            str(uid): (pk, person_id)
            for uid, pk, person_id in MembershipEvent.objects.filter(
                uid__in=[r.corrects for _, r in batch if r.corrects]
            ).values_list("uid", "id", "person_id")
        }
        new: list[dict[str, Any]] = []
        locations: list[Location | None] = []
        in_batch: set[str] = set()
        for location, r in batch:
            if r.uid in in_batch:
                self.problem(
                    location, "uid", _("Mã sự kiện “%(uid)s” xuất hiện hai lần trong tệp") % {"uid": r.uid}
                )
                continue
            in_batch.add(r.uid)
            values = self.event_values(location, r, corrects)
            if values is None:
                continue
            old = existing.get(r.uid)
            if old is not None:
                self.same_or_problem(old, values, location, "event")
                continue
            new.append(values)
            locations.append(location)
        batch.clear()
        # Written even after a problem (the transaction is rolled back at the end), so that later
        # rows that refer to these are not blamed for the first one.
        ids = bulk.allocate_ids(MembershipEvent, len(new))
        try:
            with transaction.atomic():  # a savepoint: a uid repeated across batches of a fresh load
                bulk.insert_rows(
                    MembershipEvent,
                    ("id", *EVENT_COLUMNS),
                    ((pk, *(values[c] for c in EVENT_COLUMNS)) for pk, values in zip(ids, new, strict=True)),
                )
        except IntegrityError:
            self.problem(None, "uid", _("Tệp có mã sự kiện (uid) trùng nhau"))
            return
        for pk, values, location in zip(ids, new, locations, strict=True):
            self.event_rows[pk] = location
            person_id = values["person_id"]
            self.touched_persons.add(person_id)
            if person_id in self.new_person_ids:  # their whole log is in this file: keep it for the fold
                self.memory_facts[person_id].append(
                    Fact(
                        pk,
                        values["kind"],
                        values["effective_on"],
                        values["organization_id"],
                        values["other_organization_id"],
                        values["external_place"],
                        values["detail"],
                        values["corrects_id"],
                        values["exit_ground"],
                        values["admitted_on"],
                        values["ceremony_on"],
                        values["recognized_on"],
                    )
                )
        self.report.created["event"] += len(new)

    def event_values(
        self, location: Location | None, r: EventRecord, corrects: dict[str, tuple[int, int]]
    ) -> dict[str, Any] | None:
        """The event's column values, its references resolved; None when it names no known person."""
        person = self.ref(self.persons, r.person, location, "person", PERSON)
        org = self.ref(self.orgs, r.organization, location, "organization", ORGANIZATION)
        other = self.ref(self.orgs, r.other_organization, location, "other_organization", ORGANIZATION)
        change = self.ref(self.changes, r.org_change, location, "org_change", ORG_CHANGE)
        if r.kind not in EVENT_KINDS:
            self.problem(location, "kind", _("Giá trị không hợp lệ: %(value)s") % {"value": r.kind})
        for field_name, reason in event_problems(r):
            self.problem(location, field_name, reason)
        corrected: int | None = None
        if r.corrects:
            target = corrects.get(r.corrects)
            if target is None or target[1] != person:
                self.problem(
                    location,
                    "corrects",
                    _("Không tìm thấy sự kiện “%(uid)s” của cùng người để sửa") % {"uid": r.corrects},
                )
            else:
                corrected = target[0]
        if person is None:
            return None
        refs = {"person": person, "organization": org, "other_organization": other, "org_change": change}
        return event_columns(r, {**refs, "corrects": corrected})

    def same_or_problem(
        self, instance: Model, values: dict[str, Any], location: Location | None, what: str
    ) -> None:
        if _same(instance, values):
            self.count(what, False)
        else:
            self.problem(
                location,
                "",
                _(
                    "Bản ghi đã có trong cơ sở dữ liệu với nội dung khác; "
                    "hãy ghi một sự kiện sửa thay vì sửa trực tiếp"
                ),
            )

    def count(self, what: str, created: bool) -> None:
        (self.report.created if created else self.report.unchanged)[what] += 1

    # -- after the tree's rows, then after the pass: the history as a whole -----------------
    def finish_tree(self) -> None:
        """Once, when the tree's rows end: the organizations' versions made again from their
        changes, and the tree checked as a whole."""
        if self.tree_done:
            return
        self.tree_done = True
        self.flush_items()
        if self.problems:
            return
        # A correction of a change reshapes the organizations the corrected change named.
        self.touched_orgs |= set(
            OrgChangeItem.objects.filter(change_id__in=self.corrected_changes).values_list(
                "organization_id", flat=True
            )
        )
        if self.touched_orgs:
            kept, self.current_type = self.current_type, OrgChangeItemRecord
            rebuild_versions(self.touched_orgs)
            self.check_tree()
            self.current_type = kept

    def check_tree(self) -> None:
        """Every version's parent must exist for the whole of the version: a unit left under a
        parent that ended would drop out of every figure. The problem names the organization, its
        parent and the file's last row that placed it."""
        spans = lifespans()
        versions = OrgVersion.objects.filter(
            organization_id__in=self.touched_orgs, parent__isnull=False
        ).select_related("organization", "parent")
        for version in versions:
            if not stands_through(
                spans.get(version.parent_id or 0, []), version.valid_from, version.valid_until
            ):
                named = {
                    "code": version.organization.code,
                    "name": version.name,
                    "parent": version.parent.code if version.parent else "",
                    "start": vn_date(version.valid_from),
                    "end": vn_date(version.valid_until),
                }
                if version.valid_until:
                    reason = _(
                        "Tổ chức %(code)s “%(name)s” có cấp trên trực tiếp %(parent)s không tồn tại suốt "
                        "thời gian từ %(start)s đến %(end)s"
                    )
                else:
                    reason = _(
                        "Tổ chức %(code)s “%(name)s” có cấp trên trực tiếp %(parent)s không tồn tại suốt "
                        "thời gian từ %(start)s"
                    )
                self.problem(self.item_rows.get(version.organization_id), "parent", reason % named)

    def fold_people(self) -> None:
        """Replay the log of every person the file touched (:mod:`partyorg.members.replay`), then
        write their derived rows; what a replay finds is a problem (a log that contradicts itself,
        an event in an organization that did not stand that day) or a data-quality finding."""
        if not self.touched_persons:
            return
        rows = DerivedRows()
        for done in replay(self.touched_persons, self.memory_facts):
            person = done.person
            if done.conflict is not None:
                self.problem(
                    self.event_rows.get(done.conflict.fact.id),
                    done.conflict.field,
                    _("Quá trình của %(name)s (%(code)s) mâu thuẫn: %(conflict)s")
                    % {"name": person.full_name, "code": person.code, "conflict": done.conflict},
                )
                continue
            for out in done.outside_tree:
                code, name = self.org_label(out.organization_id, out.day)
                self.problem(
                    self.event_rows.get(out.fact.id),
                    out.field,
                    _(
                        "Tổ chức %(code)s (%(name)s) của sự kiện của %(person)s (%(person_code)s) "
                        "không tồn tại vào ngày %(day)s"
                    )
                    % {
                        "code": code,
                        "name": name,
                        "person": person.full_name,
                        "person_code": person.code,
                        "day": vn_date(out.day),
                    },
                )
            assert done.timeline is not None
            for finding in done.findings:
                fact = finding.fact
                state = done.timeline.state_on(fact.effective_on)
                org_id = fact.organization_id or state.organization_id or state.pending_organization_id
                self.report.add_finding(
                    finding.violation,
                    f"{self.event_rows.get(fact.id) or person.code}: {person.full_name}",
                    on=fact.effective_on,
                    organization=self.org_label(org_id, fact.effective_on),
                )
            if not self.problems:
                rows.add(person.pk, done.timeline)
        if not self.problems:
            rows.flush()
        self.memory_facts.clear()

    def to_successors(self) -> None:
        """Members still held by an organization this file ends: its successor receives them (the
        column "Tổ chức kế thừa" says so; :func:`partyorg.members.services.to_successors`); with no
        successor the file is refused naming them."""
        if self.problems or not self.new_changes:
            return
        for left in to_successors(self.new_changes, note="Theo tổ chức kế thừa khi nạp tệp"):
            item, day, people = left.item, left.item.change.effective_on, left.people
            code, name = self.org_label(item.organization_id, day - timedelta(days=1))
            if not left.moved:
                named = ", ".join(f"{p.full_name} ({p.code})" for p in people[:10])
                reason = ngettext(
                    "Tổ chức %(code)s (%(name)s) chấm dứt ngày %(day)s nhưng còn %(count)s đảng viên chưa "
                    "được chuyển đi và không có tổ chức kế thừa: %(people)s",
                    "Tổ chức %(code)s (%(name)s) chấm dứt ngày %(day)s nhưng còn %(count)s đảng viên chưa "
                    "được chuyển đi và không có tổ chức kế thừa: %(people)s",
                    len(people),
                ) % {
                    "code": code,
                    "name": name,
                    "day": vn_date(day),
                    "count": len(people),
                    "people": named + (" …" if len(people) > 10 else ""),
                }
                self.problem(self.change_rows.get(str(item.change.uid)), "", reason)
                continue
            self.touched_persons.update(p.pk for p in people)
            self.report.created["event"] += len(people)
            successor_code, successor_name = self.org_label(item.successor_id, day)
            self.report.notes.append(
                ngettext(
                    "%(count)s đảng viên của %(name)s (%(code)s), chấm dứt ngày %(day)s, được chuyển sang "
                    "tổ chức kế thừa %(successor_name)s (%(successor_code)s)",
                    "%(count)s đảng viên của %(name)s (%(code)s), chấm dứt ngày %(day)s, được chuyển sang "
                    "tổ chức kế thừa %(successor_name)s (%(successor_code)s)",
                    len(people),
                )
                % {
                    "count": len(people),
                    "name": name,
                    "code": code,
                    "day": vn_date(day),
                    "successor_name": successor_name,
                    "successor_code": successor_code,
                }
            )

    def cell_size_findings(self) -> None:
        """Cells below three official members at a year end: findings (members.findings)."""
        if not self.touched_persons or self.problems:
            return
        today = date.today()  # noqa: DTZ011 - a calendar date, not a moment
        for cell in small_cells(self.touched_persons, today, few=SMALL):
            self.report.add_finding(
                cell.violation,
                _("%(name)s, ngày %(day)s") % {"name": cell.name, "day": vn_date(cell.day)},
                on=cell.day,
                organization=(self.org_codes().get(cell.organization_id, ""), cell.name),
            )
