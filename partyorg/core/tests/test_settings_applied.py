"""A deployment corrects the [P]/[U] rule numbers in its settings; start-up applies them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import override_settings

from partyorg.rules import config, dues_config


@pytest.fixture
def restored() -> Iterator[None]:
    yield
    config.reset()
    dues_config.reset()


def test_dues_settings_reach_the_dues_rules(restored: None) -> None:
    """rules/dues_config.py: rounding is [U] (RULES.md is silent); a deployment sets it in PARTYORG_DUES."""
    assert dues_config.DEFAULTS.rounding_vnd == 1
    with override_settings(PARTYORG_DUES={"rounding_vnd": 1000}):
        apps.get_app_config("core").ready()
    assert dues_config.DEFAULTS.rounding_vnd == 1000


def test_rule_settings_reach_the_rules(restored: None) -> None:
    """rules/config.py: a [U] threshold (R6, unverified), set in PARTYORG_RULES."""
    with override_settings(PARTYORG_RULES={"rating_consecutive_not_fulfilled_years": 3}):
        apps.get_app_config("core").ready()
    assert config.DEFAULTS.rating_consecutive_not_fulfilled_years == 3
