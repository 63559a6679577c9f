"""The demo province's recruitment pipeline: outstanding candidates at every stage in a share of
the cells, introduced from mid-2024 on, each step recorded through ``partyorg.recruitment.services``
so that every rule is checked, and a source plan for 2025 and 2026 in the same cells.

Candidates start on a random day and move on step by step at realistic intervals; a candidate
stops where the next step would fall after the demo's last day (30/06/2026), so the stages spread
out by themselves: some only introduced, some with the committee's decision awaited, a few already
probationary members (their ceremonies are new admissions of 2025–2026; the seed figures of
2016–2018 are untouched).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction

from partyorg.core.records import LegalBasis
from partyorg.members.models import MembershipInterval, MemberStatus, Person
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgVersion, valid_on
from partyorg.organizations.queries import path
from partyorg.recruitment import services
from partyorg.recruitment.models import Candidate, IntroducedBy, IntroducerKind, StopReason
from partyorg.rules.admission import admission_decision_deadline, ceremony_deadline
from partyorg.rules.base import RuleViolation

LAST_DAY = date(2026, 6, 30)
FIRST_DAY = date(2024, 7, 1)
FAMILY = ["Lò", "Quàng", "Cà", "Lường", "Vì", "Tòng", "Giàng", "Sùng", "Thào", "Nguyễn", "Trần", "Lê"]
MIDDLE = {"male": ["Văn", "A", "Đức"], "female": ["Thị", "Thị", "Mai"]}
GIVEN = {
    "male": ["Minh", "Sơn", "Hùng", "Pao", "Dũng", "Khánh", "Tùng", "Chinh", "Long", "Thắng"],
    "female": ["Hoa", "Lan", "Mai", "Dung", "Hương", "Xuân", "Thu", "Páo", "Ngọc", "Yến"],
}


# Where a candidate stops unless the calendar stops them first, and how often (the ceremonies are few:
# they are admissions beyond the demo's own).
STAGES = ("introduced", "course", "sympathizer", "application", "verified", "resolved", "decided", "ceremony")
STAGE_WEIGHTS = (10, 12, 18, 16, 10, 12, 10, 12)


def _officials(cell_ids: list[int], last_day: date) -> dict[int, list[tuple[int, date, date | None]]]:
    """cell id -> (person, official from, until) over the demo's recent years."""
    rows = MembershipInterval.objects.filter(
        organization_id__in=cell_ids, status=MemberStatus.OFFICIAL, valid_from__lte=last_day, in_transit=False
    ).exclude(valid_until__lte=FIRST_DAY - timedelta(days=400))
    found: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for person_id, org_id, start, end in rows.values_list(
        "person_id", "organization_id", "valid_from", "valid_until"
    ):
        found[org_id].append((person_id, start, end))
    return found


def populate(
    *, seed: int = 2017, recorded_by: str = "demo", share: float = 0.1, today: date | None = None
) -> dict[str, int]:
    """Candidates in ``share`` of the cells existing on 30/06/2026, their steps up to that day (given
    the day the demo is built, ``today``: up to the day before); deterministic for ``seed``."""
    started = time.monotonic()
    rng = random.Random(f"{seed}/recruitment")
    last_day = LAST_DAY if today is None else today - timedelta(days=1)
    cells = dict(
        OrgVersion.objects.filter(valid_on(last_day), kind__in=MEMBER_HOLDING_KINDS).values_list(
            "organization_id", "parent_id"
        )
    )
    chosen = sorted(rng.sample(sorted(cells), max(1, round(len(cells) * share)))) if cells else []
    officials = _officials(chosen, last_day)
    people = Person.objects.in_bulk({p for rows in officials.values() for p, *_ in rows})
    orgs = Organization.objects.in_bulk(set(chosen) | {p for c in chosen if (p := cells[c]) is not None})
    counts: dict[str, int] = defaultdict(int)
    serial = Candidate.objects.count()
    for cell_id in chosen:
        cell = orgs[cell_id]
        parent = orgs.get(cells[cell_id] or 0)
        with transaction.atomic():
            for year in range(2025, max(2026, last_day.year) + 1):
                services.set_source_plan.within(cell, year, rng.randint(1, 4), recorded_by=recorded_by)
                counts["source_plans"] += 1
        for _ in range(rng.randint(1, 2)):
            serial += 1
            try:
                with transaction.atomic():
                    stage = _one(
                        rng,
                        serial,
                        cell,
                        parent,
                        officials.get(cell_id, []),
                        people,
                        recorded_by=recorded_by,
                        last_day=last_day,
                    )
            except (RuleViolation, services.StepRefused):
                counts["refused"] += 1  # a history the rules refuse is left out, as an officer would
                continue
            counts["candidates"] += 1
            counts[f"stage_{stage}"] += 1
    counts["seconds"] = round(time.monotonic() - started)
    return dict(counts)


