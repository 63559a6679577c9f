"""``partyorg card add|list|adopt``: the party-card register (RULES.md §2.5)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Sổ phát thẻ đảng viên: ghi phát thẻ, cấp lại, đổi thẻ, thu hồi (add), liệt kê (list), "
            "chuyển số thẻ trong hồ sơ vào sổ (adopt)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.cards.models import CardAction

        parser.add_argument("action", choices=["add", "list", "adopt"])
        parser.add_argument("--person", help=_("mã hồ sơ đảng viên"))
        parser.add_argument("--org", help=_("mã tổ chức: phạm vi liệt kê (list) hoặc chuyển số thẻ (adopt)"))
        parser.add_argument("--kind", choices=CardAction.values, help=_("việc: phát, cấp lại, đổi, thu hồi"))
        parser.add_argument("--on", type=parse_date, help=_("ngày (DD/MM/YYYY)"))
        parser.add_argument("--number", default="", help=_("số thẻ đảng viên (thu hồi: bỏ trống)"))
        parser.add_argument("--body", default="", help=_("cấp quyết định (trống: cơ quan ban hành văn bản)"))
        parser.add_argument("--reason", default="", help=_("lý do cấp lại, đổi, thu hồi"))
        parser.add_argument("--year", type=count, help=_("năm (list)"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        try:
            getattr(self, options["action"])(options)
        except Refused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def add(self, options: dict[str, Any]) -> None:
        from partyorg.cards.services import record_card

        missing = [
            flag
            for name, flag in (("person", "--person"), ("kind", "--kind"), ("on", "--on"))
            if not options[name]
        ]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})
        row = record_card(
            find_person(options["person"]),
            options["kind"],
            options["on"],
            number=options["number"],
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            issued_by=options["body"],
            reason=options["reason"],
            note=options["note"],
        )
        self.stdout.write(
            _("Đã ghi: %(what)s, thẻ số %(number)s ngày %(day)s (mã %(uid)s)")
            % {
                "what": row.get_action_display(),
                "number": row.number,
                "day": vn_date(row.effective_on),
                "uid": row.uid,
            }
        )

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.cards.queries import cards_for
        from partyorg.organizations.queries import subtree_ids

        if not options["org"]:
            raise CommandError(_("Thiếu --org"))
        year = options["year"]
        on = date(year, 12, 31) if year else timezone.localdate()
        scope = subtree_ids(find_org(options["org"]), on)
        start, end = (date(year, 1, 1), date(year + 1, 1, 1)) if year else (None, None)
        for row in cards_for(scope, start=start, end=end):
            self.stdout.write(
                f"{vn_date(row.effective_on)}  {row.get_action_display():<32}  {row.number:<12}  "
                f"{row.person.code} {row.person.full_name}"
                + (f"  {row.legal_basis}" if row.basis_number else "")
            )

    def adopt(self, options: dict[str, Any]) -> None:
        from partyorg.cards.services import adopt_card_numbers
        from partyorg.organizations.queries import subtree_ids

        org_ids = None
        if options["org"]:  # the subtree as it stands on --on (today by default)
            org_ids = subtree_ids(find_org(options["org"]), options["on"] or timezone.localdate())
        adopted = adopt_card_numbers(recorded_by=self.recorded_by(options), org_ids=org_ids)
        self.stdout.write(_("Đã ghi %(n)s thẻ vào sổ phát thẻ") % {"n": adopted.written})
        for number in adopted.shared_numbers:
            self.stdout.write(_("Số thẻ %(number)s ghi cho nhiều người: cần xử lý") % {"number": number})
