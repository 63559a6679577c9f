"""The generated province: deterministic, consistent with the fold, the tree and the reform.

Pure tests: no database. The records are folded here by hand (organization versions from the
change items, each person's log by ``partyorg.members.timeline.fold``).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import pytest

from partyorg.core.interchange import Record
from partyorg.exchange.records import KIT_TYPES, RECORD_TYPES
from partyorg.generator import generate_province
from partyorg.members.findings import PersonFacts, rule_findings
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind, Sex
from partyorg.members.timeline import Fact, HistoryConflict, Timeline, fold
from partyorg.organizations.interchange import (
    LocalityChangeRecord,
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, OrgKind
from partyorg.reports.interchange import EnteredFigureRecord
from partyorg.rules.probation import probation_end

UNTIL = date(2026, 6, 30)
REFORM = date(2025, 7, 1)


@cache
def generated(members: int, seed: int = 1) -> tuple[Record, ...]:
    return tuple(generate_province(members, seed=seed))


@dataclass
class Version:
    valid_from: date
    valid_until: date | None
    item: OrgChangeItemRecord

    def holds(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


def org_versions(records: tuple[Record, ...]) -> dict[str, list[Version]]:
    """Fold the change items the way ``organizations.services.fold_versions`` does."""
    changes = {r.uid: (r.effective_on, i) for i, r in enumerate(records) if isinstance(r, OrgChangeRecord)}
    items = [r for r in records if isinstance(r, OrgChangeItemRecord)]
    by_org: dict[str, list[OrgChangeItemRecord]] = defaultdict(list)
    for item in sorted(items, key=lambda item: changes[item.change]):
        by_org[item.organization].append(item)
    versions: dict[str, list[Version]] = {}
    for code, org_items in by_org.items():
        rows: list[Version] = []
        for item in org_items:
            day = changes[item.change][0]
            if rows and rows[-1].valid_until is None:
                if rows[-1].valid_from == day:
                    rows.pop()
                else:
                    rows[-1].valid_until = day
            if not item.ends:
                rows.append(Version(day, None, item))
        versions[code] = rows
    return versions


def version_on(versions: dict[str, list[Version]], code: str, day: date) -> Version | None:
    return next((v for v in versions.get(code, []) if v.holds(day)), None)


def timelines(records: tuple[Record, ...]) -> dict[str, Timeline]:
    """Every person's log folded; the position in the stream is the recording order (Fact.id)."""
    org_ids: dict[str, int] = {}
    position: dict[str, int] = {}
    facts: dict[str, list[Fact]] = defaultdict(list)
    for i, record in enumerate(records):
        if isinstance(record, OrganizationRecord):
            org_ids[record.code] = len(org_ids) + 1
        elif isinstance(record, EventRecord):
            position[record.uid] = i
            facts[record.person].append(
                Fact(
                    id=i,
                    kind=record.kind,
                    effective_on=record.effective_on,
                    organization_id=org_ids[record.organization] if record.organization else None,
                    other_organization_id=org_ids[record.other_organization]
                    if record.other_organization
                    else None,
                    external_place=record.external_place,
                    detail=record.detail,
                    corrects_id=position[record.corrects] if record.corrects else None,
                )
            )
    folded: dict[str, Timeline] = {}
    for person, person_facts in facts.items():
        try:
            folded[person] = fold(person_facts)
        except HistoryConflict as conflict:  # pragma: no cover - the failure message
            raise AssertionError(f"{person}: {conflict}") from conflict
    return folded


def members_on(folded: dict[str, Timeline], day: date) -> list[str]:
    result = []
    for person, timeline in folded.items():
        state = timeline.state_on(day)
        if state.member and state.organization_id is not None:
            result.append(person)
    return result


def of(records: tuple[Record, ...], kind: type[Record]) -> list:
    return [r for r in records if isinstance(r, kind)]


# -- determinism ----------------------------------------------------------------------------------


def test_same_seed_same_records_and_another_seed_differs() -> None:
    assert generated(600) == tuple(generate_province(600, seed=1))
    other = tuple(generate_province(600, seed=2))
    assert other != generated(600)
    assert of(other, PersonRecord)[0] != of(generated(600), PersonRecord)[0]


def test_records_come_in_record_type_order() -> None:
    order = {t: i for i, t in enumerate(RECORD_TYPES)}
    ranks = [order[type(r)] for r in generated(2000)]
    assert ranks == sorted(ranks)
    # Every kind of record but the kits' (dated facts, the yearly work), which the generator does
    # not make, and the units' log (it writes the units' rows of today, which become their log when
    # loaded); it makes entered figures (a kit's too).
    made = set(RECORD_TYPES) - set(KIT_TYPES) - {LocalityChangeRecord} | {EnteredFigureRecord}
    assert {RECORD_TYPES[rank] for rank in ranks} == made


