"""Dated facts about people (issue 15): where a person lives, his education, occupation, … as they
stood on any day.

A fact holds from its day (``valid_from``; None: since before the records) until the next fact of
its kind. It is appended (:func:`record_fact`), corrected by a new row (:func:`correct_fact`) or
withdrawn (:func:`withdraw_fact`), never edited. The periods each value holds are derived rows
(:class:`~partyorg.members.models.PersonFactPeriod`), made again for the person and kind on every
write, and the person's row keeps today's value as a copy, so that what reads "the person now"
(the member list, the profile) reads it as before.

A person's attribute recorded before any dated fact of its kind is a fact from an unknown start
(:func:`value_on` reads the person's row when there is no fact): the first dated fact of a kind
first keeps that value as a fact with no start, so the change does not rewrite the past.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from partyorg.core import bulk
from partyorg.core.commands import command
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Refused
from partyorg.members import stock
from partyorg.members.models import (
    PERSON_FIELD,
    FactKind,
    GeneralEducation,
    MembershipInterval,
    Person,
    PersonFact,
    PersonFactPeriod,
)
from partyorg.members.periods import NO, YES, periods_for, value_in
from partyorg.members.signals import stock_refreshed
from partyorg.organizations.models import Locality, LocalityKind, valid_on

__all__ = [
    "NO",
    "YES",
    "FactRefused",
    "correct_fact",
    "hamlets_lived_in",
    "periods_for",
    "periods_of",
    "rebuild_periods",
    "record_fact",
    "value_in",
    "value_on",
    "withdraw_fact",
]

# The kinds the stock's facts count (religious members, Youth Union members: form 2's headline).
STOCK_KINDS = frozenset({FactKind.RELIGION, FactKind.YOUTH_UNION})
PERIOD_COLUMNS = ("person_id", "kind", "value", "locality_id", "valid_from", "valid_until")


class FactRefused(Refused):
    """A fact partyorg cannot record as given; the message is Vietnamese and names the person."""


def _checked(
    person: Person, kind: str, value: str, locality: Locality | None, valid_from: date | None
) -> str:
    """The value as stored, or a refusal naming the person, the kind and what is wrong."""
    who = f"{person.full_name} ({person.code})"
    if kind not in FactKind.values:
        raise FactRefused(_("Loại thông tin không hợp lệ: %(kind)s (%(who)s).") % {"kind": kind, "who": who})
    label = FactKind(kind).label
    if valid_from is not None and valid_from < person.birth_date:
        raise FactRefused(
            _("%(what)s của %(who)s từ ngày %(day)s: trước ngày sinh.")
            % {"what": label, "who": who, "day": f"{valid_from:%d/%m/%Y}"}
        )
    if kind == FactKind.RESIDENCE:
        if locality is None or locality.kind != LocalityKind.HAMLET:
            raise FactRefused(_("Nơi cư trú của %(who)s phải là một thôn, bản, tổ dân phố.") % {"who": who})
        return ""
    if locality is not None:
        raise FactRefused(_("Chỉ nơi cư trú mới ghi đơn vị hành chính (%(who)s).") % {"who": who})
    value = value.strip()
    if kind == FactKind.GENERAL_EDUCATION and value and value not in GeneralEducation.values:
        raise FactRefused(
            _("Giáo dục phổ thông không hợp lệ: %(value)s (%(who)s).") % {"value": value, "who": who}
        )
    if kind == FactKind.YOUTH_UNION and value not in (YES, NO):
        raise FactRefused(_("Đoàn viên: chỉ ghi có hoặc không (%(who)s).") % {"who": who})
    if kind == FactKind.FULL_NAME and not value:
        raise FactRefused(_("Họ và tên không được để trống (%(who)s).") % {"who": who})
    return value


def _person_value(person: Person, kind: str) -> tuple[str, int | None]:
    """(value, locality id) the person's row holds for ``kind``: the fact from an unknown start."""
    name = PERSON_FIELD.get(kind)
    if name is None:
        return "", None
    if kind == FactKind.RESIDENCE:
        return "", person.home_locality_id
    held = getattr(person, name)
    if kind == FactKind.YOUTH_UNION:
        return (YES if held else NO), None
    return str(held or ""), None


