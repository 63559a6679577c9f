"""Cross-checks before a report is sent (issue: statistics and reports): each with its Vietnamese
reason and the rows behind it. The figures come from the statistics module; these functions only
set them side by side."""

from __future__ import annotations

from dataclasses import dataclass, field

from partyorg.core.formats import vn_number
from partyorg.organizations.models import Organization, OrgVersion, valid_on
from partyorg.reports.forms.members_flow import same_period_last_year
from partyorg.reports.models import Indicator
from partyorg.reports.statistics import Period, members_flow, members_on, membership_on
from partyorg.reports.statistics.admissions import admissions_in
from partyorg.reports.statistics.entered import COMPUTED, PARTS, stated_on
from partyorg.reports.statistics.flows import ENTRY_LABELS, EXIT_LABELS
from partyorg.reports.statistics.sectors import organizations_by_sector

# A change against the same period last year of more than SWING, and of at least MIN_SWING people,
# asks for an explanation. No rule sets these thresholds (RULES.md is silent): they are defaults.
SWING = 0.30
MIN_SWING = 5


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    message: str  # Vietnamese
    person_ids: frozenset[int] = field(default_factory=frozenset)  # the records behind a failure


def n(value: int) -> str:
    return vn_number(value)


def _percent(a: int, b: int) -> str:
    return f"{100 * (a - b) / b:+.1f}%".replace(".", ",") if b else "—"


def check_report(root: Organization, period: Period) -> list[Check]:
    flow = members_flow(root, period)
    last = members_flow(root, same_period_last_year(period))
    closing_day = period.closing_day
    checks: list[Check] = []

    identity = flow.opening.value + flow.entered - flow.left
    checks.append(
        Check(
            "flow.identity",
            identity == flow.closing.value,
            f"Biểu 1: A + B − C = {n(flow.opening.value)} + {n(flow.entered)} − {n(flow.left)} "
            f"= {n(identity)}; D = {n(flow.closing.value)}",
        )
    )
    opening_stock = members_on(root, period.opening_day)
    checks.append(
        Check(
            "flow.opening",
            opening_stock == flow.opening,
            f"Đầu kỳ ({n(flow.opening.value)}) bằng số đảng viên cuối kỳ trước ({n(opening_stock.value)})",
            flow.opening.person_ids ^ opening_stock.person_ids,
        )
    )
    stock = membership_on(root, closing_day)
    checks.append(
        Check(
            "form3.total",
            stock.total == flow.closing,
            f"Tổng số biểu 3 ({n(stock.total.value)}) bằng cuối kỳ biểu 1 ({n(flow.closing.value)})",
            stock.total.person_ids ^ flow.closing.person_ids,
        )
    )
    form2 = admissions_in(root, period)
    in_form1 = flow.admissions.value
    checks.append(
        Check(
            "form2.total",
            form2.admitted.value == in_form1,
            f"Kết nạp trong biểu 1 ({n(in_form1)}) bằng tổng số biểu 2 ({n(form2.admitted.value)})",
        )
    )
    by_sector = organizations_by_sector(root, closing_day)
    in_form5 = sum(c.members for c in by_sector.values())
    checks.append(
        Check(
            "form5.members",
            in_form5 == stock.total.value,
            f"Đảng viên trong biểu 5 ({n(in_form5)}) bằng tổng số biểu 3 ({n(stock.total.value)})"
            + (
                ""
                if in_form5 == stock.total.value
                else "; chênh lệch là đảng viên sinh hoạt ở tổ chức trên cơ sở"
            ),
        )
    )
    children = Organization.objects.filter(
        pk__in=OrgVersion.objects.filter(valid_on(closing_day), parent=root).values("organization")
    )
    in_children: set[int] = set()
    for child in children:
        in_children |= members_on(child, closing_day).person_ids
    direct = stock.total.person_ids - in_children
    checks.append(
        Check(
            "tree.sum",
            not direct,
            f"Tổng số đảng viên của các tổ chức trực thuộc ({n(len(in_children))}) bằng số của tổ chức "
            f"({n(stock.total.value)})"
            + (f"; {n(len(direct))} đảng viên sinh hoạt trực tiếp tại tổ chức này" if direct else ""),
            frozenset(direct),
        )
    )
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
                        f"{labels[reason]}: {n(figure.value)} so với {n(was)} cùng kỳ năm trước "
                        f"({_percent(figure.value, was)}), cần giải trình",
                        frozenset(p for p, _ in figure.moves),
                    )
                )
    checks += stated_checks(root, period)
    return checks


def stated_checks(root: Organization, period: Period) -> list[Check]:
    """Figures entered as stated (in a report, an article) about the period or its closing day:
    each against the records, and each stated total against its stated parts."""
    stated = list(stated_on(root, period))
    checks: list[Check] = []
    for figure in stated:
        computed = COMPUTED[figure.indicator](root, figure) if figure.indicator in COMPUTED else None
        if computed is None:
            continue
        source = f" ({figure.source})" if figure.source else ""
        checks.append(
            Check(
                f"stated.{figure.indicator}",
                computed == figure.value,
                f"{Indicator(figure.indicator).label}: số đã nêu {n(figure.value)}{source}, "
                f"số theo hồ sơ {n(computed)}",
            )
        )
    value_of = {f.indicator: f for f in stated if f.first_day is None}
    for total, parts in PARTS.items():
        if total not in value_of or any(p not in value_of for p in parts):
            continue
        added = sum(value_of[p].value for p in parts)
        words = " + ".join(f"{Indicator(p).label} {n(value_of[p].value)}" for p in parts)
        checks.append(
            Check(
                f"stated.parts.{total}",
                added == value_of[total].value,
                f"{Indicator(total).label} đã nêu {n(value_of[total].value)}, tổng các phần đã nêu "
                f"{words} = {n(added)}",
            )
        )
    return checks
