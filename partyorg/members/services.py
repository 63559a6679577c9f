"""Commands that change a person's party record, and organization changes that move members.

Every command appends to the log and refreshes the derived rows of the people it touched, in one
transaction. The history is replayed with the new event before anything is written: an event
that contradicts the history is refused (:class:`EventRefused`); one that breaks a rule of the
Statute is refused with the rule's Vietnamese message (:class:`~partyorg.rules.base.RuleViolation`)
unless the officer gives an :class:`Override` naming that rule and a reason, which is kept with
the event.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core.commands import command
from partyorg.core.records import LegalBasis, Override, Refused
from partyorg.members import replay, stock
from partyorg.members.findings import PersonFacts, rule_findings
from partyorg.members.models import (
    GROUNDED_EXITS,
    PERSON_FIELD,
    EventKind,
    ExitGround,
    MembershipEvent,
    MembershipInterval,
    Person,
    PersonCorrection,
    PersonFact,
    TemporaryPlacement,
)
from partyorg.members.signals import person_correcting
from partyorg.members.timeline import Fact, HistoryConflict, Timeline, fold
from partyorg.organizations import services as org_services
from partyorg.organizations.localities import rebuild_localities
from partyorg.organizations.models import (
    Organization,
    OrgChange,
    OrgChangeItem,
    OrgChangeKind,
    OrgVersion,
    valid_on,
)
from partyorg.organizations.queries import version_on
from partyorg.organizations.services import OrgChangeError, OrgState
from partyorg.rules import opening
from partyorg.rules.base import RuleViolation

__all__ = [
    "PERSON_ATTRIBUTES",
    "EventRefused",
    "LegalBasis",
    "Override",
    "PersonRefused",
    "correct_event",
    "correct_person",
    "create_person",
    "dissolve_organization",
    "merge_organizations",
    "next_kinds",
    "reassign_members",
    "rebuild_all",
    "record_event",
    "refresh_person",
    "restructure",
    "row_in_force",
    "split_organization",
    "timeline_of",
    "to_successors",
    "void_event",
    "void_org_change",
]


class EventRefused(Refused):
    """The event contradicts the recorded history; the message is Vietnamese."""


def facts_of(person_id: int) -> list[Fact]:
    rows = MembershipEvent.objects.filter(person_id=person_id).values_list(*replay.FACT_FIELDS)
    return [Fact(*row) for row in rows]


def timeline_of(person: Person) -> Timeline:
    return fold(facts_of(person.pk))


def person_facts(person: Person) -> PersonFacts:
    return PersonFacts(
        birth_date=person.birth_date,
        general_education=person.general_education,
        exception_area=bool(person.home_locality and person.home_locality.is_ethnic_minority_area),
    )


def create_person(*, code: str, full_name: str, sex: str, birth_date: date, **attributes: Any) -> Person:
    """Record a person: a candidate, a member-to-be or a member arriving with their history."""
    from partyorg.core.text import nfc

    return Person.objects.create(
        code=code, full_name=nfc(full_name), sex=sex, birth_date=birth_date, **attributes
    )


class PersonRefused(Refused):
    """A correction of a person's attributes that cannot be recorded; the message is Vietnamese."""


#: What a correction of a person's record may change: who they are, not their party history (an
#: event is corrected by another event, :func:`correct_event`) nor their record's code.
PERSON_ATTRIBUTES = (
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "religion",
    "general_education",
    "professional_level",
    "academic_title",
    "political_theory",
    "occupation",
    "identity_number",
    "dossier_number",
    "card_number",
    "is_youth_union_member",
    "is_private_business_owner",
)


