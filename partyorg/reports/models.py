"""Figures people enter rather than partyorg computes: plan targets, staff headcounts, and figures
already stated in a report or an article.

partyorg counts members, organizations and hamlets from its records; it cannot count a unit's
staff, know the year's admission plan, or know what a report sent last month said. Officers enter
those here, and the statistics module sets them beside its own figures: "đạt 160% kế hoạch",
"25 đảng viên, chiếm 83,3% tổng số cán bộ", and the cross-check that a stated total equals its
stated parts and the records ("646 tổ chức cơ sở đảng" against 225 + 419).

Append-only like the other logs: a wrong entry is answered by a later one whose ``corrects``
points at it (with ``withdrawn`` set to take it back altogether).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, RecordedFields


class FigureKind(models.TextChoices):
    TARGET = "target", _("Chỉ tiêu kế hoạch")
    STATED = "stated", _("Số liệu đã nêu")


class Indicator(models.TextChoices):
    """What an entered figure counts. All but STAFF are also computed by the statistics module
    (``partyorg.reports.statistics.entered.COMPUTED``), so a stated value can be checked."""

    MEMBERS = "members", _("Tổng số đảng viên")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    ADMISSIONS = "admissions", _("Kết nạp mới (không kể kết nạp lại)")
    GRASSROOTS_ORGANIZATIONS = "grassroots_organizations", _("Tổ chức cơ sở đảng")
    GRASSROOTS_COMMITTEES = "grassroots_committees", _("Đảng bộ cơ sở")
    GRASSROOTS_CELLS = "grassroots_cells", _("Chi bộ cơ sở")
    CELLS = "cells", _("Chi bộ trực thuộc đảng ủy cơ sở")
    SUB_COMMITTEES = "sub_committees", _("Đảng bộ bộ phận")
    DIRECT_COMMITTEES = "direct_committees", _("Đảng bộ trực thuộc (ngay dưới tổ chức)")
    DIRECT_CELLS = "direct_cells", _("Chi bộ trực thuộc (ngay dưới tổ chức)")
    DISTRICT_COMMITTEES = "district_committees", _("Đảng bộ huyện, quận, thị xã")
    COMMUNE_COMMITTEES = "commune_committees", _("Đảng bộ xã, phường, đặc khu")
    HAMLETS = "hamlets", _("Thôn, bản, tổ dân phố")
    HAMLETS_WITHOUT_MEMBERS = "hamlets_without_members", _("Thôn, bản chưa có đảng viên")
    STAFF = "staff", _("Cán bộ, công chức, viên chức, người lao động của đơn vị")


class Bound(models.TextChoices):
    """How a stated value bounds the true one: "29.738 đảng viên" is exact, "hơn 74.600 đảng viên"
    a lower bound. UNSTATED: the report gave no count, only its change ("tăng 70,01% so với năm
    2010"); the value is then 0 and is not checked."""

    EXACT = "", _("đúng bằng")
    MORE_THAN = "more_than", _("hơn")
    AT_LEAST = "at_least", _("ít nhất")
    UNSTATED = "unstated", _("không nêu số, chỉ nêu mức thay đổi")


class EnteredFigure(LegalBasisFields, RecordedFields):
    """One entered value of an indicator for an organization: on a day (a stock, a headcount) or
    for the period ``first_day``–``last_day`` (admissions, a target for a year).

    A stated figure may bound the value rather than give it (``bound``: "hơn 74.600"), and may state
    its change against a base day in percent ("tăng 70,01% so với năm 2010": ``base_day`` 31/12/2010,
    ``change_percent`` "70.01"). The percent is kept as the text of a signed decimal with the
    decimals the report wrote ("70.01", "-3.5", "70"), because the check rounds the records' percent
    to as many decimals as the report gave (``partyorg.reports.statistics.entered``)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="entered_figures"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=FigureKind.choices)
    indicator = models.CharField(_("chỉ tiêu"), max_length=30, choices=Indicator.choices)
    first_day = models.DateField(_("từ ngày"), null=True, blank=True)  # None for a figure on a day
    last_day = models.DateField(_("đến ngày"))  # the day of a stock, or the last day of the period
    value = models.PositiveIntegerField(_("giá trị"))
    bound = models.CharField(
        _("mức"), max_length=10, choices=Bound.choices, blank=True, default=Bound.EXACT, db_default=""
    )
    base_day = models.DateField(_("so với ngày"), null=True, blank=True)
    change_percent = models.CharField(
        _("thay đổi so với ngày gốc (%)"), max_length=12, blank=True, default="", db_default=""
    )
    source = models.CharField(_("nguồn"), max_length=300, blank=True)  # e.g. the report or article
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    withdrawn = models.BooleanField(_("hủy"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("số liệu nhập")
        verbose_name_plural = _("số liệu nhập")
        indexes = [models.Index(fields=["organization", "indicator", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__isnull=True) | models.Q(first_day__lte=models.F("last_day")),
                name="entered_figure_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} = {self.value}"


class SentReport(Correctable, LegalBasisFields, RecordedFields):
    """A form an officer marked as sent up (organization, period, form; who and when: ``recorded_by``,
    ``recorded_at``; the dispatch that carried it: the legal basis fields), with the form's lines as
    partyorg printed them then (``lines``: code, label, values, level). What was sent never
    changes; later records change today's figures for the same period, and
    :mod:`partyorg.reports.sent` sets the two side by side, naming the people recorded since.
    Append-only: marked by mistake, it is withdrawn by a new row."""

    scope_path = "organization"  # whose it is (Scope.record)
    scope_day = "last_day"
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="sent_reports"
    )
    form = models.CharField(_("biểu"), max_length=30)  # a key of partyorg.reports.documents.FORMS
    first_day = models.DateField(_("từ ngày"))
    last_day = models.DateField(_("đến ngày"))
    title = models.CharField(_("tên biểu"), max_length=200)
    headers = models.JSONField(_("tiêu đề cột"), default=list)
    lines = models.JSONField(_("các dòng"), default=list)

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        indexes = [models.Index(fields=["organization", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="sent_report_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.organization_id} {self.first_day}–{self.last_day}"


# -- form 3's breakdowns on the fast path (issue 18: ``partyorg.reports.breakdown_summary``) --------


def _column_filled(k: int) -> models.Q | None:
    return None if k == 0 else models.Q(**{f"a{k}__isnull": False})


BREAKDOWN_DEPTH = 7  # the ancestor columns of members.StockFact (members.models.PATH_DEPTH)


class BreakdownFact(models.Model):
    """Derived: a member's stock fact (``members.StockFact``: an interval with its line of
    ancestors ``a0`` … ``a{depth}``) cut further where a value form 3 reads changes (the dated facts
    about the person), with those values copied onto it. "Members of X on D by education" is then
    the rows with ``a{depth of X} = X`` valid on D, grouped. The age is not stored as a band but as
    the birth date: a band changes on a birthday, not on a record."""

    person_id = models.BigIntegerField()
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    depth = models.PositiveSmallIntegerField()
    a0 = models.BigIntegerField()
    a1 = models.BigIntegerField(null=True)
    a2 = models.BigIntegerField(null=True)
    a3 = models.BigIntegerField(null=True)
    a4 = models.BigIntegerField(null=True)
    a5 = models.BigIntegerField(null=True)
    a6 = models.BigIntegerField(null=True)
    birth_date = models.DateField()
    admission = models.PositiveSmallIntegerField()  # index of stocks.ADMISSION_PERIODS (last: unknown)
    ethnicity = models.CharField(max_length=200, blank=True)
    religion = models.CharField(max_length=200, blank=True)
    general_education = models.CharField(max_length=200, blank=True)
    professional_level = models.CharField(max_length=200, blank=True)
    political_theory = models.CharField(max_length=200, blank=True)
    occupation = models.CharField(max_length=200, blank=True)
    academic_title = models.CharField(max_length=200, blank=True)
    women = models.BooleanField(default=False)
    owner = models.BooleanField(default=False)
    exempt = models.BooleanField(default=False)

    class Meta:
        indexes = [
            *(
                models.Index(
                    fields=[f"a{k}", "valid_from"],
                    name=f"breakdownfact_a{k}_from",
                    condition=_column_filled(k),
                )
                for k in range(BREAKDOWN_DEPTH)
            ),
            # the facts that ended in a partial month, for the organizations with monthly counts
            *(
                models.Index(
                    fields=[f"a{k}", "valid_until"],
                    name=f"breakdownfact_a{k}_until",
                    condition=_column_filled(k),
                )
                for k in range(2)
            ),
            models.Index(fields=["person_id", "valid_from"], name="breakdownfact_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.a0}…(depth {self.depth}) {self.valid_from}–{self.valid_until or ''}"


class BreakdownCount(models.Model):
    """Derived: how many members an organization's subtree held on a month end by one value of
    one breakdown of form 3 (``dimension``, ``value``): the snapshot the fast path starts from.
    Held for the organizations of the top columns only; a missing ``total`` row means "count the
    facts of the day"."""

    organization_id = models.BigIntegerField()
    day = models.DateField()
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=420, blank=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization_id", "day", "dimension", "value"], name="breakdowncount_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day} {self.dimension}={self.value}: {self.n}"


