"""The meetings pages' forms: a cell's meeting and its correction, and the attendance list marked
on the page (:func:`attendance_marks`, :func:`absences_of`). They only read what was typed (days the
Vietnamese way); the services (:mod:`partyorg.meetings.services`) judge it against the records."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from partyorg.core.forms import VietnameseDateField
from partyorg.meetings.models import AttendanceStatus, MeetingKind
from partyorg.meetings.services import Absence

__all__ = ["MeetingCorrectionForm", "MeetingForm", "absences_of", "attendance_marks"]


class MeetingForm(forms.Form):
    held_on = VietnameseDateField(label=_("Ngày sinh hoạt"))
    kind = forms.ChoiceField(label=_("Loại buổi sinh hoạt"), choices=MeetingKind.choices)
    duration_minutes = forms.IntegerField(label=_("Thời lượng (phút)"), min_value=1, max_value=1440)
    agenda = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    resolution = forms.CharField(
        label=_("Nghị quyết, kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingCorrectionForm(MeetingForm):
    """The corrected meeting, whole; the reason for the correction is kept on the new record."""

    note = forms.CharField(label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}))


def attendance_marks(sent: Mapping[str, str]) -> dict[int, tuple[str, str]]:
    """Person id → (status, reason) as marked in the attendance list of the form (``att_<id>``, a
    status, and ``reason_<id>``)."""
    marks: dict[int, tuple[str, str]] = {}
    for key in sent:
        value = sent.get(key, "")
        if key.startswith("att_") and key[4:].isdigit() and value in AttendanceStatus.values:
            reason = sent.get(f"reason_{key[4:]}", "")
            marks[int(key[4:])] = (value, reason.strip()[:255])
    return marks


def absences_of(marks: Mapping[int, tuple[str, str]]) -> dict[int, Absence]:
    """The absences a meeting is recorded with: everyone not marked absent was present."""
    return {
        pk: Absence(status, reason)
        for pk, (status, reason) in marks.items()
        if status != AttendanceStatus.PRESENT
    }
