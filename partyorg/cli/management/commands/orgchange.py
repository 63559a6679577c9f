from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.organizations.models import Organization, OrgChange, OrgKind, OrgSector


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Thay đổi tổ chức: thành lập, đổi tên, chuyển cấp trên, sáp nhập, chia tách, giải thể; "
            "sửa hoặc hủy một thay đổi đã ghi"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["found", "rename", "move", "merge", "split", "dissolve", "correct", "void"]
        )
        parser.add_argument(
            "code",
            help=_(
                "mã tổ chức (tổ chức mới khi thành lập; tổ chức nhận khi sáp nhập); "
                "mã định danh (uid) của thay đổi khi sửa hoặc hủy"
            ),
        )
        parser.add_argument(
            "--on", type=parse_date, help=_("ngày hiệu lực (DD/MM/YYYY); khi sửa: ngày đúng, nếu sai ngày")
        )
        parser.add_argument("--note", default="", help=_("lý do sửa hoặc hủy"))
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
        from partyorg.organizations.services import OrgChangeError

        on = options["on"]
        action, code = options["action"], options["code"]
        if on is None and action not in ("correct", "void"):
            raise CommandError(_("Cần --on: ngày hiệu lực (DD/MM/YYYY)"))
        try:
            if action in ("correct", "void"):
                self.amend(action, code, options)
            else:
                self.change(action, code, on, options)
        except OrgChangeError as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None
        self.stdout.write(_("Đã ghi thay đổi tổ chức."))

    def change(self, action: str, code: str, on: date, options: dict[str, Any]) -> None:
        from partyorg.members import services
        from partyorg.organizations import services as org_services
        from partyorg.organizations.services import OrgState

        basis, by = self.legal_basis(options), self.recorded_by(options)
        if action == "found":
            if not (options["name"] and options["kind"]):
                raise CommandError(_("Thành lập cần --name và --kind"))
            state = OrgState(options["name"], options["kind"], find_org(options["parent"]), options["sector"])
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
            # The new organizations go to the service by their codes: it creates them in the
            # split's own transaction, so a refused split leaves none behind.
            source = find_org(code)
            base = org_services.current_state(source, on)
            targets: list[tuple[Organization | str, Any]] = []
            for part in options["part"]:
                new_code, _sep, name = part.partition("=")
                targets.append((new_code, OrgState(**{**base.__dict__, "name": name})))
            new_codes = {new_code for new_code, _state in targets}
            assignments: dict[int, Organization | str] = {}
            for pair in options["assign"]:
                person_code, _sep, org_code = pair.partition("=")
                assignments[find_person(person_code).pk] = (
                    org_code if org_code in new_codes else find_org(org_code)
                )
            services.split_organization(
                source, targets, assignments, effective_on=on, legal_basis=basis, recorded_by=by
            )

    def amend(self, action: str, uid: str, options: dict[str, Any]) -> None:
        """Correct or void a change recorded wrong, as a new row that names it."""
        from partyorg.members import services
        from partyorg.organizations import services as org_services

        wrong = find_change(uid)
        if not options["note"].strip():
            raise CommandError(_("Cần --note: lý do sửa hoặc hủy"))
        common = {
            "legal_basis": self.legal_basis(options),
            "recorded_by": self.recorded_by(options),
            "note": options["note"],
        }
        if action == "void":
            services.void_org_change(wrong, **common)
            return
        org_services.correct_change(
            wrong,
            effective_on=options["on"],
            name=options["name"],
            parent=find_org(options["parent"]) if options["parent"] else None,
            kind=options["kind"],
            **common,
        )


def find_change(uid: str) -> OrgChange:
    try:
        change = OrgChange.objects.filter(uid=uid.strip()).first()
    except ValidationError:
        change = None
    if change is None:
        raise CommandError(_("Không tìm thấy thay đổi tổ chức %(uid)s") % {"uid": uid})
    return change
