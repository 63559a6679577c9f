"""The fold, on hand-written logs (no database)."""

from datetime import date
from typing import Any

import pytest

from partyorg.members.models import EventKind as K
from partyorg.members.timeline import Fact, HistoryConflict, fold

CELL, OTHER = 1, 2


def facts(*rows: tuple[Any, ...]) -> list[Fact]:
    return [Fact(i + 1, kind, on, *rest) for i, (kind, on, *rest) in enumerate(rows)]


def test_a_member_is_probationary_from_the_ceremony_and_official_from_recognition():
    """RULES.md §2.3 [V] (Charter Art. 5(1)): probation counts from the ceremony, not the decision."""
    t = fold(
        facts(
            (K.ADMISSION_DECIDED, date(2015, 7, 26), CELL),
            (K.ADMISSION_CEREMONY, date(2015, 8, 5)),
            (K.RECOGNIZED_OFFICIAL, date(2016, 8, 5)),
        )
    )
    assert not t.state_on(date(2015, 8, 1)).member
    assert t.state_on(date(2015, 8, 1)).pending_organization_id == CELL
    assert t.state_on(date(2015, 8, 5)).status == "probationary"
    assert t.state_on(date(2016, 8, 5)).status == "official"
    assert [(i.valid_from, i.valid_until, i.status) for i in t.intervals()] == [
        (date(2015, 8, 5), date(2016, 8, 5), "probationary"),
        (date(2016, 8, 5), None, "official"),
    ]
    assert t.first_decision_on == date(2015, 7, 26)


