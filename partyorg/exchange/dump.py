"""Export everything as interchange records, in the order the format promises.

The output loads back into an empty database with nothing lost: ``load(dump())`` then ``dump()``
gives the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Model

from partyorg.committees.models import Congress
from partyorg.committees.models import PositionRecord as SeatRow
from partyorg.discipline.models import Commendation, DisciplinaryMeasure
from partyorg.exchange import registry
from partyorg.exchange.records import (
    AbsenceRecord,
    CandidateRecord,
    CandidateStepRecord,
    CommendationRecord,
    CongressRecord,
    EnteredFigureRecord,
    EventRecord,
    LocalityParentRecord,
    LocalityRecord,
    MeasureRecord,
    MeetingRecord,
    MemberRatingRecord,
    OrganizationRatingRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
    PersonRecord,
    PositionRecord,
    Record,
    ResidenceCommentRecord,
    ResidenceTieRecord,
    ReviewCycleRecord,
    SourcePlanRecord,
)
from partyorg.meetings.models import Attendance, AttendanceStatus, Meeting, ResidenceComment, ResidenceTie
from partyorg.members.models import MembershipEvent, Person
from partyorg.organizations.models import Locality, LocalityParent, Organization, OrgChange, OrgChangeItem
from partyorg.ratings.models import MemberRating, OrganizationRating, ReviewCycle
from partyorg.recruitment.models import Candidate, CandidateStep, SourcePlan
from partyorg.reports.models import EnteredFigure

CHUNK = 5000


def dump() -> Iterator[Record]:
    localities = dict(Locality.objects.values_list("id", "code"))
    orgs = dict(Organization.objects.values_list("id", "code"))
    changes = {pk: str(uid) for pk, uid in OrgChange.objects.values_list("id", "uid")}

    for loc in Locality.objects.order_by("code").iterator(chunk_size=CHUNK):
        yield LocalityRecord(
            loc.code, loc.name, loc.kind, loc.valid_from, loc.valid_until, loc.is_ethnic_minority_area
        )
    for link in LocalityParent.objects.order_by("locality__code", "valid_from", "parent__code"):
        yield LocalityParentRecord(
            localities[link.locality_id], localities[link.parent_id], link.valid_from, link.valid_until
        )
    for pk in sorted(orgs):
        yield OrganizationRecord(orgs[pk])
    for change in OrgChange.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield OrgChangeRecord(
            uid=str(change.uid),
            kind=change.kind,
            effective_on=change.effective_on,
            recorded_at=change.recorded_at,
            recorded_by=change.recorded_by,
            basis_number=change.basis_number,
            basis_date=change.basis_date,
            basis_issuer=change.basis_issuer,
            corrects=changes[change.corrects_id] if change.corrects_id else "",
            note=change.note,
        )
    for item in OrgChangeItem.objects.order_by("change_id", "id").iterator(chunk_size=CHUNK):
        yield OrgChangeItemRecord(
            change=changes[item.change_id],
            organization=orgs[item.organization_id],
            ends=item.ends,
            name=item.name,
            kind=item.kind,
            parent=orgs.get(item.parent_id or 0, ""),
            sector=item.sector,
            is_combined=item.is_combined,
            locality=localities.get(item.locality_id or 0, ""),
            successor=orgs.get(item.successor_id or 0, ""),
        )
    people: dict[int, str] = {}
    for person in Person.objects.order_by("id").iterator(chunk_size=CHUNK):
        people[person.pk] = person.code
        yield PersonRecord(
            code=person.code,
            full_name=person.full_name,
            sex=person.sex,
            birth_date=person.birth_date,
            ethnicity=person.ethnicity,
            religion=person.religion,
            general_education=person.general_education,
            professional_level=person.professional_level,
            academic_title=person.academic_title,
            political_theory=person.political_theory,
            occupation=person.occupation,
            identity_number=person.identity_number,
            dossier_number=person.dossier_number,
            card_number=person.card_number,
            is_youth_union_member=person.is_youth_union_member,
            is_private_business_owner=person.is_private_business_owner,
            home_locality=localities.get(person.home_locality_id or 0, ""),
        )
    corrected = {
        pk: str(uid)
        for pk, uid in MembershipEvent.objects.filter(
            id__in=MembershipEvent.objects.filter(corrects__isnull=False).values("corrects_id")
        ).values_list("id", "uid")
    }
    for e in MembershipEvent.objects.order_by("id").iterator(chunk_size=CHUNK):
        yield EventRecord(
            uid=str(e.uid),
            person=people[e.person_id],
            kind=e.kind,
            effective_on=e.effective_on,
            recorded_at=e.recorded_at,
            recorded_by=e.recorded_by,
            organization=orgs.get(e.organization_id or 0, ""),
            other_organization=orgs.get(e.other_organization_id or 0, ""),
            external_place=e.external_place,
            detail=e.detail,
            basis_number=e.basis_number,
            basis_date=e.basis_date,
            basis_issuer=e.basis_issuer,
            corrects=corrected.get(e.corrects_id or 0, ""),
            org_change=changes.get(e.org_change_id or 0, ""),
            override_rule=e.override_rule,
            override_reason=e.override_reason,
            note=e.note,
        )
    figures = {pk: str(uid) for pk, uid in EnteredFigure.objects.values_list("id", "uid")}
    for f in EnteredFigure.objects.order_by("id"):
        yield EnteredFigureRecord(
            uid=str(f.uid),
            organization=orgs[f.organization_id],
            kind=f.kind,
            indicator=f.indicator,
            value=f.value,
            last_day=f.last_day,
            recorded_at=f.recorded_at,
            recorded_by=f.recorded_by,
            first_day=f.first_day,
            source=f.source,
            basis_number=f.basis_number,
            basis_date=f.basis_date,
            basis_issuer=f.basis_issuer,
            corrects=figures.get(f.corrects_id or 0, ""),
            withdrawn=f.withdrawn,
            note=f.note,
        )
    yield from dump_yearly_work(Codes(orgs, people))


# -- the party's yearly work ---------------------------------------------------------------------


class Codes:
    """Database ids as the codes and uids the records use; each table's uids read once, when first
    needed."""

    def __init__(self, orgs: dict[int, str] | None = None, people: dict[int, str] | None = None) -> None:
        self.orgs = orgs if orgs is not None else dict(Organization.objects.values_list("id", "code"))
        self.people = people if people is not None else dict(Person.objects.values_list("id", "code"))
        self.uids: dict[type[Model], dict[int, str]] = {}

    def org(self, pk: int | None) -> str:
        return self.orgs.get(pk or 0, "")

    def person(self, pk: int | None) -> str:
        return self.people.get(pk or 0, "")

    def uid(self, model: type[Model], pk: int | None) -> str:
        if not pk:
            return ""
        table = self.uids.get(model)
        if table is None or pk not in table:
            table = self.uids[model] = {
                found: str(uid)
                for found, uid in model.objects.values_list("id", "uid")  # type: ignore[attr-defined]
            }
        return table.get(pk, "")


def candidate_record(c: Candidate, codes: Codes) -> CandidateRecord:
    return CandidateRecord(
        uid=str(c.uid),
        person=codes.person(c.person_id),
        organization=codes.org(c.organization_id),
        introduced_by=c.introduced_by,
        introduced_on=c.introduced_on,
        recorded_at=c.recorded_at,
        recorded_by=c.recorded_by,
        introducing_body=c.introducing_body,
        note=c.note,
    )


def step_record(s: CandidateStep, codes: Codes) -> CandidateStepRecord:
    return CandidateStepRecord(
        uid=str(s.uid),
        candidate=codes.uid(Candidate, s.candidate_id),
        kind=s.kind,
        effective_on=s.effective_on,
        recorded_at=s.recorded_at,
        recorded_by=s.recorded_by,
        organization=codes.org(s.organization_id),
        person=codes.person(s.person_id),
        detail=s.detail,
        since=s.since,
        received_on=s.received_on,
        extended=s.extended,
        votes_for=s.votes_for,
        votes_against=s.votes_against,
        votes_total=s.votes_total,
        membership_event=codes.uid(MembershipEvent, s.membership_event_id),
        basis_number=s.basis_number,
        basis_date=s.basis_date,
        basis_issuer=s.basis_issuer,
        corrects=codes.uid(CandidateStep, s.corrects_id),
        override_rule=s.override_rule,
        override_reason=s.override_reason,
        note=s.note,
    )


def source_plan_record(p: SourcePlan, codes: Codes) -> SourcePlanRecord:
    return SourcePlanRecord(
        uid=str(p.uid),
        organization=codes.org(p.organization_id),
        year=p.year,
        planned=p.planned,
        recorded_at=p.recorded_at,
        recorded_by=p.recorded_by,
        basis_number=p.basis_number,
        basis_date=p.basis_date,
        basis_issuer=p.basis_issuer,
        corrects=codes.uid(SourcePlan, p.corrects_id),
        withdrawn=p.withdrawn,
        note=p.note,
    )


def congress_record(c: Congress, codes: Codes) -> CongressRecord:
    return CongressRecord(
        uid=str(c.uid),
        organization=codes.org(c.organization_id),
        kind=c.kind,
        held_on=c.held_on,
        term_first_year=c.term_first_year,
        term_last_year=c.term_last_year,
        recorded_at=c.recorded_at,
        recorded_by=c.recorded_by,
        official_members=c.official_members,
        basis_number=c.basis_number,
        basis_date=c.basis_date,
        basis_issuer=c.basis_issuer,
        corrects=codes.uid(Congress, c.corrects_id),
        withdrawn=c.withdrawn,
        override_rule=c.override_rule,
        override_reason=c.override_reason,
        note=c.note,
    )


def position_record(p: SeatRow, codes: Codes) -> PositionRecord:
    return PositionRecord(
        uid=str(p.uid),
        kind=p.kind,
        person=codes.person(p.person_id),
        organization=codes.org(p.organization_id),
        position=p.position,
        effective_on=p.effective_on,
        recorded_at=p.recorded_at,
        recorded_by=p.recorded_by,
        method=p.method,
        congress=codes.uid(Congress, p.congress_id),
        ends=codes.uid(SeatRow, p.ends_id),
        basis_number=p.basis_number,
        basis_date=p.basis_date,
        basis_issuer=p.basis_issuer,
        corrects=codes.uid(SeatRow, p.corrects_id),
        withdrawn=p.withdrawn,
        override_rule=p.override_rule,
        override_reason=p.override_reason,
        note=p.note,
    )


def meeting_record(m: Meeting, codes: Codes) -> MeetingRecord:
    return MeetingRecord(
        uid=str(m.uid),
        organization=codes.org(m.organization_id),
        kind=m.kind,
        held_on=m.held_on,
        duration_minutes=m.duration_minutes,
        recorded_at=m.recorded_at,
        recorded_by=m.recorded_by,
        agenda=m.agenda,
        resolution=m.resolution,
        corrects=codes.uid(Meeting, m.corrects_id),
        withdrawn=m.withdrawn,
        note=m.note,
    )


def tie_record(t: ResidenceTie, codes: Codes) -> ResidenceTieRecord:
    return ResidenceTieRecord(
        uid=str(t.uid),
        person=codes.person(t.person_id),
        residence_organization=codes.org(t.residence_organization_id),
        category=t.category,
        started_on=t.started_on,
        recorded_at=t.recorded_at,
        recorded_by=t.recorded_by,
        address=t.address,
        ended_on=t.ended_on,
        basis_number=t.basis_number,
        basis_date=t.basis_date,
        basis_issuer=t.basis_issuer,
        corrects=codes.uid(ResidenceTie, t.corrects_id),
        withdrawn=t.withdrawn,
        note=t.note,
    )


def comment_record(c: ResidenceComment, codes: Codes) -> ResidenceCommentRecord:
    return ResidenceCommentRecord(
        uid=str(c.uid),
        tie=codes.uid(ResidenceTie, c.tie_id),
        year=c.year,
        commented_on=c.commented_on,
        content=c.content,
        recorded_at=c.recorded_at,
        recorded_by=c.recorded_by,
        commented_by=codes.org(c.commented_by_id),
        sent_on=c.sent_on,
        corrects=codes.uid(ResidenceComment, c.corrects_id),
        withdrawn=c.withdrawn,
    )


def _rows(model: type[Model], convert: Callable[[Any, Codes], Record]) -> Callable[[Codes], Iterator[Record]]:
    def rows(codes: Codes) -> Iterator[Record]:
        for obj in model._default_manager.order_by("id").iterator(chunk_size=CHUNK):
            yield convert(obj, codes)

    return rows


def _absences(codes: Codes) -> Iterator[Record]:
    rows = (
        Attendance.objects.exclude(status=AttendanceStatus.PRESENT)
        .order_by("meeting_id", "person_id")
        .values_list("meeting_id", "person_id", "status", "reason")
    )
    for meeting_id, person_id, status, reason in rows.iterator(chunk_size=CHUNK):
        yield AbsenceRecord(
            meeting=codes.uid(Meeting, meeting_id),
            person=codes.person(person_id),
            status=status,
            reason=reason,
        )


def score_text(score: Decimal | None) -> str:
    """A score as the file writes it: "92.5", "90"; empty for none."""
    if score is None:
        return ""
    return f"{score.normalize():f}"


def cycle_record(c: ReviewCycle, codes: Codes) -> ReviewCycleRecord:
    return ReviewCycleRecord(
        uid=str(c.uid),
        organization=codes.org(c.organization_id),
        year=c.year,
        period=c.period,
        reviewed_on=c.reviewed_on,
        recorded_at=c.recorded_at,
        recorded_by=c.recorded_by,
        period_number=c.period_number,
        basis_number=c.basis_number,
        basis_date=c.basis_date,
        basis_issuer=c.basis_issuer,
        note=c.note,
    )


def member_rating_record(m: MemberRating, codes: Codes) -> MemberRatingRecord:
    return MemberRatingRecord(
        uid=str(m.uid),
        cycle=codes.uid(ReviewCycle, m.cycle_id),
        person=codes.person(m.person_id),
        level=m.level,
        recorded_at=m.recorded_at,
        recorded_by=m.recorded_by,
        score=score_text(m.score),
        basis_number=m.basis_number,
        basis_date=m.basis_date,
        basis_issuer=m.basis_issuer,
        corrects=codes.uid(MemberRating, m.corrects_id),
        withdrawn=m.withdrawn,
        override_rule=m.override_rule,
        override_reason=m.override_reason,
        note=m.note,
    )


def organization_rating_record(o: OrganizationRating, codes: Codes) -> OrganizationRatingRecord:
    return OrganizationRatingRecord(
        uid=str(o.uid),
        cycle=codes.uid(ReviewCycle, o.cycle_id),
        level=o.level,
        recorded_at=o.recorded_at,
        recorded_by=o.recorded_by,
        score=score_text(o.score),
        basis_number=o.basis_number,
        basis_date=o.basis_date,
        basis_issuer=o.basis_issuer,
        corrects=codes.uid(OrganizationRating, o.corrects_id),
        withdrawn=o.withdrawn,
        override_rule=o.override_rule,
        override_reason=o.override_reason,
        note=o.note,
    )


def measure_record(d: DisciplinaryMeasure, codes: Codes) -> MeasureRecord:
    return MeasureRecord(
        uid=str(d.uid),
        sanction=d.sanction,
        decided_on=d.decided_on,
        recorded_at=d.recorded_at,
        recorded_by=d.recorded_by,
        person=codes.person(d.person_id),
        organization=codes.org(d.organization_id),
        deciding_body=d.deciding_body,
        violation_on=d.violation_on,
        self_remedied=d.self_remedied,
        post=d.post,
        votes_for=d.votes_for,
        entitled_voters=d.entitled_voters,
        membership_event=codes.uid(MembershipEvent, d.event_id),
        basis_number=d.basis_number,
        basis_date=d.basis_date,
        basis_issuer=d.basis_issuer,
        corrects=codes.uid(DisciplinaryMeasure, d.corrects_id),
        withdrawn=d.withdrawn,
        override_rule=d.override_rule,
        override_reason=d.override_reason,
        note=d.note,
    )


def commendation_record(c: Commendation, codes: Codes) -> CommendationRecord:
    return CommendationRecord(
        uid=str(c.uid),
        title=c.title,
        awarded_on=c.awarded_on,
        awarding_body=c.awarding_body,
        recorded_at=c.recorded_at,
        recorded_by=c.recorded_by,
        person=codes.person(c.person_id),
        organization=codes.org(c.organization_id),
        for_year=c.for_year,
        years=c.years,
        basis_number=c.basis_number,
        basis_date=c.basis_date,
        basis_issuer=c.basis_issuer,
        corrects=codes.uid(Commendation, c.corrects_id),
        withdrawn=c.withdrawn,
        note=c.note,
    )


# The yearly work not yet declared in its app's record kit: how each type is dumped here.
_NOT_IN_KITS: dict[type[Record], Callable[[Codes], Iterator[Record]]] = {
    CandidateRecord: _rows(Candidate, candidate_record),
    CandidateStepRecord: _rows(CandidateStep, step_record),
    SourcePlanRecord: _rows(SourcePlan, source_plan_record),
    CongressRecord: _rows(Congress, congress_record),
    PositionRecord: _rows(SeatRow, position_record),
    MeetingRecord: _rows(Meeting, meeting_record),
    AbsenceRecord: _absences,
    ResidenceTieRecord: _rows(ResidenceTie, tie_record),
    ResidenceCommentRecord: _rows(ResidenceComment, comment_record),
    ReviewCycleRecord: _rows(ReviewCycle, cycle_record),
    MemberRatingRecord: _rows(MemberRating, member_rating_record),
    OrganizationRatingRecord: _rows(OrganizationRating, organization_rating_record),
    MeasureRecord: _rows(DisciplinaryMeasure, measure_record),
    CommendationRecord: _rows(Commendation, commendation_record),
}


def dump_yearly_work(codes: Codes) -> Iterator[Record]:
    """The records of the yearly work, in the order of YEARLY_WORK_TYPES, each table in the order it
    was written (a correction after what it corrects, an ending after its start)."""
    for record_type, rows in _NOT_IN_KITS.items():
        if registry.kit_of(record_type) is None:
            yield from rows(codes)
    for kit in registry.kits():
        yield from kit.dump(codes)
