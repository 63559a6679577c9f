"""Recording the party-card register (RULES.md §2.5): each act an appended row (see ``models``).

What the commands check, and where it comes from:

- a card is **issued only to an official member** on the day it is issued (RULES.md §2.5 [V]:
  QĐ 29-QĐ/TW §6.1a, "chỉ phát thẻ cho đảng viên chính thức"); the same for a card reissued,
  exchanged or renewed in a nationwide exchange (Chỉ thị 51-CT/TW of 08/08/2025 [V]: "only for
  official members who already have a card");
- **one valid card at a time**: a card is issued to a member who holds none that day; a reissue or an
  exchange replaces the card the member holds; a taking back needs a card held (the register's own
  consistency, not a rule of the Statute);
- **a number belongs to one person**: a number the register holds for someone else is refused; the
  same member may keep their number on a reissue (RULES.md does not say whether a reissued card
  keeps the number; partyorg allows both);
- rows of a member are recorded **in the order of their days**: an act dated before the member's
  last row in force is refused (correct or withdraw the later row first).

Taking a card back (*thu hồi thẻ*): RULES.md §2.5 does not say when a card must be taken back; §2.9
ground 2 only names a member who returns or destroys their card on their own as a ground of removal.
partyorg records a taking back when the officer records one, whether or not the person is still a
member that day, and requires none on expulsion, removal, exit or death (a re-admitted member's old
card must be taken back before a new one is issued). RULES.md §2.5 sets no deadline between
recognition and the card ([V] "không có quy định cụ thể"): nothing is checked there either.

Every command takes the new row's ``uid`` and ``recorded_at`` (an import keeps the file's) and is one
durable transaction (:func:`partyorg.core.commands.command`); an import calls them ``.within``.
After each, ``Person.card_number`` is set to the number of the member's last card in the register
(see ``models``).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from django.utils.translation import gettext as _

from partyorg.cards.models import HANDED_OUT, REPLACING, CardAction, PartyCard
from partyorg.cards.queries import cards_in_force, held_in, history_of, holders_of, last_number
from partyorg.core import bulk
from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Refused
from partyorg.discipline.services import member_on
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus, Person

__all__ = [
    "Adopted",
    "CardInput",
    "CardRefused",
    "adopt_card_numbers",
    "correct_card",
    "record_card",
    "record_cards",
    "withdraw_card",
]

SOURCE_OFFICIAL = "QĐ 29-QĐ/TW §6.1a"  # RULES.md §2.5 [V]
SOURCE_EXCHANGE = "Chỉ thị 51-CT/TW ngày 08/08/2025"  # RULES.md §2.5 [V]


class CardRefused(Refused):
    """The act contradicts the member's record or the register; the message is Vietnamese."""


# (organization id, status) of a person on a day, None when not a member that day: the same
# question a disciplinary measure asks.
held_by = member_on


