"""Every rules test starts from the shipped defaults of partyorg.rules.config."""

from collections.abc import Iterator

import pytest

from partyorg.rules import config


@pytest.fixture(autouse=True)
def _shipped_defaults() -> Iterator[None]:
    config.reset()
    yield
    config.reset()
