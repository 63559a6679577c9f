"""Commands that change the organization tree. Each appends to the :class:`OrgChange` log and
refreshes the derived :class:`OrgVersion` rows of the organizations it touched.

Moving the *members* of an organization that ends belongs to :mod:`partyorg.members.services`,
which calls these functions inside its own transaction: organizations never import members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from partyorg.core.records import LegalBasis, Refused
from partyorg.organizations.models import (
    Locality,
    Organization,
    OrgChange,
    OrgChangeItem,
    OrgChangeKind,
    OrgKind,
    OrgVersion,
    valid_on,
)
from partyorg.organizations.queries import subtree_ids, version_on
from partyorg.organizations.signals import versions_rebuilt


class OrgChangeError(Refused):
    """A change that cannot be applied to the tree; the message is Vietnamese."""


@dataclass(frozen=True)
class OrgState:
    """What an organization is from a change on: every field, not only the changed ones."""

    name: str
    kind: str
    parent: Organization | None = None
    sector: str = ""
    is_combined: bool = False
    locality: Locality | None = None


def current_state(org: Organization, on: date) -> OrgState:
    version = version_on(org, on)
    if version is None:
        raise OrgChangeError(f"Tổ chức {org.code} không tồn tại vào ngày {on:%d/%m/%Y}.")
    return OrgState(
        name=version.name,
        kind=version.kind,
        parent=version.parent,
        sector=version.sector,
        is_combined=version.is_combined,
        locality=version.locality,
    )


def _new_change(
    kind: str,
    effective_on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    recorded_at: datetime | None = None,
    note: str = "",
    corrects: OrgChange | None = None,
) -> OrgChange:
    return OrgChange.objects.create(
        kind=kind,
        effective_on=effective_on,
        note=note,
        corrects=corrects,
        basis_number=legal_basis.number,
        basis_date=legal_basis.issued_on,
        basis_issuer=legal_basis.issuer,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=recorded_by,
    )


def _item(
    change: OrgChange, org: Organization, state: OrgState | None, successor: Organization | None = None
) -> OrgChangeItem:
    if state is None:
        return OrgChangeItem(change=change, organization=org, ends=True, successor=successor)
    return OrgChangeItem(
        change=change,
        organization=org,
        name=state.name,
        kind=state.kind,
        parent=state.parent,
        sector=state.sector,
        is_combined=state.is_combined,
        locality=state.locality,
    )


def _check_parent(state: OrgState, on: date, starting: set[int]) -> None:
    """The parent must exist that day, or be given a state by the same change (a new commune
    committee and the cells moved under it, in one reorganization)."""
    if state.parent is not None and state.parent.pk not in starting and version_on(state.parent, on) is None:
        raise OrgChangeError(f"Cấp trên trực tiếp {state.parent.code} không tồn tại vào ngày {on:%d/%m/%Y}.")
    if state.kind not in OrgKind.values:
        raise OrgChangeError(f"Loại tổ chức không hợp lệ: {state.kind}.")


def apply_change(
    kind: str,
    effective_on: date,
    *,
    states: Sequence[tuple[Organization, OrgState | None]],
    successors: dict[int, Organization] | None = None,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
) -> OrgChange:
    """Append one change: for each organization, its new state from ``effective_on`` (``None``
    when it ends there), then refresh their versions. The caller holds the transaction."""
    successors = successors or {}
    _check_no_later_change(states, effective_on)
    starting = {org.pk for org, state in states if state is not None}
    for _org, state in states:
        if state is not None:
            _check_parent(state, effective_on, starting)
    _check_no_orphans(states, effective_on)
    change = _new_change(kind, effective_on, legal_basis=legal_basis, recorded_by=recorded_by, note=note)
    OrgChangeItem.objects.bulk_create(
        [_item(change, org, state, successors.get(org.pk)) for org, state in states]
    )
    rebuild_versions([org.pk for org, _ in states])
    return change


@transaction.atomic
def found(
    code: str, state: OrgState, *, founded_on: date, legal_basis: LegalBasis, recorded_by: str
) -> Organization:
    """Thành lập: a new organization from ``founded_on``."""
    if Organization.objects.filter(code=code).exists():
        raise OrgChangeError(f"Mã tổ chức {code} đã tồn tại.")
    org = Organization.objects.create(code=code)
    apply_change(
        OrgChangeKind.FOUNDED,
        founded_on,
        states=[(org, state)],
        legal_basis=legal_basis,
        recorded_by=recorded_by,
    )
    return org


@transaction.atomic
def rename(
    org: Organization, new_name: str, *, effective_on: date, legal_basis: LegalBasis, recorded_by: str
) -> OrgChange:
    """Đổi tên."""
    state = current_state(org, effective_on)
    return apply_change(
        OrgChangeKind.RENAMED,
        effective_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        states=[(org, OrgState(**{**state.__dict__, "name": new_name}))],
    )


@transaction.atomic
def move(
    org: Organization,
    new_parent: Organization,
    *,
    effective_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    new_kind: str | None = None,
) -> OrgChange:
    """Chuyển cấp trên trực tiếp (and, as on 01/07/2025, possibly a new kind)."""
    if new_parent.pk in subtree_ids(org, effective_on):
        raise OrgChangeError("Không thể chuyển một tổ chức vào dưới chính cấp dưới của nó.")
    state = current_state(org, effective_on)
    new = OrgState(**{**state.__dict__, "parent": new_parent, "kind": new_kind or state.kind})
    return apply_change(
        OrgChangeKind.MOVED,
        effective_on,
        states=[(org, new)],
        legal_basis=legal_basis,
        recorded_by=recorded_by,
    )


def _check_no_later_change(states: Sequence[tuple[Organization, OrgState | None]], on: date) -> None:
    """Each item states an organization's whole state from its day on, so a change dated before a
    later change already recorded would be silently undone by it (or revive a dissolved unit).
    Such a history is corrected by correcting the later change first."""
    voided = OrgChange.objects.filter(corrects__isnull=False).values("corrects_id")
    later = (
        OrgChangeItem.objects.filter(organization__in=[org for org, _ in states], change__effective_on__gt=on)
        .exclude(change__kind=OrgChangeKind.VOIDED)
        .exclude(change_id__in=voided)
        .select_related("change", "organization")
        .order_by("change__effective_on")
        .first()
    )
    if later is not None:
        raise OrgChangeError(
            f"Tổ chức {later.organization.code} đã có thay đổi ngày {later.change.effective_on:%d/%m/%Y}, "
            "sau ngày này; hãy sửa thay đổi đó trước."
        )


def _check_no_orphans(states: Sequence[tuple[Organization, OrgState | None]], on: date) -> None:
    """An organization may end only when the same change gives its subordinates a new parent."""
    ending = {org.pk for org, state in states if state is None}
    if not ending:
        return
    reparented = {org.pk for org, state in states if state is not None}
    orphans = list(
        OrgVersion.objects.filter(valid_on(on), parent_id__in=ending)
        .exclude(organization_id__in=reparented | ending)
        .values_list("name", flat=True)[:5]
    )
    if orphans:
        raise OrgChangeError(
            "Tổ chức kết thúc hoạt động vẫn còn tổ chức trực thuộc chưa được chuyển: "
            + ", ".join(orphans)
            + "."
        )


def rebuild_versions(org_ids: Iterable[int] | None = None) -> int:
    """Fold the change log into :class:`OrgVersion` rows, for some organizations or for all.
    Returns how many versions were written."""
    changes = OrgChange.objects.all()
    voided: set[int] = set(changes.filter(corrects__isnull=False).values_list("corrects_id", flat=True))
    items = (
        OrgChangeItem.objects.select_related("change")
        .exclude(change__kind=OrgChangeKind.VOIDED)
        .exclude(change_id__in=voided)
    )
    versions = OrgVersion.objects.all()
    if org_ids is not None:
        org_ids = list(org_ids)
        items = items.filter(organization_id__in=org_ids)
        versions = versions.filter(organization_id__in=org_ids)
    by_org: dict[int, list[OrgChangeItem]] = defaultdict(list)
    for item in items.order_by("change__effective_on", "change_id", "id"):
        by_org[item.organization_id].append(item)
    rows: list[OrgVersion] = []
    for org_id, org_items in by_org.items():
        rows.extend(fold_versions(org_id, org_items))
    versions.delete()
    OrgVersion.objects.bulk_create(rows, batch_size=2000)
    versions_rebuilt.send(sender=OrgVersion, org_ids=org_ids)
    return len(rows)


def fold_versions(org_id: int, items: Sequence[OrgChangeItem]) -> list[OrgVersion]:
    """One organization's items, in effective order, as versions."""
    rows: list[OrgVersion] = []
    for item in items:
        day = item.change.effective_on
        if rows and rows[-1].valid_until is None:
            if rows[-1].valid_from == day:
                rows.pop()  # replaced on the same day
            else:
                rows[-1].valid_until = day
        if not item.ends:
            rows.append(
                OrgVersion(
                    organization_id=org_id,
                    valid_from=day,
                    name=item.name,
                    kind=item.kind,
                    parent_id=item.parent_id,
                    sector=item.sector,
                    is_combined=item.is_combined,
                    locality_id=item.locality_id,
                    opened_by_id=item.change_id,
                )
            )
    return rows
