"""Who made an exported file, when, and within which scope (issue 19, "exported files carry who made
them and when"): every file partyorg writes that names people carries its :class:`Stamp`, in the
file's properties (an .xlsx or .docx workbook's author, creation time and description; a JSON
Lines file's header record) and in a line people see (a sheet "Thông tin xuất", a line under the
title). A file found on a shared drive or in an e-mail then says whose it was and from where.

The stamp of a page's download is the signed-in user's, with the organizations they reach; a
``partyorg`` command's is the operating-system user's on the machine, with the whole database.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.organizations.queries import display_names

__all__ = ["STAMP_SHEET", "Stamp", "stamp_file", "stamp_of", "stamp_properties", "stamp_workbook"]

STAMP_SHEET = "Thông tin xuất"


@dataclass(frozen=True)
class Stamp:
    """``by``: the user (username, and their name when known); ``at``: when, aware; ``scope``: the
    records the maker could reach, in words; ``where``: the address or machine it was made from;
    ``what``: the file's subject ("Hồ sơ của Nguyễn Thị Hường (DV001)")."""

    by: str
    at: datetime
    scope: str
    where: str
    what: str = ""

    @property
    def at_text(self) -> str:
        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M:%S}"

    def line(self) -> str:
        """One line people read: "Xuất bởi quantri.tinh (Lò Văn A) lúc 15/06/2026 09:30:00 từ
        127.0.0.1; phạm vi: Tỉnh ủy Hòa Sơn"."""
        return _("Xuất bởi %(by)s lúc %(at)s từ %(where)s; phạm vi: %(scope)s") % {
            "by": self.by,
            "at": self.at_text,
            "where": self.where,
            "scope": self.scope,
        }

    def rows(self) -> list[tuple[str, str]]:
        """The stamp as labelled rows, for a sheet of its own."""
        rows = [(_("Nội dung"), self.what)] if self.what else []
        return [
            *rows,
            (_("Người xuất"), self.by),
            (_("Thời điểm xuất"), self.at_text),
            (_("Xuất từ"), self.where),
            (_("Phạm vi được giao"), self.scope),
            (
                _("Lưu ý"),
                _(
                    "Tệp chứa dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP): chỉ dùng cho công việc được "
                    "giao, không chia sẻ ra ngoài; việc xuất tệp đã được ghi vào nhật ký truy cập."
                ),
            ),
        ]

    def as_json(self) -> dict[str, str]:
        """For a JSON Lines file's header record (the reader ignores keys it does not know)."""
        values = {"by": self.by, "at": timezone.localtime(self.at).isoformat(), "scope": self.scope}
        values["from"] = self.where
        if self.what:
            values["what"] = self.what
        return values


def stamp_of(source: HttpRequest | str, *, what: str = "") -> Stamp:
    """The stamp of a page's download (``source``: its request; the signed-in user, the
    organizations they reach today by name, their address), or of a ``partyorg`` command
    (``source``: its name; the operating-system user, the whole database, the machine)."""
    now = timezone.now()
    if isinstance(source, str):
        return Stamp(
            by=getpass.getuser(),
            at=now,
            scope=_("toàn bộ cơ sở dữ liệu (dòng lệnh partyorg %(command)s)") % {"command": source},
            where=socket.gethostname(),
            what=what,
        )
    user = source.user
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    by = f"{user.get_username()} ({name})" if name else user.get_username()
    where = source.META.get("REMOTE_ADDR") or ""
    return Stamp(by=by, at=now, scope=_scope_text(source), where=where, what=what)


def _scope_text(request: HttpRequest) -> str:
    if getattr(request.user, "is_superuser", False):
        return _("toàn bộ (quản trị hệ thống)")
    scope = getattr(request, "scope", None)
    if scope is None:
        return ""
    today = timezone.localdate()
    grants = scope.grants
    names = display_names(set(grants), today)
    return "; ".join(sorted(names.get(pk, "") for pk in grants if names.get(pk))) or _("không có")


def stamp_properties(wb: Any, stamp: Stamp, *, title: str = "") -> None:
    """An openpyxl workbook's (normal or write-only) properties carry ``stamp``: author, time,
    description (the stamp's line)."""
    wb.properties.creator = stamp.by
    wb.properties.lastModifiedBy = stamp.by
    wb.properties.created = _utc(stamp.at)
    wb.properties.modified = wb.properties.created
    if title:
        wb.properties.title = title
    wb.properties.description = stamp.line()
    wb.properties.keywords = "partyorg"


def stamp_workbook(wb: Any, stamp: Stamp, *, title: str = "") -> None:
    """An openpyxl workbook (normal or write-only) carries ``stamp``: its properties
    (:func:`stamp_properties`) and a last sheet ``STAMP_SHEET`` with the stamp's rows."""
    stamp_properties(wb, stamp, title=title)
    ws = wb.create_sheet(STAMP_SHEET)
    if hasattr(ws, "column_dimensions"):
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 100
    for label, value in stamp.rows():
        ws.append([label, value])


def _utc(at: datetime) -> datetime:
    """The moment as a naive UTC time, as a workbook's and a document's properties keep it."""
    return at.astimezone(UTC).replace(tzinfo=None) if timezone.is_aware(at) else at


def stamp_file(path: Path, stamp: Stamp, *, title: str = "") -> None:
    """Stamp a file already written: an .xlsx gets the workbook's stamp (properties and sheet), a
    .docx its properties and a last paragraph with the stamp's line; a PDF is left as it is (its
    writer puts the line on its pages, when it can)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        stamp_workbook(wb, stamp, title=title)
        wb.save(path)
    elif suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        props = document.core_properties
        props.author = props.last_modified_by = stamp.by
        props.created = props.modified = _utc(stamp.at)
        props.comments = stamp.line()
        if title:
            props.title = title
        document.add_paragraph(stamp.line())
        document.save(str(path))
