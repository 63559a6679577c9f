"""The cadre records in the interchange files (partyorg.cadres.interchange): every record type,
corrected, withdrawn and ended rows included, round-trips through both files into an empty
database through the services, and loading it twice adds nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.cadres import catalogue, services
from partyorg.cadres.interchange import (
    EmploymentRecord,
    PlanningEntryRecord,
    PlanningReviewRecord,
    PostHoldingRecord,
    StaffingQuotaRecord,
    StateRatingRecord,
    TrainingRecord,
    UnitRecord,
    UnitVersionRecord,
)
from partyorg.cadres.models import (
    Employment,
    EmploymentEnd,
    HoldingMode,
    PlanningEntry,
    PlanningExit,
    PlanningReview,
    PostEnd,
    PostHolding,
    Programme,
    StaffCategory,
    StaffingQuota,
    StateLevel,
    StateRating,
    TrainingEnrolment,
    TrainingOutcome,
    Unit,
    UnitVersion,
)
from partyorg.cadres.tests.cast import ENTERED, build, post
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.scope_check import out_of_scope
from partyorg.members.models import Person
from partyorg.organizations.models import Organization

pytestmark = pytest.mark.django_db

KINDS = (
    UnitRecord,
    UnitVersionRecord,
    StaffingQuotaRecord,
    EmploymentRecord,
    PostHoldingRecord,
    TrainingRecord,
    StateRatingRecord,
    PlanningEntryRecord,
    PlanningReviewRecord,
)
MODELS = (
    Unit,
    UnitVersion,
    StaffingQuota,
    Employment,
    PostHolding,
    TrainingEnrolment,
    StateRating,
    PlanningEntry,
    PlanningReview,
)


class Discard(Exception):
    pass


def build_records() -> None:
    cast = build()
    services.rename_unit.within(
        cast.commission, "Ban Tổ chức Tỉnh ủy Hòa Sơn", on=date(2020, 1, 1), **ENTERED
    )
    quota = services.set_staffing.within(
        cast.commission,
        year=2018,
        approved=30,
        decided_on=date(2017, 12, 20),
        **ENTERED,
    )
    services.correct.within(quota, changes={"approved": 31}, note="Giao bổ sung", **ENTERED)
    who = testing.person("Lò Thị Hoa", sex="female", birth_date=date(1978, 3, 2))
    job = services.start_employment.within(
        who,
        cast.commission,
        on=date(2010, 3, 1),
        category=StaffCategory.CIVIL_SERVANT,
        department=cast.departments[1],
        rank="Chuyên viên chính",
        rank_class="principal_specialist",
        start_reason="recruited_exam",
        salary_step=3,
        salary_coefficient=Decimal("5.08"),
        managed_by=cast.tree.province,
        **ENTERED,
    )
    services.end_employment.within(job, on=date(2019, 1, 1), reason=EmploymentEnd.TRANSFERRED, **ENTERED)
    services.start_employment.within(
        who,
        cast.district_committee,
        on=date(2019, 1, 1),
        category=StaffCategory.CADRE,
        **ENTERED,
    )
    held = services.appoint.within(
        who,
        post("pho_truong_ban_tinh_uy"),
        cast.commission,
        on=date(2016, 4, 1),
        mode=HoldingMode.APPOINTED,
        dossier_received_on=date(2016, 3, 10),
        **ENTERED,
    )
    services.end_post.within(held, on=date(2019, 1, 1), reason=PostEnd.TRANSFERRED, **ENTERED)
    services.start_training.within(
        who,
        services.Course(Programme.DEGREE, "master", "Quản lý công"),
        on=date(2012, 6, 1),
        start_known=False,
        completed_on=date(2012, 6, 1),
        **ENTERED,
    )
    course = services.start_training.within(
        who,
        services.Course(Programme.POLITICAL_THEORY, "senior"),
        on=date(2017, 9, 5),
        **ENTERED,
    )
    services.end_training.within(
        course,
        on=date(2019, 8, 20),
        outcome=TrainingOutcome.COMPLETED,
        certificate="Bằng cao cấp",
        **ENTERED,
    )
    rating = services.rate_state.within(
        who,
        cast.commission,
        year=2017,
        rated_on=date(2017, 12, 10),
        level=StateLevel.GOOD,
        **ENTERED,
    )
    services.withdraw.within(rating, note="Nhập nhầm người", **ENTERED)
    services.rate_state.within(
        who,
        cast.district_committee,
        year=2025,
        rated_on=date(2025, 12, 3),
        level=StateLevel.GOOD,
        **ENTERED,
    )
    entry = services.plan.within(
        who,
        post("chu_tich_ubnd_huyen"),
        cast.district_committee,
        term_first_year=2020,
        term_last_year=2025,
        on=date(2019, 5, 1),
        **ENTERED,
    )
    services.review_planning.within(
        cast.district_committee,
        term_first_year=2020,
        term_last_year=2025,
        year=2020,
        reviewed_on=date(2020, 11, 2),
        **ENTERED,
    )
    services.exit_planning.within(entry, on=date(2020, 11, 2), reason=PlanningExit.ANNUAL_REVIEW, **ENTERED)


def rows_now() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def exported() -> list:
    try:
        with transaction.atomic():
            build_records()
            records, rows = list(dump()), rows_now()
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return [records, rows]


def located(records: list) -> list:
    return [(Location("Tệp", i + 2), r) for i, r in enumerate(records)]


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_cadre_records_round_trip_through_both_files(exported: list, tmp_path, suffix: str) -> None:
    records, rows = exported
    assert {type(r) for r in records} >= set(KINDS)
    path = tmp_path / f"canbo{suffix}"
    write_file(records, path)
    catalogue.load()  # the post catalogue is the deployment's table, not part of a file
    report = load(read_file(path))
    assert rows_now() == rows
    for kind in KINDS:
        assert report.created[kind.TYPE] == sum(type(r) is kind for r in records), kind.TYPE
    assert list(dump()) == records
    again = load(read_file(path))
    assert sum(again.created.values()) == 0
    assert rows_now() == rows


def test_a_web_import_of_another_subtrees_cadre_records_is_refused(exported: list) -> None:
    """A user who edits the commune (Nà Tấu, beside the district's units and under the province's)
    may import none of the cadre records of the province's commission or the district's People's
    Committee: every cadre record is refused, naming its organization."""
    records, _ = exported
    base = [r for r in records if type(r) not in KINDS]
    catalogue.load()
    load(located(base))
    user = testing.user_with("xa.natau", (Organization.objects.get(code="T.H.X"), Role.EDIT))
    rows = located([r for r in records if type(r) in KINDS])
    problems = out_of_scope(rows, Scope(user, date(2026, 6, 1)))
    refused_rows = {p.location.row for p in problems if p.location}
    assert refused_rows == {loc.row for loc, _ in rows}
    assert any("“T”" in str(p) for p in problems) and any("“T.H”" in str(p) for p in problems)
