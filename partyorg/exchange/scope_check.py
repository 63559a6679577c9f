"""Is every record of a file within what the uploading user may edit?

The command line trusts whoever runs it; a file uploaded on the web does not. Before anything of
it is loaded, :func:`out_of_scope` holds each record against the uploader's
:class:`~partyorg.accounts.scope.Scope` with :attr:`~partyorg.accounts.models.Role.EDIT`, on the
record's own day, as the event form does (``partyorg/web/views/record.py``):

- every organization a record names must be one the user may edit on the record's day (an event's
  ``effective_on``, an organization change's ``effective_on``, an entered figure's ``last_day``), or
  one founded in the same file under a parent the user may edit. An organization a change ends,
  and the one a reassignment moves people from, are judged on the day before, their last. The
  other end of a transfer (``other_organization`` of an official or temporary transfer) may be
  anywhere: the officer names it from the letter;
- an event of a person already recorded, and a member a record of the yearly work names (the
  introducer or mentor of a candidate's step, who takes a seat, whose residence tie, dues basis
  or relief it is, who is disciplined or commended) must be of a person the user reaches with EDIT
  on that day (unless that very event is already recorded and the person is the user's today: it loads as
  unchanged); a person record of someone already recorded, of a person the user reaches today or
  on the day of one of their events in the file; an organization record of an organization
  already recorded, of one the user may edit today or on a day another record of the file names it;
- a correction of an organization change or an entered figure already recorded reshapes what that
  record named: those organizations too must be the user's, on that record's day;
- a cadre record (``partyorg.cadres``: units, employment, posts, training, ratings, planning) is
  judged by the cadre role (:class:`~partyorg.cadres.access.CadreScope`, a grant of its own), not
  the member-records role: its organization must be one the user holds the cadre role over with
  EDIT on the record's day, its person a cadre the user reaches with EDIT that day. A member-records
  officer without the cadre role may import none of them (issue 17);
- administrative units (localities and their links), new organizations without a parent and
  organizations taken from under their parent are for superusers only. Superusers may import
  anything.

A refusal never tells whether an organization code outside the scope exists: an unknown code gets
the same reason as one that belongs to someone else. (A person's code is different: a file that
creates a person under a code already taken cannot load, so that much a file always tells.)

Efficiency, for a province-sized file: what ``Scope(user, day).can`` answers depends on the day
only through which organization versions are valid that day, and that set changes only on the
days versions begin or end. So one :class:`Scope` serves every day between two such boundaries,
and each decision is kept per (organization, boundary). People are judged in batches: their
membership periods and admission decisions are read once per batch and held against the same
cached decisions by :class:`~partyorg.accounts.scope.PeopleReach`, the batch form of
:meth:`Scope.reaches_person` beside it in accounts, so that the import and the pages never disagree.
"""

from __future__ import annotations