# -- references -----------------------------------------------------------------------------------


@pytest.mark.parametrize("members", [2000, 20_000])
def test_every_reference_points_to_an_earlier_record_and_keys_are_unique(members: int) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    uids: set[str] = set()
    for record in generated(members):
        if isinstance(record, LocalityRecord):
            assert record.code not in seen["locality"]
        elif isinstance(record, LocalityParentRecord):
            assert {record.locality, record.parent} <= seen["locality"]
        elif isinstance(record, OrganizationRecord):
            assert record.code not in seen["organization"]
        elif isinstance(record, OrgChangeRecord):
            assert not record.corrects or record.corrects in seen["org_change"]
        elif isinstance(record, OrgChangeItemRecord):
            assert record.change in seen["org_change"]
            for code in (record.organization, record.parent, record.successor):
                assert not code or code in seen["organization"]
            assert not record.locality or record.locality in seen["locality"]
        elif isinstance(record, PersonRecord):
            assert record.code not in seen["person"]
            assert not record.home_locality or record.home_locality in seen["locality"]
        elif isinstance(record, EventRecord):
            assert record.person in seen["person"]
            for code in (record.organization, record.other_organization):
                assert not code or code in seen["organization"]
            assert not record.org_change or record.org_change in seen["org_change"]
            assert not record.corrects or record.corrects in seen["event"]
        if isinstance(record, OrgChangeRecord | EventRecord):
            assert record.uid not in uids
            uids.add(record.uid)
        if record.TYPE != "locality_parent" and record.TYPE != "org_change_item":
            seen[record.TYPE].add(record.key)
    assert len(seen["person"]) > members


# -- the membership logs --------------------------------------------------------------------------


@pytest.mark.parametrize("members", [2000, 20_000])
def test_every_history_folds_and_the_province_has_about_the_members_asked(members: int) -> None:
    folded = timelines(generated(members))
    count = len(members_on(folded, UNTIL))
    assert 0.9 * members <= count <= 1.1 * members


@pytest.mark.parametrize("members", [2000, 20_000])
def test_events_refer_to_member_holding_organizations_that_exist_that_day(members: int) -> None:
    records = generated(members)
    versions = org_versions(records)
    for event in of(records, EventRecord):
        for code in (event.organization, event.other_organization):
            if not code:
                continue
            version = version_on(versions, code, event.effective_on)
            assert version is not None, (event.kind, code, event.effective_on)
            assert version.item.kind in MEMBER_HOLDING_KINDS


def test_events_are_recorded_after_they_take_effect_with_a_legal_basis() -> None:
    for event in of(generated(2000), EventRecord):
        assert str(event.recorded_at.tzinfo) == "Asia/Ho_Chi_Minh"  # +08:00 in 1959–1975, +07:00 since
        assert event.recorded_at.year < 1976 or event.recorded_at.utcoffset() == timedelta(hours=7)
        assert event.recorded_at.date() >= event.effective_on or event.corrects
        assert event.recorded_by == "bantochuc.tinh"
        if event.kind in (EventKind.ADMISSION_DECIDED, EventKind.REMOVED, EventKind.EXPELLED):
            assert event.basis_number and event.basis_issuer and event.basis_date


def test_the_checked_rules_are_mostly_followed() -> None:
    """``members.findings`` finds only the deliberate breaches (late ceremonies and transfer reports,
    recognitions off the 12-month date, admissions over 60, early re-admissions), and few of them."""
    records = generated(20_000)
    places = {r.code: r for r in of(records, LocalityRecord)}
    folded = timelines(records)
    found: Counter[str] = Counter()
    with_findings = 0
    for person in of(records, PersonRecord):
        area = places[person.home_locality].is_ethnic_minority_area
        facts = PersonFacts(person.birth_date, person.general_education, exception_area=area)
        findings = rule_findings(facts, folded[person.code].facts)
        found.update(f.violation.rule.code for f in findings)
        with_findings += bool(findings)
    assert found["transfers.report_deadline"] > 0 and found["probation.recognition_effective"] > 0
    expected = {
        "transfers.report_deadline",
        "probation.recognition_effective",
        "admission.ceremony_deadline",
        "admission.age_over_60",
        "readmission.waiting",
    }
    assert set(found) <= expected, found
    assert with_findings < 0.01 * len(folded)


