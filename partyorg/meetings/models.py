"""Cell meetings with their attendance, and working members' ties with the cell where they live.

All four tables are logs: the database refuses UPDATE and DELETE (``partyorg.core.append_only``).
A wrong meeting is answered by a new :class:`Meeting` whose ``corrects`` points at it, carrying the
whole corrected record, attendance included (``withdrawn`` takes it back altogether: the meeting did
not take place, or was entered for the wrong cell). The same holds for :class:`ResidenceTie` (ending
a tie is a corrected row with ``ended_on``) and :class:`ResidenceComment`. "In force" is the rows
nobody corrected and not withdrawn.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, CorrectableManager, LegalBasisFields, RecordedFields
from partyorg.members.models import Person
from partyorg.organizations.models import Organization


class MeetingKind(models.TextChoices):
    """RULES.md §5. Values are those of ``partyorg.rules.meetings``."""

    REGULAR = "regular", _("Sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    COMBINED = "combined", _("Sinh hoạt thường kỳ kết hợp chuyên đề")
    EXTRAORDINARY = "extraordinary", _("Sinh hoạt bất thường")


class Meeting(Correctable, RecordedFields):
    """One meeting of a cell (chi bộ trực thuộc or chi bộ cơ sở) on a day."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "held_on"
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="+")
    kind = models.CharField(_("loại buổi sinh hoạt"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("ngày sinh hoạt"))
    duration_minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"))
    agenda = models.TextField(_("nội dung"), blank=True)
    resolution = models.TextField(_("nghị quyết, kết luận"), blank=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt chi bộ")
        verbose_name_plural = _("buổi sinh hoạt chi bộ")
        # Every query asks for the meetings of a set of cells in a period.
        indexes = [models.Index(fields=["organization", "held_on"]), models.Index(fields=["held_on"])]
        constraints = [models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="meeting_duration")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    UNEXCUSED = "unexcused", _("Vắng không có lý do")


class Attendance(models.Model):
    """A line of a meeting's record: one expected member and whether they came. Recorded with the
    meeting (its ``recorded_at`` and ``recorded_by`` are the meeting's); a correction is a new meeting."""

    # No index of their own: (meeting, person) and (person, status) below lead with them.
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="attendances", db_index=False)
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", db_index=False)
    status = models.CharField(_("tình trạng"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]
        # One person's absences in a year (the removal warning).
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.status}"


class TieCategory(models.TextChoices):
    """RULES.md §2.13: QĐ 213 and the two categories of HD 33-HD/BTCTW (30/10/2020)."""

    REGULAR = "regular", _("Giữ mối liên hệ, nhận xét hằng năm")
    EXEMPT = "exempt", _("Giới thiệu về nơi cư trú, miễn sinh hoạt nơi cư trú")
    NOT_INTRODUCED = "not_introduced", _("Không giới thiệu về nơi cư trú")


class ResidenceTie(Correctable, LegalBasisFields, RecordedFields):
    """A working member's tie with the party organization where they live (QĐ 213-QĐ/TW), from
    ``started_on`` (the introduction) to ``ended_on`` (excluded; None while it holds)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    residence_organization = models.ForeignKey(Organization, models.PROTECT, related_name="+")
    category = models.CharField(_("diện"), max_length=20, choices=TieCategory.choices)
    address = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("mối liên hệ với nơi cư trú")
        indexes = [
            models.Index(fields=["residence_organization", "started_on"]),
            models.Index(fields=["person", "started_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="residence_tie_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.residence_organization_id} từ {self.started_on:%d/%m/%Y}"


class ResidenceComment(RecordedFields):
    """The yearly comment of the residence cell (or its committee) on a working member, sent to the
    member's work cell."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tie = models.ForeignKey(ResidenceTie, models.PROTECT, related_name="comments")
    year = models.PositiveSmallIntegerField(_("năm"))
    commented_on = models.DateField(_("ngày nhận xét"))
    # Who commented: the residence cell or the commune committee; the tie's organization by default.
    commented_by = models.ForeignKey(Organization, models.PROTECT, related_name="+")
    # The work cell it was sent to (the member's official cell on commented_on).
    sent_to = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True, related_name="+")
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    content = models.TextField(_("nội dung nhận xét"))
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    withdrawn = models.BooleanField(_("hủy"), default=False)

    # Correctable but for ``note`` (a comment has none): its rows in force, as the others'.
    objects = CorrectableManager()  # type: ignore[misc]  # as Correctable's, over RecordedFields'

    class Meta:
        verbose_name = _("nhận xét của nơi cư trú")
        indexes = [models.Index(fields=["year", "tie"])]

    def __str__(self) -> str:
        return f"{self.tie_id} {self.year}"


class MeetingTally(models.Model):
    """A meeting's attendance lines counted by status: derived, written with the meeting in the same
    transaction (``services._write``, the one place meetings and their lines are written; a meeting's
    lines never change, a correction is a new meeting with its own). The figures of a province's
    half-year sum these ~20.000 rows instead of counting a million lines (issue 18);
    ``meetings.summary.rebuild`` makes them again from the lines, and a test checks that they agree."""

    meeting = models.OneToOneField(Meeting, models.CASCADE, primary_key=True, related_name="tally")
    present = models.PositiveIntegerField(default=0)
    excused = models.PositiveIntegerField(default=0)
    unexcused = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.present}/{self.excused}/{self.unexcused}"


class MeetingMonth(models.Model):
    """The meetings in force of one organization, month and kind, counted with their attendance
    (derived, ``partyorg.meetings.summary``): kept current in the same transaction as each meeting
    written, corrected or withdrawn, rebuilt from the meetings at any time and compared with them by
    a test. A province's half-year of cell-meeting figures is read from these rows (issue 18)."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    meetings = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    excused = models.PositiveIntegerField(default=0)
    unexcused = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["organization", "month", "kind", "meetings", "present", "excused", "unexcused"],
                name="meetings_month_covering",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%m/%Y} {self.kind}: {self.meetings}"


class AbsenceMonth(models.Model):
    """A member absent without excuse from a meeting in force of an organization in a month, for the
    meetings of one kind (derived beside :class:`MeetingMonth`): the absence warnings of a
    province's year are read from these rows instead of every attendance line."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["organization", "month", "kind", "person"], name="meetings_absence_covering")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.organization_id} {self.month:%m/%Y} {self.kind}"


class MeetingMonthsHeld(models.Model):
    """One row once :class:`MeetingMonth` and :class:`AbsenceMonth` hold every meeting (built by the
    first meeting written after these tables came, or by ``partyorg rebuild``); before it the figures
    count the plain way."""

    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"held since {self.built_at:%d/%m/%Y %H:%M}"
