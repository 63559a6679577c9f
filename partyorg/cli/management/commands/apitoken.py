from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand


def _moment(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "–"


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Mã truy cập API cho hệ thống khác: tạo (mã chỉ hiện một lần), thu hồi, liệt kê. "
            "Hệ thống dùng mã thấy đúng phạm vi của người dùng được cấp mã."
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument(
            "target",
            nargs="?",
            help=_("tên đăng nhập (create, list), hoặc số hiệu của mã cần thu hồi (revoke)"),
        )
        parser.add_argument("--name", default="", help=_("tên hệ thống giữ mã (create)"))

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, options["action"])(options)

    def create(self, options: dict[str, Any]) -> None:
        from django.contrib.auth import get_user_model

        from partyorg.api.tokens import issue_token

        if not options["target"]:
            raise CommandError(_("Thiếu tên đăng nhập"))
        if not options["name"].strip():
            raise CommandError(_("Thiếu --name (tên hệ thống giữ mã)"))
        user = get_user_model().objects.filter(username=options["target"]).first()
        if user is None:
            raise CommandError(_("Không có người dùng %(name)s") % {"name": options["target"]})
        row, token = issue_token(user, options["name"].strip())
        self.stdout.write(
            _("Đã tạo mã số %(id)s «%(name)s» cho %(user)s. Mã chỉ hiện một lần này, hãy lưu lại:")
            % {"id": row.pk, "name": row.name, "user": user}
        )
        self.stdout.write(token)

    def revoke(self, options: dict[str, Any]) -> None:
        from partyorg.api.models import ApiToken
        from partyorg.api.tokens import revoke_token

        target = options["target"] or ""
        row = ApiToken.objects.filter(pk=int(target)).first() if target.isdigit() else None
        if row is None:
            raise CommandError(_("Không có mã số %(id)s") % {"id": target})
        revoke_token(row)
        self.stdout.write(
            _("Đã thu hồi mã số %(id)s «%(name)s» từ %(at)s")
            % {"id": row.pk, "name": row.name, "at": _moment(row.revoked_at)}
        )

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.api.models import ApiToken

        rows = ApiToken.objects.select_related("user").order_by("pk")
        if options["target"]:
            rows = rows.filter(user__username=options["target"])
        for row in rows:
            state = (
                _("thu hồi %(at)s") % {"at": _moment(row.revoked_at)} if row.revoked_at else _("đang dùng")
            )
            self.stdout.write(
                f"{row.pk:>4}  {row.user}  «{row.name}»  "
                + _("tạo %(created)s, dùng lần cuối %(used)s, %(state)s")
                % {"created": _moment(row.created_at), "used": _moment(row.last_used_at), "state": state}
            )
