from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind, ExitGround


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy("Ghi một sự kiện của đảng viên (kết nạp, lễ kết nạp, công nhận, chuyển sinh hoạt, …)"),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("mã hồ sơ của người"))
        parser.add_argument(
            "kind", choices=[k for k in EventKind.values if k != EventKind.VOIDED], help=_("loại sự kiện")
        )
        parser.add_argument("--on", type=parse_date, required=True, help=_("ngày hiệu lực (DD/MM/YYYY)"))
        parser.add_argument("--org", help=_("mã tổ chức đảng của sự kiện"))
        parser.add_argument("--other-org", help=_("mã tổ chức nơi đến/nơi đi/nơi sinh hoạt tạm thời"))
        parser.add_argument("--place", default="", help=_("nơi ngoài hệ thống (tỉnh khác, nước ngoài)"))
        parser.add_argument("--detail", default="", help=_("chi tiết: mốc huy hiệu, lý do tạm chuyển, …"))
        parser.add_argument(
            "--ground",
            default="",
            help=_("lý do ra khỏi Đảng, khi xóa tên, khai trừ, ra khỏi Đảng: %(grounds)s")
            % {"grounds": "; ".join(f"{value} = {label}" for value, label in ExitGround.choices)},
        )
        parser.add_argument(
            "--consent-number", default="", help=_("kết nạp lại: số văn bản đồng ý của cấp trên")
        )
        parser.add_argument(
            "--consent-date", type=parse_date, help=_("kết nạp lại: ngày văn bản đồng ý (DD/MM/YYYY)")
        )
        parser.add_argument("--consent-issuer", default="", help=_("kết nạp lại: cơ quan đồng ý"))
        # An opening (a member from before the records): the days before them, as far as known.
        parser.add_argument(
            "--admitted-on",
            type=parse_date,
            help=_("đảng viên từ trước khi có hồ sơ: ngày quyết định kết nạp (DD/MM/YYYY), trống: chưa rõ"),
        )
        parser.add_argument(
            "--ceremony-on",
            type=parse_date,
            help=_("đảng viên từ trước khi có hồ sơ: ngày lễ kết nạp (DD/MM/YYYY), trống: chưa rõ"),
        )
        parser.add_argument(
            "--recognized-on",
            type=parse_date,
            help=_("đảng viên từ trước khi có hồ sơ: ngày công nhận chính thức (DD/MM/YYYY)"),
        )
        parser.add_argument("--note", default="", help=_("ghi chú"))
        parser.add_argument("--override", default="", help=_("mã quy định được vượt qua có lý do"))
        parser.add_argument("--reason", default="", help=_("lý do vượt qua quy định"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.members.services import EventRefused, Override, record_event
        from partyorg.rules.base import RuleViolation

        person = find_person(options["code"])
        override = Override(options["override"], options["reason"]) if options["override"] else None
        try:
            event = record_event(
                person,
                options["kind"],
                options["on"],
                organization=find_org(options["org"]),
                other_organization=find_org(options["other_org"]),
                external_place=options["place"],
                detail=options["detail"],
                exit_ground=options["ground"],
                consent=LegalBasis(
                    options["consent_number"], options["consent_date"], options["consent_issuer"]
                ),
                admitted_on=options["admitted_on"],
                ceremony_on=options["ceremony_on"],
                recognized_on=options["recognized_on"],
                note=options["note"],
                override=override,
                legal_basis=self.legal_basis(options),
                recorded_by=self.recorded_by(options),
            )
        except RuleViolation as violation:
            raise CommandError(
                _('Bị từ chối: %(why)s. Nếu có căn cứ, ghi lại với --override %(code)s --reason "…"')
                % {"why": violation, "code": violation.code}
            ) from None
        except EventRefused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None
        self.stdout.write(
            _("Đã ghi: %(kind)s ngày %(on)s (%(uid)s)")
            % {"kind": event.get_kind_display(), "on": vn_date(event.effective_on), "uid": event.uid}
        )
