"""Party dues: RULES.md §4.1 (Quy định 01-QĐ/TW, 03/02/2026, from 01/02/2026), §4.2 (Quyết định
342-QĐ/TW, 28/12/2010, 01/04/2011 – 31/01/2026) and the non-payment ground of §2.9.

Every amount below is worked by hand from the rate RULES.md gives and the base written next to it;
the regional minimum wage is the [U] table of ``dues_config`` (NĐ 293/2025 amounts, set explicitly).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from partyorg.rules import dues, dues_config
from partyorg.rules.base import Rule, RuleViolation
from partyorg.rules.dues import Basis, MemberFacts, Relief, monthly_due

NĐ_293 = ((date(2026, 1, 1), (5_310_000, 4_730_000, 4_140_000, 3_700_000)),)
MAN_45 = MemberFacts(birth_date=date(1980, 5, 17), sex="male")
WOMAN_65 = MemberFacts(birth_date=date(1960, 3, 10), sex="female")


@pytest.fixture(autouse=True)
def _tables() -> Iterator[None]:
    dues_config.configure(regional_minimum_wage=NĐ_293)
    yield
    dues_config.reset()


def m(year: int, month: int) -> date:
    return date(year, month, 1)


# -- the regimes, by the month's date -------------------------------------------------------------


def test_regime_is_chosen_by_the_month() -> None:
    """RULES.md §0.1, §4.1, §4.2: QĐ 342 from 01/04/2011 to 31/01/2026, QĐ 01-QĐ/TW from 01/02/2026."""
    assert dues.regime_for(m(2011, 4)) is dues.REGIME_342
    assert dues.regime_for(m(2026, 1)) is dues.REGIME_342
    assert dues.regime_for(date(2026, 1, 31)) is dues.REGIME_342
    assert dues.regime_for(m(2026, 2)) is dues.REGIME_01
    assert dues.regime_for(m(2028, 1)) is dues.REGIME_01
    with pytest.raises(RuleViolation) as refused:
        dues.regime_for(m(2011, 3))  # QĐ 09-QĐ/TW (2001): rates not in RULES.md
    assert refused.value.code == "dues.regime_09_2001"


# -- the done-when examples: both sides of 01/02/2026 and of 01/01/2028 ------------------------------


def test_farmer_across_both_boundaries() -> None:
    """A farmer in region III, 45 years old (below retirement age), no pension, no insurance.

    01/2026, QĐ 342 (RULES §4.2 [P]): fixed amount for farmers, default 2.000 đ (the lower end of
    "2.000 to 30.000 VND by category"). 02/2026, QĐ 01 (RULES §4.1 [V]): 0,3% × 4.140.000 = 12.420 đ.
    12/2027: still 0,3% → 12.420 đ. 01/2028: the step to 0,5% × 4.140.000 = 20.700 đ.
    """
    farmer = Basis(dues.FARMER, region=3)
    january = monthly_due(m(2026, 1), farmer, MAN_45)
    assert (january.amount, january.rule) == (2_000, dues.FIXED_342)
    february = monthly_due(m(2026, 2), farmer, MAN_45)
    assert (february.amount, february.rule, february.rate) == (12_420, dues.WORKING_AGE_2026, Decimal("0.3"))
    assert february.base == 4_140_000
    december = monthly_due(m(2027, 12), farmer, MAN_45)
    assert (december.amount, december.rule) == (12_420, dues.WORKING_AGE_2026)
    step = monthly_due(m(2028, 1), farmer, MAN_45)
    assert (step.amount, step.rule, step.rate) == (20_700, dues.WORKING_AGE_2028, Decimal("0.5"))
    assert "0,5% × 4.140.000 đ" in step.explanation
    assert "Quy định 01-QĐ/TW" in step.explanation


def test_retired_other_member_across_both_boundaries() -> None:
    """A woman of 65 (past retirement age: 57 in 2026 on the [U] Labour Code table), region I, no pension.

    01/2026, QĐ 342 [P]: 2.000 đ × 50% (past working age) = 1.000 đ. 02/2026, QĐ 01 [V]: 0,2% × 5.310.000
    = 10.620 đ. 12/2027: 10.620 đ. 01/2028: 0,3% × 5.310.000 = 15.930 đ.
    """
    other = Basis(dues.OTHER, region=1)
    assert monthly_due(m(2026, 1), other, WOMAN_65).amount == 1_000
    assert monthly_due(m(2026, 2), other, WOMAN_65).amount == 10_620
    assert monthly_due(m(2027, 12), other, WOMAN_65).rule is dues.RETIRED_2026
    january_2028 = monthly_due(m(2028, 1), other, WOMAN_65)
    assert (january_2028.amount, january_2028.rule) == (15_930, dues.RETIRED_2028)


def test_salaried_member_takes_the_previous_months_salary_from_february_2026() -> None:
    """A civil servant: salary 8.000.000 đ until 01/2026, 9.000.000 đ from 02/2026.

    01/2026, QĐ 342 [V]: 1% of the month's salary = 80.000 đ. 02/2026, QĐ 01 [V]: 1% of the insured
    salary of the *previous* month (01/2026: 8.000.000) = 80.000 đ, not 90.000. 03/2026: 90.000 đ.
    The 01/01/2028 step touches only the minimum-wage categories: 12/2027 and 01/2028 are both 90.000 đ.
    """
    old = Basis(dues.CIVIL_SERVANT, amount=8_000_000, from_month=m(2025, 1))
    new = Basis(dues.CIVIL_SERVANT, amount=9_000_000, from_month=m(2026, 2))
    facts = MemberFacts(birth_date=date(1985, 1, 1), sex="female")
    january = monthly_due(m(2026, 1), old, facts, previous=old)
    assert (january.amount, january.rule) == (80_000, dues.SALARY_342)
    february = monthly_due(m(2026, 2), new, facts, previous=old)
    assert (february.amount, february.rule, february.base) == (80_000, dues.INSURED_01, 8_000_000)
    assert "tháng 01/2026" in february.base_label
    assert monthly_due(m(2026, 3), new, facts, previous=new).amount == 90_000
    assert monthly_due(m(2027, 12), new, facts, previous=new).amount == 90_000
    assert monthly_due(m(2028, 1), new, facts, previous=new).amount == 90_000


def test_newly_insured_member_falls_back_to_this_months_salary() -> None:
    """QĐ 01 [V] takes last month's insured salary; a member who was a student last month has none.
    [U] interpretation: this month's salary (6.500.000 × 1% = 65.000 đ), said in the explanation."""
    due = monthly_due(
        m(2026, 9),
        Basis(dues.ENTERPRISE, amount=6_500_000),
        MAN_45,
        previous=Basis(dues.STUDENT),
    )
    assert due.amount == 65_000
    assert dues.PREVIOUS_MONTH_FALLBACK_01 in due.rules
    assert "chưa có tiền lương đóng BHXH" in due.explanation


