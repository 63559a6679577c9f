"""Recording disciplinary measures and commendations: each an appended row (see ``models``).

A measure is checked against RULES.md §2.10 (the sanctions a target can receive, the [P] vote
thresholds) and §2.3 (a probationary member: reprimand or warning only). An expulsion is also the
membership event ``EXPELLED``: it is recorded through :func:`partyorg.members.services.record_event`
in the same transaction, so the member's record is not typed twice; withdrawing the measure voids it.
An import whose file carries that event on its sheet "Sự kiện" hands it over (``event=``,
``event_voided=``): the same checks run, the recorded event is linked, not recorded again.

Every command takes the new row's ``uid`` and ``recorded_at`` (an import keeps the file's; by
default a fresh uid and now), so the import calls them directly (:mod:`partyorg.discipline.interchange`).
Each is one durable transaction (:func:`partyorg.core.commands.command`); the import, inside its
own, calls them ``.within``, and so does a caller that records them as part of a larger command.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Override, Refused, overridable
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.members import services as member_services
from partyorg.members.models import EventKind, MembershipEvent, MembershipInterval, MemberStatus, Person
from partyorg.members.services import EventRefused
from partyorg.organizations.models import Organization, valid_on
from partyorg.organizations.queries import version_on
from partyorg.rules import discipline as rules

__all__ = [
    "DisciplineRefused",
    "Override",
    "commend",
    "discipline_member",
    "discipline_organization",
    "withdraw_commendation",
    "withdraw_measure",
]


class DisciplineRefused(Refused):
    """The record contradicts the member's or the organization's history; the message is Vietnamese."""


def member_on(person: Person, on: date) -> tuple[int, str] | None:
    """(organization id, status) of ``person`` on ``on``, or None when not a member that day."""
    row = (
        MembershipInterval.objects.filter(valid_on(on), person=person)
        .values_list("organization_id", "status")
        .first()
    )
    return (row[0], row[1]) if row else None


@command
def discipline_member(
    person: Person,
    sanction: str,
    decided_on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    deciding_body: str = "",
    violation_on: date | None = None,
    self_remedied: bool = False,
    post: str = "",
    votes_for: int | None = None,
    entitled_voters: int | None = None,
    note: str = "",
    override: Override | None = None,
    event: MembershipEvent | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> DisciplinaryMeasure:
    """Record a measure against a member (khiển trách, cảnh cáo, cách chức, khai trừ).

    An expulsion records the member's EXPELLED event, unless ``event`` is that event, already
    recorded (an import: the file carries it on its sheet "Sự kiện"): it is then linked, and the
    member is judged as they were the day before (the event ended their membership that day)."""
    if event is not None:
        _check_expelled(person, sanction, decided_on, event)
        held = member_on(person, decided_on - timedelta(days=1))
        if held is None:
            raise DisciplineRefused(
                _("%(name)s không phải là đảng viên trước ngày %(day)s.")
                % {"name": person.full_name, "day": vn_date(decided_on)}
            )
    else:
        held = member_on(person, decided_on)
        if held is None:
            raise DisciplineRefused(
                _("%(name)s không phải là đảng viên vào ngày %(day)s.")
                % {"name": person.full_name, "day": vn_date(decided_on)}
            )
    org_id, status = held
    target = rules.PROBATIONARY if status == MemberStatus.PROBATIONARY else rules.OFFICIAL
    overridable(lambda: rules.check_sanction(sanction, target, post=post, on=decided_on), override)
    if violation_on is not None and violation_on > decided_on:
        raise DisciplineRefused(
            _("Ngày vi phạm %(violation)s sau ngày quyết định kỷ luật %(day)s.")
            % {"violation": vn_date(violation_on), "day": vn_date(decided_on)}
        )
    if votes_for is not None and entitled_voters is not None:
        overridable(
            lambda: rules.check_vote(sanction, votes_for=votes_for, entitled=entitled_voters), override
        )
    if sanction == rules.EXPULSION and event is None:
        try:
            event = member_services.record_event.within(
                person,
                EventKind.EXPELLED,
                decided_on,
                organization=Organization(pk=org_id),
                legal_basis=legal_basis,
                recorded_by=recorded_by,
                note=note or f"Kỷ luật khai trừ của {deciding_body or legal_basis.issuer}",
                recorded_at=recorded_at,
            )
        except EventRefused as refused:
            raise DisciplineRefused(str(refused)) from refused
    return DisciplinaryMeasure.objects.create(
        **stamp(uid, recorded_at),
        person=person,
        organization_id=org_id,
        sanction=sanction,
        decided_on=decided_on,
        deciding_body=deciding_body or legal_basis.issuer,
        violation_on=violation_on,
        self_remedied=self_remedied,
        post=post,
        votes_for=votes_for,
        entitled_voters=entitled_voters,
        event=event,
        **Override.fields_of(override),
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )


def _check_expelled(person: Person, sanction: str, decided_on: date, event: MembershipEvent) -> None:
    """``event``, handed over as already recorded, must be ``person``'s expulsion of ``decided_on``."""
    if sanction != rules.EXPULSION:
        raise DisciplineRefused(_("Chỉ quyết định khai trừ đảng viên ghi kèm sự kiện."))
    if event.person_id != person.pk or event.kind != EventKind.EXPELLED or event.effective_on != decided_on:
        raise DisciplineRefused(
            _("Sự kiện “%(uid)s” phải là sự kiện khai trừ đảng viên “%(code)s” ngày %(day)s.")
            % {"uid": event.uid, "code": person.code, "day": vn_date(decided_on)}
        )


