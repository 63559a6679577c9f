"""Dues through the services and queries, on the small tree of ``partyorg.testing``.

The done-when test of issue 6: one member's dues right on both sides of 01/02/2026 (QĐ 342 → QĐ
01-QĐ/TW, RULES.md §4.2 → §4.1) and of 01/01/2028 (the step of the minimum-wage percentages), with the
amounts worked by hand below.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.dues import queries, services
from partyorg.dues.models import DuesPayment
from partyorg.dues.services import DuesRefused
from partyorg.members.models import EventKind, Person
from partyorg.organizations.models import OrgKind
from partyorg.reports.statistics import dues as figures
from partyorg.reports.statistics.figures import Period
from partyorg.rules import dues as rules
from partyorg.rules import dues_config
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db
BY = "chibo.nat"
DECISION = LegalBasis("05-QĐ/ĐU", date(2026, 3, 2), "Đảng ủy xã Nà Tấu")


def m(year: int, month: int) -> date:
    return date(year, month, 1)


@pytest.fixture(autouse=True)
def _wages() -> Iterator[None]:
    # The [U] minimum-wage table, set explicitly to the NĐ 293/2025 amounts the hand-worked figures use.
    dues_config.configure(regional_minimum_wage=((m(2026, 1), (5_310_000, 4_730_000, 4_140_000, 3_700_000)),))
    yield
    dues_config.reset()


@pytest.fixture
def tree() -> testing.Tree:
    return testing.build_tree()


def member(tree: testing.Tree, name: str = "Lò Văn Pọm", **kwargs: object) -> Person:
    who = testing.person(name, **kwargs)  # type: ignore[arg-type]
    testing.admit(who, tree.cell_a, date(2010, 3, 1))
    return who


def test_one_member_on_both_sides_of_01_02_2026_and_01_01_2028(tree: testing.Tree) -> None:
    """Done when (issue 6). A farmer of Chi bộ bản Na Ten, born 17/05/1980 (below retirement age), region
    III (4.140.000 đ from 01/01/2026):

    * 01/2026, QĐ 342 (RULES §4.2 [P]): the configured amount for farmers, 2.000 đ;
    * 02/2026, QĐ 01-QĐ/TW (RULES §4.1 [V]): 0,3% × 4.140.000 = 12.420 đ;
    * 12/2027: still 0,3% → 12.420 đ;
    * 01/2028: 0,5% × 4.140.000 = 20.700 đ.
    """
    farmer = member(tree)
    services.record_basis(farmer, from_month=m(2020, 1), category="farmer", region=3, recorded_by=BY)
    january, february = queries.due_for(farmer, m(2026, 1)), queries.due_for(farmer, m(2026, 2))
    assert (january.amount, january.regime, january.rule) == (2_000, rules.REGIME_342, rules.FIXED_342)
    assert (february.amount, february.regime, february.rule) == (
        12_420,
        rules.REGIME_01,
        rules.WORKING_AGE_2026,
    )
    assert queries.due_for(farmer, m(2027, 12)).amount == 12_420
    january_2028 = queries.due_for(farmer, m(2028, 1))
    assert (january_2028.amount, january_2028.rule) == (20_700, rules.WORKING_AGE_2028)
    assert january_2028.explanation == (
        "Tháng 01/2028 — Quy định 01-QĐ/TW ngày 03/02/2026: "
        + rules.WORKING_AGE_2028.title
        + ": 0,5% × 4.140.000 đ (lương tối thiểu vùng III tháng 01/2028, chưa đến tuổi nghỉ hưu) = 20.700 đ."
        " Phải đóng: 20.700 đ."
    )


def test_salaried_member_across_01_02_2026_uses_last_months_salary(tree: testing.Tree) -> None:
    """A civil servant, 8.000.000 đ until 01/2026 and 9.000.000 đ from 02/2026. 01/2026 (QĐ 342 [V]):
    1% × 8.000.000 = 80.000 đ. 02/2026 (QĐ 01 [V], previous month's insured salary): 80.000 đ. 03/2026:
    90.000 đ. 12/2027 and 01/2028: 90.000 đ (the 2028 step is for the minimum-wage categories only)."""
    clerk = member(tree, "Quàng Thị Xuân", sex="female", birth_date=date(1985, 2, 2))
    services.record_basis(
        clerk, from_month=m(2024, 7), category="civil_servant", amount=8_000_000, recorded_by=BY
    )
    services.record_basis(
        clerk, from_month=m(2026, 2), category="civil_servant", amount=9_000_000, recorded_by=BY
    )
    amounts = [queries.due_for(clerk, month).amount for month in (m(2026, 1), m(2026, 2), m(2026, 3))]
    assert amounts == [80_000, 80_000, 90_000]
    assert queries.due_for(clerk, m(2027, 12)).amount == queries.due_for(clerk, m(2028, 1)).amount == 90_000


def test_corrected_basis_replaces_the_wrong_one(tree: testing.Tree) -> None:
    """A basis typed with the wrong region is corrected by a new row; every month it covers follows."""
    farmer = member(tree)
    wrong = services.record_basis(farmer, from_month=m(2026, 2), category="farmer", region=1, recorded_by=BY)
    assert queries.due_for(farmer, m(2026, 4)).amount == 15_930  # 0,3% × 5.310.000
    services.correct_basis(wrong, region=3, recorded_by=BY, note="nhập nhầm vùng")
    assert queries.due_for(farmer, m(2026, 4)).amount == 12_420
    with pytest.raises(DuesRefused):
        services.correct_basis(wrong, region=2, recorded_by=BY)  # already corrected


def test_basis_needs_region_from_february_2026(tree: testing.Tree) -> None:
    farmer = member(tree)
    with pytest.raises(DuesRefused, match="vùng"):
        services.record_basis(farmer, from_month=m(2026, 2), category="farmer", recorded_by=BY)
    with pytest.raises(DuesRefused, match="số tiền"):
        services.record_basis(farmer, from_month=m(2026, 2), category="pensioner", recorded_by=BY)


def test_payments_arrears_and_the_three_month_warning(tree: testing.Tree) -> None:
    """RULES.md §2.9, §4.1 [V]: not paying three months of a year → the cell considers removal.
    A student (5.000 đ a month from 02/2026, QĐ 01 [V]) pays 02 and 03/2026, pays 2.000 đ for 04,
    nothing for 05 and 06: as of 15/07/2026 three months are short (04, 05, 06), 13.000 đ missing."""
    student = member(tree, "Lò Thị Mai", sex="female", birth_date=date(2005, 1, 1))
    services.record_basis(student, from_month=m(2026, 2), category="student", recorded_by=BY)
    for month in (m(2026, 2), m(2026, 3)):
        services.record_payment(
            student, month=month, amount=5_000, paid_on=month, organization=tree.cell_a, recorded_by=BY
        )
    services.record_payment(
        student, month=m(2026, 4), amount=2_000, paid_on=m(2026, 4), organization=tree.cell_a, recorded_by=BY
    )
    as_of = date(2026, 7, 15)
    owed = queries.arrears([tree.cell_a.pk], m(2026, 2), m(2026, 6), as_of=as_of)
    assert [(a.person_id, a.months, a.shortfall) for a in owed] == [
        (student.pk, (m(2026, 4), m(2026, 5), m(2026, 6)), 13_000)
    ]
    [warning] = queries.non_payment_warnings([tree.cell_a.pk], 2026, as_of=as_of)
    assert (warning.person_id, warning.months, warning.rule) == (student.pk, (4, 5, 6), rules.NON_PAYMENT_01)
    # Before June is over only two months are short: no warning yet.
    assert queries.non_payment_warnings([tree.cell_a.pk], 2026, as_of=date(2026, 6, 20)) == []
    cells = queries.arrears_by_cell([tree.commune.pk, tree.cell_a.pk], m(2026, 2), m(2026, 6), as_of=as_of)
    assert (cells[tree.cell_a.pk].due, cells[tree.cell_a.pk].paid, cells[tree.cell_a.pk].shortfall) == (
        25_000,
        12_000,
        13_000,
    )
    # Outside the scope the member does not show.
    assert queries.arrears([tree.cell_b.pk], m(2026, 2), m(2026, 6), as_of=as_of) == []


def test_payment_corrections_are_new_rows(tree: testing.Tree) -> None:
    student = member(tree, birth_date=date(2005, 1, 1))
    services.record_basis(student, from_month=m(2026, 2), category="student", recorded_by=BY)
    wrong = services.record_payment(
        student, month=m(2026, 2), amount=50_000, paid_on=m(2026, 2), organization=tree.cell_a, recorded_by=BY
    )
    services.correct_payment(wrong, amount=5_000, recorded_by=BY, note="thừa một số 0")
    [row] = queries.months_of_person(student, m(2026, 2), m(2026, 2))
    assert (row.paid, row.shortfall) == (5_000, 0)
    assert DuesPayment.objects.count() == 2
    with pytest.raises(DuesRefused, match="lý do"):
        services.withdraw_payment(wrong, recorded_by=BY, note="")
    with transaction.atomic(), pytest.raises(DatabaseError):
        DuesPayment.objects.filter(pk=wrong.pk).update(amount=1)  # append-only


def test_payment_is_refused_outside_membership_and_at_a_committee(tree: testing.Tree) -> None:
    student = member(tree)
    with pytest.raises(DuesRefused, match="không là đảng viên"):
        services.record_payment(
            testing.person("Quàng Văn Ngoài"),
            month=m(2026, 5),
            amount=5_000,
            paid_on=m(2026, 5),
            organization=tree.cell_a,
            recorded_by=BY,
        )
    with pytest.raises(DuesRefused, match="chi bộ"):
        services.record_payment(
            student,
            month=m(2026, 5),
            amount=5_000,
            paid_on=m(2026, 5),
            organization=tree.commune,
            recorded_by=BY,
        )


def test_relief_decided_by_the_upper_committee_for_a_subordinate_cell(tree: testing.Tree) -> None:
    """QĐ 01 (RULES §4.1 [V] rates, [P] who decides): Chi bộ bản Na Ten is a subordinate cell, so the
    commune committee decides. 50% of 12.420 đ = 6.210 đ for 03–08/2026."""
    farmer = member(tree)
    services.record_basis(farmer, from_month=m(2025, 1), category="farmer", region=3, recorded_by=BY)
    kwargs = {"ground": "hardship", "percent": 50, "first_month": m(2026, 3), "last_month": m(2026, 8)}
    with pytest.raises(RuleViolation) as refused:
        services.record_relief(farmer, decided_by=tree.cell_a, legal_basis=DECISION, recorded_by=BY, **kwargs)  # type: ignore[arg-type]
    assert refused.value.code == "dues.01.relief_decider"
    services.record_relief(farmer, decided_by=tree.commune, legal_basis=DECISION, recorded_by=BY, **kwargs)  # type: ignore[arg-type]
    assert queries.due_for(farmer, m(2026, 3)).amount == 6_210
    assert queries.due_for(farmer, m(2026, 9)).amount == 12_420
    assert "quyết định 05-QĐ/ĐU ngày 02/03/2026" in queries.due_for(farmer, m(2026, 3)).explanation
    with pytest.raises(RuleViolation) as refused:
        services.record_relief(
            farmer,
            ground="hardship",
            percent=50,
            first_month=m(2026, 3),
            last_month=m(2027, 6),
            decided_by=tree.commune,
            legal_basis=DECISION,
            recorded_by=BY,
        )
    assert refused.value.code == "dues.01.reduction"  # 16 months > 12


def test_fifty_years_of_party_age_exempts_from_february_2026(tree: testing.Tree) -> None:
    """QĐ 01 (RULES §4.1 [V]) exempts ≥ 50 years of party age; QĐ 342 did not (§4.2). Admitted
    01/06/1975 (a cell founded in 1970), official since: 50 years on 01/06/2025. 01/2026 pays 0,5% of a
    4.000.000 đ pension = 20.000 đ; 02/2026 is exempt, and shows in the exempt figure."""
    province = testing.found("C", "Tỉnh ủy Cũ", OrgKind.PROVINCE, None, on=date(1970, 1, 1))
    cell = testing.found("C.1", "Chi bộ Cũ", OrgKind.GRASSROOTS_CELL, province, on=date(1970, 1, 1))
    veteran = testing.person("Lường Văn Cả", birth_date=date(1950, 1, 1))
    testing.admit(veteran, cell, date(1975, 6, 1))
    services.record_basis(
        veteran, from_month=m(2015, 1), category="pensioner", amount=4_000_000, recorded_by=BY
    )
    assert queries.due_for(veteran, m(2026, 1)).amount == 20_000
    february = queries.due_for(veteran, m(2026, 2))
    assert (february.amount, february.rule) == (0, rules.EXEMPT_50_YEARS_01)
    exempt, rows = figures.exempt_members(province, Period(m(2026, 1), m(2026, 4)))
    assert exempt.person_ids == {veteran.pk}
    assert [row.month for row in rows] == [m(2026, 2), m(2026, 3)]


def test_collection_figure(tree: testing.Tree) -> None:
    """Due vs collected under the province for 02–03/2026: two students (5.000 đ each a month, QĐ 01
    [V]) → due 20.000 đ; one paid both months and 5.000 đ extra (voluntary, §4.1 [V]) → collected
    15.000 đ, 75%; the other is in arrears 10.000 đ. A member without a basis is counted apart."""
    payer = member(tree, "A", birth_date=date(2005, 1, 1))
    debtor = member(tree, "B", birth_date=date(2005, 1, 1))
    unknown = member(tree, "C")
    for who in (payer, debtor):
        services.record_basis(who, from_month=m(2026, 2), category="student", recorded_by=BY)
    services.record_payment(
        payer, month=m(2026, 2), amount=10_000, paid_on=m(2026, 2), organization=tree.cell_a, recorded_by=BY
    )
    services.record_payment(
        payer, month=m(2026, 3), amount=5_000, paid_on=m(2026, 3), organization=tree.cell_a, recorded_by=BY
    )
    figure = figures.dues_collection(tree.province, Period(m(2026, 2), m(2026, 4)), as_of=date(2026, 4, 10))
    assert (figure.due, figure.collected, figure.paid_toward_due, figure.shortfall) == (
        20_000,
        15_000,
        10_000,
        10_000,
    )
    assert figure.collected_share == 0.75
    assert figure.liable.person_ids == {payer.pk, debtor.pk, unknown.pk}
    assert figure.in_arrears.person_ids == {debtor.pk}
    assert figure.not_computed.person_ids == {unknown.pk}
    people, rows = figures.members_in_arrears(
        tree.province, Period(m(2026, 2), m(2026, 4)), as_of=date(2026, 4, 10)
    )
    assert people.value == 1 and rows[0].shortfall == 10_000


def test_member_who_left_mid_month_owes_that_month(tree: testing.Tree) -> None:
    """[U] RULES.md §9 item 10 interpretation: a member on any day of the month owes it, to the
    organization holding them on the last such day."""
    student = member(tree, birth_date=date(2005, 1, 1))
    services.record_basis(student, from_month=m(2026, 2), category="student", recorded_by=BY)
    testing.record(student, EventKind.DIED, date(2026, 4, 10))
    months = [row.month for row in queries.months_of_person(student, m(2026, 2), m(2026, 6))]
    assert months == [m(2026, 2), m(2026, 3), m(2026, 4)]


def test_a_basis_in_bulk_is_refused_past_membership_as_one_at_a_time(tree: testing.Tree) -> None:
    """A student who died on 10/04/2026 is a member in 04/2026 and in no month after: a basis from
    04/2026 is taken, one from 05/2026 is refused by record_basis and by record_bases_bulk alike (the
    demo wrote such bases in bulk, and its own export did not load back), and nothing of the refused
    batch is written."""
    from partyorg.dues.models import DuesBasis

    student = member(tree, birth_date=date(2005, 1, 1))
    testing.record(student, EventKind.DIED, date(2026, 4, 10))
    with pytest.raises(DuesRefused, match="không là đảng viên từ tháng 05/2026"):
        services.record_basis(student, from_month=m(2026, 5), category="student", recorded_by=BY)
    late = [
        services.BasisRow(student.pk, m(2026, 4), "student"),
        services.BasisRow(student.pk, m(2026, 5), "student"),
    ]
    with pytest.raises(DuesRefused, match=f"Người {student.pk}: không là đảng viên từ tháng 05/2026"):
        services.record_bases_bulk(late, recorded_by=BY)
    assert not DuesBasis.objects.exists()
    assert services.record_bases_bulk(late[:1], recorded_by=BY) == 1
