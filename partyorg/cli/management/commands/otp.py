from __future__ import annotations

import getpass
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Xác thực hai lớp: xóa mọi thiết bị của một người dùng (mất điện thoại), để lần đăng nhập "
            "sau họ thiết lập lại; việc xóa được ghi vào nhật ký xác thực hai lớp."
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reset"])
        parser.add_argument("username", help=_("tên đăng nhập"))
        parser.add_argument("--by", default="", help=_("người làm (mặc định: tên đăng nhập hệ điều hành)"))

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        from partyorg.accounts.otp import reset

        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("Không có người dùng %(name)s") % {"name": options["username"]})
        removed = reset(user, str(options["by"] or getpass.getuser()))
        if removed:
            self.stdout.write(
                _(
                    "Đã xóa %(n)s thiết bị xác thực của %(user)s (ứng dụng và mã dự phòng). "
                    "Lần đăng nhập sau, họ thiết lập lại nếu cần."
                )
                % {"n": removed, "user": user.get_username()}
            )
        else:
            self.stdout.write(
                _("%(user)s không có thiết bị xác thực nào; đã ghi lại lần xóa.")
                % {"user": user.get_username()}
            )
