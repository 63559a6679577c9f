"""Timing smoke run of the generator: ``python -m partyorg.generator [members] [seed]``.

Not a test (the tests stay small); the benchmark may call :func:`smoke`.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import Counter


def smoke(members: int = 150_000, seed: int = 1) -> tuple[Counter[str], float]:
    """Generate a province and count its records by type; returns the counts and the seconds taken."""
    from partyorg.generator import generate_province

    started = time.perf_counter()
    counts = Counter(record.TYPE for record in generate_province(members, seed=seed))
    return counts, time.perf_counter() - started


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    import django

    django.setup()
    members = int(argv[0]) if argv else 150_000
    counts, seconds = smoke(members, int(argv[1]) if len(argv) > 1 else 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{members} members: {seconds:.1f} s, peak {peak} MiB")
    for kind, count in counts.items():
        print(f"  {kind}: {count}")


if __name__ == "__main__":
    main(sys.argv[1:])
