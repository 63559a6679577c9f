"""The recruitment pages' forms: a new candidate introduced to a cell, a step of a candidate's
pipeline, a source plan. They only read what was typed (days the Vietnamese way); the services
(:mod:`partyorg.recruitment.services`) judge it against the rules. A page adds the override of a
rule's refusal (its two buttons) where a rule may refuse, and the organization picker of the
deciding committee."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import LegalBasisForm, VietnameseDateField
from partyorg.members.models import GeneralEducation, Sex
from partyorg.organizations.models import Organization
from partyorg.recruitment.models import CandidateStage, IntroducedBy, IntroducerKind, StopReason

__all__ = ["STEP_KINDS", "CandidateForm", "SourcePlanForm", "StepForm"]

S = CandidateStage

# The steps an officer records on a candidate's page, in pipeline order.
STEP_KINDS = [
    (k.value, k.label)
    for k in (
        S.AWARENESS_COURSE,
        S.SYMPATHIZER,
        S.APPLICATION,
        S.INTRODUCER,
        S.VERIFIED,
        S.CELL_RESOLVED,
        S.DECIDED,
        S.CEREMONY,
        S.RECOGNITION_PROPOSED,
        S.RECOGNIZED,
        S.STOPPED,
    )
]

# Which fields each kind of step asks for, beside the kind, the day, the legal basis and the note.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    S.AWARENESS_COURSE: (),
    S.SYMPATHIZER: ("person",),
    S.APPLICATION: (),
    S.INTRODUCER: ("introducer_kind", "person", "since"),
    S.VERIFIED: (),
    S.CELL_RESOLVED: ("votes_for", "votes_against", "votes_total"),
    S.DECIDED: ("deciding", "received_on", "extended"),
    S.CEREMONY: (),
    S.RECOGNITION_PROPOSED: ("votes_for", "votes_against", "votes_total"),
    S.RECOGNIZED: ("deciding", "extended"),
    S.STOPPED: ("stop_reason",),
}
COMMON_FIELDS = ("kind", "effective_on", "basis_number", "basis_date", "basis_issuer", "note")
OVERRIDE_FIELDS = ("override_rule", "override_reason")  # the page's override of a rule's refusal


class StepForm(LegalBasisForm):
    # Chosen by the tabs of the page (each kind shows its own fields), so not a select of its own.
    kind = forms.ChoiceField(label=_("Bước"), choices=STEP_KINDS, widget=forms.HiddenInput)
    effective_on = VietnameseDateField(label=_("Ngày"))
    person = forms.CharField(
        label=_("Mã hồ sơ đảng viên"),
        required=False,
        max_length=40,
        help_text=_("đảng viên giới thiệu, hoặc đảng viên được phân công giúp đỡ"),
    )
    introducer_kind = forms.ChoiceField(
        label=_("Người, tổ chức giới thiệu"), required=False, choices=IntroducerKind.choices
    )
    since = VietnameseDateField(label=_("Cùng công tác từ ngày"), required=False)
    votes_for = forms.IntegerField(label=_("Số tán thành"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Số không tán thành"), required=False, min_value=0)
    votes_total = forms.IntegerField(
        label=_("Tổng số đảng viên chính thức"),
        required=False,
        min_value=0,
        help_text=_("để trống: theo hồ sơ đảng viên của chi bộ ngày đó"),
    )
    # The deciding committee is above the candidate's cell, usually outside a cell officer's subtrees:
    # the page's picker lists every organization standing on the day (the view takes any existing code).
    deciding = forms.CharField(label=_("Mã cấp ủy quyết định"), required=False, max_length=40)
    received_on = VietnameseDateField(label=_("Ngày chi bộ nhận quyết định"), required=False)
    extended = forms.BooleanField(label=_("Gia hạn (trường hợp đặc biệt)"), required=False)
    stop_reason = forms.ChoiceField(label=_("Lý do dừng"), required=False, choices=StopReason.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        kind = data.get("kind")
        if kind in (S.CELL_RESOLVED, S.RECOGNITION_PROPOSED):
            for name in ("votes_for", "votes_against"):
                if data.get(name) is None:
                    self.add_error(name, _("Cần ghi số phiếu"))
        if kind in (S.DECIDED, S.RECOGNIZED):
            code = (data.get("deciding") or "").strip()
            if not code:
                self.add_error("deciding", _("Cần ghi mã cấp ủy ra quyết định"))
            else:
                data["deciding_organization"] = Organization.objects.filter(code=code).first()
                if data["deciding_organization"] is None:
                    self.add_error("deciding", _("Không tìm thấy tổ chức có mã này"))
        return data

    def shown(self, kind: str) -> list[forms.BoundField]:
        """The fields of ``kind``'s step, in order (the others stay out of the page), and the
        override's fields when the page added them."""
        names = (*COMMON_FIELDS[:2], *STEP_FIELDS.get(kind, ()), *COMMON_FIELDS[2:], *OVERRIDE_FIELDS)
        return [self[name] for name in names if name in self.fields]


class CandidateForm(LegalBasisForm):
    """A new person introduced as an outstanding candidate of one of the page's cells (the cells are
    the choices the view offers)."""

    organization = forms.ChoiceField(label=_("Chi bộ"), choices=[])
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=40, help_text=_("mã mới, chưa dùng cho người nào")
    )  # fmt: skip
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    birth_date = VietnameseDateField(label=_("Ngày sinh"))
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=60, initial="Kinh")
    religion = forms.CharField(label=_("Tôn giáo"), required=False, max_length=60)
    general_education = forms.ChoiceField(
        label=_("Giáo dục phổ thông"), required=False, choices=[("", "—"), *GeneralEducation.choices]
    )
    occupation = forms.CharField(label=_("Nghề nghiệp"), required=False, max_length=100)
    is_youth_union_member = forms.BooleanField(label=_("Đoàn viên"), required=False)
    introduced_by = forms.ChoiceField(label=_("Giới thiệu bởi"), choices=IntroducedBy.choices)
    introduced_on = VietnameseDateField(label=_("Ngày giới thiệu"))
    introducing_body = forms.CharField(label=_("Tổ chức giới thiệu"), required=False, max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "organization", "code", "full_name", "sex", "birth_date", "ethnicity", "religion",
        "general_education", "occupation", "is_youth_union_member", "introduced_by", "introduced_on",
        "introducing_body", "basis_number", "basis_date", "basis_issuer", "note",
    ]  # fmt: skip

    def __init__(self, *args: Any, cells: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = cells  # type: ignore[attr-defined]

    def clean_organization(self) -> Organization:
        """The cell chosen (one of the page's choices, so it exists)."""
        return Organization.objects.get(code=self.cleaned_data["organization"])


class SourcePlanForm(LegalBasisForm):
    field_order = ["year", "planned", "basis_number", "basis_date", "basis_issuer", "note"]
    year = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2100)
    planned = forms.IntegerField(label=_("Số quần chúng ưu tú dự kiến tạo nguồn"), min_value=0)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
