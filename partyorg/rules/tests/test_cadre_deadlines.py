"""A cadre's deadlines from their dates: RULES.md §11.14 (with §11.5, §11.8, §11.10)."""

from datetime import date

from partyorg.rules import cadre_config
from partyorg.rules.cadre_deadlines import (
    CadreFacts,
    CommitmentFacts,
    PlanningFacts,
    PostFacts,
    cadre_deadlines,
    service_commitment_until,
)
from partyorg.rules.retirement import FEMALE, MALE

PCT_NA_TAU = "Phó Chủ tịch UBND xã Nà Tấu"


def test_a_civil_servant_near_retirement() -> None:
    """A man born 10/1964 retires at the end of 30/04/2026 (ND 135, RULES.md §11.10). Appointed
    01/03/2021 for 5 years ([P] §11.5), his term ends on 28/02/2026; with one month left then, the post is
    extended to retirement (ND 115 Art. 49, [P] for civil servants, §11.14); a state post is notified 90
    days before its last day: 30/11/2025 (§11.14). On 01/06/2025 the 12-month alert (01/04/2025) has
    passed; the 6-month one (01/10/2025) stands."""
    facts = CadreFacts(
        date(1964, 10, 17),
        MALE,
        posts=[PostFacts(PCT_NA_TAU, date(2021, 3, 1), state_post=True, category="civil_servant")],
    )
    found = cadre_deadlines(facts, date(2025, 6, 1))
    assert [(d.code, d.due_on, d.rule.code) for d in found] == [
        ("retirement_alert", date(2025, 10, 1), "cadre_deadlines.retirement_alert"),
        ("reappointment_notice", date(2025, 11, 30), "appointment.reappointment_notice_days"),
        ("term_ending", date(2026, 2, 28), "appointment.term"),
        ("retirement", date(2026, 4, 30), "retirement.moment"),
    ]
    assert found[1].title == (
        "Thông báo trước khi hết thời hạn giữ chức vụ Phó Chủ tịch UBND xã Nà Tấu (còn 1 tháng đến nghỉ "
        "hưu): Kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu"
    )
    assert (
        found[3].title == "Nghỉ hưu hết ngày 30/04/2026 (61 tuổi 6 tháng); hưởng lương hưu từ ngày 01/05/2026"
    )
    assert not found[0].overdue(date(2025, 10, 1)) and found[0].overdue(date(2025, 10, 2))


def test_a_younger_party_cadre_within_two_years() -> None:
    """A woman born 05/1980 (retires at 60 in 05/2040, §11.10), on 01/12/2025, horizon 01/01/2028:
    - a party post held 01/09/2022 to 31/08/2027: QĐ 377 notice 90 working days before, Friday 23/04/2027
      (worked in test_appointment.py), re-appointment for 5 years (152 months left);
    - a course 15/09/2025–15/03/2026 (6 months) under ND 171: 3 × 6 = 18 months → free from 15/09/2027;
    - a reprimand effective 10/12/2025: a higher post from 10/12/2027 (QĐ 377 [P]);
    - planning (limit 31/05/2035), a master's course under ND 101 (to 2029) and retirement fall after the
      horizon."""
    facts = CadreFacts(
        date(1980, 5, 2),
        FEMALE,
        posts=[PostFacts("Phó Trưởng Ban Tổ chức Tỉnh ủy", date(2022, 9, 1), until=date(2027, 9, 1))],
        planning=[PlanningFacts("Trưởng Ban Tổ chức Tỉnh ủy", date(2025, 11, 15), date(2026, 1, 1))],
        commitments=[
            CommitmentFacts("Thạc sĩ Quản lý công", date(2023, 9, 1), date(2025, 9, 1)),
            CommitmentFacts("Bồi dưỡng sau đại học", date(2025, 9, 15), date(2026, 3, 15)),
        ],
        disciplines=[("reprimand", date(2025, 12, 10))],
    )
    found = cadre_deadlines(facts, date(2025, 12, 1), horizon=date(2028, 1, 1))
    assert [(d.code, d.due_on, d.rule.code) for d in found] == [
        ("reappointment_notice", date(2027, 4, 23), "appointment.reappointment_notice_377"),
        ("term_ending", date(2027, 8, 31), "appointment.term"),
        ("commitment_end", date(2027, 9, 14), "cadre_deadlines.commitment_171"),
        ("discipline_waiting_end", date(2027, 12, 10), "appointment.discipline_waiting"),
    ]
    assert "Bổ nhiệm lại (thời hạn 5 năm)" in found[0].title
    later = {d.code: d for d in cadre_deadlines(facts, date(2025, 12, 1))}
    assert later["planning_age_limit"].due_on == date(2035, 5, 31)
    assert later["planning_age_limit"].rule.code == "planning.age_377"
    assert later["retirement"].due_on == date(2040, 5, 31)


def test_an_elected_post_has_no_reappointment_notice_and_alerts_are_a_setting() -> None:
    """RULES.md §11.14: the notice is for appointed posts; retirement lead times are a choice (K15)."""
    cadre_config.configure(retirement_alert_months=[3])
    facts = CadreFacts(
        date(1964, 10, 17), MALE, posts=[PostFacts("Bí thư Đảng ủy xã", date(2021, 3, 1), appointed=False)]
    )
    codes = [(d.code, d.due_on) for d in cadre_deadlines(facts, date(2025, 6, 1))]
    assert codes == [
        ("retirement_alert", date(2026, 1, 1)),
        ("term_ending", date(2026, 2, 28)),
        ("retirement", date(2026, 4, 30)),
    ]


def test_service_commitment_after_postgraduate_training() -> None:
    """ND 101/2017 (2×) → ND 171/2025 (3×, from 01/07/2025) [V] (RULES.md §11.8), by the start of the
    training: 24 months 10 days from 01/09/2023 → 48 months 20 days after 11/09/2025 = 01/10/2029."""
    until, rule = service_commitment_until(date(2023, 9, 1), date(2025, 9, 11)) or (None, None)
    assert (until, rule.code if rule else None) == (date(2029, 10, 1), "cadre_deadlines.commitment_101")
    until, rule = service_commitment_until(date(2025, 9, 15), date(2026, 3, 15)) or (None, None)
    assert (until, rule.code if rule else None) == (date(2027, 9, 15), "cadre_deadlines.commitment_171")
    assert service_commitment_until(date(2016, 9, 1), date(2018, 9, 1)) is None


def test_a_deadlines_words_follow_the_language_of_whoever_reads_them(monkeypatch) -> None:
    """The title is built when read (STYLE.md: the locale, not the computation, chooses the words): the
    same deadline reads in English once the catalog has the entry and English is active."""
    from django.utils import translation
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog._catalogs[0]  # type: ignore[attr-defined]
    monkeypatch.setitem(
        catalog, "Còn %(months)s tháng đến tháng nghỉ hưu %(month)s", "%(months)s months to %(month)s"
    )
    facts = CadreFacts(date(1964, 10, 17), MALE)
    with translation.override("vi"):
        alert = cadre_deadlines(facts, date(2025, 6, 1))[0]
        assert alert.title == "Còn 6 tháng đến tháng nghỉ hưu 04/2026"
    with translation.override("en"):
        assert alert.title == "6 months to 04/2026"