# -- the other categories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "basis", "amount", "rule"),
    [
        pytest.param(
            m(2020, 6), Basis(dues.PENSIONER, 6_000_000), 30_000, dues.PENSION_342, id="342: 0,5% pension"
        ),
        pytest.param(
            m(2026, 6), Basis(dues.PENSIONER, 6_000_000), 30_000, dues.PENSION_01, id="01: 0,5% pension"
        ),
        pytest.param(m(2020, 6), Basis(dues.STUDENT), 2_000, dues.FIXED_342, id="342 [P]: student default"),
        pytest.param(m(2026, 6), Basis(dues.STUDENT), 5_000, dues.STUDENT_01, id="01: student 5.000 đ"),
        pytest.param(
            m(2026, 6),
            Basis(dues.SICK_MATERNITY, 6_000_000),
            60_000,
            dues.SICK_MATERNITY_01,
            id="01: 1% benefit",
        ),
        pytest.param(
            m(2015, 3), Basis(dues.ENTERPRISE, 7_000_000), 70_000, dues.ENTERPRISE_342, id="342: 1% wage"
        ),
        pytest.param(
            m(2026, 6), Basis(dues.ABROAD, 50_000), 50_000, dues.ABROAD_01, id="01 [U]: abroad, set amount"
        ),
    ],
)
def test_rates_by_category(month: date, basis: Basis, amount: int, rule: object) -> None:
    """RULES.md §4.1 and §4.2: each category's rate on a hand-picked base."""
    due = monthly_due(month, basis, MAN_45, previous=basis)
    assert (due.amount, due.rule) == (amount, rule)


def test_fixed_342_amounts_are_configurable() -> None:
    """RULES.md §4.2 [P]: the province's own amount within 2.000–30.000 đ."""
    dues_config.configure(fixed_342_vnd=(("farmer", 10_000), ("student", 3_000), ("other", 5_000)))
    assert monthly_due(m(2019, 5), Basis(dues.FARMER), MAN_45).amount == 10_000
    assert monthly_due(m(2019, 5), Basis(dues.FARMER), WOMAN_65).amount == 5_000  # 50% past working age


