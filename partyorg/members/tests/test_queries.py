"""Questions about people on a day (cast: partyorg.testing)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.members.queries import due_in
from partyorg.rules import probation, transfers

pytestmark = pytest.mark.django_db


def test_due_in_lists_recognitions_to_propose_and_transfers_to_report():
    """RULES.md §2.3 (QĐ 29 §4.2a): the recognition is proposed within 30 working days after the
    probation ends; §2.6 (QĐ 294 §6.3.1): the letter is presented within 30 working days of its
    issue. Hand-worked: Dung (ceremony 11/03/2024) is probationary on 01/02/2025; Pọm left cell A
    for cell B on 20/01/2025 and has not reported; Xuân is official and owes nothing."""
    tree = testing.build_tree()
    dung, pom, xuan = (
        testing.person("Hà Thị Dung"),
        testing.person("Lò Văn Pọm"),
        testing.person("Quàng Thị Xuân"),
    )
    testing.admit(dung, tree.cell_a, date(2024, 3, 1), ceremony_on=date(2024, 3, 11), recognize=False)
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    testing.admit(xuan, tree.cell_a, date(2015, 3, 2))
    testing.record(pom, K.TRANSFER_OUT, date(2025, 1, 20), other_organization=tree.cell_b)
    on = date(2025, 2, 1)
    found = {
        (p.full_name, name, what, due) for p, name, what, due in due_in([tree.cell_a.pk, tree.cell_b.pk], on)
    }
    assert found == {
        ("Hà Thị Dung", "Chi bộ bản Na Ten", "Xét công nhận đảng viên chính thức",
         probation.recognition_proposal_deadline(date(2024, 3, 11))),
        ("Lò Văn Pọm", "Chi bộ bản Co Sản", "Trình giấy giới thiệu sinh hoạt đảng ở nơi đến",
         transfers.transfer_report_deadline(date(2025, 1, 20))),
    }  # fmt: skip
    # The school holds neither of them.
    assert due_in([tree.school.pk], on) == []
    # Due by a day: only the deadlines falling on or before it. Pọm's letter is due 30 working
    # days after 20/01/2025, before Dung's recognition (30 working days after 11/03/2025).
    letter = transfers.transfer_report_deadline(date(2025, 1, 20))
    recognition = probation.recognition_proposal_deadline(date(2024, 3, 11))
    assert letter < recognition
    soon = {p.full_name for p, *_ in due_in([tree.cell_a.pk, tree.cell_b.pk], on, due_by=letter)}
    assert soon == {"Lò Văn Pọm"}


def test_deadlines_under_an_organization_are_grouped_by_the_organization_under_it_that_day():
    """Hand-worked (RULES.md §2.3): Nga (cell A, ceremony 12/01/2017) and Mới (cell B, ceremony
    19/01/2017) are probationary; on 15/01/2018 both are due for the proposal of their recognition.
    Under the district they stand in the commune: one group of two, nearest Nga's day. Cell B is
    moved under the district on 01/01/2018: on 15/01/2018 Mới's group is cell B itself, while on
    31/12/2017 (the tree as it stood that day) he is still counted with the commune."""
    from partyorg.members.queries import (
        RECOGNITION,
        DueGroup,
        deadlines_under,
        member_due_groups,
        units_under,
    )
    from partyorg.organizations import services as org_services

    tree = testing.build_tree()
    nga, moi = testing.person("Lò Thị Nga"), testing.person("Quàng Văn Mới")
    testing.admit(nga, tree.cell_a, date(2017, 1, 2), recognize=False)
    testing.admit(moi, tree.cell_b, date(2017, 1, 9), recognize=False)
    nga_due = probation.recognition_proposal_deadline(date(2017, 1, 12))
    moi_due = probation.recognition_proposal_deadline(date(2017, 1, 19))
    before = date(2017, 12, 31)
    assert member_due_groups(deadlines_under(tree.district, before), before) == [
        DueGroup(RECOGNITION, "Xét công nhận đảng viên chính thức", tree.commune.pk, 2, 0, nga_due)
    ]
    org_services.move(
        tree.cell_b, tree.district, effective_on=date(2018, 1, 1), legal_basis=testing.BASIS, recorded_by="t"
    )
    on = date(2018, 1, 15)
    assert units_under(tree.district, on) == {
        tree.district.pk: tree.district.pk,
        tree.commune.pk: tree.commune.pk,
        tree.cell_a.pk: tree.commune.pk,
        tree.cell_b.pk: tree.cell_b.pk,
        tree.school.pk: tree.school.pk,
    }
    rows = deadlines_under(tree.district, on)
    assert {(r.person_id, r.unit_id, r.due_on) for r in rows} == {
        (nga.pk, tree.commune.pk, nga_due),
        (moi.pk, tree.cell_b.pk, moi_due),
    }
    assert [(g.unit_id, g.count) for g in member_due_groups(rows, on)] == [
        (tree.commune.pk, 1),
        (tree.cell_b.pk, 1),
    ]
    assert (
        member_due_groups(deadlines_under(tree.district, before), before)[0].count == 2
    )  # still that day's tree
    # Under a cell, its own members are its own group.
    assert {r.unit_id for r in deadlines_under(tree.cell_a, on)} == {tree.cell_a.pk}


def test_group_due_puts_each_kind_together_the_most_pressing_first():
    """Three kinds' rows on 10/03/2026: the transfer letters' group of X is overdue (01/03), so that
    kind comes first; the recognitions of Y (05/04) before those of X (20/04); counts and overdue
    counted per group."""
    from partyorg.members.queries import group_due

    on = date(2026, 3, 10)
    rows = [
        ("recognition", "R", 1, date(2026, 4, 20)),
        ("recognition", "R", 2, date(2026, 4, 5)),
        ("recognition", "R", 1, date(2026, 4, 25)),
        ("transfer", "T", 1, date(2026, 3, 1)),
        ("transfer", "T", 1, date(2026, 3, 20)),
    ]
    assert [(g.kind, g.unit_id, g.count, g.overdue, g.nearest) for g in group_due(rows, on)] == [
        ("transfer", 1, 2, 1, date(2026, 3, 1)),
        ("recognition", 2, 1, 0, date(2026, 4, 5)),
        ("recognition", 1, 2, 0, date(2026, 4, 20)),
    ]
