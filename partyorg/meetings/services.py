"""Commands: record a cell's meeting with its attendance, correct or withdraw it; tie a working
member to the organization where they live, end the tie, record the yearly comment.

Each command is one transaction and appends rows (``partyorg.meetings.models``). A meeting is
refused when it cannot be (a cell that did not exist that day, a day in the future, an absence for
someone not expected); a meeting that breaks a rule of §5 (too short, a month without one) is a fact
to record and is reported by :mod:`partyorg.meetings.findings`, not refused.

Every command that appends a row takes ``uid`` and ``recorded_at`` (an import keeps the file's; by
default a fresh uid and now), so an import calls the commands themselves, attendance included. Each
single command is one durable transaction (:func:`partyorg.core.commands.command`); the import,
inside its own, calls them ``.within``. The batches (``record_meetings``,
``record_residence_ties``, ``record_residence_comments``: the demo's bulk path) are atomic but
not durable: the demo calls them inside a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.core import bulk
from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Refused
from partyorg.meetings import summary
from partyorg.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    ResidenceComment,
    ResidenceTie,
    TieCategory,
)
from partyorg.meetings.queries import comments_in_force, expected_for, work_cells
from partyorg.members.models import MembershipInterval, Person
from partyorg.organizations.models import GRASSROOTS_KINDS, MEMBER_HOLDING_KINDS, Organization, OrgVersion
from partyorg.organizations.queries import version_on
from partyorg.rules import residence as residence_rules

__all__ = [
    "Absence",
    "CommentInput",
    "MeetingInput",
    "MeetingRefused",
    "TieInput",
    "correct_meeting",
    "end_residence_tie",
    "record_meeting",
    "record_meetings",
    "record_residence_comment",
    "record_residence_comments",
    "record_residence_ties",
    "tie_residence",
    "withdraw_meeting",
]


class MeetingRefused(Refused):
    """The record cannot be written; the message is Vietnamese."""


# Refusals said by both a single command and its batch (msgids, translated where raised).
NO_ORG = gettext_noop("Tổ chức %(code)s không tồn tại vào ngày %(day)s.")
BAD_CATEGORY = gettext_noop("Diện không hợp lệ: %(category)s.")
NOT_RESIDENCE = gettext_noop("%(name)s không phải chi bộ hoặc tổ chức cơ sở đảng nơi cư trú.")
NOT_MEMBER = gettext_noop("%(name)s không phải đảng viên vào ngày %(day)s.")
WORKS_THERE = gettext_noop("%(name)s sinh hoạt chính thức tại %(org)s: không cần giới thiệu về nơi cư trú.")
TIED = gettext_noop("%(name)s đang có mối liên hệ với nơi cư trú; hãy kết thúc mối liên hệ cũ trước.")
COMMENTED = gettext_noop("Đã có nhận xét năm %(year)s cho đảng viên này; muốn thay thì ghi bản sửa.")


@dataclass(frozen=True)
class Absence:
    status: str  # AttendanceStatus.EXCUSED or UNEXCUSED
    reason: str = ""


@dataclass
class MeetingInput:
    """A meeting to record: everyone expected is present except those in ``absences``."""

    cell_id: int
    kind: str
    held_on: date
    duration_minutes: int
    agenda: str = ""
    resolution: str = ""
    absences: Mapping[int, Absence] = field(default_factory=dict)  # person id → absence
    note: str = ""
    uid: str | None = None  # the meeting's uid (an import keeps the file's); None: a fresh one
    recorded_at: datetime | None = None  # when it was recorded (an import keeps the file's); None: the call's


def _today() -> date:
    return timezone.localdate()


def _check_cell(version: OrgVersion | None, code: str, held_on: date) -> None:
    if version is None:
        raise MeetingRefused(_(NO_ORG) % {"code": code, "day": vn_date(held_on)})
    if version.kind not in MEMBER_HOLDING_KINDS:
        raise MeetingRefused(
            _(
                "%(name)s không phải chi bộ vào ngày %(day)s: "
                "chỉ ghi buổi sinh hoạt của chi bộ trực thuộc hoặc chi bộ cơ sở."
            )
            % {"name": version.name, "day": vn_date(held_on)}
        )


def _check_shape(item: MeetingInput, today: date) -> None:
    if item.kind not in MeetingKind.values:
        raise MeetingRefused(_("Loại buổi sinh hoạt không hợp lệ: %(kind)s.") % {"kind": item.kind})
    if item.duration_minutes <= 0:
        raise MeetingRefused(_("Thời lượng buổi sinh hoạt phải lớn hơn 0 phút."))
    if item.held_on > today:
        raise MeetingRefused(_("Ngày sinh hoạt %(day)s chưa tới.") % {"day": vn_date(item.held_on)})
    for absence in item.absences.values():
        if absence.status not in (AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED):
            raise MeetingRefused(_("Tình trạng vắng không hợp lệ: %(status)s.") % {"status": absence.status})


def _attendance_rows(
    item: MeetingInput, expected: set[int], codes: Mapping[int, str] | None = None
) -> list[tuple[int, str, str]]:
    strangers = set(item.absences) - expected
    if strangers:
        names = sorted((codes or {}).get(p, str(p)) for p in strangers)
        raise MeetingRefused(
            _(
                "Đảng viên %(codes)s không thuộc danh sách phải dự sinh hoạt của chi bộ ngày %(day)s "
                "(không sinh hoạt ở chi bộ, đang sinh hoạt tạm thời nơi khác, "
                "được miễn sinh hoạt hoặc bị đình chỉ sinh hoạt)."
            )
            % {"codes": ", ".join(names), "day": vn_date(item.held_on)}
        )
    rows = []
    for person_id in sorted(expected):
        absence = item.absences.get(person_id)
        if absence is None:
            rows.append((person_id, AttendanceStatus.PRESENT.value, ""))
        else:
            rows.append((person_id, absence.status, absence.reason))
    return rows


def _write(
    items: Sequence[MeetingInput],
    attendance: Sequence[list[tuple[int, str, str]]],
    *,
    recorded_by: str,
    recorded_at: datetime,
    corrects: Meeting | None = None,
    withdrawn: bool = False,
    uid: str | None = None,
) -> list[Meeting]:
    """The meetings and their attendance lines, in bulk; ``uid`` is given for a single meeting."""
    assert uid is None or len(items) == 1
    meetings = [
        Meeting(
            organization_id=item.cell_id,
            kind=item.kind,
            held_on=item.held_on,
            duration_minutes=item.duration_minutes,
            agenda=item.agenda,
            resolution=item.resolution,
            note=item.note,
            corrects=corrects,
            withdrawn=withdrawn,
            recorded_by=recorded_by,
            **stamp(uid or item.uid, item.recorded_at or recorded_at),
        )
        for item in items
    ]
    bulk.insert(Meeting, meetings, with_ids=True)
    bulk.insert_rows(
        Attendance,
        ("meeting_id", "person_id", "status", "reason"),
        (
            (meeting.pk, person_id, status, reason)
            for meeting, rows in zip(meetings, attendance, strict=True)
            for person_id, status, reason in rows
        ),
    )
    summary.write_tallies(meetings, attendance)  # the figures' counts, in the same transaction
    return meetings


def _codes(cell_id: int, person_ids: Iterable[int]) -> dict[int, str]:
    """The record codes of those of ``person_ids`` who were ever members of the cell: a refusal names
    them; anyone else is named by the id that was sent, so that a refusal never tells the code of a
    person outside the cell's reach."""
    return dict(
        MembershipInterval.objects.filter(person_id__in=set(person_ids), organization_id=cell_id)
        .values_list("person_id", "person__code")
        .distinct()
    )


