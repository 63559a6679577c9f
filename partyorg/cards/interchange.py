"""The party-card register as it travels in an interchange file: the record kit of the cards app.

One record type, sheet "Thẻ đảng viên": each row an act of the register (issued, reissued, exchanged,
renewed, taken back), written through :mod:`partyorg.cards.services`, so a file is held to the same
checks as the pages. A row recorded wrong is answered by a row naming it in "Sửa cho": with
"Hủy" = Có it is taken back, otherwise the new row is the whole corrected record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.cards import services
from partyorg.cards.models import CardAction, PartyCard
from partyorg.core.formats import vn_date
from partyorg.core.interchange import (
    Codes,
    Column,
    Judge,
    Location,
    Record,
    RecordKit,
    Sheet,
    basis_columns,
    recorded_columns,
    shared_fields,
)
from partyorg.core.records import LegalBasis


@dataclass(frozen=True, kw_only=True)
class CardRecord(Record):
    """One act of the card register (``cards.PartyCard``)."""

    TYPE = "party_card"
    LABEL = gettext_lazy("Thẻ đảng viên")
    KEY = "uid"
    uid: str
    person: str  # person code
    action: str  # CardAction value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    number: str = ""  # empty for a taking back: the number of the card held
    organization: str = ""  # the organization holding the member that day (computed if empty)
    issued_by: str = ""  # the deciding body (computed if empty: the decision's issuer)
    reason: str = ""
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the row this one corrects or, with ``withdrawn``, takes back
    withdrawn: bool = False
    note: str = ""


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        CardRecord,
        "Thẻ đảng viên",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của dòng sổ phát thẻ", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên", width=16),
            Column("action", "Việc", "enum", enum="CardAction", width=14),
            Column("effective_on", "Ngày", "date", "Ngày phát, cấp lại, đổi hoặc thu hồi thẻ", width=13),
            *recorded_columns(),
            Column(
                "number", "Số thẻ", meaning="Số thẻ đảng viên; thu hồi: trống (số thẻ đang giữ)", width=18
            ),
            Column(
                "organization",
                "Tổ chức",
                meaning="Mã tổ chức đảng nơi đảng viên sinh hoạt ngày đó (trống: theo hồ sơ)",
                width=20,
            ),
            Column("issued_by", "Cấp quyết định", meaning="Trống: cơ quan ban hành văn bản", width=30),
            Column("reason", "Lý do", meaning="Lý do cấp lại, đổi, thu hồi", width=24),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã dòng sổ phát thẻ mà dòng này sửa hoặc hủy", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy dòng được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


class CardKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {CardRecord: PartyCard}
    enums: ClassVar[dict[str, Any]] = {"CardAction": CardAction}
    # The organization holding the member and the deciding body are worked out by the service.
    computed: ClassVar[dict[type[Record], frozenset[str]]] = {
        CardRecord: frozenset({"organization", "issued_by", "number"})
    }

    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {PartyCard: card_record}

    def judge(self, judge: Judge, record: Record) -> None:
        """A row is about its member on its day."""
        if isinstance(record, CardRecord):
            judge.person(record.person, record.effective_on)

    # A run of rows goes through services.record_cards (record_card's checks, what they read read
    # once for the run); a row naming its organization, or anything unusual (an unknown person),
    # returns False: the run then goes a row at a time, which says what is wrong.
    batched = frozenset({"party_card"})

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        work = self.work
        cards: list[CardRecord] = [r for _, r in items if isinstance(r, CardRecord)]
        person_ids = {r.person: work.person_id(r.person) for r in cards}
        org_ids = {r.organization: work.org_id(r.organization) for r in cards if r.organization}
        if None in person_ids.values() or None in org_ids.values():
            return False
        people = work.people(pk for pk in person_ids.values() if pk is not None)
        inputs = [
            services.CardInput(
                people[person_ids[r.person]],  # type: ignore[index]
                r.action,
                r.effective_on,
                r.number,
                LegalBasis.of(r),
                r.recorded_by,
                r.issued_by,
                r.reason,
                r.note,
                r.uid,
                r.recorded_at,
            )
            for r in cards
        ]
        written: list[PartyCard] = []
        if not work.written_batch(items, lambda: written.extend(services.record_cards(inputs))):
            return False
        for (location, r), row in zip(items, written, strict=True):  # as apply_party_card says it
            assert isinstance(r, CardRecord)
            if r.organization and row.organization_id != org_ids[r.organization]:
                work.problem(location, r, "organization", self.elsewhere(r))
        return True

    @staticmethod
    def elsewhere(r: CardRecord) -> str:
        return _("Ngày %(day)s đảng viên “%(person)s” không sinh hoạt tại tổ chức “%(org)s”") % {
            "day": vn_date(r.effective_on),
            "person": r.person,
            "org": r.organization,
        }

    def apply_party_card(self, location: Location | None, r: CardRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        org = work.org(location, r, "organization") if r.organization else None
        wrong = work.by_uid(PartyCard, location, r, "corrects", gettext_noop("dòng sổ phát thẻ"))
        if person is None or (r.organization and org is None) or (r.corrects and wrong is None):
            return
        basis = LegalBasis.of(r)
        call: Callable[[], PartyCard]
        if r.withdrawn:
            if wrong is None:
                work.problem(location, r, "corrects", _("Cần mã dòng sổ phát thẻ bị hủy"))
                return
            undone = wrong
            call = lambda: services.withdraw_card.within(  # noqa: E731
                undone, recorded_by=r.recorded_by, note=r.note, uid=r.uid, recorded_at=r.recorded_at
            )
        elif wrong is not None:
            replaced = wrong
            call = lambda: services.correct_card.within(  # noqa: E731
                replaced,
                action=r.action,
                effective_on=r.effective_on,
                number=r.number,
                legal_basis=basis,
                recorded_by=r.recorded_by,
                note=r.note,
                issued_by=r.issued_by,
                reason=r.reason,
                uid=r.uid,
                recorded_at=r.recorded_at,
            )
        else:
            call = lambda: services.record_card.within(  # noqa: E731
                person,
                r.action,
                r.effective_on,
                number=r.number,
                legal_basis=basis,
                recorded_by=r.recorded_by,
                issued_by=r.issued_by,
                reason=r.reason,
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
            )
        done = work.written(location, r, call)
        if done is not None and org is not None and done[0].organization_id != org.pk:
            work.problem(location, r, "organization", self.elsewhere(r))


def card_record(c: PartyCard, codes: Codes) -> CardRecord:
    return CardRecord(
        **shared_fields(c, codes, CardRecord),
        person=codes.person(c.person_id),
        action=c.action,
        effective_on=c.effective_on,
        number=c.number,
        organization=codes.org(c.organization_id),
        issued_by=c.issued_by,
        reason=c.reason,
    )


KITS = (CardKit,)
