"""Cells below three official members at a year end (Charter 2011 Art. 21(2), 24(1); RULES.md §1.2
[V]) are found only at year ends on or after the Charter's adoption (19/01/2011): history is judged by
the rules known on its day (RULES.md §0.1 lists no earlier Charter)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.members.findings import small_cells

pytestmark = pytest.mark.django_db


def test_a_cell_of_two_is_found_only_at_year_ends_the_2011_charter_judges():
    tree = testing.build_tree()
    for name in ("Lò Văn A", "Lò Văn B"):
        testing.admit(testing.person(name), tree.cell_a, date(2005, 3, 1))
    for name in ("Cà Văn C", "Cà Văn D", "Cà Văn E"):
        testing.admit(testing.person(name), tree.cell_b, date(2005, 3, 1))

    found = list(small_cells(None, date(2013, 6, 1)))

    # Cell A held two members from 2005: judged at 31/12/2011 and 31/12/2012 only (2005–2010 predate
    # the Charter; 2013 has not ended). Cell B has three official members from 2006 (probation of
    # 12 months from the ceremony): at 31/12/2005 it had none official, but that is before 2011 too.
    assert [(c.organization_id, c.day) for c in found] == [
        (tree.cell_a.pk, date(2011, 12, 31)),
        (tree.cell_a.pk, date(2012, 12, 31)),
    ]
    assert all(c.violation.rule.code == "organization.min_official_members" for c in found)