class BreakdownsHeld(models.Model):
    """A row once the breakdown tables were built (else form 3 counts the plain way)."""

    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.built_at:%d/%m/%Y %H:%M}"


# -- form 1's moves on the fast path (issue 18: ``partyorg.reports.flow_summary``) -----------------


class FlowMove(models.Model):
    """Derived: a member's move across the border of the subtree of an organization of the top
    columns (``flow_summary.COLUMNS``), labelled as form 1 labels it: an entry (``entry``) or an exit
    on ``day``, its reason (``flows.ENTRY_REASONS`` / ``EXIT_REASONS``) and whether it is one of the
    "of which" lines (a transfer from or to outside the records, a removal from the probationary
    list). ``o0``, ``o1``: the organization of each column the move crosses the border of (None: the
    move stays inside that column's subtree). Kept to move the counts by the difference when the
    person's records change."""

    person_id = models.BigIntegerField()
    day = models.DateField()
    entry = models.BooleanField()
    reason = models.CharField(max_length=20)
    detail = models.BooleanField(default=False)
    o0 = models.BigIntegerField(null=True)
    o1 = models.BigIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["person_id", "day"], name="flowmove_person"),
            # the people behind a count, when its figure is opened
            models.Index(fields=["o0", "day"], name="flowmove_o0", condition=models.Q(o0__isnull=False)),
            models.Index(fields=["o1", "day"], name="flowmove_o1", condition=models.Q(o1__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {'+' if self.entry else '-'}{self.reason} {self.day}"


class FlowCount(models.Model):
    """Derived: how many moves of one label (``+admitted``, ``-died``, ``+from_outside`` …) crossed
    the border of an organization's subtree in a month (``month``: its first day), for the
    organizations of the top columns: form 1 of whole months is the sum of these."""

    organization_id = models.BigIntegerField()
    month = models.DateField()
    label = models.CharField(max_length=30)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization_id", "month", "label"], name="flowcount_key")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%m/%Y} {self.label}: {self.n}"


class FlowsHeld(models.Model):
    """A row once the flow tables were built (else form 1 reads the moves off the stock's facts)."""

    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.built_at:%d/%m/%Y %H:%M}"
