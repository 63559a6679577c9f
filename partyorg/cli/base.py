"""What the officer's commands share: Vietnamese dates, legal basis, a ready database."""

from __future__ import annotations

import getpass
from datetime import date, datetime
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from partyorg.core.records import LegalBasis


def parse_date(text: str) -> date:
    """``30/06/2017`` (or ISO ``2017-06-30``)."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, not a moment
        except ValueError:
            continue
    raise CommandError(_("Ngày không hợp lệ: %(text)s (dạng DD/MM/YYYY)") % {"text": text})


def ensure_schema() -> None:
    """Create or update the tables when they are missing (a new SQLite file, an empty database)."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


class TranslatedCommand(BaseCommand):
    """``help`` is a lazy translation (the language is chosen after import); argparse wants text."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)


class OfficerCommand(TranslatedCommand):
    """A command that reads or writes the records; it makes sure the schema exists first."""

    def add_basis_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--basis-number", default="", help=_("số văn bản căn cứ"))
        parser.add_argument("--basis-date", type=parse_date, help=_("ngày văn bản căn cứ (DD/MM/YYYY)"))
        parser.add_argument("--basis-issuer", default="", help=_("cơ quan ban hành văn bản"))
        parser.add_argument("--by", default="", help=_("người ghi (mặc định: tên đăng nhập hệ điều hành)"))

    def legal_basis(self, options: dict[str, Any]) -> LegalBasis:
        return LegalBasis(options["basis_number"], options["basis_date"], options["basis_issuer"])

    def recorded_by(self, options: dict[str, Any]) -> str:
        return str(options.get("by") or getpass.getuser())

    def execute(self, *args: Any, **options: Any) -> str | None:
        ensure_schema()
        return super().execute(*args, **options)
