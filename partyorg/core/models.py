"""Pieces every record of partyorg shares: its legal basis, who recorded it when, and which of its
rows are in force (see also :mod:`partyorg.core.records`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partyorg.core.known import known_moment

M = TypeVar("M", bound=models.Model)


class LegalBasisFields(models.Model):
    """The decision a record rests on: number + date + issuer, because numbers restart each term."""

    basis_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    basis_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    basis_issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def legal_basis(self) -> str:
        parts = [self.basis_number]
        if self.basis_date:
            parts.append(f"ngày {self.basis_date:%d/%m/%Y}")
        if self.basis_issuer:
            parts.append(f"của {self.basis_issuer}")
        return " ".join(p for p in parts if p)


class RecordedManager(models.Manager[M]):
    """The rows of a record, as known: inside :func:`partyorg.core.known.seen_as_of`, a row recorded
    at or after that moment is not there, for every query of the record, its corrections (the
    ``in_force`` subquery goes through this manager) and its reverse relations alike."""

    def get_queryset(self) -> models.QuerySet[M]:
        rows = super().get_queryset()
        moment = known_moment()
        return rows if moment is None else rows.filter(recorded_at__lt=moment)


class RecordedFields(models.Model):
    """The second time axis: when the record entered partyorg and who entered it."""

    recorded_at = models.DateTimeField(_("thời điểm ghi"), db_index=True)
    recorded_by = models.CharField(_("người ghi"), max_length=150)

    objects = RecordedManager()

    class Meta:
        abstract = True


class CorrectableQuerySet(models.QuerySet[M]):
    """Rows of a record that is corrected by a new row pointing at it (``corrects``) and taken back
    by a withdrawal (``withdrawn``)."""

    def in_force(self) -> CorrectableQuerySet[M]:
        """The rows nobody corrected, and not withdrawals (inside
        :func:`partyorg.core.known.seen_as_of`: as known then, see :class:`RecordedManager`)."""
        corrected = self.model._default_manager.filter(corrects=OuterRef("pk"))
        return self.filter(withdrawn=False).exclude(Exists(corrected))


CorrectableManager = RecordedManager.from_queryset(CorrectableQuerySet)


def stamp(uid: uuid.UUID | str | None = None, recorded_at: datetime | None = None) -> dict[str, Any]:
    """The ``uid`` and ``recorded_at`` of a new row: as given (an import keeps the file's), else a
    fresh uid and now. Every service that appends a record takes both and passes them here."""
    return {"uid": uid or uuid.uuid4(), "recorded_at": recorded_at or timezone.now()}


class Correctable(models.Model):
    """A record that is never edited: a wrong row is answered by a new row that ``corrects`` it
    (carrying the whole corrected record), and ``withdrawn`` on that new row takes it back
    altogether. ``Model.objects.in_force()``: the rows nobody corrected, and not withdrawals."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.TextField(_("ghi chú"), blank=True)
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    withdrawn = models.BooleanField(_("hủy"), default=False)

    objects = CorrectableManager()

    class Meta:
        abstract = True


class OverrideFields(models.Model):
    """The rule an officer overrode to record this row, and why (empty when no rule refused it)."""

    override_rule = models.CharField(_("quy định được vượt qua"), max_length=80, blank=True)
    override_reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        abstract = True
