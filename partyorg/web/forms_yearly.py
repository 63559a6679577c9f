"""Forms of the yearly-work pages for ratings and discipline (the dues forms are the dues app's:
:mod:`partyorg.dues.forms`). Dates are typed the Vietnamese way; the forms only read what was
typed: the services judge it against the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.discipline.models import Sanction
from partyorg.ratings.models import RatingLevel
from partyorg.web.forms import VietnameseDateField
from partyorg.web.forms_work import _Basis, _Override


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
