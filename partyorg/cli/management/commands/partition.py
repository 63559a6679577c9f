from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import TranslatedCommand
from partyorg.core.formats import vn_number


class Command(TranslatedCommand):
    """Not an OfficerCommand: a deployment step on the database as it is (it never migrates)."""

    help = cast(
        str,
        gettext_lazy(
            "Chia bảng dữ kiện số lượng đảng viên theo tỉnh (phân vùng PostgreSQL), hoặc gộp lại với --undo"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "table",
            choices=["stockfacts"],
            help=_("bảng cần chia: stockfacts (dữ kiện của các số liệu đảng viên, theo cột a1 — cấp tỉnh)"),
        )
        parser.add_argument(
            "--undo", action="store_true", help=_("gộp các phân vùng lại thành một bảng thường")
        )
        parser.add_argument(
            "--status",
            action="store_true",
            help=_("chỉ cho biết bảng đang được chia hay không, không đổi gì"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.ops import partition

        try:
            if options["status"]:
                self._status(partition)
                return
            was = partition.is_partitioned()
            outcome = partition.unpartition() if options["undo"] else partition.partition()
        except partition.NotPostgreSQL:
            raise CommandError(
                _(
                    "Chỉ PostgreSQL mới chia bảng theo phân vùng; cơ sở dữ liệu này là SQLite, "
                    "không có gì thay đổi."
                )
            ) from None
        numbers = {"rows": vn_number(outcome.rows), "seconds": vn_number(outcome.seconds, 1)}
        if options["undo"]:
            message = (
                _("Bảng dữ kiện đã là một bảng thường (%(rows)s dòng); không có gì thay đổi.")
                if not was
                else _("Đã gộp bảng dữ kiện lại thành một bảng thường: %(rows)s dòng, %(seconds)s giây.")
            )
        elif was:
            message = _(
                "Bảng dữ kiện đã được chia (%(partitions)s phân vùng, %(rows)s dòng); không có gì thay đổi."
            )
        else:
            message = _(
                "Đã chia bảng dữ kiện theo cột a1: %(partitions)s phân vùng (kể cả phân vùng mặc định), "
                "%(rows)s dòng, %(seconds)s giây."
            )
        self.stdout.write(message % {**numbers, "partitions": vn_number(outcome.partitions)})

    def _status(self, partition: Any) -> None:
        if not partition.is_partitioned():
            self.stdout.write(_("Bảng dữ kiện là một bảng thường (chưa chia)."))
            return
        parts = partition.partitions()
        default = next((rows for name, bound, rows in parts if bound == "DEFAULT"), 0)
        self.stdout.write(
            _("Bảng dữ kiện được chia thành %(count)s phân vùng; phân vùng mặc định có khoảng %(rows)s dòng.")
            % {"count": vn_number(len(parts)), "rows": vn_number(default)}
        )
