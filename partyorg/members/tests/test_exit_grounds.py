"""An exit's ground, a coded field of its own (issue 15; RULES.md §2.12 for the grounds)."""

import importlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core import append_only
from partyorg.core.records import LegalBasis
from partyorg.members import services
from partyorg.members.models import EventKind as K
from partyorg.members.models import ExitGround, MembershipEvent
from partyorg.members.services import EventRefused
from partyorg.rules import readmission
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

migration = importlib.import_module("partyorg.members.migrations.0008_exit_ground_own_field")


@pytest.fixture
def tree():
    return testing.build_tree()


def test_the_coded_grounds_are_those_the_readmission_rule_knows():
    assert tuple(ExitGround.values) == readmission.EXIT_GROUNDS
    assert set(migration.EXIT_GROUNDS) <= set(readmission.EXIT_GROUNDS)  # those of its day


@pytest.mark.parametrize(
    ("ground", "excluded"),
    [("withdrawal", True), ("withdrawal_family_hardship", False), ("other", False)],
)
def test_a_withdrawal_for_family_hardship_is_not_excluded_from_readmission(ground, excluded):
    """RULES.md §2.12 [V] (QĐ 24 §3.5.2, point 2): one who applied to leave is never re-admitted,
    "except for very difficult family reasons". Recorded as the exit's own ground, the exception
    needs nothing at the re-admission; the waiting time of 36 months still applies."""
    decide = {"exit_on": date(2021, 9, 1), "exit_ground": ground, "previous_readmissions": 0}
    if excluded:
        with pytest.raises(RuleViolation, match="làm đơn xin ra khỏi Đảng"):
            readmission.check_readmission(decided_on=date(2024, 9, 2), **decide)
    else:
        readmission.check_readmission(decided_on=date(2024, 9, 2), **decide)
        with pytest.raises(RuleViolation, match="36 tháng"):
            readmission.check_readmission(decided_on=date(2024, 8, 30), **decide)


class _Editor:
    """What append_only needs of a schema editor, on the test's own connection: SQLite's schema
    editor cannot open inside the test's transaction."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_moves_the_grounds_stored_in_detail_and_nothing_else(tree):
    """Before the field, ``detail`` held an exit's ground beside free text, a badge's milestone and a
    temporary transfer's reason: only a coded ground on a removal, expulsion or withdrawal moves."""
    ban, ca, xuan = (
        testing.person("Lò Văn Ban"),
        testing.person("Cà Văn Ca"),
        testing.person("Quàng Thị Xuân", sex="female"),
    )
    for who in (ban, ca, xuan):
        testing.admit(who, tree.cell_a, date(2001, 3, 1))
    stay = testing.record(
        xuan, K.TEMPORARY_TRANSFER, date(2005, 1, 5), other_organization=tree.cell_b, detail="study"
    )
    expelled = testing.record(ban, K.EXPELLED, date(2010, 4, 2), detail="corruption_conviction")
    removed = testing.record(ca, K.REMOVED, date(2011, 5, 3), detail="Bỏ sinh hoạt, chi bộ đã gặp 3 lần")
    withdrawn = testing.record(xuan, K.WITHDRAWN, date(2012, 6, 4), detail="withdrawal")
    with transaction.atomic():
        migration.move_grounds(apps, _Editor())
    got = {
        e.pk: (e.detail, e.exit_ground)
        for e in MembershipEvent.objects.filter(pk__in=[stay.pk, expelled.pk, removed.pk, withdrawn.pk])
    }
    assert got == {
        stay.pk: ("study", ""),
        expelled.pk: ("", "corruption_conviction"),
        removed.pk: ("Bỏ sinh hoạt, chi bộ đã gặp 3 lần", ""),
        withdrawn.pk: ("", "withdrawal"),
    }
    # The log is append-only again once the move is done (DESIGN.md invariant).
    assert "members_membershipevent" in append_only.tables(connection)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE members_membershipevent SET detail = 'x' WHERE id = {stay.pk}")


