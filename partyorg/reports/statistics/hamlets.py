"""Hamlets on a day (RULES.md §6.3 [P]): without any party member, without their own cell.

A hamlet belongs to an organization's figure when it lies under that organization's locality on
the day (its dated administrative parents). A hamlet "has a member" when a member on that day
lived there that day (the residence as it stood: ``members.facts``, dated facts about people). A
hamlet "has its own cell" when a cell that is not a combined cell is located in it; the hamlets a
combined cell serves are counted as without their own cell (RULES.md §1.2 [P]: no formal
definition was retrieved). The figure belongs to an organization that answers for a territory (see
:func:`answers_for_hamlets`): an agency's cell located in the province's capital has no hamlets of
its own, and showed the province's "8/1.813".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from partyorg.members.facts import hamlets_lived_in
from partyorg.organizations.models import (
    MEMBER_HOLDING_KINDS,
    Locality,
    LocalityKind,
    LocalityParent,
    Organization,
    OrgKind,
    OrgSector,
    OrgVersion,
    valid_on,
)
from partyorg.organizations.queries import version_on
from partyorg.reports.statistics.figures import Period


@dataclass(frozen=True)
class LocalityFigure:
    """A count of hamlets out of a total, and which: "51/1.813"."""

    locality_ids: frozenset[int] = field(default_factory=frozenset)
    total: int = 0

    @property
    def value(self) -> int:
        return len(self.locality_ids)

    def localities(self) -> list[Locality]:
        return list(Locality.objects.filter(pk__in=self.locality_ids).order_by("code"))


@dataclass(frozen=True)
class Hamlets:
    on: date
    all: LocalityFigure
    without_members: LocalityFigure
    without_own_cell: LocalityFigure


def hamlets_under(locality_id: int, on: date) -> frozenset[int]:
    """Hamlets under a locality on ``on``, following the dated parent links down in one recursive
    query (a missing start of a link or a locality means "since always")."""
    links, places = LocalityParent._meta.db_table, Locality._meta.db_table
    valid = (
        "({t}.valid_from IS NULL OR {t}.valid_from <= %s)"
        " AND ({t}.valid_until IS NULL OR {t}.valid_until > %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE down(place) AS (SELECT CAST(%s AS BIGINT) UNION"
            f" SELECT lp.locality_id FROM {links} lp JOIN down ON lp.parent_id = down.place"
            f" WHERE {valid.format(t='lp')})"
            f" SELECT l.id FROM {places} l JOIN down ON l.id = down.place"
            f" WHERE l.id <> %s AND l.kind = %s AND {valid.format(t='l')}",
            [locality_id, on, on, locality_id, LocalityKind.HAMLET.value, on, on],
        )
        return frozenset(row[0] for row in cursor.fetchall())


TERRITORIAL_SECTORS = frozenset({OrgSector.COMMUNE, OrgSector.WARD, OrgSector.TOWNSHIP})


def answers_for_hamlets(version: OrgVersion) -> bool:
    """Whether the hamlets under an organization's locality are its own (RULES.md §6.3 [P]: the
    provinces report the hamlets without members of a territory; no formal definition was
    retrieved). A territorial committee (the nation, a province, a district, a commune or ward) and
    a grassroots organization of a commune, ward or township answer for theirs; a bloc's committee
    and an organization of an agency, a unit of the forces or an enterprise sit in a place without
    answering for its hamlets; a subordinate cell is at most one hamlet's, not a territory. A
    grassroots organization without a sector is taken as territorial (nothing says otherwise)."""
    if version.locality_id is None or version.kind in (OrgKind.CELL, OrgKind.BLOC):
        return False
    if version.kind in (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.SUB_COMMITTEE):
        return not version.sector or version.sector in TERRITORIAL_SECTORS
    return True


def hamlets_on(root: Organization, on: date) -> Hamlets | None:
    """None when ``root`` does not answer for hamlets on ``on`` (:func:`answers_for_hamlets`: an
    agency's organization, a cell, one without a locality) or has none under its locality (a
    hamlet's own grassroots cell)."""
    version = version_on(root, on)
    if version is None or version.locality_id is None or not answers_for_hamlets(version):
        return None
    hamlets = hamlets_under(version.locality_id, on)
    if not hamlets:
        return None
    lived_in = hamlets_lived_in(hamlets, on)  # where members lived that day, not where they live now
    with_cell = set(
        OrgVersion.objects.filter(
            valid_on(on), kind__in=MEMBER_HOLDING_KINDS, is_combined=False, locality_id__in=hamlets
        ).values_list("locality_id", flat=True)
    )
    total = len(hamlets)
    return Hamlets(
        on=on,
        all=LocalityFigure(hamlets, total),
        without_members=LocalityFigure(frozenset(hamlets - lived_in), total),
        without_own_cell=LocalityFigure(frozenset(hamlets - with_cell), total),
    )


def hamlets_cleared(root: Organization, period: Period) -> LocalityFigure:
    """Hamlets without members at the start of the period that have one at its end ("xóa thôn trắng")."""
    before = hamlets_on(root, period.opening_day)
    after = hamlets_on(root, period.closing_day)
    if before is None or after is None:
        return LocalityFigure()
    cleared = before.without_members.locality_ids - after.without_members.locality_ids
    return LocalityFigure(frozenset(cleared & after.all.locality_ids), before.without_members.value)
