"""``core.runtime.settle``: what the WSGI module does before the first request."""

import gc
import sys

from partyorg.core.runtime import settle


def test_settle_imports_the_views_and_freezes_what_is_alive() -> None:
    gc.unfreeze()
    try:
        settle()
        assert "partyorg.web.views.dashboard" in sys.modules  # through the URL configuration
        assert gc.get_freeze_count() > 10_000  # Django's and partyorg's objects, out of the collector's way
    finally:
        gc.unfreeze()
