"""The demo pipeline on the small test tree (not on the whole demo province)."""

from __future__ import annotations

import pytest

from partyorg import testing
from partyorg.demo.recruitment import populate
from partyorg.recruitment.models import Candidate, CandidateStep, SourcePlan
from partyorg.recruitment.tests.cast import veterans

pytestmark = pytest.mark.django_db


def test_populate_puts_candidates_in_the_cells_through_the_services() -> None:
    tree = testing.build_tree()
    for cell in (tree.cell_a, tree.cell_b, tree.school):
        veterans(cell, 3)
    counts = populate(seed=7, share=1.0)
    made = Candidate.objects.count()
    assert made == counts["candidates"] > 0
    assert sum(n for key, n in counts.items() if key.startswith("stage_")) == made
    assert SourcePlan.objects.count() == counts["source_plans"] == 6  # 3 cells × 2025, 2026
    assert set(Candidate.objects.values_list("organization_id", flat=True)) <= {
        tree.cell_a.pk,
        tree.cell_b.pk,
        tree.school.pk,
    }
    assert CandidateStep.objects.filter(recorded_by="demo").count() >= made
