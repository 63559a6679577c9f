"""Form 1's "same period last year" across a merger (issue 15: across the merger of Kon Tum into
Quảng Ngãi on 01/07/2025 the successor compared with "0 đảng viên"): a successor that did not stand
last year compares with its predecessors together (``organizations.queries.standing_for``).

Hand-worked on partyorg.testing's tree and a second province:

- Tỉnh ủy Hòa Sơn (T): three members of Chi bộ bản Na Ten admitted in 2015; one more admitted
  there (decision 02/09/2024, ceremony 12/09/2024).
- Tỉnh ủy Kon Tum (K), with its grassroots cell K.1: two members admitted in 2016; one died on
  01/10/2024.
- On 01/07/2025 both provinces end and Tỉnh ủy Quảng Ngãi (Q) takes their place: T's district and
  K.1 move under it.

Form 1 of Q for the second half of 2025, column "Cùng kỳ năm trước" (01/07–31/12/2024): T's A = 3,
B.1 = 1, D = 4 and K's A = 2, C.1 = 1, D = 1, together A = 5, B = 1 (admitted), C = 1 (died), D = 5.
Column "Kỳ này": Q did not stand on 30/06/2025, so A = 0; its 5 members came with the reorganization
(B.4), D = 5; 5 against 5 is 100%.
"""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.members import services as members
from partyorg.members.models import EventKind as K
from partyorg.organizations.models import Organization, OrgKind, OrgSector
from partyorg.organizations.services import OrgState, new_organization
from partyorg.reports.documents import members_flow as form_1
from partyorg.reports.statistics import Period

pytestmark = pytest.mark.django_db

MERGED_ON = date(2025, 7, 1)


def merged_provinces() -> tuple[testing.Tree, Organization]:
    tree = testing.build_tree()
    kon_tum = testing.found("K", "Tỉnh ủy Kon Tum", OrgKind.PROVINCE, None)
    cell = testing.found(
        "K.1", "Chi bộ Sở Nội vụ", OrgKind.GRASSROOTS_CELL, kon_tum, sector=OrgSector.STATE_AGENCY
    )
    for name in ("Lò Văn A", "Lò Văn B", "Lò Văn C"):
        testing.admit(testing.person(name), tree.cell_a, date(2015, 3, 2))
    testing.admit(testing.person("Lò Thị Mới"), tree.cell_a, date(2024, 9, 2), recognize=False)
    old = testing.person("A Văn Già", birth_date=date(1950, 1, 1))
    testing.admit(old, cell, date(2016, 4, 1))
    testing.admit(testing.person("Y Thị Năm", sex="female"), cell, date(2016, 4, 1))
    testing.record(old, K.DIED, date(2024, 10, 1))
    quang_ngai = new_organization("Q")
    members.restructure(
        MERGED_ON,
        [
            (quang_ngai, OrgState("Tỉnh ủy Quảng Ngãi", OrgKind.PROVINCE, None)),
            (tree.province, None),
            (kon_tum, None),
            (tree.district, OrgState("Huyện ủy Mường Khoa", OrgKind.DISTRICT, quang_ngai)),
            (
                cell,
                OrgState(
                    "Chi bộ Sở Nội vụ", OrgKind.GRASSROOTS_CELL, quang_ngai, sector=OrgSector.STATE_AGENCY
                ),
            ),
        ],
        successors={tree.province.pk: quang_ngai, kon_tum.pk: quang_ngai},
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    return tree, Organization.objects.get(code="Q")


def test_a_successor_s_last_year_column_adds_up_its_predecessors():
    tree, quang_ngai = merged_provinces()
    form = form_1.build(quang_ngai, Period.half_year(2025, 2))
    rows = {r.key: r for r in form.rows() if r.key}
    last = {key: rows[key].last for key in ("A", "B", "B1", "C", "C1", "D")}
    assert last == {"A": 5, "B": 1, "B1": 1, "C": 1, "C1": 1, "D": 5}
    assert (rows["A"].this, rows["B4"].this, rows["D"].this) == (0, 5, 5)
    assert rows["D"].percent == 100.0
    # Each predecessor's own form of last year, for comparison: T's A 3, B.1 1, D 4; K's A 2, C.1 1, D 1.
    own = form_1.build(tree.province, Period.half_year(2024, 2))
    assert [(r.key, r.this) for r in own.rows() if r.key in ("A", "B1", "D")] == [
        ("A", 3),
        ("B1", 1),
        ("D", 4),
    ]
    kon_tum = Organization.objects.get(code="K")
    theirs = form_1.build(kon_tum, Period.half_year(2024, 2))
    assert [(r.key, r.this) for r in theirs.rows() if r.key in ("A", "C1", "D")] == [
        ("A", 2),
        ("C1", 1),
        ("D", 1),
    ]


def test_an_organization_that_stood_last_year_keeps_its_own_column():
    """The district stood in 2024 (under T) and stands in 2025 (under Q): its own figures, 3 + 1."""
    tree, _ = merged_provinces()
    form = form_1.build(tree.district, Period.half_year(2025, 2))
    rows = {r.key: r for r in form.rows() if r.key}
    assert (rows["A"].last, rows["B1"].last, rows["D"].last) == (3, 1, 4)
    assert (rows["A"].this, rows["D"].this) == (4, 4)