@command
def correct_person(
    person: Person,
    changes: Mapping[str, Any],
    *,
    recorded_by: str,
    note: str,
    legal_basis: LegalBasis | None = None,
    recorded_at: datetime | None = None,
) -> PersonCorrection:
    """Correct attributes of ``person`` recorded wrong (:data:`PERSON_ATTRIBUTES`): the person's row
    takes the new values and a :class:`PersonCorrection` row keeps each field's value before and
    after, with the reason. Nothing that does not differ is recorded; a value the record does not
    accept (a sex or an education outside the list, too long a text) refuses the whole."""
    if not note.strip():
        raise PersonRefused(_("Cần ghi lý do sửa."))
    unknown = sorted(set(changes) - set(PERSON_ATTRIBUTES))
    if unknown:
        raise PersonRefused(_("Không sửa được bằng lệnh này: %(fields)s.") % {"fields": ", ".join(unknown)})
    locked = Person.objects.select_for_update().get(pk=person.pk)
    dated = {PERSON_FIELD[k] for k in PersonFact.objects.filter(person=locked).values_list("kind", flat=True)}
    if dated & set(changes):
        # The row holds today's value of a dated fact: correct the fact, not the copy.
        fields = ", ".join(
            str(getattr(Person._meta.get_field(f), "verbose_name", f)) for f in sorted(dated & set(changes))
        )
        raise PersonRefused(
            _("%(fields)s của %(who)s đã ghi theo thời gian: hãy sửa thông tin theo thời gian.")
            % {"fields": fields, "who": f"{locked.full_name} ({locked.code})"}
        )
    differ = {name: value for name, value in changes.items() if getattr(locked, name) != value}
    if not differ:
        raise PersonRefused(_("Không có gì khác với hồ sơ."))
    person_correcting.send(sender=Person, person=locked, fields=frozenset(differ))
    before = {name: getattr(locked, name) for name in differ}
    for name, value in differ.items():
        setattr(locked, name, value)
    try:
        locked.full_clean(exclude=["code", "home_locality"], validate_unique=False)
    except ValidationError as invalid:
        raise PersonRefused(
            "; ".join(
                f"{getattr(Person._meta.get_field(f), 'verbose_name', f)}: {' '.join(m)}"
                for f, m in invalid.message_dict.items()
            )
        ) from None
    locked.save()
    stock.refresh(person_ids=[locked.pk])  # the stock facts copy the person's attributes
    basis = legal_basis or LegalBasis()
    return PersonCorrection.objects.create(
        person=locked,
        changes={name: [_text(before[name]), _text(value)] for name, value in differ.items()},
        note=note.strip(),
        basis_number=basis.number,
        basis_date=basis.issued_on,
        basis_issuer=basis.issuer,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=recorded_by,
    )


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _replayed(existing: list[Fact], new: Fact) -> Timeline:
    """The person's log replayed with ``new``: the one test of whether an event can happen, used by
    :func:`record_event` and by :func:`next_kinds`. Refused with the fold's Vietnamese reason."""
    try:
        return fold([*existing, new])
    except HistoryConflict as conflict:
        raise EventRefused(conflict.message) from conflict


# The kinds an officer records on a person's page: an organization change moves people itself, and a
# wrong record is withdrawn by a correction. An opening (a member from before the records) comes with
# the records of a province (the import, ``record_event``): the page's form has no fields for its days.
RECORDED_ON_PAGE: tuple[str, ...] = tuple(
    k.value for k in EventKind if k not in (EventKind.ORG_REASSIGNED, EventKind.VOIDED, EventKind.OPENED)
)
_SOMEWHERE = -1  # an organization for a trial event: which one does not change what may follow


def next_kinds(person: Person, on: date, kinds: Iterable[str] = RECORDED_ON_PAGE) -> list[str]:
    """The kinds of event that can follow ``person``'s recorded history on ``on``, in the order of
    ``kinds``: those :func:`record_event` would not refuse as contradicting the history (an official
    member cannot be decided for admission, only a probationary one recognized, a removed one
    re-admitted or restored, …). The same replay decides both, so the form offers only what the
    service accepts. A rule of the Statute may still refuse one of them with its reason (and be
    passed with an override); the organization's existence on the day is not judged here."""
    existing = facts_of(person.pk)
    after = max((f.id for f in existing), default=0) + 10**12
    possible = []
    for kind in kinds:
        trial = Fact(id=after, kind=kind, effective_on=on, organization_id=_SOMEWHERE)
        try:
            _replayed(existing, trial)
        except EventRefused:
            continue
        possible.append(kind)
    return possible


