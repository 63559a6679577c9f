"""The ratings pages' forms: opening a review cycle, the legal basis of a cell's ratings, an
organization's rating, a member's corrected rating. They only read what was typed (days the
Vietnamese way); the services (:mod:`partyorg.ratings.services`) judge it against the rules of the
review's regime. A page adds the override of a rule's refusal (its two buttons) where a rule may
refuse."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import LegalBasisForm, VietnameseDateField
from partyorg.core.records import Override
from partyorg.members.models import Person
from partyorg.ratings.models import RatingLevel
from partyorg.ratings.queries import RosterLine
from partyorg.ratings.services import RatingEntry

__all__ = ["CycleForm", "RateMembersForm", "RateOrganizationForm", "RatingCorrectionForm"]


class CycleForm(LegalBasisForm):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=1990, max_value=2100)
    reviewed_on = VietnameseDateField(label=_("Ngày kiểm điểm"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def parse_score(text: str) -> Decimal | None:
    """The score typed ("87", "87,5"), None when empty; InvalidOperation when not a number."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    score = Decimal(text)
    if not score.is_finite():
        raise InvalidOperation(text)
    return score


def _readable(text: str) -> bool:
    try:
        parse_score(text)
    except InvalidOperation:
        return False
    return True


class RateMembersForm(LegalBasisForm):
    """The legal basis of the cell's ratings, and the roster's members still to rate, each with the
    level chosen and the score typed in the roster table (``level_<id>``, ``score_<id>``; a level
    not of the regime's ``levels`` is none). A score that is not a number is named with its member,
    and nothing is recorded; so is a form where no level was chosen."""

    def __init__(
        self,
        *args: Any,
        roster: Sequence[tuple[RosterLine, Person]] = (),
        levels: Collection[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roster = list(roster)
        # person id -> (level chosen, score typed), as typed (the table shows them again)
        self.typed: dict[int, tuple[str, str]] = {}
        if self.is_bound:
            for line, _person in self.roster:
                level = self.data.get(f"level_{line.person_id}", "")
                score = self.data.get(f"score_{line.person_id}", "")
                self.typed[line.person_id] = (level if level in levels else "", score)

    def chosen(self) -> list[tuple[RosterLine, Person]]:
        """The members given a level."""
        return [(line, person) for line, person in self.roster if self.typed.get(line.person_id, ("", ""))[0]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:  # the basis or the override first, as typed (set by now: no second clean)
            return data
        chosen = self.chosen()
        for line, person in chosen:
            text = self.typed[line.person_id][1]
            if not _readable(text):
                self.add_error(
                    None,
                    gettext("Điểm của %(name)s (%(code)s) không phải là số: “%(text)s”")
                    % {"name": person.full_name, "code": person.code, "text": text},
                )
        if not chosen:
            self.add_error(None, gettext("Chưa chọn xếp loại cho đảng viên nào"))
        return data

    def entries(self, override: Override | None) -> list[RatingEntry]:
        """The ratings to record (once the form is valid), each with ``override``."""
        return [
            RatingEntry(person, level, parse_score(score), "", override)
            for line, person in self.chosen()
            for level, score in [self.typed[line.person_id]]
        ]


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
