"""The import's scope check reaches a person exactly as the pages do, for every way a person comes
to an organization (issue 13: a cell imported events for anyone it had ever admitted). Cast:
partyorg.testing (T.H.X.1 cell A, T.H.X.2 cell B, T.H.S the district's school, T.H.X their commune).

Nguyễn Thị Đi was admitted in cell A (decision 02/03/2015) and transferred to cell B (out on
20/02/2021, presented 01/03/2021). Cell A's secretary still sees her record but may no longer
change it: neither on its pages nor through a file."""

import re
import uuid
from datetime import date, datetime

import pytest
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.committees.interchange import SeatRecord as PositionRecord
from partyorg.core.interchange import Location
from partyorg.exchange.scope_check import out_of_scope
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind as K
from partyorg.recruitment import services as recruitment
from partyorg.recruitment.interchange import CandidateStepRecord

pytestmark = pytest.mark.django_db

AT = datetime(2025, 12, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
TODAY = date(2026, 1, 5)
REFUSED_PERSON = re.compile(r"Người có mã “(.+?)” ngoài phạm vi được giao \(ngày (.+?)\)")


@pytest.fixture
def cast():
    tree = testing.build_tree()
    mover = testing.person("Nguyễn Thị Đi", sex="female")
    testing.admit(mover, tree.cell_a, date(2015, 3, 2))
    testing.record(mover, K.TRANSFER_OUT, date(2021, 2, 20), other_organization=tree.cell_b)
    testing.record(mover, K.TRANSFER_IN, date(2021, 3, 1), organization=tree.cell_b)
    stayer = testing.person("Lò Văn Pọm")
    testing.admit(stayer, tree.cell_a, date(2015, 3, 2))
    return tree, mover, stayer


def event(person, kind, on, **fields):
    return EventRecord(
        uid=str(uuid.uuid4()),
        person=person,
        kind=kind,
        effective_on=on,
        recorded_at=AT,
        recorded_by="t",
        **fields,
    )


def rows(*records):
    return [(Location(r.TYPE, i + 2), r) for i, r in enumerate(records)]


def refused(user, *records):
    return [str(p) for p in out_of_scope(rows(*records), Scope(user, TODAY))]


def test_the_cell_that_admitted_a_member_who_moved_away_imports_nothing_for_them(cast):
    """Before the fix every one of these loaded: cell A's decision of 2015 reached her for ever."""
    tree, mover, stayer = cast
    old = testing.user_with("bithu.a", (tree.cell_a, Role.EDIT))
    new = testing.user_with("bithu.b", (tree.cell_b, Role.EDIT))
    day = date(2025, 12, 1)
    records = [
        event(mover.code, K.DIED, day),
        event(mover.code, K.REMOVED, day, detail="unexcused_absence"),
        event(mover.code, K.TRANSFER_OUT, day, other_organization="T.H.S"),
        event(mover.code, K.BADGE_AWARDED, day, detail="30"),
    ]
    reason = f"Người có mã “{mover.code}” ngoài phạm vi được giao (ngày 01/12/2025)"
    assert refused(old, *records) == [f"event, dòng {i + 2}, cột “Người”: {reason}" for i in range(4)]
    assert refused(new, *records) == []
    # Her years in cell A are still cell A's: an event of her last day there loads.
    assert refused(old, event(mover.code, K.BADGE_AWARDED, date(2021, 2, 19), detail="5")) == []
    assert refused(old, event(stayer.code, K.DIED, day)) == []


def test_a_member_named_by_a_seat_or_a_candidate_s_step_must_be_the_user_s_that_day(cast):
    """A file of cell A's secretary naming Đi secretary of cell A, or introducer or mentor of cell
    A's candidate, is refused as the pages refuse it; Pọm, held by cell A, may be named. The end or
    withdrawal of a seat names the seat, not a new holder, and is judged by its organization."""
    tree, mover, stayer = cast
    old = testing.user_with("bithu.a", (tree.cell_a, Role.EDIT))
    dung = recruitment.add_new_candidate(
        tree.cell_a,
        code="QC0001",
        full_name="Hà Thị Dung",
        sex="female",
        birth_date=date(2000, 4, 2),
        introduced_by="youth_union",
        introduced_on=date(2025, 1, 10),
        recorded_by="t",
        general_education="upper_secondary",
    )

    def seat(who, kind="started", **fields):
        return PositionRecord(uid=str(uuid.uuid4()), kind=kind, person=who.code, organization="T.H.X.1",
                              position="secretary", effective_on=date(2025, 6, 1), recorded_at=AT,
                              recorded_by="t", method="appointed", **fields)  # fmt: skip

    def step(who, kind):
        return CandidateStepRecord(uid=str(uuid.uuid4()), candidate=str(dung.uid), kind=kind,
                                   effective_on=date(2025, 3, 1), recorded_at=AT, recorded_by="t",
                                   person=who.code, detail="member" if kind == "introducer" else "",
                                   since=date(2020, 1, 1))  # fmt: skip

    named = refused(old, seat(mover), step(mover, "introducer"), step(mover, "sympathizer"))
    assert [REFUSED_PERSON.search(p).groups() for p in named] == [
        (mover.code, "01/06/2025"),
        (mover.code, "01/03/2025"),
        (mover.code, "01/03/2025"),
    ]
    assert named[0].startswith("position, dòng 2, cột “") and named[1].startswith("candidate_step, dòng 3")
    assert refused(old, seat(stayer), step(stayer, "introducer"), step(stayer, "sympathizer")) == []
    assert refused(old, seat(mover, kind="ended", ends=str(uuid.uuid4()))) == []


def test_people_are_judged_as_the_pages_judge_them_for_every_way_of_reaching(cast):
    """For each way (admitted here and moved away, transferred in from outside the records,
    temporarily placed elsewhere, withdrawn and held by nobody, re-admitted elsewhere, awaiting the
    ceremony, the ceremony held at another cell than the deciding one), each officer and each day,
    a file's event is refused exactly when Scope.reaches_person refuses EDIT that day."""
    tree, mover, stayer = cast
    comer = testing.person("Lò Thị Đến", sex="female")
    testing.record(
        comer, K.TRANSFER_IN, date(2021, 6, 1), organization=tree.cell_b, external_place="Lai Châu"
    )
    placed = testing.person("Lò Văn Tạm")
    testing.admit(placed, tree.school, date(2012, 5, 2))
    testing.record(placed, K.TRANSFER_OUT, date(2018, 2, 1), other_organization=tree.cell_a)
    testing.record(placed, K.TRANSFER_IN, date(2018, 2, 12), organization=tree.cell_a)
    testing.record(placed, K.TEMPORARY_TRANSFER, date(2021, 1, 5), other_organization=tree.school)
    back = testing.person("Lò Văn Lại")
    testing.admit(back, tree.cell_a, date(2005, 3, 2))
    testing.record(back, K.WITHDRAWN, date(2008, 1, 10))
    testing.record(back, K.READMISSION_DECIDED, date(2012, 2, 1), organization=tree.school)
    testing.record(back, K.ADMISSION_CEREMONY, date(2012, 2, 11))
    waiting = testing.person("Hà Thị Chờ", sex="female")
    testing.record(waiting, K.ADMISSION_DECIDED, date(2021, 2, 20), organization=tree.cell_b)
    elsewhere = testing.person("Lò Văn Thêm")
    testing.record(elsewhere, K.ADMISSION_DECIDED, date(2019, 6, 1), organization=tree.cell_b)
    testing.record(elsewhere, K.ADMISSION_CEREMONY, date(2019, 6, 10), organization=tree.cell_a)
    users = [
        testing.user_with("bithu.a", (tree.cell_a, Role.EDIT)),
        testing.user_with("bithu.b", (tree.cell_b, Role.EDIT)),
        testing.user_with("truong", (tree.school, Role.EDIT)),
        testing.user_with("xa", (tree.commune, Role.EDIT)),
    ]
    days = [date(2008, 1, 9), date(2010, 1, 1), date(2012, 2, 5), date(2018, 2, 5), date(2019, 6, 5)]
    days += [date(2019, 6, 10), date(2021, 2, 19), date(2021, 2, 25), date(2021, 6, 1), date(2025, 1, 1)]
    people = [mover, stayer, comer, placed, back, waiting, elsewhere]
    for user in users:
        records = [event(p.code, K.BADGE_AWARDED, day) for p in people for day in days]
        judged = [REFUSED_PERSON.search(p).groups() for p in refused(user, *records)]
        expected = [
            (p.code, f"{day:%d/%m/%Y}")
            for p in people
            for day in days
            if not Scope(user, day).reaches_person(p.pk, Role.EDIT)
        ]
        assert judged == expected, user.username
    # A hand-worked sample of the same table, so that both cannot be wrong together.
    a, b, school = users[0], users[1], users[2]
    assert not Scope(a, date(2025, 1, 1)).reaches_person(mover.pk, Role.EDIT)
    assert Scope(b, date(2021, 2, 25)).reaches_person(mover.pk, Role.EDIT)  # in transit to B
    assert not Scope(school, date(2025, 1, 1)).reaches_person(placed.pk, Role.EDIT)
    assert Scope(a, date(2010, 1, 1)).reaches_person(back.pk, Role.EDIT)  # withdrew: A held him last
    assert not Scope(a, date(2012, 2, 5)).reaches_person(back.pk, Role.EDIT)  # the school's decision
    assert Scope(school, date(2012, 2, 5)).reaches_person(back.pk, Role.EDIT)
    assert Scope(b, date(2025, 1, 1)).reaches_person(waiting.pk, Role.EDIT)  # still no ceremony
    assert Scope(b, date(2019, 6, 5)).reaches_person(elsewhere.pk, Role.EDIT)
    assert not Scope(b, date(2019, 6, 10)).reaches_person(elsewhere.pk, Role.EDIT)
