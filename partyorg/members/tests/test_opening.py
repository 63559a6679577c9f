"""Members who predate the records (issue 15): a log that begins with an opening balance
(``EventKind.OPENED``: a member of an organization from a day, admitted elsewhere on a day known or
not). Rules: partyorg.rules.opening; party age RULES.md §2.4, probation §2.3, badges §2.6.

The cast (partyorg.testing's tree; the records begin on 01/01/2010):

- Pọm: admitted in cell A on 01/03/2005 (a recorded admission);
- Ông Cả: official member of cell A from 01/01/2010, admitted 01/10/1979, ceremony 15/10/1979,
  recognized 15/10/1980;
- Bà Hai: official member of cell B from 01/01/2010, admission day unknown;
- Cô Ba: probationary member of the school's cell from 01/01/2017 (its records begin then), admitted
  01/06/2016, ceremony 20/06/2016 (probation ends 20/06/2017).
"""

from datetime import date

import pytest

from partyorg import testing
from partyorg.members import services
from partyorg.members.findings import rule_findings
from partyorg.members.models import EventKind as K
from partyorg.members.models import MemberStatus
from partyorg.members.queries import deadlines_under, person_on
from partyorg.members.services import EventRefused, timeline_of
from partyorg.reports.documents import members_flow as form_1
from partyorg.reports.statistics import Period, members_flow
from partyorg.reports.statistics.stocks import UNKNOWN, members_on, membership_breakdown
from partyorg.rules.base import RuleViolation

pytestmark = pytest.mark.django_db

OPENED_ON = date(2010, 1, 1)
SCHOOL_OPENED_ON = date(2017, 1, 1)


@pytest.fixture
def cast():
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2005, 3, 1))
    ca = testing.person("Lò Văn Cả", birth_date=date(1955, 2, 1))
    testing.record(
        ca,
        K.OPENED,
        OPENED_ON,
        organization=tree.cell_a,
        detail=MemberStatus.OFFICIAL,
        admitted_on=date(1979, 10, 1),
        ceremony_on=date(1979, 10, 15),
        recognized_on=date(1980, 10, 15),
        external_place="Đảng bộ tỉnh Lai Châu (cũ)",
    )
    hai = testing.person("Lò Thị Hai", sex="female", birth_date=date(1960, 3, 3))
    testing.record(hai, K.OPENED, OPENED_ON, organization=tree.cell_b)  # official, admitted when unknown
    ba = testing.person("Lò Thị Ba", sex="female", birth_date=date(1985, 4, 4))
    testing.record(
        ba,
        K.OPENED,
        SCHOOL_OPENED_ON,
        organization=tree.school,
        detail=MemberStatus.PROBATIONARY,
        admitted_on=date(2016, 6, 1),
        ceremony_on=date(2016, 6, 20),
    )
    return tree, pom, ca, hai, ba


def test_an_opened_member_counts_from_the_opening_day_and_not_before(cast):
    """Figures from the opening's day count them as members of their organization; before it, not."""
    tree, _, _, _, ba = cast
    assert members_on(tree.province, date(2009, 12, 31)).value == 1  # Pọm alone
    assert members_on(tree.province, OPENED_ON).value == 3
    assert members_on(tree.cell_a, OPENED_ON).value == 2  # Pọm and Ông Cả
    assert members_on(tree.school, date(2016, 12, 31)).value == 0
    assert members_on(tree.school, SCHOOL_OPENED_ON).value == 1
    on = person_on(ba, date(2016, 12, 31))
    assert not on.is_member
    on = person_on(ba, SCHOOL_OPENED_ON)
    assert on.is_member and on.status == MemberStatus.PROBATIONARY and on.organization is not None
    assert on.organization.organization_id == tree.school.pk


