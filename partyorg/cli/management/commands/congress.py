"""``partyorg congress add|list|due``: congresses and terms of party organizations (RULES.md §1.4)."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org
from partyorg.core.formats import vn_date


def parse_term(text: str) -> tuple[int, int]:
    """``2017-2020`` or ``2017–2020``."""
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise CommandError(_("Nhiệm kỳ không hợp lệ: %(text)s (dạng 2017-2020)") % {"text": text})
    return int(parts[0]), int(parts[1])


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Đại hội, nhiệm kỳ: ghi đại hội (hoặc chỉ định cấp ủy), liệt kê, các tổ chức quá hạn đại hội, "
            "đại hội chi bộ trực thuộc của một nhiệm kỳ"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.committees.models import CongressKind

        parser.add_argument("action", choices=["add", "list", "due", "cells"])
        parser.add_argument("--org", help=_("mã tổ chức đảng"))
        parser.add_argument("--kind", choices=CongressKind.values, default=CongressKind.REGULAR)
        parser.add_argument("--on", type=parse_date, help=_("ngày đại hội; ngày xem (DD/MM/YYYY)"))
        parser.add_argument("--term", help=_("nhiệm kỳ, dạng 2017-2020"))
        parser.add_argument(
            "--all", action="store_true", help=_("kể cả tổ chức chưa có dữ liệu đại hội (due)")
        )
        parser.add_argument("--note", default="", help=_("ghi chú"))
        parser.add_argument("--override", default="", help=_("mã quy định được vượt qua có lý do"))
        parser.add_argument("--reason", default="", help=_("lý do vượt qua quy định"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.committees.services import CommitteeRefused
        from partyorg.rules.base import RuleViolation

        if options["org"] is None:
            raise CommandError(_("Thiếu --org"))
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
        from partyorg.committees.services import Override, record_congress

        if options["on"] is None or options["term"] is None:
            raise CommandError(_("Thiếu --on hoặc --term"))
        first, last = parse_term(options["term"])
        override = Override(options["override"], options["reason"]) if options["override"] else None
        congress = record_congress(
            find_org(options["org"]),
            kind=options["kind"],
            held_on=options["on"],
            term_first_year=first,
            term_last_year=last,
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
            override=override,
        )
        self.stdout.write(_("Đã ghi: %(congress)s (%(uid)s)") % {"congress": congress, "uid": congress.uid})

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.committees.queries import congresses_in_force

        rows = congresses_in_force().filter(organization=find_org(options["org"])).order_by("held_on", "pk")
        for c in rows:
            self.stdout.write(f"{c.uid}  {vn_date(c.held_on)}  {c.get_kind_display()}  {c.term_label}")

    def due(self, options: dict[str, Any]) -> None:
        from partyorg.committees.queries import overdue_on
        from partyorg.organizations.queries import subtree_ids

        on = options["on"] or timezone.localdate()
        root = find_org(options["org"])
        found = overdue_on(subtree_ids(root, on), on, include_unknown=options["all"])
        for item in found:
            self.stdout.write(f"{item.version.organization.code}  {item.version.name}: {item.message}")
        self.stdout.write(
            _("%(n)s tổ chức quá hạn đại hội ngày %(on)s") % {"n": len(found), "on": vn_date(on)}
        )

    def cells(self, options: dict[str, Any]) -> None:
        from partyorg.committees.queries import subordinate_cell_congresses

        if options["term"] is None:
            raise CommandError(_("Thiếu --term"))
        first, last = parse_term(options["term"])
        result = subordinate_cell_congresses(find_org(options["org"]), first, last, on=options["on"])
        self.stdout.write(
            _("Đại hội chi bộ trực thuộc nhiệm kỳ %(term)s: đã đại hội %(held)s/%(total)s chi bộ")
            % {
                "term": result.label,
                "held": len(result.held),
                "total": len(result.held) + len(result.missing),
            }
        )
        for version, congress in result.held:
            self.stdout.write(f"  {version.organization.code}  {version.name}  {vn_date(congress.held_on)}")
        if result.missing:
            self.stdout.write(_("Chưa đại hội:"))
        for version in result.missing:
            self.stdout.write(f"  {version.organization.code}  {version.name}")
