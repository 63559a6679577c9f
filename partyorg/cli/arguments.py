"""What an officer types after a command, read the Vietnamese way and refused in Vietnamese.

The value types (``type=`` of ``parser.add_argument``): :func:`day` (``30/06/2017``), :func:`month`
(``06/2017``), :func:`count` (``29.738``: the dot groups thousands), :func:`amount` (``3.500.000 đ``).
A bad value raises :class:`ValueRefused`, a message naming the value as typed; :class:`OfficerParser`
adds the option's name to it (``Tùy chọn --on: …``).

Every command's parser is an :class:`OfficerParser` (``TranslatedCommand.create_parser``): argparse
words its own refusals in English (``invalid int value``, ``the following arguments are
required``); this parser words them in Vietnamese, and a command run from the shell then exits 2
with the message alone, a command run by ``call_command`` raises ``CommandError`` with it.
"""

from __future__ import annotations

import re
from argparse import Action, ArgumentError, ArgumentTypeError
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from partyorg.core.forms import parse_amount, parse_month

__all__ = ["OfficerParser", "ValueRefused", "amount", "count", "day", "month"]


class ValueRefused(ArgumentTypeError, CommandError):
    """A typed value that is not what was asked for; the message quotes the value as typed.

    An ``ArgumentTypeError`` for argparse (a value type) and a ``CommandError`` for a command's own
    code (``correct --set birth_date=…`` reads a date outside the parser)."""


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COUNT = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")


def day(text: str) -> date:
    """``30/06/2017`` (also ``30/6/2017`` and ISO ``2017-06-30``)."""
    written = text.strip()
    if found := _DMY.fullmatch(written):
        d, m, y = (int(g) for g in found.groups())
    elif found := _YMD.fullmatch(written):
        y, m, d = (int(g) for g in found.groups())
    else:
        raise ValueRefused(_("“%(text)s” không phải là ngày dạng DD/MM/YYYY") % {"text": text})
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueRefused(
            _("“%(text)s” không phải là ngày có thật (dạng DD/MM/YYYY)") % {"text": text}
        ) from None


def month(text: str) -> date:
    """``06/2017`` (also ``6/2017``, ``2017-06``, or any day of the month): its first day."""
    first = parse_month(text)
    if first is not None:
        return first
    try:
        return day(text).replace(day=1)
    except ValueRefused:
        raise ValueRefused(_("“%(text)s” không phải là tháng dạng MM/YYYY") % {"text": text}) from None


def count(text: str) -> int:
    """A whole number, not negative: ``29738`` or ``29.738`` (the dot groups thousands, as in
    ``35.676`` đảng viên); ``29,7`` is refused (the comma is the decimal sign)."""
    written = text.strip()
    if _COUNT.fullmatch(written):
        return int(written.replace(".", ""))
    raise ValueRefused(
        _("“%(text)s” không phải là số nguyên không âm (ví dụ 1072 hoặc 1.072)") % {"text": text}
    )


def amount(text: str) -> int:
    """An amount in đồng: ``3500000``, ``3.500.000`` or ``3.500.000 đ`` (core.forms.parse_amount)."""
    found = parse_amount(text)
    if found is None:
        raise ValueRefused(_("“%(text)s” không phải là số tiền (đồng), ví dụ 3.500.000") % {"text": text})
    return found


