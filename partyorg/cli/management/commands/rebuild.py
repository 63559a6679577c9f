from __future__ import annotations

import time
from typing import Any, cast

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand
from partyorg.core.formats import vn_number


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy("Dựng lại toàn bộ dữ liệu dẫn xuất (phiên bản tổ chức, quá trình sinh hoạt) từ nhật ký"),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--in-background",
            action="store_true",
            help=_("Xếp việc dựng lại cho tiến trình nền (partyorg worker) thay vì chạy ngay"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_background"]:
            from partyorg.jobs.rebuild import start

            job = start()
            self.stdout.write(_("Đã xếp việc dựng lại (việc số %(id)s) cho partyorg worker") % {"id": job.pk})
            return
        from partyorg.members.services import rebuild_all

        started = time.perf_counter()
        versions, intervals = rebuild_all()
        self.stdout.write(
            _("Đã dựng lại %(v)s phiên bản tổ chức và %(i)s khoảng sinh hoạt trong %(s)s giây")
            % {
                "v": vn_number(versions),
                "i": vn_number(intervals),
                "s": vn_number(time.perf_counter() - started, 1),
            }
        )
