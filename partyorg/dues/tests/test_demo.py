"""The demo dues (``partyorg.demo.dues.populate``) on the small tree of ``partyorg.testing``."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.demo import dues as demo
from partyorg.dues.models import DuesBasis, DuesPayment
from partyorg.dues.queries import member_months
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db

OCCUPATIONS = ("Nông dân", "Giáo viên", "Hưu trí", "Công nhân", "Lao động tự do", "Cán bộ, công chức")


def test_populate_makes_bases_and_payments_through_the_services() -> None:
    tree = testing.build_tree()
    for index in range(30):
        who = testing.person(f"Đảng viên {index}", birth_date=date(1960 + index, 3, 3))
        Person.objects.filter(pk=who.pk).update(occupation=OCCUPATIONS[index % len(OCCUPATIONS)])
        testing.admit(who, (tree.cell_a, tree.cell_b, tree.school)[index % 3], date(2012, 5, 1 + index % 20))
    counts = demo.populate(seed=7)
    assert counts["members"] == 30
    assert counts["bases"] == DuesBasis.objects.count() >= 30
    assert counts["payments"] == DuesPayment.objects.count() > 0
    categories = set(DuesBasis.objects.values_list("category", flat=True))
    assert {"farmer", "civil_servant", "pensioner", "enterprise"} <= categories
    # Every member-month is computable (each member has a basis with what its category needs), and those
    # who pay pay at least the due.
    rows = member_months([tree.cell_a.pk, tree.cell_b.pk, tree.school.pk], demo.FIRST, demo.LAST)
    assert len(rows) == 30 * 12
    assert all(row.due is not None for row in rows)
    paid = [row for row in rows if row.paid]
    assert paid and all(row.paid >= row.amount_due for row in paid)
