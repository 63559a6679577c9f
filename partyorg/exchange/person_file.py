"""One person's data, for that person (Decree 13/2023/NĐ-CP on personal data, Điều 14: the data
subject may ask for their data): a workbook of everything partyorg holds about one person, as
people read it, not as the interchange file loads it.

- "Hồ sơ": the file's title and its stamp line (who made it, when, from where, the maker's
  scope), the person's profile (every field of ``Person``) and their state today (status,
  organization, party age);
- then one sheet a kind of record that names the person (the kinds without any listed on the
  first sheet) (``person``), in the order the apps are
  installed: the membership events with their legal basis, the dated facts and corrections, the
  temporary placements, the candidate steps, the ratings, the meetings' attendance, the dues'
  bases, reliefs and payments, discipline and commendations, the party cards, the committee
  positions, the papers, and (when the maker reaches the person's cadre file, or from the command
  line) the cadre records: every column with its Vietnamese name, choices as their labels, dates
  as dd/mm/yyyy, an organization as its name and code;
- last, the sheet "Thông tin xuất" with the stamp (:mod:`partyorg.accounts.stamps`).

The tables kept only to count faster (:data:`DERIVED`: rebuilt from the records above at any time)
and the read log are left out. A test holds every table that names a person to being exported or
listed here, so that a new app's records are not silently missed.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from partyorg.accounts.stamps import Stamp, stamp_workbook
from partyorg.cadres.models import Unit
from partyorg.cadres.queries import units_on
from partyorg.core.formats import vn_date
from partyorg.members.models import Person
from partyorg.members.queries import person_on
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import display_names

__all__ = ["CADRE_APP", "DERIVED", "LEFT_OUT", "person_tables", "write_person_file"]

# Derived tables: rebuilt from the records that are exported, kept only to count faster.
DERIVED = frozenset(
    {
        "members.MembershipInterval",
        "members.PersonFactPeriod",
        "members.StockFact",
        "ratings.MemberRatingLine",
        "dues.DuesMonth",
    }
)
# Not the person's records: who read them (shown to the province's administrators).
LEFT_OUT = frozenset({"accounts.ReadEntry"})
CADRE_APP = "cadres"
HIDDEN_FIELDS = frozenset({"id", "person", "search_key"})
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
# Column names for the fields the models leave unnamed (Django's default: the field's name) or
# name only within their form ("lý do").
LABELS = {
    "uid": gettext_lazy("Mã bản ghi"),
    "organization": gettext_lazy("Tổ chức đảng"),
    "other_organization": gettext_lazy("Tổ chức đảng kia"),
    "residence_organization": gettext_lazy("Tổ chức đảng nơi cư trú"),
    "corrects": gettext_lazy("Sửa cho bản ghi"),
    "org_change": gettext_lazy("Thay đổi tổ chức"),
    "locality": gettext_lazy("Địa bàn"),
    "external_place": gettext_lazy("Nơi ngoài hệ thống"),
    "valid_from": gettext_lazy("Từ ngày"),
    "valid_until": gettext_lazy("Đến trước ngày"),
    "candidate": gettext_lazy("Quần chúng ưu tú"),
    "membership_event": gettext_lazy("Sự kiện đảng viên"),
    "cycle": gettext_lazy("Kỳ xếp loại"),
    "event": gettext_lazy("Sự kiện"),
    "meeting": gettext_lazy("Cuộc họp"),
    "decided_by": gettext_lazy("Cấp quyết định"),
    "congress": gettext_lazy("Đại hội"),
    "ends": gettext_lazy("Kết thúc bản ghi"),
    "override_reason": gettext_lazy("Lý do vượt qua quy định"),
    "unit": gettext_lazy("Cơ quan, đơn vị"),
    "department": gettext_lazy("Phòng, ban"),
    "managed_by": gettext_lazy("Cấp quản lý"),
    "post": gettext_lazy("Chức vụ"),
    "issuer": gettext_lazy("Nơi cấp"),
}
# Names for the models that leave theirs unnamed.
MODEL_LABELS = {"members.TemporaryPlacement": gettext_lazy("Nơi sinh hoạt tạm thời")}
# Columns about the record rather than the fact (its basis, who recorded it and when), put last.
LAST = (
    "note",
    "override_rule",
    "override_reason",
    "withdrawn",
    "corrects",
    "basis_number",
    "basis_date",
    "basis_issuer",
    "recorded_at",
    "recorded_by",
    "uid",
)


def person_tables(*, with_cadres: bool) -> list[type[models.Model]]:
    """The models whose rows name a person by their field ``person``, less the derived ones and
    the read log; the cadres app's only ``with_cadres``."""
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if label in DERIVED or label in LEFT_OUT:
            continue
        if model._meta.app_label == CADRE_APP and not with_cadres:
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "person"), None)
        if field is not None and field.related_model is Person:
            found.append(model)
    return found


