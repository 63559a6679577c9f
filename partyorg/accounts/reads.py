"""The read log (issue 19): every read of records that name people — a person's file, a list of
members, a document, the export — is written down, who, when, what and from where, and shown to the
province's administrators (the page "Nhật ký truy cập", ``partyorg.web.views.access_log``).

One function, :func:`log_read`, called by each place that shows people, once a request (a list is
one row naming the list, never one row a person on it), after the scope has let the reader through:
a refused look-up is a 404 and reads nothing. The row is written in its own statement, outside any
transaction of the page, so a page that fails afterwards still leaves its read recorded. When it
cannot be written the request fails: a read that is not recorded is not served.

Who may see the log: :func:`may_see_log`.
"""

from __future__ import annotations

import getpass
import socket
from datetime import date

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from partyorg.accounts.models import ReadChannel, ReadEntry, ReadKind, Role
from partyorg.accounts.scope import OutOfScope, Scope
from partyorg.members.models import MembershipInterval, Person
from partyorg.organizations.models import Organization, OrgKind
from partyorg.organizations.queries import subtree_ids, version_on

__all__ = ["LOG_KINDS", "log_of", "log_read", "may_see_log"]

DETAIL_LENGTH = ReadEntry._meta.get_field("detail").max_length or 300
AGENT_LENGTH = ReadEntry._meta.get_field("agent").max_length or 300

# The organizations whose administrators see the read log: a province (or the centre above it).
LOG_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.CENTRAL})


def log_read(
    source: HttpRequest | str,
    kind: ReadKind,
    *,
    person: Person | None = None,
    organization: Organization | None = None,
    on: date | None = None,
    detail: str = "",
) -> ReadEntry:
    """Write down one read. ``source``: the request of a page or an API call (its user, address,
    browser, and its path as the detail when none is given), or the name of a ``partyorg`` command
    (the operating-system user who ran it and the machine). ``on``: the day the record was read as
    of (by default the request's day); a document's own day."""
    if isinstance(source, str):
        return ReadEntry.objects.create(
            at=timezone.now(),
            username=getpass.getuser(),
            kind=kind,
            person=person,
            organization=organization,
            on=on,
            detail=(detail or f"partyorg {source}")[:DETAIL_LENGTH],
            channel=ReadChannel.CLI,
            agent=f"partyorg {source} @ {socket.gethostname()}"[:AGENT_LENGTH],
        )
    user = source.user
    return ReadEntry.objects.create(
        at=timezone.now(),
        user=user if user.is_authenticated else None,
        username=user.get_username(),
        kind=kind,
        person=person,
        organization=organization,
        on=on or getattr(source, "on", None),
        detail=(detail or source.get_full_path())[:DETAIL_LENGTH],
        channel=ReadChannel.API if source.path_info.startswith("/api/") else ReadChannel.WEB,
        address=source.META.get("REMOTE_ADDR") or None,
        agent=source.headers.get("User-Agent", "")[:AGENT_LENGTH],
    )


def may_see_log(scope: Scope, org: Organization) -> bool:
    """The read log of ``org`` is its administrators' (ADMINISTER over it: superusers, or an
    assignment at it or above), and only of a province, the centre, or a top organization of the
    tree on the day: a commune's or a cell's administrators do not see who read their members."""
    if not scope.can(org.pk, Role.ADMINISTER):
        return False
    version = version_on(org, scope.on)
    return version is not None and (version.kind in LOG_KINDS or version.parent_id is None)


def log_of(scope: Scope, code: str) -> tuple[Organization, QuerySet[ReadEntry]]:
    """The organization of ``code`` and the reads of its records, for a user who may see its log
    (:func:`may_see_log`; else :class:`OutOfScope`): of the people who were ever members in its
    subtree (as the tree stands on the scope's day), and of the lists and documents of its
    organizations; at the top of the tree, every read, the export of the whole database included."""
    org = scope.organization(code, Role.ADMINISTER)
    if not may_see_log(scope, org):
        raise OutOfScope(code)
    reads: QuerySet[ReadEntry] = ReadEntry.objects.all()
    version = version_on(org, scope.on)
    if version is None or version.parent_id is not None:
        ids = subtree_ids(org, scope.on) if version is not None else set()
        held = MembershipInterval.objects.filter(organization_id__in=ids).values("person_id")
        reads = reads.filter(Q(person_id__in=held) | Q(organization_id__in=ids))
    return org, reads