def test_missing_region_or_amount_is_refused_with_a_message() -> None:
    """QĐ 01 [V]: % of the regional minimum wage of the place of attendance — the region is needed."""
    with pytest.raises(RuleViolation) as refused:
        monthly_due(m(2026, 3), Basis(dues.FARMER), MAN_45)
    assert "vùng lương tối thiểu" in refused.value.message
    with pytest.raises(RuleViolation) as refused:
        monthly_due(m(2026, 3), Basis(dues.PENSIONER), MAN_45)
    assert "mức lương hưu" in refused.value.message
    with pytest.raises(RuleViolation):
        monthly_due(m(2026, 3), None, MAN_45)


def test_rounding_is_configurable() -> None:
    """RULES.md is silent on rounding ([U]): half up to the đồng by default.
    0,5% × 5.432.150 = 27.160,75 → 27.161 đ; to the thousand → 27.000 đ."""
    pension = Basis(dues.PENSIONER, 5_432_150)
    assert monthly_due(m(2026, 4), pension, MAN_45).amount == 27_161
    dues_config.configure(rounding_vnd=1_000)
    assert monthly_due(m(2026, 4), pension, MAN_45).amount == 27_000


def test_retirement_age_table() -> None:
    """[U] table (Labour Code 2019 Art. 169, not in RULES.md §2.8): 2026 men 61y6m (738 months), women 57y."""
    assert dues.retirement_age_months("male", 2026) == 738
    assert dues.retirement_age_months("female", 2026) == 684
    assert dues.retirement_age_months("male", 2030) == 744
    assert dues.retirement_age_months("female", 2019) == 660
    # Born 15/06/1964, 2025 needs 735 months (61y3m): 732 on 30/06/2025 (no), 738 on 31/12/2025 (yes).
    assert dues.reached_retirement_age(date(1964, 6, 15), "male", m(2025, 12))
    assert not dues.reached_retirement_age(date(1964, 6, 15), "male", m(2025, 6))


# -- exemptions and reductions ----------------------------------------------------------------------


def test_fifty_years_of_party_age_exempts_from_february_2026_only() -> None:
    """QĐ 01 (RULES §4.1 [V]): ≥ 50 years of party age is exempt; QĐ 342 (§4.2) has no such exemption.
    Decision 14/02/1976, no gap: 50 years on 14/02/2026 (RULES §2.4). 01/2026 pays 0,5% × 6.000.000
    = 30.000 đ; 02/2026 (the anniversary's month, [U] default) is exempt."""
    reached = dues.fifty_years_on(date(1976, 2, 14), [])
    assert reached == date(2026, 2, 14)
    veteran = MemberFacts(birth_date=date(1950, 1, 1), sex="male", fifty_years_on=reached)
    pension = Basis(dues.PENSIONER, 6_000_000)
    assert monthly_due(m(2026, 1), pension, veteran).amount == 30_000
    february = monthly_due(m(2026, 2), pension, veteran)
    assert (february.amount, february.rule, february.exempt) == (0, dues.EXEMPT_50_YEARS_01, True)
    assert "14/02/2026" in february.explanation
    dues_config.configure(exempt_from_month_after_50_years=True)
    assert monthly_due(m(2026, 2), pension, veteran).amount == 30_000
    assert monthly_due(m(2026, 3), pension, veteran).amount == 0


def test_fifty_years_counts_net_party_age_and_official_members_only() -> None:
    """RULES §2.4: gaps delay the anniversary; party age only counts for official members."""
    reached = dues.fifty_years_on(date(1976, 2, 14), [(date(1990, 1, 1), date(1991, 1, 1))])
    assert reached == date(2027, 2, 14)
    probationary = MemberFacts(
        birth_date=date(1950, 1, 1), sex="male", official=False, fifty_years_on=reached
    )
    assert monthly_due(m(2027, 6), Basis(dues.STUDENT), probationary).amount == 5_000


def test_reduction_applies_to_the_computed_amount() -> None:
    """QĐ 01 [V]: hardship reduction 30/50/70%. 50% of 0,3% × 4.140.000 (12.420) = 6.210 đ; a social
    pension allowance exempts (0 đ)."""
    farmer = Basis(dues.FARMER, region=3)
    half = monthly_due(m(2026, 5), farmer, MAN_45, relief=Relief(50, dues.HARDSHIP))
    assert (half.amount, half.relief_rule) == (6_210, dues.REDUCTION_01)
    assert "giảm 50%" in half.explanation
    exempt = monthly_due(m(2026, 5), farmer, MAN_45, relief=Relief(100, dues.SOCIAL_PENSION))
    assert (exempt.amount, exempt.exempt, exempt.relief_rule) == (0, True, dues.EXEMPT_ON_APPLICATION_01)


