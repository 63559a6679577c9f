"""Congresses and terms (đại hội, nhiệm kỳ), committees and leadership positions (cấp ủy, bí thư, phó bí
thư, cấp ủy viên, ủy viên ban thường vụ), RULES.md §1.3–1.5.

Both tables are logs, append-only like ``MembershipEvent`` and ``EnteredFigure`` (database triggers refuse
UPDATE and DELETE): a wrong row is answered by a later one whose ``corrects`` points at it (``withdrawn``
takes it back altogether).

* :class:`Congress`: a congress of an organization opening a term named by its years ("nhiệm kỳ
  2020–2025"), or an extraordinary congress inside a term, or the superior's appointment of a committee
  without a congress (the 2025 restructuring, RULES.md §1.5). A term is not stored: it is what the congresses
  of an organization say (:func:`partyorg.committees.queries.term_on`).
* :class:`PositionRecord`: a person takes a position at an organization on a day (elected at a congress or
  appointed by a decision), or a later row ends it. Who holds what on a day is folded from these rows by
  :mod:`partyorg.committees.queries`. A change of position (member → deputy) is an end and a start.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, OverrideFields, RecordedFields


class CongressKind(models.TextChoices):
    REGULAR = "regular", _("Đại hội nhiệm kỳ")
    EXTRAORDINARY = "extraordinary", _("Đại hội bất thường")
    # The superior committee appoints the committee for a term without a congress: the new commune
    # committees of 01/07/2025 (HD 31-HD/BTCTW, RULES.md §1.5), or a newly founded organization.
    APPOINTED = "appointed", _("Chỉ định cấp ủy (không tổ chức đại hội)")


# Kinds that open a term; an extraordinary congress happens inside one.
TERM_OPENING_KINDS = frozenset({CongressKind.REGULAR, CongressKind.APPOINTED})


class Congress(Correctable, OverrideFields, LegalBasisFields, RecordedFields):
    """A congress of ``organization`` held on ``held_on`` for the term ``term_first_year``–``term_last_year``.

    The legal basis is the superior's decision where there is one (an appointment, the consent to hold
    the congress early or late, the approval of its results)."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "held_on"
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="congresses")
    kind = models.CharField(_("loại"), max_length=20, choices=CongressKind.choices)
    held_on = models.DateField(_("ngày đại hội"))
    term_first_year = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_last_year = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"))
    official_members = models.PositiveIntegerField(_("số đảng viên chính thức"), null=True, blank=True)

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        indexes = [
            models.Index(fields=["organization", "held_on"]),
            models.Index(fields=["term_first_year", "term_last_year"]),
            models.Index(fields=["held_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_last_year__gt=models.F("term_first_year")), name="congress_term_order"
            )
        ]

    def __str__(self) -> str:
        # "Đại hội nhiệm kỳ 2017–2020 (12/05/2017)"; the other kinds name the term after a comma.
        joined = " " if self.kind == CongressKind.REGULAR else ", nhiệm kỳ "
        return f"{self.get_kind_display()}{joined}{self.term_label} ({self.held_on:%d/%m/%Y})"

    @property
    def term_label(self) -> str:
        return f"{self.term_first_year}–{self.term_last_year}"


class Position(models.TextChoices):
    """A seat in an organization's leadership, highest first."""

    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    MEMBER = "member", _("Cấp ủy viên")


# Seats that make a committee (chi ủy, ban chấp hành) beside the secretary and deputies.
COMMITTEE_SEATS = frozenset({Position.STANDING_MEMBER, Position.MEMBER})


class RecordKind(models.TextChoices):
    STARTED = "started", _("Bắt đầu giữ chức")
    ENDED = "ended", _("Thôi giữ chức")


class Method(models.TextChoices):
    ELECTED = "elected", _("Bầu")
    APPOINTED = "appointed", _("Chỉ định")


class PositionRecord(Correctable, OverrideFields, LegalBasisFields, RecordedFields):
    """One fact of a person's seat at an organization. Never updated, never deleted.

    ``STARTED``: from ``effective_on`` the person holds ``position``, elected at ``congress`` or appointed
    by the decision of the legal basis. ``ENDED``: from ``effective_on`` (the first day out, half-open like
    every period of partyorg) the start row ``ends`` no longer holds."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "effective_on"
    kind = models.CharField(_("loại bản ghi"), max_length=10, choices=RecordKind.choices)
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="position_records")
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="position_records"
    )
    position = models.CharField(_("chức vụ"), max_length=20, choices=Position.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    method = models.CharField(_("hình thức"), max_length=10, choices=Method.choices, blank=True)
    congress = models.ForeignKey(Congress, models.PROTECT, null=True, blank=True, related_name="elected")
    ends = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="endings")

    class Meta:
        verbose_name = _("chức vụ trong cấp ủy")
        verbose_name_plural = _("chức vụ trong cấp ủy")
        indexes = [
            models.Index(fields=["organization", "effective_on"]),
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["position", "effective_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=RecordKind.STARTED, ends__isnull=True)
                | Q(kind=RecordKind.ENDED, ends__isnull=False),
                name="position_record_end_names_its_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_position_display()} {self.effective_on:%d/%m/%Y}"
