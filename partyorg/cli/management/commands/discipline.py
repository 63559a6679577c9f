"""``partyorg discipline add|list``: disciplinary measures against members and organizations."""

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
            "Kỷ luật đảng viên, tổ chức đảng (khiển trách, cảnh cáo, cách chức, khai trừ, giải tán): "
            "ghi (add), liệt kê (list); khai trừ được ghi đồng thời vào hồ sơ đảng viên"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.discipline.models import Sanction

        parser.add_argument("action", choices=["add", "list"])
        parser.add_argument("--person", help=_("mã hồ sơ đảng viên bị kỷ luật"))
        parser.add_argument("--org", help=_("mã tổ chức bị kỷ luật (add) hoặc phạm vi liệt kê (list)"))
        parser.add_argument("--sanction", choices=Sanction.values)
        parser.add_argument("--on", type=parse_date, help=_("ngày quyết định (DD/MM/YYYY)"))
        parser.add_argument("--body", default="", help=_("cấp quyết định kỷ luật"))
        parser.add_argument("--post", default="", help=_("chức vụ bị cách (cách chức)"))
        parser.add_argument("--violation-on", type=parse_date, help=_("ngày vi phạm (DD/MM/YYYY)"))
        parser.add_argument(
            "--self-remedied", action="store_true", help=_("tự phát hiện và khắc phục xong hậu quả")
        )
        parser.add_argument("--votes-for", type=count, help=_("số phiếu đồng ý"))
        parser.add_argument("--entitled", type=count, help=_("số thành viên có quyền biểu quyết"))
        parser.add_argument("--year", type=count, help=_("năm (list)"))
        parser.add_argument("--override-rule", default="", help=_("mã quy định được vượt qua"))
        parser.add_argument("--override-reason", default="", help=_("lý do vượt qua quy định"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        try:
            getattr(self, options["action"])(options)
        except Refused as refused:  # the service's refusal or a rule's (DisciplineRefused, RuleViolation)
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def add(self, options: dict[str, Any]) -> None:
        from partyorg.core.records import Override
        from partyorg.discipline.services import discipline_member, discipline_organization

        missing = [
            flag for name, flag in (("sanction", "--sanction"), ("on", "--on")) if options[name] is None
        ]
        if bool(options["person"]) == bool(options["org"]):
            missing.append("--person hoặc --org")
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})
        override = (
            Override(options["override_rule"], options["override_reason"])
            if options["override_rule"]
            else None
        )
        common: dict[str, Any] = {
            "legal_basis": self.legal_basis(options),
            "recorded_by": self.recorded_by(options),
            "deciding_body": options["body"],
            "violation_on": options["violation_on"],
            "note": options["note"],
            "override": override,
        }
        if options["person"]:
            person = find_person(options["person"])
            measure = discipline_member(
                person,
                options["sanction"],
                options["on"],
                post=options["post"],
                self_remedied=options["self_remedied"],
                votes_for=options["votes_for"],
                entitled_voters=options["entitled"],
                **common,
            )
        else:
            measure = discipline_organization(
                find_org(options["org"]), options["sanction"], options["on"], **common
            )
        self.stdout.write(_("Đã ghi kỷ luật %(uid)s") % {"uid": measure.uid})
        if measure.event_id:
            self.stdout.write(_("Đã ghi sự kiện khai trừ vào hồ sơ đảng viên"))

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.discipline.queries import measures_for
        from partyorg.organizations.queries import subtree_ids

        if not options["org"]:
            raise CommandError(_("Thiếu --org"))
        year = options["year"]
        on = date(year, 12, 31) if year else timezone.localdate()
        scope = subtree_ids(find_org(options["org"]), on)
        start, end = (date(year, 1, 1), date(year + 1, 1, 1)) if year else (None, None)
        for m in measures_for(scope, start=start, end=end):
            who = (
                f"{m.person.code} {m.person.full_name}"
                if m.person
                else _("tổ chức %(org)s") % {"org": m.organization}
            )
            self.stdout.write(
                f"{vn_date(m.decided_on)}  {m.get_sanction_display():<10}  {who}  — {m.deciding_body}"
                + (f"  {m.legal_basis}" if m.basis_number else "")
            )