@command
def record_event(
    person: Person,
    kind: str,
    effective_on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    organization: Organization | None = None,
    other_organization: Organization | None = None,
    external_place: str = "",
    detail: str = "",
    exit_ground: str = "",
    consent: LegalBasis | None = None,
    admitted_on: date | None = None,
    ceremony_on: date | None = None,
    recognized_on: date | None = None,
    note: str = "",
    corrects: MembershipEvent | None = None,
    override: Override | None = None,
    org_change: OrgChange | None = None,
    recorded_at: datetime | None = None,
) -> MembershipEvent:
    """Append one event to ``person``'s log after replaying the history with it. ``exit_ground``
    (an :class:`ExitGround` value) says why a removal, expulsion or withdrawal happened; ``detail``
    is free text or the value another kind needs. ``consent``: a re-admission's second legal basis,
    the superior's written consent (RULES.md §2.12). ``admitted_on``, ``ceremony_on``,
    ``recognized_on``: an opening's days before the records, as far as known
    (:mod:`partyorg.rules.opening`; ``detail`` its status, official when empty); an opening that
    does not know them is recorded, and named among the findings, without an override."""
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer per person
    if kind not in EventKind.values:
        raise EventRefused(f"Loại sự kiện không hợp lệ: {kind}.")
    if exit_ground and exit_ground not in ExitGround.values:
        raise EventRefused(
            _("Lý do ra khỏi Đảng không hợp lệ: %(value)s (%(person)s).")
            % {"value": exit_ground, "person": person.full_name}
        )
    if exit_ground and kind not in GROUNDED_EXITS:
        raise EventRefused(
            _(
                "Lý do ra khỏi Đảng chỉ ghi cho xóa tên, khai trừ hoặc ra khỏi Đảng, "
                "không cho “%(kind)s” (%(person)s)."
            )
            % {"kind": EventKind(kind).label, "person": person.full_name}
        )
    consent = consent or LegalBasis()
    if consent != LegalBasis() and kind != EventKind.READMISSION_DECIDED:
        raise EventRefused(
            _(
                "Văn bản đồng ý của cấp trên chỉ ghi cho quyết định kết nạp lại, "
                "không cho “%(kind)s” (%(person)s)."
            )
            % {"kind": EventKind(kind).label, "person": person.full_name}
        )
    if (admitted_on or ceremony_on or recognized_on) and kind != EventKind.OPENED:
        raise EventRefused(
            _(
                "Ngày kết nạp, lễ kết nạp, công nhận chính thức trước khi có hồ sơ chỉ ghi cho “%(opened)s”, "
                "không cho “%(kind)s” (%(person)s)."
            )
            % {"opened": EventKind.OPENED.label, "kind": EventKind(kind).label, "person": person.full_name}
        )
    if corrects is not None and corrects.person_id != person.pk:
        raise EventRefused("Sự kiện cần sửa không thuộc hồ sơ của người này.")
    given = {"organization": organization, "other_organization": other_organization}
    for name, _org_id, day in replay.must_stand(
        kind,
        effective_on,
        organization.pk if organization else None,
        other_organization.pk if other_organization else None,
    ):
        org = given[name]
        if org is not None and version_on(org, day) is None:
            raise EventRefused(f"Tổ chức {org.code} không tồn tại vào ngày {day:%d/%m/%Y}.")
    existing = facts_of(person.pk)
    new = Fact(
        id=max((f.id for f in existing), default=0) + 10**12,  # after every recorded event
        kind=kind,
        effective_on=effective_on,
        organization_id=organization.pk if organization else None,
        other_organization_id=other_organization.pk if other_organization else None,
        external_place=external_place,
        detail=detail,
        corrects_id=corrects.pk if corrects else None,
        exit_ground=exit_ground,
        admitted_on=admitted_on,
        ceremony_on=ceremony_on,
        recognized_on=recognized_on,
    )
    timeline = _replayed(existing, new)
    held = timeline.state_on(effective_on).organization_id
    if held and version_on(Organization(pk=held), effective_on) is None:
        # e.g. a ceremony at the organization of a decision that has since been merged away
        raise EventRefused(
            f"Tổ chức nơi đảng viên sinh hoạt không còn tồn tại vào ngày {effective_on:%d/%m/%Y}."
        )
    for finding in rule_findings(person_facts(person), timeline.facts):
        if finding.fact is not new or finding.violation.code in opening.NOTICES:
            continue  # history already recorded is not re-judged; what cannot be computed is no fault
        if override is None or override.rule != finding.violation.code or not override.reason.strip():
            raise finding.violation
    event = MembershipEvent.objects.create(
        person=person,
        kind=kind,
        effective_on=effective_on,
        organization=organization,
        other_organization=other_organization,
        external_place=external_place,
        detail=detail,
        exit_ground=exit_ground,
        consent_number=consent.number,
        consent_date=consent.issued_on,
        consent_issuer=consent.issuer,
        admitted_on=admitted_on,
        ceremony_on=ceremony_on,
        recognized_on=recognized_on,
        note=note,
        corrects=corrects,
        org_change=org_change,
        override_rule=override.rule if override else "",
        override_reason=override.reason if override else "",
        basis_number=legal_basis.number,
        basis_date=legal_basis.issued_on,
        basis_issuer=legal_basis.issuer,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=recorded_by,
    )
    write_derived(person.pk, timeline)
    return event


