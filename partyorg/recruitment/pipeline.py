"""Fold a candidate's steps into where the candidate stands. Pure Python, no database.

The services judge a new step against this state, the queries list stages and deadlines from it,
and the statistics count it: one reading of the steps everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from partyorg.recruitment.models import CandidateStage as S
from partyorg.rules import admission, probation
from partyorg.rules.recruitment import Introduction

# Rank of each kind of step in the pipeline: the candidate's stage is the highest reached.
RANK = {
    S.INTRODUCED: 0,
    S.AWARENESS_COURSE: 1,
    S.SYMPATHIZER: 2,
    S.APPLICATION: 3,
    S.INTRODUCER: 3,
    S.VERIFIED: 4,
    S.CELL_RESOLVED: 5,
    S.DECIDED: 6,
    S.CEREMONY: 7,
    S.RECOGNITION_PROPOSED: 8,
    S.RECOGNIZED: 9,
}
# The stages a person is still a candidate (not yet a member): before the ceremony.
CANDIDATE_STAGES = (
    S.INTRODUCED,
    S.AWARENESS_COURSE,
    S.SYMPATHIZER,
    S.APPLICATION,
    S.VERIFIED,
    S.CELL_RESOLVED,
    S.DECIDED,
)


@dataclass(frozen=True)
class StepFact:
    """The part of a :class:`~partyorg.recruitment.models.CandidateStep` the fold reads."""

    id: int
    kind: str
    effective_on: date
    detail: str = ""
    person_name: str = ""
    received_on: date | None = None
    corrects_id: int | None = None


@dataclass
class PipelineState:
    """Where a candidate stands: the last effective step of each kind, and the stage reached."""

    stage: str = S.INTRODUCED
    stopped: StepFact | None = None
    last: dict[str, StepFact] = field(default_factory=dict)
    introductions: list[Introduction] = field(default_factory=list)

    def on(self, kind: str) -> date | None:
        step = self.last.get(kind)
        return step.effective_on if step else None

    @property
    def is_candidate(self) -> bool:
        """Still in the pipeline before the ceremony, and not stopped."""
        return self.stopped is None and self.stage in CANDIDATE_STAGES

    def next_deadline(self) -> tuple[str, str, date, date] | None:
        """(what is due, Vietnamese label, due day, latest day) of the next step with a deadline."""
        if self.stopped is not None:
            return None
        resolved = self.last.get(S.CELL_RESOLVED)
        decided = self.last.get(S.DECIDED)
        ceremony = self.last.get(S.CEREMONY)
        proposed = self.last.get(S.RECOGNITION_PROPOSED)
        if self.stage == S.CELL_RESOLVED and resolved:
            due, latest = admission.admission_decision_deadline(resolved.effective_on)
            return S.DECIDED, "Quyết định kết nạp", due, latest
        if self.stage == S.DECIDED and decided:
            received = decided.received_on or decided.effective_on
            due = admission.ceremony_deadline(received)
            return S.CEREMONY, "Tổ chức lễ kết nạp", due, due
        if self.stage == S.CEREMONY and ceremony:
            due = probation.recognition_proposal_deadline(ceremony.effective_on)
            return S.RECOGNITION_PROPOSED, "Chi bộ xét đề nghị công nhận đảng viên chính thức", due, due
        if self.stage == S.RECOGNITION_PROPOSED and proposed:
            due, latest = probation.recognition_decision_deadline(proposed.effective_on)
            return S.RECOGNIZED, "Quyết định công nhận đảng viên chính thức", due, latest
        return None


def effective_steps(steps: Iterable[StepFact]) -> list[StepFact]:
    """The steps after corrections, in date order: a correction replaces the step it corrects, a
    ``VOIDED`` row removes it."""
    active: dict[int, StepFact] = {}
    for step in sorted(steps, key=lambda s: s.id):
        if step.corrects_id is not None:
            active.pop(step.corrects_id, None)
        if step.kind != S.VOIDED:
            active[step.id] = step
    return sorted(active.values(), key=lambda s: (s.effective_on, RANK.get(S(s.kind), 99), s.id))


def fold(steps: Iterable[StepFact], on: date | None = None) -> PipelineState:
    """The candidate's state from the effective steps dated on or before ``on`` (all when None)."""
    state = PipelineState()
    for step in effective_steps(steps):
        if on is not None and step.effective_on > on:
            break
        if step.kind == S.STOPPED:
            state.stopped = step
            continue
        state.last[step.kind] = step
        if step.kind == S.INTRODUCER:
            state.introductions.append(Introduction(step.detail, step.effective_on, step.person_name))
        stage = S.APPLICATION if step.kind == S.INTRODUCER else step.kind  # part of the file
        if RANK[S(stage)] > RANK[S(state.stage)]:
            state.stage = stage
    return state
