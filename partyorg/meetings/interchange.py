"""Cell meetings and residence ties as they travel in an interchange file: the record kit of the
meetings app.

Four record types, in file order: a cell's meeting, the members absent from it (everyone else
expected that day was present), a working member's tie with the cell where they live, and the yearly
comment of the residence cell. Each is written through :mod:`partyorg.meetings.services`, so a file
is held to the same rules as the pages; a meeting is written together with its absences (its
attendance is the service's), a correction is a new record naming the one it corrects.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from partyorg.core.interchange import (
    DUMP_CHUNK,
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
from partyorg.core.records import LegalBasis
from partyorg.meetings import services
from partyorg.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    ResidenceComment,
    ResidenceTie,
    TieCategory,
)


@dataclass(frozen=True, kw_only=True)
class MeetingRecord(Record):
    """A cell's meeting (``meetings.Meeting``); its absences are on the next sheet, everyone else
    expected that day was present."""

    TYPE = "meeting"
    LABEL = gettext_lazy("Buổi sinh hoạt chi bộ")
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
    LABEL = gettext_lazy("Người vắng sinh hoạt")
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
    LABEL = gettext_lazy("Liên hệ nơi cư trú")
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
    LABEL = gettext_lazy("Nhận xét nơi cư trú")
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


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        MeetingRecord,
        "Sinh hoạt chi bộ",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của buổi sinh hoạt", width=38),
            Column("organization", "Chi bộ", meaning="Mã chi bộ", width=20),
            Column("kind", "Loại", "enum", enum="MeetingKind", width=36),
            Column("held_on", "Ngày sinh hoạt", "date", width=13),
            Column("duration_minutes", "Thời lượng (phút)", "int", width=10),
            *recorded_columns(),
            Column("agenda", "Nội dung", width=36),
            Column("resolution", "Nghị quyết, kết luận", width=36),
            Column(
                "corrects",
                "Sửa cho",
                meaning="Mã buổi sinh hoạt trước đó mà bản ghi này sửa hoặc hủy",
                width=38,
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy buổi sinh hoạt được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        AbsenceRecord,
        "Vắng sinh hoạt",
        (
            Column(
                "meeting", "Buổi sinh hoạt", meaning="Mã buổi sinh hoạt (trang “Sinh hoạt chi bộ”)", width=38
            ),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên vắng", width=16),
            Column(
                "status",
                "Tình trạng",
                "enum",
                "Vắng có lý do hoặc không có lý do; người phải dự không ghi ở đây là có mặt",
                enum="AttendanceStatus",
                width=22,
            ),
            Column("reason", "Lý do vắng", width=30),
        ),
    ),
    Sheet(
        ResidenceTieRecord,
        "Liên hệ nơi cư trú",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của mối liên hệ", width=38),
            Column("person", "Người", meaning="Mã hồ sơ của đảng viên đang công tác", width=16),
            Column(
                "residence_organization",
                "Tổ chức nơi cư trú",
                meaning="Mã chi bộ hoặc đảng bộ nơi cư trú",
                width=20,
            ),
            Column("category", "Diện", "enum", enum="TieCategory", width=36),
            Column("started_on", "Từ ngày", "date", "Ngày giới thiệu về nơi cư trú", width=13),
            *recorded_columns(),
            Column("address", "Nơi cư trú", width=30),
            Column(
                "ended_on", "Đến ngày", "date", "Ngày đầu tiên không còn liên hệ; trống nếu còn", width=13
            ),
            *basis_columns(),
            Column(
                "corrects", "Sửa cho", meaning="Mã mối liên hệ trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy mối liên hệ được sửa", width=8),
            Column("note", "Ghi chú", width=30),
        ),
    ),
    Sheet(
        ResidenceCommentRecord,
        "Nhận xét nơi cư trú",
        (
            Column("uid", "Mã", meaning="Mã định danh (UUID) của nhận xét", width=38),
            Column("tie", "Mối liên hệ", meaning="Mã mối liên hệ (trang “Liên hệ nơi cư trú”)", width=38),
            Column("year", "Năm", "int", width=8),
            Column("commented_on", "Ngày nhận xét", "date", width=13),
            Column("content", "Nội dung nhận xét", width=40),
            *recorded_columns(),
            Column(
                "commented_by",
                "Tổ chức nhận xét",
                meaning="Mã tổ chức nhận xét; trống: tổ chức nơi cư trú của mối liên hệ",
                width=20,
            ),
            Column("sent_on", "Ngày gửi", "date", width=13),
            Column(
                "corrects", "Sửa cho", meaning="Mã nhận xét trước đó mà bản ghi này sửa hoặc hủy", width=38
            ),
            Column("withdrawn", "Hủy", "bool", "Có: hủy nhận xét được sửa", width=8),
        ),
    ),
)


class MeetingsKit(RecordKit):
    sheets = SHEETS
    models: ClassVar[dict[type[Record], type[Model]]] = {
        MeetingRecord: Meeting,
        ResidenceTieRecord: ResidenceTie,
        ResidenceCommentRecord: ResidenceComment,
    }
    enums: ClassVar[dict[str, Any]] = {
        "MeetingKind": MeetingKind,
        "AttendanceStatus": AttendanceStatus,
        "TieCategory": TieCategory,
    }
    # An empty commenting organization is the tie's residence organization.
    computed: ClassVar[dict[type[Record], frozenset[str]]] = {
        ResidenceCommentRecord: frozenset({"commented_by"})
    }

    def __init__(self, work: Loading | None = None) -> None:
        super().__init__(work)
        # A load: the absences of each meeting (by its uid), applied with it; the meetings of the file.
        self.absences: defaultdict[str, list[tuple[Location | None, AbsenceRecord]]] = defaultdict(list)
        self.meeting_uids: set[str] = set()
        # An upload's scope check: residence tie uid -> the residence organization's code.
        self.tie_orgs: dict[str, str] = {}

    # -- export ------------------------------------------------------------------------------
    @classmethod
    def dump(cls, codes: Codes) -> Iterator[Record]:
        for m in Meeting.objects.order_by("id").iterator(chunk_size=DUMP_CHUNK):
            yield meeting_record(m, codes)
        absences = (
            Attendance.objects.exclude(status=AttendanceStatus.PRESENT)
            .order_by("meeting_id", "person_id")
            .values_list("meeting_id", "person_id", "status", "reason")
        )
        for meeting_id, person_id, status, reason in absences.iterator(chunk_size=DUMP_CHUNK):
            yield AbsenceRecord(
                meeting=codes.uid(Meeting, meeting_id),
                person=codes.person(person_id),
                status=status,
                reason=reason,
            )
        for t in ResidenceTie.objects.order_by("id").iterator(chunk_size=DUMP_CHUNK):
            yield tie_record(t, codes)
        for c in ResidenceComment.objects.order_by("id").iterator(chunk_size=DUMP_CHUNK):
            yield comment_record(c, codes)

    @classmethod
    def converters(cls) -> dict[type[Model], Callable[[Any, Codes], Record]]:
        """The tables with their to-record; the absences are dumped with the meetings (dump)."""
        return {Meeting: meeting_record, ResidenceTie: tie_record, ResidenceComment: comment_record}

    # -- an upload's scope check --------------------------------------------------------------
    def judge(self, judge: Judge, record: Record) -> None:
        """A meeting at its cell on the day held (an absence goes with its meeting); a residence tie
        by its member on the day it starts (the residence cell is the other end); a comment at the
        organization that comments, on the day it comments."""
        if isinstance(record, MeetingRecord):
            judge.org("organization", record.organization, record.held_on)
        elif isinstance(record, ResidenceTieRecord):
            self.tie_orgs[record.uid] = record.residence_organization
            judge.person(record.person, record.started_on)
        elif isinstance(record, ResidenceCommentRecord):
            code = record.commented_by or self.tie_orgs.get(record.tie)
            if not code and _is_uuid(record.tie):
                code = (
                    ResidenceTie.objects.filter(uid=record.tie)
                    .values_list("residence_organization__code", flat=True)
                    .first()
                )
            if code:
                judge.org("commented_by", code, record.commented_on)

    # -- import ------------------------------------------------------------------------------
    def add(self, location: Location | None, record: Record) -> bool:
        """An absence is kept with its meeting (applied with it); the rest in recorded order."""
        if isinstance(record, AbsenceRecord):
            self.absences[record.meeting].append((location, record))
            return False
        if isinstance(record, MeetingRecord):
            self.meeting_uids.add(record.uid)
        return True

    def check(self) -> None:
        """Every absence names a meeting of the file."""
        for uid, rows in self.absences.items():
            if uid not in self.meeting_uids:
                for location, absence in rows:
                    self.work.problem(
                        location,
                        absence,
                        "meeting",
                        _("Không tìm thấy buổi sinh hoạt có mã “%(uid)s” trong tệp") % {"uid": uid},
                    )

    def meeting_absences(self, r: MeetingRecord) -> dict[int, services.Absence] | None:
        """The absences of the file's meeting ``r`` by person id; None when one of them is wrong."""
        absences: dict[int, services.Absence] = {}
        ok = True
        for location, a in self.absences.get(r.uid, []):
            person = self.work.person(location, a, "person")
            if a.status not in (AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED):
                self.work.problem(
                    location, a, "status", _("Chỉ ghi người vắng; người có mặt không ghi ở trang này")
                )
                ok = False
            elif person is not None and person.pk in absences:
                self.work.problem(
                    location, a, "person", _("Người có mã “%(code)s” được ghi hai lần") % {"code": a.person}
                )
                ok = False
            elif person is not None:
                absences[person.pk] = services.Absence(a.status, a.reason)
            else:
                ok = False
        return absences if ok else None

    # A run of meetings goes through services.record_meetings (the checks of record_meeting,
    # who is expected read once for the run), with its absences; anything unusual (an unknown
    # cell or person, an absence that is not one) returns False: the run then goes a meeting at
    # a time, which says what is wrong.
    # Residence ties and their comments likewise go through record_residence_ties and
    # record_residence_comments (the checks of tie_residence and record_residence_comment, read
    # once for the run), a run for each legal basis and recorder.
    batched = frozenset({"meeting", "residence_tie", "residence_comment"})

    def apply_batch(self, items: list[tuple[Location | None, Record]]) -> bool:
        kind = items[0][1].TYPE
        if kind == "residence_tie":
            return self.tie_many(items)
        if kind == "residence_comment":
            return self.comment_many(items)
        if kind != "meeting":
            return False
        work = self.work
        inputs: list[services.MeetingInput] = []
        for _location, r in items:
            assert isinstance(r, MeetingRecord)
            cell = work.org_id(r.organization)
            absences: dict[int, services.Absence] = {}
            for _where, a in self.absences.get(r.uid, []):
                person = work.person_id(a.person)
                if (
                    person is None
                    or person in absences
                    or a.status not in (AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)
                ):
                    return False
                absences[person] = services.Absence(a.status, a.reason)
            if cell is None:
                return False
            inputs.append(
                services.MeetingInput(
                    cell,
                    r.kind,
                    r.held_on,
                    r.duration_minutes,
                    r.agenda,
                    r.resolution,
                    absences,
                    r.note,
                    r.uid,
                    r.recorded_at,
                )
            )
        by_uid = {item.uid: item for item in inputs}
        meetings: list[tuple[Location | None, MeetingRecord]] = items  # type: ignore[assignment]
        for run in runs_by(meetings, lambda r: r.recorded_by):
            chosen = [by_uid[r.uid] for _, r in run]
            call = partial(services.record_meetings, chosen, recorded_by=run[0][1].recorded_by)
            if not work.written_batch(run, call):
                return False
            for _location, r in run:
                for _absence in self.absences.get(r.uid, []):
                    work.count(AbsenceRecord.TYPE, True)
        return True

    def tie_many(self, items: list[tuple[Location | None, Any]]) -> bool:
        work = self.work
        inputs: dict[str, services.TieInput] = {}
        for _location, r in items:
            person, org = work.person_id(r.person), work.org_id(r.residence_organization)
            if person is None or org is None:
                return False
            inputs[r.uid] = services.TieInput(
                person, org, r.started_on, r.category, r.address, r.note, r.ended_on, r.uid, r.recorded_at
            )
        for run in runs_by(items, lambda r: (LegalBasis.of(r), r.recorded_by)):
            first: ResidenceTieRecord = run[0][1]
            call = partial(
                services.record_residence_ties,
                [inputs[r.uid] for _, r in run],
                legal_basis=LegalBasis.of(first),
                recorded_by=first.recorded_by,
            )
            if not work.written_batch(run, call):
                return False
        return True

    def comment_many(self, items: list[tuple[Location | None, Any]]) -> bool:
        work = self.work
        ids = work.ids(ResidenceTie, {r.tie for _, r in items})
        if len(ids) != len({r.tie for _, r in items}):
            return False
        pks = sorted(ids.values())
        ties = {
            t.pk: t
            for start in range(0, len(pks), 900)  # SQLite's limit on parameters
            for t in ResidenceTie.objects.filter(pk__in=pks[start : start + 900])
        }
        inputs: dict[str, services.CommentInput] = {}
        for _location, r in items:
            by = work.org_id(r.commented_by) if r.commented_by else None
            if (r.commented_by and by is None) or not 1930 <= r.year <= 9999:
                return False
            inputs[r.uid] = services.CommentInput(
                ties[ids[r.tie]], r.year, r.commented_on, r.content, r.sent_on, by, r.uid, r.recorded_at
            )
        for run in runs_by(items, lambda r: r.recorded_by):
            call = partial(
                services.record_residence_comments,
                [inputs[r.uid] for _, r in run],
                recorded_by=run[0][1].recorded_by,
            )
            if not work.written_batch(run, call):
                return False
        return True

    def apply_meeting(self, location: Location | None, r: MeetingRecord) -> None:
        work = self.work
        if work.known(location, r):
            self.check_stored_absences(r)
            return
        cell = work.org(location, r, "organization")
        corrects = work.by_uid(Meeting, location, r, "corrects", gettext_noop("buổi sinh hoạt"))
        absences = self.meeting_absences(r)
        if cell is None or absences is None or (r.corrects and corrects is None):
            return
        call: Callable[[], Meeting]
        if corrects is not None:
            wrong = corrects
            if wrong.organization_id != cell.pk:
                work.problem(
                    location, r, "organization", _("Bản sửa phải cùng chi bộ với buổi sinh hoạt được sửa")
                )
                return
            if r.withdrawn:
                call = lambda: services.withdraw_meeting.within(  # noqa: E731
                    wrong, recorded_by=r.recorded_by, note=r.note, recorded_at=r.recorded_at, uid=r.uid
                )
            else:
                call = lambda: services.correct_meeting.within(  # noqa: E731
                    wrong,
                    recorded_by=r.recorded_by,
                    note=r.note,
                    kind=r.kind,
                    held_on=r.held_on,
                    duration_minutes=r.duration_minutes,
                    agenda=r.agenda,
                    resolution=r.resolution,
                    absences=absences,
                    recorded_at=r.recorded_at,
                    uid=r.uid,
                )
        elif r.withdrawn:
            work.problem(location, r, "corrects", _("Cần mã buổi sinh hoạt bị hủy"))
            return
        else:
            call = lambda: services.record_meeting.within(  # noqa: E731
                cell,
                kind=r.kind,
                held_on=r.held_on,
                duration_minutes=r.duration_minutes,
                recorded_by=r.recorded_by,
                agenda=r.agenda,
                resolution=r.resolution,
                absences=absences,
                note=r.note,
                recorded_at=r.recorded_at,
                uid=r.uid,
            )
        if work.written(location, r, call) is not None:
            for _absence in self.absences.get(r.uid, []):
                work.count(AbsenceRecord.TYPE, True)

    def check_stored_absences(self, r: MeetingRecord) -> None:
        """A meeting already stored: its absences in the file must be those stored."""
        rows = self.absences.get(r.uid, [])
        if not rows:
            return
        stored = {
            (code, status, reason)
            for code, status, reason in Attendance.objects.filter(meeting__uid=r.uid)
            .exclude(status=AttendanceStatus.PRESENT)
            .values_list("person__code", "status", "reason")
        }
        for location, a in rows:
            if (a.person, a.status, a.reason) in stored:
                self.work.count(a.TYPE, False)
            else:
                self.work.problem(
                    location, a, "", _("Buổi sinh hoạt đã có trong cơ sở dữ liệu với danh sách vắng khác")
                )

    def apply_residence_tie(self, location: Location | None, r: ResidenceTieRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        person = work.person(location, r, "person")
        org = work.org(location, r, "residence_organization")
        corrects = work.by_uid(ResidenceTie, location, r, "corrects", gettext_noop("mối liên hệ"))
        if person is None or org is None or (r.corrects and corrects is None):
            return
        work.written(
            location,
            r,
            lambda: services.tie_residence.within(
                person,
                org,
                started_on=r.started_on,
                category=r.category,
                address=r.address,
                legal_basis=LegalBasis.of(r),
                recorded_by=r.recorded_by,
                note=r.note,
                ended_on=r.ended_on,
                corrects=corrects,
                withdrawn=r.withdrawn,
                recorded_at=r.recorded_at,
                uid=r.uid,
            ),
        )

    def apply_residence_comment(self, location: Location | None, r: ResidenceCommentRecord) -> None:
        work = self.work
        if work.known(location, r):
            return
        tie = work.by_uid(ResidenceTie, location, r, "tie", gettext_noop("mối liên hệ"))
        by = work.org(location, r, "commented_by") if r.commented_by else None
        corrects = work.by_uid(ResidenceComment, location, r, "corrects", gettext_noop("nhận xét"))
        if tie is None or (r.commented_by and by is None) or (r.corrects and corrects is None):
            return
        if not 1930 <= r.year <= 9999:
            work.problem(location, r, "year", _("Năm không hợp lệ: %(year)s") % {"year": r.year})
            return
        work.written(
            location,
            r,
            lambda: services.record_residence_comment.within(
                tie,
                year=r.year,
                commented_on=r.commented_on,
                content=r.content,
                recorded_by=r.recorded_by,
                commented_by=by,
                sent_on=r.sent_on,
                corrects=corrects,
                withdrawn=r.withdrawn,
                recorded_at=r.recorded_at,
                uid=r.uid,
            ),
        )


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def meeting_record(m: Meeting, codes: Codes) -> MeetingRecord:
    return MeetingRecord(
        **shared_fields(m, codes, MeetingRecord),
        organization=codes.org(m.organization_id),
        kind=m.kind,
        held_on=m.held_on,
        duration_minutes=m.duration_minutes,
        agenda=m.agenda,
        resolution=m.resolution,
    )


def tie_record(t: ResidenceTie, codes: Codes) -> ResidenceTieRecord:
    return ResidenceTieRecord(
        **shared_fields(t, codes, ResidenceTieRecord),
        person=codes.person(t.person_id),
        residence_organization=codes.org(t.residence_organization_id),
        category=t.category,
        started_on=t.started_on,
        address=t.address,
        ended_on=t.ended_on,
    )


def comment_record(c: ResidenceComment, codes: Codes) -> ResidenceCommentRecord:
    return ResidenceCommentRecord(
        **shared_fields(c, codes, ResidenceCommentRecord),
        tie=codes.uid(ResidenceTie, c.tie_id),
        year=c.year,
        commented_on=c.commented_on,
        content=c.content,
        commented_by=codes.org(c.commented_by_id),
        sent_on=c.sent_on,
    )


KITS = (MeetingsKit,)
