"""The ``partyorg`` command: the Django management commands an officer uses, with a help page of
their own (Vietnamese; ``--lang en`` or ``PARTYORG_LANG=en`` for English).

Any other Django command (``migrate``, ``runserver``, ``createsuperuser``) passes through.
"""

from __future__ import annotations

import os
import sys

# The officer's commands, in the order the help page lists them.
COMMANDS = [
    "demo",
    "generate",
    "import",
    "export",
    "template",
    "person",
    "fact",
    "org",
    "record",
    "correct",
    "orgchange",
    "rebuild",
    "stats",
    "figure",
    "report",
    "sent",
    "candidate",
    "congress",
    "position",
    "meeting",
    "residence",
    "rating",
    "discipline",
    "card",
    "dues",
    "cadres",
    "backup",
    "restore",
    "serve",
    "worker",
    "otp",
]


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if "--lang" in argv:
        at = argv.index("--lang")
        os.environ["PARTYORG_LANG"] = argv[at + 1] if at + 1 < len(argv) else "vi"
        del argv[at : at + 2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line
    from django.utils import translation

    translation.activate(os.environ.get("PARTYORG_LANG", "vi"))
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        print_help()
        return
    refuse_unknown(argv[1])
    try:
        execute_from_command_line(["partyorg", *argv[1:]])
    except BrokenPipeError:  # `partyorg org … --tree | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


def refuse_unknown(name: str) -> None:
    """A command that does not exist is refused in Vietnamese, with the officer's commands its name
    is close to (Django says it in English: "Unknown command: …"); exit status 1."""
    import difflib

    from django.core.management import get_commands
    from django.utils.translation import gettext as _

    if name in get_commands():
        return
    close = difflib.get_close_matches(name, COMMANDS)
    message = _("Không có lệnh %(name)s.") % {"name": name}
    if close:
        message += " " + _("Có phải là: %(names)s?") % {"names": ", ".join(close)}
    sys.stderr.write(message + "\n" + _("Xem các lệnh: partyorg --help") + "\n")
    sys.exit(1)


def print_help() -> None:
    from django.core.management import get_commands, load_command_class
    from django.utils.translation import gettext as _

    apps = get_commands()  # command name → the app that provides it

    print(_("partyorg — hồ sơ và thống kê công tác tổ chức xây dựng Đảng"))
    print()
    print(_("Cách dùng: partyorg <lệnh> [tùy chọn]   (partyorg <lệnh> --help để xem chi tiết)"))
    print()
    print(_("Các lệnh:"))
    for name in COMMANDS:
        command = load_command_class(apps[name], name)
        print(f"  {name:<10} {command.help}")
    print()
    print(_("Các lệnh của Django (migrate, runserver, …) cũng dùng được."))
    print(_("Tiếng Anh: thêm --lang en."))
