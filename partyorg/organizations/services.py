"""Commands that change the organization tree. Each appends to the :class:`OrgChange` log and
refreshes the derived :class:`OrgVersion` rows of the organizations it touched, in one durable
transaction (:func:`partyorg.core.commands.command`); a mistake is answered by a new row that
corrects it (:func:`correct_change`), never by changing the wrong one.

Moving the *members* of an organization that ends belongs to :mod:`partyorg.members.services`,
which calls these functions inside its own transaction (``.within``, or :func:`apply_change`):
organizations never import members. So does voiding a change, which may have moved members
(``partyorg.members.services.void_org_change`` over :func:`void_change`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core.commands import command
from partyorg.core.known import known_moment
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
    """A change that cannot be applied to the tree; the message is Vietnamese. ``field`` names the
    part of the change it is about, when one is (``"new_name"``, ``"code"``), for a form to show it
    there."""

    def __init__(self, message: str = "", code: str = "", *, field: str = "") -> None:
        super().__init__(message, code)
        self.field = field


#: The kinds of change that concern one organization and move no member: correcting one restates it.
CORRECTABLE = (OrgChangeKind.FOUNDED, OrgChangeKind.RENAMED, OrgChangeKind.MOVED, OrgChangeKind.RECLASSIFIED)


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


def new_organization(code: str) -> Organization:
    """A new organization's identity, refused when its code is taken; its states come with the
    change that founds it (the caller holds the transaction: a refused change leaves no row)."""
    code = code.strip()
    if not code or Organization.objects.filter(code=code).exists():
        raise OrgChangeError(_("Mã tổ chức %(code)s đã tồn tại") % {"code": code}, field="code")
    return Organization.objects.create(code=code)


@command
def found(
    code: str, state: OrgState, *, founded_on: date, legal_basis: LegalBasis, recorded_by: str
) -> Organization:
    """Thành lập: a new organization from ``founded_on``."""
    org = new_organization(code)
    apply_change(
        OrgChangeKind.FOUNDED,
        founded_on,
        states=[(org, state)],
        legal_basis=legal_basis,
        recorded_by=recorded_by,
    )
    return org


@command
def rename(
    org: Organization, new_name: str, *, effective_on: date, legal_basis: LegalBasis, recorded_by: str
) -> OrgChange:
    """Đổi tên; a new name that is the name of the day is refused (nothing would change)."""
    state = current_state(org, effective_on)
    new_name = new_name.strip()
    if state.name == new_name:
        raise OrgChangeError(_("Tên mới trùng với tên hiện tại"), field="new_name")
    return apply_change(
        OrgChangeKind.RENAMED,
        effective_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        states=[(org, OrgState(**{**state.__dict__, "name": new_name}))],
    )


@command
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


def _live_items(change: OrgChange) -> list[OrgChangeItem]:
    """The items of a change still in force: neither it nor a correction of it is replaced."""
    if change.kind == OrgChangeKind.VOIDED or OrgChange.objects.filter(corrects=change).exists():
        raise OrgChangeError(
            _("Thay đổi %(change)s ngày %(on)s đã được sửa hoặc hủy; hãy sửa bản ghi sau cùng của nó.")
            % {"change": change.get_kind_display(), "on": f"{change.effective_on:%d/%m/%Y}"}
        )
    return list(change.items.select_related("organization", "parent", "locality", "successor"))


def _state_of(item: OrgChangeItem) -> OrgState | None:
    if item.ends:
        return None
    return OrgState(
        name=item.name,
        kind=item.kind,
        parent=item.parent,
        sector=item.sector,
        is_combined=item.is_combined,
        locality=item.locality,
    )


@command
def correct_change(
    wrong: OrgChange,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    effective_on: date | None = None,
    name: str | None = None,
    parent: Organization | None = None,
    kind: str | None = None,
) -> OrgChange:
    """Correct a founding, a renaming, a move or a reclassification recorded wrong: a new change of
    the same kind that replaces it (``corrects``), with its day, name, parent or kind as given and
    everything else as recorded. The wrong one stays in the log. A change that moved members (a
    merger, a split, a dissolution, a restructuring) is voided and recorded again instead
    (``partyorg.members.services.void_org_change``); a change followed by a later one of the same
    organization waits for that one to be corrected first, since the later one restates the
    organization whole."""
    items = _live_items(wrong)
    if wrong.kind not in CORRECTABLE or len(items) != 1:
        raise OrgChangeError(
            _("Thay đổi %(change)s đã chuyển đảng viên: hãy hủy thay đổi đó rồi ghi lại.")
            % {"change": wrong.get_kind_display()}
        )
    org, state = items[0].organization, _state_of(items[0])
    assert state is not None
    on = effective_on or wrong.effective_on
    new = OrgState(
        **{
            **state.__dict__,
            "name": (name or "").strip() or state.name,
            "parent": parent or state.parent,
            "kind": kind or state.kind,
        }
    )
    if new == state and on == wrong.effective_on:
        raise OrgChangeError(_("Bản sửa không khác gì bản ghi cần sửa."))
    if new.parent is not None and new.parent.pk in subtree_ids(org, on):
        raise OrgChangeError("Không thể chuyển một tổ chức vào dưới chính cấp dưới của nó.")
    _check_no_later_change([(org, new)], min(on, wrong.effective_on), besides=wrong)
    _check_parent(new, on, {org.pk})
    change = _new_change(
        wrong.kind, on, legal_basis=legal_basis, recorded_by=recorded_by, note=note, corrects=wrong
    )
    _item(change, org, new).save()
    rebuild_versions([org.pk])
    return change


def void_change(
    wrong: OrgChange, *, legal_basis: LegalBasis, recorded_by: str, note: str
) -> tuple[OrgChange, list[int]]:
    """Withdraw a change recorded in error, as a new ``VOIDED`` row that ``corrects`` it: the tree
    is as if it had not happened. Refused while a later change of one of its organizations stands
    (correct or void that one first), or when an organization it founded has subordinates of its
    own since. The caller holds the transaction and undoes what the change did to members
    (``partyorg.members.services.void_org_change``). Returns the voiding row and the ids of the
    organizations the change founded (which no longer exist)."""
    items = _live_items(wrong)
    states = [(item.organization, _state_of(item)) for item in items]
    _check_no_later_change(states, wrong.effective_on, besides=wrong)
    org_ids = [item.organization_id for item in items]
    earlier = set(
        OrgChangeItem.objects.filter(
            organization_id__in=org_ids, change__effective_on__lte=wrong.effective_on
        )
        .exclude(change=wrong)
        .exclude(change__kind=OrgChangeKind.VOIDED)
        .exclude(change_id__in=OrgChange.objects.filter(corrects__isnull=False).values("corrects_id"))
        .values_list("organization_id", flat=True)
    )
    founded = [org_id for org_id in org_ids if org_id not in earlier]
    below = (
        OrgVersion.objects.filter(parent_id__in=founded)
        .exclude(organization_id__in=org_ids)
        .select_related("organization")
        .first()
    )
    if below is not None:
        raise OrgChangeError(
            _("Tổ chức %(code)s đang trực thuộc tổ chức do thay đổi này lập ra; hãy chuyển nó đi trước.")
            % {"code": below.organization.code}
        )
    voiding = _new_change(
        OrgChangeKind.VOIDED,
        wrong.effective_on,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
    )
    rebuild_versions(org_ids)
    return voiding, founded


def _check_no_later_change(
    states: Sequence[tuple[Organization, OrgState | None]], on: date, *, besides: OrgChange | None = None
) -> None:
    """Each item states an organization's whole state from its day on, so a change dated before a
    later change already recorded would be silently undone by it (or revive a dissolved unit).
    Such a history is corrected by correcting the later change first (:func:`correct_change`,
    ``void_org_change``). ``besides``: the change being corrected or voided, not counted."""
    voided = OrgChange.objects.filter(corrects__isnull=False).values("corrects_id")
    later = (
        OrgChangeItem.objects.filter(organization__in=[org for org, _ in states], change__effective_on__gt=on)
        .exclude(change__kind=OrgChangeKind.VOIDED)
        .exclude(change_id__in=voided)
        .exclude(pk__in=[] if besides is None else besides.items.values("pk"))
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
    """Fold the change log into :class:`OrgVersion` rows, for some organizations or for all (the
    changes as known: see :mod:`partyorg.core.known`). Returns how many versions were written."""
    changes = OrgChange.objects.all()
    items = OrgChangeItem.objects.select_related("change")
    moment = known_moment()
    if moment is not None:  # an item is recorded with its change
        items = items.filter(change__recorded_at__lt=moment)
    voided: set[int] = set(changes.filter(corrects__isnull=False).values_list("corrects_id", flat=True))
    items = items.exclude(change__kind=OrgChangeKind.VOIDED).exclude(change_id__in=voided)
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
