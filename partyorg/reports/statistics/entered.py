"""Entered figures (``partyorg.reports.models.EnteredFigure``) beside the computed ones: a target's
achievement, members as a share of a unit's staff, a change against a base date, and what every
stated figure should have been according to the records.

Only the entries in force count: an entry corrected by a later one gives way to it, and a
withdrawn entry counts for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_date, vn_number
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import standing_for
from partyorg.reports.models import Bound, EnteredFigure, FigureKind, Indicator
from partyorg.reports.statistics.figures import MovesFigure, Period
from partyorg.reports.statistics.flows import MembersFlow, members_flow
from partyorg.reports.statistics.hamlets import hamlets_on
from partyorg.reports.statistics.organizations import directly_under, organizations_on
from partyorg.reports.statistics.stocks import members_on, membership_on


def in_force() -> QuerySet[EnteredFigure]:
    """Entries not replaced by a correction and not withdrawn."""
    return EnteredFigure.objects.filter(corrections__isnull=True, withdrawn=False)


@dataclass(frozen=True)
class Ratio:
    """``part`` out of ``whole``, written the way the reports write it (83,3%)."""

    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        return 100 * self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class Change:
    """A figure now against the same figure on a base day: "tăng 70,01% so với năm 2010"."""

    now: int
    base: int

    @property
    def difference(self) -> int:
        return self.now - self.base

    @property
    def percent(self) -> float | None:
        return 100 * (self.now - self.base) / self.base if self.base else None


@dataclass(frozen=True)
class Achievement:
    """New admissions (re-admissions not included) from the first day of a target's period up to a
    day, against the target: 1.072 admitted in the first half of 2017 against a plan of 2.000 for
    the year is 53,6%. [U] Whether a plan counts re-admissions is not written anywhere we know of;
    the articles set "kết nạp mới" beside the plan, so we do too."""

    target: EnteredFigure
    admitted: MovesFigure
    up_to: date

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.admitted.value, self.target.value)


def admission_target(org: Organization, day: date) -> EnteredFigure | None:
    """The admission target of ``org`` whose period contains ``day`` (the shortest, if several:
    a year's target before a term's)."""
    targets = in_force().filter(
        organization=org,
        kind=FigureKind.TARGET,
        indicator=Indicator.ADMISSIONS,
        first_day__lte=day,
        last_day__gte=day,
    )
    return min(targets, key=lambda t: (t.last_day - (t.first_day or t.last_day), t.pk), default=None)


def achievement(org: Organization, up_to: date, flow: MembersFlow | None = None) -> Achievement | None:
    """How far ``org``'s admissions have gone towards the target in force on ``up_to``; None when no
    target covers that day. A caller that already has the members flow of ``org`` from the
    target's first day to ``up_to`` passes it, and it is used instead of counting again."""
    target = admission_target(org, up_to)
    if target is None or target.first_day is None:
        return None
    period = Period(target.first_day, up_to + timedelta(days=1))
    if flow is None or flow.period != period or flow.root != org:
        flow = members_flow(org, period)
    return Achievement(target, flow.entries["admitted"], up_to)


def staff_on(org: Organization, on: date) -> EnteredFigure | None:
    """The latest staff headcount of ``org`` stated on or before ``on``."""
    return (
        in_force()
        .filter(organization=org, indicator=Indicator.STAFF, last_day__lte=on)
        .order_by("-last_day", "-pk")
        .first()
    )


def share_of_staff(org: Organization, on: date) -> Ratio | None:
    """Members of ``org`` on ``on`` as a share of its staff ("25 đảng viên, chiếm 83,3% tổng số
    cán bộ"); None without a headcount."""
    staff = staff_on(org, on)
    return Ratio(members_on(org, on).value, staff.value) if staff else None


def members_since(org: Organization, on: date, base_on: date) -> Change:
    """Members on ``on`` against members on ``base_on``, each as the tree stood that day; on a base
    day before ``org`` stood, its predecessors' members then (``organizations.queries.standing_for``:
    a province made of two compares with the two)."""
    then = Organization.objects.filter(pk__in=standing_for(org, base_on))
    base = sum(members_on(predecessor, base_on).value for predecessor in then)
    return Change(members_on(org, on).value, base)