@command
def correct_event(
    wrong: MembershipEvent,
    *,
    recorded_by: str,
    legal_basis: LegalBasis,
    note: str,
    effective_on: date | None = None,
    kind: str | None = None,
    override: Override | None = None,
    **changes: Any,
) -> MembershipEvent:
    """Record the corrected version of ``wrong``: the same event with the given fields changed
    (``organization``, ``other_organization``, ``external_place``, ``detail``). The wrong one stays
    in the log, marked as corrected."""
    fields: dict[str, Any] = {
        "organization": wrong.organization,
        "other_organization": wrong.other_organization,
        "external_place": wrong.external_place,
        "detail": wrong.detail,
        # The ground goes with an exit corrected as an exit, the consent with a re-admission; not
        # with one corrected into another kind.
        "exit_ground": wrong.exit_ground if (kind or wrong.kind) in GROUNDED_EXITS else "",
        "consent": LegalBasis(wrong.consent_number, wrong.consent_date, wrong.consent_issuer)
        if (kind or wrong.kind) == EventKind.READMISSION_DECIDED
        else None,
        # An opening's days go with an opening, and may be corrected (a day learnt later).
        **(
            {
                "admitted_on": wrong.admitted_on,
                "ceremony_on": wrong.ceremony_on,
                "recognized_on": wrong.recognized_on,
            }
            if (kind or wrong.kind) == EventKind.OPENED
            else {}
        ),
        **changes,
    }
    return record_event.within(
        wrong.person,
        kind or wrong.kind,
        effective_on or wrong.effective_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        override=override,
        **fields,
    )


def row_in_force(event: MembershipEvent) -> MembershipEvent:
    """The row of the log that stands for ``event`` now: the last row of its chain of corrections
    (a paper's number added, a date corrected, a withdrawal: ``EventKind.VOIDED``), ``event`` itself
    when nothing corrected it."""
    while (later := MembershipEvent.objects.filter(corrects=event).order_by("-pk").first()) is not None:
        event = later
    return event


@command
def void_event(
    wrong: MembershipEvent, *, recorded_by: str, legal_basis: LegalBasis, note: str
) -> MembershipEvent:
    """Withdraw an event recorded in error (it did not happen)."""
    return record_event.within(
        wrong.person,
        EventKind.VOIDED,
        wrong.effective_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
    )


def write_derived(person_id: int, timeline: Timeline) -> None:
    """Replace one person's derived rows with what ``timeline`` says."""
    rows = replay.DerivedRows()
    rows.add(person_id, timeline)
    rows.flush()
    stock.refresh(person_ids=[person_id])


def refresh_person(person: Person) -> Timeline:
    timeline = timeline_of(person)
    write_derived(person.pk, timeline)
    return timeline


@command
def rebuild_all(batch_size: int = replay.BATCH) -> tuple[int, int]:
    """Rebuild every derived row from the logs: the administrative units and organization
    versions, then membership intervals and temporary placements, then the stock facts and
    snapshots. Returns (versions, intervals) written."""
    rebuild_localities()
    versions = org_services.rebuild_versions()
    MembershipInterval.objects.all().delete()
    TemporaryPlacement.objects.all().delete()
    rows = replay.DerivedRows(replace=False, batch=batch_size)
    for person_id, facts in replay.logs(batch=batch_size):
        rows.add(person_id, fold(facts))
    rows.flush()
    stock.rebuild()
    return versions, rows.written


# --- Organization changes that move members -------------------------------------------------


