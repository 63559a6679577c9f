"""Demo cell meetings and residence ties for the demo province, through ``partyorg.meetings.services``.

Meetings: every cell, every month from 01/2025 to 06/2026 that is over (``months``), or to the month
before the day the demo is built (``partyorg demo`` passes it), with its attendance. Most cells hold
the regular meeting each month and combine it with the thematic one in the quarter's last month;
some hold a separate thematic meeting, some skip the thematic meeting of a quarter, about 1% of
cell-months have no meeting at all. Lengths follow HD 42 from 28/10/2025 except for a few short
meetings. Attendance: about 4% excused and 1% unexcused absences, and a few members (0,5%) who miss
often, so that the removal warning of RULES.md §2.9 has names.

Residence ties (QĐ 213): a fifth of the members of agency, enterprise and school cells, tied to a
hamlet or ward cell of the same district (or commune) where there is one, a tenth of them in the
HD 33 exempt category; most regular ties get their 2024 and 2025 comments.

Deterministic for ``seed``. All of it in one transaction; ``record_meetings`` writes the meetings
in bulk. Measured on the demo province (SQLite, 23/11/2026): 59.762 meetings, 883.948 attendance
rows, 2.755 ties and 4.249 comments in 14 s.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from partyorg.core.records import LegalBasis
from partyorg.meetings import services
from partyorg.meetings.models import AttendanceStatus, MeetingKind, TieCategory
from partyorg.meetings.queries import expected_for, last_day_of
from partyorg.meetings.services import Absence, MeetingInput
from partyorg.members.models import MembershipInterval
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, OrgSector, OrgVersion, valid_on

__all__ = ["populate"]

FIRST_MONTH = (2025, 1)
LAST_MONTH = (2026, 6)
TERRITORIAL = frozenset({OrgSector.COMMUNE, OrgSector.WARD, OrgSector.TOWNSHIP})
AGENDAS: dict[str, str] = {
    MeetingKind.REGULAR: "Kiểm điểm việc thực hiện nghị quyết tháng {m}; nhiệm vụ tháng tới",
    MeetingKind.THEMATIC: "Chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    MeetingKind.COMBINED: "Sinh hoạt thường kỳ tháng {m} kết hợp chuyên đề quý",
    MeetingKind.EXTRAORDINARY: "Sinh hoạt bất thường",
}
REASONS = ("ốm", "đi công tác", "việc gia đình", "đi học")
COMMENTS = (
    "Gương mẫu chấp hành chủ trương, chính sách nơi cư trú; tích cực tham gia sinh hoạt.",
    "Giữ mối liên hệ thường xuyên; gia đình gương mẫu thực hiện quy ước thôn, tổ dân phố.",
    "Ít tham gia hoạt động ở nơi cư trú; đề nghị chi bộ nơi công tác nhắc nhở.",
)


def _months(today: date, last: tuple[int, int] | None = LAST_MONTH) -> list[tuple[int, int]]:
    """The months from FIRST_MONTH to ``last`` (without it: every one) that are over ``today``."""
    found = []
    year, month = FIRST_MONTH
    while (last is None or (year, month) <= last) and last_day_of(year, month) < today:
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _cells_by_month(months: list[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
    """The organizations that were cells from the first to the last day of each month."""
    if not months:
        return {}
    start, end = date(*months[0], 1), last_day_of(*months[-1])
    versions = list(
        OrgVersion.objects.filter(kind__in=MEMBER_HOLDING_KINDS, valid_from__lte=end)
        .exclude(valid_until__lte=start)
        .values_list("organization_id", "valid_from", "valid_until")
    )
    found: dict[tuple[int, int], list[int]] = {}
    for year, month in months:
        first, last = date(year, month, 1), last_day_of(year, month)
        held: dict[int, int] = defaultdict(int)
        for org_id, since, until in versions:
            for day in (first, last):
                if since <= day and (until is None or day < until):
                    held[org_id] += 1
        found[year, month] = sorted(org_id for org_id, n in held.items() if n == 2)
    return found


def _meeting_plan(
    rng: random.Random, cells_by_month: dict[tuple[int, int], list[int]]
) -> list[tuple[int, str, date, int]]:
    """(cell, kind, day, minutes) for every meeting."""
    plan: list[tuple[int, str, date, int]] = []
    separate_thematic: dict[tuple[int, int, int], int] = {}  # (cell, year, quarter) → month
    for (year, month), cells in cells_by_month.items():
        quarter_last = month % 3 == 0
        last_day = last_day_of(year, month).day
        for cell in cells:
            quarter = (year, (month - 1) // 3 + 1)
            key = (cell, *quarter)
            if key not in separate_thematic:
                roll = rng.random()
                # 0: combined in the quarter's last month; 1–3: separate thematic in that month; -1: none.
                separate_thematic[key] = -1 if roll < 0.08 else (0 if roll < 0.8 else rng.randint(1, 3))
            choice = separate_thematic[key]
            if rng.random() < 0.01:
                continue  # the month's meeting was not held
            day = date(year, month, rng.randint(3, min(25, last_day)))
            kind = MeetingKind.COMBINED if quarter_last and choice == 0 else MeetingKind.REGULAR
            plan.append((cell, kind, day, _minutes(rng, kind, day)))
            if choice > 0 and (month - 1) % 3 + 1 == choice:
                thematic_day = date(year, month, rng.randint(3, min(25, last_day)))
                plan.append(
                    (
                        cell,
                        MeetingKind.THEMATIC,
                        thematic_day,
                        _minutes(rng, MeetingKind.THEMATIC, thematic_day),
                    )
                )
            if rng.random() < 0.01:
                extra_day = date(year, month, rng.randint(1, last_day))
                plan.append((cell, MeetingKind.EXTRAORDINARY, extra_day, rng.choice((45, 60, 90))))
    return plan


def _minutes(rng: random.Random, kind: str, day: date) -> int:
    minimum = 120 if kind == MeetingKind.COMBINED else 90
    if day < date(2025, 10, 28):  # before HD 42 cells met for 60–150 minutes
        return rng.choice((60, 75, 90, 90, 120, 150))
    if rng.random() < 0.05:
        return minimum - rng.choice((15, 30))
    return minimum + rng.choice((0, 0, 15, 30))


def _absences(rng: random.Random, expected: set[int], chronic: set[int], kind: str) -> dict[int, Absence]:
    found = {}
    for person_id in sorted(expected):
        roll = rng.random()
        if person_id in chronic and kind != MeetingKind.EXTRAORDINARY and roll < 0.35:
            found[person_id] = Absence(AttendanceStatus.UNEXCUSED)
        elif roll < 0.04:
            found[person_id] = Absence(AttendanceStatus.EXCUSED, rng.choice(REASONS))
        elif roll < 0.05:
            found[person_id] = Absence(AttendanceStatus.UNEXCUSED)
    return found


def _sector_of(org_id: int, versions: dict[int, OrgVersion]) -> str:
    """The sector of an organization or of its nearest ancestor that has one."""
    seen = 0
    current: int | None = org_id
    while current is not None and seen < 10:
        version = versions.get(current)
        if version is None:
            return ""
        if version.sector:
            return version.sector
        current = version.parent_id
        seen += 1
    return ""


def _area_of(org_id: int, versions: dict[int, OrgVersion]) -> int | None:
    """The nearest district or commune above an organization: residence cells are looked for there."""
    current = versions[org_id].parent_id if org_id in versions else None
    while current is not None and current in versions:
        if versions[current].kind in ("district", "commune"):
            return current
        current = versions[current].parent_id
    return None


def _residence_ties(rng: random.Random, recorded_by: str, on: date) -> tuple[int, int]:
    versions = {v.organization_id: v for v in OrgVersion.objects.filter(valid_on(on))}
    cells = [o for o, v in versions.items() if v.kind in MEMBER_HOLDING_KINDS]
    territorial: dict[int | None, list[int]] = defaultdict(list)
    working_cells = set()
    for cell in cells:
        if _sector_of(cell, versions) in TERRITORIAL:
            territorial[_area_of(cell, versions)].append(cell)
            territorial[None].append(cell)
        else:
            working_cells.add(cell)
    if not territorial[None]:
        return 0, 0
    intervals = (
        MembershipInterval.objects.filter(valid_on(on), organization_id__in=working_cells, is_exempt=False)
        .order_by("person_id")
        .values_list("person_id", "organization_id", "valid_from")
    )
    chosen = [row for row in intervals if rng.random() < 0.2]
    basis = LegalBasis("GGT/ĐU", None, "Đảng ủy cơ sở nơi công tác")
    wanted = []
    for person_id, work_cell, since in chosen:
        home = rng.choice(territorial.get(_area_of(work_cell, versions)) or territorial[None])
        started_on = max(
            since, versions[home].valid_from, on - timedelta(days=rng.randint(30, 5 * 365)), date(2020, 3, 1)
        )
        category = TieCategory.EXEMPT if rng.random() < 0.1 else TieCategory.REGULAR
        address = f"Nơi cư trú thuộc {versions[home].name}"
        wanted.append(services.TieInput(person_id, home, started_on, category, address))
    ties = services.record_residence_ties(wanted, legal_basis=basis, recorded_by=recorded_by)
    comments = []
    for tie in ties:
        if tie.category != TieCategory.REGULAR:
            continue
        for year in (2024, 2025):
            if tie.started_on.year <= year and rng.random() < 0.85:
                commented_on = date(year, 12, rng.randint(5, 20))
                sent_on = commented_on + timedelta(days=rng.randint(1, 7))
                comments.append(services.CommentInput(tie, year, commented_on, rng.choice(COMMENTS), sent_on))
    services.record_residence_comments(comments, recorded_by=recorded_by)
    return len(ties), len(comments)


@transaction.atomic
def populate(
    *, seed: int = 2017, recorded_by: str = "demo", share: float = 1.0, today: date | None = None
) -> dict[str, int]:
    """Meetings with attendance for the cells of the demo province (``share`` of them, all by
    default) over the months of 01/2025–06/2026 that are over, or, given the day the demo is built
    (``today``), every month from 01/2025 to the one before; and residence ties with comments."""
    rng = random.Random(f"{seed}/meetings")
    months = _months(timezone.localdate()) if today is None else _months(today, None)
    cells_by_month = _cells_by_month(months)
    if share < 1:
        kept = {
            c
            for cells in cells_by_month.values()
            for c in cells
            if random.Random(f"{seed}/{c}").random() < share
        }
        cells_by_month = {k: [c for c in v if c in kept] for k, v in cells_by_month.items()}
    plan = _meeting_plan(rng, cells_by_month)
    expected = expected_for({(cell, day) for cell, _, day, _ in plan})
    members = sorted({p for people in expected.values() for p in people})
    chronic = {p for p in members if rng.random() < 0.005}
    items = [
        MeetingInput(
            cell,
            kind,
            day,
            minutes,
            agenda=AGENDAS[kind].format(m=f"{day.month:02d}/{day.year}"),
            resolution="Chi bộ thống nhất nghị quyết" if kind != MeetingKind.THEMATIC else "",
            absences=_absences(rng, expected[cell, day], chronic, kind),
        )
        for cell, kind, day, minutes in plan
    ]
    meetings = services.record_meetings(items, recorded_by=recorded_by)
    attendance = sum(len(expected[cell, day]) for cell, _, day, _ in plan)
    ties, comments = _residence_ties(rng, recorded_by, date(2025, 1, 1))
    return {
        "meetings": len(meetings),
        "attendance": attendance,
        "absences": sum(len(item.absences) for item in items),
        "residence_ties": ties,
        "residence_comments": comments,
    }
