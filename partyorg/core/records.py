"""The vocabulary every record of partyorg shares, in one place.

- :class:`LegalBasis`: the decision a record rests on (number, date, issuer), and how it is spread
  into a record's ``basis_*`` fields and read back from them.
- :class:`Override`: an officer's explicit decision to record something a rule refuses, with a
  reason; :func:`overridable` runs a rule's check and lets only a matching override through.
- :class:`Refused`: the base of every refusal a service raises. Its message is Vietnamese and
  complete; ``code`` names the rule when a rule refused (an override may pass it) and is empty
  when nothing may pass it (a record outside the history, a duplicate…).

Plain Python, no database: the rules (:mod:`partyorg.rules`) raise :class:`Refused` too. The model
side of the same vocabulary (the ``basis_*``, ``recorded_*`` fields, ``in_force()``) is in
:mod:`partyorg.core.models`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["LegalBasis", "Override", "Refused", "overridable"]


@dataclass(frozen=True)
class LegalBasis:
    """The decision a record rests on: number + date + issuer, because numbers restart each term."""

    number: str = ""
    issued_on: date | None = None
    issuer: str = ""

    def as_fields(self) -> dict[str, Any]:
        """The ``basis_*`` fields of a record (model or interchange record) carrying this basis."""
        return {"basis_number": self.number, "basis_date": self.issued_on, "basis_issuer": self.issuer}

    @classmethod
    def of(cls, record: Any) -> LegalBasis:
        """The basis a record (model row or interchange record) carries in its ``basis_*`` fields."""
        return cls(record.basis_number, record.basis_date, record.basis_issuer)


@dataclass(frozen=True)
class Override:
    """An officer's explicit decision to record something although ``rule`` refuses it."""

    rule: str  # the rule's code, e.g. "admission.ceremony_deadline"
    reason: str

    def as_fields(self) -> dict[str, str]:
        return {"override_rule": self.rule, "override_reason": self.reason}

    @staticmethod
    def fields_of(override: Override | None) -> dict[str, str]:
        """The ``override_*`` fields of a row written with ``override`` (empty without one)."""
        return override.as_fields() if override else {"override_rule": "", "override_reason": ""}

    @classmethod
    def of(cls, record: Any) -> Override | None:
        """The override a record carries in its ``override_*`` fields; None when it carries none."""
        return cls(record.override_rule, record.override_reason) if record.override_rule else None


class Refused(Exception):
    """A command refused what it was asked to record; nothing was written.

    ``message`` is Vietnamese and complete. ``code`` is the refusing rule's code when a rule of
    :mod:`partyorg.rules` refused (an :class:`Override` naming it may pass), empty otherwise.
    """

    code: str = ""

    def __init__(self, message: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


def overridable(check: Callable[[], object], override: Override | None) -> str:
    """Run a rule's check; a refusal passes only with an override naming its rule and giving a reason.

    Returns the code of the rule the override passed ("" when the check passed by itself), so the
    caller keeps the override only when a rule needed it.
    """
    try:
        check()
    except Refused as refused:
        passes = override is not None and override.rule == refused.code and override.reason.strip()
        if not refused.code or not passes:
            raise
        return refused.code
    return ""
