"""A file's employments and posts go through ``services.record_spells`` a run at a time (the
runs of one type recorded at one moment); the appointments the rules of appointment check
(appointed, designated, rotated) go alone through ``appoint``, in the file's order. The same rows
as a record at a time, and a refusal named at its row."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from partyorg import testing
from partyorg.cadres import catalogue, services
from partyorg.cadres.interchange import EmploymentRecord, PostHoldingRecord
from partyorg.cadres.models import Employment, EmploymentEnd, HoldingMode, PostEnd, PostHolding, StaffCategory
from partyorg.cadres.tests.cast import ENTERED, build, post
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.tests.test_batches import one_at_a_time
from partyorg.members.models import Person

pytestmark = pytest.mark.django_db


class Discard(Exception):
    pass


def build_spells() -> None:
    """Hoa and Pọm work in the commission from 2010 and 2012; Hoa is appointed its deputy head in
    2016 (a ruled appointment, alone) and elected chair of the district in 2019; all recorded at
    one moment. At a second both move to the district's People's Committee (their commission spells ended
    by the next run: ends of stored starts) and Hoa's elected post ends."""
    cast = build()
    # Two moments of recording, after the units' (a load applies the records in recorded order):
    # each type's records of one moment make one run.
    now = timezone.now()
    first = {**ENTERED, "recorded_at": now + timedelta(hours=1)}
    second = {**ENTERED, "recorded_at": now + timedelta(hours=2)}
    hoa = testing.person("Lò Thị Hoa", sex="female", birth_date=date(1978, 3, 2))
    pom = testing.person("Lò Văn Pọm", birth_date=date(1980, 5, 17))
    jobs = [
        services.start_employment.within(
            who,
            cast.commission,
            on=on,
            category=StaffCategory.CIVIL_SERVANT,
            department=cast.departments[1],
            **first,
        )
        for who, on in ((hoa, date(2010, 3, 1)), (pom, date(2012, 9, 1)))
    ]
    services.appoint.within(
        hoa,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2016, 4, 1),
        mode=HoldingMode.APPOINTED,
        dossier_received_on=date(2016, 3, 10),
        **first,
    )
    chair = services.appoint.within(
        hoa,
        post("chu_tich_ubnd_huyen"),
        cast.district_committee,
        on=date(2019, 1, 1),
        mode=HoldingMode.ELECTED,
        **first,
    )
    for job in jobs:
        services.end_employment.within(job, on=date(2021, 1, 1), reason=EmploymentEnd.TRANSFERRED, **second)
        services.start_employment.within(
            job.person, cast.district_committee, on=date(2021, 1, 1), category=StaffCategory.CADRE, **second
        )
    services.end_post.within(chair, on=date(2021, 1, 1), reason=PostEnd.TRANSFERRED, **second)


@pytest.fixture
def records() -> list:
    try:
        with transaction.atomic():
            build_spells()
            found = list(dump())
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    catalogue.load()  # the deployment's table of posts, not part of a file
    return found


@contextmanager
def spell_batches() -> Iterator[list[int]]:
    """The number of steps of each call of ``services.record_spells`` (a command: its function)."""
    command = services.record_spells
    original = command.fn
    seen: list[int] = []

    def counted(steps: list[Any], **kwargs: Any) -> Any:
        seen.append(len(steps))
        return original(steps, **kwargs)

    command.fn = counted
    try:
        yield seen
    finally:
        command.fn = original


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


def loaded(records: list, *, batches: bool) -> list:
    try:
        with transaction.atomic():
            if batches:
                load(located(records))
            else:
                with one_at_a_time():
                    load(located(records))
            found = list(dump())
            raise Discard
    except Discard:
        pass
    return found


def test_the_runs_write_what_a_record_at_a_time_writes(records: list) -> None:
    """The same rows; a run writes them in the order it checks them (by day, ends first: Pọm's end
    before Hoa's next start), an order the file loads again in, a record at a time."""
    batched, single = loaded(records, batches=True), loaded(records, batches=False)
    assert single == records
    assert sorted(map(repr, batched)) == sorted(map(repr, records))
    assert loaded(batched, batches=False) == batched


