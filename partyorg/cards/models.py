"""The party-card register (*sổ phát thẻ đảng viên*, RULES.md §2.5): the register the direct superior
of the grassroots organization keeps.

Every row is one act on a member's card, on a day, with the decision it rests on: a card **issued**
on recognition as an official member, **reissued** for a lost card, **exchanged** for a damaged one
or in a nationwide exchange (Chỉ thị 29-CT/TW 2003, 51-CT/TW 2025), or **taken back** (*thu hồi*).
The table is a log (the database refuses UPDATE and DELETE, ``partyorg.core.append_only``): a row
recorded wrong is answered by a new row whose ``corrects`` points at it, carrying the whole corrected
record; ``withdrawn`` on that new row takes the wrong one back altogether (``objects.in_force()``).

The card a member holds on a day is the last card handed out (issued, reissued, exchanged) on or
before it, unless a taking back followed it (:func:`partyorg.cards.queries.card_on`).

``Person.card_number`` (members) is older than the register: the register is the home of card
numbers; the field is a copy of the number of the member's last card in the register, written by
the register's commands (:mod:`partyorg.cards.services`), and keeps a number typed or imported
before the register held any card of the person (the source the register adopts,
:func:`partyorg.cards.services.adopt_card_numbers`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, RecordedFields


class CardAction(models.TextChoices):
    ISSUED = "issued", _("Phát thẻ (đảng viên chính thức)")
    REISSUED = "reissued", _("Cấp lại thẻ bị mất")
    EXCHANGED = "exchanged", _("Đổi thẻ bị hỏng")
    RENEWED = "renewed", _("Đổi thẻ theo đợt đổi thẻ chung")
    TAKEN_BACK = "taken_back", _("Thu hồi thẻ")


# The acts that hand a card to the member (the others take one back).
HANDED_OUT = frozenset({CardAction.ISSUED, CardAction.REISSUED, CardAction.EXCHANGED, CardAction.RENEWED})
# The acts that replace the card the member holds by a new one.
REPLACING = frozenset({CardAction.REISSUED, CardAction.EXCHANGED, CardAction.RENEWED})


class PartyCard(Correctable, LegalBasisFields, RecordedFields):
    """One row of the card register: ``action`` on ``person``'s card on ``effective_on``.

    ``organization`` is the organization holding the member that day (whose register line it is,
    and who may change it); ``number`` the card's number (a taking back repeats the number of the
    card taken back); ``issued_by`` the body that decided (by default the decision's issuer)."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "effective_on"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="cards")
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="+")
    action = models.CharField(_("việc"), max_length=20, choices=CardAction.choices)
    effective_on = models.DateField(_("ngày"))
    number = models.CharField(_("số thẻ"), max_length=40)
    issued_by = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thẻ đảng viên")
        verbose_name_plural = _("sổ phát thẻ đảng viên")
        indexes = [
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["organization", "effective_on"]),
            models.Index(fields=["number"]),
            models.Index(fields=["action", "effective_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.number} {self.effective_on:%d/%m/%Y}"
