"""Commands on congresses and leadership positions: each appends rows (see
:mod:`partyorg.committees.models`), in one transaction, after checking the rules of
:mod:`partyorg.rules.committees`.

A rule's refusal (:class:`~partyorg.rules.base.RuleViolation`) may be overridden by an officer with an
:class:`~partyorg.core.records.Override` naming the rule and a reason (the superior's consent to a late
congress, say), kept on the row. A record that contradicts the records (a second secretary, a person who is
not a member that day) is refused with :class:`CommitteeRefused`, which no override passes.

Every command that appends a row takes ``uid`` and ``recorded_at`` (an import keeps the file's; by
default a fresh uid and now), so an import calls the commands themselves. Each is one durable
transaction (:func:`partyorg.core.commands.command`); the import, inside its own, calls them
``.within``. ``record_many`` (the demo's bulk path) is atomic but not durable: the demo calls it
inside a transaction of its own.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.committees.models import (
    COMMITTEE_SEATS,
    Congress,
    CongressKind,
    Method,
    Position,
    PositionRecord,
    RecordKind,
)
from partyorg.committees.queries import (
    _RANK,
    Leadership,
    congresses_in_force,
    ending_of,
    leadership_on,
    official_members_of,
    records_in_force,
    seats_on,
)
from partyorg.core import bulk
from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Override, Refused, overridable
from partyorg.members.models import MembershipInterval, MemberStatus, Person
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.organizations.queries import subtree_ids, version_on
from partyorg.rules import committees as rules

__all__ = [
    "CommitteeRefused",
    "CongressInput",
    "EndingInput",
    "LegalBasis",
    "NewCongress",
    "NewSeat",
    "Override",
    "SeatInput",
    "correct_congress",
    "elect_leadership",
    "end_position",
    "record_congress",
    "record_congresses",
    "record_many",
    "record_seats",
    "start_position",
    "withdraw_congress",
    "withdraw_position",
]


class CommitteeRefused(Refused):
    """The record contradicts the records; the message is Vietnamese."""


def _kind_on(org: Organization, on: date) -> str:
    version = version_on(org, on)
    if version is None:
        raise CommitteeRefused(
            _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.") % {"code": org.code, "day": vn_date(on)}
        )
    return version.kind


# -- congresses ----------------------------------------------------------------------------------------


def _check_congress(
    org: Organization,
    kind: str,
    held_on: date,
    first_year: int,
    last_year: int,
    legal_basis: LegalBasis,
    override: Override | None,
    others: Sequence[Congress],
    kind_on: Callable[[date], str],
) -> str:
    """Every check of a congress; returns the overridden rule's code. ``others``: the organization's
    congresses in force but the one replaced; ``kind_on``: its kind on a day (refusing a day it did
    not stand). The single commands read them from the database, a batch from what it read once."""
    if kind not in CongressKind.values:
        raise CommitteeRefused(_("Loại đại hội không hợp lệ: %(kind)s.") % {"kind": kind})
    if last_year <= first_year:
        raise CommitteeRefused(
            _("Nhiệm kỳ %(first)s–%(last)s không hợp lệ.") % {"first": first_year, "last": last_year}
        )
    opening = kind != CongressKind.EXTRAORDINARY
    if (abs(held_on.year - first_year) > 1) if opening else not first_year <= held_on.year <= last_year + 1:
        raise CommitteeRefused(
            _("Đại hội ngày %(day)s không thuộc nhiệm kỳ %(term)s.")
            % {"day": vn_date(held_on), "term": rules.term_label(first_year, last_year)}
        )
    org_kind = kind_on(held_on)
    if org_kind == OrgKind.CENTRAL:
        raise CommitteeRefused(_("Đại hội toàn quốc không ghi ở đây."))
    if kind == CongressKind.APPOINTED:
        rules.check_appointment_basis(legal_basis.number)  # the decision is the appointment: no override
    term_openings = [c for c in others if c.kind in (CongressKind.REGULAR, CongressKind.APPOINTED)]
    previous = max(
        (c for c in term_openings if c.held_on < held_on), key=lambda c: (c.held_on, c.pk), default=None
    )
    overridden: list[str] = []
    if kind == CongressKind.EXTRAORDINARY:
        if previous is None or (previous.term_first_year, previous.term_last_year) != (first_year, last_year):
            raise CommitteeRefused(
                _("Đại hội bất thường phải thuộc nhiệm kỳ đang diễn ra (%(term)s).")
                % {"term": previous.term_label}
                if previous
                else _("Đại hội bất thường phải thuộc nhiệm kỳ đang diễn ra.")
            )
        return ""
    if any((c.term_first_year, c.term_last_year) == (first_year, last_year) for c in term_openings):
        raise CommitteeRefused(
            _("Tổ chức %(code)s đã có đại hội nhiệm kỳ %(term)s; hãy sửa bản ghi đó.")
            % {"code": org.code, "term": rules.term_label(first_year, last_year)}
        )
    if previous is not None and first_year <= previous.term_first_year:
        raise CommitteeRefused(
            _("Nhiệm kỳ %(term)s không sau nhiệm kỳ trước (%(previous)s).")
            % {"term": rules.term_label(first_year, last_year), "previous": previous.term_label}
        )
    overridden.append(
        overridable(lambda: rules.check_term_years(org_kind, held_on, first_year, last_year), override)
    )
    if previous is not None and kind == CongressKind.REGULAR:
        previous_kind = kind_on(previous.held_on)
        overridden.append(
            overridable(
                lambda: rules.check_congress_in_time(
                    previous_kind, previous.held_on, previous.term_last_year, held_on
                ),
                override,
            )
        )
    return next((code for code in overridden if code), "")


@command
def record_congress(
    org: Organization,
    *,
    kind: str,
    held_on: date,
    term_first_year: int,
    term_last_year: int,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    override: Override | None = None,
    corrects: Congress | None = None,
    withdrawn: bool = False,
    official_members: int | None = None,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> Congress:
    """Record a congress of ``org`` (or an appointment of its committee for a term), or a correction of
    ``corrects``. The number of official members that day is kept with it: ``official_members`` as
    recorded elsewhere (an import keeps the file's), else counted from the records."""
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one writer per organization
    if corrects is not None:
        corrects = Congress.objects.get(pk=corrects.pk)
        if corrects.organization_id != org.pk:
            raise CommitteeRefused(_("Bản sửa phải cùng tổ chức với đại hội được sửa."))
        if Congress.objects.filter(corrects=corrects).exists():
            raise CommitteeRefused(_("Đại hội này đã được sửa; hãy sửa bản ghi mới nhất."))
    overridden = ""
    if not withdrawn:
        others = congresses_in_force().filter(organization=org)
        if corrects is not None:
            others = others.exclude(pk=corrects.pk)
        overridden = _check_congress(
            org,
            kind,
            held_on,
            term_first_year,
            term_last_year,
            legal_basis,
            override,
            list(others),
            lambda day: _kind_on(org, day),
        )
    return Congress.objects.create(
        organization=org,
        kind=kind,
        held_on=held_on,
        term_first_year=term_first_year,
        term_last_year=term_last_year,
        official_members=(
            official_members_of(org, held_on, subtree=True) if official_members is None else official_members
        ),
        corrects=corrects,
        withdrawn=withdrawn,
        override_rule=overridden,
        override_reason=override.reason if overridden and override else "",
        note=note,
        basis_number=legal_basis.number,
        basis_date=legal_basis.issued_on,
        basis_issuer=legal_basis.issuer,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )


@command
def correct_congress(
    wrong: Congress,
    *,
    recorded_by: str,
    legal_basis: LegalBasis,
    note: str,
    override: Override | None = None,
    held_on: date | None = None,
    kind: str | None = None,
    term_first_year: int | None = None,
    term_last_year: int | None = None,
) -> Congress:
    """Replace ``wrong`` with the same congress with the given fields changed; ``wrong`` stays."""
    return record_congress.within(
        wrong.organization,
        kind=kind or wrong.kind,
        held_on=held_on or wrong.held_on,
        term_first_year=term_first_year or wrong.term_first_year,
        term_last_year=term_last_year or wrong.term_last_year,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        override=override,
        corrects=wrong,
    )


@command
def withdraw_congress(
    wrong: Congress,
    *,
    recorded_by: str,
    note: str,
    official_members: int | None = None,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> Congress:
    """Take back a congress recorded in error. Seats elected at it must be withdrawn first."""
    if not note.strip():
        raise CommitteeRefused(_("Cần ghi lý do hủy bản ghi đại hội."))
    if records_in_force().filter(congress=wrong, kind=RecordKind.STARTED).exists():
        raise CommitteeRefused(_("Còn chức vụ được bầu tại đại hội này; hãy hủy các bản ghi chức vụ trước."))
    return record_congress.within(
        wrong.organization,
        kind=wrong.kind,
        held_on=wrong.held_on,
        term_first_year=wrong.term_first_year,
        term_last_year=wrong.term_last_year,
        legal_basis=LegalBasis(),
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        withdrawn=True,
        official_members=official_members,
        recorded_at=recorded_at,
        uid=uid,
    )


# -- positions -----------------------------------------------------------------------------------------


def _not_a_member(person: Person, on: date) -> CommitteeRefused:
    return CommitteeRefused(
        _("%(name)s không phải là đảng viên vào ngày %(day)s.")
        % {"name": person.full_name, "day": vn_date(on)}
    )


class SeatFacts(Protocol):
    """What the checks of a seat read of the records: the database (:class:`StoredFacts`, a single
    command) or what a batch read once and keeps up to date as it goes (:class:`BatchFacts`)."""

    def kind_on(self, org: Organization, on: date) -> str: ...

    def status_on(self, person: Person, on: date) -> str | None: ...

    def congress_in_force(self, congress: Congress) -> bool: ...

    def member_under(self, person: Person, org: Organization, on: date) -> bool: ...

    def leadership(self, org: Organization, on: date) -> Leadership: ...

    def officials(self, org: Organization, on: date) -> int: ...


class StoredFacts:
    """The facts of a seat, read from the database."""

    def kind_on(self, org: Organization, on: date) -> str:
        return _kind_on(org, on)

    def status_on(self, person: Person, on: date) -> str | None:
        interval = MembershipInterval.objects.filter(valid_on(on), person=person).first()
        return interval.status if interval else None

    def congress_in_force(self, congress: Congress) -> bool:
        return congresses_in_force().filter(pk=congress.pk).exists()

    def member_under(self, person: Person, org: Organization, on: date) -> bool:
        return MembershipInterval.objects.filter(
            valid_on(on), person=person, organization_id__in=subtree_ids(org, on)
        ).exists()

    def leadership(self, org: Organization, on: date) -> Leadership:
        return leadership_on(org, on)

    def officials(self, org: Organization, on: date) -> int:
        return official_members_of(org, on, subtree=False)


def _check_seat(
    facts: SeatFacts,
    person: Person,
    org: Organization,
    position: str,
    on: date,
    method: str,
    congress: Congress | None,
    legal_basis: LegalBasis,
    override: Override | None,
) -> str:
    if position not in Position.values:
        raise CommitteeRefused(_("Chức vụ không hợp lệ: %(position)s.") % {"position": position})
    if method not in Method.values:
        raise CommitteeRefused(_("Hình thức không hợp lệ: %(method)s.") % {"method": method})
    kind = facts.kind_on(org, on)
    status = facts.status_on(person, on)
    if status is None:
        raise _not_a_member(person, on)
    if method == Method.ELECTED:
        if congress is None:
            raise CommitteeRefused(_("Chức vụ được bầu phải ghi đại hội đã bầu."))
        if congress.organization_id != org.pk or congress.held_on > on:
            raise CommitteeRefused(_("Đại hội đã bầu phải là đại hội của tổ chức này, trước ngày nhận chức."))
        if not facts.congress_in_force(congress):
            raise CommitteeRefused(_("Đại hội này đã được sửa hoặc hủy."))
        if not facts.member_under(person, org, on):
            raise CommitteeRefused(
                _("%(name)s không sinh hoạt ở %(code)s: đại hội bầu trong số đảng viên của mình.")
                % {"name": person.full_name, "code": org.code}
            )
    else:
        rules.check_appointment_basis(legal_basis.number)
    current = facts.leadership(org, on)
    held = next((s for s in current.seats if s.person_id == person.pk), None)
    if held is not None:
        raise CommitteeRefused(
            _("%(name)s đang là %(position)s của %(code)s; hãy ghi thôi giữ chức trước.")
            % {"name": person.full_name, "position": held.get_position_display(), "code": org.code}
        )
    if position == Position.SECRETARY and current.secretary is not None:
        raise CommitteeRefused(
            _("%(code)s đang có bí thư (%(name)s); hãy ghi thôi giữ chức trước.")
            % {"code": org.code, "name": current.secretary.person.full_name}
        )
    overridden = [overridable(lambda: rules.check_holder_official(status == MemberStatus.OFFICIAL), override)]
    if position == Position.DEPUTY_SECRETARY:
        overridden.append(
            overridable(lambda: rules.check_deputies(kind, len(current.deputies) + 1), override)
        )
    if position == Position.STANDING_MEMBER:
        overridden.append(overridable(lambda: rules.check_standing_committee(kind), override))
    if position in COMMITTEE_SEATS and kind in rules.CELL_KINDS:
        officials = facts.officials(org, on)
        overridden.append(overridable(lambda: rules.check_committee_allowed(kind, officials), override))
    if kind in rules.CELL_KINDS and (position in COMMITTEE_SEATS or current.has_committee):
        size = len(current.seats) + 1
        overridden.append(overridable(lambda: rules.check_cell_committee_size(kind, size), override))
    return next((code for code in overridden if code), "")


def _check_ending(start: PositionRecord, ended_on: date, *, ended: bool, corrected: bool) -> None:
    """A seat is ended once, after it began, while its start is in force (``ended``: an ending in
    force names it; ``corrected``: a row corrects it)."""
    if start.kind != RecordKind.STARTED or start.withdrawn or corrected:
        raise CommitteeRefused(_("Chỉ ghi thôi giữ chức cho một bản ghi nhận chức còn hiệu lực."))
    if ended:
        raise CommitteeRefused(_("Chức vụ này đã được ghi thôi giữ chức."))
    if ended_on <= start.effective_on:
        raise CommitteeRefused(
            _("Ngày thôi giữ chức (%(ended)s) phải sau ngày nhận chức (%(started)s).")
            % {"ended": vn_date(ended_on), "started": vn_date(start.effective_on)}
        )


@command
def start_position(
    person: Person,
    org: Organization,
    position: str,
    *,
    starts_on: date,
    method: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    congress: Congress | None = None,
    note: str = "",
    override: Override | None = None,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> PositionRecord:
    """``person`` holds ``position`` at ``org`` from ``starts_on``, elected at ``congress`` or appointed by
    the decision of ``legal_basis``."""
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    overridden = _check_seat(
        StoredFacts(), person, org, position, starts_on, method, congress, legal_basis, override
    )
    seat = _start(
        person,
        org,
        position,
        starts_on,
        method,
        congress,
        legal_basis,
        recorded_by,
        note,
        override,
        overridden,
    )
    seat.uid, seat.recorded_at = uid or uuid.uuid4(), recorded_at or timezone.now()
    seat.save(force_insert=True)
    return seat


def _start(
    person: Person,
    org: Organization,
    position: str,
    starts_on: date,
    method: str,
    congress: Congress | None,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    override: Override | None,
    overridden: str,
) -> PositionRecord:
    """The row of a seat taken (unsaved)."""
    return PositionRecord(
        kind=RecordKind.STARTED,
        person=person,
        organization=org,
        position=position,
        effective_on=starts_on,
        method=method,
        congress=congress if method == Method.ELECTED else None,
        override_rule=overridden,
        override_reason=override.reason if overridden and override else "",
        note=note,
        basis_number=legal_basis.number,
        basis_date=legal_basis.issued_on,
        basis_issuer=legal_basis.issuer,
        recorded_by=recorded_by,
    )


@command
def end_position(
    start: PositionRecord,
    *,
    ended_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> PositionRecord:
    """From ``ended_on`` (the first day out) the seat of ``start`` is no longer held."""
    Organization.objects.select_for_update().filter(pk=start.organization_id).first()
    _check_ending(start, ended_on, ended=ending_of(start) is not None, corrected=start.corrections.exists())
    return _ending(start, ended_on, legal_basis, recorded_by, note, recorded_at, uid)


def _ending(
    start: PositionRecord,
    ended_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    recorded_at: datetime | None,
    uid: str | None = None,
) -> PositionRecord:
    row = _end(start, ended_on, legal_basis, recorded_by, note)
    row.uid, row.recorded_at = uid or uuid.uuid4(), recorded_at or timezone.now()
    row.save(force_insert=True)
    return row


def _end(
    start: PositionRecord, ended_on: date, legal_basis: LegalBasis, recorded_by: str, note: str
) -> PositionRecord:
    """The row ending the seat of ``start`` (unsaved)."""
    return PositionRecord(
        kind=RecordKind.ENDED,
        person_id=start.person_id,
        organization_id=start.organization_id,
        position=start.position,
        effective_on=ended_on,
        ends=start,
        note=note,
        basis_number=legal_basis.number,
        basis_date=legal_basis.issued_on,
        basis_issuer=legal_basis.issuer,
        recorded_by=recorded_by,
    )


@command
def withdraw_position(
    wrong: PositionRecord,
    *,
    recorded_by: str,
    note: str,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> PositionRecord:
    """Take back a start or an ending recorded in error (a withdrawn ending reopens the seat). A start
    that has an ending in force is withdrawn after its ending."""
    if not note.strip():
        raise CommitteeRefused(_("Cần ghi lý do hủy bản ghi chức vụ."))
    if wrong.withdrawn or wrong.corrections.exists():
        raise CommitteeRefused(_("Bản ghi này đã được sửa hoặc hủy."))
    if wrong.kind == RecordKind.STARTED and ending_of(wrong) is not None:
        raise CommitteeRefused(_("Chức vụ này đã có bản ghi thôi giữ chức; hãy hủy bản ghi đó trước."))
    return PositionRecord.objects.create(
        kind=wrong.kind,
        person_id=wrong.person_id,
        organization_id=wrong.organization_id,
        position=wrong.position,
        effective_on=wrong.effective_on,
        method=wrong.method,
        congress_id=wrong.congress_id,
        ends_id=wrong.ends_id,
        corrects=wrong,
        withdrawn=True,
        note=note,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )


@command
def elect_leadership(
    congress: Congress,
    *,
    secretary: Person | None,
    deputies: Sequence[Person] = (),
    standing: Sequence[Person] = (),
    members: Sequence[Person] = (),
    legal_basis: LegalBasis,
    recorded_by: str,
    starts_on: date | None = None,
    override: Override | None = None,
) -> list[PositionRecord]:
    """The leadership a congress elected (or an appointment named): every seat held at the organization
    the day before ends on ``starts_on`` (the congress day by default), and the new seats start."""
    org = congress.organization
    day = starts_on or congress.held_on
    method = Method.APPOINTED if congress.kind == CongressKind.APPOINTED else Method.ELECTED
    for seat in seats_on(day, [org.pk]).filter(effective_on__lt=day):
        _ending(
            seat, day, legal_basis, recorded_by, f"Hết nhiệm kỳ (đại hội {vn_date(congress.held_on)})", None
        )
    wanted: list[tuple[Person, str]] = [(p, Position.MEMBER) for p in members]
    wanted = [(p, Position.STANDING_MEMBER) for p in standing] + wanted
    wanted = [(p, Position.DEPUTY_SECRETARY) for p in deputies] + wanted
    if secretary is not None:
        wanted.insert(0, (secretary, Position.SECRETARY))
    # A cell's committee members first: the 9-member check looks at them, the size check at everyone.
    return [
        start_position.within(
            person,
            org,
            position,
            starts_on=day,
            method=method,
            congress=congress if method == Method.ELECTED else None,
            legal_basis=legal_basis,
            recorded_by=recorded_by,
            override=override,
        )
        for person, position in wanted
    ]


# -- many at once, with the checks of the single commands (an import) ---------------------------------

CHUNK = 900  # ids or uids asked in one query (SQLite's limit on parameters)


@dataclass(frozen=True)
class CongressInput:
    """A congress for :func:`record_congresses`: the arguments of :func:`record_congress` (neither a
    correction nor a withdrawal)."""

    org: Organization
    kind: str
    held_on: date
    term_first_year: int
    term_last_year: int
    legal_basis: LegalBasis
    recorded_by: str
    note: str = ""
    override: Override | None = None
    official_members: int | None = None
    recorded_at: datetime | None = None
    uid: str | None = None


@dataclass(frozen=True)
class SeatInput:
    """A seat taken, for :func:`record_seats`: the arguments of :func:`start_position`."""

    person: Person
    org: Organization
    position: str
    starts_on: date
    method: str
    legal_basis: LegalBasis
    recorded_by: str
    congress: Congress | None = None
    note: str = ""
    override: Override | None = None
    recorded_at: datetime | None = None
    uid: str | None = None


@dataclass(frozen=True)
class EndingInput:
    """A seat left, for :func:`record_seats`: the arguments of :func:`end_position`, the start named
    by its uid (stored, or a seat taken earlier in the same batch)."""

    start: str
    ended_on: date
    legal_basis: LegalBasis
    recorded_by: str
    note: str = ""
    recorded_at: datetime | None = None
    uid: str | None = None


def _chunks(values: Collection[object]) -> list[list[object]]:
    listed = sorted(values, key=str)
    return [listed[i : i + CHUNK] for i in range(0, len(listed), CHUNK)]


class _Versions:
    """Every organization's versions, read once: its kind and parent on a day, as version_on finds them."""

    def __init__(self) -> None:
        self.by_org: dict[int, list[tuple[date, date | None, str, int | None]]] = defaultdict(list)
        for org_id, start, until, kind, parent in OrgVersion.objects.order_by("id").values_list(
            "organization_id", "valid_from", "valid_until", "kind", "parent_id"
        ):
            self.by_org[org_id].append((start, until, kind, parent))

    def on(self, org_id: int, day: date) -> tuple[str, int | None] | None:
        for start, until, kind, parent in self.by_org.get(org_id, ()):
            if start <= day and (until is None or day < until):
                return kind, parent
        return None

    def kind_on(self, org: Organization, day: date) -> str:
        found = self.on(org.pk, day)
        if found is None:
            raise CommitteeRefused(
                _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.")
                % {"code": org.code, "day": vn_date(day)}
            )
        return found[0]

    def under(self, org_id: int, root_id: int, day: date) -> bool:
        """Is ``org_id`` ``root_id`` or below it on ``day`` (subtree_ids)?"""
        at: int | None = org_id
        for _step in range(64):  # deeper than any tree: a cycle in bad data ends
            if at is None:
                return False
            if at == root_id:
                return True
            found = self.on(at, day)
            at = found[1] if found else None
        return False


class _Officials:
    """Official members held in an organization's subtree on a day (``official_members_of`` with
    ``subtree=True``), counted from the versions and official membership periods read once."""

    def __init__(self, versions: _Versions) -> None:
        self.versions = versions
        self.children: dict[int, set[int]] = defaultdict(set)
        for org_id, rows in versions.by_org.items():
            for _start, _until, _kind, parent in rows:
                if parent is not None:
                    self.children[parent].add(org_id)
        self.held: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
        for person_id, org_id, start, until in MembershipInterval.objects.filter(
            status=MemberStatus.OFFICIAL
        ).values_list("person_id", "organization_id", "valid_from", "valid_until"):
            self.held[org_id].append((person_id, start, until))

    def subtree(self, root: int, day: date) -> set[int]:
        """``root`` and everything under it on ``day`` (``subtree_ids``)."""
        found, stack = {root}, [root]
        while stack:
            node = stack.pop()
            for child in self.children.get(node, ()):
                version = self.versions.on(child, day)
                if child not in found and version is not None and version[1] == node:
                    found.add(child)
                    stack.append(child)
        return found

    def count(self, root: int, day: date) -> int:
        return len(
            {
                person_id
                for org_id in self.subtree(root, day)
                for person_id, start, until in self.held.get(org_id, ())
                if _holds(start, until, day)
            }
        )


def record_congresses(items: Sequence[CongressInput]) -> list[Congress]:
    """Record many congresses at once, in order: each checked as :func:`record_congress` checks it
    (``_check_congress``), against the congresses in force of its organization and those before it
    in ``items``, read in one query; written in bulk. All or nothing: a refusal raises and nothing of
    the batch is written (inside the caller's transaction)."""
    versions = _Versions()
    others: dict[int, list[Congress]] = defaultdict(list)
    for chunk in _chunks({item.org.pk for item in items}):
        for c in congresses_in_force().filter(organization_id__in=chunk).order_by("id"):
            others[c.organization_id].append(c)
    officials = _Officials(versions) if any(item.official_members is None for item in items) else None
    ids = bulk.allocate_ids(Congress, len(items))
    rows: list[Congress] = []
    for pk, item in zip(ids, items, strict=True):
        org = item.org
        overridden = _check_congress(
            org,
            item.kind,
            item.held_on,
            item.term_first_year,
            item.term_last_year,
            item.legal_basis,
            item.override,
            others[org.pk],
            lambda day, org=org: versions.kind_on(org, day),  # type: ignore[misc]
        )
        congress = Congress(
            pk=pk,
            organization=org,
            kind=item.kind,
            held_on=item.held_on,
            term_first_year=item.term_first_year,
            term_last_year=item.term_last_year,
            official_members=(
                officials.count(org.pk, item.held_on)
                if officials is not None and item.official_members is None
                else item.official_members
            ),
            withdrawn=False,
            override_rule=overridden,
            override_reason=item.override.reason if overridden and item.override else "",
            note=item.note,
            basis_number=item.legal_basis.number,
            basis_date=item.legal_basis.issued_on,
            basis_issuer=item.legal_basis.issuer,
            recorded_by=item.recorded_by,
            **stamp(item.uid, item.recorded_at),
        )
        others[org.pk].append(congress)
        rows.append(congress)
    _insert(Congress, rows)
    return rows


def _insert(model: type[Congress] | type[PositionRecord], rows: Sequence[Congress | PositionRecord]) -> None:
    """Rows whose ids are set, in one insert."""
    names = [f.attname for f in model._meta.concrete_fields]
    bulk.insert_rows(model, names, ([getattr(row, name) for name in names] for row in rows))


class BatchFacts:
    """The facts of seats, read once for a batch (the organizations' versions and position rows, the
    people's and the organizations' membership periods, the congresses in force), and kept up to date
    with the rows the batch adds: what :class:`StoredFacts` would read after each."""

    def __init__(self, org_ids: set[int], person_ids: set[int], congress_ids: set[int]) -> None:
        self.versions = _Versions()
        self.rows: dict[int, list[PositionRecord]] = defaultdict(list)  # organization id -> rows
        self.by_uid: dict[str, PositionRecord] = {}
        for chunk in _chunks(org_ids):
            for row in PositionRecord.objects.filter(organization_id__in=chunk).order_by("id"):
                self.add(row)
        self.corrected = {row.corrects_id for rows in self.rows.values() for row in rows if row.corrects_id}
        self.intervals: dict[int, list[tuple[int, str, date, date | None]]] = defaultdict(list)
        self.held: dict[int, list[tuple[int, str, date, date | None]]] = defaultdict(list)
        seen: set[int] = set()
        for field, wanted in (("person_id", person_ids), ("organization_id", org_ids)):
            for chunk in _chunks(wanted):
                for pk, person_id, org_id, status, start, until in (
                    MembershipInterval.objects.filter(**{f"{field}__in": chunk})
                    .order_by("id")
                    .values_list("id", "person_id", "organization_id", "status", "valid_from", "valid_until")
                ):
                    if pk not in seen:
                        seen.add(pk)
                        self.intervals[person_id].append((org_id, status, start, until))
                        self.held[org_id].append((person_id, status, start, until))
        self.in_force: set[int] = set()
        for chunk in _chunks(congress_ids):
            self.in_force.update(congresses_in_force().filter(pk__in=chunk).values_list("id", flat=True))

    def add(self, row: PositionRecord) -> None:
        self.rows[row.organization_id].append(row)
        self.by_uid[str(row.uid)] = row

    def kind_on(self, org: Organization, on: date) -> str:
        return self.versions.kind_on(org, on)

    def status_on(self, person: Person, on: date) -> str | None:
        return next(
            (status for _org, status, start, until in self.intervals[person.pk] if _holds(start, until, on)),
            None,
        )

    def congress_in_force(self, congress: Congress) -> bool:
        return congress.pk in self.in_force

    def member_under(self, person: Person, org: Organization, on: date) -> bool:
        return any(
            _holds(start, until, on) and self.versions.under(org_id, org.pk, on)
            for org_id, _status, start, until in self.intervals[person.pk]
        )

    def officials(self, org: Organization, on: date) -> int:
        return len(
            {
                person_id
                for person_id, status, start, until in self.held[org.pk]
                if status == MemberStatus.OFFICIAL and _holds(start, until, on)
            }
        )

    def ending(self, start: PositionRecord) -> bool:
        """Has the seat of ``start`` an ending in force (ending_of)?"""
        return any(
            row.ends_id == start.pk and row.kind == RecordKind.ENDED and self.stands(row)
            for row in self.rows[start.organization_id]
        )

    def stands(self, row: PositionRecord) -> bool:
        return not row.withdrawn and row.pk not in self.corrected

    def leadership(self, org: Organization, on: date) -> Leadership:
        """As :func:`~partyorg.committees.queries.seats_on` and ``leadership_of`` find it."""
        rows = self.rows[org.pk]
        ended = {
            row.ends_id
            for row in rows
            if row.kind == RecordKind.ENDED and self.stands(row) and row.effective_on <= on
        }
        seats = [
            row
            for row in rows
            if row.kind == RecordKind.STARTED
            and self.stands(row)
            and row.effective_on <= on
            and row.pk not in ended
        ]
        seats.sort(key=lambda s: (_RANK[s.position], s.effective_on, s.pk))
        return Leadership(org.pk, on, seats)


def _holds(start: date, until: date | None, on: date) -> bool:
    return start <= on and (until is None or on < until)


def record_seats(items: Sequence[SeatInput | EndingInput]) -> list[PositionRecord]:
    """Record many seats taken and left at once, in order: each checked as :func:`start_position` and
    :func:`end_position` check it (``_check_seat``, ``_check_ending``), against the facts read once
    for the batch (:class:`BatchFacts`) with the rows written before it; written in bulk. All or
    nothing: a refusal raises and nothing of the batch is written (inside the caller's transaction)."""
    starts = [item for item in items if isinstance(item, SeatInput)]
    named = {item.start for item in items if isinstance(item, EndingInput)}
    org_ids = {item.org.pk for item in starts}
    for chunk in _chunks(named):
        org_ids.update(PositionRecord.objects.filter(uid__in=chunk).values_list("organization_id", flat=True))
    facts = BatchFacts(
        org_ids, {item.person.pk for item in starts}, {i.congress.pk for i in starts if i.congress}
    )
    ids = iter(bulk.allocate_ids(PositionRecord, len(items)))
    rows: list[PositionRecord] = []
    for item in items:
        if isinstance(item, SeatInput):
            overridden = _check_seat(
                facts,
                item.person,
                item.org,
                item.position,
                item.starts_on,
                item.method,
                item.congress,
                item.legal_basis,
                item.override,
            )
            row = _start(
                item.person,
                item.org,
                item.position,
                item.starts_on,
                item.method,
                item.congress,
                item.legal_basis,
                item.recorded_by,
                item.note,
                item.override,
                overridden,
            )
        else:
            start = facts.by_uid.get(item.start)
            if start is None:
                raise CommitteeRefused(_("Cần mã bản ghi nhận chức được kết thúc."))
            _check_ending(
                start, item.ended_on, ended=facts.ending(start), corrected=start.pk in facts.corrected
            )
            row = _end(start, item.ended_on, item.legal_basis, item.recorded_by, item.note)
        row.pk = next(ids)
        row.uid, row.recorded_at = item.uid or uuid.uuid4(), item.recorded_at or timezone.now()
        facts.add(row)
        rows.append(row)
    _insert(PositionRecord, rows)
    return rows


# -- many at once (the demo, an import) --------------------------------------------------------------


NO_BASIS = LegalBasis()


@dataclass(frozen=True)
class NewCongress:
    """A congress to record in bulk; ``org_kind`` is the organization's kind on ``held_on``."""

    organization_id: int
    org_kind: str
    kind: str
    held_on: date
    term_first_year: int
    term_last_year: int
    official_members: int | None = None
    legal_basis: LegalBasis = NO_BASIS
    override_rule: str = ""  # a rule knowingly overridden (the superior's consent), with its reason
    override_reason: str = ""


@dataclass(frozen=True)
class NewSeat:
    """A seat to record in bulk, starting at ``congress`` (an index into the congresses of the same call)
    and ending on ``ends_on`` (None: still held). ``is_official`` and ``officials`` (the organization's
    official members that day) come from the caller's own reading of the records."""

    person_id: int
    congress: int
    position: str
    is_official: bool
    officials: int
    ends_on: date | None = None


CONGRESS_COLUMNS = (
    "uid",
    "organization_id",
    "kind",
    "held_on",
    "term_first_year",
    "term_last_year",
    "official_members",
    "withdrawn",
    "override_rule",
    "override_reason",
    "note",
    "basis_number",
    "basis_date",
    "basis_issuer",
    "recorded_at",
    "recorded_by",
)
RECORD_COLUMNS = (
    "id",
    "uid",
    "kind",
    "person_id",
    "organization_id",
    "position",
    "effective_on",
    "method",
    "congress_id",
    "ends_id",
    "withdrawn",
    "override_rule",
    "override_reason",
    "note",
    "basis_number",
    "basis_date",
    "basis_issuer",
    "recorded_at",
    "recorded_by",
)


@transaction.atomic
def record_many(
    congresses: Sequence[NewCongress], seats: Sequence[NewSeat], *, recorded_by: str
) -> tuple[int, int]:
    """Record many congresses and seats of organizations that have none yet, checking the pure rules of
    each (term length, congress in time after the previous one of the batch, the 9-member threshold, one
    deputy in a cell, official holders) and inserting in bulk. Returns (congresses, position rows)."""
    ordered = sorted(
        range(len(congresses)), key=lambda i: (congresses[i].organization_id, congresses[i].held_on)
    )
    previous: dict[int, NewCongress] = {}
    for i in ordered:
        c = congresses[i]
        if c.kind == CongressKind.APPOINTED:
            rules.check_appointment_basis(c.legal_basis.number)
        if c.kind != CongressKind.EXTRAORDINARY:
            rules.check_term_years(c.org_kind, c.held_on, c.term_first_year, c.term_last_year)
            before = previous.get(c.organization_id)
            if before is not None and c.kind == CongressKind.REGULAR:
                overridable(
                    lambda b=before, c=c: rules.check_congress_in_time(  # type: ignore[misc]
                        b.org_kind, b.held_on, b.term_last_year, c.held_on
                    ),
                    Override(c.override_rule, c.override_reason) if c.override_rule else None,
                )
            previous[c.organization_id] = c
    deputies: dict[int, int] = {}
    committee: dict[int, int] = {}
    for seat in seats:
        c = congresses[seat.congress]
        rules.check_holder_official(seat.is_official)
        if seat.position == Position.DEPUTY_SECRETARY:
            deputies[seat.congress] = deputies.get(seat.congress, 0) + 1
            rules.check_deputies(c.org_kind, deputies[seat.congress])
        if seat.position in COMMITTEE_SEATS:
            rules.check_committee_allowed(c.org_kind, seat.officials)
            if seat.position == Position.STANDING_MEMBER:
                rules.check_standing_committee(c.org_kind)
        committee[seat.congress] = committee.get(seat.congress, 0) + 1
    with_committee = {s.congress for s in seats if s.position in COMMITTEE_SEATS}
    for index, size in committee.items():
        if index in with_committee:
            rules.check_cell_committee_size(congresses[index].org_kind, size)
    now = timezone.now()
    ids = bulk.allocate_ids(Congress, len(congresses))
    bulk.insert_rows(
        Congress,
        ("id", *CONGRESS_COLUMNS),
        (
            (
                pk,
                uuid.uuid4(),
                c.organization_id,
                c.kind,
                c.held_on,
                c.term_first_year,
                c.term_last_year,
                c.official_members,
                False,
                c.override_rule,
                c.override_reason,
                "",
                c.legal_basis.number,
                c.legal_basis.issued_on,
                c.legal_basis.issuer,
                now,
                recorded_by,
            )
            for pk, c in zip(ids, congresses, strict=True)
        ),
    )
    starts = bulk.allocate_ids(PositionRecord, len(seats) + sum(1 for s in seats if s.ends_on))
    rows: list[tuple[object, ...]] = []
    next_id = iter(starts)
    for seat in seats:
        c = congresses[seat.congress]
        method = Method.APPOINTED if c.kind == CongressKind.APPOINTED else Method.ELECTED
        start_id = next(next_id)
        basis = c.legal_basis
        rows.append(
            (
                start_id,
                uuid.uuid4(),
                RecordKind.STARTED,
                seat.person_id,
                c.organization_id,
                seat.position,
                c.held_on,
                method,
                ids[seat.congress] if method == Method.ELECTED else None,
                None,
                False,
                "",
                "",
                "",
                basis.number,
                basis.issued_on,
                basis.issuer,
                now,
                recorded_by,
            )
        )
        if seat.ends_on is not None:
            if seat.ends_on <= c.held_on:
                raise CommitteeRefused(_("Ngày thôi giữ chức phải sau ngày nhận chức."))
            rows.append(
                (
                    next(next_id),
                    uuid.uuid4(),
                    RecordKind.ENDED,
                    seat.person_id,
                    c.organization_id,
                    seat.position,
                    seat.ends_on,
                    "",
                    None,
                    start_id,
                    False,
                    "",
                    "",
                    "Hết nhiệm kỳ",
                    "",
                    None,
                    "",
                    now,
                    recorded_by,
                )
            )
    bulk.insert_rows(PositionRecord, RECORD_COLUMNS, rows)
    return len(congresses), len(rows)
