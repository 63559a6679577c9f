"""The discipline pages' forms: a measure against a member, a commendation. They only read what was
typed (days the Vietnamese way); the services (:mod:`partyorg.discipline.services`) judge it against
the rules. A page adds the override of a rule's refusal (its two buttons) where the service may
refuse by a rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import LegalBasisForm, VietnameseDateField
from partyorg.discipline.models import Sanction

__all__ = ["CommendForm", "MeasureForm"]

MEMBER_SANCTIONS = [(c.value, c.label) for c in Sanction if c != Sanction.DISSOLUTION]


class MeasureForm(LegalBasisForm):
    """A measure against a member (khiển trách, cảnh cáo, cách chức, khai trừ)."""

    person = forms.CharField(label=_("Mã đảng viên"), max_length=40)
    sanction = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=MEMBER_SANCTIONS)
    decided_on = VietnameseDateField(label=_("Ngày quyết định"))
    deciding_body = forms.CharField(label=_("Cấp quyết định"), required=False, max_length=200)
    violation_on = VietnameseDateField(label=_("Ngày vi phạm"), required=False)
    self_remedied = forms.BooleanField(label=_("Tự phát hiện và khắc phục xong hậu quả"), required=False)
    post = forms.CharField(label=_("Chức vụ bị cách"), required=False, max_length=200)
    votes_for = forms.IntegerField(label=_("Số phiếu đồng ý"), required=False, min_value=0)
    entitled_voters = forms.IntegerField(
        label=_("Số thành viên có quyền biểu quyết"), required=False, min_value=0
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "person", "sanction", "decided_on", "deciding_body", "violation_on", "self_remedied", "post",
        "votes_for", "entitled_voters", "basis_number", "basis_date", "basis_issuer", "note",
        "override_rule", "override_reason",
    ]  # fmt: skip

    def measure(self) -> dict[str, Any]:
        """What :func:`~partyorg.discipline.services.discipline_member` takes from the form besides
        the member, the recorder and the override (once the form is valid)."""
        data = self.cleaned_data
        return {
            "sanction": data["sanction"],
            "decided_on": data["decided_on"],
            "legal_basis": self.legal_basis(),
            "deciding_body": data["deciding_body"],
            "violation_on": data["violation_on"],
            "self_remedied": data["self_remedied"],
            "post": data["post"],
            "votes_for": data["votes_for"],
            "entitled_voters": data["entitled_voters"],
            "note": data["note"],
        }


class CommendForm(LegalBasisForm):
    """A commendation of a member, or of the organization itself (no member's code)."""

    person = forms.CharField(
        label=_("Mã đảng viên"), required=False, max_length=40,
        help_text=_("để trống khi khen thưởng chính tổ chức này"),
    )  # fmt: skip
    title = forms.CharField(label=_("Hình thức khen thưởng"), max_length=300)
    awarded_on = VietnameseDateField(label=_("Ngày quyết định"))
    awarding_body = forms.CharField(label=_("Cấp khen thưởng"), max_length=200)
    for_year = forms.IntegerField(label=_("Năm được khen"), required=False, min_value=1930, max_value=2100)
    years = forms.IntegerField(label=_("Số năm liên tục"), min_value=1, max_value=10, initial=1)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "person", "title", "awarded_on", "awarding_body", "for_year", "years", "basis_number",
        "basis_date", "basis_issuer", "note",
    ]  # fmt: skip

    def commendation(self) -> dict[str, Any]:
        """What :func:`~partyorg.discipline.services.commend` takes from the form besides the one
        commended and the recorder (once the form is valid)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "awarded_on": data["awarded_on"],
            "awarding_body": data["awarding_body"],
            "legal_basis": self.legal_basis(),
            "for_year": data["for_year"],
            "years": data["years"],
            "note": data["note"],
        }