def test_party_age_and_badges_count_from_the_admission_the_opening_gives(cast):
    """RULES.md §2.4 [V]: party age from the admission decision; §2.6: the 40-year badge when 40 years
    are completed. Hand-worked: admitted 01/10/1979, no gap known: 40 years 0 months 0 days on
    01/10/2019 (opening.no_gaps_before [U]); the 30-year badge was due on 01/10/2009, before the
    records, and the 40-year one is the next after it is awarded."""
    _, _, ca, hai, _ = cast
    on = person_on(ca, date(2019, 10, 1))
    assert on.first_decision_on == date(1979, 10, 1)
    assert on.party_age is not None
    assert (on.party_age.years, on.party_age.months, on.party_age.days) == (40, 0, 0)
    testing.record(ca, K.BADGE_AWARDED, date(2010, 2, 3), detail="30")
    badge = person_on(ca, date(2019, 1, 1)).next_badge
    assert badge is not None and (badge.milestone, badge.due_on) == (40, date(2019, 10, 1))
    # Admission day unknown: nothing computed that would be a guess.
    unknown = person_on(hai, date(2019, 10, 1))
    assert unknown.is_member and unknown.status == MemberStatus.OFFICIAL
    assert unknown.first_decision_on is None and unknown.party_age is None and unknown.next_badge is None


def test_what_the_opening_does_not_know_is_named_in_the_findings(cast):
    """opening.admission_unknown and opening.ceremony_unknown [U]: each member whose days are unknown
    is named; an opening that knows them raises nothing."""
    tree, _, ca, hai, ba = cast
    facts = services.person_facts
    codes = [f.violation.code for f in rule_findings(facts(hai), timeline_of(hai).facts)]
    assert codes == ["opening.admission_unknown"]
    assert rule_findings(facts(ca), timeline_of(ca).facts) == []
    assert rule_findings(facts(ba), timeline_of(ba).facts) == []
    nam = testing.person("Lò Văn Năm")
    testing.record(nam, K.OPENED, OPENED_ON, organization=tree.cell_b, detail=MemberStatus.PROBATIONARY)
    found = rule_findings(facts(nam), timeline_of(nam).facts)
    assert [f.violation.code for f in found] == ["opening.admission_unknown", "opening.ceremony_unknown"]
    assert "chưa rõ ngày lễ kết nạp" in str(found[1].violation)


