"""Forms of the pages. Dates are typed the Vietnamese way (dd/mm/yyyy); every message is Vietnamese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.members.models import EventKind

# Kinds an officer records on a person's page (organization changes move people themselves, and a
# withdrawal of a wrong record is a correction).
RECORDABLE = [(k.value, k.label) for k in EventKind if k not in (EventKind.ORG_REASSIGNED, EventKind.VOIDED)]
DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10}


class VietnameseDateField(forms.DateField):
    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Ngày không hợp lệ (dạng dd/mm/yyyy)")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT))
        super().__init__(**kwargs)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sự kiện"), choices=RECORDABLE)
    effective_on = VietnameseDateField(label=_("Ngày hiệu lực"))
    organization = forms.CharField(
        label=_("Mã tổ chức"), required=False, help_text=_("nơi người được đưa vào hoặc nơi sự kiện xảy ra")
    )
    other_organization = forms.CharField(
        label=_("Mã tổ chức liên quan"),
        required=False,
        help_text=_("nơi đến, nơi đi, nơi sinh hoạt tạm thời"),
    )
    external_place = forms.CharField(label=_("Nơi ngoài hệ thống"), required=False, max_length=200)
    detail = forms.CharField(label=_("Chi tiết"), required=False, max_length=100)
    basis_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    basis_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    basis_issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_rule = forms.CharField(required=False, widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label=_("Lý do vẫn ghi dù trái quy định"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override_rule") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Cần ghi lý do khi vượt qua quy định"))
        return data
