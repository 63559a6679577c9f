"""Annual review and quality rating (kiểm điểm, đánh giá, xếp loại chất lượng), RULES.md §3.

A :class:`ReviewCycle` is one organization's review of a year (or, from QĐ 366, of a quarter, a term
or an occasion), held on ``reviewed_on``: that day chooses the regime (``partyorg.rules.ratings``) and
says who must be rated (the members the organization holds that day, less the excluded ones, derived
from the membership records by ``partyorg.ratings.queries.rosters``).

:class:`MemberRating` and :class:`OrganizationRating` are logs: the database refuses UPDATE and
DELETE (``partyorg.core.append_only``). A corrected rating is a new row whose ``corrects`` points at
the one it replaces; ``withdrawn`` takes a rating back altogether. The rating in force is the row
nobody corrects, unless it is a withdrawal.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, OverrideFields, RecordedFields
from partyorg.rules import ratings as rules


class RatingLevel(models.TextChoices):
    EXCELLENT = rules.EXCELLENT, _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = rules.GOOD, _("Hoàn thành tốt nhiệm vụ")
    FULFILLED = rules.FULFILLED, _("Hoàn thành nhiệm vụ")
    NOT_FULFILLED = rules.NOT_FULFILLED, _("Không hoàn thành nhiệm vụ")
    CLEAN_STRONG = rules.CLEAN_STRONG, _("Trong sạch vững mạnh")
    WEAK = rules.WEAK, _("Yếu kém")


class ReviewPeriod(models.TextChoices):
    YEAR = rules.YEAR, _("Năm")
    QUARTER = rules.QUARTER, _("Quý")
    TERM = rules.TERM, _("Nhiệm kỳ")
    AD_HOC = rules.AD_HOC, _("Khi cần thiết")


class ReviewCycle(LegalBasisFields, RecordedFields):
    """One organization's review for a period, held on ``reviewed_on``. Append-only; one per
    (organization, year, period, number)."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "reviewed_on"
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="review_cycles"
    )
    # The grassroots organization at or above ``organization`` on ``reviewed_on``: the unit of the
    # excellent quota (RULES.md §3.1). Copied here so a quota or a figure needs no walk of the tree.
    grassroots = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ đánh giá"), max_length=10, choices=ReviewPeriod.choices)
    period_number = models.PositiveSmallIntegerField(_("số kỳ"), default=0)  # quarter 1–4; 0 otherwise
    reviewed_on = models.DateField(_("ngày kiểm điểm"))
    regime = models.CharField(_("quy định áp dụng"), max_length=20)  # rules.ratings regime code
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đợt kiểm điểm, xếp loại")
        indexes = [
            models.Index(fields=["year", "period", "organization"]),
            models.Index(fields=["grassroots", "year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "period", "period_number"], name="reviewcycle_once"
            )
        ]

    def __str__(self) -> str:
        number = f" {self.period_number}" if self.period_number else ""
        return f"{self.get_period_display()}{number} {self.year} ({self.reviewed_on:%d/%m/%Y})"


class RatingFields(Correctable, OverrideFields, LegalBasisFields, RecordedFields):
    """What a member's and an organization's rating share: a correctable record (uid, note,
    corrects, withdrawn; ``objects.in_force()``) with its level and score."""

    level = models.CharField(_("xếp loại"), max_length=20, choices=RatingLevel.choices)
    # On the 100-point scale of QĐ 366 (members and organizations), or the points of HD 27 (2014,
    # organizations); None where the regime has no score.
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        abstract = True


class MemberRating(RatingFields):
    scope_path = "cycle__organization"  # whose it is (Scope.record)
    scope_day = "cycle__reviewed_on"
    cycle = models.ForeignKey(ReviewCycle, models.PROTECT, related_name="member_ratings")
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="ratings")

    class Meta:
        verbose_name = _("xếp loại đảng viên")
        indexes = [
            models.Index(fields=["cycle", "person"]),
            models.Index(fields=["person", "cycle"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_level_display()}"


class OrganizationRating(RatingFields):
    scope_path = "cycle__organization"  # whose it is (Scope.record)
    scope_day = "cycle__reviewed_on"
    cycle = models.ForeignKey(ReviewCycle, models.PROTECT, related_name="organization_ratings")

    class Meta:
        verbose_name = _("xếp loại tổ chức đảng")
        indexes = [models.Index(fields=["cycle"])]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.get_level_display()}"


class MemberRatingLine(models.Model):
    """One line of a cycle's roster as the figures count it (derived, ``partyorg.ratings.summary``):
    a member the organization held on the review day, the reason they are not rated ("" when they
    must be) and the level of their rating in force ("" when not rated). Kept current in the same
    transaction as the cycles, the ratings and the membership records it is read from, rebuilt from
    them at any time, and compared with them by a test. A province's year is then counted from its
    ~48.000 lines in one pass of an index instead of working out every roster again (issue 18)."""

    cycle = models.ForeignKey(ReviewCycle, models.CASCADE, related_name="+")
    person = models.ForeignKey("members.Person", models.CASCADE, related_name="+")
    exclusion = models.CharField(max_length=20, blank=True)  # rules.ratings EXEMPT, SUSPENDED, NEW_MEMBER
    level = models.CharField(max_length=20, blank=True)
    # The person has another line in a cycle of the same year and period (moved between two review
    # days): where no line counted is, each line is one person and the figures are plain counts.
    repeated = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["cycle", "level", "exclusion", "repeated", "person"], name="ratings_line_cycle"
            ),
            models.Index(fields=["person"], name="ratings_line_person"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.person_id}: {self.level or self.exclusion or '—'}"


class MemberRatingLinesHeld(models.Model):
    """One row once :class:`MemberRatingLine` holds every cycle (built by the first rating record
    after this table came, or by ``partyorg rebuild``); before it the figures count the plain way."""

    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"held since {self.built_at:%d/%m/%Y %H:%M}"
