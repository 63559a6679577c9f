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
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
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
    shared_fields,
)
from partyorg.core.records import LegalBasis, Override
from partyorg.ratings import services
from partyorg.ratings.models import MemberRating, OrganizationRating, RatingLevel, ReviewCycle, ReviewPeriod

R = TypeVar("R", "MemberRatingRecord", "OrganizationRatingRecord")


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
        text = r.score.strip().replace(",", ".")
        if not text:
            return replace(r, score=""), None
        try:
            score: Decimal | None = Decimal(text)
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or score < 0 or score >= 1000 or score != round(score, 2):
            self.work.problem(
                location, r, "score", _("Điểm không hợp lệ: %(score)s (ví dụ 92,5)") % {"score": r.score}
            )
            return None
        return replace(r, score=score_text(score)), score

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
