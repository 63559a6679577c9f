"""Ratings, discipline and dues in the interchange files: review cycles with member and organization
ratings, disciplinary measures (an expulsion with its event) and commendations, dues bases, reliefs
and payments. Each is loaded through its app's services (RULES.md §3, §2.10, §4), all or nothing,
idempotent, scope-checked for web imports."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.discipline import services as discipline
from partyorg.discipline.interchange import CommendationRecord, MeasureRecord
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.dues import services as dues
from partyorg.dues.interchange import DuesBasisRecord, DuesPaymentRecord, DuesReliefRecord
from partyorg.dues.models import DuesBasis, DuesPayment, DuesRelief
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.scope_check import out_of_scope
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind, MembershipEvent, Person
from partyorg.organizations.models import Organization
from partyorg.ratings import services as ratings
from partyorg.ratings.interchange import MemberRatingRecord, OrganizationRatingRecord, ReviewCycleRecord
from partyorg.ratings.models import MemberRating, OrganizationRating, RatingLevel, ReviewCycle
from partyorg.recruitment.tests.cast import veterans

pytestmark = pytest.mark.django_db

BY = testing.OFFICER
BASIS = testing.BASIS
DECISION = LegalBasis("05-QĐ/ĐU", date(2026, 3, 2), "Đảng ủy xã Nà Tấu")
E, G, N = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.NOT_FULFILLED
KINDS = (
    ReviewCycleRecord,
    MemberRatingRecord,
    OrganizationRatingRecord,
    MeasureRecord,
    CommendationRecord,
    DuesBasisRecord,
    DuesReliefRecord,
    DuesPaymentRecord,
)


class Discard(Exception):
    pass


def m(year: int, month: int) -> date:
    return date(year, month, 1)


def build_year() -> None:
    """The school's 2025 review on the 100-point scale (one rating corrected, one withdrawn, the
    organization rated); in cell A a reprimand, an expulsion withdrawn on complaint (its event voided),
    a commendation withdrawn; cell B reprimanded and commended; dues bases (one corrected), a relief
    decided by the commune, payments (one corrected, one withdrawn)."""
    tree = testing.build_tree()
    school = veterans(tree.school, 6)
    a = veterans(tree.cell_a, 4)
    cycle = ratings.open_cycle.within(
        tree.school, year=2025, reviewed_on=date(2025, 12, 22), legal_basis=BASIS, recorded_by=BY
    )
    scores = ["93.5", "85", "78", "71", "70", "40"]
    levels = [E, G, G, G, G, N]
    rated = ratings.rate_members.within(
        cycle,
        [ratings.RatingEntry(p, lv, Decimal(s)) for p, lv, s in zip(school, levels, scores, strict=True)],
        legal_basis=BASIS,
        recorded_by=BY,
    )
    ratings.correct_member_rating.within(
        rated[3], level=G, score=Decimal("75.25"), legal_basis=BASIS, recorded_by=BY, note="Sai điểm"
    )
    ratings.withdraw_member_rating.within(rated[4], legal_basis=BASIS, recorded_by=BY, note="Đã chuyển đi")
    ratings.rate_organization.within(cycle, G, score=Decimal("82"), legal_basis=BASIS, recorded_by=BY)

    discipline.discipline_member.within(
        a[0],
        "reprimand",
        date(2026, 3, 2),
        deciding_body="Chi bộ bản Na Ten",
        legal_basis=BASIS,
        recorded_by=BY,
    )
    expelled = discipline.discipline_member.within(
        a[1],
        "expulsion",
        date(2026, 4, 6),
        deciding_body="Ban Thường vụ Huyện ủy Mường Khoa",
        votes_for=7,
        entitled_voters=9,
        legal_basis=BASIS,
        recorded_by=BY,
    )
    discipline.withdraw_measure.within(expelled, legal_basis=BASIS, recorded_by=BY, note="Hủy theo khiếu nại")
    discipline.discipline_organization.within(
        tree.cell_b, "reprimand", date(2026, 1, 10), legal_basis=BASIS, recorded_by=BY
    )
    praised = discipline.commend.within(
        title="Giấy khen",
        awarded_on=date(2026, 1, 15),
        awarding_body="Đảng ủy xã Nà Tấu",
        legal_basis=BASIS,
        recorded_by=BY,
        person=a[2],
        for_year=2025,
    )
    discipline.withdraw_commendation.within(praised, recorded_by=BY, note="Nhầm người")
    discipline.commend.within(
        title="Bằng khen",
        awarded_on=date(2026, 1, 20),
        awarding_body="Tỉnh ủy Hòa Sơn",
        legal_basis=BASIS,
        recorded_by=BY,
        organization=tree.cell_b,
        for_year=2025,
        years=5,
    )

    wrong = dues.record_basis.within(a[2], from_month=m(2026, 2), category="farmer", region=1, recorded_by=BY)
    dues.correct_basis.within(wrong, region=3, recorded_by=BY, note="Nhập nhầm vùng")
    dues.record_basis.within(
        a[3], from_month=m(2026, 2), category="civil_servant", amount=8_000_000, recorded_by=BY
    )
    dues.record_relief.within(
        a[2],
        ground="hardship",
        percent=50,
        first_month=m(2026, 3),
        last_month=m(2026, 8),
        decided_by=tree.commune,
        legal_basis=DECISION,
        recorded_by=BY,
    )
    dues.record_payment.within(
        a[2],
        month=m(2026, 2),
        amount=12_420,
        paid_on=date(2026, 2, 10),
        organization=tree.cell_a,
        recorded_by=BY,
    )
    paid = dues.record_payment.within(
        a[3],
        month=m(2026, 2),
        amount=80_000,
        paid_on=date(2026, 2, 10),
        organization=tree.cell_a,
        recorded_by=BY,
    )
    dues.correct_payment.within(paid, amount=90_000, recorded_by=BY, note="Thu thêm")
    twice = dues.record_payment.within(
        a[3],
        month=m(2026, 3),
        amount=80_000,
        paid_on=date(2026, 3, 10),
        organization=tree.cell_a,
        recorded_by=BY,
    )
    dues.withdraw_payment.within(twice, recorded_by=BY, note="Ghi hai lần")


def rows_now() -> dict[str, int]:
    models = (
        ReviewCycle,
        MemberRating,
        OrganizationRating,
        DisciplinaryMeasure,
        Commendation,
        DuesBasis,
        DuesRelief,
        DuesPayment,
        MembershipEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def exported() -> list:
    try:
        with transaction.atomic():
            build_year()
            records, rows = list(dump()), rows_now()
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return [records, rows]


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


def nothing_written() -> bool:
    return not any(rows_now().values()) and not Person.objects.exists()


def test_every_kind_is_in_the_export(exported: list) -> None:
    records, _ = exported
    assert {type(r) for r in records} >= set(KINDS)
    expulsion = next(r for r in records if isinstance(r, MeasureRecord) and r.sanction == "expulsion")
    assert expulsion.membership_event and not expulsion.withdrawn
    scores = {r.score for r in records if isinstance(r, MemberRatingRecord)}
    assert {"93.5", "75.25", "40"} <= scores


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_year_round_trips_through_both_files(exported: list, tmp_path, suffix: str) -> None:
    records, rows = exported
    path = tmp_path / f"nam{suffix}"
    write_file(records, path)
    report = load(read_file(path))
    assert list(dump()) == records
    assert rows_now() == rows
    for kind in KINDS:
        assert report.created[kind.TYPE] == sum(type(r) is kind for r in records), kind.TYPE
    # The expulsion's event was loaded once, from the sheet "Sự kiện", and is voided with the measure.
    expelled = MembershipEvent.objects.get(kind=EventKind.EXPELLED)
    assert DisciplinaryMeasure.objects.get(sanction="expulsion", withdrawn=False).event == expelled
    assert expelled.corrections.exists()


def test_loading_the_same_year_twice_adds_nothing(exported: list) -> None:
    records, rows = exported
    load(located(records))
    second = load(located(records))
    assert sum(second.created.values()) == 0
    for kind in KINDS:
        assert second.unchanged[kind.TYPE] == sum(type(r) is kind for r in records), kind.TYPE
    assert rows_now() == rows


def test_a_changed_rating_already_loaded_is_refused(exported: list) -> None:
    records, _ = exported
    load(located(records))
    rating = next(r for r in records if isinstance(r, MemberRatingRecord) and r.score == "85")
    with pytest.raises(ExchangeError, match="nội dung khác"):
        load(located([dataclasses.replace(rating, score="86")]))
    # The same score written otherwise ("85,00") is the same rating.
    assert load(located([dataclasses.replace(rating, score="85,00")])).unchanged["member_rating"] == 1


def refused(records: list, old: object, new: object) -> list[str]:
    rows = located([new if r is old else r for r in records])
    with pytest.raises(ExchangeError) as caught:
        load(rows)
    row = next(loc.row for loc, r in rows if r is new)
    found = [str(p) for p in caught.value.problems]
    assert nothing_written()
    return [p for p in found if p.startswith(f"Tệp, dòng {row}")] or found


def test_a_rating_a_rule_refuses_loads_nothing(exported: list) -> None:
    """RULES.md §3.2 (QĐ 366): "Hoàn thành xuất sắc" needs 90 points or more; 88 is refused by the
    service the command line uses, at its row."""
    records, _ = exported
    best = next(r for r in records if isinstance(r, MemberRatingRecord) and r.score == "93.5")
    found = refused(records, best, dataclasses.replace(best, score="88"))
    assert any("Tệp, dòng" in p and "90" in p for p in found), found


def test_a_measure_a_rule_refuses_loads_nothing(exported: list) -> None:
    """RULES.md §2.10: an organization cannot be expelled (khiển trách, cảnh cáo, giải tán only)."""
    records, _ = exported
    measure = next(r for r in records if isinstance(r, MeasureRecord) and not r.person)
    found = refused(records, measure, dataclasses.replace(measure, sanction="expulsion"))
    assert any("Tệp, dòng" in p for p in found), found


def test_an_expulsion_without_its_event_loads_nothing(exported: list) -> None:
    records, _ = exported
    measure = next(r for r in records if isinstance(r, MeasureRecord) and r.sanction == "expulsion")
    found = refused(records, measure, dataclasses.replace(measure, membership_event=""))
    assert any("sự kiện khai trừ" in p for p in found), found


def test_a_relief_decided_by_the_wrong_organization_loads_nothing(exported: list) -> None:
    """RULES.md §4.1 [P] (QĐ 01): a subordinate cell's relief is decided by the committee above it."""
    records, _ = exported
    relief = next(r for r in records if isinstance(r, DuesReliefRecord))
    found = refused(records, relief, dataclasses.replace(relief, decided_by="T.H.X.1"))
    assert any("Tệp, dòng" in p for p in found), found


