from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand
from partyorg.cli.reporting import print_exchange_error, print_load_report


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Nạp tệp trao đổi (.xlsx hoặc .jsonl): tất cả hoặc không gì cả; nạp lại không thay đổi gì"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("tệp .xlsx hoặc .jsonl"))
        parser.add_argument(
            "--findings",
            type=Path,
            help=_("ghi mọi phát hiện về chất lượng dữ liệu vào tệp .csv này (mở được bằng Excel)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.exchange.formats import read_file
        from partyorg.exchange.load import load
        from partyorg.exchange.records import ExchangeError

        path: Path = options["file"]
        if not path.exists():
            raise CommandError(_("Không tìm thấy tệp: %(path)s") % {"path": path})
        try:
            report = load(read_file(path), findings_to=options.get("findings"))
        except ExchangeError as error:
            print_exchange_error(self.stderr, error)
            raise CommandError(_("Không nạp được %(path)s") % {"path": path}) from None
        print_load_report(self.stdout, report)
        if report.finding_count and report.findings_file is None:
            self.stdout.write(_("Để có mọi phát hiện, từng dòng, trong một tệp: thêm --findings TỆP.csv"))