@command
def record_meeting(
    cell: Organization,
    *,
    kind: str,
    held_on: date,
    duration_minutes: int,
    recorded_by: str,
    agenda: str = "",
    resolution: str = "",
    absences: Mapping[Person, Absence] | Mapping[int, Absence] | None = None,
    note: str = "",
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> Meeting:
    """Record one meeting: every member expected that day (``queries.expected_for``) is present
    unless listed in ``absences``."""
    return _record_one(
        cell,
        MeetingInput(
            cell.pk,
            kind,
            held_on,
            duration_minutes,
            agenda,
            resolution,
            {(p.pk if isinstance(p, Person) else p): a for p, a in (absences or {}).items()},
            note,
        ),
        recorded_by=recorded_by,
        recorded_at=recorded_at,
        uid=uid,
    )


def _record_one(
    cell: Organization,
    item: MeetingInput,
    *,
    recorded_by: str,
    recorded_at: datetime | None,
    corrects: Meeting | None = None,
    withdrawn: bool = False,
    uid: str | None = None,
) -> Meeting:
    _check_shape(item, _today())
    _check_cell(version_on(cell, item.held_on), cell.code, item.held_on)
    expected = expected_for([(cell.pk, item.held_on)])[cell.pk, item.held_on]
    rows = _attendance_rows(item, expected, _codes(cell.pk, item.absences))
    return _write(
        [item],
        [rows],
        recorded_by=recorded_by,
        recorded_at=recorded_at or timezone.now(),
        corrects=corrects,
        withdrawn=withdrawn,
        uid=uid,
    )[0]


def _lock_latest(wrong: Meeting) -> Meeting:
    wrong = Meeting.objects.select_for_update().get(pk=wrong.pk)
    if wrong.corrections.exists():
        raise MeetingRefused(_("Buổi sinh hoạt này đã được sửa; hãy sửa bản ghi mới nhất."))
    if wrong.withdrawn:
        raise MeetingRefused(_("Buổi sinh hoạt này đã bị hủy."))
    return wrong


@command
def correct_meeting(
    wrong: Meeting,
    *,
    recorded_by: str,
    note: str,
    kind: str | None = None,
    held_on: date | None = None,
    duration_minutes: int | None = None,
    agenda: str | None = None,
    resolution: str | None = None,
    absences: Mapping[Person, Absence] | Mapping[int, Absence] | None = None,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> Meeting:
    """Record the corrected meeting: ``wrong`` with the given fields changed. Its attendance is
    taken again from ``absences`` when given, else copied from ``wrong`` (against who is expected on
    the corrected day). ``wrong`` stays in the log, marked as corrected."""
    if not note.strip():
        raise MeetingRefused(_("Cần ghi lý do sửa buổi sinh hoạt."))
    wrong = _lock_latest(wrong)
    if absences is None:
        kept = {
            person_id: Absence(status, reason)
            for person_id, status, reason in wrong.attendances.exclude(
                status=AttendanceStatus.PRESENT
            ).values_list("person_id", "status", "reason")
        }
    else:
        kept = {(p.pk if isinstance(p, Person) else p): a for p, a in absences.items()}
    item = MeetingInput(
        wrong.organization_id,
        kind or wrong.kind,
        held_on or wrong.held_on,
        duration_minutes or wrong.duration_minutes,
        wrong.agenda if agenda is None else agenda,
        wrong.resolution if resolution is None else resolution,
        kept,
        note,
    )
    return _record_one(
        wrong.organization, item, recorded_by=recorded_by, recorded_at=recorded_at, corrects=wrong, uid=uid
    )


@command
def withdraw_meeting(
    wrong: Meeting,
    *,
    recorded_by: str,
    note: str,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> Meeting:
    """Take ``wrong`` back altogether (it did not take place, or belongs to another cell)."""
    if not note.strip():
        raise MeetingRefused(_("Cần ghi lý do hủy buổi sinh hoạt."))
    wrong = _lock_latest(wrong)
    return _write(
        [
            MeetingInput(
                wrong.organization_id,
                wrong.kind,
                wrong.held_on,
                wrong.duration_minutes,
                wrong.agenda,
                wrong.resolution,
                {},
                note,
            )
        ],
        [[]],
        recorded_by=recorded_by,
        recorded_at=recorded_at or timezone.now(),
        corrects=wrong,
        withdrawn=True,
        uid=uid,
    )[0]


@transaction.atomic
def record_meetings(
    items: Sequence[MeetingInput], *, recorded_by: str, recorded_at: datetime | None = None
) -> list[Meeting]:
    """Record many meetings at once (a load, the demo): the same checks as :func:`record_meeting`,
    with who is expected found in three queries for all of them and the rows written in bulk.
    All or nothing: one refused meeting refuses the batch."""
    today = _today()
    for item in items:
        _check_shape(item, today)
    pairs = {(item.cell_id, item.held_on) for item in items}
    if not pairs:
        return []
    first, last = min(d for _cell, d in pairs), max(d for _cell, d in pairs)
    by_org: dict[int, list[OrgVersion]] = {}
    for v in OrgVersion.objects.filter(
        organization_id__in={c for c, _day in pairs}, valid_from__lte=last
    ).exclude(valid_until__lte=first):
        by_org.setdefault(v.organization_id, []).append(v)
    versions = {
        (cell_id, day): next((v for v in by_org.get(cell_id, ()) if v.holds_on(day)), None)
        for cell_id, day in pairs
    }
    for cell_id, day in pairs:
        _check_cell(versions.get((cell_id, day)), str(cell_id), day)
    expected = expected_for(pairs)
    attendance = [_attendance_rows(item, expected[item.cell_id, item.held_on]) for item in items]
    return _write(items, attendance, recorded_by=recorded_by, recorded_at=recorded_at or timezone.now())


# -- residence ties (QĐ 213-QĐ/TW, RULES.md §2.13) ------------------------------------------


def _check_tie(item: TieInput, name: str, code: str, version: OrgVersion | None, work: int | None) -> None:
    """The checks of a new tie that need no other tie: a known category, a residence organization
    that holds members (or is grassroots) that day, a member working elsewhere that day (``work``:
    the organization holding them)."""
    if item.category not in TieCategory.values:
        raise MeetingRefused(_(BAD_CATEGORY) % {"category": item.category})
    if version is None:
        raise MeetingRefused(_(NO_ORG) % {"code": code, "day": vn_date(item.started_on)})
    if version.kind not in MEMBER_HOLDING_KINDS | GRASSROOTS_KINDS:
        raise MeetingRefused(_(NOT_RESIDENCE) % {"name": version.name})
    if work is None:
        raise MeetingRefused(_(NOT_MEMBER) % {"name": name, "day": vn_date(item.started_on)})
    if work == item.residence_organization_id:
        raise MeetingRefused(_(WORKS_THERE) % {"name": name, "org": version.name})


def _open_ties(person_ids: Iterable[int], starts: Mapping[int, date]) -> set[int]:
    """Of ``person_ids``, those with a tie in force that has not ended by their day in ``starts``:
    a member keeps one tie at a time."""
    rows = ResidenceTie.objects.filter(
        person_id__in=list(person_ids), corrections__isnull=True, withdrawn=False
    )
    return {
        person_id
        for person_id, ended_on in rows.values_list("person_id", "ended_on")
        if ended_on is None or ended_on > starts[person_id]
    }


def _check_comment(item: CommentInput, *, corrected: bool) -> None:
    """The checks of a yearly comment that need no other comment (RULES.md §2.13)."""
    residence_rules.check_comment_expected(item.tie.category, item.year)
    residence_rules.check_comment_year(item.year, item.commented_on)
    if not item.content.strip():
        raise MeetingRefused(_("Nội dung nhận xét không được để trống."))
    if item.tie.withdrawn:
        raise MeetingRefused(_("Mối liên hệ này đã bị hủy."))
    if corrected:
        raise MeetingRefused(_("Mối liên hệ này đã được sửa; hãy ghi nhận xét vào bản ghi mới nhất."))
    if item.sent_on is not None and item.sent_on < item.commented_on:
        raise MeetingRefused(_("Ngày gửi không thể trước ngày nhận xét."))


@command
def tie_residence(
    person: Person,
    residence_organization: Organization,
    *,
    started_on: date,
    category: str = TieCategory.REGULAR,
    address: str = "",
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    ended_on: date | None = None,
    corrects: ResidenceTie | None = None,
    withdrawn: bool = False,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> ResidenceTie:
    """Record that ``person``, a working member, keeps contact with ``residence_organization`` (the
    cell or grassroots organization where they live) from ``started_on`` (the introduction letter is
    the legal basis)."""
    if ended_on is not None and ended_on <= started_on:
        raise MeetingRefused(_("Ngày kết thúc phải sau ngày bắt đầu."))
    _check_tie(
        TieInput(person.pk, residence_organization.pk, started_on, category),
        person.full_name,
        residence_organization.code,
        version_on(residence_organization, started_on),
        work_cells([person.pk], started_on).get(person.pk),
    )
    if corrects is not None:
        corrects = ResidenceTie.objects.select_for_update().get(pk=corrects.pk)
        if corrects.corrections.exists():
            raise MeetingRefused(_("Mối liên hệ này đã được sửa; hãy sửa bản ghi mới nhất."))
        if corrects.person_id != person.pk:
            raise MeetingRefused(_("Bản sửa phải cùng đảng viên với bản ghi được sửa."))
    elif _open_ties([person.pk], {person.pk: started_on}):
        raise MeetingRefused(_(TIED) % {"name": person.full_name})
    return ResidenceTie.objects.create(
        person=person,
        residence_organization=residence_organization,
        category=category,
        address=address,
        started_on=started_on,
        ended_on=ended_on,
        corrects=corrects,
        withdrawn=withdrawn,
        note=note,
        basis_number=legal_basis.number,
        basis_date=legal_basis.issued_on,
        basis_issuer=legal_basis.issuer,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )


@command
def end_residence_tie(
    tie: ResidenceTie, *, ended_on: date, legal_basis: LegalBasis, recorded_by: str, note: str = ""
) -> ResidenceTie:
    """The tie ends on ``ended_on`` (the member moved house, left the work cell, retired): a new row
    replacing ``tie`` with its end."""
    return tie_residence.within(
        tie.person,
        tie.residence_organization,
        started_on=tie.started_on,
        category=tie.category,
        address=tie.address,
        legal_basis=legal_basis,
        recorded_by=recorded_by,
        note=note,
        ended_on=ended_on,
        corrects=tie,
    )


@command
def record_residence_comment(
    tie: ResidenceTie,
    *,
    year: int,
    commented_on: date,
    content: str,
    recorded_by: str,
    commented_by: Organization | None = None,
    sent_on: date | None = None,
    corrects: ResidenceComment | None = None,
    withdrawn: bool = False,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> ResidenceComment:
    """The yearly comment of the residence cell on the member of ``tie`` (QĐ 213 [V]); refused for
    the HD 33 categories that get none (RULES.md §2.13). It is addressed to the member's official
    cell on ``commented_on``."""
    _check_comment(
        CommentInput(tie, year, commented_on, content, sent_on), corrected=tie.corrections.exists()
    )
    if corrects is not None:
        corrects = ResidenceComment.objects.select_for_update().get(pk=corrects.pk)
        if corrects.corrections.exists():
            raise MeetingRefused(_("Nhận xét này đã được sửa; hãy sửa bản ghi mới nhất."))
    elif ResidenceComment.objects.filter(
        tie__person_id=tie.person_id, year=year, corrections__isnull=True, withdrawn=False
    ).exists():
        raise MeetingRefused(_(COMMENTED) % {"year": year})
    sent_to = work_cells([tie.person_id], commented_on).get(tie.person_id)
    return ResidenceComment.objects.create(
        tie=tie,
        year=year,
        commented_on=commented_on,
        commented_by=commented_by or tie.residence_organization,
        sent_to_id=sent_to,
        sent_on=sent_on,
        content=content,
        corrects=corrects,
        withdrawn=withdrawn,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )


@dataclass
class TieInput:
    person_id: int
    residence_organization_id: int
    started_on: date
    category: str = TieCategory.REGULAR
    address: str = ""
    note: str = ""
    ended_on: date | None = None
    uid: str | None = None  # the tie's uid (an import keeps the file's); None: a fresh one
    recorded_at: datetime | None = None  # when it was recorded (an import keeps the file's); None: now


@transaction.atomic
def record_residence_ties(
    items: Sequence[TieInput], *, legal_basis: LegalBasis, recorded_by: str
) -> list[ResidenceTie]:
    """Record many new ties at once (a load, the demo), with the checks of :func:`tie_residence` made
    in four queries for all of them. All or nothing. A tie of the batch is in force for the ties
    after it as a stored one is (a member keeps one tie at a time: a later one starts on or after
    its end)."""
    people = {i.person_id for i in items}
    orgs = {i.residence_organization_id for i in items}
    versions: dict[int, list[OrgVersion]] = {}
    for v in OrgVersion.objects.filter(organization_id__in=orgs):
        versions.setdefault(v.organization_id, []).append(v)
    intervals: dict[int, list[tuple[int, date, date | None]]] = {}
    for person_id, org_id, since, until in MembershipInterval.objects.filter(
        person_id__in=people
    ).values_list("person_id", "organization_id", "valid_from", "valid_until"):
        intervals.setdefault(person_id, []).append((org_id, since, until))
    stored: dict[int, list[date | None]] = {}  # person id -> the ends of their ties in force
    for person_id, ended_on in ResidenceTie.objects.filter(
        person_id__in=people, corrections__isnull=True, withdrawn=False
    ).values_list("person_id", "ended_on"):
        stored.setdefault(person_id, []).append(ended_on)
    names = dict(Person.objects.filter(pk__in=people).values_list("pk", "full_name"))
    codes = dict(Organization.objects.filter(pk__in=orgs).values_list("pk", "code"))
    now = timezone.now()
    rows = []
    for item in items:
        name, day = names.get(item.person_id, str(item.person_id)), item.started_on
        if item.ended_on is not None and item.ended_on <= day:
            raise MeetingRefused(_("Ngày kết thúc phải sau ngày bắt đầu."))
        held = intervals.get(item.person_id, ())
        _check_tie(
            item,
            name,
            codes.get(item.residence_organization_id, str(item.residence_organization_id)),
            next((v for v in versions.get(item.residence_organization_id, ()) if v.holds_on(day)), None),
            next((o for o, since, until in held if since <= day and (until is None or day < until)), None),
        )
        ends = stored.setdefault(item.person_id, [])
        if any(end is None or end > day for end in ends):  # as _open_ties
            raise MeetingRefused(_(TIED) % {"name": name})
        ends.append(item.ended_on)
        rows.append(
            ResidenceTie(
                person_id=item.person_id,
                residence_organization_id=item.residence_organization_id,
                category=item.category,
                address=item.address,
                started_on=item.started_on,
                ended_on=item.ended_on,
                note=item.note,
                basis_number=legal_basis.number,
                basis_date=legal_basis.issued_on,
                basis_issuer=legal_basis.issuer,
                **stamp(item.uid, item.recorded_at or now),
                recorded_by=recorded_by,
            )
        )
    bulk.insert(ResidenceTie, rows, with_ids=True)
    return rows


@dataclass
class CommentInput:
    tie: ResidenceTie
    year: int
    commented_on: date
    content: str
    sent_on: date | None = None
    commented_by_id: int | None = None  # None: the tie's residence organization
    uid: str | None = None  # the comment's uid (an import keeps the file's); None: a fresh one
    recorded_at: datetime | None = None  # when it was recorded (an import keeps the file's); None: now


@transaction.atomic
def record_residence_comments(items: Sequence[CommentInput], *, recorded_by: str) -> list[ResidenceComment]:
    """Record many yearly comments at once, with the checks of :func:`record_residence_comment` made
    in three queries for all of them. All or nothing."""
    tie_ids = {i.tie.pk for i in items}
    corrected = set(
        ResidenceTie.objects.filter(corrects_id__in=tie_ids).values_list("corrects_id", flat=True)
    )
    done = set(
        comments_in_force()
        .filter(tie__person_id__in={i.tie.person_id for i in items}, year__in={i.year for i in items})
        .values_list("tie__person_id", "year")
    )
    intervals: dict[int, list[tuple[int, date, date | None]]] = {}
    for person_id, org_id, since, until in MembershipInterval.objects.filter(
        person_id__in={i.tie.person_id for i in items}
    ).values_list("person_id", "organization_id", "valid_from", "valid_until"):
        intervals.setdefault(person_id, []).append((org_id, since, until))
    now = timezone.now()
    rows = []
    for item in items:
        _check_comment(item, corrected=item.tie.pk in corrected)
        if (item.tie.person_id, item.year) in done:
            raise MeetingRefused(_(COMMENTED) % {"year": item.year})
        done.add((item.tie.person_id, item.year))
        day = item.commented_on
        sent_to = next(
            (
                o
                for o, since, until in intervals.get(item.tie.person_id, ())
                if since <= day and (until is None or day < until)
            ),
            None,
        )
        rows.append(
            ResidenceComment(
                tie=item.tie,
                year=item.year,
                commented_on=day,
                commented_by_id=item.commented_by_id or item.tie.residence_organization_id,
                sent_to_id=sent_to,
                sent_on=item.sent_on,
                content=item.content,
                **stamp(item.uid, item.recorded_at or now),
                recorded_by=recorded_by,
            )
        )
    bulk.insert(ResidenceComment, rows, with_ids=True)
    return rows