# argparse's own refusals (Python 3.11, Lib/argparse.py) as it words them, and in Vietnamese. Only
# the worded message reaches the parser's error(), so it is read back here. A value refused by its
# type or its choices never comes here: OfficerParser words that itself.
_Wording = Callable[[dict[str, str]], str]
_OF_PARSER: list[tuple[re.Pattern[str], _Wording]] = [
    (
        re.compile(r"the following arguments are required: (?P<names>.*)"),
        lambda m: _("Thiếu tham số bắt buộc: %(names)s") % m,
    ),
    (
        re.compile(r"one of the arguments (?P<names>.*) is required"),
        lambda m: _("Cần một trong các tùy chọn %(names)s") % m,
    ),
    (
        re.compile(r"unrecognized arguments: (?P<words>.*)"),
        lambda m: _("Không hiểu: %(words)s (lệnh này không có tùy chọn hay tham số đó)") % m,
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)"),
        lambda m: _("Tùy chọn %(option)s chưa rõ: có thể là %(matches)s") % m,
    ),
]
# "argument --on: expected one argument": the second part, once the argument is named (``what``).
_NAMED = re.compile(r"argument (?P<name>.+?): (?P<message>.*)", re.DOTALL)
_OF_ARGUMENT: list[tuple[re.Pattern[str], _Wording]] = [
    (re.compile(r"expected one argument"), lambda m: _("%(what)s cần một giá trị") % m),
    (re.compile(r"expected at most one argument"), lambda m: _("%(what)s nhận nhiều nhất một giá trị") % m),
    (re.compile(r"expected at least one argument"), lambda m: _("%(what)s cần ít nhất một giá trị") % m),
    (re.compile(r"expected (?P<n>\d+) arguments?"), lambda m: _("%(what)s cần %(n)s giá trị") % m),
    (
        re.compile(r"ignored explicit argument (?P<value>.*)"),
        lambda m: _("%(what)s không nhận giá trị (đã gõ %(value)s)") % m,
    ),
    (
        re.compile(r"not allowed with argument (?P<other>.*)"),
        lambda m: _("%(what)s không dùng cùng %(other)s được") % m,
    ),
]


def _named(name: str) -> str:
    """``Tùy chọn --on`` or ``Tham số code``, from the name argparse gives an argument."""
    if name.startswith("-"):
        return _("Tùy chọn %(option)s") % {"option": name}
    return _("Tham số %(name)s") % {"name": name}


def in_vietnamese(message: str) -> str:
    """argparse's refusal ``message`` in Vietnamese; one this table does not know stays as it is,
    after the Vietnamese name of its argument."""
    table, fields = _OF_PARSER, {}
    if named := _NAMED.fullmatch(message):
        table, fields, message = _OF_ARGUMENT, {"what": _named(named["name"])}, named["message"]
    for pattern, wording in table:
        if found := pattern.fullmatch(message):
            return wording({**fields, **found.groupdict()})
    return f"{fields['what']}: {message}" if fields else message


def _argument_name(action: Action) -> str:
    """``Tùy chọn --on`` or ``Tham số code``: how a refusal names what the officer typed."""
    return _named("/".join(action.option_strings) or str(action.metavar or action.dest))


def _choices(values: Iterable[Any]) -> str:
    return ", ".join(str(value) for value in values)


class OfficerParser(CommandParser):
    """Django's command parser, refusing in Vietnamese (see the module's docstring)."""

    def _get_value(self, action: Action, arg_string: str) -> Any:
        """The value typed, converted by the option's type; a value the type refuses is refused
        naming the option and the value as typed."""
        convert = self._registry_get("type", action.type, action.type)
        if not callable(convert):
            return super()._get_value(action, arg_string)  # not callable: argparse says so
        try:
            return convert(arg_string)
        except (ArgumentTypeError, CommandError) as refused:
            problem = str(refused)
        except (TypeError, ValueError):
            wanted = _("số nguyên") if convert is int else _("giá trị đúng dạng")
            problem = _("“%(text)s” không phải là %(wanted)s") % {"text": arg_string, "wanted": wanted}
        raise ArgumentError(None, f"{_argument_name(action)}: {problem}")

    def _check_value(self, action: Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            problem = _("“%(value)s” không phải là một trong: %(choices)s") % {
                "value": value,
                "choices": _choices(action.choices),
            }
            raise ArgumentError(None, f"{_argument_name(action)}: {problem}")

    def error(self, message: str) -> NoReturn:
        """From the shell: the message in Vietnamese on stderr, where to read the options, exit 2.
        From ``call_command``: ``CommandError`` with the message (Django's has "Error: " before)."""
        message = in_vietnamese(message)
        if self.called_from_command_line:
            self.exit(2, message + "\n" + _("Xem các tùy chọn: %(prog)s --help") % {"prog": self.prog} + "\n")
        raise CommandError(message)
