"""Dated rules of party organization work: pure functions of dates and values, no ORM.

Each module covers one topic of ``shared/domain/RULES.md`` and declares its rules as :class:`Rule`
constants (source document, section, confidence tag). :data:`ALL_RULES` collects them for the docs.
"""

from __future__ import annotations

from types import ModuleType

from partyorg.rules import (
    admission,
    appointment,
    badges,
    cadre_deadlines,
    calendar,
    committees,
    discipline,
    dues,
    meetings,
    opening,
    organization,
    party_age,
    planning,
    probation,
    ratings,
    readmission,
    recruitment,
    residence,
    retirement,
    state_ratings,
    stepping_down,
    training,
    transfers,
)
from partyorg.rules.base import Confidence, Rule, RuleViolation, Source


def _rules_of(module: ModuleType) -> tuple[Rule, ...]:
    # Every module-level Rule constant, in definition order.
    return tuple(value for value in vars(module).values() if isinstance(value, Rule))


ALL_RULES: tuple[Rule, ...] = tuple(
    rule
    for module in (
        organization,
        committees,
        admission,
        recruitment,
        probation,
        party_age,
        opening,
        badges,
        transfers,
        readmission,
        ratings,
        discipline,
        meetings,
        residence,
        dues,
        retirement,
        appointment,
        planning,
        state_ratings,
        cadre_deadlines,
        stepping_down,
        training,
    )
    for rule in _rules_of(module)
)

__all__ = [
    "ALL_RULES",
    "Confidence",
    "Rule",
    "RuleViolation",
    "Source",
    "admission",
    "appointment",
    "badges",
    "cadre_deadlines",
    "calendar",
    "committees",
    "discipline",
    "dues",
    "meetings",
    "opening",
    "organization",
    "party_age",
    "planning",
    "probation",
    "ratings",
    "readmission",
    "recruitment",
    "residence",
    "retirement",
    "state_ratings",
    "stepping_down",
    "training",
    "transfers",
]
