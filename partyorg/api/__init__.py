"""The read-only REST API for integrators (django-ninja); see ``partyorg.api.routes``."""

from partyorg.api.routes import api

__all__ = ["api"]
