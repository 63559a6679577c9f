"""The dues pages' forms: a cell's collection for a month, a member's basis, a relief decided on
application. They only read what was typed (days, months and amounts the Vietnamese way); the
services (:mod:`partyorg.dues.services`) judge it against the rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from partyorg.core.formats import vn_number
from partyorg.core.forms import AmountField, LegalBasisForm, MonthField, VietnameseDateField
from partyorg.dues.models import RECEIPT_NUMBER_LENGTH, DuesCategory, PaymentChannel, ReliefGround
from partyorg.dues.services import Collected, MemberRefused
from partyorg.members.models import Person
from partyorg.organizations.models import Organization

__all__ = ["BasisForm", "Owed", "PaymentLine", "PaymentsForm", "ReliefForm"]


@dataclass(frozen=True)
class Owed:
    """A member on the roster of the month: what is still due (0 when nothing is)."""

    person_id: int
    name: str
    still_due: int


@dataclass(frozen=True)
class PaymentLine:
    """The fields of one member's line of :class:`PaymentsForm`, as the page shows them."""

    full: BoundField | None  # "Nộp đủ", when something is still due
    amount: BoundField
    receipt: BoundField  # the number of the receipt given, if any


class PaymentsForm(forms.Form):
    """A cell's collection for one month: the day and the channel, and for each member on the roster
    what the officer saw paid: the box "Nộp đủ" (what is still due for the month, shown beside it)
    or the amount typed (``full_<id>``, ``amount_<id>``), with the number of the receipt the cell
    gave them, if any (``receipt_<id>``: one receipt a member, as a cell treasurer writes them).
    Nothing is prefilled: a line left empty (or 0) records nothing. ``paid`` holds, once valid, the
    amount of each member who paid, ``receipts`` their receipt numbers."""

    paid_on = VietnameseDateField(label=_("Ngày nộp"))
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)

    def __init__(self, *args: Any, roster: Sequence[Owed], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roster = list(roster)
        self.paid: dict[int, int] = {}
        self.receipts: dict[int, str] = {}
        for line in self.roster:
            if line.still_due:
                self.fields[f"full_{line.person_id}"] = forms.BooleanField(
                    label=_("Nộp đủ %(amount)s đ") % {"amount": vn_number(line.still_due)}, required=False
                )
            self.fields[f"amount_{line.person_id}"] = AmountField(
                label=_("Số tiền nộp (đồng)"),
                required=False,
                error_messages={
                    "invalid": _("%(name)s: số tiền không hợp lệ (ghi số đồng, ví dụ 21.000)")
                    % {"name": line.name}
                },
                widget=forms.TextInput(
                    attrs={
                        "placeholder": _("hoặc số tiền") if line.still_due else _("số tiền"),
                        "inputmode": "numeric",
                        "size": 9,
                        "autocomplete": "off",
                        "aria-label": _("Số tiền %(name)s nộp") % {"name": line.name},
                    }
                ),
            )
            self.fields[f"receipt_{line.person_id}"] = forms.CharField(
                label=_("Số biên lai"),
                required=False,
                max_length=RECEIPT_NUMBER_LENGTH,
                widget=forms.TextInput(
                    attrs={
                        "placeholder": _("số biên lai"),
                        "size": 9,
                        "autocomplete": "off",
                        "aria-label": _("Số biên lai của %(name)s") % {"name": line.name},
                    }
                ),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        paid: dict[int, int] = {}
        for line in self.roster:
            name = f"amount_{line.person_id}"
            if name in self.errors:
                continue
            amount = cleaned.get(name)
            if cleaned.get(f"full_{line.person_id}"):
                if amount is not None and amount != line.still_due:
                    self.add_error(
                        name,
                        _(
                            "%(name)s: đã đánh dấu “Nộp đủ” %(due)s đ nhưng ghi %(amount)s đ; bỏ dấu "
                            "hoặc xóa số tiền"
                        )
                        % {"name": line.name, "due": vn_number(line.still_due), "amount": vn_number(amount)},
                    )
                    continue
                paid[line.person_id] = line.still_due
            elif amount:
                paid[line.person_id] = amount
            receipt = (cleaned.get(f"receipt_{line.person_id}") or "").strip()
            if receipt and line.person_id not in paid:
                self.add_error(
                    name,
                    _("%(name)s: có số biên lai nhưng chưa đánh dấu “Nộp đủ” hoặc ghi số tiền")
                    % {"name": line.name},
                )
            elif receipt:
                self.receipts[line.person_id] = receipt
        if not paid and not self.errors:
            raise forms.ValidationError(
                _("Chưa ghi đảng viên nào đã nộp: đánh dấu “Nộp đủ” hoặc ghi số tiền đã nộp")
            )
        self.paid = paid
        return cleaned

    def line(self, person_id: int) -> PaymentLine:
        """The fields of the member's line."""
        full = f"full_{person_id}"
        return PaymentLine(
            self[full] if full in self.fields else None,
            self[f"amount_{person_id}"],
            self[f"receipt_{person_id}"],
        )

    def collected(self, people: Mapping[int, Person]) -> list[Collected]:
        """The lines of the collection, in the roster's order, for ``services.record_month``."""
        return [
            Collected(people[person_id], amount, self.receipts.get(person_id, ""))
            for person_id, amount in self.paid.items()
        ]

    def refused(self, refused: Exception) -> None:
        """Show the service's refusal: on the member's line when it names one, else above."""
        field = f"amount_{refused.person_id}" if isinstance(refused, MemberRefused) else None
        self.add_error(field, str(refused))


class BasisForm(forms.Form):
    person = forms.CharField(label=_("Mã đảng viên"), max_length=40)
    from_month = MonthField(label=_("Từ tháng"))
    category = forms.ChoiceField(label=_("Đối tượng"), choices=DuesCategory.choices)
    amount = forms.IntegerField(
        label=_("Số tiền làm căn cứ (đồng)"), required=False, min_value=0,
        help_text=_("lương đóng BHXH, lương hưu hoặc trợ cấp"),
    )  # fmt: skip
    region = forms.TypedChoiceField(
        label=_("Vùng lương tối thiểu"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), ("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")],
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReliefForm(LegalBasisForm):
    """An exemption or reduction of a member's dues decided on their application; the decision's
    number is required (the service keeps no relief without it). ``decided_by`` is, once valid,
    the deciding organization named by its code."""

    person = forms.CharField(label=_("Mã đảng viên"), max_length=40)
    ground = forms.ChoiceField(label=_("Lý do miễn, giảm"), choices=ReliefGround.choices)
    percent = forms.IntegerField(
        label=_("Tỷ lệ miễn, giảm (%)"), min_value=1, max_value=100, initial=100,
        help_text=_("100: miễn; khó khăn khác: 30, 50 hoặc 70"),
    )  # fmt: skip
    first_month = MonthField(label=_("Từ tháng"))
    last_month = MonthField(
        label=_("Đến tháng"), required=False, help_text=_("để trống: đến khi hết lý do miễn")
    )  # fmt: skip
    decided_by = forms.CharField(
        label=_("Mã tổ chức quyết định"), max_length=40,
        help_text=_("chi bộ cơ sở tự quyết định; chi bộ trực thuộc: cấp ủy cấp trên"),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "person", "ground", "percent", "first_month", "last_month", "decided_by", "basis_number",
        "basis_date", "basis_issuer", "note",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis_number"].required = True
        self.fields["basis_number"].label = _("Số quyết định miễn, giảm")

    def clean_decided_by(self) -> Organization:
        deciding = Organization.objects.filter(code=self.cleaned_data["decided_by"].strip()).first()
        if deciding is None:
            raise forms.ValidationError(_("Không tìm thấy tổ chức có mã này"))
        return deciding