class _Shown:
    """Values as people read them; organizations by name (as they stand today) and code."""

    def __init__(self) -> None:
        self.orgs: dict[int, str] = {}
        self._units: dict[int, str] | None = None

    def unit(self, pk: int, code: str) -> str:
        """A cadre unit by its name (as it stands today) and code."""
        if self._units is None:
            self._units = units_on(timezone.localdate())
        name = self._units.get(pk, "")
        return f"{name} ({code})" if name else code

    def organizations(self, ids: set[int]) -> None:
        missing = ids - set(self.orgs)
        if not missing:
            return
        names = display_names(missing, timezone.localdate())
        codes = dict(Organization.objects.filter(pk__in=missing).values_list("pk", "code"))
        for pk in missing:
            name, code = names.get(pk, ""), codes.get(pk, "")
            self.orgs[pk] = f"{name} ({code})" if name else code

    def value(self, row: models.Model, field: models.Field[Any, Any]) -> object:
        if field.is_relation:
            pk = getattr(row, field.attname)
            if pk is None:
                return ""
            if field.related_model is Organization:
                self.organizations({pk})
                return self.orgs[pk]
            related = getattr(row, field.name)
            if field.related_model is Unit:
                return self.unit(pk, related.code)
            return str(related)
        value = getattr(row, field.attname)
        if field.choices and value not in (None, ""):
            return str(getattr(row, f"get_{field.name}_display")())
        return _cell(value)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return vn_date(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def _printable(ws: Any, title_rows: str = "1:2") -> None:
    """Printed on A4 landscape, as wide as the page, the header repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows


def _model_label(model: type[models.Model]) -> str:
    name = str(MODEL_LABELS.get(model._meta.label, model._meta.verbose_name))
    return name[:1].upper() + name[1:]


def _sheet_name(model: type[models.Model], taken: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub(" ", _model_label(model))[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns: the record's own fields first, then its legal basis and recording."""
    fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
    return sorted(fields, key=lambda f: LAST.index(f.name) + 1 if f.name in LAST else 0)


def _label(field: models.Field[Any, Any]) -> str:
    name = str(field.verbose_name)
    if field.name in LABELS:
        name = str(LABELS[field.name])
    return name[:1].upper() + name[1:]


def _order(model: type[models.Model]) -> list[str]:
    names = {f.name for f in model._meta.concrete_fields}
    for first in ("effective_on", "valid_from", "on", "year", "month", "recorded_at"):
        if first in names:
            return [first, "pk"]
    return ["pk"]


def _profile(person: Person, shown: _Shown) -> Iterator[tuple[str, object]]:
    for field in _fields(Person):
        yield _label(field), shown.value(person, field)
    today = timezone.localdate()
    state = person_on(person, today)
    age = state.party_age
    yield _("Tình trạng hôm nay (%(day)s)") % {"day": vn_date(today)}, state.status_label
    yield _("Tổ chức đảng hôm nay"), state.organization.name if state.organization else ""
    if age:
        yield (
            _("Tuổi đảng hôm nay"),
            _("%(y)s năm %(m)s tháng %(d)s ngày") % {"y": age.years, "m": age.months, "d": age.days},
        )


def write_person_file(person: Person, path: Path, stamp: Stamp, *, with_cadres: bool) -> dict[str, int]:
    """Write the workbook of ``person`` to ``path`` (.xlsx); return the rows written by sheet."""
    shown = _Shown()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    title = _("Dữ liệu partyorg lưu về %(name)s (%(code)s)") % {"name": person.full_name, "code": person.code}
    ws.title = _("Hồ sơ")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 70
    ws.append([title])
    ws["A1"].font = _TITLE
    _printable(ws, title_rows="")
    ws.append([stamp.line()])
    ws.append([])
    for label, value in _profile(person, shown):
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = _BOLD
    counts: dict[str, int] = {}
    empty: list[str] = []
    taken = {ws.title.lower(), _("Thông tin xuất").lower()}
    for model in person_tables(with_cadres=with_cadres):
        rows = list(model._default_manager.filter(person=person).order_by(*_order(model)))
        fields = _fields(model)
        shown.organizations(
            {
                getattr(r, f.attname)
                for r in rows
                for f in fields
                if f.is_relation and f.related_model is Organization and getattr(r, f.attname)
            }
        )
        if not rows:
            empty.append(_model_label(model))
            continue
        values = [[shown.value(row, f) for f in fields] for row in rows]
        # Columns empty in every row (a correction's columns on records never corrected) are left
        # out, so that the sheet fits a page.
        kept = [i for i in range(len(fields)) if any(v not in ("", None) for v in (r[i] for r in values))]
        sheet = wb.create_sheet(_sheet_name(model, taken))
        sheet.append([stamp.line()])
        sheet.append([_label(fields[i]) for i in kept])
        for cell in sheet[2]:
            cell.font = _BOLD
            cell.alignment = _WRAP
        for n, i in enumerate(kept, start=1):
            longest = max((len(str(r[i])) for r in values), default=0)
            width = max(10, min(50, max(longest, len(_label(fields[i])) // 2) + 2))
            sheet.column_dimensions[sheet.cell(2, n).column_letter].width = width
        for row_values in values:
            sheet.append([row_values[i] for i in kept])
        sheet.row_dimensions[2].height = 32  # a header of two lines
        sheet.freeze_panes = "A3"
        _printable(sheet)
        counts[sheet.title] = len(rows)
    if empty:
        ws.append([])
        ws.append([_("Không có bản ghi nào về người này"), "; ".join(empty)])
        ws.cell(ws.max_row, 1).font = _BOLD
        ws.cell(ws.max_row, 2).alignment = _WRAP
    stamp_workbook(wb, stamp, title=title)
    wb.save(path)
    return counts
