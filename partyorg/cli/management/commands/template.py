from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import TranslatedCommand


class Command(TranslatedCommand):
    help = cast(str, gettext_lazy("Ghi mẫu tệp nhập liệu .xlsx trống, có trang hướng dẫn"))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", default=Path("mau-nhap-lieu-partyorg.xlsx"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.exchange.formats import write_template

        write_template(options["file"])
        self.stdout.write(_("Đã ghi mẫu: %(path)s") % {"path": options["file"]})
