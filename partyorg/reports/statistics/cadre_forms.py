"""The figures of the personnel statistics forms 8B, 9, 10, 11, 12, 13 (RULES.md §11.12, Biểu BTCTW,
an unofficial reconstruction [P]), read from the cadre records (:mod:`partyorg.cadres`).

Each form asks "who is in this column, and what are they": a :class:`Tally` holds, per column key,
the items counted there, each ``(person id, row id)`` (the employment, post holding, planning entry
or course behind it), and per person the traits the rows ask for (women, ethnic minority, age band,
highest degree, political theory …). A cell is then a :class:`PeopleFigure` when the form counts
people (8B, 9, 10: each person once, RULES.md §11.15 #3) or an :class:`EventFigure` when it counts
person-events, *lượt người* (11, 12, 13: one cadre planned for three posts counts three, never
deduplicated).

Traits are read on the form's day (a stock: its day; a flow: the period's last day): qualifications
completed by then, age in completed years then. Political theory counts "cao cấp" and "cử nhân" as
one bucket (§11.15 #7); the contract basis is data (``Employment.contract_basis``), and which bases
the form's "Hợp đồng 68" row means is a setting (§11.15 #9, [P]).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from partyorg.cadres import queries
from partyorg.cadres.models import (
    Employment,
    HoldingMode,
    PostHolding,
    Programme,
    SpellKind,
    StaffCategory,
    TrainingEnrolment,
    TrainingOutcome,
    Unit,
)
from partyorg.members.models import MembershipInterval, Person
from partyorg.members.stock import MAJORITY_ETHNICITY
from partyorg.organizations.models import Organization
from partyorg.reports.statistics.cadres import AGE_BANDS, THEORY_BUCKET, people_in, unit_ids_under
from partyorg.reports.statistics.figures import PeopleFigure, Period
from partyorg.reports.statistics.scope import ids_in

__all__ = [
    "LEADER_AGE_BANDS",
    "EventFigure",
    "Tally",
    "appointments_in",
    "budget_staff_on",
    "leaders_on",
    "planning_on",
    "rotations_in",
    "trainings_in",
]

# Form 9's and 12's age bands (RULES.md §11.12: ≤ 40, 41–50, > 50); form 11 uses them too ([P]: the
# reconstruction names "age bands" for form 11 without their bounds).
LEADER_AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("≤ 40", None, 40),
    ("41–50", 41, 50),
    ("> 50", 51, None),
)
WOMEN, MINORITY, RELIGION, PARTY_MEMBER, LEADER = "women", "minority", "religion", "party_member", "leader"
# Religion words that mean none (a person's ``religion`` is free text).
NO_RELIGION = frozenset({"", "không", "khong", "không có"})


def age_trait(label: str) -> str:
    return f"age:{label}"


def degree_trait(level: str) -> str:
    return f"degree:{level}"


def theory_trait(bucket: str) -> str:
    return f"theory:{bucket}"


def category_trait(category: str) -> str:
    return f"category:{category}"


def rank_trait(rank_class: str) -> str:
    return f"rank:{rank_class}"


CONTRACT_68 = "contract_68"


@dataclass(frozen=True)
class EventFigure:
    """A count of person-events (lượt người) and the rows behind it: ``(person id, row id)`` pairs,
    one per event, so one person may stand in it several times."""

    rows: tuple[tuple[int, int], ...] = ()

    @property
    def value(self) -> int:
        return len(self.rows)

    @property
    def person_ids(self) -> frozenset[int]:
        return frozenset(person_id for person_id, _ in self.rows)

    def people(self) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=self.person_ids)

    def __int__(self) -> int:
        return self.value


Figure = PeopleFigure | EventFigure
Trait = str | tuple[str, ...] | Callable[[frozenset[str]], bool] | None


def _has(traits: frozenset[str], trait: Trait) -> bool:
    if trait is None:
        return True
    if isinstance(trait, str):
        return trait in traits
    if isinstance(trait, tuple):
        return any(t in traits for t in trait)
    return trait(traits)


@dataclass(frozen=True)
class Tally:
    """Who stands in each column of a form, and what each person is on ``on``."""

    on: date
    events: bool  # True: lượt người (count rows); False: người (count each person once)
    columns: dict[str, tuple[tuple[int, int], ...]]
    traits: dict[int, frozenset[str]]
    ages: dict[int, int] = field(default_factory=dict)

    def items(self, columns: Iterable[str]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for key in columns:
            found.extend(self.columns.get(key, ()))
        return found

    def figure(self, columns: Iterable[str], trait: Trait = None) -> Figure:
        """The cell of ``columns`` (their union) on the row ``trait``: a trait, any of several, a
        test of a person's traits, or None (everybody)."""
        chosen = [(p, r) for p, r in self.items(columns) if _has(self.traits.get(p, frozenset()), trait)]
        if self.events:
            return EventFigure(tuple(sorted(set(chosen))))
        return PeopleFigure(frozenset(p for p, _ in chosen))

    def mean_age(self, columns: Iterable[str]) -> float | None:
        """The people's mean age in completed years (each person once), None for nobody."""
        people = {p for p, _ in self.items(columns)}
        ages = [self.ages[p] for p in people if p in self.ages]
        return round(sum(ages) / len(ages), 1) if ages else None


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _band(years: int, bands: tuple[tuple[str, int | None, int | None], ...]) -> str:
    for label, low, high in bands:
        if (low is None or years >= low) and (high is None or years <= high):
            return label
    raise AssertionError(years)  # pragma: no cover - the bands cover every age


