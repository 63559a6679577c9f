"""Recording a person's party life through the services, on the test cast of partyorg.testing."""

from datetime import date

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError

from partyorg import testing
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent, MembershipInterval
from partyorg.members.queries import person_on
from partyorg.members.services import EventRefused, Override
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return testing.build_tree()


def test_an_admission_makes_a_probationary_then_official_member(tree):
    """RULES.md §2.3 [V], HD 01-HD/TW (2016) example: decision 26/7/2015, official 12 months after
    the ceremony, party age from the decision."""
    pom = testing.person()
    testing.admit(pom, tree.cell_a, date(2015, 7, 26), ceremony_on=date(2015, 7, 26))
    assert person_on(pom, date(2015, 7, 25)).is_member is False
    during = person_on(pom, date(2016, 1, 1))
    assert (during.status, during.organization.name) == ("probationary", "Chi bộ bản Na Ten")
    assert during.party_age is None  # party age counts only for official members
    assert during.recognition_due_on == date(2016, 7, 26)
    after = person_on(pom, date(2016, 7, 26))
    assert after.status == "official"
    assert after.party_age.years == 1 and after.first_decision_on == date(2015, 7, 26)


def test_a_late_ceremony_is_refused_unless_overridden_with_a_reason(tree):
    """RULES.md §2.2 step 8 [V] (QĐ 232 §4.1, from 20/01/2025): the ceremony within 30 working days
    of the decision."""
    pom = testing.person()
    testing.record(pom, K.ADMISSION_DECIDED, date(2025, 3, 3), organization=tree.cell_a)
    with pytest.raises(RuleViolation) as refused:
        testing.record(pom, K.ADMISSION_CEREMONY, date(2025, 6, 3))
    assert refused.value.code == "admission.ceremony_deadline"
    assert "30 ngày làm việc" in str(refused.value)
    assert not MembershipEvent.objects.filter(kind=K.ADMISSION_CEREMONY).exists()
    event = testing.record(
        pom,
        K.ADMISSION_CEREMONY,
        date(2025, 6, 3),
        override=Override("admission.ceremony_deadline", "Cấp trên trực tiếp đã đồng ý bằng văn bản"),
    )
    assert event.override_reason == "Cấp trên trực tiếp đã đồng ý bằng văn bản"
    assert person_on(pom, date(2025, 6, 3)).status == "probationary"


def test_an_event_is_judged_by_the_rules_known_on_its_own_date(tree):
    """A ceremony of 2024, 3 months after its decision, is not refused by QĐ 232 of 20/01/2025:
    RULES.md §2.2 cites no earlier text for the 30-working-day deadline."""
    pom = testing.person()
    testing.record(pom, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=tree.cell_a)
    assert testing.record(pom, K.ADMISSION_CEREMONY, date(2024, 6, 3)).override_rule == ""


