"""Administrative units and the localities organizations answer for: commands and reads.

A unit's history is its :class:`~partyorg.organizations.models.LocalityChange` log: each command
here appends one row (with the administrative decision behind it) or a row correcting an earlier
one, in one durable transaction (:func:`partyorg.core.commands.command`), and makes the unit's
derived rows again (:func:`rebuild_localities`): its attributes on :class:`Locality` and its parent
links (:class:`LocalityParent`), which the hamlet figures follow down. The log is folded into derived
rows rather than read directly because every figure walks the links down with one recursive query
(``reports.statistics.hamlets.hamlets_under``), as it walks the organizations' versions; folding
the corrections there each time would make that query a second fold.

An organization answers for the locality of its version and for its :class:`ServedLocality` rows
(a cell serving several hamlets): :func:`served_on` reads both, as they stood on the day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from partyorg.core.commands import command
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Refused
from partyorg.organizations.models import (
    LOCALITY_ATTRIBUTE_KINDS,
    LOCALITY_END_KINDS,
    Locality,
    LocalityChange,
    LocalityChangeKind,
    LocalityKind,
    LocalityParent,
    Organization,
    OrgVersion,
    ServedLocality,
    valid_on,
)

__all__ = [
    "LocalityRefused",
    "correct_locality_change",
    "correct_served",
    "create_locality",
    "fold_locality",
    "locality_history",
    "rebuild_localities",
    "record_locality_change",
    "serve_locality",
    "served_by",
    "served_on",
    "served_rows",
    "units_recorded_since",
]

#: The fields of a log row a correction carries over from the row it corrects.
CHANGE_FIELDS = (
    "locality_id",
    "kind",
    "effective_on",
    "until",
    "name",
    "level",
    "is_ethnic_minority_area",
    "parent_id",
    "successor_id",
)


class LocalityRefused(Refused):
    """A change of an administrative unit, or of what an organization serves, that cannot be
    recorded; the message is Vietnamese and names the unit."""


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else _("không rõ")


# -- the fold ---------------------------------------------------------------------------------------


def _order(row: LocalityChange) -> tuple[date, datetime, int]:
    return (row.effective_on or date.min, row.recorded_at, row.pk or 0)


def fold_locality(
    rows: Sequence[LocalityChange],
) -> tuple[dict[str, Any] | None, list[tuple[LocalityChange, date | None, date | None]]]:
    """One unit's rows in force as its attributes (None when no row creates it: a unit written
    before its log keeps its own) and its parent links, each with the row it comes from and its
    period ``[from, until)``. An attachment without an end lasts until the next one begins; no link
    outlasts the unit; an attachment replaced on its own day gives no link."""
    ordered = sorted(rows, key=_order)
    attributes: dict[str, Any] | None = None
    for row in ordered:
        if row.kind in LOCALITY_ATTRIBUTE_KINDS:
            if attributes is None:
                attributes = {"valid_from": row.effective_on, "valid_until": None}
            attributes.update(
                name=row.name, kind=row.level, is_ethnic_minority_area=row.is_ethnic_minority_area
            )
    ends = [row.effective_on for row in ordered if row.kind in LOCALITY_END_KINDS and row.effective_on]
    end = ends[-1] if ends else None
    if attributes is not None:
        attributes["valid_until"] = end
    attached = [row for row in ordered if row.kind == LocalityChangeKind.ATTACHED]
    links: list[tuple[LocalityChange, date | None, date | None]] = []
    for i, row in enumerate(attached):
        start = row.effective_on
        following = attached[i + 1].effective_on if i + 1 < len(attached) else None
        if i + 1 < len(attached) and following == start:
            continue  # replaced the same day
        until = row.until or following
        if end is not None and (until is None or until > end):
            until = end
        if start is not None and until is not None and until <= start:
            continue
        links.append((row, start, until))
    return attributes, links


def rebuild_localities(locality_ids: Iterable[int] | None = None) -> int:
    """Make the derived rows of some units (or of every unit with a log) again from their rows in
    force (as known: :mod:`partyorg.core.known`), and the links of the units attached to them: no
    link outlasts its parent either (a commune's link to a district ended on 01/07/2025 ends then).
    A unit without any row keeps what it has. Returns how many links were written."""
    rows = LocalityChange.objects.in_force()
    if locality_ids is not None:
        wanted = set(locality_ids)
        below = rows.filter(kind=LocalityChangeKind.ATTACHED, parent_id__in=list(wanted))
        wanted |= set(below.values_list("locality_id", flat=True))
        rows = rows.filter(locality_id__in=list(wanted))
    by_unit: dict[int, list[LocalityChange]] = defaultdict(list)
    for row in rows.order_by("id").iterator(chunk_size=5000):
        by_unit[row.locality_id].append(row)
    units = Locality.objects.in_bulk(list(by_unit))
    changed: list[Locality] = []
    folded: list[tuple[int, list[tuple[LocalityChange, date | None, date | None]]]] = []
    fields = ("name", "kind", "valid_from", "valid_until", "is_ethnic_minority_area")
    for unit_id, unit_rows in by_unit.items():
        attributes, unit_links = fold_locality(unit_rows)
        unit = units[unit_id]
        if attributes is not None and any(getattr(unit, f) != attributes[f] for f in fields):
            for name in fields:
                setattr(unit, name, attributes[name])
            changed.append(unit)
        folded.append((unit_id, unit_links))
    Locality.objects.bulk_update(changed, fields, batch_size=2000)
    parents = {row.parent_id for _unit, unit_links in folded for row, _s, _u in unit_links if row.parent_id}
    ends = dict(
        Locality.objects.filter(pk__in=parents, valid_until__isnull=False).values_list("pk", "valid_until")
    )
    links: list[LocalityParent] = []
    for unit_id, unit_links in folded:
        for row, start, until in unit_links:
            if row.parent_id is None:
                continue
            end = ends.get(row.parent_id)
            if end is not None and (until is None or until > end):
                until = end
            if start is not None and until is not None and until <= start:
                continue
            links.append(
                LocalityParent(
                    locality_id=unit_id,
                    parent_id=row.parent_id,
                    valid_from=start,
                    valid_until=until,
                    source=row,
                )
            )
    ids = list(by_unit)
    for i in range(0, len(ids), 5000):
        LocalityParent.objects.filter(locality_id__in=ids[i : i + 5000]).delete()
    LocalityParent.objects.bulk_create(links, batch_size=2000)
    return len(links)


def units_recorded_since(moment: datetime) -> set[int]:
    """The units with a log row recorded at or after ``moment`` (a correction names the same unit
    as the row it corrects): those whose derived rows differ as known at ``moment``."""
    late = LocalityChange.objects.filter(recorded_at__gte=moment)
    return set(late.values_list("locality_id", flat=True))


# -- checks -----------------------------------------------------------------------------------------


def _ancestors(unit_id: int, on: date | None) -> set[int]:
    """The units above ``unit_id`` on ``on`` (any day when None), following the derived links."""
    found: set[int] = set()
    frontier = [unit_id]
    while frontier:
        links = LocalityParent.objects.filter(locality_id__in=frontier)
        if on is not None:
            links = links.filter(valid_on(on, open_start=True))
        frontier = [p for p in links.values_list("parent_id", flat=True) if p not in found]
        found.update(frontier)
    return found


def check_change(row: LocalityChange, *, ancestors: bool = True) -> None:
    """Refuse a row that states nothing its kind needs, or a parent that cannot be (with
    ``ancestors``, one of the unit's own subordinates on the day, by the links derived so far)."""
    kind, unit = row.kind, row.locality
    if kind not in LocalityChangeKind.values:
        raise LocalityRefused(_("Loại thay đổi đơn vị hành chính không hợp lệ: %(kind)s") % {"kind": kind})
    if kind in LOCALITY_ATTRIBUTE_KINDS:
        if not row.name.strip():
            raise LocalityRefused(_("Đơn vị %(code)s: thiếu tên") % {"code": unit.code})
        if row.level not in LocalityKind.values:
            raise LocalityRefused(
                _("Đơn vị %(code)s: cấp hành chính không hợp lệ: %(level)s")
                % {"code": unit.code, "level": row.level}
            )
    if kind in LOCALITY_END_KINDS and row.effective_on is None:
        raise LocalityRefused(_("Đơn vị %(code)s: thiếu ngày chấm dứt") % {"code": unit.code})
    if kind == LocalityChangeKind.MERGED and row.successor_id is None:
        raise LocalityRefused(_("Đơn vị %(code)s: thiếu đơn vị được nhập vào") % {"code": unit.code})
    if kind == LocalityChangeKind.ATTACHED:
        if row.parent_id is None:
            raise LocalityRefused(_("Đơn vị %(code)s: thiếu đơn vị cấp trên") % {"code": unit.code})
        below = ancestors and unit.pk in _ancestors(row.parent_id, row.effective_on)
        if row.parent_id == unit.pk or below:
            raise LocalityRefused(
                _("Đơn vị %(code)s không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó")
                % {"code": unit.code}
            )
    if row.until is not None and row.effective_on is not None and row.until <= row.effective_on:
        raise LocalityRefused(
            _("Đơn vị %(code)s: ngày hết hiệu lực %(until)s không sau ngày hiệu lực %(on)s")
            % {"code": unit.code, "until": _day(row.until), "on": _day(row.effective_on)}
        )


def _check_latest(wrong: LocalityChange | ServedLocality, what: str) -> None:
    if wrong.withdrawn or type(wrong).objects.filter(corrects=wrong).exists():
        raise LocalityRefused(
            _("%(what)s đã được sửa hoặc hủy; hãy sửa bản ghi sau cùng của nó.") % {"what": what}
        )


# -- commands: the units ----------------------------------------------------------------------------


def _append(row: LocalityChange) -> LocalityChange:
    check_change(row)
    if row.kind == LocalityChangeKind.CREATED and row.corrects_id is None:
        created = LocalityChange.objects.in_force().filter(
            locality=row.locality, kind=LocalityChangeKind.CREATED
        )
        if created.exists():
            raise LocalityRefused(
                _("Đơn vị %(code)s đã có bản ghi thành lập; hãy sửa bản ghi đó.")
                % {"code": row.locality.code}
            )
    row.save()
    rebuild_localities([row.locality_id])
    return row


@command
def create_locality(
    code: str,
    name: str,
    level: str,
    *,
    created_on: date | None,
    legal_basis: LegalBasis,
    recorded_by: str,
    parent: Locality | None = None,
    is_ethnic_minority_area: bool = False,
    note: str = "",
    recorded_at: datetime | None = None,
) -> Locality:
    """Thành lập: a new unit from ``created_on`` (None: since before the records), under ``parent``."""
    code = code.strip()
    if not code or Locality.objects.filter(code=code).exists():
        raise LocalityRefused(_("Mã đơn vị hành chính %(code)s đã tồn tại") % {"code": code})
    unit = Locality.objects.create(code=code, name=name, kind=level)
    common = {**legal_basis.as_fields(), "recorded_by": recorded_by, "note": note}
    _append(
        LocalityChange(
            locality=unit,
            kind=LocalityChangeKind.CREATED,
            effective_on=created_on,
            name=name,
            level=level,
            is_ethnic_minority_area=is_ethnic_minority_area,
            **common,
            **stamp(recorded_at=recorded_at),
        )
    )
    if parent is not None:
        _append(
            LocalityChange(
                locality=unit,
                kind=LocalityChangeKind.ATTACHED,
                effective_on=created_on,
                parent=parent,
                **common,
                **stamp(recorded_at=recorded_at),
            )
        )
    unit.refresh_from_db()
    return unit


@command
def record_locality_change(
    locality: Locality,
    kind: str,
    *,
    effective_on: date | None,
    legal_basis: LegalBasis,
    recorded_by: str,
    name: str = "",
    level: str = "",
    is_ethnic_minority_area: bool = False,
    parent: Locality | None = None,
    until: date | None = None,
    successor: Locality | None = None,
    note: str = "",
    uid: Any = None,
    recorded_at: datetime | None = None,
) -> LocalityChange:
    """Append a change of a unit (renamed, attached to a parent, ended, merged into another) with
    the decision behind it; the unit's derived rows follow."""
    return _append(
        LocalityChange(
            locality=locality,
            kind=kind,
            effective_on=effective_on,
            until=until,
            name=name.strip(),
            level=level,
            is_ethnic_minority_area=is_ethnic_minority_area,
            parent=parent,
            successor=successor,
            note=note,
            recorded_by=recorded_by,
            **legal_basis.as_fields(),
            **stamp(uid, recorded_at),
        )
    )


@command
def correct_locality_change(
    wrong: LocalityChange,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    withdrawn: bool = False,
    uid: Any = None,
    recorded_at: datetime | None = None,
    **changes: Any,
) -> LocalityChange:
    """Correct a row of a unit's log: a new row that ``corrects`` it, carrying the whole row with
    ``changes`` (``effective_on``, ``until``, ``name``, ``level``, ``is_ethnic_minority_area``,
    ``parent``, ``successor``) applied; ``withdrawn`` takes it back altogether. The wrong row stays."""
    _check_latest(
        wrong, _("Thay đổi %(change)s của đơn vị %(code)s") % {"change": wrong, "code": wrong.locality.code}
    )
    values = {name: getattr(wrong, name) for name in CHANGE_FIELDS}
    for name, value in changes.items():
        if name in ("parent", "successor"):
            values[f"{name}_id"] = value.pk if value is not None else None
        elif f"{name}_id" in CHANGE_FIELDS or name not in CHANGE_FIELDS:
            raise TypeError(name)
        else:
            values[name] = value
    row = LocalityChange(
        **values,
        corrects=wrong,
        withdrawn=withdrawn,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
        **stamp(uid, recorded_at),
    )
    if not withdrawn and all(getattr(row, n) == getattr(wrong, n) for n in CHANGE_FIELDS):
        raise LocalityRefused(_("Bản sửa không khác gì bản ghi cần sửa."))
    if withdrawn:
        row.save()
        rebuild_localities([row.locality_id])
        return row
    return _append(row)


def locality_history(unit: Locality) -> list[LocalityChange]:
    """Every row of a unit's log, corrected ones included, in the order they took effect."""
    rows = LocalityChange.objects.filter(locality=unit).select_related("parent", "successor", "corrects")
    return sorted(rows, key=_order)


# -- the localities an organization serves ----------------------------------------------------------


def _check_served(row: ServedLocality) -> None:
    if row.valid_until is not None and row.valid_until <= row.valid_from:
        raise LocalityRefused(
            _("Địa bàn %(code)s: ngày hết hiệu lực %(until)s không sau ngày bắt đầu %(on)s")
            % {"code": row.locality.code, "until": _day(row.valid_until), "on": _day(row.valid_from)}
        )
    stood = OrgVersion.objects.filter(valid_on(row.valid_from), organization_id=row.organization_id)
    if not stood.exists():
        raise LocalityRefused(
            _("Tổ chức %(org)s không tồn tại vào ngày %(on)s")
            % {"org": row.organization.code, "on": _day(row.valid_from)}
        )


@command
def serve_locality(
    organization: Organization,
    locality: Locality,
    *,
    valid_from: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    valid_until: date | None = None,
    note: str = "",
    uid: Any = None,
    recorded_at: datetime | None = None,
) -> ServedLocality:
    """An organization answers for ``locality`` from ``valid_from`` (until ``valid_until``), beside
    the locality of its version: a combined cell's further hamlets."""
    row = ServedLocality(
        organization=organization,
        locality=locality,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
        **stamp(uid, recorded_at),
    )
    _check_served(row)
    row.save()
    return row


@command
def correct_served(
    wrong: ServedLocality,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    withdrawn: bool = False,
    valid_from: date | None = None,
    valid_until: date | None = None,
    ends: bool = False,
    uid: Any = None,
    recorded_at: datetime | None = None,
) -> ServedLocality:
    """Correct a served locality: its days (``valid_until`` with ``ends``: the day it stopped), or
    ``withdrawn``: it was never served."""
    _check_latest(wrong, _("Địa bàn %(code)s của tổ chức") % {"code": wrong.locality.code})
    row = ServedLocality(
        organization=wrong.organization,
        locality=wrong.locality,
        valid_from=valid_from or wrong.valid_from,
        valid_until=valid_until if ends else wrong.valid_until,
        corrects=wrong,
        withdrawn=withdrawn,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
        **stamp(uid, recorded_at),
    )
    if not withdrawn:
        if (row.valid_from, row.valid_until) == (wrong.valid_from, wrong.valid_until):
            raise LocalityRefused(_("Bản sửa không khác gì bản ghi cần sửa."))
        _check_served(row)
    row.save()
    return row


def served_rows(org_ids: Collection[int], on: date) -> dict[int, set[int]]:
    """Organization id → the localities it served on ``on`` through its :class:`ServedLocality`
    rows in force (not its version's locality)."""
    rows = (
        ServedLocality.objects.in_force()
        .filter(valid_on(on), organization_id__in=list(org_ids))
        .values_list("organization_id", "locality_id")
    )
    found: dict[int, set[int]] = defaultdict(set)
    for org_id, locality_id in rows:
        found[org_id].add(locality_id)
    return found


def served_by(org: Organization, on: date) -> list[ServedLocality]:
    """The :class:`ServedLocality` rows in force of ``org`` valid on ``on``, with their localities,
    by code (what a page lists beside the organization's own locality)."""
    rows = ServedLocality.objects.in_force().filter(valid_on(on), organization=org).select_related("locality")
    return sorted(rows, key=lambda row: row.locality.code)


def served_on(org: Organization, on: date) -> list[int]:
    """The localities ``org`` answered for on ``on``: its version's locality first, then the ones it
    served beside it, by code. Empty when it did not stand that day."""
    version = OrgVersion.objects.filter(valid_on(on), organization=org).values_list("locality_id", flat=True)
    first = list(version[:1])
    if not first:
        return []
    others = served_rows([org.pk], on).get(org.pk, set()) - {first[0]}
    ordered = list(Locality.objects.filter(pk__in=others).order_by("code").values_list("pk", flat=True))
    return ([first[0]] if first[0] is not None else []) + ordered
