"""``partyorg serve``: partyorg in production, under gunicorn (docs/deployment.md).

The command checks what it can before the server starts, and says it in Vietnamese instead of a
traceback: a secret key (debug is off), a database that answers, and no migration pending. Then it
replaces itself with gunicorn (``exec``: the process keeps its id, so systemd's or a terminal's
signals reach gunicorn's master itself), started with ``PARTYORG_DEBUG=0`` unless debug was asked
for, and with the defaults of a province's server (:func:`gunicorn_command`).

It does not migrate. Upgrading the database is a step of its own, taken once, after a backup
(``partyorg backup``, then ``partyorg migrate``): a migration started by every server start would
run with no backup before it, would run twice when two servers start together, and a long one on a
province's data would hold the server's start past systemd's patience.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any, cast

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import TranslatedCommand
from partyorg.core.formats import vn_number

DEFAULT_BIND = "127.0.0.1:8000"
# A form's post waits up to 20 s for SQLite's write lock (settings: "timeout"), and a province's
# report or export takes tens of seconds to build: gunicorn's own 30 s would kill the worker
# in the middle of it.
DEFAULT_TIMEOUT = 120
# gunicorn's rule of thumb (2 × cores + 1), capped: each worker holds a copy of partyorg in memory,
# and on SQLite the writes queue for one lock whatever the number of workers.
MAX_DEFAULT_WORKERS = 8
# gunicorn's default access line, with the time the answer took.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def default_workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def gunicorn_command(bind: str, workers: int, timeout: int) -> list[str]:
    """gunicorn's command line: partyorg's WSGI application loaded once in the master before the
    workers are forked (``--preload``: one start-up, the objects frozen by
    partyorg.core.runtime.settle are shared by the workers), sync workers, the access log on
    stdout and gunicorn's own log on stderr, no control socket (nothing written in $HOME).
    Anything else of gunicorn's is set with ``GUNICORN_CMD_ARGS`` (docs/deployment.md)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "partyorg.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--preload",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--error-logfile",
        "-",
        "--no-control-socket",
        "--name",
        "partyorg",
    ]


def debug_asked() -> bool:
    return os.environ.get("PARTYORG_DEBUG", "").lower() in {"1", "true", "yes", "on"}


class Command(TranslatedCommand):
    """Not an OfficerCommand: it never migrates (see the module's note)."""

    help = cast(
        str,
        gettext_lazy(
            "Chạy partyorg để dùng thật (production) bằng máy chủ gunicorn, tắt chế độ gỡ lỗi;"
            " cần biến môi trường PARTYORG_SECRET_KEY. Lệnh không tự chạy migrate: khi cơ sở dữ liệu"
            " còn migration chưa áp dụng, lệnh từ chối — nâng cấp cơ sở dữ liệu là một bước riêng,"
            " làm một lần sau khi sao lưu (partyorg backup, rồi partyorg migrate), không chạy lại mỗi"
            " lần khởi động, không chạy hai lần khi hai máy chủ cùng khởi động. gunicorn không chạy"
            " trên Windows: ở đó dùng granian (xem docs/deployment.md)."
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=DEFAULT_BIND,
            help=_(
                "địa chỉ nghe, HOST:CỔNG hoặc unix:ĐƯỜNG_DẪN (mặc định %(bind)s: chỉ máy này,"
                " đặt sau nginx hoặc máy chủ web khác lo HTTPS)"
            )
            % {"bind": DEFAULT_BIND},
        )
        parser.add_argument(
            "--workers",
            type=count,
            default=None,
            help=_("số tiến trình phục vụ (mặc định 2 × số lõi + 1, tối đa %(max)s; máy này: %(here)s)")
            % {"max": MAX_DEFAULT_WORKERS, "here": default_workers()},
        )
        parser.add_argument(
            "--timeout",
            type=count,
            default=DEFAULT_TIMEOUT,
            help=_("số giây tối đa cho một yêu cầu trước khi tiến trình bị khởi động lại (mặc định %(s)s)")
            % {"s": DEFAULT_TIMEOUT},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if os.name == "nt":
            raise CommandError(
                _(
                    "gunicorn không chạy trên Windows. Trên Windows, chạy partyorg bằng granian"
                    " (pip install granian; granian --interface wsgi partyorg.wsgi:application),"
                    " xem docs/deployment.md."
                )
            )
        if importlib.util.find_spec("gunicorn") is None:
            raise CommandError(_("Chưa cài gunicorn: pip install 'gunicorn>=27,<28'"))
        workers = default_workers() if options["workers"] is None else options["workers"]
        if workers < 1 or options["timeout"] < 1:
            raise CommandError(_("Số tiến trình và số giây phải lớn hơn 0."))
        self.check_secret_key()
        self.check_database()

        argv = gunicorn_command(options["bind"], workers, options["timeout"])
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partyorg.settings"}
        if debug_asked():
            self.stderr.write(
                _(
                    "Cảnh báo: PARTYORG_DEBUG đang bật — trang lỗi sẽ hiện chi tiết bên trong của"
                    " partyorg. Không dùng như vậy khi triển khai."
                )
            )
        else:
            env["PARTYORG_DEBUG"] = "0"
        if not settings.LOG_JSON:
            self.stdout.write(
                _("partyorg chạy bằng gunicorn, %(workers)s tiến trình, tại %(bind)s (Ctrl+C để dừng).")
                % {"workers": workers, "bind": options["bind"]}
            )
        self.stdout.flush()
        self.stderr.flush()
        connections.close_all()
        os.execve(sys.executable, argv, env)

    def check_secret_key(self) -> None:
        if os.environ.get("PARTYORG_SECRET_KEY") or settings.DEMO or debug_asked():
            return
        raise CommandError(
            _(
                "Chưa đặt biến môi trường PARTYORG_SECRET_KEY. Khi dùng thật, partyorg tắt chế độ gỡ"
                " lỗi và ký phiên đăng nhập bằng một khóa bí mật của riêng máy chủ này: giữ kín,"
                " không đổi giữa các lần chạy (đổi khóa thì mọi người phải đăng nhập lại). Tạo một"
                " khóa:\n"
                '  python3 -c "import secrets; print(secrets.token_urlsafe(64))"\n'
                "rồi đặt vào PARTYORG_SECRET_KEY (ví dụ trong tệp EnvironmentFile của systemd,"
                " xem docs/deployment.md)."
            )
        )

    def check_database(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            if not MigrationRecorder(connection).has_table():
                raise CommandError(_("Cơ sở dữ liệu chưa có bảng nào. Tạo các bảng trước: partyorg migrate"))
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise CommandError(
                _("Không kết nối được cơ sở dữ liệu (DATABASE_URL): %(error)s") % {"error": error}
            ) from None
        if plan:
            first = plan[0][0]
            raise CommandError(
                _(
                    "Cơ sở dữ liệu còn %(count)s migration chưa áp dụng (đầu tiên: %(app)s"
                    " %(name)s). Sao lưu rồi nâng cấp trước:\n"
                    "  partyorg backup TỆP_SAO_LƯU.zip\n"
                    "  partyorg migrate\n"
                    "(partyorg serve không tự chạy migrate: xem partyorg serve --help.)"
                )
                % {"count": vn_number(len(plan)), "app": first.app_label, "name": first.name}
            )
