"""``partyorg sent``: the forms marked as sent up, each beside today's figures for the same period."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand
from partyorg.cli.lookup import find_org
from partyorg.core.formats import vn_date
from partyorg.core.interchange import is_uuid


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Biểu đã gửi lên: liệt kê; so sánh với số liệu hôm nay cùng kỳ, nêu tên những người có bản ghi "
            "được ghi sau khi gửi; hủy ghi nhận đã gửi"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "compare", "withdraw"])
        parser.add_argument("uid", nargs="?", default="", help=_("mã biểu đã gửi (compare, withdraw)"))
        parser.add_argument("--org", help=_("mã tổ chức (list)"))
        parser.add_argument("--note", default="", help=_("lý do hủy (withdraw)"))
        parser.add_argument("--by", default="", help=_("người ghi (mặc định: tên đăng nhập hệ điều hành)"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.reports.models import SentReport
        from partyorg.reports.sent import sent_for

        if options["action"] == "list":
            if not options["org"]:
                raise CommandError(_("Cần --org"))
            org = find_org(options["org"])
            for mark in sent_for({org.pk}):
                self.stdout.write(
                    f"{mark.uid}  {mark.title}  {vn_date(mark.first_day)}–{vn_date(mark.last_day)}  "
                    + _recorded(mark.recorded_at, mark.recorded_by)
                )
            return
        uid = options["uid"]
        found = SentReport.objects.in_force().filter(uid=uid) if is_uuid(uid) else SentReport.objects.none()
        sent = found.select_related("organization").first()
        if sent is None:
            raise CommandError(_("Không tìm thấy biểu đã gửi có mã “%(uid)s”") % {"uid": uid})
        if options["action"] == "withdraw":
            from partyorg.reports.services import withdraw_sent_report

            withdraw_sent_report(sent, recorded_by=self.recorded_by(options), note=options["note"])
            self.stdout.write(_("Đã hủy ghi nhận biểu đã gửi %(uid)s") % {"uid": uid})
            return
        self.compare(sent)

    def compare(self, sent: Any) -> None:
        from partyorg.reports.sent import compare

        comparison = compare(sent)
        self.stdout.write(
            _("%(title)s, %(org)s, %(first)s–%(last)s: gửi ngày %(day)s (%(by)s)")
            % {
                "title": sent.title,
                "org": sent.organization.code,
                "first": vn_date(sent.first_day),
                "last": vn_date(sent.last_day),
                "day": vn_date(timezone.localdate(sent.recorded_at)),
                "by": sent.recorded_by,
            }
        )
        if not comparison.changed_lines:
            self.stdout.write(_("Số liệu hôm nay không khác số liệu đã gửi."))
        for line in comparison.changed_lines:
            sent_now, today_now = comparison.cells(line)[0]  # this period's column
            self.stdout.write(
                f"  {line.code or '-':5} {line.label}: "
                + _("đã gửi %(sent)s, hôm nay %(today)s")
                % {"sent": sent_now or "—", "today": today_now or "—"}
            )
        if comparison.people:
            self.stdout.write(_("Những người có bản ghi được ghi sau khi gửi:"))
        for person in comparison.people:
            self.stdout.write(f"  {person.full_name} ({person.code})")
            for row in person.rows:
                self.stdout.write(f"    {row.what} — {_recorded(row.recorded_at, row.recorded_by)}")


def _recorded(at: datetime, by: str) -> str:
    return _("ghi ngày %(day)s, %(by)s") % {"day": vn_date(timezone.localdate(at)), "by": by}
