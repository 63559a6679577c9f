from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.reports.documents import CADRE_FORMS, FORMS


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Ghi biểu mẫu thống kê (biểu 1 đến 13, Excel hoặc PDF) hoặc dự thảo báo cáo sơ kết, tổng kết (.docx hoặc PDF)"  # noqa: E501 - one msgid
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "form",
            choices=[*FORMS, *CADRE_FORMS, "review"],
        )
        parser.add_argument("--org", required=True, help=_("mã tổ chức"))
        parser.add_argument("--from", dest="first_day", type=parse_date, help=_("ngày đầu kỳ (DD/MM/YYYY)"))
        parser.add_argument(
            "--to",
            dest="last_day",
            type=parse_date,
            help=_("ngày cuối kỳ (DD/MM/YYYY); biểu 3: số liệu đến ngày này"),
        )
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            help=_("tệp sẽ ghi: đuôi .xlsx (Excel) hoặc .pdf (PDF); báo cáo (review): .docx hoặc .pdf"),
        )
        parser.add_argument("--place", default="", help=_("địa danh ở dòng ký (ví dụ: Điện Biên Phủ)"))
        parser.add_argument(
            "--signed-on", type=parse_date, help=_("báo cáo (review): ngày ký ở dòng địa danh (DD/MM/YYYY)")
        )
        parser.add_argument(
            "--issuer",
            help=_(
                "báo cáo (review): cơ quan ban hành, các dòng cách nhau bởi | (TỈNH ỦY ĐIỆN BIÊN|BAN TỔ CHỨC)"
            ),
        )
        parser.add_argument("--symbol", help=_("báo cáo (review): ký hiệu sau số báo cáo (ví dụ: BC/BTCTU)"))
        parser.add_argument(
            "--sent",
            action="store_true",
            help=_(
                "ghi nhận biểu này đã gửi lên (giữ nguyên số liệu đã gửi để so sánh về sau: partyorg sent)"
            ),
        )
        self.add_basis_arguments(parser)
        self.add_known_on_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.organizations.models import Organization
        from partyorg.reports.documents import STOCK_FORMS, layout, pdf, sheet_for
        from partyorg.reports.statistics import Period

        out: Path = options["out"]
        if options["sent"] and options["known_on"]:
            raise CommandError(_("Biểu đã gửi là biểu của hôm nay: không dùng --sent cùng --known-on"))
        if options["form"] == "review":
            self.review(options, out)
            return
        if options["form"] in CADRE_FORMS and options["sent"]:
            raise CommandError(_("Biểu 8B đến 13 chưa ghi nhận được là biểu đã gửi"))
        writers = {".xlsx": layout.write_xlsx, ".pdf": pdf.write_pdf}
        write = writers.get(out.suffix.lower())
        if write is None:
            raise CommandError(
                _("Tệp %(path)s: chỉ ghi được tệp .xlsx (Excel) hoặc .pdf (PDF)") % {"path": out}
            )
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(_("Không tìm thấy tổ chức có mã %(code)s") % {"code": options["org"]})
        last_day = options["last_day"]
        if options["form"] in STOCK_FORMS:
            if not last_day:
                raise CommandError(_("Biểu 3, 4 và 5 cần --to (ngày số liệu)"))
            period = Period.between(options["first_day"] or last_day, last_day)
        else:
            if not (options["first_day"] and last_day):
                raise CommandError(_("Cần cả --from và --to"))
            period = Period.between(options["first_day"], last_day)
        sheet = sheet_for(options["form"], org, period)
        try:
            write(sheet, out, place=options["place"])
        except pdf.PdfUnavailableError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Đã ghi %(path)s") % {"path": out})
        self.problems(options["form"], org, period)
        if options["sent"]:
            from partyorg.reports.services import send_report

            sent = send_report(
                org,
                options["form"],
                period,
                recorded_by=self.recorded_by(options),
                basis=self.legal_basis(options),
            )
            self.stdout.write(_("Đã ghi nhận biểu đã gửi, mã %(uid)s") % {"uid": sent.uid})

    def problems(self, form: str, org: Any, period: Any) -> None:
        """The people (or organizations) the form has no row for, to complete their records."""
        from partyorg.members.models import Person
        from partyorg.reports.documents import problems_for

        found = problems_for(form, org, period)
        if not found:
            return
        self.stdout.write(_("Cần bổ sung hồ sơ (không tính vào dòng nào của biểu):"))
        for problem in found:
            self.stdout.write(
                f"  {problem.what}: {problem.people.value}" if problem.people.value else f"  {problem.what}"
            )
            shown = Person.objects.filter(pk__in=problem.people.person_ids).order_by("code")[:20]
            for person in shown:
                self.stdout.write(f"    {person.code}  {person.full_name}")
            if problem.people.value > len(shown):
                self.stdout.write("    …")

    def review(self, options: dict[str, Any], out: Path) -> None:
        """The review report for the period, as an editable .docx (or PDF through LibreOffice)."""
        from dataclasses import replace

        from partyorg.organizations.models import Organization
        from partyorg.reports import review
        from partyorg.reports.documents import FORMS
        from partyorg.reports.statistics import Period

        suffix = out.suffix.lower()
        if suffix not in (".docx", ".pdf"):
            raise CommandError(_("Báo cáo ghi ra tệp .docx (Word) hoặc .pdf (PDF)"))
        if not (options["first_day"] and options["last_day"]):
            raise CommandError(_("Cần cả --from và --to"))
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(_("Không tìm thấy tổ chức có mã %(code)s") % {"code": options["org"]})
        period = Period.between(options["first_day"], options["last_day"])
        draft = review.draft(
            org,
            period,
            place=options["place"],
            signed_on=options["signed_on"],
            attachments=tuple(FORMS.values()),
        )
        issuer = draft.issuer
        if options["issuer"]:
            issuer = replace(issuer, lines=tuple(line.strip() for line in options["issuer"].split("|")))
        if options["symbol"]:
            issuer = replace(issuer, symbol=options["symbol"])
        draft = replace(draft, issuer=issuer)
        try:
            (review.write_pdf if suffix == ".pdf" else review.write_docx)(draft, out)
        except review.PdfUnavailableError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Đã ghi %(path)s") % {"path": out})
