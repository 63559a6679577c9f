"""Commands of cadre work: each records one step (a unit founded, an employment begun or ended, a
post taken or left, a course begun or finished, a state rating, a planning entry or exit), checks
it and appends rows; nothing is updated. Every command is one durable transaction
(:func:`partyorg.core.commands.command`; an import calls them ``.within``), takes keyword-only
``legal_basis`` and ``recorded_by``, and the new row's ``uid`` and ``recorded_at`` (an import keeps
the file's; by default a fresh uid and now).

Two kinds of refusal, both Vietnamese and naming the person, the post or the unit:

- :class:`CadreRefused` (``code`` empty, nothing passes it): the step contradicts the records — a
  unit that does not stand that day, a spell ended twice, a post already held.
- :class:`~partyorg.rules.base.RuleViolation` from the dated rules of cadre work
  (``partyorg.rules``: retirement, appointment, planning, state ratings; RULES.md §11): an officer
  may record the step anyway with an :class:`Override` naming the rule's code and a reason, kept on
  the row (:func:`partyorg.core.records.overridable`).

A spell is ended by :func:`end_employment`, :func:`end_post`, :func:`end_training`,
:func:`exit_planning`: an ENDED row naming its start. Any row is corrected by :func:`correct`
(a new row carrying the whole corrected record, checked again) or taken back by :func:`withdraw`.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.accounts.models import Role
from partyorg.accounts.services import administered
from partyorg.cadres import queries
from partyorg.cadres.models import (
    CadreGrant,
    CadreRecord,
    DegreeLevel,
    Employment,
    EmploymentEnd,
    EmploymentStart,
    HoldingMode,
    ManagementLevel,
    PlanningEntry,
    PlanningExit,
    PlanningReview,
    Post,
    PostEnd,
    PostHolding,
    Programme,
    RankClass,
    RatingSystem,
    SpellKind,
    StaffCategory,
    StaffingQuota,
    StateLevel,
    StateManagementLevel,
    StatePeriod,
    StateRating,
    TheoryLevel,
    TrainingEnrolment,
    TrainingOutcome,
    Unit,
    UnitBloc,
    UnitKind,
    UnitLevel,
    UnitVersion,
)
from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Override, Refused, overridable
from partyorg.discipline.queries import measures_in_force
from partyorg.members.models import Person
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.rules import appointment, planning, retirement, state_ratings, training
from partyorg.rules._dates import completed_months
from partyorg.rules.base import RuleViolation

__all__ = [
    "CadreRefused",
    "NewPlanning",
    "NewStateRating",
    "Override",
    "SpellStep",
    "TrainingLevels",
    "appoint",
    "correct",
    "create_unit",
    "declare_qualifications",
    "dissolve_unit",
    "dissolve_units",
    "end_employment",
    "end_post",
    "end_training",
    "exit_planning",
    "exit_planning_many",
    "give_cadre_role",
    "grant_cadre_role",
    "plan",
    "plan_many",
    "rate_state",
    "rate_state_many",
    "record_spells",
    "rename_unit",
    "retirement_of_person",
    "review_planning",
    "set_staffing",
    "start_employment",
    "start_training",
    "take_cadre_role",
    "withdraw",
]

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])


class CadreRefused(Refused):
    """The step contradicts the records; the message is Vietnamese and names who or what."""


def who(person: Person) -> str:
    return f"{person.full_name} ({person.code})"


# Levels each programme takes; the others take free text ("B1", "Ứng dụng CNTT cơ bản").
TrainingLevels: dict[str, tuple[str, ...]] = {
    Programme.POLITICAL_THEORY: tuple(TheoryLevel.values),
    Programme.DEGREE: tuple(DegreeLevel.values),
    Programme.STATE_MANAGEMENT: tuple(StateManagementLevel.values),
}


def _unit_name(unit: Unit, on: date) -> str:
    name = queries.unit_name_on(unit, on)
    if name is None:
        raise CadreRefused(
            _("Đơn vị %(code)s không tồn tại vào ngày %(day)s.") % {"code": unit.code, "day": vn_date(on)}
        )
    return name


# -- units ------------------------------------------------------------------------------------


@command
def create_unit(
    code: str,
    name: str,
    *,
    kind: str,
    bloc: str,
    level: str,
    organization: Organization,
    founded_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    parent: Unit | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    version_uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> Unit:
    """Found a unit (or a department of ``parent``) under ``organization``, bearing ``name`` from
    ``founded_on`` (its first :class:`UnitVersion`, of ``version_uid``). A department stands under
    its parent's organization."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise CadreRefused(_("Đơn vị cần có mã và tên."))
    if Unit.objects.filter(code=code).exists():
        raise CadreRefused(_("Đã có đơn vị mã %(code)s.") % {"code": code})
    for value, choices in ((kind, UnitKind), (bloc, UnitBloc), (level, UnitLevel)):
        if value not in choices.values:
            raise CadreRefused(
                _("Giá trị không hợp lệ: %(value)s (đơn vị %(code)s).") % {"value": value, "code": code}
            )
    if not OrgVersion.objects.filter(valid_on(founded_on), organization=organization).exists():
        raise CadreRefused(
            _("Tổ chức %(org)s không tồn tại vào ngày %(day)s.")
            % {"org": organization.code, "day": vn_date(founded_on)}
        )
    if parent is not None:
        _unit_name(parent, founded_on)
        if parent.organization_id != organization.pk:
            raise CadreRefused(
                _("Phòng %(name)s phải thuộc cùng tổ chức đảng với %(parent)s.")
                % {"name": name, "parent": parent.code}
            )
    fields = stamp(uid, recorded_at)
    unit = Unit.objects.create(
        **fields,
        code=code,
        kind=kind,
        bloc=bloc,
        level=level,
        organization=organization,
        parent=parent,
        founded_on=founded_on,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )
    UnitVersion.objects.create(
        **stamp(version_uid, fields["recorded_at"]),
        unit=unit,
        name=name,
        valid_from=founded_on,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )
    return unit


def _unit_version(
    unit: Unit,
    on: date,
    name: str,
    dissolved: bool,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None,
    recorded_at: datetime | None,
) -> UnitVersion:
    _unit_name(unit, on)
    if on <= unit.founded_on:
        raise CadreRefused(
            _("Ngày %(day)s không sau ngày thành lập đơn vị %(code)s.")
            % {"day": vn_date(on), "code": unit.code}
        )
    return UnitVersion.objects.create(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        unit=unit,
        name=name,
        valid_from=on,
        dissolved=dissolved,
    )


