"""Printing what a load did, the same way for ``import``, ``generate`` and ``demo``."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_number

if TYPE_CHECKING:  # the interchange is imported by the commands that load, when they run
    from partyorg.exchange.load import LoadReport
    from partyorg.exchange.records import ExchangeError


def print_load_report(out: OutputWrapper | TextIO, report: LoadReport, *, findings: int = 20) -> None:
    """Every kind of record written or found unchanged; then the data-quality findings by rule,
    and under each rule its groups, most findings first: one line an organization with its years
    and count, and the first finding as written (at most ``findings`` groups a rule)."""
    from partyorg.exchange.report import record_counts

    for _kind, label, created, unchanged in record_counts(report.created, report.unchanged):
        out.write(
            _("  %(label)s: %(created)s mới, %(unchanged)s đã có")
            % {
                "label": label[:1].lower() + label[1:],
                "created": vn_number(created),
                "unchanged": vn_number(unchanged),
            }
        )
    out.write(
        _("Thời gian: %(seconds)s giây; %(rate)s sự kiện/giây")
        % {"seconds": vn_number(report.seconds, 1), "rate": vn_number(report.events_per_second)}
    )
    for note in report.notes:
        out.write(f"  {note}")
    if not report.finding_count:
        return
    out.write(
        _("Phát hiện về chất lượng dữ liệu (đã nạp, cần xem lại): %(n)s")
        % {"n": vn_number(report.finding_count)}
    )
    if report.findings_file is not None:
        out.write(_("Mọi phát hiện, từng dòng: %(path)s") % {"path": report.findings_file.path})
    groups = report.finding_groups.groups()
    for rule, count in report.findings_by_rule.most_common():
        out.write(f"  {vn_number(count):>9}  {rule.title} [{rule.code}]")
        of_rule = [g for g in groups if g.rule == rule]
        for group in of_rule[:findings]:
            where = (
                f"{group.organization_name} ({group.organization})"
                if group.organization
                else _("không gắn với một tổ chức")
            )
            out.write(
                "             - "
                + _("%(where)s: %(n)s lần, năm %(years)s")
                % {"where": where, "n": vn_number(group.count), "years": group.years_text}
            )
            if group.examples:
                out.write(f"               {group.examples[0]}")
        if len(of_rule) > findings:
            out.write("             " + _("… và %(n)s nhóm khác") % {"n": vn_number(len(of_rule) - findings)})


def print_exchange_error(out: OutputWrapper | TextIO, error: ExchangeError) -> None:
    out.write(_("Tệp không hợp lệ; không có dữ liệu nào được ghi. %(n)s lỗi:") % {"n": len(error.problems)})
    for problem in error.problems[:50]:
        out.write(f"  - {problem}")
