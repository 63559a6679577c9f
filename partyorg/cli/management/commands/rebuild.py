from __future__ import annotations

import time
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand
from partyorg.core.formats import vn_number


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy("Dựng lại toàn bộ dữ liệu dẫn xuất (phiên bản tổ chức, quá trình sinh hoạt) từ nhật ký"),
    )

    def handle(self, *args: Any, **options: Any) -> None:
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
