"""The ``partyorg`` command: the Django management commands an officer uses, with a help page of
their own (Vietnamese; ``--lang en`` or ``PARTYORG_LANG=en`` for English).

Any other Django command (``migrate``, ``runserver``, ``createsuperuser``) passes through.

The help page starts without Django: it reads each command's ``help`` from its module's source and
translates it with the project's catalog, so ``partyorg --help`` answers in a few tens of
milliseconds instead of setting up Django and importing every command with what it imports
(openpyxl, the import jobs, the rules: over a second). A command imports its own modules when it runs.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import sys
from pathlib import Path

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
    "paper",
    "dues",
    "cadres",
    "backup",
    "restore",
    "partition",
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
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        try:
            print_help(os.environ.get("PARTYORG_LANG", "vi"))
        except BrokenPipeError:  # `partyorg --help | head`
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line
    from django.utils import translation

    translation.activate(os.environ.get("PARTYORG_LANG", "vi"))
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


PACKAGE = Path(__file__).resolve().parent.parent
# ``help = cast(str, gettext_lazy("…" "…"))`` in a command's class: its literal pieces (and any
# comment after one) in group 1.
HELP = re.compile(
    r'^    help = (?:cast\(\s*str,\s*)?(?:gettext_lazy|_)\(\s*((?:"(?:[^"\\]|\\.)*"(?:\s*#[^\n]*)?\s*)+)\)',
    re.M,
)


def command_help(name: str) -> str:
    """The untranslated ``help`` of the officer's command ``name``, read from its module's source
    (``partyorg/<app>/management/commands/<name>.py``) without importing it; "" when not found."""
    for path in sorted(PACKAGE.glob(f"*/management/commands/{name}.py")):
        found = HELP.search(path.read_text(encoding="utf-8"))
        if found:
            return str(ast.literal_eval(f"({found.group(1)}\n)"))
    return ""


def print_help(language: str = "vi") -> None:
    """The officer's commands with what each does, in ``language`` (the project's own catalog,
    ``partyorg/locale``; Vietnamese is the source language)."""
    catalog = gettext.translation("django", PACKAGE / "locale", languages=[language], fallback=True)
    _ = catalog.gettext

    print(_("partyorg — hồ sơ và thống kê công tác tổ chức xây dựng Đảng"))
    print()
    print(_("Cách dùng: partyorg <lệnh> [tùy chọn]   (partyorg <lệnh> --help để xem chi tiết)"))
    print()
    print(_("Các lệnh:"))
    for name in COMMANDS:
        text = command_help(name)
        print(f"  {name:<10} {_(text) if text else ''}")
    print()
    print(_("Các lệnh của Django (migrate, runserver, …) cũng dùng được."))
    print(_("Tiếng Anh: thêm --lang en."))