def test_a_probationary_opening_is_recognized_by_its_ceremony(cast):
    """RULES.md §2.3 [V]: probation is 12 months from the ceremony (20/06/2016 → 20/06/2017), the
    cell proposes within 30 working days after; QĐ 29 §4.2b (25/07/2016): recognized on that very
    day."""
    tree, _, _, _, ba = cast
    on = person_on(ba, date(2017, 3, 1))
    assert on.recognition_due_on == date(2017, 6, 20)
    assert [d.code for d in on.deadlines] == ["probation.recognition_deadline"]
    due = [row for row in deadlines_under(tree.province, date(2017, 3, 1)) if row.person_id == ba.pk]
    assert [row.due_on for row in due] == [on.deadlines[0].due_on]
    with pytest.raises(RuleViolation) as late:
        testing.record(ba, K.RECOGNIZED_OFFICIAL, date(2017, 7, 1))
    assert late.value.code == "probation.recognition_effective"
    testing.record(ba, K.RECOGNIZED_OFFICIAL, date(2017, 6, 20))
    assert person_on(ba, date(2017, 6, 20)).status == MemberStatus.OFFICIAL


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"admitted_on": date(2010, 2, 1)},
            "Ngày quyết định kết nạp (01/02/2010) sau ngày có hồ sơ (01/01/2010).",
        ),
        (
            {"admitted_on": date(2000, 5, 1), "ceremony_on": date(2000, 4, 1)},
            "Ngày lễ kết nạp (01/04/2000) trước ngày quyết định kết nạp (01/05/2000).",
        ),
        (
            {"detail": MemberStatus.PROBATIONARY, "recognized_on": date(2009, 1, 1)},
            "Đảng viên dự bị chưa được công nhận chính thức: bỏ ngày công nhận chính thức.",
        ),
        ({"detail": "honorary"}, "Trạng thái đảng viên không hợp lệ: honorary"),
    ],
)
def test_an_opening_that_contradicts_itself_is_refused(cast, fields, message):
    tree = cast[0]
    sau = testing.person("Lò Văn Sáu")
    with pytest.raises(EventRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        testing.record(sau, K.OPENED, OPENED_ON, organization=tree.cell_a, **fields)


def test_an_opening_begins_a_log_and_its_days_belong_to_it_alone(cast):
    tree, pom, ca, _, _ = cast
    with pytest.raises(EventRefused, match="phải là sự kiện đầu tiên"):
        testing.record(pom, K.OPENED, date(2011, 1, 1), organization=tree.cell_a)
    with pytest.raises(EventRefused, match="đã có quyết định kết nạp"):
        testing.record(ca, K.ADMISSION_DECIDED, date(2011, 1, 1), organization=tree.cell_a)
    bay = testing.person("Lò Văn Bảy")
    with pytest.raises(EventRefused, match="chỉ ghi cho “Đảng viên từ trước khi có hồ sơ”"):
        testing.record(
            bay, K.ADMISSION_DECIDED, date(2011, 1, 1), organization=tree.cell_a, admitted_on=date(2011, 1, 1)
        )
    with pytest.raises(EventRefused, match="phải ghi tổ chức đảng"):
        testing.record(bay, K.OPENED, OPENED_ON)
    # The page offers no opening: its form has no fields for the days before the records.
    assert K.OPENED not in services.next_kinds(bay, OPENED_ON)


def test_a_correction_gives_the_admission_day_learnt_later(cast):
    """The finding goes once the day is recorded; party age then counts from it (RULES.md §2.4:
    with no decision on file, the day printed on the party card)."""
    _, _, _, hai, _ = cast
    opening = hai.events.get(kind=K.OPENED)
    services.correct_event.within(
        opening,
        recorded_by=testing.OFFICER,
        legal_basis=testing.BASIS,
        note="Ngày kết nạp theo thẻ đảng viên",
        admitted_on=date(1985, 5, 19),
    )
    assert rule_findings(services.person_facts(hai), timeline_of(hai).facts) == []
    age = person_on(hai, date(2015, 5, 19)).party_age
    assert age is not None and (age.years, age.months, age.days) == (30, 0, 0)


def test_form_1_prints_the_opened_members_on_their_own_line(cast):
    """Form 1 of the first half of 2010 (RULES.md §6.2 [P]): A = 1 (Pọm on 31/12/2009), B = the two
    opened on 01/01/2010, neither admitted nor transferred, D = 3 = A + B − C. The line is printed only
    in a period that has some; two years later, none (its 'last year' column has none either)."""
    tree = cast[0]
    first = Period.half_year(2010, 1)
    flow = members_flow(tree.province, first)
    assert (flow.opening.value, flow.entries["opened"].value, flow.closing.value) == (1, 2, 3)
    assert flow.admissions.value == 0 and flow.entries["transferred_in"].value == 0
    assert flow.identity_holds
    rows = {r.key: r for r in form_1.build(tree.province, first).rows() if r.key}
    assert (rows["A"].this, rows["B"].this, rows["B5"].this, rows["D"].this) == (1, 2, 2, 3)
    assert rows["B5"].code == "4."  # no reorganization in the period: B.4 not printed, B.5 takes its number
    assert rows["B5"].label == "Đảng viên từ trước khi có hồ sơ"
    later = form_1.build(tree.province, Period.half_year(2012, 1))
    assert "B5" not in {r.key for r in later.rows()}
    assert not members_flow(tree.province, Period.half_year(2011, 1)).entries["opened"].value


def test_form_3_counts_the_admission_period_the_opening_gives(cast):
    """Form 3's admission periods (RULES.md §6.2 [P]): Ông Cả admitted 01/10/1979, "Từ 01/5/1975";
    Bà Hai, unknown, under "Chưa rõ"."""
    tree, pom, ca, hai, ba = cast
    periods = membership_breakdown(tree.province, date(2017, 1, 1)).by["admission_period"]
    assert periods["Từ 01/5/1975"].person_ids == {ca.pk, ba.pk, pom.pk}
    assert periods[UNKNOWN].person_ids == {hai.pk}


def test_badges_reached_and_the_fifty_year_dues_exemption_read_the_opening(cast):
    """RULES.md §2.6: Ông Cả (admitted 01/10/1979) has reached 40 years on 01/10/2019, Bà Hai (unknown)
    reaches nothing. §4 (QĐ 01-QĐ/TW 2026): members with 50 years of party age pay no dues; one opened
    with an admission of 01/03/1970 reaches 50 years on 01/03/2020 (hand-worked, no gap)."""
    from partyorg.dues.queries import _facts
    from partyorg.reports.statistics.badges import badges_reached

    tree, _, ca, hai, _ = cast
    reached = badges_reached(tree.province, date(2019, 10, 1))
    assert reached.reached[40].person_ids == {ca.pk}
    assert all(hai.pk not in figure.person_ids for figure in reached.reached.values())
    old = testing.person("Lò Văn Già", birth_date=date(1945, 1, 1))
    testing.record(old, K.OPENED, OPENED_ON, organization=tree.cell_b, admitted_on=date(1970, 3, 1))
    facts = _facts([old.pk, hai.pk], date(2020, 3, 31))
    assert facts[old.pk].fifty_years_on == date(2020, 3, 1)
    assert facts[hai.pk].fifty_years_on is None


def test_a_probationary_opening_disciplined_is_listed_for_its_recognition(cast):
    """RULES.md §2.3 [V]: the cell weighs a measure taken during probation when it considers the
    recognition. Cô Ba's probation runs from her ceremony (20/06/2016) the opening gives; one whose
    ceremony is unknown, from the opening's day, the first the records know."""
    from partyorg.discipline import queries as discipline
    from partyorg.discipline.services import discipline_member

    tree, _, _, _, ba = cast
    warning = discipline_member(
        ba, "warning", date(2017, 3, 3), legal_basis=testing.BASIS, recorded_by=testing.OFFICER
    )
    found = discipline.disciplined_during_probation({tree.school.pk}, date(2017, 6, 1))
    assert [(interval.person_id, measure.pk) for interval, measure in found] == [(ba.pk, warning.pk)]
    nam = testing.person("Lò Văn Năm")
    testing.record(nam, K.OPENED, OPENED_ON, organization=tree.cell_b, detail=MemberStatus.PROBATIONARY)
    reprimand = discipline_member(
        nam, "reprimand", date(2010, 5, 4), legal_basis=testing.BASIS, recorded_by=testing.OFFICER
    )
    found = discipline.disciplined_during_probation({tree.cell_b.pk}, date(2010, 6, 1))
    assert [(interval.person_id, measure.pk) for interval, measure in found] == [(nam.pk, reprimand.pk)]


def test_a_member_opened_soon_after_admission_is_not_yet_rated(cast):
    """RULES.md §8 item 9 [P]: members admitted less than 6 months before the review are not rated.
    Reviewed on 15/12/2017: Lò Văn Mười, opened 01/10/2017, ceremony 15/09/2017 (3 months) is left out;
    Cô Ba, ceremony 20/06/2016 (17 months), is rated."""
    from partyorg.ratings import services as ratings
    from partyorg.ratings.queries import roster
    from partyorg.rules.ratings import NEW_MEMBER

    tree, _, _, _, ba = cast
    muoi = testing.person("Lò Văn Mười", birth_date=date(1990, 1, 1))
    testing.record(
        muoi,
        K.OPENED,
        date(2017, 10, 1),
        organization=tree.school,
        detail=MemberStatus.PROBATIONARY,
        admitted_on=date(2017, 9, 1),
        ceremony_on=date(2017, 9, 15),
    )
    cycle = ratings.open_cycle(
        tree.school,
        year=2017,
        reviewed_on=date(2017, 12, 15),
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    lines = {line.person_id: line.exclusion for line in roster(cycle)}
    assert lines[ba.pk] is None
    excluded = lines[muoi.pk]
    assert excluded is not None and excluded.reason == NEW_MEMBER
