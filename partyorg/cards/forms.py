"""The card register's page form: one act on a member's card. It only reads what was typed (days the
Vietnamese way); the commands (:mod:`partyorg.cards.services`) judge it against the register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.cards.models import CardAction
from partyorg.core.forms import LegalBasisForm, VietnameseDateField

__all__ = ["CardForm"]


class CardForm(LegalBasisForm):
    person = forms.CharField(label=_("Mã đảng viên"), max_length=40)
    action = forms.ChoiceField(label=_("Việc"), choices=CardAction.choices)
    effective_on = VietnameseDateField(label=_("Ngày"))
    number = forms.CharField(
        label=_("Số thẻ"), max_length=40, required=False, help_text=_("thu hồi: để trống")
    )
    issued_by = forms.CharField(
        label=_("Cấp quyết định"),
        max_length=200,
        required=False,
        help_text=_("trống: cơ quan ban hành văn bản"),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "person", "action", "effective_on", "number", "issued_by", "reason", "basis_number", "basis_date",
        "basis_issuer", "note",
    ]  # fmt: skip

    def card(self) -> dict[str, Any]:
        """What :func:`~partyorg.cards.services.record_card` takes from the form besides the member
        and the recorder (once the form is valid)."""
        data = self.cleaned_data
        return {
            "action": data["action"],
            "effective_on": data["effective_on"],
            "number": data["number"],
            "legal_basis": self.legal_basis(),
            "issued_by": data["issued_by"],
            "reason": data["reason"],
            "note": data["note"],
        }
