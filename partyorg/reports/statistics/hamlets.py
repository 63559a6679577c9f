"""Hamlets on a day (RULES.md §6.3 [P]): without any party member, without their own cell.

A hamlet belongs to an organization's figure when it is one of the localities the organization
answered for that day, or lies under one of them (their dated administrative parents, as the tree of
units stood that day): the locality of its version and the ones it served beside it
(``organizations.localities.served_on``: a grassroots organization answering for several communes or
hamlets). A hamlet "has a member" when a member on that day lived there that day (the residence as
it stood: ``members.facts``, dated facts about people). A hamlet "has its own cell" when a cell that
is not a combined cell is located in it or serves it; each hamlet a combined cell is located in or
serves is counted as without its own cell and as meeting in a combined cell (RULES.md §1.2 [P],
"chi bộ ghép / sinh hoạt ghép": no formal definition was retrieved; §6.3 counts hamlets without a
cell and cells meeting as combined cells). The figure belongs to an organization that answers for a
territory (see :func:`answers_for_hamlets`): an agency's cell located in the province's capital has
no hamlets of its own, and showed the province's "8/1.813".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from partyorg.members.facts import hamlets_lived_in
from partyorg.organizations.localities import served_on
from partyorg.organizations.models import (
    MEMBER_HOLDING_KINDS,
    Locality,
    LocalityKind,
    LocalityParent,
    Organization,
    OrgKind,
    OrgSector,
    OrgVersion,
    ServedLocality,
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
    # Hamlets a combined cell is located in or serves (each counted): "sinh hoạt ghép".
    combined: LocalityFigure = field(default_factory=LocalityFigure)
    # The localities the organization answered for that day: its own first, then those it served.
    served: tuple[int, ...] = ()


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


def hamlets_of(localities: list[int], on: date) -> frozenset[int]:
    """The hamlets under ``localities`` on ``on``; a served hamlet beside the first locality counts
    itself (the first, an organization's own locality, counts only what lies under it)."""
    found: set[int] = set()
    for locality_id in localities:
        found |= hamlets_under(locality_id, on)
    served = localities[1:]
    if served:
        found |= set(
            Locality.objects.filter(
                valid_on(on, open_start=True), pk__in=served, kind=LocalityKind.HAMLET
            ).values_list("pk", flat=True)
        )
    return frozenset(found)


def cells_in(hamlets: frozenset[int], on: date) -> tuple[set[int], set[int]]:
    """(hamlets with a cell of their own, hamlets of a combined cell) on ``on``: the member-holding
    organizations located in them, and those serving them by a served row in force."""
    own: set[int] = set()
    combined: set[int] = set()
    located = OrgVersion.objects.filter(valid_on(on), kind__in=MEMBER_HOLDING_KINDS, locality_id__in=hamlets)
    for locality_id, is_combined in located.values_list("locality_id", "is_combined"):
        (combined if is_combined else own).add(locality_id)
    # The served rows of the day are few beside the hamlets: read them all, keep those of the hamlets.
    served = [
        (org_id, locality_id)
        for org_id, locality_id in ServedLocality.objects.in_force()
        .filter(valid_on(on))
        .values_list("organization_id", "locality_id")
        if locality_id in hamlets
    ]
    if served:
        kinds = dict(
            OrgVersion.objects.filter(
                valid_on(on), organization_id__in={org for org, _ in served}, kind__in=MEMBER_HOLDING_KINDS
            ).values_list("organization_id", "is_combined")
        )
        for org_id, locality_id in served:
            if org_id in kinds:
                (combined if kinds[org_id] else own).add(locality_id)
    return own, combined


def hamlets_on(root: Organization, on: date) -> Hamlets | None:
    """None when ``root`` does not answer for hamlets on ``on`` (:func:`answers_for_hamlets`: an
    agency's organization, a cell, one without a locality) or has none among or under the
    localities it answered for (a hamlet's own grassroots cell serving no other)."""
    version = version_on(root, on)
    if version is None or version.locality_id is None or not answers_for_hamlets(version):
        return None
    localities = served_on(root, on)
    hamlets = hamlets_of(localities, on)
    if not hamlets:
        return None
    lived_in = hamlets_lived_in(hamlets, on)  # where members lived that day, not where they live now
    with_cell, combined = cells_in(hamlets, on)
    total = len(hamlets)
    return Hamlets(
        on=on,
        all=LocalityFigure(hamlets, total),
        without_members=LocalityFigure(frozenset(hamlets - lived_in), total),
        without_own_cell=LocalityFigure(frozenset(hamlets - with_cell), total),
        combined=LocalityFigure(frozenset(combined - with_cell), total),
        served=tuple(localities),
    )


def hamlets_cleared(root: Organization, period: Period) -> LocalityFigure:
    """Hamlets without members at the start of the period that have one at its end ("xóa thôn trắng")."""
    before = hamlets_on(root, period.opening_day)
    after = hamlets_on(root, period.closing_day)
    if before is None or after is None:
        return LocalityFigure()
    cleared = before.without_members.locality_ids - after.without_members.locality_ids
    return LocalityFigure(frozenset(cleared & after.all.locality_ids), before.without_members.value)
