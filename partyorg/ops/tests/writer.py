"""A partyorg process of its own for the backup tests, on the database of ``DATABASE_URL``.

``python -m partyorg.ops.tests.writer build``: the schema and the small tree of
:mod:`partyorg.testing`, with ``BASE`` official members of its cell Chi bộ bản Na Ten (admitted in
2015, recognized a year after their ceremony).

``python -m partyorg.ops.tests.writer write STOP PROGRESS``: until the file ``STOP`` exists, admit
one more person to that cell (decision 01/03/2020, ceremony ten days later, no recognition: a
probationary member on every day since), each person in one durable transaction of the services
(``record_event``), and write the number committed so far to ``PROGRESS`` after each.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

BASE = 12
EVENTS_PER_BASE_MEMBER = 3  # decision, ceremony, recognition
EVENTS_PER_WRITTEN = 2  # decision, ceremony
WRITTEN_PREFIX = "W"


def build() -> None:
    from django.core.management import call_command

    from partyorg import testing

    call_command("migrate", verbosity=0, interactive=False)
    tree = testing.build_tree()
    for n in range(BASE):
        testing.admit(testing.person(f"Lò Văn Một {n}"), tree.cell_a, date(2015, 3, 2 + n))


def write(stop: Path, progress: Path) -> None:
    from django.db import transaction

    from partyorg.core.records import LegalBasis
    from partyorg.members import services
    from partyorg.members.models import EventKind
    from partyorg.organizations.models import Organization

    cell = Organization.objects.get(code="T.H.X.1")
    basis = LegalBasis("15-QĐ/ĐU", date(2020, 3, 1), "Đảng ủy xã Nà Tấu")
    written = 0
    while not stop.exists():
        with transaction.atomic(durable=True):
            person = services.create_person(
                code=f"{WRITTEN_PREFIX}{written:05d}",
                full_name=f"Quàng Thị Hai {written}",
                sex="female",
                birth_date=date(1995, 5, 17),
                general_education="upper_secondary",
            )
            for kind, on, org in (
                (EventKind.ADMISSION_DECIDED, date(2020, 3, 1), cell),
                (EventKind.ADMISSION_CEREMONY, date(2020, 3, 11), None),
            ):
                services.record_event.within(
                    person, kind, on, legal_basis=basis, recorded_by="writer", organization=org
                )
        written += 1
        # Written beside and renamed: a reader never sees the file half written (empty).
        progress.with_suffix(".part").write_text(str(written))
        progress.with_suffix(".part").replace(progress)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    if sys.argv[1] == "build":
        build()
    else:
        write(Path(sys.argv[2]), Path(sys.argv[3]))
