"""The pipeline's figures (partyorg.reports.statistics.recruitment), on hand-made records."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.recruitment import services
from partyorg.recruitment.models import Candidate, CandidateStage, IntroducedBy, StopReason
from partyorg.recruitment.tests.cast import BY, resolved, veterans
from partyorg.reports.statistics.recruitment import (
    grassroots_without_candidates,
    pipeline_on,
    source_plan_progress,
)

pytestmark = pytest.mark.django_db


def add(tree: testing.Tree, code: str, cell: str, on: date) -> Candidate:
    return services.add_new_candidate(
        getattr(tree, cell),
        code=code,
        full_name=f"Quần chúng {code}",
        sex="female",
        birth_date=date(1995, 1, 1),
        introduced_by=IntroducedBy.YOUTH_UNION,
        introduced_on=on,
        recorded_by=BY,
    )


def test_candidates_per_stage_and_grassroots_without_any() -> None:
    """By hand: on 15/01/2017 cell_a has one candidate introduced (QC1), one resolved (Cầm Văn Ún),
    cell_b one stopped (QC3, not counted); the school has none. Grassroots: the commune (has some)
    and the school (none): 1 of 2 without candidates. After the ceremony of 10/02/2017 Ún is a
    member, no longer a candidate."""
    tree = testing.build_tree()
    veterans(tree.cell_a)
    un = resolved(tree)
    qc1 = add(tree, "QC1", "cell_a", date(2016, 12, 1))
    qc3 = add(tree, "QC3", "cell_b", date(2016, 6, 1))
    services.stop(qc3, date(2016, 12, 1), reason=StopReason.DECLINED, recorded_by=BY)

    day = date(2017, 1, 15)
    figure = pipeline_on(tree.province, day)
    assert figure.total.person_ids == {un.person_id, qc1.person_id}
    assert figure.by_stage[CandidateStage.INTRODUCED].person_ids == {qc1.person_id}
    assert figure.by_stage[CandidateStage.CELL_RESOLVED].person_ids == {un.person_id}
    assert figure.by_organization == {tree.cell_a.pk: figure.total}
    assert pipeline_on(tree.cell_b, day).total.value == 0
    # On 01/11/2016 Ún's file stood at the verification step, and QC1 was not yet introduced.
    assert pipeline_on(tree.province, date(2016, 11, 1)).by_stage[CandidateStage.APPLICATION].value == 1

    empty = grassroots_without_candidates(tree.province, day)
    assert (empty.without.organization_ids, empty.grassroots.organization_ids) == (
        frozenset({tree.school.pk}),
        frozenset({tree.commune.pk, tree.school.pk}),
    )

    services.record_decision(
        un, date(2017, 1, 20), deciding_organization=tree.district, legal_basis=LegalBasis(), recorded_by=BY
    )
    services.record_ceremony(un, date(2017, 2, 10), legal_basis=LegalBasis(), recorded_by=BY)
    assert pipeline_on(tree.province, date(2017, 2, 10)).total.person_ids == {qc1.person_id}


def test_source_plan_progress() -> None:
    """Plan of 4 for 2016 in cell_a; two introduced in 2016, one in 2017: 2/4 = 50%."""
    tree = testing.build_tree()
    services.set_source_plan(tree.cell_a, 2016, 4, recorded_by=BY)
    add(tree, "QC1", "cell_a", date(2016, 2, 1))
    add(tree, "QC2", "cell_a", date(2016, 12, 31))
    add(tree, "QC4", "cell_a", date(2017, 1, 1))
    progress = source_plan_progress(tree.cell_a, 2016)
    assert (progress.planned, progress.introduced.value, progress.percent) == (4, 2, 50.0)
    assert source_plan_progress(tree.commune, 2016).planned is None


def test_the_command_line_follows_a_candidate(capsys: pytest.CaptureFixture[str]) -> None:
    tree = testing.build_tree()
    a, b, _ = veterans(tree.cell_a)
    run = lambda *args: call_command("candidate", *args, "--by", BY)  # noqa: E731
    run(
        "add", "--org", "T.H.X.1", "--on", "04/01/2016", "--code", "QC7", "--name", "Lò Văn Khánh",
        "--sex", "male", "--birth", "01/02/1994", "--education", "upper_secondary",
    )  # fmt: skip
    run("step", "course", "--candidate", "QC7", "--on", "01/03/2016")
    run("step", "application", "--candidate", "QC7", "--on", "01/10/2016")
    for introducer in (a, b):
        run(
            "step", "introducer", "--candidate", "QC7", "--on", "01/12/2016",
            "--introducer", introducer.code, "--since", "01/01/2012",
        )  # fmt: skip
    run("step", "verified", "--candidate", "QC7", "--on", "20/12/2016")
    run("step", "resolution", "--candidate", "QC7", "--on", "09/01/2017", "--for", "3")
    run("due", "--org", "T.H", "--on", "16/01/2017", "--days", "120")
    run("list", "--org", "T", "--on", "16/01/2017")
    out = capsys.readouterr().out
    assert "11/04/2017  đến hạn  Lò Văn Khánh" in out
    assert "Quyết định kết nạp" in out
    assert "Nghị quyết đề nghị kết nạp của chi bộ" in out
    with pytest.raises(CommandError, match=r"--override admission\.decision_deadline"):
        run("step", "decision", "--candidate", "QC7", "--on", "12/04/2017", "--deciding-org", "T.H")
    run("plan", "--org", "T.H.X.1", "--year", "2016", "--planned", "2")
    assert "Kế hoạch tạo nguồn năm 2016: 2; đã giới thiệu 1 quần chúng" in capsys.readouterr().out