# What a person's traits read from the person: birth date, sex, ethnicity, religion.
PERSON_FIELDS = ("birth_date", "sex", "ethnicity", "religion")


def _traits(
    person_ids: Collection[int],
    on: date,
    bands: tuple[tuple[str, int | None, int | None], ...],
    known: dict[int, tuple[Any, ...]] | None = None,
) -> tuple[dict[int, set[str]], dict[int, int]]:
    """Each person's traits on ``on``: sex, ethnicity, religion, party membership, age band, highest
    degree and political theory completed (both from the training records). ``known``: the
    PERSON_FIELDS of each person when the caller read them already (with their rows)."""
    traits: dict[int, set[str]] = {p: set() for p in person_ids}
    ages: dict[int, int] = {}
    people = people_in(person_ids)
    if known is None:
        known = {
            pk: values
            for pk, *values in Person.objects.filter(pk__in=people).values_list("pk", *PERSON_FIELDS)
        }
    for pk, (birth, sex, ethnicity, religion) in known.items():
        if sex == "female":
            traits[pk].add(WOMEN)
        if ethnicity and ethnicity != MAJORITY_ETHNICITY:
            traits[pk].add(MINORITY)
        if (religion or "").strip().lower() not in NO_RELIGION:
            traits[pk].add(RELIGION)
        if birth is not None:
            ages[pk] = _age(birth, on)
            traits[pk].add(age_trait(_band(ages[pk], bands)))
    for pk in (
        MembershipInterval.objects.filter(person_id__in=people, valid_from__lte=on)
        .exclude(valid_until__lte=on)
        .values_list("person_id", flat=True)
    ):
        traits[pk].add(PARTY_MEMBER)
    levels = queries.highest_levels(people, on)
    for pk, level in levels[Programme.DEGREE].items():
        traits[pk].add(degree_trait(level))
    for pk, level in levels[Programme.POLITICAL_THEORY].items():
        if level in THEORY_BUCKET:
            traits[pk].add(theory_trait(THEORY_BUCKET[level]))
    return traits, ages


def _tally(
    columns: dict[str, list[tuple[int, int]]],
    on: date,
    *,
    events: bool,
    bands: tuple[tuple[str, int | None, int | None], ...],
    extra: dict[int, set[str]] | None = None,
    known: dict[int, tuple[Any, ...]] | None = None,
) -> Tally:
    people = {p for items in columns.values() for p, _ in items}
    traits, ages = _traits(people, on, bands, known)
    for pk, more in (extra or {}).items():
        traits.setdefault(pk, set()).update(more)
    return Tally(
        on=on,
        events=events,
        columns={key: tuple(items) for key, items in columns.items()},
        traits={pk: frozenset(found) for pk, found in traits.items()},
        ages=ages,
    )


def units_under(root: Organization, on: date) -> frozenset[int]:
    """The ids of the units (not departments) standing on ``on`` under ``root``'s subtree that day
    (:func:`~partyorg.reports.statistics.cadres.unit_ids_under`)."""
    return unit_ids_under(root, on, queries.units_on(on))


def in_units(rows: QuerySet[Any], unit_ids: Collection[int]) -> QuerySet[Any]:
    """``rows`` (employments, posts, planning entries) in one of ``unit_ids``, the ids written as
    numbers (a province's units as a query's parameters cost Django more than the query)."""
    return rows.extra(where=[ids_in(f'"{rows.model._meta.db_table}"."unit_id"', unit_ids)])


# -- form 8B: the budget-paid staff ------------------------------------------------------------------


