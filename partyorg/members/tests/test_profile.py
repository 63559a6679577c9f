"""A person's file on a day (issue 15, ``partyorg.members.profile``): status and organization from
the membership log, each dated fact as it held that day with its periods and the rows behind them,
and all of it as known at a past moment.

Hand-worked cast (:func:`build_mover`, the tree of ``partyorg.testing``; the commune Nà Tấu with the
hamlets Na Ten and Co Sản). Lò Văn Pọm, born 17/05/1980, lives in Na Ten, farms, and holds an
intermediate professional level (his record, undated):

- admitted in cell A (Na Ten) by decision of 02/03/2010, ceremony 12/03/2010, official 12/03/2011
  (``testing.admit``); recorded 01/04/2011;
- moved house to Co Sản on 01/03/2018, and his party activity from cell A to cell B (out 01/03/2018,
  presented 05/03/2018); both recorded 10/03/2018;
- graduated: professional level "Đại học" from 15/07/2019, recorded 20/07/2019;
- became a civil servant on 01/09/2020: recorded on 05/09/2020 from 01/09/2021 by mistake and
  corrected on 10/10/2020 to 01/09/2020 ("Sai năm").

So, as known now: on 31/12/2017 cell A, Na Ten, Trung cấp, Nông dân; on 30/06/2018 cell B, Co Sản;
on 31/12/2019 Đại học; on 31/12/2020 "Cán bộ, công chức". As known at the end of 30/09/2020 the
occupation changed only on 01/09/2021 (the mistake stood); as known at the end of 31/12/2017
nothing of 2018 was recorded: cell A and Na Ten on 30/06/2018.
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from partyorg import testing
from partyorg.core.known import end_of_day
from partyorg.core.records import LegalBasis
from partyorg.members import facts
from partyorg.members.models import EventKind, FactKind, Person
from partyorg.members.profile import profile_on
from partyorg.members.tests.test_facts import na_tau

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
TZ = timezone.get_fixed_timezone(7 * 60)
MOVED = date(2018, 3, 1)
GRADUATED = date(2019, 7, 15)
HIRED = date(2020, 9, 1)
HOUSEHOLD = LegalBasis("Sổ hộ khẩu", date(2018, 3, 1), "Công an xã Nà Tấu")
DIPLOMA = LegalBasis("Bằng số 123/ĐH", date(2019, 7, 15), "Trường Đại học Tây Bắc")
APPOINTED = LegalBasis("45/QĐ-UBND", date(2020, 8, 25), "UBND xã Nà Tấu")


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=TZ)


def build_mover() -> SimpleNamespace:
    """The cast of the module's text; the clock must stand on or after 10/10/2020."""
    tree = testing.build_tree()
    _, na_ten, co_san = na_tau()
    pom = testing.person("Lò Văn Pọm")
    pom.home_locality = na_ten
    pom.occupation = "Nông dân"
    pom.professional_level = "Trung cấp"
    pom.save()
    with time_machine.travel(at(2011, 4, 1), tick=False):
        testing.admit(pom, tree.cell_a, date(2010, 3, 2))
    moved_at = at(2018, 3, 10)
    testing.record(pom, EventKind.TRANSFER_OUT, MOVED, other_organization=tree.cell_b, recorded_at=moved_at)
    testing.record(
        pom, EventKind.TRANSFER_IN, date(2018, 3, 5), organization=tree.cell_b, recorded_at=moved_at
    )
    move = facts.record_fact(
        pom, FactKind.RESIDENCE, MOVED, locality=co_san, legal_basis=HOUSEHOLD, recorded_by="xa",
        recorded_at=moved_at,
    )  # fmt: skip
    facts.record_fact(
        pom, FactKind.PROFESSIONAL_LEVEL, GRADUATED, value="Đại học", legal_basis=DIPLOMA,
        recorded_by="xa", recorded_at=at(2019, 7, 20),
    )  # fmt: skip
    wrong = facts.record_fact(
        pom, FactKind.OCCUPATION, date(2021, 9, 1), value="Cán bộ, công chức", legal_basis=APPOINTED,
        recorded_by="xa", recorded_at=at(2020, 9, 5),
    )  # fmt: skip
    right = facts.correct_fact(
        wrong, valid_from=HIRED, value="Cán bộ, công chức", legal_basis=APPOINTED, recorded_by="xa",
        note="Sai năm", recorded_at=at(2020, 10, 10),
    )  # fmt: skip
    return SimpleNamespace(
        tree=tree, na_ten=na_ten, co_san=co_san, pom=Person.objects.get(pk=pom.pk), move=move,
        wrong=wrong, right=right,
    )  # fmt: skip


@pytest.fixture
def cast() -> SimpleNamespace:
    with time_machine.travel(TODAY, tick=False):
        return build_mover()