def test_a_month_not_written_as_its_first_day_loads_nothing(exported: list) -> None:
    records, _ = exported
    payment = next(r for r in records if isinstance(r, DuesPaymentRecord))
    found = refused(records, payment, dataclasses.replace(payment, month=date(2026, 2, 15)))
    assert any("Ghi ngày đầu tháng: 01/02/2026" in p for p in found), found


def test_a_web_import_of_another_cells_ratings_discipline_and_dues_is_refused(exported: list) -> None:
    """A user who edits cell B may not import the school's review, cell A's measures, commendations
    and dues; cell B's own reprimand and commendation are in scope."""
    records, _ = exported
    base = [r for r in records if not isinstance(r, KINDS)]
    load(located(base))
    cell_b = Organization.objects.get(code="T.H.X.2")
    user = testing.user_with("chibo.b", (cell_b, Role.EDIT))
    mine = [r for r in records if isinstance(r, KINDS)]
    rows = located(mine)
    problems = out_of_scope(rows, Scope(user, date(2026, 6, 1)))
    refused_rows = {p.location.row for p in problems if p.location}
    for loc, r in rows:
        ours = isinstance(r, MeasureRecord | CommendationRecord) and not r.person
        assert (loc.row in refused_rows) != ours, r
    assert any("T.H.S" in str(p) for p in problems)


def test_the_expulsions_event_is_one_row_of_the_event_sheet(exported: list) -> None:
    """The expulsion's event is a row of the sheet "Sự kiện", not of "Kỷ luật"."""
    records, _ = exported
    events = [r for r in records if isinstance(r, EventRecord) and r.kind == EventKind.EXPELLED]
    assert len(events) == 1
