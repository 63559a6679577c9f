"""The register answers for ``Person.card_number`` once it holds a card of the person."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from partyorg.cards.queries import last_number
from partyorg.members.models import Person
from partyorg.members.services import PersonRefused


def refuse_card_number_past_register(
    sender: Any, *, person: Person, fields: frozenset[str], **_kw: Any
) -> None:
    """``members.services.correct_person`` may not change the card number of a person the register
    holds a card of: the field is then a copy of the register's last card (``cards.models``), and a
    wrong number is corrected in the register, where the decision it rests on is kept."""
    if "card_number" not in fields:
        return
    number = last_number(person.pk)
    if number is not None:
        raise PersonRefused(
            _(
                "Số thẻ đảng viên của %(who)s theo sổ phát thẻ là %(number)s: hãy sửa dòng của sổ phát "
                "thẻ (Thẻ đảng viên), không sửa ở hồ sơ."
            )
            % {"who": f"{person.full_name} ({person.code})", "number": number}
        )
