"""Fold a person's membership log into their state over time. Pure Python, no database.

This is the one place that knows what each event kind does to a person's state. The services use
it to refuse an event that contradicts the history, the derived tables are written from it, and
``partyorg rebuild`` replays it for everybody; so the three always agree.

Same-day events are applied in a fixed order (a decision before its ceremony, a transfer out
before the transfer in, an exit last), then in the order they were recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from partyorg.members.models import EventKind as K
from partyorg.members.models import MemberStatus

EXITS = frozenset({K.REMOVED, K.EXPELLED, K.WITHDRAWN, K.DIED})

DAY_ORDER = {
    K.ADMISSION_DECIDED: 0,
    K.READMISSION_DECIDED: 0,
    K.ADMISSION_CEREMONY: 1,
    K.RESTORED: 1,
    K.OPENED: 1,  # a log's first event: a member from that day on
    K.TEMPORARY_RETURN: 2,  # back from a temporary place before leaving for good the same day
    K.TRANSFER_OUT: 3,
    K.TRANSFER_IN: 4,
    K.RECOGNIZED_OFFICIAL: 5,
    K.ORG_REASSIGNED: 6,
    K.INTERRUPTION_ENDED: 7,
    K.EXEMPTION_ENDED: 7,
    K.SUSPENSION_ENDED: 7,
    K.EXEMPTED: 8,
    K.SUSPENDED: 8,
    K.INTERRUPTED: 8,
    K.TEMPORARY_TRANSFER: 8,
    K.BADGE_AWARDED: 9,
    K.REMOVED: 10,
    K.EXPELLED: 10,
    K.WITHDRAWN: 10,
    K.DIED: 11,
}


@dataclass(frozen=True)
class Fact:
    """The part of a :class:`~partyorg.members.models.MembershipEvent` the fold reads."""

    id: int  # recording order
    kind: str
    effective_on: date
    organization_id: int | None = None
    other_organization_id: int | None = None
    external_place: str = ""
    detail: str = ""
    corrects_id: int | None = None
    exit_ground: str = ""  # why a removal, expulsion or withdrawal happened (ExitGround), if recorded
    # An opening's days before the records, as far as known (partyorg.rules.opening).
    admitted_on: date | None = None
    ceremony_on: date | None = None
    recognized_on: date | None = None


@dataclass(frozen=True)
class State:
    member: bool = False
    status: str = ""
    organization_id: int | None = None  # None while a member outside partyorg's records
    in_transit: bool = False
    exempt: bool = False
    suspended: bool = False
    interrupted: bool = False
    pending_organization_id: int | None = None  # decided, ceremony not yet held
    pending_since: date | None = None
    temporary_organization_id: int | None = None
    temporary_place: str = ""
    temporary_since: date | None = None
    deceased: bool = False


@dataclass(frozen=True)
class Interval:
    organization_id: int
    valid_from: date
    valid_until: date | None
    status: str
    in_transit: bool
    exempt: bool
    suspended: bool


@dataclass(frozen=True)
class Placement:
    organization_id: int | None
    external_place: str
    valid_from: date
    valid_until: date | None


class HistoryConflict(Exception):
    """The log contradicts itself at ``fact``: the message says how, in Vietnamese; ``field`` names
    the event's field at fault when one is (an opening's days), else is empty."""

    def __init__(self, fact: Fact, message: str, field: str = "") -> None:
        super().__init__(f"{fact.effective_on:%d/%m/%Y}: {message}")
        self.fact = fact
        self.message = message
        self.field = field


@dataclass
class Timeline:
    """Everything the log says about one person, folded."""

    facts: list[Fact]  # the effective events, in applied order
    segments: list[tuple[date, State]] = field(default_factory=list)
    gaps: list[tuple[date, date | None]] = field(default_factory=list)  # not counted in party age
    first_decision_on: date | None = None
    last_ceremony_on: date | None = None
    readmissions: int = 0
    badges: set[int] = field(default_factory=set)
    died_a_member: bool = False  # a posthumous badge is for one who died a member (RULES.md §2.6)
    opened: Fact | None = None  # the opening of a member who predates the records, if the log has one

    def state_on(self, day: date) -> State:
        current = State()
        for start, state in self.segments:
            if start > day:
                break
            current = state
        return current

    def last(self, *kinds: str, before: date | None = None) -> Fact | None:
        found = None
        for fact in self.facts:
            if before is not None and fact.effective_on > before:
                break
            if fact.kind in kinds:
                found = fact
        return found

    def ceremony_before(self, on: date) -> date | None:
        """The day of the last admission ceremony up to ``on`` (the start of probation, RULES.md
        §2.3): a recorded ceremony, else the one an opening gives; None when neither is known."""
        ceremony = self.last(K.ADMISSION_CEREMONY, before=on)
        if ceremony is not None:
            return ceremony.effective_on
        if self.opened is not None and self.opened.effective_on <= on:
            return self.opened.ceremony_on
        return None

    def closed_gaps(self, on: date) -> list[tuple[date, date]]:
        """Gaps up to ``on``, an open one closed at ``on``: what party age arithmetic subtracts."""
        return [(s, min(e, on) if e else on) for s, e in self.gaps if s < on]

    def intervals(self) -> list[Interval]:
        rows: list[Interval] = []
        for i, (start, state) in enumerate(self.segments):
            end = self.segments[i + 1][0] if i + 1 < len(self.segments) else None
            if not state.member or state.organization_id is None or end == start:
                continue
            row = Interval(
                state.organization_id,
                start,
                end,
                state.status,
                state.in_transit,
                state.exempt,
                state.suspended,
            )
            previous = rows[-1] if rows else None
            if previous and previous.valid_until == start and _same(previous, row):
                rows[-1] = replace(previous, valid_until=end)
            else:
                rows.append(row)
        return rows

    def placements(self) -> list[Placement]:
        rows: list[Placement] = []
        for i, (start, state) in enumerate(self.segments):
            end = self.segments[i + 1][0] if i + 1 < len(self.segments) else None
            has = state.temporary_organization_id is not None or state.temporary_place
            if not has or end == start:
                continue
            row = Placement(state.temporary_organization_id, state.temporary_place, start, end)
            previous = rows[-1] if rows else None
            if (
                previous
                and previous.valid_until == start
                and (previous.organization_id, previous.external_place)
                == (row.organization_id, row.external_place)
            ):
                rows[-1] = replace(previous, valid_until=end)
            else:
                rows.append(row)
        return rows


def _same(a: Interval, b: Interval) -> bool:
    return (a.organization_id, a.status, a.in_transit, a.exempt, a.suspended) == (
        b.organization_id,
        b.status,
        b.in_transit,
        b.exempt,
        b.suspended,
    )


def effective_facts(facts: Iterable[Fact]) -> list[Fact]:
    """The log after corrections: a correcting event removes the one it corrects and, unless it is
    ``VOIDED``, stands in its place. Voiding a correction does not bring back the original."""
    active: dict[int, Fact] = {}
    for fact in sorted(facts, key=lambda f: f.id):
        if fact.corrects_id is not None:
            if fact.corrects_id not in active:
                raise HistoryConflict(
                    fact, "Sự kiện cần sửa đã được sửa hoặc hủy trước đó; hãy sửa bản ghi mới nhất."
                )
            del active[fact.corrects_id]
        if fact.kind != K.VOIDED:
            active[fact.id] = fact
    return sorted(active.values(), key=lambda f: (f.effective_on, DAY_ORDER[K(f.kind)], f.id))


def fold(facts: Sequence[Fact]) -> Timeline:
    """Replay the log. Raises :class:`HistoryConflict` at the first event that cannot happen."""
    timeline = Timeline(facts=effective_facts(facts))
    state = State()
    ever_member = False
    last_exit: Fact | None = None
    for fact in timeline.facts:
        new = _apply(fact, state, ever_member, last_exit, timeline)
        if fact.kind in EXITS:
            last_exit = fact
            # Whatever gap was open (an interruption) ends here; leaving opens the exit's own gap.
            timeline.gaps = [(start, end or fact.effective_on) for start, end in timeline.gaps]
            if fact.kind != K.DIED and state.member:
                timeline.gaps.append((fact.effective_on, None))
        if new.member:
            ever_member = True
        if new != state:
            if timeline.segments and timeline.segments[-1][0] == fact.effective_on:
                timeline.segments[-1] = (fact.effective_on, new)
            else:
                timeline.segments.append((fact.effective_on, new))
            state = new
    return timeline


def _open(fact: Fact, s: State, ever_member: bool, t: Timeline) -> State:
    """A member who predates the records, from the opening's day: the log's first membership. Its
    days before the records must come in order and before it; what is unknown stays unknown
    (partyorg.rules.opening)."""

    def conflict(message: str, field: str = "") -> HistoryConflict:
        return HistoryConflict(fact, message, field)

    if ever_member or s.member or s.pending_organization_id is not None:
        raise conflict(
            "Đảng viên từ trước khi có hồ sơ phải là sự kiện đầu tiên của quá trình: người này đã có quyết "
            "định kết nạp hoặc đã là đảng viên trước đó."
        )
    if fact.organization_id is None:
        raise conflict("Đảng viên từ trước khi có hồ sơ phải ghi tổ chức đảng nơi sinh hoạt.", "organization")
    status = fact.detail or MemberStatus.OFFICIAL
    if status not in MemberStatus.values:
        raise conflict(
            f"Trạng thái đảng viên không hợp lệ: {status} (chính thức: official, dự bị: probationary).",
            "detail",
        )
    known = [
        (name, day)
        for name, day in (
            ("admitted_on", fact.admitted_on),
            ("ceremony_on", fact.ceremony_on),
            ("recognized_on", fact.recognized_on),
        )
        if day is not None
    ]
    labels = {
        "admitted_on": "Ngày quyết định kết nạp",
        "ceremony_on": "Ngày lễ kết nạp",
        "recognized_on": "Ngày công nhận chính thức",
    }
    for name, day in known:
        if day > fact.effective_on:
            raise conflict(
                f"{labels[name]} ({day:%d/%m/%Y}) sau ngày có hồ sơ ({fact.effective_on:%d/%m/%Y}).", name
            )
    for (before, a), (name, b) in pairwise(known):
        if b < a:
            raise conflict(
                f"{labels[name]} ({b:%d/%m/%Y}) trước {labels[before].lower()} ({a:%d/%m/%Y}).", name
            )
    if fact.recognized_on is not None and status != MemberStatus.OFFICIAL:
        raise conflict(
            "Đảng viên dự bị chưa được công nhận chính thức: bỏ ngày công nhận chính thức.", "recognized_on"
        )
    t.opened = fact
    t.first_decision_on = fact.admitted_on
    t.last_ceremony_on = fact.ceremony_on
    return replace(s, member=True, status=status, organization_id=fact.organization_id)


def _close_gap(timeline: Timeline, on: date) -> None:
    if timeline.gaps and timeline.gaps[-1][1] is None:
        start, _ = timeline.gaps[-1]
        timeline.gaps[-1] = (start, on)


def _apply(fact: Fact, s: State, ever_member: bool, last_exit: Fact | None, t: Timeline) -> State:
    kind = fact.kind

    def conflict(message: str) -> HistoryConflict:
        return HistoryConflict(fact, message)

    if kind == K.ORG_REASSIGNED and fact.other_organization_id is not None:
        # Moved by an organization change from ``other_organization``: only if still there that day
        # (an earlier event recorded later may have taken the person elsewhere).
        if not s.member or s.deceased or s.organization_id != fact.other_organization_id:
            return s
        return replace(s, organization_id=fact.organization_id)
    if s.deceased and kind != K.BADGE_AWARDED:
        raise conflict("Không thể ghi sự kiện sau ngày từ trần.")
    if kind == K.DIED:
        t.died_a_member = s.member
        return State(deceased=True, status=s.status)  # a member, a former member or a candidate

    if kind == K.ADMISSION_DECIDED:
        if ever_member or s.pending_organization_id is not None:
            raise conflict("Người này đã có quyết định kết nạp; lần sau phải là kết nạp lại.")
        t.first_decision_on = fact.effective_on
        return replace(s, pending_organization_id=fact.organization_id or 0, pending_since=fact.effective_on)
    if kind == K.OPENED:
        return _open(fact, s, ever_member, t)
    if kind == K.READMISSION_DECIDED:
        if s.member or not ever_member:
            raise conflict("Chỉ kết nạp lại người đã từng là đảng viên và hiện không còn là đảng viên.")
        if t.first_decision_on is None:
            t.first_decision_on = fact.effective_on
        t.readmissions += 1
        _close_gap(t, fact.effective_on)
        return replace(s, pending_organization_id=fact.organization_id or 0, pending_since=fact.effective_on)
    if kind == K.ADMISSION_CEREMONY:
        if s.pending_organization_id is None:
            raise conflict("Lễ kết nạp phải sau quyết định kết nạp.")
        t.last_ceremony_on = fact.effective_on
        org = fact.organization_id or s.pending_organization_id or None
        return replace(
            s,
            member=True,
            status=MemberStatus.PROBATIONARY,
            organization_id=org,
            pending_organization_id=None,
            pending_since=None,
        )
    if kind == K.RESTORED:
        if s.member or last_exit is None or last_exit.kind not in (K.EXPELLED, K.REMOVED):
            raise conflict("Chỉ phục hồi đảng tịch cho người đã bị khai trừ hoặc xóa tên.")
        # Restoration after a wrongful decision: party age is continuous (RULES.md §2.4).
        if t.gaps and t.gaps[-1][0] == last_exit.effective_on:
            t.gaps.pop()
        return replace(
            s,
            member=True,
            status=s.status or MemberStatus.OFFICIAL,
            organization_id=fact.organization_id,
        )
    if kind == K.TRANSFER_IN:
        if not s.member and ever_member:
            raise conflict(
                "Người này đã ra khỏi Đảng; phải kết nạp lại hoặc phục hồi đảng tịch trước khi chuyển đến."
            )
        if s.member and not s.in_transit and s.organization_id is not None:
            raise conflict("Đảng viên đang sinh hoạt tại một tổ chức; cần chuyển đi trước khi chuyển đến.")
        if fact.organization_id is None:
            raise conflict("Chuyển đến phải ghi tổ chức đảng nơi đến.")
        status = s.status if s.member else (fact.detail or MemberStatus.OFFICIAL)
        if status not in MemberStatus.values:
            raise conflict(f"Trạng thái đảng viên không hợp lệ: {status}.")
        return replace(s, member=True, status=status, organization_id=fact.organization_id, in_transit=False)

    if kind == K.BADGE_AWARDED:
        # RULES.md §2.6: a badge goes to a member who keeps the standing of a member [V], or
        # posthumously (truy tặng) to one who died a member (§2.6 [P], §2.11): not to a candidate,
        # nor to one expelled, removed or withdrawn, whatever party age they had reached before.
        if not (s.member or (s.deceased and t.died_a_member)):
            raise conflict(
                "Chỉ tặng Huy hiệu Đảng cho người là đảng viên vào ngày tặng, hoặc truy tặng người"
                " từ trần khi còn là đảng viên."
            )
        if fact.detail.isdigit():
            t.badges.add(int(fact.detail))
        return s

    if not s.member:
        raise conflict("Người này không phải là đảng viên vào ngày này.")

    if kind == K.RECOGNIZED_OFFICIAL:
        if s.status != MemberStatus.PROBATIONARY:
            raise conflict("Chỉ công nhận chính thức cho đảng viên dự bị.")
        return replace(s, status=MemberStatus.OFFICIAL)
    if kind == K.TRANSFER_OUT:
        if s.in_transit:
            raise conflict("Đảng viên đang trong thời gian chuyển sinh hoạt, chưa trình giấy ở nơi đến.")
        if fact.other_organization_id is not None:
            return replace(s, organization_id=fact.other_organization_id, in_transit=True)
        # Out of partyorg's records (another province): still a member, elsewhere.
        return replace(
            s,
            organization_id=None,
            in_transit=False,
            temporary_organization_id=None,
            temporary_place="",
            temporary_since=None,
        )
    if kind == K.ORG_REASSIGNED:
        return replace(s, organization_id=fact.organization_id)
    if kind == K.TEMPORARY_TRANSFER:
        return replace(
            s,
            temporary_organization_id=fact.other_organization_id,
            temporary_place=fact.external_place if fact.other_organization_id is None else "",
            temporary_since=fact.effective_on,
        )
    if kind == K.TEMPORARY_RETURN:
        if s.temporary_since is None:
            raise conflict("Đảng viên không có nơi sinh hoạt tạm thời để kết thúc.")
        return replace(s, temporary_organization_id=None, temporary_place="", temporary_since=None)
    toggles = {
        K.EXEMPTED: ("exempt", True),
        K.EXEMPTION_ENDED: ("exempt", False),
        K.SUSPENDED: ("suspended", True),
        K.SUSPENSION_ENDED: ("suspended", False),
        K.INTERRUPTED: ("interrupted", True),
        K.INTERRUPTION_ENDED: ("interrupted", False),
    }
    if kind in toggles:
        name, value = toggles[K(kind)]
        if getattr(s, name) == value:
            raise conflict(f"Sự kiện “{K(kind).label}” không phù hợp với trạng thái hiện tại.")
        if kind == K.INTERRUPTED:
            t.gaps.append((fact.effective_on, None))
        elif kind == K.INTERRUPTION_ENDED:
            _close_gap(t, fact.effective_on)
        return replace(s, **{name: value})  # type: ignore[arg-type]  # a bool field, by the table
    if kind in EXITS:
        return State(status=s.status)
    raise conflict(f"Loại sự kiện không được hỗ trợ: {kind}.")  # pragma: no cover