def shown(profile, kind):
    return profile.kind(kind).shown


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("on", "cell", "hamlet", "level", "occupation"),
    [
        # Before every change: his record's values, "since before the records".
        (date(2017, 12, 31), "T.H.X.1", "Bản Na Ten, Xã Nà Tấu", "Trung cấp", "Nông dân"),
        # The move and the transfer of 03/2018; not yet graduated.
        (date(2018, 6, 30), "T.H.X.2", "Bản Co Sản, Xã Nà Tấu", "Trung cấp", "Nông dân"),
        # The day before and the day of the graduation.
        (date(2019, 7, 14), "T.H.X.2", "Bản Co Sản, Xã Nà Tấu", "Trung cấp", "Nông dân"),
        (GRADUATED, "T.H.X.2", "Bản Co Sản, Xã Nà Tấu", "Đại học", "Nông dân"),
        # The day before and the day of the new occupation (as corrected: 01/09/2020).
        (date(2020, 8, 31), "T.H.X.2", "Bản Co Sản, Xã Nà Tấu", "Đại học", "Nông dân"),
        (HIRED, "T.H.X.2", "Bản Co Sản, Xã Nà Tấu", "Đại học", "Cán bộ, công chức"),
    ],
)
def test_the_file_on_days_before_and_after_each_change(cast, on, cell, hamlet, level, occupation):
    profile = profile_on(cast.pom, on)
    assert profile.state.organization is not None
    assert profile.state.organization.organization.code == cell
    assert profile.state.status == "official"
    assert shown(profile, FactKind.RESIDENCE) == hamlet
    assert shown(profile, FactKind.PROFESSIONAL_LEVEL) == level
    assert shown(profile, FactKind.OCCUPATION) == occupation
    # Never dated: the record's value, said to be undated.
    education = profile.kind(FactKind.GENERAL_EDUCATION)
    assert (education.shown, education.dated) == ("Trung học phổ thông", False)


@time_machine.travel(TODAY, tick=False)
def test_each_fact_lists_its_periods_and_the_rows_behind_them_with_the_correction_chain(cast):
    profile = profile_on(cast.pom, date(2019, 1, 1))
    residence = profile.kind(FactKind.RESIDENCE)
    assert residence.dated and (residence.since, residence.until) == (MOVED, None)
    # The record's Na Ten kept as a fact from an unknown start, until the move.
    assert [(p.valid_from, p.valid_until, p.shown, p.holds) for p in residence.periods] == [
        (None, MOVED, "Bản Na Ten, Xã Nà Tấu", False),
        (MOVED, None, "Bản Co Sản, Xã Nà Tấu", True),
    ]
    moved = residence.rows[-1]
    assert moved.uid == str(cast.move.uid) and moved.in_force
    assert moved.basis == "Sổ hộ khẩu ngày 01/03/2018 của Công an xã Nà Tấu"
    occupation = profile.kind(FactKind.OCCUPATION)
    assert [(p.valid_from, p.valid_until, p.value) for p in occupation.periods] == [
        (None, HIRED, "Nông dân"),
        (HIRED, None, "Cán bộ, công chức"),
    ]
    # Three rows: the record's value kept, the wrong day, its correction; the wrong one corrected.
    kept, wrong, right = occupation.rows
    assert (kept.valid_from, kept.value, kept.in_force) == (None, "Nông dân", True)
    assert (wrong.valid_from, wrong.corrected_by, wrong.in_force) == (
        date(2021, 9, 1),
        str(cast.right.uid),
        False,
    )
    assert (right.valid_from, right.corrects, right.note, right.in_force) == (
        HIRED,
        str(cast.wrong.uid),
        "Sai năm",
        True,
    )
    # A kind never recorded: no value, no rows.
    theory = profile.kind(FactKind.STATE_MANAGEMENT)
    assert (theory.shown, theory.dated, theory.rows) == ("", False, ())


@time_machine.travel(TODAY, tick=False)
def test_as_known_on_a_past_day_only_what_had_been_recorded_by_then_counts(cast):
    # End of 30/09/2020: the occupation was recorded from 01/09/2021 (the mistake stood).
    sept = end_of_day(date(2020, 9, 30))
    profile = profile_on(cast.pom, date(2020, 12, 31), known_at=sept)
    assert shown(profile, FactKind.OCCUPATION) == "Nông dân"
    assert [r.valid_from for r in profile.kind(FactKind.OCCUPATION).rows] == [None, date(2021, 9, 1)]
    assert profile.kind(FactKind.OCCUPATION).rows[-1].in_force  # its correction was not there yet
    assert shown(profile_on(cast.pom, date(2021, 9, 1), known_at=sept), FactKind.OCCUPATION) == (
        "Cán bộ, công chức"
    )
    # End of 31/12/2017: nothing of 2018 recorded; on 30/06/2018 cell A, Na Ten, the record's
    # residence undated (its first dated fact came later), though the person's row now says Co Sản.
    old = profile_on(cast.pom, date(2018, 6, 30), known_at=end_of_day(date(2017, 12, 31)))
    assert old.state.organization is not None and old.state.organization.organization.code == "T.H.X.1"
    residence = old.kind(FactKind.RESIDENCE)
    assert (residence.shown, residence.dated, residence.rows) == ("Bản Na Ten, Xã Nà Tấu", False, ())
    assert shown(old, FactKind.PROFESSIONAL_LEVEL) == "Trung cấp"
    # Before his admission was recorded (01/04/2011), he was nobody's member.
    assert not profile_on(
        cast.pom, date(2010, 12, 31), known_at=end_of_day(date(2011, 3, 31))
    ).state.is_member
    # As known now (no moment), the same day reads the corrected occupation.
    assert shown(profile_on(cast.pom, date(2020, 12, 31)), FactKind.OCCUPATION) == "Cán bộ, công chức"


@time_machine.travel(TODAY, tick=False)
def test_a_name_corrected_later_reads_as_it_was_known(cast):
    from partyorg.members.services import correct_person

    with time_machine.travel(at(2022, 1, 5), tick=False):
        correct_person(
            cast.pom, {"full_name": "Lò Văn Pọn"}, legal_basis=testing.BASIS, recorded_by="xa", note="Sai tên"
        )
    cast.pom.refresh_from_db()
    assert cast.pom.full_name == "Lò Văn Pọn"
    before = profile_on(cast.pom, date(2021, 1, 1), known_at=end_of_day(date(2021, 12, 31)))
    assert before.person.full_name == "Lò Văn Pọm"
    assert cast.pom.full_name == "Lò Văn Pọn"  # the person given is not changed
