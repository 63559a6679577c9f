"""Forms every yearly-work page shares: withdrawing a record. The forms of each kind of record are in
its app (``recruitment/forms.py``, ``committees/forms.py``…). Every message is Vietnamese."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import LegalBasisForm


class WithdrawForm(forms.Form):
    """Taking a record back: it stays in the log, answered by a withdrawal that says why."""

    note = forms.CharField(label=_("Lý do hủy bỏ"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawWithBasisForm(LegalBasisForm, WithdrawForm):
    """A withdrawal decided by a document (a measure annulled on complaint, a rating reviewed)."""

    field_order = ["note", "basis_number", "basis_date", "basis_issuer"]
