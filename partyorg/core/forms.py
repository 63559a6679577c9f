"""The fields every page form shares, for the apps' own forms (``partyorg/<app>/forms.py``) and the
web's: a day, a month and an amount typed the Vietnamese way, and a decision's legal basis. They
only read what was typed; the services judge it against the rules."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.records import LegalBasis

__all__ = [
    "DATE_INPUT",
    "AmountField",
    "LegalBasisForm",
    "MonthField",
    "VietnameseDateField",
    "parse_amount",
    "parse_month",
]

DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10}


class VietnameseDateField(forms.DateField):
    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Ngày không hợp lệ (dạng dd/mm/yyyy)")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT))
        super().__init__(**kwargs)


def parse_month(text: str | None) -> date | None:
    """ "07/2025" (or "7/2025", "2025-07") → 01/07/2025; None when not a month."""
    match = re.fullmatch(r"(\d{1,2})/(\d{4})|(\d{4})-(\d{1,2})", (text or "").strip())
    if match is None:
        return None
    month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return None


class MonthField(forms.CharField):
    """A month typed ``mm/yyyy`` (:func:`parse_month`): its first day; empty is None."""

    default_error_messages = {"invalid": _("Tháng không hợp lệ (dạng mm/yyyy)")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "mm/yyyy", "size": 8}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%m/%Y}" if isinstance(value, date) else value

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


AMOUNT = re.compile(r"(\d{1,3}(?:[. ]\d{3})+|\d+)\s*(?:đ|đồng)?", re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """``21000``, ``21.000``, ``21 000`` or ``21.000 đ`` → 21000; None when not an amount in đồng
    (a comma is the decimal sign: ``21,5`` is not one)."""
    match = AMOUNT.fullmatch(text.strip())
    return int(re.sub(r"\D", "", match[1])) if match else None


class AmountField(forms.CharField):
    """An amount in đồng, typed the Vietnamese way (:func:`parse_amount`); empty is None."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        amount = parse_amount(text)
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class LegalBasisForm(forms.Form):
    """The decision a record rests on (``core.records.LegalBasis``): number, date, issuer."""

    basis_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    basis_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    basis_issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)

    def legal_basis(self) -> LegalBasis:
        """The basis typed (once the form is valid)."""
        data = self.cleaned_data
        number, issuer = data.get("basis_number") or "", data.get("basis_issuer") or ""
        return LegalBasis(number, data.get("basis_date"), issuer)