def test_admissions_mostly_follow_the_rules_with_a_few_recorded_breaches() -> None:
    records = generated(20_000)
    by_person: dict[str, list[EventRecord]] = defaultdict(list)
    for event in of(records, EventRecord):
        by_person[event.person].append(event)
    late_ceremonies = on_time = recognitions = exact = 0
    for events in by_person.values():
        corrected = {e.corrects for e in events if e.corrects}
        events = [e for e in events if e.uid not in corrected and e.kind != EventKind.VOIDED]
        decision = ceremony = None
        for event in events:
            if event.kind in (EventKind.ADMISSION_DECIDED, EventKind.READMISSION_DECIDED):
                decision = event.effective_on
            elif event.kind == EventKind.ADMISSION_CEREMONY and decision:
                ceremony = event.effective_on
                if (ceremony - decision).days > 45:
                    late_ceremonies += 1
                else:
                    on_time += 1
            elif event.kind == EventKind.RECOGNIZED_OFFICIAL and ceremony:
                recognitions += 1
                exact += event.effective_on == probation_end(ceremony)
    assert 0 < late_ceremonies < 0.02 * on_time
    assert 0.97 * recognitions < exact < recognitions


# -- the tree -------------------------------------------------------------------------------------


def sample_days(records: tuple[Record, ...]) -> list[date]:
    first = min(r.effective_on for r in of(records, OrgChangeRecord))
    days = [date(year, month, day) for year in range(2008, 2027) for month, day in ((6, 30), (12, 31))]
    return [first, *(d for d in days if d <= UNTIL), REFORM]


@pytest.mark.parametrize("members", [2000, 20_000])
def test_no_organization_stands_under_a_parent_that_does_not_exist(members: int) -> None:
    records = generated(members)
    versions = org_versions(records)
    for org_rows in versions.values():
        assert org_rows, "an organization whose first item ends it"
    for day in sample_days(records):
        for code, rows in versions.items():
            version = next((v for v in rows if v.holds(day)), None)
            if version is None or not version.item.parent:
                continue
            assert version_on(versions, version.item.parent, day) is not None, (code, day)


def test_the_2025_restructuring() -> None:
    records = generated(20_000)
    versions = org_versions(records)
    restructures = [c for c in of(records, OrgChangeRecord) if c.kind == "restructured"]
    assert [c.effective_on for c in restructures] == [REFORM]
    root = next(code for code, rows in versions.items() if rows[0].item.kind == OrgKind.PROVINCE)

    def kinds_on(day: date) -> Counter[str]:
        return Counter(v.item.kind for code in versions if (v := version_on(versions, code, day)))

    assert kinds_on(REFORM - timedelta(days=1))[OrgKind.DISTRICT] >= 2
    assert kinds_on(REFORM)[OrgKind.DISTRICT] == 0
    before = after = 0
    for code in versions:
        old, new = version_on(versions, code, REFORM - timedelta(days=1)), version_on(versions, code, REFORM)
        if (
            old
            and old.item.sector in ("commune", "ward", "township")
            and old.item.kind == OrgKind.GRASSROOTS_COMMITTEE
        ):
            before += 1
        if new and new.item.kind == OrgKind.COMMUNE:
            after += 1
            assert new.item.parent == root
        if new and new.item.kind == OrgKind.GRASSROOTS_COMMITTEE:
            assert new.item.sector not in ("commune", "ward", "township")
        if new and new.item.kind == OrgKind.CELL:
            parent = version_on(versions, new.item.parent, REFORM)
            assert parent is not None and parent.item.kind != OrgKind.COMMUNE
    assert 2 * after < before < 5 * after
    # Cells do not end in the reform: nobody has to be moved.
    ending = [i for i in of(records, OrgChangeItemRecord) if i.ends and i.change == restructures[0].uid]
    assert all(versions[i.organization][-1].item.kind not in MEMBER_HOLDING_KINDS for i in ending)


def test_localities_change_commune_on_the_reform() -> None:
    records = generated(2000)
    places = {r.code: r for r in of(records, LocalityRecord)}
    links: dict[str, list[LocalityParentRecord]] = defaultdict(list)
    for link in of(records, LocalityParentRecord):
        links[link.locality].append(link)
    hamlets = [p for p in places.values() if p.kind == "hamlet"]
    moved = [h for h in hamlets if len(links[h.code]) == 2]
    assert len(moved) > 0.7 * len(hamlets)
    for hamlet in moved:
        old, new = links[hamlet.code]
        assert old.valid_until == new.valid_from == REFORM
        assert places[old.parent].valid_until == REFORM and places[new.parent].valid_from == REFORM
    assert all(p.valid_until == REFORM for p in places.values() if p.kind == "district")
    assert any(p.is_ethnic_minority_area for p in places.values() if p.kind == "commune")


def test_a_few_hamlets_have_no_cell_and_no_member() -> None:
    """Thôn, bản "trắng": no cell of their own (not even a combined one) and no member lives there."""
    records = generated(20_000)
    hamlets = {r.code for r in of(records, LocalityRecord) if r.kind == "hamlet"}
    with_cell = {i.locality for i in of(records, OrgChangeItemRecord)}
    combined = {i.name for i in of(records, OrgChangeItemRecord) if i.is_combined}
    homes = {p.home_locality for p in of(records, PersonRecord)}
    white = hamlets - with_cell - homes
    assert 0 < len(white) < 0.05 * len(hamlets)
    assert combined and len(hamlets - with_cell) > len(white)  # second hamlets of combined cells


