"""A rule's refusal on a form: it names what is wrong (in a cell's roster, the member and the missing
score); the form keeps what was typed and offers both "Ghi lại" (the rules checked again, no reason
asked) and "Vẫn ghi, có lý do" (the override, which alone asks for the reason). The record-event form
offers the kinds that can follow the person's history, by the same replay the service refuses the
others with. Cast: partyorg.testing."""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.members.services import EventRefused, next_kinds, record_event
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("01-NQ/CB", date(2025, 12, 15), "Chi bộ bản Na Ten")
HIDDEN_OVERRIDE = 'type="hidden" name="override_rule"'


@pytest.fixture
def cast():
    """Hường and Pọm, official members of cell A since 2016; the review of 2025 of cell A held on
    15/12/2025, under Quy định 366-QĐ/TW (from 30/08/2025: each member's rating carries a score)."""
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    cycle = ratings.open_cycle(
        tree.cell_a, year=2025, reviewed_on=date(2025, 12, 15), legal_basis=BASIS, recorded_by="t"
    )
    return SimpleNamespace(tree=tree, huong=huong, pom=pom, cycle=cycle)


def rate_url(tree):
    return reverse("work_rate_members", args=[tree.cell_a.code]) + "?nam=2025&on=20/12/2025"


def test_a_missing_score_names_the_member_and_the_corrected_form_records_without_a_reason(cast):
    """QĐ 366 [V] (RULES.md §3.2): a member's rating needs its score. Pọm's is left empty: the
    refusal names him with his code and says the score is missing; Hường's 80 stays typed. Pọm's 75
    typed and "Ghi lại" pressed (no override_rule sent): both recorded, no override kept."""
    client = testing.client_for(cast.tree.commune, Role.EDIT, "xa")
    huong, pom = cast.huong, cast.pom
    typed = {
        f"level_{huong.pk}": "good",
        f"score_{huong.pk}": "80",
        f"level_{pom.pk}": "good",
        f"score_{pom.pk}": "",
        "basis_number": "02-BB/CB",
    }
    refused = client.post(rate_url(cast.tree), typed)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Bị từ chối theo quy định" in page
    assert f"Chưa ghi điểm của Lò Văn Pọm ({pom.code})" in page
    assert f'name="score_{huong.pk}" value="80"' in page and 'value="02-BB/CB"' in page
    pom_score = page.split(f'name="score_{pom.pk}"')[1].split(">")[0]
    assert 'aria-invalid="true"' in pom_score and page.count('aria-invalid="true"') == 1
    # Both ways on: saving again, and the override, which alone carries the rule's code.
    assert "Ghi lại" in page and "Vẫn ghi, có lý do" in page
    assert 'name="override_rule" value="ratings.score_2025"' in page and HIDDEN_OVERRIDE not in page
    assert not MemberRating.objects.exists()

    corrected = client.post(rate_url(cast.tree), {**typed, f"score_{pom.pk}": "75"})
    assert corrected.status_code == 302, corrected.content.decode()[-2000:]
    rated = dict(MemberRating.objects.values_list("person_id", "score"))
    assert rated == {huong.pk: 80, pom.pk: 75}
    assert set(MemberRating.objects.values_list("override_rule", "override_reason")) == {("", "")}


def test_a_score_that_is_not_a_number_is_named_with_its_member(cast):
    client = testing.client_for(cast.tree.commune, Role.EDIT, "xa")
    pom = cast.pom
    page = client.post(rate_url(cast.tree), {f"level_{pom.pk}": "good", f"score_{pom.pk}": "tám"})
    assert f"Điểm của Lò Văn Pọm ({pom.code}) không phải là số: “tám”" in page.content.decode()
    assert not MemberRating.objects.exists()


def test_the_override_button_alone_asks_for_the_reason(cast):
    """The override pressed without a reason: asked for, the rule named again, both buttons kept;
    with the reason: recorded with the override."""
    client = testing.client_for(cast.tree.commune, Role.EDIT, "xa")
    pom = cast.pom
    typed = {f"level_{pom.pk}": "good", f"score_{pom.pk}": ""}
    asked = client.post(rate_url(cast.tree), {**typed, "override_rule": "ratings.score_2025"})
    page = asked.content.decode()
    assert "Cần ghi lý do" in page and "Quy định 366-QĐ/TW" in page
    assert "Ghi lại" in page and 'name="override_rule" value="ratings.score_2025"' in page
    assert not MemberRating.objects.exists()
    done = client.post(
        rate_url(cast.tree),
        {**typed, "override_rule": "ratings.score_2025", "override_reason": "Phiếu chấm điểm thất lạc"},
    )
    assert done.status_code == 302
    assert MemberRating.objects.get().override_reason == "Phiếu chấm điểm thất lạc"


