"""The party organization tree over time, and the administrative units it stands on.

An :class:`Organization` is only an identity. What it is on a date (name, kind, parent, sector)
is the :class:`OrgVersion` valid on that date. Versions are *derived*: they are folded from the
append-only log of :class:`OrgChange` rows (founding, renaming, moving, mergers, splits,
dissolution), and :func:`partyorg.organizations.services.rebuild_versions` rebuilds them from it.

Administrative units have the same kind of history. A :class:`Locality` is an identity with its
attributes of today, and :class:`LocalityParent` its dated parent links; both are derived from the
append-only log of :class:`LocalityChange` rows (created, renamed, attached to a parent, ended,
merged into another unit), each with the administrative decision behind it and corrected by a new
row, never edited (:func:`partyorg.organizations.services.rebuild_localities`).

The localities an organization answers for are its version's ``locality`` and the dated
:class:`ServedLocality` rows beside it (a cell serving several hamlets).

Periods are half-open everywhere: a version holds on ``valid_from <= day < valid_until``;
``valid_until`` is ``None`` while it is current. A district committee that ended on 30/06/2025 has
``valid_until = 01/07/2025``.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, RecordedFields


class LocalityKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận, thị xã")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    HAMLET = "hamlet", _("Thôn, bản, tổ dân phố")


class Locality(models.Model):
    """An administrative unit. Codes are the statistics office's codes, kept as strings. The
    attributes are derived from the unit's :class:`LocalityChange` rows: the name, level and flag of
    its last attribute row, the start of its creation, the day it ended."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("cấp"), max_length=20, choices=LocalityKind.choices)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    is_ethnic_minority_area = models.BooleanField(_("vùng đồng bào DTTS"), default=False)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class LocalityParent(models.Model):
    """Which unit a unit belonged to, and when: hamlets changed commune and communes lost their
    district on 01/07/2025. Derived from the ``ATTACHED`` rows of the log (``source``)."""

    locality = models.ForeignKey(Locality, models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Locality, models.PROTECT, related_name="child_links")
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    source = models.ForeignKey("LocalityChange", models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["parent", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.locality_id} ⊂ {self.parent_id} từ {self.valid_from}"


class LocalityChangeKind(models.TextChoices):
    CREATED = "created", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên, thay đổi thuộc tính")
    ATTACHED = "attached", _("Trực thuộc đơn vị cấp trên")
    ENDED = "ended", _("Giải thể, chấm dứt")
    MERGED = "merged", _("Nhập vào đơn vị khác")


#: The kinds that state a unit's attributes (name, level, flag) from their day on.
LOCALITY_ATTRIBUTE_KINDS = frozenset({LocalityChangeKind.CREATED, LocalityChangeKind.RENAMED})
#: The kinds that end a unit on their day.
LOCALITY_END_KINDS = frozenset({LocalityChangeKind.ENDED, LocalityChangeKind.MERGED})


class LocalityChange(Correctable, LegalBasisFields, RecordedFields):
    """One entry of an administrative unit's log, with the decision behind it (a resolution of the
    Standing Committee of the National Assembly on the arrangement of communes, a provincial
    decision on hamlets). Append-only: a wrong row is answered by a new row that ``corrects`` it,
    carrying the whole corrected row; ``withdrawn`` on the new row takes it back altogether.

    - ``CREATED``: the unit exists from ``effective_on`` (empty: since before the records) with
      ``name``, ``level`` and the ethnic-minority flag;
    - ``RENAMED``: from ``effective_on`` its name, level and flag are these;
    - ``ATTACHED``: from ``effective_on`` (empty: since always) it belongs to ``parent``, until
      ``until`` when given (exclusive), else until its next attachment or its end;
    - ``ENDED``, ``MERGED``: it no longer exists from ``effective_on`` (merged into ``successor``).
    """

    locality = models.ForeignKey(Locality, models.PROTECT, related_name="changes")
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=LocalityChangeKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    until = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    name = models.CharField(_("tên"), max_length=200, blank=True)
    level = models.CharField(_("cấp"), max_length=20, choices=LocalityKind.choices, blank=True)
    is_ethnic_minority_area = models.BooleanField(_("vùng đồng bào DTTS"), default=False)
    parent = models.ForeignKey(Locality, models.PROTECT, null=True, blank=True, related_name="+")
    successor = models.ForeignKey(Locality, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("thay đổi đơn vị hành chính")
        indexes = [models.Index(fields=["locality", "effective_on"])]

    def __str__(self) -> str:
        day = f" {self.effective_on:%d/%m/%Y}" if self.effective_on else ""
        return f"{self.get_kind_display()}{day}"


class ServedLocality(Correctable, LegalBasisFields, RecordedFields):
    """A locality an organization answers for over ``[valid_from, valid_until)``, beside the
    locality of its version: the hamlets a combined cell serves (RULES.md §1.2, "chi bộ sinh hoạt
    ghép"), the communes a grassroots committee answers for. Corrected by a new row, never edited."""

    organization = models.ForeignKey("Organization", models.PROTECT, related_name="served_localities")
    locality = models.ForeignKey(Locality, models.PROTECT, related_name="served_by")
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa bàn phụ trách")
        indexes = [models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.locality_id} từ {self.valid_from:%d/%m/%Y}"


class OrgKind(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Đảng bộ tỉnh, thành phố")
    DISTRICT = "district", _("Đảng bộ huyện, quận, thị xã")
    COMMUNE = "commune", _("Đảng bộ xã, phường, đặc khu")
    BLOC = "bloc", _("Đảng bộ khối, cơ quan, lực lượng vũ trang")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ trực thuộc")


GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})
# Kinds that hold members directly. A committee's own members sit in its cells.
MEMBER_HOLDING_KINDS = frozenset({OrgKind.GRASSROOTS_CELL, OrgKind.CELL})


class OrgSector(models.TextChoices):
    """Sector of a grassroots organization: the rows of statistics form 5 (RULES.md §6.2 [P])."""

    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNSHIP = "township", _("Thị trấn")
    PARTY_AGENCY = "party_agency", _("Cơ quan Đảng, Mặt trận, đoàn thể")
    STATE_AGENCY = "state_agency", _("Cơ quan nhà nước")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    NONPUBLIC_SERVICE = "nonpublic_service", _("Đơn vị sự nghiệp ngoài công lập")
    ARMY = "army", _("Quân đội")
    POLICE = "police", _("Công an")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    NONSTATE_ENTERPRISE = "nonstate_enterprise", _("Doanh nghiệp ngoài nhà nước")
    FOREIGN_ENTERPRISE = "foreign_enterprise", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    ABROAD = "abroad", _("Ngoài nước")
    OTHER = "other", _("Khác")


class Organization(models.Model):
    """A party organization's identity. Its attributes live in dated :class:`OrgVersion` rows."""

    code = models.CharField(_("mã tổ chức"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("tổ chức đảng")

    def __str__(self) -> str:
        return self.code


class OrgChangeKind(models.TextChoices):
    FOUNDED = "founded", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên")
    MOVED = "moved", _("Chuyển cấp trên trực tiếp")
    RECLASSIFIED = "reclassified", _("Thay đổi loại hình, cấp")
    MERGED = "merged", _("Sáp nhập, hợp nhất")
    SPLIT = "split", _("Chia tách")
    DISSOLVED = "dissolved", _("Giải thể")
    RESTRUCTURED = "restructured", _("Sắp xếp tổ chức bộ máy")
    VOIDED = "voided", _("Hủy bản ghi nhập sai")


class OrgChange(LegalBasisFields, RecordedFields):
    """One entry of the organization log. Append-only: a mistake is answered by a later change
    whose ``corrects`` points at it (``VOIDED`` withdraws it; any other kind replaces it)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=OrgChangeKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thay đổi tổ chức")
        indexes = [models.Index(fields=["effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class OrgChangeItem(models.Model):
    """What one change made of one organization: its state from ``effective_on`` on, or its end."""

    change = models.ForeignKey(OrgChange, models.PROTECT, related_name="items")
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="change_items")
    ends = models.BooleanField(default=False)
    name = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=30, choices=OrgKind.choices, blank=True)
    parent = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True, related_name="+")
    sector = models.CharField(max_length=30, choices=OrgSector.choices, blank=True)
    is_combined = models.BooleanField(default=False)
    locality = models.ForeignKey(Locality, models.PROTECT, null=True, blank=True, related_name="+")
    # Where the members of an ending organization go (merger, dissolution), when it is one place.
    successor = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.organization_id}: {'kết thúc' if self.ends else self.name}"


class OrgVersion(models.Model):
    """An organization as it stood over ``[valid_from, valid_until)``. Derived from the log."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="versions")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=30, choices=OrgKind.choices)
    parent = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="child_versions"
    )
    sector = models.CharField(_("loại hình cơ sở"), max_length=30, choices=OrgSector.choices, blank=True)
    is_combined = models.BooleanField(_("chi bộ ghép"), default=False)
    locality = models.ForeignKey(Locality, models.PROTECT, null=True, blank=True, related_name="+")
    opened_by = models.ForeignKey(OrgChange, models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            models.Index(fields=["parent", "valid_from"]),
            models.Index(fields=["kind", "valid_from"]),
            # Is a name borne by another organization that day? (organizations.queries.display_names)
            models.Index(fields=["name", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="orgversion_nonempty_period",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


def valid_on(day: date, prefix: str = "", *, open_start: bool = False) -> Q:
    """The filter for rows whose ``[valid_from, valid_until)`` contains ``day``. ``open_start``: a
    missing ``valid_from`` means "since always" (localities and their links)."""
    starts = Q(**{f"{prefix}valid_from__lte": day})
    if open_start:
        starts |= Q(**{f"{prefix}valid_from__isnull": True})
    return starts & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gt": day}))