def test_a_transfer_holds_the_member_at_the_destination_until_reported():
    t = fold(
        facts(
            (K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"),
            (K.TRANSFER_OUT, date(2012, 3, 1), CELL, OTHER),
            (K.TRANSFER_IN, date(2012, 3, 20), OTHER),
        )
    )
    assert [(i.organization_id, i.valid_from, i.valid_until, i.in_transit) for i in t.intervals()] == [
        (CELL, date(2010, 1, 4), date(2012, 3, 1), False),
        (OTHER, date(2012, 3, 1), date(2012, 3, 20), True),
        (OTHER, date(2012, 3, 20), None, False),
    ]


def test_a_transfer_out_of_the_province_ends_the_interval_but_not_membership():
    t = fold(
        facts(
            (K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"),
            (K.TRANSFER_OUT, date(2012, 3, 1), CELL, None, "Đảng bộ tỉnh Lai Châu"),
        )
    )
    assert t.state_on(date(2013, 1, 1)).member
    assert t.state_on(date(2013, 1, 1)).organization_id is None
    assert [i.valid_until for i in t.intervals()] == [date(2012, 3, 1)]


def test_a_temporary_placement_stands_beside_the_official_organization():
    """RULES.md §2.7 [V]: a temporary transfer does not move the member."""
    t = fold(
        facts(
            (K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"),
            (K.TEMPORARY_TRANSFER, date(2011, 1, 10), CELL, OTHER),
            (K.TEMPORARY_RETURN, date(2011, 9, 1), CELL),
        )
    )
    assert [(i.organization_id, i.valid_until) for i in t.intervals()] == [(CELL, None)]
    assert [(p.organization_id, p.valid_from, p.valid_until) for p in t.placements()] == [
        (OTHER, date(2011, 1, 10), date(2011, 9, 1))
    ]


def test_exits_open_a_gap_that_readmission_closes_and_restoration_erases():
    """RULES.md §2.4 [V]: gaps of removal count against party age; an overturned expulsion does not."""
    removed = fold(
        facts(
            (K.TRANSFER_IN, date(2000, 1, 1), CELL, None, "", "official"),
            (K.REMOVED, date(2005, 1, 1), CELL),
            (K.READMISSION_DECIDED, date(2009, 1, 1), CELL),
            (K.ADMISSION_CEREMONY, date(2009, 1, 15)),
        )
    )
    assert removed.gaps == [(date(2005, 1, 1), date(2009, 1, 1))]
    assert removed.readmissions == 1
    restored = fold(
        facts(
            (K.TRANSFER_IN, date(2000, 1, 1), CELL, None, "", "official"),
            (K.EXPELLED, date(2005, 1, 1), CELL),
            (K.RESTORED, date(2006, 1, 1), CELL),
        )
    )
    assert restored.gaps == []
    assert restored.state_on(date(2006, 1, 1)).status == "official"


def test_a_correction_replaces_the_wrong_event_and_a_void_removes_it():
    log = facts(
        (K.ADMISSION_DECIDED, date(2015, 7, 26), CELL),
        (K.ADMISSION_CEREMONY, date(2015, 8, 15)),
    )
    corrected = fold([*log, Fact(3, K.ADMISSION_CEREMONY, date(2015, 8, 5), corrects_id=2)])
    assert corrected.last_ceremony_on == date(2015, 8, 5)
    voided = fold([*log, Fact(3, K.VOIDED, date(2015, 8, 15), corrects_id=2)])
    assert not voided.state_on(date(2016, 1, 1)).member


@pytest.mark.parametrize(
    ("log", "message"),
    [
        ([(K.ADMISSION_CEREMONY, date(2015, 8, 5), CELL)], "Lễ kết nạp phải sau quyết định kết nạp."),
        (
            [(K.RECOGNIZED_OFFICIAL, date(2015, 8, 5), CELL)],
            "Người này không phải là đảng viên vào ngày này.",
        ),
        (
            [
                (K.TRANSFER_IN, date(2010, 1, 4), CELL),
                (K.DIED, date(2011, 1, 1)),
                (K.TRANSFER_OUT, date(2012, 1, 1), CELL, OTHER),
            ],
            "Không thể ghi sự kiện sau ngày từ trần.",
        ),
        (
            [(K.TRANSFER_IN, date(2010, 1, 4), CELL), (K.READMISSION_DECIDED, date(2012, 1, 1), CELL)],
            "Chỉ kết nạp lại người đã từng là đảng viên và hiện không còn là đảng viên.",
        ),
    ],
)
def test_a_history_that_contradicts_itself_is_refused(log, message):
    with pytest.raises(HistoryConflict) as raised:
        fold(facts(*log))
    assert raised.value.message == message


def test_an_interruption_open_at_an_exit_ends_there():
    """RULES.md §2.4 [V]: gaps are subtracted once; an interruption open when the member is removed
    ends at the removal, whose own gap ends at re-admission."""
    t = fold(
        facts(
            (K.TRANSFER_IN, date(1995, 1, 1), CELL, None, "", "official"),
            (K.INTERRUPTED, date(2000, 1, 1)),
            (K.REMOVED, date(2001, 1, 1)),
            (K.READMISSION_DECIDED, date(2005, 1, 1), CELL),
        )
    )
    assert t.gaps == [(date(2000, 1, 1), date(2001, 1, 1)), (date(2001, 1, 1), date(2005, 1, 1))]


def test_a_former_member_returns_only_by_readmission_or_restoration_but_may_die():
    removed = [(K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"), (K.EXPELLED, date(2015, 1, 1))]
    with pytest.raises(HistoryConflict, match="phải kết nạp lại hoặc phục hồi"):
        fold(facts(*removed, (K.TRANSFER_IN, date(2016, 1, 1), OTHER)))
    died = fold(facts(*removed, (K.DIED, date(2020, 1, 1))))
    assert died.state_on(date(2020, 1, 1)).deceased
    assert died.gaps == [(date(2015, 1, 1), date(2020, 1, 1))]


def test_a_temporary_return_comes_before_a_transfer_out_on_the_same_day():
    t = fold(
        facts(
            (K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"),
            (K.TEMPORARY_TRANSFER, date(2011, 1, 10), CELL, OTHER),
            (K.TRANSFER_OUT, date(2011, 9, 1), CELL, None, "Đảng bộ tỉnh Lai Châu"),
            (K.TEMPORARY_RETURN, date(2011, 9, 1), CELL),
        )
    )
    assert t.state_on(date(2011, 9, 1)).organization_id is None


def test_an_event_already_corrected_cannot_be_corrected_again():
    log = facts((K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"))
    first = Fact(2, K.TRANSFER_IN, date(2010, 2, 4), CELL, corrects_id=1)
    with pytest.raises(HistoryConflict, match="đã được sửa hoặc hủy"):
        fold([*log, first, Fact(3, K.TRANSFER_IN, date(2010, 3, 4), CELL, corrects_id=1)])


def test_a_reassignment_moves_only_a_member_still_at_its_source():
    """An organization change moves those it finds there that day; an earlier transfer recorded
    later takes precedence."""
    t = fold(
        facts(
            (K.TRANSFER_IN, date(2010, 1, 4), CELL, None, "", "official"),
            (K.ORG_REASSIGNED, date(2026, 1, 1), 3, CELL),
            (K.TRANSFER_OUT, date(2025, 12, 1), CELL, OTHER),
        )
    )
    assert t.state_on(date(2026, 2, 1)).organization_id == OTHER
