from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.core.formats import vn_date


class Command(OfficerCommand):
    help = cast(
        str, gettext_lazy("Một tổ chức đảng vào một ngày: loại, cấp trên, đường dẫn, cây trực thuộc, lịch sử")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("mã tổ chức"))
        parser.add_argument("--on", type=parse_date, help=_("tại ngày (DD/MM/YYYY), mặc định hôm nay"))
        parser.add_argument("--tree", action="store_true", help=_("in cây tổ chức trực thuộc tại ngày đó"))
        parser.add_argument("--history", action="store_true", help=_("in lịch sử thay đổi"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.organizations import queries
        from partyorg.organizations.models import Organization, OrgKind

        org = Organization.objects.filter(code=options["code"]).first()
        if org is None:
            raise CommandError(_("Không tìm thấy tổ chức có mã %(code)s") % {"code": options["code"]})
        on: date = options["on"] or timezone.localdate()
        version = queries.version_on(org, on)
        if version is None:
            self.stdout.write(
                _("Tổ chức %(code)s không tồn tại vào ngày %(on)s") % {"code": org.code, "on": vn_date(on)}
            )
        else:
            self.stdout.write(f"{version.name} ({OrgKind(version.kind).label}) — {vn_date(on)}")
            self.stdout.write(_("Đường dẫn: ") + " › ".join(v.name for v in queries.path(org, on)))
        if options["tree"] and version is not None:
            node = queries.subtree(org, on)
            assert node is not None
            for depth, v in node.walk():
                self.stdout.write(f"{'  ' * depth}{v.name} [{v.organization.code}] ({OrgKind(v.kind).label})")
        if options["history"]:
            for change, item in queries.history(org):
                what = _("kết thúc") if item.ends else item.name
                corrected = _(" [đã được sửa]") if change.corrections.exists() else ""
                self.stdout.write(
                    f"{vn_date(change.effective_on)}  {change.get_kind_display()}: {what}"
                    f"{' — ' + change.legal_basis if change.legal_basis else ''}{corrected}"
                )