def last_held_by(person: Person, on: date) -> int | None:
    """The organization that held ``person`` last on or before ``on`` (a former member's last)."""
    return (
        MembershipInterval.objects.filter(person=person, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("organization_id", flat=True)
        .first()
    )


class CardFacts(Protocol):
    """What the checks of a row read of the records: the database (:class:`StoredCards`, a single
    command) or what a batch read once and keeps up to date (:class:`BatchCards`)."""

    def history(self, person_id: int, excluding: int | None) -> list[PartyCard]: ...

    def held_by(self, person: Person, on: date) -> tuple[int, str] | None: ...

    def holders(self, number: str) -> set[int]: ...

    def last_held_by(self, person: Person, on: date) -> int | None: ...


class StoredCards:
    """The facts of a row, read from the database."""

    def history(self, person_id: int, excluding: int | None) -> list[PartyCard]:
        return history_of(person_id, excluding=excluding)

    def held_by(self, person: Person, on: date) -> tuple[int, str] | None:
        return held_by(person, on)

    def holders(self, number: str) -> set[int]:
        return holders_of(number)

    def last_held_by(self, person: Person, on: date) -> int | None:
        return last_held_by(person, on)


def _check(
    person: Person,
    action: str,
    on: date,
    number: str,
    *,
    excluding: int | None = None,
    facts: CardFacts | None = None,
) -> tuple[int, str]:
    """The organization the row belongs to and the card's number, once the act is allowed."""
    facts = facts or StoredCards()
    if action not in CardAction.values:
        raise CardRefused(_("Việc “%(action)s” không có trong sổ phát thẻ.") % {"action": action})
    history = facts.history(person.pk, excluding)
    later = [row for row in history if row.effective_on > on]
    if later:
        raise CardRefused(
            _(
                "Sổ phát thẻ đã có việc ngày %(later)s của %(name)s, sau ngày %(day)s: "
                "ghi theo thứ tự ngày (sửa hoặc hủy dòng sau trước)."
            )
            % {"later": vn_date(later[-1].effective_on), "name": person.full_name, "day": vn_date(on)}
        )
    held = held_in(history, on)
    membership = facts.held_by(person, on)
    if action in HANDED_OUT and (membership is None or membership[1] != MemberStatus.OFFICIAL):
        raise CardRefused(
            _(
                "%(name)s không phải là đảng viên chính thức vào ngày %(day)s: thẻ đảng viên chỉ "
                "phát cho đảng viên chính thức (%(source)s)."
            )
            % {"name": person.full_name, "day": vn_date(on), "source": SOURCE_OFFICIAL}
        )
    if action == CardAction.ISSUED and held is not None:
        raise CardRefused(
            _(
                "%(name)s đang giữ thẻ số %(number)s (từ ngày %(since)s): mỗi đảng viên chỉ giữ một thẻ; "
                "ghi cấp lại, đổi thẻ, hoặc thu hồi thẻ cũ trước."
            )
            % {"name": person.full_name, "number": held.number, "since": vn_date(held.effective_on)}
        )
    if action in REPLACING and held is None:
        source = SOURCE_EXCHANGE if action == CardAction.RENEWED else "RULES.md §2.5"
        raise CardRefused(
            _(
                "%(name)s chưa có thẻ trong sổ vào ngày %(day)s: chỉ cấp lại, đổi thẻ cho đảng viên "
                "đã được phát thẻ (%(source)s)."
            )
            % {"name": person.full_name, "day": vn_date(on), "source": source}
        )
    if action == CardAction.TAKEN_BACK:
        if held is None:
            raise CardRefused(
                _("%(name)s không giữ thẻ nào trong sổ vào ngày %(day)s.")
                % {"name": person.full_name, "day": vn_date(on)}
            )
        if number and number != held.number:
            raise CardRefused(
                _("Thẻ đang giữ có số %(held)s, không phải %(number)s.")
                % {"held": held.number, "number": number}
            )
        number = held.number
    number = number.strip()
    if not number:
        raise CardRefused(_("Cần ghi số thẻ đảng viên."))
    others = facts.holders(number) - {person.pk}
    if others:
        raise CardRefused(
            _("Số thẻ %(number)s đã được ghi cho một đảng viên khác: mỗi số thẻ chỉ của một người.")
            % {"number": number}
        )
    org_id = membership[0] if membership is not None else facts.last_held_by(person, on)
    if org_id is None:
        raise CardRefused(
            _("%(name)s chưa từng là đảng viên đến ngày %(day)s.")
            % {"name": person.full_name, "day": vn_date(on)}
        )
    return org_id, number


def _copy_number(person: Person) -> None:
    """``Person.card_number`` as the number of the member's last card in the register (kept as it
    was while the register holds none)."""
    number = last_number(person.pk)
    if number is not None and number != person.card_number:
        Person.objects.filter(pk=person.pk).update(card_number=number)
        person.card_number = number


@command
def record_card(
    person: Person,
    action: str,
    effective_on: date,
    *,
    number: str = "",
    legal_basis: LegalBasis,
    recorded_by: str,
    issued_by: str = "",
    reason: str = "",
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PartyCard:
    """Record one act of the register (see the module's docstring for what is checked)."""
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer a member at a time
    return _write(
        person,
        action,
        effective_on,
        number,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        issued_by=issued_by,
        reason=reason,
        note=note,
        stamped=stamp(uid, recorded_at),
    )


def _write(
    person: Person,
    action: str,
    effective_on: date,
    number: str,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    issued_by: str,
    reason: str,
    note: str,
    stamped: dict[str, Any],
    corrects: PartyCard | None = None,
) -> PartyCard:
    """Check the act (as if ``corrects`` were not there), append it, copy the member's number."""
    org_id, number = _check(person, action, effective_on, number, excluding=corrects.pk if corrects else None)
    row = PartyCard.objects.create(
        **stamped,
        person=person,
        organization_id=org_id,
        action=action,
        effective_on=effective_on,
        number=number,
        issued_by=issued_by or legal_basis.issuer,
        reason=reason,
        corrects=corrects,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )
    _copy_number(person)
    return row


def _open(wrong: PartyCard) -> PartyCard:
    wrong = PartyCard.objects.select_for_update().select_related("person").get(pk=wrong.pk)
    if wrong.withdrawn or PartyCard.objects.filter(corrects=wrong).exists():
        raise CardRefused(_("Dòng sổ phát thẻ này đã được sửa hoặc hủy."))
    return wrong


@command
def correct_card(
    wrong: PartyCard,
    *,
    action: str,
    effective_on: date,
    number: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    issued_by: str = "",
    reason: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PartyCard:
    """Replace a row recorded wrong by the whole corrected row, checked as if the wrong one were not
    there; the wrong row stays, answered by this one."""
    if not note.strip():
        raise CardRefused(_("Cần ghi lý do sửa."))
    wrong = _open(wrong)
    return _write(
        wrong.person,
        action,
        effective_on,
        number,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        issued_by=issued_by,
        reason=reason,
        note=note,
        stamped=stamp(uid, recorded_at),
        corrects=wrong,
    )


@command
def withdraw_card(
    wrong: PartyCard,
    *,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PartyCard:
    """Take a row recorded in error back altogether (the row stays, answered by the withdrawal). A
    row that later rows of the member rest on (a card reissued after it) must wait for them."""
    if not note.strip():
        raise CardRefused(_("Cần ghi lý do hủy."))
    wrong = _open(wrong)
    history = history_of(wrong.person_id, excluding=wrong.pk)
    if any((row.effective_on, row.pk) > (wrong.effective_on, wrong.pk) for row in history):
        raise CardRefused(_("Sổ phát thẻ có việc ghi sau dòng này: hủy các dòng sau trước."))
    row = PartyCard.objects.create(
        **stamp(uid, recorded_at),
        person=wrong.person,
        organization=wrong.organization,
        action=wrong.action,
        effective_on=wrong.effective_on,
        number=wrong.number,
        issued_by=wrong.issued_by,
        reason=wrong.reason,
        corrects=wrong,
        withdrawn=True,
        note=note,
        recorded_by=recorded_by,
        basis_number=wrong.basis_number,
        basis_date=wrong.basis_date,
        basis_issuer=wrong.basis_issuer,
    )
    _copy_number(wrong.person)
    return row


# -- many at once, with the checks of the single command (an import) --------------------------------

CHUNK = 900  # people or numbers asked in one query (SQLite's limit on parameters)


@dataclass(frozen=True)
class CardInput:
    """A row for :func:`record_cards`: the arguments of :func:`record_card`."""

    person: Person
    action: str
    effective_on: date
    number: str
    legal_basis: LegalBasis
    recorded_by: str
    issued_by: str = ""
    reason: str = ""
    note: str = ""
    uid: uuid.UUID | str | None = None
    recorded_at: datetime | None = None


class BatchCards:
    """The facts of rows, read once for a batch (the people's rows in force and membership periods,
    the holders of the numbers named) and kept up to date with the rows the batch adds."""

    def __init__(self, person_ids: Collection[int], numbers: Collection[str]) -> None:
        self.rows: dict[int, list[PartyCard]] = defaultdict(list)
        self.numbers: dict[str, set[int]] = defaultdict(set)
        self.periods: dict[int, list[tuple[int, int, str, date, date | None]]] = defaultdict(list)
        people = sorted(person_ids)
        for start in range(0, len(people), CHUNK):
            chunk = people[start : start + CHUNK]
            for row in cards_in_force().filter(person_id__in=chunk).order_by("effective_on", "pk"):
                self.rows[row.person_id].append(row)
            for pk, person_id, org_id, status, first, until in MembershipInterval.objects.filter(
                person_id__in=chunk
            ).values_list("pk", "person_id", "organization_id", "status", "valid_from", "valid_until"):
                self.periods[person_id].append((pk, org_id, status, first, until))
        named = sorted(set(numbers) | {row.number for rows in self.rows.values() for row in rows})
        for start in range(0, len(named), CHUNK):
            held = cards_in_force().filter(number__in=named[start : start + CHUNK])
            for number, person_id in held.values_list("number", "person_id"):
                self.numbers[number].add(person_id)

    def add(self, row: PartyCard) -> None:
        self.rows[row.person_id].append(row)
        self.rows[row.person_id].sort(key=lambda r: (r.effective_on, r.pk))
        self.numbers[row.number].add(row.person_id)

    def history(self, person_id: int, excluding: int | None) -> list[PartyCard]:
        return [row for row in self.rows[person_id] if row.pk != excluding]

    def held_by(self, person: Person, on: date) -> tuple[int, str] | None:
        held = sorted(p for p in self.periods[person.pk] if p[3] <= on and (p[4] is None or on < p[4]))
        return (held[0][1], held[0][2]) if held else None

    def holders(self, number: str) -> set[int]:
        return set(self.numbers.get(number, ()))

    def last_held_by(self, person: Person, on: date) -> int | None:
        begun = [p for p in self.periods[person.pk] if p[3] <= on]
        return max(begun, key=lambda p: p[3])[1] if begun else None

    def last_number(self, person_id: int) -> str | None:
        handed = [row for row in self.rows[person_id] if row.action in HANDED_OUT]
        return max(handed, key=lambda r: (r.effective_on, r.pk)).number if handed else None


def record_cards(items: Sequence[CardInput]) -> list[PartyCard]:
    """Record many rows of the register at once, in order: each checked as :func:`record_card`
    checks it (``_check``), against the facts read once for the batch (:class:`BatchCards`) with the
    rows written before it; written in bulk, then each member's ``card_number`` set as
    ``_copy_number`` sets it. All or nothing: a refusal raises (inside the caller's transaction)."""
    facts = BatchCards({item.person.pk for item in items}, {item.number.strip() for item in items})
    ids = iter(bulk.allocate_ids(PartyCard, len(items)))
    rows: list[PartyCard] = []
    for item in items:
        org_id, number = _check(item.person, item.action, item.effective_on, item.number, facts=facts)
        row = PartyCard(
            pk=next(ids),
            **stamp(item.uid, item.recorded_at),
            person=item.person,
            organization_id=org_id,
            action=item.action,
            effective_on=item.effective_on,
            number=number,
            issued_by=item.issued_by or item.legal_basis.issuer,
            reason=item.reason,
            note=item.note,
            recorded_by=item.recorded_by,
            **item.legal_basis.as_fields(),
        )
        facts.add(row)
        rows.append(row)
    names = [f.attname for f in PartyCard._meta.concrete_fields]
    bulk.insert_rows(PartyCard, names, ([getattr(row, name) for name in names] for row in rows))
    changed = []
    for person in {item.person.pk: item.person for item in items}.values():
        last = facts.last_number(person.pk)
        if last is not None and last != person.card_number:
            person.card_number = last
            changed.append(person)
    Person.objects.bulk_update(changed, ["card_number"], batch_size=500)
    return rows


ADOPTED_NOTE = (
    "Số thẻ chuyển từ hồ sơ đảng viên vào sổ phát thẻ; ngày phát lấy theo ngày công nhận đảng viên chính thức"
)


@dataclass(frozen=True)
class Adopted:
    """What :func:`adopt_card_numbers` did: the rows written, and the numbers it left alone because
    two people carry them (to be settled by hand)."""

    written: int
    shared_numbers: tuple[str, ...]


@command
def adopt_card_numbers(
    *, recorded_by: str, org_ids: Collection[int] | None = None, recorded_at: datetime | None = None
) -> Adopted:
    """Bring the card numbers people carry from before the register (``Person.card_number``, typed
    or imported) into it: for each member with a number and no row in the register, whose
    recognition as an official member is recorded, a card issued on the day of that recognition
    (the register's first card is the one handed out after it, RULES.md §2.5; the day it was handed
    out is not known, and no deadline is set) by the organization holding them that day; with
    ``org_ids``, only where that organization is one of them. Members official before the records
    (no recognition recorded) keep their number on their record only. A number two people carry is
    left for an officer. One bulk pass: a province's members in a few seconds (the demo uses it)."""
    taken = set(cards_in_force().values_list("person_id", flat=True))
    numbers = dict(Person.objects.exclude(card_number="").values_list("pk", "card_number"))
    counts = Counter(numbers.values())
    shared = sorted(number for number, n in counts.items() if n > 1)
    rows = list(
        MembershipEvent.objects.filter(kind=EventKind.RECOGNIZED_OFFICIAL).values_list(
            "pk", "person_id", "effective_on"
        )
    )
    corrected = set(
        MembershipEvent.objects.filter(corrects__kind=EventKind.RECOGNIZED_OFFICIAL).values_list(
            "corrects_id", flat=True
        )
    )
    recognized: dict[int, date] = {}
    for pk, person_id, day in sorted(rows):
        if pk not in corrected and person_id in numbers and person_id not in taken:
            recognized[person_id] = day  # the last recognition recorded (a re-admitted member's)
    # The organization holding each of them on the day: their official interval that starts then.
    wanted = set(recognized.items())
    starting = MembershipInterval.objects.filter(
        status=MemberStatus.OFFICIAL, valid_from__in=set(recognized.values())
    ).values_list("person_id", "valid_from", "organization_id")
    held = {(p, day): org_id for p, day, org_id in starting if (p, day) in wanted}
    stamped = stamp(recorded_at=recorded_at)["recorded_at"]
    columns = (
        "uid", "person_id", "organization_id", "action", "effective_on", "number", "issued_by", "reason",
        "note", "withdrawn", "corrects_id", "recorded_at", "recorded_by", "basis_number", "basis_date",
        "basis_issuer",
    )  # fmt: skip
    issued = CardAction.ISSUED.value
    blank = ("", "", ADOPTED_NOTE, False, None, stamped, recorded_by, "", None, "")
    cards = [
        (uuid.uuid4(), person_id, held[person_id, day], issued, day, numbers[person_id], *blank)
        for person_id, day in sorted(recognized.items())
        if (person_id, day) in held
        and counts[numbers[person_id]] == 1
        and (org_ids is None or held[person_id, day] in org_ids)
    ]
    bulk.insert_rows(PartyCard, columns, cards)
    return Adopted(len(cards), tuple(shared))
