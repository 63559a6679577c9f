from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date


class Command(OfficerCommand):
    help = cast(str, gettext_lazy("Ghi biểu mẫu thống kê ra tệp Excel (biểu 1 đến 5)"))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "form", choices=["members-flow", "admissions", "membership", "ethnicity", "organizations"]
        )
        parser.add_argument("--org", required=True, help=_("mã tổ chức"))
        parser.add_argument("--from", dest="first_day", type=parse_date, help=_("ngày đầu kỳ (DD/MM/YYYY)"))
        parser.add_argument(
            "--to",
            dest="last_day",
            type=parse_date,
            help=_("ngày cuối kỳ (DD/MM/YYYY); biểu 3: số liệu đến ngày này"),
        )
        parser.add_argument("--out", type=Path, required=True, help=_("tệp .xlsx sẽ ghi"))
        parser.add_argument("--place", default="", help=_("địa danh ở dòng ký (ví dụ: Điện Biên Phủ)"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.organizations.models import Organization
        from partyorg.reports.forms import admissions, ethnicity, members_flow, membership, sectors
        from partyorg.reports.statistics import Period

        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(_("Không tìm thấy tổ chức có mã %(code)s") % {"code": options["org"]})
        stock_forms = {"membership": membership, "ethnicity": ethnicity, "organizations": sectors}
        if options["form"] in stock_forms:
            if not options["last_day"]:
                raise CommandError(_("Biểu 3, 4 và 5 cần --to (ngày số liệu)"))
            module = stock_forms[options["form"]]
            module.write_xlsx(org, options["last_day"], options["out"], place=options["place"])
        else:
            if not (options["first_day"] and options["last_day"]):
                raise CommandError(_("Cần cả --from và --to"))
            period = Period.between(options["first_day"], options["last_day"])
            if options["form"] == "admissions":
                admissions.write_xlsx(org, period, options["out"], place=options["place"])
            else:
                members_flow.write_xlsx(
                    members_flow.build(org, period), options["out"], place=options["place"]
                )
        self.stdout.write(_("Đã ghi %(path)s") % {"path": options["out"]})