def _one(
    rng: random.Random,
    serial: int,
    cell: object,
    parent: object,
    officials: list[tuple[int, date, date | None]],
    people: Mapping[int, object],
    *,
    recorded_by: str,
    last_day: date = LAST_DAY,
) -> str:
    """One candidate of ``cell``, moved on to a stage drawn at random, or until the next step would
    fall after the last day."""
    assert isinstance(cell, Organization)
    sex = rng.choice(["male", "female"])
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    introduced = FIRST_DAY + timedelta(days=rng.randint(0, (last_day - FIRST_DAY).days - 30))
    youth = rng.random() < 0.7
    candidate = services.add_new_candidate.within(
        cell,
        code=f"QCUT-{serial:05d}",
        full_name=name,
        sex=sex,
        birth_date=introduced - timedelta(days=rng.randint(19 * 365, 32 * 365)),
        general_education=rng.choice(["upper_secondary", "upper_secondary", "lower_secondary"]),
        is_youth_union_member=youth,
        introduced_by=IntroducedBy.YOUTH_UNION if youth else IntroducedBy.TRADE_UNION,
        introduced_on=introduced,
        introducing_body="Đoàn Thanh niên cơ sở" if youth else "Công đoàn cơ sở",
        recorded_by=recorded_by,
    )
    day = introduced
    none = LegalBasis()

    target = rng.choices(range(len(STAGES)), weights=STAGE_WEIGHTS)[0]
    reached = 0

    def later(low: int, high: int) -> date | None:
        nonlocal day, reached
        reached += 1
        day = day + timedelta(days=rng.randint(low, high))
        return day if day <= last_day and reached <= target else None

    if (on := later(20, 90)) is None:
        return "introduced"
    services.record_course.within(
        candidate,
        on,
        legal_basis=LegalBasis(f"{serial}/GCN", on, "Trung tâm chính trị"),
        recorded_by=recorded_by,
    )
    if (on := later(10, 40)) is None:
        return "awareness_course"
    helpers = [p for p, start, end in officials if start <= on and (end is None or end > on)]
    mentor = people.get(rng.choice(helpers)) if helpers else None
    assert mentor is None or isinstance(mentor, Person)
    services.record_sympathizer.within(
        candidate, on, mentor=mentor, legal_basis=none, recorded_by=recorded_by
    )
    if (on := later(60, 150)) is None:
        return "sympathizer"
    services.record_application.within(candidate, on, recorded_by=recorded_by)
    eligible = [
        p for p, start, end in officials if start <= on - timedelta(days=400) and (end is None or end > on)
    ]
    if not eligible:
        services.stop.within(
            candidate,
            on,
            reason=StopReason.NOT_PROPOSED,
            recorded_by=recorded_by,
            note="Chưa đủ người giới thiệu",
        )
        return "stopped"
    introducers = rng.sample(eligible, min(len(eligible), 1 if rng.random() < 0.6 else 2))
    for person_id in introducers:
        introducer = people[person_id]
        assert isinstance(introducer, Person)
        services.record_introducer.within(
            candidate,
            on,
            kind=IntroducerKind.MEMBER,
            introducer=introducer,
            worked_together_since=on - timedelta(days=rng.randint(400, 2000)),
            recorded_by=recorded_by,
        )
    if len(introducers) == 1:
        services.record_introducer.within(
            candidate,
            on,
            kind=IntroducerKind.YOUTH_UNION if youth else IntroducerKind.TRADE_UNION,
            legal_basis=LegalBasis(f"{serial}-NQ", on, candidate.introducing_body),
            recorded_by=recorded_by,
        )
    if (on := later(20, 60)) is None:
        return "application"
    services.record_verification.within(
        candidate, on, legal_basis=none, recorded_by=recorded_by, note="Lý lịch rõ ràng"
    )
    if (on := later(10, 40)) is None:
        return "verified"
    total = services.official_members_of(cell, on)
    services.record_cell_resolution.within(
        candidate,
        on,
        votes_for=total,
        votes_against=0,
        legal_basis=LegalBasis(f"{serial}-NQ/CB", on, "Chi bộ"),
        recorded_by=recorded_by,
    )
    due, _ = admission_decision_deadline(on)
    if (on := later(15, (due - on).days)) is None:
        return "cell_resolved"
    line = path(cell, on)  # the superior that day: districts ended on 30/06/2025
    deciding = line[-2].organization if len(line) > 1 else parent
    assert isinstance(deciding, Organization)
    decision = LegalBasis(f"{serial}-QĐ/ĐU", on, line[-2].name if len(line) > 1 else "Cấp ủy cấp trên")
    services.record_decision.within(
        candidate, on, deciding_organization=deciding, legal_basis=decision, recorded_by=recorded_by
    )
    if (on := later(5, (ceremony_deadline(on) - on).days)) is None:
        return "decided"
    services.record_ceremony.within(candidate, on, legal_basis=decision, recorded_by=recorded_by)
    return "ceremony"
