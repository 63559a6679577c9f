"""The layers of DESIGN.md, as the import-linter contracts in pyproject.toml state them: the suite
fails on an import that runs up a layer, as ``python3 dev.py layers`` and .ci/run do."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract
from importlinter.domain.contract import Contract

DOMAIN = "domain-below-interfaces"  # the contract that no domain app imports an interface
PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"
CONTRACT_TYPES: dict[str, Callable[..., Contract]] = {
    "layers": LayersContract,
    "forbidden": ForbiddenContract,
    "acyclic_siblings": AcyclicSiblingsContract,
}


def test_the_code_keeps_every_layer_contract():
    # The command CI runs (.ci/run, through dev.py): its report names each import that breaks a contract.
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint, "--no-cache", "--no-logo"], cwd=PYPROJECT.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^Contracts: [1-9]\d* kept, 0 broken\.$", result.stdout, re.M), result.stdout


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("partyorg", cache_dir=None)


def broken_with(graph: grimp.ImportGraph, importer: str, imported: str) -> set[str]:
    """The ids of the contracts that one more import, ``importer -> imported``, would break."""
    options = read_configuration(str(PYPROJECT))
    changed = copy.deepcopy(graph)
    changed.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    broken = set()
    for contract_options in options["contracts_options"]:
        contract = CONTRACT_TYPES[contract_options["type"]](
            name=contract_options["name"],
            session_options=options["session_options"],
            contract_options=contract_options,
        )
        if not contract.check(copy.deepcopy(changed), verbose=False).kept:
            broken.add(contract_options["id"])
    return broken


@pytest.mark.parametrize(
    ("importer", "imported", "broken"),
    [
        # a service reaching for a page (which imports the service: a cycle too)
        (
            "partyorg.members.services",
            "partyorg.web.views.members",
            {"layers", DOMAIN, "acyclic"},
        ),
        # a domain app reading a statistic, which reads that app
        (
            "partyorg.dues.queries",
            "partyorg.reports.statistics",
            {"layers", DOMAIN, "acyclic"},
        ),
        # the tree reading the members, who read the tree
        ("partyorg.organizations.queries", "partyorg.members.models", {"layers", "acyclic"}),
        # statistics reaching for the import: up a layer (no cycle since the entered figures travel
        # through reports' own record kit, which exchange finds by name, not by import)
        ("partyorg.reports.checks", "partyorg.exchange.load", {"layers"}),
        # one yearly-work app reading another of its layer: up no layer, round no cycle, yet not allowed
        ("partyorg.dues.services", "partyorg.meetings.queries", {"layers"}),
        # a rule reading a model
        ("partyorg.rules.dues", "partyorg.dues.models", {"layers", "acyclic"}),
        # a command reading the dues: down the layers, as every interface does
        ("partyorg.cli.management.commands.dues", "partyorg.dues.queries", set()),
    ],
)
def test_an_import_that_runs_up_breaks_a_contract(graph, importer, imported, broken):
    assert broken_with(graph, importer, imported) == broken
