"""Finding the organization or the person a command names by its code."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

# Models cost a command nothing: django.setup() has imported every app's models before any command
# module is loaded (see partyorg/cli/management/commands/__init__.py on what commands import late).
from partyorg.members.models import Person
from partyorg.organizations.models import Organization


def find_org(code: str | None) -> Any:
    """The organization whose code is ``code``; ``None`` when no code is given."""
    if not code:
        return None
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise CommandError(_("Không tìm thấy tổ chức có mã %(code)s") % {"code": code})
    return org


def find_person(code: str | None) -> Any:
    """The person whose record code is ``code``; a missing code is refused like an unknown one."""
    person = Person.objects.filter(code=code).first() if code else None
    if person is None:
        raise CommandError(_("Không tìm thấy người có mã %(code)s") % {"code": code})
    return person
