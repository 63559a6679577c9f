from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import TranslatedCommand
from partyorg.core.records import Refused


class Command(TranslatedCommand):
    """Not an OfficerCommand: the target is checked as it is (empty, or forced), never migrated first."""

    help = cast(
        str,
        gettext_lazy(
            "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống và đối chiếu số liệu với bản sao lưu"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help=_("tệp sao lưu (do partyorg backup ghi)"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("thay toàn bộ dữ liệu đang có trong cơ sở dữ liệu đích bằng bản sao lưu"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.ops.backup import describe, read_backup, restore_backup

        try:
            backup = read_backup(options["src"])
            restored = restore_backup(backup, force=options["force"])
        except Refused as refused:
            raise CommandError(refused.message) from None
        made = timezone.localtime(datetime.fromisoformat(backup.manifest["created_at"]))
        self.stdout.write(
            _(
                "Đã khôi phục %(path)s (sao lưu lúc %(when)s bởi %(by)s, partyorg %(version)s) "
                "vào %(database)s"
            )
            % {
                "path": options["src"],
                "when": made.strftime("%H:%M %d/%m/%Y"),
                "by": backup.manifest.get("created_by") or "?",
                "version": backup.manifest.get("partyorg", "?"),
                "database": describe(connection),
            }
        )
        if restored.migrated:
            self.stdout.write(_("Đã cập nhật cấu trúc cơ sở dữ liệu lên phiên bản partyorg này (migrate)"))
        if restored.differences:
            raise CommandError(
                _("Số liệu sau khôi phục KHÔNG khớp với bản sao lưu:")
                + "\n"
                + "\n".join(f"- {line}" for line in restored.differences)
            )
        self.stdout.write(_("Số liệu khớp với bản sao lưu (đảng viên, tổ chức, sự kiện, số dòng từng bảng)"))