@pytest.mark.parametrize(
    ("ground", "percent", "first", "last", "code"),
    [
        pytest.param(dues.HARDSHIP, 50, m(2026, 3), m(2027, 2), None, id="QĐ 01: 12 months"),
        pytest.param(dues.HARDSHIP, 50, m(2026, 3), m(2027, 3), "dues.01.reduction", id="QĐ 01: 13 months"),
        pytest.param(
            dues.HARDSHIP, 40, m(2026, 3), m(2026, 8), "dues.01.reduction", id="QĐ 01: 40% not allowed"
        ),
        pytest.param(dues.HARDSHIP, 70, m(2026, 3), None, "dues.01.reduction", id="QĐ 01: no end month"),
        pytest.param(dues.POOR_HOUSEHOLD, 100, m(2026, 3), None, None, id="QĐ 01: poor household, open"),
        pytest.param(
            dues.SERIOUS_ILLNESS,
            50,
            m(2026, 3),
            None,
            "dues.01.exempt_on_application",
            id="QĐ 01: illness=100%",
        ),
        pytest.param(dues.HARDSHIP, 40, m(2024, 1), m(2025, 12), None, id="QĐ 342 [U]: as decided"),
        pytest.param(dues.HARDSHIP, 50, m(2025, 9), m(2026, 3), "dues.342.relief", id="across 01/02/2026"),
    ],
)
def test_check_relief(ground: str, percent: int, first: date, last: date | None, code: str | None) -> None:
    """RULES.md §4.1 [V] (QĐ 01) and §4.2 (QĐ 342: no text, [U])."""
    if code is None:
        dues.check_relief(ground, percent, first, last)
    else:
        with pytest.raises(RuleViolation) as refused:
            dues.check_relief(ground, percent, first, last)
        assert refused.value.code == code


def test_relief_decider() -> None:
    """RULES.md §4.1 [P]: the upper committee decides for a subordinate cell; a grassroots cell itself."""
    dues.check_relief_decider(m(2026, 3), member_cell_is_grassroots=False, decider="superior")
    dues.check_relief_decider(m(2026, 3), member_cell_is_grassroots=True, decider="self")
    with pytest.raises(RuleViolation) as refused:
        dues.check_relief_decider(m(2026, 3), member_cell_is_grassroots=False, decider="self")
    assert (
        refused.value.message
        == "Miễn, giảm đảng phí cho đảng viên của chi bộ này do cấp ủy cấp trên quyết định."
    )
    dues.check_relief_decider(
        m(2025, 3), member_cell_is_grassroots=False, decider="self"
    )  # QĐ 342: unchecked
    dues_config.configure(check_relief_decider=False)
    dues.check_relief_decider(m(2026, 3), member_cell_is_grassroots=False, decider="other")


# -- non-payment ----------------------------------------------------------------------------------


def test_three_unpaid_months_in_a_year_warn() -> None:
    """RULES.md §2.9 and §4.1 [V]: "không đóng đảng phí ba tháng trong năm" → removal considered;
    [U] §2.9 (a): distinct months of the calendar year, not necessarily consecutive."""
    dues.check_non_payment(2026, [2, 7])
    with pytest.raises(RuleViolation) as warned:
        dues.check_non_payment(2026, [2, 7, 11])
    assert warned.value.code == "dues.01.non_payment_removal"
    assert "3 tháng trong năm 2026 (tháng 02, 07, 11)" in warned.value.message
    with pytest.raises(RuleViolation) as warned:
        dues.check_non_payment(2024, [1, 2, 3])
    assert warned.value.code == "dues.non_payment_removal"  # Charter Art. 8 / QĐ 29 §8.1 before 2026
    dues_config.configure(non_payment_warning_consecutive_months=True)
    dues.check_non_payment(2026, [2, 7, 11])
    with pytest.raises(RuleViolation):
        dues.check_non_payment(2026, [6, 7, 8])


def test_every_dues_rule_cites_rules_md() -> None:
    """Each rule names its document and a RULES.md section."""
    rules = [value for value in vars(dues).values() if isinstance(value, Rule)]
    assert len(rules) > 20
    for rule in rules:
        assert rule.source.rules_md.startswith("§"), rule.code
        assert rule.source.document, rule.code
