"""What a server process does once, before its first request.

``settle()`` imports every view (through the URL configuration) and then moves every object alive
at that moment out of the garbage collector's reach (``gc.freeze``). Without it, a full collection
every so often walks all of Django's and partyorg's module objects again: measured on the demo
province, one request in twenty to the province dashboard took about twice the median (p95 143 ms
for a median of 80 ms); with it, p95 81 ms for a median of 78 ms. ``partyorg/wsgi.py`` calls it, so
``runserver``, ``partyorg demo`` and a production WSGI server all run settled; the page benchmark
calls it too, to time what they serve.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration and every view
    gc.collect()
    gc.freeze()
