"""A report as sent beside today's figures for the same period, and the people behind the difference.

When an officer marks a form as sent (:func:`partyorg.reports.services.send_report`), partyorg keeps
its lines as they were printed. Records keep coming after that: a death recorded months late, an
admission whose date is corrected, a member's education entered. :func:`compare` prints the form
again for the same organization and period, sets each line beside the line sent, and lists every
person with a row recorded after the sending that can touch the period: an event or a dated fact
effective by the period's last day, or the correction of one that was. For each person it says what
was recorded, for which day, when and by whom: why last year's report and this year's "same
period last year" disagree.

Which people: those the organization's subtree held at some time of the period (from the opening
day), as their records stand today, and those whose late rows name an organization of it (a
corrected admission that moved someone out of the period is still found through the row it
corrected). The list may name a person whose late row changed no line (a badge recorded late, a
fact of a kind the form does not count): it shows every late row of the period, and the lines say
which figures moved.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_date
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, Person, PersonFact
from partyorg.organizations.queries import subtree_during
from partyorg.reports.documents import sheet_for
from partyorg.reports.documents.layout import display_value
from partyorg.reports.models import SentReport
from partyorg.reports.statistics.figures import Period

__all__ = ["Comparison", "LatePerson", "LateRow", "LineSide", "compare", "sent_for"]

Values = tuple[int | float | None, ...]


@dataclass(frozen=True)
class LineSide:
    """One line of the form: its values as sent and as printed today (None: the line is missing on
    that side, the form's layout changed)."""

    code: str
    label: str
    level: int
    sent: Values | None
    today: Values | None

    @property
    def differs(self) -> bool:
        return self.sent != self.today

    def pairs(self, columns: int) -> list[tuple[int | float | None, int | float | None]]:
        """(sent, today) for each of the form's ``columns`` value columns; None where a side has none."""
        sent, today = self.sent or (), self.today or ()
        return [
            (sent[i] if i < len(sent) else None, today[i] if i < len(today) else None) for i in range(columns)
        ]


@dataclass(frozen=True)
class LateRow:
    """A row recorded after the report was sent: what it says, for which day, when, by whom."""

    what: str
    effective_on: date | None
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class LatePerson:
    person_id: int
    code: str
    full_name: str
    rows: tuple[LateRow, ...]


@dataclass(frozen=True)
class Comparison:
    sent: SentReport
    headers: tuple[str, ...]
    formats: tuple[str, ...]  # each value column's number format, as the form prints it
    lines: tuple[LineSide, ...]
    people: tuple[LatePerson, ...]

    @property
    def period(self) -> Period:
        return Period.between(self.sent.first_day, self.sent.last_day)

    @property
    def changed_lines(self) -> tuple[LineSide, ...]:
        return tuple(line for line in self.lines if line.differs)

    def cells(self, line: LineSide) -> list[tuple[str, str]]:
        """(sent, today) of each value column of ``line`` as the form prints them
        (:func:`~partyorg.reports.documents.layout.display_value`); empty where a side has none."""
        return [
            (display_value(sent, number_format), display_value(today, number_format))
            for (sent, today), number_format in zip(line.pairs(len(self.formats)), self.formats, strict=True)
        ]


def sent_for(org_ids: frozenset[int] | set[int]) -> QuerySet[SentReport]:
    """The reports marked as sent by these organizations and not taken back, the latest first."""
    rows = SentReport.objects.in_force().filter(organization_id__in=org_ids)
    return rows.select_related("organization").order_by("-last_day", "-recorded_at")


def compare(sent: SentReport) -> Comparison:
    period = Period.between(sent.first_day, sent.last_day)
    today = sheet_for(sent.form, sent.organization, period)
    return Comparison(
        sent=sent,
        headers=tuple(today.headers),
        formats=tuple(today.formats),
        lines=_sides(sent.lines, [(ln.code, ln.label, tuple(ln.values), ln.level) for ln in today.lines]),
        people=_late_people(sent, period),
    )


TodayLine = tuple[str, str, Values, int]


def _sides(sent_lines: list[list[Any]], today_lines: list[TodayLine]) -> tuple[LineSide, ...]:
    """Lines matched by code, label and which of the lines so named it is (a form repeats "Chưa
    rõ" in several sections), in the order of today's form; a line only sent comes last."""
    sent: dict[tuple[str, str, int], tuple[Values, int]] = {}
    for code, label, values, level in sent_lines:
        key = (str(code), str(label))
        sent[(*key, sum(k[:2] == key for k in sent))] = (tuple(values), int(level))
    sides, seen = [], Counter[tuple[str, str]]()
    for code, label, values, level in today_lines:
        nth, seen[code, label] = seen[code, label], seen[code, label] + 1
        sides.append(LineSide(code, label, level, sent.pop((code, label, nth), (None, 0))[0], values))
    sides += [
        LineSide(code, label, level, values, None) for (code, label, _), (values, level) in sent.items()
    ]
    return tuple(sides)


def _late_people(sent: SentReport, period: Period) -> tuple[LatePerson, ...]:
    # The organizations of the subtree on some day from the opening day to the last day.
    scope = subtree_during(sent.organization, period.opening_day, period.end)
    first, last = period.opening_day, period.closing_day
    events = list(
        MembershipEvent.objects.filter(recorded_at__gt=sent.recorded_at)
        .filter(Q(effective_on__lte=last) | Q(corrects__effective_on__lte=last))
        .select_related("corrects")
        .order_by("recorded_at", "id")
    )
    facts = list(
        PersonFact.objects.filter(recorded_at__gt=sent.recorded_at)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .select_related("locality")
        .order_by("recorded_at", "id")
    )
    held = set(
        MembershipInterval.objects.filter(organization_id__in=scope, valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
        .filter(person_id__in={e.person_id for e in events} | {f.person_id for f in facts})
        .values_list("person_id", flat=True)
    )
    rows: dict[int, list[LateRow]] = {}
    for event in events:
        named = {event.organization_id, event.corrects.organization_id if event.corrects else None}
        if event.person_id in held or named & scope:
            rows.setdefault(event.person_id, []).append(_event_row(event))
    for fact in facts:
        if fact.person_id in held:
            rows.setdefault(fact.person_id, []).append(_fact_row(fact))
    people = Person.objects.filter(pk__in=rows).order_by("code")
    return tuple(LatePerson(p.pk, p.code, p.full_name, tuple(rows[p.pk])) for p in people)


def _event_words(event: MembershipEvent) -> str:
    return _("%(kind)s ngày %(day)s") % {"kind": event.get_kind_display(), "day": vn_date(event.effective_on)}


def _event_row(event: MembershipEvent) -> LateRow:
    if event.corrects is None:
        what = _event_words(event)
    elif event.kind == EventKind.VOIDED:
        what = _("Hủy bản ghi “%(row)s”") % {"row": _event_words(event.corrects)}
    else:
        what = _("Sửa “%(old)s” thành “%(new)s”") % {
            "old": _event_words(event.corrects),
            "new": _event_words(event),
        }
    return LateRow(what, event.effective_on, event.recorded_at, event.recorded_by)


def _fact_row(fact: PersonFact) -> LateRow:
    words = {
        "kind": fact.get_kind_display().lower(),
        "value": fact.locality.name if fact.locality is not None else fact.value,
        "day": vn_date(fact.valid_from) if fact.valid_from else _("trước khi có hồ sơ"),
    }
    if fact.withdrawn:
        what = _("Hủy %(kind)s: %(value)s, từ ngày %(day)s") % words
    elif fact.corrects_id:
        what = _("Sửa %(kind)s: %(value)s, từ ngày %(day)s") % words
    else:
        what = _("Ghi %(kind)s: %(value)s, từ ngày %(day)s") % words
    return LateRow(what, fact.valid_from, fact.recorded_at, fact.recorded_by)
