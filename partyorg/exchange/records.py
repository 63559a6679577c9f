"""The interchange format, version 1: the records a province's data is made of.

One set of records serves both files: the workbook for people (one sheet per record type,
Vietnamese headers) and JSON Lines for systems (one record per line). Both carry
``FORMAT_VERSION``; a reader refuses a file of another version. Records refer to each other by
stable keys (codes for localities, organizations and people; uids for log entries), never by
database ids, so a file loads into any database and loads twice without change.

The order of ``RECORD_TYPES`` is the order a file must be read in: every reference points to a
record of an earlier type, or to an earlier record of the same type (``corrects``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# Every record type derives from core's Record; a Location names a row of a file.
from partyorg.core.interchange import Location as Location
from partyorg.core.interchange import Record as Record
from partyorg.exchange import registry
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.reports.interchange import EnteredFigureRecord

FORMAT_NAME = "partyorg"
FORMAT_VERSION = 1


@dataclass(frozen=True, kw_only=True)
class CandidateRecord(Record):
    """An outstanding candidate of a cell (``recruitment.Candidate``); its introduction step, with
    the legal basis, is the step of kind ``introduced`` on the next sheet."""

    TYPE = "candidate"
    KEY = "uid"
    uid: str
    person: str  # person code
    organization: str  # the cell's code
    introduced_by: str  # IntroducedBy value
    introduced_on: date
    recorded_at: datetime
    recorded_by: str
    introducing_body: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CandidateStepRecord(Record):
    """One step of a candidate's pipeline (``recruitment.CandidateStep``)."""

    TYPE = "candidate_step"
    KEY = "uid"
    uid: str
    candidate: str  # candidate uid
    kind: str  # CandidateStage value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    organization: str = ""  # who acted: the cell, the deciding committee
    person: str = ""  # the introducing member or the mentor
    detail: str = ""  # introducer kind, stop reason, the introducing body
    since: date | None = None
    received_on: date | None = None
    extended: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_total: int | None = None
    membership_event: str = ""  # uid of the member's event the step recorded
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of an earlier step of the same candidate
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SourcePlanRecord(Record):
    """A cell's source plan for a year (``recruitment.SourcePlan``)."""

    TYPE = "source_plan"
    KEY = "uid"
    uid: str
    organization: str
    year: int
    planned: int
    recorded_at: datetime
    recorded_by: str
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CongressRecord(Record):
    """A congress opening a term, an extraordinary one, or an appointed committee
    (``committees.Congress``)."""

    TYPE = "congress"
    KEY = "uid"
    uid: str
    organization: str
    kind: str  # CongressKind value
    held_on: date
    term_first_year: int
    term_last_year: int
    recorded_at: datetime
    recorded_by: str
    official_members: int | None = None  # as recorded; empty: counted from the records on load
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class PositionRecord(Record):
    """A person takes or leaves a seat (``committees.PositionRecord``)."""

    TYPE = "position"
    KEY = "uid"
    uid: str
    kind: str  # RecordKind value: started / ended
    person: str
    organization: str
    position: str  # Position value
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    method: str = ""  # Method value, for a start
    congress: str = ""  # congress uid, for an elected start
    ends: str = ""  # uid of the start an ending ends
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the record a withdrawal takes back
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class MeetingRecord(Record):
    """A cell's meeting (``meetings.Meeting``); its absences are on the next sheet, everyone else
    expected that day was present."""

    TYPE = "meeting"
    KEY = "uid"
    uid: str
    organization: str
    kind: str  # MeetingKind value
    held_on: date
    duration_minutes: int
    recorded_at: datetime
    recorded_by: str
    agenda: str = ""
    resolution: str = ""
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AbsenceRecord(Record):
    """A member absent from a meeting (a ``meetings.Attendance`` line that is not "present")."""

    TYPE = "absence"
    KEY = "meeting"

    @property
    def key(self) -> str:
        return f"{self.meeting}/{self.person}"

    meeting: str  # meeting uid
    person: str
    status: str  # AttendanceStatus value: excused / unexcused
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ResidenceTieRecord(Record):
    """A working member's tie with the cell where they live (``meetings.ResidenceTie``, QĐ 213)."""

    TYPE = "residence_tie"
    KEY = "uid"
    uid: str
    person: str
    residence_organization: str
    category: str  # TieCategory value
    started_on: date
    recorded_at: datetime
    recorded_by: str
    address: str = ""
    ended_on: date | None = None
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ResidenceCommentRecord(Record):
    """The yearly comment of the residence cell (``meetings.ResidenceComment``)."""

    TYPE = "residence_comment"
    KEY = "uid"
    uid: str
    tie: str  # residence tie uid
    year: int
    commented_on: date
    content: str
    recorded_at: datetime
    recorded_by: str
    commented_by: str = ""  # organization code; empty: the tie's residence organization
    sent_on: date | None = None
    corrects: str = ""
    withdrawn: bool = False