@command
def rename_unit(
    unit: Unit,
    name: str,
    *,
    on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> UnitVersion:
    """From ``on`` the unit bears ``name``."""
    if not name.strip():
        raise CadreRefused(_("Đơn vị cần có tên."))
    return _unit_version(unit, on, name.strip(), False, legal_basis, recorded_by, note, uid, recorded_at)


@command
def dissolve_unit(
    unit: Unit,
    *,
    on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> UnitVersion:
    """From ``on`` the unit no longer stands; its people's employments must have ended by then."""
    still = queries.employments_on(on, units=queries.unit_subtree([unit.pk], on)).select_related("person")
    first = still.first()
    if first is not None:
        raise CadreRefused(
            _("%(who)s vẫn công tác tại đơn vị %(code)s vào ngày %(day)s: hãy kết thúc trước khi giải thể.")
            % {"who": who(first.person), "code": unit.code, "day": vn_date(on)}
        )
    name = _unit_name(unit, on)
    return _unit_version(unit, on, name, True, legal_basis, recorded_by, note, uid, recorded_at)


@command
def set_staffing(
    unit: Unit,
    *,
    year: int,
    approved: int,
    decided_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    category: str = "",
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> StaffingQuota:
    """The staffing approved for ``unit`` in ``year`` (in all, or in ``category``). A later decision
    for the same year and category is a correction of the earlier one (:func:`correct`)."""
    if category and category not in StaffCategory.values:
        raise CadreRefused(_("Loại cán bộ không hợp lệ: %(value)s.") % {"value": category})
    taken = StaffingQuota.objects.in_force().filter(unit=unit, year=year, category=category).exists()
    if taken:
        raise CadreRefused(
            _("Đã có biên chế năm %(year)s của đơn vị %(code)s; hãy sửa bản ghi đã có.")
            % {"year": year, "code": unit.code}
        )
    return StaffingQuota.objects.create(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        unit=unit,
        year=year,
        category=category,
        approved=approved,
        decided_on=decided_on,
    )


# -- spells in general ------------------------------------------------------------------------

# Fields an ENDED row does not copy from its start: it has its own.
_OWN = {
    "id",
    "uid",
    "recorded_at",
    "recorded_by",
    "corrects",
    "withdrawn",
    "note",
    "kind",
    "ends",
    "effective_on",
    "end_reason",
    "outcome",
    "basis_number",
    "basis_date",
    "basis_issuer",
    "override_rule",
    "override_reason",
}


def _logged(
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None,
    recorded_at: datetime | None,
) -> dict[str, Any]:
    """The fields every row of the log is written with: its uid and when it was recorded (``stamp``:
    fresh ones by default), who recorded it, its note and its legal basis."""
    return {**stamp(uid, recorded_at), "recorded_by": recorded_by, "note": note, **legal_basis.as_fields()}


def _besides(rows: QS, replaced: Model | None) -> QS:
    """``rows`` but the row a correction replaces: a corrected record is checked against the others,
    never against its own earlier version."""
    return rows if replaced is None else rows.exclude(pk=replaced.pk)


def _copied(row: Model, skip: set[str]) -> dict[str, Any]:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in skip}


def _open_start(model: type[Any], start: Any, on: date, what: str, *, same_day: bool = False) -> Any:
    """``start`` re-read, when it is a STARTED row in force, begun before ``on`` and not ended."""
    fresh: Any = model._default_manager.select_for_update().select_related("person").get(pk=start.pk)
    if fresh.kind != SpellKind.STARTED or fresh.withdrawn or fresh.corrections.exists():
        raise CadreRefused(_("Bản ghi này không còn hiệu lực (đã sửa hoặc hủy); hãy dùng bản ghi mới nhất."))
    if model._default_manager.in_force().filter(kind=SpellKind.ENDED, ends=fresh).exists():
        raise CadreRefused(_("%(what)s của %(who)s đã kết thúc.") % {"what": what, "who": who(fresh.person)})
    if on < fresh.effective_on or (on == fresh.effective_on and not same_day):
        raise CadreRefused(
            _("%(what)s của %(who)s bắt đầu ngày %(start)s: ngày kết thúc %(day)s phải sau đó.")
            % {
                "what": what,
                "who": who(fresh.person),
                "start": vn_date(fresh.effective_on),
                "day": vn_date(on),
            }
        )
    return fresh


def _end(
    model: type[M],
    start: M,
    *,
    on: date,
    what: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None,
    recorded_at: datetime | None,
    override: Override | None = None,
    same_day: bool = False,
    **own: Any,
) -> M:
    """The ENDED row of the spell ``start`` (``what``, for a refusal), from ``on``: a copy of the
    start but for its own fields (the end's day, basis, note, override) and ``own`` (how it ended)."""
    fresh = _open_start(model, start, on, what, same_day=same_day)
    return model._default_manager.create(
        **_copied(fresh, _OWN | set(own)),
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        kind=SpellKind.ENDED,
        ends=fresh,
        effective_on=on,
        **Override.fields_of(override),
        **own,
    )


def _saved(row: M, passed: str, override: Override | None) -> M:
    """``row`` saved, keeping the override only when a rule needed it (``passed``: its code)."""
    row.override_rule, row.override_reason = (passed, override.reason) if passed and override else ("", "")  # type: ignore[attr-defined]
    row.save()
    return row


# -- the checks of RULES.md §11, through the rules of cadre work -----------------------------------


def retirement_of_person(person: Person) -> retirement.Retirement:
    """The person's actual retirement under ND 135/2020 at month precision (RULES.md §11.10,
    ``partyorg.rules.retirement``): every age check of cadre work counts to it (§11.15 #2)."""
    return retirement.retirement_of(person.birth_date, person.sex)


def _disciplines(person: Person) -> list[tuple[str, date]]:
    """(sanction, day decided) of the person's disciplinary measures in force (partyorg.discipline)."""
    return list(
        measures_in_force().filter(person=person).order_by("decided_on").values_list("sanction", "decided_on")
    )


def _position(post: Post, unit: Unit) -> str:
    """A position's key: a post of the catalogue in one unit (a planning list's column)."""
    return f"{post.code}@{unit.pk}"


def _held(person: Person, on: date, *, besides: Model | None = None) -> list[PostHolding]:
    rows = queries.posts_on(on, person_ids=[person.pk])
    rows = _besides(rows, besides)
    return list(rows)


def _check_appointment(holding: PostHolding, override: Override | None, replaced: Model | None = None) -> str:
    """RULES.md §11.5, §11.6 through ``partyorg.rules.appointment``: an appointment to a first or
    higher post (or a designation) needs the months to retirement at the dossier's receipt (KL 08,
    QĐ 80, QĐ 377), the planning for the post (QĐ 377 Art. 34) and the end of a discipline's waiting
    period (QĐ 377 [P]); a rotation needs its working time left at departure (QĐ 98, QĐ 65). The
    day of reference is the dossier's receipt; without it, the day the post is taken (later, so
    stricter). A re-appointment, an extension, an election, a move or a secondment is not checked
    here (elections: the committee's age rule of CT 45 belongs to the congress)."""
    person, post = holding.person, holding.post
    label = who(person)
    reference = holding.dossier_received_on or holding.effective_on
    held = _held(person, holding.effective_on, besides=replaced)
    higher = not held or post.rank < min(h.post.rank for h in held)
    passed: list[str] = []
    if holding.mode in (HoldingMode.APPOINTED, HoldingMode.DESIGNATED):
        retires = retirement_of_person(person)
        planned = (
            queries.planning_on(reference).filter(person=person, post__rank__lte=post.rank).exists()
            or queries.planning_on(holding.effective_on)
            .filter(person=person, post__rank__lte=post.rank)
            .exists()
        )
        passed += [
            overridable(
                lambda: appointment.check_appointment_age(retires, reference, higher_post=higher, who=label),
                override,
            ),
            overridable(
                lambda: appointment.check_in_planning(
                    reference, planned=planned, higher_post=higher, who=label, position_label=post.title
                ),
                override,
            ),
        ]
        if higher:
            passed.append(
                overridable(
                    lambda: appointment.check_discipline_waiting(reference, _disciplines(person), who=label),
                    override,
                )
            )
    elif holding.mode == HoldingMode.ROTATED:
        retires = retirement_of_person(person)
        passed.append(
            overridable(
                lambda: appointment.check_rotation_age(retires, holding.effective_on, who=label), override
            )
        )
    return next((code for code in passed if code), "")


def _check_planning(entry: PlanningEntry, override: Override | None, replaced: Model | None = None) -> str:
    """RULES.md §11.4 through ``partyorg.rules.planning``: at most three people a position and three
    positions a person at one level (QĐ 377), only a position higher than every post held, not while
    the person's appointment is proposed (a post with its dossier received and not yet taken), the
    working time to retirement at the start of the planned term, and none of the automatic exits
    (over age, discipline) on the day."""
    person, post, on = entry.person, entry.post, entry.effective_on
    label = who(person)
    key = _position(post, entry.unit)
    others = queries.planning_on(on).filter(term_first_year=entry.term_first_year)
    others = _besides(others, replaced)
    listed = [
        planning.PlanningEntry(str(pid), f"{code}@{unit_id}", level)
        for pid, code, unit_id, level in others.values_list(
            "person_id", "post__code", "unit_id", "post__level"
        )
    ]
    added = planning.PlanningEntry(str(person.pk), key, post.level)
    held = [(_position(h.post, h.unit), h.post.rank) for h in _held(person, on)]
    proposed = (
        PostHolding.objects.in_force()
        .filter(person=person, kind=SpellKind.STARTED, dossier_received_on__lte=on, effective_on__gte=on)
        .exists()
    )
    retires = retirement_of_person(person)
    starts = planning.term_start(entry.term_first_year)
    checks: list[Callable[[], object]] = [
        lambda: planning.check_planning_limits(on, listed, added, who=label, position_label=post.title),
        lambda: planning.check_higher_position(
            on, planned_position=key, planned_rank=post.rank, held=held, who=label, position_label=post.title
        ),
        lambda: planning.check_not_with_appointment(on, appointment_proposed=proposed, who=label),
        lambda: planning.check_planning_age(retires, on, starts, who=label),
        lambda: _refuse_exit(
            planning.planning_exit(
                retires, decided_on=on, planned_term_start=starts, on=on, disciplines=_disciplines(person)
            )
        ),
    ]
    passed = [overridable(check, override) for check in checks]
    return next((code for code in passed if code), "")


def _refuse_exit(found: planning.PlanningExit | None) -> None:
    if found is not None:
        raise RuleViolation(found.rule, found.message)


def _category_on(person: Person, on: date) -> str:
    """The category the state rates ``person`` in on ``on``: their employment's (budget-paid first);
    a civil servant's when none is recorded (partyorg's choice, docs/cadres.md)."""
    job = queries.employments_on(on).filter(person=person).order_by("-budget_paid", "-effective_on").first()
    return job.category if job is not None else StaffCategory.CIVIL_SERVANT


def _employed_months(person: Person, start: date, end: date) -> int:
    """Whole months of ``[start, end)`` the person was employed, by the spells in force."""
    rows = Employment.objects.in_force().filter(person=person)
    ends = {e.ends_id: e.effective_on for e in rows.filter(kind=SpellKind.ENDED)}
    months = 0
    for job in rows.filter(kind=SpellKind.STARTED, effective_on__lt=end):
        first, until = max(job.effective_on, start), min(ends.get(job.pk) or end, end)
        months += completed_months(first, until) if first < until else 0
    return months


def _months_worked(person: Person, year: int) -> int:
    """Whole months of ``year`` the person worked (a state rating's "< 6 months", RULES.md §11.3)."""
    return min(12, _employed_months(person, date(year, 1, 1), date(year + 1, 1, 1)))


def _check_state_rating(rating: StateRating, override: Override | None, replaced: Model | None = None) -> str:
    """RULES.md §11.3 through ``partyorg.rules.state_ratings``: the regime of the period (its levels
    and ND 335's score thresholds), fewer than six months' work (reviewed, not rated), discipline in
    the year, and the excellent cap (≤ 20 % of "good") among the unit's ratings of the period."""
    person = rating.person
    category = _category_on(person, rating.rated_on)
    if rating.not_rated:
        return ""
    decided = [day for _, day in _disciplines(person) if day.year == rating.year]
    facts = state_ratings.Facts(
        months_worked=_months_worked(person, rating.year), disciplined_on=max(decided, default=None)
    )
    passed = [
        overridable(
            lambda: state_ratings.check_state_rating(
                category,
                rating.year,
                rating.level,
                period=rating.period,
                number=rating.period_number,
                score=rating.score,
                facts=facts,
                who=who(person),
            ),
            override,
        )
    ]
    if rating.level in (StateLevel.EXCELLENT, StateLevel.GOOD):
        peers = StateRating.objects.in_force().filter(
            unit=rating.unit, year=rating.year, period=rating.period, period_number=rating.period_number
        )
        peers = _besides(peers, replaced)
        counts = Counter(peers.exclude(level="").values_list("level", flat=True))
        counts[rating.level] += 1
        passed.append(
            overridable(lambda: state_ratings.check_excellent_cap(category, rating.year, counts), override)
        )
    return next((code for code in passed if code), "")


# -- employment ---------------------------------------------------------------------------------


def _check_employment(row: Employment, override: Override | None, replaced: Model | None = None) -> str:
    name = _unit_name(row.unit, row.effective_on)
    if row.category not in StaffCategory.values:
        raise CadreRefused(
            _("Loại cán bộ không hợp lệ: %(value)s (%(who)s).")
            % {"value": row.category, "who": who(row.person)}
        )
    for value, choices in ((row.rank_class, RankClass), (row.start_reason, EmploymentStart)):
        if value and value not in choices.values:
            raise CadreRefused(
                _("Giá trị không hợp lệ: %(value)s (%(who)s).") % {"value": value, "who": who(row.person)}
            )
    if row.management_level and row.management_level not in ManagementLevel.values:
        raise CadreRefused(_("Phân cấp quản lý không hợp lệ: %(value)s.") % {"value": row.management_level})
    if row.department is not None and row.department.parent_id != row.unit.pk:
        raise CadreRefused(
            _("%(department)s không phải là phòng của %(unit)s (%(who)s).")
            % {"department": row.department.code, "unit": name, "who": who(row.person)}
        )
    if row.effective_on < row.person.birth_date:
        raise CadreRefused(_("%(who)s: ngày bắt đầu công tác trước ngày sinh.") % {"who": who(row.person)})
    open_now = queries.employments_on(row.effective_on).filter(person=row.person, budget_paid=True)
    open_now = _besides(open_now, replaced)
    if row.budget_paid and open_now.exists():
        other = open_now.select_related("unit").first()
        assert other is not None
        raise CadreRefused(
            _("%(who)s đang công tác tại %(unit)s từ ngày %(start)s: hãy kết thúc quá trình đó trước.")
            % {"who": who(row.person), "unit": other.unit.code, "start": vn_date(other.effective_on)}
        )
    return ""


@command
def start_employment(
    person: Person,
    unit: Unit,
    *,
    on: date,
    category: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    department: Unit | None = None,
    contract_basis: str = "",
    budget_paid: bool = True,
    rank: str = "",
    rank_code: str = "",
    rank_class: str = "",
    start_reason: str = "",
    salary_step: int | None = None,
    salary_coefficient: Decimal | None = None,
    management_level: str = "",
    managed_by: Organization | None = None,
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> Employment:
    """``person`` works in ``unit`` (and ``department``) from ``on`` as ``category``, begun as
    ``start_reason`` says (recruited, received, moved in…: form 8C's increases). A person has
    one budget-paid employment at a time; a change of rank, grade or category ends the spell and
    starts another."""
    row = Employment(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        kind=SpellKind.STARTED,
        person=person,
        unit=unit,
        department=department,
        category=category,
        contract_basis=contract_basis,
        budget_paid=budget_paid,
        rank=rank,
        rank_code=rank_code,
        rank_class=rank_class,
        start_reason=start_reason,
        salary_step=salary_step,
        salary_coefficient=salary_coefficient,
        management_level=management_level,
        managed_by=managed_by,
        effective_on=on,
    )
    passed = _check_employment(row, override)
    return _saved(row, passed, override)


@command
def end_employment(
    employment: Employment,
    *,
    on: date,
    reason: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> Employment:
    """The employment ends on ``on`` (its first day out), with how (``EmploymentEnd``)."""
    if reason not in EmploymentEnd.values:
        raise CadreRefused(_("Lý do kết thúc không hợp lệ: %(value)s.") % {"value": reason})
    return _end(
        Employment,
        employment,
        on=on,
        what=_("Quá trình công tác"),
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
        end_reason=reason,
    )


# -- posts --------------------------------------------------------------------------------------


def _check_holding(row: PostHolding, override: Override | None, replaced: Model | None = None) -> str:
    name = _unit_name(row.unit, row.effective_on)
    if row.mode and row.mode not in HoldingMode.values:
        raise CadreRefused(_("Hình thức không hợp lệ: %(value)s.") % {"value": row.mode})
    if row.term_ends_on is not None and row.term_ends_on <= row.effective_on:
        raise CadreRefused(
            _("%(who)s: hết thời hạn giữ chức vụ %(post)s (%(end)s) phải sau ngày bắt đầu %(day)s.")
            % {
                "who": who(row.person),
                "post": row.post.title,
                "end": vn_date(row.term_ends_on),
                "day": vn_date(row.effective_on),
            }
        )
    same = queries.posts_on(row.effective_on, person_ids=[row.person.pk]).filter(post=row.post, unit=row.unit)
    same = _besides(same, replaced)
    if same.exists():
        raise CadreRefused(
            _("%(who)s đang giữ chức vụ %(post)s tại %(unit)s vào ngày %(day)s.")
            % {"who": who(row.person), "post": row.post.title, "unit": name, "day": vn_date(row.effective_on)}
        )
    return _check_appointment(row, override, replaced)


@command
def appoint(
    person: Person,
    post: Post,
    unit: Unit,
    *,
    on: date,
    mode: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    term_ends_on: date | None = None,
    dossier_received_on: date | None = None,
    concurrent: bool = False,
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PostHolding:
    """``person`` holds ``post`` in ``unit`` from ``on`` (elected, appointed, re-appointed,
    designated, moved or rotated there: ``mode``), for a term ending ``term_ends_on`` (by default
    the post's term, cut at the retirement month). A re-appointment ends the previous holding of
    the same post with :func:`end_post` (reason ``reappointed``) and starts a new one here."""
    if term_ends_on is None:
        # 5 years (a setting, [P]), never past the retirement (RULES.md §11.5, rules.appointment)
        term_ends_on = appointment.term_until(on, retirement_of_person(person))
    row = PostHolding(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        kind=SpellKind.STARTED,
        person=person,
        post=post,
        unit=unit,
        mode=mode,
        concurrent=concurrent,
        effective_on=on,
        term_ends_on=term_ends_on,
        dossier_received_on=dossier_received_on,
    )
    passed = _check_holding(row, override)
    return _saved(row, passed, override)


@command
def end_post(
    holding: PostHolding,
    *,
    on: date,
    reason: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PostHolding:
    """The holding ends on ``on`` (its first day out): at the end of the term, by re-appointment,
    rotation, stepping down, resignation, dismissal, removal, retirement… (``PostEnd``)."""
    if reason not in PostEnd.values:
        raise CadreRefused(_("Lý do thôi giữ chức vụ không hợp lệ: %(value)s.") % {"value": reason})
    return _end(
        PostHolding,
        holding,
        on=on,
        what=_("Chức vụ"),
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
        override=override,
        end_reason=reason,
    )


# -- training -----------------------------------------------------------------------------------


def _check_training(row: TrainingEnrolment, override: Override | None, replaced: Model | None = None) -> str:
    if row.programme not in Programme.values:
        raise CadreRefused(_("Loại đào tạo không hợp lệ: %(value)s.") % {"value": row.programme})
    levels = TrainingLevels.get(row.programme)
    if levels is not None and row.level not in levels:
        raise CadreRefused(
            _("Trình độ %(level)s không thuộc loại %(programme)s (%(who)s).")
            % {"level": row.level, "programme": Programme(row.programme).label, "who": who(row.person)}
        )
    if row.effective_on < row.person.birth_date:
        raise CadreRefused(_("%(who)s: ngày học trước ngày sinh.") % {"who": who(row.person)})
    postgraduate = row.programme == Programme.DEGREE and row.level in (DegreeLevel.MASTER, DegreeLevel.DOCTOR)
    if not (row.dispatched and postgraduate and row.start_known):
        return ""
    if _category_on(row.person, row.effective_on) != StaffCategory.CIVIL_SERVANT:
        return ""
    person, on = row.person, row.effective_on
    earlier = TrainingEnrolment.objects.in_force().filter(
        person=person,
        kind=SpellKind.STARTED,
        dispatched=True,
        programme=Programme.DEGREE,
        level__in=(DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        effective_on__lt=on,
    )
    earlier = _besides(earlier, replaced)
    rated = dict(
        StateRating.objects.in_force()
        .filter(person=person, period=StatePeriod.YEAR, year__lt=on.year)
        .exclude(level="")
        .values_list("year", "level")
    )
    return overridable(
        lambda: training.check_postgraduate_dispatch(
            on,
            person.birth_date,
            service_months=_employed_months(person, person.birth_date, on),
            levels_by_year=rated,
            first_time=not earlier.exists(),
            who=who(person),
        ),
        override,
    )


@dataclass(frozen=True)
class Course:
    """What a course is, whoever records it: programme, level, where and how."""

    programme: str
    level: str = ""
    field_of_study: str = ""
    institution: str = ""
    mode: str = ""
    place: str = ""
    certificate: str = ""
    is_confirmation: bool = False


def _course_fields(course: Course) -> dict[str, object]:
    """The enrolment's fields that describe its course (a new course or a qualification declared)."""
    return {
        "programme": course.programme,
        "level": course.level,
        "field_of_study": course.field_of_study,
        "institution": course.institution,
        "mode": course.mode,
        "place": course.place,
        "certificate": course.certificate,
        "is_confirmation": course.is_confirmation,
    }


@command
def start_training(
    person: Person,
    course: Course,
    *,
    on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    planned_end_on: date | None = None,
    start_known: bool = True,
    completed_on: date | None = None,
    commitment_until: date | None = None,
    dispatched: bool = False,
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> TrainingEnrolment:
    """``person`` begins ``course`` on ``on`` (the decision sending them, or the enrolment, as the
    legal basis). With ``completed_on`` the course is also recorded as completed that day (a
    qualification held before the records: ``start_known=False`` and ``on`` = ``completed_on``).
    ``dispatched``: the agency sends the person (cử đi đào tạo); a civil servant's postgraduate course
    then needs the service, ratings and age of ND 101/2017 or ND 171/2025 (RULES.md §11.8)."""
    row = TrainingEnrolment(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        kind=SpellKind.STARTED,
        person=person,
        **_course_fields(course),
        effective_on=on,
        start_known=start_known,
        planned_end_on=planned_end_on,
        commitment_until=commitment_until,
        dispatched=dispatched,
    )
    _saved(row, _check_training(row, override), override)
    if completed_on is not None:
        end_training.within(
            row,
            on=completed_on,
            outcome=TrainingOutcome.COMPLETED,
            legal_basis=legal_basis,
            recorded_by=recorded_by,
            note=note,
            recorded_at=recorded_at,
        )
    return row


@command
def end_training(
    enrolment: TrainingEnrolment,
    *,
    on: date,
    outcome: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    certificate: str = "",
    commitment_until: date | None = None,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> TrainingEnrolment:
    """The course ends on ``on``: completed (with its diploma or certificate, and the service
    commitment it brings) or dropped. A qualification declared with its proof (no known start)
    begins and ends on the same day."""
    if outcome not in TrainingOutcome.values:
        raise CadreRefused(_("Kết quả không hợp lệ: %(value)s.") % {"value": outcome})
    return _end(
        TrainingEnrolment,
        enrolment,
        on=on,
        what=_("Khóa học"),
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
        same_day=not enrolment.start_known,
        outcome=outcome,
        # a start is never changed: the row given holds what the one read again holds
        certificate=certificate or enrolment.certificate,
        commitment_until=commitment_until or enrolment.commitment_until,
    )


# -- state ratings -------------------------------------------------------------------------------


def _check_rating(row: StateRating, override: Override | None, replaced: Model | None = None) -> str:
    _unit_name(row.unit, row.rated_on)
    if row.period not in StatePeriod.values or row.system not in RatingSystem.values:
        raise CadreRefused(_("Kỳ hoặc quy định đánh giá không hợp lệ (%(who)s).") % {"who": who(row.person)})
    limit = {StatePeriod.YEAR: 0, StatePeriod.QUARTER: 4, StatePeriod.MONTH: 12}[StatePeriod(row.period)]
    if (limit == 0 and row.period_number != 0) or (limit and not 1 <= row.period_number <= limit):
        raise CadreRefused(
            _("Số kỳ không hợp lệ: %(n)s (%(who)s).") % {"n": row.period_number, "who": who(row.person)}
        )
    if row.not_rated == bool(row.level) or (row.level and row.level not in StateLevel.values):
        raise CadreRefused(
            _("%(who)s: ghi một mức xếp loại, hoặc đánh dấu chỉ nhận xét, không xếp loại.")
            % {"who": who(row.person)}
        )
    twice = StateRating.objects.in_force().filter(
        person=row.person, year=row.year, period=row.period, period_number=row.period_number
    )
    twice = _besides(twice, replaced)
    if twice.exists():
        raise CadreRefused(
            _("%(who)s đã được đánh giá kỳ này (%(year)s); hãy sửa bản ghi đã có.")
            % {"who": who(row.person), "year": row.year}
        )
    return _check_state_rating(row, override, replaced)


@command
def rate_state(
    person: Person,
    unit: Unit,
    *,
    year: int,
    rated_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    level: str = "",
    score: Decimal | None = None,
    not_rated: bool = False,
    period: str = StatePeriod.YEAR,
    period_number: int = 0,
    system: str = "",
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> StateRating:
    """The state's rating of ``person`` by ``unit`` for a period, held on ``rated_on``: a level
    (and score, on ND 335's 100 points), or reviewed but not rated. Kept apart from the party's
    rating (``partyorg.ratings``)."""
    row = StateRating(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        person=person,
        unit=unit,
        system=system
        or state_ratings.regime_for(_category_on(person, rated_on), year, period, period_number).code,
        year=year,
        period=period,
        period_number=period_number,
        rated_on=rated_on,
        level=level,
        score=score,
        not_rated=not_rated,
    )
    passed = _check_rating(row, override)
    return _saved(row, passed, override)


# -- planning -----------------------------------------------------------------------------------


def _check_entry(row: PlanningEntry, override: Override | None, replaced: Model | None = None) -> str:
    _unit_name(row.unit, row.effective_on)
    if row.term_last_year <= row.term_first_year:
        raise CadreRefused(
            _("Nhiệm kỳ quy hoạch không hợp lệ: %(a)s–%(b)s.")
            % {"a": row.term_first_year, "b": row.term_last_year}
        )
    same = queries.planning_on(row.effective_on).filter(
        person=row.person, post=row.post, unit=row.unit, term_first_year=row.term_first_year
    )
    same = _besides(same, replaced)
    if same.exists():
        raise CadreRefused(
            _("%(who)s đã được quy hoạch chức danh %(post)s nhiệm kỳ %(a)s–%(b)s.")
            % {
                "who": who(row.person),
                "post": row.post.title,
                "a": row.term_first_year,
                "b": row.term_last_year,
            }
        )
    return _check_planning(row, override, replaced)


@command
def plan(
    person: Person,
    post: Post,
    unit: Unit,
    *,
    term_first_year: int,
    term_last_year: int,
    on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PlanningEntry:
    """``person`` enters the planning of ``post`` in ``unit`` for the term, from ``on`` (the
    approving decision as the legal basis)."""
    row = PlanningEntry(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        kind=SpellKind.STARTED,
        person=person,
        post=post,
        unit=unit,
        term_first_year=term_first_year,
        term_last_year=term_last_year,
        effective_on=on,
    )
    passed = _check_entry(row, override)
    return _saved(row, passed, override)


@command
def exit_planning(
    entry: PlanningEntry,
    *,
    on: date,
    reason: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PlanningEntry:
    """The person leaves the planning from ``on``, for ``reason`` (``PlanningExit``)."""
    if reason not in PlanningExit.values:
        raise CadreRefused(_("Lý do ra khỏi quy hoạch không hợp lệ: %(value)s.") % {"value": reason})
    return _end(
        PlanningEntry,
        entry,
        on=on,
        what=_("Quy hoạch"),
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        uid=uid,
        recorded_at=recorded_at,
        end_reason=reason,
    )


@command
def review_planning(
    unit: Unit,
    *,
    term_first_year: int,
    term_last_year: int,
    year: int,
    reviewed_on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> PlanningReview:
    """The unit reviewed its planning for the term in ``year`` (RULES.md §11.4: every year). The
    entries it added or took out are recorded with :func:`plan` and :func:`exit_planning`."""
    _unit_name(unit, reviewed_on)
    if (
        PlanningReview.objects.in_force()
        .filter(unit=unit, term_first_year=term_first_year, year=year)
        .exists()
    ):
        raise CadreRefused(
            _("Đã có rà soát quy hoạch năm %(year)s của đơn vị %(code)s.") % {"year": year, "code": unit.code}
        )
    return PlanningReview.objects.create(
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        unit=unit,
        term_first_year=term_first_year,
        term_last_year=term_last_year,
        year=year,
        reviewed_on=reviewed_on,
    )


# -- corrections and withdrawals -----------------------------------------------------------------

_CHECKS: dict[type[Model], Callable[[Any, Override | None, Model | None], str]] = {
    Employment: _check_employment,
    PostHolding: _check_holding,
    TrainingEnrolment: _check_training,
    StateRating: _check_rating,
    PlanningEntry: _check_entry,
}


def _in_force(model: type[Any], wrong: Any) -> Any:
    fresh: Any = model._default_manager.select_for_update().get(pk=wrong.pk)
    if fresh.withdrawn or fresh.corrections.exists():
        raise CadreRefused(_("Bản ghi này đã được sửa hoặc hủy; hãy sửa bản ghi mới nhất."))
    if (
        getattr(fresh, "kind", None) == SpellKind.STARTED
        and model._default_manager.in_force().filter(kind=SpellKind.ENDED, ends=fresh).exists()
    ):
        raise CadreRefused(
            _("Quá trình này đã có bản ghi kết thúc: hãy sửa hoặc hủy bản ghi kết thúc trước.")
        )
    return fresh


def _successor(
    fresh: Model,
    values: Mapping[str, Any],
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None,
    recorded_at: datetime | None,
) -> Any:
    """A new row (not saved) carrying the whole record of ``fresh`` with ``values``, correcting it:
    the row a correction or a withdrawal writes."""
    row: Any = type(fresh)(
        **_copied(fresh, {"id", "uid", "recorded_at", "recorded_by", "corrects", "withdrawn", "note"})
    )
    for name, value in {
        **values,
        **_logged(legal_basis, recorded_by, note, uid, recorded_at),
        "corrects": fresh,
    }.items():
        setattr(row, name, value)
    return row


@command
def correct(
    wrong: CadreRecord,
    *,
    changes: Mapping[str, Any],
    note: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CadreRecord:
    """A new row carrying the whole record of ``wrong`` with ``changes`` (field name → value),
    checked again as a new record would be; ``wrong`` stays, marked as corrected. An ENDED row's
    ``ends`` and a row's ``kind`` do not change."""
    if not note.strip():
        raise CadreRefused(_("Cần ghi lý do sửa."))
    model = type(wrong)
    fresh = _in_force(model, wrong)
    fixed = set(changes) & {
        "kind",
        "ends",
        "uid",
        "corrects",
        "withdrawn",
        "id",
        "recorded_at",
        "recorded_by",
    }
    if fixed:
        raise CadreRefused(_("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(fixed))})
    row = _successor(fresh, changes, legal_basis, recorded_by, note, uid, recorded_at)
    check = _CHECKS.get(model)
    passed = ""
    if getattr(row, "kind", SpellKind.STARTED) == SpellKind.ENDED:
        begun = row.ends
        if row.effective_on <= begun.effective_on and getattr(begun, "start_known", True):
            raise CadreRefused(
                _("Ngày kết thúc %(day)s phải sau ngày bắt đầu %(start)s.")
                % {"day": vn_date(row.effective_on), "start": vn_date(begun.effective_on)}
            )
    elif check is not None:
        passed = check(row, override, fresh)
    return cast(CadreRecord, _saved(row, passed, override))


@command
def withdraw(
    wrong: CadreRecord,
    *,
    note: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> CadreRecord:
    """Take a record back (entered in error, or the decision annulled): a row that corrects it with
    ``withdrawn``. An ENDED row withdrawn reopens its spell."""
    if not note.strip():
        raise CadreRefused(_("Cần ghi lý do hủy."))
    model = type(wrong)
    fresh = _in_force(model, wrong)
    row = _successor(fresh, {"withdrawn": True}, legal_basis, recorded_by, note, uid, recorded_at)
    row.save()
    return cast(CadreRecord, row)


# -- the cadre role ------------------------------------------------------------------------------


def grant_cadre_role(username: str, organization: Organization, role: int, *, granted_by: str) -> CadreGrant:
    """``username`` (an existing user) holds the cadre role ``role`` over ``organization`` from now on
    (the command line, run by whoever runs the machine; a page asks :func:`give_cadre_role`)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CadreRefused(_("Không có người dùng %(name)s.") % {"name": username})
    return CadreGrant.objects.create(
        user=user,
        organization=organization,
        role=Role(role),
        granted_at=timezone.now(),
        granted_by=granted_by,
    )


def give_cadre_role(by: AbstractBaseUser, username: str, organization_code: str, role: int) -> CadreGrant:
    """As :func:`grant_cadre_role`, given by ``by``, who must administer the organization today (else
    ``OutOfScope``, as if it did not exist): the same who may give a member-records role
    (``partyorg.accounts.services.give_role``)."""
    org = administered(by).organization(organization_code, Role.ADMINISTER)
    with transaction.atomic(durable=True):
        return grant_cadre_role(username, org, role, granted_by=by.get_username())


def take_cadre_role(grant: CadreGrant, *, revoked_by: str) -> CadreGrant:
    """Take back a cadre role still held; the grant stays, marked with who took it back and when."""
    with transaction.atomic(durable=True):
        fresh = CadreGrant.objects.select_for_update().get(pk=grant.pk)
        if fresh.revoked_at is not None:
            raise CadreRefused(_("Quyền này đã được thu hồi."))
        fresh.revoked_at = timezone.now()
        fresh.revoked_by = revoked_by
        fresh.save(update_fields=["revoked_at", "revoked_by"])
        return fresh


# -- batches: many steps in one call, the same checks, the rows written in bulk ---------------------
#
# The demo province (``partyorg.demo.cadres``) records thousands of posts, employments, declared
# qualifications and ratings; one command a row would take minutes. A batch checks each step as its
# command would — against the records in force and the steps before it in the batch, read once —
# and writes the rows with ``bulk_create``. Steps whose command asks a dated rule about more than the
# person's own records (an appointment's age, planning and discipline, a rotation's age, a
# postgraduate dispatch) are refused here: record them with their command.


@dataclass(frozen=True)
class SpellStep:
    """One step of :func:`record_spells`: start an employment or a post (``model``, ``person``,
    ``unit``, ``fields``: the command's keyword arguments), or end one (``ends``: the index of its
    start in the same batch, or ``start``: a start already stored; ``reason``). ``uid`` and
    ``recorded_by`` as an import gives them (by default a new uid, and the batch's recorder for a
    start, the start's for an end)."""

    model: type[Employment] | type[PostHolding]
    person: Person
    on: date
    unit: Unit | None = None
    fields: Mapping[str, Any] | None = None
    ends: int | None = None
    reason: str = ""
    legal_basis: LegalBasis = field(default_factory=LegalBasis)
    recorded_at: datetime | None = None
    note: str = ""
    start: Employment | PostHolding | None = None
    uid: str | None = None
    recorded_by: str = ""


# Modes an appointment's rules check (``_check_appointment``): recorded with ``appoint`` only.
_RULED_MODES = frozenset({HoldingMode.APPOINTED, HoldingMode.DESIGNATED, HoldingMode.ROTATED})


class _Standing:
    """Which units stand on a day, read once: each unit's versions in force."""

    def __init__(self) -> None:
        self.versions: dict[int, list[tuple[date, int, str, bool]]] = {}
        for unit_id, valid_from, pk, name, dissolved in UnitVersion.objects.in_force().values_list(
            "unit_id", "valid_from", "pk", "name", "dissolved"
        ):
            self.versions.setdefault(unit_id, []).append((valid_from, pk, name, dissolved))
        for rows in self.versions.values():
            rows.sort()

    def name(self, unit: Unit, on: date) -> str:
        latest = None
        for version in self.versions.get(unit.pk, ()):
            if version[0] > on:
                break
            latest = version
        if latest is None or latest[3]:
            raise CadreRefused(
                _("Đơn vị %(code)s không tồn tại vào ngày %(day)s.") % {"code": unit.code, "day": vn_date(on)}
            )
        return latest[2]


def _spells_of(model: type[Any], person_ids: set[int]) -> dict[int, list[list[Any]]]:
    """person -> [start row's values, end day or None] of the spells in force of ``model``."""
    rows = model.objects.in_force().filter(person_id__in=person_ids)
    ends = dict(rows.filter(kind=SpellKind.ENDED).values_list("ends_id", "effective_on"))
    found: dict[int, list[list[Any]]] = {}
    fields = ["pk", "person_id", "effective_on", "unit_id"]
    fields += ["budget_paid"] if model is Employment else ["post_id"]
    for values in rows.filter(kind=SpellKind.STARTED).values_list(*fields):
        found.setdefault(values[1], []).append([values, ends.get(values[0])])
    return found


def _ending(step: SpellStep) -> bool:
    return step.ends is not None or step.start is not None


def _open(spell: list[Any], on: date) -> bool:
    return bool(spell[0][2] <= on and (spell[1] is None or on < spell[1]))


@command
def record_spells(steps: list[SpellStep], *, recorded_by: str) -> list[Employment | PostHolding]:
    """Employments and posts started and ended, in one transaction, each step checked as
    :func:`start_employment`, :func:`end_employment`, :func:`appoint` (modes without a rule of
    their own: elected, re-appointed, extended, moved, seconded) and :func:`end_post` check it;
    returns the rows, in the order of the steps. Steps are taken in the order of their days (on one
    day, ends first: the first day out of a spell may be the first day of the next)."""
    order = sorted(range(len(steps)), key=lambda i: (steps[i].on, not _ending(steps[i]), i))
    people = {s.person.pk for s in steps} | {s.start.person_id for s in steps if s.start is not None}
    spells = {Employment: _spells_of(Employment, people), PostHolding: _spells_of(PostHolding, people)}
    standing = _Standing()
    made: dict[int, Any] = {}
    live: dict[int, list[Any]] = {}  # index of a start in the batch -> its spell
    for i in order:
        step = steps[i]
        if _ending(step):
            made[i] = _batch_end(step, made, live, spells[step.model])
            continue
        assert step.unit is not None
        fields = dict(step.fields or {})
        name = standing.name(step.unit, step.on)
        row: Any = step.model(
            **_logged(
                step.legal_basis, step.recorded_by or recorded_by, step.note, step.uid, step.recorded_at
            ),
            kind=SpellKind.STARTED,
            person=step.person,
            unit=step.unit,
            effective_on=step.on,
            **fields,
        )
        mine = spells[step.model].setdefault(step.person.pk, [])
        if step.model is Employment:
            _batch_employment(row, name, mine)
            key = [(None, step.person.pk, step.on, step.unit.pk, row.budget_paid), None]
        else:
            _batch_post(row, name, mine)
            key = [(None, step.person.pk, step.on, step.unit.pk, row.post_id), None]
        mine.append(key)
        live[i] = key
        made[i] = row
    # Written in the order the steps were checked, so that the rows' order (the order an export
    # writes them in, and an import checks them in again, one at a time) is a valid order: an end
    # before the next start of the same person. An end needs its start's id: the rows before it are
    # written first when its start is among them.
    pending: dict[type[Any], list[Any]] = {Employment: [], PostHolding: []}
    for i in order:
        step, row = steps[i], made[i]
        if step.start is not None:
            row.ends, row.ends_id = step.start, step.start.pk
        elif step.ends is not None:
            start = made[step.ends]
            if start.pk is None:
                step.model.objects.bulk_create(pending[step.model])
                pending[step.model].clear()
            row.ends, row.ends_id = start, start.pk
        pending[step.model].append(row)
    for model, rows in pending.items():
        model.objects.bulk_create(rows)
    return [made[i] for i in range(len(steps))]


def _batch_employment(row: Employment, name: str, mine: list[list[Any]]) -> None:
    """:func:`_check_employment`, the person's other employments read once."""
    who_ = who(row.person)
    if row.category not in StaffCategory.values:
        raise CadreRefused(
            _("Loại cán bộ không hợp lệ: %(value)s (%(who)s).") % {"value": row.category, "who": who_}
        )
    for value, choices in ((row.rank_class, RankClass), (row.start_reason, EmploymentStart)):
        if value and value not in choices.values:
            raise CadreRefused(
                _("Giá trị không hợp lệ: %(value)s (%(who)s).") % {"value": value, "who": who_}
            )
    if row.management_level and row.management_level not in ManagementLevel.values:
        raise CadreRefused(_("Phân cấp quản lý không hợp lệ: %(value)s.") % {"value": row.management_level})
    if row.department is not None and row.department.parent_id != row.unit.pk:
        raise CadreRefused(
            _("%(department)s không phải là phòng của %(unit)s (%(who)s).")
            % {"department": row.department.code, "unit": name, "who": who_}
        )
    if row.effective_on < row.person.birth_date:
        raise CadreRefused(_("%(who)s: ngày bắt đầu công tác trước ngày sinh.") % {"who": who_})
    if row.budget_paid:
        for spell in mine:
            if spell[0][4] and _open(spell, row.effective_on):
                raise CadreRefused(
                    _(
                        "%(who)s đang công tác tại %(unit)s từ ngày %(start)s: hãy kết thúc quá trình đó trước."  # noqa: E501
                    )
                    % {
                        "who": who_,
                        "unit": Unit.objects.get(pk=spell[0][3]).code,
                        "start": vn_date(spell[0][2]),
                    }
                )


def _batch_post(row: PostHolding, name: str, mine: list[list[Any]]) -> None:
    """:func:`_check_holding` for the modes without a rule of their own, the person's posts read once."""
    if row.mode and row.mode not in HoldingMode.values:
        raise CadreRefused(_("Hình thức không hợp lệ: %(value)s.") % {"value": row.mode})
    if row.mode in _RULED_MODES:
        raise CadreRefused(
            _("%(who)s: bổ nhiệm, chỉ định, luân chuyển được ghi từng việc (kiểm tra tuổi, quy hoạch).")
            % {"who": who(row.person)}
        )
    if row.term_ends_on is None:
        row.term_ends_on = appointment.term_until(row.effective_on, retirement_of_person(row.person))
    if row.term_ends_on <= row.effective_on:
        raise CadreRefused(
            _("%(who)s: hết thời hạn giữ chức vụ %(post)s (%(end)s) phải sau ngày bắt đầu %(day)s.")
            % {
                "who": who(row.person),
                "post": row.post.title,
                "end": vn_date(row.term_ends_on),
                "day": vn_date(row.effective_on),
            }
        )
    for spell in mine:
        if spell[0][4] == row.post_id and spell[0][3] == row.unit.pk and _open(spell, row.effective_on):
            raise CadreRefused(
                _("%(who)s đang giữ chức vụ %(post)s tại %(unit)s vào ngày %(day)s.")
                % {
                    "who": who(row.person),
                    "post": row.post.title,
                    "unit": name,
                    "day": vn_date(row.effective_on),
                }
            )


def _batch_end(
    step: SpellStep, made: dict[int, Any], live: dict[int, list[Any]], stored: dict[int, list[list[Any]]]
) -> Any:
    """:func:`_end` for a start made earlier in the batch, or stored (``stored``: the spells in force
    of the batch's people)."""
    start: Any
    if step.start is not None:
        start = step.start
        spell = next((s for s in stored.get(start.person_id, ()) if s[0][0] == start.pk), None)
        if spell is None:  # not a start in force (corrected, withdrawn, or itself an end)
            raise CadreRefused(
                _("Bản ghi này không còn hiệu lực (đã sửa hoặc hủy); hãy dùng bản ghi mới nhất.")
            )
    else:
        assert step.ends is not None
        start, spell = made.get(step.ends), live.get(step.ends)
    if start is None or spell is None:
        raise CadreRefused(_("Bản ghi kết thúc phải đi sau bản ghi bắt đầu của nó."))
    is_job = step.model is Employment
    what = _("Quá trình công tác") if is_job else _("Chức vụ")
    valid = EmploymentEnd.values if is_job else PostEnd.values
    if step.reason not in valid:
        raise CadreRefused(_("Lý do kết thúc không hợp lệ: %(value)s.") % {"value": step.reason})
    if spell[1] is not None:
        raise CadreRefused(_("%(what)s của %(who)s đã kết thúc.") % {"what": what, "who": who(step.person)})
    if step.on <= start.effective_on:
        raise CadreRefused(
            _("%(what)s của %(who)s bắt đầu ngày %(start)s: ngày kết thúc %(day)s phải sau đó.")
            % {
                "what": what,
                "who": who(step.person),
                "start": vn_date(start.effective_on),
                "day": vn_date(step.on),
            }
        )
    spell[1] = step.on
    return step.model(
        **_copied(start, _OWN),
        **_logged(
            step.legal_basis, step.recorded_by or start.recorded_by, step.note, step.uid, step.recorded_at
        ),
        kind=SpellKind.ENDED,
        effective_on=step.on,
        end_reason=step.reason,
    )


@command
def declare_qualifications(
    entries: list[tuple[Person, Course, date, LegalBasis]], *, recorded_by: str
) -> list[TrainingEnrolment]:
    """Qualifications held before the records (a degree, a political theory level: ``start_training``
    with ``start_known=False`` and ``completed_on`` the day of the proof), many at once, each checked
    as :func:`start_training` checks it; returns the STARTED rows."""
    starts: list[TrainingEnrolment] = []
    for person, course, on, basis in entries:
        row = TrainingEnrolment(
            **_logged(basis, recorded_by, "", None, None),
            kind=SpellKind.STARTED,
            person=person,
            **_course_fields(course),
            effective_on=on,
            start_known=False,
        )
        _check_training(row, None)  # not a dispatch: no query
        starts.append(row)
    TrainingEnrolment.objects.bulk_create(starts)
    TrainingEnrolment.objects.bulk_create(
        [
            TrainingEnrolment(
                **_copied(row, _OWN),
                **_logged(LegalBasis.of(row), recorded_by, "", None, None),
                kind=SpellKind.ENDED,
                ends=row,
                effective_on=row.effective_on,
                outcome=TrainingOutcome.COMPLETED,
            )
            for row in starts
        ]
    )
    return starts


@dataclass(frozen=True)
class NewStateRating:
    """One rating of :func:`rate_state_many` (the keyword arguments of :func:`rate_state`)."""

    person: Person
    unit: Unit
    year: int
    rated_on: date
    level: str = ""
    not_rated: bool = False
    legal_basis: LegalBasis = field(default_factory=LegalBasis)
    recorded_at: datetime | None = None


@command
def rate_state_many(
    entries: list[NewStateRating], *, recorded_by: str
) -> tuple[list[StateRating], list[tuple[NewStateRating, Refused]]]:
    """Yearly state ratings, many at once, each checked as :func:`rate_state` checks it (the regime of
    the year and category, a rating given twice, fewer than six months' work, discipline in the
    year, the excellent cap among the unit's ratings, those of the batch before it included). The
    ratings refused are returned with their refusal and not written; the others are written."""
    people = {e.person.pk for e in entries}
    standing = _Standing()
    jobs = Employment.objects.in_force().filter(person_id__in=people)
    ends = dict(jobs.filter(kind=SpellKind.ENDED).values_list("ends_id", "effective_on"))
    spells: dict[int, list[tuple[date, date | None, str, bool]]] = {}
    for pk, person_id, start, category, paid in jobs.filter(kind=SpellKind.STARTED).values_list(
        "pk", "person_id", "effective_on", "category", "budget_paid"
    ):
        spells.setdefault(person_id, []).append((start, ends.get(pk), category, paid))
    disciplines: dict[int, list[date]] = {}
    for person_id, decided_on in (
        measures_in_force().filter(person_id__in=people).values_list("person_id", "decided_on")
    ):
        disciplines.setdefault(person_id, []).append(decided_on)
    years = {e.year for e in entries}
    given = StateRating.objects.in_force().filter(year__in=years, period=StatePeriod.YEAR)
    rated = set(given.filter(person_id__in=people).values_list("person_id", "year"))
    peers: dict[tuple[int, int], Counter[str]] = {}
    for unit_id, year, level in given.exclude(level="").values_list("unit_id", "year", "level"):
        peers.setdefault((unit_id, year), Counter())[level] += 1
    made: list[StateRating] = []
    refused: list[tuple[NewStateRating, Refused]] = []
    for e in entries:
        person, who_ = e.person, who(e.person)
        try:
            standing.name(e.unit, e.rated_on)
            open_jobs = sorted(
                (
                    s
                    for s in spells.get(person.pk, ())
                    if s[0] <= e.rated_on and (s[1] is None or e.rated_on < s[1])
                ),
                key=lambda s: (not s[3], -s[0].toordinal()),
            )
            category = open_jobs[0][2] if open_jobs else StaffCategory.CIVIL_SERVANT
            system = state_ratings.regime_for(category, e.year, StatePeriod.YEAR, 0).code
            if e.not_rated == bool(e.level) or (e.level and e.level not in StateLevel.values):
                raise CadreRefused(
                    _("%(who)s: ghi một mức xếp loại, hoặc đánh dấu chỉ nhận xét, không xếp loại.")
                    % {"who": who_}
                )
            if (person.pk, e.year) in rated:
                raise CadreRefused(
                    _("%(who)s đã được đánh giá kỳ này (%(year)s); hãy sửa bản ghi đã có.")
                    % {"who": who_, "year": e.year}
                )
            if not e.not_rated:
                first, until = date(e.year, 1, 1), date(e.year + 1, 1, 1)
                months = 0
                for start, end, _c, _p in spells.get(person.pk, ()):
                    a, b = max(start, first), min(end or until, until)
                    months += completed_months(a, b) if a < b else 0
                decided = [d for d in disciplines.get(person.pk, ()) if d.year == e.year]
                facts = state_ratings.Facts(
                    months_worked=min(12, months), disciplined_on=max(decided, default=None)
                )
                state_ratings.check_state_rating(
                    category,
                    e.year,
                    e.level,
                    period=StatePeriod.YEAR,
                    number=0,
                    score=None,
                    facts=facts,
                    who=who_,
                )
                if e.level in (StateLevel.EXCELLENT, StateLevel.GOOD):
                    counts = Counter(peers.get((e.unit.pk, e.year), Counter()))
                    counts[e.level] += 1
                    state_ratings.check_excellent_cap(category, e.year, counts)
        except Refused as refusal:
            refused.append((e, refusal))
            continue
        rated.add((person.pk, e.year))
        if e.level:
            peers.setdefault((e.unit.pk, e.year), Counter())[e.level] += 1
        made.append(
            StateRating(
                **_logged(e.legal_basis, recorded_by, "", None, e.recorded_at),
                person=person,
                unit=e.unit,
                system=system,
                year=e.year,
                period=StatePeriod.YEAR,
                period_number=0,
                rated_on=e.rated_on,
                level=e.level,
                not_rated=e.not_rated,
            )
        )
    StateRating.objects.bulk_create(made)
    return made, refused


@dataclass(frozen=True)
class NewPlanning:
    """One entry of :func:`plan_many` (the arguments of :func:`plan`)."""

    person: Person
    post: Post
    unit: Unit
    term_first_year: int
    term_last_year: int
    on: date
    legal_basis: LegalBasis = field(default_factory=LegalBasis)
    recorded_at: datetime | None = None


@command
def plan_many(
    entries: list[NewPlanning], *, recorded_by: str
) -> tuple[list[PlanningEntry], list[tuple[NewPlanning, Refused]]]:
    """Planning entries, many at once, each checked as :func:`plan` checks it (the unit standing, the
    same entry twice, ≤ 3 people a position and ≤ 3 positions a person at one level — the entries of
    the batch before it counted —, only a higher position than every post held, not while an
    appointment is proposed, a full term to the pension, no automatic exit), the records read once
    a decision day. Those refused are returned with their refusal and not written."""
    standing = _Standing()
    people = {e.person.pk for e in entries}
    sanctions: dict[int, list[tuple[str, date]]] = {}
    for person_id, sanction, decided_on in (
        measures_in_force().filter(person_id__in=people).values_list("person_id", "sanction", "decided_on")
    ):
        sanctions.setdefault(person_id, []).append((sanction, decided_on))
    proposed = list(
        PostHolding.objects.in_force()
        .filter(person_id__in=people, kind=SpellKind.STARTED, dossier_received_on__isnull=False)
        .values_list("person_id", "dossier_received_on", "effective_on")
    )
    made: list[PlanningEntry] = []
    refused: list[tuple[NewPlanning, Refused]] = []
    days: dict[date, tuple[list[tuple[int, str, int, str, int]], dict[int, list[tuple[str, int]]]]] = {}
    for e in sorted(entries, key=lambda e: e.on):
        if e.on not in days:
            listed = list(
                queries.planning_on(e.on).values_list(
                    "person_id", "post__code", "unit_id", "post__level", "term_first_year"
                )
            )
            held: dict[int, list[tuple[str, int]]] = {}
            for person_id, code, unit_id, rank in queries.posts_on(e.on, person_ids=people).values_list(
                "person_id", "post__code", "unit_id", "post__rank"
            ):
                held.setdefault(person_id, []).append((f"{code}@{unit_id}", rank))
            listed += [  # the batch's entries before this day, not written yet
                (row.person_id, row.post.code, row.unit_id, row.post.level, row.term_first_year)
                for row in made
                if row.effective_on < e.on
            ]
            days[e.on] = (listed, held)
        listed, held = days[e.on]
        person, post, label = e.person, e.post, who(e.person)
        key = _position(post, e.unit)
        try:
            standing.name(e.unit, e.on)
            if e.term_last_year <= e.term_first_year:
                raise CadreRefused(
                    _("Nhiệm kỳ quy hoạch không hợp lệ: %(a)s–%(b)s.")
                    % {"a": e.term_first_year, "b": e.term_last_year}
                )
            same = [
                row
                for row in listed
                if row[:3] == (person.pk, post.code, e.unit.pk) and row[4] == e.term_first_year
            ]
            if same:
                raise CadreRefused(
                    _("%(who)s đã được quy hoạch chức danh %(post)s nhiệm kỳ %(a)s–%(b)s.")
                    % {"who": label, "post": post.title, "a": e.term_first_year, "b": e.term_last_year}
                )
            others = [
                planning.PlanningEntry(str(pid), f"{code}@{unit_id}", level)
                for pid, code, unit_id, level, first in listed
                if first == e.term_first_year
            ]
            retires = retirement_of_person(person)
            starts = planning.term_start(e.term_first_year)
            appointment_proposed = any(
                pid == person.pk and dossier is not None and dossier <= e.on <= start
                for pid, dossier, start in proposed
            )
            planning.check_planning_limits(
                e.on,
                others,
                planning.PlanningEntry(str(person.pk), key, post.level),
                who=label,
                position_label=post.title,
            )
            planning.check_higher_position(
                e.on,
                planned_position=key,
                planned_rank=post.rank,
                held=held.get(person.pk, []),
                who=label,
                position_label=post.title,
            )
            planning.check_not_with_appointment(e.on, appointment_proposed=appointment_proposed, who=label)
            planning.check_planning_age(retires, e.on, starts, who=label)
            _refuse_exit(
                planning.planning_exit(
                    retires,
                    decided_on=e.on,
                    planned_term_start=starts,
                    on=e.on,
                    disciplines=sanctions.get(person.pk, []),
                )
            )
        except Refused as refusal:
            refused.append((e, refusal))
            continue
        listed.append((person.pk, post.code, e.unit.pk, post.level, e.term_first_year))
        made.append(
            PlanningEntry(
                **_logged(e.legal_basis, recorded_by, "", None, e.recorded_at),
                kind=SpellKind.STARTED,
                person=person,
                post=post,
                unit=e.unit,
                term_first_year=e.term_first_year,
                term_last_year=e.term_last_year,
                effective_on=e.on,
            )
        )
    PlanningEntry.objects.bulk_create(made)
    return made, refused


@command
def dissolve_units(
    units: list[Unit],
    *,
    on: date,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    recorded_at: datetime | None = None,
) -> list[UnitVersion]:
    """:func:`dissolve_unit` for many units on one day (the 2025 reform), each checked as it checks
    one — standing that day, founded before it, nobody still working there or in a department —
    the employments open that day read once."""
    standing = _Standing()
    subtree = queries.unit_subtree([u.pk for u in units], on)
    parents = dict(Unit.objects.filter(pk__in=subtree, parent__isnull=False).values_list("pk", "parent_id"))
    working: dict[int, int] = {}
    for unit_id, person_id in queries.employments_on(on, units=subtree).values_list("unit_id", "person_id"):
        while unit_id in parents:  # a department's staff stand in its unit
            unit_id = parents[unit_id]
        working.setdefault(unit_id, person_id)
    made = []
    for unit in units:
        name = standing.name(unit, on)
        if unit.pk in working:
            person = Person.objects.get(pk=working[unit.pk])
            raise CadreRefused(
                _(
                    "%(who)s vẫn công tác tại đơn vị %(code)s vào ngày %(day)s: "
                    "hãy kết thúc trước khi giải thể."
                )
                % {"who": who(person), "code": unit.code, "day": vn_date(on)}
            )
        if on <= unit.founded_on:
            raise CadreRefused(
                _("Ngày %(day)s không sau ngày thành lập đơn vị %(code)s.")
                % {"day": vn_date(on), "code": unit.code}
            )
        made.append(
            UnitVersion(
                **_logged(legal_basis, recorded_by, note, None, recorded_at),
                unit=unit,
                name=name,
                valid_from=on,
                dissolved=True,
            )
        )
    return UnitVersion.objects.bulk_create(made)


@command
def exit_planning_many(
    exits: list[tuple[PlanningEntry, date, str, str]],
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    recorded_at: datetime | None = None,
) -> list[PlanningEntry]:
    """:func:`exit_planning` for many entries: (entry, day, reason, note) each, checked as it checks
    one (a reason of ``PlanningExit``, the entry in force and not ended, the day after its start),
    the entries' ends read once."""
    starts = {e.pk for e, _, _, _ in exits}
    rows = PlanningEntry.objects.in_force().filter(pk__in=starts, kind=SpellKind.STARTED)
    fresh = {row.pk: row for row in rows.select_related("person")}
    ended = set(
        PlanningEntry.objects.in_force()
        .filter(kind=SpellKind.ENDED, ends_id__in=starts)
        .values_list("ends_id", flat=True)
    )
    made = []
    for entry, on, reason, note in exits:
        if reason not in PlanningExit.values:
            raise CadreRefused(_("Lý do ra khỏi quy hoạch không hợp lệ: %(value)s.") % {"value": reason})
        start = fresh.get(entry.pk)
        if start is None:
            raise CadreRefused(
                _("Bản ghi này không còn hiệu lực (đã sửa hoặc hủy); hãy dùng bản ghi mới nhất.")
            )
        if entry.pk in ended:
            raise CadreRefused(
                _("%(what)s của %(who)s đã kết thúc.") % {"what": _("Quy hoạch"), "who": who(start.person)}
            )
        if on <= start.effective_on:
            raise CadreRefused(
                _("%(what)s của %(who)s bắt đầu ngày %(start)s: ngày kết thúc %(day)s phải sau đó.")
                % {
                    "what": _("Quy hoạch"),
                    "who": who(start.person),
                    "start": vn_date(start.effective_on),
                    "day": vn_date(on),
                }
            )
        ended.add(entry.pk)
        made.append(
            PlanningEntry(
                **_copied(start, _OWN),
                **_logged(legal_basis, recorded_by, note, None, recorded_at),
                kind=SpellKind.ENDED,
                ends=start,
                effective_on=on,
                end_reason=reason,
            )
        )
    return PlanningEntry.objects.bulk_create(made)