# -- what the records say for each stated indicator --------------------------------------------


def _hamlets(org: Organization, on: date, without_members: bool) -> int | None:
    hamlets = hamlets_on(org, on)
    if hamlets is None:
        return None
    return (hamlets.without_members if without_members else hamlets.all).value


def _admissions(org: Organization, figure: EnteredFigure) -> int | None:
    if figure.first_day is None:
        return None
    return members_flow(org, Period.between(figure.first_day, figure.last_day)).entries["admitted"].value


COMPUTED: dict[str, Callable[[Organization, EnteredFigure], int | None]] = {
    Indicator.MEMBERS: lambda org, f: members_on(org, f.last_day).value,
    Indicator.PROBATIONARY: lambda org, f: membership_on(org, f.last_day).probationary.value,
    Indicator.ADMISSIONS: _admissions,
    Indicator.GRASSROOTS_ORGANIZATIONS: lambda org, f: organizations_on(org, f.last_day).grassroots,
    Indicator.GRASSROOTS_COMMITTEES: lambda org, f: (
        organizations_on(org, f.last_day).grassroots_committees.value
    ),
    Indicator.GRASSROOTS_CELLS: lambda org, f: organizations_on(org, f.last_day).grassroots_cells.value,
    Indicator.CELLS: lambda org, f: organizations_on(org, f.last_day).cells.value,
    Indicator.SUB_COMMITTEES: lambda org, f: organizations_on(org, f.last_day).sub_committees.value,
    Indicator.DIRECT_COMMITTEES: lambda org, f: directly_under(org, f.last_day).committees.value,
    Indicator.DIRECT_CELLS: lambda org, f: directly_under(org, f.last_day).cells.value,
    Indicator.DISTRICT_COMMITTEES: lambda org, f: organizations_on(org, f.last_day).districts.value,
    Indicator.COMMUNE_COMMITTEES: lambda org, f: organizations_on(org, f.last_day).communes.value,
    Indicator.HAMLETS: lambda org, f: _hamlets(org, f.last_day, without_members=False),
    Indicator.HAMLETS_WITHOUT_MEMBERS: lambda org, f: _hamlets(org, f.last_day, without_members=True),
}
"""Indicator → its value according to the records, for the entry's organization and day or period
(None where the records cannot say, e.g. hamlets of an organization without a locality). STAFF is
not here: partyorg does not keep staff records."""

# A stated total and the stated parts it must equal, on the same day for the same organization.
PARTS: dict[str, tuple[str, ...]] = {
    Indicator.GRASSROOTS_ORGANIZATIONS: (Indicator.GRASSROOTS_COMMITTEES, Indicator.GRASSROOTS_CELLS),
}


def stated_on(root: Organization, period: Period) -> QuerySet[EnteredFigure]:
    """Figures stated for ``root`` itself about the period's closing day or the period."""
    return (
        in_force()
        .filter(organization=root, kind=FigureKind.STATED, last_day=period.closing_day)
        .filter(Q(first_day__isnull=True) | Q(first_day=period.start))
        .order_by("indicator", "pk")
    )


# -- a stated value against the records: bounds and changes ------------------------------------


def value_agrees(figure: EnteredFigure, computed: int) -> bool:
    """Whether the records' ``computed`` value is what ``figure`` states: equal to an exact value,
    above a "hơn" value, at or above an "ít nhất" value; a figure that stated no count agrees."""
    if figure.bound == Bound.MORE_THAN:
        return computed > figure.value
    if figure.bound == Bound.AT_LEAST:
        return computed >= figure.value
    if figure.bound == Bound.UNSTATED:
        return True
    return computed == figure.value


