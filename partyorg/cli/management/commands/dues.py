"""``partyorg dues basis|pay|due|arrears|relief``: party dues from the command line (RULES.md §4)."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import amount, count, month
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Đảng phí: ghi căn cứ đóng (basis), ghi khoản nộp (pay), xem số phải đóng và cách tính (due), "
            "đảng viên nợ đảng phí và cảnh báo ba tháng trong năm (arrears), miễn, giảm (relief)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.dues.models import DuesCategory, PaymentChannel, ReliefGround

        parser.add_argument("action", choices=["basis", "pay", "due", "arrears", "relief"])
        parser.add_argument("code", nargs="?", help=_("mã hồ sơ của đảng viên"))
        parser.add_argument("--org", help=_("mã tổ chức: chi bộ thu (pay), phạm vi (arrears)"))
        parser.add_argument("--category", choices=DuesCategory.values, help=_("đối tượng đóng đảng phí"))
        parser.add_argument(
            "--amount", type=amount, help=_("số tiền (đồng): lương, lương hưu, trợ cấp; khoản nộp")
        )
        parser.add_argument("--region", type=count, choices=[1, 2, 3, 4], help=_("vùng lương tối thiểu"))
        parser.add_argument("--month", type=month, help=_("tháng (MM/YYYY)"))
        parser.add_argument("--from", dest="first", type=month, help=_("từ tháng (MM/YYYY)"))
        parser.add_argument("--to", dest="last", type=month, help=_("đến tháng (MM/YYYY)"))
        parser.add_argument("--paid-on", type=parse_date, help=_("ngày nộp (DD/MM/YYYY)"))
        parser.add_argument("--channel", choices=PaymentChannel.values, default=PaymentChannel.CASH)
        parser.add_argument("--receipt", default="", help=_("số biên lai, chứng từ của khoản nộp (pay)"))
        parser.add_argument(
            "--as-of", type=parse_date, help=_("tính đến ngày (DD/MM/YYYY), mặc định hôm nay")
        )
        parser.add_argument("--ground", choices=ReliefGround.values, help=_("lý do miễn, giảm"))
        parser.add_argument("--percent", type=count, help=_("tỷ lệ miễn, giảm (100: miễn)"))
        parser.add_argument("--decided-by", help=_("mã tổ chức quyết định miễn, giảm"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        try:
            getattr(self, options["action"])(options)
        except Refused as refused:  # the dues services' refusals and the dues rules'
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def _person(self, options: dict[str, Any]) -> Any:
        if not options["code"]:
            raise CommandError(_("Thiếu mã hồ sơ của đảng viên"))
        return find_person(options["code"])

    def _need(self, options: dict[str, Any], **flags: str) -> None:
        missing = [flag for name, flag in flags.items() if options[name] is None]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})

    def basis(self, options: dict[str, Any]) -> None:
        from partyorg.dues.models import DuesBasis
        from partyorg.dues.services import record_basis

        person = self._person(options)
        if options["category"] is not None:
            self._need(options, first="--from")
            row = record_basis(
                person,
                from_month=options["first"],
                category=options["category"],
                amount=options["amount"],
                region=options["region"],
                recorded_by=self.recorded_by(options),
                note=options["note"],
            )
            self.stdout.write(_("Đã ghi căn cứ đóng đảng phí %(uid)s") % {"uid": row.uid})
        for basis in DuesBasis.objects.in_force().filter(person=person).order_by("from_month", "pk"):
            amount = f"  {vnd(basis.amount)}" if basis.amount is not None else ""
            region = f"  {basis.get_region_display()}" if basis.region else ""
            self.stdout.write(f"{basis.from_month:%m/%Y}  {basis.get_category_display()}{amount}{region}")

    def pay(self, options: dict[str, Any]) -> None:
        from partyorg.dues.services import record_payment

        person = self._person(options)
        self._need(options, month="--month", amount="--amount", org="--org")
        payment = record_payment(
            person,
            month=options["month"],
            amount=options["amount"],
            paid_on=options["paid_on"] or timezone.localdate(),
            organization=find_org(options["org"]),
            channel=options["channel"],
            receipt_number=options["receipt"],
            recorded_by=self.recorded_by(options),
            note=options["note"],
        )
        self.stdout.write(
            _("Đã ghi khoản nộp %(amount)s tháng %(month)s (%(uid)s)")
            % {"amount": vnd(payment.amount), "month": f"{payment.month:%m/%Y}", "uid": payment.uid}
        )

    def due(self, options: dict[str, Any]) -> None:
        from partyorg.dues.queries import months_of_person

        person = self._person(options)
        first = options["month"] or options["first"]
        if first is None:
            raise CommandError(_("Thiếu --month (hoặc --from, --to)"))
        rows = months_of_person(person, first, options["last"] or first, as_of=options["as_of"])
        if not rows:
            self.stdout.write(_("Không phải đóng đảng phí trong thời gian này (không là đảng viên)."))
        for row in rows:
            if row.due is None:
                self.stdout.write(f"{row.month:%m/%Y}  {_('chưa tính được')}: {row.problem}")
                continue
            self.stdout.write(row.due.explanation)
            self.stdout.write(f"    {_('Đã nộp')}: {vnd(row.paid)}; {_('còn thiếu')}: {vnd(row.shortfall)}")

    def arrears(self, options: dict[str, Any]) -> None:
        from partyorg.dues.queries import arrears_of, member_months, warnings_of
        from partyorg.members.models import Person
        from partyorg.organizations.models import OrgVersion, valid_on
        from partyorg.organizations.queries import subtree_ids

        self._need(options, org="--org", first="--from")
        as_of = options["as_of"] or timezone.localdate()
        last = options["last"] or options["first"]
        org = find_org(options["org"])
        org_ids = subtree_ids(org, min(as_of, last))
        rows = member_months(org_ids, options["first"], last, as_of=as_of)
        owed = arrears_of(rows, as_of)
        names = Person.objects.in_bulk({a.person_id for a in owed})
        cells = dict(
            OrgVersion.objects.filter(valid_on(min(as_of, last)), organization_id__in=org_ids).values_list(
                "organization_id", "name"
            )
        )
        self.stdout.write(
            _("Nợ đảng phí tính đến %(day)s: %(count)s đảng viên, %(total)s")
            % {"day": vn_date(as_of), "count": len(owed), "total": vnd(sum(a.shortfall for a in owed))}
        )
        for a in owed:
            person = names[a.person_id]
            months = ", ".join(f"{month:%m/%Y}" for month in a.months)
            self.stdout.write(
                f"{person.code}  {person.full_name}  {cells.get(a.organization_id, '')}  {vnd(a.shortfall)}  "
                f"({months})"
            )
        for year in sorted({row.month.year for row in rows}):
            for warning in warnings_of(rows, year, as_of):
                person = Person.objects.get(pk=warning.person_id)
                self.stdout.write(f"{_('Cảnh báo')}: {person.code} {person.full_name} — {warning.message}")

    def relief(self, options: dict[str, Any]) -> None:
        from partyorg.dues.services import record_relief

        person = self._person(options)
        self._need(options, ground="--ground", percent="--percent", first="--from", decided_by="--decided-by")
        row = record_relief(
            person,
            ground=options["ground"],
            percent=options["percent"],
            first_month=options["first"],
            last_month=options["last"],
            decided_by=find_org(options["decided_by"]),
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
        )
        self.stdout.write(_("Đã ghi quyết định miễn, giảm %(uid)s") % {"uid": row.uid})
