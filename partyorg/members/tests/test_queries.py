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
