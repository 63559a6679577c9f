"""The page form that issues a paper: who issues it, how the body is named, where and when."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import VietnameseDateField
from partyorg.organizations.models import Organization


class IssueForm(forms.Form):
    issuer = forms.ChoiceField(label=_("Cấp ủy ban hành"))
    body_name = forms.CharField(label=_("Tên cơ quan ban hành"), max_length=200)
    body_symbol = forms.CharField(label=_("Ký hiệu cơ quan"), max_length=20)
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    issued_on = VietnameseDateField(label=_("Ngày ký"), required=False)

    def __init__(
        self, *args: Any, issuers: list[tuple[Organization, str]], dated: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.issuers = {str(org.pk): org for org, _name in issuers}
        self.fields["issuer"].choices = [(str(org.pk), name) for org, name in issuers]  # type: ignore[attr-defined]
        if dated:  # dated by its event: no date to choose
            del self.fields["issued_on"]
        else:
            self.fields["issued_on"].required = True

    def issuing_organization(self) -> Organization:
        return self.issuers[self.cleaned_data["issuer"]]
