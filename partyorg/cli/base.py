"""What the officer's commands share: Vietnamese arguments and refusals, legal basis, a ready database."""

from __future__ import annotations

import getpass
import sys
from contextlib import suppress
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    OutputWrapper,
    handle_default_options,
)
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from partyorg.cli.arguments import OfficerParser, day
from partyorg.core.records import LegalBasis

# ``30/06/2017``: the date type every command imports from here (partyorg.cli.arguments.day).
parse_date = day


def ensure_schema() -> None:
    """Create or update the tables when they are missing (a new SQLite file, an empty database)."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


class TranslatedCommand(BaseCommand):
    """A command that speaks Vietnamese to the officer: its help, its parser's refusals
    (partyorg.cli.arguments.OfficerParser) and its own refusals, printed without Django's English
    "CommandError: " before them."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)  # a lazy translation (the language is chosen after import)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds a CommandParser and has no setting for another class; OfficerParser only
        # overrides methods, so the parser built becomes one.
        parser.__class__ = OfficerParser
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        """Django 5.2's BaseCommand.run_from_argv, but a refusal is printed as it is: Django puts
        the exception's class name ("CommandError: ") before it. The exit status is the error's
        (1 unless it says otherwise); a refusal of the arguments exits 2 (OfficerParser.error)."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as refused:
            if options.traceback:
                raise
            self.stderr.write(str(refused))
            sys.exit(refused.returncode)
        finally:
            with suppress(ImproperlyConfigured):  # no database configured: nothing to close
                connections.close_all()


class OfficerCommand(TranslatedCommand):
    """A command that reads or writes the records; it makes sure the schema exists first."""

    # Django's system checks import the whole site (every URL's view, the API's schemas, openpyxl,
    # python-docx: 1–3 s) before a command that reads or writes records needs any of it. They run
    # where they belong: `partyorg serve` and Django's own commands (migrate, runserver, check),
    # and the test suite's `check --deploy`.
    requires_system_checks: list[str] = []

    def add_basis_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--basis-number", default="", help=_("số văn bản căn cứ"))
        parser.add_argument("--basis-date", type=parse_date, help=_("ngày văn bản căn cứ (DD/MM/YYYY)"))
        parser.add_argument("--basis-issuer", default="", help=_("cơ quan ban hành văn bản"))
        parser.add_argument("--by", default="", help=_("người ghi (mặc định: tên đăng nhập hệ điều hành)"))

    def legal_basis(self, options: dict[str, Any]) -> LegalBasis:
        return LegalBasis(options["basis_number"], options["basis_date"], options["basis_issuer"])

    def recorded_by(self, options: dict[str, Any]) -> str:
        return str(options.get("by") or getpass.getuser())

    def add_known_on_argument(self, parser: CommandParser) -> None:
        """``--known-on DD/MM/YYYY``: for a command that only reads, the figures as known at the end
        of that day (partyorg.members.known)."""
        parser.add_argument(
            "--known-on",
            type=parse_date,
            help=_("số liệu như đã biết đến hết ngày này (DD/MM/YYYY): chỉ tính những gì đã ghi đến hôm đó"),
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        ensure_schema()
        known_on = options.get("known_on")
        if known_on is None:
            return super().execute(*args, **options)
        from partyorg.core.formats import vn_date
        from partyorg.core.known import end_of_day
        from partyorg.members.known import as_known_on

        with as_known_on(end_of_day(known_on)) as known:
            OutputWrapper(options.get("stderr") or sys.stderr).write(  # Django sets self.stderr later
                _(
                    "Số liệu như đã biết đến hết ngày %(day)s: không tính những gì ghi sau đó "
                    "(%(people)s người, %(orgs)s tổ chức có ghi chép sau ngày ấy)."
                )
                % {"day": vn_date(known_on), "people": len(known.people), "orgs": len(known.organizations)}
            )
            if known.contradictions:
                from partyorg.members.models import Person

                codes = dict(
                    Person.objects.filter(pk__in=[p for p, _ in known.contradictions]).values_list(
                        "pk", "code"
                    )
                )
                for person_id, set_aside in known.contradictions:
                    OutputWrapper(options.get("stderr") or sys.stderr).write(
                        _("Hồ sơ %(code)s như đã biết khi ấy tự mâu thuẫn; không tính: %(events)s")
                        % {"code": codes.get(person_id, person_id), "events": "; ".join(set_aside)}
                    )
            return super().execute(*args, **options)
