from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from datetime import timedelta
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand
from partyorg.cli.reporting import print_load_report
from partyorg.core.formats import vn_number


class Command(OfficerCommand):
    help = cast(str, gettext_lazy("Dựng tỉnh mẫu Điện Biên (nếu cơ sở dữ liệu còn trống) rồi chạy ứng dụng"))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help=_("chỉ dựng dữ liệu, không chạy máy chủ"))
        parser.add_argument("--addr", default="127.0.0.1", help=_("địa chỉ máy chủ"))
        parser.add_argument("--port", type=count, default=8000, help=_("cổng máy chủ"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.demo import dienbien_province
        from partyorg.demo.accounts import ensure_demo_users
        from partyorg.demo.work import populate as yearly_work
        from partyorg.exchange.load import load
        from partyorg.members.models import Person

        if Person.objects.exists():
            self.stdout.write(_("Cơ sở dữ liệu đã có dữ liệu; dùng lại."))
        else:
            self.stdout.write(_("Đang dựng tỉnh mẫu: Đảng bộ tỉnh Điện Biên 2010–2026…"))
            day = timezone.localdate()  # the records run up to the day before, the yearly work too
            report = load((None, r) for r in dienbien_province(until=day - timedelta(days=1)))
            print_load_report(self.stdout, report, findings=5)
            self.stdout.write(_("Công tác đảng hằng năm của tỉnh mẫu:"))
            for name, counts, seconds in yearly_work(today=day):
                made = ", ".join(f"{what} {vn_number(n)}" for what, n in counts.items() if what != "seconds")
                self.stdout.write(f"  {name}: {made} ({vn_number(seconds, 1)} giây)")
            self.check_seed_figures()
        users = ensure_demo_users()
        if not options["no_serve"]:
            self.stdout.write(
                _(
                    "Máy chủ thử của bản mẫu (máy chủ phát triển của Django, không dùng để triển khai),"
                    " chỉ trên máy này, không hiện chi tiết lỗi."
                )
            )
            self.stdout.write(
                _("Mở trình duyệt: http://%(addr)s:%(port)s/")
                % {"addr": options["addr"], "port": options["port"]}
            )
        for username, password, what in users:
            self.stdout.write(
                _("  Đăng nhập %(user)s / %(password)s — %(what)s")
                % {"user": username, "password": password, "what": what}
            )
        if not options["no_serve"]:
            argv, env = server_command(options["addr"], options["port"])
            self.stdout.flush()
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C stops the server, then this
                subprocess.run(argv, env=env, check=False)

    def check_seed_figures(self) -> None:
        """The seed articles' figures counted from the database just built, each beside the
        article's; a figure that differs stops the command (the demo must reproduce them all)."""
        from partyorg.demo.figures import seed_figures

        self.stdout.write(_("Số liệu của tỉnh mẫu theo hồ sơ, bên cạnh số liệu các bài báo:"))
        figures = seed_figures()
        source = ""
        for figure in figures:
            if figure.source != source:
                source = figure.source
                self.stdout.write(f"  {source}")
            self.stdout.write(
                "    "
                + _("%(what)s: %(counted)s (bài báo: %(stated)s)")
                % {
                    "what": figure.what,
                    "counted": vn_number(figure.counted),
                    "stated": vn_number(figure.stated),
                }
            )
        wrong = [figure for figure in figures if not figure.ok]
        if wrong:
            raise CommandError(
                _("Tỉnh mẫu vừa dựng không khớp %(count)s số liệu của bài báo: %(figures)s.")
                % {
                    "count": len(wrong),
                    "figures": "; ".join(
                        _("%(what)s: theo hồ sơ %(counted)s, bài báo %(stated)s (%(source)s)")
                        % {
                            "what": figure.what,
                            "counted": vn_number(figure.counted),
                            "stated": vn_number(figure.stated),
                            "source": figure.source,
                        }
                        for figure in wrong
                    ),
                }
            )


def server_command(addr: str, port: int) -> tuple[list[str], dict[str, str]]:
    """The demo server: Django's development server in a process of its own started with
    ``PARTYORG_DEMO=1`` (partyorg/settings.py), so debug off (a failure shows partyorg's error
    page, never a traceback or the list of addresses) while it still speaks plain HTTP on this
    machine, serves its static files itself and signs sessions with a key kept beside the database.
    The address given is allowed as a host name beside localhost and 127.0.0.1."""
    env = {**os.environ, "PARTYORG_DEMO": "1", "DJANGO_SETTINGS_MODULE": "partyorg.settings"}
    env.pop("PARTYORG_DEBUG", None)
    hosts = ["localhost", "127.0.0.1"] + ([addr] if addr not in ("localhost", "127.0.0.1") else [])
    env.setdefault("PARTYORG_ALLOWED_HOSTS", ",".join(hosts))
    return [sys.executable, "-m", "django", "runserver", "--noreload", f"{addr}:{port}"], env
