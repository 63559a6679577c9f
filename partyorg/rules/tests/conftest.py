"""Every rules test starts from the shipped defaults of partyorg.rules.config and cadre_config."""

from collections.abc import Iterator

import pytest

from partyorg.rules import cadre_config, config


@pytest.fixture(autouse=True)
def _shipped_defaults() -> Iterator[None]:
    config.reset()
    cadre_config.reset()
    yield
    config.reset()
    cadre_config.reset()
