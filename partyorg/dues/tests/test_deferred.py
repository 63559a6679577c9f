"""The stored monthly dues made once at the end of a block (``dues.summary.deferred``), as a load
writes its dues records: inside, the writes leave the stored months alone; at the end they are what
the records make (the plain computation, ``summary.computed_rows``), by a rebuild or by the touched
people's months only; a block left by an error makes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.dues import services, summary
from partyorg.dues.models import DuesMonth
from partyorg.dues.tests.test_dues import BY, _wages, m  # noqa: F401  (_wages: the dues tests' wage table)
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def student(tree: testing.Tree, name: str) -> Person:
    """A student member of Chi bộ bản Na Ten from 03/2010: 5.000 đ a month from 02/2026 (QĐ 01 [V])."""
    who = testing.person(name, birth_date=date(2005, 1, 1))
    testing.admit(who, tree.cell_a, date(2010, 3, 1))
    return who


def pay(who: Person, tree: testing.Tree, month: date, amount: int) -> None:
    services.record_payment(
        who, month=month, amount=amount, paid_on=month, organization=tree.cell_a, recorded_by=BY
    )


def stored_month(who: Person, month: date) -> tuple[int | None, int, int]:
    return DuesMonth.objects.filter(person=who, month=month).values_list("due", "paid", "short").get()


def agree() -> bool:
    rows, totals = summary.computed_rows()
    return bool(rows) and summary.stored_rows() == rows and summary.stored_totals() == totals


def test_the_first_dues_records_of_a_block_build_the_months_once_at_its_end(tree: testing.Tree) -> None:
    mai = student(tree, "Lò Thị Mai")
    with summary.deferred():
        services.record_basis(mai, from_month=m(2026, 2), category="student", recorded_by=BY)
        pay(mai, tree, m(2026, 2), 5_000)
        pay(mai, tree, m(2026, 3), 2_000)
        assert summary.coverage() is None and not DuesMonth.objects.exists()  # nothing kept yet
    assert agree()
    assert stored_month(mai, m(2026, 2)) == (5_000, 5_000, 0)
    assert stored_month(mai, m(2026, 3)) == (5_000, 2_000, 3_000)  # 5.000 due, 2.000 paid


def test_a_few_people_touched_have_their_months_made_again(tree: testing.Tree) -> None:
    """Four members held; one pays inside the block (fewer than half: only her months are made
    again); the others' rows stay as they were, and every row is what the records make."""
    people = [student(tree, f"Lò Thị Mai {n}") for n in range(4)]
    for who in people:
        services.record_basis(who, from_month=m(2026, 2), category="student", recorded_by=BY)
    before = {row for row in summary.stored_rows() if row[0] != people[0].pk}
    with summary.deferred():
        pay(people[0], tree, m(2026, 4), 5_000)
        assert stored_month(people[0], m(2026, 4)) == (5_000, 0, 5_000)  # not yet
    assert stored_month(people[0], m(2026, 4)) == (5_000, 5_000, 0)
    assert {row for row in summary.stored_rows() if row[0] != people[0].pk} == before
    assert agree()


def test_a_block_left_by_an_error_makes_nothing(tree: testing.Tree) -> None:
    mai = student(tree, "Lò Thị Mai")
    services.record_basis(mai, from_month=m(2026, 2), category="student", recorded_by=BY)
    with pytest.raises(RuntimeError), summary.deferred():
        pay(mai, tree, m(2026, 2), 5_000)
        raise RuntimeError  # a load refused: its transaction is rolled back, nothing to make
    assert stored_month(mai, m(2026, 2)) == (5_000, 0, 5_000)


def test_an_inner_block_leaves_the_work_to_the_outer(tree: testing.Tree) -> None:
    mai = student(tree, "Lò Thị Mai")
    services.record_basis(mai, from_month=m(2026, 2), category="student", recorded_by=BY)
    with summary.deferred():
        with summary.deferred():
            pay(mai, tree, m(2026, 2), 5_000)
        assert stored_month(mai, m(2026, 2)) == (5_000, 0, 5_000)
    assert stored_month(mai, m(2026, 2)) == (5_000, 5_000, 0)
    assert agree()


def test_a_membership_change_inside_a_block_is_kept_at_its_end(tree: testing.Tree) -> None:
    """Derived rows refreshed inside the block (``members.signals.derived_refreshed``) are noted
    too: a member admitted inside it owes from his admission once the block ends."""
    mai = student(tree, "Lò Thị Mai")
    services.record_basis(mai, from_month=m(2026, 2), category="student", recorded_by=BY)
    with summary.deferred():
        late = testing.person("Quàng Văn Tính", birth_date=date(2004, 6, 1))
        testing.admit(late, tree.cell_a, date(2026, 5, 10))
        assert not DuesMonth.objects.filter(person=late).exists()
    assert DuesMonth.objects.filter(person=late, month=m(2026, 5)).exists()
    assert agree()
