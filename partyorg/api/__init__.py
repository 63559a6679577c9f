"""The read-only REST API for integrators (django-ninja): the endpoints in ``partyorg.api.routes``
(served by ``partyorg/urls.py``), their answers in ``partyorg.api.answers``.

This package is imported while Django loads the apps, before any model may be; it imports nothing
itself, so ``routes`` and ``answers`` import the models and the scope at their top."""
