"""Disciplinary measures and commendations on the small tree of ``partyorg.testing``: RULES.md §2.10,
§2.3, and the expulsion recorded once, as the member's event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import DatabaseError, transaction

from partyorg import testing
from partyorg.discipline import queries, services
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.discipline.services import DisciplineRefused
from partyorg.members import services as member_services
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.members.services import timeline_of
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

BY = testing.OFFICER
BASIS = testing.BASIS


def test_expulsion_is_the_members_event_and_withdrawing_it_voids_the_event() -> None:
    """RULES.md §2.10, §2.14: khai trừ is both the sanction and the EXPELLED event (typed once)."""
    tree = testing.build_tree()
    an = testing.person("Quàng Văn An")
    testing.admit(an, tree.cell_a, date(2010, 3, 1))
    measure = services.discipline_member(
        an,
        "expulsion",
        date(2021, 5, 10),
        deciding_body="Ban Thường vụ Huyện ủy Mường Khoa",
        votes_for=7,
        entitled_voters=9,
        legal_basis=BASIS,
        recorded_by=BY,
    )
    assert measure.event is not None and measure.event.kind == EventKind.EXPELLED
    assert measure.organization_id == tree.cell_a.pk
    assert not timeline_of(an).state_on(date(2021, 5, 11)).member
    services.withdraw_measure(measure, legal_basis=BASIS, recorded_by=BY, note="Hủy theo khiếu nại")
    assert timeline_of(an).state_on(date(2021, 5, 11)).member
    assert MembershipEvent.objects.filter(person=an, kind=EventKind.VOIDED).count() == 1
    assert not queries.measures_in_force().exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        DisciplinaryMeasure.objects.filter(pk=measure.pk).delete()


def test_a_probationary_member_is_reprimanded_or_warned_only_and_listed_for_recognition() -> None:
    """RULES.md §2.3 [V]: only reprimand or warning during probation; the cell still considers
    recognition at the end of probation and weighs the measure."""
    tree = testing.build_tree()
    mai = testing.person("Lò Thị Mai", sex="female", birth_date=date(1998, 1, 2))
    testing.admit(mai, tree.cell_b, date(2024, 9, 2), ceremony_on=date(2024, 9, 12), recognize=False)
    with pytest.raises(RuleViolation) as excinfo:
        services.discipline_member(mai, "expulsion", date(2025, 3, 3), legal_basis=BASIS, recorded_by=BY)
    assert excinfo.value.message == (
        "Không thể áp dụng hình thức “Khai trừ” với đảng viên dự bị (ngày 03/03/2025); chỉ được: "
        "khiển trách, "
        "cảnh cáo."
    )
    assert not MembershipEvent.objects.filter(person=mai, kind=EventKind.EXPELLED).exists()
    warning = services.discipline_member(mai, "warning", date(2025, 3, 3), legal_basis=BASIS, recorded_by=BY)
    found = queries.disciplined_during_probation({tree.cell_b.pk}, date(2025, 9, 12))
    assert [(interval.person_id, measure.pk) for interval, measure in found] == [(mai.pk, warning.pk)]


def test_vote_below_two_thirds_refuses_removal_from_post() -> None:
    """RULES.md §2.10 [P]: > 2/3 of all entitled voters for cách chức."""
    tree = testing.build_tree()
    an = testing.person()
    testing.admit(an, tree.school, date(2010, 3, 1))
    with pytest.raises(RuleViolation) as excinfo:
        services.discipline_member(
            an,
            "removal_from_post",
            date(2022, 5, 10),
            post="Bí thư chi bộ",
            votes_for=6,
            entitled_voters=9,
            legal_basis=BASIS,
            recorded_by=BY,
        )
    assert excinfo.value.code == "discipline.vote"


def test_organizations_and_commendations() -> None:
    """RULES.md §2.10 [V]: an organization is reprimanded, warned or dissolved, never expelled."""
    tree = testing.build_tree()
    with pytest.raises(RuleViolation):
        services.discipline_organization(
            tree.cell_a, "expulsion", date(2022, 1, 5), legal_basis=BASIS, recorded_by=BY
        )
    services.discipline_organization(
        tree.cell_a, "warning", date(2022, 1, 5), legal_basis=BASIS, recorded_by=BY
    )
    assert [m.sanction for m in queries.measures_for({tree.cell_a.pk})] == ["warning"]
    an = testing.person()
    with pytest.raises(DisciplineRefused):
        services.commend(
            person=an,
            title="Giấy khen",
            awarded_on=date(2022, 1, 5),
            awarding_body="Đảng ủy xã",
            legal_basis=BASIS,
            recorded_by=BY,
        )
    testing.admit(an, tree.cell_a, date(2010, 3, 1))
    c = services.commend(
        person=an,
        title="Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền",
        awarded_on=date(2022, 1, 5),
        awarding_body="Đảng ủy xã Nà Tấu",
        for_year=2021,
        years=5,
        legal_basis=BASIS,
        recorded_by=BY,
    )
    assert list(queries.commendations_for({tree.cell_a.pk})) == [c]
    services.withdraw_commendation(c, recorded_by=BY, note="nhập nhầm")
    assert not queries.commendations_for({tree.cell_a.pk}).exists()


def test_an_expulsion_whose_event_is_already_recorded_links_it_and_keeps_the_given_uid() -> None:
    """An import carries the EXPELLED event on its own sheet: the service checks it is the member's
    expulsion of the decision's day, judges the member as they were the day before, links the event
    instead of recording a second one, and keeps the file's uid and recorded_at; the withdrawal
    then needs that event voided already, and voids nothing itself."""
    tree = testing.build_tree()
    an = testing.person("Quàng Văn An")
    testing.admit(an, tree.cell_a, date(2010, 3, 1))
    decided = date(2021, 5, 10)
    expelled = member_services.record_event(
        an, EventKind.EXPELLED, decided, organization=tree.cell_a, legal_basis=BASIS, recorded_by=BY
    )
    warned_on = date(2021, 5, 9)
    with pytest.raises(DisciplineRefused, match="Chỉ quyết định khai trừ"):
        services.discipline_member(
            an, "warning", warned_on, legal_basis=BASIS, recorded_by=BY, event=expelled
        )
    with pytest.raises(DisciplineRefused, match="phải là sự kiện khai trừ"):
        services.discipline_member(
            an, "expulsion", warned_on, legal_basis=BASIS, recorded_by=BY, event=expelled
        )
    uid = "0b7f6a52-3c1e-4f7e-9a51-2d7a1c9e0a01"
    at = datetime(2021, 5, 12, 8, 30, tzinfo=UTC)
    measure = services.discipline_member(
        an, "expulsion", decided, legal_basis=BASIS, recorded_by=BY, event=expelled, uid=uid, recorded_at=at
    )
    measure.refresh_from_db()
    assert (str(measure.uid), measure.recorded_at, measure.event_id) == (uid, at, expelled.pk)
    assert measure.organization_id == tree.cell_a.pk  # where the member was the day before
    assert MembershipEvent.objects.filter(person=an, kind=EventKind.EXPELLED).count() == 1
    with pytest.raises(DisciplineRefused, match="phải được hủy cùng"):
        services.withdraw_measure(
            measure, legal_basis=BASIS, recorded_by=BY, note="Hủy theo khiếu nại", event_voided=True
        )
    member_services.void_event(expelled, recorded_by=BY, legal_basis=BASIS, note="Hủy theo khiếu nại")
    services.withdraw_measure(
        measure, legal_basis=BASIS, recorded_by=BY, note="Hủy theo khiếu nại", event_voided=True
    )
    assert MembershipEvent.objects.filter(person=an, kind=EventKind.VOIDED).count() == 1
    assert not queries.measures_in_force().exists()