def members_of(org_ids: Iterable[int], on: date) -> dict[int, int]:
    """person id -> organization id, for members held at ``org_ids`` on ``on``."""
    rows = MembershipInterval.objects.filter(valid_on(on), organization_id__in=list(org_ids))
    return dict(rows.values_list("person_id", "organization_id"))


def reassign_members(
    change: OrgChange,
    moves: Mapping[int, Organization],
    sources: Mapping[int, int],
    *,
    recorded_by: str,
    legal_basis: LegalBasis,
    recorded_at: datetime | None = None,
    note: str = "",
) -> int:
    """Record ``ORG_REASSIGNED`` for each person id -> new organization, at the change's date,
    naming the organization they are moved from (``sources``: person id -> organization id), inside
    the caller's transaction: an organization change, or a load handing members to a successor."""
    for person in Person.objects.filter(pk__in=list(moves)):
        record_event.within(
            person,
            EventKind.ORG_REASSIGNED,
            change.effective_on,
            organization=moves[person.pk],
            other_organization=Organization(pk=sources[person.pk]) if person.pk in sources else None,
            org_change=change,
            legal_basis=legal_basis,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            note=note or str(change),
        )
    return len(moves)


@dataclass(frozen=True)
class LeftBehind:
    """Members an organization still held on the day a change ended it (in code order), and
    whether its successor received them (``moved``); with no successor they were not moved."""

    item: OrgChangeItem
    people: list[Person]
    moved: bool


def to_successors(change_ids: Collection[int], *, note: str) -> list[LeftBehind]:
    """Members still held by an organization one of ``change_ids`` ends go to its successor, by a
    reassignment recorded with the change, inside the caller's transaction (a load of a file whose
    changes end organizations, as the page's command moves them). An organization with no
    successor is returned with its members unmoved: the caller refuses, since a member belongs to
    one organization for as long as he is a member."""
    left: list[LeftBehind] = []
    ending = OrgChangeItem.objects.filter(change_id__in=change_ids, ends=True).select_related(
        "change", "successor"
    )
    for item in ending.order_by("id"):
        change = item.change
        held = members_of([item.organization_id], change.effective_on)
        if not held:
            continue
        if item.successor is not None:
            reassign_members(
                change,
                dict.fromkeys(held, item.successor),
                held,
                legal_basis=LegalBasis.of(change),
                recorded_by=change.recorded_by,
                recorded_at=change.recorded_at,
                note=f"{note} ({change})",
            )
        people = list(Person.objects.filter(pk__in=held).order_by("code"))
        left.append(LeftBehind(item, people, moved=item.successor is not None))
    return left


def _end_with_members(
    kind: str,
    effective_on: date,
    *,
    states: Sequence[tuple[Organization, OrgState | None]],
    member_moves: Mapping[int, Organization],
    successors: Mapping[int, Organization],
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
) -> OrgChange:
    ending = [org.pk for org, state in states if state is None]
    held = members_of(ending, effective_on)
    unplaced = set(held) - set(member_moves)
    if unplaced:
        names = list(Person.objects.filter(pk__in=unplaced).values_list("full_name", flat=True)[:5])
        raise OrgChangeError(
            f"Còn {len(unplaced)} đảng viên chưa được phân về tổ chức mới: " + ", ".join(names) + "."
        )
    change = org_services.apply_change(
        kind,
        effective_on,
        states=states,
        successors=dict(successors),
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
    )
    reassign_members(change, member_moves, held, recorded_by=recorded_by, legal_basis=legal_basis)
    return change


@command
def merge_organizations(
    sources: Sequence[Organization],
    target: Organization,
    *,
    effective_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    target_state: OrgState | None = None,
    note: str = "",
) -> OrgChange:
    """Sáp nhập / hợp nhất: ``sources`` end and their members move to ``target`` (which may be one
    of them, or a new organization given with ``target_state``)."""
    ending = [s for s in sources if s.pk != target.pk]
    states: list[tuple[Organization, OrgState | None]] = [(s, None) for s in ending]
    if target_state is not None:
        states.append((target, target_state))
    moves = {pid: target for pid in members_of([s.pk for s in ending], effective_on)}
    return _end_with_members(
        OrgChangeKind.MERGED,
        effective_on,
        states=states,
        member_moves=moves,
        successors={s.pk: target for s in ending},
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
    )