def test_an_override_for_another_rule_does_not_unlock_the_refusal(tree):
    pom = testing.person(birth_date=date(2008, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        testing.record(
            pom,
            K.ADMISSION_DECIDED,
            date(2024, 3, 1),
            organization=tree.cell_a,
            override=Override("admission.ceremony_deadline", "không liên quan"),
        )
    assert refused.value.code.startswith("admission.age")


def test_an_event_that_contradicts_the_history_is_refused(tree):
    pom = testing.person()
    with pytest.raises(EventRefused, match="Lễ kết nạp phải sau quyết định kết nạp"):
        testing.record(pom, K.ADMISSION_CEREMONY, date(2024, 3, 1), organization=tree.cell_a)


def test_an_event_at_an_organization_that_did_not_exist_is_refused(tree):
    pom = testing.person()
    with pytest.raises(EventRefused, match="không tồn tại vào ngày 01/01/1999"):
        testing.record(pom, K.ADMISSION_DECIDED, date(1999, 1, 1), organization=tree.cell_a)


def test_a_correction_changes_every_answer_and_keeps_the_original(tree):
    pom = testing.person()
    testing.record(pom, K.TRANSFER_IN, date(2010, 1, 4), organization=tree.cell_a, detail="official")
    wrong = testing.record(pom, K.TRANSFER_OUT, date(2012, 3, 1), other_organization=tree.school)
    assert person_on(pom, date(2012, 3, 2)).in_transit
    services.correct_event(
        wrong,
        effective_on=date(2013, 3, 1),
        recorded_by="bantochuc.tinh",
        legal_basis=testing.BASIS,
        note="Nhập sai năm",
    )
    on = person_on(pom, date(2012, 3, 2))
    assert (on.in_transit, on.organization.name) == (False, "Chi bộ bản Na Ten")
    assert MembershipEvent.objects.filter(pk=wrong.pk).exists()
    assert wrong.corrections.get().note == "Nhập sai năm"


def test_the_log_refuses_update_and_delete_in_the_database(tree):
    """DESIGN.md invariant: nothing in the event log is updated or deleted."""
    pom = testing.person()
    event = testing.record(pom, K.TRANSFER_IN, date(2010, 1, 4), organization=tree.cell_a)
    for sql in (
        f"UPDATE members_membershipevent SET effective_on = '2011-01-01' WHERE id = {event.pk}",
        f"DELETE FROM members_membershipevent WHERE id = {event.pk}",
    ):
        with (
            pytest.raises((IntegrityError, InternalError, DatabaseError)) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
        assert "append-only" in str(refused.value)
    assert MembershipEvent.objects.get(pk=event.pk).effective_on == date(2010, 1, 4)


def test_rebuilding_from_the_log_gives_the_same_derived_rows(tree):
    a, b = testing.person(), testing.person("Quàng Thị Xuân", sex="female")
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(b, tree.cell_b, date(2011, 5, 2))
    testing.record(a, K.TRANSFER_OUT, date(2014, 2, 3), other_organization=tree.school)
    testing.record(a, K.TRANSFER_IN, date(2014, 2, 20), organization=tree.school)
    testing.record(b, K.TEMPORARY_TRANSFER, date(2015, 1, 5), other_organization=tree.cell_a)
    testing.record(b, K.EXEMPTED, date(2020, 1, 5))

    def snapshot():
        return sorted(
            MembershipInterval.objects.values_list(
                "person_id",
                "organization_id",
                "valid_from",
                "valid_until",
                "status",
                "in_transit",
                "is_exempt",
                "is_suspended",
            )
        )

    before = snapshot()
    # a: probationary, official, in transit, at the school; b: probationary, official, exempt
    assert len(before) == 7
    services.rebuild_all()
    assert snapshot() == before


def test_party_age_subtracts_a_year_of_transfer_interruption(tree):
    """RULES.md §2.4 [V] worked example: admitted 01/10/1989 with one year of transfer interruption
    has not reached 30 years of party age on 01/10/2019."""
    veteran = testing.person("Cầm Văn Sương", birth_date=date(1965, 2, 1))
    testing.record(veteran, K.ADMISSION_DECIDED, date(1989, 10, 1), organization=None)
    testing.record(veteran, K.ADMISSION_CEREMONY, date(1989, 10, 10))
    testing.record(veteran, K.RECOGNIZED_OFFICIAL, date(1990, 10, 10))
    testing.record(veteran, K.TRANSFER_IN, date(2000, 1, 1), organization=tree.cell_a)
    testing.record(veteran, K.INTERRUPTED, date(2003, 1, 1))
    testing.record(veteran, K.INTERRUPTION_ENDED, date(2004, 1, 1))
    on = person_on(veteran, date(2019, 10, 1))
    # Hand-worked: 30 calendar years less the year 2003 = 29 years, 0 months, 0 days.
    assert (on.party_age.years, on.party_age.months, on.party_age.days) == (29, 0, 0)
    # 30 years are reached one year after 01/10/2019, on 01/10/2020: a one-year gap costs one year
    # (RULES.md §2.4 [U], rules/config.py (11), calendar reading); the early award for a seriously ill
    # member may come 12 months sooner (RULES.md §2.6 [V]).
    assert on.next_badge.milestone == 30
    assert on.next_badge.due_on == date(2020, 10, 1)
    assert on.next_badge.earliest_on == date(2019, 10, 1)


def test_readmission_waits_36_months_happens_once_and_counts_party_age_from_the_first_decision(tree):
    """RULES.md §2.12 [V] (QĐ 24 §3.5, 30/07/2021): at least 36 months after leaving, only once,
    probation again; §2.4 [V]: party age from the first decision, less the time outside the Party."""
    ha = testing.person("Hà Văn Thắm", birth_date=date(1975, 3, 3))
    testing.admit(ha, tree.cell_a, date(2010, 1, 1))
    testing.record(ha, K.REMOVED, date(2022, 1, 1), detail="other")
    with pytest.raises(RuleViolation) as refused:
        testing.record(ha, K.READMISSION_DECIDED, date(2024, 6, 3), organization=tree.cell_b)
    assert refused.value.code == "readmission.waiting"
    assert "từ ngày 01/01/2025" in refused.value.message
    testing.record(ha, K.READMISSION_DECIDED, date(2025, 1, 1), organization=tree.cell_b)
    testing.record(ha, K.ADMISSION_CEREMONY, date(2025, 1, 10))
    assert person_on(ha, date(2025, 6, 1)).status == "probationary"  # probation again
    testing.record(ha, K.RECOGNIZED_OFFICIAL, date(2026, 1, 10))
    on = person_on(ha, date(2026, 3, 1))
    # Hand-worked: 01/01/2010 → 01/03/2026 less the 1.096 days outside the Party (01/01/2022 →
    # 01/01/2025, 2024 a leap year) = 01/01/2010 → 01/03/2023: 13 years 2 months 0 days.
    assert (on.party_age.years, on.party_age.months, on.party_age.days) == (13, 2, 0)
    assert on.first_decision_on == date(2010, 1, 1)
    testing.record(ha, K.WITHDRAWN, date(2026, 2, 2), detail="other")
    with pytest.raises(RuleViolation) as again:
        testing.record(ha, K.READMISSION_DECIDED, date(2026, 6, 1), organization=tree.cell_b)
    assert again.value.code == "readmission.once"


def test_a_ceremony_at_a_cell_merged_away_after_the_decision_is_refused(tree):
    from partyorg.organizations.models import OrgKind
    from partyorg.organizations.services import OrgState

    pom = testing.person()
    testing.record(pom, K.ADMISSION_DECIDED, date(2025, 12, 20), organization=tree.cell_a)
    services.merge_organizations(
        [tree.cell_a, tree.cell_b],
        tree.cell_b,
        effective_on=date(2026, 1, 1),
        target_state=OrgState("Chi bộ ghép", OrgKind.CELL, tree.commune, is_combined=True),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    with pytest.raises(EventRefused, match="không còn tồn tại"):
        testing.record(pom, K.ADMISSION_CEREMONY, date(2026, 1, 5))
    testing.record(pom, K.ADMISSION_CEREMONY, date(2026, 1, 5), organization=tree.cell_b)
    assert person_on(pom, date(2026, 1, 5)).organization.name == "Chi bộ ghép"
