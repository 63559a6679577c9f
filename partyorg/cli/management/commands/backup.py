from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import TranslatedCommand
from partyorg.core.formats import vn_date, vn_number
from partyorg.core.records import Refused


class Command(TranslatedCommand):
    """Not an OfficerCommand: a backup copies the database as it is, it never migrates it first."""

    help = cast(
        str,
        gettext_lazy("Sao lưu toàn bộ cơ sở dữ liệu vào một tệp, trong khi partyorg vẫn chạy và ghi"),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "dest", type=Path, help=_("tệp sao lưu sẽ ghi (chưa có), ví dụ tinh-2026-12-07.zip")
        )
        parser.add_argument(
            "--by", default="", help=_("người sao lưu (mặc định: tên đăng nhập hệ điều hành)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.ops.backup import describe, make_backup

        try:
            manifest = make_backup(options["dest"], by=str(options["by"] or getpass.getuser()))
        except Refused as refused:
            raise CommandError(refused.message) from None
        counted = manifest["figures"]
        self.stdout.write(
            _("Đã sao lưu %(database)s vào %(path)s (%(size)s MB, chỉ chủ tệp đọc được)")
            % {
                "database": describe(connection),
                "path": options["dest"],
                "size": vn_number(options["dest"].stat().st_size / 1e6, 1),
            }
        )
        for day in counted["days"]:
            for code, root in counted["members"][day].items():
                self.stdout.write(
                    _(
                        "%(code)s %(name)s ngày %(day)s: "
                        "%(official)s đảng viên chính thức, %(probationary)s dự bị"
                    )
                    % {
                        "code": code,
                        "name": root["name"],
                        "day": vn_date(date.fromisoformat(day)),
                        "official": vn_number(root["official"]),
                        "probationary": vn_number(root["probationary"]),
                    }
                )
        self.stdout.write(
            _("%(organizations)s tổ chức ngày %(day)s, %(events)s sự kiện của đảng viên")
            % {
                "organizations": vn_number(sum(counted["organizations"][counted["days"][0]].values())),
                "day": vn_date(date.fromisoformat(counted["days"][0])),
                "events": vn_number(counted["events"]),
            }
        )
