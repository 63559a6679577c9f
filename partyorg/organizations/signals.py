"""Signals of the organizations app. Other apps keep their own derived rows current by listening,
so that organizations never depends on them."""

from django.dispatch import Signal

# Sent by ``services.rebuild_versions`` after the versions of some organizations (``org_ids``, or
# None for all) were rebuilt, inside the same transaction.
versions_rebuilt = Signal()