def budget_staff_on(root: Organization, on: date, *, contract_68_bases: Collection[str] = ()) -> Tally:
    """Form 8B: the people paid from the budget (``Employment.budget_paid``) working on ``on`` in the
    units under ``root``, by column ``"{level}:{bloc}"`` (the unit's level and bloc, RULES.md §11.12);
    each person's category (``category:…``), rank class (``rank:…``) and, for a contract whose
    basis names one of ``contract_68_bases``, :data:`CONTRACT_68`. People, each once."""
    units = units_under(root, on)
    columns: dict[str, list[tuple[int, int]]] = defaultdict(list)
    extra: dict[int, set[str]] = defaultdict(set)
    rows = in_units(queries.employments_on(on).filter(budget_paid=True), units)
    known: dict[int, tuple[Any, ...]] = {}  # the people's own fields, read with their employment
    for pk, person_id, level, bloc, category, basis, rank_class, *person in rows.values_list(
        "pk",
        "person_id",
        "unit__level",
        "unit__bloc",
        "category",
        "contract_basis",
        "rank_class",
        *(f"person__{name}" for name in PERSON_FIELDS),
    ):
        known[person_id] = tuple(person)
        columns[f"{level}:{bloc}"].append((person_id, pk))
        extra[person_id].add(category_trait(category))
        if rank_class:
            extra[person_id].add(rank_trait(rank_class))
        if category == StaffCategory.CONTRACT and any(b and b in basis for b in contract_68_bases):
            extra[person_id].add(CONTRACT_68)
    return _tally(columns, on, events=False, bands=AGE_BANDS, extra=extra, known=known)


# -- form 9: leaders ---------------------------------------------------------------------------------


def _by_post(rows: QuerySet[Any], on: date, *, events: bool) -> Tally:
    columns: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, person_id, code in rows.values_list("pk", "person_id", "post__code"):
        columns[code].append((person_id, pk))
    return _tally(columns, on, events=events, bands=LEADER_AGE_BANDS)


def leaders_on(root: Organization, on: date, level: str) -> Tally:
    """Form 9A/9B/9C: the people holding, on ``on``, a post of ``level`` in a unit under ``root``,
    by column = the post's catalogue code (a person counts in every post column they hold, once in
    each: RULES.md §11.15 #10). People."""
    held = in_units(queries.posts_on(on).filter(post__level=level), units_under(root, on))
    return _by_post(held, on, events=False)


# -- form 12: planning -------------------------------------------------------------------------------


def planning_on(root: Organization, on: date, level: str) -> Tally:
    """Form 12A/12B/12C: the planning entries open on ``on`` for a post of ``level`` in a unit under
    ``root``, by column = the post's code. Lượt người: every entry counts (one cadre planned for
    three posts counts three, RULES.md §11.15 #3)."""
    planned = in_units(queries.planning_on(on).filter(post__level=level), units_under(root, on))
    return _by_post(planned, on, events=True)


# -- form 13: appointments ---------------------------------------------------------------------------


def _taken_in(root: Organization, period: Period, modes: Collection[str]) -> QuerySet[PostHolding]:
    """The posts taken in ``period`` by a mode of ``modes`` in a unit under ``root`` (standing on the
    period's last day)."""
    taken = PostHolding.objects.in_force().filter(
        kind=SpellKind.STARTED,
        effective_on__gte=period.start,
        effective_on__lt=period.end,
        mode__in=list(modes),
    )
    return in_units(taken, units_under(root, period.closing_day))


# The modes form 13 counts as appointments (bổ nhiệm, bổ nhiệm lại; not "chỉ định") [P]: a
# deployment's PARTYORG_CADRE_FORMS["appointment_modes"] replaces them (documents.cadre_forms).
APPOINTMENT_MODES = (HoldingMode.APPOINTED.value, HoldingMode.REAPPOINTED.value)


def appointment_modes() -> tuple[str, ...]:
    """The modes counted as appointments in this deployment."""
    return tuple(getattr(settings, "PARTYORG_CADRE_FORMS", {}).get("appointment_modes", APPOINTMENT_MODES))


def appointments_in(root: Organization, period: Period, *, modes: Collection[str]) -> Tally:
    """Form 13: the posts taken in ``period`` by a mode of ``modes`` (appointment, re-appointment)
    in a unit under ``root``, by column ``"{management level}:{mode}"`` (the post's management
    level, RULES.md §11.1). Lượt người."""
    columns: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = _taken_in(root, period, modes)
    for pk, person_id, level, mode in rows.values_list("pk", "person_id", "post__management_level", "mode"):
        columns[f"{level}:{mode}"].append((person_id, pk))
    return _tally(columns, period.closing_day, events=True, bands=LEADER_AGE_BANDS)


# -- form 11: rotations ------------------------------------------------------------------------------


