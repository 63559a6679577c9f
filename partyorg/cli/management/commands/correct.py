from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import ValueRefused
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Sửa một sự kiện nhập sai bằng một sự kiện sửa (bản gốc vẫn được giữ), hoặc hủy nó; "
            "hoặc sửa thông tin cá nhân nhập sai của một người (--person)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "uid", nargs="?", help=_("mã (uid) của sự kiện cần sửa, xem partyorg person MÃ --history")
        )
        parser.add_argument("--person", help=_("mã hồ sơ của người cần sửa thông tin cá nhân"))
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar=_("TRƯỜNG=GIÁ_TRỊ"),
            help=_("với --person: giá trị đúng của một trường (full_name, birth_date DD/MM/YYYY, sex, …)"),
        )
        parser.add_argument("--note", required=True, help=_("vì sao sửa"))
        parser.add_argument("--void", action="store_true", help=_("sự kiện không hề xảy ra: hủy nó"))
        parser.add_argument("--on", type=parse_date, help=_("ngày hiệu lực đúng"))
        parser.add_argument("--org", help=_("tổ chức đúng"))
        parser.add_argument("--other-org", help=_("tổ chức liên quan đúng"))
        parser.add_argument("--detail", help=_("chi tiết đúng"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["person"]:
            self.correct_person(options)
            return
        if not options["uid"]:
            raise CommandError(_("Cần mã (uid) của sự kiện, hoặc --person"))
        from partyorg.members.models import MembershipEvent
        from partyorg.members.services import EventRefused, correct_event, void_event
        from partyorg.rules.base import RuleViolation

        wrong = MembershipEvent.objects.filter(uid=options["uid"]).select_related("person").first()
        if wrong is None:
            raise CommandError(_("Không tìm thấy sự kiện %(uid)s") % {"uid": options["uid"]})
        common = {
            "recorded_by": self.recorded_by(options),
            "legal_basis": self.legal_basis(options),
            "note": options["note"],
        }
        changes: dict[str, Any] = {}
        if options["org"]:
            changes["organization"] = find_org(options["org"])
        if options["other_org"]:
            changes["other_organization"] = find_org(options["other_org"])
        if options["detail"] is not None:
            changes["detail"] = options["detail"]
        try:
            if options["void"]:
                event = void_event(wrong, **common)
            else:
                event = correct_event(wrong, effective_on=options["on"], **common, **changes)
        except (RuleViolation, EventRefused) as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None
        self.stdout.write(_("Đã ghi sự kiện sửa %(uid)s") % {"uid": event.uid})

    def correct_person(self, options: dict[str, Any]) -> None:
        """A person's attributes recorded wrong, corrected as a row that keeps them
        (:func:`partyorg.members.services.correct_person`)."""
        from django.db import models

        from partyorg.members.models import Person
        from partyorg.members.services import PERSON_ATTRIBUTES, PersonRefused, correct_person

        person = find_person(options["person"])
        changes: dict[str, Any] = {}
        for pair in options["set"]:
            name, sep, value = pair.partition("=")
            if not sep or name not in PERSON_ATTRIBUTES:
                raise CommandError(
                    _("--set cần TRƯỜNG=GIÁ_TRỊ, TRƯỜNG là một trong: %(fields)s")
                    % {"fields": ", ".join(PERSON_ATTRIBUTES)}
                )
            field = Person._meta.get_field(name)
            if isinstance(field, models.DateField):
                try:
                    changes[name] = parse_date(value)
                except ValueRefused as refused:
                    option = _("Tùy chọn %(option)s") % {"option": f"--set {name}"}
                    raise CommandError(f"{option}: {refused}") from None
            elif isinstance(field, models.BooleanField):
                changes[name] = value.strip().lower() in ("1", "co", "có", "true", "yes")
            else:
                changes[name] = value.strip()
        if not changes:
            raise CommandError(_("Cần ít nhất một --set TRƯỜNG=GIÁ_TRỊ"))
        try:
            done = correct_person(
                person,
                changes,
                recorded_by=self.recorded_by(options),
                legal_basis=self.legal_basis(options),
                note=options["note"],
            )
        except PersonRefused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None
        self.stdout.write(
            _("Đã sửa thông tin của %(code)s: %(fields)s")
            % {"code": person.code, "fields": ", ".join(done.changes)}
        )
