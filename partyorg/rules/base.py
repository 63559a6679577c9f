"""The vocabulary every rule module shares: where a rule comes from, and how it refuses.

A rule is a pure function of dates and values. It never queries the database. When it refuses, it
raises :class:`RuleViolation`, whose Vietnamese message names the rule and its source document, so
an officer can look the text up. ``[P]`` and ``[U]`` rules (partial or unverified sources, see
``shared/domain/RULES.md``) read their numbers from :mod:`partyorg.rules.config` so a deployment
can change them without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _

from partyorg.core.records import Refused


class Confidence(StrEnum):
    """How sure RULES.md is of a rule: the tag it carries there."""

    VERIFIED = "V"
    PARTIAL = "P"
    UNVERIFIED = "U"


@dataclass(frozen=True)
class Source:
    """A document a rule comes from: number, date and issuer, because numbers restart each term."""

    document: str  # "Quy định 24-QĐ/TW"
    signed_on: date | None
    issuer: str  # "Ban Chấp hành Trung ương"
    section: str = ""  # "§4.5.1"
    rules_md: str = ""  # where shared/domain/RULES.md discusses it: "§2.4"

    @property
    def citation(self) -> str:
        signed = f" ngày {self.signed_on:%d/%m/%Y}" if self.signed_on else ""
        section = f", {self.section}" if self.section else ""
        return f"{self.document}{signed}{section}"


@dataclass(frozen=True)
class Rule:
    """One rule of the Statute or its guidance, with the period it was in force."""

    code: str  # stable identifier, e.g. "probation.length"
    title: str  # Vietnamese, shown to officers
    source: Source
    confidence: Confidence
    valid_from: date | None = None
    valid_until: date | None = None  # the first day it no longer applies (exclusive, as everywhere)

    def in_force_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on < self.valid_until
        )

    def known_on(self, on: date) -> bool:
        """In force on ``on`` *and* resting on a document signed by then. Older history is not
        judged by a text that did not exist yet: RULES.md lists no earlier source for it."""
        signed = self.source.signed_on
        return self.in_force_on(on) and (signed is None or signed <= on)

    @property
    def citation(self) -> str:
        return f"{self.title} — {self.source.citation} [{self.confidence.value}]"


class RuleViolation(Refused):
    """A rule refused a value. ``message`` is Vietnamese and complete; ``rule`` says which rule, and
    ``code`` is its code (what an :class:`~partyorg.core.records.Override` must name to pass it)."""

    def __init__(self, rule: Rule, message: str) -> None:
        # The citation names documents and stays as written; the frame around it is translated.
        framed = _("%(message)s (Căn cứ: %(citation)s)") % {"message": message, "citation": rule.citation}
        super().__init__(framed, code=rule.code)
        self.rule = rule
        self.message = message