@command
def split_organization(
    source: Organization,
    targets: Sequence[tuple[Organization | str, OrgState]],
    assignments: Mapping[int, Organization | str],
    *,
    effective_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
) -> OrgChange:
    """Chia tách: ``source`` ends; ``targets`` start, each an organization or the code of a new
    one, created here, in the same transaction (a refused split leaves no organization behind,
    and a taken code is refused); every member goes where ``assignments`` (person id ->
    organization, or a new one's code) says. A member left out refuses the change."""
    created: dict[str, Organization] = {}
    states: list[tuple[Organization, OrgState | None]] = [(source, None)]
    for target, state in targets:
        if isinstance(target, str):
            code, target = target.strip(), org_services.new_organization(target)
            created[code] = target
        states.append((target, state))
    moves: dict[int, Organization] = {}
    for person_id, where in assignments.items():
        if isinstance(where, str):
            if where.strip() not in created:
                raise OrgChangeError(
                    _("Mã tổ chức %(code)s không phải một tổ chức mới của lần chia tách này")
                    % {"code": where}
                )
            where = created[where.strip()]
        moves[person_id] = where
    return _end_with_members(
        OrgChangeKind.SPLIT,
        effective_on,
        states=states,
        member_moves=moves,
        successors={},
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
    )


@command
def dissolve_organization(
    org: Organization,
    *,
    effective_on: date,
    successor: Organization | None,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
) -> OrgChange:
    """Giải thể: ``org`` ends; its members go to ``successor`` (required when it has members)."""
    moves = {pid: successor for pid in members_of([org.pk], effective_on)} if successor else {}
    return _end_with_members(
        OrgChangeKind.DISSOLVED,
        effective_on,
        states=[(org, None)],
        member_moves=moves,
        successors={org.pk: successor} if successor else {},
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
    )


@command
def restructure(
    effective_on: date,
    states: Sequence[tuple[Organization, OrgState | None]],
    *,
    successors: Mapping[int, Organization],
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
) -> OrgChange:
    """A reorganization of many units at once (01/07/2025): new states for some, ends for others;
    members of an ending organization move to its successor."""
    ending = [org.pk for org, state in states if state is None]
    moves = {
        pid: successors[org_id]
        for pid, org_id in members_of(ending, effective_on).items()
        if org_id in successors
    }
    return _end_with_members(
        OrgChangeKind.RESTRUCTURED,
        effective_on,
        states=states,
        member_moves=moves,
        successors=successors,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
    )


@command
def void_org_change(wrong: OrgChange, *, legal_basis: LegalBasis, recorded_by: str, note: str) -> OrgChange:
    """Withdraw an organization change recorded in error, as new rows: the change is voided
    (:func:`partyorg.organizations.services.void_change`: refused while a later change of its
    organizations stands) and so is every member's reassignment it recorded, each person's history
    replayed without it (refused when something recorded since depends on it). An organization
    it founded must hold no record of anyone else. Returns the voiding row."""
    voiding, founded = org_services.void_change(
        wrong, legal_basis=legal_basis, recorded_by=recorded_by, note=note
    )
    moved = MembershipEvent.objects.filter(
        org_change=wrong, kind=EventKind.ORG_REASSIGNED, corrections__isnull=True
    ).select_related("person")
    for event in moved:
        try:
            void_event.within(event, recorded_by=recorded_by, legal_basis=legal_basis, note=note)
        except (EventRefused, RuleViolation) as refused:
            raise OrgChangeError(
                _("Không hủy được việc chuyển đảng viên %(name)s: %(why)s")
                % {"name": event.person.full_name, "why": refused}
            ) from refused
    if founded:
        other = (
            MembershipEvent.objects.filter(
                Q(organization_id__in=founded) | Q(other_organization_id__in=founded)
            )
            .exclude(org_change=wrong)
            .exclude(kind=EventKind.VOIDED)
            .filter(corrections__isnull=True)
            .select_related("person")
            .first()
        )
        if other is not None:
            raise OrgChangeError(
                _("Tổ chức do thay đổi này lập ra đã có hồ sơ của %(name)s; hãy sửa hồ sơ đó trước.")
                % {"name": other.person.full_name}
            )
    return voiding


def holds(org: Organization, on: date) -> bool:
    return OrgVersion.objects.filter(valid_on(on), organization=org).exists()


__all__ += ["OrgState", "RuleViolation", "holds"]
