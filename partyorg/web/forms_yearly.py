"""Forms of the yearly-work pages for ratings, discipline and dues. Dates and months are typed the
Vietnamese way; the forms only read what was typed: the services judge it against the rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.formats import vn_number
from partyorg.discipline.models import Sanction
from partyorg.dues.models import DuesCategory, PaymentChannel, ReliefGround
from partyorg.ratings.models import RatingLevel
from partyorg.web.forms import VietnameseDateField
from partyorg.web.forms_work import _Basis, _Override


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


class CycleForm(_Basis):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=1990, max_value=2100)
    reviewed_on = VietnameseDateField(label=_("Ngày kiểm điểm"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RateMembersForm(_Basis, _Override):
    """The legal basis of the cell's ratings and, after a refusal, the reason to record anyway; each
    member's level and score are fields of the roster table (``level_<id>``, ``score_<id>``)."""


ORG_LEVELS = [("", "—")] + [(c.value, c.label) for c in RatingLevel]


class RateOrganizationForm(_Basis, _Override):
    level = forms.ChoiceField(label=_("Xếp loại tổ chức"), choices=ORG_LEVELS)
    score = forms.DecimalField(
        label=_("Điểm"), required=False, min_value=0, max_value=100, decimal_places=2,
        help_text=_("thang 100 điểm, từ 30/08/2025"),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RatingCorrectionForm(_Basis, _Override):
    """A member's corrected rating: the levels and the scale of the review's regime, the reason."""

    level = forms.ChoiceField(label=_("Xếp loại"), choices=[])
    score = forms.DecimalField(
        label=_("Điểm"), required=False, min_value=0, max_value=100, decimal_places=2,
        help_text=_("thang 100 điểm, từ 30/08/2025"),
    )  # fmt: skip
    note = forms.CharField(label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "level", "score", "note", "basis_number", "basis_date", "basis_issuer", "override_rule",
        "override_reason",
    ]  # fmt: skip

    def __init__(self, *args: Any, levels: list[tuple[str, str]], scored: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels  # type: ignore[attr-defined]
        if not scored:
            del self.fields["score"]


MEMBER_SANCTIONS = [(c.value, c.label) for c in Sanction if c != Sanction.DISSOLUTION]


class MeasureForm(_Basis, _Override):
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


class CommendForm(_Basis):
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


@dataclass(frozen=True)
class Owed:
    """A member on the roster of the month: what is still due (0 when nothing is)."""

    person_id: int
    name: str
    still_due: int


class PaymentsForm(forms.Form):
    """A cell's collection for one month: the day and the channel, and for each member on the roster
    what the officer saw paid: the box "Nộp đủ" (what is still due for the month, shown beside it)
    or the amount typed (``full_<id>``, ``amount_<id>``). Nothing is prefilled: a line left empty (or
    0) records nothing. ``paid`` holds, once valid, the amount of each member who paid."""

    paid_on = VietnameseDateField(label=_("Ngày nộp"))
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)

    def __init__(self, *args: Any, roster: Sequence[Owed], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roster = list(roster)
        self.paid: dict[int, int] = {}
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
        if not paid and not self.errors:
            raise forms.ValidationError(
                _("Chưa ghi đảng viên nào đã nộp: đánh dấu “Nộp đủ” hoặc ghi số tiền đã nộp")
            )
        self.paid = paid
        return cleaned


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


class ReliefForm(_Basis):
    """An exemption or reduction of a member's dues decided on their application; the decision's
    number is required (the service keeps no relief without it)."""

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