def _level_before(person_id: int, day: date, besides: int) -> str:
    """The level of the unit a person worked at the day before ``day``: their highest post then,
    else their employment; "" when unknown."""
    before = day - timedelta(days=1)
    posts = [h for h in queries.ranked_posts(person_id, before) if h.pk != besides]
    if posts:
        return str(Unit.objects.filter(pk=posts[0].unit_id).values_list("level", flat=True).first() or "")
    job = (
        queries.employments_on(before)
        .filter(person_id=person_id)
        .values_list("unit__level", flat=True)
        .first()
    )
    return str(job or "")


def rotations_in(root: Organization, period: Period) -> Tally:
    """Form 11: the rotations (posts taken with mode luân chuyển) in ``period`` into a unit under
    ``root``, by column ``"{from level}>{to level}"``: the level of the unit the cadre left (their
    highest post the day before, else their employment) and of the unit they went to; ``">{to}"``
    when the level left is not recorded. Only rotation counts (not transfer or secondment, RULES.md
    §11.15 #11). Lượt người."""
    columns: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = _taken_in(root, period, (HoldingMode.ROTATED,))
    for pk, person_id, day, to_level in rows.values_list("pk", "person_id", "effective_on", "unit__level"):
        columns[f"{_level_before(person_id, day, pk)}>{to_level}"].append((person_id, pk))
    return _tally(columns, period.closing_day, events=True, bands=LEADER_AGE_BANDS)


# -- form 10: training -------------------------------------------------------------------------------


def _spells(
    model: type[Employment] | type[PostHolding],
    person_ids: Collection[int],
    *,
    units: Collection[int] | None = None,
    field: str = "pk",
) -> dict[int, list[tuple[date, date | None, Any]]]:
    """person -> (first day, first day out or None, ``field``) of each spell of ``model`` in force
    (in ``units`` when given) of ``person_ids``, as :func:`~partyorg.cadres.queries.open_on` reads
    them: a STARTED row, ended by the ENDED row in force that ``ends`` it."""
    rows = model.objects.in_force().filter(person_id__in=people_in(person_ids))
    ended = dict(rows.filter(kind=SpellKind.ENDED).values_list("ends_id", "effective_on"))
    starts: QuerySet[Any] = rows.filter(kind=SpellKind.STARTED)
    if units is not None:
        starts = in_units(starts, units)
    found: dict[int, list[tuple[date, date | None, Any]]] = defaultdict(list)
    for pk, person_id, start, value in starts.order_by("effective_on", "pk").values_list(
        "pk", "person_id", "effective_on", field
    ):
        found[person_id].append((start, ended.get(pk), value))
    return found


def trainings_in(root: Organization, period: Period) -> Tally:
    """Form 10: the courses completed in ``period`` by people working then (the day they finished)
    in a unit under ``root``, by column ``"{programme}:{level}:{place or mode}|{unit level}"``;
    :data:`LEADER` marks those holding a post on a day one of their courses ended. People, each once
    a cell."""
    on = period.closing_day
    units = units_under(root, on)
    ends = (
        TrainingEnrolment.objects.in_force()
        .filter(
            kind=SpellKind.ENDED,
            outcome=TrainingOutcome.COMPLETED,
            effective_on__gte=period.start,
            effective_on__lt=period.end,
        )
        .filter(ends__start_known=True)  # a course taken, not a qualification declared with its proof
        .values_list(
            "pk", "person_id", "effective_on", "ends__programme", "ends__level", "ends__place", "ends__mode"
        )
    )
    by_day: dict[date, list[tuple[int, int, str, str, str, str]]] = defaultdict(list)
    for pk, person_id, day, programme, level, place, mode in ends:
        by_day[day].append((pk, person_id, programme, level, place, mode))
    columns: dict[str, list[tuple[int, int]]] = defaultdict(list)
    extra: dict[int, set[str]] = defaultdict(set)
    people = {person_id for finished in by_day.values() for _, person_id, *_ in finished}
    # Their employments in the units and their posts, each spell read once with the day it ended
    # (two queries for the period, not two for each day on which courses ended).
    jobs = _spells(Employment, people, units=units, field="unit__level")
    posts = _spells(PostHolding, people)
    for day, finished in by_day.items():
        for pk, person_id, programme, level, place, mode in finished:
            if any(start <= day and (end is None or day < end) for start, end, _ in posts.get(person_id, ())):
                extra[person_id].add(LEADER)
            worked = [
                unit_level
                for start, end, unit_level in jobs.get(person_id, ())
                if start <= day and (end is None or day < end)
            ]
            if worked:
                how = mode if programme == Programme.POLITICAL_THEORY else place
                columns[f"{programme}:{level}:{how}|{worked[-1]}"].append((person_id, pk))
    return _tally(columns, on, events=False, bands=LEADER_AGE_BANDS, extra=extra)