@dataclass(frozen=True, kw_only=True)
class ReviewCycleRecord(Record):
    """One organization's review of a year, a quarter, a term or an occasion (``ratings.ReviewCycle``);
    the regime is chosen by the review day, not carried."""

    TYPE = "review_cycle"
    KEY = "uid"
    uid: str
    organization: str
    year: int
    period: str  # ReviewPeriod value
    reviewed_on: date
    recorded_at: datetime
    recorded_by: str
    period_number: int = 0  # quarter 1–4; 0 otherwise
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class MemberRatingRecord(Record):
    """A member's rating in a review cycle (``ratings.MemberRating``)."""

    TYPE = "member_rating"
    KEY = "uid"
    uid: str
    cycle: str  # review cycle uid
    person: str
    level: str  # RatingLevel value
    recorded_at: datetime
    recorded_by: str
    score: str = ""  # decimal, "92.5"; empty where the regime has no score
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class OrganizationRatingRecord(Record):
    """An organization's rating in its review cycle (``ratings.OrganizationRating``)."""

    TYPE = "organization_rating"
    KEY = "uid"
    uid: str
    cycle: str  # review cycle uid
    level: str  # RatingLevel value
    recorded_at: datetime
    recorded_by: str
    score: str = ""
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class MeasureRecord(Record):
    """A disciplinary measure against a member or an organization (``discipline.DisciplinaryMeasure``);
    an expulsion's EXPELLED event is on the sheet "Sự kiện", named by its uid."""

    TYPE = "measure"
    KEY = "uid"
    uid: str
    sanction: str  # Sanction value
    decided_on: date
    recorded_at: datetime
    recorded_by: str
    person: str = ""  # person code; empty: the measure is against ``organization``
    organization: str = ""  # the organization; for a member, the one they belonged to (computed if empty)
    deciding_body: str = ""
    violation_on: date | None = None
    self_remedied: bool = False
    post: str = ""
    votes_for: int | None = None
    entitled_voters: int | None = None
    membership_event: str = ""  # uid of the EXPELLED event of an expulsion
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the measure a withdrawal takes back
    withdrawn: bool = False
    override_rule: str = ""
    override_reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CommendationRecord(Record):
    """A commendation of a member or an organization (``discipline.Commendation``)."""

    TYPE = "commendation"
    KEY = "uid"
    uid: str
    title: str
    awarded_on: date
    awarding_body: str
    recorded_at: datetime
    recorded_by: str
    person: str = ""  # person code; empty: the organization is commended
    organization: str = ""  # the organization; for a member, the one they belonged to (computed if empty)
    for_year: int | None = None
    years: int = 1
    basis_number: str = ""
    basis_date: date | None = None
    basis_issuer: str = ""
    corrects: str = ""  # uid of the commendation a withdrawal takes back
    withdrawn: bool = False
    note: str = ""


# The records exchange loads itself: the localities, the tree, the people and their events, entered
# figures. Then the yearly work, declared by the apps in their record kits (exchange/registry.py).
OWN_TYPES: tuple[type[Record], ...] = (
    LocalityRecord,
    LocalityParentRecord,
    OrganizationRecord,
    OrgChangeRecord,
    OrgChangeItemRecord,
    PersonRecord,
    EventRecord,
    EnteredFigureRecord,
)
# Yearly-work records still declared here until their apps declare them (file order).
_NOT_IN_KITS: tuple[type[Record], ...] = (
    CandidateRecord,
    CandidateStepRecord,
    SourcePlanRecord,
    CongressRecord,
    PositionRecord,
    MeetingRecord,
    AbsenceRecord,
    ResidenceTieRecord,
    ResidenceCommentRecord,
    ReviewCycleRecord,
    MemberRatingRecord,
    OrganizationRatingRecord,
    MeasureRecord,
    CommendationRecord,
)
# The records of the party's yearly work: loaded through the services of their apps, after the rest.
YEARLY_WORK_TYPES: tuple[type[Record], ...] = (
    tuple(t for t in _NOT_IN_KITS if registry.kit_of(t) is None) + registry.record_types()
)
RECORD_TYPES: tuple[type[Record], ...] = OWN_TYPES + YEARLY_WORK_TYPES
BY_TYPE = {t.TYPE: t for t in RECORD_TYPES}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, which field, and why, in Vietnamese."""

    location: Location | None
    field: str
    reason: str

    def __str__(self) -> str:
        return self.named("Tệp")

    def named(self, file_name: str) -> str:
        """The problem as the officer reads it, a problem of the whole file under ``file_name``."""
        where = f"{self.location}" if self.location else file_name
        column = f", cột “{self.field}”" if self.field else ""
        return f"{where}{column}: {self.reason}"


class ExchangeError(Exception):
    """A file that cannot be loaded. Nothing was changed. ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:5])
        more = f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""
        super().__init__(f"Tệp không hợp lệ, không có dữ liệu nào được ghi: {head}{more}")