def test_a_neighbouring_cells_officer_rates_nobody(cast):
    neighbour = testing.client_for(cast.tree.cell_b, Role.EDIT, "ban-ben")
    pom = cast.pom
    for data in (
        {f"level_{pom.pk}": "good", f"score_{pom.pk}": "80"},
        {f"level_{pom.pk}": "good", "override_rule": "ratings.score_2025", "override_reason": "x"},
    ):
        assert neighbour.post(rate_url(cast.tree), data).status_code == 404
    assert not MemberRating.objects.exists()


# -- the record-event form ------------------------------------------------------------------------


def record_url(who):
    return reverse("record", args=[who.code])


@time_machine.travel("2024-04-01 09:00 +0700", tick=False)
def test_the_record_form_saves_again_after_a_correction_without_asking_a_reason():
    """Dung's ceremony on 11/03/2024: recognized on 01/04/2024 is refused (recognition after the 12
    months of probation, RULES.md §2.3); the day corrected to 11/03/2025 and "Ghi lại" pressed, the
    recognition is recorded with no override."""
    tree = testing.build_tree()
    dung = testing.person("Hà Thị Dung", sex="female")
    testing.record(dung, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=tree.cell_a)
    testing.record(dung, K.ADMISSION_CEREMONY, date(2024, 3, 11))
    client = testing.client_for(tree.commune, Role.EDIT, "xa")
    typed = {"kind": "recognized_official", "effective_on": "01/04/2024", "basis_number": "15-QĐ/ĐU"}
    refused = client.post(record_url(dung), typed)
    page = refused.content.decode()
    assert "Bị từ chối theo quy định" in page and "Ghi lại" in page and "Vẫn ghi, có lý do" in page
    assert 'value="15-QĐ/ĐU"' in page and HIDDEN_OVERRIDE not in page
    assert 'name="override_rule" value="probation.recognition_effective"' in page

    done = client.post(record_url(dung), {**typed, "effective_on": "11/03/2025"})
    assert done.status_code == 302, done.content.decode()[-2000:]
    event = dung.events.get(kind=K.RECOGNIZED_OFFICIAL)
    assert (event.effective_on, event.override_rule, event.override_reason) == (date(2025, 3, 11), "", "")


def test_a_neighbouring_cells_officer_records_no_event():
    tree = testing.build_tree()
    pom = testing.person()
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    before = MembershipEvent.objects.count()
    neighbour = testing.client_for(tree.cell_b, Role.EDIT, "ban-ben")
    assert neighbour.get(record_url(pom)).status_code == 404
    data = {"kind": "died", "effective_on": "01/12/2025", "override_rule": "x", "override_reason": "x"}
    assert neighbour.post(record_url(pom), data).status_code == 404
    assert MembershipEvent.objects.count() == before


@pytest.fixture
def people():
    """On 30/06/2025, in cell A: Pọm official (admitted 2015), Dung probationary (ceremony
    11/03/2025), Sinh removed on 01/02/2025, Tú decided for admission on 01/06/2025 with the
    ceremony not yet held."""
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    dung = testing.person("Hà Thị Dung", sex="female")
    testing.admit(dung, tree.cell_a, date(2025, 3, 1), ceremony_on=date(2025, 3, 11), recognize=False)
    sinh = testing.person("Quàng Văn Sinh")
    testing.admit(sinh, tree.cell_a, date(2010, 3, 2))
    testing.record(sinh, K.REMOVED, date(2025, 2, 1))
    tu = testing.person("Lường Văn Tú")
    testing.record(tu, K.ADMISSION_DECIDED, date(2025, 6, 1), organization=tree.cell_a)
    return SimpleNamespace(tree=tree, pom=pom, dung=dung, sinh=sinh, tu=tu)


