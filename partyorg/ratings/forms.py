"""The ratings pages' forms: opening a review cycle, the legal basis of a cell's ratings, an
organization's rating, a member's corrected rating. They only read what was typed (days the
Vietnamese way); the services (:mod:`partyorg.ratings.services`) judge it against the rules of the
review's regime. A page adds the override of a rule's refusal (its two buttons) where a rule may
refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import LegalBasisForm, VietnameseDateField
from partyorg.ratings.models import RatingLevel

__all__ = ["CycleForm", "RateMembersForm", "RateOrganizationForm", "RatingCorrectionForm"]


class CycleForm(LegalBasisForm):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=1990, max_value=2100)
    reviewed_on = VietnameseDateField(label=_("Ngày kiểm điểm"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RateMembersForm(LegalBasisForm):
    """The legal basis of the cell's ratings; each member's level and score are fields of the roster
    table (``level_<id>``, ``score_<id>``)."""


ORG_LEVELS = [("", "—")] + [(c.value, c.label) for c in RatingLevel]


class RateOrganizationForm(LegalBasisForm):
    level = forms.ChoiceField(label=_("Xếp loại tổ chức"), choices=ORG_LEVELS)
    score = forms.DecimalField(
        label=_("Điểm"), required=False, min_value=0, max_value=100, decimal_places=2,
        help_text=_("thang 100 điểm, từ 30/08/2025"),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RatingCorrectionForm(LegalBasisForm):
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
