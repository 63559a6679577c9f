"""Cross-checks before a report is sent (issue: statistics and reports): each with its Vietnamese
reason and the rows behind it. The figures come from the statistics module; these functions only
set them side by side.

A check that cannot apply to the organization or the period is said so ("không áp dụng"), neither
passed nor failed: the sum of the subordinate organizations of a cell that has none, form 5 (by the
sector of grassroots organizations) for an organization below the grassroots level, and the
comparison with the same period last year while the period is not over yet (its figures are those
recorded so far, so "−100%" would only say that the period has not happened)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_date, vn_number
from partyorg.organizations.models import Organization, OrgKind, OrgVersion, valid_on
from partyorg.organizations.queries import version_on
from partyorg.reports.models import Indicator
from partyorg.reports.statistics import MembersFlow, Period, members_flow, members_on, membership_on
from partyorg.reports.statistics.admissions import admissions_in
from partyorg.reports.statistics.entered import PARTS, check_stated, stated_on, stated_words
from partyorg.reports.statistics.flows import ENTRY_LABELS, EXIT_LABELS
from partyorg.reports.statistics.sectors import organizations_by_sector
from partyorg.reports.statistics.stocks import members_by_child

# A change against the same period last year of more than SWING, and of at least MIN_SWING people,
# asks for an explanation. No rule sets these thresholds (RULES.md is silent): they are defaults.
SWING = 0.30
MIN_SWING = 5


# Below the grassroots level: form 5 counts by the sector of the grassroots organization above,
# which is outside the subtree of these (partyorg.reports.statistics.sectors).
BELOW_GRASSROOTS = frozenset({OrgKind.SUB_COMMITTEE, OrgKind.CELL})


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    message: str  # in the user's language (Vietnamese msgids, through gettext)
    person_ids: frozenset[int] = field(default_factory=frozenset)  # the records behind a failure
    applies: bool = True  # False: cannot apply here, neither passed (``ok`` is False) nor failed

    @property
    def failed(self) -> bool:
        return self.applies and not self.ok

    @property
    def mark(self) -> str:
        """What the reports page and ``partyorg stats check`` print before the message."""
        return "✓" if self.ok else "✗" if self.applies else "–"


def not_applicable(code: str, what: str, why: str) -> Check:
    message = _("%(what)s: không áp dụng, %(why)s") % {"what": what, "why": why}
    return Check(code, False, message, applies=False)


def last_complete_half_year(on: date) -> Period:
    """The last half-year over before ``on`` (its closing day before ``on``): on 06/12/2026 the
    first half of 2026, on 30/06/2026 the second half of 2025 (the day itself is not over)."""
    return Period.half_year(on.year, 1) if on.month >= 7 else Period.half_year(on.year - 1, 2)


def is_over(period: Period, today: date | None = None) -> bool:
    """Whether the period's last day is past (today: the server's local day)."""
    return period.closing_day < (today or timezone.localdate())


def n(value: int) -> str:
    return vn_number(value)


def _percent(a: int, b: int) -> str:
    return f"{100 * (a - b) / b:+.1f}%".replace(".", ",") if b else "—"


def check_report(root: Organization, period: Period, *, today: date | None = None) -> list[Check]:
    """Every check of the period's forms for ``root``; ``today`` (the server's local day by default)
    tells whether the period is over."""
    flow = members_flow(root, period)
    last = members_flow(root, period.a_year_earlier())
    closing_day = period.closing_day
    checks: list[Check] = []

    identity = flow.opening.value + flow.entered - flow.left
    checks.append(
        Check(
            "flow.identity",
            identity == flow.closing.value,
            _("Biểu 1: A + B − C = %(opening)s + %(entered)s − %(left)s = %(identity)s; D = %(closing)s")
            % {
                "opening": n(flow.opening.value),
                "entered": n(flow.entered),
                "left": n(flow.left),
                "identity": n(identity),
                "closing": n(flow.closing.value),
            },
        )
    )
    opening_stock = members_on(root, period.opening_day)
    checks.append(
        Check(
            "flow.opening",
            opening_stock == flow.opening,
            _("Đầu kỳ (%(opening)s) bằng số đảng viên cuối kỳ trước (%(previous)s)")
            % {"opening": n(flow.opening.value), "previous": n(opening_stock.value)},
            flow.opening.person_ids ^ opening_stock.person_ids,
        )
    )
    stock = membership_on(root, closing_day)
    checks.append(
        Check(
            "form3.total",
            stock.total == flow.closing,
            _("Tổng số biểu 3 (%(form3)s) bằng cuối kỳ biểu 1 (%(form1)s)")
            % {"form3": n(stock.total.value), "form1": n(flow.closing.value)},
            stock.total.person_ids ^ flow.closing.person_ids,
        )
    )
    form2 = admissions_in(root, period)
    in_form1 = flow.admissions.value
    checks.append(
        Check(
            "form2.total",
            form2.admitted.value == in_form1,
            _("Kết nạp trong biểu 1 (%(form1)s) bằng tổng số biểu 2 (%(form2)s)")
            % {"form1": n(in_form1), "form2": n(form2.admitted.value)},
        )
    )
    version = version_on(root, closing_day)
    if version is not None and version.kind in BELOW_GRASSROOTS:
        checks.append(
            not_applicable(
                "form5.members",
                _("Đảng viên trong biểu 5"),
                _("biểu 5 tính theo tổ chức cơ sở đảng, tổ chức này ở dưới cấp cơ sở"),
            )
        )
    else:
        by_sector = organizations_by_sector(root, closing_day)
        in_form5 = sum(c.members for c in by_sector.values())
        values = {"form5": n(in_form5), "form3": n(stock.total.value)}
        if in_form5 == stock.total.value:
            message = _("Đảng viên trong biểu 5 (%(form5)s) bằng tổng số biểu 3 (%(form3)s)")
        else:
            message = _(
                "Đảng viên trong biểu 5 (%(form5)s) bằng tổng số biểu 3 (%(form3)s); "
                "chênh lệch là đảng viên sinh hoạt ở tổ chức trên cơ sở"
            )
        checks.append(Check("form5.members", in_form5 == stock.total.value, message % values))
    children = Organization.objects.filter(
        pk__in=OrgVersion.objects.filter(valid_on(closing_day), parent=root).values("organization")
    )
    if not children.exists():
        checks.append(
            not_applicable(
                "tree.sum",
                _("Tổng số đảng viên của các tổ chức trực thuộc"),
                _("tổ chức không có tổ chức trực thuộc ngày %(day)s") % {"day": vn_date(closing_day)},
            )
        )
    else:
        # One grouped count for all the children (a member is in exactly one of them, or directly here).
        by_child = members_by_child(root, closing_day)
        own = by_child.get(root.pk)
        direct = own.person_ids if own is not None else frozenset()
        in_children = sum(figure.value for child, figure in by_child.items() if child != root.pk)
        values = {"children": n(in_children), "total": n(stock.total.value), "direct": n(len(direct))}
        if direct:
            message = _(
                "Tổng số đảng viên của các tổ chức trực thuộc (%(children)s) bằng số của tổ chức "
                "(%(total)s); %(direct)s đảng viên sinh hoạt trực tiếp tại tổ chức này"
            )
        else:
            message = _(
                "Tổng số đảng viên của các tổ chức trực thuộc (%(children)s) bằng số của tổ chức (%(total)s)"
            )
        checks.append(Check("tree.sum", not direct, message % values, frozenset(direct)))
    if is_over(period, today):
        checks += swings(flow, last)
    else:
        checks.append(
            not_applicable(
                "swing",
                _("So sánh với cùng kỳ năm trước"),
                _("kỳ báo cáo chưa kết thúc (đến %(day)s), số liệu mới tính đến nay")
                % {"day": vn_date(closing_day)},
            )
        )
    checks += stated_checks(root, period)
    return checks


def swings(flow: MembersFlow, last: MembersFlow) -> list[Check]:
    """Each reason of entry or exit that moved by more than SWING and MIN_SWING people against the
    same period last year: to be explained."""
    checks: list[Check] = []
    for direction, labels, now, before in (
        ("in", ENTRY_LABELS, flow.entries, last.entries),
        ("out", EXIT_LABELS, flow.exits, last.exits),
    ):
        for reason, figure in now.items():
            was = before[reason].value
            if was and abs(figure.value - was) >= MIN_SWING and abs(figure.value - was) / was > SWING:
                checks.append(
                    Check(
                        f"swing.{direction}.{reason}",
                        False,
                        _("%(reason)s: %(now)s so với %(was)s cùng kỳ năm trước (%(change)s), cần giải trình")
                        % {
                            "reason": labels[reason],
                            "now": n(figure.value),
                            "was": n(was),
                            "change": _percent(figure.value, was),
                        },
                        frozenset(person for person, _day in figure.moves),
                    )
                )
    return checks


def stated_checks(root: Organization, period: Period) -> list[Check]:
    """Figures entered as stated (in a report, an article) about the period or its closing day:
    each against the records, and each stated total against its stated parts."""
    stated = list(stated_on(root, period))
    checks: list[Check] = []
    for figure in stated:
        checked = check_stated(root, figure)
        if checked is None:
            continue
        values = {
            "indicator": Indicator(figure.indicator).label,
            "stated": stated_words(figure),
            "source": figure.source,
            "computed": checked.computed_words(),
        }
        if figure.source:
            message = _("%(indicator)s: số đã nêu %(stated)s (%(source)s), số theo hồ sơ %(computed)s")
        else:
            message = _("%(indicator)s: số đã nêu %(stated)s, số theo hồ sơ %(computed)s")
        checks.append(Check(f"stated.{figure.indicator}", checked.agrees, message % values))
    # The parts add up only between exact values ("hơn 74.600" bounds a total, it does not give it).
    value_of = {f.indicator: f for f in stated if f.first_day is None and not f.bound}
    for total, parts in PARTS.items():
        if total not in value_of or any(p not in value_of for p in parts):
            continue
        added = sum(value_of[p].value for p in parts)
        words = " + ".join(f"{Indicator(p).label} {n(value_of[p].value)}" for p in parts)
        message = _("%(indicator)s đã nêu %(stated)s, tổng các phần đã nêu %(parts)s = %(added)s") % {
            "indicator": Indicator(total).label,
            "stated": n(value_of[total].value),
            "parts": words,
            "added": n(added),
        }
        checks.append(Check(f"stated.parts.{total}", added == value_of[total].value, message))
    return checks