def test_every_spell_but_the_ruled_appointment_goes_through_record_spells(records: list) -> None:
    """Runs: the first moment's two employments, its elected post; the second's four employment
    rows, its post end. The deputy head's appointment goes alone (appoint checks its age and planning)."""
    spells = [r for r in records if isinstance(r, EmploymentRecord | PostHoldingRecord)]
    ruled = [r for r in spells if isinstance(r, PostHoldingRecord) and r.mode == HoldingMode.APPOINTED]
    assert (len(spells), len(ruled)) == (9, 1)
    with spell_batches() as batches:
        load(located(records))
    assert sorted(batches) == [1, 1, 2, 4]  # the ruled appointment's run: the elected post after it
    assert sum(batches) == len(spells) - len(ruled)
    assert Employment.objects.count() == 6 and PostHolding.objects.count() == 3


def test_a_refused_spell_of_a_run_is_named_at_its_row(records: list) -> None:
    """RULES.md §11 (start_employment's check): one budget-paid employment at a time. Pọm's second
    start, on 01/06/2015 while his commission job is open, refuses the file at its row;
    nothing is written."""
    pom = next(r for r in records if isinstance(r, EmploymentRecord) and r.effective_on == date(2012, 9, 1))
    second = dataclasses.replace(
        pom,
        uid="7c1e4d2a-9b3f-4a5e-8d6c-1f2e3a4b5c6d",
        unit="UBND.H",
        department="",
        effective_on=date(2015, 6, 1),
    )
    at = records.index(pom) + 1
    wrong = [*records[:at], second, *records[at:]]
    with pytest.raises(ExchangeError) as refused:
        load(located(wrong))
    [problem] = refused.value.problems
    assert str(problem) == (
        f"Tệp, dòng {at + 2}: Lò Văn Pọm ({pom.person}) đang công tác tại BTC từ ngày 01/09/2012: "
        "hãy kết thúc quá trình đó trước."
    )
    assert not Employment.objects.exists()


def test_an_end_whose_start_is_not_in_the_file_is_named_at_its_row(records: list) -> None:
    end = next(r for r in records if isinstance(r, PostHoldingRecord) and r.kind == "ended")
    lost = dataclasses.replace(end, ends="0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d")
    row = records.index(end) + 2
    with pytest.raises(ExchangeError) as refused:
        load(located([lost if r is end else r for r in records]))
    assert [str(p) for p in refused.value.problems] == [
        f"Tệp, dòng {row}, cột “Kết thúc cho”: Không tìm thấy bản ghi bắt đầu có mã “{lost.ends}”"
    ]
    assert not PostHolding.objects.exists()


def test_a_unit_dissolved_at_the_moment_its_last_employment_ends_loads() -> None:
    """The school is dissolved on 01/07/2025, recorded at the same moment as the end of the last
    employment in it (dissolve_unit refuses while one is open). The file lists the dissolution
    first (its sheet comes before the employments'); the load applies it last of its moment."""
    try:
        with transaction.atomic():
            cast = build()
            moment = {**ENTERED, "recorded_at": timezone.now() + timedelta(hours=1)}
            teacher = testing.person("Lò Văn Pọm", birth_date=date(1980, 5, 17))
            job = services.start_employment.within(
                teacher, cast.school, on=date(2015, 9, 1), category=StaffCategory.PUBLIC_EMPLOYEE, **ENTERED
            )
            services.end_employment.within(
                job, on=date(2025, 7, 1), reason=EmploymentEnd.TRANSFERRED, **moment
            )
            services.dissolve_unit.within(cast.school, on=date(2025, 7, 1), **moment)
            records = list(dump())
            raise Discard
    except Discard:
        pass
    kinds = [type(r).__name__ for r in records]
    assert kinds.index("UnitVersionRecord") < kinds.index("EmploymentRecord")
    report = load(located(records))
    assert (report.created["cadre_unit_version"], report.created["employment"]) == (1, 2)