def periods_of(person_id: int, kind: str) -> list[tuple[date | None, date | None, str, int | None]]:
    """(from, until, value, locality id) of each period, from the facts in force, in order. Facts of
    one day: the one recorded last holds."""
    facts = list(
        PersonFact.objects.in_force()
        .filter(person_id=person_id, kind=kind)
        .order_by("valid_from", "recorded_at", "pk")
        .values_list("valid_from", "value", "locality_id")
    )
    facts.sort(key=lambda f: (f[0] is not None, f[0] or date.min))  # no start first
    by_day: dict[date | None, tuple[str, int | None]] = {}
    for start, value, locality_id in facts:
        by_day[start] = (value, locality_id)  # the last recorded of a day wins
    starts = list(by_day)
    return [
        (start, starts[i + 1] if i + 1 < len(starts) else None, *by_day[start])
        for i, start in enumerate(starts)
    ]


def _rebuild(person: Person, kind: str) -> None:
    if rebuild_periods(person, kind):
        stock.refresh(person_ids=[person.pk])
    else:  # form 3's breakdowns read every dated kind (reports.breakdown_summary)
        stock_refreshed.send(sender=PersonFact, person_ids=frozenset([person.pk]))


def rebuild_periods(person: Person, kind: str) -> bool:
    """The person's periods of ``kind`` made again from the facts in force, and today's value copied
    to the person's row. True when the stock's facts must follow (the caller refreshes them: once
    for many people when it makes many people's periods again)."""
    periods = periods_of(person.pk, kind)
    PersonFactPeriod.objects.filter(person_id=person.pk, kind=kind).delete()
    bulk.insert_rows(
        PersonFactPeriod,
        PERIOD_COLUMNS,
        [(person.pk, kind, value, locality_id, start, until) for start, until, value, locality_id in periods],
    )
    # The stock's facts split at the days religion and Youth Union change, past days too.
    stale = kind in STOCK_KINDS
    name = PERSON_FIELD.get(kind)
    if name is None or not periods:
        return stale
    today = date.today()  # noqa: DTZ011 - a calendar date, not a moment
    now = next(
        (p for p in periods if (p[0] is None or p[0] <= today) and (p[1] is None or today < p[1])),
        periods[0],  # a person whose first fact starts after today: the earliest known
    )
    value: Any
    if kind == FactKind.RESIDENCE:
        name, value = "home_locality_id", now[3]
    elif kind == FactKind.YOUTH_UNION:
        value = now[2] == YES
    else:
        value = now[2]
    if getattr(person, name) != value:
        setattr(person, name, value)
        person.save()
        stale = True  # the stock facts copy the person's attributes
    return stale


def _append(person: Person, kind: str, **fields: Any) -> PersonFact:
    return PersonFact.objects.create(person=person, kind=kind, **fields)


