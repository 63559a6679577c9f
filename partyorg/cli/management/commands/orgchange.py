from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org
from partyorg.organizations.models import OrgKind, OrgSector


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy("Thay đổi tổ chức: thành lập, đổi tên, chuyển cấp trên, sáp nhập, chia tách, giải thể"),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["found", "rename", "move", "merge", "split", "dissolve"])
        parser.add_argument(
            "code", help=_("mã tổ chức (tổ chức mới khi thành lập; tổ chức nhận khi sáp nhập)")
        )
        parser.add_argument("--on", type=parse_date, required=True, help=_("ngày hiệu lực (DD/MM/YYYY)"))
        parser.add_argument("--name", help=_("tên (mới)"))
        parser.add_argument("--kind", choices=OrgKind.values, help=_("loại tổ chức"))
        parser.add_argument("--parent", help=_("mã cấp trên trực tiếp"))
        parser.add_argument("--sector", choices=OrgSector.values, default="", help=_("loại hình cơ sở"))
        parser.add_argument("--sources", nargs="*", default=[], help=_("sáp nhập: mã các tổ chức nhập vào"))
        parser.add_argument("--successor", help=_("giải thể: mã tổ chức nhận đảng viên"))
        parser.add_argument(
            "--part", action="append", default=[], help=_("chia tách: MÃ=TÊN, một lần cho mỗi tổ chức mới")
        )
        parser.add_argument(
            "--assign",
            action="append",
            default=[],
            help=_("chia tách: MÃ_NGƯỜI=MÃ_TỔ_CHỨC cho mỗi đảng viên"),
        )
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.members import services
        from partyorg.members.models import Person
        from partyorg.organizations import services as org_services
        from partyorg.organizations.models import Organization
        from partyorg.organizations.services import OrgChangeError, OrgState

        on = options["on"]
        basis, by = self.legal_basis(options), self.recorded_by(options)
        action, code = options["action"], options["code"]
        try:
            if action == "found":
                if not (options["name"] and options["kind"]):
                    raise CommandError(_("Thành lập cần --name và --kind"))
                state = OrgState(
                    options["name"], options["kind"], find_org(options["parent"]), options["sector"]
                )
                org_services.found(code, state, founded_on=on, legal_basis=basis, recorded_by=by)
            elif action == "rename":
                org_services.rename(
                    find_org(code), options["name"], effective_on=on, legal_basis=basis, recorded_by=by
                )
            elif action == "move":
                org_services.move(
                    find_org(code),
                    find_org(options["parent"]),
                    effective_on=on,
                    new_kind=options["kind"],
                    legal_basis=basis,
                    recorded_by=by,
                )
            elif action == "merge":
                services.merge_organizations(
                    [find_org(c) for c in options["sources"]],
                    find_org(code),
                    effective_on=on,
                    legal_basis=basis,
                    recorded_by=by,
                )
            elif action == "dissolve":
                services.dissolve_organization(
                    find_org(code),
                    effective_on=on,
                    successor=find_org(options["successor"]),
                    legal_basis=basis,
                    recorded_by=by,
                )
            elif action == "split":
                source = find_org(code)
                base = org_services.current_state(source, on)
                targets = []
                for part in options["part"]:
                    new_code, _sep, name = part.partition("=")
                    org = Organization.objects.create(code=new_code)
                    targets.append((org, OrgState(**{**base.__dict__, "name": name})))
                by_code = {org.code: org for org, _state in targets}
                assignments = {}
                for pair in options["assign"]:
                    person_code, _sep, org_code = pair.partition("=")
                    person = Person.objects.get(code=person_code)
                    assignments[person.pk] = by_code.get(org_code) or find_org(org_code)
                services.split_organization(
                    source, targets, assignments, effective_on=on, legal_basis=basis, recorded_by=by
                )
        except OrgChangeError as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None
        self.stdout.write(_("Đã ghi thay đổi tổ chức."))
