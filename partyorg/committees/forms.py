"""The committees pages' forms: a congress (or an appointed committee) and its correction, a seat
taken and a seat left. They only read what was typed (days the Vietnamese way); the services
(:mod:`partyorg.committees.services`) judge it against the rules. A page adds the override of a
rule's refusal (its two buttons) where a rule may refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.committees.models import CongressKind, Method, Position
from partyorg.core.forms import LegalBasisForm, VietnameseDateField

__all__ = ["CongressCorrectionForm", "CongressForm", "EndPositionForm", "PositionForm"]


class CongressForm(LegalBasisForm):
    field_order = [
        "kind",
        "held_on",
        "term_first_year",
        "term_last_year",
        "basis_number",
        "basis_date",
        "basis_issuer",
        "note",
    ]
    kind = forms.ChoiceField(label=_("Loại"), choices=CongressKind.choices)
    held_on = VietnameseDateField(label=_("Ngày đại hội (hoặc ngày quyết định chỉ định)"))
    term_first_year = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), min_value=1930, max_value=2100)
    term_last_year = forms.IntegerField(label=_("Nhiệm kỳ đến năm"), min_value=1930, max_value=2100)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CongressCorrectionForm(CongressForm):
    note = forms.CharField(label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}))


class PositionForm(LegalBasisForm):
    field_order = [
        "person",
        "position",
        "starts_on",
        "method",
        "congress",
        "basis_number",
        "basis_date",
        "basis_issuer",
        "note",
    ]
    person = forms.CharField(label=_("Mã hồ sơ đảng viên"), max_length=40)
    position = forms.ChoiceField(label=_("Chức vụ"), choices=Position.choices)
    starts_on = VietnameseDateField(label=_("Nhận chức từ ngày"))
    method = forms.ChoiceField(label=_("Hình thức"), choices=Method.choices)
    congress = forms.ChoiceField(label=_("Đại hội đã bầu"), required=False, choices=[])
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, congresses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = [("", "—"), *congresses]  # type: ignore[attr-defined]


class EndPositionForm(LegalBasisForm):
    field_order = ["ended_on", "basis_number", "basis_date", "basis_issuer", "note"]
    ended_on = VietnameseDateField(label=_("Thôi giữ chức từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