def stated_percent(figure: EnteredFigure) -> Decimal | None:
    """The change in percent ``figure`` states, with the decimals the report wrote; None when it
    states none (or the text is not a number: the services refuse that on entry)."""
    if figure.base_day is None or not figure.change_percent:
        return None
    try:
        percent = Decimal(figure.change_percent)
    except InvalidOperation:
        return None
    return percent if percent.is_finite() else None


def value_on_base_day(org: Organization, figure: EnteredFigure) -> int | None:
    """The indicator of ``figure`` on its base day, the tree as it stood that day; None without a
    base day, for a figure over a period, or where the records cannot say (:data:`COMPUTED`)."""
    count = COMPUTED.get(figure.indicator)
    if figure.base_day is None or count is None or figure.first_day is not None:
        return None
    on_base_day = EnteredFigure(
        organization=figure.organization,
        indicator=figure.indicator,
        kind=figure.kind,
        last_day=figure.base_day,
    )
    return count(org, on_base_day)


def percent_like(change: Change, stated: Decimal) -> Decimal | None:
    """The change in percent, worked out in decimals (not floats) and rounded half up to as many
    decimals as ``stated`` (200/3 % is 66,67 against "66,67", 66,7 against "66,7", 67 against
    "67"); None when the base is 0."""
    if not change.base:
        return None
    exponent = min(int(stated.as_tuple().exponent), 0)
    exact = Decimal(100 * change.difference) / Decimal(change.base)
    return exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StatedCheck:
    """A stated figure against the records: the records' value and, for a stated change, the
    records' change rounded as the report rounded its own."""

    figure: EnteredFigure
    computed: int
    change: Change | None = None  # the records' value on the figure's day and on its base day

    @property
    def value_agrees(self) -> bool:
        return value_agrees(self.figure, self.computed)

    @property
    def computed_percent(self) -> Decimal | None:
        stated = stated_percent(self.figure)
        if stated is None or self.change is None:
            return None
        return percent_like(self.change, stated)

    @property
    def change_agrees(self) -> bool | None:
        """None when the figure states no change; False when the records' base is 0 (no percent)."""
        stated = stated_percent(self.figure)
        if stated is None:
            return None
        computed = self.computed_percent
        return computed is not None and computed == stated

    @property
    def agrees(self) -> bool:
        return self.value_agrees and self.change_agrees is not False

    def computed_words(self) -> str:
        """The records' value, and their change when one is stated: "4, +33,33%"."""
        if stated_percent(self.figure) is None:
            return vn_number(self.computed)
        percent = self.computed_percent
        change = percent_text(percent) if percent is not None else _("không tính được (ngày gốc là 0)")
        return f"{vn_number(self.computed)}, {change}"


def check_stated(org: Organization, figure: EnteredFigure) -> StatedCheck | None:
    """``figure`` (stated for ``org``) against the records; None where the records cannot say."""
    count = COMPUTED.get(figure.indicator)
    computed = count(org, figure) if count is not None else None
    if computed is None:
        return None
    base = value_on_base_day(org, figure) if stated_percent(figure) is not None else None
    return StatedCheck(figure, computed, None if base is None else Change(computed, base))


def percent_text(percent: Decimal) -> str:
    """A change in percent the Vietnamese way, its sign always written: "+70,01%", "-3,5%", "0%"."""
    sign = "+" if percent > 0 else ""
    return f"{sign}{percent}%".replace(".", ",")


def stated_words(figure: EnteredFigure) -> str:
    """What a figure states, as the report said it: "29.738", "hơn 74.600", "29.738, +70,01% so
    với ngày 31/12/2010", "+70,01% so với ngày 31/12/2010" (no count stated)."""
    words = []
    if figure.bound != Bound.UNSTATED:
        number = vn_number(figure.value)
        words.append(f"{Bound(figure.bound).label} {number}" if figure.bound else number)
    percent = stated_percent(figure)
    if percent is not None and figure.base_day is not None:
        words.append(
            _("%(change)s so với ngày %(base)s")
            % {"change": percent_text(percent), "base": vn_date(figure.base_day)}
        )
    return ", ".join(words)
