from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import ValueRefused, count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org
from partyorg.core.formats import vn_date

# Words a report puts before a bound: "hơn 74.600", "trên 74.600" (more than), "ít nhất 74.600".
BOUND_WORDS = (("ít nhất", "at_least"), ("hơn", "more_than"), ("trên", "more_than"))


def stated_value(text: str) -> tuple[str, int]:
    """(bound, value) of a typed value: "29.738" is exact, "hơn 74.600" and "trên 74.600" more
    than, "ít nhất 74.600" at least (``reports.models.Bound``)."""
    written = " ".join(text.split())
    for words, bound in BOUND_WORDS:
        if written.lower().startswith(words + " "):
            return bound, count(written[len(words) + 1 :])
    return "", count(written)


def change_percent(text: str) -> str:
    """A change in percent as a report writes it, "+70,01%", "tăng 70,01%", "giảm 3,5%", "-3,5",
    as the signed decimal the figure keeps ("70.01", "-3.5")."""
    written = " ".join(text.split()).lower().removesuffix("%").strip()
    sign = ""
    for word, given in (("tăng", ""), ("giảm", "-")):
        if written.startswith(word + " "):
            written, sign = written[len(word) + 1 :], given
    if written and written[0] in "+-" and not sign:
        sign, written = ("-" if written[0] == "-" else ""), written[1:].strip()
    whole, comma, decimals = written.partition(",")
    if not whole.isdigit() or (comma and not decimals.isdigit()):
        raise ValueRefused(
            _("“%(text)s” không phải là mức thay đổi theo phần trăm (ví dụ +70,01%% hoặc giảm 3,5%%)")
            % {"text": text}
        )
    return f"{sign}{whole}.{decimals}" if comma else f"{sign}{whole}"


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Nhập số liệu không tính được từ hồ sơ: chỉ tiêu kết nạp, tổng số cán bộ của đơn vị, "
            "số liệu đã nêu trong báo cáo; sửa hoặc hủy chúng; liệt kê"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.reports.models import FigureKind, Indicator

        parser.add_argument("action", choices=["enter", "correct", "list"])
        parser.add_argument("--org", help=_("mã tổ chức"))
        parser.add_argument("--kind", choices=FigureKind.values, default=FigureKind.STATED)
        parser.add_argument("--indicator", choices=Indicator.values)
        parser.add_argument(
            "--value",
            type=stated_value,
            help=_("giá trị (số nguyên không âm); số đã nêu có thể ghi “hơn 74.600” hoặc “ít nhất 74.600”"),
        )
        parser.add_argument(
            "--change",
            type=change_percent,
            help=_("số đã nêu: mức thay đổi so với ngày --base, theo phần trăm (“+70,01%%”, “giảm 3,5%%”)"),
        )
        parser.add_argument(
            "--base", dest="base_day", type=parse_date, help=_("ngày gốc của mức thay đổi (DD/MM/YYYY)")
        )
        parser.add_argument("--from", dest="first_day", type=parse_date, help=_("đầu kỳ (DD/MM/YYYY)"))
        parser.add_argument(
            "--to", dest="last_day", type=parse_date, help=_("cuối kỳ, hoặc ngày của số liệu (DD/MM/YYYY)")
        )
        parser.add_argument("--source", default="", help=_("báo cáo, bài viết hoặc kế hoạch nêu số liệu"))
        parser.add_argument("--uid", help=_("mã số liệu cần sửa (correct)"))
        parser.add_argument("--withdraw", action="store_true", help=_("hủy số liệu (correct)"))
        parser.add_argument("--note", default="", help=_("ghi chú; lý do sửa hoặc hủy"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.reports.services import FigureRefused

        try:
            getattr(self, options["action"])(options)
        except FigureRefused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def enter(self, options: dict[str, Any]) -> None:
        from partyorg.reports.services import enter_figure

        needed = {"org": "--org", "indicator": "--indicator", "last_day": "--to"}
        if options["change"] is None:
            needed["value"] = "--value"  # a stated change may come without its count
        missing = [flag for name, flag in needed.items() if options[name] is None]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})
        bound, value = options["value"] or ("unstated", 0)
        figure = enter_figure(
            find_org(options["org"]),
            kind=options["kind"],
            indicator=options["indicator"],
            value=value,
            bound=bound,
            base_day=options["base_day"],
            change_percent=options["change"] or "",
            first_day=options["first_day"],
            last_day=options["last_day"],
            source=options["source"],
            basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
        )
        self.stdout.write(_("Đã ghi số liệu %(uid)s") % {"uid": figure.uid})

    def correct(self, options: dict[str, Any]) -> None:
        from partyorg.reports.models import EnteredFigure
        from partyorg.reports.services import correct_figure, withdraw_figure

        wrong = EnteredFigure.objects.filter(uid=options["uid"]).first() if options["uid"] else None
        if wrong is None:
            raise CommandError(_("Không tìm thấy số liệu %(uid)s") % {"uid": options["uid"]})
        by = self.recorded_by(options)
        if options["withdraw"]:
            figure = withdraw_figure(wrong, recorded_by=by, note=options["note"])
        elif options["value"] is None and options["change"] is None:
            raise CommandError(_("Cần --value hoặc --change (giá trị đúng), hoặc --withdraw"))
        else:
            bound, value = options["value"] or (wrong.bound, wrong.value)
            figure = correct_figure(
                wrong,
                value=value,
                bound=bound,
                change_percent=options["change"],
                recorded_by=by,
                note=options["note"],
            )
        self.stdout.write(_("Đã ghi bản sửa %(uid)s") % {"uid": figure.uid})

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.reports.statistics.entered import in_force, stated_words

        if options["org"] is None:
            raise CommandError(_("Thiếu --org"))
        figures = (
            in_force().filter(organization=find_org(options["org"])).order_by("last_day", "indicator", "pk")
        )
        for f in figures:
            when = f"{vn_date(f.first_day)}–{vn_date(f.last_day)}" if f.first_day else vn_date(f.last_day)
            self.stdout.write(
                f"{f.uid}  {when:>23}  {f.get_kind_display()}: {f.get_indicator_display()} = "
                f"{stated_words(f)}" + (f"  ({f.source})" if f.source else "")
            )
