"""Review cycles and ratings as they travel in an interchange file: the record kit of the ratings app.

Three record types, in file order: an organization's review of a period (a cycle), a member's
rating in a cycle, and the organization's own rating in its cycle. Each is written through
:mod:`partyorg.ratings.services`, so a file is held to the same rules as the pages (the roster, the
levels and scores of the regime, the excellent quota); a member's rating is corrected by a new
record naming the one it corrects, and taken back by a withdrawal.

A score travels as text, the way the file writes it ("92.5", "90"; :func:`score_text`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, ClassVar, TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.core.interchange import (
    Codes,
    Column,
    Judge,
    Loading,
    Location,
    Record,
    RecordKit,
    Sheet,
    basis_columns,
    recorded_columns,
    runs_by,
    shared_fields,
)
from partyorg.core.records import LegalBasis, Override
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.ratings import services
from partyorg.ratings.models import MemberRating, OrganizationRating, RatingLevel, ReviewCycle, ReviewPeriod

R = TypeVar("R", "MemberRatingRecord", "OrganizationRatingRecord")
M = TypeVar("M", bound=Model)


@dataclass(frozen=True, kw_only=True)
class ReviewCycleRecord(Record):
    """One organization's review of a year, a quarter, a term or an occasion (``ratings.ReviewCycle``);
    the regime is chosen by the review day, not carried."""

    TYPE = "review_cycle"
    LABEL = gettext_lazy("Đợt kiểm điểm")
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
    LABEL = gettext_lazy("Xếp loại đảng viên")
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
    LABEL = gettext_lazy("Xếp loại tổ chức đảng")
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


def _override_columns() -> tuple[Column, ...]:
    return (
        Column("override_rule", "Quy định được vượt qua", meaning="Mã quy định được phép vượt qua", width=20),
        Column("override_reason", "Lý do", meaning="Lý do vượt qua quy định", width=30),
    )


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        ReviewCycleRecord,
        "Đợt kiểm điểm",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của đợt kiểm điểm", width=38),
            Column("organization", "Tổ chức", meaning="Mã tổ chức đảng kiểm điểm", width=20),
            Column("year", "Năm", "int", width=8),
            Column("period", "Kỳ đánh giá", "enum", enum="ReviewPeriod", width=16),
            Column(
                "reviewed_on",
                "Ngày kiểm điểm",
                "date",
                "Ngày kiểm điểm: chọn quy định xếp loại áp dụng",
                width=13,
            ),
            *recorded_columns(),
            Column("period_number", "Số kỳ", "int", "Quý 1–4; 0 với các kỳ khác", width=8),
            *basis_columns(),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        MemberRatingRecord,
        "Xếp loại đảng viên",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của xếp loại", width=38),
            Column("cycle", "Đợt kiểm điểm", meaning="Mã đợt kiểm điểm (trang “Đợt kiểm điểm”)", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên", width=16),
            Column("level", "Xếp loại", "enum", enum="RatingLevel", width=32),
            *recorded_columns(),
            Column(
                "score",
                "Điểm",
                meaning="Điểm theo thang 100 (ví dụ 92,5); trống nếu quy định không chấm điểm",
                width=10,
            ),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã xếp loại trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy xếp loại được sửa", width=8),
            *_override_columns(),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        OrganizationRatingRecord,
        "Xếp loại tổ chức đảng",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của xếp loại", width=38),
            Column("cycle", "Đợt kiểm điểm", meaning="Mã đợt kiểm điểm của tổ chức được xếp loại", width=38),
            Column("level", "Xếp loại", "enum", enum="RatingLevel", width=32),
            *recorded_columns(),
            Column(
                "score",
                "Điểm",
                meaning="Điểm (thang 100, hoặc điểm của HD 27); trống nếu quy định không chấm điểm",
                width=10,
            ),
            *basis_columns(),
            Column("corrects", "Sửa cho", meaning="Mã xếp loại trước đó mà bản ghi này sửa", width=38),
            Column("withdrawn", "Hủy", "bool", "Có: hủy xếp loại được sửa", width=8),
            *_override_columns(),
            Column("note", "Ghi chú", width=30),
        ),
    ),
)


def score_text(score: Decimal | None) -> str:
    """A score as the file writes it: "92.5", "90"; empty for none."""
    if score is None:
        return ""
    return f"{score.normalize():f}"


class RatingsKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        ReviewCycleRecord: ReviewCycle,
        MemberRatingRecord: MemberRating,
        OrganizationRatingRecord: OrganizationRating,
    }
    enums: ClassVar[dict[str, Any]] = {"ReviewPeriod": ReviewPeriod, "RatingLevel": RatingLevel}

    def __init__(self, work: Loading | None = None) -> None:
        super().__init__(work)
        # review cycle uid -> (organization code, review day), from the file (an upload's check)
        self.cycles: dict[str, tuple[str, date]] = {}

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        return {
            ReviewCycle: cycle_record,
            MemberRating: member_rating_record,
            OrganizationRating: organization_rating_record,
        }

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A review cycle and its ratings at the organization reviewed, on the review day."""
        if isinstance(record, ReviewCycleRecord):
            self.cycles[record.uid] = (record.organization, record.reviewed_on)
            judge.org("organization", record.organization, record.reviewed_on)
        elif isinstance(record, MemberRatingRecord | OrganizationRatingRecord):
            cycle = self.cycles.get(record.cycle)
            if cycle is None and _is_uuid(record.cycle):
                cycle = (
                    ReviewCycle.objects.filter(uid=record.cycle)
                    .values_list("organization__code", "reviewed_on")
                    .first()
                )
            if cycle is not None:
                judge.org("cycle", cycle[0], cycle[1])

    # -- import ------------------------------------------------------------------------------
    def scored(self, location: Location | None, r: R) -> tuple[R, Decimal | None] | None:
        """``r`` with its score written as the file writes it ("92.5"), and the score; None, with a
        problem, for a score that is not a number of at most 2 decimals."""
        parsed = _parsed(r)
        if parsed is None:
            self.work.problem(
                location, r, "score", _("Điểm không hợp lệ: %(score)s (ví dụ 92,5)") % {"score": r.score}
            )
        return parsed

    # A run of cycles, of members' ratings, of organizations' ratings: through the batch forms
    # of the services (open_cycles, rate_many, rate_organizations), which check each as the
    # single commands do. Anything unusual (an unknown reference, a score that is not one)
    # returns False: the run is then applied a record at a time, which says what is wrong.
    batched = frozenset({"review_cycle", "member_rating", "organization_rating"})

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        kind = items[0][1].TYPE
        if kind == "review_cycle":
            return self.open_cycles(items)
        if kind == "member_rating":
            return self.rate_members(items)
        return self.rate_organizations(items)

    def open_cycles(self, items: list[tuple[Location | None, Any]]) -> bool:
        work = self.work
        orgs = {code: work.org_id(code) for _, r in items for code in [r.organization]}
        if None in orgs.values() or any(not 1930 <= r.year <= 9999 for _, r in items):
            return False
        objects = {o.pk: o for o in Organization.objects.filter(pk__in=set(orgs.values()))}

        def key(r: ReviewCycleRecord) -> tuple[Any, ...]:  # what open_cycles takes once a call
            return (r.year, r.reviewed_on, r.period, r.period_number, LegalBasis.of(r), r.recorded_by, r.note)

        for run in runs_by(items, lambda r: (*key(r), r.recorded_at)):
            first: ReviewCycleRecord = run[0][1]
            call = partial(
                services.open_cycles,
                [objects[orgs[r.organization]] for _, r in run],  # type: ignore[index]
                year=first.year,
                reviewed_on=first.reviewed_on,
                legal_basis=LegalBasis.of(first),
                recorded_by=first.recorded_by,
                period=first.period,
                period_number=first.period_number,
                note=first.note,
                recorded_at=first.recorded_at,
                uids=[r.uid for _, r in run],
            )
            if not work.written_batch(run, call):
                return False
        return True

    def rate_members(self, items: list[tuple[Location | None, Any]]) -> bool:
        work = self.work
        cycles = self.cycles_of(items)
        person_ids = {r.person: work.person_id(r.person) for _, r in items}
        parsed = [_parsed(r) for _, r in items]
        if cycles is None or None in person_ids.values() or any(p is None for p in parsed):
            return False
        people = work.people(pk for pk in person_ids.values() if pk is not None)
        for run in runs_by(items, lambda r: (LegalBasis.of(r), r.recorded_by)):
            batches: dict[int, tuple[ReviewCycle, list[services.RatingEntry]]] = {}
            for _location, r in run:
                cycle = cycles[r.cycle]
                score = _parsed(r)[1]  # type: ignore[index]
                entry = services.RatingEntry(
                    people[person_ids[r.person]],  # type: ignore[index]
                    r.level,
                    score,
                    r.note,
                    Override.of(r),
                    r.uid,
                    r.recorded_at,
                )
                batches.setdefault(cycle.pk, (cycle, []))[1].append(entry)
            first = run[0][1]
            call = partial(
                services.rate_many,
                list(batches.values()),
                legal_basis=LegalBasis.of(first),
                recorded_by=first.recorded_by,
            )
            if not work.written_batch(run, call):
                return False
        return True

    def rate_organizations(self, items: list[tuple[Location | None, Any]]) -> bool:
        """Organizations' ratings in waves: an organization's facts are read from the ratings
        recorded before it (its subordinates'), so one rated after a subordinate of the same
        period starts a new wave, as a record at a time would see it."""
        work = self.work
        cycles = self.cycles_of(items)
        if cycles is None or any(_parsed(r) is None for _, r in items):
            return False
        parents: dict[tuple[int, date], int | None] = {}
        for day in {c.reviewed_on for c in cycles.values()}:
            orgs = {c.organization_id for c in cycles.values() if c.reviewed_on == day}
            for org_id, parent_id in OrgVersion.objects.filter(
                valid_on(day), organization_id__in=orgs
            ).values_list("organization_id", "parent_id"):
                parents[org_id, day] = parent_id
        waves: list[list[tuple[Location | None, Any]]] = [[]]
        above: set[tuple[int | None, int, str, int]] = set()  # parents of the wave's, by period
        for location, r in items:
            c = cycles[r.cycle]
            period = (c.year, c.period, c.period_number)
            if (c.organization_id, *period) in above:
                waves.append([])
                above = set()
            waves[-1].append((location, r))
            above.add((parents.get((c.organization_id, c.reviewed_on)), *period))
        for wave in waves:
            for run in runs_by(wave, lambda r: (LegalBasis.of(r), r.recorded_by)):
                if any(r.corrects or r.withdrawn for _, r in run):
                    return False
                entries = [
                    services.OrgRatingEntry(
                        cycles[r.cycle],
                        r.level,
                        _parsed(r)[1],  # type: ignore[index]
                        (),
                        r.note,
                        Override.of(r),
                        r.uid,
                        r.recorded_at,
                    )
                    for _, r in run
                ]
                first = run[0][1]
                call = partial(
                    services.rate_organizations,
                    entries,
                    legal_basis=LegalBasis.of(first),
                    recorded_by=first.recorded_by,
                )
                if not work.written_batch(run, call):
                    return False
        return True

    def cycles_of(self, items: list[tuple[Location | None, Any]]) -> dict[str, ReviewCycle] | None:
        """The cycles the records name, by uid; None when one is unknown."""
        uids = {r.cycle for _, r in items}
        ids = self.work.ids(ReviewCycle, uids)
        if len(ids) != len(uids):
            return None
        by_id = {c.pk: c for c in _chunked(ReviewCycle, list(ids.values()))}
        return {uid: by_id[pk] for uid, pk in ids.items()}

    def apply_review_cycle(self, location: Location | None, r: ReviewCycleRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        org = work.org(location, r, "organization")
        if not 1930 <= r.year <= 9999:
            work.problem(location, r, "year", _("Năm không hợp lệ: %(year)s") % {"year": r.year})
            return
        if org is None:
            return
        work.written(
            location,
            r,
            lambda: services.open_cycle.within(
                org,
                year=r.year,
                reviewed_on=r.reviewed_on,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                period=r.period,
                period_number=r.period_number,
                note=r.note,
                uid=r.uid,
                recorded_at=r.recorded_at,
            ),
        )

    def apply_member_rating(self, location: Location | None, r: MemberRatingRecord) -> None:
        work = self.work
        parsed = self.scored(location, r)
        if parsed is None:
            return
        r, score = parsed
        if work.known(location, r):
            return
        cycle = work.by_uid(ReviewCycle, location, r, "cycle", gettext_noop("đợt kiểm điểm"))
        person = work.person(location, r, "person")
        corrects = work.by_uid(MemberRating, location, r, "corrects", gettext_noop("xếp loại"))
        if cycle is None or person is None or (r.corrects and corrects is None):
            return
        call: Callable[[], MemberRating]
        if corrects is not None:
            wrong = corrects
            if (wrong.cycle_id, wrong.person_id) != (cycle.pk, person.pk):
                work.problem(
                    location,
                    r,
                    "corrects",
                    _("Bản sửa phải cùng đợt kiểm điểm và cùng đảng viên với xếp loại được sửa"),
                )
                return
            if r.withdrawn:
                call = lambda: services.withdraw_member_rating.within(  # noqa: E731
                    wrong,
                    legal_basis=LegalBasis.of(r),
                    recorded_by=r.recorded_by,
                    note=r.note,
                    uid=r.uid,
                    recorded_at=r.recorded_at,
                )
            else:
                call = lambda: services.correct_member_rating.within(  # noqa: E731
                    wrong,
                    level=r.level,
                    legal_basis=LegalBasis.of(r),
                    recorded_by=r.recorded_by,
                    note=r.note,
                    score=score,
                    override=Override.of(r),
                    uid=r.uid,
                    recorded_at=r.recorded_at,
                )
        elif r.withdrawn:
            work.problem(location, r, "corrects", _("Cần mã xếp loại bị hủy"))
            return
        else:
            entry = services.RatingEntry(person, r.level, score, r.note, Override.of(r), r.uid)
            call = lambda: services.rate_members.within(  # noqa: E731
                cycle,
                [entry],
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                recorded_at=r.recorded_at,
            )[0]
        work.written(location, r, call)

    def apply_organization_rating(self, location: Location | None, r: OrganizationRatingRecord) -> None:
        work = self.work
        parsed = self.scored(location, r)
        if parsed is None:
            return
        r, score = parsed
        if work.known(location, r):
            return
        cycle = work.by_uid(ReviewCycle, location, r, "cycle", gettext_noop("đợt kiểm điểm"))
        if cycle is None:
            return
        if r.corrects or r.withdrawn:
            # The ratings app has no command correcting an organization's rating.
            work.problem(
                location, r, "corrects", _("Xếp loại tổ chức đảng đã ghi không sửa, hủy được qua tệp nhập")
            )
            return
        work.written(
            location,
            r,
            lambda: services.rate_organization.within(
                cycle,
                r.level,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                score=score,
                note=r.note,
                override=Override.of(r),
                uid=r.uid,
                recorded_at=r.recorded_at,
            ),
        )


def _parsed(r: R) -> tuple[R, Decimal | None] | None:
    """``r`` with its score written as the file writes it, and the score; None for a score that is
    not a number of at most 2 decimals."""
    text = r.score.strip().replace(",", ".")
    if not text:
        return replace(r, score=""), None
    try:
        score = Decimal(text)
    except InvalidOperation:
        return None
    if not score.is_finite() or score < 0 or score >= 1000 or score != round(score, 2):
        return None
    return replace(r, score=score_text(score)), score


def _chunked(model: type[M], ids: list[int], size: int = 900) -> Iterator[M]:
    for start in range(0, len(ids), size):
        yield from model._default_manager.filter(pk__in=ids[start : start + size])


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def cycle_record(c: ReviewCycle, codes: Codes) -> ReviewCycleRecord:
    return ReviewCycleRecord(
        **shared_fields(c, codes, ReviewCycleRecord),
        organization=codes.org(c.organization_id),
        year=c.year,
        period=c.period,
        reviewed_on=c.reviewed_on,
        period_number=c.period_number,
    )


def member_rating_record(m: MemberRating, codes: Codes) -> MemberRatingRecord:
    return MemberRatingRecord(
        **shared_fields(m, codes, MemberRatingRecord),
        cycle=codes.uid(ReviewCycle, m.cycle_id),
        person=codes.person(m.person_id),
        level=m.level,
        score=score_text(m.score),
    )


def organization_rating_record(o: OrganizationRating, codes: Codes) -> OrganizationRatingRecord:
    return OrganizationRatingRecord(
        **shared_fields(o, codes, OrganizationRatingRecord),
        cycle=codes.uid(ReviewCycle, o.cycle_id),
        level=o.level,
        score=score_text(o.score),
    )


KITS = (RatingsKit,)