def test_an_exit_is_recorded_with_its_ground(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    event = testing.record(
        ban, K.EXPELLED, date(2010, 4, 2), exit_ground="corruption_conviction", detail="Án 2009"
    )
    event.refresh_from_db()
    assert (event.exit_ground, event.detail) == ("corruption_conviction", "Án 2009")


def test_a_ground_that_is_not_coded_or_not_on_an_exit_is_refused_and_nothing_is_written(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    before = MembershipEvent.objects.count()
    with pytest.raises(EventRefused) as refused:
        testing.record(ban, K.REMOVED, date(2010, 4, 2), exit_ground="Bỏ sinh hoạt 3 tháng")
    assert str(refused.value) == "Lý do ra khỏi Đảng không hợp lệ: Bỏ sinh hoạt 3 tháng (Lò Văn Ban)."
    with pytest.raises(EventRefused) as refused:
        testing.record(ban, K.EXEMPTED, date(2010, 4, 2), exit_ground="other")
    assert str(refused.value) == (
        "Lý do ra khỏi Đảng chỉ ghi cho xóa tên, khai trừ hoặc ra khỏi Đảng, "
        "không cho “Miễn công tác và sinh hoạt đảng” (Lò Văn Ban)."
    )
    assert MembershipEvent.objects.count() == before


def test_the_record_command_takes_the_ground(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    with pytest.raises(
        CommandError, match=r"^Bị từ chối: Lý do ra khỏi Đảng không hợp lệ: bored \(Lò Văn Ban\)"
    ):
        call_command(
            "record", ban.code, "withdrawn", "--on", "02/04/2010", "--ground", "bored", stdout=StringIO()
        )
    call_command(
        "record", ban.code, "withdrawn", "--on", "02/04/2010", "--ground", "withdrawal", stdout=StringIO()
    )
    assert MembershipEvent.objects.get(kind=K.WITHDRAWN).exit_ground == "withdrawal"


# -- a re-admission's second legal basis ----------------------------------------------------------

CONSENT = LegalBasis("112-CV/TU", date(2024, 8, 20), "Ban Thường vụ Tỉnh ủy")


def test_a_readmission_carries_the_superiors_consent_beside_its_decision(tree):
    """RULES.md §2.12 [V] (QĐ 24 §3.5): the competent committee decides a re-admission with the
    written consent of the provincial standing committee: two legal bases, both kept."""
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    testing.record(ban, K.REMOVED, date(2021, 3, 1))
    event = testing.record(
        ban, K.READMISSION_DECIDED, date(2024, 9, 2), organization=tree.cell_a, consent=CONSENT
    )
    event.refresh_from_db()
    assert (event.basis_number, event.basis_issuer) == (testing.BASIS.number, testing.BASIS.issuer)
    assert (event.consent_number, event.consent_date, event.consent_issuer) == (
        "112-CV/TU",
        date(2024, 8, 20),
        "Ban Thường vụ Tỉnh ủy",
    )


def test_a_consent_on_another_event_is_refused_and_nothing_is_written(tree):
    ban = testing.person("Lò Văn Ban")
    before = MembershipEvent.objects.count()
    with pytest.raises(EventRefused) as refused:
        testing.record(ban, K.ADMISSION_DECIDED, date(2024, 9, 2), organization=tree.cell_a, consent=CONSENT)
    assert str(refused.value) == (
        "Văn bản đồng ý của cấp trên chỉ ghi cho quyết định kết nạp lại, "
        "không cho “Quyết định kết nạp” (Lò Văn Ban)."
    )
    assert MembershipEvent.objects.count() == before


def test_the_record_command_takes_the_consent(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    testing.record(ban, K.REMOVED, date(2021, 3, 1))
    consent = [
        "--consent-number",
        "112-CV/TU",
        "--consent-date",
        "20/08/2024",
        "--consent-issuer",
        "BTV Tỉnh ủy",
    ]
    call_command(
        "record",
        ban.code,
        "readmission_decided",
        "--on",
        "02/09/2024",
        "--org",
        tree.cell_a.code,
        *consent,
        stdout=StringIO(),
    )
    event = MembershipEvent.objects.get(kind=K.READMISSION_DECIDED)
    assert (event.consent_number, event.consent_date, event.consent_issuer) == (
        "112-CV/TU",
        date(2024, 8, 20),
        "BTV Tỉnh ủy",
    )


# -- the rule reads the ground ------------------------------------------------------------------


def test_a_readmission_after_an_expulsion_for_corruption_is_refused_citing_the_rule(tree):
    """RULES.md §2.12 [V] (QĐ 232-QĐ/TW §3.5.2 from 20/01/2025): never re-admitted, whatever the
    waiting, one who left for a corruption conviction. The expulsion names that ground; 49 months
    later the re-admission is refused with the ground and the document, unless overridden."""
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    testing.record(ban, K.EXPELLED, date(2021, 9, 1), exit_ground="corruption_conviction")
    with pytest.raises(RuleViolation) as refused:
        testing.record(ban, K.READMISSION_DECIDED, date(2025, 10, 1), organization=tree.cell_a)
    assert refused.value.code == "readmission.excluded_grounds_232"
    assert "bị kết án vì tội tham nhũng" in str(refused.value) and "232-QĐ/TW" in str(refused.value)
    assert not MembershipEvent.objects.filter(kind=K.READMISSION_DECIDED).exists()
    # The same expulsion without a ground takes the expulsion's default ("other"): 49 months, allowed.
    ca = testing.person("Cà Văn Ca")
    testing.admit(ca, tree.cell_a, date(2001, 3, 1))
    testing.record(ca, K.EXPELLED, date(2021, 9, 1), detail="corruption_conviction")  # free text now
    testing.record(ca, K.READMISSION_DECIDED, date(2025, 10, 1), organization=tree.cell_a)


def test_a_corrected_exit_keeps_its_ground(tree):
    """A removal recorded on the wrong day and corrected stays a removal for abandoning activity, the
    first excluded ground of RULES.md §2.12 (QĐ 24 §3.5.2)."""
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    wrong = testing.record(ban, K.REMOVED, date(2021, 9, 1), exit_ground="abandoned_activity")
    right = services.correct_event.within(
        wrong, effective_on=date(2021, 9, 2), recorded_by="t", legal_basis=testing.BASIS, note="Sai ngày"
    )
    assert right.exit_ground == "abandoned_activity"
    with pytest.raises(RuleViolation, match="tự bỏ sinh hoạt đảng"):
        testing.record(ban, K.READMISSION_DECIDED, date(2024, 10, 1), organization=tree.cell_a)


def test_a_withdrawal_for_family_hardship_allows_a_readmission_after_the_waiting_time(tree):
    """RULES.md §2.12 [V] (QĐ 24 §3.5.2, point 2): the withdrawal recorded with its family reasons is
    no excluded ground; 36 months and a day later the re-admission is recorded without an override,
    while a plain withdrawal is refused."""
    ban, ca = testing.person("Lò Văn Ban"), testing.person("Cà Văn Ca")
    for who, ground in ((ban, "withdrawal_family_hardship"), (ca, "withdrawal")):
        testing.admit(who, tree.cell_a, date(2001, 3, 1))
        testing.record(who, K.WITHDRAWN, date(2021, 9, 1), exit_ground=ground)
    testing.record(ban, K.READMISSION_DECIDED, date(2024, 9, 2), organization=tree.cell_a)
    with pytest.raises(RuleViolation, match="làm đơn xin ra khỏi Đảng"):
        testing.record(ca, K.READMISSION_DECIDED, date(2024, 9, 2), organization=tree.cell_a)


# -- the member's page --------------------------------------------------------------------------


def post_event(client, person, **fields):
    data = {"kind": "", "effective_on": "", "organization": "", "other_organization": "", **fields}
    return client.post(reverse("record", args=[person.code]), data)


def test_the_page_records_an_exit_with_its_ground_and_only_where_an_exit_can_be(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    officer = testing.client_for(tree.commune, Role.EDIT, "xa")
    page = officer.get(reverse("record", args=[ban.code]), {"on": "01/09/2021"}).content.decode()
    assert 'name="exit_ground"' in page and "Bị kết án vì tội tham nhũng" in page
    wrong_kind = post_event(officer, ban, kind="exempted", effective_on="01/09/2021", exit_ground="other")
    assert "Lý do ra khỏi Đảng chỉ ghi cho xóa tên, khai trừ, ra khỏi Đảng" in wrong_kind.content.decode()
    assert not ban.events.filter(kind=K.EXEMPTED).exists()
    done = post_event(
        officer, ban, kind="expelled", effective_on="01/09/2021", exit_ground="corruption_conviction"
    )
    assert done.status_code == 302
    assert ban.events.get(kind=K.EXPELLED).exit_ground == "corruption_conviction"
    # Nobody can leave twice: the field is not offered once no exit can follow.
    after = officer.get(reverse("record", args=[ban.code]), {"on": "02/09/2021"}).content.decode()
    assert 'name="exit_ground"' not in after


def test_no_one_records_an_exit_with_a_ground_outside_their_scope(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    fields = {"kind": "removed", "effective_on": "01/09/2021", "exit_ground": "abandoned_activity"}
    school = testing.client_for(tree.school, Role.ADMINISTER, "truong")
    viewer = testing.client_for(tree.commune, Role.VIEW, "xem")
    assert post_event(school, ban, **fields).status_code == 404
    assert post_event(viewer, ban, **fields).status_code == 404
    assert not ban.events.filter(kind=K.REMOVED).exists()


def test_the_page_records_a_readmission_with_the_superiors_consent(tree):
    """RULES.md §2.12 [V]: the consent is offered where a re-admission can be recorded, and kept."""
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    officer = testing.client_for(tree.commune, Role.EDIT, "xa")
    member = officer.get(reverse("record", args=[ban.code]), {"on": "01/09/2021"}).content.decode()
    assert 'name="consent_number"' not in member  # a member cannot be re-admitted
    testing.record(ban, K.REMOVED, date(2021, 3, 1))
    page = officer.get(reverse("record", args=[ban.code]), {"on": "02/09/2024"}).content.decode()
    assert 'name="consent_number"' in page and 'name="exit_ground"' not in page
    consent = {"consent_number": "112-CV/TU", "consent_date": "20/08/2024", "consent_issuer": "BTV Tỉnh ủy"}
    wrong = post_event(
        officer, ban, kind="restored", effective_on="02/09/2024", organization="T.H.X.1", **consent
    )
    assert "Văn bản đồng ý của cấp trên chỉ ghi cho quyết định kết nạp lại" in wrong.content.decode()
    done = post_event(
        officer, ban, kind="readmission_decided", effective_on="02/09/2024", organization="T.H.X.1", **consent
    )
    assert done.status_code == 302
    event = ban.events.get(kind=K.READMISSION_DECIDED)
    assert (event.consent_number, event.consent_date, event.consent_issuer, event.recorded_by) == (
        "112-CV/TU",
        date(2024, 8, 20),
        "BTV Tỉnh ủy",
        "xa",
    )
    outsider = testing.client_for(tree.school, Role.ADMINISTER, "truong")
    again = post_event(outsider, ban, kind="readmission_decided", effective_on="03/09/2024", **consent)
    assert again.status_code == 404 and ban.events.filter(kind=K.READMISSION_DECIDED).count() == 1