@command
def discipline_organization(
    org: Organization,
    sanction: str,
    decided_on: date,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    deciding_body: str = "",
    violation_on: date | None = None,
    note: str = "",
    override: Override | None = None,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> DisciplinaryMeasure:
    """Record a measure against an organization (khiển trách, cảnh cáo, giải tán). A dissolution is
    recorded here as the sanction; the organization's end and its members' moves are an organization
    change (``partyorg orgchange``), which names its successor."""
    if version_on(org, decided_on) is None:
        raise DisciplineRefused(
            _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.")
            % {"code": org.code, "day": vn_date(decided_on)}
        )
    overridable(lambda: rules.check_sanction(sanction, rules.ORGANIZATION, on=decided_on), override)
    return DisciplinaryMeasure.objects.create(
        **stamp(uid, recorded_at),
        person=None,
        organization=org,
        sanction=sanction,
        decided_on=decided_on,
        deciding_body=deciding_body or legal_basis.issuer,
        violation_on=violation_on,
        **Override.fields_of(override),
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )


@command
def withdraw_measure(
    wrong: DisciplinaryMeasure,
    *,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str,
    event_voided: bool = False,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> DisciplinaryMeasure:
    """Take a measure back (annulled on complaint, or entered in error); an expulsion's event is
    voided, unless ``event_voided`` says it already is (an import: the file voids it on its sheet
    "Sự kiện"; it must then be voided)."""
    if not note.strip():
        raise DisciplineRefused(_("Cần ghi lý do hủy quyết định kỷ luật."))
    wrong = DisciplinaryMeasure.objects.select_for_update().get(pk=wrong.pk)
    if wrong.corrections.exists():
        raise DisciplineRefused(_("Quyết định kỷ luật này đã được sửa hoặc hủy."))
    if wrong.event is not None:
        if not event_voided:
            member_services.void_event.within(
                wrong.event, recorded_by=recorded_by, legal_basis=legal_basis, note=note
            )
        elif not wrong.event.corrections.exists():
            raise DisciplineRefused(
                _("Sự kiện “%(uid)s” của quyết định bị hủy phải được hủy cùng.") % {"uid": wrong.event.uid}
            )
    return DisciplinaryMeasure.objects.create(
        **stamp(uid, recorded_at),
        person=wrong.person,
        organization=wrong.organization,
        sanction=wrong.sanction,
        decided_on=wrong.decided_on,
        deciding_body=wrong.deciding_body,
        violation_on=wrong.violation_on,
        self_remedied=wrong.self_remedied,
        post=wrong.post,
        corrects=wrong,
        withdrawn=True,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )


@command
def commend(
    *,
    title: str,
    awarded_on: date,
    awarding_body: str,
    legal_basis: LegalBasis,
    recorded_by: str,
    person: Person | None = None,
    organization: Organization | None = None,
    for_year: int | None = None,
    years: int = 1,
    note: str = "",
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> Commendation:
    """Record a commendation of a member (``person``) or an organization (``organization``)."""
    if (person is None) == (organization is None):
        raise ValueError("commend a person or an organization")
    if not title.strip():
        raise DisciplineRefused(_("Cần ghi hình thức khen thưởng."))
    if person is not None:
        held = member_on(person, awarded_on)
        if held is None:
            raise DisciplineRefused(
                _("%(name)s không phải là đảng viên vào ngày %(day)s.")
                % {"name": person.full_name, "day": vn_date(awarded_on)}
            )
        org_id = held[0]
    else:
        assert organization is not None
        if version_on(organization, awarded_on) is None:
            raise DisciplineRefused(
                _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.")
                % {"code": organization.code, "day": vn_date(awarded_on)}
            )
        org_id = organization.pk
    return Commendation.objects.create(
        **stamp(uid, recorded_at),
        person=person,
        organization_id=org_id,
        title=title.strip(),
        awarded_on=awarded_on,
        awarding_body=awarding_body,
        for_year=for_year,
        years=years,
        note=note,
        recorded_by=recorded_by,
        **legal_basis.as_fields(),
    )


@command
def withdraw_commendation(
    wrong: Commendation,
    *,
    recorded_by: str,
    note: str,
    uid: uuid.UUID | str | None = None,
    recorded_at: datetime | None = None,
) -> Commendation:
    if not note.strip():
        raise DisciplineRefused(_("Cần ghi lý do hủy khen thưởng."))
    if Commendation.objects.filter(corrects=wrong).exists():
        raise DisciplineRefused(_("Khen thưởng này đã được sửa hoặc hủy."))
    return Commendation.objects.create(
        **stamp(uid, recorded_at),
        person=wrong.person,
        organization=wrong.organization,
        title=wrong.title,
        awarded_on=wrong.awarded_on,
        awarding_body=wrong.awarding_body,
        for_year=wrong.for_year,
        years=wrong.years,
        corrects=wrong,
        withdrawn=True,
        note=note,
        recorded_by=recorded_by,
        basis_number=wrong.basis_number,
        basis_date=wrong.basis_date,
        basis_issuer=wrong.basis_issuer,
    )