ON = date(2025, 6, 30)
ALWAYS_FOR_MEMBERS = [
    K.TRANSFER_OUT, K.TEMPORARY_TRANSFER, K.EXEMPTED, K.SUSPENDED, K.INTERRUPTED, K.REMOVED,
    K.EXPELLED, K.WITHDRAWN, K.DIED, K.BADGE_AWARDED,
]  # fmt: skip


def test_what_can_follow_each_state(people):
    """Worked by hand from the Statute's order of things (members/timeline.py): an official member
    cannot be decided for admission again, nor recognized; a probationary one can be recognized; a
    removed one can only be re-admitted or restored (or die; no badge: it goes only to a member on
    its day, RULES.md §2.6); a decided one waits for the ceremony."""
    assert next_kinds(people.pom, ON) == ALWAYS_FOR_MEMBERS
    assert next_kinds(people.dung, ON) == [K.RECOGNIZED_OFFICIAL, *ALWAYS_FOR_MEMBERS]
    assert next_kinds(people.sinh, ON) == [K.DIED, K.READMISSION_DECIDED, K.RESTORED]
    assert next_kinds(people.tu, ON) == [K.ADMISSION_CEREMONY, K.TRANSFER_IN, K.DIED]


class _Undo(Exception):
    pass


def test_the_service_refuses_exactly_what_is_not_offered(people):
    """The same replay decides both: every kind offered is not refused as contradicting the history
    (a rule of the Statute may still refuse it, with an override), every other kind is."""
    from partyorg.members.services import RECORDED_ON_PAGE

    for who in (people.pom, people.dung, people.sinh, people.tu):
        offered = set(next_kinds(who, ON))
        for kind in RECORDED_ON_PAGE:
            try:
                with transaction.atomic():
                    record_event.within(
                        who, kind, ON, legal_basis=BASIS, recorded_by="t", organization=people.tree.cell_a
                    )
                    raise _Undo
            except (_Undo, RuleViolation):
                accepted = True
            except EventRefused:
                accepted = False
            assert accepted == (kind in offered), (who.full_name, kind)


def test_the_record_form_offers_what_can_come_next(people):
    client = testing.client_for(people.tree.commune, Role.EDIT, "xa")

    def options(who):
        page = client.get(record_url(who) + "?on=30/06/2025").content.decode()
        select = page.split('name="kind"')[1].split("</select>")[0]
        return [part.split('"')[0] for part in select.split('<option value="')[1:]]

    official = options(people.pom)
    assert official[0] == K.TRANSFER_OUT and K.ADMISSION_DECIDED not in official
    assert options(people.dung)[0] == K.RECOGNIZED_OFFICIAL
    # (Sinh, removed, is held by no organization: no cell records his next event on this page.)
    assert options(people.tu)[0] == K.ADMISSION_CEREMONY
    # A kind asked for by a link stays offered, for the service to judge with its reason.
    page = client.get(record_url(people.pom) + "?on=30/06/2025&kind=recognized_official").content.decode()
    assert 'value="recognized_official" selected' in page


def test_a_corrected_rating_refused_for_its_score_is_saved_again_without_a_reason(cast):
    """The correction form goes the same way: Pọm's rating corrected to "Hoàn thành tốt" with 65
    points is refused (QĐ 366 Art. 11 [V]: 65 reaches "Hoàn thành" only), his name given; 75 typed
    and "Ghi lại" pressed, the correction is recorded with no override."""
    wrong = ratings.rate_members(
        cast.cycle,
        [ratings.RatingEntry(cast.pom, "fulfilled", score=60)],
        legal_basis=BASIS,
        recorded_by="t",
    )[0]
    client = testing.client_for(cast.tree.commune, Role.EDIT, "xa")
    url = reverse("work_rating_correct", args=[wrong.uid]) + "?on=20/12/2025"
    typed = {"level": "good", "score": "65", "note": "Chấm lại điểm"}
    refused = client.post(url, typed).content.decode()
    assert f"Lò Văn Pọm ({cast.pom.code}): 65 điểm chỉ đạt mức" in refused
    assert "Ghi lại" in refused and HIDDEN_OVERRIDE not in refused and "Chấm lại điểm" in refused
    assert client.post(url, {**typed, "score": "75"}).status_code == 302
    fixed = MemberRating.objects.get(corrects=wrong)
    assert (fixed.level, fixed.score, fixed.override_rule) == ("good", 75, "")
