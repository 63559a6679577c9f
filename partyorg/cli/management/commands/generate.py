from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand
from partyorg.cli.reporting import print_load_report


class Command(OfficerCommand):
    help = cast(
        str, gettext_lazy("Sinh dữ liệu một tỉnh giả lập (tên tiếng Việt, 15+ năm lịch sử) vào cơ sở dữ liệu")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=count, default=5000, help=_("số đảng viên xấp xỉ"))
        parser.add_argument(
            "--seed", type=count, default=1, help=_("hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.exchange.load import load
        from partyorg.generator import generate_province

        records = generate_province(options["members"], seed=options["seed"])
        report = load((None, record) for record in records)
        print_load_report(self.stdout, report)
