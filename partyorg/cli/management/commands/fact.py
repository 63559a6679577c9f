"""`partyorg fact`: record, correct or withdraw a dated fact about a person (where he lives, his
education, occupation, …), and list a person's facts."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_person
from partyorg.core.formats import vn_date
from partyorg.core.records import Refused


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Thông tin theo thời gian của một người (nơi cư trú, trình độ, nghề nghiệp…): ghi, sửa, hủy, "
            "xem; mỗi thông tin đúng từ ngày của nó đến thông tin sau cùng loại"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.members.models import FactKind

        parser.add_argument("person", help=_("mã hồ sơ của người"))
        parser.add_argument(
            "--kind",
            choices=FactKind.values,
            help=_("loại thông tin: %(kinds)s") % {"kinds": ", ".join(FactKind.values)},
        )
        parser.add_argument("--from", dest="valid_from", type=parse_date, help=_("đúng từ ngày (DD/MM/YYYY)"))
        parser.add_argument("--value", default="", help=_("giá trị; đoàn viên: true hoặc false"))
        parser.add_argument("--locality", default="", help=_("nơi cư trú: mã thôn, bản, tổ dân phố"))
        parser.add_argument(
            "--correct", metavar="UID", help=_("sửa thông tin có mã này (ghi lại cả thông tin đúng)")
        )
        parser.add_argument("--withdraw", metavar="UID", help=_("hủy thông tin có mã này"))
        parser.add_argument("--note", default="", help=_("ghi chú; lý do khi sửa hoặc hủy"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.members import facts
        from partyorg.members.models import FactKind, PersonFact
        from partyorg.organizations.models import Locality

        person = find_person(options["person"])
        locality = None
        if options["locality"]:
            locality = Locality.objects.filter(code=options["locality"]).first()
            if locality is None:
                raise CommandError(
                    _("Không tìm thấy đơn vị hành chính có mã %(code)s") % {"code": options["locality"]}
                )
        basis, by, note = self.legal_basis(options), self.recorded_by(options), options["note"]
        try:
            if options["withdraw"] or options["correct"]:
                uid = options["withdraw"] or options["correct"]
                wrong = PersonFact.objects.filter(uid=uid, person=person).first()
                if wrong is None:
                    raise CommandError(
                        _("%(who)s không có thông tin mã %(uid)s") % {"who": person.full_name, "uid": uid}
                    )
                if options["withdraw"]:
                    facts.withdraw_fact(wrong, recorded_by=by, note=note, legal_basis=basis)
                else:
                    facts.correct_fact(
                        wrong,
                        valid_from=options["valid_from"],
                        value=options["value"],
                        locality=locality,
                        legal_basis=basis,
                        recorded_by=by,
                        note=note,
                    )
            elif options["kind"]:
                facts.record_fact(
                    person,
                    options["kind"],
                    options["valid_from"],
                    value=options["value"],
                    locality=locality,
                    legal_basis=basis,
                    recorded_by=by,
                    note=note,
                )
        except Refused as refused:
            raise CommandError(str(refused)) from None
        rows = PersonFact.objects.in_force().filter(person=person).select_related("locality")
        for fact in rows.order_by("kind", "valid_from", "pk"):
            what = fact.locality.name if fact.locality else fact.value
            since = vn_date(fact.valid_from) if fact.valid_from else _("trước khi có hồ sơ")
            self.stdout.write(
                _("%(kind)s: %(what)s — từ %(since)s  [%(uid)s]")
                % {"kind": FactKind(fact.kind).label, "what": what, "since": since, "uid": fact.uid}
            )
