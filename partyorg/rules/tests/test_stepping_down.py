"""Temporary suspension and the handling of stepping down, resignation and dismissal: RULES.md §11.7,
§11.14 (QĐ 148, QĐ 377, ND 116/2024). The windows below hold no public holiday, so the working days are
the weekdays."""

from datetime import date

from partyorg.rules import cadre_config
from partyorg.rules.stepping_down import dismissal_timeline, suspension_until


def test_a_suspension_lasts_15_working_days_extendable_by_15() -> None:
    """QĐ 148 [V] (RULES.md §11.7): from Monday 03/06/2024, three weeks of weekdays end on Friday
    21/06/2024; extended, six weeks end on Friday 12/07/2024."""
    period = suspension_until(date(2024, 6, 3))
    assert period is not None and (period.last_day, period.rule.code) == (
        date(2024, 6, 21),
        "stepping_down.suspension_148",
    )
    extended = suspension_until(date(2024, 6, 3), extended=True)
    assert extended is not None and extended.last_day == date(2024, 7, 12)
    assert suspension_until(date(2023, 6, 5)) is None  # before QĐ 148


def test_after_377_and_for_civil_servants() -> None:
    """QĐ 377 [P] (same numbers) and ND 116/2024 [V] (civil servants, ≤ 15 working days, no extension):
    from Monday 02/03/2026 to Friday 20/03/2026."""
    period = suspension_until(date(2026, 3, 2))
    assert period is not None and (period.last_day, period.rule.code) == (
        date(2026, 3, 20),
        "stepping_down.suspension_377",
    )
    civil = suspension_until(date(2026, 3, 2), extended=True, civil_servant=True)
    assert civil is not None and (civil.last_day, civil.rule.code) == (
        date(2026, 3, 20),
        "stepping_down.suspension_civil_servant",
    )


def test_the_serious_case_length_is_a_setting() -> None:
    """[U] RULES.md §11.16 #4: no end by default; 30 working days set: from 02/03/2026 to 10/04/2026."""
    assert suspension_until(date(2026, 3, 2), serious=True) is None
    cadre_config.configure(suspension_serious_working_days=30)
    period = suspension_until(date(2026, 3, 2), serious=True)
    assert period is not None and (period.last_day, period.rule.code) == (
        date(2026, 4, 10),
        "stepping_down.suspension_serious",
    )


def test_stepping_down_is_proposed_in_10_and_decided_in_10_to_15_working_days() -> None:
    """QĐ 377 [V] (RULES.md §11.7, §11.14): grounds sufficient on Monday 02/03/2026 → proposal by Monday
    16/03, decision by Monday 30/03, at most Monday 06/04/2026; nothing before QĐ 377."""
    timeline = dismissal_timeline(date(2026, 3, 2))
    assert timeline is not None
    assert (timeline.propose_by, timeline.decide_by, timeline.decide_by_at_most) == (
        date(2026, 3, 16),
        date(2026, 3, 30),
        date(2026, 4, 6),
    )
    assert timeline.rule.code == "stepping_down.timeline_377"
    assert dismissal_timeline(date(2025, 9, 1)) is None
