"""Commands of the register: issue a paper from a member's record, withdraw one.

A paper is issued for an event already recorded, and the event is corrected to carry it: the
correcting row (:func:`partyorg.members.services.correct_event`, a new row, never an edit) repeats
the event with the paper's number, date and issuer as its legal basis. That way round because an
event reaches partyorg by many paths — the member page, the candidate's steps (which record the
admission decision and the recognition themselves), the command line, an imported file — and every
one of them already replays the history and applies the rules; the paper reads the facts those
paths recorded and adds only its number. The correction and the paper are written in one
transaction: a number is never printed without the event citing it, nor cited without its paper.

Numbers run on in a register: one issuing organization, one body symbol, one kind symbol and one
numbering period (``PARTYORG_PAPERS["numbering"]``: ``"year"``, the default, or ``"term"``, the
committee's term, as Hướng dẫn 36-HD/VPTW (03/04/2018) §II.1.3.1 numbers a committee's papers:
"liên tục từ số 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp ủy" [P], a secondary source
quoting it; RULES.md is silent). The next number is the highest given plus one, and a unique
constraint refuses a number given twice: two officers numbering at the same moment on PostgreSQL
make one of them retry with the next (on SQLite writers already take turns). A withdrawn paper keeps
its number; the next paper takes a new one.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.committees.queries import term_on
from partyorg.core.commands import command
from partyorg.core.records import LegalBasis, Override, Refused
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.members.services import correct_event, row_in_force, timeline_of
from partyorg.organizations.models import Organization
from partyorg.papers.bodies import Body, body_of, issuers_for
from partyorg.papers.content import DATED_BY_EVENT, KIND_SYMBOL, PAPER_OF_EVENT, compose
from partyorg.papers.models import Paper, PaperKind

__all__ = ["PaperRefused", "held_by", "issue_paper", "next_number", "period_of", "withdraw_paper"]

ATTEMPTS = 20  # numbers tried when others take them at the same moment


class PaperRefused(Refused):
    """A paper that cannot be issued or withdrawn; the message is Vietnamese."""


def period_of(body: Body, on: date) -> str:
    """The numbering period of ``body``'s register that ``on`` falls in: the year, or the committee's
    term as the committees record it (from the day of the congress that opened it; HD 36 counts a
    term from the day after the congress closes [P], which a congress of one day makes the same but
    for papers signed on the congress day itself)."""
    if getattr(settings, "PARTYORG_PAPERS", {}).get("numbering", "year") == "term":
        term = term_on(body.organization, on)
        if term is None:
            raise PaperRefused(
                _("Chưa ghi đại hội mở nhiệm kỳ của %(body)s: không đánh số theo nhiệm kỳ được.")
                % {"body": body.name}
            )
        return f"NK từ {term.opened_on:%d/%m/%Y}"
    return str(on.year)


def next_number(issuer: Organization, body_symbol: str, kind_symbol: str, period: str) -> int:
    """The next number of a register: one past the highest ever given, withdrawn ones included."""
    top = Paper.objects.filter(
        issuer=issuer, body_symbol=body_symbol, kind_symbol=kind_symbol, period=period
    ).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def held_by(event: MembershipEvent) -> Organization | None:
    """The organization the paper is about: the one the event puts the person in or happened at,
    else the one holding them the day before (a removal recorded without an organization)."""
    if event.organization_id:
        return event.organization
    before = timeline_of(event.person).state_on(date.fromordinal(event.effective_on.toordinal() - 1))
    return Organization.objects.filter(pk=before.organization_id).first() if before.organization_id else None


def _who(person: Person) -> str:
    return f"{person.full_name} ({person.code})"


@command
def issue_paper(
    event: MembershipEvent,
    *,
    issuer: Organization,
    recorded_by: str,
    issued_on: date | None = None,
    place: str = "",
    body_name: str = "",
    body_symbol: str = "",
    uid: uuid.UUID | None = None,
    recorded_at: datetime | None = None,
) -> Paper:
    """Issue the paper of ``event`` in ``issuer``'s register and correct the event to cite it.

    ``issued_on`` is the recognition decision's date; the other papers are dated by their event.
    Refused for an event that was corrected (print from the correction), one of a kind without a
    paper, one that already has its paper, or one already citing a decision typed in by hand."""
    Person.objects.select_for_update().filter(pk=event.person_id).first()  # one writer per person
    event = MembershipEvent.objects.select_related("person").get(pk=event.pk)
    who = _who(event.person)
    kind = PAPER_OF_EVENT.get(event.kind)
    if kind is None:
        raise PaperRefused(
            _("Không có văn bản in cho “%(event)s” (%(who)s).")
            % {"event": event.get_kind_display(), "who": who}
        )
    if event.corrections.exists():
        raise PaperRefused(_("Sự kiện này của %(who)s đã được sửa: hãy in từ bản ghi đã sửa.") % {"who": who})
    papers = list(Paper.objects.filter(event=event))
    given = [p for p in papers if not p.withdrawn and not any(w.corrects_id == p.pk for w in papers)]
    if given:
        raise PaperRefused(
            _("%(paper)s của %(who)s đã in: số %(number)s.")
            % {"paper": PaperKind(kind).label, "who": who, "number": given[0].full_number}
        )
    if event.basis_number:
        raise PaperRefused(
            _("Sự kiện này của %(who)s đã có căn cứ %(basis)s: văn bản đã ban hành, không cấp số mới cho nó.")
            % {"who": who, "basis": event.legal_basis}
        )
    if kind in DATED_BY_EVENT:
        if issued_on is not None and issued_on != event.effective_on:
            raise PaperRefused(
                _("%(paper)s mang ngày của sự kiện (%(day)s).")
                % {"paper": PaperKind(kind).label, "day": f"{event.effective_on:%d/%m/%Y}"}
            )
        day = event.effective_on
    elif issued_on is None:
        raise PaperRefused(_("Cần ngày ký quyết định."))
    else:
        day = issued_on
    about = held_by(event)
    if about is None or issuer not in issuers_for(about, day):
        raise PaperRefused(
            _("%(issuer)s không phải cấp ủy của nơi %(who)s sinh hoạt vào ngày %(day)s.")
            % {"issuer": issuer.code, "who": who, "day": f"{day:%d/%m/%Y}"}
        )
    body = body_of(issuer, day, name=body_name.strip(), symbol=body_symbol.strip())
    if not body.symbol:
        raise PaperRefused(_("Cần ký hiệu của cơ quan ban hành (ví dụ ĐU, HU)."))
    period = period_of(body, day)
    content = compose(kind, event, body, day, place=place.strip())
    kind_symbol = KIND_SYMBOL[kind]
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: a number taken meanwhile undoes only this try
                number = next_number(issuer, body.symbol, kind_symbol, period)
                full_number = f"{number}-{kind_symbol}/{body.symbol}"
                cited = correct_event.within(
                    event,
                    recorded_by=recorded_by,
                    legal_basis=LegalBasis(full_number, day, body.name),
                    note=f"Căn cứ theo văn bản in từ hồ sơ: số {full_number} ngày {day:%d/%m/%Y}.",
                    override=Override.of(event),
                )
                return Paper.objects.create(
                    uid=uid or uuid.uuid4(),
                    kind=kind,
                    person=event.person,
                    event=cited,
                    issuer=issuer,
                    body_name=body.name,
                    body_symbol=body.symbol,
                    kind_symbol=kind_symbol,
                    period=period,
                    number=number,
                    issued_on=day,
                    content={**content, "number_line": f"Số {full_number}"},
                    recorded_at=recorded_at or timezone.now(),
                    recorded_by=recorded_by,
                )
        except IntegrityError:
            continue
    raise PaperRefused(_("Không cấp được số văn bản: nhiều người cùng cấp số, hãy thử lại."))


@command
def withdraw_paper(
    paper: Paper, *, recorded_by: str, note: str, recorded_at: datetime | None = None
) -> Paper:
    """Withdraw ``paper`` (thu hồi): a new row of the register repeats it with ``withdrawn`` set and
    the reason, its number stays taken, and its event is corrected to cite nothing, so that the
    paper may be issued again under a new number."""
    if not note.strip():
        raise PaperRefused(_("Cần ghi lý do thu hồi."))
    Person.objects.select_for_update().filter(pk=paper.person_id).first()
    if paper.withdrawn or Paper.objects.filter(corrects=paper).exists():
        raise PaperRefused(_("Văn bản số %(number)s đã thu hồi.") % {"number": paper.full_number})
    event = paper.event
    if event.corrections.exists():
        # Voided since it was printed (it did not happen: a candidate's step withdrawn, say): there is
        # nothing left to cite the number, and the paper is withdrawn alone.
        if row_in_force(event).kind != EventKind.VOIDED:
            raise PaperRefused(
                _("Sự kiện mang số %(number)s đã được sửa sau khi in: hãy sửa sự kiện trước.")
                % {"number": paper.full_number}
            )
        uncited = event
    else:
        uncited = correct_event.within(
            event,
            recorded_by=recorded_by,
            legal_basis=LegalBasis(),
            note=f"Thu hồi văn bản số {paper.full_number}: {note.strip()}",
            override=Override.of(event),
        )
    return Paper.objects.create(
        kind=paper.kind,
        person_id=paper.person_id,
        event=uncited,
        issuer_id=paper.issuer_id,
        body_name=paper.body_name,
        body_symbol=paper.body_symbol,
        kind_symbol=paper.kind_symbol,
        period=paper.period,
        number=paper.number,
        issued_on=paper.issued_on,
        content=paper.content,
        corrects=paper,
        withdrawn=True,
        note=note.strip(),
        recorded_at=recorded_at or timezone.now(),
        recorded_by=recorded_by,
    )
