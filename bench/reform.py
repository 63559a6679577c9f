"""The 01/07/2025 reform of a generated province, timed: ``python3 dev.py bench --suite reform
--members 30000`` (one database of each kind asked for, each in its own process). The reform is
recorded as an officer records it (district committees end, communes go under the province), the
stock kept current by the change itself; then every derived row is rebuilt, for comparison."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date


def main(database_url: str, members: int) -> dict[str, float]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from partyorg.core.records import LegalBasis
    from partyorg.exchange.load import load
    from partyorg.exchange.tests.test_generated_province import REFORM, reform_states
    from partyorg.generator import generate_province
    from partyorg.members import services

    started = time.perf_counter()
    load((None, r) for r in generate_province(members, seed=3, until=date(2025, 6, 30)))
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    services.restructure(
        REFORM,
        reform_states(REFORM),
        successors={},
        legal_basis=LegalBasis("294-QĐ/TW", date(2025, 5, 26), "Ban Chấp hành Trung ương"),
        recorded_by="bench",
    )
    reform = time.perf_counter() - started
    started = time.perf_counter()
    services.rebuild_all()
    return {"load": loaded, "reform": reform, "rebuild_all": time.perf_counter() - started}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
