"""Forms of the pages. Dates are typed the Vietnamese way (dd/mm/yyyy); every message is Vietnamese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import DATE_INPUT as DATE_INPUT  # shared by every form
from partyorg.core.forms import VietnameseDateField as VietnameseDateField
from partyorg.core.records import LegalBasis
from partyorg.members.models import GROUNDED_EXITS, EventKind, ExitGround, Person
from partyorg.members.services import PERSON_ATTRIBUTES, RECORDED_ON_PAGE
from partyorg.rules import ALL_RULES, Rule

CONSENT_FIELDS = ("consent_number", "consent_date", "consent_issuer")

# Kinds an officer records on a person's page (organization changes move people themselves, and a
# withdrawal of a wrong record is a correction).
RECORDABLE = [(k, EventKind(k).label) for k in RECORDED_ON_PAGE]


class OrganizationPicker(forms.TextInput):
    """A field that takes an organization's code, with the organizations matching what is typed (a
    name without diacritics or a code) listed under it as the officer types (htmx, from
    ``web/views/picker.py``); choosing one fills in its code. ``reach`` says which organizations the
    list holds: ``edit`` or ``approve`` (those the user changes or approves on the day),
    ``any`` (every organization standing on the day: the other end of a transfer, the deciding
    committee). ``many``: the field takes several codes separated by commas."""

    template_name = "web/widgets/org_picker.html"

    def __init__(self, reach: str = "edit", *, many: bool = False, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"spellcheck": "false", **(attrs or {})})
        self.reach = reach
        self.many = many

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = {"pham-vi": self.reach, "truong": name, **({"nhieu": "1"} if self.many else {})}
        context["widget"]["picker_url"] = f"{reverse('org_picker')}?{urlencode(query)}"
        context["widget"]["many"] = self.many
        return context


class RuleOverride(forms.Form):
    """A rule's refusal may be passed with a reason, kept on the record. The page shows, after a
    refusal, two buttons: "Ghi lại" (the rules are checked again: the officer corrected what was
    typed) and "Vẫn ghi, có lý do", which alone sends ``override_rule`` (the refusing rule's code,
    as its value) and so alone asks for the reason. ``override_rule`` is never a hidden input: a
    hidden one would be sent by both buttons."""

    override_rule = forms.CharField(required=False, widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label=_("Lý do vẫn ghi dù trái quy định"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override_rule") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Cần ghi lý do khi vượt qua quy định"))
        return data

    def overridden_rule(self) -> Rule | None:
        """The rule named by the override button pressed (to name it again when the reason was
        missing); None when none was pressed or the code is unknown."""
        code = (self.data.get("override_rule") or "") if self.is_bound else ""
        return next((rule for rule in ALL_RULES if rule.code == code), None) if code else None


class EventForm(RuleOverride):
    kind = forms.ChoiceField(label=_("Sự kiện"), choices=RECORDABLE)
    effective_on = VietnameseDateField(label=_("Ngày hiệu lực"))
    organization = forms.CharField(
        label=_("Mã tổ chức"),
        required=False,
        help_text=_("nơi người được đưa vào hoặc nơi sự kiện xảy ra; gõ tên hoặc mã để chọn"),
        widget=OrganizationPicker("edit"),
    )
    other_organization = forms.CharField(
        label=_("Mã tổ chức liên quan"),
        required=False,
        help_text=_("nơi đến, nơi đi, nơi sinh hoạt tạm thời; gõ tên hoặc mã để chọn"),
        widget=OrganizationPicker("any"),
    )
    external_place = forms.CharField(label=_("Nơi ngoài hệ thống"), required=False, max_length=200)
    detail = forms.CharField(label=_("Chi tiết"), required=False, max_length=100)
    exit_ground = forms.ChoiceField(
        label=_("Lý do ra khỏi Đảng"),
        required=False,
        choices=[("", "—"), *ExitGround.choices],
        help_text=_("khi xóa tên, khai trừ, ra khỏi Đảng; căn cứ để xét kết nạp lại sau này"),
    )
    consent_number = forms.CharField(
        label=_("Số văn bản đồng ý của cấp trên"),
        required=False,
        max_length=60,
        help_text=_("kết nạp lại: văn bản đồng ý của ban thường vụ tỉnh ủy hoặc tương đương"),
    )
    consent_date = VietnameseDateField(label=_("Ngày văn bản đồng ý"), required=False)
    consent_issuer = forms.CharField(label=_("Cơ quan đồng ý"), required=False, max_length=200)
    basis_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    basis_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    basis_issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "kind", "effective_on", "organization", "other_organization", "external_place", "detail",
        "exit_ground", "basis_number", "basis_date", "basis_issuer", "consent_number", "consent_date",
        "consent_issuer", "note", "override_rule", "override_reason",
    ]  # fmt: skip

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        """``kinds``: those that can follow the person's history (``members.services.next_kinds``),
        offered alone; the kind sent or asked for stays among them, for the service to judge."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            asked = self.data.get("kind") if self.is_bound else self.initial.get("kind")
            offered = [*kinds, *([asked] if asked in RECORDED_ON_PAGE and asked not in kinds else [])]
            self.fields["kind"].choices = [(k, EventKind(k).label) for k in offered]  # type: ignore[attr-defined]
            if not GROUNDED_EXITS.intersection(offered):
                del self.fields["exit_ground"]  # offered only where an exit can be recorded
            if EventKind.READMISSION_DECIDED not in offered:
                for name in CONSENT_FIELDS:  # and the consent only where a re-admission can be
                    del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("exit_ground") and data.get("kind") and data["kind"] not in GROUNDED_EXITS:
            self.add_error("exit_ground", _("Lý do ra khỏi Đảng chỉ ghi cho xóa tên, khai trừ, ra khỏi Đảng"))
        if (
            any(data.get(name) for name in CONSENT_FIELDS)
            and data.get("kind") != EventKind.READMISSION_DECIDED
        ):
            self.add_error(
                "consent_number", _("Văn bản đồng ý của cấp trên chỉ ghi cho quyết định kết nạp lại")
            )
        return data

    def consent(self) -> LegalBasis:
        """The superior's consent typed (empty when the fields are not offered)."""
        data = self.cleaned_data
        return LegalBasis(
            data.get("consent_number", ""), data.get("consent_date"), data.get("consent_issuer", "")
        )


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    """A person's attributes as recorded, to correct what was entered wrong
    (``members.services.correct_person``): the form only carries the values, it saves nothing."""

    note = forms.CharField(label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}))
    basis_number = forms.CharField(label=_("Số văn bản (nếu có)"), max_length=60, required=False)
    basis_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    basis_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)

    class Meta:
        model = Person
        fields = PERSON_ATTRIBUTES
        field_classes = {"birth_date": VietnameseDateField}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_ATTRIBUTES}
