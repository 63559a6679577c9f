"""``partyorg position add|end|list``: secretaries, deputies and committee members (RULES.md §1.3)."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Bí thư, phó bí thư, cấp ủy viên: ghi nhận chức (bầu, chỉ định), thôi giữ chức, liệt kê"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.committees.models import Method, Position

        parser.add_argument("action", choices=["add", "end", "list"])
        parser.add_argument("--org", help=_("mã tổ chức đảng"))
        parser.add_argument("--person", help=_("mã hồ sơ của người"))
        parser.add_argument("--position", choices=Position.values, help=_("chức vụ"))
        parser.add_argument(
            "--method", choices=Method.values, default=Method.ELECTED, help=_("bầu hoặc chỉ định")
        )
        parser.add_argument("--congress", help=_("mã đại hội đã bầu (xem: partyorg congress list)"))
        parser.add_argument(
            "--on", type=parse_date, help=_("ngày nhận chức, thôi giữ chức, ngày xem (DD/MM/YYYY)")
        )
        parser.add_argument("--uid", help=_("mã bản ghi nhận chức cần ghi thôi giữ chức (end)"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        parser.add_argument("--override", default="", help=_("mã quy định được vượt qua có lý do"))
        parser.add_argument("--reason", default="", help=_("lý do vượt qua quy định"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.committees.services import CommitteeRefused
        from partyorg.rules.base import RuleViolation

        try:
            getattr(self, options["action"])(options)
        except RuleViolation as violation:
            raise CommandError(
                _('Bị từ chối: %(why)s. Nếu có căn cứ, ghi lại với --override %(code)s --reason "…"')
                % {"why": violation, "code": violation.code}
            ) from None
        except CommitteeRefused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def add(self, options: dict[str, Any]) -> None:
        from partyorg.committees.models import Congress
        from partyorg.committees.services import Override, start_position

        needed = {"org": "--org", "person": "--person", "position": "--position", "on": "--on"}
        missing = [flag for name, flag in needed.items() if options[name] is None]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})
        person = find_person(options["person"])
        congress = None
        if options["congress"]:
            congress = Congress.objects.filter(uid=options["congress"]).first()
            if congress is None:
                raise CommandError(_("Không tìm thấy đại hội %(uid)s") % {"uid": options["congress"]})
        override = Override(options["override"], options["reason"]) if options["override"] else None
        record = start_position(
            person,
            find_org(options["org"]),
            options["position"],
            starts_on=options["on"],
            method=options["method"],
            congress=congress,
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
            override=override,
        )
        self.stdout.write(
            _("Đã ghi: %(who)s — %(position)s từ %(on)s (%(uid)s)")
            % {
                "who": person.full_name,
                "position": record.get_position_display(),
                "on": vn_date(record.effective_on),
                "uid": record.uid,
            }
        )

    def end(self, options: dict[str, Any]) -> None:
        from partyorg.committees.models import PositionRecord
        from partyorg.committees.services import end_position

        start = PositionRecord.objects.filter(uid=options["uid"]).first() if options["uid"] else None
        if start is None:
            raise CommandError(_("Không tìm thấy bản ghi nhận chức %(uid)s") % {"uid": options["uid"]})
        if options["on"] is None:
            raise CommandError(_("Thiếu --on"))
        end_position(
            start,
            ended_on=options["on"],
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
        )
        self.stdout.write(
            _("Đã ghi thôi giữ chức từ %(on)s: %(who)s") % {"on": vn_date(options["on"]), "who": start.person}
        )

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.committees.queries import leadership_on
        from partyorg.rules import committees as rules

        if options["org"] is None:
            raise CommandError(_("Thiếu --org"))
        on = options["on"] or timezone.localdate()
        lead = leadership_on(find_org(options["org"]), on)
        for seat in lead.seats:
            how = seat.get_method_display()
            self.stdout.write(
                f"{seat.uid}  {seat.get_position_display():<22} {seat.person.full_name} "
                f"({seat.person.code})  "
                f"{_('từ')} {vn_date(seat.effective_on)}, {how}"
            )
        if lead.secretary is None:
            self.stdout.write(
                rules.leadership_findings("", 0, has_secretary=False, committee_size=0, deputies=0)[0].message
            )
