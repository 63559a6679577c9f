#!/usr/bin/env python3
"""One entry point for a fresh clone, needing only Python 3.11.

    python3 dev.py demo     install what is missing, build the demo province, start partyorg
    python3 dev.py test     install what is missing, run ruff, mypy and the whole test suite
                            (in parallel, one worker a core)
    python3 dev.py bench    install what is missing, run the benchmarks in bench/
    python3 dev.py layers   install what is missing, check the import contracts of DESIGN.md's
                            layers (pyproject.toml, [tool.importlinter])

Everything is installed into ./.venv (again only when pyproject.toml changed). Extra arguments
go to the command: ``python3 dev.py test -k timeline``, ``python3 dev.py demo --no-serve``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if result.returncode:
        sys.exit(result.returncode)


def install(extras: str) -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"partyorg needs Python 3.11 (this is {sys.version.split()[0]})")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    stamp = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    marker = VENV / ".partyorg-installed"
    if marker.exists() and marker.read_text() == stamp:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]" if extras else ".")
    marker.write_text(stamp)


def main() -> None:
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("help", [])
    if command == "demo":
        install("dev")
        run(BIN / "partyorg", "demo", *args)
    elif command == "test":
        install("dev")
        run(BIN / "ruff", "check", ".")
        run(BIN / "ruff", "format", "--check", ".")
        run(BIN / "mypy", "partyorg", "bench")
        # One worker a core, each with its own test database; a worker done early takes the rest.
        # (--dist loadscope, a module's tests on one worker, left one worker alone with the demo
        # database and the generated province at the end: 19 min 40 s against 10 min 40 s.)
        # The 25 slowest tests are listed at the end, where the time goes.
        run(PYTHON, "-m", "pytest", "-n", "auto", "--dist", "worksteal", "--durations=25", *args)
    elif command == "bench":
        install("dev")
        run(PYTHON, "-m", "bench", *args)
    elif command == "layers":
        install("dev")
        run(BIN / "lint-imports", "--no-cache", *args)
    else:
        print(__doc__)


if __name__ == "__main__":
    main()
