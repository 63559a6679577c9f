"""Printing what a load did, the same way for ``import``, ``generate`` and ``demo``."""

from __future__ import annotations

from typing import TextIO

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _

from partyorg.core.formats import vn_number
from partyorg.exchange.load import LoadReport
from partyorg.exchange.records import ExchangeError

LABELS = {
    "locality": "đơn vị hành chính",
    "locality_parent": "quan hệ trực thuộc hành chính",
    "organization": "tổ chức đảng",
    "org_change": "thay đổi tổ chức",
    "org_change_item": "chi tiết thay đổi",
    "person": "người",
    "event": "sự kiện",
    "entered_figure": "số liệu nhập",
    "candidate": "quần chúng ưu tú",
    "candidate_step": "bước phát triển đảng viên",
    "source_plan": "kế hoạch tạo nguồn",
    "congress": "đại hội",
    "position": "bản ghi chức vụ",
    "meeting": "buổi sinh hoạt",
    "absence": "người vắng sinh hoạt",
    "residence_tie": "mối liên hệ nơi cư trú",
    "residence_comment": "nhận xét nơi cư trú",
    "review_cycle": "đợt kiểm điểm",
    "member_rating": "xếp loại đảng viên",
    "organization_rating": "xếp loại tổ chức đảng",
    "measure": "quyết định kỷ luật",
    "commendation": "khen thưởng",
    "dues_basis": "căn cứ đóng đảng phí",
    "dues_relief": "miễn, giảm đảng phí",
    "dues_payment": "khoản đảng phí đã nộp",
}


def print_load_report(out: OutputWrapper | TextIO, report: LoadReport, *, findings: int = 20) -> None:
    for key, label in LABELS.items():
        created, unchanged = report.created[key], report.unchanged[key]
        if created or unchanged:
            out.write(
                _("  %(label)s: %(created)s mới, %(unchanged)s đã có")
                % {"label": label, "created": vn_number(created), "unchanged": vn_number(unchanged)}
            )
    out.write(
        _("Thời gian: %(seconds)s giây; %(rate)s sự kiện/giây")
        % {"seconds": vn_number(report.seconds, 1), "rate": vn_number(report.events_per_second)}
    )
    if report.finding_count:
        out.write(
            _("Phát hiện về chất lượng dữ liệu (đã nạp, cần xem lại): %(n)s")
            % {"n": vn_number(report.finding_count)}
        )
        for rule, count in report.findings_by_rule.most_common():
            out.write(f"  {vn_number(count):>9}  {rule.title} [{rule.code}]")
        for line in report.findings[:findings]:
            out.write(f"  - {line}")


def print_exchange_error(out: OutputWrapper | TextIO, error: ExchangeError) -> None:
    out.write(_("Tệp không hợp lệ; không có dữ liệu nào được ghi. %(n)s lỗi:") % {"n": len(error.problems)})
    for problem in error.problems[:50]:
        out.write(f"  - {problem}")