def test_the_tree_has_every_kind_of_organization() -> None:
    versions = org_versions(generated(20_000))
    kinds = Counter(rows[0].item.kind for rows in versions.values())
    for kind in OrgKind:
        if kind != OrgKind.CENTRAL:
            assert kinds[kind] > 0, kind
    items = [v.item for rows in versions.values() for v in rows]
    assert any(i.is_combined for i in items)
    assert any(i.name.startswith("Chi bộ bản ") for i in items)


# -- people ---------------------------------------------------------------------------------------


def test_people_look_like_a_north_western_province() -> None:
    records = generated(20_000)
    folded = timelines(records)
    members = set(members_on(folded, UNTIL))
    people = [p for p in of(records, PersonRecord) if p.code in members]
    women = sum(p.sex == Sex.FEMALE for p in people) / len(people)
    assert 0.33 <= women <= 0.42
    ethnic = Counter(p.ethnicity for p in people)
    assert 0.30 <= ethnic["Thái"] / len(people) <= 0.46
    assert 0.22 <= ethnic["Mông"] / len(people) <= 0.38
    assert 0.14 <= ethnic["Kinh"] / len(people) <= 0.27
    assert ethnic["Dao"] and ethnic["Khơ Mú"]
    surnames = Counter(p.full_name.split()[0] for p in people if p.ethnicity == "Kinh")
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    assert 0.3 < surnames["Nguyễn"] / sum(surnames.values()) < 0.46
    for person in people:
        assert unicodedata.is_normalized("NFC", person.full_name)
        assert len(person.full_name.split()) >= 3
        assert len(person.identity_number) == 12 and person.identity_number.isdigit()
    assert len({p.identity_number for p in of(records, PersonRecord)}) == len(of(records, PersonRecord))
    mong_women = [p for p in people if p.ethnicity == "Mông" and p.sex == Sex.FEMALE]
    assert all(p.full_name.split()[1] == "Thị" for p in mong_women)


def test_every_event_kind_is_present() -> None:
    kinds = Counter(e.kind for e in of(generated(20_000), EventRecord))
    # Every kind but the opening of a member who predates the records: a generated province's records
    # begin with its first admissions (its openings are tested on hand-made casts, test_opening.py).
    for kind in set(EventKind) - {EventKind.OPENED}:
        assert kinds[kind] > 0, kind
    assert kinds[EventKind.OPENED] == 0
    details = Counter((e.kind, e.detail) for e in of(generated(20_000), EventRecord))
    assert details[EventKind.REMOVED, "probation_failed"] > 0
    assert details[EventKind.REMOVED, "abandoned_activity"] > 0
    assert details[EventKind.REMOVED, "other"] > 0
    assert details[EventKind.TRANSFER_IN, "probationary"] > 0
    assert details[EventKind.BADGE_AWARDED, "30"] > details[EventKind.BADGE_AWARDED, "50"] > 0
    changes = {c.uid: c for c in of(generated(20_000), OrgChangeRecord)}
    for event in of(generated(20_000), EventRecord):
        if event.kind == EventKind.ORG_REASSIGNED:  # members of a merged hamlet's cell, on that day
            change = changes[event.org_change]
            assert change.kind == "merged" and change.effective_on == event.effective_on


def test_yearly_flows_are_plausible() -> None:
    records = generated(20_000)
    folded = timelines(records)
    events = of(records, EventRecord)
    for year in (2012, 2018, 2024):
        stock = len(members_on(folded, date(year, 1, 1)))
        admitted = sum(e.kind == EventKind.ADMISSION_DECIDED and e.effective_on.year == year for e in events)
        died = sum(e.kind == EventKind.DIED and e.effective_on.year == year for e in events)
        assert 0.025 * stock < admitted < 0.05 * stock
        assert 0.005 * stock < died < 0.02 * stock


def test_corrections_and_voided_entries_fold_away() -> None:
    records = generated(20_000)
    events = {e.uid: e for e in of(records, EventRecord)}
    corrections = [e for e in events.values() if e.corrects]
    assert any(e.kind == EventKind.VOIDED for e in corrections)
    redated = [e for e in corrections if e.kind != EventKind.VOIDED]
    assert redated
    for fix in redated:
        wrong = events[fix.corrects]
        assert (
            wrong.kind == fix.kind and wrong.person == fix.person and wrong.effective_on != fix.effective_on
        )
        assert fix.recorded_at > wrong.recorded_at
