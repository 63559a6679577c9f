from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand
from partyorg.core.formats import vn_number


class Command(OfficerCommand):
    help = cast(
        str, gettext_lazy("Xuất toàn bộ hồ sơ ra tệp trao đổi (.xlsx cho người dùng, .jsonl cho hệ thống)")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("tệp .xlsx hoặc .jsonl sẽ ghi"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.accounts.models import ReadKind
        from partyorg.accounts.reads import log_read
        from partyorg.accounts.stamps import stamp_of
        from partyorg.exchange.dump import dump
        from partyorg.exchange.formats import write_file

        log_read("export", ReadKind.EXPORT, detail=f"partyorg export {options['file']}")
        # The file carries who made it, when and from which machine (the header record of a .jsonl
        # file, the sheet "Thông tin" and the properties of a workbook).
        stamp = stamp_of("export", what=_("Toàn bộ hồ sơ"))
        count = write_file(dump(), options["file"], stamp)
        self.stdout.write(
            _("Đã ghi %(n)s bản ghi vào %(path)s") % {"n": vn_number(count), "path": options["file"]}
        )
