"""The English catalogue (partyorg/locale/en/LC_MESSAGES/django.po, msgid Vietnamese, msgstr English):
every entry translated, none left fuzzy, every placeholder kept, and the compiled django.mo made from
this very .po; and the cadre pages read in English once a user chooses it (the header's switch,
test_language.py)."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partyorg import testing
from partyorg.cadres import services
from partyorg.cadres.models import StaffCategory
from partyorg.cadres.tests.cast import BASIS, BY, build, cadre_user

CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
# %(name)s, %(n)d, %s, %d, a literal %%, and str.format's {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%|\{\w*\}")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    """A quoted .po string's text: its escapes (\\n, \\t, \\", \\\\) undone."""
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def entries() -> list[Entry]:
    """The live entries of django.po, read by hand (the header and obsolete #~ entries left out)."""
    found: list[Entry] = []
    current: Entry | None = None
    target = ""
    for number, raw in enumerate((CATALOG / "django.po").read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is None or current.msgid or current.msgstr:
                current = Entry(number)
                found.append(current)
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            if current is None or current.msgid or current.msgstr:
                current = Entry(number)
                found.append(current)
            target, current.msgid = "msgid", _unquote(line[6:])
        elif line.startswith("msgid_plural ") and current is not None:
            target, current.msgid_plural = "msgid_plural", _unquote(line[13:])
        elif line.startswith("msgstr") and current is not None:
            index = int(line[7 : line.index("]")]) if line.startswith("msgstr[") else 0
            target = f"msgstr{index}"
            current.msgstr[index] = _unquote(line[line.index(" ") + 1 :])
        elif line.startswith('"') and current is not None:
            if target == "msgid":
                current.msgid += _unquote(line)
            elif target == "msgid_plural":
                current.msgid_plural += _unquote(line)
            else:
                index = int(target[6:])
                current.msgstr[index] += _unquote(line)
    return [e for e in found if e.msgid]  # the header has an empty msgid


def test_the_reader_reads_the_catalogue():
    """The hand reader against entries known to be there (from base.html and accounts/models.py)."""
    by_id = {e.msgid: e for e in entries()}
    assert len(by_id) > 2000
    assert by_id["Xem"].msgstr == {0: "View"}
    assert by_id["Cán bộ"].msgstr == {0: "Cadres"}


def test_every_entry_is_translated_none_is_fuzzy_and_placeholders_are_kept():
    untranslated, fuzzy, placeholders = [], [], []
    for e in entries():
        if "fuzzy" in e.flags:
            fuzzy.append((e.line, e.msgid))
        if not all(e.msgstr.get(i) for i in ((0, 1) if e.msgid_plural else (0,))):
            untranslated.append((e.line, e.msgid))
        sources = [e.msgid, e.msgid_plural] if e.msgid_plural else [e.msgid]
        for index, english in e.msgstr.items():
            vietnamese = sources[min(index, len(sources) - 1)]
            if sorted(set(PLACEHOLDER.findall(vietnamese))) != sorted(set(PLACEHOLDER.findall(english))):
                placeholders.append((e.line, e.msgid, english))
    assert untranslated == [], "run makemessages -l en and translate these"
    assert fuzzy == [], "check these against their new Vietnamese and remove the fuzzy flag"
    assert placeholders == []


def test_the_compiled_catalogue_is_made_from_the_po():
    """django.mo is what Django reads: it must say what django.po says (compilemessages -l en)."""
    with (CATALOG / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for e in entries():
        if e.msgid_plural:
            got = {n - 1: compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)}
        else:
            got = {0: compiled.gettext(e.msgid)}
        if got != e.msgstr:
            stale.append((e.line, e.msgid))
    assert stale == [], "run: partyorg compilemessages -l en"


TZ = timezone.get_fixed_timezone(7 * 60)


@pytest.mark.django_db
@time_machine.travel(datetime(2020, 6, 30, 9, 0, tzinfo=TZ), tick=False)
def test_the_cadre_pages_read_in_english_once_chosen():
    cache.clear()  # the menu's "holds the cadre role" is kept per user id, which tests reuse
    cast = build()
    person = testing.person("Lường Văn Khánh", birth_date=date(1980, 5, 17))
    services.start_employment(
        person,
        cast.school,
        on=date(2012, 9, 1),
        category=StaffCategory.CIVIL_SERVANT,
        legal_basis=BASIS,
        recorded_by=BY,
    )
    cadre_user("cb.truong", cast.tree.school)
    client = Client()
    client.force_login(User.objects.get(username="cb.truong"))
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    on = "?on=30/06/2020"
    pages = {
        "cadres": client.get(reverse("cadres") + on).content.decode(),
        "unit": client.get(reverse("cadres_unit", args=[cast.school.code]) + on).content.decode(),
        "file": client.get(reverse("cadre", args=[person.code]) + on).content.decode(),
    }
    assert "<h1>Cadre work</h1>" in pages["cadres"] and "Công tác cán bộ" not in pages["cadres"]
    assert ">Cadres</a>" in pages["cadres"]  # the menu
    assert "Approved staffing for 2020" in pages["unit"] and "Staff category" in pages["unit"]
    assert "Civil servants" in pages["unit"] and "Công chức" not in pages["unit"]
    file = pages["file"]
    headings = ("Employment", "Posts held", "Training and courses", "Review and rating (state)", "Planning")
    for heading in headings:
        assert f"<h2>{heading}</h2>" in file, heading
    assert "Retirement month" in file and "Quá trình công tác" not in file
