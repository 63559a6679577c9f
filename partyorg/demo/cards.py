"""Demo party cards: the card register of the demo province (RULES.md §2.5), one card issued to each
member whose recognition as an official member is in the records, on the day of the recognition.

The number is the one the member's record carries (``partyorg.demo.people`` numbers the members
official when the demo is built: province code + the record's number); a member recognized who has
left since carries none, and is given the number of the same pattern, the card they were handed
then. The cards are written by :func:`partyorg.cards.services.adopt_card_numbers` in one bulk pass
(about 5 s for the province's 52.680 cards, 07/12/2026, 2 cores). Members official before 2010 (no
recognition recorded) keep their number on their record only; no card is reissued, exchanged or
taken back, so no figure but form 7's "cards issued" moves."""

from __future__ import annotations

from datetime import date

from partyorg.cards.services import adopt_card_numbers
from partyorg.demo.structure import PROVINCE_CODE
from partyorg.members.models import EventKind, MembershipEvent, Person


def number_for(code: str) -> str:
    """The demo's card number of the record ``code`` ("DB000042" → "110000042")."""
    digits = "".join(c for c in code if c.isdigit())
    return f"{PROVINCE_CODE}{int(digits or 0):07d}"


def populate(*, seed: int = 2017, recorded_by: str = "demo", today: date | None = None) -> dict[str, int]:
    """Issue the demo's cards; ``seed`` and ``today`` are the other parts' (nothing here is drawn,
    and every recognition in the records is before the day the demo is built)."""
    recognized = MembershipEvent.objects.filter(kind=EventKind.RECOGNIZED_OFFICIAL).values("person_id")
    unnumbered = list(Person.objects.filter(card_number="", pk__in=recognized).only("pk", "code"))
    for person in unnumbered:
        person.card_number = number_for(person.code)
    Person.objects.bulk_update(unnumbered, ["card_number"], batch_size=500)
    adopted = adopt_card_numbers(recorded_by=recorded_by)
    return {"thẻ đảng viên": adopted.written, "số thẻ trùng": len(adopted.shared_numbers)}
