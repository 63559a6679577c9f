"""Forms of the organization-change page (``web/views/orgchange.py``): one per kind of change.

Every kind carries the effective day and the legal basis; the organizations named by code are
resolved by the view through the user's scope on the effective day, never here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import VietnameseDateField
from partyorg.core.records import LegalBasis
from partyorg.members.models import Person
from partyorg.organizations.models import OrgKind
from partyorg.web.forms import OrganizationPicker

KIND_CHOICES = [(k.value, k.label) for k in OrgKind]
SPLIT_PARTS = 3  # rows for new organizations; a split into more is done in two steps


class ChangeForm(forms.Form):
    """What every organization change has: the day it takes effect and the decision behind it."""

    effective_on = VietnameseDateField(label=_("Ngày hiệu lực"))
    basis_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    basis_date = VietnameseDateField(label=_("Ngày quyết định"))
    basis_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # Fields of the kind, shown above the common ones.
    kind_fields: tuple[str, ...] = ()

    def legal_basis(self) -> LegalBasis:
        data = self.cleaned_data
        return LegalBasis(data["basis_number"].strip(), data["basis_date"], data["basis_issuer"].strip())

    def first_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.kind_fields]

    def common_fields(self) -> list[forms.BoundField]:
        names = ("effective_on", "basis_number", "basis_date", "basis_issuer", "note")
        return [self[name] for name in names if name in self.fields]


class RenameForm(ChangeForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=200)
    note = None  # type: ignore[assignment]  # the service keeps no note for a renaming
    kind_fields = ("new_name",)


class MoveForm(ChangeForm):
    new_parent = forms.CharField(
        label=_("Mã cấp trên trực tiếp mới"), max_length=40, widget=OrganizationPicker("approve")
    )
    new_kind = forms.ChoiceField(
        label=_("Loại tổ chức từ ngày hiệu lực"),
        choices=[("", _("giữ nguyên")), *KIND_CHOICES],
        required=False,
    )
    note = None  # type: ignore[assignment]  # nor for a move
    kind_fields = ("new_parent", "new_kind")


INTO, FROM = "into", "from"


class MergeForm(ChangeForm):
    direction = forms.ChoiceField(
        label=_("Chiều sáp nhập"),
        choices=[
            (INTO, _("Sáp nhập tổ chức này vào tổ chức khác")),
            (FROM, _("Sáp nhập các tổ chức khác vào tổ chức này")),
        ],
        initial=INTO,
        widget=forms.RadioSelect,
    )
    others = forms.CharField(
        label=_("Mã tổ chức kia"),
        max_length=400,
        help_text=_("tổ chức nhận; hoặc các tổ chức nhập vào, cách nhau bởi dấu phẩy"),
        widget=OrganizationPicker("approve", many=True),
    )
    kind_fields = ("direction", "others")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes = [c for c in re.split(r"[,;\s]+", data.get("others") or "") if c]
        if not codes and "others" not in self.errors:
            self.add_error("others", _("Cần ít nhất một mã tổ chức"))
        if data.get("direction") == INTO and len(codes) > 1:
            self.add_error("others", _("Chỉ ghi một mã: tổ chức nhận"))
        data["codes"] = list(dict.fromkeys(codes))  # once each, in the order typed
        return data


class DissolveForm(ChangeForm):
    successor = forms.CharField(
        label=_("Mã tổ chức nhận đảng viên"),
        max_length=40,
        required=False,
        help_text=_("bỏ trống khi tổ chức không còn đảng viên"),
        widget=OrganizationPicker("approve"),
    )
    kind_fields = ("successor",)


class SplitForm(ChangeForm):
    """The organization ends; new ones start under its parent, and each member held on the
    effective day is sent to one of them (a select per member)."""

    def __init__(
        self, *args: Any, members: Sequence[Person] = (), source_kind: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for i in range(1, SPLIT_PARTS + 1):
            required = i <= 2
            self.fields[f"part{i}_code"] = forms.CharField(label=_("Mã"), max_length=40, required=required)
            self.fields[f"part{i}_name"] = forms.CharField(label=_("Tên"), max_length=200, required=required)
            self.fields[f"part{i}_kind"] = forms.ChoiceField(
                label=_("Loại"), choices=KIND_CHOICES, initial=source_kind or OrgKind.CELL
            )
        for person in self.members:
            self.fields[self.member_field(person)] = forms.ChoiceField(
                label=person.full_name, choices=[("", "—"), *self.part_labels()]
            )

    @staticmethod
    def member_field(person: Person) -> str:
        return f"member_{person.code}"

    def part_labels(self) -> list[tuple[str, str]]:
        """The new organizations as the officer typed them so far (before validation)."""
        labels = []
        for i in range(1, SPLIT_PARTS + 1):
            code = (self.data.get(f"part{i}_code") or "").strip() if self.is_bound else ""
            name = (self.data.get(f"part{i}_name") or "").strip() if self.is_bound else ""
            label = f"{code} — {name}" if code or name else str(_("Tổ chức mới %(n)d") % {"n": i})
            labels.append((str(i), label))
        return labels

    def part_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (i, self[f"part{i}_code"], self[f"part{i}_name"], self[f"part{i}_kind"])
            for i in range(1, SPLIT_PARTS + 1)
        ]

    def member_rows(self) -> list[tuple[Person, forms.BoundField]]:
        return [(person, self[self.member_field(person)]) for person in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts: dict[str, tuple[str, str, str]] = {}
        seen: set[str] = set()
        for i in range(1, SPLIT_PARTS + 1):
            code = (data.get(f"part{i}_code") or "").strip()
            name = (data.get(f"part{i}_name") or "").strip()
            if not code and not name:
                continue
            if not (code and name):
                self.add_error(f"part{i}_code" if not code else f"part{i}_name", _("Cần cả mã và tên"))
                continue
            if code.casefold() in seen:
                self.add_error(f"part{i}_code", _("Mã bị trùng"))
                continue
            seen.add(code.casefold())
            parts[str(i)] = (code, name, data.get(f"part{i}_kind") or OrgKind.CELL)
        for person in self.members:
            chosen = data.get(self.member_field(person))
            if chosen and chosen not in parts:
                self.add_error(self.member_field(person), _("Tổ chức mới này chưa có mã và tên"))
        data["parts"] = parts
        return data


CORRECT, VOID = "correct", "void"
ACTIONS = {
    CORRECT: _("Sửa: ghi lại thay đổi này cho đúng"),
    VOID: _("Hủy: thay đổi này không có, nhập nhầm"),
}


class AmendChangeForm(forms.Form):
    """Correct or void an organization change recorded wrong (``web/views/orgchange.amend``): a
    new row that names it. Only what is typed changes; the rest is as recorded."""

    action = forms.ChoiceField(
        label=_("Việc cần làm"),
        choices=list(ACTIONS.items()),
        initial=CORRECT,
        widget=forms.RadioSelect,
    )
    effective_on = VietnameseDateField(label=_("Ngày hiệu lực đúng"), required=False)
    new_name = forms.CharField(label=_("Tên đúng"), max_length=200, required=False)
    new_parent = forms.CharField(
        label=_("Mã cấp trên trực tiếp đúng"),
        max_length=40,
        required=False,
        widget=OrganizationPicker("approve"),
    )
    new_kind = forms.ChoiceField(
        label=_("Loại tổ chức đúng"), choices=[("", _("giữ nguyên")), *KIND_CHOICES], required=False
    )
    note = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    basis_number = forms.CharField(label=_("Số văn bản (nếu có)"), max_length=60, required=False)
    basis_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    basis_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)

    CORRECTION_FIELDS = ("effective_on", "new_name", "new_parent", "new_kind")

    def __init__(self, *args: Any, correctable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not correctable:  # a change that moved members is voided and recorded again
            action = self.fields["action"]
            assert isinstance(action, forms.ChoiceField)
            action.choices = [(VOID, ACTIONS[VOID])]
            action.initial = VOID
            for name in self.CORRECTION_FIELDS:
                del self.fields[name]

    def legal_basis(self) -> LegalBasis:
        data = self.cleaned_data
        return LegalBasis(
            (data.get("basis_number") or "").strip(),
            data.get("basis_date"),
            (data.get("basis_issuer") or "").strip(),
        )
