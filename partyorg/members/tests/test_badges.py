"""A Party badge goes to a member on its day, or posthumously to one who died a member: recorded
through the service, which replays the person's log with it (members/timeline.py).

RULES.md §2.6 [V] (HD 01-HD/TW 2021 item 18): the badge is for a member who has the net party age of
the milestone and "keeps the standing of a member"; §2.6 [P] and §2.11 [V]: posthumous badges
(truy tặng) are possible. Party age is not what is judged here: the people below came in by a
transfer from another province, their first decision not in the log, so only membership on the day
decides (the milestone rules are tested in rules/tests)."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.members.services import EventRefused

pytestmark = pytest.mark.django_db

REFUSED = "Chỉ tặng Huy hiệu Đảng cho người là đảng viên vào ngày tặng"


@pytest.fixture
def tree():
    return testing.build_tree()


def member(tree, name: str = "Lò Văn Pọm"):
    who = testing.person(name, birth_date=date(1950, 3, 2))
    testing.record(who, K.TRANSFER_IN, date(2001, 3, 5), organization=tree.cell_a, detail="official")
    return who


def badge(who, on: date) -> MembershipEvent:
    return testing.record(who, K.BADGE_AWARDED, on, organization=None, detail="40")


def test_a_member_on_the_day_is_given_the_badge(tree):
    pom = member(tree)
    assert badge(pom, date(2010, 5, 19)).kind == K.BADGE_AWARDED


def test_no_badge_after_an_expulsion(tree):
    # The demo's case (issue 15): expelled on 02/09/2016, a badge on 19/05/2024 is refused.
    pom = member(tree)
    testing.record(pom, K.EXPELLED, date(2016, 9, 2))
    with pytest.raises(EventRefused, match=REFUSED):
        badge(pom, date(2024, 5, 19))
    assert not MembershipEvent.objects.filter(person=pom, kind=K.BADGE_AWARDED).exists()


@pytest.mark.parametrize("exit_kind", [K.REMOVED, K.WITHDRAWN])
def test_no_badge_after_a_removal_or_a_withdrawal(tree, exit_kind):
    pom = member(tree)
    testing.record(pom, exit_kind, date(2016, 9, 2), detail="other" if exit_kind == K.REMOVED else "")
    with pytest.raises(EventRefused, match=REFUSED):
        badge(pom, date(2017, 2, 3))


def test_an_expulsion_before_a_recorded_badge_is_refused(tree):
    # The same history recorded in the other order: the expulsion would leave the badge of 2024
    # given to someone no longer a member.
    pom = member(tree)
    badge(pom, date(2024, 5, 19))
    with pytest.raises(EventRefused, match=REFUSED):
        testing.record(pom, K.EXPELLED, date(2016, 9, 2))


def test_no_badge_to_a_candidate_before_the_ceremony(tree):
    cam = testing.person("Cà Thị Cầm")
    testing.record(cam, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=tree.cell_a)
    with pytest.raises(EventRefused, match=REFUSED):
        badge(cam, date(2024, 3, 10))


def test_a_badge_on_the_day_of_the_expulsion_comes_before_it(tree):
    # Same-day events: the badge is applied before an exit (timeline.DAY_ORDER), as the member
    # still was one that morning.
    pom = member(tree)
    testing.record(pom, K.EXPELLED, date(2016, 9, 2))
    assert badge(pom, date(2016, 9, 2)).effective_on == date(2016, 9, 2)


def test_a_posthumous_badge_to_one_who_died_a_member(tree):
    # RULES.md §2.6 "Posthumous (truy tặng)" [P], §2.11 "Posthumous badges possible" [V].
    pom = member(tree)
    testing.record(pom, K.DIED, date(2009, 8, 14))
    assert badge(pom, date(2009, 9, 2)).kind == K.BADGE_AWARDED


def test_no_posthumous_badge_to_one_expelled_before_death(tree):
    pom = member(tree)
    testing.record(pom, K.EXPELLED, date(2005, 4, 1))
    testing.record(pom, K.DIED, date(2009, 8, 14))
    with pytest.raises(EventRefused, match=REFUSED):
        badge(pom, date(2009, 9, 2))
