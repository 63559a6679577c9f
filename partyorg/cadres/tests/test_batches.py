"""The batches of ``partyorg.cadres.services`` (record_spells, declare_qualifications,
rate_state_many, plan_many): each step checked as its command checks it, the steps before it in
the batch counted; hand-made cases of the commands' own tests (test_services.py), in one call."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.cadres import queries, services
from partyorg.cadres.models import (
    Employment,
    EmploymentEnd,
    HoldingMode,
    PostHolding,
    Programme,
    StaffCategory,
    StateLevel,
    TrainingEnrolment,
)
from partyorg.cadres.services import CadreRefused, Course, NewPlanning, NewStateRating, SpellStep
from partyorg.cadres.tests.cast import BASIS, BY, ENTERED, build, hire, post
from partyorg.reports.statistics.cadres import staff_of

pytestmark = pytest.mark.django_db


def test_a_batch_of_spells_is_checked_step_by_step_and_written_whole() -> None:
    # One budget-paid employment at a time (start_employment's check): a person leaving the
    # commission on 01/07/2025 may start in the district's People's Committee that day, ends first;
    # an elected post ends on the first day out.
    cast = build()
    who = testing.person("Lò Văn Pọm")
    steps = [
        SpellStep(Employment, who, date(2015, 3, 1), cast.commission, {"category": StaffCategory.CADRE}),
        SpellStep(Employment, who, date(2025, 7, 1), ends=0, reason=EmploymentEnd.TRANSFERRED),
        SpellStep(
            Employment, who, date(2025, 7, 1), cast.district_committee, {"category": StaffCategory.CADRE}
        ),
        SpellStep(
            PostHolding,
            who,
            date(2025, 7, 1),
            cast.district_committee,
            {"post": post("chu_tich_ubnd_huyen"), "mode": HoldingMode.ELECTED},
        ),
    ]
    rows = services.record_spells(steps, recorded_by=BY)
    assert [r.kind for r in rows] == ["started", "ended", "started", "started"]
    assert rows[1].ends_id == rows[0].pk and rows[1].effective_on == date(2025, 7, 1)
    assert list(queries.employments_on(date(2025, 7, 1)).values_list("unit__code", flat=True)) == ["UBND.H"]
    assert staff_of([cast.commission], date(2025, 6, 30)).total.value == 1


def test_a_batch_is_written_in_the_order_it_is_checked_so_an_import_reads_it_again_in_that_order(
    tmp_path,
) -> None:
    """The rows' order is the order an export writes them in and an import checks them in again,
    one at a time: an end must come before the next start of the same person (the demo's own export
    was refused, "đang công tác tại …", when a batch wrote every start before every end)."""
    from django.db import transaction

    from partyorg.exchange.dump import dump
    from partyorg.exchange.formats import read_file, write_file
    from partyorg.exchange.load import load

    path = tmp_path / "tinh.jsonl"
    try:
        with transaction.atomic():  # rolled back: the file is then loaded into an empty database
            cast = build()
            who = testing.person("Lò Văn Pọm")
            steps = [
                SpellStep(Employment, who, date(2015, 3, 1), cast.commission, {"category": "cadre"}),
                SpellStep(Employment, who, date(2020, 7, 1), cast.district_committee, {"category": "cadre"}),
                SpellStep(Employment, who, date(2020, 7, 1), ends=0, reason=EmploymentEnd.TRANSFERRED),
                SpellStep(
                    PostHolding,
                    who,
                    date(2020, 7, 1),
                    cast.district_committee,
                    {"post": post("chu_tich_ubnd_huyen"), "mode": HoldingMode.ELECTED},
                ),
            ]
            rows = services.record_spells.within(steps, recorded_by=BY)
            assert rows[2].pk < rows[1].pk  # checked ends first on a day, written so
            write_file(dump(), path)
            raise _Discard
    except _Discard:
        pass
    assert not Employment.objects.exists()
    load(read_file(path))
    assert list(queries.employments_on(date(2020, 7, 1)).values_list("unit__code", flat=True)) == ["UBND.H"]
    assert Employment.objects.count() == 3
    # The default catalogue of posts is not in the file: the load adds it for the post it names.
    assert PostHolding.objects.get().post.code == "chu_tich_ubnd_huyen"


class _Discard(Exception):
    pass


def test_a_batch_refuses_a_second_employment_and_an_appointment_whole() -> None:
    cast = build()
    who = testing.person("Quàng Văn Chính")
    hire(who, cast.commission)  # from 01/03/2015, open
    second = [SpellStep(Employment, who, date(2016, 1, 4), cast.district_committee, {"category": "cadre"})]
    with pytest.raises(CadreRefused) as refused:
        services.record_spells(second, recorded_by=BY)
    assert refused.value.message == (
        f"Quàng Văn Chính ({who.code}) đang công tác tại BTC từ ngày 01/03/2015: "
        "hãy kết thúc quá trình đó trước."
    )
    appointed = [
        SpellStep(
            PostHolding,
            who,
            date(2016, 1, 4),
            cast.commission,
            {"post": post("pho_truong_ban_tinh_uy"), "mode": HoldingMode.APPOINTED},
        )
    ]
    with pytest.raises(CadreRefused):  # its age and planning are appoint's to check
        services.record_spells(appointed, recorded_by=BY)
    assert Employment.objects.count() == 1 and not PostHolding.objects.exists()


def test_declared_qualifications_count_as_completed_on_their_day() -> None:
    cast = build()
    who = testing.person("Lò Thị Xuân")
    hire(who, cast.commission)
    services.declare_qualifications(
        [
            (who, Course(Programme.DEGREE, "master"), date(2012, 6, 30), BASIS),
            (who, Course(Programme.POLITICAL_THEORY, "senior"), date(2014, 6, 30), BASIS),
        ],
        recorded_by=BY,
    )
    assert TrainingEnrolment.objects.count() == 4  # each a STARTED and an ENDED row
    staff = staff_of([cast.commission], date(2015, 3, 1))
    assert (staff.degree["master"].value, staff.theory["senior_or_bachelor"].value) == (1, 1)
    with pytest.raises(CadreRefused):  # a level its programme does not take (start_training's check)
        services.declare_qualifications(
            [(who, Course(Programme.DEGREE, "senior"), date(2015, 1, 1), BASIS)], recorded_by=BY
        )


def test_ratings_in_a_batch_keep_the_excellent_cap_counting_the_batch() -> None:
    # RULES.md §11.3 (ND 90/2020, ND 48/2023): excellent at most 20 % of "good" in the unit and year;
    # with none "good" before it, the first excellent is refused and returned, the others written.
    cast = build()
    people = [testing.person(f"Cán bộ {i}") for i in range(3)]
    for who in people:
        hire(who, cast.commission)
    entries = [
        NewStateRating(people[0], cast.commission, 2024, date(2024, 12, 10), StateLevel.EXCELLENT),
        NewStateRating(people[1], cast.commission, 2024, date(2024, 12, 10), StateLevel.GOOD),
        NewStateRating(people[2], cast.commission, 2024, date(2024, 12, 10), StateLevel.FULFILLED),
    ]
    made, refused = services.rate_state_many(entries, recorded_by=BY)
    assert [r.person_id for r in made] == [people[1].pk, people[2].pk]
    assert [(e.person.pk, r.code) for e, r in refused] == [(people[0].pk, "state_ratings.excellent_cap_90")]
    again, _ = services.rate_state_many(
        [NewStateRating(people[1], cast.commission, 2024, date(2024, 12, 10), StateLevel.GOOD)],
        recorded_by=BY,
    )
    assert again == []  # rated twice: refused (rate_state's check)


def test_planning_in_a_batch_takes_three_people_a_position() -> None:
    # QĐ 377-QĐ/TW, RULES.md §11.4: the fourth deputy planned for the head's post the same day is
    # refused, the three before it in the batch counted (test_services' case, in one call).
    cast = build()
    deputies = []
    for i in range(4):
        who = testing.person(f"Phó Trưởng ban {i + 1}")
        hire(who, cast.commission)
        deputy = post("pho_truong_ban_tinh_uy")
        services.appoint(
            who, deputy, cast.commission, on=date(2020, 1, 1), mode=HoldingMode.APPOINTED, **ENTERED
        )
        deputies.append(who)
    entries = [
        NewPlanning(who, post("truong_ban_tinh_uy"), cast.commission, 2030, 2035, date(2025, 11, 1))
        for who in deputies
    ]
    made, refused = services.plan_many(entries, recorded_by=BY)
    assert [e.person_id for e in made] == [d.pk for d in deputies[:3]]
    assert [(e.person.pk, r.code) for e, r in refused] == [(deputies[3].pk, "planning.limits_377")]


def test_units_dissolved_together_refuse_one_with_people_still_working() -> None:
    # dissolve_unit's check, for the reform's many units at once: the district People's Committee
    # with someone still working on 01/07/2025 is refused with dissolve_unit's message; ended, both
    # units dissolve that day.
    cast = build()
    who = testing.person("Quàng Văn Chính")
    job = hire(who, cast.district_committee)
    with pytest.raises(CadreRefused) as refused:
        services.dissolve_units([cast.school, cast.district_committee], on=date(2025, 7, 1), **ENTERED)
    assert refused.value.message == (
        f"Quàng Văn Chính ({who.code}) vẫn công tác tại đơn vị UBND.H vào ngày 01/07/2025: "
        "hãy kết thúc trước khi giải thể."
    )
    services.end_employment(job, on=date(2025, 7, 1), reason=EmploymentEnd.RESTRUCTURED, **ENTERED)
    services.dissolve_units([cast.school, cast.district_committee], on=date(2025, 7, 1), **ENTERED)
    assert queries.unit_name_on(cast.district_committee, date(2025, 7, 1)) is None
    assert queries.unit_name_on(cast.school, date(2025, 6, 30)) == "Trường THCS Mường Khoa"


def test_a_batch_ends_a_stored_start_as_end_employment_does() -> None:
    """``SpellStep.start``: the end of a start stored before the batch (an import's run of one day
    ends what an earlier day began), checked as end_employment checks it: ended once, after its
    start, and only while in force; the uid, recorder and day given are kept."""
    cast = build()
    who = testing.person("Quàng Văn Chính")
    job = hire(who, cast.commission)  # from 01/03/2015
    uid = "3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b"
    steps = [
        SpellStep(
            Employment,
            who,
            date(2020, 7, 1),
            start=job,
            reason=EmploymentEnd.TRANSFERRED,
            uid=uid,
            recorded_by="x",
        ),
        SpellStep(Employment, who, date(2020, 7, 1), cast.district_committee, {"category": "cadre"}),
    ]
    ended, started = services.record_spells(steps, recorded_by=BY)
    assert (str(ended.uid), ended.recorded_by, ended.ends_id, ended.unit_id) == (
        uid,
        "x",
        job.pk,
        job.unit_id,
    )
    assert started.recorded_by == BY
    assert list(queries.employments_on(date(2020, 7, 1)).values_list("unit__code", flat=True)) == ["UBND.H"]
    again = [SpellStep(Employment, who, date(2021, 1, 1), start=job, reason=EmploymentEnd.TRANSFERRED)]
    with pytest.raises(CadreRefused) as refused:
        services.record_spells(again, recorded_by=BY)
    assert refused.value.message == f"Quá trình công tác của Quàng Văn Chính ({who.code}) đã kết thúc."
    later = hire(testing.person("Lò Thị Hoa"), cast.commission, on=date(2019, 5, 2))
    early = [
        SpellStep(Employment, later.person, date(2019, 5, 2), start=later, reason=EmploymentEnd.TRANSFERRED)
    ]
    with pytest.raises(CadreRefused, match="ngày kết thúc 02/05/2019 phải sau đó"):
        services.record_spells(early, recorded_by=BY)
    services.withdraw(later, note="Nhập nhầm", **ENTERED)
    gone = [
        SpellStep(Employment, later.person, date(2020, 1, 1), start=later, reason=EmploymentEnd.TRANSFERRED)
    ]
    with pytest.raises(CadreRefused, match="không còn hiệu lực"):
        services.record_spells(gone, recorded_by=BY)
    assert Employment.objects.count() == 5  # two starts, the end, the next start, the withdrawal