import bisect
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.accounts.models import Role
from partyorg.accounts.scope import PeopleReach, Scope
from partyorg.cadres.access import CadreScope
from partyorg.cadres.interchange import CadresKit
from partyorg.core.formats import vn_date
from partyorg.core.interchange import Location, Record, RecordKit, is_uuid
from partyorg.exchange import registry
from partyorg.exchange.formats import column_header
from partyorg.exchange.records import Problem
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.organizations.interchange import (
    LocalityChangeRecord,
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import Organization, OrgChange, OrgChangeItem, OrgVersion, valid_on

__all__ = ["MAX_PROBLEMS", "out_of_scope"]

MAX_PROBLEMS = 1000  # past this many refusals, reading stops: the file is refused anyway
BATCH = 2000  # events of people already recorded, judged together
# The other end of these may be anywhere (the event form allows it too).
TRANSFERS = frozenset({EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN, EventKind.TEMPORARY_TRANSFER})
ONE_DAY = timedelta(days=1)


def org_reason(code: str, day: date) -> str:
    return _("Tổ chức “%(code)s” ngoài phạm vi được giao (ngày %(day)s)") % {
        "code": code,
        "day": vn_date(day),
    }


def person_reason(code: str, day: date) -> str:
    return _("Người có mã “%(code)s” ngoài phạm vi được giao (ngày %(day)s)") % {
        "code": code,
        "day": vn_date(day),
    }


# msgids, translated where the problem is noted
LOCALITY_REASON = gettext_noop("Chỉ quản trị hệ thống được nạp đơn vị hành chính")
ROOT_REASON = gettext_noop("Chỉ quản trị hệ thống được lập tổ chức không có cấp trên trực tiếp")


def out_of_scope(records: Iterable[tuple[Location | None, Record]], scope: Scope) -> list[Problem]:
    """Every record of ``records`` the user of ``scope`` may not import, as problems in file order
    (at most :data:`MAX_PROBLEMS`). ``scope.on`` is the day of the upload: records without a day
    of their own (a person, an organization's code) are judged on it."""
    if getattr(scope.user, "is_superuser", False):
        for _record in records:  # read to the end all the same: a malformed file must still say so
            pass
        return []
    checker = _Checker(scope)
    for index, (location, record) in enumerate(records):
        checker.check(index, location, record)
        if checker.full:
            break
    else:
        checker.finish()
    return checker.problems()


@dataclass(frozen=True)
class _Use:
    """A record naming an organization founded in the file: judged once the founding is known."""

    index: int
    location: Location | None
    record_type: type[Record]
    field: str
    code: str
    day: date


@dataclass(frozen=True)
class _PersonEvent:
    index: int
    location: Location | None
    code: str
    uid: str
    day: date
    record_type: type[Record] = EventRecord


@dataclass(frozen=True)
class _Judged:
    """One record of an app's kit, as its kit names what it is about (core.interchange.Judge)."""

    checker: _Checker
    index: int
    location: Location | None
    record: Record
    cadre: bool = False  # a cadre record: judged by the cadre role (CadreScope)

    def org(self, field_name: str, code: str, day: date) -> None:
        self.checker.org(
            self.index, self.location, type(self.record), field_name, code, day, cadre=self.cadre
        )

    def person(self, code: str, day: date) -> None:
        if self.cadre:
            self.checker.cadre_person(self.index, self.location, type(self.record), code, day)
            return
        uid = str(getattr(self.record, "uid", ""))
        self.checker.person_on(self.index, self.location, type(self.record), code, uid, day)


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.base = scope
        self.on = scope.on
        self.found: list[tuple[int, Problem]] = []
        self.orgs: dict[str, int] = dict(Organization.objects.values_list("code", "id"))
        self.persons: dict[str, int] = {}  # code -> id, of the people of the file already recorded
        self.new_persons: set[str] = set()  # codes of the file not recorded yet
        bounds: set[date] = set()
        for start, end in OrgVersion.objects.values_list("valid_from", "valid_until"):
            bounds.add(start)
            if end is not None:
                bounds.add(end)
        self.bounds = sorted(bounds)
        self.scopes: dict[tuple[date, bool], Scope] = {}
        self.decisions: dict[tuple[int, date, Role, bool], bool] = {}
        self.held = {org for org, role in scope.grants.items() if role >= Role.EDIT}
        self.change_days: dict[str, date | None] = {}
        # Organizations founded in the file: code -> the parents (code, day) its items give it.
        self.founding: defaultdict[str, list[tuple[str, date]]] = defaultdict(list)
        self.uses: list[_Use] = []
        self.founded: set[str] | None = None  # settled once the organization change items are read
        self.allowed_orgs: set[str] = set()  # existing codes some record named on a day they were the user's
        self.org_records: dict[str, tuple[int, Location | None]] = {}
        self.person_records: dict[str, tuple[int, Location | None]] = {}
        self.allowed_persons: set[str] = set()
        self.pending: list[_PersonEvent] = []
        self.kits: dict[type[RecordKit], RecordKit] = {}  # the apps' record kits, as they judge their records

    @property
    def full(self) -> bool:
        return len(self.found) >= MAX_PROBLEMS

    def problem(
        self, index: int, location: Location | None, record_type: type[Record], field: str, reason: str
    ) -> None:
        if not self.full:
            header = column_header(record_type, field) if field else ""
            self.found.append((index, Problem(location, header, reason)))

    def problems(self) -> list[Problem]:
        return [problem for _, problem in sorted(self.found, key=lambda found: found[0])]

    # -- the user's organizations on a day ------------------------------------------------------
    def epoch(self, day: date) -> date:
        """The first day of the stretch of days on which the same versions are valid as on ``day``."""
        at = bisect.bisect_right(self.bounds, day)
        return self.bounds[at - 1] if at else date.min

    def can(self, org_id: int, day: date, role: Role = Role.EDIT, *, cadre: bool = False) -> bool:
        """``cadre``: by the cadre role's grants (CadreScope) instead of the member records'."""
        epoch = self.epoch(day)
        decided = self.decisions.get((org_id, epoch, role, cadre))
        if decided is None:
            scope = self.scopes.get((epoch, cadre))
            if scope is None:
                kind = CadreScope if cadre else Scope
                scope = self.scopes[epoch, cadre] = kind(self.base.user, epoch)
            decided = self.decisions[org_id, epoch, role, cadre] = scope.can(org_id, role)
        return decided

    def cadre_person(
        self, index: int, location: Location | None, record_type: type[Record], code: str, day: date
    ) -> None:
        """The person ``code`` of a cadre record must be a cadre the user reaches with EDIT on
        ``day`` (a person new to the database: judged by the records that name their unit)."""
        person_id = Person.objects.filter(code=code).values_list("pk", flat=True).first()
        if person_id is not None and not CadreScope(self.base.user, day).reaches_cadre(person_id, Role.EDIT):
            self.problem(index, location, record_type, "person", person_reason(code, day))

    def org(
        self,
        index: int,
        location: Location | None,
        record_type: type[Record],
        field: str,
        code: str,
        day: date,
        role: Role = Role.EDIT,
        *,
        cadre: bool = False,
    ) -> None:
        """The organization ``code`` named by a record on ``day`` must be the user's (with
        ``role``: EDIT for people's records, APPROVE for changes of the tree, as on the pages; by
        the cadre role for a cadre record)."""
        if not code:
            return
        org_id = self.orgs.get(code)
        if org_id is None:  # not recorded: it must be founded in this file under one of the user's
            use = _Use(index, location, record_type, field, code, day)
            if self.founded is None:
                self.uses.append(use)
            else:
                self.judge_use(use)
        elif self.can(org_id, day, role, cadre=cadre):
            if not cadre:  # a cadre grant says nothing of the organization's own records
                self.allowed_orgs.add(code)
        else:
            self.problem(index, location, record_type, field, org_reason(code, day))

    def judge_use(self, use: _Use) -> None:
        assert self.founded is not None
        if use.code not in self.founded:
            self.problem(use.index, use.location, use.record_type, use.field, org_reason(use.code, use.day))

    def settle(self) -> None:
        """Which organizations new in this file are founded under the user's: every parent the
        file gives them is the user's on that day, or itself such a new organization."""
        if self.founded is not None:
            return
        founded: set[str] = set()
        changed = True
        while changed:
            changed = False
            for code, parents in self.founding.items():
                if code not in founded and all(
                    parent in founded
                    or (parent in self.orgs and self.can(self.orgs[parent], day, Role.APPROVE))
                    for parent, day in parents
                ):
                    founded.add(code)
                    changed = True
        self.founded = founded
        for use in self.uses:
            self.judge_use(use)
        self.uses.clear()

    # -- records -------------------------------------------------------------------------------
    def check(self, index: int, location: Location | None, record: Record) -> None:
        if isinstance(record, LocalityRecord | LocalityParentRecord | LocalityChangeRecord):
            self.problem(index, location, type(record), "", _(LOCALITY_REASON))
        elif isinstance(record, OrganizationRecord):
            if record.code in self.orgs:
                self.org_records.setdefault(record.code, (index, location))
            # A new code is judged by the items that found it (or name it without founding it).
            else:
                self.uses.append(_Use(index, location, OrganizationRecord, "code", record.code, self.on))
        elif isinstance(record, OrgChangeRecord):
            self.org_change(index, location, record)
        elif isinstance(record, OrgChangeItemRecord):
            self.org_change_item(index, location, record)
        else:
            self.settle()
            if isinstance(record, PersonRecord):
                self.person(index, location, record)
            elif isinstance(record, EventRecord):
                self.event(index, location, record)
            else:  # a record of an app's kit: the kit says what it is about, on which day
                kit = registry.kit_of(type(record))
                assert kit is not None, f"no record kit declares {record.TYPE!r}"
                if kit not in self.kits:
                    self.kits[kit] = kit()
                judged = _Judged(self, index, location, record, cadre=kit is CadresKit)
                self.kits[kit].judge(judged, record)

    def org_change(self, index: int, location: Location | None, r: OrgChangeRecord) -> None:
        self.change_days[r.uid] = r.effective_on
        if not r.corrects or r.corrects in self.change_days:
            return  # a change of this file: its items are judged as they come
        corrected = OrgChange.objects.filter(uid=r.corrects).first() if is_uuid(r.corrects) else None
        if corrected is None:
            return  # the loader says it is not found
        named = OrgChangeItem.objects.filter(change=corrected).values_list(
            "organization__code", "parent__code", "successor__code"
        )
        for codes in named:
            for code in codes:
                if code:
                    self.org(index, location, OrgChangeRecord, "corrects", code, corrected.effective_on)

    def change_day(self, uid: str) -> date | None:
        if uid not in self.change_days:
            self.change_days[uid] = (
                OrgChange.objects.filter(uid=uid).values_list("effective_on", flat=True).first()
                if is_uuid(uid)
                else None
            )
        return self.change_days[uid]

    def org_change_item(self, index: int, location: Location | None, r: OrgChangeItemRecord) -> None:
        day = self.change_day(r.change)
        if day is None:
            return  # no such change: the loader says so
        kind = OrgChangeItemRecord
        org_id = self.orgs.get(r.organization)
        if r.organization and org_id is None:
            if r.ends:  # ending an organization new to the database founds nothing
                self.uses.append(_Use(index, location, kind, "organization", r.organization, day))
            else:
                self.founding[r.organization].append((r.parent, day))
        else:
            # An organization that ends on the day is judged on its last day, when it still stood.
            on = day - ONE_DAY if r.ends else day
            self.org(index, location, kind, "organization", r.organization, on, Role.APPROVE)
        if not r.ends and not r.parent:
            # Staying a root is no change; becoming one (or a new root) is for superusers.
            if org_id is None or not self.is_root(org_id, day):
                self.problem(index, location, kind, "parent", _(ROOT_REASON))
        else:
            self.org(index, location, kind, "parent", r.parent, day, Role.APPROVE)
        self.org(index, location, kind, "successor", r.successor, day, Role.APPROVE)

    def is_root(self, org_id: int, day: date) -> bool:
        return OrgVersion.objects.filter(valid_on(day), organization_id=org_id, parent__isnull=True).exists()

    def person(self, index: int, location: Location | None, r: PersonRecord) -> None:
        if r.code not in self.person_records:
            self.person_records[r.code] = (index, location)

    def event(self, index: int, location: Location | None, r: EventRecord) -> None:
        day = r.effective_on
        self.org(index, location, EventRecord, "organization", r.organization, day)
        if r.kind == EventKind.ORG_REASSIGNED:  # moved from there by a change of that day
            self.org(index, location, EventRecord, "other_organization", r.other_organization, day - ONE_DAY)
        elif r.kind not in TRANSFERS:
            self.org(index, location, EventRecord, "other_organization", r.other_organization, day)
        self.pending.append(_PersonEvent(index, location, r.person, r.uid, day))
        if len(self.pending) >= BATCH:
            self.judge_people()

    def person_on(
        self, index: int, location: Location | None, kind: type[Record], code: str, uid: str, day: date
    ) -> None:
        """The person ``code`` must be the user's on ``day`` (judged with the events, in batches)."""
        self.pending.append(_PersonEvent(index, location, code, uid, day, kind))
        if len(self.pending) >= BATCH:
            self.judge_people()

    # -- people already recorded ----------------------------------------------------------------
    def judge_people(self) -> None:
        """The events of the batch whose person is already recorded: is the person the user's on
        the event's day?"""
        batch, self.pending = self.pending, []
        unknown = {e.code for e in batch} - self.persons.keys() - self.new_persons
        if unknown:
            self.persons.update(Person.objects.filter(code__in=unknown).values_list("code", "id"))
            self.new_persons |= unknown - self.persons.keys()
        events = [e for e in batch if e.code in self.persons]
        reach = PeopleReach(self.can, {self.persons[e.code] for e in events})
        unreached: list[_PersonEvent] = []
        for e in events:
            if reach.reaches(self.persons[e.code], e.day):
                self.allowed_persons.add(e.code)
            else:
                unreached.append(e)
        # An event already recorded for the same person loads as "unchanged" and writes nothing
        # (a re-imported export): for a person who is the user's today it is not judged again on
        # its day. That day may be one Scope.reaches_person gives to nobody: the day of an
        # admission decision later corrected to another day.
        recorded = set(
            MembershipEvent.objects.filter(uid__in=[e.uid for e in unreached if is_uuid(e.uid)]).values_list(
                "uid", "person_id"
            )
        )
        for e in unreached:
            person_id = self.persons[e.code]
            if not (
                is_uuid(e.uid)
                and (uuid.UUID(e.uid), person_id) in recorded
                and reach.reaches(person_id, self.on)
            ):
                self.problem(e.index, e.location, e.record_type, "person", person_reason(e.code, e.day))

    def finish(self) -> None:
        self.settle()
        self.judge_people()
        for code, (index, location) in self.org_records.items():
            if code not in self.allowed_orgs and not self.can(self.orgs[code], self.on):
                self.problem(index, location, OrganizationRecord, "code", org_reason(code, self.on))
        recorded = dict(
            Person.objects.filter(code__in=self.person_records.keys() - self.allowed_persons).values_list(
                "code", "id"
            )
        )
        reach = PeopleReach(self.can, set(recorded.values()))
        for code, person_id in recorded.items():
            if not reach.reaches(person_id, self.on):
                index, location = self.person_records[code]
                self.problem(index, location, PersonRecord, "code", person_reason(code, self.on))