@command
def record_fact(
    person: Person,
    kind: str,
    valid_from: date | None,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    value: str = "",
    locality: Locality | None = None,
    note: str = "",
    uid: str | None = None,
    recorded_at: datetime | None = None,
) -> PersonFact:
    """Record that from ``valid_from`` ``person``'s ``kind`` is ``value`` (``locality`` for the
    residence). The first dated fact of a kind keeps what the person's row held as a fact from an
    unknown start, so the past keeps its value."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    stored = _checked(person, kind, value, locality, valid_from)
    stamped = stamp(uid, recorded_at)
    if not PersonFact.objects.filter(person=person, kind=kind).exists():
        held, held_locality = _person_value(person, kind)
        if (held or held_locality) and valid_from is not None:
            _append(
                person,
                kind,
                valid_from=None,
                value=held,
                locality_id=held_locality,
                note=_("Đã có trong hồ sơ trước khi ghi thông tin theo thời gian"),
                recorded_by=recorded_by,
                recorded_at=stamped["recorded_at"],
            )
    fact = _append(
        person,
        kind,
        valid_from=valid_from,
        value=stored,
        locality=locality,
        note=note,
        **legal_basis.as_fields(),
        recorded_by=recorded_by,
        **stamped,
    )
    _rebuild(person, kind)
    return fact


@command
def correct_fact(
    wrong: PersonFact,
    *,
    valid_from: date | None,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    value: str = "",
    locality: Locality | None = None,
    uid: str | None = None,
    recorded_at: datetime | None = None,
) -> PersonFact:
    """Replace a fact recorded wrong by the whole fact as it should have been."""
    person = Person.objects.select_for_update().get(pk=wrong.person_id)
    _open(wrong, person)
    if not note.strip():
        raise FactRefused(_("Cần ghi lý do sửa."))
    stored = _checked(person, wrong.kind, value, locality, valid_from)
    fact = _append(
        person,
        wrong.kind,
        valid_from=valid_from,
        value=stored,
        locality=locality,
        corrects=wrong,
        note=note.strip(),
        **legal_basis.as_fields(),
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )
    _rebuild(person, wrong.kind)
    return fact


@command
def withdraw_fact(
    wrong: PersonFact,
    *,
    recorded_by: str,
    note: str,
    legal_basis: LegalBasis | None = None,
    uid: str | None = None,
    recorded_at: datetime | None = None,
) -> PersonFact:
    """Take back a fact that should never have been recorded."""
    person = Person.objects.select_for_update().get(pk=wrong.person_id)
    _open(wrong, person)
    if not note.strip():
        raise FactRefused(_("Cần ghi lý do hủy."))
    fact = _append(
        person,
        wrong.kind,
        valid_from=wrong.valid_from,
        value=wrong.value,
        locality_id=wrong.locality_id,
        corrects=wrong,
        withdrawn=True,
        note=note.strip(),
        **(legal_basis or LegalBasis()).as_fields(),
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )
    _rebuild(person, wrong.kind)
    return fact


def _open(wrong: PersonFact, person: Person) -> None:
    """Only a fact in force is corrected or withdrawn."""
    if wrong.withdrawn or PersonFact.objects.filter(corrects=wrong).exists():
        raise FactRefused(
            _("Thông tin này của %(who)s đã được sửa hoặc hủy.")
            % {"who": f"{person.full_name} ({person.code})"}
        )


# -- reading ---------------------------------------------------------------------------------------


def _holds_on(on: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=on)
    )


def value_on(person: Person, kind: str, on: date) -> tuple[str, int | None]:
    """(value, locality id) of ``kind`` for ``person`` on ``on``: the period holding that day; the
    person's row when no dated fact of the kind was ever recorded; ("", None) before the first
    known fact."""
    periods = PersonFactPeriod.objects.filter(person=person, kind=kind)
    if not periods.exists():
        return _person_value(person, kind)
    held = periods.filter(_holds_on(on)).values_list("value", "locality_id").first()
    return held if held is not None else ("", None)


def hamlets_lived_in(hamlets: Collection[int], on: date) -> set[int]:
    """The hamlets among ``hamlets`` where somebody who was a member on ``on`` lived that day: by
    the residence period holding that day, or by the person's row for one whose residence was never
    dated. Per hamlet one probe that stops at the first member found (asked as a value per hamlet
    rather than EXISTS, which PostgreSQL turns into a join of every member of the day)."""
    members = MembershipInterval.objects.filter(valid_on(on))
    dated = members.filter(
        Q(person__fact_periods__valid_from__isnull=True) | Q(person__fact_periods__valid_from__lte=on),
        Q(person__fact_periods__valid_until__isnull=True) | Q(person__fact_periods__valid_until__gt=on),
        person__fact_periods__kind=FactKind.RESIDENCE,
        person__fact_periods__locality_id=OuterRef("pk"),
    )
    undated = members.filter(person__home_locality_id=OuterRef("pk")).exclude(
        person__fact_periods__kind=FactKind.RESIDENCE
    )
    probed = Locality.objects.filter(pk__in=list(hamlets)).annotate(
        dated=Subquery(dated.values("person_id")[:1]), undated=Subquery(undated.values("person_id")[:1])
    )
    return {pk for pk, a, b in probed.values_list("pk", "dated", "undated") if a is not None or b is not None}
